package cekura

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricWritesSendWhatIsSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	const metric = `{"id": 118, "slug": "refunds", "name": "Refunds", "type": "llm_judge", "eval_type": "enum", "enum_values": ["yes", "no"], "agents": [7]}`
	mt.RegisterResponder("POST", testBase+metricsPath, capture(201, metric, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+metricsPath+"118/", capture(200, metric, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+metricsPath+"118/", capture(204, ``, &got, &mu))

	m, err := c.Metrics.Create(ctx, &CreateMetricRequest{Name: "Refunds", AgentIDs: []int64{7}, EvalType: EvalTypeEnum,
		EnumValues: []string{"yes", "no"}, AudioEnabled: Some(false), EvaluationTrigger: EvaluationTriggerAlways})
	require.NoError(t, err)
	assert.Equal(t, int64(118), m.ID)
	assert.Equal(t, EvalTypeEnum, m.EvalType)
	assert.JSONEq(t, `["yes", "no"]`, string(m.EnumValues))

	_, err = c.Metrics.Update(ctx, 118, &UpdateMetricRequest{Description: Some(""), SimulationEnabled: Some(true)})
	require.NoError(t, err)
	require.NoError(t, c.Metrics.Delete(ctx, 118))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 3)
	assert.JSONEq(t, `{"name": "Refunds", "agents": [7], "eval_type": "enum", "enum_values": ["yes", "no"],
	  "audio_enabled": false, "evaluation_trigger": "always"}`, string(got[0].Body))
	assert.JSONEq(t, `{"description": "", "simulation_enabled": true}`, string(got[1].Body))
	assert.Equal(t, "DELETE", got[2].Method)
}

func TestMetricRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	_, err := c.Metrics.Create(ctx, &CreateMetricRequest{Name: "m", Type: MetricTypeCustomCode, EvalType: EvalTypeEnum, AgentIDs: []int64{-1}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"enum_values", "are required for an enum metric"},
		{"custom_code", "is required for a custom_code metric"},
		{"agents", "holds -1; ids are positive"},
	}, ve.Problems)

	_, err = c.Metrics.Create(ctx, &CreateMetricRequest{Name: " ", Type: "regex", EvalType: "score", EvaluationTrigger: "never"})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"name", "is required"},
		{"type", `"regex" is not one of basic, custom_prompt, llm_judge, custom_code`},
		{"eval_type", `"score" is not one of binary, continuous_qualitative, numeric, enum`},
		{"evaluation_trigger", `"never" is not one of always, automatic, custom`},
	}, ve.Problems)

	// An update may switch to enum without repeating the values, but its
	// choices are still checked.
	_, err = c.Metrics.Update(ctx, 1, &UpdateMetricRequest{EvalType: Some[EvalType]("score"), EvaluationTrigger: Some(EvaluationTriggerCustom)})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"eval_type", `"score" is not one of binary, continuous_qualitative, numeric, enum`}}, ve.Problems)

	_, err = c.Metrics.GetBySlug(ctx, "  ")
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")

	for _, typ := range []MetricType{"", MetricTypeBasic, MetricTypeCustomPrompt, MetricTypeLLMJudge, MetricTypeCustomCode} {
		assert.True(t, typ.Valid(), typ)
	}
	for _, et := range []EvalType{"", EvalTypeBinary, EvalTypeContinuousQualitative, EvalTypeNumeric, EvalTypeEnum} {
		assert.True(t, et.Valid(), et)
	}
	assert.False(t, MetricType("LLM_JUDGE").Valid())
}

func TestSendCallRequestIsCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		req  *SendCallRequest
		want []FieldProblem
	}{
		{"ids, a transcript that is not JSON", &SendCallRequest{CallID: strings.Repeat("c", 101), AgentID: 1, AssistantID: "a",
			TranscriptType: TranscriptTypeVapi, Transcript: json.RawMessage(`[{`), TraceID: "abc", MetricIDs: []int64{0}},
			[]FieldProblem{
				{"call_id", "is 101 characters; at most 100"},
				{"agent", "set exactly one of agent and assistant_id"},
				{"transcript_json", "is not valid JSON"},
				{"trace_id", "must be 32 hex characters"},
				{"metric_ids", "holds 0; ids are positive"},
			}},
		{"an unknown transcript type", &SendCallRequest{CallID: "c", AgentID: 1, TranscriptType: "zoom"},
			[]FieldProblem{{"transcript_type", `"zoom" is not one the API reads: ` + joinTranscriptTypes()}}},
		{"a Cekura transcript that is not a list of turns", &SendCallRequest{CallID: "c", AgentID: 1, Transcript: json.RawMessage(`{"turns": []}`)},
			[]FieldProblem{{"transcript_json", "a Cekura-format transcript is a list of {role, content, start_time, end_time}"}}},
		{"a Cekura transcript with bad turns, under its field's name", &SendCallRequest{CallID: "c", AgentID: 1, TranscriptType: TranscriptTypeCekura,
			Transcript: json.RawMessage(`[{"role": "Bot", "content": "hi", "start_time": 2, "end_time": 1}]`)},
			[]FieldProblem{
				{"transcript_json[0].role", `"Bot": the Cekura format takes "Testing Agent" (the caller) or "Main Agent" (your agent)`},
				{"transcript_json[0]", "times 2 to 1: want 0 <= start <= end (seconds)"},
			}},
		{"a recording as a URL and as a reader, without a name", &SendCallRequest{CallID: "c", AgentID: 1, VoiceRecordingURL: "ftp://x/y.wav",
			Recording: strings.NewReader("RIFF")},
			[]FieldProblem{
				{"voice_recording_url", "is not an absolute http:// or https:// URL (got ftp://x/…)"}, // not its path, which may hold a token
				{"voice_recording_url", "give the recording as a URL or as Recording, not both"},
				{"recording_name", "is required with Recording: a plain file name such as call.wav"},
			}},
		{"none-mono without a recording", &SendCallRequest{CallID: "c", AssistantID: "a", TranscriptType: TranscriptTypeNoneMono},
			[]FieldProblem{{"transcript_type", "none-mono needs a recording to transcribe"}}},
	} {
		_, err := c.Calls.Send(ctx, tc.req)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
	}
	//lint:ignore SA1012 the test is that a nil context is refused, not a panic
	_, err := c.Calls.Send(nil, &SendCallRequest{CallID: "c", AgentID: 1, Recording: strings.NewReader("x"), RecordingName: "a.wav"})
	assert.ErrorIs(t, err, ErrInvalidRequest, "a nil context is refused on the upload path too")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestNewTranscriptChecksEveryTurn(t *testing.T) {
	t.Parallel()
	_, err := NewTranscript(
		Turn{Role: RoleAgent, Content: "a", StartTime: 1, EndTime: 2},
		Turn{Role: RoleCaller, Content: "b", StartTime: math.NaN(), EndTime: 3},
		Turn{Role: RoleCaller, Content: "c", StartTime: 0.5, EndTime: math.Inf(1)},
		Turn{Role: RoleCaller, Content: "d", StartTime: 0.5, EndTime: 0.7},
		Turn{Role: RoleAgent, Content: "e", StartTime: -1, EndTime: 0},
	)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"transcript[1]", "times must be finite numbers of seconds"},
		{"transcript[2]", "times must be finite numbers of seconds"},
		{"transcript[3]", "starts at 0.5, before the turn before it (1)"},
		{"transcript[4]", "times -1 to 0: want 0 <= start <= end (seconds)"},
		{"transcript[4]", "starts at -1, before the turn before it (0.5)"},
	}, ve.Problems)

	empty, err := NewTranscript()
	require.NoError(t, err)
	assert.Equal(t, "[]", string(empty), "no turns is an empty list, not null")
}

func TestCallListsAndEvaluationRequestsAreChecked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var ve *ValidationError

	_, err := c.Calls.List(ctx, &ListCallsParams{From: from, To: from.Add(-time.Hour), Filters: "{field"})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"timestamp_to", "is before timestamp_from"}, {"filters_v2", "is not valid JSON"}}, ve.Problems)

	_, err = c.Calls.List(ctx, &ListCallsParams{From: from, To: from.Add(40 * 24 * time.Hour)})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"timestamp_to", "the range is 960h0m0s; the API refuses ranges over 33 days"}}, ve.Problems)

	for _, err := range c.Calls.All(ctx, &ListCallsParams{PageSize: -1}) {
		require.ErrorAs(t, err, &ve, "All reports the bad params as its one error")
		assert.Equal(t, "page_size", ve.Problems[0].Field)
	}

	_, err = c.Calls.RerunEvaluation(ctx, &RerunEvaluationRequest{AgentID: 1, AssistantID: "a", Calls: SelectCalls(4, -4)})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"agent_id", "set exactly one of agent_id and assistant_id"}, {"call_logs", "holds -4; ids are positive"}}, ve.Problems)

	_, err = c.Calls.EvaluateMetrics(ctx, &EvaluateMetricsRequest{})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"agent_id", "set exactly one of agent_id and project_id"},
		{"call_logs", "is required: Cekura's ids of the calls"},
		{"metrics", "is required: the ids of the metrics"},
	}, ve.Problems)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestCallsAllWalksEveryPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+callsPath+"?agent_id=7",
		httpmock.NewStringResponder(200, `{"count": 3, "next": "`+testBase+callsPath+`?agent_id=7&page=2", "results": [{"id": 1, "call_id": "a"}, {"id": 2, "call_id": "b"}]}`))
	mt.RegisterResponder("GET", testBase+callsPath+"?agent_id=7&page=2",
		httpmock.NewStringResponder(200, `{"count": 3, "next": null, "results": [{"id": 3, "call_id": "c"}]}`))
	var ids []string
	for call, err := range c.Calls.All(ctx, &ListCallsParams{AgentID: 7}) {
		require.NoError(t, err)
		ids = append(ids, call.CallID)
	}
	assert.Equal(t, []string{"a", "b", "c"}, ids)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
