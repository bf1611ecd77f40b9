package cekuratest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The scenario fields of the 2026-08-20 description: the fake stores and
// echoes what is written, and answers the agent's versions with their
// tools, variables and files.

func TestTheFakeKeepsAScenariosToolsAndMockEntries(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d",
		Provider:  &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_1"},
		MockTools: []cekura.MockToolWrite{{Name: "get_order", MockData: []byte(`[]`)}}})
	require.NoError(t, err)
	other, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Other", Description: "d"})
	require.NoError(t, err)
	entry := cekura.MockToolEntry{ToolID: agent.MockTools[0].ID, ToolName: "get_order",
		NewEntry: cekura.ToolMapping{Input: map[string]any{"order_id": "A1"}, Output: map[string]any{"status": "shipped"}}}

	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: other.ID,
		Instructions: "ask", ToolIDs: []string{"TOOL_DTMF"}, GeneratedMockToolEntries: []cekura.MockToolEntry{entry}})
	require.NoError(t, err)
	assert.Equal(t, []string{"TOOL_DTMF"}, sc.ToolIDs)
	assert.Equal(t, []cekura.MockToolEntry{entry}, sc.GeneratedMockToolEntries)
	assert.Equal(t, cekura.SuiteTypeUndefined, sc.SuiteType)

	sc, err = client.Scenarios.Update(ctx, sc.ID, &cekura.UpdateScenarioRequest{AssistantID: cekura.Some("asst_1")})
	require.NoError(t, err)
	assert.Equal(t, agent.ID, sc.AgentID, "assistant_id moves the scenario to the provider's agent")
	assert.Equal(t, []cekura.MockToolEntry{entry}, sc.GeneratedMockToolEntries, "what is not written stays")

	sc, err = client.Scenarios.Update(ctx, sc.ID, &cekura.UpdateScenarioRequest{GeneratedMockToolEntries: cekura.Null[[]cekura.MockToolEntry]()})
	require.NoError(t, err)
	assert.Empty(t, sc.GeneratedMockToolEntries)
	got, err := client.Scenarios.Get(ctx, sc.ID)
	require.NoError(t, err)
	assert.Empty(t, got.GeneratedMockToolEntries)
	assert.Equal(t, []string{"TOOL_DTMF"}, got.ToolIDs)

	_, err = client.Scenarios.Update(ctx, sc.ID, &cekura.UpdateScenarioRequest{AssistantID: cekura.Some("asst_nobody")})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)

	// A generation for an agent with mock tools expects a call of each.
	g, err := client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{AgentID: agent.ID, NumScenarios: 1, InboundPhoneNumberID: 3})
	require.NoError(t, err)
	fake.Advance(time.Minute)
	g, err = client.Scenarios.GetGeneration(ctx, g.ProgressID)
	require.NoError(t, err)
	require.Len(t, g.Scenarios, 1)
	require.Len(t, g.Scenarios[0].GeneratedMockToolEntries, 1)
	assert.Equal(t, agent.MockTools[0].ID, g.Scenarios[0].GeneratedMockToolEntries[0].ToolID)
	assert.Equal(t, "get_order", g.Scenarios[0].GeneratedMockToolEntries[0].ToolName)
}

func TestTheFakesVersionsCarryTheAgentsCollections(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d",
		MockTools:        []cekura.MockToolWrite{{Name: "get_order", MockData: []byte(`[]`)}},
		DynamicVariables: []cekura.DynamicVariableWrite{{Name: "user_id", Description: "the caller"}}})
	require.NoError(t, err)
	_, err = client.Agents.Update(ctx, agent.ID, &cekura.UpdateAgentRequest{DynamicVariables: cekura.Some([]cekura.DynamicVariableWrite{})})
	require.NoError(t, err)
	p, err := client.Agents.ListVersions(ctx, agent.ID, nil)
	require.NoError(t, err)
	require.Len(t, p.Results, 2)
	latest, first := p.Results[0], p.Results[1]
	require.Len(t, first.MockTools, 1)
	assert.Equal(t, "get_order", first.MockTools[0].Name)
	require.Len(t, first.DynamicVariables, 1, "the first version had the variable")
	assert.Equal(t, "user_id", first.DynamicVariables[0].Name)
	assert.Empty(t, latest.DynamicVariables, "the change removed it")
	assert.Len(t, latest.MockTools, 1)
}

func TestTheFakeReadsAGenerationWithFiles(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
	require.NoError(t, err)
	g, err := client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{AgentID: agent.ID, NumScenarios: 2, Tags: []string{"smoke", "policy"},
		PersonalityIDs: []int64{1}, GenerationFiles: []cekura.GenerationFile{{Name: "policy.pdf", Content: strings.NewReader("%PDF-1.7")}}})
	require.NoError(t, err)
	fake.Advance(time.Minute)
	g, err = client.Scenarios.GetGeneration(ctx, g.ProgressID)
	require.NoError(t, err)
	require.Len(t, g.Scenarios, 2)
	assert.Equal(t, []string{"smoke", "policy"}, g.Scenarios[0].Tags, "the form's list fields, once per element")

	// What the SDK refuses before sending, the fake refuses too.
	files := make([]cekura.GenerationFile, 11)
	for i := range files {
		files[i] = cekura.GenerationFile{Name: "notes.exe", Content: strings.NewReader("x")}
	}
	_, err = client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{AgentID: agent.ID, NumScenarios: 1, GenerationFiles: files},
		cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.FieldErrors, "generation_files")
}
