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

// outboundRunJSON is a run of an outbound agent as a run trigger answers it
// (the description's example), with the properties runs/{id}/ adds.
const outboundRunJSON = `{"id": 275, "status": "pending", "scenario": 2, "number": "+11234567890", "inbound_number": null,
  "scenario_name": "Outbound Sales Call", "test_profile_data": {"id": 31, "name": "Jane", "information": {"user_name": "Jane Doe"}},
  "outbound_dial_window_opens_at": "2026-06-24T10:47:30Z", "outbound_dial_window_seconds": 300,
  "outbound_dial_window_closes_at": "2026-06-24T10:52:30Z",
  "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "scenario_type": "conditional_actions", "agent_name": "Sales Bot",
  "agent_version": {"history_id": 3}, "result_name": "Nightly", "run_as_text": false, "run_type": "simulation",
  "rubric": null, "email_id": null, "metadata": {"ended_reason": "customer-ended-call"}, "is_reviewed": true, "feedback": "ok",
  "critical_categories": [{"category_id": 7, "category": "Wrong date", "deviation": 0.4, "wrongly_marked": false, "feedback": "", "priority": "non-critical"}],
  "scenario_instructions": "Ask for a demo.", "generated_mock_tool_entries": [{"tool_id": 1}], "mocked_tool_names": ["book"],
  "provider_call_details": {"cost": 0.12}, "agent_number": null, "testing_channel_index": 0,
  "transcript_object": [{"role": "Testing Agent", "content": "On the 14th", "timestamp": 1.5,
    "normalized_content": "on the 14", "comparison_spans": [{"text": "14th", "key": "14"}]}]}`

func TestRunReadsTheDialWindowAndTheDescriptionsProperties(t *testing.T) {
	t.Parallel()
	var r Run
	require.NoError(t, json.Unmarshal([]byte(outboundRunJSON), &r))
	assert.Equal(t, "+11234567890", r.Number)
	assert.Empty(t, r.InboundNumber, "null")
	assert.Equal(t, time.Date(2026, 6, 24, 10, 47, 30, 0, time.UTC), r.OutboundDialWindowOpensAt)
	assert.Equal(t, 300, r.OutboundDialWindowSeconds)
	assert.Equal(t, time.Date(2026, 6, 24, 10, 52, 30, 0, time.UTC), r.OutboundDialWindowClosesAt)
	require.NotNil(t, r.TestProfileData)
	assert.Equal(t, int64(31), r.TestProfileData.ID)
	assert.Equal(t, "Jane Doe", r.TestProfileData.Information.AgentVariables["user_name"], "the older flat shape, as TestProfile reads it")
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", r.TraceID)
	assert.Equal(t, ScenarioTypeConditionalActions, r.ScenarioType)
	assert.Equal(t, "Sales Bot", r.AgentName)
	assert.JSONEq(t, `{"history_id": 3}`, string(r.AgentVersion))
	assert.Equal(t, "Nightly", r.ResultName)
	assert.Equal(t, "simulation", r.RunType)
	assert.Equal(t, "null", string(r.Rubric), "null kept as the API sent it")
	assert.Empty(t, r.EmailID)
	assert.JSONEq(t, `{"ended_reason": "customer-ended-call"}`, string(r.Metadata))
	assert.True(t, r.IsReviewed)
	assert.Equal(t, "ok", r.Feedback)
	assert.Equal(t, []RunCriticalCategory{{CategoryID: 7, Category: "Wrong date", Deviation: 0.4, Priority: CriticalPriorityNonCritical}}, r.CriticalCategories)
	assert.Equal(t, "Ask for a demo.", r.ScenarioInstructions)
	assert.JSONEq(t, `[{"tool_id": 1}]`, string(r.GeneratedMockToolEntries))
	assert.Equal(t, []string{"book"}, r.MockedToolNames)
	assert.JSONEq(t, `{"cost": 0.12}`, string(r.ProviderCallDetails))
	assert.Empty(t, r.AgentNumber)
	require.NotNil(t, r.TestingChannelIndex)
	assert.Equal(t, 0, *r.TestingChannelIndex, "channel 0 is not unknown")
	require.Len(t, r.TranscriptObject, 1)
	assert.Equal(t, "on the 14", r.TranscriptObject[0].NormalizedContent)
	assert.JSONEq(t, `[{"text": "14th", "key": "14"}]`, string(r.TranscriptObject[0].ComparisonSpans))

	// The runs' detail types the window as strings: a number in a string
	// reads too; a window not yet open is null.
	var detail Run
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "outbound_dial_window_seconds": "300", "outbound_dial_window_opens_at": null,
		"outbound_dial_window_closes_at": null, "test_profile_data": null, "testing_channel_index": null,
		"metrics": [{"id": 1, "name": "Expected Outcome", "eval_type": "binary", "passed": false}]}`), &detail))
	assert.Equal(t, 300, detail.OutboundDialWindowSeconds)
	assert.True(t, detail.OutboundDialWindowOpensAt.IsZero())
	assert.True(t, detail.OutboundDialWindowClosesAt.IsZero())
	assert.Nil(t, detail.TestProfileData)
	assert.Nil(t, detail.TestingChannelIndex)
	require.Len(t, detail.Metrics, 1, "the runs list's scores")
	assert.True(t, detail.Metrics[0].Failed())

	// The runs list types critical_categories and metrics as strings: a
	// value of another shape leaves the field empty, and stays in RawJSON.
	var list Run
	require.NoError(t, json.Unmarshal([]byte(`{"id": 2, "critical_categories": "[]", "metrics": "n/a"}`), &list))
	assert.Nil(t, list.CriticalCategories)
	assert.Nil(t, list.Metrics)
	assert.Contains(t, string(list.RawJSON()), `"metrics": "n/a"`)

	b, err := json.Marshal(&r)
	require.NoError(t, err)
	var back Run
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r.OutboundDialWindowClosesAt, back.OutboundDialWindowClosesAt, "round trip")
	assert.Equal(t, r.CriticalCategories, back.CriticalCategories)
}

// resultExtrasJSON is a result's detail with the properties the
// description adds to those resultDetailJSON has.
const resultExtrasJSON = `{"id": 77, "status": "completed", "agent_inbound": true, "agent_version": null,
  "met_expected_outcome_count": "9", "total_expected_outcome_count": 10, "run_type": "simulation",
  "run_settings": {"frequency": 2}, "scenarios": [{"id": 123, "name": "Scenario 1"}, {"id": 456, "name": "Scenario 2"}],
  "connected_runs": [901, 902], "not_connected_runs": [], "successful_calls": [901],
  "failed_infrastructure_runs": null, "failed_workflow_runs": [902],
  "critical_categories": [{"id": 2950, "name": "Pronunciation Analysis", "eval_type": "continuous_qualitative", "simulation_enabled": true, "observability_enabled": true}],
  "overall_evaluation": {"success_rate": 0.5}, "metrics": [], "runs_by_tags": {}, "latency_data": {}, "performance_metrics": [],
  "failed_reasons": {"issues": [{"rank": 1, "run_ids": [902], "description": "No greeting.", "affected_count": 1}], "total_failed_runs": 1},
  "ai_summary": {"what_happened": "1 of 2 runs failed.", "why_it_happened": "A date was misheard.", "how_to_fix": "Confirm dates.",
    "generated_from_runs_count": 2, "generated_at": "2026-05-25T12:00:00Z"},
  "ai_summary_status": "completed", "next_steps": [{"title": "Confirm dates", "description": "1 prompt edit."}],
  "path_coverage": {"coverage_pct": 66.7, "total_paths": 3, "covered_paths": ["Book", "Reschedule"], "uncovered_paths": ["Cancel"],
    "generated_at": "2026-07-14T12:00:00Z"}}`

func TestResultReadsTheDescriptionsProperties(t *testing.T) {
	t.Parallel()
	var r Result
	require.NoError(t, json.Unmarshal([]byte(resultExtrasJSON), &r))
	assert.True(t, r.AgentInbound)
	assert.Equal(t, "null", string(r.AgentVersion))
	assert.Equal(t, 9, r.MetExpectedOutcomeCount, `"9" reads as 9`)
	assert.Equal(t, 10, r.TotalExpectedOutcomeCount)
	assert.Equal(t, "simulation", r.RunType)
	assert.JSONEq(t, `{"frequency": 2}`, string(r.RunSettings))
	require.Len(t, r.Scenarios, 2)
	assert.Equal(t, int64(456), r.Scenarios[1].ID)
	assert.Equal(t, "Scenario 2", r.Scenarios[1].Name)
	assert.Equal(t, []int64{901, 902}, r.ConnectedRunIDs)
	assert.NotNil(t, r.NotConnectedRunIDs, "[]: every run connected")
	assert.Empty(t, r.NotConnectedRunIDs)
	assert.Equal(t, []int64{901}, r.SuccessfulRunIDs)
	assert.Nil(t, r.FailedInfrastructureRunIDs, "null: the metric is not found")
	assert.Equal(t, []int64{902}, r.FailedWorkflowRunIDs)
	require.Len(t, r.CriticalCategories, 1)
	assert.Equal(t, EvalTypeContinuousQualitative, r.CriticalCategories[0].EvalType)
	assert.True(t, r.CriticalCategories[0].SimulationEnabled)
	assert.JSONEq(t, `{"success_rate": 0.5}`, string(r.OverallEvaluation))
	assert.Equal(t, "[]", string(r.PerformanceMetrics))
	require.NotNil(t, r.FailedReasons)
	assert.Equal(t, ResultFailedReasons{Issues: []ResultIssue{{Rank: 1, RunIDs: []int64{902}, Description: "No greeting.", AffectedCount: 1}}, TotalFailedRuns: 1}, *r.FailedReasons)
	require.NotNil(t, r.AISummary)
	assert.Equal(t, "Confirm dates.", r.AISummary.HowToFix)
	assert.Equal(t, time.Date(2026, 5, 25, 12, 0, 0, 0, time.UTC), r.AISummary.GeneratedAt)
	assert.Equal(t, AISummaryStatusCompleted, r.AISummaryStatus)
	assert.True(t, r.AISummaryStatus.Valid())
	assert.Equal(t, []ResultNextStep{{Title: "Confirm dates", Description: "1 prompt edit."}}, r.NextSteps)
	require.NotNil(t, r.PathCoverage)
	assert.InDelta(t, 66.7, r.PathCoverage.CoveragePct, 1e-9)
	assert.Equal(t, []string{"Cancel"}, r.PathCoverage.UncoveredPaths)

	var absent Result
	require.NoError(t, json.Unmarshal([]byte(resultDetailJSON), &absent))
	assert.Nil(t, absent.AISummary)
	assert.Nil(t, absent.FailedReasons)
	assert.Nil(t, absent.PathCoverage)
	assert.Nil(t, absent.Scenarios)
	assert.Nil(t, absent.AgentVersion, "absent, not null")
	assert.Nil(t, absent.Runs[0].TestProfileData)
	assert.True(t, AISummaryStatus("").Valid(), "not sent")
	assert.False(t, AISummaryStatus("done").Valid())
	assert.True(t, AISummaryStatusSkippedNoFailures.Valid())

	var detailString Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "scenarios": "[{\"id\": 5, \"name\": \"S\"}]"}`), &detailString))
	require.Len(t, detailString.Scenarios, 1, "the detail types scenarios as a string: a list inside one reads")
	assert.Equal(t, int64(5), detailString.Scenarios[0].ID)
}

func TestListRunsSendsTheDescriptionsFilters(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+runsPath, capture(200, `{"count": 0, "results": []}`, &got, &mu))
	from := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	_, err := c.Runs.List(context.Background(), &ListRunsParams{
		AssistantID: "asst_1", IDs: []int64{1, 2}, IDContains: 12, AgentIDs: []int64{3, 4}, ScenarioIDs: []int64{5},
		PersonalityID: 6, PersonalityIDs: []int64{6, 7}, Statuses: []RunStatus{RunStatusCompleted, RunStatusTimeout},
		RunAsText: Some(false), Tags: []string{"smoke", "sales"}, Search: "refund",
		From: from, To: from.Add(24 * time.Hour), CreatedFrom: from, CreatedTo: from.Add(time.Hour),
		MinDurationMinutes: Some(0.0), MaxDurationMinutes: Some(1.5),
		ProviderCallID: "call_abc", ProviderCallIDContains: "abc",
		CallEndedReason: "customer-ended-call", CallEndedReasons: []string{"silence-timed-out", "voicemail"}, CallEndedReasonContains: "ended",
	})
	require.NoError(t, err)
	require.Len(t, got, 1)
	u, err := url.Parse(got[0].URL)
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"assistant_id": {"asst_1"}, "id__in": {"1,2"}, "id__contains": {"12"}, "result__agent_id__in": {"3,4"},
		"scenario__id__in": {"5"}, "personality__id": {"6"}, "personality__id__in": {"6,7"}, "status__in": {"completed,timeout"},
		"result__run_as_text": {"false"}, "tags": {"smoke,sales"}, "search": {"refund"},
		"timestamp__gte": {"2026-08-01T00:00:00Z"}, "timestamp__lte": {"2026-08-02T00:00:00Z"},
		"created_at_from": {"2026-08-01T00:00:00Z"}, "created_at_to": {"2026-08-01T01:00:00Z"},
		"duration__gte": {"0"}, "duration__lte": {"1.5"},
		"provider_call_id": {"call_abc"}, "provider_call_id__icontains": {"abc"},
		"call_ended_reason": {"customer-ended-call"}, "call_ended_reason__in": {"silence-timed-out,voicemail"},
		"call_ended_reason__icontains": {"ended"},
	}, u.Query(), "Some(0.0) sends duration__gte=0; unset filters are not sent")

	for name, p := range map[string]*ListRunsParams{
		"status__in":           {Statuses: []RunStatus{RunStatusCompleted, "done"}},
		"id__in":               {IDs: []int64{1, 0}},
		"result__agent_id__in": {AgentIDs: []int64{-3}},
		"scenario__id__in":     {ScenarioIDs: []int64{0}},
		"personality__id__in":  {PersonalityIDs: []int64{-1}},
		"personality__id":      {PersonalityID: -6},
		"id__contains":         {IDContains: -1},
		"timestamp__lte":       {From: from, To: from.Add(-time.Second)},
		"created_at_to":        {CreatedFrom: from, CreatedTo: from.Add(-time.Second)},
		"duration__gte":        {MinDurationMinutes: Some(-1.0)},
		"duration__lte":        {MaxDurationMinutes: Some(math.Inf(1))},
		"duration__lte below":  {MinDurationMinutes: Some(2.0), MaxDurationMinutes: Some(1.0)},
	} {
		_, err := c.Runs.List(context.Background(), p)
		require.ErrorIs(t, err, ErrInvalidRequest, name)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		field, _, _ := strings.Cut(name, " ")
		assert.Equal(t, field, ve.Problems[0].Field, name)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "invalid filters are not sent")
}
