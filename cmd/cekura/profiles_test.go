package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTestProfilesCommands(t *testing.T) {
	fake, env := fixedFake(t)
	code, out, errOut := cli(t, env, "test-profiles", "create", "--agent", "1", "--name", "Gold member",
		"--agent-var", "customer_id=C-1042", "--agent-var", "visits=3", "--caller-var", "name=Jane Doe", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var p cekura.TestProfile
	require.NoError(t, json.Unmarshal([]byte(out), &p))
	assert.Equal(t, map[string]any{"customer_id": "C-1042", "visits": float64(3)}, p.Information.AgentVariables, "a JSON value, else a string")
	assert.Equal(t, map[string]any{"name": "Jane Doe"}, p.Information.CallerVariables)

	code, out, errOut = cli(t, env, "test-profiles", "list", "--agent", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `1\s+Gold member\s+1\s+-\s+2 for the agent, 1 for the caller`, out)
	code, out, errOut = cli(t, env, "test-profiles", "update", "1", "--name", "Platinum member", "--caller-var", "name=John")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "0 for the agent, 1 for the caller", "the variables are replaced, both sections")
	code, out, errOut = cli(t, env, "test-profiles", "get", "1", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "name: Platinum member")

	for _, args := range [][]string{
		{"test-profiles", "list"}, // agent or project required: refused before sending
		{"test-profiles", "create", "--name", "x", "--agent-var", "nokey"}, // not KEY=VALUE
		{"test-profiles", "create", "--name", "x", "--agent", "1", "--agent-var", "X-Run-Id=1"},
		{"test-profiles", "delete", "1"}, // not a terminal, no --yes
	} {
		code, _, errOut := cli(t, env, args...)
		assert.Equal(t, exitError, code, "%v", args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
	code, _, errOut = cli(t, env, "test-profiles", "delete", "1", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "deleted test profile 1")
	assert.Empty(t, fake.TestProfiles())
}

func TestCronCommands(t *testing.T) {
	fake, env := fixedFake(t)
	code, out, errOut := cli(t, env, "cron", "create", "--name", "Weekday smoke", "--agent", "1", "--tags", "smoke",
		"--crontab", "0 9 * * MON-FRI", "--timezone", "America/New_York", "--notify-on", "failure")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `1\s+Weekday smoke\s+1\s+0 9 \* \* MON-FRI America/New_York\s+tags smoke\s+true`, out)

	code, _, errOut = cli(t, env, "cron", "pause", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "paused schedule 1")
	code, out, errOut = cli(t, env, "cron", "get", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"is_active": false`)
	code, _, errOut = cli(t, env, "cron", "resume", "1")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut = cli(t, env, "cron", "update", "1", "--crontab", "0 8 * * 1-5")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `0 8 \* \* 1-5 America/New_York\s+tags smoke\s+true`, out)
	code, out, errOut = cli(t, env, "cron", "list", "--agent", "1", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "crontab_expression: 0 8 * * 1-5")

	sent := len(fake.Requests())
	code, _, errOut = cli(t, env, "cron", "create", "--scenarios", "1", "--crontab", "0 24 * * 1-8", "--timezone", "America/New_Yrok")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "hour: 24 is out of range")
	assert.Contains(t, errOut, "America/New_Yrok")
	assert.Len(t, fake.Requests(), sent, "refused before sending")

	code, _, errOut = cli(t, env, "cron", "delete", "1", "-y")
	require.Equal(t, exitOK, code, errOut)
	code, _, _ = cli(t, env, "cron", "pause", "1")
	assert.Equal(t, exitError, code, "no such schedule")
}
