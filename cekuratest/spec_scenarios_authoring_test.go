package cekuratest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// placeholderAnswers are the operations whose answer the description gives
// the Scenario serializer, as it does the scenarios' operations that
// declare no schema of their own: the fake answers what the operation
// does (a JSON Schema document, an instructions job), which the test
// checks by its keys instead.
var placeholderAnswers = map[string][]string{
	"GET /test_framework/v2/scenarios/json_schema/":            {"$schema", "$id", "type", "required", "properties"},
	"POST /test_framework/v1/scenarios/generate-instructions/": {"progress_id", "project_id"},
	"GET /test_framework/v1/scenarios/instructions-progress/":  {"progress_id", "project_id", "status"},
}

// TestScenarioAuthoringMatchesTheSpec drives the scenarios' folders, bulk
// delete, suite schema and AI jobs through the fake, in success and
// failure, and checks every answer against the API's description.
func TestScenarioAuthoringMatchesTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer(WithPageSize(2))
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "project": 7, "provider": {"type": "vapi", "agent_id": "asst_1"}}`)
	require.Equal(t, 201, status)
	for _, body := range []string{
		`{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask", "folder_path": "Sales.Inbound"}`,
		`{"name": "Status", "personality": 1, "agent": 1, "instructions": "ask"}`,
		`{"name": "Orphan", "personality": 1, "project": 7, "instructions": "ask"}`,
	} {
		status, _, _ = raw(t, s, "POST", scenariosPath, body)
		require.Equal(t, 201, status)
	}
	const sc, v2 = "/test_framework/v1/scenarios/", "/test_framework/v2/scenarios/"
	transcript := `[{"role": "Main Agent", "content": "Hello, how can I help?", "start_time": 0.0},
		{"role": "Testing Agent", "content": "I need to reschedule my appointment.", "start_time": 2.1},
		{"role": "Function Call", "data": {"id": "c1", "name": "find_slot", "arguments": {"day": "mon"}}}]`
	steps := []struct {
		method, path, template, body string
		status                       int
		advance                      time.Duration // the fake's clock moves first
	}{
		{"POST", sc + "create_folder/", sc + "create_folder/", `{"project_id": 7, "name": "Sales"}`, 201, 0},
		{"POST", sc + "create_folder/", sc + "create_folder/", `{"project_id": 7, "name": "Inbound", "parent_path": "sales"}`, 201, 0},
		{"POST", sc + "create_folder/", sc + "create_folder/", `{"project_id": 7, "name": "Outbound", "parent_path": null}`, 201, 0},
		{"POST", sc + "create_folder/", sc + "create_folder/", `{"project_id": 7, "name": "Inbound", "parent_path": "Sales"}`, 400, 0},
		{"POST", sc + "create_folder/", sc + "create_folder/", `{"name": "a.b", "parent_path": "Nowhere"}`, 400, 0},
		{"GET", sc + "folders/?project_id=7", sc + "folders/", "", 200, 0},
		{"GET", sc + "folders/?project_id=7&page=2", sc + "folders/", "", 200, 0},
		{"GET", sc + "folders/?project_id=7&parent_path=Sales&search=IN", sc + "folders/", "", 200, 0},
		{"GET", sc + "folders/", sc + "folders/", "", 400, 0},
		{"POST", sc + "rename_folder/", sc + "rename_folder/", `{"project_id": 7, "path": "Sales", "name": "Revenue"}`, 200, 0},
		{"POST", sc + "rename_folder/", sc + "rename_folder/", `{"project_id": 7, "path": "Nope", "name": "X"}`, 404, 0},
		{"POST", sc + "move_folder/", sc + "move_folder/", `{"project_id": 7, "path": "Revenue.Inbound", "new_parent_path": "Outbound"}`, 200, 0},
		{"POST", sc + "move_folder/", sc + "move_folder/", `{"project_id": 7, "path": "Outbound", "new_parent_path": "Outbound.Inbound"}`, 400, 0},
		{"POST", sc + "move_folder/", sc + "move_folder/", `{"project_id": 7, "path": "Outbound.Inbound", "new_parent_path": ""}`, 200, 0},
		{"POST", sc + "delete_folder/", sc + "delete_folder/", `{"project_id": 7, "path": "Revenue"}`, 204, 0},
		{"POST", sc + "delete_folder/", sc + "delete_folder/", `{"project_id": 7, "path": "Revenue"}`, 404, 0},
		{"GET", v2 + "json_schema/", v2 + "json_schema/", "", 200, 0},
		{"GET", v2 + "json_schema/?version=1", v2 + "json_schema/", "", 200, 0},
		{"GET", v2 + "json_schema/?version=9", v2 + "json_schema/", "", 400, 0},
		{"POST", sc + "generate-instructions/", sc + "generate-instructions/", `{"personality": 1, "agent": 1, "name": "Refund", "expected_outcome_prompt": "a refund"}`, 200, 0},
		{"POST", sc + "generate-instructions/", sc + "generate-instructions/", `{"agent": 99}`, 400, 0},
		{"GET", sc + "instructions-progress/?progress_id=00000000-0000-4000-9000-000000000001", sc + "instructions-progress/", "", 200, 0},
		{"POST", sc + "improve_instructions/", sc + "improve_instructions/", `{"agent": 1, "extra_instructions": "Be impatient", "current_instructions": "Ask."}`, 200, 0},
		{"POST", sc + "improve_instructions/", sc + "improve_instructions/", `{"agent": 1, "extra_instructions": " "}`, 400, 0},
		{"GET", sc + "instructions-progress/?progress_id=00000000-0000-4000-9000-000000000002", sc + "instructions-progress/", "", 200, time.Minute},
		{"POST", sc + "create-from-transcript-bg/", sc + "create-from-transcript-bg/", `{"agent": 1, "transcript_json": ` + transcript + `, "name": "Reschedule"}`, 200, 0},
		{"POST", sc + "create-from-transcript-bg/", sc + "create-from-transcript-bg/", `{"assistant_id": "asst_1", "transcript_json": [{"role": "Main Agent", "content": "Hi"}]}`, 200, 0},
		{"POST", sc + "create-from-transcript-bg/", sc + "create-from-transcript-bg/", `{"agent": 1, "transcript_json": [{"role": "user", "content": "Hi"}]}`, 400, 0},
		{"GET", sc + "create-from-transcript-progress/?progress_id=00000000-0000-4000-9000-000000000003", sc + "create-from-transcript-progress/", "", 200, 0},
		{"GET", sc + "create-from-transcript-progress/?progress_id=00000000-0000-4000-9000-000000000003", sc + "create-from-transcript-progress/", "", 200, time.Minute},
		{"GET", sc + "create-from-transcript-progress/?progress_id=00000000-0000-4000-9000-000000000004", sc + "create-from-transcript-progress/", "", 200, 0},
		{"GET", sc + "create-from-transcript-progress/?progress_id=nope", sc + "create-from-transcript-progress/", "", 400, 0},
		{"POST", sc + "scenario-agent/", sc + "scenario-agent/", `{"user_message": "More detail", "scenarios": [1, 2]}`, 200, 0},
		{"POST", sc + "scenario-agent/", sc + "scenario-agent/", `{"user_message": "More detail", "scenarios": [3]}`, 200, 0},
		{"POST", sc + "scenario-agent/", sc + "scenario-agent/", `{"user_message": "Callers who want a refund", "num_scenarios": 2, "agent_id": 1}`, 200, 0},
		{"POST", sc + "scenario-agent/", sc + "scenario-agent/", `{"scenarios": "[1, 2]"}`, 400, 0},
		{"GET", sc + "scenario-agent-progress/?progress_id=00000000-0000-4000-9000-000000000005", sc + "scenario-agent-progress/", "", 200, 0},
		{"GET", sc + "scenario-agent-progress/?progress_id=00000000-0000-4000-9000-000000000005", sc + "scenario-agent-progress/", "", 200, time.Minute},
		{"GET", sc + "scenario-agent-progress/?progress_id=00000000-0000-4000-9000-000000000006", sc + "scenario-agent-progress/", "", 200, 0},
		{"GET", sc + "scenario-agent-progress/?progress_id=00000000-0000-4000-9000-000000000007", sc + "scenario-agent-progress/", "", 200, 0},
		{"POST", sc + "scenario-agent/", sc + "scenario-agent/", `{"apply_changes": true, "updated_scenarios": [{"id": 1, "instructions": "new"}], "session_id": 1}`, 200, 0},
		{"GET", sc + "scenario-agent-progress/?progress_id=00000000-0000-4000-9000-000000000008", sc + "scenario-agent-progress/", "", 200, time.Minute},
		{"POST", sc + "1/update_scenario_with_transcript/", sc + "{id}/update_scenario_with_transcript/", `{"transcript_json": ` + transcript + `}`, 200, 0},
		{"POST", sc + "1/update_scenario_with_transcript/", sc + "{id}/update_scenario_with_transcript/", `{"transcript_json": "x"}`, 400, 0},
		{"POST", sc + "delete_scenarios/", sc + "delete_scenarios/", `{"scenarios": [1, 2], "agent_id": 1}`, 204, 0},
		{"POST", sc + "delete_scenarios/", sc + "delete_scenarios/", `{"scenarios": [1]}`, 400, 0},
	}
	for _, st := range steps {
		s.Advance(st.advance)
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if status == 204 {
			require.Nil(t, body)
			continue
		}
		op := st.method + " " + st.template
		if keys, ok := placeholderAnswers[op]; ok && status == 200 {
			obj, isObj := body.(map[string]any)
			require.True(t, isObj, "%s: %v", op, body)
			for _, k := range keys {
				require.Contains(t, obj, k, "%s: %v", op, body)
			}
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status >= 400 {
			detail, ok := body.(map[string]any)
			require.True(t, ok && len(detail) > 0, "%s %d: DRF's error shape: %v", op, status, body)
			continue
		}
		require.NotNil(t, schema, "the description documents %s %d", op, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(specWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %d: %v", op, status, body)
	}

	// What the steps did, as the fake keeps it.
	folders := s.ScenarioFolders(7)
	paths := make([]string, len(folders))
	for i, f := range folders {
		paths[i] = f.Path
	}
	require.Equal(t, []string{"Inbound", "Outbound"}, paths, "Sales was renamed Revenue, then deleted; Inbound moved out of it first")
	var names []string
	for _, x := range s.Scenarios() {
		names = append(names, fmt.Sprintf("%s [%s]", x.Name, x.FolderPath))
	}
	require.Equal(t, []string{"Orphan []", "Reschedule []"}, names, "the bulk delete; a folder deleted takes its scenarios out of it")
}
