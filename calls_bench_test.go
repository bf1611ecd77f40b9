package cekura_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// countingListener counts the connections a server accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// BenchmarkSendCalls is a backend sending its calls to Cekura: one shared
// client, 64 goroutines, against the fake over loopback. Run it with
// -benchtime 10000x for the README's 10,000 calls; conns/10k-calls is the
// TCP connections the fake accepted.
func BenchmarkSendCalls(b *testing.B) {
	var conns atomic.Int64
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	fake := cekuratest.NewServer(cekuratest.WithListener(countingListener{l, &conns}),
		cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "A", Description: "d"}))
	defer fake.Close()
	client, err := cekura.NewClient(fake.APIKey(), cekura.WithBaseURL(fake.URL())) // the SDK's own transport
	if err != nil {
		b.Fatal(err)
	}
	transcript, _ := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 0, EndTime: 2},
		cekura.Turn{Role: cekura.RoleAgent, Content: "It ships today.", StartTime: 2.5, EndTime: 4})
	var seq atomic.Int64
	b.SetParallelism(32) // × GOMAXPROCS (2) = 64 goroutines
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, err := client.Calls.Send(context.Background(), &cekura.SendCallRequest{
				CallID: "call_" + strconv.FormatInt(seq.Add(1), 10), AgentID: 1, Transcript: transcript, CustomerNumber: "+14155550000"})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(conns.Load())*10000/float64(b.N), "conns/10k-calls")
}

// zeros is an endless recording, generated as it is read.
type zeros struct{ left int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), z.left))
	clear(p[:n])
	z.left -= int64(n)
	return n, nil
}

// BenchmarkSendCallRecording sends a call with a 10 MB recording, streamed
// from its reader, to a loopback server that reads and drops it: B/op is
// the SDK's memory per call, which stays far below the recording's size.
func BenchmarkSendCallRecording(b *testing.B) {
	const size = 10 << 20
	var received atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received.Add(n)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id": 1, "call_id": "c", "status": "evaluating"}`)
	}))
	defer srv.Close()
	client, err := cekura.NewClient("sk_bench", cekura.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		_, err := client.Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "c", AgentID: 1,
			TranscriptType: cekura.TranscriptTypeNoneMono, Recording: &zeros{left: size}, RecordingName: "call.wav"})
		if err != nil {
			b.Fatal(err)
		}
	}
	if received.Load() < int64(b.N)*size {
		b.Fatalf("the server received %d bytes, want at least %d", received.Load(), int64(b.N)*size)
	}
}
