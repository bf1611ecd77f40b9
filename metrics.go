package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const metricsPath = "/test_framework/v2/metrics/"

// MetricsService manages the metrics calls and runs are evaluated with.
// Get it from Client.Metrics.
type MetricsService struct{ c *core }

// MetricType is how a metric is evaluated.
type MetricType string

// The metric types of the API (its description's enum).
const (
	// MetricTypeBasic and MetricTypeCustomPrompt are the API's older types,
	// still accepted.
	MetricTypeBasic        MetricType = "basic"
	MetricTypeCustomPrompt MetricType = "custom_prompt"
	// MetricTypeLLMJudge is judged by a model against the metric's
	// description (its rubric).
	MetricTypeLLMJudge MetricType = "llm_judge"
	// MetricTypeCustomCode runs the metric's CustomCode (Python).
	MetricTypeCustomCode MetricType = "custom_code"
)

// Valid reports whether t is one of the API's metric types (or empty).
func (t MetricType) Valid() bool {
	switch t {
	case "", MetricTypeBasic, MetricTypeCustomPrompt, MetricTypeLLMJudge, MetricTypeCustomCode:
		return true
	}
	return false
}

// EvalType is the kind of score a metric gives.
type EvalType string

// The evaluation types of the API.
const (
	EvalTypeBinary                EvalType = "binary"
	EvalTypeContinuousQualitative EvalType = "continuous_qualitative"
	EvalTypeNumeric               EvalType = "numeric"
	EvalTypeEnum                  EvalType = "enum"
)

// Valid reports whether t is one of the API's evaluation types (or empty).
func (t EvalType) Valid() bool {
	switch t {
	case "", EvalTypeBinary, EvalTypeContinuousQualitative, EvalTypeNumeric, EvalTypeEnum:
		return true
	}
	return false
}

// EvaluationTrigger says when a metric is evaluated on production calls.
type EvaluationTrigger string

// The evaluation triggers of the API.
const (
	EvaluationTriggerAlways    EvaluationTrigger = "always"
	EvaluationTriggerAutomatic EvaluationTrigger = "automatic"
	EvaluationTriggerCustom    EvaluationTrigger = "custom"
)

// Valid reports whether t is one of the API's evaluation triggers (or
// empty).
func (t EvaluationTrigger) Valid() bool {
	switch t {
	case "", EvaluationTriggerAlways, EvaluationTriggerAutomatic, EvaluationTriggerCustom:
		return true
	}
	return false
}

// Metric is a metric as the API returns it.
type Metric struct {
	apiObject
	ID          int64   `json:"id"`
	Slug        string  `json:"slug,omitzero"`
	ProjectID   int64   `json:"project,omitzero"`
	AgentIDs    []int64 `json:"agents,omitzero"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitzero"`
	// Type is llm_judge or custom_code (basic and custom_prompt are old).
	Type MetricType `json:"type,omitzero"`
	// EvalType is binary, continuous_qualitative, numeric or enum.
	EvalType             EvalType          `json:"eval_type"`
	EnumValues           json.RawMessage   `json:"enum_values,omitzero"`
	Prompt               string            `json:"prompt,omitzero"`
	CustomCode           string            `json:"custom_code,omitzero"`
	FunctionName         string            `json:"function_name,omitzero"`
	AudioEnabled         bool              `json:"audio_enabled,omitzero"`
	ObservabilityEnabled bool              `json:"observability_enabled,omitzero"`
	SimulationEnabled    bool              `json:"simulation_enabled,omitzero"`
	EvaluationTrigger    EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	// TriggerType says how a custom EvaluationTrigger is judged: by
	// EvaluationTriggerPrompt (TriggerTypeLLMJudge) or by
	// EvaluationTriggerCustomCode (TriggerTypeCustomCode).
	TriggerType                 TriggerType `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     string      `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode string      `json:"evaluation_trigger_custom_code,omitzero"`
	// AssistantID is the provider's id of the agent the metric was made
	// for, when it was made so (Metrics.BulkCreate's answer has it).
	AssistantID string `json:"assistant_id,omitzero"`
	// DisplayOrder is the metric's place in the dashboard's list (see
	// Metrics.Reorder).
	DisplayOrder int `json:"display_order,omitzero"`
	// Configuration holds the settings of metrics that take some (a
	// silence threshold, per-agent topic lists …), as a JSON object.
	Configuration json.RawMessage `json:"configuration,omitzero"`
	// AddToNewAgents, when true, adds the metric to every agent created in
	// its project; nil when the API sent null or nothing.
	AddToNewAgents  *bool `json:"add_to_new_agents,omitzero"`
	SamplingEnabled bool  `json:"sampling_enabled,omitzero"`
}

// UnmarshalJSON decodes a metric tolerantly.
func (m *Metric) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// CreateMetricRequest is the body of Create; Name is required.
type CreateMetricRequest struct {
	Name string `json:"name" cekura:"required"`
	// Description is, for an llm_judge metric, its rubric.
	Description string `json:"description,omitzero"`
	// ProjectID or AgentIDs say where the metric applies.
	ProjectID int64   `json:"project,omitzero"`
	AgentIDs  []int64 `json:"agents,omitzero"`
	// Type is one of the MetricType constants (MetricTypeLLMJudge when
	// unset, the API's default).
	Type MetricType `json:"type,omitzero"`
	// EvalType is EvalTypeBinary, EvalTypeContinuousQualitative,
	// EvalTypeNumeric or EvalTypeEnum (which needs EnumValues).
	EvalType   EvalType `json:"eval_type,omitzero"`
	EnumValues []string `json:"enum_values,omitzero"`
	Prompt     string   `json:"prompt,omitzero"`
	// CustomCode is the Python of a custom_code metric.
	CustomCode           string    `json:"custom_code,omitzero"`
	AudioEnabled         Opt[bool] `json:"audio_enabled,omitzero"`
	ObservabilityEnabled Opt[bool] `json:"observability_enabled,omitzero"`
	SimulationEnabled    Opt[bool] `json:"simulation_enabled,omitzero"`
	// EvaluationTrigger is always, automatic or custom.
	EvaluationTrigger EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	// AddToRubric includes it in the project's call-success rubric.
	AddToRubric bool `json:"add_to_rubric,omitzero"`
	// TriggerType says how a custom EvaluationTrigger is judged: by
	// EvaluationTriggerPrompt (TriggerTypeLLMJudge, the API's default) or
	// by EvaluationTriggerCustomCode (TriggerTypeCustomCode).
	TriggerType                 TriggerType `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     string      `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode string      `json:"evaluation_trigger_custom_code,omitzero"`
	// AssistantID names the agent by its provider's id, instead of AgentIDs.
	AssistantID string `json:"assistant_id,omitzero"`
	// DisplayOrder is the metric's place in the dashboard's list.
	DisplayOrder Opt[int] `json:"display_order,omitzero"`
	// Configuration is the settings of a metric that takes some, a JSON
	// object (such as {"silence_duration": 10}).
	Configuration json.RawMessage `json:"configuration,omitzero"`
	// AddToNewAgents adds the metric to every agent later created in the
	// project; Null() leaves it to the project's default.
	AddToNewAgents  Opt[bool] `json:"add_to_new_agents,omitzero" cekura:"nullable"`
	SamplingEnabled Opt[bool] `json:"sampling_enabled,omitzero"`
}

func (r *CreateMetricRequest) validate(v *validator) {
	metricRules(v, r.Type, r.EvalType, r.EnumValues, r.CustomCode, r.EvaluationTrigger, true)
	ids(v, "agents", r.AgentIDs)
	if !r.TriggerType.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", r.TriggerType)
	}
	v.jsonObject("configuration", r.Configuration)
}

func metricRules(v *validator, typ MetricType, evalType EvalType, enumValues []string, code string, trigger EvaluationTrigger, create bool) {
	if !typ.Valid() {
		v.add("type", "%q is not one of basic, custom_prompt, llm_judge, custom_code", typ)
	}
	if !evalType.Valid() {
		v.add("eval_type", "%q is not one of binary, continuous_qualitative, numeric, enum", evalType)
	}
	if create && evalType == EvalTypeEnum && len(enumValues) == 0 {
		v.add("enum_values", "are required for an enum metric")
	}
	if create && typ == MetricTypeCustomCode && code == "" {
		v.add("custom_code", "is required for a custom_code metric")
	}
	if !trigger.Valid() {
		v.add("evaluation_trigger", "%q is not one of always, automatic, custom", trigger)
	}
}

// UpdateMetricRequest is the body of Update (PATCH): only what is set is sent.
type UpdateMetricRequest struct {
	Name                 Opt[string]            `json:"name,omitzero"`
	Description          Opt[string]            `json:"description,omitzero"`
	AgentIDs             Opt[[]int64]           `json:"agents,omitzero"`
	EvalType             Opt[EvalType]          `json:"eval_type,omitzero"`
	EnumValues           Opt[[]string]          `json:"enum_values,omitzero"`
	Prompt               Opt[string]            `json:"prompt,omitzero"`
	CustomCode           Opt[string]            `json:"custom_code,omitzero"`
	AudioEnabled         Opt[bool]              `json:"audio_enabled,omitzero"`
	ObservabilityEnabled Opt[bool]              `json:"observability_enabled,omitzero"`
	SimulationEnabled    Opt[bool]              `json:"simulation_enabled,omitzero"`
	EvaluationTrigger    Opt[EvaluationTrigger] `json:"evaluation_trigger,omitzero"`
}

func (r *UpdateMetricRequest) validate(v *validator) {
	et, _ := r.EvalType.Get()
	tr, _ := r.EvaluationTrigger.Get()
	metricRules(v, "", et, nil, "", tr, false)
}

// ListMetricsParams filters List.
type ListMetricsParams struct {
	AgentID   int64  `url:"agent_id,omitempty"`
	ProjectID int64  `url:"project_id,omitempty"`
	Slug      string `url:"slug,omitempty"`
}

// List returns one page of metrics: GET /test_framework/v2/metrics/. The
// API sends every metric at once, as a plain list, which reads as a single
// page (Next is empty).
func (s *MetricsService) List(ctx context.Context, params *ListMetricsParams, opts ...Option) (*Page[Metric], error) {
	return list[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: metricsPath, query: params}, opts)
}

// All walks every metric lazily; see [AgentsService.All].
func (s *MetricsService) All(ctx context.Context, params *ListMetricsParams, opts ...Option) iter.Seq2[*Metric, error] {
	return all[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: metricsPath, query: params}, opts)
}

// Get returns a metric by id: GET /test_framework/v2/metrics/{id}/.
func (s *MetricsService) Get(ctx context.Context, id int64, opts ...Option) (*Metric, error) {
	if err := checkID("metric", id); err != nil {
		return nil, err
	}
	return send[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(metricsPath, id)}, opts)
}

// GetBySlug returns a metric by its slug (such as "customer_satisfaction"):
// GET /test_framework/v2/metrics/{slug}/.
func (s *MetricsService) GetBySlug(ctx context.Context, slug string, opts ...Option) (*Metric, error) {
	if strings.TrimSpace(slug) == "" {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "slug", Message: "is required: a metric's slug"}}}
	}
	if _, err := strconv.ParseInt(slug, 10, 64); err == nil {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "slug", Message: fmt.Sprintf("%q is a number, which the API reads as an id: use Get", slug)}}}
	}
	return send[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: metricsPath + url.PathEscape(slug) + "/"}, opts)
}

// Create adds a metric: POST /test_framework/v2/metrics/ (201).
func (s *MetricsService) Create(ctx context.Context, req *CreateMetricRequest, opts ...Option) (*Metric, error) {
	return send[Metric](ctx, s.c, endpoint{method: http.MethodPost, path: metricsPath, body: req}, opts)
}

// Update changes what req sets: PATCH /test_framework/v2/metrics/{id}/.
func (s *MetricsService) Update(ctx context.Context, id int64, req *UpdateMetricRequest, opts ...Option) (*Metric, error) {
	if err := checkID("metric", id); err != nil {
		return nil, err
	}
	return send[Metric](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(metricsPath, id), body: req, update: true}, opts)
}

// Delete deletes a metric (and detaches it from every agent and scenario):
// DELETE /test_framework/v2/metrics/{id}/.
func (s *MetricsService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("metric", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(metricsPath, id)}, opts)
}
