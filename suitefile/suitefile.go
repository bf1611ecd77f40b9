// Package suitefile reads Cekura test suite files written in YAML or JSON.
//
// The API reads a suite as JSON, and cekura.ParseSuite reads JSON only, so
// that the SDK's package depends on nothing but the standard library. Many
// teams write their suites in YAML: this package converts YAML to the same
// JSON (keys in the file's order; anchors, aliases and merge keys resolved;
// never sent as YAML), checks it with cekura.ParseSuite, and says on which
// line of the file each problem is.
//
// It is a package of its own because it needs a YAML reader
// (go.yaml.in/yaml/v3): a program that imports only the SDK does not build
// it.
//
//	data, err := os.ReadFile("cekura/smoke.yaml")
//	if err != nil { … }
//	suite, err := suitefile.Parse(data)
//	var ve *cekura.ValidationError
//	if errors.As(err, &ve) {
//		for _, p := range ve.Problems {
//			fmt.Printf("%s: %s\n", p.Field, p.Message) // "scenarios[1].name: is required (line 14)"
//		}
//	}
//	plan, err := client.Tests.PlanSuite(ctx, &cekura.RunSuiteRequest{AgentID: 2142, Suite: suite})
package suitefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest file Parse and ToJSON read, in bytes (4 MB):
// a YAML file with comments can be larger than its JSON, which is what
// cekura.MaxSuiteSize (1 MB) limits.
const MaxFileSize = 4 * cekura.MaxSuiteSize

// Parse reads a suite file, YAML or JSON (a file whose first character,
// after spaces, is "{" is read as JSON, exactly as cekura.ParseSuite reads
// it), as strictly as the API does. It returns nil and a
// *cekura.ValidationError (errors.Is(err, cekura.ErrInvalidRequest)) with
// every problem at once, keyed by location as the API keys them
// ("scenarios[3].metrics[1]"); a problem whose location is in the file
// ends with the line it is on: "is required (line 14)". Problems with the
// file as a whole (YAML syntax, size) are under "non_field_errors".
func Parse(data []byte) (*cekura.Suite, error) {
	js := bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark, as editors on Windows write
	if !isJSON(data) {
		var err error
		if js, err = ToJSON(data); err != nil {
			return nil, problem(err)
		}
	}
	suite, err := cekura.ParseSuite(js)
	var ve *cekura.ValidationError
	if errors.As(err, &ve) {
		lines := Lines(data)
		out := &cekura.ValidationError{Problems: make([]cekura.FieldProblem, len(ve.Problems))}
		for i, p := range ve.Problems {
			if n := lines.Line(p.Field); n > 0 {
				p.Message += " (line " + strconv.Itoa(n) + ")"
			}
			out.Problems[i] = p
		}
		return nil, out
	}
	return suite, err
}

// LineMap maps locations in a suite file, as the API keys problems
// ("scenarios[3].metrics[1]"), to their lines: see Lines.
type LineMap map[string]int

// Line is the line of location, or of the nearest enclosing location in
// the file (a missing field is on its object's line); 0 when none is.
func (m LineMap) Line(location string) int {
	for location != "" {
		if n, ok := m[location]; ok {
			return n
		}
		cut := strings.LastIndexAny(location, ".[")
		if cut < 0 {
			return 0
		}
		location = location[:cut]
	}
	return 0
}

// problem makes a ValidationError of a problem with the file as a whole.
func problem(err error) error {
	return &cekura.ValidationError{Problems: []cekura.FieldProblem{{Field: "non_field_errors", Message: err.Error()}}}
}

// isJSON reports whether data reads as a JSON document: its first
// character, after white space and a byte order mark, is "{".
func isJSON(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// ToJSON converts a YAML document (JSON is one too) to JSON: mappings
// become objects with their keys in the file's order, anchors, aliases and
// merge keys ("<<") are resolved, and scalars keep their YAML types
// (integers, floats, booleans, null; timestamps and binary stay the
// strings written). A scalar key is written as its text (1: and true: as
// "1" and "true"). The top-level keys that begin with "x-" are left out,
// as Docker Compose does: they are where shared blocks live for anchors
// ("x-common: &common {…}"), and the schema allows no other key there. It
// refuses what JSON cannot say: a key that is a list or a mapping, the
// same key twice, NaN or infinity, several documents, a document larger
// than cekura.MaxSuiteSize once aliases are expanded. Errors name the line.
func ToJSON(data []byte) ([]byte, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is %d bytes; at most %d are read", len(data), MaxFileSize)
	}
	root, err := parse(data)
	if err != nil {
		return nil, err
	}
	c := converter{dropExtensions: true}
	if err := c.value(root, 0); err != nil {
		return nil, err
	}
	return c.buf.Bytes(), nil
}

// parse reads data's one YAML document.
func parse(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, errors.New("is empty")
		}
		return nil, fmt.Errorf("is not YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		return nil, fmt.Errorf("has more than one YAML document (line %d)", more.Line)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return nil, errors.New("is empty")
}

// converter writes JSON from a YAML node tree.
type converter struct {
	buf bytes.Buffer
	// dropExtensions leaves out the "x-" keys of the next mapping written
	// (the document's).
	dropExtensions bool
}

// maxDepth bounds nesting (and a chain of aliases) as encoding/json does.
const maxDepth = 10000

func (c *converter) value(n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nests deeper than %d levels (line %d)", maxDepth, n.Line)
	}
	if c.buf.Len() > cekura.MaxSuiteSize {
		return fmt.Errorf("is larger than %d bytes (1 MB) as JSON, aliases expanded", cekura.MaxSuiteSize)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		c.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			if err := c.value(item, depth+1); err != nil {
				return err
			}
		}
		c.buf.WriteByte(']')
		return nil
	case yaml.MappingNode:
		pairs, err := members(n, depth)
		if err != nil {
			return err
		}
		if c.dropExtensions {
			c.dropExtensions = false
			pairs = slices.DeleteFunc(pairs, func(m member) bool { return strings.HasPrefix(m.key, "x-") })
		}
		c.buf.WriteByte('{')
		for i, p := range pairs {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			c.string(p.key)
			c.buf.WriteByte(':')
			if err := c.value(p.value, depth+1); err != nil {
				return err
			}
		}
		c.buf.WriteByte('}')
		return nil
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return fmt.Errorf("has a YAML node JSON cannot hold (line %d)", n.Line)
}

func (c *converter) scalar(n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		c.buf.WriteString("null")
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("%s (line %d)", strings.TrimPrefix(err.Error(), "yaml: "), n.Line)
		}
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return fmt.Errorf("has %s, which JSON cannot hold (line %d)", n.Value, n.Line)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%v (line %d)", err, n.Line)
		}
		c.buf.Write(b)
		return nil
	}
	// Strings, and what JSON has no type for (timestamps, binary, custom
	// tags): the text as written.
	c.string(n.Value)
	return nil
}

// string writes s as a JSON string, without encoding/json's HTML escapes
// (the text is sent as written).
func (c *converter) string(s string) {
	enc := json.NewEncoder(&c.buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	c.buf.Truncate(c.buf.Len() - 1)
}

// member is one key and value of a mapping, merge keys resolved.
type member struct {
	key   string
	line  int
	value *yaml.Node
}

// members lists a mapping's keys and values in the file's order. A merge
// key ("<<: *base", or a list of them) adds the keys of the mappings it
// names that the mapping does not set itself, in their order; the first
// mapping listed wins.
func members(n *yaml.Node, depth int) ([]member, error) {
	var own, merged []member
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			ms, err := mergeSources(v, depth)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				m.line = k.Line // where it is used
				merged = append(merged, m)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode || (k.ShortTag() != "!!str" && k.ShortTag() != "!!int" && k.ShortTag() != "!!bool" && k.ShortTag() != "!!float" && k.ShortTag() != "!!null") {
			return nil, fmt.Errorf("has a key that is not a string (line %d)", k.Line)
		}
		if seen[k.Value] {
			return nil, fmt.Errorf("has the key %q twice (line %d)", k.Value, k.Line)
		}
		seen[k.Value] = true
		own = append(own, member{key: k.Value, line: k.Line, value: v})
	}
	for _, m := range merged {
		if !seen[m.key] {
			seen[m.key] = true
			own = append(own, m)
		}
	}
	return own, nil
}

// mergeSources lists the members a merge key's value brings: a mapping, an
// alias of one, or a sequence of those.
func mergeSources(v *yaml.Node, depth int) ([]member, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nests deeper than %d levels (line %d)", maxDepth, v.Line)
	}
	for v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	switch v.Kind {
	case yaml.MappingNode:
		return members(v, depth+1)
	case yaml.SequenceNode:
		var out []member
		for _, item := range v.Content {
			ms, err := mergeSources(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, ms...)
		}
		return out, nil
	}
	return nil, fmt.Errorf("merges (<<) something that is not a mapping (line %d)", v.Line)
}

// Lines maps each location in a suite file, as the API keys problems
// ("scenarios", "scenarios[3]", "scenarios[3].metrics[1]",
// "defaults.personality.voice_id"), to the line it is on: a key's line for
// a member of a mapping, the item's line for an item of a list. It reads
// YAML and JSON alike; for a file it cannot read, it returns an empty map.
// A location brought by a merge key gets the merge key's line; one
// reached through an alias, the alias's.
func Lines(data []byte) LineMap {
	lines := LineMap{}
	if len(data) > MaxFileSize {
		return lines
	}
	root, err := parse(data)
	if err != nil {
		return lines
	}
	budget := 100000 // locations recorded, aliases expanded
	var walk func(n *yaml.Node, at string, line, depth int)
	walk = func(n *yaml.Node, at string, line, depth int) {
		if budget <= 0 || depth > 64 {
			return
		}
		budget--
		if at != "" {
			if _, ok := lines[at]; !ok {
				lines[at] = line
			}
		}
		switch n.Kind {
		case yaml.AliasNode:
			walk(n.Alias, at, line, depth+1)
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, at+"["+strconv.Itoa(i)+"]", item.Line, depth+1)
			}
		case yaml.MappingNode:
			ms, err := members(n, depth)
			if err != nil {
				return
			}
			for _, m := range ms {
				key := m.key
				if at != "" {
					key = at + "." + key
				}
				walk(m.value, key, m.line, depth+1)
			}
		}
	}
	walk(root, "", root.Line, 0)
	return lines
}
