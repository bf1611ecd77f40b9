package cekura_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// newCallsFake is a fake with agent 1 and three production calls of 30, 40
// and 50 seconds, two ended by the customer and one by the agent.
func newCallsFake() *cekuratest.Server {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	client := fake.Client()
	for i, reason := range []string{"customer_ended_call", "agent_ended_call", "customer_ended_call"} {
		transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Hi", StartTime: 0, EndTime: float64(30 + 10*i)})
		if err == nil {
			_, err = client.Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: fmt.Sprint("call_", i), AgentID: 1,
				Transcript: transcript, CallEndedReason: reason})
		}
		if err != nil {
			panic(err)
		}
	}
	return fake
}

func ExampleDashboardsService_Create() {
	fake := newCallsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// A dashboard over the last 7 days of a project's calls: every widget
	// on it is scoped by that range.
	dashboard, err := client.Dashboards.Create(ctx, &cekura.CreateDashboardRequest{
		Name:      "Support overview",
		ProjectID: 7,
		Filters:   &cekura.CallLogFilter{Field: "timestamp", Op: cekura.FilterOpGte, Value: "now-7d"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Its widgets: how calls end, and their mean duration per day.
	result, err := client.Dashboards.BulkEditWidgets(ctx, dashboard.ID, &cekura.BulkWidgetsRequest{
		Create: []*cekura.CreateWidgetRequest{
			{Name: "How calls end", ChartType: cekura.ChartTypePie, Field: "call_ended_reason"},
			{Name: "Mean duration", ChartType: cekura.ChartTypeBar, Field: "duration",
				AggregationFunction: cekura.AggregationFunctionAvg, TimePeriod: cekura.TimePeriodDay},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range result.Created {
		fmt.Println(w.ID, w.Name, w.ChartType, w.EffectiveFilters.Value)
	}
	// Output:
	// 1 How calls end pie now-7d
	// 2 Mean duration bar now-7d
}

func ExampleWidgetsService_GetData() {
	fake := newCallsFake() // three calls
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	pie, err := client.Widgets.PreviewData(ctx, &cekura.CreateWidgetRequest{
		ChartType: cekura.ChartTypePie,
		Field:     "call_ended_reason",
		// The API plots at most 30 days, from a gt or gte on timestamp.
		Filters: &cekura.CallLogFilter{Field: "timestamp", Op: cekura.FilterOpGte, Value: "now-1d"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range pie.Points() {
		calls, _ := p.Number()
		fmt.Printf("%s: %.0f calls (%.1f%%)\n", p.Label, calls, p.Percentage)
	}
	// Output:
	// customer_ended_call: 2 calls (66.7%)
	// agent_ended_call: 1 calls (33.3%)
}

func ExampleWidgetData_Stat() {
	fake := newCallsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	dashboard, err := client.Dashboards.Create(ctx, &cekura.CreateDashboardRequest{Name: "Totals",
		Filters: &cekura.CallLogFilter{Field: "timestamp", Op: cekura.FilterOpGte, Value: "today-7d"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	widget, err := client.Widgets.Create(ctx, &cekura.CreateWidgetRequest{DashboardID: dashboard.ID, ChartType: cekura.ChartTypeStat})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Only the calls of 40 seconds and more, for this call.
	data, err := client.Widgets.GetData(ctx, widget.ID, &cekura.WidgetDataParams{
		Filters: &cekura.CallLogFilter{Field: "duration", Op: cekura.FilterOpGte, Value: 40},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	stat := data.Stat()
	fmt.Println(stat.TotalCalls, "calls, mean duration", stat.AvgDuration, "s")
	// Output: 2 calls, mean duration 45 s
}

func ExampleWidgetsService_Create_validation() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	// The description's widget rules are checked before anything is sent.
	_, err := client.Widgets.Create(context.Background(), &cekura.CreateWidgetRequest{
		DashboardID: 1,
		ChartType:   cekura.ChartTypeBar,
		Field:       "duration",
		Filters:     &cekura.CallLogFilter{Field: "timestamp", Op: "after", Value: "now-7d"},
	})
	var invalid *cekura.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Message)
		}
	}
	fmt.Println(len(fake.Requests()), "requests sent")
	// Output:
	// aggregation_function: is required for a bar chart, such as count or avg
	// time_period: is required for a bar chart: hour, day, week or month
	// filters.op: "after" is not one of eq, neq, gt, gte, lt, lte, contains, startswith, endswith, in, isnull, regex
	// 0 requests sent
}
