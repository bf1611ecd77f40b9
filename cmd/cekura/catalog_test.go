package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPersonalitiesCommands(t *testing.T) {
	fake, env := fixedFake(t)

	code, out, errOut := cli(t, env, "personalities", "list", "--language", "en")
	require.Equal(t, exitOK, code, errOut)
	golden(t, "personalities-list-table", out)

	code, out, errOut = cli(t, env, "personalities", "create", "--project", "1376", "--name", "Hesitant caller", "--language", "en",
		"--background-noise", "cafe", "--voice-model", "sonic-3.5", "--provider", "cartesia", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var created cekura.Personality
	require.NoError(t, json.Unmarshal([]byte(out), &created))
	assert.Equal(t, int64(5), created.ID)
	assert.Equal(t, cekura.VoiceProviderCartesia, created.Provider)

	// The voice-layer plans from a file.
	file := filepath.Join(t.TempDir(), "voice.yaml")
	require.NoError(t, os.WriteFile(file, []byte("stop_speaking_plan:\n  num_words: 2\n  voice_seconds: 0.2\n  backoff_seconds: 1\nstart_speaking_plan: 0.5\nspeed: fast\n"), 0o600))
	code, out, errOut = cli(t, env, "personalities", "update", "5", "-f", file, "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "num_words: 2")
	assert.Contains(t, out, "start_speaking_plan: 0.5")
	code, out, errOut = cli(t, env, "personalities", "update", "5", "--interruption-level", "low", "--language", "fr")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Hesitant caller  fr")
	code, out, errOut = cli(t, env, "personalities", "get", "5", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"interruption_level": "low"`)

	// A global personality: refused by the API, forked instead.
	code, _, errOut = cli(t, env, "personalities", "update", "2", "--speed", "fast")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "403")
	assert.Contains(t, errOut, "fork one into your project first")
	code, out, errOut = cli(t, env, "personalities", "fork", "2", "--project", "1376", "--prompt", "You are in a hurry.")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `6\s+Impatient Female\s+en\s+standard\s+1376\s+2`, out)
	code, out, errOut = cli(t, env, "personalities", "list", "--project", "1376", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var listed []cekura.Personality
	require.NoError(t, json.Unmarshal([]byte(out), &listed))
	assert.Len(t, listed, 6, "the four global ones and the project's two")

	// Refused before sending, every problem on one line.
	sent := len(fake.Requests())
	code, _, errOut = cli(t, env, "personalities", "create", "--name", "x", "--provider", "openai")
	assert.Equal(t, exitError, code)
	assert.Equal(t, `cekura: invalid request: background_noise: is required; voice_model: is required; provider: "openai" is not one of 11labs, cartesia`, strings.TrimSpace(errOut))
	code, _, errOut = cli(t, env, "personalities", "fork", "x")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"x" is not an id`)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")

	// --fake works with no account.
	code, out, errOut = cli(t, nil, "personalities", "list", "--fake", "--language", "fr")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Calme")
	assert.NotContains(t, out, "Normal Male")
}

func TestTestSetsCommands(t *testing.T) {
	fake, env := fixedFake(t)
	ctx := context.Background()
	c := fake.Client()
	_, err := c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Confirms the refund", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeBinary,
		AgentIDs: []int64{1}, Prompt: "Did it?"})
	require.NoError(t, err)
	_, err = c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Mood", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeEnum,
		EnumValues: []string{"calm", "angry"}, AgentIDs: []int64{1}, Prompt: "Mood?"})
	require.NoError(t, err)
	transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Refund, please.", EndTime: 4})
	require.NoError(t, err)
	call, err := c.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "prod-1", AgentID: 1, Transcript: transcript})
	require.NoError(t, err)

	code, out, errOut := cli(t, env, "test-sets", "create-from-call", id(call.ID), "--name", "Refund call", "--metric", "1=5", "--metric", "2=calm")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `1\s+Refund call\s+CallLog 1\s+1\s+Confirms the refund, Mood`, out)
	set := fake.TestSets()[0]
	assert.Equal(t, float64(5), set.MetricReviews[0].ExpectedValue, "a JSON value")
	assert.Equal(t, "calm", set.MetricReviews[1].ExpectedValue, "else a string")

	file := filepath.Join(t.TempDir(), "labels.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"metrics": [{"metric": 1, "expected_value": 0, "feedback": "it did not"}]}`), 0o600))
	code, out, errOut = cli(t, env, "test-sets", "create-from-call", id(call.ID), "-f", file, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"source_id": 1`)

	for _, args := range [][]string{
		{"test-sets", "create-from-call", "1", "--metric", "x=1"},    // not an id
		{"test-sets", "create-from-call", "1"},                       // no metric: refused before sending
		{"test-sets", "create-from-run", "99", "--metric", "1"},      // no such run: the API's 400
		{"test-sets", "create-from-call", "1", "-f", "missing.json"}, // no file
	} {
		code, _, errOut := cli(t, env, args...)
		assert.Equal(t, exitError, code, "%v", args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
	code, _, errOut = cli(t, env, "test-sets", "create-from-call", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "metrics: is required: at least one metric to review")
}

func TestPhoneNumbersAndToolsCommands(t *testing.T) {
	fake, env := fixedFake(t)
	ctx := context.Background()
	tool := []cekura.MockToolWrite{{Name: "get_order", Description: "Looks an order up", MockData: json.RawMessage(`[]`)}}
	for _, n := range []int64{1, 2} {
		_, err := fake.Client().Agents.Update(ctx, n, &cekura.UpdateAgentRequest{ProjectID: cekura.Some[int64](1376), MockTools: cekura.Some(tool)})
		require.NoError(t, err)
	}

	code, out, errOut := cli(t, env, "phone-numbers", "list-inbound")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `ID\s+NUMBER\s+PHONE NUMBER ID\n1\s+\+14155550100\s+PN0+1\n`, out)
	code, out, errOut = cli(t, nil, "phone-numbers", "list-inbound", "--fake", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"number": "+14155550101"`)

	code, out, errOut = cli(t, env, "tools", "list", "--project", "1376", "--search", "c_order")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `1\s+get_order\s+2\s+direct\s+Looks an order up`, out)
	code, out, errOut = cli(t, env, "tools", "get", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"is_shared": true`)
	code, out, errOut = cli(t, env, "tools", "list", "--agent", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "ID  NAME  AGENTS  SERVED VIA  DESCRIPTION\n", out, "the agent has it already")
	code, _, _ = cli(t, env, "tools", "get", "9")
	assert.Equal(t, exitError, code)
	code, out, _ = cli(t, nil, "tools", "list", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "--search")
	assert.Contains(t, out, "could adopt")
}
