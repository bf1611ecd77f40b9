package cekura

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// Waiting for the API's background work (a test run, a scenario
// generation): one poller for every kind of progress.

// WaitParams tunes a waiter. T is what the waiter polls. The waiters:
// Results.Wait (Result), Calls.WaitForEvaluation (Call),
// Calls.WaitForScenarioCreation (ScenarioCreation),
// Scenarios.WaitForGeneration (Generation), the scenario jobs'
// WaitForInstructionsJob, WaitForTranscriptJob and WaitForScenarioAgentJob,
// Agents.WaitForImport (ProviderImport), Runs.WaitForChatTurn (ChatTurn),
// the metrics' WaitForPreview, WaitForMetricGeneration,
// WaitForPromptSimplification, WaitForCleanDescription and
// WaitForReviewRun, MetricReviews.WaitForFeedbackProcessing,
// Alerts.WaitForSummary, FailureInsights.WaitForInsight,
// ResearchInsights.WaitForInsight and AgentImprovements.WaitForSession.
// The zero value, or nil, is a good default.
//
// Every waiter has the same shape: it takes the arguments of the Get it
// repeats, then its *WaitParams, then per-call options; it returns the
// state it ended on (Results.Wait: the Verdict of that state). A terminal state is never an error, whatever it holds
// (a failed run, a failed import): check it with its Err method. An error
// means the wait itself ended first (the context, a poll that failed for
// good), and the last state read, if any, is returned with it.
type WaitParams[T any] struct {
	// PollInterval is the first wait between two polls (default 5 s). Each
	// wait grows by half, up to MaxPollInterval (default 30 s), with ±20 %
	// jitter so that many waiters do not poll in step. A Retry-After from
	// the API is honoured when it is longer.
	PollInterval, MaxPollInterval time.Duration
	// MaxConsecutiveErrors is how many polls in a row may fail with a
	// transient error (a 408, 429 or 5xx after the client's own retries, a
	// transport error) before Wait gives up with the last one (default 10).
	// Other errors (401, 404 …) end the wait at once.
	MaxConsecutiveErrors int
	// Progress, when not nil, is called with each state read, in the
	// waiter's goroutine, before the waiter decides whether it is done.
	Progress func(*T)
}

func (o *WaitParams[T]) withDefaults() WaitParams[T] {
	var w WaitParams[T]
	if o != nil {
		w = *o
	}
	if w.PollInterval <= 0 {
		w.PollInterval = 5 * time.Second
	}
	if w.MaxPollInterval < w.PollInterval {
		w.MaxPollInterval = max(30*time.Second, w.PollInterval)
	}
	if w.MaxConsecutiveErrors <= 0 {
		w.MaxConsecutiveErrors = 10
	}
	return w
}

// poll calls fetch until done reports true for what it returns, o.Progress
// being called after each successful fetch. It waits with c's waiter (so
// that withRetryWaiter and cekuratest's clients control the time), ends
// with the context, survives transient errors and honours Retry-After.
func poll[T any](ctx context.Context, c *core, o *WaitParams[T], what string,
	fetch func(ctx context.Context) (*T, error), done func(*T) bool) (*T, error) {
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	w := o.withDefaults()
	interval := w.PollInterval
	failures := 0
	var last *T
	for {
		v, err := fetch(ctx)
		wait, retryAfter := interval, time.Duration(0)
		switch {
		case err == nil:
			failures = 0
			last = v
			if w.Progress != nil {
				w.Progress(v)
			}
			if done(v) {
				return v, nil
			}
		case ctx.Err() != nil:
			return last, fmt.Errorf("cekura: waiting for %s: %w", what, ctx.Err())
		case !transient(err):
			return last, err
		default:
			failures++
			if failures >= w.MaxConsecutiveErrors {
				return last, fmt.Errorf("cekura: waiting for %s: %d polls in a row failed, the last with: %w", what, failures, err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				retryAfter = apiErr.RetryAfter
			}
		}
		if serr := c.sleep(ctx, pollWait(wait, retryAfter)); serr != nil {
			return last, fmt.Errorf("cekura: waiting for %s: %w", what, serr)
		}
		interval = min(interval+interval/2, w.MaxPollInterval)
	}
}

// pollWait is how long to wait before the next poll: the interval spread by
// ±20 %, or, when the API asked for longer with Retry-After, at least that
// long: its jitter is added on top, never taken off.
func pollWait(interval, retryAfter time.Duration) time.Duration {
	d := jitter(interval)
	if retryAfter > 0 {
		d = max(d, retryAfter+rand.N(retryAfter/5+1))
	}
	return d
}

// jitter spreads d by ±20 %.
func jitter(d time.Duration) time.Duration {
	spread := d / 5
	if spread <= 0 {
		return d
	}
	return d - spread + rand.N(2*spread+1)
}

// transient reports whether a failed poll is worth another: an answer of
// 408, 429 or 5xx, or no answer at all.
func transient(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		s := apiErr.StatusCode
		return s == http.StatusRequestTimeout || s == http.StatusTooManyRequests || s >= 500
	}
	var ve *ValidationError
	if errors.As(err, &ve) || errors.Is(err, ErrInvalidConfig) || errors.Is(err, ErrRedirectRefused) {
		return false
	}
	var se *sendError
	return errors.As(err, &se)
}
