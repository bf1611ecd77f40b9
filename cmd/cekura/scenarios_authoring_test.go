package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliOn runs the command line in-process with a client of the fake,
// whose waits move the fake's clock (a client of the environment's base
// URL would wait in real time for a fake whose clock is fixed).
func cliOn(t *testing.T, fake *cekuratest.Server, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{out: &out, errOut: &errOut, env: func(string) (string, bool) { return "", false }, isTerm: func(io.Writer) bool { return false },
		client: fake.Client(), in: strings.NewReader(""), inIsTerm: func() bool { return false }}
	code := a.execute(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestScenarioFolderCommands(t *testing.T) {
	fake, env := fixedFake(t)
	for _, args := range [][]string{
		{"scenarios", "folders", "create", "--project", "7", "--name", "Sales"},
		{"scenarios", "folders", "create", "--project", "7", "--name", "Inbound", "--parent", "Sales"},
		{"scenarios", "folders", "create", "--project", "7", "--name", "Support"},
	} {
		code, _, errOut := cli(t, env, args...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
	}
	for _, format := range []string{"table", "json", "yaml"} {
		code, out, errOut := cli(t, env, "scenarios", "folders", "list", "--project", "7", "-o", format)
		require.Equal(t, exitOK, code, errOut)
		golden(t, "scenarios-folders-list-"+format, out)
	}
	code, out, _ := cli(t, env, "scenarios", "folders", "list", "--project", "7", "--parent", "Sales")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Sales.Inbound")
	assert.NotContains(t, out, "Support")

	code, out, errOut := cli(t, env, "scenarios", "folders", "rename", "Sales", "--project", "7", "--name", "Revenue", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"path": "Revenue"`)
	code, out, errOut = cli(t, env, "scenarios", "folders", "move", "Revenue.Inbound", "--project", "7", "--into", "Support")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Support.Inbound")
	code, out, errOut = cli(t, env, "scenarios", "folders", "move", "Support.Inbound", "--project", "7")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Inbound  Inbound", "moved to the top level")

	// Deletes ask on a terminal, and need --yes without one.
	code, _, errOut = cliStdin(t, context.Background(), env, strings.NewReader(""), false, "scenarios", "folders", "delete", "Support", "--project", "7")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "pass --yes")
	code, _, errOut = cliStdin(t, context.Background(), env, strings.NewReader("n\n"), true, "scenarios", "folders", "delete", "Support", "--project", "7")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, errOut, "Delete folder Support of project 7? This cannot be undone. [y/N] did not delete folder Support of project 7")
	assert.Len(t, fake.ScenarioFolders(7), 3, "nothing deleted")
	code, _, errOut = cliStdin(t, context.Background(), env, strings.NewReader("y\n"), true, "scenarios", "folders", "delete", "Support", "--project", "7")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "deleted folder Support")
	code, _, errOut = cli(t, env, "scenarios", "folders", "delete", "Support", "--project", "7", "--yes")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
	assert.Len(t, fake.ScenarioFolders(7), 2)

	code, _, errOut = cli(t, env, "scenarios", "folders", "create", "--name", "a.b")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "project_id: is required")
	assert.Contains(t, errOut, "has a dot")
	code, _, errOut = cli(t, env, "scenarios", "folders", "delete", "X")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--project is required")
}

func TestDeleteManyAndTheSuiteSchema(t *testing.T) {
	fake, env := fixedFake(t)
	ctx := context.Background()
	for _, name := range []string{"Refund", "Status", "Hours"} {
		_, err := fake.Client().Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: name, PersonalityID: 1, AgentID: 1, Instructions: "ask"})
		require.NoError(t, err)
	}
	code, _, errOut := cliStdin(t, ctx, env, strings.NewReader(""), false, "scenarios", "delete-many", "--ids", "1,2", "--agent", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "pass --yes")
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader("yes\n"), true, "scenarios", "delete-many", "--ids", "1,2", "--agent", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "Delete 2 scenarios (1,2)? This cannot be undone. [y/N] deleted 2 scenarios")
	require.Len(t, fake.Scenarios(), 1)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--agent", "1", "--yes"}, "--ids is required"},
		{[]string{"--ids", "3", "--yes"}, "give --agent or --project (one)"},
		{[]string{"--ids", "x", "--agent", "1", "--yes"}, `--ids: "x" is not an id`},
		{[]string{"--ids", "99", "--agent", "1", "--yes"}, `Invalid pk "99"`},
	} {
		code, _, errOut = cli(t, env, append([]string{"scenarios", "delete-many"}, tc.args...)...)
		assert.Equal(t, exitError, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}

	code, out, errOut := cli(t, env, "scenarios", "json-schema")
	require.Equal(t, exitOK, code, errOut)
	var schema map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &schema), "JSON by default: %s", out)
	assert.Equal(t, "Cekura test suite", schema["title"])
	code, out, _ = cli(t, env, "scenarios", "json-schema", "--version", "1", "-o", "yaml")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "title: Cekura test suite")
	code, _, errOut = cli(t, env, "scenarios", "json-schema", "--version", "7")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "Unknown spec version")
}

func TestInstructionsAndTranscriptCommands(t *testing.T) {
	fake, _ := fixedFake(t)
	code, out, errOut := cliOn(t, fake, "scenarios", "generate-instructions", "--agent", "1", "--name", "Refund", "--expected-outcome", "a refund", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "completed")
	assert.Contains(t, out, "\nYou are a caller testing a voice agent. Scenario: Refund. Your goal: a refund.", "the instructions whole")
	assert.Contains(t, errOut, ": completed", "a line per change of status")

	code, out, errOut = cliOn(t, fake, "scenarios", "improve-instructions", "--agent", "1", "--current", "Ask.", "--request", "be brief", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var job cekura.InstructionsJob
	require.NoError(t, json.Unmarshal([]byte(out), &job))
	assert.False(t, job.Done(), "without --wait, the job as started")
	code, out, errOut = cliOn(t, fake, "scenarios", "instructions-job", job.ProgressID, "--wait", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "instructions: Ask. be brief.")
	code, _, errOut = cliOn(t, fake, "scenarios", "generate-instructions", "--name", "x")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "set exactly one of agent, project and assistant_id")

	dir := t.TempDir()
	call := filepath.Join(dir, "call.yaml")
	require.NoError(t, os.WriteFile(call, []byte("- role: Main Agent\n  content: Hello, how can I help?\n  start_time: 0\n- role: Testing Agent\n  content: I need to reschedule.\n  start_time: 2.1\n"), 0o644))
	code, out, errOut = cliOn(t, fake, "scenarios", "from-transcript", "--agent", "1", "--transcript", call, "--name", "Reschedule", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `completed\s+1\s`, out, "the scenario made")
	sc := fake.Scenarios()
	require.Len(t, sc, 1)
	assert.Equal(t, "Reschedule", sc[0].Name)

	code, out, errOut = cliOn(t, fake, "scenarios", "update-with-transcript", "1", "--transcript", call)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Reschedule")

	agentOnly := filepath.Join(dir, "agent-only.json")
	require.NoError(t, os.WriteFile(agentOnly, []byte(`[{"role": "Main Agent", "content": "Hello?"}]`), 0o644))
	code, out, errOut = cliOn(t, fake, "scenarios", "from-transcript", "--agent", "1", "--transcript", agentOnly, "--wait")
	assert.Equal(t, exitError, code, "a job that failed")
	assert.Contains(t, out, "failed")
	assert.Contains(t, errOut, "nothing shows the caller's behaviour")
	p := strings.Fields(strings.Split(out, "\n")[1])[0]
	code, out, _ = cliOn(t, fake, "scenarios", "transcript-job", p, "-o", "json")
	assert.Equal(t, exitError, code)
	assert.Contains(t, out, `"status": "failed"`)

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"role": "user", "content": "hi"}]`), 0o644))
	code, _, errOut = cliOn(t, fake, "scenarios", "from-transcript", "--agent", "1", "--transcript", bad)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `transcript_json[0].role: "user" is not one of`)
	code, _, errOut = cliOn(t, fake, "scenarios", "from-transcript", "--agent", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--transcript is required")
}

func TestAskAgentCommands(t *testing.T) {
	fake, _ := fixedFake(t)
	ctx := context.Background()
	for _, req := range []*cekura.CreateScenarioRequest{
		{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "Ask for a refund."},
		{Name: "Project-wide", PersonalityID: 1, ProjectID: 3, Instructions: "Ask."},
	} {
		_, err := fake.Client().Scenarios.Create(ctx, req)
		require.NoError(t, err)
	}
	code, out, errOut := cliOn(t, fake, "scenarios", "ask-agent", "--scenarios", "1", "--message", "Give the order number.", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "improve  completed")
	assert.Contains(t, out, `"updated_scenarios": [`, "the result below the table")
	assert.Contains(t, errOut, "1 changes suggested: apply them with cekura scenarios ask-agent --apply-from ")
	p := strings.TrimSpace(errOut[strings.LastIndex(errOut, "--apply-from ")+len("--apply-from "):])

	code, _, errOut = cliOn(t, fake, "scenarios", "ask-agent", "--apply-from", p, "--wait")
	require.Equal(t, exitOK, code, errOut)
	sc, err := fake.Client().Scenarios.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "Ask for a refund.\nGive the order number.", sc.Instructions)

	code, out, errOut = cliOn(t, fake, "scenarios", "ask-agent", "--scenarios", "2", "--message", "Shorter.", "--wait", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"status": "needs_agent_clarification"`)
	assert.Contains(t, errOut, "which agent scenarios [2] are for: ask again with --session")
	code, out, errOut = cliOn(t, fake, "scenarios", "ask-agent", "--scenarios", "2", "--message", "Shorter.", "--agent-for", "2=1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var job cekura.ScenarioAgentJob
	require.NoError(t, json.Unmarshal([]byte(out), &job))
	code, out, errOut = cliOn(t, fake, "scenarios", "agent-job", job.ProgressID, "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "completed")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--scenarios", "1"}, "user_message: is required"},
		{[]string{"--message", "x", "--agent-for", "2"}, "want SCENARIO=AGENT"},
		{[]string{"--apply-from", "nope"}, "Invalid progress_id"},
		{[]string{"--message", "x", "--scenarios", "9"}, `Invalid pk "9"`},
	} {
		code, _, errOut = cliOn(t, fake, append([]string{"scenarios", "ask-agent"}, tc.args...)...)
		assert.Equal(t, exitError, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}

func TestScenarioAuthoringWithTheFakeFlag(t *testing.T) {
	for _, args := range [][]string{
		{"--fake", "scenarios", "generate-instructions", "--agent", "1", "--name", "Refund", "--wait"},
		{"--fake", "scenarios", "ask-agent", "--scenarios", "1,2", "--message", "More detail.", "--wait"},
		{"--fake", "scenarios", "folders", "create", "--project", "1", "--name", "Smoke"},
		{"--fake", "scenarios", "delete-many", "--ids", "1,2,3", "--agent", "1", "--yes"},
		{"--fake", "scenarios", "json-schema"},
	} {
		code, _, errOut := cli(t, nil, args...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
	}
}
