package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkspaceMatchesTheSpec checks the fake's answers of projects,
// organizations, API keys, audit logs and billing against the whole API's
// description.
func TestWorkspaceMatchesTheSpec(t *testing.T) {
	spec := loadSpec(t, "cekura-openapi-2026-08-20.json")
	checker := &schemaChecker{root: spec}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer hook.Close()
	s := NewServer(WithPageSize(1))
	defer s.Close()
	status, _, _ := raw(t, s, "POST", metricsPath, `{"name": "m", "project": 2, "eval_type": "binary"}`)
	require.Equal(t, 201, status)
	const coll, item = "/user/v1/projects/", "/user/v1/projects/{id}/"
	steps := []struct {
		method, path, template, body string
		status                       int
	}{
		{"GET", coll, coll, "", 200},
		{"POST", coll, coll, `{"name": "Support", "organization_id": 1, "webhook_url": "` + hook.URL + `", "webhook_secret": "s",
			"notify_pre_run_webhook": true, "sample_rate": 0.5, "daily_report_dashboard_ids": [1], "vapi_api_key": "k",
			"no_calls_notify_time_period": {"time_zone": "UTC", "time_periods": [{"start_time": "09:00", "end_time": "17:00", "time_frame": 30}]},
			"rubric_config": {"evaluation_logic": "and", "rules": [{"metric_id": 1, "conditions": {"operator": "and", "conditions": [{"field": "score", "op": "eq", "value": true}]}}]}}`, 201},
		{"POST", coll, coll, `{"name": "", "webhook_url": "x", "sample_rate": "half", "outbound_timeout": "soon"}`, 400},
		{"GET", coll + "?organization_id=1", coll, "", 200},
		{"GET", "/user/v1/projects/2/", item, "", 200},
		{"PATCH", "/user/v1/projects/2/", item, `{"name": "Support v2", "notify_result_webhook_success": false, "rubric_config": {}}`, 200},
		{"PATCH", "/user/v1/projects/2/", item, `{"rubric_config": {"evaluation_logic": "or", "rules": [{"metric_id": 9}]}}`, 400},
		{"POST", "/user/v1/projects/2/enable_personalities/", item + "enable_personalities/", `{"personalities": "all"}`, 200},
		{"POST", "/user/v1/projects/2/disable_personalities/", item + "disable_personalities/", `{"personalities": [1, 2]}`, 200},
		{"POST", "/user/v1/projects/2/test-webhook/", item + "test-webhook/", `{}`, 200},
		{"POST", "/user/api/v1/user-api-key/", "/user/api/v1/user-api-key/", `{"name": "ci", "project": 2}`, 201},
		{"GET", "/user/v2/organizations/", "/user/v2/organizations/", "", 200},
		{"GET", "/user/v2/organizations/?search=fake", "/user/v2/organizations/", "", 200},
		{"GET", "/user/v1/audit-logs/?organization_id=1", "/user/v1/audit-logs/", "", 200},
		{"GET", "/user/v1/audit-logs/?organization_id=1&page=2&object_type=project", "/user/v1/audit-logs/", "", 200},
		{"GET", "/test_framework/billing/info/", "/test_framework/billing/info/", "", 200},
		{"GET", "/test_framework/billing/payment-history/?organization_id=1", "/test_framework/billing/payment-history/", "", 200},
		{"DELETE", "/user/v1/projects/2/", item, "", 200},
	}
	for _, st := range steps {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		require.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if body == nil {
			require.Equal(t, "DELETE", st.method, "only the delete has no body (\"No response body\")")
			continue
		}
		schema := responseSchema(spec, st.template, st.method, status)
		if schema == nil && status == 400 {
			continue // not every operation documents its 400
		}
		require.NotNil(t, schema, "the description documents %s %s %d", st.method, st.template, status)
		errs := checker.check(schema, body, "$")
		require.Empty(t, errs, "%s %s %d: %v", st.method, st.path, status, body)
	}
	assert.Len(t, s.Deliveries(), 1, "test-webhook delivered once")
}

// TestWorkspaceRefusals: the fake's 4xx answers on the workspace side, in
// the API's shapes.
func TestWorkspaceRefusals(t *testing.T) {
	at := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	s := NewServer(WithClock(func() time.Time { return at }))
	defer s.Close()
	for _, st := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", projectsPath, `{"name": "x", "organization_id": 2}`, 400, `Invalid pk \"2\"`},
		{"POST", projectsPath, `{"name": "x", "frequent_calls_cooldown": 3000000000}`, 400, "less than or equal to 2147483647"},
		{"POST", projectsPath, `[]`, 400, "Expected a dictionary"},
		{"PATCH", "/user/v1/projects/9/", `{"name": "x"}`, 404, "Not found."},
		{"DELETE", "/user/v1/projects/1/", "", 400, "last remaining project"},
		{"GET", "/user/v1/projects/1/test-webhook/", "", 405, "not allowed"},
		{"POST", "/user/v1/projects/1/test-webhook/", "", 400, "No webhook URL"},
		{"POST", "/user/v1/projects/1/enable_personalities/", `{}`, 400, "This field is required."},
		{"POST", "/user/v1/projects/1/enable_personalities/", `{"personalities": [42]}`, 400, "Invalid personalities"},
		{"POST", apiKeysPath, `{"name": "org-wide"}`, 400, "Only project-level"},
		{"POST", apiKeysPath, `{"project": 7}`, 400, `Invalid pk \"7\"`},
		{"GET", auditLogsPath, "", 400, "organization_id"},
		{"GET", auditLogsPath + "?organization_id=1&start_time=2026-01-01T00:00:00Z&end_time=2026-03-01T00:00:00Z", "", 400, "30 days"},
		{"GET", auditLogsPath + "?organization_id=1&object_id=3", "", 400, "object_type"},
		{"GET", auditLogsPath + "?organization_id=1&start_time=yesterday", "", 400, "valid date/time"},
		{"GET", auditLogsPath + "?organization_id=2", "", 403, "permission"},
		{"GET", billingInfoPath + "?organization_id=3", "", 404, "not found"},
		{"GET", paymentHistoryPath, "", 400, "organization_id is required"},
		{"GET", paymentHistoryPath + "?organization_id=3", "", 404, "Organization not found"},
	} {
		status, _, body := raw(t, s, st.method, st.path, st.body)
		assert.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		assert.Contains(t, strings.ReplaceAll(jsonString(t, body), `\\`, `\`), st.want, "%s %s", st.method, st.path)
	}
	require.Len(t, s.Projects(), 1, "nothing refused was stored")
	// Secrets are stored, never answered.
	status, _, body := raw(t, s, "PATCH", "/user/v1/projects/1/", `{"webhook_url": "https://h.example/x", "webhook_secret": "w", "pipecat_api_key": "p"}`)
	require.Equal(t, 200, status)
	out := jsonString(t, body)
	assert.NotContains(t, out, `"w"`)
	assert.Contains(t, out, `"webhook_secret_configured":"true"`)
	assert.Contains(t, out, `"pipecat_api_key_configured":"true"`)
	sec, ok := s.StoredProjectSecrets(1)
	require.True(t, ok)
	assert.Equal(t, "w", sec.WebhookSecret.Reveal())
	assert.Equal(t, "p", sec.PipecatAPIKey.Reveal())
	_, ok = s.StoredProjectSecrets(5)
	assert.False(t, ok)
	// A PATCH refused changes nothing.
	status, _, _ = raw(t, s, "PATCH", "/user/v1/projects/1/", `{"name": "renamed", "sample_rate": []}`)
	require.Equal(t, 400, status)
	assert.Equal(t, "Default Project", s.Projects()[0].Name)
	assert.True(t, slices.ContainsFunc(s.Requests(), func(r RecordedRequest) bool { return r.Path == "/user/v1/projects/1/" }))
}

// jsonString is a decoded answer as compact JSON, for Contains checks.
func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
