package cekura

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// A metric's settings beyond how it is evaluated: its alerts, the model
// providers of its judge, its advanced (programmatic) configuration, the
// scenarios it is attached to, and what the API reads back (scores, costs,
// reviews, an optimiser's proposal).

// MetricAlertType says whether and how a metric alerts on production calls.
type MetricAlertType string

// The alert types of the API.
const (
	// MetricAlertTypeDisabled: no alerts (the API's default).
	MetricAlertTypeDisabled MetricAlertType = "disabled"
	// MetricAlertTypeNormal alerts when a binary metric fails (see
	// CreateMetricRequest.AlertEnabled).
	MetricAlertTypeNormal MetricAlertType = "normal"
	// MetricAlertTypeSignificantChange alerts when the metric's rolling
	// average moves by more than StdMultiplier standard deviations (see
	// WindowSize, StdMultiplier and EWMAAlpha).
	MetricAlertTypeSignificantChange MetricAlertType = "significant_change"
)

var metricAlertTypes = []MetricAlertType{MetricAlertTypeDisabled, MetricAlertTypeNormal, MetricAlertTypeSignificantChange}

// Valid reports whether t is one of the API's alert types (or empty).
func (t MetricAlertType) Valid() bool {
	return t == "" || t == MetricAlertTypeDisabled || t == MetricAlertTypeNormal || t == MetricAlertTypeSignificantChange
}

// SignificantChangeAlertStatus turns a metric's significant-change alerts on
// or off.
type SignificantChangeAlertStatus string

// The significant-change alert statuses of the API.
const (
	SignificantChangeAlertStatusEnabled  SignificantChangeAlertStatus = "enabled"
	SignificantChangeAlertStatusDisabled SignificantChangeAlertStatus = "disabled"
)

// Valid reports whether s is one of the API's significant-change alert
// statuses (or empty).
func (s SignificantChangeAlertStatus) Valid() bool {
	return s == "" || s == SignificantChangeAlertStatusEnabled || s == SignificantChangeAlertStatusDisabled
}

// SignificantChangeAlertDirection says which moves of a metric's rolling
// average alert.
type SignificantChangeAlertDirection string

// The significant-change alert directions of the API.
const (
	// SignificantChangeAlertDirectionBoth ("", the API's default) alerts on
	// an increase and on a decrease.
	SignificantChangeAlertDirectionBoth     SignificantChangeAlertDirection = ""
	SignificantChangeAlertDirectionIncrease SignificantChangeAlertDirection = "increase"
	SignificantChangeAlertDirectionDecrease SignificantChangeAlertDirection = "decrease"
)

// Valid reports whether d is one of the API's significant-change alert
// directions ("" is one: both).
func (d SignificantChangeAlertDirection) Valid() bool {
	return d == SignificantChangeAlertDirectionBoth || d == SignificantChangeAlertDirectionIncrease || d == SignificantChangeAlertDirectionDecrease
}

// ScenarioSelection picks the scenarios a metric is attached to, by id, or
// all of them: make one with SelectScenarios or AllScenarios (its fields are
// unexported, so that it is never both). The zero value picks nothing and
// is not sent.
type ScenarioSelection struct {
	ids []int64
	all bool
}

// SelectScenarios picks scenarios by id. With no ids it is an explicit
// empty list, which is sent ([]).
func SelectScenarios(ids ...int64) ScenarioSelection {
	return ScenarioSelection{ids: append([]int64{}, ids...)}
}

// AllScenarios picks every scenario (the API's "all").
func AllScenarios() ScenarioSelection { return ScenarioSelection{all: true} }

// IDs returns the ids picked (none when All).
func (s ScenarioSelection) IDs() []int64 { return s.ids }

// All reports whether every scenario is picked.
func (s ScenarioSelection) All() bool { return s.all }

// IsZero reports whether s picks nothing (the zero value), so that
// `omitzero` leaves it out.
func (s ScenarioSelection) IsZero() bool { return !s.all && s.ids == nil }

// MarshalJSON encodes the selection as the API takes it: "all", or the list
// of ids.
func (s ScenarioSelection) MarshalJSON() ([]byte, error) {
	if s.all {
		return []byte(`"all"`), nil
	}
	if s.ids == nil {
		return []byte(`[]`), nil
	}
	return marshal(&s.ids)
}

// MetricOptimisationProposal is a change to a metric that a metric-optimiser
// cron job proposed and nobody has saved yet (Metric's
// PendingOptimisationProposal). The description gives its keys, not their
// types: a value of another type leaves its field zero (RawJSON has it).
type MetricOptimisationProposal struct {
	apiObject
	// Description, EvaluationTrigger, Type and CustomCode are the metric as
	// the optimiser would change it; apply what you keep with
	// Metrics.Update.
	Description       string            `json:"description,omitzero"`
	EvaluationTrigger EvaluationTrigger `json:"evaluation_trigger,omitzero"`
	Type              MetricType        `json:"type,omitzero"`
	CustomCode        string            `json:"custom_code,omitzero"`
	// Score is the proposed metric's score on the optimiser's samples, and
	// BaselineScore the saved metric's.
	Score         float64 `json:"score,omitzero"`
	BaselineScore float64 `json:"baseline_score,omitzero"`
	// CronJobID and CronJobName are the cron job (see Client.Schedules) that
	// made the proposal.
	CronJobID   int64  `json:"cron_job_id,omitzero" cekura:"flex"`
	CronJobName string `json:"cron_job_name,omitzero"`
	// ProposedAt is when it was proposed.
	ProposedAt time.Time `json:"proposed_at,omitzero"`
}

// UnmarshalJSON decodes a proposal tolerantly.
func (p *MetricOptimisationProposal) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// maxMetricText is the length limit, in characters, the description gives
// a metric's slug and Slack channel.
const maxMetricText = 255

// metricSettings are a metric's settings that Create and Update check
// alike: each the value to check and whether it is sent.
type metricSettings struct {
	slug, slackChannel             Opt[string]
	agent, slackWorkspace          Opt[int64]
	displayOrder                   Opt[int]
	kbFileIDs                      Opt[[]int64]
	scenarios                      Opt[ScenarioSelection]
	llmProvider, relevanceProvider Opt[LLMProvider]
	alertType                      Opt[MetricAlertType]
	changeStatus                   Opt[SignificantChangeAlertStatus]
	changeDirection                Opt[SignificantChangeAlertDirection]
	alertFilters                   Opt[CallLogFilter]
	alertEnabled                   Opt[bool]
	evalType                       EvalType
	programs                       map[string]Opt[json.RawMessage]
	variables                      map[string]Opt[[]json.RawMessage]
}

// check reports the problems of the settings.
func (m *metricSettings) check(v *validator) {
	maxChars(v, "slug", m.slug, maxMetricText)
	if id, ok := m.agent.Get(); ok && id <= 0 {
		v.add("agent", "must be a positive agent id, got %d", id)
	}
	if n, ok := m.displayOrder.Get(); ok && (n < math.MinInt32 || n > math.MaxInt32) {
		v.add("display_order", "is %d; it must be from %d to %d", n, math.MinInt32, math.MaxInt32)
	}
	if list, ok := m.kbFileIDs.Get(); ok {
		ids(v, "kb_file_ids", list)
	}
	if s, ok := m.scenarios.Get(); ok {
		ids(v, "scenarios", s.ids)
	}
	m.provider(v, "llm_provider", m.llmProvider)
	m.provider(v, "relevance_llm_provider", m.relevanceProvider)
	for _, name := range []string{"metric_description_program", "metric_description_variables", "evaluation_trigger_program", "evaluation_trigger_variables"} {
		m.checkJSON(v, name)
	}
	if on, _ := m.alertEnabled.Get(); on && m.evalType != "" && m.evalType != EvalTypeBinary {
		v.add("alert_enabled", "is for binary metrics only, and eval_type is %q: alert on it with significant_change_alert_status", m.evalType)
	}
	if t, _ := m.alertType.Get(); !t.Valid() {
		v.add("alert_type", "%q is not one of %s", t, joinValues(metricAlertTypes))
	}
	if f, ok := m.alertFilters.Get(); ok {
		f.check(v, "alert_filters")
	}
	if s, _ := m.changeStatus.Get(); !s.Valid() {
		v.add("significant_change_alert_status", "%q is not one of enabled, disabled", s)
	}
	if d, _ := m.changeDirection.Get(); !d.Valid() {
		v.add("significant_change_alert_direction", "%q is not one of \"\" (both), increase, decrease", d)
	}
	if id, ok := m.slackWorkspace.Get(); ok && id <= 0 {
		v.add("slack_workspace", "must be a positive Slack workspace id, got %d", id)
	}
	maxChars(v, "slack_channel_id", m.slackChannel, maxMetricText)
}

func (m *metricSettings) provider(v *validator, field string, o Opt[LLMProvider]) {
	if p, _ := o.Get(); !p.Valid() {
		v.add(field, "%q is not one of %s", p, joinValues(llmProviders))
	}
}

// checkJSON checks a program (any JSON value) or a list of variables (each
// any JSON value) by its JSON name.
func (m *metricSettings) checkJSON(v *validator, name string) {
	if raw, ok := m.programs[name].Get(); ok {
		v.json(name, raw)
	}
	if list, ok := m.variables[name].Get(); ok {
		for i, raw := range list {
			if !json.Valid(raw) {
				v.add(name+"["+strconv.Itoa(i)+"]", "is not valid JSON")
			}
		}
	}
}

// plain is Some(x) when x is not T's zero value, else unset: a plain field
// of a create request, which is sent only when set.
func plain[T comparable](x T) Opt[T] {
	var zero T
	if x == zero {
		return Opt[T]{}
	}
	return Some(x)
}

// plainList is plain for a list: sent when it has elements.
func plainList[T any](x []T) Opt[[]T] {
	if len(x) == 0 {
		return Opt[[]T]{}
	}
	return Some(x)
}

// llmProviders are the API's judge providers, in its order.
var llmProviders = []LLMProvider{LLMProviderOpenAI, LLMProviderGemini, LLMProviderDSPyGEPAGeminiFlash, LLMProviderDeepSeekV4Flash}

// plainRaw is plain for a JSON value: sent when it is not nil.
func plainRaw(raw json.RawMessage) Opt[json.RawMessage] {
	if raw == nil {
		return Opt[json.RawMessage]{}
	}
	return Some(raw)
}

// eachCondition calls fn with every condition of a filter (a checked one:
// no nil conditions), and where it is.
func eachCondition(f *CallLogFilter, at string, fn func(at string, c *CallLogFilter)) {
	if f.Operator == "" && len(f.Conditions) == 0 {
		if f.Field != "" || f.Op != "" || f.Value != nil {
			fn(at, f)
		}
		return
	}
	for i, c := range f.Conditions {
		eachCondition(c, at+".conditions["+strconv.Itoa(i)+"]", fn)
	}
}
