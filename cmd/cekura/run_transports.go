package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/spf13/pflag"
)

// The transports of `cekura run --transport` beyond Tests.Start's five:
// those whose endpoint a command line can fill from ids, tags and a few
// flags. pipecat (a room URL per scenario, made by you) is left to the SDK
// and to pipecat_v2, where Cekura makes the rooms.

// runTransports are the values of --transport, Tests.Start's first.
var runTransports = []string{"voice", "text", "chirp", "elevenlabs", "sip",
	"livekit_v2", "pipecat_v2", "vapi_webrtc", "retell_webrtc", "with_websockets", "email", "api_chat"}

// byTag are the transports that pick scenarios by tag as well as by id.
var byTag = []string{"voice", "text", "chirp", "elevenlabs", "sip", "api_chat"}

// triggerFlags are run's flags of one transport only.
type triggerFlags struct {
	vapiAssistant, retellAgent, agentEmail, websocketURL string
	chatTimeout                                          time.Duration
}

func (t *triggerFlags) add(f *pflag.FlagSet) {
	f.StringVar(&t.vapiAssistant, "vapi-assistant", "", "vapi_webrtc: the Vapi assistant to test (required)")
	f.StringVar(&t.retellAgent, "retell-agent", "", "retell_webrtc: the Retell agent (default: the agent's assistant id)")
	f.StringVar(&t.agentEmail, "agent-email", "", "email: the address to write to (default: the agent's email)")
	f.StringVar(&t.websocketURL, "websocket-url", "", "with_websockets: the ws:// or wss:// URL of every scenario (default: the agent's)")
	f.DurationVar(&t.chatTimeout, "chat-timeout", 0, "api_chat: each conversation's lifetime, 1s to 1h (default: the project's call duration)")
}

// check refuses a flag given for another transport, and tags where the
// transport takes ids only: before anything is sent.
func (t *triggerFlags) check(transport string, tags []string) error {
	for _, f := range []struct {
		flag, for_ string
		set        bool
	}{
		{"--vapi-assistant", "vapi_webrtc", t.vapiAssistant != ""},
		{"--retell-agent", "retell_webrtc", t.retellAgent != ""},
		{"--agent-email", "email", t.agentEmail != ""},
		{"--websocket-url", "with_websockets", t.websocketURL != ""},
		{"--chat-timeout", "api_chat", t.chatTimeout != 0},
	} {
		if f.set && transport != f.for_ {
			return fmt.Errorf("cekura: %s is for --transport %s, not %s", f.flag, f.for_, transport)
		}
	}
	switch {
	case transport == "pipecat":
		return fmt.Errorf("cekura: --transport pipecat needs a room URL for each scenario, which run does not take: use pipecat_v2 (Cekura makes the rooms), or the SDK's Tests.StartPipecat")
	case !slices.Contains(runTransports, transport):
		return fmt.Errorf("cekura: --transport %q: use one of %s", transport, strings.Join(runTransports, ", "))
	case len(tags) > 0 && !slices.Contains(byTag, transport):
		return fmt.Errorf("cekura: --transport %s picks scenarios by id: give --scenarios, not --tags", transport)
	}
	if t.chatTimeout != 0 && (t.chatTimeout < time.Second || t.chatTimeout > time.Hour) {
		return fmt.Errorf("cekura: --chat-timeout %s: use 1s to 1h", t.chatTimeout)
	}
	return nil
}

// fakeDefaults fills, with --fake, what the fake's demo agent lacks for a
// transport: a Vapi assistant and an email address.
func (t *triggerFlags) fakeDefaults(transport string) {
	switch {
	case transport == "vapi_webrtc" && t.vapiAssistant == "":
		t.vapiAssistant = "asst_fake"
	case transport == "email" && t.agentEmail == "":
		t.agentEmail = "support-bot@fake.example"
	}
}

// startRun starts the tests of req (Tests.Start's fields, as run's flags
// set them) on transport, with the trigger of that transport.
func (a *app) startRun(ctx context.Context, client *cekura.Client, transport string, req *cekura.StartTestsRequest, t *triggerFlags) (*cekura.Result, error) {
	sessions := make([]cekura.SessionScenario, len(req.ScenarioIDs))
	sockets := make([]cekura.WebsocketScenario, len(req.ScenarioIDs))
	for i, id := range req.ScenarioIDs {
		sessions[i] = cekura.SessionScenario{ScenarioID: id}
		sockets[i] = cekura.WebsocketScenario{ScenarioID: id, WebsocketURL: t.websocketURL}
	}
	tests := client.Tests
	switch transport {
	case "livekit_v2":
		return tests.StartLiveKitV2(ctx, &cekura.StartLiveKitV2Request{AgentID: req.AgentID, Scenarios: sessions, Name: req.Name, Frequency: req.Frequency})
	case "pipecat_v2": // the endpoint names no agent: the scenarios'
		return tests.StartPipecatV2(ctx, &cekura.StartPipecatV2Request{Scenarios: sessions, Name: req.Name, Frequency: req.Frequency})
	case "vapi_webrtc":
		return tests.StartVapiWebRTC(ctx, &cekura.StartVapiWebRTCRequest{AgentID: req.AgentID, ScenarioIDs: req.ScenarioIDs,
			VapiAssistantID: t.vapiAssistant, Name: req.Name, Frequency: req.Frequency})
	case "retell_webrtc":
		return tests.StartRetellWebRTC(ctx, &cekura.StartRetellWebRTCRequest{AgentID: req.AgentID, ScenarioIDs: req.ScenarioIDs,
			RetellAgentID: t.retellAgent, Name: req.Name, Frequency: req.Frequency})
	case "with_websockets": // frequency is required there
		return tests.StartWithWebsockets(ctx, &cekura.StartWithWebsocketsRequest{AgentID: req.AgentID, Scenarios: sockets, Frequency: max(1, req.Frequency)})
	case "email":
		return tests.StartEmail(ctx, &cekura.StartEmailRequest{AgentID: req.AgentID, ScenarioIDs: req.ScenarioIDs,
			Frequency: max(1, req.Frequency), AgentEmail: t.agentEmail})
	case "api_chat":
		started, err := tests.StartAPIChat(ctx, &cekura.StartAPIChatRequest{AgentID: req.AgentID, ScenarioIDs: req.ScenarioIDs, Tags: req.Tags,
			Name: req.Name, Frequency: req.Frequency, TimeoutSeconds: int(t.chatTimeout / time.Second)})
		if err == nil {
			fmt.Fprintf(a.errOut, "API chat: drive each run with `cekura runs chat RUN --message …` (wait for turn 0 first: `cekura runs chat-turn RUN 0 --wait`);"+
				" the result is scored once every conversation has ended\n")
		}
		return started, err
	}
	req.Transport = cekura.Transport(transport)
	return tests.Start(ctx, req)
}
