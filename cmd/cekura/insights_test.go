package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// insightsFixedFake is fixedFake with a metric, five failing calls of the
// Support Bot and a finished audit of them.
func insightsFixedFake(t *testing.T) (*cekuratest.Server, map[string]string) {
	t.Helper()
	fake, env := fixedFake(t)
	ctx, c := context.Background(), fake.Client()
	_, err := c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Refund policy", Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary, AgentIDs: []int64{1}})
	require.NoError(t, err)
	_, err = c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund request", PersonalityID: 1, AgentID: 1, Instructions: "You want a refund."})
	require.NoError(t, err)
	for i := range 5 {
		_, err := c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: fmt.Sprintf("call_%d", i), AgentID: 1})
		require.NoError(t, err)
	}
	fake.Advance(time.Minute)
	_, err = c.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: 1})
	require.NoError(t, err)
	fake.Advance(time.Minute) // audited
	return fake, env
}

func TestFailureModesCommands(t *testing.T) {
	// --wait polls on the fake's clock, which the fake's own client moves.
	code, out, errOut := runApp(t, nil, "insights", "failure-modes", "generate", "--project", "1", "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "succeeded")

	fake, env := insightsFixedFake(t)
	code, out, errOut = cli(t, env, "insights", "failure-modes", "generate", "--project", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "pending")
	require.Len(t, fake.FailureInsights(), 2)

	for _, format := range []string{"table", "json", "yaml"} {
		code, out, errOut = cli(t, env, "insights", "fm", "categories", "--project", "1", "--metric", "1", "-o", format)
		require.Equal(t, exitOK, code, errOut)
		golden(t, "insights-categories-"+format, out)
	}
	code, out, errOut = cli(t, env, "insights", "fm", "rates", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var rates []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rates))
	require.Len(t, rates, 1)
	assert.EqualValues(t, 100, rates[0]["rate"])
	code, out, _ = cli(t, env, "insights", "fm", "rates")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "100.0%")

	code, out, _ = cli(t, env, "insights", "fm", "dates")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "DATE\n2026-11-01\n", out)
	code, out, _ = cli(t, env, "insights", "fm", "dates", "-o", "yaml")
	require.Equal(t, exitOK, code)
	var dates map[string][]string
	require.NoError(t, yaml.Unmarshal([]byte(out), &dates))
	assert.Equal(t, []string{"2026-11-01"}, dates["dates"])

	code, out, _ = cli(t, env, "insights", "fm", "calls", "calls-with-nothing-to-evaluate", "--project", "1", "--metric", "1", "--from", "2026-10-01")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "CALL LOG ID\n5\n4\n3\n2\n1\n", out)
	code, _, errOut = cli(t, env, "insights", "fm", "calls", "calls-with-nothing-to-evaluate")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "project: is required")
	code, _, errOut = cli(t, env, "insights", "fm", "calls", "x", "--project", "1", "--metric", "1", "--from", "last week")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"last week" is neither a date`)

	code, out, _ = cli(t, env, "insights", "fm", "get", "1", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"title": "Calls with nothing to evaluate"`)

	code, out, errOut = cli(t, env, "insights", "fm", "fix-metric", "calls-with-nothing-to-evaluate", "--project", "1", "--metric", "1",
		"--feedback", "empty calls", "--expected", "false", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "added failure category calls-with-nothing-to-evaluate's calls to Labs")
	assert.Contains(t, out, `"expected_value": false`)
	code, _, errOut = cli(t, env, "insights", "fm", "fix-metric", "x", "--project", "1", "--metric", "1", "--expected", "maybe")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--expected")

	before := len(fake.Requests())
	code, _, errOut = cli(t, env, "insights", "fm", "delete-category", "calls-with-nothing-to-evaluate", "--project", "1", "--metric", "1")
	assert.Equal(t, exitError, code, "no terminal to ask")
	assert.Contains(t, errOut, "pass --yes")
	assert.Len(t, fake.Requests(), before, "nothing was asked of the API")
	code, _, errOut = cli(t, env, "insights", "fm", "delete-category", "calls-with-nothing-to-evaluate", "--project", "1", "--metric", "1", "--yes")
	require.Equal(t, exitOK, code, errOut)
	code, out, _ = cli(t, env, "insights", "fm", "categories", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "[]\n", out)

	code, _, errOut = cli(t, env, "insights", "fm", "generate")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "project: is required")
}

func TestResearchCommands(t *testing.T) {
	fake, env := insightsFixedFake(t)
	code, out, _ := cli(t, env, "insights", "research", "pricing", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.JSONEq(t, `{"credits": 20}`, out)
	code, out, errOut := runApp(t, nil, "insights", "research", "generate", "--project", "2", "--focus", "empty calls", "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "succeeded")
	assert.Contains(t, out, "empty calls")
	code, out, errOut = cli(t, env, "insights", "research", "generate", "--project", "1", "--focus", "empty calls")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "pending")
	fake.Advance(5 * time.Minute)
	code, out, _ = cli(t, env, "insights", "research", "list", "-o", "yaml")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "severity: high")
	code, _, errOut = cli(t, env, "insights", "research", "dismiss", "Calls with nothing to evaluate", "--project", "1", "--note", "known")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, `dismissed "Calls with nothing to evaluate" in project 1`)
	code, out, _ = cli(t, env, "insights", "research", "get", "1")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `1\s+succeeded\s+5\s+0\s+empty calls`, out, "the mode is dismissed")
	code, _, errOut = cli(t, env, "insights", "research", "generate", "--project", "1", "--from", "2026-10-01")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "date_from and date_to go together")
	code, _, _ = cli(t, env, "insights", "research", "delete", "1", "--yes")
	require.Equal(t, exitOK, code)
	assert.Empty(t, fake.ResearchInsights())
}

func TestImprovementSessionCommands(t *testing.T) {
	fake, env := insightsFixedFake(t)
	code, _, errOut := cli(t, env, "insights", "agent-sessions", "create", "--calls", "1,2")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "provider_key", "the fake wants the key the agent does not store")
	env["CEKURA_PROVIDER_KEY"] = "vapi_sk_from_env"
	code, out, errOut := runAppEnv(t, env, nil, "insights", "agent-sessions", "create", "--calls", "1,2", "--wait", "-o", "json", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"status": "succeeded"`)
	assert.NotContains(t, out+errOut, "vapi_sk_from_env", "never printed")
	code, out, errOut = cli(t, env, "insights", "agent-sessions", "create", "--calls", "1,2")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "pending")
	code, out, _ = cli(t, env, "insights", "agent-sessions", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "call_log")
	code, _, errOut = cli(t, env, "insights", "agent-sessions", "create", "--calls", "1", "--scenarios", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "set exactly one of call_log_ids, run_ids and scenario_ids")

	code, out, errOut = cli(t, env, "insights", "scenario-sessions", "create", "--title", "Sharpen refunds", "--scenarios", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Sharpen refunds")
	code, out, _ = cli(t, env, "insights", "scenario-sessions", "update", "1", "--status", "completed", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"status": "completed"`)
	code, _, errOut = cli(t, env, "insights", "scenario-sessions", "update", "1", "--status", "done")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"done" is not one of`)
	code, out, _ = cli(t, env, "insights", "scenario-sessions", "get", "1")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "completed")
	require.Len(t, fake.ScenarioImprovementSessions(), 1)
}

func TestInsightsWithTheFake(t *testing.T) {
	for _, args := range [][]string{
		{"insights", "fm", "categories"},
		{"insights", "fm", "rates"},
		{"insights", "fm", "dates"},
		{"insights", "research", "list"},
		{"insights", "research", "get", "1"},
	} {
		code, out, errOut := cli(t, nil, append(args, "--fake")...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.Greater(t, strings.Count(out, "\n"), 1, "%v shows something: %s", args, out)
	}
	code, out, _ := cli(t, nil, "insights", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "failure-modes")
	code, _, errOut := cli(t, nil, "insights", "nonsense")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `unknown command "nonsense"`)
}

func TestAFailedJobExitsTwo(t *testing.T) {
	var errOut strings.Builder
	a := &app{errOut: &errOut}
	assert.NoError(t, a.jobOutcome(nil))
	err := a.jobOutcome(&cekura.InsightFailedError{Kind: "deep research insight", ID: 7, Message: "sandbox timed out"})
	assert.True(t, errors.Is(err, errReported), "exit 2, as every job command's")
	assert.False(t, errors.Is(err, errTestsFailed), "not a failed test run")
	assert.Equal(t, "cekura: deep research insight 7 failed: sandbox timed out\n", errOut.String())
	var out strings.Builder
	code := (&app{out: &out, errOut: &out, env: func(string) (string, bool) { return "", false }}).execute(context.Background(),
		[]string{"insights", "fm", "generate", "--project", "-1", "--fake"})
	assert.Equal(t, exitError, code, "a refused request is a usage error: %s", out.String())
}
