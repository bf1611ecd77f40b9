package cekura

import "encoding/json"

// Reading of the provider and chat configs without reflection. A known key
// whose value has another type makes the whole config a RawConfig, as when
// encoding/json fails to decode it into the struct; null leaves a field
// alone, as encoding/json does.

// cfgReader reads one config object and remembers whether every known field
// had the expected type.
type cfgReader struct {
	*jreader
	ok bool
}

func (c *cfgReader) string(dst *string) {
	if c.null() {
		return
	}
	if v, ok := c.str(); ok {
		*dst = v
	} else {
		c.ok = false
	}
}

func (c *cfgReader) secret(dst *Secret) {
	var s string
	c.string(&s)
	if s != "" {
		*dst = Secret(s)
	}
}

func (c *cfgReader) bool(dst *bool) {
	if c.null() {
		return
	}
	if v, ok := c.boolean(); ok {
		*dst = v
	} else {
		c.ok = false
	}
}

func (c *cfgReader) raw(dst *json.RawMessage) {
	*dst = json.RawMessage(c.jreader.raw())
}

func (c *cfgReader) secrets(dst *map[string]Secret) {
	if c.null() {
		*dst = nil
		return
	}
	if !c.object() {
		c.skip(0)
		c.ok = false
		return
	}
	if *dst == nil {
		*dst = map[string]Secret{}
	}
	n := 0
	for {
		k, more := c.field(&n)
		if !more {
			return
		}
		name := string(k)
		if c.null() {
			(*dst)[name] = ""
			continue
		}
		if v, ok := c.str(); ok {
			(*dst)[name] = Secret(v)
		} else {
			c.ok = false
		}
	}
}

// readConfig reads the object in raw, handing each key to set, which reads
// the value of a key it knows and returns false for any other.
func readConfig(raw []byte, set func(c *cfgReader, key string) bool) bool {
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
		if !set(c, string(k)) {
			c.skip(0)
		}
	}
	c.end()
	return c.ok && c.err == nil
}

// fold maps a key to the known name it matches without regard to case.
func fold(k string, known ...string) string {
	return match([]byte(k), known)
}

func readVapi(raw []byte) (ProviderConfig, bool) {
	var v VapiConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "public_key", "trigger_url") {
		case "public_key":
			c.string(&v.PublicKey)
		case "trigger_url":
			c.string(&v.TriggerURL)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readRetell(raw []byte) (ProviderConfig, bool) {
	var v RetellConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "trigger_url", "livekit_server_url") {
		case "trigger_url":
			c.string(&v.TriggerURL)
		case "livekit_server_url":
			c.string(&v.LiveKitServerURL)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readElevenLabs(raw []byte) (ProviderConfig, bool) {
	var v ElevenLabsConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "trigger_url", "elevenlabs_base_url_override") {
		case "trigger_url":
			c.string(&v.TriggerURL)
		case "elevenlabs_base_url_override":
			c.string(&v.BaseURLOverride)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readBland(raw []byte) (ProviderConfig, bool) {
	var v BlandConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "encrypted_key") == "" {
			return false
		}
		c.secret(&v.EncryptedKey)
		return true
	})
	return v, ok
}

func readLiveKit(raw []byte) (ProviderConfig, bool) {
	var v LiveKitConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "api_secret", "url", "agent_name", "config", "tracing_enabled", "trigger_url") {
		case "api_secret":
			c.secret(&v.APISecret)
		case "url":
			c.string(&v.URL)
		case "agent_name":
			c.string(&v.AgentName)
		case "config":
			c.raw(&v.Config)
		case "tracing_enabled":
			c.bool(&v.TracingEnabled)
		case "trigger_url":
			c.string(&v.TriggerURL)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readTrillet(raw []byte) (ProviderConfig, bool) {
	var v TrilletConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "workspace_id") == "" {
			return false
		}
		c.string(&v.WorkspaceID)
		return true
	})
	return v, ok
}

func readSynthflow(raw []byte) (ProviderConfig, bool) {
	var v SynthflowConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "synthflow_base_url_override") == "" {
			return false
		}
		c.string(&v.BaseURLOverride)
		return true
	})
	return v, ok
}

func readKoreAI(raw []byte) (ProviderConfig, bool) {
	var v KoreAIConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "client_id", "bot_id", "host") {
		case "client_id":
			c.string(&v.ClientID)
		case "bot_id":
			c.string(&v.BotID)
		case "host":
			c.string(&v.Host)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readGenesys(raw []byte) (ProviderConfig, bool) {
	var v GenesysConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "client_id", "region") {
		case "client_id":
			c.string(&v.ClientID)
		case "region":
			c.string(&v.Region)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readPipecat(raw []byte) (ProviderConfig, bool) {
	var v PipecatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "pipecat_agent_name", "config", "room_properties", "webhook_url", "tracing_enabled") {
		case "pipecat_agent_name":
			c.string(&v.PipecatAgentName)
		case "config":
			c.raw(&v.Config)
		case "room_properties":
			c.raw(&v.RoomProperties)
		case "webhook_url":
			c.string(&v.WebhookURL)
		case "tracing_enabled":
			c.bool(&v.TracingEnabled)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readChirp(raw []byte) (ProviderConfig, bool) {
	var v ChirpConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "chirp_websocket_url", "chirp_basic_auth_username", "chirp_basic_auth_password") {
		case "chirp_websocket_url":
			c.string(&v.WebsocketURL)
		case "chirp_basic_auth_username":
			c.string(&v.BasicAuthUsername)
		case "chirp_basic_auth_password":
			c.secret(&v.BasicAuthPassword)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readSelfHosted(raw []byte) (ProviderConfig, bool) {
	var v SelfHostedConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "send_post_conversation_metadata") == "" {
			return false
		}
		c.bool(&v.SendPostConversationMetadata)
		return true
	})
	return v, ok
}

func readRetellChat(raw []byte) (ChatConfig, bool) {
	var v RetellChatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "agent_id") == "" {
			return false
		}
		c.string(&v.AgentID)
		return true
	})
	return v, ok
}

func readBlandChat(raw []byte) (ChatConfig, bool) {
	var v BlandChatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		if fold(k, "agent_id") == "" {
			return false
		}
		c.string(&v.AgentID)
		return true
	})
	return v, ok
}

func readAgentforceChat(raw []byte) (ChatConfig, bool) {
	var v AgentforceChatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "client_secret", "client_id", "domain", "agent_id") {
		case "client_secret":
			c.secret(&v.ClientSecret)
		case "client_id":
			c.string(&v.ClientID)
		case "domain":
			c.string(&v.Domain)
		case "agent_id":
			c.string(&v.AgentID)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readSelfHostedChat(raw []byte) (ChatConfig, bool) {
	var v SelfHostedChatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "url", "headers", "websocket_secret") {
		case "url":
			c.string(&v.URL)
		case "headers":
			c.secrets(&v.Headers)
		case "websocket_secret":
			c.secret(&v.WebsocketSecret)
		default:
			return false
		}
		return true
	})
	return v, ok
}

func readAmazonConnectChat(raw []byte) (ChatConfig, bool) {
	var v AmazonConnectChatConfig
	ok := readConfig(raw, func(c *cfgReader, k string) bool {
		switch fold(k, "widget_id", "security_token", "snippet_id", "connect_host", "region") {
		case "widget_id":
			c.string(&v.WidgetID)
		case "security_token":
			c.secret(&v.SecurityToken)
		case "snippet_id":
			c.string(&v.SnippetID)
		case "connect_host":
			c.string(&v.ConnectHost)
		case "region":
			c.string(&v.Region)
		default:
			return false
		}
		return true
	})
	return v, ok
}

var providerReaders = map[ProviderType]func([]byte) (ProviderConfig, bool){
	ProviderVapi: readVapi, ProviderRetell: readRetell, ProviderElevenLabs: readElevenLabs,
	ProviderBland: readBland, ProviderLiveKit: readLiveKit, ProviderTrillet: readTrillet,
	ProviderSynthflow: readSynthflow, ProviderKoreAI: readKoreAI, ProviderGenesys: readGenesys,
	ProviderPipecat: readPipecat, ProviderChirp: readChirp, ProviderSelfHosted: readSelfHosted,
}

var chatReaders = map[ChatType]func([]byte) (ChatConfig, bool){
	ChatRetell: readRetellChat, ChatBland: readBlandChat, ChatAgentforce: readAgentforceChat,
	ChatSelfHosted: readSelfHostedChat, ChatAmazonConnect: readAmazonConnectChat,
}
