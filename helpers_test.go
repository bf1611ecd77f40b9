package cekura

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// testBase is the base URL of mocked clients: a path prefix catches code
// that builds absolute paths.
const testBase = "https://api.test.cekura.example/prefix"

const testKey = "sk_test_0123456789"

// sleeps records the waits a client would have slept, without sleeping.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newMockClient returns a client on its own httpmock transport (no global
// state, so tests run in parallel) whose retries do not sleep.
func newMockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport, *sleeps) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]Option{WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: mt})}, opts...)
	c, err := NewClient(testKey, opts...)
	require.NoError(t, err)
	s := &sleeps{}
	c.core.sleep = s.sleep
	c.core.retry.jitter = func(d time.Duration) time.Duration { return d } // deterministic: the upper bound
	return c, mt, s
}

// captured is what a responder saw of a request.
type captured struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// capture answers with status and body and records each request.
func capture(status int, body string, into *[]captured, mu *sync.Mutex) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		var b []byte
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		mu.Lock()
		*into = append(*into, captured{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), Body: b})
		mu.Unlock()
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// agentJSON is a full agent as the API returns it.
const agentJSON = `{
  "id": 2142,
  "name": "Support Bot",
  "description": "Handles inbound support calls",
  "project": 1376,
  "language": "en",
  "telephony": {"phone_number": "+14155551234", "inbound": true, "sip_uri": null, "sip_auth": null, "outbound_numbers": ["+14155550000"]},
  "provider": {"type": "vapi", "agent_id": "asst_abc123", "credentials": {"config": {"public_key": "vapi_pk_xxx", "trigger_url": "https://example.com/trigger"}},
               "chat_agent_details": null, "auto_dial_outbound": true, "auto_import_calls": null, "auto_sync_prompt": false, "send_post_conversation_metadata": null},
  "agent_speaks_first": null,
  "knowledge_base_files": "[1, 2, 3]",
  "enabled_personalities": [4, 5],
  "webhook_url": "https://hooks.example.com/cekura",
  "created_at": "2026-06-01T10:00:00Z",
  "updated_at": "2026-06-02T11:30:00.5Z"
}`

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// decodeAgent decodes a body as the SDK decodes an answer.
func decodeAgent(b []byte) (*Agent, error) {
	a := new(Agent)
	if err := decodeInto(b, a); err != nil {
		return nil, err
	}
	return a, nil
}

// decodeProviderConfig and decodeChatConfig pick a config's struct as the
// decoder does once it knows the type.
func decodeProviderConfig(t ProviderType, raw []byte) ProviderConfig {
	return resolveProviderConfig(newReader(raw), t, RawConfig{JSON: raw})
}

func decodeChatConfig(t ChatType, raw []byte) ChatConfig {
	return resolveChatConfig(newReader(raw), t, RawConfig{JSON: raw})
}

// formParts reads a multipart/form-data request as "name|file name|content"
// strings, in order.
func formParts(t *testing.T, r *http.Request) []string {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	mr := multipart.NewReader(r.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts
		}
		require.NoError(t, err)
		b, _ := io.ReadAll(p)
		parts = append(parts, p.FormName()+"|"+p.FileName()+"|"+string(b))
	}
}

// fileIDs returns the ids of an agent's knowledge base files (never nil).
func fileIDs(files []*KnowledgeBaseFile) []int64 {
	ids := make([]int64, len(files))
	for i, f := range files {
		ids[i] = f.ID
	}
	return ids
}
