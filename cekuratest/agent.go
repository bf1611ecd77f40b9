package cekuratest

import (
	"bytes"
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
	"github.com/cekura-go/cekura/internal/rules"
)

// agent is a stored agent, write-only fields included.
type agent struct {
	id                int64
	name, description string
	project           *int64
	language          string
	telephony         telephony
	provider          provider
	agentSpeaksFirst  *bool
	predefinedMetrics json.RawMessage
	webhookURL        string
	webhookSecret     string
	createdAt         time.Time
	updatedAt         time.Time
	extra             agentExtra // the fields of the 2026-08 revision (agentextra.go)
}

type telephony struct {
	phoneNumber string
	inbound     bool
	sipURI      *string
	sipUsername *string // sip_auth, returned without its password
	sipPassword string
	outbound    []string
}

type provider struct {
	typ         string
	agentID     *string
	credentials *credentials
	chat        *chat
	// auto_dial_outbound, auto_import_calls, auto_sync_prompt,
	// send_post_conversation_metadata
	flags [4]*bool
}

var flagNames = [4]string{"auto_dial_outbound", "auto_import_calls", "auto_sync_prompt", "send_post_conversation_metadata"}

type credentials struct {
	apiKey string
	config map[string]json.RawMessage
}

type chat struct {
	typ    string
	config map[string]json.RawMessage
}

func (a *agent) clone() *agent {
	c := *a
	c.telephony.outbound = slices.Clone(a.telephony.outbound)
	c.predefinedMetrics = bytes.Clone(a.predefinedMetrics)
	c.extra = a.extra.clone()
	return &c
}

// The API's choices (aiagents v2, 2026-06).
var (
	languages = []string{"af", "ar", "bn", "bg", "zh", "cs", "da", "nl", "en", "et", "fi", "fr", "de", "el", "gu", "hi", "he", "hu",
		"id", "it", "ja", "kn", "ko", "ms", "ml", "mr", "multi", "no", "pl", "pa", "pt", "ro", "ru", "sk", "es", "sv", "th", "tr",
		"tl", "ta", "te", "uk", "vi"}
	// Provider types of the 2026-08 revision: self_hosted, trillet and
	// chirp were dropped, amazon_connect and telnyx added.
	providerTypes = []string{"vapi", "retell", "elevenlabs", "cisco", "bland", "livekit", "pipecat",
		"synthflow", "agora", "koreai", "genesys", "amazon_connect", "telnyx", "custom", ""}
	chatTypes = []string{"retell", "bland", "vapi", "elevenlabs", "livekit", "agora", "sms", "whatsapp", "self_hosted",
		"agentforce", "amazon_connect", "koreai", "sierra", ""}
	// Required keys of provider.credentials.config, by provider type.
	configRequired = map[string][]string{
		"livekit": {"api_secret", "url"},
		"trillet": {"workspace_id"},
		"koreai":  {"bot_id", "client_id"},
		"genesys": {"client_id", "region"},
		"chirp":   {"chirp_websocket_url"},
	}
	// Required keys of provider.chat_agent_details.config, by chat type.
	chatRequired = map[string][]string{
		"retell":         {"agent_id"},
		"bland":          {"agent_id"},
		"agentforce":     {"agent_id", "client_id", "client_secret", "domain"},
		"self_hosted":    {"url"},
		"amazon_connect": {"connect_host", "snippet_id", "widget_id"},
		"sierra":         {"agent_token"},
	}
)

// Messages of Django REST framework, which the API answers with.
const (
	msgRequired = "This field is required."
	msgNull     = "This field may not be null."
	msgBlank    = "This field may not be blank."
	msgString   = "Not a valid string."
	msgInteger  = "A valid integer is required."
	msgBoolean  = "Must be a valid boolean."
	msgURL      = "Enter a valid URL."
	msgPhone    = "Enter a valid phone number in E.164 format, e.g. +14155551234."
	msgSIP      = "Enter a valid SIP URI, e.g. sip:user@domain.com."
)

// errTree is a DRF error body: field → []string, or field → errTree for a
// nested object (list items are keyed by their index).
type errTree map[string]any

func (e errTree) add(field, msg string) {
	if msgs, ok := e[field].([]string); ok {
		e[field] = append(msgs, msg)
		return
	}
	e[field] = []string{msg}
}

func (e errTree) nest(field string, sub errTree) {
	if len(sub) > 0 {
		e[field] = sub
	}
}

// parseObject reads a request body as a JSON object, or returns the API's
// error body.
func parseObject(body []byte) (map[string]json.RawMessage, any) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&v); err != nil || dec.More() {
		msg := "JSON parse error - invalid JSON"
		if err != nil {
			msg = "JSON parse error - " + err.Error()
		}
		return nil, detail(msg)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, map[string][]string{"non_field_errors": {"Invalid data. Expected a dictionary, but got " + jsonKind(v) + "."}}
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields)
	return fields, nil
}

// jsonKind names a JSON value the way DRF names Python types.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case string:
		return "str"
	case bool:
		return "bool"
	case float64:
		return "float"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return "value"
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// str reads a CharField: a string, or a number DRF would turn into one.
func str(raw json.RawMessage) (string, string) {
	if isNull(raw) {
		return "", msgNull
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "", msgString
	}
	switch t := v.(type) {
	case string:
		return t, ""
	case float64:
		return strings.TrimSpace(string(raw)), ""
	}
	return "", msgString
}

func integer(raw json.RawMessage) (int64, string) {
	if isNull(raw) {
		return 0, msgNull
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return 0, msgInteger
	}
	switch t := v.(type) {
	case float64:
		if t == float64(int64(t)) {
			return int64(t), ""
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err == nil {
			return n, ""
		}
	}
	return 0, msgInteger
}

// reference reads a nullable foreign key, an id or null (0: none), into
// *dst; an id must name an item exists accepts (nil: any id does). A value
// that is not an id, or an id of nothing, adds DRF's message to errs and
// leaves *dst alone.
func reference(errs errTree, key string, raw json.RawMessage, exists func(int64) bool, dst *int64) {
	var v int64
	if !isNull(raw) {
		var msg string
		if v, msg = integer(raw); msg != "" {
			errs.add(key, msg)
			return
		}
	}
	if v != 0 && exists != nil && !exists(v) {
		errs.add(key, fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", v))
		return
	}
	*dst = v
}

// isAgent and isTestProfile report whether an id names a stored item; call
// with s.mu held.
func (s *Server) isAgent(id int64) bool       { _, ok := s.agents.get(id); return ok }
func (s *Server) isTestProfile(id int64) bool { _, ok := s.testProfiles.get(id); return ok }

// boolean reads a BooleanField or, with nullable, a boolean-or-null field.
func boolean(raw json.RawMessage, nullable bool) (*bool, string) {
	if isNull(raw) {
		if nullable {
			return nil, ""
		}
		return nil, msgNull
	}
	var v any
	_ = json.Unmarshal(raw, &v)
	switch t := v.(type) {
	case bool:
		return &t, ""
	case string:
		if b, ok := parseBoolParam(t); ok {
			return &b, ""
		}
	case float64:
		if t == 0 || t == 1 {
			b := t == 1
			return &b, ""
		}
	}
	return nil, msgBoolean
}

// object reads a nested serializer's input.
func object(raw json.RawMessage) (map[string]json.RawMessage, errTree) {
	var v any
	_ = json.Unmarshal(raw, &v)
	m, ok := v.(map[string]any)
	if !ok || m == nil {
		e := errTree{}
		e.add("non_field_errors", "Invalid data. Expected a dictionary, but got "+jsonKind(v)+".")
		return nil, e
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(raw, &fields)
	return fields, nil
}

func choice(raw json.RawMessage, choices []string) (string, string) {
	s, msg := str(raw)
	if msg != "" {
		return "", msg
	}
	if !slices.Contains(choices, s) {
		return "", fmt.Sprintf("%q is not a valid choice.", s)
	}
	return s, ""
}

// apply validates fields and sets them on a. partial (PATCH) leaves absent
// fields alone; otherwise (POST, PUT) required fields must be present and
// absent ones keep their defaults.
// Unknown and read-only fields are ignored, as the API does.
func (a *agent) apply(fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	if raw, ok := fields["name"]; ok {
		s, msg := str(raw)
		switch {
		case msg != "":
			errs.add("name", msg)
		case strings.TrimSpace(s) == "":
			errs.add("name", msgBlank)
		case utf8.RuneCountInString(s) > 255:
			errs.add("name", "Ensure this field has no more than 255 characters.")
		default:
			a.name = s
		}
	} else if !partial {
		errs.add("name", msgRequired)
	}
	if raw, ok := fields["description"]; ok {
		s, msg := str(raw)
		switch {
		case msg != "":
			errs.add("description", msg)
		case strings.TrimSpace(s) == "":
			errs.add("description", msgBlank)
		default:
			a.description = s
		}
	} else if !partial {
		errs.add("description", msgRequired)
	}
	if raw, ok := fields["project"]; ok {
		n, msg := integer(raw)
		switch {
		case msg == msgInteger:
			errs.add("project", "Incorrect type. Expected pk value, received "+rawKind(raw)+".")
		case msg != "":
			errs.add("project", msg)
		case n <= 0:
			errs.add("project", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", n))
		default:
			a.project = &n
		}
	}
	if raw, ok := fields["language"]; ok {
		if s, msg := choice(raw, languages); msg != "" {
			errs.add("language", msg)
		} else {
			a.language = s
		}
	}
	if raw, ok := fields["telephony"]; ok {
		base := telephony{}
		if partial {
			base = a.telephony
		}
		t, sub := applyTelephony(raw, base)
		errs.nest("telephony", sub)
		if len(sub) == 0 {
			a.telephony = t
		}
	}
	if raw, ok := fields["provider"]; ok {
		base := provider{}
		if partial {
			base = a.provider
		}
		p, sub := applyProvider(raw, base)
		errs.nest("provider", sub)
		if len(sub) == 0 {
			a.provider = p
		}
	}
	if raw, ok := fields["agent_speaks_first"]; ok {
		if b, msg := boolean(raw, true); msg != "" {
			errs.add("agent_speaks_first", msg)
		} else {
			a.agentSpeaksFirst = b
		}
	}
	if raw, ok := fields["predefined_metrics"]; ok {
		a.predefinedMetrics = bytes.Clone(raw)
	}
	if raw, ok := fields["webhook_url"]; ok {
		s, msg := str(raw)
		switch {
		case msg != "":
			errs.add("webhook_url", msg)
		case s != "" && !rules.HTTPURL(s):
			errs.add("webhook_url", msgURL)
		default:
			a.webhookURL = s
		}
	}
	if raw, ok := fields["webhook_secret"]; ok {
		if s, msg := str(raw); msg != "" {
			errs.add("webhook_secret", msg)
		} else {
			a.webhookSecret = s
		}
	}
	a.extra.apply(a, fields, errs)
	return errs
}

// rawKind names the JSON type of raw, as jsonKind.
func rawKind(raw json.RawMessage) string {
	var v any
	_ = json.Unmarshal(raw, &v)
	return jsonKind(v)
}

func applyTelephony(raw json.RawMessage, t telephony) (telephony, errTree) {
	if isNull(raw) {
		e := errTree{}
		e.add("non_field_errors", msgNull)
		return t, e
	}
	fields, errs := object(raw)
	if errs != nil {
		return t, errs
	}
	errs = errTree{}
	t.outbound = slices.Clone(t.outbound)
	if raw, ok := fields["phone_number"]; ok {
		s, msg := str(raw)
		switch {
		case msg != "":
			errs.add("phone_number", msg)
		case s != "" && !rules.E164(s):
			errs.add("phone_number", msgPhone)
		default:
			t.phoneNumber = s
		}
	}
	if raw, ok := fields["inbound"]; ok {
		if b, msg := boolean(raw, false); msg != "" {
			errs.add("inbound", msg)
		} else {
			t.inbound = *b
		}
	}
	if raw, ok := fields["sip_uri"]; ok {
		if isNull(raw) {
			t.sipURI = nil
		} else if s, msg := str(raw); msg != "" {
			errs.add("sip_uri", msg)
		} else if !rules.SIPURI(s) {
			errs.add("sip_uri", msgSIP)
		} else {
			t.sipURI = &s
		}
	}
	if raw, ok := fields["sip_auth"]; ok {
		if isNull(raw) {
			t.sipUsername, t.sipPassword = nil, ""
		} else if auth, sub := object(raw); sub != nil {
			errs.nest("sip_auth", sub)
		} else {
			sub := errTree{}
			var user, pass string
			if r, ok := auth["username"]; ok {
				if user, _ = str(r); user == "" {
					sub.add("username", msgBlank)
				}
			} else {
				sub.add("username", msgRequired)
			}
			if r, ok := auth["password"]; ok {
				var msg string
				if pass, msg = str(r); msg != "" {
					sub.add("password", msg)
				}
			}
			errs.nest("sip_auth", sub)
			if len(sub) == 0 {
				t.sipUsername, t.sipPassword = &user, pass
			}
		}
	}
	if raw, ok := fields["outbound_numbers"]; ok {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || isNull(raw) {
			errs.add("outbound_numbers", `Expected a list of items but got type "`+rawKind(raw)+`".`)
		} else {
			sub := errTree{}
			nums := make([]string, 0, len(items))
			for i, item := range items {
				s, msg := str(item)
				if msg == "" && !rules.E164(s) {
					msg = msgPhone
				}
				if msg != "" {
					sub.add(strconv.Itoa(i), msg)
				}
				nums = append(nums, s)
			}
			errs.nest("outbound_numbers", sub)
			t.outbound = nums
		}
	}
	return t, errs
}

func applyProvider(raw json.RawMessage, p provider) (provider, errTree) {
	if isNull(raw) {
		e := errTree{}
		e.add("non_field_errors", msgNull)
		return p, e
	}
	fields, errs := object(raw)
	if errs != nil {
		return p, errs
	}
	errs = errTree{}
	if raw, ok := fields["type"]; ok {
		if s, msg := choice(raw, providerTypes); msg != "" {
			errs.add("type", msg)
		} else {
			p.typ = s
		}
	}
	if raw, ok := fields["agent_id"]; ok {
		if isNull(raw) {
			p.agentID = nil
		} else if s, msg := str(raw); msg != "" {
			errs.add("agent_id", msg)
		} else {
			p.agentID = &s
		}
	}
	if raw, ok := fields["credentials"]; ok {
		if isNull(raw) {
			p.credentials = nil
		} else if c, sub := object(raw); sub != nil {
			errs.nest("credentials", sub)
		} else {
			creds := &credentials{}
			sub := errTree{}
			if r, ok := c["api_key"]; ok {
				var msg string
				if creds.apiKey, msg = str(r); msg != "" {
					sub.add("api_key", msg)
				}
			}
			if r, ok := c["config"]; ok && !isNull(r) {
				cfg, csub := object(r)
				if csub == nil {
					csub = requireKeys(cfg, configRequired[p.typ])
					if p.typ == "pipecat" && !isTrue(cfg["tracing_enabled"]) {
						if _, ok := cfg["pipecat_agent_name"]; !ok {
							csub.add("pipecat_agent_name", "This field is required when tracing_enabled is false.")
						}
					}
				}
				sub.nest("config", csub)
				creds.config = cfg
			}
			errs.nest("credentials", sub)
			p.credentials = creds
		}
	}
	if raw, ok := fields["chat_agent_details"]; ok {
		if isNull(raw) {
			p.chat = nil
		} else if d, sub := object(raw); sub != nil {
			errs.nest("chat_agent_details", sub)
		} else {
			ch := &chat{}
			sub := errTree{}
			if r, ok := d["type"]; ok {
				var msg string
				if ch.typ, msg = choice(r, chatTypes); msg != "" {
					sub.add("type", msg)
				}
			}
			if r, ok := d["config"]; ok && !isNull(r) {
				cfg, csub := object(r)
				if csub == nil {
					csub = requireKeys(cfg, chatRequired[ch.typ])
				}
				sub.nest("config", csub)
				ch.config = cfg
			}
			errs.nest("chat_agent_details", sub)
			p.chat = ch
			if ch.typ == "" {
				p.chat = nil // "" clears the chat overlay
			}
		}
	}
	for i, name := range flagNames {
		if raw, ok := fields[name]; ok {
			if b, msg := boolean(raw, true); msg != "" {
				errs.add(name, msg)
			} else {
				p.flags[i] = b
			}
		}
	}
	return p, errs
}

func isTrue(raw json.RawMessage) bool {
	b, msg := boolean(raw, false)
	return msg == "" && b != nil && *b
}

func requireKeys(obj map[string]json.RawMessage, keys []string) errTree {
	errs := errTree{}
	for _, k := range keys {
		raw, ok := obj[k]
		if !ok {
			errs.add(k, msgRequired)
			continue
		}
		if s, msg := str(raw); msg != "" {
			errs.add(k, msg)
		} else if strings.TrimSpace(s) == "" {
			errs.add(k, msgBlank)
		}
	}
	return errs
}

// render is the agent as the API returns it, as the SDK's own response
// type: its declaration decides the JSON. Write-only fields (api_key,
// webhook_secret, predefined_metrics, the SIP password) are never returned,
// and neither are credential and chat configurations, which carry secrets of
// their own (LiveKit's api_secret, Agentforce's client_secret …).
// knowledge_base_files is an array, as the API's current revision
// (2026-08) answers it.
// agentAnswer is an agent as the fake sends it: the SDK's type, with
// webhook_secret_configured as the string the API description types it as
// ("true" or "false"; the notes guess a boolean on the wire, and the SDK's
// flex-tagged field reads both, but the fake follows the description).
type agentAnswer struct{ *cekura.Agent }

// MarshalJSON writes the agent with its flag as a string.
func (a agentAnswer) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(a.Agent)
	if err != nil {
		return nil, err
	}
	for _, v := range []string{"true", "false"} {
		b = bytes.Replace(b, []byte(`"webhook_secret_configured":`+v), []byte(`"webhook_secret_configured":"`+v+`"`), 1)
	}
	return b, nil
}

// answer is the agent as the fake's answers show it.
func (a *agent) answer() agentAnswer { return agentAnswer{a.render()} }

func (a *agent) render() *cekura.Agent {
	out := &cekura.Agent{
		ID:          a.id,
		Name:        a.name,
		Description: a.description,
		Language:    cekura.Language(a.language),
		Telephony: &cekura.Telephony{
			PhoneNumber:     a.telephony.phoneNumber,
			Inbound:         a.telephony.inbound,
			SIPURI:          cekura.Null[string](),
			OutboundNumbers: slices.Clone(a.telephony.outbound),
		},
		Provider: &cekura.AgentProvider{
			Type:                         cekura.ProviderType(a.provider.typ),
			AutoDialOutbound:             a.provider.flags[0],
			AutoImportCalls:              a.provider.flags[1],
			AutoSyncPrompt:               a.provider.flags[2],
			SendPostConversationMetadata: a.provider.flags[3],
		},
		AgentSpeaksFirst:      a.agentSpeaksFirst,
		KnowledgeBaseFiles:    []*cekura.KnowledgeBaseFile{},
		EnabledPersonalityIDs: []int64{},
		WebhookURL:            a.webhookURL,
		CreatedAt:             a.createdAt,
		UpdatedAt:             a.updatedAt,
	}
	if a.project != nil {
		out.ProjectID = *a.project
	}
	if a.telephony.sipURI != nil {
		out.Telephony.SIPURI = cekura.Some(*a.telephony.sipURI)
	}
	if out.Telephony.OutboundNumbers == nil {
		out.Telephony.OutboundNumbers = []string{}
	}
	if a.telephony.sipUsername != nil {
		out.Telephony.SIPAuth = &cekura.SIPAuth{Username: *a.telephony.sipUsername}
	}
	if a.provider.agentID != nil {
		out.Provider.AgentID = *a.provider.agentID
	}
	if a.provider.credentials != nil {
		out.Provider.Credentials = &cekura.AgentCredentials{}
	}
	if a.provider.chat != nil {
		out.Provider.ChatAgentDetails = &cekura.ChatAgentDetails{Type: cekura.ChatType(a.provider.chat.typ)}
	}
	a.extra.render(a, out)
	return out
}

// agentRoute serves /test_framework/v2/aiagents/.
func (s *Server) agentRoute() route {
	return route{
		collection: agentsPath,
		list:       listItems(s, s.agents, agentFilter, func(a *agent) any { return a.answer() }),
		create: func(w http.ResponseWriter, r *http.Request, body []byte) {
			fields, bad := parseObject(body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			fromProvider := configureFromProvider(fields)
			if _, named := fields["name"]; fromProvider && !named {
				fields["name"] = json.RawMessage(`"Imported agent"`) // the import names it
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			now := s.now()
			a := &agent{language: "en", createdAt: now, updatedAt: now}
			if errs := a.apply(fields, false); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			a.id = s.agents.insert(a)
			a.extra.snapshot(a, "+", now)
			if fromProvider {
				s.finishWrite(w, r, http.StatusAccepted, map[string]any{"id": a.id, "progress_id": a.extra.startImport(s)})
				return
			}
			s.finishWrite(w, r, http.StatusCreated, a.answer())
		},
		get:         getItem(s, s.agents, func(a *agent) any { return a.answer() }),
		itemActions: s.agentActions(),
		replace: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			s.updateAgent(w, r, id, body, false)
		},
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			s.updateAgent(w, r, id, body, true)
		},
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			related := true // the API's default
			if v := r.URL.Query()["delete_related"]; len(v) > 0 {
				var ok bool
				if related, ok = parseBoolParam(v[len(v)-1]); !ok {
					writeJSON(w, http.StatusBadRequest, map[string][]string{"delete_related": {msgBoolean}})
					return
				}
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if !s.agents.remove(id) {
				notFound(w)
				return
			}
			// delete_related (default true) deletes the agent's calls,
			// scenarios, results and runs; false detaches its scenarios and
			// leaves the rest as it is.
			for _, sid := range s.scenarios.ids(func(sc *scenario) bool { return sc.agent == id }) {
				if related {
					s.scenarios.remove(sid)
				} else {
					sc, _ := s.scenarios.get(sid)
					sc.agent = 0
				}
			}
			if related {
				for _, cid := range s.calls.ids(func(c *call) bool { return c.agent == id }) {
					s.calls.remove(cid)
				}
				for _, rid := range s.results.ids(func(res *result) bool { return res.agent == id }) {
					res, _ := s.results.get(rid)
					for _, run := range res.runs {
						s.runs.remove(run)
					}
					s.results.remove(rid)
				}
			}
			s.finishWrite(w, r, http.StatusNoContent, nil)
		},
	}
}

func (s *Server) updateAgent(w http.ResponseWriter, r *http.Request, id int64, body []byte, partial bool) {
	fields, bad := parseObject(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.agents.get(id)
	if !ok {
		notFound(w)
		return
	}
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	// Validate on a copy: a rejected update changes nothing.
	var a *agent
	if partial {
		a = old.clone()
	} else {
		a = &agent{id: old.id, language: "en", createdAt: old.createdAt}
		a.extra = agentExtra{versions: slices.Clone(old.extra.versions), personalities: old.extra.personalities,
			imports: old.extra.imports, nextID: old.extra.nextID}
	}
	if errs := a.apply(fields, partial); len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	a.updatedAt = s.now()
	a.extra.snapshot(a, "~", a.updatedAt)
	s.agents.put(id, a)
	s.finishWrite(w, r, http.StatusOK, a.answer())
}

// agentFilter keeps the agents of the query's project_id.
func agentFilter(q url.Values) (func(*agent) bool, errTree) {
	v := q.Get("project_id")
	if v == "" {
		return nil, nil
	}
	project, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, errTree{"project_id": []string{"Enter a number."}}
	}
	return func(a *agent) bool { return project <= 0 || (a.project != nil && *a.project == project) }, nil
}

func parseBoolParam(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

// configureFromProvider reports whether a create body asks for an import
// from the provider (answered 202).
func configureFromProvider(fields map[string]json.RawMessage) bool {
	var p struct {
		ConfigureFromProvider bool `json:"configure_from_provider"`
	}
	_ = json.Unmarshal(fields["provider"], &p)
	return p.ConfigureFromProvider
}
