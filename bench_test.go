package cekura

// Benchmarks of the SDK against a hand-written net/http + encoding/json
// client ("raw") that sends the same bytes, in the same run, so that the
// ratios in the README come from one run:
//
//	go test -run '^$' -bench . -benchmem -count 6 | benchstat -col /client -

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// The raw client's types: what a careful hand-written client would declare
// for the same full request and response.
type rawCreate struct {
	Name              string          `json:"name"`
	Description       string          `json:"description"`
	Project           int64           `json:"project,omitempty"`
	Language          string          `json:"language,omitempty"`
	Telephony         *rawTelephony   `json:"telephony,omitempty"`
	Provider          *rawProvider    `json:"provider,omitempty"`
	AgentSpeaksFirst  *bool           `json:"agent_speaks_first,omitempty"`
	PredefinedMetrics json.RawMessage `json:"predefined_metrics,omitempty"`
	WebhookURL        string          `json:"webhook_url,omitempty"`
	WebhookSecret     string          `json:"webhook_secret,omitempty"`
}

type rawTelephony struct {
	PhoneNumber     string      `json:"phone_number,omitempty"`
	Inbound         bool        `json:"inbound,omitempty"`
	SIPURI          *string     `json:"sip_uri,omitempty"`
	SIPAuth         *rawSIPAuth `json:"sip_auth,omitempty"`
	OutboundNumbers []string    `json:"outbound_numbers,omitempty"`
}

type rawSIPAuth struct {
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
}

type rawProvider struct {
	Type             string          `json:"type,omitempty"`
	AgentID          string          `json:"agent_id,omitempty"`
	Credentials      *rawCredentials `json:"credentials,omitempty"`
	ChatAgentDetails *rawChat        `json:"chat_agent_details,omitempty"`
	AutoDialOutbound *bool           `json:"auto_dial_outbound,omitempty"`
	AutoImportCalls  *bool           `json:"auto_import_calls,omitempty"`
	// null in the benchmark's request, so not omitempty.
	AutoSyncPrompt               *bool `json:"auto_sync_prompt"`
	SendPostConversationMetadata *bool `json:"send_post_conversation_metadata,omitempty"`
}

type rawCredentials struct {
	APIKey string          `json:"api_key,omitempty"`
	Config json.RawMessage `json:"config,omitempty"`
}

type rawChat struct {
	Type   string          `json:"type"`
	Config json.RawMessage `json:"config,omitempty"`
}

// rawAgent is the response side.
type rawAgent struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Project     int64  `json:"project"`
	Language    string `json:"language"`
	Telephony   *struct {
		PhoneNumber     string      `json:"phone_number"`
		Inbound         bool        `json:"inbound"`
		SIPURI          *string     `json:"sip_uri"`
		SIPAuth         *rawSIPAuth `json:"sip_auth"`
		OutboundNumbers []string    `json:"outbound_numbers"`
	} `json:"telephony"`
	Provider *struct {
		Type        string  `json:"type"`
		AgentID     *string `json:"agent_id"`
		Credentials *struct {
			Config json.RawMessage `json:"config"`
		} `json:"credentials"`
		ChatAgentDetails             *rawChat `json:"chat_agent_details"`
		AutoDialOutbound             *bool    `json:"auto_dial_outbound"`
		AutoImportCalls              *bool    `json:"auto_import_calls"`
		AutoSyncPrompt               *bool    `json:"auto_sync_prompt"`
		SendPostConversationMetadata *bool    `json:"send_post_conversation_metadata"`
	} `json:"provider"`
	AgentSpeaksFirst     *bool     `json:"agent_speaks_first"`
	KnowledgeBaseFiles   string    `json:"knowledge_base_files"`
	EnabledPersonalities []int64   `json:"enabled_personalities"`
	WebhookURL           string    `json:"webhook_url"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

type rawPage struct {
	Count    int         `json:"count"`
	Next     *string     `json:"next"`
	Previous *string     `json:"previous"`
	Results  []*rawAgent `json:"results"`
}

func ptr[T any](v T) *T { return &v }

// benchRawRequest is fullCreateRequest() for the raw client.
func benchRawRequest() *rawCreate {
	return &rawCreate{
		Name:        "Support Bot",
		Description: "Handles inbound support calls for ACME Inc.",
		Project:     1376,
		Language:    "en",
		Telephony: &rawTelephony{
			PhoneNumber:     "+14155551234",
			Inbound:         true,
			SIPURI:          ptr("sip:support@acme.example"),
			SIPAuth:         &rawSIPAuth{Username: "acme", Password: "sip-pass-123"},
			OutboundNumbers: []string{"+14155550000", "+442071838750"},
		},
		Provider: &rawProvider{
			Type:    "retell",
			AgentID: "agent_abc123",
			Credentials: &rawCredentials{
				APIKey: "key_retell_secret",
				Config: json.RawMessage(`{"trigger_url":"https://api.retellai.com/create-phone-call","livekit_server_url":"wss://retell.livekit.cloud"}`),
			},
			ChatAgentDetails:             &rawChat{Type: "retell", Config: json.RawMessage(`{"agent_id":"chat_agent_1"}`)},
			AutoDialOutbound:             ptr(true),
			AutoImportCalls:              ptr(false),
			SendPostConversationMetadata: ptr(false),
		},
		AgentSpeaksFirst:  ptr(false),
		PredefinedMetrics: json.RawMessage(`{"latency": true, "ids": [1, 2]}`),
		WebhookURL:        "https://hooks.acme.example/cekura",
		WebhookSecret:     "whsec_abc",
	}
}

// benchAgentJSON is the answer to the full request: every field set, about
// as long as the request.
var benchAgentJSON = []byte(`{"id":2142,"name":"Support Bot","description":"Handles inbound support calls for ACME Inc.","project":1376,"language":"en",` +
	`"telephony":{"phone_number":"+14155551234","inbound":true,"sip_uri":"sip:support@acme.example","sip_auth":{"username":"acme"},"outbound_numbers":["+14155550000","+442071838750"]},` +
	`"provider":{"type":"retell","agent_id":"agent_abc123","credentials":{"config":{"trigger_url":"https://api.retellai.com/create-phone-call","livekit_server_url":"wss://retell.livekit.cloud"}},` +
	`"chat_agent_details":{"type":"retell","config":{"agent_id":"chat_agent_1"}},"auto_dial_outbound":true,"auto_import_calls":false,"auto_sync_prompt":null,"send_post_conversation_metadata":false},` +
	`"agent_speaks_first":false,"knowledge_base_files":"[1, 2, 3]","enabled_personalities":[4,5],"webhook_url":"https://hooks.acme.example/cekura",` +
	`"created_at":"2026-06-01T10:00:00.123456Z","updated_at":"2026-06-02T11:30:00.5Z"}`)

func benchPageJSON(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"count":%d,"next":"https://api.cekura.ai/test_framework/v2/aiagents/?page=2","previous":null,"results":[`, n*3)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(bytes.Replace(benchAgentJSON, []byte(`"id":2142`), []byte(`"id":`+strconv.Itoa(i+1)), 1))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// memoryTransport answers every request in memory with a fixed body, after
// reading the request body as a server would.
type memoryTransport struct {
	status int
	body   []byte
}

func (m *memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    m.status,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       req,
	}, nil
}

// rawClient is the hand-written baseline.
type rawClient struct {
	hc   *http.Client
	base string
	key  string
}

// do sends one request and decodes the answer into out, as a careful
// hand-written client would.
func (c *rawClient) do(ctx context.Context, method, path string, body []byte, want int, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("X-CEKURA-API-KEY", c.key)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(data, out)
}

func (c *rawClient) create(ctx context.Context, r *rawCreate) (*rawAgent, error) {
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var a rawAgent
	return &a, c.do(ctx, http.MethodPost, "/test_framework/v2/aiagents/", body, http.StatusCreated, &a)
}

func (c *rawClient) get(ctx context.Context, id int64) (*rawAgent, error) {
	var a rawAgent
	return &a, c.do(ctx, http.MethodGet, "/test_framework/v2/aiagents/"+strconv.FormatInt(id, 10)+"/", nil, http.StatusOK, &a)
}

func (c *rawClient) list(ctx context.Context) (*rawPage, error) {
	var p rawPage
	return &p, c.do(ctx, http.MethodGet, "/test_framework/v2/aiagents/?page_size=100", nil, http.StatusOK, &p)
}

func benchSDK(b *testing.B, hc *http.Client, base string) *Client {
	b.Helper()
	opts := []Option{WithBaseURL(base)}
	if hc != nil {
		opts = append(opts, WithHTTPClient(hc))
	}
	c, err := NewClient(testKey, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// loopbackServer answers like the API, counting the connections it opens.
func loopbackServer(status int, body []byte) (*httptest.Server, *atomic.Int64) {
	conns := new(atomic.Int64)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	return srv, conns
}

func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	req, raw := fullCreateRequest(), benchRawRequest()
	mem := &http.Client{Transport: &memoryTransport{status: 201, body: benchAgentJSON}}
	b.Run("transport=memory/client=sdk", func(b *testing.B) {
		c := benchSDK(b, mem, "https://api.cekura.ai")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Agents.Create(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("transport=memory/client=raw", func(b *testing.B) {
		c := &rawClient{hc: mem, base: "https://api.cekura.ai", key: testKey}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.create(ctx, raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	srv, _ := loopbackServer(201, benchAgentJSON)
	defer srv.Close()
	b.Run("transport=loopback/client=sdk", func(b *testing.B) {
		c := benchSDK(b, nil, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Agents.Create(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("transport=loopback/client=raw", func(b *testing.B) {
		c := &rawClient{hc: &http.Client{}, base: srv.URL, key: testKey}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.create(ctx, raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCreatePaired measures the SDK÷hand-written ratio the way the
// noisy 2-core machine allows: each iteration makes one SDK call and one
// hand-written call, alternately, so that both see the same load (and the
// same cold caches), and it reports each side's mean and their ratio
// (sdk/raw). Benchmarks run separately drift by ±20 % between runs; this
// ratio by about ±2 %. On loopback, baseline=timeout gives the
// hand-written client the per-attempt bound the SDK's default client has
// (60 s, http.Client.Timeout), which costs a context and a timer per
// request.
func BenchmarkCreatePaired(b *testing.B) {
	ctx := context.Background()
	req, raw := fullCreateRequest(), benchRawRequest()
	srv, _ := loopbackServer(201, benchAgentJSON)
	defer srv.Close()
	mem := &http.Client{Transport: &memoryTransport{status: 201, body: benchAgentJSON}}
	for _, tc := range []struct {
		name     string
		sdk, raw *http.Client
		base     string
	}{
		{"transport=memory", mem, mem, "https://api.cekura.ai"},
		{"transport=loopback/baseline=plain", nil, &http.Client{}, srv.URL},
		{"transport=loopback/baseline=timeout", nil, &http.Client{Timeout: DefaultTimeout}, srv.URL},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := benchSDK(b, tc.sdk, tc.base) // nil: the SDK's default client
			r := &rawClient{hc: tc.raw, base: tc.base, key: testKey}
			var sdkT, rawT time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := c.Agents.Create(ctx, req); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := r.create(ctx, raw); err != nil {
					b.Fatal(err)
				}
				sdkT += t1.Sub(t0)
				rawT += time.Since(t1)
			}
			b.ReportMetric(float64(sdkT)/float64(b.N), "sdk-ns/op")
			b.ReportMetric(float64(rawT)/float64(b.N), "raw-ns/op")
			b.ReportMetric(float64(sdkT)/float64(max(rawT, 1)), "sdk/raw")
		})
	}
}

// BenchmarkCreateParallel shares one client between 64 goroutines over
// loopback; conns/op×10k is the number of TCP connections the server saw per
// 10,000 calls.
func BenchmarkCreateParallel(b *testing.B) {
	ctx := context.Background()
	req, raw := fullCreateRequest(), benchRawRequest()
	run := func(b *testing.B, srvConns *atomic.Int64, call func() error) {
		start := srvConns.Load()
		b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
		b.ReportAllocs()
		b.ResetTimer()
		var failed atomic.Value
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := call(); err != nil {
					failed.Store(err)
				}
			}
		})
		if err, ok := failed.Load().(error); ok {
			b.Fatal(err)
		}
		b.ReportMetric(float64(srvConns.Load()-start)*10000/float64(b.N), "conns/10k-calls")
	}
	b.Run("client=sdk", func(b *testing.B) {
		srv, conns := loopbackServer(201, benchAgentJSON)
		defer srv.Close()
		c := benchSDK(b, nil, srv.URL) // the SDK's default transport
		run(b, conns, func() error { _, err := c.Agents.Create(ctx, req); return err })
	})
	b.Run("client=raw", func(b *testing.B) {
		srv, conns := loopbackServer(201, benchAgentJSON)
		defer srv.Close()
		// Go's default transport, as a hand-written client would use.
		c := &rawClient{hc: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}, base: srv.URL, key: testKey}
		run(b, conns, func() error { _, err := c.create(ctx, raw); return err })
	})
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	mem := &http.Client{Transport: &memoryTransport{status: 200, body: benchAgentJSON}}
	b.Run("client=sdk", func(b *testing.B) {
		c := benchSDK(b, mem, "https://api.cekura.ai")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Agents.Get(ctx, 2142); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client=raw", func(b *testing.B) {
		c := &rawClient{hc: mem, base: "https://api.cekura.ai", key: testKey}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.get(ctx, 2142); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListPage decodes a page of 100 agents (about 110 KB): through
// the whole List call on an in-memory transport, and the decoding alone
// against json.Unmarshal into the raw client's structs.
func BenchmarkListPage(b *testing.B) {
	ctx := context.Background()
	page := benchPageJSON(100)
	mem := &http.Client{Transport: &memoryTransport{status: 200, body: page}}
	b.Run("op=list/client=sdk", func(b *testing.B) {
		c := benchSDK(b, mem, "https://api.cekura.ai")
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := c.Agents.List(ctx, &ListAgentsParams{PageSize: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=list/client=raw", func(b *testing.B) {
		c := &rawClient{hc: mem, base: "https://api.cekura.ai", key: testKey}
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := c.list(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=decode/client=sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := decodePage[Agent](agentsPath, page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=decode/client=raw", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			var p rawPage
			if err := json.Unmarshal(page, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
