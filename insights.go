package cekura

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// failureInsightsPath is the metric failure-mode insights collection: the
// daily audits that cluster a metric's failing production calls into
// failure modes, and the persistent failure categories they accumulate.
const failureInsightsPath = "/observability/v1/metric-failure-mode-insights/"

// FailureInsightsService reads and drives metric failure-mode insights
// (Observability → Insights in the dashboard): which metrics fail, how
// often, why (failure categories with their calls), and on-demand audits.
// Get it from Client.FailureInsights.
//
// Four answers of this resource (available dates, categories, failure
// rates, and the rows bulk generation returns) are declared in the API's
// description as the insight row, the schema generator's default for an
// action that names none, while their text describes something else. The
// SDK types what the text names, reads the list whether it comes bare or
// inside an object, and keeps each object's JSON in RawJSON.
type FailureInsightsService struct{ c *core }

// InsightStatus is the state of an insight's audit, a failure-mode insight
// or a deep research insight: pending, then running, then one of the
// terminal states.
type InsightStatus string

// The audit states of the API. A failure-mode insight skips with
// InsightStatusSkippedNoFailures, a deep research insight with
// InsightStatusSkippedNotEnoughData.
const (
	InsightStatusPending              InsightStatus = "pending"
	InsightStatusRunning              InsightStatus = "running"
	InsightStatusSucceeded            InsightStatus = "succeeded"
	InsightStatusFailed               InsightStatus = "failed"
	InsightStatusSkippedNoFailures    InsightStatus = "skipped_no_failures"     // the metric had no failing calls: nothing charged
	InsightStatusSkippedNotEnoughData InsightStatus = "skipped_not_enough_data" // the window had too few calls
)

var insightStatuses = []InsightStatus{InsightStatusPending, InsightStatusRunning, InsightStatusSucceeded,
	InsightStatusFailed, InsightStatusSkippedNoFailures, InsightStatusSkippedNotEnoughData}

// Valid reports whether s is one of the API's audit states.
func (s InsightStatus) Valid() bool { return slices.Contains(insightStatuses, s) }

// Terminal reports whether the audit has ended: succeeded, failed or
// skipped.
func (s InsightStatus) Terminal() bool {
	return s == InsightStatusSucceeded || s == InsightStatusFailed || s == InsightStatusSkippedNoFailures || s == InsightStatusSkippedNotEnoughData
}

// FailureInsight is a metric failure-mode insight: one audit of a metric's
// failing calls over a window, and the failure modes it found.
type FailureInsight struct {
	apiObject
	ID        int64 `json:"id"`
	ProjectID int64 `json:"project,omitzero"`
	// MetricID is the custom metric audited, or PredefinedMetricID the
	// predefined one (the other is 0: the API sends null).
	MetricID           int64  `json:"metric,omitzero"`
	PredefinedMetricID int64  `json:"predefined_metric,omitzero"`
	MetricName         string `json:"metric_name,omitzero"`
	// IsTriage is whether the metric is opted in to Insights with failure
	// criteria now (the dashboard shows its card only then); the API
	// derives it at each read.
	IsTriage bool `json:"is_triage,omitzero"`
	// WindowStart and WindowEnd bound the calls audited.
	WindowStart time.Time `json:"window_start,omitzero"`
	WindowEnd   time.Time `json:"window_end,omitzero"`
	// NumCallsAnalyzed is how many calls the audit read, of the
	// TotalFailures that failed the metric in the window.
	NumCallsAnalyzed int           `json:"num_calls_analyzed,omitzero"`
	TotalFailures    int           `json:"total_failures_in_window,omitzero"`
	Status           InsightStatus `json:"status,omitzero"`
	// Headline is the one-line summary of why the metric fails.
	Headline           string `json:"headline,omitzero"`
	OverallStatusEmoji string `json:"overall_status_emoji,omitzero"`
	// FailureModes are the themes found, once Status is succeeded.
	FailureModes FailureModes `json:"failure_modes,omitzero"`
	// ErrorMessage says why a failed audit failed.
	ErrorMessage string `json:"error_message,omitzero"`
	// DurationSeconds is how long the audit took (0 until it ends).
	DurationSeconds float64   `json:"duration_seconds,omitzero"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a failure-mode insight tolerantly.
func (x *FailureInsight) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// Done reports whether the audit has ended (Status.Terminal).
func (x *FailureInsight) Done() bool { return x != nil && x.Status.Terminal() }

// Err returns an *InsightFailedError when the audit failed, and nil
// otherwise: a skipped audit (the metric had no failing calls) is not a
// failure.
func (x *FailureInsight) Err() error {
	if x == nil || x.Status != InsightStatusFailed {
		return nil
	}
	return &InsightFailedError{Kind: "failure-mode insight", ID: x.ID, Message: x.ErrorMessage}
}

// InsightFailedError is the Err of an insight whose audit failed (a
// FailureInsight or a ResearchInsight).
type InsightFailedError struct {
	// Kind names the insight: "failure-mode insight" or "deep research
	// insight".
	Kind string
	ID   int64
	// Message is the API's error_message.
	Message string
}

// Error says which insight failed, and why when the API said.
func (e *InsightFailedError) Error() string {
	msg := fmt.Sprintf("cekura: %s %d failed", e.Kind, e.ID)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// FailureModes are the failure modes an audit found. The API sends them as
// a list, or as that list inside a JSON string (the description types a
// deep research insight's as a string); both decode, and anything else
// reads as none.
type FailureModes []FailureMode

// decodeKit reads a list of failure modes, or one inside a JSON string.
func (m *FailureModes) decodeKit(r *jreader) bool {
	list := planFor(reflect.TypeFor[[]FailureMode]())
	switch r.peek() {
	case '[', 'n':
		return list.dec(r, unsafe.Pointer((*[]FailureMode)(m)))
	case '"':
		b, ok := r.stringBytes()
		*m = nil
		if !ok {
			return false
		}
		inner := r.sub(b)
		defer putReader(inner)
		if inner.peek() != '[' {
			return false
		}
		var modes []FailureMode
		list.dec(inner, unsafe.Pointer(&modes))
		if inner.end(); inner.err != nil {
			return false
		}
		*m = modes
		return true
	}
	r.skip(0)
	return false
}

// FailureMode is one failure mode (a theme) of an insight: a pattern of
// failing calls with one root cause. The description does not describe
// its parts; these are the ones Cekura's guides show (a title, a
// description, example calls and, in deep research, a severity and a
// suggested fix). RawJSON holds the mode as sent.
type FailureMode struct {
	apiObject
	Title       string `json:"title,omitzero"`
	Description string `json:"description,omitzero"`
	// Severity ranks a deep research mode: critical, high or medium.
	Severity string `json:"severity,omitzero"`
	// SuggestedFix is the change to the agent a deep research mode
	// proposes.
	SuggestedFix string `json:"suggested_fix,omitzero"`
	// ExampleCallIDs are ids of calls that show the mode.
	ExampleCallIDs []int64 `json:"example_call_ids,omitzero"`
}

// UnmarshalJSON decodes a failure mode tolerantly.
func (x *FailureMode) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// InsightDates are the calendar dates (YYYY-MM-DD, newest first) on which a
// project has a completed failure-mode insight.
type InsightDates struct {
	apiObject
	Dates []string `json:"dates"`
}

// UnmarshalJSON decodes the dates tolerantly: a bare list, or an object
// holding it under "dates".
func (x *InsightDates) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// insightDatesWire is InsightDates' JSON object, decoded by its plan.
type insightDatesWire InsightDates

// decodeKit reads a bare list of dates, or the object.
func (x *InsightDates) decodeKit(r *jreader) bool {
	if r.peek() == '[' {
		start := r.i
		ok := planFor(reflect.TypeFor[[]string]()).dec(r, unsafe.Pointer(&x.Dates))
		x.raw = r.b[start:r.i]
		return ok
	}
	return planFor(reflect.TypeFor[insightDatesWire]()).dec(r, unsafe.Pointer((*insightDatesWire)(x)))
}

// FailureCategory is a persistent failure category of a metric: a failure
// mode the accumulator keeps assigning new failing calls to. The
// description does not describe it (see [FailureInsightsService]); these
// are the parts its text names. Slug names it in the category operations.
type FailureCategory struct {
	apiObject
	Slug        string `json:"slug,omitzero"`
	Name        string `json:"name,omitzero"`
	Description string `json:"description,omitzero"`
	// Count is how many calls it holds in the range asked for.
	Count int `json:"count,omitzero"`
	// ExampleCallIDs are a few of its calls (GetCategoryCalls has them
	// all).
	ExampleCallIDs []int64 `json:"example_call_ids,omitzero"`
}

// UnmarshalJSON decodes a failure category tolerantly.
func (x *FailureCategory) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// MetricFailureRate is how often one metric failed over the Insights
// window. The description does not describe it; its parts are named as
// Cekura names them elsewhere (failures, evaluated_calls, rate).
type MetricFailureRate struct {
	apiObject
	MetricID   int64  `json:"metric_id,omitzero"`
	MetricName string `json:"metric_name,omitzero"`
	// Rate is the percentage of EvaluatedCalls that failed; nil when no
	// call was evaluated (no rate, rather than 0).
	Rate           *float64 `json:"rate"`
	Failures       int      `json:"failures,omitzero"`
	EvaluatedCalls int      `json:"evaluated_calls,omitzero"`
}

// UnmarshalJSON decodes a failure rate tolerantly.
func (x *MetricFailureRate) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// CategoryCalls are the ids of every call in one failure category, newest
// first (the API keeps at most 500 calls per metric).
type CategoryCalls struct {
	apiObject
	Count   int     `json:"count"`
	CallIDs []int64 `json:"call_log_ids"`
}

// UnmarshalJSON decodes a category's calls tolerantly.
func (x *CategoryCalls) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// AvailableDatesParams scope GetAvailableDates.
type AvailableDatesParams struct {
	// ProjectID is the tenant scope for a session or OAuth caller; leave it
	// 0 with an API key, which is already scoped to its tenant.
	ProjectID int64 `url:"project,omitempty"`
}

func (o *AvailableDatesParams) validate(v *validator) { positive(v, "project", o.ProjectID) }

// ListFailureCategoriesParams filter ListCategories. Zero values are not
// sent.
type ListFailureCategoriesParams struct {
	// ProjectID is the tenant scope (see AvailableDatesParams).
	ProjectID int64 `url:"project,omitempty"`
	// MetricID keeps one metric's categories.
	MetricID int64 `url:"metric_id,omitempty"`
	// DateFrom and DateTo count only the calls assigned in that range.
	DateFrom time.Time `url:"date_from,omitempty"`
	DateTo   time.Time `url:"date_to,omitempty"`
	// AgentIDs count only the calls these agents handled.
	AgentIDs []int64 `url:"agent_ids,omitempty,comma"`
}

func (o *ListFailureCategoriesParams) validate(v *validator) {
	positive(v, "project", o.ProjectID)
	positive(v, "metric_id", o.MetricID)
	dateRange(v, o.DateFrom, o.DateTo)
	ids(v, "agent_ids", o.AgentIDs)
}

// dateRange refuses a range that ends before it starts.
func dateRange(v *validator, from, to time.Time) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.add("date_to", "is before date_from")
	}
}

// FailureRatesParams filter ListFailureRates. Zero values are not sent.
type FailureRatesParams struct {
	// ProjectID is the tenant scope (see AvailableDatesParams).
	ProjectID int64 `url:"project,omitempty"`
	// DateFrom and DateTo choose the Insights window (the API's default
	// when unset).
	DateFrom time.Time `url:"date_from,omitempty"`
	DateTo   time.Time `url:"date_to,omitempty"`
	// AgentIDs count only the calls these agents handled.
	AgentIDs []int64 `url:"agent_ids,omitempty,comma"`
}

func (o *FailureRatesParams) validate(v *validator) {
	positive(v, "project", o.ProjectID)
	dateRange(v, o.DateFrom, o.DateTo)
	ids(v, "agent_ids", o.AgentIDs)
}

// CategoryScope names the project and metric a failure category belongs
// to: its slug is unique within them. Both are required.
type CategoryScope struct {
	ProjectID int64 `url:"project"`
	MetricID  int64 `url:"metric_id"`
}

func (o *CategoryScope) validate(v *validator) { scope(v, o.ProjectID, o.MetricID) }

func scope(v *validator, project, metric int64) {
	if project <= 0 {
		v.add("project", "is required: the id of the category's project, got %d", project)
	}
	if metric <= 0 {
		v.add("metric_id", "is required: the id of the category's metric, got %d", metric)
	}
}

// CategoryCallsParams scope and filter GetCategoryCalls: ProjectID and
// MetricID are required; the date range and agents are those of
// ListCategories.
type CategoryCallsParams struct {
	ProjectID int64     `url:"project"`
	MetricID  int64     `url:"metric_id"`
	DateFrom  time.Time `url:"date_from,omitempty"`
	DateTo    time.Time `url:"date_to,omitempty"`
	AgentIDs  []int64   `url:"agent_ids,omitempty,comma"`
}

func (o *CategoryCallsParams) validate(v *validator) {
	scope(v, o.ProjectID, o.MetricID)
	dateRange(v, o.DateFrom, o.DateTo)
	ids(v, "agent_ids", o.AgentIDs)
}

// BulkGenerateInsightsRequest queues failure-mode audits of a project's
// metrics over the last 24 hours. Each metric that produces an insight
// costs credits (see the API's pricing endpoint); metrics with no failing
// calls are skipped and not charged.
type BulkGenerateInsightsRequest struct {
	// ProjectID is the project whose eligible metrics are audited;
	// required.
	ProjectID int64 `json:"project"`
	// MetricNames, when set, audit only these metrics (each name up to
	// 255 characters).
	MetricNames []string `json:"metric_names,omitzero"`
}

func (r *BulkGenerateInsightsRequest) validate(v *validator) {
	if r.ProjectID <= 0 {
		v.add("project", "is required: the id of the project whose metrics are audited, got %d", r.ProjectID)
	}
	for i, name := range r.MetricNames {
		field := fmt.Sprintf("metric_names[%d]", i)
		switch n := utf8.RuneCountInString(name); {
		case strings.TrimSpace(name) == "":
			v.add(field, "is blank; name a metric")
		case n > maxNameLen:
			v.add(field, "is %d characters long; at most %d are allowed", n, maxNameLen)
		}
	}
}

// FixCategoryMetricRequest adds the latest calls of a failure category to
// Labs as reviews of its metric: the category was the metric's mistake,
// not the agent's. ProjectID and MetricID name the category's scope (sent
// in the query, as the other category operations take them).
type FixCategoryMetricRequest struct {
	ProjectID int64 `json:"-" url:"project"`
	MetricID  int64 `json:"-" url:"metric_id"`
	// FailureModeIndex is the body's failure_mode_index, which the
	// description requires (0 or more; the category's own calls are
	// sampled whatever it is).
	FailureModeIndex int `json:"failure_mode_index" url:"-"`
	// Feedback is an optional note on each call's review.
	Feedback string `json:"feedback,omitzero" url:"-"`
	// ExpectedValue is the corrected label of each call: Some(true) or
	// Some(false) for a binary metric, Some(4) for a 0–5 rating, a number
	// for a numeric metric, Null() for N/A; unset, the API records a pass.
	ExpectedValue Opt[any] `json:"expected_value,omitzero" url:"-" cekura:"nullable"`
}

func (r *FixCategoryMetricRequest) validate(v *validator) {
	scope(v, r.ProjectID, r.MetricID)
	if r.FailureModeIndex < 0 {
		v.add("failure_mode_index", "is %d; 0 or more", r.FailureModeIndex)
	}
	if x, ok := r.ExpectedValue.Get(); ok {
		expectedValue(v, x)
	}
}

// expectedValue accepts a boolean or a number: the labels of binary,
// rating and numeric metrics.
func expectedValue(v *validator, x any) {
	switch x.(type) {
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return
	}
	v.add("expected_value", "is a %T; use a boolean (binary metric), a number (rating or numeric metric) or Null() for N/A", x)
}

// FixMetricResult is the answer of FixCategoryMetric: the description
// declares the request's own fields (what was applied); RawJSON holds the
// answer as sent.
type FixMetricResult struct {
	apiObject
	FailureModeIndex int    `json:"failure_mode_index"`
	Feedback         string `json:"feedback,omitzero"`
	// ExpectedValue is the label recorded: a boolean, a number or nil.
	ExpectedValue any `json:"expected_value"`
}

// UnmarshalJSON decodes the answer tolerantly.
func (x *FixMetricResult) UnmarshalJSON(b []byte) error { return unmarshal(b, x) }

// categoryPath is a failure category's path: categories/{slug}/ + action.
func categoryPath(slug, action string) (string, error) {
	switch {
	case strings.TrimSpace(slug) == "":
		return "", &ValidationError{Problems: []FieldProblem{{Field: "category_slug", Message: "is required: a failure category's slug (ListCategories gives them)"}}}
	case strings.Contains(slug, "/"):
		return "", &ValidationError{Problems: []FieldProblem{{Field: "category_slug", Message: "must not contain a /"}}}
	}
	return failureInsightsPath + "categories/" + url.PathEscape(slug) + "/" + action, nil
}

// GetAvailableDates returns the dates that have a completed failure-mode
// insight, newest first: GET
// /observability/v1/metric-failure-mode-insights/available_dates/. (The
// description declares the insight row as the answer; its text, which the
// SDK follows, says the dates.)
func (s *FailureInsightsService) GetAvailableDates(ctx context.Context, params *AvailableDatesParams, opts ...Option) (*InsightDates, error) {
	return send[InsightDates](ctx, s.c, endpoint{method: http.MethodGet, path: failureInsightsPath + "available_dates/", query: nilQuery(params)}, opts)
}

// nilQuery turns a nil params pointer into no query at all.
func nilQuery[P any](params *P) any {
	if params == nil {
		return nil
	}
	return params
}

// ListCategories returns a project's failure categories, by call count
// (highest first): GET
// /observability/v1/metric-failure-mode-insights/categories/. The API sends
// them all at once, which reads as one page.
func (s *FailureInsightsService) ListCategories(ctx context.Context, params *ListFailureCategoriesParams, opts ...Option) (*Page[FailureCategory], error) {
	return listIn[FailureCategory](ctx, s.c, endpoint{method: http.MethodGet, path: failureInsightsPath + "categories/", query: nilQuery(params)}, opts)
}

// AllCategories walks the failure categories lazily; see
// [AgentsService.All].
func (s *FailureInsightsService) AllCategories(ctx context.Context, params *ListFailureCategoriesParams, opts ...Option) iter.Seq2[*FailureCategory, error] {
	return allIn[FailureCategory](ctx, s.c, endpoint{method: http.MethodGet, path: failureInsightsPath + "categories/", query: nilQuery(params)}, opts)
}

// GetCategoryCalls returns the ids of every call in one failure category,
// newest first: GET
// /observability/v1/metric-failure-mode-insights/categories/{slug}/calls/.
// params is required (ProjectID and MetricID).
func (s *FailureInsightsService) GetCategoryCalls(ctx context.Context, slug string, params *CategoryCallsParams, opts ...Option) (*CategoryCalls, error) {
	path, err := categoryPath(slug, "calls/")
	if err != nil {
		return nil, err
	}
	return send[CategoryCalls](ctx, s.c, endpoint{method: http.MethodGet, path: path, query: required(params)}, opts)
}

// ListFailureRates returns, per metric, the percentage of evaluated calls
// that failed it over the Insights window: GET
// /observability/v1/metric-failure-mode-insights/failure-rates/. The API
// sends them all at once, which reads as one page.
func (s *FailureInsightsService) ListFailureRates(ctx context.Context, params *FailureRatesParams, opts ...Option) (*Page[MetricFailureRate], error) {
	return listIn[MetricFailureRate](ctx, s.c, endpoint{method: http.MethodGet, path: failureInsightsPath + "failure-rates/", query: nilQuery(params)}, opts)
}

// AllFailureRates walks the failure rates lazily; see [AgentsService.All].
func (s *FailureInsightsService) AllFailureRates(ctx context.Context, params *FailureRatesParams, opts ...Option) iter.Seq2[*MetricFailureRate, error] {
	return allIn[MetricFailureRate](ctx, s.c, endpoint{method: http.MethodGet, path: failureInsightsPath + "failure-rates/", query: nilQuery(params)}, opts)
}

// BulkGenerate queues a failure-mode audit of every eligible metric of a
// project (or of req.MetricNames) over the last 24 hours, and returns the
// new insight rows, pending: POST
// /observability/v1/metric-failure-mode-insights/bulk_generate/. It costs
// credits, and is never retried once it may have reached the API. Follow
// each row with Get or WaitForInsight. (The description declares the
// request's own schema as the answer; its text, which the SDK follows,
// says the new rows, read from a bare list or the list inside an object.)
func (s *FailureInsightsService) BulkGenerate(ctx context.Context, req *BulkGenerateInsightsRequest, opts ...Option) ([]*FailureInsight, error) {
	p, err := listIn[FailureInsight](ctx, s.c, endpoint{method: http.MethodPost, path: failureInsightsPath + "bulk_generate/", body: req}, opts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

// Get returns one failure-mode insight with its failure modes: GET
// /observability/v1/metric-failure-mode-insights/{id}/. It is how a
// generated row is polled.
func (s *FailureInsightsService) Get(ctx context.Context, id int64, opts ...Option) (*FailureInsight, error) {
	if err := checkID("failure-mode insight", id); err != nil {
		return nil, err
	}
	return send[FailureInsight](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(failureInsightsPath, id)}, opts)
}

// WaitForInsight polls a failure-mode insight until its audit ends (see
// [WaitParams]) and returns it. A failed audit is not an error: check
// FailureInsight.Err.
func (s *FailureInsightsService) WaitForInsight(ctx context.Context, id int64, params *WaitParams[FailureInsight], opts ...Option) (*FailureInsight, error) {
	if err := checkID("failure-mode insight", id); err != nil {
		return nil, err
	}
	return poll(ctx, s.c, params, fmt.Sprintf("failure-mode insight %d", id),
		func(ctx context.Context) (*FailureInsight, error) { return s.Get(ctx, id, opts...) },
		(*FailureInsight).Done)
}

// FixCategoryMetric samples the latest calls of a failure category and adds
// them to Labs as reviews of its metric, with req's feedback and corrected
// label: POST
// /observability/v1/metric-failure-mode-insights/categories/{slug}/fix-metric/.
// It is never retried once it may have reached the API.
func (s *FailureInsightsService) FixCategoryMetric(ctx context.Context, slug string, req *FixCategoryMetricRequest, opts ...Option) (*FixMetricResult, error) {
	path, err := categoryPath(slug, "fix-metric/")
	if err != nil {
		return nil, err
	}
	return send[FixMetricResult](ctx, s.c, endpoint{method: http.MethodPost, path: path, body: req, query: req}, opts)
}

// DeleteCategory removes a failure category and its calls' assignments;
// later calls are classified against the remaining categories: DELETE
// /observability/v1/metric-failure-mode-insights/categories/{slug}/delete/.
// It cannot be undone. scope is required.
func (s *FailureInsightsService) DeleteCategory(ctx context.Context, slug string, scope *CategoryScope, opts ...Option) error {
	path, err := categoryPath(slug, "delete/")
	if err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: path, query: required(scope)}, opts)
}

// listAnswer is the answer of an operation whose text says it is a list
// while its description gives no shape: a bare array, or an object holding
// the list as its array of objects (under whatever key; other members, and
// arrays of anything else, are skipped).
type listAnswer[T any] struct{ items []*T }

func (l *listAnswer[T]) decodeKit(r *jreader) bool {
	list := planFor(reflect.TypeFor[[]*T]())
	switch r.peek() {
	case '[':
		return list.dec(r, unsafe.Pointer(&l.items))
	case '{':
	default:
		r.skip(0)
		return false
	}
	r.i++
	n := 0
	for {
		if _, ok := r.field(&n); !ok {
			return r.err == nil
		}
		if l.items != nil || r.peek() != '[' {
			r.skip(0)
			continue
		}
		var items []*T
		list.dec(r, unsafe.Pointer(&items))
		if len(items) > 0 && !slices.Contains(items, nil) {
			l.items = items
		}
	}
}

// listIn runs an endpoint whose answer is a listAnswer and returns it as
// one page.
func listIn[T any](ctx context.Context, c *core, e endpoint, opts []Option) (*Page[T], error) {
	body, err := c.exec(ctx, e, opts)
	if err != nil {
		return nil, err
	}
	var a listAnswer[T]
	if err := decodeInto(body, &a); err != nil {
		return nil, fmt.Errorf("cekura: %s %s: decoding the answer: %w", e.method, e.path, err)
	}
	for _, item := range a.items {
		if item == nil {
			return nil, fmt.Errorf("cekura: %s %s: decoding the answer: a list item that is not a JSON object", e.method, e.path)
		}
	}
	if a.items == nil {
		a.items = []*T{}
	}
	return &Page[T]{Count: len(a.items), Results: a.items}, nil
}

// allIn walks the one page of listIn lazily: nothing is sent until the
// loop starts.
func allIn[T any](ctx context.Context, c *core, e endpoint, opts []Option) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		p, err := listIn[T](ctx, c, e, opts)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, item := range p.Results {
			if !yield(item, nil) {
				return
			}
		}
	}
}
