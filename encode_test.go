package cekura

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tricky strings: escaping is where hand-written encoders go wrong.
var tricky = []string{
	"", "plain", "<script>alert('x')</script>", "a&b", "\"quoted\"", `back\slash`, "tab\tnew\nline\rcr",
	"\x00\x01\x1f\x7f", "\b\f", "\u2028\u2029", "日本語", "emoji 🎙️", "\xff\xfe invalid", "\xe2\x80", "ĸelvin K",
	"/slash", "+14155551234", "sip:a@b", "https://h.example/x?a=1&b=<2>",
}

var trickyRaw = []string{
	`{"a": "<b>&</b>", "n": [1, 2.5e10, -0], "t": true, "u": "\u2028 "}`, ` [ 1 , {"x" : null} ] `, `"str"`, `12`, `null`,
	`{"deep": {"deeper": {"deepest": ["\"", "\\", "\ud83c\udf99"]}}}`,
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func randString(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return pick(r, tricky) + pick(r, tricky)
	}
	return pick(r, tricky)
}

func randNullableBool(r *rand.Rand) Opt[bool] {
	switch r.IntN(4) {
	case 0:
		return Opt[bool]{}
	case 1:
		return Null[bool]()
	}
	return Some(r.IntN(2) == 0)
}

func randNullableString(r *rand.Rand) Opt[string] {
	switch r.IntN(3) {
	case 0:
		return Opt[string]{}
	case 1:
		return Null[string]()
	}
	return Some(randString(r))
}

func randStrings(r *rand.Rand) []string {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	out := make([]string, 1+r.IntN(3))
	for i := range out {
		out[i] = randString(r)
	}
	return out
}

func randRaw(r *rand.Rand) json.RawMessage {
	if r.IntN(3) == 0 {
		return nil
	}
	return json.RawMessage(pick(r, trickyRaw))
}

func randProviderConfig(r *rand.Rand) ProviderConfig {
	s := func() string { return randString(r) }
	configs := []ProviderConfig{
		nil, VapiConfig{PublicKey: s(), TriggerURL: s()}, RetellConfig{TriggerURL: s(), LiveKitServerURL: s()},
		ElevenLabsConfig{TriggerURL: s(), BaseURLOverride: s()}, BlandConfig{EncryptedKey: Secret(s())},
		LiveKitConfig{APISecret: Secret(s()), URL: s(), AgentName: s(), Config: randRaw(r), TracingEnabled: r.IntN(2) == 0, TriggerURL: s()},
		&LiveKitConfig{URL: s()}, (*VapiConfig)(nil), SynthflowConfig{BaseURLOverride: s()},
		KoreAIConfig{ClientID: s(), BotID: s(), Host: s()}, GenesysConfig{ClientID: s(), Region: s()},
		PipecatConfig{PipecatAgentName: s(), Config: randRaw(r), RoomProperties: randRaw(r), WebhookURL: s(), TracingEnabled: r.IntN(2) == 0},
		SelfHostedConfig{SendPostConversationMetadata: r.IntN(2) == 0}, RawConfig{Type: "x", JSON: randRaw(r)},
	}
	return pick(r, configs)
}

func randChatConfig(r *rand.Rand) ChatConfig {
	s := func() string { return randString(r) }
	var headers map[string]Secret
	if r.IntN(2) == 0 {
		headers = map[string]Secret{s(): Secret(s()), s(): Secret(s()), "Authorization": "Bearer <t>"}
	}
	configs := []ChatConfig{
		nil, RetellChatConfig{AgentID: s()}, BlandChatConfig{AgentID: s()},
		AgentforceChatConfig{ClientSecret: Secret(s()), ClientID: s(), Domain: s(), AgentID: s()},
		SelfHostedChatConfig{URL: s(), Headers: headers, WebsocketSecret: Secret(s())},
		AmazonConnectChatConfig{WidgetID: s(), SecurityToken: Secret(s()), SnippetID: s(), ConnectHost: s(), Region: s()},
		RawConfig{JSON: randRaw(r)}, (*RetellChatConfig)(nil),
	}
	return pick(r, configs)
}

func randProvider(r *rand.Rand) *Provider {
	if r.IntN(4) == 0 {
		return nil
	}
	p := &Provider{Type: ProviderType(randString(r)), AgentID: randString(r),
		AutoDialOutbound: randNullableBool(r), AutoImportCalls: randNullableBool(r),
		AutoSyncPrompt: randNullableBool(r), SendPostConversationMetadata: randNullableBool(r)}
	if r.IntN(3) > 0 {
		p.Credentials = &ProviderCredentials{APIKey: Secret(randString(r)), Config: randProviderConfig(r)}
	}
	if r.IntN(3) > 0 {
		p.ChatAgentDetails = &ChatAgentDetails{Type: ChatType(randString(r)), Config: randChatConfig(r)}
	}
	return p
}

func randCreate(r *rand.Rand) *CreateAgentRequest {
	req := &CreateAgentRequest{
		Name: randString(r), Description: randString(r), ProjectID: int64(r.IntN(3)-1) * r.Int64(),
		Language: Language(randString(r)), AgentSpeaksFirst: randNullableBool(r), PredefinedMetrics: randRaw(r),
		WebhookURL: randString(r), WebhookSecret: Secret(randString(r)), Provider: randProvider(r),
	}
	if r.IntN(4) > 0 {
		req.Telephony = &Telephony{PhoneNumber: randString(r), Inbound: r.IntN(2) == 0, SIPURI: randNullableString(r), OutboundNumbers: randStrings(r)}
		if r.IntN(2) == 0 {
			req.Telephony.SIPAuth = &SIPAuth{Username: randString(r), Password: Secret(randString(r))}
		}
	}
	return req
}

func randUpdate(r *rand.Rand) *UpdateAgentRequest {
	u := &UpdateAgentRequest{AgentSpeaksFirst: randNullableBool(r), PredefinedMetrics: randRaw(r)}
	if r.IntN(2) == 0 {
		u.Name = Some(randString(r))
	}
	if r.IntN(2) == 0 {
		u.Description = Some(randString(r))
	}
	if r.IntN(2) == 0 {
		u.ProjectID = Some(r.Int64())
	}
	if r.IntN(2) == 0 {
		u.Language = Some(Language(randString(r)))
	}
	if r.IntN(2) == 0 {
		u.WebhookURL = Some(randString(r))
	}
	if r.IntN(2) == 0 {
		u.WebhookSecret = Some(Secret(randString(r)))
	}
	if r.IntN(3) > 0 {
		u.Telephony = &TelephonyUpdate{SIPURI: randNullableString(r)}
		if r.IntN(2) == 0 {
			u.Telephony.PhoneNumber = Some(randString(r))
		}
		if r.IntN(2) == 0 {
			u.Telephony.Inbound = Some(r.IntN(2) == 0)
		}
		if r.IntN(2) == 0 {
			u.Telephony.OutboundNumbers = Some(randStrings(r))
		}
		switch r.IntN(3) {
		case 0:
			u.Telephony.SIPAuth = Null[SIPAuth]()
		case 1:
			u.Telephony.SIPAuth = Some(SIPAuth{Username: randString(r), Password: Secret(randString(r))})
		}
	}
	if r.IntN(3) > 0 {
		p := &ProviderUpdate{AgentID: randNullableString(r), AutoDialOutbound: randNullableBool(r), AutoImportCalls: randNullableBool(r),
			AutoSyncPrompt: randNullableBool(r), SendPostConversationMetadata: randNullableBool(r)}
		if r.IntN(2) == 0 {
			p.Type = Some(ProviderType(randString(r)))
		}
		switch r.IntN(3) {
		case 0:
			p.Credentials = Null[ProviderCredentials]()
		case 1:
			p.Credentials = Some(ProviderCredentials{APIKey: Secret(randString(r)), Config: randProviderConfig(r)})
		}
		switch r.IntN(3) {
		case 0:
			p.ChatAgentDetails = Null[ChatAgentDetails]()
		case 1:
			p.ChatAgentDetails = Some(ChatAgentDetails{Type: ChatType(randString(r)), Config: randChatConfig(r)})
		}
		u.Provider = p
	}
	return u
}

// sameAsEncodingJSON checks the encoder against encoding/json: the same
// bytes, or an error from both.
func sameAsEncodingJSON(t *testing.T, v any) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	got, gotErr := marshal(v)
	if wantErr != nil || gotErr != nil {
		require.Equal(t, wantErr != nil, gotErr != nil, "errors: encoding/json %v, encoder %v", wantErr, gotErr)
		return
	}
	require.Equal(t, string(want), string(got))
}

func TestEncoderMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	sameAsEncodingJSON(t, fullCreateRequest())
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		c := randCreate(r)
		sameAsEncodingJSON(t, c)
		u := randUpdate(r)
		sameAsEncodingJSON(t, u)
	}
	// Invalid or empty free-form JSON is an error, as in encoding/json.
	for _, raw := range []json.RawMessage{json.RawMessage(`{`), json.RawMessage{}, json.RawMessage(`{} {}`)} {
		c := &CreateAgentRequest{Name: "n", Description: "d", PredefinedMetrics: raw}
		_, err := marshal(c)
		assert.Error(t, err, "%q", raw)
		sameAsEncodingJSON(t, c)
	}
}

func FuzzEncoderMatchesEncodingJSON(f *testing.F) {
	for i, s := range tricky {
		f.Add(s, tricky[(i+3)%len(tricky)], []byte(trickyRaw[i%len(trickyRaw)]), uint8(i))
	}
	f.Fuzz(func(t *testing.T, a, b string, raw []byte, choice uint8) {
		c := &CreateAgentRequest{Name: a, Description: b, Language: Language(a), WebhookSecret: Secret(b), PredefinedMetrics: raw,
			Telephony: &Telephony{PhoneNumber: b, SIPURI: Some(a), OutboundNumbers: []string{a, b}, SIPAuth: &SIPAuth{Username: a, Password: Secret(b)}},
			Provider: &Provider{Type: ProviderType(b), AgentID: a, AutoSyncPrompt: Null[bool](),
				Credentials:      &ProviderCredentials{APIKey: Secret(a), Config: RawConfig{JSON: raw}},
				ChatAgentDetails: &ChatAgentDetails{Type: ChatType(a), Config: SelfHostedChatConfig{URL: b, Headers: map[string]Secret{a: Secret(b), b: Secret(a)}}}}}
		if choice%2 == 0 {
			c.Provider.Credentials.Config = LiveKitConfig{APISecret: Secret(a), URL: b, Config: raw}
		}
		sameAsEncodingJSON(t, c)
		u := &UpdateAgentRequest{Name: Some(a), WebhookURL: Some(b), Telephony: &TelephonyUpdate{SIPURI: Some(b), OutboundNumbers: Some([]string{a})},
			Provider: &ProviderUpdate{AgentID: Some(a), Credentials: Some(ProviderCredentials{Config: PipecatConfig{PipecatAgentName: b, RoomProperties: raw}})}}
		sameAsEncodingJSON(t, u)
	})
}

// TestBaselineSendsTheSameBytes proves the benchmarks compare like with
// like: the hand-written client sends exactly the SDK's request body.
func TestBaselineSendsTheSameBytes(t *testing.T) {
	t.Parallel()
	sdk, err := marshal(fullCreateRequest())
	require.NoError(t, err)
	raw, err := json.Marshal(benchRawRequest())
	require.NoError(t, err)
	assert.Equal(t, string(raw), string(sdk))
	assert.Greater(t, len(sdk), 700)

	// And both decode the answer to the same values.
	a, err := decodeAgent(benchAgentJSON)
	require.NoError(t, err)
	var ra rawAgent
	require.NoError(t, json.Unmarshal(benchAgentJSON, &ra))
	assert.Equal(t, ra.ID, a.ID)
	assert.Equal(t, ra.Name, a.Name)
	assert.Equal(t, ra.Telephony.OutboundNumbers, a.Telephony.OutboundNumbers)
	assert.Equal(t, ra.CreatedAt, a.CreatedAt)
	assert.Equal(t, *ra.Provider.AutoDialOutbound, *a.Provider.AutoDialOutbound)
}

func TestEncodeBodyReusesNoMemoryItReturns(t *testing.T) {
	t.Parallel()
	first, err := marshal(fullCreateRequest())
	require.NoError(t, err)
	snapshot := bytes.Clone(first)
	for range 10 {
		_, _ = marshal((&CreateAgentRequest{Name: strings.Repeat("x", 3000), Description: "d"}))
	}
	assert.Equal(t, snapshot, first, "a returned body is never overwritten by a later encoding")
}
