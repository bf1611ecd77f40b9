package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Dashboards and their widgets: stored and checked with the API's rules,
// and plotted from the fake's own call logs (widgetdata.go).

const (
	dashboardsPath = "/dashboards/dashboards/"
	widgetsPath    = "/dashboards/widgets/"
)

// dashboardState is the fake's dashboards and widgets.
type dashboardState struct {
	dashboards *store[dashboard]
	widgets    *store[widget]
}

// dashboard is a stored dashboard; nil pointers are the API's nulls.
type dashboard struct {
	id                   int64
	name                 *string
	project              *int64
	filters              json.RawMessage // a checked filter object, or nil
	createdAt, updatedAt time.Time
}

func (d *dashboard) clone() *dashboard { c := *d; return &c }

// widget is a stored widget; nil pointers are the API's nulls.
type widget struct {
	id                            int64
	dashboard                     *int64
	name                          *string
	filters                       json.RawMessage
	chartType, field              string
	dataType, timePeriod, aggFunc *string
	metric                        *int64
	groupBy, metadata             json.RawMessage // any JSON, or nil
	createdAt, updatedAt          time.Time
}

func (w *widget) clone() *widget { c := *w; return &c }

// The API's choices for a widget.
var (
	chartTypes   = []string{"line", "bar", "pie", "stat"}
	dataTypes    = []string{"numeric", "boolean", "string", "datetime", "dynamic", ""}
	timePeriods  = []string{"hour", "day", "week", "month", ""}
	aggFunctions = []string{"count", "sum", "avg", "min", "max", "p50", "p95", "p99", ""}
)

// dashboardRoutes makes the fake's dashboard state and serves
// /dashboards/dashboards/ and /dashboards/widgets/.
func (s *Server) dashboardRoutes() []route {
	s.dash = &dashboardState{dashboards: newStore[dashboard](), widgets: newStore[widget]()}
	return []route{s.dashboardRoute(), s.widgetRoute()}
}

// apply applies a dashboard body with the API's rules.
func (d *dashboard) apply(fields map[string]json.RawMessage) errTree {
	errs := errTree{}
	if raw, ok := fields["name"]; ok {
		d.name = nullableName(errs, "name", raw)
	}
	if raw, ok := fields["project"]; ok {
		var p int64
		reference(errs, "project", raw, nil, &p)
		d.project = nil
		if p != 0 {
			d.project = &p
		}
	}
	if raw, ok := fields["filters"]; ok {
		d.filters = checkedFilters(errs, "filters", raw)
	}
	return errs
}

// nullableName reads a nullable CharField of at most 255 characters.
func nullableName(errs errTree, key string, raw json.RawMessage) *string {
	if isNull(raw) {
		return nil
	}
	v, msg := str(raw)
	switch {
	case msg != "":
		errs.add(key, msg)
	case utf8.RuneCountInString(v) > 255:
		errs.add(key, "Ensure this field has no more than 255 characters.")
	default:
		return &v
	}
	return nil
}

// checkedFilters reads a nullable filters object, checked as the API checks
// it (a filter that does not parse is refused under key).
func checkedFilters(errs errTree, key string, raw json.RawMessage) json.RawMessage {
	if isNull(raw) {
		return nil
	}
	if _, msg := parseFilter(raw); msg != "" {
		errs.add(key, msg)
		return nil
	}
	return compact(raw)
}

// compact is raw without insignificant white space.
func compact(raw json.RawMessage) json.RawMessage {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}

// apply applies a widget body with the API's rules. dashboardID, when not
// 0, is the dashboard the widget goes on whatever the body says (bulk
// widgets).
func (w *widget) apply(s *Server, fields map[string]json.RawMessage, partial bool, dashboardID int64) errTree {
	errs := errTree{}
	if raw, ok := fields["dashboard"]; ok && dashboardID == 0 {
		var d int64
		reference(errs, "dashboard", raw, func(id int64) bool { _, ok := s.dash.dashboards.get(id); return ok }, &d)
		w.dashboard = nil
		if d != 0 {
			w.dashboard = &d
		}
	}
	if dashboardID != 0 {
		w.dashboard = &dashboardID
	}
	if raw, ok := fields["name"]; ok {
		w.name = nullableName(errs, "name", raw)
	}
	if raw, ok := fields["filters"]; ok {
		w.filters = checkedFilters(errs, "filters", raw)
	}
	if raw, ok := fields["chart_type"]; ok {
		if v, msg := choice(raw, chartTypes); msg != "" {
			errs.add("chart_type", msg)
		} else {
			w.chartType = v
		}
	} else if !partial {
		errs.add("chart_type", msgRequired)
	}
	for _, c := range []struct {
		key     string
		choices []string
		dst     **string
	}{{"data_type", dataTypes, &w.dataType}, {"time_period", timePeriods, &w.timePeriod}, {"aggregation_function", aggFunctions, &w.aggFunc}} {
		raw, ok := fields[c.key]
		switch {
		case !ok:
		case isNull(raw):
			*c.dst = nil
		default:
			if v, msg := choice(raw, c.choices); msg != "" {
				errs.add(c.key, msg)
			} else {
				*c.dst = &v
			}
		}
	}
	if raw, ok := fields["field"]; ok {
		v, msg := str(raw)
		switch {
		case msg != "":
			errs.add("field", msg)
		case utf8.RuneCountInString(v) > 255:
			errs.add("field", "Ensure this field has no more than 255 characters.")
		case v != "" && !plotField(v):
			errs.add("field", fmt.Sprintf("%q is not a field a widget can plot.", v))
		default:
			w.field = v
		}
	}
	if raw, ok := fields["metric"]; ok {
		var m int64
		reference(errs, "metric", raw, func(id int64) bool { _, ok := s.metrics.get(id); return ok }, &m)
		w.metric = nil
		if m != 0 {
			w.metric = &m
		}
	}
	for _, k := range []string{"group_by", "metadata"} {
		if raw, ok := fields[k]; ok {
			v := compact(raw)
			if isNull(raw) {
				v = nil
			}
			if k == "group_by" {
				w.groupBy = v
			} else {
				w.metadata = v
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// The description's key rules, under the keys the SDK checks them.
	switch w.chartType {
	case "line", "bar", "pie":
		if w.field == "" {
			errs.add("field", fmt.Sprintf("A %s chart needs a field to plot.", w.chartType))
		}
	case "stat":
		if w.field != "" {
			errs.add("field", "A stat chart takes no field.")
		}
	}
	if w.chartType == "bar" {
		if w.aggFunc == nil || *w.aggFunc == "" {
			errs.add("aggregation_function", "A bar chart needs an aggregation function.")
		}
		if w.timePeriod == nil || *w.timePeriod == "" {
			errs.add("time_period", "A bar chart needs a time period.")
		}
	}
	if w.field == "metric_evaluations.value" && w.metric == nil {
		errs.add("metric", "This field is required when field is metric_evaluations.value.")
	}
	return errs
}

// renderDashboard is a dashboard as the API returns it: with its widgets
// unless list (the list view leaves them out), and widget_count as the
// string the description types it as (the SDK reads both).
func (s *Server) renderDashboard(d *dashboard, list bool) any {
	out := &cekura.Dashboard{ID: d.id, CreatedAt: d.createdAt, UpdatedAt: d.updatedAt, Filters: decodeFilter(d.filters)}
	if d.name != nil {
		out.Name = *d.name
	}
	if d.project != nil {
		out.ProjectID = *d.project
	}
	ids := s.dash.widgets.ids(func(w *widget) bool { return w.dashboard != nil && *w.dashboard == d.id })
	if !list {
		out.Widgets = make([]*cekura.Widget, 0, len(ids))
		for _, id := range ids {
			w, _ := s.dash.widgets.get(id)
			out.Widgets = append(out.Widgets, s.renderWidget(w))
		}
	}
	return dashboardAnswer{Dashboard: out, WidgetCount: strconv.Itoa(len(ids))}
}

// dashboardAnswer is a dashboard with its widget_count as a string.
type dashboardAnswer struct {
	*cekura.Dashboard
	WidgetCount string `json:"widget_count"`
}

// decodeFilter is a stored filter as the SDK's type (nil for none).
func decodeFilter(raw json.RawMessage) *cekura.CallLogFilter {
	if raw == nil {
		return nil
	}
	f := &cekura.CallLogFilter{}
	if json.Unmarshal(raw, f) != nil {
		return nil
	}
	return f
}

// effectiveFilters are a widget's filters and its dashboard's, merged:
// both AND-combined, or the one there is ({} when neither).
func (s *Server) effectiveFilters(w *widget, override json.RawMessage) json.RawMessage {
	own := w.filters
	if override != nil {
		own = override
	}
	var parts []json.RawMessage
	if w.dashboard != nil {
		if d, ok := s.dash.dashboards.get(*w.dashboard); ok && d.filters != nil && string(d.filters) != "{}" {
			parts = append(parts, d.filters)
		}
	}
	if own != nil && string(own) != "{}" {
		parts = append(parts, own)
	}
	switch len(parts) {
	case 0:
		return json.RawMessage(`{}`)
	case 1:
		return parts[0]
	}
	b, _ := json.Marshal(map[string]any{"operator": "and", "conditions": parts})
	return b
}

// renderWidget is a widget as the API returns it.
func (s *Server) renderWidget(w *widget) *cekura.Widget {
	out := &cekura.Widget{ID: w.id, ChartType: cekura.ChartType(w.chartType), Field: w.field, Filters: decodeFilter(w.filters),
		EffectiveFilters: decodeFilter(s.effectiveFilters(w, nil)), Metadata: w.metadata, CreatedAt: w.createdAt, UpdatedAt: w.updatedAt}
	if w.dashboard != nil {
		out.DashboardID = *w.dashboard
	}
	if w.name != nil {
		out.Name = *w.name
	}
	if w.dataType != nil {
		out.DataType = cekura.WidgetDataType(*w.dataType)
	}
	if w.timePeriod != nil {
		out.TimePeriod = cekura.TimePeriod(*w.timePeriod)
	}
	if w.aggFunc != nil {
		out.AggregationFunction = cekura.AggregationFunction(*w.aggFunc)
	}
	if w.metric != nil {
		out.MetricID = *w.metric
		if m, ok := s.metrics.get(*w.metric); ok {
			out.MetricName = m.m.Name
		}
	}
	if w.groupBy != nil {
		out.GroupBy = &cekura.WidgetGroupBy{}
		_ = json.Unmarshal(w.groupBy, out.GroupBy)
	}
	return out
}

func (s *Server) dashboardRoute() route {
	detail := func(d *dashboard) any { return s.renderDashboard(d, false) }
	rt := writes(s, route{
		collection: dashboardsPath,
		list:       listItems(s, s.dash.dashboards, dashboardFilter, func(d *dashboard) any { return s.renderDashboard(d, true) }),
		get:        getItem(s, s.dash.dashboards, detail),
	}, resource[dashboard]{
		st:      s.dash.dashboards,
		created: http.StatusCreated,
		fresh: func(old *dashboard) *dashboard {
			d := &dashboard{}
			if old != nil {
				d.createdAt = old.createdAt
			}
			return d
		},
		clone: (*dashboard).clone,
		apply: func(d *dashboard, fields map[string]json.RawMessage, _ bool) errTree { return d.apply(fields) },
		stored: func(d *dashboard, id int64, now time.Time) {
			d.id, d.updatedAt = id, now
			if d.createdAt.IsZero() {
				d.createdAt = now
			}
		},
		render: detail,
		// "Deletes the dashboard and all of its widgets."
		deleted: func(id int64) {
			for _, wid := range s.dash.widgets.ids(func(w *widget) bool { return w.dashboard != nil && *w.dashboard == id }) {
				s.dash.widgets.remove(wid)
			}
		},
	})
	rt.itemActions = map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
		"duplicate":    postItem(s.duplicateDashboard),
		"bulk_widgets": postItem(s.bulkWidgets),
	}
	return rt
}

// postItem is post for an item's action.
func postItem(h func(http.ResponseWriter, *http.Request, int64, []byte)) func(http.ResponseWriter, *http.Request, int64, []byte) {
	return func(w http.ResponseWriter, r *http.Request, id int64, b []byte) {
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r.Method, http.MethodPost)
			return
		}
		h(w, r, id, b)
	}
}

// dashboardFilter keeps the dashboards of the query's project_id.
func dashboardFilter(q url.Values) (func(*dashboard) bool, errTree) {
	f := newFilter[dashboard](q)
	if id, ok := f.int64("project_id"); ok {
		f.keep(func(d *dashboard) bool { return d.project != nil && *d.project == id })
	}
	return f.done()
}

// widgetFilter keeps the widgets of the query's dashboard_id.
func widgetFilter(q url.Values) (func(*widget) bool, errTree) {
	f := newFilter[widget](q)
	if id, ok := f.int64("dashboard_id"); ok {
		f.keep(func(w *widget) bool { return w.dashboard != nil && *w.dashboard == id })
	}
	return f.done()
}

// duplicateDashboard copies a dashboard and all its widgets.
func (s *Server) duplicateDashboard(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	orig, ok := s.dash.dashboards.get(id)
	switch {
	case !ok:
		notFound(w)
		return
	case bad != nil:
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	name := "Copy of " + cmpOr(derefString(orig.name), "Untitled")
	if raw, ok := fields["name"]; ok {
		errs := errTree{}
		v, msg := str(raw)
		switch {
		case msg != "":
			errs.add("name", msg)
		case utf8.RuneCountInString(v) > 255:
			errs.add("name", "Ensure this field has no more than 255 characters.")
		case v != "":
			name = v
		}
		if len(errs) > 0 {
			writeJSON(w, http.StatusBadRequest, errs)
			return
		}
	}
	now := s.now()
	cp := orig.clone()
	cp.name, cp.createdAt, cp.updatedAt = &name, now, now
	cp.id = s.dash.dashboards.insert(cp)
	for _, wid := range s.dash.widgets.ids(func(x *widget) bool { return x.dashboard != nil && *x.dashboard == id }) {
		src, _ := s.dash.widgets.get(wid)
		wc := src.clone()
		wc.dashboard, wc.createdAt, wc.updatedAt = &cp.id, now, now
		wc.id = s.dash.widgets.insert(wc)
	}
	s.finishWrite(w, r, http.StatusCreated, s.renderDashboard(cp, false))
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// bulkWidgets creates, updates and deletes a dashboard's widgets in one
// transaction: a problem anywhere answers 400 and changes nothing.
func (s *Server) bulkWidgets(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.dash.dashboards.get(id); !ok {
		notFound(w)
		return
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	onDashboard := func(wid int64) bool {
		x, ok := s.dash.widgets.get(wid)
		return ok && x.dashboard != nil && *x.dashboard == id
	}
	items := func(key string) []json.RawMessage {
		raw, ok := fields[key]
		if !ok || isNull(raw) {
			return nil
		}
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			errs.add(key, "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
		return list
	}
	creates, updates := items("create"), items("update")
	var deletes []int64
	if raw, ok := fields["delete"]; ok && !isNull(raw) {
		if json.Unmarshal(raw, &deletes) != nil {
			errs.add("delete", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	now := s.now()
	var created, updated []*widget
	listErrs := func(key string, list []json.RawMessage, one func(raw json.RawMessage) errTree) {
		out, failed := make([]any, len(list)), false
		for i, raw := range list {
			e := one(raw)
			out[i] = e
			failed = failed || len(e) > 0
		}
		if failed {
			errs[key] = out
		}
	}
	listErrs("create", creates, func(raw json.RawMessage) errTree {
		f, e := object(raw)
		if e != nil {
			return e
		}
		x := &widget{createdAt: now, updatedAt: now}
		e = x.apply(s, f, false, id)
		created = append(created, x)
		return e
	})
	listErrs("update", updates, func(raw json.RawMessage) errTree {
		f, e := object(raw)
		if e != nil {
			return e
		}
		wid, msg := integer(f["id"])
		switch {
		case f["id"] == nil:
			return errTree{"id": []string{msgRequired}}
		case msg != "":
			return errTree{"id": []string{msg}}
		case !onDashboard(wid):
			return errTree{"id": []string{fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", wid)}}
		case slices.Contains(deletes, wid):
			return errTree{"id": []string{fmt.Sprintf("Widget %d is also being deleted.", wid)}}
		}
		orig, _ := s.dash.widgets.get(wid)
		x := orig.clone()
		x.updatedAt = now
		e = x.apply(s, f, true, id)
		updated = append(updated, x)
		return e
	})
	for _, wid := range deletes {
		if !onDashboard(wid) {
			errs.add("delete", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", wid))
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	out := struct {
		Created []*cekura.Widget `json:"created"`
		Updated []*cekura.Widget `json:"updated"`
		Deleted []int64          `json:"deleted"`
		Errors  []any            `json:"errors"`
	}{Created: []*cekura.Widget{}, Updated: []*cekura.Widget{}, Deleted: []int64{}, Errors: []any{}}
	for _, x := range created {
		x.id = s.dash.widgets.insert(x)
		out.Created = append(out.Created, s.renderWidget(x))
	}
	for _, x := range updated {
		s.dash.widgets.put(x.id, x)
		out.Updated = append(out.Updated, s.renderWidget(x))
	}
	for _, wid := range deletes {
		if s.dash.widgets.remove(wid) {
			out.Deleted = append(out.Deleted, wid)
		}
	}
	s.finishWrite(w, r, http.StatusOK, out)
}

func (s *Server) widgetRoute() route {
	render := func(w *widget) any { return s.renderWidget(w) }
	rt := writes(s, route{
		collection: widgetsPath,
		list:       listItems(s, s.dash.widgets, widgetFilter, render),
		get:        getItem(s, s.dash.widgets, render),
	}, resource[widget]{
		st:      s.dash.widgets,
		created: http.StatusCreated,
		fresh: func(old *widget) *widget {
			x := &widget{}
			if old != nil {
				x.createdAt = old.createdAt
			}
			return x
		},
		clone: (*widget).clone,
		apply: func(x *widget, fields map[string]json.RawMessage, partial bool) errTree {
			return x.apply(s, fields, partial, 0)
		},
		stored: func(x *widget, id int64, now time.Time) {
			x.id, x.updatedAt = id, now
			if x.createdAt.IsZero() {
				x.createdAt = now
			}
		},
		render: render,
	})
	rt.actions = map[string]func(http.ResponseWriter, *http.Request, []byte){
		"preview_data": post(s.previewWidgetData),
		"bulk_data":    post(s.bulkWidgetData),
	}
	rt.itemActions = map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
		"data": func(w http.ResponseWriter, r *http.Request, id int64, _ []byte) {
			if r.Method != http.MethodGet {
				methodNotAllowed(w, r.Method, http.MethodGet)
				return
			}
			s.widgetData(w, r, id)
		},
	}
	return rt
}

// Dashboards returns every stored dashboard as the API would return it
// (with its widgets), by id.
func (s *Server) Dashboards() []*cekura.Dashboard {
	return answers[dashboard, cekura.Dashboard](s, s.dash.dashboards, func(d *dashboard) any { return s.renderDashboard(d, false) })
}

// Widgets returns every stored widget as the API would return it, by id.
func (s *Server) Widgets() []*cekura.Widget {
	return answers[widget, cekura.Widget](s, s.dash.widgets, func(w *widget) any { return s.renderWidget(w) })
}
