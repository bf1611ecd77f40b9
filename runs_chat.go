package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// A run's API chat (the conversations of Tests.StartAPIChat), its metric
// votes and its trace.

// runsV1Path is the v1 runs path: a run's trace has no v2 twin.
const runsV1Path = "/test_framework/v1/runs/"

// ChatTurnStatus is the state of the simulated user's reply to a turn of
// an API chat.
type ChatTurnStatus string

// The states of a chat turn.
const (
	// ChatTurnStatusGenerating: the reply is being written; poll again.
	ChatTurnStatusGenerating ChatTurnStatus = "generating"
	// ChatTurnStatusReady: the reply is in Message (and Ended says whether
	// the conversation is over).
	ChatTurnStatusReady ChatTurnStatus = "ready"
	// ChatTurnStatusDropped: a newer turn was sent before this one's reply;
	// the message was kept, and the newer turn's reply answers both.
	ChatTurnStatusDropped ChatTurnStatus = "dropped"
	// ChatTurnStatusError: writing the reply failed.
	ChatTurnStatusError ChatTurnStatus = "error"
)

// Valid reports whether s is one of the states the API documents.
func (s ChatTurnStatus) Valid() bool {
	switch s {
	case ChatTurnStatusGenerating, ChatTurnStatusReady, ChatTurnStatusDropped, ChatTurnStatusError:
		return true
	}
	return false
}

// ChatRole marks a chat turn that records a tool call of your agent rather
// than a message.
type ChatRole string

// The roles of a tool-call turn.
const (
	// ChatRoleFunctionCall records a call: Data is {"id", "name", "arguments"}.
	ChatRoleFunctionCall ChatRole = "Function Call"
	// ChatRoleFunctionCallResult records its result: Data is {"id", "result"}.
	ChatRoleFunctionCallResult ChatRole = "Function Call Result"
)

// Valid reports whether r is one of the API's roles (or empty: a message).
func (r ChatRole) Valid() bool {
	return r == "" || r == ChatRoleFunctionCall || r == ChatRoleFunctionCallResult
}

// SendChatTurnRequest is one turn of your agent in an API chat: a message
// (Content), a tool call (Role and Data: no reply is written for it), and
// Metadata merged into the run (last write wins), which may be sent alone.
type SendChatTurnRequest struct {
	// Content is your agent's latest message.
	Content string `json:"content,omitzero"`
	// Metadata is merged into the run's metadata.
	Metadata map[string]any `json:"metadata,omitzero"`
	// Role makes the turn a tool call (ChatRoleFunctionCall) or its result
	// (ChatRoleFunctionCallResult) instead of a message; Data is then
	// required.
	Role ChatRole `json:"role,omitzero"`
	// Data is the tool call, a JSON object: {"id", "name", "arguments"}
	// for a call, {"id", "result"} for a result.
	Data json.RawMessage `json:"data,omitzero"`
}

func (r *SendChatTurnRequest) validate(v *validator) {
	if r.Content == "" && r.Metadata == nil && r.Role == "" && r.Data == nil {
		v.add("content", "the turn sends nothing: give content (your agent's message), metadata, or a tool call (role and data)")
	}
	switch {
	case !r.Role.Valid():
		v.add("role", "%q is not one of %q, %q (or empty for a message)", r.Role, ChatRoleFunctionCall, ChatRoleFunctionCallResult)
	case r.Role != "" && r.Data == nil:
		v.add("data", "is required with role: the tool call, {\"id\", \"name\", \"arguments\"} or {\"id\", \"result\"}")
	case r.Role == "" && r.Data != nil:
		v.add("role", "is required with data: %q or %q", ChatRoleFunctionCall, ChatRoleFunctionCallResult)
	}
	if r.Role != "" && r.Content != "" {
		v.add("content", "a turn is a message (content) or a tool call (role and data), not both")
	}
	v.jsonObject("data", r.Data)
}

// ChatTurn is a turn of an API chat and the simulated user's reply to it,
// as SendChatTurn accepts it and GetChatTurn reads it.
type ChatTurn struct {
	apiObject
	RunID    int64 `json:"run_id"`
	ResultID int64 `json:"result_id"`
	// TurnID is what GetChatTurn and WaitForChatTurn take. Turn 0 is the
	// conversation's opening.
	TurnID int64 `json:"turn_id"`
	// Status is generating until the reply is ready (or dropped, or
	// failed: see Err).
	Status ChatTurnStatus `json:"status"`
	// Message is the simulated user's reply, once Status is ready. On turn
	// 0 it is the scenario's first message, or empty when your agent
	// speaks first.
	Message string `json:"message,omitzero"`
	// Ended is true when the conversation is over: send no more turns; the
	// run is scored (follow it with Results.Wait).
	Ended bool `json:"ended"`
	// EndedReason says why it ended, as the API words it.
	EndedReason string `json:"ended_reason,omitzero"`
}

// UnmarshalJSON decodes a chat turn tolerantly.
func (t *ChatTurn) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

// Done reports whether the turn is settled: its reply is ready, or it was
// dropped, or writing it failed.
func (t *ChatTurn) Done() bool {
	if t == nil {
		return false
	}
	switch t.Status {
	case ChatTurnStatusReady, ChatTurnStatusDropped, ChatTurnStatusError:
		return true
	}
	return false
}

// Err returns a *ChatTurnFailedError when the turn will get no reply of its
// own (dropped, or failed), and nil otherwise.
func (t *ChatTurn) Err() error {
	if t == nil || (t.Status != ChatTurnStatusDropped && t.Status != ChatTurnStatusError) {
		return nil
	}
	return &ChatTurnFailedError{RunID: t.RunID, TurnID: t.TurnID, Status: t.Status}
}

// ChatTurnFailedError is ChatTurn.Err's error: the turn got no reply of
// its own.
type ChatTurnFailedError struct {
	RunID, TurnID int64
	// Status is ChatTurnStatusDropped (a newer turn's reply answers it) or
	// ChatTurnStatusError (writing the reply failed).
	Status ChatTurnStatus
}

// Error says which turn got no reply, and why.
func (e *ChatTurnFailedError) Error() string {
	if e.Status == ChatTurnStatusDropped {
		return fmt.Sprintf("cekura: turn %d of run %d was dropped: a newer turn was sent before its reply, and the newer turn's reply answers both", e.TurnID, e.RunID)
	}
	return fmt.Sprintf("cekura: the reply to turn %d of run %d failed (status %s)", e.TurnID, e.RunID, e.Status)
}

// EndChatRequest ends an API chat.
type EndChatRequest struct {
	// Reason says why, such as "main_agent_ended_call" (optional).
	Reason string `json:"reason,omitzero"`
}

// ChatEnd is the answer to EndChat.
type ChatEnd struct {
	apiObject
	RunID    int64 `json:"run_id"`
	ResultID int64 `json:"result_id"`
	// Status is the run's status once its chat ended, as the API words it.
	Status RunStatus `json:"status"`
}

// UnmarshalJSON decodes the answer tolerantly.
func (e *ChatEnd) UnmarshalJSON(b []byte) error { return unmarshal(b, e) }

// metricVoteAnswer is mark_metric_vote's answer.
type metricVoteAnswer struct {
	Success *bool `json:"success"`
}

// chatPath is a run's path under runsPath: runs/{id}/ + sub.
func chatPath(runID int64, sub string) string { return pathID(runsPath, runID) + sub }

// SendChatTurn sends your agent's turn to an API chat run: POST
// /test_framework/v2/runs/{id}/chat/ (202). The simulated user's reply is
// written in the background: wait for it with WaitForChatTurn and the
// returned TurnID. Sending a turn while the previous one's reply is still
// being written interrupts it (that turn ends dropped; the new reply
// answers both). A run still starting, or already ended, is refused with a
// 409 *APIError. It is never retried once the request may have reached the
// API, so that a turn is never sent twice (see MaybeApplied).
func (s *RunsService) SendChatTurn(ctx context.Context, runID int64, req *SendChatTurnRequest, opts ...Option) (*ChatTurn, error) {
	if err := checkID("run", runID); err != nil {
		return nil, err
	}
	return send[ChatTurn](ctx, s.c, endpoint{method: http.MethodPost, path: chatPath(runID, "chat/"), body: req}, opts)
}

// GetChatTurn reads a turn of an API chat and the reply to it: GET
// /test_framework/v2/runs/{id}/chat/{turn_id}/. Turn 0 is the opening: the
// scenario's first message, or none when your agent speaks first. A turn
// stays readable after the run ends, until its history expires.
func (s *RunsService) GetChatTurn(ctx context.Context, runID, turnID int64, opts ...Option) (*ChatTurn, error) {
	if err := checkTurn(runID, turnID); err != nil {
		return nil, err
	}
	return send[ChatTurn](ctx, s.c, endpoint{method: http.MethodGet,
		path: chatPath(runID, "chat/"+strconv.FormatInt(turnID, 10)+"/")}, opts)
}

// WaitForChatTurn polls a turn until it is settled (see [ChatTurn.Done])
// and returns it; it takes GetChatTurn's arguments. A reply takes seconds,
// not minutes, so the polls start 1 s apart and grow to 5 s (params
// changes them; see [WaitParams]). A turn that got no reply of its own is
// not an error: check ChatTurn.Err.
func (s *RunsService) WaitForChatTurn(ctx context.Context, runID, turnID int64, params *WaitParams[ChatTurn], opts ...Option) (*ChatTurn, error) {
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	if err := checkTurn(runID, turnID); err != nil {
		return nil, err
	}
	var p WaitParams[ChatTurn]
	if params != nil {
		p = *params
	}
	if p.PollInterval <= 0 {
		p.PollInterval = time.Second
	}
	if p.MaxPollInterval <= 0 {
		p.MaxPollInterval = max(5*time.Second, p.PollInterval)
	}
	return poll(ctx, s.c, &p, fmt.Sprintf("turn %d of run %d", turnID, runID),
		func(ctx context.Context) (*ChatTurn, error) { return s.GetChatTurn(ctx, runID, turnID, opts...) },
		(*ChatTurn).Done)
}

// checkTurn checks a run id and a turn id (0, the opening, included).
func checkTurn(runID, turnID int64) error {
	if err := checkID("run", runID); err != nil {
		return err
	}
	if turnID < 0 {
		return &ValidationError{Problems: []FieldProblem{{Field: "turn_id", Message: fmt.Sprintf("must be 0 (the opening) or a turn id SendChatTurn returned, got %d", turnID)}}}
	}
	return nil
}

// EndChat ends an API chat run's conversation, which is then scored: POST
// /test_framework/v2/runs/{id}/end-chat/. req may be nil (no reason
// given).
func (s *RunsService) EndChat(ctx context.Context, runID int64, req *EndChatRequest, opts ...Option) (*ChatEnd, error) {
	if err := checkID("run", runID); err != nil {
		return nil, err
	}
	if req == nil {
		req = &EndChatRequest{}
	}
	return send[ChatEnd](ctx, s.c, endpoint{method: http.MethodPost, path: chatPath(runID, "end-chat/"), body: req}, opts)
}

// VoteMetric records a review of how a metric scored a run (a thumbs
// up or down, the expected value, feedback) and marks the run as reviewed:
// POST /test_framework/v2/runs/{id}/mark_metric_vote/. An answer of
// {"success": false} is an error.
func (s *RunsService) VoteMetric(ctx context.Context, runID int64, req *VoteMetricRequest, opts ...Option) error {
	if err := checkID("run", runID); err != nil {
		return err
	}
	path := chatPath(runID, "mark_metric_vote/")
	ans, err := send[metricVoteAnswer](ctx, s.c, endpoint{method: http.MethodPost, path: path, body: req}, opts)
	if err != nil {
		return err
	}
	if ans.Success != nil && !*ans.Success {
		return fmt.Errorf("cekura: POST %s: the API did not record the vote (success: false)", path)
	}
	return nil
}

// GetTrace returns a run's OpenTelemetry trace: GET
// /test_framework/v1/runs/{id}/trace/ (there is no v2 twin). A run without
// a trace (Run's trace id empty, or not found by the trace backend) is a
// 404, ErrNotFound.
func (s *RunsService) GetTrace(ctx context.Context, runID int64, opts ...Option) (*Trace, error) {
	if err := checkID("run", runID); err != nil {
		return nil, err
	}
	return send[Trace](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(runsV1Path, runID) + "trace/"}, opts)
}
