package cekura

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzValidateResultsMetrics: the requests of the results' actions, the
// metrics' jobs and Labs are checked without panicking, each problem names
// a field and says what is wrong, and a list of ids is refused exactly
// when it is empty, too long, or holds a non-positive id or one twice.
func FuzzValidateResultsMetrics(f *testing.F) {
	f.Add(int64(1), int64(2), 3, "why?", "llm_judge", []byte(`{"k": 1}`))
	f.Add(int64(0), int64(-1), 101, "", "vibes", []byte(`[`))
	f.Add(int64(5), int64(5), 0, "\xff", "", []byte(nil))
	f.Fuzz(func(t *testing.T, a, b int64, n int, text, word string, raw []byte) {
		n = min(max(n, 0), 300)
		list := make([]int64, 0, n+2)
		for i := range n {
			list = append(list, int64(i+1))
		}
		list = append(list, a, b)
		reqs := []any{
			&EvaluateResultMetricsRequest{RunIDs: list, MetricIDs: []int64{a}},
			&BulkEvaluateResultMetricsRequest{ResultIDs: list, MetricIDs: []int64{b}},
			&DeleteRunsRequest{RunIDs: list}, &BulkDeleteResultsRequest{ResultIDs: list},
			&AskAboutFailuresRequest{Question: text},
			&BulkCreateMetricsRequest{Metrics: []*CreateMetricRequest{{Name: text, Type: MetricType(word), TriggerType: TriggerType(word), Configuration: raw}, nil}},
			&ReorderMetricsRequest{MetricIDs: list},
			&PreviewMetricRequest{AgentID: a, RunIDs: list, Metric: &MetricPreviewData{Name: text, Type: MetricType(word), EvalType: EvalType(word),
				EvaluationTrigger: EvaluationTrigger(word), TriggerType: TriggerType(word)}},
			&GenerateMetricsRequest{AgentID: a, AssistantID: text, NumMetrics: n},
			&SimplifyPromptRequest{OriginalPrompt: text, MetricID: b},
			&MetricTextRequest{Name: text, EvalType: EvalType(word), Configuration: raw, AgentIDs: list},
			&CleanDescriptionRequest{AgentID: a, MetricDescription: text, ScoreKind: ScoreKind(word)},
			&RunReviewsRequest{LLMProvider: LLMProvider(word), MetricDescriptionProgram: raw, TriggerType: TriggerType(word)},
			&ListCriticalMetricScenariosParams{Page: n - 1, AgentID: a, MetricID: b},
			&UpdateCriticalMetricScenarioRequest{Priority: Some(CriticalPriority(word))},
			&ProcessFeedbacksRequest{MetricID: a, MetricType: MetricType(word), TestSetIDs: list},
			&AnswerFeedbackQuestionsRequest{ProgressID: text, Answers: map[string]json.RawMessage{word: raw}},
			&UpdateMetricReviewRequest{ExpectedValue: Some(json.RawMessage(raw))},
		}
		for _, r := range reqs {
			err := validateRequest(r, false)
			if err == nil {
				continue
			}
			ve, ok := err.(*ValidationError)
			if !ok {
				t.Fatalf("%T: %v is not a *ValidationError", r, err)
			}
			for _, p := range ve.Problems {
				if p.Field == "" || p.Message == "" || !utf8.ValidString(p.Field) {
					t.Fatalf("%T: a problem without a field or message: %+v", r, p)
				}
			}
		}
		var v validator
		idList(&v, "ids", list, maxBulkIDs, "the ids")
		seen, bad := map[int64]bool{}, len(list) == 0 || len(list) > maxBulkIDs
		for _, id := range list {
			bad = bad || id <= 0 || seen[id]
			seen[id] = true
		}
		if bad != (v.err() != nil) {
			t.Fatalf("idList(%v): refused %v, want %v", list, v.err() != nil, bad)
		}
	})
}

// FuzzDecodeJobs: any answer decodes into each job's progress without
// panicking, a job whose Err is not nil is done, and a text answer is read
// whatever it holds.
func FuzzDecodeJobs(f *testing.F) {
	f.Add([]byte(`{"progress_id": "p", "status": "failed", "error": "x", "total": 3, "completed": 1, "failed": 2}`))
	f.Add([]byte(`{"status": 5, "results": {}, "metrics": [null, 1], "metric": []}`))
	f.Add([]byte(`"an answer\nin two lines"`))
	f.Add([]byte(`{"improved_metric_description": "x", "old_score": {"score": "high"}, "review_results": [{"success": "yes"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = answerText(body)
		jobs := []interface {
			Done() bool
			Err() error
		}{&MetricPreview{}, &MetricGeneration{}, &PromptSimplification{}, &CleanDescription{}, &ReviewRun{}, &FeedbackProcessing{}}
		for _, j := range jobs {
			if err := decodeInto(body, j); err != nil {
				if json.Valid(body) && isJSONObject(body) {
					t.Fatalf("%T: a valid JSON object failed to decode: %v", j, err)
				}
				continue
			}
			if j.Err() != nil && !j.Done() {
				t.Fatalf("%T: failed but not done: %s", j, body)
			}
		}
	})
}
