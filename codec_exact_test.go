package cekura

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactTypes is every exported struct type of the package, by name: the
// codec must encode each as encoding/json does and decode what encoding/json
// writes back to the same value. Generic types are listed by a few
// instantiations. TestEveryExportedStructIsChecked keeps the list complete.
var exactTypes = map[string][]reflect.Type{
	"APIError": {reflect.TypeFor[APIError]()}, "Agent": {reflect.TypeFor[Agent]()}, "AgentCredentials": {reflect.TypeFor[AgentCredentials]()},
	"AgentProvider": {reflect.TypeFor[AgentProvider]()}, "AgentVersion": {reflect.TypeFor[AgentVersion]()},
	"AgentforceChatConfig": {reflect.TypeFor[AgentforceChatConfig]()}, "AgentsService": {reflect.TypeFor[AgentsService]()},
	"AmazonConnectChatConfig": {reflect.TypeFor[AmazonConnectChatConfig]()}, "AmazonConnectConfig": {reflect.TypeFor[AmazonConnectConfig]()},
	"BlandChatConfig": {reflect.TypeFor[BlandChatConfig]()}, "BlandConfig": {reflect.TypeFor[BlandConfig]()},
	"BulkUpdateScenariosRequest": {reflect.TypeFor[BulkUpdateScenariosRequest]()}, "Call": {reflect.TypeFor[Call]()},
	"CallSelection": {reflect.TypeFor[CallSelection]()}, "CallsService": {reflect.TypeFor[CallsService]()},
	"ChatAgentDetails": {reflect.TypeFor[ChatAgentDetails]()},
	"Client":           {reflect.TypeFor[Client]()}, "CreateAgentRequest": {reflect.TypeFor[CreateAgentRequest]()},
	"CreateMetricRequest": {reflect.TypeFor[CreateMetricRequest]()}, "CreateScenarioRequest": {reflect.TypeFor[CreateScenarioRequest]()},
	"DeleteAgentParams": {reflect.TypeFor[DeleteAgentParams]()}, "DeleteCallParams": {reflect.TypeFor[DeleteCallParams]()},
	"DuplicateAgentRequest": {reflect.TypeFor[DuplicateAgentRequest]()}, "DynamicVariable": {reflect.TypeFor[DynamicVariable]()},
	"DynamicVariableWrite": {reflect.TypeFor[DynamicVariableWrite]()}, "ElevenLabsConfig": {reflect.TypeFor[ElevenLabsConfig]()},
	"ElevenLabsRunData": {reflect.TypeFor[ElevenLabsRunData]()}, "EvaluateMetricsRequest": {reflect.TypeFor[EvaluateMetricsRequest]()},
	"Evaluation": {reflect.TypeFor[Evaluation]()}, "ExpectedOutcome": {reflect.TypeFor[ExpectedOutcome]()},
	"FieldProblem": {reflect.TypeFor[FieldProblem]()}, "GenerateScenariosRequest": {reflect.TypeFor[GenerateScenariosRequest]()},
	"Generation": {reflect.TypeFor[Generation]()}, "GenesysConfig": {reflect.TypeFor[GenesysConfig]()},
	"KnowledgeBaseFile": {reflect.TypeFor[KnowledgeBaseFile]()}, "KnowledgeBaseFileWrite": {reflect.TypeFor[KnowledgeBaseFileWrite]()},
	"KoreAIConfig": {reflect.TypeFor[KoreAIConfig]()}, "ListAgentsParams": {reflect.TypeFor[ListAgentsParams]()},
	"ListCallsParams": {reflect.TypeFor[ListCallsParams]()}, "ListMetricsParams": {reflect.TypeFor[ListMetricsParams]()},
	"ListResultsParams": {reflect.TypeFor[ListResultsParams]()}, "ListRunsParams": {reflect.TypeFor[ListRunsParams]()},
	"ListScenariosParams": {reflect.TypeFor[ListScenariosParams]()}, "LiveKitConfig": {reflect.TypeFor[LiveKitConfig]()},
	"Metric": {reflect.TypeFor[Metric]()}, "MetricScore": {reflect.TypeFor[MetricScore]()}, "MetricsService": {reflect.TypeFor[MetricsService]()},
	"MockTool": {reflect.TypeFor[MockTool]()}, "MockToolServedVia": {reflect.TypeFor[MockToolServedVia]()}, "MockToolWrite": {reflect.TypeFor[MockToolWrite]()},
	"Opt":         {reflect.TypeFor[Opt[string]](), reflect.TypeFor[Opt[int64]](), reflect.TypeFor[Opt[[]string]](), reflect.TypeFor[Opt[SIPAuth]](), reflect.TypeFor[Opt[*bool]]()},
	"PageParams":  {reflect.TypeFor[PageParams]()},
	"Page":        {reflect.TypeFor[Page[Agent]](), reflect.TypeFor[Page[Run]](), reflect.TypeFor[Page[Metric]]()},
	"Personality": {reflect.TypeFor[Personality]()}, "PipecatConfig": {reflect.TypeFor[PipecatConfig]()}, "Provider": {reflect.TypeFor[Provider]()},
	"ProviderCredentials": {reflect.TypeFor[ProviderCredentials]()}, "ProviderImport": {reflect.TypeFor[ProviderImport]()},
	"ProviderUpdate": {reflect.TypeFor[ProviderUpdate]()}, "RawConfig": {reflect.TypeFor[RawConfig]()},
	"RerunEvaluationRequest": {reflect.TypeFor[RerunEvaluationRequest]()}, "Result": {reflect.TypeFor[Result]()}, "ResultAISummary": {reflect.TypeFor[ResultAISummary]()},
	"ResultFailedReasons": {reflect.TypeFor[ResultFailedReasons]()}, "ResultIssue": {reflect.TypeFor[ResultIssue]()},
	"ResultNextStep": {reflect.TypeFor[ResultNextStep]()}, "ResultPathCoverage": {reflect.TypeFor[ResultPathCoverage]()},
	"ResultsService": {reflect.TypeFor[ResultsService]()}, "RetellChatConfig": {reflect.TypeFor[RetellChatConfig]()},
	"RetellConfig": {reflect.TypeFor[RetellConfig]()}, "Run": {reflect.TypeFor[Run]()}, "RunCriticalCategory": {reflect.TypeFor[RunCriticalCategory]()}, "RunFailure": {reflect.TypeFor[RunFailure]()},
	"RunsService": {reflect.TypeFor[RunsService]()}, "SIPAuth": {reflect.TypeFor[SIPAuth]()}, "Scenario": {reflect.TypeFor[Scenario]()},
	"ScenariosService": {reflect.TypeFor[ScenariosService]()}, "SelfHostedChatConfig": {reflect.TypeFor[SelfHostedChatConfig]()},
	"SelfHostedConfig": {reflect.TypeFor[SelfHostedConfig]()}, "SendCallRequest": {reflect.TypeFor[SendCallRequest]()},
	"SierraChatConfig": {reflect.TypeFor[SierraChatConfig]()}, "StartTestsRequest": {reflect.TypeFor[StartTestsRequest]()},
	"SynthflowConfig": {reflect.TypeFor[SynthflowConfig]()}, "Telephony": {reflect.TypeFor[Telephony]()},
	"TelephonyUpdate": {reflect.TypeFor[TelephonyUpdate]()}, "TestsFailedError": {reflect.TypeFor[TestsFailedError]()},
	"TestsService": {reflect.TypeFor[TestsService]()}, "RunTurn": {reflect.TypeFor[RunTurn]()},
	"Turn":               {reflect.TypeFor[Turn]()},
	"UpdateAgentRequest": {reflect.TypeFor[UpdateAgentRequest]()}, "UpdateMetricRequest": {reflect.TypeFor[UpdateMetricRequest]()},
	"UpdateScenarioRequest": {reflect.TypeFor[UpdateScenarioRequest]()}, "ValidationError": {reflect.TypeFor[ValidationError]()},
	"VapiConfig": {reflect.TypeFor[VapiConfig]()}, "Verdict": {reflect.TypeFor[Verdict]()}, "WaitParams": {reflect.TypeFor[WaitParams[Result]](), reflect.TypeFor[WaitParams[Call]]()},
	"RunSuiteRequest": {reflect.TypeFor[RunSuiteRequest]()}, "SuitePlan": {reflect.TypeFor[SuitePlan]()},
	"SuitePlanCase": {reflect.TypeFor[SuitePlanCase]()}, "SuitePlanPersonality": {reflect.TypeFor[SuitePlanPersonality]()},
	"SuitePlanTestProfile": {reflect.TypeFor[SuitePlanTestProfile]()}, "ShareLinkRequest": {reflect.TypeFor[ShareLinkRequest]()},
	"ShareLink": {reflect.TypeFor[ShareLink]()},
	"Suite":     {reflect.TypeFor[Suite]()}, "SuiteInfo": {reflect.TypeFor[SuiteInfo]()}, "SuiteDefaults": {reflect.TypeFor[SuiteDefaults]()},
	"SuiteCase": {reflect.TypeFor[SuiteCase]()}, "SuiteMetric": {reflect.TypeFor[SuiteMetric]()},
	"SuitePersonality": {reflect.TypeFor[SuitePersonality]()}, "SuiteTestProfile": {reflect.TypeFor[SuiteTestProfile]()},
	"EvaluationFailedError": {reflect.TypeFor[EvaluationFailedError]()}, "GenerationFailedError": {reflect.TypeFor[GenerationFailedError]()},
	"ImportFailedError": {reflect.TypeFor[ImportFailedError]()}, "PersonalitiesRequest": {reflect.TypeFor[PersonalitiesRequest]()},
	"PersonalitiesChange": {reflect.TypeFor[PersonalitiesChange]()}, "UploadKnowledgeBaseFileRequest": {reflect.TypeFor[UploadKnowledgeBaseFileRequest]()},
	"RenameVersionRequest": {reflect.TypeFor[RenameVersionRequest]()},
	"TestProfile":          {reflect.TypeFor[TestProfile]()}, "TestProfileInformation": {reflect.TypeFor[TestProfileInformation]()},
	"CreateTestProfileRequest": {reflect.TypeFor[CreateTestProfileRequest]()}, "UpdateTestProfileRequest": {reflect.TypeFor[UpdateTestProfileRequest]()},
	"ListTestProfilesParams": {reflect.TypeFor[ListTestProfilesParams]()}, "TestProfilesService": {reflect.TypeFor[TestProfilesService]()},
	"Schedule": {reflect.TypeFor[Schedule]()}, "CreateScheduleRequest": {reflect.TypeFor[CreateScheduleRequest]()},
	"UpdateScheduleRequest": {reflect.TypeFor[UpdateScheduleRequest]()}, "ListSchedulesParams": {reflect.TypeFor[ListSchedulesParams]()},
	"SchedulesService": {reflect.TypeFor[SchedulesService]()},
}

// differOnPurpose are the fields whose JSON differs from encoding/json's on
// purpose: the filler leaves them zero (so that they are left out), and
// their own tests check them.
var differOnPurpose = map[string]string{
	"SendCallRequest.MetricIDs": `cekura:"comma": the API takes the ids as one string, "118,119"; calls_test.go checks it`,
}

// notReadBack are the types whose JSON the codec does not read back into
// the same value, and why (their encoding is still checked).
var notReadBack = map[string]string{
	"CallSelection":          `a request-only type: its MarshalJSON writes "all" or the ids, which no decoder reads`,
	"RerunEvaluationRequest": "holds a CallSelection",
	"SuiteMetric":            "a number or a string, read by its UnmarshalJSON (ParseSuite decodes suite files with encoding/json)",
	"RawConfig":              "its MarshalJSON writes the config's JSON only; Type is the provider type it was read for, which the enclosing object carries",
}

// TestEveryExportedStructIsChecked parses the package's sources: every
// exported struct type must be in exactTypes, so none escapes
// TestTheCodecIsEncodingJSONForEveryExportedType.
func TestEveryExportedStructIsChecked(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.IsExported() {
				if _, isStruct := ts.Type.(*ast.StructType); isStruct {
					found = append(found, ts.Name.Name)
				}
			}
			return true
		})
	}
	require.Greater(t, len(found), 50, "the parse found the package's types")
	for _, name := range found {
		assert.Contains(t, exactTypes, name, "exported struct %s is missing from exactTypes", name)
	}
	for name := range exactTypes {
		assert.Contains(t, found, name, "exactTypes lists %s, which the package no longer declares", name)
	}
}

// TestTheCodecIsEncodingJSONForEveryExportedType fills each type with
// non-zero values, encodes it with the codec and with encoding/json (the
// same bytes, or an error from both), and decodes encoding/json's bytes
// back with the codec (the same value, RawJSON aside).
func TestTheCodecIsEncodingJSONForEveryExportedType(t *testing.T) {
	t.Parallel()
	for name, types := range exactTypes {
		for _, typ := range types {
			t.Run(typ.String(), func(t *testing.T) {
				v := reflect.New(typ)
				fillValue(v.Elem(), typ.Name(), map[reflect.Type]bool{})
				want, wantErr := json.Marshal(v.Interface())
				got, gotErr := marshal(v.Interface())
				require.Equal(t, wantErr == nil, gotErr == nil, "errors: encoding/json %v, codec %v", wantErr, gotErr)
				if wantErr != nil {
					return
				}
				require.Equal(t, string(want), string(got))
				if _, skip := notReadBack[name]; skip {
					return
				}
				back := reflect.New(typ)
				require.NoError(t, unmarshal(want, back.Interface()))
				clearRaw(back.Elem())
				assert.Equal(t, v.Interface(), back.Interface(), "%s read back from %s", typ, want)
			})
		}
	}
}

var (
	fillTime = time.Date(2026, 8, 20, 1, 2, 3, 456, time.UTC)
	anyType  = reflect.TypeFor[any]()
)

// fillValue sets every field of v, recursively, to a non-zero value: what
// encoding/json and the codec must then agree on. A struct type already
// being filled further up is left zero (a recursive type); interfaces other than any are left nil (a config is picked by the
// provider's type, which a filler cannot know).
func fillValue(v reflect.Value, owner string, path map[reflect.Type]bool) {
	t := v.Type()
	if path[t] {
		return
	}
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(fillTime))
		return
	case t == rawMessageType:
		v.SetBytes([]byte(`{"k":[1,2,"v"]}`)) // as compact as encoding/json writes it
		return
	case t.PkgPath() == thisPkg && strings.HasPrefix(t.Name(), "Opt["):
		fillValue(settable(v.Field(0)), owner, path)
		settable(v.Field(1)).SetUint(uint64(optValue))
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		path[t] = true
		defer delete(path, t)
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() || sf.Tag.Get("json") == "-" {
				continue // not in the JSON
			}
			if _, skip := differOnPurpose[t.Name()+"."+sf.Name]; skip {
				continue
			}
			fillValue(v.Field(i), t.Name(), path)
		}
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		fillValue(p.Elem(), owner, path)
		v.Set(p)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte("bytes"))
			return
		}
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			fillValue(s.Index(i), owner, path)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(t)
		e := reflect.New(t.Elem()).Elem()
		fillValue(e, owner, path)
		m.SetMapIndex(reflect.ValueOf("k<1>").Convert(t.Key()), e)
		v.Set(m)
	case reflect.Interface:
		if t == anyType {
			v.Set(reflect.ValueOf("any value"))
		}
	case reflect.String:
		v.SetString("s <&> \u2028 é " + owner)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	}
}

// settable returns an unexported field as a settable value (Opt's parts).
func settable(f reflect.Value) reflect.Value {
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// clearRaw forgets the RawJSON every decoded object keeps.
func clearRaw(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearRaw(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			clearRaw(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == apiObjectType {
			settable(v.Field(0)).SetZero()
			return
		}
		for i := 0; i < v.NumField(); i++ {
			clearRaw(settable(v.Field(i)))
		}
	}
}

// Test-local structs for encoding/json's field rules.

type exactInner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
	C bool   // promoted under its Go name
	D int    `json:"dup"`
}

type exactOther struct {
	A int `json:"a"` // conflicts with exactInner.A at the same depth: both dropped
	E int `json:"e"`
}

type exactDeep struct{ exactOther }

type ExactHidden struct {
	Z string `json:"z"`
}

type ExactNamedInt int

type exactUnexportedInt int

type exactEmbedding struct {
	exactInner                         // unexported embedded struct: promoted
	*exactOther                        // unexported embedded pointer: promoted while set
	Exact              exactDeep       // a named field, not promoted
	exactDeep                          // depth 2 fields, hidden by depth 1 ones
	*ExactHidden       `json:"hidden"` // tagged: a named field
	ExactNamedInt                      // embedded non-struct, exported: a field "ExactNamedInt"
	exactUnexportedInt                 // embedded non-struct, unexported: ignored
	Dup1               int             `json:"dup"`  // beats exactInner.D (depth 1 wins)
	Two1               int             `json:"Two2"` // tagged beats untagged at equal depth
	Two2               int
	Tag1               int     `json:"tag"` // tagged beats untagged at equal depth
	Tag                int     // its Go name is "Tag" (another key)
	Bad                int     `json:"a€b"` // an invalid tag name: the Go name
	Esc                int     `json:"<&>"`
	Quoted             int64   `json:"q,string"`
	QuotedS            string  `json:"qs,string"`
	QuotedB            bool    `json:"qb,string"`
	QuotedF            float64 `json:"qf,string,omitempty"`
	QuotedP            *int    `json:"qp,string"`
	QuotedU            uint16  `json:"qu,string"`
	//lint:ignore SA5008 the option on a non-scalar, which encoding/json ignores: so must the codec
	QuotedIgnored []int `json:"qi,string"` // not a scalar: the option does nothing
}

type ExactPublic struct {
	X int `json:"x"`
}

type exactPtrEmbedding struct {
	*ExactPublic     // exported: decoding allocates it
	Y            int `json:"y"`
}

func TestEncodingJSONFieldRules(t *testing.T) {
	t.Parallel()
	n := 9
	values := []any{
		&exactEmbedding{},
		&exactEmbedding{exactInner: exactInner{A: 1, B: "b", C: true, D: 4}, exactOther: &exactOther{A: 2, E: 3},
			Exact: exactDeep{exactOther{A: 5, E: 6}}, exactDeep: exactDeep{exactOther{A: 7, E: 8}}, ExactHidden: &ExactHidden{Z: "z"},
			ExactNamedInt: 3, exactUnexportedInt: 4, Dup1: 5, Two1: 6, Two2: 7, Tag1: 8, Tag: 9, Bad: 10, Esc: 11,
			Quoted: -12, QuotedS: `s "<q>" é`, QuotedB: true, QuotedF: 1.5e-7, QuotedP: &n, QuotedU: 65535, QuotedIgnored: []int{1}},
		&exactPtrEmbedding{Y: 1},
		&exactPtrEmbedding{ExactPublic: &ExactPublic{X: 2}, Y: 1},
	}
	for _, v := range values {
		sameAsEncodingJSON(t, v)
	}
	bodies := []string{
		`{"a": 1, "b": "x", "C": true, "dup": 2, "Exact": {"a": 4, "e": 5}, "hidden": {"z": "y"}, "ExactNamedInt": 6,
		  "Two2": 7, "tag": 8, "Tag": 9, "Bad": 10, "<&>": 11, "q": "12", "qs": "\"s\"", "qb": "true", "qf": "1.5", "qp": "13",
		  "qu": "14", "qi": [15], "exactUnexportedInt": 16, "z": "promoted?"}`,
		`{"q": "null", "qp": null, "qs": "null", "qf": "-0"}`,
		`{"qp": "null"}`,
		`{"q": "1e2", "qs": "s", "qb": 1, "qf": " 1", "qu": "70000", "qp": "x"}`,
		`{"E": 1, "x": 2, "X": 3, "y": 4}`,
	}
	compared := 0
	for _, body := range bodies {
		for _, newV := range []func() any{func() any { return &exactEmbedding{} }, func() any { return &exactPtrEmbedding{} }} {
			want, got := newV(), newV()
			refErr := json.Unmarshal([]byte(body), want)
			require.NoError(t, decodeInto([]byte(body), got), "%s", body)
			if refErr == nil {
				assert.Equal(t, want, got, "%s", body)
				compared++
			}
		}
	}
	assert.GreaterOrEqual(t, compared, 6, "most bodies are compared with encoding/json")

	// A field behind a nil unexported embedded pointer: encoding/json
	// cannot set the pointer (and says so), the codec skips the value.
	var through exactEmbedding
	require.Error(t, json.Unmarshal([]byte(`{"e": 3}`), &through))
	require.NoError(t, decodeInto([]byte(`{"e": 3, "dup": 1}`), &through))
	assert.Nil(t, through.exactOther)
	assert.Equal(t, 1, through.Dup1)
	through.exactOther = &exactOther{}
	require.NoError(t, decodeInto([]byte(`{"e": 3}`), &through))
	assert.Equal(t, 3, through.exactOther.E, "a set one is written through")

	// Values encoding/json refuses to read leave the codec's fields as
	// they were, not set to something else.
	var e exactEmbedding
	require.NoError(t, decodeInto([]byte(`{"q": "1e2", "qs": "s", "qb": 1, "qu": "70000", "qp": "x", "qf": " 1"}`), &e))
	assert.Equal(t, exactEmbedding{}, e)
}

type exactEmbedsTime struct {
	time.Time
	N int `json:"n"`
}

type exactHoldsRefused struct {
	Inner []*exactEmbedsTime `json:"inner"`
}

type exactBadWord struct {
	N int `json:"n" cekura:"flexible"`
}

type exactMisplacedWord struct {
	N string `json:"n" cekura:"flex"`
}

type exactQuotedNumber struct {
	N json.Number `json:"n,string"`
}

func TestTheCodecRefusesWhatItCannotDoAsEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v     any
		words []string
	}{
		{&exactEmbedsTime{}, []string{"exactEmbedsTime", "Time", "MarshalJSON"}},
		{&exactHoldsRefused{}, []string{"exactEmbedsTime"}},
		{&exactBadWord{}, []string{"exactBadWord", "N", "flexible"}},
		{&exactMisplacedWord{}, []string{"exactMisplacedWord", "N", "flex"}},
		{&exactQuotedNumber{}, []string{"exactQuotedNumber", "N", ",string"}},
	} {
		_, err := marshal(tc.v)
		require.Error(t, err, "%T", tc.v)
		for _, w := range tc.words {
			assert.Contains(t, err.Error(), w)
		}
		err = unmarshal([]byte(`{}`), tc.v)
		require.Error(t, err, "%T", tc.v)
		assert.Contains(t, err.Error(), tc.words[0])
	}
}

func TestCekuraTagWords(t *testing.T) {
	t.Parallel()
	type tagged struct {
		N  int64                `json:"n" cekura:"flex"`
		I  int                  `json:"i" cekura:"flex"`
		B  bool                 `json:"b" cekura:"flex"`
		F  float64              `json:"f" cekura:"flex"`
		S  []string             `json:"s" cekura:"oneOrMany"`
		C  []int64              `json:"c" cekura:"comma"`
		Rs []*Run               `json:"rs" cekura:"keyed"`
		Fs []*KnowledgeBaseFile `json:"fs" cekura:"ids"`
	}
	var v tagged
	require.NoError(t, decodeInto([]byte(`{"n": " 10", "i": "-3", "b": "true", "f": " 0.25", "s": "one", "c": "118, 119",
		"rs": {"5": {"success": true}, "2": {"id": 9}, "3": null, "4": 1}, "fs": "[1, \"2\", {\"id\": 3}, true]"}`), &v))
	clearRaw(reflect.ValueOf(&v).Elem())
	assert.Equal(t, tagged{N: 10, I: -3, B: true, F: 0.25, S: []string{"one"}, C: []int64{118, 119},
		Rs: []*Run{{ID: 5, Success: true}, {ID: 9}}, Fs: []*KnowledgeBaseFile{{ID: 1}, {ID: 2}, {ID: 3}}}, v)
	b, err := marshal(&v)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"c":"118,119"`)
	ref, err := json.Marshal(&v)
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(string(ref), `"c":[118,119]`, `"c":"118,119"`, 1), string(b), "only comma differs from encoding/json")

	var w tagged
	require.NoError(t, decodeInto(ref, &w), "what encoding/json writes reads back")
	clearRaw(reflect.ValueOf(&w).Elem())
	assert.Equal(t, v, w)

	var bad tagged
	require.NoError(t, decodeInto([]byte(`{"n": "x", "b": "maybe", "f": "NaN", "s": 3, "c": "1,x", "rs": "r", "fs": 5}`), &bad))
	assert.Equal(t, tagged{}, bad, "values that do not fit leave the fields zero")
	assert.True(t, slices.Equal([]int64{}, mustDecodeComma(t, `""`)), `"" is no ids`)
}

func mustDecodeComma(t *testing.T, js string) []int64 {
	t.Helper()
	type commaOnly struct {
		C []int64 `json:"c" cekura:"comma"`
	}
	var v commaOnly
	require.NoError(t, decodeInto([]byte(`{"c": `+js+`}`), &v))
	require.NotNil(t, v.C)
	return v.C
}

// FuzzFieldRulesAgreeWithEncodingJSON decodes arbitrary bodies into the
// test-local structs of embedding, dominance and ,string: wherever
// encoding/json reads a body without error, the codec reads the same values.
func FuzzFieldRulesAgreeWithEncodingJSON(f *testing.F) {
	f.Add([]byte(`{"a": 1, "b": "x", "C": true, "dup": 2, "Exact": {"a": 4}, "hidden": {"z": "y"}, "q": "12", "qs": "\"s\"", "qp": "null"}`))
	f.Add([]byte(`{"x": 2, "X": 3, "y": 4, "qb": "false", "qf": "1e2", "qu": "7"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newV := range []func() any{func() any { return &exactEmbedding{} }, func() any { return &exactPtrEmbedding{} }} {
			want, got := newV(), newV()
			err := decodeInto(bytes.Clone(body), got)
			if !json.Valid(body) {
				if err == nil {
					t.Fatalf("accepted invalid JSON %q", body)
				}
				return
			}
			if json.Unmarshal(body, want) != nil {
				continue
			}
			if err != nil || !reflect.DeepEqual(want, got) {
				t.Fatalf("%q: codec %+v (%v), encoding/json %+v", body, got, err, want)
			}
			a, errA := marshal(got)
			b, errB := json.Marshal(want)
			if (errA == nil) != (errB == nil) || string(a) != string(b) {
				t.Fatalf("%q: codec writes %s, encoding/json %s", body, a, b)
			}
		}
	})
}
