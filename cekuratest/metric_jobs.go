package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// The metrics' actions beyond CRUD: bulk_create, reorder, and the AI
// helpers, most of them background jobs that move on the fake's clock
// (jobStep per unit of work: a call previewed, a metric suggested, a
// review run).

// jobStep is how long the fake takes for one unit of a job's work.
const jobStep = 5 * time.Second

// labs is the state of the metrics' jobs, metric reviews, critical metric
// scenarios and questions about failures. s.mu guards it.
type labs struct {
	jobs map[string]*job
	seq  int
	// failJobs is the message of the jobs started since FailJobs; "" when
	// they succeed.
	failJobs string
	// asked are the times of the questions about failures within the
	// rate limit's window.
	asked []time.Time
	// priorities of the critical metric scenarios changed, by id.
	priorities map[int64]string
	// reviews changed, by id.
	reviews map[int64]*review
}

// lab returns the server's labs state, made on first use. s.mu is held.
func (s *Server) lab() *labs {
	if s.labs == nil {
		s.labs = &labs{jobs: map[string]*job{}, priorities: map[int64]string{}, reviews: map[int64]*review{}}
	}
	return s.labs
}

// FailJobs makes the background jobs of metrics and metric reviews
// (previews, generations, simplifications, clean descriptions, review
// runs, feedback processing) started from now on end failed, with message
// as their error; "" makes them succeed again.
func (s *Server) FailJobs(message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lab().failJobs = message
}

// job is a background job: its kind (which progress endpoint reads it),
// when it started, how many steps it takes, and what its progress says.
type job struct {
	id, kind string
	started  time.Time
	steps    int
	fail     string
	// answer is the progress answer: done steps so far, status, and the
	// job's own fields. s.mu is held.
	answer func(j *job, done int, status cekura.JobStatus) any
}

// state is how far the job is at now: steps done and its status.
func (j *job) state(now time.Time) (int, cekura.JobStatus) {
	elapsed := now.Sub(j.started)
	done := min(j.steps, int(elapsed/jobStep))
	switch {
	case done >= j.steps && j.fail != "":
		return done, cekura.JobStatusFailed
	case done >= j.steps:
		return done, cekura.JobStatusCompleted
	case elapsed < time.Second: // just started
		return done, cekura.JobStatusQueued
	}
	return done, cekura.JobStatusProcessing
}

// startJob stores a job and answers its progress_id. s.mu is held.
func (s *Server) startJob(w http.ResponseWriter, r *http.Request, kind string, steps int, answer func(j *job, done int, status cekura.JobStatus) any) {
	l := s.lab()
	l.seq++
	j := &job{id: fmt.Sprintf("00000000-0000-4000-9000-%012d", l.seq), kind: kind, started: s.now(), steps: max(1, steps), fail: l.failJobs, answer: answer}
	l.jobs[j.id] = j
	s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": j.id})
}

// jobProgress is the GET handler of a kind of job's progress endpoint.
func (s *Server) jobProgress(kind string) func(http.ResponseWriter, *http.Request, []byte) {
	return get(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		id := r.URL.Query().Get("progress_id")
		if id == "" {
			writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{msgRequired}})
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		j, ok := s.lab().jobs[id]
		if !ok || j.kind != kind {
			writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{"Invalid progress_id."}})
			return
		}
		done, status := j.state(s.now())
		writeJSON(w, http.StatusOK, j.answer(j, done, status))
	})
}

// jobError is a failed job's error field.
func jobError(j *job, status cekura.JobStatus) string {
	if status == cekura.JobStatusFailed {
		return j.fail
	}
	return ""
}

// metricActions are the metrics collection's named endpoints.
func (s *Server) metricActions() map[string]func(http.ResponseWriter, *http.Request, []byte) {
	return map[string]func(http.ResponseWriter, *http.Request, []byte){
		"bulk_create":                         post(s.bulkCreateMetrics),
		"reorder":                             only(http.MethodPatch, objectAction(s.reorderMetrics)),
		"preview":                             post(objectAction(s.previewMetric)),
		"preview-progress":                    s.jobProgress("preview"),
		"generate_metrics":                    post(objectAction(s.generateMetrics)),
		"generate_metrics_progress":           s.jobProgress("generate_metrics"),
		"simplify_prompt":                     post(objectAction(s.simplifyPrompt)),
		"simplify_prompt_progress":            s.jobProgress("simplify_prompt"),
		"generate_clean_description":          post(s.metricText(cleanDescription)),
		"generate_clean_description_bg":       post(objectAction(s.startCleanDescription)),
		"generate_clean_description_progress": s.jobProgress("clean_description"),
		"generate_evaluation_trigger":         post(s.metricText(evaluationTrigger)),
		"run_reviews_progress":                s.jobProgress("run_reviews"),
	}
}

// metricItemActions are a metric's named endpoints.
func (s *Server) metricItemActions() map[string]func(http.ResponseWriter, *http.Request, int64, []byte) {
	return map[string]func(http.ResponseWriter, *http.Request, int64, []byte){"run_reviews": postObject(s.runReviews)}
}

// bulkCreateMetrics creates every metric of a JSON array, or none: a
// problem of any is a 400 listing each metric's errors in order.
func (s *Server) bulkCreateMetrics(w http.ResponseWriter, r *http.Request, body []byte) {
	var items []json.RawMessage
	if json.Unmarshal(body, &items) != nil {
		var v any
		_ = json.Unmarshal(body, &v)
		writeJSON(w, http.StatusBadRequest, errTree{"non_field_errors": []string{"Expected a list of items but got type \"" + jsonKind(v) + "\"."}})
		return
	}
	if len(items) == 0 {
		writeJSON(w, http.StatusBadRequest, errTree{"non_field_errors": []string{"This list may not be empty."}})
		return
	}
	made := make([]*metric, len(items))
	all := make([]errTree, len(items))
	failed := false
	for i, item := range items {
		made[i] = &metric{}
		all[i] = made[i].apply(item, false)
		failed = failed || len(all[i]) > 0
	}
	if failed {
		writeJSON(w, http.StatusBadRequest, all)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	assistants := make([]string, len(made))
	attach := make([][]int64, len(made))
	for i, m := range made {
		fields, _ := parseObject(items[i])
		assistants[i] = m.m.AssistantID
		attach[i] = s.resolveMetric(m, fields, all[i])
		failed = failed || len(all[i]) > 0
	}
	if failed {
		writeJSON(w, http.StatusBadRequest, all)
		return
	}
	out := make([]any, len(made))
	for i, m := range made {
		m.m.ID = s.metrics.insert(m)
		if m.m.Slug == "" {
			m.m.Slug = strings.ToLower(strings.Join(strings.Fields(m.m.Name), "_"))
		}
		if m.m.ProjectID == 0 && len(m.m.AgentIDs) > 0 {
			if a, ok := s.agents.get(m.m.AgentIDs[0]); ok && a.project != nil {
				m.m.ProjectID = *a.project
			}
		}
		s.attachMetric(m.m.ID, attach[i])
		answer := m.m // bulk_create's serializer answers the assistant_id sent
		answer.AssistantID = assistants[i]
		out[i] = everyField(&answer)
	}
	s.finishWrite(w, r, http.StatusCreated, out)
}

// everyField is a metric as bulk_create's serializer answers it: every
// field, the unset ones at their zero value ("", false, {} or 0).
func everyField(m *cekura.Metric) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	for k, zero := range map[string]any{"assistant_id": "", "audio_enabled": false, "configuration": map[string]any{},
		"description": "", "display_order": 0, "project": 0, "prompt": ""} {
		if _, ok := out[k]; !ok {
			out[k] = zero
		}
	}
	return out
}

// reorderMetrics sets the metrics' display_order to their place in the
// list.
func (s *Server) reorderMetrics(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	ids := idsField(errs, fields, "metric_ids", 0)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metricIDs(errs, "metric_ids", ids)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	for i, id := range ids {
		m, _ := s.metrics.get(id)
		m.m.DisplayOrder = i
	}
	s.finishWrite(w, r, http.StatusOK, map[string][]int64{"metric_ids": ids})
}

// metricData checks a metric as the preview and the text writers take it:
// name, type and eval_type required (as requireType says), from their
// choices, and what each choice needs.
func metricData(fields map[string]json.RawMessage, requireType bool) errTree {
	errs := errTree{}
	requiredText(errs, fields, "name", 255)
	choices := map[string][]string{
		"type":               {"basic", "custom_prompt", "custom_code", "llm_judge"},
		"eval_type":          {"binary", "continuous_qualitative", "numeric", "enum"},
		"evaluation_trigger": {"always", "automatic", "custom"},
		"trigger_type":       {"llm_judge", "custom_code"},
	}
	values := map[string]string{}
	for _, k := range []string{"type", "eval_type", "evaluation_trigger", "trigger_type"} {
		raw, ok := fields[k]
		if !ok {
			if k == "eval_type" || (k == "type" && requireType) {
				errs.add(k, msgRequired)
			}
			continue
		}
		v, msg := choice(raw, choices[k])
		if msg != "" {
			errs.add(k, msg)
			continue
		}
		values[k] = v
	}
	text := func(k string) string { v, _ := str(fields[k]); return v }
	if values["eval_type"] == "enum" {
		var enum []string
		if json.Unmarshal(fields["enum_values"], &enum) != nil || len(enum) == 0 {
			errs.add("enum_values", "This field is required when eval_type is enum.")
		}
	}
	if values["type"] == "custom_code" && text("custom_code") == "" {
		errs.add("custom_code", "This field is required for a custom_code metric.")
	}
	if values["evaluation_trigger"] == "custom" {
		if values["trigger_type"] == "custom_code" && text("evaluation_trigger_custom_code") == "" {
			errs.add("evaluation_trigger_custom_code", "This field is required for a custom trigger of type custom_code.")
		} else if values["trigger_type"] != "custom_code" && text("evaluation_trigger_prompt") == "" {
			errs.add("evaluation_trigger_prompt", "This field is required for a custom trigger of type llm_judge.")
		}
	}
	return errs
}

// previewMetric evaluates a metric on calls or runs, one step each.
func (s *Server) previewMetric(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	var callIDs, runIDs []int64
	_, hasCalls := fields["call_log_ids"]
	_, hasRuns := fields["run_ids"]
	if !hasCalls && !hasRuns {
		errs.add("non_field_errors", "Provide call_log_ids or run_ids.")
	}
	if hasCalls {
		callIDs = idsField(errs, fields, "call_log_ids", 10)
	}
	if hasRuns {
		runIDs = idsField(errs, fields, "run_ids", 10)
	}
	var agent int64
	if raw, ok := fields["agent_id"]; ok {
		var msg string
		if agent, msg = integer(raw); msg != "" {
			errs.add("agent_id", msg)
		}
	}
	if raw, ok := fields["metric_data"]; !ok {
		errs.add("metric_data", msgRequired)
	} else if data, bad := object(raw); bad != nil {
		errs.nest("metric_data", bad)
	} else {
		errs.nest("metric_data", metricData(data, true))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range callIDs {
		if c, ok := s.calls.get(id); !ok || (agent != 0 && c.agent != agent) {
			errs.add("call_log_ids", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			break
		}
	}
	for _, id := range runIDs {
		rn, ok := s.runs.get(id)
		if ok && agent != 0 {
			res, _ := s.results.get(rn.result)
			ok = res.agent == agent
		}
		if !ok {
			errs.add("run_ids", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			break
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.startJob(w, r, "preview", len(callIDs)+len(runIDs), func(j *job, done int, status cekura.JobStatus) any {
		results := []any{}
		for i := range done {
			item := map[string]any{"value": true, "explanation": "The metric holds on this conversation."}
			if i < len(callIDs) {
				item["call_log_id"] = callIDs[i]
			} else {
				item["run_id"] = runIDs[i-len(callIDs)]
			}
			results = append(results, item)
		}
		return map[string]any{"progress_id": j.id, "status": status, "results": results, "error": jobError(j, status)}
	})
}

// generateMetrics suggests metrics for an agent, one step each.
func (s *Server) generateMetrics(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	n := int64(1)
	if raw, ok := fields["num_metrics"]; ok {
		v, msg := integer(raw)
		switch {
		case msg != "":
			errs.add("num_metrics", msg)
		case v < 1 || v > 100:
			errs.add("num_metrics", "Ensure this value is between 1 and 100.")
		}
		n = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var agentID int64
	raw, byID := fields["agent_id"]
	switch assistant, byAssistant := fields["assistant_id"]; {
	case byID:
		var msg string
		if agentID, msg = integer(raw); msg != "" {
			errs.add("agent_id", msg)
		}
	case byAssistant:
		if agentID = s.agentByAssistant(assistant); agentID == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		}
	default:
		errs.add("non_field_errors", "Either agent_id or assistant_id must be provided.")
	}
	a, ok := s.agents.get(agentID)
	switch {
	case len(errs) > 0:
	case !ok:
		errs.add("agent_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", agentID))
	case utf8.RuneCountInString(a.description) < 100:
		errs.add("non_field_errors", "The agent's description must be at least 100 characters long to generate metrics.")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.startJob(w, r, "generate_metrics", int(n), func(j *job, done int, status cekura.JobStatus) any {
		metrics := []*cekura.Metric{}
		for i := range done {
			metrics = append(metrics, &cekura.Metric{Name: fmt.Sprintf("Suggested metric %d", i+1), AgentIDs: []int64{agentID},
				Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary, EvaluationTrigger: cekura.EvaluationTriggerAlways,
				Description: fmt.Sprintf("Did the agent handle part %d of its job as its description says?", i+1)})
		}
		return map[string]any{"progress_id": j.id, "status": status, "metrics": metrics, "error": jobError(j, status)}
	})
}

// simplify is the fake's simplification: the first sentence, at most 200
// characters.
func simplify(prompt string) string {
	p := strings.Join(strings.Fields(prompt), " ")
	if i := strings.Index(p, ". "); i >= 0 {
		p = p[:i+1]
	}
	if r := []rune(p); len(r) > 200 {
		p = string(r[:200])
	}
	return p
}

// simplifyPrompt simplifies a prompt at once, or, when it is longer than
// 200 characters, in the background (two steps).
func (s *Server) simplifyPrompt(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	prompt := requiredText(errs, fields, "original_prompt", 0)
	var metricID int64
	s.mu.Lock()
	defer s.mu.Unlock()
	if raw, ok := fields["metric_id"]; ok {
		var msg string
		if metricID, msg = integer(raw); msg != "" {
			errs.add("metric_id", msg)
		} else if _, ok := s.metrics.get(metricID); !ok {
			errs.add("metric_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", metricID))
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if utf8.RuneCountInString(prompt) <= 200 {
		s.finishWrite(w, r, http.StatusOK, map[string]any{"original_prompt": prompt, "simplified_prompt": simplify(prompt), "skipped_simplification": false})
		return
	}
	s.startJob(w, r, "simplify_prompt", 2, func(j *job, _ int, status cekura.JobStatus) any {
		out := map[string]any{"progress_id": j.id, "status": status, "original_prompt": prompt, "skipped_simplification": false}
		if metricID != 0 {
			out["metric_id"] = metricID
		}
		switch status {
		case cekura.JobStatusCompleted:
			out["simplified_prompt"] = simplify(prompt)
		case cekura.JobStatusFailed:
			out["error"] = j.fail
		}
		return out
	})
}

// A text writer: what it changes in the metric it is given.
type textWriter func(m *cekura.Metric)

func cleanDescription(m *cekura.Metric) {
	d := strings.Join(strings.Fields(m.Description), " ")
	if d == "" {
		d = m.Name
	}
	m.Description = "Judge whether the agent did this: " + d
}

func evaluationTrigger(m *cekura.Metric) {
	m.EvaluationTrigger, m.TriggerType = cekura.EvaluationTriggerCustom, cekura.TriggerTypeLLMJudge
	m.EvaluationTriggerPrompt = "Evaluate this metric only when the conversation concerns: " + m.Name + "."
}

// metricText answers the metric it is given, rewritten by write; nothing
// is stored.
func (s *Server) metricText(write textWriter) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		fields, bad := parseObject(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
		if errs := metricData(fields, false); len(errs) > 0 {
			writeJSON(w, http.StatusBadRequest, errs)
			return
		}
		m := &metric{}
		if errs := m.apply(body, false); len(errs) > 0 {
			writeJSON(w, http.StatusBadRequest, errs)
			return
		}
		m.m.ID = 0
		write(&m.m)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.finishWrite(w, r, http.StatusOK, &m.m)
	}
}

// startCleanDescription writes a clean description in the background (two
// steps).
func (s *Server) startCleanDescription(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	errs := errTree{}
	agentID := requiredInt(errs, fields, "agent")
	description := requiredText(errs, fields, "metric_description", 0)
	if raw, ok := fields["eval_type"]; !ok {
		errs.add("eval_type", msgRequired)
	} else if _, msg := choice(raw, []string{"boolean", "numeric", "rating", "enum"}); msg != "" {
		errs.add("eval_type", msg)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.agents.get(agentID); !ok && len(errs) == 0 {
		errs.add("agent", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", agentID))
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.startJob(w, r, "clean_description", 2, func(j *job, _ int, status cekura.JobStatus) any {
		out := map[string]any{"progress_id": j.id, "status": status}
		switch status {
		case cekura.JobStatusCompleted:
			m := &cekura.Metric{Description: description}
			cleanDescription(m)
			out["clean_description"] = m.Description
			out["thinking"] = "Restated the description as one question the judge can answer."
		case cekura.JobStatusFailed:
			out["error"] = j.fail
		}
		return out
	})
}

// reviewsPerMetric is how many reviews (Labs test sets) each metric of the
// fake has: ids metric id × 100 + 1, + 2, + 3.
const reviewsPerMetric = 3

// runReviews runs a metric on its reviews, one step each.
func (s *Server) runReviews(w http.ResponseWriter, r *http.Request, id int64, fields map[string]json.RawMessage) {
	errs := errTree{}
	for k, choices := range map[string][]string{
		"llm_provider": {"openai", "gemini", "dspy-gepa-gemini-flash", "deepseek-v4-flash"},
		"trigger_type": {"llm_judge", "custom_code"},
		"type":         {"basic", "custom_prompt", "custom_code", "llm_judge"},
	} {
		if raw, ok := fields[k]; ok {
			if _, msg := choice(raw, choices); msg != "" {
				errs.add(k, msg)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.metrics.get(id)
	if !ok {
		notFound(w)
		return
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	snapshot := m.m
	s.startJob(w, r, "run_reviews", reviewsPerMetric, func(j *job, done int, status cekura.JobStatus) any {
		out := map[string]any{"progress_id": j.id, "status": status, "total": reviewsPerMetric, "completed": done, "failed": 0}
		switch status {
		case cekura.JobStatusCompleted:
			out["metric"] = &snapshot
		case cekura.JobStatusFailed:
			out["completed"], out["failed"], out["error"] = 0, done, j.fail
		}
		return out
	})
}
