package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzFakeWidgetWrites sends arbitrary bodies to the widget writes, the
// preview and the bulk operations, and an arbitrary data override: the
// fake answers 200, 201 or DRF's 400 with a JSON object, never a 500 or a
// panic, whatever the filters hold.
func FuzzFakeWidgetWrites(f *testing.F) {
	f.Add(0, `{"dashboard": 1, "chart_type": "bar", "field": "duration", "aggregation_function": "p95", "time_period": "week"}`)
	f.Add(1, `{"chart_type": "pie", "field": "metadata.region", "filters": {"operator": "or", "conditions": [{"field": "id", "op": "in", "value": [1, "2"]}, {"field": "topic", "op": "regex", "value": "(("}]}}`)
	f.Add(2, `{"create": [{"chart_type": "stat"}, 3], "update": [{"id": "1", "name": null}], "delete": [1, "x"]}`)
	f.Add(3, `{"widget_ids": [1, 1], "filters": {"field": "timestamp", "op": "gte", "value": "today-30d"}}`)
	f.Add(4, `{"operator": "same_row", "conditions": [{"field": "timestamp", "op": "gt", "value": "now-99999999999d"}]}`)
	f.Add(5, `{"name": "Copy", "filters": {"field": "duration", "op": "lte", "value": "1e400"}}`)
	s := NewServer()
	defer s.Close()
	s.mu.Lock()
	s.dash.dashboards.put(1, &dashboard{id: 1, filters: json.RawMessage(`{"field":"timestamp","op":"gte","value":"now-7d"}`)})
	one := int64(1)
	s.dash.widgets.put(1, &widget{id: 1, dashboard: &one, chartType: "stat"})
	s.dash.dashboards.nextID, s.dash.widgets.nextID = 2, 2
	s.mu.Unlock()
	f.Fuzz(func(t *testing.T, which int, body string) {
		method, path := "POST", widgetsPath
		switch ((which % 6) + 6) % 6 {
		case 1:
			path += "preview_data/"
		case 2:
			path = dashboardsPath + "1/bulk_widgets/"
		case 3:
			path += "bulk_data/"
		case 4:
			method, path, body = "GET", widgetsPath+"1/data/?filters="+url.QueryEscape(body), ""
		case 5:
			path = dashboardsPath
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set(keyHeader, s.APIKey())
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusBadRequest:
		default:
			t.Fatalf("%s %s %q: status %d", method, path, body, w.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("not a JSON object: %s", w.Body.Bytes())
		}
	})
}
