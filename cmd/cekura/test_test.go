package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	smokeYAML = "../../examples/suites/smoke.yaml"
	smokeJSON = "../../examples/suites/smoke.json"
	runSuite  = "/test_framework/v2/scenarios/run_scenarios_json/"
)

// seededFake is an external fake seeded as --fake is (agent 1 with the
// refund_policy metric), and the environment that points the command at
// it.
func seededFake(t *testing.T) (*cekuratest.Server, map[string]string) {
	t.Helper()
	fake := cekuratest.New(t)
	seedFake(fake)
	return fake, map[string]string{"CEKURA_API_KEY": fake.APIKey(), "CEKURA_BASE_URL": fake.URL(),
		"CEKURA_CONFIG": filepath.Join(t.TempDir(), "none.toml")}
}

func sent(fake *cekuratest.Server, method, path string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func TestTestDryRunPrintsThePlanOfYAMLAndJSONAlike(t *testing.T) {
	code, fromYAML, errOut := cli(t, nil, "test", "--fake", "--dry-run", smokeYAML)
	require.Equal(t, exitOK, code, errOut)
	golden(t, "test-dry-run", fromYAML)
	code, fromJSON, errOut := cli(t, nil, "test", "--fake", "--dry-run", smokeJSON)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, fromYAML, fromJSON)
	assert.Contains(t, fromYAML, "2 cases, 3 runs, estimated cost 1.50 credits")

	code, out, errOut := cli(t, nil, "test", "--fake", "--dry-run", "--channel", "text", "-o", "json", smokeYAML)
	require.Equal(t, exitOK, code, errOut)
	var doc struct {
		Valid bool             `json:"valid"`
		Plan  cekura.SuitePlan `json:"plan"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.True(t, doc.Valid)
	assert.Equal(t, 3, doc.Plan.TotalRuns)
	assert.InDelta(t, 0.30, doc.Plan.EstimatedCost, 1e-9, "text runs cost less")
	assert.Equal(t, cekura.SuiteModeInline, doc.Plan.Scenarios[1].Personality.Mode)
}

func TestABadSuiteGetsEveryProblemWithItsLineAndNothingIsSent(t *testing.T) {
	fake, env := seededFake(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`version: "1"
scenarios:
  - name: Fine
    instructions: Ask for a refund.
  - name: ""
    instructions: x
  - instructions: no name here
    agent_id: 4
`), 0o644))
	for _, args := range [][]string{{"--dry-run"}, {"--wait"}} {
		code, out, errOut := cli(t, env, append([]string{"test", bad, "--agent", "1"}, args...)...)
		assert.Equal(t, exitError, code)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "has 3 problem(s)")
		assert.Contains(t, errOut, "scenarios[1].name: is required (1 to 80 characters) (line 5)")
		assert.Contains(t, errOut, "scenarios[2].agent_id: is not a field of a test case")
		assert.Contains(t, errOut, "scenarios[2].name: is required (1 to 80 characters) (line 7)", "a missing field: its case's line")
	}
	assert.Zero(t, sent(fake, "POST", runSuite), "a suite with problems never costs a request")

	code, out, _ := cli(t, env, "test", bad, "--agent", "1", "--dry-run", "-o", "json")
	assert.Equal(t, exitError, code)
	var doc struct {
		Valid    bool
		Problems []struct {
			Location, Message string
			Line              int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.False(t, doc.Valid)
	require.Len(t, doc.Problems, 3)
	assert.Equal(t, "scenarios[2].agent_id", doc.Problems[1].Location)
	assert.Equal(t, 8, doc.Problems[1].Line)

	code, _, errOut := cli(t, env, "test", filepath.Join(t.TempDir(), "missing.yaml"), "--agent", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "reading the suite")
	code, _, errOut = cli(t, env, "test", smokeYAML)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--agent is required")
	code, _, errOut = cli(t, env, "test", smokeYAML, "--agent", "1", "--channel", "fax", "--dry-run")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `channel: "fax" is not one of`)
	code, _, errOut = cli(t, env, "test", smokeYAML, "--agent", "1", "--livekit-data", "{")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--livekit-data is not JSON")
	assert.Zero(t, sent(fake, "POST", runSuite))
}

func TestTheAPIsRefusalsAreListedByLocationAndLine(t *testing.T) {
	_, env := seededFake(t)
	suite := filepath.Join(t.TempDir(), "suite.yaml")
	require.NoError(t, os.WriteFile(suite, []byte(`version: "1"
scenarios:
  - name: Refund
    instructions: Ask for a refund.
    metrics:
      - refund_policy
      - no_such_metric
      - 99
`), 0o644))
	for _, args := range [][]string{{"--dry-run"}, {"--wait"}} {
		code, _, errOut := cli(t, env, append([]string{"test", suite, "--agent", "1"}, args...)...)
		assert.Equal(t, exitError, code)
		assert.Contains(t, errOut, "the API refused the suite (400)")
		assert.Contains(t, errOut, `scenarios[0].metrics[1]: No metric with slug "no_such_metric". (line 7)`)
		assert.Contains(t, errOut, `scenarios[0].metrics[2]: No metric with id 99. (line 8)`)
	}
}

// failLate scripts the fake: the runs of the case "Refund after 30 days"
// fail.
func failLate(s *cekuratest.Server) {
	s.Script(cekuratest.Outcome{FailNamed: map[string]string{"Refund after 30 days": "the agent refunded a 45-day-old order"}})
}

func TestTestWaitsForTheVerdictAndNamesCasesByKey(t *testing.T) {
	report := filepath.Join(t.TempDir(), "out.xml")
	code, out, errOut := cli(t, nil, "test", "--fake", "--wait", "--junit", report, smokeYAML)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "PASSED  result 1: 3 of 3 runs succeeded")
	s := readJUnit(t, report).Suites[0]
	var names []string
	for _, c := range s.Cases {
		names = append(names, c.Name)
		assert.Equal(t, "cekura.smoke", c.Classname)
	}
	assert.Equal(t, []string{"refund-happy-path", "refund-too-late (1 of 2)", "refund-too-late (2 of 2)"}, names)

	code, out, _ = runApp(t, failLate, "test", "--fake", "--wait", "--junit", report, smokeYAML)
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, out, "FAILED")
	s = readJUnit(t, report).Suites[0]
	assert.Equal(t, 2, s.Failures)
	require.NotNil(t, s.Cases[1].Failure)
	assert.Equal(t, "refund-too-late (1 of 2)", s.Cases[1].Name)
	assert.Contains(t, s.Cases[1].Failure.Message, "45-day-old order")
	assert.Nil(t, s.Cases[0].Failure)

	// Without --wait: the result, started.
	code, out, errOut = cli(t, nil, "test", "--fake", smokeJSON)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "started result 1: 3 runs")
	assert.Contains(t, out, "pending")
}

func TestCasesThatShareANameAreTakenInOrder(t *testing.T) {
	suite := &cekura.Suite{Version: "1", Defaults: &cekura.SuiteDefaults{Frequency: 2}, Scenarios: []*cekura.SuiteCase{
		{Name: "Same", Key: "first", Instructions: "i"}, {Name: "Same", Key: "second", Instructions: "i", Frequency: 1}, {Name: "Other", Instructions: "i"},
	}}
	sc := newSuiteCases("s.yaml", nil, "s", suite)
	runs := []*cekura.Run{{ID: 14, ScenarioName: "Other"}, {ID: 11, ScenarioName: "Same"}, {ID: 12, ScenarioName: "Same"},
		{ID: 13, ScenarioName: "Same"}, {ID: 15, ScenarioName: "Other"}, {ID: 16, ScenarioName: "Stray"}, nil}
	label := sc.labeler(runs)
	got := map[int64]string{}
	for _, r := range runs[:6] {
		got[r.ID] = label(r)
	}
	assert.Equal(t, map[int64]string{11: "first (1 of 2)", 12: "first (2 of 2)", 13: "second", 14: "Other (1 of 2)", 15: "Other (2 of 2)",
		16: "Stray (run 16)"}, got)
}

func TestGivingUpEndsTheCallsUnlessKeepRunning(t *testing.T) {
	for _, cmd := range [][]string{{"test", smokeYAML}, {"run", "--tags", "smoke"}} {
		t.Run(cmd[0], func(t *testing.T) {
			fake, env := seededFake(t)
			fake.Script(cekuratest.Outcome{Never: true})
			report := filepath.Join(t.TempDir(), "out.xml")
			code, _, errOut := cli(t, env, append(cmd, "--agent", "1", "--wait", "--junit", report, "--timeout", "300ms")...)
			assert.Equal(t, exitError, code)
			assert.Contains(t, errOut, "deadline exceeded")
			assert.Contains(t, errOut, "ended result 1's calls still in progress")
			assert.Equal(t, 1, sent(fake, "POST", "/test_framework/v2/results/1/end_calls/"))
			res, err := fake.Client().Results.Get(context.Background(), 1)
			require.NoError(t, err)
			assert.Equal(t, cekura.RunStatusCancelled, res.Status, "the fake shows the calls ended")
			s := readJUnit(t, report).Suites[0]
			assert.Contains(t, s.Cases[len(s.Cases)-1].Failure.Message, "ended result 1's calls")

			code, _, errOut = cli(t, env, append(cmd, "--agent", "1", "--wait", "--keep-running", "--timeout", "300ms")...)
			assert.Equal(t, exitError, code)
			assert.Contains(t, errOut, "left result 2's calls running (--keep-running); end them with `cekura results end-calls 2`")
			assert.Zero(t, sent(fake, "POST", "/test_framework/v2/results/2/end_calls/"))
			res, err = fake.Client().Results.Get(context.Background(), 2)
			require.NoError(t, err)
			assert.Contains(t, []cekura.RunStatus{cekura.RunStatusPending, cekura.RunStatusRunning}, res.Status, "left running")

			// By hand: results end-calls.
			code, _, errOut = cli(t, env, "results", "end-calls", "2")
			require.Equal(t, exitOK, code, errOut)
			assert.Contains(t, errOut, "ended result 2's calls in progress")
			res, err = fake.Client().Results.Get(context.Background(), 2)
			require.NoError(t, err)
			assert.Equal(t, cekura.RunStatusCancelled, res.Status)
		})
	}
}

func TestEndingTheCallsCanFailAndSaysWhatToDo(t *testing.T) {
	fake, env := seededFake(t)
	fake.Script(cekuratest.Outcome{Never: true})
	fake.Fail(cekuratest.Fault{Method: "POST", Path: "/test_framework/v2/results/1/end_calls/", Status: 503, Times: 10})
	code, _, errOut := cli(t, env, "run", "--agent", "1", "--tags", "smoke", "--wait", "--timeout", "300ms")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "could not end result 1's calls")
	assert.Contains(t, errOut, "end them with `cekura results end-calls 1`")
}

func TestRunsEndCall(t *testing.T) {
	fake, env := seededFake(t)
	fake.Script(cekuratest.Outcome{Never: true})
	code, _, errOut := cli(t, env, "run", "--agent", "1", "--tags", "smoke")
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = cli(t, env, "runs", "end-call", "2")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "ended run 2's call")
	run, err := fake.Client().Runs.Get(context.Background(), 2)
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusCancelled, run.Status)
	code, _, _ = cli(t, env, "runs", "end-call", "x")
	assert.Equal(t, exitError, code)
}

func TestTextFromTheFileOrTheAPINeverStartsALineOfItsOwn(t *testing.T) {
	inj := filepath.Join(t.TempDir(), "inj.yaml")
	require.NoError(t, os.WriteFile(inj, []byte("version: \"1\"\nscenarios:\n  - name: A\n    instructions: x\n    \"zz\\n::add-mask::hello\\n::warning file=README.md::pwned\\u001b[31m\": 1\n"), 0o644))
	env, _, _ := jobEnv(t)
	code, _, errOut := runAppEnv(t, env, nil, "test", "--fake", "--dry-run", inj)
	assert.Equal(t, exitError, code)
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "::") {
			assert.True(t, strings.HasPrefix(line, "::error file=inj.yaml") || strings.HasPrefix(line, "::error title=") || !strings.Contains(inj, "/tmp"),
				"only the command's own workflow commands: %q", line)
			assert.NotContains(t, line, "\x1b")
		}
		assert.False(t, strings.HasPrefix(line, "::add-mask") || strings.HasPrefix(line, "::warning file=README"), "%q", line)
	}
	assert.Equal(t, 1, strings.Count(errOut, "::error"), errOut)
	assert.Contains(t, errOut, "  scenarios[0].zz ::add-mask::hello ::warning file=README.md::pwned [31m: is not a field")
}

func TestFlagMistakesAreNamedAsFlagsNotAsTheFilesProblems(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--channel", "fax"}, `cekura: --channel: "fax" is not one of voice, text, elevenlabs, livekit_v2, pipecat_v2`},
		{[]string{"--livekit-data", `{"a":1}`}, "cekura: --livekit-data: is for the livekit_v2 channel, not voice"},
		{[]string{"--name", strings.Repeat("n", 300)}, "cekura: --name: "},
		{[]string{"--agent", "-5"}, `cekura: --agent "-5" is not an agent id (a positive number)`},
		{[]string{"--junit", smokeYAML, "--wait"}, "is the suite file: the report would replace it"},
		{[]string{"--dry-run", "--junit", "x.xml"}, "--dry-run runs nothing"},
	} {
		args := append([]string{"test", smokeYAML, "--fake", "--dry-run=false"}, tc.args...)
		if slices.Contains(tc.args, "--dry-run") {
			args = append([]string{"test", smokeYAML, "--fake"}, tc.args...)
		}
		code, out, errOut := cli(t, nil, args...)
		assert.Equal(t, exitError, code, tc.args)
		assert.Empty(t, out)
		assert.Contains(t, errOut, tc.want, tc.args)
		assert.NotContains(t, errOut, "problem(s)", tc.args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
	code, _, errOut := cli(t, nil, "test", smokeYAML, "--agent", "") // a workflow's unset variable
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "cekura: --agent is required: the id of the agent to test (see cekura agents list; in a workflow, is the variable set?)")
}

func TestCasesThatShareAKeyAreWarnedOf(t *testing.T) {
	dup := filepath.Join(t.TempDir(), "dup.yaml")
	require.NoError(t, os.WriteFile(dup, []byte("version: \"1\"\nscenarios:\n  - name: A\n    key: a\n    instructions: x\n  - name: B\n    key: a\n    instructions: y\n"), 0o644))
	env, _, _ := jobEnv(t)
	code, _, errOut := runAppEnv(t, env, nil, "test", "--fake", "--dry-run", dup)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, `cekura: warning: scenarios[1]: has the key "a" of scenarios[0]: their test cases in reports get one name`)
	assert.Contains(t, errOut, "::warning title=cekura%3A scenarios[1]::has the key")
}

func TestTooLargeAnInputIsRefusedBeforeItIsRead(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(maxInput+1))
	require.NoError(t, f.Close())
	code, _, errOut := cli(t, nil, "test", "--fake", "--dry-run", big)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "is larger than 4194304 bytes (4 MB)")
}

func TestFakeFailMakesATestFail(t *testing.T) {
	code, out, _ := cli(t, nil, "test", "--fake", "--fake-fail", "--wait", smokeYAML)
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, out, "FAILED  result 1 (completed): 2 of 3 runs failed")
}
