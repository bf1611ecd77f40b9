package cekuraotel_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
	"github.com/cekura-go/cekura/cekuraotel/otlptest"
	"github.com/cekura-go/cekura/cekuratest"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// One call's trace, exported to the test receiver: its spans arrive under
// the conversation with Cekura's attributes.
func Example() {
	ctx := context.Background()
	rcv := otlptest.NewReceiver() // Cekura's endpoint, in the test
	defer rcv.Close()

	tp, err := cekuraotel.NewTracerProvider(ctx, rcv.Config(2142))
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = tp.Shutdown(ctx) }()

	ctx, call := cekuraotel.StartCall(ctx, tp)
	_, stt := cekuraotel.STT(ctx, "deepgram")
	stt.SetTranscript("where is my order?")
	stt.End()
	_, llm := cekuraotel.LLM(ctx, "openai", "gpt-4o")
	llm.SetUsage(412, 38)
	llm.End()
	_, tts := cekuraotel.TTS(ctx, "elevenlabs")
	tts.SetCharacters(27)
	tts.End()
	traceID, err := call.End(ctx) // ends the conversation and flushes
	if err != nil {
		log.Fatal(err)
	}

	for _, s := range rcv.Trace(traceID) {
		fmt.Println(s.Name, s.Attributes)
	}
	// Output:
	// stt map[stt.provider:deepgram stt.transcript:where is my order?]
	// llm map[gen_ai.request.model:gpt-4o gen_ai.system:openai gen_ai.usage.input_tokens:412 gen_ai.usage.output_tokens:38]
	// tts map[tts.characters:27 tts.provider:elevenlabs]
	// conversation map[]
}

// EndAndSend ends the call, flushes the trace, and sends the call log with
// its trace_id: here to the fake API and the test receiver.
func ExampleCall_EndAndSend() {
	ctx := context.Background()
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "Answers order questions"})
	if err != nil {
		log.Fatal(err)
	}
	rcv := otlptest.NewReceiver()
	defer rcv.Close()
	tp, err := cekuraotel.NewTracerProvider(ctx, rcv.Config(agent.ID))
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = tp.Shutdown(ctx) }()

	cctx, call := cekuraotel.StartCall(ctx, tp)
	_, s2s := cekuraotel.S2S(cctx, "openai", "gpt-realtime")
	s2s.SetUsage(1200, 300)
	s2s.End()
	sent, err := call.EndAndSend(ctx, client, &cekura.SendCallRequest{CallID: "call_8f2c", AgentID: agent.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent", sent.CallID)
	fmt.Println("spans of its trace at the receiver:", len(rcv.Trace(call.TraceID())))
	// Output:
	// sent call_8f2c
	// spans of its trace at the receiver: 2
}

// Cekura's processor added to a TracerProvider the application already has,
// beside its own exporters.
func ExampleNewSpanProcessor() {
	ctx := context.Background()
	cekuraSpans, err := cekuraotel.NewSpanProcessor(ctx, cekuraotel.Config{
		APIKey:  cekura.Secret("ck_live_example"), // cekura.Secret(os.Getenv("CEKURA_API_KEY"))
		AgentID: 2142,
	})
	if err != nil {
		log.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider( /* sdktrace.WithBatcher(yourExporter), … */ )
	tp.RegisterSpanProcessor(cekuraSpans)
	defer func() { _ = tp.Shutdown(ctx) }()
	fmt.Println("exporting to Cekura over", cekuraotel.GRPC)
	// Output: exporting to Cekura over grpc
}

// A Config that cannot work is an error at construction, and the error
// never contains the key.
func ExampleNewExporter_invalid() {
	_, err := cekuraotel.NewExporter(context.Background(), cekuraotel.Config{
		APIKey:    cekura.Secret("ck_live_secret"),
		AgentID:   2142,
		ProjectID: 1376,
		Endpoint:  "http://collector.internal:4318",
	})
	fmt.Println(err)
	// Output: cekuraotel: invalid tracing configuration: set AgentID or ProjectID, not both; Endpoint is plain http:// to a host that is not loopback: the API key would travel in clear (got http://collector.internal:4318)
}

// TraceID gives the trace id for SendCallRequest.TraceID from any context
// under the call's.
func ExampleTraceID() {
	ctx := context.Background()
	tp := sdktrace.NewTracerProvider()
	cctx, call := cekuraotel.StartCall(ctx, tp)
	lctx, llm := cekuraotel.LLM(cctx, "openai", "gpt-4o")
	fmt.Println(cekuraotel.TraceID(lctx) == call.TraceID(), len(cekuraotel.TraceID(lctx)))
	llm.End()
	_, _ = call.End(ctx)
	// Output: true 32
}
