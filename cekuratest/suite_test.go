package cekuratest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTestsAsCodeMatchesTheSpec checks the fake's answers of
// run_scenarios_json, end_calls, end_call and create_shareable_link_token
// against the API's description.
func TestTestsAsCodeMatchesTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d"}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", "/test_framework/v2/metrics/", `{"name": "Greeting", "type": "llm_judge", "eval_type": "binary", "agents": [1]}`)
	require.Equal(t, 201, status)
	const run = "/test_framework/v2/scenarios/run_scenarios_json/"
	suite := `{"version": "1", "suite": {"name": "S"}, "scenarios": [{"name": "a", "instructions": "i", "metrics": ["greeting"], "frequency": 2}]}`
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", run, run, `{"agent_id": 1, "spec": ` + suite + `}`, 200},
		{"POST", run + "?dry_run=true", run, `{"agent_id": 1, "channel": "text", "spec": ` + suite + `}`, 200},
		{"POST", "/test_framework/v1/scenarios/run_scenarios_json/", "/test_framework/v1/scenarios/run_scenarios_json/", `{"agent_id": 1, "spec": ` + suite + `}`, 200},
		{"POST", run, run, `{"agent_id": 1, "spec": {"version": "1", "scenarios": [{"name": "a"}]}}`, 400},
		{"POST", "/test_framework/v2/runs/1/end_call/", "/test_framework/v2/runs/{id}/end_call/", "", 200},
		{"POST", "/test_framework/v2/results/1/end_calls/", "/test_framework/v2/results/{id}/end_calls/", "", 200},
		{"POST", "/test_framework/v2/results/1/create_shareable_link_token/", "/test_framework/v2/results/{id}/create_shareable_link_token/", `{"expire_at": "2026-09-01T00:00:00Z"}`, 200},
		{"POST", "/test_framework/v2/results/1/create_shareable_link_token/", "/test_framework/v2/results/{id}/create_shareable_link_token/", `{"expire_at": "soon"}`, 400},
		{"POST", "/test_framework/v2/results/9/end_calls/", "/test_framework/v2/results/{id}/end_calls/", "", 404},
		{"GET", "/test_framework/v2/results/1/end_calls/", "", "", 405},
	}
	for _, st := range steps {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if st.template == "" {
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil {
			assert.Nil(t, body, "%s %s %d: no response body", st.method, st.path, status)
			continue
		}
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(specWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, st.path, status, body)
	}
	// The run's answer is a result of two runs; the dry run's a plan.
	_, _, body := raw(t, s, "GET", "/test_framework/v2/results/1/", "")
	assert.Equal(t, "cancelled", body.(map[string]any)["status"])
	_, _, body = raw(t, s, "POST", run+"?dry_run=true", `{"agent_id": 1, "channel": "text", "spec": `+suite+`}`)
	plan := body.(map[string]any)["plan"].(map[string]any)
	assert.EqualValues(t, 2, plan["total_runs"])
	assert.EqualValues(t, 0.2, plan["estimated_cost"])
	s.Advance(time.Hour)
	_, _, body = raw(t, s, "GET", "/test_framework/v2/results/2/", "")
	assert.Equal(t, "completed", body.(map[string]any)["status"], "end_calls ended only its own result")
}

// A suite's case can be scripted to fail by its name: its scenario exists
// only for the run, so its id is not known beforehand.
func TestASuitesCaseFailsByName(t *testing.T) {
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d"}`)
	require.Equal(t, 201, status)
	s.Script(Outcome{FailNamed: map[string]string{"late": "the agent granted a refund after 45 days"}})
	status, _, _ = raw(t, s, "POST", "/test_framework/v2/scenarios/run_scenarios_json/", `{"agent_id": 1, "spec": {"version": "1",
		"scenarios": [{"name": "ok", "instructions": "i"}, {"name": "late", "instructions": "i", "frequency": 2}]}}`)
	require.Equal(t, 200, status)
	s.Advance(time.Hour)
	_, _, body := raw(t, s, "GET", "/test_framework/v2/results/1/", "")
	runs := body.(map[string]any)["runs"].(map[string]any) // keyed by run id, as the API sends them
	require.Len(t, runs, 3)
	var failed []string
	for _, r := range runs {
		r := r.(map[string]any)
		if r["success"] != true {
			failed = append(failed, r["scenario"].(map[string]any)["name"].(string))
		}
	}
	assert.Equal(t, []string{"late", "late"}, failed)
}
