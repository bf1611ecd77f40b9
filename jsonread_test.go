package cekura

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refAgent is what encoding/json decodes the response into: the reference
// the hand-written reader is held to.
type refAgent struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Project     int64  `json:"project"`
	Language    string `json:"language"`
	Telephony   *struct {
		PhoneNumber string  `json:"phone_number"`
		Inbound     bool    `json:"inbound"`
		SIPURI      *string `json:"sip_uri"`
		SIPAuth     *struct {
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"sip_auth"`
		OutboundNumbers []string `json:"outbound_numbers"`
	} `json:"telephony"`
	Provider *struct {
		Type        string  `json:"type"`
		AgentID     *string `json:"agent_id"`
		Credentials *struct {
			Config json.RawMessage `json:"config"`
		} `json:"credentials"`
		ChatAgentDetails *struct {
			Type   string          `json:"type"`
			Config json.RawMessage `json:"config"`
		} `json:"chat_agent_details"`
		AutoDialOutbound             *bool `json:"auto_dial_outbound"`
		AutoImportCalls              *bool `json:"auto_import_calls"`
		AutoSyncPrompt               *bool `json:"auto_sync_prompt"`
		SendPostConversationMetadata *bool `json:"send_post_conversation_metadata"`
	} `json:"provider"`
	AgentSpeaksFirst     *bool     `json:"agent_speaks_first"`
	KnowledgeBaseFiles   any       `json:"knowledge_base_files"`
	EnabledPersonalities []int64   `json:"enabled_personalities"`
	WebhookURL           string    `json:"webhook_url"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// agreeWithEncodingJSON decodes body both ways and compares every field.
func agreeWithEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	var ref refAgent
	refErr := json.Unmarshal(body, &ref)
	a, err := decodeAgent(body)
	if !json.Valid(body) {
		require.Error(t, err, "accepted invalid JSON %q", body)
		return
	}
	if isJSONObject(body) {
		require.NoError(t, err, "%q", body)
	}
	if refErr != nil || !isJSONObject(body) {
		// A type mismatch, where the reader is tolerant and encoding/json is
		// not; or a body that is not an object (null), which the reader refuses.
		return
	}
	require.NoError(t, err)
	assert.Equal(t, ref.ID, a.ID)
	assert.Equal(t, ref.Name, a.Name)
	assert.Equal(t, ref.Description, a.Description)
	assert.Equal(t, ref.Project, a.ProjectID)
	assert.Equal(t, ref.Language, string(a.Language))
	assert.Equal(t, ref.AgentSpeaksFirst, a.AgentSpeaksFirst)
	assert.Equal(t, ref.EnabledPersonalities, a.EnabledPersonalityIDs)
	assert.Equal(t, ref.WebhookURL, a.WebhookURL)
	assert.True(t, ref.CreatedAt.Equal(a.CreatedAt), "%v %v", ref.CreatedAt, a.CreatedAt)
	assert.True(t, ref.UpdatedAt.Equal(a.UpdatedAt))
	require.Equal(t, ref.Telephony == nil, a.Telephony == nil)
	if rt := ref.Telephony; rt != nil {
		tel := a.Telephony
		assert.Equal(t, rt.PhoneNumber, tel.PhoneNumber)
		assert.Equal(t, rt.Inbound, tel.Inbound)
		uri, ok := tel.SIPURI.Get()
		if rt.SIPURI == nil {
			assert.False(t, ok)
		} else {
			assert.Equal(t, *rt.SIPURI, uri)
		}
		require.Equal(t, rt.SIPAuth == nil, tel.SIPAuth == nil)
		if rt.SIPAuth != nil {
			assert.Equal(t, rt.SIPAuth.Username, tel.SIPAuth.Username)
			assert.Equal(t, rt.SIPAuth.Password, tel.SIPAuth.Password.Reveal())
		}
		assert.Equal(t, rt.OutboundNumbers, tel.OutboundNumbers)
	}
	require.Equal(t, ref.Provider == nil, a.Provider == nil)
	if rp := ref.Provider; rp != nil {
		p := a.Provider
		assert.Equal(t, rp.Type, string(p.Type))
		if rp.AgentID == nil {
			assert.Empty(t, p.AgentID)
		} else {
			assert.Equal(t, *rp.AgentID, p.AgentID)
		}
		assert.Equal(t, rp.Credentials == nil, p.Credentials == nil)
		require.Equal(t, rp.ChatAgentDetails == nil, p.ChatAgentDetails == nil)
		if rp.ChatAgentDetails != nil {
			assert.Equal(t, rp.ChatAgentDetails.Type, string(p.ChatAgentDetails.Type))
		}
		for i, pair := range [][2]*bool{{rp.AutoDialOutbound, p.AutoDialOutbound}, {rp.AutoImportCalls, p.AutoImportCalls},
			{rp.AutoSyncPrompt, p.AutoSyncPrompt}, {rp.SendPostConversationMetadata, p.SendPostConversationMetadata}} {
			assert.Equal(t, pair[0], pair[1], "flag %d", i)
		}
	}
}

func randAgentJSON(r *rand.Rand) []byte {
	m := map[string]any{}
	maybe := func(k string, v func() any) {
		if r.IntN(4) > 0 {
			m[k] = v()
		}
	}
	optBool := func() any {
		if r.IntN(3) == 0 {
			return nil
		}
		return r.IntN(2) == 0
	}
	maybe("id", func() any { return r.Int64() })
	maybe("name", func() any { return randString(r) })
	maybe("description", func() any { return randString(r) })
	maybe("project", func() any { return r.Int64N(1 << 40) })
	maybe("language", func() any { return randString(r) })
	maybe("telephony", func() any {
		if r.IntN(5) == 0 {
			return nil
		}
		t := map[string]any{"phone_number": randString(r), "inbound": r.IntN(2) == 0, "outbound_numbers": randStrings(r)}
		if r.IntN(2) == 0 {
			t["sip_uri"] = randString(r)
		} else {
			t["sip_uri"] = nil
		}
		if r.IntN(2) == 0 {
			t["sip_auth"] = map[string]any{"username": randString(r), "password": randString(r)}
		}
		return t
	})
	maybe("provider", func() any {
		if r.IntN(5) == 0 {
			return nil
		}
		p := map[string]any{"type": pick(r, []string{"vapi", "livekit", "retell", "telnyx", randString(r)}), "agent_id": randString(r),
			"auto_dial_outbound": optBool(), "auto_import_calls": optBool(), "auto_sync_prompt": optBool(), "send_post_conversation_metadata": optBool()}
		if r.IntN(2) == 0 {
			p["credentials"] = map[string]any{"config": map[string]any{"url": randString(r), "api_secret": randString(r), "public_key": randString(r)}}
		}
		if r.IntN(2) == 0 {
			p["chat_agent_details"] = map[string]any{"type": pick(r, []string{"retell", "self_hosted", "sms"}), "config": map[string]any{"agent_id": randString(r), "url": randString(r)}}
		}
		return p
	})
	maybe("agent_speaks_first", optBool)
	maybe("knowledge_base_files", func() any { return pick(r, []any{"[1, 2]", []int{3}, []map[string]any{{"id": 4}}, nil}) })
	maybe("enabled_personalities", func() any { return []int64{r.Int64(), -r.Int64N(100)} })
	maybe("webhook_url", func() any { return randString(r) })
	maybe("created_at", func() any { return time.Unix(r.Int64N(1<<32), r.Int64N(1e9)).UTC().Format(time.RFC3339Nano) })
	maybe("updated_at", func() any { return time.Unix(r.Int64N(1<<32), 0).In(time.FixedZone("x", 3600)).Format(time.RFC3339) })
	maybe("mock_tools", func() any { return []any{map[string]any{"k": randString(r)}, 1.5e300, nil} })
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func TestReaderAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	agreeWithEncodingJSON(t, []byte(agentJSON))
	agreeWithEncodingJSON(t, benchAgentJSON)
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		agreeWithEncodingJSON(t, randAgentJSON(r))
	}
	for _, body := range []string{
		`{"NAME": "folded", "Id": 7, "TELEPHONY": {"Phone_Number": "+1"}}`, // keys match without regard to case
		`{"na\u006de": "escaped key"}`,
		`{"telephony": {"phone_number": "a"}, "telephony": {"inbound": true}}`, // duplicates merge
		`{"name": "a", "name": "b"}`,
		`{"name": "\ud800 lone surrogate", "description": "\xff invalid"}`,
		`{"id": 1} x`, `{"id": 01}`, `{"id": 1,}`, `{"id" 1}`, `{"a": [1,]}`, `{"a": "\u12"}`, `{"a": tru}`, `{"a": -}`, `{"a": 1.}`, `{"a": 1e}`,
		"{\"a\": \"\x01\"}", `{"a": {"b": [[[[]]]]}}`, `{}`, ` {} `,
	} {
		agreeWithEncodingJSON(t, []byte(body))
	}
}

func FuzzReaderAgreesWithEncodingJSON(f *testing.F) {
	f.Add([]byte(agentJSON))
	f.Add(benchAgentJSON)
	r := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		f.Add(randAgentJSON(r))
	}
	f.Fuzz(func(t *testing.T, body []byte) { agreeWithEncodingJSON(t, body) })
}

// TestConfigReadersAgreeWithEncodingJSON: each config type's reader gives
// what encoding/json gives, and a config that does not fit stays raw.
func TestConfigReadersAgreeWithEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	check := func(typ string, raw []byte, got any, target any) {
		t.Helper()
		ptr := reflect.New(reflect.TypeOf(target))
		if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
			_, isRaw := got.(RawConfig)
			assert.True(t, isRaw, "%s %s: encoding/json fails (%v), so the config stays raw, got %T", typ, raw, err, got)
			return
		}
		assert.Equal(t, ptr.Elem().Interface(), got, "%s %s", typ, raw)
	}
	for range 300 {
		for typ, read := range providerConfigs {
			cfg := randProviderConfig(r)
			raw, err := json.Marshal(cfg)
			if err != nil || cfg == nil || isNil(cfg) || string(raw) == "null" {
				continue
			}
			if r.IntN(4) == 0 { // keys in another case, a null, a wrong type
				raw = []byte(`{"URL": "u", "api_secret": null, "tracing_enabled": "yes"}`)
			}
			got := decodeProviderConfig(typ, raw)
			_ = read
			var zero any
			switch typ {
			case ProviderTypeVapi:
				zero = VapiConfig{}
			case ProviderTypeRetell:
				zero = RetellConfig{}
			case ProviderTypeElevenLabs:
				zero = ElevenLabsConfig{}
			case ProviderTypeBland:
				zero = BlandConfig{}
			case ProviderTypeLiveKit:
				zero = LiveKitConfig{}
			case ProviderTypeSynthflow:
				zero = SynthflowConfig{}
			case ProviderTypeKoreAI:
				zero = KoreAIConfig{}
			case ProviderTypeGenesys:
				zero = GenesysConfig{}
			case ProviderTypePipecat:
				zero = PipecatConfig{}
			case providerSelfHosted, ProviderTypeCustom:
				zero = SelfHostedConfig{}
			case ProviderTypeAmazonConnect:
				zero = AmazonConnectConfig{}
			}
			check(string(typ), raw, got, zero)
		}
		for typ := range chatConfigs {
			cfg := randChatConfig(r)
			raw, err := json.Marshal(cfg)
			if err != nil || cfg == nil || isNil(cfg) || string(raw) == "null" {
				continue
			}
			got := decodeChatConfig(typ, raw)
			var zero any
			switch typ {
			case ChatTypeRetell:
				zero = RetellChatConfig{}
			case ChatTypeBland:
				zero = BlandChatConfig{}
			case ChatTypeAgentforce:
				zero = AgentforceChatConfig{}
			case ChatTypeSelfHosted:
				zero = SelfHostedChatConfig{}
			case ChatTypeAmazonConnect:
				zero = AmazonConnectChatConfig{}
			case ChatTypeSierra:
				zero = SierraChatConfig{}
			}
			check(string(typ), raw, got, zero)
		}
	}
}

func TestEqualFoldMatchesBytesEqualFold(t *testing.T) {
	t.Parallel()
	names := []string{"name", "id", "sip_uri", "knowledge_base_files", "k", "s"}
	keys := []string{"NAME", "Name", "name", "nam", "names", "ID", "iD", "Sip_Uri", "SIP-URI", "\u212a", "\u017f", "\u212aey", "na\u212ae", "knowledge_base_fileS", "", "_d"}
	for _, n := range names {
		for _, k := range keys {
			assert.Equal(t, bytes.EqualFold([]byte(k), []byte(n)), equalFold([]byte(k), n), "%q %q", k, n)
		}
	}
}

// FuzzConfigReaders: for any bytes and any provider or chat type, reading a
// config never panics, and a typed result is what encoding/json decodes.
func FuzzConfigReaders(f *testing.F) {
	f.Add([]byte(`{"api_secret": "s", "url": "wss://x", "config": {"a": [1]}, "tracing_enabled": true}`), uint8(4))
	f.Add([]byte(`{"URL": "u", "Headers": {"Authorization": "Bearer t", "X": null}}`), uint8(15))
	f.Add([]byte(`{"agent_id": 5}`), uint8(12))
	f.Add([]byte(`[1]`), uint8(0))
	types := []string{"vapi", "retell", "elevenlabs", "bland", "livekit", "trillet", "synthflow", "koreai", "genesys", "pipecat", "chirp", "self_hosted",
		"retell", "bland", "agentforce", "self_hosted", "amazon_connect", "telnyx"}
	f.Fuzz(func(t *testing.T, raw []byte, which uint8) {
		if !json.Valid(raw) {
			return // the reader only ever hands configs it has validated
		}
		i := int(which) % len(types)
		var got any
		if i < 12 || i == 17 {
			got = decodeProviderConfig(ProviderType(types[i]), raw)
		} else {
			got = decodeChatConfig(ChatType(types[i]), raw)
		}
		if rc, isRaw := got.(RawConfig); isRaw {
			if string(rc.JSON) != string(raw) {
				t.Fatal("a raw config must keep the JSON as given")
			}
			return
		}
		ptr := reflect.New(reflect.TypeOf(got))
		if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
			t.Fatalf("typed %T where encoding/json fails: %v", got, err)
		}
		want := ptr.Elem().Interface()
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%s\nencoding/json: %#v\nreader:        %#v", raw, want, got)
		}
	})
}
