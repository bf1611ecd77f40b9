package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An API that echoes what it refused does not put a request's secrets in
// the error: its body, detail and field errors carry Redacted instead,
// whatever method sent the request (a typed one, or Do).
func TestARequestsSecretsNeverReachAnErrorItsAnswerEchoes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"detail": "refused " + string(b), "webhook_secret": []string{"bad value: " + string(b)}})
	}))
	defer srv.Close()
	c, err := NewClient("sk_test_0123456789abcdef", WithBaseURL(srv.URL), WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	calls := map[string]func() error{
		"Projects.Create": func() error {
			_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "P", WebhookURL: "https://h.example/x", WebhookSecret: "whsec-canary-1"})
			return err
		},
		"Projects.Update": func() error {
			_, err := c.Projects.Update(ctx, 3, &UpdateProjectRequest{WebhookSecret: Some(Secret("whsec-canary-2"))})
			return err
		},
		"Agents.Create": func() error {
			_, err := c.Agents.Create(ctx, &CreateAgentRequest{Name: "A", Description: "d", Provider: &Provider{Type: ProviderTypeVapi,
				Credentials: &ProviderCredentials{APIKey: "vapi-canary-3", Config: VapiConfig{PublicKey: "pk"}}}})
			return err
		},
		"Do": func() error {
			return c.Do(ctx, http.MethodPost, "/user/v1/projects/", &CreateProjectRequest{Name: "P", WebhookURL: "https://h.example/x", WebhookSecret: "whsec-canary-4"}, nil)
		},
	}
	for name, call := range calls {
		err := call()
		var apiErr *APIError
		require.True(t, errors.As(err, &apiErr), "%s: %v", name, err)
		for _, out := range []string{err.Error(), fmt.Sprintf("%+v", err), string(apiErr.Body), apiErr.Detail, fmt.Sprint(apiErr.FieldErrors)} {
			assert.NotContains(t, out, "canary", name)
		}
		assert.Contains(t, apiErr.Detail, Redacted, "%s: the echo is kept, the secret replaced", name)
		assert.Contains(t, apiErr.Detail, "refused", name)
	}
}

func TestSecretsInFindsEveryDepth(t *testing.T) {
	got := secretsIn(&UpdateAgentRequest{
		Telephony: &TelephonyUpdate{SIPAuth: Some(SIPAuth{Username: "u", Password: "sip-pass"})},
		Provider:  &ProviderUpdate{Credentials: Some(ProviderCredentials{APIKey: "key-1234", Config: LiveKitConfig{APISecret: "lk-secret", URL: "wss://x"}})},
	})
	assert.ElementsMatch(t, []string{"sip-pass", "key-1234", "lk-secret"}, got)
	assert.Empty(t, secretsIn(&CreateProjectRequest{Name: "P", WebhookSecret: "abc"}), "a 3-byte secret is too short to replace")
	assert.Empty(t, secretsIn(nil))
}
