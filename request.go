package cekura

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxResponseBody bounds a successful response body: a huge or endless body
// is an error, not an out-of-memory.
const maxResponseBody = 10 << 20

var (
	jsonHeader = []string{"application/json"}
)

// call is one API operation: what to send, and whether it may be repeated.
type call struct {
	method string
	url    string // absolute
	path   string // for errors and logs: the URL's path, no query
	body   []byte // nil: no body
	// stream, when set, is the body instead: read once, as it is made, so
	// a call with one is never repeated.
	stream *upload
	// idempotent calls (GET, PUT, DELETE) are retried on transport errors
	// and 408/5xx; the others only on 429 and on errors that prove the
	// request never reached the server.
	idempotent bool
}

// do sends the call, retrying as the policy allows, and returns the body of
// a 2xx answer. A non-2xx answer is an *APIError.
//
// It tracks whether an attempt may have taken effect although it failed (a
// 5xx, a 408, a transport error once the request may have been sent), for
// MaybeApplied and for DELETE: a 404 on a retry that follows such an
// attempt means the first one deleted it, and the call succeeded.
func (c *core) do(ctx context.Context, cl *call) ([]byte, error) {
	uncertain := false
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, c.callError(cl, attempt-1, err, nil, uncertain)
		}
		start := time.Now()
		body, status, retryAfter, err := c.attempt(ctx, cl)
		c.logAttempt(ctx, cl, attempt, status, time.Since(start), err)
		if err == nil {
			return body, nil
		}
		var apiErr *APIError
		retryable := false
		if errors.As(err, &apiErr) {
			// The API answered: that answer is the error, even if ctx ended since.
			if apiErr.StatusCode == http.StatusNotFound && cl.method == http.MethodDelete && uncertain {
				return nil, nil // an earlier attempt deleted it
			}
			uncertain = uncertain || apiErr.StatusCode >= 500 || apiErr.StatusCode == http.StatusRequestTimeout
			apiErr.maybeApplied = uncertain
			retryable = retryableStatus(cl.idempotent, apiErr.StatusCode)
		} else {
			uncertain = uncertain || !(neverSent(err) || errors.Is(err, ErrRedirectRefused))
			if ctx.Err() != nil {
				return nil, c.callError(cl, attempt, ctx.Err(), err, uncertain)
			}
			retryable = !errors.Is(err, ErrRedirectRefused) && retryableTransportError(cl.idempotent, err)
		}
		if !retryable || attempt > c.retry.maxRetries || cl.stream != nil {
			if apiErr != nil {
				return nil, apiErr
			}
			return nil, c.callError(cl, attempt, nil, err, uncertain)
		}
		wait := c.retry.wait(attempt, retryAfter)
		if deadline, ok := ctx.Deadline(); ok && !c.customWait && c.now().Add(wait).After(deadline) {
			// The wait cannot fit: what the API said (a 429 is "refused,
			// nothing done") is more use than a deadline error later.
			if apiErr != nil {
				return nil, apiErr
			}
			return nil, c.callError(cl, attempt, nil, err, uncertain)
		}
		if c.logger != nil {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "cekura: retrying",
				slog.String("method", cl.method), slog.String("path", cl.path),
				slog.Int("status", status), slog.Int("next_attempt", attempt+1), slog.Duration("wait", wait))
		}
		if werr := c.sleep(ctx, wait); werr != nil {
			if apiErr != nil {
				if ctx.Err() != nil { // the caller's context ended: say so to errors.Is too
					return nil, fmt.Errorf("%w (gave up waiting to retry: %w)", apiErr, werr)
				}
				// The waiter judged that the wait would pass the deadline
				// (withRetryWaiter, cekuratest's clock): as when the SDK
				// judges so itself, the API's answer is the error.
				return nil, fmt.Errorf("%w (gave up waiting to retry: %v)", apiErr, werr)
			}
			return nil, c.callError(cl, attempt, werr, err, uncertain)
		}
	}
}

// sendError is a call that ended without an answer from the API.
type sendError struct {
	err          error
	maybeApplied bool
}

func (e *sendError) Error() string { return e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// callError describes a call that ended without an answer from the API.
func (c *core) callError(cl *call, attempts int, ctxErr, err error, maybeApplied bool) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its message repeats the method and URL
	}
	prefix := "cekura: " + cl.method + " " + cl.path
	if attempts > 1 {
		prefix += " (after " + strconv.Itoa(attempts) + " attempts)"
	}
	var out error
	switch {
	case ctxErr != nil && err != nil && !errors.Is(err, ctxErr):
		out = fmt.Errorf("%s: %w (last error: %w)", prefix, ctxErr, err)
	case ctxErr != nil:
		out = fmt.Errorf("%s: %w", prefix, ctxErr)
	default:
		out = fmt.Errorf("%s: %w", prefix, err)
	}
	return &sendError{err: out, maybeApplied: maybeApplied}
}

// MaybeApplied reports whether a write that returned err may nevertheless
// have taken effect, so that repeating it blindly could apply it twice (a
// second agent, a second test run). It is true for an answer of 5xx or 408,
// for a timeout or transport error once the request may have been sent, and
// when any earlier attempt of the call was one of those; false for nil, for
// validation and configuration errors, for 4xx answers (429 included: the
// API refused before doing anything) and for errors that prove nothing was
// sent (the connection was refused, the name did not resolve, the context
// ended before sending). For an error the SDK did not make, it says true:
// it cannot tell.
//
//	agent, err := client.Agents.Create(ctx, req)
//	if cekura.MaybeApplied(err) {
//		// look for the agent (List) before creating it again
//	}
func MaybeApplied(err error) bool {
	if err == nil {
		return false
	}
	var ve *ValidationError
	if errors.As(err, &ve) || errors.Is(err, ErrInvalidConfig) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.maybeApplied
	}
	var se *sendError
	if errors.As(err, &se) {
		return se.maybeApplied
	}
	return true
}

// attempt sends the call once. It returns the body of a 2xx answer, or an
// *APIError (with the status and Retry-After) or a transport error.
func (c *core) attempt(ctx context.Context, cl *call) (body []byte, status int, retryAfter time.Duration, err error) {
	var rd io.Reader
	contentType := jsonHeader
	switch {
	case cl.stream != nil:
		if t := c.hc.Timeout; t > 0 {
			// The client's timeout bounds the attempt, but net/http applies
			// it to its own copy of the context: give the upload, which
			// watches the context, the same bound.
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, t)
			defer cancel() // after stop: deferred calls run last first
		}
		body, ct, stop := cl.stream.start(ctx)
		defer stop() // the SDK reads the caller's reader no more
		rd, contentType = body, []string{ct}
	case cl.body != nil:
		rd = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url, rd)
	if err != nil {
		return nil, 0, 0, &notSentError{err}
	}
	h := req.Header
	h["User-Agent"] = c.userAgent
	h["Accept"] = jsonHeader
	if rd != nil {
		h["Content-Type"] = contentType
	}
	for k, v := range c.headers {
		h[k] = v
	}
	if c.sameOrigin(req.URL) {
		c.authorize(h)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if cl.stream != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			// The attempt's bound ended the upload; the transport may
			// report how the body broke instead of why.
			how := err
			var ue *url.Error
			if errors.As(err, &ue) {
				how = ue.Err // its message repeats the method and URL
			}
			err = fmt.Errorf("%w (%v)", ctx.Err(), how)
		}
		return nil, 0, 0, err
	}
	defer closeBody(resp.Body)
	if c.responseInto != nil {
		*c.responseInto = redactedResponse(resp)
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		body, err = readBody(resp, maxResponseBody)
		if err != nil {
			return nil, resp.StatusCode, 0, fmt.Errorf("reading the %d response: %w", resp.StatusCode, err)
		}
		return body, resp.StatusCode, 0, nil
	}
	if cl.stream != nil && (resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect) {
		// net/http follows a 307/308 only when it can send the body again,
		// and a streamed body cannot be: say so rather than return a bare
		// 307. The target is named by its origin only.
		where := "elsewhere"
		if loc, err := resp.Location(); err == nil {
			where = loc.Scheme + "://" + loc.Host
		}
		return nil, resp.StatusCode, 0, &redirectError{fmt.Sprintf("refused a %d redirect of a streamed upload to %s: its body cannot be sent twice; if the API has moved, set the base URL to where it points", resp.StatusCode, where)}
	}
	// A long, truncated or broken error body still makes an APIError.
	body, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if c.scrub != nil {
		body = c.scrub(body) // a server that echoes the key does not put it in the error
	}
	apiErr := newAPIError(cl.method, cl.path, resp, body, c.now())
	return nil, resp.StatusCode, apiErr.RetryAfter, apiErr
}

// errBodyTooLarge is returned for a response body over the limit.
var errBodyTooLarge = errors.New("response body too large")

// readBody reads a body of at most limit bytes; a longer one is an error.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d, limit %d", errBodyTooLarge, resp.ContentLength, limit)
	}
	if resp.ContentLength > 0 {
		buf := make([]byte, resp.ContentLength)
		n, err := io.ReadFull(resp.Body, buf)
		if err != nil {
			return buf[:n], err
		}
		return buf, nil
	}
	buf, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return buf, err
	}
	if int64(len(buf)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", errBodyTooLarge, limit)
	}
	return buf, nil
}

// closeBody drains a little of what is left, so the connection can be
// reused, and closes the body.
func closeBody(b io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, b, 4<<10)
	_ = b.Close()
}

func (c *core) logAttempt(ctx context.Context, cl *call, attempt, status int, d time.Duration, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", cl.method),
		slog.String("path", cl.path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if err != nil && status == 0 {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "cekura: request", attrs...)
}

// redactedResponse is resp for WithResponseInto: its request's headers
// copied with the API key replaced by Redacted.
func redactedResponse(resp *http.Response) *http.Response {
	cp := *resp
	if resp.Request != nil {
		rq := *resp.Request
		rq.Header = resp.Request.Header.Clone()
		if _, ok := rq.Header[apiKeyHeader]; ok {
			rq.Header[apiKeyHeader] = []string{Redacted}
		}
		cp.Request = &rq
	}
	return &cp
}

// notSentError is a request that could not be built: nothing was sent.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }
