package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labSetup scripts --fake's fake for the Labs commands: its demo agent
// described at length (metric generation needs 100 characters), and the
// runs of scenario 2 failing.
func labSetup(s *cekuratest.Server) {
	_, _ = s.Client().Agents.Update(context.Background(), 1, &cekura.UpdateAgentRequest{Description: cekura.Some(
		"The fake API's demo agent: it answers support calls for an online shop, about refunds, order status and opening hours.")})
	s.Script(cekuratest.Outcome{Fail: map[int64]string{2: "the agent never confirmed the order"}})
}

// labFake is an external fake set up as labSetup does, with a result (1)
// that ended with run 2 failed, and the environment that points at it.
func labFake(t *testing.T) (*cekuratest.Server, map[string]string) {
	t.Helper()
	fake, env := seededFake(t)
	labSetup(fake)
	started, err := fake.Client().Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	require.NoError(t, err)
	fake.Advance(time.Minute)
	require.Equal(t, int64(1), started.ID)
	return fake, env
}

func TestResultsActionsCommands(t *testing.T) {
	fake, env := labFake(t)

	code, out, errOut := cli(t, env, "results", "ask", "1", "Why did the order status fail?")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "never confirmed the order")
	code, out, errOut = cli(t, env, "results", "ask", "1", "And now?", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var doc map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "And now?", doc["question"])
	// The API's limit: the 429 is one line that says when to ask again.
	for range 3 {
		code, _, errOut = cli(t, env, "results", "ask", "1", "Again?")
		require.Equal(t, exitOK, code, errOut)
	}
	code, out, errOut = cli(t, env, "results", "ask", "1", "Once more?")
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "429 Too Many Requests: Rate limit exceeded")
	assert.Contains(t, errOut, "; ask again in ")
	assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)

	code, out, errOut = cli(t, env, "results", "rerun", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "started result 2: 3 runs")
	assert.Contains(t, out, "pending")

	code, out, errOut = cli(t, env, "results", "evaluate", "1", "--runs", "2", "--metrics", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"status": "evaluating"`)
	code, _, errOut = cli(t, env, "results", "evaluate", "--results", "1,2", "--metrics", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "evaluating 2 results again")
	code, _, errOut = cli(t, env, "results", "evaluate", "1", "--runs", "2")
	assert.Equal(t, exitError, code, "no metrics: refused before sending")
	assert.Contains(t, errOut, "metric_ids: is required")
	code, _, errOut = cli(t, env, "results", "evaluate", "--metrics", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "give a result ID")

	// Deleting asks first; without a terminal, --yes is needed.
	ctx := context.Background()
	before := len(fake.Requests())
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader("y\n"), false, "results", "delete-runs", "2", "--runs", "4")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "did not delete runs 4 of result 2: standard input is not a terminal")
	assert.Len(t, fake.Requests(), before, "nothing was sent")
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader("n\n"), true, "results", "delete-runs", "2", "--runs", "4")
	assert.Equal(t, exitOK, code, "a refusal is not an error")
	assert.Contains(t, errOut, "Delete runs 4 of result 2? This cannot be undone. [y/N] did not delete runs 4 of result 2")
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader("yes\n"), true, "results", "delete-runs", "2", "--runs", "4")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "deleted runs 4 of result 2")
	res, err := fake.Client().Results.Get(ctx, 2)
	require.NoError(t, err)
	assert.Len(t, res.Runs, 2)

	code, _, errOut = cli(t, env, "results", "delete", "2", "77", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "deleted results 2,77\n", errOut)
	code, _, errOut = cli(t, env, "results", "get", "2")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
	code, _, errOut = cli(t, env, "results", "delete", "x")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"x" is not an id`)
}

func TestResultsRerunWaitsForTheVerdict(t *testing.T) {
	code, out, errOut := runApp(t, labSetup, "results", "rerun", "1", "--fake", "--wait")
	assert.Equal(t, exitError, code, "result 1 does not exist yet: %s", errOut)
	assert.Contains(t, errOut, "404")
	assert.Empty(t, out)

	code, out, errOut = runApp(t, func(s *cekuratest.Server) {
		labSetup(s)
		started, err := s.Client().Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
		if err == nil {
			_, err = s.Client().Results.Wait(context.Background(), started.ID, nil)
		}
		require.NoError(t, err)
	}, "results", "rerun", "1", "--fake", "--wait")
	assert.Equal(t, exitFailed, code, "the re-run's tests fail as the first's did: %s", errOut)
	assert.Contains(t, out, "FAILED")
	assert.Contains(t, out, "never confirmed the order")
}

func TestMetricJobCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		return path
	}
	bulk := write("metrics.yaml", "metrics:\n  - name: Greets\n    agents: [1]\n    eval_type: binary\n  - name: Tone\n    eval_type: enum\n    enum_values: [warm, cold]\n")
	preview := write("preview.json", `{"agent_id": 1, "run_ids": [1, 2], "metric_data": {"name": "Greets", "type": "llm_judge", "eval_type": "binary"}}`)
	setup := func(s *cekuratest.Server) {
		labSetup(s)
		_, err := s.Client().Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
		require.NoError(t, err)
	}

	code, out, errOut := runApp(t, setup, "metrics", "bulk-create", "-f", bulk, "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Greets")
	assert.Contains(t, out, "Tone")
	code, _, errOut = runApp(t, setup, "metrics", "bulk-create", "-f", write("bad.yaml", "metrics:\n  - eval_type: enum\n"), "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "[0].name: is required; [0].enum_values: are required for an enum metric")

	code, out, errOut = runApp(t, setup, "metrics", "reorder", "1", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "1\n", out)

	code, out, errOut = runApp(t, setup, "metrics", "preview", "-f", preview, "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^PROGRESS ID\s+STATUS\s+RESULTS\n\S+\s+completed\s+2\s*$`, out)

	code, out, errOut = runApp(t, setup, "metrics", "generate", "--agent", "1", "--count", "2", "--wait", "--fake", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var gen cekura.MetricGeneration
	require.NoError(t, json.Unmarshal([]byte(out), &gen))
	assert.Equal(t, cekura.JobStatusCompleted, gen.Status)
	assert.Len(t, gen.Metrics, 2)
	code, out, errOut = runApp(t, setup, "metrics", "generate", "--agent", "1", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^00000000-0000-4000-9000-000000000001\s+-\s+-$`, out, "without --wait: the job as started")
	assert.Equal(t, "started 00000000-0000-4000-9000-000000000001; follow it with: cekura metrics generate --progress-id 00000000-0000-4000-9000-000000000001 --wait\n", errOut)

	code, out, errOut = runApp(t, setup, "metrics", "simplify-prompt", "--prompt", strings.Repeat("Judge the greeting of the caller, please. ", 6), "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Judge the greeting of the caller, please.")
	code, out, errOut = runApp(t, setup, "metrics", "clean-description", "--name", "Greets", "--description", "did it greet", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "description: Judge whether the agent did this: did it greet\n", out)
	code, out, errOut = runApp(t, setup, "metrics", "clean-description-bg", "--agent", "1", "--description", "did it greet", "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Judge whether the agent did this: did it greet")
	code, out, errOut = runApp(t, setup, "metrics", "evaluation-trigger", "--name", "Refund handled", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "trigger prompt: Evaluate this metric only when the conversation concerns: Refund handled.")

	code, out, errOut = runApp(t, setup, "metrics", "run-reviews", "1", "--wait", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `completed\s+3/3\s+0`, out)
	// A job that fails prints its state and exits 2 with its error.
	code, out, errOut = runApp(t, func(s *cekuratest.Server) { setup(s); s.FailJobs("the judge is unavailable") },
		"metrics", "run-reviews", "1", "--wait", "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, out, "failed")
	assert.Contains(t, errOut, "failed: the judge is unavailable")
	code, _, errOut = runApp(t, setup, "metrics", "run-reviews", "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "give the metric's ID")
}

func TestAJobIsFollowedByItsProgressID(t *testing.T) {
	fake, env := labFake(t)
	code, out, errOut := cli(t, env, "metrics", "run-reviews", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var run cekura.ReviewRun
	require.NoError(t, json.Unmarshal([]byte(out), &run))
	require.NotEmpty(t, run.ProgressID)
	fake.Advance(time.Minute)
	code, out, errOut = cli(t, env, "metrics", "run-reviews", "--progress-id", run.ProgressID, "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "status: completed")
	code, _, errOut = cli(t, env, "metrics", "preview", "--progress-id", "nope")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "Invalid progress_id.")
}

func TestLabsGroups(t *testing.T) {
	fake, env := labFake(t)
	code, out, errOut := cli(t, env, "predefined-metrics", "list")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^ID\s+NAME\s+SLUG\s+EVAL TYPE\s+CATEGORY\s+COST$`, out)
	assert.Contains(t, out, "Latency")

	code, out, errOut = cli(t, env, "critical-metric-scenarios", "list", "--agent", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^2\s+Order status\s+critical$`, out)
	code, out, errOut = cli(t, env, "critical-metric-scenarios", "update", "2", "--priority", "not_a_bug")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "not_a_bug")
	code, _, errOut = cli(t, env, "critical-metric-scenarios", "update", "2", "--priority", "urgent")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"urgent" is not one of critical, non-critical, not_a_bug`)

	code, out, errOut = cli(t, env, "metric-reviews", "update", "101", "--feedback", "A transfer is fine.", "--expected-value", "5")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^101\s+Refund policy\s+5\s+A transfer is fine\.$`, out)
	code, out, errOut = cli(t, env, "metric-reviews", "process-feedbacks", "--metric", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var job cekura.FeedbackProcessing
	require.NoError(t, json.Unmarshal([]byte(out), &job))
	code, _, errOut = cli(t, env, "metric-reviews", "answer", job.ProgressID, "--answer", "q1=yes", "--answer", `q2={"value": 5}`, "--skip", "q3")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "answered 3 questions of "+job.ProgressID+"\n", errOut)
	var answered map[string]any
	reqs := fake.Requests()
	require.NoError(t, json.Unmarshal(reqs[len(reqs)-1].Body, &answered))
	assert.Equal(t, map[string]any{"q1": "yes", "q2": map[string]any{"value": 5.0}, "q3": map[string]any{"action": "skip"}}, answered["answers"])
	fake.Advance(time.Minute)
	code, out, errOut = cli(t, env, "metric-reviews", "process-feedbacks", "--progress-id", job.ProgressID)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "0.67 → 1.00")

	// --fake serves every group.
	for _, args := range [][]string{{"predefined-metrics", "list"}, {"critical-metric-scenarios", "list"}, {"metric-reviews", "update", "101", "--feedback", "ok"}} {
		code, _, errOut := runApp(t, nil, append(args, "--fake")...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
	}
}
