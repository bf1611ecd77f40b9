package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
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

	// AgentNames are the names of the metric's agents (List sends them).
	// The description types them as a string: a list and a lone string
	// (read as a list of one) both decode.
	AgentNames []string `json:"agent_names,omitzero" cekura:"oneOrMany"`
	// VoceraDefinedMetricCode is the code of the predefined metric (Cekura
	// was Vocera) the metric implements, such as "7fd534f5".
	VoceraDefinedMetricCode string `json:"vocera_defined_metric_code,omitzero"`
	// PriorityAssignmentPrompt tells the judge how to rank the priority of
	// a failure of the metric.
	PriorityAssignmentPrompt string `json:"priority_assignment_prompt,omitzero"`
	// KnowledgeBaseFileIDs are the knowledge base files the metric's judge
	// reads (List sends them), and KnowledgeBaseFiles those files. The
	// description types the detail view's files as a string: a list of
	// files, of ids, or such a list inside a string all decode (an id as a
	// file with only its ID set).
	KnowledgeBaseFileIDs []int64              `json:"kb_file_ids,omitzero"`
	KnowledgeBaseFiles   []*KnowledgeBaseFile `json:"knowledge_base_files,omitzero" cekura:"ids"`
	// MetricCost is what evaluating the metric once costs, in credits
	// (List sends it).
	MetricCost float64 `json:"metric_cost,omitzero"`
	// OverallScore is the metric's score over all its test sets, and
	// TotalScore its total score: List sends them when
	// ListMetricsParams.IncludeScores is set. The description types them
	// as strings: a number and a string holding one both decode; 0 when
	// not sent.
	OverallScore float64 `json:"overall_score,omitzero" cekura:"flex"`
	TotalScore   float64 `json:"total_score,omitzero" cekura:"flex"`
	// UsesLLMJudge reports whether the metric's evaluation writes an LLM
	// judge's narrative: an llm_judge metric, or a custom_code one whose
	// code calls the judge (List sends it; true and "true" both decode).
	UsesLLMJudge bool `json:"uses_llm_judge,omitzero" cekura:"flex"`

	// AlertEnabled alerts when the metric fails a call (binary metrics
	// only; others alert on a significant change).
	AlertEnabled bool `json:"alert_enabled,omitzero"`
	// AlertType is how the metric alerts: MetricAlertTypeDisabled (the
	// default), MetricAlertTypeNormal or MetricAlertTypeSignificantChange.
	AlertType MetricAlertType `json:"alert_type,omitzero"`
	// AlertFilters pick the calls the alerts are computed on (nil: all).
	AlertFilters *CallLogFilter `json:"alert_filters,omitzero"`
	// SignificantChangeAlertStatus turns the significant-change alerts on
	// or off; SignificantChangeAlertDirection says which moves alert ("":
	// both).
	SignificantChangeAlertStatus    SignificantChangeAlertStatus    `json:"significant_change_alert_status,omitzero"`
	SignificantChangeAlertDirection SignificantChangeAlertDirection `json:"significant_change_alert_direction,omitzero"`
	// WindowSize (calls, 50 by default), StdMultiplier (standard
	// deviations, 2 by default) and EWMAAlpha (the smoothing of the rolling
	// average, 0.1 by default) tune the significant-change alerts.
	WindowSize    int     `json:"window_size,omitzero"`
	StdMultiplier float64 `json:"std_multiplier,omitzero"`
	EWMAAlpha     float64 `json:"ewma_alpha,omitzero"`
	// SlackWorkspaceID is the Slack workspace the alerts go to (0: none),
	// and SlackChannelID the channel, overriding the workspace's own.
	SlackWorkspaceID int64  `json:"slack_workspace,omitzero"`
	SlackChannelID   string `json:"slack_channel_id,omitzero"`

	// Reviews are the metric's Labs reviews: its verdicts on test sets,
	// with what the reviewers expected (Get, Create and Update send them).
	Reviews []*MetricReview `json:"reviews,omitzero"`
	// PendingOptimisationProposal is a change a metric-optimiser cron job
	// proposed and nobody has saved yet; nil when there is none.
	PendingOptimisationProposal *MetricOptimisationProposal `json:"pending_optimisation_proposal,omitzero"`
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

	// Slug is the metric's URL-friendly unique id, in snake_case, at most
	// 255 characters ("customer_satisfaction"; GetBySlug reads it).
	Slug string `json:"slug,omitzero"`
	// AgentID makes the metric an agent-level metric of that agent
	// (ProjectID and AgentIDs make a project-level one).
	AgentID int64 `json:"agent,omitzero"`
	// ApplyToAllAgents, for the observability_dropoff metric, copies the
	// dropoff_nodes of Configuration to every other agent of the project.
	ApplyToAllAgents bool `json:"apply_to_all_agents,omitzero"`
	// Scenarios attaches the metric to scenarios: SelectScenarios(ids...)
	// or AllScenarios().
	Scenarios ScenarioSelection `json:"scenarios,omitzero"`
	// KnowledgeBaseFileIDs are the knowledge base files (of the agent) the
	// metric's judge reads.
	KnowledgeBaseFileIDs []int64 `json:"kb_file_ids,omitzero"`
	// LLMProvider is the model provider that judges the metric, and
	// RelevanceLLMProvider the one that judges its evaluation trigger (the
	// API's default when empty).
	LLMProvider          LLMProvider `json:"llm_provider,omitzero"`
	RelevanceLLMProvider LLMProvider `json:"relevance_llm_provider,omitzero"`
	// PriorityAssignmentPrompt tells the judge how to rank the priority of
	// a failure of the metric.
	PriorityAssignmentPrompt string `json:"priority_assignment_prompt,omitzero"`
	// MetricDescriptionProgram and EvaluationTriggerProgram are the
	// advanced (programmatic) forms of the description and of the trigger,
	// and the …Variables the variables they use: free-form JSON, sent as
	// given (MetricReviews.ProcessFeedbacks answers them).
	MetricDescriptionProgram   json.RawMessage   `json:"metric_description_program,omitzero"`
	MetricDescriptionVariables []json.RawMessage `json:"metric_description_variables,omitzero"`
	EvaluationTriggerProgram   json.RawMessage   `json:"evaluation_trigger_program,omitzero"`
	EvaluationTriggerVariables []json.RawMessage `json:"evaluation_trigger_variables,omitzero"`

	// AlertEnabled alerts when the metric fails a call: binary metrics
	// only (for others, SignificantChangeAlertStatus).
	AlertEnabled Opt[bool] `json:"alert_enabled,omitzero"`
	// AlertType is MetricAlertTypeDisabled (the API's default),
	// MetricAlertTypeNormal or MetricAlertTypeSignificantChange.
	AlertType MetricAlertType `json:"alert_type,omitzero"`
	// AlertFilters pick the calls the alerts are computed on.
	AlertFilters *CallLogFilter `json:"alert_filters,omitzero"`
	// SignificantChangeAlertStatus turns the significant-change alerts on
	// or off; SignificantChangeAlertDirection says which moves alert
	// (SignificantChangeAlertDirectionBoth, the default, when empty).
	SignificantChangeAlertStatus    SignificantChangeAlertStatus    `json:"significant_change_alert_status,omitzero"`
	SignificantChangeAlertDirection SignificantChangeAlertDirection `json:"significant_change_alert_direction,omitzero"`
	// WindowSize (calls; the API's default is 50), StdMultiplier (standard
	// deviations; 2) and EWMAAlpha (the smoothing of the rolling average;
	// 0.1) tune the significant-change alerts; zero sends nothing.
	WindowSize    int     `json:"window_size,omitzero"`
	StdMultiplier float64 `json:"std_multiplier,omitzero"`
	EWMAAlpha     float64 `json:"ewma_alpha,omitzero"`
	// SlackWorkspaceID is the Slack workspace the alerts go to, and
	// SlackChannelID (at most 255 characters) a channel that overrides the
	// workspace's own.
	SlackWorkspaceID int64  `json:"slack_workspace,omitzero"`
	SlackChannelID   string `json:"slack_channel_id,omitzero"`
}

func (r *CreateMetricRequest) validate(v *validator) {
	metricRules(v, r.Type, r.EvalType, r.EnumValues, r.CustomCode, r.EvaluationTrigger, true)
	ids(v, "agents", r.AgentIDs)
	if !r.TriggerType.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", r.TriggerType)
	}
	v.jsonObject("configuration", r.Configuration)
	settings := metricSettings{
		slug: plain(r.Slug), slackChannel: plain(r.SlackChannelID),
		agent: plain(r.AgentID), slackWorkspace: plain(r.SlackWorkspaceID),
		displayOrder: r.DisplayOrder, kbFileIDs: plainList(r.KnowledgeBaseFileIDs),
		llmProvider: plain(r.LLMProvider), relevanceProvider: plain(r.RelevanceLLMProvider),
		alertType: plain(r.AlertType), changeStatus: plain(r.SignificantChangeAlertStatus),
		changeDirection: plain(r.SignificantChangeAlertDirection),
		alertEnabled:    r.AlertEnabled, evalType: r.EvalType,
		programs: map[string]Opt[json.RawMessage]{
			"metric_description_program": plainRaw(r.MetricDescriptionProgram),
			"evaluation_trigger_program": plainRaw(r.EvaluationTriggerProgram)},
		variables: map[string]Opt[[]json.RawMessage]{
			"metric_description_variables": plainList(r.MetricDescriptionVariables),
			"evaluation_trigger_variables": plainList(r.EvaluationTriggerVariables)},
	}
	if !r.Scenarios.IsZero() {
		settings.scenarios = Some(r.Scenarios)
	}
	if r.AlertFilters != nil {
		settings.alertFilters = Some(*r.AlertFilters)
	}
	settings.check(v)
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

// UpdateMetricRequest is the body of Update (PATCH): only what is set is
// sent. The fields are CreateMetricRequest's (see there what each is for);
// Null() clears those the API lets clear.
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

	// Type changes how the metric is evaluated (a custom_code metric
	// needs CustomCode).
	Type Opt[MetricType] `json:"type,omitzero"`
	// Slug is at most 255 characters; Null() clears it.
	Slug Opt[string] `json:"slug,omitzero" cekura:"nullable"`
	// ProjectID moves the metric to a project (Null(): none), and AgentID
	// makes it an agent-level metric of that agent (Null(): none).
	ProjectID Opt[int64] `json:"project,omitzero" cekura:"nullable"`
	AgentID   Opt[int64] `json:"agent,omitzero" cekura:"nullable"`
	// AssistantID names the agent by its provider's id, instead of
	// AgentIDs.
	AssistantID Opt[string] `json:"assistant_id,omitzero"`
	// AddToRubric adds the metric to the project's call-success rubric
	// (Some(false) removes it).
	AddToRubric Opt[bool] `json:"add_to_rubric,omitzero"`
	// AddToNewAgents adds the metric to every agent later created in the
	// project; Null() leaves it to the project's default.
	AddToNewAgents   Opt[bool] `json:"add_to_new_agents,omitzero" cekura:"nullable"`
	ApplyToAllAgents Opt[bool] `json:"apply_to_all_agents,omitzero"`
	SamplingEnabled  Opt[bool] `json:"sampling_enabled,omitzero"`
	// DisplayOrder is the metric's place in the dashboard's list.
	DisplayOrder Opt[int] `json:"display_order,omitzero"`
	// Configuration is a JSON object.
	Configuration Opt[json.RawMessage] `json:"configuration,omitzero"`
	// Scenarios attaches the metric to scenarios: SelectScenarios(ids...)
	// or AllScenarios().
	Scenarios            Opt[ScenarioSelection] `json:"scenarios,omitzero"`
	KnowledgeBaseFileIDs Opt[[]int64]           `json:"kb_file_ids,omitzero"`
	LLMProvider          Opt[LLMProvider]       `json:"llm_provider,omitzero"`
	RelevanceLLMProvider Opt[LLMProvider]       `json:"relevance_llm_provider,omitzero"`

	TriggerType                 Opt[TriggerType] `json:"trigger_type,omitzero"`
	EvaluationTriggerPrompt     Opt[string]      `json:"evaluation_trigger_prompt,omitzero"`
	EvaluationTriggerCustomCode Opt[string]      `json:"evaluation_trigger_custom_code,omitzero"`
	PriorityAssignmentPrompt    Opt[string]      `json:"priority_assignment_prompt,omitzero"`

	MetricDescriptionProgram   Opt[json.RawMessage]   `json:"metric_description_program,omitzero"`
	MetricDescriptionVariables Opt[[]json.RawMessage] `json:"metric_description_variables,omitzero"`
	EvaluationTriggerProgram   Opt[json.RawMessage]   `json:"evaluation_trigger_program,omitzero"`
	EvaluationTriggerVariables Opt[[]json.RawMessage] `json:"evaluation_trigger_variables,omitzero"`

	AlertEnabled Opt[bool]            `json:"alert_enabled,omitzero"`
	AlertType    Opt[MetricAlertType] `json:"alert_type,omitzero"`
	// AlertFilters pick the calls the alerts are computed on; Null()
	// clears them (all calls).
	AlertFilters                    Opt[CallLogFilter]                   `json:"alert_filters,omitzero" cekura:"nullable"`
	SignificantChangeAlertStatus    Opt[SignificantChangeAlertStatus]    `json:"significant_change_alert_status,omitzero"`
	SignificantChangeAlertDirection Opt[SignificantChangeAlertDirection] `json:"significant_change_alert_direction,omitzero"`
	WindowSize                      Opt[int]                             `json:"window_size,omitzero"`
	StdMultiplier                   Opt[float64]                         `json:"std_multiplier,omitzero"`
	EWMAAlpha                       Opt[float64]                         `json:"ewma_alpha,omitzero"`
	// SlackWorkspaceID and SlackChannelID: Null() clears them.
	SlackWorkspaceID Opt[int64]  `json:"slack_workspace,omitzero" cekura:"nullable"`
	SlackChannelID   Opt[string] `json:"slack_channel_id,omitzero" cekura:"nullable"`
}

func (r *UpdateMetricRequest) validate(v *validator) {
	typ, _ := r.Type.Get()
	et, _ := r.EvalType.Get()
	tr, _ := r.EvaluationTrigger.Get()
	metricRules(v, typ, et, nil, "", tr, false)
	if id, ok := r.ProjectID.Get(); ok {
		v.project("project", id)
	}
	if t, _ := r.TriggerType.Get(); !t.Valid() {
		v.add("trigger_type", "%q is not one of llm_judge, custom_code", t)
	}
	if raw, ok := r.Configuration.Get(); ok {
		v.jsonObject("configuration", raw)
	}
	(&metricSettings{
		slug: r.Slug, slackChannel: r.SlackChannelID,
		agent: r.AgentID, slackWorkspace: r.SlackWorkspaceID,
		displayOrder: r.DisplayOrder, kbFileIDs: r.KnowledgeBaseFileIDs, scenarios: r.Scenarios,
		llmProvider: r.LLMProvider, relevanceProvider: r.RelevanceLLMProvider,
		alertType: r.AlertType, changeStatus: r.SignificantChangeAlertStatus,
		changeDirection: r.SignificantChangeAlertDirection, alertFilters: r.AlertFilters,
		alertEnabled: r.AlertEnabled, evalType: et,
		programs: map[string]Opt[json.RawMessage]{
			"metric_description_program": r.MetricDescriptionProgram,
			"evaluation_trigger_program": r.EvaluationTriggerProgram},
		variables: map[string]Opt[[]json.RawMessage]{
			"metric_description_variables": r.MetricDescriptionVariables,
			"evaluation_trigger_variables": r.EvaluationTriggerVariables},
	}).check(v)
}

// ListMetricsParams filters List.
type ListMetricsParams struct {
	AgentID   int64  `url:"agent_id,omitempty"`
	ProjectID int64  `url:"project_id,omitempty"`
	Slug      string `url:"slug,omitempty"`
	// AgentIDs keeps the metrics of any of these agents (sent as one
	// comma-separated list, "1,2,3").
	AgentIDs []int64 `url:"agents,omitempty,comma"`
	// AssistantID keeps the metrics of the agent with this provider's id.
	AssistantID string `url:"assistant_id,omitempty"`
	// Filters is an advanced filter, in CallLogFilter's language over the
	// metrics' fields agents__id, eval_type, type and name, with the
	// operators in, eq and contains; such as {"operator": "and",
	// "conditions": [{"field": "agents__id", "op": "in", "value": [1, 2]}]}.
	Filters *CallLogFilter `url:"filters,omitempty"`
	// IncludeScores adds each metric's OverallScore and TotalScore.
	IncludeScores bool `url:"include_scores,omitempty"`
}

// metricFilterOps are the operators the metrics' filters take.
var metricFilterOps = []FilterOp{FilterOpIn, FilterOpEq, FilterOpContains}

func (p *ListMetricsParams) validate(v *validator) {
	ids(v, "agents", p.AgentIDs)
	if p.Filters == nil {
		return
	}
	before := len(v.problems)
	p.Filters.check(v, "filters")
	if len(v.problems) == before {
		eachCondition(p.Filters, "filters", func(at string, c *CallLogFilter) {
			if !slices.Contains(metricFilterOps, c.Op) {
				v.add(at+".op", "%q is not one the metrics' filters take: %s", c.Op, joinValues(metricFilterOps))
			}
		})
	}
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
