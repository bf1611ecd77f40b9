// Command trace-agent is a simulated voice agent that traces each call into
// Cekura: a turn loop of stand-in STT, LLM (with a tool call) and TTS
// functions, each in a span by Cekura's conventions, under one
// conversation span; at the end of the call it flushes the trace and sends
// the call log with the trace's id in trace_id.
//
//	cd cekuraotel && go run ./examples/trace-agent
//
// Without CEKURA_API_KEY it runs on the in-process fakes, needing no account
// and no network: cekuratest for the call log, otlptest for the spans, and
// prints what arrived. With a key it exports to Cekura (gRPC, or HTTP with
// CEKURA_OTEL_PROTOCOL=http) and sends the call log to the API: set
// CEKURA_AGENT_ID to one of your agents; the trace then shows beside the
// call's evaluation.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
	"github.com/cekura-go/cekura/cekuraotel/otlptest"
	"github.com/cekura-go/cekura/cekuratest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "trace-agent:", err)
		os.Exit(1)
	}
}

// backend is where the spans and the call log go.
type backend struct {
	cfg     cekuraotel.Config
	client  *cekura.Client
	agentID int64
	// On the fakes only:
	fake  *cekuratest.Server
	rcv   *otlptest.Receiver
	close func()
}

func setup(ctx context.Context, out io.Writer) (*backend, error) {
	key := os.Getenv("CEKURA_API_KEY")
	if key == "" {
		fmt.Fprintln(out, "No CEKURA_API_KEY: using the in-process fake API and a local OTLP receiver.")
		fake := cekuratest.NewServer()
		rcv := otlptest.NewReceiver()
		b := &backend{client: fake.Client(), fake: fake, rcv: rcv, close: func() { rcv.Close(); fake.Close() }}
		agent, err := b.client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot (trace-agent example)", Description: "Answers order questions"})
		if err != nil {
			b.close()
			return nil, err
		}
		b.agentID = agent.ID
		b.cfg = rcv.Config(agent.ID)
		return b, nil
	}
	agentID, err := strconv.ParseInt(os.Getenv("CEKURA_AGENT_ID"), 10, 64)
	if err != nil || agentID <= 0 {
		return nil, errors.New("with CEKURA_API_KEY set, set CEKURA_AGENT_ID to the id of one of your agents")
	}
	client, err := cekura.NewClientFromEnv()
	if err != nil {
		return nil, err
	}
	cfg := cekuraotel.Config{APIKey: cekura.Secret(key), AgentID: agentID}
	if strings.EqualFold(os.Getenv("CEKURA_OTEL_PROTOCOL"), "http") {
		cfg.Protocol = cekuraotel.HTTP
	}
	fmt.Fprintf(out, "Exporting to Cekura over %s for agent %d.\n", cfg.Protocol, agentID)
	return &backend{cfg: cfg, client: client, agentID: agentID, close: func() {}}, nil
}

func run(ctx context.Context, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	b, err := setup(ctx, out)
	if err != nil {
		return err
	}
	defer b.close()

	b.cfg.ServiceName = "trace-agent-example"
	tp, err := cekuraotel.NewTracerProvider(ctx, b.cfg)
	if err != nil {
		return err
	}
	defer func() { _ = tp.Shutdown(context.Background()) }()

	// One call.
	callID := fmt.Sprintf("trace-agent-%d", time.Now().UnixNano())
	started := time.Now()
	cctx, call := cekuraotel.StartCall(ctx, tp, trace.WithAttributes(attribute.String("call.id", callID)))
	var turns []cekura.Turn
	at := func() float64 { return time.Since(started).Seconds() }
	for _, audio := range callerAudio {
		t0 := at()
		heard := listen(cctx, audio)
		turns = append(turns, cekura.Turn{Role: cekura.RoleCaller, Content: heard, StartTime: t0, EndTime: at()})
		reply := think(cctx, heard)
		t1 := at()
		speak(cctx, reply)
		turns = append(turns, cekura.Turn{Role: cekura.RoleAgent, Content: reply, StartTime: t1, EndTime: at()})
		fmt.Fprintf(out, "  caller: %s\n  agent:  %s\n", heard, reply)
	}
	transcript, err := cekura.NewTranscript(turns...)
	if err != nil {
		return err
	}

	// The order Cekura needs: the spans end, the provider is flushed, then
	// the call log goes with the trace id. EndAndSend does all three.
	sent, err := call.EndAndSend(ctx, b.client, &cekura.SendCallRequest{
		CallID: callID, AgentID: b.agentID, Transcript: transcript,
		CallEndedReason: "customer-ended-call", Timestamp: started.UTC(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Sent call %s as call log %d with trace_id %s.\n", sent.CallID, sent.ID, call.TraceID())
	if b.rcv != nil {
		return report(out, b, call.TraceID())
	}
	return nil
}

// report shows what the fakes received: the trace's spans, and the call
// log's trace_id.
func report(out io.Writer, b *backend, traceID string) error {
	spans := b.rcv.Trace(traceID)
	fmt.Fprintf(out, "The OTLP receiver holds %d spans of that trace:\n", len(spans))
	for _, s := range spans {
		fmt.Fprintf(out, "  %-12s %s\n", s.Name, attrs(s.Attributes))
	}
	var sentTraceID string
	for _, r := range b.fake.Requests() {
		if r.Method == "POST" && r.Path == "/observability/v1/observe/" {
			var body struct {
				TraceID string `json:"trace_id"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return err
			}
			sentTraceID = body.TraceID
		}
	}
	if sentTraceID != traceID || len(spans) == 0 {
		return fmt.Errorf("the call log's trace_id %q does not name the trace received (%d spans)", sentTraceID, len(spans))
	}
	fmt.Fprintln(out, "The call log's trace_id names that trace.")
	return nil
}

func attrs(m map[string]any) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		if v := fmt.Sprint(m[k]); len(v) > 40 {
			parts = append(parts, k+"="+v[:37]+"...")
		} else {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}
