package cekuraotel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Cekura's OTLP endpoints and the headers its exporter sends.
const (
	// DefaultGRPCEndpoint is Cekura's OTLP/gRPC endpoint (the recommended one).
	DefaultGRPCEndpoint = "https://otel.cekura.ai:443"
	// DefaultHTTPEndpoint is Cekura's OTLP/HTTP endpoint, for where HTTP/2
	// is not available.
	DefaultHTTPEndpoint = "https://otel-http.cekura.ai/v1/traces"

	// HeaderAPIKey carries the API key (HTTP header or gRPC metadata).
	HeaderAPIKey = "x-cekura-api-key"
	// HeaderAgentID carries the Cekura agent id the traces belong to.
	HeaderAgentID = "x-cekura-agent-id"
	// HeaderProjectID carries the Cekura project id, instead of an agent id.
	HeaderProjectID = "x-cekura-project-id"
)

// Protocol is the OTLP transport an exporter uses.
type Protocol int

const (
	// GRPC exports over OTLP/gRPC, the default.
	GRPC Protocol = iota
	// HTTP exports over OTLP/HTTP with protobuf bodies.
	HTTP
)

// String returns "grpc" or "http".
func (p Protocol) String() string {
	switch p {
	case GRPC:
		return "grpc"
	case HTTP:
		return "http"
	}
	return "Protocol(" + strconv.Itoa(int(p)) + ")"
}

// ErrInvalidConfig matches the errors NewExporter, NewSpanProcessor and
// NewTracerProvider return for a Config they cannot use. The error names
// every problem at once and never contains the API key.
var ErrInvalidConfig = errors.New("cekuraotel: invalid tracing configuration")

// Config says where and as whom spans are exported to Cekura.
//
// It holds the API key as a cekura.Secret, so that printing a Config with
// fmt (any verb) or logging it with slog shows [REDACTED] in its place.
type Config struct {
	// APIKey is the Cekura API key, sent as x-cekura-api-key. Required.
	APIKey cekura.Secret
	// AgentID or ProjectID (exactly one) names what the traces belong to,
	// sent as x-cekura-agent-id or x-cekura-project-id.
	AgentID   int64
	ProjectID int64
	// Protocol is GRPC (the default) or HTTP.
	Protocol Protocol
	// Endpoint overrides Cekura's endpoint, for tests: a URL such as
	// "http://127.0.0.1:4318/v1/traces" for HTTP (an empty path means
	// /v1/traces), or "http://127.0.0.1:4317" for gRPC (no path). https://
	// anywhere; http:// only to a loopback host, since the API key would
	// travel in clear. Empty means DefaultGRPCEndpoint or DefaultHTTPEndpoint.
	Endpoint string
	// ServiceName is the resource's service.name for NewTracerProvider
	// (default: OpenTelemetry's, unknown_service:<program name>).
	ServiceName string
}

// LogValue makes slog print a Config with its key redacted, with every
// handler (the JSON handler would otherwise marshal the key's real value).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_key", cekura.Redacted),
		slog.Int64("agent_id", c.AgentID),
		slog.Int64("project_id", c.ProjectID),
		slog.String("protocol", c.Protocol.String()),
		slog.String("endpoint", shownEndpoint(c.Endpoint)),
		slog.String("service_name", c.ServiceName),
	)
}

// endpoint is a checked Config.Endpoint.
type endpoint struct {
	url      string // what WithEndpointURL gets
	insecure bool
}

// check validates the configuration and returns every problem at once,
// wrapped in ErrInvalidConfig. No message echoes the key, or an endpoint's
// user information, path or query.
func (c *Config) check() (endpoint, error) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	key := c.APIKey.Reveal()
	switch {
	case key == "":
		add("APIKey is empty")
	default:
		for i := 0; i < len(key); i++ {
			if b := key[i]; b <= ' ' || b >= 0x7f {
				add("APIKey has a character a header cannot carry (byte %d of %d)", i+1, len(key))
				break
			}
		}
	}
	switch {
	case c.AgentID < 0:
		add("AgentID is negative")
	case c.ProjectID < 0:
		add("ProjectID is negative")
	case c.AgentID == 0 && c.ProjectID == 0:
		add("set one of AgentID and ProjectID")
	case c.AgentID != 0 && c.ProjectID != 0:
		add("set AgentID or ProjectID, not both")
	}
	if c.Protocol != GRPC && c.Protocol != HTTP {
		add("Protocol %d is neither GRPC nor HTTP", int(c.Protocol))
	}
	ep, problem := c.checkEndpoint()
	if problem != "" {
		add("%s", problem)
	}
	if len(problems) > 0 {
		return endpoint{}, fmt.Errorf("%w: %s", ErrInvalidConfig, strings.Join(problems, "; "))
	}
	return ep, nil
}

func (c *Config) checkEndpoint() (endpoint, string) {
	raw := c.Endpoint
	if raw == "" {
		if c.Protocol == HTTP {
			return endpoint{url: DefaultHTTPEndpoint}, ""
		}
		return endpoint{url: DefaultGRPCEndpoint}, ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return endpoint{}, "Endpoint is not an absolute http:// or https:// URL"
	}
	shown := u.Scheme + "://" + u.Host
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return endpoint{}, fmt.Sprintf("Endpoint is not an absolute http:// or https:// URL (got %s/…)", shown)
	case u.User != nil:
		return endpoint{}, fmt.Sprintf("Endpoint has user information: send credentials in APIKey only (got %s/…)", u.Scheme+"://[REDACTED]@"+u.Host)
	case u.RawQuery != "" || u.Fragment != "":
		return endpoint{}, fmt.Sprintf("Endpoint has a query or fragment (got %s/…)", shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return endpoint{}, fmt.Sprintf("Endpoint is plain http:// to a host that is not loopback: the API key would travel in clear (got %s)", shown)
	case c.Protocol == GRPC && u.Path != "" && u.Path != "/":
		return endpoint{}, fmt.Sprintf("Endpoint has a path, which gRPC does not use (got %s/…)", shown)
	}
	if c.Protocol == HTTP && (u.Path == "" || u.Path == "/") {
		u.Path = "/v1/traces"
	}
	return endpoint{url: u.String(), insecure: u.Scheme == "http"}, ""
}

// shownEndpoint is an endpoint as it may be printed: its user information,
// if any, redacted.
func shownEndpoint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable]"
	}
	if u.User != nil {
		u.User = url.User(cekura.Redacted)
	}
	return u.String()
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// headers are the headers (or gRPC metadata) Cekura wants.
func (c *Config) headers() map[string]string {
	h := map[string]string{HeaderAPIKey: c.APIKey.Reveal()}
	if c.AgentID != 0 {
		h[HeaderAgentID] = strconv.FormatInt(c.AgentID, 10)
	} else {
		h[HeaderProjectID] = strconv.FormatInt(c.ProjectID, 10)
	}
	return h
}

// httpTransport is the OTLP/HTTP exporter's transport: otlptracehttp's
// own settings.
var httpTransport = &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          100,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
}

// httpClient is the OTLP/HTTP exporter's client. It follows no redirect:
// net/http would forward x-cekura-api-key to wherever a redirect points
// (it keeps only Authorization and cookies to the same domain), and an
// OTLP endpoint has no reason to redirect. A redirect is answered as the
// failed export it is. The timeout is otlptracehttp's default.
var httpClient = &http.Client{
	Transport: httpTransport,
	Timeout:   10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// NewExporter returns an OTLP trace exporter configured for Cekura: its
// endpoint (or cfg.Endpoint), its headers, gRPC or HTTP. Wrap it in a
// span processor of your own, or use NewSpanProcessor. A Config it cannot
// use is an error here (matching ErrInvalidConfig), not at the first
// export. The exporter connects lazily: nothing is sent until spans are.
//
// The HTTP exporter follows no redirect, so that the key cannot be
// forwarded to another host; its HTTP client is this package's, so the
// OTEL_EXPORTER_OTLP_CERTIFICATE and _TIMEOUT variables do not apply to it
// (proxies from the environment do). For a client of your own, build the
// exporter with otlptracehttp and the headers HeaderAPIKey and
// HeaderAgentID or HeaderProjectID.
func NewExporter(ctx context.Context, cfg Config) (sdktrace.SpanExporter, error) {
	ep, err := cfg.check()
	if err != nil {
		return nil, err
	}
	var exp sdktrace.SpanExporter
	switch cfg.Protocol {
	case HTTP:
		opts := []otlptracehttp.Option{otlptracehttp.WithEndpointURL(ep.url), otlptracehttp.WithHeaders(cfg.headers()), otlptracehttp.WithHTTPClient(httpClient)}
		if ep.insecure {
			opts = append(opts, otlptracehttp.WithInsecure())
		}
		exp, err = otlptracehttp.New(ctx, opts...)
	default:
		opts := []otlptracegrpc.Option{otlptracegrpc.WithEndpointURL(ep.url), otlptracegrpc.WithHeaders(cfg.headers())}
		if ep.insecure {
			opts = append(opts, otlptracegrpc.WithInsecure())
		}
		exp, err = otlptracegrpc.New(ctx, opts...)
	}
	if err != nil {
		// The exporters' errors name neither headers nor their values.
		return nil, fmt.Errorf("cekuraotel: creating the %s exporter: %w", cfg.Protocol, err)
	}
	return exp, nil
}

// NewSpanProcessor returns a batch span processor that exports to Cekura:
// add it to a TracerProvider you already have, beside your own exporters,
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(yours), sdktrace.WithSpanProcessor(sp))
//	// or, later: tp.RegisterSpanProcessor(sp)
//
// opts tune the batching (sdktrace.WithBatchTimeout, WithMaxQueueSize …).
func NewSpanProcessor(ctx context.Context, cfg Config, opts ...sdktrace.BatchSpanProcessorOption) (sdktrace.SpanProcessor, error) {
	exp, err := NewExporter(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return sdktrace.NewBatchSpanProcessor(exp, opts...), nil
}

// NewTracerProvider returns a TracerProvider that exports every span to
// Cekura through a batch span processor, with a resource that names the
// service (cfg.ServiceName), for programs that have no TracerProvider yet.
// opts come after those, so they can add processors, a sampler or another
// resource. Shut it down (Shutdown) before the program exits, or the last
// batch is lost.
func NewTracerProvider(ctx context.Context, cfg Config, opts ...sdktrace.TracerProviderOption) (*sdktrace.TracerProvider, error) {
	sp, err := NewSpanProcessor(ctx, cfg)
	if err != nil {
		return nil, err
	}
	res := resource.Default()
	if cfg.ServiceName != "" {
		res, err = resource.Merge(res, resource.NewSchemaless(attribute.String("service.name", cfg.ServiceName)))
		if err != nil {
			return nil, fmt.Errorf("cekuraotel: the resource: %w", err)
		}
	}
	all := append([]sdktrace.TracerProviderOption{sdktrace.WithSpanProcessor(sp), sdktrace.WithResource(res)}, opts...)
	return sdktrace.NewTracerProvider(all...), nil
}
