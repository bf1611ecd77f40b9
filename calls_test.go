package cekura

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallsAndMetricsRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	call := `{"id": 5, "call_id": "c1", "agent_id": "2142", "status": "success", "success": true, "duration": "01:10",
	  "transcript_object": [{"role": "Main Agent", "content": "hi", "start_time": 0, "end_time": 1, "time": "0:00"}],
	  "evaluation": {"metrics": [{"id": 1, "name": "Greeting", "type": "binary_workflow_adherence", "score": 5, "explanation": "ok"}]}}`
	mt.RegisterResponder("POST", testBase+observePath, capture(201, `{"id": 5, "call_id": "c1", "status": "evaluating", "success": null}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+callsPath+"5/", capture(200, call, &got, &mu))
	mt.RegisterResponder("GET", testBase+callsPath+"?agent_id=2142&call_ids=5%2C6&timestamp_from=2026-11-01T00%3A00%3A00Z", capture(200, `{"count": 1, "results": [`+call+`]}`, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+callsPath+"5/?retain_evaluations=true", capture(204, ``, &got, &mu))
	mt.RegisterResponder("POST", testBase+callsPath+"rerun_evaluation/", capture(200, `[`+call+`]`, &got, &mu))
	mt.RegisterResponder("POST", testBase+callsPath+"evaluate_metrics/", capture(200, `[`+call+`]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+metricsPath+"?agent_id=2142", capture(200, `[{"id": 118, "name": "Greeting", "eval_type": "binary"}]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+metricsPath+"greeting/", capture(200, `{"id": 118, "name": "Greeting", "eval_type": "binary", "slug": "greeting"}`, &got, &mu))

	sent, err := c.Calls.Send(ctx, &SendCallRequest{CallID: "c1", AssistantID: "asst_1", MetricIDs: []int64{118, 119},
		Transcript: json.RawMessage(`[{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]`)})
	require.NoError(t, err)
	assert.False(t, sent.Evaluated())
	assert.JSONEq(t, `{"call_id": "c1", "assistant_id": "asst_1", "metric_ids": "118,119",
	  "transcript_json": [{"role": "Testing Agent", "content": "hi", "start_time": 0, "end_time": 1}]}`, string(got[0].Body))

	g, err := c.Calls.Get(ctx, 5)
	require.NoError(t, err)
	assert.True(t, g.Evaluated())
	assert.Equal(t, "01:10", g.Duration)
	assert.False(t, g.Evaluation.Metrics[0].Failed(), "the legacy binary format, score 5: passed")
	require.Len(t, g.TranscriptObject, 1)

	p, err := c.Calls.List(ctx, &ListCallsParams{AgentID: 2142, CallIDs: []int64{5, 6}, From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, 1, p.Count)
	require.NoError(t, c.Calls.Delete(ctx, 5, &DeleteCallParams{RetainEvaluations: Some(true)}))
	rr, err := c.Calls.RerunEvaluation(ctx, &RerunEvaluationRequest{AgentID: 2142, Calls: SelectCalls(5, 6)})
	require.NoError(t, err)
	assert.Len(t, rr, 1)
	em, err := c.Calls.EvaluateMetrics(ctx, &EvaluateMetricsRequest{ProjectID: 7, CallIDs: []int64{5}, MetricIDs: []int64{118}})
	require.NoError(t, err)
	assert.Len(t, em, 1)
	ms, err := c.Metrics.List(ctx, &ListMetricsParams{AgentID: 2142})
	require.NoError(t, err)
	require.Len(t, ms.Results, 1)
	assert.Equal(t, "Greeting", ms.Results[0].Name)
	m, err := c.Metrics.GetBySlug(ctx, "greeting")
	require.NoError(t, err)
	assert.Equal(t, int64(118), m.ID)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 8)
	assert.JSONEq(t, `{"agent_id": 2142, "call_logs": [5, 6]}`, string(got[4].Body))
	assert.JSONEq(t, `{"project_id": 7, "call_logs": [5], "metrics": [118]}`, string(got[5].Body))

	_, err = c.Calls.RerunEvaluation(ctx, &RerunEvaluationRequest{AgentID: 1})
	assert.ErrorIs(t, err, ErrInvalidRequest, "no calls picked")
	b, err := marshal(&RerunEvaluationRequest{AssistantID: "asst", Calls: AllCalls()})
	require.NoError(t, err)
	assert.JSONEq(t, `{"assistant_id": "asst", "call_logs": "all"}`, string(b))
}

func TestSendStreamsTheRecordingAsMultipart(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	parts := map[string]string{}
	calls := 0
	mt.RegisterResponder("POST", testBase+observePath, func(r *http.Request) (*http.Response, error) {
		calls++
		for _, p := range formParts(t, r) {
			name, rest, _ := strings.Cut(p, "|")
			parts[name] = rest
		}
		return httpmock.NewStringResponse(502, `{"detail": "bad gateway"}`), nil
	})
	_, err := c.Calls.Send(context.Background(), &SendCallRequest{CallID: "c9", AgentID: 3, TranscriptType: TranscriptTypeNoneMono,
		Recording: strings.NewReader("RIFF....WAVE"), RecordingName: "c9.wav", Metadata: map[string]any{"k": "v"}})
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, calls, "an upload is sent once")
	assert.True(t, MaybeApplied(err))
	assert.Equal(t, "c9.wav|RIFF....WAVE", parts["voice_recording"])
	assert.Equal(t, "|c9", parts["call_id"])
	assert.Equal(t, "|3", parts["agent"])
	assert.Equal(t, "|none-mono", parts["transcript_type"])
	assert.JSONEq(t, `{"k": "v"}`, strings.TrimPrefix(parts["metadata"], "|"), "JSON fields as JSON text")
}
