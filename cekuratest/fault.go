package cekuratest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is an injected failure: the requests it matches are answered with
// Status and a {"detail": "..."} body.
//
//	fake.Fail(cekuratest.Fault{Method: "POST", Path: "/test_framework/v2/aiagents/", Status: 503, AfterWrite: true})
type Fault struct {
	// Method and Path select the requests it applies to: "" matches any
	// method; Path is a URL path ("/test_framework/v2/aiagents/12/"), or a
	// prefix ending in "*" ("/test_framework/v2/aiagents/*"), or "" for any.
	Method, Path string
	// Status is the answer's status, such as 429 or 503.
	Status int
	// RetryAfter, when set, is sent as Retry-After (whole seconds, rounded up).
	RetryAfter time.Duration
	// Times is how many matching requests it answers (default 1).
	Times int
	// AfterWrite applies a write (POST, PUT, PATCH, DELETE) first and answers
	// Status anyway, as a gateway timing out after the API did the work: the
	// case that makes blind retries of a create make duplicates. Requests the
	// API rejects are answered as usual and do not use the fault up.
	AfterWrite bool
}

// fault is a Fault and how many more requests it answers.
type fault struct {
	Fault
	left int
}

func (f *fault) matches(r *http.Request) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(r.URL.Path, strings.TrimSuffix(f.Path, "*"))
	}
	return r.URL.Path == f.Path
}

// Fail injects a fault. Faults are matched in the order they were added;
// before authentication, unless AfterWrite. A Status of 0 answers 500; one
// that is not an HTTP status (below 100 or above 999) is a mistake in the
// test, and panics here, with the reason, rather than in the fake's
// handler.
func (s *Server) Fail(f Fault) {
	switch {
	case f.Status == 0:
		f.Status = http.StatusInternalServerError
	case f.Status < 100 || f.Status > 999:
		panic(fmt.Sprintf("cekuratest: Fault.Status %d is not an HTTP status (100 to 999)", f.Status))
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{Fault: f, left: f.Times})
}

// FailNext makes the next n requests, whatever they are, fail with status
// (0: 500), before authentication or anything else is looked at. For a Retry-After,
// a path, or a write that takes effect before it fails, use Fail.
func (s *Server) FailNext(n int, status int) {
	if n > 0 {
		s.Fail(Fault{Status: status, Times: n})
	}
}

func (s *Server) takeFault(r *http.Request, afterWrite bool) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.takeFaultLocked(r, afterWrite)
}

// takeFaultLocked uses up one answer of the first matching fault.
func (s *Server) takeFaultLocked(r *http.Request, afterWrite bool) (Fault, bool) {
	for i, f := range s.faults {
		if f.AfterWrite != afterWrite || !f.matches(r) {
			continue
		}
		f.left--
		if f.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f.Fault, true
	}
	return Fault{}, false
}

func writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter > 0 {
		secs := int64((f.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	writeJSON(w, f.Status, detail("Injected failure: "+http.StatusText(f.Status)+"."))
}

// retryWait is the wait of the clients Client returns: it records d,
// moves the fake's clock forward by d and returns at once, with ctx's error
// when ctx is done, or context.DeadlineExceeded when the wait would pass
// ctx's deadline on the fake's clock (so that a wait for a run that never
// ends ends with the context, in no real time).
//
// A deadline is measured against the waits made under it: the fake's clock
// as it was the first time the deadline was seen is its start, so time the
// clock moved before (Advance, earlier calls' waits) does not count against
// a context made later.
func (s *Server) retryWait(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.announce() // the clock moved
	s.waits = append(s.waits, d)
	if deadline, ok := ctx.Deadline(); ok {
		base := s.deadlineBase(deadline)
		if time.Now().Add(s.offset - base + d).After(deadline) {
			s.offset = max(s.offset, base+time.Until(deadline))
			return context.DeadlineExceeded
		}
	}
	s.offset += d
	return nil
}

// deadlineBase returns the clock's offset when deadline was first seen,
// recording it now if it was not, and forgets deadlines that have passed
// in real time (no wait can be under them any more). s.mu is held.
func (s *Server) deadlineBase(deadline time.Time) time.Duration {
	if base, ok := s.deadlines[deadline]; ok {
		return base
	}
	now := time.Now()
	for d := range s.deadlines {
		if d.Before(now) {
			delete(s.deadlines, d)
		}
	}
	if s.deadlines == nil {
		s.deadlines = map[time.Time]time.Duration{}
	}
	s.deadlines[deadline] = s.offset
	return s.offset
}

// RetryWaits returns the waits between attempts that the clients made by
// Client would have slept, in order (Retry-After included), none of which
// took real time.
func (s *Server) RetryWaits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// New starts a fake API for a test and closes it when the test ends
// (t.Cleanup):
//
//	fake := cekuratest.New(t)
//	client := fake.Client()
func New(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// WithChaos makes the fake fail a share rate (0 to 1) of the requests
// whose method is one of methods (GET when none are given), drawn at random
// from a generator seeded with seed: each failure is, in equal shares, a
// 429 with Retry-After: 1, a 502, a 503, or a connection closed with no
// answer. It comes before Fail's faults and authentication. A client with
// retries enough gets through; a soak test uses it to check that nothing
// is lost or handled twice under failures (the webhooks the fake sends are
// not affected: put the chaos in front of the receiver for those).
func WithChaos(seed uint64, rate float64, methods ...string) ServerOption {
	if len(methods) == 0 {
		methods = []string{http.MethodGet}
	}
	return serverOption(func(c *serverConfig) {
		c.chaos = &chaos{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), rate: rate, methods: methods}
	})
}

// chaos is WithChaos's generator; its own mutex, so that drawing does not
// wait for the server's.
type chaos struct {
	mu      sync.Mutex
	rng     *rand.Rand
	rate    float64
	methods []string
}

// strike answers r with a random failure, reporting whether it did.
func (c *chaos) strike(w http.ResponseWriter, r *http.Request) bool {
	if c == nil || !slices.ContainsFunc(c.methods, func(m string) bool { return strings.EqualFold(m, r.Method) }) {
		return false
	}
	c.mu.Lock()
	hit, kind := c.rng.Float64() < c.rate, c.rng.IntN(4)
	c.mu.Unlock()
	if !hit {
		return false
	}
	switch kind {
	case 0:
		writeFault(w, Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second})
	case 1:
		writeFault(w, Fault{Status: http.StatusBadGateway})
	case 2:
		writeFault(w, Fault{Status: http.StatusServiceUnavailable})
	default:
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		} else {
			panic(http.ErrAbortHandler) // closes the connection too
		}
	}
	return true
}
