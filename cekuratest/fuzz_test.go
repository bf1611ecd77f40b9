package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzFakeWrites sends arbitrary bodies to the fake's write endpoints: it
// never panics, always answers JSON, accepts only what it can store, and a
// stored agent always renders with its required fields.
func FuzzFakeWrites(f *testing.F) {
	f.Add("POST", `{"name": "n", "description": "d", "telephony": {"outbound_numbers": ["+1234", 5]}, "provider": {"type": "livekit", "credentials": {"config": {"url": 1}}}}`)
	f.Add("PATCH", `{"telephony": null, "provider": {"chat_agent_details": {"type": "", "config": []}}, "agent_speaks_first": "true"}`)
	f.Add("PUT", `{"name": 12, "description": 1.5, "project": "7", "language": "multi", "webhook_url": ""}`)
	f.Add("POST", `[`)
	f.Add("PATCH", `{"telephony": {"sip_auth": {"username": "u", "password": null}}}`)
	s := NewServer()
	defer s.Close()
	s.mu.Lock()
	s.agents.put(1, &agent{id: 1, name: "seed", description: "d", language: "en"})
	s.mu.Unlock()
	f.Fuzz(func(t *testing.T, method, body string) {
		path := agentsPath
		switch method {
		case "PUT", "PATCH":
			path += "1/"
		default:
			method = "POST"
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest:
		default:
			t.Fatalf("%s %q: status %d", method, body, w.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("not a JSON object: %s", w.Body.Bytes())
		}
		if w.Code != http.StatusBadRequest {
			name, _ := out["name"].(string)
			desc, _ := out["description"].(string)
			if strings.TrimSpace(name) == "" || strings.TrimSpace(desc) == "" {
				t.Fatalf("stored an agent without a name or description: %s", w.Body.Bytes())
			}
			if _, ok := out["webhook_secret"]; ok {
				t.Fatal("returned a write-only field")
			}
		}
		// Keep the fake small across iterations.
		s.mu.Lock()
		for id := range s.agents.items {
			if id != 1 {
				s.agents.remove(id)
			}
		}
		s.requests = nil
		s.mu.Unlock()
	})
}
