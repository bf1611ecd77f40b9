package cekura

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
	"unicode/utf8"
)

// researchInsightsPath is the deep research insights collection.
const researchInsightsPath = "/observability/v1/deep-research-insights/"

// ResearchInsightsService reads and drives deep research insights: audits
// of a window of a project's production calls for failure modes no metric
// measures, each mode ranked by urgency with a suggested fix. Get it from
// Client.ResearchInsights.
type ResearchInsightsService struct{ c *core }

// ResearchInsight is a deep research insight: one audit of a project's
// calls over a window, and the failure modes it found.
type ResearchInsight struct {
	apiObject
	ID        int64 `json:"id"`
	ProjectID int64 `json:"project,omitzero"`
	// WindowStart and WindowEnd bound the calls audited.
	WindowStart      time.Time     `json:"window_start,omitzero"`
	WindowEnd        time.Time     `json:"window_end,omitzero"`
	NumCallsAnalyzed int           `json:"num_calls_analyzed,omitzero"`
	Status           InsightStatus `json:"status,omitzero"`
	// Focus is what the audit was asked to look for ("" for a full
	// audit); FocusFallback is true when it could not be understood and a
	// full audit ran instead.
	Focus         string `json:"focus,omitzero"`
	FocusFallback bool   `json:"focus_fallback,omitzero"`
	// FailureModes are the modes found, most urgent first, without those
	// dismissed in the project (DismissMode).
	FailureModes FailureModes `json:"failure_modes,omitzero"`
	// ErrorMessage says why a failed audit failed.
	ErrorMessage    string    `json:"error_message,omitzero"`
	DurationSeconds float64   `json:"duration_seconds,omitzero"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a deep research insight tolerantly.
func (x *ResearchInsight) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// Done reports whether the audit has ended (Status.Terminal).
func (x *ResearchInsight) Done() bool { return x != nil && x.Status.Terminal() }

// Err returns an *InsightFailedError when the audit failed, and nil
// otherwise: an audit skipped for too few calls in the window is not a
// failure (widen the window).
func (x *ResearchInsight) Err() error {
	if x == nil || x.Status != InsightStatusFailed {
		return nil
	}
	return &InsightFailedError{Kind: "deep research insight", ID: x.ID, Message: x.ErrorMessage}
}

// ListResearchInsightsParams scope List. Zero values are not sent.
type ListResearchInsightsParams struct {
	// ProjectID is the tenant scope for a session or OAuth caller; leave it
	// 0 with an API key, which is already scoped to its tenant.
	ProjectID int64 `url:"project,omitempty"`
	// LatestOnly keeps the current report only.
	LatestOnly bool `url:"latest_only,omitempty"`
}

func (o *ListResearchInsightsParams) validate(v *validator) { positive(v, "project", o.ProjectID) }

// ResearchPricingParams scope GetPricing.
type ResearchPricingParams struct {
	// ProjectID is the tenant scope (see ListResearchInsightsParams).
	ProjectID int64 `url:"project,omitempty"`
}

func (o *ResearchPricingParams) validate(v *validator) { positive(v, "project", o.ProjectID) }

// InsightPricing is the credit cost of one audit. The description declares
// the insight row as the answer of the pricing endpoint, while its text
// says "the flat credit cost"; the SDK reads credits, and RawJSON holds the
// answer as sent.
type InsightPricing struct {
	apiObject
	// Credits is what one audit costs.
	Credits float64 `json:"credits"`
}

// UnmarshalJSON decodes the pricing tolerantly.
func (x *InsightPricing) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// GenerateResearchRequest queues a deep research audit of a project's
// recent calls. It costs credits (GetPricing says how many); while an
// audit of the project is running, the API returns that one instead and
// ignores the window asked for.
type GenerateResearchRequest struct {
	// ProjectID is the project audited; required.
	ProjectID int64 `json:"project"`
	// WindowDays is a lookback from now, 1 to 30 days (the API's default
	// is 7); ignored when DateFrom and DateTo are set.
	WindowDays int `json:"window_days,omitzero"`
	// DateFrom and DateTo audit an exact window; set both or neither.
	DateFrom time.Time `json:"date_from,omitzero"`
	DateTo   time.Time `json:"date_to,omitzero"`
	// MaxCalls caps the random sample of calls read, 10 to 1000 (the API's
	// default is 500).
	MaxCalls int `json:"max_calls,omitzero"`
	// Focus is what to investigate, up to 2000 characters, such as
	// "voicemail handling"; "" for a full audit.
	Focus string `json:"focus,omitzero"`
}

func (r *GenerateResearchRequest) validate(v *validator) {
	if r.ProjectID <= 0 {
		v.add("project", "is required: the id of the project to audit, got %d", r.ProjectID)
	}
	if r.WindowDays != 0 && (r.WindowDays < 1 || r.WindowDays > 30) {
		v.add("window_days", "is %d; the API looks back 1 to 30 days (0 for its default, 7)", r.WindowDays)
	}
	switch {
	case r.DateFrom.IsZero() != r.DateTo.IsZero():
		v.add("date_to", "date_from and date_to go together: set both, or neither (and window_days)")
	case !r.DateFrom.IsZero() && !r.DateTo.After(r.DateFrom):
		v.add("date_to", "must be after date_from")
	}
	if r.MaxCalls != 0 && (r.MaxCalls < 10 || r.MaxCalls > 1000) {
		v.add("max_calls", "is %d; the API samples 10 to 1000 calls (0 for its default, 500)", r.MaxCalls)
	}
	if n := utf8.RuneCountInString(r.Focus); n > 2000 {
		v.add("focus", "is %d characters long; at most 2000 are allowed", n)
	}
}

// DismissResearchModeRequest hides one failure mode, by its exact title,
// from every deep research report of a project, present and future. There
// is no undo through the API.
type DismissResearchModeRequest struct {
	// ProjectID is the project the dismissal applies to; required.
	ProjectID int64 `json:"project"`
	// InsightID is the insight the mode was seen on (optional).
	InsightID int64 `json:"insight,omitzero"`
	// ModeTitle is the exact title of the mode (FailureMode.Title), up to
	// 200 characters; required.
	ModeTitle string `json:"mode_title" cekura:"required"`
	// ModeDetails and ModeSeverity (up to 20 characters) are stored with
	// the dismissal; Note says why (optional: a bare dismissal is fine).
	ModeDetails  string `json:"mode_details,omitzero"`
	ModeSeverity string `json:"mode_severity,omitzero"`
	Note         string `json:"note,omitzero"`
}

func (r *DismissResearchModeRequest) validate(v *validator) {
	if r.ProjectID <= 0 {
		v.add("project", "is required: the id of the project the dismissal applies to, got %d", r.ProjectID)
	}
	positive(v, "insight", r.InsightID)
	if n := utf8.RuneCountInString(r.ModeTitle); n > 200 {
		v.add("mode_title", "is %d characters long; at most 200 are allowed", n)
	}
	if n := utf8.RuneCountInString(r.ModeSeverity); n > 20 {
		v.add("mode_severity", "is %d characters long; at most 20 are allowed", n)
	}
}

// ResearchModeDismissal is the answer of DismissMode: the dismissal as
// stored.
type ResearchModeDismissal struct {
	apiObject
	ProjectID    int64  `json:"project,omitzero"`
	InsightID    int64  `json:"insight,omitzero"`
	ModeTitle    string `json:"mode_title,omitzero"`
	ModeDetails  string `json:"mode_details,omitzero"`
	ModeSeverity string `json:"mode_severity,omitzero"`
	Note         string `json:"note,omitzero"`
}

// UnmarshalJSON decodes a dismissal tolerantly.
func (x *ResearchModeDismissal) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// List returns the deep research insights: GET
// /observability/v1/deep-research-insights/. The API sends them all at
// once, as a plain list, which reads as a single page.
func (s *ResearchInsightsService) List(ctx context.Context, params *ListResearchInsightsParams, opts ...Option) (*Page[ResearchInsight], error) {
	return list[ResearchInsight](ctx, s.c, endpoint{method: http.MethodGet, path: researchInsightsPath, query: params}, opts)
}

// All walks the deep research insights lazily; see [AgentsService.All].
func (s *ResearchInsightsService) All(ctx context.Context, params *ListResearchInsightsParams, opts ...Option) iter.Seq2[*ResearchInsight, error] {
	return all[ResearchInsight](ctx, s.c, endpoint{method: http.MethodGet, path: researchInsightsPath, query: params}, opts)
}

// Get returns one deep research insight: GET
// /observability/v1/deep-research-insights/{id}/. It is how a generated
// audit is polled.
func (s *ResearchInsightsService) Get(ctx context.Context, id int64, opts ...Option) (*ResearchInsight, error) {
	if err := checkID("deep research insight", id); err != nil {
		return nil, err
	}
	return send[ResearchInsight](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(researchInsightsPath, id)}, opts)
}

// Delete deletes a deep research insight: DELETE
// /observability/v1/deep-research-insights/{id}/. It cannot be undone.
func (s *ResearchInsightsService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("deep research insight", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(researchInsightsPath, id)}, opts)
}

// GetPricing returns the credit cost of one audit, to check before
// Generate: GET /observability/v1/deep-research-insights/pricing/.
func (s *ResearchInsightsService) GetPricing(ctx context.Context, params *ResearchPricingParams, opts ...Option) (*InsightPricing, error) {
	return send[InsightPricing](ctx, s.c, endpoint{method: http.MethodGet, path: researchInsightsPath + "pricing/", query: nilQuery(params)}, opts)
}

// Generate queues a deep research audit and returns its row, pending: POST
// /observability/v1/deep-research-insights/generate/. It costs credits, and
// is never retried once it may have reached the API. Follow it with Get or
// WaitForInsight. (The description declares the request's own schema as
// the answer; its text, which the SDK follows, says the new row.)
func (s *ResearchInsightsService) Generate(ctx context.Context, req *GenerateResearchRequest, opts ...Option) (*ResearchInsight, error) {
	return send[ResearchInsight](ctx, s.c, endpoint{method: http.MethodPost, path: researchInsightsPath + "generate/", body: req}, opts)
}

// WaitForInsight polls a deep research insight until its audit ends (see
// [WaitParams]; large projects take 10 to 15 minutes) and returns it. A
// failed audit is not an error: check ResearchInsight.Err.
func (s *ResearchInsightsService) WaitForInsight(ctx context.Context, id int64, params *WaitParams[ResearchInsight], opts ...Option) (*ResearchInsight, error) {
	if err := checkID("deep research insight", id); err != nil {
		return nil, err
	}
	return poll(ctx, s.c, params, fmt.Sprintf("deep research insight %d", id),
		func(ctx context.Context) (*ResearchInsight, error) { return s.Get(ctx, id, opts...) },
		(*ResearchInsight).Done)
}

// DismissMode hides a failure mode, by title, from every deep research
// report of the project: POST
// /observability/v1/deep-research-insights/dismiss_mode/. There is no undo
// through the API.
func (s *ResearchInsightsService) DismissMode(ctx context.Context, req *DismissResearchModeRequest, opts ...Option) (*ResearchModeDismissal, error) {
	return send[ResearchModeDismissal](ctx, s.c, endpoint{method: http.MethodPost, path: researchInsightsPath + "dismiss_mode/", body: req}, opts)
}
