package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
)

// labEndpoints are the fake's endpoints of the results' actions, the
// metrics' jobs and Labs, with the method each takes.
var labEndpoints = []struct{ method, path string }{
	{"POST", resultsPath + "1/rerun/"}, {"POST", resultsPath + "1/evaluate_metrics/"},
	{"POST", resultsPath + "bulk_evaluate_metrics/"}, {"POST", resultsPath + "1/delete_runs/"},
	{"POST", resultsPath + "bulk_delete/"}, {"POST", resultsPath + "1/ask_about_failures/"},
	{"POST", metricsPath + "bulk_create/"}, {"PATCH", metricsPath + "reorder/"}, {"POST", metricsPath + "preview/"},
	{"POST", metricsPath + "generate_metrics/"}, {"POST", metricsPath + "simplify_prompt/"},
	{"POST", metricsPath + "generate_clean_description/"}, {"POST", metricsPath + "generate_clean_description_bg/"},
	{"POST", metricsPath + "generate_evaluation_trigger/"}, {"POST", metricsPath + "1/run_reviews/"},
	{"PATCH", criticalMetricScenariosPath + "2/"}, {"PATCH", metricReviewsPath + "101/"},
	{"POST", metricReviewsPath + "process_feedbacks/"}, {"POST", metricReviewsPath + "process_feedbacks_answer/"},
}

// FuzzFakeLabs sends arbitrary bodies to those endpoints: the fake never
// panics, answers a 2xx or a 4xx, and a body that is JSON.
func FuzzFakeLabs(f *testing.F) {
	for i, body := range []string{`{"run_ids": [1], "metric_ids": [1]}`, `{"result_ids": [1, "2"], "metric_ids": ["x"]}`, `{"run_ids": [2]}`,
		`{"question": "why?"}`, `[{"name": "m"}, {}]`, `{"metric_ids": [1]}`, `{"run_ids": [1], "metric_data": {"name": "n", "type": "llm_judge", "eval_type": "enum"}}`,
		`{"agent_id": 0, "num_metrics": 0}`, `{"original_prompt": "a. b", "metric_id": 0}`, `{"name": "n", "eval_type": "binary", "evaluation_trigger": "custom"}`,
		`{"agent": 0, "metric_description": "d", "eval_type": "rating"}`, `{"name": 5}`, `{"llm_provider": 1}`, `{"priority": null}`,
		`{"expected_value": null, "feedback": 3}`, `{"metric_id": 0}`, `{"progress_id": "x", "answers": []}`, `null`, `[`} {
		f.Add(i, body)
	}
	f.Add(17, `{"metric_id": 0}`) // an id that names nothing, on each endpoint that takes one
	f.Add(12, `{"agent": 0, "metric_description": "d", "eval_type": "enum"}`)
	s := NewServer()
	defer s.Close()
	c := s.Client()
	ctx := f.Context()
	if _, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: strings.Repeat("d", 120)}); err != nil {
		f.Fatal(err)
	}
	if _, err := c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "S", PersonalityID: 1, AgentID: 1, Instructions: "i"}); err != nil {
		f.Fatal(err)
	}
	if _, err := c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "M", AgentIDs: []int64{1}}); err != nil {
		f.Fatal(err)
	}
	s.Script(Outcome{Fail: map[int64]string{1: "no"}})
	for range 2 {
		if _, err := c.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}}); err != nil {
			f.Fatal(err)
		}
	}
	s.Advance(time.Minute)
	f.Fuzz(func(t *testing.T, which int, body string) {
		e := labEndpoints[(which%len(labEndpoints)+len(labEndpoints))%len(labEndpoints)]
		req := httptest.NewRequest(e.method, e.path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		if w.Code < 200 || w.Code >= 500 || (w.Code >= 300 && w.Code < 400) {
			t.Fatalf("%s %s %q: status %d", e.method, e.path, body, w.Code)
		}
		if w.Body.Len() > 0 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %s: not JSON: %s", e.method, e.path, w.Body.Bytes())
		}
		if w.Code == http.StatusNoContent && w.Body.Len() > 0 {
			t.Fatalf("%s %s: a 204 with a body", e.method, e.path)
		}
	})
}
