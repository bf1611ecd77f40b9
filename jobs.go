package cekura

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The API's background jobs of metrics and metric reviews: a POST starts
// one and answers its progress_id; a GET of a *_progress endpoint with
// ?progress_id= reads how far it got. Each job has a Start method (named
// for what it does), a Get method and a WaitFor method on the one waiter,
// as Scenarios.Generate, GetGeneration and WaitForGeneration.

// JobStatus is the state of a background job, as its progress answer
// words it: the metrics' and metric reviews' jobs, and the scenario jobs
// (InstructionsJob, TranscriptJob, ScenarioAgentJob). Decoding accepts any
// value; Valid reports whether it is one the API documents.
type JobStatus string

// The states of the API's background jobs. The metrics' jobs are queued,
// then processing, and end completed or failed (the description: "queued,
// processing, completed, or failed"); the scenario jobs are in progress,
// and end completed or failed, and the scenario agent's can also end
// cancelled, or waiting for an answer (needs_clarification,
// needs_agent_clarification), which a new AskScenarioAgent gives.
const (
	JobStatusQueued                  JobStatus = "queued"
	JobStatusProcessing              JobStatus = "processing"
	JobStatusInProgress              JobStatus = "in_progress"
	JobStatusCompleted               JobStatus = "completed"
	JobStatusFailed                  JobStatus = "failed"
	JobStatusCancelled               JobStatus = "cancelled"
	JobStatusNeedsClarification      JobStatus = "needs_clarification"
	JobStatusNeedsAgentClarification JobStatus = "needs_agent_clarification"
)

// Valid reports whether s is one of the documented states.
func (s JobStatus) Valid() bool {
	return s == JobStatusQueued || s == JobStatusProcessing || s == JobStatusInProgress || s.Terminal()
}

// Terminal reports whether a job in this state has ended: completed,
// failed, cancelled, or waiting for an answer. A state the SDK does not
// know is not final, so a waiter keeps polling (until its context ends)
// rather than stop early.
func (s JobStatus) Terminal() bool {
	switch s {
	case JobStatusCompleted, JobStatusFailed, JobStatusCancelled, JobStatusNeedsClarification, JobStatusNeedsAgentClarification:
		return true
	}
	return false
}

// JobFailedError is the Err of a background job that failed or was
// cancelled: which job, its progress id, how it ended and the API's
// message.
type JobFailedError struct {
	// Job names the kind of job, such as "metric preview" or "scenario
	// agent".
	Job        string
	ProgressID string
	// Status is JobStatusFailed or JobStatusCancelled.
	Status JobStatus
	// Message is the API's error message, or a summary (how many reviews
	// failed) when it sent none.
	Message string
}

// Error says which job ended how, and why.
func (e *JobFailedError) Error() string {
	msg := fmt.Sprintf("cekura: %s %s failed", e.Job, e.ProgressID)
	if e.Status == JobStatusCancelled {
		msg = fmt.Sprintf("cekura: %s %s was cancelled", e.Job, e.ProgressID)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// jobErr is the Err of a job in state s with the API's message: a
// *JobFailedError when it failed or was cancelled, else nil.
func jobErr(job, progressID string, s JobStatus, message string) error {
	if s != JobStatusFailed && s != JobStatusCancelled {
		return nil
	}
	return &JobFailedError{Job: job, ProgressID: progressID, Status: s, Message: message}
}

// progressed is a job's progress type, which keeps the id it was read by
// when the answer does not repeat it.
type progressed interface{ fillProgressID(id string) }

// getJob reads a job's progress: GET path?progress_id=.
func getJob[T any, P interface {
	*T
	progressed
}](ctx context.Context, c *core, path, progressID string, opts []Option) (*T, error) {
	return getProgress[T, P](ctx, c, path, progressID, "", opts)
}

// getProgress GETs a background job's progress: path?progress_id=, the id
// kept in the answer when it does not repeat it. An empty id is refused;
// from names the method that returns one ("": the job's start).
func getProgress[T any, P interface {
	*T
	progressed
}](ctx context.Context, c *core, path, progressID, from string, opts []Option) (*T, error) {
	if strings.TrimSpace(progressID) == "" {
		msg := "is required: the progress_id the job's start answered"
		if from != "" {
			msg = "is required: the id " + from + " returned"
		}
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "progress_id", Message: msg}}}
	}
	v, err := send[T](ctx, c, endpoint{method: http.MethodGet, path: path, query: url.Values{"progress_id": {progressID}}}, opts)
	if v != nil {
		P(v).fillProgressID(progressID)
	}
	return v, err
}

// waitJob polls a job's progress until done reports true (see
// [WaitParams]).
func waitJob[T any](ctx context.Context, c *core, params *WaitParams[T], what, progressID string,
	get func(ctx context.Context, progressID string, opts ...Option) (*T, error), done func(*T) bool, opts []Option) (*T, error) {
	if strings.TrimSpace(progressID) == "" {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "progress_id", Message: "is required: the progress_id the job's start answered"}}}
	}
	return poll(ctx, c, params, what+" "+progressID,
		func(ctx context.Context) (*T, error) { return get(ctx, progressID, opts...) }, done)
}
