// Command run-tests creates an agent and two test scenarios, runs them and
// waits for the verdict, exiting 1 when the tests fail: what a CI job does.
//
//	go run ./examples/run-tests
//
// Without CEKURA_API_KEY it runs against the in-process fake, whose clock
// moves with the client's waits, so the wait takes no real time. With a key
// it uses the real API: the runs are text conversations (billed at the text
// rate), the scenarios' personality is CEKURA_PERSONALITY_ID (default 1),
// and the wait takes as long as the runs do. It deletes the agent and its
// scenarios before it ends, unless given -keep.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
)

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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	personality, _ := strconv.ParseInt(os.Getenv("CEKURA_PERSONALITY_ID"), 10, 64)
	if personality == 0 {
		personality = 1
	}

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name:        "Support Bot (cekura-go run-tests example)",
		Description: "Handles refund and order-status questions for ACME Inc.",
		Provider:    &cekura.Provider{Type: cekura.ProviderTypeCustom},
	})
	if err != nil {
		demo.Explain(err)
		return 2
	}
	var ids []int64
	defer func() {
		demo.Cleanup(fmt.Sprintf("agent %d and its %d scenarios", agent.ID, len(ids)), func(ctx context.Context) error {
			for _, id := range ids {
				if err := client.Scenarios.Delete(ctx, id); err != nil {
					return err
				}
			}
			return client.Agents.Delete(ctx, agent.ID, nil)
		})
	}()
	for _, s := range []struct{ name, instructions, outcome string }{
		{"Refund request", "You bought headphones that broke after a week and want a refund.", "The agent starts a refund."},
		{"Order status", "You want to know where order 1042 is.", "The agent gives the order's status."},
	} {
		sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{
			Name: s.name, PersonalityID: personality, AgentID: agent.ID,
			Instructions: s.instructions, ExpectedOutcomePrompt: s.outcome, Tags: []string{"example"},
		})
		if err != nil {
			demo.Explain(err)
			return 2
		}
		ids = append(ids, sc.ID)
	}

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{
		Transport: cekura.TransportText, AgentID: agent.ID, ScenarioIDs: ids, Name: "cekura-go example",
	})
	if err != nil {
		demo.Explain(err)
		return 2
	}
	fmt.Printf("Started result %d: %d runs\n", started.ID, len(started.Runs))

	last := cekura.RunStatus("")
	verdict, err := client.Results.Wait(ctx, started.ID, &cekura.WaitParams[cekura.Result]{
		Progress: func(r *cekura.Result) {
			if r.Status != last {
				fmt.Printf("  %s (%d of %d runs done)\n", r.Status, r.CompletedRuns, r.TotalRuns)
				last = r.Status
			}
		},
	})
	if err != nil {
		demo.Explain(err)
		return 2
	}
	fmt.Println(verdict)
	if !verdict.Passed {
		return 1
	}
	return 0
}
