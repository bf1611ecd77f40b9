// Command run-suite runs a test suite file (tests as code) against an
// agent from Go: it reads the YAML suite, prices it with a dry run, runs
// it, waits for the verdict and exits 1 when the tests fail. When the job
// gives up (Ctrl-C, a CI job's SIGTERM, the timeout), it ends the result's
// calls before it exits, so that nothing keeps calling or billing.
//
//	go run ./examples/run-suite                    # examples/suites/smoke.yaml
//	go run ./examples/run-suite -suite cekura/smoke.yaml
//
// Without CEKURA_API_KEY it runs against the in-process fake. With a key it
// uses the real API: it creates an agent and the metric the suite names
// (refund_policy), runs the suite as text conversations (billed at the
// text rate) and deletes both before it ends, unless given -keep.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
	"github.com/cekura-go/cekura/suitefile"
)

var suitePath = flag.String("suite", "examples/suites/smoke.yaml", "the suite file, YAML or JSON")

func main() {
	client, done, err := demo.Client()
	if err != nil {
		demo.Explain(err)
		os.Exit(2)
	}
	code := run(client)
	done()
	os.Exit(code)
}

func run(client *cekura.Client) int {
	// Every problem of the file at once, each with its line, before
	// anything is sent.
	data, err := os.ReadFile(*suitePath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 2
	}
	suite, err := suitefile.Parse(data)
	if err != nil {
		demo.Explain(err)
		return 2
	}

	// A CI job's SIGTERM or Ctrl-C ends the wait; the timeout bounds it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name:        "Support Bot (cekura-go run-suite example)",
		Description: "Handles refund questions for ACME Inc.",
		Provider:    &cekura.Provider{Type: cekura.ProviderTypeCustom},
	})
	if err != nil {
		demo.Explain(err)
		return 2
	}
	metric, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{
		Name: "Refund policy", Description: "The agent follows the 30-day refund policy", AgentIDs: []int64{agent.ID},
		Type: cekura.MetricTypeBasic, EvalType: cekura.EvalTypeBinary, Prompt: "Did the agent follow the 30-day refund policy?",
	})
	defer demo.Cleanup(fmt.Sprintf("agent %d and its metric", agent.ID), func(ctx context.Context) error {
		if metric != nil {
			if err := client.Metrics.Delete(ctx, metric.ID); err != nil {
				return err
			}
		}
		return client.Agents.Delete(ctx, agent.ID, nil)
	})
	if err != nil {
		demo.Explain(err)
		return 2
	}

	req := &cekura.RunSuiteRequest{AgentID: agent.ID, Channel: cekura.SuiteChannelText, Suite: suite}
	plan, err := client.Tests.PlanSuite(ctx, req) // a dry run: nothing created or charged
	if err != nil {
		demo.Explain(err) // the API's problems, keyed by location in the file
		return 2
	}
	fmt.Printf("Plan: %d cases, %d runs, about %.2f credits\n", plan.ScenarioCount, plan.TotalRuns, plan.EstimatedCost)
	for _, c := range plan.Scenarios {
		fmt.Printf("  %-20s %d run(s), personality %s\n", c.Key, c.Frequency, c.Personality.Mode)
	}

	res, err := client.Tests.RunSuite(ctx, req)
	if err != nil {
		demo.Explain(err)
		return 2
	}
	fmt.Printf("Started result %d: %d runs\n", res.ID, len(res.Runs))
	verdict, err := client.Results.Wait(ctx, res.ID, nil)
	if err != nil {
		// The job gave up: end the calls still in progress, on a context
		// of its own (ctx is done).
		ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if eerr := client.Results.EndCalls(ectx, res.ID); eerr != nil {
			err = errors.Join(err, fmt.Errorf("ending result %d's calls: %w", res.ID, eerr))
		} else {
			fmt.Printf("Ended result %d's calls still in progress.\n", res.ID)
		}
		demo.Explain(err)
		return 2
	}
	fmt.Println(verdict)
	if !verdict.Passed {
		return 1
	}
	return 0
}
