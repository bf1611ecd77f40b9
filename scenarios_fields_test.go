package cekura

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The scenario, agent version and mock tool fields the description gained
// (2026-08-20), read and written.

// scenarioDetailJSON is a scenario as Get, Create and Update answer, with
// every property the description gives their schema.
const scenarioDetailJSON = `{"id": 5, "name": "Refund", "agent": 7, "personality": 1, "phone_number": "+14155550100",
  "outbound_phone_number_data": {"id": 31, "number": "+14155550100", "phone_number_id": "PN31"},
  "tool_ids": ["TOOL_DTMF", "TOOL_END_CALL"], "test_profile": 9,
  "test_profile_data": {"id": 9, "name": "Jane", "agent": 7, "information": {"main_agent_variables": {"user_id": "U-1"}}},
  "generated_mock_tool_entries": [{"tool_id": 12, "tool_name": "get_order", "new_entry": {"input": {"order_id": "A1"}, "output": {"status": "shipped"}}}],
  "information_fields": {"user_name": "John Doe"}, "simulation_description": "from a simulation",
  "is_predefined": true, "suite_type": "infrastructure", "inbound_phone_number": 31, "inbound_phone_number_data": {"id": 31}}`

func TestScenarioReadsEveryDescribedField(t *testing.T) {
	t.Parallel()
	var sc Scenario
	require.NoError(t, unmarshal([]byte(scenarioDetailJSON), &sc))
	assert.Equal(t, &PhoneNumber{ID: 31, Number: "+14155550100", PhoneNumberID: "PN31"}, phoneFields(sc.OutboundPhoneNumberData))
	assert.Equal(t, []string{"TOOL_DTMF", "TOOL_END_CALL"}, sc.ToolIDs)
	require.NotNil(t, sc.TestProfileData)
	assert.Equal(t, int64(9), sc.TestProfileData.ID)
	assert.Equal(t, "Jane", sc.TestProfileData.Name)
	require.Len(t, sc.GeneratedMockToolEntries, 1)
	e := sc.GeneratedMockToolEntries[0]
	assert.Equal(t, int64(12), e.ToolID)
	assert.Equal(t, "get_order", e.ToolName)
	assert.Equal(t, map[string]any{"order_id": "A1"}, e.NewEntry.Input)
	assert.Equal(t, map[string]any{"status": "shipped"}, e.NewEntry.Output)
	assert.JSONEq(t, `{"user_name": "John Doe"}`, string(sc.InformationFields))
	assert.Equal(t, "from a simulation", sc.SimulationDescription)
	assert.True(t, sc.IsPredefined)
	assert.Equal(t, SuiteTypeInfrastructure, sc.SuiteType)

	// A list's scenarios carry who made and changed them; a generation's,
	// the agent's provider id, the last runs and the number's queue.
	sc = Scenario{}
	require.NoError(t, unmarshal([]byte(`{"id": 6, "created_by": 3, "last_updated_by": 4, "tool_ids": ["TOOL_DTMF"],
	  "assistant_id": "asst_1", "runs": [101, 102], "phone_number_queue_length": 2, "is_simulating": true,
	  "generated_mock_tool_entries": null, "test_profile_data": null, "outbound_phone_number_data": null}`), &sc))
	assert.Equal(t, int64(3), sc.CreatedByID)
	assert.Equal(t, int64(4), sc.LastUpdatedByID)
	assert.Equal(t, "asst_1", sc.AssistantID)
	assert.Equal(t, []int64{101, 102}, sc.RunIDs)
	assert.Equal(t, 2, sc.PhoneNumberQueueLength)
	assert.True(t, sc.IsSimulating)
	assert.Nil(t, sc.GeneratedMockToolEntries, "null is no entries")
	assert.Nil(t, sc.TestProfileData)
	assert.Nil(t, sc.OutboundPhoneNumberData)

	// Another shape than the description's leaves the field zero.
	sc = Scenario{}
	require.NoError(t, unmarshal([]byte(`{"id": 7, "generated_mock_tool_entries": "[]", "suite_type": 3, "information_fields": {"a": 1}}`), &sc))
	assert.Nil(t, sc.GeneratedMockToolEntries)
	assert.Empty(t, sc.SuiteType)
	assert.JSONEq(t, `{"a": 1}`, string(sc.InformationFields))
}

// phoneFields drops what decoding keeps of the JSON, to compare the fields.
func phoneFields(p *PhoneNumber) *PhoneNumber {
	if p == nil {
		return nil
	}
	c := *p
	c.apiObject = apiObject{}
	return &c
}

func TestSuiteTypeValid(t *testing.T) {
	t.Parallel()
	assert.True(t, SuiteTypeUndefined.Valid())
	assert.True(t, SuiteTypeInfrastructure.Valid())
	assert.False(t, SuiteType("").Valid())
	assert.False(t, SuiteType("Infrastructure").Valid())
}

func TestScenarioWritesItsNewFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath, capture(201, scenarioDetailJSON, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+scenariosPath+"5/", capture(200, scenarioDetailJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"generate-bg/", capture(200, `{"progress_id": "g-1"}`, &got, &mu))

	entry := MockToolEntry{ToolID: 12, ToolName: "get_order",
		NewEntry: ToolMapping{Input: map[string]any{"order_id": "A1"}, Output: map[string]any{"status": "shipped"}}}
	sc, err := c.Scenarios.Create(ctx, &CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 7, Instructions: "ask",
		GeneratedMockToolEntries: []MockToolEntry{entry}})
	require.NoError(t, err)
	assert.Equal(t, []MockToolEntry{entry}, sc.GeneratedMockToolEntries)
	_, err = c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{AssistantID: Some("asst_1"), GeneratedMockToolEntries: Null[[]MockToolEntry]()})
	require.NoError(t, err)
	_, err = c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{GeneratedMockToolEntries: Some([]MockToolEntry{entry})})
	require.NoError(t, err)
	_, err = c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 7, NumScenarios: 2, InboundPhoneNumberID: 31})
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 4)
	const entryJSON = `{"tool_id": 12, "tool_name": "get_order", "new_entry": {"input": {"order_id": "A1"}, "output": {"status": "shipped"}}}`
	assert.JSONEq(t, `{"name": "Refund", "personality": 1, "agent": 7, "instructions": "ask", "generated_mock_tool_entries": [`+entryJSON+`]}`, string(got[0].Body))
	assert.JSONEq(t, `{"assistant_id": "asst_1", "generated_mock_tool_entries": null}`, string(got[1].Body))
	assert.JSONEq(t, `{"generated_mock_tool_entries": [`+entryJSON+`]}`, string(got[2].Body))
	assert.JSONEq(t, `{"agent_id": 7, "num_scenarios": 2, "inbound_phone_number": 31}`, string(got[3].Body))
}

func TestScenarioNewFieldsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"create: an entry needs its tool", func() error {
			_, err := c.Scenarios.Create(ctx, &CreateScenarioRequest{Name: "n", PersonalityID: 1, AgentID: 7, Instructions: "ask",
				GeneratedMockToolEntries: []MockToolEntry{{ToolID: 12}, {ToolName: "get_order"}}})
			return err
		}, []FieldProblem{{"generated_mock_tool_entries[1].tool_id", "is 0; give the id of the agent's mock tool (MockTool.ID)"}}},
		{"update: an empty assistant id, with an agent too; an entry without its tool", func() error {
			_, err := c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{AgentID: Some[int64](7), AssistantID: Some(""),
				GeneratedMockToolEntries: Some([]MockToolEntry{{ToolID: -1}})})
			return err
		}, []FieldProblem{
			{"assistant_id", "must not be empty"},
			{"assistant_id", "set either agent or assistant_id, not both"},
			{"generated_mock_tool_entries[0].tool_id", "is -1; give the id of the agent's mock tool (MockTool.ID)"},
		}},
		{"generate: a phone number id is positive", func() error {
			_, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 7, NumScenarios: 1, InboundPhoneNumberID: -3})
			return err
		}, []FieldProblem{{"inbound_phone_number", "must be a positive id, got -3"}}},
	} {
		err := tc.call()
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestAgentVersionReadsItsCollections(t *testing.T) {
	t.Parallel()
	var v AgentVersion
	require.NoError(t, unmarshal([]byte(`{"history_id": 70, "history_type": "~", "id": 7, "agent_name": "A",
	  "history_date": "2026-08-01T00:00:00Z", "history_change_reason": "prompt tweak",
	  "history_user": {"id": 3, "name": "Ada", "email": "ada@example.com"},
	  "mock_tools": [{"id": 12, "name": "get_order", "description": "d", "mock_data": [], "served_via": {"type": "direct", "url": "https://x"},
	    "mcp_server": {"name": "Knowledge", "key": "kb"}}],
	  "dynamic_variables": [{"id": 4, "name": "user_id", "description": "the caller's id"}],
	  "knowledge_base_files": "[5, 6]"}`), &v))
	assert.Equal(t, "prompt tweak", v.HistoryChangeReason)
	require.NotNil(t, v.HistoryUser)
	assert.Equal(t, "ada@example.com", v.HistoryUser.Email)
	require.Len(t, v.MockTools, 1)
	assert.Equal(t, "get_order", v.MockTools[0].Name)
	assert.Equal(t, &MCPServer{Name: "Knowledge", Key: "kb"}, v.MockTools[0].MCPServer)
	require.Len(t, v.DynamicVariables, 1)
	assert.Equal(t, "user_id", v.DynamicVariables[0].Name)
	require.Len(t, v.KnowledgeBaseFiles, 2, "a list inside a string, as Agent reads it")
	assert.Equal(t, int64(6), v.KnowledgeBaseFiles[1].ID)

	// As the description types them (strings) they read as nothing; null
	// reason and user as zero.
	v = AgentVersion{}
	require.NoError(t, unmarshal([]byte(`{"history_id": 71, "mock_tools": "", "dynamic_variables": "x", "history_change_reason": null, "history_user": null}`), &v))
	assert.Nil(t, v.MockTools)
	assert.Nil(t, v.DynamicVariables)
	assert.Empty(t, v.HistoryChangeReason)
	assert.Nil(t, v.HistoryUser)
}

func TestMockToolReadsItsMCPServer(t *testing.T) {
	t.Parallel()
	var a Agent
	require.NoError(t, unmarshal([]byte(`{"id": 7, "mock_tools": [
	  {"id": 1, "name": "a", "description": "", "mock_data": [], "served_via": {"type": "mcp", "mock_index": 0}, "mcp_server": {"name": "Knowledge", "key": "kb"}},
	  {"id": 2, "name": "b", "description": "", "mock_data": [], "served_via": {"type": "direct"}, "mcp_server": null},
	  {"id": 3, "name": "c", "description": "", "mock_data": [], "served_via": {"type": "direct"}}]}`), &a))
	require.Len(t, a.MockTools, 3)
	assert.Equal(t, &MCPServer{Name: "Knowledge", Key: "kb"}, a.MockTools[0].MCPServer)
	assert.Nil(t, a.MockTools[1].MCPServer)
	assert.Nil(t, a.MockTools[2].MCPServer)
}

func TestListAgentsSearchIsSentAsQ(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+agentsPath+"?project_id=3&q=support+bot", capture(200, `{"count": 0, "next": null, "results": []}`, &got, &mu))
	_, err := c.Agents.List(ctx, &ListAgentsParams{ProjectID: 3, Search: "support bot"})
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestGenerateWithFilesStreamsMultipartAndIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var parts []string
	calls := 0
	mt.RegisterResponder("POST", testBase+scenariosPath+"generate-bg/", func(r *http.Request) (*http.Response, error) {
		calls++
		parts = formParts(t, r)
		if calls == 1 {
			return httpmock.NewStringResponse(503, `{"detail": "busy"}`), nil
		}
		resp := httpmock.NewStringResponse(200, `{"progress_id": "g-1"}`)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	req := func() *GenerateScenariosRequest {
		return &GenerateScenariosRequest{AgentID: 7, NumScenarios: 2, PersonalityIDs: []int64{1, 2}, Tags: []string{"smoke"},
			GenerateExpectedOutcomes: true, ExtraInstructions: `say "hi"`, Kind: GenerationKindWorkflow,
			GenerationFiles: []GenerationFile{{Name: "policy.pdf", Content: strings.NewReader("%PDF")}, {Name: "faq.md", Content: strings.NewReader("# FAQ")}}}
	}
	_, err := c.Scenarios.Generate(context.Background(), req())
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, calls, "a streamed upload is sent once")
	assert.True(t, MaybeApplied(err))
	// Fields sorted, a list once per element, strings as they are, then
	// the files in their order.
	assert.Equal(t, []string{
		"agent_id||7", `extra_instructions||say "hi"`, "generate_expected_outcomes||true", "num_scenarios||2",
		"personalities||1", "personalities||2", "scenario_type||workflow", "tags||smoke",
		"generation_files|policy.pdf|%PDF", "generation_files|faq.md|# FAQ",
	}, parts)

	g, err := c.Scenarios.Generate(context.Background(), req())
	require.NoError(t, err)
	assert.Equal(t, "g-1", g.ProgressID)
}

func TestGenerationFilesAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	files := make([]GenerationFile, 11)
	for i := range files {
		files[i] = GenerationFile{Name: "f.txt", Content: strings.NewReader("x")}
	}
	files[0] = GenerationFile{Name: "run.exe", Content: strings.NewReader("x")}
	files[1] = GenerationFile{Name: "../x.md", Content: strings.NewReader("x")}
	files[2] = GenerationFile{Name: "ok.csv"}
	_, err := c.Scenarios.Generate(context.Background(), &GenerateScenariosRequest{AgentID: 7, NumScenarios: 1, GenerationFiles: files})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"generation_files", "holds 11 files; the API reads at most 10"},
		{"generation_files[0]", `"run.exe" must end in one of .pdf, .txt, .json, .csv, .xml, .md`},
		{"generation_files[1]", "must be a plain file name, without a path, quotes or line breaks"},
		{"generation_files[2]", "has a nil Content; pass the file's io.Reader"},
	}, ve.Problems)
	assert.Zero(t, mt.GetTotalCallCount())
}

// With several files, the upload still ends with its context while one of
// them blocks, and no Read of any of them starts after the call returned.
func TestAGenerationUploadOfSeveralFilesEndsWithItsContext(t *testing.T) {
	t.Parallel()
	c := newLoopbackClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(200)
	})
	for i := range 50 {
		first, third := &endlessCounting{}, &endlessCounting{}
		pr, pw := io.Pipe()
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%10)*time.Millisecond)
		_, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 1, NumScenarios: 1, GenerationFiles: []GenerationFile{
			{Name: "a.txt", Content: io.LimitReader(first, 64<<10)}, {Name: "b.txt", Content: pr}, {Name: "c.txt", Content: third}}})
		first.returned.Store(true)
		third.returned.Store(true)
		cancel()
		_ = pw.Close()
		require.ErrorIs(t, err, context.DeadlineExceeded, "call %d", i)
		for range 20 {
			runtime.Gosched()
		}
		require.Zero(t, first.late.Load()+third.late.Load(), "call %d: Reads started after it returned", i)
	}
}
