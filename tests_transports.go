package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/cekura-go/cekura/internal/rules"
)

// The run triggers of the other transports: LiveKit, Pipecat, Vapi and
// Retell over WebRTC, websockets by scenario, email and API chat.
//
// Each has a request type and a method of its own rather than a Transport
// of Tests.Start, for three reasons found in the API's description:
//
//   - Their bodies are not StartTestsRequest's with a field or two more.
//     Four of them name the agent "agent" where Start's bodies say
//     "agent_id", and take their scenarios as objects ({"scenario": 11,
//     "pipecat_room_url": …}) where Start's take ids: one Go field cannot
//     be encoded under two keys or two shapes without a hand-written
//     encoder per transport, which the kit does not do.
//   - What is required, allowed and how much differs on nearly every field:
//     frequency is required (websockets, email), capped at 100 (LiveKit,
//     Pipecat Cloud, websockets, email) or not taken at all (Pipecat);
//     tags and folder paths are taken by API chat only; Vapi needs
//     vapi_assistant_id; Pipecat Cloud names no agent at all. Folded into
//     StartTestsRequest, each of its fields would be valid on some
//     transports only, checked by tables a caller cannot see in the type,
//     and a field set for the wrong transport would be found at run time,
//     not by the compiler.
//   - Each body type is checked against its own schema by the schema
//     coverage test, property by property; a union type could only be
//     checked against the union of eight schemas.
//
// So StartTestsRequest and Transport stay as they are (the five transports
// whose bodies share Start's shape), and each of these has its own
// StartXRequest, whose fields are exactly what its endpoint takes, and its
// own Tests.StartX method. All of them answer the started *Result, which
// Results.Wait follows to a Verdict (an API chat run ends when the
// conversation does: see Runs.SendChatTurn). Like Start, they place calls
// or conversations and cost credits, so none is retried once the request
// may have reached the API (see MaybeApplied).
//
// The paths are the v1 ones, as Start's: the API's reference documents the
// run triggers on /test_framework/v1/scenarios/ only (and exposes them to
// its MCP server there); the v2 twins take and answer the same bodies.

// SessionScenario is a scenario to run in a WebRTC session that Cekura
// creates (LiveKit, Pipecat Cloud), with an optional data message to
// publish in the session.
type SessionScenario struct {
	// ScenarioID is the scenario (evaluator) to run. Required.
	ScenarioID int64 `json:"scenario"`
	// PublishDataMessage is any JSON value, published as a data message
	// during the session; nil sends nothing.
	PublishDataMessage json.RawMessage `json:"publish_data_message,omitzero"`
}

// LiveKitRunData overrides a LiveKit run's connection. The credentials
// (API key and secret) are never taken here: the API reads them from the
// agent or its project.
type LiveKitRunData struct {
	// Config is the room configuration for this run, a JSON object
	// ({"empty_timeout": 60, "max_participants": 3}): it replaces the
	// saved one whole, with no merge.
	Config json.RawMessage `json:"config,omitzero"`
	// AgentName is the LiveKit agent to dispatch explicitly.
	AgentName string `json:"agent_name,omitzero"`
	// URL is the LiveKit server (wss://…), instead of the saved one.
	URL string `json:"url,omitzero"`
}

// StartLiveKitV2Request runs scenarios against a LiveKit agent, in rooms
// Cekura creates with the credentials saved on the agent or its project:
// len(Scenarios) × Frequency runs, billed as voice. PersonalityIDs and
// TestProfileIDs replace the scenarios' own personality and test profile.
type StartLiveKitV2Request struct {
	// Scenarios are the scenarios to run. Required (at least one).
	Scenarios []SessionScenario `json:"scenarios"`
	// AgentID is the agent; needed when no scenario has one.
	AgentID int64 `json:"agent,omitzero"`
	// Name labels the result.
	Name string `json:"name,omitzero"`
	// Frequency is how many times each scenario runs: 1 to 100 (0: 1).
	Frequency      int     `json:"frequency,omitzero"`
	PersonalityIDs []int64 `json:"personality_ids,omitzero"`
	TestProfileIDs []int64 `json:"test_profile_ids,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only (an MCP server by its name), Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
	// LiveKitData overrides the run's connection (room config, agent name,
	// server URL).
	LiveKitData *LiveKitRunData `json:"livekit_data,omitzero"`
	// ConcurrencyLimit caps the calls in parallel (0: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
}

func (r *StartLiveKitV2Request) validate(v *validator) {
	sessionScenarios(v, r.Scenarios)
	runCounts(v, r.Frequency, 100, r.ConcurrencyLimit)
	positive(v, "agent", r.AgentID)
	ids(v, "personality_ids", r.PersonalityIDs)
	ids(v, "test_profile_ids", r.TestProfileIDs)
	mockToolNames(v, r.MockToolNames)
	if d := r.LiveKitData; d != nil {
		v.jsonObject("livekit_data.config", d.Config)
		if d.URL != "" && !hasScheme(d.URL, "wss", "ws", "https", "http") {
			v.add("livekit_data.url", "is not a LiveKit server URL (wss://, ws://, https:// or http://)%s", echoOrigin(d.URL))
		}
	}
}

// PipecatScenario is a scenario to run in a Pipecat (Daily) WebRTC room
// that you created.
type PipecatScenario struct {
	// ScenarioID is the scenario (evaluator) to run. Required.
	ScenarioID int64 `json:"scenario"`
	// RoomURL is the room to join (https://…daily.co/…). Required.
	RoomURL string `json:"pipecat_room_url" cekura:"required"`
	// Token authenticates in the room, when it needs one.
	Token Secret `json:"pipecat_token,omitzero"`
	// PublishDataMessage is any JSON value, published as a data message
	// during the session; nil sends nothing.
	PublishDataMessage json.RawMessage `json:"publish_data_message,omitzero"`
}

// StartPipecatRequest runs scenarios against a Pipecat agent in WebRTC
// rooms you created, one run per entry of Scenarios (the endpoint takes no
// frequency: list a scenario twice to run it twice).
type StartPipecatRequest struct {
	// Scenarios are the scenarios to run, each with its room. Required.
	Scenarios []PipecatScenario `json:"scenarios"`
	// AgentID is the agent (default: the first scenario's).
	AgentID int64 `json:"agent,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
}

func (r *StartPipecatRequest) validate(v *validator) {
	if len(r.Scenarios) == 0 {
		v.add("scenarios", "is required: at least one scenario, with its room")
	}
	for i, sc := range r.Scenarios {
		at := fmt.Sprintf("scenarios[%d].", i)
		scenarioID(v, at+"scenario", sc.ScenarioID)
		if strings.TrimSpace(sc.RoomURL) != "" {
			v.httpURL(at+"pipecat_room_url", sc.RoomURL)
		}
		v.json(at+"publish_data_message", sc.PublishDataMessage)
	}
	positive(v, "agent", r.AgentID)
	mockToolNames(v, r.MockToolNames)
}

// PipecatRunData overrides a Pipecat Cloud run's session. The credentials
// are never taken here: the API reads them from the agent or its project.
type PipecatRunData struct {
	// AgentName is the Pipecat Cloud agent, instead of the saved one.
	AgentName string `json:"pipecat_agent_name,omitzero"`
	// Config is the session configuration for this run, a JSON object: it
	// replaces the saved one whole, with no merge.
	Config json.RawMessage `json:"config,omitzero"`
	// RoomProperties are the Daily room properties for this run, a JSON
	// object: they replace the saved ones whole.
	RoomProperties json.RawMessage `json:"room_properties,omitzero"`
}

// StartPipecatV2Request runs scenarios against an agent on Pipecat Cloud,
// in sessions Cekura creates with the credentials saved on the agent or
// its project: len(Scenarios) × Frequency runs, billed as voice.
// PersonalityIDs and TestProfileIDs replace the scenarios' own. The
// endpoint names no agent: it is the scenarios' agent.
type StartPipecatV2Request struct {
	// Scenarios are the scenarios to run. Required (at least one).
	Scenarios []SessionScenario `json:"scenarios"`
	// Name labels the result.
	Name string `json:"name,omitzero"`
	// Frequency is how many times each scenario runs: 1 to 100 (0: 1).
	Frequency      int     `json:"frequency,omitzero"`
	PersonalityIDs []int64 `json:"personality_ids,omitzero"`
	TestProfileIDs []int64 `json:"test_profile_ids,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
	// PipecatData overrides the run's session (agent name, config, room
	// properties).
	PipecatData *PipecatRunData `json:"pipecat_data,omitzero"`
	// ConcurrencyLimit caps the calls in parallel (0: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
}

func (r *StartPipecatV2Request) validate(v *validator) {
	sessionScenarios(v, r.Scenarios)
	runCounts(v, r.Frequency, 100, r.ConcurrencyLimit)
	ids(v, "personality_ids", r.PersonalityIDs)
	ids(v, "test_profile_ids", r.TestProfileIDs)
	mockToolNames(v, r.MockToolNames)
	if d := r.PipecatData; d != nil {
		v.jsonObject("pipecat_data.config", d.Config)
		v.jsonObject("pipecat_data.room_properties", d.RoomProperties)
	}
}

// StartVapiWebRTCRequest runs scenarios against a Vapi assistant over
// WebRTC, with the Vapi credentials saved on the agent:
// len(ScenarioIDs) × Frequency runs, billed as voice.
type StartVapiWebRTCRequest struct {
	// ScenarioIDs are the scenarios to run. Required.
	ScenarioIDs []int64 `json:"scenarios"`
	// VapiAssistantID is the Vapi assistant to test. Required.
	VapiAssistantID string `json:"vapi_assistant_id" cekura:"required"`
	// AgentID is the agent (default: the scenarios' agent).
	AgentID   int64 `json:"agent_id,omitzero"`
	ProjectID int64 `json:"project_id,omitzero"`
	// Frequency is how many times each scenario runs (0: 1).
	Frequency int `json:"frequency,omitzero"`
	// Name labels the result.
	Name string `json:"name,omitzero"`
	// ConcurrencyLimit caps the calls in parallel (0: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
}

func (r *StartVapiWebRTCRequest) validate(v *validator) {
	scenarioIDs(v, r.ScenarioIDs)
	positive(v, "agent_id", r.AgentID)
	positive(v, "project_id", r.ProjectID)
	runCounts(v, r.Frequency, 0, r.ConcurrencyLimit)
	mockToolNames(v, r.MockToolNames)
}

// StartRetellWebRTCRequest runs scenarios against a Retell agent over
// WebRTC, with the Retell credentials saved on the agent:
// len(ScenarioIDs) × Frequency runs, billed as voice.
type StartRetellWebRTCRequest struct {
	// ScenarioIDs are the scenarios to run. Required.
	ScenarioIDs []int64 `json:"scenarios"`
	// AgentID is the agent (default: the scenarios' agent).
	AgentID   int64 `json:"agent_id,omitzero"`
	ProjectID int64 `json:"project_id,omitzero"`
	// RetellAgentID is the Retell agent to test (default: the agent's
	// assistant id).
	RetellAgentID string `json:"retell_agent_id,omitzero"`
	// Frequency is how many times each scenario runs (0: 1).
	Frequency int `json:"frequency,omitzero"`
	// Name labels the result.
	Name string `json:"name,omitzero"`
	// ConcurrencyLimit caps the calls in parallel (0: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
}

func (r *StartRetellWebRTCRequest) validate(v *validator) {
	scenarioIDs(v, r.ScenarioIDs)
	positive(v, "agent_id", r.AgentID)
	positive(v, "project_id", r.ProjectID)
	runCounts(v, r.Frequency, 0, r.ConcurrencyLimit)
	mockToolNames(v, r.MockToolNames)
}

// WebsocketScenario is a scenario to run over a websocket of its own.
type WebsocketScenario struct {
	// ScenarioID is the scenario (evaluator) to run. Required.
	ScenarioID int64 `json:"scenario"`
	// WebsocketURL (ws:// or wss://) replaces the agent's websocket for
	// this scenario; empty uses the agent's. A session URL may carry a
	// token, so it prints without its user information, query and
	// fragment.
	WebsocketURL string `json:"websocket_url,omitzero"`
}

// StartWithWebsocketsRequest runs scenarios over websockets, each scenario
// on its own URL (a fleet of agents, or stateful sessions, in one batch):
// len(Scenarios) × Frequency conversations.
type StartWithWebsocketsRequest struct {
	// Scenarios are the scenarios to run, with their websockets. Required.
	Scenarios []WebsocketScenario `json:"scenarios"`
	// Frequency is how many times each scenario runs: 1 to 100. Required:
	// this endpoint has no default.
	Frequency int `json:"frequency"`
	// AgentID is the agent; needed when no scenario has one.
	AgentID int64 `json:"agent,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
}

func (r *StartWithWebsocketsRequest) validate(v *validator) {
	if len(r.Scenarios) == 0 {
		v.add("scenarios", "is required: at least one scenario, with its websocket")
	}
	for i, sc := range r.Scenarios {
		at := fmt.Sprintf("scenarios[%d].", i)
		scenarioID(v, at+"scenario", sc.ScenarioID)
		if sc.WebsocketURL != "" && !hasScheme(sc.WebsocketURL, "ws", "wss") {
			v.add(at+"websocket_url", "must start with ws:// or wss://%s", echoOrigin(sc.WebsocketURL))
		}
	}
	requiredFrequency(v, r.Frequency)
	positive(v, "agent", r.AgentID)
	mockToolNames(v, r.MockToolNames)
}

// StartEmailRequest runs scenarios against an agent that answers email:
// Cekura writes to the agent's address (or, for an outbound agent, waits
// for the agent's first email) and plays the conversation out by email.
// len(ScenarioIDs) × Frequency conversations.
type StartEmailRequest struct {
	// ScenarioIDs are the scenarios to run. Required.
	ScenarioIDs []int64 `json:"scenarios"`
	// Frequency is how many times each scenario runs: 1 to 100. Required:
	// this endpoint has no default.
	Frequency int `json:"frequency"`
	// AgentID is the agent; needed when no scenario has one.
	AgentID int64 `json:"agent_id,omitzero"`
	// AgentEmail replaces the agent's address (its EmailID) for this run.
	AgentEmail string `json:"agent_email,omitzero"`
}

func (r *StartEmailRequest) validate(v *validator) {
	scenarioIDs(v, r.ScenarioIDs)
	requiredFrequency(v, r.Frequency)
	positive(v, "agent_id", r.AgentID)
	if r.AgentEmail != "" && !rules.Email(r.AgentEmail) {
		v.add("agent_email", "is not an email address (name@example.com)")
	}
}

// StartAPIChatRequest opens chat conversations that you drive turn by turn
// (see Runs.SendChatTurn): Cekura plays the simulated user, you relay your
// agent's messages. No connection to the agent is made. Pick the scenarios
// with exactly one of ScenarioIDs, Tags and FolderPath (with ProjectID):
// len(scenarios) × Frequency conversations. PersonalityIDs and
// TestProfileIDs replace the scenarios' own.
type StartAPIChatRequest struct {
	// AgentID or AssistantID (the provider's id of the agent): one.
	AgentID     int64    `json:"agent_id,omitzero"`
	AssistantID string   `json:"assistant_id,omitzero"`
	ScenarioIDs []int64  `json:"scenarios,omitzero"`
	Tags        []string `json:"tags,omitzero"`
	FolderPath  string   `json:"folder_path,omitzero"`
	ProjectID   int64    `json:"project_id,omitzero"`
	// Frequency is how many times each scenario runs (0: 1).
	Frequency int `json:"frequency,omitzero"`
	// Name labels the result.
	Name           string  `json:"name,omitzero"`
	PersonalityIDs []int64 `json:"personality_ids,omitzero"`
	TestProfileIDs []int64 `json:"test_profile_ids,omitzero"`
	// TimeoutSeconds is each conversation's whole lifetime, 1 to 3600
	// seconds (0: the project's call duration): when it is over, the
	// conversation ends and is scored. It is not a wait between turns.
	TimeoutSeconds int `json:"timeout,omitzero"`
}

func (r *StartAPIChatRequest) validate(v *validator) {
	agentOrAssistant(v, r.AgentID, r.AssistantID)
	pickScenarios(v, r.ScenarioIDs, r.Tags, r.FolderPath, r.ProjectID)
	ids(v, "personality_ids", r.PersonalityIDs)
	ids(v, "test_profile_ids", r.TestProfileIDs)
	runCounts(v, r.Frequency, 0, 0)
	if r.TimeoutSeconds < 0 || r.TimeoutSeconds > 3600 {
		v.add("timeout", "is %d; 1 to 3600 seconds (or 0 for the project's call duration)", r.TimeoutSeconds)
	}
}

// sessionScenarios checks a list of SessionScenario.
func sessionScenarios(v *validator, list []SessionScenario) {
	if len(list) == 0 {
		v.add("scenarios", "is required: at least one scenario")
	}
	for i, sc := range list {
		scenarioID(v, fmt.Sprintf("scenarios[%d].scenario", i), sc.ScenarioID)
		v.json(fmt.Sprintf("scenarios[%d].publish_data_message", i), sc.PublishDataMessage)
	}
}

// scenarioIDs checks a required list of scenario ids.
func scenarioIDs(v *validator, list []int64) {
	if len(list) == 0 {
		v.add("scenarios", "is required: at least one scenario id")
	}
	ids(v, "scenarios", list)
}

// scenarioID checks the required scenario id of a list's entry.
func scenarioID(v *validator, field string, id int64) {
	if id <= 0 {
		v.add(field, "is required: a positive scenario id (got %d)", id)
	}
}

// runCounts checks a frequency (0 for the default, 1; at most maxFreq
// when maxFreq > 0) and a concurrency limit (0 for no cap).
func runCounts(v *validator, frequency, maxFreq, concurrency int) {
	switch {
	case frequency < 0:
		v.add("frequency", "is %d; 1 or more (or 0 for the default, 1)", frequency)
	case maxFreq > 0 && frequency > maxFreq:
		v.add("frequency", "is %d; at most %d", frequency, maxFreq)
	}
	if concurrency < 0 {
		v.add("concurrency_limit", "is %d; 1 or more (or 0 for no cap)", concurrency)
	}
}

// requiredFrequency checks the frequency of an endpoint without a default.
func requiredFrequency(v *validator, frequency int) {
	if frequency < 1 || frequency > 100 {
		v.add("frequency", "is %d; this endpoint requires 1 to 100 (how many times each scenario runs)", frequency)
	}
}

// mockToolNames refuses a blank tool name.
func mockToolNames(v *validator, names Opt[[]string]) {
	list, _ := names.Get()
	for _, n := range list {
		if strings.TrimSpace(n) == "" {
			v.add("mock_tool_names", "holds a blank name")
			return
		}
	}
}

// hasScheme reports whether raw is an absolute URL with a host and one of
// the schemes.
func hasScheme(raw string, schemes ...string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	for _, s := range schemes {
		if strings.EqualFold(u.Scheme, s) {
			return true
		}
	}
	return false
}

// StartLiveKitV2 runs scenarios against a LiveKit agent: POST
// /test_framework/v1/scenarios/run_scenarios_livekit_v2/. It returns the
// started result, which Results.Wait follows; it is never retried once the
// request may have reached the API (see MaybeApplied).
func (s *TestsService) StartLiveKitV2(ctx context.Context, req *StartLiveKitV2Request, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_livekit_v2", req, opts)
}

// StartPipecat runs scenarios against a Pipecat agent in rooms you
// created: POST /test_framework/v1/scenarios/run_scenarios_pipecat/. It
// returns the started result; it is never retried once the request may
// have reached the API.
func (s *TestsService) StartPipecat(ctx context.Context, req *StartPipecatRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_pipecat", req, opts)
}

// StartPipecatV2 runs scenarios against an agent on Pipecat Cloud: POST
// /test_framework/v1/scenarios/run_scenarios_pipecat_v2/. It returns the
// started result; it is never retried once the request may have reached
// the API.
func (s *TestsService) StartPipecatV2(ctx context.Context, req *StartPipecatV2Request, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_pipecat_v2", req, opts)
}

// StartVapiWebRTC runs scenarios against a Vapi assistant over WebRTC:
// POST /test_framework/v1/scenarios/run_scenarios_vapi_webrtc/. It returns
// the started result; it is never retried once the request may have
// reached the API.
func (s *TestsService) StartVapiWebRTC(ctx context.Context, req *StartVapiWebRTCRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_vapi_webrtc", req, opts)
}

// StartRetellWebRTC runs scenarios against a Retell agent over WebRTC:
// POST /test_framework/v1/scenarios/run_scenarios_retell_webrtc/. It
// returns the started result; it is never retried once the request may
// have reached the API.
func (s *TestsService) StartRetellWebRTC(ctx context.Context, req *StartRetellWebRTCRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_retell_webrtc", req, opts)
}

// StartWithWebsockets runs scenarios over websockets, each on its own URL:
// POST /test_framework/v1/scenarios/run_scenarios_with_websockets/ (201).
// It returns the started result; it is never retried once the request may
// have reached the API.
func (s *TestsService) StartWithWebsockets(ctx context.Context, req *StartWithWebsocketsRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_with_websockets", req, opts)
}

// StartEmail runs scenarios against an agent that answers email: POST
// /test_framework/v1/scenarios/run_scenarios_email/. It returns the
// started result; it is never retried once the request may have reached
// the API. For an outbound agent, the API's description says that the
// answer names the address your agent writes to first (inbound_email),
// though its schema does not: read it from the result's RawJSON.
func (s *TestsService) StartEmail(ctx context.Context, req *StartEmailRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_email", req, opts)
}

// StartAPIChat opens chat conversations that you drive: POST
// /test_framework/v1/scenarios/run_scenarios_api_chat/. The result's runs
// are the conversations: for each, read the opening (turn 0, with
// Runs.WaitForChatTurn), send your agent's messages with Runs.SendChatTurn
// and wait for each reply, until a reply says Ended or you call
// Runs.EndChat; Results.Wait then follows the scoring to a Verdict. It is
// never retried once the request may have reached the API.
func (s *TestsService) StartAPIChat(ctx context.Context, req *StartAPIChatRequest, opts ...Option) (*Result, error) {
	return s.trigger(ctx, "run_scenarios_api_chat", req, opts)
}

// trigger POSTs a run trigger's body to scenariosPath + name + "/".
func (s *TestsService) trigger(ctx context.Context, name string, req any, opts []Option) (*Result, error) {
	return send[Result](ctx, s.c, endpoint{method: http.MethodPost, path: scenariosPath + name + "/", body: req}, opts)
}

// Format prints the StartPipecatRequest with its room tokens redacted, under any verb.
func (r StartPipecatRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the StartPipecatRequest with its room tokens redacted.
func (r StartPipecatRequest) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the PipecatScenario with its token redacted, under any verb.
func (s PipecatScenario) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the PipecatScenario with its token redacted.
func (s PipecatScenario) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the StartLiveKitV2Request without the JSON of its data
// messages and room config, under any verb.
func (r StartLiveKitV2Request) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the StartLiveKitV2Request without the JSON of its data
// messages and room config.
func (r StartLiveKitV2Request) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the StartPipecatV2Request without the JSON of its data
// messages, session config and room properties, under any verb.
func (r StartPipecatV2Request) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the StartPipecatV2Request without the JSON of its data
// messages, session config and room properties.
func (r StartPipecatV2Request) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the StartWithWebsocketsRequest with its websocket URLs
// shown without user information, query and fragment, under any verb.
func (r StartWithWebsocketsRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the StartWithWebsocketsRequest with its websocket URLs
// shown without user information, query and fragment.
func (r StartWithWebsocketsRequest) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the WebsocketScenario with its URL shown without user
// information, query and fragment, under any verb.
func (s WebsocketScenario) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the WebsocketScenario with its URL shown without user
// information, query and fragment.
func (s WebsocketScenario) LogValue() slog.Value { return redactedLogValue(s) }

// logValue is what the redacting walker prints of a WebsocketScenario.
func (s WebsocketScenario) logValue() slog.Value {
	var attrs []slog.Attr
	if s.ScenarioID != 0 {
		attrs = append(attrs, slog.Int64("ScenarioID", s.ScenarioID))
	}
	if s.WebsocketURL != "" {
		attrs = append(attrs, slog.String("WebsocketURL", redactURL(s.WebsocketURL)))
	}
	return slog.GroupValue(attrs...)
}

// redactURL is a URL with its user information, query and fragment (where
// tokens travel) replaced by [Redacted]; a value that does not parse as a
// URL with a host is [Redacted] whole.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Redacted
	}
	out := u.Scheme + "://"
	if u.User != nil {
		out += Redacted + "@"
	}
	out += u.Host + u.EscapedPath()
	if u.RawQuery != "" || u.ForceQuery {
		out += "?" + Redacted
	}
	if u.Fragment != "" {
		out += "#" + Redacted
	}
	return out
}

// otherTriggers are the transports with a method of their own, by the
// name of their endpoint (run_scenarios_<name>/).
var otherTriggers = map[string]string{
	"livekit_v2": "StartLiveKitV2", "pipecat": "StartPipecat", "pipecat_v2": "StartPipecatV2",
	"vapi_webrtc": "StartVapiWebRTC", "retell_webrtc": "StartRetellWebRTC",
	"with_websockets": "StartWithWebsockets", "websockets": "StartWithWebsockets",
	"email": "StartEmail", "api_chat": "StartAPIChat",
}

// otherTrigger names the method that starts a transport Start does not
// take, for Start's validation message; "" for any other value.
func otherTrigger(t Transport) string {
	if name, ok := otherTriggers[strings.ToLower(string(t))]; ok {
		return fmt.Sprintf(" (%s runs start with Tests.%s)", t, name)
	}
	return ""
}
