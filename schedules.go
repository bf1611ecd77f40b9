package cekura

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cekura-go/cekura/internal/rules"
)

// schedulesPath is the cron jobs collection (the API's "schedules").
const schedulesPath = "/schedules/v1/cron-jobs/"

// SchedulesService manages schedules: cron jobs that run an agent's
// scenarios on a recurring timetable, as Tests.Start runs them once
// (daily regression tests, hourly smoke tests). Each run bills as a started
// test does, and its outcome arrives as a result (Result.IsCronjob) and its
// result.completed webhook. Get it from Client.Schedules.
type SchedulesService struct{ c *core }

// ExecutionMode is how a schedule's scenarios run: the transport of each
// scheduled test.
type ExecutionMode string

// The execution modes of the API. Some need the agent's credentials for
// that platform.
const (
	ExecutionModeVoice        ExecutionMode = "voice"         // phone calls (the default)
	ExecutionModeText         ExecutionMode = "text"          // text chat
	ExecutionModeSIP          ExecutionMode = "sip"           // SIP, straight to the agent's endpoint
	ExecutionModeVapiWebRTC   ExecutionMode = "vapi_webrtc"   // Vapi's WebRTC: Vapi credentials and assistant id
	ExecutionModeRetellWebRTC ExecutionMode = "retell_webrtc" // Retell's WebRTC: Retell credentials and chat agent id
	ExecutionModeElevenLabs   ExecutionMode = "elevenlabs"    // ElevenLabs conversational AI: its credentials and agent id
	ExecutionModeEllo         ExecutionMode = "ello"          // Ello: LiveKit credentials
	ExecutionModeLiveKit      ExecutionMode = "livekit_v2"    // LiveKit: LiveKit credentials
	ExecutionModePipecat      ExecutionMode = "pipecat_v2"    // Pipecat Cloud: its credentials
	ExecutionModeAgora        ExecutionMode = "agora"
)

var executionModes = []ExecutionMode{ExecutionModeVoice, ExecutionModeText, ExecutionModeSIP, ExecutionModeVapiWebRTC,
	ExecutionModeRetellWebRTC, ExecutionModeElevenLabs, ExecutionModeEllo, ExecutionModeLiveKit, ExecutionModePipecat, ExecutionModeAgora}

// Valid reports whether m is one of the API's execution modes (or empty:
// ExecutionModeVoice).
func (m ExecutionMode) Valid() bool { return m == "" || slices.Contains(executionModes, m) }

// NotifyOn says which outcomes of a schedule's runs are notified.
type NotifyOn string

// The notification choices of the API.
const (
	NotifyOnNever   NotifyOn = "never"
	NotifyOnSuccess NotifyOn = "success"
	NotifyOnFailure NotifyOn = "failure"
	NotifyOnBoth    NotifyOn = "both"
)

// Valid reports whether n is one of the API's notification choices (or
// empty).
func (n NotifyOn) Valid() bool {
	return n == "" || n == NotifyOnNever || n == NotifyOnSuccess || n == NotifyOnFailure || n == NotifyOnBoth
}

// CreatedVia is how a schedule was created, as the API records it.
type CreatedVia string

// The API's values of CreatedVia.
const (
	CreatedViaUser CreatedVia = "user" // in the dashboard
	CreatedViaAPI  CreatedVia = "api"  // with an API key, as this SDK does
	CreatedViaMCP  CreatedVia = "mcp"  // by an MCP client
	CreatedViaCLI  CreatedVia = "cli"
	CreatedViaSDK  CreatedVia = "sdk"
)

// Valid reports whether c is one of the API's values (or empty: the API
// sends null for schedules older than the field).
func (c CreatedVia) Valid() bool {
	switch c {
	case "", CreatedViaUser, CreatedViaAPI, CreatedViaMCP, CreatedViaCLI, CreatedViaSDK:
		return true
	}
	return false
}

// Schedule is a schedule (a cron job) as the API returns it.
type Schedule struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name,omitzero"`
	// AgentID is the agent whose scenarios run.
	AgentID int64 `json:"agent,omitzero"`
	// CrontabExpression is when it runs: minute hour day-of-month month
	// day-of-week, in Timezone ("0 9 * * 1-5": weekdays at 9:00).
	CrontabExpression string `json:"crontab_expression"`
	// Timezone is an IANA time zone name, such as America/New_York.
	Timezone string `json:"timezone,omitzero"`
	// ScenarioIDs are the scenarios it runs when chosen by id, and
	// Scenarios those scenarios with their names (id, name, agent,
	// personality).
	ScenarioIDs []int64     `json:"scenario_ids,omitzero"`
	Scenarios   []*Scenario `json:"scenarios_data,omitzero"`
	// Tags choose the agent's scenarios by tag instead.
	Tags []string `json:"tags,omitzero"`
	// PersonalityIDs are the personalities each scenario runs with.
	PersonalityIDs []int64 `json:"personalities,omitzero"`
	// Frequency is how many times each scenario runs (1 to 100).
	Frequency     int           `json:"frequency,omitzero"`
	ExecutionMode ExecutionMode `json:"execution_mode,omitzero"`
	NotifyOn      NotifyOn      `json:"notify_on,omitzero"`
	// IsActive is false while the schedule is paused.
	IsActive bool `json:"is_active"`
	// CreatedByID is the id of the user who created it.
	CreatedByID int64      `json:"created_by,omitzero"`
	CreatedVia  CreatedVia `json:"created_via,omitzero"`
	CreatedAt   time.Time  `json:"created_at,omitzero"`
	UpdatedAt   time.Time  `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a schedule tolerantly.
func (s *Schedule) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// CreateScheduleRequest is the body of Create. CrontabExpression is
// required, and exactly one of ScenarioIDs and Tags (Tags with AgentID).
//
// The crontab expression is checked before sending: five fields (minute
// 0–59, hour 0–23, day of month 1–31 or L for the last, month 1–12 or
// JAN–DEC, day of week 0–7 or SUN–SAT, 0 and 7 being Sunday), each a list
// of *, values and ranges, optionally stepped (*/15, 8-18/2). The time zone
// is checked as an IANA name with the time zone database of the machine;
// where there is none (a scratch image, and no time/tzdata import), a
// well-formed name is left to the API (README, "Test profiles and
// schedules").
type CreateScheduleRequest struct {
	// CrontabExpression says when the schedule runs, such as "0 9 * * 1-5"
	// (weekdays at 9:00); required.
	CrontabExpression string `json:"crontab_expression" cekura:"required"`
	// Timezone is an IANA time zone name (America/New_York, Europe/Paris,
	// UTC); left out, the project's time zone applies.
	Timezone string `json:"timezone,omitzero"`
	Name     string `json:"name,omitzero"`
	// AgentID is the agent to test; required with Tags.
	AgentID int64 `json:"agent,omitzero"`
	// ScenarioIDs or Tags pick the scenarios: exactly one.
	ScenarioIDs []int64  `json:"scenarios,omitzero"`
	Tags        []string `json:"tags,omitzero"`
	// PersonalityIDs run each scenario with each of these personalities.
	PersonalityIDs []int64 `json:"personalities,omitzero"`
	// ExecutionMode is ExecutionModeVoice when unset.
	ExecutionMode ExecutionMode `json:"execution_mode,omitzero"`
	// Frequency is how many times each scenario runs, 1 to 100 (0: the
	// API's default, 1).
	Frequency int `json:"frequency,omitzero"`
	// ConcurrencyLimit caps the conversations run in parallel (0: no cap).
	ConcurrencyLimit int `json:"concurrency_limit,omitzero"`
	// NotifyOn says which outcomes are notified.
	NotifyOn NotifyOn `json:"notify_on,omitzero"`
}

func (r *CreateScheduleRequest) validate(v *validator) {
	if strings.TrimSpace(r.CrontabExpression) != "" {
		v.crontab(r.CrontabExpression)
	}
	if r.Timezone != "" {
		v.timezone(r.Timezone)
	}
	switch {
	case len(r.ScenarioIDs) > 0 && len(r.Tags) > 0:
		v.add("scenarios", "set scenarios or tags, not both")
	case len(r.ScenarioIDs) == 0 && len(r.Tags) == 0:
		v.add("scenarios", "set scenarios (ids) or tags: the scenarios the schedule runs")
	case len(r.Tags) > 0 && r.AgentID == 0:
		v.add("agent", "is required with tags: the agent whose scenarios they pick")
	}
	positive(v, "agent", r.AgentID)
	scheduleRules(v, r.ScenarioIDs, r.Tags, r.PersonalityIDs, r.ExecutionMode, r.NotifyOn)
	if r.Frequency != 0 {
		v.frequency(r.Frequency)
	}
	if r.ConcurrencyLimit < 0 {
		v.add("concurrency_limit", "is %d; 1 or more (or 0 for no cap)", r.ConcurrencyLimit)
	}
}

// scheduleRules are the checks Create and Update share.
func scheduleRules(v *validator, scenarioIDs []int64, tags []string, personalityIDs []int64, mode ExecutionMode, notify NotifyOn) {
	ids(v, "scenarios", scenarioIDs)
	ids(v, "personalities", personalityIDs)
	if slices.ContainsFunc(tags, func(t string) bool { return strings.TrimSpace(t) == "" }) {
		v.add("tags", "holds a blank tag")
	}
	if !mode.Valid() {
		v.add("execution_mode", "%q is not one of %s", mode, joinValues(executionModes))
	}
	if !notify.Valid() {
		v.add("notify_on", "%q is not one of never, success, failure, both", notify)
	}
}

func (v *validator) crontab(expr string) {
	for _, p := range rules.Crontab(expr) {
		v.add("crontab_expression", "%s", p)
	}
}

func (v *validator) timezone(name string) {
	if p := rules.Timezone(name, time.LoadLocation); p != "" {
		v.add("timezone", "%s", p)
	}
}

func (v *validator) frequency(n int) {
	if n < 1 || n > 100 {
		v.add("frequency", "is %d; the API runs each scenario 1 to 100 times", n)
	}
}

// UpdateScheduleRequest is the body of Update (PATCH): only what is set is
// sent. IsActive: Some(false) pauses the schedule, Some(true) resumes it.
type UpdateScheduleRequest struct {
	CrontabExpression Opt[string] `json:"crontab_expression,omitzero"`
	Timezone          Opt[string] `json:"timezone,omitzero"`
	Name              Opt[string] `json:"name,omitzero"`
	AgentID           Opt[int64]  `json:"agent,omitzero"`
	// ScenarioIDs or Tags replace how the scenarios are picked; set one.
	ScenarioIDs    Opt[[]int64]       `json:"scenarios,omitzero"`
	Tags           Opt[[]string]      `json:"tags,omitzero"`
	PersonalityIDs Opt[[]int64]       `json:"personalities,omitzero"`
	ExecutionMode  Opt[ExecutionMode] `json:"execution_mode,omitzero"`
	Frequency      Opt[int]           `json:"frequency,omitzero"`
	// ConcurrencyLimit: Some(n) caps the conversations in parallel,
	// Null() removes the cap.
	ConcurrencyLimit Opt[int]      `json:"concurrency_limit,omitzero" cekura:"nullable"`
	NotifyOn         Opt[NotifyOn] `json:"notify_on,omitzero"`
	IsActive         Opt[bool]     `json:"is_active,omitzero"`
}

func (r *UpdateScheduleRequest) validate(v *validator) {
	if expr, ok := r.CrontabExpression.Get(); ok {
		if strings.TrimSpace(expr) == "" {
			v.add("crontab_expression", "must not be blank")
		} else {
			v.crontab(expr)
		}
	}
	if tz, ok := r.Timezone.Get(); ok {
		v.timezone(tz)
	}
	if id, ok := r.AgentID.Get(); ok && id <= 0 {
		v.add("agent", "must be a positive id, got %d", id)
	}
	scenarioIDs, _ := r.ScenarioIDs.Get()
	tags, _ := r.Tags.Get()
	if len(scenarioIDs) > 0 && len(tags) > 0 {
		v.add("scenarios", "set scenarios or tags, not both")
	}
	personalityIDs, _ := r.PersonalityIDs.Get()
	mode, _ := r.ExecutionMode.Get()
	notify, _ := r.NotifyOn.Get()
	scheduleRules(v, scenarioIDs, tags, personalityIDs, mode, notify)
	if n, ok := r.Frequency.Get(); ok {
		v.frequency(n)
	}
	if n, ok := r.ConcurrencyLimit.Get(); ok && n < 1 {
		v.add("concurrency_limit", "is %d; 1 or more (Null() removes the cap)", n)
	}
}

// ListSchedulesParams filters List. Zero values are not sent.
type ListSchedulesParams struct {
	AgentID   int64 `url:"agent_id,omitempty"`
	ProjectID int64 `url:"project_id,omitempty"`
}

func (o *ListSchedulesParams) validate(v *validator) {
	positive(v, "agent_id", o.AgentID)
	positive(v, "project_id", o.ProjectID)
}

// Create adds a schedule: POST /schedules/v1/cron-jobs/ (201). It is active
// at once: its first run comes at the next time its expression names.
func (s *SchedulesService) Create(ctx context.Context, req *CreateScheduleRequest, opts ...Option) (*Schedule, error) {
	return send[Schedule](ctx, s.c, endpoint{method: http.MethodPost, path: schedulesPath, body: req}, opts)
}

// Get returns one schedule: GET /schedules/v1/cron-jobs/{id}/.
func (s *SchedulesService) Get(ctx context.Context, id int64, opts ...Option) (*Schedule, error) {
	if err := checkID("schedule", id); err != nil {
		return nil, err
	}
	return send[Schedule](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(schedulesPath, id)}, opts)
}

// List returns the schedules: GET /schedules/v1/cron-jobs/. The API sends
// them all at once, as a plain list, which reads as a single page (Next is
// empty).
func (s *SchedulesService) List(ctx context.Context, params *ListSchedulesParams, opts ...Option) (*Page[Schedule], error) {
	return list[Schedule](ctx, s.c, endpoint{method: http.MethodGet, path: schedulesPath, query: params}, opts)
}

// All walks every schedule lazily; see [AgentsService.All].
func (s *SchedulesService) All(ctx context.Context, params *ListSchedulesParams, opts ...Option) iter.Seq2[*Schedule, error] {
	return all[Schedule](ctx, s.c, endpoint{method: http.MethodGet, path: schedulesPath, query: params}, opts)
}

// Update changes what req sets: PATCH /schedules/v1/cron-jobs/{id}/.
func (s *SchedulesService) Update(ctx context.Context, id int64, req *UpdateScheduleRequest, opts ...Option) (*Schedule, error) {
	if err := checkID("schedule", id); err != nil {
		return nil, err
	}
	return send[Schedule](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(schedulesPath, id), body: req, update: true}, opts)
}

// Delete deletes a schedule: DELETE /schedules/v1/cron-jobs/{id}/. It
// cannot be undone: no run is scheduled any more, and the results of past
// runs are kept.
func (s *SchedulesService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("schedule", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(schedulesPath, id)}, opts)
}
