// Package otlptest is a stand-in for Cekura's OTLP/HTTP trace endpoint, for
// tests of code that exports spans with cekuraotel: an HTTP server on
// 127.0.0.1 that checks Cekura's headers as the real endpoint does and
// keeps the spans it receives, so that a test can assert that a call's
// trace arrived, with the expected span names and attributes.
//
//	rcv := otlptest.New(t)                       // closed when the test ends
//	tp, err := cekuraotel.NewTracerProvider(ctx, rcv.Config(42))
//	… run the agent, Call.End …
//	spans := rcv.Trace(traceID)                  // what arrived for that call
//
// It speaks OTLP/HTTP (POST /v1/traces, protobuf or JSON bodies, gzip or
// not), not gRPC. It answers:
//
//   - 401 when x-cekura-api-key is missing or is not the receiver's key
//     (compared in constant time; the answer never echoes it);
//   - 400 unless exactly one of x-cekura-agent-id and x-cekura-project-id
//     is present, or when the body does not decode;
//   - 404 for another path, 405 for another method, 415 for another
//     content type, 413 for a body over 16 MiB;
//   - 200 with an empty ExportTraceServiceResponse otherwise, keeping the
//     spans.
package otlptest

import (
	"compress/gzip"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// MaxBodyBytes is the largest request body the receiver reads (after
// decompression); a larger one is answered 413.
const MaxBodyBytes = 16 << 20

// Span is a span the receiver kept.
type Span struct {
	Name string
	// TraceID, SpanID and ParentSpanID are lowercase hex (32, 16 and 16
	// characters); ParentSpanID is "" for a root span.
	TraceID, SpanID, ParentSpanID string
	// Attributes are the span's attributes: string, bool, int64, float64,
	// []byte, or []any and map[string]any for arrays and key-value lists.
	Attributes map[string]any
	// Resource holds the resource's attributes (service.name …).
	Resource map[string]any
	// Scope is the instrumentation scope's name.
	Scope      string
	Start, End time.Time
	// AgentID and ProjectID are the headers of the request that carried it
	// (one of them is "").
	AgentID, ProjectID string
}

// Request is a request the receiver answered.
type Request struct {
	Method, Path string
	// Header holds the request's headers, with x-cekura-api-key's value
	// replaced by cekura.Redacted.
	Header http.Header
	// Status is the receiver's answer.
	Status int
	// Spans is how many spans it carried (0 unless Status is 200).
	Spans int
}

// Receiver is a running fake of Cekura's OTLP/HTTP endpoint. It is safe
// for concurrent use, and an http.Handler.
type Receiver struct {
	key    []byte
	secret cekura.Secret
	srv    *httptest.Server

	mu    sync.Mutex
	spans []Span
	reqs  []Request
}

// Option configures a Receiver.
type Option func(*Receiver)

// WithAPIKey sets the API key the receiver accepts (default: a random key,
// see Receiver.APIKey).
func WithAPIKey(key cekura.Secret) Option {
	return func(r *Receiver) { r.secret = key }
}

// NewReceiver starts a receiver on a random port of 127.0.0.1. Call Close
// when done.
func NewReceiver(opts ...Option) *Receiver {
	r := newReceiver(opts)
	r.srv = httptest.NewServer(r)
	return r
}

// New starts a receiver for a test and closes it when the test ends.
func New(t testing.TB, opts ...Option) *Receiver {
	t.Helper()
	r := NewReceiver(opts...)
	t.Cleanup(r.Close)
	return r
}

// NewHandler returns a receiver that serves nothing by itself: use it as
// an http.Handler (its URL, Endpoint and Config are then empty or refer to
// no server).
func NewHandler(opts ...Option) *Receiver { return newReceiver(opts) }

func newReceiver(opts []Option) *Receiver {
	r := &Receiver{}
	for _, o := range opts {
		o(r)
	}
	if r.secret == "" {
		r.secret = cekura.Secret("otlptest_" + rand.Text())
	}
	r.key = []byte(r.secret.Reveal())
	return r
}

// APIKey returns the key the receiver accepts.
func (r *Receiver) APIKey() cekura.Secret { return r.secret }

// URL returns the receiver's base URL, such as http://127.0.0.1:41234.
func (r *Receiver) URL() string {
	if r.srv == nil {
		return ""
	}
	return r.srv.URL
}

// Endpoint returns the receiver's traces URL (URL + "/v1/traces"), for
// cekuraotel.Config.Endpoint with Protocol HTTP.
func (r *Receiver) Endpoint() string { return r.URL() + "/v1/traces" }

// Config returns a cekuraotel.Config that exports to the receiver over
// OTLP/HTTP with its key, for agent agentID.
func (r *Receiver) Config(agentID int64) cekuraotel.Config {
	return cekuraotel.Config{APIKey: r.secret, AgentID: agentID, Protocol: cekuraotel.HTTP, Endpoint: r.Endpoint()}
}

// Close stops the receiver and waits for its requests to end.
func (r *Receiver) Close() {
	if r.srv != nil {
		r.srv.Close()
	}
}

// Spans returns every span kept so far, in the order received.
func (r *Receiver) Spans() []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.spans)
}

// Trace returns the spans of one trace (traceID in hex, as
// cekuraotel.TraceID gives it), in the order received.
func (r *Receiver) Trace(traceID string) []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Span
	for _, s := range r.spans {
		if strings.EqualFold(s.TraceID, traceID) {
			out = append(out, s)
		}
	}
	return out
}

// Requests returns every request answered so far, in order.
func (r *Receiver) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// ServeHTTP answers one OTLP/HTTP export request.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	status, spans, msg := r.serve(w, req)
	h := req.Header.Clone()
	if h.Get(cekuraotel.HeaderAPIKey) != "" {
		h.Set(cekuraotel.HeaderAPIKey, cekura.Redacted)
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, Request{Method: req.Method, Path: req.URL.Path, Header: h, Status: status, Spans: len(spans)})
	r.spans = append(r.spans, spans...)
	r.mu.Unlock()

	if status != http.StatusOK {
		http.Error(w, msg, status)
		return
	}
	b, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// serve checks and decodes a request: the status to answer, the spans to
// keep and the message of a refusal (which never contains a header value).
func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) (int, []Span, string) {
	if req.URL.Path != "/v1/traces" {
		return http.StatusNotFound, nil, "not found: traces are POSTed to /v1/traces"
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return http.StatusMethodNotAllowed, nil, "method not allowed"
	}
	key := req.Header.Values(cekuraotel.HeaderAPIKey)
	if len(key) != 1 || subtle.ConstantTimeCompare([]byte(key[0]), r.key) != 1 {
		return http.StatusUnauthorized, nil, "missing or invalid " + cekuraotel.HeaderAPIKey
	}
	agent := req.Header.Values(cekuraotel.HeaderAgentID)
	project := req.Header.Values(cekuraotel.HeaderProjectID)
	if len(agent)+len(project) != 1 || (len(agent) == 1 && agent[0] == "") || (len(project) == 1 && project[0] == "") {
		return http.StatusBadRequest, nil, "send exactly one of " + cekuraotel.HeaderAgentID + " and " + cekuraotel.HeaderProjectID
	}
	var agentID, projectID string
	if len(agent) == 1 {
		agentID = agent[0]
	} else {
		projectID = project[0]
	}

	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if ct != "application/x-protobuf" && ct != "application/json" {
		return http.StatusUnsupportedMediaType, nil, "Content-Type must be application/x-protobuf or application/json"
	}
	var body io.Reader = http.MaxBytesReader(w, req.Body, MaxBodyBytes)
	switch enc := req.Header.Get("Content-Encoding"); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return http.StatusBadRequest, nil, "the gzip body does not decompress"
		}
		body = zr
	default:
		return http.StatusUnsupportedMediaType, nil, "Content-Encoding must be gzip or none"
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxBodyBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return http.StatusRequestEntityTooLarge, nil, "body too large"
		}
		return http.StatusBadRequest, nil, "the body could not be read"
	}
	if len(b) > MaxBodyBytes {
		return http.StatusRequestEntityTooLarge, nil, "body too large"
	}
	var msg coltrace.ExportTraceServiceRequest
	if ct == "application/json" {
		err = unmarshalJSON(b, &msg)
	} else {
		err = proto.Unmarshal(b, &msg)
	}
	if err != nil {
		return http.StatusBadRequest, nil, "the body is not an ExportTraceServiceRequest"
	}
	return http.StatusOK, flatten(&msg, agentID, projectID), ""
}

// flatten turns an export request into Spans.
func flatten(msg *coltrace.ExportTraceServiceRequest, agentID, projectID string) []Span {
	var out []Span
	for _, rs := range msg.GetResourceSpans() {
		res := attrs(rs.GetResource().GetAttributes())
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				out = append(out, Span{
					Name:         s.GetName(),
					TraceID:      hex.EncodeToString(s.GetTraceId()),
					SpanID:       hex.EncodeToString(s.GetSpanId()),
					ParentSpanID: hex.EncodeToString(s.GetParentSpanId()),
					Attributes:   attrs(s.GetAttributes()),
					Resource:     maps.Clone(res),
					Scope:        ss.GetScope().GetName(),
					Start:        time.Unix(0, int64(s.GetStartTimeUnixNano())).UTC(),
					End:          time.Unix(0, int64(s.GetEndTimeUnixNano())).UTC(),
					AgentID:      agentID,
					ProjectID:    projectID,
				})
			}
		}
	}
	return out
}

func attrs(kvs []*commonpb.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.GetKey()] = value(kv.GetValue())
	}
	return m
}

func value(v *commonpb.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_BoolValue:
		return x.BoolValue
	case *commonpb.AnyValue_IntValue:
		return x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		return x.DoubleValue
	case *commonpb.AnyValue_BytesValue:
		return x.BytesValue
	case *commonpb.AnyValue_ArrayValue:
		var out []any
		for _, e := range x.ArrayValue.GetValues() {
			out = append(out, value(e))
		}
		return out
	case *commonpb.AnyValue_KvlistValue:
		return attrs(x.KvlistValue.GetValues())
	}
	return nil
}

// unmarshalJSON decodes OTLP/JSON, which differs from protojson in one
// way: trace and span ids are hex, not base64. They are rewritten before
// protojson reads the body.
func unmarshalJSON(b []byte, msg proto.Message) error {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	if err := hexIDsToBase64(doc); err != nil {
		return err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(b, msg)
}

var idKeys = map[string]bool{"traceId": true, "spanId": true, "parentSpanId": true, "trace_id": true, "span_id": true, "parent_span_id": true}

func hexIDsToBase64(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && idKeys[k] {
				id, err := hex.DecodeString(s)
				if err != nil {
					return fmt.Errorf("%s is not hex", k)
				}
				x[k] = base64.StdEncoding.EncodeToString(id)
				continue
			}
			if err := hexIDsToBase64(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := hexIDsToBase64(e); err != nil {
				return err
			}
		}
	}
	return nil
}
