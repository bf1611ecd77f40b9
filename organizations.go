package cekura

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// organizationsPath is the paginated list of organizations. The API also
// lists them at /user/organizations/, as a plain array with only a search
// filter; the SDK calls the v2 list, whose pages fit Page and All as every
// other list does, and which the API reference documents beside it.
const organizationsPath = "/user/v2/organizations/"

// OrganizationsService reads the organizations the API key belongs to.
// Get it from Client.Organizations.
type OrganizationsService struct{ c *core }

// TeamSize is an organization's head count, as a range.
type TeamSize string

// The team sizes of the API.
const (
	TeamSize1        TeamSize = "1"
	TeamSizeUnder10  TeamSize = "<10"
	TeamSize10To100  TeamSize = "10-100"
	TeamSize100To500 TeamSize = "100-500"
	TeamSizeOver500  TeamSize = "500+"
)

// Valid reports whether t is one of the API's team sizes (or empty).
func (t TeamSize) Valid() bool {
	switch t {
	case "", TeamSize1, TeamSizeUnder10, TeamSize10To100, TeamSize100To500, TeamSizeOver500:
		return true
	}
	return false
}

// MuteDays is how long an organization mutes the low-balance warnings of
// its cron jobs.
type MuteDays string

// The mute periods of the API.
const (
	MuteDaysOff MuteDays = "0"
	MuteDays3   MuteDays = "3"
	MuteDays7   MuteDays = "7"
	MuteDays14  MuteDays = "14"
)

// Valid reports whether d is one of the API's mute periods (or empty).
func (d MuteDays) Valid() bool {
	switch d {
	case "", MuteDaysOff, MuteDays3, MuteDays7, MuteDays14:
		return true
	}
	return false
}

// OnboardingFlow is the product an organization started with in the
// dashboard.
type OnboardingFlow string

// The onboarding flows of the API.
const (
	OnboardingFlowSimulation    OnboardingFlow = "simulation"
	OnboardingFlowObservability OnboardingFlow = "observability"
)

// Valid reports whether f is one of the API's onboarding flows (or empty).
func (f OnboardingFlow) Valid() bool {
	return f == "" || f == OnboardingFlowSimulation || f == OnboardingFlowObservability
}

// MemberRole is what a member may do in an organization or project.
type MemberRole string

// The member roles of the API.
const (
	MemberRoleAdmin        MemberRole = "admin"
	MemberRoleMember       MemberRole = "member"
	MemberRoleViewOnly     MemberRole = "view_only"
	MemberRoleInternalView MemberRole = "internal_view"
	MemberRoleLabs         MemberRole = "labs"
	MemberRoleLabsViewOnly MemberRole = "labs_view_only"
	MemberRoleInsightsView MemberRole = "insights_view"
)

// Valid reports whether r is one of the API's member roles (or empty).
func (r MemberRole) Valid() bool {
	switch r {
	case "", MemberRoleAdmin, MemberRoleMember, MemberRoleViewOnly, MemberRoleInternalView, MemberRoleLabs,
		MemberRoleLabsViewOnly, MemberRoleInsightsView:
		return true
	}
	return false
}

// User is a person as the API shows them in a membership.
type User struct {
	apiObject
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// UnmarshalJSON decodes a user tolerantly.
func (u *User) UnmarshalJSON(b []byte) error { return unmarshal(b, u) }

// Membership is a user's place in an organization or project: their role
// and whether they get email notifications.
type Membership struct {
	apiObject
	ID                   int64      `json:"id"`
	User                 *User      `json:"user,omitzero"`
	Role                 MemberRole `json:"role,omitzero"`
	IsEmailNotifyEnabled bool       `json:"is_email_notify_enabled"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

// UnmarshalJSON decodes a membership tolerantly.
func (m *Membership) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// OrganizationSummary is an organization as a project shows it: its id,
// name and members.
type OrganizationSummary struct {
	apiObject
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	Members   []*Membership `json:"members,omitzero"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// UnmarshalJSON decodes the summary tolerantly.
func (o *OrganizationSummary) UnmarshalJSON(b []byte) error { return unmarshal(b, o) }

// ProjectSummary is a project as an organization lists it: its id, name
// and members (ProjectsService.Get has its settings).
type ProjectSummary struct {
	apiObject
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	Members   []*Membership `json:"members,omitzero"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// UnmarshalJSON decodes the summary tolerantly.
func (p *ProjectSummary) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// Organization is an organization as the API returns it: its limits,
// defaults, notification settings, members and projects. Its provider API
// keys are write-only; the …Configured fields say whether each is set.
// Amounts of money (LowCreditsThreshold, the auto-refill amounts) are
// decimal strings, such as "100.00", as the API sends them.
type Organization struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// TeamSize is a range, such as TeamSize10To100.
	TeamSize TeamSize `json:"team_size"`
	// DiscoverySource is how the organization found Cekura.
	DiscoverySource string `json:"discovery_source"`
	// Timezone is the organization's IANA time zone, such as
	// America/New_York (the API accepts a fixed list of about 80; the SDK
	// only reads it, so it is a plain string).
	Timezone string `json:"timezone"`

	// Limits: the plan's (read-only) and the organization's own. Durations
	// are in seconds.
	MaxAgentsLimit             int  `json:"max_agents_limit"`
	MaxMembersLimit            int  `json:"max_members_limit"`
	MaxConcurrentRunsLimit     int  `json:"max_concurrent_runs_limit"`
	MaxConcurrentChatRunsLimit int  `json:"max_concurrent_chat_runs_limit"`
	MaxCallDuration            int  `json:"max_call_duration"`
	OutboundTimeout            int  `json:"outbound_timeout"`
	LimitToExclusiveNumbers    bool `json:"limit_to_exclusive_numbers"`
	AllowDuplicateCallIDs      bool `json:"allow_duplicate_call_ids"`
	AllowJoinRequests          bool `json:"allow_join_requests"`

	// Defaults for the organization's projects.
	EvaluateRelevantMetricsEnabled           bool `json:"evaluate_relevant_metrics_enabled"`
	EndCallEnabled                           bool `json:"end_call_enabled"`
	GenerateScenarioAutoAssignNumbersEnabled bool `json:"generate_scenario_auto_assign_numbers_enabled"`
	ConditionalActionsGenerationEnabled      bool `json:"conditional_actions_generation_enabled"`
	ShowCustomDashboards                     bool `json:"show_custom_dashboards"`

	// Notifications and webhooks.
	NotifyDailyReport            bool     `json:"notify_daily_report"`
	NotifyCronFailure            bool     `json:"notify_cron_failure"`
	NotifyCronSuccess            bool     `json:"notify_cron_success"`
	NotifyNoCalls                bool     `json:"notify_no_calls"`
	NotifyResultWebhook          bool     `json:"notify_result_webhook"`
	NotifyCronjobWebhook         bool     `json:"notify_cronjob_webhook"`
	NotifyCallLogWebhook         bool     `json:"notify_call_log_webhook"`
	ForwardVapiWebhook           bool     `json:"forward_vapi_webhook"`
	ForwardRetellWebhook         bool     `json:"forward_retell_webhook"`
	IsSendEmailsEnabled          bool     `json:"is_send_emails_enabled"`
	NotifyFrequentCallsForNumber bool     `json:"notify_frequent_calls_for_number"`
	FrequentCallsThreshold       int      `json:"frequent_calls_threshold"`
	FrequentCallsTimePeriod      int      `json:"frequent_calls_time_period"`
	FrequentCallsCooldown        int      `json:"frequent_calls_cooldown"`
	NotifyMetricSignificantShift bool     `json:"notify_metric_significant_shift"`
	NotifyLowCredits             bool     `json:"notify_low_credits"`
	LowCreditsThreshold          string   `json:"low_credits_threshold"`
	CronjobLowBalanceMuteDays    MuteDays `json:"cronjob_low_balance_mute_days"`

	// Credits bought automatically when the balance runs low.
	AutoRefill          bool   `json:"auto_refill"`
	AutoRefillThreshold string `json:"auto_refill_threshold"`
	AutoRefillAmount    string `json:"auto_refill_amount"`
	// AutoRefillMaxCap caps the refills of a billing cycle; "" for none.
	AutoRefillMaxCap string `json:"auto_refill_max_cap"`

	// Whether each provider API key is set (the keys are write-only).
	// SynthflowAPIKeyConfigured is the API's syntflow_api_key_configured.
	VapiAPIKeyConfigured      bool `json:"vapi_api_key_configured" cekura:"flex"`
	VapiPublicKeyConfigured   bool `json:"vapi_public_key_configured" cekura:"flex"`
	RetellAPIKeyConfigured    bool `json:"retell_api_key_configured" cekura:"flex"`
	SynthflowAPIKeyConfigured bool `json:"syntflow_api_key_configured" cekura:"flex"`

	// Members and Projects are the organization's.
	Members  []*Membership     `json:"members,omitzero"`
	Projects []*ProjectSummary `json:"projects,omitzero"`

	// Account state.
	IsInternalViewOnly  bool           `json:"is_internal_view_only"`
	Is2FARequired       bool           `json:"is_2fa_required"`
	SkipOnboarding      bool           `json:"skip_onboarding"`
	OnboardingFlow      OnboardingFlow `json:"onboarding_flow"`
	UserOnboarding      string         `json:"user_onboarding"`
	PhoneNumberVerified bool           `json:"phone_number_verified"`
	SlackInviteSent     bool           `json:"slack_invite_sent"`
	CreatedAt           time.Time      `json:"created_at"`
	UpdatedAt           time.Time      `json:"updated_at"`
}

// UnmarshalJSON decodes an organization tolerantly.
func (o *Organization) UnmarshalJSON(b []byte) error { return unmarshal(b, o) }

// ListOrganizationsParams selects a page of organizations. Zero values are
// not sent.
type ListOrganizationsParams struct {
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
	// Search keeps the organizations matching a search term.
	Search string `url:"search,omitempty"`
}

func (p *ListOrganizationsParams) validate(v *validator) { v.pageOptions(p.Page, p.PageSize) }

// List returns one page of the organizations the API key belongs to: GET
// /user/v2/organizations/. params may be nil.
func (s *OrganizationsService) List(ctx context.Context, params *ListOrganizationsParams, opts ...Option) (*Page[Organization], error) {
	return list[Organization](ctx, s.c, endpoint{method: http.MethodGet, path: organizationsPath, query: params}, opts)
}

// All walks every page of organizations lazily; see [AgentsService.All].
func (s *OrganizationsService) All(ctx context.Context, params *ListOrganizationsParams, opts ...Option) iter.Seq2[*Organization, error] {
	return all[Organization](ctx, s.c, endpoint{method: http.MethodGet, path: organizationsPath, query: params}, opts)
}
