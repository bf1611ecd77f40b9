package cekuratest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// insightWireTypes are the answer errors of the checker that are the
// description's own: fix-metric's expected_value is "oneOf [{}, {type:
// null}]", the generator's nullable any, which a null matches twice while
// the text allows it ("or null for N/A").
//
// Where the description declares the generator's default schema for an
// answer (the insight row for the dates, categories, failure rates and
// pricing; the request's own schema for bulk generation, generation and
// fix-metric), the fake's answer is an object with the description's
// properties typed as declared, holding what the text describes under keys
// of its own, which the description allows.
var insightWireTypes = []string{"$.expected_value: matches 2 of the oneOf"}

// TestInsightsAndSessionsMatchTheSpec drives the failure-mode insights,
// deep research insights and improvement sessions through the fake and
// checks every answer against the whole API's description.
func TestInsightsAndSessionsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	setup := []struct{ method, path, body string }{
		{"POST", agentsPath, `{"name": "A", "description": "d", "project": 456, "provider": {"type": "vapi", "agent_id": "asst"}}`},
		{"POST", metricsPath, `{"name": "Refund policy", "type": "llm_judge", "eval_type": "binary", "project": 456}`},
		{"POST", scenariosPath, `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask"}`},
	}
	for i := range 6 {
		setup = append(setup, struct{ method, path, body string }{"POST", observePath, fmt.Sprintf(`{"call_id": "c%d", "agent": 1}`, i)})
	}
	for _, st := range setup {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Less(t, status, 300, "%s %s: %v", st.method, st.path, body)
	}
	s.Advance(time.Minute) // the calls are evaluated: they fail, with nothing to evaluate

	const fm, dr = failureInsightsPath, researchInsightsPath
	const ai, ais, si, sii = agentSessionsPath, agentSessionsPath + "{id}/", scenarioSessionsPath, scenarioSessionsPath + "{id}/"
	const cat = fm + "categories/{category_slug}/"
	scope := "?project=456&metric_id=1"
	steps := []struct {
		method, path, template, body string
		status                       int
		advance                      time.Duration
	}{
		{"POST", fm + "bulk_generate/", fm + "bulk_generate/", `{"project": 456, "metric_names": ["Refund policy"]}`, 200, 0},
		{"POST", fm + "bulk_generate/", fm + "bulk_generate/", `{"metric_names": "x"}`, 400, 0},
		{"GET", fm + "1/", fm + "{id}/", "", 200, time.Minute},
		{"GET", fm + "99/", fm + "{id}/", "", 404, 0},
		{"GET", fm + "available_dates/?project=456", fm + "available_dates/", "", 200, 0},
		{"GET", fm + "categories/?project=456&metric_id=1&agent_ids=1", fm + "categories/", "", 200, 0},
		{"GET", cat + "calls/" + scope + "&date_from=2000-01-01", cat + "calls/", "", 200, 0},
		{"GET", cat + "calls/?project=456", cat + "calls/", "", 400, 0},
		{"GET", fm + "failure-rates/?agent_ids=1", fm + "failure-rates/", "", 200, 0},
		{"POST", cat + "fix-metric/" + scope, cat + "fix-metric/", `{"failure_mode_index": 0, "feedback": "not the agent's fault", "expected_value": null}`, 200, 0},
		{"POST", cat + "fix-metric/" + scope, cat + "fix-metric/", `{"failure_mode_index": -1}`, 400, 0},
		{"DELETE", cat + "delete/" + scope, cat + "delete/", "", 204, 0},
		{"DELETE", cat + "delete/" + scope, cat + "delete/", "", 404, 0},

		{"GET", dr + "pricing/?project=456", dr + "pricing/", "", 200, 0},
		{"POST", dr + "generate/", dr + "generate/", `{"project": 456, "window_days": 7, "max_calls": 100, "focus": "empty calls"}`, 200, 0},
		{"POST", dr + "generate/", dr + "generate/", `{"project": 456, "window_days": 14}`, 200, 0}, // the running audit, as it is
		{"POST", dr + "generate/", dr + "generate/", `{"project": 456, "date_from": "2026-08-01T00:00:00Z"}`, 400, 0},
		{"GET", dr + "1/", dr + "{id}/", "", 200, 2 * time.Minute},
		{"GET", dr + "?project=456&latest_only=true", dr, "", 200, 0},
		{"POST", dr + "dismiss_mode/", dr + "dismiss_mode/", `{"project": 456, "insight": 1, "mode_title": "Calls with nothing to evaluate", "note": "known"}`, 200, 0},
		{"POST", dr + "dismiss_mode/", dr + "dismiss_mode/", `{"project": 456, "mode_title": "Another"}`, 200, 0},
		{"POST", dr + "dismiss_mode/", dr + "dismiss_mode/", `{"mode_title": ""}`, 400, 0},
		{"GET", dr, dr, "", 200, 0},
		{"DELETE", dr + "1/", dr + "{id}/", "", 204, 0},

		{"POST", ai, ai, `{"call_log_ids": [1, 2], "provider_key": "vapi_sk"}`, 201, 0},
		{"POST", ai, ai, `{"scenario_ids": [1], "run_ids": [], "provider_key": "vapi_sk"}`, 201, 0},
		{"POST", ai, ai, `{"call_log_ids": [1], "scenario_ids": [1]}`, 400, 0},
		{"GET", ais, ais, "", 200, 30 * time.Second},
		{"GET", ais, ais, "", 200, 2 * time.Minute},
		{"GET", ai, ai, "", 200, 0},

		{"POST", si, si, `{"project": 456, "title": "Sharpen refunds", "scenario_selection": [1]}`, 201, 0},
		{"POST", si, si, `{"scenario_selection": {"scenario_ids": [1]}}`, 201, 0},
		{"POST", si, si, `{"scenario_selection": "all"}`, 400, 0},
		{"GET", si + "?project_id=456", si, "", 200, 0},
		{"GET", sii, sii, "", 200, 0},
		{"PATCH", sii, sii, `{"status": "in_progress", "conversation_history": [{"role": "user", "content": "stricter", "timestamp": "2026-08-20T08:00:00Z", "tool_calls": []}]}`, 200, 0},
		{"PATCH", sii, sii, `{"status": "done"}`, 400, 0},
		{"GET", si, si, "", 200, 0},
		{"PUT", sii, sii, `{"title": "Replaced", "project": null, "scenario_ids": [1], "status": "completed"}`, 200, 0},
		{"DELETE", sii, sii, "", 204, 0},
	}
	for _, st := range steps {
		s.Advance(st.advance)
		path := strings.Replace(strings.Replace(st.path, "{id}", "1", 1), "{category_slug}", fakeModeSlug, 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		if status == 204 {
			require.Nil(t, body, "204 has no body")
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status >= 400 {
			continue // these operations document neither their 400 nor their 404's body
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(insightWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
}
