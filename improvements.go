package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// agentImprovementsPath is the "Improve Agent" sessions collection.
	agentImprovementsPath = "/observability/v1/agent-improvement-sessions/"
	// scenarioImprovementsPath is the scenario-improvement sessions
	// collection. Cekura documents it on v1 only.
	scenarioImprovementsPath = "/test_framework/v1/scenario-improvement-sessions/"
)

// AgentImprovementsService starts and follows "Improve Agent" sessions:
// from failing production calls, test runs or scenarios, Cekura proposes
// changes to an agent's prompt, applies them to a copy and verifies them
// with test runs. Get it from Client.AgentImprovements.
type AgentImprovementsService struct{ c *core }

// ImprovementSource is what an agent-improvement session started from.
type ImprovementSource string

// The sources of the API.
const (
	ImprovementSourceCallLog  ImprovementSource = "call_log" // production calls (from Insights)
	ImprovementSourceScenario ImprovementSource = "scenario" // chosen scenarios
	ImprovementSourceRun      ImprovementSource = "run"      // test runs
)

// Valid reports whether s is one of the API's sources.
func (s ImprovementSource) Valid() bool {
	return s == ImprovementSourceCallLog || s == ImprovementSourceScenario || s == ImprovementSourceRun
}

// AgentImprovementStatus is the state of an agent-improvement session.
type AgentImprovementStatus string

// The session states of the API: pending, running, then one of the last
// four.
const (
	AgentImprovementStatusPending       AgentImprovementStatus = "pending"
	AgentImprovementStatusRunning       AgentImprovementStatus = "running"
	AgentImprovementStatusSucceeded     AgentImprovementStatus = "succeeded"
	AgentImprovementStatusFailed        AgentImprovementStatus = "failed"
	AgentImprovementStatusNoImprovement AgentImprovementStatus = "no_improvement" // it ran, and no change scored better
	AgentImprovementStatusCancelled     AgentImprovementStatus = "cancelled"
)

var agentImprovementStatuses = []AgentImprovementStatus{AgentImprovementStatusPending, AgentImprovementStatusRunning,
	AgentImprovementStatusSucceeded, AgentImprovementStatusFailed, AgentImprovementStatusNoImprovement, AgentImprovementStatusCancelled}

// Valid reports whether s is one of the API's session states.
func (s AgentImprovementStatus) Valid() bool { return slices.Contains(agentImprovementStatuses, s) }

// Terminal reports whether the session has ended.
func (s AgentImprovementStatus) Terminal() bool {
	return s == AgentImprovementStatusSucceeded || s == AgentImprovementStatusFailed ||
		s == AgentImprovementStatusNoImprovement || s == AgentImprovementStatusCancelled
}

// ImprovementStage is the step an agent-improvement session is at.
type ImprovementStage string

// The stages of the API, in order.
const (
	ImprovementStageSetup              ImprovementStage = "setup"
	ImprovementStageScenarioGeneration ImprovementStage = "scenario_generation"
	ImprovementStageBaselineRun        ImprovementStage = "baseline_run"
	ImprovementStagePropose            ImprovementStage = "propose"
	ImprovementStageApply              ImprovementStage = "apply"
	ImprovementStageVerifyRun          ImprovementStage = "verify_run"
	ImprovementStageFinalize           ImprovementStage = "finalize"
)

var improvementStages = []ImprovementStage{ImprovementStageSetup, ImprovementStageScenarioGeneration, ImprovementStageBaselineRun,
	ImprovementStagePropose, ImprovementStageApply, ImprovementStageVerifyRun, ImprovementStageFinalize}

// Valid reports whether s is one of the API's stages (or empty: the API
// sends null before the first).
func (s ImprovementStage) Valid() bool { return s == "" || slices.Contains(improvementStages, s) }

// StageStatus is how a session's current stage is doing.
type StageStatus string

// The stage states of the API.
const (
	StageStatusRunning      StageStatus = "running"
	StageStatusWaiting      StageStatus = "waiting"
	StageStatusWaitingInput StageStatus = "waiting_input" // a question waits for an answer (PendingQuestion)
	StageStatusDone         StageStatus = "done"
	StageStatusFailed       StageStatus = "failed"
)

// Valid reports whether s is one of the API's stage states (or empty).
func (s StageStatus) Valid() bool {
	switch s {
	case "", StageStatusRunning, StageStatusWaiting, StageStatusWaitingInput, StageStatusDone, StageStatusFailed:
		return true
	}
	return false
}

// SlackNotificationStatus is whether a session's summary reached Slack.
type SlackNotificationStatus string

// The notification states of the API.
const (
	SlackNotificationStatusNotAttempted     SlackNotificationStatus = "not_attempted"
	SlackNotificationStatusSending          SlackNotificationStatus = "sending"
	SlackNotificationStatusSent             SlackNotificationStatus = "sent"
	SlackNotificationStatusSkippedNoChannel SlackNotificationStatus = "skipped_no_channel"
	SlackNotificationStatusFailed           SlackNotificationStatus = "failed"
)

// Valid reports whether s is one of the API's notification states (or
// empty).
func (s SlackNotificationStatus) Valid() bool {
	switch s {
	case "", SlackNotificationStatusNotAttempted, SlackNotificationStatusSending, SlackNotificationStatusSent, SlackNotificationStatusSkippedNoChannel, SlackNotificationStatusFailed:
		return true
	}
	return false
}

// AgentImprovementSession is an "Improve Agent" session as the API returns
// it, what a caller polls to follow it. The provider key it was started
// with is never returned, nor the full proposal (ProposalSummary trims it).
// The description leaves the workflow's records untyped (the insights it
// started from, its histories, the pending question, the summaries); they
// are kept as the JSON the API sent.
type AgentImprovementSession struct {
	apiObject
	ID        int64 `json:"id"`
	ProjectID int64 `json:"project,omitzero"`
	// AgentID is the agent improved (0 until the API resolves it).
	AgentID   int64  `json:"agent,omitzero"`
	AgentName string `json:"agent_name,omitzero"`
	// Provider is the agent's voice platform, such as vapi or elevenlabs.
	Provider string            `json:"provider,omitzero"`
	Source   ImprovementSource `json:"source,omitzero"`
	// Insights are the insights the session started from.
	Insights json.RawMessage `json:"insights,omitzero"`
	// CallLogIDs, RunIDs and ScenarioIDs are what it started from (one of
	// them, by Source).
	CallLogIDs  []int64                `json:"call_log_ids,omitzero"`
	RunIDs      []int64                `json:"run_ids,omitzero"`
	ScenarioIDs []int64                `json:"scenario_ids,omitzero"`
	Status      AgentImprovementStatus `json:"status,omitzero"`
	// Stage and StageStatus say where the workflow is; StageStartedAt is
	// when the stage began.
	Stage          ImprovementStage `json:"stage,omitzero"`
	StageStatus    StageStatus      `json:"stage_status,omitzero"`
	StageStartedAt time.Time        `json:"stage_started_at,omitzero"`
	StageHistory   json.RawMessage  `json:"stage_history,omitzero"`
	// BaselineResultID, BaselineSourceResultID and VerifyResultID are the
	// test results (see Results.Get) before and after the change.
	BaselineResultID       int64 `json:"baseline_result,omitzero"`
	BaselineSourceResultID int64 `json:"baseline_source_result,omitzero"`
	VerifyResultID         int64 `json:"verify_result,omitzero"`
	// MetricDelta is how the metrics moved, as the API sent it.
	MetricDelta json.RawMessage `json:"metric_delta,omitzero"`
	// ProposalSummary is the trimmed proposal (the prompt changes).
	ProposalSummary map[string]any `json:"proposal_summary,omitzero"`
	// Iteration counts the rounds of propose, apply and verify;
	// BestIteration and BestScore are the best so far.
	Iteration              int             `json:"iteration,omitzero"`
	IterationHistory       json.RawMessage `json:"iteration_history,omitzero"`
	FailingScenarioIDs     []int64         `json:"failing_scenario_ids,omitzero"`
	RoundsSinceImprovement int             `json:"rounds_since_improvement,omitzero"`
	BestIteration          *int            `json:"best_iteration"`
	BestScore              *float64        `json:"best_score"`
	// PendingQuestion is the question the session waits on when its
	// StageStatus is waiting_input; QuestionAnswers are those answered.
	PendingQuestion       json.RawMessage  `json:"pending_question,omitzero"`
	QuestionAnswers       json.RawMessage  `json:"question_answers,omitzero"`
	ScenarioEditProposals json.RawMessage  `json:"scenario_edit_proposals,omitzero"`
	UserGuidance          []map[string]any `json:"user_guidance,omitzero"`
	// ParentSessionID is the session this one continues.
	ParentSessionID int64 `json:"parent_session,omitzero"`
	// ConversationID and MessageID are the product chat it runs in.
	ConversationID string `json:"conversation_id,omitzero"`
	MessageID      string `json:"message_id,omitzero"`
	// ErrorMessage says why a failed session failed.
	ErrorMessage            string                  `json:"error_message,omitzero"`
	SummaryJSON             json.RawMessage         `json:"summary_json,omitzero"`
	SlackNotificationStatus SlackNotificationStatus `json:"slack_notification_status,omitzero"`
	RoutedTo                string                  `json:"routed_to,omitzero"`
	SlackChannelID          string                  `json:"slack_channel_id,omitzero"`
	SlackMessageTS          string                  `json:"slack_message_ts,omitzero"`
	SlackMessageText        string                  `json:"slack_message_text,omitzero"`
	SlackError              string                  `json:"slack_error,omitzero"`
	// PromotedAt, PromotedByID and PromotedByEmail say when and by whom
	// the improved copy was promoted to the agent; PromotionSummary what
	// changed.
	PromotedAt       time.Time      `json:"promoted_at,omitzero"`
	PromotedByID     int64          `json:"promoted_by,omitzero"`
	PromotedByEmail  string         `json:"promoted_by_email,omitzero"`
	PromotionSummary map[string]any `json:"promotion_summary,omitzero"`
	// CloneState is the state of the agent's working copy.
	CloneState map[string]any `json:"clone_state,omitzero"`
	CreatedAt  time.Time      `json:"created_at,omitzero"`
	UpdatedAt  time.Time      `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a session tolerantly.
func (x *AgentImprovementSession) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// Done reports whether the session has ended (Status.Terminal).
func (x *AgentImprovementSession) Done() bool { return x != nil && x.Status.Terminal() }

// NeedsInput reports whether the session waits on an answer to its
// PendingQuestion (given in the dashboard's product chat) before it can go
// on.
func (x *AgentImprovementSession) NeedsInput() bool {
	if x == nil {
		return false
	}
	return x != nil && !x.Done() && x.StageStatus == StageStatusWaitingInput
}

// Err returns an *ImprovementFailedError when the session failed or was
// cancelled, and nil otherwise: a session that found no better version
// (no_improvement) ended as it should.
func (x *AgentImprovementSession) Err() error {
	if x == nil || (x.Status != AgentImprovementStatusFailed && x.Status != AgentImprovementStatusCancelled) {
		return nil
	}
	return &ImprovementFailedError{SessionID: x.ID, Status: x.Status, Message: x.ErrorMessage}
}

// ImprovementFailedError is the Err of an agent-improvement session that
// failed or was cancelled.
type ImprovementFailedError struct {
	SessionID int64
	Status    AgentImprovementStatus
	// Message is the API's error_message.
	Message string
}

// Error says which session ended how, and why when the API said.
func (e *ImprovementFailedError) Error() string {
	msg := fmt.Sprintf("cekura: agent-improvement session %d %s", e.SessionID, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// CreateAgentImprovementRequest starts an "Improve Agent" session from
// exactly one of CallLogIDs, RunIDs and ScenarioIDs; the API finds the
// agent from them. The description marks every property of the session
// read-only, so it names no input: these are the ones its text gives
// ("resolves the target agent from Insight call logs, simulation runs, or
// selected evaluator scenarios"; "validates a VAPI / ElevenLabs provider
// key"; "provider_key … never serialized").
type CreateAgentImprovementRequest struct {
	// ProjectID is the tenant scope for a session or OAuth caller; leave it
	// 0 with an API key.
	ProjectID int64 `json:"project,omitzero"`
	// CallLogIDs are failing production calls (from Insights).
	CallLogIDs []int64 `json:"call_log_ids,omitzero"`
	// RunIDs are test runs.
	RunIDs []int64 `json:"run_ids,omitzero"`
	// ScenarioIDs are scenarios (evaluators) to improve the agent against.
	ScenarioIDs []int64 `json:"scenario_ids,omitzero"`
	// ProviderKey is the agent's Vapi or ElevenLabs API key, with which
	// the session edits a copy of the agent. Never printed or logged.
	ProviderKey Secret `json:"provider_key,omitzero"`
}

func (r *CreateAgentImprovementRequest) validate(v *validator) {
	sources := 0
	for _, set := range [][]int64{r.CallLogIDs, r.RunIDs, r.ScenarioIDs} {
		if len(set) > 0 {
			sources++
		}
	}
	if sources != 1 {
		v.add("call_log_ids", "set exactly one of call_log_ids, run_ids and scenario_ids: what the session improves the agent from (got %d)", sources)
	}
	positive(v, "project", r.ProjectID)
	ids(v, "call_log_ids", r.CallLogIDs)
	ids(v, "run_ids", r.RunIDs)
	ids(v, "scenario_ids", r.ScenarioIDs)
	if r.ProviderKey != "" && strings.TrimSpace(r.ProviderKey.Reveal()) == "" {
		v.add("provider_key", "is blank; leave it unset, or give the agent's provider key")
	}
}

// Format prints the request with the provider key redacted, under any verb.
func (r CreateAgentImprovementRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the request with the provider key redacted.
func (r CreateAgentImprovementRequest) LogValue() slog.Value { return redactedLogValue(r) }

// ListAgentImprovementsParams scope AgentImprovements.List. Zero values
// are not sent.
type ListAgentImprovementsParams struct {
	// ProjectID is the tenant scope (see CreateAgentImprovementRequest).
	ProjectID int64 `url:"project,omitempty"`
}

func (o *ListAgentImprovementsParams) validate(v *validator) { positive(v, "project", o.ProjectID) }

// Create starts an "Improve Agent" session: POST
// /observability/v1/agent-improvement-sessions/ (201). The session runs in
// the background; follow it with Get or WaitForSession. It is never
// retried once it may have reached the API.
func (s *AgentImprovementsService) Create(ctx context.Context, req *CreateAgentImprovementRequest, opts ...Option) (*AgentImprovementSession, error) {
	return send[AgentImprovementSession](ctx, s.c, endpoint{method: http.MethodPost, path: agentImprovementsPath, body: req}, opts)
}

// Get returns one session: GET
// /observability/v1/agent-improvement-sessions/{id}/.
func (s *AgentImprovementsService) Get(ctx context.Context, id int64, opts ...Option) (*AgentImprovementSession, error) {
	if err := checkID("agent-improvement session", id); err != nil {
		return nil, err
	}
	return send[AgentImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(agentImprovementsPath, id)}, opts)
}

// List returns the sessions: GET
// /observability/v1/agent-improvement-sessions/. The API sends them all at
// once, as a plain list, which reads as a single page.
func (s *AgentImprovementsService) List(ctx context.Context, params *ListAgentImprovementsParams, opts ...Option) (*Page[AgentImprovementSession], error) {
	return list[AgentImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: agentImprovementsPath, query: params}, opts)
}

// All walks the sessions lazily; see [AgentsService.All].
func (s *AgentImprovementsService) All(ctx context.Context, params *ListAgentImprovementsParams, opts ...Option) iter.Seq2[*AgentImprovementSession, error] {
	return all[AgentImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: agentImprovementsPath, query: params}, opts)
}

// WaitForSession polls a session until it ends or waits on an answer to
// its question (NeedsInput: answer it in the dashboard, then wait again),
// and returns it (see [WaitParams]). A failed or cancelled session is not
// an error: check AgentImprovementSession.Err.
func (s *AgentImprovementsService) WaitForSession(ctx context.Context, id int64, params *WaitParams[AgentImprovementSession], opts ...Option) (*AgentImprovementSession, error) {
	if err := checkID("agent-improvement session", id); err != nil {
		return nil, err
	}
	return poll(ctx, s.c, params, fmt.Sprintf("agent-improvement session %d", id),
		func(ctx context.Context) (*AgentImprovementSession, error) { return s.Get(ctx, id, opts...) },
		func(x *AgentImprovementSession) bool { return x.Done() || x.NeedsInput() })
}

// ScenarioImprovementsService manages scenario-improvement sessions: chats
// in which Cekura's assistant refines a project's scenarios with the user.
// A session moves on as the conversation does, in the dashboard; there is
// no background job to wait for, and Get shows where it stands (Status,
// ConversationHistory). Get it from Client.ScenarioImprovements.
type ScenarioImprovementsService struct{ c *core }

// ScenarioImprovementStatus is the state of a scenario-improvement session.
type ScenarioImprovementStatus string

// The session states of the API.
const (
	ScenarioImprovementStatusPending    ScenarioImprovementStatus = "pending"
	ScenarioImprovementStatusInProgress ScenarioImprovementStatus = "in_progress"
	ScenarioImprovementStatusCompleted  ScenarioImprovementStatus = "completed"
	ScenarioImprovementStatusCancelled  ScenarioImprovementStatus = "cancelled"
	ScenarioImprovementStatusFailed     ScenarioImprovementStatus = "failed"
)

// Valid reports whether s is one of the API's session states (or empty).
func (s ScenarioImprovementStatus) Valid() bool {
	switch s {
	case "", ScenarioImprovementStatusPending, ScenarioImprovementStatusInProgress, ScenarioImprovementStatusCompleted,
		ScenarioImprovementStatusCancelled, ScenarioImprovementStatusFailed:
		return true
	}
	return false
}

// ConversationItem is one turn of a scenario-improvement session's
// conversation, as the description lists its parts.
type ConversationItem struct {
	Role    ConversationRole `json:"role"`
	Content string           `json:"content"`
	// Timestamp is when it was said, as the API wrote it.
	Timestamp string `json:"timestamp,omitzero"`
	// ToolCalls are the assistant's tool calls in the turn.
	ToolCalls []map[string]any `json:"tool_calls,omitzero"`
}

// ScenarioImprovementSession is a scenario-improvement session as the API
// returns it. List leaves out ConversationHistory and CreatedByID, and
// sends MessageCount; Get sends them; Create answers with the ID, title,
// project and scenarios only.
type ScenarioImprovementSession struct {
	apiObject
	ID int64 `json:"id"`
	// Title is the session's title (from its first message unless given).
	Title     string `json:"title,omitzero"`
	ProjectID int64  `json:"project,omitzero"`
	// ScenarioIDs are the scenarios being improved.
	ScenarioIDs         []int64                   `json:"scenario_ids,omitzero"`
	ConversationHistory []ConversationItem        `json:"conversation_history,omitzero"`
	Status              ScenarioImprovementStatus `json:"status,omitzero"`
	// MessageCount is how many messages the conversation has (the
	// description types it as a string; a number in one reads too).
	MessageCount int `json:"message_count,omitzero" cekura:"flex"`
	// CreatedByID is the id of the user who started the session.
	CreatedByID int64     `json:"created_by,omitzero"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a session tolerantly.
func (x *ScenarioImprovementSession) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// CreateScenarioImprovementRequest is the body of ScenarioImprovements.
// Create. Every field is optional.
type CreateScenarioImprovementRequest struct {
	// ProjectID is the project whose scenarios are improved.
	ProjectID int64 `json:"project,omitzero"`
	// Title is up to 255 characters; left out, the API titles the session
	// from its first message.
	Title string `json:"title,omitzero"`
	// ScenarioSelection chooses the scenarios, as JSON the API reads (the
	// description gives it no type); the answer's ScenarioIDs are what it
	// chose.
	ScenarioSelection json.RawMessage `json:"scenario_selection,omitzero"`
}

func (r *CreateScenarioImprovementRequest) validate(v *validator) {
	positive(v, "project", r.ProjectID)
	sessionTitle(v, r.Title)
	v.json("scenario_selection", r.ScenarioSelection)
}

func sessionTitle(v *validator, title string) {
	if n := utf8.RuneCountInString(title); n > maxNameLen {
		v.add("title", "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

// UpdateScenarioImprovementRequest is the body of ScenarioImprovements.
// Update (PATCH): only what is set is sent.
type UpdateScenarioImprovementRequest struct {
	Title Opt[string] `json:"title,omitzero"`
	// ProjectID: Some(id) moves the session, Null() detaches it.
	ProjectID           Opt[int64]                     `json:"project,omitzero" cekura:"nullable"`
	ScenarioIDs         Opt[[]int64]                   `json:"scenario_ids,omitzero"`
	ConversationHistory Opt[[]ConversationItem]        `json:"conversation_history,omitzero"`
	Status              Opt[ScenarioImprovementStatus] `json:"status,omitzero"`
}

func (r *UpdateScenarioImprovementRequest) validate(v *validator) {
	if title, ok := r.Title.Get(); ok {
		sessionTitle(v, title)
	}
	if id, ok := r.ProjectID.Get(); ok && id <= 0 {
		v.add("project", "must be a positive id, got %d (Null() detaches the session)", id)
	}
	if list, ok := r.ScenarioIDs.Get(); ok {
		ids(v, "scenario_ids", list)
	}
	if items, ok := r.ConversationHistory.Get(); ok {
		for i, item := range items {
			if !item.Role.Valid() {
				v.add(fmt.Sprintf("conversation_history[%d].role", i), "%q is not one of user, assistant", item.Role)
			}
		}
	}
	if st, ok := r.Status.Get(); ok && (st == "" || !st.Valid()) {
		v.add("status", "%q is not one of pending, in_progress, completed, cancelled, failed", st)
	}
}

// ListScenarioImprovementsParams scope ScenarioImprovements.List. Zero
// values are not sent.
type ListScenarioImprovementsParams struct {
	// ProjectID is the project whose sessions are listed; a session or
	// OAuth caller must set it, an API key is already scoped.
	ProjectID int64 `url:"project_id,omitempty"`
}

func (o *ListScenarioImprovementsParams) validate(v *validator) {
	positive(v, "project_id", o.ProjectID)
}

// Create starts a scenario-improvement session: POST
// /test_framework/v1/scenario-improvement-sessions/ (201).
func (s *ScenarioImprovementsService) Create(ctx context.Context, req *CreateScenarioImprovementRequest, opts ...Option) (*ScenarioImprovementSession, error) {
	return send[ScenarioImprovementSession](ctx, s.c, endpoint{method: http.MethodPost, path: scenarioImprovementsPath, body: req}, opts)
}

// Get returns one session with its conversation: GET
// /test_framework/v1/scenario-improvement-sessions/{id}/.
func (s *ScenarioImprovementsService) Get(ctx context.Context, id int64, opts ...Option) (*ScenarioImprovementSession, error) {
	if err := checkID("scenario-improvement session", id); err != nil {
		return nil, err
	}
	return send[ScenarioImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(scenarioImprovementsPath, id)}, opts)
}

// List returns a project's sessions: GET
// /test_framework/v1/scenario-improvement-sessions/. The API sends them
// all at once, as a plain list, which reads as a single page.
func (s *ScenarioImprovementsService) List(ctx context.Context, params *ListScenarioImprovementsParams, opts ...Option) (*Page[ScenarioImprovementSession], error) {
	return list[ScenarioImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: scenarioImprovementsPath, query: params}, opts)
}

// All walks a project's sessions lazily; see [AgentsService.All].
func (s *ScenarioImprovementsService) All(ctx context.Context, params *ListScenarioImprovementsParams, opts ...Option) iter.Seq2[*ScenarioImprovementSession, error] {
	return all[ScenarioImprovementSession](ctx, s.c, endpoint{method: http.MethodGet, path: scenarioImprovementsPath, query: params}, opts)
}

// Update changes what req sets: PATCH
// /test_framework/v1/scenario-improvement-sessions/{id}/.
func (s *ScenarioImprovementsService) Update(ctx context.Context, id int64, req *UpdateScenarioImprovementRequest, opts ...Option) (*ScenarioImprovementSession, error) {
	if err := checkID("scenario-improvement session", id); err != nil {
		return nil, err
	}
	return send[ScenarioImprovementSession](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(scenarioImprovementsPath, id), body: req, update: true}, opts)
}
