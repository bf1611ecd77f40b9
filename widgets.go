package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// widgetsPath is the widgets collection.
const widgetsPath = "/dashboards/widgets/"

// WidgetsService manages the widgets of dashboards (charts of call logs)
// and reads their data. Get it from Client.Widgets.
//
// Widgets are a service of their own, not methods of Client.Dashboards,
// because the API gives them a collection of their own
// (/dashboards/widgets/): a widget is read, changed, deleted and plotted by
// its own id, without its dashboard's. What acts on a dashboard's widgets
// as a whole (BulkWidgets, Duplicate) is a method of DashboardsService.
type WidgetsService struct{ c *core }

// ChartType is the kind of chart a widget draws; it decides what its data
// holds (see WidgetData).
type ChartType string

// The chart types of the API. Cekura's API reference lists line, bar and
// pie; the description (2026-08-20) adds stat, and the SDK follows the
// description.
const (
	ChartTypeLine ChartType = "line" // the field's value for each call over time; set Field
	ChartTypeBar  ChartType = "bar"  // the field aggregated per time period; set Field, AggregationFunction and TimePeriod
	ChartTypePie  ChartType = "pie"  // the calls counted by the field's value; set Field
	ChartTypeStat ChartType = "stat" // total calls, success rate, average duration, p95 latency; leave Field empty
)

// Valid reports whether t is one of the API's chart types (or empty, as in
// a widget the API sent without one).
func (t ChartType) Valid() bool {
	return t == "" || t == ChartTypeLine || t == ChartTypeBar || t == ChartTypePie || t == ChartTypeStat
}

// WidgetDataType is the data type of the field a widget plots.
type WidgetDataType string

// The data types of the API. Left empty, the API infers it.
const (
	WidgetDataTypeNumeric  WidgetDataType = "numeric"
	WidgetDataTypeBoolean  WidgetDataType = "boolean"
	WidgetDataTypeString   WidgetDataType = "string"
	WidgetDataTypeDateTime WidgetDataType = "datetime"
	WidgetDataTypeDynamic  WidgetDataType = "dynamic" // a metadata field, whose type varies
)

// Valid reports whether t is one of the API's data types (or empty: the
// API infers it).
func (t WidgetDataType) Valid() bool {
	switch t {
	case "", WidgetDataTypeNumeric, WidgetDataTypeBoolean, WidgetDataTypeString, WidgetDataTypeDateTime, WidgetDataTypeDynamic:
		return true
	}
	return false
}

// TimePeriod is the width of a bar chart's bars.
type TimePeriod string

// The time periods of the API.
const (
	TimePeriodHour  TimePeriod = "hour"
	TimePeriodDay   TimePeriod = "day"
	TimePeriodWeek  TimePeriod = "week"
	TimePeriodMonth TimePeriod = "month"
)

// Valid reports whether p is one of the API's time periods (or empty).
func (p TimePeriod) Valid() bool {
	return p == "" || p == TimePeriodHour || p == TimePeriodDay || p == TimePeriodWeek || p == TimePeriodMonth
}

// AggregationFunction is how a bar chart aggregates the values of each
// time period.
type AggregationFunction string

// The aggregation functions of the API.
const (
	AggregationFunctionCount AggregationFunction = "count"
	AggregationFunctionSum   AggregationFunction = "sum"
	AggregationFunctionAvg   AggregationFunction = "avg"
	AggregationFunctionMin   AggregationFunction = "min"
	AggregationFunctionMax   AggregationFunction = "max"
	AggregationFunctionP50   AggregationFunction = "p50" // the median
	AggregationFunctionP95   AggregationFunction = "p95"
	AggregationFunctionP99   AggregationFunction = "p99"
)

var aggregationFunctions = []AggregationFunction{AggregationFunctionCount, AggregationFunctionSum, AggregationFunctionAvg,
	AggregationFunctionMin, AggregationFunctionMax, AggregationFunctionP50, AggregationFunctionP95, AggregationFunctionP99}

// Valid reports whether f is one of the API's aggregation functions (or
// empty).
func (f AggregationFunction) Valid() bool { return f == "" || slices.Contains(aggregationFunctions, f) }

// GroupByType is how a widget groups its data.
type GroupByType string

// The groupings of the API.
const (
	GroupByTypeField  GroupByType = "field"  // by the value of a field, such as agent.id
	GroupByTypeBucket GroupByType = "bucket" // by time buckets of Interval milliseconds
)

// Valid reports whether t is one of the API's groupings.
func (t GroupByType) Valid() bool { return t == GroupByTypeField || t == GroupByTypeBucket }

// WidgetGroupBy is a widget's grouping: {"type": "field", "field":
// "agent.id"} or {"type": "bucket", "interval": 3600000}. The description
// types it as any JSON and documents these two shapes; another shape stays
// readable in the widget's RawJSON.
type WidgetGroupBy struct {
	Type GroupByType `json:"type,omitzero"`
	// Field is what a field grouping groups by.
	Field string `json:"field,omitzero"`
	// Interval is a time bucket's width, in milliseconds (3600000: an
	// hour).
	Interval int64 `json:"interval,omitzero"`
}

// UnmarshalJSON decodes a grouping tolerantly.
func (g *WidgetGroupBy) UnmarshalJSON(b []byte) error { return unmarshal(b, g) }

func (g *WidgetGroupBy) check(v *validator, field string) {
	switch {
	case g.Type == "":
		v.add(field+".type", "is required: field or bucket")
	case !g.Type.Valid():
		v.add(field+".type", "%q is not one of field, bucket", g.Type)
	case g.Type == GroupByTypeField && strings.TrimSpace(g.Field) == "":
		v.add(field+".field", "is required to group by field, such as agent.id")
	case g.Type == GroupByTypeBucket && g.Interval <= 0:
		v.add(field+".interval", "must be a positive number of milliseconds to group by time bucket, got %d", g.Interval)
	}
}

// Widget is a dashboard's widget as the API returns it.
type Widget struct {
	apiObject
	ID int64 `json:"id"`
	// DashboardID is the dashboard the widget is on.
	DashboardID int64  `json:"dashboard,omitzero"`
	Name        string `json:"name,omitzero"`
	// Filters are the widget's own filters (nil: none).
	Filters *CallLogFilter `json:"filters,omitzero"`
	// EffectiveFilters are the dashboard's and the widget's filters
	// merged, as the data is computed with them; the call logs'
	// filters_v2 takes them too.
	EffectiveFilters *CallLogFilter `json:"effective_filters,omitzero"`
	ChartType        ChartType      `json:"chart_type"`
	DataType         WidgetDataType `json:"data_type,omitzero"`
	// Field is the call log field plotted (empty for a stat chart).
	Field string `json:"field,omitzero"`
	// MetricID is the metric plotted when Field is
	// metric_evaluations.value, and MetricName its name.
	MetricID            int64               `json:"metric,omitzero"`
	MetricName          string              `json:"metric_name,omitzero"`
	TimePeriod          TimePeriod          `json:"time_period,omitzero"`
	AggregationFunction AggregationFunction `json:"aggregation_function,omitzero"`
	GroupBy             *WidgetGroupBy      `json:"group_by,omitzero"`
	// Metadata is the dashboard's display settings for the widget
	// (position, size, styling): any JSON, which the API stores and returns
	// as it is.
	Metadata  json.RawMessage `json:"metadata,omitzero"`
	CreatedAt time.Time       `json:"created_at,omitzero"`
	UpdatedAt time.Time       `json:"updated_at,omitzero"`
}

// UnmarshalJSON decodes a widget tolerantly.
func (w *Widget) UnmarshalJSON(b []byte) error { return unmarshal(b, w) }

// metricField is the field whose widgets plot a metric's scores.
const metricField = "metric_evaluations.value"

// CreateWidgetRequest is the body of Create, and a widget for PreviewData
// and BulkWidgets. ChartType is required. The API's rules, checked before
// sending: a line, bar or pie chart plots a Field; a bar chart also needs
// AggregationFunction and TimePeriod; a stat chart leaves Field empty; a
// Field of metric_evaluations.value needs MetricID.
type CreateWidgetRequest struct {
	// DashboardID is the dashboard the widget goes on. For PreviewData it
	// names the dashboard whose filters apply; in BulkWidgets leave it 0.
	DashboardID int64 `json:"dashboard,omitzero"`
	// Name is the widget's title, at most 255 characters.
	Name      string    `json:"name,omitzero"`
	ChartType ChartType `json:"chart_type" cekura:"required"`
	// Field is the call log field to plot, such as duration, success,
	// call_ended_reason, metadata.<key> or metric_evaluations.value (at
	// most 255 characters).
	Field string `json:"field,omitzero"`
	// DataType is Field's data type; left empty, the API infers it.
	DataType WidgetDataType `json:"data_type,omitzero"`
	// MetricID is the metric to plot with Field metric_evaluations.value.
	MetricID            int64               `json:"metric,omitzero"`
	TimePeriod          TimePeriod          `json:"time_period,omitzero"`
	AggregationFunction AggregationFunction `json:"aggregation_function,omitzero"`
	GroupBy             *WidgetGroupBy      `json:"group_by,omitzero"`
	// Filters are the widget's own filters, AND-combined with its
	// dashboard's.
	Filters *CallLogFilter `json:"filters,omitzero"`
	// Metadata is display settings for the dashboard (position, size,
	// styling): any JSON, stored as it is.
	Metadata json.RawMessage `json:"metadata,omitzero"`
}

func (r *CreateWidgetRequest) validate(v *validator) { r.check(v, "") }

// check reports the problems of a new widget, its fields under prefix
// ("create[2]." in BulkWidgets).
func (r *CreateWidgetRequest) check(v *validator, prefix string) {
	positive(v, prefix+"dashboard", r.DashboardID)
	dashboardName(v, prefix+"name", r.Name)
	widgetEnums(v, prefix, r.ChartType, r.DataType, r.TimePeriod, r.AggregationFunction)
	widgetField(v, prefix, r.Field)
	switch r.ChartType {
	case ChartTypeLine, ChartTypeBar, ChartTypePie:
		if strings.TrimSpace(r.Field) == "" {
			v.add(prefix+"field", "is required for a %s chart: the field to plot, such as duration or call_ended_reason", r.ChartType)
		}
	case ChartTypeStat:
		statField(v, prefix, r.Field)
	}
	if r.ChartType == ChartTypeBar {
		if r.AggregationFunction == "" {
			v.add(prefix+"aggregation_function", "is required for a bar chart, such as count or avg")
		}
		if r.TimePeriod == "" {
			v.add(prefix+"time_period", "is required for a bar chart: hour, day, week or month")
		}
	}
	if r.Field == metricField && r.MetricID == 0 {
		v.add(prefix+"metric", "is required when field is %s: the id of the metric to plot", metricField)
	}
	positive(v, prefix+"metric", r.MetricID)
	if r.GroupBy != nil {
		r.GroupBy.check(v, prefix+"group_by")
	}
	if r.Filters != nil {
		r.Filters.check(v, prefix+"filters")
	}
	v.json(prefix+"metadata", r.Metadata)
}

func widgetEnums(v *validator, prefix string, chart ChartType, data WidgetDataType, period TimePeriod, agg AggregationFunction) {
	if !chart.Valid() {
		v.add(prefix+"chart_type", "%q is not one of line, bar, pie, stat", chart)
	}
	if !data.Valid() {
		v.add(prefix+"data_type", "%q is not one of numeric, boolean, string, datetime, dynamic", data)
	}
	if !period.Valid() {
		v.add(prefix+"time_period", "%q is not one of hour, day, week, month", period)
	}
	if !agg.Valid() {
		v.add(prefix+"aggregation_function", "%q is not one of %s", agg, joinValues(aggregationFunctions))
	}
}

func widgetField(v *validator, prefix, field string) {
	if n := utf8.RuneCountInString(field); n > maxNameLen {
		v.add(prefix+"field", "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

func statField(v *validator, prefix, field string) {
	if field != "" {
		v.add(prefix+"field", "must be empty for a stat chart, which shows total calls, success rate, average duration and p95 latency")
	}
}

// UpdateWidgetRequest is the body of Update (PATCH), and the changes of a
// BulkWidgetUpdate: only what is set is sent. Null() clears what the API
// lets be null.
type UpdateWidgetRequest struct {
	// DashboardID moves the widget to another dashboard.
	DashboardID         Opt[int64]               `json:"dashboard,omitzero" cekura:"nullable"`
	Name                Opt[string]              `json:"name,omitzero" cekura:"nullable"`
	ChartType           Opt[ChartType]           `json:"chart_type,omitzero"`
	Field               Opt[string]              `json:"field,omitzero"`
	DataType            Opt[WidgetDataType]      `json:"data_type,omitzero" cekura:"nullable"`
	MetricID            Opt[int64]               `json:"metric,omitzero" cekura:"nullable"`
	TimePeriod          Opt[TimePeriod]          `json:"time_period,omitzero" cekura:"nullable"`
	AggregationFunction Opt[AggregationFunction] `json:"aggregation_function,omitzero" cekura:"nullable"`
	GroupBy             Opt[WidgetGroupBy]       `json:"group_by,omitzero" cekura:"nullable"`
	// Filters replaces the widget's own filters, whole.
	Filters  Opt[CallLogFilter]   `json:"filters,omitzero" cekura:"nullable"`
	Metadata Opt[json.RawMessage] `json:"metadata,omitzero" cekura:"nullable"`
}

func (r *UpdateWidgetRequest) validate(v *validator) { r.check(v, "") }

// check reports the problems of the changes set, under prefix. What the
// widget already holds is unknown here: only the values set are checked,
// together.
func (r *UpdateWidgetRequest) check(v *validator, prefix string) {
	if id, ok := r.DashboardID.Get(); ok && id <= 0 {
		v.add(prefix+"dashboard", "must be a positive id, got %d", id)
	}
	if name, ok := r.Name.Get(); ok {
		dashboardName(v, prefix+"name", name)
	}
	chart, chartSet := r.ChartType.Get()
	if chartSet && chart == "" {
		v.add(prefix+"chart_type", "must not be empty: line, bar, pie or stat")
	}
	data, _ := r.DataType.Get()
	period, _ := r.TimePeriod.Get()
	agg, _ := r.AggregationFunction.Get()
	widgetEnums(v, prefix, chart, data, period, agg)
	field, fieldSet := r.Field.Get()
	widgetField(v, prefix, field)
	if chartSet && fieldSet {
		switch chart {
		case ChartTypeLine, ChartTypeBar, ChartTypePie:
			if strings.TrimSpace(field) == "" {
				v.add(prefix+"field", "must not be empty for a %s chart", chart)
			}
		case ChartTypeStat:
			statField(v, prefix, field)
		}
	}
	if id, ok := r.MetricID.Get(); ok && id <= 0 {
		v.add(prefix+"metric", "must be a positive id, got %d", id)
	}
	if field == metricField && r.MetricID.IsNull() {
		v.add(prefix+"metric", "is Null() while field is %s, which needs a metric", metricField)
	}
	if g, ok := r.GroupBy.Get(); ok {
		g.check(v, prefix+"group_by")
	}
	if f, ok := r.Filters.Get(); ok {
		f.check(v, prefix+"filters")
	}
	if m, ok := r.Metadata.Get(); ok {
		v.json(prefix+"metadata", m)
	}
}

// ListWidgetsParams filters List. Zero values are not sent.
type ListWidgetsParams struct {
	// Page is the 1-based page number (default 1).
	Page int `url:"page,omitempty"`
	// PageSize is the number of widgets per page (the API's default when
	// 0).
	PageSize int `url:"page_size,omitempty"`
	// DashboardID keeps the widgets of one dashboard.
	DashboardID int64 `url:"dashboard_id,omitempty"`
}

func (o *ListWidgetsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	positive(v, "dashboard_id", o.DashboardID)
}

// WidgetDataParams are the query of Data. Zero values are not sent.
type WidgetDataParams struct {
	// Filters replace the widget's own filters for this call (the
	// dashboard's still apply); sent as one JSON value.
	Filters *CallLogFilter `url:"filters,omitempty"`
}

func (o *WidgetDataParams) validate(v *validator) {
	if o.Filters != nil {
		o.Filters.check(v, "filters")
	}
}

// BulkWidgetDataRequest is the body of BulkData.
type BulkWidgetDataRequest struct {
	// WidgetIDs are the widgets to read; required.
	WidgetIDs []int64 `json:"widget_ids"`
	// Filters replace each widget's own filters for this call.
	Filters *CallLogFilter `json:"filters,omitzero"`
}

func (r *BulkWidgetDataRequest) validate(v *validator) {
	if len(r.WidgetIDs) == 0 {
		v.add("widget_ids", "is required: the ids of the widgets to read")
	}
	ids(v, "widget_ids", r.WidgetIDs)
	if r.Filters != nil {
		r.Filters.check(v, "filters")
	}
}

// WidgetData is a widget's chart data, as Data, PreviewData and BulkData
// return it. What Data holds depends on the chart type: for a line, bar or
// pie chart a list of points (Points reads them), for a stat chart the
// figures of the calls (Stat reads them).
type WidgetData struct {
	apiObject
	// WidgetID is the widget's id (0 for a preview).
	WidgetID  int64     `json:"widget_id"`
	FieldName string    `json:"field_name"`
	ChartType ChartType `json:"chart_type"`
	// Data is the chart's data as the API sent it. The description types
	// it as a list of objects, and its text sends a stat chart's as one
	// object: Points and Stat read both.
	Data                json.RawMessage     `json:"data"`
	AggregationFunction AggregationFunction `json:"aggregation_function"`
	TimePeriod          TimePeriod          `json:"time_period"`
	GroupBy             *WidgetGroupBy      `json:"group_by"`
	// CanGroupBy reports whether the widget's data can be grouped.
	CanGroupBy bool               `json:"can_group_by,omitzero"`
	Metadata   WidgetDataMetadata `json:"metadata"`
}

// UnmarshalJSON decodes widget data tolerantly.
func (d *WidgetData) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

// Points returns the points of a line, bar or pie chart, in the API's
// order; nil for a stat chart, or when Data is not a list. A point that is
// not an object is left out.
func (d *WidgetData) Points() []*WidgetPoint {
	var points []*WidgetPoint
	if d == nil || d.ChartType == ChartTypeStat || !isJSONArray(d.Data) || decodeInto(d.Data, &points) != nil {
		return nil
	}
	return slices.DeleteFunc(points, func(p *WidgetPoint) bool { return p == nil })
}

// Stat returns the figures of a stat chart: Data as an object, or a stat
// chart's first object of a list; nil for another chart, or when there is
// none.
func (d *WidgetData) Stat() *WidgetStat {
	if d == nil {
		return nil
	}
	raw := d.Data
	if isJSONArray(raw) {
		if d.ChartType != ChartTypeStat {
			return nil
		}
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
			return nil
		}
		raw = items[0]
	}
	var s WidgetStat
	if !isJSONObject(raw) || decodeInto(raw, &s) != nil {
		return nil
	}
	return &s
}

// isJSONArray reports whether b starts a JSON array.
func isJSONArray(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '['
}

// WidgetPoint is one point of a line, bar or pie chart. Which fields are
// set depends on the chart: a line chart's points are calls (ID,
// Timestamp, Value: the call's value of the field); a bar chart's are time
// periods (TimeInterval, its start; Value, the aggregate; SampleCount, the
// calls in it); a pie chart's are values of the field (Label, Value: the
// calls with it; Percentage, of all calls).
type WidgetPoint struct {
	apiObject
	// ID is a line chart point's call log id.
	ID        int64     `json:"id,omitzero"`
	Timestamp time.Time `json:"timestamp,omitzero"`
	// TimeInterval is the start of a bar chart's time period.
	TimeInterval time.Time `json:"time_interval,omitzero"`
	Label        string    `json:"label,omitzero"`
	// Value is a number for a bar or pie chart; a line chart's is the
	// field's value, a number, a boolean or a string (Number reads a
	// number).
	Value       any     `json:"value"`
	SampleCount int     `json:"sample_count,omitzero"`
	Percentage  float64 `json:"percentage,omitzero"`
}

// UnmarshalJSON decodes a point tolerantly.
func (p *WidgetPoint) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// Number returns Value as a number, and whether it is one (a boolean
// counts 1 or 0, as a chart plots it).
func (p *WidgetPoint) Number() (float64, bool) {
	if p == nil {
		return 0, false
	}
	rv := reflect.ValueOf(p.Value)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Bool:
		if rv.Bool() {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// WidgetStat is a stat chart's figures for the calls its filters keep.
type WidgetStat struct {
	apiObject
	TotalCalls int `json:"total_calls" cekura:"flex"`
	// SuccessRate is the share of the evaluated calls that succeeded, as
	// the API sends it.
	SuccessRate float64 `json:"success_rate"`
	// AvgDuration is the calls' mean duration, in seconds.
	AvgDuration float64 `json:"avg_duration"`
	// P95Latency is the 95th percentile of the agent's response latency,
	// in the API's unit.
	P95Latency float64 `json:"p95_latency"`
}

// UnmarshalJSON decodes a stat tolerantly.
func (s *WidgetStat) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// WidgetDataMetadata describes the data plotted.
type WidgetDataMetadata struct {
	// DisplayName is the field's name for people.
	DisplayName string `json:"display_name,omitzero"`
	// DataType is the field's data type as the API resolved it.
	DataType WidgetDataType `json:"data_type,omitzero"`
	// FilterValue is the value the data was filtered on (a metric's id),
	// or nil; decoded as encoding/json decodes an any.
	FilterValue any `json:"filter_value"`
}

// UnmarshalJSON decodes the metadata tolerantly.
func (m *WidgetDataMetadata) UnmarshalJSON(b []byte) error { return unmarshal(b, m) }

// Create adds a widget: POST /dashboards/widgets/ (201).
func (s *WidgetsService) Create(ctx context.Context, req *CreateWidgetRequest, opts ...Option) (*Widget, error) {
	return send[Widget](ctx, s.c, endpoint{method: http.MethodPost, path: widgetsPath, body: req}, opts)
}

// Get returns one widget: GET /dashboards/widgets/{id}/.
func (s *WidgetsService) Get(ctx context.Context, id int64, opts ...Option) (*Widget, error) {
	if err := checkID("widget", id); err != nil {
		return nil, err
	}
	return send[Widget](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(widgetsPath, id)}, opts)
}

// List returns one page of widgets: GET /dashboards/widgets/. params may be
// nil.
func (s *WidgetsService) List(ctx context.Context, params *ListWidgetsParams, opts ...Option) (*Page[Widget], error) {
	return list[Widget](ctx, s.c, endpoint{method: http.MethodGet, path: widgetsPath, query: params}, opts)
}

// All walks every widget lazily; see [AgentsService.All].
func (s *WidgetsService) All(ctx context.Context, params *ListWidgetsParams, opts ...Option) iter.Seq2[*Widget, error] {
	return all[Widget](ctx, s.c, endpoint{method: http.MethodGet, path: widgetsPath, query: params}, opts)
}

// Update changes what req sets: PATCH /dashboards/widgets/{id}/.
func (s *WidgetsService) Update(ctx context.Context, id int64, req *UpdateWidgetRequest, opts ...Option) (*Widget, error) {
	if err := checkID("widget", id); err != nil {
		return nil, err
	}
	return send[Widget](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(widgetsPath, id), body: req, update: true}, opts)
}

// Delete deletes a widget from its dashboard: DELETE
// /dashboards/widgets/{id}/. It cannot be undone.
func (s *WidgetsService) Delete(ctx context.Context, id int64, opts ...Option) error {
	if err := checkID("widget", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(widgetsPath, id)}, opts)
}

// GetData returns a saved widget's chart data: GET
// /dashboards/widgets/{id}/data/. params may be nil. The API needs a gt or
// gte condition on timestamp, over at most 30 days, in the dashboard's
// filters, the widget's or params.Filters, and answers 400 without one.
func (s *WidgetsService) GetData(ctx context.Context, id int64, params *WidgetDataParams, opts ...Option) (*WidgetData, error) {
	if err := checkID("widget", id); err != nil {
		return nil, err
	}
	e := endpoint{method: http.MethodGet, path: pathID(widgetsPath, id) + "data/"}
	if params != nil {
		e.query = params
	}
	return send[WidgetData](ctx, s.c, e, opts)
}

// PreviewData returns the chart data of a widget that is not saved: POST
// /dashboards/widgets/preview_data/. req is the widget, as for Create
// (DashboardID brings that dashboard's filters); nothing is stored. As
// for Data, a timestamp condition is needed.
func (s *WidgetsService) PreviewData(ctx context.Context, req *CreateWidgetRequest, opts ...Option) (*WidgetData, error) {
	return send[WidgetData](ctx, s.c, endpoint{method: http.MethodPost, path: widgetsPath + "preview_data/", body: req}, opts)
}

// GetBulkData returns the chart data of several widgets at once, one page of
// them: POST /dashboards/widgets/bulk_data/. params may be nil (the first
// page); the next page is the same request with the next Page, as the API
// pages a POST's answer.
func (s *WidgetsService) GetBulkData(ctx context.Context, req *BulkWidgetDataRequest, params *PageParams, opts ...Option) (*Page[WidgetData], error) {
	e := endpoint{method: http.MethodPost, path: widgetsPath + "bulk_data/", body: req}
	if params != nil {
		e.query = params
	}
	body, err := s.c.exec(ctx, e, opts)
	if err != nil {
		return nil, err
	}
	page, err := decodePage[WidgetData](e.path, body)
	if err != nil { // decodePage names a GET, the kit's lists
		return nil, fmt.Errorf("cekura: POST %s: decoding the page: %w", e.path, errors.Unwrap(err))
	}
	return page, nil
}
