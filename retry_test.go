package cekura

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// operation is one public method, called the way a user calls it.
type operation struct {
	method     string
	url        string
	idempotent bool
	call       func(c *Client) error
}

func operations() []operation {
	ctx := context.Background()
	agentURL := testBase + "/test_framework/v2/aiagents/5/"
	return []operation{
		{"POST", testBase + "/test_framework/v2/aiagents/", false, func(c *Client) error {
			_, err := c.Agents.Create(ctx, fullCreateRequest())
			return err
		}},
		{"GET", agentURL, true, func(c *Client) error { _, err := c.Agents.Get(ctx, 5); return err }},
		{"GET", testBase + "/test_framework/v2/aiagents/", true, func(c *Client) error {
			_, err := c.Agents.List(ctx, nil)
			return err
		}},
		{"PUT", agentURL, true, func(c *Client) error { _, err := c.Agents.Replace(ctx, 5, fullCreateRequest()); return err }},
		{"PATCH", agentURL, false, func(c *Client) error {
			_, err := c.Agents.Update(ctx, 5, &UpdateAgentRequest{Name: Some("x")})
			return err
		}},
		{"DELETE", agentURL, true, func(c *Client) error { return c.Agents.Delete(ctx, 5, nil) }},
	}
}

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	dialRefused := &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "connect: connection refused"}}
	dnsFailure := &net.DNSError{Err: "no such host", Name: "api.cekura.ai", IsNotFound: true}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	outcomes := []struct {
		name string
		// status > 0 answers with it; err != nil fails the transport.
		status int
		err    error
		// retried for idempotent methods, and for POST/PATCH.
		idem, write bool
	}{
		{"408", 408, nil, true, false},
		{"429", 429, nil, true, true},
		{"500", 500, nil, true, false},
		{"502", 502, nil, true, false},
		{"503", 503, nil, true, false},
		{"504", 504, nil, true, false},
		{"400", 400, nil, false, false},
		{"401", 401, nil, false, false},
		{"404", 404, nil, false, false},
		{"409", 409, nil, false, false},
		{"501", 501, nil, false, false},
		{"dial refused", 0, dialRefused, true, true},
		{"DNS failure", 0, dnsFailure, true, true},
		{"connection reset after sending", 0, reset, true, false},
		{"unexpected EOF", 0, io.ErrUnexpectedEOF, true, false},
	}
	for _, op := range operations() {
		for _, o := range outcomes {
			name := op.method + " " + op.url[len(testBase):] + " on " + o.name
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				c, mt, sl := newMockClient(t)
				if o.err != nil {
					mt.RegisterResponder(op.method, op.url, httpmock.NewErrorResponder(o.err))
				} else {
					mt.RegisterResponder(op.method, op.url, httpmock.NewStringResponder(o.status, `{"detail": "no"}`))
				}
				err := op.call(c)
				require.Error(t, err)
				retried := o.write
				if op.idempotent {
					retried = o.idem
				}
				want := 1
				if retried {
					want = 3
				}
				assert.Equal(t, want, mt.GetTotalCallCount(), "attempts")
				assert.Len(t, sl.get(), want-1, "waits")
				if o.err != nil {
					assert.ErrorIs(t, err, o.err)
					assert.Contains(t, err.Error(), "cekura: "+op.method+" /test_framework/v2/aiagents/")
				} else {
					var apiErr *APIError
					require.ErrorAs(t, err, &apiErr)
					assert.Equal(t, o.status, apiErr.StatusCode)
				}
			})
		}
	}
}

func TestRetrySucceedsOnALaterAttempt(t *testing.T) {
	t.Parallel()
	for _, op := range operations() {
		t.Run(op.method, func(t *testing.T) {
			t.Parallel()
			c, mt, sl := newMockClient(t)
			body := agentJSON
			if op.url == testBase+"/test_framework/v2/aiagents/" && op.method == "GET" {
				body = `{"count": 0, "results": []}`
			}
			mt.RegisterResponder(op.method, op.url, httpmock.ResponderFromMultipleResponses([]*http.Response{
				httpmock.NewStringResponse(429, `{"detail": "slow down"}`),
				httpmock.NewStringResponse(200, body),
			}))
			require.NoError(t, op.call(c))
			assert.Equal(t, 2, mt.GetTotalCallCount())
			assert.Equal(t, []time.Duration{DefaultMinBackoff}, sl.get(), "the first backoff, at its upper bound")
		})
	}
}

func TestRetryWaits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		retryAfter string
		retries    int
		want       []time.Duration
	}{
		{"exponential backoff without Retry-After", "", 5, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}},
		{"Retry-After in seconds is honoured", "7", 2, []time.Duration{7 * time.Second, 7 * time.Second}},
		{"Retry-After is capped at 60 s", "86400", 1, []time.Duration{60 * time.Second}},
		{"Retry-After as an HTTP date", "DATE+30", 1, []time.Duration{30 * time.Second}},
		{"no retries at all", "", 0, nil},
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, sl := newMockClient(t, WithMaxRetries(tc.retries))
			c.core.now = func() time.Time { return now }
			ra := tc.retryAfter
			if ra == "DATE+30" {
				ra = now.Add(30 * time.Second).Format(http.TimeFormat)
			}
			mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/1/", func(*http.Request) (*http.Response, error) {
				r := httpmock.NewStringResponse(503, "")
				if ra != "" {
					r.Header.Set("Retry-After", ra)
				}
				return r, nil
			})
			_, err := c.Agents.Get(context.Background(), 1)
			require.ErrorIs(t, err, ErrServer)
			assert.Equal(t, tc.want, sl.get())
			assert.Equal(t, tc.retries+1, mt.GetTotalCallCount())
		})
	}
}

func TestBackoffJitterStaysWithinBounds(t *testing.T) {
	t.Parallel()
	p := retryPolicy{minBackoff: 500 * time.Millisecond, maxBackoff: 8 * time.Second, jitter: defaultJitter}
	for retry := 1; retry <= 8; retry++ {
		ceiling := min(500*time.Millisecond<<(retry-1), 8*time.Second)
		for range 200 {
			d := p.backoff(retry)
			assert.GreaterOrEqual(t, d, 250*time.Millisecond)
			assert.LessOrEqual(t, d, ceiling, "retry %d", retry)
		}
	}
}

func TestCancellationEndsTheWaitAtOnce(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	// A real sleep, and a Retry-After of a minute: only cancellation ends it.
	c, err := NewClient(testKey, WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/1/", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(503, "")
		r.Header.Set("Retry-After", "60")
		go cancel()
		return r, nil
	})
	done := make(chan error, 1)
	go func() { _, err := c.Agents.Get(ctx, 1); done <- err }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		assert.Contains(t, err.Error(), "cekura: GET /test_framework/v2/aiagents/1/")
	case <-time.After(30 * time.Second):
		t.Fatal("the call kept waiting after its context was cancelled")
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestADoneContextSendsNothing(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/1/", httpmock.NewStringResponder(200, agentJSON))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Agents.Get(ctx, 1)
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestNeverSentRecognisesOnlyDialAndDNSErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		err  error
		want bool
	}{
		"dial refused":        {&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		"wrapped refused":     {errors.Join(errors.New("x"), syscall.ECONNREFUSED), true},
		"DNS":                 {&net.DNSError{Err: "no such host"}, true},
		"read reset":          {&net.OpError{Op: "read", Err: syscall.ECONNRESET}, false},
		"write broken pipe":   {&net.OpError{Op: "write", Err: syscall.EPIPE}, false},
		"deadline":            {context.DeadlineExceeded, false},
		"EOF":                 {io.EOF, false},
		"status code message": {errors.New(strconv.Itoa(500)), false},
	}
	for name, tc := range cases {
		assert.Equal(t, tc.want, neverSent(tc.err), name)
	}
}

// roundTripFunc is a transport made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAnAnswerThatArrivesAsTheContextEndsIsReturned(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	tr := roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls++
		cancel() // the context ends while the answer is on its way
		return httpmock.NewStringResponse(400, `{"name": ["This field is required."]}`), nil
	})
	c, err := NewClient(testKey, WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	_, err = c.Agents.Create(ctx, fullCreateRequest())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the API's answer, not the context's error")
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, 1, calls)
}
