package cekura

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Not parallel: httpmock.Activate replaces http.DefaultTransport for the
// whole process; parallel tests start only once it is put back.
func TestAClientMadeAfterHTTPMockActivateGoesThroughIt(t *testing.T) {
	before, err := NewClient(testKey) // made before: keeps the SDK's transport
	require.NoError(t, err)
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder("GET", "https://api.cekura.ai/test_framework/v2/aiagents/7/",
		httpmock.NewStringResponder(200, agentJSON))

	c, err := NewClient(testKey)
	require.NoError(t, err)
	a, err := c.Agents.Get(context.Background(), 7)
	require.NoError(t, err, "the test stays offline: the mock answers")
	assert.Equal(t, int64(2142), a.ID)
	assert.Equal(t, 1, httpmock.GetTotalCallCount())
	assert.NotSame(t, before.core.hc.Transport, c.core.hc.Transport)
}

func TestARetryAfterLongerThanTheDeadlineReturnsTheAPIAnswer(t *testing.T) {
	t.Parallel()
	c, mt, sl := newMockClient(t)
	mt.RegisterResponder("POST", testBase+agentsPath, func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(429, `{"detail": "Request was throttled. Expected available in 30 seconds."}`)
		r.Header.Set("Retry-After", "30")
		return r, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Agents.Create(ctx, fullCreateRequest())
	require.ErrorIs(t, err, ErrRateLimited, "refused, not created: the 429 is what the caller needs")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.NotErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, MaybeApplied(err))
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Empty(t, sl.get(), "no wait that cannot end before the deadline")
}

func TestAWaitCutShortByCancellationKeepsTheAPIAnswer(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+agentsPath+"1/", httpmock.NewStringResponder(503, `{"detail": "down"}`))
	ctx, cancel := context.WithCancel(context.Background())
	c.core.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Agents.Get(ctx, 1)
	require.ErrorIs(t, err, ErrServer)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "gave up waiting to retry")
}

// A waiter that says a wait would pass the deadline (cekuratest's clock)
// while the caller's context is still live leaves the API's answer as the
// error, as the SDK's own check does: it is not "no answer".
func TestAWaitThatCannotFitKeepsTheAPIAnswerOnly(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+agentsPath, httpmock.NewStringResponder(429, `{"detail": "slow down"}`).HeaderSet(http.Header{"Retry-After": {"30"}}))
	c.core.sleep = func(context.Context, time.Duration) error { return context.DeadlineExceeded }
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	_, err := c.Agents.Create(ctx, &CreateAgentRequest{Name: "n", Description: "d"})
	require.ErrorIs(t, err, ErrRateLimited)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the API answered; the errors table's 'no answer' row must not match")
	assert.Contains(t, err.Error(), "gave up waiting to retry: context deadline exceeded")
}

func TestADeleteRetriedAfterAnUncertainAttemptSucceedsOnA404(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var calls int
	var mu sync.Mutex
	mt.RegisterResponder("DELETE", testBase+agentsPath+"5/", func(*http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(503, `{"detail": "gateway"}`), nil // the delete happened behind it
		}
		return httpmock.NewStringResponse(404, `{"detail": "Not found."}`), nil
	})
	require.NoError(t, c.Agents.Delete(context.Background(), 5, nil))
	assert.Equal(t, 2, calls)

	// A 404 on the first attempt is still a 404.
	mt.RegisterResponder("DELETE", testBase+agentsPath+"6/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))
	assert.ErrorIs(t, c.Agents.Delete(context.Background(), 6, nil), ErrNotFound)
}

func TestOriginsCompareAsRFC6454Says(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testKey)
	require.NoError(t, err)
	for raw, same := range map[string]bool{
		"https://api.cekura.ai/x":        true,
		"https://api.cekura.ai:443/x":    true,
		"https://API.Cekura.AI/x":        true,
		"HTTPS://api.cekura.ai:443/x":    true,
		"https://api.cekura.ai:8443/x":   false,
		"http://api.cekura.ai/x":         false,
		"https://api.cekura.ai.evil/x":   false,
		"https://evil.example/x":         false,
		"https://api.cekura.ai@evil.ex/": false,
	} {
		u, err := url.Parse(raw)
		require.NoError(t, err)
		assert.Equal(t, same, c.core.sameOrigin(u), raw)
	}
	loop, err := NewClient(testKey, WithBaseURL("http://127.0.0.1:80/api"))
	require.NoError(t, err)
	assert.True(t, loop.core.sameOrigin(&url.URL{Scheme: "http", Host: "127.0.0.1"}), "the default port, written or not")

	// The key goes with a next link written with the default port.
	var keys []string
	var mu sync.Mutex
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		keys = append(keys, r.Header.Get(apiKeyHeader))
		mu.Unlock()
		body := `{"count": 2, "next": "https://API.test.cekura.example:443/prefix/test_framework/v2/aiagents/?page=2", "results": [{"id": 1}]}`
		if r.URL.Query().Get("page") == "2" {
			body = `{"count": 2, "next": null, "results": [{"id": 2}]}`
		}
		return httpmock.NewStringResponse(200, body), nil
	})
	mc, err := NewClient(testKey, WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	n := 0
	for _, err := range mc.Agents.All(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{testKey, testKey}, keys)
}

// failingTransport fails every request with err, after reading the body
// when sent is true (as a connection reset after the request went out).
type failingTransport struct{ err error }

func (f failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	return nil, f.err
}

func TestMaybeApplied(t *testing.T) {
	t.Parallel()
	assert.False(t, MaybeApplied(nil))
	assert.True(t, MaybeApplied(errors.New("not the SDK's: it cannot tell")))

	statuses := map[int]bool{400: false, 401: false, 404: false, 409: false, 429: false, 408: true, 500: true, 502: true, 503: true, 504: true}
	for status, want := range statuses {
		c, mt, _ := newMockClient(t, WithMaxRetries(0))
		mt.RegisterResponder("POST", testBase+agentsPath, httpmock.NewStringResponder(status, `{"detail": "x"}`))
		_, err := c.Agents.Create(context.Background(), fullCreateRequest())
		require.Error(t, err)
		assert.Equal(t, want, MaybeApplied(err), "%d", status)
	}

	c, _, _ := newMockClient(t)
	_, err := c.Agents.Create(context.Background(), &CreateAgentRequest{})
	assert.False(t, MaybeApplied(err), "a validation error: nothing was sent")
	_, err = c.Agents.Get(context.Background(), 1, WithHeader("Connection", "close"))
	assert.False(t, MaybeApplied(err), "a refused option: nothing was sent")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Agents.Create(ctx, fullCreateRequest())
	assert.False(t, MaybeApplied(err), "the context ended before sending")

	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"connection refused": {&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, false},
		"no such host":       {&net.DNSError{Err: "no such host", IsNotFound: true}, false},
		"reset after send":   {&net.OpError{Op: "read", Err: syscall.ECONNRESET}, true},
		"unexpected EOF":     {io.ErrUnexpectedEOF, true},
	} {
		c, err := NewClient(testKey, WithBaseURL(testBase), WithMaxRetries(0), WithHTTPClient(&http.Client{Transport: failingTransport{tc.err}}))
		require.NoError(t, err)
		_, err = c.Agents.Create(context.Background(), fullCreateRequest())
		require.Error(t, err)
		assert.Equal(t, tc.want, MaybeApplied(err), name)
	}

	// An uncertain attempt makes the whole call uncertain, whatever came after.
	c, mt, _ := newMockClient(t)
	var calls int
	var mu sync.Mutex
	mt.RegisterResponder("PUT", testBase+agentsPath+"3/", func(*http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(502, `{}`), nil
		}
		return httpmock.NewStringResponse(400, `{"name": ["bad"]}`), nil
	})
	_, err = c.Agents.Replace(context.Background(), 3, fullCreateRequest())
	require.Error(t, err)
	assert.True(t, MaybeApplied(err), "the 502 may have replaced it")
}

func TestPlainHTTPBeyondLoopbackNeedsWithInsecureHTTP(t *testing.T) {
	t.Parallel()
	_, err := NewClient(testKey, WithBaseURL("http://cekura-fake:8080"))
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "WithInsecureHTTP")
	c, err := NewClient(testKey, WithBaseURL("http://cekura-fake:8080"), WithInsecureHTTP())
	require.NoError(t, err)
	assert.Equal(t, "http://cekura-fake:8080", c.BaseURL())
	for _, base := range []string{"http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"} {
		_, err := NewClient(testKey, WithBaseURL(base))
		assert.NoError(t, err, "loopback needs no opt-in: %s", base)
	}
}
