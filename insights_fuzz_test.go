package cekura

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzValidateInsightRequests builds the insight and session requests from
// arbitrary values: validation never panics, refuses with every problem
// keyed by a field of the request, accepts only what the API takes (a
// project, ranges the right way round, lengths in characters), and what it
// accepts encodes as encoding/json.
func FuzzValidateInsightRequests(f *testing.F) {
	f.Add(int64(1376), int64(118), "Refund policy", 0, "feedback", int64(30), 7, 500, "voicemail", int64(501), "title", "user")
	f.Add(int64(0), int64(-1), " ", -1, "", int64(-5), 31, 5, strings.Repeat("x", 2001), int64(0), strings.Repeat("t", 256), "system")
	f.Add(int64(-7), int64(0), "\xff", 3, "é", int64(0), 0, 0, "", int64(-2), "", "")
	f.Fuzz(func(t *testing.T, project, metric int64, name string, index int, note string, days int64, window, maxCalls int, focus string, id int64, title, role string) {
		bulk := &BulkGenerateInsightsRequest{ProjectID: project, MetricNames: []string{name}}
		if checkRefusalOrEncoding(t, bulk, false, "project", "metric_names[0]") {
			if project <= 0 || strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > maxNameLen {
				t.Fatalf("accepted %+v", bulk)
			}
		}
		fix := &FixCategoryMetricRequest{ProjectID: project, MetricID: metric, FailureModeIndex: index, Feedback: note, ExpectedValue: Some[any](index)}
		if name == "" {
			fix.ExpectedValue = Some[any](name)
		}
		if checkRefusalOrEncoding(t, fix, false, "project", "metric_id", "failure_mode_index", "expected_value") {
			if project <= 0 || metric <= 0 || index < 0 || name == "" {
				t.Fatalf("accepted %+v", fix)
			}
		}
		days %= 10000 // no overflow of the duration below
		from := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
		gen := &GenerateResearchRequest{ProjectID: project, WindowDays: window, MaxCalls: maxCalls, Focus: focus, DateFrom: from, DateTo: from.Add(time.Duration(days) * time.Hour)}
		if checkRefusalOrEncoding(t, gen, false, "project", "window_days", "date_to", "max_calls", "focus") {
			if project <= 0 || days <= 0 || (window != 0 && (window < 1 || window > 30)) || (maxCalls != 0 && (maxCalls < 10 || maxCalls > 1000)) ||
				utf8.RuneCountInString(focus) > 2000 {
				t.Fatalf("accepted %+v", gen)
			}
		}
		dismiss := &DismissResearchModeRequest{ProjectID: project, InsightID: id, ModeTitle: title, ModeSeverity: note, Note: focus}
		if checkRefusalOrEncoding(t, dismiss, false, "project", "insight", "mode_title", "mode_severity") {
			if project <= 0 || id < 0 || strings.TrimSpace(title) == "" || utf8.RuneCountInString(title) > 200 || utf8.RuneCountInString(note) > 20 {
				t.Fatalf("accepted %+v", dismiss)
			}
		}
		session := &CreateAgentImprovementRequest{ProjectID: project, ScenarioIDs: []int64{id}, ProviderKey: Secret(note)}
		if index%2 == 0 {
			session.RunIDs = []int64{metric}
		}
		if checkRefusalOrEncoding(t, session, false, "project", "call_log_ids", "run_ids", "scenario_ids", "provider_key") {
			if id <= 0 || project < 0 || session.RunIDs != nil {
				t.Fatalf("accepted %+v", session)
			}
		}
		update := &UpdateScenarioImprovementRequest{Title: Some(title), ConversationHistory: Some([]ConversationItem{{Role: ConversationRole(role), Content: note}})}
		if id != 0 {
			update.ProjectID = Some(id)
		}
		if checkRefusalOrEncoding(t, update, true, "title", "project", "conversation_history[0].role", "request") {
			if utf8.RuneCountInString(title) > maxNameLen || (id != 0 && id < 0) || !ConversationRole(role).Valid() {
				t.Fatalf("accepted %+v", update)
			}
		}
	})
}

// FuzzDecodeInsights decodes arbitrary bodies as the insight answers: never
// a panic, invalid JSON refused, every object decoded; a list of failure
// modes reads the same bare or inside a JSON string; an undescribed list
// reads bare exactly as encoding/json reads it.
func FuzzDecodeInsights(f *testing.F) {
	f.Add([]byte(failureInsightJSON))
	f.Add([]byte(researchInsightJSON))
	f.Add([]byte(`[{"slug": "a", "count": 3}, {"slug": 4}]`))
	f.Add([]byte(`{"x": [1], "categories": [{"slug": "a"}, "b"], "dates": ["2026-08-20"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		valid := json.Valid(body)
		for _, v := range []any{new(FailureInsight), new(ResearchInsight), new(InsightDates), new(listAnswer[FailureCategory]), new(AgentImprovementSession)} {
			err := decodeInto(bytes.Clone(body), v)
			if !valid && err == nil {
				t.Fatalf("%T accepted invalid JSON %q", v, body)
			}
			if valid && isJSONObject(body) && err != nil {
				t.Fatalf("%T refused a JSON object: %v", v, err)
			}
		}
		if !valid {
			return
		}
		var modes []FailureMode
		if json.Unmarshal(body, &modes) == nil && bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			quoted, _ := json.Marshal(string(body))
			var bare, inString FailureInsight
			_ = decodeInto([]byte(`{"failure_modes": `+string(body)+`}`), &bare)
			_ = decodeInto([]byte(`{"failure_modes": `+string(quoted)+`}`), &inString)
			if len(bare.FailureModes) != len(modes) || len(inString.FailureModes) != len(modes) {
				t.Fatalf("%d modes read %d bare and %d in a string", len(modes), len(bare.FailureModes), len(inString.FailureModes))
			}
		}
		var cats []*FailureCategory
		if json.Unmarshal(body, &cats) == nil && bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			var a listAnswer[FailureCategory]
			if err := decodeInto(bytes.Clone(body), &a); err != nil || len(a.items) != len(cats) {
				t.Fatalf("a bare list of %d read as %d (%v)", len(cats), len(a.items), err)
			}
		}
	})
}
