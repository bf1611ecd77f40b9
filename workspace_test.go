package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// andRule is a rubric of one rule on metric 7 with the given conditions.
func andRule(conds ...RubricCondition) RubricConfig {
	return RubricConfig{EvaluationLogic: RubricLogicAnd, Rules: []RubricRule{{MetricID: 7,
		Conditions: RubricConditions{Operator: RubricLogicAnd, Conditions: conds}}}}
}

func TestProjectRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		send func() error
		want []FieldProblem
	}{
		{"create: names, ids, the webhook, limits", func() error {
			_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: " ", OrganizationID: -1, WebhookSecret: "s",
				OutboundTimeout: -1, MinCallDuration: 60, MaxCallDuration: 30, SampleRate: Some(1.5),
				FrequentCallsCooldown: Some(1 << 40), DailyReportDashboardIDs: []int64{0}})
			return err
		}, []FieldProblem{
			{"name", "is required"},
			{"organization_id", "must be a positive organization id (or 0 to let the API key imply it), got -1"},
			{"webhook_secret", "is set without webhook_url; set webhook_url too, or leave the secret out"},
			{"outbound_timeout", "must not be negative, got -1"},
			{"min_call_duration", "is 60 s, above max_call_duration (30 s)"},
			{"sample_rate", "must be a share of calls from 0 to 1 (0.5 evaluates half of them), got 1.5"},
			{"frequent_calls_cooldown", "is 1099511627776; the API takes a 32-bit integer"},
			{"daily_report_dashboard_ids", "holds 0; ids are positive"},
		}},
		{"create: a webhook URL is echoed by its origin only", func() error {
			_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "p", WebhookURL: "ftp://hooks.example/x?token=s3cr3t"})
			return err
		}, []FieldProblem{{"webhook_url", "is not an absolute http:// or https:// URL (got ftp://hooks.example/…)"}}},
		{"create: the no-calls alert", func() error {
			_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "p", NoCallsNotifyTimePeriod: &NoCallsAlertConfig{
				TimePeriods:      []NoCallsTimePeriod{{StartTime: "9:00", EndTime: "24:00", TimeFrame: 0}, {StartTime: "09:00", EndTime: "17:00", TimeFrame: 30}},
				ExceptionNumbers: []string{"+14155551234", "555-1234"}, AgentIDs: []int64{3, -1}}})
			return err
		}, []FieldProblem{
			{"no_calls_notify_time_period.time_periods[0].start_time", `"9:00" is not a time of day as HH:MM (24-hour, such as 09:00)`},
			{"no_calls_notify_time_period.time_periods[0].end_time", `"24:00" is not a time of day as HH:MM (24-hour, such as 17:00)`},
			{"no_calls_notify_time_period.time_periods[0].time_frame", "must be positive, got 0"},
			{"no_calls_notify_time_period.exception_numbers[1]", `"555-1234" is not an E.164 phone number (a + and 2 to 15 digits, such as +14155551234)`},
			{"no_calls_notify_time_period.agents", "holds -1; ids are positive"},
		}},
		{"create: the rubric's structure", func() error {
			_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "p", RubricConfig: &RubricConfig{EvaluationLogic: "or",
				Rules: []RubricRule{{MetricID: 0, Conditions: RubricConditions{Operator: "or"}}}}})
			return err
		}, []FieldProblem{
			{"rubric_config.evaluation_logic", `must be "and" (the only logic the API supports), got "or"`},
			{"rubric_config.rules[0].metric_id", "must be a positive metric id, got 0"},
			{"rubric_config.rules[0].conditions.operator", `must be "and" (the only operator the API supports), got "or"`},
			{"rubric_config.rules[0].conditions.conditions", "must hold a condition (one per rule, as the API advises)"},
		}},
		{"update: sets nothing", func() error {
			_, err := c.Projects.Update(ctx, 2, &UpdateProjectRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"update: null is refused, the secret without its URL, the limits", func() error {
			_, err := c.Projects.Update(ctx, 2, &UpdateProjectRequest{Name: Null[string](), WebhookURL: Some(""), WebhookSecret: Some[Secret]("s"),
				SampleRate: Some(math.NaN()), MinCallDuration: Some(-5), DailyReportDashboardIDs: Some([]int64{-2})})
			return err
		}, []FieldProblem{
			{"name", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"webhook_secret", "is set while webhook_url is being removed"},
			{"min_call_duration", "must not be negative, got -5"},
			{"sample_rate", "must be a share of calls from 0 to 1 (0.5 evaluates half of them), got NaN"},
			{"daily_report_dashboard_ids", "holds -2; ids are positive"},
		}},
		{"update: the rubric and the alert are checked as on create", func() error {
			_, err := c.Projects.Update(ctx, 2, &UpdateProjectRequest{Name: Some(strings.Repeat("n", 256)),
				WebhookURL:              Some("hooks.example/x"),
				RubricConfig:            Some(andRule(RubricCondition{Field: RubricFieldScore, Op: RubricOpGTE, Value: "4"})),
				NoCallsNotifyTimePeriod: Some(NoCallsAlertConfig{TimePeriods: []NoCallsTimePeriod{{StartTime: "09:00", EndTime: "17:00"}}})})
			return err
		}, []FieldProblem{
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"webhook_url", "is not an absolute http:// or https:// URL"},
			{"no_calls_notify_time_period.time_periods[0].time_frame", "must be positive, got 0"},
			{"rubric_config.rules[0].conditions.conditions[0].value", "must be a number (a score) or true/false (a binary metric), got string"},
		}},
		{"a nil request, a bad id", func() error {
			_, err := c.Projects.Create(ctx, nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
		{"ids", func() error { return c.Projects.Delete(ctx, -4) }, []FieldProblem{{"id", "must be a positive project id, got -4"}}},
		{"personalities", func() error {
			_, err := c.Projects.EnablePersonalities(ctx, 2, &PersonalitiesRequest{All: true, PersonalityIDs: []int64{1}})
			return err
		}, []FieldProblem{{"personalities", "give personality ids, or all (not both)"}}},
		{"personalities: the id first", func() error {
			_, err := c.Projects.DisablePersonalities(ctx, 0, &PersonalitiesRequest{All: true})
			return err
		}, []FieldProblem{{"id", "must be a positive project id, got 0"}}},
		{"test-webhook", func() error { return c.Projects.TestWebhook(ctx, 0) }, []FieldProblem{{"id", "must be a positive project id, got 0"}}},
		{"list", func() error {
			_, err := c.Projects.List(ctx, &ListProjectsParams{OrganizationID: -1, ProjectID: -2})
			return err
		}, []FieldProblem{
			{"organization_id", "must be a positive organization id (or 0 for all), got -1"},
			{"project_id", "must be a positive project id (or 0), got -2"},
		}},
	} {
		err := tc.send()
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.want, ve.Problems, tc.name)
		assert.ErrorIs(t, err, ErrInvalidRequest, tc.name)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestRubricConditionsFitTheirMetric(t *testing.T) {
	t.Parallel()
	const at = "rubric_config.rules[0].conditions.conditions[0]"
	for _, tc := range []struct {
		cond RubricCondition
		want []FieldProblem // nil: accepted
	}{
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpGTE, Value: 4}, nil},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpLT, Value: 2.5}, nil},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpEq, Value: true}, nil},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpNeq, Value: false}, nil},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpEq, Value: "resolved"}, nil},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpIn, Value: []string{"resolved", "partially_resolved"}}, nil},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpIn, Value: []any{"resolved"}}, nil}, // as decoded from JSON
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpGT, Value: true},
			[]FieldProblem{{at + ".value", "true or false (a binary metric's outcome) goes with eq or neq, not gt"}}},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpIn, Value: []string{"a"}},
			[]FieldProblem{{at + ".op", `"in" does not compare a score: use gt, gte, lt, lte, eq or neq`}}},
		{RubricCondition{Field: RubricFieldScore, Value: 1}, []FieldProblem{{at + ".op", "is required: gt, gte, lt, lte, eq or neq"}}},
		{RubricCondition{Field: RubricFieldScore, Op: "between", Value: 1},
			[]FieldProblem{{at + ".op", `"between" does not compare a score: use gt, gte, lt, lte, eq or neq`}}},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpEq, Value: math.Inf(1)},
			[]FieldProblem{{at + ".value", "must be a number (a score) or true/false (a binary metric), got a number that is not finite"}}},
		{RubricCondition{Field: RubricFieldScore, Op: RubricOpEq},
			[]FieldProblem{{at + ".value", "must be a number (a score) or true/false (a binary metric), got nothing"}}},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpIn, Value: []string{}},
			[]FieldProblem{{at + ".value", "must be a non-empty list of the metric's enum values with in, got an empty list"}}},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpIn, Value: []any{"a", 1.0}},
			[]FieldProblem{{at + ".value", "must be a non-empty list of the metric's enum values with in, got a list holding something other than strings"}}},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpEq, Value: []string{"a"}},
			[]FieldProblem{{at + ".value", "must be one of the metric's enum values (a string) with eq, got strings"}}},
		{RubricCondition{Field: RubricFieldEnum, Op: RubricOpGT, Value: "a"},
			[]FieldProblem{{at + ".op", `"gt" does not compare an enum: use eq, neq or in`}}},
		{RubricCondition{Field: RubricFieldEnum, Value: "a"}, []FieldProblem{{at + ".op", "is required: eq, neq or in"}}},
		{RubricCondition{Field: "value", Op: RubricOpEq, Value: map[string]int{}},
			[]FieldProblem{{at + ".field", `must be "score" or "enum", got "value"`}}},
	} {
		var v validator
		andRule(tc.cond).check(&v, "rubric_config")
		assert.Equal(t, tc.want, v.problems, "%+v", tc.cond)
	}
	var v validator
	RubricConfig{}.check(&v, "rubric_config")
	assert.Empty(t, v.problems, "an empty rubric clears it")
}

func TestProjectCallsSendWhatIsSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	const project = `{"id": 12, "name": "Support", "webhook_url": "https://hooks.example/c", "webhook_secret_configured": "true",
		"notify_pre_run_webhook": true, "notify_call_log_webhook_success": false, "sample_rate": 0.25, "timezone": "Europe/Paris",
		"vapi_api_key_configured": "false", "retell_api_key_configured": true, "daily_report_dashboard_ids": [1, 2],
		"members": [{"id": 3, "user": {"id": 4, "name": "Ada", "email": "ada@example.com"}, "role": "admin", "is_email_notify_enabled": true}],
		"organization": {"id": 1, "name": "Acme", "members": []},
		"no_calls_notify_time_period": {"time_zone": "UTC", "time_periods": [{"start_time": "09:00", "end_time": "17:00", "time_frame": 30}], "agents": [9]},
		"rubric_config": {"evaluation_logic": "and", "rules": [{"metric_id": 5, "conditions": {"operator": "and",
			"conditions": [{"field": "enum", "op": "in", "value": ["yes", "maybe"]}]}}]},
		"created_at": "2026-08-20T10:00:00Z", "future_setting": 1}`
	base := testBase + projectsPath
	mt.RegisterResponder("POST", base, capture(201, project, &got, &mu))
	mt.RegisterResponder("GET", base+"12/", capture(200, project, &got, &mu))
	mt.RegisterResponder("GET", base+"?organization_id=1", capture(200, "["+project+"]", &got, &mu))
	mt.RegisterResponder("PATCH", base+"12/", capture(200, project, &got, &mu))
	mt.RegisterResponder("DELETE", base+"12/", capture(200, ``, &got, &mu))
	mt.RegisterResponder("POST", base+"12/enable_personalities/", capture(200, `{"count": 1, "results": [{"id": 1, "name": "Calm", "enabled": true}]}`, &got, &mu))
	mt.RegisterResponder("POST", base+"12/disable_personalities/", capture(200, `{"message": "Disabled 1 personalities."}`, &got, &mu))
	mt.RegisterResponder("POST", base+"12/test-webhook/", capture(200, project, &got, &mu))

	p, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "Support", OrganizationID: 1, WebhookURL: "https://hooks.example/c",
		WebhookSecret: "whsec", NotifyPreRunWebhook: Some(true), NotifyCallLogWebhookSuccess: Some(false), SampleRate: Some(0.0),
		RubricConfig: &RubricConfig{}, SynthflowAPIKey: "sf"})
	require.NoError(t, err)
	assert.Equal(t, int64(12), p.ID)
	assert.True(t, p.WebhookSecretConfigured, `"true" reads as true`)
	assert.False(t, p.VapiAPIKeyConfigured)
	assert.True(t, p.RetellAPIKeyConfigured)
	assert.True(t, p.NotifyPreRunWebhook)
	assert.Equal(t, 0.25, p.SampleRate)
	require.Len(t, p.Members, 1)
	assert.Equal(t, "ada@example.com", p.Members[0].User.Email)
	assert.Equal(t, MemberRoleAdmin, p.Members[0].Role)
	assert.Equal(t, "Acme", p.Organization.Name)
	assert.Equal(t, []int64{9}, p.NoCallsNotifyTimePeriod.AgentIDs)
	assert.Equal(t, []any{"yes", "maybe"}, p.RubricConfig.Rules[0].Conditions.Conditions[0].Value)
	assert.Contains(t, string(p.RawJSON()), "future_setting", "what the SDK does not know stays reachable")

	_, err = c.Projects.Get(ctx, 12)
	require.NoError(t, err)
	page, err := c.Projects.List(ctx, &ListProjectsParams{OrganizationID: 1})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Equal(t, 1, page.Count)
	_, err = c.Projects.Update(ctx, 12, &UpdateProjectRequest{WebhookURL: Some(""), NotifyResultWebhookError: Some(false),
		RubricConfig: Some(andRule(RubricCondition{Field: RubricFieldScore, Op: RubricOpEq, Value: true})), PipecatAPIKey: Some[Secret]("pc")})
	require.NoError(t, err)
	require.NoError(t, c.Projects.Delete(ctx, 12))
	change, err := c.Projects.EnablePersonalities(ctx, 12, &PersonalitiesRequest{PersonalityIDs: []int64{1}})
	require.NoError(t, err)
	assert.True(t, change.Personalities[0].Enabled)
	change, err = c.Projects.DisablePersonalities(ctx, 12, &PersonalitiesRequest{All: true, Language: LanguageFrench})
	require.NoError(t, err)
	assert.Equal(t, "Disabled 1 personalities.", change.Message)
	require.NoError(t, c.Projects.TestWebhook(ctx, 12))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 8)
	assert.JSONEq(t, `{"name": "Support", "organization_id": 1, "webhook_url": "https://hooks.example/c", "webhook_secret": "whsec",
		"notify_pre_run_webhook": true, "notify_call_log_webhook_success": false, "sample_rate": 0, "rubric_config": {},
		"syntflow_api_key": "sf"}`, string(got[0].Body), "Some(false) and Some(0.0) are sent; the secrets reach the API")
	assert.Equal(t, "GET", got[1].Method)
	assert.Equal(t, base+"?organization_id=1", got[2].URL)
	assert.JSONEq(t, `{"webhook_url": "", "notify_result_webhook_error": false, "pipecat_api_key": "pc",
		"rubric_config": {"evaluation_logic": "and", "rules": [{"metric_id": 7, "conditions": {"operator": "and",
		"conditions": [{"field": "score", "op": "eq", "value": true}]}}]}}`, string(got[3].Body))
	assert.Equal(t, "DELETE", got[4].Method)
	assert.JSONEq(t, `{"personalities": [1]}`, string(got[5].Body))
	assert.JSONEq(t, `{"personalities": "all", "language": "fr"}`, string(got[6].Body))
	assert.Equal(t, base+"12/test-webhook/", got[7].URL)
	assert.JSONEq(t, `{}`, string(got[7].Body), "the action's required body, empty")
}

func TestProjectRequestsNeverPrintTheirSecrets(t *testing.T) {
	t.Parallel()
	req := &CreateProjectRequest{Name: "Support", WebhookURL: "https://hooks.example/c", WebhookSecret: "whsec_canary", VapiAPIKey: "vapi_canary"}
	upd := &UpdateProjectRequest{WebhookSecret: Some[Secret]("whsec_canary2"), LiveKitAPIKey: Some[Secret]("lk_canary")}
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	for _, v := range []any{req, *req, upd, *upd} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "canary", verb)
			assert.Contains(t, out, Redacted, verb)
		}
		log.Info("req", "v", v)
	}
	assert.NotContains(t, logs.String(), "canary")
	b, err := json.Marshal(req)
	require.NoError(t, err)
	assert.Contains(t, string(b), "whsec_canary", "the API gets the real value")
}

func TestCreatingAProjectOrAnAPIKeyIsNotRepeatedOnceSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+projectsPath, httpmock.NewStringResponder(503, `{"detail": "busy"}`))
	mt.RegisterResponder("POST", testBase+apiKeysPath, httpmock.NewStringResponder(502, ``))
	_, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "p"})
	assert.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	_, err = c.APIKeys.Create(ctx, &CreateAPIKeyRequest{Name: "ci", ProjectID: 3})
	assert.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err), "a second key would be made, and its key lost")
	assert.Equal(t, 2, mt.GetTotalCallCount(), "one attempt each")

	// A 429 proves nothing was done: it is retried.
	mt.RegisterResponder("POST", testBase+projectsPath, httpmock.ResponderFromMultipleResponses([]*http.Response{
		httpmock.NewStringResponse(429, `{"detail": "slow down"}`), httpmock.NewStringResponse(201, `{"id": 5, "name": "p"}`)}))
	p, err := c.Projects.Create(ctx, &CreateProjectRequest{Name: "p"})
	require.NoError(t, err)
	assert.Equal(t, int64(5), p.ID)
}

func TestAPIKeysAreCreatedOnceAndNeverShown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+apiKeysPath, capture(201, `{"id": 4, "name": "ci", "organization_name": "Acme",
		"project": 3, "project_name": "Support", "key": "sk_live_canary", "created_at": "2026-08-20T10:00:00Z"}`, &got, &mu))

	_, err := c.APIKeys.Create(ctx, &CreateAPIKeyRequest{Name: "org-wide"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"project", "must be a positive project id, got 0: with API key authentication (the SDK's), the API creates only project-level keys"}}, ve.Problems)
	_, err = c.APIKeys.Create(ctx, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount())

	key, err := c.APIKeys.Create(ctx, &CreateAPIKeyRequest{Name: "ci", ProjectID: 3})
	require.NoError(t, err)
	assert.Equal(t, "sk_live_canary", key.Key.Reveal())
	assert.Equal(t, "Support", key.ProjectName)
	assert.Equal(t, int64(3), key.ProjectID)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, key), "canary", verb)
		assert.NotContains(t, fmt.Sprintf(verb, *key), "canary", verb)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("created", "key", key)
	assert.NotContains(t, logs.String(), "canary")
	assert.Contains(t, logs.String(), "Support")
	raw := string(key.RawJSON())
	assert.NotContains(t, raw, "canary", "RawJSON has the key redacted too")
	assert.Contains(t, raw, `"key":"[REDACTED]"`)
	assert.Contains(t, raw, `"organization_name":"Acme"`)
	mu.Lock()
	defer mu.Unlock()
	assert.JSONEq(t, `{"name": "ci", "project": 3}`, string(got[0].Body))

	// Without a key in the answer, RawJSON is the answer as it came.
	var k APIKey
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "name": "n"}`), &k))
	assert.JSONEq(t, `{"id": 1, "name": "n"}`, string(k.RawJSON()))
}

func TestAuditLogsListWithTheirFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	since := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	q := "?end_time=2026-08-15T00%3A00%3A00Z&object_id=9&object_type=aiagent&operation_type=update&organization_id=37" +
		"&page_size=1&start_time=2026-08-01T00%3A00%3A00Z&user_email=ada%40example.com"
	mt.RegisterResponder("GET", testBase+auditLogsPath+q, httpmock.NewStringResponder(200,
		`{"count": 2, "next": "`+testBase+auditLogsPath+q+`&page=2", "previous": null, "results": [{"id": 2, "organization": 37,
		"project": null, "user": 5, "user_email": "ada@example.com", "api_key_name": null, "action_type": "object",
		"operation_type": "update", "object_type": "aiagent", "object_id": 9, "timestamp": "2026-08-10T10:00:00Z"}]}`))
	mt.RegisterResponder("GET", testBase+auditLogsPath+q+"&page=2", httpmock.NewStringResponder(200,
		`{"count": 2, "next": null, "results": [{"id": 1, "action_type": null, "operation_type": null, "timestamp": "2026-08-09T10:00:00Z"}]}`))
	params := &ListAuditLogsParams{OrganizationID: 37, PageSize: 1, Since: since, Until: since.Add(14 * 24 * time.Hour),
		UserEmail: "ada@example.com", ObjectType: "aiagent", ObjectID: 9, OperationType: AuditOperationTypeUpdate}
	page, err := c.AuditLogs.List(ctx, params)
	require.NoError(t, err)
	l := page.Results[0]
	assert.Equal(t, int64(37), l.OrganizationID)
	assert.Zero(t, l.ProjectID, "null reads as 0")
	assert.Equal(t, int64(5), l.UserID)
	assert.Equal(t, AuditActionTypeObject, l.ActionType)
	assert.Equal(t, AuditOperationTypeUpdate, l.OperationType)
	assert.Equal(t, time.Date(2026, 8, 10, 10, 0, 0, 0, time.UTC), l.Timestamp)
	var ids []int64
	for l, err := range c.AuditLogs.All(ctx, params) {
		require.NoError(t, err)
		ids = append(ids, l.ID)
	}
	assert.Equal(t, []int64{2, 1}, ids)
}

func TestAuditLogFiltersAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	at := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		params *ListAuditLogsParams
		want   []FieldProblem
	}{
		{nil, []FieldProblem{{"organization_id", "is required: the positive id of the organization whose logs to list, got 0"}}},
		{&ListAuditLogsParams{OrganizationID: 1, Page: -1, Since: at, Until: at.Add(-time.Second), ObjectID: 4, ActionType: "login", OperationType: "read"},
			[]FieldProblem{
				{"page", "must be 1 or more (or 0 for the first page), got -1"},
				{"end_time", "is before start_time"},
				{"object_id", "goes with object_type: name the kind of object too, such as aiagent"},
				{"action_type", `"login" is not one of object, run_scenarios, run_scenarios_text, generate_scenarios, observability`},
				{"operation_type", `"read" is not one of create, update, delete`},
			}},
		{&ListAuditLogsParams{OrganizationID: 1, Since: at, Until: at.Add(31 * 24 * time.Hour), ProjectID: -1, ObjectType: "metric", ObjectID: -2},
			[]FieldProblem{
				{"end_time", "the range is 744h0m0s; the API refuses ranges over 30 days"},
				{"project_id", "must be a positive project id (or 0 for all), got -1"},
				{"object_id", "must be a positive id (or 0 for all), got -2"},
			}},
	} {
		_, err := c.AuditLogs.List(ctx, tc.params)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, tc.want, ve.Problems)
	}
	for _, err := range c.AuditLogs.All(ctx, nil) {
		assert.ErrorIs(t, err, ErrInvalidRequest, "All reports the missing organization as its one error")
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestOrganizationsAndBilling(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	const org = `{"id": 37, "name": "Acme", "team_size": "10-100", "limit_to_exclusive_numbers": false, "timezone": "America/New_York",
		"vapi_api_key_configured": "true", "cronjob_low_balance_mute_days": "7", "onboarding_flow": "observability",
		"low_credits_threshold": "100.00", "auto_refill_max_cap": null, "is_2fa_required": true,
		"projects": [{"id": 1, "name": "Default Project", "members": []}], "members": [{"id": 1, "role": "view_only"}]}`
	mt.RegisterResponder("GET", testBase+organizationsPath+"?search=acme", httpmock.NewStringResponder(200,
		`{"count": 2, "next": "`+testBase+organizationsPath+`?page=2&search=acme", "previous": null, "results": [`+org+`]}`))
	mt.RegisterResponder("GET", testBase+organizationsPath+"?page=2&search=acme", httpmock.NewStringResponder(200,
		`{"count": 2, "next": null, "results": [{"id": 38, "name": "Acme Labs"}]}`))
	page, err := c.Organizations.List(ctx, &ListOrganizationsParams{Search: "acme"})
	require.NoError(t, err)
	o := page.Results[0]
	assert.Equal(t, TeamSize10To100, o.TeamSize)
	assert.True(t, o.VapiAPIKeyConfigured)
	assert.Equal(t, MuteDays7, o.CronjobLowBalanceMuteDays)
	assert.Equal(t, OnboardingFlowObservability, o.OnboardingFlow)
	assert.Equal(t, "100.00", o.LowCreditsThreshold)
	assert.Empty(t, o.AutoRefillMaxCap)
	assert.True(t, o.Is2FARequired)
	assert.Equal(t, "Default Project", o.Projects[0].Name)
	assert.Equal(t, MemberRoleViewOnly, o.Members[0].Role)
	var names []string
	for o, err := range c.Organizations.All(ctx, &ListOrganizationsParams{Search: "acme"}) {
		require.NoError(t, err)
		names = append(names, o.Name)
	}
	assert.Equal(t, []string{"Acme", "Acme Labs"}, names)

	mt.RegisterResponder("GET", testBase+billingInfoPath, httpmock.NewStringResponder(200, `{"organization": 37,
		"credits_remaining": "7436.08", "credits_used": "36462.14", "initial_balance": "50000.00", "balance_expiry": null,
		"subscription_status": {"status": "active", "is_active": true, "is_trial": false, "pack_name": "Enterprise",
		"expire_at": "2026-06-15T10:00:00Z", "last_payment_at": null, "days_until_expiry": -3, "created_at": null,
		"pack": {"name": "Enterprise", "max_projects_limit": -1, "billing_type": "subscription", "subscription_overage": "0.08"}}}`))
	mt.RegisterResponder("GET", testBase+billingInfoPath+"?organization_id=37", httpmock.NewStringResponder(200, `{"organization": 37,
		"subscription_status": {"status": "inactive", "days_until_expiry": null, "pack": null}}`))
	info, err := c.Billing.GetInfo(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "7436.08", info.CreditsRemaining)
	assert.True(t, info.BalanceExpiry.IsZero(), "null: no expiry")
	s := info.SubscriptionStatus
	assert.Equal(t, SubscriptionStateActive, s.Status)
	assert.Equal(t, -3, *s.DaysUntilExpiry)
	assert.True(t, s.LastPaymentAt.IsZero())
	assert.Equal(t, -1, s.Pack.MaxProjectsLimit)
	info, err = c.Billing.GetInfo(ctx, &BillingInfoParams{OrganizationID: 37})
	require.NoError(t, err)
	assert.Nil(t, info.SubscriptionStatus.DaysUntilExpiry)
	assert.Nil(t, info.SubscriptionStatus.Pack)

	mt.RegisterResponder("GET", testBase+paymentHistoryPath+"?organization_id=37", httpmock.NewStringResponder(200,
		`[{"id": 1, "amount": "500.00", "currency": "USD", "payment_type": "auto_pay", "description": "refill",
		"stripe_payment_intent_id": "pi_1", "created_at": "2026-08-01T00:00:00Z"}, {"id": 2, "payment_type": null, "currency": null}]`))
	payments, err := c.Billing.ListPayments(ctx, &ListPaymentsParams{OrganizationID: 37})
	require.NoError(t, err)
	require.Len(t, payments.Results, 2)
	assert.Equal(t, PaymentTypeAutoPay, payments.Results[0].PaymentType)
	assert.Equal(t, "pi_1", payments.Results[0].StripePaymentIntentID)
	assert.Empty(t, payments.Next)

	calls := mt.GetTotalCallCount()
	var ve *ValidationError
	_, err = c.Billing.GetInfo(ctx, &BillingInfoParams{OrganizationID: -1})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"organization_id", "must be a positive organization id (or 0 to let the API key imply it), got -1"}}, ve.Problems)
	_, err = c.Billing.ListPayments(ctx, nil)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"organization_id", "is required: the positive id of the organization whose payments to list, got 0"}}, ve.Problems)
	for _, err := range c.Billing.AllPayments(ctx, &ListPaymentsParams{}) {
		assert.ErrorIs(t, err, ErrInvalidRequest)
	}
	_, err = c.Organizations.List(ctx, &ListOrganizationsParams{Page: -2, PageSize: -1})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{"page", "must be 1 or more (or 0 for the first page), got -2"},
		{"page_size", "must be 1 or more (or 0 for the API's default), got -1"},
	}, ve.Problems)
	_, err = c.Projects.Get(ctx, 0)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{{"id", "must be a positive project id, got 0"}}, ve.Problems)
	_, err = c.Projects.Update(ctx, -1, &UpdateProjectRequest{Name: Some("n")})
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Equal(t, calls, mt.GetTotalCallCount(), "nothing was sent")
}

func TestWorkspaceEnumsValid(t *testing.T) {
	t.Parallel()
	for _, ok := range []bool{
		RubricLogicAnd.Valid(), RubricFieldScore.Valid(), RubricFieldEnum.Valid(), RubricOpIn.Valid(), RubricOpLTE.Valid(),
		TeamSizeOver500.Valid(), TeamSize("").Valid(), MuteDays14.Valid(), OnboardingFlowSimulation.Valid(), MemberRoleInsightsView.Valid(),
		AuditActionTypeObservability.Valid(), AuditOperationTypeDelete.Valid(), SubscriptionStateTrial.Valid(),
		PaymentTypeSubscriptionMemberSeat.Valid(), PaymentType("").Valid(),
	} {
		assert.True(t, ok)
	}
	for _, bad := range []bool{
		RubricLogic("or").Valid(), RubricLogic("").Valid(), RubricField("value").Valid(), RubricOp("between").Valid(),
		TeamSize("5").Valid(), MuteDays("1").Valid(), OnboardingFlow("sales").Valid(), MemberRole("owner").Valid(),
		AuditActionType("login").Valid(), AuditOperationType("read").Valid(), SubscriptionState("").Valid(), PaymentType("cash").Valid(),
	} {
		assert.False(t, bad)
	}
	// A value the SDK does not know decodes, and says so.
	var o Organization
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "team_size": "1000+", "members": [{"role": "owner"}]}`), &o))
	assert.Equal(t, TeamSize("1000+"), o.TeamSize)
	assert.False(t, o.TeamSize.Valid())
	assert.False(t, o.Members[0].Role.Valid())
}
