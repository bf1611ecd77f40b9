package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
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
			Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_1"}},
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
	require.NoError(t, err, "run go test . -update (in cmd/cekura) to create it")
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
	code, _, errOut = runApp(t, func(s *cekuratest.Server) { s.Script(cekuratest.Outcome{Never: true}) },
		"run", "--fake", "--wait", "--junit", report, "--timeout", "10m")
	assert.Equal(t, exitError, code, errOut)
	assert.Contains(t, errOut, "deadline exceeded")
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

// runApp runs the command line in-process with the fake scripted by setup.
func runApp(t *testing.T, setup func(*cekuratest.Server), args ...string) (int, string, string) {
	t.Helper()
	return runAppEnv(t, nil, setup, args...)
}

// runAppEnv is runApp with an environment.
func runAppEnv(t *testing.T, env map[string]string, setup func(*cekuratest.Server), args ...string) (int, string, string) {
	t.Helper()
	var out, errBuf bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	a := &app{out: &out, errOut: &errBuf, env: lookup, isTerm: func(io.Writer) bool { return false }, fakeSetup: setup}
	code := a.execute(context.Background(), args)
	return code, out.String(), errBuf.String()
}

func TestTheJUnitPathIsNeverReplacedByMistake(t *testing.T) {
	dir := t.TempDir()
	// A directory is refused before anything starts.
	code, _, errOut := cli(t, nil, "run", "--fake", "--wait", "--junit", dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "is a directory")
	assert.NotContains(t, errOut, "started result")

	// A symbolic link keeps being a link: the file it names gets the report.
	target := filepath.Join(dir, "target.xml")
	link := filepath.Join(dir, "link.xml")
	require.NoError(t, os.Symlink(target, link))
	code, _, errOut = cli(t, nil, "run", "--fake", "--wait", "--junit", link)
	require.Equal(t, exitOK, code, "a link to a report not made yet: %s", errOut)
	assert.Equal(t, 3, readJUnit(t, target).Suites[0].Tests, "the report is made where the link points")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	code, _, errOut = cli(t, nil, "run", "--fake", "--wait", "--junit", link)
	require.Equal(t, exitOK, code, errOut)
	li, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, li.Mode()&os.ModeSymlink, "the link is still a link")
	assert.Equal(t, 3, readJUnit(t, target).Suites[0].Tests, "its target has the report")

	// A named pipe is written to, not replaced (as /dev/stdout would be).
	fifo := filepath.Join(dir, "pipe.xml")
	ok, err := mkfifo(fifo)
	require.NoError(t, err)
	if !ok {
		return
	}
	got := make(chan []byte, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // opens once the report is written
		got <- b
	}()
	code, _, errOut = cli(t, nil, "run", "--fake", "--wait", "--junit", fifo)
	require.Equal(t, exitOK, code, errOut)
	var s junitSuites
	require.NoError(t, xml.Unmarshal(<-got, &s))
	assert.Equal(t, 3, s.Suites[0].Tests)
	fi, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeNamedPipe, "still a pipe")
}

func TestTheJUnitReportIsWrittenWhenTheFirstPollFails(t *testing.T) {
	report := filepath.Join(t.TempDir(), "out.xml")
	code, _, errOut := runApp(t, func(s *cekuratest.Server) {
		s.Fail(cekuratest.Fault{Method: "GET", Path: "/test_framework/v2/results/*", Status: 404, Times: 10})
	}, "run", "--fake", "--wait", "--junit", report)
	assert.Equal(t, exitError, code, errOut)
	s := readJUnit(t, report).Suites[0]
	assert.Equal(t, 4, s.Tests, "the started runs and the result")
	assert.Equal(t, 4, s.Failures)
	assert.Contains(t, s.Cases[3].Failure.Message, "no verdict")
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
	assert.Equal(t, fake.URL(), doc["api_url"], "set under the file's own name, which other tools read")
	assert.NotContains(t, doc, "base_url", "not a second name for the same setting")
	auth, ok := doc["auth"].(map[string]any)
	require.True(t, ok, "the [auth] table is kept: %v", doc)
	assert.Equal(t, "sk_oauth_session", auth["api_key"])
	assert.Contains(t, auth, "expires")

	// CEKURA_API_URL, the Python SDK's variable, is read too.
	require.NoError(t, os.WriteFile(cfgPath, []byte("api_key = \""+fake.APIKey()+"\"\n"), 0o600))
	code, _, errOut = cli(t, map[string]string{"CEKURA_CONFIG": cfgPath, "CEKURA_API_URL": fake.URL()}, "agents", "list")
	assert.Equal(t, exitOK, code, errOut)

	// A file that is not TOML: the line, never the key.
	require.NoError(t, os.WriteFile(cfgPath, []byte("base_url = \"x\"\napi_key = S3CR3Tkey9\n"), 0o600))
	code, _, errOut = cli(t, env, "agents", "list")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "line 2")
	assert.NotContains(t, errOut, "S3CR3T")
	assert.Contains(t, errOut, "in quotes", "what to do about it")

	// A config file linked from elsewhere stays a link after a set.
	dotfile := filepath.Join(dir, "dotfiles.toml")
	require.NoError(t, os.WriteFile(dotfile, []byte("api_key = \"k\"\n"), 0o600))
	linked := filepath.Join(dir, "linked.toml")
	require.NoError(t, os.Symlink(dotfile, linked))
	code, _, errOut = cli(t, map[string]string{"CEKURA_CONFIG": linked}, "config", "set", "base_url", "https://api.example")
	require.Equal(t, exitOK, code, errOut)
	li, err := os.Lstat(linked)
	require.NoError(t, err)
	assert.NotZero(t, li.Mode()&os.ModeSymlink)
	b, err := os.ReadFile(dotfile)
	require.NoError(t, err)
	assert.Contains(t, string(b), `base_url = "https://api.example"`)
	// A link to a config file not made yet: the file is made where it points.
	later := filepath.Join(dir, "later.toml")
	dangling := filepath.Join(dir, "dangling.toml")
	require.NoError(t, os.Symlink(later, dangling))
	code, _, errOut = cli(t, map[string]string{"CEKURA_CONFIG": dangling}, "config", "set", "base_url", "https://api.example")
	require.Equal(t, exitOK, code, errOut)
	li, err = os.Lstat(dangling)
	require.NoError(t, err)
	assert.NotZero(t, li.Mode()&os.ModeSymlink)
	fi, err := os.Stat(later)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	left, err := filepath.Glob(filepath.Join(dir, ".config.toml.*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file left")
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
		if !c.Hidden && c.Name() != "help" && !strings.HasPrefix(c.Parent().CommandPath()+" ", "cekura completion ") {
			assert.NotEmpty(t, c.Example, "cekura %s has no example", c.CommandPath())
			assert.NotEmpty(t, c.Short, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	root := a.rootCommand()
	addCompletion(root)
	for _, c := range root.Commands() {
		walk(c)
	}
	code, out, _ := cli(t, nil, "completion", "bash")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "bash completion")
	code, _, errOut := cli(t, nil, "completion", "nosh")
	assert.Equal(t, exitError, code, "an unknown shell is a usage error")
	assert.Contains(t, errOut, `unknown command "nosh"`)
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

	// SIGTERM (a CI job cancelled) ends the wait: the result's calls are
	// ended (the fake shows them cancelled), and the report is written and
	// says so; with --keep-running they are left running.
	if runtime.GOOS == "windows" {
		return
	}
	for _, tc := range []struct {
		args []string
		keep bool
	}{
		{[]string{"run", "--agent", "1", "--tags", "smoke"}, false},
		{[]string{"test", smokeYAML, "--agent", "1"}, false},
		{[]string{"test", smokeYAML, "--agent", "1", "--keep-running"}, true},
	} {
		fake := cekuratest.New(t)
		fake.Script(cekuratest.Outcome{Never: true})
		seedFake(fake)
		report := filepath.Join(t.TempDir(), "out.xml")
		cmd := exec.Command(bin, append(tc.args, "--wait", "--junit", report)...)
		cmd.Env = []string{"HOME=" + t.TempDir(), "CEKURA_API_KEY=" + fake.APIKey(), "CEKURA_BASE_URL=" + fake.URL()}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		giveUp := time.Now().Add(time.Minute)                             // a guard against a hang, not a measure
		for polled := false; !polled; time.Sleep(10 * time.Millisecond) { // until it waits
			require.True(t, time.Now().Before(giveUp), "the command never polled its result")
			for _, r := range fake.Requests() {
				polled = polled || (r.Method == "GET" && strings.HasPrefix(r.Path, "/test_framework/v2/results/"))
			}
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		err := cmd.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, exitError, ee.ExitCode(), tc.args)
		last := readJUnit(t, report).Suites[0].Cases
		msg := last[len(last)-1].Failure.Message
		assert.Contains(t, msg, "no verdict: ")
		assert.Contains(t, msg, "context canceled")
		res, err := fake.Client().Results.Get(context.Background(), 1)
		require.NoError(t, err)
		if tc.keep {
			assert.Contains(t, stderr.String(), "left result 1's calls running (--keep-running)")
			assert.NotEqual(t, cekura.RunStatusCancelled, res.Status, tc.args)
			continue
		}
		assert.Contains(t, stderr.String(), "ended result 1's calls still in progress")
		assert.Contains(t, msg, "ended result 1's calls")
		assert.Equal(t, cekura.RunStatusCancelled, res.Status, "%v: the fake shows the calls ended", tc.args)
	}
}

func TestCallsAndMetricsCommands(t *testing.T) {
	fake, env := fixedFake(t)
	_, err := fake.Client().Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "call_42", AgentID: 1, VoiceRecordingURL: "https://rec.example/42.wav"})
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
	code, _, _ = cli(t, env, "metrics", "delete", "1", "--yes")
	require.Equal(t, exitOK, code)
	code, _, _ = cli(t, env, "calls", "delete", "1", "--yes")
	require.Equal(t, exitOK, code)
	code, _, errOut = cli(t, env, "calls", "get", "1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
}

func TestTheJUnitReportCountsRunsTheResultDidNotSend(t *testing.T) {
	var r cekura.Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 5, "agent": 1, "status": "completed", "total_runs_count": 3,
		"runs": [{"id": 1, "status": "completed", "success": true, "scenario_name": "A"}, {"id": 2, "status": "completed", "scenario_name": "B", "error_message": "no answer"}, null]}`), &r))
	b, err := junitReport(cekura.NewVerdict(&r), time.Time{}, "", (&follow{}).labels(cekura.NewVerdict(&r)), "")
	require.NoError(t, err)
	var s junitSuites
	require.NoError(t, xml.Unmarshal(b, &s))
	suite := s.Suites[0]
	assert.Equal(t, 3, suite.Tests, "two runs and the result")
	assert.Equal(t, 2, suite.Failures, "run 2 and the run that was not sent")
	assert.Equal(t, "no answer", suite.Cases[1].Failure.Message)
	assert.Equal(t, "the API sent a run as null or unreadable", suite.Cases[2].Failure.Message)
}

func TestTheVerdictAsJSONIsOneSnakeCaseDocument(t *testing.T) {
	code, out, errOut := cli(t, nil, "run", "--fake", "--fake-fail", "--wait", "--format", "json")
	require.Equal(t, exitFailed, code, errOut)
	var doc struct {
		Passed     bool `json:"passed"`
		Total      int  `json:"total"`
		Succeeded  int  `json:"succeeded"`
		Unfinished int  `json:"unfinished"`
		Failures   []map[string]any
		Result     map[string]any `json:"result"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&doc), "one document: %s", out)
	assert.False(t, doc.Passed)
	assert.Equal(t, 3, doc.Total)
	assert.Equal(t, 2, doc.Succeeded)
	require.Len(t, doc.Failures, 1)
	assert.Contains(t, doc.Failures[0], "run_id")
	assert.Contains(t, doc.Failures[0]["reason"], "never confirmed the order")
	assert.Equal(t, float64(1), doc.Result["agent"])
}

func TestRunNamesItsOwnFlagsAndInsecureHTTPIsAFlag(t *testing.T) {
	env := map[string]string{"CEKURA_CONFIG": filepath.Join(t.TempDir(), "none.toml"), "CEKURA_API_KEY": "sk_x"}
	code, _, errOut := cli(t, env, "run", "--wait")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--agent is required")
	code, _, errOut = cli(t, env, "run", "--agent", "7")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--scenarios 1,2,3 or --tags")

	// Plain http to a host that is not loopback: refused, naming the flag;
	// with the flag, the request is made (and here finds nobody listening).
	code, _, errOut = cli(t, env, "agents", "list", "--base-url", "http://0.0.0.0:1")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--insecure-http")
	code, _, errOut = cli(t, env, "agents", "list", "--base-url", "http://0.0.0.0:1", "--insecure-http")
	assert.Equal(t, exitError, code)
	assert.NotContains(t, errOut, "base URL", "the address was accepted: %s", errOut)
	assert.Contains(t, errOut, "GET /test_framework/v2/aiagents/")
}

func TestTheVerdictTableNamesRunsTheResultDidNotSendWithoutARunID(t *testing.T) {
	var out bytes.Buffer
	a := &app{out: &out, format: "table"}
	v := cekura.NewVerdict(&cekura.Result{ID: 5, Status: cekura.RunStatusCompleted, TotalRuns: 2,
		Runs: []*cekura.Run{{ID: 1, Status: cekura.RunStatusCompleted, Success: true}}})
	require.NoError(t, printVerdict(a, v))
	assert.Equal(t, "FAILED  result 5 (completed): 1 of 2 runs failed\n  a run the API counted was not sent\n", out.String())
}
