package cekura

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzValidateProject reads any JSON as a project's create and update
// bodies: validating never panics, every problem names a field and says
// something, no message echoes the webhook secret, and what is accepted
// encodes.
func FuzzValidateProject(f *testing.F) {
	f.Add([]byte(`{"name": "Support", "webhook_url": "https://h.example/x", "webhook_secret": "whsec_fuzz", "sample_rate": 0.5}`))
	f.Add([]byte(`{"name": " ", "webhook_secret": "whsec_fuzz", "min_call_duration": 60, "max_call_duration": 30, "frequent_calls_cooldown": 9999999999}`))
	f.Add([]byte(`{"name": "p", "rubric_config": {"evaluation_logic": "and", "rules": [{"metric_id": 5, "conditions": {"operator": "and",
		"conditions": [{"field": "enum", "op": "in", "value": ["a", 1]}, {"field": "score", "op": "gt", "value": true}]}}]}}`))
	f.Add([]byte(`{"name": "p", "no_calls_notify_time_period": {"time_periods": [{"start_time": "25:00", "end_time": "9", "time_frame": -1}],
		"exception_numbers": ["x"], "agents": [0]}, "daily_report_dashboard_ids": [-1]}`))
	f.Add([]byte(`{"webhook_url": "", "webhook_secret": "whsec_fuzz", "rubric_config": {}, "sample_rate": -0.1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var create CreateProjectRequest
		var update UpdateProjectRequest
		for _, req := range []any{&create, &update} {
			if json.Unmarshal(body, req) != nil {
				continue
			}
			err := validateRequest(req, req == any(&update))
			if err == nil {
				if _, err := marshal(req); err != nil {
					t.Fatalf("a valid request does not encode: %v", err)
				}
				continue
			}
			ve, ok := err.(*ValidationError)
			if !ok || len(ve.Problems) == 0 {
				t.Fatalf("not a ValidationError with problems: %v", err)
			}
			secret := string(create.WebhookSecret)
			if s, ok := update.WebhookSecret.Get(); ok {
				secret = string(s)
			}
			for _, p := range ve.Problems {
				if p.Field == "" || p.Message == "" {
					t.Fatalf("a problem without a field or a message: %+v", p)
				}
				if len(secret) >= 6 && strings.Contains(p.Message, secret) {
					t.Fatalf("a message echoes the webhook secret: %q", p.Message)
				}
			}
		}
	})
}

// FuzzDecodeProject decodes anything as a project: a JSON object always
// decodes, whatever its fields hold, and keeps its JSON; printing it never
// panics.
func FuzzDecodeProject(f *testing.F) {
	f.Add([]byte(`{"id": 2, "name": "Support", "webhook_secret_configured": "true", "members": [{"user": {"email": "a@b.c"}}],
		"organization": {"id": 1}, "rubric_config": {"rules": [{"metric_id": 1, "conditions": {"conditions": [{"value": [1, "a"]}]}}]}}`))
	f.Add([]byte(`{"sample_rate": "0.5", "members": {}, "organization": [], "no_calls_notify_time_period": 3, "created_at": "x"}`))
	f.Add([]byte(`[{"id": 1}, null]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p Project
		err := decodeInto(body, &p)
		if err == nil && !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if err == nil && isJSONObject(body) {
			if string(p.RawJSON()) != string(bytes.TrimSpace(body)) {
				t.Fatalf("RawJSON is not the body's object")
			}
			_ = redactedLogValue(p)
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			if _, isObj := v.(map[string]any); isObj && err != nil {
				t.Fatalf("a valid JSON object failed to decode: %v", err)
			}
		}
	})
}

// FuzzDecodeAPIKey decodes anything as a created API key: whenever a key
// was read, RawJSON holds it only as [Redacted].
func FuzzDecodeAPIKey(f *testing.F) {
	f.Add([]byte(`{"id": 4, "name": "ci", "project": 3, "key": "sk_live_fuzz", "created_at": "2026-08-20T10:00:00Z"}`))
	f.Add([]byte(`{"key": "a\"b\\u0063", "Key": "other", "name": "sk_live_fuzz"}`))
	f.Add([]byte(`{"key": 5, "project": null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var k APIKey
		if decodeInto(body, &k) != nil || k.Key == "" {
			return
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(k.RawJSON(), &obj); err != nil {
			if k.RawJSON() != nil {
				t.Fatalf("RawJSON is not an object: %v", err)
			}
			return
		}
		for name, v := range obj {
			var s string
			if json.Unmarshal(v, &s) == nil && s == k.Key.Reveal() && strings.EqualFold(name, "key") {
				t.Fatalf("RawJSON shows the key under %q", name)
			}
		}
	})
}
