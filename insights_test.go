package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failureInsightJSON is a failure-mode insight as the API returns it
// (MetricFailureModeInsight), its failure modes a list.
const failureInsightJSON = `{"id": 12, "project": 1376, "metric": 118, "predefined_metric": null, "metric_name": "Refund policy",
  "is_triage": true, "window_start": "2026-08-19T06:00:00Z", "window_end": "2026-08-20T06:00:00Z", "num_calls_analyzed": 40,
  "total_failures_in_window": 52, "status": "succeeded", "headline": "The agent skips the 30-day check", "overall_status_emoji": "🔴",
  "failure_modes": [{"title": "Skips the date check", "description": "Refunds without asking the purchase date.", "example_call_ids": [501, 502], "count": 31}],
  "error_message": "", "duration_seconds": 81.5, "created_at": "2026-08-20T06:00:00Z", "updated_at": "2026-08-20T06:01:21Z"}`

// researchInsightJSON is a deep research insight (DeepResearchInsight),
// its failure modes a JSON string as the description types them.
const researchInsightJSON = `{"id": 7, "project": 1376, "window_start": "2026-08-13T00:00:00Z", "window_end": "2026-08-20T00:00:00Z",
  "num_calls_analyzed": 500, "status": "succeeded", "focus": "voicemail handling", "focus_fallback": false,
  "failure_modes": "[{\"title\": \"Talks to voicemail\", \"severity\": \"high\", \"suggested_fix\": \"Detect the beep and hang up.\", \"example_call_ids\": [9]}]",
  "error_message": "", "duration_seconds": null, "created_at": "2026-08-20T00:00:00Z", "updated_at": "2026-08-20T00:12:00Z"}`

// agentSessionJSON is an agent-improvement session (AgentImprovementSession).
const agentSessionJSON = `{"id": 3, "project": 1376, "agent": 2142, "agent_name": "Support Bot", "provider": "vapi", "source": "call_log",
  "insights": [{"insight_id": 12}], "call_log_ids": [501, 502], "run_ids": [], "scenario_ids": [], "status": "running",
  "stage": "baseline_run", "stage_status": "running", "stage_started_at": "2026-08-20T07:00:00Z", "stage_history": [],
  "baseline_result": 77, "baseline_source_result": null, "verify_result": null, "metric_delta": null,
  "proposal_summary": {"changes": 2}, "iteration": 1, "iteration_history": [], "failing_scenario_ids": [11],
  "rounds_since_improvement": 0, "best_iteration": null, "best_score": 0.5, "pending_question": null, "question_answers": [],
  "scenario_edit_proposals": [], "user_guidance": [{"text": "keep it short"}], "parent_session": null,
  "conversation_id": "0a1b2c3d-0000-4000-8000-000000000001", "message_id": null, "error_message": "", "summary_json": {},
  "slack_notification_status": "not_attempted", "routed_to": "", "slack_channel_id": "", "slack_message_ts": "",
  "slack_message_text": "", "slack_error": "", "promoted_at": null, "promoted_by": null, "promoted_by_email": "",
  "promotion_summary": null, "clone_state": {}, "created_at": "2026-08-20T06:59:00Z", "updated_at": "2026-08-20T07:00:00Z"}`

// scenarioSessionJSON is a scenario-improvement session's detail
// (ScenarioImprovementSessionDetail).
const scenarioSessionJSON = `{"id": 4, "title": "Sharpen the refund scenarios", "project": 1376, "scenario_ids": [11, 12],
  "conversation_history": [{"role": "user", "content": "Make them stricter", "timestamp": "2026-08-20T08:00:00Z", "tool_calls": []},
    {"role": "assistant", "content": "Done.", "timestamp": "2026-08-20T08:00:05Z", "tool_calls": [{"name": "update_scenario", "id": 11}]}],
  "status": "in_progress", "created_at": "2026-08-20T08:00:00Z", "updated_at": "2026-08-20T08:00:05Z", "created_by": 9}`

// TestFailureInsightsOverHTTP drives every operation of FailureInsights
// through httpmock: the method, path, query and body sent, and the answer
// decoded, in each shape the undescribed answers may take.
func TestFailureInsightsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	base := testBase + failureInsightsPath
	mt.RegisterResponder("GET", base+"available_dates/", capture(200, `{"dates": ["2026-08-20", "2026-08-19"]}`, &got, &mu))
	mt.RegisterResponder("GET", base+"categories/", capture(200,
		`{"metric_id": 118, "categories": [{"slug": "skips-date-check", "name": "Skips the date check", "count": 31, "example_call_ids": [501, 502]}]}`, &got, &mu))
	mt.RegisterResponder("GET", base+"categories/skips-date-check/calls/", capture(200, `{"count": 2, "call_log_ids": [502, 501]}`, &got, &mu))
	mt.RegisterResponder("GET", base+"failure-rates/", capture(200,
		`[{"metric_id": 118, "metric_name": "Refund policy", "rate": 12.5, "failures": 5, "evaluated_calls": 40}, {"metric_id": 119, "rate": null}]`, &got, &mu))
	mt.RegisterResponder("POST", base+"bulk_generate/", capture(200,
		`{"project": 1376, "metric_names": ["Refund policy"], "insights": [{"id": 12, "metric_name": "Refund policy", "status": "pending"}]}`, &got, &mu))
	mt.RegisterResponder("GET", base+"12/", capture(200, failureInsightJSON, &got, &mu))
	mt.RegisterResponder("POST", base+"categories/skips-date-check/fix-metric/", capture(200,
		`{"failure_mode_index": 0, "feedback": "the caller was past 30 days", "expected_value": true}`, &got, &mu))
	mt.RegisterResponder("DELETE", base+"categories/skips-date-check/delete/", capture(204, ``, &got, &mu))

	dates, err := c.FailureInsights.GetAvailableDates(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-08-20", "2026-08-19"}, dates.Dates)

	from, to := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC)
	cats, err := c.FailureInsights.ListCategories(ctx, &ListFailureCategoriesParams{ProjectID: 1376, MetricID: 118, DateFrom: from, DateTo: to, AgentIDs: []int64{2142, 2143}})
	require.NoError(t, err)
	require.Equal(t, 1, cats.Count, "the list inside the object, under a key the description does not name")
	assert.Equal(t, FailureCategory{Slug: "skips-date-check", Name: "Skips the date check", Count: 31, ExampleCallIDs: []int64{501, 502}},
		*withoutRaw(cats.Results[0]))
	var slugs []string
	for cat, err := range c.FailureInsights.AllCategories(ctx, nil) {
		require.NoError(t, err)
		slugs = append(slugs, cat.Slug)
	}
	assert.Equal(t, []string{"skips-date-check"}, slugs)

	calls, err := c.FailureInsights.GetCategoryCalls(ctx, "skips-date-check", &CategoryCallsParams{ProjectID: 1376, MetricID: 118, DateFrom: from})
	require.NoError(t, err)
	assert.Equal(t, 2, calls.Count)
	assert.Equal(t, []int64{502, 501}, calls.CallIDs)

	rates, err := c.FailureInsights.ListFailureRates(ctx, &FailureRatesParams{AgentIDs: []int64{2142}})
	require.NoError(t, err)
	require.Len(t, rates.Results, 2, "a bare list")
	require.NotNil(t, rates.Results[0].Rate)
	assert.InDelta(t, 12.5, *rates.Results[0].Rate, 1e-9)
	assert.Equal(t, 40, rates.Results[0].EvaluatedCalls)
	assert.Nil(t, rates.Results[1].Rate, "no evaluated calls: no rate, not 0")
	n := 0
	for range c.FailureInsights.AllFailureRates(ctx, nil) {
		n++
	}
	assert.Equal(t, 2, n)

	rows, err := c.FailureInsights.BulkGenerate(ctx, &BulkGenerateInsightsRequest{ProjectID: 1376, MetricNames: []string{"Refund policy"}})
	require.NoError(t, err)
	require.Len(t, rows, 1, "the rows, past the echoed metric names")
	assert.Equal(t, InsightStatusPending, rows[0].Status)

	ins, err := c.FailureInsights.Get(ctx, 12)
	require.NoError(t, err)
	assert.Equal(t, int64(118), ins.MetricID)
	assert.Zero(t, ins.PredefinedMetricID, "null")
	assert.True(t, ins.IsTriage)
	assert.Equal(t, 52, ins.TotalFailures)
	assert.Equal(t, time.Date(2026, 8, 19, 6, 0, 0, 0, time.UTC), ins.WindowStart)
	require.Len(t, ins.FailureModes, 1)
	assert.Equal(t, "Skips the date check", ins.FailureModes[0].Title)
	assert.Equal(t, []int64{501, 502}, ins.FailureModes[0].ExampleCallIDs)
	assert.JSONEq(t, `{"title": "Skips the date check", "description": "Refunds without asking the purchase date.", "example_call_ids": [501, 502], "count": 31}`,
		string(ins.FailureModes[0].RawJSON()), "a mode's other parts stay reachable")
	assert.InDelta(t, 81.5, ins.DurationSeconds, 1e-9)
	assert.True(t, ins.Done())
	assert.NoError(t, ins.Err())

	fixed, err := c.FailureInsights.FixCategoryMetric(ctx, "skips-date-check", &FixCategoryMetricRequest{ProjectID: 1376, MetricID: 118,
		Feedback: "the caller was past 30 days", ExpectedValue: Some[any](true)})
	require.NoError(t, err)
	assert.Equal(t, true, fixed.ExpectedValue)
	require.NoError(t, c.FailureInsights.DeleteCategory(ctx, "skips-date-check", &CategoryScope{ProjectID: 1376, MetricID: 118}))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 10)
	assert.Equal(t, base+"available_dates/", got[0].URL, "nil params send no query")
	assert.Equal(t, base+"categories/?agent_ids=2142%2C2143&date_from=2026-08-01T00%3A00%3A00Z&date_to=2026-08-20T00%3A00%3A00Z&metric_id=118&project=1376", got[1].URL)
	assert.Equal(t, base+"categories/skips-date-check/calls/?date_from=2026-08-01T00%3A00%3A00Z&metric_id=118&project=1376", got[3].URL)
	assert.Equal(t, base+"failure-rates/?agent_ids=2142", got[4].URL)
	assert.JSONEq(t, `{"project": 1376, "metric_names": ["Refund policy"]}`, string(got[6].Body))
	assert.Equal(t, base+"categories/skips-date-check/fix-metric/?metric_id=118&project=1376", got[8].URL, "the category's scope in the query")
	assert.JSONEq(t, `{"failure_mode_index": 0, "feedback": "the caller was past 30 days", "expected_value": true}`, string(got[8].Body))
	assert.Equal(t, "DELETE", got[9].Method)
	assert.Equal(t, base+"categories/skips-date-check/delete/?metric_id=118&project=1376", got[9].URL)
}

// withoutRaw returns a copy of a decoded value without its RawJSON, to
// compare it whole.
func withoutRaw[T any](v *T) *T {
	c := *v
	var zero apiObject
	switch x := any(&c).(type) {
	case *FailureCategory:
		x.apiObject = zero
	}
	return &c
}

// TestUndescribedAnswersDecodeInEveryShape: the lists and dates whose shape
// the description does not give read bare, inside an object under any key,
// and as nothing from anything else.
func TestUndescribedAnswersDecodeInEveryShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body  string
		slugs []string
	}{
		{`[{"slug": "a"}, {"slug": "b"}]`, []string{"a", "b"}},
		{`{"results": [{"slug": "a"}]}`, []string{"a"}},
		{`{"metric_names": ["x"], "empty": [], "categories": [{"slug": "b"}], "later": [{"slug": "c"}]}`, []string{"b"}},
		{`{"count": 0}`, nil},
		{`{}`, nil},
	} {
		var a listAnswer[FailureCategory]
		require.NoError(t, decodeInto([]byte(tc.body), &a), tc.body)
		var slugs []string
		for _, c := range a.items {
			slugs = append(slugs, c.Slug)
		}
		assert.Equal(t, tc.slugs, slugs, tc.body)
	}
	var a listAnswer[FailureCategory]
	assert.Error(t, decodeInto([]byte(`[{"slug": "a"}`), &a), "malformed JSON is an error")

	for _, body := range []string{`["2026-08-20"]`, `{"dates": ["2026-08-20"]}`} {
		var d InsightDates
		require.NoError(t, json.Unmarshal([]byte(body), &d))
		assert.Equal(t, []string{"2026-08-20"}, d.Dates, body)
		assert.JSONEq(t, body, string(d.RawJSON()))
	}

	var r ResearchInsight
	require.NoError(t, json.Unmarshal([]byte(researchInsightJSON), &r))
	require.Len(t, r.FailureModes, 1, "a list inside a JSON string")
	assert.Equal(t, FailureMode{Title: "Talks to voicemail", Severity: "high", SuggestedFix: "Detect the beep and hang up.", ExampleCallIDs: []int64{9}},
		FailureMode{Title: r.FailureModes[0].Title, Severity: r.FailureModes[0].Severity, SuggestedFix: r.FailureModes[0].SuggestedFix, ExampleCallIDs: r.FailureModes[0].ExampleCallIDs})
	for _, modes := range []string{`"not json"`, `"{\"title\": \"x\"}"`, `{"title": "x"}`, `3`, `null`} {
		var f FailureInsight
		require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "failure_modes": `+modes+`}`), &f), modes)
		assert.Empty(t, f.FailureModes, modes)
		assert.Equal(t, int64(1), f.ID, "the rest decodes: %s", modes)
	}
}

// TestResearchInsightsOverHTTP drives every operation of ResearchInsights
// through httpmock.
func TestResearchInsightsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	base := testBase + researchInsightsPath
	mt.RegisterResponder("GET", base, capture(200, `[`+researchInsightJSON+`, {"id": 6, "status": "failed", "error_message": "sandbox timed out"}]`, &got, &mu))
	mt.RegisterResponder("GET", base+"7/", capture(200, researchInsightJSON, &got, &mu))
	mt.RegisterResponder("DELETE", base+"6/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("GET", base+"pricing/", capture(200, `{"credits": 20}`, &got, &mu))
	mt.RegisterResponder("POST", base+"generate/", capture(200, `{"id": 8, "project": 1376, "status": "pending", "focus": "voicemail handling"}`, &got, &mu))
	mt.RegisterResponder("POST", base+"dismiss_mode/", capture(200,
		`{"project": 1376, "insight": 7, "mode_title": "Talks to voicemail", "mode_details": "", "mode_severity": "high", "note": "expected"}`, &got, &mu))

	page, err := c.ResearchInsights.List(ctx, &ListResearchInsightsParams{ProjectID: 1376, LatestOnly: true})
	require.NoError(t, err)
	require.Equal(t, 2, page.Count, "a bare array reads as one page")
	failed := page.Results[1]
	var ife *InsightFailedError
	require.ErrorAs(t, failed.Err(), &ife)
	assert.Equal(t, "cekura: deep research insight 6 failed: sandbox timed out", ife.Error())
	var ids []int64
	for x, err := range c.ResearchInsights.All(ctx, nil) {
		require.NoError(t, err)
		ids = append(ids, x.ID)
	}
	assert.Equal(t, []int64{7, 6}, ids)

	got7, err := c.ResearchInsights.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, "voicemail handling", got7.Focus)
	assert.Zero(t, got7.DurationSeconds, "null")
	require.NoError(t, c.ResearchInsights.Delete(ctx, 6))

	price, err := c.ResearchInsights.GetPricing(ctx, nil)
	require.NoError(t, err)
	assert.InDelta(t, 20.0, price.Credits, 1e-9)

	from, to := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC)
	row, err := c.ResearchInsights.Generate(ctx, &GenerateResearchRequest{ProjectID: 1376, DateFrom: from, DateTo: to, MaxCalls: 200, Focus: "voicemail handling"})
	require.NoError(t, err)
	assert.Equal(t, int64(8), row.ID)
	assert.Equal(t, InsightStatusPending, row.Status)
	assert.False(t, row.Done())

	dis, err := c.ResearchInsights.DismissMode(ctx, &DismissResearchModeRequest{ProjectID: 1376, InsightID: 7, ModeTitle: "Talks to voicemail",
		ModeSeverity: "high", Note: "expected"})
	require.NoError(t, err)
	assert.Equal(t, "Talks to voicemail", dis.ModeTitle)
	assert.Equal(t, int64(7), dis.InsightID)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 7)
	assert.Equal(t, base+"?latest_only=true&project=1376", got[0].URL)
	assert.Equal(t, base, got[1].URL)
	assert.Equal(t, base+"pricing/", got[4].URL)
	assert.JSONEq(t, `{"project": 1376, "date_from": "2026-08-01T00:00:00Z", "date_to": "2026-08-15T00:00:00Z", "max_calls": 200, "focus": "voicemail handling"}`,
		string(got[5].Body))
	assert.JSONEq(t, `{"project": 1376, "insight": 7, "mode_title": "Talks to voicemail", "mode_severity": "high", "note": "expected"}`, string(got[6].Body))
}

// TestImprovementSessionsOverHTTP drives every operation of
// AgentImprovements and ScenarioImprovements through httpmock.
func TestImprovementSessionsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	ab, sb := testBase+agentImprovementsPath, testBase+scenarioImprovementsPath
	mt.RegisterResponder("POST", ab, capture(201, agentSessionJSON, &got, &mu))
	mt.RegisterResponder("GET", ab+"3/", capture(200, agentSessionJSON, &got, &mu))
	mt.RegisterResponder("GET", ab, capture(200, `[`+agentSessionJSON+`]`, &got, &mu))
	mt.RegisterResponder("POST", sb, capture(201, `{"id": 4, "project": 1376, "scenario_ids": [11, 12], "title": "Sharpen the refund scenarios"}`, &got, &mu))
	mt.RegisterResponder("GET", sb+"4/", capture(200, scenarioSessionJSON, &got, &mu))
	mt.RegisterResponder("GET", sb, capture(200,
		`[{"id": 4, "title": "Sharpen the refund scenarios", "project": 1376, "scenario_ids": [11, 12], "status": "in_progress", "message_count": "2"}]`, &got, &mu))
	mt.RegisterResponder("PATCH", sb+"4/", capture(200, scenarioSessionJSON, &got, &mu))

	s, err := c.AgentImprovements.Create(ctx, &CreateAgentImprovementRequest{CallLogIDs: []int64{501, 502}, ProviderKey: "vapi_sk_secret"})
	require.NoError(t, err)
	assert.Equal(t, int64(2142), s.AgentID)
	assert.Equal(t, ImprovementSourceCallLog, s.Source)
	assert.Equal(t, ImprovementStageBaselineRun, s.Stage)
	assert.Equal(t, StageStatusRunning, s.StageStatus)
	assert.Equal(t, int64(77), s.BaselineResultID)
	assert.Zero(t, s.VerifyResultID, "null")
	assert.Nil(t, s.BestIteration)
	require.NotNil(t, s.BestScore)
	assert.InDelta(t, 0.5, *s.BestScore, 1e-9)
	assert.Equal(t, []int64{11}, s.FailingScenarioIDs)
	assert.Equal(t, []map[string]any{{"text": "keep it short"}}, s.UserGuidance)
	assert.JSONEq(t, `[{"insight_id": 12}]`, string(s.Insights))
	assert.Equal(t, SlackNotificationStatusNotAttempted, s.SlackNotificationStatus)
	assert.Equal(t, "0a1b2c3d-0000-4000-8000-000000000001", s.ConversationID)
	assert.False(t, s.Done())
	assert.False(t, s.NeedsInput())

	_, err = c.AgentImprovements.Get(ctx, 3)
	require.NoError(t, err)
	page, err := c.AgentImprovements.List(ctx, &ListAgentImprovementsParams{ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count)
	for x, err := range c.AgentImprovements.All(ctx, nil) {
		require.NoError(t, err)
		assert.Equal(t, int64(3), x.ID)
	}

	created, err := c.ScenarioImprovements.Create(ctx, &CreateScenarioImprovementRequest{ProjectID: 1376, Title: "Sharpen the refund scenarios",
		ScenarioSelection: json.RawMessage(`{"scenario_ids": [11, 12]}`)})
	require.NoError(t, err)
	assert.Equal(t, []int64{11, 12}, created.ScenarioIDs)
	detail, err := c.ScenarioImprovements.Get(ctx, 4)
	require.NoError(t, err)
	require.Len(t, detail.ConversationHistory, 2)
	assert.Equal(t, ConversationRoleAssistant, detail.ConversationHistory[1].Role)
	assert.Equal(t, []map[string]any{{"name": "update_scenario", "id": float64(11)}}, detail.ConversationHistory[1].ToolCalls)
	assert.Equal(t, ScenarioImprovementStatusInProgress, detail.Status)
	assert.Equal(t, int64(9), detail.CreatedByID)
	list, err := c.ScenarioImprovements.List(ctx, &ListScenarioImprovementsParams{ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, 2, list.Results[0].MessageCount, "typed string in the description")
	for x, err := range c.ScenarioImprovements.All(ctx, nil) {
		require.NoError(t, err)
		assert.Equal(t, int64(4), x.ID)
	}
	_, err = c.ScenarioImprovements.Update(ctx, 4, &UpdateScenarioImprovementRequest{Status: Some(ScenarioImprovementStatusCompleted), ProjectID: Null[int64]()})
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 9)
	assert.JSONEq(t, `{"call_log_ids": [501, 502], "provider_key": "vapi_sk_secret"}`, string(got[0].Body))
	assert.Equal(t, ab+"?project=1376", got[2].URL)
	assert.JSONEq(t, `{"project": 1376, "title": "Sharpen the refund scenarios", "scenario_selection": {"scenario_ids": [11, 12]}}`, string(got[4].Body))
	assert.Equal(t, sb+"?project_id=1376", got[6].URL)
	assert.JSONEq(t, `{"status": "completed", "project": null}`, string(got[8].Body))
}

// TestInsightRequestsAreCheckedBeforeSending: every problem of a request
// at once, keyed by its JSON field, and nothing sent.
func TestInsightRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	from, to := time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a negative project for the dates", func() error {
			_, err := c.FailureInsights.GetAvailableDates(ctx, &AvailableDatesParams{ProjectID: -1})
			return err
		}, []FieldProblem{{"project", "must be a positive id, got -1"}}},
		{"categories with a range backwards and bad ids", func() error {
			_, err := c.FailureInsights.ListCategories(ctx, &ListFailureCategoriesParams{MetricID: -2, DateFrom: from, DateTo: to, AgentIDs: []int64{3, 0}})
			return err
		}, []FieldProblem{
			{"metric_id", "must be a positive id, got -2"},
			{"date_to", "is before date_from"},
			{"agent_ids", "holds 0; ids are positive"},
		}},
		{"a category's calls without a scope", func() error {
			_, err := c.FailureInsights.GetCategoryCalls(ctx, "skips-date-check", nil)
			return err
		}, []FieldProblem{
			{"project", "is required: the id of the category's project, got 0"},
			{"metric_id", "is required: the id of the category's metric, got 0"},
		}},
		{"a category without a slug", func() error {
			_, err := c.FailureInsights.GetCategoryCalls(ctx, " ", &CategoryCallsParams{ProjectID: 1, MetricID: 2})
			return err
		}, []FieldProblem{{"category_slug", "is required: a failure category's slug (ListCategories gives them)"}}},
		{"a slug that would leave the path", func() error {
			return c.FailureInsights.DeleteCategory(ctx, "../12", &CategoryScope{ProjectID: 1, MetricID: 2})
		}, []FieldProblem{{"category_slug", "must not contain a /"}}},
		{"a delete without a scope", func() error {
			return c.FailureInsights.DeleteCategory(ctx, "x", nil)
		}, []FieldProblem{
			{"project", "is required: the id of the category's project, got 0"},
			{"metric_id", "is required: the id of the category's metric, got 0"},
		}},
		{"failure rates backwards", func() error {
			_, err := c.FailureInsights.ListFailureRates(ctx, &FailureRatesParams{ProjectID: -1, DateFrom: from, DateTo: to})
			return err
		}, []FieldProblem{{"project", "must be a positive id, got -1"}, {"date_to", "is before date_from"}}},
		{"a bulk generation without a project, with bad names", func() error {
			_, err := c.FailureInsights.BulkGenerate(ctx, &BulkGenerateInsightsRequest{MetricNames: []string{"ok", " ", strings.Repeat("é", 256)}})
			return err
		}, []FieldProblem{
			{"project", "is required: the id of the project whose metrics are audited, got 0"},
			{"metric_names[1]", "is blank; name a metric"},
			{"metric_names[2]", "is 256 characters long; at most 255 are allowed"},
		}},
		{"a fix with every field wrong", func() error {
			_, err := c.FailureInsights.FixCategoryMetric(ctx, "x", &FixCategoryMetricRequest{FailureModeIndex: -1, ExpectedValue: Some[any]("pass")})
			return err
		}, []FieldProblem{
			{"project", "is required: the id of the category's project, got 0"},
			{"metric_id", "is required: the id of the category's metric, got 0"},
			{"failure_mode_index", "is -1; 0 or more"},
			{"expected_value", "is a string; use a boolean (binary metric), a number (rating or numeric metric) or Null() for N/A"},
		}},
		{"a nil fix", func() error {
			_, err := c.FailureInsights.FixCategoryMetric(ctx, "x", nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
		{"a research audit with every field wrong", func() error {
			_, err := c.ResearchInsights.Generate(ctx, &GenerateResearchRequest{WindowDays: 31, DateFrom: from, MaxCalls: 5, Focus: strings.Repeat("x", 2001)})
			return err
		}, []FieldProblem{
			{"project", "is required: the id of the project to audit, got 0"},
			{"window_days", "is 31; the API looks back 1 to 30 days (0 for its default, 7)"},
			{"date_to", "date_from and date_to go together: set both, or neither (and window_days)"},
			{"max_calls", "is 5; the API samples 10 to 1000 calls (0 for its default, 500)"},
			{"focus", "is 2001 characters long; at most 2000 are allowed"},
		}},
		{"a research window backwards", func() error {
			_, err := c.ResearchInsights.Generate(ctx, &GenerateResearchRequest{ProjectID: 1, DateFrom: from, DateTo: to})
			return err
		}, []FieldProblem{{"date_to", "must be after date_from"}}},
		{"a dismissal with every field wrong", func() error {
			_, err := c.ResearchInsights.DismissMode(ctx, &DismissResearchModeRequest{InsightID: -4, ModeTitle: " ", ModeSeverity: strings.Repeat("!", 21)})
			return err
		}, []FieldProblem{
			{"mode_title", "is required"},
			{"project", "is required: the id of the project the dismissal applies to, got 0"},
			{"insight", "must be a positive id, got -4"},
			{"mode_severity", "is 21 characters long; at most 20 are allowed"},
		}},
		{"a dismissal title too long", func() error {
			_, err := c.ResearchInsights.DismissMode(ctx, &DismissResearchModeRequest{ProjectID: 1, ModeTitle: strings.Repeat("t", 201)})
			return err
		}, []FieldProblem{{"mode_title", "is 201 characters long; at most 200 are allowed"}}},
		{"research pricing for a negative project", func() error {
			_, err := c.ResearchInsights.GetPricing(ctx, &ResearchPricingParams{ProjectID: -1})
			return err
		}, []FieldProblem{{"project", "must be a positive id, got -1"}}},
		{"an improvement from nothing", func() error {
			_, err := c.AgentImprovements.Create(ctx, &CreateAgentImprovementRequest{ProviderKey: "  "})
			return err
		}, []FieldProblem{
			{"call_log_ids", "set exactly one of call_log_ids, run_ids and scenario_ids: what the session improves the agent from (got 0)"},
			{"provider_key", "is blank; leave it unset, or give the agent's provider key"},
		}},
		{"an improvement from two sources, with bad ids", func() error {
			_, err := c.AgentImprovements.Create(ctx, &CreateAgentImprovementRequest{ProjectID: -1, RunIDs: []int64{0}, ScenarioIDs: []int64{5}})
			return err
		}, []FieldProblem{
			{"call_log_ids", "set exactly one of call_log_ids, run_ids and scenario_ids: what the session improves the agent from (got 2)"},
			{"project", "must be a positive id, got -1"},
			{"run_ids", "holds 0; ids are positive"},
		}},
		{"a scenario session with every field wrong", func() error {
			_, err := c.ScenarioImprovements.Create(ctx, &CreateScenarioImprovementRequest{ProjectID: -1, Title: strings.Repeat("t", 256),
				ScenarioSelection: json.RawMessage(`{`)})
			return err
		}, []FieldProblem{
			{"project", "must be a positive id, got -1"},
			{"title", "is 256 characters long; at most 255 are allowed"},
			{"scenario_selection", "is not valid JSON (leave it nil to send nothing)"},
		}},
		{"an update that sets nothing", func() error {
			_, err := c.ScenarioImprovements.Update(ctx, 4, &UpdateScenarioImprovementRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update with every field wrong", func() error {
			_, err := c.ScenarioImprovements.Update(ctx, 4, &UpdateScenarioImprovementRequest{Title: Null[string](), ProjectID: Some[int64](0),
				ScenarioIDs: Some([]int64{-1}), ConversationHistory: Some([]ConversationItem{{Role: "system", Content: "x"}}),
				Status: Some[ScenarioImprovementStatus]("done")})
			return err
		}, []FieldProblem{
			{"title", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"project", "must be a positive id, got 0 (Null() detaches the session)"},
			{"scenario_ids", "holds -1; ids are positive"},
			{"conversation_history[0].role", `"system" is not one of user, assistant`},
			{"status", `"done" is not one of pending, in_progress, completed, cancelled, failed`},
		}},
		{"a scenario-session list for a negative project", func() error {
			_, err := c.ScenarioImprovements.List(ctx, &ListScenarioImprovementsParams{ProjectID: -1})
			return err
		}, []FieldProblem{{"project_id", "must be a positive id, got -1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	for _, tc := range []struct {
		name, kind string
		call       func(id int64) error
	}{
		{"FailureInsights.Get", "failure-mode insight", func(id int64) error { _, err := c.FailureInsights.Get(ctx, id); return err }},
		{"FailureInsights.WaitForInsight", "failure-mode insight", func(id int64) error {
			_, err := c.FailureInsights.WaitForInsight(ctx, id, nil)
			return err
		}},
		{"ResearchInsights.Get", "deep research insight", func(id int64) error { _, err := c.ResearchInsights.Get(ctx, id); return err }},
		{"ResearchInsights.Delete", "deep research insight", func(id int64) error { return c.ResearchInsights.Delete(ctx, id) }},
		{"ResearchInsights.WaitForInsight", "deep research insight", func(id int64) error {
			_, err := c.ResearchInsights.WaitForInsight(ctx, id, nil)
			return err
		}},
		{"AgentImprovements.Get", "agent-improvement session", func(id int64) error { _, err := c.AgentImprovements.Get(ctx, id); return err }},
		{"AgentImprovements.WaitForSession", "agent-improvement session", func(id int64) error {
			_, err := c.AgentImprovements.WaitForSession(ctx, id, nil)
			return err
		}},
		{"ScenarioImprovements.Get", "scenario-improvement session", func(id int64) error { _, err := c.ScenarioImprovements.Get(ctx, id); return err }},
		{"ScenarioImprovements.Update", "scenario-improvement session", func(id int64) error {
			_, err := c.ScenarioImprovements.Update(ctx, id, &UpdateScenarioImprovementRequest{Title: Some("t")})
			return err
		}},
	} {
		err := tc.call(0)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, []FieldProblem{{"id", "must be a positive " + tc.kind + " id, got 0"}}, ve.Problems, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestInsightAndSessionOutcomes: Done and Err of each polled type, by
// status.
func TestInsightAndSessionOutcomes(t *testing.T) {
	t.Parallel()
	for _, st := range []InsightStatus{InsightStatusPending, InsightStatusRunning} {
		assert.False(t, (&FailureInsight{Status: st}).Done())
		assert.False(t, (&ResearchInsight{Status: st}).Done())
	}
	for _, st := range []InsightStatus{InsightStatusSucceeded, InsightStatusSkippedNoFailures, InsightStatusSkippedNotEnoughData} {
		assert.True(t, (&FailureInsight{Status: st}).Done(), st)
		assert.NoError(t, (&FailureInsight{Status: st}).Err(), "%s is no failure", st)
		assert.NoError(t, (&ResearchInsight{Status: st}).Err(), "%s is no failure", st)
	}
	err := (&FailureInsight{ID: 12, Status: InsightStatusFailed}).Err()
	assert.EqualError(t, err, "cekura: failure-mode insight 12 failed")
	var ife *InsightFailedError
	require.ErrorAs(t, err, &ife)
	assert.Equal(t, int64(12), ife.ID)
	assert.NoError(t, (*FailureInsight)(nil).Err())
	assert.False(t, (*ResearchInsight)(nil).Done())

	for _, tc := range []struct {
		s          AgentImprovementSession
		done, need bool
		err        string
	}{
		{AgentImprovementSession{Status: AgentImprovementStatusRunning, StageStatus: StageStatusRunning}, false, false, ""},
		{AgentImprovementSession{Status: AgentImprovementStatusRunning, StageStatus: StageStatusWaitingInput}, false, true, ""},
		{AgentImprovementSession{Status: AgentImprovementStatusSucceeded}, true, false, ""},
		{AgentImprovementSession{Status: AgentImprovementStatusNoImprovement}, true, false, ""},
		{AgentImprovementSession{ID: 3, Status: AgentImprovementStatusFailed, ErrorMessage: "the provider key was refused"}, true, false,
			"cekura: agent-improvement session 3 failed: the provider key was refused"},
		{AgentImprovementSession{ID: 3, Status: AgentImprovementStatusCancelled, StageStatus: StageStatusWaitingInput}, true, false,
			"cekura: agent-improvement session 3 cancelled"},
	} {
		assert.Equal(t, tc.done, tc.s.Done(), tc.s.Status)
		assert.Equal(t, tc.need, tc.s.NeedsInput(), tc.s.Status)
		if tc.err == "" {
			assert.NoError(t, tc.s.Err())
			continue
		}
		assert.EqualError(t, tc.s.Err(), tc.err)
		var ife *ImprovementFailedError
		assert.True(t, errors.As(tc.s.Err(), &ife))
	}
}

// TestInsightEnumsValid: each typed enum knows the API's values, and no
// other.
func TestInsightEnumsValid(t *testing.T) {
	t.Parallel()
	for _, s := range insightStatuses {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, InsightStatus("").Valid())
	for _, s := range agentImprovementStatuses {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, AgentImprovementStatus("done").Valid())
	assert.False(t, AgentImprovementStatus("running").Terminal())
	for _, s := range improvementStages {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, ImprovementStage("deploy").Valid())
	assert.True(t, ImprovementSourceRun.Valid())
	assert.False(t, ImprovementSource("").Valid())
	assert.True(t, StageStatusWaitingInput.Valid())
	assert.False(t, StageStatus("idle").Valid())
	assert.True(t, SlackNotificationStatusSkippedNoChannel.Valid())
	assert.False(t, SlackNotificationStatus("queued").Valid())
	assert.True(t, ScenarioImprovementStatusInProgress.Valid())
	assert.False(t, ScenarioImprovementStatus("open").Valid())
	assert.True(t, ConversationRoleUser.Valid())
	assert.False(t, ConversationRole("system").Valid())
}

// TestInsightWaitersPollUntilTheEnd: each waiter polls its Get until the
// job ends (or, for a session, waits on an answer), and returns a failed
// job with no error.
func TestInsightWaitersPollUntilTheEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	sequence := func(bodies ...string) httpmock.Responder {
		var mu sync.Mutex
		i := 0
		return func(*http.Request) (*http.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			b := bodies[min(i, len(bodies)-1)]
			i++
			return httpmock.NewStringResponse(200, b), nil
		}
	}
	mt.RegisterResponder("GET", testBase+failureInsightsPath+"12/", sequence(`{"id": 12, "status": "pending"}`, `{"id": 12, "status": "running"}`,
		`{"id": 12, "status": "failed", "error_message": "no transcripts"}`))
	mt.RegisterResponder("GET", testBase+researchInsightsPath+"7/", sequence(`{"id": 7, "status": "running"}`, `{"id": 7, "status": "skipped_not_enough_data"}`))
	mt.RegisterResponder("GET", testBase+agentImprovementsPath+"3/", sequence(`{"id": 3, "status": "running", "stage_status": "running"}`,
		`{"id": 3, "status": "running", "stage": "propose", "stage_status": "waiting_input", "pending_question": {"text": "Keep the greeting?"}}`))

	var seen []InsightStatus
	ins, err := c.FailureInsights.WaitForInsight(ctx, 12, &WaitParams[FailureInsight]{PollInterval: time.Second,
		Progress: func(x *FailureInsight) { seen = append(seen, x.Status) }})
	require.NoError(t, err, "a failed audit is returned, not an error")
	assert.Equal(t, []InsightStatus{InsightStatusPending, InsightStatusRunning, InsightStatusFailed}, seen)
	assert.EqualError(t, ins.Err(), "cekura: failure-mode insight 12 failed: no transcripts")

	r, err := c.ResearchInsights.WaitForInsight(ctx, 7, nil)
	require.NoError(t, err)
	assert.Equal(t, InsightStatusSkippedNotEnoughData, r.Status)
	assert.NoError(t, r.Err())

	s, err := c.AgentImprovements.WaitForSession(ctx, 3, nil)
	require.NoError(t, err)
	assert.True(t, s.NeedsInput(), "the wait ends on a question only the user can answer")
	assert.JSONEq(t, `{"text": "Keep the greeting?"}`, string(s.PendingQuestion))
	assert.Len(t, sl.get(), 4, "a wait between each poll and the next")
}
