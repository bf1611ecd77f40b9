package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ids returns n ids 1 … n.
func seqIDs(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

// TestResultsMetricsRequestsAreCheckedBeforeSending: each request of the
// results' actions, the metrics' jobs and Labs is refused with every
// problem at once, and nothing is sent.
func TestResultsMetricsRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"EvaluateMetrics empty", func() error { _, err := c.Results.EvaluateMetrics(ctx, 1, &EvaluateResultMetricsRequest{}); return err },
			[]FieldProblem{{"run_ids", "is required: the ids of the result's runs to evaluate"}, {"metric_ids", "is required: the ids of the metrics to evaluate them with"}}},
		{"EvaluateMetrics bad ids", func() error {
			_, err := c.Results.EvaluateMetrics(ctx, 1, &EvaluateResultMetricsRequest{RunIDs: []int64{3, 3}, MetricIDs: []int64{0}})
			return err
		}, []FieldProblem{{"run_ids", "holds 3 twice"}, {"metric_ids", "holds 0; ids are positive"}}},
		{"BulkEvaluateMetrics too many", func() error {
			return c.Results.BulkEvaluateMetrics(ctx, &BulkEvaluateResultMetricsRequest{ResultIDs: seqIDs(101), MetricIDs: []int64{1}})
		}, []FieldProblem{{"result_ids", "holds 101 ids; the API takes at most 100 at a time"}}},
		{"DeleteRuns", func() error { return c.Results.DeleteRuns(ctx, 1, &DeleteRunsRequest{RunIDs: []int64{-2}}) },
			[]FieldProblem{{"run_ids", "holds -2; ids are positive"}}},
		{"BulkDelete", func() error { return c.Results.BulkDelete(ctx, &BulkDeleteResultsRequest{}) },
			[]FieldProblem{{"result_ids", "is required: the ids of the results to delete"}}},
		{"AskAboutFailures blank", func() error {
			_, err := c.Results.AskAboutFailures(ctx, 1, &AskAboutFailuresRequest{Question: "  "})
			return err
		},
			[]FieldProblem{{"question", "is required"}}},
		{"AskAboutFailures long", func() error {
			_, err := c.Results.AskAboutFailures(ctx, 1, &AskAboutFailuresRequest{Question: strings.Repeat("é", 2001)})
			return err
		}, []FieldProblem{{"question", "is 2001 characters long; at most 2000 are allowed"}}},
		{"BulkCreate empty", func() error { _, err := c.Metrics.BulkCreate(ctx, &BulkCreateMetricsRequest{}); return err },
			[]FieldProblem{{"request", "holds no metrics; give at least one"}}},
		{"BulkCreate items", func() error {
			_, err := c.Metrics.BulkCreate(ctx, &BulkCreateMetricsRequest{Metrics: []*CreateMetricRequest{
				{Name: "ok"}, nil, {EvalType: EvalTypeEnum, TriggerType: "python", Configuration: json.RawMessage(`[]`)}}})
			return err
		}, []FieldProblem{{"[1]", "is nil"}, {"[2].name", "is required"}, {"[2].enum_values", "are required for an enum metric"},
			{"[2].trigger_type", `"python" is not one of llm_judge, custom_code`}, {"[2].configuration", "must be a JSON object"}}},
		{"Reorder", func() error {
			_, err := c.Metrics.Reorder(ctx, &ReorderMetricsRequest{MetricIDs: []int64{1, 2, 1}})
			return err
		},
			[]FieldProblem{{"metric_ids", "holds 1 twice"}}},
		{"Preview empty", func() error { _, err := c.Metrics.Preview(ctx, &PreviewMetricRequest{}); return err },
			[]FieldProblem{{"call_log_ids", "give call_log_ids or run_ids: the calls or runs to evaluate the metric on"},
				{"metric_data", "is required: the metric to evaluate"}}},
		{"Preview metric", func() error {
			_, err := c.Metrics.Preview(ctx, &PreviewMetricRequest{RunIDs: seqIDs(11), Metric: &MetricPreviewData{
				Type: MetricTypeCustomCode, EvaluationTrigger: EvaluationTriggerCustom}})
			return err
		}, []FieldProblem{{"metric_data.name", "is required"}, {"run_ids", "holds 11 ids; the API takes at most 10 at a time"},
			{"metric_data.eval_type", "is required: binary, continuous_qualitative, numeric or enum"},
			{"metric_data.custom_code", "is required for a custom_code metric"},
			{"metric_data.evaluation_trigger_prompt", "is required for a custom trigger of type llm_judge (the default)"}}},
		{"Preview custom code trigger", func() error {
			_, err := c.Metrics.Preview(ctx, &PreviewMetricRequest{CallIDs: []int64{1}, Metric: &MetricPreviewData{Name: "m",
				Type: MetricTypeLLMJudge, EvalType: EvalTypeBinary, EvaluationTrigger: EvaluationTriggerCustom, TriggerType: TriggerTypeCustomCode}})
			return err
		}, []FieldProblem{{"metric_data.evaluation_trigger_custom_code", "is required for a custom trigger of type custom_code"}}},
		{"GenerateMetrics", func() error {
			_, err := c.Metrics.GenerateMetrics(ctx, &GenerateMetricsRequest{AgentID: 1, AssistantID: "a", NumMetrics: 101})
			return err
		}, []FieldProblem{{"agent_id", "set exactly one of agent_id and assistant_id"}, {"num_metrics", "is 101; the API suggests 1 to 100 at a time"}}},
		{"SimplifyPrompt", func() error {
			_, err := c.Metrics.SimplifyPrompt(ctx, &SimplifyPromptRequest{MetricID: -1})
			return err
		},
			[]FieldProblem{{"original_prompt", "is required"}, {"metric_id", "must be a positive metric id, got -1"}}},
		{"GenerateCleanDescription", func() error {
			_, err := c.Metrics.GenerateCleanDescription(ctx, &MetricTextRequest{Type: "vibes", TriggerType: "x"})
			return err
		}, []FieldProblem{{"name", "is required"}, {"eval_type", "is required: binary, continuous_qualitative, numeric or enum"},
			{"type", `"vibes" is not one of basic, custom_prompt, llm_judge, custom_code`}, {"trigger_type", `"x" is not one of llm_judge, custom_code`}}},
		{"GenerateEvaluationTrigger", func() error {
			_, err := c.Metrics.GenerateEvaluationTrigger(ctx, &MetricTextRequest{Name: "m", EvalType: "score", AgentIDs: []int64{0}})
			return err
		}, []FieldProblem{{"eval_type", `"score" is not one of binary, continuous_qualitative, numeric, enum`}, {"agents", "holds 0; ids are positive"}}},
		{"StartCleanDescription", func() error {
			_, err := c.Metrics.StartCleanDescription(ctx, &CleanDescriptionRequest{ScoreKind: "binary"})
			return err
		},
			[]FieldProblem{{"metric_description", "is required"}, {"agent", "is required: the id of the agent the metric is for"},
				{"eval_type", `"binary" is not one of boolean, numeric, rating, enum`}}},
		{"RunReviews", func() error {
			_, err := c.Metrics.RunReviews(ctx, 1, &RunReviewsRequest{LLMProvider: "claude", MetricDescriptionProgram: json.RawMessage(`{`)})
			return err
		}, []FieldProblem{{"llm_provider", `"claude" is not one of openai, gemini, dspy-gepa-gemini-flash, deepseek-v4-flash`},
			{"metric_description_program", "is not valid JSON (leave it nil to send nothing)"}}},
		{"CriticalMetricScenarios.List", func() error {
			_, err := c.CriticalMetricScenarios.List(ctx, &ListCriticalMetricScenariosParams{Page: -1, MetricID: -5})
			return err
		}, []FieldProblem{{"page", "must be 1 or more (or 0 for the first page), got -1"}, {"metric_id", "must be a positive id, got -5"}}},
		{"CriticalMetricScenarios.Update empty", func() error {
			_, err := c.CriticalMetricScenarios.Update(ctx, 1, &UpdateCriticalMetricScenarioRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"CriticalMetricScenarios.Update", func() error {
			_, err := c.CriticalMetricScenarios.Update(ctx, 1, &UpdateCriticalMetricScenarioRequest{Priority: Some(CriticalPriority("urgent"))})
			return err
		}, []FieldProblem{{"priority", `"urgent" is not one of critical, non-critical, not_a_bug`}}},
		{"ProcessFeedbacks", func() error {
			_, err := c.MetricReviews.ProcessFeedbacks(ctx, &ProcessFeedbacksRequest{MetricType: "x", TestSetIDs: []int64{0}})
			return err
		}, []FieldProblem{{"metric_id", "is required: the id of the metric to improve"},
			{"metric_type", `"x" is not one of basic, custom_prompt, llm_judge, custom_code`}, {"test_set_ids", "holds 0; ids are positive"}}},
		{"AnswerFeedbackQuestions", func() error {
			return c.MetricReviews.AnswerFeedbackQuestions(ctx, &AnswerFeedbackQuestionsRequest{Answers: map[string]json.RawMessage{
				"q2": json.RawMessage(`{`), "q1": SkipQuestion(), " ": json.RawMessage(`1`)}})
		}, []FieldProblem{{"progress_id", "is required"}, {"answers", "has an answer without a question id"},
			{"answers", `the answer to "q2" is not valid JSON (SkipQuestion() skips the question)`}}},
		{"MetricReviews.Update", func() error {
			_, err := c.MetricReviews.Update(ctx, 1, &UpdateMetricReviewRequest{ExpectedValue: Some(json.RawMessage(`five`))})
			return err
		}, []FieldProblem{{"expected_value", `is not valid JSON (5, "escalated" …); Null() clears it`}}},
		{"GetPreview", func() error { _, err := c.Metrics.GetPreview(ctx, " "); return err },
			[]FieldProblem{{"progress_id", "is required: the progress_id the job's start answered"}}},
		{"WaitForReviewRun", func() error { _, err := c.Metrics.WaitForReviewRun(ctx, "", nil); return err },
			[]FieldProblem{{"progress_id", "is required: the progress_id the job's start answered"}}},
		{"WaitForFeedbackProcessing", func() error { _, err := c.MetricReviews.WaitForFeedbackProcessing(ctx, "", nil); return err },
			[]FieldProblem{{"progress_id", "is required: the progress_id the job's start answered"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestResultsMetricsMethodsRefuseANonPositiveID: each method that takes an
// id refuses 0 and -3 before sending, naming the kind of id.
func TestResultsMetricsMethodsRefuseANonPositiveID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, bad := range []int64{0, -3} {
		for kind, call := range map[string]func(id int64) error{
			"result": func(id int64) error { _, err := c.Results.Rerun(ctx, id); return err },
			"result ": func(id int64) error {
				_, err := c.Results.EvaluateMetrics(ctx, id, &EvaluateResultMetricsRequest{RunIDs: []int64{1}, MetricIDs: []int64{1}})
				return err
			},
			"result  ": func(id int64) error { return c.Results.DeleteRuns(ctx, id, &DeleteRunsRequest{RunIDs: []int64{1}}) },
			"result   ": func(id int64) error {
				_, err := c.Results.AskAboutFailures(ctx, id, &AskAboutFailuresRequest{Question: "why"})
				return err
			},
			"metric": func(id int64) error { _, err := c.Metrics.RunReviews(ctx, id, nil); return err },
			"critical metric scenario": func(id int64) error {
				_, err := c.CriticalMetricScenarios.Update(ctx, id, &UpdateCriticalMetricScenarioRequest{})
				return err
			},
			"metric review": func(id int64) error {
				_, err := c.MetricReviews.Update(ctx, id, &UpdateMetricReviewRequest{Feedback: Some("x")})
				return err
			},
		} {
			err := call(bad)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve, kind)
			assert.Contains(t, ve.Problems[0].Message, "must be a positive "+strings.TrimSpace(kind)+" id")
		}
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

// TestResultActionsSendWhatTheAPITakes checks each result action's method,
// path, body and decoded answer.
func TestResultActionsSendWhatTheAPITakes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	base := testBase + resultsPath
	mt.RegisterResponder("POST", base+"77/rerun/", capture(200, `{"id": 78, "status": "pending", "runs": {"5": {"id": 5, "status": "pending"}}}`, &got, &mu))
	mt.RegisterResponder("POST", base+"77/evaluate_metrics/", capture(200, `{"id": 77, "status": "evaluating"}`, &got, &mu))
	mt.RegisterResponder("POST", base+"bulk_evaluate_metrics/", capture(200, ``, &got, &mu))
	mt.RegisterResponder("POST", base+"77/delete_runs/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("POST", base+"bulk_delete/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("POST", base+"77/ask_about_failures/", capture(200, `"Two runs failed: the agent\nnever confirmed the order."`, &got, &mu))

	r, err := c.Results.Rerun(ctx, 77)
	require.NoError(t, err)
	assert.Equal(t, int64(78), r.ID)
	require.Len(t, r.Runs, 1)
	r, err = c.Results.EvaluateMetrics(ctx, 77, &EvaluateResultMetricsRequest{RunIDs: []int64{5, 6}, MetricIDs: []int64{118}})
	require.NoError(t, err)
	assert.Equal(t, RunStatusEvaluating, r.Status)
	require.NoError(t, c.Results.BulkEvaluateMetrics(ctx, &BulkEvaluateResultMetricsRequest{ResultIDs: []int64{77, 78}, MetricIDs: []int64{118}}))
	require.NoError(t, c.Results.DeleteRuns(ctx, 77, &DeleteRunsRequest{RunIDs: []int64{5}}))
	require.NoError(t, c.Results.BulkDelete(ctx, &BulkDeleteResultsRequest{ResultIDs: []int64{78}}))
	answer, err := c.Results.AskAboutFailures(ctx, 77, &AskAboutFailuresRequest{Question: "Why did they fail?"})
	require.NoError(t, err)
	assert.Equal(t, "Two runs failed: the agent\nnever confirmed the order.", answer)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 6)
	for i, want := range []string{``, `{"run_ids": [5, 6], "metric_ids": [118]}`, `{"result_ids": [77, 78], "metric_ids": [118]}`,
		`{"run_ids": [5]}`, `{"result_ids": [78]}`, `{"question": "Why did they fail?"}`} {
		assert.Equal(t, "POST", got[i].Method)
		if want == "" {
			assert.Empty(t, got[i].Body, "rerun sends no body")
			continue
		}
		assert.JSONEq(t, want, string(got[i].Body))
		assert.Equal(t, "application/json", got[i].Header.Get("Content-Type"))
	}
}

// TestAskAboutFailuresReadsATextAnswer: the answer the API streams may be
// a JSON string or plain text.
func TestAskAboutFailuresReadsATextAnswer(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`"one\ntwo"`:                 "one\ntwo",
		"  The agent hung up.\n\n":   "The agent hung up.",
		`"unterminated`:              `"unterminated`,
		`{"answer": "not a string"}`: `{"answer": "not a string"}`,
		``:                           "",
	} {
		assert.Equal(t, want, answerText([]byte(body)), "%q", body)
	}
}

// TestAskAboutFailuresReturnsTheRateLimitAtOnce: a 429 reaches the caller
// as the API's error, with its Retry-After, after one request; the caller
// may ask the SDK to wait and retry instead.
func TestAskAboutFailuresReturnsTheRateLimitAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	path := testBase + resultsPath + "77/ask_about_failures/"
	mt.RegisterResponder("POST", path, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(429, `{"detail": "Rate limit exceeded"}`)
		resp.Header.Set("Retry-After", "30")
		return resp, nil
	})
	answer, err := c.Results.AskAboutFailures(ctx, 77, &AskAboutFailuresRequest{Question: "why?"})
	assert.Empty(t, answer)
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTooManyRequests, apiErr.StatusCode)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, "Rate limit exceeded", apiErr.Detail)
	assert.Equal(t, "cekura: POST /test_framework/v2/results/77/ask_about_failures/: 429 Too Many Requests: Rate limit exceeded (retry after 30s)", err.Error())
	assert.False(t, MaybeApplied(err), "a 429 did nothing")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "not retried")
	assert.Empty(t, sl.get(), "and not waited for")

	_, err = c.Results.AskAboutFailures(ctx, 77, &AskAboutFailuresRequest{Question: "why?"}, WithMaxRetries(2))
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 4, mt.GetTotalCallCount(), "WithMaxRetries(2) asks twice more")
	assert.Equal(t, []time.Duration{30 * time.Second, 30 * time.Second}, sl.get(), "each after the Retry-After")
}

// TestMetricJobsSendWhatTheAPITakes checks each metric action's method,
// path, query, body and decoded answer.
func TestMetricJobsSendWhatTheAPITakes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	base := testBase + metricsPath
	respond := func(method, path string, status int, body string) {
		mt.RegisterResponder(method, base+path, capture(status, body, &got, &mu))
	}
	respond("POST", "bulk_create/", 201, `[{"id": 1, "name": "a", "trigger_type": "custom_code", "display_order": 2, "add_to_new_agents": null, "configuration": {"silence_duration": 10}}, {"id": 2, "name": "b"}]`)
	respond("PATCH", "reorder/", 200, `{"metric_ids": [2, 1]}`)
	respond("POST", "preview/", 200, `{"progress_id": "p-1"}`)
	respond("GET", "preview-progress/", 200, `{"status": "completed", "results": [{"run_id": 5, "value": true}]}`)
	respond("POST", "generate_metrics/", 200, `{"progress_id": "g-1"}`)
	respond("GET", "generate_metrics_progress/", 200, `{"status": "processing", "metrics": [{"name": "Greets"}]}`)
	respond("POST", "simplify_prompt/", 200, `{"original_prompt": "Long. Prompt.", "simplified_prompt": "Long.", "skipped_simplification": false}`)
	respond("GET", "simplify_prompt_progress/", 200, `{"status": "failed", "error": "model timeout"}`)
	respond("POST", "generate_clean_description/", 200, `{"id": 0, "name": "m", "eval_type": "binary", "description": "Clean."}`)
	respond("POST", "generate_clean_description_bg/", 200, `{"progress_id": "c-1"}`)
	respond("GET", "generate_clean_description_progress/", 200, `{"status": "completed", "clean_description": "Clean.", "thinking": "t"}`)
	respond("POST", "generate_evaluation_trigger/", 200, `{"name": "m", "eval_type": "binary", "evaluation_trigger": "custom", "trigger_type": "llm_judge", "evaluation_trigger_prompt": "Only refunds."}`)
	respond("POST", "118/run_reviews/", 200, `{"progress_id": "r-1"}`)
	respond("GET", "run_reviews_progress/", 200, `{"status": "processing", "total": 3, "completed": 2, "failed": 1}`)

	made, err := c.Metrics.BulkCreate(ctx, &BulkCreateMetricsRequest{Metrics: []*CreateMetricRequest{
		{Name: "a", TriggerType: TriggerTypeCustomCode, EvaluationTriggerCustomCode: "_result = True", DisplayOrder: Some(0), AddToNewAgents: Null[bool]()},
		{Name: "b", Configuration: json.RawMessage(`{"silence_duration": 10}`)}}})
	require.NoError(t, err)
	require.Len(t, made, 2)
	assert.Equal(t, TriggerTypeCustomCode, made[0].TriggerType)
	assert.Equal(t, 2, made[0].DisplayOrder)
	assert.Nil(t, made[0].AddToNewAgents)
	assert.JSONEq(t, `{"silence_duration": 10}`, string(made[0].Configuration))
	order, err := c.Metrics.Reorder(ctx, &ReorderMetricsRequest{MetricIDs: []int64{2, 1}})
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 1}, order.MetricIDs)

	p, err := c.Metrics.Preview(ctx, &PreviewMetricRequest{AgentID: 7, RunIDs: []int64{5},
		Metric: &MetricPreviewData{Name: "Greets", Type: MetricTypeLLMJudge, EvalType: EvalTypeBinary}})
	require.NoError(t, err)
	assert.Equal(t, "p-1", p.ProgressID)
	assert.False(t, p.Done())
	p, err = c.Metrics.GetPreview(ctx, "p-1")
	require.NoError(t, err)
	assert.Equal(t, "p-1", p.ProgressID, "kept from the request")
	assert.True(t, p.Done())
	require.NoError(t, p.Err())
	require.Len(t, p.Results, 1)

	g, err := c.Metrics.GenerateMetrics(ctx, &GenerateMetricsRequest{AssistantID: "asst_1", NumMetrics: 2})
	require.NoError(t, err)
	g, err = c.Metrics.GetMetricGeneration(ctx, g.ProgressID)
	require.NoError(t, err)
	assert.False(t, g.Done())
	require.Len(t, g.Metrics, 1)
	assert.Equal(t, "Greets", g.Metrics[0].Name)

	sp, err := c.Metrics.SimplifyPrompt(ctx, &SimplifyPromptRequest{OriginalPrompt: "Long. Prompt."})
	require.NoError(t, err)
	assert.True(t, sp.Done(), "answered at once")
	assert.Equal(t, "Long.", sp.SimplifiedPrompt)
	sp, err = c.Metrics.GetPromptSimplification(ctx, "s-1")
	require.NoError(t, err)
	assert.True(t, sp.Done())
	var failed *JobFailedError
	require.ErrorAs(t, sp.Err(), &failed)
	assert.Equal(t, JobFailedError{Job: "prompt simplification", ProgressID: "s-1", Status: JobStatusFailed, Message: "model timeout"}, *failed)
	assert.Equal(t, "cekura: prompt simplification s-1 failed: model timeout", failed.Error())

	m, err := c.Metrics.GenerateCleanDescription(ctx, &MetricTextRequest{Name: "m", EvalType: EvalTypeBinary, Description: "did  it greet"})
	require.NoError(t, err)
	assert.Equal(t, "Clean.", m.Description)
	cd, err := c.Metrics.StartCleanDescription(ctx, &CleanDescriptionRequest{AgentID: 7, MetricDescription: "did it greet", ScoreKind: ScoreKindBoolean})
	require.NoError(t, err)
	cd, err = c.Metrics.GetCleanDescription(ctx, cd.ProgressID)
	require.NoError(t, err)
	assert.Equal(t, "Clean.", cd.CleanDescription)
	m, err = c.Metrics.GenerateEvaluationTrigger(ctx, &MetricTextRequest{Name: "m", EvalType: EvalTypeBinary})
	require.NoError(t, err)
	assert.Equal(t, "Only refunds.", m.EvaluationTriggerPrompt)
	assert.Equal(t, TriggerTypeLLMJudge, m.TriggerType)

	rr, err := c.Metrics.RunReviews(ctx, 118, nil)
	require.NoError(t, err)
	rr, err = c.Metrics.GetReviewRun(ctx, rr.ProgressID)
	require.NoError(t, err)
	assert.True(t, rr.Done(), "every review completed or failed")
	require.ErrorAs(t, rr.Err(), &failed)
	assert.Equal(t, "1 of 3 reviews failed", failed.Message)

	mu.Lock()
	defer mu.Unlock()
	bodies := map[string]string{
		"POST bulk_create/": `[{"name": "a", "trigger_type": "custom_code", "evaluation_trigger_custom_code": "_result = True", "display_order": 0, "add_to_new_agents": null},
			{"name": "b", "configuration": {"silence_duration": 10}}]`,
		"PATCH reorder/":                      `{"metric_ids": [2, 1]}`,
		"POST preview/":                       `{"agent_id": 7, "run_ids": [5], "metric_data": {"name": "Greets", "type": "llm_judge", "eval_type": "binary"}}`,
		"POST generate_metrics/":              `{"assistant_id": "asst_1", "num_metrics": 2}`,
		"POST simplify_prompt/":               `{"original_prompt": "Long. Prompt."}`,
		"POST generate_clean_description/":    `{"name": "m", "eval_type": "binary", "description": "did  it greet"}`,
		"POST generate_clean_description_bg/": `{"agent": 7, "metric_description": "did it greet", "eval_type": "boolean"}`,
		"POST generate_evaluation_trigger/":   `{"name": "m", "eval_type": "binary"}`,
		"POST 118/run_reviews/":               `{}`,
	}
	queries := map[string]string{}
	for _, g := range got {
		u := strings.TrimPrefix(g.URL, base)
		path, query, _ := strings.Cut(u, "?")
		key := g.Method + " " + path
		if want, ok := bodies[key]; ok {
			assert.JSONEq(t, want, string(g.Body), key)
			delete(bodies, key)
		}
		if g.Method == "GET" {
			queries[path] = query
		}
	}
	assert.Empty(t, bodies, "every start was sent")
	assert.Equal(t, map[string]string{"preview-progress/": "progress_id=p-1", "generate_metrics_progress/": "progress_id=g-1",
		"simplify_prompt_progress/": "progress_id=s-1", "generate_clean_description_progress/": "progress_id=c-1",
		"run_reviews_progress/": "progress_id=r-1"}, queries)
}

// TestLabsSendWhatTheAPITakes checks predefined metrics, critical metric
// scenarios and metric reviews against httpmock.
func TestLabsSendWhatTheAPITakes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+predefinedMetricsPath, capture(200,
		`[{"id": 1, "name": "Latency", "code": "latency", "eval_type": "numeric", "cost": "0.005000", "category": "Speech Quality", "organization": null, "enum_values": null}]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+criticalMetricScenariosPath, capture(200,
		`{"count": 1, "next": null, "previous": null, "results": [{"id": 9, "scenario": "Order status", "priority": "critical"}]}`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+criticalMetricScenariosPath+"9/", capture(200, `{"id": 9, "scenario": "Order status", "priority": "not_a_bug"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+metricReviewsPath+"process_feedbacks/", capture(200, `{"progress_id": "f-1"}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+metricReviewsPath+"process_feedbacks_progress/", capture(200,
		`{"improved_metric_description": "Better.", "improved_evaluation_trigger": "always", "improved_trigger_kind": "always",
		  "review_results": [{"review_id": 1, "test_set_id": 2, "success": true, "actual_value": 5}], "old_score": {"num_correct": 1, "num_total": 2, "score": 0.5}}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+metricReviewsPath+"process_feedbacks_answer/", capture(200, ``, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+metricReviewsPath+"101/", capture(200,
		`{"id": 101, "metric": 1, "metric_name": "Greets", "expected_value": null, "explanation": "one reason", "feedback": "fine"}`, &got, &mu))

	pm, err := c.PredefinedMetrics.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, pm.Results, 1)
	assert.Equal(t, MetricCategorySpeechQuality, pm.Results[0].Category)
	assert.Equal(t, "0.005000", pm.Results[0].Cost)
	n := 0
	for m, err := range c.PredefinedMetrics.All(ctx, &ListPredefinedMetricsParams{}) {
		require.NoError(t, err)
		assert.Equal(t, "latency", m.Code)
		n++
	}
	assert.Equal(t, 1, n)

	page, err := c.CriticalMetricScenarios.List(ctx, &ListCriticalMetricScenariosParams{AgentID: 7, MetricID: 1, PageSize: 5})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Equal(t, CriticalPriorityCritical, page.Results[0].Priority)
	cs, err := c.CriticalMetricScenarios.Update(ctx, 9, &UpdateCriticalMetricScenarioRequest{Priority: Some(CriticalPriorityNotABug)})
	require.NoError(t, err)
	assert.Equal(t, CriticalPriorityNotABug, cs.Priority)

	fp, err := c.MetricReviews.ProcessFeedbacks(ctx, &ProcessFeedbacksRequest{MetricID: 1, TestSetIDs: []int64{2}, SkipEvaluation: true})
	require.NoError(t, err)
	fp, err = c.MetricReviews.GetFeedbackProcessing(ctx, fp.ProgressID)
	require.NoError(t, err)
	assert.True(t, fp.Done(), "no status, the improved metric is in")
	require.NoError(t, fp.Err())
	assert.Equal(t, "Better.", fp.ImprovedMetricDescription)
	assert.Equal(t, TriggerKindAlways, fp.ImprovedTriggerKind)
	assert.Equal(t, &OptimizationScore{NumCorrect: 1, NumTotal: 2, Score: 0.5}, fp.OldScore)
	require.Len(t, fp.ReviewResults, 1)
	assert.JSONEq(t, `5`, string(fp.ReviewResults[0].ActualValue))
	require.NoError(t, c.MetricReviews.AnswerFeedbackQuestions(ctx, &AnswerFeedbackQuestionsRequest{ProgressID: "f-1",
		Answers: map[string]json.RawMessage{"q1": SkipQuestion(), "q2": json.RawMessage(`"yes"`)}}))
	rv, err := c.MetricReviews.Update(ctx, 101, &UpdateMetricReviewRequest{ExpectedValue: Null[json.RawMessage](), Feedback: Some("fine")})
	require.NoError(t, err)
	assert.Equal(t, []string{"one reason"}, rv.Explanation)
	assert.Equal(t, "null", string(rv.ExpectedValue), "the JSON as sent")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 8)
	assert.Equal(t, testBase+predefinedMetricsPath, got[0].URL, "no query")
	assert.Equal(t, testBase+criticalMetricScenariosPath+"?agent_id=7&metric_id=1&page_size=5", got[2].URL)
	assert.JSONEq(t, `{"priority": "not_a_bug"}`, string(got[3].Body))
	assert.JSONEq(t, `{"metric_id": 1, "test_set_ids": [2], "skip_evaluation": true}`, string(got[4].Body))
	assert.Equal(t, testBase+metricReviewsPath+"process_feedbacks_progress/?progress_id=f-1", got[5].URL)
	assert.JSONEq(t, `{"progress_id": "f-1", "answers": {"q1": {"action": "skip"}, "q2": "yes"}}`, string(got[6].Body))
	assert.JSONEq(t, `{"expected_value": null, "feedback": "fine"}`, string(got[7].Body))
}

// TestJobOutcomes: each job is done in its terminal states only, and a
// failed one is returned by its Err as a *JobFailedError.
func TestJobOutcomes(t *testing.T) {
	t.Parallel()
	for _, s := range []JobStatus{"", JobStatusQueued, JobStatusProcessing, "paused"} {
		assert.False(t, (&MetricPreview{Status: s}).Done(), s)
		assert.False(t, (&MetricGeneration{Status: s}).Done(), s)
		assert.False(t, (&CleanDescription{Status: s}).Done(), s)
		assert.False(t, (&ReviewRun{Status: s, Total: 3, Completed: 2}).Done(), s)
		assert.False(t, (&FeedbackProcessing{Status: s}).Done(), s)
		assert.False(t, (&PromptSimplification{Status: s, ProgressID: "p"}).Done(), s)
	}
	assert.True(t, JobStatusQueued.Valid())
	assert.False(t, JobStatus("paused").Valid())
	for _, s := range []JobStatus{JobStatusCompleted, JobStatusFailed} {
		assert.True(t, (&MetricPreview{Status: s}).Done(), s)
		assert.True(t, (&ReviewRun{Status: s}).Done(), s)
		assert.True(t, (&FeedbackProcessing{Status: s}).Done(), s)
	}
	assert.True(t, (&FeedbackProcessing{ImprovedMetricDescription: "x"}).Done())
	assert.False(t, (&FeedbackProcessing{Status: JobStatusProcessing, ImprovedMetricDescription: "x"}).Done(), "a status says more")
	for _, j := range []interface{ Err() error }{
		&MetricPreview{Status: JobStatusCompleted}, &MetricGeneration{Status: JobStatusCompleted}, &CleanDescription{},
		&PromptSimplification{}, &ReviewRun{Total: 2, Completed: 2}, &FeedbackProcessing{ImprovedMetricDescription: "x"},
		(*MetricPreview)(nil), (*ReviewRun)(nil), (*FeedbackProcessing)(nil),
	} {
		assert.NoError(t, j.Err(), "%T", j)
	}
	err := (&MetricGeneration{ProgressID: "g", Status: JobStatusFailed}).Err()
	var failed *JobFailedError
	require.True(t, errors.As(err, &failed))
	assert.Equal(t, "cekura: metric generation g failed", err.Error())
	err = (&ReviewRun{ProgressID: "r", Status: JobStatusFailed, Error: "no test sets"}).Err()
	assert.EqualError(t, err, "cekura: metric review run r failed: no test sets")
	err = (&FeedbackProcessing{ProgressID: "f", Status: JobStatusFailed}).Err()
	require.ErrorAs(t, err, &failed)
	assert.Equal(t, "feedback processing", failed.Job)
}
