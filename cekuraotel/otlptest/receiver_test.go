package otlptest_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cekura-go/cekura/cekuraotel/otlptest"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

const key = "ck_test_key"

var (
	traceID = []byte{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}
	spanID  = []byte{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7}
	parent  = []byte{1, 2, 3, 4, 5, 6, 7, 8}
)

// body is an export request of one llm span.
func body(t testing.TB) []byte {
	b, err := proto.Marshal(&coltrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{str("service.name", "bot")}},
		ScopeSpans: []*tracepb.ScopeSpans{{
			Scope: &commonpb.InstrumentationScope{Name: "scope"},
			Spans: []*tracepb.Span{{
				TraceId: traceID, SpanId: spanID, ParentSpanId: parent, Name: "llm",
				StartTimeUnixNano: 1e18, EndTimeUnixNano: 1e18 + 5e8,
				Attributes: []*commonpb.KeyValue{
					str("gen_ai.system", "openai"),
					{Key: "gen_ai.usage.input_tokens", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 412}}},
					{Key: "ok", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: true}}},
					{Key: "score", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: 0.5}}},
					{Key: "list", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_ArrayValue{ArrayValue: &commonpb.ArrayValue{Values: []*commonpb.AnyValue{{Value: &commonpb.AnyValue_StringValue{StringValue: "a"}}}}}}},
				},
			}},
		}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func str(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

// post sends a request to h and returns the status and the answer's body.
func post(h http.Handler, method, path string, header map[string]string, b []byte) (int, string) {
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

func headers(kv ...string) map[string]string {
	m := map[string]string{"Content-Type": "application/x-protobuf"}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func TestTheHeadersAreCheckedAsCekuraDoes(t *testing.T) {
	b := body(t)
	for _, tc := range []struct {
		name   string
		method string
		path   string
		header map[string]string
		status int
	}{
		{"agent", "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42"), 200},
		{"project", "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-project-id", "7"), 200},
		{"no key", "POST", "/v1/traces", headers("x-cekura-agent-id", "42"), 401},
		{"wrong key", "POST", "/v1/traces", headers("x-cekura-api-key", "ck_test_kez", "x-cekura-agent-id", "42"), 401},
		{"key prefix", "POST", "/v1/traces", headers("x-cekura-api-key", "ck_test", "x-cekura-agent-id", "42"), 401},
		{"wrong key, no agent: the key first", "POST", "/v1/traces", headers("x-cekura-api-key", "nope"), 401},
		{"no agent or project", "POST", "/v1/traces", headers("x-cekura-api-key", key), 400},
		{"both", "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42", "x-cekura-project-id", "7"), 400},
		{"empty agent", "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", ""), 400},
		{"GET", "GET", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42"), 405},
		{"other path", "POST", "/v1/metrics", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42"), 404},
		{"text", "POST", "/v1/traces", map[string]string{"Content-Type": "text/plain", "x-cekura-api-key": key, "x-cekura-agent-id": "42"}, 415},
		{"brotli", "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42", "Content-Encoding", "br"), 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := otlptest.NewHandler(otlptest.WithAPIKey(key))
			status, answer := post(r, tc.method, tc.path, tc.header, b)
			if status != tc.status {
				t.Fatalf("status %d (%s), want %d", status, answer, tc.status)
			}
			if strings.Contains(answer, key) || (tc.header["x-cekura-api-key"] != "" && strings.Contains(answer, tc.header["x-cekura-api-key"])) {
				t.Errorf("the answer echoes the key: %q", answer)
			}
			wantSpans := 0
			if status == 200 {
				wantSpans = 1
			}
			if n := len(r.Spans()); n != wantSpans {
				t.Errorf("kept %d spans, want %d", n, wantSpans)
			}
			reqs := r.Requests()
			if len(reqs) != 1 || reqs[0].Status != tc.status || reqs[0].Spans != wantSpans {
				t.Fatalf("recorded %+v", reqs)
			}
			if v := reqs[0].Header.Get("x-cekura-api-key"); v != "" && v != "[REDACTED]" {
				t.Errorf("the recorded key header is %q", v)
			}
		})
	}
}

func TestSpansAreKeptDecoded(t *testing.T) {
	r := otlptest.NewHandler(otlptest.WithAPIKey(key))
	if status, answer := post(r, "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42"), body(t)); status != 200 {
		t.Fatalf("%d %s", status, answer)
	}
	spans := r.Trace("4bf92f3577b34da6a3ce929d0e0e4736")
	if len(spans) != 1 {
		t.Fatalf("Trace: %d spans", len(spans))
	}
	s := spans[0]
	if s.Name != "llm" || s.SpanID != "00f067aa0ba902b7" || s.ParentSpanID != "0102030405060708" || s.Scope != "scope" || s.AgentID != "42" || s.ProjectID != "" {
		t.Errorf("span %+v", s)
	}
	if s.Attributes["gen_ai.system"] != "openai" || s.Attributes["gen_ai.usage.input_tokens"] != int64(412) ||
		s.Attributes["ok"] != true || s.Attributes["score"] != 0.5 || s.Resource["service.name"] != "bot" {
		t.Errorf("attributes %v, resource %v", s.Attributes, s.Resource)
	}
	if l, ok := s.Attributes["list"].([]any); !ok || len(l) != 1 || l[0] != "a" {
		t.Errorf("list attribute %#v", s.Attributes["list"])
	}
	if d := s.End.Sub(s.Start); d.Milliseconds() != 500 {
		t.Errorf("duration %v", d)
	}
	if len(r.Trace("00000000000000000000000000000001")) != 0 {
		t.Error("Trace of another id returned spans")
	}
}

func TestGzipAndJSONBodies(t *testing.T) {
	r := otlptest.NewHandler(otlptest.WithAPIKey(key))
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(body(t))
	_ = zw.Close()
	if status, answer := post(r, "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42", "Content-Encoding", "gzip"), zipped.Bytes()); status != 200 {
		t.Fatalf("gzip: %d %s", status, answer)
	}
	// OTLP/JSON: ids in hex, as the specification has them.
	js := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"tts",
		"startTimeUnixNano":"1000000000000000000","endTimeUnixNano":"1000000000500000000",
		"attributes":[{"key":"tts.characters","value":{"intValue":"27"}}]}]}]}]}`
	if status, answer := post(r, "POST", "/v1/traces", map[string]string{"Content-Type": "application/json", "x-cekura-api-key": key, "x-cekura-project-id": "7"}, []byte(js)); status != 200 {
		t.Fatalf("json: %d %s", status, answer)
	}
	spans := r.Trace("4bf92f3577b34da6a3ce929d0e0e4736")
	if len(spans) != 2 || spans[0].Name != "llm" || spans[1].Name != "tts" {
		t.Fatalf("spans %+v", spans)
	}
	if spans[1].SpanID != "00f067aa0ba902b7" || spans[1].Attributes["tts.characters"] != int64(27) || spans[1].ProjectID != "7" {
		t.Errorf("the JSON span: %+v", spans[1])
	}
}

func TestBadBodiesAre400(t *testing.T) {
	r := otlptest.NewHandler(otlptest.WithAPIKey(key))
	h := headers("x-cekura-api-key", key, "x-cekura-agent-id", "42")
	for name, b := range map[string][]byte{"garbage": []byte("\xff\xff\xff\xff"), "truncated": body(t)[:20]} {
		if status, _ := post(r, "POST", "/v1/traces", h, b); status != 400 {
			t.Errorf("%s: %d, want 400", name, status)
		}
	}
	hz := headers("x-cekura-api-key", key, "x-cekura-agent-id", "42", "Content-Encoding", "gzip")
	if status, _ := post(r, "POST", "/v1/traces", hz, []byte("not gzip")); status != 400 {
		t.Errorf("bad gzip: %d, want 400", status)
	}
	hj := map[string]string{"Content-Type": "application/json", "x-cekura-api-key": key, "x-cekura-agent-id": "1"}
	if status, _ := post(r, "POST", "/v1/traces", hj, []byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}`)); status != 400 {
		t.Errorf("JSON with a non-hex id: %d, want 400", status)
	}
	if n := len(r.Spans()); n != 0 {
		t.Errorf("kept %d spans of bad bodies", n)
	}
}

func TestTooLargeIs413(t *testing.T) {
	r := otlptest.NewHandler(otlptest.WithAPIKey(key))
	big := make([]byte, otlptest.MaxBodyBytes+1)
	if status, _ := post(r, "POST", "/v1/traces", headers("x-cekura-api-key", key, "x-cekura-agent-id", "42"), big); status != 413 {
		t.Errorf("%d, want 413", status)
	}
}

func TestServerAndDefaultKey(t *testing.T) {
	r := otlptest.New(t)
	if !strings.HasPrefix(r.URL(), "http://127.0.0.1:") || r.Endpoint() != r.URL()+"/v1/traces" {
		t.Fatalf("URL %q, Endpoint %q", r.URL(), r.Endpoint())
	}
	other := otlptest.New(t)
	if r.APIKey() == "" || r.APIKey().Reveal() == other.APIKey().Reveal() {
		t.Error("the default keys are empty or equal")
	}
	req, _ := http.NewRequest("POST", r.Endpoint(), bytes.NewReader(body(t)))
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("x-cekura-api-key", r.APIKey().Reveal())
	req.Header.Set("x-cekura-agent-id", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var msg coltrace.ExportTraceServiceResponse
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-protobuf" || proto.Unmarshal(answer, &msg) != nil {
		t.Errorf("answer %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), answer)
	}
	cfg := r.Config(9)
	if cfg.APIKey != r.APIKey() || cfg.AgentID != 9 || cfg.Endpoint != r.Endpoint() || cfg.Protocol.String() != "http" {
		t.Errorf("Config %+v", cfg)
	}
}

// refusals are the receiver's answers other than 200: fixed strings, so no
// header value is ever echoed.
var refusals = map[string]bool{
	"missing or invalid x-cekura-api-key":                             true,
	"send exactly one of x-cekura-agent-id and x-cekura-project-id":   true,
	"Content-Type must be application/x-protobuf or application/json": true,
	"Content-Encoding must be gzip or none":                           true,
	"the gzip body does not decompress":                               true,
	"the body could not be read":                                      true,
	"body too large":                                                  true,
	"the body is not an ExportTraceServiceRequest":                    true,
}

// FuzzReceiver sends the receiver any headers and body: it never panics,
// answers one of its statuses, keeps spans only when it answers 200 to the
// right key and one id header, and answers refusals with fixed messages.
func FuzzReceiver(f *testing.F) {
	f.Add(key, "42", "", "application/x-protobuf", "", body(f))
	f.Add(key, "", "7", "application/json", "", []byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","name":"x"}]}]}]}`))
	f.Add("wrong", "42", "", "application/x-protobuf", "gzip", []byte{0x1f, 0x8b})
	f.Add(key, "1", "2", "application/x-protobuf; charset=utf-8", "", []byte{})
	f.Fuzz(func(t *testing.T, sentKey, agent, project, contentType, encoding string, b []byte) {
		r := otlptest.NewHandler(otlptest.WithAPIKey(key))
		req := httptest.NewRequest("POST", "/v1/traces", bytes.NewReader(b))
		req.Header = http.Header{}
		for k, v := range map[string]string{"X-Cekura-Api-Key": sentKey, "X-Cekura-Agent-Id": agent, "X-Cekura-Project-Id": project, "Content-Type": contentType, "Content-Encoding": encoding} {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		switch w.Code {
		case 200, 400, 401, 413, 415:
		default:
			t.Fatalf("status %d", w.Code)
		}
		if w.Code != 200 && len(r.Spans()) != 0 {
			t.Fatalf("kept spans with status %d", w.Code)
		}
		if w.Code == 200 && (sentKey != key || (agent == "") == (project == "")) {
			t.Fatalf("accepted key %q, agent %q, project %q", sentKey, agent, project)
		}
		if w.Code != 200 && !refusals[strings.TrimSuffix(w.Body.String(), "\n")] {
			t.Fatalf("the answer %q is not one of the fixed refusals (which echo nothing)", w.Body.String())
		}
	})
}
