package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendChatTurnPostsOnceAndDecodesTheTurn(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+runsPath+"901/chat/", capture(202, `{"run_id": 901, "result_id": 77, "turn_id": 1, "status": "generating"}`, &got, &mu))
	ctx := context.Background()
	turn, err := c.Runs.SendChatTurn(ctx, 901, &SendChatTurnRequest{Content: "Hello, how can I help?", Metadata: map[string]any{"session": "s1"}})
	require.NoError(t, err)
	assert.Equal(t, ChatTurn{RunID: 901, ResultID: 77, TurnID: 1, Status: ChatTurnStatusGenerating}, ChatTurn{RunID: turn.RunID, ResultID: turn.ResultID,
		TurnID: turn.TurnID, Status: turn.Status, Message: turn.Message, Ended: turn.Ended})
	assert.False(t, turn.Done())
	assert.NoError(t, turn.Err())
	_, err = c.Runs.SendChatTurn(ctx, 901, &SendChatTurnRequest{Role: ChatRoleFunctionCall, Data: json.RawMessage(`{"id": "c1", "name": "lookup_order", "arguments": {"id": 1042}}`)})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.JSONEq(t, `{"content": "Hello, how can I help?", "metadata": {"session": "s1"}}`, string(got[0].Body))
	assert.JSONEq(t, `{"role": "Function Call", "data": {"id": "c1", "name": "lookup_order", "arguments": {"id": 1042}}}`, string(got[1].Body))

	// A run still starting or already ended: the API's 409, at once.
	mt.RegisterResponder("POST", testBase+runsPath+"902/chat/", capture(409, `{"detail": "Run is still starting, or has already ended."}`, &got, &mu))
	_, err = c.Runs.SendChatTurn(ctx, 902, &SendChatTurnRequest{Content: "hi"})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusConflict, ae.StatusCode)
	assert.False(t, MaybeApplied(err), "the API refused the turn")
	// A 502 after sending: the turn may have been taken; never sent twice.
	mt.RegisterResponder("POST", testBase+runsPath+"903/chat/", capture(502, `bad gateway`, &got, &mu))
	_, err = c.Runs.SendChatTurn(ctx, 903, &SendChatTurnRequest{Content: "hi"})
	require.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	assert.Len(t, got, 4, "neither the 409 nor the 502 was retried")
}

func TestWaitForChatTurnPollsUntilTheReply(t *testing.T) {
	t.Parallel()
	c, mt, sl := newMockClient(t)
	polls := 0
	mt.RegisterResponder("GET", testBase+runsPath+"901/chat/3/", func(*http.Request) (*http.Response, error) {
		polls++
		if polls < 3 {
			return httpmock.NewStringResponse(200, `{"run_id": 901, "result_id": 77, "turn_id": 3, "status": "generating", "message": null, "ended": false, "ended_reason": null}`), nil
		}
		return httpmock.NewStringResponse(200, `{"run_id": 901, "result_id": 77, "turn_id": 3, "status": "ready", "message": "Goodbye!", "ended": true, "ended_reason": "testing_agent_ended_call"}`), nil
	})
	var seen []ChatTurnStatus
	turn, err := c.Runs.WaitForChatTurn(context.Background(), 901, 3, &WaitParams[ChatTurn]{Progress: func(t *ChatTurn) { seen = append(seen, t.Status) }})
	require.NoError(t, err)
	assert.Equal(t, "Goodbye!", turn.Message)
	assert.True(t, turn.Ended)
	assert.Equal(t, "testing_agent_ended_call", turn.EndedReason)
	assert.True(t, turn.Done())
	assert.NoError(t, turn.Err())
	assert.Equal(t, []ChatTurnStatus{ChatTurnStatusGenerating, ChatTurnStatusGenerating, ChatTurnStatusReady}, seen)
	waits := sl.get()
	require.Len(t, waits, 2)
	assert.InDelta(t, float64(time.Second), float64(waits[0]), float64(time.Second/5), "a reply is polled for every second at first")
	assert.InDelta(t, float64(1500*time.Millisecond), float64(waits[1]), float64(300*time.Millisecond))

	// The opening, turn 0, and a dropped turn: settled, with its error.
	mt.RegisterResponder("GET", testBase+runsPath+"901/chat/0/", httpmock.NewStringResponder(200,
		`{"run_id": 901, "result_id": 77, "turn_id": 0, "status": "ready", "message": null, "ended": false, "ended_reason": null}`))
	opening, err := c.Runs.GetChatTurn(context.Background(), 901, 0)
	require.NoError(t, err)
	assert.Empty(t, opening.Message, "null: your agent speaks first")
	mt.RegisterResponder("GET", testBase+runsPath+"901/chat/2/", httpmock.NewStringResponder(200,
		`{"run_id": 901, "result_id": 77, "turn_id": 2, "status": "dropped", "message": null, "ended": false, "ended_reason": null}`))
	dropped, err := c.Runs.WaitForChatTurn(context.Background(), 901, 2, nil)
	require.NoError(t, err, "a dropped turn is returned, not an error")
	var failed *ChatTurnFailedError
	require.True(t, errors.As(dropped.Err(), &failed))
	assert.Equal(t, ChatTurnStatusDropped, failed.Status)
	assert.Contains(t, failed.Error(), "turn 2 of run 901 was dropped")
	assert.Contains(t, (&ChatTurnFailedError{RunID: 1, TurnID: 4, Status: ChatTurnStatusError}).Error(), "the reply to turn 4 of run 1 failed")
}

func TestEndChatMarkMetricVoteAndTrace(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+runsPath+"901/end-chat/", capture(200, `{"run_id": 901, "result_id": 77, "status": "evaluating"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+runsPath+"901/mark_metric_vote/", capture(200, `{"success": true}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+runsPath+"902/mark_metric_vote/", capture(200, `{"success": false}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+runsV1Path+"901/trace/", capture(200,
		`{"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "spans": [{"name": "conversation"}]}`, &got, &mu))
	ctx := context.Background()

	end, err := c.Runs.EndChat(ctx, 901, nil)
	require.NoError(t, err)
	assert.Equal(t, RunStatusEvaluating, end.Status)
	assert.Equal(t, int64(77), end.ResultID)
	_, err = c.Runs.EndChat(ctx, 901, &EndChatRequest{Reason: "main_agent_ended_call"})
	require.NoError(t, err)

	require.NoError(t, c.Runs.VoteMetric(ctx, 901, &VoteMetricRequest{MetricID: 3, ThumbsUp: Null[bool]()}))
	require.NoError(t, c.Runs.VoteMetric(ctx, 901, &VoteMetricRequest{MetricID: 3, ThumbsUp: Some(false), ExpectedValue: "refund_issued", Feedback: "It refunded."}))
	err = c.Runs.VoteMetric(ctx, 902, &VoteMetricRequest{MetricID: 3, ThumbsUp: Some(true)})
	assert.ErrorContains(t, err, "did not record the vote")

	tr, err := c.Runs.GetTrace(ctx, 901)
	require.NoError(t, err)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", tr.TraceID)
	assert.JSONEq(t, `[{"name": "conversation"}]`, string(tr.Spans))

	require.Len(t, got, 6)
	assert.JSONEq(t, `{}`, string(got[0].Body))
	assert.JSONEq(t, `{"reason": "main_agent_ended_call"}`, string(got[1].Body))
	assert.JSONEq(t, `{"metric_id": 3, "thumbs_up": null, "expected_value": null}`, string(got[2].Body), "the required keys are sent, as null")
	assert.JSONEq(t, `{"metric_id": 3, "thumbs_up": false, "expected_value": "refund_issued", "feedback": "It refunded."}`, string(got[3].Body))
	assert.Equal(t, http.MethodGet, got[5].Method)
	assert.Equal(t, testBase+"/test_framework/v1/runs/901/trace/", got[5].URL, "the trace has no v2 twin")
}

func TestChatVoteAndTraceRefuseBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want []string
	}{
		{"an empty turn", func() error { _, err := c.Runs.SendChatTurn(ctx, 1, &SendChatTurnRequest{}); return err },
			[]string{"content: the turn sends nothing: give content (your agent's message), metadata, or a tool call (role and data)"}},
		{"a role without data, with content", func() error {
			_, err := c.Runs.SendChatTurn(ctx, 1, &SendChatTurnRequest{Content: "x", Role: ChatRoleFunctionCallResult})
			return err
		}, []string{`data: is required with role: the tool call, {"id", "name", "arguments"} or {"id", "result"}`,
			"content: a turn is a message (content) or a tool call (role and data), not both"}},
		{"data without a role, not an object", func() error {
			_, err := c.Runs.SendChatTurn(ctx, 1, &SendChatTurnRequest{Data: json.RawMessage(`[1]`)})
			return err
		}, []string{`role: is required with data: "Function Call" or "Function Call Result"`, "data: must be a JSON object"}},
		{"an unknown role", func() error {
			_, err := c.Runs.SendChatTurn(ctx, 1, &SendChatTurnRequest{Role: "Tool", Data: json.RawMessage(`{}`)})
			return err
		}, []string{`role: "Tool" is not one of "Function Call", "Function Call Result" (or empty for a message)`}},
		{"a run id", func() error { _, err := c.Runs.SendChatTurn(ctx, 0, &SendChatTurnRequest{Content: "x"}); return err },
			[]string{"id: must be a positive run id, got 0"}},
		{"a turn id", func() error { _, err := c.Runs.GetChatTurn(ctx, 1, -1); return err },
			[]string{"turn_id: must be 0 (the opening) or a turn id SendChatTurn returned, got -1"}},
		{"a wait's turn id", func() error { _, err := c.Runs.WaitForChatTurn(ctx, 1, -2, nil); return err },
			[]string{"turn_id: must be 0 (the opening) or a turn id SendChatTurn returned, got -2"}},
		{"end a run 0", func() error { _, err := c.Runs.EndChat(ctx, 0, nil); return err }, []string{"id: must be a positive run id, got 0"}},
		{"a vote without its metric", func() error {
			return c.Runs.VoteMetric(ctx, 1, &VoteMetricRequest{ThumbsUp: Some(true), ExpectedValue: func() {}})
		}, []string{"metric_id: is required: the id of the metric voted on (got 0)", "expected_value: cannot be sent as JSON: unsupported type: func()"}},
		{"a trace of run -1", func() error { _, err := c.Runs.GetTrace(ctx, -1); return err }, []string{"id: must be a positive run id, got -1"}},
	}
	for _, tc := range cases {
		assert.ElementsMatch(t, tc.want, problemsOf(t, tc.call()), tc.name)
	}
	_, err := c.Runs.SendChatTurn(ctx, 1, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.ErrorIs(t, c.Runs.VoteMetric(ctx, 1, nil), ErrInvalidRequest)
	//lint:ignore SA1012 the test is that a nil context is refused, not a panic
	_, err = c.Runs.WaitForChatTurn(nil, 1, 0, nil) //nolint:staticcheck
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

func TestChatEnums(t *testing.T) {
	t.Parallel()
	assert.True(t, ChatTurnStatusDropped.Valid())
	assert.False(t, ChatTurnStatus("").Valid())
	assert.False(t, ChatTurnStatus("queued").Valid())
	assert.True(t, ChatRole("").Valid())
	assert.True(t, ChatRoleFunctionCallResult.Valid())
	assert.False(t, ChatRole("Assistant").Valid())
	var turn ChatTurn
	require.NoError(t, json.Unmarshal([]byte(`{"turn_id": 2, "status": "queued", "message": 5, "ended": "yes"}`), &turn))
	assert.Equal(t, ChatTurnStatus("queued"), turn.Status, "a status the SDK does not know decodes")
	assert.False(t, turn.Done())
	assert.Equal(t, int64(2), turn.TurnID)
}
