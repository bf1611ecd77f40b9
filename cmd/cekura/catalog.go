package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The project-level catalogues: personalities, test sets, phone numbers
// and the tools catalogue.

// subcommand returns cmd's subcommand of that name (nil when there is
// none).
func subcommand(cmd *cobra.Command, name string) *cobra.Command {
	for _, c := range cmd.Commands() {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

// owner is a personality's owner for a table: its project, or global.
func owner(p *cekura.Personality) string {
	switch {
	case p.ProjectID != 0:
		return id(p.ProjectID)
	case p.OrganizationID == 0:
		return "global"
	}
	return "organization " + id(p.OrganizationID)
}

var personalityColumns = []column[cekura.Personality]{
	{"ID", func(x *cekura.Personality) string { return id(x.ID) }},
	{"NAME", func(x *cekura.Personality) string { return x.Name }},
	{"LANGUAGE", func(x *cekura.Personality) string { return string(x.Language) }},
	{"VOICE", func(x *cekura.Personality) string {
		return strings.Trim(string(x.Provider)+" "+x.VoiceModel, " ")
	}},
	{"PROJECT", owner},
	{"FORKED FROM", func(x *cekura.Personality) string { return optionalID(x.ForkedFromID) }},
}

func (a *app) personalitiesCommand() *cobra.Command {
	var language string
	r := &resource[cekura.Personality, cekura.CreatePersonalityRequest, cekura.UpdatePersonalityRequest]{
		name: "personalities", singular: "personality",
		columns: personalityColumns,
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.Personality], error) {
			return c.Personalities.List(ctx, &cekura.ListPersonalitiesParams{Language: cekura.Language(language), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Personality, error) {
			return c.Personalities.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreatePersonalityRequest) (*cekura.Personality, error) {
			return c.Personalities.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdatePersonalityRequest) (*cekura.Personality, error) {
			return c.Personalities.Update(ctx, n, req)
		},
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreatePersonalityRequest, error) {
			name := fs.String("name", "", "the personality's name")
			project := fs.Int64("project", 0, "the project that owns it (not needed with a project-scoped API key)")
			prompt := fs.String("prompt", "", "who the caller is and how it talks")
			lang := fs.String("language", "", "language code, such as en")
			accent := fs.String("accent", "", "the caller's accent, such as American")
			noise := fs.String("background-noise", "", "the noise behind the caller (required)")
			model := fs.String("voice-model", "", "the voice model's name (required)")
			provider := fs.String("provider", "", "the voice's provider: 11labs or cartesia")
			voice := fs.String("voice-id", "", "the voice at its provider")
			return func() (*cekura.CreatePersonalityRequest, error) {
				return &cekura.CreatePersonalityRequest{Name: *name, ProjectID: *project, Prompt: *prompt, Language: cekura.Language(*lang),
					Accent: *accent, BackgroundNoise: *noise, VoiceModel: *model, Provider: cekura.VoiceProvider(*provider), VoiceID: *voice}, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdatePersonalityRequest, error) {
			text := map[string]*string{}
			for _, f := range []struct{ name, usage string }{
				{"name", "a new name"}, {"prompt", "a new prompt"}, {"language", "a new language code"}, {"accent", "a new accent"},
				{"background-noise", "new background noise"}, {"voice-model", "a new voice model"}, {"provider", "a new voice provider: 11labs or cartesia"},
				{"voice-id", "a new voice"}, {"speed", "the voice's speed"}, {"interruption-level", "how readily the caller interrupts (a preset)"},
			} {
				text[f.name] = fs.String(f.name, "", f.usage)
			}
			return func() (*cekura.UpdatePersonalityRequest, error) {
				req := &cekura.UpdatePersonalityRequest{}
				set := func(flag string, dst *cekura.Opt[string]) {
					if v := *text[flag]; v != "" {
						*dst = cekura.Some(v)
					}
				}
				set("name", &req.Name)
				set("prompt", &req.Prompt)
				set("accent", &req.Accent)
				set("background-noise", &req.BackgroundNoise)
				set("voice-model", &req.VoiceModel)
				set("voice-id", &req.VoiceID)
				set("speed", &req.Speed)
				set("interruption-level", &req.InterruptionLevel)
				if v := *text["language"]; v != "" {
					req.Language = cekura.Some(cekura.Language(v))
				}
				if v := *text["provider"]; v != "" {
					req.Provider = cekura.Some(cekura.VoiceProvider(v))
				}
				return req, nil
			}
		},
		filterNames: []string{"project"},
		examples: map[string]string{
			"root": "  cekura personalities list --language en --project 1376\n  cekura personalities fork 2 --project 1376",
			"list": "  cekura personalities list --language en\n  cekura personalities list --project 1376 --format json",
			"get":  "  cekura personalities get 2",
			"create": "  cekura personalities create --project 1376 --name \"Hesitant caller\" --prompt \"You think aloud.\" \\\n" +
				"    --language en --background-noise cafe --voice-model sonic-3.5 --provider cartesia\n  cekura personalities create -f personality.yaml",
			"update": "  cekura personalities update 5 --speed fast\n  cekura personalities update 5 -f voice-settings.json   # the plans: stop_speaking_plan …",
		},
	}
	cmd := r.command(a)
	cmd.Long = `personalities are the simulated callers of the tests: who calls the agent,
in which language, with which voice and how it behaves on the line. The
globally available ones are shared and cannot be changed: fork one into a
project, then update the fork.`
	subcommand(cmd, "list").Flags().StringVar(&language, "language", "", "only those that speak this language code, such as en")
	cmd.AddCommand(a.forkCommand())
	return cmd
}

func (a *app) forkCommand() *cobra.Command {
	var project int64
	var prompt string
	c := &cobra.Command{
		Use: "fork ID", Short: "Copy a personality into a project, to change the copy", Args: cobra.ExactArgs(1),
		Long: `fork copies a personality, every setting included, into a project, where it
is enabled at once and is the project's to change (cekura personalities
update). It is how a globally available personality is customised.`,
		Example: "  cekura personalities fork 2 --project 1376\n  cekura personalities fork 2 --project 1376 --prompt \"You are in a hurry.\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				p, err := c.Personalities.Fork(ctx, n, &cekura.ForkPersonalityRequest{ProjectID: project, Prompt: prompt})
				if err != nil {
					return err
				}
				return printItems(a, personalityColumns, []*cekura.Personality{p}, false)
			})
		},
	}
	c.Flags().Int64Var(&project, "project", 0, "the project the copy is made in (not needed with a project-scoped API key)")
	c.Flags().StringVar(&prompt, "prompt", "", "a prompt that replaces the source's on the copy")
	return c
}

var testSetColumns = []column[cekura.TestSet]{
	{"ID", func(x *cekura.TestSet) string { return id(x.ID) }},
	{"NAME", func(x *cekura.TestSet) string { return x.Name }},
	{"SOURCE", func(x *cekura.TestSet) string { return strings.Trim(string(x.SourceModel)+" "+id(x.SourceID), " ") }},
	{"AGENT", func(x *cekura.TestSet) string { return id(x.AgentID) }},
	{"METRICS", func(x *cekura.TestSet) string {
		names := make([]string, len(x.MetricReviews))
		for i, m := range x.MetricReviews {
			names[i] = cmpOr(m.MetricName, id(m.MetricID))
		}
		return strings.Join(names, ", ")
	}},
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseMetrics reads --metric values: ID, or ID=EXPECTED where EXPECTED is
// JSON (5, true, "calm") or else a string (calm).
func parseMetrics(values []string) ([]cekura.TestSetMetric, error) {
	out := make([]cekura.TestSetMetric, 0, len(values))
	for _, v := range values {
		idText, expected, hasExpected := strings.Cut(v, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(idText), 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("cekura: --metric %q: want a metric id, or ID=EXPECTED (118, 118=5, 119=calm)", v)
		}
		m := cekura.TestSetMetric{MetricID: n}
		if hasExpected {
			var x any
			if json.Unmarshal([]byte(expected), &x) != nil {
				x = expected
			}
			m.ExpectedValue = x
		}
		out = append(out, m)
	}
	return out, nil
}

func (a *app) testSetsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use: "test-sets", Short: "Make labeled test sets from test runs and production calls", Args: cobra.ArbitraryArgs, RunE: groupRun,
		Long: `test-sets keeps a finished test run or a production call, with the metrics
to review on it, as labeled ground truth for improving those metrics: each
metric's score is the actual value, the expected value the label. Making one
for a run or call that has one already returns it, with the new metrics.`,
		Example: "  cekura test-sets create-from-call 5181749 --metric 118=5 --metric 119=calm",
	}
	for _, kind := range []struct{ use, what, example string }{
		{"create-from-run", "a finished test run", "  cekura test-sets create-from-run 902 --metric 118\n  cekura test-sets create-from-run 902 --name \"Refund run\" --metric 118=5 --format json"},
		{"create-from-call", "a production call (a call log)", "  cekura test-sets create-from-call 5181749 --metric 118=5 --metric 119=calm\n  cekura test-sets create-from-call 5181749 -f labels.yaml"},
	} {
		var project int64
		var name, file string
		var metrics []string
		c := &cobra.Command{
			Use: kind.use + " ID", Short: "Make a test set from " + kind.what, Args: cobra.ExactArgs(1), Example: kind.example,
			Long: "Make a test set from " + kind.what + ", with the metrics to review on it.\n" +
				"--metric takes a metric id, or ID=EXPECTED with the expected value (5, calm);\n" +
				"--from-file takes the request's metrics (metric, expected_value, feedback).",
		}
		c.Flags().Int64Var(&project, "project", 0, "the project that owns it (not needed with a project-scoped API key)")
		c.Flags().StringVar(&name, "name", "", "the test set's name (default: named after its source)")
		c.Flags().StringArrayVar(&metrics, "metric", nil, "a metric to review: ID or ID=EXPECTED (repeat it)")
		c.Flags().StringVarP(&file, "from-file", "f", "", `a JSON or YAML file with the metrics: {"metrics": [{"metric": 118, "expected_value": 5, "feedback": "…"}]}`)
		fromRun := kind.use == "create-from-run"
		c.RunE = func(cmd *cobra.Command, args []string) error {
			type fileRequest struct {
				Name    string                 `json:"name"`
				Project int64                  `json:"project"`
				Metrics []cekura.TestSetMetric `json:"metrics"`
			}
			req, err := fromFileOr(file, func() (*fileRequest, error) {
				m, err := parseMetrics(metrics)
				return &fileRequest{Metrics: m}, err
			})
			if err != nil {
				return err
			}
			req.Name, req.Project = cmpOr(name, req.Name), max(project, req.Project)
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				var set *cekura.TestSet
				if fromRun {
					set, err = c.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{RunID: n, ProjectID: req.Project, Name: req.Name, Metrics: req.Metrics})
				} else {
					set, err = c.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{CallID: n, ProjectID: req.Project, Name: req.Name, Metrics: req.Metrics})
				}
				if err != nil {
					return err
				}
				return printItems(a, testSetColumns, []*cekura.TestSet{set}, false)
			})
		}
		cmd.AddCommand(c)
	}
	return cmd
}

func (a *app) phoneNumbersCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use: "phone-numbers", Short: "Read the organization's phone numbers", Args: cobra.ArbitraryArgs, RunE: groupRun,
		Example: "  cekura phone-numbers list-inbound",
	}
	cmd.AddCommand(&cobra.Command{
		Use: "list-inbound", Short: "List the inbound phone numbers", Args: cobra.NoArgs,
		Example: "  cekura phone-numbers list-inbound\n  cekura phone-numbers list-inbound --format json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			p, err := client.PhoneNumbers.ListInbound(ctx)
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.PhoneNumber]{
				{"ID", func(x *cekura.PhoneNumber) string { return id(x.ID) }},
				{"NUMBER", func(x *cekura.PhoneNumber) string { return x.Number }},
				{"PHONE NUMBER ID", func(x *cekura.PhoneNumber) string { return x.PhoneNumberID }},
			}, p.Results, true)
		},
	})
	return cmd
}

func (a *app) toolsCommand() *cobra.Command {
	var search string
	r := &resource[cekura.Tool, struct{}, struct{}]{
		name: "tools", singular: "tool",
		columns: []column[cekura.Tool]{
			{"ID", func(x *cekura.Tool) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Tool) string { return x.Name }},
			{"AGENTS", func(x *cekura.Tool) string { return strconv.Itoa(x.SubscriberCount) }},
			{"SERVED VIA", func(x *cekura.Tool) string { return string(x.ServedVia.Type) }},
			{"DESCRIPTION", func(x *cekura.Tool) string { return x.Description }},
		},
		list: func(ctx context.Context, c *cekura.Client, page, size int, f filters) (*cekura.Page[cekura.Tool], error) {
			return c.Tools.List(ctx, &cekura.ListToolsParams{Page: page, PageSize: size, Search: search, ProjectID: f.get("project"), AgentID: f.get("agent")})
		},
		get:         func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Tool, error) { return c.Tools.Get(ctx, n) },
		filterNames: []string{"project", "agent"},
		examples: map[string]string{
			"root": "  cekura tools list --project 1376",
			"list": "  cekura tools list --project 1376 --search order\n  cekura tools list --agent 2142   # the tools the agent could adopt",
			"get":  "  cekura tools get 5 --format yaml",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Read a project's catalogue of mock tools"
	list := subcommand(cmd, "list")
	list.Flags().StringVar(&search, "search", "", "only the tools whose name matches (with or without the c_ prefix)")
	list.Flags().Lookup("agent").Usage = "only the tools this agent could adopt (its project's, less its own)"
	return cmd
}
