package cekura

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// alertsPath is the alerts collection. Cekura documents alerts on v1 only.
const alertsPath = "/observability/v1/alerts/"

// maxAlertHours is the widest window the API reviews: it caps hours at 168
// (7 days).
const maxAlertHours = 168

// AlertsService reviews the alerts that watch production calls' metrics
// (a metric failing, drifting from its baseline, crossing a limit) and
// notify Slack: what fired, how often, and an AI summary of an alert's
// fires. Get it from Client.Alerts. (Alerts are created and configured in
// Cekura's dashboard.)
//
// The API's description gives every one of these operations the schema of
// an alert (AlertDetail, the alerts' default serializer), which their own
// texts contradict: the review is a report of fires, the summary a
// background job, the trigger summary a count per alert. The SDK follows
// the texts; where they name no keys (the two reviews, the summary's
// text), the answer is kept whole in RawJSON, not typed by guess.
type AlertsService struct{ c *core }

// ReviewAlertsParams are the query parameters of Review.
type ReviewAlertsParams struct {
	// ProjectID scopes the review to a project. An API key is already
	// scoped to its organization, so it may be left out.
	ProjectID int64 `url:"project_id,omitempty"`
	// Hours is the window reviewed, up to now: 1 to 168 (the API's cap);
	// 0 for the API's default, 24.
	Hours int `url:"hours,omitempty"`
}

func (p *ReviewAlertsParams) validate(v *validator) {
	positive(v, "project_id", p.ProjectID)
	alertHours(v, p.Hours)
}

// alertHours refuses a window the API would not review as asked.
func alertHours(v *validator, hours int) {
	if hours < 0 || hours > maxAlertHours {
		v.add("hours", "is %d; the API reviews 1 to %d hours (0 for its default, 24)", hours, maxAlertHours)
	}
}

// AlertReview is the review of every alert's fires over a window: in the
// API's words, totals (fires, alerts that fired, the alert that fired
// most), a timeline of fires per time bucket (an hour for 24 hours, 3 for
// 3 days, 6 for 7 days) and each alert's fires with a sparkline. The
// description names none of its keys, so it is kept whole: read it with
// RawJSON (json.Marshal writes it back as it came).
type AlertReview struct{ apiObject }

// UnmarshalJSON keeps the review as the API sent it.
func (r *AlertReview) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// MarshalJSON writes the review as the API sent it ({} when empty).
func (r AlertReview) MarshalJSON() ([]byte, error) { return rawOrEmpty(r.raw), nil }

// AlertReviewDetail is the review of one alert: in the API's words, a
// snapshot of its configuration, a timeline of its fires and a page of the
// fires. The description names none of its keys, so it is kept whole: read
// it with RawJSON (json.Marshal writes it back as it came).
type AlertReviewDetail struct{ apiObject }

// UnmarshalJSON keeps the review as the API sent it.
func (r *AlertReviewDetail) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// MarshalJSON writes the review as the API sent it ({} when empty).
func (r AlertReviewDetail) MarshalJSON() ([]byte, error) { return rawOrEmpty(r.raw), nil }

// optional is the query of params that may be nil: no query then (a nil
// *P in an interface is not nil).
func optional[P any](params *P) any {
	if params == nil {
		return nil
	}
	return params
}

func rawOrEmpty(raw []byte) []byte {
	if len(raw) == 0 {
		return []byte("{}")
	}
	return raw
}

// AlertReviewParams are the query parameters of GetReview.
type AlertReviewParams struct {
	// Hours is the window reviewed, up to now: 1 to 168 (the API's cap);
	// 0 for the API's default, 24.
	Hours int `url:"hours,omitempty"`
	// Page and PageSize page the alert's fires: PageSize up to 200 (the
	// API's cap); 0 for the API's defaults (page 1, 50 fires).
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
}

func (p *AlertReviewParams) validate(v *validator) {
	alertHours(v, p.Hours)
	v.pageOptions(p.Page, p.PageSize)
	if p.PageSize > 200 {
		v.add("page_size", "is %d; the API pages fires by at most 200", p.PageSize)
	}
}

// Review reviews every alert's fires over a window: GET
// /observability/v1/alerts/review/. params may be nil.
func (s *AlertsService) Review(ctx context.Context, params *ReviewAlertsParams, opts ...Option) (*AlertReview, error) {
	return send[AlertReview](ctx, s.c, endpoint{method: http.MethodGet, path: alertsPath + "review/", query: optional(params)}, opts)
}

// GetReview reviews one alert's fires over a window: GET
// /observability/v1/alerts/{id}/review_detail/. params may be nil.
func (s *AlertsService) GetReview(ctx context.Context, alertID int64, params *AlertReviewParams, opts ...Option) (*AlertReviewDetail, error) {
	if err := checkID("alert", alertID); err != nil {
		return nil, err
	}
	return send[AlertReviewDetail](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(alertsPath, alertID) + "review_detail/", query: optional(params)}, opts)
}

// SummarizeAlertRequest is the body of Summarize.
type SummarizeAlertRequest struct {
	// Hours is the window summarized, up to now: 1 to 168; 0 for the
	// API's default.
	Hours int `json:"hours,omitzero"`
}

func (r *SummarizeAlertRequest) validate(v *validator) { alertHours(v, r.Hours) }

// AlertSummaryStatus is the state of an alert's summary. The API's
// description names the two it ends in; a summary still being written has
// another, which it does not name (so there is no Valid method: the set is
// not known to be closed).
type AlertSummaryStatus string

// The states an alert's summary ends in.
const (
	AlertSummaryStatusCompleted AlertSummaryStatus = "completed"
	AlertSummaryStatusError     AlertSummaryStatus = "error"
)

// AlertSummary is an AI summary of an alert's fires, written in the
// background: Summarize starts it, GetSummary and WaitForSummary follow it.
// The summary's own text comes in the answer under a key the description
// does not name: read it with RawJSON.
type AlertSummary struct {
	apiObject
	// ProgressID identifies the summary; Summarize returns it.
	ProgressID string `json:"progress_id,omitzero"`
	// Status is the summary's state; see Done.
	Status AlertSummaryStatus `json:"status,omitzero"`
}

// UnmarshalJSON decodes a summary tolerantly.
func (a *AlertSummary) UnmarshalJSON(b []byte) error { return unmarshal(b, a) }

// Done reports whether the summary is written or failed: its status is
// completed or error.
func (a *AlertSummary) Done() bool {
	if a == nil {
		return false
	}
	return a.Status == AlertSummaryStatusCompleted || a.Status == AlertSummaryStatusError
}

// Err returns an *AlertSummaryFailedError when the summary ended in error,
// and nil otherwise (while it is being written too).
func (a *AlertSummary) Err() error {
	if a == nil || a.Status != AlertSummaryStatusError {
		return nil
	}
	return &AlertSummaryFailedError{ProgressID: a.ProgressID}
}

// AlertSummaryFailedError is AlertSummary.Err's error: the API could not
// write the summary (the summary's RawJSON may say why).
type AlertSummaryFailedError struct {
	ProgressID string
}

// Error says which summary failed.
func (e *AlertSummaryFailedError) Error() string {
	return fmt.Sprintf("cekura: alert summary %s ended in error", e.ProgressID)
}

// Summarize starts an AI summary of an alert's fires over a window: POST
// /observability/v1/alerts/{id}/summarize/. req may be nil (the API's
// default window). The API keeps a summary for an hour: asking again for
// the same alert and window, with no new fire, returns the same
// ProgressID. Follow it with GetSummary or WaitForSummary.
func (s *AlertsService) Summarize(ctx context.Context, alertID int64, req *SummarizeAlertRequest, opts ...Option) (*AlertSummary, error) {
	if err := checkID("alert", alertID); err != nil {
		return nil, err
	}
	if req == nil {
		req = &SummarizeAlertRequest{} // the description requires a body
	}
	return send[AlertSummary](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(alertsPath, alertID) + "summarize/", body: req}, opts)
}

// GetSummary returns an alert summary's state: GET
// /observability/v1/alerts/summarize_progress/?progress_id=. (The
// description declares no query parameter here; its text polls by the
// progress_id, as every progress endpoint of the API does.)
func (s *AlertsService) GetSummary(ctx context.Context, progressID string, opts ...Option) (*AlertSummary, error) {
	return getProgress[AlertSummary](ctx, s.c, alertsPath+"summarize_progress/", progressID, "Summarize", opts)
}

// fillProgressID sets the id the summary was asked by, when the answer has
// none.
func (a *AlertSummary) fillProgressID(id string) {
	if a.ProgressID == "" {
		a.ProgressID = id
	}
}

// WaitForSummary polls an alert summary until it is written or fails (see
// [WaitParams]) and returns it. A summary that ended in error is not an
// error: check AlertSummary.Err.
func (s *AlertsService) WaitForSummary(ctx context.Context, progressID string, params *WaitParams[AlertSummary], opts ...Option) (*AlertSummary, error) {
	return poll(ctx, s.c, params, "alert summary "+progressID,
		func(ctx context.Context) (*AlertSummary, error) { return s.GetSummary(ctx, progressID, opts...) },
		(*AlertSummary).Done)
}

// CountAlertFiresParams are the query parameters of CountFires. ProjectID
// is required.
type CountAlertFiresParams struct {
	ProjectID int64 `url:"project_id,omitempty"`
	// Hours is the window counted, up to now; 0 for the API's default, 24.
	Hours int `url:"hours,omitempty"`
}

func (p *CountAlertFiresParams) validate(v *validator) {
	if p.ProjectID <= 0 {
		v.add("project_id", "is required: the project whose alerts to count, got %d", p.ProjectID)
	}
	if p.Hours < 0 {
		v.add("hours", "is %d; give a window of 1 hour or more (0 for the API's default, 24)", p.Hours)
	}
}

// AlertFireCounts is how many times each alert of a project fired in a
// window (the dashboard's "Last 24h" figures).
type AlertFireCounts struct {
	apiObject
	// Fires is each alert's count of fires, by alert id. The API sends
	// {"<alert id>": <count>, …}; an entry whose key is not an id (in
	// decimal, as the API writes ids) or whose
	// count is not a whole number is left out (it stays in RawJSON); nil
	// when no alert is counted.
	Fires map[int64]int `json:"-"`
}

// UnmarshalJSON decodes the counts tolerantly.
func (c *AlertFireCounts) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// MarshalJSON writes the counts as the API sends them: {"<alert id>":
// <count>, …}.
func (c AlertFireCounts) MarshalJSON() ([]byte, error) {
	if c.Fires == nil {
		return []byte("{}"), nil
	}
	return marshal(&c.Fires)
}

// afterDecode reads the counts from the object, whose keys are the ids.
func (c *AlertFireCounts) afterDecode(*jreader) {
	var byKey map[string]int
	if decodeInto(c.raw, &byKey) != nil || len(byKey) == 0 {
		return
	}
	c.Fires = make(map[int64]int, len(byKey))
	for k, n := range byKey {
		// Only an id written as the API writes one ("12", not "012" or
		// "+12"), so that no two keys name the same alert.
		if id, err := strconv.ParseInt(k, 10, 64); err == nil && strconv.FormatInt(id, 10) == k {
			c.Fires[id] = n
		}
	}
}

// CountFires returns how many times each alert of a project fired in a
// window: GET /observability/v1/alerts/trigger_summary/. params is
// required (its ProjectID).
func (s *AlertsService) CountFires(ctx context.Context, params *CountAlertFiresParams, opts ...Option) (*AlertFireCounts, error) {
	return send[AlertFireCounts](ctx, s.c, endpoint{method: http.MethodGet, path: alertsPath + "trigger_summary/", query: required(params)}, opts)
}
