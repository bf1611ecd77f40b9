package cekuratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
)

// Widget data: the fake plots its own call logs (Calls.Send), filtered by
// the dashboard's and the widget's filters, as the API plots its call logs.
// What the fake's calls have:
//
//   - id, timestamp (when the call was sent, on the fake's clock),
//     call_ended_reason, customer_number, agent.id, agent.agent_name and
//     metadata.<key>, as sent;
//   - success: once evaluated (30 s after it was sent), as the call's
//     answer says; null before;
//   - duration: the end time of the transcript's last turn, in seconds;
//     null without a transcript;
//   - metric_evaluations.value: the fake scores every metric as its one
//     binary metric, Call Success: 1 when the call succeeded, 0 when not;
//   - is_reviewed false; dropoff_point and topic null.
//
// The charts: a line is a point per call that has the field (id,
// timestamp, value); a bar a point per time period with calls in it
// (time_interval, the period's start in UTC, weeks from Monday; value, the
// aggregate of the numeric values, booleans counting 1 and 0, rounded to
// 2 places; sample_count); a pie a point per value (label, value: the calls
// with it, percentage of the calls with the field, rounded to 1 place),
// the largest first; a stat {total_calls, success_rate (percent of the
// evaluated calls, 1 place), avg_duration (seconds, 2 places),
// p95_latency (always 0: the fake's calls have no latency)}. group_by is
// returned as given and not applied; can_group_by is false.

// filterFields are the call log fields a filter or a widget may name,
// besides metadata.<key>.
var filterFields = []string{"id", "success", "duration", "customer_number", "call_ended_reason", "dropoff_point", "topic",
	"timestamp", "is_reviewed", "agent.id", "agent.agent_name", "metric_evaluations.value"}

var filterOps = []string{"eq", "neq", "gt", "gte", "lt", "lte", "contains", "startswith", "endswith", "in", "isnull", "regex"}

func plotField(f string) bool {
	return slices.Contains(filterFields, f) || (strings.HasPrefix(f, "metadata.") && len(f) > len("metadata."))
}

// filterNode is a parsed filter: a condition (field, op, value) or a group
// (operator, conditions).
type filterNode struct {
	field, op  string
	value      any
	operator   string
	conditions []*filterNode
	re         *regexp.Regexp // op regex
}

// parseFilter reads a filters object as the API checks it; msg names the
// first problem and where it is. An empty object filters nothing (nil).
func parseFilter(raw json.RawMessage) (*filterNode, string) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil, "Value must be valid JSON."
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, "Expected a dictionary of filter conditions but got type \"" + jsonKind(normalize(v)) + "\"."
	}
	if len(obj) == 0 {
		return nil, ""
	}
	return parseNode(obj, "", 0)
}

// normalize turns json.Numbers into float64s, recursively.
func normalize(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = normalize(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = normalize(x)
		}
		return out
	}
	return v
}

func parseNode(obj map[string]any, at string, depth int) (*filterNode, string) {
	where := func(key string) string {
		if at == "" {
			return key
		}
		return at + "." + key
	}
	if depth > 32 {
		return nil, at + ": Filters nest too deep."
	}
	_, isGroup := obj["operator"]
	if _, ok := obj["conditions"]; ok {
		isGroup = true
	}
	_, hasField := obj["field"]
	_, hasOp := obj["op"]
	if isGroup && (hasField || hasOp) {
		msg := "A filter is a condition (field, op, value) or a group (operator, conditions), not both."
		if at != "" {
			msg = at + ": " + msg
		}
		return nil, msg
	}
	n := &filterNode{}
	if isGroup {
		op, _ := obj["operator"].(string)
		if !slices.Contains([]string{"and", "or", "same_row"}, op) {
			return nil, where("operator") + fmt.Sprintf(": %q is not a valid choice.", fmt.Sprint(obj["operator"]))
		}
		conds, ok := obj["conditions"].([]any)
		if !ok || len(conds) == 0 {
			return nil, where("conditions") + ": Expected a non-empty list of conditions."
		}
		n.operator = op
		for i, c := range conds {
			sub := where("conditions") + "[" + strconv.Itoa(i) + "]"
			m, ok := c.(map[string]any)
			if !ok || len(m) == 0 {
				return nil, sub + ": Expected a filter condition or group."
			}
			child, msg := parseNode(m, sub, depth+1)
			if msg != "" {
				return nil, msg
			}
			n.conditions = append(n.conditions, child)
		}
		return n, ""
	}
	n.field, _ = obj["field"].(string)
	if !plotField(n.field) {
		return nil, where("field") + fmt.Sprintf(": %q is not a supported field.", fmt.Sprint(obj["field"]))
	}
	n.op, _ = obj["op"].(string)
	if !slices.Contains(filterOps, n.op) {
		return nil, where("op") + fmt.Sprintf(": %q is not a valid choice.", fmt.Sprint(obj["op"]))
	}
	raw, ok := obj["value"]
	if !ok {
		return nil, where("value") + ": " + msgRequired
	}
	n.value = normalize(raw)
	bad := ""
	switch n.op {
	case "in":
		if _, ok := n.value.([]any); !ok {
			bad = "Expected a list of values."
		}
	case "isnull":
		if _, ok := n.value.(bool); !ok {
			bad = msgBoolean
		}
	case "contains", "startswith", "endswith":
		if _, ok := n.value.(string); !ok {
			bad = msgString
		}
	case "regex":
		s, ok := n.value.(string)
		var err error
		if n.re, err = regexp.Compile(s); !ok || err != nil {
			bad = "Enter a valid regular expression."
		}
	}
	if n.field == "timestamp" && bad == "" && n.op != "isnull" && n.op != "in" {
		if _, ok := filterTime(n.value, time.Now()); !ok {
			bad = "Enter a valid date/time: an ISO 8601 time, or now or today with an offset such as now-7d."
		}
	}
	if bad != "" {
		return nil, where("value") + ": " + bad
	}
	return n, ""
}

// relativeTime is now or today, with an offset such as -7d or +1h.
var relativeTime = regexp.MustCompile(`^(now|today)(?:([+-])(\d+)([smhdw]))?$`)

// filterTime reads a filter's time: ISO 8601, or relative to now.
func filterTime(v any, now time.Time) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	if m := relativeTime.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		t := now.UTC()
		if m[1] == "today" {
			t = t.Truncate(24 * time.Hour)
		}
		if m[2] != "" {
			n, err := strconv.Atoi(m[3])
			if err != nil {
				return time.Time{}, false
			}
			unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[4]]
			d := time.Duration(n) * unit
			if m[2] == "-" {
				d = -d
			}
			t = t.Add(d)
		}
		return t, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// callRow is one call log as a widget sees it.
type callRow struct {
	id     int64
	at     time.Time
	values map[string]any // nil: the field is null
}

func (c *callRow) get(field string) any { return c.values[field] }

// callRows are the fake's calls, by id, as widgets see them. s.mu is held.
func (s *Server) callRows() []*callRow {
	now := s.now()
	var rows []*callRow
	for _, id := range s.calls.ids(nil) {
		c, _ := s.calls.get(id)
		r := c.render(now)
		row := &callRow{id: c.id, at: c.received, values: map[string]any{
			"id": float64(c.id), "timestamp": c.received, "is_reviewed": false, "agent.id": float64(c.agent),
		}}
		if r.Success != nil {
			row.values["success"] = *r.Success
			row.values["metric_evaluations.value"] = map[bool]float64{true: 1, false: 0}[*r.Success]
		}
		if len(c.transcript) > 0 {
			end := 0.0
			for _, t := range c.transcript {
				end = max(end, t.EndTime)
			}
			row.values["duration"] = end
		}
		if c.endedReason != "" {
			row.values["call_ended_reason"] = c.endedReason
		}
		if c.customerNumber != "" {
			row.values["customer_number"] = c.customerNumber
		}
		if a, ok := s.agents.get(c.agent); ok {
			row.values["agent.agent_name"] = a.name
		}
		var meta map[string]any
		if json.Unmarshal(c.metadata, &meta) == nil {
			for k, v := range meta {
				if v != nil {
					row.values["metadata."+k] = v
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// matches reports whether a call passes the filter (nil passes all).
func (n *filterNode) matches(c *callRow, now time.Time) bool {
	if n == nil {
		return true
	}
	if n.operator != "" {
		for _, sub := range n.conditions {
			ok := sub.matches(c, now)
			if n.operator == "or" && ok {
				return true
			}
			if n.operator != "or" && !ok {
				return false
			}
		}
		return n.operator != "or"
	}
	got := c.get(n.field)
	if n.op == "isnull" {
		return (got == nil) == n.value.(bool)
	}
	if got == nil {
		return false
	}
	switch n.op {
	case "eq":
		return equalValue(got, n.value, now)
	case "neq":
		return !equalValue(got, n.value, now)
	case "in":
		return slices.ContainsFunc(n.value.([]any), func(v any) bool { return equalValue(got, v, now) })
	case "contains", "startswith", "endswith", "regex":
		s := fmt.Sprint(got)
		want, _ := n.value.(string)
		switch n.op {
		case "contains":
			return strings.Contains(s, want)
		case "startswith":
			return strings.HasPrefix(s, want)
		case "endswith":
			return strings.HasSuffix(s, want)
		}
		return n.re.MatchString(s)
	}
	c2, ok := compareValue(got, n.value, now)
	if !ok {
		return false
	}
	switch n.op {
	case "gt":
		return c2 > 0
	case "gte":
		return c2 >= 0
	case "lt":
		return c2 < 0
	}
	return c2 <= 0 // lte
}

// compareValue orders a call's value against a filter's: numbers, times
// (the filter's read by filterTime) and strings.
func compareValue(got, want any, now time.Time) (int, bool) {
	switch g := got.(type) {
	case float64:
		w, ok := want.(float64)
		if !ok {
			if s, isStr := want.(string); isStr {
				f, err := strconv.ParseFloat(s, 64)
				w, ok = f, err == nil
			}
		}
		if !ok {
			return 0, false
		}
		return cmpFloat(g, w), true
	case time.Time:
		w, ok := filterTime(want, now)
		if !ok {
			return 0, false
		}
		return g.Compare(w), true
	case string:
		w, ok := want.(string)
		return strings.Compare(g, w), ok
	}
	return 0, false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func equalValue(got, want any, now time.Time) bool {
	if b, ok := got.(bool); ok {
		switch w := want.(type) {
		case bool:
			return b == w
		case string:
			p, ok := parseBoolParam(w)
			return ok && p == b
		}
		return false
	}
	c, ok := compareValue(got, want, now)
	if ok {
		return c == 0
	}
	return fmt.Sprint(got) == fmt.Sprint(want)
}

// maxDataRange is the widest timestamp range the API plots.
const maxDataRange = 30 * 24 * time.Hour

// timeRange finds the timestamp bounds every call must satisfy: gt/gte and
// lt/lte conditions reached through and groups. The API needs a lower
// bound, and at most 30 days to the upper one (or now).
func (n *filterNode) timeRange(now time.Time) (lo, hi time.Time) {
	hi = now
	var walk func(n *filterNode)
	walk = func(n *filterNode) {
		switch {
		case n == nil:
		case n.operator == "and" || n.operator == "same_row":
			for _, c := range n.conditions {
				walk(c)
			}
		case n.field == "timestamp":
			t, ok := filterTime(n.value, now)
			switch {
			case !ok:
			case (n.op == "gt" || n.op == "gte") && t.After(lo):
				lo = t
			case (n.op == "lt" || n.op == "lte") && t.Before(hi):
				hi = t
			}
		}
	}
	walk(n)
	return lo, hi
}

// plot computes a widget's data from the calls its effective filters
// keep, or the problem with its filters (the 400's message under
// "filters").
func (s *Server) plot(w *widget, override json.RawMessage) (*cekura.WidgetData, string) {
	now := s.now()
	node, msg := parseFilter(s.effectiveFilters(w, override))
	if msg != "" {
		return nil, msg
	}
	lo, hi := node.timeRange(now)
	switch {
	case lo.IsZero():
		return nil, "A gt or gte filter on timestamp is required: set one on the dashboard, the widget or in filters."
	case hi.Sub(lo) > maxDataRange:
		return nil, fmt.Sprintf("The timestamp range is %.0f days; at most 30 days can be plotted.", math.Ceil(hi.Sub(lo).Hours()/24))
	}
	var rows []*callRow
	for _, c := range s.callRows() {
		if node.matches(c, now) {
			rows = append(rows, c)
		}
	}
	slices.SortStableFunc(rows, func(a, b *callRow) int { return a.at.Compare(b.at) })
	out := &cekura.WidgetData{WidgetID: w.id, FieldName: w.field, ChartType: cekura.ChartType(w.chartType),
		GroupBy: &cekura.WidgetGroupBy{}, Metadata: cekura.WidgetDataMetadata{DisplayName: displayName(w.field), DataType: cekura.WidgetDataType(fieldType(w.field))}}
	if w.aggFunc != nil {
		out.AggregationFunction = cekura.AggregationFunction(*w.aggFunc)
	}
	if w.timePeriod != nil {
		out.TimePeriod = cekura.TimePeriod(*w.timePeriod)
	}
	if w.dataType != nil && *w.dataType != "" {
		out.Metadata.DataType = cekura.WidgetDataType(*w.dataType)
	}
	if w.groupBy != nil {
		_ = json.Unmarshal(w.groupBy, out.GroupBy)
	}
	if w.metric != nil {
		out.Metadata.FilterValue = *w.metric
		if m, ok := s.metrics.get(*w.metric); ok {
			out.Metadata.DisplayName = m.m.Name
		}
	}
	var data any
	switch w.chartType {
	case "line":
		data = linePoints(rows, w.field)
	case "bar":
		data = barPoints(rows, w.field, derefString(w.timePeriod), derefString(w.aggFunc))
	case "pie":
		data = piePoints(rows, w.field)
	default:
		out.Metadata.DataType = cekura.WidgetDataTypeNumeric
		data = statFigures(rows)
	}
	out.Data, _ = json.Marshal(data)
	return out, ""
}

func displayName(field string) string {
	if field == "" {
		return "Calls"
	}
	if k, ok := strings.CutPrefix(field, "metadata."); ok {
		return k
	}
	words := strings.FieldsFunc(field, func(r rune) bool { return r == '_' || r == '.' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func fieldType(field string) string {
	switch field {
	case "id", "duration", "agent.id", "metric_evaluations.value", "":
		return "numeric"
	case "success", "is_reviewed":
		return "boolean"
	case "timestamp":
		return "datetime"
	}
	if strings.HasPrefix(field, "metadata.") {
		return "dynamic"
	}
	return "string"
}

func linePoints(rows []*callRow, field string) []*cekura.WidgetPoint {
	out := []*cekura.WidgetPoint{}
	for _, r := range rows {
		if v := r.get(field); v != nil {
			out = append(out, &cekura.WidgetPoint{ID: r.id, Timestamp: r.at, Value: v})
		}
	}
	return out
}

// number is a value as a chart adds it up: numbers, and booleans as 1 or 0.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// periodStart is the start of a bar's time period, in UTC.
func periodStart(t time.Time, period string) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case "hour":
		return t.Truncate(time.Hour)
	case "week":
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return day
}

func barPoints(rows []*callRow, field, period, agg string) []*cekura.WidgetPoint {
	out := []*cekura.WidgetPoint{}
	var cur *cekura.WidgetPoint
	var values []float64
	flush := func() {
		if cur != nil {
			cur.Value = aggregate(agg, values, cur.SampleCount)
			out = append(out, cur)
		}
	}
	for _, r := range rows {
		v := r.get(field)
		if v == nil {
			continue
		}
		start := periodStart(r.at, period)
		if cur == nil || !cur.TimeInterval.Equal(start) {
			flush()
			cur, values = &cekura.WidgetPoint{TimeInterval: start}, nil
		}
		cur.SampleCount++
		if f, ok := number(v); ok {
			values = append(values, f)
		}
	}
	flush()
	return out
}

func aggregate(agg string, values []float64, count int) float64 {
	if agg == "count" {
		return float64(count)
	}
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	var r float64
	switch agg {
	case "sum":
		r = sum
	case "avg":
		r = sum / float64(len(values))
	case "min":
		r = sorted[0]
	case "max":
		r = sorted[len(sorted)-1]
	case "p50", "p95", "p99":
		p, _ := strconv.Atoi(agg[1:])
		r = sorted[max(0, int(math.Ceil(float64(p)/100*float64(len(sorted))))-1)]
	}
	return round(r, 2)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func piePoints(rows []*callRow, field string) []*cekura.WidgetPoint {
	counts := map[string]int{}
	total := 0
	for _, r := range rows {
		if v := r.get(field); v != nil {
			label := fmt.Sprint(v)
			if t, ok := v.(time.Time); ok {
				label = t.Format(time.RFC3339)
			}
			counts[label]++
			total++
		}
	}
	out := []*cekura.WidgetPoint{}
	for label, n := range counts {
		out = append(out, &cekura.WidgetPoint{Label: label, Value: float64(n), Percentage: round(float64(n)*100/float64(total), 1)})
	}
	slices.SortFunc(out, func(a, b *cekura.WidgetPoint) int {
		if c := cmpFloat(b.Value.(float64), a.Value.(float64)); c != 0 {
			return c
		}
		return strings.Compare(a.Label, b.Label)
	})
	return out
}

func statFigures(rows []*callRow) *cekura.WidgetStat {
	out := &cekura.WidgetStat{TotalCalls: len(rows)}
	evaluated, succeeded, timed := 0, 0, 0
	total := 0.0
	for _, r := range rows {
		if ok, isBool := r.get("success").(bool); isBool {
			evaluated++
			if ok {
				succeeded++
			}
		}
		if d, ok := r.get("duration").(float64); ok {
			total += d
			timed++
		}
	}
	if evaluated > 0 {
		out.SuccessRate = round(float64(succeeded)*100/float64(evaluated), 1)
	}
	if timed > 0 {
		out.AvgDuration = round(total/float64(timed), 2)
	}
	return out
}

// widgetData answers GET /dashboards/widgets/{id}/data/, with the filters
// query parameter (a JSON object) in place of the widget's own filters.
func (s *Server) widgetData(w http.ResponseWriter, r *http.Request, id int64) {
	var override json.RawMessage
	if q := r.URL.Query().Get("filters"); q != "" {
		if _, msg := parseFilter(json.RawMessage(q)); msg != "" {
			writeJSON(w, http.StatusBadRequest, errTree{"filters": []string{msg}})
			return
		}
		override = compact(json.RawMessage(q))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.dash.widgets.get(id)
	if !ok {
		notFound(w)
		return
	}
	data, msg := s.plot(x, override)
	if msg != "" {
		writeJSON(w, http.StatusBadRequest, errTree{"filters": []string{msg}})
		return
	}
	writeJSON(w, http.StatusOK, data)
}

// previewWidgetData answers POST /dashboards/widgets/preview_data/: the
// body is a widget, checked as a create is, and plotted without being
// stored.
func (s *Server) previewWidgetData(w http.ResponseWriter, _ *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x := &widget{}
	if errs := x.apply(s, fields, false, 0); len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	data, msg := s.plot(x, nil)
	if msg != "" {
		writeJSON(w, http.StatusBadRequest, errTree{"filters": []string{msg}})
		return
	}
	writeJSON(w, http.StatusOK, data)
}

// bulkWidgetData answers POST /dashboards/widgets/bulk_data/: a page of
// the data of the widgets named, in the order named.
func (s *Server) bulkWidgetData(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	var ids []int64
	raw, ok := fields["widget_ids"]
	switch {
	case !ok:
		errs.add("widget_ids", msgRequired)
	case json.Unmarshal(raw, &ids) != nil:
		errs.add("widget_ids", "Expected a list of items but got type \""+rawKind(raw)+"\".")
	}
	var override json.RawMessage
	if f, ok := fields["filters"]; ok && !isNull(f) {
		override = checkedFilters(errs, "filters", f)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	pr, ok := s.parsePage(w, r.URL.Query())
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*cekura.WidgetData, 0, len(ids))
	for _, id := range ids {
		x, ok := s.dash.widgets.get(id)
		if !ok {
			errs.add("widget_ids", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			continue
		}
		data, msg := s.plot(x, override)
		if msg != "" {
			errs.add("filters", fmt.Sprintf("widget %d: %s", id, msg))
			continue
		}
		out = append(out, data)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	index := make([]int64, len(out))
	for i := range index {
		index[i] = int64(i)
	}
	writePage(w, r, pr, index, func(i int64) any { return out[i] })
}
