package cekura

import (
	"context"
	"iter"
	"maps"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// testProfilesPath is the test profiles collection. Cekura documents test
// profiles on v1 only.
const testProfilesPath = "/test_framework/v1/test-profiles/"

// TestProfilesService manages test profiles: reusable test data (the
// account the simulated caller claims, the variables the agent under test
// receives) that scenarios and test runs name by id (TestProfileID,
// TestProfileIDs). Get it from Client.TestProfiles.
type TestProfilesService struct{ c *core }

// TestProfile is a test profile as the API returns it.
type TestProfile struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// AgentID or ProjectID is what the profile belongs to (0 when the API
	// sends null).
	AgentID int64 `json:"agent,omitzero"`
	// AgentName is the name of the agent the profile belongs to.
	AgentName string `json:"agent_name,omitzero"`
	ProjectID int64  `json:"project,omitzero"`
	// Information is the profile's variables.
	Information TestProfileInformation `json:"information,omitzero"`
	// Scenarios are the scenarios that use the profile, as List sends them
	// (Get, Create and Update do not): the description types the field as a
	// string, so ids, {id, name} objects and a list inside a JSON string
	// all decode, an id as a scenario with only its ID.
	Scenarios []*Scenario `json:"scenarios,omitzero" cekura:"ids"`
	// CreatedByID and LastUpdatedByID are the ids of the users who created
	// the profile and last changed it.
	CreatedByID     int64     `json:"created_by,omitzero"`
	LastUpdatedByID int64     `json:"last_updated_by,omitzero"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a test profile tolerantly.
func (p *TestProfile) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// TestProfileInformation is a test profile's variables, in the API's
// sectioned shape: {"main_agent_variables": {…}, "testing_agent_variables":
// {…}}. Values are any JSON (strings, numbers, objects); they are test data,
// returned by the API in every answer, not secrets.
//
// The API still accepts the older flat shape (variables with no section,
// delivered to both agents) and returns profiles made with it as they were
// stored: such a profile decodes with the same variables in both fields,
// which is how the API uses them, and is sent back in the sectioned shape.
type TestProfileInformation struct {
	// AgentVariables (main_agent_variables) are sent to the agent under
	// test as dynamic variables at call time. Keys that start with X- are
	// also sent as custom SIP headers (SIP runs) or connection headers
	// (WebSocket runs); X-Run-Id, X-Scenario-Id and X-Result-Id are
	// Cekura's, set on every run, and refused here.
	AgentVariables map[string]any `json:"main_agent_variables,omitzero"`
	// CallerVariables (testing_agent_variables) shape the simulated
	// caller's persona ({{test_profile.<key>}} in instructions); they are
	// never sent to the agent under test.
	CallerVariables map[string]any `json:"testing_agent_variables,omitzero"`
}

// UnmarshalJSON decodes a profile's information tolerantly, the older flat
// shape included.
func (in *TestProfileInformation) UnmarshalJSON(b []byte) error { return unmarshal(b, in) }

// The sections of a test profile's information.
const (
	agentVariablesKey  = "main_agent_variables"
	callerVariablesKey = "testing_agent_variables"
)

// decodeKit reads the sectioned shape, or a flat object (the older shape,
// delivered to both agents) into both fields; a section that is not an
// object is left empty.
func (in *TestProfileInformation) decodeKit(r *jreader) bool {
	var all map[string]any
	if !planFor(reflect.TypeFor[map[string]any]()).dec(r, unsafe.Pointer(&all)) {
		return false
	}
	if len(all) == 0 {
		return true // null or {}: no variables
	}
	agent, sectioned := all[agentVariablesKey]
	caller, hasCaller := all[callerVariablesKey]
	if !sectioned && !hasCaller {
		*in = TestProfileInformation{AgentVariables: all, CallerVariables: maps.Clone(all)}
		return true
	}
	in.AgentVariables, _ = agent.(map[string]any)
	in.CallerVariables, _ = caller.(map[string]any)
	return true
}

// reservedHeaders are the main_agent_variables keys Cekura sets itself on
// every run (as SIP or connection headers), compared without regard to case.
var reservedHeaders = []string{"X-Run-Id", "X-Scenario-Id", "X-Result-Id"}

// check reports reserved keys among the agent's variables.
func (in *TestProfileInformation) check(v *validator, field string) {
	for key := range in.AgentVariables {
		for _, h := range reservedHeaders {
			if strings.EqualFold(key, h) {
				v.add(field+"."+agentVariablesKey, "has %q, which Cekura sets on every run (as %s); use another key", key, h)
			}
		}
	}
}

// CreateTestProfileRequest is the body of Create. Name is required, and
// AgentID or ProjectID (the API takes "either agent or project").
type CreateTestProfileRequest struct {
	// Name is 1 to 255 characters.
	Name string `json:"name" cekura:"required"`
	// AgentID or ProjectID is what the profile belongs to: one is required.
	AgentID   int64 `json:"agent,omitzero"`
	ProjectID int64 `json:"project,omitzero"`
	// Information is the profile's variables.
	Information TestProfileInformation `json:"information,omitzero"`
}

func (r *CreateTestProfileRequest) validate(v *validator) {
	profileName(v, r.Name)
	if r.AgentID == 0 && r.ProjectID == 0 {
		v.add("agent", "set agent or project (or both): what the profile belongs to")
	}
	positive(v, "agent", r.AgentID)
	positive(v, "project", r.ProjectID)
	r.Information.check(v, "information")
}

// profileName checks a name the API keeps in 255 characters; the required
// check has already refused a blank one.
func profileName(v *validator, name string) {
	if n := utf8.RuneCountInString(name); n > maxNameLen {
		v.add("name", "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

// positive refuses a negative id (0 is left out).
func positive(v *validator, field string, id int64) {
	if id < 0 {
		v.add(field, "must be a positive id, got %d", id)
	}
}

// UpdateTestProfileRequest is the body of Update (PATCH): only what is set
// is sent.
type UpdateTestProfileRequest struct {
	// Name is 1 to 255 characters when set.
	Name Opt[string] `json:"name,omitzero"`
	// AgentID and ProjectID: Some(id) moves the profile, Null() detaches it
	// (it must keep one of the two).
	AgentID   Opt[int64] `json:"agent,omitzero" cekura:"nullable"`
	ProjectID Opt[int64] `json:"project,omitzero" cekura:"nullable"`
	// Information replaces the profile's variables, both sections: what is
	// left out is removed.
	Information Opt[TestProfileInformation] `json:"information,omitzero"`
}

func (r *UpdateTestProfileRequest) validate(v *validator) {
	if name, ok := r.Name.Get(); ok {
		if strings.TrimSpace(name) == "" {
			v.add("name", "must not be blank")
		}
		profileName(v, name)
	}
	if n, ok := r.AgentID.Get(); ok && n <= 0 {
		v.add("agent", "must be a positive id, got %d", n)
	}
	if n, ok := r.ProjectID.Get(); ok && n <= 0 {
		v.add("project", "must be a positive id, got %d", n)
	}
	if r.AgentID.IsNull() && r.ProjectID.IsNull() {
		v.add("agent", "agent and project are both Null(); the profile must keep one of them")
	}
	if in, ok := r.Information.Get(); ok {
		in.check(v, "information")
	}
}

// ListTestProfilesParams filters List. The API requires AgentID or
// ProjectID (both keep the profiles of that agent in that project).
type ListTestProfilesParams struct {
	AgentID   int64 `url:"agent_id,omitempty"`
	ProjectID int64 `url:"project_id,omitempty"`
}

func (o *ListTestProfilesParams) validate(v *validator) {
	if o.AgentID == 0 && o.ProjectID == 0 {
		v.add("agent_id", "set agent_id or project_id: the API lists the test profiles of an agent or of a project")
	}
	positive(v, "agent_id", o.AgentID)
	positive(v, "project_id", o.ProjectID)
}

// Create adds a test profile: POST /test_framework/v1/test-profiles/ (the
// API answers 200).
func (s *TestProfilesService) Create(ctx context.Context, req *CreateTestProfileRequest, opts ...Option) (*TestProfile, error) {
	return send[TestProfile](ctx, s.c, endpoint{method: http.MethodPost, path: testProfilesPath, body: req}, opts)
}

// Get returns one test profile: GET /test_framework/v1/test-profiles/{id}/.
func (s *TestProfilesService) Get(ctx context.Context, id int64, opts ...Option) (*TestProfile, error) {
	if err := checkID("test profile", id); err != nil {
		return nil, err
	}
	return send[TestProfile](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(testProfilesPath, id)}, opts)
}

// List returns the test profiles of an agent or a project: GET
// /test_framework/v1/test-profiles/. The API sends them all at once, as a
// plain list, which reads as a single page (Next is empty). params is
// required: nil is refused as one that names neither.
func (s *TestProfilesService) List(ctx context.Context, params *ListTestProfilesParams, opts ...Option) (*Page[TestProfile], error) {
	return list[TestProfile](ctx, s.c, s.listEndpoint(params), opts)
}

// All walks the test profiles of an agent or a project lazily; see
// [AgentsService.All].
func (s *TestProfilesService) All(ctx context.Context, params *ListTestProfilesParams, opts ...Option) iter.Seq2[*TestProfile, error] {
	return all[TestProfile](ctx, s.c, s.listEndpoint(params), opts)
}

func (s *TestProfilesService) listEndpoint(params *ListTestProfilesParams) endpoint {
	return endpoint{method: http.MethodGet, path: testProfilesPath, query: required(params)}
}

// Update changes what req sets: PATCH
// /test_framework/v1/test-profiles/{id}/.
func (s *TestProfilesService) Update(ctx context.Context, id int64, req *UpdateTestProfileRequest, opts ...Option) (*TestProfile, error) {
	if err := checkID("test profile", id); err != nil {
		return nil, err
	}
	return send[TestProfile](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(testProfilesPath, id), body: req, update: true}, opts)
}

// Delete deletes a test profile: DELETE
// /test_framework/v1/test-profiles/{id}/. It cannot be undone; the
// scenarios that used it keep running, without its variables.
func (s *TestProfilesService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("test profile", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(testProfilesPath, id)}, opts)
}
