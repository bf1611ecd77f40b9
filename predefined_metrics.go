package cekura

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

const predefinedMetricsPath = "/test_framework/v1/predefined-metrics/"

// PredefinedMetricsService reads the catalogue of Cekura's predefined
// metrics (latency, interruptions, silence …), which any agent can use.
// Get it from Client.PredefinedMetrics. Cekura documents the catalogue on
// v1 only.
type PredefinedMetricsService struct{ c *core }

// MetricCategory is the group a predefined metric belongs to.
type MetricCategory string

// The categories of predefined metrics.
const (
	MetricCategorySpeechQuality       MetricCategory = "Speech Quality"
	MetricCategoryConversationQuality MetricCategory = "Conversation Quality"
	MetricCategoryAccuracy            MetricCategory = "Accuracy"
	MetricCategoryCustomerExperience  MetricCategory = "Customer Experience"
)

// Valid reports whether c is one of the API's categories (or empty: none).
func (c MetricCategory) Valid() bool {
	switch c {
	case "", MetricCategorySpeechQuality, MetricCategoryConversationQuality, MetricCategoryAccuracy, MetricCategoryCustomerExperience:
		return true
	}
	return false
}

// PredefinedMetric is a metric of Cekura's catalogue.
type PredefinedMetric struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Code is the metric's unique code; Slug its snake_case name.
	Code        string     `json:"code,omitzero"`
	Slug        string     `json:"slug,omitzero"`
	Description string     `json:"description,omitzero"`
	Type        MetricType `json:"type,omitzero"`
	EvalType    EvalType   `json:"eval_type,omitzero"`
	// EnumValues are the values of an enum metric.
	EnumValues   []string `json:"enum_values,omitzero"`
	Prompt       string   `json:"prompt,omitzero"`
	CustomCode   string   `json:"custom_code,omitzero"`
	FunctionName string   `json:"function_name,omitzero"`
	AudioEnabled bool     `json:"audio_enabled,omitzero"`
	// SimulationEnabled and ObservabilityEnabled say whether it scores test
	// runs and production calls.
	SimulationEnabled    bool `json:"simulation_enabled,omitzero"`
	ObservabilityEnabled bool `json:"observability_enabled,omitzero"`
	// Configuration is the metric's settings, a JSON object.
	Configuration           json.RawMessage   `json:"configuration,omitzero"`
	EvaluationTrigger       EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	EvaluationTriggerPrompt string            `json:"evaluation_trigger_prompt,omitzero"`
	// Cost is what evaluating the metric costs, in credits, as the API
	// writes the decimal ("0.005000").
	Cost        string         `json:"cost,omitzero"`
	Category    MetricCategory `json:"category,omitzero"`
	SubCategory string         `json:"sub_category,omitzero"`
	// OrganizationID is the organization that owns the metric; 0 for
	// Cekura's own.
	OrganizationID int64 `json:"organization,omitzero"`
}

// UnmarshalJSON decodes a predefined metric tolerantly.
func (m *PredefinedMetric) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// ListPredefinedMetricsParams filters List. The API takes no filter today;
// fields may be added.
type ListPredefinedMetricsParams struct{}

// List returns the catalogue: GET /test_framework/v1/predefined-metrics/.
// The API sends every metric at once, as a plain list, which reads as a
// single page. params may be nil.
func (s *PredefinedMetricsService) List(ctx context.Context, params *ListPredefinedMetricsParams, opts ...Option) (*Page[PredefinedMetric], error) {
	return list[PredefinedMetric](ctx, s.c, endpoint{method: http.MethodGet, path: predefinedMetricsPath, query: params}, opts)
}

// All walks the catalogue lazily; see [AgentsService.All].
func (s *PredefinedMetricsService) All(ctx context.Context, params *ListPredefinedMetricsParams, opts ...Option) iter.Seq2[*PredefinedMetric, error] {
	return all[PredefinedMetric](ctx, s.c, endpoint{method: http.MethodGet, path: predefinedMetricsPath, query: params}, opts)
}
