package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The call-log and alert types the codec must encode as encoding/json
// does (see exactTypes).
func init() {
	for _, t := range []reflect.Type{reflect.TypeFor[UpdateCallRequest](), reflect.TypeFor[VoteMetricRequest](), reflect.TypeFor[Trace](),
		reflect.TypeFor[CreateScenariosFromCallsRequest](), reflect.TypeFor[ScenarioCreation](), reflect.TypeFor[ScenarioCreationError](),
		reflect.TypeFor[ScenarioCreationFailedError](), reflect.TypeFor[AlertsService](), reflect.TypeFor[ReviewAlertsParams](),
		reflect.TypeFor[AlertReview](), reflect.TypeFor[AlertReviewDetail](), reflect.TypeFor[AlertReviewParams](),
		reflect.TypeFor[SummarizeAlertRequest](), reflect.TypeFor[AlertSummary](), reflect.TypeFor[AlertSummaryFailedError](),
		reflect.TypeFor[CountAlertFiresParams](), reflect.TypeFor[AlertFireCounts]()} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	notReadBack["CreateScenariosFromCallsRequest"] = "holds a CallSelection"
}

// callLogDetailJSON is a call log's detail view with the fields the SDK
// typed last: topic, dropoff_point, user_generated_transcript,
// testing_channel_index, agent_id, and a metric's enum and extra.
const callLogDetailJSON = `{"id": 77, "call_id": "c-77", "agent": 2142, "agent_id": "2142", "project": 1376, "status": "reviewed_failure",
  "success": false, "is_reviewed": true, "feedback": "wrong refund amount", "duration": "01:30",
  "topic": "refund_request", "dropoff_point": "after the refund amount", "testing_channel_index": 0,
  "user_generated_transcript": [{"role": "Testing Agent", "content": "I need help with my order", "timestamp": "00:15"}],
  "transcript_object": [{"role": "Testing Agent", "content": "Hello", "timestamp": 1.2}],
  "evaluation": {"metrics": [{"id": 35, "name": "Tone", "type": "enum", "enum": "polite", "value": "polite", "score": 0,
    "explanation": ["kept calm"], "extra": {"categories": [{"category_id": 5, "priority": "critical"}]}}]},
  "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "timestamp": "2026-08-20T10:15:45Z"}`

func TestCallDecodesTheFieldsOfTheDetailView(t *testing.T) {
	t.Parallel()
	var c Call
	require.NoError(t, json.Unmarshal([]byte(callLogDetailJSON), &c))
	assert.Equal(t, "refund_request", c.Topic)
	assert.Equal(t, "after the refund amount", c.DropoffPoint)
	require.NotNil(t, c.TestingChannelIndex, "0 is a channel, not unknown")
	assert.Equal(t, 0, *c.TestingChannelIndex)
	assert.JSONEq(t, `[{"role": "Testing Agent", "content": "I need help with my order", "timestamp": "00:15"}]`, string(c.UserGeneratedTranscript))
	require.Len(t, c.TranscriptObject, 1)
	assert.InDelta(t, 1.2, c.TranscriptObject[0].Timestamp, 1e-9)
	require.NotNil(t, c.Evaluation)
	m := c.Evaluation.Metrics[0]
	assert.Equal(t, "polite", m.Enum)
	assert.JSONEq(t, `{"categories": [{"category_id": 5, "priority": "critical"}]}`, string(m.Extra))
	assert.Equal(t, int64(2142), c.AgentID)

	var unknown Call
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "testing_channel_index": null, "user_generated_transcript": null}`), &unknown))
	assert.Nil(t, unknown.TestingChannelIndex, "null: unknown")
	assert.Equal(t, "null", string(unknown.UserGeneratedTranscript), "kept as sent, as encoding/json keeps a RawMessage")

	b, err := json.Marshal(&c)
	require.NoError(t, err)
	var back Call
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c.Topic, back.Topic)
	assert.Equal(t, *c.TestingChannelIndex, *back.TestingChannelIndex)
	assert.JSONEq(t, string(c.Evaluation.Metrics[0].Extra), string(back.Evaluation.Metrics[0].Extra))

	// NewTranscript leaves an unset Timestamp out, as before.
	tr, err := NewTranscript(Turn{Role: RoleCaller, Content: "Hi", StartTime: 0, EndTime: 1})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"role": "Testing Agent", "content": "Hi", "start_time": 0, "end_time": 1}]`, string(tr))
}

// TestCallLogsOverHTTP drives the update, the vote, the trace and the
// creation of scenarios from calls through httpmock: method, path, query
// and body sent, and the answer decoded.
func TestCallLogsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("PATCH", testBase+callsPath+"77/", capture(200, callLogDetailJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+callsPath+"77/mark_metric_vote/", capture(200, `{"detail": "Metric vote recorded."}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+callsV1Path+"77/trace/", capture(200,
		`{"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "spans": [{"name": "conversation"}]}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+callsPath+"create_scenarios/", capture(200, `{"progress_id": "3f1c"}`, &got, &mu))
	progress := []string{
		`{"agent_id": 2142, "completed_scenarios": 1, "failed_scenarios": 0, "total_scenarios": 3, "scenarios_list": [], "errors": []}`,
		`{"agent_id": 2142, "completed_scenarios": 2, "failed_scenarios": 1, "total_scenarios": 3,
		  "scenarios_list": [{"id": 11, "name": "From call c-1", "agent": 2143}, {"id": 12, "name": "From call c-2", "agent": 2143}],
		  "errors": [{"call_log_id": 3, "error": {"detail": "Transcript is missing"}}]}`,
	}
	mt.RegisterResponder("GET", testBase+callsPath+"create_scenarios_progress/?progress_id=3f1c", func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		body := progress[0]
		if len(progress) > 1 {
			progress = progress[1:]
		}
		mu.Unlock()
		return capture(200, body, &got, &mu)(r)
	})

	at := time.Date(2026, 8, 20, 10, 15, 45, 0, time.UTC)
	call, err := c.Calls.Update(ctx, 77, &UpdateCallRequest{
		Status: Some(CallStatusReviewedFailure), Feedback: Some("wrong refund amount"), CallID: Some("c-77"),
		Transcript: json.RawMessage(`[{"role": "Testing Agent", "content": "Hello.", "start_time": 0, "end_time": 1}]`), TranscriptType: Some(TranscriptTypeCekura),
		Timestamp: Some(at), DurationMinutes: Some(1.5), CallEndedReason: Some("customer-ended-call"), CustomerNumber: Some("+14155551234"),
		Metadata: map[string]any{"twilio_insights": map[string]any{"call_sid": "CA123"}}, DynamicVariables: map[string]any{"plan": "gold"},
		ReevaluateMetrics: Some(true),
	})
	require.NoError(t, err)
	assert.Equal(t, CallStatusReviewedFailure, call.Status)
	assert.Equal(t, "refund_request", call.Topic)

	require.NoError(t, c.Calls.VoteMetric(ctx, 77, &VoteMetricRequest{MetricID: 35, ThumbsUp: Some(false), ExpectedValue: "rude", Feedback: "the agent interrupted"}))
	require.NoError(t, c.Calls.VoteMetric(ctx, 77, &VoteMetricRequest{MetricID: 35, ThumbsUp: Null[bool]()}))

	trace, err := c.Calls.GetTrace(ctx, 77)
	require.NoError(t, err)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", trace.TraceID)
	assert.JSONEq(t, `[{"name": "conversation"}]`, string(trace.Spans))

	started, err := c.Calls.CreateScenarios(ctx, &CreateScenariosFromCallsRequest{AgentID: 2142, Calls: SelectCalls(1, 2, 3), CopyToAgentID: 2143,
		FolderPath: "Sales.Inbound", ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, "3f1c", started.ProgressID)
	_, err = c.Calls.CreateScenarios(ctx, &CreateScenariosFromCallsRequest{AssistantID: "asst_1", Calls: AllCalls()})
	require.NoError(t, err)

	var seen []int
	done, err := c.Calls.WaitForScenarioCreation(ctx, started.ProgressID, &WaitParams[ScenarioCreation]{
		Progress: func(p *ScenarioCreation) { seen = append(seen, p.Completed+p.Failed) }})
	require.NoError(t, err, "a creation in which a call failed is returned, not an error")
	assert.Equal(t, []int{1, 3}, seen)
	assert.True(t, done.Done())
	assert.Equal(t, "3f1c", done.ProgressID, "kept from the request: the answer has none")
	assert.Equal(t, int64(2142), done.AgentID)
	require.Len(t, done.Scenarios, 2)
	assert.Equal(t, int64(2143), done.Scenarios[1].AgentID)
	var failed *ScenarioCreationFailedError
	require.ErrorAs(t, done.Err(), &failed)
	assert.Equal(t, 1, failed.Failed)
	assert.Equal(t, "cekura: scenarios from calls 3f1c: 1 of 3 calls made no scenario; call 3: Transcript is missing", failed.Error())

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 8)
	assert.Equal(t, "PATCH", got[0].Method)
	assert.JSONEq(t, `{"status": "reviewed_failure", "feedback": "wrong refund amount", "call_id": "c-77",
		"transcript_json": [{"role": "Testing Agent", "content": "Hello.", "start_time": 0, "end_time": 1}], "transcript_type": "cekura",
		"timestamp": "2026-08-20T10:15:45Z", "duration": 1.5, "call_ended_reason": "customer-ended-call", "customer_number": "+14155551234",
		"metadata": {"twilio_insights": {"call_sid": "CA123"}}, "dynamic_variables": {"plan": "gold"}, "reevaluate_metrics": true}`, string(got[0].Body))
	assert.JSONEq(t, `{"metric_id": 35, "thumbs_up": false, "expected_value": "rude", "feedback": "the agent interrupted"}`, string(got[1].Body))
	assert.JSONEq(t, `{"metric_id": 35, "thumbs_up": null, "expected_value": null}`, string(got[2].Body), "the required keys, null")
	assert.Equal(t, "GET", got[3].Method)
	assert.JSONEq(t, `{"agent_id": 2142, "call_logs": [1, 2, 3], "copy_to_agent": 2143, "folder_path": "Sales.Inbound", "project_id": 1376}`, string(got[4].Body))
	assert.JSONEq(t, `{"assistant_id": "asst_1", "call_logs": "all"}`, string(got[5].Body))
	assert.Equal(t, testBase+callsPath+"create_scenarios_progress/?progress_id=3f1c", got[7].URL)
	assert.Len(t, sl.get(), 1, "one wait between the two polls, none for a retry")
}

// TestCallLogsValidation: each request is refused before sending, with
// every problem at once, keyed by the API's field names.
func TestCallLogsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	long := strings.Repeat("é", 101)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"an update that sets nothing", func() error {
			_, err := c.Calls.Update(ctx, 77, &UpdateCallRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update with every field wrong", func() error {
			_, err := c.Calls.Update(ctx, 77, &UpdateCallRequest{Status: Some(CallStatusEvaluating), CallID: Some(" "),
				CallEndedReason: Some(long), CustomerNumber: Some(long), DurationMinutes: Some(-1.0),
				TranscriptType: Some(TranscriptTypeNoneMono), Feedback: Null[string]()})
			return err
		}, []FieldProblem{
			{"feedback", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"status", `"evaluating" is not one of success, failure, reviewed_success, reviewed_failure`},
			{"call_id", "must be 1 to 100 characters, got 1"},
			{"call_ended_reason", "is 101 characters long; at most 100 are allowed"},
			{"customer_number", "is 101 characters long; at most 100 are allowed"},
			{"duration", "must be a number of minutes, 0 or more, got -1"},
			{"transcript_type", `"none-mono" is not one an update takes: cekura, vapi, retell, elevenlabs, pipecat, livekit, deepgram, vocera`},
			{"transcript_type", "names the format of transcript_json: set the transcript too"},
		}},
		{"an update with a Cekura transcript the API refuses", func() error {
			_, err := c.Calls.Update(ctx, 77, &UpdateCallRequest{TranscriptType: Some(TranscriptTypeCekura),
				Transcript: json.RawMessage(`[{"role": "user", "content": "hi", "start_time": 2, "end_time": 1}]`), DurationMinutes: Some(math.NaN())})
			return err
		}, []FieldProblem{
			{"duration", "must be a number of minutes, 0 or more, got NaN"},
			{"transcript_json[0].role", `"user": the Cekura format takes "Testing Agent" (the caller) or "Main Agent" (your agent)`},
			{"transcript_json[0]", "times 2 to 1: want 0 <= start <= end (seconds)"},
		}},
		{"an update with a transcript that is not JSON", func() error {
			_, err := c.Calls.Update(ctx, 77, &UpdateCallRequest{Transcript: json.RawMessage(`[{`)})
			return err
		}, []FieldProblem{{"transcript_json", "is not valid JSON"}}},
		{"an update of no call", func() error {
			_, err := c.Calls.Update(ctx, 0, &UpdateCallRequest{Feedback: Some("x")})
			return err
		}, []FieldProblem{{"id", "must be a positive call id, got 0"}}},
		{"a vote with nothing", func() error {
			return c.Calls.VoteMetric(ctx, 77, &VoteMetricRequest{})
		}, []FieldProblem{
			{"metric_id", "is required: the id of the metric voted on (got 0)"},
			{"thumbs_up", "is required: Some(true) agrees with the metric's result, Some(false) disagrees, Null() neither"},
		}},
		{"a vote whose expected value is no JSON", func() error {
			return c.Calls.VoteMetric(ctx, 77, &VoteMetricRequest{MetricID: 1, ThumbsUp: Some(true), ExpectedValue: func() {}})
		}, []FieldProblem{{"expected_value", "cannot be sent as JSON: unsupported type: func()"}}},
		{"a nil vote", func() error {
			return c.Calls.VoteMetric(ctx, 77, nil)
		}, []FieldProblem{{"request", "is nil"}}},
		{"a trace of no call", func() error {
			_, err := c.Calls.GetTrace(ctx, -1)
			return err
		}, []FieldProblem{{"id", "must be a positive call id, got -1"}}},
		{"scenarios from no calls", func() error {
			_, err := c.Calls.CreateScenarios(ctx, &CreateScenariosFromCallsRequest{FolderPath: "Sales", CopyToAgentID: -2})
			return err
		}, []FieldProblem{
			{"agent_id", "set exactly one of agent_id and assistant_id"},
			{"call_logs", "pick calls with SelectCalls(ids...) or AllCalls()"},
			{"copy_to_agent", "must be a positive id, got -2"},
			{"project_id", "is required with folder_path"},
		}},
		{"scenarios from calls of two agents and a bad id", func() error {
			_, err := c.Calls.CreateScenarios(ctx, &CreateScenariosFromCallsRequest{AgentID: -1, AssistantID: "asst", Calls: SelectCalls(1, 0)})
			return err
		}, []FieldProblem{
			{"agent_id", "set exactly one of agent_id and assistant_id"},
			{"agent_id", "must be a positive id, got -1"},
			{"call_logs", "holds 0; ids are positive"},
		}},
		{"the progress of nothing", func() error {
			_, err := c.Calls.GetScenarioCreation(ctx, "")
			return err
		}, []FieldProblem{{"progress_id", "is required: the id CreateScenarios returned"}}},
		{"a wait for nothing", func() error {
			_, err := c.Calls.WaitForScenarioCreation(ctx, "", nil)
			return err
		}, []FieldProblem{{"progress_id", "is required: the id CreateScenarios returned"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestCreateScenariosIsNeverRetriedOnceSent: the creation starts work that
// costs credits, so a connection that breaks after sending is not retried,
// and MaybeApplied says so; the progress GET is retried.
func TestCreateScenariosIsNeverRetriedOnceSent(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+callsPath+"create_scenarios/", httpmock.NewErrorResponder(errors.New("connection reset")))
	_, err := c.Calls.CreateScenarios(context.Background(), &CreateScenariosFromCallsRequest{AgentID: 1, Calls: AllCalls()})
	require.Error(t, err)
	assert.True(t, MaybeApplied(err))
	assert.Equal(t, 1, mt.GetTotalCallCount())

	mt.RegisterResponder("POST", testBase+callsPath+"9/mark_metric_vote/", httpmock.NewErrorResponder(errors.New("connection reset")))
	err = c.Calls.VoteMetric(context.Background(), 9, &VoteMetricRequest{MetricID: 1, ThumbsUp: Some(true)})
	require.Error(t, err)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "a vote is a POST: sent once")

	mt.RegisterResponder("GET", testBase+callsPath+"create_scenarios_progress/?progress_id=p", httpmock.NewStringResponder(503, `{}`))
	_, err = c.Calls.GetScenarioCreation(context.Background(), "p")
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 2+3, mt.GetTotalCallCount(), "a GET is retried (twice by default)")
}
