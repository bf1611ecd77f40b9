package cekura

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const folderJSON = `{"name": "Inbound", "path": "Sales.Inbound", "created_at": "2026-08-01T10:00:00Z", "updated_at": "2026-08-02T10:00:00Z", "color": "blue"}`

func TestScenarioFolderRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+scenariosPath+"folders/?page_size=2&parent_path=Sales&project_id=7&search=in",
		capture(200, `{"count": 1, "next": null, "previous": null, "results": [`+folderJSON+`]}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"create_folder/", capture(201, folderJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"rename_folder/", capture(200, folderJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"move_folder/", capture(200, `{"name": "Inbound", "path": "Inbound"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"delete_folder/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"delete_scenarios/", capture(204, ``, &got, &mu))

	params := &ListScenarioFoldersParams{ProjectID: 7, ParentPath: "Sales", Search: "in", PageSize: 2}
	p, err := c.Scenarios.ListFolders(ctx, params)
	require.NoError(t, err)
	require.Len(t, p.Results, 1)
	f := p.Results[0]
	assert.Equal(t, "Inbound", f.Name)
	assert.Equal(t, "Sales.Inbound", f.Path)
	assert.Equal(t, time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC), f.CreatedAt)
	assert.JSONEq(t, `"blue"`, string(gjson(t, f.RawJSON(), "color")), "an unknown field stays reachable")
	var paths []string
	for f, err := range c.Scenarios.AllFolders(ctx, params) {
		require.NoError(t, err)
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"Sales.Inbound"}, paths)

	f, err = c.Scenarios.CreateFolder(ctx, &CreateScenarioFolderRequest{ProjectID: 7, Name: "Inbound", ParentPath: "Sales"})
	require.NoError(t, err)
	assert.Equal(t, "Sales.Inbound", f.Path)
	_, err = c.Scenarios.RenameFolder(ctx, &RenameScenarioFolderRequest{ProjectID: 7, Path: "Sales.In", Name: "Inbound"})
	require.NoError(t, err)
	f, err = c.Scenarios.MoveFolder(ctx, &MoveScenarioFolderRequest{ProjectID: 7, Path: "Sales.Inbound"})
	require.NoError(t, err)
	assert.Equal(t, "Inbound", f.Path)
	require.NoError(t, c.Scenarios.DeleteFolder(ctx, &DeleteScenarioFolderRequest{ProjectID: 7, Path: "Inbound"}))
	require.NoError(t, c.Scenarios.BulkDelete(ctx, &BulkDeleteScenariosRequest{ScenarioIDs: []int64{3, 4}, AgentID: 2}))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 7)
	for i, want := range []string{
		`{"project_id": 7, "name": "Inbound", "parent_path": "Sales"}`,
		`{"project_id": 7, "path": "Sales.In", "name": "Inbound"}`,
		`{"project_id": 7, "path": "Sales.Inbound", "new_parent_path": ""}`,
		`{"project_id": 7, "path": "Inbound"}`,
		`{"scenarios": [3, 4], "agent_id": 2}`,
	} {
		assert.Equal(t, "POST", got[i+2].Method)
		assert.JSONEq(t, want, string(got[i+2].Body), "request %d", i+2)
	}
	assert.Contains(t, got[4].URL, "/move_folder/")
}

func TestGetSuiteSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	schema := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Cekura test suite", "type": "object"}`
	mt.RegisterResponder("GET", testBase+suiteSchemaPath, capture(200, schema, &got, &mu))
	mt.RegisterResponder("GET", testBase+suiteSchemaPath+"?version=1", capture(200, schema, &got, &mu))
	mt.RegisterResponder("GET", testBase+suiteSchemaPath+"?version=2", capture(200, `[1]`, &got, &mu))

	doc, err := c.Scenarios.GetSuiteSchema(ctx, nil)
	require.NoError(t, err)
	assert.JSONEq(t, schema, string(doc), "the document as the API sent it")
	doc, err = c.Scenarios.GetSuiteSchema(ctx, &SuiteSchemaParams{Version: SuiteVersion})
	require.NoError(t, err)
	assert.JSONEq(t, schema, string(doc))
	_, err = c.Scenarios.GetSuiteSchema(ctx, &SuiteSchemaParams{Version: "2"})
	require.ErrorContains(t, err, "expected a JSON Schema document (a JSON object), got")
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, got, 3)
}

func TestScenarioFolderRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	long := strings.Repeat("é", 101)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"list: the project is required, pages and the parent's path", func() error {
			_, err := c.Scenarios.ListFolders(ctx, &ListScenarioFoldersParams{Page: -1, ParentPath: "Sales..In"})
			return err
		}, []FieldProblem{
			{"page", "must be 1 or more (or 0 for the first page), got -1"},
			{"project_id", "is required: a positive project id, got 0"},
			{"parent_path", `"Sales..In" is not a folder path: names separated by single dots, such as Sales.Inbound`},
		}},
		{"list: nil params", func() error {
			_, err := c.Scenarios.ListFolders(ctx, nil)
			return err
		}, []FieldProblem{{"project_id", "is required: pass &ListScenarioFoldersParams{ProjectID: …}"}}},
		{"all folders: nil params, as the first item", func() error {
			for _, err := range c.Scenarios.AllFolders(ctx, nil) {
				return err
			}
			return nil
		}, []FieldProblem{{"project_id", "is required: pass &ListScenarioFoldersParams{ProjectID: …}"}}},
		{"create: a name too long, with a dot; a parent path with an empty name", func() error {
			_, err := c.Scenarios.CreateFolder(ctx, &CreateScenarioFolderRequest{ProjectID: -1, Name: long + ".x", ParentPath: ".Sales"})
			return err
		}, []FieldProblem{
			{"project_id", "is required: a positive project id, got -1"},
			{"name", "is 103 characters long; at most 100 are allowed"},
			{"name", `"` + long + `.x" has a dot, which separates the folders of a path; name one folder`},
			{"parent_path", `".Sales" is not a folder path: names separated by single dots, such as Sales.Inbound`},
		}},
		{"create: a blank name", func() error {
			_, err := c.Scenarios.CreateFolder(ctx, &CreateScenarioFolderRequest{ProjectID: 1, Name: "  "})
			return err
		}, []FieldProblem{{"name", "is required"}, {"name", "is required and must not be blank"}}},
		{"rename: path and name required", func() error {
			_, err := c.Scenarios.RenameFolder(ctx, &RenameScenarioFolderRequest{ProjectID: 1})
			return err
		}, []FieldProblem{
			{"path", "is required"}, {"name", "is required"},
			{"path", "is required: a folder path such as Sales.Inbound"},
			{"name", "is required and must not be blank"},
		}},
		{"move: into itself or a subfolder", func() error {
			_, err := c.Scenarios.MoveFolder(ctx, &MoveScenarioFolderRequest{ProjectID: 1, Path: "Sales", NewParentPath: "sales.Inbound"})
			return err
		}, []FieldProblem{{"new_parent_path", `"sales.Inbound" is the folder itself or inside it; a folder cannot move into itself`}}},
		{"move: onto itself", func() error {
			_, err := c.Scenarios.MoveFolder(ctx, &MoveScenarioFolderRequest{ProjectID: 1, Path: "Sales", NewParentPath: "Sales"})
			return err
		}, []FieldProblem{{"new_parent_path", `"Sales" is the folder itself or inside it; a folder cannot move into itself`}}},
		{"delete: the project and path", func() error {
			return c.Scenarios.DeleteFolder(ctx, &DeleteScenarioFolderRequest{Path: "Sales."})
		}, []FieldProblem{
			{"project_id", "is required: a positive project id, got 0"},
			{"path", `"Sales." is not a folder path: names separated by single dots, such as Sales.Inbound`},
		}},
		{"bulk delete: ids, and one scope", func() error {
			return c.Scenarios.BulkDelete(ctx, &BulkDeleteScenariosRequest{AgentID: 1, ProjectID: -2})
		}, []FieldProblem{
			{"scenarios", "is required: the ids of the scenarios to delete"},
			{"agent_id", "set exactly one of agent_id and project_id"},
			{"project_id", "must be a positive project id, got -2"},
		}},
		{"bulk delete: a bad id, no scope", func() error {
			return c.Scenarios.BulkDelete(ctx, &BulkDeleteScenariosRequest{ScenarioIDs: []int64{1, 0}})
		}, []FieldProblem{
			{"scenarios", "holds 0; ids are positive"},
			{"agent_id", "set exactly one of agent_id and project_id"},
		}},
		{"suite schema: a version that is not one", func() error {
			_, err := c.Scenarios.GetSuiteSchema(ctx, &SuiteSchemaParams{Version: "v1"})
			return err
		}, []FieldProblem{{"version", `"v1" is not a suite format version such as "1"`}}},
		{"suite schema: version 0", func() error {
			_, err := c.Scenarios.GetSuiteSchema(ctx, &SuiteSchemaParams{Version: "00"})
			return err
		}, []FieldProblem{{"version", `"00" is not a suite format version such as "1"`}}},
	} {
		err := tc.call()
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestFolderWritesAreNotRetriedAndA429ReachesTheCaller: a folder write that may have
// reached the API is not sent again; the schema's GET is; a rate limit
// that lasts reaches the caller as ErrRateLimited with its Retry-After.
func TestFolderWritesAreNotRetriedAndA429ReachesTheCaller(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"create_folder/", capture(503, `{"detail": "busy"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"delete_scenarios/", capture(502, `{"detail": "busy"}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+suiteSchemaPath, capture(503, `{"detail": "busy"}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"folders/?project_id=7", func(r *http.Request) (*http.Response, error) {
		resp, err := capture(429, `{"detail": "Rate limit exceeded"}`, &got, &mu)(r)
		resp.Header.Set("Retry-After", "7")
		return resp, err
	})

	_, err := c.Scenarios.CreateFolder(ctx, &CreateScenarioFolderRequest{ProjectID: 7, Name: "Sales"})
	require.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	err = c.Scenarios.BulkDelete(ctx, &BulkDeleteScenariosRequest{ScenarioIDs: []int64{1}, ProjectID: 7})
	require.ErrorIs(t, err, ErrServer)
	mu.Lock()
	assert.Len(t, got, 2, "neither POST was sent twice")
	mu.Unlock()

	_, err = c.Scenarios.GetSuiteSchema(ctx, nil)
	require.ErrorIs(t, err, ErrServer)
	_, err = c.Scenarios.ListFolders(ctx, &ListScenarioFoldersParams{ProjectID: 7})
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 7*time.Second, apiErr.RetryAfter)
	mu.Lock()
	defer mu.Unlock()
	assert.Greater(t, len(got), 4, "the GETs were retried")
}
