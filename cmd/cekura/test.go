package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cekura-go/cekura/cekuratest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/suitefile"
	"github.com/spf13/cobra"
)

// errReported ends a command whose trouble it has already printed: exit 2,
// and nothing more is said.
var errReported = errors.New("cekura: reported above")

// errInvalidSuite marks a suite with problems, which the command has
// printed (exit 2).
var errInvalidSuite = fmt.Errorf("the suite has problems: %w", errReported)

func (a *app) testCommand() *cobra.Command {
	var (
		agentText, channel, name, junit string
		livekitData, pipecatData        string
		dryRun, wait, keepRunning       bool
	)
	cmd := &cobra.Command{
		Use:   "test FILE",
		Short: "Run a test suite file (tests as code) against an agent",
		Long: `test runs the test cases of a suite file kept in your repository (YAML or
JSON, schema https://docs.cekura.ai/schemas/test-suite/v1.json) against an
agent, without creating evaluators in the workspace. The file says what to
test; --agent and --channel say against what, so one file runs against any
agent or environment. FILE may be - for standard input.

The file is checked first, every problem at once, by its location in the
file and its line ("scenarios[1].metrics[0]: … (line 14)"): a suite the
API would refuse never costs a request.

--dry-run asks the API to check and price the suite without running it:
it prints the plan (each case's runs, personality and test profile, and the
estimated cost; the plan document with -o json) and exits 0 when the suite
is valid, 2 when not. Nothing is created or charged.

Without it, test starts the run; with --wait it waits for the verdict as
cekura run does (exit 0 passed, 1 failed, 2 usage or API error), and
--junit writes a JUnit report whose test cases are named by the cases'
keys, so that CI history lines up across commits. When the wait ends early
(--timeout, Ctrl-C, a CI job's SIGTERM), the result's calls are ended
before the command exits, unless --keep-running. In GitHub Actions, failed
cases become error annotations on their lines of the file, the verdict is
added to the job summary, and the step's outputs get result_id and
result_url (a link to the result that works without a key, for
--share-link-ttl; 0 makes none).`,
		Example: `  cekura test cekura/smoke.yaml --agent 2142 --dry-run
  cekura test cekura/smoke.yaml --agent 2142 --channel text --wait --junit report.xml --timeout 20m
  cekura test examples/suites/smoke.yaml --fake --wait --junit out.xml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			if dryRun && (wait || junit != "") {
				return fmt.Errorf("cekura: --dry-run runs nothing: it takes no --wait or --junit")
			}
			if junit != "" && !wait {
				return fmt.Errorf("cekura: --junit needs --wait (the report is the verdict)")
			}
			if a.fake && agentText == "" {
				agentText = "1" // the fake's demo agent
			}
			agent, err := strconv.ParseInt(strings.TrimSpace(agentText), 10, 64)
			switch {
			case strings.TrimSpace(agentText) == "":
				return fmt.Errorf("cekura: --agent is required: the id of the agent to test (see cekura agents list; in a workflow, is the variable set?)")
			case err != nil || agent <= 0:
				return fmt.Errorf("cekura: --agent %q is not an agent id (a positive number)", agentText)
			}
			if junit != "" && file != "-" && sameFile(junit, file) {
				return fmt.Errorf("cekura: --junit %s is the suite file: the report would replace it", junit)
			}
			data, err := readInput(file)
			if err != nil {
				return fmt.Errorf("cekura: reading the suite: %w", err)
			}
			lines := suitefile.Lines(data)
			suite, err := suitefile.Parse(data)
			var ve *cekura.ValidationError
			if errors.As(err, &ve) {
				return a.suiteProblems(file, lines, "", ve.Problems, dryRun)
			}
			if err != nil {
				return err
			}
			a.warnDuplicateKeys(file, lines, suite)
			req := &cekura.RunSuiteRequest{AgentID: agent, Channel: cekura.SuiteChannel(channel), Name: name, Suite: suite}
			if req.LiveKitData, err = jsonFlag("--livekit-data", livekitData); err != nil {
				return err
			}
			if req.PipecatData, err = jsonFlag("--pipecat-data", pipecatData); err != nil {
				return err
			}
			if a.fakeFail && len(suite.Scenarios) > 0 { // with --fake: the last case's runs fail
				last := suite.Scenarios[len(suite.Scenarios)-1].Name
				a.fakeSetup = func(s *cekuratest.Server) {
					s.Script(cekuratest.Outcome{FailNamed: map[string]string{last: "the agent did not do what the case expects (scripted by --fake-fail)"}})
				}
			}
			client, report, err := a.clientAndReport(junit)
			if err != nil {
				return err
			}
			defer report.discard()
			if report != nil {
				report.classname = "cekura." + suiteLabel(file, suite)
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			if dryRun {
				plan, err := client.Tests.PlanSuite(ctx, req)
				if err != nil {
					return a.refused(file, lines, err, true)
				}
				return a.printPlan(plan)
			}
			started, err := client.Tests.RunSuite(ctx, req)
			if err != nil {
				if cekura.MaybeApplied(err) {
					return fmt.Errorf("%w (the run may have started anyway: check `cekura results list --agent %d` before starting again)", err, agent)
				}
				return a.refused(file, lines, err, false)
			}
			return a.follow(ctx, client, &follow{started: started, wait: wait, report: report, keepRunning: keepRunning,
				cases: newSuiteCases(file, lines, suiteLabel(file, suite), suite)})
		},
	}
	f := cmd.Flags()
	f.StringVar(&agentText, "agent", "", "the agent to test, by id (required; with --fake, its demo agent)")
	f.StringVar(&channel, "channel", "voice", "how the simulated callers reach the agent: voice, text, elevenlabs, livekit_v2 or pipecat_v2")
	f.StringVar(&name, "name", "", "a label for the result (default: the suite's name)")
	f.StringVar(&livekitData, "livekit-data", "", "with --channel livekit_v2: the connection's overrides, JSON or @file")
	f.StringVar(&pipecatData, "pipecat-data", "", "with --channel pipecat_v2: the connection's overrides, JSON or @file")
	f.BoolVar(&dryRun, "dry-run", false, "check and price the suite; run nothing (exit 0 valid, 2 not)")
	f.BoolVar(&wait, "wait", false, "wait for the verdict (exit 1 when the tests fail)")
	f.StringVar(&junit, "junit", "", "write a JUnit XML report to this file (with --wait); test cases are named by the cases' keys")
	f.BoolVar(&keepRunning, "keep-running", false, "when the wait ends early (--timeout, Ctrl-C, SIGTERM), leave the calls running instead of ending them")
	a.shareLinkFlag(f)
	f.BoolVar(&a.fakeFail, "fake-fail", false, "with --fake: make the last case's runs fail")
	_ = f.MarkHidden("fake-fail")
	return cmd
}

// jsonFlag reads a flag's JSON object, given inline or as @file.
func jsonFlag(flag, v string) (json.RawMessage, error) {
	if v == "" {
		return nil, nil
	}
	b := []byte(v)
	if path, ok := strings.CutPrefix(v, "@"); ok {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("cekura: %s: %w", flag, err)
		}
	}
	// The SDK checks that it is an object; the command only that it is
	// JSON, and says which flag.
	if !json.Valid(b) {
		return nil, fmt.Errorf("cekura: %s is not JSON", flag)
	}
	return b, nil
}

// suiteLabel names a suite in reports: the file's name without its
// extension (stable across commits), else the suite's name.
func suiteLabel(file string, s *cekura.Suite) string {
	if file != "-" {
		base := filepath.Base(file)
		return strings.TrimSuffix(base, filepath.Ext(base))
	}
	if s.Suite != nil && s.Suite.Name != "" {
		return s.Suite.Name
	}
	return "suite"
}

// refused reports the API's refusal of a suite: its field errors by
// location and line, like the local checks'; the request's own fields
// (agent_id, channel, …) as the flags that set them; any other error as it
// is.
func (a *app) refused(file string, lines suitefile.LineMap, err error, dryRun bool) error {
	var ps []cekura.FieldProblem
	heading := ""
	var ae *cekura.APIError
	var ve *cekura.ValidationError
	switch {
	case errors.As(err, &ae) && len(ae.FieldErrors) > 0:
		for _, k := range sortedFieldKeys(ae.FieldErrors) {
			msg := strings.Join(ae.FieldErrors[k], " ")
			if n := lines.Line(k); n > 0 {
				msg += " (line " + strconv.Itoa(n) + ")" // as the local checks say it
			}
			ps = append(ps, cekura.FieldProblem{Field: k, Message: msg})
		}
		heading = fmt.Sprintf("the API refused the suite (%d)", ae.StatusCode)
	case errors.As(err, &ve):
		ps = ve.Problems
	default:
		return err
	}
	var flags []string
	ps = slices.DeleteFunc(slices.Clone(ps), func(p cekura.FieldProblem) bool {
		if flag, ok := requestFlags[p.Field]; ok {
			flags = append(flags, flag+": "+textLine(p.Message))
			return true
		}
		return false
	})
	if len(ps) == 0 && len(flags) > 0 {
		return errors.New("cekura: " + strings.Join(flags, "; "))
	}
	for _, f := range flags { // beside the suite's own problems
		fmt.Fprintln(a.errOut, "cekura: "+f)
	}
	return a.suiteProblems(file, lines, heading, ps, dryRun)
}

// requestFlags are the run's own fields, which come from flags, not from
// the file.
var requestFlags = map[string]string{
	"agent_id": "--agent", "channel": "--channel", "name": "--name",
	"livekit_data": "--livekit-data", "pipecat_data": "--pipecat-data",
}

// warnDuplicateKeys warns of cases that share a key: keys name the test
// cases of the report across commits, and two cases with one key make two
// test cases of one name. The API takes them; the warning says where.
func (a *app) warnDuplicateKeys(file string, lines suitefile.LineMap, s *cekura.Suite) {
	first := map[string]int{}
	gh := a.githubActions()
	for i, c := range s.Scenarios {
		key := cmp.Or(c.Key, c.Name)
		j, seen := first[key]
		if !seen {
			first[key] = i
			continue
		}
		at := "scenarios[" + strconv.Itoa(i) + "]"
		msg := fmt.Sprintf("has the key %q of scenarios[%d]: their test cases in reports get one name (give each case its own key)", key, j)
		fmt.Fprintf(a.errOut, "cekura: warning: %s: %s\n", at, textLine(msg))
		if gh != nil {
			gh.command("warning", gh.relative(file), lines.Line(at), "cekura: "+at, msg)
		}
	}
}

// sameFile reports whether two paths name one file (the second exists).
func sameFile(a, b string) bool {
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	fa, err := os.Stat(a)
	return err == nil && os.SameFile(fa, fb)
}

// suiteProblems prints a suite's problems, every one, by location and
// line: on standard error, or as the dry run's document with -o json or
// yaml; in GitHub Actions, as annotations on their lines too.
func (a *app) suiteProblems(file string, lines suitefile.LineMap, heading string, ps []cekura.FieldProblem, dryRun bool) error {
	if gh := a.githubActions(); gh != nil {
		gh.problems(file, lines, ps)
	}
	if dryRun && a.format != "table" {
		type problem struct {
			Location string `json:"location"`
			Line     int    `json:"line,omitempty"`
			Message  string `json:"message"`
		}
		doc := struct {
			Valid    bool      `json:"valid"`
			Problems []problem `json:"problems"`
		}{}
		for _, p := range ps {
			n := lines.Line(p.Field)
			msg := strings.TrimSuffix(p.Message, " (line "+strconv.Itoa(n)+")") // the line has its own field
			doc.Problems = append(doc.Problems, problem{p.Field, n, msg})
		}
		if err := printDoc(a.out, a.format, doc); err != nil {
			return err
		}
		return errInvalidSuite
	}
	if heading == "" {
		heading = fmt.Sprintf("%s has %d problem(s)", displayName(file), len(ps))
	}
	fmt.Fprintln(a.errOut, "cekura: "+textLine(heading)+":")
	for _, p := range ps { // one line each: a key or message cannot start a line of its own
		fmt.Fprintf(a.errOut, "  %s: %s\n", textLine(p.Field), textLine(p.Message))
	}
	return errInvalidSuite
}

func displayName(file string) string {
	if file == "-" {
		return "the suite (standard input)"
	}
	return file
}

func sortedFieldKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareNatural)
	return keys
}

// compareNatural orders locations as a reader of the file meets them,
// numbers by value: scenarios[2] before scenarios[10].
func compareNatural(x, y string) int {
	for x != "" && y != "" {
		xd, yd := leadingDigits(x), leadingDigits(y)
		if xd > 0 && yd > 0 {
			xn, yn := strings.TrimLeft(x[:xd], "0"), strings.TrimLeft(y[:yd], "0")
			if c := cmp.Or(cmp.Compare(len(xn), len(yn)), strings.Compare(xn, yn)); c != 0 {
				return c
			}
			x, y = x[xd:], y[yd:]
			continue
		}
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		x, y = x[1:], y[1:]
	}
	return cmp.Compare(len(x), len(y))
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// printPlan prints a dry run's plan: a table with the estimated cost, or
// {"valid": true, "plan": {…}} as JSON or YAML. In GitHub Actions the plan
// goes to the job summary too.
func (a *app) printPlan(p *cekura.SuitePlan) error {
	name := cmp.Or(p.SuiteName, "(unnamed)")
	if gh := a.githubActions(); gh != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "### Cekura dry run: %s\n\n%d cases, %d runs, estimated cost %.2f credits (nothing run or charged)\n\n",
			mdText(name), p.ScenarioCount, p.TotalRuns, p.EstimatedCost)
		b.WriteString("| Case | Runs | Personality | Test profile | Metrics |\n|---|---|---|---|---|\n")
		for _, c := range p.Scenarios {
			if c != nil {
				fmt.Fprintf(&b, "| %s | %d | %s | %s | %s |\n", mdCell(c.Key), c.Frequency, mdCell(planPersonality(c.Personality)),
					mdCell(planTestProfile(c.TestProfile)), mdCell(joinIDs(c.MetricIDs)))
			}
		}
		b.WriteString("\n")
		if err := gh.summary(b.String()); err != nil {
			return err
		}
	}
	if a.format != "table" {
		return printDoc(a.out, a.format, struct {
			Valid bool              `json:"valid"`
			Plan  *cekura.SuitePlan `json:"plan"`
		}{true, p})
	}
	fmt.Fprintf(a.out, "Suite %q on agent %d, channel %s: valid (dry run; nothing created or charged)\n\n", textLine(name), p.AgentID, p.Channel)
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tNAME\tTYPE\tRUNS\tPERSONALITY\tTEST PROFILE\tMETRIC IDS")
	for _, c := range p.Scenarios {
		if c == nil {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", cleanCell(c.Key), cleanCell(c.Name), cleanCell(string(c.Type)), c.Frequency,
			cleanCell(planPersonality(c.Personality)), cleanCell(planTestProfile(c.TestProfile)), cleanCell(joinIDs(c.MetricIDs)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.out, "\n%d cases, %d runs, estimated cost %.2f credits\n", p.ScenarioCount, p.TotalRuns, p.EstimatedCost)
	return err
}

func planPersonality(p *cekura.SuitePlanPersonality) string {
	switch {
	case p == nil:
		return "-"
	case p.ID != 0:
		return fmt.Sprintf("%s %d (%s)", p.Mode, p.ID, p.Name)
	case p.Name != "":
		return fmt.Sprintf("%s (%s)", p.Mode, p.Name)
	}
	return string(p.Mode)
}

func planTestProfile(p *cekura.SuitePlanTestProfile) string {
	switch {
	case p == nil:
		return "-"
	case len(p.Sections) > 0:
		return fmt.Sprintf("%s (%s)", p.Mode, strings.Join(p.Sections, ", "))
	}
	return string(p.Mode)
}
