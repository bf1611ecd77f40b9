package cekuratest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMetricSettingsMatchTheSpec writes a metric's settings through the
// fake, with nulls and the list's new parameters, and checks every answer
// against the description.
func TestMetricSettingsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, out := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "provider": {"type": "vapi", "agent_id": "asst_1"}}`)
	require.Equal(t, 201, status, "%v", out)
	status, _, out = raw(t, s, "POST", scenariosPath, `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask"}`)
	require.Equal(t, 201, status, "%v", out)
	const metrics, metric = "/test_framework/v2/metrics/", "/test_framework/v2/metrics/{id}/"
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", metrics, metrics, `{"name": "Refund confirmed", "eval_type": "binary", "agents": [1], "slug": "refund_confirmed",
			"agent": 1, "scenarios": "all", "kb_file_ids": [], "llm_provider": "gemini", "relevance_llm_provider": "openai",
			"priority_assignment_prompt": "P0 when money is lost", "metric_description_program": {"steps": []},
			"metric_description_variables": ["order"], "evaluation_trigger_program": null, "evaluation_trigger_variables": [],
			"alert_enabled": true, "alert_type": "significant_change", "alert_filters": {"field": "agent.id", "op": "eq", "value": 1},
			"significant_change_alert_status": "enabled", "significant_change_alert_direction": "decrease",
			"window_size": 100, "std_multiplier": 2.5, "ewma_alpha": 0.2, "slack_workspace": 5, "slack_channel_id": "C0123",
			"apply_to_all_agents": false, "add_to_rubric": true}`, 201},
		{"GET", metric, metric, "", 200},
		{"GET", metrics + "?agents=1,2&assistant_id=asst_1&include_scores=true&filters=" +
			`%7B%22operator%22%3A%22and%22%2C%22conditions%22%3A%5B%7B%22field%22%3A%22agents__id%22%2C%22op%22%3A%22in%22%2C%22value%22%3A%5B1%5D%7D%5D%7D`, metrics, "", 200},
		{"PATCH", metric, metric, `{"slug": null, "project": null, "agent": null, "alert_filters": null, "slack_workspace": null,
			"slack_channel_id": null, "add_to_new_agents": null, "assistant_id": "asst_1", "type": "custom_code", "custom_code": "_result = True",
			"trigger_type": "custom_code", "evaluation_trigger_custom_code": "_result = True", "scenarios": [1]}`, 200},
		{"PATCH", metric, metric, `{"alert_type": "loud", "slug": "` + strings.Repeat("s", 256) + `", "window_size": "many",
			"std_multiplier": null, "scenarios": [9], "agent": 9, "llm_provider": "claude"}`, 400},
	}
	for _, st := range steps {
		path := strings.Replace(st.path, "{id}", "1", 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		if status >= 400 {
			assert.Equal(t, map[string]any{
				"alert_type":     []any{`"loud" is not a valid choice.`},
				"slug":           []any{"Ensure this field has no more than 255 characters."},
				"window_size":    []any{"A valid integer is required."},
				"std_multiplier": []any{"A valid number is required."},
				"llm_provider":   []any{`"claude" is not a valid choice.`},
			}, body, "the fields' own problems, before what they name is looked up")
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		require.Empty(t, checker.check(schema, body, "$"), "%s %s %d: %v", st.method, path, status, body)
	}
}

func TestMetricSettingsThroughTheFake(t *testing.T) {
	s := NewServer()
	defer s.Close()
	c := s.Client()
	ctx := context.Background()
	a, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err)
	b, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "B", Description: "d"})
	require.NoError(t, err)
	var scenarios []int64
	for _, agent := range []int64{a.ID, a.ID, b.ID} {
		status, _, out := raw(t, s, "POST", scenariosPath, `{"name": "S", "personality": 1, "agent": `+strconv.FormatInt(agent, 10)+`, "instructions": "ask"}`)
		require.Equal(t, 201, status, "%v", out)
		scenarios = append(scenarios, int64(out.(map[string]any)["id"].(float64)))
	}

	m, err := c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Refund confirmed", AgentIDs: []int64{a.ID},
		Scenarios: cekura.AllScenarios(), AlertType: cekura.MetricAlertTypeNormal, AlertEnabled: cekura.Some(true),
		AlertFilters:                 &cekura.CallLogFilter{Field: "agent.id", Op: cekura.FilterOpEq, Value: a.ID},
		SignificantChangeAlertStatus: cekura.SignificantChangeAlertStatusDisabled, SlackWorkspaceID: 5, SlackChannelID: "C0123",
		KnowledgeBaseFileIDs: []int64{3}, LLMProvider: cekura.LLMProviderGemini, PriorityAssignmentPrompt: "P0 when money is lost"})
	require.NoError(t, err)
	assert.Equal(t, cekura.MetricAlertTypeNormal, m.AlertType)
	assert.True(t, m.AlertEnabled)
	require.NotNil(t, m.AlertFilters)
	assert.Equal(t, "agent.id", m.AlertFilters.Field)
	assert.Equal(t, cekura.SignificantChangeAlertStatusDisabled, m.SignificantChangeAlertStatus)
	assert.Equal(t, int64(5), m.SlackWorkspaceID)
	assert.Equal(t, "C0123", m.SlackChannelID)
	assert.Equal(t, []int64{3}, m.KnowledgeBaseFileIDs)
	assert.Equal(t, "P0 when money is lost", m.PriorityAssignmentPrompt)
	assert.Equal(t, 50, m.WindowSize, "the API's defaults")
	assert.Equal(t, 2.0, m.StdMultiplier)
	assert.Equal(t, 0.1, m.EWMAAlpha)
	assert.NotContains(t, string(m.RawJSON()), "llm_provider", "write-only")
	assert.Equal(t, []bool{true, true, false}, attached(t, s, scenarios, m.ID), `"all" is the scenarios of the metric's agents`)

	// An agent-level metric is found by its agent; the update clears what
	// it sets to null and attaches the scenarios it names.
	lvl, err := c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Tone", EvalType: cekura.EvalTypeEnum, EnumValues: []string{"warm", "cold"},
		AgentID: b.ID, Scenarios: cekura.SelectScenarios(scenarios[2])})
	require.NoError(t, err)
	assert.Equal(t, []bool{false, false, true}, attached(t, s, scenarios, lvl.ID))
	list, err := c.Metrics.List(ctx, &cekura.ListMetricsParams{AgentID: b.ID})
	require.NoError(t, err)
	assert.Equal(t, []int64{lvl.ID}, metricIDs(list.Results))
	list, err = c.Metrics.List(ctx, &cekura.ListMetricsParams{AgentIDs: []int64{b.ID, a.ID}})
	require.NoError(t, err)
	assert.Equal(t, []int64{m.ID, lvl.ID}, metricIDs(list.Results))
	list, err = c.Metrics.List(ctx, &cekura.ListMetricsParams{IncludeScores: true, Filters: &cekura.CallLogFilter{Operator: cekura.FilterOperatorOr,
		Conditions: []*cekura.CallLogFilter{{Field: "eval_type", Op: cekura.FilterOpIn, Value: []string{"enum"}}, {Field: "name", Op: cekura.FilterOpContains, Value: "REFUND"}}}})
	require.NoError(t, err)
	assert.Equal(t, []int64{m.ID, lvl.ID}, metricIDs(list.Results))
	list, err = c.Metrics.List(ctx, &cekura.ListMetricsParams{Filters: &cekura.CallLogFilter{Field: "agents__id", Op: cekura.FilterOpEq, Value: a.ID}})
	require.NoError(t, err)
	assert.Equal(t, []int64{m.ID}, metricIDs(list.Results))
	_, err = c.Metrics.List(ctx, &cekura.ListMetricsParams{Filters: &cekura.CallLogFilter{Field: "prompt", Op: cekura.FilterOpEq, Value: "x"}})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr, "a field the filters do not take is the API's 400")
	assert.Equal(t, 400, apiErr.StatusCode)

	up, err := c.Metrics.Update(ctx, m.ID, &cekura.UpdateMetricRequest{AlertFilters: cekura.Null[cekura.CallLogFilter](),
		SlackWorkspaceID: cekura.Null[int64](), SlackChannelID: cekura.Null[string](), WindowSize: cekura.Some(10),
		SignificantChangeAlertDirection: cekura.Some(cekura.SignificantChangeAlertDirectionIncrease),
		Scenarios:                       cekura.Some(cekura.SelectScenarios(scenarios[2]))})
	require.NoError(t, err)
	assert.Nil(t, up.AlertFilters)
	assert.Zero(t, up.SlackWorkspaceID)
	assert.Empty(t, up.SlackChannelID)
	assert.Equal(t, 10, up.WindowSize)
	assert.Equal(t, cekura.SignificantChangeAlertDirectionIncrease, up.SignificantChangeAlertDirection)
	assert.Equal(t, cekura.MetricAlertTypeNormal, up.AlertType, "what the update leaves alone stays")
	assert.Equal(t, []bool{true, true, true}, attached(t, s, scenarios, m.ID))

	_, err = c.Metrics.Update(ctx, lvl.ID, &cekura.UpdateMetricRequest{AgentID: cekura.Null[int64]()})
	require.NoError(t, err)
	list, err = c.Metrics.List(ctx, &cekura.ListMetricsParams{AgentID: b.ID})
	require.NoError(t, err)
	assert.Empty(t, list.Results, "no agent any more")

	_, err = c.Metrics.Update(ctx, m.ID, &cekura.UpdateMetricRequest{Scenarios: cekura.Some(cekura.SelectScenarios(999)), AgentID: cekura.Some[int64](999)})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, map[string][]string{
		"scenarios": {`Invalid pk "999" - object does not exist.`},
		"agent":     {`Invalid pk "999" - object does not exist.`},
	}, apiErr.FieldErrors)
}

// attached reports, for each scenario, whether its metrics hold metricID.
func attached(t *testing.T, s *Server, scenarios []int64, metricID int64) []bool {
	t.Helper()
	var out []bool
	for _, id := range scenarios {
		status, _, body := raw(t, s, "GET", scenariosPath+strconv.FormatInt(id, 10)+"/", "")
		require.Equal(t, 200, status)
		b, err := json.Marshal(body.(map[string]any)["metrics"])
		require.NoError(t, err)
		var ids []int64
		require.NoError(t, json.Unmarshal(b, &ids))
		out = append(out, slices.Contains(ids, metricID))
	}
	return out
}

func metricIDs(ms []*cekura.Metric) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestObserveTakesTheMainAgentsChannel(t *testing.T) {
	s := NewServer()
	defer s.Close()
	c := s.Client()
	ctx := context.Background()
	a, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err)
	call, err := c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c1", AgentID: a.ID, MainAgentChannelIndex: cekura.Some(0),
		Recording: strings.NewReader("RIFF"), RecordingName: "call.wav"})
	require.NoError(t, err)
	require.NotNil(t, call.TestingChannelIndex)
	assert.Equal(t, 1, *call.TestingChannelIndex, "the caller is on the other channel")
	call, err = c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c2", AgentID: a.ID})
	require.NoError(t, err)
	assert.Nil(t, call.TestingChannelIndex, "unknown")

	status, _, body := raw(t, s, "POST", "/observability/v1/observe/", `{"call_id": "c3", "agent": 1, "main_agent_channel_index": 2}`)
	assert.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"main_agent_channel_index": []any{"A stereo recording's channel is 0 or 1."}}, body)
}
