package cekura_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newAuthoringFake is a fake with an agent of project 7 (provider id
// asst_1) and two of its scenarios, one in the folder Sales.
func newAuthoringFake(t *testing.T) (*cekuratest.Server, *cekura.Client) {
	t.Helper()
	project := int64(7)
	fake := cekuratest.New(t, cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: project,
		Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_1"}}))
	client := fake.Client()
	ctx := context.Background()
	_, err := client.Scenarios.CreateFolder(ctx, &cekura.CreateScenarioFolderRequest{ProjectID: project, Name: "Sales"})
	require.NoError(t, err)
	for _, req := range []*cekura.CreateScenarioRequest{
		{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "Ask for a refund.", FolderPath: "Sales"},
		{Name: "Status", PersonalityID: 1, AgentID: 1, Instructions: "Ask where the order is."},
	} {
		_, err := client.Scenarios.Create(ctx, req)
		require.NoError(t, err)
	}
	return fake, client
}

func TestScenarioFoldersAgainstTheFake(t *testing.T) {
	t.Parallel()
	fake, client := newAuthoringFake(t)
	ctx := context.Background()
	in, err := client.Scenarios.CreateFolder(ctx, &cekura.CreateScenarioFolderRequest{ProjectID: 7, Name: "Inbound", ParentPath: "Sales"})
	require.NoError(t, err)
	assert.Equal(t, "Sales.Inbound", in.Path)
	assert.False(t, in.CreatedAt.IsZero())

	_, err = client.Scenarios.CreateFolder(ctx, &cekura.CreateScenarioFolderRequest{ProjectID: 7, Name: "Inbound", ParentPath: "Nowhere"})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, err.Error(), `parent_path: Folder "Nowhere" does not exist.`)

	renamed, err := client.Scenarios.RenameFolder(ctx, &cekura.RenameScenarioFolderRequest{ProjectID: 7, Path: "Sales", Name: "Revenue"})
	require.NoError(t, err)
	assert.Equal(t, "Revenue", renamed.Path)
	sc, err := client.Scenarios.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "Revenue", sc.FolderPath, "a rename moves the folder's scenarios with it")

	moved, err := client.Scenarios.MoveFolder(ctx, &cekura.MoveScenarioFolderRequest{ProjectID: 7, Path: "Revenue.Inbound"})
	require.NoError(t, err)
	assert.Equal(t, "Inbound", moved.Path)

	var paths []string
	for f, err := range client.Scenarios.AllFolders(ctx, &cekura.ListScenarioFoldersParams{ProjectID: 7, PageSize: 1}) {
		require.NoError(t, err)
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"Inbound", "Revenue"}, paths, "every page, by path")
	page, err := client.Scenarios.ListFolders(ctx, &cekura.ListScenarioFoldersParams{ProjectID: 7, Search: "rev"})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Equal(t, "Revenue", page.Results[0].Name)

	require.NoError(t, client.Scenarios.DeleteFolder(ctx, &cekura.DeleteScenarioFolderRequest{ProjectID: 7, Path: "Revenue"}))
	err = client.Scenarios.DeleteFolder(ctx, &cekura.DeleteScenarioFolderRequest{ProjectID: 7, Path: "Revenue"})
	require.ErrorIs(t, err, cekura.ErrNotFound)
	sc, err = client.Scenarios.Get(ctx, 1)
	require.NoError(t, err)
	assert.Empty(t, sc.FolderPath, "the fake takes a deleted folder's scenarios out of it")
	assert.Len(t, fake.ScenarioFolders(7), 1)

	require.NoError(t, client.Scenarios.BulkDelete(ctx, &cekura.BulkDeleteScenariosRequest{ScenarioIDs: []int64{1, 2}, AgentID: 1}))
	assert.Empty(t, fake.Scenarios())
	err = client.Scenarios.BulkDelete(ctx, &cekura.BulkDeleteScenariosRequest{ScenarioIDs: []int64{1}, ProjectID: 7})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode, "the ids are gone")

	doc, err := client.Scenarios.GetSuiteSchema(ctx, nil)
	require.NoError(t, err)
	var schema struct {
		Required []string `json:"required"`
	}
	require.NoError(t, json.Unmarshal(doc, &schema))
	assert.Equal(t, []string{"version", "scenarios"}, schema.Required)
	_, err = client.Scenarios.GetSuiteSchema(ctx, &cekura.SuiteSchemaParams{Version: "2"})
	require.ErrorContains(t, err, "Unknown spec version")
}

func TestScenarioJobsAgainstTheFake(t *testing.T) {
	t.Parallel()
	_, client := newAuthoringFake(t)
	ctx := context.Background()

	job, err := client.Scenarios.GenerateInstructions(ctx, &cekura.GenerateInstructionsRequest{Name: "Refund", PersonalityID: 1, AgentID: 1,
		ExpectedOutcomePrompt: "a refund is confirmed"})
	require.NoError(t, err)
	assert.Equal(t, int64(7), job.ProjectID)
	job, err = client.Scenarios.WaitForInstructionsJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.JobStatusCompleted, job.Status)
	assert.Contains(t, job.Instructions, "Your goal: a refund is confirmed.")

	job, err = client.Scenarios.ImproveInstructions(ctx, &cekura.ImproveInstructionsRequest{AgentID: 1, ExtraInstructions: "Be impatient",
		CurrentInstructions: "Ask for a refund."})
	require.NoError(t, err)
	job, err = client.Scenarios.WaitForInstructionsJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Ask for a refund. Be impatient.", job.Instructions)

	transcript := []cekura.TranscriptMessage{
		{Role: cekura.MessageRoleAgent, Content: "Hello, how can I help?", StartTime: cekura.Some(0.0)},
		{Role: cekura.MessageRoleCaller, Content: "I need to reschedule my appointment.", StartTime: cekura.Some(2.1)},
	}
	tj, err := client.Scenarios.CreateFromTranscript(ctx, &cekura.CreateFromTranscriptRequest{AssistantID: "asst_1", Transcript: transcript,
		FolderPath: "Sales"})
	require.NoError(t, err)
	tj, err = client.Scenarios.WaitForTranscriptJob(ctx, tj.ProgressID, nil)
	require.NoError(t, err)
	require.NoError(t, tj.Err())
	require.NotNil(t, tj.Scenario)
	assert.Equal(t, tj.ScenarioID, tj.Scenario.ID)
	assert.Equal(t, "Sales", tj.Scenario.FolderPath)
	assert.Contains(t, tj.Scenario.Instructions, "I need to reschedule my appointment.")

	tj, err = client.Scenarios.CreateFromTranscript(ctx, &cekura.CreateFromTranscriptRequest{AgentID: 1, Transcript: transcript[:1]})
	require.NoError(t, err)
	tj, err = client.Scenarios.WaitForTranscriptJob(ctx, tj.ProgressID, nil)
	require.NoError(t, err, "a failed job ends the wait without an error")
	var failed *cekura.JobFailedError
	require.ErrorAs(t, tj.Err(), &failed)
	assert.Contains(t, failed.Message, "no Testing Agent message")

	sc, err := client.Scenarios.UpdateWithTranscript(ctx, 2, &cekura.UpdateScenarioWithTranscriptRequest{Transcript: transcript})
	require.NoError(t, err)
	assert.Equal(t, "Status", sc.Name)
	_, err = client.Scenarios.UpdateWithTranscript(ctx, 99, &cekura.UpdateScenarioWithTranscriptRequest{Transcript: transcript})
	require.ErrorIs(t, err, cekura.ErrNotFound)
}

func TestTheScenarioAgentAgainstTheFake(t *testing.T) {
	t.Parallel()
	fake, client := newAuthoringFake(t)
	ctx := context.Background()
	_, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Project-wide", PersonalityID: 1, ProjectID: 7, Instructions: "Ask."})
	require.NoError(t, err)

	// Improve: suggestions, then applied.
	job, err := client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{UserMessage: "Mention the order number.", ScenarioIDs: []int64{1, 2}})
	require.NoError(t, err)
	var statuses []cekura.JobStatus
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, &cekura.WaitParams[cekura.ScenarioAgentJob]{
		Progress: func(j *cekura.ScenarioAgentJob) { statuses = append(statuses, j.Status) }})
	require.NoError(t, err)
	assert.Equal(t, cekura.JobStatusInProgress, statuses[0])
	assert.Equal(t, cekura.JobStatusCompleted, job.Status)
	assert.Equal(t, cekura.ScenarioAgentModeImprove, job.Mode)
	updates := job.UpdatedScenarios()
	require.Len(t, updates, 2)

	applied, err := client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{ApplyChanges: true, UpdatedScenarios: updates, SessionID: job.SessionID})
	require.NoError(t, err)
	assert.Equal(t, job.SessionID, applied.SessionID, "the session continues")
	applied, err = client.Scenarios.WaitForScenarioAgentJob(ctx, applied.ProgressID, nil)
	require.NoError(t, err)
	require.NoError(t, applied.Err())
	sc, err := client.Scenarios.Get(ctx, 1)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(sc.Instructions, "Mention the order number."), sc.Instructions)

	// A scenario with no agent: the agent asks which, then goes on.
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{UserMessage: "Shorter.", ScenarioIDs: []int64{3}})
	require.NoError(t, err)
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	require.True(t, job.NeedsAnswer())
	assert.Equal(t, []int64{3}, job.ScenariosNeedingAgent())
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{UserMessage: "Shorter.", ScenarioIDs: []int64{3},
		AgentSelections: map[string]int64{"3": 1}, ScenariosNeedingAgent: job.ScenariosNeedingAgent()})
	require.NoError(t, err)
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.JobStatusCompleted, job.Status)

	// Changes to a scenario deleted meanwhile fail the job.
	require.NoError(t, client.Scenarios.Delete(ctx, 2))
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{ApplyChanges: true, UpdatedScenarios: updates})
	require.NoError(t, err)
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.EqualError(t, job.Err(), "cekura: scenario agent job "+job.ProgressID+" failed: Evaluator 2 no longer exists.")

	// New scenarios: all of an agent's, or written from a request.
	_, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{UserMessage: "More detail", AllScenarios: true})
	require.ErrorContains(t, err, `400 Bad Request: agent_id: Required when scenarios is "all".`)
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{UserMessage: "Callers who want a refund", NumScenarios: 2, AgentID: 1})
	require.NoError(t, err)
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.ScenarioAgentModeClarify, job.Mode)
	assert.Len(t, job.UpdatedScenarios(), 2)
	before := len(fake.Scenarios())
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{ApplyChanges: true, UpdatedScenarios: job.UpdatedScenarios(), AgentID: 1})
	require.NoError(t, err)
	_, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Len(t, fake.Scenarios(), before+2, "drafts without an id are created")
}
