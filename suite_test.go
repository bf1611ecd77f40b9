package cekura

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadSuiteSchema reads the suite file's JSON Schema (see loadSpecFile).
func loadSuiteSchema(t *testing.T) map[string]any {
	t.Helper()
	return loadSpecFile(t, "test-suite-v1.schema.json")
}

// loadSpecFile reads one of the API's description files, which live beside
// the repository (../shared/spec), or in CEKURA_SPEC_DIR; without it the
// test skips, as cekuratest/spec_test.go does (and fails in CI).
func loadSpecFile(t *testing.T, name string) map[string]any {
	t.Helper()
	path := specPath(name)
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not at %s: %v", name, path, err)
		}
		t.Skipf("%s is not at %s (set CEKURA_SPEC_DIR): %v", name, path, err)
	}
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	return doc
}

// specPath is where a description file is: in CEKURA_SPEC_DIR, else in
// ../shared/spec.
func specPath(name string) string {
	dir := os.Getenv("CEKURA_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join("..", "shared", "spec")
	}
	return filepath.Join(dir, name)
}

// problems returns the fields of a validation error's problems.
func problemFields(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, ErrInvalidRequest)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	return fields
}

func schemaKeys(obj map[string]any) []string {
	props, _ := obj["properties"].(map[string]any)
	var keys []string
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// jsonTags returns the JSON keys a struct's fields declare.
func jsonTags(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	slices.Sort(keys)
	return keys
}

// TestSuiteKeysMatchSchema: every object of the file forbids unknown keys
// (additionalProperties: false); the keys ParseSuite allows and the Go
// types' JSON tags must be exactly the schema's, so that a schema change
// fails here.
func TestSuiteKeysMatchSchema(t *testing.T) {
	schema := loadSuiteSchema(t)
	props := schema["properties"].(map[string]any)
	defs := schema["$defs"].(map[string]any)
	objects := map[string]struct {
		schema map[string]any
		typ    reflect.Type
	}{
		"file":         {schema, reflect.TypeFor[Suite]()},
		"suite":        {props["suite"].(map[string]any), reflect.TypeFor[SuiteInfo]()},
		"defaults":     {props["defaults"].(map[string]any), reflect.TypeFor[SuiteDefaults]()},
		"scenario":     {defs["scenario"].(map[string]any), reflect.TypeFor[SuiteCase]()},
		"personality":  {defs["personalityInline"].(map[string]any), reflect.TypeFor[SuitePersonality]()},
		"test_profile": {defs["testProfileInline"].(map[string]any), reflect.TypeFor[SuiteTestProfile]()},
	}
	require.Len(t, suiteKeys, len(objects), "an object of the file without a check")
	for kind, o := range objects {
		assert.Equal(t, false, o.schema["additionalProperties"], "%s: the schema no longer forbids unknown keys", kind)
		want := schemaKeys(o.schema)
		got := slices.Sorted(slices.Values(suiteKeys[kind]))
		assert.Equal(t, want, got, "%s: the keys ParseSuite allows", kind)
		assert.Equal(t, want, jsonTags(o.typ), "%s: the keys of %s", kind, o.typ)
	}
	// The closed sets.
	scenario := defs["scenario"].(map[string]any)["properties"].(map[string]any)
	for _, v := range scenario["type"].(map[string]any)["enum"].([]any) {
		assert.True(t, ScenarioType(v.(string)).Valid(), "case type %v", v)
	}
	for _, v := range scenario["tools"].(map[string]any)["items"].(map[string]any)["enum"].([]any) {
		assert.True(t, SuiteTool(v.(string)).Valid(), "tool %v", v)
	}
	for _, v := range scenario["language"].(map[string]any)["enum"].([]any) {
		assert.True(t, Language(v.(string)).Valid(), "language %v", v)
	}
	pers := defs["personalityInline"].(map[string]any)["properties"].(map[string]any)
	for _, v := range pers["voice_model"].(map[string]any)["enum"].([]any) {
		assert.True(t, SuiteVoiceModel(v.(string)).Valid(), "voice model %v", v)
	}
	for _, v := range pers["provider"].(map[string]any)["enum"].([]any) {
		assert.True(t, VoiceProvider(v.(string)).Valid(), "provider %v", v)
	}
	assert.Equal(t, []any{"version", "scenarios"}, schema["required"])
	assert.EqualValues(t, MaxSuiteCases, props["scenarios"].(map[string]any)["maxItems"])
	assert.EqualValues(t, 80, scenario["name"].(map[string]any)["maxLength"])
	assert.Equal(t, []any{"prompt", "language", "voice_model", "voice_id", "background_noise"},
		defs["personalityInline"].(map[string]any)["then"].(map[string]any)["required"])

	// The schema's own examples, where it has any, are accepted.
	for _, ex := range examplesIn(schema) {
		b, err := json.Marshal(ex)
		require.NoError(t, err)
		_, err = ParseSuite(b)
		assert.NoError(t, err, "a schema example: %s", b)
	}
}

func examplesIn(schema map[string]any) []any {
	ex, _ := schema["examples"].([]any)
	return ex
}

// TestSuiteRefusesWhatTheSchemaRefuses: an unknown key at each level of
// the file, derived from the schema, is refused at its location.
func TestSuiteRefusesWhatTheSchemaRefuses(t *testing.T) {
	loadSuiteSchema(t)
	base := func() map[string]any {
		return map[string]any{
			"version":  "1",
			"suite":    map[string]any{"name": "s"},
			"defaults": map[string]any{"personality": map[string]any{"base": 3}, "test_profile": map[string]any{"name": "t"}},
			"scenarios": []any{map[string]any{"name": "a", "instructions": "i",
				"personality": map[string]any{"base": 2}, "test_profile": map[string]any{"caller_variables": map[string]any{}}}},
		}
	}
	b, _ := json.Marshal(base())
	_, err := ParseSuite(b)
	require.NoError(t, err)
	for at, obj := range map[string]func(m map[string]any) map[string]any{
		"bogus":          func(m map[string]any) map[string]any { return m },
		"suite.bogus":    func(m map[string]any) map[string]any { return m["suite"].(map[string]any) },
		"defaults.bogus": func(m map[string]any) map[string]any { return m["defaults"].(map[string]any) },
		"defaults.personality.bogus": func(m map[string]any) map[string]any {
			return m["defaults"].(map[string]any)["personality"].(map[string]any)
		},
		"defaults.test_profile.bogus": func(m map[string]any) map[string]any {
			return m["defaults"].(map[string]any)["test_profile"].(map[string]any)
		},
		"scenarios[0].bogus": func(m map[string]any) map[string]any { return m["scenarios"].([]any)[0].(map[string]any) },
		"scenarios[0].personality.bogus": func(m map[string]any) map[string]any {
			return m["scenarios"].([]any)[0].(map[string]any)["personality"].(map[string]any)
		},
		"scenarios[0].test_profile.bogus": func(m map[string]any) map[string]any {
			return m["scenarios"].([]any)[0].(map[string]any)["test_profile"].(map[string]any)
		},
	} {
		m := base()
		obj(m)["bogus"] = 1
		b, _ := json.Marshal(m)
		_, err := ParseSuite(b)
		assert.Equal(t, []string{at}, problemFields(t, err), "an unknown key")
	}
}

// TestParseSuiteDocumentedShapes: the three forms of personality and test
// profile, metrics by id and slug, a conditional_actions case, and the
// file's JSON back out of the typed suite.
func TestParseSuiteDocumentedShapes(t *testing.T) {
	file := `{
  "$schema": "https://docs.cekura.ai/schemas/test-suite/v1.json",
  "version": "1",
  "suite": {"name": "Refunds", "description": "The refund desk"},
  "defaults": {"frequency": 2, "concurrency_limit": 3, "language": "en", "max_duration": 120,
    "metrics": ["greeting_by_name"], "personality": 3, "test_profile": 9, "tags": ["ci"]},
  "scenarios": [
    {"name": "Refund happy path", "key": "refund-ok", "instructions": "Your order arrived damaged.",
     "expected_outcome": "A refund.", "metrics": [12, "polite"], "tools": ["end_call", "dtmf"],
     "personality": {"base": 3, "speed": 1.1, "end_call_enabled": false},
     "test_profile": {"agent_variables": {"order_id": "ORD-4471"}, "caller_variables": {"name": "Ana"}}},
    {"name": "Inline caller", "instructions": "Ask for the manager.",
     "personality": {"prompt": "Impatient.", "language": "de", "voice_model": "sonic-3.5", "voice_id": "v1", "background_noise": "office"}},
    {"name": "Scripted", "type": "conditional_actions", "language": "en",
     "conditional_actions": {"steps": []}, "frequency": 1}
  ]
}`
	s, err := ParseSuite([]byte(file))
	require.NoError(t, err)
	require.Len(t, s.Scenarios, 3)
	assert.Equal(t, int64(3), s.Defaults.Personality.ID)
	assert.Equal(t, int64(9), s.Defaults.TestProfile.ID)
	assert.Equal(t, []SuiteMetric{{ID: 12}, {Slug: "polite"}}, s.Scenarios[0].Metrics)
	assert.Equal(t, int64(3), s.Scenarios[0].Personality.Base)
	assert.Equal(t, 1.1, s.Scenarios[0].Personality.Speed)
	require.NotNil(t, s.Scenarios[0].Personality.EndCallEnabled)
	assert.False(t, *s.Scenarios[0].Personality.EndCallEnabled)
	assert.Equal(t, "ORD-4471", s.Scenarios[0].TestProfile.AgentVariables["order_id"])
	assert.Equal(t, SuiteVoiceModelSonic35, s.Scenarios[1].Personality.VoiceModel)
	assert.Equal(t, ScenarioTypeConditionalActions, s.Scenarios[2].Type)
	assert.NoError(t, s.Validate())

	out, err := marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, file, string(out), "the typed suite encodes to the file")
	std, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, string(std), string(out), "the codec and encoding/json agree")
}

// TestParseSuiteEveryProblemAtItsLocation: the local checks, all at once,
// keyed as the API keys them.
func TestParseSuiteEveryProblemAtItsLocation(t *testing.T) {
	file := `{"version": "2", "agent_id": 12,
  "defaults": {"personality": {"prompt": "p", "language": "en", "voice_model": "v9", "voice_id": "x", "background_noise": "off"}, "frequency": 0},
  "scenarios": [
    {"name": "ok", "instructions": "i"},
    {"name": "` + strings.Repeat("é", 81) + `", "instructions": "i"},
    {"name": "no instructions"},
    {"name": "ca", "type": "conditional_actions"},
    {"name": "m", "instructions": "i", "metrics": [1, "Bad-Slug", true, 0]},
    {"name": "p", "instructions": "i", "personality": {"prompt": "only a prompt"}},
    {"name": "t", "instructions": "i", "tools": ["fax"], "type": "other", "test_profile": {}},
    {"name": 7, "instructions": "i", "interruption_level": 2}
  ]}`
	_, err := ParseSuite([]byte(file))
	fields := problemFields(t, err)
	assert.ElementsMatch(t, []string{
		"version", "agent_id",
		"defaults.personality.voice_model", "defaults.frequency",
		"scenarios[1].name",
		"scenarios[2].instructions",
		"scenarios[3].conditional_actions", "scenarios[3].language",
		"scenarios[4].metrics[1]", "scenarios[4].metrics[2]", "scenarios[4].metrics[3]",
		"scenarios[5].personality.language", "scenarios[5].personality.voice_model",
		"scenarios[5].personality.voice_id", "scenarios[5].personality.background_noise",
		"scenarios[6].tools[0]", "scenarios[6].type", "scenarios[6].test_profile",
		"scenarios[7].name", "scenarios[7].interruption_level",
	}, fields)
	assert.Contains(t, err.Error(), "81 characters", "characters, not bytes (é is two)")
	assert.True(t, slices.IsSortedFunc(fields, compareLocations), "ordered by location: %q", fields)

	// 80 characters of two bytes each pass.
	ok := `{"version":"1","scenarios":[{"name":"` + strings.Repeat("é", 80) + `","instructions":"i"}]}`
	_, err = ParseSuite([]byte(ok))
	assert.NoError(t, err)
}

func TestParseSuiteLimits(t *testing.T) {
	for name, tc := range map[string]struct {
		file  string
		field string
	}{
		"not JSON":         {`{"version": "1",`, "non_field_errors"},
		"not an object":    {`[1]`, "non_field_errors"},
		"two values":       {`{} {}`, "non_field_errors"},
		"no scenarios":     {`{"version": "1", "scenarios": []}`, "scenarios"},
		"no version":       {`{"scenarios": [{"name": "a", "instructions": "i"}]}`, "version"},
		"version a number": {`{"version": 1, "scenarios": [{"name": "a", "instructions": "i"}]}`, "version"},
		"too big":          {`{"version": "1", "scenarios": [], "suite": {"description": "` + strings.Repeat("x", MaxSuiteSize) + `"}}`, "non_field_errors"},
	} {
		_, err := ParseSuite([]byte(tc.file))
		assert.Equal(t, []string{tc.field}, problemFields(t, err), name)
	}
	cases := make([]string, MaxSuiteCases+1)
	for i := range cases {
		cases[i] = `{"name":"c","instructions":"i"}`
	}
	_, err := ParseSuite([]byte(`{"version":"1","scenarios":[` + strings.Join(cases, ",") + `]}`))
	assert.Equal(t, []string{"scenarios"}, problemFields(t, err), "201 cases")
	_, err = ParseSuite([]byte(`{"version":"1","scenarios":[` + strings.Join(cases[:MaxSuiteCases], ",") + `]}`))
	assert.NoError(t, err, "200 cases")
}

// TestSuiteValidateInGo: a suite built in Go gets the same checks.
func TestSuiteValidateInGo(t *testing.T) {
	s := &Suite{
		Version: SuiteVersion,
		Scenarios: []*SuiteCase{
			{Name: "ok", Instructions: "i", Personality: &SuitePersonality{ID: 4}, TestProfile: &SuiteTestProfile{ID: 2}},
			{Name: "both", Instructions: "i", Personality: &SuitePersonality{ID: 4, Prompt: "x"}, Metrics: []SuiteMetric{{ID: 1, Slug: "a"}}},
			nil,
		},
	}
	assert.Equal(t, []string{"scenarios[1].metrics[0]", "scenarios[1].personality", "scenarios[2]"}, problemFields(t, s.Validate()))
	assert.ErrorIs(t, (*Suite)(nil).Validate(), ErrInvalidRequest)
	s.Scenarios = s.Scenarios[:1]
	assert.NoError(t, s.Validate())
}

func TestSuiteProblemsOrderedByLocation(t *testing.T) {
	assert.Negative(t, compareLocations("scenarios[2].name", "scenarios[10].name"))
	assert.Negative(t, compareLocations("scenarios[2].metrics[3]", "scenarios[2].metrics[12]"))
	assert.Negative(t, compareLocations("defaults.tags", "scenarios[0]"))
	assert.Zero(t, compareLocations("scenarios[1]", "scenarios[1]"))
	cases := make([]string, 12)
	for i := range cases {
		cases[i] = `{"name": "c"}`
	}
	_, err := ParseSuite([]byte(`{"version": "1", "scenarios": [` + strings.Join(cases, ",") + `]}`))
	fields := problemFields(t, err)
	require.Len(t, fields, 12)
	assert.Equal(t, "scenarios[2].instructions", fields[2])
	assert.Equal(t, "scenarios[10].instructions", fields[10])
}

// TestParseSuiteRefusesWhatTypesCannotHold: values the schema refuses that
// the typed suite would read as unset (a speed of 0, an empty voice_id).
func TestParseSuiteRefusesWhatTypesCannotHold(t *testing.T) {
	_, err := ParseSuite([]byte(`{"version": "1", "scenarios": [{"name": "a", "instructions": "i", "frequency": 0,
		"personality": {"base": 2, "speed": 0, "voice_id": "", "prompt": 3}}]}`))
	assert.Equal(t, []string{"scenarios[0].frequency", "scenarios[0].personality.prompt", "scenarios[0].personality.speed",
		"scenarios[0].personality.voice_id"}, problemFields(t, err))
}

func FuzzParseSuite(f *testing.F) {
	f.Add([]byte(`{"version":"1","scenarios":[{"name":"a","instructions":"i","metrics":[1,"s"],"personality":3}]}`))
	f.Add([]byte(`{"version":"1","scenarios":[{"name":"a","type":"conditional_actions","personality":{"base":1}}]}`))
	f.Add([]byte(`{"version":"1","defaults":{"test_profile":{}},"scenarios":[null,1,"x"]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSuite(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("a refusal that is not ErrInvalidRequest: %v", err)
			}
			if s != nil {
				t.Fatal("a suite with an error")
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("parsed, then invalid: %v", err)
		}
		b, err := marshal(s)
		if err != nil {
			t.Fatalf("encoding a parsed suite: %v", err)
		}
		if _, err := ParseSuite(b); err != nil {
			t.Fatalf("a parsed suite, encoded, is refused: %v\n%s", err, b)
		}
	})
}
