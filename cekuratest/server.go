package cekuratest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/internal/hook"
)

// The API's page sizes: the size of a list page when the request names none
// (WithPageSize changes it), and the cap on page_size.
const (
	defaultPageSize = 10
	maxPageSize     = 100
)

const (
	agentsPath = "/test_framework/v2/aiagents/"
	keyHeader  = "X-Cekura-Api-Key"
)

// Server is a running fake Cekura API. It is safe for concurrent use.
type Server struct {
	ts       *httptest.Server
	url      string
	hc       *http.Client
	apiKey   string
	pageSize int
	clock    func() time.Time
	latency  time.Duration
	done     chan struct{}
	closing  sync.Once

	mu     sync.Mutex
	agents *store[agent]
	routes []route

	scenarios   *store[scenario]
	results     *store[result]
	runs        *store[run]
	generations map[string]*generation
	genSeq      int
	outcome     Outcome
	offset      time.Duration // how far the fake's clock is ahead (Advance, client waits)
	calls       *store[call]
	metrics     *store[metric]
	inflight    int        // webhooks being sent (deliver)
	idle        *sync.Cond // on mu: signalled when inflight drops to 0
	sent        []Delivery

	// testProfiles and cronJobs are the test profiles and the schedules.
	testProfiles *store[testProfile]
	cronJobs     *store[cronJob]
	// catalog holds the personalities, the test sets and the tools
	// catalogue's ids (catalog.go).
	catalog catalog
	// dash is the dashboards and their widgets (dashboards.go).
	dash *dashboardState

	// obs holds the call-log jobs and the alerts (see observability).
	obs *observability
	// insights holds the insights and the improvement sessions.
	insights insightState

	// The results and calls whose end the webhooks have not announced
	// yet (announce).
	unannouncedResults map[int64]struct{}
	// shareTokens counts the share links made, for their tokens.
	shareTokens      int64
	unannouncedCalls map[int64]struct{}
	// nextAnnounce is the earliest time one of them can end (zero: unknown,
	// look): before it, announce has nothing to do, so that a request costs
	// nothing however many calls are waiting for their evaluation.
	nextAnnounce time.Time
	chaos        *chaos
	requests     []RecordedRequest
	faults       []*fault // injected answers, matched in order
	waits        []time.Duration
	deadlines    map[time.Time]time.Duration // the offset when each context deadline was first seen (retryWait)
	workspace    *workspace                  // projects, API keys, audit logs (workspace.go); made by ws on first use
	labs         *labs                       // the metrics' jobs, reviews and questions (metric_jobs.go)
	authoring    *authoring                  // scenario folders and AI jobs (scenarios_authoring.go)

	// votes are the metric votes on runs (chat.go), by run id.
	votes map[int64][]metricVote
}

// RecordedRequest is a request the fake received.
type RecordedRequest struct {
	// Method is the HTTP method, such as POST.
	Method string
	// Path is the URL path, such as /test_framework/v2/aiagents/12/.
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Header holds the request headers, with the API key replaced by
	// cekura.Redacted.
	Header http.Header
	// Body is the request body as received, except that a multipart
	// upload's files are kept as their headers and an X-Cekuratest-Size
	// header, not their content: the fake takes uploads of any size (a
	// recording, a knowledge base file) in the memory of their form fields.
	Body []byte
}

// ServerOption configures a Server. It is an interface with an unexported
// method, so that only this package's With… functions make one, and it can
// gain methods later.
type ServerOption interface{ apply(*serverConfig) }

// serverOption is a ServerOption made of a function.
type serverOption func(*serverConfig)

func (f serverOption) apply(c *serverConfig) { f(c) }

type serverConfig struct {
	apiKey   string
	seeds    []*cekura.CreateAgentRequest
	pageSize int
	clock    func() time.Time
	latency  time.Duration
	listener net.Listener
	chaos    *chaos
}

// WithAPIKey sets the API key the fake accepts (default: a random key, see
// Server.APIKey).
func WithAPIKey(key string) ServerOption {
	return serverOption(func(c *serverConfig) { c.apiKey = key })
}

// WithAgents seeds the fake with agents, given ids 1, 2, … in order. Seeds
// are stored as given, without validation, so a test can start from any
// state.
func WithAgents(reqs ...*cekura.CreateAgentRequest) ServerOption {
	return serverOption(func(c *serverConfig) { c.seeds = append(c.seeds, reqs...) })
}

// WithPageSize sets the size of a list page when the request names no
// page_size (default 10, as the API). A page_size in the request is capped
// at 100, as the API caps it; n <= 0 keeps the default.
func WithPageSize(n int) ServerOption {
	return serverOption(func(c *serverConfig) {
		if n > 0 {
			c.pageSize = n
		}
	})
}

// WithClock sets the clock the fake's own clock starts from (default
// time.Now): the one that stamps created_at and updated_at, and that
// Advance and the waits of Client's clients move forward to finish runs,
// evaluations and imports.
func WithClock(now func() time.Time) ServerOption {
	return serverOption(func(c *serverConfig) {
		if now != nil {
			c.clock = now
		}
	})
}

// WithLatency delays every answer by d, for tests of timeouts. A request
// whose client gives up, or a Close, ends the wait.
func WithLatency(d time.Duration) ServerOption {
	return serverOption(func(c *serverConfig) { c.latency = d })
}

// WithListener serves on l instead of a new listener on a random port of
// 127.0.0.1 (cmd/cekura-fake uses it to serve on a chosen address).
func WithListener(l net.Listener) ServerOption {
	return serverOption(func(c *serverConfig) { c.listener = l })
}

// NewServer starts a fake API. Call Close when done.
func NewServer(opts ...ServerOption) *Server {
	cfg := serverConfig{pageSize: defaultPageSize, clock: time.Now}
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	if cfg.apiKey == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		cfg.apiKey = "sk_fake_" + hex.EncodeToString(b)
	}
	s := &Server{
		apiKey:   cfg.apiKey,
		pageSize: cfg.pageSize,
		clock:    cfg.clock,
		latency:  cfg.latency,
		done:     make(chan struct{}),
		agents:   newStore[agent](),

		scenarios:   newStore[scenario](),
		results:     newStore[result](),
		runs:        newStore[run](),
		generations: map[string]*generation{},
		outcome:     Outcome{Duration: 30 * time.Second},
		calls:       newStore[call](),
		metrics:     newStore[metric](),

		testProfiles: newStore[testProfile](),
		cronJobs:     newStore[cronJob](),

		unannouncedResults: map[int64]struct{}{},
		unannouncedCalls:   map[int64]struct{}{},
		chaos:              cfg.chaos,
	}
	s.idle = sync.NewCond(&s.mu)
	s.routes = []route{s.triggerRoute(), s.agentRoute(), s.scenarioRoute(), s.resultRoute(), s.runRoute(),
		s.callRoute(), s.metricRoute(), s.suiteRoute(), {collection: observePath, create: s.observe},
		s.testProfileRoute(), s.cronJobRoute(), s.callLogV1Route(), s.alertRoute(),
		s.predefinedMetricRoute(), s.criticalMetricScenarioRoute(), s.metricReviewRoute()}
	s.routes = append(s.routes, s.workspaceRoutes()...)
	s.routes = append(s.routes, s.catalogRoutes()...)
	s.addScenarioAuthoring()
	s.routes = append(s.routes, s.dashboardRoutes()...)
	s.routes = append(s.routes, s.insightRoutes()...)
	for _, r := range cfg.seeds {
		if r != nil {
			s.seed(r)
		}
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if cfg.listener != nil {
		_ = s.ts.Listener.Close()
		s.ts.Listener = cfg.listener
	}
	s.ts.Start()
	s.url = s.ts.URL
	if tcp, ok := s.ts.Listener.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		s.url = "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	s.hc = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return s
}

// URL returns the fake's base URL, such as http://127.0.0.1:41234, for
// cekura.WithBaseURL. A fake listening on every interface (0.0.0.0 or ::)
// gives its loopback address, which the SDK accepts over plain http; from
// another host, use that host's name with cekura.WithInsecureHTTP.
func (s *Server) URL() string { return s.url }

// String names the fake by its URL; it never shows the API key it accepts.
func (s *Server) String() string { return "cekuratest.Server(" + s.url + ")" }

// Format prints String under every verb, so that %+v or %#v of a Server
// (or of a struct holding one) cannot show its key.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue logs the fake by its URL.
func (s *Server) LogValue() slog.Value { return slog.StringValue(s.String()) }

// APIKey returns the API key the fake accepts.
func (s *Server) APIKey() string { return s.apiKey }

// Client returns a cekura.Client wired to the fake: its URL, its key, an
// HTTP client of its own that Close shuts down, and retry waits that take no
// real time (Retry-After included; see RetryWaits), so that a test of a 429
// runs in milliseconds. opts come after those, so they can override them
// (cekura.WithMaxRetries, cekura.WithLogger …).
func (s *Server) Client(opts ...cekura.Option) *cekura.Client {
	all := append([]cekura.Option{cekura.WithBaseURL(s.URL()), cekura.WithHTTPClient(s.hc), hook.RetryWaiter(s.retryWait).(cekura.Option)}, opts...)
	c, err := cekura.NewClient(s.apiKey, all...)
	if err != nil {
		// Only a caller's own invalid option gets here.
		panic("cekuratest: Server.Client: " + err.Error())
	}
	return c
}

// Close stops the fake and waits for its requests to end; in-flight latency
// waits end at once.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		s.mu.Lock()
		for s.inflight > 0 {
			s.idle.Wait()
		}
		s.mu.Unlock()
		s.ts.Close()
		s.hc.CloseIdleConnections()
	})
}

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedRequest, len(s.requests))
	for i, r := range s.requests {
		out[i] = RecordedRequest{Method: r.Method, Path: r.Path, Query: cloneValues(r.Query), Header: r.Header.Clone(), Body: bytes.Clone(r.Body)}
	}
	return out
}

// Agents returns every stored agent as the API would return it, by id.
func (s *Server) Agents() []*cekura.Agent {
	s.mu.Lock()
	ids := s.agents.ids(nil)
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		a, _ := s.agents.get(id)
		bodies[i], _ = json.Marshal(a.answer())
	}
	s.mu.Unlock()
	out := make([]*cekura.Agent, 0, len(bodies))
	for _, b := range bodies {
		a := new(cekura.Agent)
		if json.Unmarshal(b, a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// AgentSecrets are the write-only values the fake stores for an agent: what
// the SDK sent and the API never returns, so that a test can assert that a
// secret reached the API (and, with Requests, that it was sent only where
// it belongs). A value never sent, or cleared, is empty. Fields may be added.
type AgentSecrets struct {
	// ProviderAPIKey is provider.credentials.api_key.
	ProviderAPIKey cekura.Secret
	// WebhookSecret is webhook_secret, which Cekura sends in
	// X-CEKURA-SECRET with the agent's webhooks.
	WebhookSecret cekura.Secret
	// SIPPassword is telephony.sip_auth.password.
	SIPPassword cekura.Secret
	// WebsocketPassword is telephony.websocket_auth.password.
	WebsocketPassword cekura.Secret
	// ProviderConfig is provider.credentials.config as stored, a JSON
	// object, for the secrets it holds (LiveKit's api_secret, a trigger
	// secret …); the API returns none of it. Unmarshal it into the
	// provider's config type, such as cekura.LiveKitConfig.
	ProviderConfig json.RawMessage
	// ChatConfig is provider.chat_agent_details.config as stored, a JSON
	// object (Agentforce's client_secret, Sierra's agent_token …), which
	// the API does not return either.
	ChatConfig json.RawMessage
}

// StoredSecrets returns the write-only values stored for the agent id, which
// the API never returns; false for an unknown id.
func (s *Server) StoredSecrets(id int64) (AgentSecrets, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.agents.get(id)
	if !ok {
		return AgentSecrets{}, false
	}
	out := AgentSecrets{
		WebhookSecret:     cekura.Secret(a.webhookSecret),
		SIPPassword:       cekura.Secret(a.telephony.sipPassword),
		WebsocketPassword: cekura.Secret(a.extra.websocketPass),
	}
	if c := a.provider.credentials; c != nil {
		out.ProviderAPIKey = cekura.Secret(c.apiKey)
		out.ProviderConfig = objectJSON(c.config)
	}
	if c := a.provider.chat; c != nil {
		out.ChatConfig = objectJSON(c.config)
	}
	return out, true
}

// objectJSON is a stored JSON object as JSON; nil when there is none.
func objectJSON(obj map[string]json.RawMessage) json.RawMessage {
	if obj == nil {
		return nil
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	return b
}

func (s *Server) seed(r *cekura.CreateAgentRequest) {
	body, err := json.Marshal(r)
	if err != nil {
		return
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return
	}
	now := s.now()
	a := &agent{language: "en", createdAt: now, updatedAt: now}
	a.apply(fields, false)
	a.id = s.agents.insert(a)
	a.extra.snapshot(a, "+", now)
}

// now is the fake's clock; call with s.mu held (or before serving).
func (s *Server) now() time.Time { return s.clock().UTC().Add(s.offset) }

// serveHTTP records the request, applies injected faults and latency, checks
// the key and routes.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	s.record(r, body)
	if s.latency > 0 && !s.wait(r.Context()) {
		return
	}
	if s.chaos.strike(w, r) {
		return
	}
	if f, ok := s.takeFault(r, false); ok {
		writeFault(w, f)
		return
	}
	switch {
	case errors.Is(err, errBodyTooLarge):
		writeJSON(w, http.StatusRequestEntityTooLarge, detail("Request body too large."))
		return
	case errors.Is(err, errMultipart):
		writeJSON(w, http.StatusBadRequest, detail("Multipart form parse error."))
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, detail("Could not read the request body."))
		return
	}
	switch key := r.Header.Get(keyHeader); {
	case key == "":
		writeJSON(w, http.StatusUnauthorized, detail("Authentication credentials were not provided."))
		return
	case key != s.apiKey:
		writeJSON(w, http.StatusUnauthorized, detail("Invalid API key."))
		return
	}
	s.route(w, r, body)
}

func (s *Server) wait(ctx context.Context) bool {
	t := time.NewTimer(s.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

func (s *Server) record(r *http.Request, body []byte) {
	h := r.Header.Clone()
	if _, ok := h[keyHeader]; ok {
		h[keyHeader] = []string{cekura.Redacted}
	}
	s.mu.Lock()
	s.requests = append(s.requests, RecordedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: h, Body: body})
	s.mu.Unlock()
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	s.mu.Lock()
	s.announce() // time may have passed
	s.mu.Unlock()
	for i := range s.routes {
		if s.routes[i].serve(w, r, body) {
			return
		}
	}
	writeJSON(w, http.StatusNotFound, detail("Not found."))
}

func methodNotAllowed(w http.ResponseWriter, method, allow string) {
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, detail(fmt.Sprintf("Method %q not allowed.", method)))
}

func detail(msg string) map[string]string { return map[string]string{"detail": msg} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"detail": "Internal server error."}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
