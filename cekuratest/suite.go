package cekuratest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Tests as code: run_scenarios_json (and its dry run), end_calls, end_call
// and create_shareable_link_token.

// The fake's prices, in credits per run, for the dry run's estimated cost:
// estimated_cost = total_runs × (0.10 on the text channel, 0.50 on the
// others), rounded to the cent. total_runs is the sum over the cases of
// their frequency (the case's, else the defaults', else 1).
const (
	suiteVoiceRate = 0.50
	suiteTextRate  = 0.10
)

const suitesV2Path = "/test_framework/v2/scenarios/"

// suiteRoute serves the v2 twin of the scenarios path's run_scenarios_json.
func (s *Server) suiteRoute() route {
	return route{collection: suitesV2Path, actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
		"run_scenarios_json": post(s.runSuite),
	}}
}

// runSuite checks a suite with the SDK's own checks (cekura.ParseSuite,
// keyed by location as the API keys them), resolves its metrics for the
// agent, and answers the plan (dry_run=true) or starts a result.
func (s *Server) runSuite(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	var agentID int64
	if raw, ok := fields["agent_id"]; !ok {
		errs.add("agent_id", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("agent_id", msg)
	} else {
		agentID = v
	}
	channel := "voice"
	if raw, ok := fields["channel"]; ok {
		v, msg := choice(raw, []string{"voice", "text", "elevenlabs", "livekit_v2", "pipecat_v2"})
		if msg != "" {
			errs.add("channel", msg)
		}
		channel = v
	}
	var name string
	if raw, ok := fields["name"]; ok {
		v, msg := str(raw)
		if msg != "" {
			errs.add("name", msg)
		} else if utf8.RuneCountInString(v) > 255 {
			errs.add("name", "Ensure this field has no more than 255 characters.")
		}
		name = v
	}
	for _, k := range []string{"livekit_data", "pipecat_data"} {
		if raw, ok := fields[k]; ok {
			if _, bad := object(raw); len(bad) > 0 {
				errs.add(k, "Expected a dictionary of items.")
			}
		}
	}
	var suite *cekura.Suite
	spec, hasSpec := fields["spec"]
	_, hasFile := fields["file"]
	switch {
	case hasSpec == hasFile:
		errs.add("non_field_errors", "Provide exactly one of spec or file.")
	case hasFile:
		errs.add("file", "The fake reads spec only; upload the file's JSON as spec.")
	default:
		var err error
		suite, err = cekura.ParseSuite(spec)
		var ve *cekura.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				errs.add(p.Field, p.Message)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ag, ok := s.agents.get(agentID)
	if !ok && errs["agent_id"] == nil {
		errs.add("agent_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", agentID))
	}
	var plan *cekura.SuitePlan
	if suite != nil && ok {
		plan = s.planSuite(errs, ag, channel, suite)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": errs})
		return
	}
	if r.URL.Query().Get("dry_run") == "true" {
		writeJSON(w, http.StatusOK, map[string]any{"dry_run": true, "valid": true, "plan": plan})
		return
	}
	if name == "" {
		name = plan.SuiteName
	}
	now := s.now()
	res := &result{agent: agentID, name: name, runAsText: channel == "text", started: now, outcome: s.outcome}
	res.id = s.results.insert(res)
	if res.name == "" {
		res.name = "Result " + strconv.FormatInt(res.id, 10)
	}
	for _, c := range plan.Scenarios {
		// As the API, a case becomes a scenario for its runs; the fake
		// keeps none (the API removes them once no run needs them), so
		// that they never turn up in a listing or a run by tags.
		scenarioID := s.scenarios.insert(&scenario{})
		s.scenarios.remove(scenarioID)
		for range c.Frequency {
			rn := &run{result: res.id, scenario: scenarioID, scenarioName: c.Name}
			rn.id = s.runs.insert(rn)
			res.runs = append(res.runs, rn.id)
		}
	}
	s.unannouncedResults[res.id] = struct{}{}
	if !res.outcome.Never {
		s.dueAt(res.started.Add(res.outcome.Duration))
	}
	s.finishWrite(w, r, http.StatusOK, s.renderResult(res, now))
}

// planSuite resolves a checked suite for an agent: the defaults applied,
// metrics by id or slug (each must exist and be enabled for the agent:
// listed in its agents, or of its project with no agents listed),
// personalities and test profiles by mode. Inline ones create nothing.
func (s *Server) planSuite(errs errTree, ag *agent, channel string, suite *cekura.Suite) *cekura.SuitePlan {
	d := suite.Defaults
	if d == nil {
		d = &cekura.SuiteDefaults{}
	}
	plan := &cekura.SuitePlan{AgentID: ag.id, Channel: cekura.SuiteChannel(channel), ScenarioCount: len(suite.Scenarios)}
	if ag.project != nil {
		plan.ProjectID = *ag.project
	}
	if suite.Suite != nil {
		plan.SuiteName = suite.Suite.Name
	}
	defaultIDs := s.resolveMetrics(errs, ag, "defaults.metrics", d.Metrics)
	for i, c := range suite.Scenarios {
		at := "scenarios[" + strconv.Itoa(i) + "]"
		pc := &cekura.SuitePlanCase{Key: c.Key, Name: c.Name, Type: c.Type, Frequency: c.Frequency}
		if pc.Key == "" {
			pc.Key = c.Name
		}
		if pc.Type == "" {
			pc.Type = cekura.ScenarioTypeInstruction
		}
		if pc.Frequency == 0 {
			pc.Frequency = max(d.Frequency, 1)
		}
		pc.MetricIDs = slices.Clone(defaultIDs)
		for _, id := range s.resolveMetrics(errs, ag, at+".metrics", c.Metrics) {
			if !slices.Contains(pc.MetricIDs, id) {
				pc.MetricIDs = append(pc.MetricIDs, id)
			}
		}
		pc.Tags = c.Tags
		if pc.Tags == nil {
			pc.Tags = d.Tags
		}
		p := c.Personality
		if p == nil {
			p = d.Personality
		}
		pc.Personality = planPersonality(p)
		tp := c.TestProfile
		if tp == nil {
			tp = d.TestProfile
		}
		pc.TestProfile = planTestProfile(tp)
		plan.TotalRuns += pc.Frequency
		plan.Scenarios = append(plan.Scenarios, pc)
	}
	rate := suiteVoiceRate
	if channel == "text" {
		rate = suiteTextRate
	}
	plan.EstimatedCost = math.Round(float64(plan.TotalRuns)*rate*100) / 100
	return plan
}

func (s *Server) resolveMetrics(errs errTree, ag *agent, at string, refs []cekura.SuiteMetric) []int64 {
	var ids []int64
	for i, ref := range refs {
		where := at + "[" + strconv.Itoa(i) + "]"
		var m *metric
		if ref.ID != 0 {
			if m, _ = s.metrics.get(ref.ID); m == nil {
				errs.add(where, fmt.Sprintf("No metric with id %d.", ref.ID))
				continue
			}
		} else {
			found := s.metrics.ids(func(m *metric) bool { return m.m.Slug == ref.Slug })
			if len(found) == 0 {
				errs.add(where, fmt.Sprintf("No metric with slug %q.", ref.Slug))
				continue
			}
			m, _ = s.metrics.get(found[0])
		}
		enabled := slices.Contains(m.m.AgentIDs, ag.id) ||
			(len(m.m.AgentIDs) == 0 && ag.project != nil && m.m.ProjectID == *ag.project)
		if !enabled {
			errs.add(where, fmt.Sprintf("Metric %q is not enabled for agent %d, so it would not be evaluated.", m.m.Name, ag.id))
			continue
		}
		ids = append(ids, m.m.ID)
	}
	return ids
}

func planPersonality(p *cekura.SuitePersonality) *cekura.SuitePlanPersonality {
	switch {
	case p == nil:
		return &cekura.SuitePlanPersonality{Mode: cekura.SuiteModeProjectDefault}
	case p.ID != 0:
		return &cekura.SuitePlanPersonality{Mode: cekura.SuiteModeExisting, ID: p.ID, Name: "Personality " + strconv.FormatInt(p.ID, 10)}
	case p.Base != 0:
		return &cekura.SuitePlanPersonality{Mode: cekura.SuiteModeOverride, ID: p.Base, Name: cmpOr(p.Name, "Personality "+strconv.FormatInt(p.Base, 10))}
	}
	return &cekura.SuitePlanPersonality{Mode: cekura.SuiteModeInline, Name: cmpOr(p.Name, "Inline personality")}
}

func planTestProfile(p *cekura.SuiteTestProfile) *cekura.SuitePlanTestProfile {
	switch {
	case p == nil:
		return &cekura.SuitePlanTestProfile{Mode: cekura.SuiteModeProjectDefault, Sections: []string{}}
	case p.ID != 0:
		return &cekura.SuitePlanTestProfile{Mode: cekura.SuiteModeExisting, Sections: []string{}}
	}
	out := &cekura.SuitePlanTestProfile{Mode: cekura.SuiteModeInline, Sections: []string{}}
	if p.AgentVariables != nil {
		out.Sections = append(out.Sections, "agent_variables")
	}
	if p.CallerVariables != nil {
		out.Sections = append(out.Sections, "caller_variables")
	}
	return out
}

// endCalls ends a result's calls still in progress: they end cancelled.
func (s *Server) endCalls(w http.ResponseWriter, r *http.Request, id int64, _ []byte) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, ok := s.results.get(id)
	if !ok {
		notFound(w)
		return
	}
	now := s.now()
	if _, ended := res.phase(now); !ended {
		res.endedAt = now
		s.dueAt(now)
	}
	s.finishWrite(w, r, http.StatusOK, nil)
}

// endCall ends one run's call, if it is still in progress.
func (s *Server) endCall(w http.ResponseWriter, r *http.Request, id int64, _ []byte) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rn, ok := s.runs.get(id)
	if !ok {
		notFound(w)
		return
	}
	res, _ := s.results.get(rn.result)
	now := s.now()
	if st := s.renderRun(rn, res, now).Status; !st.Terminal() {
		rn.endedAt = now
	}
	s.finishWrite(w, r, http.StatusOK, nil)
}

// shareLink answers a token and a link to the result.
func (s *Server) shareLink(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	fields, bad := parseObject(body)
	if bad != nil && strings.TrimSpace(string(body)) != "" {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	if raw, ok := fields["expire_at"]; ok && !isNull(raw) {
		var at time.Time
		if json.Unmarshal(raw, &at) != nil {
			writeJSON(w, http.StatusBadRequest, errTree{"expire_at": []string{"Datetime has wrong format."}})
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.results.get(id); !ok {
		notFound(w)
		return
	}
	s.shareTokens++
	token := fmt.Sprintf("share-%d-%d", id, s.shareTokens)
	s.finishWrite(w, r, http.StatusOK, map[string]string{"token": token,
		"shareable_link": s.url + "/results/" + strconv.FormatInt(id, 10) + "?token=" + token})
}
