package cekura

import (
	"encoding/json"
	"slices"
	"time"
)

// CreateAgentRequest is the body of Create (POST) and Replace (PUT). Fields
// left at their zero value are not sent, except Name and Description, which
// the API requires.
type CreateAgentRequest struct {
	// Name is required, 1 to 255 characters (except for CreateFromProvider,
	// which imports it); it is left out of the request when empty.
	Name string `json:"name,omitzero"`
	// Description is required and must not be blank: what the agent does.
	Description string `json:"description"`
	// ProjectID is the project the agent belongs to; optional, > 0 when set.
	ProjectID int64 `json:"project,omitzero"`
	// Language is optional; the API defaults to "en". See [Languages].
	Language Language `json:"language,omitzero"`
	// Telephony is the phone and SIP channel; optional.
	Telephony *Telephony `json:"telephony,omitzero"`
	// Provider is the voice platform the agent runs on; optional.
	Provider *Provider `json:"provider,omitzero"`
	// AgentSpeaksFirst: Some(true) the agent speaks first, Some(false) the
	// caller does, Null() auto-detect, unset leaves the API's default.
	AgentSpeaksFirst Opt[bool] `json:"agent_speaks_first,omitzero" cekura:"nullable"`
	// PredefinedMetrics is write-only free-form JSON, sent as given; it must
	// be valid JSON.
	PredefinedMetrics json.RawMessage `json:"predefined_metrics,omitzero"`
	// WebhookURL overrides the project's webhook for this agent's events;
	// an absolute http(s) URL when set.
	WebhookURL string `json:"webhook_url,omitzero"`
	// WebhookSecret is sent by Cekura in the X-CEKURA-SECRET header of
	// webhook calls; only with WebhookURL. Write-only.
	WebhookSecret Secret `json:"webhook_secret,omitzero"`
	// EmailID is the address the agent receives email at; it enables
	// email test runs.
	EmailID string `json:"email_id,omitzero"`
	// KnowledgeBaseFiles are the agent's files: new ones with FileName and
	// ContentBase64, existing ones by ID (files left out are deleted).
	KnowledgeBaseFiles []KnowledgeBaseFileWrite `json:"knowledge_base_files,omitzero"`
	// MockTools are the agent's mock tools (tools left out are deleted).
	MockTools []MockToolWrite `json:"mock_tools,omitzero"`
	// MockToolsEnabled selects the mock tools by default in runs.
	MockToolsEnabled Opt[bool] `json:"mock_tools_enabled,omitzero"`
	// DynamicVariables are the agent's variables, matched by name
	// (variables left out are deleted).
	DynamicVariables []DynamicVariableWrite `json:"dynamic_variables,omitzero"`
}

// Telephony is an agent's phone and SIP channel.
type Telephony struct {
	// PhoneNumber is the E.164 number for inbound calls, such as "+14155551234".
	PhoneNumber string `json:"phone_number,omitzero"`
	// Inbound: true, the agent receives inbound calls; false, outbound only.
	Inbound bool `json:"inbound,omitzero"`
	// SIPURI is a sip: or sips: URI; Null() clears it.
	SIPURI Opt[string] `json:"sip_uri,omitzero" cekura:"nullable"`
	// SIPAuth holds SIP credentials; optional.
	SIPAuth *SIPAuth `json:"sip_auth,omitzero"`
	// OutboundNumbers are the numbers authorised for outbound calls, each E.164.
	OutboundNumbers []string `json:"outbound_numbers,omitzero"`
	// WebsocketURL is a raw-PCM (16 kHz, 16-bit mono) websocket Cekura
	// dials, such as wss://your-host/voice; Null() clears it.
	WebsocketURL Opt[string] `json:"websocket_url,omitzero" cekura:"nullable"`
	// WebsocketAuth holds HTTP Basic credentials for the websocket's upgrade.
	WebsocketAuth *SIPAuth `json:"websocket_auth,omitzero"`
}

// UnmarshalJSON decodes a telephony block as tolerantly as an [Agent].
func (t *Telephony) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

// SIPAuth is a username and password: SIP credentials, or a websocket's
// HTTP Basic credentials.
type SIPAuth struct {
	// Username is required.
	Username string `json:"username,omitzero" cekura:"required"`
	// Password is write-only: the API never returns it.
	Password Secret `json:"password,omitzero"`
}

// ProviderType is the voice platform an agent runs on. Decoding accepts any
// value; validation of requests accepts the API's current types.
type ProviderType string

// The provider types of the API (aiagents v2, 2026-08).
const (
	ProviderTypeVapi          ProviderType = "vapi"
	ProviderTypeRetell        ProviderType = "retell"
	ProviderTypeElevenLabs    ProviderType = "elevenlabs"
	ProviderTypeCisco         ProviderType = "cisco"
	ProviderTypeBland         ProviderType = "bland"
	ProviderTypeLiveKit       ProviderType = "livekit"
	ProviderTypePipecat       ProviderType = "pipecat"
	ProviderTypeSynthflow     ProviderType = "synthflow"
	ProviderTypeAgora         ProviderType = "agora"
	ProviderTypeKoreAI        ProviderType = "koreai"
	ProviderTypeGenesys       ProviderType = "genesys"
	ProviderTypeAmazonConnect ProviderType = "amazon_connect"
	ProviderTypeTelnyx        ProviderType = "telnyx"
	// ProviderTypeCustom is for an agent on your own stack (with
	// SelfHostedConfig, or telephony.websocket_url for a raw-PCM
	// websocket) and for chat-only agents.
	ProviderTypeCustom ProviderType = "custom"
)

// Provider types the API no longer accepts (dropped in its 2026-08
// revision): a request naming one is refused, saying what to use instead,
// and an old agent's config of one decodes as a RawConfig (self_hosted as
// a SelfHostedConfig, the custom provider's).
const (
	providerSelfHosted ProviderType = "self_hosted"
	providerTrillet    ProviderType = "trillet"
	providerChirp      ProviderType = "chirp"
)

var providerTypes = []ProviderType{
	ProviderTypeVapi, ProviderTypeRetell, ProviderTypeElevenLabs, ProviderTypeCisco, ProviderTypeBland, ProviderTypeLiveKit,
	ProviderTypePipecat, ProviderTypeSynthflow, ProviderTypeAgora, ProviderTypeKoreAI, ProviderTypeGenesys,
	ProviderTypeAmazonConnect, ProviderTypeTelnyx, ProviderTypeCustom,
}

// droppedProviders says what to use instead of a type the API dropped.
var droppedProviders = map[ProviderType]string{
	providerSelfHosted: "use custom with a SelfHostedConfig",
	providerTrillet:    "the API no longer supports Trillet",
	providerChirp:      "use custom with telephony.websocket_url",
}

// Valid reports whether t is one of the API's current provider types (or
// empty).
func (t ProviderType) Valid() bool {
	return t == "" || slices.Contains(providerTypes, t)
}

// ChatType is the provider of an agent's text-mode conversations.
type ChatType string

// The chat types of the API (aiagents v2, 2026-08). ChatTypeNone ("") clears the
// chat overlay.
const (
	ChatTypeNone          ChatType = ""
	ChatTypeRetell        ChatType = "retell"
	ChatTypeBland         ChatType = "bland"
	ChatTypeVapi          ChatType = "vapi"
	ChatTypeElevenLabs    ChatType = "elevenlabs"
	ChatTypeLiveKit       ChatType = "livekit"
	ChatTypeAgora         ChatType = "agora"
	ChatTypeSMS           ChatType = "sms"
	ChatTypeWhatsApp      ChatType = "whatsapp"
	ChatTypeSelfHosted    ChatType = "self_hosted"
	ChatTypeAgentforce    ChatType = "agentforce"
	ChatTypeAmazonConnect ChatType = "amazon_connect"
	ChatTypeKoreAI        ChatType = "koreai"
	ChatTypeSierra        ChatType = "sierra"
)

var chatTypes = []ChatType{
	ChatTypeNone, ChatTypeRetell, ChatTypeBland, ChatTypeVapi, ChatTypeElevenLabs, ChatTypeLiveKit, ChatTypeAgora,
	ChatTypeSMS, ChatTypeWhatsApp, ChatTypeSelfHosted, ChatTypeAgentforce, ChatTypeAmazonConnect, ChatTypeKoreAI, ChatTypeSierra,
}

// Valid reports whether t is one of the API's chat types.
func (t ChatType) Valid() bool {
	for _, k := range chatTypes {
		if k == t {
			return true
		}
	}
	return false
}

// Provider is the voice platform block of a request.
type Provider struct {
	// Type is the platform, such as ProviderTypeVapi.
	Type ProviderType `json:"type,omitzero"`
	// AgentID is the agent's id on the platform (for bland, its persona_id).
	AgentID string `json:"agent_id,omitzero"`
	// Credentials are the platform's API key and typed configuration.
	Credentials *ProviderCredentials `json:"credentials,omitzero"`
	// ChatAgentDetails configures text-mode runs; optional.
	ChatAgentDetails *ChatAgentDetails `json:"chat_agent_details,omitzero"`
	// The auto_* switches: Some(b) sets, Null() clears, unset leaves alone.
	AutoDialOutbound             Opt[bool] `json:"auto_dial_outbound,omitzero" cekura:"nullable"`
	AutoImportCalls              Opt[bool] `json:"auto_import_calls,omitzero" cekura:"nullable"`
	AutoSyncPrompt               Opt[bool] `json:"auto_sync_prompt,omitzero" cekura:"nullable"`
	SendPostConversationMetadata Opt[bool] `json:"send_post_conversation_metadata,omitzero" cekura:"nullable"`
	// RedactFields lists the PII removed from imported calls (person_name,
	// phone_number …); Some([]string{}) turns redaction off.
	RedactFields Opt[[]string] `json:"redact_fields,omitzero" cekura:"nullable"`
	// ConfigureFromProvider (Create only; vapi, retell, elevenlabs,
	// synthflow) imports the agent's prompt, settings, phone, tools,
	// variables and knowledge base from the provider, in the background:
	// use AgentsService.CreateFromProvider.
	ConfigureFromProvider bool `json:"configure_from_provider,omitzero"`
}

// ProviderCredentials is the write-only credentials block of a provider.
type ProviderCredentials struct {
	// APIKey is the platform's API key or client secret (koreai). Write-only.
	APIKey Secret `json:"api_key,omitzero"`
	// Config is the platform's typed configuration, such as [VapiConfig];
	// it must match Provider.Type. [RawConfig] sends any JSON object.
	Config ProviderConfig `json:"config,omitempty"`
}

// UnmarshalJSON decodes the credentials tolerantly; their config stays a
// [RawConfig] (the provider's type, which picks the struct, is outside).
func (c *ProviderCredentials) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// UnmarshalJSON decodes a provider tolerantly, choosing the config struct
// by type.
func (p *Provider) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// afterDecode picks the typed config once the type is known.
func (p *Provider) afterDecode(r *jreader) {
	if p.Credentials != nil {
		p.Credentials.Config = resolveProviderConfig(r, p.Type, p.Credentials.Config)
	}
}

// ChatAgentDetails is the text-mode configuration of a provider.
type ChatAgentDetails struct {
	// Type is the chat provider; it must be compatible with Provider.Type.
	Type ChatType `json:"type"`
	// Config is the chat provider's typed configuration, such as
	// [RetellChatConfig]; it must match Type.
	Config ChatConfig `json:"config,omitempty"`
}

// UnmarshalJSON decodes the details tolerantly, choosing the config struct
// by type.
func (d *ChatAgentDetails) UnmarshalJSON(b []byte) error { return unmarshal(b, d) }

// afterDecode picks the typed config once the type is known.
func (d *ChatAgentDetails) afterDecode(r *jreader) { d.Config = resolveChatConfig(r, d.Type, d.Config) }

// Agent is an AI voice agent as the API returns it. Write-only fields
// (credentials' api_key, webhook_secret, predefined_metrics) are never
// returned; read-only ones (ID, knowledge base files, personalities,
// timestamps) are set by the API. json.Marshal writes the API's keys, and
// json.Unmarshal reads them back as tolerantly as the SDK decodes answers.
type Agent struct {
	apiObject
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// ProjectID is the project the agent belongs to; 0 when none.
	ProjectID int64    `json:"project,omitzero"`
	Language  Language `json:"language"`
	// Telephony is the phone and SIP channel; a SIP password is never
	// returned.
	Telephony *Telephony `json:"telephony"`
	// Provider is the voice platform, without its write-only API key.
	Provider *AgentProvider `json:"provider"`
	// AgentSpeaksFirst is nil when the API auto-detects who speaks first.
	AgentSpeaksFirst *bool `json:"agent_speaks_first"`
	// KnowledgeBaseFiles are the files attached to the agent. The API has
	// sent them as a string holding a JSON list ("[1, 2, 3]"), as a list of
	// ids and as a list of objects: all decode here (an id as a file with
	// only its ID set).
	KnowledgeBaseFiles []*KnowledgeBaseFile `json:"knowledge_base_files" cekura:"ids"`
	// EnabledPersonalityIDs are the ids of the personality profiles enabled.
	EnabledPersonalityIDs []int64 `json:"enabled_personalities"`
	// WebhookURL overrides the project's webhook for this agent's events.
	WebhookURL string `json:"webhook_url,omitzero"`
	// WebhookSecretConfigured reports whether a webhook secret is set.
	// The API sends true or "true".
	WebhookSecretConfigured bool `json:"webhook_secret_configured,omitzero" cekura:"flex"`
	// EmailID is the address the agent receives email at.
	EmailID string `json:"email_id,omitzero"`
	// MockTools are the agent's mock tools.
	MockTools         []*MockTool `json:"mock_tools,omitzero"`
	MockToolsEnabled  bool        `json:"mock_tools_enabled,omitzero"`
	MockToolsProvider string      `json:"mock_tools_provider,omitzero"`
	// DynamicVariables are the agent's variables, by name.
	DynamicVariables []*DynamicVariable `json:"dynamic_variables,omitzero"`
	CreatedAt        time.Time          `json:"created_at"`
	UpdatedAt        time.Time          `json:"updated_at"`
}

// UnmarshalJSON decodes an agent tolerantly (see the package documentation)
// and keeps a copy of its JSON for RawJSON. null leaves a alone.
func (a *Agent) UnmarshalJSON(b []byte) error { return unmarshal(b, a) }

// AgentProvider is the provider block of an [Agent]: as [Provider], but its
// credentials carry no api_key (write-only). Auto flags are nil when null.
type AgentProvider struct {
	Type                         ProviderType      `json:"type"`
	AgentID                      string            `json:"agent_id"`
	Credentials                  *AgentCredentials `json:"credentials"`
	ChatAgentDetails             *ChatAgentDetails `json:"chat_agent_details"`
	AutoDialOutbound             *bool             `json:"auto_dial_outbound"`
	AutoImportCalls              *bool             `json:"auto_import_calls"`
	AutoSyncPrompt               *bool             `json:"auto_sync_prompt"`
	SendPostConversationMetadata *bool             `json:"send_post_conversation_metadata"`
	// ChatProvider mirrors ChatAgentDetails.Type, or names the voice
	// platform a chat-only agent chats through.
	ChatProvider ChatType `json:"chat_provider,omitzero"`
	RedactFields []string `json:"redact_fields,omitzero"`
}

// afterDecode picks the typed config once the type is known.
func (p *AgentProvider) afterDecode(r *jreader) {
	if p.Credentials != nil {
		p.Credentials.Config = resolveProviderConfig(r, p.Type, p.Credentials.Config)
	}
}

// AgentCredentials is the credentials block of an [AgentProvider].
type AgentCredentials struct {
	// Config is the typed platform configuration chosen by the provider type,
	// or a [RawConfig] for a type this SDK does not know.
	Config ProviderConfig `json:"config"`
}

// KnowledgeBaseFile is one knowledge base file attached to an agent. Only ID
// is known when the API lists the files as bare ids.
type KnowledgeBaseFile struct {
	ID int64 `json:"id"`
	// AgentID is the agent the file belongs to.
	AgentID   int64     `json:"agent,omitempty"`
	FileName  string    `json:"file_name,omitempty"`
	FileURL   string    `json:"file_url,omitempty"`
	FileType  string    `json:"file_type,omitempty"`
	FileSize  int64     `json:"file_size,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// KnowledgeBaseFileWrite is a knowledge base file in a request: an existing
// one by ID, or a new one with FileName (.pdf, .txt, .json, .csv, .xml or
// .md) and its content in base64. To stream a large file, use
// AgentsService.UploadKnowledgeBaseFile instead.
type KnowledgeBaseFileWrite struct {
	ID            int64  `json:"id,omitzero"`
	FileName      string `json:"file_name,omitzero"`
	ContentBase64 string `json:"content_base64,omitzero"`
}

// MockTool is a mock of a tool the agent calls: Cekura answers the agent's
// calls of it with MockData during runs.
type MockTool struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// MockData is a list of {input, output} mappings.
	MockData json.RawMessage `json:"mock_data,omitzero"`
	// ServedVia is how the agent reaches the mock: its URL.
	ServedVia MockToolServedVia `json:"served_via,omitzero"`
	// MCPServer is the MCP server the tool was fetched from (nil for a
	// standalone tool). The API manages it: a write does not change it.
	MCPServer       *MCPServer `json:"mcp_server,omitzero"`
	SubscriberCount int        `json:"subscriber_count,omitzero"`
	// IsShared: more than one agent uses it, so a change affects them all.
	IsShared bool `json:"is_shared,omitzero"`
}

// MockToolServedVia is where a mock tool is served.
type MockToolServedVia struct {
	// Type is ServedViaTypeDirect (a URL per tool) or ServedViaTypeMCP (an
	// MCP server).
	Type      ServedViaType `json:"type"`
	URL       string        `json:"url,omitzero"`
	MockIndex int           `json:"mock_index,omitzero"`
}

// ServedViaType is how Cekura serves an agent's mock tools.
type ServedViaType string

// The ways Cekura serves mock tools.
const (
	ServedViaTypeDirect ServedViaType = "direct"
	ServedViaTypeMCP    ServedViaType = "mcp"
)

// MockToolWrite is a mock tool in a request: an existing one by ID (or
// by name), or a new one.
type MockToolWrite struct {
	ID int64 `json:"id,omitzero"`
	// Name is required for a new tool: letters, digits, _ and -, under 64
	// characters.
	Name        string `json:"name,omitzero"`
	Description string `json:"description,omitzero"`
	// MockData is a list of {input, output} mappings, such as
	// [{"input": {"order_id": "A1"}, "output": {"status": "shipped"}}].
	MockData json.RawMessage `json:"mock_data,omitzero"`
	// FreetextParams are parameters ignored when matching a call to MockData.
	FreetextParams []string `json:"freetext_params,omitzero"`
	// ServedVia is nil for a direct URL, or {Type: "mcp", MockIndex: n}.
	ServedVia *MockToolServedVia `json:"served_via,omitzero"`
}

// write is the tool as a request item that keeps everything it has.
func (t *MockTool) write() MockToolWrite {
	w := MockToolWrite{ID: t.ID, Name: t.Name, Description: t.Description, MockData: t.MockData}
	if t.ServedVia.Type == "mcp" {
		w.ServedVia = &MockToolServedVia{Type: "mcp", MockIndex: t.ServedVia.MockIndex}
	}
	return w
}

// DynamicVariable is a variable of the agent's prompt.
type DynamicVariable struct {
	ID          int64  `json:"id,omitzero"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// DynamicVariableWrite is a dynamic variable in a request, matched by name.
type DynamicVariableWrite struct {
	Name        string `json:"name" cekura:"required"`
	Description string `json:"description" cekura:"required"`
}
