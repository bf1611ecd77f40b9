package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SuiteChannel is how a suite's simulated callers reach the agent.
type SuiteChannel string

// The channels of RunSuiteRequest.
const (
	SuiteChannelVoice      SuiteChannel = "voice"      // a phone call (the default)
	SuiteChannelText       SuiteChannel = "text"       // chat
	SuiteChannelElevenLabs SuiteChannel = "elevenlabs" // an ElevenLabs WebRTC session
	SuiteChannelLiveKitV2  SuiteChannel = "livekit_v2" // a LiveKit WebRTC session
	SuiteChannelPipecatV2  SuiteChannel = "pipecat_v2" // a Pipecat WebRTC session
)

// Valid reports whether c is one of the API's channels (or empty:
// SuiteChannelVoice).
func (c SuiteChannel) Valid() bool {
	switch c {
	case "", SuiteChannelVoice, SuiteChannelText, SuiteChannelElevenLabs, SuiteChannelLiveKitV2, SuiteChannelPipecatV2:
		return true
	}
	return false
}

const runSuitePath = "/test_framework/v2/scenarios/run_scenarios_json/"

// RunSuiteRequest runs a suite against an agent. The target is chosen
// here, never in the file, so one file runs against any agent.
type RunSuiteRequest struct {
	// AgentID is the agent to test. Required.
	AgentID int64 `json:"agent_id"`
	// Channel is SuiteChannelVoice when empty.
	Channel SuiteChannel `json:"channel,omitzero"`
	// Name labels the result (at most 255 characters; default: the suite's
	// name).
	Name string `json:"name,omitzero"`
	// LiveKitData (SuiteChannelLiveKitV2) and PipecatData
	// (SuiteChannelPipecatV2) override the connection for this run: JSON
	// objects.
	LiveKitData json.RawMessage `json:"livekit_data,omitzero"`
	PipecatData json.RawMessage `json:"pipecat_data,omitzero"`
	// Suite is the file, sent as the spec object. Required. Its problems
	// are keyed by their location in the file ("scenarios[0].name"), as
	// the API keys them.
	Suite *Suite `json:"spec"`
}

func (r *RunSuiteRequest) validate(v *validator) {
	if r.AgentID <= 0 {
		v.add("agent_id", "is required: the id of the agent to test")
	}
	if !r.Channel.Valid() {
		v.add("channel", "%q is not one of voice, text, elevenlabs, livekit_v2, pipecat_v2", r.Channel)
	}
	suiteMaxLen(v, "name", r.Name, 255)
	v.jsonObject("livekit_data", r.LiveKitData)
	v.jsonObject("pipecat_data", r.PipecatData)
	if r.LiveKitData != nil && r.Channel != SuiteChannelLiveKitV2 {
		v.add("livekit_data", "is for the livekit_v2 channel, not %s", r.channelOrDefault())
	}
	if r.PipecatData != nil && r.Channel != SuiteChannelPipecatV2 {
		v.add("pipecat_data", "is for the pipecat_v2 channel, not %s", r.channelOrDefault())
	}
	if r.Suite == nil {
		v.add("spec", "is required: the suite to run")
		return
	}
	r.Suite.validate(v)
}

func (r *RunSuiteRequest) channelOrDefault() SuiteChannel {
	if r.Channel == "" {
		return SuiteChannelVoice
	}
	return r.Channel
}

// SuiteMode says where a planned case's personality or test profile comes
// from.
type SuiteMode string

// The modes of a plan.
const (
	// SuiteModeExisting: an existing one, by id.
	SuiteModeExisting SuiteMode = "existing"
	// SuiteModeOverride: an existing one (base) with changes.
	SuiteModeOverride SuiteMode = "override"
	// SuiteModeInline: defined in the file, for this run only.
	SuiteModeInline SuiteMode = "inline"
	// SuiteModeProjectDefault: the file sets none; the project's default.
	SuiteModeProjectDefault SuiteMode = "project_default"
)

// Valid reports whether m is one of the API's modes.
func (m SuiteMode) Valid() bool {
	switch m {
	case SuiteModeExisting, SuiteModeOverride, SuiteModeInline, SuiteModeProjectDefault:
		return true
	}
	return false
}

// SuitePlan is what a suite would run, as a dry run prices it: nothing is
// created or charged.
type SuitePlan struct {
	apiObject
	AgentID       int64        `json:"agent_id"`
	ProjectID     int64        `json:"project_id"`
	Channel       SuiteChannel `json:"channel"`
	SuiteName     string       `json:"suite_name"`
	ScenarioCount int          `json:"scenario_count"`
	// TotalRuns is the number of conversations: each case's frequency,
	// summed.
	TotalRuns int `json:"total_runs"`
	// EstimatedCost is in credits.
	EstimatedCost float64          `json:"estimated_cost"`
	Scenarios     []*SuitePlanCase `json:"scenarios"`
}

// UnmarshalJSON decodes a plan tolerantly.
func (p *SuitePlan) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// SuitePlanCase is one case of a plan, with its defaults applied.
type SuitePlanCase struct {
	apiObject
	Key         string                `json:"key"`
	Name        string                `json:"name"`
	Type        ScenarioType          `json:"type"`
	Frequency   int                   `json:"frequency"`
	MetricIDs   []int64               `json:"metric_ids"`
	Tags        []string              `json:"tags"`
	Personality *SuitePlanPersonality `json:"personality"`
	TestProfile *SuitePlanTestProfile `json:"test_profile"`
}

// UnmarshalJSON decodes a planned case tolerantly.
func (c *SuitePlanCase) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// SuitePlanPersonality is the personality a planned case resolved to.
type SuitePlanPersonality struct {
	apiObject
	Mode SuiteMode `json:"mode"`
	// ID is the existing (or base) personality; 0 inline or by default.
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// UnmarshalJSON decodes a planned personality tolerantly.
func (p *SuitePlanPersonality) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// SuitePlanTestProfile is the test data a planned case resolved to.
type SuitePlanTestProfile struct {
	apiObject
	Mode SuiteMode `json:"mode"`
	// Sections are the parts of inline data set, such as
	// "agent_variables" and "caller_variables".
	Sections []string `json:"sections"`
}

// UnmarshalJSON decodes a planned test profile tolerantly.
func (p *SuitePlanTestProfile) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// suiteDryRun is the dry run's answer: {"dry_run": true, "valid": true,
// "plan": {…}}.
type suiteDryRun struct {
	Valid *bool      `json:"valid"`
	Plan  *SuitePlan `json:"plan"`
}

// RunSuite runs a suite's test cases against an agent: POST
// /test_framework/v2/scenarios/run_scenarios_json/ with the suite as the
// spec object. The suite is checked first (every problem at once, keyed by
// location in the file); the API's own refusals come back as an *APIError
// whose FieldErrors use the same keys ("scenarios[1].metrics[0]"). It
// returns the result, which Results.Wait follows to a Verdict. Running
// places calls and costs credits, so it is never retried once the request
// may have reached the API (see MaybeApplied).
func (s *TestsService) RunSuite(ctx context.Context, req *RunSuiteRequest, opts ...Option) (*Result, error) {
	return send[Result](ctx, s.c, endpoint{method: http.MethodPost, path: runSuitePath, body: req}, opts)
}

// PlanSuite checks and prices a suite without running it: the same POST
// with ?dry_run=true. Nothing is created or charged; the plan says how
// many runs the suite makes, what it would cost, and how each case's
// personality and test profile resolve.
func (s *TestsService) PlanSuite(ctx context.Context, req *RunSuiteRequest, opts ...Option) (*SuitePlan, error) {
	ans, err := send[suiteDryRun](ctx, s.c, endpoint{method: http.MethodPost, path: runSuitePath,
		query: url.Values{"dry_run": {"true"}}, body: req}, opts)
	if err != nil {
		return nil, err
	}
	switch {
	case ans.Valid != nil && !*ans.Valid: // a 200 that says invalid: never a plan to run
		return nil, fmt.Errorf("cekura: POST %s?dry_run=true: the API answered 200 but says the suite is not valid, without saying why", runSuitePath)
	case ans.Plan == nil:
		return nil, fmt.Errorf("cekura: POST %s: decoding the answer: no plan in it", runSuitePath)
	}
	return ans.Plan, nil
}

// EndCalls ends a result's calls still in progress, so that nothing keeps
// running (or billing) after a CI job is cancelled: POST
// /test_framework/v2/results/{id}/end_calls/.
func (s *ResultsService) EndCalls(ctx context.Context, resultID int64, opts ...Option) error {
	if err := checkID("result", resultID); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "end_calls/"}, opts)
}

// EndCall ends one run's call: POST /test_framework/v2/runs/{id}/end_call/.
func (s *RunsService) EndCall(ctx context.Context, runID int64, opts ...Option) error {
	if err := checkID("run", runID); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodPost, path: pathID(runsPath, runID) + "end_call/"}, opts)
}

// ShareLinkRequest asks for a link to a result.
type ShareLinkRequest struct {
	// ExpireAt is when the link stops working (zero: it does not expire).
	ExpireAt time.Time `json:"expire_at,omitzero"`
}

// ShareLink is a link to a result that works without an API key.
type ShareLink struct {
	apiObject
	// Token is the link's credential: anyone who has it sees the result.
	Token Secret `json:"token"`
	// URL is the link, token included: anyone who has it sees the result.
	// fmt and slog print it without its query (where the token is).
	URL string `json:"shareable_link"`
}

// Format prints the ShareLink without its token, under any verb.
func (l ShareLink) Format(f fmt.State, verb rune) { formatRedacted(f, verb, l.redacted()) }

// LogValue logs the ShareLink without its token.
func (l ShareLink) LogValue() slog.Value { return redactedLogValue(l.redacted()) }

// redacted is the link as it prints: the token redacted, in the field and
// wherever the URL holds it, and the URL without its query and fragment.
func (l ShareLink) redacted() ShareLink {
	if u, err := url.Parse(l.URL); err == nil && u.Host != "" {
		l.URL = redactURL(l.URL)
	}
	if l.Token != "" { // a token in the path
		l.URL = strings.ReplaceAll(l.URL, string(l.Token), Redacted)
	}
	return l
}

// UnmarshalJSON decodes a share link tolerantly.
func (l *ShareLink) UnmarshalJSON(b []byte) error { return unmarshal(b, l) }

// CreateShareLink creates a link to a result that a CI summary can carry: POST
// /test_framework/v2/results/{id}/create_shareable_link_token/. req may be
// nil for a link that does not expire.
func (s *ResultsService) CreateShareLink(ctx context.Context, resultID int64, req *ShareLinkRequest, opts ...Option) (*ShareLink, error) {
	if err := checkID("result", resultID); err != nil {
		return nil, err
	}
	if req == nil {
		req = &ShareLinkRequest{}
	}
	return send[ShareLink](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(resultsPath, resultID) + "create_shareable_link_token/", body: req}, opts)
}
