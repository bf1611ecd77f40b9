package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The results' actions (rerun, evaluate, delete-runs, delete, ask), the
// metrics' jobs, and the predefined-metrics, critical-metric-scenarios and
// metric-reviews groups.

// addResultActions adds the results' actions to the results group.
func (a *app) addResultActions(cmd *cobra.Command) {
	cmd.AddCommand(a.resultsRerunCommand(), a.resultsEvaluateCommand(), a.resultsDeleteRunsCommand(),
		a.resultsDeleteCommand(), a.resultsAskCommand())
}

func (a *app) resultsRerunCommand() *cobra.Command {
	var wait bool
	cmd := &cobra.Command{
		Use: "rerun ID", Short: "Run a result's scenarios again, as a new result", Args: cobra.ExactArgs(1),
		Long: `rerun runs every scenario of a result again against the same agent, with the same
connection and provider, and prints the new result. It places calls and costs
credits. With --wait it waits for the new result's verdict and exits 1 when
its tests fail, as cekura run --wait does.`,
		Example: "  cekura results rerun 77\n  cekura results rerun 77 --wait",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				res, err := c.Results.Rerun(ctx, n)
				if err != nil {
					if cekura.MaybeApplied(err) {
						return fmt.Errorf("%w (the re-run may have started anyway: check `cekura results list` before starting again)", err)
					}
					return err
				}
				return a.follow(ctx, c, &follow{started: res, wait: wait})
			})
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the new result's verdict (exit 1 when the tests fail)")
	return cmd
}

func (a *app) resultsEvaluateCommand() *cobra.Command {
	var runs, metrics, results []int64
	cmd := &cobra.Command{
		Use: "evaluate [ID]", Short: "Evaluate metrics again on a result's runs, or on several results", Args: cobra.MaximumNArgs(1),
		Long: `evaluate evaluates metrics again: on some runs of the result ID (--runs), or on
every finished run of several results (--results, up to 100, without ID). The
evaluation runs in the background; cekura results get shows it end.`,
		Example: "  cekura results evaluate 77 --runs 901,902 --metrics 118\n  cekura results evaluate --results 77,78 --metrics 118,119",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if len(results) == 0 {
					return errors.New("cekura: give a result ID (with --runs), or --results")
				}
				client, err := a.clientFor()
				if err != nil {
					return err
				}
				ctx, cancel := a.withTimeout(cmd)
				defer cancel()
				if err := client.Results.BulkEvaluateMetrics(ctx, &cekura.BulkEvaluateResultMetricsRequest{ResultIDs: results, MetricIDs: metrics}); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "evaluating %d results again\n", len(results))
				return nil
			}
			if len(results) > 0 {
				return errors.New("cekura: --results is for several results: give it without an ID")
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				res, err := c.Results.EvaluateMetrics(ctx, n, &cekura.EvaluateResultMetricsRequest{RunIDs: runs, MetricIDs: metrics})
				if err != nil {
					return err
				}
				return printItems(a, resultColumns, []*cekura.Result{res}, false)
			})
		},
	}
	f := cmd.Flags()
	f.Int64SliceVar(&runs, "runs", nil, "the result's runs to evaluate, comma-separated ids")
	f.Int64SliceVar(&metrics, "metrics", nil, "the metrics to evaluate, comma-separated ids (required)")
	f.Int64SliceVar(&results, "results", nil, "several results, comma-separated ids (instead of ID and --runs)")
	return cmd
}

// confirm asks on the terminal before something irreversible, unless yes;
// without a terminal it refuses unless yes. what names it ("delete runs 1,
// 2 of result 77"). A refusal is not an error.
func (a *app) confirm(ctx context.Context, yes bool, what string) (bool, error) {
	if yes {
		return true, nil
	}
	if !a.stdinIsTerminal() {
		return false, fmt.Errorf("cekura: did not %s: standard input is not a terminal, so there is no one to ask; pass --yes to go ahead without asking", what)
	}
	fmt.Fprintf(a.errOut, "%s%s? This cannot be undone. [y/N] ", strings.ToUpper(what[:1]), what[1:])
	answer, err := a.readAnswer(ctx)
	if err != nil {
		fmt.Fprintln(a.errOut)
		return false, err
	}
	if answer != "y" && answer != "yes" {
		fmt.Fprintf(a.errOut, "did not %s\n", what)
		return false, nil
	}
	return true, nil
}

// withClient runs f with the client and a context bounded by --timeout.
func (a *app) withClient(cmd *cobra.Command, f func(context.Context, *cekura.Client) error) error {
	client, err := a.clientFor()
	if err != nil {
		return err
	}
	ctx, cancel := a.withTimeout(cmd)
	defer cancel()
	return f(ctx, client)
}

// withIDs is withID for commands that take several ids.
func (a *app) withIDs(cmd *cobra.Command, args []string, f func(context.Context, *cekura.Client, []int64) error) error {
	ids := make([]int64, len(args))
	for i, arg := range args {
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("cekura: %q is not an id (a positive number)", arg)
		}
		ids[i] = n
	}
	return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error { return f(ctx, c, ids) })
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, n := range ids {
		parts[i] = id(n)
	}
	return strings.Join(parts, ",")
}

func (a *app) resultsDeleteRunsCommand() *cobra.Command {
	var runs []int64
	var yes bool
	cmd := &cobra.Command{
		Use: "delete-runs ID --runs IDS", Short: "Delete runs of a result, for good", Args: cobra.ExactArgs(1),
		Long: `delete-runs deletes runs of a result (up to 100), for good, and has its aggregate
metrics computed again without them. On a terminal it asks first; --yes (-y)
deletes without asking. When standard input is not a terminal it deletes
nothing and exits 2 unless --yes is given.`,
		Example: "  cekura results delete-runs 77 --runs 901,902\n  cekura results delete-runs 77 --runs 901 --yes   # in a script: no question",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				what := fmt.Sprintf("delete runs %s of result %d", joinIDs(runs), n)
				if ok, err := a.confirm(ctx, yes, what); !ok || err != nil {
					return err
				}
				if err := c.Results.DeleteRuns(ctx, n, &cekura.DeleteRunsRequest{RunIDs: runs}); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "deleted runs %s of result %d\n", joinIDs(runs), n)
				return nil
			})
		},
	}
	cmd.Flags().Int64SliceVar(&runs, "runs", nil, "the runs to delete, comma-separated ids (required)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
	return cmd
}

func (a *app) resultsDeleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use: "delete ID...", Short: "Delete results and their runs, for good", Args: cobra.RangeArgs(1, 100),
		Long: `delete deletes up to 100 results and their runs, for good. Results already
deleted, or that the key cannot see, are skipped. On a terminal it asks first;
--yes (-y) deletes without asking. When standard input is not a terminal it
deletes nothing and exits 2 unless --yes is given.`,
		Example: "  cekura results delete 77 78\n  cekura results delete 77 --yes   # in a script: no question",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withIDs(cmd, args, func(ctx context.Context, client *cekura.Client, ids []int64) error {
				what := "delete results " + joinIDs(ids)
				if len(ids) == 1 {
					what = "delete result " + joinIDs(ids)
				}
				if ok, err := a.confirm(ctx, yes, what); !ok || err != nil {
					return err
				}
				if err := client.Results.BulkDelete(ctx, &cekura.BulkDeleteResultsRequest{ResultIDs: ids}); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "deleted %s\n", strings.TrimPrefix(what, "delete "))
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
	return cmd
}

func (a *app) resultsAskCommand() *cobra.Command {
	return &cobra.Command{
		Use: "ask ID QUESTION", Short: "Ask the API's assistant about a result's failures", Args: cobra.ExactArgs(2),
		Long: `ask asks a question about a result's failed runs and prints the answer. The API
limits how often it may be asked: when it refuses (429), ask says how long to
wait, and exits 2.`,
		Example: `  cekura results ask 77 "Why did the refund scenarios fail?"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args[:1], func(ctx context.Context, c *cekura.Client, n int64) error {
				answer, err := c.Results.AskAboutFailures(ctx, n, &cekura.AskAboutFailuresRequest{Question: args[1]})
				var apiErr *cekura.APIError
				switch {
				case errors.Is(err, cekura.ErrRateLimited) && errors.As(err, &apiErr) && apiErr.RetryAfter > 0:
					return fmt.Errorf("%w; ask again in %s", err, apiErr.RetryAfter)
				case err != nil:
					return err
				}
				if a.format != "table" {
					return printDoc(a.out, a.format, map[string]string{"question": args[1], "answer": answer})
				}
				fmt.Fprintln(a.out, answer)
				return nil
			})
		},
	}
}

// job is a background job's command: start it from flags, or follow the
// one --progress-id names; print it, or wait for its end with --wait.
type job[T any] struct {
	use, short, long, example string
	// flags adds the start's flags and returns what starts the job.
	flags func(fs *pflag.FlagSet) func(ctx context.Context, c *cekura.Client, args []string) (*T, error)
	get   func(ctx context.Context, c *cekura.Client, progressID string) (*T, error)
	wait  func(ctx context.Context, c *cekura.Client, progressID string) (*T, error)
	// state returns the job's progress id, whether it has ended, and its
	// error when it failed.
	state   func(*T) (string, bool, error)
	columns []column[T]
	args    cobra.PositionalArgs
}

func (j *job[T]) command(a *app) *cobra.Command {
	var wait bool
	var progressID string
	cmd := &cobra.Command{Use: j.use, Short: j.short, Long: j.long, Example: j.example, Args: j.args}
	if cmd.Args == nil {
		cmd.Args = cobra.NoArgs
	}
	start := j.flags(cmd.Flags())
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the job to end (exit 2 when it failed)")
	cmd.Flags().StringVar(&progressID, "progress-id", "", "follow a job already started, instead of starting one")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		client, err := a.clientFor()
		if err != nil {
			return err
		}
		ctx, cancel := a.withTimeout(cmd)
		defer cancel()
		var v *T
		switch {
		case progressID != "" && wait:
			v, err = j.wait(ctx, client, progressID)
		case progressID != "":
			v, err = j.get(ctx, client, progressID)
		default:
			if v, err = start(ctx, client, args); err != nil {
				break
			}
			id, done, _ := j.state(v)
			switch {
			case done:
			case wait:
				v, err = j.wait(ctx, client, id)
			default:
				fmt.Fprintf(a.errOut, "started %s; follow it with: %s --progress-id %s --wait\n", id, cmd.CommandPath(), id)
			}
		}
		if err != nil {
			if v != nil { // the wait ended first: show how far it got
				_ = printItems(a, j.columns, []*T{v}, false)
			}
			return err
		}
		if perr := printItems(a, j.columns, []*T{v}, false); perr != nil {
			return perr
		}
		_, _, jobErr := j.state(v)
		return jobErr
	}
	return cmd
}

// addMetricJobs adds the metrics' actions and jobs to the metrics group.
func (a *app) addMetricJobs(cmd *cobra.Command) {
	cmd.AddCommand(a.metricsBulkCreateCommand(), a.metricsReorderCommand(),
		a.metricsPreviewCommand(), a.metricsGenerateCommand(), a.metricsSimplifyPromptCommand(),
		a.metricsTextCommand("clean-description", "Rewrite a metric's description into a clean rubric (nothing is saved)",
			"  cekura metrics clean-description --name \"Greets\" --eval-type binary --description \"did it greet the caller\"\n  cekura metrics clean-description -f metric.yaml",
			func(ctx context.Context, c *cekura.Client, r *cekura.MetricTextRequest) (*cekura.Metric, error) {
				return c.Metrics.GenerateCleanDescription(ctx, r)
			}),
		a.metricsCleanDescriptionBackgroundCommand(),
		a.metricsTextCommand("evaluation-trigger", "Write when a metric should be evaluated (nothing is saved)",
			"  cekura metrics evaluation-trigger --name \"Refund handled\" --eval-type binary\n  cekura metrics evaluation-trigger -f metric.yaml -o yaml",
			func(ctx context.Context, c *cekura.Client, r *cekura.MetricTextRequest) (*cekura.Metric, error) {
				return c.Metrics.GenerateEvaluationTrigger(ctx, r)
			}),
		a.metricsRunReviewsCommand())
}

var metricColumns = []column[cekura.Metric]{
	{"ID", func(x *cekura.Metric) string { return id(x.ID) }},
	{"NAME", func(x *cekura.Metric) string { return x.Name }},
	{"TYPE", func(x *cekura.Metric) string { return string(x.Type) }},
	{"EVAL TYPE", func(x *cekura.Metric) string { return string(x.EvalType) }},
}

// bulkFile is the file of metrics bulk-create reads: a list, or
// {"metrics": [...]}.
type bulkFile struct {
	Metrics []*cekura.CreateMetricRequest `json:"metrics"`
}

func (a *app) metricsBulkCreateCommand() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use: "bulk-create -f FILE", Short: "Create several metrics from a file, all or none", Args: cobra.NoArgs,
		Long: `bulk-create creates the metrics of a JSON or YAML file, each as metrics create
takes it, in one request: all of them, or none when one is refused (every
problem is listed, keyed by the metric's place: [1].name). The file holds
{"metrics": [...]}.`,
		Example: "  cekura metrics bulk-create -f metrics.yaml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return errors.New("cekura: --from-file is required: a JSON or YAML file with {\"metrics\": [...]}")
			}
			f, err := fromFileOr[bulkFile](file, nil)
			if err != nil {
				return err
			}
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			made, err := client.Metrics.BulkCreate(ctx, &cekura.BulkCreateMetricsRequest{Metrics: f.Metrics})
			if err != nil {
				return err
			}
			return printItems(a, metricColumns, made, true)
		},
	}
	cmd.Flags().StringVarP(&file, "from-file", "f", "", "the file (- for standard input)")
	return cmd
}

func (a *app) metricsReorderCommand() *cobra.Command {
	return &cobra.Command{
		Use: "reorder ID...", Short: "Set the order in which a project's metrics are shown", Args: cobra.MinimumNArgs(1),
		Example: "  cekura metrics reorder 119 118 120",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withIDs(cmd, args, func(ctx context.Context, client *cekura.Client, ids []int64) error {
				order, err := client.Metrics.Reorder(ctx, &cekura.ReorderMetricsRequest{MetricIDs: ids})
				if err != nil {
					return err
				}
				if a.format != "table" {
					return printDoc(a.out, a.format, order)
				}
				fmt.Fprintln(a.out, joinIDs(order.MetricIDs))
				return nil
			})
		},
	}
}

// statusColumn and progressColumn are the first columns of every job's
// table.
func progressColumn[T any](get func(*T) string) column[T] { return column[T]{"PROGRESS ID", get} }

func statusColumn[T any](get func(*T) cekura.JobStatus) column[T] {
	return column[T]{"STATUS", func(x *T) string { return string(get(x)) }}
}

func (a *app) metricsPreviewCommand() *cobra.Command {
	j := &job[cekura.MetricPreview]{
		use: "preview -f FILE", short: "Try a metric on a few calls or runs before saving it",
		long: `preview evaluates a metric, saved or not, on up to 10 calls or runs, in the
background. The file is the request: {"agent_id", "run_ids" or "call_log_ids",
"metric_data": {"name", "type", "eval_type", …}}. --wait waits for the results.`,
		example: "  cekura metrics preview -f preview.yaml --wait\n  cekura metrics preview --progress-id 6f1c… --wait -o json",
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.MetricPreview, error) {
			file := fs.StringP("from-file", "f", "", "a JSON or YAML file with the request (- for standard input)")
			return func(ctx context.Context, c *cekura.Client, _ []string) (*cekura.MetricPreview, error) {
				if *file == "" {
					return nil, errors.New("cekura: --from-file is required to start a preview (or --progress-id to follow one)")
				}
				req, err := fromFileOr[cekura.PreviewMetricRequest](*file, nil)
				if err != nil {
					return nil, err
				}
				return c.Metrics.Preview(ctx, req)
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.MetricPreview, error) {
			return c.Metrics.GetPreview(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.MetricPreview, error) {
			return c.Metrics.WaitForPreview(ctx, id, nil)
		},
		state: func(p *cekura.MetricPreview) (string, bool, error) { return p.ProgressID, p.Done(), p.Err() },
		columns: []column[cekura.MetricPreview]{
			progressColumn(func(p *cekura.MetricPreview) string { return p.ProgressID }),
			statusColumn(func(p *cekura.MetricPreview) cekura.JobStatus { return p.Status }),
			{"RESULTS", func(p *cekura.MetricPreview) string { return strconv.Itoa(len(p.Results)) }},
		},
	}
	return j.command(a)
}

func (a *app) metricsGenerateCommand() *cobra.Command {
	j := &job[cekura.MetricGeneration]{
		use: "generate --agent ID", short: "Have the API suggest metrics for an agent (nothing is saved)",
		long: `generate has the API suggest metrics for an agent, whose description must be at
least 100 characters long, in the background. Nothing is saved: create those
you keep with metrics bulk-create (-o yaml prints them as a file to start
from).`,
		example: "  cekura metrics generate --agent 2142 --count 5 --wait\n  cekura metrics generate --progress-id 6f1c… -o yaml",
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.MetricGeneration, error) {
			agent := fs.Int64("agent", 0, "the agent (required)")
			count := fs.Int("count", 0, "how many metrics to suggest, 1 to 100 (default: the API's, 1)")
			return func(ctx context.Context, c *cekura.Client, _ []string) (*cekura.MetricGeneration, error) {
				return c.Metrics.GenerateMetrics(ctx, &cekura.GenerateMetricsRequest{AgentID: *agent, NumMetrics: *count})
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.MetricGeneration, error) {
			return c.Metrics.GetMetricGeneration(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.MetricGeneration, error) {
			return c.Metrics.WaitForMetricGeneration(ctx, id, nil)
		},
		state: func(g *cekura.MetricGeneration) (string, bool, error) { return g.ProgressID, g.Done(), g.Err() },
		columns: []column[cekura.MetricGeneration]{
			progressColumn(func(g *cekura.MetricGeneration) string { return g.ProgressID }),
			statusColumn(func(g *cekura.MetricGeneration) cekura.JobStatus { return g.Status }),
			{"METRICS", func(g *cekura.MetricGeneration) string {
				names := make([]string, len(g.Metrics))
				for i, m := range g.Metrics {
					names[i] = m.Name
				}
				return strings.Join(names, ", ")
			}},
		},
	}
	return j.command(a)
}

func (a *app) metricsSimplifyPromptCommand() *cobra.Command {
	j := &job[cekura.PromptSimplification]{
		use: "simplify-prompt --prompt TEXT", short: "Simplify a metric's prompt",
		long: `simplify-prompt has the API shorten a metric's prompt. A short prompt is answered
at once; a long one is simplified in the background (--wait waits for it).`,
		example: "  cekura metrics simplify-prompt --prompt \"$(cat prompt.txt)\" --wait\n  cekura metrics simplify-prompt --prompt \"…\" --metric 118",
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.PromptSimplification, error) {
			prompt := fs.String("prompt", "", "the prompt to simplify (required)")
			metric := fs.Int64("metric", 0, "the metric it is of: an optimised metric answers its stored instructions")
			return func(ctx context.Context, c *cekura.Client, _ []string) (*cekura.PromptSimplification, error) {
				return c.Metrics.SimplifyPrompt(ctx, &cekura.SimplifyPromptRequest{OriginalPrompt: *prompt, MetricID: *metric})
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.PromptSimplification, error) {
			return c.Metrics.GetPromptSimplification(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.PromptSimplification, error) {
			return c.Metrics.WaitForPromptSimplification(ctx, id, nil)
		},
		state: func(p *cekura.PromptSimplification) (string, bool, error) { return p.ProgressID, p.Done(), p.Err() },
		columns: []column[cekura.PromptSimplification]{
			progressColumn(func(p *cekura.PromptSimplification) string { return p.ProgressID }),
			statusColumn(func(p *cekura.PromptSimplification) cekura.JobStatus { return p.Status }),
			{"SIMPLIFIED PROMPT", func(p *cekura.PromptSimplification) string { return p.SimplifiedPrompt }},
		},
	}
	return j.command(a)
}

// metricsTextCommand is a command of a text writer (clean-description,
// evaluation-trigger): a metric from flags or a file, and the metric it
// answers.
func (a *app) metricsTextCommand(use, short, example string, do func(context.Context, *cekura.Client, *cekura.MetricTextRequest) (*cekura.Metric, error)) *cobra.Command {
	var file, name, evalType, description string
	cmd := &cobra.Command{
		Use: use, Short: short, Args: cobra.NoArgs, Example: example,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req, err := fromFileOr(file, func() (*cekura.MetricTextRequest, error) {
				return &cekura.MetricTextRequest{Name: name, EvalType: cekura.EvalType(evalType), Description: description}, nil
			})
			if err != nil {
				return err
			}
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			m, err := do(ctx, client, req)
			if err != nil {
				return err
			}
			if a.format != "table" {
				return printDoc(a.out, a.format, m)
			}
			fmt.Fprintf(a.out, "description: %s\n", m.Description)
			if m.EvaluationTrigger != "" {
				fmt.Fprintf(a.out, "evaluation trigger: %s\n", m.EvaluationTrigger)
			}
			for _, line := range []struct{ name, value string }{
				{"trigger type", string(m.TriggerType)}, {"trigger prompt", m.EvaluationTriggerPrompt}, {"trigger code", m.EvaluationTriggerCustomCode},
			} {
				if line.value != "" {
					fmt.Fprintf(a.out, "%s: %s\n", line.name, line.value)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "the metric's name")
	f.StringVar(&evalType, "eval-type", "binary", "binary, continuous_qualitative, numeric or enum")
	f.StringVar(&description, "description", "", "what the metric judges")
	f.StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with the metric (- for standard input)")
	return cmd
}

func (a *app) metricsCleanDescriptionBackgroundCommand() *cobra.Command {
	j := &job[cekura.CleanDescription]{
		use: "clean-description-bg --agent ID --description TEXT", short: "Rewrite a metric's description in the background",
		long: `clean-description-bg rewrites a metric's description into a clean rubric, in the
background; --wait waits for it. Nothing is saved.`,
		example: "  cekura metrics clean-description-bg --agent 2142 --description \"did it greet\" --score-kind boolean --wait",
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.CleanDescription, error) {
			agent := fs.Int64("agent", 0, "the agent the metric is for (required)")
			description := fs.String("description", "", "the description to rewrite (required)")
			kind := fs.String("score-kind", "boolean", "boolean, numeric, rating or enum")
			return func(ctx context.Context, c *cekura.Client, _ []string) (*cekura.CleanDescription, error) {
				return c.Metrics.StartCleanDescription(ctx, &cekura.CleanDescriptionRequest{AgentID: *agent, MetricDescription: *description,
					ScoreKind: cekura.ScoreKind(*kind)})
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.CleanDescription, error) {
			return c.Metrics.GetCleanDescription(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.CleanDescription, error) {
			return c.Metrics.WaitForCleanDescription(ctx, id, nil)
		},
		state: func(d *cekura.CleanDescription) (string, bool, error) { return d.ProgressID, d.Done(), d.Err() },
		columns: []column[cekura.CleanDescription]{
			progressColumn(func(d *cekura.CleanDescription) string { return d.ProgressID }),
			statusColumn(func(d *cekura.CleanDescription) cekura.JobStatus { return d.Status }),
			{"CLEAN DESCRIPTION", func(d *cekura.CleanDescription) string { return d.CleanDescription }},
		},
	}
	return j.command(a)
}

func (a *app) metricsRunReviewsCommand() *cobra.Command {
	j := &job[cekura.ReviewRun]{
		use: "run-reviews ID", short: "Run a metric on its Labs test sets (its reviews)",
		long: `run-reviews runs a metric on its Labs test sets, in the background, with the judge
--llm-provider names (default: the metric's own); --wait waits for it.`,
		example: "  cekura metrics run-reviews 118 --wait\n  cekura metrics run-reviews 118 --llm-provider gemini --skip-save",
		args:    cobra.MaximumNArgs(1),
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.ReviewRun, error) {
			provider := fs.String("llm-provider", "", "openai, gemini, dspy-gepa-gemini-flash or deepseek-v4-flash")
			skipSave := fs.Bool("skip-save", false, "do not save the outcomes")
			return func(ctx context.Context, c *cekura.Client, args []string) (*cekura.ReviewRun, error) {
				if len(args) != 1 {
					return nil, errors.New("cekura: give the metric's ID (or --progress-id to follow a run)")
				}
				n, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || n <= 0 {
					return nil, fmt.Errorf("cekura: %q is not an id (a positive number)", args[0])
				}
				return c.Metrics.RunReviews(ctx, n, &cekura.RunReviewsRequest{LLMProvider: cekura.LLMProvider(*provider), SkipSave: *skipSave})
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.ReviewRun, error) {
			return c.Metrics.GetReviewRun(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.ReviewRun, error) {
			return c.Metrics.WaitForReviewRun(ctx, id, nil)
		},
		state: func(r *cekura.ReviewRun) (string, bool, error) { return r.ProgressID, r.Done(), r.Err() },
		columns: []column[cekura.ReviewRun]{
			progressColumn(func(r *cekura.ReviewRun) string { return r.ProgressID }),
			statusColumn(func(r *cekura.ReviewRun) cekura.JobStatus { return r.Status }),
			{"REVIEWS", func(r *cekura.ReviewRun) string { return fmt.Sprintf("%d/%d", r.Completed, r.Total) }},
			{"FAILED", func(r *cekura.ReviewRun) string { return strconv.Itoa(r.Failed) }},
		},
	}
	return j.command(a)
}

func (a *app) predefinedMetricsCommand() *cobra.Command {
	r := &resource[cekura.PredefinedMetric, struct{}, struct{}]{
		name: "predefined-metrics", singular: "predefined metric",
		columns: []column[cekura.PredefinedMetric]{
			{"ID", func(x *cekura.PredefinedMetric) string { return id(x.ID) }},
			{"NAME", func(x *cekura.PredefinedMetric) string { return x.Name }},
			{"SLUG", func(x *cekura.PredefinedMetric) string { return x.Slug }},
			{"EVAL TYPE", func(x *cekura.PredefinedMetric) string { return string(x.EvalType) }},
			{"CATEGORY", func(x *cekura.PredefinedMetric) string { return string(x.Category) }},
			{"COST", func(x *cekura.PredefinedMetric) string { return x.Cost }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, _ filters) (*cekura.Page[cekura.PredefinedMetric], error) {
			return c.PredefinedMetrics.List(ctx, nil)
		},
		examples: map[string]string{
			"root": "  cekura predefined-metrics list",
			"list": "  cekura predefined-metrics list\n  cekura predefined-metrics list -o json",
		},
	}
	return r.command(a)
}

func (a *app) criticalMetricScenariosCommand() *cobra.Command {
	r := &resource[cekura.CriticalMetricScenario, struct{}, cekura.UpdateCriticalMetricScenarioRequest]{
		name: "critical-metric-scenarios", singular: "critical metric scenario",
		columns: []column[cekura.CriticalMetricScenario]{
			{"ID", func(x *cekura.CriticalMetricScenario) string { return id(x.ID) }},
			{"SCENARIO", func(x *cekura.CriticalMetricScenario) string { return x.Scenario }},
			{"PRIORITY", func(x *cekura.CriticalMetricScenario) string { return string(x.Priority) }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.CriticalMetricScenario], error) {
			return c.CriticalMetricScenarios.List(ctx, &cekura.ListCriticalMetricScenariosParams{Page: page, PageSize: size,
				AgentID: f.get("agent"), MetricID: f.get("metric"), CategoryID: f.get("category")})
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateCriticalMetricScenarioRequest) (*cekura.CriticalMetricScenario, error) {
			return c.CriticalMetricScenarios.Update(ctx, n, req)
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateCriticalMetricScenarioRequest, error) {
			priority := fs.String("priority", "", "critical, non-critical or not_a_bug")
			return func() (*cekura.UpdateCriticalMetricScenarioRequest, error) {
				req := &cekura.UpdateCriticalMetricScenarioRequest{}
				if *priority != "" {
					req.Priority = cekura.Some(cekura.CriticalPriority(*priority))
				}
				return req, nil
			}
		},
		filterNames: []string{"agent", "metric", "category"},
		examples: map[string]string{
			"root":   "  cekura critical-metric-scenarios list --agent 2142",
			"list":   "  cekura critical-metric-scenarios list --metric 118\n  cekura critical-metric-scenarios list --agent 2142 -o json",
			"update": "  cekura critical-metric-scenarios update 42 --priority not_a_bug",
		},
	}
	return r.command(a)
}

func (a *app) metricReviewsCommand() *cobra.Command {
	r := &resource[cekura.MetricReview, struct{}, cekura.UpdateMetricReviewRequest]{
		name: "metric-reviews", singular: "metric review",
		columns: []column[cekura.MetricReview]{
			{"ID", func(x *cekura.MetricReview) string { return id(x.ID) }},
			{"METRIC", func(x *cekura.MetricReview) string { return x.MetricName }},
			{"EXPECTED", func(x *cekura.MetricReview) string { return string(x.ExpectedValue) }},
			{"FEEDBACK", func(x *cekura.MetricReview) string { return x.Feedback }},
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateMetricReviewRequest) (*cekura.MetricReview, error) {
			return c.MetricReviews.Update(ctx, n, req)
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateMetricReviewRequest, error) {
			feedback := fs.String("feedback", "", "why the metric's verdict was right or wrong")
			expected := fs.String("expected-value", "", `the value the metric should have given, as JSON (5, "escalated"); null clears it`)
			return func() (*cekura.UpdateMetricReviewRequest, error) {
				req := &cekura.UpdateMetricReviewRequest{}
				if *feedback != "" {
					req.Feedback = cekura.Some(*feedback)
				}
				switch v := strings.TrimSpace(*expected); v {
				case "":
				case "null":
					req.ExpectedValue = cekura.Null[json.RawMessage]()
				default:
					req.ExpectedValue = cekura.Some(json.RawMessage(v))
				}
				return req, nil
			}
		},
		examples: map[string]string{
			"root":   "  cekura metric-reviews process-feedbacks --metric 118 --wait",
			"update": "  cekura metric-reviews update 11801 --feedback \"A transfer to a human is fine.\" --expected-value 5",
		},
	}
	cmd := r.command(a)
	cmd.AddCommand(a.metricReviewsProcessCommand(), a.metricReviewsAnswerCommand())
	return cmd
}

func (a *app) metricReviewsProcessCommand() *cobra.Command {
	j := &job[cekura.FeedbackProcessing]{
		use: "process-feedbacks --metric ID", short: "Improve a metric from the feedback on its reviews",
		long: `process-feedbacks improves a metric from the feedback on its reviews, in the
background; --wait waits for the improved description and trigger. Nothing is
saved: apply it with metrics update.`,
		example: "  cekura metric-reviews process-feedbacks --metric 118 --wait\n  cekura metric-reviews process-feedbacks --progress-id 6f1c… -o yaml",
		flags: func(fs *pflag.FlagSet) func(context.Context, *cekura.Client, []string) (*cekura.FeedbackProcessing, error) {
			metric := fs.Int64("metric", 0, "the metric to improve (required)")
			testSets := fs.Int64Slice("test-sets", nil, "the test sets whose feedback counts, comma-separated ids (default: all of the metric's)")
			skip := fs.Bool("skip-evaluation", false, "do not evaluate the test sets afterwards (faster)")
			return func(ctx context.Context, c *cekura.Client, _ []string) (*cekura.FeedbackProcessing, error) {
				return c.MetricReviews.ProcessFeedbacks(ctx, &cekura.ProcessFeedbacksRequest{MetricID: *metric, TestSetIDs: *testSets, SkipEvaluation: *skip})
			}
		},
		get: func(ctx context.Context, c *cekura.Client, id string) (*cekura.FeedbackProcessing, error) {
			return c.MetricReviews.GetFeedbackProcessing(ctx, id)
		},
		wait: func(ctx context.Context, c *cekura.Client, id string) (*cekura.FeedbackProcessing, error) {
			return c.MetricReviews.WaitForFeedbackProcessing(ctx, id, nil)
		},
		state: func(p *cekura.FeedbackProcessing) (string, bool, error) { return p.ProgressID, p.Done(), p.Err() },
		columns: []column[cekura.FeedbackProcessing]{
			progressColumn(func(p *cekura.FeedbackProcessing) string { return p.ProgressID }),
			statusColumn(func(p *cekura.FeedbackProcessing) cekura.JobStatus { return p.Status }),
			{"SCORE", func(p *cekura.FeedbackProcessing) string {
				if p.OldScore == nil || p.NewScore == nil {
					return ""
				}
				return fmt.Sprintf("%.2f → %.2f", p.OldScore.Score, p.NewScore.Score)
			}},
			{"IMPROVED DESCRIPTION", func(p *cekura.FeedbackProcessing) string { return p.ImprovedMetricDescription }},
		},
	}
	return j.command(a)
}

func (a *app) metricReviewsAnswerCommand() *cobra.Command {
	var answers, skip []string
	cmd := &cobra.Command{
		Use: "answer PROGRESS_ID", Short: "Answer the questions a metric's improvement is paused on", Args: cobra.ExactArgs(1),
		Long: `answer answers the questions of a paused process-feedbacks job, by question id:
--answer ID=JSON (a JSON value; a word is sent as a string), --skip ID.`,
		Example: "  cekura metric-reviews answer 6f1c… --answer q1=yes --skip q2",
		RunE: func(cmd *cobra.Command, args []string) error {
			req := &cekura.AnswerFeedbackQuestionsRequest{ProgressID: args[0], Answers: map[string]json.RawMessage{}}
			for _, kv := range answers {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || strings.TrimSpace(k) == "" {
					return fmt.Errorf("cekura: --answer %q: write it ID=VALUE", kv)
				}
				raw := json.RawMessage(v)
				if !json.Valid(raw) {
					raw, _ = json.Marshal(v) // a word: a string
				}
				req.Answers[strings.TrimSpace(k)] = raw
			}
			for _, k := range skip {
				req.Answers[strings.TrimSpace(k)] = cekura.SkipQuestion()
			}
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			if err := client.MetricReviews.AnswerFeedbackQuestions(ctx, req); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "answered %d questions of %s\n", len(req.Answers), args[0])
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&answers, "answer", nil, "an answer, ID=VALUE (repeat for each)")
	cmd.Flags().StringSliceVar(&skip, "skip", nil, "question ids to skip, comma-separated")
	return cmd
}
