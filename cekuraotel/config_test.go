package cekuraotel_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuraotel"
)

func TestConfigProblemsAreErrorsAtConstruction(t *testing.T) {
	const key = cekura.Secret("ck_live_4f9a2b7c")
	for _, tc := range []struct {
		name string
		cfg  cekuraotel.Config
		want []string // in the message
	}{
		{"no key", cekuraotel.Config{AgentID: 1}, []string{"APIKey is empty"}},
		{"key with a space", cekuraotel.Config{APIKey: "ck live", AgentID: 1}, []string{"APIKey has a character a header cannot carry (byte 3 of 7)"}},
		{"key with a newline", cekuraotel.Config{APIKey: "ck\nX-Other: 1", AgentID: 1}, []string{"byte 3 of 13"}},
		{"neither id", cekuraotel.Config{APIKey: key}, []string{"set one of AgentID and ProjectID"}},
		{"both ids", cekuraotel.Config{APIKey: key, AgentID: 1, ProjectID: 2}, []string{"not both"}},
		{"negative agent", cekuraotel.Config{APIKey: key, AgentID: -1}, []string{"AgentID is negative"}},
		{"negative project", cekuraotel.Config{APIKey: key, ProjectID: -1}, []string{"ProjectID is negative"}},
		{"unknown protocol", cekuraotel.Config{APIKey: key, AgentID: 1, Protocol: 7}, []string{"Protocol 7 is neither GRPC nor HTTP"}},
		{"relative endpoint", cekuraotel.Config{APIKey: key, AgentID: 1, Endpoint: "otel.cekura.ai:443"}, []string{"Endpoint is not an absolute"}},
		{"ftp endpoint", cekuraotel.Config{APIKey: key, AgentID: 1, Endpoint: "ftp://otel.example/x"}, []string{"(got ftp://otel.example/…)"}},
		{"plain http, not loopback, http", cekuraotel.Config{APIKey: key, AgentID: 1, Protocol: cekuraotel.HTTP, Endpoint: "http://collector.internal:4318/v1/traces"}, []string{"would travel in clear (got http://collector.internal:4318)"}},
		{"plain http, not loopback, grpc", cekuraotel.Config{APIKey: key, AgentID: 1, Endpoint: "http://10.0.0.5:4317"}, []string{"would travel in clear"}},
		{"grpc with a path", cekuraotel.Config{APIKey: key, AgentID: 1, Endpoint: "https://otel.example/v1/traces"}, []string{"gRPC does not use"}},
		{"user info", cekuraotel.Config{APIKey: key, AgentID: 1, Endpoint: "https://bob:hunter2@otel.example"}, []string{"user information", "https://[REDACTED]@otel.example"}},
		{"query", cekuraotel.Config{APIKey: key, AgentID: 1, Protocol: cekuraotel.HTTP, Endpoint: "https://otel.example/v1/traces?token=abc"}, []string{"query or fragment"}},
		{"everything at once", cekuraotel.Config{Protocol: 9}, []string{"APIKey is empty", "set one of AgentID", "Protocol 9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, build := range constructors {
				err := build(tc.cfg)
				if !errors.Is(err, cekuraotel.ErrInvalidConfig) {
					t.Fatalf("%s: %v, want ErrInvalidConfig", name, err)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: %q does not say %q", name, err, w)
					}
				}
				for _, leak := range []string{"hunter2", "token=abc", "/v1/traces", key.Reveal()} {
					if strings.Contains(err.Error(), leak) {
						t.Errorf("%s: %q echoes %q", name, err, leak)
					}
				}
			}
		})
	}
}

// constructors are the three ways to build an exporter; each checks the
// Config the same way.
var constructors = map[string]func(cekuraotel.Config) error{
	"NewExporter": func(c cekuraotel.Config) error {
		_, err := cekuraotel.NewExporter(context.Background(), c)
		return err
	},
	"NewSpanProcessor": func(c cekuraotel.Config) error {
		_, err := cekuraotel.NewSpanProcessor(context.Background(), c)
		return err
	},
	"NewTracerProvider": func(c cekuraotel.Config) error {
		_, err := cekuraotel.NewTracerProvider(context.Background(), c)
		return err
	},
}

func TestValidConfigs(t *testing.T) {
	for _, cfg := range []cekuraotel.Config{
		{APIKey: "k", AgentID: 1},                              // gRPC to otel.cekura.ai:443
		{APIKey: "k", ProjectID: 1, Protocol: cekuraotel.HTTP}, // HTTP to otel-http.cekura.ai
		{APIKey: "k", AgentID: 1, Endpoint: "http://127.0.0.1:4317"},
		{APIKey: "k", AgentID: 1, Endpoint: "http://localhost:4317/"},
		{APIKey: "k", AgentID: 1, Endpoint: "http://[::1]:4317"},
		{APIKey: "k", AgentID: 1, Endpoint: "https://collector.internal:4317"},
		{APIKey: "k", AgentID: 1, Protocol: cekuraotel.HTTP, Endpoint: "http://127.0.0.1:4318"},
		{APIKey: "k", AgentID: 1, Protocol: cekuraotel.HTTP, Endpoint: "https://gateway.example/cekura/v1/traces"},
	} {
		exp, err := cekuraotel.NewExporter(context.Background(), cfg)
		if err != nil {
			t.Errorf("%+v: %v", cfg, err)
			continue
		}
		_ = exp.Shutdown(context.Background())
	}
}

func TestProtocolString(t *testing.T) {
	for p, want := range map[cekuraotel.Protocol]string{cekuraotel.GRPC: "grpc", cekuraotel.HTTP: "http", 5: "Protocol(5)"} {
		if got := p.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(p), got, want)
		}
	}
}

// TestTheKeyNeverPrints formats a Config, and the errors of bad ones, with
// every fmt verb and slog handler, and looks for the key.
func TestTheKeyNeverPrints(t *testing.T) {
	const key = "ck_live_SECRETSECRET"
	cfgs := []cekuraotel.Config{
		{APIKey: key, AgentID: 2142, Protocol: cekuraotel.HTTP, Endpoint: "https://otel.example/v1/traces", ServiceName: "bot"},
		{APIKey: key + " x", AgentID: 1},                          // refused key
		{APIKey: key, AgentID: 1, ProjectID: 2},                   // refused ids
		{APIKey: key, AgentID: 1, Endpoint: "http://example.com"}, // refused endpoint
	}
	var out bytes.Buffer
	for _, cfg := range cfgs {
		values := []any{cfg, &cfg}
		if _, err := cekuraotel.NewExporter(context.Background(), cfg); err != nil {
			values = append(values, err)
		}
		for _, v := range values {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X"} {
				fmt.Fprintf(&out, verb+"\n", v)
			}
			fmt.Fprintln(&out, v)
		}
		slog.New(slog.NewJSONHandler(&out, nil)).Info("config", "cfg", cfg, "ptr", &cfg)
		slog.New(slog.NewTextHandler(&out, nil)).Info("config", "cfg", cfg, "ptr", &cfg)
	}
	s := out.String()
	for _, leak := range []string{"SECRETSECRET", fmt.Sprintf("%x", "SECRETSECRET"), fmt.Sprintf("%X", "SECRETSECRET")} {
		if strings.Contains(s, leak) {
			t.Fatalf("the key (%s) is in:\n%s", leak, s)
		}
	}
	// The rest of the Config is still shown.
	for _, want := range []string{"AgentID:2142", cekura.Redacted, `"agent_id":2142`, `"api_key":"[REDACTED]"`, "service_name=bot"} {
		if !strings.Contains(s, want) {
			t.Errorf("the output does not show %q:\n%s", want, s)
		}
	}
}
