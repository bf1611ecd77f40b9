package cekuraotel

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// The span names Cekura renders specially. Other names are accepted and
// shown without special styling.
const (
	SpanConversation = "conversation" // the root span of one call
	SpanSTT          = "stt"          // speech-to-text
	SpanLLM          = "llm"          // a model call
	SpanTTS          = "tts"          // text-to-speech
	SpanS2S          = "s2s"          // a realtime speech-to-speech model
	SpanToolCall     = "tool_call"    // a tool or function call
)

// The attributes Cekura reads on those spans. The helpers and the typed
// setters set them; they are exported for code that builds spans itself.
const (
	AttrSTTProvider   = attribute.Key("stt.provider")
	AttrSTTTranscript = attribute.Key("stt.transcript")
	AttrSTTConfidence = attribute.Key("stt.confidence")

	AttrGenAISystem       = attribute.Key("gen_ai.system")        // llm spans: the model's provider
	AttrGenAIProviderName = attribute.Key("gen_ai.provider.name") // s2s spans: the model's provider
	AttrGenAIModel        = attribute.Key("gen_ai.request.model")
	AttrGenAIInputTokens  = attribute.Key("gen_ai.usage.input_tokens")
	AttrGenAIOutputTokens = attribute.Key("gen_ai.usage.output_tokens")

	AttrTTSProvider   = attribute.Key("tts.provider")
	AttrTTSCharacters = attribute.Key("tts.characters")

	AttrFunctionName   = attribute.Key("function.name")
	AttrFunctionInput  = attribute.Key("function.input")
	AttrFunctionOutput = attribute.Key("function.output")
)

// ScopeName is the instrumentation scope of the spans the helpers start.
const ScopeName = "github.com/cekura-go/cekura/cekuraotel"

// cachedTracer remembers the tracer of the last SDK provider asked, so that
// a span does not pay TracerProvider.Tracer's lock and map lookup.
type cachedTracer struct {
	tp *sdktrace.TracerProvider
	tr trace.Tracer
}

var lastTracer atomic.Pointer[cachedTracer]

// tracerOf returns the helpers' tracer of tp.
func tracerOf(tp trace.TracerProvider) trace.Tracer {
	sdk, ok := tp.(*sdktrace.TracerProvider)
	if !ok {
		return tp.Tracer(ScopeName)
	}
	if c := lastTracer.Load(); c != nil && c.tp == sdk {
		return c.tr
	}
	tr := sdk.Tracer(ScopeName)
	lastTracer.Store(&cachedTracer{tp: sdk, tr: tr})
	return tr
}

// tracer returns the tracer for a span started under ctx: the provider of
// the recording span in ctx (the conversation's, normally), else the
// global provider (otel.SetTracerProvider).
func tracer(ctx context.Context) trace.Tracer {
	if s := trace.SpanFromContext(ctx); s.IsRecording() {
		return tracerOf(s.TracerProvider())
	}
	return tracerOf(otel.GetTracerProvider())
}

// start starts a child span of the span in ctx, with attrs.
func start(ctx context.Context, name string, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	ctx, span := tracer(ctx).Start(ctx, name)
	if len(attrs) > 0 && span.IsRecording() {
		span.SetAttributes(attrs...)
	}
	return ctx, span
}

// STTSpan is a speech-to-text span ("stt"). It is a trace.Span, with
// setters for the attributes Cekura reads. End it when the transcript is in.
type STTSpan struct{ trace.Span }

// STT starts a speech-to-text span under the span in ctx, with the STT
// provider ("deepgram").
func STT(ctx context.Context, provider string) (context.Context, STTSpan) {
	ctx, s := start(ctx, SpanSTT, AttrSTTProvider.String(provider))
	return ctx, STTSpan{s}
}

// SetTranscript sets stt.transcript, the text recognised.
func (s STTSpan) SetTranscript(text string) { s.SetAttributes(AttrSTTTranscript.String(text)) }

// SetConfidence sets stt.confidence, the recogniser's confidence (0–1).
func (s STTSpan) SetConfidence(c float64) { s.SetAttributes(AttrSTTConfidence.Float64(c)) }

// LLMSpan is a model-call span ("llm"), with setters for its token counts.
type LLMSpan struct{ trace.Span }

// LLM starts a model-call span under the span in ctx, with the provider
// (gen_ai.system: "openai") and the model (gen_ai.request.model: "gpt-4o").
func LLM(ctx context.Context, system, model string) (context.Context, LLMSpan) {
	ctx, s := start(ctx, SpanLLM, AttrGenAISystem.String(system), AttrGenAIModel.String(model))
	return ctx, LLMSpan{s}
}

// SetUsage sets gen_ai.usage.input_tokens and gen_ai.usage.output_tokens.
func (s LLMSpan) SetUsage(inputTokens, outputTokens int) { setUsage(s.Span, inputTokens, outputTokens) }

// SetInputTokens sets gen_ai.usage.input_tokens.
func (s LLMSpan) SetInputTokens(n int) { s.SetAttributes(AttrGenAIInputTokens.Int(n)) }

// SetOutputTokens sets gen_ai.usage.output_tokens.
func (s LLMSpan) SetOutputTokens(n int) { s.SetAttributes(AttrGenAIOutputTokens.Int(n)) }

func setUsage(s trace.Span, in, out int) {
	if s.IsRecording() {
		s.SetAttributes(AttrGenAIInputTokens.Int(in), AttrGenAIOutputTokens.Int(out))
	}
}

// TTSSpan is a text-to-speech span ("tts").
type TTSSpan struct{ trace.Span }

// TTS starts a text-to-speech span under the span in ctx, with the TTS
// provider ("elevenlabs").
func TTS(ctx context.Context, provider string) (context.Context, TTSSpan) {
	ctx, s := start(ctx, SpanTTS, AttrTTSProvider.String(provider))
	return ctx, TTSSpan{s}
}

// SetCharacters sets tts.characters, the number of characters spoken.
func (s TTSSpan) SetCharacters(n int) { s.SetAttributes(AttrTTSCharacters.Int(n)) }

// S2SSpan is a realtime speech-to-speech model span ("s2s"), used instead
// of stt → llm → tts.
type S2SSpan struct{ trace.Span }

// S2S starts a speech-to-speech span under the span in ctx, with the
// provider (gen_ai.provider.name: "openai") and the model
// (gen_ai.request.model: "gpt-realtime").
func S2S(ctx context.Context, provider, model string) (context.Context, S2SSpan) {
	ctx, s := start(ctx, SpanS2S, AttrGenAIProviderName.String(provider), AttrGenAIModel.String(model))
	return ctx, S2SSpan{s}
}

// SetUsage sets gen_ai.usage.input_tokens and gen_ai.usage.output_tokens.
func (s S2SSpan) SetUsage(inputTokens, outputTokens int) { setUsage(s.Span, inputTokens, outputTokens) }

// ToolSpan is a tool or function call span ("tool_call").
type ToolSpan struct{ trace.Span }

// ToolCall starts a tool-call span under the span in ctx, with the
// function's name (function.name).
func ToolCall(ctx context.Context, function string) (context.Context, ToolSpan) {
	ctx, s := start(ctx, SpanToolCall, AttrFunctionName.String(function))
	return ctx, ToolSpan{s}
}

// SetInput sets function.input, the call's arguments (JSON, typically).
func (s ToolSpan) SetInput(input string) { s.SetAttributes(AttrFunctionInput.String(input)) }

// SetOutput sets function.output, what the function returned.
func (s ToolSpan) SetOutput(output string) { s.SetAttributes(AttrFunctionOutput.String(output)) }
