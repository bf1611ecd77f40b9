package cekura

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

const metricsPath = "/test_framework/v2/metrics/"

// MetricsService manages the metrics calls and runs are evaluated with.
// Get it from Client.Metrics.
type MetricsService struct{ c *core }

// The metric types and evaluation types of the API.
const (
	MetricTypeLLMJudge   = "llm_judge"
	MetricTypeCustomCode = "custom_code"

	EvalTypeBinary                = "binary"
	EvalTypeContinuousQualitative = "continuous_qualitative"
	EvalTypeNumeric               = "numeric"
	EvalTypeEnum                  = "enum"
)

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
	Type string `json:"type,omitzero"`
	// EvalType is binary, continuous_qualitative, numeric or enum.
	EvalType             string          `json:"eval_type"`
	EnumValues           json.RawMessage `json:"enum_values,omitzero"`
	Prompt               string          `json:"prompt,omitzero"`
	CustomCode           string          `json:"custom_code,omitzero"`
	FunctionName         string          `json:"function_name,omitzero"`
	AudioEnabled         bool            `json:"audio_enabled,omitzero"`
	ObservabilityEnabled bool            `json:"observability_enabled,omitzero"`
	SimulationEnabled    bool            `json:"simulation_enabled,omitzero"`
	EvaluationTrigger    string          `json:"evaluation_trigger,omitzero"`
}

// UnmarshalJSON decodes a metric tolerantly.
func (m *Metric) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// CreateMetricRequest is the body of Create; Name is required.
type CreateMetricRequest struct {
	Name string `json:"name" cekura:"required"`
	// Description is, for an llm_judge metric, its rubric.
	Description string `json:"description,omitzero"`
	// ProjectID or Agents say where the metric applies.
	ProjectID int64   `json:"project,omitzero"`
	AgentIDs  []int64 `json:"agents,omitzero"`
	// Type is MetricTypeLLMJudge or MetricTypeCustomCode.
	Type string `json:"type,omitzero"`
	// EvalType is EvalTypeBinary, EvalTypeContinuousQualitative, EvalTypeNumeric or
	// EvalTypeEnum (which needs EnumValues).
	EvalType   string   `json:"eval_type,omitzero"`
	EnumValues []string `json:"enum_values,omitzero"`
	Prompt     string   `json:"prompt,omitzero"`
	// CustomCode is the Python of a custom_code metric.
	CustomCode           string    `json:"custom_code,omitzero"`
	AudioEnabled         Opt[bool] `json:"audio_enabled,omitzero"`
	ObservabilityEnabled Opt[bool] `json:"observability_enabled,omitzero"`
	SimulationEnabled    Opt[bool] `json:"simulation_enabled,omitzero"`
	// EvaluationTrigger is always, automatic or custom.
	EvaluationTrigger string `json:"evaluation_trigger,omitzero"`
	// AddToRubric includes it in the project's call-success rubric.
	AddToRubric bool `json:"add_to_rubric,omitzero"`
}

func (r *CreateMetricRequest) validate(v *validator) {
	metricRules(v, r.Type, r.EvalType, r.EnumValues, r.CustomCode, r.EvaluationTrigger, true)
	ids(v, "agents", r.AgentIDs)
}

func metricRules(v *validator, typ, evalType string, enumValues []string, code, trigger string, create bool) {
	switch typ {
	case "", MetricTypeLLMJudge, MetricTypeCustomCode:
	default:
		v.add("type", "%q is not llm_judge or custom_code", typ)
	}
	switch evalType {
	case "", EvalTypeBinary, EvalTypeContinuousQualitative, EvalTypeNumeric:
	case EvalTypeEnum:
		if create && len(enumValues) == 0 {
			v.add("enum_values", "are required for an enum metric")
		}
	default:
		v.add("eval_type", "%q is not one of binary, continuous_qualitative, numeric, enum", evalType)
	}
	if create && typ == MetricTypeCustomCode && code == "" {
		v.add("custom_code", "is required for a custom_code metric")
	}
	switch trigger {
	case "", "always", "automatic", "custom":
	default:
		v.add("evaluation_trigger", "%q is not one of always, automatic, custom", trigger)
	}
}

// UpdateMetricRequest is the body of Update (PATCH): only what is set is sent.
type UpdateMetricRequest struct {
	Name                 Opt[string]   `json:"name,omitzero"`
	Description          Opt[string]   `json:"description,omitzero"`
	AgentIDs             Opt[[]int64]  `json:"agents,omitzero"`
	EvalType             Opt[string]   `json:"eval_type,omitzero"`
	EnumValues           Opt[[]string] `json:"enum_values,omitzero"`
	Prompt               Opt[string]   `json:"prompt,omitzero"`
	CustomCode           Opt[string]   `json:"custom_code,omitzero"`
	AudioEnabled         Opt[bool]     `json:"audio_enabled,omitzero"`
	ObservabilityEnabled Opt[bool]     `json:"observability_enabled,omitzero"`
	SimulationEnabled    Opt[bool]     `json:"simulation_enabled,omitzero"`
	EvaluationTrigger    Opt[string]   `json:"evaluation_trigger,omitzero"`
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

// List returns the metrics (every one: the API does not page them):
// GET /test_framework/v2/metrics/.
func (s *MetricsService) List(ctx context.Context, opts *ListMetricsParams, callOpts ...Option) ([]*Metric, error) {
	p, err := list[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: metricsPath, query: opts}, callOpts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

// Get returns a metric by id or slug: GET /test_framework/v2/metrics/{id or slug}/.
func (s *MetricsService) Get(ctx context.Context, idOrSlug string, opts ...Option) (*Metric, error) {
	if idOrSlug == "" {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "id", Message: "is required: a metric id or slug"}}}
	}
	return send[Metric](ctx, s.c, endpoint{method: http.MethodGet, path: metricsPath + url.PathEscape(idOrSlug) + "/"}, opts)
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
