package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
)

// FuzzFakeCatalogWrites sends arbitrary bodies to the catalogue's write
// endpoints (a personality's create, update and fork, a test set's
// creations): the fake never panics, always answers a JSON object with one
// of the API's statuses, stores a personality only with its required
// fields, and every answer decodes as the SDK's type.
func FuzzFakeCatalogWrites(f *testing.F) {
	f.Add(0, `{"name": "n", "background_noise": "none", "voice_model": "m", "generation_config": {"volume": 1}, "provider": "cartesia"}`)
	f.Add(1, `{"stop_speaking_plan": null, "start_speaking_plan": "x", "language": 3, "project": "7"}`)
	f.Add(2, `{"project_id": -1, "prompt": null}`)
	f.Add(3, `{"run_id": "1", "metrics": [{"metric": 1, "expected_value": [1]}, 7]}`)
	f.Add(4, `{"call_log_id": 1, "metrics": {"metric": 1}, "name": 5}`)
	f.Add(0, `[`)
	s := NewServer(WithAgents(&cekura.CreateAgentRequest{Name: "A", Description: "d"}))
	defer s.Close()
	f.Fuzz(func(t *testing.T, op int, body string) {
		method, path := http.MethodPost, personalitiesPath
		switch uint(op) % 5 {
		case 1:
			method, path = http.MethodPatch, personalitiesPath+"1/"
			if strings.Contains(body, "a") { // a personality of the organization, not a global one
				s.mu.Lock()
				s.catalog.personalities.put(9, &personality{id: 9, organization: 1, name: "n", backgroundNoise: "b", voiceModel: "m", settings: map[string]json.RawMessage{}})
				s.mu.Unlock()
				path = personalitiesPath + "9/"
			}
		case 2:
			path = personalitiesPath + "2/fork/"
		case 3:
			path = testSetsPath + "create_from_run/"
		case 4:
			path = testSetsPath + "create_from_call_log/"
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusForbidden:
		default:
			t.Fatalf("%s %s %q: status %d", method, path, body, w.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("not a JSON object: %s", w.Body.Bytes())
		}
		if w.Code < 300 && strings.HasPrefix(path, personalitiesPath) {
			var p cekura.Personality
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatalf("the SDK does not read %s: %v", w.Body.Bytes(), err)
			}
			if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.BackgroundNoise) == "" || strings.TrimSpace(p.VoiceModel) == "" {
				t.Fatalf("stored a personality without its required fields: %s", w.Body.Bytes())
			}
		}
		s.mu.Lock()
		for id := range s.catalog.personalities.items {
			if id > int64(len(personalities)) {
				s.catalog.personalities.remove(id)
			}
		}
		s.requests = nil
		s.mu.Unlock()
	})
}
