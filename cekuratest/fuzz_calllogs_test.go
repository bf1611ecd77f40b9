package cekuratest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
)

// FuzzFakeCallLogWrites sends arbitrary bodies to the writes of the call
// logs and alerts (the update, the vote, scenarios from calls, a summary):
// the fake answers 200 or DRF's 400 with a JSON object, never anything
// else, and what it stores still renders.
func FuzzFakeCallLogWrites(f *testing.F) {
	f.Add(0, `{"status": "reviewed_failure", "duration": 1.5, "metadata": {"a": 1}, "transcript_type": "cekura", "transcript_json": [{"role": "Main Agent", "content": "hi"}]}`)
	f.Add(0, `{"timestamp": "yesterday", "dynamic_variables": [], "reevaluate_metrics": "true", "call_id": ""}`)
	f.Add(1, `{"metric_id": 1, "thumbs_up": null, "expected_value": {"x": [1]}, "feedback": null}`)
	f.Add(2, `{"agent_id": 1, "call_logs": "all", "copy_to_agent": 1, "folder_path": "F", "project_id": 7}`)
	f.Add(2, `{"assistant_id": 5, "call_logs": [1, "x"]}`)
	f.Add(3, `{"hours": -4}`)
	f.Add(3, `[`)
	s := NewServer()
	defer s.Close()
	c := s.Client()
	if _, err := c.Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "A", Description: "d", ProjectID: 7}); err != nil {
		f.Fatal(err)
	}
	if _, err := c.Calls.Send(context.Background(), &cekura.SendCallRequest{CallID: "c", AgentID: 1, TraceID: "4bf92f3577b34da6a3ce929d0e0e4736"}); err != nil {
		f.Fatal(err)
	}
	s.AddAlert(Alert{Name: "a", ProjectID: 7})
	s.Advance(time.Minute)
	targets := []struct{ method, path string }{
		{"PATCH", callsPath + "1/"}, {"POST", callsPath + "1/mark_metric_vote/"},
		{"POST", callsPath + "create_scenarios/"}, {"POST", alertsPath + "1/summarize/"},
	}
	f.Fuzz(func(t *testing.T, which int, body string) {
		target := targets[uint(which)%uint(len(targets))]
		req := httptest.NewRequest(target.method, target.path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("%s %s %q: status %d", target.method, target.path, body, w.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("not a JSON object: %s", w.Body.Bytes())
		}
		if _, err := c.Calls.Get(context.Background(), 1); err != nil {
			t.Fatalf("the call no longer renders after %q: %v", body, err)
		}
	})
}
