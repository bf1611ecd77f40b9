package cekura

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// Every type that holds a Secret, or may one day, prints and logs through
// the redacting walker: under any fmt verb (fmt stops calling Format and
// String methods once it meets a verb it thinks wrong, and would then print
// nested secrets raw) and under slog (whose JSON handler would otherwise
// marshal the real values). Pointers are followed, so the output shows
// content rather than addresses.

// formatRedacted writes v as {Field:value …}, with the type name first for %#v.
func formatRedacted(f fmt.State, verb rune, v any) {
	var b strings.Builder
	if verb == 'v' && f.Flag('#') {
		b.WriteString(fmt.Sprintf("%T", v))
	}
	writeValue(&b, redactedLogValue(v), verb == 'q' || (verb == 'v' && f.Flag('#')))
	_, _ = f.Write([]byte(b.String()))
}

// isList reports whether a group came from a slice (keys "0", "1", …).
func isList(attrs []slog.Attr) bool {
	for i, a := range attrs {
		if a.Key != strconv.Itoa(i) {
			return false
		}
	}
	return len(attrs) > 0
}

func writeValue(b *strings.Builder, v slog.Value, quote bool) {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		attrs := v.Group()
		list := isList(attrs)
		open, close := byte('{'), byte('}')
		if list {
			open, close = '[', ']'
		}
		b.WriteByte(open)
		for i, a := range attrs {
			if i > 0 {
				b.WriteByte(' ')
			}
			if !list {
				b.WriteString(a.Key)
				b.WriteByte(':')
			}
			writeValue(b, a.Value, quote)
		}
		b.WriteByte(close)
	case slog.KindString:
		if quote {
			b.WriteString(strconv.Quote(v.String()))
		} else {
			b.WriteString(v.String())
		}
	case slog.KindAny:
		if v.Any() == nil {
			b.WriteString("<nil>")
			return
		}
		b.WriteString(v.String())
	default:
		b.WriteString(v.String())
	}
}

// Format prints the CreateAgentRequest with every secret redacted, under any verb.
func (c CreateAgentRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c) }

// LogValue logs the CreateAgentRequest with every secret redacted.
func (c CreateAgentRequest) LogValue() slog.Value { return redactedLogValue(c) }

// Format prints the Telephony with every secret redacted, under any verb.
func (t Telephony) Format(f fmt.State, verb rune) { formatRedacted(f, verb, t) }

// LogValue logs the Telephony with every secret redacted.
func (t Telephony) LogValue() slog.Value { return redactedLogValue(t) }

// Format prints the SIPAuth with every secret redacted, under any verb.
func (s SIPAuth) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the SIPAuth with every secret redacted.
func (s SIPAuth) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the Provider with every secret redacted, under any verb.
func (p Provider) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p) }

// LogValue logs the Provider with every secret redacted.
func (p Provider) LogValue() slog.Value { return redactedLogValue(p) }

// Format prints the ProviderCredentials with every secret redacted, under any verb.
func (p ProviderCredentials) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p) }

// LogValue logs the ProviderCredentials with every secret redacted.
func (p ProviderCredentials) LogValue() slog.Value { return redactedLogValue(p) }

// Format prints the ChatAgentDetails with every secret redacted, under any verb.
func (c ChatAgentDetails) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c) }

// LogValue logs the ChatAgentDetails with every secret redacted.
func (c ChatAgentDetails) LogValue() slog.Value { return redactedLogValue(c) }

// Format prints the Agent with every secret redacted, under any verb.
func (a Agent) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the Agent with every secret redacted.
func (a Agent) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the AgentProvider with every secret redacted, under any verb.
func (a AgentProvider) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the AgentProvider with every secret redacted.
func (a AgentProvider) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the AgentCredentials with every secret redacted, under any verb.
func (a AgentCredentials) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the AgentCredentials with every secret redacted.
func (a AgentCredentials) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the KnowledgeBaseFile with every secret redacted, under any verb.
func (k KnowledgeBaseFile) Format(f fmt.State, verb rune) { formatRedacted(f, verb, k) }

// LogValue logs the KnowledgeBaseFile with every secret redacted.
func (k KnowledgeBaseFile) LogValue() slog.Value { return redactedLogValue(k) }

// Format prints the UpdateAgentRequest with every secret redacted, under any verb.
func (u UpdateAgentRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, u) }

// LogValue logs the UpdateAgentRequest with every secret redacted.
func (u UpdateAgentRequest) LogValue() slog.Value { return redactedLogValue(u) }

// Format prints the TelephonyUpdate with every secret redacted, under any verb.
func (t TelephonyUpdate) Format(f fmt.State, verb rune) { formatRedacted(f, verb, t) }

// LogValue logs the TelephonyUpdate with every secret redacted.
func (t TelephonyUpdate) LogValue() slog.Value { return redactedLogValue(t) }

// Format prints the ProviderUpdate with every secret redacted, under any verb.
func (p ProviderUpdate) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p) }

// LogValue logs the ProviderUpdate with every secret redacted.
func (p ProviderUpdate) LogValue() slog.Value { return redactedLogValue(p) }

// Format prints the VapiConfig with every secret redacted, under any verb.
func (v VapiConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, v) }

// LogValue logs the VapiConfig with every secret redacted.
func (v VapiConfig) LogValue() slog.Value { return redactedLogValue(v) }

// Format prints the RetellConfig with every secret redacted, under any verb.
func (r RetellConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the RetellConfig with every secret redacted.
func (r RetellConfig) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the ElevenLabsConfig with every secret redacted, under any verb.
func (e ElevenLabsConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, e) }

// LogValue logs the ElevenLabsConfig with every secret redacted.
func (e ElevenLabsConfig) LogValue() slog.Value { return redactedLogValue(e) }

// Format prints the BlandConfig with every secret redacted, under any verb.
func (b BlandConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, b) }

// LogValue logs the BlandConfig with every secret redacted.
func (b BlandConfig) LogValue() slog.Value { return redactedLogValue(b) }

// Format prints the LiveKitConfig with every secret redacted, under any verb.
func (l LiveKitConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, l) }

// LogValue logs the LiveKitConfig with every secret redacted.
func (l LiveKitConfig) LogValue() slog.Value { return redactedLogValue(l) }

// Format prints the SynthflowConfig with every secret redacted, under any verb.
func (s SynthflowConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the SynthflowConfig with every secret redacted.
func (s SynthflowConfig) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the KoreAIConfig with every secret redacted, under any verb.
func (k KoreAIConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, k) }

// LogValue logs the KoreAIConfig with every secret redacted.
func (k KoreAIConfig) LogValue() slog.Value { return redactedLogValue(k) }

// Format prints the GenesysConfig with every secret redacted, under any verb.
func (g GenesysConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, g) }

// LogValue logs the GenesysConfig with every secret redacted.
func (g GenesysConfig) LogValue() slog.Value { return redactedLogValue(g) }

// Format prints the PipecatConfig with every secret redacted, under any verb.
func (p PipecatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p) }

// LogValue logs the PipecatConfig with every secret redacted.
func (p PipecatConfig) LogValue() slog.Value { return redactedLogValue(p) }

// Format prints the SelfHostedConfig with every secret redacted, under any verb.
func (s SelfHostedConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the SelfHostedConfig with every secret redacted.
func (s SelfHostedConfig) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the RetellChatConfig with every secret redacted, under any verb.
func (r RetellChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the RetellChatConfig with every secret redacted.
func (r RetellChatConfig) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the BlandChatConfig with every secret redacted, under any verb.
func (b BlandChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, b) }

// LogValue logs the BlandChatConfig with every secret redacted.
func (b BlandChatConfig) LogValue() slog.Value { return redactedLogValue(b) }

// Format prints the AgentforceChatConfig with every secret redacted, under any verb.
func (a AgentforceChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the AgentforceChatConfig with every secret redacted.
func (a AgentforceChatConfig) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the SelfHostedChatConfig with every secret redacted, under any verb.
func (s SelfHostedChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the SelfHostedChatConfig with every secret redacted.
func (s SelfHostedChatConfig) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the AmazonConnectChatConfig with every secret redacted, under any verb.
func (a AmazonConnectChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the AmazonConnectChatConfig with every secret redacted.
func (a AmazonConnectChatConfig) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the StartTestsRequest with its websocket headers redacted, under any verb.
func (r StartTestsRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the StartTestsRequest with its websocket headers redacted.
func (r StartTestsRequest) LogValue() slog.Value { return redactedLogValue(r) }

// Format prints the AmazonConnectConfig, under any verb.
func (a AmazonConnectConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a) }

// LogValue logs the AmazonConnectConfig.
func (a AmazonConnectConfig) LogValue() slog.Value { return redactedLogValue(a) }

// Format prints the SierraChatConfig with every secret redacted, under any verb.
func (s SierraChatConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s) }

// LogValue logs the SierraChatConfig with every secret redacted.
func (s SierraChatConfig) LogValue() slog.Value { return redactedLogValue(s) }

// Format prints the RunSuiteRequest without its LiveKitData and
// PipecatData, which may carry a connection's secrets, under any verb.
func (r RunSuiteRequest) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r) }

// LogValue logs the RunSuiteRequest without its LiveKitData and PipecatData.
func (r RunSuiteRequest) LogValue() slog.Value { return redactedLogValue(r) }
