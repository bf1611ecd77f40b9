package cekuratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What the fake stored, and the requests it received, print and log
// without the secrets in them.
func TestTheFakesOwnValuesPrintWithoutSecrets(t *testing.T) {
	s := New(t)
	c := s.Client()
	ag, err := c.Agents.Create(t.Context(), &cekura.CreateAgentRequest{Name: "A", Description: "d", WebhookURL: "https://h.example/a", WebhookSecret: "whsec-canary",
		Provider: &cekura.Provider{Type: cekura.ProviderTypeLiveKit, Credentials: &cekura.ProviderCredentials{APIKey: "key-canary",
			Config: cekura.LiveKitConfig{APISecret: "lk-canary", URL: "wss://x.livekit.cloud"}}}})
	require.NoError(t, err)
	secrets, ok := s.StoredSecrets(ag.ID)
	require.True(t, ok)
	assert.Equal(t, cekura.Secret("whsec-canary"), secrets.WebhookSecret, "the fields still hold the values")
	project, err := c.Projects.Create(t.Context(), &cekura.CreateProjectRequest{Name: "P", WebhookURL: "https://h.example/x", WebhookSecret: "pw-canary"})
	require.NoError(t, err)
	psecrets, ok := s.StoredProjectSecrets(project.ID)
	require.True(t, ok)
	var logged bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	log.Info("stored", "agent", secrets, "project", psecrets, "requests", s.Requests()[0])
	var text bytes.Buffer
	log = slog.New(slog.NewTextHandler(&text, nil))
	log.Info("stored", "agent", secrets, "project", psecrets, "request", s.Requests()[0])
	for _, out := range []string{fmt.Sprint(secrets), fmt.Sprintf("%+v %#v %s %q", secrets, psecrets, secrets, psecrets),
		fmt.Sprintf("%v %+v", s.Requests(), s.Requests()), logged.String(), text.String()} {
		assert.NotContains(t, out, "canary")
	}
	assert.Contains(t, fmt.Sprint(secrets), "WebhookSecret:[REDACTED]")
	assert.Contains(t, fmt.Sprint(secrets), "ProviderConfig:")
	assert.Contains(t, fmt.Sprintf("%+v", s.Requests()[0]), "cekuratest.RecordedRequest{Method:POST")
	assert.True(t, json.Valid(bytes.Split(logged.Bytes(), []byte("\n"))[0]))
}

// A fault with no status answers 500; one that is not a status panics at
// the call, with the reason, not in the handler.
func TestAFaultsStatusIsChecked(t *testing.T) {
	s := New(t)
	s.FailNext(1, 0)
	_, err := s.Client(cekura.WithMaxRetries(0)).Agents.Get(t.Context(), 1)
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.PanicsWithValue(t, "cekuratest: Fault.Status 42 is not an HTTP status (100 to 999)", func() { s.Fail(Fault{Status: 42}) })
}
