package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Decoding is tolerant: the API adds fields and has changed the type of one
// (knowledge_base_files, from a string to an array). A field this SDK does
// not know is ignored (and stays in RawJSON); a known field whose type
// changed is left at its zero value instead of failing the whole response.
// Only a body that is not a JSON object at all is an error.

// agentWire is the JSON shape of an agent, with lenient types for the fields
// the API has changed or may change.
type agentWire struct {
	ID                   int64              `json:"id"`
	Name                 string             `json:"name"`
	Description          string             `json:"description"`
	Project              int64              `json:"project"`
	Language             Language           `json:"language"`
	Telephony            *Telephony         `json:"telephony"`
	Provider             *agentProviderWire `json:"provider"`
	AgentSpeaksFirst     *bool              `json:"agent_speaks_first"`
	KnowledgeBaseFiles   KnowledgeBaseFiles `json:"knowledge_base_files"`
	EnabledPersonalities []int64            `json:"enabled_personalities"`
	WebhookURL           string             `json:"webhook_url"`
	CreatedAt            lenientTime        `json:"created_at"`
	UpdatedAt            lenientTime        `json:"updated_at"`
}

type agentProviderWire struct {
	Type        ProviderType `json:"type"`
	AgentID     string       `json:"agent_id"`
	Credentials *struct {
		Config json.RawMessage `json:"config"`
	} `json:"credentials"`
	ChatAgentDetails             *ChatAgentDetails `json:"chat_agent_details"`
	AutoDialOutbound             *bool             `json:"auto_dial_outbound"`
	AutoImportCalls              *bool             `json:"auto_import_calls"`
	AutoSyncPrompt               *bool             `json:"auto_sync_prompt"`
	SendPostConversationMetadata *bool             `json:"send_post_conversation_metadata"`
}

// UnmarshalJSON decodes an agent tolerantly and keeps a copy of its JSON for
// RawJSON.
func (a *Agent) UnmarshalJSON(b []byte) error {
	return a.decode(bytes.Clone(b))
}

// decode fills a from b, which it keeps as the raw JSON (b must not be
// modified afterwards).
func (a *Agent) decode(b []byte) error {
	if !isJSONObject(b) {
		return fmt.Errorf("cekura: decoding agent: expected a JSON object, got %s", describeJSON(b))
	}
	var w agentWire
	if err := tolerate(json.Unmarshal(b, &w)); err != nil {
		return fmt.Errorf("cekura: decoding agent: %w", err)
	}
	*a = Agent{
		ID:                   w.ID,
		Name:                 w.Name,
		Description:          w.Description,
		Project:              w.Project,
		Language:             w.Language,
		Telephony:            w.Telephony,
		AgentSpeaksFirst:     w.AgentSpeaksFirst,
		KnowledgeBaseFiles:   w.KnowledgeBaseFiles,
		EnabledPersonalities: w.EnabledPersonalities,
		WebhookURL:           w.WebhookURL,
		CreatedAt:            time.Time(w.CreatedAt),
		UpdatedAt:            time.Time(w.UpdatedAt),
		raw:                  b,
	}
	if p := w.Provider; p != nil {
		a.Provider = &AgentProvider{
			Type:                         p.Type,
			AgentID:                      p.AgentID,
			ChatAgentDetails:             p.ChatAgentDetails,
			AutoDialOutbound:             p.AutoDialOutbound,
			AutoImportCalls:              p.AutoImportCalls,
			AutoSyncPrompt:               p.AutoSyncPrompt,
			SendPostConversationMetadata: p.SendPostConversationMetadata,
		}
		if c := p.Credentials; c != nil {
			a.Provider.Credentials = &AgentCredentials{}
			if len(c.Config) > 0 && !isJSONNull(c.Config) {
				a.Provider.Credentials.Config = decodeProviderConfig(p.Type, c.Config)
			}
		}
	}
	return nil
}

// pageWire is the JSON shape of a page of agents.
type pageWire struct {
	Count    int               `json:"count"`
	Next     *string           `json:"next"`
	Previous *string           `json:"previous"`
	Results  []json.RawMessage `json:"results"`
}

// decodePage decodes a page; every agent keeps its own slice of b as raw
// JSON, so b must not be modified afterwards.
func decodePage(b []byte) (*AgentPage, error) {
	if !isJSONObject(b) {
		return nil, fmt.Errorf("cekura: decoding agent page: expected a JSON object, got %s", describeJSON(b))
	}
	var w pageWire
	if err := tolerate(json.Unmarshal(b, &w)); err != nil {
		return nil, fmt.Errorf("cekura: decoding agent page: %w", err)
	}
	p := &AgentPage{Count: w.Count, Results: make([]*Agent, 0, len(w.Results))}
	if w.Next != nil {
		p.Next = *w.Next
	}
	if w.Previous != nil {
		p.Previous = *w.Previous
	}
	for i, raw := range w.Results {
		a := new(Agent)
		if err := a.decode(raw); err != nil {
			return nil, fmt.Errorf("cekura: decoding agent page: results[%d]: %w", i, err)
		}
		p.Results = append(p.Results, a)
	}
	return p, nil
}

// tolerate drops the type mismatches encoding/json reports after decoding
// everything else, and keeps real errors (malformed JSON).
func tolerate(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return nil
	}
	return err
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// describeJSON names what a body starts with, without echoing it.
func describeJSON(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "an empty body"
	}
	switch c := b[0]; {
	case c == '[':
		return "a JSON array"
	case c == '"':
		return "a JSON string"
	case c == 'n':
		return "null"
	case c == '<':
		return "HTML or XML"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	}
	return "something that is not JSON"
}

// lenientTime decodes an RFC 3339 timestamp, and anything else (null, a
// malformed or differently typed value) as the zero time.
type lenientTime time.Time

func (t *lenientTime) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		return nil
	}
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		*t = lenientTime(v)
	}
	return nil
}

// UnmarshalJSON accepts every shape the API has used: a string holding a
// JSON list ("[1, 2, 3]"), a list of ids, a list of file objects, or null.
// Anything else decodes as no files (the raw JSON is still in Agent.RawJSON).
func (k *KnowledgeBaseFiles) UnmarshalJSON(b []byte) error {
	*k = nil
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return nil
		}
		b = bytes.TrimSpace([]byte(s))
	}
	if len(b) == 0 || b[0] != '[' {
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(b, &items) != nil {
		return nil
	}
	files := make(KnowledgeBaseFiles, 0, len(items))
	for _, item := range items {
		item = bytes.TrimSpace(item)
		if len(item) == 0 {
			continue
		}
		switch item[0] {
		case '{':
			var f struct {
				KnowledgeBaseFile
				CreatedAt lenientTime `json:"created_at"`
				UpdatedAt lenientTime `json:"updated_at"`
			}
			if tolerate(json.Unmarshal(item, &f)) == nil {
				f.KnowledgeBaseFile.CreatedAt = time.Time(f.CreatedAt)
				f.KnowledgeBaseFile.UpdatedAt = time.Time(f.UpdatedAt)
				files = append(files, f.KnowledgeBaseFile)
			}
		case '"':
			var s string
			if json.Unmarshal(item, &s) == nil {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					files = append(files, KnowledgeBaseFile{ID: id})
				}
			}
		default:
			var id int64
			if json.Unmarshal(item, &id) == nil {
				files = append(files, KnowledgeBaseFile{ID: id})
			}
		}
	}
	*k = files
	return nil
}
