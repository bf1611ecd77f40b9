package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// scenariosPath is the scenarios (evaluators) collection. Cekura documents
// scenarios on v1 only; the v2 twin has the same schemas.
const scenariosPath = "/test_framework/v1/scenarios/"

// ScenariosService is the test scenarios (the API calls them evaluators):
// the simulated callers that test an agent. Get it from Client.Scenarios.
type ScenariosService struct{ c *core }

// ScenarioType is how a scenario's caller is written.
type ScenarioType string

// The scenario types. Create accepts the first two; the API also returns
// the others for scenarios made from real calls.
const (
	ScenarioTypeInstruction        ScenarioType = "instruction"         // plain-text instructions (the default)
	ScenarioTypeConditionalActions ScenarioType = "conditional_actions" // a structured flow of conditions and actions
	ScenarioTypeRealWorldSmart     ScenarioType = "real_world_smart"
	ScenarioTypeRealWorldFixed     ScenarioType = "real_world_fixed"
)

// Valid reports whether t is one of the API's scenario types.
func (t ScenarioType) Valid() bool {
	switch t {
	case ScenarioTypeInstruction, ScenarioTypeConditionalActions, ScenarioTypeRealWorldSmart, ScenarioTypeRealWorldFixed:
		return true
	}
	return false
}

// Scenario is a test scenario as the API returns it.
type Scenario struct {
	apiObject
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	AgentID         int64  `json:"agent,omitzero"`
	AgentName       string `json:"agent_name,omitzero"`
	ProjectID       int64  `json:"project,omitzero"`
	PersonalityID   int64  `json:"personality,omitzero"`
	PersonalityName string `json:"personality_name,omitzero"`
	// ScenarioType is how Instructions is written; see [ScenarioType].
	ScenarioType ScenarioType `json:"scenario_type,omitzero"`
	// Instructions are the caller's; for a conditional_actions scenario,
	// the flow as a JSON string.
	Instructions          string   `json:"instructions,omitzero"`
	ExpectedOutcomePrompt string   `json:"expected_outcome_prompt,omitzero"`
	FirstMessage          string   `json:"first_message,omitzero"`
	Tags                  []string `json:"tags,omitzero"`
	// MetricIDs are the ids of the metrics the scenario is evaluated with.
	MetricIDs     []int64  `json:"metrics,omitzero"`
	MetricNames   []string `json:"metric_names,omitzero"`
	TestProfileID int64    `json:"test_profile,omitzero"`
	// FolderPath is the dot-separated folder ("Sales.Inbound"); "" for none.
	FolderPath       string   `json:"folder_path,omitzero"`
	ScenarioLanguage Language `json:"scenario_language,omitzero"`
	// MaxDuration is the call's limit in seconds; 0 for the project's.
	MaxDuration int64 `json:"max_duration,omitzero"`
	// PhoneNumber is the number used for its calls, such as +17776666333.
	PhoneNumber string `json:"phone_number,omitzero"`
	// OutboundPhoneNumberData is that number's record (nil when the
	// scenario has none): the one number of its calls, inbound and
	// outbound.
	OutboundPhoneNumberData *PhoneNumber `json:"outbound_phone_number_data,omitzero"`
	// ToolIDs are the tools the simulated caller may use, such as
	// "TOOL_DTMF" and "TOOL_END_CALL".
	ToolIDs []string `json:"tool_ids,omitzero"`
	// TestProfileData is the test profile TestProfileID names, whole (nil
	// when the scenario has none).
	TestProfileData *TestProfile `json:"test_profile_data,omitzero"`
	// GeneratedMockToolEntries are the calls of the agent's mock tools the
	// scenario expects: written by a generation when the agent has mock
	// tools, or set by Create and Update.
	GeneratedMockToolEntries []MockToolEntry `json:"generated_mock_tool_entries,omitzero"`
	// InformationFields are the scenario's information fields, a JSON
	// object such as {"user_name": "John Doe"} (nil when the API sends
	// none).
	InformationFields json.RawMessage `json:"information_fields,omitzero"`
	// SimulationDescription describes the simulation the scenario was made
	// by, if it was; IsSimulating is true for such a scenario (the API sends
	// it in a generation's scenarios).
	SimulationDescription string `json:"simulation_description,omitzero"`
	IsSimulating          bool   `json:"is_simulating,omitzero"`
	// IsPredefined is true for a predefined scenario (a template), and
	// SuiteType is the kind of predefined suite it belongs to.
	IsPredefined bool      `json:"is_predefined,omitzero"`
	SuiteType    SuiteType `json:"suite_type,omitzero"`
	// AssistantID is the provider's id of the scenario's agent; the API
	// sends it in a generation's scenarios only.
	AssistantID string `json:"assistant_id,omitzero"`
	// RunIDs are the ids of the scenario's last runs, and
	// PhoneNumberQueueLength the number of runs waiting for its phone
	// number; the API sends both in a generation's scenarios only.
	RunIDs                 []int64 `json:"runs,omitzero"`
	PhoneNumberQueueLength int     `json:"phone_number_queue_length,omitzero"`
	// CreatedByID and LastUpdatedByID are the ids of the users who created
	// the scenario and last changed it; the API sends them in lists only.
	CreatedByID     int64     `json:"created_by,omitzero"`
	LastUpdatedByID int64     `json:"last_updated_by,omitzero"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a scenario tolerantly.
func (s *Scenario) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// SuiteType is the kind of predefined suite a predefined scenario belongs
// to.
type SuiteType string

// The suite types of the API.
const (
	SuiteTypeUndefined      SuiteType = "undefined"
	SuiteTypeInfrastructure SuiteType = "infrastructure" // the infrastructure checks
)

// Valid reports whether t is one of the API's suite types.
func (t SuiteType) Valid() bool { return t == SuiteTypeUndefined || t == SuiteTypeInfrastructure }

// MockToolEntry is a call of one of the agent's mock tools that a scenario
// expects: the tool, the input it is expected to be called with and the
// output its mock returns.
type MockToolEntry struct {
	// ToolID is the id of the mock tool on the agent ([MockTool].ID);
	// required in a request.
	ToolID int64 `json:"tool_id"`
	// ToolName is the tool's name.
	ToolName string `json:"tool_name"`
	// NewEntry is the expected call: Input, the parameters the tool is
	// expected to receive, and Output, what the mock answers.
	NewEntry ToolMapping `json:"new_entry"`
}

// mockToolEntries checks the entries of a request.
func mockToolEntries(v *validator, field string, entries []MockToolEntry) {
	for i, e := range entries {
		if e.ToolID <= 0 {
			v.add(fmt.Sprintf("%s[%d].tool_id", field, i), "is %d; give the id of the agent's mock tool (MockTool.ID)", e.ToolID)
		}
	}
}

// CreateScenarioRequest is the body of Create. Name and PersonalityID are
// required, and exactly one of AgentID, ProjectID and AssistantID.
type CreateScenarioRequest struct {
	// Name is required.
	Name string `json:"name" cekura:"required"`
	// PersonalityID is the id of the simulated caller's personality; required.
	PersonalityID int64 `json:"personality"`
	// AgentID, ProjectID or AssistantID (the provider's id of the agent):
	// one.
	AgentID     int64  `json:"agent,omitzero"`
	ProjectID   int64  `json:"project,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// ScenarioType is ScenarioTypeInstruction (the default) with Instructions,
	// or ScenarioTypeConditionalActions with ConditionalActions.
	ScenarioType       ScenarioType    `json:"scenario_type,omitzero"`
	Instructions       string          `json:"instructions,omitzero"`
	ConditionalActions json.RawMessage `json:"conditional_actions,omitzero"`
	// ExpectedOutcomePrompt is what a passing conversation achieves.
	ExpectedOutcomePrompt string   `json:"expected_outcome_prompt,omitzero"`
	MetricIDs             []int64  `json:"metrics,omitzero"`
	Tags                  []string `json:"tags,omitzero"`
	// ToolIDs are tools the caller may use, such as "TOOL_DTMF".
	ToolIDs       []string `json:"tool_ids,omitzero"`
	TestProfileID int64    `json:"test_profile,omitzero"`
	// PhoneNumberID is the id of a phone number (not the number itself).
	PhoneNumberID int64 `json:"phone_number,omitzero"`
	// FolderPath must name an existing folder ("Sales.Inbound").
	FolderPath string `json:"folder_path,omitzero"`
	// GeneratedMockToolEntries are the calls of the agent's mock tools the
	// scenario expects (each needs its ToolID).
	GeneratedMockToolEntries []MockToolEntry `json:"generated_mock_tool_entries,omitzero"`
}

func (r *CreateScenarioRequest) validate(v *validator) {
	if r.PersonalityID <= 0 {
		v.add("personality", "is required: a personality id (see the personalities list)")
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
	scenarioBody(v, r.ScenarioType, r.Instructions, r.ConditionalActions, true)
	ids(v, "metrics", r.MetricIDs)
	mockToolEntries(v, "generated_mock_tool_entries", r.GeneratedMockToolEntries)
}

// scenarioBody checks that the type, instructions and conditional actions
// agree.
func scenarioBody(v *validator, t ScenarioType, instructions string, actions json.RawMessage, create bool) {
	if t != "" && t != ScenarioTypeInstruction && t != ScenarioTypeConditionalActions {
		v.add("scenario_type", "%q is not accepted; use instruction or conditional_actions", t)
	}
	if actions != nil {
		v.jsonObject("conditional_actions", actions)
		if instructions != "" {
			v.add("conditional_actions", "set either instructions or conditional_actions, not both")
		}
		if t == ScenarioTypeInstruction || (create && t == "") {
			v.add("scenario_type", "must be conditional_actions to send conditional_actions")
		}
	}
	if create && actions == nil && instructions == "" {
		v.add("instructions", "is required (or conditional_actions with scenario_type conditional_actions)")
	}
}

// ids checks a list of ids.
func ids(v *validator, field string, list []int64) {
	for _, id := range list {
		if id <= 0 {
			v.add(field, "holds %d; ids are positive", id)
			return
		}
	}
}

// UpdateScenarioRequest is the body of Update (PATCH): only what is set is
// sent.
type UpdateScenarioRequest struct {
	Name          Opt[string] `json:"name,omitzero"`
	PersonalityID Opt[int64]  `json:"personality,omitzero"`
	// AgentID and Project: Some(id) moves the scenario, Null() detaches it.
	AgentID               Opt[int64]        `json:"agent,omitzero" cekura:"nullable"`
	ProjectID             Opt[int64]        `json:"project,omitzero" cekura:"nullable"`
	ScenarioType          Opt[ScenarioType] `json:"scenario_type,omitzero"`
	Instructions          Opt[string]       `json:"instructions,omitzero"`
	ConditionalActions    json.RawMessage   `json:"conditional_actions,omitzero"`
	ExpectedOutcomePrompt Opt[string]       `json:"expected_outcome_prompt,omitzero"`
	MetricIDs             Opt[[]int64]      `json:"metrics,omitzero"`
	Tags                  Opt[[]string]     `json:"tags,omitzero"`
	ToolIDs               Opt[[]string]     `json:"tool_ids,omitzero"`
	TestProfileID         Opt[int64]        `json:"test_profile,omitzero"`
	PhoneNumberID         Opt[int64]        `json:"phone_number,omitzero"`
	// FolderPath: Some(path) moves it, Null() takes it out of its folder.
	FolderPath Opt[string] `json:"folder_path,omitzero" cekura:"nullable"`
	// AssistantID moves the scenario to the agent with this provider's id
	// (the alternative to AgentID; not both).
	AssistantID Opt[string] `json:"assistant_id,omitzero"`
	// GeneratedMockToolEntries: Some(entries) replaces the calls of the
	// agent's mock tools the scenario expects, Null() clears them.
	GeneratedMockToolEntries Opt[[]MockToolEntry] `json:"generated_mock_tool_entries,omitzero" cekura:"nullable"`
}

func (r *UpdateScenarioRequest) validate(v *validator) {
	if n, ok := r.Name.Get(); ok && n == "" {
		v.add("name", "must not be empty")
	}
	t, _ := r.ScenarioType.Get()
	in, _ := r.Instructions.Get()
	scenarioBody(v, t, in, r.ConditionalActions, false)
	if m, ok := r.MetricIDs.Get(); ok {
		ids(v, "metrics", m)
	}
	if a, ok := r.AssistantID.Get(); ok {
		if a == "" {
			v.add("assistant_id", "must not be empty")
		}
		if r.AgentID.IsSet() {
			v.add("assistant_id", "set either agent or assistant_id, not both")
		}
	}
	if e, ok := r.GeneratedMockToolEntries.Get(); ok {
		mockToolEntries(v, "generated_mock_tool_entries", e)
	}
}

// ListScenariosParams filters List. Zero values are not sent.
type ListScenariosParams struct {
	Page        int    `url:"page,omitempty"`
	PageSize    int    `url:"page_size,omitempty"`
	AgentID     int64  `url:"agent_id,omitempty"`
	ProjectID   int64  `url:"project_id,omitempty"`
	AssistantID string `url:"assistant_id,omitempty"`
	// Tags keeps scenarios with these tags, combined by TagFilter.
	Tags      []string  `url:"tags,omitempty,comma"`
	TagFilter TagFilter `url:"tag_filter_type,omitempty"`
	// FolderPath keeps one folder's scenarios; Some("") those in no folder.
	FolderPath Opt[string] `url:"folder_path"`
}

func (o *ListScenariosParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	if !o.TagFilter.Valid() {
		v.add("tag_filter_type", "%q is not one of or, and, not", o.TagFilter)
	}
}

// TagFilter says how ListScenariosParams.Tags combine.
type TagFilter string

// The tag filters of the API.
const (
	TagFilterOr  TagFilter = "or"  // scenarios with any of the tags (the default)
	TagFilterAnd TagFilter = "and" // scenarios with every tag
	TagFilterNot TagFilter = "not" // scenarios with none of the tags
)

// BulkUpdateScenariosRequest changes many scenarios at once (adv_update).
// It is not idempotent (AppendInstruction appends again on every call), so
// it is never retried once it may have been sent.
type BulkUpdateScenariosRequest struct {
	// ScenarioIDs are the ids to change; required.
	ScenarioIDs []int64 `json:"scenarios"`
	// AgentID or ProjectID scopes the change; one is required. AgentID also moves
	// every scenario to that agent.
	AgentID           int64   `json:"agent,omitzero"`
	ProjectID         int64   `json:"project,omitzero"`
	MetricIDsToAdd    []int64 `json:"metric_ids_to_add,omitzero"`
	MetricIDsToRemove []int64 `json:"metric_ids_to_remove,omitzero"`
	ToolIDsToAdd      []int64 `json:"tool_ids_to_add,omitzero"`
	ToolIDsToRemove   []int64 `json:"tool_ids_to_remove,omitzero"`
	PersonalityID     int64   `json:"personality,omitzero"`
	TestProfileID     int64   `json:"test_profile,omitzero"`
	AppendInstruction string  `json:"append_instruction,omitzero"`
	FirstMessage      string  `json:"first_message,omitzero"`
	PhoneNumberID     int64   `json:"phone_number,omitzero"`
	FolderPath        string  `json:"folder_path,omitzero"`
	MaxDuration       int64   `json:"max_duration,omitzero"`
}

func (r *BulkUpdateScenariosRequest) validate(v *validator) {
	if len(r.ScenarioIDs) == 0 {
		v.add("scenarios", "is required: the ids of the scenarios to change")
	}
	ids(v, "scenarios", r.ScenarioIDs)
	if (r.AgentID == 0) == (r.ProjectID == 0) {
		v.add("agent", "set exactly one of agent and project")
	}
	if r.MaxDuration != 0 && (r.MaxDuration < 10 || r.MaxDuration > 3600) {
		v.add("max_duration", "is %d; the API accepts 10 to 3600 seconds", r.MaxDuration)
	}
}

// Create adds a scenario: POST /test_framework/v1/scenarios/ (201).
func (s *ScenariosService) Create(ctx context.Context, req *CreateScenarioRequest, opts ...Option) (*Scenario, error) {
	return send[Scenario](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath, body: req}, opts)
}

// Get returns one scenario: GET /test_framework/v1/scenarios/{id}/.
func (s *ScenariosService) Get(ctx context.Context, id int64, opts ...Option) (*Scenario, error) {
	if err := checkID("scenario", id); err != nil {
		return nil, err
	}
	return send[Scenario](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(scenariosPath, id)}, opts)
}

// List returns one page of scenarios: GET /test_framework/v1/scenarios/.
func (s *ScenariosService) List(ctx context.Context, params *ListScenariosParams, opts ...Option) (*Page[Scenario], error) {
	return list[Scenario](ctx, s.c, endpoint{method: http.MethodGet, path: scenariosPath, query: params}, opts)
}

// All walks every page of scenarios lazily; see [AgentsService.All].
func (s *ScenariosService) All(ctx context.Context, params *ListScenariosParams, opts ...Option) iter.Seq2[*Scenario, error] {
	return all[Scenario](ctx, s.c, endpoint{method: http.MethodGet, path: scenariosPath, query: params}, opts)
}

// Update changes what req sets: PATCH /test_framework/v1/scenarios/{id}/.
func (s *ScenariosService) Update(ctx context.Context, id int64, req *UpdateScenarioRequest, opts ...Option) (*Scenario, error) {
	if err := checkID("scenario", id); err != nil {
		return nil, err
	}
	return send[Scenario](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(scenariosPath, id), body: req, update: true}, opts)
}

// Delete deletes a scenario: DELETE /test_framework/v1/scenarios/{id}/.
func (s *ScenariosService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("scenario", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(scenariosPath, id)}, opts)
}

// BulkUpdate changes many scenarios: POST
// /test_framework/v1/scenarios/adv_update/. A nil error means every
// scenario was changed; read them back with Get or List. (The API answers
// with the summary of one scenario, which says nothing of the others, so
// the method does not return it.)
func (s *ScenariosService) BulkUpdate(ctx context.Context, req *BulkUpdateScenariosRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "adv_update/", body: req}, opts)
}

// GenerateScenariosRequest asks the API to write scenarios for an agent in
// the background (generate-bg).
type GenerateScenariosRequest struct {
	// AgentID or AssistantID: the agent to write them for; one is required.
	AgentID     int64  `json:"agent_id,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// NumScenarios is how many to write, 1 to 100; required.
	NumScenarios   int     `json:"num_scenarios"`
	PersonalityIDs []int64 `json:"personalities,omitzero"`
	TestProfileID  int64   `json:"test_profile,omitzero"`
	// Kind is what to write: GenerationKindWorkflow (the default) or a red
	// teaming kind, which then needs AttackType.
	Kind       GenerationKind `json:"scenario_type,omitzero"`
	AttackType AttackType     `json:"attack_type,omitzero"`
	// SimulationType is the type of the scenarios written:
	// ScenarioTypeInstruction or ScenarioTypeConditionalActions.
	SimulationType           ScenarioType `json:"simulation_type,omitzero"`
	ExpectedOutcome          string       `json:"expected_outcome,omitzero"`
	ExtraInstructions        string       `json:"extra_instructions,omitzero"`
	FirstMessage             string       `json:"first_message,omitzero"`
	GenerateExpectedOutcomes bool         `json:"generate_expected_outcomes,omitzero"`
	Tags                     []string     `json:"tags,omitzero"`
	ToolIDs                  []string     `json:"tool_ids,omitzero"`
	FolderPath               string       `json:"folder_path,omitzero"`
	// InboundPhoneNumberID is the id of the phone number (not the number
	// itself) the scenarios written are given: the one number of their
	// calls, inbound and outbound (a scenario's inbound number and its
	// phone_number are kept the same).
	InboundPhoneNumberID int64 `json:"inbound_phone_number,omitzero"`
	// GenerationFiles are files the generation reads as context only: up
	// to 10, PDF, TXT, JSON, CSV, XML or Markdown, 50 MB in all (the API
	// checks the size). With files, Generate sends the request as
	// multipart/form-data, each file streamed from its reader.
	GenerationFiles []GenerationFile `json:"-"`
}

// GenerationFile is a file a generation reads as context
// (GenerateScenariosRequest.GenerationFiles).
type GenerationFile struct {
	// Name is the file's name, without a path, ending in .pdf, .txt, .json,
	// .csv, .xml or .md.
	Name string
	// Content is read as the request is sent, never held whole in memory,
	// and never read after the call returns.
	Content io.Reader
}

// maxGenerationFiles is how many files a generation reads, at most.
const maxGenerationFiles = 10

func (r *GenerateScenariosRequest) validate(v *validator) {
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent_id", "set exactly one of agent_id and assistant_id")
	}
	if r.NumScenarios < 1 || r.NumScenarios > 100 {
		v.add("num_scenarios", "is %d; the API writes 1 to 100 at a time", r.NumScenarios)
	}
	switch r.Kind {
	case "", GenerationKindWorkflow:
		if r.AttackType != "" {
			v.add("attack_type", "goes with a red teaming kind only")
		}
	case GenerationKindRedTeamingVoice, GenerationKindRedTeamingText:
		if r.AttackType == "" {
			v.add("attack_type", "is required for %s", r.Kind)
		}
	default:
		v.add("scenario_type", "%q is not one of workflow, red_teaming_voice, red_teaming_text", r.Kind)
	}
	if !r.AttackType.Valid() {
		v.add("attack_type", "%q is not one of %s", r.AttackType, joinValues(attackTypes))
	}
	switch r.SimulationType {
	case "", ScenarioTypeInstruction, ScenarioTypeConditionalActions:
	default:
		v.add("simulation_type", "%q is not one of instruction, conditional_actions", r.SimulationType)
	}
	if n := utf8.RuneCountInString(r.FirstMessage); n > 1000 {
		v.add("first_message", "is %d characters long; at most 1000 are allowed", n)
	}
	positive(v, "inbound_phone_number", r.InboundPhoneNumberID)
	if n := len(r.GenerationFiles); n > maxGenerationFiles {
		v.add("generation_files", "holds %d files; the API reads at most %d", n, maxGenerationFiles)
	}
	for i, f := range r.GenerationFiles {
		field := fmt.Sprintf("generation_files[%d]", i)
		if ext := strings.ToLower(path.Ext(f.Name)); !containsString(knowledgeBaseTypes, ext) {
			v.add(field, "%q must end in one of %s", f.Name, strings.Join(knowledgeBaseTypes, ", "))
		}
		if strings.ContainsAny(f.Name, "/\\\r\n\"") {
			v.add(field, "must be a plain file name, without a path, quotes or line breaks")
		}
		if f.Content == nil {
			v.add(field, "has a nil Content; pass the file's io.Reader")
		}
	}
}

// GenerationKind is what a generation writes (the API's scenario_type of
// generate-bg).
type GenerationKind string

// The generation kinds of the API.
const (
	GenerationKindWorkflow        GenerationKind = "workflow"
	GenerationKindRedTeamingVoice GenerationKind = "red_teaming_voice"
	GenerationKindRedTeamingText  GenerationKind = "red_teaming_text"
)

// AttackType is the attack a red teaming generation writes scenarios for.
type AttackType string

// The attack types of the API.
const (
	AttackTypeSystemPromptLeak    AttackType = "system_prompt_leak"
	AttackTypeDataLeak            AttackType = "data_leak"
	AttackTypeHarmfulContent      AttackType = "harmful_content"
	AttackTypeBiasedOutput        AttackType = "biased_output"
	AttackTypeUnauthorizedActions AttackType = "unauthorized_actions"
	AttackTypeOffTask             AttackType = "off_task"
)

var attackTypes = []AttackType{AttackTypeSystemPromptLeak, AttackTypeDataLeak, AttackTypeHarmfulContent,
	AttackTypeBiasedOutput, AttackTypeUnauthorizedActions, AttackTypeOffTask}

// Valid reports whether t is one of the API's attack types (or empty).
func (t AttackType) Valid() bool { return t == "" || slices.Contains(attackTypes, t) }

func joinValues[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

// Generation is the progress of a scenario generation.
type Generation struct {
	apiObject
	// ProgressID identifies the generation; Generate returns it.
	ProgressID string `json:"progress_id,omitzero"`
	Total      int    `json:"total_scenarios"`
	Completed  int    `json:"completed_scenarios"`
	Failed     int    `json:"failed_scenarios"`
	// Scenarios are those written so far.
	Scenarios []*Scenario `json:"scenarios_list,omitzero"`
}

// UnmarshalJSON decodes a generation tolerantly: a field of the wrong type is
// left at its zero value, and RawJSON keeps the answer.
func (x *Generation) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// Done reports whether every scenario is written or has failed. (The API's
// description says to wait for completed == total, which would never come
// if one failed.)
func (g *Generation) Done() bool { return g != nil && (g.Total > 0 && g.Completed+g.Failed >= g.Total) }

// Err returns a *GenerationFailedError when the generation is done and some
// of its scenarios failed, and nil otherwise.
func (g *Generation) Err() error {
	if g == nil || !g.Done() || g.Failed == 0 {
		return nil
	}
	return &GenerationFailedError{ProgressID: g.ProgressID, Failed: g.Failed, Total: g.Total}
}

// GenerationFailedError is Generation.Err's error: some scenarios of a
// generation could not be written (those that were are in
// Generation.Scenarios).
type GenerationFailedError struct {
	ProgressID    string
	Failed, Total int
}

// Error says how many scenarios of the generation failed.
func (e *GenerationFailedError) Error() string {
	return fmt.Sprintf("cekura: scenario generation %s: %d of %d scenarios failed", e.ProgressID, e.Failed, e.Total)
}

// Generate starts writing scenarios in the background: POST
// /test_framework/v1/scenarios/generate-bg/. Follow it with
// GetGeneration or WaitForGeneration. A request with GenerationFiles is
// sent as multipart/form-data (each list field once per element, as a form
// sends a list), the files streamed from their readers, and never retried
// once it may have been sent (see MaybeApplied).
func (s *ScenariosService) Generate(ctx context.Context, req *GenerateScenariosRequest, opts ...Option) (*Generation, error) {
	const generatePath = scenariosPath + "generate-bg/"
	if req == nil || len(req.GenerationFiles) == 0 {
		return send[Generation](ctx, s.c, endpoint{method: http.MethodPost, path: generatePath, body: req}, opts)
	}
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	cc, err := s.c.with(opts)
	if err != nil {
		return nil, err
	}
	if cc.validate {
		if err := validateRequest(req, false); err != nil {
			return nil, err
		}
	}
	fields, lists, err := formValues(req)
	if err != nil {
		return nil, err
	}
	files := make([]uploadFile, len(req.GenerationFiles))
	for i, f := range req.GenerationFiles {
		files[i] = uploadFile{field: "generation_files", name: path.Base(f.Name), r: f.Content}
	}
	body, err := s.c.exec(ctx, endpoint{method: http.MethodPost, path: generatePath,
		upload: &upload{fields: fields, lists: lists, files: files}}, append(opts, WithoutClientValidation()))
	if err != nil {
		return nil, err
	}
	g := new(Generation)
	if err := decodeInto(body, g); err != nil {
		return nil, fmt.Errorf("cekura: POST %s: decoding the answer: %w", generatePath, err)
	}
	return g, nil
}

// GetGeneration returns a generation's progress: GET
// /test_framework/v1/scenarios/generate-progress/?progress_id=.
func (s *ScenariosService) GetGeneration(ctx context.Context, progressID string, opts ...Option) (*Generation, error) {
	if progressID == "" {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "progress_id", Message: "is required: the id Generate returned"}}}
	}
	g, err := send[Generation](ctx, s.c, endpoint{method: http.MethodGet, path: scenariosPath + "generate-progress/",
		query: url.Values{"progress_id": {progressID}}}, opts)
	if g != nil && g.ProgressID == "" {
		g.ProgressID = progressID
	}
	return g, err
}

// WaitForGeneration polls a generation until every scenario is written or
// has failed (see [WaitParams]) and returns it. A generation in which some
// scenarios failed is not an error: check Generation.Err.
func (s *ScenariosService) WaitForGeneration(ctx context.Context, progressID string, params *WaitParams[Generation], opts ...Option) (*Generation, error) {
	return poll(ctx, s.c, params, "scenario generation "+progressID,
		func(ctx context.Context) (*Generation, error) { return s.GetGeneration(ctx, progressID, opts...) },
		(*Generation).Done)
}
