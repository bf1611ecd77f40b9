package cekura_test

// The workspace services (projects, organizations, API keys, audit logs,
// billing) against the cekuratest fake.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/cekura-go/cekura/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProjectsOnTheFake(t *testing.T) {
	fake := cekuratest.New(t)
	client := fake.Client()
	ctx := context.Background()

	page, err := client.Projects.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Results, 1, "an organization always has a project")
	assert.Equal(t, "Default Project", page.Results[0].Name)
	assert.Empty(t, page.Next)

	p, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{
		Name: "Support", WebhookURL: "https://hooks.example/cekura", WebhookSecret: "whsec_1",
		NotifyPreRunWebhook: cekura.Some(true), NotifyCallLogWebhookSuccess: cekura.Some(false),
		SampleRate: cekura.Some(0.5), DailyReportDashboardIDs: []int64{3}, VapiAPIKey: "vapi_sk",
		NoCallsNotifyTimePeriod: &cekura.NoCallsAlertConfig{TimeZone: "America/New_York",
			TimePeriods: []cekura.NoCallsTimePeriod{{StartTime: "09:00", EndTime: "17:00", TimeFrame: 30}}},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.ID)
	assert.Equal(t, "https://hooks.example/cekura", p.WebhookURL)
	assert.True(t, p.WebhookSecretConfigured, "sent as the string \"true\", read as true")
	assert.True(t, p.VapiAPIKeyConfigured)
	assert.False(t, p.RetellAPIKeyConfigured)
	assert.True(t, p.NotifyPreRunWebhook)
	assert.False(t, p.NotifyCallLogWebhookSuccess)
	assert.True(t, p.NotifyCallLogWebhookFailed, "the fake's default")
	assert.Equal(t, 0.5, p.SampleRate)
	assert.Equal(t, []int64{3}, p.DailyReportDashboardIDs)
	require.NotNil(t, p.NoCallsNotifyTimePeriod)
	assert.Equal(t, 30, p.NoCallsNotifyTimePeriod.TimePeriods[0].TimeFrame)
	require.NotNil(t, p.Organization)
	assert.Equal(t, "Fake Organization", p.Organization.Name)
	assert.NotContains(t, string(p.RawJSON()), "whsec_1", "the secret is write-only")
	secrets, ok := fake.StoredProjectSecrets(p.ID)
	require.True(t, ok)
	assert.Equal(t, cekura.Secret("whsec_1"), secrets.WebhookSecret)
	assert.Equal(t, cekura.Secret("vapi_sk"), secrets.VapiAPIKey)

	got, err := client.Projects.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p.Name, got.Name)

	metric, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Resolved", ProjectID: p.ID, EvalType: cekura.EvalTypeEnum, EnumValues: []string{"yes", "no"}})
	require.NoError(t, err)
	rubric := cekura.RubricConfig{EvaluationLogic: cekura.RubricLogicAnd, Rules: []cekura.RubricRule{{MetricID: metric.ID,
		Conditions: cekura.RubricConditions{Operator: cekura.RubricLogicAnd, Conditions: []cekura.RubricCondition{
			{Field: cekura.RubricFieldEnum, Op: cekura.RubricOpIn, Value: []string{"yes"}}}}}}}
	updated, err := client.Projects.Update(ctx, p.ID, &cekura.UpdateProjectRequest{Name: cekura.Some("Support v2"),
		WebhookURL: cekura.Some(""), RubricConfig: cekura.Some(rubric)})
	require.NoError(t, err)
	assert.Equal(t, "Support v2", updated.Name)
	assert.Empty(t, updated.WebhookURL, "Some(\"\") removes the webhook")
	require.NotNil(t, updated.RubricConfig)
	require.Len(t, updated.RubricConfig.Rules, 1)
	assert.Equal(t, []any{"yes"}, updated.RubricConfig.Rules[0].Conditions.Conditions[0].Value)

	// The fake checks what the SDK cannot: the rubric's metric must be the
	// project's.
	rubric.Rules[0].MetricID = 999
	_, err = client.Projects.Update(ctx, p.ID, &cekura.UpdateProjectRequest{RubricConfig: cekura.Some(rubric)})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Unknown metric id 999 for this project."}, apiErr.FieldErrors["rubric_config"])

	change, err := client.Projects.EnablePersonalities(ctx, p.ID, &cekura.PersonalitiesRequest{All: true, Language: cekura.LanguageEnglish})
	require.NoError(t, err)
	enabled := 0
	for _, pe := range change.Personalities {
		if pe.Enabled {
			enabled++
		}
	}
	assert.Equal(t, 3, enabled, "the English ones")
	change, err = client.Projects.DisablePersonalities(ctx, p.ID, &cekura.PersonalitiesRequest{PersonalityIDs: []int64{1}})
	require.NoError(t, err)
	assert.Equal(t, "Disabled 1 personalities.", change.Message)

	// Deleting a project deletes what is in it.
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Bot", Description: "d", ProjectID: p.ID})
	require.NoError(t, err)
	require.NoError(t, client.Projects.Delete(ctx, p.ID))
	_, err = client.Agents.Get(ctx, agent.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	_, err = client.Metrics.Get(ctx, metric.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	_, err = client.Projects.Get(ctx, p.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	// The last project cannot go.
	err = client.Projects.Delete(ctx, 1)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Len(t, fake.Projects(), 1)

	// The API's own checks, through the escape hatch past the SDK's.
	_, err = client.Projects.Create(ctx, &cekura.CreateProjectRequest{Name: "x", WebhookURL: "not a url"}, cekura.WithoutClientValidation())
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Enter a valid URL."}, apiErr.FieldErrors["webhook_url"])
}

// receiver is an httptest server running a webhook.Handler that records
// the events it handles.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	events []*webhook.Event
}

func newReceiver(t *testing.T, secret cekura.Secret) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(&webhook.Handler{Secret: secret, OnEvent: func(_ context.Context, e *webhook.Event) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events = append(r.events, e)
		return nil
	}})
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) types() []webhook.EventType {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []webhook.EventType
	for _, e := range r.events {
		out = append(out, e.Type)
	}
	return out
}

func TestProjectWebhooksGoWhereTheAgentHasNone(t *testing.T) {
	fake := cekuratest.New(t)
	client := fake.Client()
	ctx := context.Background()
	projectHook, agentHook := newReceiver(t, "project-secret"), newReceiver(t, "agent-secret")

	p, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{Name: "Support",
		WebhookURL: projectHook.URL, WebhookSecret: "project-secret", NotifyPreRunWebhook: cekura.Some(true)})
	require.NoError(t, err)
	plain, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Plain", Description: "d", ProjectID: p.ID})
	require.NoError(t, err)
	own, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Own hook", Description: "d", ProjectID: p.ID,
		WebhookURL: agentHook.URL, WebhookSecret: "agent-secret"})
	require.NoError(t, err)

	for _, a := range []*cekura.Agent{plain, own} {
		sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "s", PersonalityID: 1, AgentID: a.ID, Instructions: "ask"})
		require.NoError(t, err)
		started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: a.ID, ScenarioIDs: []int64{sc.ID}})
		require.NoError(t, err)
		_, err = client.Results.Wait(ctx, started.ID, nil)
		require.NoError(t, err)
	}
	fake.Deliveries()
	assert.Equal(t, []webhook.EventType{webhook.EventTypeResultPreTrigger, webhook.EventTypeResultCompleted}, projectHook.types(),
		"the plain agent's events, with the project's secret")
	assert.Equal(t, []webhook.EventType{webhook.EventTypeResultPreTrigger, webhook.EventTypeResultCompleted}, agentHook.types(),
		"the agent's own webhook overrides the project's")

	// The project's settings choose the events: no success notices.
	_, err = client.Projects.Update(ctx, p.ID, &cekura.UpdateProjectRequest{NotifyCallLogWebhookSuccess: cekura.Some(false)})
	require.NoError(t, err)
	transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "hi", StartTime: 0, EndTime: 1})
	require.NoError(t, err)
	for i, tr := range [][]byte{transcript, nil} {
		call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: fmt.Sprint("c", i), AgentID: plain.ID, Transcript: tr})
		require.NoError(t, err)
		_, err = client.Calls.WaitForEvaluation(ctx, call.ID, nil)
		require.NoError(t, err)
	}
	fake.Deliveries()
	types := projectHook.types()
	require.Len(t, types, 3, "the failed call only: %v", types)
	assert.Equal(t, webhook.EventTypeCallLogCompleted, types[2])

	// TestWebhook sends mock data to the project's webhook.
	require.NoError(t, client.Projects.TestWebhook(ctx, p.ID))
	assert.Len(t, projectHook.types(), 4)
	_, err = client.Projects.Update(ctx, p.ID, &cekura.UpdateProjectRequest{WebhookURL: cekura.Some("")})
	require.NoError(t, err)
	err = client.Projects.TestWebhook(ctx, p.ID)
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr, "no webhook to test")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
}

func TestAPIKeysOrganizationsAuditLogsAndBillingOnTheFake(t *testing.T) {
	at := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	fake := cekuratest.New(t, cekuratest.WithClock(func() time.Time { return at }))
	client := fake.Client()
	ctx := context.Background()

	key, err := client.APIKeys.Create(ctx, &cekura.CreateAPIKeyRequest{Name: "ci", ProjectID: 1})
	require.NoError(t, err)
	assert.Equal(t, "ci", key.Name)
	assert.Equal(t, "Default Project", key.ProjectName)
	assert.Regexp(t, `^sk_fake_[0-9a-f]{40}$`, key.Key.Reveal())
	assert.NotContains(t, fmt.Sprint(key), key.Key.Reveal())
	assert.NotContains(t, string(key.RawJSON()), key.Key.Reveal())
	_, err = client.APIKeys.Create(ctx, &cekura.CreateAPIKeyRequest{Name: "org"}, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr, "the API's own rule: project-level keys only")
	assert.Contains(t, apiErr.FieldErrors["project"][0], "Only project-level")

	orgs, err := client.Organizations.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, orgs.Results, 1)
	org := orgs.Results[0]
	assert.Equal(t, "Fake Organization", org.Name)
	assert.Equal(t, cekura.TeamSize10To100, org.TeamSize)
	require.Len(t, org.Projects, 1)
	require.Len(t, org.Members, 1)
	assert.Equal(t, cekura.MemberRoleAdmin, org.Members[0].Role)
	orgs, err = client.Organizations.List(ctx, &cekura.ListOrganizationsParams{Search: "nothing like it"})
	require.NoError(t, err)
	assert.Empty(t, orgs.Results)

	p, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{Name: "Audited"})
	require.NoError(t, err)
	_, err = client.Projects.Update(ctx, p.ID, &cekura.UpdateProjectRequest{Timezone: cekura.Some("Europe/Paris")})
	require.NoError(t, err)
	var ops []string
	for l, err := range client.AuditLogs.All(ctx, &cekura.ListAuditLogsParams{OrganizationID: org.ID, PageSize: 2}) {
		require.NoError(t, err)
		ops = append(ops, fmt.Sprintf("%s %s %d", l.OperationType, l.ObjectType, l.ObjectID))
		assert.Equal(t, "cekuratest", l.APIKeyName)
		assert.Equal(t, at, l.Timestamp)
	}
	assert.Equal(t, []string{"update project 2", "create project 2", "create api_key 1"}, ops, "newest first, over two pages")
	logs, err := client.AuditLogs.List(ctx, &cekura.ListAuditLogsParams{OrganizationID: org.ID, ObjectType: "api_key",
		Since: at.Add(-time.Hour), Until: at})
	require.NoError(t, err)
	require.Len(t, logs.Results, 1)
	assert.Equal(t, key.ID, logs.Results[0].ObjectID)
	_, err = client.AuditLogs.List(ctx, &cekura.ListAuditLogsParams{OrganizationID: 99})
	assert.ErrorIs(t, err, cekura.ErrForbidden)

	info, err := client.Billing.GetInfo(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "1000.00", info.CreditsRemaining)
	require.NotNil(t, info.SubscriptionStatus)
	assert.Equal(t, cekura.SubscriptionStateActive, info.SubscriptionStatus.Status)
	require.NotNil(t, info.SubscriptionStatus.DaysUntilExpiry)
	require.NotNil(t, info.SubscriptionStatus.Pack)
	assert.Equal(t, -1, info.SubscriptionStatus.Pack.MaxProjectsLimit)
	_, err = client.Billing.GetInfo(ctx, &cekura.BillingInfoParams{OrganizationID: 2})
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	payments, err := client.Billing.ListPayments(ctx, &cekura.ListPaymentsParams{OrganizationID: org.ID})
	require.NoError(t, err)
	require.Len(t, payments.Results, 2)
	assert.Equal(t, cekura.PaymentTypeSubscription, payments.Results[0].PaymentType)
	n := 0
	for _, err := range client.Billing.AllPayments(ctx, &cekura.ListPaymentsParams{OrganizationID: org.ID}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	_, err = client.Billing.ListPayments(ctx, nil)
	var ve *cekura.ValidationError
	require.True(t, errors.As(err, &ve))
}
