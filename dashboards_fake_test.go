package cekura_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lastWeek is the date range Cekura's guide sets on a dashboard.
var lastWeek = &cekura.CallLogFilter{Operator: cekura.FilterOperatorAnd, Conditions: []*cekura.CallLogFilter{
	{Field: "timestamp", Op: cekura.FilterOpGte, Value: "now-7d"},
	{Field: "timestamp", Op: cekura.FilterOpLte, Value: "now"},
}}

// sendCalls sends calls to the fake an hour apart, each with a transcript
// as long as its duration in seconds.
func sendCalls(t *testing.T, fake *cekuratest.Server, client *cekura.Client, reasons ...string) {
	t.Helper()
	for i, reason := range reasons {
		transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 0, EndTime: float64(30 + 10*i)})
		require.NoError(t, err)
		_, err = client.Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "call_" + reason + string(rune('a'+i)), AgentID: 1,
			Transcript: transcript, CallEndedReason: reason, Metadata: map[string]any{"region": "eu"}})
		require.NoError(t, err)
		fake.Advance(time.Hour)
	}
}

// TestDashboardsAgainstTheFake runs every operation of Dashboards and
// Widgets against cekuratest: what is written reads back the same, a copy
// has the widgets, a dashboard's delete takes its widgets, the data is the
// fake's calls, and what the SDK refuses before sending the fake refuses
// under the same keys.
func TestDashboardsAgainstTheFake(t *testing.T) {
	fake := newSupportBotFake() // agent 1
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	sendCalls(t, fake, client, "customer_ended_call", "agent_ended_call", "customer_ended_call")

	d, err := client.Dashboards.Create(ctx, &cekura.CreateDashboardRequest{Name: "Support overview", ProjectID: 7, Filters: lastWeek})
	require.NoError(t, err)
	assert.Equal(t, "Support overview", d.Name)
	assert.Equal(t, lastWeek, d.Filters, "the filters read back as sent")
	assert.Empty(t, d.Widgets)
	line, err := client.Widgets.Create(ctx, &cekura.CreateWidgetRequest{DashboardID: d.ID, Name: "Duration", ChartType: cekura.ChartTypeLine, Field: "duration"})
	require.NoError(t, err)
	assert.Equal(t, d.ID, line.DashboardID)
	assert.Equal(t, lastWeek, line.EffectiveFilters, "the dashboard's filters apply")
	pie, err := client.Widgets.Create(ctx, &cekura.CreateWidgetRequest{DashboardID: d.ID, Name: "Endings", ChartType: cekura.ChartTypePie,
		Field: "call_ended_reason", Metadata: []byte(`{"x":0,"w":6}`)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"x": 0, "w": 6}`, string(pie.Metadata))

	got, err := client.Dashboards.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, got.WidgetCount, "sent as a string, read as a number")
	require.Len(t, got.Widgets, 2)
	page, err := client.Dashboards.List(ctx, &cekura.ListDashboardsParams{ProjectID: 7})
	require.NoError(t, err)
	require.Equal(t, 1, page.Count)
	assert.Nil(t, page.Results[0].Widgets, "the list leaves the widgets out")
	var names []string
	for w, err := range client.Widgets.All(ctx, &cekura.ListWidgetsParams{DashboardID: d.ID, PageSize: 1}) {
		require.NoError(t, err)
		names = append(names, w.Name)
	}
	assert.Equal(t, []string{"Duration", "Endings"}, names)

	// The data: the fake's three calls.
	data, err := client.Widgets.GetData(ctx, line.ID, nil)
	require.NoError(t, err)
	var durations []float64
	for _, p := range data.Points() {
		v, ok := p.Number()
		require.True(t, ok)
		durations = append(durations, v)
	}
	assert.Equal(t, []float64{30, 40, 50}, durations)
	data, err = client.Widgets.GetData(ctx, pie.ID, &cekura.WidgetDataParams{Filters: &cekura.CallLogFilter{Field: "duration", Op: cekura.FilterOpGte, Value: 40}})
	require.NoError(t, err)
	pts := data.Points()
	require.Len(t, pts, 2)
	assert.Equal(t, "agent_ended_call", pts[0].Label, "the override keeps the calls of 40 s and more")
	assert.Equal(t, 50.0, pts[0].Percentage)
	stat, err := client.Widgets.PreviewData(ctx, &cekura.CreateWidgetRequest{DashboardID: d.ID, ChartType: cekura.ChartTypeStat})
	require.NoError(t, err)
	require.NotNil(t, stat.Stat())
	assert.Equal(t, 3, stat.Stat().TotalCalls)
	assert.Equal(t, 40.0, stat.Stat().AvgDuration)
	bulk, err := client.Widgets.GetBulkData(ctx, &cekura.BulkWidgetDataRequest{WidgetIDs: []int64{pie.ID, line.ID}}, &cekura.PageParams{PageSize: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, bulk.Count)
	assert.Equal(t, pie.ID, bulk.Results[0].WidgetID)
	assert.NotEmpty(t, bulk.Next)

	// Without a date range the API answers 400.
	bare, err := client.Dashboards.Create(ctx, &cekura.CreateDashboardRequest{Name: "No range"})
	require.NoError(t, err)
	total, err := client.Widgets.Create(ctx, &cekura.CreateWidgetRequest{DashboardID: bare.ID, ChartType: cekura.ChartTypeStat})
	require.NoError(t, err)
	_, err = client.Widgets.GetData(ctx, total.ID, nil)
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.FieldErrors["filters"][0], "timestamp is required")

	// Changes, a copy, bulk edits and deletes.
	renamed, err := client.Dashboards.Update(ctx, d.ID, &cekura.UpdateDashboardRequest{Name: cekura.Some("Support (EU)")})
	require.NoError(t, err)
	assert.Equal(t, "Support (EU)", renamed.Name)
	assert.Equal(t, lastWeek, renamed.Filters, "left alone")
	bar, err := client.Widgets.Update(ctx, line.ID, &cekura.UpdateWidgetRequest{ChartType: cekura.Some(cekura.ChartTypeBar),
		AggregationFunction: cekura.Some(cekura.AggregationFunctionAvg), TimePeriod: cekura.Some(cekura.TimePeriodDay)})
	require.NoError(t, err)
	assert.Equal(t, cekura.ChartTypeBar, bar.ChartType)
	assert.Equal(t, "duration", bar.Field, "left alone")
	cp, err := client.Dashboards.Duplicate(ctx, d.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Copy of Support (EU)", cp.Name)
	require.Len(t, cp.Widgets, 2)
	assert.NotEqual(t, line.ID, cp.Widgets[0].ID, "new widgets")
	res, err := client.Dashboards.BulkEditWidgets(ctx, cp.ID, &cekura.BulkWidgetsRequest{
		Create:    []*cekura.CreateWidgetRequest{{Name: "Totals", ChartType: cekura.ChartTypeStat}},
		Update:    []*cekura.BulkWidgetUpdate{{ID: cp.Widgets[0].ID, UpdateWidgetRequest: cekura.UpdateWidgetRequest{Name: cekura.Some("Mean duration")}}},
		DeleteIDs: []int64{cp.Widgets[1].ID},
	})
	require.NoError(t, err)
	assert.Equal(t, cp.ID, res.Created[0].DashboardID)
	assert.Equal(t, "Mean duration", res.Updated[0].Name)
	assert.Equal(t, []int64{cp.Widgets[1].ID}, res.DeletedIDs)
	assert.Empty(t, res.Errors)

	require.NoError(t, client.Widgets.Delete(ctx, pie.ID))
	_, err = client.Widgets.Get(ctx, pie.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	before := len(fake.Widgets())
	require.NoError(t, client.Dashboards.Delete(ctx, cp.ID))
	assert.Len(t, fake.Widgets(), before-2, "the copy's two widgets went with it")
	_, err = client.Dashboards.Get(ctx, cp.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	// Refused before sending, and by the fake when sent anyway: the same
	// fields. (As DRF does, the fake checks the description's rules across
	// fields once each field is valid: these cases are one kind or the
	// other.)
	for _, bad := range []*cekura.CreateWidgetRequest{
		{DashboardID: d.ID, ChartType: cekura.ChartTypeBar, Field: "duration"},
		{DashboardID: d.ID, ChartType: cekura.ChartTypeStat, Field: "duration"},
		{ChartType: cekura.ChartTypeLine, Field: "metric_evaluations.value"},
		{ChartType: "donut", TimePeriod: "fortnight", Filters: &cekura.CallLogFilter{Field: "success", Op: "is", Value: true}},
	} {
		sent := len(fake.Requests())
		_, err = client.Widgets.Create(ctx, bad)
		var invalid *cekura.ValidationError
		require.ErrorAs(t, err, &invalid)
		assert.Len(t, fake.Requests(), sent, "nothing was sent")
		keys := map[string]bool{}
		for _, p := range invalid.Problems {
			keys[strings.SplitN(p.Field, ".", 2)[0]] = true
		}
		_, err = client.Widgets.Create(ctx, bad, cekura.WithoutClientValidation())
		require.ErrorAs(t, err, &apiErr)
		for k := range keys {
			assert.Contains(t, apiErr.FieldErrors, k, "%+v", bad)
		}
		assert.Len(t, apiErr.FieldErrors, len(keys), "%+v: %v", bad, apiErr.FieldErrors)
	}
}
