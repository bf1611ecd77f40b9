package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Scenario folders, the bulk delete of scenarios and the suite file's JSON
// Schema: the scenarios' housekeeping. Folders are a project's; a folder is
// named by its path, the names from the top level down joined by dots
// ("Sales.Inbound"), which is what Scenario.FolderPath holds.

// suiteSchemaPath is the JSON Schema of the suite file. Cekura documents
// it on v1 and v2; as for run_scenarios_json, the SDK calls v2.
const suiteSchemaPath = "/test_framework/v2/scenarios/json_schema/"

// maxFolderNameLen is the API's limit on a new folder's name, in characters
// (ScenarioFolderCreate.name).
const maxFolderNameLen = 100

// ScenarioFolder is a folder of scenarios as the API returns it.
type ScenarioFolder struct {
	apiObject
	// Name is the folder's own name, the last part of its path.
	Name string `json:"name"`
	// Path is the folder's dot-separated path from the top level
	// ("Sales.Inbound"), with the names' case as given: the key the other
	// folder methods and Scenario.FolderPath name it by.
	Path      string    `json:"path,omitzero"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a folder tolerantly.
func (f *ScenarioFolder) UnmarshalJSON(b []byte) error { return unmarshal(b, f) }

// ListScenarioFoldersParams picks the folders ListFolders returns. ProjectID
// is required; zero values of the others are not sent.
type ListScenarioFoldersParams struct {
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
	// ProjectID is the project whose folders to list; required.
	ProjectID int64 `url:"project_id,omitempty"`
	// ParentPath keeps the direct children of one folder ("Sales" gives
	// "Sales.Inbound", not "Sales.Inbound.EMEA").
	ParentPath string `url:"parent_path,omitempty"`
	// Search keeps the folders whose name contains it, in any case.
	Search string `url:"search,omitempty"`
}

func (p *ListScenarioFoldersParams) validate(v *validator) {
	v.pageOptions(p.Page, p.PageSize)
	v.projectID("project_id", p.ProjectID)
	if p.ParentPath != "" {
		v.folderPath("parent_path", p.ParentPath)
	}
}

// CreateScenarioFolderRequest is the body of CreateFolder.
type CreateScenarioFolderRequest struct {
	// ProjectID is the project the folder belongs to; required.
	ProjectID int64 `json:"project_id"`
	// Name is the new folder's name: 1 to 100 characters, without a dot
	// (dots separate the names of a path).
	Name string `json:"name" cekura:"required"`
	// ParentPath is the folder to create it in, which must exist; "" for
	// the top level.
	ParentPath string `json:"parent_path,omitzero"`
}

func (r *CreateScenarioFolderRequest) validate(v *validator) {
	v.projectID("project_id", r.ProjectID)
	v.folderName("name", r.Name, maxFolderNameLen)
	if r.ParentPath != "" {
		v.folderPath("parent_path", r.ParentPath)
	}
}

// RenameScenarioFolderRequest is the body of RenameFolder.
type RenameScenarioFolderRequest struct {
	// ProjectID is the project the folder belongs to; required.
	ProjectID int64 `json:"project_id"`
	// Path is the folder's current path ("Sales.Inbound"); required.
	Path string `json:"path" cekura:"required"`
	// Name is its new name (without a dot); required. The folder keeps
	// its parent: its path, its subfolders' and its scenarios' folder
	// paths change with it.
	Name string `json:"name" cekura:"required"`
}

func (r *RenameScenarioFolderRequest) validate(v *validator) {
	v.projectID("project_id", r.ProjectID)
	v.folderPath("path", r.Path)
	v.folderName("name", r.Name, 0)
}

// MoveScenarioFolderRequest is the body of MoveFolder.
type MoveScenarioFolderRequest struct {
	// ProjectID is the project the folder belongs to; required.
	ProjectID int64 `json:"project_id"`
	// Path is the folder to move ("Sales.Inbound"); required.
	Path string `json:"path" cekura:"required"`
	// NewParentPath is the folder to move it into; "" moves it to the top
	// level (it is always sent, "" included, as the API reads it: empty
	// or null for the top level).
	NewParentPath string `json:"new_parent_path"`
}

func (r *MoveScenarioFolderRequest) validate(v *validator) {
	v.projectID("project_id", r.ProjectID)
	v.folderPath("path", r.Path)
	if r.NewParentPath == "" {
		return
	}
	v.folderPath("new_parent_path", r.NewParentPath)
	if r.Path != "" && (strings.EqualFold(r.NewParentPath, r.Path) || hasFolderPrefix(r.NewParentPath, r.Path)) {
		v.add("new_parent_path", "%q is the folder itself or inside it; a folder cannot move into itself", r.NewParentPath)
	}
}

// hasFolderPrefix reports whether path is inside the folder parent (case
// aside, as the API's paths compare).
func hasFolderPrefix(path, parent string) bool {
	return len(path) > len(parent) && path[len(parent)] == '.' && strings.EqualFold(path[:len(parent)], parent)
}

// DeleteScenarioFolderRequest is the body of DeleteFolder.
type DeleteScenarioFolderRequest struct {
	// ProjectID is the project the folder belongs to; required.
	ProjectID int64 `json:"project_id"`
	// Path is the folder to delete ("Sales.Inbound"); required.
	Path string `json:"path" cekura:"required"`
}

func (r *DeleteScenarioFolderRequest) validate(v *validator) {
	v.projectID("project_id", r.ProjectID)
	v.folderPath("path", r.Path)
}

// BulkDeleteScenariosRequest is the body of BulkDelete.
type BulkDeleteScenariosRequest struct {
	// ScenarioIDs are the scenarios to delete; required.
	ScenarioIDs []int64 `json:"scenarios"`
	// AgentID or ProjectID scopes the API's permission check; one is
	// required.
	AgentID   int64 `json:"agent_id,omitzero"`
	ProjectID int64 `json:"project_id,omitzero"`
}

func (r *BulkDeleteScenariosRequest) validate(v *validator) {
	if len(r.ScenarioIDs) == 0 {
		v.add("scenarios", "is required: the ids of the scenarios to delete")
	}
	ids(v, "scenarios", r.ScenarioIDs)
	if (r.AgentID == 0) == (r.ProjectID == 0) {
		v.add("agent_id", "set exactly one of agent_id and project_id")
	}
	if r.AgentID < 0 {
		v.add("agent_id", "must be a positive agent id, got %d", r.AgentID)
	}
	if r.ProjectID < 0 {
		v.add("project_id", "must be a positive project id, got %d", r.ProjectID)
	}
}

// SuiteSchemaParams picks the version of the schema GetSuiteSchema returns.
type SuiteSchemaParams struct {
	// Version is the suite format's version, such as SuiteVersion ("1");
	// "" for the current one.
	Version string `url:"version,omitempty"`
}

func (p *SuiteSchemaParams) validate(v *validator) {
	if p.Version == "" {
		return
	}
	if strings.Trim(p.Version, "0123456789") != "" || strings.TrimLeft(p.Version, "0") == "" {
		v.add("version", "%q is not a suite format version such as %q", p.Version, SuiteVersion)
	}
}

// projectID checks a required project id.
func (v *validator) projectID(field string, id int64) {
	if id <= 0 {
		v.add(field, "is required: a positive project id, got %d", id)
	}
}

// folderName checks a folder's name: not blank, no dot, and at most limit
// characters (when limit > 0).
func (v *validator) folderName(field, name string, limit int) {
	n := utf8.RuneCountInString(name)
	switch {
	case strings.TrimSpace(name) == "":
		v.add(field, "is required and must not be blank")
	case limit > 0 && n > limit:
		v.add(field, "is %d characters long; at most %d are allowed", n, limit)
	}
	if strings.Contains(name, ".") {
		v.add(field, "%q has a dot, which separates the folders of a path; name one folder", name)
	}
}

// folderPath checks a dot-separated folder path: names that are not blank,
// separated by single dots.
func (v *validator) folderPath(field, path string) {
	if path == "" {
		v.add(field, "is required: a folder path such as Sales.Inbound")
		return
	}
	for part := range strings.SplitSeq(path, ".") {
		if strings.TrimSpace(part) == "" {
			v.add(field, "%q is not a folder path: names separated by single dots, such as Sales.Inbound", path)
			return
		}
	}
}

// ListFolders returns one page of a project's scenario folders: GET
// /test_framework/v1/scenarios/folders/.
func (s *ScenariosService) ListFolders(ctx context.Context, params *ListScenarioFoldersParams, opts ...Option) (*Page[ScenarioFolder], error) {
	if err := checkFolderParams(params); err != nil {
		return nil, err
	}
	return list[ScenarioFolder](ctx, s.c, endpoint{method: http.MethodGet, path: scenariosPath + "folders/", query: params}, opts)
}

// AllFolders walks every page of a project's scenario folders lazily; see
// [AgentsService.All].
func (s *ScenariosService) AllFolders(ctx context.Context, params *ListScenarioFoldersParams, opts ...Option) iter.Seq2[*ScenarioFolder, error] {
	if err := checkFolderParams(params); err != nil {
		return func(yield func(*ScenarioFolder, error) bool) { yield(nil, err) }
	}
	return all[ScenarioFolder](ctx, s.c, endpoint{method: http.MethodGet, path: scenariosPath + "folders/", query: params}, opts)
}

// checkFolderParams refuses nil params: the project is required.
func checkFolderParams(params *ListScenarioFoldersParams) error {
	if params == nil {
		return &ValidationError{Problems: []FieldProblem{{Field: "project_id", Message: "is required: pass &ListScenarioFoldersParams{ProjectID: …}"}}}
	}
	return nil
}

// CreateFolder creates a scenario folder: POST
// /test_framework/v1/scenarios/create_folder/ (201). Like every POST, it
// is not retried once it may have reached the API.
func (s *ScenariosService) CreateFolder(ctx context.Context, req *CreateScenarioFolderRequest, opts ...Option) (*ScenarioFolder, error) {
	return send[ScenarioFolder](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "create_folder/", body: req}, opts)
}

// RenameFolder renames a scenario folder: POST
// /test_framework/v1/scenarios/rename_folder/. It returns the folder under
// its new path.
func (s *ScenariosService) RenameFolder(ctx context.Context, req *RenameScenarioFolderRequest, opts ...Option) (*ScenarioFolder, error) {
	return send[ScenarioFolder](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "rename_folder/", body: req}, opts)
}

// MoveFolder moves a scenario folder, with its subfolders and scenarios,
// into another folder or to the top level: POST
// /test_framework/v1/scenarios/move_folder/. It returns the folder under its
// new path.
func (s *ScenariosService) MoveFolder(ctx context.Context, req *MoveScenarioFolderRequest, opts ...Option) (*ScenarioFolder, error) {
	return send[ScenarioFolder](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "move_folder/", body: req}, opts)
}

// DeleteFolder deletes a scenario folder: POST
// /test_framework/v1/scenarios/delete_folder/ (204).
func (s *ScenariosService) DeleteFolder(ctx context.Context, req *DeleteScenarioFolderRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "delete_folder/", body: req}, opts)
}

// BulkDelete deletes many scenarios at once: POST
// /test_framework/v1/scenarios/delete_scenarios/ (204). It cannot be
// undone; Delete deletes one.
func (s *ScenariosService) BulkDelete(ctx context.Context, req *BulkDeleteScenariosRequest, opts ...Option) error {
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + "delete_scenarios/", body: req}, opts)
}

// GetSuiteSchema returns the JSON Schema of the test suite file (tests as
// code, see [Suite]), for an editor or a validator: GET
// /test_framework/v2/scenarios/json_schema/. params may be nil (the
// current version). The answer is the schema document as the API sent it,
// a JSON object. (The API's description gives this answer the Scenario
// schema, which it gives operations without one of their own: the answer
// is a JSON Schema document.)
func (s *ScenariosService) GetSuiteSchema(ctx context.Context, params *SuiteSchemaParams, opts ...Option) (json.RawMessage, error) {
	e := endpoint{method: http.MethodGet, path: suiteSchemaPath}
	if params != nil {
		e.query = params
	}
	body, err := s.c.exec(ctx, e, opts)
	if err != nil {
		return nil, err
	}
	if !isJSONObjectValue(body) {
		return nil, fmt.Errorf("cekura: GET %s: decoding the answer: expected a JSON Schema document (a JSON object), got %s", suiteSchemaPath, describeJSON(body))
	}
	return json.RawMessage(body), nil
}
