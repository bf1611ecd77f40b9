package cekuratest

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// dashboardWireTypes are the dashboard answer fields the description
// types one way while the fake sends another, as the description's own
// text says: a stat chart's data is one object ("stat — {data:
// {total_calls, success_rate, avg_duration, p95_latency}, …}", the data
// operation's text), where the schema types data as a list.
var dashboardWireTypes = []string{"$.data: is object, want [array]"}

// TestDashboardsAndWidgetsMatchTheSpec drives every dashboard and widget
// operation through the fake, success and failure, and checks each JSON
// answer against the whole API's description.
func TestDashboardsAndWidgetsMatchTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	at := time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC)
	s := NewServer(WithClock(func() time.Time { return at }), WithPageSize(2))
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "project": 7}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", metricsPath, `{"name": "Greeting", "type": "llm_judge", "eval_type": "binary", "agents": [1]}`)
	require.Equal(t, 201, status)
	for i, reason := range []string{"customer_ended_call", "agent_ended_call", "customer_ended_call"} {
		status, _, _ = raw(t, s, "POST", observePath, `{"call_id": "c`+string(rune('1'+i))+`", "agent": 1, "call_ended_reason": "`+reason+`",
			"metadata": {"region": "eu"}, "transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 42}]}`)
		require.Equal(t, 201, status)
		s.Advance(time.Hour)
	}
	week := `{"operator": "and", "conditions": [{"field": "timestamp", "op": "gte", "value": "now-7d"}, {"field": "timestamp", "op": "lte", "value": "now"}]}`
	const (
		dc, di, dd, db = "/dashboards/dashboards/", "/dashboards/dashboards/{id}/", "/dashboards/dashboards/{id}/duplicate/", "/dashboards/dashboards/{id}/bulk_widgets/"
		wc, wi, wd     = "/dashboards/widgets/", "/dashboards/widgets/{id}/", "/dashboards/widgets/{id}/data/"
		wp, wb         = "/dashboards/widgets/preview_data/", "/dashboards/widgets/bulk_data/"
	)
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"POST", dc, dc, `{"name": "Support overview", "project": 7, "filters": ` + week + `}`, 201},
		{"POST", dc, dc, `{"name": null}`, 201},
		{"POST", dc, dc, `{"name": "x", "filters": {"field": "colour", "op": "eq", "value": 1}}`, 400},
		{"POST", wc, wc, `{"dashboard": 1, "name": "Duration", "chart_type": "line", "field": "duration"}`, 201},
		{"POST", wc, wc, `{"dashboard": 1, "name": "Calls per hour", "chart_type": "bar", "field": "duration", "aggregation_function": "count", "time_period": "hour",
			"group_by": {"type": "bucket", "interval": 3600000}, "metadata": {"x": 0, "w": 6}}`, 201},
		{"POST", wc, wc, `{"dashboard": 1, "name": "Endings", "chart_type": "pie", "field": "call_ended_reason", "filters": {"field": "metadata.region", "op": "eq", "value": "eu"}}`, 201},
		{"POST", wc, wc, `{"dashboard": 1, "name": "Totals", "chart_type": "stat", "data_type": null}`, 201},
		{"POST", wc, wc, `{"dashboard": 1, "chart_type": "line", "field": "metric_evaluations.value", "metric": 1}`, 201},
		{"POST", wc, wc, `{"chart_type": "bar", "field": "duration"}`, 400},
		{"GET", dc, dc, "", 200},
		{"GET", dc + "?project_id=7", dc, "", 200},
		{"GET", di, di, "", 200},
		{"PATCH", di, di, `{"name": "Support (EU)"}`, 200},
		{"GET", wc + "?dashboard_id=1&page=2", wc, "", 200},
		{"GET", wi, wi, "", 200},
		{"PATCH", wi, wi, `{"name": "Call duration", "group_by": {"type": "field", "field": "agent.id"}}`, 200},
		{"GET", wd, wd, "", 200},
		{"GET", "/dashboards/widgets/2/data/", wd, "", 200},
		{"GET", "/dashboards/widgets/3/data/", wd, "", 200},
		{"GET", "/dashboards/widgets/4/data/", wd, "", 200},
		{"GET", "/dashboards/widgets/5/data/?filters=" + url.QueryEscape(`{"field": "timestamp", "op": "gte", "value": "now-1d"}`), wd, "", 200},
		{"POST", wp, wp, `{"dashboard": 1, "chart_type": "pie", "field": "success"}`, 200},
		{"POST", wp, wp, `{"chart_type": "pie", "field": "success"}`, 400},
		{"POST", wp, wp, `{"chart_type": "stat", "filters": {"field": "timestamp", "op": "gte", "value": "2026-01-01"}}`, 400},
		{"POST", wb + "?page_size=2", wb, `{"widget_ids": [1, 2, 3], "filters": ` + week + `}`, 200},
		{"POST", db, db, `{"create": [{"name": "Agents", "chart_type": "pie", "field": "agent.agent_name"}], "update": [{"id": 1, "name": "Durations"}], "delete": [5]}`, 200},
		{"POST", db, db, `{"create": [{"chart_type": "donut"}], "delete": [99]}`, 400},
		{"POST", dd, dd, `{"name": "Support overview (copy)"}`, 201},
		{"POST", "/dashboards/dashboards/1/duplicate/", dd, ``, 201},
		{"DELETE", wi, wi, "", 204},
		{"DELETE", wi, wi, "", 404},
		{"DELETE", di, di, "", 204},
		{"GET", di, di, "", 404},
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
			continue // the dashboards document neither their 400 nor their 404's body
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := slices.DeleteFunc(checker.check(schema, body, "$"), func(e string) bool {
			return slices.ContainsFunc(dashboardWireTypes, func(f string) bool { return strings.Contains(e, f) })
		})
		require.Empty(t, errs, "%s %s %d: %v", st.method, path, status, body)
	}
}
