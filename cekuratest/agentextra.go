package cekuratest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// The agent fields of the API's 2026-08 revision and the agents'
// sub-resources: knowledge base, mock tools, dynamic variables,
// personalities, versions and imports from the provider.

type agentExtra struct {
	emailID          *string
	mockToolsEnabled bool
	tools            []mockTool
	vars             []dynVar
	files            []kbFile
	websocketURL     *string
	websocketUser    *string
	websocketPass    string
	redact           []string
	personalities    []int64
	versions         []version
	imports          map[string]time.Time
	nextID           int64 // ids of tools, variables and files
}

type mockTool struct {
	id                int64
	name, description string
	mockData          json.RawMessage
	mcp               bool
	mockIndex         int
}

type dynVar struct {
	id                int64
	name, description string
}

type kbFile struct {
	id        int64
	name      string
	size      int64
	createdAt time.Time
}

// version is one entry of an agent's history: the agent as it was.
type version struct {
	id               int64
	date             time.Time
	typ, versionName string
	state            *agent // without its versions and imports
}

func (x *agentExtra) clone() agentExtra {
	c := *x
	c.tools, c.vars, c.files = slices.Clone(x.tools), slices.Clone(x.vars), slices.Clone(x.files)
	c.redact, c.personalities, c.versions = slices.Clone(x.redact), slices.Clone(x.personalities), slices.Clone(x.versions)
	return c
}

func (x *agentExtra) id() int64 { x.nextID++; return x.nextID }

// apply applies the 2026-08 fields of a body, adding problems to errs.
func (x *agentExtra) apply(a *agent, fields map[string]json.RawMessage, errs errTree) {
	if raw, ok := fields["email_id"]; ok {
		if isNull(raw) {
			x.emailID = nil
		} else if s, msg := str(raw); msg != "" || !strings.Contains(s, "@") {
			errs.add("email_id", "Enter a valid email address.")
		} else {
			x.emailID = &s
		}
	}
	if raw, ok := fields["mock_tools_enabled"]; ok {
		if b, msg := boolean(raw, false); msg != "" {
			errs.add("mock_tools_enabled", msg)
		} else {
			x.mockToolsEnabled = *b
		}
	}
	if raw, ok := fields["mock_tools"]; ok {
		x.applyTools(raw, errs)
	}
	if raw, ok := fields["dynamic_variables"]; ok {
		var items []struct {
			Name        *string `json:"name"`
			Description *string `json:"description"`
		}
		if json.Unmarshal(raw, &items) != nil {
			errs.add("dynamic_variables", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		} else {
			vars := make([]dynVar, 0, len(items))
			for i, it := range items {
				if it.Name == nil || it.Description == nil {
					errs.nest("dynamic_variables", errTree{strconv.Itoa(i): errTree{"name": []string{msgRequired}}})
					continue
				}
				v := dynVar{name: *it.Name, description: *it.Description}
				for _, old := range x.vars {
					if old.name == v.name {
						v.id = old.id
					}
				}
				if v.id == 0 {
					v.id = x.id()
				}
				vars = append(vars, v)
			}
			x.vars = vars
		}
	}
	if raw, ok := fields["knowledge_base_files"]; ok {
		x.applyFiles(raw, errs)
	}
	if raw, ok := fields["telephony"]; ok {
		if t, _ := object(raw); t != nil {
			if ws, ok := t["websocket_url"]; ok {
				if isNull(ws) {
					x.websocketURL = nil
				} else if s, msg := str(ws); msg != "" || !(strings.HasPrefix(s, "ws://") || strings.HasPrefix(s, "wss://")) {
					errs.nest("telephony", errTree{"websocket_url": []string{"Enter a valid URL."}})
				} else {
					x.websocketURL = &s
				}
			}
			if auth, ok := t["websocket_auth"]; ok {
				var v struct{ Username, Password string }
				if isNull(auth) {
					x.websocketUser, x.websocketPass = nil, ""
				} else if json.Unmarshal(auth, &v) == nil {
					x.websocketUser, x.websocketPass = &v.Username, v.Password
				}
			}
		}
	}
	if raw, ok := fields["provider"]; ok {
		if p, _ := object(raw); p != nil {
			if rf, ok := p["redact_fields"]; ok {
				x.redact = nil
				_ = json.Unmarshal(rf, &x.redact)
			}
		}
	}
}

// applyTools replaces the tools with the body's full set: an item with an
// id (or a known name) updates that tool, one without creates a tool, and
// tools left out are deleted.
func (x *agentExtra) applyTools(raw json.RawMessage, errs errTree) {
	var items []struct {
		ID          int64           `json:"id"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		MockData    json.RawMessage `json:"mock_data"`
		ServedVia   *struct {
			Type      string `json:"type"`
			MockIndex int    `json:"mock_index"`
		} `json:"served_via"`
	}
	if json.Unmarshal(raw, &items) != nil {
		errs.add("mock_tools", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return
	}
	tools := make([]mockTool, 0, len(items))
	for i, it := range items {
		t := mockTool{id: it.ID, name: it.Name, description: it.Description, mockData: it.MockData}
		if it.ServedVia != nil && it.ServedVia.Type == "mcp" {
			t.mcp, t.mockIndex = true, it.ServedVia.MockIndex
		}
		for _, old := range x.tools {
			if (t.id != 0 && old.id == t.id) || (t.id == 0 && old.name == t.name) {
				t.id = old.id
				if t.name == "" {
					t.name = old.name
				}
			}
		}
		switch {
		case it.ID != 0 && t.name == "":
			errs.nest("mock_tools", errTree{strconv.Itoa(i): errTree{"id": []string{fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", it.ID)}}})
			continue
		case t.name == "":
			errs.nest("mock_tools", errTree{strconv.Itoa(i): errTree{"name": []string{msgRequired}}})
			continue
		case utf8.RuneCountInString(t.name) >= 64 || strings.Trim(t.name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "":
			errs.nest("mock_tools", errTree{strconv.Itoa(i): errTree{"name": []string{"Only letters, digits, underscores and hyphens, under 64 characters."}}})
			continue
		}
		if t.id == 0 {
			t.id = x.id()
		}
		tools = append(tools, t)
	}
	x.tools = tools
}

var fileTypes = map[string]string{".pdf": "application/pdf", ".txt": "text/plain", ".json": "application/json",
	".csv": "text/csv", ".xml": "application/xml", ".md": "text/markdown"}

// applyFiles replaces the files with the body's set: existing ones by id,
// new ones from file_name and content_base64.
func (x *agentExtra) applyFiles(raw json.RawMessage, errs errTree) {
	var items []struct {
		ID            int64  `json:"id"`
		FileName      string `json:"file_name"`
		Name          string `json:"name"`
		ContentBase64 string `json:"content_base64"`
	}
	if json.Unmarshal(raw, &items) != nil {
		errs.add("knowledge_base_files", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return
	}
	files := make([]kbFile, 0, len(items))
	for i, it := range items {
		if it.ID != 0 {
			j := slices.IndexFunc(x.files, func(f kbFile) bool { return f.id == it.ID })
			if j < 0 {
				errs.nest("knowledge_base_files", errTree{strconv.Itoa(i): errTree{"id": []string{fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", it.ID)}}})
				continue
			}
			files = append(files, x.files[j])
			continue
		}
		name := cmpOr(it.FileName, it.Name)
		content, err := base64.StdEncoding.DecodeString(it.ContentBase64[strings.Index(it.ContentBase64, ",")+1:])
		if _, ok := fileTypes[strings.ToLower(path.Ext(name))]; !ok || err != nil {
			errs.nest("knowledge_base_files", errTree{strconv.Itoa(i): errTree{"file_name": []string{"Upload a pdf, txt, json, csv, xml or md file in base64."}}})
			continue
		}
		files = append(files, kbFile{id: x.id(), name: name, size: int64(len(content))})
	}
	x.files = files
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// render sets the 2026-08 fields of an agent's answer.
func (x *agentExtra) render(a *agent, out *cekura.Agent) {
	out.WebhookSecretConfigured = a.webhookSecret != ""
	if x.emailID != nil {
		out.EmailID = *x.emailID
	}
	out.MockToolsEnabled = x.mockToolsEnabled
	out.MockTools = []*cekura.MockTool{}
	for _, t := range x.tools {
		mt := &cekura.MockTool{ID: t.id, Name: t.name, Description: t.description, MockData: t.mockData, SubscriberCount: 1,
			ServedVia: cekura.MockToolServedVia{Type: "direct", URL: fmt.Sprintf("https://api.cekura.ai/test_framework/v1/aiagents/%d/tool/%s/", a.id, t.name)}}
		if mt.MockData == nil {
			mt.MockData = json.RawMessage(`[]`)
		}
		if t.mcp {
			mt.ServedVia = cekura.MockToolServedVia{Type: "mcp", MockIndex: t.mockIndex,
				URL: fmt.Sprintf("https://api.cekura.ai/test_framework/v1/aiagents/%d/mcp/%d/", a.id, t.mockIndex)}
		}
		out.MockTools = append(out.MockTools, mt)
	}
	out.DynamicVariables = []*cekura.DynamicVariable{}
	for _, v := range x.vars {
		out.DynamicVariables = append(out.DynamicVariables, &cekura.DynamicVariable{ID: v.id, Name: v.name, Description: v.description})
	}
	for _, f := range x.files {
		file := f.render(a.id)
		out.KnowledgeBaseFiles = append(out.KnowledgeBaseFiles, &file)
	}
	if x.websocketURL != nil {
		out.Telephony.WebsocketURL = cekura.Some(*x.websocketURL)
	}
	if x.websocketUser != nil {
		out.Telephony.WebsocketAuth = &cekura.SIPAuth{Username: *x.websocketUser}
	}
	out.Provider.RedactFields = slices.Clone(x.redact)
	out.EnabledPersonalityIDs = append([]int64{}, x.personalities...)
}

func (f kbFile) render(agentID int64) cekura.KnowledgeBaseFile {
	return cekura.KnowledgeBaseFile{ID: f.id, AgentID: agentID, FileName: f.name, FileType: fileTypes[strings.ToLower(path.Ext(f.name))], FileSize: f.size,
		FileURL: fmt.Sprintf("https://files.cekura.example/agents/%d/%s", agentID, f.name), CreatedAt: f.createdAt, UpdatedAt: f.createdAt}
}

// snapshot records a version of the agent ("+" created, "~" changed).
func (x *agentExtra) snapshot(a *agent, typ string, now time.Time) {
	versions := x.versions
	x.versions = nil // not part of the snapshot
	state := a.clone()
	x.versions = versions
	state.extra.imports = nil
	x.versions = append(x.versions, version{id: a.id*1000 + int64(len(x.versions)+1), date: now, typ: typ, state: state})
}

// restore returns a to version v as a new version: its settings, telephony,
// provider, tools and variables, as the API documents. Its id, creation
// time, history, imports, and what has endpoints of its own rather than
// versions (knowledge base files, enabled personalities) stay.
func (a *agent) restore(v version, now time.Time) {
	keep := *a
	*a = *v.state.clone()
	a.id, a.createdAt, a.updatedAt = keep.id, keep.createdAt, now
	a.extra.files, a.extra.personalities = keep.extra.files, keep.extra.personalities
	a.extra.versions, a.extra.imports, a.extra.nextID = keep.extra.versions, keep.extra.imports, keep.extra.nextID
	a.extra.snapshot(a, "~", now)
}

func (v version) render(agentID int64) *cekura.AgentVersion {
	out := &cekura.AgentVersion{HistoryID: v.id, HistoryDate: v.date, HistoryType: cekura.HistoryType(v.typ), VersionName: v.versionName,
		VersionID: "v" + strconv.FormatInt(v.id%1000, 10), AgentID: agentID, AgentName: v.state.name, Description: v.state.description, Language: cekura.Language(v.state.language)}
	// The version's tools, variables and files, resolved as the API
	// resolves its manifest.
	var state cekura.Agent
	state.Telephony, state.Provider = &cekura.Telephony{}, &cekura.AgentProvider{}
	v.state.extra.render(v.state, &state)
	out.MockTools, out.DynamicVariables, out.KnowledgeBaseFiles = state.MockTools, state.DynamicVariables, state.KnowledgeBaseFiles
	return out
}

// personalities is the fake's catalogue of simulated callers.
var personalities = []cekura.Personality{
	{ID: 1, Name: "Normal Male", Language: "en", Gender: "male", Prompt: "A calm caller.", BackgroundNoise: "none", VoiceModel: "standard"},
	{ID: 2, Name: "Impatient Female", Language: "en", Gender: "female", Prompt: "In a hurry.", BackgroundNoise: "street", VoiceModel: "standard"},
	{ID: 3, Name: "Confused Elder", Language: "en", Gender: "male", Prompt: "Needs things repeated.", BackgroundNoise: "none", VoiceModel: "standard"},
	{ID: 4, Name: "Calme", Language: "fr", Gender: "female", Prompt: "Une appelante calme.", BackgroundNoise: "cafe", VoiceModel: "standard"},
}

// agentActions are the agent's sub-resources, by path under the item.
func (s *Server) agentActions() map[string]func(http.ResponseWriter, *http.Request, int64, []byte) {
	// with runs h on the agent under the lock, or answers 404.
	with := func(method string, h func(w http.ResponseWriter, r *http.Request, a *agent, body []byte)) func(http.ResponseWriter, *http.Request, int64, []byte) {
		return func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			if r.Method != method {
				methodNotAllowed(w, r.Method, method)
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			a, ok := s.agents.get(id)
			if !ok {
				notFound(w)
				return
			}
			h(w, r, a, body)
		}
	}
	filesPage := func(w http.ResponseWriter, r *http.Request, a *agent, status int) {
		out := map[string]any{"count": len(a.extra.files), "next": nil, "previous": nil, "results": []any{}}
		results := []any{}
		for _, f := range a.extra.files {
			results = append(results, f.render(a.id))
		}
		out["results"] = results
		writeJSON(w, status, out)
	}
	personalityPage := func(w http.ResponseWriter, a *agent) {
		results := []any{}
		for _, p := range personalities {
			p.Enabled = slices.Contains(a.extra.personalities, p.ID)
			results = append(results, p)
		}
		writeJSON(w, http.StatusOK, map[string]any{"count": len(results), "next": nil, "previous": nil, "results": results})
	}
	// choose reads an EnableDisablePersonalities body: ids or "all".
	choose := func(w http.ResponseWriter, body []byte) ([]int64, bool) {
		fields, bad := parseObject(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return nil, false
		}
		raw, ok := fields["personalities"]
		if !ok {
			writeJSON(w, http.StatusBadRequest, errTree{"personalities": []string{msgRequired}})
			return nil, false
		}
		var lang string
		_ = json.Unmarshal(fields["language"], &lang)
		var ids []int64
		if string(bytes.TrimSpace(raw)) == `"all"` {
			for _, p := range personalities {
				if lang == "" || string(p.Language) == lang {
					ids = append(ids, p.ID)
				}
			}
			return ids, true
		}
		if json.Unmarshal(raw, &ids) != nil {
			writeJSON(w, http.StatusBadRequest, errTree{"personalities": []string{"Expected a list of ids or \"all\"."}})
			return nil, false
		}
		for _, id := range ids {
			if !slices.ContainsFunc(personalities, func(p cekura.Personality) bool { return p.ID == id }) {
				writeJSON(w, http.StatusBadRequest, []string{"Invalid personalities provided."})
				return nil, false
			}
		}
		return ids, true
	}
	return map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
		"duplicate": with(http.MethodPost, func(w http.ResponseWriter, r *http.Request, a *agent, body []byte) {
			var req struct {
				CopyScenarios *bool `json:"copy_scenarios"`
			}
			if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &req) != nil {
				writeJSON(w, http.StatusBadRequest, errTree{"copy_scenarios": []string{msgBoolean}})
				return
			}
			cp := a.clone()
			cp.extra = a.extra.clone()
			cp.name = a.name + " (copy)"
			cp.createdAt, cp.updatedAt = s.now(), s.now()
			cp.extra.versions = nil
			cp.id = s.agents.insert(cp)
			cp.extra.snapshot(cp, "+", s.now())
			if req.CopyScenarios != nil && *req.CopyScenarios {
				for _, id := range s.scenarios.ids(func(sc *scenario) bool { return sc.agent == a.id }) {
					sc, _ := s.scenarios.get(id)
					c := sc.clone()
					c.agent, c.createdAt, c.updatedAt = cp.id, s.now(), s.now()
					c.id = s.scenarios.insert(c)
				}
			}
			s.finishWrite(w, r, http.StatusCreated, cp.answer())
		}),
		"knowledge_base": with(http.MethodGet, func(w http.ResponseWriter, r *http.Request, a *agent, _ []byte) {
			filesPage(w, r, a, http.StatusOK)
		}),
		"upload_knowledge_base": with(http.MethodPost, func(w http.ResponseWriter, r *http.Request, a *agent, body []byte) {
			added, bad := readUpload(r, body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			for _, f := range added {
				f.id, f.createdAt = a.extra.id(), s.now()
				a.extra.files = append(a.extra.files, f)
			}
			if f, fail := s.takeFaultLocked(r, true); fail {
				writeFault(w, f)
				return
			}
			filesPage(w, r, a, http.StatusCreated)
		}),
		"delete_knowledge_base": with(http.MethodDelete, func(w http.ResponseWriter, r *http.Request, a *agent, _ []byte) {
			n := len(a.extra.files)
			a.extra.files = nil
			s.finishWrite(w, r, http.StatusOK, map[string]int{"deleted_count": n})
		}),
		"personalities": with(http.MethodGet, func(w http.ResponseWriter, _ *http.Request, a *agent, _ []byte) {
			personalityPage(w, a)
		}),
		"enable_personalities": with(http.MethodPost, func(w http.ResponseWriter, _ *http.Request, a *agent, body []byte) {
			if ids, ok := choose(w, body); ok {
				for _, id := range ids {
					if !slices.Contains(a.extra.personalities, id) {
						a.extra.personalities = append(a.extra.personalities, id)
					}
				}
				slices.Sort(a.extra.personalities)
				personalityPage(w, a)
			}
		}),
		"disable_personalities": with(http.MethodPost, func(w http.ResponseWriter, _ *http.Request, a *agent, body []byte) {
			if ids, ok := choose(w, body); ok {
				a.extra.personalities = slices.DeleteFunc(a.extra.personalities, func(id int64) bool { return slices.Contains(ids, id) })
				writeJSON(w, http.StatusOK, map[string]string{"message": fmt.Sprintf("Disabled %d personalities.", len(ids))})
			}
		}),
		"history": with(http.MethodGet, func(w http.ResponseWriter, _ *http.Request, a *agent, _ []byte) {
			results := []any{}
			for i := len(a.extra.versions) - 1; i >= 0; i-- {
				results = append(results, a.extra.versions[i].render(a.id))
			}
			writeJSON(w, http.StatusOK, map[string]any{"count": len(results), "next": nil, "previous": nil, "results": results})
		}),
		"history/edit": with(http.MethodPatch, func(w http.ResponseWriter, r *http.Request, a *agent, body []byte) {
			var req struct {
				HistoryID   int64   `json:"history_id"`
				VersionName *string `json:"version_name"`
			}
			_ = json.Unmarshal(body, &req)
			for i := range a.extra.versions {
				if a.extra.versions[i].id == req.HistoryID {
					if req.VersionName != nil {
						a.extra.versions[i].versionName = *req.VersionName
					}
					s.finishWrite(w, r, http.StatusOK, a.extra.versions[i].render(a.id))
					return
				}
			}
			notFound(w)
		}),
		"restore": with(http.MethodPost, func(w http.ResponseWriter, r *http.Request, a *agent, body []byte) {
			var req struct {
				HistoryID int64 `json:"history_id"`
			}
			if json.Unmarshal(body, &req) != nil || req.HistoryID == 0 {
				writeJSON(w, http.StatusBadRequest, errTree{"history_id": []string{msgRequired}})
				return
			}
			i := slices.IndexFunc(a.extra.versions, func(v version) bool { return v.id == req.HistoryID })
			if i < 0 {
				writeJSON(w, http.StatusBadRequest, errTree{"history_id": []string{"No such version."}})
				return
			}
			a.restore(a.extra.versions[i], s.now())
			s.finishWrite(w, r, http.StatusOK, a.answer())
		}),
		"auto-fetch": with(http.MethodPost, func(w http.ResponseWriter, r *http.Request, a *agent, _ []byte) {
			switch a.provider.typ {
			case "vapi", "retell", "elevenlabs", "synthflow":
			default:
				writeJSON(w, http.StatusBadRequest, detail("Auto-fetch is available for Retell, VAPI, ElevenLabs and Synthflow agents."))
				return
			}
			s.finishWrite(w, r, http.StatusAccepted, map[string]string{"progress_id": a.extra.startImport(s)})
		}),
		"auto-fetch-progress": with(http.MethodGet, func(w http.ResponseWriter, r *http.Request, a *agent, _ []byte) {
			started, ok := a.extra.imports[r.URL.Query().Get("progress_id")]
			if !ok {
				writeJSON(w, http.StatusBadRequest, detail("Invalid progress_id."))
				return
			}
			out := map[string]any{"agent_id": a.id, "status": "in_progress", "current_stage": "fetching", "stages": []any{}, "error": nil}
			if s.now().Sub(started) >= importTime {
				out["status"], out["current_stage"] = "completed", "done"
				if a.description == "" {
					a.description = "Imported from " + a.provider.typ
				}
			}
			writeJSON(w, http.StatusOK, out)
		}),
	}
}

// importTime is how long an import from the provider takes on the fake's clock.
const importTime = 10 * time.Second

func (x *agentExtra) startImport(s *Server) string {
	if x.imports == nil {
		x.imports = map[string]time.Time{}
	}
	s.genSeq++
	id := fmt.Sprintf("00000000-0000-4000-9000-%012d", s.genSeq)
	x.imports[id] = s.now()
	return id
}

// readUpload reads the files of an upload_knowledge_base body: multipart
// "files" parts, or JSON {"files": [{"name", "content_base64"}]}.
func readUpload(r *http.Request, body []byte) ([]kbFile, errTree) {
	var out []kbFile
	add := func(name string, size int64) errTree {
		if _, ok := fileTypes[strings.ToLower(path.Ext(name))]; !ok {
			return errTree{"files": []string{"Unsupported file type: " + path.Ext(name) + ". Use pdf, txt, json, csv, xml or md."}}
		}
		out = append(out, kbFile{name: name, size: size})
		return nil
	}
	isForm, bad := formParts(r, body, func(part *multipart.Part) errTree {
		if part.FormName() != "files" {
			return nil
		}
		return add(part.FileName(), partSize(part))
	})
	if bad != nil {
		return nil, bad
	}
	if !isForm {
		var req struct {
			Files []struct {
				Name          string `json:"name"`
				ContentBase64 string `json:"content_base64"`
			} `json:"files"`
		}
		_ = json.Unmarshal(body, &req)
		for _, f := range req.Files {
			content, err := base64.StdEncoding.DecodeString(f.ContentBase64[strings.Index(f.ContentBase64, ",")+1:])
			if err != nil {
				return nil, errTree{"files": []string{"Invalid base64 content."}}
			}
			if bad := add(f.Name, int64(len(content))); bad != nil {
				return nil, bad
			}
		}
	}
	if len(out) == 0 {
		return nil, errTree{"files": []string{msgRequired}}
	}
	return out, nil
}
