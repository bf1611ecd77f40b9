package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The rest of the call logs: correcting a call, voting on its metrics, its
// trace, and turning production calls into test scenarios (closing the loop
// from production back to tests).

// callsV1Path is the v1 call-log collection: the trace has no v2 twin.
const callsV1Path = "/observability/v1/call-logs/"

// UpdateCallRequest is the body of Calls.Update (PATCH): only what is set is
// sent, and an update that sets nothing is refused. The API takes only
// these fields: the call's agent and project, its evaluation, topic and
// drop-off point are the system's.
type UpdateCallRequest struct {
	// Status records a human review: CallStatusSuccess, CallStatusFailure,
	// CallStatusReviewedSuccess or CallStatusReviewedFailure.
	Status Opt[CallStatus] `json:"status,omitzero"`
	// Feedback is a reviewer's words about the call.
	Feedback Opt[string] `json:"feedback,omitzero"`
	// CallID is your id of the call, 1 to 100 characters (your
	// organization's duplicate call id policy applies).
	CallID Opt[string] `json:"call_id,omitzero"`
	// Transcript replaces the call's transcript (both of its forms), in the
	// format TranscriptType names; with TranscriptType unset the API
	// detects the format. A Cekura-format transcript (NewTranscript) is
	// checked as Calls.Send checks one.
	Transcript     json.RawMessage     `json:"transcript_json,omitzero"`
	TranscriptType Opt[TranscriptType] `json:"transcript_type,omitzero"`
	// Timestamp is when the call took place.
	Timestamp Opt[time.Time] `json:"timestamp,omitzero"`
	// DurationMinutes is the call's length in minutes (1.5 for 1:30), not
	// negative. (Call.Duration reads it back as "MM:SS".)
	DurationMinutes Opt[float64] `json:"duration,omitzero"`
	// CallEndedReason ("customer-ended-call") and CustomerNumber (a phone
	// number or your id of the customer) are at most 100 characters.
	CallEndedReason Opt[string] `json:"call_ended_reason,omitzero"`
	CustomerNumber  Opt[string] `json:"customer_number,omitzero"`
	// Metadata and DynamicVariables are merged into the call's, key by key
	// at the top level: a key given replaces the call's, a key left out is
	// kept (so nothing can be removed this way). nil sends nothing.
	Metadata         map[string]any `json:"metadata,omitzero"`
	DynamicVariables map[string]any `json:"dynamic_variables,omitzero"`
	// ReevaluateMetrics, Some(true), evaluates the call's metrics again
	// once the update is applied (or for the first time, for a call sent
	// with its evaluation deferred); a call being evaluated is left alone.
	// Unset or false, the metrics are not recomputed.
	ReevaluateMetrics Opt[bool] `json:"reevaluate_metrics,omitzero"`
}

// updateTranscriptTypes are the formats the update takes: those of Send but
// none-mono (there is no recording to transcribe in an update).
var updateTranscriptTypes = slices.DeleteFunc(slices.Clone(transcriptTypes), func(t TranscriptType) bool { return t == TranscriptTypeNoneMono })

func (r *UpdateCallRequest) validate(v *validator) {
	if s, ok := r.Status.Get(); ok {
		switch s {
		case CallStatusSuccess, CallStatusFailure, CallStatusReviewedSuccess, CallStatusReviewedFailure:
		default:
			v.add("status", "%q is not one of success, failure, reviewed_success, reviewed_failure", s)
		}
	}
	if id, ok := r.CallID.Get(); ok {
		if n := utf8.RuneCountInString(id); strings.TrimSpace(id) == "" || n > 100 {
			v.add("call_id", "must be 1 to 100 characters, got %d", n)
		}
	}
	maxChars(v, "call_ended_reason", r.CallEndedReason, 100)
	maxChars(v, "customer_number", r.CustomerNumber, 100)
	if d, ok := r.DurationMinutes.Get(); ok && (d < 0 || math.IsNaN(d) || math.IsInf(d, 0)) {
		v.add("duration", "must be a number of minutes, 0 or more, got %g", d)
	}
	typ, typeSet := r.TranscriptType.Get()
	if typeSet && !slices.Contains(updateTranscriptTypes, typ) {
		v.add("transcript_type", "%q is not one an update takes: %s", typ, joinValues(updateTranscriptTypes))
	}
	if typeSet && r.Transcript == nil {
		v.add("transcript_type", "names the format of transcript_json: set the transcript too")
	}
	if r.Transcript != nil {
		switch {
		case !json.Valid(r.Transcript):
			v.add("transcript_json", "is not valid JSON")
		case typ == TranscriptTypeCekura:
			cekuraTranscript(v, r.Transcript)
		}
	}
}

// maxChars refuses a string over n characters.
func maxChars(v *validator, field string, o Opt[string], n int) {
	if s, ok := o.Get(); ok {
		if c := utf8.RuneCountInString(s); c > n {
			v.add(field, "is %d characters long; at most %d are allowed", c, n)
		}
	}
}

// cekuraTranscript checks a Cekura-format transcript given as JSON, as
// NewTranscript checks one, each problem under transcript_json.
func cekuraTranscript(v *validator, raw json.RawMessage) {
	var turns []Turn
	if json.Unmarshal(raw, &turns) != nil {
		v.add("transcript_json", "a Cekura-format transcript is a list of {role, content, start_time, end_time}")
		return
	}
	if _, err := NewTranscript(turns...); err != nil {
		for _, p := range err.(*ValidationError).Problems {
			v.add(strings.Replace(p.Field, "transcript", "transcript_json", 1), p.Message)
		}
	}
}

// Update corrects a call's source data, or records a human review of it:
// PATCH /observability/v2/call-logs/{id}/. It returns the call as it is
// now; its metrics are recomputed only with ReevaluateMetrics (then see
// WaitForEvaluation).
func (s *CallsService) Update(ctx context.Context, id int64, req *UpdateCallRequest, opts ...Option) (*Call, error) {
	if err := checkID("call", id); err != nil {
		return nil, err
	}
	return send[Call](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(callsPath, id), body: req, update: true}, opts)
}

// VoteMetricRequest is a reviewer's vote on one metric of a call's
// evaluation. MetricID is required, and ThumbsUp must be set: Some(true)
// agrees with the evaluation, Some(false) disagrees, Null() votes neither
// way (the API requires the key).
type VoteMetricRequest struct {
	MetricID int64     `json:"metric_id"`
	ThumbsUp Opt[bool] `json:"thumbs_up" cekura:"nullable"`
	// ExpectedValue is what the metric should have found, in the metric's
	// own terms (true, a score, an enum value), sent as JSON; nil sends
	// null, which is no expected value.
	ExpectedValue any `json:"expected_value"`
	// Feedback is the reviewer's words about the metric's result.
	Feedback string `json:"feedback,omitzero"`
}

func (r *VoteMetricRequest) validate(v *validator) {
	if r.MetricID <= 0 {
		v.add("metric_id", "is required: the id of the metric voted on (got %d)", r.MetricID)
	}
	if !r.ThumbsUp.IsSet() {
		v.add("thumbs_up", "is required: Some(true) agrees with the metric's result, Some(false) disagrees, Null() neither")
	}
	if r.ExpectedValue != nil {
		if _, err := json.Marshal(r.ExpectedValue); err != nil {
			v.add("expected_value", "cannot be sent as JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
}

// VoteMetric records a reviewer's vote on one metric of a call's
// evaluation, with an expected value and feedback if given: POST
// /observability/v2/call-logs/{id}/mark_metric_vote/. The API updates the
// metric's evaluation and marks the call reviewed; read it back with Get.
// (Its answer is a confirmation message only, which VoteMetric does not
// return.)
func (s *CallsService) VoteMetric(ctx context.Context, id int64, req *VoteMetricRequest, opts ...Option) error {
	if err := checkID("call", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: pathID(callsPath, id) + "mark_metric_vote/", body: req}, opts)
}

// Trace is the OpenTelemetry trace of a production call (Calls.GetTrace)
// or of a test run (Runs.GetTrace), as the trace backend holds it (see the
// cekuraotel package for sending one).
type Trace struct {
	apiObject
	// TraceID is the trace's id (32 hex digits): the call's or the run's.
	TraceID string `json:"trace_id"`
	// Spans are the trace's spans, as the trace backend sends them (raw
	// OpenTelemetry data, which the description does not type).
	Spans json.RawMessage `json:"spans"`
}

// UnmarshalJSON decodes a trace tolerantly.
func (t *Trace) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

// GetTrace returns a call's trace: GET /observability/v1/call-logs/{id}/trace/
// (the API has no v2 of it). A call sent without a TraceID has none: the
// answer is then an *APIError matching ErrNotFound, as for a trace the
// backend no longer holds.
func (s *CallsService) GetTrace(ctx context.Context, id int64, opts ...Option) (*Trace, error) {
	if err := checkID("call", id); err != nil {
		return nil, err
	}
	return send[Trace](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(callsV1Path, id) + "trace/"}, opts)
}

// CreateScenariosFromCallsRequest asks the API to write test scenarios from
// production calls, in the background: one scenario per call. AgentID or
// AssistantID names the calls' agent (one is required), and Calls picks
// them: SelectCalls(ids...) or AllCalls(). Only calls with a transcript
// make a scenario.
type CreateScenariosFromCallsRequest struct {
	AgentID     int64  `json:"agent_id,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// Calls picks the calls by Cekura's ids, or all of the agent's.
	Calls CallSelection `json:"call_logs"`
	// CopyToAgentID, when not 0, puts the scenarios on that agent instead:
	// the agent you test, when it is not the one whose calls you observe.
	CopyToAgentID int64 `json:"copy_to_agent,omitzero"`
	// FolderPath puts the scenarios in that folder ("Sales.Inbound"); it
	// needs ProjectID.
	FolderPath string `json:"folder_path,omitzero"`
	ProjectID  int64  `json:"project_id,omitzero"`
}

func (r *CreateScenariosFromCallsRequest) validate(v *validator) {
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent_id", "set exactly one of agent_id and assistant_id")
	}
	positive(v, "agent_id", r.AgentID)
	if !r.Calls.all && len(r.Calls.ids) == 0 {
		v.add("call_logs", "pick calls with SelectCalls(ids...) or AllCalls()")
	}
	ids(v, "call_logs", r.Calls.ids)
	positive(v, "copy_to_agent", r.CopyToAgentID)
	positive(v, "project_id", r.ProjectID)
	if r.FolderPath != "" && r.ProjectID == 0 {
		v.add("project_id", "is required with folder_path")
	}
}

// ScenarioCreation is the progress of a creation of scenarios from calls.
type ScenarioCreation struct {
	apiObject
	// ProgressID identifies the creation; CreateScenarios returns it.
	ProgressID string `json:"progress_id,omitzero"`
	// AgentID is the agent of the calls.
	AgentID   int64 `json:"agent_id,omitzero"`
	Total     int   `json:"total_scenarios"`
	Completed int   `json:"completed_scenarios"`
	Failed    int   `json:"failed_scenarios"`
	// Scenarios are the scenarios written: the API sends them once every
	// call is done.
	Scenarios []*Scenario `json:"scenarios_list,omitzero"`
	// Errors say why the calls that failed made no scenario.
	Errors []ScenarioCreationError `json:"errors,omitzero"`
}

// UnmarshalJSON decodes the progress tolerantly.
func (c *ScenarioCreation) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// ScenarioCreationError is why one call made no scenario.
type ScenarioCreationError struct {
	// CallID is Cekura's id of the call (its call log).
	CallID int64 `json:"call_log_id,omitzero"`
	// Error is the API's error as it sent it, such as {"detail":
	// "Transcript is missing"}; see Message.
	Error json.RawMessage `json:"error,omitzero"`
}

// Message returns the error's text: its detail, a string as it is, or
// else the JSON the API sent.
func (e ScenarioCreationError) Message() string {
	var s string
	if json.Unmarshal(e.Error, &s) == nil {
		return s
	}
	var d struct {
		Detail string `json:"detail"`
	}
	if json.Unmarshal(e.Error, &d) == nil && d.Detail != "" {
		return d.Detail
	}
	return string(e.Error)
}

// Done reports whether every call has made its scenario or failed (the
// description's rule: completed + failed >= total); false while Total is
// 0, before the API has counted the calls.
func (c *ScenarioCreation) Done() bool {
	return c != nil && c.Total > 0 && c.Completed+c.Failed >= c.Total
}

// Err returns a *ScenarioCreationFailedError when the creation is done and
// some calls made no scenario, and nil otherwise.
func (c *ScenarioCreation) Err() error {
	if c == nil || !c.Done() || c.Failed == 0 {
		return nil
	}
	return &ScenarioCreationFailedError{ProgressID: c.ProgressID, Failed: c.Failed, Total: c.Total, Errors: c.Errors}
}

// ScenarioCreationFailedError is ScenarioCreation.Err's error: some calls
// made no scenario (the scenarios of the others are in
// ScenarioCreation.Scenarios).
type ScenarioCreationFailedError struct {
	ProgressID    string
	Failed, Total int
	// Errors are the API's reasons, by call.
	Errors []ScenarioCreationError
}

// Error says how many calls made no scenario, and why the first did not.
func (e *ScenarioCreationFailedError) Error() string {
	msg := fmt.Sprintf("cekura: scenarios from calls %s: %d of %d calls made no scenario", e.ProgressID, e.Failed, e.Total)
	if len(e.Errors) > 0 {
		msg += fmt.Sprintf("; call %d: %s", e.Errors[0].CallID, e.Errors[0].Message())
	}
	return msg
}

// CreateScenarios starts writing test scenarios from production calls:
// POST /observability/v2/call-logs/create_scenarios/. Follow it with
// GetScenarioCreation or WaitForScenarioCreation. It is not retried once it
// may have been sent (MaybeApplied says whether it may have started).
func (s *CallsService) CreateScenarios(ctx context.Context, req *CreateScenariosFromCallsRequest, opts ...Option) (*ScenarioCreation, error) {
	return send[ScenarioCreation](ctx, s.c, endpoint{method: http.MethodPost, path: callsPath + "create_scenarios/", body: req}, opts)
}

// GetScenarioCreation returns the progress of a creation of scenarios from
// calls: GET /observability/v2/call-logs/create_scenarios_progress/?progress_id=.
func (s *CallsService) GetScenarioCreation(ctx context.Context, progressID string, opts ...Option) (*ScenarioCreation, error) {
	return getProgress[ScenarioCreation](ctx, s.c, callsPath+"create_scenarios_progress/", progressID, "CreateScenarios", opts)
}

// fillProgressID sets the id the progress was asked by, when the answer
// has none (the API's has none).
func (c *ScenarioCreation) fillProgressID(id string) {
	if c.ProgressID == "" {
		c.ProgressID = id
	}
}

// WaitForScenarioCreation polls a creation of scenarios from calls until
// every call has made its scenario or failed (see [WaitParams]) and returns
// it. A creation in which some calls failed is not an error: check
// ScenarioCreation.Err.
func (s *CallsService) WaitForScenarioCreation(ctx context.Context, progressID string, params *WaitParams[ScenarioCreation], opts ...Option) (*ScenarioCreation, error) {
	return poll(ctx, s.c, params, "scenarios from calls "+progressID,
		func(ctx context.Context) (*ScenarioCreation, error) {
			return s.GetScenarioCreation(ctx, progressID, opts...)
		},
		(*ScenarioCreation).Done)
}
