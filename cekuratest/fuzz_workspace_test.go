package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzFakeProjectWrites sends any body to the fake's project create and
// update: it answers 201, 200 or 400, never stores a project without a
// name or with a webhook_url that is not a URL, never returns a write-only
// setting, and sends the …_configured flags as strings.
func FuzzFakeProjectWrites(f *testing.F) {
	f.Add("POST", `{"name": "p", "webhook_url": "https://h.example/x", "webhook_secret": "s", "sample_rate": 0.5, "vapi_api_key": "k"}`)
	f.Add("PATCH", `{"name": "", "webhook_url": "x", "outbound_timeout": "9999999999", "notify_pre_run_webhook": "yes"}`)
	f.Add("PATCH", `{"rubric_config": {"evaluation_logic": "and", "rules": [{"metric_id": 1, "conditions": null}]}, "daily_report_dashboard_ids": [1.5]}`)
	f.Add("POST", `{"name": 5, "organization_id": "1", "no_calls_notify_time_period": []}`)
	f.Add("POST", `[`)
	s := NewServer()
	defer s.Close()
	f.Fuzz(func(t *testing.T, method, body string) {
		path := projectsPath
		if method == "PATCH" {
			path += "1/"
		} else {
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
		if w.Code == http.StatusBadRequest {
			return
		}
		if name, _ := out["name"].(string); strings.TrimSpace(name) == "" {
			t.Fatalf("stored a project without a name: %s", w.Body.Bytes())
		}
		if u, ok := out["webhook_url"].(string); ok && !validURL(u) {
			t.Fatalf("stored a webhook_url that is not a URL: %q", u)
		}
		for _, k := range projectSecrets {
			if _, ok := out[k]; ok {
				t.Fatalf("returned the write-only %s", k)
			}
		}
		for _, k := range configuredFlags {
			if v, _ := out[k].(string); v != "true" && v != "false" {
				t.Fatalf("%s is %v, not the string the description types it as", k, out[k])
			}
		}
	})
}
