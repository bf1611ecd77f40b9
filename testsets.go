package cekura

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// testSetsPath is the test sets collection (no version in its path).
const testSetsPath = "/test_framework/test-sets/"

// TestSetsService makes labeled test sets: a finished test run or a
// production call, with the metrics to review on it, kept as ground truth
// for improving those metrics (each metric's current score is the "actual"
// value; the expected value is the label). Get it from Client.TestSets.
type TestSetsService struct{ c *core }

// TestSetSource is what a test set was made from.
type TestSetSource string

// The sources of a test set, as the API names them.
const (
	TestSetSourceCall TestSetSource = "CallLog" // a production call (Client.Calls)
	TestSetSourceRun  TestSetSource = "Run"     // a test run (Client.Runs)
)

// Valid reports whether s is one of the API's sources (or empty).
func (s TestSetSource) Valid() bool {
	return s == "" || s == TestSetSourceCall || s == TestSetSourceRun
}

// TestSet is a labeled test set as the API returns it.
type TestSet struct {
	apiObject
	ID int64 `json:"id"`
	// AgentID is the agent the conversation was with.
	AgentID int64  `json:"agent,omitzero"`
	Name    string `json:"name,omitzero"`
	// SourceModel and SourceID are what it was made from: a call (its id
	// in Client.Calls) or a run. The description types source_id as a
	// string: a number and a string holding one both decode.
	SourceModel TestSetSource `json:"source_model,omitzero"`
	SourceID    int64         `json:"source_id,omitzero" cekura:"flex"`
	// Transcript is the conversation as text ("[00:01] Testing Agent:
	// Hello."), and TranscriptObject as its source sent it: a call's
	// []Turn or a run's []RunTurn, by SourceModel; json.Unmarshal reads it
	// into either.
	Transcript       string          `json:"transcript,omitzero"`
	TranscriptObject json.RawMessage `json:"transcript_object,omitzero"`
	// VoiceRecordingURL is the recording's address.
	VoiceRecordingURL string `json:"voice_recording_url,omitzero"`
	// CallEndReason is why the call ended, such as customer-ended-call.
	CallEndReason string `json:"call_end_reason,omitzero"`
	// Duration is the call's length as MM:SS.
	Duration string `json:"duration,omitzero"`
	// MetricReviews are the metrics under review on this conversation.
	MetricReviews []*TestSetMetricReview `json:"metric_reviews,omitzero"`
	CreatedAt     time.Time              `json:"created_at,omitzero"`
	UpdatedAt     time.Time              `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a test set tolerantly.
func (t *TestSet) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

// TestSetMetricReview is one metric under review in a test set: the label
// (ExpectedValue, Feedback) and what the metric is.
type TestSetMetricReview struct {
	ID int64 `json:"id"`
	// MetricID is the metric reviewed, with its name and kind of score.
	MetricID   int64    `json:"metric,omitzero"`
	MetricName string   `json:"metric_name,omitzero"`
	EvalType   EvalType `json:"eval_type,omitzero"`
	// MetricEnumValues are an enum metric's values.
	MetricEnumValues []string `json:"metric_enum_values,omitzero" cekura:"oneOrMany"`
	// ExpectedValue is the label: 5 or 0 for a binary metric, an enum
	// value for an enum metric (any JSON value; nil when unset).
	ExpectedValue any `json:"expected_value,omitzero"`
	// Explanation is the metric's explanation of its score.
	Explanation []string `json:"explanation,omitzero" cekura:"oneOrMany"`
	Feedback    string   `json:"feedback,omitzero"`
	// MetricFunctionName and MetricVoceraDefinedMetricCode name a
	// predefined metric's implementation.
	MetricFunctionName            string `json:"metric_function_name,omitzero"`
	MetricVoceraDefinedMetricCode string `json:"metric_vocera_defined_metric_code,omitzero"`
}

// TestSetMetric is a metric to review in a new test set.
type TestSetMetric struct {
	// MetricID is the metric; required.
	MetricID int64 `json:"metric"`
	// Feedback is an optional note on the metric.
	Feedback string `json:"feedback,omitzero"`
	// ExpectedValue is the label, when known: any JSON value the metric
	// scores with (5 or 0, "one" …); nil leaves it for the review.
	ExpectedValue any `json:"expected_value,omitzero"`
}

// CreateTestSetFromRunRequest is the body of CreateFromRun. RunID and at
// least one metric are required.
type CreateTestSetFromRunRequest struct {
	// RunID is the finished test run.
	RunID int64 `json:"run_id"`
	// ProjectID is the project that owns the run (with an API key scoped to
	// a project, leave it 0).
	ProjectID int64 `json:"project,omitzero"`
	// Name is the test set's name (the API names it after the run when
	// empty).
	Name    string          `json:"name,omitzero"`
	Metrics []TestSetMetric `json:"metrics"`
}

func (r *CreateTestSetFromRunRequest) validate(v *validator) {
	testSetRules(v, "run_id", "run", r.RunID, r.ProjectID, r.Name, r.Metrics)
}

// CreateTestSetFromCallRequest is the body of CreateFromCall. CallID and at
// least one metric are required.
type CreateTestSetFromCallRequest struct {
	// CallID is the production call (its id in Client.Calls, a call log's
	// id).
	CallID int64 `json:"call_log_id"`
	// ProjectID is the project that owns the call (with an API key scoped
	// to a project, leave it 0).
	ProjectID int64 `json:"project,omitzero"`
	// Name is the test set's name (the API names it after the call when
	// empty).
	Name    string          `json:"name,omitzero"`
	Metrics []TestSetMetric `json:"metrics"`
}

func (r *CreateTestSetFromCallRequest) validate(v *validator) {
	testSetRules(v, "call_log_id", "call", r.CallID, r.ProjectID, r.Name, r.Metrics)
}

// testSetRules are the checks both requests share.
func testSetRules(v *validator, field, what string, source, project int64, name string, metrics []TestSetMetric) {
	if source <= 0 {
		v.add(field, "is required: the id of the %s to make the test set from (a positive id, got %d)", what, source)
	}
	positive(v, "project", project)
	charLimit(v, "name", name)
	if len(metrics) == 0 {
		v.add("metrics", "is required: at least one metric to review")
	}
	for i, m := range metrics {
		if m.MetricID <= 0 {
			v.add("metrics["+strconv.Itoa(i)+"].metric", "is required: a positive metric id, got %d", m.MetricID)
		}
	}
}

// CreateFromRun makes a test set from a finished test run: POST
// /test_framework/test-sets/create_from_run/ (200). The run's metric
// scores become the actual values; the answer is the new test set, or the
// one the run already has.
func (s *TestSetsService) CreateFromRun(ctx context.Context, req *CreateTestSetFromRunRequest, opts ...Option) (*TestSet, error) {
	return send[TestSet](ctx, s.c, endpoint{method: http.MethodPost, path: testSetsPath + "create_from_run/", body: req}, opts)
}

// CreateFromCall makes a test set from a production call (a call log):
// POST /test_framework/test-sets/create_from_call_log/ (200). The call's
// transcript, recording and metric evaluations are copied; the answer is
// the new test set, or the one the call already has.
func (s *TestSetsService) CreateFromCall(ctx context.Context, req *CreateTestSetFromCallRequest, opts ...Option) (*TestSet, error) {
	return send[TestSet](ctx, s.c, endpoint{method: http.MethodPost, path: testSetsPath + "create_from_call_log/", body: req}, opts)
}
