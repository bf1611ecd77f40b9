package cekuratest

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
)

// The fake's own values that carry secrets print without them, as the
// SDK's do: a test that logs what the fake stored, or the requests it
// received, never writes a key, a webhook secret or a provider's config to
// its output. Read the fields to see the values.

// redactedFields prints name: value pairs, each secret as [REDACTED] when
// set and "" when not, each raw JSON as its size.
type redactedFields []slog.Attr

func secretAttr(name string, s cekura.Secret) slog.Attr {
	if s == "" {
		return slog.String(name, "")
	}
	return slog.String(name, cekura.Redacted)
}

func sizeAttr(name string, b []byte) slog.Attr {
	if b == nil {
		return slog.String(name, "")
	}
	return slog.String(name, strconv.Itoa(len(b))+" bytes")
}

func (r redactedFields) format(f fmt.State, typeName string) {
	var b strings.Builder
	if f.Flag('#') || f.Flag('+') {
		b.WriteString(typeName)
	}
	b.WriteByte('{')
	for i, a := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.Key)
		b.WriteByte(':')
		b.WriteString(a.Value.String())
	}
	b.WriteByte('}')
	_, _ = f.Write([]byte(b.String()))
}

func (s AgentSecrets) fields() redactedFields {
	return redactedFields{secretAttr("ProviderAPIKey", s.ProviderAPIKey), secretAttr("WebhookSecret", s.WebhookSecret),
		secretAttr("SIPPassword", s.SIPPassword), secretAttr("WebsocketPassword", s.WebsocketPassword),
		sizeAttr("ProviderConfig", s.ProviderConfig), sizeAttr("ChatConfig", s.ChatConfig)}
}

// Format prints the AgentSecrets with every secret redacted (and the
// configs as their sizes), under any verb.
func (s AgentSecrets) Format(f fmt.State, _ rune) { s.fields().format(f, "cekuratest.AgentSecrets") }

// LogValue logs the AgentSecrets with every secret redacted.
func (s AgentSecrets) LogValue() slog.Value { return slog.GroupValue(s.fields()...) }

func (s ProjectSecrets) fields() redactedFields {
	return redactedFields{secretAttr("WebhookSecret", s.WebhookSecret), secretAttr("VapiAPIKey", s.VapiAPIKey),
		secretAttr("RetellAPIKey", s.RetellAPIKey), secretAttr("SynthflowAPIKey", s.SynthflowAPIKey),
		secretAttr("ElevenLabsAPIKey", s.ElevenLabsAPIKey), secretAttr("LiveKitAPIKey", s.LiveKitAPIKey),
		secretAttr("PipecatAPIKey", s.PipecatAPIKey)}
}

// Format prints the ProjectSecrets with every secret redacted, under any
// verb.
func (s ProjectSecrets) Format(f fmt.State, _ rune) {
	s.fields().format(f, "cekuratest.ProjectSecrets")
}

// LogValue logs the ProjectSecrets with every secret redacted.
func (s ProjectSecrets) LogValue() slog.Value { return slog.GroupValue(s.fields()...) }

func (r RecordedRequest) fields() redactedFields {
	return redactedFields{slog.String("Method", r.Method), slog.String("Path", r.Path), slog.String("Query", r.Query.Encode()),
		slog.String("Header", fmt.Sprint(r.Header)), sizeAttr("Body", r.Body)}
}

// Format prints the RecordedRequest with its body as its size: a body may
// hold a webhook secret or a provider's key. The API key header is
// redacted already. Read Body to see what was sent.
func (r RecordedRequest) Format(f fmt.State, _ rune) {
	r.fields().format(f, "cekuratest.RecordedRequest")
}

// LogValue logs the RecordedRequest with its body as its size.
func (r RecordedRequest) LogValue() slog.Value { return slog.GroupValue(r.fields()...) }
