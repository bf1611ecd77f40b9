package cekuratest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
)

// The testing loop of the fake: scenarios, generation, run triggers, and
// results and runs that move through their statuses on the fake's clock.

const (
	scenariosPath = "/test_framework/v1/scenarios/"
	resultsPath   = "/test_framework/v2/results/"
	runsPath      = "/test_framework/v2/runs/"
)

// Outcome scripts how the tests started after Script end.
type Outcome struct {
	// Duration is how long the runs take on the fake's clock (default
	// 30 s): pending for the first third, running for the second,
	// evaluating for the last.
	Duration time.Duration
	// Fail maps scenario ids to the reason their runs fail their evaluation.
	Fail map[int64]string
	// FailNamed maps scenario names to the reason their runs fail: the
	// runs of a suite's case (Tests.RunSuite) carry the case's name, and
	// its scenario exists only for the run.
	FailNamed map[string]string
	// Status ends the result with another terminal status than completed:
	// cekura.RunStatusFailed (the infrastructure failed), RunStatusTimeout or
	// RunStatusCancelled. Its runs end the same way.
	Status cekura.RunStatus
	// Never leaves the runs running for ever.
	Never bool
}

// Script sets how the tests started from now on end (by default every run
// passes after 30 s of the fake's clock).
func (s *Server) Script(o Outcome) {
	if o.Duration <= 0 {
		o.Duration = 30 * time.Second
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcome = o
}

// Advance moves the fake's clock forward by d. The clients of Client move
// it by every wait between their polls, so a test's Results.Wait sees its
// runs finish without real time passing.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
	s.announce()
}

type scenario struct {
	id, agent, project, personality int64
	testProfile                     int64
	name, scenarioType              string
	instructions, expected, first   string
	folder                          string
	tags                            []string
	metrics                         []int64
	toolIDs                         []string
	// mockEntries are the calls of the agent's mock tools the scenario
	// expects (generated_mock_tool_entries), as written.
	mockEntries          []cekura.MockToolEntry
	createdAt, updatedAt time.Time
}

func (sc *scenario) render() *cekura.Scenario {
	return &cekura.Scenario{
		ID: sc.id, Name: sc.name, AgentID: sc.agent, ProjectID: sc.project, PersonalityID: sc.personality,
		ScenarioType: cekura.ScenarioType(sc.scenarioType), Instructions: sc.instructions,
		ExpectedOutcomePrompt: sc.expected, FirstMessage: sc.first, FolderPath: sc.folder,
		Tags: slices.Clone(sc.tags), MetricIDs: slices.Clone(sc.metrics), TestProfileID: sc.testProfile,
		ToolIDs: slices.Clone(sc.toolIDs), GeneratedMockToolEntries: slices.Clone(sc.mockEntries),
		SuiteType: cekura.SuiteTypeUndefined, CreatedAt: sc.createdAt, UpdatedAt: sc.updatedAt,
	}
}

// clone copies sc with its own lists.
func (sc *scenario) clone() *scenario {
	c := *sc
	c.tags, c.metrics, c.toolIDs, c.mockEntries = slices.Clone(sc.tags), slices.Clone(sc.metrics), slices.Clone(sc.toolIDs), slices.Clone(sc.mockEntries)
	return &c
}

// mockToolEntries reads generated_mock_tool_entries: a list of {tool_id,
// tool_name, new_entry: {input, output}}, or null for none.
func mockToolEntries(errs errTree, raw json.RawMessage) ([]cekura.MockToolEntry, bool) {
	if isNull(raw) {
		return nil, true
	}
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		errs.add("generated_mock_tool_entries", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return nil, false
	}
	entries := make([]cekura.MockToolEntry, 0, len(items))
	ok := true
	for i, it := range items {
		var e cekura.MockToolEntry
		id, msg := integer(it["tool_id"])
		if it["tool_id"] == nil {
			msg = msgRequired
		}
		if msg != "" {
			errs.nest("generated_mock_tool_entries", errTree{strconv.Itoa(i): errTree{"tool_id": []string{msg}}})
			ok = false
			continue
		}
		e.ToolID = id
		e.ToolName, _ = str(it["tool_name"])
		if ne, _ := object(it["new_entry"]); ne != nil {
			_ = json.Unmarshal(ne["input"], &e.NewEntry.Input)
			_ = json.Unmarshal(ne["output"], &e.NewEntry.Output)
		}
		entries = append(entries, e)
	}
	return entries, ok
}

// apply applies a scenario body with the API's rules.
func (sc *scenario) apply(s *Server, fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	get := func(k string) (json.RawMessage, bool) { raw, ok := fields[k]; return raw, ok }
	if raw, ok := get("name"); ok {
		if v, msg := str(raw); msg != "" {
			errs.add("name", msg)
		} else if strings.TrimSpace(v) == "" {
			errs.add("name", msgBlank)
		} else {
			sc.name = v
		}
	} else if !partial {
		errs.add("name", msgRequired)
	}
	if raw, ok := get("personality"); ok {
		if v, msg := integer(raw); msg != "" {
			errs.add("personality", msg)
		} else {
			sc.personality = v
		}
	} else if !partial {
		errs.add("personality", msgRequired)
	}
	if raw, ok := get("agent"); ok {
		reference(errs, "agent", raw, s.isAgent, &sc.agent)
	}
	if raw, ok := get("assistant_id"); ok {
		if id := s.agentByAssistant(raw); id == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		} else {
			sc.agent = id
		}
	}
	if raw, ok := get("project"); ok {
		reference(errs, "project", raw, nil, &sc.project)
	}
	if !partial && sc.agent == 0 && sc.project == 0 {
		errs.add("non_field_errors", "Either agent or project must be provided.")
	}
	if raw, ok := get("test_profile"); ok {
		reference(errs, "test_profile", raw, s.isTestProfile, &sc.testProfile)
	}
	if raw, ok := get("scenario_type"); ok {
		if v, msg := choice(raw, []string{"instruction", "conditional_actions"}); msg != "" {
			errs.add("scenario_type", msg)
		} else {
			sc.scenarioType = v
		}
	}
	for k, dst := range map[string]*string{"instructions": &sc.instructions, "expected_outcome_prompt": &sc.expected, "first_message": &sc.first} {
		if raw, ok := get(k); ok {
			if v, msg := str(raw); msg != "" {
				errs.add(k, msg)
			} else if k == "first_message" && utf8.RuneCountInString(v) > 1000 { // characters, as the API counts
				errs.add(k, "Ensure this field has no more than 1000 characters.")
			} else {
				*dst = v
			}
		}
	}
	if raw, ok := get("conditional_actions"); ok && !isNull(raw) {
		if _, bad := object(raw); len(bad) > 0 {
			errs.nest("conditional_actions", bad)
		} else {
			sc.instructions = string(raw)
		}
	}
	if raw, ok := get("folder_path"); ok {
		if isNull(raw) {
			sc.folder = ""
		} else if v, msg := str(raw); msg != "" {
			errs.add("folder_path", msg)
		} else {
			sc.folder = v
		}
	}
	if raw, ok := get("tags"); ok {
		if json.Unmarshal(raw, &sc.tags) != nil {
			errs.add("tags", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	if raw, ok := get("metrics"); ok {
		if json.Unmarshal(raw, &sc.metrics) != nil {
			errs.add("metrics", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	if raw, ok := get("tool_ids"); ok {
		if json.Unmarshal(raw, &sc.toolIDs) != nil {
			errs.add("tool_ids", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	if raw, ok := get("generated_mock_tool_entries"); ok {
		if entries, ok := mockToolEntries(errs, raw); ok {
			sc.mockEntries = entries
		}
	}
	if !partial && sc.instructions == "" && len(errs) == 0 {
		errs.add("instructions", msgRequired)
	}
	if sc.scenarioType == "" {
		sc.scenarioType = "instruction"
	}
	return errs
}

// result is a started test: its runs' ids, when it started and how it ends.
type result struct {
	// gated holds the runs pending while result.pre_trigger is sent: they
	// start when the hook has answered.
	gated     bool
	id, agent int64
	name      string
	runAsText bool
	started   time.Time
	runs      []int64
	outcome   Outcome
	// endedAt is when end_calls ended the result's calls still running.
	endedAt time.Time
	// evaluatedAt is when evaluate_metrics (or bulk_evaluate_metrics)
	// started evaluating the ended result again (results_actions.go).
	evaluatedAt time.Time
	// chat is the conversations of an API chat result, which end when the
	// caller ends them (chat.go).
	chat *chatResult
}

type run struct {
	id, result, scenario int64
	scenarioName         string
	// endedAt is when end_call ended this run's call.
	endedAt time.Time
}

// phase returns the status of a result's runs at now, and whether the
// result has ended.
func (r *result) phase(now time.Time) (cekura.RunStatus, bool) {
	if !r.endedAt.IsZero() && !now.Before(r.endedAt) {
		return cekura.RunStatusCancelled, true
	}
	if r.chat != nil {
		return r.chat.phase(r, now)
	}
	elapsed := now.Sub(r.started)
	d := r.outcome.Duration
	if !r.evaluatedAt.IsZero() && now.Before(r.evaluatedAt.Add(d/3)) {
		return cekura.RunStatusEvaluating, false
	}
	switch {
	case r.gated || elapsed < d/3:
		return cekura.RunStatusPending, false
	case elapsed < 2*d/3 || r.outcome.Never:
		return cekura.RunStatusRunning, false
	case elapsed < d:
		return cekura.RunStatusEvaluating, false
	case r.outcome.Status != "":
		return r.outcome.Status, true
	}
	return cekura.RunStatusCompleted, true
}

// renderRun is a run as the API returns it at now.
func (s *Server) renderRun(rn *run, res *result, now time.Time) *cekura.Run {
	status, ended := res.phase(now)
	executed := res.started.Add(res.outcome.Duration)
	if !res.endedAt.IsZero() && ended && status == cekura.RunStatusCancelled {
		executed = res.endedAt
	}
	if !rn.endedAt.IsZero() && !now.Before(rn.endedAt) && (!ended || executed.After(rn.endedAt)) {
		status, ended, executed = cekura.RunStatusCancelled, true, rn.endedAt
	}
	out := &cekura.Run{ID: rn.id, Status: status, ScenarioID: rn.scenario, ScenarioName: rn.scenarioName,
		AgentID: res.agent, ResultID: res.id, Timestamp: res.started, ResultName: res.name, RunAsText: res.runAsText}
	s.describeRun(out, rn, res)
	if !ended {
		return out
	}
	out.ExecutedAt = executed
	out.TraceID = fmt.Sprintf("%032x", rn.id) // the trace GET runs/{id}/trace/ answers once the run has ended
	if status != cekura.RunStatusCompleted {
		out.ErrorMessage = "The run ended " + string(status) + "."
		return out
	}
	pass := true
	reason, failing := res.outcome.Fail[rn.scenario]
	if !failing {
		reason, failing = res.outcome.FailNamed[rn.scenarioName]
	}
	metric := cekura.MetricScore{ID: 1, Name: "Expected Outcome", EvalType: "binary", Passed: &pass}
	if failing {
		no := false
		metric.Passed, metric.Explanation = &no, []string{reason}
	}
	out.Success = !failing
	out.Evaluation = &cekura.Evaluation{Metrics: []cekura.MetricScore{metric}}
	out.Transcript = "[00:00] Testing Agent: Hello\n[00:02] Main Agent: Hi, how can I help?"
	return out
}

// dialWindow is how long an outbound run waits for your agent's call (the
// description's example).
const dialWindow = 300 * time.Second

// describeRun adds what a run's agent, scenario and test profile say of it:
// their names and, for a voice run of an outbound agent (telephony.inbound
// false: your agent calls Cekura), the number to dial and the dial window,
// open from when the runs start. s.mu is held.
func (s *Server) describeRun(out *cekura.Run, rn *run, res *result) {
	a, ok := s.agents.get(res.agent)
	if ok {
		out.AgentName = a.name
	}
	if ok && !a.telephony.inbound && !res.runAsText && !res.gated && res.chat == nil {
		out.Number = inboundNumbers[int(rn.id)%len(inboundNumbers)].Number
		out.OutboundDialWindowOpensAt = res.started
		out.OutboundDialWindowSeconds = int(dialWindow / time.Second)
		out.OutboundDialWindowClosesAt = res.started.Add(dialWindow)
	}
	sc, ok := s.scenarios.get(rn.scenario)
	if !ok {
		return
	}
	out.ScenarioType = cekura.ScenarioType(sc.scenarioType)
	if p, ok := s.testProfiles.get(sc.testProfile); ok {
		data := &cekura.TestProfile{ID: p.id, Name: p.name}
		_ = json.Unmarshal(p.information, &data.Information) // stored valid; both shapes read
		out.TestProfileData, out.TestProfileName = data, p.name
	}
}

// renderResult is a result as the API returns it at now, with its runs.
func (s *Server) renderResult(res *result, now time.Time) *cekura.Result {
	status, _ := res.phase(now)
	out := &cekura.Result{ID: res.id, Name: res.name, AgentID: res.agent, Status: status, RunAsText: res.runAsText,
		CreatedAt: res.started, UpdatedAt: now, TotalRuns: len(res.runs)}
	for _, id := range res.runs {
		rn, _ := s.runs.get(id)
		r := s.renderRun(rn, res, now)
		out.Runs = append(out.Runs, r)
		if r.Status.Terminal() {
			out.CompletedRuns++
			if r.Success {
				out.SuccessRuns++
			} else {
				out.FailedRuns++
			}
		}
	}
	if out.TotalRuns > 0 {
		out.SuccessRate = float64(out.SuccessRuns) / float64(out.TotalRuns)
	}
	return out
}

// start applies a run trigger: the scenarios chosen by ids, tags or folder,
// each run Frequency times.
func (s *Server) start(w http.ResponseWriter, r *http.Request, body []byte, runAsText bool) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sel, errs := s.selectRun(fields)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	res := &result{agent: sel.agent, runAsText: runAsText, outcome: s.outcome}
	if raw, ok := fields["name"]; ok {
		res.name, _ = str(raw)
	}
	now := s.launch(res, sel.runs())
	status := http.StatusOK
	if strings.HasSuffix(r.URL.Path, "/run_scenarios/") || strings.HasSuffix(r.URL.Path, "/run_scenarios_text/") {
		status = http.StatusCreated
	}
	s.finishWrite(w, r, status, s.renderResult(res, now))
}

// selection is what a run trigger's body chose: the agent, its scenarios
// and how many times each runs.
type selection struct {
	agent     int64
	chosen    []*scenario
	frequency int64
}

// runs are the selection's runs: each scenario, frequency times.
func (sel selection) runs() []runSpec {
	var out []runSpec
	for _, sc := range sel.chosen {
		for range sel.frequency {
			out = append(out, runSpec{scenario: sc.id, name: sc.name})
		}
	}
	return out
}

// selectRun reads the agent (agent_id or assistant_id), the scenarios
// (exactly one of scenarios, tags and folder_path) and the frequency of a
// run trigger's body, as run_scenarios and its twins take them. s.mu is
// held.
func (s *Server) selectRun(fields map[string]json.RawMessage) (selection, errTree) {
	errs := errTree{}
	var agentID int64
	assistant, byAssistant := fields["assistant_id"]
	if raw, ok := fields["agent_id"]; ok {
		v, msg := integer(raw)
		if msg != "" {
			errs.add("agent_id", msg)
		}
		agentID = v
		if byAssistant {
			errs.add("non_field_errors", "Provide either agent_id or assistant_id, not both.")
		}
	} else if !byAssistant {
		errs.add("agent_id", "Either agent_id or assistant_id is required.")
	}
	var ids []int64
	var tags []string
	var folder string
	selectors := 0
	if raw, ok := fields["scenarios"]; ok {
		selectors++
		if json.Unmarshal(raw, &ids) != nil || len(ids) == 0 {
			errs.add("scenarios", "Expected a non-empty list of evaluator ids.")
		}
	}
	if raw, ok := fields["tags"]; ok {
		selectors++
		if json.Unmarshal(raw, &tags) != nil || len(tags) == 0 {
			errs.add("tags", "Expected a non-empty list of tags.")
		}
	}
	if raw, ok := fields["folder_path"]; ok {
		selectors++
		folder, _ = str(raw)
	}
	if selectors != 1 {
		errs.add("non_field_errors", "Provide exactly one of scenarios, tags or folder_path.")
	}
	frequency := int64(1)
	if raw, ok := fields["frequency"]; ok {
		v, msg := integer(raw)
		if msg != "" || v < 1 {
			errs.add("frequency", "Ensure this value is greater than or equal to 1.")
		}
		frequency = v
	}
	if byAssistant && len(errs) == 0 {
		if agentID = s.agentByAssistant(assistant); agentID == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
		}
	}
	if _, ok := s.agents.get(agentID); !ok && len(errs) == 0 {
		errs.add("agent_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", agentID))
	}
	var chosen []*scenario
	switch {
	case len(errs) > 0:
	case ids != nil:
		for _, id := range ids {
			sc, ok := s.scenarios.get(id)
			if !ok {
				errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
				continue
			}
			chosen = append(chosen, sc)
		}
	default:
		for _, id := range s.scenarios.ids(func(sc *scenario) bool {
			if sc.agent != agentID {
				return false
			}
			if folder != "" {
				return sc.folder == folder
			}
			return slices.ContainsFunc(tags, func(t string) bool { return slices.Contains(sc.tags, t) })
		}) {
			sc, _ := s.scenarios.get(id)
			chosen = append(chosen, sc)
		}
		if len(chosen) == 0 {
			errs.add("non_field_errors", "No evaluators match.")
		}
	}
	return selection{agent: agentID, chosen: chosen, frequency: frequency}, errs
}

// runSpec is one run a trigger makes: its scenario.
type runSpec struct {
	scenario int64
	name     string
}

// launch stores res (its agent, name, runAsText and outcome set) with a
// run per spec, sends result.pre_trigger and, as Cekura's run does, waits
// for it before the runs start, and schedules the result's end. It returns
// when the runs started. s.mu is held (and let go while the hook is sent).
func (s *Server) launch(res *result, specs []runSpec) time.Time {
	res.started = s.now()
	res.id = s.results.insert(res)
	if res.name == "" {
		res.name = "Result " + strconv.FormatInt(res.id, 10) // the API names every result
	}
	for _, sp := range specs {
		rn := &run{result: res.id, scenario: sp.scenario, scenarioName: sp.name}
		rn.id = s.runs.insert(rn)
		res.runs = append(res.runs, rn.id)
	}
	if ev, ok := s.newEvent(res.agent, webhook.EventTypeResultPreTrigger, "result_pre_trigger:"+strconv.FormatInt(res.id, 10),
		s.preTriggerData(res), preTriggerAttempts); ok {
		// Whatever the hook answers, the runs start once its attempts are
		// over.
		res.gated = true
		s.mu.Unlock()
		s.send(ev)
		s.mu.Lock()
		res.gated, res.started = false, s.now()
	}
	s.unannouncedResults[res.id] = struct{}{}
	if !res.outcome.Never {
		s.dueAt(res.started.Add(res.outcome.Duration))
	}
	return res.started
}

// generation is a scenario generation in progress.
type generation struct {
	id      string
	agent   int64
	total   int
	tags    []string
	started time.Time
	made    []int64
}

// generationStep is how long the fake takes to write one scenario.
const generationStep = 5 * time.Second

func (s *Server) scenarioRoute() route {
	render := func(sc *scenario) any { return sc.render() }
	return route{
		collection: scenariosPath,
		list:       listItems(s, s.scenarios, s.scenarioFilter, render),
		create: func(w http.ResponseWriter, r *http.Request, body []byte) {
			fields, bad := parseObject(body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			now := s.now()
			sc := &scenario{createdAt: now, updatedAt: now}
			if errs := sc.apply(s, fields, false); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			sc.id = s.scenarios.insert(sc)
			s.finishWrite(w, r, http.StatusCreated, render(sc))
		},
		get: getItem(s, s.scenarios, render),
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			fields, bad := parseObject(body)
			s.mu.Lock()
			defer s.mu.Unlock()
			old, ok := s.scenarios.get(id)
			switch {
			case !ok:
				notFound(w)
				return
			case bad != nil:
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			sc := old.clone()
			if errs := sc.apply(s, fields, true); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			sc.updatedAt = s.now()
			s.scenarios.put(id, sc)
			s.finishWrite(w, r, http.StatusOK, render(sc))
		},
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if !s.scenarios.remove(id) {
				notFound(w)
				return
			}
			s.finishWrite(w, r, http.StatusNoContent, nil)
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"run_scenarios":            post(func(w http.ResponseWriter, r *http.Request, b []byte) { s.start(w, r, b, false) }),
			"run_scenarios_text":       post(func(w http.ResponseWriter, r *http.Request, b []byte) { s.start(w, r, b, true) }),
			"run_scenarios_chirp":      post(func(w http.ResponseWriter, r *http.Request, b []byte) { s.start(w, r, b, false) }),
			"run_scenarios_elevenlabs": post(func(w http.ResponseWriter, r *http.Request, b []byte) { s.start(w, r, b, false) }),
			"run_scenarios_sip":        post(func(w http.ResponseWriter, r *http.Request, b []byte) { s.start(w, r, b, false) }),
			"run_scenarios_json":       post(s.runSuite),
			"adv_update":               post(s.bulkUpdateScenarios),
			"generate-bg":              post(s.generateScenarios),
			"generate-progress":        get(s.generationProgress),
		},
	}
}

// post and get restrict an action to one method.
func post(h func(http.ResponseWriter, *http.Request, []byte)) func(http.ResponseWriter, *http.Request, []byte) {
	return only(http.MethodPost, h)
}

func get(h func(http.ResponseWriter, *http.Request, []byte)) func(http.ResponseWriter, *http.Request, []byte) {
	return only(http.MethodGet, h)
}

func only(method string, h func(http.ResponseWriter, *http.Request, []byte)) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, r *http.Request, b []byte) {
		if r.Method != method {
			methodNotAllowed(w, r.Method, method)
			return
		}
		h(w, r, b)
	}
}

func (s *Server) bulkUpdateScenarios(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	var ids []int64
	if json.Unmarshal(fields["scenarios"], &ids) != nil || len(ids) == 0 {
		writeJSON(w, http.StatusBadRequest, errTree{"scenarios": []string{msgRequired}})
		return
	}
	_, agent := fields["agent"]
	_, project := fields["project"]
	if !agent && !project {
		writeJSON(w, http.StatusBadRequest, errTree{"non_field_errors": []string{"Either agent or project must be provided."}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var last *scenario
	for _, id := range ids {
		sc, ok := s.scenarios.get(id)
		if !ok {
			writeJSON(w, http.StatusBadRequest, errTree{"scenarios": []string{fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id)}})
			return
		}
		last = sc
	}
	for _, id := range ids {
		sc, _ := s.scenarios.get(id)
		if raw, ok := fields["append_instruction"]; ok {
			v, _ := str(raw)
			sc.instructions += v
		}
		if raw, ok := fields["folder_path"]; ok {
			sc.folder, _ = str(raw)
		}
		if raw, ok := fields["first_message"]; ok {
			sc.first, _ = str(raw)
		}
		sc.updatedAt = s.now()
	}
	s.finishWrite(w, r, http.StatusOK, last.render())
}

// generationLists are the list fields of generate-bg, which a form sends
// once per element.
var generationLists = []string{"personalities", "tags", "tool_ids"}

// maxGenerationUpload is what generate-bg takes of context files, in all.
const maxGenerationUpload = 50 << 20

// generationForm reads a multipart generate-bg body into the fields a JSON
// body would have, and checks its context files (generation_files: at most
// 10, of the knowledge base's types, 50 MB in all). It reports whether the
// body was a form.
func generationForm(r *http.Request, body []byte, errs errTree) (map[string]json.RawMessage, bool) {
	fields := map[string]json.RawMessage{}
	lists := map[string][]any{}
	files, size := 0, int64(0)
	isForm, _ := formParts(r, body, func(part *multipart.Part) errTree {
		name := part.FormName()
		if name == "generation_files" {
			files++
			size += partSize(part)
			if _, ok := fileTypes[strings.ToLower(path.Ext(part.FileName()))]; !ok {
				errs.nest("generation_files", errTree{strconv.Itoa(files - 1): []string{"Upload a pdf, txt, json, csv, xml or md file."}})
			}
			return nil
		}
		v, _ := io.ReadAll(part)
		if slices.Contains(generationLists, name) {
			var elem any = string(v)
			if n, err := strconv.ParseInt(string(v), 10, 64); err == nil && name == "personalities" {
				elem = n
			}
			lists[name] = append(lists[name], elem)
			return nil
		}
		fields[name], _ = json.Marshal(string(v))
		return nil
	})
	for k, l := range lists {
		fields[k], _ = json.Marshal(l)
	}
	if files > 10 {
		errs.add("generation_files", "Ensure this field has no more than 10 elements.")
	}
	if size > maxGenerationUpload {
		errs.add("generation_files", "The files exceed 50 MB in all.")
	}
	return fields, isForm
}

func (s *Server) generateScenarios(w http.ResponseWriter, r *http.Request, body []byte) {
	errs := errTree{}
	fields, isForm := generationForm(r, body, errs)
	if !isForm {
		var bad any
		if fields, bad = parseObject(body); bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
	}
	n, msg := integer(fields["num_scenarios"])
	if fields["num_scenarios"] == nil {
		errs.add("num_scenarios", msgRequired)
	} else if msg != "" || n < 1 || n > 100 {
		errs.add("num_scenarios", "Ensure this value is between 1 and 100.")
	}
	agent, _ := integer(fields["agent_id"])
	var tags []string
	_ = json.Unmarshal(fields["tags"], &tags)
	if raw, ok := fields["inbound_phone_number"]; ok && !isNull(raw) {
		if _, msg := integer(raw); msg != "" {
			errs.add("inbound_phone_number", msg)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.agents.get(agent); !ok {
		errs.add("agent_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", agent))
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.genSeq++
	g := &generation{id: fmt.Sprintf("00000000-0000-4000-8000-%012d", s.genSeq), agent: agent, total: int(n), tags: tags, started: s.now()}
	s.generations[g.id] = g
	s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": g.id})
}

func (s *Server) generationProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	id := r.URL.Query().Get("progress_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.generations[id]
	if !ok {
		writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{"Invalid progress_id."}})
		return
	}
	now := s.now()
	done := min(g.total, int(now.Sub(g.started)/generationStep))
	for len(g.made) < done {
		sc := &scenario{agent: g.agent, name: fmt.Sprintf("Generated scenario %d", len(g.made)+1), personality: 1,
			scenarioType: "instruction", instructions: "You are a customer with a question.", tags: slices.Clone(g.tags),
			createdAt: now, updatedAt: now}
		// With mock tools on the agent, each scenario expects a call of
		// each, as the API's generation writes them.
		if a, ok := s.agents.get(g.agent); ok {
			for _, t := range a.extra.tools {
				sc.mockEntries = append(sc.mockEntries, cekura.MockToolEntry{ToolID: t.id, ToolName: t.name,
					NewEntry: cekura.ToolMapping{Input: map[string]any{}, Output: map[string]any{}}})
			}
		}
		sc.id = s.scenarios.insert(sc)
		g.made = append(g.made, sc.id)
	}
	out := &cekura.Generation{ProgressID: g.id, Total: g.total, Completed: len(g.made)}
	for _, sid := range g.made {
		if sc, ok := s.scenarios.get(sid); ok {
			out.Scenarios = append(out.Scenarios, sc.render())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) resultRoute() route {
	return route{
		collection: resultsPath,
		list:       listItems(s, s.results, s.resultFilter, func(res *result) any { return s.renderResult(res, s.now()) }),
		get: func(w http.ResponseWriter, _ *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			res, ok := s.results.get(id)
			if !ok {
				notFound(w)
				return
			}
			// The detail view sends runs as an object keyed by run id.
			m := resultDetail(s.renderResult(res, s.now()))
			writeJSON(w, http.StatusOK, m)
		},
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
			"end_calls":                   s.endCalls,
			"create_shareable_link_token": s.shareLink,
			"rerun":                       postObject(s.rerunResult),
			"evaluate_metrics":            postObject(s.evaluateResultMetrics),
			"delete_runs":                 postObject(s.deleteRuns),
			"ask_about_failures":          postObject(s.askAboutFailures),
		},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"bulk_delete":           post(objectAction(s.bulkDeleteResults)),
			"bulk_evaluate_metrics": post(objectAction(s.bulkEvaluateResultMetrics)),
		},
	}
}

func (s *Server) runRoute() route {
	render := func(id int64) any {
		rn, _ := s.runs.get(id)
		res, _ := s.results.get(rn.result)
		return s.renderRun(rn, res, s.now())
	}
	return route{
		collection: runsPath,
		list:       listItems(s, s.runs, s.runFilter, func(rn *run) any { return render(rn.id) }),
		get: func(w http.ResponseWriter, _ *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if _, ok := s.runs.get(id); !ok {
				notFound(w)
				return
			}
			writeJSON(w, http.StatusOK, render(id))
		},
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){"end_call": s.endCall},
		actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
			"bulk": get(func(w http.ResponseWriter, r *http.Request, _ []byte) {
				var out []any
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, part := range strings.Split(r.URL.Query().Get("run_ids"), ",") {
					id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
					if err != nil {
						writeJSON(w, http.StatusBadRequest, errTree{"run_ids": []string{"Enter a comma-separated list of run ids."}})
						return
					}
					if _, ok := s.runs.get(id); ok {
						out = append(out, render(id))
					}
				}
				if out == nil {
					out = []any{}
				}
				writeJSON(w, http.StatusOK, out)
			}),
		},
	}
}

// Scenarios returns every stored scenario as the API would return it.
func (s *Server) Scenarios() []*cekura.Scenario {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*cekura.Scenario
	for _, id := range s.scenarios.ids(nil) {
		sc, _ := s.scenarios.get(id)
		out = append(out, sc.render())
	}
	return out
}
