package cekura

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// dashboardsPath is the dashboards collection.
const dashboardsPath = "/dashboards/dashboards/"

// DashboardsService manages analytics dashboards: named sets of widgets
// (line, bar, pie and stat charts of call volume, success, durations,
// metric scores …) over a project's call logs, scoped by the dashboard's
// filters (a date range, an agent), which every widget on it AND-combines
// with its own. Get it from Client.Dashboards; the widgets themselves, and
// their data, are Client.Widgets.
type DashboardsService struct{ c *core }

// Dashboard is a dashboard as the API returns it. The list leaves out
// Widgets (WidgetCount says how many there are); Get, Create, Update and
// Duplicate send them.
type Dashboard struct {
	apiObject
	ID   int64  `json:"id"`
	Name string `json:"name,omitzero"`
	// ProjectID is the project whose call logs the dashboard shows (0 when
	// the API sends null).
	ProjectID int64 `json:"project,omitzero"`
	// Filters scope every widget of the dashboard (nil: none).
	Filters *CallLogFilter `json:"filters,omitzero"`
	// Widgets are the dashboard's widgets.
	Widgets []*Widget `json:"widgets,omitzero"`
	// WidgetCount is how many widgets the dashboard has. The description
	// types it as a string: a number and a string holding one both decode.
	WidgetCount int       `json:"widget_count,omitzero" cekura:"flex"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a dashboard tolerantly.
func (d *Dashboard) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

// CreateDashboardRequest is the body of Create. The API requires nothing;
// Cekura's guide creates a dashboard "with a name, project, and date-range
// filters".
type CreateDashboardRequest struct {
	// Name is at most 255 characters.
	Name string `json:"name,omitzero"`
	// ProjectID is the project whose call logs the dashboard shows.
	ProjectID int64 `json:"project,omitzero"`
	// Filters scope every widget of the dashboard, typically a date range:
	// a gte condition on timestamp, such as "now-7d".
	Filters *CallLogFilter `json:"filters,omitzero"`
}

func (r *CreateDashboardRequest) validate(v *validator) {
	dashboardName(v, "name", r.Name)
	positive(v, "project", r.ProjectID)
	if r.Filters != nil {
		r.Filters.check(v, "filters")
	}
}

// dashboardName checks a name the API keeps in 255 characters (blank is
// allowed: the API's name is optional).
func dashboardName(v *validator, field, name string) {
	if n := utf8.RuneCountInString(name); n > maxNameLen {
		v.add(field, "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

// UpdateDashboardRequest is the body of Update (PATCH): only what is set is
// sent. Null() clears the name, the project or the filters.
type UpdateDashboardRequest struct {
	Name      Opt[string] `json:"name,omitzero" cekura:"nullable"`
	ProjectID Opt[int64]  `json:"project,omitzero" cekura:"nullable"`
	// Filters replaces the dashboard's filters, whole.
	Filters Opt[CallLogFilter] `json:"filters,omitzero" cekura:"nullable"`
}

func (r *UpdateDashboardRequest) validate(v *validator) {
	if name, ok := r.Name.Get(); ok {
		dashboardName(v, "name", name)
	}
	if id, ok := r.ProjectID.Get(); ok && id <= 0 {
		v.add("project", "must be a positive id, got %d", id)
	}
	if f, ok := r.Filters.Get(); ok {
		f.check(v, "filters")
	}
}

// ListDashboardsParams filters List. Zero values are not sent.
type ListDashboardsParams struct {
	// Page is the 1-based page number (default 1).
	Page int `url:"page,omitempty"`
	// PageSize is the number of dashboards per page (the API's default
	// when 0).
	PageSize int `url:"page_size,omitempty"`
	// ProjectID keeps the dashboards of one project. The API strongly
	// recommends it: without it, it lists every project's dashboards in the
	// organization.
	ProjectID int64 `url:"project_id,omitempty"`
}

func (o *ListDashboardsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	positive(v, "project_id", o.ProjectID)
}

// DuplicateDashboardRequest is the body of Duplicate.
type DuplicateDashboardRequest struct {
	// Name is the copy's name, at most 255 characters; left out, the API
	// names it "Copy of <name>".
	Name string `json:"name,omitzero"`
}

func (r *DuplicateDashboardRequest) validate(v *validator) { dashboardName(v, "name", r.Name) }

// BulkWidgetsRequest is the body of BulkWidgets: widgets to add to the
// dashboard, to change and to delete, in one call. Set at least one.
type BulkWidgetsRequest struct {
	// Create are new widgets; leave their DashboardID 0: they go on the
	// dashboard BulkWidgets names.
	Create []*CreateWidgetRequest `json:"create,omitzero"`
	// Update are changes of the dashboard's widgets, each by its ID.
	Update []*BulkWidgetUpdate `json:"update,omitzero"`
	// DeleteIDs are the ids of the dashboard's widgets to delete.
	DeleteIDs []int64 `json:"delete,omitzero"`
}

// BulkWidgetUpdate is one widget's changes in a BulkWidgetsRequest: its id
// and, as in Widgets.Update, only what is set.
type BulkWidgetUpdate struct {
	// ID is the widget's id; required.
	ID int64 `json:"id"`
	UpdateWidgetRequest
}

func (r *BulkWidgetsRequest) validate(v *validator) {
	if len(r.Create) == 0 && len(r.Update) == 0 && len(r.DeleteIDs) == 0 {
		v.add("request", "sets nothing: set create, update or delete")
		return
	}
	for i, w := range r.Create {
		at := "create[" + strconv.Itoa(i) + "]"
		switch {
		case w == nil:
			v.add(at, "is nil")
			continue
		case w.DashboardID != 0:
			v.add(at+".dashboard", "is %d; leave it 0: BulkWidgets adds the widgets to the dashboard it names", w.DashboardID)
		}
		w.check(v, at+".")
	}
	deleted := map[int64]bool{}
	for _, id := range r.DeleteIDs {
		deleted[id] = true
	}
	for i, u := range r.Update {
		at := "update[" + strconv.Itoa(i) + "]"
		switch {
		case u == nil:
			v.add(at, "is nil")
			continue
		case u.ID <= 0:
			v.add(at+".id", "must be a positive widget id, got %d", u.ID)
		case deleted[u.ID]:
			v.add(at+".id", "widget %d is also among the widgets to delete", u.ID)
		}
		if setsNothing(&u.UpdateWidgetRequest) {
			v.add(at, "sets nothing to change; set at least one field besides id")
			continue
		}
		u.check(v, at+".")
	}
	ids(v, "delete", r.DeleteIDs)
}

// BulkWidgetsResult is what BulkWidgets did.
type BulkWidgetsResult struct {
	apiObject
	// Created and Updated are the widgets as they now are; DeletedIDs the
	// ids of the widgets deleted.
	Created    []*Widget `json:"created"`
	Updated    []*Widget `json:"updated"`
	DeletedIDs []int64   `json:"deleted"`
	// Errors are the problems the API reports with operations, each an
	// object whose keys it does not document.
	Errors []map[string]any `json:"errors,omitzero"`
}

// UnmarshalJSON decodes the result tolerantly.
func (r *BulkWidgetsResult) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// Create adds a dashboard: POST /dashboards/dashboards/ (201).
func (s *DashboardsService) Create(ctx context.Context, req *CreateDashboardRequest, opts ...Option) (*Dashboard, error) {
	return send[Dashboard](ctx, s.c, endpoint{method: http.MethodPost, path: dashboardsPath, body: req}, opts)
}

// Get returns one dashboard with its widgets: GET
// /dashboards/dashboards/{id}/.
func (s *DashboardsService) Get(ctx context.Context, id int64, opts ...Option) (*Dashboard, error) {
	if err := checkID("dashboard", id); err != nil {
		return nil, err
	}
	return send[Dashboard](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(dashboardsPath, id)}, opts)
}

// List returns one page of dashboards, without their widgets: GET
// /dashboards/dashboards/. params may be nil; set ProjectID, as the API
// asks.
func (s *DashboardsService) List(ctx context.Context, params *ListDashboardsParams, opts ...Option) (*Page[Dashboard], error) {
	return list[Dashboard](ctx, s.c, endpoint{method: http.MethodGet, path: dashboardsPath, query: params}, opts)
}

// All walks every dashboard lazily; see [AgentsService.All].
func (s *DashboardsService) All(ctx context.Context, params *ListDashboardsParams, opts ...Option) iter.Seq2[*Dashboard, error] {
	return all[Dashboard](ctx, s.c, endpoint{method: http.MethodGet, path: dashboardsPath, query: params}, opts)
}

// Update changes what req sets: PATCH /dashboards/dashboards/{id}/.
func (s *DashboardsService) Update(ctx context.Context, id int64, req *UpdateDashboardRequest, opts ...Option) (*Dashboard, error) {
	if err := checkID("dashboard", id); err != nil {
		return nil, err
	}
	return send[Dashboard](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(dashboardsPath, id), body: req, update: true}, opts)
}

// Delete deletes a dashboard and all of its widgets: DELETE
// /dashboards/dashboards/{id}/. It cannot be undone; the call logs are
// untouched.
func (s *DashboardsService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("dashboard", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(dashboardsPath, id)}, opts)
}

// Duplicate copies a dashboard and all its widgets: POST
// /dashboards/dashboards/{id}/duplicate/ (201). req may be nil (the copy is
// named "Copy of <name>"). Like every POST, it is not retried once it may
// have reached the API.
func (s *DashboardsService) Duplicate(ctx context.Context, id int64, req *DuplicateDashboardRequest, opts ...Option) (*Dashboard, error) {
	if err := checkID("dashboard", id); err != nil {
		return nil, err
	}
	if req == nil {
		req = &DuplicateDashboardRequest{}
	}
	return send[Dashboard](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(dashboardsPath, id) + "duplicate/", body: req}, opts)
}

// BulkEditWidgets adds, changes and deletes widgets of a dashboard in one call:
// POST /dashboards/dashboards/{id}/bulk_widgets/. The API performs them in
// a single transaction: a refusal (a 400) applies none of them. It is not
// retried once it may have reached the API.
func (s *DashboardsService) BulkEditWidgets(ctx context.Context, id int64, req *BulkWidgetsRequest, opts ...Option) (*BulkWidgetsResult, error) {
	if err := checkID("dashboard", id); err != nil {
		return nil, err
	}
	return send[BulkWidgetsResult](ctx, s.c, endpoint{method: http.MethodPost, path: pathID(dashboardsPath, id) + "bulk_widgets/", body: req}, opts)
}
