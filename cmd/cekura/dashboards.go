package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The dashboards group: dashboards, and their widgets as a subgroup
// (`cekura dashboards widgets …`), with the widgets' chart data.

func (a *app) dashboardsCommand() *cobra.Command {
	r := &resource[cekura.Dashboard, cekura.CreateDashboardRequest, cekura.UpdateDashboardRequest]{
		name: "dashboards", singular: "dashboard",
		columns: dashboardColumns,
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Dashboard], error) {
			return c.Dashboards.List(ctx, &cekura.ListDashboardsParams{Page: page, PageSize: size, ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Dashboard, error) {
			return c.Dashboards.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateDashboardRequest) (*cekura.Dashboard, error) {
			return c.Dashboards.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateDashboardRequest) (*cekura.Dashboard, error) {
			return c.Dashboards.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Dashboards.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateDashboardRequest, error) {
			name := fs.String("name", "", "the dashboard's name")
			project := fs.Int64("project", 0, "the project whose calls it shows")
			filter := filterFlags(fs, "every widget on the dashboard")
			return func() (*cekura.CreateDashboardRequest, error) {
				f, err := filter()
				return &cekura.CreateDashboardRequest{Name: *name, ProjectID: *project, Filters: f}, err
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateDashboardRequest, error) {
			name := fs.String("name", "", "a new name")
			filter := filterFlags(fs, "every widget (replacing the dashboard's filters)")
			return func() (*cekura.UpdateDashboardRequest, error) {
				req := &cekura.UpdateDashboardRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				f, err := filter()
				if f != nil {
					req.Filters = cekura.Some(*f)
				}
				return req, err
			}
		},
		filterNames: []string{"project"},
		examples: map[string]string{
			"root":   "  cekura dashboards list --project 1376\n  cekura dashboards widgets data 12 --since now-1d",
			"list":   "  cekura dashboards list --project 1376\n  cekura dashboards list --fake -o json",
			"get":    "  cekura dashboards get 3 -o yaml",
			"create": "  cekura dashboards create --name \"Support overview\" --project 1376 --since now-7d\n  cekura dashboards create -f dashboard.yaml",
			"update": "  cekura dashboards update 3 --name \"Support (EU)\"\n  cekura dashboards update 3 --filters '{\"field\": \"agent.id\", \"op\": \"eq\", \"value\": 2142}' --since now-30d",
			"delete": "  cekura dashboards delete 3",
		},
	}
	cmd := r.command(a)
	cmd.Long = `Dashboards chart a project's production calls: widgets (line, bar, pie and
stat charts) scoped by the dashboard's filters, typically a date range.
Widget data needs a gt or gte filter on timestamp (at most 30 days): set
--since on the dashboard, the widget or the data command.

With --fake, the fake starts with a demo dashboard (id 1) over three calls:
a pie chart of how they ended (widget 1), their mean duration per day (2)
and the totals (3).`
	cmd.PersistentPreRunE = func(*cobra.Command, []string) error {
		if a.fake {
			prev := a.fakeSetup
			a.fakeSetup = func(s *cekuratest.Server) {
				seedDashboards(s)
				if prev != nil {
					prev(s)
				}
			}
		}
		return nil
	}
	cmd.AddCommand(a.duplicateDashboardCommand(), a.bulkWidgetsCommand(), a.widgetsCommand())
	return cmd
}

// optID prints an id, or nothing for none (a table shows "-").
func optID(n int64) string {
	if n == 0 {
		return ""
	}
	return id(n)
}

// filterText prints a filter on one line, as its JSON.
func filterText(f *cekura.CallLogFilter) string {
	if f == nil {
		return ""
	}
	b, err := json.Marshal(f)
	if err != nil {
		return ""
	}
	return string(b)
}

// filterFlags adds --filters (a filter as JSON or @file) and --since (a
// lower bound on timestamp, such as now-7d) and returns what reads them:
// nil when neither is given, the two AND-combined when both are.
func filterFlags(fs *pflag.FlagSet, scope string) func() (*cekura.CallLogFilter, error) {
	raw := fs.String("filters", "", "a call log filter for "+scope+", JSON or @file, such as '{\"field\": \"agent.id\", \"op\": \"eq\", \"value\": 2142}'")
	since := fs.String("since", "", "only calls from then on: a timestamp filter such as now-7d, today-30d or 2026-08-01T00:00:00Z")
	return func() (*cekura.CallLogFilter, error) {
		var f *cekura.CallLogFilter
		b, err := jsonFlag("--filters", *raw)
		if err != nil {
			return nil, err
		}
		if b != nil {
			f = &cekura.CallLogFilter{}
			if err := json.Unmarshal(b, f); err != nil {
				return nil, fmt.Errorf("cekura: --filters: %w", err)
			}
		}
		if *since == "" {
			return f, nil
		}
		bound := &cekura.CallLogFilter{Field: "timestamp", Op: cekura.FilterOpGte, Value: *since}
		if f == nil {
			return bound, nil
		}
		return &cekura.CallLogFilter{Operator: cekura.FilterOperatorAnd, Conditions: []*cekura.CallLogFilter{bound, f}}, nil
	}
}

func (a *app) duplicateDashboardCommand() *cobra.Command {
	var name string
	c := &cobra.Command{
		Use: "duplicate ID", Short: "Copy a dashboard and all its widgets", Args: cobra.ExactArgs(1),
		Example: "  cekura dashboards duplicate 3\n  cekura dashboards duplicate 3 --name \"Support (staging)\" -o json",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				d, err := c.Dashboards.Duplicate(ctx, n, &cekura.DuplicateDashboardRequest{Name: name})
				if err != nil {
					return err
				}
				return printItems(a, dashboardColumns, []*cekura.Dashboard{d}, false)
			})
		},
	}
	c.Flags().StringVar(&name, "name", "", `the copy's name (default "Copy of <name>")`)
	return c
}

// dashboardColumns are the table's columns of a dashboard.
var dashboardColumns = []column[cekura.Dashboard]{
	{"ID", func(x *cekura.Dashboard) string { return id(x.ID) }},
	{"NAME", func(x *cekura.Dashboard) string { return x.Name }},
	{"PROJECT", func(x *cekura.Dashboard) string { return optID(x.ProjectID) }},
	{"WIDGETS", func(x *cekura.Dashboard) string { return strconv.Itoa(x.WidgetCount) }},
	{"FILTERS", func(x *cekura.Dashboard) string { return filterText(x.Filters) }},
}

func (a *app) bulkWidgetsCommand() *cobra.Command {
	var file string
	c := &cobra.Command{
		Use: "bulk-widgets ID -f FILE", Short: "Add, change and delete a dashboard's widgets in one transaction", Args: cobra.ExactArgs(1),
		Long: `bulk-widgets applies a file of widget changes to a dashboard, all or none:
create (new widgets, as for widgets create), update (each with its id and
what changes) and delete (widget ids). JSON or YAML; - for standard input.`,
		Example: "  cekura dashboards bulk-widgets 3 -f widgets.yaml\n" +
			"  echo '{\"delete\": [12, 13]}' | cekura dashboards bulk-widgets 3 -f -",
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return fmt.Errorf("cekura: --from-file (-f) is required: the widgets to create, update and delete")
			}
			req, err := fromFileOr[cekura.BulkWidgetsRequest](file, nil)
			if err != nil {
				return err
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				res, err := c.Dashboards.BulkEditWidgets(ctx, n, req)
				if err != nil {
					return err
				}
				switch a.format {
				case "json", "yaml":
					return printDoc(a.out, a.format, res)
				}
				rows := append(append([]*cekura.Widget{}, res.Created...), res.Updated...)
				if err := printItems(a, widgetColumns, rows, true); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "created %d, updated %d, deleted %d widgets of dashboard %d\n", len(res.Created), len(res.Updated), len(res.DeletedIDs), n)
				for _, e := range res.Errors {
					b, _ := json.Marshal(e)
					fmt.Fprintln(a.errOut, "error: "+textLine(string(b)))
				}
				return nil
			})
		},
	}
	c.Flags().StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with create, update and delete (- for standard input)")
	return c
}

// widgetColumns are the table's columns of a widget.
var widgetColumns = []column[cekura.Widget]{
	{"ID", func(x *cekura.Widget) string { return id(x.ID) }},
	{"DASHBOARD", func(x *cekura.Widget) string { return optID(x.DashboardID) }},
	{"NAME", func(x *cekura.Widget) string { return x.Name }},
	{"CHART", func(x *cekura.Widget) string { return string(x.ChartType) }},
	{"FIELD", func(x *cekura.Widget) string {
		if x.MetricName != "" {
			return x.Field + " (" + x.MetricName + ")"
		}
		return x.Field
	}},
	{"AGGREGATION", func(x *cekura.Widget) string {
		switch {
		case x.TimePeriod == "":
			return string(x.AggregationFunction)
		case x.AggregationFunction == "":
			return "per " + string(x.TimePeriod)
		}
		return string(x.AggregationFunction) + " per " + string(x.TimePeriod)
	}},
}

// widgetFlags adds the flags that describe a widget and returns what builds
// it from them.
func widgetFlags(fs *pflag.FlagSet) func() (*cekura.CreateWidgetRequest, error) {
	dashboard := fs.Int64("dashboard", 0, "the dashboard it goes on")
	name := fs.String("name", "", "the widget's title")
	chart := fs.String("chart", "", "line, bar, pie or stat")
	field := fs.String("field", "", "the call log field to plot, such as duration, success, call_ended_reason, metadata.<key> or metric_evaluations.value")
	metric := fs.Int64("metric", 0, "with --field metric_evaluations.value: the metric's id")
	agg := fs.String("aggregation", "", "a bar chart's aggregation: count, sum, avg, min, max, p50, p95 or p99")
	period := fs.String("period", "", "a bar chart's time period: hour, day, week or month")
	filter := filterFlags(fs, "the widget (AND-combined with the dashboard's)")
	return func() (*cekura.CreateWidgetRequest, error) {
		f, err := filter()
		return &cekura.CreateWidgetRequest{DashboardID: *dashboard, Name: *name, ChartType: cekura.ChartType(*chart), Field: *field, MetricID: *metric,
			AggregationFunction: cekura.AggregationFunction(*agg), TimePeriod: cekura.TimePeriod(*period), Filters: f}, err
	}
}

func (a *app) widgetsCommand() *cobra.Command {
	r := &resource[cekura.Widget, cekura.CreateWidgetRequest, cekura.UpdateWidgetRequest]{
		name: "widgets", singular: "widget",
		columns: widgetColumns,
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Widget], error) {
			return c.Widgets.List(ctx, &cekura.ListWidgetsParams{Page: page, PageSize: size, DashboardID: f.get("dashboard")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Widget, error) {
			return c.Widgets.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateWidgetRequest) (*cekura.Widget, error) {
			return c.Widgets.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateWidgetRequest) (*cekura.Widget, error) {
			return c.Widgets.Update(ctx, n, req)
		},
		delete:      func(ctx context.Context, c *cekura.Client, n int64) error { return c.Widgets.Delete(ctx, n) },
		createFlags: widgetFlags,
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateWidgetRequest, error) {
			name := fs.String("name", "", "a new title")
			chart := fs.String("chart", "", "a new chart type: line, bar, pie or stat")
			field := fs.String("field", "", "a new field to plot")
			agg := fs.String("aggregation", "", "a new aggregation: count, sum, avg, min, max, p50, p95 or p99")
			period := fs.String("period", "", "a new time period: hour, day, week or month")
			filter := filterFlags(fs, "the widget (replacing its own filters)")
			return func() (*cekura.UpdateWidgetRequest, error) {
				req := &cekura.UpdateWidgetRequest{}
				for _, s := range []struct {
					v   string
					set func(string)
				}{
					{*name, func(v string) { req.Name = cekura.Some(v) }},
					{*chart, func(v string) { req.ChartType = cekura.Some(cekura.ChartType(v)) }},
					{*field, func(v string) { req.Field = cekura.Some(v) }},
					{*agg, func(v string) { req.AggregationFunction = cekura.Some(cekura.AggregationFunction(v)) }},
					{*period, func(v string) { req.TimePeriod = cekura.Some(cekura.TimePeriod(v)) }},
				} {
					if s.v != "" {
						s.set(s.v)
					}
				}
				f, err := filter()
				if f != nil {
					req.Filters = cekura.Some(*f)
				}
				return req, err
			}
		},
		filterNames: []string{"dashboard"},
		examples: map[string]string{
			"root":   "  cekura dashboards widgets list --dashboard 3\n  cekura dashboards widgets data 12 --since now-1d",
			"list":   "  cekura dashboards widgets list --dashboard 3 -o json",
			"get":    "  cekura dashboards widgets get 12",
			"create": "  cekura dashboards widgets create --dashboard 3 --name \"How calls end\" --chart pie --field call_ended_reason\n  cekura dashboards widgets create --dashboard 3 --chart bar --field duration --aggregation avg --period day",
			"update": "  cekura dashboards widgets update 12 --aggregation p95",
			"delete": "  cekura dashboards widgets delete 12",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Manage the widgets of dashboards and read their data"
	cmd.AddCommand(a.widgetDataCommand(), a.widgetPreviewCommand(), a.widgetBulkDataCommand())
	return cmd
}

func (a *app) widgetDataCommand() *cobra.Command {
	var filter func() (*cekura.CallLogFilter, error)
	c := &cobra.Command{
		Use: "data ID", Short: "Show a widget's chart data", Args: cobra.ExactArgs(1),
		Long: `data prints a widget's chart data: a line chart's points (call, time, value),
a bar chart's periods (start, value, calls), a pie chart's values (label,
calls, percent) or a stat chart's figures. --filters and --since replace the
widget's own filters for this call; the dashboard's still apply.`,
		Example: "  cekura dashboards widgets data 12\n  cekura dashboards widgets data 12 --since now-1d -o json",
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := filter()
			if err != nil {
				return err
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				var params *cekura.WidgetDataParams
				if f != nil {
					params = &cekura.WidgetDataParams{Filters: f}
				}
				data, err := c.Widgets.GetData(ctx, n, params)
				if err != nil {
					return err
				}
				return a.printWidgetData([]*cekura.WidgetData{data}, false)
			})
		},
	}
	filter = filterFlags(c.Flags(), "this call, in place of the widget's own")
	return c
}

func (a *app) widgetPreviewCommand() *cobra.Command {
	var file string
	c := &cobra.Command{
		Use: "preview", Short: "Show the data a widget would have, without saving it", Args: cobra.NoArgs,
		Example: "  cekura dashboards widgets preview --chart stat --since now-7d\n" +
			"  cekura dashboards widgets preview --dashboard 3 --chart pie --field call_ended_reason\n" +
			"  cekura dashboards widgets preview -f widget.yaml -o json",
	}
	build := widgetFlags(c.Flags())
	c.Flags().StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with the widget (- for standard input)")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		req, err := fromFileOr(file, build)
		if err != nil {
			return err
		}
		client, err := a.clientFor()
		if err != nil {
			return err
		}
		ctx, cancel := a.withTimeout(cmd)
		defer cancel()
		data, err := client.Widgets.PreviewData(ctx, req)
		if err != nil {
			return err
		}
		return a.printWidgetData([]*cekura.WidgetData{data}, false)
	}
	return c
}

func (a *app) widgetBulkDataCommand() *cobra.Command {
	var page, size int
	var filter func() (*cekura.CallLogFilter, error)
	c := &cobra.Command{
		Use: "bulk-data ID...", Short: "Show the chart data of several widgets", Args: cobra.MinimumNArgs(1),
		Example: "  cekura dashboards widgets bulk-data 12 13 14\n  cekura dashboards widgets bulk-data 12 13 --since now-1d -o yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			ids := make([]int64, len(args))
			for i, s := range args {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n <= 0 {
					return fmt.Errorf("cekura: %q is not an id (a positive number)", s)
				}
				ids[i] = n
			}
			f, err := filter()
			if err != nil {
				return err
			}
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			p, err := client.Widgets.GetBulkData(ctx, &cekura.BulkWidgetDataRequest{WidgetIDs: ids, Filters: f}, &cekura.PageParams{Page: page, PageSize: size})
			if err != nil {
				return err
			}
			if err := a.printWidgetData(p.Results, true); err != nil {
				return err
			}
			if p.Next != "" {
				fmt.Fprintf(a.errOut, "%d of %d widgets shown; the next ones: --page %d\n", len(p.Results), p.Count, max(page, 1)+1)
			}
			return nil
		},
	}
	c.Flags().IntVar(&page, "page", 0, "page number (default 1)")
	c.Flags().IntVar(&size, "page-size", 0, "widgets per page (default: the API's)")
	filter = filterFlags(c.Flags(), "this call, in place of each widget's own")
	return c
}

// printWidgetData prints widget data: the documents in JSON or YAML (a
// list when many), else a table per widget, by chart type.
func (a *app) printWidgetData(all []*cekura.WidgetData, many bool) error {
	switch a.format {
	case "json", "yaml":
		var doc any = all
		if !many && len(all) == 1 {
			doc = all[0]
		}
		return printDoc(a.out, a.format, doc)
	}
	for i, d := range all {
		if many {
			if i > 0 {
				fmt.Fprintln(a.out)
			}
			fmt.Fprintf(a.out, "widget %d (%s %s)\n", d.WidgetID, d.ChartType, cleanCell(d.Metadata.DisplayName))
		}
		tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
		row := func(cells ...string) {
			for i, c := range cells {
				cells[i] = cleanCell(c)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		if s := d.Stat(); s != nil {
			row("TOTAL CALLS", "SUCCESS RATE", "AVG DURATION", "P95 LATENCY")
			row(strconv.Itoa(s.TotalCalls), num(s.SuccessRate), num(s.AvgDuration), num(s.P95Latency))
			if err := tw.Flush(); err != nil {
				return err
			}
			continue
		}
		switch d.ChartType {
		case cekura.ChartTypeBar:
			row("PERIOD", "VALUE", "CALLS")
		case cekura.ChartTypePie:
			row("LABEL", "CALLS", "PERCENT")
		default:
			row("CALL", "TIME", "VALUE")
		}
		for _, p := range d.Points() {
			switch d.ChartType {
			case cekura.ChartTypeBar:
				row(p.TimeInterval.Format(time.RFC3339), value(p), strconv.Itoa(p.SampleCount))
			case cekura.ChartTypePie:
				row(p.Label, value(p), num(p.Percentage))
			default:
				row(optID(p.ID), p.Timestamp.Format(time.RFC3339), value(p))
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// num prints a number without needless decimals.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// value prints a point's value: a number without needless decimals, or
// what it is.
func value(p *cekura.WidgetPoint) string {
	if _, isBool := p.Value.(bool); !isBool {
		if f, ok := p.Number(); ok {
			return num(f)
		}
	}
	if p.Value == nil {
		return ""
	}
	return fmt.Sprint(p.Value)
}

// seedDashboards gives the fake three calls (30, 40 and 50 seconds long,
// two ended by the customer, evaluated) and a dashboard over the last 7 days with a
// pie chart of how the calls ended (widget 1), their mean duration per day
// (2) and the totals (3), for `cekura dashboards … --fake`.
func seedDashboards(s *cekuratest.Server) {
	ctx := context.Background()
	c := s.Client()
	for i, reason := range []string{"customer_ended_call", "agent_ended_call", "customer_ended_call"} {
		transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 0, EndTime: float64(30 + 10*i)})
		if err != nil {
			return
		}
		if _, err := c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "fake_call_" + strconv.Itoa(i+1), AgentID: 1, Transcript: transcript,
			CallEndedReason: reason, Metadata: map[string]any{"region": "eu"}}); err != nil {
			return
		}
	}
	s.Advance(time.Minute) // the calls are evaluated
	d, err := c.Dashboards.Create(ctx, &cekura.CreateDashboardRequest{Name: "Support overview (fake)", ProjectID: 1,
		Filters: &cekura.CallLogFilter{Field: "timestamp", Op: cekura.FilterOpGte, Value: "now-7d"}})
	if err != nil {
		return
	}
	_, _ = c.Dashboards.BulkEditWidgets(ctx, d.ID, &cekura.BulkWidgetsRequest{Create: []*cekura.CreateWidgetRequest{
		{Name: "How calls end", ChartType: cekura.ChartTypePie, Field: "call_ended_reason"},
		{Name: "Mean duration", ChartType: cekura.ChartTypeBar, Field: "duration", AggregationFunction: cekura.AggregationFunctionAvg, TimePeriod: cekura.TimePeriodDay},
		{Name: "Totals", ChartType: cekura.ChartTypeStat},
	}})
}
