package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzFakeRunTriggers sends arbitrary bodies to the run triggers, a chat
// run's turns and end, and a run's metric votes: the fake never panics,
// always answers a JSON object, and answers only the statuses the API
// documents for them.
func FuzzFakeRunTriggers(f *testing.F) {
	f.Add(uint8(0), `{"scenarios": [{"scenario": 1, "publish_data_message": {"k": [1]}}], "frequency": 2}`)
	f.Add(uint8(1), `{"scenarios": [{"scenario": 1, "pipecat_room_url": 5}], "agent": "1"}`)
	f.Add(uint8(5), `{"scenarios": [{"scenario": 1, "websocket_url": null}], "frequency": 100}`)
	f.Add(uint8(7), `{"agent_id": 1, "tags": ["smoke"], "timeout": "60"}`)
	f.Add(uint8(8), `{"content": "hi", "metadata": {"a": 1}, "role": "Function Call"}`)
	f.Add(uint8(9), `{"reason": 5}`)
	f.Add(uint8(10), `{"metric_id": 1, "thumbs_up": "yes", "expected_value": [1]}`)
	f.Add(uint8(3), `[`)
	paths := []string{"run_scenarios_livekit_v2/", "run_scenarios_pipecat/", "run_scenarios_pipecat_v2/", "run_scenarios_vapi_webrtc/",
		"run_scenarios_retell_webrtc/", "run_scenarios_with_websockets/", "run_scenarios_email/", "run_scenarios_api_chat/"}
	s := NewServer()
	defer s.Close()
	seed := func(method, path, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		s.serveHTTP(httptest.NewRecorder(), req)
	}
	seed("POST", agentsPath, `{"name": "A", "description": "d", "email_id": "a@b.example"}`)
	seed("POST", scenariosPath, `{"name": "S", "personality": 1, "agent": 1, "instructions": "x", "tags": ["smoke"]}`)
	seed("POST", scenariosPath+"run_scenarios_api_chat/", `{"agent_id": 1, "scenarios": [1]}`)
	s.Advance(time.Minute) // run 1's chat is open
	f.Fuzz(func(t *testing.T, target uint8, body string) {
		var path string
		switch n := int(target) % 11; {
		case n < len(paths):
			path = scenariosPath + paths[n]
		case n == 8:
			path = runsPath + "1/chat/"
		case n == 9:
			path = runsPath + "1/end-chat/"
		default:
			path = runsPath + "1/mark_metric_vote/"
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusBadRequest, http.StatusConflict:
		default:
			t.Fatalf("%s %q: status %d", path, body, w.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %q: not a JSON object: %s", path, body, w.Body.Bytes())
		}
		if w.Code < 300 && strings.Contains(path, "run_scenarios") && out["id"] == nil {
			t.Fatalf("%s %q: a started result without its id: %s", path, body, w.Body.Bytes())
		}
		s.mu.Lock()
		s.requests = nil
		s.mu.Unlock()
	})
}
