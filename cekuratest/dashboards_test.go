package cekuratest

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dashboardFake is a fake with a fixed clock, an agent, and three calls an
// hour apart (durations 40, 41 and 42 s; two ended by the customer, one by
// the agent; regions eu, eu, us), evaluated.
func dashboardFake(t *testing.T) *Server {
	t.Helper()
	at := time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC)
	s := New(t, WithClock(func() time.Time { return at }))
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "Support Bot", "description": "d", "project": 7}`)
	require.Equal(t, 201, status)
	for i, c := range []struct{ reason, region string }{{"customer_ended_call", "eu"}, {"agent_ended_call", "eu"}, {"customer_ended_call", "us"}} {
		status, _, body := raw(t, s, "POST", observePath, fmt.Sprintf(`{"call_id": "c%d", "agent": 1, "call_ended_reason": %q, "metadata": {"region": %q},
			"transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": %d}]}`, i, c.reason, c.region, 40+i))
		require.Equal(t, 201, status, "%v", body)
		s.Advance(time.Hour)
	}
	return s
}

func dataOf(t *testing.T, s *Server, path string) any {
	t.Helper()
	status, _, body := raw(t, s, "GET", path, "")
	require.Equal(t, 200, status, "%v", body)
	return body.(map[string]any)["data"]
}

func TestWidgetDataIsComputedFromTheCalls(t *testing.T) {
	s := dashboardFake(t)
	last2h := `{"field": "timestamp", "op": "gt", "value": "now-150m"}`
	status, _, _ := raw(t, s, "POST", dashboardsPath, `{"name": "Support", "project": 7, "filters": {"field": "timestamp", "op": "gte", "value": "today-7d"}}`)
	require.Equal(t, 201, status)
	for _, w := range []string{
		`{"dashboard": 1, "chart_type": "line", "field": "duration"}`,
		`{"dashboard": 1, "chart_type": "bar", "field": "duration", "aggregation_function": "avg", "time_period": "hour"}`,
		`{"dashboard": 1, "chart_type": "pie", "field": "call_ended_reason", "filters": {"field": "metadata.region", "op": "eq", "value": "eu"}}`,
		`{"dashboard": 1, "chart_type": "stat"}`,
		`{"dashboard": 1, "chart_type": "bar", "field": "success", "aggregation_function": "p95", "time_period": "day"}`,
	} {
		status, _, body := raw(t, s, "POST", widgetsPath, w)
		require.Equal(t, 201, status, "%s: %v", w, body)
	}
	assert.Equal(t, []any{
		map[string]any{"id": 1.0, "timestamp": "2026-08-20T09:00:00Z", "value": 40.0},
		map[string]any{"id": 2.0, "timestamp": "2026-08-20T10:00:00Z", "value": 41.0},
		map[string]any{"id": 3.0, "timestamp": "2026-08-20T11:00:00Z", "value": 42.0},
	}, dataOf(t, s, "/dashboards/widgets/1/data/"))
	assert.Equal(t, []any{
		map[string]any{"time_interval": "2026-08-20T10:00:00Z", "value": 41.0, "sample_count": 1.0},
		map[string]any{"time_interval": "2026-08-20T11:00:00Z", "value": 42.0, "sample_count": 1.0},
	}, dataOf(t, s, "/dashboards/widgets/2/data/?filters="+url.QueryEscape(last2h)), "the override replaces the widget's filters; the dashboard's still apply")
	assert.Equal(t, []any{
		map[string]any{"label": "agent_ended_call", "value": 1.0, "percentage": 50.0},
		map[string]any{"label": "customer_ended_call", "value": 1.0, "percentage": 50.0},
	}, dataOf(t, s, "/dashboards/widgets/3/data/"), "the widget's own filter: the two eu calls")
	assert.Equal(t, map[string]any{"total_calls": 3.0, "success_rate": 100.0, "avg_duration": 41.0, "p95_latency": 0.0}, dataOf(t, s, "/dashboards/widgets/4/data/"))
	assert.Equal(t, []any{map[string]any{"time_interval": "2026-08-20T00:00:00Z", "value": 1.0, "sample_count": 3.0}},
		dataOf(t, s, "/dashboards/widgets/5/data/"), "booleans count 1 and 0")

	// Filters as the API reads them.
	for filter, want := range map[string]float64{
		`{"operator": "or", "conditions": [{"field": "metadata.region", "op": "eq", "value": "us"}, {"field": "id", "op": "eq", "value": 1}]}`: 2,
		`{"field": "call_ended_reason", "op": "in", "value": ["agent_ended_call", "voicemail"]}`:                                               1,
		`{"field": "customer_number", "op": "isnull", "value": true}`:                                                                          3,
		`{"field": "call_ended_reason", "op": "regex", "value": "^cust.*call$"}`:                                                               2,
		`{"field": "duration", "op": "lte", "value": 41}`:                                                                                      2,
		`{"field": "agent.agent_name", "op": "startswith", "value": "Support"}`:                                                                3,
		`{"field": "success", "op": "neq", "value": true}`:                                                                                     0,
		`{"operator": "same_row", "conditions": [{"field": "metric_evaluations.value", "op": "gte", "value": 1}]}`:                             3,
	} {
		stat := dataOf(t, s, "/dashboards/widgets/4/data/?filters="+url.QueryEscape(filter)).(map[string]any)
		assert.Equal(t, want, stat["total_calls"], filter)
	}

	// A timestamp bound is needed, over at most 30 days.
	status, _, _ = raw(t, s, "POST", dashboardsPath, `{"name": "No range"}`)
	require.Equal(t, 201, status)
	status, _, _ = raw(t, s, "POST", widgetsPath, `{"dashboard": 2, "chart_type": "stat"}`)
	require.Equal(t, 201, status)
	status, _, body := raw(t, s, "GET", "/dashboards/widgets/6/data/", "")
	assert.Equal(t, 400, status)
	assert.Contains(t, fmt.Sprint(body), "A gt or gte filter on timestamp is required")
	status, _, body = raw(t, s, "GET", "/dashboards/widgets/6/data/?filters="+url.QueryEscape(`{"field": "timestamp", "op": "gte", "value": "now-31d"}`), "")
	assert.Equal(t, 400, status)
	assert.Contains(t, fmt.Sprint(body), "at most 30 days")
	status, _, _ = raw(t, s, "GET", "/dashboards/widgets/6/data/?filters="+url.QueryEscape(`{"field": "timestamp", "op": "gte", "value": "2026-08-01T00:00:00Z"}`), "")
	assert.Equal(t, 200, status, "an ISO time")
	status, _, body = raw(t, s, "GET", "/dashboards/widgets/6/data/?filters="+url.QueryEscape(`{"field": "timestamp", "op": "gte", "value": "last week"}`), "")
	assert.Equal(t, 400, status)
	assert.Contains(t, fmt.Sprint(body), "value: Enter a valid date/time")

	// Several widgets at once, paged.
	status, _, body = raw(t, s, "POST", widgetsPath+"bulk_data/?page_size=2&page=2", `{"widget_ids": [4, 3, 1]}`)
	require.Equal(t, 200, status, "%v", body)
	page := body.(map[string]any)
	assert.Equal(t, 3.0, page["count"])
	require.Len(t, page["results"], 1)
	assert.Equal(t, 1.0, page["results"].([]any)[0].(map[string]any)["widget_id"], "in the order named")
	status, _, body = raw(t, s, "POST", widgetsPath+"bulk_data/", `{"widget_ids": [1, 99]}`)
	assert.Equal(t, 400, status)
	assert.Contains(t, fmt.Sprint(body), `Invalid pk "99"`)

	// A preview is plotted and not stored.
	status, _, body = raw(t, s, "POST", widgetsPath+"preview_data/", `{"dashboard": 1, "chart_type": "pie", "field": "metadata.region"}`)
	require.Equal(t, 200, status, "%v", body)
	assert.Equal(t, 0.0, body.(map[string]any)["widget_id"])
	assert.Len(t, s.Widgets(), 6)
}

func TestDashboardsDuplicateBulkAndCascade(t *testing.T) {
	s := dashboardFake(t)
	status, _, _ := raw(t, s, "POST", dashboardsPath, `{"name": "Support", "project": 7}`)
	require.Equal(t, 201, status)
	for _, w := range []string{`{"dashboard": 1, "chart_type": "stat"}`, `{"dashboard": 1, "chart_type": "line", "field": "duration"}`} {
		status, _, _ = raw(t, s, "POST", widgetsPath, w)
		require.Equal(t, 201, status)
	}

	// One transaction: a problem anywhere changes nothing, and says where.
	status, _, body := raw(t, s, "POST", "/dashboards/dashboards/1/bulk_widgets/",
		`{"create": [{"chart_type": "pie", "field": "success"}, {"chart_type": "bar", "field": "duration"}], "update": [{"id": 1, "name": "Totals"}, {"id": 77, "name": "x"}], "delete": [2]}`)
	require.Equal(t, 400, status)
	errs := body.(map[string]any)
	assert.Equal(t, []any{map[string]any{}, map[string]any{"aggregation_function": []any{"A bar chart needs an aggregation function."}, "time_period": []any{"A bar chart needs a time period."}}}, errs["create"])
	assert.Equal(t, []any{map[string]any{}, map[string]any{"id": []any{`Invalid pk "77" - object does not exist.`}}}, errs["update"])
	assert.Len(t, s.Widgets(), 2, "nothing was applied")

	status, _, body = raw(t, s, "POST", "/dashboards/dashboards/1/bulk_widgets/",
		`{"create": [{"chart_type": "pie", "field": "success", "dashboard": 9}], "update": [{"id": 1, "name": "Totals"}], "delete": [2]}`)
	require.Equal(t, 200, status, "%v", body)
	res := body.(map[string]any)
	assert.Equal(t, 1.0, res["created"].([]any)[0].(map[string]any)["dashboard"], "on the dashboard of the path")
	assert.Equal(t, "Totals", res["updated"].([]any)[0].(map[string]any)["name"])
	assert.Equal(t, []any{2.0}, res["deleted"])
	assert.Equal(t, []any{}, res["errors"])

	// Duplicate copies the widgets; the copy's default name.
	status, _, body = raw(t, s, "POST", "/dashboards/dashboards/1/duplicate/", "")
	require.Equal(t, 201, status, "%v", body)
	cp := body.(map[string]any)
	assert.Equal(t, "Copy of Support", cp["name"])
	assert.Equal(t, "2", cp["widget_count"], "a string, as the description types it")
	assert.Len(t, cp["widgets"], 2)
	assert.Len(t, s.Widgets(), 4)
	status, _, _ = raw(t, s, "POST", "/dashboards/dashboards/9/duplicate/", "")
	assert.Equal(t, 404, status)
	status, _, _ = raw(t, s, "GET", "/dashboards/dashboards/1/duplicate/", "")
	assert.Equal(t, 405, status)

	// Deleting a dashboard deletes its widgets, and only its.
	status, _, _ = raw(t, s, "DELETE", "/dashboards/dashboards/1/", "")
	require.Equal(t, 204, status)
	assert.Len(t, s.Widgets(), 2)
	assert.Len(t, s.Dashboards(), 1)
	for _, w := range s.Widgets() {
		assert.Equal(t, int64(2), w.DashboardID)
	}
}

func TestWidgetRulesAndReferences(t *testing.T) {
	s := dashboardFake(t)
	for body, want := range map[string]string{
		`{"chart_type": "line"}`:                                             "field",
		`{"chart_type": "stat", "field": "duration"}`:                        "field",
		`{"chart_type": "line", "field": "metric_evaluations.value"}`:        "metric",
		`{"chart_type": "line", "field": "duration", "metric": 5}`:           "metric",
		`{"chart_type": "line", "field": "colour"}`:                          "field",
		`{"chart_type": "line", "field": "duration", "dashboard": 4}`:        "dashboard",
		`{"chart_type": "line", "field": "duration", "time_period": "year"}`: "time_period",
		`{"field": "duration"}`:                                              "chart_type",
		`{"chart_type": "pie", "field": "success", "filters": {"op": "eq"}}`: "filters",
		`{"chart_type": "pie", "field": "success", "filters": {"operator": "and", "conditions": [{"field": "id", "op": "like", "value": 1}]}}`: "filters",
	} {
		status, _, got := raw(t, s, "POST", widgetsPath, body)
		require.Equal(t, 400, status, body)
		assert.Contains(t, got, want, body)
	}
	status, _, got := raw(t, s, "POST", widgetsPath, `{"chart_type": "pie", "field": "success", "filters": {"operator": "and", "conditions": [{"field": "id", "op": "like", "value": 1}]}}`)
	require.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"filters": []any{`conditions[0].op: "like" is not a valid choice.`}}, got)
}
