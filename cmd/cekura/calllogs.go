package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The call logs beyond list, get and delete (update, vote, trace, scenarios
// from calls) and the alerts group.

// callUpdateFlags are the flags of `calls update`: only the flags given are
// sent.
func callUpdateFlags(fs *pflag.FlagSet) func() (*cekura.UpdateCallRequest, error) {
	status := fs.String("status", "", "a reviewed status: success, failure, reviewed_success or reviewed_failure")
	feedback := fs.String("feedback", "", "a reviewer's feedback")
	callID := fs.String("call-id", "", "your id of the call")
	minutes := fs.Float64("duration", 0, "the call's length in minutes (1.5 for 1:30)")
	reason := fs.String("ended-reason", "", "why the call ended, such as customer-ended-call")
	customer := fs.String("customer-number", "", "the customer's number or id")
	metadata := fs.String("metadata", "", `a JSON object merged into the call's metadata, such as '{"csat": 5}'`)
	variables := fs.String("dynamic-variables", "", "a JSON object merged into the call's dynamic variables")
	reevaluate := fs.Bool("reevaluate", false, "evaluate the call's metrics again once it is updated")
	return func() (*cekura.UpdateCallRequest, error) {
		req := &cekura.UpdateCallRequest{}
		if fs.Changed("status") {
			req.Status = cekura.Some(cekura.CallStatus(*status))
		}
		if fs.Changed("feedback") {
			req.Feedback = cekura.Some(*feedback)
		}
		if fs.Changed("call-id") {
			req.CallID = cekura.Some(*callID)
		}
		if fs.Changed("duration") {
			req.DurationMinutes = cekura.Some(*minutes)
		}
		if fs.Changed("ended-reason") {
			req.CallEndedReason = cekura.Some(*reason)
		}
		if fs.Changed("customer-number") {
			req.CustomerNumber = cekura.Some(*customer)
		}
		for _, o := range []struct {
			flag, value string
			into        *map[string]any
		}{{"metadata", *metadata, &req.Metadata}, {"dynamic-variables", *variables, &req.DynamicVariables}} {
			if fs.Changed(o.flag) {
				if err := json.Unmarshal([]byte(o.value), o.into); err != nil || *o.into == nil {
					return nil, fmt.Errorf("cekura: --%s: give a JSON object, such as '{\"csat\": 5}'", o.flag)
				}
			}
		}
		if *reevaluate {
			req.ReevaluateMetrics = cekura.Some(true)
		}
		return req, nil
	}
}

// addCallLogCommands adds vote, trace and create-scenarios to the calls
// group.
func (a *app) addCallLogCommands(cmd *cobra.Command) {
	cmd.AddCommand(a.callVoteCommand(), a.callTraceCommand(), a.createScenariosCommand())
}

// setThumbs sets a vote's thumb from --thumbs: up, down or none.
func setThumbs(req *cekura.VoteMetricRequest, thumbs string) error {
	switch thumbs {
	case "up":
		req.ThumbsUp = cekura.Some(true)
	case "down":
		req.ThumbsUp = cekura.Some(false)
	case "none":
		req.ThumbsUp = cekura.Null[bool]()
	default:
		return fmt.Errorf("cekura: --thumbs %q: use up, down or none", thumbs)
	}
	return nil
}

func (a *app) callVoteCommand() *cobra.Command {
	var metric int64
	var thumbs, expected, feedback string
	c := &cobra.Command{
		Use:   "vote ID",
		Short: "Vote on one metric of a call's evaluation",
		Long: `vote records a reviewer's vote on one metric of a call's evaluation: --thumbs up
agrees with the metric's result, down disagrees, none votes neither way;
--expected gives what the metric should have found (JSON: true, 4, "polite").
The call is then marked reviewed.`,
		Example: `  cekura calls vote 5181749 --metric 118 --thumbs down --expected true --feedback "the refund was confirmed"
  cekura calls vote 5181749 --metric 118 --thumbs up`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req := &cekura.VoteMetricRequest{MetricID: metric, Feedback: feedback}
			if err := setThumbs(req, thumbs); err != nil {
				return err
			}
			if expected != "" {
				if err := json.Unmarshal([]byte(expected), &req.ExpectedValue); err != nil {
					return fmt.Errorf("cekura: --expected: give a JSON value, such as true, 4 or '\"polite\"'")
				}
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				if err := c.Calls.VoteMetric(ctx, n, req); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "voted %s on metric %d of call %d\n", thumbs, metric, n)
				return nil
			})
		},
	}
	f := c.Flags()
	f.Int64Var(&metric, "metric", 0, "the metric's id (required)")
	f.StringVar(&thumbs, "thumbs", "", "up, down or none (required)")
	f.StringVar(&expected, "expected", "", "what the metric should have found, as JSON")
	f.StringVar(&feedback, "feedback", "", "the reviewer's words")
	return c
}

func (a *app) callTraceCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "trace ID",
		Short: "Show a call's OpenTelemetry trace",
		Long: `trace shows the OpenTelemetry trace of a call sent with a trace id (cekuraotel
sends one): its id and span count in a table, the spans as the trace backend
sends them with --format json or yaml. A call without a trace is an error (404).`,
		Example: "  cekura calls trace 5181749\n  cekura calls trace 5181749 -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				trace, err := c.Calls.GetTrace(ctx, n)
				if err != nil {
					return err
				}
				return printItems(a, []column[cekura.Trace]{
					{"TRACE ID", func(t *cekura.Trace) string { return t.TraceID }},
					{"SPANS", func(t *cekura.Trace) string { return countItems(t.Spans) }},
				}, []*cekura.Trace{trace}, false)
			})
		},
	}
}

// countItems counts a JSON array's items ("" for anything else).
func countItems(raw json.RawMessage) string {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return ""
	}
	return strconv.Itoa(len(items))
}

var creationColumns = []column[cekura.ScenarioCreation]{
	{"PROGRESS ID", func(c *cekura.ScenarioCreation) string { return c.ProgressID }},
	{"COMPLETED", func(c *cekura.ScenarioCreation) string { return strconv.Itoa(c.Completed) }},
	{"FAILED", func(c *cekura.ScenarioCreation) string { return strconv.Itoa(c.Failed) }},
	{"TOTAL", func(c *cekura.ScenarioCreation) string { return strconv.Itoa(c.Total) }},
}

var madeScenarioColumns = []column[cekura.Scenario]{
	{"ID", func(x *cekura.Scenario) string { return id(x.ID) }},
	{"NAME", func(x *cekura.Scenario) string { return x.Name }},
	{"AGENT", func(x *cekura.Scenario) string { return id(x.AgentID) }},
	{"FOLDER", func(x *cekura.Scenario) string { return x.FolderPath }},
}

func (a *app) createScenariosCommand() *cobra.Command {
	var agent, copyTo, project int64
	var assistant, folder, progressID string
	var calls []int64
	var all, wait bool
	c := &cobra.Command{
		Use:   "create-scenarios",
		Short: "Make test scenarios from production calls",
		Long: `create-scenarios turns production calls into test scenarios, one per call, in
the background: pick the agent (--agent or --assistant) and the calls (--calls
or --all); --copy-to-agent puts the scenarios on the agent you test, --folder
(with --project) in a folder. Only calls with a transcript make a scenario.

Without --wait it prints the creation's progress id; --progress-id follows
one already started. With --wait it waits and prints the scenarios made; a
call that made none is named on standard error (exit 0: the others were made).`,
		Example: `  cekura calls create-scenarios --agent 2142 --calls 5181749,5181750 --wait
  cekura calls create-scenarios --agent 2142 --all --copy-to-agent 2143 --folder Production --project 1376
  cekura calls create-scenarios --progress-id 3f1c… --wait -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, client *cekura.Client) (err error) {
				var creation *cekura.ScenarioCreation
				if progressID != "" {
					if creation, err = client.Calls.GetScenarioCreation(ctx, progressID); err != nil {
						return err
					}
				} else {
					req := &cekura.CreateScenariosFromCallsRequest{AgentID: agent, AssistantID: assistant, CopyToAgentID: copyTo,
						FolderPath: folder, ProjectID: project, Calls: cekura.SelectCalls(calls...)}
					if all {
						if len(calls) > 0 {
							return fmt.Errorf("cekura: give --calls or --all, not both")
						}
						req.Calls = cekura.AllCalls()
					}
					if creation, err = client.Calls.CreateScenarios(ctx, req); err != nil {
						return err
					}
					fmt.Fprintf(a.errOut, "started the scenarios from calls: progress id %s\n", creation.ProgressID)
				}
				started := creation.ProgressID
				switch {
				case wait:
					if creation, err = client.Calls.WaitForScenarioCreation(ctx, started, nil); err != nil {
						return fmt.Errorf("%w (follow it with --progress-id %s)", err, started)
					}
				case progressID == "": // the start's answer is the id alone: read the progress once
					if creation, err = client.Calls.GetScenarioCreation(ctx, started); err != nil {
						return err
					}
				}
				if !creation.Done() || a.format != "table" {
					return printItems(a, creationColumns, []*cekura.ScenarioCreation{creation}, false)
				}
				for _, e := range creation.Errors {
					fmt.Fprintf(a.errOut, "call %d made no scenario: %s\n", e.CallID, textLine(e.Message()))
				}
				return printItems(a, madeScenarioColumns, creation.Scenarios, true)
			})
		},
	}
	f := c.Flags()
	f.Int64Var(&agent, "agent", 0, "the calls' agent")
	f.StringVar(&assistant, "assistant", "", "the calls' agent, by its provider's id (instead of --agent)")
	f.Int64SliceVar(&calls, "calls", nil, "the calls, by Cekura's ids, comma-separated")
	f.BoolVar(&all, "all", false, "every call of the agent")
	f.Int64Var(&copyTo, "copy-to-agent", 0, "put the scenarios on this agent")
	f.StringVar(&folder, "folder", "", "put the scenarios in this folder (needs --project)")
	f.Int64Var(&project, "project", 0, "the project of --folder")
	f.StringVar(&progressID, "progress-id", "", "follow a creation already started")
	f.BoolVar(&wait, "wait", false, "wait until every call has made its scenario or failed")
	return c
}

func (a *app) alertsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "alerts", Short: "Review alerts: what fired, how often, and a summary",
		Long: `alerts reviews the alerts on production calls' metrics (made in Cekura's
dashboard). The API's description names no keys for the reviews and a
summary's text: they are printed as the API sends them (a table of their
top-level keys, or the whole document with --format json or yaml).`,
		Example: "  cekura alerts review --hours 72\n  cekura alerts fires --project 1376", Args: cobra.ArbitraryArgs, RunE: groupRun}
	cmd.AddCommand(a.alertReviewCommand(), a.alertSummarizeCommand(), a.alertSummaryCommand(), a.alertFiresCommand())
	return cmd
}

func (a *app) alertReviewCommand() *cobra.Command {
	var project int64
	var hours, page, size int
	c := &cobra.Command{
		Use:   "review [ID]",
		Short: "Review every alert's fires, or one alert's",
		Long: `review reports every alert's fires over the last --hours (default 24, at most
168): totals, a timeline and each alert's fires. With an alert's id, that
alert's: its configuration, a timeline and a page of its fires (--page,
--page-size up to 200).`,
		Example: "  cekura alerts review --project 1376 --hours 72\n  cekura alerts review 12 --page-size 100 -o json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
					r, err := c.Alerts.Review(ctx, &cekura.ReviewAlertsParams{ProjectID: project, Hours: hours})
					if err != nil {
						return err
					}
					return a.printRaw(r, r.RawJSON())
				})
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				r, err := c.Alerts.GetReview(ctx, n, &cekura.AlertReviewParams{Hours: hours, Page: page, PageSize: size})
				if err != nil {
					return err
				}
				return a.printRaw(r, r.RawJSON())
			})
		},
	}
	f := c.Flags()
	f.Int64Var(&project, "project", 0, "only this project's alerts (without an ID)")
	f.IntVar(&hours, "hours", 0, "the window, in hours up to now (default 24, at most 168)")
	f.IntVar(&page, "page", 0, "the page of fires (with an ID)")
	f.IntVar(&size, "page-size", 0, "fires per page, at most 200 (with an ID; default 50)")
	return c
}

func (a *app) alertSummarizeCommand() *cobra.Command {
	var hours int
	var wait bool
	c := &cobra.Command{
		Use:   "summarize ID",
		Short: "Summarize an alert's fires (an AI summary, written in the background)",
		Long: `summarize starts an AI summary of an alert's fires over the last --hours and
prints its progress id; with --wait it waits for the summary and prints it
(exit 2 if it ended in error). Asked again within the hour, with no new fire,
the API returns the same summary.`,
		Example: "  cekura alerts summarize 12 --hours 24 --wait",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				sum, err := c.Alerts.Summarize(ctx, n, &cekura.SummarizeAlertRequest{Hours: hours})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "started the summary of alert %d: progress id %s\n", n, sum.ProgressID)
				return a.showSummary(ctx, c, sum, wait)
			})
		},
	}
	c.Flags().IntVar(&hours, "hours", 0, "the window, in hours up to now (default: the API's)")
	c.Flags().BoolVar(&wait, "wait", false, "wait for the summary and print it")
	return c
}

func (a *app) alertSummaryCommand() *cobra.Command {
	var wait bool
	c := &cobra.Command{
		Use:     "summary PROGRESS_ID",
		Short:   "Show an alert summary, by the progress id summarize printed",
		Example: "  cekura alerts summary 3f1c… --wait",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				sum, err := c.Alerts.GetSummary(ctx, args[0])
				if err != nil {
					return err
				}
				return a.showSummary(ctx, c, sum, wait)
			})
		},
	}
	c.Flags().BoolVar(&wait, "wait", false, "wait until the summary is written or fails")
	return c
}

// showSummary waits for a summary when asked, and prints it; one that
// ended in error is an error (exit 2), after it is printed.
func (a *app) showSummary(ctx context.Context, c *cekura.Client, sum *cekura.AlertSummary, wait bool) error {
	if wait && !sum.Done() {
		var err error
		if sum, err = c.Alerts.WaitForSummary(ctx, sum.ProgressID, nil); err != nil {
			return err
		}
	}
	raw := sum.RawJSON()
	if len(raw) == 0 || string(raw) == "{}" {
		b, err := json.Marshal(struct {
			ProgressID string `json:"progress_id"`
		}{sum.ProgressID})
		if err != nil {
			return err
		}
		raw = b
	}
	if err := a.printRaw(json.RawMessage(raw), raw); err != nil {
		return err
	}
	return sum.Err()
}

func (a *app) alertFiresCommand() *cobra.Command {
	var project int64
	var hours int
	c := &cobra.Command{
		Use:     "fires",
		Short:   "Count how many times each alert of a project fired",
		Example: "  cekura alerts fires --project 1376\n  cekura alerts fires --project 1376 --hours 168 -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				return a.printFires(ctx, c, project, hours)
			})
		},
	}
	c.Flags().Int64Var(&project, "project", 0, "the project (required)")
	c.Flags().IntVar(&hours, "hours", 0, "the window, in hours up to now (default 24)")
	return c
}

// printFires prints each alert's count of fires, by alert id.
func (a *app) printFires(ctx context.Context, c *cekura.Client, project int64, hours int) error {
	counts, err := c.Alerts.CountFires(ctx, &cekura.CountAlertFiresParams{ProjectID: project, Hours: hours})
	if err != nil {
		return err
	}
	if a.format != "table" {
		return printDoc(a.out, a.format, counts)
	}
	ids := make([]int64, 0, len(counts.Fires))
	for k := range counts.Fires {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ALERT\tFIRES")
	for _, k := range ids {
		fmt.Fprintf(tw, "%d\t%d\n", k, counts.Fires[k])
	}
	return tw.Flush()
}

// printRaw prints an answer the SDK keeps whole: the document as the API
// sent it (json, yaml), or a table of its top-level keys, nested values
// shown by their size.
func (a *app) printRaw(doc any, raw json.RawMessage) error {
	if a.format != "table" {
		return printDoc(a.out, a.format, doc)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return fmt.Errorf("cekura: the answer is not a JSON object: %w", err)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\n", cleanCell(k), cleanCell(rawCell(fields[k])))
	}
	return tw.Flush()
}

// rawCell is a JSON value in a table: a string as it is, a number or
// boolean as written, null as -, a list or an object by its size.
func rawCell(v json.RawMessage) string {
	var x any
	if json.Unmarshal(v, &x) != nil {
		return string(v)
	}
	switch t := x.(type) {
	case nil:
		return ""
	case string:
		return t
	case []any:
		return fmt.Sprintf("[%d items]", len(t))
	case map[string]any:
		return fmt.Sprintf("{%d keys}", len(t))
	}
	return strings.TrimSpace(string(v))
}
