package cekura_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newInsightsFake is a fake with the Support Bot (project 456, on Vapi), its
// Refund policy metric and scenario, and five production calls that failed
// their evaluation (they carry neither a transcript nor a recording).
func newInsightsFake() *cekuratest.Server {
	project := int64(456)
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot",
		Description: "Handles inbound support calls", ProjectID: project, Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_1"}}))
	ctx, client := context.Background(), fake.Client()
	must := func(_ any, err error) {
		if err != nil {
			panic(err)
		}
	}
	must(client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Refund policy", ProjectID: project, Type: cekura.MetricTypeLLMJudge,
		EvalType: cekura.EvalTypeBinary, Description: "Follows the 30-day refund policy"}))
	must(client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund request", PersonalityID: 1, AgentID: 1,
		Instructions: "You want a refund."}))
	for i := range 5 {
		must(client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: fmt.Sprintf("call_%d", i), AgentID: 1}))
	}
	fake.Advance(time.Minute) // evaluated
	return fake
}

// TestInsightsAgainstTheFake runs every operation of FailureInsights and
// ResearchInsights against cekuratest: the audits run on the fake's clock
// through the waiters, their findings read back through every view, and
// what the SDK refuses before sending the fake refuses under the same keys.
func TestInsightsAgainstTheFake(t *testing.T) {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	scope := &cekura.CategoryScope{ProjectID: 456, MetricID: 1}

	rows, err := client.FailureInsights.BulkGenerate(ctx, &cekura.BulkGenerateInsightsRequest{ProjectID: 456, MetricNames: []string{"Refund policy"}})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, cekura.InsightStatusPending, rows[0].Status)
	ins, err := client.FailureInsights.WaitForInsight(ctx, rows[0].ID, &cekura.WaitParams[cekura.FailureInsight]{PollInterval: time.Second})
	require.NoError(t, err)
	require.NoError(t, ins.Err())
	assert.Equal(t, cekura.InsightStatusSucceeded, ins.Status)
	assert.Equal(t, 5, ins.TotalFailures)
	require.Len(t, ins.FailureModes, 1)
	got, err := client.FailureInsights.Get(ctx, ins.ID)
	require.NoError(t, err)
	assert.Equal(t, ins.Headline, got.Headline)

	dates, err := client.FailureInsights.GetAvailableDates(ctx, &cekura.AvailableDatesParams{ProjectID: 456})
	require.NoError(t, err)
	assert.Equal(t, []string{ins.UpdatedAt.Format(time.DateOnly)}, dates.Dates)

	cats, err := client.FailureInsights.ListCategories(ctx, &cekura.ListFailureCategoriesParams{ProjectID: 456, MetricID: 1})
	require.NoError(t, err)
	require.Equal(t, 1, cats.Count)
	cat := cats.Results[0]
	assert.Equal(t, 5, cat.Count)
	assert.Len(t, cat.ExampleCallIDs, 3)
	var slugs []string
	for c, err := range client.FailureInsights.AllCategories(ctx, &cekura.ListFailureCategoriesParams{AgentIDs: []int64{1}}) {
		require.NoError(t, err)
		slugs = append(slugs, c.Slug)
	}
	assert.Equal(t, []string{cat.Slug}, slugs)
	calls, err := client.FailureInsights.GetCategoryCalls(ctx, cat.Slug, &cekura.CategoryCallsParams{ProjectID: 456, MetricID: 1})
	require.NoError(t, err)
	assert.Equal(t, []int64{5, 4, 3, 2, 1}, calls.CallIDs, "newest first")

	rates, err := client.FailureInsights.ListFailureRates(ctx, nil)
	require.NoError(t, err)
	require.Len(t, rates.Results, 1)
	require.NotNil(t, rates.Results[0].Rate)
	assert.InDelta(t, 100, *rates.Results[0].Rate, 1e-9)
	n := 0
	for range client.FailureInsights.AllFailureRates(ctx, &cekura.FailureRatesParams{ProjectID: 456}) {
		n++
	}
	assert.Equal(t, 1, n)

	fixed, err := client.FailureInsights.FixCategoryMetric(ctx, cat.Slug, &cekura.FixCategoryMetricRequest{ProjectID: 456, MetricID: 1,
		Feedback: "the calls were empty, not the agent's fault", ExpectedValue: cekura.Null[any]()})
	require.NoError(t, err)
	assert.Nil(t, fixed.ExpectedValue, "N/A")
	require.NoError(t, client.FailureInsights.DeleteCategory(ctx, cat.Slug, scope))
	err = client.FailureInsights.DeleteCategory(ctx, cat.Slug, scope)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	// Deep research.
	price, err := client.ResearchInsights.GetPricing(ctx, nil)
	require.NoError(t, err)
	assert.InDelta(t, 20, price.Credits, 1e-9)
	row, err := client.ResearchInsights.Generate(ctx, &cekura.GenerateResearchRequest{ProjectID: 456, WindowDays: 7, Focus: "empty calls"})
	require.NoError(t, err)
	again, err := client.ResearchInsights.Generate(ctx, &cekura.GenerateResearchRequest{ProjectID: 456, WindowDays: 1})
	require.NoError(t, err)
	assert.Equal(t, row.ID, again.ID, "the audit running, returned as it is")
	done, err := client.ResearchInsights.WaitForInsight(ctx, row.ID, nil)
	require.NoError(t, err)
	require.NoError(t, done.Err())
	require.Len(t, done.FailureModes, 1, "read from the JSON string the fake sends, as the description types it")
	mode := done.FailureModes[0]
	assert.Equal(t, "high", mode.Severity)
	assert.NotEmpty(t, mode.SuggestedFix)
	_, err = client.ResearchInsights.DismissMode(ctx, &cekura.DismissResearchModeRequest{ProjectID: 456, InsightID: done.ID, ModeTitle: mode.Title,
		ModeSeverity: mode.Severity, Note: "we know"})
	require.NoError(t, err)
	after, err := client.ResearchInsights.Get(ctx, done.ID)
	require.NoError(t, err)
	assert.Empty(t, after.FailureModes, "dismissed")
	page, err := client.ResearchInsights.List(ctx, &cekura.ListResearchInsightsParams{ProjectID: 456, LatestOnly: true})
	require.NoError(t, err)
	require.Equal(t, 1, page.Count)
	for x, err := range client.ResearchInsights.All(ctx, nil) {
		require.NoError(t, err)
		assert.Equal(t, done.ID, x.ID)
	}
	require.NoError(t, client.ResearchInsights.Delete(ctx, done.ID))
	assert.Empty(t, fake.ResearchInsights())

	// Refused before sending, and by the fake when sent anyway: the same
	// fields.
	sameKeys(t, fake, func(opts ...cekura.Option) error {
		_, err := client.ResearchInsights.Generate(ctx, &cekura.GenerateResearchRequest{ProjectID: 456, WindowDays: 31, MaxCalls: 5}, opts...)
		return err
	})
	sameKeys(t, fake, func(opts ...cekura.Option) error {
		_, err := client.FailureInsights.GetCategoryCalls(ctx, "x", &cekura.CategoryCallsParams{}, opts...)
		return err
	})
	sameKeys(t, fake, func(opts ...cekura.Option) error {
		_, err := client.ResearchInsights.DismissMode(ctx, &cekura.DismissResearchModeRequest{ProjectID: 456, ModeTitle: " "}, opts...)
		return err
	})
}

// sameKeys calls send once as is, which the SDK must refuse before sending,
// and once without client validation, which the fake must refuse with a
// 400 keyed by the same fields.
func sameKeys(t *testing.T, fake *cekuratest.Server, send func(opts ...cekura.Option) error) {
	t.Helper()
	sent := len(fake.Requests())
	var invalid *cekura.ValidationError
	require.ErrorAs(t, send(), &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	var apiErr *cekura.APIError
	require.ErrorAs(t, send(cekura.WithoutClientValidation()), &apiErr)
	var keys []string
	for _, p := range invalid.Problems {
		if !containsKey(keys, p.Field) {
			keys = append(keys, p.Field)
		}
	}
	for _, k := range keys {
		assert.Contains(t, apiErr.FieldErrors, k)
	}
	assert.Len(t, apiErr.FieldErrors, len(keys), "%v vs %v", keys, apiErr.FieldErrors)
}

func containsKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// TestImprovementSessionsAgainstTheFake runs every operation of
// AgentImprovements and ScenarioImprovements against cekuratest.
func TestImprovementSessionsAgainstTheFake(t *testing.T) {
	fake := newInsightsFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	s, err := client.AgentImprovements.Create(ctx, &cekura.CreateAgentImprovementRequest{CallLogIDs: []int64{1, 2}, ProviderKey: "vapi_sk_test"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), s.AgentID)
	assert.Equal(t, "vapi", s.Provider)
	assert.Equal(t, cekura.ImprovementSourceCallLog, s.Source)
	assert.Equal(t, cekura.AgentImprovementStatusPending, s.Status)
	var stages []cekura.ImprovementStage
	done, err := client.AgentImprovements.WaitForSession(ctx, s.ID, &cekura.WaitParams[cekura.AgentImprovementSession]{
		PollInterval: 10 * time.Second, MaxPollInterval: 10 * time.Second,
		Progress: func(x *cekura.AgentImprovementSession) {
			if len(stages) == 0 || stages[len(stages)-1] != x.Stage {
				stages = append(stages, x.Stage)
			}
		}})
	require.NoError(t, err)
	require.NoError(t, done.Err())
	assert.Equal(t, cekura.AgentImprovementStatusSucceeded, done.Status)
	assert.Equal(t, cekura.ImprovementStageFinalize, done.Stage)
	assert.Contains(t, stages, cekura.ImprovementStageBaselineRun)
	require.NotNil(t, done.BestScore)
	assert.NotContains(t, string(done.RawJSON()), "vapi_sk_test", "the provider key is never returned")
	got, err := client.AgentImprovements.Get(ctx, s.ID)
	require.NoError(t, err)
	assert.Equal(t, done.Status, got.Status)
	page, err := client.AgentImprovements.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count)
	for x, err := range client.AgentImprovements.All(ctx, &cekura.ListAgentImprovementsParams{ProjectID: 456}) {
		require.NoError(t, err)
		assert.Equal(t, s.ID, x.ID)
	}
	assert.Len(t, fake.AgentImprovementSessions(), 1)
	sameKeys(t, fake, func(opts ...cekura.Option) error {
		_, err := client.AgentImprovements.Create(ctx, &cekura.CreateAgentImprovementRequest{CallLogIDs: []int64{0}, ProviderKey: "k"}, opts...)
		return err
	})

	created, err := client.ScenarioImprovements.Create(ctx, &cekura.CreateScenarioImprovementRequest{ProjectID: 456, Title: "Sharpen refunds",
		ScenarioSelection: json.RawMessage(`{"scenario_ids": [1]}`)})
	require.NoError(t, err)
	assert.Equal(t, []int64{1}, created.ScenarioIDs)
	updated, err := client.ScenarioImprovements.Update(ctx, created.ID, &cekura.UpdateScenarioImprovementRequest{
		Status: cekura.Some(cekura.ScenarioImprovementStatusInProgress),
		ConversationHistory: cekura.Some([]cekura.ConversationItem{{Role: cekura.ConversationRoleUser, Content: "Make it stricter"},
			{Role: cekura.ConversationRoleAssistant, Content: "Done.", ToolCalls: []map[string]any{{"name": "update_scenario"}}}})})
	require.NoError(t, err)
	assert.Equal(t, cekura.ScenarioImprovementStatusInProgress, updated.Status)
	assert.Equal(t, "Sharpen refunds", updated.Title, "left alone")
	detail, err := client.ScenarioImprovements.Get(ctx, created.ID)
	require.NoError(t, err)
	require.Len(t, detail.ConversationHistory, 2)
	list, err := client.ScenarioImprovements.List(ctx, &cekura.ListScenarioImprovementsParams{ProjectID: 456})
	require.NoError(t, err)
	require.Equal(t, 1, list.Count)
	assert.Equal(t, 2, list.Results[0].MessageCount, "a string on the wire, as the description types it")
	assert.Empty(t, list.Results[0].ConversationHistory, "the list leaves it out")
	for x, err := range client.ScenarioImprovements.All(ctx, nil) {
		require.NoError(t, err)
		assert.Equal(t, created.ID, x.ID)
	}
	detached, err := client.ScenarioImprovements.Update(ctx, created.ID, &cekura.UpdateScenarioImprovementRequest{ProjectID: cekura.Null[int64]()})
	require.NoError(t, err)
	assert.Zero(t, detached.ProjectID)
	assert.Len(t, fake.ScenarioImprovementSessions(), 1)
	sameKeys(t, fake, func(opts ...cekura.Option) error {
		_, err := client.ScenarioImprovements.Update(ctx, created.ID, &cekura.UpdateScenarioImprovementRequest{
			Status: cekura.Some[cekura.ScenarioImprovementStatus]("done")}, opts...)
		return err
	})
}
