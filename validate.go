package cekura

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cekura-go/cekura/internal/rules"
)

// maxNameLen is the API's limit on an agent's name, in characters.
const maxNameLen = 255

// validator collects every problem of a request, so the caller sees them all
// at once.
type validator struct {
	problems []FieldProblem
}

func (v *validator) add(field, format string, args ...any) {
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	v.problems = append(v.problems, FieldProblem{Field: field, Message: format})
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) name(field, name string) {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		v.add(field, "is required (1 to %d characters)", maxNameLen)
	case n > maxNameLen:
		v.add(field, "is %d characters long; at most %d are allowed", n, maxNameLen)
	}
}

func (v *validator) description(field, d string) {
	if strings.TrimSpace(d) == "" {
		v.add(field, "is required and must not be blank")
	}
}

func (v *validator) project(field string, p int64) {
	if p < 0 {
		v.add(field, "must be a positive project id, got %d", p)
	}
}

func (v *validator) language(field string, l Language) {
	if !l.Valid() {
		v.add(field, "%s", languageProblem(string(l)))
	}
}

func (v *validator) e164(field, number string) {
	if !rules.E164(number) {
		v.add(field, "%q is not an E.164 phone number (a + and 2 to 15 digits, such as +14155551234)", number)
	}
}

// sipURI checks a SIP URI, and refuses one with a password in it
// (sip:alice:password@host): RFC 3261 advises against it, and a URI is a
// plain string that prints and logs as it is, while sip_auth's password is
// a Secret that never does.
func (v *validator) sipURI(field, uri string) {
	if !rules.SIPURI(uri) {
		v.add(field, "is not a SIP URI (sip:user@host or sips:user@host)%s", echoOrigin(uri))
		return
	}
	if sipPassword(uri) {
		v.add(field, "has a password in it (sip:user:password@host)%s; put the password in sip_auth.password, which is never printed or logged", echoOrigin(uri))
	}
}

// sipPassword reports whether a SIP URI's user information has a password.
func sipPassword(uri string) bool {
	_, rest, _ := strings.Cut(uri, ":") // after the scheme
	userinfo, _, found := strings.Cut(rest, "@")
	return found && strings.Contains(userinfo, ":")
}

func (v *validator) httpURL(field, raw string) {
	if !rules.HTTPURL(raw) {
		v.add(field, "is not an absolute http:// or https:// URL%s", echoOrigin(raw))
	}
}

// echoOrigin names what a rejected URL starts with, its scheme and host,
// and nothing after them: a path or a query (?token=…) and user information
// (sip:alice:password@host) can carry credentials.
func echoOrigin(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" || len(u.Scheme) > 10 {
		return ""
	}
	host := u.Hostname()
	if u.Opaque != "" { // sip:user@host;params
		// The host follows the last @ (a password may hold one), and
		// headers (?subject=…) come after it.
		opaque, _, _ := strings.Cut(u.Opaque, "?")
		i := strings.LastIndexByte(opaque, '@')
		if i < 0 {
			return fmt.Sprintf(" (got a %s: value)", u.Scheme)
		}
		host, _, _ = strings.Cut(opaque[i+1:], ";")
		return fmt.Sprintf(" (got %s:…@%s)", u.Scheme, host)
	}
	if host == "" {
		return fmt.Sprintf(" (got a %s: value)", u.Scheme)
	}
	return fmt.Sprintf(" (got %s://%s/…)", u.Scheme, host)
}

// json checks free-form JSON; nil is left out, but an empty non-nil
// RawMessage would be sent as nothing at all.
func (v *validator) json(field string, raw json.RawMessage) {
	if raw != nil && !json.Valid(raw) {
		v.add(field, "is not valid JSON (leave it nil to send nothing)")
	}
}

func (v *validator) jsonObject(field string, raw json.RawMessage) {
	if raw != nil && !isJSONObjectValue(raw) {
		v.add(field, "must be a JSON object")
	}
}

// jsonObjectIn is jsonObject for the field prefix.name.
func (v *validator) jsonObjectIn(prefix, name string, raw json.RawMessage) {
	if raw != nil && !isJSONObjectValue(raw) {
		v.add(prefix+"."+name, "must be a JSON object")
	}
}

// isJSONObjectValue reports whether raw is one valid JSON object.
func isJSONObjectValue(raw []byte) bool {
	return isJSONObject(raw) && json.Valid(raw)
}

// isNil reports whether an interface holds nothing or a nil pointer, whose
// value-receiver methods would panic.
func isNil(x any) bool {
	if x == nil {
		return true
	}
	rv := reflect.ValueOf(x)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// requestRules is implemented by request types with rules beyond what their
// declaration says (formats, fields that go together).
type requestRules interface{ validate(v *validator) }

// validateRequest checks a request body: an update (PATCH) must set
// something; then the declared rules (no null where the API refuses it,
// required fields) and the type's own rules, every problem at once.
func validateRequest(req any, update bool) error {
	var v validator
	if update && setsNothing(req) {
		v.add("request", "sets no field; set at least one field to update")
		return v.err()
	}
	checkDeclared(&v, req)
	if rr, ok := req.(requestRules); ok {
		rr.validate(&v)
	}
	return v.err()
}

// validate checks a Create or Replace body.
func (r *CreateAgentRequest) validate(v *validator) {
	v.name("name", r.Name)
	v.description("description", r.Description)
	v.project("project", r.ProjectID)
	if r.Language != "" {
		v.language("language", r.Language)
	}
	if r.Telephony != nil {
		t := r.Telephony
		if t.PhoneNumber != "" {
			v.e164("telephony.phone_number", t.PhoneNumber)
		}
		if uri, ok := t.SIPURI.Get(); ok {
			v.sipURI("telephony.sip_uri", uri)
		}
		v.outboundNumbers("telephony.outbound_numbers", t.OutboundNumbers)
	}
	if r.Provider != nil {
		p := r.Provider
		if p.ConfigureFromProvider {
			v.add("provider.configure_from_provider", "is answered 202 with an import to wait for: use AgentsService.CreateFromProvider")
		}
		v.providerType("provider.type", p.Type)
		if p.Credentials != nil {
			v.providerConfig("provider.credentials.config", p.Type, true, p.Credentials.Config)
		}
		if p.ChatAgentDetails != nil {
			v.chatDetails(*p.ChatAgentDetails)
		}
	}
	v.json("predefined_metrics", r.PredefinedMetrics)
	if r.WebhookURL != "" {
		v.httpURL("webhook_url", r.WebhookURL)
	}
	if r.WebhookSecret != "" && r.WebhookURL == "" {
		v.add("webhook_secret", "is set without webhook_url; set webhook_url too, or leave the secret out")
	}
}

// validate checks a PATCH body: the same rules, for the fields set.
func (r *UpdateAgentRequest) validate(v *validator) {
	if name, ok := r.Name.Get(); ok {
		v.name("name", name)
	}
	if d, ok := r.Description.Get(); ok {
		v.description("description", d)
	}
	if p, ok := r.ProjectID.Get(); ok && p <= 0 {
		v.add("project", "must be a positive project id, got %d", p)
	}
	if l, ok := r.Language.Get(); ok {
		v.language("language", l)
	}
	if t := r.Telephony; t != nil {
		if n, ok := t.PhoneNumber.Get(); ok && n != "" {
			v.e164("telephony.phone_number", n)
		}
		if uri, ok := t.SIPURI.Get(); ok {
			v.sipURI("telephony.sip_uri", uri)
		}
		if nums, ok := t.OutboundNumbers.Get(); ok {
			v.outboundNumbers("telephony.outbound_numbers", nums)
		}
	}
	if p := r.Provider; p != nil {
		typ, typeSet := p.Type.Get()
		if typeSet {
			v.providerType("provider.type", typ)
		}
		if c, ok := p.Credentials.Get(); ok {
			v.providerConfig("provider.credentials.config", typ, typeSet, c.Config)
		}
		if d, ok := p.ChatAgentDetails.Get(); ok {
			v.chatDetails(d)
		}
	}
	v.json("predefined_metrics", r.PredefinedMetrics)
	url, urlSet := r.WebhookURL.Get()
	if urlSet && url != "" {
		v.httpURL("webhook_url", url)
	}
	if s, ok := r.WebhookSecret.Get(); ok && s != "" && urlSet && url == "" {
		v.add("webhook_secret", "is set while webhook_url is being removed")
	}
}

func (v *validator) outboundNumbers(field string, nums []string) {
	for i, n := range nums {
		if !rules.E164(n) {
			v.e164(field+"["+strconv.Itoa(i)+"]", n)
		}
	}
}

func (v *validator) providerType(field string, t ProviderType) {
	if instead, dropped := droppedProviders[t]; dropped {
		v.add(field, "%q is no longer accepted by the API (since its 2026-08 revision): %s", t, instead)
		return
	}
	if !t.Valid() {
		names := make([]string, len(providerTypes))
		for i, p := range providerTypes {
			names[i] = string(p)
		}
		v.add(field, "unknown provider type %q; allowed: %s", t, strings.Join(names, ", "))
	}
}

// providerConfig checks that a config fits the provider type (when known)
// and has its required fields.
func (v *validator) providerConfig(field string, t ProviderType, typeKnown bool, c ProviderConfig) {
	if c == nil {
		return
	}
	if isNil(c) {
		v.add(field, "is a nil %T; leave Config nil instead", c)
		return
	}
	if r, raw := c.(RawConfig); raw && typeKnown && r.Type != "" && t != "" && ProviderType(r.Type) != t {
		v.add(field, "is a RawConfig of type %q, but provider.type is %q", r.Type, t)
		return
	}
	if _, raw := c.(RawConfig); !raw && typeKnown && c.ProviderType() != t && t != "" {
		v.add(field, "is a %T, which is for provider type %q, but provider.type is %q", c, c.ProviderType(), t)
		return
	}
	c.validateConfig(v, field)
}

const (
	chatField       = "provider.chat_agent_details"
	chatTypeField   = chatField + ".type"
	chatConfigField = chatField + ".config"
)

func (v *validator) chatDetails(d ChatAgentDetails) {
	if !d.Type.Valid() {
		names := make([]string, 0, len(chatTypes))
		for _, c := range chatTypes[1:] {
			names = append(names, string(c))
		}
		v.add(chatTypeField, "unknown chat type %q; allowed: %s, or \"\" to clear", d.Type, strings.Join(names, ", "))
	}
	c := d.Config
	if c == nil {
		return
	}
	if isNil(c) {
		v.add(chatConfigField, "is a nil %T; leave Config nil instead", c)
		return
	}
	if r, raw := c.(RawConfig); raw && r.Type != "" && ChatType(r.Type) != d.Type {
		v.add(chatConfigField, "is a RawConfig of type %q, but the type is %q", r.Type, d.Type)
		return
	}
	if _, raw := c.(RawConfig); !raw && c.ChatType() != d.Type {
		v.add(chatConfigField, "is a %T, which is for chat type %q, but the type is %q", c, c.ChatType(), d.Type)
		return
	}
	c.validateConfig(v, chatConfigField)
}

// validateConfig: an empty RawConfig is sent as {}.
func (c RawConfig) validateConfig(v *validator, field string) {
	if len(c.JSON) > 0 {
		v.jsonObject(field, c.JSON)
	}
}

func (VapiConfig) validateConfig(*validator, string)          {}
func (RetellConfig) validateConfig(*validator, string)        {}
func (ElevenLabsConfig) validateConfig(*validator, string)    {}
func (BlandConfig) validateConfig(*validator, string)         {}
func (SynthflowConfig) validateConfig(*validator, string)     {}
func (SelfHostedConfig) validateConfig(*validator, string)    {}
func (AmazonConnectConfig) validateConfig(*validator, string) {}
func (SierraChatConfig) validateConfig(*validator, string)    {}

func (c LiveKitConfig) validateConfig(v *validator, field string) {
	v.jsonObjectIn(field, "config", c.Config)
}

func (KoreAIConfig) validateConfig(*validator, string) {}

func (GenesysConfig) validateConfig(*validator, string) {}

func (c PipecatConfig) validateConfig(v *validator, field string) {
	if !c.TracingEnabled && strings.TrimSpace(c.PipecatAgentName) == "" {
		v.add(field+".pipecat_agent_name", "is required unless tracing_enabled is true")
	}
	v.jsonObjectIn(field, "config", c.Config)
	v.jsonObjectIn(field, "room_properties", c.RoomProperties)
}

func (RetellChatConfig) validateConfig(*validator, string) {}

func (BlandChatConfig) validateConfig(*validator, string) {}

func (AgentforceChatConfig) validateConfig(*validator, string) {}

func (SelfHostedChatConfig) validateConfig(*validator, string) {}

func (AmazonConnectChatConfig) validateConfig(*validator, string) {}
