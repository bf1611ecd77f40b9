package cekuratest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is a real webhook.Handler on an httptest server, recording the
// events that reach OnEvent; fail makes OnEvent fail the next n events.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	events []*webhook.Event
	fail   int
}

func newReceiver(t *testing.T, secret cekura.Secret) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(&webhook.Handler{Secret: secret, OnEvent: func(_ context.Context, e *webhook.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, e)
		if rc.fail > 0 {
			rc.fail--
			return errors.New("the receiver's store is down")
		}
		return nil
	}})
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) seen() []*webhook.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*webhook.Event(nil), rc.events...)
}

// TestCallWebhooksEndToEnd is the scenario, with the fake's own
// deliveries: send a call, and the handler gets its call_log.completed;
// rerun its evaluation, and the handler gets the new one; the handler
// answers 500 once, and the retry reaches OnEvent.
func TestCallWebhooksEndToEnd(t *testing.T) {
	rc := newReceiver(t, "whsec_e2e")
	fake := New(t)
	client := fake.Client()
	ctx := t.Context()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d", WebhookURL: rc.URL, WebhookSecret: "whsec_e2e"})
	require.NoError(t, err)

	sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c1", AgentID: agent.ID, VoiceRecordingURL: "https://rec.example/c1.wav"})
	require.NoError(t, err)
	assert.Empty(t, fake.Deliveries(), "nothing before the evaluation ends")
	fake.Advance(evaluationTime) // no read of the call: the clock alone sends it
	ds := fake.Deliveries()
	require.Len(t, ds, 1)
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeCallLogCompleted, IdempotencyKey: fmt.Sprintf("call_log_completed:%d:1", sent.ID), Attempt: 1, Status: 200}, ds[0])
	require.Len(t, rc.seen(), 1)
	call, err := rc.seen()[0].Call()
	require.NoError(t, err)
	assert.Equal(t, "c1", call.CallID)
	assert.True(t, call.Evaluated())
	var data map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(rc.seen()[0].Data, &data))
	assert.JSONEq(t, fmt.Sprint(agent.ID), string(data["agent_id"]), "the documented agent_id")

	// Reading the call again sends nothing more.
	_, err = client.Calls.Get(ctx, sent.ID)
	require.NoError(t, err)
	assert.Len(t, fake.Deliveries(), 1)

	// A re-evaluation is a new outcome: a new event, with a new key; the
	// handler fails it once, and the retry reaches OnEvent.
	rc.mu.Lock()
	rc.fail = 1
	rc.mu.Unlock()
	_, err = client.Calls.RerunEvaluation(ctx, &cekura.RerunEvaluationRequest{AgentID: agent.ID, Calls: cekura.SelectCalls(sent.ID)})
	require.NoError(t, err)
	_, err = client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
	require.NoError(t, err)
	ds = fake.Deliveries()
	require.Len(t, ds, 3)
	key := fmt.Sprintf("call_log_completed:%d:2", sent.ID)
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeCallLogCompleted, IdempotencyKey: key, Attempt: 1, Status: 500}, ds[1])
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeCallLogCompleted, IdempotencyKey: key, Attempt: 2, Status: 200}, ds[2])
	events := rc.seen()
	require.Len(t, events, 3, "the first evaluation, the failed copy of the second, its retry")
	assert.Equal(t, key, events[1].Key)
	assert.Equal(t, key, events[2].Key)
}

// TestResultWebhooksShapesAndPreTrigger: result.pre_trigger is sent with
// its documented key before the runs are dispatched, and waited for;
// result.completed is sent when the result ends on the clock, with runs
// keyed by run id and each run's scenario as {id, name}.
func TestResultWebhooksShapesAndPreTrigger(t *testing.T) {
	rc := newReceiver(t, "whsec_r")
	fake := New(t)
	client := fake.Client()
	ctx := t.Context()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d", WebhookURL: rc.URL, WebhookSecret: "whsec_r"})
	require.NoError(t, err)
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: agent.ID, Instructions: "ask"})
	require.NoError(t, err)
	rc.mu.Lock()
	rc.fail = 1 // the pre-run hook fails once: retried, as Cekura documents
	rc.mu.Unlock()
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{sc.ID}, Name: "nightly"})
	require.NoError(t, err)
	// The hook was answered before Start returned.
	ds := fake.Deliveries()
	require.Len(t, ds, 2)
	pre := fmt.Sprintf("result_pre_trigger:%d", started.ID)
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeResultPreTrigger, IdempotencyKey: pre, Attempt: 1, Status: 500}, ds[0])
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeResultPreTrigger, IdempotencyKey: pre, Attempt: 2, Status: 200}, ds[1])
	p, err := rc.seen()[1].PreTrigger()
	require.NoError(t, err)
	assert.Equal(t, started.ID, p.ResultID)
	assert.Equal(t, "nightly", p.Label)
	assert.Equal(t, agent.ID, p.AgentID)
	require.Len(t, p.Runs, 1)
	assert.Equal(t, started.Runs[0].ID, p.Runs[0].ID)
	assert.Equal(t, sc.ID, p.Runs[0].ScenarioID, "the scenario, sent as {id, name}")
	assert.Equal(t, "Refund", p.Runs[0].ScenarioName)

	fake.Advance(time.Minute)
	ds = fake.Deliveries()
	require.Len(t, ds, 3)
	assert.Equal(t, Delivery{URL: rc.URL, EventType: webhook.EventTypeResultCompleted, IdempotencyKey: fmt.Sprintf("result_completed:%d", started.ID), Attempt: 1, Status: 200}, ds[2])
	done := rc.seen()[2]
	runs := map[string]json.RawMessage{}
	require.NoError(t, json.Unmarshal(jsonField(t, done.Data, "runs"), &runs), "runs keyed by run id")
	require.Contains(t, runs, fmt.Sprint(started.Runs[0].ID))
	assert.JSONEq(t, fmt.Sprintf(`{"id": %d, "name": "Refund"}`, sc.ID), string(jsonField(t, runs[fmt.Sprint(started.Runs[0].ID)], "scenario")))
	res, err := done.Result()
	require.NoError(t, err)
	assert.True(t, cekura.NewVerdict(res).Passed)
	assert.Equal(t, sc.ID, res.Runs[0].ScenarioID)
}

func jsonField(t *testing.T, raw json.RawMessage, name string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	return m[name]
}

// TestUnansweredDeliveriesAreRetriedThenGivenUp: a receiver that is not
// there gets every attempt of the policy, each recorded with its error.
func TestUnansweredDeliveriesAreRetriedThenGivenUp(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	fake := New(t)
	client := fake.Client()
	agent, err := client.Agents.Create(t.Context(), &cekura.CreateAgentRequest{Name: "A", Description: "d", WebhookURL: gone.URL, WebhookSecret: "s"})
	require.NoError(t, err)
	_, err = client.Calls.Send(t.Context(), &cekura.SendCallRequest{CallID: "c", AgentID: agent.ID, VoiceRecordingURL: "https://rec.example/c.wav"})
	require.NoError(t, err)
	begin := time.Now()
	fake.Advance(evaluationTime)
	ds := fake.Deliveries()
	require.Len(t, ds, completedAttempts)
	for i, d := range ds {
		assert.Equal(t, i+1, d.Attempt)
		assert.Error(t, d.Err)
		assert.Zero(t, d.Status)
		assert.Equal(t, ds[0].IdempotencyKey, d.IdempotencyKey)
	}
	assert.Less(t, time.Since(begin), time.Second, "retries take milliseconds")
}

// TestListFiltersFilter: every filter the SDK sends keeps some items and
// drops others, and a malformed value is the API's 400.
func TestListFiltersFilter(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := t.Context()
	a1, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "One", Description: "d", ProjectID: 7})
	require.NoError(t, err)
	a2, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Two", Description: "d"})
	require.NoError(t, err)
	scenario := func(agent int64, folder string, tags ...string) int64 {
		t.Helper()
		var body = map[string]any{"name": "s", "personality": 1, "agent": agent, "instructions": "ask", "tags": tags}
		if folder != "" {
			body["folder_path"] = folder
		}
		var out struct{ ID int64 }
		sendJSON(t, fake, http.MethodPost, scenariosPath, body, http.StatusCreated, &out)
		return out.ID
	}
	s1, s2, s3 := scenario(a1.ID, "f", "x"), scenario(a1.ID, "", "x", "y"), scenario(a2.ID, "", "y")
	fake.Script(Outcome{Fail: map[int64]string{s2: "wrong answer"}})
	r1, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: a1.ID, ScenarioIDs: []int64{s1, s2}, Name: "first"})
	require.NoError(t, err)
	r2, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: a2.ID, ScenarioIDs: []int64{s3}, Name: "other"})
	require.NoError(t, err)
	before := time.Now().UTC().Add(-time.Hour)
	c1, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c1", AgentID: a1.ID, VoiceRecordingURL: "https://rec.example/1.wav"})
	require.NoError(t, err)
	_, err = client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c2", AgentID: a2.ID, VoiceRecordingURL: "https://rec.example/2.wav"})
	require.NoError(t, err)
	sendJSON(t, fake, http.MethodPost, metricsPath, map[string]any{"name": "M one", "agents": []int64{a1.ID}, "project": 7}, http.StatusCreated, nil)
	sendJSON(t, fake, http.MethodPost, metricsPath, map[string]any{"name": "M two", "agents": []int64{a2.ID}}, http.StatusCreated, nil)
	fake.Advance(time.Minute)

	id := func(v int64) string { return fmt.Sprint(v) }
	ts := func(t time.Time) string { return t.Format(time.RFC3339) }
	for _, tc := range []struct {
		path, query string
		want        int // items kept; -1 for a 400
	}{
		{agentsPath, "", 2},
		{agentsPath, "project_id=7", 1},
		{runsPath, "", 3},
		{runsPath, "success=true", 2},
		{runsPath, "success=false", 1},
		{runsPath, "success=maybe", -1},
		{runsPath, "status=completed", 3},
		{runsPath, "status=running", 0},
		{runsPath, "status=walking", -1},
		{runsPath, "result_id=" + id(r2.ID), 1},
		{runsPath, "agent_id=" + id(a2.ID), 1},
		{runsPath, "project_id=7", 2},
		{runsPath, "scenario__id=" + id(s2), 1},
		{runsPath, "scenario__id=two", -1},
		{resultsPath, "", 2},
		{resultsPath, "agent_id=" + id(a1.ID), 1},
		{resultsPath, "project_id=7", 1},
		{resultsPath, "search=OTH", 1},
		{resultsPath, "scenarios=" + id(s3), 1},
		{resultsPath, "scenarios=" + id(s1) + "," + id(s3), 2},
		{resultsPath, "scenarios=a,b", -1},
		{callsPath, "", 2},
		{callsPath, "agent_id=" + id(a1.ID), 1},
		{callsPath, "project_id=7", 1},
		{callsPath, "call_ids=" + id(c1.ID), 1},
		{callsPath, "call_ids=x", -1},
		{callsPath, "timestamp_to=" + url.QueryEscape(ts(before)), 0},
		{callsPath, "timestamp_from=" + url.QueryEscape(ts(before)), 2},
		{callsPath, "timestamp_from=" + url.QueryEscape(ts(before.Add(-40*24*time.Hour))) + "&timestamp_to=" + url.QueryEscape(ts(before)), -1},
		{callsPath, "timestamp_from=yesterday", -1},
		{callsPath, "filters_v2=%7B%7D", -1},
		{scenariosPath, "", 3},
		{scenariosPath, "agent_id=" + id(a2.ID), 1},
		{scenariosPath, "project_id=7", 2},
		{scenariosPath, "tags=y", 2},
		{scenariosPath, "tags=x,y&tag_filter_type=and", 1},
		{scenariosPath, "tags=x&tag_filter_type=not", 1},
		{scenariosPath, "tags=x&tag_filter_type=xor", -1},
		{scenariosPath, "folder_path=f", 1},
		{scenariosPath, "folder_path=", 2},
		{metricsPath, "", 2},
		{metricsPath, "agent_id=" + id(a1.ID), 1},
		{metricsPath, "project_id=7", 1},
		{metricsPath, "slug=m_two", 1},
		{metricsPath, "agent_id=one", -1},
	} {
		t.Run(strings.Trim(tc.path, "/")+"?"+tc.query, func(t *testing.T) {
			assert.Equal(t, tc.want, count(t, fake, tc.path+"?"+tc.query))
		})
	}

	// And through the SDK, as the issue tried it.
	page, err := client.Runs.List(ctx, &cekura.ListRunsParams{Success: cekura.Some(true)})
	require.NoError(t, err)
	assert.Len(t, page.Results, 2)
	for _, rn := range page.Results {
		assert.True(t, rn.Success)
	}
	_ = r1
}

// count is how many items a GET lists (a page's count, or a bare array's
// length), or -1 for a 400.
func count(t *testing.T, fake *Server, pathAndQuery string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fake.URL()+pathAndQuery, nil)
	require.NoError(t, err)
	req.Header.Set(keyHeader, fake.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusBadRequest {
		return -1
	}
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var items []json.RawMessage
	if json.Unmarshal(body, &items) == nil {
		return len(items)
	}
	var p struct{ Count int }
	require.NoError(t, json.Unmarshal(body, &p))
	return p.Count
}

// sendJSON sends a JSON request to the fake, checks its status and decodes its
// answer into out (when not nil).
func sendJSON(t *testing.T, fake *Server, method, path string, body any, status int, out any) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(method, fake.URL()+path, strings.NewReader(string(b)))
	require.NoError(t, err)
	req.Header.Set(keyHeader, fake.APIKey())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	require.Equal(t, status, resp.StatusCode, string(got))
	if out != nil {
		require.NoError(t, json.Unmarshal(got, out))
	}
}

// TestDuplicateCopiesScenariosAndDeleteRelated: the request flags do what
// they say.
func TestDuplicateCopiesScenariosAndDeleteRelated(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := t.Context()
	a, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err)
	_, err = client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "s", PersonalityID: 1, AgentID: a.ID, Instructions: "ask", Tags: []string{"t"}})
	require.NoError(t, err)

	plain, err := client.Agents.Duplicate(ctx, a.ID, nil)
	require.NoError(t, err)
	withScenarios, err := client.Agents.Duplicate(ctx, a.ID, &cekura.DuplicateAgentRequest{CopyScenarios: true})
	require.NoError(t, err)
	countFor := func(agent int64) int { return count(t, fake, scenariosPath+"?agent_id="+fmt.Sprint(agent)) }
	assert.Equal(t, 0, countFor(plain.ID))
	assert.Equal(t, 1, countFor(withScenarios.ID), "copy_scenarios copies them")

	_, err = client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c", AgentID: withScenarios.ID, VoiceRecordingURL: "https://rec.example/c.wav"})
	require.NoError(t, err)
	require.NoError(t, client.Agents.Delete(ctx, withScenarios.ID, &cekura.DeleteAgentParams{DeleteRelated: cekura.Some(false)}))
	assert.Equal(t, 2, count(t, fake, scenariosPath), "detached, not deleted")
	assert.Len(t, fake.Calls(), 1)
	require.NoError(t, client.Agents.Delete(ctx, a.ID, nil))
	assert.Equal(t, 1, count(t, fake, scenariosPath), "deleted with the agent (delete_related defaults to true)")
}

// TestLengthsAreCountedInCharacters: 100 "é" are 100 characters (200
// bytes), which the API takes.
func TestLengthsAreCountedInCharacters(t *testing.T) {
	fake := New(t)
	a, err := fake.Client().Agents.Create(t.Context(), &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err)
	call := func(id string) map[string]any {
		return map[string]any{"call_id": id, "agent": a.ID, "voice_recording_url": "https://rec.example/x.wav", "customer_number": strings.Repeat("é", 100)}
	}
	sendJSON(t, fake, http.MethodPost, observePath, call(strings.Repeat("é", 100)), http.StatusCreated, nil)
	sendJSON(t, fake, http.MethodPost, observePath, call(strings.Repeat("é", 101)), http.StatusBadRequest, nil)
	sendJSON(t, fake, http.MethodPost, metricsPath, map[string]any{"name": strings.Repeat("é", 255)}, http.StatusCreated, nil)
	sendJSON(t, fake, http.MethodPost, metricsPath, map[string]any{"name": strings.Repeat("é", 256)}, http.StatusBadRequest, nil)
	sc := map[string]any{"name": "s", "personality": 1, "agent": a.ID, "instructions": "ask", "first_message": strings.Repeat("é", 1000)}
	sendJSON(t, fake, http.MethodPost, scenariosPath, sc, http.StatusCreated, nil)
	sc["first_message"] = strings.Repeat("é", 1001)
	sendJSON(t, fake, http.MethodPost, scenariosPath, sc, http.StatusBadRequest, nil)
}
