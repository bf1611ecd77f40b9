package cekura

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// ProviderConfig is the typed configuration of a voice platform, sent as
// provider.credentials.config. Each provider of the API has its own struct
// (VapiConfig, LiveKitConfig …); [RawConfig] carries any other JSON. The
// interface is sealed: only this package's types implement it.
type ProviderConfig interface {
	// ProviderType is the provider.type this configuration belongs to.
	ProviderType() ProviderType
	validateConfig(v *validator, path string)
}

// ChatConfig is the typed configuration of a chat provider, sent as
// provider.chat_agent_details.config; [RawConfig] carries any other JSON.
// The interface is sealed.
type ChatConfig interface {
	// ChatType is the chat_agent_details.type this configuration belongs to.
	ChatType() ChatType
	validateConfig(v *validator, path string)
}

// VapiConfig is the Vapi configuration.
type VapiConfig struct {
	// PublicKey is the Vapi public key for WebRTC sessions.
	PublicKey string `json:"public_key,omitzero"`
	// TriggerURL is the URL Cekura calls to create outbound Vapi calls.
	TriggerURL string `json:"trigger_url,omitzero"`
	// TriggerSecret is sent to TriggerURL as X-CEKURA-SECRET. Write-only.
	TriggerSecret Secret `json:"trigger_secret,omitzero"`
}

// RetellConfig is the Retell configuration.
type RetellConfig struct {
	// TriggerURL is the URL Cekura calls to create outbound Retell calls.
	TriggerURL string `json:"trigger_url,omitzero"`
	// TriggerSecret is sent to TriggerURL as X-CEKURA-SECRET. Write-only.
	TriggerSecret Secret `json:"trigger_secret,omitzero"`
	// LiveKitServerURL overrides Retell's default LiveKit server (region).
	LiveKitServerURL string `json:"livekit_server_url,omitzero"`
}

// ElevenLabsConfig is the ElevenLabs configuration.
type ElevenLabsConfig struct {
	// TriggerURL is the URL Cekura calls to create outbound ElevenLabs calls.
	TriggerURL string `json:"trigger_url,omitzero"`
	// TriggerSecret is sent to TriggerURL as X-CEKURA-SECRET. Write-only.
	TriggerSecret Secret `json:"trigger_secret,omitzero"`
	// Region is "us" (the default) or "eu" today; the API may add regions,
	// so it is a plain string.
	Region string `json:"elevenlabs_region,omitzero"`
	// BaseURLOverride is a custom ElevenLabs API base URL; it wins over Region.
	BaseURLOverride string `json:"elevenlabs_base_url_override,omitzero"`
	// Environment and BranchID pick an ElevenLabs environment and branch.
	Environment string `json:"elevenlabs_environment,omitzero"`
	BranchID    string `json:"elevenlabs_branch_id,omitzero"`
}

// BlandConfig is the Bland configuration.
type BlandConfig struct {
	// EncryptedKey is the Twilio credential bundle for Bland outbound calls.
	EncryptedKey Secret `json:"encrypted_key,omitzero"`
}

// LiveKitConfig is the LiveKit configuration; APISecret and URL are required.
type LiveKitConfig struct {
	// APISecret is the LiveKit API secret, required alongside the API key.
	APISecret Secret `json:"api_secret,omitzero" cekura:"required"`
	// URL is the LiveKit server WebSocket URL, such as wss://acme.livekit.cloud.
	URL string `json:"url,omitzero" cekura:"required"`
	// AgentName is the LiveKit agent to connect to.
	AgentName string `json:"agent_name,omitzero"`
	// Config is additional LiveKit configuration, a JSON object.
	Config json.RawMessage `json:"config,omitzero"`
	// TracingEnabled needs the Cekura SDK in the LiveKit agent.
	TracingEnabled bool `json:"tracing_enabled,omitzero"`
	// TriggerURL is the URL Cekura calls to create outbound phone calls.
	TriggerURL string `json:"trigger_url,omitzero"`
	// TriggerSecret is sent to TriggerURL as X-CEKURA-SECRET. Write-only.
	TriggerSecret Secret `json:"trigger_secret,omitzero"`
}

// SynthflowConfig is the Synthflow configuration.
type SynthflowConfig struct {
	// BaseURLOverride is a custom Synthflow API base URL (EU residency).
	BaseURLOverride string `json:"synthflow_base_url_override,omitzero"`
}

// KoreAIConfig is the Kore.ai configuration; ClientID and BotID are required.
// The client secret goes in ProviderCredentials.APIKey.
type KoreAIConfig struct {
	ClientID string `json:"client_id,omitzero" cekura:"required"`
	BotID    string `json:"bot_id,omitzero" cekura:"required"`
	// Host defaults to https://bots.kore.ai.
	Host string `json:"host,omitzero"`
}

// GenesysConfig is the Genesys Cloud configuration; both fields are required.
type GenesysConfig struct {
	ClientID string `json:"client_id,omitzero" cekura:"required"`
	// Region is the Genesys Cloud region, such as us-east-1.
	Region string `json:"region,omitzero" cekura:"required"`
}

// PipecatConfig is the Pipecat configuration.
type PipecatConfig struct {
	// PipecatAgentName is required unless TracingEnabled is true.
	PipecatAgentName string `json:"pipecat_agent_name,omitzero"`
	// Config is additional agent configuration, a JSON object.
	Config json.RawMessage `json:"config,omitzero"`
	// RoomProperties is the room configuration, a JSON object.
	RoomProperties json.RawMessage `json:"room_properties,omitzero"`
	// WebhookURL receives Pipecat call events.
	WebhookURL string `json:"webhook_url,omitzero"`
	// TracingEnabled needs the Cekura SDK in the Pipecat agent.
	TracingEnabled bool `json:"tracing_enabled,omitzero"`
}

// SelfHostedConfig is the configuration of an agent on your own stack
// (provider type custom).
type SelfHostedConfig struct {
	// SendPostConversationMetadata lets your agent push its own transcripts.
	SendPostConversationMetadata bool `json:"send_post_conversation_metadata,omitzero"`
	// TriggerURL is the URL Cekura calls to start outbound calls (needed for
	// auto_dial_outbound); it must answer 2xx within 30 s.
	TriggerURL string `json:"trigger_url,omitzero"`
	// TriggerSecret is sent to TriggerURL as X-CEKURA-SECRET. Write-only.
	TriggerSecret Secret `json:"trigger_secret,omitzero"`
}

// AmazonConnectConfig is the Amazon Connect voice configuration.
type AmazonConnectConfig struct {
	WidgetID    string `json:"widget_id,omitzero"`
	SnippetID   string `json:"snippet_id,omitzero"`
	ConnectHost string `json:"connect_host,omitzero"`
	// Region defaults to us-east-1.
	Region string `json:"region,omitzero"`
}

// RetellChatConfig is the Retell chat configuration; AgentID is required.
type RetellChatConfig struct {
	// AgentID is the Retell agent used for text-mode runs.
	AgentID string `json:"agent_id,omitzero" cekura:"required"`
}

// BlandChatConfig is the Bland chat configuration; AgentID is required.
type BlandChatConfig struct {
	// AgentID is the Bland pathway_id used for text-mode runs.
	AgentID string `json:"agent_id,omitzero" cekura:"required"`
}

// AgentforceChatConfig is the Salesforce Agentforce chat configuration; every
// field is required.
type AgentforceChatConfig struct {
	ClientSecret Secret `json:"client_secret,omitzero" cekura:"required"`
	ClientID     string `json:"client_id,omitzero" cekura:"required"`
	// Domain is the Salesforce domain, such as https://example.my.salesforce.com.
	Domain string `json:"domain,omitzero" cekura:"required"`
	// AgentID is the Agentforce agent id (0Xx…).
	AgentID string `json:"agent_id,omitzero" cekura:"required"`
}

// SelfHostedChatConfig is the self-hosted WebSocket chat configuration; URL
// is required.
type SelfHostedChatConfig struct {
	// URL is the wss:// endpoint for text-mode runs.
	URL string `json:"url,omitzero" cekura:"required"`
	// Headers are sent on the WebSocket upgrade; their values are secrets
	// (they usually carry a bearer token).
	Headers map[string]Secret `json:"headers,omitzero"`
	// WebsocketSecret is sent as X-VOCERA-SECRET. Write-only.
	WebsocketSecret Secret `json:"websocket_secret,omitzero"`
}

// SierraChatConfig is the Sierra chat configuration; AgentToken is required.
type SierraChatConfig struct {
	// AgentToken authenticates Cekura to the Sierra agent. Write-only.
	AgentToken Secret `json:"agent_token,omitzero" cekura:"required"`
	// Host defaults to api.sierra.chat.
	Host string `json:"host,omitzero"`
	// APISecret is write-only.
	APISecret Secret `json:"api_secret,omitzero"`
}

// AmazonConnectChatConfig is the Amazon Connect chat-widget configuration;
// WidgetID, SnippetID and ConnectHost are required.
type AmazonConnectChatConfig struct {
	WidgetID string `json:"widget_id,omitzero" cekura:"required"`
	// SecurityToken is the x-amz-security-token. Write-only.
	SecurityToken Secret `json:"security_token,omitzero"`
	SnippetID     string `json:"snippet_id,omitzero" cekura:"required"`
	// ConnectHost is the instance host, such as acme.my.connect.aws.
	ConnectHost string `json:"connect_host,omitzero" cekura:"required"`
	// Region defaults to us-east-1.
	Region string `json:"region,omitzero"`
}

// RawConfig is a provider or chat configuration this SDK has no struct for:
// a provider type added to the API later, or extra keys you need to send.
// JSON must be a JSON object; it is sent as given. Type is the provider or
// chat type it belongs to. It prints without its content, which may hold
// credentials.
type RawConfig struct {
	// Type is the provider or chat type the config is for (a string, as it
	// may be either, or one this SDK does not know); empty takes the
	// type of the provider or chat details it is in.
	Type string
	// JSON is the config object, sent as it is.
	JSON json.RawMessage
}

// MarshalJSON returns the JSON as given ({} when empty).
func (r RawConfig) MarshalJSON() ([]byte, error) {
	if len(r.JSON) == 0 {
		return []byte("{}"), nil
	}
	return r.JSON, nil
}

// Format prints the type and the size, never the content.
func (r RawConfig) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "RawConfig{Type:%q JSON:<%d bytes>}", r.Type, len(r.JSON))
}

// LogValue logs the type and the size, never the content.
func (r RawConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.String("Type", r.Type), slog.Int("JSONBytes", len(r.JSON)))
}

// Decode unmarshals the raw JSON into v, for a configuration the SDK has no
// struct for.
func (r RawConfig) Decode(v any) error { return json.Unmarshal(r.JSON, v) }

// ProviderType implements [ProviderConfig].
func (r RawConfig) ProviderType() ProviderType { return ProviderType(r.Type) }

// ChatType implements [ChatConfig].
func (r RawConfig) ChatType() ChatType { return ChatType(r.Type) }

// ProviderType implements [ProviderConfig]: ProviderTypeVapi.
func (VapiConfig) ProviderType() ProviderType { return ProviderTypeVapi }

// ProviderType implements [ProviderConfig]: ProviderTypeRetell.
func (RetellConfig) ProviderType() ProviderType { return ProviderTypeRetell }

// ProviderType implements [ProviderConfig]: ProviderTypeElevenLabs.
func (ElevenLabsConfig) ProviderType() ProviderType { return ProviderTypeElevenLabs }

// ProviderType implements [ProviderConfig]: ProviderTypeBland.
func (BlandConfig) ProviderType() ProviderType { return ProviderTypeBland }

// ProviderType implements [ProviderConfig]: ProviderTypeLiveKit.
func (LiveKitConfig) ProviderType() ProviderType { return ProviderTypeLiveKit }

// ProviderType implements [ProviderConfig]: ProviderTypeSynthflow.
func (SynthflowConfig) ProviderType() ProviderType { return ProviderTypeSynthflow }

// ProviderType implements [ProviderConfig]: ProviderTypeKoreAI.
func (KoreAIConfig) ProviderType() ProviderType { return ProviderTypeKoreAI }

// ProviderType implements [ProviderConfig]: ProviderTypeGenesys.
func (GenesysConfig) ProviderType() ProviderType { return ProviderTypeGenesys }

// ProviderType implements [ProviderConfig]: ProviderTypePipecat.
func (PipecatConfig) ProviderType() ProviderType { return ProviderTypePipecat }

// ProviderType implements [ProviderConfig]: ProviderTypeCustom (formerly
// self_hosted, which still decodes to it).
func (SelfHostedConfig) ProviderType() ProviderType { return ProviderTypeCustom }

// ProviderType implements [ProviderConfig]: ProviderTypeAmazonConnect.
func (AmazonConnectConfig) ProviderType() ProviderType { return ProviderTypeAmazonConnect }

// ChatType implements [ChatConfig]: ChatTypeSierra.
func (SierraChatConfig) ChatType() ChatType { return ChatTypeSierra }

// ChatType implements [ChatConfig]: ChatTypeRetell.
func (RetellChatConfig) ChatType() ChatType { return ChatTypeRetell }

// ChatType implements [ChatConfig]: ChatTypeBland.
func (BlandChatConfig) ChatType() ChatType { return ChatTypeBland }

// ChatType implements [ChatConfig]: ChatTypeAgentforce.
func (AgentforceChatConfig) ChatType() ChatType { return ChatTypeAgentforce }

// ChatType implements [ChatConfig]: ChatTypeSelfHosted.
func (SelfHostedChatConfig) ChatType() ChatType { return ChatTypeSelfHosted }

// ChatType implements [ChatConfig]: ChatTypeAmazonConnect.
func (AmazonConnectChatConfig) ChatType() ChatType { return ChatTypeAmazonConnect }

// providerConfigs and chatConfigs are the typed configs by the type they
// belong to, derived from their ProviderType and ChatType methods.
var providerConfigs, chatConfigs = func() (map[ProviderType]variant, map[ChatType]variant) {
	p := map[ProviderType]variant{}
	for _, c := range []ProviderConfig{VapiConfig{}, RetellConfig{}, ElevenLabsConfig{}, BlandConfig{},
		LiveKitConfig{}, SynthflowConfig{}, KoreAIConfig{}, GenesysConfig{},
		PipecatConfig{}, SelfHostedConfig{}, AmazonConnectConfig{}} {
		p[c.ProviderType()] = newVariant(c)
	}
	p[providerSelfHosted] = p[ProviderTypeCustom] // the type's name before 2026-08
	c := map[ChatType]variant{}
	for _, cc := range []ChatConfig{RetellChatConfig{}, BlandChatConfig{}, AgentforceChatConfig{},
		SelfHostedChatConfig{}, AmazonConnectChatConfig{}, SierraChatConfig{}} {
		c[cc.ChatType()] = newVariant(cc)
	}
	return p, c
}()

// resolveProviderConfig turns a decoded config (a RawConfig holding the
// JSON, a part of r's body) into the struct of provider type t. A type the
// SDK does not know, or JSON that does not fit the struct, stays a
// RawConfig, now with its Type.
func resolveProviderConfig(r *jreader, t ProviderType, c ProviderConfig) ProviderConfig {
	return resolveVariant(r, providerConfigs, t, c)
}

// resolveChatConfig is resolveProviderConfig for chat configs.
func resolveChatConfig(r *jreader, t ChatType, c ChatConfig) ChatConfig {
	return resolveVariant(r, chatConfigs, t, c)
}

// resolveVariant picks the variant of a sealed interface I by its type.
func resolveVariant[K ~string, I any](r *jreader, variants map[K]variant, t K, c I) I {
	raw, ok := any(c).(RawConfig)
	if !ok || raw.Type != "" {
		return c
	}
	if vt, ok := variants[t]; ok {
		if v, ok := decodeVariant[I](r, vt, raw.JSON); ok {
			return v
		}
	}
	return any(RawConfig{Type: string(t), JSON: raw.JSON}).(I)
}
