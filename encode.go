package cekura

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The request encoder writes the JSON of CreateAgentRequest and
// UpdateAgentRequest without reflection. Its output is byte for byte what
// encoding/json produces for the same value (same field order, the same
// omissions, the same escaping of HTML-sensitive characters, control
// characters, U+2028/U+2029 and invalid UTF-8); TestEncoderMatchesEncodingJSON
// and FuzzEncoderMatchesEncodingJSON hold it to that.

var errInvalidRawJSON = errors.New("json: error calling MarshalJSON: invalid JSON in a json.RawMessage field")

// encodeBufs recycles the scratch buffers requests are encoded into.
var encodeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// encodeBody encodes a request into a new slice of exactly its size.
func encodeBody(appendJSON func([]byte) ([]byte, error)) ([]byte, error) {
	bp := encodeBufs.Get().(*[]byte)
	out, err := appendJSON((*bp)[:0])
	var body []byte
	if err == nil {
		body = slices.Clone(out)
	}
	if cap(out) <= 64<<10 {
		*bp = out[:0]
		encodeBufs.Put(bp)
	}
	return body, err
}

// key appends a comma when needed and the quoted key with its colon. k is a
// literal key of this package: plain ASCII, nothing to escape.
func key(dst []byte, k string) []byte {
	if n := len(dst); n > 0 && dst[n-1] != '{' {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, k...)
	return append(dst, '"', ':')
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendNullableBool(dst []byte, k string, n Nullable[bool]) []byte {
	if !n.set {
		return dst
	}
	dst = key(dst, k)
	if n.null {
		return append(dst, "null"...)
	}
	return appendBool(dst, n.value)
}

func appendNullableString(dst []byte, k string, n Nullable[string]) []byte {
	if !n.set {
		return dst
	}
	dst = key(dst, k)
	if n.null {
		return append(dst, "null"...)
	}
	return appendString(dst, n.value)
}

func appendStrings(dst []byte, list []string) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

// appendStringField appends "k":"s" unless s is empty (omitzero).
func appendStringField(dst []byte, k, s string) []byte {
	if s == "" {
		return dst
	}
	return appendString(key(dst, k), s)
}

// appendRawField appends "k":raw unless raw is nil (omitzero), compacted and
// escaped as encoding/json does; invalid JSON is an error.
func appendRawField(dst []byte, k string, raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return dst, nil
	}
	return appendRaw(key(dst, k), raw)
}

const hexDigits = "0123456789abcdef"

// htmlSafe reports the ASCII bytes encoding/json writes as they are in a
// string: printable, and not ", \, <, > or &.
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendString appends s as a JSON string, escaped as encoding/json does.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if htmlSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendRaw appends free-form JSON the way encoding/json writes a
// json.RawMessage: validated, without insignificant white space, with <, >,
// &, U+2028 and U+2029 escaped inside strings.
func appendRaw(dst []byte, raw []byte) ([]byte, error) {
	if !json.Valid(raw) {
		return dst, errInvalidRawJSON
	}
	inString, escaped := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			case c == '<' || c == '>' || c == '&':
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
				continue
			case c == 0xE2 && i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2]&^1 == 0xA8:
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[raw[i+2]&0xF])
				i += 2
				continue
			}
			dst = append(dst, c)
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inString = true
		}
		dst = append(dst, c)
	}
	return dst, nil
}

// appendCreate appends the JSON of a Create or Replace body.
func (r *CreateAgentRequest) appendJSON(dst []byte) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	dst = appendString(key(dst, "name"), r.Name)
	dst = appendString(key(dst, "description"), r.Description)
	if r.Project != 0 {
		dst = strconv.AppendInt(key(dst, "project"), r.Project, 10)
	}
	dst = appendStringField(dst, "language", string(r.Language))
	if r.Telephony != nil {
		dst = r.Telephony.appendJSON(key(dst, "telephony"))
	}
	if r.Provider != nil {
		if dst, err = r.Provider.appendJSON(key(dst, "provider")); err != nil {
			return dst, err
		}
	}
	dst = appendNullableBool(dst, "agent_speaks_first", r.AgentSpeaksFirst)
	if dst, err = appendRawField(dst, "predefined_metrics", r.PredefinedMetrics); err != nil {
		return dst, err
	}
	dst = appendStringField(dst, "webhook_url", r.WebhookURL)
	dst = appendStringField(dst, "webhook_secret", string(r.WebhookSecret))
	return append(dst, '}'), nil
}

func (t *Telephony) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	dst = appendStringField(dst, "phone_number", t.PhoneNumber)
	if t.Inbound {
		dst = append(key(dst, "inbound"), "true"...)
	}
	dst = appendNullableString(dst, "sip_uri", t.SIPURI)
	if t.SIPAuth != nil {
		dst = t.SIPAuth.appendJSON(key(dst, "sip_auth"))
	}
	if t.OutboundNumbers != nil {
		dst = appendStrings(key(dst, "outbound_numbers"), t.OutboundNumbers)
	}
	return append(dst, '}')
}

func (a *SIPAuth) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	dst = appendStringField(dst, "username", a.Username)
	dst = appendStringField(dst, "password", string(a.Password))
	return append(dst, '}')
}

func (p *Provider) appendJSON(dst []byte) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	dst = appendStringField(dst, "type", string(p.Type))
	dst = appendStringField(dst, "agent_id", p.AgentID)
	if p.Credentials != nil {
		if dst, err = p.Credentials.appendJSON(key(dst, "credentials")); err != nil {
			return dst, err
		}
	}
	if p.ChatAgentDetails != nil {
		if dst, err = p.ChatAgentDetails.appendJSON(key(dst, "chat_agent_details")); err != nil {
			return dst, err
		}
	}
	dst = appendProviderFlags(dst, p.AutoDialOutbound, p.AutoImportCalls, p.AutoSyncPrompt, p.SendPostConversationMetadata)
	return append(dst, '}'), nil
}

// appendProviderFlags appends the provider's four auto_* switches.
func appendProviderFlags(dst []byte, dial, imports, sync, metadata Nullable[bool]) []byte {
	dst = appendNullableBool(dst, "auto_dial_outbound", dial)
	dst = appendNullableBool(dst, "auto_import_calls", imports)
	dst = appendNullableBool(dst, "auto_sync_prompt", sync)
	return appendNullableBool(dst, "send_post_conversation_metadata", metadata)
}

func (c *ProviderCredentials) appendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendStringField(dst, "api_key", string(c.APIKey))
	if c.Config != nil {
		var err error
		if dst, err = appendConfig(key(dst, "config"), c.Config); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

func (d *ChatAgentDetails) appendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendString(key(dst, "type"), string(d.Type))
	if d.Config != nil {
		var err error
		if dst, err = appendConfig(key(dst, "config"), d.Config); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// configJSON is implemented by every provider and chat config.
type configJSON interface {
	appendJSON(dst []byte) ([]byte, error)
}

// appendConfig appends a config; a nil pointer in the interface is null, as
// encoding/json writes it.
func appendConfig(dst []byte, c any) ([]byte, error) {
	if isNil(c) {
		return append(dst, "null"...), nil
	}
	if cj, ok := c.(configJSON); ok {
		return cj.appendJSON(dst)
	}
	b, err := json.Marshal(c)
	return append(dst, b...), err
}

// appendJSON appends the update's JSON: only the fields that are set.
func (r *UpdateAgentRequest) appendJSON(dst []byte) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	if r.Name.set {
		dst = appendString(key(dst, "name"), r.Name.value)
	}
	if r.Description.set {
		dst = appendString(key(dst, "description"), r.Description.value)
	}
	if r.Project.set {
		dst = strconv.AppendInt(key(dst, "project"), r.Project.value, 10)
	}
	if r.Language.set {
		dst = appendString(key(dst, "language"), string(r.Language.value))
	}
	if t := r.Telephony; t != nil {
		dst = append(key(dst, "telephony"), '{')
		if t.PhoneNumber.set {
			dst = appendString(key(dst, "phone_number"), t.PhoneNumber.value)
		}
		if t.Inbound.set {
			dst = appendBool(key(dst, "inbound"), t.Inbound.value)
		}
		dst = appendNullableString(dst, "sip_uri", t.SIPURI)
		if t.SIPAuth.set {
			dst = key(dst, "sip_auth")
			if t.SIPAuth.null {
				dst = append(dst, "null"...)
			} else {
				dst = t.SIPAuth.value.appendJSON(dst)
			}
		}
		if t.OutboundNumbers.set {
			dst = appendStrings(key(dst, "outbound_numbers"), t.OutboundNumbers.value)
		}
		dst = append(dst, '}')
	}
	if p := r.Provider; p != nil {
		if dst, err = p.appendJSON(key(dst, "provider")); err != nil {
			return dst, err
		}
	}
	dst = appendNullableBool(dst, "agent_speaks_first", r.AgentSpeaksFirst)
	if dst, err = appendRawField(dst, "predefined_metrics", r.PredefinedMetrics); err != nil {
		return dst, err
	}
	if r.WebhookURL.set {
		dst = appendString(key(dst, "webhook_url"), r.WebhookURL.value)
	}
	if r.WebhookSecret.set {
		dst = appendString(key(dst, "webhook_secret"), string(r.WebhookSecret.value))
	}
	return append(dst, '}'), nil
}

func (p *ProviderUpdate) appendJSON(dst []byte) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	if p.Type.set {
		dst = appendString(key(dst, "type"), string(p.Type.value))
	}
	dst = appendNullableString(dst, "agent_id", p.AgentID)
	if p.Credentials.set {
		dst = key(dst, "credentials")
		if p.Credentials.null {
			dst = append(dst, "null"...)
		} else if dst, err = p.Credentials.value.appendJSON(dst); err != nil {
			return dst, err
		}
	}
	if p.ChatAgentDetails.set {
		dst = key(dst, "chat_agent_details")
		if p.ChatAgentDetails.null {
			dst = append(dst, "null"...)
		} else if dst, err = p.ChatAgentDetails.value.appendJSON(dst); err != nil {
			return dst, err
		}
	}
	dst = appendProviderFlags(dst, p.AutoDialOutbound, p.AutoImportCalls, p.AutoSyncPrompt, p.SendPostConversationMetadata)
	return append(dst, '}'), nil
}

// appendSecretMap appends a map of secrets with its keys sorted, as
// encoding/json writes maps.
func appendSecretMap(dst []byte, m map[string]Secret) []byte {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	dst = append(dst, '{')
	for i, k := range names {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendString(dst, k), ':')
		dst = appendString(dst, string(m[k]))
	}
	return append(dst, '}')
}

func (c RawConfig) appendJSON(dst []byte) ([]byte, error) {
	if len(c.JSON) == 0 {
		return append(dst, "{}"...), nil
	}
	return appendRaw(dst, c.JSON)
}
