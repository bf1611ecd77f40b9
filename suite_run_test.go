package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func smokeSuite() *Suite {
	return &Suite{Version: SuiteVersion, Suite: &SuiteInfo{Name: "Smoke"}, Scenarios: []*SuiteCase{
		{Name: "Refund", Instructions: "Your order arrived damaged.", Metrics: []SuiteMetric{{Slug: "polite"}, {ID: 4}},
			Personality: &SuitePersonality{ID: 3}, TestProfile: &SuiteTestProfile{AgentVariables: map[string]any{"order_id": "ORD-1"}}},
	}}
}

func TestRunSuiteSendsTheSpecAndIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+runSuitePath, capture(200, `{"id": 9, "agent": 5, "status": "pending", "runs": [{"id": 1, "status": "pending", "scenario": 70, "scenario_name": "Refund"}]}`, &got, &mu))

	r, err := c.Tests.RunSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Channel: SuiteChannelLiveKitV2, Name: "ci #12",
		LiveKitData: []byte(`{"room": "r1"}`), Suite: smokeSuite()})
	require.NoError(t, err)
	assert.Equal(t, int64(9), r.ID)
	require.Len(t, r.Runs, 1)
	assert.Equal(t, "Refund", r.Runs[0].ScenarioName)
	require.Len(t, got, 1)
	assert.Equal(t, testBase+runSuitePath, got[0].URL)
	assert.JSONEq(t, `{"agent_id": 5, "channel": "livekit_v2", "name": "ci #12", "livekit_data": {"room": "r1"},
		"spec": {"version": "1", "suite": {"name": "Smoke"}, "scenarios": [{"name": "Refund", "instructions": "Your order arrived damaged.",
		"metrics": ["polite", 4], "personality": 3, "test_profile": {"agent_variables": {"order_id": "ORD-1"}}}]}}`, string(got[0].Body))

	mt.RegisterResponder("POST", testBase+runSuitePath, capture(503, `{"detail": "busy"}`, &got, &mu))
	_, err = c.Tests.RunSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Suite: smokeSuite()})
	require.ErrorIs(t, err, ErrServer)
	assert.Len(t, got, 2, "a 503 on a run is not retried: it may have started calls")
	assert.True(t, MaybeApplied(err))
}

func TestRunSuiteRefusesBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	s := smokeSuite()
	s.Scenarios = append(s.Scenarios, &SuiteCase{Name: "no instructions"})
	_, err := c.Tests.RunSuite(context.Background(), &RunSuiteRequest{Channel: "fax", PipecatData: []byte(`[]`), Suite: s})
	assert.ElementsMatch(t, []string{"agent_id", "channel", "pipecat_data", "pipecat_data", "scenarios[1].instructions"}, problemFields(t, err))
	_, err = c.Tests.PlanSuite(context.Background(), &RunSuiteRequest{AgentID: 5})
	assert.Equal(t, []string{"spec"}, problemFields(t, err))
	_, err = c.Tests.RunSuite(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

func TestPlanSuiteDecodesTheDryRun(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+runSuitePath+"?dry_run=true", capture(200, `{"dry_run": true, "valid": true, "plan": {
		"agent_id": 5, "project_id": 2, "channel": "voice", "suite_name": "Smoke", "scenario_count": 1, "total_runs": 2, "estimated_cost": 1.5,
		"scenarios": [{"key": "refund", "name": "Refund", "type": "instruction", "frequency": 2, "metric_ids": [4, 8], "tags": ["ci"],
		"personality": {"mode": "override", "id": 3, "name": "Calm"}, "test_profile": {"mode": "inline", "sections": ["agent_variables"]}}]}}`, &got, &mu))
	p, err := c.Tests.PlanSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Suite: smokeSuite()})
	require.NoError(t, err)
	assert.Equal(t, 2, p.TotalRuns)
	assert.Equal(t, 1.5, p.EstimatedCost)
	assert.Equal(t, SuiteChannelVoice, p.Channel)
	require.Len(t, p.Scenarios, 1)
	sc := p.Scenarios[0]
	assert.Equal(t, []int64{4, 8}, sc.MetricIDs)
	assert.Equal(t, SuiteModeOverride, sc.Personality.Mode)
	assert.True(t, sc.Personality.Mode.Valid())
	assert.Equal(t, int64(3), sc.Personality.ID)
	assert.Equal(t, []string{"agent_variables"}, sc.TestProfile.Sections)
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPost, got[0].Method)

	mt.RegisterResponder("POST", testBase+runSuitePath+"?dry_run=true", capture(200, `{"dry_run": true}`, &got, &mu))
	_, err = c.Tests.PlanSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Suite: smokeSuite()})
	assert.ErrorContains(t, err, "no plan")

	mt.RegisterResponder("POST", testBase+runSuitePath+"?dry_run=true", capture(200, `{"dry_run": true, "valid": false, "plan": {"total_runs": 2}}`, &got, &mu))
	p, err = c.Tests.PlanSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Suite: smokeSuite()})
	assert.Nil(t, p, "a plan the API calls invalid is never returned as one")
	assert.ErrorContains(t, err, "says the suite is not valid")
}

// TestRunSuiteLocationKeyedErrors: the API's {"errors": {...}} envelope
// maps onto FieldErrors with the file's locations as keys.
func TestRunSuiteLocationKeyedErrors(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+runSuitePath+"?dry_run=true", capture(400, `{"dry_run": true, "valid": false, "errors": {
		"scenarios[0].instructions": ["Instructions are required."], "scenarios[1].metrics[0]": ["No metric with slug 'x'."]}}`, &got, &mu))
	_, err := c.Tests.PlanSuite(context.Background(), &RunSuiteRequest{AgentID: 5, Suite: smokeSuite()})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, map[string][]string{
		"scenarios[0].instructions": {"Instructions are required."},
		"scenarios[1].metrics[0]":   {"No metric with slug 'x'."},
	}, ae.FieldErrors)
}

func TestEndCallsEndCallAndShareLink(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+resultsPath+"9/end_calls/", capture(200, ``, &got, &mu))
	mt.RegisterResponder("POST", testBase+runsPath+"4/end_call/", capture(200, ``, &got, &mu))
	mt.RegisterResponder("POST", testBase+resultsPath+"9/create_shareable_link_token/",
		capture(200, `{"token": "tok", "shareable_link": "https://dashboard.cekura.ai/share/tok"}`, &got, &mu))
	ctx := context.Background()
	require.NoError(t, c.Results.EndCalls(ctx, 9))
	require.NoError(t, c.Runs.EndCall(ctx, 4))
	l, err := c.Results.CreateShareLink(ctx, 9, &ShareLinkRequest{ExpireAt: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, Secret("tok"), l.Token)
	assert.Equal(t, "https://dashboard.cekura.ai/share/tok", l.URL)
	_, err = c.Results.CreateShareLink(ctx, 9, nil)
	require.NoError(t, err)
	require.Len(t, got, 4)
	assert.Empty(t, got[0].Body)
	assert.JSONEq(t, `{"expire_at": "2026-09-01T00:00:00Z"}`, string(got[2].Body))
	assert.JSONEq(t, `{}`, string(got[3].Body), "no expiry: nothing sent")

	assert.ErrorIs(t, c.Results.EndCalls(ctx, 0), ErrInvalidRequest)
	assert.ErrorIs(t, c.Runs.EndCall(ctx, -1), ErrInvalidRequest)
	_, err = c.Results.CreateShareLink(ctx, 0, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Len(t, got, 4)
}

// A run's LiveKit or Pipecat overrides may carry the connection's secrets:
// fmt and slog never print them.
func TestARunSuiteRequestPrintsWithoutItsConnectionData(t *testing.T) {
	req := RunSuiteRequest{AgentID: 7, Channel: SuiteChannelLiveKitV2, Name: "nightly",
		LiveKitData: json.RawMessage(`{"api_secret": "lk-canary"}`), PipecatData: json.RawMessage(`{"token": "pc-canary"}`)}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("run", "req", req, "ptr", &req)
	for _, out := range []string{fmt.Sprint(req), fmt.Sprintf("%+v", &req), fmt.Sprintf("%#v", req), logged.String()} {
		assert.NotContains(t, out, "canary")
		assert.Contains(t, out, "nightly")
	}
}

// A share link's token is its credential: fmt and slog never print it.
func TestAShareLinkPrintsWithoutItsToken(t *testing.T) {
	for _, l := range []ShareLink{
		{Token: "tok-canary", URL: "https://app.cekura.ai/share/results/7?token=tok-canary"},
		{Token: "tok-canary", URL: "https://app.cekura.ai/share/tok-canary/results/7"},
	} {
		var logged bytes.Buffer
		slog.New(slog.NewJSONHandler(&logged, nil)).Info("link", "link", l, "ptr", &l)
		for _, out := range []string{fmt.Sprint(l), fmt.Sprintf("%+v %#v %q", &l, l, l), logged.String()} {
			assert.NotContains(t, out, "canary")
			assert.Contains(t, out, "app.cekura.ai")
		}
		assert.Contains(t, l.URL, "canary", "the field itself is the working link")
	}
}
