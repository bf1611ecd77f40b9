// Command cekura is the Cekura API from a terminal and from CI: agents,
// scenarios, results and runs, and `cekura run`, which starts an agent's
// tests, waits for the verdict and exits 0 only when they passed.
//
//	go install github.com/cekura-go/cekura/cmd/cekura@latest
//	cekura run --fake --wait --junit out.xml     # try it with no account
//
// Exit codes: 0 success (tests passed), 1 tests failed, 2 usage or API
// error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/spf13/cobra"
)

func main() {
	// Ctrl-C or a CI job's SIGTERM ends the command's context, so that a
	// waiting `run` or `test` stops, ends the result's calls and still
	// writes its report. Once the first signal is in, the default handling
	// comes back: a second one kills the command at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the tests ran and did not pass
	exitError  = 2 // usage, configuration or API error
)

// errTestsFailed marks a run whose verdict did not pass.
var errTestsFailed = errors.New("tests failed")

// app holds what every command shares.
type app struct {
	out, errOut io.Writer
	env         func(string) (string, bool)
	// global flags
	apiKey, baseURL, format, configPath string
	fake, fakeFail, insecureHTTP        bool
	timeout                             time.Duration
	shareTTL                            time.Duration // run, test: how long a result's link works in GitHub Actions
	// made on first use
	client    *cekura.Client
	fakeSrv   *cekuratest.Server
	isTerm    func(w io.Writer) bool
	fakeSetup func(*cekuratest.Server) // tests script the fake
	// standard input, for the delete commands' question; tests give a
	// reader and say whether it is a terminal
	in       io.Reader
	inIsTerm func() bool
}

// run runs the command line and returns the exit code.
func run(ctx context.Context, args []string, out, errOut io.Writer, env func(string) (string, bool)) int {
	a := &app{out: out, errOut: errOut, env: env, isTerm: isTerminal,
		in: os.Stdin, inIsTerm: func() bool { return isTerminal(os.Stdin) }}
	return a.execute(ctx, args)
}

func (a *app) execute(ctx context.Context, args []string) int {
	defer func() {
		if a.fakeSrv != nil {
			a.fakeSrv.Close()
		}
	}()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	addCompletion(root)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errTestsFailed):
		return exitFailed
	case errors.Is(err, errReported): // printed already: a suite's problems, a failed job
		return exitError
	}
	fmt.Fprintln(a.errOut, oneLine(err))
	return exitError
}

// oneLine prints an error on one line, as the SDK words it.
func oneLine(err error) string {
	msg := textLine(err.Error())
	if !strings.HasPrefix(msg, "cekura") {
		msg = "cekura: " + msg
	}
	return msg
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "cekura",
		Short: "The Cekura API from a terminal and from CI",
		Long: `cekura manages AI voice agents and their test scenarios on Cekura, runs the
tests and reports the verdict (exit 0 passed, 1 failed, 2 usage or API error).

The API key comes from --api-key, else CEKURA_API_KEY, else the config file
(cekura config set api_key …). --fake runs every command against an
in-process fake of the API, with no account.`,
		Example: `  cekura agents list
  cekura run --agent 2142 --tags smoke --wait --junit report.xml
  cekura run --fake --wait --junit out.xml`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.apiKey, "api-key", "", "API key (default: CEKURA_API_KEY, then the config file)")
	pf.StringVar(&a.baseURL, "base-url", "", "API address (default: CEKURA_BASE_URL, then the config file, then "+cekura.DefaultBaseURL+")")
	pf.StringVarP(&a.format, "format", "o", "table", "output: table, json or yaml")
	pf.StringVar(&a.configPath, "config", "", "config file (default: CEKURA_CONFIG, then ~/.cekura/config.toml)")
	pf.BoolVar(&a.insecureHTTP, "insecure-http", false, "allow a plain http:// base URL to a host that is not loopback (a fake in docker-compose; never with a real key)")
	pf.BoolVar(&a.fake, "fake", false, "use an in-process fake of the API (no account needed)")
	pf.DurationVar(&a.timeout, "timeout", 30*time.Minute, "give up after this long (0: never)")
	root.AddCommand(
		a.agentsCommand(), a.scenariosCommand(), a.resultsCommand(), a.runsCommand(),
		a.callsCommand(), a.metricsCommand(), a.alertsCommand(), a.insightsCommand(),
		a.projectsCommand(), a.organizationsCommand(), a.apiKeysCommand(), a.auditLogsCommand(), a.billingCommand(),
		a.personalitiesCommand(), a.testSetsCommand(), a.phoneNumbersCommand(), a.toolsCommand(),
		a.testProfilesCommand(), a.cronCommand(),
		a.predefinedMetricsCommand(), a.criticalMetricScenariosCommand(), a.metricReviewsCommand(),
		a.dashboardsCommand(),
		a.runCommand(), a.testCommand(), a.configCommand(), a.versionCommand(),
	)
	return root
}

// addCompletion adds cobra's completion command, with an example, and an
// unknown shell as a usage error (exit 2) rather than help and exit 0.
// Call it once the root's output is set: cobra's command keeps the writer
// it finds when it is made.
func addCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  source <(cekura completion bash)\n  cekura completion zsh > \"${fpath[1]}/_cekura\""
			c.Args = cobra.ArbitraryArgs
			c.RunE = groupRun
		}
	}
}

// clientFor returns the client of the command line's settings.
func (a *app) clientFor() (*cekura.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	switch a.format {
	case "table", "json", "yaml":
	default:
		return nil, fmt.Errorf("cekura: --format %q: use table, json or yaml", a.format)
	}
	if a.fake {
		a.fakeSrv = cekuratest.NewServer()
		seedFake(a.fakeSrv)
		if a.fakeFail {
			a.fakeSrv.Script(cekuratest.Outcome{Fail: map[int64]string{2: "the agent never confirmed the order (scripted by --fake-fail)"}})
		}
		if a.fakeSetup != nil {
			a.fakeSetup(a.fakeSrv)
		}
		a.client = a.fakeSrv.Client()
		return a.client, nil
	}
	cfg, err := loadConfig(a.configFile())
	if err != nil {
		return nil, err
	}
	key := firstSet(a.apiKey, a.envValue("CEKURA_API_KEY"), cfg["api_key"])
	if key == "" {
		return nil, errors.New("cekura: no API key: pass --api-key, set CEKURA_API_KEY, or run `cekura config set api_key <key>` (or try --fake)")
	}
	opts := []cekura.Option{cekura.WithUserAgent("cekura-cli/" + cekura.Version)}
	if base := firstSet(a.baseURL, a.envValue("CEKURA_BASE_URL"), a.envValue("CEKURA_API_URL"), cfg["base_url"]); base != "" {
		opts = append(opts, cekura.WithBaseURL(base))
	}
	if a.insecureHTTP {
		opts = append(opts, cekura.WithInsecureHTTP())
	}
	a.client, err = cekura.NewClient(key, opts...)
	if err != nil && strings.Contains(err.Error(), "WithInsecureHTTP") {
		err = fmt.Errorf("%w (from the command line: --insecure-http)", err)
	}
	return a.client, err
}

func (a *app) envValue(k string) string {
	v, _ := a.env(k)
	return strings.TrimSpace(v)
}

func firstSet(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// seedFake gives the fake an agent with three smoke scenarios, so that
// `cekura run --fake` has something to run.
func seedFake(s *cekuratest.Server) {
	ctx := context.Background()
	c := s.Client()
	agent, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot (fake)", Description: "The fake API's demo agent"})
	if err != nil {
		return
	}
	// The metric examples/suites/smoke.yaml names (refund_policy), for
	// `cekura test --fake`.
	_, _ = c.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Refund policy", AgentIDs: []int64{agent.ID},
		Description: "The agent follows the 30-day refund policy", Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeBinary,
		Prompt: "Did the agent follow the 30-day refund policy?"})
	for _, name := range []string{"Refund request", "Order status", "Opening hours"} {
		_, _ = c.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: name, PersonalityID: 1, AgentID: agent.ID,
			Instructions: "You are a customer: " + strings.ToLower(name) + ".", Tags: []string{"smoke"}})
	}
}

// withTimeout bounds a command by --timeout (0 or less: no bound).
func (a *app) withTimeout(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	if a.timeout <= 0 {
		return context.WithCancel(cmd.Context())
	}
	return context.WithTimeout(cmd.Context(), a.timeout)
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "  cekura version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(a.out, "cekura "+cekura.Version)
			return nil
		},
	}
}
