package cekuratest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPersonalitiesInTheFake: the fake's personalities, through the SDK and
// over raw HTTP: the global ones it starts with, the API's rules and
// messages, the list's filters, a fork, and the refusal to change a shared
// personality.
func TestPersonalitiesInTheFake(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()

	page, err := client.Personalities.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Results, len(personalities), "the globally available ones, the agents' list's ids")
	assert.Equal(t, "Normal Male", page.Results[0].Name)
	assert.Zero(t, page.Results[0].ProjectID+page.Results[0].OrganizationID)

	created, err := client.Personalities.Create(ctx, &cekura.CreatePersonalityRequest{Name: "Impatient caller", ProjectID: 7, Language: cekura.LanguageFrench,
		BackgroundNoise: "street", VoiceModel: "sonic-3.5", Provider: cekura.VoiceProviderCartesia, GenerationConfig: &cekura.GenerationConfig{Volume: 1.2},
		StartSpeakingPlan: cekura.Some(0.0), StopSpeakingPlan: &cekura.StopSpeakingPlan{NumWords: 2}, EndCallEnabled: cekura.Some(false),
		NetworkSimulation: json.RawMessage(`{"jitter_ms": 30}`)})
	require.NoError(t, err)
	assert.Equal(t, int64(len(personalities)+1), created.ID)
	assert.Equal(t, int64(7), created.ProjectID)
	assert.Equal(t, int64(fakeOrganization), created.OrganizationID)
	assert.Equal(t, &cekura.GenerationConfig{Volume: 1.2}, created.GenerationConfig)
	require.NotNil(t, created.StartSpeakingPlan)
	assert.Zero(t, *created.StartSpeakingPlan, "0 is stored")
	assert.Equal(t, &cekura.StopSpeakingPlan{NumWords: 2}, created.StopSpeakingPlan)
	assert.JSONEq(t, `{"jitter_ms": 30}`, string(created.NetworkSimulation))
	require.NotNil(t, created.EndCallEnabled)
	assert.False(t, *created.EndCallEnabled)

	got, err := client.Personalities.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, "Impatient caller", got.Name)

	up, err := client.Personalities.Update(ctx, created.ID, &cekura.UpdatePersonalityRequest{Prompt: cekura.Some("Calmer now."),
		StopSpeakingPlan: cekura.Null[cekura.StopSpeakingPlan](), BackgroundSoundVolume: cekura.Some(cekura.BackgroundSoundVolume{Base: 0.1, Reduced: 0.05})})
	require.NoError(t, err)
	assert.Equal(t, "Calmer now.", up.Prompt)
	assert.Nil(t, up.StopSpeakingPlan, "Null() cleared it")
	assert.Equal(t, &cekura.BackgroundSoundVolume{Base: 0.1, Reduced: 0.05}, up.BackgroundSoundVolume)
	assert.Equal(t, &cekura.GenerationConfig{Volume: 1.2}, up.GenerationConfig, "the rest is kept")

	// A global personality is shared: no change, but a fork.
	_, err = client.Personalities.Update(ctx, 1, &cekura.UpdatePersonalityRequest{Prompt: cekura.Some("mine")})
	assert.ErrorIs(t, err, cekura.ErrForbidden)
	fork, err := client.Personalities.Fork(ctx, 1, &cekura.ForkPersonalityRequest{ProjectID: 7, Prompt: "Be brief."})
	require.NoError(t, err)
	assert.Equal(t, int64(1), fork.ForkedFromID)
	assert.Equal(t, int64(7), fork.ProjectID)
	assert.Equal(t, "Be brief.", fork.Prompt)
	assert.Equal(t, "Normal Male", fork.Name, "every other setting inherited")
	_, err = client.Personalities.Update(ctx, fork.ID, &cekura.UpdatePersonalityRequest{Prompt: cekura.Some("mine")})
	require.NoError(t, err, "the fork is the project's to change")
	_, err = client.Personalities.Fork(ctx, 99, nil)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	for query, want := range map[string]int{
		"":                          len(personalities) + 2,
		"?language=fr":              2, // Calme, and the one created
		"?project_id=7":             len(personalities) + 2,
		"?project_id=8":             len(personalities), // the global ones only
		"?language=fr&project_id=8": 1,
		"?language=xx":              -1,
	} {
		assert.Equal(t, want, count(t, fake, personalitiesPath+query), query)
	}

	// The API's rules, as DRF words them, when the SDK's checks are off.
	var problems map[string][]string
	sendJSON(t, fake, http.MethodPost, personalitiesPath, map[string]any{"name": "", "language": "xx", "provider": "openai", "start_speaking_plan": -1,
		"message_plan": "often", "end_call_enabled": "maybe"}, http.StatusBadRequest, &problems)
	assert.Equal(t, map[string][]string{
		"name": {msgBlank}, "background_noise": {msgRequired}, "voice_model": {msgRequired},
		"language": {`"xx" is not a valid choice.`}, "provider": {`"openai" is not a valid choice.`},
		"start_speaking_plan": {"Enter a number of seconds, 0 or more."}, "message_plan": {`Expected a dictionary of items but got type "str".`},
		"end_call_enabled": {msgBoolean},
	}, problems)
	problems = nil
	sendJSON(t, fake, http.MethodPatch, personalitiesPath+"5/", map[string]any{"generation_config": map[string]any{"volume": 1}, "provider": "11labs"},
		http.StatusBadRequest, &problems)
	assert.Equal(t, map[string][]string{"generation_config": {"Generation config is only valid for the cartesia provider."}}, problems)
	sendJSON(t, fake, http.MethodDelete, personalitiesPath+"1/", nil, http.StatusForbidden, nil)
	require.Len(t, fake.Personalities(), len(personalities)+2)
}

// TestTestSetsInTheFake: test sets from a finished run and from a call;
// the same source twice gives the same set with the new metrics added.
func TestTestSetsInTheFake(t *testing.T) {
	fake := New(t, WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	client := fake.Client()
	ctx := context.Background()
	m1, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greeting", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeBinary, AgentIDs: []int64{1}, Prompt: "Greets?"})
	require.NoError(t, err)
	m2, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Mood", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeEnum,
		EnumValues: []string{"calm", "angry"}, AgentIDs: []int64{1}, Prompt: "Mood?"})
	require.NoError(t, err)
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "ask"})
	require.NoError(t, err)
	res, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{sc.ID}})
	require.NoError(t, err)
	runID := res.Runs[0].ID

	_, err = client.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{RunID: runID, Metrics: []cekura.TestSetMetric{{MetricID: m1.ID}}})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"The run has not completed yet."}, apiErr.FieldErrors["run_id"])

	fake.Advance(time.Hour)
	set, err := client.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{RunID: runID, Name: "Refund run",
		Metrics: []cekura.TestSetMetric{{MetricID: m1.ID, ExpectedValue: 5, Feedback: "greeted"}}})
	require.NoError(t, err)
	assert.Equal(t, cekura.TestSetSourceRun, set.SourceModel)
	assert.Equal(t, runID, set.SourceID)
	assert.Equal(t, int64(1), set.AgentID)
	assert.Equal(t, "Refund run", set.Name)
	assert.Equal(t, "00:30", set.Duration)
	var turns []cekura.RunTurn
	require.NoError(t, json.Unmarshal(set.TranscriptObject, &turns))
	assert.Len(t, turns, 2)
	require.Len(t, set.MetricReviews, 1)
	assert.Equal(t, "Greeting", set.MetricReviews[0].MetricName)
	assert.Equal(t, float64(5), set.MetricReviews[0].ExpectedValue)

	again, err := client.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{RunID: runID,
		Metrics: []cekura.TestSetMetric{{MetricID: m1.ID}, {MetricID: m2.ID, ExpectedValue: "calm"}}})
	require.NoError(t, err)
	assert.Equal(t, set.ID, again.ID, "the run's existing test set")
	require.Len(t, again.MetricReviews, 2, "the new metric added, the old one kept")
	assert.Equal(t, []string{"calm", "angry"}, again.MetricReviews[1].MetricEnumValues)

	transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Hi", StartTime: 0, EndTime: 70})
	require.NoError(t, err)
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c-1", AgentID: 1, CallEndedReason: "customer-ended-call", Transcript: transcript})
	require.NoError(t, err)
	fromCall, err := client.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{CallID: call.ID, Metrics: []cekura.TestSetMetric{{MetricID: m2.ID}}})
	require.NoError(t, err)
	assert.Equal(t, cekura.TestSetSourceCall, fromCall.SourceModel)
	assert.Equal(t, "01:10", fromCall.Duration)
	assert.Equal(t, "customer-ended-call", fromCall.CallEndReason)
	assert.Equal(t, "Call log 1", fromCall.Name, "named after its source")
	assert.Nil(t, fromCall.MetricReviews[0].ExpectedValue)
	assert.Len(t, fake.TestSets(), 2)

	var problems map[string]any
	sendJSON(t, fake, http.MethodPost, testSetsPath+"create_from_call_log/", map[string]any{"call_log_id": 99, "metrics": []any{map[string]any{"metric": 77}, map[string]any{}}},
		http.StatusBadRequest, &problems)
	assert.Equal(t, map[string]any{"call_log_id": []any{`Invalid pk "99" - object does not exist.`},
		"metrics": map[string]any{"0": map[string]any{"metric": []any{`Invalid pk "77" - object does not exist.`}}, "1": map[string]any{"metric": []any{msgRequired}}}}, problems)
	problems = nil
	sendJSON(t, fake, http.MethodPost, testSetsPath+"create_from_run/", map[string]any{"metrics": []any{}}, http.StatusBadRequest, &problems)
	assert.Equal(t, map[string]any{"run_id": []any{msgRequired}, "metrics": []any{"This list may not be empty."}}, problems)
	sendJSON(t, fake, http.MethodGet, testSetsPath+"create_from_run/", nil, http.StatusMethodNotAllowed, nil)
}

// TestPhoneNumbersAndToolsInTheFake: the inbound numbers, and the tools
// catalogue made of the agents' mock tools: shared by name in a project,
// most shared first, searched with or without c_, what an agent could
// adopt.
func TestPhoneNumbersAndToolsInTheFake(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	numbers, err := client.PhoneNumbers.ListInbound(ctx)
	require.NoError(t, err)
	require.Len(t, numbers.Results, 2)
	assert.Equal(t, "+14155550100", numbers.Results[0].Number)

	tools := func(names ...string) []cekura.MockToolWrite {
		var out []cekura.MockToolWrite
		for _, n := range names {
			out = append(out, cekura.MockToolWrite{Name: n, MockData: json.RawMessage(`[{"input": {"id": 1}, "output": {"ok": true}}]`)})
		}
		return out
	}
	for _, a := range []*cekura.CreateAgentRequest{
		{Name: "One", Description: "d", ProjectID: 7, MockTools: tools("c_lookup")},
		{Name: "Two", Description: "d", ProjectID: 7, MockTools: tools("get_order", "c_lookup")},
		{Name: "Three", Description: "d", ProjectID: 7},
		{Name: "Elsewhere", Description: "d", ProjectID: 8, MockTools: tools("get_order")},
	} {
		_, err := client.Agents.Create(ctx, a)
		require.NoError(t, err)
	}
	var names []string
	for tool, err := range client.Tools.All(ctx, &cekura.ListToolsParams{ProjectID: 7, PageSize: 1}) {
		require.NoError(t, err)
		names = append(names, tool.Name)
	}
	assert.Equal(t, []string{"c_lookup", "get_order"}, names, "most shared first, one page at a time")

	shared, err := client.Tools.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "c_lookup", shared.Name)
	assert.True(t, shared.IsShared)
	assert.Equal(t, 2, shared.SubscriberCount)
	assert.Equal(t, []map[string]any{{"id": float64(1), "name": "One"}, {"id": float64(2), "name": "Two"}}, shared.Subscribers)
	assert.Equal(t, []cekura.ToolMapping{{Input: map[string]any{"id": float64(1)}, Output: map[string]any{"ok": true}}}, shared.Information)
	assert.Contains(t, shared.MockURL, "/aiagents/1/tool/c_lookup/")

	for query, want := range map[string]int{
		"":                         3,
		"?project_id=8":            1,
		"?agent_id=1":              1, // get_order: One does not have it yet
		"?agent_id=3":              2,
		"?search=lookup":           1,
		"?search=c_LOOKUP":         1,
		"?search=c_get":            2, // get_order in both projects, with or without c_
		"?agent_id=99":             0,
		"?project_id=7&search=get": 1,
		"?project_id=x":            -1,
	} {
		assert.Equal(t, want, count(t, fake, toolsPath+query), query)
	}
	_, err = client.Tools.Get(ctx, 42)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
}
