package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Actions on test results: run them again, evaluate their runs' metrics
// again, delete runs or results, and ask the API's assistant about their
// failures.

// maxBulkIDs is the API's limit on the ids of one bulk request (results,
// runs), as its description states.
const maxBulkIDs = 100

// Rerun runs every scenario of a result again against the same agent,
// with the same connection (voice or text) and provider: POST
// /test_framework/v2/results/{id}/rerun/. It answers the new result, which
// Results.Wait follows to its verdict. It places calls and costs credits,
// so it is never retried once the request may have reached the API (see
// MaybeApplied).
func (s *ResultsService) Rerun(ctx context.Context, resultID int64, opts ...Option) (*Result, error) {
	if err := checkID("result", resultID); err != nil {
		return nil, err
	}
	return send[Result](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "rerun/"}, opts)
}

// EvaluateResultMetricsRequest evaluates metrics again on some runs of a
// result.
type EvaluateResultMetricsRequest struct {
	// RunIDs are the result's runs to evaluate; at least one.
	RunIDs []int64 `json:"run_ids"`
	// MetricIDs are the metrics to evaluate them with; at least one.
	//
	// The description types both lists' items as strings; the API's
	// serializer reads numbers as well, and sends ids as numbers
	// everywhere, so the SDK sends numbers.
	MetricIDs []int64 `json:"metric_ids"`
}

func (r *EvaluateResultMetricsRequest) validate(v *validator) {
	idList(v, "run_ids", r.RunIDs, 0, "the ids of the result's runs to evaluate")
	idList(v, "metric_ids", r.MetricIDs, 0, "the ids of the metrics to evaluate them with")
}

// idList checks a required list of ids: at least one, at most limit (when
// limit > 0), each positive and none twice. what says what the ids are.
func idList(v *validator, field string, list []int64, limit int, what string) {
	switch {
	case len(list) == 0:
		v.add(field, "is required: %s", what)
		return
	case limit > 0 && len(list) > limit:
		v.add(field, "holds %d ids; the API takes at most %d at a time", len(list), limit)
	}
	seen := make(map[int64]bool, len(list))
	for _, id := range list {
		switch {
		case id <= 0:
			v.add(field, "holds %d; ids are positive", id)
			return
		case seen[id]:
			v.add(field, "holds %d twice", id)
			return
		}
		seen[id] = true
	}
}

// EvaluateMetrics evaluates metrics again on runs of a result: POST
// /test_framework/v2/results/{id}/evaluate_metrics/. It answers the result
// as it is now; the evaluation runs in the background (Results.Wait sees
// it end). It costs credits, so it is never retried once the request may
// have reached the API.
func (s *ResultsService) EvaluateMetrics(ctx context.Context, resultID int64, req *EvaluateResultMetricsRequest, opts ...Option) (*Result, error) {
	if err := checkID("result", resultID); err != nil {
		return nil, err
	}
	return send[Result](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "evaluate_metrics/", body: req}, opts)
}

// BulkEvaluateResultMetricsRequest evaluates metrics again on every
// finished run of several results.
type BulkEvaluateResultMetricsRequest struct {
	// ResultIDs are the results, 1 to 100.
	ResultIDs []int64 `json:"result_ids"`
	// MetricIDs are the metrics to evaluate; at least one. Each must be
	// one the result's agent may use.
	MetricIDs []int64 `json:"metric_ids"`
}

func (r *BulkEvaluateResultMetricsRequest) validate(v *validator) {
	idList(v, "result_ids", r.ResultIDs, maxBulkIDs, "the ids of the results to evaluate again")
	idList(v, "metric_ids", r.MetricIDs, 0, "the ids of the metrics to evaluate")
}

// BulkEvaluateMetrics evaluates metrics again on every completed or failed
// run of up to 100 results: POST
// /test_framework/v2/results/bulk_evaluate_metrics/. The API checks the
// credits for the whole batch first, then sets each result running; follow
// them with Results.Wait. It is never retried once the request may have
// reached the API.
func (s *ResultsService) BulkEvaluateMetrics(ctx context.Context, req *BulkEvaluateResultMetricsRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: resultsPath + "bulk_evaluate_metrics/", body: req}, opts)
}

// DeleteRunsRequest names the runs of a result to delete.
type DeleteRunsRequest struct {
	// RunIDs are the runs, 1 to 100.
	RunIDs []int64 `json:"run_ids"`
}

func (r *DeleteRunsRequest) validate(v *validator) {
	idList(v, "run_ids", r.RunIDs, maxBulkIDs, "the ids of the result's runs to delete")
}

// DeleteRuns deletes runs of a result, for good, and has the result's
// aggregate metrics computed again without them: POST
// /test_framework/v2/results/{id}/delete_runs/ (204).
func (s *ResultsService) DeleteRuns(ctx context.Context, resultID int64, req *DeleteRunsRequest, opts ...Option) error {
	if err := checkID("result", resultID); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "delete_runs/", body: req}, opts)
}

// BulkDeleteResultsRequest names results to delete.
type BulkDeleteResultsRequest struct {
	// ResultIDs are the results, 1 to 100.
	ResultIDs []int64 `json:"result_ids"`
}

func (r *BulkDeleteResultsRequest) validate(v *validator) {
	idList(v, "result_ids", r.ResultIDs, maxBulkIDs, "the ids of the results to delete")
}

// BulkDelete deletes up to 100 results and their runs, for good, freeing
// the phone numbers and capacity they held: POST
// /test_framework/v2/results/bulk_delete/ (204). Results already deleted,
// or that the key cannot see, are skipped without an error: the API
// answers 204 even when it deleted none.
func (s *ResultsService) BulkDelete(ctx context.Context, req *BulkDeleteResultsRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: resultsPath + "bulk_delete/", body: req}, opts)
}

// maxQuestionLen is the API's limit on a question about failures, in
// characters.
const maxQuestionLen = 2000

// AskAboutFailuresRequest is a question about a result's failed runs.
type AskAboutFailuresRequest struct {
	// Question is in plain language ("Why did the refund scenarios
	// fail?"); required, at most 2000 characters.
	Question string `json:"question" cekura:"required"`
}

func (r *AskAboutFailuresRequest) validate(v *validator) {
	if n := utf8.RuneCountInString(r.Question); n > maxQuestionLen {
		v.add("question", "is %d characters long; at most %d are allowed", n, maxQuestionLen)
	}
}

// AskAboutFailures asks the API's assistant a question about a result's
// failed runs and returns its answer, as text: POST
// /test_framework/v2/results/{id}/ask_about_failures/.
//
// The API rate-limits these questions. A 429 is returned at once, not
// retried: an *APIError that matches errors.Is(err, ErrRateLimited), whose
// RetryAfter says how long the API asked to wait (0 when it did not say).
// To have the SDK wait and ask again instead, pass WithMaxRetries(n) to
// the call.
func (s *ResultsService) AskAboutFailures(ctx context.Context, resultID int64, req *AskAboutFailuresRequest, opts ...Option) (string, error) {
	if err := checkID("result", resultID); err != nil {
		return "", err
	}
	// The call's own options come after, so that WithMaxRetries(n) wins.
	opts = append([]Option{WithMaxRetries(0)}, opts...)
	body, err := s.c.exec(ctx, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "ask_about_failures/", body: req}, opts)
	if err != nil {
		return "", err
	}
	return answerText(body), nil
}

// answerText reads an answer the API streams as text: a JSON string (as
// its description types it) is decoded; anything else is the text as
// sent, without surrounding white space.
func answerText(body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var s string
		if json.Unmarshal(trimmed, &s) == nil {
			return s
		}
	}
	return strings.TrimSpace(string(body))
}
