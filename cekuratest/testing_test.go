package cekuratest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loop makes an agent and two scenarios on a fake, as a user's test would.
func loop(t *testing.T) (*Server, *cekura.Client, *cekura.Agent, []*cekura.Scenario) {
	t.Helper()
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
	require.NoError(t, err)
	var scs []*cekura.Scenario
	for _, name := range []string{"Refund request", "Order status"} {
		sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: name, PersonalityID: 1, AgentID: agent.ID,
			Instructions: "You are a customer: " + name, Tags: []string{"smoke"}})
		require.NoError(t, err)
		scs = append(scs, sc)
	}
	return fake, client, agent, scs
}

func TestTheLoopPassesEndToEnd(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID, scs[1].ID}, Frequency: 2})
	require.NoError(t, err)
	assert.Equal(t, cekura.RunStatusPending, started.Status)
	require.Len(t, started.Runs, 4, "2 scenarios × frequency 2")

	var seen []cekura.RunStatus
	verdict, err := client.Results.Wait(ctx, started.ID, &cekura.WaitParams[cekura.Result]{Progress: func(r *cekura.Result) {
		if len(seen) == 0 || seen[len(seen)-1] != r.Status {
			seen = append(seen, r.Status)
		}
	}})
	require.NoError(t, err)
	assert.True(t, verdict.Passed, verdict.String())
	assert.Empty(t, verdict.Failures)
	assert.NoError(t, verdict.Err())
	assert.Equal(t, []cekura.RunStatus{cekura.RunStatusPending, cekura.RunStatusRunning, cekura.RunStatusEvaluating, cekura.RunStatusCompleted}, seen,
		"the result moved through its statuses on the fake's clock")
	assert.Equal(t, 4, verdict.Result.SuccessRuns)
	assert.NotEmpty(t, fake.RetryWaits(), "the polls waited, in fake time")

	run, err := client.Runs.Get(ctx, verdict.Result.Runs[0].ID)
	require.NoError(t, err)
	assert.True(t, run.Success)
	assert.Equal(t, "Refund request", run.ScenarioName)
	runs, err := client.Runs.GetMany(ctx, []int64{run.ID, verdict.Result.Runs[3].ID})
	require.NoError(t, err)
	assert.Len(t, runs, 2)
	page, err := client.Results.List(ctx, &cekura.ListResultsParams{AgentID: agent.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count)
	rp, err := client.Runs.List(ctx, &cekura.ListRunsParams{ResultID: started.ID, PageSize: 3})
	require.NoError(t, err)
	assert.Equal(t, 4, rp.Count)
}

func TestEveryTerminalStatusHasAVerdict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		outcome Outcome
		status  cekura.RunStatus
		reason  string
	}{
		{"one run fails its evaluation", Outcome{Fail: map[int64]string{2: "the agent never confirmed the refund"}}, cekura.RunStatusCompleted, "the agent never confirmed the refund"},
		{"the runs time out", Outcome{Status: cekura.RunStatusTimeout}, cekura.RunStatusTimeout, "ended timeout"},
		{"the infrastructure fails", Outcome{Status: cekura.RunStatusFailed}, cekura.RunStatusFailed, "ended failed"},
		{"the result is cancelled", Outcome{Status: cekura.RunStatusCancelled, Duration: time.Minute}, cekura.RunStatusCancelled, "ended cancelled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake, client, agent, scs := loop(t)
			fake.Script(tc.outcome)
			ctx := context.Background()
			started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, Tags: []string{"smoke"}})
			require.NoError(t, err)
			verdict, err := client.Results.Wait(ctx, started.ID, nil)
			require.NoError(t, err, "a failed verdict is not an error of Wait")
			assert.False(t, verdict.Passed)
			assert.Equal(t, tc.status, verdict.Result.Status)
			require.NotEmpty(t, verdict.Failures)
			assert.Contains(t, verdict.Failures[0].Reason, tc.reason)
			var failed *cekura.TestsFailedError
			require.ErrorAs(t, verdict.Err(), &failed)
			assert.Contains(t, verdict.Err().Error(), tc.reason)
			if tc.outcome.Fail != nil {
				assert.Len(t, verdict.Failures, 1, "only the scripted scenario's run")
				assert.Equal(t, scs[1].Name, verdict.Failures[0].Scenario)
			}
		})
	}
}

func TestAWaitForRunsThatNeverEndEndsWithTheContext(t *testing.T) {
	fake, client, agent, scs := loop(t)
	fake.Script(Outcome{Never: true})
	started, err := client.Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // on the fake's clock: no real wait
	defer cancel()
	_, err = client.Results.Wait(ctx, started.ID, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "waiting for result")
}

func TestWaitSurvivesTransientErrorsAndHonoursRetryAfter(t *testing.T) {
	fake, client, agent, scs := loop(t)
	started, err := client.Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.NoError(t, err)
	// Every GET of the result fails 4 times in a row (the client's own 2
	// retries included), then a 429 asks for 45 s.
	fake.Fail(Fault{Method: "GET", Path: resultsPath + "*", Status: 503, Times: 6})
	fake.Fail(Fault{Method: "GET", Path: resultsPath + "*", Status: 429, RetryAfter: 45 * time.Second, Times: 3})
	verdict, err := client.Results.Wait(context.Background(), started.ID, &cekura.WaitParams[cekura.Result]{PollInterval: time.Second})
	require.NoError(t, err)
	assert.True(t, verdict.Passed)
	assert.Contains(t, fake.RetryWaits(), 45*time.Second, "Retry-After honoured")

	// A permanent error ends the wait at once.
	_, err = client.Results.Wait(context.Background(), 999, nil)
	require.ErrorIs(t, err, cekura.ErrNotFound)

	// Too many transient failures in a row end it too.
	fake.Fail(Fault{Method: "GET", Path: resultsPath + "*", Status: 502, Times: 1000})
	_, err = client.Results.Wait(context.Background(), started.ID, &cekura.WaitParams[cekura.Result]{MaxConsecutiveErrors: 3}, cekura.WithMaxRetries(0))
	require.ErrorIs(t, err, cekura.ErrServer)
	assert.Contains(t, err.Error(), "3 polls in a row failed")
}

func TestStartingIsNeverRetriedOnceItMayHaveBeenSent(t *testing.T) {
	fake, client, agent, scs := loop(t)
	fake.Fail(Fault{Method: "POST", Path: scenariosPath + "run_scenarios/", Status: 502, AfterWrite: true})
	_, err := client.Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.ErrorIs(t, err, cekura.ErrServer)
	assert.True(t, cekura.MaybeApplied(err), "the run may have started: check before starting again")
	page, err := client.Results.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count, "one start, not three")
}

func TestTheOtherTransportsAndBadStarts(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	for _, tr := range []cekura.Transport{cekura.TransportText, cekura.TransportChirp, cekura.TransportElevenLabs, cekura.TransportSIP} {
		r, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{Transport: tr, AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
		require.NoError(t, err, tr)
		assert.Equal(t, tr == cekura.TransportText, r.RunAsText, tr)
	}
	paths := map[string]bool{}
	for _, rq := range fake.Requests() {
		paths[rq.Path] = true
	}
	for _, p := range []string{"run_scenarios_text/", "run_scenarios_chirp/", "run_scenarios_elevenlabs/", "run_scenarios_sip/"} {
		assert.True(t, paths[scenariosPath+p], p)
	}

	before := len(fake.Requests())
	for _, bad := range []*cekura.StartTestsRequest{
		{AgentID: agent.ID},
		{AgentID: agent.ID, ScenarioIDs: []int64{1}, Tags: []string{"x"}},
		{ScenarioIDs: []int64{1}},
		{AgentID: agent.ID, FolderPath: "Sales"},
		{AgentID: agent.ID, ScenarioIDs: []int64{1}, Transport: "carrier-pigeon"},
		{AgentID: agent.ID, ScenarioIDs: []int64{1}, SIPEndpoint: "sip:a@b"},
		{AgentID: agent.ID, ScenarioIDs: []int64{1}, Transport: cekura.TransportText, WebsocketURL: "https://x/?token=t"},
		{AgentID: agent.ID, ScenarioIDs: []int64{-1}},
	} {
		_, err := client.Tests.Start(ctx, bad)
		assert.ErrorIs(t, err, cekura.ErrInvalidRequest, "%+v", bad)
		assert.NotContains(t, err.Error(), "token=t")
	}
	assert.Len(t, fake.Requests(), before, "nothing was sent")

	_, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{9999}})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr, "the fake judges what the SDK cannot know")
	assert.Contains(t, apiErr.FieldErrors["scenarios"][0], "does not exist")
}

func TestScenariosCRUDBulkAndGeneration(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	sc, err := client.Scenarios.Update(ctx, scs[0].ID, &cekura.UpdateScenarioRequest{Name: cekura.Some("Refund, angry"), FolderPath: cekura.Some("Sales")})
	require.NoError(t, err)
	assert.Equal(t, "Refund, angry", sc.Name)
	assert.Equal(t, "Sales", sc.FolderPath)
	page, err := client.Scenarios.List(ctx, &cekura.ListScenariosParams{AgentID: agent.ID, FolderPath: cekura.Some("Sales")})
	require.NoError(t, err)
	require.Equal(t, 1, page.Count)
	page, err = client.Scenarios.List(ctx, &cekura.ListScenariosParams{FolderPath: cekura.Some("")})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Count, `Some("") keeps the scenarios in no folder`)

	err = client.Scenarios.BulkUpdate(ctx, &cekura.BulkUpdateScenariosRequest{ScenarioIDs: []int64{scs[0].ID, scs[1].ID}, AgentID: agent.ID, AppendInstruction: " Be brief."})
	require.NoError(t, err)
	got, err := client.Scenarios.Get(ctx, scs[1].ID)
	require.NoError(t, err)
	assert.Equal(t, "You are a customer: Order status Be brief.", got.Instructions)

	require.NoError(t, client.Scenarios.Delete(ctx, scs[1].ID))
	_, err = client.Scenarios.Get(ctx, scs[1].ID)
	require.ErrorIs(t, err, cekura.ErrNotFound)

	gen, err := client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{AgentID: agent.ID, NumScenarios: 3, Tags: []string{"generated"}})
	require.NoError(t, err)
	require.NotEmpty(t, gen.ProgressID)
	now, err := client.Scenarios.GetGeneration(ctx, gen.ProgressID)
	require.NoError(t, err)
	assert.Equal(t, 3, now.Total)
	assert.False(t, now.Done(), "no time has passed on the fake's clock")
	_, err = client.Scenarios.GetGeneration(ctx, "no-such-generation")
	require.Error(t, err)
	var counts []int
	done, err := client.Scenarios.WaitForGeneration(ctx, gen.ProgressID, &cekura.WaitParams[cekura.Generation]{
		PollInterval: 2 * time.Second,
		Progress:     func(g *cekura.Generation) { counts = append(counts, g.Completed) },
	})
	require.NoError(t, err)
	assert.True(t, done.Done())
	assert.Len(t, done.Scenarios, 3)
	assert.Equal(t, 3, counts[len(counts)-1])
	assert.Greater(t, len(counts), 1, "progress reported along the way")
	assert.Len(t, fake.Scenarios(), 1+3)

	var all []int64
	for s, err := range client.Scenarios.All(ctx, &cekura.ListScenariosParams{Tags: []string{"generated"}, PageSize: 2}) {
		require.NoError(t, err)
		all = append(all, s.ID)
	}
	assert.Len(t, all, 3)

	_, err = client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "x", PersonalityID: 1})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest, "no agent, project or assistant")
	_, err = client.Scenarios.Update(ctx, scs[0].ID, &cekura.UpdateScenarioRequest{})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest, "an update that sets nothing")
	_, err = client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{AgentID: agent.ID, NumScenarios: 101})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)
	assert.False(t, errors.Is(err, cekura.ErrServer))
}

func TestClientWaitsJudgeDeadlinesOnTheFakesClock(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	fake.Fail(Fault{Status: 429, RetryAfter: 30 * time.Second, Times: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err, "two 30 s waits fit in 10 minutes of the fake's clock")

	fake.Fail(Fault{Status: 429, RetryAfter: 30 * time.Second})
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	_, err = client.Agents.Create(short, &cekura.CreateAgentRequest{Name: "B", Description: "d"})
	require.ErrorIs(t, err, cekura.ErrRateLimited, "a 30 s wait does not fit in 10 s: the 429 is the answer")
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "as with a real clock: the API answered, the context is still live")
	assert.Contains(t, err.Error(), "gave up waiting to retry")
}

func TestADeadlineCountsOnlyTheWaitsMadeUnderIt(t *testing.T) {
	fake, client, agent, scs := loop(t)
	// A long first wait moves the fake's clock 15 minutes on...
	fake.Advance(15 * time.Minute)
	never, cancel0 := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel0()
	fake.Script(Outcome{Never: true})
	first, err := client.Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.NoError(t, err)
	_, err = client.Results.Wait(never, first.ID, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// ...and a later 10-minute wait still has its 10 minutes for a 30 s run.
	fake.Script(Outcome{})
	started, err := client.Tests.Start(context.Background(), &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID}})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	v, err := client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err, "the earlier 25 minutes of the fake's clock do not count against this context")
	assert.True(t, v.Passed)
}

func TestStartingByTheProvidersAssistantID(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Vapi Bot", Description: "d",
		Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi, AgentID: "asst_42"}})
	require.NoError(t, err)
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Hello", PersonalityID: 1, AgentID: agent.ID, Instructions: "Say hello", Tags: []string{"smoke"}})
	require.NoError(t, err)

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AssistantID: "asst_42", Tags: []string{"smoke"}})
	require.NoError(t, err, "the SDK accepts an assistant id alone, so the fake does too")
	assert.Equal(t, agent.ID, started.AgentID)
	require.Len(t, started.Runs, 1)
	v, err := client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)
	assert.True(t, v.Passed)
	assert.Equal(t, sc.Name, v.Result.Runs[0].ScenarioName)

	_, err = client.Tests.Start(ctx, &cekura.StartTestsRequest{AssistantID: "asst_nobody", Tags: []string{"smoke"}})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.Error(), "assistant_id")
}

func TestRunsSayWhereToDialAndFilterAsTheAPIDoes(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	profile, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Jane", AgentID: agent.ID,
		Information: cekura.TestProfileInformation{AgentVariables: map[string]any{"user_name": "Jane Doe"}}})
	require.NoError(t, err)
	_, err = client.Scenarios.Update(ctx, scs[0].ID, &cekura.UpdateScenarioRequest{TestProfileID: cekura.Some(profile.ID)})
	require.NoError(t, err)

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{scs[0].ID, scs[1].ID}})
	require.NoError(t, err)
	require.Len(t, started.Runs, 2)
	first := started.Runs[0]
	assert.NotEmpty(t, first.Number, "an outbound agent's run: the number to dial")
	assert.Equal(t, 300, first.OutboundDialWindowSeconds)
	assert.Equal(t, first.OutboundDialWindowOpensAt.Add(5*time.Minute), first.OutboundDialWindowClosesAt)
	require.NotNil(t, first.TestProfileData)
	assert.Equal(t, "Jane Doe", first.TestProfileData.Information.AgentVariables["user_name"])
	assert.Equal(t, "Jane", first.TestProfileName)
	assert.Nil(t, started.Runs[1].TestProfileData, "its scenario has no profile")
	assert.Equal(t, "Support Bot", first.AgentName)
	assert.Equal(t, cekura.ScenarioTypeInstruction, first.ScenarioType)
	assert.Empty(t, first.TraceID, "no trace before the run ends")

	text, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{Transport: cekura.TransportText, AgentID: agent.ID, ScenarioIDs: []int64{scs[1].ID}})
	require.NoError(t, err)
	assert.Empty(t, text.Runs[0].Number, "a text run dials nothing")
	assert.True(t, text.Runs[0].RunAsText)

	fake.Advance(time.Minute)
	ids := func(p *cekura.ListRunsParams) []int64 {
		t.Helper()
		page, err := client.Runs.List(ctx, p)
		require.NoError(t, err)
		var out []int64
		for _, r := range page.Results {
			out = append(out, r.ID)
		}
		return out
	}
	all := []int64{first.ID, started.Runs[1].ID, text.Runs[0].ID}
	assert.Equal(t, all, ids(&cekura.ListRunsParams{Statuses: []cekura.RunStatus{cekura.RunStatusCompleted, cekura.RunStatusFailed}}))
	assert.Equal(t, []int64{first.ID}, ids(&cekura.ListRunsParams{IDs: []int64{first.ID, 99}}))
	assert.Equal(t, []int64{first.ID}, ids(&cekura.ListRunsParams{ScenarioIDs: []int64{scs[0].ID}}))
	assert.Equal(t, []int64{text.Runs[0].ID}, ids(&cekura.ListRunsParams{RunAsText: cekura.Some(true)}))
	assert.Equal(t, all, ids(&cekura.ListRunsParams{Tags: []string{"smoke", "other"}, AgentIDs: []int64{agent.ID}, PersonalityIDs: []int64{1}}))
	assert.Equal(t, []int64{first.ID}, ids(&cekura.ListRunsParams{Search: "REFUND"}))
	assert.Equal(t, all, ids(&cekura.ListRunsParams{MinDurationMinutes: cekura.Some(0.5), MaxDurationMinutes: cekura.Some(0.5)}),
		"the fake's runs take 30 s")
	assert.Empty(t, ids(&cekura.ListRunsParams{MinDurationMinutes: cekura.Some(1.0)}))
	// Times are sent to the second.
	assert.Empty(t, ids(&cekura.ListRunsParams{From: first.Timestamp.Add(2 * time.Second)}))
	assert.Equal(t, all, ids(&cekura.ListRunsParams{CreatedFrom: first.Timestamp.Add(-time.Second), CreatedTo: first.Timestamp.Add(time.Minute)}))
	assert.Empty(t, ids(&cekura.ListRunsParams{ProviderCallID: "call_1"}), "the fake's calls have no provider id")

	run, err := client.Runs.Get(ctx, first.ID)
	require.NoError(t, err)
	assert.Len(t, run.TraceID, 32, "the trace of an ended run")

	_, err = client.Runs.List(ctx, &cekura.ListRunsParams{Statuses: []cekura.RunStatus{"done"}}, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "status__in", "the API's 400")
}
