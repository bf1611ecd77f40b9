package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// insightsFake is a fake with an agent of project 456, a metric of the
// project and another of project 7, and n evaluated calls that failed.
func insightsFake(t testing.TB, n int) *Server {
	t.Helper()
	s := NewServer()
	t.Cleanup(s.Close)
	writes := []struct{ path, body string }{
		{agentsPath, `{"name": "A", "description": "d", "project": 456}`},
		{metricsPath, `{"name": "Refund policy", "type": "llm_judge", "eval_type": "binary", "project": 456}`},
		{metricsPath, `{"name": "Elsewhere", "type": "llm_judge", "eval_type": "binary", "project": 7}`},
	}
	for i := range n {
		writes = append(writes, struct{ path, body string }{observePath, fmt.Sprintf(`{"call_id": "c%d", "agent": 1}`, i)})
	}
	for _, st := range writes {
		status, body := serve(s, "POST", st.path, st.body)
		require.Less(t, status, 300, "%s", body)
	}
	s.Advance(time.Minute)
	return s
}

// serve sends a request to the fake with its key, in process.
func serve(s *Server, method, path, body string) (int, []byte) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set(keyHeader, s.APIKey())
	w := httptest.NewRecorder()
	s.serveHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

func TestFailureInsightAuditsRunOnTheClock(t *testing.T) {
	s := insightsFake(t, 2)
	_, _, body := raw(t, s, "POST", failureInsightsPath+"bulk_generate/", `{"project": 456}`)
	rows := body.(map[string]any)["insights"].([]any)
	require.Len(t, rows, 1, "the project's metric only")
	assert.Equal(t, "pending", rows[0].(map[string]any)["status"])

	s.Advance(15 * time.Second)
	_, _, body = raw(t, s, "GET", failureInsightsPath+"1/", "")
	assert.Equal(t, "running", body.(map[string]any)["status"])
	s.Advance(time.Minute)
	_, _, body = raw(t, s, "GET", failureInsightsPath+"1/", "")
	ins := body.(map[string]any)
	assert.Equal(t, "succeeded", ins["status"])
	assert.EqualValues(t, 2, ins["total_failures_in_window"])

	_, _, body = raw(t, s, "GET", failureInsightsPath+"categories/?metric_id=1", "")
	cats := body.(map[string]any)["categories"].([]any)
	require.Len(t, cats, 1)
	assert.EqualValues(t, 2, cats[0].(map[string]any)["count"])
	_, _, body = raw(t, s, "GET", failureInsightsPath+"categories/?agent_ids=99", "")
	assert.Empty(t, body.(map[string]any)["categories"], "no call of agent 99")
	_, _, body = raw(t, s, "GET", failureInsightsPath+"categories/"+fakeModeSlug+"/calls/?project=456&metric_id=1", "")
	assert.Equal(t, map[string]any{"count": float64(2), "call_log_ids": []any{float64(2), float64(1)}}, body, "newest first")
	status, _, _ := raw(t, s, "GET", failureInsightsPath+"categories/"+fakeModeSlug+"/calls/?project=456&metric_id=2", "")
	assert.Equal(t, 404, status, "the slug is the metric's")
	status, _, _ = raw(t, s, "GET", failureInsightsPath+"categories/no-such-mode/calls/?project=456&metric_id=1", "")
	assert.Equal(t, 404, status)
	status, _, body = raw(t, s, "POST", failureInsightsPath+"categories/"+fakeModeSlug+"/fix-metric/", `{"failure_mode_index": 0}`)
	assert.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"project": []any{msgRequired}, "metric_id": []any{msgRequired}}, body)

	_, _, body = raw(t, s, "GET", failureInsightsPath+"failure-rates/", "")
	rates := body.(map[string]any)["failure_rates"].([]any)
	require.Len(t, rates, 2, "every metric of the fake's one tenant")
	assert.EqualValues(t, 100, rates[0].(map[string]any)["rate"])

	// A metric with no failing call is skipped.
	_, _, body = raw(t, s, "POST", failureInsightsPath+"bulk_generate/", `{"project": 7}`)
	require.Len(t, body.(map[string]any)["insights"], 1)
	s.Advance(time.Minute)
	for _, x := range s.FailureInsights() {
		if x.ProjectID == 7 {
			assert.Equal(t, "skipped_no_failures", string(x.Status), "project 7 has no calls")
		}
	}
}

func TestResearchAuditsRunOnTheClock(t *testing.T) {
	s := insightsFake(t, 5)
	_, _, body := raw(t, s, "POST", researchInsightsPath+"generate/", `{"project": 456}`)
	first := body.(map[string]any)
	assert.Equal(t, "pending", first["status"])
	assert.Equal(t, "[]", first["failure_modes"], "a JSON string, as the description types it")
	_, _, body = raw(t, s, "POST", researchInsightsPath+"generate/", `{"project": 456, "focus": "other"}`)
	assert.Equal(t, first["id"], body.(map[string]any)["id"], "the running audit, as it is")

	s.Advance(2 * time.Minute)
	got := s.ResearchInsights()
	require.Len(t, got, 1)
	assert.Equal(t, "succeeded", string(got[0].Status))
	require.Len(t, got[0].FailureModes, 1)
	assert.Equal(t, fakeModeTitle, got[0].FailureModes[0].Title)

	status, _, _ := raw(t, s, "POST", researchInsightsPath+"dismiss_mode/", `{"project": 456, "mode_title": "`+fakeModeTitle+`"}`)
	require.Equal(t, 200, status)
	assert.Empty(t, s.ResearchInsights()[0].FailureModes, "dismissed across the project")

	status, _, body = raw(t, s, "POST", researchInsightsPath+"generate/", `{"project": 456, "max_calls": 10, "window_days": 1}`)
	require.Equal(t, 200, status, "%v", body)
	s.Advance(2 * time.Minute)
	_, _, body = raw(t, s, "GET", researchInsightsPath+"?latest_only=true", "")
	require.Len(t, body, 1)
	assert.EqualValues(t, 2, body.([]any)[0].(map[string]any)["id"])

	small := insightsFake(t, 4)
	raw(t, small, "POST", researchInsightsPath+"generate/", `{"project": 456}`)
	small.Advance(2 * time.Minute)
	assert.Equal(t, "skipped_not_enough_data", string(small.ResearchInsights()[0].Status), "fewer than 5 calls")
}

func TestAgentSessionsRunThroughTheirStages(t *testing.T) {
	s := insightsFake(t, 1)
	status, _, body := raw(t, s, "POST", agentSessionsPath, `{"call_log_ids": [1]}`)
	require.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"provider_key": []any{msgRequired}}, body, "no key given, and none stored with the agent")
	status, _, body = raw(t, s, "POST", agentSessionsPath, `{"call_log_ids": [1, 9], "provider_key": "k"}`)
	require.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"call_log_ids": []any{`Invalid pk "9" - object does not exist.`}}, body)
	status, _, body = raw(t, s, "POST", agentSessionsPath, `{"call_log_ids": [1], "provider_key": "k"}`)
	require.Equal(t, 201, status, "%v", body)
	assert.NotContains(t, body, "provider_key", "write-only")

	seen := map[string]bool{}
	for range 12 {
		got := s.AgentImprovementSessions()[0]
		seen[string(got.Stage)] = true
		s.Advance(10 * time.Second)
	}
	got := s.AgentImprovementSessions()[0]
	assert.True(t, got.Done())
	assert.Equal(t, "succeeded", string(got.Status))
	assert.Len(t, seen, 7, "every stage, scenario generation included for calls: %v", seen)
	assert.EqualValues(t, 456, got.ProjectID, "the agent's project")
}

// FuzzFakeInsightWrites sends arbitrary bodies to the fake's insight and
// session write endpoints: it never panics, always answers a JSON object
// (or 204), with the API's statuses only.
func FuzzFakeInsightWrites(f *testing.F) {
	f.Add(0, `{"project": 456, "metric_names": ["Refund policy", 3]}`)
	f.Add(1, `{"failure_mode_index": "0", "feedback": 1, "expected_value": [true]}`)
	f.Add(2, `{"project": 456, "date_from": "2026-08-01T00:00:00Z", "date_to": "yesterday", "window_days": "x"}`)
	f.Add(3, `{"project": 456, "insight": 99, "mode_title": 5, "mode_severity": "`+strings.Repeat("x", 21)+`"}`)
	f.Add(4, `{"run_ids": [1], "scenario_ids": "1", "provider_key": null}`)
	f.Add(5, `{"scenario_selection": {"scenario_ids": ["a"]}, "title": null, "project": "x"}`)
	f.Add(6, `{"conversation_history": [{"role": 1}], "status": "done", "created_by": "me"}`)
	f.Add(7, `[`)
	s := insightsFake(f, 3)
	serve(s, "POST", failureInsightsPath+"bulk_generate/", `{"project": 456}`)
	serve(s, "POST", scenarioSessionsPath, `{"title": "seed"}`)
	s.Advance(time.Minute)
	targets := []struct{ method, path string }{
		{"POST", failureInsightsPath + "bulk_generate/"},
		{"POST", failureCategoriesPath + fakeModeSlug + "/fix-metric/?project=456&metric_id=1"},
		{"POST", researchInsightsPath + "generate/"},
		{"POST", researchInsightsPath + "dismiss_mode/"},
		{"POST", agentSessionsPath},
		{"POST", scenarioSessionsPath},
		{"PATCH", scenarioSessionsPath + "1/"},
		{"PUT", scenarioSessionsPath + "1/"},
	}
	f.Fuzz(func(t *testing.T, target int, body string) {
		tg := targets[(target%len(targets)+len(targets))%len(targets)]
		code, answer := serve(s, tg.method, tg.path, body)
		switch code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest:
		default:
			t.Fatalf("%s %s %q: status %d", tg.method, tg.path, body, code)
		}
		var out any
		if err := json.Unmarshal(answer, &out); err != nil {
			t.Fatalf("not JSON: %s", answer)
		}
		if m, ok := out.(map[string]any); ok {
			if _, leaked := m["provider_key"]; leaked && code != http.StatusBadRequest {
				t.Fatal("returned a write-only field")
			}
		}
		s.mu.Lock()
		s.requests = nil
		s.mu.Unlock()
	})
}
