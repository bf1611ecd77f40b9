package cekuratest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/require"
)

// metricWireTypes are the metric answer fields the description types or
// requires one way while the API (and the fake) answer another.
var metricWireTypes = []string{
	// bulk_create's 400 is DRF's list serializer's: a list of each item's
	// errors, which the description's generic {"field_name": [...]} object
	// does not show.
	"$: is array, want [object]",
}

// TestResultsActionsAndMetricJobsMatchTheSpec drives the results' actions,
// the metrics' jobs, predefined metrics, critical metric scenarios and
// metric reviews through the fake, and checks every answer the description
// gives a schema against it; the others must still be JSON of the shape
// the SDK reads (a progress_id to follow, a status).
func TestResultsActionsAndMetricJobsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer(WithPageSize(2))
	defer s.Close()
	long := strings.Repeat("Answers support calls for a shop: refunds, order status and opening hours. ", 2)
	for _, body := range []string{`{"name": "A", "description": "` + long + `", "provider": {"type": "vapi", "agent_id": "asst_1"}}`} {
		status, _, out := raw(t, s, "POST", agentsPath, body)
		require.Equal(t, 201, status, "%v", out)
	}
	s.Script(Outcome{Fail: map[int64]string{2: "never confirmed the order"}})
	for _, body := range []string{
		`{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask"}`,
		`{"name": "Status", "personality": 1, "agent": 1, "instructions": "ask"}`,
	} {
		status, _, out := raw(t, s, "POST", scenariosPath, body)
		require.Equal(t, 201, status, "%v", out)
	}
	for range 3 {
		status, _, out := raw(t, s, "POST", scenariosPath+"run_scenarios/", `{"agent_id": 1, "scenarios": [1, 2]}`)
		require.Equal(t, 201, status, "%v", out)
	}
	status, _, out := raw(t, s, "POST", metricsPath, `{"name": "Greeting", "description": "Did the agent greet?", "type": "llm_judge", "eval_type": "binary", "agents": [1]}`)
	require.Equal(t, 201, status, "%v", out)
	status, _, out = raw(t, s, "POST", "/observability/v1/observe/", `{"call_id": "c1", "agent": 1, "transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]}`)
	require.Equal(t, 201, status, "%v", out)
	s.Advance(time.Minute) // the runs end: run 2 of each result failed

	const (
		res, resItem = "/test_framework/v2/results/", "/test_framework/v2/results/{id}/"
		met, metItem = "/test_framework/v2/metrics/", "/test_framework/v2/metrics/{id}/"
		crit         = "/test_framework/v1/critical-metric-scenarios/"
	)
	progressOf := map[string]string{}
	steps := []struct {
		method, path, template, body string
		status                       int
		// job names the progress endpoint that follows the answer's
		// progress_id, checked after the clock moves.
		job string
	}{
		{method: "POST", path: res + "1/rerun/", template: resItem + "rerun/", status: 200},
		{method: "POST", path: res + "1/evaluate_metrics/", template: resItem + "evaluate_metrics/", body: `{"run_ids": ["1"], "metric_ids": [1]}`, status: 200},
		{method: "POST", path: res + "1/evaluate_metrics/", template: resItem + "evaluate_metrics/", body: `{"run_ids": [99], "metric_ids": []}`, status: 400},
		{method: "POST", path: res + "bulk_evaluate_metrics/", template: res + "bulk_evaluate_metrics/", body: `{"result_ids": [2], "metric_ids": [1]}`, status: 200},
		{method: "POST", path: res + "bulk_evaluate_metrics/", template: res + "bulk_evaluate_metrics/", body: `{"result_ids": [], "metric_ids": [1]}`, status: 400},
		{method: "POST", path: res + "2/ask_about_failures/", template: resItem + "ask_about_failures/", body: `{"question": "Why did it fail?"}`, status: 200},
		{method: "POST", path: res + "2/ask_about_failures/", template: resItem + "ask_about_failures/", body: `{"question": ""}`, status: 400},
		{method: "POST", path: res + "3/delete_runs/", template: resItem + "delete_runs/", body: `{"run_ids": [5]}`, status: 204},
		{method: "POST", path: res + "3/delete_runs/", template: resItem + "delete_runs/", body: `{"run_ids": [1]}`, status: 400},
		{method: "GET", path: crit + "?agent_id=1", template: crit, status: 200},
		{method: "PATCH", path: crit + "6/", template: crit + "{id}/", body: `{"priority": "not_a_bug"}`, status: 200},
		{method: "PATCH", path: crit + "6/", template: crit + "{id}/", body: `{"priority": "urgent"}`, status: 400},
		{method: "GET", path: "/test_framework/v1/predefined-metrics/", template: "/test_framework/v1/predefined-metrics/", status: 200},
		{method: "POST", path: met + "bulk_create/", template: met + "bulk_create/", status: 201,
			body: `[{"name": "Refund policy", "type": "llm_judge", "eval_type": "binary", "agents": [1]}, {"name": "Tone", "eval_type": "enum", "enum_values": ["warm", "cold"]}]`},
		{method: "POST", path: met + "bulk_create/", template: met + "bulk_create/", body: `[{"name": "ok"}, {"type": "vibes"}]`, status: 400},
		{method: "PATCH", path: met + "reorder/", template: met + "reorder/", body: `{"metric_ids": [3, 1, 2]}`, status: 200},
		{method: "POST", path: met + "preview/", template: met + "preview/", status: 200, job: "preview-progress",
			body: `{"agent_id": 1, "run_ids": [1, 2], "metric_data": {"name": "Greets", "type": "llm_judge", "eval_type": "binary"}}`},
		{method: "POST", path: met + "generate_metrics/", template: met + "generate_metrics/", body: `{"agent_id": 1, "num_metrics": 2}`, status: 200, job: "generate_metrics_progress"},
		{method: "POST", path: met + "generate_metrics/", template: met + "generate_metrics/", body: `{"num_metrics": 0}`, status: 400},
		{method: "POST", path: met + "simplify_prompt/", template: met + "simplify_prompt/", body: `{"original_prompt": "Judge the greeting. Be strict."}`, status: 200},
		{method: "POST", path: met + "simplify_prompt/", template: met + "simplify_prompt/", status: 200, job: "simplify_prompt_progress",
			body: `{"original_prompt": "` + strings.Repeat("Judge whether the agent greeted the caller by name. ", 6) + `", "metric_id": 1}`},
		{method: "POST", path: met + "generate_clean_description/", template: met + "generate_clean_description/", status: 200,
			body: `{"name": "Greets", "eval_type": "binary", "description": "did it greet   the caller"}`},
		{method: "POST", path: met + "generate_clean_description_bg/", template: met + "generate_clean_description_bg/", status: 200, job: "generate_clean_description_progress",
			body: `{"agent": 1, "metric_description": "did it greet", "eval_type": "boolean"}`},
		{method: "POST", path: met + "generate_evaluation_trigger/", template: met + "generate_evaluation_trigger/", status: 200,
			body: `{"name": "Refund handled", "eval_type": "binary"}`},
		{method: "POST", path: met + "1/run_reviews/", template: metItem + "run_reviews/", body: `{"llm_provider": "gemini"}`, status: 200, job: "run_reviews_progress"},
		{method: "POST", path: "/test_framework/metric-reviews/process_feedbacks/", template: "/test_framework/metric-reviews/process_feedbacks/",
			body: `{"metric_id": 1, "test_set_ids": [1]}`, status: 200, job: "process_feedbacks_progress"},
		{method: "PATCH", path: "/test_framework/metric-reviews/101/", template: "/test_framework/metric-reviews/{id}/",
			body: `{"feedback": "A transfer is fine.", "expected_value": 5}`, status: 200},
		{method: "PATCH", path: "/test_framework/metric-reviews/104/", template: "/test_framework/metric-reviews/{id}/", body: `{"feedback": "x"}`, status: 404},
		{method: "POST", path: res + "bulk_delete/", template: res + "bulk_delete/", body: `{"result_ids": [3, 77]}`, status: 204},
	}
	check := func(method, path, template string, status int, body any) {
		t.Helper()
		schema := responseSchema(spec, template, method, status)
		if schema == nil {
			return
		}
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(append(specWireTypes, metricWireTypes...), func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", method, path, status, body)
	}
	for _, st := range steps {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if status == 204 {
			require.Nil(t, body)
			continue
		}
		if st.job != "" {
			id, _ := body.(map[string]any)["progress_id"].(string)
			require.NotEmpty(t, id, "%s %s answers a progress_id: %v", st.method, st.path, body)
			progressOf[st.job] = id
		}
		check(st.method, st.path, st.template, status, body)
	}

	// The jobs end on the fake's clock; each progress answer has a status.
	s.Advance(time.Minute)
	for job, id := range progressOf {
		prefix := met
		if job == "process_feedbacks_progress" {
			prefix = "/test_framework/metric-reviews/"
		}
		status, _, body := raw(t, s, "GET", prefix+job+"/?progress_id="+id, "")
		require.Equal(t, 200, status, "%s: %v", job, body)
		require.Equal(t, string(cekura.JobStatusCompleted), body.(map[string]any)["status"], "%s: %v", job, body)
		check("GET", prefix+job+"/", prefix+job+"/", status, body)
	}
	status, _, body := raw(t, s, "POST", "/test_framework/metric-reviews/process_feedbacks_answer/",
		`{"progress_id": "`+progressOf["process_feedbacks_progress"]+`", "answers": {"q1": {"action": "skip"}}}`)
	require.Equal(t, 200, status, "%v", body)
	status, _, body = raw(t, s, "GET", met+"preview-progress/?progress_id=nope", "")
	require.Equal(t, 400, status, "%v", body)
}
