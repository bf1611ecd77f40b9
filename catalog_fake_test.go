package cekura_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPersonalitiesAgainstTheFake runs every operation of Personalities
// against cekuratest: what is written reads back the same, and a request
// the SDK refuses is refused by the fake's rules too, under the same keys.
func TestPersonalitiesAgainstTheFake(t *testing.T) {
	fake := cekuratest.New(t)
	client := fake.Client()
	ctx := context.Background()

	req := &cekura.CreatePersonalityRequest{Name: "Impatient caller", ProjectID: 1376, Prompt: "You are in a hurry.", Language: cekura.LanguageEnglish,
		Accent: "American", BackgroundNoise: "street", VoiceModel: "sonic-3.5", Provider: cekura.VoiceProviderCartesia, VoiceID: "TX3L",
		InterruptionLevel: "high", Speed: "fast", GenerationConfig: &cekura.GenerationConfig{Volume: 1.5, Emotion: "happy"},
		NetworkSimulation: json.RawMessage(`{"packet_loss":0.05}`), MessagePlan: &cekura.MessagePlan{IdleTimeoutSeconds: 15, IdleMessageMaxSpokenCount: 2},
		StartSpeakingPlan: cekura.Some(0.7), StopSpeakingPlan: &cekura.StopSpeakingPlan{NumWords: 3, VoiceSeconds: 0.3},
		BackgroundSoundVolume: &cekura.BackgroundSoundVolume{Base: 0.05, Reduced: 0.02}, EndCallEnabled: cekura.Some(false)}
	created, err := client.Personalities.Create(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, req.Name, created.Name)
	assert.Equal(t, req.GenerationConfig, created.GenerationConfig, "read back as written")
	assert.Equal(t, req.MessagePlan, created.MessagePlan)
	assert.Equal(t, req.StopSpeakingPlan, created.StopSpeakingPlan)
	assert.Equal(t, req.BackgroundSoundVolume, created.BackgroundSoundVolume)
	assert.JSONEq(t, string(req.NetworkSimulation), string(created.NetworkSimulation))
	assert.Equal(t, 0.7, *created.StartSpeakingPlan)
	assert.Equal(t, "high", created.InterruptionLevel)

	got, err := client.Personalities.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.VoiceID, got.VoiceID)

	page, err := client.Personalities.List(ctx, &cekura.ListPersonalitiesParams{Language: cekura.LanguageEnglish, ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, 4, page.Count, "three global English ones and ours")
	n := 0
	for _, err := range client.Personalities.All(ctx, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 5, n)

	updated, err := client.Personalities.Update(ctx, created.ID, &cekura.UpdatePersonalityRequest{Prompt: cekura.Some("Calmer."),
		BackgroundSoundVolume: cekura.Null[cekura.BackgroundSoundVolume](), StartSpeakingPlan: cekura.Some(0.0)})
	require.NoError(t, err)
	assert.Equal(t, "Calmer.", updated.Prompt)
	assert.Nil(t, updated.BackgroundSoundVolume)
	assert.Zero(t, *updated.StartSpeakingPlan)

	_, err = client.Personalities.Update(ctx, 1, &cekura.UpdatePersonalityRequest{Prompt: cekura.Some("mine")})
	assert.ErrorIs(t, err, cekura.ErrForbidden, "a global personality is shared")
	fork, err := client.Personalities.Fork(ctx, 1, &cekura.ForkPersonalityRequest{ProjectID: 1376, Prompt: "mine"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), fork.ForkedFromID)
	assert.Equal(t, "mine", fork.Prompt)

	// Refused before sending, and by the fake when sent anyway: the same
	// fields.
	sent := len(fake.Requests())
	bad := &cekura.CreatePersonalityRequest{Name: " ", Language: "xx", Provider: "openai"}
	_, err = client.Personalities.Create(ctx, bad)
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	var fields []string
	for _, p := range invalid.Problems {
		fields = append(fields, p.Field)
	}
	_, err = client.Personalities.Create(ctx, bad, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, f := range fields {
		assert.Contains(t, apiErr.FieldErrors, f)
	}
	assert.Len(t, apiErr.FieldErrors, len(fields))
}

// TestTestSetsPhoneNumbersAndToolsAgainstTheFake runs the other catalogue
// operations against cekuratest.
func TestTestSetsPhoneNumbersAndToolsAgainstTheFake(t *testing.T) {
	fake := cekuratest.New(t, cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376,
		MockTools: []cekura.MockToolWrite{{Name: "get_order", MockData: json.RawMessage(`[{"input": {"order_id": "A1"}, "output": {"status": "shipped"}}]`)}}}))
	client := fake.Client()
	ctx := context.Background()

	metric, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greeting", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeBinary,
		AgentIDs: []int64{1}, Prompt: "Did the agent greet?"})
	require.NoError(t, err)
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "ask"})
	require.NoError(t, err)
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{sc.ID}})
	require.NoError(t, err)
	_, err = client.Results.Wait(ctx, started.ID, &cekura.WaitParams[cekura.Result]{PollInterval: time.Second})
	require.NoError(t, err)

	set, err := client.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{RunID: started.Runs[0].ID, ProjectID: 1376,
		Metrics: []cekura.TestSetMetric{{MetricID: metric.ID, ExpectedValue: 5}}})
	require.NoError(t, err)
	assert.Equal(t, started.Runs[0].ID, set.SourceID)
	require.Len(t, set.MetricReviews, 1)
	assert.Equal(t, metric.ID, set.MetricReviews[0].MetricID)

	transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Hi", EndTime: 2})
	require.NoError(t, err)
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c-1", AgentID: 1, Transcript: transcript})
	require.NoError(t, err)
	fromCall, err := client.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{CallID: call.ID, Name: "A real call",
		Metrics: []cekura.TestSetMetric{{MetricID: metric.ID, Feedback: "check the greeting"}}})
	require.NoError(t, err)
	assert.Equal(t, "A real call", fromCall.Name)
	var turns []cekura.Turn
	require.NoError(t, json.Unmarshal(fromCall.TranscriptObject, &turns))
	assert.Equal(t, "Hi", turns[0].Content)

	_, err = client.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{CallID: call.ID})
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid, "no metric: refused before sending")
	_, err = client.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{CallID: call.ID}, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "metrics", "the fake refuses it under the same key")

	numbers, err := client.PhoneNumbers.ListInbound(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, numbers.Results)

	tools, err := client.Tools.List(ctx, &cekura.ListToolsParams{ProjectID: 1376, Search: "c_get_order"})
	require.NoError(t, err)
	require.Len(t, tools.Results, 1)
	tool, err := client.Tools.Get(ctx, tools.Results[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "get_order", tool.Name)
	assert.Equal(t, 1, tool.SubscriberCount)
	assert.Equal(t, "shipped", tool.Information[0].Output.(map[string]any)["status"])
}
