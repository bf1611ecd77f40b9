package cekura_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cekura-go/cekura"
)

func ExampleFailureInsightsService_BulkGenerate() {
	// The fake API, with a metric whose production calls failed (with a
	// real key: client, err := cekura.NewClientFromEnv()).
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Audit the project's metrics (credits per insight), then wait for
	// each row: the fake's clock moves with the waits.
	rows, err := client.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: 456})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range rows {
		insight, err := client.FailureInsights.WaitForInsight(ctx, row.ID, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := insight.Err(); err != nil { // the audit failed
			fmt.Println(err)
			continue
		}
		fmt.Println(insight.MetricName, insight.Status)
		for _, mode := range insight.FailureModes {
			fmt.Printf("- %s (%d example calls)\n", mode.Title, len(mode.ExampleCallIDs))
		}
	}
	// Output:
	// Refund policy succeeded
	// - Calls with nothing to evaluate (3 example calls)
}

func ExampleFailureInsightsService_ListCategories() {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	rows, _ := client.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: 456})
	_, _ = client.FailureInsights.WaitForInsight(ctx, rows[0].ID, nil)

	// The failure categories of metric 1, most calls first, and every call
	// of the first.
	cats, err := client.FailureInsights.ListCategories(ctx, &cekura.ListFailureCategoriesParams{ProjectID: 456, MetricID: 1})
	if err != nil || cats.Count == 0 {
		fmt.Println(cats, err)
		return
	}
	for _, c := range cats.Results {
		fmt.Printf("%s: %d calls\n", c.Slug, c.Count)
	}
	calls, err := client.FailureInsights.GetCategoryCalls(ctx, cats.Results[0].Slug, &cekura.CategoryCallsParams{ProjectID: 456, MetricID: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("newest first:", calls.CallIDs)
	// Output:
	// calls-with-nothing-to-evaluate: 5 calls
	// newest first: [5 4 3 2 1]
}

func ExampleResearchInsightsService_Generate() {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// What an audit costs, then one over the last 7 days.
	price, err := client.ResearchInsights.GetPricing(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("credits:", price.Credits)
	row, err := client.ResearchInsights.Generate(ctx, &cekura.GenerateResearchRequest{ProjectID: 456, WindowDays: 7, Focus: "empty calls"})
	if err != nil {
		fmt.Println(err)
		return
	}
	audit, err := client.ResearchInsights.WaitForInsight(ctx, row.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(audit.Status, audit.NumCallsAnalyzed, "calls")
	for _, mode := range audit.FailureModes {
		fmt.Printf("[%s] %s: %s\n", mode.Severity, mode.Title, mode.SuggestedFix)
	}
	// Output:
	// credits: 20
	// succeeded 5 calls
	// [high] Calls with nothing to evaluate: Send each call's transcript or recording with it.
}

func ExampleResearchInsightsService_Generate_validation() {
	client, _ := cekura.NewClient("sk_test")
	// Refused before anything is sent (or charged): every problem at once.
	_, err := client.ResearchInsights.Generate(context.Background(), &cekura.GenerateResearchRequest{WindowDays: 90, MaxCalls: 5})
	var invalid *cekura.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Message)
		}
	}
	// Output:
	// project: is required: the id of the project to audit, got 0
	// window_days: is 90; the API looks back 1 to 30 days (0 for its default, 7)
	// max_calls: is 5; the API samples 10 to 1000 calls (0 for its default, 500)
}

func ExampleAgentImprovementsService_Create() {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Improve the agent from two failing production calls, then follow the
	// session to its end (or to a question it waits on).
	session, err := client.AgentImprovements.Create(ctx, &cekura.CreateAgentImprovementRequest{
		CallLogIDs: []int64{1, 2}, ProviderKey: "vapi_sk_…"})
	if err != nil {
		fmt.Println(err)
		return
	}
	session, err = client.AgentImprovements.WaitForSession(ctx, session.ID, nil)
	switch {
	case err != nil:
		fmt.Println(err)
	case session.NeedsInput():
		fmt.Println("answer its question in the dashboard:", string(session.PendingQuestion))
	case session.Err() != nil:
		fmt.Println(session.Err())
	default:
		fmt.Println(session.Status, "at", session.Stage, "for", session.AgentName)
	}
	// Output:
	// succeeded at finalize for Support Bot
}

func ExampleScenarioImprovementsService_Create() {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	session, err := client.ScenarioImprovements.Create(ctx, &cekura.CreateScenarioImprovementRequest{
		ProjectID: 456, Title: "Sharpen the refund scenarios", ScenarioSelection: json.RawMessage(`{"scenario_ids": [1]}`)})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Close it once the conversation is done.
	session, err = client.ScenarioImprovements.Update(ctx, session.ID, &cekura.UpdateScenarioImprovementRequest{
		Status: cekura.Some(cekura.ScenarioImprovementStatusCompleted)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(session.Title, session.ScenarioIDs, session.Status)
	// Output:
	// Sharpen the refund scenarios [1] completed
}
