package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInstructionsJobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"generate-instructions/", capture(200, `{"progress_id": "i-1", "project_id": 9}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"improve_instructions/", capture(200, `{"progress_id": "i-2", "project_id": 9}`, &got, &mu))
	// The first poll is in progress, the second done; the answer leaves its
	// id out, which GetInstructionsJob fills in.
	mt.RegisterResponder("GET", testBase+scenariosPath+"instructions-progress/?progress_id=i-1",
		httpmock.ResponderFromMultipleResponses([]*http.Response{
			jsonResponse(200, `{"status": "in_progress"}`),
			jsonResponse(200, `{"status": "completed", "instructions": "Ask for a refund.", "tokens": 12}`),
		}))
	mt.RegisterResponder("GET", testBase+scenariosPath+"instructions-progress/?progress_id=i-2",
		capture(200, `{"progress_id": "i-2", "status": "failed", "error": "The agent has no prompt."}`, &got, &mu))

	job, err := c.Scenarios.GenerateInstructions(ctx, &GenerateInstructionsRequest{Name: "Refund", PersonalityID: 3, AgentID: 7,
		ExpectedOutcomePrompt: "The refund is confirmed.", ScenarioLanguage: LanguageFrench, ToolIDs: []string{"TOOL_DTMF"},
		InformationFields: map[string]any{"order_id": "A1"}})
	require.NoError(t, err)
	assert.Equal(t, "i-1", job.ProgressID)
	assert.Equal(t, int64(9), job.ProjectID)
	assert.False(t, job.Done(), "a job just started")
	var seen []JobStatus
	job, err = c.Scenarios.WaitForInstructionsJob(ctx, job.ProgressID, &WaitParams[InstructionsJob]{
		Progress: func(j *InstructionsJob) { seen = append(seen, j.Status) }})
	require.NoError(t, err)
	assert.Equal(t, []JobStatus{JobStatusInProgress, JobStatusCompleted}, seen)
	assert.Equal(t, "i-1", job.ProgressID)
	assert.Equal(t, "Ask for a refund.", job.Instructions)
	require.NoError(t, job.Err())
	assert.JSONEq(t, `12`, string(gjson(t, job.RawJSON(), "tokens")))
	assert.Len(t, sl.get(), 1, "one wait between the two polls")

	job, err = c.Scenarios.ImproveInstructions(ctx, &ImproveInstructionsRequest{AgentID: 7, ExtraInstructions: "Be impatient.", CurrentInstructions: "Ask."})
	require.NoError(t, err)
	job, err = c.Scenarios.WaitForInstructionsJob(ctx, job.ProgressID, nil)
	require.NoError(t, err, "a failed job is not an error of the wait")
	var failed *JobFailedError
	require.ErrorAs(t, job.Err(), &failed)
	assert.Equal(t, JobStatusFailed, failed.Status)
	assert.EqualError(t, job.Err(), "cekura: instructions job i-2 failed: The agent has no prompt.")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 3)
	assert.JSONEq(t, `{"name": "Refund", "personality": 3, "agent": 7, "expected_outcome_prompt": "The refund is confirmed.",
		"scenario_language": "fr", "tool_ids": ["TOOL_DTMF"], "information_fields": {"order_id": "A1"}}`, string(got[0].Body))
	assert.JSONEq(t, `{"agent": 7, "extra_instructions": "Be impatient.", "current_instructions": "Ask."}`, string(got[1].Body))
}

func jsonResponse(status int, body string) *http.Response {
	r := httpmock.NewStringResponse(status, body)
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestAnInstructionsAnswerThatHoldsTheInstructionsIsDone(t *testing.T) {
	t.Parallel()
	var j InstructionsJob
	require.NoError(t, json.Unmarshal([]byte(`{"id": 4, "name": "Refund", "instructions": "Ask for a refund."}`), &j))
	assert.True(t, j.Done(), "a scenario-shaped answer with its instructions written")
	assert.NoError(t, j.Err())
	require.NoError(t, json.Unmarshal([]byte(`{"progress_id": "p", "status": "queued", "instructions": "draft"}`), &j))
	assert.False(t, j.Done(), "a job still queued has not ended, whatever it holds")
	require.NoError(t, json.Unmarshal([]byte(`{"progress_id": "p", "status": "thinking", "instructions": "draft"}`), &j))
	assert.False(t, j.Done(), "a status the SDK does not know is not the end")
	assert.False(t, JobStatus("thinking").Valid())
	var nilJob *InstructionsJob
	assert.NoError(t, nilJob.Err())
}

func TestTranscriptJobsAndUpdateWithTranscript(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"create-from-transcript-bg/", capture(200, `{"progress_id": "t-1"}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"create-from-transcript-progress/?progress_id=t-1",
		capture(200, `{"agent_id": 7, "status": "completed", "scenario_id": 5, "error": null, "scenario": `+scenarioJSON+`}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"create-from-transcript-progress/?progress_id=t-2",
		capture(200, `{"agent_id": 7, "status": "failed", "scenario_id": null, "error": "Empty transcript.", "scenario": null}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+scenariosPath+"5/update_scenario_with_transcript/", capture(200, scenarioJSON, &got, &mu))

	transcript := []TranscriptMessage{
		{Role: MessageRoleAgent, Content: "Hello, how can I help?", StartTime: Some(0.0)},
		{Role: MessageRoleCaller, Content: "I need to reschedule.", StartTime: Some(2.1), EndTime: Some(3.0)},
		{Role: MessageRoleFunctionCall, Data: &FunctionCallData{ID: "c1", Name: "find_slot", Arguments: json.RawMessage(`{"day": "mon"}`)}},
		{Role: MessageRoleFunctionCallResult, Data: &FunctionCallData{ID: "c1", Result: json.RawMessage(`null`)}},
	}
	job, err := c.Scenarios.CreateFromTranscript(ctx, &CreateFromTranscriptRequest{Transcript: transcript, AssistantID: "asst_1",
		Name: "Reschedule", FolderPath: "Sales.Inbound"})
	require.NoError(t, err)
	assert.Equal(t, "t-1", job.ProgressID)
	job, err = c.Scenarios.WaitForTranscriptJob(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, "t-1", job.ProgressID, "filled in: the answer has no progress_id")
	assert.Equal(t, int64(5), job.ScenarioID)
	require.NotNil(t, job.Scenario)
	assert.Equal(t, "Refund", job.Scenario.Name)
	assert.NoError(t, job.Err())

	job, err = c.Scenarios.GetTranscriptJob(ctx, "t-2")
	require.NoError(t, err)
	assert.True(t, job.Done())
	assert.Nil(t, job.Scenario)
	assert.EqualError(t, job.Err(), "cekura: scenario from transcript job t-2 failed: Empty transcript.")

	sc, err := c.Scenarios.UpdateWithTranscript(ctx, 5, &UpdateScenarioWithTranscriptRequest{Transcript: transcript[:2]})
	require.NoError(t, err)
	assert.Equal(t, int64(5), sc.ID)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 4)
	assert.JSONEq(t, `{"transcript_json": [
		{"role": "Main Agent", "content": "Hello, how can I help?", "start_time": 0},
		{"role": "Testing Agent", "content": "I need to reschedule.", "start_time": 2.1, "end_time": 3},
		{"role": "Function Call", "data": {"id": "c1", "name": "find_slot", "arguments": {"day": "mon"}}},
		{"role": "Function Call Result", "data": {"id": "c1", "result": null}}],
		"assistant_id": "asst_1", "name": "Reschedule", "folder_path": "Sales.Inbound"}`, string(got[0].Body))
	assert.JSONEq(t, `{"transcript_json": [
		{"role": "Main Agent", "content": "Hello, how can I help?", "start_time": 0},
		{"role": "Testing Agent", "content": "I need to reschedule.", "start_time": 2.1, "end_time": 3}]}`, string(got[3].Body))
}

func TestScenarioAgentJobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"scenario-agent/", capture(200, `{"progress_id": "a-1", "session_id": 31}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"scenario-agent-progress/?progress_id=a-1",
		capture(200, `{"progress_id": "a-1", "session_id": 31, "mode": "improve", "status": "completed", "error": null,
		  "result": {"message": "Done.", "updated_scenarios": [{"id": 101, "instructions": "More detail."}]}}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"scenario-agent-progress/?progress_id=a-2",
		capture(200, `{"progress_id": "a-2", "session_id": null, "mode": "improve", "status": "needs_agent_clarification",
		  "result": {"scenarios_needing_agent": [101, 102], "pending_tool_calls": [{"name": "x"}]}}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"scenario-agent-progress/?progress_id=a-3",
		capture(200, `{"progress_id": "a-3", "session_id": 31, "mode": "clarify", "status": "cancelled", "result": null}`, &got, &mu))

	job, err := c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{UserMessage: "Make them more detailed", ScenarioIDs: []int64{101, 102},
		Context: []ConversationTurn{{Role: ConversationRoleUser, Content: "Add DTMF"}, {Role: ConversationRoleAssistant, Content: "Added."}}})
	require.NoError(t, err)
	assert.Equal(t, "a-1", job.ProgressID)
	assert.Equal(t, int64(31), job.SessionID)
	job, err = c.Scenarios.WaitForScenarioAgentJob(ctx, "a-1", nil)
	require.NoError(t, err)
	assert.Equal(t, ScenarioAgentModeImprove, job.Mode)
	assert.False(t, job.NeedsAnswer())
	require.NoError(t, job.Err())
	updates := job.UpdatedScenarios()
	require.Len(t, updates, 1)
	assert.JSONEq(t, `{"id": 101, "instructions": "More detail."}`, string(updates[0]))

	_, err = c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{ApplyChanges: true, UpdatedScenarios: updates, SessionID: job.SessionID, AllScenarios: true, AgentID: 7})
	require.NoError(t, err)
	_, err = c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{AgentSelections: map[string]int64{"101": 7}, ScenariosNeedingAgent: []int64{101},
		PendingToolCalls: []json.RawMessage{json.RawMessage(`{"name": "x"}`)}, NumScenarios: 2})
	require.NoError(t, err)

	job, err = c.Scenarios.GetScenarioAgentJob(ctx, "a-2")
	require.NoError(t, err)
	assert.True(t, job.Done(), "an agent that waits for an answer ends the wait")
	assert.True(t, job.NeedsAnswer())
	assert.NoError(t, job.Err())
	assert.Equal(t, []int64{101, 102}, job.ScenariosNeedingAgent())
	assert.Zero(t, job.SessionID)
	assert.Nil(t, job.UpdatedScenarios())

	job, err = c.Scenarios.GetScenarioAgentJob(ctx, "a-3")
	require.NoError(t, err)
	assert.EqualError(t, job.Err(), "cekura: scenario agent job a-3 was cancelled")
	assert.Nil(t, job.ScenariosNeedingAgent(), "a null result")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 6)
	assert.JSONEq(t, `{"user_message": "Make them more detailed", "scenarios": [101, 102],
		"context": [{"role": "user", "content": "Add DTMF"}, {"role": "assistant", "content": "Added."}]}`, string(got[0].Body))
	assert.JSONEq(t, `{"apply_changes": true, "updated_scenarios": [{"id": 101, "instructions": "More detail."}], "session_id": 31,
		"agent_id": 7, "scenarios": "all"}`, string(got[2].Body))
	assert.JSONEq(t, `{"agent_selections": {"101": 7}, "scenarios_needing_agent": [101], "pending_tool_calls": [{"name": "x"}],
		"num_scenarios": 2}`, string(got[3].Body))
}

func TestScenarioJobsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	long := strings.Repeat("n", 81)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"generate: a personality, one target, a known type, lengths", func() error {
			_, err := c.Scenarios.GenerateInstructions(ctx, &GenerateInstructionsRequest{Name: long, AgentID: 1, AssistantID: "a",
				ScenarioType: ScenarioTypeRealWorldFixed, FirstMessage: strings.Repeat("x", 1001), ScenarioLanguage: "xx", TestProfileID: -1})
			return err
		}, []FieldProblem{
			{"personality", "is required: a personality id (see Agents.ListPersonalities)"},
			{"agent", "set exactly one of agent, project and assistant_id (got 2)"},
			{"name", "is 81 characters long; at most 80 are allowed"},
			{"scenario_type", `"real_world_fixed" is not one of instruction, conditional_actions`},
			{"first_message", "is 1001 characters long; at most 1000 are allowed"},
			{"scenario_language", languageProblem("xx")},
			{"test_profile", "must be a positive test profile id, got -1"},
		}},
		{"improve: the agent and what to change", func() error {
			_, err := c.Scenarios.ImproveInstructions(ctx, &ImproveInstructionsRequest{ExtraInstructions: " "})
			return err
		}, []FieldProblem{{"extra_instructions", "is required"}, {"agent", "is required: a positive agent id, got 0"}}},
		{"instructions progress needs its id", func() error {
			_, err := c.Scenarios.GetInstructionsJob(ctx, "")
			return err
		}, []FieldProblem{{"progress_id", "is required: the id GenerateInstructions or ImproveInstructions returned"}}},
		{"transcript: messages, roles, content, times, data", func() error {
			_, err := c.Scenarios.CreateFromTranscript(ctx, &CreateFromTranscriptRequest{AgentID: 1, PersonalityID: -1, Name: long, FolderPath: "a..b",
				Transcript: []TranscriptMessage{
					{Role: "user", Content: "hi"},
					{Role: MessageRoleCaller, StartTime: Some(-1.0), EndTime: Some(math.NaN())},
					{Role: MessageRoleAgent, Content: "ok", StartTime: Some(5.0), EndTime: Some(4.0)},
					{Role: MessageRoleFunctionCall, Data: &FunctionCallData{Arguments: json.RawMessage(`{`)}},
				}})
			return err
		}, []FieldProblem{
			{"transcript_json[0].role", `"user" is not one of "Main Agent", "Testing Agent", "Function Call", "Function Call Result"`},
			{"transcript_json[1].content", "is required: the message's text (or data, for a function call)"},
			{"transcript_json[1].start_time", "is -1; want seconds from the call's start (0 or more)"},
			{"transcript_json[1].end_time", "is NaN; want seconds from the call's start (0 or more)"},
			{"transcript_json[2].end_time", "is 4, before its start_time 5"},
			{"transcript_json[3].data.arguments", "is not valid JSON (leave it nil to send nothing)"},
			{"agent", "ids are positive (agent 1, personality -1)"},
			{"name", "is 81 characters long; at most 80 are allowed"},
			{"folder_path", `"a..b" is not a folder path: names separated by single dots, such as Sales.Inbound`},
		}},
		{"transcript: required, and one agent", func() error {
			_, err := c.Scenarios.CreateFromTranscript(ctx, &CreateFromTranscriptRequest{})
			return err
		}, []FieldProblem{
			{"transcript_json", "is required: the transcript's messages"},
			{"agent", "set exactly one of agent and assistant_id"},
		}},
		{"transcript: a null time", func() error {
			_, err := c.Scenarios.CreateFromTranscript(ctx, &CreateFromTranscriptRequest{AgentID: 1,
				Transcript: []TranscriptMessage{{Role: MessageRoleCaller, Content: "hi", StartTime: Null[float64]()}}})
			return err
		}, []FieldProblem{
			{"transcript_json[0].start_time", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
		}},
		{"transcript progress needs its id", func() error {
			_, err := c.Scenarios.WaitForTranscriptJob(ctx, "", nil)
			return err
		}, []FieldProblem{{"progress_id", "is required: the id CreateFromTranscript returned"}}},
		{"update with transcript: the transcript", func() error {
			_, err := c.Scenarios.UpdateWithTranscript(ctx, 5, &UpdateScenarioWithTranscriptRequest{})
			return err
		}, []FieldProblem{{"transcript_json", "is required: the transcript's messages"}}},
		{"update with transcript: the id", func() error {
			_, err := c.Scenarios.UpdateWithTranscript(ctx, 0, &UpdateScenarioWithTranscriptRequest{})
			return err
		}, []FieldProblem{{"id", "must be a positive scenario id, got 0"}}},
		{"scenario agent: a message, one pick, ids, context, apply", func() error {
			_, err := c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{ScenarioIDs: []int64{0}, AllScenarios: true, AgentID: -1,
				Context: []ConversationTurn{{Role: "system"}}, NumScenarios: -2, KnowledgeBaseFileIDs: []int64{-4},
				UpdatedScenarios: []json.RawMessage{json.RawMessage(`[]`)}, PendingToolCalls: []json.RawMessage{json.RawMessage(`1`)},
				ScenariosNeedingAgent: []int64{0}, InboundPhoneNumberIDs: []int64{-1}})
			return err
		}, []FieldProblem{
			{"user_message", "is required: say what to create or change (unless apply_changes or agent_selections continue an earlier answer)"},
			{"scenarios", "pick scenario ids or all scenarios, not both"},
			{"scenarios", "holds 0; ids are positive"},
			{"agent_id", "must be a positive id, got -1"},
			{"context[0].role", `"system" is not one of user, assistant`},
			{"context[0].content", "is required"},
			{"num_scenarios", "is -2; at least 1 (or 0 for the API's default, 1)"},
			{"knowledge_base", "holds -4; ids are positive"},
			{"updated_scenarios[0]", "must be a JSON object"},
			{"pending_tool_calls[0]", "must be a JSON object"},
			{"scenarios_needing_agent", "holds 0; ids are positive"},
			{"inbound_phone_numbers", "holds -1; ids are positive"},
		}},
		{"scenario agent: apply needs the changes; selections are ids", func() error {
			_, err := c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{ApplyChanges: true, AgentSelections: map[string]int64{"x": 1}})
			return err
		}, []FieldProblem{
			{"updated_scenarios", "is required with apply_changes: the changes an earlier answer suggested"},
			{"agent_selections", `maps scenario ids ("101") to agent ids, both positive; got "x": 1`},
		}},
		{"scenario agent: a nil request", func() error {
			_, err := c.Scenarios.AskScenarioAgent(ctx, nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
		{"scenario agent progress needs its id", func() error {
			_, err := c.Scenarios.GetScenarioAgentJob(ctx, "")
			return err
		}, []FieldProblem{{"progress_id", "is required: the id AskScenarioAgent returned"}}},
	} {
		err := tc.call()
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestStartingAJobIsNeverRetried: every start is a POST that may have
// started work, so a 503 after sending is returned, not repeated; the
// progress GETs are retried.
func TestStartingAJobIsNeverRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	for _, p := range []string{"generate-instructions/", "improve_instructions/", "create-from-transcript-bg/", "scenario-agent/", "5/update_scenario_with_transcript/"} {
		mt.RegisterResponder("POST", testBase+scenariosPath+p, capture(503, `{"detail": "busy"}`, &got, &mu))
	}
	transcript := []TranscriptMessage{{Role: MessageRoleCaller, Content: "hi"}}
	for _, start := range []func() error{
		func() error {
			_, err := c.Scenarios.GenerateInstructions(ctx, &GenerateInstructionsRequest{PersonalityID: 1, ProjectID: 2})
			return err
		},
		func() error {
			_, err := c.Scenarios.ImproveInstructions(ctx, &ImproveInstructionsRequest{AgentID: 1, ExtraInstructions: "x"})
			return err
		},
		func() error {
			_, err := c.Scenarios.CreateFromTranscript(ctx, &CreateFromTranscriptRequest{AgentID: 1, Transcript: transcript})
			return err
		},
		func() error {
			_, err := c.Scenarios.AskScenarioAgent(ctx, &ScenarioAgentRequest{UserMessage: "x"})
			return err
		},
		func() error {
			_, err := c.Scenarios.UpdateWithTranscript(ctx, 5, &UpdateScenarioWithTranscriptRequest{Transcript: transcript})
			return err
		},
	} {
		err := start()
		require.ErrorIs(t, err, ErrServer)
		assert.True(t, MaybeApplied(err))
	}
	mu.Lock()
	assert.Len(t, got, 5, "each start was sent once")
	mu.Unlock()

	mt.RegisterResponder("GET", testBase+scenariosPath+"scenario-agent-progress/?progress_id=a-1",
		httpmock.ResponderFromMultipleResponses([]*http.Response{
			jsonResponse(503, `{"detail": "busy"}`),
			jsonResponse(200, `{"progress_id": "a-1", "session_id": 1, "mode": "clarify", "status": "completed", "result": {}}`),
		}))
	job, err := c.Scenarios.GetScenarioAgentJob(ctx, "a-1")
	require.NoError(t, err, "a GET is retried")
	assert.True(t, job.Done())
}

func TestJobStatusesAndModes(t *testing.T) {
	t.Parallel()
	for _, s := range []JobStatus{JobStatusCompleted, JobStatusFailed, JobStatusCancelled,
		JobStatusNeedsClarification, JobStatusNeedsAgentClarification} {
		assert.True(t, s.Valid(), s)
		assert.True(t, s.Terminal(), s)
	}
	assert.True(t, JobStatusInProgress.Valid())
	assert.False(t, JobStatusInProgress.Terminal())
	assert.False(t, JobStatus("").Valid())
	for _, r := range []MessageRole{MessageRoleAgent, MessageRoleCaller, MessageRoleFunctionCall, MessageRoleFunctionCallResult} {
		assert.True(t, r.Valid(), r)
	}
	assert.False(t, MessageRole("agent").Valid(), "the observability roles are not valid here")
	assert.True(t, ConversationRoleUser.Valid())
	assert.False(t, ConversationRole("system").Valid())
	assert.True(t, ScenarioAgentModeClarify.Valid())
	assert.False(t, ScenarioAgentMode("").Valid())
	err := error(&JobFailedError{Job: "scenario agent job", ProgressID: "p", Status: JobStatusFailed})
	assert.EqualError(t, err, "cekura: scenario agent job p failed")
	assert.False(t, errors.Is(err, ErrInvalidRequest))
}
