package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cliStdin runs the command line in-process with stdin as standard input,
// a terminal or not.
func cliStdin(t *testing.T, ctx context.Context, env map[string]string, stdin io.Reader, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{out: &out, errOut: &errOut, env: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		isTerm: func(io.Writer) bool { return false }, in: stdin, inIsTerm: func() bool { return terminal }}
	code := a.execute(ctx, args)
	return code, out.String(), errOut.String()
}

func agentNames(fake *cekuratest.Server) []string {
	var names []string
	for _, a := range fake.Agents() {
		names = append(names, a.Name)
	}
	return names
}

func deletes(fake *cekuratest.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == "DELETE" {
			n++
		}
	}
	return n
}

func TestDeleteAsksOnATerminal(t *testing.T) {
	fake, env := fixedFake(t)
	ctx := context.Background()

	// No, an empty answer (Enter) and the end of input delete nothing.
	for _, answer := range []string{"n\n", "no\n", "\n", "", "yess\n"} {
		code, _, errOut := cliStdin(t, ctx, env, strings.NewReader(answer), true, "agents", "delete", "1")
		assert.Equal(t, exitOK, code, "a refusal is not an error: %q", answer)
		assert.True(t, strings.HasPrefix(errOut, "Delete agent 1 (Support Bot)? [y/N] "), "the question names the agent: %q", errOut)
		assert.Contains(t, errOut, "agent 1 not deleted", "answer %q", answer)
		assert.NotContains(t, errOut, "deleted agent 1")
	}
	assert.Equal(t, []string{"Support Bot", "Sales Bot"}, agentNames(fake))
	assert.Zero(t, deletes(fake), "no DELETE was sent")

	// y or yes, in any case, deletes.
	code, _, errOut := cliStdin(t, ctx, env, strings.NewReader("yes\n"), true, "agents", "delete", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "Delete agent 1 (Support Bot)? [y/N] deleted agent 1\n")
	assert.Equal(t, []string{"Sales Bot"}, agentNames(fake))
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader(" Y\n"), true, "agents", "delete", "2")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "Delete agent 2 (Sales Bot)? [y/N] deleted agent 2\n")
	assert.Empty(t, agentNames(fake))

	// An agent that is not there: the 404, and no question.
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader("y\n"), true, "agents", "delete", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
	assert.NotContains(t, errOut, "[y/N]")
}

func TestDeleteWithoutATerminalNeedsYes(t *testing.T) {
	fake, env := fixedFake(t)
	c := fake.Client()
	ctx := context.Background()
	_, err := c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: 1, Instructions: "ask"})
	require.NoError(t, err)
	_, err = c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call_42", AgentID: 1, VoiceRecordingURL: "https://rec.example/42.wav"})
	require.NoError(t, err)
	_, err = c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greets", Description: "Did it greet?", Type: cekura.MetricTypeLLMJudge, EvalType: "binary"})
	require.NoError(t, err)

	// Every delete command refuses, exit 2, before any request; even a
	// "y" waiting on the pipe is not taken for an answer.
	for _, group := range []string{"agents", "scenarios", "calls", "metrics"} {
		before := len(fake.Requests())
		code, out, errOut := cliStdin(t, ctx, env, strings.NewReader("y\n"), false, group, "delete", "1")
		assert.Equal(t, exitError, code, group)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "not a terminal", group)
		assert.Contains(t, errOut, "pass --yes", group)
		assert.NotContains(t, errOut, "[y/N]")
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
		assert.Len(t, fake.Requests(), before, "%s: nothing was asked of the API", group)
	}
	assert.Len(t, fake.Agents(), 2)
	assert.Len(t, fake.Scenarios(), 1)
	assert.Len(t, fake.Calls(), 1)
	_, err = c.Metrics.Get(ctx, 1)
	require.NoError(t, err, "the metric is still there")

	// --yes and -y delete without a question.
	code, _, errOut := cliStdin(t, ctx, env, strings.NewReader(""), false, "agents", "delete", "2", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "deleted agent 2\n", errOut)
	assert.Equal(t, []string{"Support Bot"}, agentNames(fake))
	code, _, errOut = cliStdin(t, ctx, env, strings.NewReader(""), true, "calls", "delete", "1", "-y")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "deleted call 1\n", errOut, "no question on a terminal either")
	assert.Empty(t, fake.Calls())
	assert.Equal(t, 2, deletes(fake))
}

func TestTheDeleteQuestionNamesACallByItsCallIDAndStopsWithTheContext(t *testing.T) {
	fake, env := fixedFake(t)
	_, err := fake.Client().Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "call_42", AgentID: 1, VoiceRecordingURL: "https://rec.example/42.wav"})
	require.NoError(t, err)
	code, _, errOut := cliStdin(t, context.Background(), env, strings.NewReader("n\n"), true, "calls", "delete", "1")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, errOut, "Delete call 1 (call_42)? [y/N] ")

	// Ctrl-C at the question (main turns it into the context's end): the
	// command stops, though standard input never answers.
	never, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, errOut = cliStdin(t, ctx, env, never, true, "calls", "delete", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "context canceled")
	assert.Len(t, fake.Calls(), 1, "not deleted")
}
