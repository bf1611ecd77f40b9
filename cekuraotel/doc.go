// Package cekuraotel traces a Go voice agent into Cekura: it exports
// OpenTelemetry spans to Cekura's OTLP endpoint, names them by Cekura's
// conventions (conversation, stt, llm, tts, s2s, tool_call and their
// attributes), and links a call's trace to its call log through
// SendCallRequest.TraceID. It is built on the OpenTelemetry Go SDK and is a
// module of its own, so that importing the cekura SDK never brings
// OpenTelemetry.
//
// One call, from the first word to the call log:
//
//	tp, err := cekuraotel.NewTracerProvider(ctx, cekuraotel.Config{
//		APIKey:      cekura.Secret(os.Getenv("CEKURA_API_KEY")),
//		AgentID:     2142,          // or ProjectID, exactly one
//		ServiceName: "support-bot", // Protocol: cekuraotel.GRPC (default) or HTTP
//	})
//	if err != nil {
//		log.Fatal(err) // a bad Config fails here, never at the first export
//	}
//	defer tp.Shutdown(context.Background())
//
//	ctx, call := cekuraotel.StartCall(ctx, tp) // the "conversation" span
//	for turn := range turns {
//		sctx, stt := cekuraotel.STT(ctx, "deepgram")
//		text := transcribe(sctx, turn.Audio)
//		stt.SetTranscript(text)
//		stt.End()
//
//		lctx, llm := cekuraotel.LLM(ctx, "openai", "gpt-4o")
//		reply, usage := complete(lctx, text)
//		llm.SetUsage(usage.Input, usage.Output)
//		llm.End()
//
//		tctx, tts := cekuraotel.TTS(ctx, "elevenlabs")
//		speak(tctx, reply)
//		tts.SetCharacters(utf8.RuneCountInString(reply))
//		tts.End()
//	}
//	// Ends the conversation span, flushes tp, then sends the call log with
//	// trace_id set to the call's trace id.
//	sent, err := call.EndAndSend(ctx, client, &cekura.SendCallRequest{CallID: callID, AgentID: 2142, Transcript: transcript})
//
// # The order
//
// Cekura links a trace to a call log by the trace id, and the spans must be
// there when the call log arrives:
//
//  1. end the call's spans, then the conversation span (Call.End);
//  2. flush the TracerProvider, bounded by ctx (Call.End does it);
//  3. send the call log with TraceID set (Call.EndAndSend does 1–3).
//
// Code that sends the call log itself uses Call.End's trace id, or
// TraceID(ctx) from any context under StartCall's.
//
// # An application that already traces
//
// NewSpanProcessor returns a batch span processor exporting to Cekura, to
// add to an existing TracerProvider (sdktrace.WithSpanProcessor or
// RegisterSpanProcessor); NewExporter returns the bare exporter. The span
// helpers start their spans with the provider of the recording span in
// their context, else the global one (otel.SetTracerProvider).
//
// # Secrets
//
// Config holds the key as a cekura.Secret: fmt (every verb) and slog print
// [REDACTED]; no error names it; it travels only as the x-cekura-api-key
// header (gRPC metadata), over TLS unless the endpoint is loopback; the
// HTTP exporter follows no redirect, which would carry it to another host.
//
// # Tests
//
// Package otlptest is a stand-in for Cekura's OTLP/HTTP endpoint: it checks
// the key and the agent or project header as Cekura does and keeps the
// spans, so a test can assert that a call's trace arrived and that the
// call log sent to cekuratest points at it.
package cekuraotel
