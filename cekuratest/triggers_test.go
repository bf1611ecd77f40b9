package cekuratest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryTransportRunsOnTheFakesClock: each trigger makes its runs, which
// move through their statuses on the fake's clock and end as scripted.
func TestEveryTransportRunsOnTheFakesClock(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	_, err := client.Agents.Update(ctx, agent.ID, &cekura.UpdateAgentRequest{EmailID: cekura.Some("bot@acme.example")})
	require.NoError(t, err)
	fake.Script(Outcome{Fail: map[int64]string{scs[1].ID: "the agent hung up"}})
	a, b := scs[0].ID, scs[1].ID
	starts := map[string]struct {
		start func() (*cekura.Result, error)
		runs  int
	}{
		"livekit_v2": {func() (*cekura.Result, error) {
			return client.Tests.StartLiveKitV2(ctx, &cekura.StartLiveKitV2Request{Scenarios: []cekura.SessionScenario{{ScenarioID: a}, {ScenarioID: b}}, Frequency: 2})
		}, 4},
		"pipecat": {func() (*cekura.Result, error) {
			return client.Tests.StartPipecat(ctx, &cekura.StartPipecatRequest{AgentID: agent.ID, Scenarios: []cekura.PipecatScenario{
				{ScenarioID: a, RoomURL: "https://acme.daily.co/r1", Token: "t1"}, {ScenarioID: a, RoomURL: "https://acme.daily.co/r2"}, {ScenarioID: b, RoomURL: "https://acme.daily.co/r3"}}})
		}, 3},
		"pipecat_v2": {func() (*cekura.Result, error) {
			return client.Tests.StartPipecatV2(ctx, &cekura.StartPipecatV2Request{Scenarios: []cekura.SessionScenario{{ScenarioID: a}, {ScenarioID: b}}})
		}, 2},
		"vapi_webrtc": {func() (*cekura.Result, error) {
			return client.Tests.StartVapiWebRTC(ctx, &cekura.StartVapiWebRTCRequest{ScenarioIDs: []int64{a, b}, VapiAssistantID: "asst_1", Frequency: 3})
		}, 6},
		"retell_webrtc": {func() (*cekura.Result, error) {
			return client.Tests.StartRetellWebRTC(ctx, &cekura.StartRetellWebRTCRequest{ScenarioIDs: []int64{a, b}})
		}, 2},
		"with_websockets": {func() (*cekura.Result, error) {
			return client.Tests.StartWithWebsockets(ctx, &cekura.StartWithWebsocketsRequest{Frequency: 1, Scenarios: []cekura.WebsocketScenario{
				{ScenarioID: a, WebsocketURL: "wss://a.example/chat?token=t"}, {ScenarioID: b}}})
		}, 2},
		"email": {func() (*cekura.Result, error) {
			return client.Tests.StartEmail(ctx, &cekura.StartEmailRequest{ScenarioIDs: []int64{a, b}, Frequency: 1})
		}, 2},
	}
	require.Len(t, starts, len(triggerSpecs), "every trigger of the fake is driven")
	for name, st := range starts {
		started, err := st.start()
		require.NoError(t, err, name)
		assert.Equal(t, cekura.RunStatusPending, started.Status, name)
		assert.Len(t, started.Runs, st.runs, name)
		assert.Equal(t, agent.ID, started.AgentID, "%s: the agent, named or the scenarios'", name)
		verdict, err := client.Results.Wait(ctx, started.ID, nil)
		require.NoError(t, err, name)
		assert.Equal(t, cekura.RunStatusCompleted, verdict.Result.Status, name)
		assert.False(t, verdict.Passed, "%s: scenario %d's runs fail as scripted", name, b)
		assert.Equal(t, st.runs, verdict.Total, name)
		for _, f := range verdict.Failures {
			assert.Equal(t, "Order status", f.Scenario, name)
		}
	}
}

// TestTriggersRefuseWhatTheAPIRefuses: each transport's own rules, in DRF's
// error shape.
func TestTriggersRefuseWhatTheAPIRefuses(t *testing.T) {
	s, client, agent, scs := loop(t)
	ctx := context.Background()
	orphan, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "No agent", PersonalityID: 1, ProjectID: 9, Instructions: "x"})
	require.NoError(t, err)
	other, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Other", Description: "d"})
	require.NoError(t, err)
	theirs, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Theirs", PersonalityID: 1, AgentID: other.ID, Instructions: "x"})
	require.NoError(t, err)
	const sc = "/test_framework/v1/scenarios/"
	for _, tc := range []struct {
		path, body string
		want       map[string]any
	}{
		{"run_scenarios_email/", `{"scenarios": [1], "frequency": 1}`,
			map[string]any{"agent_email": []any{"The agent has no email_id: set one on the agent, or give agent_email."}}},
		{"run_scenarios_email/", `{"scenarios": [1]}`, map[string]any{"frequency": []any{"This field is required."}}},
		{"run_scenarios_vapi_webrtc/", `{"scenarios": [1], "vapi_assistant_id": " "}`, map[string]any{"vapi_assistant_id": []any{"This field may not be blank."}}},
		{"run_scenarios_vapi_webrtc/", jsonBody(t, map[string]any{"scenarios": []int64{scs[0].ID, theirs.ID}, "vapi_assistant_id": "a"}),
			map[string]any{"agent_id": []any{"The evaluators belong to several agents: give agent_id."}}},
		{"run_scenarios_livekit_v2/", jsonBody(t, map[string]any{"scenarios": []any{map[string]any{"scenario": orphan.ID}}}),
			map[string]any{"agent": []any{"None of the evaluators has an agent: name the agent."}}},
		{"run_scenarios_livekit_v2/", `{"scenarios": [{"scenario": 1}], "agent": 99, "livekit_data": [1]}`,
			map[string]any{"agent": []any{`Invalid pk "99" - object does not exist.`}}},
		{"run_scenarios_livekit_v2/", `{"scenarios": [{"scenario": 1}], "livekit_data": [1]}`,
			map[string]any{"livekit_data": map[string]any{"non_field_errors": []any{"Invalid data. Expected a dictionary, but got list."}}}},
		{"run_scenarios_pipecat/", `{"scenarios": [{"scenario": 1, "pipecat_room_url": "room"}, {"pipecat_room_url": ""}]}`,
			map[string]any{"scenarios": map[string]any{"1": map[string]any{"scenario": []any{"This field is required."}, "pipecat_room_url": []any{"This field may not be blank."}}}}},
		{"run_scenarios_pipecat/", `{"scenarios": [{"scenario": 1, "pipecat_room_url": "room"}]}`,
			map[string]any{"scenarios": map[string]any{"0": map[string]any{"pipecat_room_url": []any{"Enter a valid URL."}}}}},
		{"run_scenarios_pipecat_v2/", `{"scenarios": [7, {"scenario": 999}]}`,
			map[string]any{"scenarios": map[string]any{"0": map[string]any{"non_field_errors": []any{"Invalid data. Expected a dictionary, but got float."}}}}},
		{"run_scenarios_pipecat_v2/", `{"scenarios": [{"scenario": 999}]}`,
			map[string]any{"scenarios": []any{`Invalid pk "999" - object does not exist.`}}},
		{"run_scenarios_with_websockets/", `{"scenarios": [], "frequency": 1}`, map[string]any{"scenarios": []any{"This list may not be empty."}}},
		{"run_scenarios_with_websockets/", `{"scenarios": [{"scenario": 1, "websocket_url": "http://x"}], "frequency": 1, "mock_tool_names": "all"}`,
			map[string]any{"mock_tool_names": []any{"Expected a list of strings."}}},
		{"run_scenarios_api_chat/", `{"agent_id": 1, "scenarios": [1], "timeout": 3601}`, map[string]any{"timeout": []any{"Ensure this value is between 1 and 3600."}}},
		{"run_scenarios_api_chat/", `{"scenarios": [1]}`, map[string]any{"agent_id": []any{"Either agent_id or assistant_id is required."}}},
	} {
		status, _, body := raw(t, s, "POST", sc+tc.path, tc.body)
		require.Equal(t, http.StatusBadRequest, status, "%s %s: %v", tc.path, tc.body, body)
		assert.Equal(t, tc.want, body, "%s %s", tc.path, tc.body)
	}
	assert.NotZero(t, agent.ID)
	status, _, _ := raw(t, s, "GET", sc+"run_scenarios_email/", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	status, _, _ = raw(t, s, "POST", sc+"run_scenarios_fax/", "{}")
	assert.Equal(t, http.StatusNotFound, status, "an unknown trigger is the scenarios route's 404")
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// chatLoop starts an API chat of one scenario that speaks first.
func chatLoop(t *testing.T, req *cekura.StartAPIChatRequest) (*Server, *cekura.Client, *cekura.Result) {
	t.Helper()
	fake, client, agent, _ := loop(t)
	ctx := context.Background()
	var sc cekura.Scenario // with a first message, which CreateScenarioRequest does not send
	require.NoError(t, client.Do(ctx, "POST", scenariosPath, map[string]any{"name": "Refund by chat", "personality": 1, "agent": agent.ID,
		"instructions": "You want a refund.", "first_message": "Hi, I want a refund."}, &sc))
	if req == nil {
		req = &cekura.StartAPIChatRequest{}
	}
	req.AgentID, req.ScenarioIDs = agent.ID, []int64{sc.ID}
	started, err := client.Tests.StartAPIChat(ctx, req)
	require.NoError(t, err)
	require.Len(t, started.Runs, 1)
	return fake, client, started
}

// TestAPIChatEndToEnd: the opening, turns and their replies on the fake's
// clock, the goodbye that ends the conversation, and the verdict.
func TestAPIChatEndToEnd(t *testing.T) {
	_, client, started := chatLoop(t, nil)
	ctx := context.Background()
	runID := started.Runs[0].ID
	assert.True(t, started.RunAsText)

	_, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: "Hello"})
	var ae *cekura.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusConflict, ae.StatusCode, "the run is still starting")

	opening, err := client.Runs.WaitForChatTurn(ctx, runID, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.ChatTurnStatusReady, opening.Status)
	assert.Equal(t, "Hi, I want a refund.", opening.Message, "the scenario speaks first")
	assert.Equal(t, started.ID, opening.ResultID)

	var replies []string
	for i := 0; ; i++ {
		require.Less(t, i, 10, "the simulated user ends the conversation")
		sent, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: "How can I help?"})
		require.NoError(t, err)
		assert.Equal(t, cekura.ChatTurnStatusGenerating, sent.Status)
		assert.Equal(t, int64(i+1), sent.TurnID)
		reply, err := client.Runs.WaitForChatTurn(ctx, runID, sent.TurnID, nil)
		require.NoError(t, err)
		require.NoError(t, reply.Err())
		replies = append(replies, reply.Message)
		if reply.Ended {
			assert.Equal(t, "testing_agent_ended_call", reply.EndedReason)
			break
		}
	}
	assert.Len(t, replies, chatReplies)
	assert.Contains(t, replies[len(replies)-1], "Goodbye")

	_, err = client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: "Anything else?"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusConflict, ae.StatusCode, "the conversation has ended")
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	assert.True(t, verdict.Passed, verdict.String())
	again, err := client.Runs.GetChatTurn(ctx, runID, 1)
	require.NoError(t, err)
	assert.Equal(t, replies[0], again.Message, "a turn stays readable after the run ends")
	assert.True(t, again.Ended)
}

// TestATurnSentBeforeTheReplyDropsIt, and tool calls get no reply.
func TestATurnSentBeforeTheReplyDropsIt(t *testing.T) {
	fake, client, started := chatLoop(t, nil)
	ctx := context.Background()
	runID := started.Runs[0].ID
	_, err := client.Runs.WaitForChatTurn(ctx, runID, 0, nil)
	require.NoError(t, err)
	first, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: "One moment."})
	require.NoError(t, err)
	tool, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Role: cekura.ChatRoleFunctionCall,
		Data: json.RawMessage(`{"id": "c1", "name": "lookup_order", "arguments": {"id": 1042}}`)})
	require.NoError(t, err)
	assert.Equal(t, cekura.ChatTurnStatusReady, tool.Status, "a tool call gets no reply")
	second, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: "Found it: it ships today."})
	require.NoError(t, err)
	dropped, err := client.Runs.WaitForChatTurn(ctx, runID, first.TurnID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.ChatTurnStatusDropped, dropped.Status)
	var failed *cekura.ChatTurnFailedError
	require.ErrorAs(t, dropped.Err(), &failed)
	reply, err := client.Runs.WaitForChatTurn(ctx, runID, second.TurnID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.ChatTurnStatusReady, reply.Status)
	assert.NotEmpty(t, reply.Message)
	_, err = client.Runs.GetChatTurn(ctx, runID, 99)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	assert.NotEmpty(t, fake.RetryWaits(), "the waits took fake time")
}

// TestEndChatAndTheTimeoutEndTheConversation: end-chat, then scoring; a
// timeout ends a conversation nobody ends.
func TestEndChatAndTheTimeoutEndTheConversation(t *testing.T) {
	fake, client, started := chatLoop(t, nil)
	ctx := context.Background()
	runID := started.Runs[0].ID
	fake.Advance(time.Minute)
	end, err := client.Runs.EndChat(ctx, runID, &cekura.EndChatRequest{Reason: "main_agent_ended_call"})
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusEvaluating, end.Status)
	assert.Equal(t, started.ID, end.ResultID)
	opening, err := client.Runs.GetChatTurn(ctx, runID, 0)
	require.NoError(t, err)
	assert.True(t, opening.Ended)
	assert.Equal(t, "main_agent_ended_call", opening.EndedReason)
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	assert.True(t, verdict.Passed)
	again, err := client.Runs.EndChat(ctx, runID, nil)
	require.NoError(t, err, "ending an ended chat answers its status")
	assert.Equal(t, cekura.RunStatusCompleted, again.Status)

	fake, client, started = chatLoop(t, &cekura.StartAPIChatRequest{TimeoutSeconds: 120})
	fake.Advance(10 * time.Minute)
	res, err := client.Results.Get(ctx, started.ID)
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusCompleted, res.Status, "the timeout ended and scored it")
	turn, err := client.Runs.GetChatTurn(ctx, started.Runs[0].ID, 0)
	require.NoError(t, err)
	assert.Equal(t, "timeout", turn.EndedReason)

	// A run of another transport has no chat.
	other, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: res.AgentID, ScenarioIDs: []int64{1}})
	require.NoError(t, err)
	_, err = client.Runs.SendChatTurn(ctx, other.Runs[0].ID, &cekura.SendChatTurnRequest{Content: "hi"})
	var ae *cekura.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)
	assert.Contains(t, ae.Detail, "not an API chat run")
}

// TestVotesAndTraces: a vote on a run's metric once it is evaluated, and
// its trace once it has ended.
func TestVotesAndTraces(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.NoError(t, err)
	runID := started.Runs[0].ID
	vote := &cekura.VoteMetricRequest{MetricID: 1, ThumbsUp: cekura.Some(false), ExpectedValue: false, Feedback: "It never confirmed the refund."}
	var ae *cekura.APIError
	require.ErrorAs(t, client.Runs.VoteMetric(ctx, runID, vote), &ae)
	assert.Equal(t, []string{"The run has no evaluation of metric 1."}, ae.FieldErrors["metric_id"])
	_, err = client.Runs.GetTrace(ctx, runID)
	assert.ErrorIs(t, err, cekura.ErrNotFound, "no trace while the run goes on")

	fake.Advance(time.Hour)
	require.NoError(t, client.Runs.VoteMetric(ctx, runID, vote))
	require.ErrorAs(t, client.Runs.VoteMetric(ctx, runID, &cekura.VoteMetricRequest{MetricID: 7, ThumbsUp: cekura.Null[bool]()}), &ae)
	assert.Equal(t, []string{"The run has no evaluation of metric 7."}, ae.FieldErrors["metric_id"])
	assert.ErrorIs(t, client.Runs.VoteMetric(ctx, 999, vote), cekura.ErrNotFound)
	fake.mu.Lock()
	votes := fake.votes[runID]
	fake.mu.Unlock()
	require.Len(t, votes, 1)
	assert.False(t, *votes[0].thumbsUp)
	assert.Equal(t, "It never confirmed the refund.", votes[0].feedback)

	tr, err := client.Runs.GetTrace(ctx, runID)
	require.NoError(t, err)
	assert.Len(t, tr.TraceID, 32)
	var spans []map[string]any
	require.NoError(t, json.Unmarshal(tr.Spans, &spans))
	assert.Len(t, spans, 4)
	assert.Equal(t, "conversation", spans[0]["name"])
	for _, sp := range spans[1:] {
		assert.Equal(t, spans[0]["span_id"], sp["parent_span_id"])
		assert.Equal(t, tr.TraceID, sp["trace_id"])
	}
	_, err = client.Runs.GetTrace(ctx, 999)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
}
