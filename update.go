package cekura

import (
	"encoding/json"
)

// UpdateAgentRequest is the body of Update (PATCH). Every field is optional
// and only the fields that are set are sent: [Some] sets a value and [Null]
// clears a field that accepts null. An Update that sets nothing is a
// validation error.
//
//	client.Agents.Update(ctx, id, &cekura.UpdateAgentRequest{
//		Name:             cekura.Some("Support Bot v2"),
//		AgentSpeaksFirst: cekura.Null[bool](), // back to auto-detect
//	})
type UpdateAgentRequest struct {
	// Name is 1 to 255 characters when set.
	Name Opt[string] `json:"name,omitzero"`
	// Description must not be blank when set.
	Description Opt[string] `json:"description,omitzero"`
	// ProjectID is > 0 when set.
	ProjectID Opt[int64] `json:"project,omitzero"`
	// Language is one of [Languages] when set.
	Language Opt[Language] `json:"language,omitzero"`
	// Telephony changes the fields of the telephony block that are set.
	Telephony *TelephonyUpdate `json:"telephony,omitzero"`
	// Provider changes the fields of the provider block that are set.
	Provider *ProviderUpdate `json:"provider,omitzero"`
	// AgentSpeaksFirst: Some(b) sets it, Null() returns to auto-detect.
	AgentSpeaksFirst Opt[bool] `json:"agent_speaks_first,omitzero" cekura:"nullable"`
	// PredefinedMetrics is free-form JSON, sent as given when non-empty.
	PredefinedMetrics json.RawMessage `json:"predefined_metrics,omitzero"`
	// WebhookURL is an absolute http(s) URL, or "" to remove the override.
	WebhookURL Opt[string] `json:"webhook_url,omitzero"`
	// WebhookSecret is the webhook's X-CEKURA-SECRET value. Write-only.
	WebhookSecret Opt[Secret] `json:"webhook_secret,omitzero"`
	// EmailID: Some(address) sets it, Null() removes it.
	EmailID Opt[string] `json:"email_id,omitzero" cekura:"nullable"`
	// KnowledgeBaseFiles, MockTools and DynamicVariables replace the whole
	// set: what is left out is deleted, and Some of an empty list clears it.
	KnowledgeBaseFiles Opt[[]KnowledgeBaseFileWrite] `json:"knowledge_base_files,omitzero"`
	MockTools          Opt[[]MockToolWrite]          `json:"mock_tools,omitzero"`
	MockToolsEnabled   Opt[bool]                     `json:"mock_tools_enabled,omitzero"`
	DynamicVariables   Opt[[]DynamicVariableWrite]   `json:"dynamic_variables,omitzero"`
}

// TelephonyUpdate is the telephony block of an [UpdateAgentRequest].
type TelephonyUpdate struct {
	PhoneNumber Opt[string] `json:"phone_number,omitzero"`
	Inbound     Opt[bool]   `json:"inbound,omitzero"`
	// SIPURI: Some(uri) sets it, Null() clears it.
	SIPURI Opt[string] `json:"sip_uri,omitzero" cekura:"nullable"`
	// SIPAuth: Some(auth) sets it, Null() clears it.
	SIPAuth         Opt[SIPAuth]  `json:"sip_auth,omitzero" cekura:"nullable"`
	OutboundNumbers Opt[[]string] `json:"outbound_numbers,omitzero"`
	// WebsocketURL and WebsocketAuth: Some sets, Null() clears.
	WebsocketURL  Opt[string]  `json:"websocket_url,omitzero" cekura:"nullable"`
	WebsocketAuth Opt[SIPAuth] `json:"websocket_auth,omitzero" cekura:"nullable"`
}

// ProviderUpdate is the provider block of an [UpdateAgentRequest].
type ProviderUpdate struct {
	Type Opt[ProviderType] `json:"type,omitzero"`
	// AgentID: Some(id) sets it, Null() clears it.
	AgentID Opt[string] `json:"agent_id,omitzero" cekura:"nullable"`
	// Credentials: Some(creds) replaces them, Null() removes them.
	Credentials Opt[ProviderCredentials] `json:"credentials,omitzero" cekura:"nullable"`
	// ChatAgentDetails: Some(d) sets the chat overlay, Null() clears it.
	ChatAgentDetails             Opt[ChatAgentDetails] `json:"chat_agent_details,omitzero" cekura:"nullable"`
	AutoDialOutbound             Opt[bool]             `json:"auto_dial_outbound,omitzero" cekura:"nullable"`
	AutoImportCalls              Opt[bool]             `json:"auto_import_calls,omitzero" cekura:"nullable"`
	AutoSyncPrompt               Opt[bool]             `json:"auto_sync_prompt,omitzero" cekura:"nullable"`
	SendPostConversationMetadata Opt[bool]             `json:"send_post_conversation_metadata,omitzero" cekura:"nullable"`
	RedactFields                 Opt[[]string]         `json:"redact_fields,omitzero" cekura:"nullable"`
}
