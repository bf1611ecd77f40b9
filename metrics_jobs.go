package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// The metrics' actions beyond their CRUD: bulk create, reorder, and the
// AI helpers, most of them background jobs (see jobs.go).

// TriggerType says how a custom evaluation trigger is judged.
type TriggerType string

// The trigger types of the API.
const (
	// TriggerTypeLLMJudge: a model judges the trigger prompt (the default).
	TriggerTypeLLMJudge TriggerType = "llm_judge"
	// TriggerTypeCustomCode: the trigger's Python code decides.
	TriggerTypeCustomCode TriggerType = "custom_code"
)

// Valid reports whether t is one of the API's trigger types (or empty).
func (t TriggerType) Valid() bool {
	return t == "" || t == TriggerTypeLLMJudge || t == TriggerTypeCustomCode
}

// BulkCreateMetricsRequest creates several metrics in one request.
type BulkCreateMetricsRequest struct {
	// Metrics are the metrics to create, each as Create takes it; at least
	// one. A problem of the second metric's name is reported as
	// "[1].name", as the API keys it.
	Metrics []*CreateMetricRequest `json:"-"` // sent by MarshalJSON, as the body itself
}

// MarshalJSON sends the metrics as the API takes them: a JSON array.
func (r BulkCreateMetricsRequest) MarshalJSON() ([]byte, error) { return marshal(&r.Metrics) }

func (r *BulkCreateMetricsRequest) validate(v *validator) {
	if len(r.Metrics) == 0 {
		v.add("request", "holds no metrics; give at least one")
	}
	for i, m := range r.Metrics {
		at := "[" + strconv.Itoa(i) + "]"
		if m == nil {
			v.add(at, "is nil")
			continue
		}
		var one validator
		checkDeclared(&one, m)
		m.validate(&one)
		for _, p := range one.problems {
			v.add(at+"."+p.Field, "%s", p.Message)
		}
	}
}

// BulkCreate creates several metrics in one request: POST
// /test_framework/v2/metrics/bulk_create/ (201). It answers the metrics
// created, in the order given. Each is checked as Create checks it, every
// problem at once, before anything is sent; it is never retried once the
// request may have reached the API.
func (s *MetricsService) BulkCreate(ctx context.Context, req *BulkCreateMetricsRequest, opts ...Option) ([]*Metric, error) {
	p, err := listPost[Metric](ctx, s.c, metricsPath+"bulk_create/", req, opts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

// ReorderMetricsRequest sets the order in which a project's metrics are
// shown.
type ReorderMetricsRequest struct {
	// MetricIDs are the metrics in their new order; at least one, each
	// once.
	MetricIDs []int64 `json:"metric_ids"`
}

func (r *ReorderMetricsRequest) validate(v *validator) {
	idList(v, "metric_ids", r.MetricIDs, 0, "the ids of the metrics in their new order")
}

// MetricOrder is the order of a project's metrics, as Reorder answers it.
type MetricOrder struct {
	apiObject
	// MetricIDs are the metrics, in order.
	MetricIDs []int64 `json:"metric_ids"`
}

// UnmarshalJSON decodes a metric order tolerantly.
func (o *MetricOrder) UnmarshalJSON(b []byte) error { return unmarshal(b, o) }

// Reorder sets the order of a project's metrics: PATCH
// /test_framework/v2/metrics/reorder/. Repeating it sets the same order,
// so it is retried as a PATCH is.
func (s *MetricsService) Reorder(ctx context.Context, req *ReorderMetricsRequest, opts ...Option) (*MetricOrder, error) {
	return send[MetricOrder](ctx, s.c, endpoint{method: http.MethodPatch, path: metricsPath + "reorder/", body: req}, opts)
}

// MetricPreviewData is the metric a preview evaluates: it need not exist.
type MetricPreviewData struct {
	// Name is required, at most 255 characters.
	Name string `json:"name" cekura:"required"`
	// Type and EvalType are required.
	Type     MetricType `json:"type"`
	EvalType EvalType   `json:"eval_type"`
	// EnumValues are required for an enum metric.
	EnumValues  []string `json:"enum_values,omitzero"`
	Description string   `json:"description,omitzero"`
	Prompt      string   `json:"prompt,omitzero"`
	// CustomCode is required for a custom_code metric.
	CustomCode string `json:"custom_code,omitzero"`
	// EvaluationTrigger is always (the default), automatic or custom; a
	// custom trigger needs EvaluationTriggerPrompt (TriggerTypeLLMJudge, the
	// default) or EvaluationTriggerCustomCode (TriggerTypeCustomCode).
	EvaluationTrigger           EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	TriggerType                 TriggerType       `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     string            `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode string            `json:"evaluation_trigger_custom_code,omitzero"`
	AudioEnabled                bool              `json:"audio_enabled,omitzero"`
}

// check checks a preview's metric, its fields under prefix.
func (d *MetricPreviewData) check(v *validator, prefix string) {
	if n := utf8.RuneCountInString(d.Name); n > maxNameLen {
		v.add(prefix+"name", "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
	if d.Type == "" {
		v.add(prefix+"type", "is required: llm_judge, custom_code, basic or custom_prompt")
	}
	if d.EvalType == "" {
		v.add(prefix+"eval_type", "is required: binary, continuous_qualitative, numeric or enum")
	}
	var sub validator
	metricRules(&sub, d.Type, d.EvalType, d.EnumValues, d.CustomCode, d.EvaluationTrigger, true)
	triggerRules(&sub, d.EvaluationTrigger, d.TriggerType, d.EvaluationTriggerPrompt, d.EvaluationTriggerCustomCode)
	for _, p := range sub.problems {
		v.add(prefix+p.Field, "%s", p.Message)
	}
}

// triggerRules checks that a custom trigger has what its type judges.
func triggerRules(v *validator, trigger EvaluationTrigger, typ TriggerType, prompt, code string) {
	if !typ.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", typ)
		return
	}
	if trigger != EvaluationTriggerCustom {
		return
	}
	switch {
	case typ == TriggerTypeCustomCode && code == "":
		v.add("evaluation_trigger_custom_code", "is required for a custom trigger of type custom_code")
	case typ != TriggerTypeCustomCode && prompt == "":
		v.add("evaluation_trigger_prompt", "is required for a custom trigger of type llm_judge (the default)")
	}
}

// maxPreviewItems is the API's limit on the calls or runs of a preview.
const maxPreviewItems = 10

// PreviewMetricRequest evaluates a metric, saved or not, on a few calls or
// runs, to see what it would say before saving it.
type PreviewMetricRequest struct {
	// AgentID or ProjectID: the calls and runs must belong to it.
	AgentID   int64 `json:"agent_id,omitzero"`
	ProjectID int64 `json:"project_id,omitzero"`
	// CallIDs (Cekura's ids of production calls) or RunIDs: 1 to 10 of
	// either; one of the two is required.
	CallIDs []int64 `json:"call_log_ids,omitzero"`
	RunIDs  []int64 `json:"run_ids,omitzero"`
	// Metric is the metric to evaluate; required.
	Metric *MetricPreviewData `json:"metric_data"`
}

func (r *PreviewMetricRequest) validate(v *validator) {
	if len(r.CallIDs) == 0 && len(r.RunIDs) == 0 {
		v.add("call_log_ids", "give call_log_ids or run_ids: the calls or runs to evaluate the metric on")
	}
	if len(r.CallIDs) > 0 {
		idList(v, "call_log_ids", r.CallIDs, maxPreviewItems, "")
	}
	if len(r.RunIDs) > 0 {
		idList(v, "run_ids", r.RunIDs, maxPreviewItems, "")
	}
	if r.AgentID < 0 || r.ProjectID < 0 {
		v.add("agent_id", "agent_id and project_id are positive ids when set")
	}
	if r.Metric == nil {
		v.add("metric_data", "is required: the metric to evaluate")
		return
	}
	r.Metric.check(v, "metric_data.")
}

// MetricPreview is the progress of a metric preview.
//
// The API's description documents this answer in words only ("preview
// state with status and results"): the SDK reads its status, results and
// error; RawJSON holds the answer as sent.
type MetricPreview struct {
	apiObject
	// ProgressID identifies the preview; Preview answers it.
	ProgressID string    `json:"progress_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	// Results are the metric's outcome on each call or run, as the API
	// sends them (their shape is not documented).
	Results []json.RawMessage `json:"results,omitzero"`
	// Error is the API's message when the preview failed.
	Error string `json:"error,omitzero"`
}

// UnmarshalJSON decodes a preview tolerantly.
func (p *MetricPreview) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

func (p *MetricPreview) fillProgressID(id string) {
	if p.ProgressID == "" {
		p.ProgressID = id
	}
}

// Done reports whether the preview has ended: completed or failed.
func (p *MetricPreview) Done() bool { return p != nil && (p.Status.Terminal()) }

// Err returns a *JobFailedError when the preview failed, and nil otherwise.
func (p *MetricPreview) Err() error {
	if p == nil {
		return nil
	}
	return jobErr("metric preview", p.ProgressID, p.Status, p.Error)
}

// Preview starts evaluating a metric on a few calls or runs, in the
// background: POST /test_framework/v2/metrics/preview/. Follow it with
// GetPreview or WaitForPreview.
func (s *MetricsService) Preview(ctx context.Context, req *PreviewMetricRequest, opts ...Option) (*MetricPreview, error) {
	return send[MetricPreview](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "preview/", body: req}, opts)
}

// GetPreview returns a preview's progress: GET
// /test_framework/v2/metrics/preview-progress/?progress_id=.
func (s *MetricsService) GetPreview(ctx context.Context, progressID string, opts ...Option) (*MetricPreview, error) {
	return getJob[MetricPreview](ctx, s.c, metricsPath+"preview-progress/", progressID, opts)
}

// WaitForPreview polls a preview until it ends (see [WaitParams]) and
// returns it. A failed preview is not an error: check MetricPreview.Err.
func (s *MetricsService) WaitForPreview(ctx context.Context, progressID string, params *WaitParams[MetricPreview], opts ...Option) (*MetricPreview, error) {
	return waitJob(ctx, s.c, params, "metric preview", progressID, s.GetPreview, (*MetricPreview).Done, opts)
}

// GenerateMetricsRequest asks the API to suggest metrics for an agent.
type GenerateMetricsRequest struct {
	// AgentID or AssistantID (the provider's id of the agent): one is
	// required. The agent's description must be at least 100 characters
	// long.
	AgentID     int64  `json:"agent_id,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// NumMetrics is how many to suggest, 1 to 100 (0: the API's default,
	// 1).
	NumMetrics int `json:"num_metrics,omitzero"`
}

func (r *GenerateMetricsRequest) validate(v *validator) {
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent_id", "set exactly one of agent_id and assistant_id")
	}
	if r.AgentID < 0 {
		v.add("agent_id", "must be a positive agent id, got %d", r.AgentID)
	}
	if r.NumMetrics < 0 || r.NumMetrics > 100 {
		v.add("num_metrics", "is %d; the API suggests 1 to 100 at a time", r.NumMetrics)
	}
}

// MetricGeneration is the progress of a metric generation.
//
// The API's description documents this answer in words only ("generation
// state with status and generated metrics"): the SDK reads its status,
// metrics and error; RawJSON holds the answer as sent.
type MetricGeneration struct {
	apiObject
	// ProgressID identifies the generation; GenerateMetrics answers it.
	ProgressID string    `json:"progress_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	// Metrics are the metrics suggested so far. They are not saved: create
	// those you want with BulkCreate (their ID is 0).
	Metrics []*Metric `json:"metrics,omitzero"`
	// Error is the API's message when the generation failed.
	Error string `json:"error,omitzero"`
}

// UnmarshalJSON decodes a metric generation tolerantly.
func (g *MetricGeneration) UnmarshalJSON(b []byte) error { return unmarshal(b, g) }

func (g *MetricGeneration) fillProgressID(id string) {
	if g.ProgressID == "" {
		g.ProgressID = id
	}
}

// Done reports whether the generation has ended: completed or failed.
func (g *MetricGeneration) Done() bool { return g != nil && (g.Status.Terminal()) }

// Err returns a *JobFailedError when the generation failed, and nil
// otherwise.
func (g *MetricGeneration) Err() error {
	if g == nil {
		return nil
	}
	return jobErr("metric generation", g.ProgressID, g.Status, g.Error)
}

// GenerateMetrics starts suggesting metrics for an agent, in the
// background: POST /test_framework/v2/metrics/generate_metrics/. Follow it
// with GetMetricGeneration or WaitForMetricGeneration; nothing is saved
// until BulkCreate.
func (s *MetricsService) GenerateMetrics(ctx context.Context, req *GenerateMetricsRequest, opts ...Option) (*MetricGeneration, error) {
	return send[MetricGeneration](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "generate_metrics/", body: req}, opts)
}

// GetMetricGeneration returns a metric generation's progress: GET
// /test_framework/v2/metrics/generate_metrics_progress/?progress_id=.
func (s *MetricsService) GetMetricGeneration(ctx context.Context, progressID string, opts ...Option) (*MetricGeneration, error) {
	return getJob[MetricGeneration](ctx, s.c, metricsPath+"generate_metrics_progress/", progressID, opts)
}

// WaitForMetricGeneration polls a metric generation until it ends (see
// [WaitParams]) and returns it. A failed generation is not an error: check
// MetricGeneration.Err.
func (s *MetricsService) WaitForMetricGeneration(ctx context.Context, progressID string, params *WaitParams[MetricGeneration], opts ...Option) (*MetricGeneration, error) {
	return waitJob(ctx, s.c, params, "metric generation", progressID, s.GetMetricGeneration, (*MetricGeneration).Done, opts)
}

// SimplifyPromptRequest asks for a shorter version of a metric's prompt.
type SimplifyPromptRequest struct {
	// OriginalPrompt is the prompt to simplify; required.
	OriginalPrompt string `json:"original_prompt" cekura:"required"`
	// MetricID, when set and the metric is already optimised, makes the
	// API answer the metric's stored instructions instead.
	MetricID int64 `json:"metric_id,omitzero"`
}

func (r *SimplifyPromptRequest) validate(v *validator) {
	if r.MetricID < 0 {
		v.add("metric_id", "must be a positive metric id, got %d", r.MetricID)
	}
}

// PromptSimplification is a simplified prompt, or the progress of one.
// SimplifyPrompt answers it done (SimplifiedPrompt set, no ProgressID), or
// started in the background (ProgressID set): then wait for it with
// WaitForPromptSimplification.
type PromptSimplification struct {
	apiObject
	ProgressID string `json:"progress_id,omitzero"`
	// Status is set on the progress of a background simplification.
	Status           JobStatus `json:"status,omitzero"`
	OriginalPrompt   string    `json:"original_prompt,omitzero"`
	SimplifiedPrompt string    `json:"simplified_prompt,omitzero"`
	// SkippedSimplification is true when the API answered the metric's
	// stored instructions instead of simplifying (see
	// SimplifyPromptRequest.MetricID).
	SkippedSimplification bool  `json:"skipped_simplification,omitzero"`
	MetricID              int64 `json:"metric_id,omitzero"`
	// Error is the API's message when the simplification failed.
	Error string `json:"error,omitzero"`
}

// UnmarshalJSON decodes a prompt simplification tolerantly.
func (p *PromptSimplification) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

func (p *PromptSimplification) fillProgressID(id string) {
	if p.ProgressID == "" {
		p.ProgressID = id
	}
}

// Done reports whether the simplification has ended: answered at once
// (no status, no progress id), or completed or failed in the background.
func (p *PromptSimplification) Done() bool {
	if p == nil {
		return false
	}
	return p.Status.Terminal() || (p.Status == "" && p.ProgressID == "")
}

// Err returns a *JobFailedError when the simplification failed, and nil
// otherwise.
func (p *PromptSimplification) Err() error {
	if p == nil {
		return nil
	}
	return jobErr("prompt simplification", p.ProgressID, p.Status, p.Error)
}

// SimplifyPrompt simplifies a metric's prompt: POST
// /test_framework/v2/metrics/simplify_prompt/. The API answers the
// simplified prompt, or, when it needs longer, a ProgressID to follow with
// GetPromptSimplification or WaitForPromptSimplification.
func (s *MetricsService) SimplifyPrompt(ctx context.Context, req *SimplifyPromptRequest, opts ...Option) (*PromptSimplification, error) {
	return send[PromptSimplification](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "simplify_prompt/", body: req}, opts)
}

// GetPromptSimplification returns a background simplification's progress:
// GET /test_framework/v2/metrics/simplify_prompt_progress/?progress_id=.
func (s *MetricsService) GetPromptSimplification(ctx context.Context, progressID string, opts ...Option) (*PromptSimplification, error) {
	return getJob[PromptSimplification](ctx, s.c, metricsPath+"simplify_prompt_progress/", progressID, opts)
}

// WaitForPromptSimplification polls a background simplification until it
// ends (see [WaitParams]) and returns it. A failed one is not an error:
// check PromptSimplification.Err.
func (s *MetricsService) WaitForPromptSimplification(ctx context.Context, progressID string, params *WaitParams[PromptSimplification], opts ...Option) (*PromptSimplification, error) {
	return waitJob(ctx, s.c, params, "prompt simplification", progressID, s.GetPromptSimplification,
		func(p *PromptSimplification) bool { return p.Status.Terminal() }, opts)
}

// MetricTextRequest is a metric's definition, saved or not, for the API's
// writers: GenerateCleanDescription rewrites its description, and
// GenerateEvaluationTrigger writes its evaluation trigger.
type MetricTextRequest struct {
	// Name and EvalType are required.
	Name     string   `json:"name" cekura:"required"`
	EvalType EvalType `json:"eval_type"`
	// Description is, for an llm_judge metric, its rubric.
	Description                 string            `json:"description,omitzero"`
	Type                        MetricType        `json:"type,omitzero"`
	EnumValues                  []string          `json:"enum_values,omitzero"`
	Prompt                      string            `json:"prompt,omitzero"`
	CustomCode                  string            `json:"custom_code,omitzero"`
	EvaluationTrigger           EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	TriggerType                 TriggerType       `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     string            `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode string            `json:"evaluation_trigger_custom_code,omitzero"`
	// ProjectID and AgentIDs say where the metric applies.
	ProjectID    int64     `json:"project,omitzero"`
	AgentIDs     []int64   `json:"agents,omitzero"`
	AudioEnabled Opt[bool] `json:"audio_enabled,omitzero"`
	// Configuration is the settings of a metric that takes some, a JSON
	// object.
	Configuration json.RawMessage `json:"configuration,omitzero"`
}

func (r *MetricTextRequest) validate(v *validator) {
	if n := utf8.RuneCountInString(r.Name); n > maxNameLen {
		v.add("name", "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
	if r.EvalType == "" {
		v.add("eval_type", "is required: binary, continuous_qualitative, numeric or enum")
	}
	metricRules(v, r.Type, r.EvalType, nil, "", r.EvaluationTrigger, false)
	if !r.TriggerType.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", r.TriggerType)
	}
	ids(v, "agents", r.AgentIDs)
	v.project("project", r.ProjectID)
	v.jsonObject("configuration", r.Configuration)
}

// GenerateCleanDescription rewrites a metric's description into a clean
// rubric, at once: POST
// /test_framework/v2/metrics/generate_clean_description/. It answers the
// metric with the new description; nothing is saved (Update saves it).
// StartCleanDescription does the same in the background.
//
// The API's description gives this operation the metric's schema for the
// body and the answer, while its background twin takes only the agent,
// the description and the kind of score; the SDK sends what the
// description says, and decodes the answer tolerantly.
func (s *MetricsService) GenerateCleanDescription(ctx context.Context, req *MetricTextRequest, opts ...Option) (*Metric, error) {
	return send[Metric](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "generate_clean_description/", body: req}, opts)
}

// GenerateEvaluationTrigger writes an evaluation trigger for a metric (when
// to evaluate it), from its definition: POST
// /test_framework/v2/metrics/generate_evaluation_trigger/. It answers the
// metric with the trigger (EvaluationTrigger, TriggerType,
// EvaluationTriggerPrompt or EvaluationTriggerCustomCode); nothing is
// saved (Update saves it).
func (s *MetricsService) GenerateEvaluationTrigger(ctx context.Context, req *MetricTextRequest, opts ...Option) (*Metric, error) {
	return send[Metric](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "generate_evaluation_trigger/", body: req}, opts)
}

// ScoreKind is the kind of score a clean description is written for (the
// API's own words here differ from EvalType's).
type ScoreKind string

// The score kinds of StartCleanDescription.
const (
	ScoreKindBoolean ScoreKind = "boolean"
	ScoreKindNumeric ScoreKind = "numeric"
	ScoreKindRating  ScoreKind = "rating"
	ScoreKindEnum    ScoreKind = "enum"
)

// Valid reports whether k is one of the API's score kinds.
func (k ScoreKind) Valid() bool {
	return k == ScoreKindBoolean || k == ScoreKindNumeric || k == ScoreKindRating || k == ScoreKindEnum
}

// CleanDescriptionRequest asks for a clean description of a metric, in the
// background.
type CleanDescriptionRequest struct {
	// AgentID is the agent the metric is for; required.
	AgentID int64 `json:"agent"`
	// MetricDescription is the description to rewrite; required.
	MetricDescription string `json:"metric_description" cekura:"required"`
	// ScoreKind is the kind of score; required.
	ScoreKind ScoreKind `json:"eval_type"`
}

func (r *CleanDescriptionRequest) validate(v *validator) {
	if r.AgentID <= 0 {
		v.add("agent", "is required: the id of the agent the metric is for")
	}
	if !r.ScoreKind.Valid() {
		v.add("eval_type", "%q is not one of boolean, numeric, rating, enum", r.ScoreKind)
	}
}

// CleanDescription is the progress of a clean description written in the
// background.
type CleanDescription struct {
	apiObject
	// ProgressID identifies the job; StartCleanDescription answers it.
	ProgressID string    `json:"progress_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	// CleanDescription is the description written, once completed.
	CleanDescription string `json:"clean_description,omitzero"`
	// Thinking is the model's account of how it wrote it.
	Thinking string `json:"thinking,omitzero"`
	// Error is the API's message when the job failed.
	Error string `json:"error,omitzero"`
}

// UnmarshalJSON decodes a clean description tolerantly.
func (d *CleanDescription) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

func (d *CleanDescription) fillProgressID(id string) {
	if d.ProgressID == "" {
		d.ProgressID = id
	}
}

// Done reports whether the job has ended: completed or failed.
func (d *CleanDescription) Done() bool { return d != nil && (d.Status.Terminal()) }

// Err returns a *JobFailedError when the job failed, and nil otherwise.
func (d *CleanDescription) Err() error {
	if d == nil {
		return nil
	}
	return jobErr("clean description", d.ProgressID, d.Status, d.Error)
}

// StartCleanDescription starts writing a clean description of a metric, in
// the background: POST
// /test_framework/v2/metrics/generate_clean_description_bg/. Follow it with
// GetCleanDescription or WaitForCleanDescription.
func (s *MetricsService) StartCleanDescription(ctx context.Context, req *CleanDescriptionRequest, opts ...Option) (*CleanDescription, error) {
	return send[CleanDescription](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath + "generate_clean_description_bg/", body: req}, opts)
}

// GetCleanDescription returns a clean description's progress: GET
// /test_framework/v2/metrics/generate_clean_description_progress/?progress_id=.
func (s *MetricsService) GetCleanDescription(ctx context.Context, progressID string, opts ...Option) (*CleanDescription, error) {
	return getJob[CleanDescription](ctx, s.c, metricsPath+"generate_clean_description_progress/", progressID, opts)
}

// WaitForCleanDescription polls a clean description until it ends (see
// [WaitParams]) and returns it. A failed one is not an error: check
// CleanDescription.Err.
func (s *MetricsService) WaitForCleanDescription(ctx context.Context, progressID string, params *WaitParams[CleanDescription], opts ...Option) (*CleanDescription, error) {
	return waitJob(ctx, s.c, params, "clean description", progressID, s.GetCleanDescription, (*CleanDescription).Done, opts)
}

// LLMProvider is a model provider a metric's judge can run on.
type LLMProvider string

// The judge providers of RunReviewsRequest.
const (
	LLMProviderOpenAI              LLMProvider = "openai"
	LLMProviderGemini              LLMProvider = "gemini"
	LLMProviderDSPyGEPAGeminiFlash LLMProvider = "dspy-gepa-gemini-flash"
	LLMProviderDeepSeekV4Flash     LLMProvider = "deepseek-v4-flash"
)

// Valid reports whether p is one of the API's judge providers (or empty).
func (p LLMProvider) Valid() bool {
	switch p {
	case "", LLMProviderOpenAI, LLMProviderGemini, LLMProviderDSPyGEPAGeminiFlash, LLMProviderDeepSeekV4Flash:
		return true
	}
	return false
}

// RunReviewsRequest runs a metric on its Labs test sets (its reviews),
// optionally with changes not saved yet: every field overrides the
// metric's own for this run only. The zero value runs the metric as saved.
type RunReviewsRequest struct {
	LLMProvider                 LLMProvider       `json:"llm_provider,omitzero"`
	Description                 string            `json:"description,omitzero"`
	Type                        MetricType        `json:"type,omitzero"`
	Prompt                      string            `json:"prompt,omitzero"`
	CustomCode                  string            `json:"custom_code,omitzero"`
	EvaluationTrigger           EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	TriggerType                 TriggerType       `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     string            `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode string            `json:"evaluation_trigger_custom_code,omitzero"`
	// MetricDescriptionProgram, MetricDescriptionVariables,
	// EvaluationTriggerProgram and EvaluationTriggerVariables are the
	// advanced (programmatic) configuration, free-form JSON sent as given.
	MetricDescriptionProgram   json.RawMessage `json:"metric_description_program,omitzero"`
	MetricDescriptionVariables json.RawMessage `json:"metric_description_variables,omitzero"`
	EvaluationTriggerProgram   json.RawMessage `json:"evaluation_trigger_program,omitzero"`
	EvaluationTriggerVariables json.RawMessage `json:"evaluation_trigger_variables,omitzero"`
	// SkipSave leaves the outcomes unsaved (a preview of unsaved changes).
	SkipSave bool `json:"skip_save,omitzero"`
}

func (r *RunReviewsRequest) validate(v *validator) {
	if !r.LLMProvider.Valid() {
		v.add("llm_provider", "%q is not one of %s", r.LLMProvider,
			joinValues([]LLMProvider{LLMProviderOpenAI, LLMProviderGemini, LLMProviderDSPyGEPAGeminiFlash, LLMProviderDeepSeekV4Flash}))
	}
	metricRules(v, r.Type, "", nil, "", r.EvaluationTrigger, false)
	if !r.TriggerType.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", r.TriggerType)
	}
	v.json("metric_description_program", r.MetricDescriptionProgram)
	v.json("metric_description_variables", r.MetricDescriptionVariables)
	v.json("evaluation_trigger_program", r.EvaluationTriggerProgram)
	v.json("evaluation_trigger_variables", r.EvaluationTriggerVariables)
}

// ReviewRun is the progress of a metric's run on its reviews.
//
// The API's description documents this answer in words only ("progress
// state with completed/failed counts and metric data when finished"): the
// SDK reads status, total, completed, failed, metric and error; RawJSON
// holds the answer as sent.
type ReviewRun struct {
	apiObject
	// ProgressID identifies the run; RunReviews answers it.
	ProgressID string    `json:"progress_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	// Total is the number of reviews to run; Completed and Failed those
	// done so far.
	Total     int `json:"total,omitzero"`
	Completed int `json:"completed,omitzero"`
	Failed    int `json:"failed,omitzero"`
	// Metric is the metric's data once the run has finished.
	Metric *Metric `json:"metric,omitzero"`
	// Error is the API's message when the run failed.
	Error string `json:"error,omitzero"`
}

// UnmarshalJSON decodes a review run tolerantly.
func (r *ReviewRun) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

func (r *ReviewRun) fillProgressID(id string) {
	if r.ProgressID == "" {
		r.ProgressID = id
	}
}

// Done reports whether the run has ended: completed or failed, or every
// review completed or failed.
func (r *ReviewRun) Done() bool {
	if r == nil {
		return false
	}
	return r.Status.Terminal() || (r.Total > 0 && r.Completed+r.Failed >= r.Total)
}

// Err returns a *JobFailedError when the run failed, or ended with some of
// its reviews failed, and nil otherwise.
func (r *ReviewRun) Err() error {
	switch {
	case r == nil:
		return nil
	case r.Status == JobStatusFailed:
		return jobErr("metric review run", r.ProgressID, r.Status, r.Error)
	case r.Done() && r.Failed > 0:
		return &JobFailedError{Job: "metric review run", ProgressID: r.ProgressID,
			Message: fmt.Sprintf("%d of %d reviews failed", r.Failed, max(r.Total, r.Completed+r.Failed))}
	}
	return nil
}

// RunReviews runs a metric on its Labs test sets (its reviews), in the
// background: POST /test_framework/v2/metrics/{id}/run_reviews/. req may
// be nil to run the metric as saved. Follow it with GetReviewRun or
// WaitForReviewRun.
func (s *MetricsService) RunReviews(ctx context.Context, metricID int64, req *RunReviewsRequest, opts ...Option) (*ReviewRun, error) {
	if err := checkID("metric", metricID); err != nil {
		return nil, err
	}
	if req == nil {
		req = &RunReviewsRequest{}
	}
	return send[ReviewRun](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(metricsPath, metricID) + "run_reviews/", body: req}, opts)
}

// GetReviewRun returns a review run's progress: GET
// /test_framework/v2/metrics/run_reviews_progress/?progress_id=.
func (s *MetricsService) GetReviewRun(ctx context.Context, progressID string, opts ...Option) (*ReviewRun, error) {
	return getJob[ReviewRun](ctx, s.c, metricsPath+"run_reviews_progress/", progressID, opts)
}

// WaitForReviewRun polls a review run until it ends (see [WaitParams]) and
// returns it. A run that failed is not an error: check ReviewRun.Err.
func (s *MetricsService) WaitForReviewRun(ctx context.Context, progressID string, params *WaitParams[ReviewRun], opts ...Option) (*ReviewRun, error) {
	return waitJob(ctx, s.c, params, "metric review run", progressID, s.GetReviewRun, (*ReviewRun).Done, opts)
}
