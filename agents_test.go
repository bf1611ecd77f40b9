package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullCreateRequest sets every field of the seed page.
func fullCreateRequest() *CreateAgentRequest {
	return &CreateAgentRequest{
		Name:        "Support Bot",
		Description: "Handles inbound support calls for ACME Inc.",
		ProjectID:   1376,
		Language:    LanguageEnglish,
		Telephony: &Telephony{
			PhoneNumber:     "+14155551234",
			Inbound:         true,
			SIPURI:          Some("sip:support@acme.example"),
			SIPAuth:         &SIPAuth{Username: "acme", Password: "sip-pass-123"},
			OutboundNumbers: []string{"+14155550000", "+442071838750"},
		},
		Provider: &Provider{
			Type:    ProviderTypeRetell,
			AgentID: "agent_abc123",
			Credentials: &ProviderCredentials{
				APIKey: "key_retell_secret",
				Config: RetellConfig{TriggerURL: "https://api.retellai.com/create-phone-call", LiveKitServerURL: "wss://retell.livekit.cloud"},
			},
			ChatAgentDetails:             &ChatAgentDetails{Type: ChatTypeRetell, Config: RetellChatConfig{AgentID: "chat_agent_1"}},
			AutoDialOutbound:             Some(true),
			AutoImportCalls:              Some(false),
			AutoSyncPrompt:               Null[bool](),
			SendPostConversationMetadata: Some(false),
		},
		AgentSpeaksFirst:  Some(false),
		PredefinedMetrics: json.RawMessage(`{"latency": true, "ids": [1, 2]}`),
		WebhookURL:        "https://hooks.acme.example/cekura",
		WebhookSecret:     "whsec_abc",
	}
}

func TestCreateSendsTheGoldenRequest(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		req    *CreateAgentRequest
		golden string
	}{
		{"a request with every field", fullCreateRequest(), "testdata/create_full.golden.json"},
		{"a minimal request", &CreateAgentRequest{Name: "Support Bot", Description: "Handles inbound support calls for ACME Inc."}, "testdata/create_minimal.golden.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t, WithUserAgent("my-service/1.2"))
			var got []captured
			var mu sync.Mutex
			mt.RegisterResponder(http.MethodPost, testBase+"/test_framework/v2/aiagents/", capture(201, agentJSON, &got, &mu))

			agent, err := c.Agents.Create(context.Background(), tc.req)
			require.NoError(t, err)
			assert.Equal(t, int64(2142), agent.ID)

			require.Len(t, got, 1)
			want, err := os.ReadFile(tc.golden)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(got[0].Body))
			h := got[0].Header
			assert.Equal(t, testKey, h.Get("X-CEKURA-API-KEY"))
			assert.Equal(t, "application/json", h.Get("Accept"))
			assert.Equal(t, "application/json", h.Get("Content-Type"))
			assert.Equal(t, "cekura-go/"+Version+" ("+runtime.GOOS+"/"+runtime.GOARCH+"; "+runtime.Version()+") my-service/1.2", h.Get("User-Agent"))
			assert.Equal(t, testBase+"/test_framework/v2/aiagents/", got[0].URL)
			assert.NotContains(t, got[0].URL, testKey)
		})
	}
}

func TestUnsetNullAndValueAreDistinctOnTheWire(t *testing.T) {
	t.Parallel()
	base := CreateAgentRequest{Name: "n", Description: "d"}
	cases := []struct {
		name string
		set  Opt[bool]
		want string
	}{
		{"unset is absent", Opt[bool]{}, `{"name":"n","description":"d"}`},
		{"Null() is null", Null[bool](), `{"name":"n","description":"d","agent_speaks_first":null}`},
		{"Some(false) is false", Some(false), `{"name":"n","description":"d","agent_speaks_first":false}`},
		{"Some(true) is true", Some(true), `{"name":"n","description":"d","agent_speaks_first":true}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := base
			r.AgentSpeaksFirst = tc.set
			assert.Equal(t, tc.want, mustJSON(t, &r))
		})
	}
	// Empty blocks send nothing but their own key.
	r := base
	r.Telephony = &Telephony{}
	r.Provider = &Provider{Type: ProviderTypeCisco}
	assert.Equal(t, `{"name":"n","description":"d","telephony":{},"provider":{"type":"cisco"}}`, mustJSON(t, &r))
}

func TestAgentDecoding(t *testing.T) {
	t.Parallel()
	t.Run("a full agent", func(t *testing.T) {
		var a Agent
		require.NoError(t, json.Unmarshal([]byte(agentJSON), &a))
		assert.Equal(t, int64(2142), a.ID)
		assert.Equal(t, "Support Bot", a.Name)
		assert.Equal(t, int64(1376), a.ProjectID)
		assert.Equal(t, LanguageEnglish, a.Language)
		require.NotNil(t, a.Telephony)
		assert.Equal(t, "+14155551234", a.Telephony.PhoneNumber)
		assert.True(t, a.Telephony.Inbound)
		assert.True(t, a.Telephony.SIPURI.IsNull())
		assert.Nil(t, a.Telephony.SIPAuth)
		assert.Equal(t, []string{"+14155550000"}, a.Telephony.OutboundNumbers)
		require.NotNil(t, a.Provider)
		assert.Equal(t, ProviderTypeVapi, a.Provider.Type)
		assert.Equal(t, "asst_abc123", a.Provider.AgentID)
		require.NotNil(t, a.Provider.Credentials)
		assert.Equal(t, VapiConfig{PublicKey: "vapi_pk_xxx", TriggerURL: "https://example.com/trigger"}, a.Provider.Credentials.Config)
		assert.Nil(t, a.Provider.ChatAgentDetails)
		require.NotNil(t, a.Provider.AutoDialOutbound)
		assert.True(t, *a.Provider.AutoDialOutbound)
		assert.Nil(t, a.Provider.AutoImportCalls)
		require.NotNil(t, a.Provider.AutoSyncPrompt)
		assert.False(t, *a.Provider.AutoSyncPrompt)
		assert.Nil(t, a.AgentSpeaksFirst, "null means auto-detect")
		assert.Equal(t, []int64{1, 2, 3}, fileIDs(a.KnowledgeBaseFiles))
		assert.Equal(t, []int64{4, 5}, a.EnabledPersonalityIDs)
		assert.Equal(t, "https://hooks.example.com/cekura", a.WebhookURL)
		assert.Equal(t, time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), a.CreatedAt)
		assert.Equal(t, time.Date(2026, 6, 2, 11, 30, 0, 5e8, time.UTC), a.UpdatedAt)
		assert.JSONEq(t, agentJSON, string(a.RawJSON()))
	})

	kb := []struct {
		name, json string
		want       []int64
	}{
		{"a string holding an id list", `"[1, 2, 3]"`, []int64{1, 2, 3}},
		{"an empty string", `""`, []int64{}},
		{"a string holding an empty list", `"[]"`, []int64{}},
		{"an id array", `[7, 8]`, []int64{7, 8}},
		{"an object array", `[{"id": 9, "file_name": "faq.pdf", "file_size": 1048576, "created_at": "2026-08-01T00:00:00Z"}, {"id": 10}]`, []int64{9, 10}},
		{"a string holding an object array", `"[{\"id\": 11}]"`, []int64{11}},
		{"null", `null`, []int64{}},
		{"a number (unknown shape)", `42`, []int64{}},
	}
	for _, tc := range kb {
		t.Run("knowledge_base_files as "+tc.name, func(t *testing.T) {
			var a Agent
			require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "knowledge_base_files": `+tc.json+`}`), &a))
			assert.Equal(t, tc.want, fileIDs(a.KnowledgeBaseFiles))
			assert.Equal(t, int64(1), a.ID)
		})
	}
	t.Run("knowledge base file objects keep their details", func(t *testing.T) {
		var a Agent
		require.NoError(t, json.Unmarshal([]byte(`{"knowledge_base_files": [{"id": 9, "file_name": "faq.pdf", "file_url": "https://f/faq.pdf", "file_type": "application/pdf", "file_size": 1048576, "created_at": "2026-08-01T00:00:00Z", "agent": 3}]}`), &a))
		require.Len(t, a.KnowledgeBaseFiles, 1)
		f := a.KnowledgeBaseFiles[0]
		assert.Equal(t, &KnowledgeBaseFile{ID: 9, AgentID: 3, FileName: "faq.pdf", FileURL: "https://f/faq.pdf", FileType: "application/pdf", FileSize: 1048576, CreatedAt: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}, f)
	})

	t.Run("what the SDK does not know never fails decoding", func(t *testing.T) {
		body := `{"id": 5, "name": "x", "language": "xx-new", "mock_tools": [{"a": 1}], "email_id": "a@b",
			"provider": {"type": "telnyx", "credentials": {"config": {"region": "eu", "token": "t"}}, "chat_agent_details": {"type": "telegram", "config": {"k": "v"}}, "redact_fields": ["ssn"]},
			"telephony": {"websocket_url": "wss://x", "sip_uri": 12, "inbound": "yes"},
			"created_at": "not a time", "updated_at": 17, "enabled_personalities": "1,2", "project": "p"}`
		var a Agent
		require.NoError(t, json.Unmarshal([]byte(body), &a))
		assert.Equal(t, int64(5), a.ID)
		assert.Equal(t, "x", a.Name)
		assert.Equal(t, Language("xx-new"), a.Language)
		assert.False(t, a.Language.Valid())
		assert.Equal(t, ProviderType("telnyx"), a.Provider.Type)
		raw, ok := a.Provider.Credentials.Config.(RawConfig)
		require.True(t, ok, "an unknown provider's config is a RawConfig, got %T", a.Provider.Credentials.Config)
		assert.Equal(t, "telnyx", raw.Type)
		assert.JSONEq(t, `{"region": "eu", "token": "t"}`, string(raw.JSON))
		chatRaw, ok := a.Provider.ChatAgentDetails.Config.(RawConfig)
		require.True(t, ok)
		assert.Equal(t, ChatType("telegram"), chatRaw.ChatType())
		assert.False(t, a.Telephony.SIPURI.IsSet())
		assert.True(t, a.CreatedAt.IsZero())
		assert.True(t, a.UpdatedAt.IsZero())
		assert.Contains(t, string(a.RawJSON()), `"mock_tools"`)
	})

	t.Run("a known provider's config that does not fit its struct stays raw", func(t *testing.T) {
		var a Agent
		require.NoError(t, json.Unmarshal([]byte(`{"provider": {"type": "livekit", "credentials": {"config": {"url": 5}}}}`), &a))
		_, ok := a.Provider.Credentials.Config.(RawConfig)
		assert.True(t, ok)
	})

	t.Run("each provider's config decodes into its struct", func(t *testing.T) {
		cases := map[ProviderType]ProviderConfig{
			ProviderTypeVapi:          VapiConfig{PublicKey: "pk"},
			ProviderTypeRetell:        RetellConfig{TriggerURL: "https://t"},
			ProviderTypeElevenLabs:    ElevenLabsConfig{BaseURLOverride: "https://eu"},
			ProviderTypeBland:         BlandConfig{EncryptedKey: "ek"},
			ProviderTypeLiveKit:       LiveKitConfig{APISecret: "s", URL: "wss://l", TracingEnabled: true, Config: json.RawMessage(`{"a":1}`)},
			ProviderTypeSynthflow:     SynthflowConfig{BaseURLOverride: "https://s"},
			ProviderTypeKoreAI:        KoreAIConfig{ClientID: "c", BotID: "b"},
			ProviderTypeGenesys:       GenesysConfig{ClientID: "c", Region: "r"},
			ProviderTypePipecat:       PipecatConfig{PipecatAgentName: "p"},
			ProviderTypeCustom:        SelfHostedConfig{SendPostConversationMetadata: true, TriggerURL: "https://t"},
			ProviderTypeAmazonConnect: AmazonConnectConfig{WidgetID: "w"},
		}
		// Types the API dropped still decode: self_hosted into the config
		// of custom, its new name.
		var old Agent
		require.NoError(t, json.Unmarshal([]byte(`{"provider": {"type": "self_hosted", "credentials": {"config": {"send_post_conversation_metadata": true}}}}`), &old))
		assert.Equal(t, SelfHostedConfig{SendPostConversationMetadata: true}, old.Provider.Credentials.Config)
		// trillet and chirp have no typed config any more: theirs is kept as
		// the API sent it.
		for _, dropped := range []string{"trillet", "chirp"} {
			var a Agent
			require.NoError(t, json.Unmarshal([]byte(`{"provider": {"type": "`+dropped+`", "credentials": {"config": {"workspace_id": "w"}}}}`), &a))
			raw, ok := a.Provider.Credentials.Config.(RawConfig)
			require.True(t, ok, "%s: %T", dropped, a.Provider.Credentials.Config)
			assert.JSONEq(t, `{"workspace_id": "w"}`, string(raw.JSON))
		}
		for typ, cfg := range cases {
			assert.Equal(t, typ, cfg.ProviderType())
			body := `{"provider": {"type": "` + string(typ) + `", "credentials": {"config": ` + mustJSON(t, cfg) + `}}}`
			var a Agent
			require.NoError(t, json.Unmarshal([]byte(body), &a))
			assert.Equal(t, cfg, a.Provider.Credentials.Config, string(typ))
		}
	})

	t.Run("each chat config decodes into its struct", func(t *testing.T) {
		cases := map[ChatType]ChatConfig{
			ChatTypeRetell:        RetellChatConfig{AgentID: "a"},
			ChatTypeBland:         BlandChatConfig{AgentID: "b"},
			ChatTypeAgentforce:    AgentforceChatConfig{ClientID: "c", Domain: "https://d", AgentID: "0Xx", ClientSecret: "s"},
			ChatTypeSelfHosted:    SelfHostedChatConfig{URL: "wss://s", Headers: map[string]Secret{"Authorization": "Bearer t"}},
			ChatTypeAmazonConnect: AmazonConnectChatConfig{WidgetID: "w", SnippetID: "s", ConnectHost: "h", Region: "eu-west-1"},
		}
		for typ, cfg := range cases {
			assert.Equal(t, typ, cfg.ChatType())
			body := `{"provider": {"chat_agent_details": {"type": "` + string(typ) + `", "config": ` + mustJSON(t, cfg) + `}}}`
			var a Agent
			require.NoError(t, json.Unmarshal([]byte(body), &a))
			assert.Equal(t, cfg, a.Provider.ChatAgentDetails.Config, string(typ))
		}
	})

	t.Run("a body that is not a JSON object is an error naming its shape", func(t *testing.T) {
		for body, shape := range map[string]string{`[]`: "a JSON array", `<html>`: "HTML", ``: "empty", `"x"`: "a JSON string"} {
			var a Agent
			err := json.Unmarshal([]byte(`{"x":1}`), &a) // sanity: objects decode
			require.NoError(t, err)
			err = decodeInto([]byte(body), &a)
			require.Error(t, err)
			assert.Contains(t, err.Error(), shape)
		}
	})
}

func TestCreateReturnsDecodeErrorsWithTheCall(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/test_framework/v2/aiagents/", httpmock.NewStringResponder(201, `<html>ok</html>`))
	_, err := c.Agents.Create(context.Background(), fullCreateRequest())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "POST /test_framework/v2/aiagents/")
	assert.Contains(t, err.Error(), "HTML")
}

func TestCreateRefusesNilArguments(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	//lint:ignore SA1012 the test is that a nil context is refused, not a panic
	_, err := c.Agents.Create(nil, fullCreateRequest()) //nolint:staticcheck
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.Contains(t, err.Error(), "ctx")
	_, err = c.Agents.Create(context.Background(), nil)
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.Contains(t, err.Error(), "request: is nil")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	ok := func() *CreateAgentRequest { return &CreateAgentRequest{Name: "n", Description: "d"} }
	cases := []struct {
		name   string
		mutate func(r *CreateAgentRequest)
		field  string
		msg    string
	}{
		{"a missing name", func(r *CreateAgentRequest) { r.Name = "" }, "name", "required"},
		{"a blank name", func(r *CreateAgentRequest) { r.Name = "   " }, "name", "required"},
		{"a name over 255 characters", func(r *CreateAgentRequest) { r.Name = strings.Repeat("é", 256) }, "name", "256 characters"},
		{"a blank description", func(r *CreateAgentRequest) { r.Description = " \n\t" }, "description", "blank"},
		{"an unknown language", func(r *CreateAgentRequest) { r.Language = "klingon" }, "language", "allowed: af, ar"},
		{"a negative project", func(r *CreateAgentRequest) { r.ProjectID = -3 }, "project", "positive"},
		{"a phone number that is not E.164", func(r *CreateAgentRequest) { r.Telephony = &Telephony{PhoneNumber: "415-555-1234"} }, "telephony.phone_number", "E.164"},
		{"a phone number starting with +0", func(r *CreateAgentRequest) { r.Telephony = &Telephony{PhoneNumber: "+0123456"} }, "telephony.phone_number", "E.164"},
		{"a phone number over 15 digits", func(r *CreateAgentRequest) { r.Telephony = &Telephony{PhoneNumber: "+1234567890123456"} }, "telephony.phone_number", "E.164"},
		{"an outbound number that is not E.164", func(r *CreateAgentRequest) {
			r.Telephony = &Telephony{OutboundNumbers: []string{"+14155550000", "0044 20 7183"}}
		}, "telephony.outbound_numbers[1]", "E.164"},
		{"a sip_uri that is not sip:", func(r *CreateAgentRequest) { r.Telephony = &Telephony{SIPURI: Some("http://x")} }, "telephony.sip_uri", "SIP URI"},
		{"a sip_uri with nothing after sip:", func(r *CreateAgentRequest) { r.Telephony = &Telephony{SIPURI: Some("sip:")} }, "telephony.sip_uri", "SIP URI"},
		{"a sip_uri with a password in it", func(r *CreateAgentRequest) {
			r.Telephony = &Telephony{SIPURI: Some("sip:alice:s3cr3t@pbx.example;transport=tls")}
		}, "telephony.sip_uri", "put the password in sip_auth.password"},
		{"a sip_uri with a password that holds an @", func(r *CreateAgentRequest) {
			r.Telephony = &Telephony{SIPURI: Some("sip:alice:s3@cr3t@pbx.example")}
		}, "telephony.sip_uri", "(got sip:…@pbx.example)"},
		{"sip_auth without a username", func(r *CreateAgentRequest) { r.Telephony = &Telephony{SIPAuth: &SIPAuth{Password: "p"}} }, "telephony.sip_auth.username", "required"},
		{"a relative webhook_url", func(r *CreateAgentRequest) { r.WebhookURL = "/hooks" }, "webhook_url", "absolute"},
		{"a webhook_url that is not http", func(r *CreateAgentRequest) { r.WebhookURL = "ftp://x.example/h" }, "webhook_url", "http"},
		{"a webhook_secret without webhook_url", func(r *CreateAgentRequest) { r.WebhookSecret = "s" }, "webhook_secret", "without webhook_url"},
		{"invalid predefined_metrics JSON", func(r *CreateAgentRequest) { r.PredefinedMetrics = json.RawMessage(`{"a":`) }, "predefined_metrics", "valid JSON"},
		{"an unknown provider type", func(r *CreateAgentRequest) { r.Provider = &Provider{Type: "skype"} }, "provider.type", "allowed: vapi"},
		{"a config of another provider", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeRetell, Credentials: &ProviderCredentials{Config: VapiConfig{}}}
		}, "provider.credentials.config", `for provider type "vapi", but provider.type is "retell"`},
		{"a LiveKit config without api_secret", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeLiveKit, Credentials: &ProviderCredentials{Config: LiveKitConfig{URL: "wss://x"}}}
		}, "provider.credentials.config.api_secret", "required"},
		{"a LiveKit config without url", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeLiveKit, Credentials: &ProviderCredentials{Config: LiveKitConfig{APISecret: "s"}}}
		}, "provider.credentials.config.url", "required"},
		{"a provider type the API dropped", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: "trillet"}
		}, "provider.type", "no longer accepted by the API"},
		{"a Kore.ai config without bot_id", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeKoreAI, Credentials: &ProviderCredentials{Config: KoreAIConfig{ClientID: "c"}}}
		}, "provider.credentials.config.bot_id", "required"},
		{"a Genesys config without region", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeGenesys, Credentials: &ProviderCredentials{Config: GenesysConfig{ClientID: "c"}}}
		}, "provider.credentials.config.region", "required"},
		{"a Pipecat config without agent name or tracing", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypePipecat, Credentials: &ProviderCredentials{Config: PipecatConfig{}}}
		}, "provider.credentials.config.pipecat_agent_name", "tracing_enabled"},
		{"a Sierra chat config without its token", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeSierra, Config: SierraChatConfig{Host: "h"}}}
		}, "provider.chat_agent_details.config.agent_token", "required"},
		{"a nil pointer config", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeLiveKit, Credentials: &ProviderCredentials{Config: (*LiveKitConfig)(nil)}}
		}, "provider.credentials.config", "nil"},
		{"a raw config that is not an object", func(r *CreateAgentRequest) {
			r.Provider = &Provider{Type: ProviderTypeVapi, Credentials: &ProviderCredentials{Config: RawConfig{JSON: json.RawMessage(`[1]`)}}}
		}, "provider.credentials.config", "JSON object"},
		{"an unknown chat type", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: "telegram"}}
		}, "provider.chat_agent_details.type", "allowed: retell"},
		{"a chat config of another chat type", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeBland, Config: RetellChatConfig{AgentID: "a"}}}
		}, "provider.chat_agent_details.config", `for chat type "retell"`},
		{"an Agentforce chat config missing fields", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeAgentforce, Config: AgentforceChatConfig{ClientID: "c", Domain: "d", AgentID: "a"}}}
		}, "provider.chat_agent_details.config.client_secret", "required"},
		{"an Amazon Connect chat config missing its host", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeAmazonConnect, Config: AmazonConnectChatConfig{WidgetID: "w", SnippetID: "s"}}}
		}, "provider.chat_agent_details.config.connect_host", "required"},
		{"a self-hosted chat config without url", func(r *CreateAgentRequest) {
			r.Provider = &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeSelfHosted, Config: SelfHostedChatConfig{}}}
		}, "provider.chat_agent_details.config.url", "required"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			r := ok()
			tc.mutate(r)
			_, err := c.Agents.Create(context.Background(), r)
			require.ErrorIs(t, err, ErrInvalidRequest)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve))
			require.Len(t, ve.Problems, 1, "%v", ve.Problems)
			assert.Equal(t, tc.field, ve.Problems[0].Field)
			assert.Contains(t, ve.Problems[0].Message, tc.msg)
			assert.NotContains(t, err.Error(), "s3cr3t", "a refused value's secret is not echoed")
			assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
		})
	}

	t.Run("lists every problem at once", func(t *testing.T) {
		t.Parallel()
		c, _, _ := newMockClient(t)
		_, err := c.Agents.Create(context.Background(), &CreateAgentRequest{
			Language:      "zz",
			Telephony:     &Telephony{PhoneNumber: "123"},
			WebhookSecret: "s",
		})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		fields := []string{}
		for _, p := range ve.Problems {
			fields = append(fields, p.Field)
		}
		assert.Equal(t, []string{"name", "description", "language", "telephony.phone_number", "webhook_secret"}, fields)
		assert.Contains(t, err.Error(), "name: is required")
		assert.NotContains(t, err.Error(), `"s"`, "the secret's value is not echoed")
	})

	t.Run("accepts every valid shape", func(t *testing.T) {
		t.Parallel()
		c, mt, _ := newMockClient(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/test_framework/v2/aiagents/", httpmock.NewStringResponder(201, agentJSON))
		good := []*CreateAgentRequest{
			fullCreateRequest(),
			{Name: strings.Repeat("é", 255), Description: "d", Language: LanguageMultilingual},
			{Name: "n", Description: "d", Telephony: &Telephony{SIPURI: Some("SIPS:bob@biloxi.example"), PhoneNumber: "+12"}},
			{Name: "n", Description: "d", Telephony: &Telephony{SIPURI: Null[string]()}},
			{Name: "n", Description: "d", Provider: &Provider{Type: ProviderTypePipecat, Credentials: &ProviderCredentials{Config: PipecatConfig{TracingEnabled: true}}}},
			{Name: "n", Description: "d", Provider: &Provider{Type: ProviderTypeVapi, Credentials: &ProviderCredentials{Config: RawConfig{JSON: json.RawMessage(`{"new_key": 1}`)}}}},
			{Name: "n", Description: "d", Provider: &Provider{Type: ProviderTypeLiveKit, Credentials: &ProviderCredentials{APIKey: "k", Config: &LiveKitConfig{APISecret: "s", URL: "wss://l"}}}},
			{Name: "n", Description: "d", Provider: &Provider{ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeNone}}},
		}
		for _, r := range good {
			_, err := c.Agents.Create(context.Background(), r)
			assert.NoError(t, err)
		}
		assert.Equal(t, len(good), mt.GetTotalCallCount())
	})

	t.Run("WithoutClientValidation sends what the caller built", func(t *testing.T) {
		t.Parallel()
		c, mt, _ := newMockClient(t, WithoutClientValidation())
		var got []captured
		var mu sync.Mutex
		mt.RegisterResponder(http.MethodPost, testBase+"/test_framework/v2/aiagents/", capture(400, `{"name": ["This field is required."]}`, &got, &mu))
		_, err := c.Agents.Create(context.Background(), &CreateAgentRequest{Language: "zz"})
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, []string{"This field is required."}, apiErr.FieldErrors["name"])
		require.Len(t, got, 1)
		assert.JSONEq(t, `{"description":"","language":"zz"}`, string(got[0].Body), "an empty name is left out: the API reports it missing")
	})
}

// TestRequestsRoundTripThroughJSON: request types decode from JSON too (an
// agent defined in a config file), typed configs included.
func TestRequestsRoundTripThroughJSON(t *testing.T) {
	t.Parallel()
	want := fullCreateRequest()
	b, err := json.Marshal(want)
	require.NoError(t, err)
	var got CreateAgentRequest
	require.NoError(t, json.Unmarshal(b, &got))
	want.PredefinedMetrics = json.RawMessage(`{"latency":true,"ids":[1,2]}`) // encoding/json compacts it
	assert.Equal(t, *want, got)

	var tel Telephony
	require.NoError(t, json.Unmarshal([]byte(`{"phone_number": "+1415", "sip_uri": null, "sip_auth": {"username": "u", "password": "p"}, "inbound": "yes"}`), &tel))
	assert.Equal(t, Telephony{PhoneNumber: "+1415", SIPURI: Null[string](), SIPAuth: &SIPAuth{Username: "u", Password: "p"}}, tel,
		"a field of another type is left alone")

	var chat ChatAgentDetails
	require.NoError(t, json.Unmarshal([]byte(`{"config": {"url": "wss://c", "headers": {"A": "b"}}, "type": "self_hosted"}`), &chat))
	assert.Equal(t, ChatAgentDetails{Type: ChatTypeSelfHosted, Config: SelfHostedChatConfig{URL: "wss://c", Headers: map[string]Secret{"A": "b"}}}, chat,
		"the config is typed by the type, wherever it stands")
	require.Error(t, chat.UnmarshalJSON([]byte(`{"type": `)), "invalid JSON is an error")
}

func TestValidationNeverEchoesCredentialsInURIs(t *testing.T) {
	t.Parallel()
	c, _, _ := newMockClient(t)
	_, err := c.Agents.Create(context.Background(), &CreateAgentRequest{Name: "n", Description: "d",
		Telephony:  &Telephony{SIPURI: Some("sip:alice:s3cret-pw@atlanta example")},
		WebhookURL: "ftp://hook:hunter2@hooks.example/x?token=t0ken-value",
	})
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.NotContains(t, err.Error(), "s3cret-pw")
	assert.NotContains(t, err.Error(), "hunter2")
	assert.NotContains(t, err.Error(), "t0ken-value")
	assert.NotContains(t, err.Error(), "/x", "nothing past scheme and host")
	assert.Contains(t, err.Error(), `telephony.sip_uri: is not a SIP URI (sip:user@host or sips:user@host) (got sip:…@atlanta example)`)
	assert.Contains(t, err.Error(), `webhook_url: is not an absolute http:// or https:// URL (got ftp://hooks.example/…)`)
	for raw, want := range map[string]string{
		"https://h.example/a/b?token=x#f": " (got https://h.example/…)",
		"not a url?token=x":               "",
		"mailto:me@example.com?subject=x": " (got mailto:…@example.com)",
		"javascript:alert(1)":             " (got a javascript: value)",
		"":                                "",
	} {
		assert.Equal(t, want, echoOrigin(raw), raw)
	}
}
