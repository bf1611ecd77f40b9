package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The fake's answers are checked against the API's own OpenAPI descriptions
// of the agents endpoints, which live beside the repository (../shared/spec),
// not in it: the revision the SDK was first written against (2026-06) and
// the current one (2026-08). Set CEKURA_SPEC_DIR to use another folder.
// Without the files these tests skip on a developer's machine, and fail in
// CI (CI=true), where they must run.

// specRevisions are the descriptions checked, oldest first.
var specRevisions = []string{"aiagents-v2-2026-06.json", "aiagents-v2-2026-08.json", "cekura-openapi-2026-08-20.json"}

func loadSpec(t *testing.T, name string) map[string]any {
	t.Helper()
	dir := os.Getenv("CEKURA_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "spec")
	}
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the API description is not at %s, and CI must check the fake against it: %v", path, err)
		}
		t.Skipf("the API description is not at %s (set CEKURA_SPEC_DIR): %v", path, err)
	}
	var spec map[string]any
	require.NoError(t, json.Unmarshal(b, &spec))
	return spec
}

// schemaChecker is the part of JSON Schema (OpenAPI 3.1 flavour, with 3.0's
// nullable) that the agents description uses: $ref, allOf, oneOf, anyOf,
// type, enum, properties, required, items, additionalProperties, maxLength,
// and the date-time and uri formats. In a response a writeOnly property
// must not appear.
type schemaChecker struct {
	root map[string]any
}

func (c *schemaChecker) check(schema map[string]any, v any, path string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return c.check(c.resolve(ref), v, path)
	}
	var errs []string
	for _, sub := range list(schema["allOf"]) {
		errs = append(errs, c.check(sub.(map[string]any), v, path)...)
	}
	if subs := list(schema["oneOf"]); len(subs) > 0 {
		matches := 0
		for _, sub := range subs {
			if len(c.check(sub.(map[string]any), v, path)) == 0 {
				matches++
			}
		}
		if matches != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of the oneOf schemas, not exactly 1", path, matches))
		}
	}
	if subs := list(schema["anyOf"]); len(subs) > 0 {
		ok := false
		for _, sub := range subs {
			ok = ok || len(c.check(sub.(map[string]any), v, path)) == 0
		}
		if !ok {
			errs = append(errs, path+": matches none of the anyOf schemas")
		}
	}
	if types := typesOf(schema); len(types) > 0 && !slices.Contains(types, jsonType(v)) &&
		!(jsonType(v) == "integer" && slices.Contains(types, "number")) {
		return append(errs, fmt.Sprintf("%s: is %s, want %v", path, jsonType(v), types))
	}
	if enum := list(schema["enum"]); len(enum) > 0 && !slices.ContainsFunc(enum, func(e any) bool { return e == v }) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	switch t := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, r := range list(schema["required"]) {
			if _, ok := t[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q is missing", path, r))
			}
		}
		for k, val := range t {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if ap, ok := schema["additionalProperties"].(bool); ok && !ap {
					errs = append(errs, fmt.Sprintf("%s: property %q is not allowed", path, k))
				}
				continue
			}
			if wo, _ := ps["writeOnly"].(bool); wo {
				errs = append(errs, fmt.Sprintf("%s.%s: a writeOnly property is in a response", path, k))
			}
			errs = append(errs, c.check(ps, val, path+"."+k)...)
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range t {
				errs = append(errs, c.check(items, item, path+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case string:
		if ml, ok := schema["maxLength"].(float64); ok && float64(len([]rune(t))) > ml {
			errs = append(errs, fmt.Sprintf("%s: longer than %v", path, ml))
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, t); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %q is not a date-time", path, t))
			}
		case "uri":
			if u, err := url.Parse(t); err != nil || !u.IsAbs() {
				errs = append(errs, fmt.Sprintf("%s: %q is not an absolute URI", path, t))
			}
		}
	}
	return errs
}

func (c *schemaChecker) resolve(ref string) map[string]any {
	var node any = c.root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		node = node.(map[string]any)[part]
	}
	return node.(map[string]any)
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func typesOf(schema map[string]any) []string {
	var types []string
	switch t := schema["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				types = append(types, s)
			}
		}
	}
	if n, _ := schema["nullable"].(bool); n && len(types) > 0 {
		types = append(types, "null")
	}
	return types
}

func jsonType(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if t == float64(int64(t)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// responseSchema returns the JSON schema of an operation's answer, or nil
// when the description documents no body for that status.
func responseSchema(spec map[string]any, template, method string, status int) map[string]any {
	op, _ := spec["paths"].(map[string]any)[template].(map[string]any)[strings.ToLower(method)].(map[string]any)
	resp, _ := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema
}

func TestCheckerRejectsWhatTheSpecForbids(t *testing.T) {
	spec := loadSpec(t, specRevisions[0])
	c := &schemaChecker{root: spec}
	agent := c.resolve("#/components/schemas/AIAgentV2")
	bad := map[string]any{
		"id": "1", "name": "n", "description": "d", "language": "xx", "webhook_secret": "s",
		"created_at": "yesterday", "telephony": map[string]any{"sip_auth": nil},
		"provider":           map[string]any{"credentials": map[string]any{"config": map[string]any{"public_key": "pk"}}},
		"predefined_metrics": map[string]any{},
	}
	errs := strings.Join(c.check(agent, bad, "$"), "\n")
	for _, want := range []string{"$.id: is string", "$.language: xx is not one of", "$.created_at: \"yesterday\" is not a date-time",
		"$.predefined_metrics: a writeOnly property", "$.telephony.sip_auth: matches 2 of the oneOf", "$.provider.credentials: matches 0"} {
		require.Contains(t, errs, want)
	}
	require.NotEmpty(t, c.check(agent, map[string]any{"name": "n"}, "$"), "description is required")
}

// TestEveryAnswerMatchesTheSpec drives every endpoint through success and
// failure and checks each JSON answer against the operation's schema, in
// every revision of the description.
func TestEveryAnswerMatchesTheSpec(t *testing.T) {
	for _, name := range specRevisions {
		t.Run(name, func(t *testing.T) { everyAnswerMatches(t, name) })
	}
}

// changedSince lists, per revision, the answer fields whose type the API
// changed in a later revision: the fake answers as the current one does.
var changedSince = map[string][]string{
	// A string ("[1, 2, 3]") in 2026-06, an array of file objects in 2026-08.
	"aiagents-v2-2026-06.json": {"knowledge_base_files"},
}

func everyAnswerMatches(t *testing.T, name string) {
	spec := loadSpec(t, name)
	checker := &schemaChecker{root: spec}
	s := NewServer(WithPageSize(2))
	defer s.Close()
	const coll, item = "/test_framework/v2/aiagents/", "/test_framework/v2/aiagents/{id}/"
	full := `{"name": "Support Bot", "description": "d", "project": 1376, "language": "multi",
		"telephony": {"phone_number": "+14155551234", "inbound": true, "sip_uri": "sip:a@b.example", "sip_auth": {"username": "u", "password": "p"}, "outbound_numbers": ["+14155550000"]},
		"provider": {"type": "livekit", "agent_id": "lk", "credentials": {"api_key": "k", "config": {"api_secret": "s", "url": "wss://l"}},
		             "chat_agent_details": {"type": "retell", "config": {"agent_id": "c"}}, "auto_dial_outbound": true, "auto_import_calls": false, "auto_sync_prompt": null},
		"agent_speaks_first": false, "predefined_metrics": [1], "webhook_url": "https://h.example/x", "webhook_secret": "w"}`
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", coll, coll, full, 201},
		{"POST", coll, coll, `{"name": "Minimal", "description": "d"}`, 201},
		{"POST", coll, coll, `{"name": "Cleared", "description": "d", "telephony": {"sip_uri": null, "sip_auth": null}, "provider": {"credentials": null, "chat_agent_details": null, "agent_id": null}, "agent_speaks_first": null}`, 201},
		{"POST", coll, coll, `{"description": "", "telephony": {"outbound_numbers": ["x"]}, "provider": {"credentials": {"config": {}}, "type": "livekit"}}`, 400},
		{"GET", coll, coll, "", 200},
		{"GET", coll + "?page=2", coll, "", 200},
		{"GET", coll + "?project_id=1376&page_size=1", coll, "", 200},
		{"GET", item, item, "", 200},
		{"GET", "/test_framework/v2/aiagents/99/", item, "", 404},
		{"PUT", item, item, `{"name": "Replaced", "description": "d2", "provider": {"type": "vapi"}}`, 200},
		{"PUT", item, item, `{"name": ""}`, 400},
		{"PATCH", item, item, `{"telephony": {"sip_uri": null}, "provider": {"auto_sync_prompt": true}}`, 200},
		{"PATCH", item, item, `{"language": "xx"}`, 400},
		{"DELETE", "/test_framework/v2/aiagents/2/?delete_related=true", item, "", 204},
		{"DELETE", "/test_framework/v2/aiagents/3/?delete_related=maybe", item, "", 400},
	}
	for _, st := range steps {
		path := strings.Replace(st.path, "{id}", "1", 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s", st.method, path)
		if status == 204 {
			require.Nil(t, body, "204 has no body")
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			for _, f := range changedSince[name] {
				if strings.Contains(e, "."+f+":") {
					return true
				}
			}
			return false
		})
		require.Empty(t, errs, "%s %s %d: %s", st.method, path, status, body)
	}
	// Answers the description has no schema for still take DRF's shape.
	for _, st := range []struct{ method, path, key string }{{"GET", coll, "wrong"}, {"POST", coll, ""}, {"PUT", "/test_framework/v2/aiagents/77/", "ok"}} {
		key := st.key
		if key == "ok" {
			key = s.APIKey()
		}
		_, _, body := raw(t, s, st.method, st.path, `{"name": "n", "description": "d"}`, key)
		detail, ok := body.(map[string]any)["detail"].(string)
		require.True(t, ok && detail != "", "%v", body)
	}
}

// specWireTypes are the answer fields the description types one way while
// the API sends another (its own examples show it): the fake answers as the
// API does. Each is a field path suffix.
var specWireTypes = []string{
	// Counts typed string; the API sends integers.
	".total_runs_count:", ".completed_runs_count:", ".success_runs_count:", ".failed_runs_count:",
	// A result's runs: an object keyed by run id in the detail view, a list
	// in the list view and in the trigger's answer ("The list endpoint
	// returns runs as an array of summaries").
	"$.results[0].runs:", "$.results[1].runs:",
	// A scenario's metrics in lists: typed string, "List of metrics
	// associated with this scenario".
	"].metrics:",
	// An outbound run's dial window in seconds: a string in the runs'
	// schemas, an integer in the run triggers' answer (its example: 300).
	"outbound_dial_window_seconds:",
	// A run's metric scores: the description requires all eight keys of
	// the old format, while its own text says score, enum and value come by
	// metric type, and the runs list names the current binary wire format
	// (eval_type "binary" with passed), which the fake sends.
	"evaluation.metrics[0]: required property",
}

// TestTheTestingLoopMatchesTheSpec drives scenarios, run triggers, results
// and runs through the fake and checks every answer against the whole API's
// description.
func TestTheTestingLoopMatchesTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer(WithPageSize(2))
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d"}`)
	require.Equal(t, 201, status)
	const sc, sci = "/test_framework/v1/scenarios/", "/test_framework/v1/scenarios/{id}/"
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", sc, sc, `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask", "tags": ["smoke"], "metrics": [3], "tool_ids": ["TOOL_DTMF"],
			"generated_mock_tool_entries": [{"tool_id": 1, "tool_name": "get_order", "new_entry": {"input": {"id": "A1"}, "output": {"ok": true}}}]}`, 201},
		{"POST", sc, sc, `{"name": "Status", "personality": 1, "agent": 1, "instructions": "ask", "tags": ["smoke"]}`, 201},
		{"POST", sc, sc, `{"name": "", "personality": "x"}`, 400},
		{"GET", sc + "?agent_id=1", sc, "", 200},
		{"GET", sci, sci, "", 200},
		{"PATCH", sci, sci, `{"folder_path": "Sales", "expected_outcome_prompt": "refunded", "generated_mock_tool_entries": null}`, 200},
		{"POST", sc + "adv_update/", sc + "adv_update/", `{"scenarios": [1, 2], "agent": 1, "append_instruction": " Be brief."}`, 200},
		{"POST", sc + "run_scenarios/", sc + "run_scenarios/", `{"agent_id": 1, "scenarios": [1, 2], "frequency": 2}`, 201},
		{"POST", sc + "run_scenarios_text/", sc + "run_scenarios_text/", `{"agent_id": 1, "tags": ["smoke"]}`, 201},
		{"POST", sc + "run_scenarios_sip/", sc + "run_scenarios_sip/", `{"agent_id": 1, "scenarios": [1]}`, 200},
		{"POST", sc + "run_scenarios/", sc + "run_scenarios/", `{"agent_id": 1}`, 400},
		{"GET", "/test_framework/v2/results/1/", "/test_framework/v2/results/{id}/", "", 200},
		{"GET", "/test_framework/v2/results/", "/test_framework/v2/results/", "", 200},
		{"GET", "/test_framework/v2/runs/1/", "/test_framework/v2/runs/{id}/", "", 200},
		{"GET", "/test_framework/v2/runs/?result_id=1", "/test_framework/v2/runs/", "", 200},
		{"GET", "/test_framework/v2/runs/bulk/?run_ids=1,2", "/test_framework/v2/runs/bulk/", "", 200},
		{"POST", sc + "generate-bg/", sc + "generate-bg/", `{"agent_id": 1, "num_scenarios": 2, "inbound_phone_number": 3}`, 200},
		{"DELETE", sci, sci, "", 204},
	}
	for i, st := range steps {
		if i == 11 { // let the runs finish on the fake's clock
			s.Advance(time.Minute)
		}
		path := strings.Replace(st.path, "{id}", "1", 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		if status == 204 {
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status == 400 {
			continue // not every operation documents its 400
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(specWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
	s.Advance(time.Hour)
	status, _, body := raw(t, s, "GET", "/test_framework/v1/scenarios/generate-progress/?progress_id=00000000-0000-4000-8000-000000000001", "")
	require.Equal(t, 200, status)
	schema := responseSchema(spec, "/test_framework/v1/scenarios/generate-progress/", "GET", 200)
	require.Empty(t, checker.check(schema, body, "$"))
}

// versionWireTypes are the fields of an agent's version that the
// description types string while its own text says the API resolves them
// ("versioned concrete fields + resolved related collections"): the fake
// sends the lists, as an agent has them.
var versionWireTypes = []string{
	".mock_tools: is array, want [string]", ".dynamic_variables: is array, want [string]",
	".knowledge_base_files: is array, want [string]",
}

// TestAgentSubResourcesMatchTheSpec checks the fake's answers of the
// agents' sub-resources (2026-08) against the whole API's description.
func TestAgentSubResourcesMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "provider": {"type": "vapi", "agent_id": "asst"},
		"mock_tools": [{"name": "get_order", "mock_data": []}], "dynamic_variables": [{"name": "v", "description": "d"}],
		"knowledge_base_files": [{"file_name": "faq.md", "content_base64": "IyBGQVE="}], "email_id": "a@b.example"}`)
	require.Equal(t, 201, status)
	const item = "/test_framework/v2/aiagents/{id}/"
	steps := []struct {
		method, sub, body string
		status            int
	}{
		{"GET", "", "", 200},
		{"GET", "knowledge_base/", "", 200},
		{"POST", "upload_knowledge_base/", `{"files": [{"name": "notes.txt", "content_base64": "aGk="}]}`, 201},
		{"GET", "personalities/", "", 200},
		{"POST", "enable_personalities/", `{"personalities": [1]}`, 200},
		{"POST", "disable_personalities/", `{"personalities": "all"}`, 200},
		{"GET", "history/", "", 200},
		{"PATCH", "history/edit/", `{"history_id": 1001, "version_name": "v1"}`, 200},
		{"POST", "restore/", `{"history_id": 1001}`, 200},
		{"POST", "duplicate/", `{"copy_scenarios": false}`, 201},
		{"POST", "auto-fetch/", "", 202},
		{"DELETE", "delete_knowledge_base/", "", 200},
	}
	for _, st := range steps {
		path := strings.Replace(item, "{id}", "1", 1) + st.sub
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		schema := responseSchema(spec, item+st.sub, st.method, status)
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, item+st.sub, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			// A knowledge base file's "file" is required and writeOnly at
			// once: never in an answer.
			return strings.Contains(e, `required property "file" is missing`) ||
				slices.ContainsFunc(versionWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
}

// callWireTypes are the call-log answer fields the description types one
// way while its own text, examples and webhooks show another (see the API
// notes): the fake answers as the API does.
var callWireTypes = []string{
	// Typed string in the list view; an array and an object in the detail
	// view and on the wire.
	".transcript_object:", ".evaluation:",
	// "The initial response shows status: evaluating" (observe's text), not
	// in the enum.
	"evaluating is not one of",
	// Transcript turns: the description's example and the webhooks carry
	// start_time/end_time, not the required timestamp.
	`required property "timestamp" is missing`,
	// Metric scores: as for runs (current binary format).
	"metrics[0]: required property",
}

// TestCallsAndMetricsMatchTheSpec checks the fake's production-call and
// metric answers against the whole API's description.
func TestCallsAndMetricsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d"}`)
	require.Equal(t, 201, status)
	const calls, call, metrics, metric = "/observability/v2/call-logs/", "/observability/v2/call-logs/{id}/", "/test_framework/v2/metrics/", "/test_framework/v2/metrics/{id}/"
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", "/observability/v1/observe/", "/observability/v1/observe/", `{"call_id": "c1", "agent": 1, "transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]}`, 201},
		{"GET", call, call, "", 200},
		{"GET", calls + "?agent_id=1", calls, "", 200},
		{"POST", calls + "rerun_evaluation/", calls + "rerun_evaluation/", `{"agent_id": 1, "call_logs": [1]}`, 200},
		{"POST", calls + "evaluate_metrics/", calls + "evaluate_metrics/", `{"agent_id": 1, "call_logs": [1], "metrics": [1]}`, 200},
		{"POST", metrics, metrics, `{"name": "Greeting", "type": "llm_judge", "eval_type": "binary", "agents": [1]}`, 201},
		{"GET", metrics, metrics, "", 200},
		{"GET", metric, metric, "", 200},
		{"PATCH", metric, metric, `{"description": "greets"}`, 200},
		{"DELETE", metric, metric, "", 204},
		{"DELETE", call, call, "", 204},
	}
	for i, st := range steps {
		if i == 2 {
			s.Advance(time.Minute) // evaluated
		}
		path := strings.Replace(st.path, "{id}", "1", 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		if status == 204 {
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(callWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
}

// profileWireTypes are the test-profile answer fields the description types
// one way while the fake sends another: the list view's scenarios, typed
// string ("List of scenarios using this test profile"), are sent as a list
// of {id, name} (the SDK also reads ids, and a list inside a string).
var profileWireTypes = []string{"].scenarios: is array"}

// TestTestProfilesAndSchedulesMatchTheSpec drives the test profiles and the
// schedules (cron jobs) through the fake and checks every answer against
// the whole API's description.
func TestTestProfilesAndSchedulesMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "project": 456}`)
	require.Equal(t, 201, status)
	const tp, tpi, cj, cji = "/test_framework/v1/test-profiles/", "/test_framework/v1/test-profiles/{id}/", "/schedules/v1/cron-jobs/", "/schedules/v1/cron-jobs/{id}/"
	info := `{"main_agent_variables": {"user_id": "U-42", "X-Tier": "gold"}, "testing_agent_variables": {"user_name": "John Doe"}}`
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", tp, tp, `{"agent": 1, "name": "Gold member", "information": ` + info + `}`, 200},
		{"POST", tp, tp, `{"project": 456, "name": "Project-wide", "information": {"user_id": "flat, as before"}}`, 200},
		{"POST", tp, tp, `{"name": "", "agent": "x"}`, 400},
		{"POST", "/test_framework/v1/scenarios/", "/test_framework/v1/scenarios/", `{"name": "Refund", "personality": 1, "agent": 1, "instructions": "ask", "test_profile": 1, "tags": ["smoke"]}`, 201},
		{"GET", tp + "?agent_id=1", tp, "", 200},
		{"GET", tp + "?project_id=456", tp, "", 200},
		{"GET", tpi, tpi, "", 200},
		{"PATCH", tpi, tpi, `{"name": "Platinum member", "project": null}`, 200},
		{"PUT", tpi, tpi, `{"name": "Replaced", "agent": 1, "information": ` + info + `}`, 200},
		{"POST", cj, cj, `{"name": "Daily Agent Test", "scenarios": [1], "agent": 1, "crontab_expression": "0 9 * * 1-5", "timezone": "America/New_York",
			"personalities": [1], "frequency": 2, "concurrency_limit": 3, "execution_mode": "voice", "notify_on": "failure"}`, 201},
		{"POST", cj, cj, `{"name": "Weekly Regression Test", "tags": ["smoke"], "agent": 1, "crontab_expression": "0 0 * * 0", "timezone": "UTC"}`, 201},
		{"POST", cj, cj, `{"crontab_expression": "0 9 * *"}`, 400},
		{"GET", cj, cj, "", 200},
		{"GET", cj + "?agent_id=1&project_id=456", cj, "", 200},
		{"GET", cji, cji, "", 200},
		{"PATCH", cji, cji, `{"crontab_expression": "0 8 * * 1-5", "is_active": false, "concurrency_limit": null}`, 200},
		{"PUT", cji, cji, `{"name": "Updated Daily Agent Test", "scenarios": [1], "agent": 1, "crontab_expression": "0 10 * * 1-5", "timezone": "America/Los_Angeles"}`, 200},
		{"DELETE", cji, cji, "", 204},
		{"DELETE", cji, cji, "", 404},
		{"DELETE", tpi, tpi, "", 204},
		{"DELETE", tpi, tpi, "", 404},
	}
	for _, st := range steps {
		path := strings.Replace(st.path, "{id}", "1", 1)
		status, _, body := raw(t, s, st.method, path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, path, body)
		if status == 204 {
			require.Nil(t, body, "204 has no body")
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status >= 400 {
			continue // the cron jobs document neither their 400 nor their 404's body
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(profileWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
}
