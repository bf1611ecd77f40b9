package cekura

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"
)

// projectsPath is the projects collection. The API has it on v1 only (the
// description has no /user/v2/projects/); its -external twin is the same
// operations under another path.
const projectsPath = "/user/v1/projects/"

// ProjectsService manages projects: the workspaces that scope an
// organization's agents, evaluators, metrics and results, with their
// settings — the webhook Cekura calls, which events it is called for,
// notifications, limits, the call-success rubric and provider keys.
// Get it from Client.Projects.
type ProjectsService struct{ c *core }

// Project is a project as the API returns it. Its write-only settings
// (the webhook secret, the provider API keys) are never returned: the
// …Configured fields say whether one is set.
type Project struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Members are the project's members, with their users and roles.
	Members []*Membership `json:"members,omitzero"`
	// Organization is the organization the project belongs to.
	Organization *OrganizationSummary `json:"organization,omitzero"`

	// OutboundTimeout, MaxCallDuration and MinCallDuration are in seconds.
	OutboundTimeout int `json:"outbound_timeout"`
	MaxCallDuration int `json:"max_call_duration"`
	MinCallDuration int `json:"min_call_duration"`
	// SampleRate is the share of production calls evaluated, 0 to 1.
	SampleRate               float64 `json:"sample_rate"`
	MaxMessagesChatRunsLimit int     `json:"max_messages_chat_runs_limit"`

	// WebhookURL is where Cekura sends this project's events (an agent's
	// own webhook_url overrides it for that agent's events).
	WebhookURL string `json:"webhook_url,omitzero"`
	// WebhookSecretConfigured reports whether a webhook secret is set (the
	// secret itself is write-only). The description types it as a string:
	// "true" and true both decode.
	WebhookSecretConfigured bool `json:"webhook_secret_configured" cekura:"flex"`
	// NotifyPreRunWebhook sends result.pre_trigger before a run dials.
	NotifyPreRunWebhook bool `json:"notify_pre_run_webhook"`
	// NotifyResultWebhookSuccess, …Failed and …Error send result.completed
	// for results that succeeded, failed, or had runs with an error message.
	NotifyResultWebhookSuccess bool `json:"notify_result_webhook_success"`
	NotifyResultWebhookFailed  bool `json:"notify_result_webhook_failed"`
	NotifyResultWebhookError   bool `json:"notify_result_webhook_error"`
	// NotifyCronjobWebhookSuccess, …Failed and …Error do the same for
	// scheduled (cron job) results.
	NotifyCronjobWebhookSuccess bool `json:"notify_cronjob_webhook_success"`
	NotifyCronjobWebhookFailed  bool `json:"notify_cronjob_webhook_failed"`
	NotifyCronjobWebhookError   bool `json:"notify_cronjob_webhook_error"`
	// NotifyCallLogWebhookSuccess and …Failed send call_log.completed for
	// production calls whose evaluation succeeded or failed.
	NotifyCallLogWebhookSuccess bool `json:"notify_call_log_webhook_success"`
	NotifyCallLogWebhookFailed  bool `json:"notify_call_log_webhook_failed"`
	// NotifyDailyReportWebhook sends the daily report to the webhook.
	NotifyDailyReportWebhook bool `json:"notify_daily_report_webhook"`
	// ForwardVapiWebhook and ForwardRetellWebhook forward the provider's own
	// webhooks (Vapi's end-of-call report, Retell's) to the webhook.
	ForwardVapiWebhook   bool `json:"forward_vapi_webhook"`
	ForwardRetellWebhook bool `json:"forward_retell_webhook"`

	// Notifications (email and Slack).
	NotifyResultsCompletion     bool `json:"notify_results_completion"`
	NotifyDailyReport           bool `json:"notify_daily_report"`
	NotifyDailyReportNoCalls    bool `json:"notify_daily_report_no_calls"`
	DailyReportAISummaryEnabled bool `json:"daily_report_ai_summary_enabled"`
	// DailyReportDashboardIDs are the dashboards shown in the daily report.
	DailyReportDashboardIDs []int64 `json:"daily_report_dashboard_ids,omitzero"`
	NotifyCronFailure       bool    `json:"notify_cron_failure"`
	NotifyCronSuccess       bool    `json:"notify_cron_success"`
	NotifyNoCalls           bool    `json:"notify_no_calls"`
	// NoCallsNotifyTimePeriod says when a lack of calls is alerted.
	NoCallsNotifyTimePeriod *NoCallsAlertConfig `json:"no_calls_notify_time_period,omitzero"`
	// NotifyFrequentCallsForNumber alerts when one number calls more than
	// FrequentCallsThreshold times in FrequentCallsTimePeriod, at most once
	// per FrequentCallsCooldown.
	NotifyFrequentCallsForNumber bool `json:"notify_frequent_calls_for_number"`
	FrequentCallsThreshold       int  `json:"frequent_calls_threshold"`
	FrequentCallsTimePeriod      int  `json:"frequent_calls_time_period"`
	FrequentCallsCooldown        int  `json:"frequent_calls_cooldown"`
	IsSendEmailsEnabled          bool `json:"is_send_emails_enabled"`

	// Evaluation and testing behaviour.
	EvaluateRelevantMetricsEnabled           bool `json:"evaluate_relevant_metrics_enabled"`
	EndCallEnabled                           bool `json:"end_call_enabled"`
	GenerateScenarioAutoAssignNumbersEnabled bool `json:"generate_scenario_auto_assign_numbers_enabled"`
	EnableClientSideTesting                  bool `json:"enable_client_side_testing"`
	UseProviderTranscript                    bool `json:"use_provider_transcript"`
	ShouldShowPoweredBy                      bool `json:"should_show_powered_by"`
	// RubricConfig is the call-success rubric.
	RubricConfig *RubricConfig `json:"rubric_config,omitzero"`
	// Timezone is the project's time zone, such as America/New_York.
	Timezone string `json:"timezone"`

	// Whether each provider API key is set (the keys are write-only).
	// SynthflowAPIKeyConfigured is the API's syntflow_api_key_configured.
	VapiAPIKeyConfigured       bool `json:"vapi_api_key_configured" cekura:"flex"`
	VapiPublicKeyConfigured    bool `json:"vapi_public_key_configured" cekura:"flex"`
	RetellAPIKeyConfigured     bool `json:"retell_api_key_configured" cekura:"flex"`
	SynthflowAPIKeyConfigured  bool `json:"syntflow_api_key_configured" cekura:"flex"`
	ElevenLabsAPIKeyConfigured bool `json:"elevenlabs_api_key_configured" cekura:"flex"`
	LiveKitAPIKeyConfigured    bool `json:"livekit_api_key_configured" cekura:"flex"`
	PipecatAPIKeyConfigured    bool `json:"pipecat_api_key_configured" cekura:"flex"`

	// IsDeleted is the API's soft-delete flag.
	IsDeleted bool      `json:"is_deleted"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON decodes a project tolerantly.
func (p *Project) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// NoCallsAlertConfig says when the lack of production calls is alerted
// (no_calls_notify_time_period).
type NoCallsAlertConfig struct {
	// TimeZone is the zone of the periods' times, such as America/New_York.
	TimeZone string `json:"time_zone,omitzero"`
	// TimePeriods are the windows in which calls are expected.
	TimePeriods []NoCallsTimePeriod `json:"time_periods,omitzero"`
	// ExceptionNumbers are customer numbers (E.164) whose calls do not
	// count.
	ExceptionNumbers []string `json:"exception_numbers,omitzero"`
	// AgentIDs are agents left out of the monitoring; empty monitors every
	// agent of the project.
	AgentIDs []int64 `json:"agents,omitzero"`
}

// UnmarshalJSON decodes the configuration tolerantly.
func (c *NoCallsAlertConfig) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// NoCallsTimePeriod is a daily window, "HH:MM" to "HH:MM", in which a
// stretch of TimeFrame without a call is alerted.
type NoCallsTimePeriod struct {
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
	// TimeFrame is the stretch without calls that is alerted, as the API
	// counts it (its example pairs 30 with a working day: minutes; the
	// description does not name the unit).
	TimeFrame int `json:"time_frame"`
}

// RubricLogic joins a rubric's rules, or a rule's conditions. The API
// supports "and" only.
type RubricLogic string

// RubricLogicAnd is the only logic the API supports: every rule, and every
// condition of a rule, must pass.
const RubricLogicAnd RubricLogic = "and"

// Valid reports whether l is one the API supports.
func (l RubricLogic) Valid() bool { return l == RubricLogicAnd }

// RubricField is what a rubric condition looks at in a metric's result.
type RubricField string

// The fields a rubric condition can look at.
const (
	// RubricFieldScore is the score of a numeric or score metric (a
	// number; qualitative scores are 0 to 5) or the outcome of a binary
	// one (true passes).
	RubricFieldScore RubricField = "score"
	// RubricFieldEnum is the value of an enum metric.
	RubricFieldEnum RubricField = "enum"
)

// Valid reports whether f is one of the API's rubric fields.
func (f RubricField) Valid() bool { return f == RubricFieldScore || f == RubricFieldEnum }

// RubricOp compares a metric's result with a rubric condition's value.
type RubricOp string

// The rubric operators.
const (
	RubricOpGT  RubricOp = "gt"
	RubricOpGTE RubricOp = "gte"
	RubricOpLT  RubricOp = "lt"
	RubricOpLTE RubricOp = "lte"
	RubricOpEq  RubricOp = "eq"
	RubricOpNeq RubricOp = "neq"
	// RubricOpIn takes a list of enum values.
	RubricOpIn RubricOp = "in"
)

// Valid reports whether o is one of the API's rubric operators.
func (o RubricOp) Valid() bool {
	switch o {
	case RubricOpGT, RubricOpGTE, RubricOpLT, RubricOpLTE, RubricOpEq, RubricOpNeq, RubricOpIn:
		return true
	}
	return false
}

// RubricConfig is a project's call-success rubric: each production call is
// checked against its rules, and passes when every rule does. Setting it
// replaces the whole rubric — a rule left out is deleted — so read the
// project first, change its RubricConfig, and send it whole (the API's
// own warning). An empty RubricConfig{} clears the rubric.
type RubricConfig struct {
	// EvaluationLogic must be RubricLogicAnd when there are rules.
	EvaluationLogic RubricLogic  `json:"evaluation_logic,omitzero"`
	Rules           []RubricRule `json:"rules,omitzero"`
}

// UnmarshalJSON decodes a rubric tolerantly.
func (r *RubricConfig) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// RubricRule is one rule of a rubric: conditions on one metric's result.
// The API advises one condition per rule.
type RubricRule struct {
	// MetricID is a metric of the project (or of one of its agents).
	MetricID   int64            `json:"metric_id"`
	Conditions RubricConditions `json:"conditions"`
}

// RubricConditions are a rule's conditions, joined by Operator.
type RubricConditions struct {
	// Operator must be RubricLogicAnd.
	Operator   RubricLogic       `json:"operator"`
	Conditions []RubricCondition `json:"conditions"`
}

// RubricCondition compares a metric's result with Value:
//
//   - a score: Field RubricFieldScore, an Op of gt, gte, lt, lte, eq or
//     neq, a number Value (4) — or, for a binary metric, eq or neq with
//     true (passes) or false;
//   - an enum: Field RubricFieldEnum, eq or neq with one of the metric's
//     values ("resolved"), or in with a list of them
//     ([]string{"resolved", "partially_resolved"}).
type RubricCondition struct {
	Field RubricField `json:"field"`
	Op    RubricOp    `json:"op"`
	Value any         `json:"value"`
}

// CreateProjectRequest is the body of Create. Name is required; fields left
// at their zero value (or unset) are not sent and take the API's defaults.
type CreateProjectRequest struct {
	// Name is required, 1 to 255 characters.
	Name string `json:"name" cekura:"required"`
	// OrganizationID is the organization to create the project under;
	// leave it 0 with an organization-scoped API key, which implies it.
	OrganizationID int64 `json:"organization_id,omitzero"`
	// Timezone is the project's time zone, such as America/New_York.
	Timezone string `json:"timezone,omitzero"`

	// WebhookURL is where Cekura sends the project's events (for agents
	// without a webhook_url of their own); an absolute http(s) URL.
	WebhookURL string `json:"webhook_url,omitzero"`
	// WebhookSecret is sent by Cekura in the X-CEKURA-SECRET header of
	// every delivery; only with WebhookURL. Write-only.
	WebhookSecret Secret `json:"webhook_secret,omitzero"`
	// The events the webhook gets; see the fields of the same names on
	// Project.
	NotifyPreRunWebhook         Opt[bool] `json:"notify_pre_run_webhook,omitzero"`
	NotifyResultWebhookSuccess  Opt[bool] `json:"notify_result_webhook_success,omitzero"`
	NotifyResultWebhookFailed   Opt[bool] `json:"notify_result_webhook_failed,omitzero"`
	NotifyResultWebhookError    Opt[bool] `json:"notify_result_webhook_error,omitzero"`
	NotifyCronjobWebhookSuccess Opt[bool] `json:"notify_cronjob_webhook_success,omitzero"`
	NotifyCronjobWebhookFailed  Opt[bool] `json:"notify_cronjob_webhook_failed,omitzero"`
	NotifyCronjobWebhookError   Opt[bool] `json:"notify_cronjob_webhook_error,omitzero"`
	NotifyCallLogWebhookSuccess Opt[bool] `json:"notify_call_log_webhook_success,omitzero"`
	NotifyCallLogWebhookFailed  Opt[bool] `json:"notify_call_log_webhook_failed,omitzero"`
	NotifyDailyReportWebhook    Opt[bool] `json:"notify_daily_report_webhook,omitzero"`
	ForwardVapiWebhook          Opt[bool] `json:"forward_vapi_webhook,omitzero"`
	ForwardRetellWebhook        Opt[bool] `json:"forward_retell_webhook,omitzero"`

	// Notifications.
	NotifyResultsCompletion      Opt[bool]           `json:"notify_results_completion,omitzero"`
	NotifyDailyReport            Opt[bool]           `json:"notify_daily_report,omitzero"`
	NotifyDailyReportNoCalls     Opt[bool]           `json:"notify_daily_report_no_calls,omitzero"`
	DailyReportAISummaryEnabled  Opt[bool]           `json:"daily_report_ai_summary_enabled,omitzero"`
	DailyReportDashboardIDs      []int64             `json:"daily_report_dashboard_ids,omitzero"`
	NotifyCronFailure            Opt[bool]           `json:"notify_cron_failure,omitzero"`
	NotifyCronSuccess            Opt[bool]           `json:"notify_cron_success,omitzero"`
	NotifyNoCalls                Opt[bool]           `json:"notify_no_calls,omitzero"`
	NoCallsNotifyTimePeriod      *NoCallsAlertConfig `json:"no_calls_notify_time_period,omitzero"`
	NotifyFrequentCallsForNumber Opt[bool]           `json:"notify_frequent_calls_for_number,omitzero"`
	FrequentCallsThreshold       Opt[int]            `json:"frequent_calls_threshold,omitzero"`
	FrequentCallsTimePeriod      Opt[int]            `json:"frequent_calls_time_period,omitzero"`
	FrequentCallsCooldown        Opt[int]            `json:"frequent_calls_cooldown,omitzero"`
	IsSendEmailsEnabled          Opt[bool]           `json:"is_send_emails_enabled,omitzero"`

	// Limits, in seconds except MaxMessagesChatRunsLimit; none negative.
	OutboundTimeout          int `json:"outbound_timeout,omitzero"`
	MaxCallDuration          int `json:"max_call_duration,omitzero"`
	MinCallDuration          int `json:"min_call_duration,omitzero"`
	MaxMessagesChatRunsLimit int `json:"max_messages_chat_runs_limit,omitzero"`
	// SampleRate is the share of production calls evaluated, 0 to 1.
	SampleRate Opt[float64] `json:"sample_rate,omitzero"`

	// Evaluation and testing behaviour.
	EvaluateRelevantMetricsEnabled           Opt[bool]     `json:"evaluate_relevant_metrics_enabled,omitzero"`
	EndCallEnabled                           Opt[bool]     `json:"end_call_enabled,omitzero"`
	GenerateScenarioAutoAssignNumbersEnabled Opt[bool]     `json:"generate_scenario_auto_assign_numbers_enabled,omitzero"`
	EnableClientSideTesting                  Opt[bool]     `json:"enable_client_side_testing,omitzero"`
	UseProviderTranscript                    Opt[bool]     `json:"use_provider_transcript,omitzero"`
	ShouldShowPoweredBy                      Opt[bool]     `json:"should_show_powered_by,omitzero"`
	RubricConfig                             *RubricConfig `json:"rubric_config,omitzero"`

	// Provider API keys, write-only. SynthflowAPIKey is sent as the API
	// spells it, syntflow_api_key.
	VapiAPIKey       Secret `json:"vapi_api_key,omitzero"`
	RetellAPIKey     Secret `json:"retell_api_key,omitzero"`
	SynthflowAPIKey  Secret `json:"syntflow_api_key,omitzero"`
	ElevenLabsAPIKey Secret `json:"elevenlabs_api_key,omitzero"`
	LiveKitAPIKey    Secret `json:"livekit_api_key,omitzero"`
	PipecatAPIKey    Secret `json:"pipecat_api_key,omitzero"`
}

// validate checks a Create body beyond its declaration.
func (r *CreateProjectRequest) validate(v *validator) {
	if strings.TrimSpace(r.Name) != "" { // else its tag reports it
		v.name("name", r.Name)
	}
	if r.OrganizationID < 0 {
		v.add("organization_id", "must be a positive organization id (or 0 to let the API key imply it), got %d", r.OrganizationID)
	}
	if r.WebhookURL != "" {
		v.httpURL("webhook_url", r.WebhookURL)
	}
	if r.WebhookSecret != "" && r.WebhookURL == "" {
		v.add("webhook_secret", "is set without webhook_url; set webhook_url too, or leave the secret out")
	}
	projectLimits(v, Some(r.OutboundTimeout), Some(r.MaxCallDuration), Some(r.MinCallDuration), Some(r.MaxMessagesChatRunsLimit),
		r.SampleRate, r.FrequentCallsThreshold, r.FrequentCallsTimePeriod, r.FrequentCallsCooldown)
	ids(v, "daily_report_dashboard_ids", r.DailyReportDashboardIDs)
	if r.NoCallsNotifyTimePeriod != nil {
		r.NoCallsNotifyTimePeriod.check(v, "no_calls_notify_time_period")
	}
	if r.RubricConfig != nil {
		r.RubricConfig.check(v, "rubric_config")
	}
}

// UpdateProjectRequest is the body of Update (PATCH): only the fields set
// are sent. None may be Null(): the API accepts null nowhere in a project.
type UpdateProjectRequest struct {
	Name     Opt[string] `json:"name,omitzero"`
	Timezone Opt[string] `json:"timezone,omitzero"`

	// WebhookURL is an absolute http(s) URL, or "" to remove the webhook.
	WebhookURL Opt[string] `json:"webhook_url,omitzero"`
	// WebhookSecret is the deliveries' X-CEKURA-SECRET value. Write-only.
	WebhookSecret               Opt[Secret] `json:"webhook_secret,omitzero"`
	NotifyPreRunWebhook         Opt[bool]   `json:"notify_pre_run_webhook,omitzero"`
	NotifyResultWebhookSuccess  Opt[bool]   `json:"notify_result_webhook_success,omitzero"`
	NotifyResultWebhookFailed   Opt[bool]   `json:"notify_result_webhook_failed,omitzero"`
	NotifyResultWebhookError    Opt[bool]   `json:"notify_result_webhook_error,omitzero"`
	NotifyCronjobWebhookSuccess Opt[bool]   `json:"notify_cronjob_webhook_success,omitzero"`
	NotifyCronjobWebhookFailed  Opt[bool]   `json:"notify_cronjob_webhook_failed,omitzero"`
	NotifyCronjobWebhookError   Opt[bool]   `json:"notify_cronjob_webhook_error,omitzero"`
	NotifyCallLogWebhookSuccess Opt[bool]   `json:"notify_call_log_webhook_success,omitzero"`
	NotifyCallLogWebhookFailed  Opt[bool]   `json:"notify_call_log_webhook_failed,omitzero"`
	NotifyDailyReportWebhook    Opt[bool]   `json:"notify_daily_report_webhook,omitzero"`
	ForwardVapiWebhook          Opt[bool]   `json:"forward_vapi_webhook,omitzero"`
	ForwardRetellWebhook        Opt[bool]   `json:"forward_retell_webhook,omitzero"`

	NotifyResultsCompletion      Opt[bool]               `json:"notify_results_completion,omitzero"`
	NotifyDailyReport            Opt[bool]               `json:"notify_daily_report,omitzero"`
	NotifyDailyReportNoCalls     Opt[bool]               `json:"notify_daily_report_no_calls,omitzero"`
	DailyReportAISummaryEnabled  Opt[bool]               `json:"daily_report_ai_summary_enabled,omitzero"`
	DailyReportDashboardIDs      Opt[[]int64]            `json:"daily_report_dashboard_ids,omitzero"`
	NotifyCronFailure            Opt[bool]               `json:"notify_cron_failure,omitzero"`
	NotifyCronSuccess            Opt[bool]               `json:"notify_cron_success,omitzero"`
	NotifyNoCalls                Opt[bool]               `json:"notify_no_calls,omitzero"`
	NoCallsNotifyTimePeriod      Opt[NoCallsAlertConfig] `json:"no_calls_notify_time_period,omitzero"`
	NotifyFrequentCallsForNumber Opt[bool]               `json:"notify_frequent_calls_for_number,omitzero"`
	FrequentCallsThreshold       Opt[int]                `json:"frequent_calls_threshold,omitzero"`
	FrequentCallsTimePeriod      Opt[int]                `json:"frequent_calls_time_period,omitzero"`
	FrequentCallsCooldown        Opt[int]                `json:"frequent_calls_cooldown,omitzero"`
	IsSendEmailsEnabled          Opt[bool]               `json:"is_send_emails_enabled,omitzero"`

	OutboundTimeout          Opt[int]     `json:"outbound_timeout,omitzero"`
	MaxCallDuration          Opt[int]     `json:"max_call_duration,omitzero"`
	MinCallDuration          Opt[int]     `json:"min_call_duration,omitzero"`
	MaxMessagesChatRunsLimit Opt[int]     `json:"max_messages_chat_runs_limit,omitzero"`
	SampleRate               Opt[float64] `json:"sample_rate,omitzero"`

	EvaluateRelevantMetricsEnabled           Opt[bool] `json:"evaluate_relevant_metrics_enabled,omitzero"`
	EndCallEnabled                           Opt[bool] `json:"end_call_enabled,omitzero"`
	GenerateScenarioAutoAssignNumbersEnabled Opt[bool] `json:"generate_scenario_auto_assign_numbers_enabled,omitzero"`
	EnableClientSideTesting                  Opt[bool] `json:"enable_client_side_testing,omitzero"`
	UseProviderTranscript                    Opt[bool] `json:"use_provider_transcript,omitzero"`
	ShouldShowPoweredBy                      Opt[bool] `json:"should_show_powered_by,omitzero"`
	// RubricConfig replaces the whole rubric (see RubricConfig);
	// Some(RubricConfig{}) clears it.
	RubricConfig Opt[RubricConfig] `json:"rubric_config,omitzero"`

	VapiAPIKey       Opt[Secret] `json:"vapi_api_key,omitzero"`
	RetellAPIKey     Opt[Secret] `json:"retell_api_key,omitzero"`
	SynthflowAPIKey  Opt[Secret] `json:"syntflow_api_key,omitzero"`
	ElevenLabsAPIKey Opt[Secret] `json:"elevenlabs_api_key,omitzero"`
	LiveKitAPIKey    Opt[Secret] `json:"livekit_api_key,omitzero"`
	PipecatAPIKey    Opt[Secret] `json:"pipecat_api_key,omitzero"`
}

// validate checks a PATCH body: the rules of Create, for the fields set.
func (r *UpdateProjectRequest) validate(v *validator) {
	if name, ok := r.Name.Get(); ok {
		v.name("name", name)
	}
	url, urlSet := r.WebhookURL.Get()
	if urlSet && url != "" {
		v.httpURL("webhook_url", url)
	}
	if s, ok := r.WebhookSecret.Get(); ok && s != "" && urlSet && url == "" {
		v.add("webhook_secret", "is set while webhook_url is being removed")
	}
	projectLimits(v, r.OutboundTimeout, r.MaxCallDuration, r.MinCallDuration, r.MaxMessagesChatRunsLimit,
		r.SampleRate, r.FrequentCallsThreshold, r.FrequentCallsTimePeriod, r.FrequentCallsCooldown)
	if d, ok := r.DailyReportDashboardIDs.Get(); ok {
		ids(v, "daily_report_dashboard_ids", d)
	}
	if c, ok := r.NoCallsNotifyTimePeriod.Get(); ok {
		c.check(v, "no_calls_notify_time_period")
	}
	if c, ok := r.RubricConfig.Get(); ok {
		c.check(v, "rubric_config")
	}
}

// projectLimits checks a project's numbers: durations and limits are not
// negative, the minimum call duration is not above the maximum, the sample
// rate is a share, and the frequent-calls settings fit the API's 32-bit
// integers.
func projectLimits(v *validator, outbound, maxDur, minDur, maxMessages Opt[int], sample Opt[float64], threshold, period, cooldown Opt[int]) {
	for _, f := range []struct {
		key string
		n   Opt[int]
	}{{"outbound_timeout", outbound}, {"max_call_duration", maxDur}, {"min_call_duration", minDur}, {"max_messages_chat_runs_limit", maxMessages}} {
		if n, ok := f.n.Get(); ok && n < 0 {
			v.add(f.key, "must not be negative, got %d", n)
		}
	}
	lo, loSet := minDur.Get()
	hi, hiSet := maxDur.Get()
	if loSet && hiSet && hi > 0 && lo > hi {
		v.add("min_call_duration", "is %d s, above max_call_duration (%d s)", lo, hi)
	}
	if r, ok := sample.Get(); ok && (math.IsNaN(r) || r < 0 || r > 1) {
		v.add("sample_rate", "must be a share of calls from 0 to 1 (0.5 evaluates half of them), got %v", r)
	}
	for _, f := range []struct {
		key string
		n   Opt[int]
	}{{"frequent_calls_threshold", threshold}, {"frequent_calls_time_period", period}, {"frequent_calls_cooldown", cooldown}} {
		if n, ok := f.n.Get(); ok && (n < math.MinInt32 || n > math.MaxInt32) {
			v.add(f.key, "is %d; the API takes a 32-bit integer", n)
		}
	}
}

// check validates a no-calls alert configuration under field.
func (c NoCallsAlertConfig) check(v *validator, field string) {
	for i, p := range c.TimePeriods {
		at := fmt.Sprintf("%s.time_periods[%d]", field, i)
		if !clockTime(p.StartTime) {
			v.add(at+".start_time", "%q is not a time of day as HH:MM (24-hour, such as 09:00)", p.StartTime)
		}
		if !clockTime(p.EndTime) {
			v.add(at+".end_time", "%q is not a time of day as HH:MM (24-hour, such as 17:00)", p.EndTime)
		}
		if p.TimeFrame <= 0 {
			v.add(at+".time_frame", "must be positive, got %d", p.TimeFrame)
		}
	}
	for i, n := range c.ExceptionNumbers {
		v.e164(fmt.Sprintf("%s.exception_numbers[%d]", field, i), n)
	}
	ids(v, field+".agents", c.AgentIDs)
}

// clockTime reports whether s is HH:MM, 00:00 to 23:59.
func clockTime(s string) bool {
	_, err := time.Parse("15:04", s)
	return err == nil && len(s) == 5
}

// check validates a rubric under field, as the API's description states
// its rules: "and" logic, a metric per rule, and for each condition a
// field, an operator that fits it and a value of the operator's kind.
func (r RubricConfig) check(v *validator, field string) {
	if len(r.Rules) == 0 && r.EvaluationLogic == "" {
		return // {}: clears the rubric
	}
	if !r.EvaluationLogic.Valid() {
		v.add(field+".evaluation_logic", "must be %q (the only logic the API supports), got %q", RubricLogicAnd, r.EvaluationLogic)
	}
	for i, rule := range r.Rules {
		at := fmt.Sprintf("%s.rules[%d]", field, i)
		if rule.MetricID <= 0 {
			v.add(at+".metric_id", "must be a positive metric id, got %d", rule.MetricID)
		}
		if !rule.Conditions.Operator.Valid() {
			v.add(at+".conditions.operator", "must be %q (the only operator the API supports), got %q", RubricLogicAnd, rule.Conditions.Operator)
		}
		if len(rule.Conditions.Conditions) == 0 {
			v.add(at+".conditions.conditions", "must hold a condition (one per rule, as the API advises)")
		}
		for j, c := range rule.Conditions.Conditions {
			c.check(v, fmt.Sprintf("%s.conditions.conditions[%d]", at, j))
		}
	}
}

// check validates one rubric condition under field.
func (c RubricCondition) check(v *validator, field string) {
	kind := valueKind(c.Value)
	switch c.Field {
	case RubricFieldScore:
		switch {
		case c.Op == RubricOpIn || (!c.Op.Valid() && c.Op != ""):
			v.add(field+".op", "%q does not compare a score: use gt, gte, lt, lte, eq or neq", c.Op)
		case c.Op == "":
			v.add(field+".op", "is required: gt, gte, lt, lte, eq or neq")
		case kind == "bool" && c.Op != RubricOpEq && c.Op != RubricOpNeq:
			v.add(field+".value", "true or false (a binary metric's outcome) goes with eq or neq, not %s", c.Op)
		case kind != "number" && kind != "bool":
			v.add(field+".value", "must be a number (a score) or true/false (a binary metric), got %s", kind)
		}
	case RubricFieldEnum:
		switch {
		case c.Op == RubricOpIn:
			if kind != "strings" {
				v.add(field+".value", "must be a non-empty list of the metric's enum values with in, got %s", kind)
			}
		case c.Op == RubricOpEq || c.Op == RubricOpNeq:
			if kind != "string" {
				v.add(field+".value", "must be one of the metric's enum values (a string) with %s, got %s", c.Op, kind)
			}
		case c.Op == "":
			v.add(field+".op", "is required: eq, neq or in")
		default:
			v.add(field+".op", "%q does not compare an enum: use eq, neq or in", c.Op)
		}
	default:
		v.add(field+".field", "must be %q or %q, got %q", RubricFieldScore, RubricFieldEnum, c.Field)
	}
}

// valueKind names what a rubric value holds: bool, number, string, strings
// (a non-empty list of strings), or what else it is.
func valueKind(x any) string {
	switch t := x.(type) {
	case nil:
		return "nothing"
	case bool:
		return "bool"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return "number"
	case float32:
		if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) {
			return "a number that is not finite"
		}
		return "number"
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return "a number that is not finite"
		}
		return "number"
	case string:
		return "string"
	case []string:
		if len(t) == 0 {
			return "an empty list"
		}
		return "strings"
	case []any:
		if len(t) == 0 {
			return "an empty list"
		}
		for _, e := range t {
			if _, ok := e.(string); !ok {
				return "a list holding something other than strings"
			}
		}
		return "strings"
	}
	return fmt.Sprintf("a %T", x)
}

// ListProjectsParams filters List. Zero values are not sent.
type ListProjectsParams struct {
	// OrganizationID keeps one organization's projects.
	OrganizationID int64 `url:"organization_id,omitempty"`
	// ProjectID is the API's tenant scope: leave it 0 with an API key
	// already scoped to the tenant.
	ProjectID int64 `url:"project_id,omitempty"`
}

func (p *ListProjectsParams) validate(v *validator) {
	if p.OrganizationID < 0 {
		v.add("organization_id", "must be a positive organization id (or 0 for all), got %d", p.OrganizationID)
	}
	if p.ProjectID < 0 {
		v.add("project_id", "must be a positive project id (or 0), got %d", p.ProjectID)
	}
}

// List returns the projects the API key can reach: GET /user/v1/projects/.
// The API sends every project at once, as a plain list, which reads as a
// single page (Next is empty). params may be nil.
func (s *ProjectsService) List(ctx context.Context, params *ListProjectsParams, opts ...Option) (*Page[Project], error) {
	return list[Project](ctx, s.c, endpoint{method: http.MethodGet, path: projectsPath, query: params}, opts)
}

// All walks every project lazily; see [AgentsService.All].
func (s *ProjectsService) All(ctx context.Context, params *ListProjectsParams, opts ...Option) iter.Seq2[*Project, error] {
	return all[Project](ctx, s.c, endpoint{method: http.MethodGet, path: projectsPath, query: params}, opts)
}

// Get returns a project with its settings: GET /user/v1/projects/{id}/.
func (s *ProjectsService) Get(ctx context.Context, id int64, opts ...Option) (*Project, error) {
	if err := checkID("project", id); err != nil {
		return nil, err
	}
	return send[Project](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(projectsPath, id)}, opts)
}

// Create adds a project: POST /user/v1/projects/ (201). Like every POST it
// is retried only on 429 and on errors that prove the request never reached
// the API, so that a retry cannot make a second project.
func (s *ProjectsService) Create(ctx context.Context, req *CreateProjectRequest, opts ...Option) (*Project, error) {
	return send[Project](ctx, s.c, endpoint{method: http.MethodPost, path: projectsPath, body: req}, opts)
}

// Update changes the settings req sets, and no other: PATCH
// /user/v1/projects/{id}/. An update that sets nothing is a validation
// error.
func (s *ProjectsService) Update(ctx context.Context, id int64, req *UpdateProjectRequest, opts ...Option) (*Project, error) {
	if err := checkID("project", id); err != nil {
		return nil, err
	}
	return send[Project](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(projectsPath, id), body: req, update: true}, opts)
}

// Delete deletes a project and everything in it — agents, evaluators,
// metrics, results and runs; it cannot be undone: DELETE
// /user/v1/projects/{id}/. The API refuses to delete an organization's last
// project.
func (s *ProjectsService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("project", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(projectsPath, id)}, opts)
}

// EnablePersonalities adds personalities to the ones the project's tests
// use: POST /user/v1/projects/{id}/enable_personalities/.
func (s *ProjectsService) EnablePersonalities(ctx context.Context, id int64, req *PersonalitiesRequest, opts ...Option) (*PersonalitiesChange, error) {
	return s.changePersonalities(ctx, id, "enable_personalities", req, opts)
}

// DisablePersonalities removes personalities from the ones the project's
// tests use: POST /user/v1/projects/{id}/disable_personalities/.
func (s *ProjectsService) DisablePersonalities(ctx context.Context, id int64, req *PersonalitiesRequest, opts ...Option) (*PersonalitiesChange, error) {
	return s.changePersonalities(ctx, id, "disable_personalities", req, opts)
}

func (s *ProjectsService) changePersonalities(ctx context.Context, id int64, action string, req *PersonalitiesRequest, opts []Option) (*PersonalitiesChange, error) {
	if err := checkID("project", id); err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	return send[PersonalitiesChange](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(projectsPath, id) + action + "/", body: body}, opts)
}

// TestWebhook asks the API to send mock webhook data to the project's
// webhook URL, with its secret: POST /user/v1/projects/{id}/test-webhook/.
// It sends an empty body and returns only an error. The description gives
// the action the project's own schema for its body and answer (the view's
// default serializer, which says nothing of the delivery), so neither is
// read; the delivery itself shows at the receiver.
func (s *ProjectsService) TestWebhook(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("project", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: pathID(projectsPath, id) + "test-webhook/", body: &emptyObject{}}, opts)
}

// emptyObject is a request body of {}: for an action whose description
// requires a body while the SDK has nothing to put in it.
type emptyObject struct{}

// Format prints the CreateProjectRequest with every secret redacted, under any verb.
func (r CreateProjectRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the CreateProjectRequest with every secret redacted.
func (r CreateProjectRequest) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the UpdateProjectRequest with every secret redacted, under any verb.
func (r UpdateProjectRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the UpdateProjectRequest with every secret redacted.
func (r UpdateProjectRequest) LogValue() slog.Value { return redactedLogValue(r) }
