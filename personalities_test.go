package cekura

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// personalityJSON is a personality as the description's text shows one:
// the voice-layer settings as JSON objects and numbers, though the schema
// types them as strings.
const personalityJSON = `{"id": 42, "project": 1376, "name": "Impatient caller", "prompt": "You are in a hurry.",
  "language": "en", "accent": "American", "background_noise": "street", "voice_model": "sonic-3.5", "voice_id": "TX3LPaxmHKxFdv7VOQHJ",
  "interruption_level": "high", "speed": "fast", "generation_config": {"volume": 1.5, "emotion": "happy"},
  "network_simulation": {"packet_loss": 0.05}, "message_plan": {"idle_timeout_seconds": 15, "idle_message_max_spoken_count": 2},
  "start_speaking_plan": 0.7, "stop_speaking_plan": {"num_words": 3, "voice_seconds": 0.3, "backoff_seconds": 0},
  "background_sound_volume": {"base": 0.05, "reduced": 0.02}, "patronus_settings": null, "provider_agent_id": "assistant_123",
  "end_call_enabled": false, "provider": "cartesia"}`

// TestPersonalitiesOverHTTP drives every operation through httpmock: the
// method, path, query and body sent, and the answer decoded.
func TestPersonalitiesOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+personalitiesPath+"?language=en&project_id=1376", capture(200,
		`[`+personalityJSON+`, {"id": 1, "name": "Normal Male", "background_noise": "none", "voice_model": "standard", "forked_from": null, "organization": null}]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+personalitiesPath+"42/", capture(200, personalityJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+personalitiesPath, capture(201, personalityJSON, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+personalitiesPath+"42/", capture(200, personalityJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+personalitiesPath+"1/fork/", capture(200, `{"id": 43, "name": "Normal Male", "project": 1376,
		"background_noise": "none", "voice_model": "standard", "prompt": "Be brief."}`, &got, &mu))

	page, err := c.Personalities.List(ctx, &ListPersonalitiesParams{Language: LanguageEnglish, ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count, "a bare array reads as one page")
	assert.Empty(t, page.Next)
	p := page.Results[0]
	assert.Equal(t, int64(42), p.ID)
	assert.Equal(t, int64(1376), p.ProjectID)
	assert.Equal(t, VoiceProviderCartesia, p.Provider)
	assert.Equal(t, &GenerationConfig{Volume: 1.5, Emotion: "happy"}, p.GenerationConfig)
	assert.Equal(t, &MessagePlan{IdleTimeoutSeconds: 15, IdleMessageMaxSpokenCount: 2}, p.MessagePlan)
	require.NotNil(t, p.StartSpeakingPlan)
	assert.Equal(t, 0.7, *p.StartSpeakingPlan)
	assert.Equal(t, &StopSpeakingPlan{NumWords: 3, VoiceSeconds: 0.3}, p.StopSpeakingPlan)
	assert.Equal(t, &BackgroundSoundVolume{Base: 0.05, Reduced: 0.02}, p.BackgroundSoundVolume)
	assert.JSONEq(t, `{"packet_loss": 0.05}`, string(p.NetworkSimulation))
	assert.Equal(t, "TX3LPaxmHKxFdv7VOQHJ", p.VoiceID)
	assert.Equal(t, "assistant_123", p.ProviderAgentID)
	require.NotNil(t, p.EndCallEnabled)
	assert.False(t, *p.EndCallEnabled)
	global := page.Results[1]
	assert.Zero(t, global.ProjectID+global.OrganizationID+global.ForkedFromID, "a global personality: no owner, null reads as 0")
	assert.Nil(t, global.EndCallEnabled)
	var walked []int64
	for p, err := range c.Personalities.All(ctx, &ListPersonalitiesParams{Language: LanguageEnglish, ProjectID: 1376}) {
		require.NoError(t, err)
		walked = append(walked, p.ID)
	}
	assert.Equal(t, []int64{42, 1}, walked)

	p, err = c.Personalities.Get(ctx, 42)
	require.NoError(t, err)
	assert.JSONEq(t, personalityJSON, string(p.RawJSON()))

	_, err = c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: "Impatient caller", ProjectID: 1376, Prompt: "You are in a hurry.",
		Language: LanguageEnglish, BackgroundNoise: "street", VoiceModel: "sonic-3.5", Provider: VoiceProviderCartesia,
		GenerationConfig: &GenerationConfig{Volume: 1.5, Emotion: "happy"}, StartSpeakingPlan: Some(0.0),
		StopSpeakingPlan: &StopSpeakingPlan{NumWords: 3, VoiceSeconds: 0.3}, EndCallEnabled: Some(false),
		NetworkSimulation: json.RawMessage(`{"packet_loss": 0.05}`)})
	require.NoError(t, err)
	_, err = c.Personalities.Update(ctx, 42, &UpdatePersonalityRequest{Prompt: Some("Be brief."), StopSpeakingPlan: Null[StopSpeakingPlan](),
		BackgroundSoundVolume: Some(BackgroundSoundVolume{Base: 0.1}), MessagePlan: Some(MessagePlan{IdleTimeoutSeconds: 10})})
	require.NoError(t, err)
	fork, err := c.Personalities.Fork(ctx, 1, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(43), fork.ID)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 6)
	assert.Equal(t, testBase+personalitiesPath+"?language=en&project_id=1376", got[0].URL)
	assert.JSONEq(t, `{"name": "Impatient caller", "project": 1376, "prompt": "You are in a hurry.", "language": "en",
		"background_noise": "street", "voice_model": "sonic-3.5", "provider": "cartesia", "generation_config": {"volume": 1.5, "emotion": "happy"},
		"network_simulation": {"packet_loss": 0.05}, "start_speaking_plan": 0, "stop_speaking_plan": {"num_words": 3, "voice_seconds": 0.3, "backoff_seconds": 0},
		"end_call_enabled": false}`, string(got[3].Body), "Some(0) and Some(false) are sent; a plan is sent whole")
	assert.JSONEq(t, `{"prompt": "Be brief.", "stop_speaking_plan": null, "background_sound_volume": {"base": 0.1, "reduced": 0},
		"message_plan": {"idle_timeout_seconds": 10}}`, string(got[4].Body), "Null() clears a plan")
	assert.Equal(t, "POST", got[5].Method)
	assert.JSONEq(t, `{}`, string(got[5].Body), "a nil fork request sends an empty object")
}

// TestPersonalitiesAreNotRetriedOnceSent: Create and Fork are POSTs, which
// could make a second personality; a 502 after sending is returned, not
// repeated. Update (PATCH) likewise.
func TestPersonalitiesAreNotRetriedOnceSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+personalitiesPath, httpmock.NewStringResponder(502, `bad gateway`))
	mt.RegisterResponder("POST", testBase+personalitiesPath+"1/fork/", httpmock.NewStringResponder(502, `bad gateway`))
	_, err := c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: "n", BackgroundNoise: "none", VoiceModel: "standard"})
	assert.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	_, err = c.Personalities.Fork(ctx, 1, &ForkPersonalityRequest{ProjectID: 7})
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "each sent once")
}

// TestPersonalityRequestsAreCheckedBeforeSending: every problem of a
// request at once, keyed by its JSON field, and nothing sent.
func TestPersonalityRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a create without what the API requires", func() error {
			_, err := c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: " "})
			return err
		}, []FieldProblem{
			{"name", "is required"},
			{"background_noise", "is required"},
			{"voice_model", "is required"},
		}},
		{"a create out of every range", func() error {
			_, err := c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: strings.Repeat("é", 256), ProjectID: -1, Language: "xx",
				Accent: strings.Repeat("a", 300), BackgroundNoise: "none", VoiceModel: "standard", Provider: VoiceProviderElevenLabs,
				GenerationConfig: &GenerationConfig{Volume: -1}, NetworkSimulation: json.RawMessage(`[1]`),
				MessagePlan: &MessagePlan{IdleTimeoutSeconds: -5, IdleMessageMaxSpokenCount: -1}, StartSpeakingPlan: Some(-0.5),
				StopSpeakingPlan:      &StopSpeakingPlan{NumWords: -1, VoiceSeconds: math.NaN(), BackoffSeconds: -1},
				BackgroundSoundVolume: &BackgroundSoundVolume{Base: 1.5, Reduced: math.Inf(1)}})
			return err
		}, []FieldProblem{
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"accent", "is 300 characters long; at most 255 are allowed"},
			{"project", "must be a positive id, got -1"},
			{"language", languageProblem("xx")},
			{"generation_config", "goes with provider cartesia only (its sonic voice model), not 11labs"},
			{"generation_config.volume", "is -1; 0 or more"},
			{"network_simulation", "must be a JSON object"},
			{"message_plan.idle_timeout_seconds", "is -5; a positive number of seconds (0 leaves it to the API)"},
			{"message_plan.idle_message_max_spoken_count", "is -1; a positive count (0 leaves it to the API)"},
			{"start_speaking_plan", "is -0.5; 0 or more seconds"},
			{"stop_speaking_plan.num_words", "is -1; 0 or more words"},
			{"stop_speaking_plan.voice_seconds", "must be a finite number"},
			{"stop_speaking_plan.backoff_seconds", "is -1; 0 or more seconds"},
			{"background_sound_volume.base", "is 1.5; a volume from 0.0 to 1.0"},
			{"background_sound_volume.reduced", "must be a finite number"},
		}},
		{"an unknown voice provider", func() error {
			_, err := c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: "n", BackgroundNoise: "none", VoiceModel: "standard", Provider: "openai"})
			return err
		}, []FieldProblem{{"provider", `"openai" is not one of 11labs, cartesia`}}},
		{"an update that sets nothing", func() error {
			_, err := c.Personalities.Update(ctx, 5, &UpdatePersonalityRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update that blanks what is required, and nulls what takes no null", func() error {
			_, err := c.Personalities.Update(ctx, 5, &UpdatePersonalityRequest{Name: Some(""), BackgroundNoise: Some(" "), VoiceModel: Some(""),
				ProjectID: Some[int64](0), Language: Some[Language](""), Prompt: Null[string](), GenerationConfig: Some(GenerationConfig{Volume: 2}),
				Provider: Some(VoiceProviderElevenLabs), NetworkSimulation: Some[json.RawMessage](nil), StartSpeakingPlan: Some(math.Inf(-1)),
				StopSpeakingPlan: Some(StopSpeakingPlan{NumWords: -2}), BackgroundSoundVolume: Some(BackgroundSoundVolume{Reduced: -0.1}),
				MessagePlan: Some(MessagePlan{IdleTimeoutSeconds: -1})})
			return err
		}, []FieldProblem{
			{"prompt", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"name", "must not be blank"},
			{"background_noise", "must not be blank"},
			{"voice_model", "must not be blank"},
			{"project", "must be a positive id, got 0"},
			{"language", languageProblem("")},
			{"generation_config", "goes with provider cartesia only (its sonic voice model), not 11labs"},
			{"network_simulation", "must be a JSON object"},
			{"message_plan.idle_timeout_seconds", "is -1; a positive number of seconds (0 leaves it to the API)"},
			{"start_speaking_plan", "must be a finite number"},
			{"stop_speaking_plan.num_words", "is -2; 0 or more words"},
			{"background_sound_volume.reduced", "is -0.1; a volume from 0.0 to 1.0"},
		}},
		{"an update to no provider", func() error {
			_, err := c.Personalities.Update(ctx, 5, &UpdatePersonalityRequest{Provider: Some[VoiceProvider]("")})
			return err
		}, []FieldProblem{{"provider", "must be one of 11labs, cartesia; leave it unset to keep the provider"}}},
		{"a fork into a negative project", func() error {
			_, err := c.Personalities.Fork(ctx, 1, &ForkPersonalityRequest{ProjectID: -3})
			return err
		}, []FieldProblem{{"project_id", "must be a positive id, got -3"}}},
		{"a fork of no personality", func() error {
			_, err := c.Personalities.Fork(ctx, 0, nil)
			return err
		}, []FieldProblem{{"id", "must be a positive personality id, got 0"}}},
		{"a list in an unknown language, of a negative project", func() error {
			for _, err := range c.Personalities.All(ctx, &ListPersonalitiesParams{Language: "klingon", ProjectID: -1}) {
				return err
			}
			return nil
		}, []FieldProblem{{"language", languageProblem("klingon")}, {"project_id", "must be a positive id, got -1"}}},
		{"a get of no personality", func() error {
			_, err := c.Personalities.Get(ctx, -1)
			return err
		}, []FieldProblem{{"id", "must be a positive personality id, got -1"}}},
		{"a nil create", func() error {
			_, err := c.Personalities.Create(ctx, nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
			assert.False(t, MaybeApplied(err))
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")

	// WithoutClientValidation sends what was built: the API judges it.
	mt.RegisterResponder("POST", testBase+personalitiesPath, httpmock.NewStringResponder(400, `{"voice_model": ["This field is required."]}`))
	_, err := c.Personalities.Create(ctx, &CreatePersonalityRequest{Name: "n"}, WithoutClientValidation())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"This field is required."}, apiErr.FieldErrors["voice_model"])
}

// TestPersonalityDecodesTheSchemaShapesToo: the description types the
// voice-layer settings as strings; a string where the SDK reads an object
// or a number leaves that field unset (RawJSON keeps it), and never fails
// the personality.
func TestPersonalityDecodesTheSchemaShapesToo(t *testing.T) {
	t.Parallel()
	var p Personality
	require.NoError(t, json.Unmarshal([]byte(`{"id": 7, "name": "n", "generation_config": "{\"volume\": 1}", "start_speaking_plan": "0.7",
		"stop_speaking_plan": null, "background_sound_volume": "x", "call_service_provider": "vapi", "is_starred": true, "speed": "1.2"}`), &p))
	assert.Equal(t, int64(7), p.ID)
	assert.Nil(t, p.GenerationConfig)
	assert.Nil(t, p.StartSpeakingPlan)
	assert.Nil(t, p.StopSpeakingPlan)
	assert.Nil(t, p.BackgroundSoundVolume)
	assert.Equal(t, CallServiceProviderVapi, p.CallServiceProvider)
	assert.True(t, p.CallServiceProvider.Valid())
	assert.True(t, p.IsStarred)
	assert.Equal(t, "1.2", p.Speed)
	assert.Contains(t, string(p.RawJSON()), `"start_speaking_plan": "0.7"`)
	assert.False(t, CallServiceProvider("twilio").Valid())
	assert.False(t, VoiceProvider("openai").Valid())
	assert.True(t, VoiceProvider("").Valid())
}
