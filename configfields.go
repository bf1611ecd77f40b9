package cekura

import "encoding/json"

// Each config type lists its fields once, in declaration order, with their
// JSON keys: the encoder (appendFields) and the reader (readFields) both
// work from that list, so a field cannot be known to one and not the other.
// The tests hold both to encoding/json's handling of the struct tags.

// cfgField is one field of a config: its JSON key and a pointer to it, a
// *string, *Secret, *bool, *json.RawMessage or *map[string]Secret.
type cfgField struct {
	key string
	ptr any
}

// configFields is implemented by a pointer to every config struct.
type configFields interface {
	fields() []cfgField
}

// appendFields appends a config as a JSON object, zero values left out.
func appendFields(dst []byte, fields []cfgField) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	for _, f := range fields {
		switch p := f.ptr.(type) {
		case *string:
			dst = appendStringField(dst, f.key, *p)
		case *Secret:
			dst = appendStringField(dst, f.key, string(*p))
		case *bool:
			if *p {
				dst = append(key(dst, f.key), "true"...)
			}
		case *json.RawMessage:
			if dst, err = appendRawField(dst, f.key, *p); err != nil {
				return dst, err
			}
		case *map[string]Secret:
			if *p != nil {
				dst = appendSecretMap(key(dst, f.key), *p)
			}
		}
	}
	return append(dst, '}'), nil
}

// readFields reads a config object into its fields. It reports false when
// a known key holds a value of another type, as encoding/json would fail.
func readFields(raw []byte, fields []cfgField) bool {
	c := &cfgReader{jreader: newReader(raw), ok: true}
	if !c.object() {
		return false
	}
	n := 0
	for {
		k, more := c.field(&n)
		if !more {
			break
		}
		f := fieldFor(k, fields)
		if f == nil {
			c.skip(0)
			continue
		}
		switch p := f.ptr.(type) {
		case *string:
			c.string(p)
		case *Secret:
			c.secret(p)
		case *bool:
			c.bool(p)
		case *json.RawMessage:
			c.raw(p)
		case *map[string]Secret:
			c.secrets(p)
		}
	}
	c.end()
	return c.ok && c.err == nil
}

// fieldFor finds the field of key k: an exact match first, then one without
// regard to case, as encoding/json matches.
func fieldFor(k []byte, fields []cfgField) *cfgField {
	for i := range fields {
		if string(k) == fields[i].key {
			return &fields[i]
		}
	}
	for i := range fields {
		if equalFold(k, fields[i].key) {
			return &fields[i]
		}
	}
	return nil
}

// providerReader and chatReader decode a config of type T.
func providerReader[T ProviderConfig, PT interface {
	*T
	configFields
}]() func([]byte) (ProviderConfig, bool) {
	return func(raw []byte) (ProviderConfig, bool) {
		var v T
		ok := readFields(raw, PT(&v).fields())
		return v, ok
	}
}

func chatReader[T ChatConfig, PT interface {
	*T
	configFields
}]() func([]byte) (ChatConfig, bool) {
	return func(raw []byte) (ChatConfig, bool) {
		var v T
		ok := readFields(raw, PT(&v).fields())
		return v, ok
	}
}

var providerReaders = map[ProviderType]func([]byte) (ProviderConfig, bool){
	ProviderVapi:       providerReader[VapiConfig](),
	ProviderRetell:     providerReader[RetellConfig](),
	ProviderElevenLabs: providerReader[ElevenLabsConfig](),
	ProviderBland:      providerReader[BlandConfig](),
	ProviderLiveKit:    providerReader[LiveKitConfig](),
	ProviderTrillet:    providerReader[TrilletConfig](),
	ProviderSynthflow:  providerReader[SynthflowConfig](),
	ProviderKoreAI:     providerReader[KoreAIConfig](),
	ProviderGenesys:    providerReader[GenesysConfig](),
	ProviderPipecat:    providerReader[PipecatConfig](),
	ProviderChirp:      providerReader[ChirpConfig](),
	ProviderSelfHosted: providerReader[SelfHostedConfig](),
}

var chatReaders = map[ChatType]func([]byte) (ChatConfig, bool){
	ChatRetell:        chatReader[RetellChatConfig](),
	ChatBland:         chatReader[BlandChatConfig](),
	ChatAgentforce:    chatReader[AgentforceChatConfig](),
	ChatSelfHosted:    chatReader[SelfHostedChatConfig](),
	ChatAmazonConnect: chatReader[AmazonConnectChatConfig](),
}

func (c *VapiConfig) fields() []cfgField {
	return []cfgField{{"public_key", &c.PublicKey}, {"trigger_url", &c.TriggerURL}}
}

func (c VapiConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *RetellConfig) fields() []cfgField {
	return []cfgField{{"trigger_url", &c.TriggerURL}, {"livekit_server_url", &c.LiveKitServerURL}}
}

func (c RetellConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *ElevenLabsConfig) fields() []cfgField {
	return []cfgField{{"trigger_url", &c.TriggerURL}, {"elevenlabs_base_url_override", &c.BaseURLOverride}}
}

func (c ElevenLabsConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}

func (c *BlandConfig) fields() []cfgField { return []cfgField{{"encrypted_key", &c.EncryptedKey}} }

func (c BlandConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *LiveKitConfig) fields() []cfgField {
	return []cfgField{{"api_secret", &c.APISecret}, {"url", &c.URL}, {"agent_name", &c.AgentName}, {"config", &c.Config}, {"tracing_enabled", &c.TracingEnabled}, {"trigger_url", &c.TriggerURL}}
}

func (c LiveKitConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *TrilletConfig) fields() []cfgField { return []cfgField{{"workspace_id", &c.WorkspaceID}} }

func (c TrilletConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *SynthflowConfig) fields() []cfgField {
	return []cfgField{{"synthflow_base_url_override", &c.BaseURLOverride}}
}

func (c SynthflowConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *KoreAIConfig) fields() []cfgField {
	return []cfgField{{"client_id", &c.ClientID}, {"bot_id", &c.BotID}, {"host", &c.Host}}
}

func (c KoreAIConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *GenesysConfig) fields() []cfgField {
	return []cfgField{{"client_id", &c.ClientID}, {"region", &c.Region}}
}

func (c GenesysConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *PipecatConfig) fields() []cfgField {
	return []cfgField{{"pipecat_agent_name", &c.PipecatAgentName}, {"config", &c.Config}, {"room_properties", &c.RoomProperties}, {"webhook_url", &c.WebhookURL}, {"tracing_enabled", &c.TracingEnabled}}
}

func (c PipecatConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *ChirpConfig) fields() []cfgField {
	return []cfgField{{"chirp_websocket_url", &c.WebsocketURL}, {"chirp_basic_auth_username", &c.BasicAuthUsername}, {"chirp_basic_auth_password", &c.BasicAuthPassword}}
}

func (c ChirpConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *SelfHostedConfig) fields() []cfgField {
	return []cfgField{{"send_post_conversation_metadata", &c.SendPostConversationMetadata}}
}

func (c SelfHostedConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}

func (c *RetellChatConfig) fields() []cfgField { return []cfgField{{"agent_id", &c.AgentID}} }

func (c RetellChatConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}

func (c *BlandChatConfig) fields() []cfgField { return []cfgField{{"agent_id", &c.AgentID}} }

func (c BlandChatConfig) appendJSON(dst []byte) ([]byte, error) { return appendFields(dst, c.fields()) }

func (c *AgentforceChatConfig) fields() []cfgField {
	return []cfgField{{"client_secret", &c.ClientSecret}, {"client_id", &c.ClientID}, {"domain", &c.Domain}, {"agent_id", &c.AgentID}}
}

func (c AgentforceChatConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}

func (c *SelfHostedChatConfig) fields() []cfgField {
	return []cfgField{{"url", &c.URL}, {"headers", &c.Headers}, {"websocket_secret", &c.WebsocketSecret}}
}

func (c SelfHostedChatConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}

func (c *AmazonConnectChatConfig) fields() []cfgField {
	return []cfgField{{"widget_id", &c.WidgetID}, {"security_token", &c.SecurityToken}, {"snippet_id", &c.SnippetID}, {"connect_host", &c.ConnectHost}, {"region", &c.Region}}
}

func (c AmazonConnectChatConfig) appendJSON(dst []byte) ([]byte, error) {
	return appendFields(dst, c.fields())
}
