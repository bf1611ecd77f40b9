package cekura

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Writing scenarios with Cekura's AI, in the background: instructions
// written or improved (InstructionsJob), a scenario made from a call's
// transcript (TranscriptJob), and the scenario agent, which creates or
// changes scenarios from a request in plain language (ScenarioAgentJob).
// Each job has a method that starts it, a Get of its progress and a
// WaitFor… on the SDK's one poller, as Generate, GetGeneration and
// WaitForGeneration do for generations. Starting a job is a POST, never
// retried once it may have reached the API.

// maxScenarioNameLen is the API's limit on a scenario's name, in
// characters (Scenario.name).
const maxScenarioNameLen = 80

// InstructionsJob is the progress of instructions being written
// (GenerateInstructions) or improved (ImproveInstructions).
type InstructionsJob struct {
	apiObject
	// ProgressID identifies the job; GetInstructionsJob and
	// WaitForInstructionsJob take it.
	ProgressID string `json:"progress_id,omitzero"`
	// ProjectID is the project of the job's agent.
	ProjectID int64     `json:"project_id,omitzero"`
	Status    JobStatus `json:"status,omitzero"`
	// Instructions are the instructions written, once completed.
	Instructions string `json:"instructions,omitzero"`
	// Error is the API's explanation of a failure.
	Error string `json:"error,omitzero"`
}

// fillProgressID keeps the id the job was read by, when the answer
// does not repeat it.
func (j *InstructionsJob) fillProgressID(id string) {
	if j.ProgressID == "" {
		j.ProgressID = id
	}
}

// UnmarshalJSON decodes the job tolerantly.
func (j *InstructionsJob) UnmarshalJSON(b []byte) error { return unmarshal(b, j) }

// Done reports whether the job has ended: a terminal status, or
// instructions without a status (an answer that holds the instructions
// written is the end of the job, whatever else it says).
func (j *InstructionsJob) Done() bool {
	if j == nil {
		return false
	}
	return j.Status.Terminal() || (j.Status == "" && j.Instructions != "")
}

// Err returns a *JobFailedError when the job failed or was
// cancelled, and nil otherwise.
func (j *InstructionsJob) Err() error {
	if j == nil {
		return nil
	}
	return jobErr("instructions job", j.ProgressID, j.Status, j.Error)
}

// GenerateInstructionsRequest is a draft of a scenario whose instructions
// (what the simulated caller says and does) the API writes: the body of
// GenerateInstructions. PersonalityID is required, and exactly one of
// AgentID, ProjectID and AssistantID. The API's description gives this
// operation the fields of a scenario; those below are what instructions
// are written from.
type GenerateInstructionsRequest struct {
	// Name is the scenario's name (at most 80 characters).
	Name string `json:"name,omitzero"`
	// PersonalityID is the simulated caller's personality; required.
	PersonalityID int64 `json:"personality"`
	// AgentID, ProjectID or AssistantID (the provider's id of the agent):
	// one.
	AgentID     int64  `json:"agent,omitzero"`
	ProjectID   int64  `json:"project,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// ScenarioType is the kind of instructions to write:
	// ScenarioTypeInstruction (the default) or
	// ScenarioTypeConditionalActions.
	ScenarioType ScenarioType `json:"scenario_type,omitzero"`
	// Instructions is a draft to start from.
	Instructions string `json:"instructions,omitzero"`
	// ExpectedOutcomePrompt is what a passing conversation achieves: the
	// goal the instructions lead the caller to.
	ExpectedOutcomePrompt string `json:"expected_outcome_prompt,omitzero"`
	// FirstMessage is the caller's first message (at most 1000
	// characters).
	FirstMessage     string   `json:"first_message,omitzero"`
	ScenarioLanguage Language `json:"scenario_language,omitzero"`
	// TestProfileID is the test profile whose data the caller uses.
	TestProfileID int64 `json:"test_profile,omitzero"`
	// ToolIDs are tools the caller may use, such as "TOOL_DTMF".
	ToolIDs []string `json:"tool_ids,omitzero"`
	// InformationFields are facts the caller knows ({"order_id":
	// "1234"}).
	InformationFields map[string]any `json:"information_fields,omitzero"`
}

func (r *GenerateInstructionsRequest) validate(v *validator) {
	if r.PersonalityID <= 0 {
		v.add("personality", "is required: a personality id (see Agents.ListPersonalities)")
	}
	targets := 0
	for _, set := range []bool{r.AgentID != 0, r.ProjectID != 0, r.AssistantID != ""} {
		if set {
			targets++
		}
	}
	if targets != 1 {
		v.add("agent", "set exactly one of agent, project and assistant_id (got %d)", targets)
	}
	if n := utf8.RuneCountInString(r.Name); n > maxScenarioNameLen {
		v.add("name", "is %d characters long; at most %d are allowed", n, maxScenarioNameLen)
	}
	switch r.ScenarioType {
	case "", ScenarioTypeInstruction, ScenarioTypeConditionalActions:
	default:
		v.add("scenario_type", "%q is not one of instruction, conditional_actions", r.ScenarioType)
	}
	if n := utf8.RuneCountInString(r.FirstMessage); n > 1000 {
		v.add("first_message", "is %d characters long; at most 1000 are allowed", n)
	}
	if r.ScenarioLanguage != "" {
		v.language("scenario_language", r.ScenarioLanguage)
	}
	if r.TestProfileID < 0 {
		v.add("test_profile", "must be a positive test profile id, got %d", r.TestProfileID)
	}
}

// ImproveInstructionsRequest asks the API to rewrite a scenario's
// instructions as asked: the body of ImproveInstructions.
type ImproveInstructionsRequest struct {
	// AgentID is the agent the scenario tests; required.
	AgentID int64 `json:"agent"`
	// ExtraInstructions says what to change ("make the caller
	// impatient"); required.
	ExtraInstructions string `json:"extra_instructions" cekura:"required"`
	// CurrentInstructions are the instructions to improve.
	CurrentInstructions string `json:"current_instructions,omitzero"`
}

func (r *ImproveInstructionsRequest) validate(v *validator) {
	if r.AgentID <= 0 {
		v.add("agent", "is required: a positive agent id, got %d", r.AgentID)
	}
}

// GenerateInstructions starts writing a scenario's instructions from a
// draft of it: POST /test_framework/v1/scenarios/generate-instructions/.
// Follow the job with GetInstructionsJob or WaitForInstructionsJob; an
// answer that already holds the instructions is Done.
func (s *ScenariosService) GenerateInstructions(ctx context.Context, req *GenerateInstructionsRequest, opts ...Option) (*InstructionsJob, error) {
	return send[InstructionsJob](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "generate-instructions/", body: req}, opts)
}

// ImproveInstructions starts rewriting instructions as asked: POST
// /test_framework/v1/scenarios/improve_instructions/. Follow the job with
// GetInstructionsJob or WaitForInstructionsJob.
func (s *ScenariosService) ImproveInstructions(ctx context.Context, req *ImproveInstructionsRequest, opts ...Option) (*InstructionsJob, error) {
	return send[InstructionsJob](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "improve_instructions/", body: req}, opts)
}

// GetInstructionsJob returns the progress of instructions being written or
// improved: GET /test_framework/v1/scenarios/instructions-progress/. (The
// API's description lists no parameter for it; the SDK sends the job's
// progress_id, as every other progress endpoint of the API takes it.)
func (s *ScenariosService) GetInstructionsJob(ctx context.Context, progressID string, opts ...Option) (*InstructionsJob, error) {
	return getProgress[InstructionsJob](ctx, s.c, scenariosPath+"instructions-progress/", progressID, "GenerateInstructions or ImproveInstructions", opts)
}

// WaitForInstructionsJob polls an instructions job until it ends (see
// [WaitParams]) and returns it. A job that failed is not an error of the
// wait: check InstructionsJob.Err.
func (s *ScenariosService) WaitForInstructionsJob(ctx context.Context, progressID string, params *WaitParams[InstructionsJob], opts ...Option) (*InstructionsJob, error) {
	return poll(ctx, s.c, params, "instructions job "+progressID,
		func(ctx context.Context) (*InstructionsJob, error) {
			return s.GetInstructionsJob(ctx, progressID, opts...)
		},
		(*InstructionsJob).Done)
}

// MessageRole is who speaks a message of a scenario's transcript
// (TranscriptMessage). Besides the two speakers of a call transcript
// ([Role]), it has the agent's function calls and their results.
type MessageRole string

// The roles of a scenario's transcript: the API accepts these only
// ("agent" and "user" are not valid).
const (
	MessageRoleAgent              MessageRole = "Main Agent"    // your agent
	MessageRoleCaller             MessageRole = "Testing Agent" // the person calling it
	MessageRoleFunctionCall       MessageRole = "Function Call"
	MessageRoleFunctionCallResult MessageRole = "Function Call Result"
)

// Valid reports whether r is one of the roles of a scenario's transcript.
func (r MessageRole) Valid() bool {
	switch r {
	case MessageRoleAgent, MessageRoleCaller, MessageRoleFunctionCall, MessageRoleFunctionCallResult:
		return true
	}
	return false
}

// TranscriptMessage is one message of a call's transcript, from which
// CreateFromTranscript and UpdateWithTranscript learn a caller's behaviour.
type TranscriptMessage struct {
	Role MessageRole `json:"role"`
	// Content is the message's text; required unless Data is set.
	Content string `json:"content,omitzero"`
	// StartTime and EndTime are seconds from the call's start (optional).
	StartTime Opt[float64] `json:"start_time,omitzero"`
	EndTime   Opt[float64] `json:"end_time,omitzero"`
	// Data is a function call's, or its result's.
	Data *FunctionCallData `json:"data,omitzero"`
}

// FunctionCallData is a function call of a transcript, or its result.
type FunctionCallData struct {
	ID   string `json:"id,omitzero"`
	Name string `json:"name,omitzero"`
	// Arguments and Result are any JSON, sent as given.
	Arguments json.RawMessage `json:"arguments,omitzero"`
	Result    json.RawMessage `json:"result,omitzero"`
}

// transcript checks a scenario's transcript: at least one message, known
// roles, some content, times that are finite, not negative and in order.
func (v *validator) transcript(field string, msgs []TranscriptMessage) {
	if len(msgs) == 0 {
		v.add(field, "is required: the transcript's messages")
		return
	}
	for i, m := range msgs {
		at := field + "[" + strconv.Itoa(i) + "]"
		if !m.Role.Valid() {
			v.add(at+".role", "%q is not one of %q, %q, %q, %q", m.Role, MessageRoleAgent, MessageRoleCaller,
				MessageRoleFunctionCall, MessageRoleFunctionCallResult)
		}
		if strings.TrimSpace(m.Content) == "" && m.Data == nil {
			v.add(at+".content", "is required: the message's text (or data, for a function call)")
		}
		start, hasStart := m.StartTime.Get()
		end, hasEnd := m.EndTime.Get()
		for _, t := range []struct {
			name string
			val  float64
			set  bool
		}{{"start_time", start, hasStart}, {"end_time", end, hasEnd}} {
			if t.set && (math.IsNaN(t.val) || math.IsInf(t.val, 0) || t.val < 0) {
				v.add(at+"."+t.name, "is %g; want seconds from the call's start (0 or more)", t.val)
			}
		}
		if hasStart && hasEnd && end < start {
			v.add(at+".end_time", "is %g, before its start_time %g", end, start)
		}
		if d := m.Data; d != nil {
			v.json(at+".data.arguments", d.Arguments)
			v.json(at+".data.result", d.Result)
		}
	}
}

// CreateFromTranscriptRequest makes a scenario from a call's transcript:
// the body of CreateFromTranscript. Transcript is required, and exactly one
// of AgentID and AssistantID.
type CreateFromTranscriptRequest struct {
	// Transcript is the call; required.
	Transcript []TranscriptMessage `json:"transcript_json"`
	// AgentID is an agent of the API key's project; AssistantID (the
	// provider's id of the agent) finds one of another project.
	AgentID     int64  `json:"agent,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// PersonalityID is the simulated caller's personality.
	PersonalityID int64 `json:"personality,omitzero"`
	// Name is the new scenario's name (at most 80 characters).
	Name                  string `json:"name,omitzero"`
	ExpectedOutcomePrompt string `json:"expected_outcome_prompt,omitzero"`
	// FolderPath is an existing folder to put the scenario in.
	FolderPath string `json:"folder_path,omitzero"`
}

func (r *CreateFromTranscriptRequest) validate(v *validator) {
	v.transcript("transcript_json", r.Transcript)
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent", "set exactly one of agent and assistant_id")
	}
	if r.AgentID < 0 || r.PersonalityID < 0 {
		v.add("agent", "ids are positive (agent %d, personality %d)", r.AgentID, r.PersonalityID)
	}
	if n := utf8.RuneCountInString(r.Name); n > maxScenarioNameLen {
		v.add("name", "is %d characters long; at most %d are allowed", n, maxScenarioNameLen)
	}
	if r.FolderPath != "" {
		v.folderPath("folder_path", r.FolderPath)
	}
}

// TranscriptJob is the progress of a scenario being made from a transcript
// (CreateFromTranscript).
type TranscriptJob struct {
	apiObject
	// ProgressID identifies the job; GetTranscriptJob and
	// WaitForTranscriptJob take it.
	ProgressID string    `json:"progress_id,omitzero"`
	AgentID    int64     `json:"agent_id,omitzero"`
	Status     JobStatus `json:"status,omitzero"`
	// ScenarioID and Scenario are the scenario made, once completed.
	ScenarioID int64     `json:"scenario_id,omitzero"`
	Scenario   *Scenario `json:"scenario,omitzero"`
	// Error is the API's explanation of a failure.
	Error string `json:"error,omitzero"`
}

// fillProgressID keeps the id the job was read by, when the answer
// does not repeat it.
func (j *TranscriptJob) fillProgressID(id string) {
	if j.ProgressID == "" {
		j.ProgressID = id
	}
}

// UnmarshalJSON decodes the job tolerantly.
func (j *TranscriptJob) UnmarshalJSON(b []byte) error { return unmarshal(b, j) }

// Done reports whether the job has ended (completed or failed).
func (j *TranscriptJob) Done() bool { return j != nil && (j.Status.Terminal()) }

// Err returns a *JobFailedError when the job failed, and nil
// otherwise.
func (j *TranscriptJob) Err() error {
	if j == nil {
		return nil
	}
	return jobErr("scenario from transcript job", j.ProgressID, j.Status, j.Error)
}

// CreateFromTranscript starts making a scenario from a call's transcript,
// which the API reads for the caller's behaviour, the expected outcome and
// the conversation's flow: POST
// /test_framework/v1/scenarios/create-from-transcript-bg/. Follow the job
// with GetTranscriptJob or WaitForTranscriptJob.
func (s *ScenariosService) CreateFromTranscript(ctx context.Context, req *CreateFromTranscriptRequest, opts ...Option) (*TranscriptJob, error) {
	return send[TranscriptJob](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "create-from-transcript-bg/", body: req}, opts)
}

// GetTranscriptJob returns the progress of a scenario being made from a
// transcript: GET
// /test_framework/v1/scenarios/create-from-transcript-progress/?progress_id=.
func (s *ScenariosService) GetTranscriptJob(ctx context.Context, progressID string, opts ...Option) (*TranscriptJob, error) {
	return getProgress[TranscriptJob](ctx, s.c, scenariosPath+"create-from-transcript-progress/", progressID, "CreateFromTranscript", opts)
}

// WaitForTranscriptJob polls a transcript job until it ends (see
// [WaitParams]) and returns it. A job that failed is not an error of the
// wait: check TranscriptJob.Err.
func (s *ScenariosService) WaitForTranscriptJob(ctx context.Context, progressID string, params *WaitParams[TranscriptJob], opts ...Option) (*TranscriptJob, error) {
	return poll(ctx, s.c, params, "transcript job "+progressID,
		func(ctx context.Context) (*TranscriptJob, error) { return s.GetTranscriptJob(ctx, progressID, opts...) },
		(*TranscriptJob).Done)
}

// UpdateScenarioWithTranscriptRequest is the body of UpdateWithTranscript.
type UpdateScenarioWithTranscriptRequest struct {
	// Transcript is the call the scenario's simulation follows; required.
	Transcript []TranscriptMessage `json:"transcript_json"`
}

func (r *UpdateScenarioWithTranscriptRequest) validate(v *validator) {
	v.transcript("transcript_json", r.Transcript)
}

// UpdateWithTranscript makes a scenario's simulation follow a call's
// transcript (the API stores the agent's turns' embeddings and a
// description of the call) and returns the scenario: POST
// /test_framework/v1/scenarios/{id}/update_scenario_with_transcript/. (The
// API's description gives this body the fields of a scenario; the
// operation's own text documents transcript_json, which is what it reads.)
func (s *ScenariosService) UpdateWithTranscript(ctx context.Context, id int64, req *UpdateScenarioWithTranscriptRequest, opts ...Option) (*Scenario, error) {
	if err := checkID("scenario", id); err != nil {
		return nil, err
	}
	return send[Scenario](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(scenariosPath, id) + "update_scenario_with_transcript/", body: req}, opts)
}

// ConversationRole is who said a turn of a conversation with Cekura's AI:
// a ScenarioAgentRequest's context (ConversationTurn), or a
// scenario-improvement session's (ConversationItem).
type ConversationRole string

// The roles of a conversation with Cekura's AI.
const (
	ConversationRoleUser      ConversationRole = "user"      // you
	ConversationRoleAssistant ConversationRole = "assistant" // Cekura's AI
)

// Valid reports whether r is one of the roles of the conversation.
func (r ConversationRole) Valid() bool {
	return r == ConversationRoleUser || r == ConversationRoleAssistant
}

// ConversationTurn is one turn of the conversation with the scenario agent
// so far, for a request that refines an earlier one.
type ConversationTurn struct {
	Role    ConversationRole `json:"role"`
	Content string           `json:"content"`
}

// ScenarioAgentMode is what a scenario agent's job does.
type ScenarioAgentMode string

// The scenario agent's modes.
const (
	// ScenarioAgentModeClarify writes new scenarios (NumScenarios of
	// them); it may ask a question first (needs_clarification).
	ScenarioAgentModeClarify ScenarioAgentMode = "clarify"
	// ScenarioAgentModeImprove changes the scenarios picked; it may ask
	// which agent some of them are for (needs_agent_clarification).
	ScenarioAgentModeImprove ScenarioAgentMode = "improve"
)

// Valid reports whether m is one of the modes the API documents.
func (m ScenarioAgentMode) Valid() bool {
	return m == ScenarioAgentModeClarify || m == ScenarioAgentModeImprove
}

// ScenarioAgentRequest asks the scenario agent to create or change
// scenarios (never the agent under test): the body of AskScenarioAgent.
// The agent answers with suggestions (ScenarioAgentJob.Result); a second
// request with ApplyChanges and the suggestions applies them.
type ScenarioAgentRequest struct {
	// UserMessage is the request in plain language ("make these
	// instructions more detailed"); required unless ApplyChanges or
	// AgentSelections continue an earlier answer.
	UserMessage string `json:"user_message,omitzero"`
	// ScenarioIDs are the scenarios to change, or AllScenarios all of the
	// agent's (not both). Neither asks for new scenarios.
	ScenarioIDs  []int64 `json:"-"`
	AllScenarios bool    `json:"-"`
	// AgentID and ProjectID are inferred from the scenarios when unset.
	AgentID   int64 `json:"agent_id,omitzero"`
	ProjectID int64 `json:"project_id,omitzero"`
	// SessionID continues a session (ScenarioAgentJob.SessionID); unset,
	// the API starts one.
	SessionID int64 `json:"session_id,omitzero"`
	// Context is the conversation so far, for a request that refines an
	// earlier one without a session.
	Context []ConversationTurn `json:"context,omitzero"`
	// NumScenarios is how many new scenarios to write (default 1).
	NumScenarios int `json:"num_scenarios,omitzero"`
	// KnowledgeBaseFileIDs are knowledge base files to write new scenarios
	// from.
	KnowledgeBaseFileIDs []int64 `json:"knowledge_base,omitzero"`
	// ApplyChanges applies UpdatedScenarios, the changes an earlier
	// answer suggested (ScenarioAgentJob.UpdatedScenarios).
	ApplyChanges     bool              `json:"apply_changes,omitzero"`
	UpdatedScenarios []json.RawMessage `json:"updated_scenarios,omitzero"`
	// AgentSelections answers needs_agent_clarification: the agent id of
	// each scenario that needed one (ScenariosNeedingAgent), keyed by the
	// scenario's id in decimal ("101"), as the API keys it; with the
	// PendingToolCalls that answer held.
	AgentSelections       map[string]int64  `json:"agent_selections,omitzero"`
	ScenariosNeedingAgent []int64           `json:"scenarios_needing_agent,omitzero"`
	PendingToolCalls      []json.RawMessage `json:"pending_tool_calls,omitzero"`
	// ToolIDs are tools to enable on the scenarios written, such as
	// "TOOL_DTMF"; InboundPhoneNumberIDs are inbound numbers to attach to
	// them.
	ToolIDs               []string `json:"tool_ids,omitzero"`
	InboundPhoneNumberIDs []int64  `json:"inbound_phone_numbers,omitzero"`
}

func (r *ScenarioAgentRequest) validate(v *validator) {
	if strings.TrimSpace(r.UserMessage) == "" && !r.ApplyChanges && len(r.AgentSelections) == 0 {
		v.add("user_message", "is required: say what to create or change (unless apply_changes or agent_selections continue an earlier answer)")
	}
	if r.AllScenarios && len(r.ScenarioIDs) > 0 {
		v.add("scenarios", "pick scenario ids or all scenarios, not both")
	}
	ids(v, "scenarios", r.ScenarioIDs)
	for _, f := range []struct {
		name string
		id   int64
	}{{"agent_id", r.AgentID}, {"project_id", r.ProjectID}, {"session_id", r.SessionID}} {
		if f.id < 0 {
			v.add(f.name, "must be a positive id, got %d", f.id)
		}
	}
	for i, t := range r.Context {
		at := "context[" + strconv.Itoa(i) + "]"
		if !t.Role.Valid() {
			v.add(at+".role", "%q is not one of user, assistant", t.Role)
		}
		if strings.TrimSpace(t.Content) == "" {
			v.add(at+".content", "is required")
		}
	}
	if r.NumScenarios < 0 {
		v.add("num_scenarios", "is %d; at least 1 (or 0 for the API's default, 1)", r.NumScenarios)
	}
	ids(v, "knowledge_base", r.KnowledgeBaseFileIDs)
	if r.ApplyChanges && len(r.UpdatedScenarios) == 0 {
		v.add("updated_scenarios", "is required with apply_changes: the changes an earlier answer suggested")
	}
	for i, u := range r.UpdatedScenarios {
		v.jsonObject("updated_scenarios["+strconv.Itoa(i)+"]", u)
	}
	for i, u := range r.PendingToolCalls {
		v.jsonObject("pending_tool_calls["+strconv.Itoa(i)+"]", u)
	}
	for _, sc := range slices.Sorted(maps.Keys(r.AgentSelections)) {
		if n, err := strconv.ParseInt(sc, 10, 64); err != nil || n <= 0 || r.AgentSelections[sc] <= 0 {
			v.add("agent_selections", "maps scenario ids (\"101\") to agent ids, both positive; got %q: %d", sc, r.AgentSelections[sc])
			break
		}
	}
	ids(v, "scenarios_needing_agent", r.ScenariosNeedingAgent)
	ids(v, "inbound_phone_numbers", r.InboundPhoneNumberIDs)
}

// scenarioAgentBody is a ScenarioAgentRequest as the API reads it:
// scenarios is a list of ids or the string "all".
type scenarioAgentBody struct {
	ScenarioAgentRequest
	Scenarios json.RawMessage `json:"scenarios,omitzero"`
}

func (r *ScenarioAgentRequest) body() *scenarioAgentBody {
	b := &scenarioAgentBody{ScenarioAgentRequest: *r}
	switch {
	case r.AllScenarios:
		b.Scenarios = json.RawMessage(`"all"`)
	case len(r.ScenarioIDs) > 0:
		b.Scenarios, _ = marshal(&r.ScenarioIDs)
	}
	return b
}

// ScenarioAgentJob is the progress of a scenario agent's request
// (AskScenarioAgent).
type ScenarioAgentJob struct {
	apiObject
	// ProgressID identifies the job; GetScenarioAgentJob and
	// WaitForScenarioAgentJob take it.
	ProgressID string `json:"progress_id"`
	// SessionID is the session the request belongs to: pass it back in
	// ScenarioAgentRequest.SessionID to continue.
	SessionID int64             `json:"session_id,omitzero"`
	Mode      ScenarioAgentMode `json:"mode,omitzero"`
	Status    JobStatus         `json:"status,omitzero"`
	// Result is the agent's answer once it has one: its message and the
	// changes it suggests (see UpdatedScenarios), as the API sent it.
	Result json.RawMessage `json:"result,omitzero"`
	// Error is the API's explanation of a failure.
	Error string `json:"error,omitzero"`
}

// fillProgressID keeps the id the job was read by, when the answer
// does not repeat it.
func (j *ScenarioAgentJob) fillProgressID(id string) {
	if j.ProgressID == "" {
		j.ProgressID = id
	}
}

// UnmarshalJSON decodes the job tolerantly.
func (j *ScenarioAgentJob) UnmarshalJSON(b []byte) error { return unmarshal(b, j) }

// Done reports whether the job has ended: completed, failed, cancelled, or
// waiting for an answer (NeedsAnswer).
func (j *ScenarioAgentJob) Done() bool { return j != nil && (j.Status.Terminal()) }

// NeedsAnswer reports whether the agent waits for an answer: a reply to
// its question (needs_clarification, in Result), or the agent of some
// scenarios (needs_agent_clarification: AgentSelections). Ask again with
// the answer.
func (j *ScenarioAgentJob) NeedsAnswer() bool {
	if j == nil {
		return false
	}
	return j.Status == JobStatusNeedsClarification || j.Status == JobStatusNeedsAgentClarification
}

// Err returns a *JobFailedError when the job failed or was
// cancelled, and nil otherwise (an agent that waits for an answer has not
// failed).
func (j *ScenarioAgentJob) Err() error {
	if j == nil {
		return nil
	}
	return jobErr("scenario agent job", j.ProgressID, j.Status, j.Error)
}

// agentResult is what the SDK reads of a scenario agent's result.
type agentResult struct {
	UpdatedScenarios      []json.RawMessage `json:"updated_scenarios"`
	ScenariosNeedingAgent []int64           `json:"scenarios_needing_agent"`
}

func (j *ScenarioAgentJob) result() agentResult {
	var r agentResult
	if isJSONObjectValue(j.Result) {
		_ = decodeInto(j.Result, &r)
	}
	return r
}

// UpdatedScenarios returns the changes the agent suggests (its result's
// updated_scenarios), each a JSON object, for ScenarioAgentRequest's
// UpdatedScenarios with ApplyChanges; nil when the result has none.
func (j *ScenarioAgentJob) UpdatedScenarios() []json.RawMessage { return j.result().UpdatedScenarios }

// ScenariosNeedingAgent returns the scenarios whose agent the agent asks
// for (needs_agent_clarification): answer with AgentSelections.
func (j *ScenarioAgentJob) ScenariosNeedingAgent() []int64 { return j.result().ScenariosNeedingAgent }

// AskScenarioAgent starts the scenario agent on a request: POST
// /test_framework/v1/scenarios/scenario-agent/. Follow the job with
// GetScenarioAgentJob or WaitForScenarioAgentJob. With many scenarios to
// apply, Cekura advises batches of 3 to 5 per request.
func (s *ScenariosService) AskScenarioAgent(ctx context.Context, req *ScenarioAgentRequest, opts ...Option) (*ScenarioAgentJob, error) {
	if req == nil {
		return nil, checkArgs(ctx, true)
	}
	return send[ScenarioAgentJob](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "scenario-agent/", body: req.body()}, opts)
}

// GetScenarioAgentJob returns the progress of a scenario agent's request:
// GET /test_framework/v1/scenarios/scenario-agent-progress/?progress_id=.
func (s *ScenariosService) GetScenarioAgentJob(ctx context.Context, progressID string, opts ...Option) (*ScenarioAgentJob, error) {
	return getProgress[ScenarioAgentJob](ctx, s.c, scenariosPath+"scenario-agent-progress/", progressID, "AskScenarioAgent", opts)
}

// WaitForScenarioAgentJob polls a scenario agent's job until it ends or
// waits for an answer (see [WaitParams]) and returns it. A job that failed
// is not an error of the wait: check ScenarioAgentJob.Err, and NeedsAnswer.
func (s *ScenariosService) WaitForScenarioAgentJob(ctx context.Context, progressID string, params *WaitParams[ScenarioAgentJob], opts ...Option) (*ScenarioAgentJob, error) {
	return poll(ctx, s.c, params, "scenario agent job "+progressID,
		func(ctx context.Context) (*ScenarioAgentJob, error) {
			return s.GetScenarioAgentJob(ctx, progressID, opts...)
		},
		(*ScenarioAgentJob).Done)
}
