package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/cekura-go/cekura/webhook"
)

// A Handler mounted on a mux receives the result.completed the API sends
// when a test result ends: here the cekuratest fake plays the API.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.Handle("/cekura", &webhook.Handler{
		Secret: cekura.Secret("whsec_example"), // in production: os.Getenv
		OnEvent: func(ctx context.Context, e *webhook.Event) error {
			switch e.Type {
			case webhook.EventTypeResultCompleted:
				r, err := e.Result()
				if err != nil {
					return err
				}
				fmt.Printf("%s: result %q passed: %t\n", e.Type, r.Name, cekura.NewVerdict(r).Passed)
			case webhook.EventTypeCallLogCompleted:
				call, err := e.Call()
				if err != nil {
					return err
				}
				fmt.Printf("%s: call %s\n", e.Type, call.CallID)
			}
			return nil
		},
	})
	receiver := httptest.NewServer(mux)
	defer receiver.Close()

	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "Answers billing questions",
		WebhookURL: receiver.URL + "/cekura", WebhookSecret: "whsec_example",
	})
	if err != nil {
		log.Fatal(err)
	}
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{
		Name: "Refund", PersonalityID: 1, AgentID: agent.ID, Instructions: "Ask for a refund",
	})
	if err != nil {
		log.Fatal(err)
	}
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{sc.ID}, Name: "nightly"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Results.Wait(ctx, started.ID, nil); err != nil {
		log.Fatal(err)
	}
	for _, d := range fake.Deliveries() { // waits for the deliveries in flight
		fmt.Println(d.EventType, "answered", d.Status)
	}
	// Output:
	// result.completed: result "nightly" passed: true
	// result.pre_trigger answered 200
	// result.completed answered 200
}

// A delivery Cekura retries, or one replayed by someone who saw it, reaches
// OnEvent once; a wrong secret never does.
func ExampleHandler_replay() {
	receiver := httptest.NewServer(&webhook.Handler{
		Secret: "whsec_example",
		OnEvent: func(ctx context.Context, e *webhook.Event) error {
			call, err := e.Call()
			if err != nil {
				return err
			}
			fmt.Println("handled call", call.CallID)
			return nil
		},
	})
	defer receiver.Close()
	fake := cekuratest.NewServer()
	defer fake.Close()

	call := &cekura.Call{ID: 31, CallID: "c-31"}
	for _, secret := range []cekura.Secret{"whsec_example", "whsec_example", "whsec_wrong"} {
		status, err := fake.SendWebhook(receiver.URL, secret, webhook.EventTypeCallLogCompleted, call)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(status)
	}
	// Output:
	// handled call c-31
	// 200
	// 200
	// 401
}

// An event of a type this package does not know still reaches OnEvent, so
// that a receiver can log it; Valid tells it apart.
func ExampleEventType_Valid() {
	for _, t := range []webhook.EventType{webhook.EventTypeResultPreTrigger, "result.started"} {
		fmt.Println(t, t.Valid())
	}
	// Output:
	// result.pre_trigger true
	// result.started false
}
