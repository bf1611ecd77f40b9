package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// widgetJSON is a widget as the API returns one (Widget).
const widgetJSON = `{"id": 12, "dashboard": 3, "name": "Calls per day", "chart_type": "bar", "data_type": "numeric", "field": "duration",
  "metric": null, "metric_name": "", "time_period": "day", "aggregation_function": "count", "group_by": {"type": "field", "field": "agent.id"},
  "filters": {"field": "success", "op": "eq", "value": true},
  "effective_filters": {"operator": "and", "conditions": [{"field": "timestamp", "op": "gte", "value": "now-7d"}, {"field": "success", "op": "eq", "value": true}]},
  "metadata": {"x": 0, "y": 2, "w": 6}, "created_at": "2026-08-20T10:00:00Z", "updated_at": "2026-08-20T11:00:00Z"}`

// dashboardJSON is a dashboard as the API returns one (Dashboard), its
// widget_count a string as the description types it.
const dashboardJSON = `{"id": 3, "name": "Support overview", "project": 7, "filters": {"field": "timestamp", "op": "gte", "value": "now-7d"},
  "widgets": [` + widgetJSON + `], "widget_count": "1", "created_at": "2026-08-20T10:00:00Z", "updated_at": "2026-08-20T10:00:00Z"}`

// TestDashboardsOverHTTP drives every dashboard operation through
// httpmock: the method, path, query and body sent, and the answer decoded.
func TestDashboardsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+dashboardsPath, capture(201, dashboardJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+dashboardsPath+"3/", capture(200, dashboardJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+dashboardsPath+"?page_size=50&project_id=7",
		capture(200, `{"count": 1, "next": null, "previous": null, "results": [{"id": 3, "name": null, "project": 7, "widget_count": 4}]}`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+dashboardsPath+"3/", capture(200, dashboardJSON, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+dashboardsPath+"3/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("POST", testBase+dashboardsPath+"3/duplicate/", capture(201, `{"id": 4, "name": "Copy of Support overview", "widgets": [], "widget_count": "0"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+dashboardsPath+"3/bulk_widgets/",
		capture(200, `{"created": [{"id": 13, "dashboard": 3, "chart_type": "stat"}], "updated": [`+widgetJSON+`], "deleted": [11], "errors": [{"widget": 9, "error": "gone"}]}`, &got, &mu))

	week := &CallLogFilter{Operator: FilterOperatorAnd, Conditions: []*CallLogFilter{
		{Field: "timestamp", Op: FilterOpGte, Value: "now-7d"},
		{Field: "timestamp", Op: FilterOpLte, Value: "now"},
	}}
	d, err := c.Dashboards.Create(ctx, &CreateDashboardRequest{Name: "Support overview", ProjectID: 7, Filters: week})
	require.NoError(t, err)
	assert.Equal(t, int64(3), d.ID)
	assert.Equal(t, 1, d.WidgetCount, "a string holding a number")
	require.Len(t, d.Widgets, 1)
	w := d.Widgets[0]
	assert.Equal(t, ChartTypeBar, w.ChartType)
	assert.Equal(t, AggregationFunctionCount, w.AggregationFunction)
	assert.Equal(t, TimePeriodDay, w.TimePeriod)
	assert.Equal(t, WidgetDataTypeNumeric, w.DataType)
	assert.Equal(t, &WidgetGroupBy{Type: GroupByTypeField, Field: "agent.id"}, w.GroupBy)
	assert.Equal(t, &CallLogFilter{Field: "success", Op: FilterOpEq, Value: true}, w.Filters)
	require.NotNil(t, w.EffectiveFilters)
	assert.Equal(t, FilterOperatorAnd, w.EffectiveFilters.Operator)
	assert.Equal(t, "now-7d", w.EffectiveFilters.Conditions[0].Value)
	assert.Zero(t, w.MetricID, "null")
	assert.JSONEq(t, `{"x": 0, "y": 2, "w": 6}`, string(w.Metadata))
	assert.Equal(t, time.Date(2026, 8, 20, 11, 0, 0, 0, time.UTC), w.UpdatedAt)

	d, err = c.Dashboards.Get(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, &CallLogFilter{Field: "timestamp", Op: FilterOpGte, Value: "now-7d"}, d.Filters)
	page, err := c.Dashboards.List(ctx, &ListDashboardsParams{ProjectID: 7, PageSize: 50})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Empty(t, page.Results[0].Name, "null")
	assert.Equal(t, 4, page.Results[0].WidgetCount, "a number, as the API may send it")
	var walked []int64
	for d, err := range c.Dashboards.All(ctx, &ListDashboardsParams{ProjectID: 7, PageSize: 50}) {
		require.NoError(t, err)
		walked = append(walked, d.ID)
	}
	assert.Equal(t, []int64{3}, walked)
	_, err = c.Dashboards.Update(ctx, 3, &UpdateDashboardRequest{Name: Some("Support (EU)"), ProjectID: Null[int64](), Filters: Null[CallLogFilter]()})
	require.NoError(t, err)
	require.NoError(t, c.Dashboards.Delete(ctx, 3))
	cp, err := c.Dashboards.Duplicate(ctx, 3, nil)
	require.NoError(t, err)
	assert.Equal(t, "Copy of Support overview", cp.Name)
	_, err = c.Dashboards.Duplicate(ctx, 3, &DuplicateDashboardRequest{Name: "Support, again"})
	require.NoError(t, err)
	res, err := c.Dashboards.BulkEditWidgets(ctx, 3, &BulkWidgetsRequest{
		Create:    []*CreateWidgetRequest{{ChartType: ChartTypeStat, Name: "Totals"}},
		Update:    []*BulkWidgetUpdate{{ID: 12, UpdateWidgetRequest: UpdateWidgetRequest{Name: Some("Durations"), MetricID: Null[int64]()}}},
		DeleteIDs: []int64{11},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(13), res.Created[0].ID)
	assert.Equal(t, int64(12), res.Updated[0].ID)
	assert.Equal(t, []int64{11}, res.DeletedIDs)
	assert.Equal(t, []map[string]any{{"widget": 9.0, "error": "gone"}}, res.Errors)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 9)
	assert.JSONEq(t, `{"name": "Support overview", "project": 7, "filters": {"operator": "and", "conditions": [
		{"field": "timestamp", "op": "gte", "value": "now-7d"}, {"field": "timestamp", "op": "lte", "value": "now"}]}}`, string(got[0].Body))
	assert.Equal(t, "GET", got[1].Method)
	assert.Equal(t, testBase+dashboardsPath+"?page_size=50&project_id=7", got[2].URL)
	assert.JSONEq(t, `{"name": "Support (EU)", "project": null, "filters": null}`, string(got[4].Body), "PATCH sends what is set; Null clears")
	assert.Equal(t, "DELETE", got[5].Method)
	assert.JSONEq(t, `{}`, string(got[6].Body), "a nil request: the API names the copy")
	assert.JSONEq(t, `{"name": "Support, again"}`, string(got[7].Body))
	assert.JSONEq(t, `{"create": [{"name": "Totals", "chart_type": "stat"}], "update": [{"id": 12, "name": "Durations", "metric": null}], "delete": [11]}`,
		string(got[8].Body))
}

// widgetDataJSON is a bar chart's data as the API returns it.
const widgetDataJSON = `{"widget_id": 12, "field_name": "duration", "chart_type": "bar", "aggregation_function": "avg", "time_period": "day",
  "group_by": null, "can_group_by": true,
  "data": [{"time_interval": "2025-11-03T00:00:00Z", "value": 4.5, "sample_count": 10}, {"time_interval": "2025-11-04T00:00:00Z", "value": 3.2, "sample_count": 8}],
  "metadata": {"display_name": "Duration", "data_type": "numeric", "filter_value": null}}`

// TestWidgetsOverHTTP drives every widget operation through httpmock.
func TestWidgetsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	override := `{"field":"timestamp","op":"gte","value":"now-1d"}`
	mt.RegisterResponder("POST", testBase+widgetsPath, capture(201, widgetJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+widgetsPath+"12/", capture(200, widgetJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+widgetsPath+"?dashboard_id=3", capture(200, `{"count": 1, "next": null, "previous": null, "results": [`+widgetJSON+`]}`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+widgetsPath+"12/", capture(200, widgetJSON, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+widgetsPath+"12/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("GET", testBase+widgetsPath+"12/data/", capture(200, widgetDataJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+widgetsPath+"12/data/?filters="+url.QueryEscape(override), capture(200, widgetDataJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+widgetsPath+"preview_data/", capture(200, `{"widget_id": 0, "field_name": "", "chart_type": "stat",
		"data": {"total_calls": 120, "success_rate": 87.5, "avg_duration": 63.2, "p95_latency": 1.4}, "aggregation_function": null, "time_period": null,
		"group_by": null, "metadata": {"display_name": "Calls", "data_type": "numeric", "filter_value": null}}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+widgetsPath+"bulk_data/?page=2", capture(200, `{"count": 3, "next": null, "previous": "https://api.cekura.ai/dashboards/widgets/bulk_data/",
		"results": [`+widgetDataJSON+`]}`, &got, &mu))

	w, err := c.Widgets.Create(ctx, &CreateWidgetRequest{DashboardID: 3, Name: "Calls per day", ChartType: ChartTypeBar, Field: "duration",
		AggregationFunction: AggregationFunctionCount, TimePeriod: TimePeriodDay, GroupBy: &WidgetGroupBy{Type: GroupByTypeField, Field: "agent.id"},
		Filters: &CallLogFilter{Field: "success", Op: FilterOpEq, Value: true}, Metadata: json.RawMessage(`{"x":0,"y":2,"w":6}`)})
	require.NoError(t, err)
	assert.Equal(t, int64(12), w.ID)
	_, err = c.Widgets.Get(ctx, 12)
	require.NoError(t, err)
	page, err := c.Widgets.List(ctx, &ListWidgetsParams{DashboardID: 3})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count)
	for w, err := range c.Widgets.All(ctx, &ListWidgetsParams{DashboardID: 3}) {
		require.NoError(t, err)
		assert.Equal(t, int64(12), w.ID)
	}
	_, err = c.Widgets.Update(ctx, 12, &UpdateWidgetRequest{ChartType: Some(ChartTypeLine), TimePeriod: Null[TimePeriod](),
		AggregationFunction: Null[AggregationFunction](), GroupBy: Null[WidgetGroupBy](), Metadata: Some(json.RawMessage(`{"w":12}`))})
	require.NoError(t, err)
	require.NoError(t, c.Widgets.Delete(ctx, 12))

	data, err := c.Widgets.GetData(ctx, 12, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(12), data.WidgetID)
	assert.Equal(t, AggregationFunctionAvg, data.AggregationFunction)
	assert.True(t, data.CanGroupBy)
	assert.Nil(t, data.GroupBy)
	assert.Equal(t, WidgetDataMetadata{DisplayName: "Duration", DataType: WidgetDataTypeNumeric}, data.Metadata)
	points := data.Points()
	require.Len(t, points, 2)
	assert.Equal(t, time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC), points[0].TimeInterval)
	v, ok := points[0].Number()
	assert.True(t, ok)
	assert.Equal(t, 4.5, v)
	assert.Equal(t, 10, points[0].SampleCount)
	assert.Nil(t, data.Stat(), "a bar chart has no stat")
	_, err = c.Widgets.GetData(ctx, 12, &WidgetDataParams{Filters: &CallLogFilter{Field: "timestamp", Op: FilterOpGte, Value: "now-1d"}})
	require.NoError(t, err)

	preview, err := c.Widgets.PreviewData(ctx, &CreateWidgetRequest{DashboardID: 3, ChartType: ChartTypeStat})
	require.NoError(t, err)
	assert.Nil(t, preview.Points(), "a stat chart's data is an object")
	assert.Equal(t, &WidgetStat{TotalCalls: 120, SuccessRate: 87.5, AvgDuration: 63.2, P95Latency: 1.4}, clearedStat(preview.Stat()))

	bulk, err := c.Widgets.GetBulkData(ctx, &BulkWidgetDataRequest{WidgetIDs: []int64{12, 13, 14}}, &PageParams{Page: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, bulk.Count)
	require.Len(t, bulk.Results, 1)
	assert.Len(t, bulk.Results[0].Points(), 2)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 10)
	assert.JSONEq(t, `{"dashboard": 3, "name": "Calls per day", "chart_type": "bar", "field": "duration", "time_period": "day",
		"aggregation_function": "count", "group_by": {"type": "field", "field": "agent.id"}, "filters": {"field": "success", "op": "eq", "value": true},
		"metadata": {"x": 0, "y": 2, "w": 6}}`, string(got[0].Body))
	assert.Equal(t, testBase+widgetsPath+"?dashboard_id=3", got[2].URL)
	assert.JSONEq(t, `{"chart_type": "line", "time_period": null, "aggregation_function": null, "group_by": null, "metadata": {"w": 12}}`, string(got[4].Body))
	assert.Equal(t, testBase+widgetsPath+"12/data/", got[6].URL, "nil params send no query")
	assert.Equal(t, testBase+widgetsPath+"12/data/?filters="+url.QueryEscape(override), got[7].URL, "the override as one JSON value")
	assert.JSONEq(t, `{"dashboard": 3, "chart_type": "stat"}`, string(got[8].Body))
	assert.Equal(t, testBase+widgetsPath+"bulk_data/?page=2", got[9].URL)
	assert.JSONEq(t, `{"widget_ids": [12, 13, 14]}`, string(got[9].Body))
}

func clearedStat(s *WidgetStat) *WidgetStat {
	if s != nil {
		s.apiObject = apiObject{}
	}
	return s
}

// TestWidgetDataReadsEveryShape: Points and Stat read what the description
// types and what its text shows, and never fail.
func TestWidgetDataReadsEveryShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, data string
		points     int
		stat       *WidgetStat
	}{
		{"line", `[{"id": 1, "timestamp": "2025-11-03T10:30:00Z", "value": 45}, {"id": 2, "timestamp": "2025-11-03T11:15:00Z", "value": "agent_ended_call"}]`, 2, nil},
		{"pie", `[{"label": "customer_ended_call", "value": 320, "percentage": 45.7}, 7, null]`, 1, nil},
		{"stat as an object", `{"total_calls": 12, "success_rate": 0.5, "avg_duration": 60, "p95_latency": 900}`, 0,
			&WidgetStat{TotalCalls: 12, SuccessRate: 0.5, AvgDuration: 60, P95Latency: 900}},
		{"stat in a list", `[{"total_calls": "12"}]`, 0, &WidgetStat{TotalCalls: 12}},
		{"nothing", `null`, 0, nil},
		{"a string", `"soon"`, 0, nil},
		{"an empty list", `[]`, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d WidgetData
			chart := "line"
			if strings.HasPrefix(tc.name, "stat") {
				chart = "stat"
			}
			require.NoError(t, json.Unmarshal([]byte(`{"widget_id": 1, "chart_type": "`+chart+`", "data": `+tc.data+`}`), &d))
			assert.Len(t, d.Points(), tc.points)
			assert.Equal(t, tc.stat, clearedStat(d.Stat()))
		})
	}
	var line WidgetData
	require.NoError(t, json.Unmarshal([]byte(`{"data": [{"id": 1, "value": true}, {"id": 2, "value": "x"}, {"id": 3, "value": 2}]}`), &line))
	p := line.Points()
	n, ok := p[0].Number()
	assert.True(t, ok)
	assert.Equal(t, 1.0, n, "a boolean plots as 1")
	_, ok = p[1].Number()
	assert.False(t, ok, "a string is not a number")
	assert.Equal(t, "x", p[1].Value)
	var nilData *WidgetData
	assert.Nil(t, nilData.Points())
	assert.Nil(t, nilData.Stat())
}

// TestDashboardRequestsAreCheckedBeforeSending: every problem of a
// request at once, keyed by its JSON field, and nothing sent.
func TestDashboardRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	long := strings.Repeat("é", 256)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a dashboard with every field wrong", func() error {
			_, err := c.Dashboards.Create(ctx, &CreateDashboardRequest{Name: long, ProjectID: -1, Filters: &CallLogFilter{Field: "timestamp", Op: "after", Value: "now-7d"}})
			return err
		}, []FieldProblem{
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"project", "must be a positive id, got -1"},
			{"filters.op", `"after" is not one of eq, neq, gt, gte, lt, lte, contains, startswith, endswith, in, isnull, regex`},
		}},
		{"filters of every shape wrong", func() error {
			_, err := c.Dashboards.Create(ctx, &CreateDashboardRequest{Filters: &CallLogFilter{Operator: "xor", Conditions: []*CallLogFilter{
				{Field: "timestamp", Op: FilterOpGte},
				{Op: FilterOpIn, Value: "agent_ended_call"},
				{Field: "customer_number", Op: FilterOpIsNull, Value: "yes"},
				{Field: "topic", Op: FilterOpRegex, Value: 3},
				{Field: "id", Op: FilterOpEq, Value: 1, Operator: FilterOperatorOr},
				{Operator: FilterOperatorAnd},
				{},
				nil,
				{Conditions: []*CallLogFilter{{Field: "id", Op: FilterOpEq, Value: 2}}},
			}}})
			return err
		}, []FieldProblem{
			{"filters.operator", `"xor" is not one of and, or, same_row`},
			{"filters.conditions[0].value", "is required in a condition (to match a missing field, use op isnull with true)"},
			{"filters.conditions[1].field", "is required in a condition: the call log field to test, such as timestamp or agent.id"},
			{"filters.conditions[1].value", "must be a list with op in, got a string"},
			{"filters.conditions[2].value", "must be true or false with op isnull, got a string"},
			{"filters.conditions[3].value", "must be a string with op regex, got a int"},
			{"filters.conditions[4]", "is both a condition (field, op, value) and a group (operator, conditions); put the condition in the group's conditions"},
			{"filters.conditions[5].conditions", "is empty; a group needs at least one condition"},
			{"filters.conditions[6]", "is empty: set field, op and value (a condition), or operator and conditions (a group)"},
			{"filters.conditions[7]", "is nil"},
			{"filters.conditions[8].operator", "is required in a group: and, or or same_row"},
		}},
		{"an update that sets nothing", func() error {
			_, err := c.Dashboards.Update(ctx, 3, &UpdateDashboardRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update with every field wrong", func() error {
			_, err := c.Dashboards.Update(ctx, 3, &UpdateDashboardRequest{Name: Some(long), ProjectID: Some[int64](0), Filters: Some(CallLogFilter{Field: "id"})})
			return err
		}, []FieldProblem{
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"project", "must be a positive id, got 0"},
			{"filters.op", "is required in a condition, such as eq or gte"},
		}},
		{"a list with bad pages", func() error {
			_, err := c.Dashboards.List(ctx, &ListDashboardsParams{Page: -1, PageSize: -2, ProjectID: -3})
			return err
		}, []FieldProblem{
			{"page", "must be 1 or more (or 0 for the first page), got -1"},
			{"page_size", "must be 1 or more (or 0 for the API's default), got -2"},
			{"project_id", "must be a positive id, got -3"},
		}},
		{"a copy's name", func() error {
			_, err := c.Dashboards.Duplicate(ctx, 3, &DuplicateDashboardRequest{Name: long})
			return err
		}, []FieldProblem{{"name", "is 256 characters long; at most 255 are allowed"}}},
		{"bulk widgets that set nothing", func() error {
			_, err := c.Dashboards.BulkEditWidgets(ctx, 3, &BulkWidgetsRequest{})
			return err
		}, []FieldProblem{{"request", "sets nothing: set create, update or delete"}}},
		{"bulk widgets with every item wrong", func() error {
			_, err := c.Dashboards.BulkEditWidgets(ctx, 3, &BulkWidgetsRequest{
				Create: []*CreateWidgetRequest{{ChartType: ChartTypePie, Field: "success"}, {DashboardID: 4, Field: "duration"}, nil},
				Update: []*BulkWidgetUpdate{{ID: 0, UpdateWidgetRequest: UpdateWidgetRequest{Name: Some("x")}}, {ID: 7}, {ID: 8,
					UpdateWidgetRequest: UpdateWidgetRequest{ChartType: Null[ChartType]()}}, nil},
				DeleteIDs: []int64{8, -1},
			})
			return err
		}, []FieldProblem{
			{"create[1].chart_type", "is required"},
			{"update[2].chart_type", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"create[1].dashboard", "is 4; leave it 0: BulkWidgets adds the widgets to the dashboard it names"},
			{"create[2]", "is nil"},
			{"update[0].id", "must be a positive widget id, got 0"},
			{"update[1]", "sets nothing to change; set at least one field besides id"},
			{"update[2].id", "widget 8 is also among the widgets to delete"},
			{"update[3]", "is nil"},
			{"delete", "holds -1; ids are positive"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestWidgetRequestsAreCheckedBeforeSending: the description's widget
// rules, every problem at once.
func TestWidgetRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a widget without a chart type", func() error {
			_, err := c.Widgets.Create(ctx, &CreateWidgetRequest{DashboardID: 3})
			return err
		}, []FieldProblem{{"chart_type", "is required"}}},
		{"a bar chart without what it needs", func() error {
			_, err := c.Widgets.Create(ctx, &CreateWidgetRequest{ChartType: ChartTypeBar, MetricID: -4})
			return err
		}, []FieldProblem{
			{"field", "is required for a bar chart: the field to plot, such as duration or call_ended_reason"},
			{"aggregation_function", "is required for a bar chart, such as count or avg"},
			{"time_period", "is required for a bar chart: hour, day, week or month"},
			{"metric", "must be a positive id, got -4"},
		}},
		{"a stat chart with a field, a metric's field without a metric", func() error {
			_, err := c.Widgets.Create(ctx, &CreateWidgetRequest{ChartType: ChartTypeStat, Field: "metric_evaluations.value"})
			return err
		}, []FieldProblem{
			{"field", "must be empty for a stat chart, which shows total calls, success rate, average duration and p95 latency"},
			{"metric", "is required when field is metric_evaluations.value: the id of the metric to plot"},
		}},
		{"every enum wrong", func() error {
			_, err := c.Widgets.Create(ctx, &CreateWidgetRequest{DashboardID: -1, ChartType: "donut", DataType: "money", TimePeriod: "year",
				AggregationFunction: "median", GroupBy: &WidgetGroupBy{Type: "agent"}, Metadata: json.RawMessage(`{`)})
			return err
		}, []FieldProblem{
			{"dashboard", "must be a positive id, got -1"},
			{"chart_type", `"donut" is not one of line, bar, pie, stat`},
			{"data_type", `"money" is not one of numeric, boolean, string, datetime, dynamic`},
			{"time_period", `"year" is not one of hour, day, week, month`},
			{"aggregation_function", `"median" is not one of count, sum, avg, min, max, p50, p95, p99`},
			{"group_by.type", `"agent" is not one of field, bucket`},
			{"metadata", "is not valid JSON (leave it nil to send nothing)"},
		}},
		{"groupings without what they need", func() error {
			_, err := c.Widgets.PreviewData(ctx, &CreateWidgetRequest{ChartType: ChartTypeLine, Field: "duration", GroupBy: &WidgetGroupBy{Type: GroupByTypeBucket}})
			return err
		}, []FieldProblem{{"group_by.interval", "must be a positive number of milliseconds to group by time bucket, got 0"}}},
		{"an update that sets nothing", func() error {
			_, err := c.Widgets.Update(ctx, 12, &UpdateWidgetRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update with every field wrong", func() error {
			_, err := c.Widgets.Update(ctx, 12, &UpdateWidgetRequest{DashboardID: Some[int64](0), ChartType: Some[ChartType](""), Field: Some("metric_evaluations.value"),
				MetricID: Null[int64](), DataType: Some[WidgetDataType]("money"), GroupBy: Some(WidgetGroupBy{Type: GroupByTypeField}),
				Filters: Some(CallLogFilter{Operator: FilterOperatorOr}), Metadata: Some(json.RawMessage(`nope`))})
			return err
		}, []FieldProblem{
			{"dashboard", "must be a positive id, got 0"},
			{"chart_type", "must not be empty: line, bar, pie or stat"},
			{"data_type", `"money" is not one of numeric, boolean, string, datetime, dynamic`},
			{"metric", "is Null() while field is metric_evaluations.value, which needs a metric"},
			{"group_by.field", "is required to group by field, such as agent.id"},
			{"filters.conditions", "is empty; a group needs at least one condition"},
			{"metadata", "is not valid JSON (leave it nil to send nothing)"},
		}},
		{"an update to a stat chart with a field", func() error {
			_, err := c.Widgets.Update(ctx, 12, &UpdateWidgetRequest{ChartType: Some(ChartTypeStat), Field: Some("duration")})
			return err
		}, []FieldProblem{{"field", "must be empty for a stat chart, which shows total calls, success rate, average duration and p95 latency"}}},
		{"a list with a negative dashboard", func() error {
			_, err := c.Widgets.List(ctx, &ListWidgetsParams{DashboardID: -3})
			return err
		}, []FieldProblem{{"dashboard_id", "must be a positive id, got -3"}}},
		{"data with a bad override", func() error {
			_, err := c.Widgets.GetData(ctx, 12, &WidgetDataParams{Filters: &CallLogFilter{Field: "timestamp", Op: FilterOpGte}})
			return err
		}, []FieldProblem{{"filters.value", "is required in a condition (to match a missing field, use op isnull with true)"}}},
		{"bulk data without widgets", func() error {
			_, err := c.Widgets.GetBulkData(ctx, &BulkWidgetDataRequest{Filters: &CallLogFilter{}}, &PageParams{Page: -1})
			return err
		}, []FieldProblem{{"widget_ids", "is required: the ids of the widgets to read"}}},
		{"bulk data with a bad id and page", func() error {
			_, err := c.Widgets.GetBulkData(ctx, &BulkWidgetDataRequest{WidgetIDs: []int64{3, 0}}, &PageParams{Page: -1})
			return err
		}, []FieldProblem{{"widget_ids", "holds 0; ids are positive"}}},
		{"bulk data with a bad page", func() error {
			_, err := c.Widgets.GetBulkData(ctx, &BulkWidgetDataRequest{WidgetIDs: []int64{3}}, &PageParams{Page: -1})
			return err
		}, []FieldProblem{{"page", "must be 1 or more (or 0 for the first page), got -1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestDashboardMethodsRefuseNonPositiveIDs: every method that takes an id
// refuses 0 and -3 before sending, naming the kind of id.
func TestDashboardMethodsRefuseNonPositiveIDs(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	for _, bad := range []int64{0, -3} {
		for _, tc := range []struct {
			name, kind string
			call       func(id int64) error
		}{
			{"Dashboards.Get", "dashboard", func(id int64) error { _, err := c.Dashboards.Get(ctx, id); return err }},
			{"Dashboards.Update", "dashboard", func(id int64) error {
				_, err := c.Dashboards.Update(ctx, id, &UpdateDashboardRequest{Name: Some("n")})
				return err
			}},
			{"Dashboards.Delete", "dashboard", func(id int64) error { return c.Dashboards.Delete(ctx, id) }},
			{"Dashboards.Duplicate", "dashboard", func(id int64) error { _, err := c.Dashboards.Duplicate(ctx, id, nil); return err }},
			{"Dashboards.BulkEditWidgets", "dashboard", func(id int64) error {
				_, err := c.Dashboards.BulkEditWidgets(ctx, id, &BulkWidgetsRequest{DeleteIDs: []int64{1}})
				return err
			}},
			{"Widgets.Get", "widget", func(id int64) error { _, err := c.Widgets.Get(ctx, id); return err }},
			{"Widgets.Update", "widget", func(id int64) error {
				_, err := c.Widgets.Update(ctx, id, &UpdateWidgetRequest{Name: Some("n")})
				return err
			}},
			{"Widgets.Delete", "widget", func(id int64) error { return c.Widgets.Delete(ctx, id) }},
			{"Widgets.GetData", "widget", func(id int64) error { _, err := c.Widgets.GetData(ctx, id, nil); return err }},
		} {
			err := tc.call(bad)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%s(%d): %v", tc.name, bad, err)
			require.Len(t, ve.Problems, 1, tc.name)
			assert.Equal(t, "must be a positive "+tc.kind+" id, got "+strconv.FormatInt(bad, 10), ve.Problems[0].Message, tc.name)
		}
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestDashboardPostsAreNotRetriedOnceSent: a 502 after Duplicate,
// BulkEditWidgets or PreviewData reached the API is returned, not repeated (a
// second copy of a dashboard would be made); GET Data is retried.
func TestDashboardPostsAreNotRetriedOnceSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+dashboardsPath+"3/duplicate/", capture(502, `{"detail": "bad gateway"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+dashboardsPath+"3/bulk_widgets/", capture(502, `{"detail": "bad gateway"}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+widgetsPath+"12/data/", capture(502, `{"detail": "bad gateway"}`, &got, &mu))
	_, err := c.Dashboards.Duplicate(ctx, 3, nil)
	assert.True(t, MaybeApplied(err))
	_, err = c.Dashboards.BulkEditWidgets(ctx, 3, &BulkWidgetsRequest{DeleteIDs: []int64{1}})
	assert.True(t, MaybeApplied(err))
	_, err = c.Widgets.GetData(ctx, 12, nil)
	assert.ErrorIs(t, err, ErrServer)
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, got, 1+1+3, "the POSTs once each, the GET with its two retries")
}

// TestFilterEnumsAndTheQueryEncoding: the enums' Valid, and a filter in a
// query string is one JSON value.
func TestFilterEnumsAndTheQueryEncoding(t *testing.T) {
	t.Parallel()
	for _, ok := range []bool{
		FilterOpRegex.Valid(), FilterOp("").Valid(), FilterOperatorSameRow.Valid(), FilterOperator("").Valid(),
		ChartTypeStat.Valid(), WidgetDataTypeDynamic.Valid(), WidgetDataType("").Valid(), TimePeriodMonth.Valid(),
		AggregationFunctionP99.Valid(), AggregationFunction("").Valid(), GroupByTypeBucket.Valid(),
	} {
		assert.True(t, ok)
	}
	for _, ok := range []bool{
		FilterOp("like").Valid(), FilterOperator("xor").Valid(), ChartType("donut").Valid(), WidgetDataType("money").Valid(),
		TimePeriod("year").Valid(), AggregationFunction("median").Valid(), GroupByType("").Valid(),
	} {
		assert.False(t, ok)
	}
	q, err := encodeQuery(&WidgetDataParams{Filters: &CallLogFilter{Field: "timestamp", Op: FilterOpGte, Value: "now-7d"}})
	require.NoError(t, err)
	assert.Equal(t, "filters="+url.QueryEscape(`{"field":"timestamp","op":"gte","value":"now-7d"}`), q)
	q, err = encodeQuery(&WidgetDataParams{})
	require.NoError(t, err)
	assert.Empty(t, q)
	// An empty filter at the top filters nothing, and is sent as {}.
	require.NoError(t, validateRequest(&CreateDashboardRequest{Filters: &CallLogFilter{}}, false))
	// A false or 0 value is sent: it is not a missing one.
	b, err := marshal(&CallLogFilter{Field: "success", Op: FilterOpEq, Value: false})
	require.NoError(t, err)
	assert.JSONEq(t, `{"field": "success", "op": "eq", "value": false}`, string(b))
}
