package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
)

// API chat (run_scenarios_api_chat and a run's chat/, chat/{turn_id}/ and
// end-chat/), metric votes and traces.
//
// An API chat result is pending for the first third of the Outcome's
// Duration, as any result: its runs refuse turns (409, "still starting")
// and their opening (turn 0) is generating. Then its conversations are
// open: each turn sent gets the simulated user's reply chatReplyTime later
// on the fake's clock, and the chatReplies-th reply says goodbye and ends
// the conversation. A conversation also ends with end-chat, or at its
// timeout (default chatDefaultTimeout). Once every conversation of the
// result has ended, the result evaluates for a third of the Duration and
// ends as the Outcome says. Until then its runs show running (one status
// for all of a result's runs, as the fake's other results).

const (
	// chatReplyTime is how long the simulated user takes to reply.
	chatReplyTime = 2 * time.Second
	// chatReplies is how many replies a conversation has: the last says
	// goodbye and ends it.
	chatReplies = 4
	// chatDefaultTimeout is a conversation's lifetime when the start names
	// none (the API: the project's call duration).
	chatDefaultTimeout = 10 * time.Minute
)

// chatResult is the conversations of an API chat result.
type chatResult struct {
	timeout time.Duration
	convs   map[int64]*conversation // by run id
}

// conversation is one run's chat: its turns (turn 0 is the opening) and
// how it ended.
type conversation struct {
	turns []*chatTurn
	// endedAt is when end-chat ended it (zero: it did not).
	endedAt     time.Time
	endedReason string
	metadata    map[string]json.RawMessage
}

// chatTurn is a turn your agent sent, and the reply to it.
type chatTurn struct {
	sentAt time.Time
	// noReply: a tool call or metadata alone, which get none.
	noReply bool
	// dropped: a newer turn was sent before this one's reply.
	dropped bool
	// reply is the simulated user's reply, ready at sentAt+chatReplyTime.
	reply string
	// goodbye: the reply ends the conversation.
	goodbye bool
}

// opens is when a chat result's conversations open.
func (c *chatResult) opens(res *result) time.Time {
	return res.started.Add(res.outcome.Duration / 3)
}

// end is when a conversation ends (or will, by its goodbye or its timeout).
func (c *chatResult) end(res *result, conv *conversation) (time.Time, string) {
	at, reason := c.opens(res).Add(c.timeout), "timeout"
	if !conv.endedAt.IsZero() && conv.endedAt.Before(at) {
		at, reason = conv.endedAt, conv.endedReason
	}
	if n := len(conv.turns); n > 0 && conv.turns[n-1].goodbye {
		last := conv.turns[n-1]
		if ready := last.sentAt.Add(chatReplyTime); ready.Before(at) {
			at, reason = ready, "testing_agent_ended_call"
		}
	}
	return at, reason
}

// phase is the status of a chat result's runs at now: pending until its
// conversations open, running while one goes on, evaluating for a third of
// the Duration after the last ended, then the Outcome's end.
func (c *chatResult) phase(res *result, now time.Time) (cekura.RunStatus, bool) {
	if res.gated || now.Before(c.opens(res)) {
		return cekura.RunStatusPending, false
	}
	var last time.Time
	for _, conv := range c.convs {
		at, _ := c.end(res, conv)
		if now.Before(at) {
			return cekura.RunStatusRunning, false
		}
		if at.After(last) {
			last = at
		}
	}
	switch {
	case res.outcome.Never || now.Before(last.Add(res.outcome.Duration/3)):
		return cekura.RunStatusEvaluating, false
	case res.outcome.Status != "":
		return res.outcome.Status, true
	}
	return cekura.RunStatusCompleted, true
}

// startAPIChat starts an API chat result: run_scenarios_api_chat.
func (s *Server) startAPIChat(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sel, errs := s.selectRun(fields)
	optionalFields(fields, errs)
	timeout := chatDefaultTimeout
	if raw, ok := fields["timeout"]; ok && !isNull(raw) {
		v, msg := integer(raw)
		switch {
		case msg != "":
			errs.add("timeout", msg)
		case v < 1 || v > 3600:
			errs.add("timeout", "Ensure this value is between 1 and 3600.")
		}
		timeout = time.Duration(v) * time.Second
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	chat := &chatResult{timeout: timeout, convs: map[int64]*conversation{}}
	res := &result{agent: sel.agent, runAsText: true, outcome: s.outcome, chat: chat}
	if raw, ok := fields["name"]; ok {
		res.name, _ = str(raw)
	}
	// While launch lets go of the lock for the pre-run hook, the result is
	// gated (pending) and its conversations are not read; they are made
	// once it holds the lock again.
	now := s.launch(res, sel.runs())
	for _, id := range res.runs {
		chat.convs[id] = &conversation{turns: []*chatTurn{{sentAt: res.started}}} // turn 0, the opening
	}
	s.dueAt(chat.opens(res).Add(timeout + res.outcome.Duration/3))
	s.finishWrite(w, r, http.StatusOK, startAnswer(s.renderResult(res, now), true))
}

// runActionPaths are the run paths this file serves: v1 and v2 twins,
// except trace/, which has no v2 twin.
var runActionPaths = []string{runsPath, "/test_framework/v1/runs/"}

// serveRunActions serves a run's chat/, chat/{turn_id}/, end-chat/,
// mark_metric_vote/ and (v1) trace/, and reports false for other paths.
func (s *Server) serveRunActions(w http.ResponseWriter, r *http.Request, body []byte) bool {
	for _, prefix := range runActionPaths {
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
		if !strings.HasSuffix(rest, "/") || len(parts) < 2 {
			return false
		}
		id, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return false
		}
		switch action := strings.Join(parts[1:], "/"); {
		case action == "chat":
			only(http.MethodPost, func(w http.ResponseWriter, r *http.Request, b []byte) { s.sendChatTurn(w, r, id, b) })(w, r, body)
		case len(parts) == 3 && parts[1] == "chat":
			turn, err := strconv.ParseInt(parts[2], 10, 64)
			if err != nil || turn < 0 {
				notFound(w)
				return true
			}
			only(http.MethodGet, func(w http.ResponseWriter, _ *http.Request, _ []byte) { s.chatTurn(w, id, turn) })(w, r, body)
		case action == "end-chat":
			only(http.MethodPost, func(w http.ResponseWriter, r *http.Request, b []byte) { s.endChat(w, r, id, b) })(w, r, body)
		case action == "mark_metric_vote":
			only(http.MethodPost, func(w http.ResponseWriter, r *http.Request, b []byte) { s.markMetricVote(w, r, id, b) })(w, r, body)
		case action == "trace" && prefix != runsPath:
			only(http.MethodGet, func(w http.ResponseWriter, _ *http.Request, _ []byte) { s.trace(w, id) })(w, r, body)
		default:
			return false
		}
		return true
	}
	return false
}

// chatOf returns a run's result and conversation; it answers 404 (no such
// run) or 400 (not an API chat run) and reports false. s.mu is held.
func (s *Server) chatOf(w http.ResponseWriter, runID int64) (*result, *conversation, bool) {
	rn, ok := s.runs.get(runID)
	if !ok {
		notFound(w)
		return nil, nil, false
	}
	res, _ := s.results.get(rn.result)
	if res.chat == nil {
		writeJSON(w, http.StatusBadRequest, detail("This run is not an API chat run (run_scenarios_api_chat)."))
		return nil, nil, false
	}
	return res, res.chat.convs[runID], true
}

// sendChatTurn takes a turn of your agent: POST runs/{id}/chat/ (202).
func (s *Server) sendChatTurn(w http.ResponseWriter, r *http.Request, runID int64, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	hasContent := false
	if raw, ok := fields["content"]; ok {
		v, msg := str(raw)
		if msg != "" {
			errs.add("content", msg)
		}
		hasContent = v != ""
	}
	var metadata map[string]json.RawMessage
	if raw, ok := fields["metadata"]; ok {
		var objErrs errTree
		if metadata, objErrs = object(raw); len(objErrs) > 0 {
			errs.nest("metadata", objErrs)
		}
	}
	role := ""
	if raw, ok := fields["role"]; ok {
		v, msg := choice(raw, []string{"Function Call", "Function Call Result"})
		if msg != "" {
			errs.add("role", msg)
		}
		role = v
	}
	if raw, ok := fields["data"]; ok {
		if _, objErrs := object(raw); len(objErrs) > 0 {
			errs.nest("data", objErrs)
		} else if role == "" && errs["role"] == nil {
			errs.add("role", "Set role with data: \"Function Call\" or \"Function Call Result\".")
		}
	} else if role != "" {
		errs.add("data", "This field is required with role.")
	}
	if !hasContent && metadata == nil && role == "" && len(errs) == 0 {
		errs.add("non_field_errors", "Send content, metadata or a function call (role and data).")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, conv, ok := s.chatOf(w, runID)
	if !ok {
		return
	}
	now := s.now()
	if ended, _ := res.chat.end(res, conv); now.Before(res.chat.opens(res)) || !now.Before(ended) || res.gated ||
		(!res.endedAt.IsZero() && !now.Before(res.endedAt)) {
		writeJSON(w, http.StatusConflict, detail("Run is still starting, or has already ended."))
		return
	}
	for k, v := range metadata {
		if conv.metadata == nil {
			conv.metadata = map[string]json.RawMessage{}
		}
		conv.metadata[k] = v
	}
	turn := &chatTurn{sentAt: now, noReply: !hasContent || role != ""}
	if !turn.noReply {
		// A reply still being written is interrupted: the new one answers
		// both.
		for _, t := range conv.turns[1:] {
			if !t.noReply && !t.dropped && now.Before(t.sentAt.Add(chatReplyTime)) {
				t.dropped = true
			}
		}
		replies := 0
		for _, t := range conv.turns[1:] {
			if !t.noReply && !t.dropped {
				replies++
			}
		}
		turn.reply, turn.goodbye = simulatedReply(replies + 1)
		if turn.goodbye {
			s.dueAt(turn.sentAt.Add(chatReplyTime + res.outcome.Duration/3))
		}
	}
	conv.turns = append(conv.turns, turn)
	status := "generating"
	if turn.noReply {
		status = "ready"
	}
	s.finishWrite(w, r, http.StatusAccepted, map[string]any{"run_id": runID, "result_id": res.id,
		"turn_id": len(conv.turns) - 1, "status": status})
}

// simulatedReplies are the simulated user's replies, in order; the last
// says goodbye and ends the conversation.
var simulatedReplies = [chatReplies]string{"Hi, I'm calling about my order.", "It's order 1042, placed last week.",
	"Could you tell me when it ships?", "Thanks, that's all I needed. Goodbye!"}

// simulatedReply is the simulated user's n-th reply (from 1), and whether
// it is the last.
func simulatedReply(n int) (string, bool) {
	n = min(n, chatReplies)
	return simulatedReplies[n-1], n == chatReplies
}

// chatTurn answers a turn: GET runs/{id}/chat/{turn_id}/.
func (s *Server) chatTurn(w http.ResponseWriter, runID, turnID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, conv, ok := s.chatOf(w, runID)
	if !ok {
		return
	}
	if turnID >= int64(len(conv.turns)) {
		writeJSON(w, http.StatusNotFound, detail("Unknown turn."))
		return
	}
	now := s.now()
	t := conv.turns[turnID]
	out := map[string]any{"run_id": runID, "result_id": res.id, "turn_id": turnID, "status": "generating",
		"message": nil, "ended": false, "ended_reason": nil}
	endAt, reason := res.chat.end(res, conv)
	if !now.Before(endAt) {
		out["ended"], out["ended_reason"] = true, reason
	}
	switch {
	case turnID == 0: // the opening: ready once the conversation opens
		if !now.Before(res.chat.opens(res)) && !res.gated {
			out["status"] = "ready"
			rn, _ := s.runs.get(runID)
			if sc, ok := s.scenarios.get(rn.scenario); ok && sc.first != "" {
				out["message"] = sc.first
			}
		}
	case t.dropped:
		out["status"] = "dropped"
	case t.noReply:
		out["status"] = "ready"
	case !now.Before(t.sentAt.Add(chatReplyTime)):
		out["status"], out["message"] = "ready", t.reply
	}
	writeJSON(w, http.StatusOK, out)
}

// endChat ends a run's conversation: POST runs/{id}/end-chat/.
func (s *Server) endChat(w http.ResponseWriter, r *http.Request, runID int64, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	reason := "main_agent_ended_call"
	if raw, ok := fields["reason"]; ok {
		v, msg := str(raw)
		if msg != "" {
			writeJSON(w, http.StatusBadRequest, errTree{"reason": []string{msg}})
			return
		}
		if v != "" {
			reason = v
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, conv, ok := s.chatOf(w, runID)
	if !ok {
		return
	}
	now := s.now()
	if at, _ := res.chat.end(res, conv); now.Before(at) {
		conv.endedAt, conv.endedReason = now, reason
		s.dueAt(now.Add(res.outcome.Duration / 3))
	}
	status, _ := res.phase(now)
	s.finishWrite(w, r, http.StatusOK, map[string]any{"run_id": runID, "result_id": res.id, "status": status})
}

// metricVote is a vote recorded on a run's metric.
type metricVote struct {
	metric        int64
	thumbsUp      *bool
	expectedValue json.RawMessage
	feedback      string
}

// markMetricVote records a vote on a metric of a run's evaluation: POST
// runs/{id}/mark_metric_vote/. The fake's runs are evaluated by one
// metric, id 1 ("Expected Outcome"), once they end completed.
func (s *Server) markMetricVote(w http.ResponseWriter, r *http.Request, runID int64, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	var v metricVote
	v.metric = requiredInteger(fields, "metric_id", errs)
	if raw, ok := fields["thumbs_up"]; !ok {
		errs.add("thumbs_up", msgRequired)
	} else if b, msg := boolean(raw, true); msg != "" {
		errs.add("thumbs_up", msg)
	} else {
		v.thumbsUp = b
	}
	if raw, ok := fields["expected_value"]; !ok {
		errs.add("expected_value", msgRequired)
	} else {
		v.expectedValue = slices.Clone(raw)
	}
	if raw, ok := fields["feedback"]; ok && !isNull(raw) {
		if text, msg := str(raw); msg != "" {
			errs.add("feedback", msg)
		} else {
			v.feedback = text
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out, ok := s.runNow(w, runID)
	if !ok {
		return
	}
	if out.Evaluation == nil || !slices.ContainsFunc(out.Evaluation.Metrics, func(m cekura.MetricScore) bool { return m.ID == v.metric }) {
		writeJSON(w, http.StatusBadRequest, errTree{"metric_id": []string{fmt.Sprintf("The run has no evaluation of metric %d.", v.metric)}})
		return
	}
	if s.votes == nil {
		s.votes = map[int64][]metricVote{}
	}
	s.votes[runID] = append(s.votes[runID], v)
	s.finishWrite(w, r, http.StatusOK, map[string]bool{"success": true})
}

// runNow is a run as the API answers it now, or false when there is no
// such run (and the 404 is written). s.mu is held.
func (s *Server) runNow(w http.ResponseWriter, runID int64) (*cekura.Run, bool) {
	rn, ok := s.runs.get(runID)
	if !ok {
		notFound(w)
		return nil, false
	}
	res, _ := s.results.get(rn.result)
	return s.renderRun(rn, res, s.now()), true
}

// requiredInteger reads a required integer field, adding its problem to
// errs (0 then).
func requiredInteger(fields map[string]json.RawMessage, key string, errs errTree) int64 {
	raw, ok := fields[key]
	if !ok {
		errs.add(key, msgRequired)
		return 0
	}
	n, msg := integer(raw)
	if msg != "" {
		errs.add(key, msg)
	}
	return n
}

// trace answers a run's trace: GET /test_framework/v1/runs/{id}/trace/. A
// run has one once it has ended; its spans are a small OpenTelemetry trace
// of the conversation.
func (s *Server) trace(w http.ResponseWriter, runID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out, ok := s.runNow(w, runID)
	if !ok {
		return
	}
	if !out.Status.Terminal() {
		writeJSON(w, http.StatusNotFound, detail("The run has no trace yet."))
		return
	}
	traceID := fmt.Sprintf("%032x", runID)
	start, end := out.Timestamp, out.ExecutedAt
	span := func(n int, name string, parent string, from, to time.Time) map[string]any {
		sp := map[string]any{"trace_id": traceID, "span_id": fmt.Sprintf("%016x", runID<<8|int64(n)), "name": name,
			"start_time": from.Format(time.RFC3339Nano), "end_time": to.Format(time.RFC3339Nano), "attributes": map[string]any{}}
		if parent != "" {
			sp["parent_span_id"] = parent
		}
		return sp
	}
	root := span(1, "conversation", "", start, end)
	mid := start.Add(end.Sub(start) / 2)
	llm := span(2, "llm", root["span_id"].(string), start, mid)
	llm["attributes"] = map[string]any{"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o"}
	spans := []any{root, span(3, "stt", root["span_id"].(string), start, start.Add(end.Sub(start)/4)), llm,
		span(4, "tts", root["span_id"].(string), mid, end)}
	writeJSON(w, http.StatusOK, map[string]any{"trace_id": traceID, "spans": spans})
}
