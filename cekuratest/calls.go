package cekuratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Production calls (observe, call logs), metrics, and the webhooks the fake
// delivers.

const (
	observePath = "/observability/v1/observe/"
	callsPath   = "/observability/v2/call-logs/"
	metricsPath = "/test_framework/v2/metrics/"
)

// evaluationTime is how long a call's evaluation takes on the fake's clock.
const evaluationTime = 30 * time.Second

type call struct {
	id, agent                           int64
	callID, endedReason, customerNumber string
	transcript                          []cekura.Turn
	recordingURL                        string
	recordingBytes                      int64
	// testingChannel is the recording's caller channel, the other one than
	// main_agent_channel_index; nil when not given.
	testingChannel *int
	metadata       json.RawMessage
	received       time.Time
	// evalStart is when the call's latest evaluation started, and
	// evaluations counts them (a re-evaluation is another).
	evalStart   time.Time
	evaluations int
	// log is what the call-log endpoints beyond observe keep (calllogs.go).
	log callLog
}

// render renders the call as the API returns it at time now.
func (c *call) render(now time.Time) *cekura.Call {
	out := c.evaluated(now)
	c.log.finish(out)
	return out
}

// evaluated renders the call and, once it is evaluated, its evaluation.
func (c *call) evaluated(now time.Time) *cekura.Call {
	out := &cekura.Call{ID: c.id, CallID: c.callID, AgentID: c.agent, Status: cekura.CallStatusEvaluating, CallEndedReason: c.endedReason,
		CustomerNumber: c.customerNumber, TranscriptObject: c.transcript, VoiceRecordingURL: c.recordingURL,
		Metadata: c.metadata, Timestamp: c.received, CreatedAt: c.received, UpdatedAt: c.received, TestingChannelIndex: c.testingChannel}
	var b strings.Builder
	for _, t := range c.transcript {
		fmt.Fprintf(&b, "[%02d:%02d] %s: %s\n", int(t.StartTime)/60, int(t.StartTime)%60, t.Role, t.Content)
	}
	out.Transcript = b.String()
	if now.Sub(c.evalStart) < evaluationTime {
		return out
	}
	ok := len(c.transcript) > 0 || c.recordingBytes > 0 || c.recordingURL != ""
	out.Success = &ok
	out.Status = cekura.CallStatusFailure
	if ok {
		out.Status = cekura.CallStatusSuccess
	}
	metric := cekura.MetricScore{ID: 1, Name: "Call Success", EvalType: "binary", Passed: &ok}
	if !ok {
		metric.Explanation = []string{"The call has neither a transcript nor a recording to evaluate."}
	}
	out.Evaluation = &cekura.Evaluation{Metrics: []cekura.MetricScore{metric}}
	out.Metrics = out.Evaluation.Metrics
	return out
}

var transcriptTypes = []string{"cekura", "vocera", "vapi", "retell", "deepgram", "pipecat", "livekit", "elevenlabs", "none-mono"}

// observe stores a production call: JSON, or multipart with the recording
// as the voice_recording file part (streamed through, counted, dropped).
func (s *Server) observe(w http.ResponseWriter, r *http.Request, body []byte) {
	fields := map[string]json.RawMessage{}
	var recording int64
	isForm, _ := formParts(r, body, func(part *multipart.Part) errTree {
		if part.FormName() == "voice_recording" {
			recording = partSize(part)
			return nil
		}
		v, _ := io.ReadAll(part)
		if json.Valid(v) && (bytes.HasPrefix(v, []byte("{")) || bytes.HasPrefix(v, []byte("["))) {
			fields[part.FormName()] = v
		} else {
			fields[part.FormName()], _ = json.Marshal(string(v))
		}
		return nil
	})
	if !isForm {
		var bad any
		if fields, bad = parseObject(body); bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
	}
	errs := errTree{}
	c := &call{recordingBytes: recording}
	if raw, ok := fields["call_id"]; !ok {
		errs.add("call_id", msgRequired)
	} else if v, msg := str(raw); msg != "" || v == "" || utf8.RuneCountInString(v) > 100 { // characters, as the API counts
		errs.add("call_id", "Ensure this field has 1 to 100 characters.")
	} else {
		c.callID = v
	}
	typ := "cekura"
	if raw, ok := fields["transcript_type"]; ok {
		if v, msg := choice(raw, transcriptTypes); msg != "" {
			errs.add("transcript_type", msg)
		} else {
			typ = v
		}
	}
	if raw, ok := fields["transcript_json"]; ok && (typ == "cekura" || typ == "vocera") {
		if json.Unmarshal(raw, &c.transcript) != nil {
			errs.add("transcript_json", "Expected a list of {role, content, start_time, end_time}.")
		}
		for i, t := range c.transcript {
			if t.Role != cekura.RoleCaller && t.Role != cekura.RoleAgent {
				errs.nest("transcript_json", errTree{strconv.Itoa(i): errTree{"role": []string{`Valid roles are "Testing Agent" and "Main Agent".`}}})
			}
		}
	}
	for k, dst := range map[string]*string{"call_ended_reason": &c.endedReason, "customer_number": &c.customerNumber, "voice_recording_url": &c.recordingURL} {
		if raw, ok := fields[k]; ok {
			*dst, _ = str(raw)
			if k != "voice_recording_url" && utf8.RuneCountInString(*dst) > 100 {
				errs.add(k, "Ensure this field has no more than 100 characters.")
			}
		}
	}
	if raw, ok := fields["main_agent_channel_index"]; ok && !isNull(raw) {
		switch ch, msg := integer(raw); {
		case msg != "":
			errs.add("main_agent_channel_index", msg)
		case ch != 0 && ch != 1:
			errs.add("main_agent_channel_index", "A stereo recording's channel is 0 or 1.")
		default:
			other := int(1 - ch)
			c.testingChannel = &other
		}
	}
	c.metadata = fields["metadata"]
	c.log.observed(fields)
	s.mu.Lock()
	defer s.mu.Unlock()
	if raw, ok := fields["agent"]; ok {
		id, _ := integer(raw)
		if _, ok := s.agents.get(id); !ok {
			errs.add("agent", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
		}
		c.agent = id
	} else if _, ok := fields["assistant_id"]; !ok {
		errs.add("agent", "Either agent or assistant_id is required.")
	} else {
		if c.agent = s.agentByAssistant(fields["assistant_id"]); c.agent == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	c.received, c.evalStart, c.evaluations = s.now(), s.now(), 1
	c.id = s.calls.insert(c)
	s.unannouncedCalls[c.id] = struct{}{}
	s.dueAt(c.evalStart.Add(evaluationTime))
	s.finishWrite(w, r, http.StatusCreated, c.render(c.received))
}

// renderCall renders a call as the API returns it now. s.mu is held.
func (s *Server) renderCall(c *call) *cekura.Call { return c.render(s.now()) }

func (s *Server) callRoute() route {
	return s.callLogActions(route{
		collection: callsPath,
		list:       listItems(s, s.calls, s.callFilter, func(c *call) any { return s.renderCall(c) }),
		get:        getItem(s, s.calls, func(c *call) any { return s.renderCall(c) }),
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if !s.calls.remove(id) {
				notFound(w)
				return
			}
			s.finishWrite(w, r, http.StatusNoContent, nil)
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"rerun_evaluation": post(func(w http.ResponseWriter, r *http.Request, body []byte) {
				var req struct {
					AgentID  int64           `json:"agent_id"`
					CallLogs json.RawMessage `json:"call_logs"`
				}
				if json.Unmarshal(body, &req) != nil || len(req.CallLogs) == 0 {
					writeJSON(w, http.StatusBadRequest, errTree{"call_logs": []string{msgRequired}})
					return
				}
				s.reevaluate(w, r, req.AgentID, req.CallLogs)
			}),
			"evaluate_metrics": post(func(w http.ResponseWriter, r *http.Request, body []byte) {
				var req struct {
					AgentID  int64           `json:"agent_id"`
					CallLogs json.RawMessage `json:"call_logs"`
					Metrics  []int64         `json:"metrics"`
				}
				if json.Unmarshal(body, &req) != nil || len(req.Metrics) == 0 || len(req.CallLogs) == 0 {
					writeJSON(w, http.StatusBadRequest, errTree{"metrics": []string{msgRequired}})
					return
				}
				s.reevaluate(w, r, req.AgentID, req.CallLogs)
			}),
		},
	})
}

// reevaluate starts the evaluation of calls again (on the fake's clock).
func (s *Server) reevaluate(w http.ResponseWriter, r *http.Request, agent int64, which json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int64
	if string(bytes.TrimSpace(which)) == `"all"` {
		ids = s.calls.ids(func(c *call) bool { return c.agent == agent })
	} else if json.Unmarshal(which, &ids) != nil {
		writeJSON(w, http.StatusBadRequest, errTree{"call_logs": []string{"Expected a list of ids or \"all\"."}})
		return
	}
	out := []any{}
	for _, id := range ids {
		c, ok := s.calls.get(id)
		if !ok {
			writeJSON(w, http.StatusBadRequest, errTree{"call_logs": []string{fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id)}})
			return
		}
		c.evalStart = s.now()
		c.evaluations++
		s.unannouncedCalls[id] = struct{}{}
		s.dueAt(c.evalStart.Add(evaluationTime))
		out = append(out, c.render(c.evalStart))
	}
	s.finishWrite(w, r, http.StatusOK, out)
}

type metric struct {
	m cekura.Metric
	// agent is the agent of an agent-level metric (write-only); 0 for none.
	agent int64
	// pick is the scenarios a write attaches the metric to, until
	// resolveMetric takes it.
	pick *scenarioPick
}

func (s *Server) metricRoute() route {
	render := func(m *metric) any { return &m.m }
	return route{
		collection: metricsPath,
		list:       listArray(s, s.metrics, s.metricFilter, render), // the API does not page metrics
		create: func(w http.ResponseWriter, r *http.Request, body []byte) {
			m := &metric{}
			if errs := m.apply(body, false); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			fields, _ := parseObject(body)
			s.mu.Lock()
			defer s.mu.Unlock()
			errs := errTree{}
			attach := s.resolveMetric(m, fields, errs)
			if len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			m.m.ID = s.metrics.insert(m)
			if m.m.Slug == "" {
				m.m.Slug = strings.ToLower(strings.Join(strings.Fields(m.m.Name), "_"))
			}
			s.attachMetric(m.m.ID, attach)
			s.finishWrite(w, r, http.StatusCreated, render(m))
		},
		get: getItem(s, s.metrics, render),
		lookup: func(slug string) (int64, bool) { // GET metrics/{slug}/ as the API serves it
			s.mu.Lock()
			defer s.mu.Unlock()
			ids := s.metrics.ids(func(m *metric) bool { return m.m.Slug == slug })
			if len(ids) == 0 {
				return 0, false
			}
			return ids[0], true
		},
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			s.mu.Lock()
			defer s.mu.Unlock()
			old, ok := s.metrics.get(id)
			if !ok {
				notFound(w)
				return
			}
			m := &metric{m: old.m, agent: old.agent}
			if errs := m.apply(body, true); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			fields, _ := parseObject(body)
			errs := errTree{}
			attach := s.resolveMetric(m, fields, errs)
			if len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			s.metrics.put(id, m)
			s.attachMetric(id, attach)
			s.finishWrite(w, r, http.StatusOK, render(m))
		},
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if !s.metrics.remove(id) {
				notFound(w)
				return
			}
			s.finishWrite(w, r, http.StatusNoContent, nil)
		},
		actions:     s.metricActions(),     // metric_jobs.go
		itemActions: s.metricItemActions(), // metric_jobs.go
	}
}

// apply applies a metric body: name required on create, type and eval_type
// from their choices, the settings as metric_settings.go checks them; on
// create, the API's defaults.
func (m *metric) apply(body []byte, partial bool) errTree {
	fields, bad := parseObject(body)
	if bad != nil {
		return errTree{"non_field_errors": []string{"Invalid data."}}
	}
	errs := errTree{}
	if raw, ok := fields["name"]; !ok && !partial {
		errs.add("name", msgRequired)
	} else if v, _ := str(raw); ok && utf8.RuneCountInString(v) > 255 {
		errs.add("name", "Ensure this field has no more than 255 characters.")
	}
	if raw, ok := fields["type"]; ok {
		if _, msg := choice(raw, []string{"llm_judge", "custom_code", "basic", "custom_prompt"}); msg != "" {
			errs.add("type", msg)
		}
	}
	if raw, ok := fields["eval_type"]; ok {
		if _, msg := choice(raw, []string{"binary", "continuous_qualitative", "numeric", "enum"}); msg != "" {
			errs.add("eval_type", msg)
		}
	}
	m.settings(fields, errs)
	if len(errs) > 0 {
		return errs
	}
	id := m.m.ID
	if json.Unmarshal(body, &m.m) != nil {
		errs.add("non_field_errors", "Invalid data.")
	}
	m.m.ID = id
	m.clearNulls(fields)
	if m.m.EvalType == "" {
		m.m.EvalType = "binary"
	}
	if m.m.Type == "" {
		m.m.Type = "llm_judge"
	}
	if !partial {
		m.metricDefaults()
	}
	return errs
}

// Calls returns every stored call as the API would return it.
func (s *Server) Calls() []*cekura.Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*cekura.Call
	for _, id := range s.calls.ids(nil) {
		c, _ := s.calls.get(id)
		out = append(out, c.render(s.now()))
	}
	return out
}

// agentByAssistant returns the id of the agent whose provider's assistant
// id is raw (a JSON string), or 0. s.mu is held.
func (s *Server) agentByAssistant(raw json.RawMessage) int64 {
	var assistant string
	if json.Unmarshal(raw, &assistant) != nil || assistant == "" {
		return 0
	}
	for _, id := range s.agents.ids(nil) {
		if a, _ := s.agents.get(id); a.provider.agentID != nil && *a.provider.agentID == assistant {
			return id
		}
	}
	return 0
}
