package cekura

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

const metricReviewsPath = "/test_framework/metric-reviews/"

// MetricReviewsService is Labs: the human feedback on a metric's verdicts
// (its reviews), and the optimisation that improves the metric from it.
// Get it from Client.MetricReviews.
type MetricReviewsService struct{ c *core }

// MetricReview is one human judgement of a metric's verdict on a test set.
type MetricReview struct {
	apiObject
	ID int64 `json:"id"`
	// MetricID and MetricName are the metric reviewed.
	MetricID   int64  `json:"metric,omitzero"`
	MetricName string `json:"metric_name,omitzero"`
	// MetricEnumValues are the values of an enum metric.
	MetricEnumValues []string `json:"metric_enum_values,omitzero"`
	// EvalType is the metric's kind of score, as the API words it.
	EvalType string `json:"eval_type,omitzero"`
	// ExpectedValue is the value the reviewer expects (5 or 0, an enum
	// value …), as JSON: null when none is set.
	ExpectedValue json.RawMessage `json:"expected_value,omitzero"`
	// Explanation is the metric's explanation of its verdict.
	Explanation []string `json:"explanation,omitzero" cekura:"oneOrMany"`
	// Feedback is the reviewer's note.
	Feedback                      string `json:"feedback,omitzero"`
	MetricFunctionName            string `json:"metric_function_name,omitzero"`
	MetricVoceraDefinedMetricCode string `json:"metric_vocera_defined_metric_code,omitzero"`
	// TestSet is the conversation reviewed, and ActualValue the value the
	// metric gave it, as JSON (5, "escalated" …; null when none): a
	// metric's Reviews send them.
	TestSet     *TestSet        `json:"test_set,omitzero"`
	ActualValue json.RawMessage `json:"actual_value,omitzero"`
	// CreatedAt and UpdatedAt are when the review was made and last
	// changed (a metric's Reviews send them).
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a metric review tolerantly.
func (r *MetricReview) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// UpdateMetricReviewRequest is the body of Update (PATCH): only what is set
// is sent.
type UpdateMetricReviewRequest struct {
	// ExpectedValue is the value the metric should have given, as JSON
	// (5, 0, "escalated" …); Null() clears it.
	ExpectedValue Opt[json.RawMessage] `json:"expected_value,omitzero" cekura:"nullable"`
	// Feedback is a note on why the verdict was right or wrong.
	Feedback Opt[string] `json:"feedback,omitzero"`
}

func (r *UpdateMetricReviewRequest) validate(v *validator) {
	if raw, ok := r.ExpectedValue.Get(); ok && !json.Valid(raw) {
		v.add("expected_value", "is not valid JSON (5, \"escalated\" …); Null() clears it")
	}
}

// Update changes a review, typically its feedback: PATCH
// /test_framework/metric-reviews/{id}/.
func (s *MetricReviewsService) Update(ctx context.Context, id int64, req *UpdateMetricReviewRequest, opts ...Option) (*MetricReview, error) {
	if err := checkID("metric review", id); err != nil {
		return nil, err
	}
	return send[MetricReview](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(metricReviewsPath, id), body: req, update: true}, opts)
}

// ProcessFeedbacksRequest improves a metric from the feedback on its
// reviews.
type ProcessFeedbacksRequest struct {
	// MetricID is the metric to improve; required.
	MetricID   int64      `json:"metric_id"`
	MetricType MetricType `json:"metric_type,omitzero"`
	// TestSetIDs are the test sets whose feedback drives the optimisation;
	// none: every test set of the metric's Lab.
	TestSetIDs []int64 `json:"test_set_ids,omitzero"`
	// SimplifiedPrompt, when set, is the prompt the optimisation starts
	// from instead of the metric's description (see
	// Metrics.SimplifyPrompt).
	SimplifiedPrompt string `json:"simplified_prompt,omitzero"`
	// SkipEvaluation skips evaluating the test sets after the
	// optimisation: faster, without ReviewResults.
	SkipEvaluation bool `json:"skip_evaluation,omitzero"`
}

func (r *ProcessFeedbacksRequest) validate(v *validator) {
	if r.MetricID <= 0 {
		v.add("metric_id", "is required: the id of the metric to improve")
	}
	if !r.MetricType.Valid() {
		v.add("metric_type", "%q is not one of basic, custom_prompt, llm_judge, custom_code", r.MetricType)
	}
	ids(v, "test_set_ids", r.TestSetIDs)
}

// TriggerKind says how to read an improved evaluation trigger.
type TriggerKind string

// The trigger kinds of a feedback processing.
const (
	// TriggerKindAlways: the trigger is the word "always": every call.
	TriggerKindAlways TriggerKind = "always"
	// TriggerKindLLMJudge: the trigger is a prompt a model judges.
	TriggerKindLLMJudge TriggerKind = "llm_judge"
	// TriggerKindCustomCode: the trigger is Python code.
	TriggerKindCustomCode TriggerKind = "custom_code"
)

// Valid reports whether k is one of the API's trigger kinds.
func (k TriggerKind) Valid() bool {
	return k == TriggerKindAlways || k == TriggerKindLLMJudge || k == TriggerKindCustomCode
}

// ReviewResult is the improved metric's verdict on one test set.
type ReviewResult struct {
	ReviewID  int64 `json:"review_id"`
	TestSetID int64 `json:"test_set_id"`
	// ActualValue and Explanation are the metric's verdict, as JSON.
	ActualValue json.RawMessage `json:"actual_value,omitzero"`
	Explanation json.RawMessage `json:"explanation,omitzero"`
	// Success reports whether the verdict matched the review.
	Success bool   `json:"success"`
	Error   string `json:"error,omitzero"`
}

// OptimizationScore is a metric's accuracy over the samples evaluated.
type OptimizationScore struct {
	NumCorrect int     `json:"num_correct"`
	NumTotal   int     `json:"num_total"`
	Score      float64 `json:"score"`
}

// FeedbackProcessing is the progress, then the outcome, of a metric's
// optimisation from feedback. Nothing is saved: apply what you keep with
// Metrics.Update.
//
// Its fields are those of the API's description of the outcome; Status
// and Error, which the description leaves out, are read too, so that a
// waiter can tell a job in progress, and one that failed.
type FeedbackProcessing struct {
	apiObject
	// ProgressID identifies the job; ProcessFeedbacks answers it.
	ProgressID string    `json:"progress_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	Error      string    `json:"error,omitzero"`
	// ImprovedMetricDescription and ImprovedEvaluationTrigger are the
	// improved metric; ImprovedTriggerKind says how to read the trigger.
	ImprovedMetricDescription string      `json:"improved_metric_description,omitzero"`
	ImprovedEvaluationTrigger string      `json:"improved_evaluation_trigger,omitzero"`
	ImprovedTriggerKind       TriggerKind `json:"improved_trigger_kind,omitzero"`
	TriggerType               TriggerType `json:"trigger_type,omitzero"`
	// Type is the metric type to switch to (custom_code when the
	// optimisation wrote CustomCode).
	Type       MetricType `json:"type,omitzero"`
	CustomCode string     `json:"custom_code,omitzero"`
	// OptimizationSummary says in plain words what the improved metric
	// does.
	OptimizationSummary string `json:"optimization_summary,omitzero"`
	// OldScore and NewScore are the accuracy before and after, over the
	// same samples.
	OldScore *OptimizationScore `json:"old_score,omitzero"`
	NewScore *OptimizationScore `json:"new_score,omitzero"`
	// ReviewResults are the improved metric's verdicts on each test set.
	ReviewResults []ReviewResult `json:"review_results,omitzero"`
	// The advanced configuration, and the notes of the optimisation
	// (corrections made from answers, label changes not approved, samples
	// it could not resolve), as JSON.
	MetricDescriptionProgram   json.RawMessage   `json:"metric_description_program,omitzero"`
	MetricDescriptionVariables []json.RawMessage `json:"metric_description_variables,omitzero"`
	EvaluationTriggerProgram   json.RawMessage   `json:"evaluation_trigger_program,omitzero"`
	EvaluationTriggerVariables []json.RawMessage `json:"evaluation_trigger_variables,omitzero"`
	FeedbackEdits              []json.RawMessage `json:"feedback_edits,omitzero"`
	UnauthorizedLabelChanges   []json.RawMessage `json:"unauthorized_label_changes,omitzero"`
	UnresolvedSamples          []json.RawMessage `json:"unresolved_samples,omitzero"`
}

// UnmarshalJSON decodes a feedback processing tolerantly.
func (p *FeedbackProcessing) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

func (p *FeedbackProcessing) fillProgressID(id string) {
	if p.ProgressID == "" {
		p.ProgressID = id
	}
}

// Done reports whether the optimisation has ended: completed or failed,
// or, with no status, its improved metric is in. One paused on questions
// (see AnswerFeedbackQuestions) is not done.
func (p *FeedbackProcessing) Done() bool {
	if p == nil {
		return false
	}
	return p.Status.Terminal() || (p.Status == "" && p.ImprovedMetricDescription != "")
}

// Err returns a *JobFailedError when the optimisation failed, and nil
// otherwise.
func (p *FeedbackProcessing) Err() error {
	if p == nil {
		return nil
	}
	return jobErr("feedback processing", p.ProgressID, p.Status, p.Error)
}

// ProcessFeedbacks starts improving a metric from the feedback on its
// reviews, in the background: POST
// /test_framework/metric-reviews/process_feedbacks/. Follow it with
// GetFeedbackProcessing or WaitForFeedbackProcessing.
func (s *MetricReviewsService) ProcessFeedbacks(ctx context.Context, req *ProcessFeedbacksRequest, opts ...Option) (*FeedbackProcessing, error) {
	return send[FeedbackProcessing](ctx, s.c, endpoint{method: http.MethodPost, path: metricReviewsPath + "process_feedbacks/", body: req}, opts)
}

// GetFeedbackProcessing returns an optimisation's progress: GET
// /test_framework/metric-reviews/process_feedbacks_progress/?progress_id=.
func (s *MetricReviewsService) GetFeedbackProcessing(ctx context.Context, progressID string, opts ...Option) (*FeedbackProcessing, error) {
	return getJob[FeedbackProcessing](ctx, s.c, metricReviewsPath+"process_feedbacks_progress/", progressID, opts)
}

// WaitForFeedbackProcessing polls an optimisation until it ends (see
// [WaitParams]) and returns it. A failed one is not an error: check
// FeedbackProcessing.Err. While it is paused on questions it does not end:
// see each state with WaitParams.Progress, and answer with
// AnswerFeedbackQuestions.
func (s *MetricReviewsService) WaitForFeedbackProcessing(ctx context.Context, progressID string, params *WaitParams[FeedbackProcessing], opts ...Option) (*FeedbackProcessing, error) {
	return waitJob(ctx, s.c, params, "feedback processing", progressID, s.GetFeedbackProcessing, (*FeedbackProcessing).Done, opts)
}

// AnswerFeedbackQuestionsRequest answers the questions an optimisation is
// paused on.
//
// The API's description gives this body the schema of a metric review,
// which its own text contradicts ("Answers are keyed by question id; use
// {"action": "skip"} to skip one"): the SDK sends the job's progress_id
// and the answers keyed by question id.
type AnswerFeedbackQuestionsRequest struct {
	// ProgressID is the optimisation's; required.
	ProgressID string `json:"progress_id" cekura:"required"`
	// Answers are keyed by question id, each a JSON value; SkipQuestion()
	// skips one. At least one.
	Answers map[string]json.RawMessage `json:"answers"`
}

// SkipQuestion is the answer that skips a question: {"action": "skip"}.
func SkipQuestion() json.RawMessage { return json.RawMessage(`{"action":"skip"}`) }

func (r *AnswerFeedbackQuestionsRequest) validate(v *validator) {
	if len(r.Answers) == 0 {
		v.add("answers", "is required: the answers, keyed by question id")
	}
	for _, id := range slices.Sorted(maps.Keys(r.Answers)) {
		switch a := r.Answers[id]; {
		case strings.TrimSpace(id) == "":
			v.add("answers", "has an answer without a question id")
		case !json.Valid(a):
			v.add("answers", "the answer to %q is not valid JSON (SkipQuestion() skips the question)", id)
		}
	}
}

// AnswerFeedbackQuestions answers the questions an optimisation is paused
// on; it then resumes: POST
// /test_framework/metric-reviews/process_feedbacks_answer/.
func (s *MetricReviewsService) AnswerFeedbackQuestions(ctx context.Context, req *AnswerFeedbackQuestionsRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: metricReviewsPath + "process_feedbacks_answer/", body: req}, opts)
}
