package cekura_test

// The tests shown in README.md, kept compiling and passing here.

import (
	"context"
	"net/http"
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
