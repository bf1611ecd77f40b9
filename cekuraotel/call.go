package cekuraotel

import (
	"context"
	"errors"
	"fmt"

	"github.com/cekura-go/cekura"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

// Flusher is what Call.End flushes: *sdktrace.TracerProvider is one.
type Flusher interface {
	ForceFlush(ctx context.Context) error
}

// ErrFlush matches the error of Call.End and Call.EndAndSend when the
// provider's ForceFlush failed: the trace may not have reached Cekura.
var ErrFlush = errors.New("cekuraotel: flushing the trace failed")

// Call is one call's trace: it owns the conversation span, the root that
// every STT, LLM, TTS, S2S and tool-call span of the call goes under, and
// ends it in the order Cekura needs:
//
//  1. end the call's spans (the helpers' spans, then the conversation: End);
//  2. flush the TracerProvider, so that the spans are at Cekura (End does it);
//  3. send the call log with the conversation's trace id in trace_id
//     (EndAndSend does all three).
//
// A Call is meant for one goroutine's use at a time, like a trace.Span.
type Call struct {
	span    trace.Span
	flusher Flusher
}

// StartCall starts the conversation span of one call with tp (the global
// provider if nil) and returns a context that carries it: pass that
// context to STT, LLM, TTS, S2S and ToolCall. If tp has a ForceFlush
// method (*sdktrace.TracerProvider does), End flushes it; the global
// provider of otel.GetTracerProvider has none, so pass yours.
// opts are given to the span (trace.WithAttributes …).
func StartCall(ctx context.Context, tp trace.TracerProvider, opts ...trace.SpanStartOption) (context.Context, *Call) {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	ctx, span := tracerOf(tp).Start(ctx, SpanConversation, opts...)
	f, _ := tp.(Flusher)
	return ctx, &Call{span: span, flusher: f}
}

// Span returns the conversation span, to set attributes or events on it.
func (c *Call) Span() trace.Span { return c.span }

// TraceID returns the call's trace id as Cekura's trace_id wants it, 32
// lowercase hex characters, or "" if the provider made no trace (a no-op
// provider).
func (c *Call) TraceID() string { return traceID(c.span.SpanContext()) }

// End ends the conversation span, flushes the provider (bounded by ctx:
// give it a deadline) and returns the trace id for SendCallRequest.TraceID.
// End the helpers' spans first: a span still open at the flush is exported
// later, in another batch. A flush error matches ErrFlush; the trace id is
// returned with it. It only sees the failure of the export the flush
// itself made: batches the processor exported earlier report their errors
// to otel.Handle. Calling End again flushes again.
func (c *Call) End(ctx context.Context) (string, error) {
	c.span.End()
	id := c.TraceID()
	if c.flusher == nil {
		return id, nil
	}
	if err := c.flusher.ForceFlush(ctx); err != nil {
		return id, fmt.Errorf("%w: %w", ErrFlush, err)
	}
	return id, nil
}

// EndAndSend ends the call (End: the span, then the flush), then sends
// the call log with client.Calls.Send, its TraceID set to the call's trace
// id (req itself is not modified). The call log is sent even when the flush
// fails, since its evaluation does not need the trace: the error then
// matches ErrFlush and the sent call is returned with it. An error of Send
// is returned as it is, with a nil call.
func (c *Call) EndAndSend(ctx context.Context, client *cekura.Client, req *cekura.SendCallRequest, opts ...cekura.Option) (*cekura.Call, error) {
	id, flushErr := c.End(ctx)
	r := *req
	if id != "" {
		r.TraceID = id
	}
	call, err := client.Calls.Send(ctx, &r, opts...)
	if err != nil {
		return nil, err
	}
	return call, flushErr
}

// TraceID returns the trace id of the span in ctx as Cekura's trace_id
// wants it (32 lowercase hex characters), or "" when ctx has no valid span.
// Every span of a call shares the conversation's trace id, so any context
// under StartCall's gives it:
//
//	req.TraceID = cekuraotel.TraceID(ctx)
func TraceID(ctx context.Context) string {
	return traceID(trace.SpanContextFromContext(ctx))
}

func traceID(sc trace.SpanContext) string {
	if !sc.TraceID().IsValid() {
		return ""
	}
	return sc.TraceID().String()
}
