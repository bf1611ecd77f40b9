package cekuratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// The call-log endpoints beyond observe, list, get and delete: the update
// (PATCH), metric votes, traces (v1 only), and scenarios made from calls in
// the background, on the fake's clock.

// callsV1Path is the v1 call-log collection, where the trace lives.
const callsV1Path = "/observability/v1/call-logs/"

// callLog is what a call keeps for these endpoints.
type callLog struct {
	traceID, feedback string
	dynamicVariables  json.RawMessage
	// review is a status an update set (a human review); it is what the
	// call's status reads, evaluated or not.
	review   cekura.CallStatus
	reviewed bool
	// minutes is the duration an update set; timestamp the time.
	minutes   *float64
	timestamp time.Time
}

// observed keeps what observe received for these endpoints.
func (l *callLog) observed(fields map[string]json.RawMessage) {
	l.traceID, _ = str(fields["trace_id"])
	l.feedback, _ = str(fields["feedback"])
	if isObject(fields["dynamic_variables"]) {
		l.dynamicVariables = fields["dynamic_variables"]
	}
}

// finish adds them to the call's answer.
func (l *callLog) finish(out *cekura.Call) {
	out.TraceID, out.Feedback, out.IsReviewed = l.traceID, l.feedback, l.reviewed
	out.DynamicVariables = l.dynamicVariables
	if l.review != "" {
		out.Status = l.review
	}
	if l.minutes != nil {
		secs := int(math.Round(*l.minutes * 60))
		out.Duration = fmt.Sprintf("%02d:%02d", secs/60, secs%60)
	}
	if !l.timestamp.IsZero() {
		out.Timestamp = l.timestamp
	}
}

func isObject(raw json.RawMessage) bool {
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) && json.Valid(raw)
}

// mergeObject merges the top-level keys of patch into base (both JSON
// objects; base may be empty), as the API merges metadata.
func mergeObject(base, patch json.RawMessage) json.RawMessage {
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(base, &m)
	var p map[string]json.RawMessage
	_ = json.Unmarshal(patch, &p)
	for k, v := range p {
		m[k] = v
	}
	out, _ := json.Marshal(m)
	return out
}

// callLogActions adds the update and the actions to the call-log route.
func (s *Server) callLogActions(rt route) route {
	rt.update = s.updateCall
	rt.itemActions = map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
		"mark_metric_vote": func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			if r.Method != http.MethodPost {
				methodNotAllowed(w, r.Method, http.MethodPost)
				return
			}
			s.voteMetric(w, r, id, body)
		},
	}
	rt.actions["create_scenarios"] = post(s.createScenariosFromCalls)
	rt.actions["create_scenarios_progress"] = get(s.scenarioCreationProgress)
	return rt
}

// updateTranscriptTypes are the formats the update takes.
var updateTranscriptTypes = []string{"cekura", "vocera", "vapi", "retell", "deepgram", "pipecat", "livekit", "elevenlabs"}

// updateCall applies a PATCH with the API's rules: the source fields and
// the review; read-only and unknown fields are ignored.
func (s *Server) updateCall(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.calls.get(id)
	if refused(w, ok, bad) {
		return
	}
	c := *old
	errs := errTree{}
	if raw, ok := fields["status"]; ok {
		if v, msg := choice(raw, []string{"success", "failure", "reviewed_success", "reviewed_failure"}); msg != "" {
			errs.add("status", msg)
		} else {
			c.log.review = cekura.CallStatus(v)
		}
	}
	if raw, ok := fields["feedback"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("feedback", msg)
		} else {
			c.log.feedback = v
		}
	}
	if raw, ok := fields["call_id"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("call_id", msg)
		case strings.TrimSpace(v) == "":
			errs.add("call_id", msgBlank)
		case utf8.RuneCountInString(v) > 100:
			errs.add("call_id", "Ensure this field has no more than 100 characters.")
		default:
			c.callID = v
		}
	}
	for k, dst := range map[string]*string{"call_ended_reason": &c.endedReason, "customer_number": &c.customerNumber} {
		if raw, ok := fields[k]; ok {
			switch v, msg := str(raw); {
			case msg != "":
				errs.add(k, msg)
			case utf8.RuneCountInString(v) > 100:
				errs.add(k, "Ensure this field has no more than 100 characters.")
			default:
				*dst = v
			}
		}
	}
	typ := ""
	if raw, ok := fields["transcript_type"]; ok {
		if v, msg := choice(raw, updateTranscriptTypes); msg != "" {
			errs.add("transcript_type", msg)
		} else {
			typ = v
		}
	}
	if raw, ok := fields["transcript_json"]; ok {
		var turns []cekura.Turn
		switch err := json.Unmarshal(raw, &turns); {
		case err != nil && (typ == "cekura" || typ == "vocera"):
			errs.add("transcript_json", "Expected a list of {role, content, start_time, end_time}.")
		case err != nil: // another provider's format: kept as no turns
			c.transcript = nil
		default:
			for i, t := range turns {
				if t.Role != cekura.RoleCaller && t.Role != cekura.RoleAgent {
					errs.nest("transcript_json", errTree{strconv.Itoa(i): errTree{"role": []string{`Valid roles are "Testing Agent" and "Main Agent".`}}})
				}
			}
			c.transcript = turns
		}
	}
	if raw, ok := fields["timestamp"]; ok {
		v, msg := str(raw)
		t, err := time.Parse(time.RFC3339Nano, v)
		if msg != "" || err != nil {
			errs.add("timestamp", "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")
		} else {
			c.log.timestamp = t.UTC()
		}
	}
	if raw, ok := fields["duration"]; ok {
		var d float64
		if json.Unmarshal(raw, &d) != nil || isNull(raw) {
			errs.add("duration", "A valid number is required.")
		} else if d < 0 {
			errs.add("duration", "Ensure this value is greater than or equal to 0.")
		} else {
			c.log.minutes = &d
		}
	}
	if raw, ok := fields["metadata"]; ok {
		if !isObject(raw) {
			errs.add("metadata", "Expected a dictionary of items but got type \""+jsonKindOf(raw)+"\".")
		} else {
			c.metadata = mergeObject(c.metadata, raw)
		}
	}
	if raw, ok := fields["dynamic_variables"]; ok {
		if !isObject(raw) {
			errs.add("dynamic_variables", "Expected a dictionary of items but got type \""+jsonKindOf(raw)+"\".")
		} else {
			c.log.dynamicVariables = mergeObject(c.log.dynamicVariables, raw)
		}
	}
	reevaluate := false
	if raw, ok := fields["reevaluate_metrics"]; ok {
		if v, msg := boolean(raw, false); msg != "" {
			errs.add("reevaluate_metrics", msg)
		} else {
			reevaluate = *v
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	if reevaluate && now.Sub(c.evalStart) >= evaluationTime { // one running is left alone
		c.evalStart = now
		c.evaluations++
		c.log.review = "" // the new evaluation decides
		s.unannouncedCalls[id] = struct{}{}
		s.dueAt(now.Add(evaluationTime))
	}
	s.calls.put(id, &c)
	s.finishWrite(w, r, http.StatusOK, c.render(now))
}

// refused answers a write to an item that is not there (404) or whose
// body is not an object (400), and reports whether it did.
func refused(w http.ResponseWriter, found bool, bad any) bool {
	switch {
	case !found:
		notFound(w)
	case bad != nil:
		writeJSON(w, http.StatusBadRequest, bad)
	default:
		return false
	}
	return true
}

// jsonKindOf names a JSON value's type as DRF's messages do.
func jsonKindOf(raw json.RawMessage) string {
	var v any
	_ = json.Unmarshal(raw, &v)
	return jsonKind(v)
}

// voteMetric records a vote on one metric of a call's evaluation: the call
// is then reviewed.
func (s *Server) voteMetric(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calls.get(id)
	if refused(w, ok, bad) {
		return
	}
	errs := errTree{}
	metricID, msg := integer(fields["metric_id"])
	switch {
	case fields["metric_id"] == nil:
		errs.add("metric_id", msgRequired)
	case msg != "":
		errs.add("metric_id", msg)
	default:
		evaluated := c.evaluated(s.now()).Evaluation
		if evaluated == nil || !slices.ContainsFunc(evaluated.Metrics, func(m cekura.MetricScore) bool { return m.ID == metricID }) {
			errs.add("metric_id", fmt.Sprintf("The call log has no evaluation of metric %d.", metricID))
		}
	}
	if raw, ok := fields["thumbs_up"]; !ok {
		errs.add("thumbs_up", msgRequired)
	} else if _, msg := boolean(raw, true); msg != "" {
		errs.add("thumbs_up", msg)
	}
	if _, ok := fields["expected_value"]; !ok {
		errs.add("expected_value", msgRequired)
	}
	if raw, ok := fields["feedback"]; ok && !isNull(raw) {
		if _, msg := str(raw); msg != "" {
			errs.add("feedback", msg)
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	c.log.reviewed = true
	s.finishWrite(w, r, http.StatusOK, detail("Metric vote recorded."))
}

// callLogV1Route serves the v1 call-log paths the SDK uses: the trace.
func (s *Server) callLogV1Route() route {
	return route{
		collection: callsV1Path,
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
			"trace": func(w http.ResponseWriter, r *http.Request, id int64, _ []byte) {
				if r.Method != http.MethodGet {
					methodNotAllowed(w, r.Method, http.MethodGet)
					return
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				c, ok := s.calls.get(id)
				if !ok || c.log.traceID == "" {
					notFound(w) // no call, or a call without a trace
					return
				}
				writeJSON(w, http.StatusOK, &cekura.Trace{TraceID: c.log.traceID, Spans: c.spans()})
			},
		},
	}
}

// spans is the fake's trace of a call: one conversation span, and a span
// per turn, in the OTLP JSON shape of spans.
func (c *call) spans() json.RawMessage {
	type span struct {
		TraceID      string `json:"traceId"`
		SpanID       string `json:"spanId"`
		ParentSpanID string `json:"parentSpanId,omitempty"`
		Name         string `json:"name"`
		Start        string `json:"startTimeUnixNano"`
		End          string `json:"endTimeUnixNano"`
	}
	at := func(sec float64) string {
		return strconv.FormatInt(c.received.Add(time.Duration(sec*float64(time.Second))).UnixNano(), 10)
	}
	end := 0.0
	if n := len(c.transcript); n > 0 {
		end = c.transcript[n-1].EndTime
	}
	root := fmt.Sprintf("%016x", c.id)
	out := []span{{TraceID: c.log.traceID, SpanID: root, Name: "conversation", Start: at(0), End: at(end)}}
	for i, t := range c.transcript {
		name := "stt"
		if t.Role == cekura.RoleAgent {
			name = "tts"
		}
		out = append(out, span{TraceID: c.log.traceID, SpanID: fmt.Sprintf("%08x%08x", c.id, i+1), ParentSpanID: root,
			Name: name, Start: at(t.StartTime), End: at(t.EndTime)})
	}
	b, _ := json.Marshal(out)
	return b
}

// scenarioCreation is a creation of scenarios from calls in progress: one
// call a scenario, a generationStep each.
type scenarioCreation struct {
	agent, target, project int64
	folder                 string
	calls                  []int64
	started                time.Time
	made                   []int64
	errors                 []cekura.ScenarioCreationError
}

// createScenariosFromCalls starts a creation: the calls must be the
// agent's (or "all" of them, at least one).
func (s *Server) createScenariosFromCalls(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := errTree{}
	job := &scenarioCreation{}
	if raw, ok := fields["agent_id"]; ok {
		reference(errs, "agent_id", raw, s.isAgent, &job.agent)
	} else if _, ok := fields["assistant_id"]; ok {
		if job.agent = s.agentByAssistant(fields["assistant_id"]); job.agent == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		}
	} else {
		errs.add("agent_id", "Either agent_id or assistant_id is required.")
	}
	if raw, ok := fields["copy_to_agent"]; ok {
		reference(errs, "copy_to_agent", raw, s.isAgent, &job.target)
	}
	if raw, ok := fields["project_id"]; ok {
		if v, msg := integer(raw); msg != "" {
			errs.add("project_id", msg)
		} else {
			job.project = v
		}
	}
	if raw, ok := fields["folder_path"]; ok && !isNull(raw) {
		job.folder, _ = str(raw)
		if job.folder != "" && job.project == 0 {
			errs.add("project_id", "This field is required when using folder_path.")
		}
	}
	raw, ok := fields["call_logs"]
	switch {
	case !ok:
		errs.add("call_logs", msgRequired)
	case string(bytes.TrimSpace(raw)) == `"all"`:
		if job.agent != 0 {
			job.calls = s.calls.ids(func(c *call) bool { return c.agent == job.agent })
			if len(job.calls) == 0 {
				errs.add("call_logs", "The agent has no call logs.")
			}
		}
	default:
		if json.Unmarshal(raw, &job.calls) != nil || len(job.calls) == 0 {
			errs.add("call_logs", `Expected a list of ids or "all".`)
			break
		}
		for _, id := range job.calls {
			if c, found := s.calls.get(id); !found || (job.agent != 0 && c.agent != job.agent) {
				errs.add("call_logs", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
				break
			}
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if job.target == 0 {
		job.target = job.agent
	}
	job.started = s.now()
	o := s.observability()
	o.seq++
	progressID := fmt.Sprintf("00000000-0000-4000-9000-%012d", o.seq)
	o.creations[progressID] = job
	s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": progressID})
}

// scenarioCreationProgress answers a creation's progress: the scenarios
// once every call is done, as the API sends them.
func (s *Server) scenarioCreationProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	id := r.URL.Query().Get("progress_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	job, ok := s.observability().creations[id]
	if !ok {
		writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{"Invalid progress_id."}})
		return
	}
	now := s.now()
	done := min(len(job.calls), int(now.Sub(job.started)/generationStep))
	for i := len(job.made) + len(job.errors); i < done; i++ {
		callID := job.calls[i]
		c, found := s.calls.get(callID)
		if !found || len(c.transcript) == 0 {
			job.errors = append(job.errors, cekura.ScenarioCreationError{CallID: callID, Error: json.RawMessage(`{"detail":"Transcript is missing"}`)})
			continue
		}
		sc := &scenario{agent: job.target, project: job.project, folder: job.folder, personality: 1, scenarioType: "instruction",
			name: "From call " + c.callID, instructions: callerInstructions(c.transcript), createdAt: now, updatedAt: now}
		sc.id = s.scenarios.insert(sc)
		job.made = append(job.made, sc.id)
	}
	out := &cekura.ScenarioCreation{AgentID: job.agent, Total: len(job.calls), Completed: len(job.made), Failed: len(job.errors),
		Scenarios: []*cekura.Scenario{}, Errors: slices.Clone(job.errors)}
	if out.Errors == nil {
		out.Errors = []cekura.ScenarioCreationError{}
	}
	if done == len(job.calls) { // the list comes once every call is done
		for _, sid := range job.made {
			if sc, ok := s.scenarios.get(sid); ok {
				out.Scenarios = append(out.Scenarios, sc.render())
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// callerInstructions writes a scenario's instructions from what the caller
// said in a call.
func callerInstructions(turns []cekura.Turn) string {
	var said []string
	for _, t := range turns {
		if t.Role == cekura.RoleCaller {
			said = append(said, strconv.Quote(t.Content))
		}
	}
	if len(said) == 0 {
		return "You are a caller. Replay the production call."
	}
	return "You are a caller. As in the production call, say: " + strings.Join(said, ", then ") + "."
}
