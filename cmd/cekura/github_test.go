package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura/cekuratest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jobEnv is a GitHub Actions job's environment, with its summary and
// output files in a temporary folder and the repository as the workspace.
func jobEnv(t *testing.T) (env map[string]string, summary, outputs string) {
	t.Helper()
	dir := t.TempDir()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	summary, outputs = filepath.Join(dir, "summary.md"), filepath.Join(dir, "output")
	return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs,
		"GITHUB_WORKSPACE": root, "CEKURA_CONFIG": filepath.Join(dir, "none.toml")}, summary, outputs
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestInGitHubActionsFailuresAreAnnotatedSummarizedAndOutput(t *testing.T) {
	env, summary, outputs := jobEnv(t)
	code, _, errOut := runAppEnv(t, env, failLate, "test", "--fake", "--wait", smokeYAML)
	assert.Equal(t, exitFailed, code)
	// Each failed case on its line of the file (line 23: "- key: refund-too-late").
	assert.Contains(t, errOut, "::error file=examples/suites/smoke.yaml,line=23,title=cekura%3A refund-too-late (1 of 2) failed::run 2 (completed): metric \"Expected Outcome\" failed: the agent refunded a 45-day-old order\n")
	assert.Contains(t, errOut, "::error file=examples/suites/smoke.yaml,line=23,title=cekura%3A refund-too-late (2 of 2) failed::run 3 (completed): ")
	assert.Equal(t, 2, strings.Count(errOut, "::error"))
	md := readFile(t, summary)
	assert.Contains(t, md, "### ❌ Cekura: Support smoke failed\n")
	assert.Contains(t, md, "[Result 1](http")
	assert.Contains(t, md, "1 of 3 runs succeeded")
	assert.Contains(t, md, "| refund-happy-path | 1 | ✅ completed |  |\n")
	assert.Contains(t, md, "| refund-too-late (1 of 2) | 2 | ❌ completed | metric \"Expected Outcome\" failed: the agent refunded a 45-day-old order |\n")
	out := readFile(t, outputs)
	assert.True(t, strings.HasPrefix(out, "result_id=1\nresult_url=http"), "%q", out)
	assert.Equal(t, 2, strings.Count(out, "\n"))

	// cekura run: annotations without a file; the summary appended.
	code, _, errOut = runAppEnv(t, env, nil, "run", "--fake", "--fake-fail", "--wait")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "::error title=cekura%3A Order status (run 2) failed::run 2 (completed): metric \"Expected Outcome\" failed: the agent never confirmed the order")
	md = readFile(t, summary)
	assert.Equal(t, 2, strings.Count(md, "### "), "appended, not replaced")

	// A passing run: a summary that says so, no annotation.
	code, _, errOut = runAppEnv(t, env, nil, "test", "--fake", "--wait", smokeJSON)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "::error")
	assert.Contains(t, readFile(t, summary), "### ✅ Cekura: Support smoke passed")
}

func TestInGitHubActionsASuitesProblemsAreAnnotatedOnTheirLines(t *testing.T) {
	env, summary, _ := jobEnv(t)
	bad := filepath.Join(env["GITHUB_WORKSPACE"], "cmd", "cekura", "testdata", "bad-suite.yaml")
	code, _, errOut := runAppEnv(t, env, nil, "test", "--fake", "--dry-run", bad)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "::error file=cmd/cekura/testdata/bad-suite.yaml,line=5,title=cekura%3A scenarios[1].name::is required (1 to 80 characters) (line 5)\n")
	assert.Contains(t, errOut, "::error file=cmd/cekura/testdata/bad-suite.yaml,line=7,title=cekura%3A scenarios[2].instructions::")
	_, err := os.Stat(summary)
	assert.ErrorIs(t, err, os.ErrNotExist, "no plan, no summary")

	code, _, errOut = runAppEnv(t, env, nil, "test", "--fake", "--dry-run", smokeYAML)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, readFile(t, summary), "### Cekura dry run: Support smoke\n\n2 cases, 3 runs, estimated cost 1.50 credits")
}

func TestOutsideGitHubActionsNothingChanges(t *testing.T) {
	env, summary, outputs := jobEnv(t)
	env["GITHUB_ACTIONS"] = "" // a job environment copied elsewhere
	code, _, errOut := runAppEnv(t, env, failLate, "test", "--fake", "--wait", smokeYAML)
	assert.Equal(t, exitFailed, code)
	assert.NotContains(t, errOut, "::")
	for _, p := range []string{summary, outputs} {
		_, err := os.Stat(p)
		assert.ErrorIs(t, err, os.ErrNotExist)
	}
}

func TestWorkflowCommandsAreEscaped(t *testing.T) {
	var b strings.Builder
	g := &githubActions{w: &b, workspace: "/repo"}
	g.command("error", "a,b:c.yaml", 3, "t: 100%, done", "line one\nline two 50%\r")
	assert.Equal(t, "::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A 100%25%2C done::line one line two 50%25\n", b.String(), "one line, escaped")
	assert.Equal(t, "a%0Ab%0D%25", escapeData("a\nb\r%"))
	assert.Equal(t, "", g.relative("/elsewhere/x.yaml"), "a file outside the workspace is not named")
	assert.Equal(t, "", g.relative("-"))
	assert.Equal(t, "| a \\| b |", "| "+mdCell("a |\n b")+" |")
}

// The result's link anyone can open expires (30 days by default), and
// --share-link-ttl 0 makes none.
func TestTheResultsLinkExpires(t *testing.T) {
	env, _, outputs := jobEnv(t)
	var fake *cekuratest.Server
	keep := func(s *cekuratest.Server) { fake = s }
	code, _, errOut := runAppEnv(t, env, keep, "test", "--fake", smokeYAML)
	require.Equal(t, exitOK, code, errOut)
	var body string
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, "/create_shareable_link_token/") {
			body = string(r.Body)
		}
	}
	var req struct {
		ExpireAt time.Time `json:"expire_at"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &req), body)
	assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), req.ExpireAt, time.Hour) // a bound on the expiry, not a timing
	assert.Contains(t, readFile(t, outputs), "result_url=")

	require.NoError(t, os.Remove(outputs))
	code, _, errOut = runAppEnv(t, env, keep, "run", "--fake", "--share-link-ttl", "0")
	require.Equal(t, exitOK, code, errOut)
	for _, r := range fake.Requests() {
		assert.NotContains(t, r.Path, "create_shareable_link_token")
	}
	assert.Equal(t, "result_id=1\n", readFile(t, outputs))
}
