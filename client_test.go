package cekura

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientRefusesWhatItCannotUse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		key  string
		opts []Option
		msg  string
	}{
		{"an empty API key", "", nil, "empty API key"},
		{"an API key with a newline", "sk\nX-Evil: 1", nil, "control characters"},
		{"a base URL that does not parse", testKey, []Option{WithBaseURL("://nope")}, "does not parse"},
		{"an empty base URL", testKey, []Option{WithBaseURL("")}, "does not parse"},
		{"a base URL without a scheme", testKey, []Option{WithBaseURL("api.cekura.ai")}, "scheme"},
		{"a base URL with another scheme", testKey, []Option{WithBaseURL("ftp://api.cekura.ai")}, "scheme"},
		{"plain http to a remote host", testKey, []Option{WithBaseURL("http://api.cekura.ai")}, "clear text"},
		{"plain http to a private address", testKey, []Option{WithBaseURL("http://10.0.0.5:8080")}, "clear text"},
		{"a base URL with user info", testKey, []Option{WithBaseURL("https://u:p@api.cekura.ai")}, "user information"},
		{"a base URL with a query", testKey, []Option{WithBaseURL("https://api.cekura.ai/?x=1")}, "query"},
		{"a nil HTTP client", testKey, []Option{WithHTTPClient(nil)}, "nil *http.Client"},
		{"negative retries", testKey, []Option{WithMaxRetries(-1)}, "WithMaxRetries(-1)"},
		{"a backoff with min > max", testKey, []Option{WithRetryBackoff(2e9, 1e9)}, "min <= max"},
		{"a zero backoff", testKey, []Option{WithRetryBackoff(0, 1e9)}, "0 < min"},
		{"a two-line user agent", testKey, []Option{WithUserAgent("a\r\nb")}, "one line"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			c, err := NewClient(tc.key, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalidConfig)
			assert.Contains(t, err.Error(), tc.msg)
			if tc.key != "" {
				assert.NotContains(t, err.Error(), tc.key, "the key is never in an error")
			}
		})
	}
	for _, base := range []string{"http://127.0.0.1:8080", "http://localhost:1/x/", "http://[::1]:9", "https://api.cekura.ai/", "https://eu.cekura.ai/v/"} {
		c, err := NewClient(testKey, WithBaseURL(base))
		require.NoError(t, err, base)
		assert.Equal(t, strings.TrimRight(base, "/"), c.BaseURL())
	}
	c, err := NewClient(testKey)
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv("CEKURA_API_KEY", "")
	_, err := NewClientFromEnv()
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "CEKURA_API_KEY")

	t.Setenv("CEKURA_API_KEY", " sk_env ")
	t.Setenv("CEKURA_BASE_URL", "http://127.0.0.1:9999/api")
	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9999/api", c.BaseURL())
	h := http.Header{}
	c.core.authorize(h)
	assert.Equal(t, "sk_env", h.Get("X-Cekura-Api-Key"))

	c, err = NewClientFromEnv(WithBaseURL("https://override.example"))
	require.NoError(t, err)
	assert.Equal(t, "https://override.example", c.BaseURL(), "options override the environment")

	t.Setenv("CEKURA_BASE_URL", "http://remote.example")
	_, err = NewClientFromEnv()
	assert.ErrorIs(t, err, ErrInvalidConfig)

	t.Setenv("CEKURA_BASE_URL", "")
	t.Setenv("CEKURA_API_URL", "http://127.0.0.1:8888")
	c, err = NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8888", c.BaseURL(), "the Python SDK's name, when CEKURA_BASE_URL is not set")
	t.Setenv("CEKURA_BASE_URL", "http://127.0.0.1:9999")
	c, err = NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9999", c.BaseURL(), "CEKURA_BASE_URL first")
}

func TestARefusedBaseURLNeverShowsItsToken(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"https://api.example/?token=s3cr3t",
		"http://remote.example/v1?api_key=s3cr3t",
		"ftp://api.example/#s3cr3t",
		"https://user:s3cr3t@api.example/",
		"https://s3cr3t@api.example",
		"://bad url?key=s3cr3t",
		"https:///nohost?s3cr3t",
		"https://user:p#s3cr3t@api.example/",
		"https://user:p?s3cr3t@api.example/",
		"https://user:s3cr3t@api.example/?next=a@b",
	} {
		_, err := NewClient(testKey, WithBaseURL(raw))
		require.ErrorIs(t, err, ErrInvalidConfig, raw)
		assert.NotContains(t, err.Error(), "s3cr3t", raw)
		assert.Contains(t, err.Error(), "base URL", raw)
	}
	_, err := NewClient(testKey, WithBaseURL("https://api.example/?token=s3cr3t"))
	assert.Contains(t, err.Error(), `"https://api.example/?[REDACTED]"`, "the rest is shown, to find the mistake")
}

func TestWithHTTPClientIsNeverMutated(t *testing.T) {
	t.Parallel()
	tr := &http.Transport{}
	hc := &http.Client{Transport: tr}
	c, err := NewClient(testKey, WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "the caller's client keeps its redirect policy")
	assert.Same(t, tr, hc.Transport)
	assert.NotSame(t, hc, c.core.hc)
	assert.Same(t, tr, c.core.hc.Transport, "the copy uses the caller's transport")
}

func TestDefaultTransportKeepsConnectionsForConcurrentUse(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testKey)
	require.NoError(t, err)
	tr, ok := c.core.hc.Transport.(*http.Transport)
	require.True(t, ok)
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 64)
	assert.True(t, tr.ForceAttemptHTTP2)
	assert.Equal(t, DefaultTimeout, c.core.hc.Timeout)
	c2, _ := NewClient(testKey)
	assert.Same(t, tr, c2.core.hc.Transport, "clients share one pool of connections")
	assert.NotSame(t, http.DefaultTransport, tr)
}

// TestRedirectsToAnotherOriginAreRefused uses real sockets: the header
// forwarding and method rewriting being guarded against are net/http's own.
func TestRedirectsToAnotherOriginAreRefused(t *testing.T) {
	t.Parallel()
	var foreignCalls atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignCalls.Add(1)
		_, _ = io.WriteString(w, `{"id": 666, "name": "not the agent"}`)
	}))
	defer foreign.Close()

	var sameHostKey atomic.Value
	var movedMethods sync.Map
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/test_framework/v2/aiagents/":
			http.Redirect(w, r, foreign.URL+"/steal", http.StatusTemporaryRedirect)
		case "/api/test_framework/v2/aiagents/7/":
			http.Redirect(w, r, "/api/moved/7/", http.StatusFound)
		case "/api/test_framework/v2/aiagents/8/":
			http.Redirect(w, r, "/api/moved/8/", http.StatusPermanentRedirect)
		case "/api/moved/7/", "/api/moved/8/":
			movedMethods.Store(r.Method+" "+r.URL.Path, true)
			sameHostKey.Store(r.Header.Get("X-CEKURA-API-KEY"))
			_, _ = io.WriteString(w, agentJSON)
		}
	}))
	defer api.Close()

	for _, hc := range []*http.Client{nil, {}} {
		opts := []Option{WithBaseURL(api.URL + "/api")}
		if hc != nil {
			opts = append(opts, WithHTTPClient(hc))
		}
		c, err := NewClient(testKey, opts...)
		require.NoError(t, err)
		_, err = c.Agents.Create(context.Background(), fullCreateRequest())
		require.ErrorIs(t, err, ErrRedirectRefused, "a redirect to another origin is refused")
		assert.Contains(t, err.Error(), "not the API's origin")
		assert.False(t, MaybeApplied(err), "the API answered with a redirect, not by creating")

		_, err = c.Agents.Get(context.Background(), 7)
		require.NoError(t, err, "a same-origin redirect of a GET is followed")
		assert.Equal(t, testKey, sameHostKey.Load(), "a redirect on the same origin keeps the key")

		_, err = c.Agents.Update(context.Background(), 7, &UpdateAgentRequest{Name: Some("n")})
		require.ErrorIs(t, err, ErrRedirectRefused, "a 302 would turn the PATCH into a GET")
		assert.Contains(t, err.Error(), "302 redirect of a PATCH")
		_, ok := movedMethods.Load("GET /api/moved/7/")
		assert.True(t, ok)

		_, err = c.Agents.Update(context.Background(), 8, &UpdateAgentRequest{Name: Some("n")})
		require.NoError(t, err, "a 308 keeps the method and the body: followed")
		_, ok = movedMethods.Load("PATCH /api/moved/8/")
		assert.True(t, ok)
	}
	assert.Zero(t, foreignCalls.Load(), "the other origin was never called")
}

func TestRedirectKeepsTheCallersRedirectPolicy(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer api.Close()
	var asked atomic.Int64
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		asked.Add(1)
		return http.ErrUseLastResponse
	}}
	c, err := NewClient(testKey, WithBaseURL(api.URL), WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = c.Agents.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the 302 is returned as the caller's policy asked")
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.Equal(t, int64(1), asked.Load())
}

func TestClientPrintsWithoutItsKey(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testKey, WithBaseURL("https://api.cekura.ai"))
	require.NoError(t, err)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		out := fmt.Sprintf(format, c)
		assert.NotContains(t, out, testKey, format)
		out = fmt.Sprintf(format, *c)
		assert.NotContains(t, out, testKey, format)
		out = fmt.Sprintf(format, c.Agents)
		assert.NotContains(t, out, testKey, format)
		out = fmt.Sprintf(format, *c.core)
		assert.NotContains(t, out, testKey, format)
	}
	assert.Contains(t, c.String(), "https://api.cekura.ai")
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("client", "c", c, "agents", c.Agents)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("client", "c", c, "v", *c)
	assert.NotContains(t, buf.String(), testKey)
	assert.Contains(t, buf.String(), "api.cekura.ai")
}

func TestDebugLogsCarryOnlyTheAllowedFields(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt, _ := newMockClient(t, WithLogger(logger))
	mt.RegisterResponder(http.MethodPost, testBase+"/test_framework/v2/aiagents/",
		func(*http.Request) (*http.Response, error) {
			if mt.GetTotalCallCount() == 1 {
				return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}}, Body: io.NopCloser(strings.NewReader(`{"detail":"slow down"}`))}, nil
			}
			return &http.Response{StatusCode: 201, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(agentJSON))}, nil
		})
	_, err := c.Agents.Create(context.Background(), fullCreateRequest())
	require.NoError(t, err)
	out := buf.String()
	for _, secret := range []string{testKey, "key_retell_secret", "sip-pass-123", "whsec_abc", "Support Bot"} {
		assert.NotContains(t, out, secret)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3, out) // attempt 1 (429), the retry, attempt 2 (201)
	assert.Contains(t, lines[0], `"method":"POST","path":"/test_framework/v2/aiagents/","status":429,"attempt":1,"duration":`)
	assert.Contains(t, lines[1], `"msg":"cekura: retrying"`)
	assert.Contains(t, lines[1], `"wait":1000000000`)
	assert.Contains(t, lines[2], `"status":201,"attempt":2`)
}
