package cekura

import (
	"context"
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricSettingsAreSentAsSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+metricsPath, capture(201, `{"id": 118, "name": "Refunds"}`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+metricsPath+"118/", capture(200, `{"id": 118, "name": "Refunds"}`, &got, &mu))

	_, err := c.Metrics.Create(ctx, &CreateMetricRequest{Name: "Refunds", EvalType: EvalTypeBinary,
		Slug: "refunds", AgentID: 7, ApplyToAllAgents: true, Scenarios: SelectScenarios(3, 4),
		KnowledgeBaseFileIDs: []int64{11}, LLMProvider: LLMProviderGemini, RelevanceLLMProvider: LLMProviderOpenAI,
		PriorityAssignmentPrompt: "P0 when money is lost",
		MetricDescriptionProgram: json.RawMessage(`{"steps": []}`), MetricDescriptionVariables: []json.RawMessage{json.RawMessage(`"order"`)},
		EvaluationTriggerProgram: json.RawMessage(`null`), EvaluationTriggerVariables: []json.RawMessage{},
		AlertEnabled: Some(false), AlertType: MetricAlertTypeSignificantChange,
		AlertFilters:                 &CallLogFilter{Field: "agent.id", Op: FilterOpEq, Value: 7},
		SignificantChangeAlertStatus: SignificantChangeAlertStatusEnabled, SignificantChangeAlertDirection: SignificantChangeAlertDirectionDecrease,
		WindowSize: 100, StdMultiplier: 2.5, EWMAAlpha: 0.2, SlackWorkspaceID: 5, SlackChannelID: "C0123"})
	require.NoError(t, err)
	_, err = c.Metrics.Create(ctx, &CreateMetricRequest{Name: "All", Scenarios: AllScenarios()})
	require.NoError(t, err)

	_, err = c.Metrics.Update(ctx, 118, &UpdateMetricRequest{Type: Some(MetricTypeLLMJudge), Slug: Null[string](),
		ProjectID: Null[int64](), AgentID: Some[int64](7), AssistantID: Some("asst_1"), AddToRubric: Some(false),
		AddToNewAgents: Null[bool](), ApplyToAllAgents: Some(false), SamplingEnabled: Some(true), DisplayOrder: Some(0),
		Configuration: Some(json.RawMessage(`{"silence_duration": 10}`)), Scenarios: Some(SelectScenarios()),
		KnowledgeBaseFileIDs: Some([]int64{}), LLMProvider: Some(LLMProviderDeepSeekV4Flash),
		TriggerType: Some(TriggerTypeCustomCode), EvaluationTriggerPrompt: Some(""), EvaluationTriggerCustomCode: Some("_result = True"),
		PriorityAssignmentPrompt: Some(""), EvaluationTriggerVariables: Some([]json.RawMessage{json.RawMessage(`1`)}),
		AlertEnabled: Some(true), AlertType: Some(MetricAlertTypeNormal), AlertFilters: Null[CallLogFilter](),
		SignificantChangeAlertStatus:    Some(SignificantChangeAlertStatusDisabled),
		SignificantChangeAlertDirection: Some(SignificantChangeAlertDirectionBoth),
		WindowSize:                      Some(50), StdMultiplier: Some(0.0), EWMAAlpha: Some(0.1),
		SlackWorkspaceID: Null[int64](), SlackChannelID: Null[string]()})
	require.NoError(t, err)
	_, err = c.Metrics.Update(ctx, 118, &UpdateMetricRequest{Scenarios: Some(AllScenarios()), ProjectID: Some[int64](2)})
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 4)
	assert.JSONEq(t, `{"name": "Refunds", "eval_type": "binary", "slug": "refunds", "agent": 7, "apply_to_all_agents": true,
	  "scenarios": [3, 4], "kb_file_ids": [11], "llm_provider": "gemini", "relevance_llm_provider": "openai",
	  "priority_assignment_prompt": "P0 when money is lost",
	  "metric_description_program": {"steps": []}, "metric_description_variables": ["order"],
	  "evaluation_trigger_program": null, "evaluation_trigger_variables": [],
	  "alert_enabled": false, "alert_type": "significant_change", "alert_filters": {"field": "agent.id", "op": "eq", "value": 7},
	  "significant_change_alert_status": "enabled", "significant_change_alert_direction": "decrease",
	  "window_size": 100, "std_multiplier": 2.5, "ewma_alpha": 0.2, "slack_workspace": 5, "slack_channel_id": "C0123"}`, string(got[0].Body))
	assert.JSONEq(t, `{"name": "All", "scenarios": "all"}`, string(got[1].Body))
	assert.JSONEq(t, `{"type": "llm_judge", "slug": null, "project": null, "agent": 7, "assistant_id": "asst_1",
	  "add_to_rubric": false, "add_to_new_agents": null, "apply_to_all_agents": false, "sampling_enabled": true,
	  "display_order": 0, "configuration": {"silence_duration": 10}, "scenarios": [], "kb_file_ids": [],
	  "llm_provider": "deepseek-v4-flash", "trigger_type": "custom_code", "evaluation_trigger_prompt": "",
	  "evaluation_trigger_custom_code": "_result = True", "priority_assignment_prompt": "", "evaluation_trigger_variables": [1],
	  "alert_enabled": true, "alert_type": "normal", "alert_filters": null,
	  "significant_change_alert_status": "disabled", "significant_change_alert_direction": "",
	  "window_size": 50, "std_multiplier": 0, "ewma_alpha": 0.1, "slack_workspace": null, "slack_channel_id": null}`, string(got[2].Body))
	assert.JSONEq(t, `{"scenarios": "all", "project": 2}`, string(got[3].Body))

	assert.True(t, AllScenarios().All())
	assert.Nil(t, AllScenarios().IDs())
	assert.Equal(t, []int64{3, 4}, SelectScenarios(3, 4).IDs())
	assert.False(t, SelectScenarios().IsZero(), "an explicit empty list is sent")
	assert.True(t, ScenarioSelection{}.IsZero())
}

func TestMetricSettingsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	_, err := c.Metrics.Create(ctx, &CreateMetricRequest{Name: "m", EvalType: EvalTypeNumeric, DisplayOrder: Some(math.MaxInt32 + 1),
		Slug: strings.Repeat("s", 256), AgentID: -7, Scenarios: SelectScenarios(1, 0), KnowledgeBaseFileIDs: []int64{-2},
		LLMProvider: "claude", RelevanceLLMProvider: "OpenAI",
		MetricDescriptionProgram: json.RawMessage(`{`), MetricDescriptionVariables: []json.RawMessage{json.RawMessage(`1`), nil},
		EvaluationTriggerProgram: json.RawMessage(`x`), EvaluationTriggerVariables: []json.RawMessage{json.RawMessage(`[`)},
		AlertEnabled: Some(true), AlertType: "loud", AlertFilters: &CallLogFilter{Operator: FilterOperatorAnd},
		SignificantChangeAlertStatus: "on", SignificantChangeAlertDirection: "both",
		SlackWorkspaceID: -1, SlackChannelID: strings.Repeat("é", 256)})
	assert.Equal(t, []string{
		"slug: is 256 characters long; at most 255 are allowed",
		"agent: must be a positive agent id, got -7",
		"display_order: is 2147483648; it must be from -2147483648 to 2147483647",
		"kb_file_ids: holds -2; ids are positive",
		"scenarios: holds 0; ids are positive",
		`llm_provider: "claude" is not one of openai, gemini, dspy-gepa-gemini-flash, deepseek-v4-flash`,
		`relevance_llm_provider: "OpenAI" is not one of openai, gemini, dspy-gepa-gemini-flash, deepseek-v4-flash`,
		"metric_description_program: is not valid JSON (leave it nil to send nothing)",
		"metric_description_variables[1]: is not valid JSON",
		"evaluation_trigger_program: is not valid JSON (leave it nil to send nothing)",
		"evaluation_trigger_variables[0]: is not valid JSON",
		`alert_enabled: is for binary metrics only, and eval_type is "numeric": alert on it with significant_change_alert_status`,
		`alert_type: "loud" is not one of disabled, normal, significant_change`,
		"alert_filters.conditions: is empty; a group needs at least one condition",
		`significant_change_alert_status: "on" is not one of enabled, disabled`,
		`significant_change_alert_direction: "both" is not one of "" (both), increase, decrease`,
		"slack_workspace: must be a positive Slack workspace id, got -1",
		"slack_channel_id: is 256 characters long; at most 255 are allowed",
	}, problemsOf(t, err))

	// An update checks what it sets, and refuses a null where the API does.
	_, err = c.Metrics.Update(ctx, 1, &UpdateMetricRequest{Type: Some[MetricType]("regex"), EvalType: Some(EvalTypeEnum),
		ProjectID: Some[int64](-3), TriggerType: Some[TriggerType]("prompt"), Configuration: Some(json.RawMessage(`[1]`)),
		AgentID: Some[int64](0), DisplayOrder: Some(math.MinInt32 - 1), Scenarios: Some(SelectScenarios(-1)),
		AlertEnabled: Some(true), AlertFilters: Some(CallLogFilter{Field: "agent.id"}), WindowSize: Null[int](),
		SlackWorkspaceID: Some[int64](0), SlackChannelID: Some(strings.Repeat("c", 256))})
	assert.Equal(t, []string{
		"window_size: is Null(), but the API does not accept null here; leave it unset, or set a value with Some",
		`type: "regex" is not one of basic, custom_prompt, llm_judge, custom_code`,
		"project: must be a positive project id, got -3",
		`trigger_type: "prompt" is not one of llm_judge, custom_code`,
		"configuration: must be a JSON object",
		"agent: must be a positive agent id, got 0",
		"display_order: is -2147483649; it must be from -2147483648 to 2147483647",
		"scenarios: holds -1; ids are positive",
		`alert_enabled: is for binary metrics only, and eval_type is "enum": alert on it with significant_change_alert_status`,
		"alert_filters.op: is required in a condition, such as eq or gte",
		"slack_workspace: must be a positive Slack workspace id, got 0",
		"slack_channel_id: is 256 characters long; at most 255 are allowed",
	}, problemsOf(t, err))
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")

	for _, v := range []interface{ Valid() bool }{MetricAlertType(""), MetricAlertTypeDisabled, MetricAlertTypeNormal, MetricAlertTypeSignificantChange,
		SignificantChangeAlertStatus(""), SignificantChangeAlertStatusEnabled, SignificantChangeAlertStatusDisabled,
		SignificantChangeAlertDirectionBoth, SignificantChangeAlertDirectionIncrease, SignificantChangeAlertDirectionDecrease} {
		assert.True(t, v.Valid(), v)
	}
	assert.False(t, MetricAlertType("Normal").Valid())
}

func TestMetricReadsItsSettingsAndWhatTheAPIAdds(t *testing.T) {
	t.Parallel()
	var m Metric
	require.NoError(t, json.Unmarshal([]byte(`{"id": 118, "name": "Refunds",
	  "agent_names": "Support bot", "vocera_defined_metric_code": "7fd534f5", "priority_assignment_prompt": "P0 when money is lost",
	  "kb_file_ids": [11, 12], "knowledge_base_files": "[11, {\"id\": 12, \"file_name\": \"policy.pdf\"}]",
	  "metric_cost": 0.1, "overall_score": "87.5", "total_score": 90, "uses_llm_judge": "true",
	  "alert_enabled": true, "alert_type": "significant_change", "alert_filters": {"operator": "and", "conditions": [{"field": "agent.id", "op": "eq", "value": 7}]},
	  "significant_change_alert_status": "enabled", "significant_change_alert_direction": "increase",
	  "window_size": 50, "std_multiplier": 2, "ewma_alpha": 0.1, "slack_workspace": 5, "slack_channel_id": "C0123",
	  "reviews": [{"id": 3, "metric": 118, "test_set": {"id": 9, "agent": 7, "name": "Refund call", "source_model": "CallLog", "source_id": "41"},
	    "expected_value": 5, "actual_value": null, "explanation": ["The refund was confirmed."], "feedback": "right",
	    "created_at": "2026-08-01T10:00:00Z", "updated_at": "2026-08-02T10:00:00Z"}],
	  "pending_optimisation_proposal": {"description": "Did the agent confirm the refund amount?", "evaluation_trigger": "always",
	    "type": "llm_judge", "custom_code": "", "score": 0.9, "baseline_score": 0.7, "cron_job_id": "12", "cron_job_name": "Nightly optimiser",
	    "proposed_at": "2026-08-03T02:00:00Z"}}`), &m))
	assert.Equal(t, []string{"Support bot"}, m.AgentNames)
	assert.Equal(t, "7fd534f5", m.VoceraDefinedMetricCode)
	assert.Equal(t, "P0 when money is lost", m.PriorityAssignmentPrompt)
	assert.Equal(t, []int64{11, 12}, m.KnowledgeBaseFileIDs)
	require.Len(t, m.KnowledgeBaseFiles, 2)
	assert.Equal(t, KnowledgeBaseFile{ID: 12, FileName: "policy.pdf"}, *m.KnowledgeBaseFiles[1])
	assert.Equal(t, 0.1, m.MetricCost)
	assert.Equal(t, 87.5, m.OverallScore)
	assert.Equal(t, 90.0, m.TotalScore)
	assert.True(t, m.UsesLLMJudge)
	assert.True(t, m.AlertEnabled)
	assert.Equal(t, MetricAlertTypeSignificantChange, m.AlertType)
	require.NotNil(t, m.AlertFilters)
	assert.Equal(t, FilterOperatorAnd, m.AlertFilters.Operator)
	assert.Equal(t, SignificantChangeAlertStatusEnabled, m.SignificantChangeAlertStatus)
	assert.Equal(t, SignificantChangeAlertDirectionIncrease, m.SignificantChangeAlertDirection)
	assert.Equal(t, 50, m.WindowSize)
	assert.Equal(t, 2.0, m.StdMultiplier)
	assert.Equal(t, 0.1, m.EWMAAlpha)
	assert.Equal(t, int64(5), m.SlackWorkspaceID)
	assert.Equal(t, "C0123", m.SlackChannelID)
	require.Len(t, m.Reviews, 1)
	r := m.Reviews[0]
	assert.Equal(t, int64(118), r.MetricID)
	require.NotNil(t, r.TestSet)
	assert.Equal(t, int64(41), r.TestSet.SourceID)
	assert.JSONEq(t, `5`, string(r.ExpectedValue))
	assert.Equal(t, "null", string(r.ActualValue))
	assert.Equal(t, time.Date(2026, 8, 2, 10, 0, 0, 0, time.UTC), r.UpdatedAt)
	p := m.PendingOptimisationProposal
	require.NotNil(t, p)
	assert.Equal(t, MetricTypeLLMJudge, p.Type)
	assert.Equal(t, 0.7, p.BaselineScore)
	assert.Equal(t, int64(12), p.CronJobID)
	assert.Equal(t, "Nightly optimiser", p.CronJobName)
	assert.Equal(t, time.Date(2026, 8, 3, 2, 0, 0, 0, time.UTC), p.ProposedAt)

	var none Metric
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "alert_filters": null, "pending_optimisation_proposal": null,
	  "slack_workspace": null, "overall_score": "n/a", "agent_names": ["A", "B"]}`), &none))
	assert.Nil(t, none.AlertFilters)
	assert.Nil(t, none.PendingOptimisationProposal)
	assert.Zero(t, none.SlackWorkspaceID)
	assert.Zero(t, none.OverallScore, "a score that is not a number reads as none")
	assert.Equal(t, []string{"A", "B"}, none.AgentNames)
}

func TestListMetricsSendsItsFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+metricsPath, capture(200, `[{"id": 1, "name": "m", "overall_score": "75", "total_score": "80"}]`, &got, &mu))
	p, err := c.Metrics.List(ctx, &ListMetricsParams{AgentIDs: []int64{1, 2, 3}, AssistantID: "asst_1", IncludeScores: true,
		Filters: &CallLogFilter{Operator: FilterOperatorAnd, Conditions: []*CallLogFilter{
			{Field: "agents__id", Op: FilterOpIn, Value: []int64{1, 2}}, {Field: "name", Op: FilterOpContains, Value: "refund"}}}})
	require.NoError(t, err)
	require.Len(t, p.Results, 1)
	assert.Equal(t, 75.0, p.Results[0].OverallScore)
	mu.Lock()
	u, err := url.Parse(got[0].URL)
	mu.Unlock()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"agents": {"1,2,3"}, "assistant_id": {"asst_1"}, "include_scores": {"true"},
		"filters": {`{"operator":"and","conditions":[{"field":"agents__id","op":"in","value":[1,2]},{"field":"name","op":"contains","value":"refund"}]}`}},
		u.Query())

	_, err = c.Metrics.List(ctx, &ListMetricsParams{AgentIDs: []int64{0}, Filters: &CallLogFilter{Operator: FilterOperatorOr,
		Conditions: []*CallLogFilter{{Field: "eval_type", Op: FilterOpEq, Value: "binary"}, {Field: "name", Op: FilterOpStartsWith, Value: "R"}}}})
	assert.Equal(t, []string{
		"agents: holds 0; ids are positive",
		`filters.conditions[1].op: "startswith" is not one the metrics' filters take: in, eq, contains`,
	}, problemsOf(t, err))
	_, err = c.Metrics.List(ctx, &ListMetricsParams{Filters: &CallLogFilter{Field: "type", Op: FilterOpIn, Value: "llm_judge"}})
	assert.Equal(t, []string{"filters.value: must be a list with op in, got a string"}, problemsOf(t, err),
		"a filter's own problems first, then the metrics' operators")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestSendCallSendsTheMainAgentsChannel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+observePath, capture(201, `{"id": 1}`, &got, &mu))
	_, err := c.Calls.Send(ctx, &SendCallRequest{CallID: "c1", AgentID: 1, MainAgentChannelIndex: Some(0)})
	require.NoError(t, err)
	_, err = c.Calls.Send(ctx, &SendCallRequest{CallID: "c2", AgentID: 1, MainAgentChannelIndex: Some(1),
		Recording: strings.NewReader("RIFF"), RecordingName: "call.wav"})
	require.NoError(t, err)
	mu.Lock()
	assert.JSONEq(t, `{"call_id": "c1", "agent": 1, "main_agent_channel_index": 0}`, string(got[0].Body))
	assert.Contains(t, string(got[1].Body), "name=\"main_agent_channel_index\"\r\n\r\n1\r\n")
	mu.Unlock()

	_, err = c.Calls.Send(ctx, &SendCallRequest{CallID: "c3", AgentID: 1, MainAgentChannelIndex: Some(2)})
	assert.Equal(t, []string{"main_agent_channel_index: is 2; a stereo recording's channel is 0 or 1"}, problemsOf(t, err))
	_, err = c.Calls.Send(ctx, &SendCallRequest{CallID: "c3", AgentID: 1, MainAgentChannelIndex: Null[int]()})
	assert.Equal(t, []string{"main_agent_channel_index: is Null(), but the API does not accept null here; leave it unset, or set a value with Some"}, problemsOf(t, err))
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestEnablePersonalitiesSaysHowManyThereAre(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+agentsPath+"7/enable_personalities/", capture(200,
		`{"count": 31, "next": "https://api.cekura.ai/test_framework/v2/aiagents/7/enable_personalities/?page=2", "previous": null,
		  "results": [{"id": 1, "name": "Calm"}]}`, new([]captured), new(sync.Mutex)))
	ch, err := c.Agents.EnablePersonalities(context.Background(), 7, &PersonalitiesRequest{PersonalityIDs: []int64{1}})
	require.NoError(t, err)
	assert.Equal(t, 31, ch.Count)
	assert.Len(t, ch.Personalities, 1)
}
