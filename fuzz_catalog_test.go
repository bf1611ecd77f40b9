package cekura

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValidatePersonality builds personalities from arbitrary values:
// validation never panics, refuses with every problem keyed by a field of
// the request, accepts only what the API's ranges allow (a name of 1 to 255
// characters, the required voice fields, seconds and counts not negative, a
// volume from 0 to 1, finite numbers), and what it accepts encodes as
// encoding/json.
func FuzzValidatePersonality(f *testing.F) {
	f.Add("Impatient caller", "street", "sonic-3.5", "cartesia", "en", 3, 0.7, 0.3, 0.05, 1.5, 15, int64(7))
	f.Add(" ", "", "", "openai", "xx", -1, -0.1, math.NaN(), 1.5, -1.0, -5, int64(-1))
	f.Add(strings.Repeat("é", 256), "none", "m", "11labs", "", 0, math.Inf(1), 0.0, 0.0, 0.0, 0, int64(0))
	f.Fuzz(func(t *testing.T, name, noise, model, provider, lang string, words int, start, voice, volume, gen float64, idle int, project int64) {
		create := &CreatePersonalityRequest{Name: name, BackgroundNoise: noise, VoiceModel: model, Provider: VoiceProvider(provider),
			Language: Language(lang), ProjectID: project, StartSpeakingPlan: Some(start), GenerationConfig: &GenerationConfig{Volume: gen},
			StopSpeakingPlan: &StopSpeakingPlan{NumWords: words, VoiceSeconds: voice}, BackgroundSoundVolume: &BackgroundSoundVolume{Base: volume},
			MessagePlan: &MessagePlan{IdleTimeoutSeconds: idle}}
		keys := []string{"name", "background_noise", "voice_model", "provider", "language", "project", "start_speaking_plan", "generation_config",
			"generation_config.volume", "stop_speaking_plan.num_words", "stop_speaking_plan.voice_seconds", "background_sound_volume.base",
			"message_plan.idle_timeout_seconds", "request"}
		bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }
		if checkRefusalOrEncoding(t, create, false, keys...) {
			if strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > 255 || strings.TrimSpace(noise) == "" || strings.TrimSpace(model) == "" ||
				provider != "cartesia" && provider != "" || !Language(lang).Valid() && lang != "" || project < 0 || words < 0 || idle < 0 ||
				bad(start) || bad(voice) || bad(gen) || bad(volume) || volume > 1 {
				t.Fatalf("accepted %+v", create)
			}
		}
		update := &UpdatePersonalityRequest{Name: Some(name), BackgroundNoise: Some(noise), Provider: Some(VoiceProvider(provider)),
			StartSpeakingPlan: Some(start), StopSpeakingPlan: Some(StopSpeakingPlan{NumWords: words, BackoffSeconds: voice}),
			BackgroundSoundVolume: Some(BackgroundSoundVolume{Reduced: volume}), ProjectID: Some(project)}
		if idle%2 == 0 {
			update.StopSpeakingPlan, update.BackgroundSoundVolume = Null[StopSpeakingPlan](), Null[BackgroundSoundVolume]()
		}
		keys = append(keys, "stop_speaking_plan.backoff_seconds", "background_sound_volume.reduced")
		if checkRefusalOrEncoding(t, update, true, keys...) && (strings.TrimSpace(name) == "" || project <= 0 || bad(start)) {
			t.Fatalf("accepted %+v", update)
		}
		fork := &ForkPersonalityRequest{ProjectID: project, Prompt: name}
		if checkRefusalOrEncoding(t, fork, false, "project_id", "request") && project < 0 {
			t.Fatalf("accepted %+v", fork)
		}
	})
}

// FuzzValidateTestSet builds test set requests from arbitrary values:
// never a panic, every problem keyed by a field, a source and at least one
// metric required, and what is accepted encodes as encoding/json.
func FuzzValidateTestSet(f *testing.F) {
	f.Add(int64(902), int64(0), "Refund", int64(118), "great", "5")
	f.Add(int64(0), int64(-1), strings.Repeat("x", 256), int64(0), "", "")
	f.Add(int64(-5), int64(7), "", int64(-1), "n", `{"a": [1]}`)
	f.Fuzz(func(t *testing.T, source, project int64, name string, metric int64, feedback, expected string) {
		metrics := []TestSetMetric{{MetricID: metric, Feedback: feedback}}
		var v any
		if json.Unmarshal([]byte(expected), &v) == nil {
			metrics[0].ExpectedValue = v
		}
		if feedback == "" {
			metrics = nil
		}
		keys := []string{"run_id", "call_log_id", "project", "name", "metrics", "metrics[0].metric", "request"}
		accepted := func() bool {
			return source > 0 && project >= 0 && utf8.RuneCountInString(name) <= 255 && len(metrics) == 1 && metric > 0
		}
		if checkRefusalOrEncoding(t, &CreateTestSetFromRunRequest{RunID: source, ProjectID: project, Name: name, Metrics: metrics}, false, keys...) != accepted() {
			t.Fatalf("run %d project %d name %q metrics %+v: accepted is %v", source, project, name, metrics, accepted())
		}
		if checkRefusalOrEncoding(t, &CreateTestSetFromCallRequest{CallID: source, ProjectID: project, Name: name, Metrics: metrics}, false, keys...) != accepted() {
			t.Fatalf("call %d project %d name %q metrics %+v: accepted is %v", source, project, name, metrics, accepted())
		}
	})
}

// FuzzDecodeCatalog decodes arbitrary bodies as a personality, a test set
// and a tool: never a panic, invalid JSON refused, every object decoded,
// and a count or source id sent as a string holding a number read as that
// number.
func FuzzDecodeCatalog(f *testing.F) {
	f.Add([]byte(personalityJSON))
	f.Add([]byte(testSetJSON))
	f.Add([]byte(toolJSON))
	f.Add([]byte(`{"start_speaking_plan": "0.7", "stop_speaking_plan": [1], "subscriber_count": " 12 ", "source_id": "x", "metric_reviews": [null, {"explanation": 3}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p Personality
		var s TestSet
		var tool Tool
		errs := []error{decodeInto(bytes.Clone(body), &p), decodeInto(bytes.Clone(body), &s), decodeInto(bytes.Clone(body), &tool)}
		for _, err := range errs {
			if !json.Valid(body) {
				if err == nil {
					t.Fatalf("accepted invalid JSON %q", body)
				}
				continue
			}
			if isJSONObject(body) && err != nil {
				t.Fatalf("refused a JSON object %q: %v", body, err)
			}
		}
		var wire struct {
			SubscriberCount any `json:"subscriber_count"`
		}
		if isJSONObject(body) && json.Unmarshal(body, &wire) == nil {
			if n, ok := wire.SubscriberCount.(float64); ok && n == math.Trunc(n) && math.Abs(n) < 1<<31 && tool.SubscriberCount != int(n) {
				t.Fatalf("subscriber_count %v read as %d", n, tool.SubscriberCount)
			}
		}
	})
}
