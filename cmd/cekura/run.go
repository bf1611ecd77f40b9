package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
)

func (a *app) runCommand() *cobra.Command {
	var (
		agent             int64
		scenarios, tags   []string
		transport, junit  string
		name              string
		frequency         int
		wait, keepRunning bool
		trig              triggerFlags
	)
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run an agent's test scenarios and report the verdict",
		Long: `run starts an agent's test scenarios (by id or by tag) and, with --wait,
waits for the verdict: exit 0 when every run passed, 1 when any failed, 2 on a
usage or API error. --junit writes a JUnit XML report, one test case per run,
for CI systems to show. On a terminal it shows a progress bar; elsewhere, one
line per change of status.

--transport picks how the simulated callers reach the agent: voice (the
default), text, chirp, elevenlabs or sip; livekit_v2, pipecat_v2,
vapi_webrtc (with --vapi-assistant), retell_webrtc, with_websockets and
email, which take scenarios by id only; api_chat opens chat conversations
that you drive turn by turn (cekura runs chat), scored once they end.

When the wait ends before the verdict (--timeout, Ctrl-C, a CI job's
SIGTERM), run ends the result's calls still in progress before it exits, so
nothing keeps calling, or billing, after the job is gone; the output and the
report say so. --keep-running leaves them running.

In GitHub Actions (GITHUB_ACTIONS=true), failed runs become error
annotations, a summary of the verdict is added to the job summary, and the
step's outputs get result_id and result_url (a shareable link).`,
		Example: `  cekura run --agent 2142 --scenarios 11,12,13 --wait
  cekura run --agent 2142 --tags smoke --transport text --wait --junit report.xml --timeout 20m
  cekura run --agent 2142 --scenarios 11,12 --transport vapi_webrtc --vapi-assistant asst_abc123 --wait
  cekura run --fake --wait --junit out.xml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.fake { // the fake's demo agent, with its smoke scenarios
				if agent == 0 {
					agent = 1
				}
				if len(scenarios) == 0 && len(tags) == 0 && slices.Contains(byTag, transport) {
					tags = []string{"smoke"}
				} else if len(scenarios) == 0 && len(tags) == 0 {
					scenarios = []string{"1", "2", "3"} // the smoke scenarios, by id
				}
				trig.fakeDefaults(transport)
			}
			if err := trig.check(transport, tags); err != nil {
				return err
			}
			var ids []int64
			for _, s := range scenarios {
				n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
				if err != nil {
					return fmt.Errorf("cekura: --scenarios: %q is not a scenario id", s)
				}
				ids = append(ids, n)
			}
			if junit != "" && !wait {
				return fmt.Errorf("cekura: --junit needs --wait (the report is the verdict)")
			}
			// The command's own names for what the API calls agent_id and
			// scenarios/tags, before the SDK's checks name the API's.
			if agent == 0 {
				return fmt.Errorf("cekura: --agent is required: the id of the agent to test (see cekura agents list)")
			}
			if len(ids) == 0 && len(tags) == 0 {
				return fmt.Errorf("cekura: give --scenarios 1,2,3 or --tags smoke: which of the agent's scenarios to run")
			}
			client, report, err := a.clientAndReport(junit)
			if err != nil {
				return err
			}
			defer report.discard()
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			started, err := a.startRun(ctx, client, transport, &cekura.StartTestsRequest{
				AgentID: agent, ScenarioIDs: ids, Tags: tags, Name: name, Frequency: frequency,
			}, &trig)
			if err != nil {
				if cekura.MaybeApplied(err) {
					return fmt.Errorf("%w (the run may have started anyway: check `cekura results list --agent %d` before starting again)", err, agent)
				}
				return err
			}
			return a.follow(ctx, client, &follow{started: started, wait: wait, report: report, keepRunning: keepRunning})
		},
	}
	f := cmd.Flags()
	f.Int64Var(&agent, "agent", 0, "the agent to test (required; with --fake, its demo agent)")
	f.StringSliceVar(&scenarios, "scenarios", nil, "scenario ids, comma-separated")
	f.StringSliceVar(&tags, "tags", nil, "run the scenarios with these tags")
	f.StringVar(&transport, "transport", "voice", strings.Join(runTransports, ", "))
	trig.add(f)
	f.StringVar(&name, "name", "", "a label for the result")
	f.IntVar(&frequency, "frequency", 0, "runs per scenario (default 1)")
	f.BoolVar(&wait, "wait", false, "wait for the verdict (exit 1 when the tests fail)")
	f.StringVar(&junit, "junit", "", "write a JUnit XML report to this file (with --wait)")
	f.BoolVar(&keepRunning, "keep-running", false, "when the wait ends early (--timeout, Ctrl-C, SIGTERM), leave the calls running instead of ending them")
	a.shareLinkFlag(f)
	f.BoolVar(&a.fakeFail, "fake-fail", false, "with --fake: make one scenario's runs fail")
	_ = f.MarkHidden("fake-fail")
	return cmd
}

var resultColumns = []column[cekura.Result]{
	{"ID", func(x *cekura.Result) string { return id(x.ID) }},
	{"AGENT", func(x *cekura.Result) string { return id(x.AgentID) }},
	{"STATUS", func(x *cekura.Result) string { return string(x.Status) }},
	{"RUNS", func(x *cekura.Result) string { return strconv.Itoa(len(x.Runs)) }},
}

// printVerdict prints the verdict: a line and the failures (table), or the
// result with its verdict (json, yaml).
func printVerdict(a *app, v *cekura.Verdict) error {
	if a.format != "table" {
		return printDoc(a.out, a.format, struct {
			Passed     bool                `json:"passed"`
			Total      int                 `json:"total"`
			Succeeded  int                 `json:"succeeded"`
			Unfinished int                 `json:"unfinished"`
			Failures   []cekura.RunFailure `json:"failures"`
			Result     *cekura.Result      `json:"result"`
		}{v.Passed, v.Total, v.Succeeded, v.Unfinished, append([]cekura.RunFailure{}, v.Failures...), v.Result})
	}
	if v.Passed {
		fmt.Fprintf(a.out, "PASSED  result %d: %d of %d runs succeeded\n", v.Result.ID, v.Succeeded, v.Total)
		return nil
	}
	fmt.Fprintf(a.out, "FAILED  result %d (%s): %d of %d runs failed\n", v.Result.ID, v.Result.Status, v.Total-v.Succeeded, v.Total)
	for _, f := range v.Failures {
		if f.RunID == 0 { // runs the result counted but did not send
			fmt.Fprintf(a.out, "  %s\n", textLine(f.Reason))
			continue
		}
		fmt.Fprintf(a.out, "  run %d  %s: %s\n", f.RunID, textLine(f.Scenario), textLine(f.Reason))
	}
	return nil
}

// progress shows a run's progress: a bar redrawn in place on a terminal,
// one line per change of status elsewhere.
type progress struct {
	w        io.Writer
	terminal bool
	last     string
}

func newProgress(w io.Writer, terminal bool) *progress { return &progress{w: w, terminal: terminal} }

func (p *progress) update(r *cekura.Result) {
	total := max(r.TotalRuns, len(r.Runs))
	done := r.CompletedRuns
	if p.terminal {
		const width = 30
		filled := 0
		if total > 0 {
			filled = width * done / total
		}
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d runs done  %-12s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, r.Status)
		return
	}
	line := fmt.Sprintf("%s: %d/%d runs done", r.Status, done, total)
	if line != p.last {
		fmt.Fprintln(p.w, line)
		p.last = line
	}
}

func (p *progress) done() {
	if p.terminal {
		fmt.Fprintln(p.w)
	}
}

// JUnit XML, as CI systems read it.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// junitFile is a JUnit report being made. For a regular file (or none
// yet), it is a temporary file next to the path (next to a symbolic link's
// target), created before the run starts, so that a path that cannot be
// written is an error before anything runs, and renamed onto the path once
// written, so that the path never holds half a report. Anything else that
// exists at the path (/dev/stdout, a named pipe) is written in place, never
// replaced; a directory is refused.
type junitFile struct {
	path   string
	target string   // where the report goes: path, or the file a link names
	tmp    *os.File // nil when the report is written in place
	// classname is the test cases' class (default: cekura.agent<id>).
	classname string
}

func createJUnit(path string) (*junitFile, error) {
	fail := func(why string, err error) (*junitFile, error) {
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // its message repeats a path
			}
			why += ": " + err.Error()
		}
		return nil, fmt.Errorf("cekura: --junit %s: %s", path, why)
	}
	j := &junitFile{path: path, target: path}
	fi, err := os.Stat(path) // follows a link
	switch {
	case err == nil && fi.IsDir():
		return fail("is a directory", nil)
	case err == nil && !fi.Mode().IsRegular():
		return j, nil // a device or a pipe: written in place
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fail("cannot write there", err)
	}
	if j.target, err = linkTarget(path); err != nil { // the file a link names, not the link
		return fail("cannot write there", err)
	}
	if j.tmp, err = os.CreateTemp(filepath.Dir(j.target), "."+filepath.Base(j.target)+".*"); err != nil {
		return fail("cannot write there", err)
	}
	return j, nil
}

// clientAndReport returns the client and, when junit is not empty, the
// report to write there: a path that cannot be written fails before
// anything starts.
func (a *app) clientAndReport(junit string) (*cekura.Client, *junitFile, error) {
	client, err := a.clientFor()
	if err != nil || junit == "" {
		return client, nil, err
	}
	report, err := createJUnit(junit)
	return client, report, err
}

// discard removes the temporary file if the report was not written; a nil
// report has nothing to discard.
func (j *junitFile) discard() {
	if j != nil && j.tmp != nil {
		_ = j.tmp.Close()
		_ = os.Remove(j.tmp.Name())
	}
}

// write writes the report of v, its runs named by label. why, when not
// empty, is why the wait ended before the verdict (a timeout, and what
// became of the calls): the report says so.
func (j *junitFile) write(v *cekura.Verdict, started time.Time, label func(*cekura.Run) string, why string) error {
	b, err := junitReport(v, started, j.classname, label, why)
	switch {
	case err != nil:
	case j.tmp == nil:
		err = writeInPlace(j.target, b)
	default:
		err = replaceFile(j.tmp, b, 0o644, j.target)
		j.tmp = nil // renamed, or removed
	}
	if err != nil {
		return fmt.Errorf("cekura: --junit %s: %w", j.path, err)
	}
	return nil
}

// writeInPlace writes b to what exists at path (a device, a pipe).
func writeInPlace(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// junitReport makes one test case per run, named by label, failed runs
// with their reason, and one for the result when something else kept it
// from passing (runs it counted but did not send, a status, a wait that
// ended early: why).
func junitReport(v *cekura.Verdict, started time.Time, classname string, label func(*cekura.Run) string, why string) ([]byte, error) {
	failed := map[int64]cekura.RunFailure{}
	for _, f := range v.Failures {
		failed[f.RunID] = f
	}
	if classname == "" {
		classname = fmt.Sprintf("cekura.agent%d", v.Result.AgentID)
	}
	suite := junitSuite{Name: fmt.Sprintf("cekura result %d %s", v.Result.ID, v.Result.Name)}
	if !started.IsZero() {
		suite.Timestamp = started.UTC().Format(time.RFC3339)
	}
	for _, r := range v.Result.Runs {
		if r == nil {
			continue // among the failures without a run (RunID 0)
		}
		c := junitCase{Name: label(r), Classname: classname}
		if f, ok := failed[r.ID]; ok {
			c.Failure = &junitFailure{Message: f.Reason, Type: string(f.Status), Text: fmt.Sprintf("run %d (%s): %s", r.ID, r.ScenarioName, f.Reason)}
		}
		suite.Cases = append(suite.Cases, c)
	}
	var whys []string
	for _, f := range v.Failures {
		if f.RunID == 0 {
			whys = append(whys, f.Reason)
		}
	}
	switch {
	case why != "":
		whys = append(whys, why)
	case !v.Passed && len(v.Failures) == 0: // a result that ended without runs to blame
		whys = append(whys, "the result ended "+string(v.Result.Status))
	}
	if len(whys) > 0 {
		msg := strings.Join(whys, "; ")
		suite.Cases = append(suite.Cases, junitCase{Name: "result " + id(v.Result.ID), Classname: "cekura",
			Failure: &junitFailure{Message: msg, Type: string(v.Result.Status), Text: msg}})
	}
	suite.Tests = len(suite.Cases)
	for _, c := range suite.Cases {
		if c.Failure != nil {
			suite.Failures++
		}
	}
	b, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{suite}}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
