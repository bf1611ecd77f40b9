package cekura_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSuiteFake is a fake with an agent (1) and a metric enabled for it
// (refund_policy), and one that is not (greeting, for agent 2).
func newSuiteFake(t testing.TB) (*cekuratest.Server, *cekura.Client) {
	fake := cekuratest.NewServer(cekuratest.WithAgents(
		&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"},
		&cekura.CreateAgentRequest{Name: "Sales Bot", Description: "d"}))
	client := fake.Client()
	ctx := context.Background()
	for _, m := range []*cekura.CreateMetricRequest{
		{Name: "Refund Policy", Description: "Refunds within 30 days only.", AgentIDs: []int64{1}, Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary},
		{Name: "Greeting", Description: "Greets the caller.", AgentIDs: []int64{2}, Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary},
	} {
		if _, err := client.Metrics.Create(ctx, m); err != nil {
			fake.Close()
			if t, ok := t.(*testing.T); ok {
				t.Fatal(err)
			}
			panic(err)
		}
	}
	return fake, client
}

func readSmoke(t *testing.T) *cekura.Suite {
	t.Helper()
	b, err := os.ReadFile("examples/suites/smoke.json")
	require.NoError(t, err)
	s, err := cekura.ParseSuite(b)
	require.NoError(t, err)
	return s
}

// TestSuitePlanRunWaitAgainstTheFake: the dry run prices the example
// suite, the real run starts a result, and Results.Wait gives its verdict.
func TestSuitePlanRunWaitAgainstTheFake(t *testing.T) {
	t.Parallel()
	fake, client := newSuiteFake(t)
	defer fake.Close()
	ctx := context.Background()
	req := &cekura.RunSuiteRequest{AgentID: 1, Suite: readSmoke(t)}

	plan, err := client.Tests.PlanSuite(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, 2, plan.ScenarioCount)
	assert.Equal(t, 3, plan.TotalRuns, "1 + frequency 2")
	assert.Equal(t, 1.5, plan.EstimatedCost, "3 voice runs at 0.50")
	assert.Equal(t, "Support smoke", plan.SuiteName)
	require.Len(t, plan.Scenarios, 2)
	assert.Equal(t, "refund-happy-path", plan.Scenarios[0].Key)
	assert.Equal(t, []int64{1}, plan.Scenarios[0].MetricIDs, "the default metric, by slug")
	assert.Equal(t, []string{"smoke"}, plan.Scenarios[0].Tags)
	assert.Equal(t, cekura.SuiteModeProjectDefault, plan.Scenarios[0].Personality.Mode)
	assert.Equal(t, cekura.SuiteModeInline, plan.Scenarios[0].TestProfile.Mode)
	assert.Equal(t, []string{"agent_variables", "caller_variables"}, plan.Scenarios[0].TestProfile.Sections)
	assert.Equal(t, cekura.SuiteModeInline, plan.Scenarios[1].Personality.Mode)
	assert.Empty(t, fake.Scenarios(), "a dry run creates nothing")

	textPlan, err := client.Tests.PlanSuite(ctx, &cekura.RunSuiteRequest{AgentID: 1, Channel: cekura.SuiteChannelText, Suite: req.Suite})
	require.NoError(t, err)
	assert.Equal(t, 0.3, textPlan.EstimatedCost, "3 text runs at 0.10")

	res, err := client.Tests.RunSuite(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, "Support smoke", res.Name, "named after the suite")
	require.Len(t, res.Runs, 3)
	assert.Equal(t, "Refund after 30 days", res.Runs[2].ScenarioName)
	assert.Empty(t, fake.Scenarios(), "the cases leave no scenarios behind, and inline personalities create nothing")

	verdict, err := client.Results.Wait(ctx, res.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, verdict.Total)
	assert.Equal(t, 3, verdict.Succeeded)
	assert.NoError(t, verdict.Err())
}

// TestSuiteFakeRefusesAtTheFileLocations: what the SDK would refuse
// (sent with validation off) and what only the API knows (metrics) come
// back keyed by location.
func TestSuiteFakeRefusesAtTheFileLocations(t *testing.T) {
	t.Parallel()
	fake, client := newSuiteFake(t)
	defer fake.Close()
	s := &cekura.Suite{Version: "1", Defaults: &cekura.SuiteDefaults{Metrics: []cekura.SuiteMetric{{Slug: "greeting"}}},
		Scenarios: []*cekura.SuiteCase{
			{Name: "ok", Instructions: "i", Metrics: []cekura.SuiteMetric{{Slug: "refund_policy"}, {Slug: "nope"}, {ID: 99}}},
			{Name: "missing"},
		}}
	_, err := client.Tests.PlanSuite(context.Background(), &cekura.RunSuiteRequest{AgentID: 1, Suite: s}, cekura.WithoutClientValidation())
	var ae *cekura.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 400, ae.StatusCode)
	assert.ElementsMatch(t, []string{"scenarios[1].instructions"}, keys(ae.FieldErrors), "the file's own problems first")

	s.Scenarios = s.Scenarios[:1]
	_, err = client.Tests.RunSuite(context.Background(), &cekura.RunSuiteRequest{AgentID: 1, Suite: s})
	require.ErrorAs(t, err, &ae)
	assert.ElementsMatch(t, []string{"defaults.metrics[0]", "scenarios[0].metrics[1]", "scenarios[0].metrics[2]"}, keys(ae.FieldErrors))
	assert.Contains(t, ae.FieldErrors["defaults.metrics[0]"][0], "not enabled for agent 1")
	assert.Contains(t, ae.FieldErrors["scenarios[0].metrics[1]"][0], `"nope"`)
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestEndCallsCancelsTheRunsInProgress: end_calls ends a result's
// unfinished runs as cancelled; end_call one run.
func TestEndCallsCancelsTheRunsInProgress(t *testing.T) {
	t.Parallel()
	fake, client := newSuiteFake(t)
	defer fake.Close()
	ctx := context.Background()
	suite := readSmoke(t)
	first, err := client.Tests.RunSuite(ctx, &cekura.RunSuiteRequest{AgentID: 1, Suite: suite})
	require.NoError(t, err)
	second, err := client.Tests.RunSuite(ctx, &cekura.RunSuiteRequest{AgentID: 1, Suite: suite})
	require.NoError(t, err)
	fake.Advance(15 * time.Second) // running

	require.NoError(t, client.Runs.EndCall(ctx, second.Runs[0].ID))
	require.NoError(t, client.Results.EndCalls(ctx, first.ID))
	got, err := client.Results.Get(ctx, first.ID)
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusCancelled, got.Status)
	for _, r := range got.Runs {
		assert.Equal(t, cekura.RunStatusCancelled, r.Status)
	}
	verdict, err := client.Results.Wait(ctx, first.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, verdict.Succeeded)
	var failed *cekura.TestsFailedError
	assert.True(t, errors.As(verdict.Err(), &failed), "a cancelled suite does not pass")

	verdict, err = client.Results.Wait(ctx, second.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, verdict.Succeeded, "the other runs went on")
	run, err := client.Runs.Get(ctx, second.Runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusCancelled, run.Status)

	require.NoError(t, client.Results.EndCalls(ctx, second.ID), "ending an ended result does nothing")
	after, err := client.Results.Get(ctx, second.ID)
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusCompleted, after.Status)
	assert.ErrorIs(t, client.Results.EndCalls(ctx, 999), cekura.ErrNotFound)

	link, err := client.Results.CreateShareLink(ctx, first.ID, &cekura.ShareLinkRequest{ExpireAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	assert.NotEmpty(t, link.Token)
	assert.Contains(t, link.URL, link.Token)
	_, err = client.Results.CreateShareLink(ctx, 999, nil)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
}

// ExampleTestsService_RunSuite runs a suite file from CI: a dry run on
// every commit, the real run where it matters, then the verdict.
func ExampleTestsService_RunSuite() {
	fake, client := newSuiteFake(nil)
	defer fake.Close()
	ctx := context.Background()

	data, err := os.ReadFile("examples/suites/smoke.json") // YAML: convert to JSON first
	if err != nil {
		fmt.Println(err)
		return
	}
	suite, err := cekura.ParseSuite(data)
	if err != nil {
		fmt.Println(err) // every problem, keyed by location: scenarios[1].name: …
		return
	}
	req := &cekura.RunSuiteRequest{AgentID: 1, Suite: suite}
	plan, err := client.Tests.PlanSuite(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d cases, %d runs, about %.2f credits\n", plan.ScenarioCount, plan.TotalRuns, plan.EstimatedCost)

	res, err := client.Tests.RunSuite(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	verdict, err := client.Results.Wait(ctx, res.ID, nil)
	if err != nil {
		_ = client.Results.EndCalls(context.WithoutCancel(ctx), res.ID) // stop what is still running
		fmt.Println(err)
		return
	}
	fmt.Println(verdict.Succeeded, "of", verdict.Total, "runs succeeded")
	// Output:
	// 2 cases, 3 runs, about 1.50 credits
	// 3 of 3 runs succeeded
}
