// Command list-agents prints every agent, page after page.
//
//	go run ./examples/list-agents
//
// Without CEKURA_API_KEY it uses the in-process fake, seeded with a few agents.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
)

func main() { os.Exit(run()) }

// run is the example; its result is the exit code.
func run() int {
	client, done, err := demo.Client()
	if err != nil {
		demo.Explain(err)
		return 1
	}
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if os.Getenv("CEKURA_API_KEY") == "" {
		// Give the fake something to list.
		for i := 1; i <= 5; i++ {
			_, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: fmt.Sprintf("Agent %d", i), Description: "Example agent"})
			if err != nil {
				demo.Explain(err)
				return 1
			}
		}
	}

	first, err := client.Agents.List(ctx, &cekura.ListAgentsParams{PageSize: 2})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("%d agents in all; the first page holds %d\n", first.Count, len(first.Results))

	n := 0
	for agent, err := range client.Agents.All(ctx, &cekura.ListAgentsParams{PageSize: 2}) {
		if err != nil {
			demo.Explain(err)
			return 1
		}
		n++
		fmt.Printf("%6d  %-30s  %s\n", agent.ID, agent.Name, agent.Language.DisplayName())
	}
	fmt.Printf("listed %d agents\n", n)
	return 0
}
