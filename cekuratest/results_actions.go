package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
)

// The results' actions: rerun, evaluate_metrics, bulk_evaluate_metrics,
// delete_runs, bulk_delete and ask_about_failures, with the API's rules
// (ids lists of at most 100, the 429 of a question asked too often).

// maxBulk is the API's limit on the ids of one bulk request.
const maxBulk = 100

// Questions about failures: at most askLimit in any askWindow of the
// fake's clock; the next is answered 429 with a Retry-After.
const (
	askLimit  = 5
	askWindow = time.Minute
)

// idsField reads a required list of ids (integers, or strings holding one:
// the description types some of them as strings), of 1 to limit items
// (limit 0: no upper bound).
func idsField(errs errTree, fields map[string]json.RawMessage, key string, limit int) []int64 {
	raw, ok := fields[key]
	if !ok {
		errs.add(key, msgRequired)
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		errs.add(key, "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return nil
	}
	switch {
	case len(items) == 0:
		errs.add(key, "This list may not be empty.")
		return nil
	case limit > 0 && len(items) > limit:
		errs.add(key, fmt.Sprintf("Ensure this field has no more than %d elements.", limit))
		return nil
	}
	out := make([]int64, 0, len(items))
	bad := errTree{}
	for i, item := range items {
		id, msg := integer(item)
		if msg != "" {
			bad.add(strconv.Itoa(i), msg)
			continue
		}
		out = append(out, id)
	}
	if len(bad) > 0 {
		errs.nest(key, bad)
		return nil
	}
	return out
}

// postObject is an item action that takes a JSON object by POST: other
// methods are answered 405, a body that is not an object 400.
func postObject(h func(w http.ResponseWriter, r *http.Request, id int64, fields map[string]json.RawMessage)) func(http.ResponseWriter, *http.Request, int64, []byte) {
	return func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r.Method, http.MethodPost)
			return
		}
		fields, bad := parseObject(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
		h(w, r, id, fields)
	}
}

// objectAction is a collection action that takes a JSON object (its method
// checked by post, get or only).
func objectAction(h func(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage)) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		fields, bad := parseObject(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
		h(w, r, fields)
	}
}

// requiredText reads a required CharField that must not be blank, of at
// most limit characters (0: no limit); "" when it is refused.
func requiredText(errs errTree, fields map[string]json.RawMessage, key string, limit int) string {
	raw, ok := fields[key]
	if !ok {
		errs.add(key, msgRequired)
		return ""
	}
	v, msg := str(raw)
	switch {
	case msg != "":
		errs.add(key, msg)
	case strings.TrimSpace(v) == "":
		errs.add(key, msgBlank)
	case limit > 0 && utf8.RuneCountInString(v) > limit:
		errs.add(key, fmt.Sprintf("Ensure this field has no more than %d characters.", limit))
	default:
		return v
	}
	return ""
}

// requiredInt reads a required IntegerField; 0 when it is refused.
func requiredInt(errs errTree, fields map[string]json.RawMessage, key string) int64 {
	raw, ok := fields[key]
	if !ok {
		errs.add(key, msgRequired)
		return 0
	}
	v, msg := integer(raw)
	if msg != "" {
		errs.add(key, msg)
	}
	return v
}

// runsOf checks that every id is a run of res.
func runsOf(errs errTree, res *result, ids []int64) {
	for _, rid := range ids {
		if !slices.Contains(res.runs, rid) {
			errs.add("run_ids", fmt.Sprintf("Run %d is not a run of this result.", rid))
			return
		}
	}
}

// rerunResult runs a result's scenarios again: a new result, with a run for
// each of the old one's runs.
func (s *Server) rerunResult(w http.ResponseWriter, r *http.Request, id int64, _ map[string]json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.results.get(id)
	if !ok {
		notFound(w)
		return
	}
	now := s.now()
	if _, ended := old.phase(now); !ended {
		writeJSON(w, http.StatusBadRequest, detail("Only a completed result can be re-run."))
		return
	}
	res := &result{agent: old.agent, runAsText: old.runAsText, started: now, outcome: s.outcome}
	res.id = s.results.insert(res)
	res.name = old.name + " (re-run)"
	for _, rid := range old.runs {
		prev, _ := s.runs.get(rid)
		rn := &run{result: res.id, scenario: prev.scenario, scenarioName: prev.scenarioName}
		rn.id = s.runs.insert(rn)
		res.runs = append(res.runs, rn.id)
	}
	if ev, ok := s.newEvent(res.agent, webhook.EventTypeResultPreTrigger, "result_pre_trigger:"+strconv.FormatInt(res.id, 10),
		s.preTriggerData(res), preTriggerAttempts); ok {
		res.gated = true
		s.mu.Unlock()
		s.send(ev)
		s.mu.Lock()
		res.gated, res.started = false, s.now()
	}
	s.unannouncedResults[res.id] = struct{}{}
	if !res.outcome.Never {
		s.dueAt(res.started.Add(res.outcome.Duration))
	}
	// Runs keyed by id, as the description's Result has them.
	s.finishWrite(w, r, http.StatusOK, resultDetail(s.renderResult(res, s.now())))
}

// metricIDs checks that every id names a stored metric. s.mu is held.
func (s *Server) metricIDs(errs errTree, key string, ids []int64) {
	for _, id := range ids {
		if _, ok := s.metrics.get(id); !ok {
			errs.add(key, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			return
		}
	}
}

// reevaluate starts evaluating an ended result again, with the outcome
// scripted now (so that a test can script a new verdict). s.mu is held.
func (s *Server) reevaluateResult(res *result, now time.Time) {
	if _, ended := res.phase(now); !ended {
		return // its evaluation is still to come
	}
	d := res.outcome.Duration
	res.outcome = s.outcome
	res.outcome.Duration = d
	res.evaluatedAt = now
}

// evaluateResultMetrics evaluates metrics again on runs of a result.
func (s *Server) evaluateResultMetrics(w http.ResponseWriter, r *http.Request, id int64, fields map[string]json.RawMessage) {
	errs := errTree{}
	runIDs := idsField(errs, fields, "run_ids", 0)
	metricIDs := idsField(errs, fields, "metric_ids", 0)
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.results.get(id)
	if !ok {
		notFound(w)
		return
	}
	runsOf(errs, res, runIDs)
	s.metricIDs(errs, "metric_ids", metricIDs)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	s.reevaluateResult(res, now)
	s.finishWrite(w, r, http.StatusOK, resultDetail(s.renderResult(res, now)))
}

// bulkEvaluateResultMetrics evaluates metrics again on several results.
func (s *Server) bulkEvaluateResultMetrics(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	resultIDs := idsField(errs, fields, "result_ids", maxBulk)
	metricIDs := idsField(errs, fields, "metric_ids", 0)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range resultIDs {
		if _, ok := s.results.get(id); !ok {
			errs.add("result_ids", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			break
		}
	}
	s.metricIDs(errs, "metric_ids", metricIDs)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	for _, id := range resultIDs {
		res, _ := s.results.get(id)
		s.reevaluateResult(res, now)
	}
	s.finishWrite(w, r, http.StatusOK, nil) // "No response body"
}

// deleteRuns deletes runs of a result.
func (s *Server) deleteRuns(w http.ResponseWriter, r *http.Request, id int64, fields map[string]json.RawMessage) {
	errs := errTree{}
	runIDs := idsField(errs, fields, "run_ids", maxBulk)
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.results.get(id)
	if !ok {
		notFound(w)
		return
	}
	runsOf(errs, res, runIDs)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	res.runs = slices.DeleteFunc(res.runs, func(rid int64) bool { return slices.Contains(runIDs, rid) })
	for _, rid := range runIDs {
		s.runs.remove(rid)
	}
	s.finishWrite(w, r, http.StatusNoContent, nil)
}

// bulkDeleteResults deletes results and their runs; unknown ids are
// skipped, as the API skips them.
func (s *Server) bulkDeleteResults(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	resultIDs := idsField(errs, fields, "result_ids", maxBulk)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range resultIDs {
		res, ok := s.results.get(id)
		if !ok {
			continue
		}
		for _, rid := range res.runs {
			s.runs.remove(rid)
		}
		s.results.remove(id)
		delete(s.unannouncedResults, id)
	}
	s.finishWrite(w, r, http.StatusNoContent, nil)
}

// askAboutFailures answers a question about a result's failures with the
// verdict's account of them; too many questions in a minute are answered
// 429.
func (s *Server) askAboutFailures(w http.ResponseWriter, r *http.Request, id int64, fields map[string]json.RawMessage) {
	errs := errTree{}
	question := requiredText(errs, fields, "question", 2000)
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.results.get(id)
	if !ok {
		notFound(w)
		return
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	l := s.lab()
	l.asked = slices.DeleteFunc(l.asked, func(t time.Time) bool { return !now.Before(t.Add(askWindow)) })
	if len(l.asked) >= askLimit {
		wait := l.asked[0].Add(askWindow).Sub(now)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int((wait+time.Second-1)/time.Second))))
		writeJSON(w, http.StatusTooManyRequests, detail("Rate limit exceeded"))
		return
	}
	l.asked = append(l.asked, now)
	verdict := cekura.NewVerdict(s.renderResult(res, now))
	answer := fmt.Sprintf("You asked: %s\n%s.", strings.TrimSpace(question), verdict)
	if verdict.Passed {
		answer = fmt.Sprintf("You asked: %s\nNo run of result %d failed: %s.", strings.TrimSpace(question), id, verdict)
	}
	s.finishWrite(w, r, http.StatusOK, answer)
}
