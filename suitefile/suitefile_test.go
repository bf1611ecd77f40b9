package suitefile

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func problems(t *testing.T, err error) map[string]string {
	t.Helper()
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)
	var ve *cekura.ValidationError
	require.ErrorAs(t, err, &ve)
	out := map[string]string{}
	for _, p := range ve.Problems {
		out[p.Field] = p.Message
	}
	return out
}

func TestTheExampleSuiteReadsTheSameFromYAMLAndJSON(t *testing.T) {
	js, err := os.ReadFile("../examples/suites/smoke.json")
	require.NoError(t, err)
	ym, err := os.ReadFile("../examples/suites/smoke.yaml")
	require.NoError(t, err)
	fromJSON, err := Parse(js)
	require.NoError(t, err)
	fromYAML, err := Parse(ym)
	require.NoError(t, err)
	fromJSON.Schema = "" // the YAML file names its schema in a comment
	assert.Equal(t, fromJSON, fromYAML)
	assert.Equal(t, "refund-too-late", fromYAML.Scenarios[1].Key)
	assert.Equal(t, 2, fromYAML.Scenarios[1].Frequency)
	assert.Equal(t, []cekura.SuiteMetric{{Slug: "refund_policy"}}, fromYAML.Defaults.Metrics)
}

func TestToJSONKeepsOrderTypesAndText(t *testing.T) {
	got, err := ToJSON([]byte(`
zeta: 1
alpha: "<b>&</b>"
float: 1.5
big: 0x1F
yes: true
none: ~
quoted: "007"
when: 2026-12-03
list: [a, 2, null]
`))
	require.NoError(t, err)
	assert.Equal(t, `{"zeta":1,"alpha":"<b>&</b>","float":1.5,"big":31,"yes":true,"none":null,"quoted":"007","when":"2026-12-03","list":["a",2,null]}`, string(got))
}

func TestAnchorsAliasesAndMergeKeys(t *testing.T) {
	got, err := ToJSON([]byte(`
base: &base {language: en, frequency: 2}
other: &other {language: de, tags: [x]}
case:
  <<: [*base, *other]
  frequency: 3
  name: n
copy: *base
`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"base":{"language":"en","frequency":2},"other":{"language":"de","tags":["x"]},
		"case":{"frequency":3,"name":"n","language":"en","tags":["x"]},"copy":{"language":"en","frequency":2}}`, string(got))
	assert.Contains(t, string(got), `"case":{"frequency":3,"name":"n","language":"en","tags":["x"]}`, "own keys first, then merged ones in order")
}

func TestWhatJSONCannotHoldIsRefusedWithItsLine(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"duplicate key":  {"a: 1\nb: 2\na: 3\n", `line 3`},
		"complex key":    {"? [a, b]\n: 1\n", "line 1"},
		"not a number":   {"a: 1\nb: .nan\n", "line 2"},
		"infinity":       {"b: -.inf\n", "line 1"},
		"two documents":  {"a: 1\n---\nb: 2\n", "more than one YAML document (line 2)"},
		"empty":          {"# nothing\n", "is empty"},
		"syntax":         {"a: [1, 2\nb: 3\n", "is not YAML: line"},
		"merge a scalar": {"a:\n  <<: 3\n", "merges (<<) something that is not a mapping (line 2)"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ToJSON([]byte(tc.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAliasesCannotBlowUpTheDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [" + strings.Repeat("x,", 50) + "x]\n")
	for i := 1; i < 12; i++ {
		prev := "*a" + string(rune('0'+i-1))
		if i > 9 {
			prev = "*a" + string(rune('a'+i-10))
		}
		name := string(rune('0' + i))
		if i > 9 {
			name = string(rune('a' + i - 10))
		}
		b.WriteString("a" + name + ": &a" + name + " [" + strings.Repeat(prev+",", 9) + prev + "]\n")
	}
	_, err := ToJSON([]byte(b.String()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than 1048576 bytes")
	_, err = Parse([]byte(b.String()))
	assert.Contains(t, problems(t, err)["non_field_errors"], "larger than")
}

func TestProblemsNameTheirLines(t *testing.T) {
	in := `version: "1"
scenarios:
  - name: Fine
    instructions: Ask for a refund.
  - name: ""
    instructions: x
    metrics: [1, ok_slug, "Bad Slug"]
  - instructions: no name here
    agent_id: 4
`
	got := problems(t, func() error { _, err := Parse([]byte(in)); return err }())
	assert.Contains(t, got["scenarios[1].name"], "(line 5)")
	assert.Contains(t, got["scenarios[1].metrics[2]"], "(line 7)")
	assert.Contains(t, got["scenarios[2].name"], "(line 8)", "a missing field: its object's line")
	assert.Contains(t, got["scenarios[2].agent_id"], "(line 9)")
	assert.Len(t, got, 4, "%v", got)
}

func TestJSONIsReadExactlyAsParseSuiteReadsIt(t *testing.T) {
	in := []byte("{\n  \"version\": \"1\",\n  \"scenarios\": [{\"name\": \"x\"}]\n}\n")
	_, err := Parse(in)
	got := problems(t, err)
	_, want := cekura.ParseSuite(in)
	var ve *cekura.ValidationError
	require.ErrorAs(t, want, &ve)
	require.Len(t, got, len(ve.Problems))
	for _, p := range ve.Problems {
		assert.Equal(t, p.Message+" (line 3)", got[p.Field])
	}
	_, err = Parse([]byte("{\"version\": \"1\",}"))
	assert.Contains(t, problems(t, err)["non_field_errors"], "line 1, column", "JSON syntax errors keep ParseSuite's position")
}

func TestLines(t *testing.T) {
	lines := Lines([]byte("version: \"1\"\ndefaults: &d\n  tags: [a,\n    b]\nscenarios:\n  - <<: *d\n    name: x\n"))
	assert.Equal(t, LineMap{
		"version": 1, "defaults": 2, "defaults.tags": 3, "defaults.tags[0]": 3, "defaults.tags[1]": 4,
		"scenarios": 5, "scenarios[0]": 6, "scenarios[0].name": 7, "scenarios[0].tags": 6,
		"scenarios[0].tags[0]": 3, "scenarios[0].tags[1]": 4,
	}, lines)
	assert.Empty(t, Lines([]byte("a: [")))
	assert.Equal(t, 7, lines.Line("scenarios[0].name"))
	assert.Equal(t, 6, lines.Line("scenarios[0].instructions"), "a missing field: its object's line")
	assert.Equal(t, 5, lines.Line("scenarios[4].name"))
	assert.Equal(t, 0, lines.Line("suite.name"))
}

func TestTheFileSizeIsBounded(t *testing.T) {
	big := []byte("a: \"" + strings.Repeat("x", MaxFileSize) + "\"\n")
	_, err := ToJSON(big)
	assert.ErrorContains(t, err, "at most 4194304 are read")
	assert.Empty(t, Lines(big))
}

func FuzzSuiteFile(f *testing.F) {
	for _, p := range []string{"../examples/suites/smoke.yaml", "../examples/suites/smoke.json"} {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("<<: {a: 1}\nb: [1, {c: ~}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		js, err := ToJSON(data)
		if err == nil && !json.Valid(js) {
			t.Fatalf("ToJSON(%q) = %q, not JSON", data, js)
		}
		suite, err := Parse(data)
		if err != nil {
			var ve *cekura.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("Parse(%q): %v is not a ValidationError with problems", data, err)
			}
			return
		}
		if err := suite.Validate(); err != nil {
			t.Fatalf("a suite Parse accepted fails Validate: %v", err)
		}
		_ = Lines(data)
	})
}

func TestExtensionKeysHoldSharedBlocksAndAreNotSent(t *testing.T) {
	in := []byte(`x-caller: &caller
  prompt: An impatient caller.
  language: en
  voice_model: eleven_flash_v2_5
  voice_id: 21m00Tcm4TlvDq8ikWAM
  background_noise: office
version: "1"
scenarios:
  - name: A
    instructions: Ask for a refund.
    personality: *caller
  - name: B
    instructions: Ask again.
    personality:
      <<: *caller
      language: de
    x-note: not top level, so refused
`)
	js, err := ToJSON(in)
	require.NoError(t, err)
	assert.NotContains(t, string(js), "x-caller")
	_, err = Parse(in)
	got := problems(t, err)
	assert.Len(t, got, 1, "%v", got)
	assert.Contains(t, got["scenarios[1].x-note"], "(line 17)")
	suite, err := Parse(in[:strings.Index(string(in), "    x-note")])
	require.NoError(t, err)
	assert.Equal(t, "de", string(suite.Scenarios[1].Personality.Language))
	assert.Equal(t, "office", suite.Scenarios[0].Personality.BackgroundNoise)
}

func TestAByteOrderMarkIsNoProblem(t *testing.T) {
	for _, p := range []string{"../examples/suites/smoke.json", "../examples/suites/smoke.yaml"} {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		_, err = Parse(append([]byte("\uFEFF"), b...))
		assert.NoError(t, err, p)
	}
}
