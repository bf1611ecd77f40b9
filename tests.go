package cekura

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/cekura-go/cekura/internal/rules"
)

// TestsService starts test runs: an agent's scenarios played against it.
// Get it from Client.Tests; follow a start with Results.Wait.
//
// Start takes the five transports whose bodies share StartTestsRequest's
// shape (Transport). The others have a method and a request type each
// (StartLiveKitV2, StartPipecat, StartPipecatV2, StartVapiWebRTC,
// StartRetellWebRTC, StartWithWebsockets, StartEmail, StartAPIChat): their
// bodies name the agent and the scenarios under other keys and in other
// shapes, and require or refuse different fields, so that one request type
// for all would be valid only field by field and transport by transport
// (the reasoning in full: tests_transports.go).
type TestsService struct{ c *core }

// Transport is how the simulated callers reach the agent.
type Transport string

// The transports Start supports: their requests differ only in a few
// fields (see StartTestsRequest).
const (
	TransportVoice      Transport = "voice"      // a phone call (the default)
	TransportText       Transport = "text"       // SMS, chat or the agent's websocket
	TransportChirp      Transport = "chirp"      // the agent's raw-PCM websocket
	TransportElevenLabs Transport = "elevenlabs" // an ElevenLabs Conversational AI agent
	TransportSIP        Transport = "sip"        // a direct SIP call
)

// NumberMode says which phone numbers a voice run's calls come from.
type NumberMode string

// The number modes of the API.
const (
	// NumberModeSameNumber makes every call from the same number.
	NumberModeSameNumber NumberMode = "same_number"
	// NumberModeDifferentNumbers makes each call from another number.
	NumberModeDifferentNumbers NumberMode = "different_numbers"
)

// Valid reports whether m is one of the API's number modes (or empty).
func (m NumberMode) Valid() bool {
	return m == "" || m == NumberModeSameNumber || m == NumberModeDifferentNumbers
}

// startPaths are the run triggers by transport.
var startPaths = map[Transport]string{
	TransportVoice:      scenariosPath + "run_scenarios/",
	TransportText:       scenariosPath + "run_scenarios_text/",
	TransportChirp:      scenariosPath + "run_scenarios_chirp/",
	TransportElevenLabs: scenariosPath + "run_scenarios_elevenlabs/",
	TransportSIP:        scenariosPath + "run_scenarios_sip/",
}

// StartTestsRequest starts an agent's tests. Pick the scenarios with
// exactly one of Scenarios, Tags and FolderPath (with ProjectID). The
// number of conversations is len(scenarios) × Frequency ×
// max(1, len(PersonalityIDs)) × max(1, len(TestProfileIDs)); voice runs are
// billed per call.
type StartTestsRequest struct {
	// Transport picks the run trigger (default TransportVoice). Not sent.
	Transport Transport `json:"-"`
	// AgentID or AssistantID (the provider's id of the agent): one.
	AgentID     int64    `json:"agent_id,omitzero"`
	AssistantID string   `json:"assistant_id,omitzero"`
	ScenarioIDs []int64  `json:"scenarios,omitzero"`
	Tags        []string `json:"tags,omitzero"`
	FolderPath  string   `json:"folder_path,omitzero"`
	ProjectID   int64    `json:"project_id,omitzero"`
	// Frequency is how many times each scenario runs (default 1).
	Frequency int `json:"frequency,omitzero"`
	// Name labels the result.
	Name           string  `json:"name,omitzero"`
	PersonalityIDs []int64 `json:"personality_ids,omitzero"`
	TestProfileIDs []int64 `json:"test_profile_ids,omitzero"`
	// OutboundPhoneNumber and AgentNumber override the numbers (E.164).
	OutboundPhoneNumber string `json:"outbound_phone_number,omitzero"`
	AgentNumber         string `json:"agent_number,omitzero"`
	// Mode is NumberModeSameNumber (the default) or
	// NumberModeDifferentNumbers; not for text.
	Mode NumberMode `json:"mode,omitzero"`
	// ConcurrencyLimit caps the runs in parallel (default: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
	// MockToolNames: unset mocks every tool of the agent, Some(names) those
	// tools only, Some([]string{}) none.
	MockToolNames Opt[[]string] `json:"mock_tool_names,omitzero"`
	// WebsocketURL (text and chirp) overrides the agent's websocket.
	WebsocketURL string `json:"websocket_url,omitzero"`
	// WebsocketHeaders (text) are sent on the websocket; they usually carry
	// a token, so they print redacted.
	WebsocketHeaders map[string]Secret `json:"websocket_headers,omitzero"`
	// ElevenLabsAgentID (elevenlabs) overrides the agent's assistant id.
	ElevenLabsAgentID string `json:"elevenlabs_agent_id,omitzero"`
	// ElevenLabsData (elevenlabs) overrides the run's ElevenLabs settings.
	ElevenLabsData *ElevenLabsRunData `json:"elevenlabs_data,omitzero"`
	// SIPEndpoint (sip) overrides the agent's SIP endpoint.
	SIPEndpoint string `json:"sip_endpoint,omitzero"`
}

// ElevenLabsRunData overrides an ElevenLabs run's settings.
type ElevenLabsRunData struct {
	BaseURLOverride string `json:"elevenlabs_base_url_override,omitzero"`
}

func (r *StartTestsRequest) transport() Transport {
	if r.Transport == "" {
		return TransportVoice
	}
	return r.Transport
}

func (r *StartTestsRequest) validate(v *validator) {
	t := r.transport()
	if _, ok := startPaths[t]; !ok {
		v.add("transport", "%q is not one of voice, text, chirp, elevenlabs, sip%s", t, otherTrigger(t))
	}
	agentOrAssistant(v, r.AgentID, r.AssistantID)
	pickScenarios(v, r.ScenarioIDs, r.Tags, r.FolderPath, r.ProjectID)
	ids(v, "personality_ids", r.PersonalityIDs)
	ids(v, "test_profile_ids", r.TestProfileIDs)
	if r.Frequency < 0 {
		v.add("frequency", "is %d; 1 or more (or 0 for the default, 1)", r.Frequency)
	}
	if r.ConcurrencyLimit < 0 {
		v.add("concurrency_limit", "is %d; 1 or more (or 0 for no cap)", r.ConcurrencyLimit)
	}
	for field, n := range map[string]string{"outbound_phone_number": r.OutboundPhoneNumber, "agent_number": r.AgentNumber} {
		if n != "" && !rules.E164(n) {
			v.e164(field, n)
		}
	}
	if !r.Mode.Valid() {
		v.add("mode", "%q is not one of same_number, different_numbers", r.Mode)
	}
	// Fields of one transport only: sent elsewhere, the API would ignore them.
	only := func(field string, set bool, allowed ...Transport) {
		if set && !slices.Contains(allowed, t) {
			v.add(field, "is for the %s transport, not %s", joinTransports(allowed), t)
		}
	}
	only("mode", r.Mode != "", TransportVoice, TransportChirp, TransportElevenLabs, TransportSIP)
	only("websocket_url", r.WebsocketURL != "", TransportText, TransportChirp)
	only("websocket_headers", r.WebsocketHeaders != nil, TransportText)
	only("elevenlabs_agent_id", r.ElevenLabsAgentID != "", TransportElevenLabs)
	only("elevenlabs_data", r.ElevenLabsData != nil, TransportElevenLabs)
	only("sip_endpoint", r.SIPEndpoint != "", TransportSIP)
	if r.SIPEndpoint != "" {
		v.sipURI("sip_endpoint", r.SIPEndpoint)
	}
	if r.WebsocketURL != "" && !strings.HasPrefix(r.WebsocketURL, "ws://") && !strings.HasPrefix(r.WebsocketURL, "wss://") {
		v.add("websocket_url", "must start with ws:// or wss://%s", echoOrigin(r.WebsocketURL))
	}
}

// agentOrAssistant checks that a run names its agent once: by id, or by
// the provider's assistant id.
func agentOrAssistant(v *validator, agentID int64, assistantID string) {
	if (agentID == 0) == (assistantID == "") {
		v.add("agent_id", "set exactly one of agent_id and assistant_id")
	}
}

// pickScenarios checks that a run picks its scenarios with exactly one of
// ids, tags and a folder (with its project).
func pickScenarios(v *validator, scenarioIDs []int64, tags []string, folder string, projectID int64) {
	selectors := 0
	for _, set := range []bool{len(scenarioIDs) > 0, len(tags) > 0, folder != ""} {
		if set {
			selectors++
		}
	}
	if selectors != 1 {
		v.add("scenarios", "pick the scenarios with exactly one of scenarios, tags and folder_path (got %d)", selectors)
	}
	if scenarioIDs != nil && len(scenarioIDs) == 0 {
		v.add("scenarios", "is an empty list (leave it nil to choose by tags or folder)")
	}
	if tags != nil && len(tags) == 0 {
		v.add("tags", "is an empty list (leave it nil to choose by scenarios or folder)")
	}
	if folder != "" && projectID <= 0 {
		v.add("project_id", "is required with folder_path")
	}
	ids(v, "scenarios", scenarioIDs)
}

func joinTransports(ts []Transport) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, "/")
}

// Start starts an agent's tests: POST
// /test_framework/v1/scenarios/run_scenarios/ (or the trigger of
// req.Transport). It returns the result, whose ID Results.Wait takes.
// Starting places calls and costs credits, so it is never retried once the
// request may have reached the API (see MaybeApplied).
func (s *TestsService) Start(ctx context.Context, req *StartTestsRequest, opts ...Option) (*Result, error) {
	path := scenariosPath + "run_scenarios/"
	if req != nil {
		if p, ok := startPaths[req.transport()]; ok {
			path = p
		}
	}
	return send[Result](ctx, s.c, endpoint{method: http.MethodPost, path: path, body: req}, opts)
}
