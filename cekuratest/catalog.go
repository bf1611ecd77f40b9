package cekuratest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// The project-level catalogues: personalities (the simulated callers), the
// test sets made from runs and calls, the organization's phone numbers,
// and the tools catalogue (the agents' mock tools, each once).

const (
	personalitiesPath = "/test_framework/v1/personalities/"
	testSetsPath      = "/test_framework/test-sets/"
	phoneNumbersPath  = "/test_framework/v1/phone-numbers/"
	toolsPath         = "/test_framework/v1/tools/"
)

// fakeOrganization is the organization the fake's API key belongs to: what
// it creates is the organization's, while the seeded personalities are
// globally available (no owner).
const fakeOrganization = 1

// catalog is the state of the catalogues.
type catalog struct {
	personalities *store[personality]
	testSets      *store[testSet]
	reviews       int64 // ids of the test sets' metric reviews
	// toolIDs are the tools catalogue's ids: a tool is a name in a
	// project, numbered when the catalogue first sees it.
	toolIDs map[toolKey]int64
}

// inboundNumbers are the fake organization's inbound phone numbers.
var inboundNumbers = []*cekura.PhoneNumber{
	{ID: 1, Number: "+14155550100", PhoneNumberID: "PN0000000000000000000000000000001"},
	{ID: 2, Number: "+14155550101", PhoneNumberID: "PN0000000000000000000000000000002"},
}

// catalogRoutes makes the catalogues' state and returns their routes.
func (s *Server) catalogRoutes() []route {
	s.catalog = catalog{personalities: newStore[personality](), testSets: newStore[testSet](), toolIDs: map[toolKey]int64{}}
	for _, p := range personalities { // the catalogue the agents' personalities list shows, under the same ids
		s.catalog.personalities.put(p.ID, &personality{id: p.ID, name: p.Name, prompt: p.Prompt, language: string(p.Language), gender: p.Gender,
			backgroundNoise: p.BackgroundNoise, voiceModel: p.VoiceModel, endCall: true, settings: map[string]json.RawMessage{}})
		s.catalog.personalities.nextID = max(s.catalog.personalities.nextID, p.ID+1)
	}
	return []route{s.personalityRoute(), s.testSetRoute(), {collection: phoneNumbersPath, actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
		"inbound": func(w http.ResponseWriter, r *http.Request, _ []byte) {
			if r.Method != http.MethodGet {
				methodNotAllowed(w, r.Method, http.MethodGet)
				return
			}
			writeJSON(w, http.StatusOK, inboundNumbers)
		},
	}}, s.toolRoute()}
}

// personality is a stored personality.
type personality struct {
	id, project, organization, forkedFrom int64
	name, prompt, language, accent        string
	gender                                string
	backgroundNoise, voiceModel           string
	provider, voiceID                     string
	interruptionLevel, speed              string
	endCall                               bool
	// settings are the voice-layer objects and numbers, as written:
	// generation_config, network_simulation, message_plan,
	// start_speaking_plan, stop_speaking_plan, background_sound_volume.
	settings  map[string]json.RawMessage
	createdAt time.Time
}

// global reports whether the personality is globally available: shared,
// and not to be changed.
func (p *personality) global() bool { return p.project == 0 && p.organization == 0 }

func (p *personality) clone() *personality {
	c := *p
	c.settings = make(map[string]json.RawMessage, len(p.settings))
	for k, v := range p.settings {
		c.settings[k] = bytes.Clone(v)
	}
	return &c
}

// personalityAnswer is a personality as the fake sends it: the SDK's type,
// with the voice-layer settings as they were written.
type personalityAnswer struct {
	*cekura.Personality
	GenerationConfig      json.RawMessage `json:"generation_config,omitempty"`
	NetworkSimulation     json.RawMessage `json:"network_simulation,omitempty"`
	MessagePlan           json.RawMessage `json:"message_plan,omitempty"`
	StartSpeakingPlan     json.RawMessage `json:"start_speaking_plan,omitempty"`
	StopSpeakingPlan      json.RawMessage `json:"stop_speaking_plan,omitempty"`
	BackgroundSoundVolume json.RawMessage `json:"background_sound_volume,omitempty"`
}

func (p *personality) render() personalityAnswer {
	end := p.endCall
	out := &cekura.Personality{ID: p.id, Name: p.name, Prompt: p.prompt, Language: cekura.Language(p.language), Accent: p.accent, Gender: p.gender,
		BackgroundNoise: p.backgroundNoise, VoiceModel: p.voiceModel, ProjectID: p.project, OrganizationID: p.organization, ForkedFromID: p.forkedFrom,
		CallServiceProvider: cekura.CallServiceProviderVapi, Provider: cekura.VoiceProvider(p.provider), VoiceID: p.voiceID,
		InterruptionLevel: p.interruptionLevel, Speed: p.speed, EndCallEnabled: &end}
	s := p.settings
	return personalityAnswer{Personality: out, GenerationConfig: s["generation_config"], NetworkSimulation: s["network_simulation"],
		MessagePlan: s["message_plan"], StartSpeakingPlan: s["start_speaking_plan"], StopSpeakingPlan: s["stop_speaking_plan"],
		BackgroundSoundVolume: s["background_sound_volume"]}
}

// The API's choices for a personality.
var voiceProviders = []string{"11labs", "cartesia"}

// apply applies a personality body with the API's rules.
func (p *personality) apply(fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	text := func(key string, dst *string, required, blank bool, limit int) {
		raw, ok := fields[key]
		if !ok {
			if required && !partial {
				errs.add(key, msgRequired)
			}
			return
		}
		switch v, msg := str(raw); {
		case msg != "":
			errs.add(key, msg)
		case !blank && strings.TrimSpace(v) == "":
			errs.add(key, msgBlank)
		case limit > 0 && utf8.RuneCountInString(v) > limit:
			errs.add(key, fmt.Sprintf("Ensure this field has no more than %d characters.", limit))
		default:
			*dst = v
		}
	}
	text("name", &p.name, true, false, 255)
	text("background_noise", &p.backgroundNoise, true, false, 0)
	text("voice_model", &p.voiceModel, true, false, 0)
	text("prompt", &p.prompt, false, true, 0)
	text("accent", &p.accent, false, true, 255)
	text("voice_id", &p.voiceID, false, true, 0)
	text("interruption_level", &p.interruptionLevel, false, true, 0)
	text("speed", &p.speed, false, true, 0)
	if raw, ok := fields["project"]; ok {
		reference(errs, "project", raw, nil, &p.project)
	}
	if raw, ok := fields["language"]; ok {
		if v, msg := choice(raw, languageCodes()); msg != "" {
			errs.add("language", msg)
		} else {
			p.language = v
		}
	}
	if raw, ok := fields["provider"]; ok {
		if v, msg := choice(raw, voiceProviders); msg != "" {
			errs.add("provider", msg)
		} else {
			p.provider = v
		}
	}
	if raw, ok := fields["end_call_enabled"]; ok {
		if b, msg := boolean(raw, false); msg != "" {
			errs.add("end_call_enabled", msg)
		} else {
			p.endCall = *b
		}
	}
	for _, key := range []string{"generation_config", "network_simulation", "message_plan", "stop_speaking_plan", "background_sound_volume"} {
		raw, ok := fields[key]
		switch {
		case !ok:
		case isNull(raw) && (key == "stop_speaking_plan" || key == "background_sound_volume"):
			delete(p.settings, key)
		case isNull(raw):
			errs.add(key, msgNull)
		default:
			if _, bad := object(raw); bad != nil {
				errs.add(key, "Expected a dictionary of items but got type \""+rawKind(raw)+"\".")
			} else {
				p.settings[key] = bytes.Clone(raw)
			}
		}
	}
	if raw, ok := fields["start_speaking_plan"]; ok {
		var n float64
		if json.Unmarshal(raw, &n) != nil || n < 0 {
			errs.add("start_speaking_plan", "Enter a number of seconds, 0 or more.")
		} else {
			p.settings["start_speaking_plan"] = bytes.Clone(raw)
		}
	}
	if _, ok := p.settings["generation_config"]; ok && p.provider != "cartesia" && len(errs) == 0 {
		errs.add("generation_config", "Generation config is only valid for the cartesia provider.")
	}
	return errs
}

// languageCodes are the language codes the API takes.
func languageCodes() []string {
	var codes []string
	for _, l := range cekura.Languages() {
		codes = append(codes, string(l))
	}
	return codes
}

// refuseGlobal answers 403 for a change of a globally available
// personality, and reports whether it did.
func (s *Server) refuseGlobal(w http.ResponseWriter, id int64) bool {
	s.mu.Lock()
	p, ok := s.catalog.personalities.get(id)
	global := ok && p.global()
	s.mu.Unlock()
	if global {
		writeJSON(w, http.StatusForbidden, detail("Globally available personalities are shared and cannot be changed; fork one into your project first."))
	}
	return global
}

func (s *Server) personalityRoute() route {
	st := s.catalog.personalities
	render := func(p *personality) any { return p.render() }
	rt := writes(s, route{
		collection: personalitiesPath,
		list:       listArray(s, st, s.personalityFilter, render),
		get:        getItem(s, st, render),
	}, resource[personality]{
		st:      st,
		created: http.StatusCreated,
		fresh: func(old *personality) *personality {
			p := &personality{organization: fakeOrganization, endCall: true, settings: map[string]json.RawMessage{}}
			if old != nil {
				p.createdAt, p.organization, p.forkedFrom = old.createdAt, old.organization, old.forkedFrom
			}
			return p
		},
		clone: (*personality).clone,
		apply: (*personality).apply,
		stored: func(p *personality, id int64, now time.Time) {
			p.id = id
			if p.createdAt.IsZero() {
				p.createdAt = now
			}
		},
		render: render,
	})
	for _, h := range []*func(http.ResponseWriter, *http.Request, int64, []byte){&rt.replace, &rt.update} {
		change := *h
		*h = func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			if !s.refuseGlobal(w, id) {
				change(w, r, id, body)
			}
		}
	}
	remove := rt.delete
	rt.delete = func(w http.ResponseWriter, r *http.Request, id int64) {
		if !s.refuseGlobal(w, id) {
			remove(w, r, id)
		}
	}
	rt.itemActions = map[string]func(http.ResponseWriter, *http.Request, int64, []byte){"fork": s.forkPersonality}
	return rt
}

// forkPersonality copies a personality into a project: POST {id}/fork/.
func (s *Server) forkPersonality(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.catalog.personalities.get(id)
	if !ok {
		notFound(w)
		return
	}
	p := src.clone()
	p.organization, p.forkedFrom, p.createdAt = fakeOrganization, src.id, s.now()
	errs := errTree{}
	if raw, ok := fields["project_id"]; ok {
		reference(errs, "project_id", raw, nil, &p.project)
	}
	if raw, ok := fields["prompt"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("prompt", msg)
		} else {
			p.prompt = v
		}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	p.id = s.catalog.personalities.insert(p)
	s.finishWrite(w, r, http.StatusOK, p.render())
}

// personalityFilter keeps the query's language, and with project_id the
// project's own personalities and the globally available ones.
func (s *Server) personalityFilter(q url.Values) (func(*personality) bool, errTree) {
	f := newFilter[personality](q)
	if lang, ok := f.choice("language", languageCodes()); ok {
		f.keep(func(p *personality) bool { return p.language == lang })
	}
	if id, ok := f.int64("project_id"); ok {
		f.keep(func(p *personality) bool { return p.project == id || p.global() })
	}
	return f.done()
}

// Personalities returns every stored personality as the API would return
// it, by id: the globally available ones the fake starts with (ids 1 to 4,
// those of the agents' personalities lists) and those created or forked.
func (s *Server) Personalities() []*cekura.Personality {
	return answers[personality, cekura.Personality](s, s.catalog.personalities, func(p *personality) any { return p.render() })
}

// testSet is a stored test set.
type testSet struct {
	id, agent, sourceID                 int64
	name, source                        string
	transcript, recordingURL, endReason string
	duration                            string
	transcriptObject                    json.RawMessage
	reviews                             []testSetReview
	createdAt, updatedAt                time.Time
}

// testSetReview is a metric under review in a test set.
type testSetReview struct {
	id, metric int64
	feedback   string
	expected   json.RawMessage
}

// testSetAnswer is a test set as the fake sends it: source_id as the
// description types it (a string), and the transcript as its source sent
// it. An unset transcript or expected value is left out, not null: the
// description's oneOf of any value and null cannot tell a null apart.
type testSetAnswer struct {
	*cekura.TestSet
	SourceID         string          `json:"source_id"`
	TranscriptObject json.RawMessage `json:"transcript_object,omitempty"`
	MetricReviews    []reviewAnswer  `json:"metric_reviews"`
}

// reviewAnswer is a metric review with its expected value as written.
type reviewAnswer struct {
	*cekura.TestSetMetricReview
	ExpectedValue json.RawMessage `json:"expected_value,omitempty"`
}

func (s *Server) renderTestSet(t *testSet) testSetAnswer {
	out := &cekura.TestSet{ID: t.id, AgentID: t.agent, Name: t.name, SourceModel: cekura.TestSetSource(t.source), Transcript: t.transcript,
		VoiceRecordingURL: t.recordingURL, CallEndReason: t.endReason, Duration: t.duration, CreatedAt: t.createdAt, UpdatedAt: t.updatedAt}
	reviews := []reviewAnswer{}
	for _, rv := range t.reviews {
		mr := &cekura.TestSetMetricReview{ID: rv.id, MetricID: rv.metric, Feedback: rv.feedback}
		if m, ok := s.metrics.get(rv.metric); ok {
			mr.MetricName, mr.EvalType, mr.MetricEnumValues = m.m.Name, m.m.EvalType, enumValues(m.m.EnumValues)
		}
		reviews = append(reviews, reviewAnswer{TestSetMetricReview: mr, ExpectedValue: rv.expected})
	}
	return testSetAnswer{TestSet: out, SourceID: strconv.FormatInt(t.sourceID, 10), TranscriptObject: t.transcriptObject,
		MetricReviews: reviews}
}

// mockData is a tool's input/output pairs, or an empty list.
func mockData(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || isNull(raw) {
		return json.RawMessage("[]")
	}
	return raw
}

// enumValues reads a metric's enum values as a list of strings.
func enumValues(raw json.RawMessage) []string {
	var v []string
	_ = json.Unmarshal(raw, &v)
	return v
}

func (s *Server) testSetRoute() route {
	return route{collection: testSetsPath, actions: map[string]func(http.ResponseWriter, *http.Request, []byte){
		"create_from_run": func(w http.ResponseWriter, r *http.Request, body []byte) {
			s.createTestSet(w, r, body, "run_id", "Run")
		},
		"create_from_call_log": func(w http.ResponseWriter, r *http.Request, body []byte) {
			s.createTestSet(w, r, body, "call_log_id", "CallLog")
		},
	}}
}

// createTestSet makes a test set from a finished run or a call, or adds
// the metrics to the one it already has (the API returns "the created or
// existing test set").
func (s *Server) createTestSet(w http.ResponseWriter, r *http.Request, body []byte, key, source string) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r.Method, http.MethodPost)
		return
	}
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := errTree{}
	t := &testSet{source: source}
	if raw, ok := fields[key]; !ok {
		errs.add(key, msgRequired)
	} else if id, msg := integer(raw); msg != "" {
		errs.add(key, msg)
	} else if !s.testSetSource(t, id) {
		errs.add(key, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
	} else if t.transcript == "" && source == "Run" {
		errs.add(key, "The run has not completed yet.")
	}
	if raw, ok := fields["project"]; ok {
		var project int64
		reference(errs, "project", raw, nil, &project)
	}
	if raw, ok := fields["name"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("name", msg)
		} else if utf8.RuneCountInString(v) > 255 {
			errs.add("name", "Ensure this field has no more than 255 characters.")
		} else {
			t.name = v
		}
	}
	reviews := s.readReviews(fields, errs)
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	now := s.now()
	for _, id := range s.catalog.testSets.ids(func(old *testSet) bool { return old.source == source && old.sourceID == t.sourceID }) {
		t, _ = s.catalog.testSets.get(id)
	}
	if t.id == 0 {
		if t.name == "" {
			t.name = fmt.Sprintf("%s %d", map[string]string{"Run": "Run", "CallLog": "Call log"}[source], t.sourceID)
		}
		t.createdAt = now
		t.id = s.catalog.testSets.insert(t)
	}
	for _, rv := range reviews {
		if !slices.ContainsFunc(t.reviews, func(old testSetReview) bool { return old.metric == rv.metric }) {
			s.catalog.reviews++
			rv.id = s.catalog.reviews
			t.reviews = append(t.reviews, rv)
		}
	}
	t.updatedAt = now
	s.finishWrite(w, r, http.StatusOK, s.renderTestSet(t))
}

// testSetSource fills a new test set from its run or call, and reports
// whether there is one; a run that has not completed leaves the
// transcript empty.
func (s *Server) testSetSource(t *testSet, id int64) bool {
	t.sourceID = id
	if t.source == "CallLog" {
		c, ok := s.calls.get(id)
		if !ok {
			return false
		}
		out := c.render(s.now())
		t.agent, t.transcript, t.recordingURL, t.endReason = c.agent, out.Transcript, c.recordingURL, c.endedReason
		t.transcriptObject, _ = json.Marshal(c.transcript)
		end := 0.0
		for _, turn := range c.transcript {
			end = max(end, turn.EndTime)
		}
		t.duration = fmt.Sprintf("%02d:%02d", int(end)/60, int(end)%60)
		return true
	}
	rn, ok := s.runs.get(id)
	if !ok {
		return false
	}
	res, _ := s.results.get(rn.result)
	out := s.renderRun(rn, res, s.now())
	if out.Status != cekura.RunStatusCompleted {
		return true
	}
	d := res.outcome.Duration
	t.agent, t.transcript, t.duration = res.agent, out.Transcript, fmt.Sprintf("%02d:%02d", int(d.Minutes()), int(d.Seconds())%60)
	t.recordingURL = fmt.Sprintf("https://files.cekura.example/runs/%d.wav", rn.id)
	t.transcriptObject = json.RawMessage(`[{"role": "Testing Agent", "content": "Hello", "timestamp": 0}, {"role": "Main Agent", "content": "Hi, how can I help?", "timestamp": 2}]`)
	return true
}

// readReviews reads a test set's metrics: a list of {metric, feedback,
// expected_value}, each metric one the fake has.
func (s *Server) readReviews(fields map[string]json.RawMessage, errs errTree) []testSetReview {
	raw, ok := fields["metrics"]
	if !ok {
		errs.add("metrics", msgRequired)
		return nil
	}
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		errs.add("metrics", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		return nil
	}
	if len(items) == 0 {
		errs.add("metrics", "This list may not be empty.")
	}
	var out []testSetReview
	problems := errTree{}
	for i, it := range items {
		sub := errTree{}
		rv := testSetReview{}
		if e := it["expected_value"]; !isNull(e) {
			rv.expected = bytes.Clone(e)
		}
		if m, ok := it["metric"]; !ok {
			sub.add("metric", msgRequired)
		} else {
			reference(sub, "metric", m, func(id int64) bool { _, ok := s.metrics.get(id); return ok }, &rv.metric)
			if rv.metric == 0 && len(sub) == 0 {
				sub.add("metric", msgNull)
			}
		}
		if f, ok := it["feedback"]; ok {
			if v, msg := str(f); msg != "" {
				sub.add("feedback", msg)
			} else {
				rv.feedback = v
			}
		}
		if len(sub) > 0 {
			problems[strconv.Itoa(i)] = sub
		}
		out = append(out, rv)
	}
	errs.nest("metrics", problems)
	return out
}

// TestSets returns every stored test set as the API would return it, by
// id.
func (s *Server) TestSets() []*cekura.TestSet {
	return answers[testSet, cekura.TestSet](s, s.catalog.testSets, func(t *testSet) any { return s.renderTestSet(t) })
}

// toolKey names a tool of the catalogue: a tool is a name in a project,
// shared by the project's agents that have a mock tool of that name.
type toolKey struct {
	project int64
	name    string
}

// catalogTool is a tool of the catalogue and the agents that use it.
type catalogTool struct {
	id          int64
	key         toolKey
	tool        mockTool
	subscribers []*agent
}

// tools returns the catalogue, most shared first: the agents' mock tools
// grouped by project and name, each numbered the first time it is seen.
// Call with s.mu held.
func (s *Server) tools() []*catalogTool {
	byKey := map[toolKey]*catalogTool{}
	var out []*catalogTool
	for _, id := range s.agents.ids(nil) {
		a, _ := s.agents.get(id)
		var project int64
		if a.project != nil {
			project = *a.project
		}
		for _, t := range a.extra.tools {
			k := toolKey{project, t.name}
			ct := byKey[k]
			if ct == nil {
				if s.catalog.toolIDs[k] == 0 {
					s.catalog.toolIDs[k] = int64(len(s.catalog.toolIDs) + 1)
				}
				ct = &catalogTool{id: s.catalog.toolIDs[k], key: k, tool: t}
				byKey[k] = ct
				out = append(out, ct)
			}
			ct.subscribers = append(ct.subscribers, a)
		}
	}
	slices.SortStableFunc(out, func(x, y *catalogTool) int {
		return cmp.Or(cmp.Compare(len(y.subscribers), len(x.subscribers)), cmp.Compare(x.id, y.id))
	})
	return out
}

// toolAnswer is a catalogue tool as the fake sends it: its input/output
// pairs as the agent wrote them.
type toolAnswer struct {
	*cekura.Tool
	Information json.RawMessage `json:"information"`
}

func (ct *catalogTool) render() toolAnswer {
	first := ct.subscribers[0]
	out := &cekura.Tool{ID: ct.id, Name: ct.tool.name, Description: ct.tool.description, FreetextParams: []string{},
		SubscriberCount: len(ct.subscribers), IsShared: len(ct.subscribers) > 1, Subscribers: []map[string]any{},
		ServedVia: cekura.MockToolServedVia{Type: cekura.ServedViaTypeDirect}}
	if ct.tool.mcp {
		out.ServedVia = cekura.MockToolServedVia{Type: cekura.ServedViaTypeMCP, MockIndex: ct.tool.mockIndex,
			URL: fmt.Sprintf("https://api.cekura.ai/test_framework/v1/aiagents/%d/mcp/%d/", first.id, ct.tool.mockIndex)}
	} else {
		out.MockURL = fmt.Sprintf("https://api.cekura.ai/test_framework/v1/aiagents/%d/tool/%s/", first.id, ct.tool.name)
	}
	for _, a := range ct.subscribers {
		out.Subscribers = append(out.Subscribers, map[string]any{"id": a.id, "name": a.name})
	}
	return toolAnswer{Tool: out, Information: mockData(ct.tool.mockData)}
}

func (s *Server) toolRoute() route {
	return route{
		collection: toolsPath,
		list: func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			keep, bad := s.toolFilter(q)
			if len(bad) > 0 {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			pr, ok := s.parsePage(w, q)
			if !ok {
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			all := slices.DeleteFunc(s.tools(), func(ct *catalogTool) bool { return !keep(ct) })
			ids := make([]int64, len(all))
			byID := map[int64]*catalogTool{}
			for i, ct := range all {
				ids[i], byID[ct.id] = ct.id, ct
			}
			writePage(w, r, pr, ids, func(id int64) any { return byID[id].render() })
		},
		get: func(w http.ResponseWriter, _ *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			for _, ct := range s.tools() {
				if ct.id == id {
					writeJSON(w, http.StatusOK, ct.render())
					return
				}
			}
			notFound(w)
		},
	}
}

// toolFilter keeps a project's tools (project_id), the tools an agent
// could adopt (agent_id: its project's, less its own), and the names that
// match search, with or without the c_ prefix.
func (s *Server) toolFilter(q url.Values) (func(*catalogTool) bool, errTree) {
	f := newFilter[catalogTool](q)
	if id, ok := f.int64("project_id"); ok {
		f.keep(func(ct *catalogTool) bool { return ct.key.project == id })
	}
	if id, ok := f.int64("agent_id"); ok {
		f.keep(func(ct *catalogTool) bool {
			a, found := s.agents.get(id)
			if !found {
				return false
			}
			var project int64
			if a.project != nil {
				project = *a.project
			}
			return ct.key.project == project && !slices.Contains(ct.subscribers, a)
		})
	}
	if search := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q.Get("search")), "c_")); search != "" {
		f.keep(func(ct *catalogTool) bool {
			return strings.Contains(strings.TrimPrefix(strings.ToLower(ct.tool.name), "c_"), search)
		})
	}
	return f.done()
}
