package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
)

// Predefined metrics (a fixed catalogue), critical metric scenarios (the
// failed runs of ended results, as the metric that judged them flags
// them), and metric reviews (Labs: each metric has reviewsPerMetric
// reviews, and feedback processing is a background job).

const (
	predefinedMetricsPath       = "/test_framework/v1/predefined-metrics/"
	criticalMetricScenariosPath = "/test_framework/v1/critical-metric-scenarios/"
	metricReviewsPath           = "/test_framework/metric-reviews/"
)

// predefinedCatalogue is the fake's catalogue of predefined metrics.
var predefinedCatalogue = []cekura.PredefinedMetric{
	{ID: 1, Name: "Latency", Code: "latency", Slug: "latency", Description: "How long the agent takes to answer after the caller stops speaking.",
		Type: cekura.MetricTypeCustomCode, EvalType: cekura.EvalTypeNumeric, FunctionName: "get_latency", AudioEnabled: true,
		SimulationEnabled: true, ObservabilityEnabled: true, Cost: "0.000000", EvaluationTrigger: cekura.EvaluationTriggerAlways,
		Category: cekura.MetricCategorySpeechQuality, SubCategory: "Responsiveness"},
	{ID: 2, Name: "Interruptions", Code: "interruptions", Slug: "interruptions", Description: "How often the agent talks over the caller.",
		Type: cekura.MetricTypeCustomCode, EvalType: cekura.EvalTypeNumeric, FunctionName: "get_interruptions", AudioEnabled: true,
		SimulationEnabled: true, ObservabilityEnabled: true, Cost: "0.000000", EvaluationTrigger: cekura.EvaluationTriggerAlways,
		Category: cekura.MetricCategoryConversationQuality},
	{ID: 3, Name: "Detect Silence", Code: "detect_silence", Slug: "detect_silence", Description: "Whether the call has a mutual silence longer than the threshold.",
		Type: cekura.MetricTypeCustomCode, EvalType: cekura.EvalTypeBinary, FunctionName: "detect_silence", AudioEnabled: true,
		SimulationEnabled: true, ObservabilityEnabled: true, Configuration: json.RawMessage(`{"silence_duration":10}`), Cost: "0.000000",
		EvaluationTrigger: cekura.EvaluationTriggerAlways, Category: cekura.MetricCategorySpeechQuality},
	{ID: 4, Name: "Hallucination", Code: "hallucination", Slug: "hallucination", Description: "Whether the agent states facts its knowledge base does not support.",
		Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary, Prompt: "Did the agent state anything its knowledge base does not support?",
		SimulationEnabled: true, ObservabilityEnabled: true, Cost: "0.005000", EvaluationTrigger: cekura.EvaluationTriggerAlways,
		Category: cekura.MetricCategoryAccuracy},
	{ID: 5, Name: "Customer Satisfaction", Code: "csat", Slug: "customer_satisfaction", Description: "How satisfied the caller sounds at the end of the call.",
		Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeEnum, EnumValues: []string{"satisfied", "neutral", "unsatisfied"},
		SimulationEnabled: true, ObservabilityEnabled: true, Cost: "0.005000", EvaluationTrigger: cekura.EvaluationTriggerAutomatic,
		Category: cekura.MetricCategoryCustomerExperience},
}

func (s *Server) predefinedMetricRoute() route {
	return route{
		collection: predefinedMetricsPath,
		list: func(w http.ResponseWriter, _ *http.Request) { // a bare array, as the API sends it
			writeJSON(w, http.StatusOK, predefinedCatalogue)
		},
	}
}

// criticalMetric is the metric whose failure flags a run in the fake: the
// expected outcome every run is judged by (see renderRun).
const criticalMetric = 1

// flagged returns the critical metric scenarios (the failed runs of ended
// results, by run id) that keep accepts. s.mu is held.
func (s *Server) flagged(keep func(rn *cekura.Run, res *result) bool) []int64 {
	now := s.now()
	var ids []int64
	for _, id := range s.runs.ids(nil) {
		rn, _ := s.runs.get(id)
		res, ok := s.results.get(rn.result)
		if !ok {
			continue
		}
		out := s.renderRun(rn, res, now)
		if out.Status != cekura.RunStatusCompleted || out.Success || (keep != nil && !keep(out, res)) {
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// renderFlagged is a critical metric scenario as the API answers it. s.mu
// is held.
func (s *Server) renderFlagged(id int64) *cekura.CriticalMetricScenario {
	rn, _ := s.runs.get(id)
	p := s.lab().priorities[id]
	if p == "" {
		p = string(cekura.CriticalPriorityCritical)
	}
	return &cekura.CriticalMetricScenario{ID: id, Scenario: rn.scenarioName, Priority: cekura.CriticalPriority(p)}
}

func (s *Server) criticalMetricScenarioRoute() route {
	return route{
		collection: criticalMetricScenariosPath,
		list: func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			filters := map[string]int64{}
			for _, k := range []string{"agent_id", "category_id", "metric_id"} {
				if v := q.Get(k); v != "" {
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						writeJSON(w, http.StatusBadRequest, errTree{k: []string{msgInteger}})
						return
					}
					filters[k] = n
				}
			}
			pr, ok := s.parsePage(w, q)
			if !ok {
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			ids := s.flagged(func(rn *cekura.Run, res *result) bool {
				if a, ok := filters["agent_id"]; ok && res.agent != a {
					return false
				}
				if m, ok := filters["metric_id"]; ok && m != criticalMetric {
					return false
				}
				_, byCategory := filters["category_id"] // the fake has no critical categories
				return !byCategory
			})
			writePage(w, r, pr, ids, func(id int64) any { return s.renderFlagged(id) })
		},
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			fields, bad := parseObject(body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			priority := "" // the only field the description has
			if raw, ok := fields["priority"]; ok {
				v, msg := choice(raw, []string{"critical", "non-critical", "not_a_bug"})
				if msg != "" {
					writeJSON(w, http.StatusBadRequest, errTree{"priority": []string{msg}})
					return
				}
				priority = v
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			found := false
			for _, f := range s.flagged(nil) {
				found = found || f == id
			}
			if !found {
				notFound(w)
				return
			}
			if priority != "" {
				s.lab().priorities[id] = priority
			}
			s.finishWrite(w, r, http.StatusOK, s.renderFlagged(id))
		},
	}
}

// review is what a metric review's PATCH changed.
type review struct {
	feedback string
	expected json.RawMessage
}

// reviewOf resolves a review id (metric id × 100 + n, n = 1 to
// reviewsPerMetric) to its metric; false when there is no such review.
// s.mu is held.
func (s *Server) reviewOf(id int64) (*metric, bool) {
	n := id % 100
	if n < 1 || n > reviewsPerMetric {
		return nil, false
	}
	return s.metrics.get(id / 100)
}

// renderReview is a metric review as the API answers it. s.mu is held.
func (s *Server) renderReview(id int64, m *metric) *cekura.MetricReview {
	out := &cekura.MetricReview{ID: id, MetricID: m.m.ID, MetricName: m.m.Name, EvalType: string(m.m.EvalType),
		Explanation: []string{fmt.Sprintf("The metric judged test set %d.", id%100)}, MetricFunctionName: m.m.FunctionName}
	var enum []string
	if json.Unmarshal(m.m.EnumValues, &enum) == nil {
		out.MetricEnumValues = enum
	}
	if rv := s.lab().reviews[id]; rv != nil {
		out.Feedback, out.ExpectedValue = rv.feedback, rv.expected
	}
	return out
}

func (s *Server) metricReviewRoute() route {
	return route{
		collection: metricReviewsPath,
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			fields, bad := parseObject(body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			m, ok := s.reviewOf(id)
			if !ok {
				notFound(w)
				return
			}
			rv := review{}
			if old := s.lab().reviews[id]; old != nil {
				rv = *old
			}
			if raw, ok := fields["feedback"]; ok {
				v, msg := str(raw)
				if msg != "" {
					writeJSON(w, http.StatusBadRequest, errTree{"feedback": []string{msg}})
					return
				}
				rv.feedback = v
			}
			if raw, ok := fields["expected_value"]; ok {
				rv.expected = nil
				if !isNull(raw) {
					rv.expected = append(json.RawMessage(nil), raw...)
				}
			}
			s.lab().reviews[id] = &rv
			s.finishWrite(w, r, http.StatusOK, s.renderReview(id, m))
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"process_feedbacks":          post(objectAction(s.processFeedbacks)),
			"process_feedbacks_progress": s.jobProgress("process_feedbacks"),
			"process_feedbacks_answer":   post(objectAction(s.answerFeedbackQuestions)),
		},
	}
}

// processFeedbacks improves a metric from its reviews' feedback, one step
// each.
func (s *Server) processFeedbacks(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	metricID := requiredInt(errs, fields, "metric_id")
	if raw, ok := fields["metric_type"]; ok {
		if _, msg := choice(raw, []string{"basic", "custom_prompt", "custom_code", "llm_judge"}); msg != "" {
			errs.add("metric_type", msg)
		}
	}
	if _, ok := fields["test_set_ids"]; ok {
		idsField(errs, fields, "test_set_ids", 0)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.metrics.get(metricID)
	if !ok && len(errs) == 0 {
		errs.add("metric_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", metricID))
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	snapshot := m.m
	s.startJob(w, r, "process_feedbacks", reviewsPerMetric, func(j *job, done int, status cekura.JobStatus) any {
		out := &cekura.FeedbackProcessing{ProgressID: j.id, Status: status}
		switch status {
		case cekura.JobStatusFailed:
			out.Error = j.fail
		case cekura.JobStatusCompleted:
			d := strings.TrimSpace(snapshot.Description)
			if d == "" {
				d = snapshot.Name
			}
			out.ImprovedMetricDescription = d + " Count a transfer to a human as handled."
			out.ImprovedEvaluationTrigger = "always"
			out.ImprovedTriggerKind = cekura.TriggerKindAlways
			out.Type = snapshot.Type
			out.OptimizationSummary = "The metric now accepts a transfer to a human, as the reviewers said."
			out.OldScore = &cekura.OptimizationScore{NumCorrect: reviewsPerMetric - 1, NumTotal: reviewsPerMetric, Score: float64(reviewsPerMetric-1) / reviewsPerMetric}
			out.NewScore = &cekura.OptimizationScore{NumCorrect: reviewsPerMetric, NumTotal: reviewsPerMetric, Score: 1}
			for n := range int64(reviewsPerMetric) {
				out.ReviewResults = append(out.ReviewResults, cekura.ReviewResult{ReviewID: snapshot.ID*100 + n + 1,
					TestSetID: n + 1, ActualValue: json.RawMessage("true"), Success: true})
			}
		}
		return out
	})
}

// answerFeedbackQuestions takes answers for a feedback processing: the
// fake's never pause, so the answers are recorded and change nothing.
func (s *Server) answerFeedbackQuestions(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	id := requiredText(errs, fields, "progress_id", 0)
	if raw, ok := fields["answers"]; !ok {
		errs.add("answers", msgRequired)
	} else if answers, bad := object(raw); bad != nil {
		errs.nest("answers", bad)
	} else if len(answers) == 0 {
		errs.add("answers", "This field may not be empty.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if j, ok := s.lab().jobs[id]; id != "" && (!ok || j.kind != "process_feedbacks") {
		errs.add("progress_id", "Invalid progress_id.")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.finishWrite(w, r, http.StatusOK, nil)
}
