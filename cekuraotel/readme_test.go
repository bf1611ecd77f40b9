package cekuraotel_test

// The test shown in README.md ("Tracing a Go agent"), kept compiling and
// passing here.

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
	"github.com/cekura-go/cekura/cekuraotel/otlptest"
	"github.com/cekura-go/cekura/cekuratest"
	"go.opentelemetry.io/otel/trace"
)

// handleCall stands in for the user's agent in the README's test.
func handleCall(ctx context.Context, tp trace.TracerProvider, client *cekura.Client) {
	ctx, call := cekuraotel.StartCall(ctx, tp)
	turn(ctx)
	agents, _ := client.Agents.List(ctx, nil)
	_, _ = call.EndAndSend(ctx, client, &cekura.SendCallRequest{CallID: "call_1", AgentID: agents.Results[0].ID})
}

func TestCallIsTraced(t *testing.T) {
	ctx := context.Background()
	fake, rcv := cekuratest.New(t), otlptest.New(t)
	client := fake.Client()
	agent, _ := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
	tp, err := cekuraotel.NewTracerProvider(ctx, rcv.Config(agent.ID)) // OTLP/HTTP to the receiver, with its key
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Shutdown(ctx)

	handleCall(ctx, tp, client) // your agent: StartCall … EndAndSend
	var sent struct {
		TraceID string `json:"trace_id"`
	} // the call log as the fake received it
	for _, r := range fake.Requests() {
		if r.Path == "/observability/v1/observe/" {
			_ = json.Unmarshal(r.Body, &sent)
		}
	}
	spans := rcv.Trace(sent.TraceID) // the trace it names, arrived before it
	if len(spans) == 0 || spans[len(spans)-1].Name != "conversation" {
		t.Fatalf("the call log's trace_id %q names %d spans", sent.TraceID, len(spans))
	}
}
