package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// triggerCall is one of the run triggers with its own request type, as a
// call that takes any request of its type.
type triggerCall struct {
	path  string
	start func(c *Client, req any) (*Result, error)
}

func triggerCalls() map[string]triggerCall {
	return map[string]triggerCall{
		"livekit_v2": {"run_scenarios_livekit_v2/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartLiveKitV2(context.Background(), r.(*StartLiveKitV2Request))
		}},
		"pipecat": {"run_scenarios_pipecat/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartPipecat(context.Background(), r.(*StartPipecatRequest))
		}},
		"pipecat_v2": {"run_scenarios_pipecat_v2/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartPipecatV2(context.Background(), r.(*StartPipecatV2Request))
		}},
		"vapi_webrtc": {"run_scenarios_vapi_webrtc/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartVapiWebRTC(context.Background(), r.(*StartVapiWebRTCRequest))
		}},
		"retell_webrtc": {"run_scenarios_retell_webrtc/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartRetellWebRTC(context.Background(), r.(*StartRetellWebRTCRequest))
		}},
		"with_websockets": {"run_scenarios_with_websockets/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartWithWebsockets(context.Background(), r.(*StartWithWebsocketsRequest))
		}},
		"email": {"run_scenarios_email/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartEmail(context.Background(), r.(*StartEmailRequest))
		}},
		"api_chat": {"run_scenarios_api_chat/", func(c *Client, r any) (*Result, error) {
			return c.Tests.StartAPIChat(context.Background(), r.(*StartAPIChatRequest))
		}},
	}
}

// TestEachTriggerSendsItsBodyToItsPath: each method posts to its own
// trigger exactly the JSON its endpoint takes, and decodes the result.
func TestEachTriggerSendsItsBodyToItsPath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		transport string
		req       any
		body      string
	}{
		{"livekit_v2", &StartLiveKitV2Request{AgentID: 5, Name: "nightly", Frequency: 2,
			Scenarios:      []SessionScenario{{ScenarioID: 11, PublishDataMessage: json.RawMessage(`{"lang": "en"}`)}, {ScenarioID: 12}},
			PersonalityIDs: []int64{3}, TestProfileIDs: []int64{4}, MockToolNames: Some([]string{}), ConcurrencyLimit: 2,
			LiveKitData: &LiveKitRunData{Config: json.RawMessage(`{"empty_timeout": 60}`), AgentName: "support", URL: "wss://acme.livekit.cloud"}},
			`{"scenarios": [{"scenario": 11, "publish_data_message": {"lang": "en"}}, {"scenario": 12}], "agent": 5, "name": "nightly",
			"frequency": 2, "personality_ids": [3], "test_profile_ids": [4], "mock_tool_names": [], "concurrency_limit": 2,
			"livekit_data": {"config": {"empty_timeout": 60}, "agent_name": "support", "url": "wss://acme.livekit.cloud"}}`},
		{"pipecat", &StartPipecatRequest{AgentID: 5, Scenarios: []PipecatScenario{
			{ScenarioID: 11, RoomURL: "https://acme.daily.co/r1", Token: "pc-token", PublishDataMessage: json.RawMessage(`"hi"`)},
			{ScenarioID: 11, RoomURL: "https://acme.daily.co/r2"}}, MockToolNames: Some([]string{"lookup_order"})},
			`{"scenarios": [{"scenario": 11, "pipecat_room_url": "https://acme.daily.co/r1", "pipecat_token": "pc-token", "publish_data_message": "hi"},
			{"scenario": 11, "pipecat_room_url": "https://acme.daily.co/r2"}], "agent": 5, "mock_tool_names": ["lookup_order"]}`},
		{"pipecat_v2", &StartPipecatV2Request{Scenarios: []SessionScenario{{ScenarioID: 11}}, Frequency: 3,
			PipecatData: &PipecatRunData{AgentName: "bot", RoomProperties: json.RawMessage(`{"enable_recording": "cloud"}`)}},
			`{"scenarios": [{"scenario": 11}], "frequency": 3, "pipecat_data": {"pipecat_agent_name": "bot", "room_properties": {"enable_recording": "cloud"}}}`},
		{"vapi_webrtc", &StartVapiWebRTCRequest{ScenarioIDs: []int64{11, 12}, VapiAssistantID: "asst_1", AgentID: 5, ProjectID: 7, Name: "n"},
			`{"scenarios": [11, 12], "vapi_assistant_id": "asst_1", "agent_id": 5, "project_id": 7, "name": "n"}`},
		{"retell_webrtc", &StartRetellWebRTCRequest{ScenarioIDs: []int64{11}, RetellAgentID: "agent_r", Frequency: 2, ConcurrencyLimit: 1},
			`{"scenarios": [11], "retell_agent_id": "agent_r", "frequency": 2, "concurrency_limit": 1}`},
		{"with_websockets", &StartWithWebsocketsRequest{Frequency: 1, AgentID: 5, Scenarios: []WebsocketScenario{
			{ScenarioID: 11, WebsocketURL: "wss://a.example/chat"}, {ScenarioID: 12}}},
			`{"scenarios": [{"scenario": 11, "websocket_url": "wss://a.example/chat"}, {"scenario": 12}], "frequency": 1, "agent": 5}`},
		{"email", &StartEmailRequest{ScenarioIDs: []int64{11}, Frequency: 1, AgentEmail: "support@acme.example"},
			`{"scenarios": [11], "frequency": 1, "agent_email": "support@acme.example"}`},
		{"api_chat", &StartAPIChatRequest{AssistantID: "asst_1", Tags: []string{"smoke"}, Frequency: 2, TimeoutSeconds: 900, PersonalityIDs: []int64{3}},
			`{"assistant_id": "asst_1", "tags": ["smoke"], "frequency": 2, "personality_ids": [3], "timeout": 900}`},
	}
	calls := triggerCalls()
	require.Len(t, cases, len(calls), "every trigger has a case")
	for _, tc := range cases {
		t.Run(tc.transport, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			var got []captured
			var mu sync.Mutex
			call := calls[tc.transport]
			mt.RegisterResponder("POST", testBase+scenariosPath+call.path, capture(200,
				`{"id": 9, "agent": 5, "status": "pending", "run_as_text": false, "runs": [{"id": 1, "status": "pending", "scenario": 11,
				"number": null, "inbound_number": "+14155550000", "scenario_name": "Refund"}], "created_at": "2026-08-20T10:00:00Z"}`, &got, &mu))
			r, err := call.start(c, tc.req)
			require.NoError(t, err)
			assert.Equal(t, int64(9), r.ID)
			assert.Equal(t, RunStatusPending, r.Status)
			require.Len(t, r.Runs, 1)
			assert.Equal(t, "Refund", r.Runs[0].ScenarioName)
			assert.Equal(t, "+14155550000", r.Runs[0].InboundNumber)
			require.Len(t, got, 1)
			assert.Equal(t, http.MethodPost, got[0].Method)
			assert.JSONEq(t, tc.body, string(got[0].Body))
		})
	}
}

// TestTriggersAreNeverRetriedAndReportTheRateLimit: a 503 after a trigger
// was sent is not retried (it may have started calls); a 429, which the
// API answers before doing anything, is retried and then reaches the
// caller as ErrRateLimited with its Retry-After.
func TestTriggersAreNeverRetriedAndReportTheRateLimit(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+scenariosPath+"run_scenarios_email/", capture(503, `{"detail": "busy"}`, &got, &mu))
	_, err := c.Tests.StartEmail(context.Background(), &StartEmailRequest{ScenarioIDs: []int64{1}, Frequency: 1, AgentID: 2})
	require.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	assert.Len(t, got, 1, "a 503 on a start is not retried")

	limited := func(req *http.Request) (*http.Response, error) {
		resp, _ := capture(429, `{"detail": "Rate limit exceeded"}`, &got, &mu)(req)
		resp.Header.Set("Retry-After", "7")
		return resp, nil
	}
	mt.RegisterResponder("POST", testBase+scenariosPath+"run_scenarios_api_chat/", limited)
	_, err = c.Tests.StartAPIChat(context.Background(), &StartAPIChatRequest{AgentID: 2, ScenarioIDs: []int64{1}})
	require.ErrorIs(t, err, ErrRateLimited)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 7*time.Second, ae.RetryAfter)
	assert.False(t, MaybeApplied(err), "a 429 did nothing")
	assert.Len(t, got, 4, "the 429 was retried twice, then reached the caller")
}

// problemsOf returns a validation error's problems as "field: message".
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, ErrInvalidRequest)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field+": "+p.Message)
	}
	return out
}

// TestTriggersRefuseBadInputBeforeSending: every problem of a request, at
// once, keyed by the API's field names, and nothing sent.
func TestTriggersRefuseBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, transport string
		req             any
		want            []string
	}{
		{"livekit: no scenarios", "livekit_v2", &StartLiveKitV2Request{}, []string{"scenarios: is required: at least one scenario"}},
		{"livekit: every problem", "livekit_v2", &StartLiveKitV2Request{AgentID: -1, Frequency: 101, ConcurrencyLimit: -2,
			Scenarios:      []SessionScenario{{ScenarioID: 0, PublishDataMessage: json.RawMessage(`{`)}},
			PersonalityIDs: []int64{0}, MockToolNames: Some([]string{" "}), LiveKitData: &LiveKitRunData{Config: json.RawMessage(`[1]`), URL: "ftp://lk.example/x?token=s3cr3t"}},
			[]string{
				"scenarios[0].scenario: is required: a positive scenario id (got 0)",
				"scenarios[0].publish_data_message: is not valid JSON (leave it nil to send nothing)",
				"frequency: is 101; at most 100",
				"concurrency_limit: is -2; 1 or more (or 0 for no cap)",
				"agent: must be a positive id, got -1",
				"personality_ids: holds 0; ids are positive",
				"mock_tool_names: holds a blank name",
				"livekit_data.config: must be a JSON object",
				"livekit_data.url: is not a LiveKit server URL (wss://, ws://, https:// or http://) (got ftp://lk.example/…)",
			}},
		{"pipecat: rooms are required and are URLs", "pipecat", &StartPipecatRequest{Scenarios: []PipecatScenario{
			{ScenarioID: 1}, {ScenarioID: 2, RoomURL: "daily room"}}, MockToolNames: Null[[]string]()},
			[]string{
				"scenarios[0].pipecat_room_url: is required",
				"mock_tool_names: is Null(), but the API does not accept null here; leave it unset, or set a value with Some",
				"scenarios[1].pipecat_room_url: is not an absolute http:// or https:// URL",
			}},
		{"pipecat: no scenarios", "pipecat", &StartPipecatRequest{AgentID: 3}, []string{"scenarios: is required: at least one scenario, with its room"}},
		{"pipecat cloud: config objects", "pipecat_v2", &StartPipecatV2Request{Scenarios: []SessionScenario{{ScenarioID: 4}},
			PipecatData: &PipecatRunData{Config: json.RawMessage(`"x"`), RoomProperties: json.RawMessage(`null`)}, TestProfileIDs: []int64{-3}},
			[]string{"test_profile_ids: holds -3; ids are positive", "pipecat_data.config: must be a JSON object", "pipecat_data.room_properties: must be a JSON object"}},
		{"vapi: the assistant and scenarios are required", "vapi_webrtc", &StartVapiWebRTCRequest{Frequency: -1},
			[]string{"vapi_assistant_id: is required", "scenarios: is required: at least one scenario id", "frequency: is -1; 1 or more (or 0 for the default, 1)"}},
		{"retell: ids", "retell_webrtc", &StartRetellWebRTCRequest{ScenarioIDs: []int64{5, -5}, ProjectID: -1},
			[]string{"scenarios: holds -5; ids are positive", "project_id: must be a positive id, got -1"}},
		{"websockets: frequency is required, URLs are websockets", "with_websockets", &StartWithWebsocketsRequest{
			Scenarios: []WebsocketScenario{{ScenarioID: 1, WebsocketURL: "https://a.example/chat?token=s3cr3t"}}},
			[]string{"scenarios[0].websocket_url: must start with ws:// or wss:// (got https://a.example/…)",
				"frequency: is 0; this endpoint requires 1 to 100 (how many times each scenario runs)"}},
		{"email: frequency and address", "email", &StartEmailRequest{ScenarioIDs: []int64{1}, Frequency: 200, AgentEmail: "Support <s@acme.example>"},
			[]string{"frequency: is 200; this endpoint requires 1 to 100 (how many times each scenario runs)",
				"agent_email: is not an email address (name@example.com)"}},
		{"api chat: one agent, one selector, a timeout", "api_chat", &StartAPIChatRequest{AgentID: 1, AssistantID: "asst",
			ScenarioIDs: []int64{1}, Tags: []string{"smoke"}, TimeoutSeconds: 3601},
			[]string{"agent_id: set exactly one of agent_id and assistant_id",
				"scenarios: pick the scenarios with exactly one of scenarios, tags and folder_path (got 2)",
				"timeout: is 3601; 1 to 3600 seconds (or 0 for the project's call duration)"}},
		{"api chat: a folder needs its project", "api_chat", &StartAPIChatRequest{AgentID: 1, FolderPath: "Sales.Inbound"},
			[]string{"project_id: is required with folder_path"}},
	}
	calls := triggerCalls()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			_, err := calls[tc.transport].start(c, tc.req)
			problems := problemsOf(t, err)
			assert.ElementsMatch(t, tc.want, problems)
			for _, p := range problems {
				assert.NotContains(t, p, "s3cr3t", "a URL's query is never echoed")
			}
			assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
		})
	}
	c, _, _ := newMockClient(t)
	for name, call := range calls {
		_, err := call.start(c, nilRequestOf(name))
		assert.ErrorIs(t, err, ErrInvalidRequest, "%s: a nil request", name)
	}
}

// nilRequestOf is a nil request of a trigger's type.
func nilRequestOf(transport string) any {
	switch transport {
	case "livekit_v2":
		return (*StartLiveKitV2Request)(nil)
	case "pipecat":
		return (*StartPipecatRequest)(nil)
	case "pipecat_v2":
		return (*StartPipecatV2Request)(nil)
	case "vapi_webrtc":
		return (*StartVapiWebRTCRequest)(nil)
	case "retell_webrtc":
		return (*StartRetellWebRTCRequest)(nil)
	case "with_websockets":
		return (*StartWithWebsocketsRequest)(nil)
	case "email":
		return (*StartEmailRequest)(nil)
	}
	return (*StartAPIChatRequest)(nil)
}

// TestStartPointsToTheOtherTriggers: Start refuses a transport of its own
// methods with the name of the method to call.
func TestStartPointsToTheOtherTriggers(t *testing.T) {
	t.Parallel()
	c, _, _ := newMockClient(t)
	_, err := c.Tests.Start(context.Background(), &StartTestsRequest{Transport: "livekit_v2", AgentID: 1, ScenarioIDs: []int64{1}})
	assert.Equal(t, []string{`transport: "livekit_v2" is not one of voice, text, chirp, elevenlabs, sip (livekit_v2 runs start with Tests.StartLiveKitV2)`},
		problemsOf(t, err))
	_, err = c.Tests.Start(context.Background(), &StartTestsRequest{Transport: "fax", AgentID: 1, ScenarioIDs: []int64{1}})
	assert.Equal(t, []string{`transport: "fax" is not one of voice, text, chirp, elevenlabs, sip`}, problemsOf(t, err))
	for name := range otherTriggers {
		assert.NotEmpty(t, otherTrigger(Transport(name)), name)
	}
}

// TestTriggerRequestsPrintWithoutTheirSecrets: a Pipecat room's token, a
// LiveKit or Pipecat Cloud run's JSON and a websocket's query never print.
func TestTriggerRequestsPrintWithoutTheirSecrets(t *testing.T) {
	t.Parallel()
	reqs := []any{
		StartPipecatRequest{Scenarios: []PipecatScenario{{ScenarioID: 1, RoomURL: "https://acme.daily.co/r1", Token: "canary-token"}}},
		StartLiveKitV2Request{Name: "visible", Scenarios: []SessionScenario{{ScenarioID: 1, PublishDataMessage: json.RawMessage(`{"k": "canary-msg"}`)}},
			LiveKitData: &LiveKitRunData{Config: json.RawMessage(`{"canary-config": 1}`), URL: "wss://lk.example"}},
		StartPipecatV2Request{Name: "visible", Scenarios: []SessionScenario{{ScenarioID: 1}},
			PipecatData: &PipecatRunData{Config: json.RawMessage(`{"canary-config": 1}`), RoomProperties: json.RawMessage(`{"canary-room": 1}`)}},
		StartWithWebsocketsRequest{Frequency: 1, Scenarios: []WebsocketScenario{{ScenarioID: 7, WebsocketURL: "wss://user:canary-pass@a.example/chat/visible?token=canary-q#canary-f"}}},
	}
	for _, req := range reqs {
		var logged bytes.Buffer
		slog.New(slog.NewJSONHandler(&logged, nil)).Info("start", "req", req)
		slog.New(slog.NewTextHandler(&logged, nil)).Info("start", "req", req)
		for _, out := range []string{fmt.Sprint(req), fmt.Sprintf("%+v", req), fmt.Sprintf("%#v", req), fmt.Sprintf("%q", req), logged.String()} {
			assert.NotContains(t, out, "canary", "%T", req)
		}
	}
	ws := WebsocketScenario{ScenarioID: 7, WebsocketURL: "wss://user:pw@a.example/chat/visible?token=t#f"}
	assert.Equal(t, "{ScenarioID:7 WebsocketURL:wss://[REDACTED]@a.example/chat/visible?[REDACTED]#[REDACTED]}", fmt.Sprint(ws))
	assert.Equal(t, Redacted, redactURL("not a url"))
	assert.Equal(t, "wss://a.example/chat", redactURL("wss://a.example/chat"))
	assert.Contains(t, fmt.Sprint(reqs[0]), "https://acme.daily.co/r1", "a room URL shows")
}

// The run triggers' types, in the package-wide checks: the codec is
// encoding/json for each, and the secret holders print redacted.
func init() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[StartLiveKitV2Request](), reflect.TypeFor[StartPipecatRequest](), reflect.TypeFor[StartPipecatV2Request](),
		reflect.TypeFor[StartVapiWebRTCRequest](), reflect.TypeFor[StartRetellWebRTCRequest](), reflect.TypeFor[StartWithWebsocketsRequest](),
		reflect.TypeFor[StartEmailRequest](), reflect.TypeFor[StartAPIChatRequest](), reflect.TypeFor[SessionScenario](),
		reflect.TypeFor[PipecatScenario](), reflect.TypeFor[WebsocketScenario](), reflect.TypeFor[LiveKitRunData](),
		reflect.TypeFor[PipecatRunData](), reflect.TypeFor[SendChatTurnRequest](), reflect.TypeFor[ChatTurn](),
		reflect.TypeFor[ChatTurnFailedError](), reflect.TypeFor[EndChatRequest](), reflect.TypeFor[ChatEnd](),
		reflect.TypeFor[VoteMetricRequest](), reflect.TypeFor[Trace](),
	} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	exactTypes["WaitParams"] = append(exactTypes["WaitParams"], reflect.TypeFor[WaitParams[ChatTurn]]())
	redactedTypes = append(redactedTypes, StartPipecatRequest{}, PipecatScenario{}, StartLiveKitV2Request{}, StartPipecatV2Request{})
}
