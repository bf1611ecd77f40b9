package cekura_test

// Runnable examples of the scenarios' folders, bulk delete, suite schema
// and AI jobs, against the cekuratest fake (see example_services_test.go).

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// newProjectFake starts a fake holding an agent (id 1) of project 7, its
// provider's id asst_1.
func newProjectFake() *cekuratest.Server {
	return cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "Handles inbound support calls", ProjectID: 7,
		Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_1"},
	}))
}

func ExampleScenariosService_CreateFolder() {
	fake := newProjectFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	for _, req := range []*cekura.CreateScenarioFolderRequest{
		{ProjectID: 7, Name: "Sales"},
		{ProjectID: 7, Name: "Inbound", ParentPath: "Sales"},
	} {
		if _, err := client.Scenarios.CreateFolder(ctx, req); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Scenarios go in a folder by its path.
	_, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1,
		Instructions: "Ask for a refund.", FolderPath: "Sales.Inbound"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Renaming a folder moves its subfolders and scenarios with it.
	if _, err := client.Scenarios.RenameFolder(ctx, &cekura.RenameScenarioFolderRequest{ProjectID: 7, Path: "Sales", Name: "Revenue"}); err != nil {
		fmt.Println(err)
		return
	}
	for f, err := range client.Scenarios.AllFolders(ctx, &cekura.ListScenarioFoldersParams{ProjectID: 7}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(f.Path)
	}
	sc, err := client.Scenarios.Get(ctx, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Name, "is in", sc.FolderPath)
	// Output:
	// Revenue
	// Revenue.Inbound
	// Refund is in Revenue.Inbound
}

func ExampleScenariosService_BulkDelete() {
	fake := newSupportBotFake() // scenarios 1 and 2 of agent 1
	defer fake.Close()
	client := fake.Client()

	err := client.Scenarios.BulkDelete(context.Background(), &cekura.BulkDeleteScenariosRequest{ScenarioIDs: []int64{1, 2}, AgentID: 1})
	fmt.Println(err, len(fake.Scenarios()))
	// Output: <nil> 0
}

func ExampleScenariosService_GetSuiteSchema() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	doc, err := client.Scenarios.GetSuiteSchema(context.Background(), &cekura.SuiteSchemaParams{Version: cekura.SuiteVersion})
	if err != nil {
		fmt.Println(err)
		return
	}
	var schema struct {
		Title    string   `json:"title"`
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(doc, &schema); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(schema.Title, schema.Required)
	// Output: Cekura test suite [version scenarios]
}

func ExampleScenariosService_GenerateInstructions() {
	fake := newProjectFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	job, err := client.Scenarios.GenerateInstructions(ctx, &cekura.GenerateInstructionsRequest{
		Name: "Refund", PersonalityID: 1, AgentID: 1,
		ExpectedOutcomePrompt: "the refund is confirmed",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err = client.Scenarios.WaitForInstructionsJob(ctx, job.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := job.Err(); err != nil { // the job failed
		fmt.Println(err)
		return
	}
	fmt.Println(job.Status)
	fmt.Println(job.Instructions)
	// Output:
	// completed
	// You are a caller testing a voice agent. Scenario: Refund. Your goal: the refund is confirmed. Answer what the agent asks, stay in character, and end the call once the goal is reached or refused.
}

func ExampleScenariosService_CreateFromTranscript() {
	fake := newProjectFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	job, err := client.Scenarios.CreateFromTranscript(ctx, &cekura.CreateFromTranscriptRequest{
		AgentID: 1,
		Name:    "Reschedule",
		Transcript: []cekura.TranscriptMessage{
			{Role: cekura.MessageRoleAgent, Content: "Hello, how can I help?", StartTime: cekura.Some(0.0)},
			{Role: cekura.MessageRoleCaller, Content: "I need to reschedule my appointment.", StartTime: cekura.Some(2.1)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err = client.Scenarios.WaitForTranscriptJob(ctx, job.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := job.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.ScenarioID, job.Scenario.Name)
	// Output: 1 Reschedule
}

func ExampleScenariosService_AskScenarioAgent() {
	fake := newSupportBotFake() // scenarios 1 and 2 of agent 1
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Ask for changes, and read the suggestions.
	job, err := client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{
		UserMessage: "The caller gives the order number.",
		ScenarioIDs: []int64{1, 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	if err != nil || job.Err() != nil || job.NeedsAnswer() {
		fmt.Println(err, job.Err(), job.Status)
		return
	}
	suggested := job.UpdatedScenarios()
	fmt.Println(job.Mode, len(suggested), "suggestions")

	// Apply them in the same session.
	job, err = client.Scenarios.AskScenarioAgent(ctx, &cekura.ScenarioAgentRequest{
		ApplyChanges: true, UpdatedScenarios: suggested, SessionID: job.SessionID,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err = client.Scenarios.WaitForScenarioAgentJob(ctx, job.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := client.Scenarios.Get(ctx, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.Status)
	fmt.Println(sc.Instructions)
	// Output:
	// improve 2 suggestions
	// completed
	// You are a customer. Refund request.
	// The caller gives the order number.
}
