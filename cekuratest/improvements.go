package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Improvement sessions: "Improve Agent" sessions, which move through their
// stages on the fake's clock and always end succeeded, and
// scenario-improvement sessions, chats the fake stores as they are written.

const (
	agentSessionsPath    = "/observability/v1/agent-improvement-sessions/"
	scenarioSessionsPath = "/test_framework/v1/scenario-improvement-sessions/"
)

// The fake's pace of an agent-improvement session: pending for
// sessionPending, then each stage for sessionStage.
const (
	sessionPending = 5 * time.Second
	sessionStage   = 10 * time.Second
)

// agentSession is a stored agent-improvement session.
type agentSession struct {
	id, project, agent        int64
	agentName, provider       string
	source                    string
	callLogs, runs, scenarios []int64
	providerKey               string // write-only: stored, never returned
	conversation              string
	started                   time.Time
}

// stages are the session's stages: scenario generation only for one
// started from production calls.
func (x *agentSession) stages() []cekura.ImprovementStage {
	st := []cekura.ImprovementStage{cekura.ImprovementStageSetup, cekura.ImprovementStageScenarioGeneration, cekura.ImprovementStageBaselineRun,
		cekura.ImprovementStagePropose, cekura.ImprovementStageApply, cekura.ImprovementStageVerifyRun, cekura.ImprovementStageFinalize}
	if x.source != "call_log" {
		st = slices.Delete(st, 1, 2)
	}
	return st
}

// render is the session at now.
func (x *agentSession) render(now time.Time) *cekura.AgentImprovementSession {
	out := &cekura.AgentImprovementSession{ID: x.id, ProjectID: x.project, AgentID: x.agent, AgentName: x.agentName, Provider: x.provider,
		Source: cekura.ImprovementSource(x.source), CallLogIDs: slices.Clone(x.callLogs), RunIDs: slices.Clone(x.runs), ScenarioIDs: slices.Clone(x.scenarios),
		Insights: json.RawMessage(`[]`), StageHistory: json.RawMessage(`[]`), IterationHistory: json.RawMessage(`[]`),
		FailingScenarioIDs: []int64{}, QuestionAnswers: json.RawMessage(`[]`), ScenarioEditProposals: json.RawMessage(`[]`),
		UserGuidance: []map[string]any{}, ConversationID: x.conversation, SummaryJSON: json.RawMessage(`{}`),
		SlackNotificationStatus: cekura.SlackNotificationStatusNotAttempted, CloneState: map[string]any{},
		Status: cekura.AgentImprovementStatusPending, Stage: cekura.ImprovementStageSetup, StageStatus: cekura.StageStatusRunning,
		StageStartedAt: x.started, CreatedAt: x.started, UpdatedAt: x.started}
	for _, list := range []*[]int64{&out.CallLogIDs, &out.RunIDs, &out.ScenarioIDs} {
		if *list == nil {
			*list = []int64{}
		}
	}
	elapsed := now.Sub(x.started)
	if elapsed < sessionPending {
		return out
	}
	stages := x.stages()
	i := int((elapsed - sessionPending) / sessionStage)
	out.Status = cekura.AgentImprovementStatusRunning
	if i < len(stages) {
		out.Stage = stages[i]
		out.StageStartedAt = x.started.Add(sessionPending + time.Duration(i)*sessionStage)
		out.UpdatedAt = out.StageStartedAt
		return out
	}
	// Done: one round that made every failing conversation pass.
	end := x.started.Add(sessionPending + time.Duration(len(stages))*sessionStage)
	one, best := 1, 1.0
	out.Status, out.Stage, out.StageStatus = cekura.AgentImprovementStatusSucceeded, cekura.ImprovementStageFinalize, cekura.StageStatusDone
	out.StageStartedAt, out.UpdatedAt = end.Add(-sessionStage), end
	out.Iteration, out.BestIteration, out.BestScore = 1, &one, &best
	out.MetricDelta = json.RawMessage(`{"success_rate": {"before": 0.5, "after": 1.0}}`)
	out.ProposalSummary = map[string]any{"summary": "Asks for the order number before looking the order up."}
	return out
}

// agentSessionRoute serves the agent-improvement sessions: create, list
// and get (the API has no update of its own).
func (s *Server) agentSessionRoute() route {
	render := func(x *agentSession) any { return x.render(s.now()) }
	return route{
		collection: agentSessionsPath,
		list:       listArray(s, s.insights.agentSessions, s.agentSessionFilter, render),
		get:        getItem(s, s.insights.agentSessions, render),
		create:     s.createAgentSession,
	}
}

func (s *Server) agentSessionFilter(q url.Values) (func(*agentSession) bool, errTree) {
	f := newFilter[agentSession](q)
	if id, ok := f.int64("project"); ok {
		f.keep(func(x *agentSession) bool { return x.project == id })
	}
	return f.done()
}

// idList reads a list of ids, or adds DRF's message.
func idList(errs errTree, key string, raw json.RawMessage) []int64 {
	var ids []int64
	if json.Unmarshal(raw, &ids) != nil {
		errs.add(key, "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return nil
	}
	return ids
}

func (s *Server) createAgentSession(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := errTree{}
	x := &agentSession{}
	if raw, ok := fields["project"]; ok {
		reference(errs, "project", raw, nil, &x.project)
	}
	// One source, each id an existing call log, run or scenario, and the
	// agent they lead to.
	sources := 0
	var agents []int64
	for _, src := range []struct {
		key, source string
		dst         *[]int64
		agent       func(id int64) (int64, bool)
	}{
		{"call_log_ids", "call_log", &x.callLogs, func(id int64) (int64, bool) { c, ok := s.calls.get(id); return agentOf(c, ok) }},
		{"run_ids", "run", &x.runs, s.runAgent},
		{"scenario_ids", "scenario", &x.scenarios, func(id int64) (int64, bool) { sc, ok := s.scenarios.get(id); return scenarioAgent(sc, ok) }},
	} {
		raw, ok := fields[src.key]
		if !ok || isNull(raw) {
			continue
		}
		ids := idList(errs, src.key, raw)
		if len(ids) == 0 {
			continue
		}
		sources++
		x.source, *src.dst = src.source, ids
		for _, id := range ids {
			agent, ok := src.agent(id)
			if !ok {
				errs.add(src.key, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
				continue
			}
			agents = append(agents, agent)
		}
	}
	if raw, ok := fields["provider_key"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("provider_key", msg)
		} else {
			x.providerKey = v
		}
	}
	if len(errs) == 0 && sources != 1 {
		errs.add("non_field_errors", "Provide exactly one of call_log_ids, run_ids and scenario_ids.")
	}
	if len(errs) == 0 {
		a, ok := s.agents.get(agents[0])
		switch {
		case !ok:
			errs.add("non_field_errors", "Could not resolve an agent from the selection.")
		case a.provider.typ != "" && a.provider.typ != "vapi" && a.provider.typ != "elevenlabs":
			errs.add("non_field_errors", "Improve Agent supports Vapi and ElevenLabs agents.")
		case x.providerKey == "" && (a.provider.credentials == nil || a.provider.credentials.apiKey == ""):
			errs.add("provider_key", msgRequired)
		default:
			x.agent, x.agentName, x.provider = a.id, a.name, a.provider.typ
			if x.provider == "" {
				x.provider = "vapi"
			}
			if x.project == 0 && a.project != nil {
				x.project = *a.project
			}
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	x.started = s.now()
	x.id = s.insights.agentSessions.insert(x)
	x.conversation = fmt.Sprintf("00000000-0000-4000-9000-%012d", x.id)
	s.finishWrite(w, r, http.StatusCreated, x.render(x.started))
}

func agentOf(c *call, ok bool) (int64, bool) {
	if !ok {
		return 0, false
	}
	return c.agent, true
}

func scenarioAgent(sc *scenario, ok bool) (int64, bool) {
	if !ok {
		return 0, false
	}
	return sc.agent, true
}

// runAgent is the agent a run tested. s.mu is held.
func (s *Server) runAgent(id int64) (int64, bool) {
	rn, ok := s.runs.get(id)
	if !ok {
		return 0, false
	}
	res, ok := s.results.get(rn.result)
	if !ok {
		return 0, false
	}
	return res.agent, true
}

// scenarioSession is a stored scenario-improvement session.
type scenarioSession struct {
	id, project          int64
	title, status        string
	scenarios            []int64
	history              []cekura.ConversationItem
	createdBy            *int64
	createdAt, updatedAt time.Time
	fresh                bool // being created: scenario_selection, not scenario_ids
}

var scenarioSessionStatuses = []string{"pending", "in_progress", "completed", "cancelled", "failed"}

func (x *scenarioSession) render() *cekura.ScenarioImprovementSession {
	out := &cekura.ScenarioImprovementSession{ID: x.id, Title: x.title, ProjectID: x.project, ScenarioIDs: slices.Clone(x.scenarios),
		ConversationHistory: slices.Clone(x.history), Status: cekura.ScenarioImprovementStatus(x.status), CreatedAt: x.createdAt, UpdatedAt: x.updatedAt}
	if out.ScenarioIDs == nil {
		out.ScenarioIDs = []int64{}
	}
	if out.ConversationHistory == nil {
		out.ConversationHistory = []cekura.ConversationItem{}
	}
	if x.createdBy != nil {
		out.CreatedByID = *x.createdBy
	}
	return out
}

// scenarioSessionListAnswer is a session as the list sends it: without
// its conversation, with its message count, a string as the description
// types it.
type scenarioSessionListAnswer struct {
	*cekura.ScenarioImprovementSession
	ConversationHistory []cekura.ConversationItem `json:"conversation_history,omitempty"`
	CreatedBy           *int64                    `json:"created_by,omitempty"`
	MessageCount        string                    `json:"message_count"`
}

// apply applies a session body with the API's rules.
func (x *scenarioSession) apply(s *Server, fields map[string]json.RawMessage) errTree {
	errs := errTree{}
	if raw, ok := fields["title"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("title", msg)
		case utf8.RuneCountInString(v) > 255:
			errs.add("title", "Ensure this field has no more than 255 characters.")
		default:
			x.title = v
		}
	}
	if raw, ok := fields["project"]; ok {
		reference(errs, "project", raw, nil, &x.project)
	}
	key := "scenario_ids"
	if x.fresh {
		key = "scenario_selection"
	}
	if raw, ok := fields[key]; ok && !isNull(raw) {
		var ids []int64
		var obj struct {
			ScenarioIDs []int64 `json:"scenario_ids"`
		}
		switch {
		case json.Unmarshal(raw, &ids) == nil:
		case x.fresh && json.Unmarshal(raw, &obj) == nil && obj.ScenarioIDs != nil:
			ids = obj.ScenarioIDs
		default:
			errs.add(key, `Expected a list of scenario ids, or {"scenario_ids": [...]}.`)
		}
		for _, id := range ids {
			if _, exists := s.scenarios.get(id); !exists {
				errs.add(key, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			}
		}
		x.scenarios = ids
	}
	if raw, ok := fields["conversation_history"]; ok {
		var items []cekura.ConversationItem
		var generic []map[string]any
		if json.Unmarshal(raw, &generic) != nil || json.Unmarshal(raw, &items) != nil {
			errs.add("conversation_history", "Expected a list of conversation items.")
		}
		for i, item := range items {
			if !item.Role.Valid() {
				errs.nest("conversation_history", errTree{fmt.Sprint(i): errTree{"role": []string{fmt.Sprintf("%q is not a valid choice.", item.Role)}}})
			}
		}
		x.history = items
	}
	if raw, ok := fields["status"]; ok {
		if v, msg := choice(raw, scenarioSessionStatuses); msg != "" {
			errs.add("status", msg)
		} else {
			x.status = v
		}
	}
	if raw, ok := fields["created_by"]; ok {
		var by int64
		reference(errs, "created_by", raw, nil, &by)
		x.createdBy = nil
		if by != 0 {
			x.createdBy = &by
		}
	}
	x.fresh = false
	return errs
}

// scenarioSessionRoute serves the scenario-improvement sessions, every
// method the API has.
func (s *Server) scenarioSessionRoute() route {
	render := func(x *scenarioSession) any { return x.render() }
	return writes(s, route{
		collection: scenarioSessionsPath,
		list: listArray(s, s.insights.scenarioSessions, s.scenarioSessionFilter, func(x *scenarioSession) any {
			return scenarioSessionListAnswer{ScenarioImprovementSession: x.render(), MessageCount: fmt.Sprint(len(x.history))}
		}),
		get: getItem(s, s.insights.scenarioSessions, render),
	}, resource[scenarioSession]{
		st:      s.insights.scenarioSessions,
		created: http.StatusCreated,
		fresh: func(old *scenarioSession) *scenarioSession {
			x := &scenarioSession{status: "pending", fresh: old == nil}
			if old != nil {
				x.createdAt, x.createdBy = old.createdAt, old.createdBy
			}
			return x
		},
		clone: func(old *scenarioSession) *scenarioSession {
			x := *old
			x.scenarios, x.history = slices.Clone(old.scenarios), slices.Clone(old.history)
			return &x
		},
		apply: func(x *scenarioSession, fields map[string]json.RawMessage, _ bool) errTree { return x.apply(s, fields) },
		stored: func(x *scenarioSession, id int64, now time.Time) {
			x.id, x.updatedAt = id, now
			if x.createdAt.IsZero() {
				x.createdAt = now
			}
		},
		render: render,
	})
}

func (s *Server) scenarioSessionFilter(q url.Values) (func(*scenarioSession) bool, errTree) {
	f := newFilter[scenarioSession](q)
	if id, ok := f.int64("project_id"); ok {
		f.keep(func(x *scenarioSession) bool { return x.project == id })
	}
	return f.done()
}

// AgentImprovementSessions returns every stored agent-improvement session
// as the API would return it now, by id.
func (s *Server) AgentImprovementSessions() []*cekura.AgentImprovementSession {
	return answers[agentSession, cekura.AgentImprovementSession](s, s.insights.agentSessions, func(x *agentSession) any { return x.render(s.now()) })
}

// ScenarioImprovementSessions returns every stored scenario-improvement
// session as the API would return it, by id.
func (s *Server) ScenarioImprovementSessions() []*cekura.ScenarioImprovementSession {
	return answers[scenarioSession, cekura.ScenarioImprovementSession](s, s.insights.scenarioSessions, func(x *scenarioSession) any { return x.render() })
}
