package cekuratest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendEvaluateAndReadBack(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
	require.NoError(t, err)
	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 0, EndTime: 2},
		cekura.Turn{Role: cekura.RoleAgent, Content: "It ships today.", StartTime: 2.5, EndTime: 4},
	)
	require.NoError(t, err)
	sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call_1", AgentID: agent.ID, Transcript: transcript,
		CustomerNumber: "+14155550000", Metadata: map[string]any{"customer_id": "123"}, MetricIDs: []int64{118, 119}})
	require.NoError(t, err)
	assert.Equal(t, cekura.CallStatusEvaluating, sent.Status)
	assert.False(t, sent.Evaluated())
	assert.Contains(t, string(fake.Requests()[1].Body), `"metric_ids":"118,119"`, "ids as the API takes them")

	var seen []cekura.CallStatus
	done, err := client.Calls.WaitForEvaluation(ctx, sent.ID, &cekura.WaitParams[cekura.Call]{Progress: func(c *cekura.Call) { seen = append(seen, c.Status) }})
	require.NoError(t, err)
	assert.True(t, done.Evaluated())
	assert.Equal(t, cekura.CallStatusSuccess, done.Status)
	require.NotNil(t, done.Success)
	assert.True(t, *done.Success)
	assert.Equal(t, cekura.CallStatusEvaluating, seen[0], "evaluating first, on the fake's clock")
	assert.Contains(t, done.Transcript, "Main Agent: It ships today.")

	// A recording streamed as multipart.
	recording := strings.NewReader(strings.Repeat("RIFF", 64<<10))
	withAudio, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call_2", AgentID: agent.ID, TranscriptType: cekura.TranscriptTypeNoneMono,
		Recording: recording, RecordingName: "call_2.wav"})
	require.NoError(t, err)
	assert.Equal(t, "call_2", withAudio.CallID)
	fake.mu.Lock()
	c2, _ := fake.calls.get(withAudio.ID)
	fake.mu.Unlock()
	assert.Equal(t, int64(256<<10), c2.recordingBytes, "the whole recording arrived")

	page, err := client.Calls.List(ctx, &cekura.ListCallsParams{AgentID: agent.ID, From: time.Now().Add(-24 * time.Hour), To: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count)
	n := 0
	for _, err := range client.Calls.All(ctx, &cekura.ListCallsParams{AgentID: agent.ID, PageSize: 1}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)

	again, err := client.Calls.RerunEvaluation(ctx, &cekura.RerunEvaluationRequest{AgentID: agent.ID, Calls: cekura.AllCalls()})
	require.NoError(t, err)
	assert.Len(t, again, 2)
	assert.False(t, again[0].Evaluated(), "evaluating again")
	evald, err := client.Calls.EvaluateMetrics(ctx, &cekura.EvaluateMetricsRequest{AgentID: agent.ID, CallIDs: []int64{sent.ID}, MetricIDs: []int64{118}})
	require.NoError(t, err)
	assert.Len(t, evald, 1)

	require.NoError(t, client.Calls.Delete(ctx, withAudio.ID, &cekura.DeleteCallParams{RetainEvaluations: cekura.Some(true)}))
	_, err = client.Calls.Get(ctx, withAudio.ID)
	require.ErrorIs(t, err, cekura.ErrNotFound)

	// What the API requires is checked before sending.
	before := len(fake.Requests())
	for _, bad := range []*cekura.SendCallRequest{
		{AgentID: agent.ID},
		{CallID: "x"},
		{CallID: "x", AgentID: agent.ID, Transcript: []byte(`[{"role": "user", "content": "hi", "start_time": 0, "end_time": 1}]`)},
		{CallID: "x", AgentID: agent.ID, TranscriptType: "bland"},
		{CallID: "x", AgentID: agent.ID, Recording: strings.NewReader("x")},
		{CallID: "x", AgentID: agent.ID, TranscriptType: cekura.TranscriptTypeNoneMono},
	} {
		_, err := client.Calls.Send(ctx, bad)
		assert.ErrorIs(t, err, cekura.ErrInvalidRequest, "%+v", bad)
	}
	_, err = client.Calls.List(ctx, &cekura.ListCallsParams{From: time.Now().Add(-40 * 24 * time.Hour), To: time.Now()})
	assert.ErrorIs(t, err, cekura.ErrInvalidRequest, "over 33 days")
	assert.Len(t, fake.Requests(), before)
	_, err = cekura.NewTranscript(cekura.Turn{Role: "agent", Content: "x"})
	assert.ErrorIs(t, err, cekura.ErrInvalidRequest)
}

func TestMetricsCRUD(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	m, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Confirms the refund", Type: cekura.MetricTypeLLMJudge, EvalType: cekura.EvalTypeBinary,
		AgentIDs: []int64{1}, ObservabilityEnabled: cekura.Some(true)})
	require.NoError(t, err)
	assert.Equal(t, "confirms_the_refund", m.Slug)
	got, err := client.Metrics.Get(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, m.Name, got.Name)
	bySlug, err := client.Metrics.GetBySlug(ctx, "confirms_the_refund")
	require.NoError(t, err, "by slug, as the API serves it")
	assert.Equal(t, m.ID, bySlug.ID)
	_, err = client.Metrics.GetBySlug(ctx, "no_such_metric")
	require.ErrorIs(t, err, cekura.ErrNotFound)
	up, err := client.Metrics.Update(ctx, m.ID, &cekura.UpdateMetricRequest{Description: cekura.Some("Did the agent confirm it?")})
	require.NoError(t, err)
	assert.Equal(t, "Did the agent confirm it?", up.Description)
	list, err := client.Metrics.List(ctx, &cekura.ListMetricsParams{AgentID: 1})
	require.NoError(t, err)
	assert.Len(t, list.Results, 1, "a bare array reads as one page")
	assert.Equal(t, 1, list.Count)
	assert.Empty(t, list.Next)
	var walked []int64
	for metric, err := range client.Metrics.All(ctx, nil) {
		require.NoError(t, err)
		walked = append(walked, metric.ID)
	}
	assert.Equal(t, []int64{m.ID}, walked)
	require.NoError(t, client.Metrics.Delete(ctx, m.ID))
	list, err = client.Metrics.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, list.Results)
	_, err = client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "x", EvalType: cekura.EvalTypeEnum})
	assert.ErrorIs(t, err, cekura.ErrInvalidRequest, "enum needs its values")
	_, err = client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "x", Type: cekura.MetricTypeCustomCode})
	assert.ErrorIs(t, err, cekura.ErrInvalidRequest, "custom_code needs its code")
}

// TestWebhooksFromTheFake: the fake delivers call_log.completed and
// result.completed to the agent's webhook URL, and the webhook handler
// takes each once, refusing a wrong secret and an oversized body.
func TestWebhooksFromTheFake(t *testing.T) {
	var mu sync.Mutex
	var events []*webhook.Event
	h := &webhook.Handler{Secret: "whsec_test", MaxBodyBytes: 64 << 10, OnEvent: func(_ context.Context, e *webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
		return nil
	}}
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d", WebhookURL: receiver.URL, WebhookSecret: "whsec_test"})
	require.NoError(t, err)
	sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c1", AgentID: agent.ID, VoiceRecordingURL: "https://rec.example/c1.wav"})
	require.NoError(t, err)
	_, err = client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
	require.NoError(t, err)

	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "s", PersonalityID: 1, AgentID: agent.ID, Instructions: "ask"})
	require.NoError(t, err)
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{sc.ID}})
	require.NoError(t, err)
	_, err = client.Results.Wait(ctx, started.ID, nil)
	require.NoError(t, err)

	deliveries := fake.Deliveries()
	require.Len(t, deliveries, 3)
	for _, d := range deliveries {
		assert.Equal(t, http.StatusOK, d.Status, d.EventType)
		assert.Equal(t, 1, d.Attempt, d.EventType)
	}
	mu.Lock()
	require.Len(t, events, 3)
	types := []webhook.EventType{events[0].Type, events[1].Type, events[2].Type}
	mu.Unlock()
	// Deliveries run in the background: their order may vary.
	assert.ElementsMatch(t, []webhook.EventType{webhook.EventTypeCallLogCompleted, webhook.EventTypeResultPreTrigger, webhook.EventTypeResultCompleted}, types)
	assert.ElementsMatch(t, types, []webhook.EventType{deliveries[0].EventType, deliveries[1].EventType, deliveries[2].EventType})
	assert.ElementsMatch(t, []string{fmt.Sprintf("call_log_completed:%d:1", sent.ID), fmt.Sprintf("result_pre_trigger:%d", started.ID), fmt.Sprintf("result_completed:%d", started.ID)},
		[]string{deliveries[0].IdempotencyKey, deliveries[1].IdempotencyKey, deliveries[2].IdempotencyKey})
	for _, e := range events {
		if e.Type == webhook.EventTypeCallLogCompleted {
			c, err := e.Call()
			require.NoError(t, err)
			assert.Equal(t, "c1", c.CallID)
			assert.True(t, c.Evaluated())
		}
	}

	// A replay of a delivery is acknowledged and not handled again; a wrong
	// secret and an oversized body are refused. SendWebhook sends no
	// idempotency key, so its first copy is a new delivery to the handler.
	call, err := client.Calls.Get(ctx, sent.ID)
	require.NoError(t, err)
	send := func(secret cekura.Secret, data any) int {
		t.Helper()
		status, err := fake.SendWebhook(receiver.URL, secret, webhook.EventTypeCallLogCompleted, data)
		require.NoError(t, err)
		return status
	}
	assert.Equal(t, http.StatusOK, send("whsec_test", call))
	assert.Equal(t, http.StatusOK, send("whsec_test", call), "the replay")
	assert.Equal(t, http.StatusUnauthorized, send("whsec_wrong", call))
	assert.Equal(t, http.StatusUnauthorized, send("", call), "no secret header")
	assert.Equal(t, http.StatusRequestEntityTooLarge, send("whsec_test", map[string]any{"id": 999, "transcript": strings.Repeat("x", 100<<10)}))
	all := fake.Deliveries()
	require.Len(t, all, 8, "SendWebhook's deliveries are recorded too")
	assert.Equal(t, Delivery{URL: receiver.URL, EventType: webhook.EventTypeCallLogCompleted, Attempt: 1, Status: http.StatusUnauthorized}, all[5])
	mu.Lock()
	assert.Len(t, events, 4, "the replay reached the handler once in all")
	mu.Unlock()
	resp, err := http.Get(receiver.URL)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestSendWebhookToAnUnreachableReceiverIsAnError(t *testing.T) {
	fake := New(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens at its address any more

	status, err := fake.SendWebhook(closed.URL, "whsec", webhook.EventTypeResultCompleted, map[string]int{"id": 1})
	require.Error(t, err)
	assert.Zero(t, status)
	assert.Contains(t, err.Error(), closed.URL)

	_, err = fake.SendWebhook("://not a url", "whsec", webhook.EventTypeResultCompleted, nil)
	assert.Error(t, err, "an invalid URL")
	_, err = fake.SendWebhook(closed.URL, "whsec", webhook.EventTypeResultCompleted, func() {})
	assert.ErrorContains(t, err, "encoding the data")

	all := fake.Deliveries()
	require.Len(t, all, 2, "the deliveries that were tried are recorded")
	assert.Zero(t, all[0].Status)
	assert.Error(t, all[0].Err)
}

// zeros is an endless source of zero bytes, cut to length by LimitReader.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestTheFakeTakesUploadsOfAnySizeWithoutKeepingThem(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	agent, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err)
	const size = 96 << 20 // more than the fake keeps of any body
	sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "big", AgentID: agent.ID, TranscriptType: cekura.TranscriptTypeNoneMono,
		Recording: io.LimitReader(zeros{}, size), RecordingName: "big.wav"})
	require.NoError(t, err)
	fake.mu.Lock()
	c, _ := fake.calls.get(sent.ID)
	fake.mu.Unlock()
	assert.Equal(t, int64(size), c.recordingBytes, "every byte was counted")

	reqs := fake.Requests()
	last := reqs[len(reqs)-1]
	assert.Less(t, len(last.Body), 4<<10, "the recorded body holds the form, not the recording")
	assert.Contains(t, string(last.Body), "X-Cekuratest-Size: 100663296")
	assert.Contains(t, string(last.Body), `name="call_id"`)

	// A knowledge base file, the same way.
	files, err := client.Agents.UploadKnowledgeBaseFile(ctx, agent.ID, &cekura.UploadKnowledgeBaseFileRequest{FileName: "manual.pdf", Content: io.LimitReader(zeros{}, 12<<20)})
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.Equal(t, int64(12<<20), files[0].FileSize)

	// A broken multipart body is a 400, as the API answers.
	req, err := http.NewRequest(http.MethodPost, fake.URL()+"/observability/v1/observe/", strings.NewReader("--xyz\r\nno end"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
	req.Header.Set(keyHeader, fake.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(b), "Multipart form parse error.")
}
