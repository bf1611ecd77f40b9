package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Decoding is tolerant: the API adds fields and has changed the type of one
// (knowledge_base_files, from a string to an array). A field this SDK does
// not know is ignored (and stays in RawJSON); a known field whose type
// changed is left at its zero value instead of failing the whole response.
// Only a body that is not a JSON object at all is an error.

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
	blk := new(agentBlock)
	r := newReader(b)
	r.readAgent(&blk.agent, blk, b)
	if r.end(); r.err != nil {
		return fmt.Errorf("cekura: decoding agent: %w", r.err)
	}
	*a = blk.agent // its nested parts stay in blk
	return nil
}

// decodeAgent decodes a response body into a new Agent that keeps b as its
// raw JSON.
func decodeAgent(b []byte) (*Agent, error) {
	if !isJSONObject(b) {
		return nil, fmt.Errorf("cekura: decoding agent: expected a JSON object, got %s", describeJSON(b))
	}
	blk := new(agentBlock)
	r := newReader(b)
	r.readAgent(&blk.agent, blk, b)
	if r.end(); r.err != nil {
		return nil, fmt.Errorf("cekura: decoding agent: %w", r.err)
	}
	return &blk.agent, nil
}

// decodePage decodes a page; every agent keeps its own slice of b as raw
// JSON, so b must not be modified afterwards.
func decodePage(b []byte) (*AgentPage, error) {
	if !isJSONObject(b) {
		return nil, fmt.Errorf("cekura: decoding agent page: expected a JSON object, got %s", describeJSON(b))
	}
	p := &AgentPage{}
	r := newReader(b)
	r.readPage(p)
	if r.end(); r.err != nil {
		return nil, fmt.Errorf("cekura: decoding agent page: %w", r.err)
	}
	if p.Results == nil {
		p.Results = []*Agent{}
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

// UnmarshalJSON accepts every shape the API has used: a string holding a
// JSON list ("[1, 2, 3]"), a list of ids, a list of file objects, or null.
// Anything else decodes as no files (the raw JSON is still in Agent.RawJSON).
func (k *KnowledgeBaseFiles) UnmarshalJSON(b []byte) error {
	r := newReader(b)
	*k = r.knowledgeBaseFiles()
	return nil
}
