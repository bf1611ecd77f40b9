package cekura

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testSetJSON is a test set as the description shows one (source_id typed
// a string).
const testSetJSON = `{"id": 9, "agent": 2142, "name": "Refund call", "transcript": "[00:01] Testing Agent: Hello.",
  "transcript_object": [{"role": "Testing Agent", "content": "Hello.", "start_time": 1, "end_time": 2}],
  "voice_recording_url": "https://files.example/9.wav", "call_end_reason": "customer-ended-call", "duration": "01:10",
  "source_model": "CallLog", "source_id": "5181749", "created_at": "2026-08-20T10:30:45Z", "updated_at": "2026-08-20T10:35:11Z",
  "metric_reviews": [{"id": 1, "metric": 118, "metric_name": "Confirms the refund", "eval_type": "binary", "expected_value": 5,
    "explanation": "The agent confirmed it.", "feedback": "Great call", "metric_enum_values": null},
    {"id": 2, "metric": 119, "metric_name": "Mood", "eval_type": "enum", "metric_enum_values": ["calm", "angry"], "expected_value": "calm",
    "explanation": ["a", "b"]}]}`

// TestTestSetsOverHTTP drives both operations through httpmock.
func TestTestSetsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+testSetsPath+"create_from_call_log/", capture(200, testSetJSON, &got, &mu))
	mt.RegisterResponder("POST", testBase+testSetsPath+"create_from_run/", capture(200,
		`{"id": 10, "agent": 2142, "source_model": "Run", "source_id": 902, "metric_reviews": []}`, &got, &mu))

	set, err := c.TestSets.CreateFromCall(ctx, &CreateTestSetFromCallRequest{CallID: 5181749, Name: "Refund call",
		Metrics: []TestSetMetric{{MetricID: 118, ExpectedValue: 5, Feedback: "Great call"}, {MetricID: 119}}})
	require.NoError(t, err)
	assert.Equal(t, int64(9), set.ID)
	assert.Equal(t, TestSetSourceCall, set.SourceModel)
	assert.Equal(t, int64(5181749), set.SourceID, "a string holding the id")
	assert.Equal(t, "01:10", set.Duration)
	var turns []Turn
	require.NoError(t, json.Unmarshal(set.TranscriptObject, &turns))
	assert.Equal(t, []Turn{{Role: RoleCaller, Content: "Hello.", StartTime: 1, EndTime: 2}}, turns)
	require.Len(t, set.MetricReviews, 2)
	assert.Equal(t, float64(5), set.MetricReviews[0].ExpectedValue)
	assert.Equal(t, []string{"The agent confirmed it."}, set.MetricReviews[0].Explanation)
	assert.Equal(t, EvalTypeEnum, set.MetricReviews[1].EvalType)
	assert.Equal(t, []string{"calm", "angry"}, set.MetricReviews[1].MetricEnumValues)
	assert.Equal(t, "calm", set.MetricReviews[1].ExpectedValue)

	set, err = c.TestSets.CreateFromRun(ctx, &CreateTestSetFromRunRequest{RunID: 902, ProjectID: 1376, Metrics: []TestSetMetric{{MetricID: 118}}})
	require.NoError(t, err)
	assert.Equal(t, TestSetSourceRun, set.SourceModel)
	assert.Equal(t, int64(902), set.SourceID, "a number")

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 2)
	assert.JSONEq(t, `{"call_log_id": 5181749, "name": "Refund call", "metrics": [{"metric": 118, "feedback": "Great call", "expected_value": 5}, {"metric": 119}]}`, string(got[0].Body))
	assert.JSONEq(t, `{"run_id": 902, "project": 1376, "metrics": [{"metric": 118}]}`, string(got[1].Body))

	// A POST that may have arrived is not repeated.
	mt.RegisterResponder("POST", testBase+testSetsPath+"create_from_run/", httpmock.NewStringResponder(503, ``))
	_, err = c.TestSets.CreateFromRun(ctx, &CreateTestSetFromRunRequest{RunID: 902, Metrics: []TestSetMetric{{MetricID: 118}}})
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

// TestPhoneNumbersOverHTTP: the inbound list, a bare array, as one page.
func TestPhoneNumbersOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+phoneNumbersPath+"inbound/", capture(200,
		`[{"id": 1, "number": "+14155550100", "phone_number_id": "PN1"}, {"id": 2, "number": "+442071838750", "phone_number_id": "PN2"}]`, &got, &mu))
	page, err := c.PhoneNumbers.ListInbound(ctx)
	require.NoError(t, err)
	require.Len(t, page.Results, 2)
	assert.Equal(t, "+14155550100", page.Results[0].Number)
	assert.Equal(t, "PN2", page.Results[1].PhoneNumberID)
	var numbers []string
	for n, err := range c.PhoneNumbers.AllInbound(ctx) {
		require.NoError(t, err)
		numbers = append(numbers, n.Number)
	}
	assert.Equal(t, []string{"+14155550100", "+442071838750"}, numbers)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, testBase+phoneNumbersPath+"inbound/", got[0].URL, "no query")
}

// toolJSON is a catalogue tool as the description's text shows one.
const toolJSON = `{"id": 5, "name": "get_order", "description": "Looks an order up", "information": [{"input": {"order_id": "A1"}, "output": {"status": "shipped"}}],
  "freetext_params": ["notes"], "mock_url": "https://api.cekura.ai/mock/5/", "served_via": {"type": "direct"}, "mcp_server": null,
  "subscriber_count": "2", "is_shared": true, "subscribers": [{"id": 1, "name": "Support Bot"}, {"id": 2, "name": "Sales Bot"}]}`

// TestToolsOverHTTP drives the catalogue's list (paged) and get.
func TestToolsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+toolsPath+"?agent_id=3&page_size=1&search=c_get", capture(200,
		`{"count": 2, "next": "`+testBase+toolsPath+`?agent_id=3&page=2&page_size=1&search=c_get", "previous": null, "results": [`+toolJSON+`]}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+toolsPath+"?agent_id=3&page=2&page_size=1&search=c_get", capture(200,
		`{"count": 2, "next": null, "previous": null, "results": [{"id": 6, "name": "search_kb", "served_via": {"type": "mcp", "mock_index": 1, "url": "https://api.cekura.ai/mcp/1/"},
		  "mcp_server": {"name": "Knowledge", "key": "kb"}, "subscriber_count": 1}]}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+toolsPath+"5/", capture(200, toolJSON, &got, &mu))

	var tools []*Tool
	for tool, err := range c.Tools.All(ctx, &ListToolsParams{AgentID: 3, PageSize: 1, Search: "c_get"}) {
		require.NoError(t, err)
		tools = append(tools, tool)
	}
	require.Len(t, tools, 2)
	assert.Equal(t, 2, tools[0].SubscriberCount, "a string holding the count")
	assert.Equal(t, []ToolMapping{{Input: map[string]any{"order_id": "A1"}, Output: map[string]any{"status": "shipped"}}}, tools[0].Information)
	assert.Equal(t, ServedViaTypeDirect, tools[0].ServedVia.Type)
	assert.Nil(t, tools[0].MCPServer)
	assert.Equal(t, "Sales Bot", tools[0].Subscribers[1]["name"])
	assert.Equal(t, &MCPServer{Name: "Knowledge", Key: "kb"}, tools[1].MCPServer)
	assert.Equal(t, 1, tools[1].ServedVia.MockIndex)

	tool, err := c.Tools.Get(ctx, 5)
	require.NoError(t, err)
	assert.True(t, tool.IsShared)
	assert.Equal(t, []string{"notes"}, tool.FreetextParams)
	assert.JSONEq(t, toolJSON, string(tool.RawJSON()))
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, got, 3)
}

// TestCatalogRequestsAreCheckedBeforeSending: the test sets' bodies and
// the tools' query, every problem at once, nothing sent.
func TestCatalogRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a test set from nothing, with no metric", func() error {
			_, err := c.TestSets.CreateFromRun(ctx, &CreateTestSetFromRunRequest{})
			return err
		}, []FieldProblem{
			{"run_id", "is required: the id of the run to make the test set from (a positive id, got 0)"},
			{"metrics", "is required: at least one metric to review"},
		}},
		{"a test set from a call, every field wrong", func() error {
			_, err := c.TestSets.CreateFromCall(ctx, &CreateTestSetFromCallRequest{CallID: -1, ProjectID: -2, Name: strings.Repeat("x", 256),
				Metrics: []TestSetMetric{{MetricID: 1}, {Feedback: "no id"}}})
			return err
		}, []FieldProblem{
			{"call_log_id", "is required: the id of the call to make the test set from (a positive id, got -1)"},
			{"project", "must be a positive id, got -2"},
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"metrics[1].metric", "is required: a positive metric id, got 0"},
		}},
		{"a nil test set request", func() error {
			_, err := c.TestSets.CreateFromCall(ctx, nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
		{"a tools page that cannot be", func() error {
			_, err := c.Tools.List(ctx, &ListToolsParams{Page: -1, PageSize: -1, ProjectID: -1, AgentID: -2})
			return err
		}, []FieldProblem{
			{"page", "must be 1 or more (or 0 for the first page), got -1"},
			{"page_size", "must be 1 or more (or 0 for the API's default), got -1"},
			{"project_id", "must be a positive id, got -1"},
			{"agent_id", "must be a positive id, got -2"},
		}},
		{"a tool of no id", func() error {
			_, err := c.Tools.Get(ctx, 0)
			return err
		}, []FieldProblem{{"id", "must be a positive tool id, got 0"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}
