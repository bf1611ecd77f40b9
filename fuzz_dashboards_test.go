package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// widgetKeys are the fields a widget request's problems are keyed by (a
// filter's and a grouping's under their field).
var widgetKeys = []string{"dashboard", "name", "chart_type", "field", "data_type", "metric", "time_period", "aggregation_function",
	"group_by", "filters", "metadata", "request"}

// checkWidgetRefusal validates req: a refusal is a *ValidationError keyed
// by the request's fields; an acceptance encodes as encoding/json. It
// reports whether req was accepted.
func checkWidgetRefusal(t *testing.T, req any, update bool) bool {
	t.Helper()
	if err := validateRequest(req, update); err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalidRequest) {
			t.Fatalf("refused without a *ValidationError: %v", err)
		}
		for _, p := range ve.Problems {
			key, _, _ := strings.Cut(p.Field, ".")
			if !slices.Contains(widgetKeys, key) {
				t.Fatalf("a problem keyed %q: %v", p.Field, p)
			}
		}
		return false
	}
	got, err := marshal(req)
	want, werr := json.Marshal(req)
	if err != nil || werr != nil || string(got) != string(want) {
		t.Fatalf("encoder %s (%v) vs encoding/json %s (%v)", got, err, want, werr)
	}
	return true
}

// FuzzValidateWidget builds widgets from arbitrary values, their filters
// from arbitrary JSON: validation never panics, refuses with every problem
// keyed by a field of the request, accepts only what the description's
// rules allow (a bar chart's aggregation and period, no field on a stat
// chart, a metric for metric_evaluations.value), and what it accepts
// encodes as encoding/json.
func FuzzValidateWidget(f *testing.F) {
	f.Add("bar", "duration", "numeric", "day", "count", int64(3), int64(0), "field", "agent.id", int64(0),
		[]byte(`{"operator": "and", "conditions": [{"field": "timestamp", "op": "gte", "value": "now-7d"}]}`), []byte(`{"x": 1}`))
	f.Add("stat", "metric_evaluations.value", "", "", "", int64(-1), int64(-2), "bucket", "", int64(-5),
		[]byte(`{"operator": "xor", "conditions": [{}, null, {"field": "id", "op": "in", "value": 3, "operator": "or"}]}`), []byte(`{`))
	f.Add("", "", "money", "year", "median", int64(0), int64(7), "", "", int64(0), []byte(`{}`), []byte(nil))
	f.Fuzz(func(t *testing.T, chart, field, dataType, period, agg string, dashboard, metric int64, groupType, groupField string, interval int64, filter, metadata []byte) {
		var fl *CallLogFilter
		if len(filter) > 0 {
			fl = &CallLogFilter{}
			if decodeInto(bytes.Clone(filter), fl) != nil {
				fl = nil
			}
		}
		var group *WidgetGroupBy
		if groupType != "" {
			group = &WidgetGroupBy{Type: GroupByType(groupType), Field: groupField, Interval: interval}
		}
		create := &CreateWidgetRequest{DashboardID: dashboard, ChartType: ChartType(chart), Field: field, DataType: WidgetDataType(dataType),
			TimePeriod: TimePeriod(period), AggregationFunction: AggregationFunction(agg), MetricID: metric, GroupBy: group, Filters: fl}
		if json.Valid(metadata) {
			create.Metadata = metadata
		}
		if checkWidgetRefusal(t, create, false) {
			switch {
			case chart == "" || !ChartType(chart).Valid():
				t.Fatalf("accepted chart type %q", chart)
			case chart == "bar" && (agg == "" || period == ""):
				t.Fatalf("accepted a bar chart without its aggregation or period: %+v", create)
			case chart == "stat" && field != "":
				t.Fatalf("accepted a stat chart with a field: %+v", create)
			case field == metricField && metric <= 0:
				t.Fatalf("accepted %s without a metric", metricField)
			}
		}
		update := &UpdateWidgetRequest{ChartType: Some(ChartType(chart)), Field: Some(field), DataType: Some(WidgetDataType(dataType)),
			TimePeriod: Some(TimePeriod(period)), AggregationFunction: Some(AggregationFunction(agg)), MetricID: Some(metric)}
		if fl != nil {
			update.Filters = Some(*fl)
		} else {
			update.Filters = Null[CallLogFilter]()
		}
		if group != nil {
			update.GroupBy = Some(*group)
		}
		if checkWidgetRefusal(t, update, true) && (metric <= 0 || !ChartType(chart).Valid() || chart == "") {
			t.Fatalf("accepted %+v", update)
		}
		bulk := &BulkWidgetsRequest{Create: []*CreateWidgetRequest{create}, Update: []*BulkWidgetUpdate{{ID: dashboard, UpdateWidgetRequest: *update}},
			DeleteIDs: []int64{metric}}
		if err := validateRequest(bulk, false); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("refused without a *ValidationError: %v", err)
			}
			for _, p := range ve.Problems {
				if !strings.HasPrefix(p.Field, "create[0]") && !strings.HasPrefix(p.Field, "update[0]") && p.Field != "delete" {
					t.Fatalf("a bulk problem keyed %q", p.Field)
				}
			}
		}
	})
}

// FuzzDecodeWidgetData decodes arbitrary bodies as widget data: a JSON
// object always decodes, and reading its points or its stat never panics
// nor yields a nil point.
func FuzzDecodeWidgetData(f *testing.F) {
	f.Add([]byte(widgetDataJSON))
	f.Add([]byte(`{"chart_type": "stat", "data": {"total_calls": "12", "success_rate": "x"}, "group_by": {"type": 3}}`))
	f.Add([]byte(`{"chart_type": "stat", "data": [[], {"total_calls": 1}]}`))
	f.Add([]byte(`{"data": [null, 1, {"value": [1, {"a": null}], "timestamp": 5}], "metadata": []}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var d WidgetData
		err := decodeInto(bytes.Clone(body), &d)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		if isJSONObject(body) && err != nil {
			t.Fatalf("refused a JSON object: %v", err)
		}
		for _, p := range d.Points() {
			if p == nil {
				t.Fatalf("a nil point from %q", body)
			}
			_, _ = p.Number()
		}
		if s := d.Stat(); s != nil && !isJSONObject(s.RawJSON()) {
			t.Fatalf("a stat read from something that is not an object: %q", body)
		}
	})
}
