package cekura_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longDescription is an agent description long enough for metric
// generation (100 characters or more).
var longDescription = strings.Repeat("Answers support calls for a shop: refunds, order status, opening hours. ", 2)

// newLabFake is a fake with an agent (1) whose description metric
// generation accepts, two of its scenarios (1 and 2, tagged smoke) and a
// metric (1); the runs of scenario 2 fail.
func newLabFake(t *testing.T) (*cekuratest.Server, *cekura.Client) {
	t.Helper()
	fake := cekuratest.New(t, cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: longDescription}))
	client := fake.Client()
	ctx := context.Background()
	for _, name := range []string{"Refund request", "Order status"} {
		_, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: name, PersonalityID: 1, AgentID: 1,
			Instructions: "You are a customer. " + name + ".", Tags: []string{"smoke"}})
		require.NoError(t, err)
	}
	_, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greeting", Description: "Did the agent greet the caller?",
		AgentIDs: []int64{1}, Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary})
	require.NoError(t, err)
	fake.Script(cekuratest.Outcome{Fail: map[int64]string{2: "the agent never confirmed the order"}})
	return fake, client
}

// TestResultActionsAgainstTheFake: rerun a result, evaluate it again after
// a fix, ask about its failures until the API's limit, delete runs and
// results.
func TestResultActionsAgainstTheFake(t *testing.T) {
	t.Parallel()
	fake, client := newLabFake(t)
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	require.NoError(t, err)
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	require.False(t, verdict.Passed)

	// Ask what went wrong.
	answer, err := client.Results.AskAboutFailures(ctx, started.ID, &cekura.AskAboutFailuresRequest{Question: "Why did the order status fail?"})
	require.NoError(t, err)
	assert.Contains(t, answer, "never confirmed the order")

	// A re-run is a new result of the same scenarios, which fails the same way.
	rerun, err := client.Results.Rerun(ctx, started.ID)
	require.NoError(t, err)
	assert.NotEqual(t, started.ID, rerun.ID)
	assert.Len(t, rerun.Runs, 2)
	again, err := client.Results.Wait(ctx, rerun.ID, nil)
	require.NoError(t, err)
	assert.False(t, again.Passed)

	// The metric was wrong, not the agent: evaluating again passes.
	fake.Script(cekuratest.Outcome{})
	evaluating, err := client.Results.EvaluateMetrics(ctx, started.ID, &cekura.EvaluateResultMetricsRequest{
		RunIDs: []int64{verdict.Failures[0].RunID}, MetricIDs: []int64{1}})
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusEvaluating, evaluating.Status)
	verdict, err = client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	assert.True(t, verdict.Passed, "%v", verdict)
	require.NoError(t, client.Results.BulkEvaluateMetrics(ctx, &cekura.BulkEvaluateResultMetricsRequest{ResultIDs: []int64{rerun.ID}, MetricIDs: []int64{1}}))
	again, err = client.Results.Wait(ctx, rerun.ID, nil)
	require.NoError(t, err)
	assert.True(t, again.Passed, "%v", again)

	// An unknown metric is the API's 400.
	_, err = client.Results.EvaluateMetrics(ctx, started.ID, &cekura.EvaluateResultMetricsRequest{RunIDs: []int64{1}, MetricIDs: []int64{99}})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{`Invalid pk "99" - object does not exist.`}, apiErr.FieldErrors["metric_ids"])

	// Delete a run, then the results.
	require.NoError(t, client.Results.DeleteRuns(ctx, rerun.ID, &cekura.DeleteRunsRequest{RunIDs: []int64{rerun.Runs[0].ID}}))
	got, err := client.Results.Get(ctx, rerun.ID)
	require.NoError(t, err)
	assert.Len(t, got.Runs, 1)
	require.NoError(t, client.Results.BulkDelete(ctx, &cekura.BulkDeleteResultsRequest{ResultIDs: []int64{rerun.ID, 999}}), "unknown ids are skipped")
	_, err = client.Results.Get(ctx, rerun.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
}

// TestAskingTooOftenIsRateLimited: the fake answers 429 after its limit of
// questions a minute, and the error says when to ask again; a minute of
// the fake's clock later, questions are answered again.
func TestAskingTooOftenIsRateLimited(t *testing.T) {
	t.Parallel()
	fake, client := newLabFake(t)
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	require.NoError(t, err)
	q := &cekura.AskAboutFailuresRequest{Question: "What failed?"}
	for range 5 {
		_, err := client.Results.AskAboutFailures(ctx, started.ID, q)
		require.NoError(t, err)
	}
	before := len(fake.Requests())
	_, err = client.Results.AskAboutFailures(ctx, started.ID, q)
	require.ErrorIs(t, err, cekura.ErrRateLimited)
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 429, apiErr.StatusCode)
	assert.Positive(t, apiErr.RetryAfter)
	assert.Contains(t, err.Error(), "429 Too Many Requests: Rate limit exceeded (retry after")
	assert.Len(t, fake.Requests(), before+1, "asked once, not retried")

	fake.Advance(apiErr.RetryAfter)
	_, err = client.Results.AskAboutFailures(ctx, started.ID, q)
	require.NoError(t, err)
}

// TestMetricJobsAgainstTheFake drives each metric job from its start to its
// end on the fake's clock.
func TestMetricJobsAgainstTheFake(t *testing.T) {
	t.Parallel()
	fake, client := newLabFake(t)
	ctx := context.Background()

	made, err := client.Metrics.BulkCreate(ctx, &cekura.BulkCreateMetricsRequest{Metrics: []*cekura.CreateMetricRequest{
		{Name: "Refund policy", AgentIDs: []int64{1}, EvalType: cekura.EvalTypeBinary, EvaluationTrigger: cekura.EvaluationTriggerCustom,
			EvaluationTriggerPrompt: "Only when a refund is asked for."},
		{Name: "Tone", AgentIDs: []int64{1}, EvalType: cekura.EvalTypeEnum, EnumValues: []string{"warm", "cold"}},
	}})
	require.NoError(t, err)
	require.Len(t, made, 2)
	assert.Equal(t, "Only when a refund is asked for.", made[0].EvaluationTriggerPrompt)
	// The API's own refusals of a bulk create are keyed by the metric's place.
	_, err = client.Metrics.BulkCreate(ctx, &cekura.BulkCreateMetricsRequest{Metrics: []*cekura.CreateMetricRequest{
		{Name: "ok"}, {Name: "bad", Type: "vibes"}}}, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, map[string][]string{"[1].type": {`"vibes" is not a valid choice.`}}, apiErr.FieldErrors)

	order, err := client.Metrics.Reorder(ctx, &cekura.ReorderMetricsRequest{MetricIDs: []int64{made[1].ID, made[0].ID, 1}})
	require.NoError(t, err)
	assert.Equal(t, []int64{made[1].ID, made[0].ID, 1}, order.MetricIDs)
	tone, err := client.Metrics.Get(ctx, made[1].ID)
	require.NoError(t, err)
	assert.Equal(t, 0, tone.DisplayOrder)
	first, err := client.Metrics.Get(ctx, made[0].ID)
	require.NoError(t, err)
	assert.Equal(t, 1, first.DisplayOrder)

	// A preview of an unsaved metric on a run.
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	require.NoError(t, err)
	preview, err := client.Metrics.Preview(ctx, &cekura.PreviewMetricRequest{AgentID: 1, RunIDs: []int64{started.Runs[0].ID, started.Runs[1].ID},
		Metric: &cekura.MetricPreviewData{Name: "Greets", Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary}})
	require.NoError(t, err)
	var seen []cekura.JobStatus
	preview, err = client.Metrics.WaitForPreview(ctx, preview.ProgressID, &cekura.WaitParams[cekura.MetricPreview]{
		Progress: func(p *cekura.MetricPreview) { seen = append(seen, p.Status) }})
	require.NoError(t, err)
	require.NoError(t, preview.Err())
	assert.Len(t, preview.Results, 2)
	assert.Equal(t, cekura.JobStatusQueued, seen[0])
	assert.Equal(t, cekura.JobStatusCompleted, seen[len(seen)-1])

	gen, err := client.Metrics.GenerateMetrics(ctx, &cekura.GenerateMetricsRequest{AgentID: 1, NumMetrics: 3})
	require.NoError(t, err)
	gen, err = client.Metrics.WaitForMetricGeneration(ctx, gen.ProgressID, nil)
	require.NoError(t, err)
	require.Len(t, gen.Metrics, 3)
	assert.Zero(t, gen.Metrics[0].ID, "suggested, not saved")

	short, err := client.Metrics.SimplifyPrompt(ctx, &cekura.SimplifyPromptRequest{OriginalPrompt: "Judge the greeting. Be strict about it."})
	require.NoError(t, err)
	assert.True(t, short.Done())
	assert.Equal(t, "Judge the greeting.", short.SimplifiedPrompt)
	long, err := client.Metrics.SimplifyPrompt(ctx, &cekura.SimplifyPromptRequest{OriginalPrompt: strings.Repeat("Judge whether the agent greeted the caller by name. ", 5), MetricID: 1})
	require.NoError(t, err)
	require.False(t, long.Done(), "a long prompt is simplified in the background")
	long, err = client.Metrics.WaitForPromptSimplification(ctx, long.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Judge whether the agent greeted the caller by name.", long.SimplifiedPrompt)

	clean, err := client.Metrics.GenerateCleanDescription(ctx, &cekura.MetricTextRequest{Name: "Greets", EvalType: cekura.EvalTypeBinary, Description: "did it  greet"})
	require.NoError(t, err)
	assert.Equal(t, "Judge whether the agent did this: did it greet", clean.Description)
	job, err := client.Metrics.StartCleanDescription(ctx, &cekura.CleanDescriptionRequest{AgentID: 1, MetricDescription: "did it greet", ScoreKind: cekura.ScoreKindBoolean})
	require.NoError(t, err)
	job, err = client.Metrics.WaitForCleanDescription(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Judge whether the agent did this: did it greet", job.CleanDescription)
	trigger, err := client.Metrics.GenerateEvaluationTrigger(ctx, &cekura.MetricTextRequest{Name: "Refund handled", EvalType: cekura.EvalTypeBinary})
	require.NoError(t, err)
	assert.Equal(t, cekura.EvaluationTriggerCustom, trigger.EvaluationTrigger)
	assert.Contains(t, trigger.EvaluationTriggerPrompt, "Refund handled")

	run, err := client.Metrics.RunReviews(ctx, 1, &cekura.RunReviewsRequest{LLMProvider: cekura.LLMProviderGemini})
	require.NoError(t, err)
	run, err = client.Metrics.WaitForReviewRun(ctx, run.ProgressID, nil)
	require.NoError(t, err)
	require.NoError(t, run.Err())
	assert.Equal(t, 3, run.Completed)
	require.NotNil(t, run.Metric)
	assert.Equal(t, "Greeting", run.Metric.Name)

	// A job that fails is returned, not an error; its Err says why.
	fake.FailJobs("the judge model is unavailable")
	run, err = client.Metrics.RunReviews(ctx, 1, nil)
	require.NoError(t, err)
	run, err = client.Metrics.WaitForReviewRun(ctx, run.ProgressID, nil)
	require.NoError(t, err)
	var failed *cekura.JobFailedError
	require.ErrorAs(t, run.Err(), &failed)
	assert.Equal(t, "the judge model is unavailable", failed.Message)
	fake.FailJobs("")

	// An agent description too short for generation is the API's 400.
	_, err = client.Agents.Update(ctx, 1, &cekura.UpdateAgentRequest{Description: cekura.Some("short")})
	require.NoError(t, err)
	_, err = client.Metrics.GenerateMetrics(ctx, &cekura.GenerateMetricsRequest{AgentID: 1})
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Error(), "at least 100 characters")
}

// TestLabsAgainstTheFake: the predefined catalogue, the critical metric
// scenarios a failed run makes, and a metric's improvement from feedback.
func TestLabsAgainstTheFake(t *testing.T) {
	t.Parallel()
	_, client := newLabFake(t)
	ctx := context.Background()

	catalogue, err := client.PredefinedMetrics.List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, catalogue.Results)
	for m, err := range client.PredefinedMetrics.All(ctx, nil) {
		require.NoError(t, err)
		assert.True(t, m.Category.Valid(), m.Name)
		assert.True(t, m.EvalType.Valid(), m.Name)
	}

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	require.NoError(t, err)
	_, err = client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	page, err := client.CriticalMetricScenarios.List(ctx, &cekura.ListCriticalMetricScenariosParams{AgentID: 1})
	require.NoError(t, err)
	require.Len(t, page.Results, 1, "the failed run")
	flagged := page.Results[0]
	assert.Equal(t, "Order status", flagged.Scenario)
	assert.Equal(t, cekura.CriticalPriorityCritical, flagged.Priority)
	updated, err := client.CriticalMetricScenarios.Update(ctx, flagged.ID, &cekura.UpdateCriticalMetricScenarioRequest{Priority: cekura.Some(cekura.CriticalPriorityNotABug)})
	require.NoError(t, err)
	assert.Equal(t, cekura.CriticalPriorityNotABug, updated.Priority)
	n := 0
	for c, err := range client.CriticalMetricScenarios.All(ctx, &cekura.ListCriticalMetricScenariosParams{MetricID: 1}) {
		require.NoError(t, err)
		assert.Equal(t, cekura.CriticalPriorityNotABug, c.Priority)
		n++
	}
	assert.Equal(t, 1, n)

	review, err := client.MetricReviews.Update(ctx, 101, &cekura.UpdateMetricReviewRequest{Feedback: cekura.Some("A transfer to a human is fine."),
		ExpectedValue: cekura.Some(json.RawMessage(`5`))})
	require.NoError(t, err)
	assert.Equal(t, "Greeting", review.MetricName)
	assert.Equal(t, "A transfer to a human is fine.", review.Feedback)
	_, err = client.MetricReviews.Update(ctx, 104, &cekura.UpdateMetricReviewRequest{Feedback: cekura.Some("x")})
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	job, err := client.MetricReviews.ProcessFeedbacks(ctx, &cekura.ProcessFeedbacksRequest{MetricID: 1})
	require.NoError(t, err)
	require.NoError(t, client.MetricReviews.AnswerFeedbackQuestions(ctx, &cekura.AnswerFeedbackQuestionsRequest{ProgressID: job.ProgressID,
		Answers: map[string]json.RawMessage{"q1": cekura.SkipQuestion()}}))
	job, err = client.MetricReviews.WaitForFeedbackProcessing(ctx, job.ProgressID, nil)
	require.NoError(t, err)
	require.NoError(t, job.Err())
	assert.Contains(t, job.ImprovedMetricDescription, "Did the agent greet the caller?")
	assert.Equal(t, 1.0, job.NewScore.Score)
	assert.Len(t, job.ReviewResults, 3)
	_, err = client.Metrics.Update(ctx, 1, &cekura.UpdateMetricRequest{Description: cekura.Some(job.ImprovedMetricDescription)})
	require.NoError(t, err)
}
