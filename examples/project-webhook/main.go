// Command project-webhook receives a project's webhook: it starts a
// receiver (webhook.Handler on an httptest server), creates a project whose
// webhook is that receiver, adds an agent without a webhook of its own,
// sends a production call for the agent, and waits for Cekura's
// call_log.completed to reach the project's webhook — the agent has none,
// so its events go to its project's.
//
//	go run ./examples/project-webhook
//
// Without CEKURA_API_KEY it uses the in-process fake, which delivers to the
// receiver on 127.0.0.1. With a key, Cekura must reach the receiver from the
// internet: listen where a tunnel forwards (CEKURA_WEBHOOK_ADDR, such as
// 127.0.0.1:8080) and set CEKURA_WEBHOOK_URL to the tunnel's public URL.
// The project (and with it the agent and the call) is deleted before the
// example ends, unless given -keep.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
	"github.com/cekura-go/cekura/webhook"
)

func main() {
	if os.Getenv("CEKURA_API_KEY") != "" && os.Getenv("CEKURA_WEBHOOK_URL") == "" {
		fmt.Fprintln(os.Stderr, "With CEKURA_API_KEY, Cekura must reach the receiver: set CEKURA_WEBHOOK_URL to a public URL that forwards to CEKURA_WEBHOOK_ADDR.")
		os.Exit(2)
	}
	client, done, err := demo.Client()
	if err != nil {
		demo.Explain(err)
		os.Exit(1)
	}
	code := run(client)
	done()
	os.Exit(code)
}

func run(client *cekura.Client) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// The receiver: it checks the X-CEKURA-SECRET of each delivery against
	// the project's webhook secret, and hands the events over.
	secret := newSecret()
	events := make(chan *webhook.Event, 8)
	receiver := httptest.NewUnstartedServer(&webhook.Handler{Secret: secret, OnEvent: func(_ context.Context, e *webhook.Event) error {
		select {
		case events <- e:
		default:
		}
		return nil
	}})
	if addr := os.Getenv("CEKURA_WEBHOOK_ADDR"); addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			demo.Explain(err)
			return 1
		}
		_ = receiver.Listener.Close()
		receiver.Listener = l
	}
	receiver.Start()
	defer receiver.Close()
	hookURL := receiver.URL + "/cekura"
	if public := os.Getenv("CEKURA_WEBHOOK_URL"); public != "" {
		hookURL = public
	}

	project, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{
		Name:                        "Webhook example (cekura-go)",
		WebhookURL:                  hookURL,
		WebhookSecret:               secret,
		NotifyCallLogWebhookSuccess: cekura.Some(true),
		NotifyCallLogWebhookFailed:  cekura.Some(true),
	})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("Created project %d %q with its webhook (secret configured: %v)\n", project.ID, project.Name, project.WebhookSecretConfigured)
	defer demo.Cleanup(fmt.Sprintf("project %d (with its agent and call)", project.ID), func(ctx context.Context) error {
		return client.Projects.Delete(ctx, project.ID)
	})

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot (webhook example)",
		Description: "Answers order questions", ProjectID: project.ID}) // no WebhookURL: the project's is used
	if err != nil {
		demo.Explain(err)
		return 1
	}
	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order 1042?", StartTime: 0, EndTime: 2.1},
		cekura.Turn{Role: cekura.RoleAgent, Content: "It ships today.", StartTime: 2.6, EndTime: 3.9},
	)
	if err != nil {
		demo.Explain(err)
		return 1
	}
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: fmt.Sprintf("webhook-example-%d", time.Now().UnixNano()),
		AgentID: agent.ID, Transcript: transcript})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("Sent call %d for agent %d; waiting for its evaluation and the webhook\n", call.ID, agent.ID)
	if _, err := client.Calls.WaitForEvaluation(ctx, call.ID, nil); err != nil {
		demo.Explain(err)
		return 1
	}
	for {
		select {
		case e := <-events:
			if e.Type != webhook.EventTypeCallLogCompleted {
				continue
			}
			got, err := e.Call()
			if err != nil {
				demo.Explain(err)
				return 1
			}
			fmt.Printf("The project's webhook received %s for call %d: %s\n", e.Type, got.ID, got.Status)
			return 0
		case <-ctx.Done():
			demo.Explain(fmt.Errorf("no call_log.completed reached the project's webhook: %w", ctx.Err()))
			return 1
		}
	}
}

// newSecret is a random webhook secret.
func newSecret() cekura.Secret {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return cekura.Secret("whsec_" + hex.EncodeToString(b))
}
