package cekuratest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// alertWireTypes: the description gives every alerts action the schema of
// an alert (AlertDetail, the alerts viewset's default serializer), which
// the operations' own texts contradict (a report of fires, a progress_id,
// a count per alert). The fake answers as the texts say, so AlertDetail's
// required properties are missing there; every property the answers share
// with AlertDetail must still have its type. The one-alert review carries
// the alert's configuration, and is checked whole.
var alertWireTypes = []string{`$: required property "name" is missing`, `$: required property "project" is missing`,
	`$: required property "source_type" is missing`}

// TestCallLogsAndAlertsMatchTheSpec drives the call logs' update, vote,
// trace and scenarios from calls, and the alerts' review, summaries and
// counts, through the fake, and checks every answer against the whole
// API's description.
func TestCallLogsAndAlertsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	s := NewServer()
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "project": 1376}`)
	require.Equal(t, 201, status)
	alert := s.AddAlert(Alert{Name: "Calls failing", ProjectID: 1376})
	require.Equal(t, int64(1), alert)
	const calls, call = "/observability/v2/call-logs/", "/observability/v2/call-logs/{id}/"
	const alerts = "/observability/v1/alerts/"
	steps := []struct {
		method, path, template, body string
		status                       int
		wire                         []string // errors that are the description's, not the fake's
	}{
		{"POST", "/observability/v1/observe/", "/observability/v1/observe/", `{"call_id": "c1", "agent": 1, "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
			"transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]}`, 201, callWireTypes},
		{"POST", "/observability/v1/observe/", "/observability/v1/observe/", `{"call_id": "c2", "agent": 1}`, 201, callWireTypes},
		{"PATCH", "/observability/v2/call-logs/1/", call, `{"status": "reviewed_success", "feedback": "fine", "call_id": "c1b", "duration": 1.5,
			"timestamp": "2026-08-20T10:15:45Z", "call_ended_reason": "customer-ended-call", "customer_number": "+14155551234",
			"metadata": {"twilio_insights": {"call_sid": "CA123"}}, "dynamic_variables": {"plan": "gold"}, "reevaluate_metrics": false,
			"transcript_type": "cekura", "transcript_json": [{"role": "Main Agent", "content": "Hello", "start_time": 0, "end_time": 1}]}`, 200, callWireTypes},
		{"PATCH", "/observability/v2/call-logs/1/", call, `{"status": "evaluating", "duration": -1, "metadata": [1]}`, 400, nil},
		{"POST", "/observability/v2/call-logs/1/mark_metric_vote/", call + "mark_metric_vote/", `{"metric_id": 1, "thumbs_up": false, "expected_value": true, "feedback": "no"}`, 200, nil},
		{"POST", "/observability/v2/call-logs/1/mark_metric_vote/", call + "mark_metric_vote/", `{"metric_id": "x"}`, 400, nil},
		{"GET", "/observability/v1/call-logs/1/trace/", "/observability/v1/call-logs/{id}/trace/", "", 200, nil},
		{"GET", "/observability/v1/call-logs/2/trace/", "/observability/v1/call-logs/{id}/trace/", "", 404, nil},
		{"POST", calls + "create_scenarios/", calls + "create_scenarios/", `{"agent_id": 1, "call_logs": [1, 2], "copy_to_agent": null}`, 200, nil},
		{"POST", calls + "create_scenarios/", calls + "create_scenarios/", `{"assistant_id": "asst_none", "call_logs": "all"}`, 400, nil},
		{"GET", calls + "create_scenarios_progress/?progress_id=00000000-0000-4000-9000-000000000001", calls + "create_scenarios_progress/", "", 200, nil},
		{"GET", alerts + "review/?hours=24", alerts + "review/", "", 200, alertWireTypes},
		{"GET", alerts + "1/review_detail/?page_size=1", alerts + "{id}/review_detail/", "", 200, nil},
		{"POST", alerts + "1/summarize/", alerts + "{id}/summarize/", `{"hours": 24}`, 200, alertWireTypes},
		{"GET", alerts + "summarize_progress/?progress_id=00000000-0000-4000-a000-000000000002", alerts + "summarize_progress/", "", 200, alertWireTypes},
		{"GET", alerts + "trigger_summary/?project_id=1376", alerts + "trigger_summary/", "", 200, alertWireTypes},
	}
	for i, st := range steps {
		if i == 4 || i == 10 || i == 14 {
			s.Advance(time.Hour) // the evaluations, the creation and the summary finish
		}
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status >= 400 {
			continue // not every operation documents its 400 and 404 bodies
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(st.wire, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, st.path, status, body)
	}
}
