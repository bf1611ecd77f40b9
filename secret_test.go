package cekura

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretRedactsUnderEveryVerb(t *testing.T) {
	t.Parallel()
	s := Secret("hunter2")
	for _, format := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d", "%10s", "%-8v", "%T"} {
		out := fmt.Sprintf(format, s)
		assert.NotContains(t, out, "hunter2", format)
		assert.NotContains(t, out, "68756e74657232", format) // hex of the value
	}
	assert.Equal(t, "[REDACTED]", s.String())
	assert.Equal(t, `"[REDACTED]"`, s.GoString())
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", s))
	assert.Equal(t, "hunter2", s.Reveal())
	assert.Equal(t, `"hunter2"`, mustJSON(t, s), "JSON carries the real value")
	var back Secret
	require.NoError(t, json.Unmarshal([]byte(`"abc"`), &back))
	assert.Equal(t, "abc", back.Reveal())
}

// secretsOf is every secret that fullCreateRequest carries.
var secretsOf = []string{"key_retell_secret", "sip-pass-123", "whsec_abc"}

func TestNothingPrintsOrLogsASecret(t *testing.T) {
	t.Parallel()
	req := fullCreateRequest()
	lk := &CreateAgentRequest{Name: "n", Description: "d", Provider: &Provider{
		Type:             ProviderTypeLiveKit,
		Credentials:      &ProviderCredentials{APIKey: "lk-key", Config: LiveKitConfig{APISecret: "lk-secret", URL: "wss://x"}},
		ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeSelfHosted, Config: SelfHostedChatConfig{URL: "wss://c", Headers: map[string]Secret{"Authorization": "Bearer tok-1"}, WebsocketSecret: "ws-secret"}},
	}}
	raw := &Provider{Type: "telnyx", Credentials: &ProviderCredentials{APIKey: "tx-key", Config: RawConfig{Type: "telnyx", JSON: json.RawMessage(`{"token": "raw-token"}`)}}}
	upd := &UpdateAgentRequest{
		WebhookSecret: Some(Secret("upd-whsec")),
		Telephony:     &TelephonyUpdate{SIPAuth: Some(SIPAuth{Username: "u", Password: "upd-sip"})},
		Provider: &ProviderUpdate{
			Credentials:      Some(ProviderCredentials{APIKey: "upd-key", Config: BlandConfig{EncryptedKey: "upd-twilio"}}),
			ChatAgentDetails: Some(ChatAgentDetails{Type: ChatTypeAgentforce, Config: AgentforceChatConfig{ClientSecret: "upd-sf"}}),
		},
	}
	secrets := append(append([]string{}, secretsOf...), "lk-key", "lk-secret", "tok-1", "ws-secret", "tx-key", "raw-token",
		"upd-whsec", "upd-sip", "upd-key", "upd-twilio", "upd-sf")
	values := []any{
		req, *req, req.Provider, *req.Provider, req.Telephony, *req.Telephony, req.Provider.Credentials, *req.Telephony.SIPAuth,
		lk, lk.Provider, *lk.Provider.Credentials, lk.Provider.ChatAgentDetails,
		raw, raw.Credentials, raw.Credentials.Config,
		upd, *upd, upd.Telephony, *upd.Provider, upd.WebhookSecret,
	}
	var out bytes.Buffer
	for _, v := range values {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			fmt.Fprintf(&out, format+"\n", v)
		}
		fmt.Fprintln(&out, v)
	}
	for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
		l := slog.New(h)
		for i, v := range values {
			l.Info("value", "i", i, "v", v)
		}
		l.Info("attrs", slog.Any("req", req), slog.Any("upd", upd), slog.Any("provider", lk.Provider), slog.Any("config", lk.Provider.Credentials.Config))
	}
	text := out.String()
	for _, s := range secrets {
		assert.NotContains(t, text, s)
	}
	assert.Contains(t, text, "[REDACTED]")
	assert.Contains(t, text, "wss://x", "what is not secret is still shown")
	assert.Contains(t, text, "Support Bot")
}

func TestLogValueShowsTheStructure(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "req", fullCreateRequest())
	var line map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &line))
	req := line["req"].(map[string]any)
	assert.Equal(t, "Support Bot", req["Name"])
	assert.Equal(t, "[REDACTED]", req["WebhookSecret"])
	tel := req["Telephony"].(map[string]any)
	assert.Equal(t, map[string]any{"Username": "acme", "Password": "[REDACTED]"}, tel["SIPAuth"])
	assert.Equal(t, map[string]any{"0": "+14155550000", "1": "+442071838750"}, tel["OutboundNumbers"])
	prov := req["Provider"].(map[string]any)
	assert.Equal(t, "null", prov["AutoSyncPrompt"])
	assert.Equal(t, false, prov["AutoImportCalls"])
	assert.Equal(t, "<32 bytes>", req["PredefinedMetrics"])
}
