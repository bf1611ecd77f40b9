package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzFakeScenarioAuthoring sends arbitrary bodies to the fake's folder,
// bulk delete and AI job endpoints, then polls every job: it never panics,
// always answers a JSON object (or nothing, for a 204), and only with the
// statuses those endpoints have.
func FuzzFakeScenarioAuthoring(f *testing.F) {
	actions := []string{"create_folder", "rename_folder", "move_folder", "delete_folder", "delete_scenarios", "generate-instructions",
		"improve_instructions", "create-from-transcript-bg", "scenario-agent", "1/update_scenario_with_transcript"}
	f.Add(uint8(0), `{"project_id": 7, "name": "Sales", "parent_path": null}`)
	f.Add(uint8(2), `{"project_id": 7, "path": "Sales", "new_parent_path": "Sales.X"}`)
	f.Add(uint8(7), `{"agent": 1, "transcript_json": [{"role": "Testing Agent", "content": 5}, 3]}`)
	f.Add(uint8(8), `{"scenarios": "all", "agent_id": 1, "apply_changes": "yes", "updated_scenarios": [{"id": "1"}], "agent_selections": {"1": 0}}`)
	f.Add(uint8(9), `{"transcript_json": null}`)
	s := NewServer()
	defer s.Close()
	project := int64(7)
	s.mu.Lock()
	s.agents.put(1, &agent{id: 1, name: "seed", description: "d", language: "en", project: &project})
	s.mu.Unlock()
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		s.mu.Lock()
		s.scenarios.put(1, &scenario{id: 1, agent: 1, personality: 1, name: "Refund", instructions: "ask", folder: "Sales"})
		s.mu.Unlock()
		do := func(method, path, body string) {
			req := httptest.NewRequest(method, path, strings.NewReader(body))
			req.Header.Set(keyHeader, s.APIKey())
			w := httptest.NewRecorder()
			s.serveHTTP(w, req)
			switch w.Code {
			case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusNotFound:
				var out map[string]any
				if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
					t.Fatalf("%s %s %q: not a JSON object: %s", method, path, body, w.Body.Bytes())
				}
			case http.StatusNoContent:
				if w.Body.Len() > 0 {
					t.Fatalf("a 204 with a body: %s", w.Body.Bytes())
				}
			default:
				t.Fatalf("%s %s %q: status %d", method, path, body, w.Code)
			}
		}
		do("POST", scenariosPath+actions[int(which)%len(actions)]+"/", body)
		s.Advance(time.Minute)
		s.mu.Lock()
		var polls []string
		for id := range s.authoring.instructions {
			polls = append(polls, "instructions-progress/?progress_id="+id)
		}
		for id := range s.authoring.transcripts {
			polls = append(polls, "create-from-transcript-progress/?progress_id="+id)
		}
		for id := range s.authoring.agentJobs {
			polls = append(polls, "scenario-agent-progress/?progress_id="+id)
		}
		s.mu.Unlock()
		for _, p := range polls {
			do("GET", scenariosPath+p, "")
		}
		// Keep the fake small across iterations.
		s.mu.Lock()
		s.authoring = newAuthoring()
		for _, id := range s.scenarios.ids(nil) {
			s.scenarios.remove(id)
		}
		s.mu.Unlock()
	})
}
