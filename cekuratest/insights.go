package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Metric failure-mode insights and deep research insights. The fake audits
// the calls it holds: a call whose evaluation failed (one with neither a
// transcript nor a recording) is a failing call of every metric of its
// project. Audits move on the fake's clock, as runs do.
//
// The fake has one tenant: an item that records no project (a metric, an
// agent) belongs to any project asked for.

const (
	failureInsightsPath   = "/observability/v1/metric-failure-mode-insights/"
	failureCategoriesPath = failureInsightsPath + "categories/"
	researchInsightsPath  = "/observability/v1/deep-research-insights/"
)

// The fake's audit times and prices.
const (
	// insightTime is how long a failure-mode audit takes: pending for its
	// first third, then running.
	insightTime = 30 * time.Second
	// researchTime is how long a deep research audit takes, likewise.
	researchTime = 90 * time.Second
	// researchCredits is the flat price of a deep research audit (Cekura's
	// guide: "20 credits by default").
	researchCredits = 20
	// researchMinCalls is the fewest calls a deep research window needs
	// (the guide: "fewer than 5 calls in the window are skipped").
	researchMinCalls = 5
)

// The fake's failure mode, the one reason its calls fail.
const (
	fakeModeTitle = "Calls with nothing to evaluate"
	fakeModeSlug  = "calls-with-nothing-to-evaluate"
	fakeModeFix   = "Send each call's transcript or recording with it."
)

// insightState is the fake's insights and improvement sessions.
type insightState struct {
	failures   *store[failureInsight]
	categories *store[failureCategory]
	research   *store[researchInsight]
	// dismissed are the deep research mode titles dismissed, by project.
	dismissed        map[int64][]string
	agentSessions    *store[agentSession]
	scenarioSessions *store[scenarioSession]
}

// insightRoutes makes the insights' and sessions' stores and returns their
// routes, the categories' before the insights' (whose paths hold theirs).
func (s *Server) insightRoutes() []route {
	s.insights = insightState{failures: newStore[failureInsight](), categories: newStore[failureCategory](),
		research: newStore[researchInsight](), dismissed: map[int64][]string{},
		agentSessions: newStore[agentSession](), scenarioSessions: newStore[scenarioSession]()}
	return []route{s.failureCategoryRoute(), s.failureInsightRoute(), s.researchInsightRoute(),
		s.agentSessionRoute(), s.scenarioSessionRoute()}
}

// failureInsight is a stored failure-mode insight.
type failureInsight struct {
	id, project, metric int64
	metricName          string
	started             time.Time
	// settled is set once the audit has ended on the fake's clock: then
	// status and failing are fixed.
	settled time.Time
	status  string
	failing []int64 // the failing calls audited, newest first
	total   int     // the calls of the project evaluated in the window
}

// failureCategory is a stored persistent failure category of a metric.
type failureCategory struct {
	id, project, metric int64
	slug, name, desc    string
	assigned            []assignment
}

// assignment is one call of a category, and when it was assigned.
type assignment struct {
	call, agent int64
	at          time.Time
}

// researchInsight is a stored deep research insight.
type researchInsight struct {
	id, project      int64
	from, to         time.Time
	maxCalls         int64
	focus            string
	started, settled time.Time
	status           string
	calls            []int64 // the calls of the window, newest first
	failing          []int64
}

// inProjectOrAny reports whether an agent belongs to project: it is in it,
// records no project, or project is 0 (any). s.mu is held.
func (s *Server) inProjectOrAny(agentID, project int64) bool {
	if project == 0 {
		return true
	}
	a, ok := s.agents.get(agentID)
	return !ok || a.project == nil || *a.project == project
}

// projectMetrics are the metrics of a project (0: every metric), by id.
// s.mu is held.
func (s *Server) projectMetrics(project int64) []*metric {
	var out []*metric
	for _, id := range s.metrics.ids(func(m *metric) bool { return project == 0 || m.m.ProjectID == 0 || m.m.ProjectID == project }) {
		m, _ := s.metrics.get(id)
		out = append(out, m)
	}
	return out
}

// evaluatedCalls returns the ids of the project's calls evaluated by now
// in [from, to) (zero bounds: open), newest first, and those that failed.
// s.mu is held.
func (s *Server) evaluatedCalls(project int64, agents []int64, from, to, now time.Time) (all, failing []int64) {
	ids := s.calls.ids(nil)
	slices.Reverse(ids)
	for _, id := range ids {
		c, _ := s.calls.get(id)
		if !s.inProjectOrAny(c.agent, project) || (len(agents) > 0 && !slices.Contains(agents, c.agent)) ||
			(!from.IsZero() && c.received.Before(from)) || (!to.IsZero() && !c.received.Before(to)) {
			continue
		}
		r := c.render(now)
		if r.Success == nil {
			continue // not evaluated yet
		}
		all = append(all, id)
		if !*r.Success {
			failing = append(failing, id)
		}
	}
	return all, failing
}

// settleInsights ends the audits whose time has come: an audit with
// failing calls succeeds and files them under the metric's category, one
// without is skipped. s.mu is held.
func (s *Server) settleInsights(now time.Time) {
	for _, id := range s.insights.failures.ids(func(x *failureInsight) bool { return x.settled.IsZero() && now.Sub(x.started) >= insightTime }) {
		x, _ := s.insights.failures.get(id)
		x.settled = x.started.Add(insightTime)
		all, failing := s.evaluatedCalls(x.project, nil, x.started.Add(-24*time.Hour), x.started, x.settled)
		x.total, x.failing = len(all), failing
		if len(failing) == 0 {
			x.status = "skipped_no_failures"
			continue
		}
		x.status = "succeeded"
		cat := s.category(x.project, x.metric, fakeModeSlug)
		if cat == nil {
			cat = &failureCategory{project: x.project, metric: x.metric, slug: fakeModeSlug, name: fakeModeTitle,
				desc: "Calls that reached Cekura with neither a transcript nor a recording, so " + x.metricName + " could not pass them."}
			cat.id = s.insights.categories.insert(cat)
		}
		for _, call := range failing {
			if !slices.ContainsFunc(cat.assigned, func(a assignment) bool { return a.call == call }) {
				c, _ := s.calls.get(call)
				cat.assigned = append(cat.assigned, assignment{call: call, agent: c.agent, at: x.settled})
			}
		}
	}
	for _, id := range s.insights.research.ids(func(x *researchInsight) bool { return x.settled.IsZero() && now.Sub(x.started) >= researchTime }) {
		x, _ := s.insights.research.get(id)
		x.settled = x.started.Add(researchTime)
		all, failing := s.evaluatedCalls(x.project, nil, x.from, x.to, x.settled)
		if int64(len(all)) > x.maxCalls {
			all = all[:x.maxCalls]
		}
		x.calls, x.failing = all, slices.DeleteFunc(failing, func(id int64) bool { return !slices.Contains(all, id) })
		if len(all) < researchMinCalls {
			x.status = "skipped_not_enough_data"
			continue
		}
		x.status = "succeeded"
	}
}

// category returns the category of a project's metric by slug, or nil.
// s.mu is held.
func (s *Server) category(project, metric int64, slug string) *failureCategory {
	for _, id := range s.insights.categories.ids(nil) {
		c, _ := s.insights.categories.get(id)
		if c.project == project && c.metric == metric && c.slug == slug {
			return c
		}
	}
	return nil
}

// phase is an unsettled audit's status at now.
func phase(started, now time.Time, total time.Duration) string {
	if now.Sub(started) < total/3 {
		return "pending"
	}
	return "running"
}

// examples are a few of a list of call ids.
func examples(ids []int64) []int64 {
	return slices.Clone(ids[:min(len(ids), 3)])
}

func (s *Server) renderFailureInsight(x *failureInsight, now time.Time) *cekura.FailureInsight {
	out := &cekura.FailureInsight{ID: x.id, ProjectID: x.project, MetricID: x.metric, MetricName: x.metricName, IsTriage: true,
		WindowStart: x.started.Add(-24 * time.Hour), WindowEnd: x.started, Status: cekura.InsightStatus(phase(x.started, now, insightTime)),
		CreatedAt: x.started, UpdatedAt: x.started, FailureModes: cekura.FailureModes{}}
	if x.settled.IsZero() {
		return out
	}
	out.Status, out.UpdatedAt, out.DurationSeconds = cekura.InsightStatus(x.status), x.settled, insightTime.Seconds()
	out.NumCallsAnalyzed, out.TotalFailures = len(x.failing), len(x.failing)
	if x.status == "succeeded" {
		out.Headline = fmt.Sprintf("%d of %d calls failed %s: they had nothing to evaluate", len(x.failing), x.total, x.metricName)
		out.OverallStatusEmoji = "🔴"
		out.FailureModes = cekura.FailureModes{{Title: fakeModeTitle,
			Description: "The calls reached Cekura with neither a transcript nor a recording.", ExampleCallIDs: examples(x.failing)}}
	}
	return out
}

// researchAnswer is a deep research insight as the fake sends it: its
// failure modes a JSON string, as the description types them (the SDK
// reads a list too).
type researchAnswer struct {
	*cekura.ResearchInsight
	FailureModes string `json:"failure_modes"`
}

func (s *Server) researchAnswer(x *researchInsight, now time.Time) researchAnswer {
	out := s.renderResearchInsight(x, now)
	modes, _ := json.Marshal(out.FailureModes)
	return researchAnswer{ResearchInsight: out, FailureModes: string(modes)}
}

func (s *Server) renderResearchInsight(x *researchInsight, now time.Time) *cekura.ResearchInsight {
	out := &cekura.ResearchInsight{ID: x.id, ProjectID: x.project, WindowStart: x.from, WindowEnd: x.to, Focus: x.focus,
		Status: cekura.InsightStatus(phase(x.started, now, researchTime)), CreatedAt: x.started, UpdatedAt: x.started, FailureModes: cekura.FailureModes{}}
	if x.settled.IsZero() {
		return out
	}
	out.Status, out.UpdatedAt, out.DurationSeconds, out.NumCallsAnalyzed = cekura.InsightStatus(x.status), x.settled, researchTime.Seconds(), len(x.calls)
	if x.status == "succeeded" && len(x.failing) > 0 && !slices.Contains(s.insights.dismissed[x.project], fakeModeTitle) {
		out.FailureModes = cekura.FailureModes{{Title: fakeModeTitle, Severity: "high",
			Description:  fmt.Sprintf("%d of %d calls reached Cekura with neither a transcript nor a recording.", len(x.failing), len(x.calls)),
			SuggestedFix: fakeModeFix, ExampleCallIDs: examples(x.failing)}}
	}
	return out
}

// failureInsightRoute serves the insights, their dates, failure rates and
// bulk generation; failureCategoryRoute, before it, the categories.
func (s *Server) failureInsightRoute() route {
	return route{
		collection: failureInsightsPath,
		get: func(w http.ResponseWriter, _ *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			now := s.now()
			s.settleInsights(now)
			x, ok := s.insights.failures.get(id)
			if !ok {
				notFound(w)
				return
			}
			writeJSON(w, http.StatusOK, s.renderFailureInsight(x, now))
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"available_dates": get(s.availableDates),
			"failure-rates":   get(s.failureRates),
			"bulk_generate":   post(s.bulkGenerate),
		},
	}
}

// projectParam reads an optional tenant parameter: 0 when absent, or the
// 400 for a value that is not a positive id.
func projectParam(q url.Values, name string) (int64, errTree) {
	f := newFilter[struct{}](q)
	id, _ := f.int64(name)
	if id < 0 {
		f.bad.add(name, "Ensure this value is greater than or equal to 1.")
	}
	if len(f.bad) > 0 {
		return 0, f.bad
	}
	return id, nil
}

func (s *Server) availableDates(w http.ResponseWriter, r *http.Request, _ []byte) {
	project, bad := projectParam(r.URL.Query(), "project")
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleInsights(s.now())
	dates := []string{}
	for _, id := range s.insights.failures.ids(func(x *failureInsight) bool { return x.status == "succeeded" && (project == 0 || x.project == project) }) {
		x, _ := s.insights.failures.get(id)
		if d := x.settled.Format(time.DateOnly); !slices.Contains(dates, d) {
			dates = append(dates, d)
		}
	}
	slices.Sort(dates)
	slices.Reverse(dates)
	writeJSON(w, http.StatusOK, map[string]any{"dates": dates})
}

// insightFilters reads the date range and agents of the categories and
// failure rates.
func insightFilters(q url.Values) (from, to time.Time, agents []int64, bad errTree) {
	f := newFilter[struct{}](q)
	from, _ = dateParam(f, "date_from", false)
	to, _ = dateParam(f, "date_to", true)
	agents, _ = f.int64s("agent_ids", true)
	if len(f.bad) > 0 {
		return from, to, agents, f.bad
	}
	return from, to, agents, nil
}

// dateParam reads an ISO datetime, or a bare date (a whole day: its start,
// or with end the next day's).
func dateParam(f *queryFilter[struct{}], name string, end bool) (time.Time, bool) {
	v := f.q.Get(name)
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, true
	}
	return f.time(name)
}

func (s *Server) failureRates(w http.ResponseWriter, r *http.Request, _ []byte) {
	project, bad := projectParam(r.URL.Query(), "project")
	from, to, agents, bad2 := insightFilters(r.URL.Query())
	if bad == nil {
		bad = bad2
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all, failing := s.evaluatedCalls(project, agents, from, to, s.now())
	rates := []*cekura.MetricFailureRate{}
	for _, m := range s.projectMetrics(project) {
		rate := &cekura.MetricFailureRate{MetricID: m.m.ID, MetricName: m.m.Name, Failures: len(failing), EvaluatedCalls: len(all)}
		if len(all) > 0 {
			pct := 100 * float64(len(failing)) / float64(len(all))
			rate.Rate = &pct
		}
		rates = append(rates, rate)
	}
	writeJSON(w, http.StatusOK, map[string]any{"failure_rates": rates})
}

func (s *Server) bulkGenerate(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	var project int64
	if raw, ok := fields["project"]; !ok {
		errs.add("project", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("project", msg)
	} else {
		project = v
	}
	var names []string
	if raw, ok := fields["metric_names"]; ok && !isNull(raw) {
		if json.Unmarshal(raw, &names) != nil {
			errs.add("metric_names", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
		for i, n := range names {
			if utf8.RuneCountInString(n) > 255 {
				errs.nest("metric_names", errTree{fmt.Sprint(i): []string{"Ensure this field has no more than 255 characters."}})
			}
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	rows := []*cekura.FailureInsight{}
	for _, m := range s.projectMetrics(project) {
		if names != nil && !slices.Contains(names, m.m.Name) {
			continue
		}
		x := &failureInsight{project: project, metric: m.m.ID, metricName: m.m.Name, started: now}
		x.id = s.insights.failures.insert(x)
		rows = append(rows, s.renderFailureInsight(x, now))
	}
	// The description's answer (the request's own fields), and the rows
	// its text promises.
	s.finishWrite(w, r, http.StatusOK, map[string]any{"project": project, "metric_names": names, "insights": rows})
}

// failureCategoryRoute serves the persistent failure categories: the list,
// and a category's calls, fix-metric and delete, by slug.
func (s *Server) failureCategoryRoute() route {
	return route{
		collection: failureCategoriesPath,
		list:       s.listCategories,
		// Any slug routes to its actions, which check their scope before
		// they look for the category (id 0: none has the slug), as the
		// API's path pattern takes any slug.
		lookup: func(slug string) (int64, bool) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.settleInsights(s.now())
			for _, id := range s.insights.categories.ids(nil) {
				c, _ := s.insights.categories.get(id)
				if c.slug == slug {
					return id, true
				}
			}
			return 0, true
		},
		get: func(w http.ResponseWriter, _ *http.Request, _ int64) { notFound(w) }, // a category has no view of its own
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
			"calls":      s.categoryAction(http.MethodGet, s.categoryCalls),
			"fix-metric": s.categoryAction(http.MethodPost, s.fixCategoryMetric),
			"delete":     s.categoryAction(http.MethodDelete, s.deleteCategory),
		},
	}
}

// categoryAction checks an action's method and its scope (project and
// metric_id, both required), and finds the category of that slug in it.
func (s *Server) categoryAction(method string, h func(http.ResponseWriter, *http.Request, *failureCategory, []byte)) func(http.ResponseWriter, *http.Request, int64, []byte) {
	return func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
		if r.Method != method {
			methodNotAllowed(w, r.Method, method)
			return
		}
		f := newFilter[struct{}](r.URL.Query())
		project, hasProject := f.int64("project")
		metricID, hasMetric := f.int64("metric_id")
		for _, p := range []struct {
			key string
			id  int64
			has bool
		}{{"project", project, hasProject}, {"metric_id", metricID, hasMetric}} {
			switch {
			case f.bad[p.key] != nil:
			case !p.has:
				f.bad.add(p.key, msgRequired)
			case p.id < 1:
				f.bad.add(p.key, "Ensure this value is greater than or equal to 1.")
			}
		}
		if len(f.bad) > 0 {
			writeJSON(w, http.StatusBadRequest, f.bad)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		named, ok := s.insights.categories.get(id)
		if !ok {
			notFound(w)
			return
		}
		cat := s.category(project, metricID, named.slug)
		if cat == nil {
			notFound(w)
			return
		}
		h(w, r, cat, body)
	}
}

// renderCategory is a category as the list sends it, counting the
// assignments keep accepts.
func renderCategory(c *failureCategory, keep func(assignment) bool) (*cekura.FailureCategory, []int64) {
	var calls []int64
	for _, a := range c.assigned {
		if keep(a) {
			calls = append(calls, a.call)
		}
	}
	slices.Sort(calls)
	slices.Reverse(calls) // newest first
	return &cekura.FailureCategory{Slug: c.slug, Name: c.name, Description: c.desc, Count: len(calls), ExampleCallIDs: examples(calls)}, calls
}

// assignmentFilter keeps the assignments in [from, to) handled by agents
// (none: all).
func assignmentFilter(from, to time.Time, agents []int64) func(assignment) bool {
	return func(a assignment) bool {
		return (from.IsZero() || !a.at.Before(from)) && (to.IsZero() || a.at.Before(to)) && (len(agents) == 0 || slices.Contains(agents, a.agent))
	}
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	project, bad := projectParam(q, "project")
	metricID, bad2 := projectParam(q, "metric_id")
	from, to, agents, bad3 := insightFilters(q)
	for _, b := range []errTree{bad2, bad3} {
		if bad == nil {
			bad = b
		}
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleInsights(s.now())
	keep := assignmentFilter(from, to, agents)
	out := []*cekura.FailureCategory{}
	for _, id := range s.insights.categories.ids(func(c *failureCategory) bool {
		return (project == 0 || c.project == project) && (metricID == 0 || c.metric == metricID)
	}) {
		c, _ := s.insights.categories.get(id)
		if rendered, _ := renderCategory(c, keep); rendered.Count > 0 {
			out = append(out, rendered)
		}
	}
	slices.SortStableFunc(out, func(a, b *cekura.FailureCategory) int { return b.Count - a.Count })
	writeJSON(w, http.StatusOK, map[string]any{"categories": out})
}

func (s *Server) categoryCalls(w http.ResponseWriter, r *http.Request, c *failureCategory, _ []byte) {
	from, to, agents, bad := insightFilters(r.URL.Query())
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	_, calls := renderCategory(c, assignmentFilter(from, to, agents))
	if calls == nil {
		calls = []int64{}
	}
	writeJSON(w, http.StatusOK, &cekura.CategoryCalls{Count: len(calls), CallIDs: calls})
}

func (s *Server) fixCategoryMetric(w http.ResponseWriter, r *http.Request, _ *failureCategory, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	out := map[string]any{"feedback": "", "expected_value": true} // a pass, unless told otherwise
	if raw, ok := fields["failure_mode_index"]; !ok {
		errs.add("failure_mode_index", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("failure_mode_index", msg)
	} else if v < 0 {
		errs.add("failure_mode_index", "Ensure this value is greater than or equal to 0.")
	} else {
		out["failure_mode_index"] = v
	}
	if raw, ok := fields["feedback"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("feedback", msg)
		} else {
			out["feedback"] = v
		}
	}
	if raw, ok := fields["expected_value"]; ok {
		var v any
		_ = json.Unmarshal(raw, &v)
		switch v.(type) {
		case nil, bool, float64:
			out["expected_value"] = v
		default:
			errs.add("expected_value", "Enter true/false, a number, or null.")
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.finishWrite(w, r, http.StatusOK, out)
}

func (s *Server) deleteCategory(w http.ResponseWriter, r *http.Request, c *failureCategory, _ []byte) {
	s.insights.categories.remove(c.id)
	s.finishWrite(w, r, http.StatusNoContent, nil)
}

// researchInsightRoute serves the deep research insights.
func (s *Server) researchInsightRoute() route {
	render := func(x *researchInsight) any { return s.researchAnswer(x, s.now()) }
	settled := func(h func(http.ResponseWriter, *http.Request)) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.settleInsights(s.now())
			s.mu.Unlock()
			h(w, r)
		}
	}
	list := listArray(s, s.insights.research, s.researchFilter, render)
	item := getItem(s, s.insights.research, render)
	return route{
		collection: researchInsightsPath,
		list:       settled(list),
		get: func(w http.ResponseWriter, r *http.Request, id int64) {
			settled(func(w http.ResponseWriter, r *http.Request) { item(w, r, id) })(w, r)
		},
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if !s.insights.research.remove(id) {
				notFound(w)
				return
			}
			s.finishWrite(w, r, http.StatusNoContent, nil)
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"pricing": get(func(w http.ResponseWriter, r *http.Request, _ []byte) {
				if _, bad := projectParam(r.URL.Query(), "project"); bad != nil {
					writeJSON(w, http.StatusBadRequest, bad)
					return
				}
				writeJSON(w, http.StatusOK, &cekura.InsightPricing{Credits: researchCredits})
			}),
			"generate":     post(s.generateResearch),
			"dismiss_mode": post(s.dismissMode),
		},
	}
}

// researchFilter keeps the insights of the query's project, or with
// latest_only the project's newest report that succeeded.
func (s *Server) researchFilter(q url.Values) (func(*researchInsight) bool, errTree) {
	f := newFilter[researchInsight](q)
	project, _ := f.int64("project")
	latest, _ := f.boolean("latest_only")
	if project != 0 {
		f.keep(func(x *researchInsight) bool { return x.project == project })
	}
	if latest {
		var newest int64
		for _, id := range s.insights.research.ids(func(x *researchInsight) bool {
			return x.status == "succeeded" && (project == 0 || x.project == project)
		}) {
			newest = id
		}
		f.keep(func(x *researchInsight) bool { return x.id == newest })
	}
	return f.done()
}

func (s *Server) generateResearch(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	x := &researchInsight{maxCalls: 500}
	if raw, ok := fields["project"]; !ok {
		errs.add("project", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("project", msg)
	} else {
		x.project = v
	}
	days := int64(7)
	bounded := func(key string, lo, hi int64, dst *int64) {
		raw, ok := fields[key]
		if !ok {
			return
		}
		switch v, msg := integer(raw); {
		case msg != "":
			errs.add(key, msg)
		case v < lo:
			errs.add(key, fmt.Sprintf("Ensure this value is greater than or equal to %d.", lo))
		case v > hi:
			errs.add(key, fmt.Sprintf("Ensure this value is less than or equal to %d.", hi))
		default:
			*dst = v
		}
	}
	bounded("window_days", 1, 30, &days)
	bounded("max_calls", 10, 1000, &x.maxCalls)
	for key, dst := range map[string]*time.Time{"date_from": &x.from, "date_to": &x.to} {
		raw, ok := fields[key]
		if !ok || isNull(raw) {
			continue
		}
		var v string
		t, err := time.Time{}, json.Unmarshal(raw, &v)
		if err == nil {
			t, err = time.Parse(time.RFC3339, v)
		}
		if err != nil {
			errs.add(key, "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")
			continue
		}
		*dst = t.UTC()
	}
	if raw, ok := fields["focus"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("focus", msg)
		case utf8.RuneCountInString(v) > 2000:
			errs.add("focus", "Ensure this field has no more than 2000 characters.")
		default:
			x.focus = strings.TrimSpace(v)
		}
	}
	if len(errs) == 0 && x.from.IsZero() != x.to.IsZero() {
		errs.add("non_field_errors", "date_from and date_to must be sent together.")
	}
	if len(errs) == 0 && !x.from.IsZero() && !x.to.After(x.from) {
		errs.add("date_to", "date_to must be after date_from.")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.settleInsights(now)
	// An audit of the project already running is returned as it is.
	for _, id := range s.insights.research.ids(func(o *researchInsight) bool { return o.project == x.project && o.settled.IsZero() }) {
		running, _ := s.insights.research.get(id)
		s.finishWrite(w, r, http.StatusOK, s.researchAnswer(running, now))
		return
	}
	if x.from.IsZero() {
		x.from, x.to = now.AddDate(0, 0, -int(days)), now
	}
	x.started = now
	x.id = s.insights.research.insert(x)
	s.finishWrite(w, r, http.StatusOK, s.researchAnswer(x, now))
}

func (s *Server) dismissMode(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	out := &cekura.ResearchModeDismissal{}
	if raw, ok := fields["project"]; !ok {
		errs.add("project", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("project", msg)
	} else {
		out.ProjectID = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if raw, ok := fields["insight"]; ok {
		reference(errs, "insight", raw, func(id int64) bool { _, ok := s.insights.research.get(id); return ok }, &out.InsightID)
	}
	for _, f := range []struct {
		key      string
		max      int
		required bool
		dst      *string
	}{{"mode_title", 200, true, &out.ModeTitle}, {"mode_details", 0, false, &out.ModeDetails},
		{"mode_severity", 20, false, &out.ModeSeverity}, {"note", 0, false, &out.Note}} {
		raw, ok := fields[f.key]
		if !ok {
			if f.required {
				errs.add(f.key, msgRequired)
			}
			continue
		}
		switch v, msg := str(raw); {
		case msg != "":
			errs.add(f.key, msg)
		case f.required && strings.TrimSpace(v) == "":
			errs.add(f.key, msgBlank)
		case f.max > 0 && utf8.RuneCountInString(v) > f.max:
			errs.add(f.key, fmt.Sprintf("Ensure this field has no more than %d characters.", f.max))
		default:
			*f.dst = v
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if !slices.Contains(s.insights.dismissed[out.ProjectID], out.ModeTitle) {
		s.insights.dismissed[out.ProjectID] = append(s.insights.dismissed[out.ProjectID], out.ModeTitle)
	}
	// The answer keeps insight null when none was named.
	answer := map[string]any{"project": out.ProjectID, "insight": nil, "mode_title": out.ModeTitle,
		"mode_details": out.ModeDetails, "mode_severity": out.ModeSeverity, "note": out.Note}
	if out.InsightID != 0 {
		answer["insight"] = out.InsightID
	}
	s.finishWrite(w, r, http.StatusOK, answer)
}

// FailureInsights returns every stored failure-mode insight as the API
// would return it now, by id.
func (s *Server) FailureInsights() []*cekura.FailureInsight {
	return answers[failureInsight, cekura.FailureInsight](s, s.insights.failures, func(x *failureInsight) any {
		s.settleInsights(s.now())
		return s.renderFailureInsight(x, s.now())
	})
}

// ResearchInsights returns every stored deep research insight as the API
// would return it now, by id.
func (s *Server) ResearchInsights() []*cekura.ResearchInsight {
	return answers[researchInsight, cekura.ResearchInsight](s, s.insights.research, func(x *researchInsight) any {
		s.settleInsights(s.now())
		return s.researchAnswer(x, s.now())
	})
}
