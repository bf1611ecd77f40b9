package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// productionCalls gives the --fake API (its demo agent is 1) an agent in
// project 1376 (2), an alert on it (1), a traced call with a transcript (1)
// and a call with nothing to evaluate (2), which fails and fires the alert;
// both are evaluated.
func productionCalls(t *testing.T) func(*cekuratest.Server) {
	return func(s *cekuratest.Server) {
		ctx := context.Background()
		c := s.Client()
		_, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376})
		require.NoError(t, err)
		s.AddAlert(cekuratest.Alert{Name: "Calls failing", ProjectID: 1376})
		transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 0, EndTime: 2})
		require.NoError(t, err)
		for _, req := range []*cekura.SendCallRequest{
			{CallID: "call-1", AgentID: 2, Transcript: transcript, TraceID: "4bf92f3577b34da6a3ce929d0e0e4736"},
			{CallID: "call-2", AgentID: 2},
		} {
			sent, err := c.Calls.Send(ctx, req)
			require.NoError(t, err)
			_, err = c.Calls.WaitForEvaluation(ctx, sent.ID, nil)
			require.NoError(t, err)
		}
	}
}

func TestCallLogCommands(t *testing.T) {
	setup := productionCalls(t)
	code, out, errOut := runApp(t, setup, "calls", "update", "1", "--fake", "--status", "reviewed_failure", "--feedback", "quoted the wrong price",
		"--duration", "1.5", "--metadata", `{"csat": 2}`, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var call cekura.Call
	require.NoError(t, json.Unmarshal([]byte(out), &call))
	assert.Equal(t, cekura.CallStatusReviewedFailure, call.Status)
	assert.Equal(t, "quoted the wrong price", call.Feedback)
	assert.Equal(t, "01:30", call.Duration)
	assert.JSONEq(t, `{"csat": 2}`, string(call.Metadata))

	code, _, errOut = runApp(t, setup, "calls", "update", "1", "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "sets no field")
	code, _, errOut = runApp(t, setup, "calls", "update", "1", "--fake", "--metadata", "[1]")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--metadata: give a JSON object")
	code, _, errOut = runApp(t, setup, "calls", "update", "1", "--fake", "--duration", "-2")
	assert.Equal(t, exitError, code, "refused before sending")
	assert.Contains(t, errOut, "duration: must be a number of minutes, 0 or more")

	code, _, errOut = runApp(t, setup, "calls", "vote", "2", "--fake", "--metric", "1", "--thumbs", "down", "--expected", "true", "--feedback", "fine")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "voted down on metric 1 of call 2")
	code, _, errOut = runApp(t, setup, "calls", "vote", "2", "--fake", "--metric", "1", "--thumbs", "maybe")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `--thumbs "maybe": use up, down or none`)
	code, _, errOut = runApp(t, setup, "calls", "vote", "2", "--fake", "--thumbs", "up")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "metric_id: is required")

	code, out, errOut = runApp(t, setup, "calls", "trace", "1", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "TRACE ID")
	assert.Contains(t, out, "4bf92f3577b34da6a3ce929d0e0e4736  2")
	code, out, _ = runApp(t, setup, "calls", "trace", "1", "--fake", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"name": "conversation"`)
	code, _, errOut = runApp(t, setup, "calls", "trace", "2", "--fake")
	assert.Equal(t, exitError, code, "a call without a trace")
	assert.Contains(t, errOut, "404")

	code, out, errOut = runApp(t, setup, "calls", "create-scenarios", "--fake", "--agent", "2", "--all", "--copy-to-agent", "1", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "From call call-1")
	assert.Contains(t, errOut, "started the scenarios from calls: progress id")
	assert.Contains(t, errOut, "call 2 made no scenario: Transcript is missing")
	code, out, errOut = runApp(t, setup, "calls", "create-scenarios", "--fake", "--agent", "2", "--calls", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var started cekura.ScenarioCreation
	require.NoError(t, json.Unmarshal([]byte(out), &started))
	assert.Equal(t, 1, started.Total)
	assert.False(t, started.Done(), "without --wait: the progress as it is")
	code, _, errOut = runApp(t, setup, "calls", "create-scenarios", "--fake", "--agent", "2", "--calls", "1", "--all")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "give --calls or --all, not both")
	code, _, errOut = runApp(t, setup, "calls", "create-scenarios", "--fake", "--folder", "x")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "agent_id: set exactly one of agent_id and assistant_id")
	assert.Contains(t, errOut, "project_id: is required with folder_path")
}

func TestAlertCommands(t *testing.T) {
	setup := productionCalls(t)
	code, out, errOut := runApp(t, setup, "alerts", "review", "--fake", "--project", "1376")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^total_fires +1$`, out)
	assert.Regexp(t, `(?m)^timeline +\[24 items\]$`, out)
	code, out, errOut = runApp(t, setup, "alerts", "review", "1", "--fake", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"trigger_count": 1`)
	code, out, _ = runApp(t, setup, "alerts", "review", "1", "--fake", "-o", "yaml")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "name: Calls failing")
	code, _, errOut = runApp(t, setup, "alerts", "review", "1", "--fake", "--hours", "500")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "hours: is 500")

	code, out, errOut = runApp(t, setup, "alerts", "summarize", "1", "--fake", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^status +completed$`, out)
	assert.Contains(t, out, "Calls failing fired 1 time")
	code, out, errOut = runApp(t, setup, "alerts", "summarize", "1", "--fake", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var sum struct {
		ProgressID string `json:"progress_id"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sum))
	require.NotEmpty(t, sum.ProgressID)
	code, out, errOut = runApp(t, func(s *cekuratest.Server) {
		setup(s)
		_, err := s.Client().Alerts.Summarize(context.Background(), 1, nil)
		require.NoError(t, err)
	}, "alerts", "summary", sum.ProgressID, "--fake", "--wait")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "completed")

	// A summary that ends in error is printed, and exits 2.
	code, out, errOut = runApp(t, func(s *cekuratest.Server) {
		setup(s)
		s.AddAlert(cekuratest.Alert{Name: "Quiet", ProjectID: 99})
	}, "alerts", "summarize", "2", "--fake", "--wait")
	assert.Equal(t, exitError, code)
	assert.Regexp(t, `(?m)^status +error$`, out)
	assert.Contains(t, errOut, "ended in error")

	code, out, errOut = runApp(t, setup, "alerts", "fires", "--fake", "--project", "1376")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^ALERT +FIRES\n1 +1$`, out)
	code, out, _ = runApp(t, setup, "alerts", "fires", "--fake", "--project", "1376", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.JSONEq(t, `{"1": 1}`, out)
	code, _, errOut = runApp(t, setup, "alerts", "fires", "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "project_id: is required")
	code, _, errOut = runApp(t, setup, "alerts", "frobnicate", "--fake")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
}
