package cekura

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const scenarioJSON = `{"id": 5, "name": "Refund", "agent": 7, "personality": 1, "scenario_type": "instruction",
  "instructions": "ask", "tags": ["smoke"], "metrics": [118], "folder_path": "Sales.Inbound", "max_duration": 300,
  "created_at": "2026-06-01T10:00:00Z", "brand_new_field": {"x": 1}}`

func TestScenarioCRUDRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+scenariosPath+"5/", capture(200, scenarioJSON, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+scenariosPath+"5/", capture(200, scenarioJSON, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+scenariosPath+"5/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("GET", testBase+scenariosPath+"?agent_id=7&folder_path=&tag_filter_type=and&tags=smoke%2Cbilling",
		capture(200, `{"count": 1, "next": null, "results": [`+scenarioJSON+`]}`, &got, &mu))

	sc, err := c.Scenarios.Get(ctx, 5)
	require.NoError(t, err)
	assert.Equal(t, "Refund", sc.Name)
	assert.Equal(t, int64(7), sc.AgentID)
	assert.Equal(t, ScenarioTypeInstruction, sc.ScenarioType)
	assert.Equal(t, []int64{118}, sc.MetricIDs)
	assert.Equal(t, int64(300), sc.MaxDuration)
	assert.JSONEq(t, `{"x": 1}`, string(gjson(t, sc.RawJSON(), "brand_new_field")), "an unknown field stays reachable")

	_, err = c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{
		Name: Some("Refund v2"), AgentID: Null[int64](), FolderPath: Null[string](), Tags: Some([]string{}),
	})
	require.NoError(t, err)

	require.NoError(t, c.Scenarios.Delete(ctx, 5))

	p, err := c.Scenarios.List(ctx, &ListScenariosParams{AgentID: 7, Tags: []string{"smoke", "billing"}, TagFilter: TagFilterAnd, FolderPath: Some("")})
	require.NoError(t, err)
	require.Len(t, p.Results, 1)
	assert.Equal(t, int64(5), p.Results[0].ID)

	var names []string
	for s, err := range c.Scenarios.All(ctx, &ListScenariosParams{AgentID: 7, Tags: []string{"smoke", "billing"}, TagFilter: TagFilterAnd, FolderPath: Some("")}) {
		require.NoError(t, err)
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{"Refund"}, names)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 5)
	assert.Equal(t, "PATCH", got[1].Method)
	assert.JSONEq(t, `{"name": "Refund v2", "agent": null, "folder_path": null, "tags": []}`, string(got[1].Body),
		"only what is set; Null as null where the API takes it")
	assert.Equal(t, "DELETE", got[2].Method)
}

// gjson returns one key of a JSON object.
func gjson(t *testing.T, obj []byte, key string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(obj, &m))
	return m[key]
}

func TestScenarioRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"create: conditional actions need their type, and not instructions too", func() error {
			_, err := c.Scenarios.Create(ctx, &CreateScenarioRequest{Name: "n", PersonalityID: 1, AgentID: 7,
				Instructions: "ask", ConditionalActions: json.RawMessage(`{"steps": []}`)})
			return err
		}, []FieldProblem{
			{"conditional_actions", "set either instructions or conditional_actions, not both"},
			{"scenario_type", "must be conditional_actions to send conditional_actions"},
		}},
		{"create: conditional actions are an object; a type only the API makes", func() error {
			_, err := c.Scenarios.Create(ctx, &CreateScenarioRequest{Name: "n", PersonalityID: 1, AssistantID: "asst",
				ScenarioType: ScenarioTypeRealWorldSmart, ConditionalActions: json.RawMessage(`[1]`)})
			return err
		}, []FieldProblem{
			{"scenario_type", `"real_world_smart" is not accepted; use instruction or conditional_actions`},
			{"conditional_actions", "must be a JSON object"},
		}},
		{"update: an empty name, instructions with conditional actions, a bad metric id", func() error {
			_, err := c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{Name: Some(""), ScenarioType: Some(ScenarioTypeInstruction),
				ConditionalActions: json.RawMessage(`{}`), MetricIDs: Some([]int64{3, 0})})
			return err
		}, []FieldProblem{
			{"name", "must not be empty"},
			{"scenario_type", "must be conditional_actions to send conditional_actions"},
			{"metrics", "holds 0; ids are positive"},
		}},
		{"update: null where the API refuses it", func() error {
			_, err := c.Scenarios.Update(ctx, 5, &UpdateScenarioRequest{PersonalityID: Null[int64]()})
			return err
		}, []FieldProblem{
			{"personality", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
		}},
		{"list: page and tag filter", func() error {
			_, err := c.Scenarios.List(ctx, &ListScenariosParams{Page: -1, TagFilter: "xor"})
			return err
		}, []FieldProblem{
			{"page", "must be 1 or more (or 0 for the first page), got -1"},
			{"tag_filter_type", `"xor" is not one of or, and, not`},
		}},
		{"generate: one target, a count, a kind that goes with its attack", func() error {
			_, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 7, AssistantID: "asst", NumScenarios: 101,
				AttackType: AttackTypeDataLeak, SimulationType: ScenarioTypeRealWorldFixed})
			return err
		}, []FieldProblem{
			{"agent_id", "set exactly one of agent_id and assistant_id"},
			{"num_scenarios", "is 101; the API writes 1 to 100 at a time"},
			{"attack_type", "goes with a red teaming kind only"},
			{"simulation_type", `"real_world_fixed" is not one of instruction, conditional_actions`},
		}},
		{"generate: red teaming needs a known attack", func() error {
			_, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 7, NumScenarios: 1, Kind: GenerationKindRedTeamingVoice})
			return err
		}, []FieldProblem{{"attack_type", "is required for red_teaming_voice"}}},
		{"generate: unknown kind and attack, a first message too long", func() error {
			long := make([]byte, 1001)
			for i := range long {
				long[i] = 'a'
			}
			_, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AgentID: 7, NumScenarios: 1, Kind: "chaos",
				AttackType: "phishing", FirstMessage: string(long)})
			return err
		}, []FieldProblem{
			{"scenario_type", `"chaos" is not one of workflow, red_teaming_voice, red_teaming_text`},
			{"attack_type", `"phishing" is not one of system_prompt_leak, data_leak, harmful_content, biased_output, unauthorized_actions, off_task`},
			{"first_message", "is 1001 characters long; at most 1000 are allowed"},
		}},
		{"bulk update: max duration in range", func() error {
			return c.Scenarios.BulkUpdate(ctx, &BulkUpdateScenariosRequest{ScenarioIDs: []int64{1}, ProjectID: 3, MaxDuration: 5})
		}, []FieldProblem{{"max_duration", "is 5; the API accepts 10 to 3600 seconds"}}},
		{"generation progress needs its id", func() error {
			_, err := c.Scenarios.GetGeneration(ctx, "")
			return err
		}, []FieldProblem{{"progress_id", "is required: the id Generate returned"}}},
	} {
		err := tc.call()
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestGenerateAndItsProgress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"generate-bg/", capture(200, `{"progress_id": "g-1"}`, &got, &mu))
	// The progress answer leaves its id out: GetGeneration fills it in.
	mt.RegisterResponder("GET", testBase+scenariosPath+"generate-progress/?progress_id=g-1",
		capture(200, `{"total_scenarios": 2, "completed_scenarios": 1, "failed_scenarios": 1, "scenarios_list": [`+scenarioJSON+`]}`, &got, &mu))

	g, err := c.Scenarios.Generate(ctx, &GenerateScenariosRequest{AssistantID: "asst_1", NumScenarios: 2,
		Kind: GenerationKindRedTeamingText, AttackType: AttackTypeOffTask, SimulationType: ScenarioTypeConditionalActions})
	require.NoError(t, err)
	assert.Equal(t, "g-1", g.ProgressID)
	assert.False(t, g.Done(), "Generate's answer counts nothing yet")

	g, err = c.Scenarios.WaitForGeneration(ctx, "g-1", nil)
	require.NoError(t, err, "a generation with failures is not an error of the wait")
	assert.Equal(t, "g-1", g.ProgressID)
	assert.True(t, g.Done())
	require.Len(t, g.Scenarios, 1)
	assert.Equal(t, "Refund", g.Scenarios[0].Name)
	assert.EqualError(t, g.Err(), "cekura: scenario generation g-1: 1 of 2 scenarios failed")
	assert.Empty(t, sl.get(), "done at the first poll: no wait")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 2)
	assert.JSONEq(t, `{"assistant_id": "asst_1", "num_scenarios": 2, "scenario_type": "red_teaming_text",
	  "attack_type": "off_task", "simulation_type": "conditional_actions"}`, string(got[0].Body))
}

func TestScenarioTypeValid(t *testing.T) {
	t.Parallel()
	for _, st := range []ScenarioType{ScenarioTypeInstruction, ScenarioTypeConditionalActions, ScenarioTypeRealWorldSmart, ScenarioTypeRealWorldFixed} {
		assert.True(t, st.Valid(), st)
	}
	assert.False(t, ScenarioType("").Valid(), "a scenario always has a type")
	assert.False(t, ScenarioType("Instruction").Valid())
}
