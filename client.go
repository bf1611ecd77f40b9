package cekura

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/cekura-go/cekura/internal/hook"
)

// Version is this SDK's version, sent in the User-Agent header.
const Version = "1.0.0"

// DefaultBaseURL is the Cekura API's address.
const DefaultBaseURL = "https://api.cekura.ai"

// DefaultTimeout bounds one attempt of a request made with the default
// HTTP client (a context deadline bounds the whole call, retries included).
const DefaultTimeout = 60 * time.Second

// apiKeyHeader is the API's authentication header, in canonical form.
const apiKeyHeader = "X-Cekura-Api-Key"

// ErrInvalidConfig matches the errors NewClient and NewClientFromEnv return
// for an option or environment value they cannot use.
var ErrInvalidConfig = errors.New("cekura: invalid client configuration")

// Client is a Cekura API client. It is safe for concurrent use and meant to
// be made once and shared: it keeps its connections open between calls.
type Client struct {
	// Agents creates, reads, changes and deletes AI voice agents.
	Agents *AgentsService
	// Scenarios are the agents' test scenarios (evaluators).
	Scenarios *ScenariosService
	// Tests starts test runs of an agent's scenarios.
	Tests *TestsService
	// Results reads the results of test runs and waits for their verdict.
	Results *ResultsService
	// Runs reads single test runs: transcripts, evaluations.
	Runs *RunsService
	// Calls sends production calls for monitoring and reads their evaluation.
	Calls *CallsService
	// Metrics manages the metrics calls and runs are evaluated with.
	Metrics *MetricsService
	// TestProfiles manages test profiles: the test data scenarios and runs
	// name by id.
	TestProfiles *TestProfilesService
	// Schedules manages schedules (cron jobs): scenarios run on a
	// recurring timetable.
	Schedules *SchedulesService
	// Projects manages projects and their settings, webhooks included.
	Projects *ProjectsService
	// Organizations lists the organizations the API key belongs to.
	Organizations *OrganizationsService
	// APIKeys creates API keys.
	APIKeys *APIKeysService
	// AuditLogs lists an organization's audit logs.
	AuditLogs *AuditLogsService
	// Billing reads an organization's credits, subscription and payments.
	Billing *BillingService
	// Personalities manages personalities: the simulated callers scenarios
	// and runs name by id.
	Personalities *PersonalitiesService
	// TestSets makes labeled test sets from test runs and production calls.
	TestSets *TestSetsService
	// PhoneNumbers lists the phone numbers of the organization.
	PhoneNumbers *PhoneNumbersService
	// Tools reads a project's catalogue of mock tools.
	Tools *ToolsService
	// PredefinedMetrics reads Cekura's catalogue of predefined metrics.
	PredefinedMetrics *PredefinedMetricsService
	// CriticalMetricScenarios triages the scenarios metrics flagged as
	// critical.
	CriticalMetricScenarios *CriticalMetricScenariosService
	// MetricReviews is Labs: feedback on metrics' verdicts, and the
	// optimisation that improves a metric from it.
	MetricReviews *MetricReviewsService
	// Dashboards manages analytics dashboards over the call logs.
	Dashboards *DashboardsService
	// Widgets manages the dashboards' widgets (charts) and reads their data.
	Widgets *WidgetsService
	// Alerts reviews the alerts on production calls' metrics: what fired,
	// how often, and a summary of an alert's fires.
	Alerts *AlertsService
	// FailureInsights reads metric failure-mode insights: failure rates,
	// failure categories and their calls, on-demand audits.
	FailureInsights *FailureInsightsService
	// ResearchInsights runs and reads deep research audits of a project's
	// calls.
	ResearchInsights *ResearchInsightsService
	// AgentImprovements starts and follows "Improve Agent" sessions.
	AgentImprovements *AgentImprovementsService
	// ScenarioImprovements manages scenario-improvement sessions.
	ScenarioImprovements *ScenarioImprovementsService

	// Only pointers here: fmt prints unexported fields raw, so the key
	// lives behind one.
	core *core
}

// core holds what every call needs, computed once per client (and once per
// call that has options of its own).
type core struct {
	cfg     clientConfig // what the options set; per-call options start here
	base    *url.URL     // parsed base URL, no trailing slash in Path
	baseURL string
	origin  string // origin(base)
	// authorize sets the API key header. A closure, so that no printing of
	// a struct by reflection can ever reach the key.
	authorize func(h http.Header)
	// scrub replaces the API key in an error answer's body, should the
	// server echo it; a closure for the same reason.
	scrub        func(body []byte) []byte
	userAgent    []string
	hc           *http.Client
	retry        retryPolicy
	logger       *slog.Logger
	validate     bool
	headers      http.Header // WithHeader's, sent with every request
	responseInto **http.Response
	sleep        func(ctx context.Context, d time.Duration) error
	customWait   bool // WithRetryWaiter: the waiter, not the wall clock, judges deadlines
	now          func() time.Time
}

// clientConfig is what the options set.
type clientConfig struct {
	baseURL        string
	httpClient     *http.Client
	userAgent      string
	maxRetries     int
	minBackoff     time.Duration
	maxBackoff     time.Duration
	logger         *slog.Logger
	skipValidation bool
	insecureHTTP   bool
	headers        http.Header
	responseInto   **http.Response
	retryWaiter    func(ctx context.Context, d time.Duration) error
	errs           []error
}

func (c *clientConfig) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidConfig}, args...)...))
}

// Option configures a Client, when given to [NewClient], or one call, when
// given to a method: a per-call option changes that call only.
//
//	agent, err := client.Agents.Get(ctx, id, cekura.WithMaxRetries(5))
//
// Option is an interface with an unexported method, so that only this
// package's With… functions make one, and it can gain methods later.
type Option interface{ apply(*clientConfig) }

// optionFunc is an Option made of a function.
type optionFunc func(*clientConfig)

func (f optionFunc) apply(c *clientConfig) { f(c) }

// WithBaseURL sets the API's address (default [DefaultBaseURL]). It may carry
// a path prefix. Plain http:// is refused unless the host is a loopback
// address, so that the API key never crosses a network in clear text.
func WithBaseURL(u string) Option {
	return optionFunc(func(c *clientConfig) { c.baseURL = u })
}

// WithHTTPClient sets the HTTP client to send requests with: a transport
// for proxies, tracing or mocks (httpmock), timeouts. The client is never
// modified; the SDK uses a copy whose redirect check drops the API key on a
// redirect to another host.
func WithHTTPClient(hc *http.Client) Option {
	return optionFunc(func(c *clientConfig) {
		if hc == nil {
			c.fail("WithHTTPClient: nil *http.Client")
			return
		}
		c.httpClient = hc
	})
}

// WithUserAgent appends s to the User-Agent header, after
// "cekura-go/<version> (<os>/<arch>; <go version>)".
func WithUserAgent(s string) Option {
	return optionFunc(func(c *clientConfig) {
		if strings.ContainsAny(s, "\r\n") {
			c.fail("WithUserAgent: the user agent must be one line")
			return
		}
		c.userAgent = strings.TrimSpace(s)
	})
}

// WithMaxRetries sets how many times a failed request may be retried
// (default 2); 0 disables retries. See the package documentation for which
// failures are retried.
func WithMaxRetries(n int) Option {
	return optionFunc(func(c *clientConfig) {
		if n < 0 {
			c.fail("WithMaxRetries(%d): must be 0 or more", n)
			return
		}
		c.maxRetries = n
	})
}

// WithRetryBackoff sets the bounds of the exponential backoff between
// retries (default 0.5 s to 8 s). A Retry-After from the API takes
// precedence, up to 60 s.
func WithRetryBackoff(min, max time.Duration) Option {
	return optionFunc(func(c *clientConfig) {
		if min <= 0 || max < min {
			c.fail("WithRetryBackoff(%s, %s): need 0 < min <= max", min, max)
			return
		}
		c.minBackoff, c.maxBackoff = min, max
	})
}

// WithLogger logs each attempt at debug level: method, path, status,
// attempt and duration, and each retry with its wait. Nothing else: no
// header, body, query or secret. nil turns logging off (the default).
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *clientConfig) { c.logger = l })
}

// WithHeader sends an extra header with every request (given to NewClient)
// or with one call: a tracing or tenant header, say. It refuses the API key
// header (the key is NewClient's argument, and is sent only to the API) and
// the hop-by-hop headers that net/http manages (Connection, Host,
// Transfer-Encoding …). The same key given twice keeps the last value.
func WithHeader(key, value string) Option {
	return optionFunc(func(c *clientConfig) {
		k := http.CanonicalHeaderKey(strings.TrimSpace(key))
		switch {
		case !validHeaderName(k):
			c.fail("WithHeader(%q): not a valid header name (letters, digits and !#$%%&'*+-.^_`|~ only)", key)
		case k == apiKeyHeader:
			c.fail("WithHeader: the API key header is set by NewClient and sent only to the API; it cannot be set as a header")
		case hopByHop[k]:
			c.fail("WithHeader(%q): a hop-by-hop or transport header, managed by net/http", k)
		case !validFieldValue(value):
			c.fail("WithHeader(%q): the value must be one line of visible characters, spaces and tabs", k)
		default:
			c.headers = c.headers.Clone()
			if c.headers == nil {
				c.headers = http.Header{}
			}
			c.headers[k] = []string{value}
		}
	})
}

// hopByHop are the headers WithHeader refuses: hop-by-hop (RFC 9110 7.6.1)
// and those net/http writes itself.
var hopByHop = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Proxy-Authenticate": true,
	"Proxy-Authorization": true, "Te": true, "Trailer": true, "Transfer-Encoding": true,
	"Upgrade": true, "Host": true, "Content-Length": true,
}

// WithResponseInto stores the last HTTP response of a call in *dst, for its
// status and headers (a request id, rate-limit headers); its body has been
// read and closed, and its request's API key header reads Redacted. It is
// an option of a call: NewClient refuses it.
func WithResponseInto(dst **http.Response) Option {
	return optionFunc(func(c *clientConfig) {
		if dst == nil {
			c.fail("WithResponseInto: nil **http.Response")
			return
		}
		c.responseInto = dst
	})
}

// WithInsecureHTTP allows a plain-http base URL whose host is not loopback,
// such as a fake server in docker-compose (http://cekura-fake:8080). The API
// key then crosses the network in clear text: never use it with a real key.
func WithInsecureHTTP() Option {
	return optionFunc(func(c *clientConfig) { c.insecureHTTP = true })
}

// withRetryWaiter replaces how the client waits (by default a timer that the
// context interrupts): between attempts, between a waiter's polls, and in
// judging whether a wait fits before the context's deadline. wait is given
// the duration, Retry-After included, and returns ctx's error if ctx ends
// first. cekuratest's clients use it, through internal/hook, to wait on the
// fake's clock; it is not exported, since no caller needs another clock.
func withRetryWaiter(wait func(ctx context.Context, d time.Duration) error) Option {
	return optionFunc(func(c *clientConfig) {
		if wait == nil {
			c.fail("retry waiter: nil function")
			return
		}
		c.retryWaiter = wait
	})
}

func init() {
	hook.RetryWaiter = func(wait func(ctx context.Context, d time.Duration) error) any { return withRetryWaiter(wait) }
}

// WithoutClientValidation turns off the SDK's checks of requests, sending
// what the caller built and letting the API judge it. Nil requests and
// contexts are still refused.
func WithoutClientValidation() Option {
	return optionFunc(func(c *clientConfig) { c.skipValidation = true })
}

// NewClient returns a client that authenticates with apiKey. It returns an
// error (matching [ErrInvalidConfig]) for an empty or malformed key, a base
// URL that does not parse, or a plain-http base URL whose host is not
// loopback.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	cfg := clientConfig{
		baseURL:    DefaultBaseURL,
		maxRetries: DefaultMaxRetries,
		minBackoff: DefaultMinBackoff,
		maxBackoff: DefaultMaxBackoff,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	return newClient(apiKey, &cfg)
}

// NewClientFromEnv returns a client configured from the environment:
// CEKURA_API_KEY (required) and CEKURA_BASE_URL (optional; else
// CEKURA_API_URL, the name Cekura's Python SDK reads). Options override the
// environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	key, ok := os.LookupEnv("CEKURA_API_KEY")
	if !ok || strings.TrimSpace(key) == "" {
		return nil, fmt.Errorf("%w: CEKURA_API_KEY is not set", ErrInvalidConfig)
	}
	base := strings.TrimSpace(os.Getenv("CEKURA_BASE_URL"))
	if base == "" {
		base = strings.TrimSpace(os.Getenv("CEKURA_API_URL"))
	}
	if base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	return NewClient(strings.TrimSpace(key), opts...)
}

func newClient(apiKey string, cfg *clientConfig) (*Client, error) {
	if apiKey == "" {
		cfg.fail("empty API key")
	} else if !validHeaderValue(apiKey) {
		cfg.fail("the API key has spaces or control characters")
	}
	if cfg.responseInto != nil {
		cfg.fail("WithResponseInto is an option of a call, not of a client (calls share a client): give it to the method")
	}
	if len(cfg.errs) > 0 {
		return nil, errors.Join(cfg.errs...)
	}
	c, err := buildCore(cfg, &core{authorize: authorizer(apiKey), scrub: keyScrubber(apiKey), sleep: sleepContext, now: time.Now})
	if err != nil {
		return nil, err
	}
	client := &Client{core: c}
	client.Agents = &AgentsService{c: c}
	client.Scenarios = &ScenariosService{c: c}
	client.Tests = &TestsService{c: c}
	client.Results = &ResultsService{c: c}
	client.Runs = &RunsService{c: c}
	client.Calls = &CallsService{c: c}
	client.Metrics = &MetricsService{c: c}
	client.TestProfiles = &TestProfilesService{c: c}
	client.Schedules = &SchedulesService{c: c}
	client.Projects = &ProjectsService{c: c}
	client.Organizations = &OrganizationsService{c: c}
	client.APIKeys = &APIKeysService{c: c}
	client.AuditLogs = &AuditLogsService{c: c}
	client.Billing = &BillingService{c: c}
	client.Personalities = &PersonalitiesService{c: c}
	client.TestSets = &TestSetsService{c: c}
	client.PhoneNumbers = &PhoneNumbersService{c: c}
	client.Tools = &ToolsService{c: c}
	client.PredefinedMetrics = &PredefinedMetricsService{c: c}
	client.CriticalMetricScenarios = &CriticalMetricScenariosService{c: c}
	client.MetricReviews = &MetricReviewsService{c: c}
	client.Dashboards = &DashboardsService{c: c}
	client.Widgets = &WidgetsService{c: c}
	client.Alerts = &AlertsService{c: c}
	client.FailureInsights = &FailureInsightsService{c: c}
	client.ResearchInsights = &ResearchInsightsService{c: c}
	client.AgentImprovements = &AgentImprovementsService{c: c}
	client.ScenarioImprovements = &ScenarioImprovementsService{c: c}
	return client, nil
}

// buildCore returns a copy of prev configured by cfg, reusing what cfg does
// not change (the parsed base URL, the wrapped HTTP client).
func buildCore(cfg *clientConfig, prev *core) (*core, error) {
	if len(cfg.errs) > 0 {
		return nil, errors.Join(cfg.errs...)
	}
	c := *prev
	if prev.base == nil || cfg.baseURL != prev.cfg.baseURL || cfg.insecureHTTP != prev.cfg.insecureHTTP {
		base, err := parseBaseURL(cfg.baseURL, cfg.insecureHTTP)
		if err != nil {
			return nil, err
		}
		c.base, c.baseURL, c.origin = base, base.String(), origin(base)
	}
	if c.userAgent == nil || cfg.userAgent != prev.cfg.userAgent {
		ua := "cekura-go/" + Version + " (" + runtime.GOOS + "/" + runtime.GOARCH + "; " + runtime.Version() + ")"
		if cfg.userAgent != "" {
			ua += " " + cfg.userAgent
		}
		c.userAgent = []string{ua}
	}
	c.retry = retryPolicy{
		maxRetries: cfg.maxRetries,
		minBackoff: cfg.minBackoff,
		maxBackoff: cfg.maxBackoff,
		jitter:     defaultJitter,
	}
	if prev.retry.jitter != nil {
		c.retry.jitter = prev.retry.jitter
	}
	c.logger = cfg.logger
	c.validate = !cfg.skipValidation
	c.headers = cfg.headers
	c.responseInto = cfg.responseInto
	if cfg.retryWaiter != nil {
		c.sleep, c.customWait = cfg.retryWaiter, true
	}
	c.cfg = *cfg
	c.cfg.errs = nil
	if c.hc == nil || cfg.httpClient != prev.cfg.httpClient || c.base != prev.base {
		c.hc = c.wrapHTTPClient(cfg.httpClient)
	}
	return &c, nil
}

// with returns the core a call runs with: c itself, or a copy changed by the
// call's options.
func (c *core) with(opts []Option) (*core, error) {
	if len(opts) == 0 {
		return c, nil
	}
	cfg := c.cfg
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	return buildCore(&cfg, c)
}

// keyScrubber returns a function that replaces the API key in a body with
// Redacted (a key under 8 bytes is too short to tell from other text, and
// is left alone; the API's keys are far longer).
func keyScrubber(apiKey string) func([]byte) []byte {
	key := []byte(apiKey)
	return func(b []byte) []byte {
		if len(key) < 8 || !bytes.Contains(b, key) {
			return b
		}
		return bytes.ReplaceAll(b, key, []byte(Redacted))
	}
}

func authorizer(apiKey string) func(http.Header) {
	v := []string{apiKey}
	return func(h http.Header) { h[apiKeyHeader] = v }
}

// String describes the client without its API key.
func (c Client) String() string {
	if c.core == nil {
		return "cekura.Client{}"
	}
	return fmt.Sprintf("cekura.Client{BaseURL: %q, MaxRetries: %d}", c.core.baseURL, c.core.retry.maxRetries)
}

// GoString describes the client without its API key, for %#v.
func (c Client) GoString() string { return c.String() }

// Format prints String under every verb.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue logs the client's base URL, never its API key.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// BaseURL returns the API address the client sends requests to.
func (c *Client) BaseURL() string { return c.core.baseURL }

// parseBaseURL checks and normalises the base URL (no trailing slash).
func parseBaseURL(raw string, insecureHTTP bool) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	shown := shownURL(raw) // a refused URL may carry a token: its message never does
	if err != nil || raw == "" {
		return nil, fmt.Errorf("%w: base URL %q does not parse as a URL", ErrInvalidConfig, shown)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: base URL %q: the scheme must be https (or http for a loopback host)", ErrInvalidConfig, shown)
	case u.Host == "":
		return nil, fmt.Errorf("%w: base URL %q has no host", ErrInvalidConfig, shown)
	case u.User != nil:
		return nil, fmt.Errorf("%w: base URL %q must not carry user information", ErrInvalidConfig, shown)
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("%w: base URL %q must not have a query or fragment", ErrInvalidConfig, shown)
	case u.Scheme == "http" && !insecureHTTP && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("%w: base URL %q uses plain http to a host that is not loopback; the API key would cross the network in clear text: use https (or WithInsecureHTTP for a test server)", ErrInvalidConfig, shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// shownURL is raw as an error may show it: user information, query and
// fragment, where a token could hide, replaced by Redacted. User
// information ends at the last @ (a password may hold @, ? or #), so it
// is cut first; then the query or fragment.
func shownURL(raw string) string {
	head, rest := "", raw
	if i := strings.Index(rest, "//"); i >= 0 {
		head, rest = rest[:i+2], rest[i+2:]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		head, rest = head+Redacted+"@", rest[i+1:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i+1] + Redacted
	}
	return head + rest
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validHeaderName reports whether k is an RFC 9110 token.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validFieldValue reports whether v is a header value net/http sends: no
// control characters but tab.
func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// sameOrigin reports whether u is on the base URL's origin, the only place
// the API key may go.
func (c *core) sameOrigin(u *url.URL) bool {
	if u.Scheme == c.base.Scheme && u.Host == c.base.Host {
		return true // the common case, without building strings
	}
	return origin(u) == c.origin
}

// origin is a URL's scheme, host and port as RFC 6454 compares them: scheme
// and host without regard to case, the scheme's default port made explicit
// (https://api.cekura.ai and https://API.cekura.ai:443 are one origin).
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// ErrRedirectRefused matches the error of a call whose answer was a redirect
// the SDK will not follow: to another origin (the API never sends one, and
// the API key or the answer of another host must not be trusted), or a 301,
// 302 or 303 answering a POST, PUT, PATCH or DELETE, which net/http would
// follow as a GET, dropping the body and returning the GET's answer as if it
// were the write's.
var ErrRedirectRefused = errors.New("cekura: redirect refused")

// redirectError is a redirect the SDK refused; it matches ErrRedirectRefused.
type redirectError struct{ msg string }

func (e *redirectError) Error() string        { return e.msg }
func (e *redirectError) Is(target error) bool { return target == ErrRedirectRefused }

// wrapHTTPClient returns a copy of hc (or of the default client) whose
// redirect check refuses redirects to another origin and redirects that
// would change the method. net/http itself forwards custom headers such as
// X-CEKURA-API-KEY to other hosts, and turns a POST answered by a 302 into
// a GET.
func (c *core) wrapHTTPClient(hc *http.Client) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	} else {
		cp = http.Client{Transport: defaultTransport(), Timeout: DefaultTimeout}
	}
	next := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if !c.sameOrigin(req.URL) {
			req.Header.Del(apiKeyHeader)
			return &redirectError{fmt.Sprintf("refused a redirect to %s://%s, which is not the API's origin %s://%s",
				req.URL.Scheme, req.URL.Host, c.base.Scheme, c.base.Host)}
		}
		if req.Method != first.Method {
			return &redirectError{fmt.Sprintf("refused a %d redirect of a %s: net/http would send it on as a %s, without its body",
				req.Response.StatusCode, first.Method, req.Method)}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// stdTransport is net/http's own default transport, as the program started
// with it.
var stdTransport = http.DefaultTransport

// defaultTransport returns the transport of a client made without
// WithHTTPClient: the SDK's tuned transport, shared by every such client so
// that they share connections, unless http.DefaultTransport has been
// replaced (httpmock.Activate does so), in which case it is whatever
// http.DefaultTransport is when the client is made, so that a test's mock
// is not bypassed.
func defaultTransport() http.RoundTripper {
	if http.DefaultTransport != stdTransport {
		return http.DefaultTransport
	}
	return tunedTransport()
}

// tunedTransport keeps 64 idle connections per host: Go's default keeps 2,
// which makes concurrent callers open a new connection for about every
// second request.
var tunedTransport = sync.OnceValue(func() *http.Transport {
	t, ok := stdTransport.(*http.Transport)
	if ok {
		t = t.Clone()
	} else {
		t = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
	}
	t.ForceAttemptHTTP2 = true
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second
	return t
})

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
