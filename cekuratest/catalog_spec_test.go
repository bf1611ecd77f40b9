package cekuratest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// catalogWireTypes are the catalogue answer fields the description types
// as strings while its own text describes objects or numbers, which the
// fake sends (and the SDK reads, the strings included).
var catalogWireTypes = []string{
	// A personality's voice-layer settings: "Example: {\"volume\": 1.5, …}",
	// "Wait seconds … Example: 0.7".
	".generation_config: is object", ".network_simulation: is object", ".message_plan: is object",
	".start_speaking_plan: is number", ".start_speaking_plan: is integer", ".stop_speaking_plan: is object", ".background_sound_volume: is object",
	// A tool's served_via ("{'type': 'direct'}") and its count of agents.
	".served_via: is object", ".subscriber_count: is integer",
	// A test set's voice_recording is required and writeOnly at once: never
	// in an answer.
	`required property "voice_recording" is missing`,
}

// TestTheCatalogMatchesTheSpec drives the personalities, test sets, phone
// numbers and tools through the fake and checks every answer against the
// whole API's description.
func TestTheCatalogMatchesTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	for _, body := range []string{
		`{"name": "A", "description": "d", "project": 7, "mock_tools": [{"name": "get_order", "mock_data": [{"input": {"id": 1}, "output": {"ok": true}}]}]}`,
		`{"name": "B", "description": "d", "project": 7, "mock_tools": [{"name": "get_order", "mock_data": []}, {"name": "search", "served_via": {"type": "mcp", "mock_index": 1}}]}`,
	} {
		status, _, _ := raw(t, s, "POST", agentsPath, body)
		require.Equal(t, 201, status)
	}
	status, _, _ := raw(t, s, "POST", "/test_framework/v2/metrics/", `{"name": "Greeting", "type": "llm_judge", "eval_type": "binary", "agents": [1]}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", "/observability/v1/observe/", `{"call_id": "c1", "agent": 1, "transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", "/test_framework/v1/scenarios/", `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask"}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", "/test_framework/v1/scenarios/run_scenarios/", `{"agent_id": 1, "scenarios": [1]}`)
	require.Equal(t, 201, status)
	s.Advance(time.Hour) // the run completes

	const ps, pi = personalitiesPath, personalitiesPath + "{id}/"
	full := `{"project": 7, "name": "Impatient caller", "prompt": "In a hurry.", "language": "en", "accent": "American", "background_noise": "street",
		"voice_model": "sonic-3.5", "voice_id": "TX3L", "interruption_level": "high", "speed": "fast", "generation_config": {"volume": 1.5, "emotion": "happy"},
		"network_simulation": {"packet_loss": 0.05}, "message_plan": {"idle_timeout_seconds": 15}, "start_speaking_plan": 0.7,
		"stop_speaking_plan": {"num_words": 3, "voice_seconds": 0.3, "backoff_seconds": 0}, "background_sound_volume": {"base": 0.05, "reduced": 0.02},
		"end_call_enabled": false, "provider": "cartesia"}`
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"GET", ps, ps, "", 200},
		{"GET", ps + "?language=en&project_id=7", ps, "", 200},
		{"POST", ps, ps, full, 201},
		{"POST", ps, ps, `{"name": "Minimal", "background_noise": "none", "voice_model": "standard"}`, 201},
		{"POST", ps, ps, `{"name": "", "language": "xx"}`, 400},
		{"GET", "/test_framework/v1/personalities/5/", pi, "", 200},
		{"PATCH", "/test_framework/v1/personalities/5/", pi, `{"prompt": "Calmer.", "stop_speaking_plan": null, "start_speaking_plan": 1}`, 200},
		{"PUT", "/test_framework/v1/personalities/6/", pi, `{"name": "Replaced", "background_noise": "none", "voice_model": "standard"}`, 200},
		{"POST", "/test_framework/v1/personalities/1/fork/", pi + "fork/", `{"project_id": 7, "prompt": "Be brief."}`, 200},
		{"POST", "/test_framework/v1/personalities/5/fork/", pi + "fork/", ``, 200},
		{"POST", testSetsPath + "create_from_run/", testSetsPath + "create_from_run/", `{"run_id": 1, "metrics": [{"metric": 1, "expected_value": 5, "feedback": "ok"}]}`, 200},
		{"POST", testSetsPath + "create_from_call_log/", testSetsPath + "create_from_call_log/", `{"call_log_id": 1, "project": 7, "name": "Call", "metrics": [{"metric": 1}]}`, 200},
		{"POST", testSetsPath + "create_from_call_log/", testSetsPath + "create_from_call_log/", `{"call_log_id": 1, "metrics": [{"metric": 1, "expected_value": "x"}]}`, 200},
		{"GET", phoneNumbersPath + "inbound/", phoneNumbersPath + "inbound/", "", 200},
		{"GET", toolsPath, toolsPath, "", 200},
		{"GET", toolsPath + "?project_id=7&search=c_get&page_size=1", toolsPath, "", 200},
		{"GET", toolsPath + "1/", toolsPath + "{id}/", "", 200},
		{"GET", toolsPath + "2/", toolsPath + "{id}/", "", 200},
		{"DELETE", "/test_framework/v1/personalities/6/", pi, "", 204},
	}
	for _, st := range steps {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if status == 204 {
			require.Nil(t, body)
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status == 400 {
			continue // the personalities document no 400 body
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(catalogWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, st.path, status, body)
	}
}
