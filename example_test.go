package cekura_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

func ExampleAgentsService_Create() {
	fake := cekuratest.NewServer() // the real API: cekura.NewClient(apiKey)
	defer fake.Close()
	client := fake.Client()

	agent, err := client.Agents.Create(context.Background(), &cekura.CreateAgentRequest{
		Name:        "Support Bot",
		Description: "Handles inbound support calls for ACME Inc.",
		Language:    cekura.LanguageEnglish,
		Telephony:   &cekura.Telephony{PhoneNumber: "+14155551234", Inbound: true},
		Provider: &cekura.Provider{
			Type:    cekura.ProviderTypeLiveKit,
			AgentID: "concierge",
			Credentials: &cekura.ProviderCredentials{
				APIKey: "APIxxx",
				Config: cekura.LiveKitConfig{APISecret: "secret_xxx", URL: "wss://acme.livekit.cloud"},
			},
		},
		AgentSpeaksFirst: cekura.Null[bool](), // auto-detect
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agent.ID, agent.Name, agent.Language.DisplayName(), agent.Provider.Type, agent.AgentSpeaksFirst == nil)
	// Output: 1 Support Bot English livekit true
}

func ExampleAgentsService_Create_validation() {
	client, _ := cekura.NewClient("sk_example")
	_, err := client.Agents.Create(context.Background(), &cekura.CreateAgentRequest{
		Name:      "Support Bot",
		Language:  "english",
		Telephony: &cekura.Telephony{PhoneNumber: "415-555-1234"},
	})
	var invalid *cekura.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Printf("%s: %.40s…\n", p.Field, p.Message)
		}
	}
	fmt.Println(errors.Is(err, cekura.ErrInvalidRequest))
	// Output:
	// description: is required and must not be blank…
	// language: unknown language "english"; allowed: af,…
	// telephony.phone_number: "415-555-1234" is not an E.164 phone num…
	// true
}

func ExampleAgentsService_Update() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "d", AgentSpeaksFirst: cekura.Some(true),
	}))
	defer fake.Close()
	client := fake.Client()

	agent, err := client.Agents.Update(context.Background(), 1, &cekura.UpdateAgentRequest{
		Name:             cekura.Some("Support Bot v2"),
		AgentSpeaksFirst: cekura.Null[bool](), // sent as null: back to auto-detect
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agent.Name, agent.AgentSpeaksFirst == nil)
	// Output: Support Bot v2 true
}

func ExampleAgentsService_All() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(
		&cekura.CreateAgentRequest{Name: "A", Description: "d"},
		&cekura.CreateAgentRequest{Name: "B", Description: "d"},
		&cekura.CreateAgentRequest{Name: "C", Description: "d"},
	))
	defer fake.Close()
	client := fake.Client()

	for agent, err := range client.Agents.All(context.Background(), &cekura.ListAgentsParams{PageSize: 2}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(agent.ID, agent.Name)
	}
	// Output:
	// 1 A
	// 2 B
	// 3 C
}

func ExampleAgentsService_Get_notFound() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	_, err := fake.Client().Agents.Get(context.Background(), 42)
	var apiErr *cekura.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Detail, errors.Is(err, cekura.ErrNotFound))
	}
	// Output: 404 Not found. true
}

func ExampleSecret() {
	creds := cekura.ProviderCredentials{APIKey: "vapi_sk_live_123"}
	fmt.Printf("%v %+v %s\n", creds.APIKey, creds, creds.APIKey.Reveal())
	// Output: [REDACTED] {APIKey:[REDACTED]} vapi_sk_live_123
}

func ExampleWithLogger() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level:       slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { return dropVolatile(a) },
	}))
	client := fake.Client(cekura.WithLogger(logger))
	_, _ = client.Agents.Get(context.Background(), 7)
	// Output: level=DEBUG msg="cekura: request" method=GET path=/test_framework/v2/aiagents/7/ status=404 attempt=1
}

// dropVolatile removes the time and duration, so the example's output is stable.
func dropVolatile(a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey || a.Key == "duration" {
		return slog.Attr{}
	}
	return a
}

func ExampleOpt() {
	for _, r := range []cekura.CreateAgentRequest{
		{Name: "n", Description: "d"},
		{Name: "n", Description: "d", AgentSpeaksFirst: cekura.Null[bool]()},
		{Name: "n", Description: "d", AgentSpeaksFirst: cekura.Some(false)},
	} {
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
	}
	// Output:
	// {"name":"n","description":"d"}
	// {"name":"n","description":"d","agent_speaks_first":null}
	// {"name":"n","description":"d","agent_speaks_first":false}
}

func ExampleClient_Do() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()

	// An endpoint with no method yet: the client's key, retries and errors,
	// your own types for the body and the answer.
	var agent struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	err := client.Do(context.Background(), "GET", "/test_framework/v2/aiagents/1/", nil, &agent)
	fmt.Println(agent.ID, agent.Name, err)
	// Output: 1 Support Bot <nil>
}

func ExampleWithResponseInto() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()

	var resp *http.Response
	agent, err := client.Agents.Get(context.Background(), 1,
		cekura.WithResponseInto(&resp),                  // this call's HTTP response
		cekura.WithHeader("X-Correlation-Id", "job-42"), // a header on this call only
		cekura.WithMaxRetries(0),                        // and no retries for it
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agent.Name, resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(fake.Requests()[0].Header.Get("X-Correlation-Id"))
	// Output:
	// Support Bot 200 application/json
	// job-42
}
