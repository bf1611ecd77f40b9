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
	"strings"
	"time"
)

// The agents' sub-resources: duplicates, knowledge base, mock tools,
// personalities, versions, and configuration from the provider.

// agentPath returns the path of one of an agent's sub-resources.
func agentPath(id int64, sub string) string { return pathID(agentsPath, id) + sub + "/" }

// PageParams selects a page of a list that takes only page and page_size.
type PageParams struct {
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
}

func (o *PageParams) validate(v *validator) { v.pageOptions(o.Page, o.PageSize) }

// DuplicateAgentRequest is the body of Duplicate.
type DuplicateAgentRequest struct {
	// CopyScenarios copies the agent's scenarios too.
	CopyScenarios bool `json:"copy_scenarios,omitzero"`
}

// Duplicate copies an agent (credentials, tools, variables, files): POST
// /test_framework/v2/aiagents/{id}/duplicate/ (201). req may be nil.
func (s *AgentsService) Duplicate(ctx context.Context, id int64, req *DuplicateAgentRequest, opts ...Option) (*Agent, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	if req == nil {
		req = &DuplicateAgentRequest{}
	}
	return send[Agent](ctx, s.c, endpoint{method: http.MethodPost, path: agentPath(id, "duplicate"), body: req}, opts)
}

// ListKnowledgeBaseFiles returns a page of an agent's knowledge base files: GET
// /test_framework/v2/aiagents/{id}/knowledge_base/. params may be nil.
func (s *AgentsService) ListKnowledgeBaseFiles(ctx context.Context, id int64, params *PageParams, opts ...Option) (*Page[KnowledgeBaseFile], error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return list[KnowledgeBaseFile](ctx, s.c, endpoint{method: http.MethodGet, path: agentPath(id, "knowledge_base"), query: params}, opts)
}

// AllKnowledgeBaseFiles walks every page of an agent's knowledge base files
// lazily; see [AgentsService.All].
func (s *AgentsService) AllKnowledgeBaseFiles(ctx context.Context, id int64, params *PageParams, opts ...Option) iter.Seq2[*KnowledgeBaseFile, error] {
	return allOf[KnowledgeBaseFile](ctx, s.c, "agent", id, endpoint{method: http.MethodGet, path: agentPath(id, "knowledge_base"), query: params}, opts)
}

// knowledgeBaseTypes are the file types the API accepts.
var knowledgeBaseTypes = []string{".pdf", ".txt", ".json", ".csv", ".xml", ".md"}

// UploadKnowledgeBaseFileRequest is a file to add to an agent's knowledge
// base.
type UploadKnowledgeBaseFileRequest struct {
	// FileName names the file; it must end in .pdf, .txt, .json, .csv, .xml
	// or .md, without a path.
	FileName string
	// Content is read as the file is sent, never held whole in memory, and
	// never read after the call returns.
	Content io.Reader
}

// UploadKnowledgeBaseFile adds a file to an agent's knowledge base: POST
// /test_framework/v2/aiagents/{id}/upload_knowledge_base/, as
// multipart/form-data. The file is streamed from req.Content as it is sent,
// so the call is never retried: on an error, see MaybeApplied. It returns
// the agent's files.
func (s *AgentsService) UploadKnowledgeBaseFile(ctx context.Context, id int64, req *UploadKnowledgeBaseFileRequest, opts ...Option) ([]*KnowledgeBaseFile, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "file", Message: "the request is nil: give a FileName and its Content"}}}
	}
	fileName, r := req.FileName, req.Content
	var v validator
	ext := strings.ToLower(path.Ext(fileName))
	if !containsString(knowledgeBaseTypes, ext) {
		v.add("file_name", "%q must end in one of %s", fileName, strings.Join(knowledgeBaseTypes, ", "))
	}
	if strings.ContainsAny(fileName, "/\\\r\n\"") {
		v.add("file_name", "must be a plain file name, without a path, quotes or line breaks")
	}
	if r == nil {
		v.add("file", "is nil; pass the file's io.Reader")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	body, err := s.c.exec(ctx, endpoint{method: http.MethodPost, path: agentPath(id, "upload_knowledge_base"),
		upload: &upload{fileField: "files", fileName: fileName, file: r}}, opts)
	if err != nil {
		return nil, err
	}
	p, err := decodePage[KnowledgeBaseFile](agentPath(id, "upload_knowledge_base"), body)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DeleteAllKnowledgeBaseFiles deletes every file of an agent's knowledge
// base: DELETE /test_framework/v2/aiagents/{id}/delete_knowledge_base/. To
// delete one file, see DeleteKnowledgeBaseFile.
//
// Like every DELETE it is retried after a lost answer. A nil error means
// the knowledge base is empty. (The API also answers with a count of the
// files it deleted, which this method does not return: after a lost answer
// the count is the retry's, 0, and could not be trusted.)
func (s *AgentsService) DeleteAllKnowledgeBaseFiles(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("agent", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: agentPath(id, "delete_knowledge_base")}, opts)
}

// DeleteKnowledgeBaseFile deletes one file of an agent's knowledge base, by
// writing the agent's file list without it (PATCH knowledge_base_files: the
// API has no endpoint for one file). It is a read and a write: a file added
// by someone else in between is deleted too. An unknown file id is an error
// matching ErrNotFound.
func (s *AgentsService) DeleteKnowledgeBaseFile(ctx context.Context, agentID, fileID int64, opts ...Option) error {
	if err := checkID("file", fileID); err != nil {
		return err
	}
	a, err := s.Get(ctx, agentID, opts...)
	if err != nil {
		return err
	}
	keep := make([]KnowledgeBaseFileWrite, 0, len(a.KnowledgeBaseFiles))
	found := false
	for _, f := range a.KnowledgeBaseFiles {
		if f.ID == fileID {
			found = true
			continue
		}
		keep = append(keep, KnowledgeBaseFileWrite{ID: f.ID})
	}
	if !found {
		return fmt.Errorf("%w: agent %d has no knowledge base file %d", ErrNotFound, agentID, fileID)
	}
	_, err = s.Update(ctx, agentID, &UpdateAgentRequest{KnowledgeBaseFiles: Some(keep)}, opts...)
	return err
}

// ListMockTools returns an agent's mock tools (they are part of the agent:
// GET /test_framework/v2/aiagents/{id}/).
func (s *AgentsService) ListMockTools(ctx context.Context, agentID int64, opts ...Option) ([]*MockTool, error) {
	a, err := s.Get(ctx, agentID, opts...)
	if err != nil {
		return nil, err
	}
	return a.MockTools, nil
}

// GetMockTool returns one of an agent's mock tools; an unknown id matches
// ErrNotFound.
func (s *AgentsService) GetMockTool(ctx context.Context, agentID, toolID int64, opts ...Option) (*MockTool, error) {
	tools, err := s.ListMockTools(ctx, agentID, opts...)
	if err != nil {
		return nil, err
	}
	for _, t := range tools {
		if t != nil && t.ID == toolID {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: agent %d has no mock tool %d", ErrNotFound, agentID, toolID)
}

// CreateMockTool adds a mock tool to an agent and returns it. The API
// manages tools through the agent's mock_tools list (its v1 tool endpoints
// are deprecated), so this reads the agent and writes its list back with
// the new tool: a tool changed by someone else in between is overwritten.
func (s *AgentsService) CreateMockTool(ctx context.Context, agentID int64, req *MockToolWrite, opts ...Option) (*MockTool, error) {
	if err := checkMockTool(req, true); err != nil {
		return nil, err
	}
	return s.writeMockTools(ctx, agentID, opts, func(tools []MockToolWrite) ([]MockToolWrite, error) {
		for _, t := range tools {
			if t.Name == req.Name {
				return nil, &ValidationError{Problems: []FieldProblem{{Field: "name", Message: fmt.Sprintf("agent %d already has a mock tool named %q", agentID, req.Name)}}}
			}
		}
		w := *req
		w.ID = 0
		return append(tools, w), nil
	}, func(t *MockTool) bool { return t.Name == req.Name })
}

// UpdateMockTool replaces one of an agent's mock tools (as CreateMockTool,
// by writing the agent's list back).
func (s *AgentsService) UpdateMockTool(ctx context.Context, agentID, toolID int64, req *MockToolWrite, opts ...Option) (*MockTool, error) {
	if err := checkMockTool(req, false); err != nil {
		return nil, err
	}
	return s.writeMockTools(ctx, agentID, opts, func(tools []MockToolWrite) ([]MockToolWrite, error) {
		for i := range tools {
			if tools[i].ID == toolID {
				w := *req
				w.ID = toolID
				if w.Name == "" {
					w.Name = tools[i].Name
				}
				tools[i] = w
				return tools, nil
			}
		}
		return nil, fmt.Errorf("%w: agent %d has no mock tool %d", ErrNotFound, agentID, toolID)
	}, func(t *MockTool) bool { return t.ID == toolID })
}

// DeleteMockTool removes one of an agent's mock tools (as CreateMockTool,
// by writing the agent's list back).
func (s *AgentsService) DeleteMockTool(ctx context.Context, agentID, toolID int64, opts ...Option) error {
	_, err := s.writeMockTools(ctx, agentID, opts, func(tools []MockToolWrite) ([]MockToolWrite, error) {
		for i := range tools {
			if tools[i].ID == toolID {
				return append(tools[:i], tools[i+1:]...), nil
			}
		}
		return nil, fmt.Errorf("%w: agent %d has no mock tool %d", ErrNotFound, agentID, toolID)
	}, nil)
	return err
}

// writeMockTools reads an agent's tools, changes the list and writes it
// back, returning the tool find picks from the answer.
func (s *AgentsService) writeMockTools(ctx context.Context, agentID int64, opts []Option,
	change func([]MockToolWrite) ([]MockToolWrite, error), find func(*MockTool) bool) (*MockTool, error) {
	a, err := s.Get(ctx, agentID, opts...)
	if err != nil {
		return nil, err
	}
	tools := make([]MockToolWrite, 0, len(a.MockTools))
	for _, t := range a.MockTools {
		if t != nil {
			tools = append(tools, t.write())
		}
	}
	if tools, err = change(tools); err != nil {
		return nil, err
	}
	a, err = s.Update(ctx, agentID, &UpdateAgentRequest{MockTools: Some(tools)}, opts...)
	if err != nil || find == nil {
		return nil, err
	}
	for _, t := range a.MockTools {
		if t != nil && find(t) {
			return t, nil
		}
	}
	return nil, fmt.Errorf("cekura: PATCH %s: the answer has no such mock tool", pathID(agentsPath, agentID))
}

func checkMockTool(t *MockToolWrite, create bool) error {
	var v validator
	switch {
	case t == nil:
		v.add("request", "is nil")
	case create && t.Name == "":
		v.add("name", "is required for a new tool")
	case t.Name != "" && (len(t.Name) >= 64 || strings.Trim(t.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != ""):
		v.add("name", "%q: letters, digits, _ and - only, under 64 characters", t.Name)
	}
	if t != nil && t.MockData != nil && !json.Valid(t.MockData) {
		v.add("mock_data", "is not valid JSON")
	}
	if t != nil && t.ServedVia != nil && t.ServedVia.Type == "mcp" && t.ServedVia.MockIndex < 1 {
		v.add("served_via.mock_index", "is required (1 or more) for an mcp tool")
	}
	return v.err()
}

// Personality is a simulated caller's persona, as the personalities
// resource (client.Personalities) and an agent's personalities list return
// it. The voice-layer fields (from VoiceID on) are set only through the
// personalities resource; see [CreatePersonalityRequest] for what each one
// does.
type Personality struct {
	apiObject
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Prompt   string   `json:"prompt,omitzero"`
	Language Language `json:"language,omitzero"`
	Accent   string   `json:"accent,omitzero"`
	Gender   string   `json:"gender,omitzero"`
	// BackgroundNoise and VoiceModel shape how the caller sounds.
	BackgroundNoise string `json:"background_noise"`
	VoiceModel      string `json:"voice_model"`
	// Enabled reports whether the personality is enabled for the agent's
	// project.
	Enabled bool `json:"enabled"`

	// ProjectID and OrganizationID are who owns the personality: both 0
	// for a globally available one, which every project can use and none
	// can change (fork it, then change the fork).
	ProjectID      int64 `json:"project,omitzero"`
	OrganizationID int64 `json:"organization,omitzero"`
	// ForkedFromID is the personality this one was forked from (0: none).
	ForkedFromID int64 `json:"forked_from,omitzero"`
	// IsStarred reports whether the personality is starred.
	IsStarred bool `json:"is_starred,omitzero"`
	// CallServiceProvider is the service that places the caller's calls.
	CallServiceProvider CallServiceProvider `json:"call_service_provider,omitzero"`
	// ProviderAgentID is the caller's assistant id at that service.
	ProviderAgentID string `json:"provider_agent_id,omitzero"`
	// Provider is the voice's provider, and VoiceID the voice there.
	Provider VoiceProvider `json:"provider,omitzero"`
	VoiceID  string        `json:"voice_id,omitzero"`
	// InterruptionLevel, Speed and the plans are the caller's voice-layer
	// behaviour (see CreatePersonalityRequest); nil or empty when unset.
	InterruptionLevel     string                 `json:"interruption_level,omitzero"`
	Speed                 string                 `json:"speed,omitzero"`
	GenerationConfig      *GenerationConfig      `json:"generation_config,omitzero"`
	NetworkSimulation     json.RawMessage        `json:"network_simulation,omitzero"`
	MessagePlan           *MessagePlan           `json:"message_plan,omitzero"`
	StartSpeakingPlan     *float64               `json:"start_speaking_plan,omitzero"`
	StopSpeakingPlan      *StopSpeakingPlan      `json:"stop_speaking_plan,omitzero"`
	BackgroundSoundVolume *BackgroundSoundVolume `json:"background_sound_volume,omitzero"`
	// PatronusSettings are the settings of the Patronus call service, as
	// the API sends them (read-only).
	PatronusSettings json.RawMessage `json:"patronus_settings,omitzero"`
	// EndCallEnabled reports whether the caller may end the call; nil when
	// the answer does not say (an agent's personalities list).
	EndCallEnabled *bool `json:"end_call_enabled,omitzero"`
}

// UnmarshalJSON decodes a personality tolerantly.
func (p *Personality) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// ListPersonalities returns a page of the personalities an agent's tests can
// use: GET /test_framework/v2/aiagents/{id}/personalities/.
func (s *AgentsService) ListPersonalities(ctx context.Context, id int64, params *PageParams, opts ...Option) (*Page[Personality], error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return list[Personality](ctx, s.c, endpoint{method: http.MethodGet, path: agentPath(id, "personalities"), query: params}, opts)
}

// AllPersonalities walks every page of the personalities an agent's tests
// can use, lazily; see [AgentsService.All].
func (s *AgentsService) AllPersonalities(ctx context.Context, id int64, params *PageParams, opts ...Option) iter.Seq2[*Personality, error] {
	return allOf[Personality](ctx, s.c, "agent", id, endpoint{method: http.MethodGet, path: agentPath(id, "personalities"), query: params}, opts)
}

// PersonalitiesRequest is the body of EnablePersonalities and
// DisablePersonalities: give PersonalityIDs, or All (optionally with a
// Language), not both.
type PersonalitiesRequest struct {
	// PersonalityIDs are the personalities to enable or disable.
	PersonalityIDs []int64
	// All picks every personality instead (of Language only, when set).
	All      bool
	Language Language
}

// personalitiesBody is a PersonalitiesRequest as the API reads it:
// personalities is a list of ids or the string "all".
type personalitiesBody struct {
	Personalities json.RawMessage `json:"personalities"`
	Language      Language        `json:"language,omitzero"`
}

func (r *PersonalitiesRequest) body() (*personalitiesBody, error) {
	if r == nil {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "personalities", Message: "the request is nil: give personality ids, or All"}}}
	}
	var v validator
	if r.All == (len(r.PersonalityIDs) > 0) {
		v.add("personalities", "give personality ids, or all (not both)")
	}
	if r.Language != "" && !r.All {
		v.add("language", "goes with all personalities only")
	}
	ids(&v, "personalities", r.PersonalityIDs)
	if err := v.err(); err != nil {
		return nil, err
	}
	b := &personalitiesBody{Language: r.Language, Personalities: json.RawMessage(`"all"`)}
	if !r.All {
		b.Personalities, _ = json.Marshal(r.PersonalityIDs)
	}
	return b, nil
}

// PersonalitiesChange is the answer of EnablePersonalities and
// DisablePersonalities: the API's message, and the project's personalities
// when it sends them (enabling does).
type PersonalitiesChange struct {
	apiObject
	Message       string         `json:"message,omitzero"`
	Personalities []*Personality `json:"results,omitzero"`
	// Count is how many personalities the whole list has: enabling answers
	// its first page only, so when Count is more than len(Personalities),
	// read them all with Agents.AllPersonalities.
	Count int `json:"count,omitzero"`
}

// UnmarshalJSON decodes a change of personalities tolerantly: a field of the wrong type is
// left at its zero value, and RawJSON keeps the answer.
func (x *PersonalitiesChange) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// EnablePersonalities enables personalities for an agent's project: POST
// /test_framework/v2/aiagents/{id}/enable_personalities/.
func (s *AgentsService) EnablePersonalities(ctx context.Context, id int64, req *PersonalitiesRequest, opts ...Option) (*PersonalitiesChange, error) {
	return s.changePersonalities(ctx, id, "enable_personalities", req, opts)
}

// DisablePersonalities disables personalities for an agent's project: POST
// /test_framework/v2/aiagents/{id}/disable_personalities/.
func (s *AgentsService) DisablePersonalities(ctx context.Context, id int64, req *PersonalitiesRequest, opts ...Option) (*PersonalitiesChange, error) {
	return s.changePersonalities(ctx, id, "disable_personalities", req, opts)
}

func (s *AgentsService) changePersonalities(ctx context.Context, id int64, action string, req *PersonalitiesRequest, opts []Option) (*PersonalitiesChange, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	return send[PersonalitiesChange](ctx, s.c, endpoint{method: http.MethodPost, path: agentPath(id, action), body: body}, opts)
}

// HistoryType is what a version of an agent records (the API's history
// type, as django-simple-history writes it).
type HistoryType string

// The history types of the API.
const (
	HistoryTypeCreated HistoryType = "+"
	HistoryTypeChanged HistoryType = "~"
	HistoryTypeDeleted HistoryType = "-"
)

// Valid reports whether t is one of the API's history types.
func (t HistoryType) Valid() bool {
	return t == HistoryTypeCreated || t == HistoryTypeChanged || t == HistoryTypeDeleted
}

// AgentVersion is a saved version of an agent (its history).
type AgentVersion struct {
	apiObject
	HistoryID   int64     `json:"history_id"`
	HistoryDate time.Time `json:"history_date"`
	// HistoryType is what the version records: HistoryTypeCreated,
	// HistoryTypeChanged or HistoryTypeDeleted.
	HistoryType HistoryType `json:"history_type,omitzero"`
	VersionID   string      `json:"version_id,omitzero"`
	VersionName string      `json:"version_name,omitzero"`
	// AgentID is the agent's id.
	AgentID     int64    `json:"id"`
	AgentName   string   `json:"agent_name,omitzero"`
	Language    Language `json:"language,omitzero"`
	Description string   `json:"description,omitzero"`
	// HistoryChangeReason is why the version was recorded, when the API
	// noted it ("" when null), and HistoryUser the user who made the change
	// (nil when unknown, such as a change by the API itself).
	HistoryChangeReason string `json:"history_change_reason,omitzero"`
	HistoryUser         *User  `json:"history_user,omitzero"`
	// MockTools, DynamicVariables and KnowledgeBaseFiles are the agent's
	// as they were in this version. (The description types them as
	// strings; the API resolves them to the lists an Agent has.) Knowledge
	// base files decode as Agent's do, bare ids included.
	MockTools          []*MockTool          `json:"mock_tools,omitzero"`
	DynamicVariables   []*DynamicVariable   `json:"dynamic_variables,omitzero"`
	KnowledgeBaseFiles []*KnowledgeBaseFile `json:"knowledge_base_files,omitzero" cekura:"ids"`
}

// UnmarshalJSON decodes a version tolerantly.
func (v *AgentVersion) UnmarshalJSON(b []byte) error { return unmarshal(b, v) }

// ListVersions returns a page of an agent's versions, newest first: GET
// /test_framework/v2/aiagents/{id}/history/.
func (s *AgentsService) ListVersions(ctx context.Context, id int64, params *PageParams, opts ...Option) (*Page[AgentVersion], error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return list[AgentVersion](ctx, s.c, endpoint{method: http.MethodGet, path: agentPath(id, "history"), query: params}, opts)
}

// AllVersions walks every page of an agent's versions lazily, newest first;
// see [AgentsService.All].
func (s *AgentsService) AllVersions(ctx context.Context, id int64, params *PageParams, opts ...Option) iter.Seq2[*AgentVersion, error] {
	return allOf[AgentVersion](ctx, s.c, "agent", id, endpoint{method: http.MethodGet, path: agentPath(id, "history"), query: params}, opts)
}

// RenameVersion names one of an agent's versions: PATCH
// /test_framework/v2/aiagents/{id}/history/edit/.
func (s *AgentsService) RenameVersion(ctx context.Context, id, historyID int64, req *RenameVersionRequest, opts ...Option) (*AgentVersion, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	if err := checkID("history", historyID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "version_name", Message: "the request is nil: give the version's Name"}}}
	}
	body := &struct {
		HistoryID   int64  `json:"history_id"`
		VersionName string `json:"version_name"`
	}{historyID, req.Name}
	return send[AgentVersion](ctx, s.c, endpoint{method: http.MethodPatch, path: agentPath(id, "history/edit"), body: body}, opts)
}

// RenameVersionRequest is the body of RenameVersion.
type RenameVersionRequest struct {
	// Name is the version's new name.
	Name string
}

// RestoreVersion returns an agent to one of its versions, as a new version (its
// tools and variables too): POST /test_framework/v2/aiagents/{id}/restore/.
func (s *AgentsService) RestoreVersion(ctx context.Context, id, historyID int64, opts ...Option) (*Agent, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	if err := checkID("history", historyID); err != nil {
		return nil, err
	}
	body := &struct {
		HistoryID int64 `json:"history_id"`
	}{historyID}
	return send[Agent](ctx, s.c, endpoint{method: http.MethodPost, path: agentPath(id, "restore"), body: body}, opts)
}

// ProviderImport is an import of an agent's configuration from its provider
// (vapi, retell, elevenlabs, synthflow), running in the background.
type ProviderImport struct {
	apiObject
	// AgentID is the agent being configured.
	AgentID    int64  `json:"agent_id,omitzero"`
	ProgressID string `json:"progress_id"`
	// Status is in_progress, completed or failed.
	Status       ImportStatus    `json:"status,omitzero"`
	CurrentStage string          `json:"current_stage,omitzero"`
	Stages       json.RawMessage `json:"stages,omitzero"`
	Error        string          `json:"error,omitzero"`
}

// UnmarshalJSON decodes an import tolerantly: a field of the wrong type is
// left at its zero value, and RawJSON keeps the answer.
func (x *ProviderImport) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// ImportStatus is the state of a provider import.
type ImportStatus string

// The states of a provider import.
const (
	ImportStatusInProgress ImportStatus = "in_progress"
	ImportStatusCompleted  ImportStatus = "completed"
	ImportStatusFailed     ImportStatus = "failed"
)

// Done reports whether the import ended (completed or failed).
func (p *ProviderImport) Done() bool {
	if p == nil {
		return false
	}
	return p.Status == ImportStatusCompleted || p.Status == ImportStatusFailed
}

// Err returns an *ImportFailedError when the import failed, and nil
// otherwise.
func (p *ProviderImport) Err() error {
	if p == nil || p.Status != ImportStatusFailed {
		return nil
	}
	return &ImportFailedError{AgentID: p.AgentID, ProgressID: p.ProgressID, Stage: p.CurrentStage, Reason: p.Error}
}

// ImportFailedError is ProviderImport.Err's error: the import of an agent's
// configuration from its provider failed.
type ImportFailedError struct {
	AgentID    int64
	ProgressID string
	// Stage is the stage it failed in; Reason the API's explanation.
	Stage, Reason string
}

// Error says which agent's import failed, at which stage and why.
func (e *ImportFailedError) Error() string {
	msg := fmt.Sprintf("cekura: the import of agent %d from its provider failed", e.AgentID)
	if e.Stage != "" {
		msg += " at " + e.Stage
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// checkImport checks GetImport's and WaitForImport's arguments.
func checkImport(agentID int64, progressID string) error {
	if err := checkID("agent", agentID); err != nil {
		return err
	}
	if progressID == "" {
		return &ValidationError{Problems: []FieldProblem{{Field: "progress_id", Message: "is required: the id the import returned"}}}
	}
	return nil
}

// CreateFromProvider registers an agent whose prompt, settings, phone,
// tools, variables and knowledge base are imported from its provider:
// POST /test_framework/v2/aiagents/ with provider.configure_from_provider,
// answered 202. req needs Provider.Type, AgentID and Credentials.APIKey;
// Name may be left out. Follow it with WaitForImport.
func (s *AgentsService) CreateFromProvider(ctx context.Context, req *CreateAgentRequest, opts ...Option) (*ProviderImport, error) {
	if req != nil && req.Provider != nil {
		cp := *req
		p := *req.Provider
		p.ConfigureFromProvider = true
		cp.Provider = &p
		req = &cp
	}
	out, err := send[struct {
		apiObject
		ID         int64  `json:"id"`
		ProgressID string `json:"progress_id"`
	}](ctx, s.c, endpoint{method: http.MethodPost, path: agentsPath, body: (*fromProvider)(req)}, opts)
	if err != nil {
		return nil, err
	}
	return &ProviderImport{AgentID: out.ID, ProgressID: out.ProgressID, Status: ImportStatusInProgress}, nil
}

// fromProvider is a create request for CreateFromProvider: other checks
// (Name is optional).
type fromProvider CreateAgentRequest

func (r *fromProvider) validate(v *validator) {
	p := r.Provider
	if p == nil || p.AgentID == "" || p.Credentials == nil || p.Credentials.APIKey == "" {
		v.add("provider", "needs type, agent_id and credentials.api_key to import from the provider")
	}
	if p != nil {
		switch p.Type {
		case ProviderTypeVapi, ProviderTypeRetell, ProviderTypeElevenLabs, ProviderTypeSynthflow:
		default:
			v.add("provider.type", "%q cannot be imported from; vapi, retell, elevenlabs or synthflow can", p.Type)
		}
	}
	v.description("description", r.Description)
}

// ImportFromProvider re-imports an agent's configuration from its provider:
// POST /test_framework/v2/aiagents/{id}/auto-fetch/ (202). Follow it with
// WaitForImport.
func (s *AgentsService) ImportFromProvider(ctx context.Context, id int64, opts ...Option) (*ProviderImport, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	p, err := send[ProviderImport](ctx, s.c, endpoint{method: http.MethodPost, path: agentPath(id, "auto-fetch")}, opts)
	if p != nil {
		p.AgentID = id
	}
	return p, err
}

// GetImport returns an import's progress: GET
// /test_framework/v2/aiagents/{id}/auto-fetch-progress/?progress_id=.
func (s *AgentsService) GetImport(ctx context.Context, agentID int64, progressID string, opts ...Option) (*ProviderImport, error) {
	id := agentID
	if err := checkImport(id, progressID); err != nil {
		return nil, err
	}
	p, err := send[ProviderImport](ctx, s.c, endpoint{method: http.MethodGet, path: agentPath(id, "auto-fetch-progress"),
		query: url.Values{"progress_id": {progressID}}}, opts)
	if p != nil && p.ProgressID == "" {
		p.ProgressID = progressID
	}
	return p, err
}

// WaitForImport polls an import until it ends (see [WaitParams]) and
// returns it; it takes GetImport's arguments. An import that failed is not
// an error: check ProviderImport.Err.
func (s *AgentsService) WaitForImport(ctx context.Context, agentID int64, progressID string, params *WaitParams[ProviderImport], opts ...Option) (*ProviderImport, error) {
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	if err := checkImport(agentID, progressID); err != nil {
		return nil, err
	}
	return poll(ctx, s.c, params, "provider import "+progressID,
		func(ctx context.Context) (*ProviderImport, error) {
			return s.GetImport(ctx, agentID, progressID, opts...)
		},
		(*ProviderImport).Done)
}
