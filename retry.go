package cekura

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry defaults: 2 retries, full-jitter exponential backoff between 0.5 s
// and 8 s, Retry-After honoured up to 60 s.
const (
	DefaultMaxRetries = 2
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 8 * time.Second
	maxRetryAfter     = 60 * time.Second
)

// retryPolicy decides whether and how long to wait before another attempt.
type retryPolicy struct {
	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
	// jitter returns a random duration in [0, d]; replaced in tests.
	jitter func(d time.Duration) time.Duration
}

func defaultJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

// backoff returns the wait before retry number retry (1-based): full jitter
// over min·2^(retry-1), capped at max, and never below min/2 so that retries
// are not sent back to back.
func (p retryPolicy) backoff(retry int) time.Duration {
	d := p.minBackoff
	for i := 1; i < retry && d < p.maxBackoff; i++ {
		d *= 2
	}
	if d > p.maxBackoff {
		d = p.maxBackoff
	}
	floor := p.minBackoff / 2
	if d <= floor {
		return d
	}
	return floor + p.jitter(d-floor)
}

// wait returns how long to wait before retry number retry, preferring the
// server's Retry-After when it sent one.
func (p retryPolicy) wait(retry int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	return p.backoff(retry)
}

// retryableStatus reports whether a status is worth another attempt. GET,
// PUT and DELETE are idempotent: 408, 429, 500, 502, 503 and 504 are retried.
// POST and PATCH are not: a 5xx or a timeout may come after the agent was
// created or changed, so only 429 (the API refused before doing anything) is.
func retryableStatus(idempotent bool, status int) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if !idempotent {
		return false
	}
	switch status {
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableTransportError reports whether a transport error is worth another
// attempt: any for idempotent methods, and for POST and PATCH only those that
// prove the request never reached the server.
func retryableTransportError(idempotent bool, err error) bool {
	if idempotent {
		return true
	}
	return neverSent(err)
}

// neverSent reports whether err proves no byte of the request reached the
// server: the connection could not be opened (refused, unreachable, dial
// timeout) or the host name did not resolve.
func neverSent(err error) bool {
	var ns *notSentError
	if errors.As(err, &ns) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date, capped at 60 s.
// Anything unparsable, negative or in the past is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs != secs {
			return 0
		}
		if secs > maxRetryAfter.Seconds() {
			return maxRetryAfter
		}
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d <= 0 {
		return 0
	}
	if d > maxRetryAfter {
		return maxRetryAfter
	}
	return d
}
