package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The insights group: metric failure-mode insights, deep research insights,
// and the improvement sessions that act on them.

func (a *app) insightsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "insights",
		Short: "Failure-mode insights, deep research and improvement sessions",
		Long: `insights reads why an agent's production calls fail, and acts on it:

  failure-modes      per-metric audits, failure rates and failure categories
  research           deep research audits of a project's calls
  agent-sessions     "Improve Agent" sessions
  scenario-sessions  scenario-improvement sessions

Generating an audit costs credits (see "cekura insights research pricing").
With --fake, the fake API holds five failing calls, a metric audited over
them and a deep research audit, so every command has something to show.`,
		Example: `  cekura insights failure-modes rates
  cekura insights failure-modes categories --project 1376 --metric 118
  cekura insights research generate --project 1376 --wait
  cekura insights failure-modes categories --fake`,
		Args: cobra.ArbitraryArgs, RunE: groupRun,
	}
	cmd.AddCommand(a.failureModesCommand(), a.researchCommand(), a.agentSessionsCommand(), a.scenarioSessionsCommand())
	return cmd
}

// insightsClient is clientFor, with the fake given something to show.
func (a *app) insightsClient() (*cekura.Client, error) {
	c, err := a.clientFor()
	if err == nil && a.fake {
		seedInsights(a.fakeSrv)
	}
	return c, err
}

// seedInsights gives a fake five calls that failed their evaluation, an
// audit of its metrics over them and a deep research audit, all ended, once.
func seedInsights(s *cekuratest.Server) {
	if len(s.FailureInsights()) > 0 || len(s.ResearchInsights()) > 0 {
		return
	}
	ctx, c := context.Background(), s.Client()
	for i := range 5 {
		if _, err := c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: fmt.Sprintf("fake_call_%d", i+1), AgentID: 1}); err != nil {
			return
		}
	}
	s.Advance(time.Minute)
	_, _ = c.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: 1})
	_, _ = c.ResearchInsights.Generate(ctx, &cekura.GenerateResearchRequest{ProjectID: 1})
	s.Advance(5 * time.Minute)
}

// errJobFailed ends a command whose background job ended without success:
// exit 2, as every job command's (the job's error is printed first).
var errJobFailed = fmt.Errorf("the job did not succeed: %w", errReported)

// jobOutcome prints a job's error, if any, and returns errJobFailed for it.
func (a *app) jobOutcome(err error) error {
	if err == nil {
		return nil
	}
	fmt.Fprintln(a.errOut, oneLine(err))
	return errJobFailed
}

// withInsightsClient runs f with the insights client and a context
// bounded by --timeout.
func (a *app) withInsightsClient(cmd *cobra.Command, f func(ctx context.Context, c *cekura.Client) error) error {
	client, err := a.insightsClient()
	if err != nil {
		return err
	}
	ctx, cancel := a.withTimeout(cmd)
	defer cancel()
	return f(ctx, client)
}

// timeFlag is a --from or --to: an RFC 3339 time, or a date (its start).
type timeFlag struct{ t time.Time }

func (f *timeFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(v string) error {
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			f.t = t
			return nil
		}
	}
	return fmt.Errorf("%q is neither a date (2026-08-20) nor a time (2026-08-20T09:00:00Z)", v)
}

func (f *timeFlag) Type() string { return "time" }

// rangeFlags adds --from, --to and --agents.
func rangeFlags(fs *pflag.FlagSet) (from, to *timeFlag, agents *[]int64) {
	from, to = &timeFlag{}, &timeFlag{}
	fs.Var(from, "from", "count only from this date or time (2026-08-01 or 2026-08-01T00:00:00Z)")
	fs.Var(to, "to", "count only before this date or time")
	agents = fs.Int64Slice("agents", nil, "count only the calls of these agent ids, comma-separated")
	return from, to, agents
}

func formatRate(r *float64) string {
	if r == nil {
		return "-"
	}
	return strconv.FormatFloat(*r, 'f', 1, 64) + "%"
}

var failureInsightColumns = []column[cekura.FailureInsight]{
	{"ID", func(x *cekura.FailureInsight) string { return id(x.ID) }},
	{"METRIC", func(x *cekura.FailureInsight) string { return x.MetricName }},
	{"STATUS", func(x *cekura.FailureInsight) string { return string(x.Status) }},
	{"FAILURES", func(x *cekura.FailureInsight) string { return strconv.Itoa(x.TotalFailures) }},
	{"MODES", func(x *cekura.FailureInsight) string { return strconv.Itoa(len(x.FailureModes)) }},
	{"HEADLINE", func(x *cekura.FailureInsight) string { return x.Headline }},
}

func (a *app) failureModesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use: "failure-modes", Aliases: []string{"fm"}, Short: "Metric failure-mode insights: rates, categories, audits",
		Example: "  cekura insights failure-modes rates\n  cekura insights fm categories --metric 118",
		Args:    cobra.ArbitraryArgs, RunE: groupRun,
	}

	var project int64
	dates := &cobra.Command{
		Use: "dates", Short: "List the dates that have a completed insight, newest first", Args: cobra.NoArgs,
		Example: "  cekura insights failure-modes dates --project 1376",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				d, err := c.FailureInsights.GetAvailableDates(ctx, &cekura.AvailableDatesParams{ProjectID: project})
				if err != nil {
					return err
				}
				if a.format != "table" {
					return printDoc(a.out, a.format, d)
				}
				rows := make([]*string, len(d.Dates))
				for i := range d.Dates {
					rows[i] = &d.Dates[i]
				}
				return printItems(a, []column[string]{{"DATE", func(s *string) string { return *s }}}, rows, true)
			})
		},
	}
	dates.Flags().Int64Var(&project, "project", 0, "the project (leave it out with an API key scoped to one)")

	var catProject, catMetric int64
	categories := &cobra.Command{
		Use: "categories", Short: "List the failure categories, most calls first", Args: cobra.NoArgs,
		Example: "  cekura insights failure-modes categories --project 1376 --metric 118\n  cekura insights failure-modes categories --from 2026-08-01 --agents 2142 -o json",
	}
	from, to, agents := rangeFlags(categories.Flags())
	categories.Flags().Int64Var(&catProject, "project", 0, "the project")
	categories.Flags().Int64Var(&catMetric, "metric", 0, "only this metric's categories")
	categories.RunE = func(cmd *cobra.Command, _ []string) error {
		return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			p, err := c.FailureInsights.ListCategories(ctx, &cekura.ListFailureCategoriesParams{ProjectID: catProject, MetricID: catMetric,
				DateFrom: from.t, DateTo: to.t, AgentIDs: *agents})
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.FailureCategory]{
				{"SLUG", func(x *cekura.FailureCategory) string { return x.Slug }},
				{"NAME", func(x *cekura.FailureCategory) string { return x.Name }},
				{"CALLS", func(x *cekura.FailureCategory) string { return strconv.Itoa(x.Count) }},
				{"EXAMPLES", func(x *cekura.FailureCategory) string { return joinIDs(x.ExampleCallIDs) }},
			}, p.Results, true)
		})
	}

	scopeFlags := func(c *cobra.Command) (project, metric *int64) {
		project = c.Flags().Int64("project", 0, "the category's project (required)")
		metric = c.Flags().Int64("metric", 0, "the category's metric id (required)")
		return project, metric
	}

	calls := &cobra.Command{
		Use: "calls SLUG", Short: "List every call of a failure category, newest first", Args: cobra.ExactArgs(1),
		Example: "  cekura insights failure-modes calls skips-date-check --project 1376 --metric 118",
	}
	callsProject, callsMetric := scopeFlags(calls)
	callsFrom, callsTo, callsAgents := rangeFlags(calls.Flags())
	calls.RunE = func(cmd *cobra.Command, args []string) error {
		return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			got, err := c.FailureInsights.GetCategoryCalls(ctx, args[0], &cekura.CategoryCallsParams{ProjectID: *callsProject, MetricID: *callsMetric,
				DateFrom: callsFrom.t, DateTo: callsTo.t, AgentIDs: *callsAgents})
			if err != nil {
				return err
			}
			if a.format != "table" {
				return printDoc(a.out, a.format, got)
			}
			rows := make([]*int64, len(got.CallIDs))
			for i := range got.CallIDs {
				rows[i] = &got.CallIDs[i]
			}
			return printItems(a, []column[int64]{{"CALL LOG ID", func(n *int64) string { return id(*n) }}}, rows, true)
		})
	}

	var rateProject int64
	rates := &cobra.Command{
		Use: "rates", Short: "List each metric's failure rate over the Insights window", Args: cobra.NoArgs,
		Example: "  cekura insights failure-modes rates\n  cekura insights failure-modes rates --agents 2142 --from 2026-08-01 -o yaml",
	}
	rateFrom, rateTo, rateAgents := rangeFlags(rates.Flags())
	rates.Flags().Int64Var(&rateProject, "project", 0, "the project (leave it out with an API key scoped to one)")
	rates.RunE = func(cmd *cobra.Command, _ []string) error {
		return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			p, err := c.FailureInsights.ListFailureRates(ctx, &cekura.FailureRatesParams{ProjectID: rateProject, DateFrom: rateFrom.t, DateTo: rateTo.t, AgentIDs: *rateAgents})
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.MetricFailureRate]{
				{"METRIC ID", func(x *cekura.MetricFailureRate) string { return id(x.MetricID) }},
				{"METRIC", func(x *cekura.MetricFailureRate) string { return x.MetricName }},
				{"RATE", func(x *cekura.MetricFailureRate) string { return formatRate(x.Rate) }},
				{"FAILURES", func(x *cekura.MetricFailureRate) string { return strconv.Itoa(x.Failures) }},
				{"EVALUATED", func(x *cekura.MetricFailureRate) string { return strconv.Itoa(x.EvaluatedCalls) }},
			}, p.Results, true)
		})
	}

	var genProject int64
	var genNames []string
	var genWait bool
	generate := &cobra.Command{
		Use: "generate", Short: "Audit a project's metrics now (costs credits per insight)", Args: cobra.NoArgs,
		Long: `generate queues a failure-mode audit of every eligible metric of the project
(or of --metric-name) over the last 24 hours, and prints the new rows. With
--wait it waits for each to end: exit 0 when none failed, 1 when one did.
Metrics with no failing calls are skipped, and not charged.`,
		Example: "  cekura insights failure-modes generate --project 1376 --wait\n  cekura insights failure-modes generate --project 1376 --metric-name \"Refund policy\"",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				rows, err := c.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: genProject, MetricNames: genNames})
				if err != nil || !genWait {
					if err == nil {
						err = printItems(a, failureInsightColumns, rows, true)
					}
					return err
				}
				var failed error
				for i, row := range rows {
					if rows[i], err = c.FailureInsights.WaitForInsight(ctx, row.ID, nil); err != nil {
						return err
					}
					failed = errors.Join(failed, rows[i].Err())
				}
				if err := printItems(a, failureInsightColumns, rows, true); err != nil {
					return err
				}
				return a.jobOutcome(failed)
			})
		},
	}
	generate.Flags().Int64Var(&genProject, "project", 0, "the project whose metrics are audited (required)")
	generate.Flags().StringSliceVar(&genNames, "metric-name", nil, "audit only these metrics, by name (repeat, or comma-separated)")
	generate.Flags().BoolVar(&genWait, "wait", false, "wait for every audit to end")

	get := &cobra.Command{
		Use: "get ID", Short: "Show one failure-mode insight", Args: cobra.ExactArgs(1),
		Example: "  cekura insights failure-modes get 12 -o yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				if a.fake {
					seedInsights(a.fakeSrv)
				}
				x, err := c.FailureInsights.Get(ctx, n)
				if err != nil {
					return err
				}
				return printItems(a, failureInsightColumns, []*cekura.FailureInsight{x}, false)
			})
		},
	}

	fix := &cobra.Command{
		Use: "fix-metric SLUG", Short: "Add a failure category's calls to Labs: the metric was wrong", Args: cobra.ExactArgs(1),
		Long: `fix-metric samples the latest calls of a failure category and adds them to
Labs as reviews of its metric, with --feedback and the corrected label
--expected: true or false for a binary metric, a number for a rating or a
numeric metric, na for N/A; left out, the API records a pass.`,
		Example: "  cekura insights failure-modes fix-metric skips-date-check --project 1376 --metric 118 --feedback \"past 30 days\" --expected false",
	}
	fixProject, fixMetric := scopeFlags(fix)
	feedback := fix.Flags().String("feedback", "", "a note on each call's review")
	expected := fix.Flags().String("expected", "", "the corrected label: true, false, a number, or na")
	fix.RunE = func(cmd *cobra.Command, args []string) error {
		req := &cekura.FixCategoryMetricRequest{ProjectID: *fixProject, MetricID: *fixMetric, Feedback: *feedback}
		switch v := strings.ToLower(strings.TrimSpace(*expected)); v {
		case "":
		case "true", "false":
			req.ExpectedValue = cekura.Some[any](v == "true")
		case "na", "n/a", "null":
			req.ExpectedValue = cekura.Null[any]()
		default:
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("cekura: --expected %q: use true, false, a number, or na", *expected)
			}
			req.ExpectedValue = cekura.Some[any](n)
		}
		return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			res, err := c.FailureInsights.FixCategoryMetric(ctx, args[0], req)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "added failure category %s's calls to Labs\n", args[0])
			if a.format != "table" {
				return printDoc(a.out, a.format, res)
			}
			return nil
		})
	}

	var yes bool
	del := &cobra.Command{
		Use: "delete-category SLUG", Short: "Delete a failure category and its calls' assignments", Args: cobra.ExactArgs(1),
		Long: `delete-category removes a failure category and its calls' assignments; later
calls are classified against the remaining categories. It cannot be undone.
On a terminal it asks first; --yes (-y) deletes without asking. When standard
input is not a terminal it deletes nothing and exits 2 unless --yes is given.`,
		Example: "  cekura insights failure-modes delete-category skips-date-check --project 1376 --metric 118\n" +
			"  cekura insights failure-modes delete-category skips-date-check --project 1376 --metric 118 --yes   # in a script",
	}
	delProject, delMetric := scopeFlags(del)
	del.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
	del.RunE = func(cmd *cobra.Command, args []string) error {
		if !yes && !a.stdinIsTerminal() {
			return fmt.Errorf("cekura: failure category %s not deleted: standard input is not a terminal, so there is no one to ask; pass --yes to delete without asking", args[0])
		}
		return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			if !yes {
				fmt.Fprintf(a.errOut, "Delete failure category %s of metric %d? [y/N] ", args[0], *delMetric)
				answer, err := a.readAnswer(ctx)
				if err != nil {
					fmt.Fprintln(a.errOut)
					return err
				}
				if answer != "y" && answer != "yes" {
					fmt.Fprintf(a.errOut, "failure category %s not deleted\n", args[0])
					return nil
				}
			}
			if err := c.FailureInsights.DeleteCategory(ctx, args[0], &cekura.CategoryScope{ProjectID: *delProject, MetricID: *delMetric}); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "deleted failure category %s\n", args[0])
			return nil
		})
	}

	cmd.AddCommand(dates, categories, calls, rates, generate, get, fix, del)
	return cmd
}

var researchColumns = []column[cekura.ResearchInsight]{
	{"ID", func(x *cekura.ResearchInsight) string { return id(x.ID) }},
	{"STATUS", func(x *cekura.ResearchInsight) string { return string(x.Status) }},
	{"CALLS", func(x *cekura.ResearchInsight) string { return strconv.Itoa(x.NumCallsAnalyzed) }},
	{"MODES", func(x *cekura.ResearchInsight) string { return strconv.Itoa(len(x.FailureModes)) }},
	{"FOCUS", func(x *cekura.ResearchInsight) string { return x.Focus }},
	{"CREATED", func(x *cekura.ResearchInsight) string { return x.CreatedAt.Format(time.RFC3339) }},
}

func (a *app) researchCommand() *cobra.Command {
	r := &resource[cekura.ResearchInsight, struct{}, struct{}]{
		name: "research", singular: "deep research insight",
		columns: researchColumns,
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.ResearchInsight], error) {
			a.seedFake()
			return c.ResearchInsights.List(ctx, &cekura.ListResearchInsightsParams{ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.ResearchInsight, error) {
			a.seedFake()
			return c.ResearchInsights.Get(ctx, n)
		},
		delete:      func(ctx context.Context, c *cekura.Client, n int64) error { return c.ResearchInsights.Delete(ctx, n) },
		filterNames: []string{"project"},
		examples: map[string]string{
			"root":   "  cekura insights research list",
			"list":   "  cekura insights research list --project 1376 -o json",
			"get":    "  cekura insights research get 7 -o yaml",
			"delete": "  cekura insights research delete 7",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Deep research audits of a project's calls"

	cmd.AddCommand(&cobra.Command{
		Use: "pricing", Short: "Show the credit cost of one audit", Args: cobra.NoArgs,
		Example: "  cekura insights research pricing",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				p, err := c.ResearchInsights.GetPricing(ctx, nil)
				if err != nil {
					return err
				}
				return printItems(a, []column[cekura.InsightPricing]{
					{"CREDITS", func(x *cekura.InsightPricing) string { return strconv.FormatFloat(x.Credits, 'f', -1, 64) }},
				}, []*cekura.InsightPricing{p}, false)
			})
		},
	})

	var req cekura.GenerateResearchRequest
	var wait bool
	from, to := &timeFlag{}, &timeFlag{}
	gen := &cobra.Command{
		Use: "generate", Short: "Audit a project's recent calls now (costs credits)", Args: cobra.NoArgs,
		Long: `generate queues a deep research audit of the project's calls: the last
--window-days (7 by default), or --from to --to. While an audit of the project
is running, the API returns that one instead. With --wait it waits for the
audit to end (large projects take 10 to 15 minutes): exit 0 when it succeeded
or was skipped for too few calls, 1 when it failed.`,
		Example: "  cekura insights research generate --project 1376 --focus \"voicemail handling\" --wait\n  cekura insights research generate --project 1376 --from 2026-08-01 --to 2026-08-15",
		RunE: func(cmd *cobra.Command, _ []string) error {
			req.DateFrom, req.DateTo = from.t, to.t
			return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				x, err := c.ResearchInsights.Generate(ctx, &req)
				if err == nil && wait {
					x, err = c.ResearchInsights.WaitForInsight(ctx, x.ID, nil)
				}
				if err != nil {
					return err
				}
				if err := printItems(a, researchColumns, []*cekura.ResearchInsight{x}, false); err != nil {
					return err
				}
				return a.jobOutcome(x.Err())
			})
		},
	}
	gen.Flags().Int64Var(&req.ProjectID, "project", 0, "the project to audit (required)")
	gen.Flags().IntVar(&req.WindowDays, "window-days", 0, "look back this many days, 1 to 30 (default: the API's, 7)")
	gen.Flags().Var(from, "from", "audit from this date or time (with --to)")
	gen.Flags().Var(to, "to", "audit up to this date or time (with --from)")
	gen.Flags().IntVar(&req.MaxCalls, "max-calls", 0, "sample at most this many calls, 10 to 1000 (default: the API's, 500)")
	gen.Flags().StringVar(&req.Focus, "focus", "", "what to investigate, such as \"voicemail handling\"")
	gen.Flags().BoolVar(&wait, "wait", false, "wait for the audit to end")
	cmd.AddCommand(gen)

	var dis cekura.DismissResearchModeRequest
	dismiss := &cobra.Command{
		Use: "dismiss TITLE", Short: "Hide a failure mode from every report of the project", Args: cobra.ExactArgs(1),
		Long: `dismiss hides a failure mode, by its exact title, from every deep research
report of the project, present and future. There is no undo through the API.`,
		Example: "  cekura insights research dismiss \"Talks to voicemail\" --project 1376 --note \"expected\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			dis.ModeTitle = args[0]
			return a.withInsightsClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				d, err := c.ResearchInsights.DismissMode(ctx, &dis)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "dismissed %q in project %d\n", d.ModeTitle, d.ProjectID)
				if a.format != "table" {
					return printDoc(a.out, a.format, d)
				}
				return nil
			})
		},
	}
	dismiss.Flags().Int64Var(&dis.ProjectID, "project", 0, "the project (required)")
	dismiss.Flags().Int64Var(&dis.InsightID, "insight", 0, "the insight the mode was seen on")
	dismiss.Flags().StringVar(&dis.ModeSeverity, "severity", "", "the mode's severity, kept with the dismissal")
	dismiss.Flags().StringVar(&dis.Note, "note", "", "why")
	cmd.AddCommand(dismiss)
	return cmd
}

// seedFake gives the fake of --fake its insights (see seedInsights).
func (a *app) seedFake() {
	if a.fake && a.fakeSrv != nil {
		seedInsights(a.fakeSrv)
	}
}

func (a *app) agentSessionsCommand() *cobra.Command {
	var wait bool
	var ended error // a waited session's Err
	r := &resource[cekura.AgentImprovementSession, cekura.CreateAgentImprovementRequest, struct{}]{
		name: "agent-sessions", singular: "agent-improvement session",
		columns: []column[cekura.AgentImprovementSession]{
			{"ID", func(x *cekura.AgentImprovementSession) string { return id(x.ID) }},
			{"AGENT", func(x *cekura.AgentImprovementSession) string { return x.AgentName }},
			{"SOURCE", func(x *cekura.AgentImprovementSession) string { return string(x.Source) }},
			{"STATUS", func(x *cekura.AgentImprovementSession) string { return string(x.Status) }},
			{"STAGE", func(x *cekura.AgentImprovementSession) string { return string(x.Stage) }},
			{"STAGE STATUS", func(x *cekura.AgentImprovementSession) string { return string(x.StageStatus) }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.AgentImprovementSession], error) {
			return c.AgentImprovements.List(ctx, &cekura.ListAgentImprovementsParams{ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.AgentImprovementSession, error) {
			return c.AgentImprovements.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateAgentImprovementRequest) (*cekura.AgentImprovementSession, error) {
			a.seedFake()
			s, err := c.AgentImprovements.Create(ctx, req)
			if err != nil || !wait {
				return s, err
			}
			s, err = c.AgentImprovements.WaitForSession(ctx, s.ID, nil)
			if err == nil && s.NeedsInput() {
				fmt.Fprintf(a.errOut, "session %d waits on an answer in the dashboard: %s\n", s.ID, textLine(string(s.PendingQuestion)))
			}
			if err == nil {
				ended = s.Err()
			}
			return s, err
		},
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateAgentImprovementRequest, error) {
			calls := fs.Int64Slice("calls", nil, "improve from these failing call log ids, comma-separated")
			runs := fs.Int64Slice("runs", nil, "or from these test run ids")
			scenarios := fs.Int64Slice("scenarios", nil, "or against these scenario ids")
			key := fs.String("provider-key", "", "the agent's Vapi or ElevenLabs API key (default: CEKURA_PROVIDER_KEY)")
			fs.BoolVar(&wait, "wait", false, "wait for the session to end, or to wait on a question")
			return func() (*cekura.CreateAgentImprovementRequest, error) {
				k := firstSet(*key, a.envValue("CEKURA_PROVIDER_KEY"))
				return &cekura.CreateAgentImprovementRequest{CallLogIDs: *calls, RunIDs: *runs, ScenarioIDs: *scenarios, ProviderKey: cekura.Secret(k)}, nil
			}
		},
		filterNames: []string{"project"},
		examples: map[string]string{
			"root":   "  cekura insights agent-sessions list",
			"list":   "  cekura insights agent-sessions list -o json",
			"get":    "  cekura insights agent-sessions get 3",
			"create": "  cekura insights agent-sessions create --calls 501,502 --wait   # the key from CEKURA_PROVIDER_KEY\n  cekura insights agent-sessions create --scenarios 11,12 -f session.yaml",
		},
	}
	cmd := r.command(a)
	cmd.Short = `"Improve Agent" sessions`
	for _, sub := range cmd.Commands() {
		if sub.Name() == "create" { // with --wait: exit 2 when the session failed
			run := sub.RunE
			sub.RunE = func(c *cobra.Command, args []string) error {
				if err := run(c, args); err != nil {
					return err
				}
				return a.jobOutcome(ended)
			}
		}
	}
	return cmd
}

func (a *app) scenarioSessionsCommand() *cobra.Command {
	r := &resource[cekura.ScenarioImprovementSession, cekura.CreateScenarioImprovementRequest, cekura.UpdateScenarioImprovementRequest]{
		name: "scenario-sessions", singular: "scenario-improvement session",
		columns: []column[cekura.ScenarioImprovementSession]{
			{"ID", func(x *cekura.ScenarioImprovementSession) string { return id(x.ID) }},
			{"TITLE", func(x *cekura.ScenarioImprovementSession) string { return x.Title }},
			{"PROJECT", func(x *cekura.ScenarioImprovementSession) string { return id(x.ProjectID) }},
			{"STATUS", func(x *cekura.ScenarioImprovementSession) string { return string(x.Status) }},
			{"SCENARIOS", func(x *cekura.ScenarioImprovementSession) string { return joinIDs(x.ScenarioIDs) }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.ScenarioImprovementSession], error) {
			return c.ScenarioImprovements.List(ctx, &cekura.ListScenarioImprovementsParams{ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.ScenarioImprovementSession, error) {
			return c.ScenarioImprovements.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateScenarioImprovementRequest) (*cekura.ScenarioImprovementSession, error) {
			return c.ScenarioImprovements.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateScenarioImprovementRequest) (*cekura.ScenarioImprovementSession, error) {
			return c.ScenarioImprovements.Update(ctx, n, req)
		},
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateScenarioImprovementRequest, error) {
			project := fs.Int64("project", 0, "the project whose scenarios are improved")
			title := fs.String("title", "", "the session's title (default: from its first message)")
			scenarios := fs.Int64Slice("scenarios", nil, "the scenario ids to improve, comma-separated")
			return func() (*cekura.CreateScenarioImprovementRequest, error) {
				req := &cekura.CreateScenarioImprovementRequest{ProjectID: *project, Title: *title}
				if len(*scenarios) > 0 {
					req.ScenarioSelection = []byte(`{"scenario_ids": [` + joinIDs(*scenarios) + `]}`)
				}
				return req, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateScenarioImprovementRequest, error) {
			title := fs.String("title", "", "a new title")
			status := fs.String("status", "", "a new status: pending, in_progress, completed, cancelled or failed")
			return func() (*cekura.UpdateScenarioImprovementRequest, error) {
				req := &cekura.UpdateScenarioImprovementRequest{}
				if *title != "" {
					req.Title = cekura.Some(*title)
				}
				if *status != "" {
					req.Status = cekura.Some(cekura.ScenarioImprovementStatus(*status))
				}
				return req, nil
			}
		},
		filterNames: []string{"project"},
		examples: map[string]string{
			"root":   "  cekura insights scenario-sessions list --project 1376",
			"list":   "  cekura insights scenario-sessions list --project 1376 -o yaml",
			"get":    "  cekura insights scenario-sessions get 4 -o json",
			"create": "  cekura insights scenario-sessions create --project 1376 --title \"Sharpen refunds\" --scenarios 11,12",
			"update": "  cekura insights scenario-sessions update 4 --status completed",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Scenario-improvement sessions"
	return cmd
}
