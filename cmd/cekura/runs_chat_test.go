package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chatFake is a fake with an agent, a scenario and an API chat run (run 1)
// whose conversation has opened, and the environment to reach it.
func chatFake(t *testing.T) (*cekuratest.Server, map[string]string) {
	t.Helper()
	fake, env := fixedFake(t)
	c := fake.Client()
	ctx := context.Background()
	_, err := c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "You want a refund."})
	require.NoError(t, err)
	_, err = c.Tests.StartAPIChat(ctx, &cekura.StartAPIChatRequest{AgentID: 1, ScenarioIDs: []int64{1}})
	require.NoError(t, err)
	fake.Advance(time.Minute)
	return fake, env
}

func TestRunsChatDrivesAConversation(t *testing.T) {
	fake, env := chatFake(t)
	// The command's own client waits in real time, and this fake's clock
	// stands still but for Advance: the test moves it (--fake moves it by
	// the waits, see TestRunsChatCommandsWorkWithTheFake).
	code, out, errOut := cli(t, env, "runs", "chat-turn", "1", "0")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "RUN  TURN  STATUS  ENDED  MESSAGE\n1    0     ready   false  -\n", out, "the agent speaks first")

	code, out, errOut = cli(t, env, "runs", "chat", "1", "--message", "Hello, ACME support.", "--metadata", "order_id=1042")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "1    1     generating  false")
	fake.Advance(5 * time.Second)
	code, out, errOut = cli(t, env, "runs", "chat-turn", "1", "1", "--wait", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var turn map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &turn))
	assert.Equal(t, "ready", turn["status"])
	assert.Equal(t, "Hi, I'm calling about my order.", turn["message"])

	code, _, errOut = cli(t, env, "runs", "chat", "1", "-m", "It ships today.")
	require.Equal(t, exitOK, code, errOut)
	fake.Advance(5 * time.Second)
	code, out, errOut = cli(t, env, "runs", "chat-turn", "1", "2", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "message: It's order 1042, placed last week.")

	code, out, errOut = cli(t, env, "runs", "end-chat", "1", "--reason", "main_agent_ended_call")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "RUN  RESULT  STATUS\n1    1       evaluating\n", out)
	code, _, errOut = cli(t, env, "runs", "chat", "1", "-m", "Still there?")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "409")

	var sent []map[string]any
	for _, r := range fake.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/runs/1/chat/") {
			var body map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &body))
			sent = append(sent, body)
		}
	}
	require.Len(t, sent, 3)
	assert.Equal(t, map[string]any{"content": "Hello, ACME support.", "metadata": map[string]any{"order_id": "1042"}}, sent[0])
}

func TestRunsVoteAndTrace(t *testing.T) {
	fake, env := fixedFake(t)
	c := fake.Client()
	ctx := context.Background()
	_, err := c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "x"})
	require.NoError(t, err)
	_, err = c.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}})
	require.NoError(t, err)

	code, _, errOut := cli(t, env, "runs", "trace", "1")
	assert.Equal(t, exitError, code, "no trace while the run goes on")
	assert.Contains(t, errOut, "404 Not Found")
	fake.Advance(time.Hour)

	code, _, errOut = cli(t, env, "runs", "vote", "1", "--metric", "1", "--thumbs", "down", "--expected", "false", "--feedback", "It never confirmed the refund.")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "voted on metric 1 of run 1\n", errOut)
	code, _, errOut = cli(t, env, "runs", "vote", "1", "--metric", "1", "--thumbs", "none", "--expected", "refund issued")
	require.Equal(t, exitOK, code, errOut)
	var votes []map[string]any
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, "/mark_metric_vote/") {
			var body map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &body))
			votes = append(votes, body)
		}
	}
	require.Len(t, votes, 2)
	assert.Equal(t, map[string]any{"metric_id": float64(1), "thumbs_up": false, "expected_value": false, "feedback": "It never confirmed the refund."}, votes[0],
		"--expected is read as JSON when it is JSON")
	assert.Equal(t, map[string]any{"metric_id": float64(1), "thumbs_up": nil, "expected_value": "refund issued"}, votes[1], "else as text")

	code, out, errOut := cli(t, env, "runs", "trace", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "TRACE ID                          SPANS\n00000000000000000000000000000001  4: conversation, stt, llm, tts\n", out)
	code, out, errOut = cli(t, env, "runs", "trace", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var tr struct {
		TraceID string           `json:"trace_id"`
		Spans   []map[string]any `json:"spans"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &tr))
	assert.Len(t, tr.Spans, 4)
	assert.Equal(t, "llm", tr.Spans[2]["name"])
}

func TestRunsChatCommandsWorkWithTheFake(t *testing.T) {
	for _, args := range [][]string{
		{"runs", "chat", "1", "-m", "Hello", "--wait", "--fake"},
		{"runs", "chat-turn", "1", "0", "--wait", "--fake"},
		{"runs", "end-chat", "1", "--fake", "-o", "yaml"},
		{"runs", "vote", "1", "--metric", "1", "--thumbs", "up", "--fake"},
		{"runs", "trace", "1", "--fake", "-o", "json"},
	} {
		code, out, errOut := cli(t, nil, args...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.NotEmpty(t, out+errOut, "%v", args)
	}
}

func TestRunsChatCommandsRefuseBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"runs", "chat", "1", "--fake"}, "give --message"},
		{[]string{"runs", "chat", "x", "-m", "hi", "--fake"}, `"x" is not an id`},
		{[]string{"runs", "chat-turn", "1", "x", "--fake"}, `"x" is not a turn id`},
		{[]string{"runs", "chat-turn", "1", "9", "--fake"}, "404 Not Found: Unknown turn."},
		{[]string{"runs", "vote", "1", "--metric", "1", "--thumbs", "sideways", "--fake"}, `--thumbs "sideways": use up, down or none`},
		{[]string{"runs", "vote", "1", "--thumbs", "up", "--fake"}, "metric_id: is required"},
		{[]string{"runs", "vote", "1", "--metric", "7", "--thumbs", "up", "--fake"}, "no evaluation of metric 7"},
		{[]string{"runs", "trace", "99", "--fake"}, "404 Not Found"},
	} {
		code, _, errOut := cli(t, nil, tc.args...)
		assert.Equal(t, exitError, code, "%v", tc.args)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

func TestRunTakesTheOtherTransports(t *testing.T) {
	for _, tc := range []struct {
		args []string
		path string
		body map[string]any
	}{
		{[]string{"--transport", "livekit_v2", "--frequency", "2"}, "run_scenarios_livekit_v2/",
			map[string]any{"agent": float64(1), "scenarios": []any{map[string]any{"scenario": float64(1)}}, "frequency": float64(2)}},
		{[]string{"--transport", "pipecat_v2", "--name", "nightly"}, "run_scenarios_pipecat_v2/",
			map[string]any{"scenarios": []any{map[string]any{"scenario": float64(1)}}, "name": "nightly"}},
		{[]string{"--transport", "vapi_webrtc", "--vapi-assistant", "asst_1"}, "run_scenarios_vapi_webrtc/",
			map[string]any{"agent_id": float64(1), "scenarios": []any{float64(1)}, "vapi_assistant_id": "asst_1"}},
		{[]string{"--transport", "retell_webrtc", "--retell-agent", "agent_r"}, "run_scenarios_retell_webrtc/",
			map[string]any{"agent_id": float64(1), "scenarios": []any{float64(1)}, "retell_agent_id": "agent_r"}},
		{[]string{"--transport", "with_websockets", "--websocket-url", "wss://bot.example/chat"}, "run_scenarios_with_websockets/",
			map[string]any{"agent": float64(1), "scenarios": []any{map[string]any{"scenario": float64(1), "websocket_url": "wss://bot.example/chat"}}, "frequency": float64(1)}},
		{[]string{"--transport", "email", "--agent-email", "bot@acme.example"}, "run_scenarios_email/",
			map[string]any{"agent_id": float64(1), "scenarios": []any{float64(1)}, "frequency": float64(1), "agent_email": "bot@acme.example"}},
		{[]string{"--transport", "api_chat", "--chat-timeout", "15m"}, "run_scenarios_api_chat/",
			map[string]any{"agent_id": float64(1), "scenarios": []any{float64(1)}, "timeout": float64(900)}},
	} {
		fake, env := fixedFake(t)
		_, err := fake.Client().Scenarios.Create(context.Background(), &cekura.CreateScenarioRequest{Name: "S", PersonalityID: 1, AgentID: 1, Instructions: "x"})
		require.NoError(t, err)
		code, out, errOut := cli(t, env, append([]string{"run", "--agent", "1", "--scenarios", "1"}, tc.args...)...)
		require.Equal(t, exitOK, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, out, "pending", tc.args)
		var got map[string]any
		for _, r := range fake.Requests() {
			if strings.HasSuffix(r.Path, "/"+tc.path) {
				require.NoError(t, json.Unmarshal(r.Body, &got))
			}
		}
		assert.Equal(t, tc.body, got, "%v", tc.args)
	}
	code, _, errOut := cli(t, nil, "run", "--fake", "--transport", "api_chat")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "cekura runs chat")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--transport", "pipecat"}, "use pipecat_v2"},
		{[]string{"--transport", "email", "--tags", "smoke"}, "picks scenarios by id"},
		{[]string{"--transport", "voice", "--agent-email", "a@b.example"}, "--agent-email is for --transport email, not voice"},
		{[]string{"--transport", "api_chat", "--chat-timeout", "2h"}, "use 1s to 1h"},
		{[]string{"--transport", "fax"}, `--transport "fax": use one of voice, text`},
	} {
		code, _, errOut := cli(t, nil, append([]string{"run", "--fake"}, tc.args...)...)
		assert.Equal(t, exitError, code, "%v", tc.args)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}
