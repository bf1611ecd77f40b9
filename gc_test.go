package cekura

import (
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
)

// TestDecodingUnderGarbageCollection decodes pages of agents from several
// goroutines with the collector running all the time: the decoder writes
// pointers through unsafe code, and a write the collector does not see
// frees memory still in use (a page's agents then read as garbage). Each
// agent must come back with its own id and name.
func TestDecodingUnderGarbageCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	page := benchPageJSON(100)
	one, err := decodeAgent(benchAgentJSON)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 40 {
				p, err := decodePage[Agent](agentsPath, append([]byte(nil), page...))
				if err != nil {
					errs <- err.Error()
					return
				}
				garbage := make([][]byte, 64) // keep the collector busy
				for i := range garbage {
					garbage[i] = make([]byte, 1024)
				}
				for i, a := range p.Results {
					if a.ID != int64(i+1) || a.Name != one.Name || a.Telephony == nil || a.Provider == nil {
						errs <- "agent " + strconv.Itoa(i) + " corrupt: " + strconv.FormatInt(a.ID, 10) + " " + a.Name
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
