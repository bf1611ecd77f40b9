package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// The scenarios' folders, bulk delete and suite schema, and the AI jobs that
// write scenarios: instructions (generate-instructions, improve_instructions
// → instructions-progress), a scenario from a transcript
// (create-from-transcript-bg → create-from-transcript-progress), the
// scenario agent (scenario-agent → scenario-agent-progress), and
// {id}/update_scenario_with_transcript/. Every job ends authoringStep after
// it starts, on the fake's clock.
//
// What the fake does where the API's description does not say: deleting a
// folder deletes its subfolders and takes their scenarios out of any folder
// (they are not deleted); the jobs' texts are the fake's own, built from
// the request; the scenario agent suggests changes to the scenarios picked
// (improve) or new scenarios (clarify), asks for the agent of a scenario
// that has none (needs_agent_clarification), and applies suggestions with
// apply_changes, failing when a scenario is gone.

// authoringStep is how long the fake takes for each AI job.
const authoringStep = 5 * time.Second

// maxDrafts is the most new scenarios the fake's scenario agent writes at
// once, whatever num_scenarios asks (the description sets no maximum).
const maxDrafts = 100

// authoring is the fake's state for this file, under the server's mutex.
type authoring struct {
	folders      map[int64][]*folder // by project
	instructions map[string]*instructionsJob
	transcripts  map[string]*transcriptJob
	agentJobs    map[string]*agentJob
	seq          int
	sessions     int64
}

type folder struct {
	name, path           string
	createdAt, updatedAt time.Time
}

func (f *folder) render() *cekura.ScenarioFolder {
	return &cekura.ScenarioFolder{Name: f.name, Path: f.path, CreatedAt: f.createdAt, UpdatedAt: f.updatedAt}
}

// parent is the path of a folder's parent ("" at the top level).
func parentOf(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	return path[:i]
}

// under reports whether path is p or inside it, case aside.
func under(path, p string) bool {
	return strings.EqualFold(path, p) || (len(path) > len(p) && path[len(p)] == '.' && strings.EqualFold(path[:len(p)], p))
}

func newAuthoring() *authoring {
	return &authoring{folders: map[int64][]*folder{}, instructions: map[string]*instructionsJob{},
		transcripts: map[string]*transcriptJob{}, agentJobs: map[string]*agentJob{}}
}

// addScenarioAuthoring adds this file's endpoints to the scenarios' routes
// (v1) and to the v2 twin's (json_schema).
func (s *Server) addScenarioAuthoring() {
	s.authoring = newAuthoring()
	for i := range s.routes {
		rt := &s.routes[i]
		switch rt.collection {
		case scenariosPath:
			for name, h := range map[string]func(http.ResponseWriter, *http.Request, []byte){
				"folders":                         get(s.listFolders),
				"create_folder":                   post(s.createFolder),
				"rename_folder":                   post(s.renameFolder),
				"move_folder":                     post(s.moveFolder),
				"delete_folder":                   post(s.deleteFolder),
				"delete_scenarios":                post(s.deleteScenarios),
				"generate-instructions":           post(s.generateInstructions),
				"improve_instructions":            post(s.improveInstructions),
				"instructions-progress":           get(s.instructionsProgress),
				"create-from-transcript-bg":       post(s.createFromTranscript),
				"create-from-transcript-progress": get(s.transcriptProgress),
				"scenario-agent":                  post(s.scenarioAgent),
				"scenario-agent-progress":         get(s.scenarioAgentProgress),
			} {
				rt.actions[name] = h
			}
			if rt.itemActions == nil {
				rt.itemActions = map[string]func(http.ResponseWriter, *http.Request, int64, []byte){}
			}
			rt.itemActions["update_scenario_with_transcript"] = s.updateWithTranscript
		case suitesV2Path:
			rt.actions["json_schema"] = get(s.suiteSchema)
		}
	}
}

// ScenarioFolders returns a project's scenario folders as the API would
// return them, by path.
func (s *Server) ScenarioFolders(projectID int64) []*cekura.ScenarioFolder {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*cekura.ScenarioFolder
	for _, f := range s.sortedFolders(projectID) {
		out = append(out, f.render())
	}
	return out
}

// sortedFolders returns a project's folders by path. s.mu is held.
func (s *Server) sortedFolders(project int64) []*folder {
	list := slices.Clone(s.authoring.folders[project])
	slices.SortFunc(list, func(a, b *folder) int { return strings.Compare(strings.ToLower(a.path), strings.ToLower(b.path)) })
	return list
}

// findFolder returns a project's folder of that path, case aside. s.mu is
// held.
func (s *Server) findFolder(project int64, path string) *folder {
	for _, f := range s.authoring.folders[project] {
		if strings.EqualFold(f.path, path) {
			return f
		}
	}
	return nil
}

// scenarioProject is the project a scenario belongs to: its own, or its
// agent's. s.mu is held.
func (s *Server) scenarioProject(sc *scenario) int64 {
	if sc.project != 0 {
		return sc.project
	}
	if a, ok := s.agents.get(sc.agent); ok && a.project != nil {
		return *a.project
	}
	return 0
}

// repath moves every folder and scenario path of a project under from to
// under to. s.mu is held.
func (s *Server) repath(project int64, from, to string, now time.Time) {
	move := func(p string) string { return to + p[len(from):] }
	for _, f := range s.authoring.folders[project] {
		if under(f.path, from) {
			f.path, f.updatedAt = move(f.path), now
			if i := strings.LastIndexByte(f.path, '.'); i >= 0 {
				f.name = f.path[i+1:]
			} else {
				f.name = f.path
			}
		}
	}
	for _, id := range s.scenarios.ids(nil) {
		sc, _ := s.scenarios.get(id)
		if sc.folder != "" && under(sc.folder, from) && s.scenarioProject(sc) == project {
			sc.folder, sc.updatedAt = move(sc.folder), now
		}
	}
}

// folderFields reads the project and path every folder action takes.
func folderFields(fields map[string]json.RawMessage, errs errTree, keys ...string) (project int64, path string) {
	if raw, ok := fields["project_id"]; !ok {
		errs.add("project_id", msgRequired)
	} else if v, msg := integer(raw); msg != "" {
		errs.add("project_id", msg)
	} else {
		project = v
	}
	for _, k := range keys {
		if raw, ok := fields[k]; !ok {
			errs.add(k, msgRequired)
		} else if v, msg := str(raw); msg != "" {
			errs.add(k, msg)
		} else if strings.TrimSpace(v) == "" {
			errs.add(k, msgBlank)
		} else {
			path = v
		}
	}
	return project, path
}

// folderName checks a folder's new name.
func folderName(fields map[string]json.RawMessage, errs errTree, limit int) string {
	raw, ok := fields["name"]
	if !ok {
		errs.add("name", msgRequired)
		return ""
	}
	v, msg := str(raw)
	switch {
	case msg != "":
		errs.add("name", msg)
	case strings.TrimSpace(v) == "":
		errs.add("name", msgBlank)
	case limit > 0 && utf8.RuneCountInString(v) > limit:
		errs.add("name", fmt.Sprintf("Ensure this field has no more than %d characters.", limit))
	case strings.Contains(v, "."):
		errs.add("name", "Folder names cannot contain \".\".")
	}
	return v
}

func (s *Server) listFolders(w http.ResponseWriter, r *http.Request, _ []byte) {
	q := r.URL.Query()
	project, err := strconv.ParseInt(q.Get("project_id"), 10, 64)
	switch {
	case q.Get("project_id") == "":
		writeJSON(w, http.StatusBadRequest, errTree{"project_id": []string{msgRequired}})
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, errTree{"project_id": []string{msgInteger}})
		return
	}
	pr, ok := s.parsePage(w, q)
	if !ok {
		return
	}
	parent, search := q.Get("parent_path"), strings.ToLower(q.Get("search"))
	s.mu.Lock()
	defer s.mu.Unlock()
	var kept []*folder
	for _, f := range s.sortedFolders(project) {
		if q.Has("parent_path") && !strings.EqualFold(parentOf(f.path), parent) {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(f.name), search) {
			continue
		}
		kept = append(kept, f)
	}
	ids := make([]int64, len(kept))
	for i := range kept {
		ids[i] = int64(i)
	}
	writePage(w, r, pr, ids, func(i int64) any { return kept[i].render() })
}

func (s *Server) createFolder(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	project, _ := folderFields(fields, errs)
	name := folderName(fields, errs, 100)
	var parent string
	if raw, ok := fields["parent_path"]; ok && !isNull(raw) {
		v, msg := str(raw)
		if msg != "" {
			errs.add("parent_path", msg)
		}
		parent = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	path := name
	if len(errs) == 0 && parent != "" {
		p := s.findFolder(project, parent)
		if p == nil {
			errs.add("parent_path", fmt.Sprintf("Folder %q does not exist.", parent))
		} else {
			path = p.path + "." + name
		}
	}
	if len(errs) == 0 && s.findFolder(project, path) != nil {
		errs.add("name", fmt.Sprintf("A folder named %q already exists here.", name))
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	f := &folder{name: name, path: path, createdAt: now, updatedAt: now}
	s.authoring.folders[project] = append(s.authoring.folders[project], f)
	s.finishWrite(w, r, http.StatusCreated, f.render())
}

func (s *Server) renameFolder(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	project, path := folderFields(fields, errs, "path")
	name := folderName(fields, errs, 0)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.findFolder(project, path)
	if f == nil {
		writeJSON(w, http.StatusNotFound, detail("Folder not found."))
		return
	}
	to := name
	if p := parentOf(f.path); p != "" {
		to = p + "." + name
	}
	if other := s.findFolder(project, to); other != nil && other != f {
		writeJSON(w, http.StatusBadRequest, errTree{"name": []string{fmt.Sprintf("A folder named %q already exists here.", name)}})
		return
	}
	s.repath(project, f.path, to, s.now())
	s.finishWrite(w, r, http.StatusOK, f.render())
}

func (s *Server) moveFolder(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	project, path := folderFields(fields, errs, "path")
	var into string
	if raw, ok := fields["new_parent_path"]; ok && !isNull(raw) {
		v, msg := str(raw)
		if msg != "" {
			errs.add("new_parent_path", msg)
		}
		into = v
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.findFolder(project, path)
	if f == nil {
		writeJSON(w, http.StatusNotFound, detail("Folder not found."))
		return
	}
	to := f.name
	if into != "" {
		target := s.findFolder(project, into)
		switch {
		case target == nil:
			errs.add("new_parent_path", fmt.Sprintf("Folder %q does not exist.", into))
		case under(target.path, f.path):
			errs.add("new_parent_path", "Cannot move a folder into itself or one of its subfolders.")
		default:
			to = target.path + "." + f.name
		}
	}
	if other := s.findFolder(project, to); len(errs) == 0 && other != nil && other != f {
		errs.add("new_parent_path", fmt.Sprintf("A folder named %q already exists there.", f.name))
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.repath(project, f.path, to, s.now())
	s.finishWrite(w, r, http.StatusOK, f.render())
}

func (s *Server) deleteFolder(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	project, path := folderFields(fields, errs, "path")
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.findFolder(project, path)
	if f == nil {
		writeJSON(w, http.StatusNotFound, detail("Folder not found."))
		return
	}
	gone := f.path
	s.authoring.folders[project] = slices.DeleteFunc(s.authoring.folders[project], func(x *folder) bool { return under(x.path, gone) })
	now := s.now()
	for _, id := range s.scenarios.ids(nil) {
		sc, _ := s.scenarios.get(id)
		if sc.folder != "" && under(sc.folder, gone) && s.scenarioProject(sc) == project {
			sc.folder, sc.updatedAt = "", now
		}
	}
	s.finishWrite(w, r, http.StatusNoContent, nil)
}

func (s *Server) deleteScenarios(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	var ids []int64
	if raw, ok := fields["scenarios"]; !ok {
		errs.add("scenarios", msgRequired)
	} else if json.Unmarshal(raw, &ids) != nil || len(ids) == 0 {
		errs.add("scenarios", "Expected a non-empty list of evaluator ids.")
	}
	agentID, projectID := optionalInt(fields, errs, "agent_id"), optionalInt(fields, errs, "project_id")
	if agentID == 0 && projectID == 0 && len(errs) == 0 {
		errs.add("non_field_errors", "Either agent_id or project_id is required.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(errs) == 0 {
		for _, id := range ids {
			sc, ok := s.scenarios.get(id)
			switch {
			case !ok:
				errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
			case agentID != 0 && sc.agent != agentID, projectID != 0 && s.scenarioProject(sc) != projectID:
				errs.add("scenarios", fmt.Sprintf("Evaluator %d is not in this agent or project.", id))
			}
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	for _, id := range ids {
		s.scenarios.remove(id)
	}
	s.finishWrite(w, r, http.StatusNoContent, nil)
}

// suiteSchemaDocument is the JSON Schema of the suite file the fake serves:
// the shape of cekura.Suite, in brief.
const suiteSchemaDocument = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://docs.cekura.ai/schemas/test-suite/v1.json",
  "title": "Cekura test suite",
  "type": "object",
  "required": ["version", "scenarios"],
  "properties": {
    "$schema": {"type": "string"},
    "version": {"const": "1"},
    "suite": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 255}, "description": {"type": "string"}}},
    "defaults": {"$ref": "#/$defs/settings"},
    "scenarios": {"type": "array", "minItems": 1, "maxItems": 200, "items": {"$ref": "#/$defs/case"}}
  },
  "$defs": {
    "metric": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 1}]},
    "settings": {
      "type": "object",
      "properties": {
        "frequency": {"type": "integer", "minimum": 1},
        "max_duration": {"type": "integer", "minimum": 10, "maximum": 3600},
        "language": {"type": "string"},
        "metrics": {"type": "array", "items": {"$ref": "#/$defs/metric"}},
        "tags": {"type": "array", "items": {"type": "string"}}
      }
    },
    "case": {
      "type": "object",
      "required": ["name"],
      "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 80},
        "key": {"type": "string"},
        "type": {"enum": ["instruction", "conditional_actions", "real_world_fixed", "real_world_smart"]},
        "instructions": {"type": "string"},
        "conditional_actions": {"type": "object"},
        "expected_outcome": {"type": "string"},
        "first_message": {"type": "string", "maxLength": 1000},
        "frequency": {"type": "integer", "minimum": 1},
        "metrics": {"type": "array", "items": {"$ref": "#/$defs/metric"}},
        "tools": {"type": "array", "items": {"enum": ["end_call", "dtmf", "receive_dtmf", "end_call_only_on_transfer", "send_sms", "call_hold"]}}
      }
    }
  }
}`

func (s *Server) suiteSchema(w http.ResponseWriter, r *http.Request, _ []byte) {
	if v := r.URL.Query().Get("version"); v != "" && v != cekura.SuiteVersion {
		writeJSON(w, http.StatusBadRequest, errTree{"version": []string{fmt.Sprintf("Unknown spec version %q. Available: %s.", v, cekura.SuiteVersion)}})
		return
	}
	writeJSON(w, http.StatusOK, json.RawMessage(suiteSchemaDocument))
}

// newProgressID returns the next job's id. s.mu is held.
func (s *Server) newProgressID() string {
	s.authoring.seq++
	return fmt.Sprintf("00000000-0000-4000-9000-%012d", s.authoring.seq)
}

// progress answers a job's progress GET: the 400 of a missing or unknown
// progress_id, else what answer makes of the job at the fake's now (with
// s.mu held). jobs is read under s.mu.
func progress[T any](w http.ResponseWriter, r *http.Request, s *Server, jobs map[string]*T, answer func(j *T, now time.Time) any) {
	id := r.URL.Query().Get("progress_id")
	if id == "" {
		writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{msgRequired}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := jobs[id]
	if !ok {
		writeJSON(w, http.StatusBadRequest, errTree{"progress_id": []string{"Invalid progress_id."}})
		return
	}
	writeJSON(w, http.StatusOK, answer(j, s.now()))
}

// instructionsJob is instructions being written or improved.
type instructionsJob struct {
	id           string
	project      int64
	started      time.Time
	instructions string
}

// jobAgent reads the agent of a job's request, by agent or assistant_id,
// into errs. s.mu is held.
func (s *Server) jobAgent(fields map[string]json.RawMessage, errs errTree, agentKey string) (int64, *agent) {
	var id int64
	if raw, ok := fields[agentKey]; ok && !isNull(raw) {
		v, msg := integer(raw)
		if msg != "" {
			errs.add(agentKey, msg)
			return 0, nil
		}
		id = v
	} else if raw, ok := fields["assistant_id"]; ok {
		if id = s.agentByAssistant(raw); id == 0 {
			errs.add("assistant_id", "No agent has this assistant id.")
			return 0, nil
		}
	} else {
		return 0, nil
	}
	a, ok := s.agents.get(id)
	if !ok {
		errs.add(agentKey, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
		return 0, nil
	}
	return id, a
}

// optionalInt reads an optional, nullable integer field into errs (0 when
// absent or null).
func optionalInt(fields map[string]json.RawMessage, errs errTree, key string) int64 {
	raw, ok := fields[key]
	if !ok || isNull(raw) {
		return 0
	}
	v, msg := integer(raw)
	if msg != "" {
		errs.add(key, msg)
	}
	return v
}

// stringFields reads optional string fields into errs.
func stringFields(fields map[string]json.RawMessage, errs errTree, keys ...string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		if raw, ok := fields[k]; ok && !isNull(raw) {
			v, msg := str(raw)
			if msg != "" {
				errs.add(k, msg)
			}
			out[k] = v
		}
	}
	return out
}

func (s *Server) generateInstructions(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	if raw, ok := fields["personality"]; !ok {
		errs.add("personality", msgRequired)
	} else if _, msg := integer(raw); msg != "" {
		errs.add("personality", msg)
	}
	text := stringFields(fields, errs, "name", "expected_outcome_prompt", "first_message", "instructions")
	var project int64
	if raw, ok := fields["project"]; ok && !isNull(raw) {
		v, msg := integer(raw)
		if msg != "" {
			errs.add("project", msg)
		}
		project = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	agentID, a := s.jobAgent(fields, errs, "agent")
	if agentID == 0 && project == 0 && len(errs) == 0 {
		errs.add("non_field_errors", "Either agent or project must be provided.")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if a != nil && a.project != nil {
		project = *a.project
	}
	var b strings.Builder
	b.WriteString("You are a caller testing a voice agent.")
	if text["name"] != "" {
		b.WriteString(" Scenario: " + text["name"] + ".")
	}
	if text["expected_outcome_prompt"] != "" {
		b.WriteString(" Your goal: " + text["expected_outcome_prompt"] + ".")
	}
	if text["first_message"] != "" {
		b.WriteString(" Open with: \"" + text["first_message"] + "\".")
	}
	if text["instructions"] != "" {
		b.WriteString(" " + text["instructions"])
	}
	b.WriteString(" Answer what the agent asks, stay in character, and end the call once the goal is reached or refused.")
	s.startInstructions(w, r, project, b.String())
}

func (s *Server) improveInstructions(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	if _, ok := fields["agent"]; !ok {
		errs.add("agent", msgRequired)
	}
	text := stringFields(fields, errs, "extra_instructions", "current_instructions")
	if _, ok := fields["extra_instructions"]; !ok {
		errs.add("extra_instructions", msgRequired)
	} else if len(errs) == 0 && strings.TrimSpace(text["extra_instructions"]) == "" {
		errs.add("extra_instructions", msgBlank)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a := s.jobAgent(fields, errs, "agent")
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	var project int64
	if a.project != nil {
		project = *a.project
	}
	improved := strings.TrimSpace(text["current_instructions"] + " " + strings.TrimSpace(text["extra_instructions"]) + ".")
	s.startInstructions(w, r, project, improved)
}

// startInstructions stores an instructions job and answers its id. s.mu
// is held.
func (s *Server) startInstructions(w http.ResponseWriter, r *http.Request, project int64, instructions string) {
	j := &instructionsJob{id: s.newProgressID(), project: project, started: s.now(), instructions: instructions}
	s.authoring.instructions[j.id] = j
	s.finishWrite(w, r, http.StatusOK, map[string]any{"progress_id": j.id, "project_id": j.project})
}

func (s *Server) instructionsProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	progress(w, r, s, s.authoring.instructions, func(j *instructionsJob, now time.Time) any {
		out := map[string]any{"progress_id": j.id, "project_id": j.project, "status": cekura.JobStatusInProgress, "error": nil}
		if now.Sub(j.started) >= authoringStep {
			out["status"], out["instructions"] = cekura.JobStatusCompleted, j.instructions
		}
		return out
	})
}

// transcriptJob is a scenario being made from a transcript.
type transcriptJob struct {
	agent, personality int64
	name, expected     string
	folder             string
	callerSays         []string
	started            time.Time
	status             cekura.JobStatus
	scenario           int64
	failure            string
}

// transcriptMessages reads transcript_json into errs: a list of messages
// with a known role. It returns what the caller said.
func transcriptMessages(fields map[string]json.RawMessage, errs errTree) (callerSays []string) {
	raw, ok := fields["transcript_json"]
	if !ok {
		errs.add("transcript_json", msgRequired)
		return nil
	}
	var msgs []json.RawMessage
	if json.Unmarshal(raw, &msgs) != nil || len(msgs) == 0 {
		errs.add("transcript_json", "Expected a non-empty list of messages.")
		return nil
	}
	roles := []string{"Main Agent", "Testing Agent", "Function Call", "Function Call Result"}
	bad := errTree{}
	for i, m := range msgs {
		obj, e := object(m)
		if len(e) > 0 {
			bad.nest(strconv.Itoa(i), e)
			continue
		}
		e = errTree{}
		role, msg := "", msgRequired
		if rr, ok := obj["role"]; ok {
			role, msg = choice(rr, roles)
		}
		if msg != "" {
			e.add("role", msg)
		}
		content := ""
		if c, ok := obj["content"]; ok {
			if content, msg = str(c); msg != "" {
				e.add("content", msg)
			}
		}
		bad.nest(strconv.Itoa(i), e)
		if role == "Testing Agent" && content != "" {
			callerSays = append(callerSays, content)
		}
	}
	errs.nest("transcript_json", bad)
	return callerSays
}

func (s *Server) createFromTranscript(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	says := transcriptMessages(fields, errs)
	text := stringFields(fields, errs, "name", "expected_outcome_prompt", "folder_path")
	personality := int64(1)
	if raw, ok := fields["personality"]; ok {
		v, msg := integer(raw)
		if msg != "" {
			errs.add("personality", msg)
		}
		personality = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	agentID, a := s.jobAgent(fields, errs, "agent")
	if agentID == 0 && len(errs) == 0 {
		errs.add("agent", "Either agent or assistant_id is required.")
	}
	if f := text["folder_path"]; f != "" && a != nil {
		var project int64
		if a.project != nil {
			project = *a.project
		}
		if s.findFolder(project, f) == nil {
			errs.add("folder_path", fmt.Sprintf("Folder %q does not exist.", f))
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	j := &transcriptJob{agent: agentID, personality: personality, name: text["name"], expected: text["expected_outcome_prompt"],
		folder: text["folder_path"], callerSays: says, started: s.now(), status: cekura.JobStatusInProgress}
	id := s.newProgressID()
	s.authoring.transcripts[id] = j
	s.finishWrite(w, r, http.StatusOK, map[string]string{"progress_id": id})
}

func (s *Server) transcriptProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	progress(w, r, s, s.authoring.transcripts, func(j *transcriptJob, now time.Time) any {
		if j.status == cekura.JobStatusInProgress && now.Sub(j.started) >= authoringStep {
			s.finishTranscript(j, now)
		}
		out := map[string]any{"agent_id": j.agent, "status": j.status, "scenario_id": nil, "error": nil, "scenario": nil}
		if j.failure != "" {
			out["error"] = j.failure
		}
		if sc, ok := s.scenarios.get(j.scenario); ok && j.scenario != 0 {
			out["scenario_id"], out["scenario"] = sc.id, sc.render()
		}
		return out
	})
}

// finishTranscript ends a transcript job: the scenario made, or a failure
// when the caller said nothing. s.mu is held.
func (s *Server) finishTranscript(j *transcriptJob, now time.Time) {
	if len(j.callerSays) == 0 {
		j.status, j.failure = cekura.JobStatusFailed, "The transcript has no Testing Agent message: nothing shows the caller's behaviour."
		return
	}
	name := j.name
	if name == "" {
		name = "From transcript: " + firstWords(j.callerSays[0], 6)
	}
	expected := j.expected
	if expected == "" {
		expected = "The agent handles the caller as it did in the original call."
	}
	instructions := "Act as the caller of the original call. Say, in this order:\n- " + strings.Join(j.callerSays, "\n- ")
	sc := &scenario{agent: j.agent, personality: j.personality, name: name, scenarioType: "instruction", instructions: instructions,
		expected: expected, folder: j.folder, createdAt: now, updatedAt: now}
	sc.id = s.scenarios.insert(sc)
	j.status, j.scenario = cekura.JobStatusCompleted, sc.id
}

// firstWords returns the first n words of s, for a name (at most 80
// characters).
func firstWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) > n {
		words = words[:n]
	}
	out := strings.Join(words, " ")
	if r := []rune(out); len(r) > 60 {
		out = string(r[:60])
	}
	return out
}

func (s *Server) updateWithTranscript(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, ok := s.scenarios.get(id)
	switch {
	case !ok:
		notFound(w)
		return
	case bad != nil:
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	// The API stores the transcript's embeddings and a description of the
	// call, which its answer does not show: the fake checks the transcript
	// and keeps nothing of it.
	errs := errTree{}
	if transcriptMessages(fields, errs); len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	sc.updatedAt = s.now()
	s.finishWrite(w, r, http.StatusOK, sc.render())
}

// agentJob is a scenario agent's request.
type agentJob struct {
	id, mode     string
	session      int64
	started      time.Time
	status       cekura.JobStatus
	result       map[string]any
	failure      string
	message      string
	agent        int64
	scenarios    []int64
	selections   map[string]int64
	numScenarios int64
	apply        bool
	updated      []map[string]json.RawMessage
}

func (s *Server) scenarioAgent(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	errs := errTree{}
	j := &agentJob{numScenarios: 1, mode: string(cekura.ScenarioAgentModeClarify), status: cekura.JobStatusInProgress}
	text := stringFields(fields, errs, "user_message")
	j.message = strings.TrimSpace(text["user_message"])
	j.agent, j.session = optionalInt(fields, errs, "agent_id"), optionalInt(fields, errs, "session_id")
	if raw, ok := fields["num_scenarios"]; ok {
		v, msg := integer(raw)
		if msg == "" && v < 1 {
			msg = "Ensure this value is greater than or equal to 1."
		}
		if msg != "" {
			errs.add("num_scenarios", msg)
		}
		j.numScenarios = v
	}
	all := false
	if raw, ok := fields["scenarios"]; ok && !isNull(raw) {
		var one int64
		var word string
		switch {
		case json.Unmarshal(raw, &j.scenarios) == nil:
		case json.Unmarshal(raw, &one) == nil:
			j.scenarios = []int64{one}
		case json.Unmarshal(raw, &word) == nil && word == "all":
			all = true
		default:
			errs.add("scenarios", "Pass a list of evaluator ids, one id, or \"all\" (not a JSON-encoded string).")
		}
	}
	if raw, ok := fields["apply_changes"]; ok {
		v, msg := boolean(raw, false)
		if msg != "" {
			errs.add("apply_changes", msg)
		} else {
			j.apply = *v
		}
	}
	if raw, ok := fields["updated_scenarios"]; ok && json.Unmarshal(raw, &j.updated) != nil {
		errs.add("updated_scenarios", "Expected a list of objects.")
	}
	if raw, ok := fields["agent_selections"]; ok && json.Unmarshal(raw, &j.selections) != nil {
		errs.add("agent_selections", "Expected an object of scenario ids to agent ids.")
	}
	if j.apply && len(j.updated) == 0 {
		errs.add("updated_scenarios", "Required when apply_changes is true.")
	}
	if j.message == "" && !j.apply && len(j.selections) == 0 && len(errs) == 0 {
		errs.add("user_message", msgRequired)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if all && len(errs) == 0 {
		if j.agent == 0 {
			errs.add("agent_id", "Required when scenarios is \"all\".")
		}
		j.scenarios = s.scenarios.ids(func(sc *scenario) bool { return sc.agent == j.agent })
	}
	for _, id := range j.scenarios {
		if _, ok := s.scenarios.get(id); !ok {
			errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
		}
	}
	if j.agent != 0 && len(errs) == 0 {
		if _, ok := s.agents.get(j.agent); !ok {
			errs.add("agent_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", j.agent))
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if len(j.scenarios) > 0 || j.apply {
		j.mode = string(cekura.ScenarioAgentModeImprove)
	}
	if j.session == 0 {
		s.authoring.sessions++
		j.session = s.authoring.sessions
	}
	j.id, j.started = s.newProgressID(), s.now()
	s.authoring.agentJobs[j.id] = j
	s.finishWrite(w, r, http.StatusOK, map[string]any{"progress_id": j.id, "session_id": j.session})
}

func (s *Server) scenarioAgentProgress(w http.ResponseWriter, r *http.Request, _ []byte) {
	progress(w, r, s, s.authoring.agentJobs, func(j *agentJob, now time.Time) any {
		if j.status == cekura.JobStatusInProgress && now.Sub(j.started) >= authoringStep {
			s.finishAgentJob(j, now)
		}
		out := map[string]any{"progress_id": j.id, "session_id": j.session, "mode": j.mode, "status": j.status, "result": nil, "error": nil}
		if j.result != nil {
			out["result"] = j.result
		}
		if j.failure != "" {
			out["error"] = j.failure
		}
		return out
	})
}

// finishAgentJob ends a scenario agent's job. s.mu is held.
func (s *Server) finishAgentJob(j *agentJob, now time.Time) {
	j.status = cekura.JobStatusCompleted
	switch {
	case j.apply:
		var applied []int64
		for _, u := range j.updated {
			var id int64
			if raw, ok := u["id"]; ok {
				id, _ = integer(raw)
			}
			sc, ok := s.scenarios.get(id)
			if !ok && id != 0 {
				j.status, j.failure = cekura.JobStatusFailed, fmt.Sprintf("Evaluator %d no longer exists.", id)
				return
			}
			if !ok {
				if j.agent == 0 {
					j.status, j.failure = cekura.JobStatusFailed, "A new evaluator needs agent_id."
					return
				}
				sc = &scenario{agent: j.agent, personality: 1, scenarioType: "instruction", createdAt: now}
				sc.id = s.scenarios.insert(sc)
			}
			for k, dst := range map[string]*string{"name": &sc.name, "instructions": &sc.instructions, "expected_outcome_prompt": &sc.expected} {
				if raw, ok := u[k]; ok {
					if v, msg := str(raw); msg == "" {
						*dst = v
					}
				}
			}
			if sc.name == "" {
				sc.name = "Evaluator " + strconv.FormatInt(sc.id, 10)
			}
			sc.updatedAt = now
			applied = append(applied, sc.id)
		}
		j.result = map[string]any{"message": fmt.Sprintf("Applied the changes to %d evaluators.", len(applied)), "applied_scenario_ids": applied}
	case len(j.scenarios) > 0:
		var needing []int64
		var updated []map[string]any
		for _, id := range j.scenarios {
			sc, ok := s.scenarios.get(id)
			if !ok {
				j.status, j.failure = cekura.JobStatusFailed, fmt.Sprintf("Evaluator %d no longer exists.", id)
				return
			}
			if sc.agent == 0 && j.agent == 0 && j.selections[strconv.FormatInt(id, 10)] == 0 {
				needing = append(needing, id)
				continue
			}
			updated = append(updated, map[string]any{"id": id, "name": sc.name,
				"instructions": strings.TrimSpace(sc.instructions + "\n" + j.message)})
		}
		if len(needing) > 0 {
			j.status = cekura.JobStatusNeedsAgentClarification
			j.result = map[string]any{"message": "Which agent is each of these evaluators for?", "scenarios_needing_agent": needing,
				"pending_tool_calls": []map[string]any{{"name": "update_evaluators", "arguments": map[string]any{"scenarios": j.scenarios}}}}
			return
		}
		j.result = map[string]any{"message": fmt.Sprintf("Suggested changes to %d evaluators: review them, then apply them with apply_changes.", len(updated)),
			"updated_scenarios": updated}
	default:
		n := min(j.numScenarios, maxDrafts)
		drafts := make([]map[string]any, 0, n)
		for i := range n {
			drafts = append(drafts, map[string]any{"name": fmt.Sprintf("%s (%d)", firstWords(j.message, 6), i+1),
				"instructions": "You are a caller. " + j.message})
		}
		j.result = map[string]any{"message": fmt.Sprintf("Wrote %d new evaluators: review them, then create them with apply_changes.", len(drafts)),
			"updated_scenarios": drafts}
	}
}
