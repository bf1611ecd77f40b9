package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// cli runs the command line in-process and returns its exit code and output.
func cli(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(context.Background(), args, &out, &errOut, lookup)
	return code, out.String(), errOut.String()
}

// fixedFake is a fake with a fixed clock and known data, for golden output.
func fixedFake(t *testing.T) (*cekuratest.Server, map[string]string) {
	t.Helper()
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	fake := cekuratest.New(t, cekuratest.WithClock(func() time.Time { return at }), cekuratest.WithAgents(
		&cekura.CreateAgentRequest{Name: "Support Bot", Description: "Answers support calls", Telephony: &cekura.Telephony{PhoneNumber: "+14155551234", Inbound: true},
			Provider: &cekura.Provider{Type: cekura.ProviderVapi, AgentID: "asst_1"}},
		&cekura.CreateAgentRequest{Name: "Sales Bot", Description: "Sells", Language: cekura.LanguageFrench},
	))
	env := map[string]string{"CEKURA_API_KEY": fake.APIKey(), "CEKURA_BASE_URL": fake.URL(), "CEKURA_CONFIG": filepath.Join(t.TempDir(), "none.toml")}
	return fake, env
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/cekura -update to create it")
	assert.Equal(t, string(want), got)
}

func TestListOutputsAreStable(t *testing.T) {
	_, env := fixedFake(t)
	for _, format := range []string{"table", "json", "yaml"} {
		code, out, errOut := cli(t, env, "agents", "list", "--format", format)
		require.Equal(t, exitOK, code, errOut)
		golden(t, "agents-list-"+format, out)
	}
	code, out, _ := cli(t, env, "agents", "get", "2", "-o", "json")
	require.Equal(t, exitOK, code)
	golden(t, "agents-get-json", out)
}

func TestExitCodesAndTheJUnitReport(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "out.xml")
	code, out, errOut := cli(t, nil, "run", "--fake", "--wait", "--junit", report)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "PASSED")
	suites := readJUnit(t, report)
	require.Len(t, suites.Suites, 1)
	assert.Equal(t, 3, suites.Suites[0].Tests)
	assert.Equal(t, 0, suites.Suites[0].Failures)

	code, out, _ = cli(t, nil, "run", "--fake", "--fake-fail", "--wait", "--junit", report)
	assert.Equal(t, exitFailed, code, "a failed verdict exits 1")
	assert.Contains(t, out, "FAILED")
	suites = readJUnit(t, report)
	s := suites.Suites[0]
	assert.Equal(t, 3, s.Tests)
	assert.Equal(t, 1, s.Failures)
	var failed []junitCase
	for _, c := range s.Cases {
		if c.Failure != nil {
			failed = append(failed, c)
		}
	}
	require.Len(t, failed, 1)
	assert.Contains(t, failed[0].Name, "Order status")
	assert.Contains(t, failed[0].Failure.Message, "never confirmed the order")

	for _, args := range [][]string{
		{"run", "--fake", "--junit", report},                    // --junit without --wait
		{"run", "--fake", "--scenarios", "x"},                   // not an id
		{"agents", "get", "99", "--fake"},                       // 404
		{"agents", "list", "--fake", "--format", "xml"},         // bad format
		{"agents", "frobnicate"},                                // unknown command
		{"agents", "list", "--api-key", ""},                     // no key
		{"run", "--fake", "--agent", "1", "--transport", "fax"}, // refused before sending
	} {
		code, _, errOut := cli(t, map[string]string{"CEKURA_CONFIG": filepath.Join(dir, "none.toml")}, args...)
		assert.Equal(t, exitError, code, "%v", args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
}

func TestTheJUnitReportIsCheckedFirstAndWrittenOnTimeout(t *testing.T) {
	dir := t.TempDir()
	// A path that cannot be written fails before anything starts.
	code, _, errOut := cli(t, nil, "run", "--fake", "--wait", "--junit", filepath.Join(dir, "missing", "out.xml"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--junit")
	assert.NotContains(t, errOut, "started result", "nothing was started")

	// A run that never ends: --timeout ends the wait, and the report says
	// which runs finished and that there was no verdict.
	report := filepath.Join(dir, "out.xml")
	var out, errBuf bytes.Buffer
	a := &app{out: &out, errOut: &errBuf, env: func(string) (string, bool) { return "", false }, isTerm: func(io.Writer) bool { return false },
		fakeSetup: func(s *cekuratest.Server) { s.Script(cekuratest.Outcome{Never: true}) }}
	code = a.execute(context.Background(), []string{"run", "--fake", "--wait", "--junit", report, "--timeout", "10m"})
	assert.Equal(t, exitError, code, errBuf.String())
	assert.Contains(t, errBuf.String(), "deadline exceeded")
	s := readJUnit(t, report).Suites[0]
	assert.Equal(t, 4, s.Tests, "three runs and the result")
	assert.Equal(t, 4, s.Failures, "no run finished, and there is no verdict")
	last := s.Cases[len(s.Cases)-1]
	require.NotNil(t, last.Failure)
	assert.Contains(t, last.Failure.Message, "no verdict")
	assert.Contains(t, s.Cases[0].Failure.Message, "had not finished")
	left, err := filepath.Glob(filepath.Join(dir, ".out.xml.*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file is left behind")
}

func readJUnit(t *testing.T, path string) junitSuites {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var s junitSuites
	require.NoError(t, xml.Unmarshal(b, &s), "the report is XML")
	return s
}

func TestProgressOnATerminalAndInLogs(t *testing.T) {
	var out, errOut bytes.Buffer
	a := &app{out: &out, errOut: &errOut, env: func(string) (string, bool) { return "", false }, isTerm: func(io.Writer) bool { return true }}
	require.Equal(t, exitOK, a.execute(context.Background(), []string{"run", "--fake", "--wait"}))
	assert.Contains(t, errOut.String(), "\r[##############################] 3/3 runs done", "a bar redrawn in place")

	_, _, plain := cli(t, nil, "run", "--fake", "--wait")
	assert.NotContains(t, plain, "\r")
	assert.Contains(t, plain, "evaluating: 0/3 runs done\ncompleted: 3/3 runs done\n", "one line per change")
}

func TestConfigPrecedenceAndTheKeyIsNeverPrinted(t *testing.T) {
	fake, _ := fixedFake(t)
	cfgPath := filepath.Join(t.TempDir(), "config.toml")
	env := map[string]string{"CEKURA_CONFIG": cfgPath}
	code, _, _ := cli(t, env, "config", "set", "api_key", fake.APIKey())
	require.Equal(t, exitOK, code)
	code, _, _ = cli(t, env, "config", "set", "base_url", fake.URL())
	require.Equal(t, exitOK, code)
	code, out, errOut := cli(t, env, "config", "get", "api_key")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "[REDACTED] (set)\n", out)
	assert.NotContains(t, out+errOut, fake.APIKey())
	info, err := os.Stat(cfgPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the key's file is its owner's only")
	require.NoError(t, os.Chmod(cfgPath, 0o644)) // a file another tool left readable by all
	code, _, _ = cli(t, env, "config", "set", "api_key", fake.APIKey())
	require.Equal(t, exitOK, code)
	info, err = os.Stat(cfgPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "an existing file is made its owner's only")

	code, _, errOut = cli(t, env, "agents", "list")
	assert.Equal(t, exitOK, code, "the config file's key: %s", errOut)
	env["CEKURA_API_KEY"] = "sk_wrong"
	code, _, errOut = cli(t, env, "agents", "list")
	assert.Equal(t, exitError, code, "the environment wins over the file")
	assert.Contains(t, errOut, "401")
	assert.NotContains(t, errOut, "sk_wrong")
	code, _, _ = cli(t, env, "agents", "list", "--api-key", fake.APIKey())
	assert.Equal(t, exitOK, code, "the flag wins over the environment")
	code, _, errOut = cli(t, env, "config", "set", "colour", "blue")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "unknown setting")
}

func TestTheConfigFileIsReadAsTOML(t *testing.T) {
	fake, _ := fixedFake(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.toml")
	env := map[string]string{"CEKURA_CONFIG": cfgPath}
	// What the Python CLI, or a person, may write: comments after values,
	// a literal string, the Python SDK's api_url, and tables of its own.
	file := "# written by hand\n" +
		"api_key = '" + fake.APIKey() + "'   # the literal string's quotes are not the key's\n" +
		"api_url = \"" + fake.URL() + "\" # the Python SDK's name for base_url\n" +
		"\n[auth]\napi_key = \"sk_oauth_session\"  # a table's key is not the top-level key\nexpires = 2026-12-01T00:00:00Z\n"
	require.NoError(t, os.WriteFile(cfgPath, []byte(file), 0o600))
	code, out, errOut := cli(t, env, "agents", "list", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Support Bot")
	code, out, _ = cli(t, env, "config", "get", "base_url")
	require.Equal(t, exitOK, code)
	assert.Equal(t, fake.URL()+"\n", out)

	// set keeps everything else the file holds.
	code, _, errOut = cli(t, env, "config", "set", "base_url", fake.URL())
	require.Equal(t, exitOK, code, errOut)
	var doc map[string]any
	_, err := toml.DecodeFile(cfgPath, &doc)
	require.NoError(t, err)
	assert.Equal(t, fake.APIKey(), doc["api_key"])
	assert.Equal(t, fake.URL(), doc["base_url"])
	assert.NotContains(t, doc, "api_url", "one name for the setting from now on")
	auth, ok := doc["auth"].(map[string]any)
	require.True(t, ok, "the [auth] table is kept: %v", doc)
	assert.Equal(t, "sk_oauth_session", auth["api_key"])
	assert.Contains(t, auth, "expires")

	// CEKURA_API_URL, the Python SDK's variable, is read too.
	require.NoError(t, os.WriteFile(cfgPath, []byte("api_key = \""+fake.APIKey()+"\"\n"), 0o600))
	code, _, errOut = cli(t, map[string]string{"CEKURA_CONFIG": cfgPath, "CEKURA_API_URL": fake.URL()}, "agents", "list")
	assert.Equal(t, exitOK, code, errOut)

	// A file that is not TOML: the line, never the key.
	require.NoError(t, os.WriteFile(cfgPath, []byte("base_url = \"x\"\napi_key = sk_s3cr3t_bare\n"), 0o600))
	code, _, errOut = cli(t, env, "agents", "list")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "line 2")
	assert.NotContains(t, errOut, "s3cr3t")
	require.NoError(t, os.WriteFile(cfgPath, []byte("api_key = 42\n"), 0o600))
	code, _, errOut = cli(t, env, "config", "get", "base_url")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "api_key must be a string")

	// A refused base URL never shows a token it carries.
	code, _, errOut = cli(t, map[string]string{"CEKURA_CONFIG": filepath.Join(dir, "none.toml"), "CEKURA_API_KEY": "k"},
		"agents", "list", "--base-url", "https://api.example/?token=s3cr3t")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "base URL")
	assert.NotContains(t, errOut, "s3cr3t")
}

func TestCreateAndUpdateFromFilesAndFlags(t *testing.T) {
	fake, env := fixedFake(t)
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "agent.yaml")
	require.NoError(t, os.WriteFile(yamlFile, []byte("name: From YAML\ndescription: made from a file\nlanguage: de\ntelephony:\n  phone_number: \"+4930123456\"\n"), 0o644))
	code, out, errOut := cli(t, env, "agents", "create", "-f", yamlFile, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"name": "From YAML"`)
	code, _, errOut = cli(t, env, "agents", "create", "--name", "Flags", "--description", "d", "--phone", "+14155550000")
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = cli(t, env, "agents", "update", "3", "--name", "Renamed")
	require.Equal(t, exitOK, code, errOut)
	agents := fake.Agents()
	require.Len(t, agents, 4)
	assert.Equal(t, "Renamed", agents[2].Name)
	assert.Equal(t, cekura.LanguageGerman, agents[2].Language)

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"name": "x", "descriptoin": "typo"}`), 0o644))
	code, _, errOut = cli(t, env, "agents", "create", "-f", bad)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "descriptoin", "an unknown key in the file is named")
	code, _, errOut = cli(t, env, "agents", "update", "3")
	assert.Equal(t, exitError, code, "an update that sets nothing")
	assert.Contains(t, errOut, "sets no field")
}

func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	a := &app{out: io.Discard, errOut: io.Discard}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.Hidden && c.Name() != "help" && c.Name() != "completion" && !strings.HasPrefix(c.Parent().CommandPath()+" ", "cekura completion ") {
			assert.NotEmpty(t, c.Example, "cekura %s has no example", c.CommandPath())
			assert.NotEmpty(t, c.Short, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	root := a.rootCommand()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		walk(c)
	}
	code, out, _ := cli(t, nil, "completion", "bash")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "bash completion")
	code, out, _ = cli(t, nil, "run", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "--junit")
	assert.Contains(t, out, "Examples:")
}

// TestTheBinary builds cekura and runs it as a user would, for the exit
// codes a CI system sees.
func TestTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "cekura")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	for args, want := range map[string]int{
		"run --fake --wait":             exitOK,
		"run --fake --fake-fail --wait": exitFailed,
		"agents get 42 --fake":          exitError,
	} {
		cmd := exec.Command(bin, strings.Fields(args)...)
		cmd.Env = []string{"HOME=" + t.TempDir()}
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		assert.Equal(t, want, code, args)
	}
}

func TestCallsAndMetricsCommands(t *testing.T) {
	fake, env := fixedFake(t)
	_, err := fake.Client().Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "call_42", Agent: 1, VoiceRecordingURL: "https://rec.example/42.wav"})
	require.NoError(t, err)
	code, out, errOut := cli(t, env, "calls", "list", "--agent", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "call_42")
	code, out, _ = cli(t, env, "calls", "get", "1", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"call_id": "call_42"`)
	code, _, errOut = cli(t, env, "metrics", "create", "--name", "Greets", "--description", "Did it greet?")
	require.Equal(t, exitOK, code, errOut)
	code, out, _ = cli(t, env, "metrics", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Greets")
	code, _, _ = cli(t, env, "metrics", "delete", "1")
	require.Equal(t, exitOK, code)
	code, _, _ = cli(t, env, "calls", "delete", "1")
	require.Equal(t, exitOK, code)
	code, _, errOut = cli(t, env, "calls", "get", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
}
