package cekura

import (
	"context"
	"encoding/json"
	"iter"
	"math"
	"net/http"
	"strings"
	"unicode/utf8"
)

// personalitiesPath is the personalities collection. Cekura documents the
// personalities on v1 only (the description has no v2 twin).
const personalitiesPath = "/test_framework/v1/personalities/"

// PersonalitiesService manages personalities: the simulated callers that
// scenarios and test runs name by id (PersonalityID, PersonalityIDs) — who
// calls the agent under test, in which language, with which voice and how
// it behaves on the line. Get it from Client.Personalities.
//
// The API lists the personalities of the caller's organization and the
// globally available ones. A globally available personality is shared and
// cannot be changed: Fork copies it into a project, where the copy can be
// updated.
type PersonalitiesService struct{ c *core }

// CallServiceProvider is the service that places a personality's calls.
type CallServiceProvider string

// The call services of the API.
const (
	CallServiceProviderVapi     CallServiceProvider = "vapi"
	CallServiceProviderPatronus CallServiceProvider = "patronus"
)

// Valid reports whether p is one of the API's call services (or empty).
func (p CallServiceProvider) Valid() bool {
	return p == "" || p == CallServiceProviderVapi || p == CallServiceProviderPatronus
}

// VoiceProvider is the provider of a personality's voice.
type VoiceProvider string

// The voice providers of the API.
const (
	VoiceProviderElevenLabs VoiceProvider = "11labs"
	VoiceProviderCartesia   VoiceProvider = "cartesia"
)

// Valid reports whether p is one of the API's voice providers (or empty).
func (p VoiceProvider) Valid() bool {
	return p == "" || p == VoiceProviderElevenLabs || p == VoiceProviderCartesia
}

// The description types a personality's voice-layer settings as strings,
// while its own text describes each as a JSON object (or, for
// start_speaking_plan, a number of seconds) and shows them so: the SDK
// follows the text, and sends and reads the shapes below.

// GenerationConfig tunes Cartesia's sonic voice model (Provider
// VoiceProviderCartesia only), such as {"volume": 1.5, "emotion": "happy"}.
type GenerationConfig struct {
	// Volume scales the voice's loudness (0: the provider's default).
	Volume float64 `json:"volume,omitzero"`
	// Emotion is the voice's emotion, such as happy.
	Emotion string `json:"emotion,omitzero"`
}

// MessagePlan says what the caller does when the line goes quiet: after
// IdleTimeoutSeconds without a word it speaks up, at most
// IdleMessageMaxSpokenCount times. 0 leaves a value to the API.
type MessagePlan struct {
	IdleTimeoutSeconds        int `json:"idle_timeout_seconds,omitzero"`
	IdleMessageMaxSpokenCount int `json:"idle_message_max_spoken_count,omitzero"`
}

// StopSpeakingPlan says when the caller stops speaking because the agent
// talks over it: after NumWords words, or VoiceSeconds of the agent's voice,
// and it waits BackoffSeconds before speaking again. Every field is sent,
// 0 included. An InterruptionLevel in the same request takes precedence.
type StopSpeakingPlan struct {
	NumWords       int     `json:"num_words"`
	VoiceSeconds   float64 `json:"voice_seconds"`
	BackoffSeconds float64 `json:"backoff_seconds"`
}

// BackgroundSoundVolume is the background sound's volume, from 0.0 to 1.0:
// Base while the caller is silent, Reduced while it speaks. Both are sent,
// 0 included.
type BackgroundSoundVolume struct {
	Base    float64 `json:"base"`
	Reduced float64 `json:"reduced"`
}

// CreatePersonalityRequest is the body of Create. Name, BackgroundNoise and
// VoiceModel are required.
type CreatePersonalityRequest struct {
	// Name is 1 to 255 characters.
	Name string `json:"name" cekura:"required"`
	// ProjectID owns the personality; required unless the API key is
	// scoped to a project (the API then infers it).
	ProjectID int64 `json:"project,omitzero"`
	// Prompt describes the caller: who it is and how it talks.
	Prompt   string   `json:"prompt,omitzero"`
	Language Language `json:"language,omitzero"`
	// Accent is the caller's accent, such as American (at most 255
	// characters).
	Accent string `json:"accent,omitzero"`
	// BackgroundNoise is the noise behind the caller, and VoiceModel the
	// voice model's name; both required.
	BackgroundNoise string `json:"background_noise" cekura:"required"`
	VoiceModel      string `json:"voice_model" cekura:"required"`
	// Provider is the voice's provider, and VoiceID the voice there (such
	// as TX3LPaxmHKxFdv7VOQHJ).
	Provider VoiceProvider `json:"provider,omitzero"`
	VoiceID  string        `json:"voice_id,omitzero"`
	// InterruptionLevel is a preset of how readily the caller interrupts;
	// it takes precedence over StartSpeakingPlan and StopSpeakingPlan.
	InterruptionLevel string `json:"interruption_level,omitzero"`
	// Speed is the voice's speed.
	Speed string `json:"speed,omitzero"`
	// GenerationConfig tunes Cartesia's sonic voice model (Provider
	// VoiceProviderCartesia only).
	GenerationConfig *GenerationConfig `json:"generation_config,omitzero"`
	// NetworkSimulation is a JSON object that simulates network
	// impairments on the caller's line; sent as given.
	NetworkSimulation json.RawMessage `json:"network_simulation,omitzero"`
	// MessagePlan is what the caller does when the line goes quiet.
	MessagePlan *MessagePlan `json:"message_plan,omitzero"`
	// StartSpeakingPlan is how many seconds the caller waits before it
	// starts speaking (0 or more; Some(0) sends 0).
	StartSpeakingPlan Opt[float64] `json:"start_speaking_plan,omitzero"`
	// StopSpeakingPlan is when the caller stops speaking as the agent
	// talks over it.
	StopSpeakingPlan *StopSpeakingPlan `json:"stop_speaking_plan,omitzero"`
	// BackgroundSoundVolume is the background sound's volume.
	BackgroundSoundVolume *BackgroundSoundVolume `json:"background_sound_volume,omitzero"`
	// EndCallEnabled lets the caller end the call (the API's default:
	// true; Some(false) sends false).
	EndCallEnabled Opt[bool] `json:"end_call_enabled,omitzero"`
}

func (r *CreatePersonalityRequest) validate(v *validator) {
	charLimit(v, "name", r.Name)
	charLimit(v, "accent", r.Accent)
	positive(v, "project", r.ProjectID)
	if r.Language != "" {
		v.language("language", r.Language)
	}
	voiceProvider(v, r.Provider)
	if r.GenerationConfig != nil {
		r.GenerationConfig.check(v, r.Provider)
	}
	v.jsonObject("network_simulation", r.NetworkSimulation)
	r.MessagePlan.check(v)
	if s, ok := r.StartSpeakingPlan.Get(); ok {
		seconds(v, "start_speaking_plan", s)
	}
	r.StopSpeakingPlan.check(v)
	r.BackgroundSoundVolume.check(v)
}

// UpdatePersonalityRequest is the body of Update (PATCH): only what is set
// is sent. StopSpeakingPlan and BackgroundSoundVolume take Null(), which
// clears them.
type UpdatePersonalityRequest struct {
	Name Opt[string] `json:"name,omitzero"`
	// ProjectID moves the personality to another project.
	ProjectID             Opt[int64]                 `json:"project,omitzero"`
	Prompt                Opt[string]                `json:"prompt,omitzero"`
	Language              Opt[Language]              `json:"language,omitzero"`
	Accent                Opt[string]                `json:"accent,omitzero"`
	BackgroundNoise       Opt[string]                `json:"background_noise,omitzero"`
	VoiceModel            Opt[string]                `json:"voice_model,omitzero"`
	Provider              Opt[VoiceProvider]         `json:"provider,omitzero"`
	VoiceID               Opt[string]                `json:"voice_id,omitzero"`
	InterruptionLevel     Opt[string]                `json:"interruption_level,omitzero"`
	Speed                 Opt[string]                `json:"speed,omitzero"`
	GenerationConfig      Opt[GenerationConfig]      `json:"generation_config,omitzero"`
	NetworkSimulation     Opt[json.RawMessage]       `json:"network_simulation,omitzero"`
	MessagePlan           Opt[MessagePlan]           `json:"message_plan,omitzero"`
	StartSpeakingPlan     Opt[float64]               `json:"start_speaking_plan,omitzero"`
	StopSpeakingPlan      Opt[StopSpeakingPlan]      `json:"stop_speaking_plan,omitzero" cekura:"nullable"`
	BackgroundSoundVolume Opt[BackgroundSoundVolume] `json:"background_sound_volume,omitzero" cekura:"nullable"`
	EndCallEnabled        Opt[bool]                  `json:"end_call_enabled,omitzero"`
}

func (r *UpdatePersonalityRequest) validate(v *validator) {
	for _, f := range []struct {
		field string
		value Opt[string]
	}{{"name", r.Name}, {"background_noise", r.BackgroundNoise}, {"voice_model", r.VoiceModel}} {
		if s, ok := f.value.Get(); ok && strings.TrimSpace(s) == "" {
			v.add(f.field, "must not be blank")
		}
	}
	if s, ok := r.Name.Get(); ok {
		charLimit(v, "name", s)
	}
	if s, ok := r.Accent.Get(); ok {
		charLimit(v, "accent", s)
	}
	if id, ok := r.ProjectID.Get(); ok && id <= 0 {
		v.add("project", "must be a positive id, got %d", id)
	}
	if l, ok := r.Language.Get(); ok {
		v.language("language", l)
	}
	provider, set := r.Provider.Get()
	if set && provider == "" {
		v.add("provider", "must be one of %s, %s; leave it unset to keep the provider", VoiceProviderElevenLabs, VoiceProviderCartesia)
	}
	voiceProvider(v, provider)
	if g, ok := r.GenerationConfig.Get(); ok {
		g.check(v, provider)
	}
	if raw, ok := r.NetworkSimulation.Get(); ok {
		if raw == nil {
			v.add("network_simulation", "must be a JSON object")
		}
		v.jsonObject("network_simulation", raw)
	}
	if m, ok := r.MessagePlan.Get(); ok {
		m.check(v)
	}
	if s, ok := r.StartSpeakingPlan.Get(); ok {
		seconds(v, "start_speaking_plan", s)
	}
	if p, ok := r.StopSpeakingPlan.Get(); ok {
		p.check(v)
	}
	if b, ok := r.BackgroundSoundVolume.Get(); ok {
		b.check(v)
	}
}

// ForkPersonalityRequest is the body of Fork; its zero value (or nil)
// forks into the project of a project-scoped API key, with the source's
// prompt.
type ForkPersonalityRequest struct {
	// ProjectID is the project the fork is made in; required unless the
	// API key is scoped to a project.
	ProjectID int64 `json:"project_id,omitzero"`
	// Prompt replaces the source's prompt on the fork.
	Prompt string `json:"prompt,omitzero"`
}

func (r *ForkPersonalityRequest) validate(v *validator) { positive(v, "project_id", r.ProjectID) }

// ListPersonalitiesParams filters List. Zero values are not sent; the API
// then lists every personality the caller can use, which can be many:
// Language narrows it.
type ListPersonalitiesParams struct {
	// Language keeps the personalities that speak it.
	Language Language `url:"language,omitempty"`
	// ProjectID keeps the project's own personalities and the globally
	// available ones.
	ProjectID int64 `url:"project_id,omitempty"`
}

func (o *ListPersonalitiesParams) validate(v *validator) {
	if o.Language != "" {
		v.language("language", o.Language)
	}
	positive(v, "project_id", o.ProjectID)
}

// charLimit checks a field the API keeps in 255 characters.
func charLimit(v *validator, field, s string) {
	if n := utf8.RuneCountInString(s); n > maxNameLen {
		v.add(field, "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

func voiceProvider(v *validator, p VoiceProvider) {
	if !p.Valid() {
		v.add("provider", "%q is not one of %s, %s", p, VoiceProviderElevenLabs, VoiceProviderCartesia)
	}
}

// finite reports a number JSON cannot carry.
func finite(v *validator, field string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		v.add(field, "must be a finite number")
		return false
	}
	return true
}

// seconds checks a duration in seconds: finite, 0 or more.
func seconds(v *validator, field string, x float64) {
	if finite(v, field, x) && x < 0 {
		v.add(field, "is %g; 0 or more seconds", x)
	}
}

func (g *GenerationConfig) check(v *validator, provider VoiceProvider) {
	if provider != "" && provider != VoiceProviderCartesia {
		v.add("generation_config", "goes with provider %s only (its sonic voice model), not %s", VoiceProviderCartesia, provider)
	}
	if finite(v, "generation_config.volume", g.Volume) && g.Volume < 0 {
		v.add("generation_config.volume", "is %g; 0 or more", g.Volume)
	}
}

func (m *MessagePlan) check(v *validator) {
	if m == nil {
		return
	}
	if m.IdleTimeoutSeconds < 0 {
		v.add("message_plan.idle_timeout_seconds", "is %d; a positive number of seconds (0 leaves it to the API)", m.IdleTimeoutSeconds)
	}
	if m.IdleMessageMaxSpokenCount < 0 {
		v.add("message_plan.idle_message_max_spoken_count", "is %d; a positive count (0 leaves it to the API)", m.IdleMessageMaxSpokenCount)
	}
}

func (p *StopSpeakingPlan) check(v *validator) {
	if p == nil {
		return
	}
	if p.NumWords < 0 {
		v.add("stop_speaking_plan.num_words", "is %d; 0 or more words", p.NumWords)
	}
	seconds(v, "stop_speaking_plan.voice_seconds", p.VoiceSeconds)
	seconds(v, "stop_speaking_plan.backoff_seconds", p.BackoffSeconds)
}

func (b *BackgroundSoundVolume) check(v *validator) {
	if b == nil {
		return
	}
	for _, f := range []struct {
		field string
		x     float64
	}{{"background_sound_volume.base", b.Base}, {"background_sound_volume.reduced", b.Reduced}} {
		if finite(v, f.field, f.x) && (f.x < 0 || f.x > 1) {
			v.add(f.field, "is %g; a volume from 0.0 to 1.0", f.x)
		}
	}
}

// List returns the personalities the caller can use: GET
// /test_framework/v1/personalities/ (its organization's and the globally
// available ones). The API sends them all at once, as a plain list, which
// reads as a single page (Next is empty).
func (s *PersonalitiesService) List(ctx context.Context, params *ListPersonalitiesParams, opts ...Option) (*Page[Personality], error) {
	return list[Personality](ctx, s.c, endpoint{method: http.MethodGet, path: personalitiesPath, query: params}, opts)
}

// All walks the personalities the caller can use lazily; see
// [AgentsService.All].
func (s *PersonalitiesService) All(ctx context.Context, params *ListPersonalitiesParams, opts ...Option) iter.Seq2[*Personality, error] {
	return all[Personality](ctx, s.c, endpoint{method: http.MethodGet, path: personalitiesPath, query: params}, opts)
}

// Get returns one personality: GET /test_framework/v1/personalities/{id}/.
// The description has it (the API reference does not list it): cheaper than
// List when the id is known.
func (s *PersonalitiesService) Get(ctx context.Context, id int64, opts ...Option) (*Personality, error) {
	if err := checkID("personality", id); err != nil {
		return nil, err
	}
	return send[Personality](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(personalitiesPath, id)}, opts)
}

// Create adds a personality: POST /test_framework/v1/personalities/ (201).
func (s *PersonalitiesService) Create(ctx context.Context, req *CreatePersonalityRequest, opts ...Option) (*Personality, error) {
	return send[Personality](ctx, s.c, endpoint{method: http.MethodPost, path: personalitiesPath, body: req}, opts)
}

// Update changes what req sets: PATCH
// /test_framework/v1/personalities/{id}/. It is the only way to set the
// caller's voice-layer behaviour; a globally available personality cannot
// be updated (the API refuses it): Fork it first.
func (s *PersonalitiesService) Update(ctx context.Context, id int64, req *UpdatePersonalityRequest, opts ...Option) (*Personality, error) {
	if err := checkID("personality", id); err != nil {
		return nil, err
	}
	return send[Personality](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(personalitiesPath, id), body: req, update: true}, opts)
}

// Fork copies a personality, every setting included, into a project: POST
// /test_framework/v1/personalities/{id}/fork/ (200). The copy is enabled
// for the project at once and is the project's to change; the way to
// customise a globally available personality. req may be nil.
func (s *PersonalitiesService) Fork(ctx context.Context, id int64, req *ForkPersonalityRequest, opts ...Option) (*Personality, error) {
	if err := checkID("personality", id); err != nil {
		return nil, err
	}
	if req == nil {
		req = &ForkPersonalityRequest{}
	}
	return send[Personality](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(personalitiesPath, id) + "fork/", body: req}, opts)
}
