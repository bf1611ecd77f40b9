package cekura_test

// The tests shown in README.md, kept compiling and passing here.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/jarcoal/httpmock"
)

// onboarding stands in for the user's own code in the README's example.
type onboarding struct{ client *cekura.Client }

func newOnboarding(c *cekura.Client) *onboarding { return &onboarding{client: c} }

func (o *onboarding) Onboard(ctx context.Context, name string) error {
	_, err := o.client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: name, Description: "Onboarded by our service"})
	return err
}

func TestOnboardingCreatesOneAgent(t *testing.T) {
	fake := cekuratest.New(t) // closed when the test ends

	svc := newOnboarding(fake.Client()) // your code, given a *cekura.Client
	if err := svc.Onboard(context.Background(), "Support Bot"); err != nil {
		t.Fatal(err)
	}
	if agents := fake.Agents(); len(agents) != 1 || agents[0].Name != "Support Bot" {
		t.Fatalf("agents: %v", agents)
	}
}

func TestGetAgentWithHTTPMock(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://api.cekura.ai/test_framework/v2/aiagents/7/",
		httpmock.NewStringResponder(200, `{"id": 7, "name": "Support Bot", "description": "d"}`))
	client, _ := cekura.NewClient("sk_test", cekura.WithHTTPClient(&http.Client{Transport: mt}))

	agent, err := client.Agents.Get(context.Background(), 7)
	if err != nil || agent.Name != "Support Bot" {
		t.Fatalf("%v %v", agent, err)
	}
}

// CheckAgent runs an agent's smoke tests and returns an error if they fail.
func CheckAgent(ctx context.Context, client *cekura.Client, agentID int64) error {
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agentID, Tags: []string{"smoke"}})
	if err != nil {
		return err // cekura.MaybeApplied(err) says whether the run may have started anyway
	}
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		return err
	}
	return verdict.Err() // nil, or "tests failed: result 77 completed: 1 of 2 runs failed; run 902 (Order status): …"
}

func TestCheckAgentFailsTheBuildWhenATestFails(t *testing.T) {
	fake := cekuratest.New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: agent.ID, Instructions: "ask", Tags: []string{"smoke"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckAgent(ctx, client, agent.ID); err != nil {
		t.Fatalf("all pass: %v", err)
	}
	fake.Script(cekuratest.Outcome{Fail: map[int64]string{sc.ID: "never confirmed the refund"}})
	err = CheckAgent(ctx, client, agent.ID)
	var failed *cekura.TestsFailedError
	if !errors.As(err, &failed) || !strings.Contains(err.Error(), "never confirmed the refund") {
		t.Fatalf("want the failing run's reason, got %v", err)
	}
}
