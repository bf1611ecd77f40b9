package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Tests as code: a test suite file (version "1") kept in the caller's
// repository, checked locally by ParseSuite or Suite.Validate, priced by
// TestsService.PlanSuite and run by TestsService.RunSuite. The file's
// JSON Schema is https://docs.cekura.ai/schemas/test-suite/v1.json.

// Limits of a test suite file.
const (
	// MaxSuiteSize is the largest suite file the API reads, in bytes (1 MB).
	MaxSuiteSize = 1 << 20
	// MaxSuiteCases is the most test cases a suite may hold.
	MaxSuiteCases = 200
	// SuiteVersion is the only version of the file format.
	SuiteVersion = "1"
)

// Suite is a test suite file: what to test, never which agent (the target
// is RunSuiteRequest.AgentID). Build one in Go or read one with ParseSuite;
// it encodes to exactly the file's JSON.
type Suite struct {
	// Schema is the file's optional "$schema" reference, for editors.
	Schema string `json:"$schema,omitzero"`
	// Version is the file format's version: SuiteVersion ("1"). Required.
	Version string `json:"version"`
	// Suite names and describes the suite.
	Suite *SuiteInfo `json:"suite,omitzero"`
	// Defaults apply to every case unless the case sets the field; metrics
	// of both are combined.
	Defaults *SuiteDefaults `json:"defaults,omitzero"`
	// Scenarios are the test cases: 1 to MaxSuiteCases.
	Scenarios []*SuiteCase `json:"scenarios"`
}

// SuiteInfo names and describes a suite.
type SuiteInfo struct {
	// Name (at most 255 characters) labels the run unless
	// RunSuiteRequest.Name does.
	Name        string `json:"name,omitzero"`
	Description string `json:"description,omitzero"`
}

// SuiteDefaults are the fields a suite's cases inherit.
type SuiteDefaults struct {
	// Frequency is how many times each case runs (0: the API's default, 1).
	Frequency int `json:"frequency,omitzero"`
	// ConcurrencyLimit caps the runs in parallel (0: no cap).
	ConcurrencyLimit int      `json:"concurrency_limit,omitzero"`
	Language         Language `json:"language,omitzero"`
	// MaxDuration is a call's limit in seconds (0: the project's setting).
	MaxDuration int `json:"max_duration,omitzero"`
	// Metrics are added to every case's metrics.
	Metrics     []SuiteMetric     `json:"metrics,omitzero"`
	Personality *SuitePersonality `json:"personality,omitzero"`
	TestProfile *SuiteTestProfile `json:"test_profile,omitzero"`
	Tags        []string          `json:"tags,omitzero"`
}

// SuiteCase is one test case of a suite.
type SuiteCase struct {
	// Name is required, 1 to 80 characters.
	Name string `json:"name"`
	// Key identifies the case across commits (at most 128 characters;
	// default: the name), so that results stay comparable.
	Key string `json:"key,omitzero"`
	// Type is ScenarioTypeInstruction when empty; a suite's cases take the
	// API's four scenario types.
	Type ScenarioType `json:"type,omitzero"`
	// Instructions say what the simulated caller does; required unless
	// Type is ScenarioTypeConditionalActions.
	Instructions string `json:"instructions,omitzero"`
	// ConditionalActions (a JSON object) script the turns of a
	// ScenarioTypeConditionalActions case, which needs Language too.
	ConditionalActions json.RawMessage `json:"conditional_actions,omitzero"`
	// ExpectedOutcome is what a successful call looks like.
	ExpectedOutcome string `json:"expected_outcome,omitzero"`
	// FirstMessage is the caller's first words (default "Hello").
	FirstMessage string `json:"first_message,omitzero"`
	// Metrics are existing metrics enabled for the agent (at most 64).
	Metrics     []SuiteMetric     `json:"metrics,omitzero"`
	Personality *SuitePersonality `json:"personality,omitzero"`
	TestProfile *SuiteTestProfile `json:"test_profile,omitzero"`
	// Tags: at most 32, each at most 64 characters.
	Tags []string `json:"tags,omitzero"`
	// Tools the simulated caller may use (at most 16).
	Tools    []SuiteTool `json:"tools,omitzero"`
	Language Language    `json:"language,omitzero"`
	// Frequency is how many times the case runs (0: the default's).
	Frequency int `json:"frequency,omitzero"`
	// MaxDuration is the call's limit in seconds (0: the default's).
	MaxDuration int `json:"max_duration,omitzero"`
}

// SuiteTool is a tool the simulated caller may use.
type SuiteTool string

// The tools of a suite file.
const (
	SuiteToolEndCall               SuiteTool = "end_call"
	SuiteToolDTMF                  SuiteTool = "dtmf"
	SuiteToolReceiveDTMF           SuiteTool = "receive_dtmf"
	SuiteToolEndCallOnlyOnTransfer SuiteTool = "end_call_only_on_transfer"
	SuiteToolSendSMS               SuiteTool = "send_sms"
	SuiteToolCallHold              SuiteTool = "call_hold"
)

// Valid reports whether t is one of the file's tools.
func (t SuiteTool) Valid() bool {
	switch t {
	case SuiteToolEndCall, SuiteToolDTMF, SuiteToolReceiveDTMF, SuiteToolEndCallOnlyOnTransfer, SuiteToolSendSMS, SuiteToolCallHold:
		return true
	}
	return false
}

// SuiteVoiceModel is the voice model of an inline personality.
type SuiteVoiceModel string

// The voice models of an inline personality.
const (
	SuiteVoiceModelElevenFlashV25       SuiteVoiceModel = "eleven_flash_v2_5"
	SuiteVoiceModelElevenMultilingualV2 SuiteVoiceModel = "eleven_multilingual_v2"
	SuiteVoiceModelElevenTurboV25       SuiteVoiceModel = "eleven_turbo_v2_5"
	SuiteVoiceModelSonic35              SuiteVoiceModel = "sonic-3.5"
)

// Valid reports whether m is one of the file's voice models (or empty).
func (m SuiteVoiceModel) Valid() bool {
	switch m {
	case "", SuiteVoiceModelElevenFlashV25, SuiteVoiceModelElevenMultilingualV2, SuiteVoiceModelElevenTurboV25, SuiteVoiceModelSonic35:
		return true
	}
	return false
}

// SuiteMetric is a metric of a case, by ID or by Slug (one of them): it
// encodes as the number or the string. Metrics must exist in the project
// and be enabled for the target agent.
type SuiteMetric struct {
	ID   int64  `json:"-"`
	Slug string `json:"-"`
}

// MarshalJSON writes the metric's id or its slug.
func (m SuiteMetric) MarshalJSON() ([]byte, error) {
	if m.ID != 0 {
		return strconv.AppendInt(nil, m.ID, 10), nil
	}
	return json.Marshal(m.Slug)
}

// UnmarshalJSON reads a number or a string; any other value leaves m empty
// (ParseSuite reports it).
func (m *SuiteMetric) UnmarshalJSON(b []byte) error {
	*m = SuiteMetric{}
	var n json.Number
	if json.Unmarshal(b, &n) == nil {
		if b = bytes.TrimSpace(b); len(b) > 0 && b[0] != '"' {
			m.ID, _ = n.Int64()
			return nil
		}
	}
	_ = json.Unmarshal(b, &m.Slug)
	return nil
}

// SuitePersonality is a case's simulated caller, in one of three forms:
// an existing personality by ID (alone; it encodes as the number); Base,
// an existing personality, with the fields set here changed; or, without
// ID and Base, an inline personality from scratch, which needs Prompt,
// Language, VoiceModel, VoiceID and BackgroundNoise. Inline personalities
// are used for the run only: nothing is created in the workspace.
type SuitePersonality struct {
	// ID is an existing personality (yours or Cekura's); set nothing else.
	ID int64 `json:"-"`
	// Base is the existing personality the other fields change.
	Base   int64  `json:"base,omitzero"`
	Name   string `json:"name,omitzero"`
	Prompt string `json:"prompt,omitzero"`
	// Language of the caller.
	Language   Language        `json:"language,omitzero"`
	VoiceModel SuiteVoiceModel `json:"voice_model,omitzero"`
	VoiceID    string          `json:"voice_id,omitzero"`
	// BackgroundNoise is "off", "office", or the URL of an audio clip.
	BackgroundNoise string        `json:"background_noise,omitzero"`
	Accent          string        `json:"accent,omitzero"`
	Provider        VoiceProvider `json:"provider,omitzero"`
	// Speed is 0.8 to 1.2 (1.0 normal; 0 leaves it out).
	Speed          float64 `json:"speed,omitzero"`
	EndCallEnabled *bool   `json:"end_call_enabled,omitzero"`
}

// suitePersonalityFields is SuitePersonality without its JSON methods.
type suitePersonalityFields SuitePersonality

// MarshalJSON writes the id alone, or the object of the other fields.
func (p SuitePersonality) MarshalJSON() ([]byte, error) {
	if p.ID != 0 {
		return strconv.AppendInt(nil, p.ID, 10), nil
	}
	return json.Marshal(suitePersonalityFields(p))
}

// UnmarshalJSON reads an id or an object; a value of another type leaves
// p empty (ParseSuite reports it).
func (p *SuitePersonality) UnmarshalJSON(b []byte) error {
	*p = SuitePersonality{}
	if id, ok := suiteID(b); ok {
		p.ID = id
		return nil
	}
	decodeLoose(b, (*suitePersonalityFields)(p))
	return nil
}

// inline reports whether p defines a personality from scratch.
func (p *SuitePersonality) inline() bool { return p.ID == 0 && p.Base == 0 }

// SuiteTestProfile is a case's test data: an existing test profile by ID
// (alone; it encodes as the number), or inline data for the run only
// (nothing is created in the workspace).
type SuiteTestProfile struct {
	// ID is an existing test profile of the agent or its project.
	ID   int64  `json:"-"`
	Name string `json:"name,omitzero"`
	// AgentVariables are delivered to the agent under test at call time.
	AgentVariables map[string]any `json:"agent_variables,omitzero"`
	// CallerVariables are for the simulated caller only
	// ({{test_profile.<key>}} in instructions); never sent to the agent.
	CallerVariables map[string]any `json:"caller_variables,omitzero"`
}

// suiteTestProfileFields is SuiteTestProfile without its JSON methods.
type suiteTestProfileFields SuiteTestProfile

// MarshalJSON writes the id alone, or the object of the other fields.
func (p SuiteTestProfile) MarshalJSON() ([]byte, error) {
	if p.ID != 0 {
		return strconv.AppendInt(nil, p.ID, 10), nil
	}
	return json.Marshal(suiteTestProfileFields(p))
}

// UnmarshalJSON reads an id or an object; a value of another type leaves
// p empty (ParseSuite reports it).
func (p *SuiteTestProfile) UnmarshalJSON(b []byte) error {
	*p = SuiteTestProfile{}
	if id, ok := suiteID(b); ok {
		p.ID = id
		return nil
	}
	decodeLoose(b, (*suiteTestProfileFields)(p))
	return nil
}

// suiteID reads a JSON integer.
func suiteID(b []byte) (int64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return 0, false
	}
	var n json.Number
	if json.Unmarshal(b, &n) != nil {
		return 0, false
	}
	if id, err := n.Int64(); err == nil {
		return id, true
	}
	if f, err := n.Float64(); err == nil && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, true // a number, not an integer: reported by ParseSuite
}

// decodeLoose decodes what it can: encoding/json goes on past a value of
// the wrong type, and ParseSuite reports those values by their location.
func decodeLoose(b []byte, v any) {
	_ = json.Unmarshal(b, v)
}

// ParseSuite reads a test suite file (JSON; at most MaxSuiteSize bytes)
// strictly, as the API does: a key the schema does not know (agent_id
// among them: the target is chosen by the request), a value of the wrong
// type, a missing required field, a limit exceeded. It reports every
// problem at once as a *ValidationError (errors.Is(err,
// ErrInvalidRequest)) whose FieldProblems name their location in the file
// as the API keys them: "scenarios[3].metrics[1]",
// "defaults.personality.voice_id", ordered by location (scenarios[2]
// before scenarios[10]). Problems with the file as a whole
// (size, syntax) are under "non_field_errors".
//
// The SDK reads JSON only, so that it depends on nothing but the standard
// library: convert a YAML suite to JSON first (the cekura command does).
func ParseSuite(data []byte) (*Suite, error) {
	var v validator
	if len(data) > MaxSuiteSize {
		v.add("non_field_errors", "the file is %d bytes; at most %d (1 MB) are allowed", len(data), MaxSuiteSize)
		return nil, v.err()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		v.add("non_field_errors", "is not JSON: %s", describeSyntaxError(data, err))
		return nil, v.err()
	}
	if dec.More() {
		v.add("non_field_errors", "has more than one JSON value")
		return nil, v.err()
	}
	top, ok := tree.(map[string]any)
	if !ok {
		v.add("non_field_errors", "must be a JSON object (got %s)", jsonKind(tree))
		return nil, v.err()
	}
	w := suiteWalker{}
	w.top(top)
	s := &Suite{}
	decodeLoose(data, s)
	var sem validator
	s.validate(&sem)
	v.problems = append(v.problems, w.problems...)
	for _, p := range sem.problems {
		if !w.covers(p.Field) {
			v.problems = append(v.problems, p)
		}
	}
	sortProblems(v.problems)
	if err := v.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// describeSyntaxError names where a JSON error is, by line and column.
func describeSyntaxError(data []byte, err error) string {
	var se *json.SyntaxError
	var off int64
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "it ends too soon"
	default:
		return err.Error()
	}
	off = min(max(off, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("%s (line %d, column %d)", err, line, col)
}

// Validate checks a suite with the rules ParseSuite applies after reading
// the file (required fields, limits, the closed sets), every problem at
// once, keyed by location as the API keys them and ordered by location. It
// returns nil or a *ValidationError.
func (s *Suite) Validate() error {
	var v validator
	if s == nil {
		v.add("non_field_errors", "no suite")
		return v.err()
	}
	s.validate(&v)
	sortProblems(v.problems)
	return v.err()
}

var suiteSlug = regexp.MustCompile(`^[a-z0-9_]+$`)

func (s *Suite) validate(v *validator) {
	switch s.Version {
	case SuiteVersion:
	case "":
		v.add("version", "is required: \"1\"")
	default:
		v.add("version", "is %q; this SDK reads version \"1\"", s.Version)
	}
	if s.Suite != nil {
		suiteMaxLen(v, "suite.name", s.Suite.Name, 255)
	}
	if d := s.Defaults; d != nil {
		suitePositive(v, "defaults.frequency", d.Frequency)
		suitePositive(v, "defaults.concurrency_limit", d.ConcurrencyLimit)
		suitePositive(v, "defaults.max_duration", d.MaxDuration)
		if d.Language != "" {
			v.language("defaults.language", d.Language)
		}
		suiteMetrics(v, "defaults.metrics", d.Metrics)
		d.Personality.validate(v, "defaults.personality")
		d.TestProfile.validate(v, "defaults.test_profile")
		suiteTags(v, "defaults.tags", d.Tags)
	}
	switch n := len(s.Scenarios); {
	case n == 0:
		v.add("scenarios", "is required: 1 to %d test cases", MaxSuiteCases)
	case n > MaxSuiteCases:
		v.add("scenarios", "has %d test cases; at most %d are allowed", n, MaxSuiteCases)
	}
	for i, c := range s.Scenarios {
		at := "scenarios[" + strconv.Itoa(i) + "]"
		if c == nil {
			v.add(at, "must be a test case object")
			continue
		}
		c.validate(v, at)
	}
}

func (c *SuiteCase) validate(v *validator, at string) {
	switch n := utf8.RuneCountInString(c.Name); {
	case strings.TrimSpace(c.Name) == "":
		v.add(at+".name", "is required (1 to 80 characters)")
	case n > 80:
		v.add(at+".name", "is %d characters long; at most 80 are allowed", n)
	}
	suiteMaxLen(v, at+".key", c.Key, 128)
	if c.Type != "" && !c.Type.Valid() { // empty: an instruction case
		v.add(at+".type", "%q is not one of instruction, conditional_actions, real_world_fixed, real_world_smart", c.Type)
	}
	if c.Type == ScenarioTypeConditionalActions {
		if c.ConditionalActions == nil {
			v.add(at+".conditional_actions", "is required for a conditional_actions case")
		} else {
			v.jsonObject(at+".conditional_actions", c.ConditionalActions)
		}
		if c.Language == "" {
			v.add(at+".language", "is required for a conditional_actions case")
		}
	} else {
		if strings.TrimSpace(c.Instructions) == "" {
			v.add(at+".instructions", "is required (what the simulated caller does) unless type is conditional_actions")
		}
		v.jsonObject(at+".conditional_actions", c.ConditionalActions)
	}
	if c.Language != "" {
		v.language(at+".language", c.Language)
	}
	suiteMetrics(v, at+".metrics", c.Metrics)
	c.Personality.validate(v, at+".personality")
	c.TestProfile.validate(v, at+".test_profile")
	suiteTags(v, at+".tags", c.Tags)
	if len(c.Tools) > 16 {
		v.add(at+".tools", "has %d tools; at most 16 are allowed", len(c.Tools))
	}
	for i, t := range c.Tools {
		if !t.Valid() {
			v.add(at+".tools["+strconv.Itoa(i)+"]", "%q is not one of call_hold, dtmf, end_call, end_call_only_on_transfer, receive_dtmf, send_sms", t)
		}
	}
	suitePositive(v, at+".frequency", c.Frequency)
	suitePositive(v, at+".max_duration", c.MaxDuration)
}

func (p *SuitePersonality) validate(v *validator, at string) {
	if p == nil {
		return
	}
	if p.ID < 0 {
		v.add(at, "must be a positive personality id, got %d", p.ID)
	}
	if p.ID != 0 {
		if *p != (SuitePersonality{ID: p.ID}) {
			v.add(at, "is an id and fields at once; set ID alone, or Base with the fields to change")
		}
		return
	}
	if p.Base < 0 {
		v.add(at+".base", "must be a positive personality id, got %d", p.Base)
	}
	if p.inline() {
		for _, req := range []struct {
			field string
			set   bool
		}{{"prompt", p.Prompt != ""}, {"language", p.Language != ""}, {"voice_model", p.VoiceModel != ""},
			{"voice_id", p.VoiceID != ""}, {"background_noise", p.BackgroundNoise != ""}} {
			if !req.set {
				v.add(at+"."+req.field, "is required for a personality defined inline (without base)")
			}
		}
	}
	if p.Language != "" {
		v.language(at+".language", p.Language)
	}
	if !p.VoiceModel.Valid() {
		v.add(at+".voice_model", "%q is not one of eleven_flash_v2_5, eleven_multilingual_v2, eleven_turbo_v2_5, sonic-3.5", p.VoiceModel)
	}
	if !p.Provider.Valid() {
		v.add(at+".provider", "%q is not one of 11labs, cartesia", p.Provider)
	}
	if p.Speed != 0 && (p.Speed < 0.8 || p.Speed > 1.2) {
		v.add(at+".speed", "is %g; 0.8 to 1.2 (1.0 is normal pace)", p.Speed)
	}
	suiteMaxLen(v, at+".name", p.Name, 255)
	suiteMaxLen(v, at+".accent", p.Accent, 255)
}

func (p *SuiteTestProfile) validate(v *validator, at string) {
	if p == nil {
		return
	}
	if p.ID < 0 {
		v.add(at, "must be a positive test profile id, got %d", p.ID)
	}
	inline := p.Name != "" || p.AgentVariables != nil || p.CallerVariables != nil
	switch {
	case p.ID != 0 && inline:
		v.add(at, "is an id and inline data at once; set one")
	case p.ID == 0 && !inline:
		v.add(at, "sets nothing; give an id, or agent_variables or caller_variables")
	}
	suiteMaxLen(v, at+".name", p.Name, 255)
}

func suiteMaxLen(v *validator, field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		v.add(field, "is %d characters long; at most %d are allowed", n, max)
	}
}

func suitePositive(v *validator, field string, n int) {
	if n < 0 {
		v.add(field, "is %d; 1 or more (or 0 to leave it out)", n)
	}
}

func suiteMetrics(v *validator, field string, ms []SuiteMetric) {
	if len(ms) > 64 {
		v.add(field, "has %d metrics; at most 64 are allowed", len(ms))
	}
	for i, m := range ms {
		at := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case m.ID != 0 && m.Slug != "":
			v.add(at, "has an id and a slug; set one")
		case m.ID < 0:
			v.add(at, "must be a positive metric id, got %d", m.ID)
		case m.ID == 0 && m.Slug == "":
			v.add(at, "is empty; give a metric id or slug")
		case m.ID == 0 && !suiteSlug.MatchString(m.Slug):
			v.add(at, "%q is not a metric slug (lower-case letters, digits and _)", m.Slug)
		}
	}
}

func suiteTags(v *validator, field string, tags []string) {
	if len(tags) > 32 {
		v.add(field, "has %d tags; at most 32 are allowed", len(tags))
	}
	for i, t := range tags {
		suiteMaxLen(v, field+"["+strconv.Itoa(i)+"]", t, 64)
	}
}
