package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resultDetailJSON is a result as GET /v2/results/{id}/ answers it: runs
// keyed by id, counts as strings (as the API's description types them).
const resultDetailJSON = `{
  "id": 77, "name": "nightly", "agent": 2142, "status": "completed", "success_rate": 0.5,
  "total_runs_count": "2", "success_runs_count": 1, "failed_runs_count": "1", "is_cronjob": "false",
  "runs": {
    "902": {"id": 902, "scenario": 12, "scenario_name": "Order status", "status": "completed", "success": false,
            "evaluation": {"metrics": [
              {"id": 1, "name": "Expected Outcome", "type": "binary_workflow_adherence", "score": 0, "explanation": "never confirmed"},
              {"id": 2, "name": "Politeness", "type": "continuous_qualitative", "score": 4.5, "explanation": ["fine"]}]}},
    "901": {"id": 901, "scenario": 11, "scenario_name": "Refund", "status": "completed", "success": true,
            "expected_outcome": {"score": 100, "explanation": ["ok"]}}
  },
  "some_new_field": {"x": 1}
}`

func TestResultDecodingTakesEveryShapeTheAPISends(t *testing.T) {
	t.Parallel()
	var r Result
	require.NoError(t, json.Unmarshal([]byte(resultDetailJSON), &r))
	assert.Equal(t, 2, r.TotalRuns, `"2" reads as 2`)
	assert.Equal(t, 1, r.SuccessRuns)
	assert.False(t, r.IsCronjob)
	require.Len(t, r.Runs, 2)
	assert.Equal(t, []int64{901, 902}, []int64{r.Runs[0].ID, r.Runs[1].ID}, "keyed by id, in id order")
	assert.True(t, r.Runs[1].Evaluation.Metrics[0].Failed(), "the older binary format: score 0")
	assert.False(t, r.Runs[1].Evaluation.Metrics[1].Failed(), "not a pass/fail metric")
	assert.Equal(t, []string{"never confirmed"}, r.Runs[1].Evaluation.Metrics[0].Explanation, "one string reads as a list")
	assert.Contains(t, string(r.RawJSON()), "some_new_field")

	var list Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "status": "scaling_up", "runs": [{"id": 5, "success": true}]}`), &list))
	require.Len(t, list.Runs, 1, "a list of runs, as other views send them")
	assert.True(t, list.Status.Valid())
	assert.False(t, list.Status.Terminal())

	var odd Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "status": "warming_up", "total_runs_count": "many", "runs": "none"}`), &odd))
	assert.Equal(t, RunStatus("warming_up"), odd.Status, "an unknown status decodes")
	assert.False(t, odd.Status.Valid())
	assert.Zero(t, odd.TotalRuns)
	assert.Nil(t, odd.Runs)

	b, err := json.Marshal(&r)
	require.NoError(t, err)
	var back Result
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r.Runs[1].ScenarioName, back.Runs[1].ScenarioName, "round trip through encoding/json")
}

func TestVerdictFollowsTheAPIsRule(t *testing.T) {
	t.Parallel()
	var r Result
	require.NoError(t, json.Unmarshal([]byte(resultDetailJSON), &r))
	v := NewVerdict(&r)
	assert.False(t, v.Passed)
	require.Len(t, v.Failures, 1)
	assert.Equal(t, RunFailure{RunID: 902, Scenario: "Order status", Status: RunStatusCompleted,
		Reason: `metric "Expected Outcome" failed: never confirmed`}, v.Failures[0])
	assert.Contains(t, v.String(), "result 77 completed: 1 of 2 runs failed")
	assert.Contains(t, fmtSprint(v), "run 902 (Order status)")

	r.Runs[1].Success = true
	v = NewVerdict(&r)
	assert.False(t, v.Passed, "the runs now say pass, the counts (1 of 2 succeeded) still say fail")
	assert.Contains(t, v.String(), "the API counts 1 of 2 runs as succeeded and 1 as failed, though every run it sent succeeded")
	r.SuccessRuns, r.FailedRuns = 2, 0
	assert.True(t, NewVerdict(&r).Passed)
	r.Status = RunStatusRunning
	assert.False(t, NewVerdict(&r).Passed, "not passed before it completed")
	assert.False(t, NewVerdict(&Result{Status: RunStatusCompleted}).Passed, "no runs, no pass")
	assert.True(t, NewVerdict(&Result{Status: RunStatusCompleted, TotalRuns: 3, SuccessRuns: 3}).Passed, "the counts, when runs are absent")
	assert.False(t, NewVerdict(&Result{Status: RunStatusCompleted, TotalRuns: 3, SuccessRuns: 2}).Passed)
	assert.False(t, NewVerdict(nil).Passed)

	var nulled Result // a run the server counted but sent as null is not a pass
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "status": "completed", "total_runs_count": 2, "success_runs_count": 1,
		"runs": {"1": {"id": 1, "status": "completed", "success": true}, "2": null}}`), &nulled))
	assert.False(t, NewVerdict(&nulled).Passed, "a null run entry")
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "status": "completed", "total_runs_count": 2,
		"runs": [{"id": 1, "status": "completed", "success": true}, 7]}`), &nulled))
	assert.False(t, NewVerdict(&nulled).Passed, "a non-object run entry")

	run := &Run{ErrorMessage: "no answer"}
	assert.Equal(t, "no answer", failureReason(run))
	run = &Run{ExpectedOutcome: &ExpectedOutcome{Score: 40, Explanation: []string{"half done"}}}
	assert.Equal(t, "expected outcome scored 40/100: half done", failureReason(run))
	no := false
	run = &Run{Evaluation: &Evaluation{Metrics: []MetricScore{{Name: "Greeting", EvalType: "binary", Passed: &no}}}}
	assert.Equal(t, `metric "Greeting" failed`, failureReason(run))
}

func TestStartSendsToTheTransportsTriggerAndIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"run_scenarios_text/", capture(201, `{"id": 9, "status": "pending", "runs": [{"id": 1, "status": "pending"}]}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"run_scenarios/", capture(503, `{"detail": "busy"}`, &got, &mu))

	r, err := c.Tests.Start(context.Background(), &StartTestsRequest{Transport: TransportText, AgentID: 5, ScenarioIDs: []int64{1, 2},
		WebsocketURL: "wss://agent.example/chat", WebsocketHeaders: map[string]Secret{"Authorization": "Bearer s3cr3t"}, MockToolNames: Some([]string{})})
	require.NoError(t, err)
	assert.Equal(t, int64(9), r.ID)
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"agent_id": 5, "scenarios": [1, 2], "mock_tool_names": [], "websocket_url": "wss://agent.example/chat",
		"websocket_headers": {"Authorization": "Bearer s3cr3t"}}`, string(got[0].Body), "Some([]string{}) sends [] (mock nothing); the transport is not sent")

	_, err = c.Tests.Start(context.Background(), &StartTestsRequest{AgentID: 5, Tags: []string{"smoke"}})
	require.ErrorIs(t, err, ErrServer)
	assert.Len(t, got, 2, "a 503 on a start is not retried")
	assert.True(t, MaybeApplied(err))

	req := StartTestsRequest{WebsocketHeaders: map[string]Secret{"Authorization": "Bearer s3cr3t"}}
	assert.NotContains(t, fmtSprint(req), "s3cr3t")
}

func TestRunsBulkAndListQueries(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+runsPath+"bulk/?run_ids=3%2C4", capture(200, `[{"id": 3}, {"id": 4}]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+runsPath+"?result_id=7&status=completed&success=false", capture(200, `{"count": 0, "results": []}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+resultsPath+"?agent_id=2&scenarios=1%2C2", capture(200, `{"count": 0, "results": []}`, &got, &mu))
	runs, err := c.Runs.GetMany(context.Background(), []int64{3, 4})
	require.NoError(t, err)
	assert.Len(t, runs, 2, "a bare array")
	_, err = c.Runs.List(context.Background(), &ListRunsParams{ResultID: 7, Status: RunStatusCompleted, Success: Some(false)})
	require.NoError(t, err)
	_, err = c.Results.List(context.Background(), &ListResultsParams{AgentID: 2, ScenarioIDs: []int64{1, 2}})
	require.NoError(t, err)
	assert.Len(t, got, 3)

	_, err = c.Runs.GetMany(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Runs.List(context.Background(), &ListRunsParams{Status: "done"})
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Results.Wait(context.Background(), 0, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
}

func TestWaitWaitsWithBackoffAndJitter(t *testing.T) {
	t.Parallel()
	c, mt, sl := newMockClient(t)
	var n int
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+resultsPath+"7/", func(*http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		status := "running"
		if n == 6 {
			status = "completed"
		}
		return httpmock.NewStringResponse(200, `{"id": 7, "status": "`+status+`", "runs": {"1": {"id": 1, "success": true}}}`), nil
	})
	v, err := c.Results.Wait(context.Background(), 7, &WaitParams[Result]{PollInterval: 2 * time.Second, MaxPollInterval: 5 * time.Second})
	require.NoError(t, err)
	assert.True(t, v.Passed)
	waits := sl.get()
	require.Len(t, waits, 5)
	bases := []time.Duration{2 * time.Second, 3 * time.Second, 4500 * time.Millisecond, 5 * time.Second, 5 * time.Second}
	for i, w := range waits {
		assert.InDelta(t, float64(bases[i]), float64(w), float64(bases[i])/5, "wait %d: %s within ±20%% of %s", i, w, bases[i])
	}
}

func fmtSprint(v any) string { return fmt.Sprint(v) }

func TestWaitRefusesANilContext(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	//lint:ignore SA1012 the test is that a nil context is refused, not a panic
	_, err := c.Results.Wait(nil, 1, nil) //nolint:staticcheck
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.Contains(t, err.Error(), "ctx")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

func TestVerdictAndItsErrorPrintWhateverTheyHold(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "cekura: tests failed", (&TestsFailedError{}).Error(), "the zero value prints, not panics")
	var nilErr *TestsFailedError
	assert.Equal(t, "cekura: tests failed", nilErr.Error())
	var nilV *Verdict
	assert.Equal(t, "no result", nilV.String())

	// A result read without its runs: the counts come from the API's totals.
	v := NewVerdict(&Result{ID: 4, Status: RunStatusCompleted, TotalRuns: 3, SuccessRuns: 3})
	assert.Equal(t, "result 4 passed: 3 of 3 runs succeeded", v.String())
	v = NewVerdict(&Result{ID: 4, Status: RunStatusCompleted, TotalRuns: 3, SuccessRuns: 1})
	const counted = "result 4 completed: 2 of 3 runs failed; the result came without its runs, so which failed is not known"
	assert.Equal(t, counted, v.String())
	assert.Equal(t, "cekura: tests failed: "+counted, v.Err().Error())

	// Counts the server got wrong do not make a negative count, nor a pass:
	// Cekura's CI gate wants success_runs_count == total_runs_count.
	v = NewVerdict(&Result{ID: 2, Status: RunStatusCompleted, TotalRuns: 1, SuccessRuns: 3})
	assert.Equal(t, 1, v.Succeeded)
	assert.False(t, v.Passed)
	assert.Equal(t, "result 2 completed with no runs", NewVerdict(&Result{ID: 2, Status: RunStatusCompleted}).String())

	// Runs not finished are told apart from runs that failed.
	v = NewVerdict(&Result{ID: 3, Status: RunStatusRunning, Runs: []*Run{
		{ID: 1, Status: RunStatusRunning}, {ID: 2, Status: RunStatusCompleted, ErrorMessage: "hung up"}, {ID: 3, Status: RunStatusCompleted, Success: true}}})
	assert.Equal(t, 1, v.Unfinished)
	assert.Equal(t, "result 3 running: 1 of 3 runs failed, 1 not finished; run 1: the run had not finished: it was running; run 2: hung up", v.String())

	// A run the server counted but sent null is among the failures.
	var nulled Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 5, "status": "completed", "total_runs_count": 3,
		"runs": {"1": {"id": 1, "status": "completed", "success": true}, "2": {"id": 2, "status": "completed", "error_message": "no answer"}, "3": null}}`), &nulled))
	v = NewVerdict(&nulled)
	require.Len(t, v.Failures, 2)
	assert.Equal(t, RunFailure{RunID: 3, Reason: "the API sent this run as null or unreadable"}, v.Failures[1])
	assert.Contains(t, v.String(), "2 of 3 runs failed; run 2: no answer; run 3: the API sent this run as null or unreadable")
}

func TestWaitThatEndsWithItsContextReturnsTheLastVerdict(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls := 0
	mt.RegisterResponder("GET", testBase+resultsPath+"7/", func(*http.Request) (*http.Response, error) {
		polls++
		if polls == 2 {
			cancel()
		}
		return httpmock.NewStringResponse(200, `{"id": 7, "status": "running", "total_runs_count": 2,
			"runs": [{"id": 1, "status": "completed", "success": true, "scenario_name": "A"}, {"id": 2, "status": "running", "scenario_name": "B"}]}`), nil
	})
	v, err := c.Results.Wait(ctx, 7, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, v, "the last result read is not lost")
	assert.False(t, v.Passed)
	assert.Equal(t, 1, v.Succeeded)
	require.Len(t, v.Failures, 1)
	assert.Equal(t, RunFailure{RunID: 2, Scenario: "B", Status: RunStatusRunning, Reason: "the run had not finished: it was running"}, v.Failures[0])

	mt.RegisterResponder("GET", testBase+resultsPath+"8/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))
	v, err = c.Results.Wait(context.Background(), 8, nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Nil(t, v, "no result was ever read")
}

func TestStartChecksTheSIPEndpoint(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct{ endpoint, want string }{
		{"https://pbx.example", "not a SIP URI"},
		{"sip:bot:s3cr3t@pbx.example", "put the password in sip_auth.password"},
	} {
		_, err := c.Tests.Start(context.Background(), &StartTestsRequest{Transport: TransportSIP, AgentID: 5, Tags: []string{"smoke"}, SIPEndpoint: tc.endpoint})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.endpoint)
		require.Len(t, ve.Problems, 1)
		assert.Equal(t, "sip_endpoint", ve.Problems[0].Field)
		assert.Contains(t, ve.Problems[0].Message, tc.want)
		assert.NotContains(t, err.Error(), "s3cr3t")
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

// The methods of a result a caller may hold as nil (a wait that failed on
// its first poll returns none) answer instead of panicking.
func TestNilResultsAnswer(t *testing.T) {
	var v *Verdict
	assert.NoError(t, v.Err())
	assert.False(t, (*Generation)(nil).Done())
	assert.False(t, (*ProviderImport)(nil).Done())
	assert.False(t, (*Call)(nil).Evaluated())
	assert.False(t, (*MetricScore)(nil).Failed())
	assert.False(t, (*ChatTurn)(nil).Done())
	assert.False(t, (*ScenarioAgentJob)(nil).NeedsAnswer())
	assert.False(t, (*MetricPreview)(nil).Done())
	assert.False(t, (*AlertSummary)(nil).Done())
	assert.False(t, (*ScenarioCreation)(nil).Done())
	assert.NoError(t, (*ScenarioCreation)(nil).Err())
}
