package cekuraotel_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cekura-go/cekura/cekuraotel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// discard is an exporter that counts spans and sends nothing, so that the
// benchmarks measure the agent's side: the span's start, its attributes,
// its end and the batch processor, not a network.
type discard struct{ n atomic.Int64 }

func (d *discard) ExportSpans(_ context.Context, s []sdktrace.ReadOnlySpan) error {
	d.n.Add(int64(len(s)))
	return nil
}
func (d *discard) Shutdown(context.Context) error { return nil }

// benchProvider is a provider with the batch processor (NewTracerProvider's
// default settings, but blocking when its queue is full rather than
// dropping spans, so that every span is measured all the way to the
// exporter) in front of a discarding exporter.
func benchProvider(b *testing.B) (*sdktrace.TracerProvider, *discard) {
	d := &discard{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(d, sdktrace.WithBlocking()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, d
}

// helperTurn is one cascade turn through the helpers: four spans.
func helperTurn(ctx context.Context) {
	_, stt := cekuraotel.STT(ctx, "deepgram")
	stt.SetTranscript("where is my order?")
	stt.SetConfidence(0.93)
	stt.End()
	lctx, llm := cekuraotel.LLM(ctx, "openai", "gpt-4o")
	_, tool := cekuraotel.ToolCall(lctx, "lookup_order")
	tool.SetInput(`{"order_id":"1042"}`)
	tool.SetOutput(`{"status":"shipped"}`)
	tool.End()
	llm.SetUsage(412, 38)
	llm.End()
	_, tts := cekuraotel.TTS(ctx, "elevenlabs")
	tts.SetCharacters(27)
	tts.End()
}

// rawTurn is the same turn with the OpenTelemetry API used directly: the
// same spans, names and attributes.
func rawTurn(ctx context.Context, tr trace.Tracer) {
	_, stt := tr.Start(ctx, "stt", trace.WithAttributes(attribute.String("stt.provider", "deepgram")))
	stt.SetAttributes(attribute.String("stt.transcript", "where is my order?"))
	stt.SetAttributes(attribute.Float64("stt.confidence", 0.93))
	stt.End()
	lctx, llm := tr.Start(ctx, "llm", trace.WithAttributes(attribute.String("gen_ai.system", "openai"), attribute.String("gen_ai.request.model", "gpt-4o")))
	_, tool := tr.Start(lctx, "tool_call", trace.WithAttributes(attribute.String("function.name", "lookup_order")))
	tool.SetAttributes(attribute.String("function.input", `{"order_id":"1042"}`))
	tool.SetAttributes(attribute.String("function.output", `{"status":"shipped"}`))
	tool.End()
	llm.SetAttributes(attribute.Int("gen_ai.usage.input_tokens", 412), attribute.Int("gen_ai.usage.output_tokens", 38))
	llm.End()
	_, tts := tr.Start(ctx, "tts", trace.WithAttributes(attribute.String("tts.provider", "elevenlabs")))
	tts.SetAttributes(attribute.Int("tts.characters", 27))
	tts.End()
}

const spansPerTurn = 4

// report reports spans/s, and fails if a span of the turns was not
// exported.
func report(b *testing.B, tp *sdktrace.TracerProvider, d *discard) {
	b.ReportMetric(float64(b.N*spansPerTurn)/b.Elapsed().Seconds(), "spans/s")
	if err := tp.ForceFlush(context.Background()); err != nil {
		b.Fatal(err)
	}
	if got := d.n.Load(); got < int64(b.N*spansPerTurn) {
		b.Fatalf("%d spans exported of %d", got, b.N*spansPerTurn)
	}
}

// BenchmarkSpans: spans per second through the helpers and through the
// OpenTelemetry SDK used directly, one goroutine and all of them (an agent
// serving many calls at once). Each op is one turn of four spans under a
// conversation span; spans/s counts the four.
func BenchmarkSpans(b *testing.B) {
	for _, bc := range []struct {
		name string
		turn func(context.Context, trace.Tracer)
	}{
		{"api=helpers", func(ctx context.Context, _ trace.Tracer) { helperTurn(ctx) }},
		{"api=otel", rawTurn},
	} {
		b.Run(bc.name+"/serial", func(b *testing.B) {
			tp, d := benchProvider(b)
			tr := tp.Tracer("bench")
			ctx, call := cekuraotel.StartCall(context.Background(), tp)
			defer call.Span().End()
			b.ReportAllocs()
			for b.Loop() {
				bc.turn(ctx, tr)
			}
			report(b, tp, d)
		})
		b.Run(bc.name+"/parallel", func(b *testing.B) {
			tp, d := benchProvider(b)
			tr := tp.Tracer("bench")
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				ctx, call := cekuraotel.StartCall(context.Background(), tp)
				defer call.Span().End()
				for pb.Next() {
					bc.turn(ctx, tr)
				}
			})
			report(b, tp, d)
		})
	}
}

// BenchmarkSpansPaired runs a helpers turn and an OpenTelemetry turn in
// each iteration, alternating which goes first, through one provider, so
// that both see the same load and the same batch processor: on a noisy
// machine the ratio holds where separate runs of BenchmarkSpans do not.
func BenchmarkSpansPaired(b *testing.B) {
	tp, d := benchProvider(b)
	tr := tp.Tracer("bench")
	ctx, call := cekuraotel.StartCall(context.Background(), tp)
	defer call.Span().End()
	var helpersT, otelT time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if i%2 == 0 {
			helperTurn(ctx)
			t1 := time.Now()
			rawTurn(ctx, tr)
			helpersT += t1.Sub(t0)
			otelT += time.Since(t1)
		} else {
			rawTurn(ctx, tr)
			t1 := time.Now()
			helperTurn(ctx)
			otelT += t1.Sub(t0)
			helpersT += time.Since(t1)
		}
		i++
	}
	spans := float64(b.N * spansPerTurn)
	b.ReportMetric(spans/helpersT.Seconds(), "helpers-spans/s")
	b.ReportMetric(spans/otelT.Seconds(), "otel-spans/s")
	b.ReportMetric(helpersT.Seconds()/max(otelT.Seconds(), 1e-9), "helpers/otel")
	if err := tp.ForceFlush(context.Background()); err != nil {
		b.Fatal(err)
	}
	if got := d.n.Load(); got < 2*int64(spans) {
		b.Fatalf("%d spans exported of %d", got, 2*int64(spans))
	}
}
