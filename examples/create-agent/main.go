// Command create-agent registers an AI voice agent with Cekura.
//
//	go run ./examples/create-agent
//
// With CEKURA_API_KEY set it uses the real API (and CEKURA_BASE_URL, if
// set); without, it starts the in-process fake and says so. It deletes the
// agent before it ends, unless given -keep.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
)

func main() {
	client, done, err := demo.Client()
	if err != nil {
		demo.Explain(err)
		os.Exit(1)
	}
	defer done()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name:        "Support Bot (cekura-go example)",
		Description: "Handles inbound support calls for ACME Inc.",
		Language:    cekura.LanguageEnglish,
		Telephony:   &cekura.Telephony{PhoneNumber: "+14155551234", Inbound: true},
		Provider: &cekura.Provider{
			Type:        cekura.ProviderTypeVapi,
			AgentID:     "asst_abc123",
			Credentials: &cekura.ProviderCredentials{APIKey: "vapi_sk_example", Config: cekura.VapiConfig{PublicKey: "vapi_pk_example"}},
		},
		AgentSpeaksFirst: cekura.Null[bool](), // auto-detect
	})
	if err != nil {
		demo.Explain(err)
		done()
		os.Exit(1)
	}
	fmt.Printf("Created agent %d %q: language %s (%s), provider %s, created at %s\n",
		agent.ID, agent.Name, agent.Language, agent.Language.DisplayName(), agent.Provider.Type, agent.CreatedAt.Format(time.RFC3339))
	demo.Cleanup(fmt.Sprintf("agent %d", agent.ID), func(ctx context.Context) error {
		return client.Agents.Delete(ctx, agent.ID, nil)
	})
}
