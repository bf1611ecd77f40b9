package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/suitefile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// resource describes one resource group's commands; nil operations are
// left out.
type resource[T, C, U any] struct {
	name, singular string
	columns        []column[T]
	list           func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[T], error)
	get            func(ctx context.Context, c *cekura.Client, id int64) (*T, error)
	create         func(ctx context.Context, c *cekura.Client, req *C) (*T, error)
	update         func(ctx context.Context, c *cekura.Client, id int64, req *U) (*T, error)
	delete         func(ctx context.Context, c *cekura.Client, id int64) error
	// createFlags and updateFlags add flags and return what builds the
	// request from them (when --from-file is not given).
	createFlags func(fs *pflag.FlagSet) func() (*C, error)
	updateFlags func(fs *pflag.FlagSet) func() (*U, error)
	// filterNames are the list's filters, as flags (--agent …).
	filterNames []string
	examples    map[string]string
}

// filters are the list filters given on the command line.
type filters map[string]*int64

func (f filters) get(name string) int64 {
	if p, ok := f[name]; ok && p != nil {
		return *p
	}
	return 0
}

func (r *resource[T, C, U]) command(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: r.name, Short: "Manage " + r.name, Example: r.examples["root"], Args: cobra.ArbitraryArgs, RunE: groupRun}
	if r.list != nil {
		var page, size int
		f := filters{}
		c := &cobra.Command{
			Use: "list", Short: "List " + r.name, Args: cobra.NoArgs, Example: r.examples["list"],
			RunE: func(cmd *cobra.Command, _ []string) error {
				client, err := a.clientFor()
				if err != nil {
					return err
				}
				ctx, cancel := a.withTimeout(cmd)
				defer cancel()
				p, err := r.list(ctx, client, page, size, f)
				if err != nil {
					return err
				}
				return printItems(a, r.columns, p.Results, true)
			},
		}
		c.Flags().IntVar(&page, "page", 0, "page number (default 1)")
		c.Flags().IntVar(&size, "page-size", 0, "items per page (default: the API's)")
		for _, name := range r.filterNames {
			f[name] = c.Flags().Int64(name, 0, "only those of this "+name+" id")
		}
		cmd.AddCommand(c)
	}
	if r.get != nil {
		cmd.AddCommand(&cobra.Command{
			Use: "get ID", Short: "Show one " + r.singular, Args: cobra.ExactArgs(1), Example: r.examples["get"],
			RunE: func(cmd *cobra.Command, args []string) error {
				return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, id int64) error {
					v, err := r.get(ctx, c, id)
					if err != nil {
						return err
					}
					return printItems(a, r.columns, []*T{v}, false)
				})
			},
		})
	}
	if r.create != nil {
		var file string
		c := &cobra.Command{Use: "create", Short: "Create " + withArticle(r.singular) + " from flags or --from-file", Args: cobra.NoArgs, Example: r.examples["create"]}
		build := r.createFlags(c.Flags())
		c.Flags().StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with the request (- for standard input)")
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
			v, err := r.create(ctx, client, req)
			if err != nil {
				return err
			}
			return printItems(a, r.columns, []*T{v}, false)
		}
		cmd.AddCommand(c)
	}
	if r.update != nil {
		var file string
		c := &cobra.Command{Use: "update ID", Short: "Change " + withArticle(r.singular) + " (only what is given)", Args: cobra.ExactArgs(1), Example: r.examples["update"]}
		build := r.updateFlags(c.Flags())
		c.Flags().StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with the changes (- for standard input)")
		c.RunE = func(cmd *cobra.Command, args []string) error {
			req, err := fromFileOr(file, build)
			if err != nil {
				return err
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, id int64) error {
				v, err := r.update(ctx, c, id, req)
				if err != nil {
					return err
				}
				return printItems(a, r.columns, []*T{v}, false)
			})
		}
		cmd.AddCommand(c)
	}
	if r.delete != nil {
		var yes bool
		c := &cobra.Command{
			Use: "delete ID", Short: "Delete " + withArticle(r.singular), Args: cobra.ExactArgs(1),
			Long: "Delete " + withArticle(r.singular) + ". On a terminal it asks first, naming what it deletes;\n" +
				"--yes (-y) deletes without asking. When standard input is not a terminal (a\n" +
				"script, CI) it deletes nothing and exits 2 unless --yes is given.",
			Example: r.examples["delete"] + "\n  " + strings.TrimSpace(strings.SplitN(r.examples["delete"], "\n", 2)[0]) + " --yes   # in a script: no question",
			RunE: func(cmd *cobra.Command, args []string) error {
				if !yes && !a.stdinIsTerminal() {
					return fmt.Errorf("cekura: %s %s not deleted: standard input is not a terminal, so there is no one to ask; pass --yes to delete without asking", r.singular, args[0])
				}
				return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, id int64) error {
					if !yes {
						ok, err := r.confirmDelete(ctx, a, c, id)
						if err != nil || !ok {
							return err
						}
					}
					if err := r.delete(ctx, c, id); err != nil {
						return err
					}
					fmt.Fprintf(a.errOut, "deleted %s %d\n", r.singular, id)
					return nil
				})
			},
		}
		c.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
		cmd.AddCommand(c)
	}
	return cmd
}

// confirmDelete asks on the terminal whether to delete the item, naming it
// when a look-up finds its name, and reads the answer: only y or yes goes
// ahead. A refusal says so and is not an error (exit 0), as with rm -i.
func (r *resource[T, C, U]) confirmDelete(ctx context.Context, a *app, c *cekura.Client, n int64) (bool, error) {
	what := r.singular + " " + id(n)
	if r.get != nil {
		v, err := r.get(ctx, c, n)
		switch {
		case errors.Is(err, cekura.ErrNotFound):
			return false, err // nothing to delete: no question
		case err == nil:
			if name := r.label(v); name != "" {
				what += " (" + name + ")"
			}
		} // any other error: ask with the id alone; the delete will say
	}
	fmt.Fprintf(a.errOut, "Delete %s? [y/N] ", what)
	answer, err := a.readAnswer(ctx)
	if err != nil {
		fmt.Fprintln(a.errOut)
		return false, err
	}
	if answer != "y" && answer != "yes" {
		fmt.Fprintf(a.errOut, "%s %d not deleted\n", r.singular, n)
		return false, nil
	}
	return true, nil
}

// label is what the delete question calls an item: its NAME column, or a
// call's CALL ID.
func (r *resource[T, C, U]) label(v *T) string {
	for _, col := range r.columns {
		if col.header == "NAME" || col.header == "CALL ID" {
			return strings.Join(strings.Fields(col.value(v)), " ")
		}
	}
	return ""
}

// withArticle puts "a" or "an" before a noun ("an agent", "a scenario"),
// by its first letter, which is right for the resources' names.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// withID parses the id argument and runs f with a client and a context.
func (a *app) withID(cmd *cobra.Command, args []string, f func(context.Context, *cekura.Client, int64) error) error {
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("cekura: %q is not an id (a positive number)", args[0])
	}
	client, err := a.clientFor()
	if err != nil {
		return err
	}
	ctx, cancel := a.withTimeout(cmd)
	defer cancel()
	return f(ctx, client, id)
}

// fromFileOr reads a request from a JSON or YAML file, or builds it from
// the flags.
func fromFileOr[R any](file string, build func() (*R, error)) (*R, error) {
	if file == "" {
		return build()
	}
	data, err := readInput(file)
	if err != nil {
		return nil, fmt.Errorf("cekura: --from-file: %w", err)
	}
	js := bytes.TrimSpace(data)
	if len(js) == 0 || js[0] != '{' { // YAML: through a generic value into JSON
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("cekura: --from-file %s is neither JSON nor YAML: %w", file, err)
		}
		if js, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("cekura: --from-file %s: %w", file, err)
		}
	}
	req := new(R)
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(req); err != nil {
		return nil, fmt.Errorf("cekura: --from-file %s: %w", file, err)
	}
	return req, nil
}

// maxInput is the most the command reads of a file or standard input:
// what suitefile reads.
const maxInput = suitefile.MaxFileSize

// readInput reads a file, or standard input for "-", up to maxInput bytes.
func readInput(file string) ([]byte, error) {
	f := os.Stdin
	if file != "-" {
		var err error
		if f, err = os.Open(file); err != nil {
			return nil, err
		}
		defer f.Close()
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(io.LimitReader(f, maxInput+1)); err != nil {
		return nil, err
	}
	if b.Len() > maxInput {
		return nil, fmt.Errorf("%s is larger than %d bytes (4 MB), more than the command reads", displayName(file), maxInput)
	}
	return b.Bytes(), nil
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func (a *app) agentsCommand() *cobra.Command {
	r := &resource[cekura.Agent, cekura.CreateAgentRequest, cekura.UpdateAgentRequest]{
		name: "agents", singular: "agent",
		columns: []column[cekura.Agent]{
			{"ID", func(x *cekura.Agent) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Agent) string { return x.Name }},
			{"LANGUAGE", func(x *cekura.Agent) string { return string(x.Language) }},
			{"PROVIDER", func(x *cekura.Agent) string {
				if x.Provider == nil {
					return ""
				}
				return string(x.Provider.Type)
			}},
			{"PHONE", func(x *cekura.Agent) string {
				if x.Telephony == nil {
					return ""
				}
				return x.Telephony.PhoneNumber
			}},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Agent], error) {
			return c.Agents.List(ctx, &cekura.ListAgentsParams{Page: page, PageSize: size, ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Agent, error) {
			return c.Agents.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateAgentRequest) (*cekura.Agent, error) {
			return c.Agents.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateAgentRequest) (*cekura.Agent, error) {
			return c.Agents.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Agents.Delete(ctx, n, nil) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateAgentRequest, error) {
			name := fs.String("name", "", "the agent's name")
			desc := fs.String("description", "", "what the agent does")
			lang := fs.String("language", "", "language code, such as en")
			phone := fs.String("phone", "", "E.164 phone number for inbound calls")
			return func() (*cekura.CreateAgentRequest, error) {
				req := &cekura.CreateAgentRequest{Name: *name, Description: *desc, Language: cekura.Language(*lang)}
				if *phone != "" {
					req.Telephony = &cekura.Telephony{PhoneNumber: *phone, Inbound: true}
				}
				return req, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateAgentRequest, error) {
			name := fs.String("name", "", "a new name")
			desc := fs.String("description", "", "a new description")
			return func() (*cekura.UpdateAgentRequest, error) {
				req := &cekura.UpdateAgentRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				if *desc != "" {
					req.Description = cekura.Some(*desc)
				}
				return req, nil
			}
		},
		filterNames: []string{"project"},
		examples: map[string]string{
			"root":   "  cekura agents list --format json",
			"list":   "  cekura agents list\n  cekura agents list --project 1376 --format yaml",
			"get":    "  cekura agents get 2142",
			"create": "  cekura agents create --name \"Support Bot\" --description \"Answers support calls\" --phone +14155551234\n  cekura agents create --from-file agent.yaml",
			"update": "  cekura agents update 2142 --name \"Support Bot v2\"\n  cekura agents update 2142 -f changes.json",
			"delete": "  cekura agents delete 2142",
		},
	}
	return r.command(a)
}

func (a *app) scenariosCommand() *cobra.Command {
	r := &resource[cekura.Scenario, cekura.CreateScenarioRequest, cekura.UpdateScenarioRequest]{
		name: "scenarios", singular: "scenario",
		columns: []column[cekura.Scenario]{
			{"ID", func(x *cekura.Scenario) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Scenario) string { return x.Name }},
			{"AGENT", func(x *cekura.Scenario) string { return id(x.AgentID) }},
			{"TAGS", func(x *cekura.Scenario) string { return strings.Join(x.Tags, ",") }},
			{"FOLDER", func(x *cekura.Scenario) string { return x.FolderPath }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Scenario], error) {
			return c.Scenarios.List(ctx, &cekura.ListScenariosParams{Page: page, PageSize: size, AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Scenario, error) {
			return c.Scenarios.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateScenarioRequest) (*cekura.Scenario, error) {
			return c.Scenarios.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateScenarioRequest) (*cekura.Scenario, error) {
			return c.Scenarios.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Scenarios.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateScenarioRequest, error) {
			name := fs.String("name", "", "the scenario's name")
			agent := fs.Int64("agent", 0, "the agent it tests")
			personality := fs.Int64("personality", 1, "the caller's personality id")
			instructions := fs.String("instructions", "", "what the simulated caller does")
			expected := fs.String("expected-outcome", "", "what a passing call achieves")
			tags := fs.StringSlice("tags", nil, "tags, comma-separated")
			return func() (*cekura.CreateScenarioRequest, error) {
				return &cekura.CreateScenarioRequest{Name: *name, AgentID: *agent, PersonalityID: *personality,
					Instructions: *instructions, ExpectedOutcomePrompt: *expected, Tags: *tags}, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateScenarioRequest, error) {
			name := fs.String("name", "", "a new name")
			instructions := fs.String("instructions", "", "new instructions")
			return func() (*cekura.UpdateScenarioRequest, error) {
				req := &cekura.UpdateScenarioRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				if *instructions != "" {
					req.Instructions = cekura.Some(*instructions)
				}
				return req, nil
			}
		},
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root":   "  cekura scenarios list --agent 2142",
			"list":   "  cekura scenarios list --agent 2142",
			"get":    "  cekura scenarios get 11",
			"create": "  cekura scenarios create --agent 2142 --name \"Refund\" --instructions \"You want a refund.\" --tags smoke",
			"update": "  cekura scenarios update 11 --instructions \"You want a refund, now.\"",
			"delete": "  cekura scenarios delete 11",
		},
	}
	cmd := r.command(a)
	a.addScenarioAuthoring(cmd)
	return cmd
}

func (a *app) resultsCommand() *cobra.Command {
	r := &resource[cekura.Result, struct{}, struct{}]{
		name: "results", singular: "result",
		columns: []column[cekura.Result]{
			{"ID", func(x *cekura.Result) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Result) string { return x.Name }},
			{"AGENT", func(x *cekura.Result) string { return id(x.AgentID) }},
			{"STATUS", func(x *cekura.Result) string { return string(x.Status) }},
			{"RUNS", func(x *cekura.Result) string { return fmt.Sprintf("%d/%d", x.SuccessRuns, x.TotalRuns) }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Result], error) {
			return c.Results.List(ctx, &cekura.ListResultsParams{Page: page, PageSize: size, AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Result, error) {
			return c.Results.Get(ctx, n)
		},
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root": "  cekura results list --agent 2142",
			"list": "  cekura results list --agent 2142 --format json",
			"get":  "  cekura results get 77 --format yaml",
		},
	}
	cmd := r.command(a)
	cmd.AddCommand(a.idAction("end-calls ID", "End a result's calls still in progress",
		`end-calls ends the calls of a result that are still in progress (its runs
end cancelled), so that nothing keeps calling, or billing: what cekura run and
cekura test do when a CI job gives up.`,
		"  cekura results end-calls 77", "ended result %d's calls in progress",
		func(ctx context.Context, c *cekura.Client, n int64) error { return c.Results.EndCalls(ctx, n) }))
	a.addResultActions(cmd) // results_metrics.go
	return cmd
}

// idAction is a command that does one thing to the object of an id and
// says so on standard error (done, with the id).
func (a *app) idAction(use, short, long, example, done string, do func(context.Context, *cekura.Client, int64) error) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Long: long, Example: example, Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				if err := do(ctx, c, n); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, done+"\n", n)
				return nil
			})
		},
	}
}

func (a *app) runsCommand() *cobra.Command {
	r := &resource[cekura.Run, struct{}, struct{}]{
		name: "runs", singular: "run",
		columns: []column[cekura.Run]{
			{"ID", func(x *cekura.Run) string { return id(x.ID) }},
			{"RESULT", func(x *cekura.Run) string { return id(x.ResultID) }},
			{"SCENARIO", func(x *cekura.Run) string { return x.ScenarioName }},
			{"STATUS", func(x *cekura.Run) string { return string(x.Status) }},
			{"SUCCESS", func(x *cekura.Run) string { return strconv.FormatBool(x.Success) }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Run], error) {
			return c.Runs.List(ctx, &cekura.ListRunsParams{Page: page, PageSize: size, ResultID: f.get("result"), AgentID: f.get("agent")})
		},
		get:         func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Run, error) { return c.Runs.Get(ctx, n) },
		filterNames: []string{"result", "agent"},
		examples: map[string]string{
			"root": "  cekura runs list --result 77",
			"list": "  cekura runs list --result 77",
			"get":  "  cekura runs get 901 --format json",
		},
	}
	cmd := r.command(a)
	cmd.AddCommand(a.idAction("end-call ID", "End a run's call in progress",
		"end-call ends one run's call in progress; the run ends cancelled.",
		"  cekura runs end-call 901", "ended run %d's call", func(ctx context.Context, c *cekura.Client, n int64) error { return c.Runs.EndCall(ctx, n) }))
	cmd.AddCommand(a.runsChatCommands()...)
	return cmd
}

// groupRun is the Run of a command that only groups others: help, or an
// error for an unknown subcommand.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("cekura: unknown command %q for %q; see %s --help", args[0], cmd.CommandPath(), cmd.CommandPath())
	}
	return cmd.Help()
}

func (a *app) callsCommand() *cobra.Command {
	r := &resource[cekura.Call, struct{}, cekura.UpdateCallRequest]{
		name: "calls", singular: "call",
		columns: []column[cekura.Call]{
			{"ID", func(x *cekura.Call) string { return id(x.ID) }},
			{"CALL ID", func(x *cekura.Call) string { return x.CallID }},
			{"AGENT", func(x *cekura.Call) string { return id(x.AgentID) }},
			{"STATUS", func(x *cekura.Call) string { return string(x.Status) }},
			{"DURATION", func(x *cekura.Call) string { return x.Duration }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Call], error) {
			return c.Calls.List(ctx, &cekura.ListCallsParams{Page: page, PageSize: size, AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get:    func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Call, error) { return c.Calls.Get(ctx, n) },
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Calls.Delete(ctx, n, nil) },
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateCallRequest) (*cekura.Call, error) {
			return c.Calls.Update(ctx, n, req)
		},
		updateFlags: callUpdateFlags,
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root":   "  cekura calls list --agent 2142",
			"list":   "  cekura calls list --agent 2142 --format json",
			"get":    "  cekura calls get 5181749",
			"update": "  cekura calls update 5181749 --status reviewed_failure --feedback \"quoted the wrong price\"\n  cekura calls update 5181749 --metadata '{\"csat\": 2}' --reevaluate",
			"delete": "  cekura calls delete 5181749",
		},
	}
	cmd := r.command(a)
	a.addCallLogCommands(cmd)
	return cmd
}

func (a *app) metricsCommand() *cobra.Command {
	r := &resource[cekura.Metric, cekura.CreateMetricRequest, cekura.UpdateMetricRequest]{
		name: "metrics", singular: "metric",
		columns: []column[cekura.Metric]{
			{"ID", func(x *cekura.Metric) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Metric) string { return x.Name }},
			{"TYPE", func(x *cekura.Metric) string { return string(x.Type) }},
			{"EVAL TYPE", func(x *cekura.Metric) string { return string(x.EvalType) }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.Metric], error) {
			return c.Metrics.List(ctx, &cekura.ListMetricsParams{AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Metric, error) {
			return c.Metrics.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateMetricRequest) (*cekura.Metric, error) {
			return c.Metrics.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateMetricRequest) (*cekura.Metric, error) {
			return c.Metrics.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Metrics.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateMetricRequest, error) {
			name := fs.String("name", "", "the metric's name")
			desc := fs.String("description", "", "what it judges (the rubric of an llm_judge metric)")
			evalType := fs.String("eval-type", "binary", "binary, continuous_qualitative, numeric or enum")
			return func() (*cekura.CreateMetricRequest, error) {
				return &cekura.CreateMetricRequest{Name: *name, Description: *desc, Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalType(*evalType)}, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateMetricRequest, error) {
			desc := fs.String("description", "", "a new description")
			return func() (*cekura.UpdateMetricRequest, error) {
				req := &cekura.UpdateMetricRequest{}
				if *desc != "" {
					req.Description = cekura.Some(*desc)
				}
				return req, nil
			}
		},
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root":   "  cekura metrics list --agent 2142",
			"list":   "  cekura metrics list --project 1376",
			"get":    "  cekura metrics get 118",
			"create": "  cekura metrics create --name \"Confirms the refund\" --description \"Did the agent confirm it?\"\n  cekura metrics create -f metric.yaml",
			"update": "  cekura metrics update 118 --description \"Did the agent confirm the refund amount?\"",
			"delete": "  cekura metrics delete 118",
		},
	}
	cmd := r.command(a)
	a.addMetricJobs(cmd) // results_metrics.go
	return cmd
}
