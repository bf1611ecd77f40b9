package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// FuzzValidateRunTriggers builds every run trigger's request, a chat turn
// and a metric vote from arbitrary values: validation never panics,
// refuses with ErrInvalidRequest and never echoes a URL's query, and what
// it accepts the SDK encodes as encoding/json does.
func FuzzValidateRunTriggers(f *testing.F) {
	f.Add(int64(5), int64(11), 2, "wss://a.example/chat", "https://acme.daily.co/r1", "a@b.example", "Hello", []byte(`{"k": 1}`), "Function Call")
	f.Add(int64(-1), int64(0), 101, "https://a.example/x?token=s3cr3t", "room?t=s3cr3t", "Bob <b@x>", "", []byte(`[`), "Tool")
	f.Add(int64(0), int64(-7), -1, "", "", "", "", []byte(nil), "")
	f.Fuzz(func(t *testing.T, agent, scenario int64, frequency int, wsURL, roomURL, email, content string, data []byte, role string) {
		raw := json.RawMessage(data)
		if len(data) == 0 {
			raw = nil
		}
		reqs := []any{
			&StartLiveKitV2Request{AgentID: agent, Frequency: frequency, Scenarios: []SessionScenario{{ScenarioID: scenario, PublishDataMessage: raw}},
				LiveKitData: &LiveKitRunData{URL: wsURL, Config: raw}},
			&StartPipecatRequest{AgentID: agent, Scenarios: []PipecatScenario{{ScenarioID: scenario, RoomURL: roomURL, Token: Secret(content)}}},
			&StartPipecatV2Request{Frequency: frequency, Scenarios: []SessionScenario{{ScenarioID: scenario}}, PipecatData: &PipecatRunData{RoomProperties: raw}},
			&StartVapiWebRTCRequest{ScenarioIDs: []int64{scenario}, VapiAssistantID: content, AgentID: agent, Frequency: frequency},
			&StartRetellWebRTCRequest{ScenarioIDs: []int64{scenario}, ProjectID: agent, Frequency: frequency},
			&StartWithWebsocketsRequest{Frequency: frequency, AgentID: agent, Scenarios: []WebsocketScenario{{ScenarioID: scenario, WebsocketURL: wsURL}}},
			&StartEmailRequest{ScenarioIDs: []int64{scenario}, Frequency: frequency, AgentEmail: email},
			&StartAPIChatRequest{AgentID: agent, AssistantID: content, ScenarioIDs: []int64{scenario}, TimeoutSeconds: frequency},
			&SendChatTurnRequest{Content: content, Role: ChatRole(role), Data: raw},
			&VoteMetricRequest{MetricID: scenario, ExpectedValue: content, Feedback: email},
		}
		for _, req := range reqs {
			err := validateRequest(req, false)
			if err != nil {
				if !errors.Is(err, ErrInvalidRequest) {
					t.Fatalf("%T: not an invalid-request error: %v", req, err)
				}
				for _, u := range []string{wsURL, roomURL} {
					if i := strings.IndexByte(u, '?'); i >= 0 && len(u)-i > 4 && strings.Contains(err.Error(), u[i:]) {
						t.Fatalf("%T: echoed a URL's query: %v", req, err)
					}
				}
				continue
			}
			got, err := marshal(req)
			want, werr := json.Marshal(req)
			if err != nil || werr != nil || !bytes.Equal(got, want) {
				t.Fatalf("%T: encoder %s (%v) vs encoding/json %s (%v)", req, got, err, want, werr)
			}
		}
		// A websocket URL prints without its user information and query.
		printed := fmt.Sprint(WebsocketScenario{ScenarioID: scenario, WebsocketURL: wsURL})
		if u, err := url.Parse(wsURL); err == nil && len(u.RawQuery) > 4 && strings.Contains(printed, u.RawQuery) {
			t.Fatalf("printed a websocket URL's query: %s", printed)
		}
		if u, err := url.Parse(wsURL); err == nil && u.User != nil && len(u.User.String()) > 4 && strings.Contains(printed, u.User.String()) {
			t.Fatalf("printed a websocket URL's user information: %s", printed)
		}
	})
}

// FuzzDecodeChatTurn decodes arbitrary answers as chat turns: never a
// panic, invalid JSON refused, and Done and Err agree.
func FuzzDecodeChatTurn(f *testing.F) {
	f.Add([]byte(`{"run_id": 901, "result_id": 77, "turn_id": 3, "status": "ready", "message": "Bye", "ended": true, "ended_reason": "x"}`))
	f.Add([]byte(`{"turn_id": "3", "status": 5, "message": null, "ended": "yes"}`))
	f.Add([]byte(`{"status": "dropped"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var turn ChatTurn
		err := decodeInto(bytes.Clone(body), &turn)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		if turn.Err() != nil && !turn.Done() {
			t.Fatalf("a failed turn that is not settled: %q", body)
		}
		if turn.Status == ChatTurnStatusGenerating && turn.Done() {
			t.Fatalf("a generating turn is settled: %q", body)
		}
	})
}
