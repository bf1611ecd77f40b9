package cekuratest

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/cekura-go/cekura"
)

// Alerts: their review, summaries written on the fake's clock, and fire
// counts. An alert is added with AddAlert; it fires, in the fake, at the
// end of each evaluation of a call of its project's agents that failed the
// metric it watches. The API's description gives these operations the
// schema of an alert, which their texts contradict (see
// cekura.AlertsService); where the texts name no keys, the fake's answers
// use keys of its own, documented on each handler.

const alertsPath = "/observability/v1/alerts/"

// summaryTime is how long the fake takes to write an alert's summary.
const summaryTime = 10 * time.Second

// observability is the fake's state for call-log jobs and alerts.
type observability struct {
	seq       int
	creations map[string]*scenarioCreation
	alerts    *store[alert]
	summaries map[string]*alertSummary
}

// observability returns the state, made on first use; s.mu is held.
func (s *Server) observability() *observability {
	if s.obs == nil {
		s.obs = &observability{creations: map[string]*scenarioCreation{}, alerts: newStore[alert](), summaries: map[string]*alertSummary{}}
	}
	return s.obs
}

// Alert is an alert for AddAlert: it watches a metric of the calls of a
// project's agents, and fires when the metric fails.
type Alert struct {
	// Name is the alert's name.
	Name string
	// ProjectID is the project whose agents' calls it watches (the
	// agents' ProjectID).
	ProjectID int64
	// MetricID is the metric it watches; 0 for 1, the metric the fake
	// evaluates every call with ("Call Success", which fails a call that
	// has neither a transcript nor a recording).
	MetricID int64
}

type alert struct {
	Alert
	id      int64
	created time.Time
}

// AddAlert adds an alert to the fake, as Cekura's dashboard does, and
// returns its id. It fires at the end of each evaluation, from then on, of
// a call whose agent is in a.ProjectID and that failed a.MetricID.
func (s *Server) AddAlert(a Alert) int64 {
	if a.MetricID == 0 {
		a.MetricID = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	al := &alert{Alert: a, created: s.now()}
	al.id = s.observability().alerts.insert(al)
	return al.id
}

// fire is one time an alert fired.
type fire struct {
	call int64
	at   time.Time
}

// fires returns an alert's fires from since to now, oldest first; s.mu is
// held.
func (s *Server) fires(al *alert, since, now time.Time) []fire {
	var out []fire
	for _, id := range s.calls.ids(nil) {
		c, _ := s.calls.get(id)
		at := c.evalStart.Add(evaluationTime)
		if at.After(now) || at.Before(since) || at.Before(al.created) || s.agentProject(c.agent) != al.ProjectID {
			continue
		}
		ev := c.evaluated(now).Evaluation
		if ev != nil && slices.ContainsFunc(ev.Metrics, func(m cekura.MetricScore) bool { return m.ID == al.MetricID && m.Failed() }) {
			out = append(out, fire{call: id, at: at})
		}
	}
	slices.SortStableFunc(out, func(a, b fire) int { return a.at.Compare(b.at) })
	return out
}

// agentProject is an agent's project (0 for none); s.mu is held.
func (s *Server) agentProject(id int64) int64 {
	if a, ok := s.agents.get(id); ok && a.project != nil {
		return *a.project
	}
	return 0
}

// hoursParam reads the hours of a query: default 24, capped at limit as
// the API caps the reviews' (0: no cap).
func hoursParam(q url.Values, limit int) (int, errTree) {
	v := q.Get("hours")
	if v == "" {
		return 24, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, errTree{"hours": []string{"A valid positive integer is required."}}
	}
	if limit > 0 {
		n = min(n, limit)
	}
	return n, nil
}

// window is the time a review covers, up to now, cut into buckets.
type window struct {
	since, now time.Time
	step       time.Duration
	n          int // buckets
}

// windowOf is the window of the last hours, with the API's buckets: an
// hour for 24 hours, 3 for 3 days, 6 for 7 days.
func windowOf(hours int, now time.Time) window {
	w := window{since: now.Add(-time.Duration(hours) * time.Hour), now: now, step: 6 * time.Hour}
	switch {
	case hours <= 24:
		w.step = time.Hour
	case hours <= 72:
		w.step = 3 * time.Hour
	}
	w.n = int((time.Duration(hours)*time.Hour + w.step - 1) / w.step)
	return w
}

// counts counts fires per bucket.
func (w window) counts(fires []fire) []int {
	counts := make([]int, w.n)
	for _, f := range fires {
		if i := int(f.at.Sub(w.since) / w.step); i >= 0 && i < w.n {
			counts[i]++
		}
	}
	return counts
}

// point is a bucket of a timeline.
type point struct {
	Start time.Time `json:"start"`
	Fires int       `json:"fires"`
}

// timeline is the buckets of the window with their counts.
func (w window) timeline(counts []int) []point {
	tl := make([]point, w.n)
	for i := range tl {
		tl[i] = point{w.since.Add(time.Duration(i) * w.step), counts[i]}
	}
	return tl
}

func (s *Server) alertRoute() route {
	return route{
		collection: alertsPath,
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"review":             get(s.reviewAlerts),
			"summarize_progress": get(s.alertSummaryProgress),
			"trigger_summary":    get(s.countAlertFires),
		},
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
			"review_detail": func(w http.ResponseWriter, r *http.Request, id int64, b []byte) {
				get(func(w http.ResponseWriter, r *http.Request, _ []byte) { s.reviewAlert(w, r, id) })(w, r, b)
			},
			"summarize": func(w http.ResponseWriter, r *http.Request, id int64, b []byte) {
				post(func(w http.ResponseWriter, r *http.Request, body []byte) { s.summarizeAlert(w, r, id, body) })(w, r, b)
			},
		},
	}
}

// alertFires is an alert in a review: its fires and their sparkline.
type alertFires struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Project   int64  `json:"project"`
	Fires     int    `json:"fires"`
	Sparkline []int  `json:"sparkline"`
}

// reviewAlerts answers the review of every alert (of project_id, when
// given): {hours, window_start, window_end, total_fires, alerts_fired,
// top_alert (or null), bucket_hours, timeline [{start, fires}], alerts
// [{id, name, project, fires, sparkline}]}, the fake's own keys.
func (s *Server) reviewAlerts(w http.ResponseWriter, r *http.Request, _ []byte) {
	q := r.URL.Query()
	hours, bad := hoursParam(q, 168)
	var project int64
	if v := q.Get("project_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad = errTree{"project_id": []string{msgInteger}}
		}
		project = n
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	win := windowOf(hours, s.now())
	out := struct {
		Hours       int          `json:"hours"`
		WindowStart time.Time    `json:"window_start"`
		WindowEnd   time.Time    `json:"window_end"`
		TotalFires  int          `json:"total_fires"`
		AlertsFired int          `json:"alerts_fired"`
		TopAlert    *alertFires  `json:"top_alert"`
		BucketHours int          `json:"bucket_hours"`
		Timeline    []point      `json:"timeline"`
		Alerts      []alertFires `json:"alerts"`
	}{Hours: hours, WindowStart: win.since, WindowEnd: win.now, BucketHours: int(win.step / time.Hour), Timeline: win.timeline(make([]int, win.n)),
		Alerts: []alertFires{}}
	o := s.observability()
	for _, id := range o.alerts.ids(func(a *alert) bool { return project == 0 || a.ProjectID == project }) {
		al, _ := o.alerts.get(id)
		fires := s.fires(al, win.since, win.now)
		spark := win.counts(fires)
		for i, c := range spark {
			out.Timeline[i].Fires += c
		}
		out.TotalFires += len(fires)
		if len(fires) > 0 {
			out.AlertsFired++
		}
		out.Alerts = append(out.Alerts, alertFires{ID: id, Name: al.Name, Project: al.ProjectID, Fires: len(fires), Sparkline: spark})
	}
	for i := range out.Alerts {
		if a := out.Alerts[i]; a.Fires > 0 && (out.TopAlert == nil || a.Fires > out.TopAlert.Fires) {
			out.TopAlert = &out.Alerts[i]
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// reviewAlert answers one alert's review: the alert's configuration (the
// description's AlertDetail keys), and the fake's own hours, timeline
// [{start, fires}] and fires, a page {count, next, previous, results
// [{call_log_id, fired_at}]} (page_size 50 by default, up to 200).
func (s *Server) reviewAlert(w http.ResponseWriter, r *http.Request, id int64) {
	q := r.URL.Query()
	hours, bad := hoursParam(q, 168)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	pageNo, size := 1, 50
	if v := q.Get("page_size"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			size = min(n, 200)
		}
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeJSON(w, http.StatusNotFound, detail("Invalid page."))
			return
		}
		pageNo = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	al, ok := s.observability().alerts.get(id)
	if !ok {
		notFound(w)
		return
	}
	win := windowOf(hours, s.now())
	fires := s.fires(al, win.since, win.now)
	tl := win.timeline(win.counts(fires))
	slices.Reverse(fires) // newest first
	pages := max(1, (len(fires)+size-1)/size)
	if pageNo > pages {
		writeJSON(w, http.StatusNotFound, detail("Invalid page."))
		return
	}
	type firedAt struct {
		CallLogID int64     `json:"call_log_id"`
		FiredAt   time.Time `json:"fired_at"`
	}
	results := []firedAt{}
	for _, f := range fires[(pageNo-1)*size : min(pageNo*size, len(fires))] {
		results = append(results, firedAt{f.call, f.at})
	}
	link := func(p int) *string {
		if p < 1 || p > pages {
			return nil
		}
		lq := cloneValues(q)
		lq.Set("page", strconv.Itoa(p))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: lq.Encode()}
		str := u.String()
		return &str
	}
	out := s.alertDetail(al)
	out["hours"] = hours
	out["timeline"] = tl
	out["fires"] = map[string]any{"count": len(fires), "next": link(pageNo + 1), "previous": link(pageNo - 1), "results": results}
	writeJSON(w, http.StatusOK, out)
}

// alertDetail is an alert as the description's AlertDetail has it; s.mu
// is held.
func (s *Server) alertDetail(al *alert) map[string]any {
	all := s.fires(al, al.created, s.now())
	var last any
	if len(all) > 0 {
		last = all[len(all)-1].at
	}
	metricName := "Call Success"
	if m, ok := s.metrics.get(al.MetricID); ok && al.MetricID != 1 {
		metricName = m.m.Name
	}
	return map[string]any{
		"id": al.id, "name": al.Name, "enabled": true, "project": al.ProjectID, "project_name": fmt.Sprintf("Project %d", al.ProjectID),
		"source_type": "metric", "source_id": al.MetricID, "source_object_name": metricName, "source_object_details": map[string]any{},
		"source": map[string]any{"sub_type": "normal"}, "threshold": map[string]any{}, "notifications": map[string]any{},
		"last_triggered_at": last, "trigger_count": len(all), "created_at": al.created, "updated_at": al.created,
		"last_updated_by": nil, "last_updated_by_email": "",
	}
}

// alertSummary is an alert's summary being written.
type alertSummary struct {
	id      string
	alert   int64
	hours   int
	fires   int
	latest  time.Time // the newest fire summarized
	started time.Time
}

// summarizeAlert starts a summary: {"progress_id"}. The same alert, window
// and newest fire within an hour gives the same summary, as the API caches
// it.
func (s *Server) summarizeAlert(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.observability()
	al, ok := o.alerts.get(id)
	if refused(w, ok, bad) {
		return
	}
	hours := 24
	if raw, ok := fields["hours"]; ok && !isNull(raw) {
		n, msg := integer(raw)
		if msg != "" || n < 1 {
			writeJSON(w, http.StatusBadRequest, errTree{"hours": []string{"Ensure this value is greater than or equal to 1."}})
			return
		}
		hours = int(min(n, 168))
	}
	now := s.now()
	fires := s.fires(al, now.Add(-time.Duration(hours)*time.Hour), now)
	var latest time.Time
	if len(fires) > 0 {
		latest = fires[len(fires)-1].at
	}
	for _, key := range slices.Sorted(maps.Keys(o.summaries)) {
		if sm := o.summaries[key]; sm.alert == id && sm.hours == hours && sm.latest.Equal(latest) && now.Sub(sm.started) < time.Hour {
			s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": sm.id})
			return
		}
	}
	o.seq++
	sm := &alertSummary{id: fmt.Sprintf("00000000-0000-4000-a000-%012d", o.seq), alert: id, hours: hours, fires: len(fires), latest: latest, started: now}
	o.summaries[sm.id] = sm
	s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": sm.id})
}

// alertSummaryProgress answers a summary's state: {progress_id, status}
// with status in_progress (the fake's word: the description names only the
// ends), completed with summary (the fake's key), or error with error (an
// alert that did not fire in the window has nothing to summarize).
func (s *Server) alertSummaryProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	id := r.URL.Query().Get("progress_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.observability()
	sm, ok := o.summaries[id]
	if !ok {
		writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{"Invalid progress_id."}})
		return
	}
	out := map[string]any{"progress_id": sm.id, "status": "in_progress"}
	switch al, _ := o.alerts.get(sm.alert); {
	case s.now().Sub(sm.started) < summaryTime:
	case sm.fires == 0:
		out["status"], out["error"] = "error", fmt.Sprintf("No fires to summarize in the last %d hours.", sm.hours)
	default:
		out["status"] = "completed"
		times := "times"
		if sm.fires == 1 {
			times = "time"
		}
		out["summary"] = fmt.Sprintf("%s fired %d %s in the last %d hours, each on a call that failed the metric it watches.",
			al.Name, sm.fires, times, sm.hours)
	}
	writeJSON(w, http.StatusOK, out)
}

// countAlertFires answers {"<alert id>": <fires>, …} for the alerts of
// project_id (required) in the window.
func (s *Server) countAlertFires(w http.ResponseWriter, r *http.Request, _ []byte) {
	q := r.URL.Query()
	hours, bad := hoursParam(q, 0)
	project, err := strconv.ParseInt(q.Get("project_id"), 10, 64)
	switch {
	case q.Get("project_id") == "":
		bad = errTree{"project_id": []string{msgRequired}}
	case err != nil:
		bad = errTree{"project_id": []string{msgInteger}}
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	o := s.observability()
	out := map[string]int{}
	for _, id := range o.alerts.ids(func(a *alert) bool { return a.ProjectID == project }) {
		al, _ := o.alerts.get(id)
		out[strconv.FormatInt(id, 10)] = len(s.fires(al, now.Add(-time.Duration(hours)*time.Hour), now))
	}
	writeJSON(w, http.StatusOK, out)
}
