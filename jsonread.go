package cekura

import (
	"bytes"
	"errors"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// jreader is a small, strict JSON reader for the response types. It accepts
// exactly what encoding/json accepts (anything else is an error, wherever it
// is in the body), and, like encoding/json, leaves a field whose value has
// an unexpected type at its zero value rather than failing. It reads strings
// without copying: a string without escapes is a substring of one string
// conversion of the whole body.
type jreader struct {
	b   []byte
	s   string // string(b): fields are substrings of it
	i   int
	err error
}

var errSyntax = errors.New("invalid JSON")

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

func newReader(b []byte) *jreader {
	return &jreader{b: b, s: string(b)}
}

func (r *jreader) fail() {
	if r.err == nil {
		r.err = errSyntax
	}
	r.i = len(r.b)
}

func (r *jreader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value, or 0 at the end.
func (r *jreader) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

// end checks that nothing but white space follows the value.
func (r *jreader) end() {
	r.ws()
	if r.i != len(r.b) {
		r.fail()
	}
}

// object reports whether the next value is an object and, if so, consumes
// its opening brace. Read its fields with field.
func (r *jreader) object() bool {
	if r.peek() != '{' {
		return false
	}
	r.i++
	return true
}

// field reads the next key of an object and its colon, or consumes the
// closing brace and returns false. n counts the fields read so far.
func (r *jreader) field(n *int) ([]byte, bool) {
	c := r.peek()
	if c == '}' && *n == 0 {
		r.i++
		return nil, false
	}
	if *n > 0 {
		switch c {
		case '}':
			r.i++
			return nil, false
		case ',':
			r.i++
			r.ws()
		default:
			r.fail()
			return nil, false
		}
	}
	*n++
	if r.peek() != '"' {
		r.fail()
		return nil, false
	}
	k, ok := r.stringBytes()
	if !ok || r.peek() != ':' {
		r.fail()
		return nil, false
	}
	r.i++
	return k, true
}

// array reports whether the next value is an array and consumes its '['.
func (r *jreader) array() bool {
	if r.peek() != '[' {
		return false
	}
	r.i++
	return true
}

// item reports whether the array has another element (consuming the comma)
// or consumes the closing bracket and returns false.
func (r *jreader) item(n *int) bool {
	c := r.peek()
	if c == ']' {
		r.i++
		return false
	}
	if *n > 0 {
		if c != ',' {
			r.fail()
			return false
		}
		r.i++
	}
	*n++
	return r.err == nil
}

// str reads a string value; any other value is skipped and ok is false.
func (r *jreader) str() (string, bool) {
	if r.peek() != '"' {
		r.skip(0)
		return "", false
	}
	start, high := r.i+1, false
	for j := start; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			if high && !utf8.Valid(r.b[start:j]) {
				break // invalid UTF-8 becomes U+FFFD: the slow path
			}
			r.i = j + 1
			return r.s[start:j], true
		case c == '\\' || c < 0x20:
			// escapes and control bytes: the slow path
		case c >= utf8.RuneSelf:
			high = true
			continue
		default:
			continue
		}
		b, ok := r.stringBytes()
		return string(b), ok
	}
	r.fail()
	return "", false
}

// stringBytes reads a string at r.i, unescaping it as encoding/json does
// (invalid UTF-8 and lone surrogates become U+FFFD). The result may alias
// the body when nothing needed unescaping.
func (r *jreader) stringBytes() ([]byte, bool) {
	start := r.i + 1
	j := start
	for ; j < len(r.b); j++ {
		c := r.b[j]
		if c == '"' {
			r.i = j + 1
			return r.b[start:j], true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	out := make([]byte, 0, j-start+16)
	out = append(out, r.b[start:j]...)
	for j < len(r.b) {
		c := r.b[j]
		switch {
		case c == '"':
			r.i = j + 1
			return out, true
		case c < 0x20:
			r.fail()
			return nil, false
		case c == '\\':
			if j+1 >= len(r.b) {
				r.fail()
				return nil, false
			}
			switch e := r.b[j+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
				j += 2
			case 'b':
				out = append(out, '\b')
				j += 2
			case 'f':
				out = append(out, '\f')
				j += 2
			case 'n':
				out = append(out, '\n')
				j += 2
			case 'r':
				out = append(out, '\r')
				j += 2
			case 't':
				out = append(out, '\t')
				j += 2
			case 'u':
				c1, ok := hex4(r.b, j+2)
				if !ok {
					r.fail()
					return nil, false
				}
				j += 6
				if utf16.IsSurrogate(c1) {
					if c2, ok := hex4(r.b, j+2); ok && j+1 < len(r.b) && r.b[j] == '\\' && r.b[j+1] == 'u' {
						if dec := utf16.DecodeRune(c1, c2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							j += 6
							continue
						}
					}
					c1 = utf8.RuneError
				}
				out = utf8.AppendRune(out, c1)
			default:
				r.fail()
				return nil, false
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			j++
		default:
			rr, size := utf8.DecodeRune(r.b[j:])
			if rr == utf8.RuneError && size == 1 {
				out = append(out, "\uFFFD"...)
			} else {
				out = append(out, r.b[j:j+size]...)
			}
			j += size
		}
	}
	r.fail()
	return nil, false
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var v rune
	for _, c := range b[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

// null consumes a null and reports whether there was one.
func (r *jreader) null() bool {
	if r.peek() == 'n' {
		r.literal("null")
		return true
	}
	return false
}

func (r *jreader) literal(lit string) {
	if r.i+len(lit) > len(r.b) || string(r.b[r.i:r.i+len(lit)]) != lit {
		r.fail()
		return
	}
	r.i += len(lit)
}

// boolean reads true or false; any other value is skipped.
func (r *jreader) boolean() (bool, bool) {
	switch r.peek() {
	case 't':
		r.literal("true")
		return true, true
	case 'f':
		r.literal("false")
		return false, true
	}
	r.skip(0)
	return false, false
}

// boolPtr reads a boolean-or-null into *p: null sets nil; a value of another
// type leaves *p alone. v is where a new value is stored.
func (r *jreader) boolPtr(p **bool, v *bool) {
	if r.null() {
		*p = nil
		return
	}
	if b, ok := r.boolean(); ok {
		*v = b
		*p = v
	}
}

// int64 reads an integer; a fraction, an exponent, an overflow or a value
// of another type is skipped and ok is false, as encoding/json would.
func (r *jreader) int64() (int64, bool) {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip(0)
		return 0, false
	}
	start := r.i
	r.number()
	n, err := strconv.ParseInt(r.s[start:r.i], 10, 64)
	return n, err == nil
}

// number consumes a number, checking its grammar.
func (r *jreader) number() {
	b, i := r.b, r.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		r.fail()
		return
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			r.fail()
			return
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			r.fail()
			return
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	r.i = i
}

// skip consumes any value, checking it.
func (r *jreader) skip(depth int) {
	if depth > maxDepth {
		r.fail()
		return
	}
	switch c := r.peek(); {
	case c == '{':
		r.i++
		n := 0
		for {
			if _, ok := r.field(&n); !ok {
				return
			}
			r.skip(depth + 1)
		}
	case c == '[':
		r.i++
		n := 0
		for r.item(&n) {
			r.skip(depth + 1)
		}
	case c == '"':
		if _, ok := r.stringBytes(); !ok {
			r.fail()
		}
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		r.number()
	default:
		r.fail()
	}
}

// raw skips a value and returns its bytes.
func (r *jreader) raw() []byte {
	r.ws()
	start := r.i
	r.skip(0)
	return r.b[start:r.i]
}

// timeValue reads an RFC 3339 timestamp; anything else is the zero time.
func (r *jreader) timeValue() time.Time {
	s, ok := r.str()
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// match returns the known key k equals exactly or, failing that, without
// regard to case (as encoding/json matches field names).
func match(k []byte, known []string) string {
	for _, name := range known {
		if string(k) == name {
			return name
		}
	}
	for _, name := range known {
		if equalFold(k, name) {
			return name
		}
	}
	return ""
}

// equalFold is bytes.EqualFold(k, []byte(name)) for an ASCII name, without
// converting it; non-ASCII keys (such as K, the Kelvin sign) take the slow path.
func equalFold(k []byte, name string) bool {
	if len(k) != len(name) {
		return hasNonASCII(k) && bytes.EqualFold(k, []byte(name))
	}
	for i := 0; i < len(k); i++ {
		a, b := k[i], name[i]
		if a == b {
			continue
		}
		if a >= utf8.RuneSelf {
			return bytes.EqualFold(k, []byte(name))
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

var (
	agentKeys     = []string{"id", "name", "description", "project", "language", "telephony", "provider", "agent_speaks_first", "knowledge_base_files", "enabled_personalities", "webhook_url", "created_at", "updated_at"}
	telephonyKeys = []string{"phone_number", "inbound", "sip_uri", "sip_auth", "outbound_numbers"}
	sipAuthKeys   = []string{"username", "password"}
	providerKeys  = []string{"type", "agent_id", "credentials", "chat_agent_details", "auto_dial_outbound", "auto_import_calls", "auto_sync_prompt", "send_post_conversation_metadata"}
	configKeys    = []string{"config"}
	chatKeys      = []string{"type", "config"}
	pageKeys      = []string{"count", "next", "previous", "results"}
	kbFileKeys    = []string{"id", "file_name", "file_url", "file_type", "file_size", "created_at", "updated_at"}
)

// agentBlock holds an agent and its nested parts in one allocation.
type agentBlock struct {
	agent     Agent
	telephony Telephony
	sipAuth   SIPAuth
	provider  AgentProvider
	creds     AgentCredentials
	chat      ChatAgentDetails
	bools     [5]bool
}

// readAgent decodes the object at r.i into a, which keeps raw as its JSON.
func (r *jreader) readAgent(a *Agent, blk *agentBlock, raw []byte) {
	if !r.object() {
		r.fail()
		return
	}
	a.raw = raw
	n := 0
	for {
		k, ok := r.field(&n)
		if !ok {
			return
		}
		switch match(k, agentKeys) {
		case "id":
			if v, ok := r.int64(); ok {
				a.ID = v
			}
		case "name":
			if v, ok := r.str(); ok {
				a.Name = v
			}
		case "description":
			if v, ok := r.str(); ok {
				a.Description = v
			}
		case "project":
			if v, ok := r.int64(); ok {
				a.Project = v
			}
		case "language":
			if v, ok := r.str(); ok {
				a.Language = Language(v)
			}
		case "telephony":
			if r.null() {
				a.Telephony = nil
			} else if r.peek() == '{' {
				if a.Telephony == nil {
					a.Telephony = &blk.telephony
				}
				r.readTelephony(a.Telephony, &blk.sipAuth)
			} else {
				r.skip(0)
			}
		case "provider":
			if r.null() {
				a.Provider = nil
			} else if r.peek() == '{' {
				if a.Provider == nil {
					a.Provider = &blk.provider
				}
				r.readProvider(a.Provider, blk)
			} else {
				r.skip(0)
			}
		case "agent_speaks_first":
			r.boolPtr(&a.AgentSpeaksFirst, &blk.bools[0])
		case "knowledge_base_files":
			a.KnowledgeBaseFiles = r.knowledgeBaseFiles()
		case "enabled_personalities":
			if r.null() {
				a.EnabledPersonalities = nil
			} else if r.array() {
				ids := make([]int64, 0, 4)
				m := 0
				for r.item(&m) {
					if r.null() {
						ids = append(ids, 0) // as encoding/json decodes null into an int64
					} else if v, ok := r.int64(); ok {
						ids = append(ids, v)
					}
				}
				a.EnabledPersonalities = ids
			} else {
				r.skip(0)
			}
		case "webhook_url":
			if v, ok := r.str(); ok {
				a.WebhookURL = v
			}
		case "created_at":
			a.CreatedAt = r.timeValue()
		case "updated_at":
			a.UpdatedAt = r.timeValue()
		default:
			r.skip(0)
		}
	}
}

func (r *jreader) readTelephony(t *Telephony, auth *SIPAuth) {
	r.object()
	n := 0
	for {
		k, ok := r.field(&n)
		if !ok {
			return
		}
		switch match(k, telephonyKeys) {
		case "phone_number":
			if v, ok := r.str(); ok {
				t.PhoneNumber = v
			}
		case "inbound":
			if v, ok := r.boolean(); ok {
				t.Inbound = v
			}
		case "sip_uri":
			if r.null() {
				t.SIPURI = Null[string]()
			} else if v, ok := r.str(); ok {
				t.SIPURI = Value(v)
			}
		case "sip_auth":
			if r.null() {
				t.SIPAuth = nil
			} else if r.object() {
				if t.SIPAuth == nil {
					t.SIPAuth = auth
				}
				m := 0
				for {
					k, ok := r.field(&m)
					if !ok {
						break
					}
					switch match(k, sipAuthKeys) {
					case "username":
						if v, ok := r.str(); ok {
							t.SIPAuth.Username = v
						}
					case "password":
						if v, ok := r.str(); ok {
							t.SIPAuth.Password = Secret(v)
						}
					default:
						r.skip(0)
					}
				}
			} else {
				r.skip(0)
			}
		case "outbound_numbers":
			if r.null() {
				t.OutboundNumbers = nil
			} else if r.array() {
				nums := make([]string, 0, 2)
				m := 0
				for r.item(&m) {
					v, _ := r.str()
					nums = append(nums, v)
				}
				t.OutboundNumbers = nums
			} else {
				r.skip(0)
			}
		default:
			r.skip(0)
		}
	}
}

func (r *jreader) readProvider(p *AgentProvider, blk *agentBlock) {
	r.object()
	var config, chatConfig []byte
	n := 0
	for {
		k, ok := r.field(&n)
		if !ok {
			break
		}
		switch match(k, providerKeys) {
		case "type":
			if v, ok := r.str(); ok {
				p.Type = ProviderType(v)
			}
		case "agent_id":
			if r.null() {
				p.AgentID = ""
			} else if v, ok := r.str(); ok {
				p.AgentID = v
			}
		case "credentials":
			if r.null() {
				p.Credentials, config = nil, nil
			} else if r.object() {
				if p.Credentials == nil {
					p.Credentials = &blk.creds
				}
				m := 0
				for {
					k, ok := r.field(&m)
					if !ok {
						break
					}
					if match(k, configKeys) == "config" {
						config = r.raw()
					} else {
						r.skip(0)
					}
				}
			} else {
				r.skip(0)
			}
		case "chat_agent_details":
			if r.null() {
				p.ChatAgentDetails, chatConfig = nil, nil
			} else if r.peek() == '{' {
				if p.ChatAgentDetails == nil {
					p.ChatAgentDetails = &blk.chat
				}
				if c := r.readChatDetails(p.ChatAgentDetails); c != nil {
					chatConfig = c
				}
			} else {
				r.skip(0)
			}
		case "auto_dial_outbound":
			r.boolPtr(&p.AutoDialOutbound, &blk.bools[1])
		case "auto_import_calls":
			r.boolPtr(&p.AutoImportCalls, &blk.bools[2])
		case "auto_sync_prompt":
			r.boolPtr(&p.AutoSyncPrompt, &blk.bools[3])
		case "send_post_conversation_metadata":
			r.boolPtr(&p.SendPostConversationMetadata, &blk.bools[4])
		default:
			r.skip(0)
		}
	}
	if r.err != nil {
		return
	}
	// The configs are decoded once the type is known, wherever it stood.
	if p.Credentials != nil {
		p.Credentials.Config = nil
		if len(config) > 0 && config[0] != 'n' {
			p.Credentials.Config = decodeProviderConfig(p.Type, config)
		}
	}
	if p.ChatAgentDetails != nil {
		p.ChatAgentDetails.Config = nil
		if len(chatConfig) > 0 && chatConfig[0] != 'n' {
			p.ChatAgentDetails.Config = decodeChatConfig(p.ChatAgentDetails.Type, chatConfig)
		}
	}
}

// readChatDetails reads a chat_agent_details object into d and returns the
// raw config (nil when absent), which the caller decodes by d.Type.
func (r *jreader) readChatDetails(d *ChatAgentDetails) (config []byte) {
	r.object()
	n := 0
	for {
		k, ok := r.field(&n)
		if !ok {
			return config
		}
		switch match(k, chatKeys) {
		case "type":
			if v, ok := r.str(); ok {
				d.Type = ChatType(v)
			}
		case "config":
			config = r.raw()
		default:
			r.skip(0)
		}
	}
}

// knowledgeBaseFiles reads every shape the API has used: a string holding
// a JSON list, a list of ids, a list of file objects, or null.
func (r *jreader) knowledgeBaseFiles() KnowledgeBaseFiles {
	switch r.peek() {
	case '"':
		b, ok := r.stringBytes()
		if !ok {
			return nil
		}
		inner := &jreader{b: b, s: string(b)}
		if inner.peek() != '[' {
			return nil
		}
		files := inner.fileList()
		if inner.end(); inner.err != nil {
			return nil
		}
		return files
	case '[':
		return r.fileList()
	}
	r.skip(0)
	return nil
}

func (r *jreader) fileList() KnowledgeBaseFiles {
	r.array()
	files := make(KnowledgeBaseFiles, 0, 4)
	n := 0
	for r.item(&n) {
		switch r.peek() {
		case '{':
			r.object()
			var f KnowledgeBaseFile
			m := 0
			for {
				k, ok := r.field(&m)
				if !ok {
					break
				}
				switch match(k, kbFileKeys) {
				case "id":
					f.ID, _ = r.int64()
				case "file_name":
					f.FileName, _ = r.str()
				case "file_url":
					f.FileURL, _ = r.str()
				case "file_type":
					f.FileType, _ = r.str()
				case "file_size":
					f.FileSize, _ = r.int64()
				case "created_at":
					f.CreatedAt = r.timeValue()
				case "updated_at":
					f.UpdatedAt = r.timeValue()
				default:
					r.skip(0)
				}
			}
			files = append(files, f)
		case '"':
			if s, ok := r.str(); ok {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					files = append(files, KnowledgeBaseFile{ID: id})
				}
			}
		default:
			if id, ok := r.int64(); ok {
				files = append(files, KnowledgeBaseFile{ID: id})
			}
		}
	}
	return files
}

// readPage decodes a page; every agent keeps its own slice of the body.
func (r *jreader) readPage(p *AgentPage) {
	if !r.object() {
		r.fail()
		return
	}
	n := 0
	for {
		k, ok := r.field(&n)
		if !ok {
			return
		}
		switch match(k, pageKeys) {
		case "count":
			if v, ok := r.int64(); ok && v >= 0 && v <= 1<<31 {
				p.Count = int(v)
			}
		case "next":
			if r.null() {
				p.Next = ""
			} else if v, ok := r.str(); ok {
				p.Next = v
			}
		case "previous":
			if r.null() {
				p.Previous = ""
			} else if v, ok := r.str(); ok {
				p.Previous = v
			}
		case "results":
			if r.null() {
				p.Results = p.Results[:0]
			} else if r.array() {
				p.Results = p.Results[:0]
				blocks := make([]agentBlock, 0, 16)
				m := 0
				for r.item(&m) {
					if r.peek() != '{' {
						r.skip(0)
						if r.err == nil {
							r.err = errNotAgent
						}
						continue
					}
					if len(blocks) == cap(blocks) {
						blocks = make([]agentBlock, 0, min(2*cap(blocks), 256))
					}
					blocks = blocks[:len(blocks)+1]
					blk := &blocks[len(blocks)-1]
					start := r.i
					r.readAgent(&blk.agent, blk, nil)
					blk.agent.raw = r.b[start:r.i]
					p.Results = append(p.Results, &blk.agent)
				}
			} else {
				r.skip(0)
			}
		default:
			r.skip(0)
		}
	}
}

var errNotAgent = errors.New("a result that is not a JSON object")
