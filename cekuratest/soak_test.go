package cekuratest

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var soak = flag.Bool("soak", false, "run TestSoak: 1,000 results and 1,000 calls through the fake under random failures")

// chaoticReceiver puts failures in front of a webhook.Handler: for a share
// rate of the attempts (drawn from the attempt's key and a counter, so a
// run is repeatable), a 429 with Retry-After before the handler, a 503
// after it (the handler took the event, its answer is lost), or a
// connection dropped after it.
func chaoticReceiver(h http.Handler, rate float64) http.Handler {
	var n atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := fnv.New64a()
		fmt.Fprintf(f, "%s#%d", r.Header.Get(webhook.IdempotencyKeyHeader), n.Add(1))
		x := f.Sum64()
		if float64(x%10000)/10000 >= rate {
			h.ServeHTTP(w, r)
			return
		}
		switch x / 10000 % 3 {
		case 0:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 1:
			h.ServeHTTP(discard{header: http.Header{}}, r)
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			h.ServeHTTP(discard{header: http.Header{}}, r)
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}
	})
}

type discard struct{ header http.Header }

func (d discard) Header() http.Header       { return d.header }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// TestSoak sends 1,000 results and 1,000 calls through the fake with a
// random 10% of every GET and every webhook delivery failing (429, 5xx,
// dropped): every verdict is the scripted one, and every evaluation
// reaches OnEvent exactly once. CI runs it once: go test ./cekuratest -run
// TestSoak -soak.
func TestSoak(t *testing.T) {
	if !*soak {
		t.Skip("run with -soak")
	}
	const n, workers, rate = 1000, 8, 0.1
	var mu sync.Mutex
	handled := map[string]int{} // OnEvent calls per idempotency key
	verdictByResult := map[int64]bool{}
	h := &webhook.Handler{Secret: "whsec_soak", OnEvent: func(_ context.Context, e *webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		handled[e.Key]++
		if e.Type == webhook.EventTypeResultCompleted {
			r, err := e.Result()
			if err != nil {
				return err
			}
			verdictByResult[r.ID] = cekura.NewVerdict(r).Passed
		}
		return nil
	}}
	rc := httptest.NewServer(chaoticReceiver(h, rate))
	defer rc.Close()

	fake := New(t, WithChaos(18, rate))
	client := fake.Client(cekura.WithMaxRetries(12))
	ctx := t.Context()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Soak", Description: "d", WebhookURL: rc.URL, WebhookSecret: "whsec_soak"})
	require.NoError(t, err)
	pass, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "passes", PersonalityID: 1, AgentID: agent.ID, Instructions: "ask"})
	require.NoError(t, err)
	fail, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "fails", PersonalityID: 1, AgentID: agent.ID, Instructions: "ask"})
	require.NoError(t, err)
	fake.Script(Outcome{Fail: map[int64]string{fail.ID: "scripted failure"}})

	begin := time.Now()
	want := make([]bool, n)        // result i passes when i%3 != 0
	gotResults := make([]int64, n) // result ids
	var errs sync.Map
	run := func(each func(i int) error) {
		var wg sync.WaitGroup
		next := atomic.Int64{}
		for range workers {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
					if err := each(i); err != nil {
						errs.Store(i, err)
					}
				}
			})
		}
		wg.Wait()
	}
	run(func(i int) error {
		sc := pass.ID
		want[i] = i%3 != 0
		if !want[i] {
			sc = fail.ID
		}
		started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{sc}})
		if err != nil {
			return err
		}
		gotResults[i] = started.ID
		v, err := client.Results.Wait(ctx, started.ID, nil)
		if err != nil {
			return err
		}
		if v.Passed != want[i] {
			return fmt.Errorf("result %d: verdict %t, scripted %t", started.ID, v.Passed, want[i])
		}
		return nil
	})
	resultsTook := time.Since(begin)
	wantCall := make([]bool, n) // a call passes when it has a recording
	callIDs := make([]int64, n)
	begin = time.Now()
	run(func(i int) error {
		req := &cekura.SendCallRequest{CallID: fmt.Sprintf("soak-%d", i), AgentID: agent.ID}
		if wantCall[i] = i%4 != 0; wantCall[i] {
			req.VoiceRecordingURL = "https://rec.example/soak.wav"
		} else {
			req.Transcript = []byte("[]")
		}
		sent, err := client.Calls.Send(ctx, req)
		if err != nil {
			return err
		}
		callIDs[i] = sent.ID
		c, err := client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
		if err != nil && c == nil {
			return err
		}
		if ok := c.Success != nil && *c.Success; ok != wantCall[i] {
			return fmt.Errorf("call %d: success %t, scripted %t", sent.ID, ok, wantCall[i])
		}
		return nil
	})
	callsTook := time.Since(begin)
	errs.Range(func(k, v any) bool { t.Errorf("%d: %v", k, v); return true })

	deliveries := fake.Deliveries()
	mu.Lock()
	defer mu.Unlock()
	for i, id := range gotResults {
		for _, key := range []string{fmt.Sprintf("result_pre_trigger:%d", id), fmt.Sprintf("result_completed:%d", id)} {
			assert.Equal(t, 1, handled[key], key)
		}
		assert.Equal(t, want[i], verdictByResult[id], "the webhook's verdict of result %d", id)
	}
	for _, id := range callIDs {
		key := fmt.Sprintf("call_log_completed:%d:1", id)
		assert.Equal(t, 1, handled[key], key)
	}
	assert.Len(t, handled, 3*n, "no other event reached OnEvent")
	retries, gets := 0, 0
	for _, d := range deliveries {
		if d.Attempt > 1 {
			retries++
		}
	}
	for _, r := range fake.Requests() {
		if r.Method == http.MethodGet {
			gets++
		}
	}
	t.Logf("results: %d in %v (%.0f/s); calls: %d in %v (%.0f/s)", n, resultsTook.Round(time.Millisecond), n/resultsTook.Seconds(),
		n, callsTook.Round(time.Millisecond), n/callsTook.Seconds())
	t.Logf("webhook attempts: %d for %d events (%d retries); GETs received: %d; client waits (polls and retries): %d",
		len(deliveries), 3*n, retries, gets, len(fake.RetryWaits()))
}
