package cekura

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// suiteKeys are the keys each object of a suite file may hold: the
// schema's additionalProperties: false. TestSuiteKeysMatchSchema holds
// them to the schema and to the Go types' JSON tags.
var suiteKeys = map[string][]string{
	"file":         {"$schema", "version", "suite", "defaults", "scenarios"},
	"suite":        {"name", "description"},
	"defaults":     {"frequency", "concurrency_limit", "language", "max_duration", "metrics", "personality", "test_profile", "tags"},
	"scenario":     {"name", "key", "type", "instructions", "conditional_actions", "expected_outcome", "first_message", "metrics", "personality", "test_profile", "tags", "tools", "language", "frequency", "max_duration"},
	"personality":  {"base", "name", "prompt", "language", "voice_model", "voice_id", "background_noise", "accent", "provider", "speed", "end_call_enabled"},
	"test_profile": {"name", "agent_variables", "caller_variables"},
}

// suiteWalker checks a suite file's shape on its decoded JSON: unknown keys,
// values of the wrong type, integers under their minimum. The typed rules
// (Suite.validate) run on the decoded Suite after it.
type suiteWalker struct {
	problems []FieldProblem
}

func (w *suiteWalker) add(field, msg string) {
	w.problems = append(w.problems, FieldProblem{Field: field, Message: msg})
}

// covers reports whether a problem at field would repeat one the walker
// found at it or above it.
func (w *suiteWalker) covers(field string) bool {
	for _, p := range w.problems {
		if field == p.Field || strings.HasPrefix(field, p.Field+".") || strings.HasPrefix(field, p.Field+"[") {
			return true
		}
	}
	return false
}

func suiteJoin(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// object checks an object's keys against its kind's list, and returns it.
func (w *suiteWalker) object(at, kind string, v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		w.add(at, "must be an object (got "+jsonKind(v)+")")
		return nil, false
	}
	for _, k := range sortedKeys(m) {
		if slices.Contains(suiteKeys[kind], k) {
			continue
		}
		switch {
		case k == "agent_id" && kind == "file":
			w.add(suiteJoin(at, k), "is not allowed in a suite file: the agent to test is chosen by the request (RunSuiteRequest.AgentID), so one file runs against any agent")
		case kind == "personality" && (strings.Contains(k, "interrupt") || strings.Contains(k, "audio") || strings.Contains(k, "noise")):
			w.add(suiteJoin(at, k), "cannot be set inline (interruption and fine audio controls belong to a saved personality: use base)")
		default:
			w.add(suiteJoin(at, k), "is not a field of "+suiteObjectName[kind]+" (allowed: "+strings.Join(suiteKeys[kind], ", ")+")")
		}
	}
	return m, true
}

var suiteObjectName = map[string]string{
	"file": "a suite file", "suite": "suite", "defaults": "defaults", "scenario": "a test case",
	"personality": "an inline personality", "test_profile": "inline test data",
}

func (w *suiteWalker) str(at string, v any) {
	if _, ok := v.(string); !ok {
		w.add(at, "must be a string (got "+jsonKind(v)+")")
	}
}

func (w *suiteWalker) integer(at string, v any, min int64) {
	n, ok := v.(json.Number)
	if !ok {
		w.add(at, "must be an integer (got "+jsonKind(v)+")")
		return
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		f, ferr := n.Float64()
		if ferr != nil || f != float64(int64(f)) {
			w.add(at, "must be an integer (got "+n.String()+")")
			return
		}
		i = int64(f)
	}
	if i < min {
		w.add(at, "is "+strconv.FormatInt(i, 10)+"; at least "+strconv.FormatInt(min, 10))
	}
}

func (w *suiteWalker) array(at string, v any, max int) ([]any, bool) {
	a, ok := v.([]any)
	if !ok {
		w.add(at, "must be a list (got "+jsonKind(v)+")")
		return nil, false
	}
	if len(a) > max {
		w.add(at, "has "+strconv.Itoa(len(a))+" items; at most "+strconv.Itoa(max)+" are allowed")
	}
	return a, true
}

func (w *suiteWalker) strings(at string, v any, max int) {
	a, _ := w.array(at, v, max)
	for i, item := range a {
		w.str(at+"["+strconv.Itoa(i)+"]", item)
	}
}

func (w *suiteWalker) top(m map[string]any) {
	w.object("", "file", m)
	for _, k := range sortedKeys(m) {
		v := m[k]
		switch k {
		case "$schema":
			w.str(k, v)
		case "version":
			if s, ok := v.(string); !ok {
				w.add(k, `must be the string "1" (got `+jsonKind(v)+")")
			} else if s != SuiteVersion {
				w.add(k, "is "+strconv.Quote(s)+`; this SDK reads version "1"`)
			}
		case "suite":
			if o, ok := w.object(k, "suite", v); ok {
				for _, kk := range sortedKeys(o) {
					vv := o[kk]
					if kk == "name" || kk == "description" {
						w.str(suiteJoin(k, kk), vv)
					}
				}
			}
		case "defaults":
			w.defaults(v)
		case "scenarios":
			if a, ok := w.array(k, v, MaxSuiteCases); ok {
				for i, c := range a {
					w.scenario("scenarios["+strconv.Itoa(i)+"]", c)
				}
			}
		}
	}
}

// common checks the fields defaults and test cases share.
func (w *suiteWalker) common(at, k string, v any) {
	switch k {
	case "frequency", "max_duration", "concurrency_limit":
		w.integer(suiteJoin(at, k), v, 1)
	case "language":
		w.str(suiteJoin(at, k), v)
	case "metrics":
		a, _ := w.array(suiteJoin(at, k), v, 64)
		for i, item := range a {
			switch item.(type) {
			case json.Number:
				w.integer(suiteJoin(at, k)+"["+strconv.Itoa(i)+"]", item, 1)
			case string:
			default:
				w.add(suiteJoin(at, k)+"["+strconv.Itoa(i)+"]", "must be a metric id or slug (got "+jsonKind(item)+")")
			}
		}
	case "personality":
		if _, ok := v.(json.Number); ok {
			w.integer(suiteJoin(at, k), v, 1)
		} else if o, ok := w.object(suiteJoin(at, k), "personality", v); ok {
			w.personality(suiteJoin(at, k), o)
		}
	case "test_profile":
		if _, ok := v.(json.Number); ok {
			w.integer(suiteJoin(at, k), v, 1)
		} else if o, ok := w.object(suiteJoin(at, k), "test_profile", v); ok {
			w.testProfile(suiteJoin(at, k), o)
		}
	case "tags":
		w.strings(suiteJoin(at, k), v, 32)
	}
}

func (w *suiteWalker) defaults(v any) {
	o, ok := w.object("defaults", "defaults", v)
	if !ok {
		return
	}
	for _, k := range sortedKeys(o) {
		vv := o[k]
		w.common("defaults", k, vv)
	}
}

func (w *suiteWalker) scenario(at string, v any) {
	o, ok := w.object(at, "scenario", v)
	if !ok {
		return
	}
	for _, k := range sortedKeys(o) {
		vv := o[k]
		switch k {
		case "name", "key", "type", "instructions", "expected_outcome", "first_message":
			w.str(suiteJoin(at, k), vv)
		case "conditional_actions":
			if _, ok := vv.(map[string]any); !ok {
				w.add(suiteJoin(at, k), "must be an object (got "+jsonKind(vv)+")")
			}
		case "tools":
			w.strings(suiteJoin(at, k), vv, 16)
		default:
			w.common(at, k, vv)
		}
	}
}

func (w *suiteWalker) personality(at string, o map[string]any) {
	for _, k := range sortedKeys(o) {
		v := o[k]
		switch k {
		case "base":
			w.integer(suiteJoin(at, k), v, 1)
		case "speed":
			n, ok := v.(json.Number)
			if !ok {
				w.add(suiteJoin(at, k), "must be a number (got "+jsonKind(v)+")")
			} else if f, err := n.Float64(); err != nil || f < 0.8 || f > 1.2 {
				w.add(suiteJoin(at, k), "is "+n.String()+"; 0.8 to 1.2 (1.0 is normal pace)")
			}
		case "prompt", "voice_id":
			if sv, ok := v.(string); !ok {
				w.add(suiteJoin(at, k), "must be a string (got "+jsonKind(v)+")")
			} else if sv == "" {
				w.add(suiteJoin(at, k), "must not be empty")
			}
		case "end_call_enabled":
			if _, ok := v.(bool); !ok {
				w.add(suiteJoin(at, k), "must be true or false (got "+jsonKind(v)+")")
			}
		default:
			if slices.Contains(suiteKeys["personality"], k) {
				w.str(suiteJoin(at, k), v)
			}
		}
	}
}

func (w *suiteWalker) testProfile(at string, o map[string]any) {
	if len(o) == 0 {
		w.add(at, "is empty; give agent_variables or caller_variables, or a test profile id")
	}
	for _, k := range sortedKeys(o) {
		v := o[k]
		switch k {
		case "name":
			w.str(suiteJoin(at, k), v)
		case "agent_variables", "caller_variables":
			if _, ok := v.(map[string]any); !ok {
				w.add(suiteJoin(at, k), "must be an object (got "+jsonKind(v)+")")
			}
		}
	}
}

// sortProblems orders problems by their location in the file: keys as
// text, list indexes as numbers (scenarios[2] before scenarios[10]).
func sortProblems(ps []FieldProblem) {
	slices.SortStableFunc(ps, func(a, b FieldProblem) int { return compareLocations(a.Field, b.Field) })
}

func compareLocations(a, b string) int {
	for a != "" && b != "" {
		ia, ib := strings.IndexByte(a, '['), strings.IndexByte(b, '[')
		if ia < 0 || ib < 0 || a[:ia] != b[:ib] {
			return strings.Compare(a, b)
		}
		a, b = a[ia+1:], b[ib+1:]
		ea, eb := strings.IndexByte(a, ']'), strings.IndexByte(b, ']')
		if ea < 0 || eb < 0 {
			return strings.Compare(a, b)
		}
		na, erra := strconv.Atoi(a[:ea])
		nb, errb := strconv.Atoi(b[:eb])
		if erra != nil || errb != nil {
			return strings.Compare(a, b)
		}
		if na != nb {
			return na - nb
		}
		a, b = a[ea+1:], b[eb+1:]
	}
	return strings.Compare(a, b)
}

// jsonKind names a decoded JSON value's type.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "something else"
}

// sortedKeys returns an object's keys in order, so that problems are
// reported in the same order every time.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
