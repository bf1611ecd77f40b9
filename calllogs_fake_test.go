package cekura_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallLogsAgainstTheFake runs the update, the vote, the trace and the
// creation of scenarios from calls against cekuratest: what is written
// reads back, the jobs finish on the fake's clock, and a request the SDK
// refuses is refused by the fake's rules too.
func TestCallLogsAgainstTheFake(t *testing.T) {
	fake := cekuratest.New(t, cekuratest.WithAgents(
		&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376},
		&cekura.CreateAgentRequest{Name: "Support Bot (test)", Description: "d", ProjectID: 1376},
	))
	client := fake.Client()
	ctx := context.Background()
	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleAgent, Content: "ACME support.", StartTime: 0, EndTime: 1},
		cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 1.5, EndTime: 3},
	)
	require.NoError(t, err)
	traced, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c-1", AgentID: 1, Transcript: transcript,
		TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", Metadata: map[string]any{"order_id": "1042"}})
	require.NoError(t, err)
	silent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c-2", AgentID: 1}) // nothing to evaluate: fails
	require.NoError(t, err)

	// The update: the source fields and a review.
	at := time.Date(2026, 8, 20, 10, 15, 45, 0, time.UTC)
	call, err := client.Calls.Update(ctx, traced.ID, &cekura.UpdateCallRequest{
		Feedback: cekura.Some("asked twice"), DurationMinutes: cekura.Some(1.5), Timestamp: cekura.Some(at),
		CallEndedReason: cekura.Some("customer-ended-call"), Metadata: map[string]any{"channel": "phone"},
		DynamicVariables: map[string]any{"plan": "gold"},
	})
	require.NoError(t, err)
	assert.Equal(t, "asked twice", call.Feedback)
	assert.Equal(t, "01:30", call.Duration)
	assert.Equal(t, at, call.Timestamp)
	assert.Equal(t, "customer-ended-call", call.CallEndedReason)
	assert.JSONEq(t, `{"order_id": "1042", "channel": "phone"}`, string(call.Metadata), "merged key by key")
	assert.JSONEq(t, `{"plan": "gold"}`, string(call.DynamicVariables))
	assert.Equal(t, cekura.CallStatusEvaluating, call.Status, "not evaluated again without ReevaluateMetrics")

	call, err = client.Calls.WaitForEvaluation(ctx, traced.ID, nil)
	require.NoError(t, err)
	require.NoError(t, call.Err())
	call, err = client.Calls.Update(ctx, traced.ID, &cekura.UpdateCallRequest{Status: cekura.Some(cekura.CallStatusReviewedFailure)})
	require.NoError(t, err)
	assert.Equal(t, cekura.CallStatusReviewedFailure, call.Status)
	var failed *cekura.EvaluationFailedError
	assert.ErrorAs(t, call.Err(), &failed, "a review that says it failed")
	call, err = client.Calls.Update(ctx, traced.ID, &cekura.UpdateCallRequest{ReevaluateMetrics: cekura.Some(true)})
	require.NoError(t, err)
	assert.False(t, call.Evaluated(), "evaluated again, from the start")
	call, err = client.Calls.WaitForEvaluation(ctx, traced.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.CallStatusSuccess, call.Status, "the new evaluation decides")

	// The vote marks the call reviewed.
	assert.False(t, call.IsReviewed)
	require.NoError(t, client.Calls.VoteMetric(ctx, traced.ID, &cekura.VoteMetricRequest{MetricID: call.Metrics[0].ID, ThumbsUp: cekura.Some(false),
		ExpectedValue: false, Feedback: "the order was never found"}))
	call, err = client.Calls.Get(ctx, traced.ID)
	require.NoError(t, err)
	assert.True(t, call.IsReviewed)
	err = client.Calls.VoteMetric(ctx, traced.ID, &cekura.VoteMetricRequest{MetricID: 99, ThumbsUp: cekura.Some(true)})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "metric_id", "a metric the call was not evaluated with")

	// The trace: the call's, or 404 for a call sent without one.
	trace, err := client.Calls.GetTrace(ctx, traced.ID)
	require.NoError(t, err)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", trace.TraceID)
	var spans []struct{ Name string }
	require.NoError(t, json.Unmarshal(trace.Spans, &spans))
	require.NotEmpty(t, spans)
	assert.Equal(t, "conversation", spans[0].Name)
	_, err = client.Calls.GetTrace(ctx, silent.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	// Scenarios from calls: one a call; the call without a transcript makes
	// none, and says why.
	started, err := client.Calls.CreateScenarios(ctx, &cekura.CreateScenariosFromCallsRequest{AgentID: 1, Calls: cekura.AllCalls(),
		CopyToAgentID: 2, FolderPath: "Production", ProjectID: 1376})
	require.NoError(t, err)
	require.NotEmpty(t, started.ProgressID)
	first, err := client.Calls.GetScenarioCreation(ctx, started.ProgressID)
	require.NoError(t, err)
	assert.False(t, first.Done())
	assert.Equal(t, 2, first.Total)
	assert.Empty(t, first.Scenarios, "the list comes once every call is done")
	done, err := client.Calls.WaitForScenarioCreation(ctx, started.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, done.Completed)
	assert.Equal(t, 1, done.Failed)
	require.Len(t, done.Scenarios, 1)
	sc := done.Scenarios[0]
	assert.Equal(t, int64(2), sc.AgentID, "copied to the test agent")
	assert.Equal(t, "Production", sc.FolderPath)
	assert.Contains(t, sc.Instructions, "Where is my order?")
	var notAll *cekura.ScenarioCreationFailedError
	require.ErrorAs(t, done.Err(), &notAll)
	assert.Equal(t, silent.ID, notAll.Errors[0].CallID)
	assert.Equal(t, "Transcript is missing", notAll.Errors[0].Message())
	got, err := client.Scenarios.Get(ctx, sc.ID)
	require.NoError(t, err)
	assert.Equal(t, sc.Name, got.Name, "a scenario like any other")

	// Refused before sending, and by the fake when sent anyway: the same
	// fields.
	sent := len(fake.Requests())
	bad := &cekura.UpdateCallRequest{Status: cekura.Some[cekura.CallStatus]("maybe"), DurationMinutes: cekura.Some(-1.0)}
	_, err = client.Calls.Update(ctx, traced.ID, bad)
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	_, err = client.Calls.Update(ctx, traced.ID, bad, cekura.WithoutClientValidation())
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "status")
	assert.Contains(t, apiErr.FieldErrors, "duration")
	err = client.Calls.VoteMetric(ctx, traced.ID, &cekura.VoteMetricRequest{}, cekura.WithoutClientValidation())
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "metric_id", "no metric 0 was evaluated")
	_, err = client.Calls.CreateScenarios(ctx, &cekura.CreateScenariosFromCallsRequest{FolderPath: "x"}, cekura.WithoutClientValidation())
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "call_logs")
	_, err = client.Calls.GetScenarioCreation(ctx, "no-such-progress")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	_, err = client.Calls.Update(ctx, 999, &cekura.UpdateCallRequest{Feedback: cekura.Some("x")})
	assert.True(t, errors.Is(err, cekura.ErrNotFound))
}
