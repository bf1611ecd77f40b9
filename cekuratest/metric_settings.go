package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// A metric's settings beyond its evaluation, as the fake keeps them: the
// alerts and Slack (stored and answered), the agent of an agent-level
// metric (write-only: the agent_id filter finds the metric by it), the
// scenarios it is attached to (write-only: each scenario's metrics show
// it), the judge's providers (write-only: checked, then dropped), and the
// list's agents, assistant_id and filters parameters.

// metricChoices are the settings' choices, as the API lists them.
var metricChoices = map[string][]string{
	"alert_type":                         {"disabled", "normal", "significant_change"},
	"significant_change_alert_status":    {"enabled", "disabled"},
	"significant_change_alert_direction": {"", "increase", "decrease"},
	"llm_provider":                       {"openai", "gemini", "dspy-gepa-gemini-flash", "deepseek-v4-flash"},
	"relevance_llm_provider":             {"openai", "gemini", "dspy-gepa-gemini-flash", "deepseek-v4-flash"},
	"trigger_type":                       {"llm_judge", "custom_code"},
}

// metricNullable are the settings that take null, which clears them.
var metricNullable = []string{"slug", "project", "agent", "add_to_new_agents", "alert_filters", "slack_workspace", "slack_channel_id"}

// scenarioPick is a metric's write-only scenarios: "all", or ids.
type scenarioPick struct {
	all bool
	ids []int64
}

// settings checks the settings in fields, adding DRF's messages to errs,
// and keeps what the API keeps of the write-only ones.
func (m *metric) settings(fields map[string]json.RawMessage, errs errTree) {
	for key, choices := range metricChoices {
		if raw, ok := fields[key]; ok {
			if _, msg := choice(raw, choices); msg != "" {
				errs.add(key, msg)
			}
		}
	}
	for _, key := range []string{"slug", "slack_channel_id"} {
		if raw, ok := fields[key]; ok && !isNull(raw) {
			if v, msg := str(raw); msg != "" {
				errs.add(key, msg)
			} else if utf8.RuneCountInString(v) > 255 {
				errs.add(key, "Ensure this field has no more than 255 characters.")
			}
		}
	}
	for _, key := range []string{"agent", "slack_workspace", "window_size", "display_order"} {
		if raw, ok := fields[key]; ok && !(isNull(raw) && slices.Contains(metricNullable, key)) {
			if _, msg := integer(raw); msg != "" {
				errs.add(key, msg)
			}
		}
	}
	for _, key := range []string{"std_multiplier", "ewma_alpha"} {
		if raw, ok := fields[key]; ok {
			var f float64
			if isNull(raw) || json.Unmarshal(raw, &f) != nil {
				errs.add(key, "A valid number is required.")
			}
		}
	}
	for _, key := range []string{"alert_enabled", "apply_to_all_agents", "add_to_rubric"} {
		if raw, ok := fields[key]; ok {
			if _, msg := boolean(raw, false); msg != "" {
				errs.add(key, msg)
			}
		}
	}
	if raw, ok := fields["alert_filters"]; ok && !isNull(raw) {
		if _, bad := object(raw); bad != nil {
			errs.add("alert_filters", "Expected a filter object (CallLogQueryFilter).")
		}
	}
	if raw, ok := fields["kb_file_ids"]; ok {
		var list []int64
		if json.Unmarshal(raw, &list) != nil || list == nil {
			errs.add("kb_file_ids", "Expected a list of knowledge base file ids.")
		}
	}
	for _, key := range []string{"metric_description_variables", "evaluation_trigger_variables"} {
		if raw, ok := fields[key]; ok {
			var list []json.RawMessage
			if json.Unmarshal(raw, &list) != nil || list == nil {
				errs.add(key, "Expected a list of items but got type \""+rawKind(raw)+"\".")
			}
		}
	}
	if raw, ok := fields["agent"]; ok {
		m.agent, _ = integer(raw) // null: 0, none
	}
	if raw, ok := fields["scenarios"]; ok {
		var all string
		var list []int64
		switch {
		case json.Unmarshal(raw, &all) == nil && all == "all":
			m.pick = &scenarioPick{all: true}
		case json.Unmarshal(raw, &list) == nil && list != nil:
			m.pick = &scenarioPick{ids: list}
		default:
			errs.add("scenarios", `Expected "all" or a list of scenario ids.`)
		}
	}
}

// clearNulls clears the stored settings the body set to null (the codec,
// as encoding/json does, leaves a field alone on null).
func (m *metric) clearNulls(fields map[string]json.RawMessage) {
	for _, key := range metricNullable {
		if raw, ok := fields[key]; !ok || !isNull(raw) {
			continue
		}
		switch key {
		case "slug":
			m.m.Slug = ""
		case "project":
			m.m.ProjectID = 0
		case "add_to_new_agents":
			m.m.AddToNewAgents = nil
		case "alert_filters":
			m.m.AlertFilters = nil
		case "slack_workspace":
			m.m.SlackWorkspaceID = 0
		case "slack_channel_id":
			m.m.SlackChannelID = ""
		}
	}
}

// metricDefaults are the API's defaults of the alert settings, set on
// create.
func (m *metric) metricDefaults() {
	if m.m.AlertType == "" {
		m.m.AlertType = cekura.MetricAlertTypeDisabled
	}
	if m.m.WindowSize == 0 {
		m.m.WindowSize = 50
	}
	if m.m.StdMultiplier == 0 {
		m.m.StdMultiplier = 2
	}
	if m.m.EWMAAlpha == 0 {
		m.m.EWMAAlpha = 0.1
	}
}

// resolve turns what a metric's body names into what is stored, or adds
// the API's 400 to errs: the assistant_id (write-only) adds its agent to
// the metric's agents, the agent must exist, and the scenarios picked
// (each must exist; "all" are those of the metric's agents, or of its
// project when it has none). It returns the scenarios to attach. s.mu is
// held.
func (s *Server) resolveMetric(m *metric, fields map[string]json.RawMessage, errs errTree) []int64 {
	if raw, ok := fields["assistant_id"]; ok {
		if id := s.agentByAssistant(raw); id == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		} else if !slices.Contains(m.m.AgentIDs, id) {
			m.m.AgentIDs = append(m.m.AgentIDs, id)
		}
	}
	m.m.AssistantID = ""
	if m.agent != 0 && !s.isAgent(m.agent) {
		errs.add("agent", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", m.agent))
	}
	pick := m.pick
	m.pick = nil
	switch {
	case pick == nil:
		return nil
	case pick.all:
		return s.scenarios.ids(func(sc *scenario) bool {
			if len(m.m.AgentIDs) == 0 && m.agent == 0 {
				return m.m.ProjectID != 0 && sc.project == m.m.ProjectID
			}
			return sc.agent == m.agent || slices.Contains(m.m.AgentIDs, sc.agent)
		})
	}
	for _, id := range pick.ids {
		if _, ok := s.scenarios.get(id); !ok {
			errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
		}
	}
	return pick.ids
}

// attachMetric adds a metric to the scenarios' metrics. s.mu is held.
func (s *Server) attachMetric(metricID int64, scenarioIDs []int64) {
	for _, id := range scenarioIDs {
		old, ok := s.scenarios.get(id)
		if !ok || slices.Contains(old.metrics, metricID) {
			continue
		}
		sc := *old
		sc.metrics = append(slices.Clone(old.metrics), metricID)
		s.scenarios.put(id, &sc)
	}
}

// metricOps and metricFields are what the metrics' filters parameter takes.
var (
	metricOps    = []string{"in", "eq", "contains"}
	metricFields = []string{"agents__id", "eval_type", "type", "name"}
)

// metricQuery reads the list's filters parameter into a test, or adds the
// 400's message to bad.
func metricQuery(q url.Values, bad errTree) func(*metric) bool {
	v := q.Get("filters")
	if v == "" {
		return nil
	}
	var f cekura.CallLogFilter
	if json.Unmarshal([]byte(v), &f) != nil || !json.Valid([]byte(v)) {
		bad.add("filters", "Invalid JSON in filters.")
		return nil
	}
	if msg := checkMetricFilter(&f, 0); msg != "" {
		bad.add("filters", msg)
		return nil
	}
	return func(m *metric) bool { return matchMetric(&f, m) }
}

func checkMetricFilter(f *cekura.CallLogFilter, depth int) string {
	if depth > 32 {
		return "Filters nest too deep."
	}
	if f.Operator != "" || len(f.Conditions) > 0 {
		if f.Operator != "and" && f.Operator != "or" {
			return fmt.Sprintf("Unsupported operator %q.", f.Operator)
		}
		for _, c := range f.Conditions {
			if c == nil {
				return "A condition is null."
			}
			if msg := checkMetricFilter(c, depth+1); msg != "" {
				return msg
			}
		}
		return ""
	}
	if f.Field == "" && f.Op == "" && f.Value == nil && depth == 0 {
		return "" // {} filters nothing
	}
	if !slices.Contains(metricFields, f.Field) {
		return fmt.Sprintf("Unsupported field %q; supported: %s.", f.Field, strings.Join(metricFields, ", "))
	}
	if !slices.Contains(metricOps, string(f.Op)) {
		return fmt.Sprintf("Unsupported op %q; supported: %s.", f.Op, strings.Join(metricOps, ", "))
	}
	return ""
}

// matchMetric reports whether a metric passes a checked filter.
func matchMetric(f *cekura.CallLogFilter, m *metric) bool {
	switch f.Operator {
	case "and":
		for _, c := range f.Conditions {
			if !matchMetric(c, m) {
				return false
			}
		}
		return true
	case "or":
		for _, c := range f.Conditions {
			if matchMetric(c, m) {
				return true
			}
		}
		return false
	}
	if f.Field == "" {
		return true
	}
	var have []string
	switch f.Field {
	case "agents__id":
		for _, id := range m.m.AgentIDs {
			have = append(have, fmt.Sprint(id))
		}
	case "eval_type":
		have = []string{string(m.m.EvalType)}
	case "type":
		have = []string{string(m.m.Type)}
	case "name":
		have = []string{m.m.Name}
	}
	var want []string
	if list, ok := f.Value.([]any); ok {
		for _, v := range list {
			want = append(want, fmt.Sprint(v))
		}
	} else {
		want = []string{fmt.Sprint(f.Value)}
	}
	for _, h := range have {
		for _, w := range want {
			switch {
			case f.Op == "contains" && strings.Contains(strings.ToLower(h), strings.ToLower(w)),
				f.Op != "contains" && h == w:
				return true
			}
		}
	}
	return false
}
