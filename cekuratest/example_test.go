package cekuratest_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// TestOnboarding is the example of the package comment, verbatim
// (TestPackageDocShowsTestOnboarding keeps them the same).
func TestOnboarding(t *testing.T) {
	fake := cekuratest.New(t) // closed when the test ends
	client := fake.Client()   // a *cekura.Client wired to the fake

	// The code under test, given client.
	agent, err := client.Agents.Create(t.Context(), &cekura.CreateAgentRequest{
		Name:          "Support Bot",
		Description:   "Answers billing questions",
		WebhookURL:    "https://hooks.example/cekura",
		WebhookSecret: "whsec_test",
	})
	if err != nil {
		t.Fatal(err)
	}

	if n := len(fake.Agents()); n != 1 {
		t.Fatalf("want 1 agent, got %d", n)
	}
	// The API never returns a webhook secret; the fake shows what it got.
	if secrets, _ := fake.StoredSecrets(agent.ID); secrets.WebhookSecret != "whsec_test" {
		t.Error("the webhook secret did not reach the API")
	}
}

func TestPackageDocShowsTestOnboarding(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var shown strings.Builder
	for line := range strings.Lines(string(doc)) {
		if code, ok := strings.CutPrefix(line, "//\t"); ok {
			shown.WriteString(code)
		} else if strings.TrimSpace(line) == "//" {
			shown.WriteString("\n")
		}
	}
	_, fn, _ := strings.Cut(string(src), "\nfunc TestOnboarding(")
	fn, _, _ = strings.Cut(fn, "\n}\n")
	fn = "func TestOnboarding(" + fn + "\n}\n"
	if !strings.Contains(shown.String(), fn) {
		t.Errorf("doc.go does not show TestOnboarding as example_test.go has it:\n%s", fn)
	}
}

// Example_onboarding is TestOnboarding as a program: a fake started by
// NewServer (closed by the caller), an agent created through the SDK.
func Example_onboarding() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	agent, err := client.Agents.Create(context.Background(), &cekura.CreateAgentRequest{
		Name:          "Support Bot",
		Description:   "Answers billing questions",
		WebhookURL:    "https://hooks.example/cekura",
		WebhookSecret: "whsec_test",
	})
	if err != nil {
		log.Fatal(err)
	}
	secrets, _ := fake.StoredSecrets(agent.ID)
	fmt.Println(len(fake.Agents()), "agent:", agent.Name)
	fmt.Println("webhook secret configured:", bool(agent.WebhookSecretConfigured))
	fmt.Println("stored webhook secret:", secrets.WebhookSecret.Reveal())
	// Output:
	// 1 agent: Support Bot
	// webhook secret configured: true
	// stored webhook secret: whsec_test
}

// Starting tests and waiting for their verdict takes no real time: the
// waiter's polls move the fake's clock. Script makes a scenario fail.
func Example_tests() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "Answers billing questions"})
	if err != nil {
		log.Fatal(err)
	}
	var ids []int64
	for _, name := range []string{"Refund", "Change address"} {
		sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: name, PersonalityID: 1, AgentID: agent.ID, Instructions: "Ask for: " + name})
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, sc.ID)
	}

	for _, outcome := range []cekuratest.Outcome{{}, {Fail: map[int64]string{ids[1]: "the address was not confirmed"}}} {
		fake.Script(outcome)
		started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: ids})
		if err != nil {
			log.Fatal(err)
		}
		verdict, err := client.Results.Wait(ctx, started.ID, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("passed: %t (%d of %d runs)\n", verdict.Passed, verdict.Succeeded, verdict.Total)
		for _, f := range verdict.Failures {
			fmt.Println("  failed:", f.Reason)
		}
	}
	// Output:
	// passed: true (2 of 2 runs)
	// passed: false (1 of 2 runs)
	//   failed: metric "Expected Outcome" failed: the address was not confirmed
}
