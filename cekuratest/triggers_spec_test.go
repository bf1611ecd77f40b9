package cekuratest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunTriggersMatchTheSpec drives the run triggers of the other
// transports, a run's API chat, its metric votes and its trace through the
// fake, and checks every answer against the whole API's description.
func TestRunTriggersMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "email_id": "bot@acme.example"}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", scenariosPath, `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask", "tags": ["smoke"], "first_message": "Hi!"}`)
	require.Equal(t, 201, status)
	const sc, runs, v1runs = "/test_framework/v1/scenarios/", "/test_framework/v2/runs/", "/test_framework/v1/runs/"
	steps := []struct {
		method, path, template, body string
		status                       int
		advance                      time.Duration // before the step
	}{
		{"POST", sc + "run_scenarios_livekit_v2/", "", `{"scenarios": [{"scenario": 1, "publish_data_message": {"k": 1}}], "agent": 1, "frequency": 2,
			"livekit_data": {"agent_name": "bot"}, "personality_ids": [1], "mock_tool_names": null}`, 200, 0},
		{"POST", sc + "run_scenarios_livekit_v2/", "", `{"scenarios": [{"publish_data_message": 1}], "frequency": 101}`, 400, 0},
		{"POST", sc + "run_scenarios_pipecat/", "", `{"scenarios": [{"scenario": 1, "pipecat_room_url": "https://a.daily.co/r", "pipecat_token": "t"}]}`, 200, 0},
		{"POST", sc + "run_scenarios_pipecat/", "", `{"scenarios": [{"scenario": 1}]}`, 400, 0},
		{"POST", sc + "run_scenarios_pipecat_v2/", "", `{"scenarios": [{"scenario": 1, "publish_data_message": null}], "pipecat_data": {"pipecat_agent_name": "bot"}}`, 200, 0},
		{"POST", sc + "run_scenarios_vapi_webrtc/", "", `{"scenarios": [1], "vapi_assistant_id": "asst_1", "agent_id": 1}`, 200, 0},
		{"POST", sc + "run_scenarios_vapi_webrtc/", "", `{"scenarios": [1]}`, 400, 0},
		{"POST", sc + "run_scenarios_retell_webrtc/", "", `{"scenarios": [1], "retell_agent_id": "r"}`, 200, 0},
		{"POST", sc + "run_scenarios_with_websockets/", "", `{"scenarios": [{"scenario": 1, "websocket_url": "wss://a.example/chat"}], "frequency": 1}`, 201, 0},
		{"POST", sc + "run_scenarios_with_websockets/", "", `{"scenarios": [{"scenario": 1, "websocket_url": "https://a.example"}]}`, 400, 0},
		{"POST", sc + "run_scenarios_email/", "", `{"scenarios": [1], "frequency": 1}`, 200, 0},
		{"POST", sc + "run_scenarios_email/", "", `{"scenarios": [1], "frequency": 1, "agent_email": "not an address"}`, 400, 0},
		{"POST", sc + "run_scenarios_api_chat/", "", `{"agent_id": 1, "tags": ["smoke"], "timeout": 600}`, 200, 0},
		{"POST", sc + "run_scenarios_api_chat/", "", `{"agent_id": 1, "scenarios": [1], "timeout": 0}`, 400, 0},
		// Result 8 is the API chat; its run is 9.
		{"POST", runs + "9/chat/", runs + "{id}/chat/", `{"content": "Hello"}`, 409, 0},
		{"GET", runs + "9/chat/0/", runs + "{id}/chat/{turn_id}/", "", 200, 0},
		{"GET", runs + "9/chat/0/", runs + "{id}/chat/{turn_id}/", "", 200, time.Minute},
		{"POST", runs + "9/chat/", runs + "{id}/chat/", `{"content": "Hello, how can I help?", "metadata": {"k": "v"}}`, 202, 0},
		{"GET", runs + "9/chat/1/", runs + "{id}/chat/{turn_id}/", "", 200, 0},
		{"GET", runs + "9/chat/1/", runs + "{id}/chat/{turn_id}/", "", 200, 5 * time.Second},
		{"POST", runs + "9/chat/", runs + "{id}/chat/", `{"role": "Function Call", "data": {"id": "c1", "name": "lookup", "arguments": {}}}`, 202, 0},
		{"GET", runs + "9/chat/9/", runs + "{id}/chat/{turn_id}/", "", 404, 0},
		{"POST", runs + "9/end-chat/", runs + "{id}/end-chat/", `{"reason": "main_agent_ended_call"}`, 200, 0},
		{"GET", runs + "9/chat/1/", runs + "{id}/chat/{turn_id}/", "", 200, 0},
		{"POST", runs + "9/chat/", runs + "{id}/chat/", `{"content": "Still there?"}`, 409, 0},
		{"POST", runs + "1/mark_metric_vote/", runs + "{id}/mark_metric_vote/", `{"metric_id": 1, "thumbs_up": false, "expected_value": true, "feedback": "It did refund."}`, 200, time.Hour},
		{"POST", runs + "1/mark_metric_vote/", runs + "{id}/mark_metric_vote/", `{"metric_id": 1}`, 400, 0},
		{"POST", "/test_framework/v1/runs/1/mark_metric_vote/", v1runs + "{id}/mark_metric_vote/", `{"metric_id": 1, "thumbs_up": null, "expected_value": null}`, 200, 0},
		{"GET", v1runs + "1/trace/", v1runs + "{id}/trace/", "", 200, 0},
		{"GET", "/test_framework/v2/results/8/", "/test_framework/v2/results/{id}/", "", 200, 0},
	}
	for _, st := range steps {
		if st.advance > 0 {
			s.Advance(st.advance)
		}
		template := st.template
		if template == "" {
			template = st.path
		}
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		schema := responseSchema(spec, template, st.method, status)
		if schema == nil && status >= 400 {
			require.IsType(t, map[string]any{}, body, "%s %s: a DRF error body", st.method, st.path)
			continue // the description documents no body for this answer
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(specWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, st.path, status, body)
	}
	// Every trigger's 400 takes DRF's shape: field → messages.
	for name := range triggerSpecs {
		status, _, body := raw(t, s, "POST", fmt.Sprintf("%srun_scenarios_%s/", sc, name), `{}`)
		require.Equal(t, 400, status, name)
		require.Contains(t, body, "scenarios", name)
	}
}
