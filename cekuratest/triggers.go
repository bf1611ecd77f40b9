package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/internal/rules"
)

// The run triggers of the other transports (LiveKit, Pipecat, Vapi and
// Retell over WebRTC, websockets by scenario, email, API chat), and a run's
// API chat, metric votes and trace. Their runs move on the fake's clock as
// run_scenarios' do. The fake does not check that the agent (or its
// project) has the platform's credentials, which the API requires for the
// WebRTC transports: a test's agent need not have any.

// triggerSpec is how one run trigger reads its body.
type triggerSpec struct {
	// agentKey is the body's key for the agent ("agent" or "agent_id"), or
	// "" when the body names none and the agent is the scenarios'.
	agentKey string
	// objects: the scenarios are objects ({"scenario": id, …}), with the
	// required keys entryKeys; else a list of ids.
	objects   bool
	entryKeys []string
	// frequency: whether the body takes one, whether it must, and its cap
	// (0: none).
	frequency, needFrequency bool
	maxFrequency             int64
	// status is the answer's status (200, or 201).
	status    int
	runAsText bool
	// keyedRuns: the answer's runs are an object keyed by run id (the
	// description's RunScenarioResult), not a list.
	keyedRuns bool
	// check applies the transport's own rules.
	check func(s *Server, fields map[string]json.RawMessage, agent *agent, errs errTree)
}

// triggerSpecs are the run triggers by the name after run_scenarios_.
var triggerSpecs = map[string]triggerSpec{
	"livekit_v2": {agentKey: "agent", objects: true, frequency: true, maxFrequency: 100, status: http.StatusOK,
		check: objectField("livekit_data")},
	"pipecat": {agentKey: "agent", objects: true, entryKeys: []string{"pipecat_room_url"}, status: http.StatusOK,
		check: pipecatRooms},
	"pipecat_v2": {objects: true, frequency: true, maxFrequency: 100, status: http.StatusOK,
		check: objectField("pipecat_data")},
	"vapi_webrtc":     {agentKey: "agent_id", frequency: true, status: http.StatusOK, check: requiredString("vapi_assistant_id")},
	"retell_webrtc":   {agentKey: "agent_id", frequency: true, status: http.StatusOK},
	"with_websockets": {agentKey: "agent", objects: true, frequency: true, needFrequency: true, maxFrequency: 100, status: http.StatusCreated, runAsText: true, check: websocketURLs},
	"email": {agentKey: "agent_id", frequency: true, needFrequency: true, maxFrequency: 100, status: http.StatusOK, runAsText: true, keyedRuns: true,
		check: agentEmail},
}

// triggerRoute serves the paths of this file, which lie under the
// scenarios', suites' and runs' routes: it comes before them in s.routes
// and claims only its own paths.
func (s *Server) triggerRoute() route {
	return route{match: func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		path := r.URL.Path
		for _, prefix := range []string{scenariosPath, suitesV2Path} {
			name, ok := strings.CutPrefix(path, prefix+"run_scenarios_")
			if !ok {
				continue
			}
			name, ok = strings.CutSuffix(name, "/")
			spec, known := triggerSpecs[name]
			switch {
			case !ok:
				return false
			case name == "api_chat":
				post(s.startAPIChat)(w, r, body)
				return true
			case known:
				post(func(w http.ResponseWriter, r *http.Request, body []byte) { s.trigger(w, r, body, spec) })(w, r, body)
				return true
			}
			return false
		}
		return s.serveRunActions(w, r, body)
	}}
}

// trigger starts a run of one of triggerSpecs' transports.
func (s *Server) trigger(w http.ResponseWriter, r *http.Request, body []byte, spec triggerSpec) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := errTree{}
	ids := s.triggerScenarios(fields, spec, errs)
	frequency := int64(1)
	if raw, ok := fields["frequency"]; ok && spec.frequency {
		v, msg := integer(raw)
		switch {
		case msg != "":
			errs.add("frequency", msg)
		case v < 1:
			errs.add("frequency", "Ensure this value is greater than or equal to 1.")
		case spec.maxFrequency > 0 && v > spec.maxFrequency:
			errs.add("frequency", fmt.Sprintf("Ensure this value is less than or equal to %d.", spec.maxFrequency))
		}
		frequency = v
	} else if spec.needFrequency {
		errs.add("frequency", msgRequired)
	}
	optionalFields(fields, errs)
	var agentID int64
	if raw, ok := fields[spec.agentKey]; ok && spec.agentKey != "" && !isNull(raw) {
		v, msg := integer(raw)
		if msg != "" {
			errs.add(spec.agentKey, msg)
		} else if _, exists := s.agents.get(v); !exists {
			errs.add(spec.agentKey, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", v))
		}
		agentID = v
	}
	var specs []runSpec
	if len(errs) == 0 {
		agentID, specs = s.triggerRuns(ids, agentID, spec, frequency, errs)
	}
	if len(errs) == 0 && spec.check != nil {
		ag, _ := s.agents.get(agentID)
		spec.check(s, fields, ag, errs)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	res := &result{agent: agentID, runAsText: spec.runAsText, outcome: s.outcome}
	if raw, ok := fields["name"]; ok && !isNull(raw) {
		res.name, _ = str(raw)
	}
	now := s.launch(res, specs)
	s.finishWrite(w, r, spec.status, startAnswer(s.renderResult(res, now), spec.keyedRuns))
}

// startAnswer is a trigger's answer: the started result, its runs a list
// or, where the description's schema is RunScenarioResult (email, API
// chat), an object keyed by run id. (API chat's own text speaks of
// result.runs[].id; the schema is followed, and the SDK reads both.)
func startAnswer(out *cekura.Result, keyed bool) any {
	if keyed {
		return resultDetail(out)
	}
	return out
}

// triggerScenarios reads a trigger's scenarios: ids, or objects with a
// scenario id and the spec's required keys. s.mu is held.
func (s *Server) triggerScenarios(fields map[string]json.RawMessage, spec triggerSpec, errs errTree) []int64 {
	raw, ok := fields["scenarios"]
	if !ok {
		errs.add("scenarios", msgRequired)
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		errs.add("scenarios", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return nil
	}
	if len(items) == 0 {
		errs.add("scenarios", "This list may not be empty.")
		return nil
	}
	ids := make([]int64, 0, len(items))
	bad := errTree{}
	for i, item := range items {
		key := strconv.Itoa(i)
		if !spec.objects {
			id, msg := integer(item)
			if msg != "" {
				bad.add(key, msg)
			}
			ids = append(ids, id)
			continue
		}
		obj, objErrs := object(item)
		if len(objErrs) > 0 {
			bad.nest(key, objErrs)
			continue
		}
		entry := errTree{}
		id := requiredInteger(obj, "scenario", entry)
		for _, k := range spec.entryKeys {
			if v, ok := obj[k]; !ok {
				entry.add(k, msgRequired)
			} else if text, msg := str(v); msg != "" {
				entry.add(k, msg)
			} else if strings.TrimSpace(text) == "" {
				entry.add(k, msgBlank)
			}
		}
		bad.nest(key, entry)
		ids = append(ids, id)
	}
	errs.nest("scenarios", bad)
	return ids
}

// triggerRuns resolves a trigger's scenarios and its agent (the body's,
// else the scenarios' own), and makes its runs: each scenario frequency
// times. s.mu is held.
func (s *Server) triggerRuns(ids []int64, agentID int64, spec triggerSpec, frequency int64, errs errTree) (int64, []runSpec) {
	var specs []runSpec
	scenarioAgent := int64(0)
	for _, id := range ids {
		sc, ok := s.scenarios.get(id)
		if !ok {
			errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			continue
		}
		if scenarioAgent == 0 {
			scenarioAgent = sc.agent
		} else if sc.agent != 0 && sc.agent != scenarioAgent && agentID == 0 && spec.agentKey == "agent_id" {
			errs.add("agent_id", "The evaluators belong to several agents: give agent_id.")
		}
		for range frequency {
			specs = append(specs, runSpec{scenario: sc.id, name: sc.name})
		}
	}
	if agentID == 0 {
		agentID = scenarioAgent
	}
	if len(errs) == 0 && agentID == 0 {
		key := spec.agentKey
		if key == "" {
			key = "scenarios"
		}
		errs.add(key, "None of the evaluators has an agent: name the agent.")
	}
	return agentID, specs
}

// optionalFields checks the optional fields the triggers share, where a
// body has them: lists of ids, tool names, a cap, a label.
func optionalFields(fields map[string]json.RawMessage, errs errTree) {
	for _, k := range []string{"personality_ids", "test_profile_ids"} {
		if raw, ok := fields[k]; ok && !isNull(raw) {
			var v []int64
			if json.Unmarshal(raw, &v) != nil {
				errs.add(k, "Expected a list of integers.")
			}
		}
	}
	if raw, ok := fields["mock_tool_names"]; ok && !isNull(raw) {
		var v []string
		if json.Unmarshal(raw, &v) != nil {
			errs.add("mock_tool_names", "Expected a list of strings.")
		}
	}
	for _, k := range []string{"concurrency_limit", "project_id"} {
		if raw, ok := fields[k]; ok && !isNull(raw) {
			if _, msg := integer(raw); msg != "" {
				errs.add(k, msg)
			}
		}
	}
	if raw, ok := fields["name"]; ok && !isNull(raw) {
		if _, msg := str(raw); msg != "" {
			errs.add("name", msg)
		}
	}
}

// objectField checks an optional JSON object, such as livekit_data.
func objectField(key string) func(*Server, map[string]json.RawMessage, *agent, errTree) {
	return func(_ *Server, fields map[string]json.RawMessage, _ *agent, errs errTree) {
		if raw, ok := fields[key]; ok && !isNull(raw) {
			if _, bad := object(raw); len(bad) > 0 {
				errs.nest(key, bad)
			}
		}
	}
}

// requiredString checks a required, non-blank string, such as
// vapi_assistant_id.
func requiredString(key string) func(*Server, map[string]json.RawMessage, *agent, errTree) {
	return func(_ *Server, fields map[string]json.RawMessage, _ *agent, errs errTree) {
		raw, ok := fields[key]
		if !ok {
			errs.add(key, msgRequired)
			return
		}
		if v, msg := str(raw); msg != "" {
			errs.add(key, msg)
		} else if strings.TrimSpace(v) == "" {
			errs.add(key, msgBlank)
		}
	}
}

// pipecatRooms checks each scenario's room URL.
func pipecatRooms(_ *Server, fields map[string]json.RawMessage, _ *agent, errs errTree) {
	eachScenario(fields, errs, func(item map[string]json.RawMessage, bad errTree) {
		if v, _ := str(item["pipecat_room_url"]); !rules.HTTPURL(v) {
			bad.add("pipecat_room_url", msgURL)
		}
	})
}

// eachScenario calls check with each scenario object of the body, and nests
// the problems it adds under scenarios.<index>.
func eachScenario(fields map[string]json.RawMessage, errs errTree, check func(item map[string]json.RawMessage, bad errTree)) {
	var items []map[string]json.RawMessage
	_ = json.Unmarshal(fields["scenarios"], &items)
	all := errTree{}
	for i, item := range items {
		bad := errTree{}
		check(item, bad)
		all.nest(strconv.Itoa(i), bad)
	}
	errs.nest("scenarios", all)
}

// websocketURLs checks each scenario's websocket URL, when it has one.
func websocketURLs(_ *Server, fields map[string]json.RawMessage, _ *agent, errs errTree) {
	eachScenario(fields, errs, func(item map[string]json.RawMessage, bad errTree) {
		raw, ok := item["websocket_url"]
		if !ok || isNull(raw) {
			return
		}
		if v, _ := str(raw); !strings.HasPrefix(v, "ws://") && !strings.HasPrefix(v, "wss://") {
			bad.add("websocket_url", "The websocket URL must start with ws:// or wss://.")
		}
	})
}

// agentEmail checks agent_email, and that the run has an address to write
// to: agent_email, or the agent's email_id.
func agentEmail(_ *Server, fields map[string]json.RawMessage, ag *agent, errs errTree) {
	if raw, ok := fields["agent_email"]; ok && !isNull(raw) {
		if v, msg := str(raw); msg != "" || !rules.Email(v) {
			errs.add("agent_email", "Enter a valid email address.")
		}
		return
	}
	if ag == nil || ag.extra.emailID == nil || *ag.extra.emailID == "" {
		errs.add("agent_email", "The agent has no email_id: set one on the agent, or give agent_email.")
	}
}
