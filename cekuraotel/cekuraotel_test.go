package cekuraotel_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
	"github.com/cekura-go/cekura/cekuraotel/otlptest"
	"github.com/cekura-go/cekura/cekuratest"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newProvider returns a provider exporting to rcv with cfg, shut down at
// the end of the test.
func newProvider(t *testing.T, cfg cekuraotel.Config) *sdktrace.TracerProvider {
	t.Helper()
	tp, err := cekuraotel.NewTracerProvider(testContext(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

// turn is one simulated cascade turn: stt, llm with a tool call, tts.
func turn(ctx context.Context) {
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

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

func byName(spans []otlptest.Span) map[string]otlptest.Span {
	m := map[string]otlptest.Span{}
	for _, s := range spans {
		m[s.Name] = s
	}
	return m
}

func TestCallTraceArrivesWithCekurasConventions(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	cfg := rcv.Config(2142)
	cfg.ServiceName = "support-bot"
	tp := newProvider(t, cfg)

	cctx, call := cekuraotel.StartCall(ctx, tp, trace.WithAttributes(attribute.String("call.id", "call_8f2c")))
	turn(cctx)
	if got := cekuraotel.TraceID(cctx); got != call.TraceID() {
		t.Errorf("TraceID(ctx) = %q, the call's is %q", got, call.TraceID())
	}
	traceID, err := call.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !hex32.MatchString(traceID) {
		t.Fatalf("trace id %q is not 32 lowercase hex characters", traceID)
	}

	spans := rcv.Trace(traceID)
	var names []string
	for _, s := range spans {
		names = append(names, s.Name)
	}
	// The batch holds the spans in the order they ended.
	if want := []string{"stt", "tool_call", "llm", "tts", "conversation"}; !slices.Equal(names, want) {
		t.Fatalf("span names %v, want %v", names, want)
	}
	m := byName(spans)
	root := m["conversation"]
	if root.ParentSpanID != "" {
		t.Errorf("conversation has parent %q", root.ParentSpanID)
	}
	for _, n := range []string{"stt", "llm", "tts"} {
		if m[n].ParentSpanID != root.SpanID {
			t.Errorf("%s's parent is %q, want the conversation %q", n, m[n].ParentSpanID, root.SpanID)
		}
	}
	if m["tool_call"].ParentSpanID != m["llm"].SpanID {
		t.Errorf("tool_call's parent is %q, want the llm span %q", m["tool_call"].ParentSpanID, m["llm"].SpanID)
	}
	want := map[string]map[string]any{
		"conversation": {"call.id": "call_8f2c"},
		"stt":          {"stt.provider": "deepgram", "stt.transcript": "where is my order?", "stt.confidence": 0.93},
		"llm":          {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": int64(412), "gen_ai.usage.output_tokens": int64(38)},
		"tool_call":    {"function.name": "lookup_order", "function.input": `{"order_id":"1042"}`, "function.output": `{"status":"shipped"}`},
		"tts":          {"tts.provider": "elevenlabs", "tts.characters": int64(27)},
	}
	for name, attrs := range want {
		got := m[name].Attributes
		if len(got) != len(attrs) {
			t.Errorf("%s has attributes %v, want %v", name, got, attrs)
		}
		for k, v := range attrs {
			if got[k] != v {
				t.Errorf("%s: %s = %#v, want %#v", name, k, got[k], v)
			}
		}
	}
	for _, s := range spans {
		if s.AgentID != "2142" || s.ProjectID != "" {
			t.Errorf("%s arrived with agent %q, project %q", s.Name, s.AgentID, s.ProjectID)
		}
		if s.Resource["service.name"] != "support-bot" {
			t.Errorf("%s: service.name = %v", s.Name, s.Resource["service.name"])
		}
		if s.Scope != cekuraotel.ScopeName {
			t.Errorf("%s: scope %q", s.Name, s.Scope)
		}
		if s.TraceID != traceID {
			t.Errorf("%s: trace %s", s.Name, s.TraceID)
		}
	}

	reqs := rcv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want one batch", len(reqs))
	}
	r := reqs[0]
	if r.Status != 200 || r.Method != "POST" || r.Path != "/v1/traces" || r.Spans != 5 {
		t.Errorf("request %s %s answered %d with %d spans", r.Method, r.Path, r.Status, r.Spans)
	}
	if got := r.Header.Get("X-Cekura-Api-Key"); got != cekura.Redacted {
		t.Errorf("the recorded key header is %q, want it present and redacted", got)
	}
	if got := r.Header.Get("X-Cekura-Agent-Id"); got != "2142" {
		t.Errorf("x-cekura-agent-id = %q", got)
	}
	if _, ok := r.Header["X-Cekura-Project-Id"]; ok {
		t.Error("x-cekura-project-id sent beside the agent id")
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-protobuf" {
		t.Errorf("Content-Type %q", got)
	}
}

func TestProjectIDHeader(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	tp := newProvider(t, cekuraotel.Config{APIKey: rcv.APIKey(), ProjectID: 1376, Protocol: cekuraotel.HTTP, Endpoint: rcv.URL()})
	_, call := cekuraotel.StartCall(ctx, tp)
	id, err := call.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	spans := rcv.Trace(id)
	if len(spans) != 1 || spans[0].ProjectID != "1376" || spans[0].AgentID != "" {
		t.Fatalf("spans %+v, want one conversation for project 1376", spans)
	}
	h := rcv.Requests()[0].Header
	if _, ok := h["X-Cekura-Agent-Id"]; ok || h.Get("X-Cekura-Project-Id") != "1376" {
		t.Errorf("headers %v", h)
	}
}

func TestS2SSpan(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	tp := newProvider(t, rcv.Config(7))
	cctx, call := cekuraotel.StartCall(ctx, tp)
	_, s2s := cekuraotel.S2S(cctx, "openai", "gpt-realtime")
	s2s.SetUsage(1200, 300)
	s2s.End()
	id, err := call.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := byName(rcv.Trace(id))
	got := m["s2s"].Attributes
	want := map[string]any{"gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-realtime", "gen_ai.usage.input_tokens": int64(1200), "gen_ai.usage.output_tokens": int64(300)}
	if len(got) != len(want) {
		t.Errorf("s2s attributes %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("s2s: %s = %#v, want %#v", k, got[k], v)
		}
	}
	if m["s2s"].ParentSpanID != m["conversation"].SpanID {
		t.Error("s2s is not under the conversation")
	}
}

func TestSetInputAndOutputTokensSeparately(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	tp := newProvider(t, rcv.Config(7))
	cctx, call := cekuraotel.StartCall(ctx, tp)
	_, llm := cekuraotel.LLM(cctx, "anthropic", "claude-sonnet-4")
	llm.SetInputTokens(5)
	llm.SetOutputTokens(6)
	llm.End()
	id, _ := call.End(ctx)
	a := byName(rcv.Trace(id))["llm"].Attributes
	if a["gen_ai.usage.input_tokens"] != int64(5) || a["gen_ai.usage.output_tokens"] != int64(6) {
		t.Errorf("llm attributes %v", a)
	}
}

func TestWrongKeyIsRefusedAndEndSaysSo(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	cfg := rcv.Config(7)
	cfg.APIKey = "not-the-key"
	tp := newProvider(t, cfg)
	_, call := cekuraotel.StartCall(ctx, tp)
	id, err := call.End(ctx)
	if !errors.Is(err, cekuraotel.ErrFlush) {
		t.Fatalf("End: %v, want ErrFlush", err)
	}
	for _, key := range []string{"not-the-key", rcv.APIKey().Reveal()} {
		if strings.Contains(err.Error(), key) {
			t.Errorf("End's error %q contains a key", err)
		}
	}
	if id == "" {
		t.Error("End returned no trace id with its error")
	}
	if n := len(rcv.Spans()); n != 0 {
		t.Errorf("the receiver kept %d spans of a refused request", n)
	}
	if reqs := rcv.Requests(); len(reqs) != 1 || reqs[0].Status != 401 {
		t.Errorf("requests %+v, want one answered 401", reqs)
	}
}

func TestEndAndSendLinksTheCallLogToItsTrace(t *testing.T) {
	ctx := testContext(t)
	fake := cekuratest.New(t)
	client := fake.Client()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "Answers order questions"})
	if err != nil {
		t.Fatal(err)
	}
	rcv := otlptest.New(t)
	tp := newProvider(t, rcv.Config(agent.ID))

	cctx, call := cekuraotel.StartCall(ctx, tp)
	turn(cctx)
	req := &cekura.SendCallRequest{CallID: "call_8f2c", AgentID: agent.ID}
	sent, err := call.EndAndSend(ctx, client, req)
	if err != nil {
		t.Fatal(err)
	}
	if req.TraceID != "" {
		t.Error("EndAndSend modified the caller's request")
	}
	if sent.CallID != "call_8f2c" {
		t.Errorf("sent call %q", sent.CallID)
	}

	// The call log's trace_id, as the fake received it ...
	var traceID string
	for _, r := range fake.Requests() {
		if r.Method == "POST" && r.Path == "/observability/v1/observe/" {
			var body struct {
				TraceID string `json:"trace_id"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			traceID = body.TraceID
		}
	}
	if traceID != call.TraceID() || !hex32.MatchString(traceID) {
		t.Fatalf("the call log's trace_id is %q, the call's trace is %q", traceID, call.TraceID())
	}
	// ... names the trace the receiver holds, which arrived before it.
	spans := rcv.Trace(traceID)
	if len(spans) != 5 || spans[len(spans)-1].Name != "conversation" {
		t.Fatalf("the receiver holds %d spans of trace %s", len(spans), traceID)
	}
	if spans[0].AgentID != strconv.FormatInt(agent.ID, 10) {
		t.Errorf("trace exported for agent %q, call log sent for %d", spans[0].AgentID, agent.ID)
	}
}

func TestEndAndSendSendsTheCallLogWhenTheFlushFails(t *testing.T) {
	ctx := testContext(t)
	fake := cekuratest.New(t)
	client := fake.Client()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "Answers order questions"})
	if err != nil {
		t.Fatal(err)
	}
	rcv := otlptest.New(t)
	cfg := rcv.Config(agent.ID)
	cfg.APIKey = "wrong"
	tp := newProvider(t, cfg)
	_, call := cekuraotel.StartCall(ctx, tp)
	sent, err := call.EndAndSend(ctx, client, &cekura.SendCallRequest{CallID: "c1", AgentID: agent.ID})
	if !errors.Is(err, cekuraotel.ErrFlush) || sent == nil {
		t.Fatalf("EndAndSend = %v, %v; want the sent call and ErrFlush", sent, err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("the fake holds %d calls, want 1", n)
	}
}

func TestEndAndSendReturnsSendErrors(t *testing.T) {
	ctx := testContext(t)
	fake := cekuratest.New(t)
	rcv := otlptest.New(t)
	tp := newProvider(t, rcv.Config(1))
	_, call := cekuraotel.StartCall(ctx, tp)
	// No CallID: the SDK refuses the request before sending it.
	sent, err := call.EndAndSend(ctx, fake.Client(), &cekura.SendCallRequest{AgentID: 1})
	if err == nil || sent != nil || errors.Is(err, cekuraotel.ErrFlush) {
		t.Fatalf("EndAndSend = %v, %v; want the SDK's validation error", sent, err)
	}
	if len(rcv.Spans()) != 1 {
		t.Error("the trace was not flushed before the send was tried")
	}
}

func TestTraceIDWithoutASpan(t *testing.T) {
	if got := cekuraotel.TraceID(context.Background()); got != "" {
		t.Errorf("TraceID of a bare context = %q", got)
	}
	// A no-op provider makes no trace: no id, and End has nothing to flush.
	_, call := cekuraotel.StartCall(context.Background(), noop.NewTracerProvider())
	if id, err := call.End(context.Background()); id != "" || err != nil {
		t.Errorf("End on a no-op provider = %q, %v", id, err)
	}
}

func TestHelpersFollowTheContextsProvider(t *testing.T) {
	ctx := testContext(t)
	// Two providers, two receivers: each call's spans go to its own.
	r1, r2 := otlptest.New(t), otlptest.New(t)
	tp1, tp2 := newProvider(t, r1.Config(1)), newProvider(t, r2.Config(2))
	for _, tp := range []*sdktrace.TracerProvider{tp1, tp2, tp1} {
		cctx, call := cekuraotel.StartCall(ctx, tp)
		_, s := cekuraotel.STT(cctx, "deepgram")
		s.End()
		if _, err := call.End(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n1, n2 := len(r1.Spans()), len(r2.Spans()); n1 != 4 || n2 != 2 {
		t.Errorf("receivers hold %d and %d spans, want 4 and 2", n1, n2)
	}
}

func TestAddedAsOneMoreSpanProcessor(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t)
	sp, err := cekuraotel.NewSpanProcessor(ctx, rcv.Config(3))
	if err != nil {
		t.Fatal(err)
	}
	mine := &recorder{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(mine))
	tp.RegisterSpanProcessor(sp)
	defer func() { _ = tp.Shutdown(context.Background()) }()

	cctx, call := cekuraotel.StartCall(ctx, tp)
	turn(cctx)
	id, err := call.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rcv.Trace(id)); n != 5 {
		t.Errorf("Cekura's processor exported %d spans, want 5", n)
	}
	if n := len(mine.spans); n != 5 {
		t.Errorf("the application's own exporter got %d spans, want 5", n)
	}
}

// recorder is an application's own exporter.
type recorder struct{ spans []sdktrace.ReadOnlySpan }

func (r *recorder) ExportSpans(_ context.Context, s []sdktrace.ReadOnlySpan) error {
	r.spans = append(r.spans, s...)
	return nil
}
func (r *recorder) Shutdown(context.Context) error { return nil }

// TestRedirectsAreNotFollowed: an endpoint that redirects does not get the
// key forwarded to where it points; the export fails.
func TestRedirectsAreNotFollowed(t *testing.T) {
	ctx := testContext(t)
	rcv := otlptest.New(t) // where the redirect points
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, rcv.Endpoint(), http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirector.Close)
	cfg := rcv.Config(1)
	cfg.Endpoint = redirector.URL + "/v1/traces"
	tp := newProvider(t, cfg)
	_, call := cekuraotel.StartCall(ctx, tp)
	if _, err := call.End(ctx); !errors.Is(err, cekuraotel.ErrFlush) {
		t.Fatalf("End: %v, want ErrFlush", err)
	}
	if n := len(rcv.Requests()); n != 0 {
		t.Fatalf("the redirect was followed: the target got %d requests", n)
	}
}
