package cekura_test

// Runnable examples of the results' actions, the metrics' background jobs
// and Labs, against the cekuratest fake (with a real key:
// client, err := cekura.NewClientFromEnv()).

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// newShopFake starts a fake holding an agent (id 1) described at length,
// its smoke scenarios (1 and 2) and a metric (1), with scenario 2's runs
// scripted to fail.
func newShopFake() *cekuratest.Server {
	fake := newSupportBotFake()
	client := fake.Client()
	ctx := context.Background()
	if _, err := client.Agents.Update(ctx, 1, &cekura.UpdateAgentRequest{Description: cekura.Some(
		"Handles inbound support calls for an online shop: refunds within 30 days, order status by order number, and opening hours.")}); err != nil {
		panic(err)
	}
	if _, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greeting", AgentIDs: []int64{1},
		Description: "Did the agent greet the caller?", Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary}); err != nil {
		panic(err)
	}
	fake.Script(cekuratest.Outcome{Fail: map[int64]string{2: "the agent never confirmed the order"}})
	return fake
}

func ExampleResultsService_Rerun() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Results.Wait(ctx, started.ID, nil); err != nil {
		fmt.Println(err)
		return
	}

	// Run the same scenarios again, as a new result.
	rerun, err := client.Results.Rerun(ctx, started.ID)
	if err != nil {
		fmt.Println(err) // cekura.MaybeApplied(err) says whether it may have started anyway
		return
	}
	verdict, err := client.Results.Wait(ctx, rerun.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(verdict)
	// Output:
	// result 2 completed: 1 of 2 runs failed; run 4 (Order status): metric "Expected Outcome" failed: the agent never confirmed the order
}

func ExampleResultsService_AskAboutFailures() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Results.Wait(ctx, started.ID, nil); err != nil {
		fmt.Println(err)
		return
	}

	answer, err := client.Results.AskAboutFailures(ctx, started.ID, &cekura.AskAboutFailuresRequest{Question: "Why did the order status fail?"})
	var apiErr *cekura.APIError
	switch {
	case errors.Is(err, cekura.ErrRateLimited) && errors.As(err, &apiErr):
		fmt.Println("asked too often; ask again in", apiErr.RetryAfter)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(answer)
	}
	// Output:
	// You asked: Why did the order status fail?
	// result 1 completed: 1 of 2 runs failed; run 2 (Order status): metric "Expected Outcome" failed: the agent never confirmed the order.
}

func ExampleMetricsService_GenerateMetrics() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Ask for suggestions, and wait for them.
	gen, err := client.Metrics.GenerateMetrics(ctx, &cekura.GenerateMetricsRequest{AgentID: 1, NumMetrics: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	gen, err = client.Metrics.WaitForMetricGeneration(ctx, gen.ProgressID, nil)
	if err != nil {
		fmt.Println(err) // the wait ended first: the context, or polls that kept failing
		return
	}
	if err := gen.Err(); err != nil {
		fmt.Println(err) // the generation failed
		return
	}

	// Nothing is saved until BulkCreate.
	req := &cekura.BulkCreateMetricsRequest{}
	for _, m := range gen.Metrics {
		req.Metrics = append(req.Metrics, &cekura.CreateMetricRequest{Name: m.Name, Description: m.Description,
			AgentIDs: m.AgentIDs, Type: m.Type, EvalType: m.EvalType})
	}
	made, err := client.Metrics.BulkCreate(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range made {
		fmt.Println(m.ID, m.Name)
	}
	// Output:
	// 2 Suggested metric 1
	// 3 Suggested metric 2
}

func ExampleMetricsService_Preview() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Try a metric that is not saved on a run, before creating it.
	p, err := client.Metrics.Preview(ctx, &cekura.PreviewMetricRequest{AgentID: 1, RunIDs: []int64{started.Runs[0].ID},
		Metric: &cekura.MetricPreviewData{Name: "Confirms the order", Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary,
			Description: "Did the agent read the order number back?"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err = client.Metrics.WaitForPreview(ctx, p.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, len(p.Results), p.Err())
	// Output:
	// completed 1 <nil>
}

func ExampleMetricsService_SimplifyPrompt() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	s, err := client.Metrics.SimplifyPrompt(ctx, &cekura.SimplifyPromptRequest{
		OriginalPrompt: strings.Repeat("Judge whether the agent confirmed the refund amount with the caller. ", 4)})
	if err != nil {
		fmt.Println(err)
		return
	}
	if !s.Done() { // a long prompt is simplified in the background
		if s, err = client.Metrics.WaitForPromptSimplification(ctx, s.ProgressID, nil); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(s.SimplifiedPrompt)
	// Output:
	// Judge whether the agent confirmed the refund amount with the caller.
}

func ExampleMetricsService_RunReviews() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Run the metric on its Labs test sets, with another judge.
	run, err := client.Metrics.RunReviews(ctx, 1, &cekura.RunReviewsRequest{LLMProvider: cekura.LLMProviderGemini})
	if err != nil {
		fmt.Println(err)
		return
	}
	run, err = client.Metrics.WaitForReviewRun(ctx, run.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := run.Err(); err != nil {
		var failed *cekura.JobFailedError
		if errors.As(err, &failed) {
			fmt.Println("failed:", failed.Message)
		}
		return
	}
	fmt.Printf("%d of %d reviews run\n", run.Completed, run.Total)
	// Output:
	// 3 of 3 reviews run
}

func ExampleMetricReviewsService_ProcessFeedbacks() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// A reviewer's feedback on one of the metric's verdicts…
	if _, err := client.MetricReviews.Update(ctx, 101, &cekura.UpdateMetricReviewRequest{
		Feedback: cekura.Some("A transfer to a human counts as handled.")}); err != nil {
		fmt.Println(err)
		return
	}
	// …improves the metric.
	job, err := client.MetricReviews.ProcessFeedbacks(ctx, &cekura.ProcessFeedbacksRequest{MetricID: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err = client.MetricReviews.WaitForFeedbackProcessing(ctx, job.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := job.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f → %.2f\n", job.OldScore.Score, job.NewScore.Score)
	// Nothing is saved: keep the improvement with Metrics.Update.
	_, err = client.Metrics.Update(ctx, 1, &cekura.UpdateMetricRequest{Description: cekura.Some(job.ImprovedMetricDescription)})
	fmt.Println(err)
	// Output:
	// 0.67 → 1.00
	// <nil>
}

func ExampleCriticalMetricScenariosService_List() {
	fake := newShopFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Results.Wait(ctx, started.ID, nil); err != nil {
		fmt.Println(err)
		return
	}

	for c, err := range client.CriticalMetricScenarios.All(ctx, &cekura.ListCriticalMetricScenariosParams{AgentID: 1}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.ID, c.Scenario, c.Priority)
		// Triage it: the run failed, but not because of a bug.
		if _, err := client.CriticalMetricScenarios.Update(ctx, c.ID, &cekura.UpdateCriticalMetricScenarioRequest{
			Priority: cekura.Some(cekura.CriticalPriorityNotABug)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// 2 Order status critical
}

func ExamplePredefinedMetricsService_List() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	page, err := client.PredefinedMetrics.List(context.Background(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range page.Results[:2] {
		fmt.Printf("%s (%s): %s\n", m.Name, m.Category, m.EvalType)
	}
	// Output:
	// Latency (Speech Quality): numeric
	// Interruptions (Conversation Quality): numeric
}
