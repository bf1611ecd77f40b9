// Command update-agent creates an agent, changes some of its fields with a
// partial update (PATCH), clears a nullable one, and deletes it.
//
//	go run ./examples/update-agent
//
// Without CEKURA_API_KEY it uses the in-process fake.
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

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name:             "Booking Bot (cekura-go example)",
		Description:      "Schedules dental appointments",
		AgentSpeaksFirst: cekura.Some(true),
	})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("created %d %q, agent speaks first: %v\n", agent.ID, agent.Name, *agent.AgentSpeaksFirst)

	updated, err := client.Agents.Update(ctx, agent.ID, &cekura.UpdateAgentRequest{
		Name:             cekura.Some("Booking Bot v2 (cekura-go example)"),
		Language:         cekura.Some(cekura.LanguageSpanish),
		AgentSpeaksFirst: cekura.Null[bool](), // back to auto-detect
	})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("updated %d: %q, language %s, agent speaks first: auto-detect=%v\n",
		updated.ID, updated.Name, updated.Language.DisplayName(), updated.AgentSpeaksFirst == nil)

	if err := client.Agents.Delete(ctx, agent.ID, nil); err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("deleted %d\n", agent.ID)
	return 0
}
