package cekura

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The schema coverage test: for every operation the SDK calls (the table in
// schema_coverage_table_test.go), each property of the operation's request
// and response schemas in the API's description, and each of its query
// parameters, must be a field of the Go type at that place, or be listed in
// coverageOmitted with the reason it is left out. A new revision of the
// description that adds a property then fails here, instead of the SDK
// silently dropping it; an exemption that no longer matches a missing
// property fails too, so that the list cannot rot. The other way round, a
// Go field the description does not have is not a failure (the API may
// have dropped it, or never described it): go test -v lists them.
//
// What the walker reads of the description: $ref; allOf, oneOf and anyOf,
// whose properties are merged (a property of any branch must be a field);
// properties; items (arrays); additionalProperties (maps, and objects keyed
// by id that the SDK reads as a list). A readOnly property is not looked for
// in a request, a writeOnly one not in a response: the description itself
// says they are never there. On the Go side it follows pointers, Opt[T],
// slices, arrays and maps to their element, promotes embedded structs' fields
// as encoding/json does, and stops at what holds a value whole
// (json.RawMessage, any, a type with its own MarshalJSON, a scalar). A field
// of one of the sealed config interfaces (ProviderConfig, ChatConfig) is
// checked branch by branch: each oneOf branch of the description against the
// config struct of the same name.

// openAPIFile is the API's description the test reads (in CEKURA_SPEC_DIR,
// else ../shared/spec).
const openAPIFile = "cekura-openapi-2026-08-20.json"

// coverageOp is one operation an SDK method calls, and the Go types its
// request and answer travel in.
type coverageOp struct {
	// methods are the SDK methods that call the operation, as
	// "Service.Method" (Client's field name, then the method).
	methods []string
	// op is the operation as the description names it: "POST /path/".
	op string
	// status is the answer checked; "" for the lowest 2xx with a JSON body.
	status string
	// content is the request's content type; "" for application/json.
	content string
	// body is the type the SDK encodes as the request body; nil when the
	// body is not one of the SDK's types (each property must then be
	// listed in coverageOmitted) or there is none.
	body reflect.Type
	// bodyNote says why the whole request body is left out; the body's
	// properties are then not looked at.
	bodyNote string
	// query is the SDK's query parameters type (url tags); queryKeys are
	// the parameters a method sends from url.Values.
	query     reflect.Type
	queryKeys []string
	// resp is the type the SDK decodes the answer into (Page[T] for a
	// list); nil when it does not read the answer.
	resp reflect.Type
	// respNote says why the whole answer is left out.
	respNote string
}

// direction is which side of an operation a schema describes.
type direction int

const (
	toAPI   direction = iota // a request: readOnly properties are not sent
	fromAPI                  // an answer: writeOnly properties are never in it
)

// coverage walks schemas against Go types and collects what it finds.
type coverage struct {
	root    map[string]any    // the description, for $ref
	omitted map[string]string // exemptions: key → reason
	unions  map[reflect.Type][]reflect.Type

	used     map[string]bool            // exemptions that matched a missing property
	missing  map[string]string          // properties that are neither a field nor exempted: key → what the Go side is
	problems []string                   // other failures: a table row that does not fit the description
	extras   map[string]map[string]bool // Go fields the description does not have (logged): "type: field" → places
	active   map[string]bool            // ($refs, Go type) pairs being walked: the recursion guard

	// What was checked, each key once (several rows may check one place):
	fields   map[string]bool // properties found as a field
	exempted map[string]bool // properties exempted in coverageOmitted
	skipped  map[string]bool // readOnly properties of requests, writeOnly ones of answers
	noted    map[string]bool // whole bodies left out with a note
	params   map[string]bool // query parameters the SDK sends
}

func newCoverage(root map[string]any, omitted map[string]string, unions map[reflect.Type][]reflect.Type) *coverage {
	return &coverage{root: root, omitted: omitted, unions: unions,
		used: map[string]bool{}, missing: map[string]string{}, extras: map[string]map[string]bool{}, active: map[string]bool{},
		fields: map[string]bool{}, exempted: map[string]bool{}, skipped: map[string]bool{}, noted: map[string]bool{}, params: map[string]bool{}}
}

// extra notes a Go field (or query parameter) the description does not have.
func (c *coverage) extra(what, place string) {
	if c.extras[what] == nil {
		c.extras[what] = map[string]bool{}
	}
	c.extras[what][place] = true
}

func (c *coverage) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// resolve returns the schema a local $ref names, and the name.
func (c *coverage) resolve(ref string) (map[string]any, string) {
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok {
		c.problem("%s: only #/components/schemas/ references are followed", ref)
		return nil, ""
	}
	s, _ := dig(c.root, "components", "schemas", name).(map[string]any)
	if s == nil {
		c.problem("%s: no such schema", ref)
	}
	return s, name
}

// dig walks nested JSON objects by key.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// schemaView is a schema with its $refs and compositions flattened.
type schemaView struct {
	props map[string][]map[string]any // a property may come from several branches
	items []map[string]any
	addl  []map[string]any
	refs  []string
}

func (c *coverage) view(s map[string]any) *schemaView {
	v := &schemaView{props: map[string][]map[string]any{}}
	c.collect(s, v, map[string]bool{})
	slices.Sort(v.refs)
	return v
}

func (c *coverage) collect(s map[string]any, v *schemaView, seen map[string]bool) {
	if s == nil {
		return
	}
	if ref, ok := s["$ref"].(string); ok {
		if seen[ref] {
			return
		}
		seen[ref] = true
		r, name := c.resolve(ref)
		v.refs = append(v.refs, name)
		c.collect(r, v, seen)
		return
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		subs, _ := s[k].([]any)
		for _, sub := range subs {
			if m, ok := sub.(map[string]any); ok {
				c.collect(m, v, seen)
			}
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, p := range props {
			if m, ok := p.(map[string]any); ok {
				v.props[name] = append(v.props[name], m)
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		v.items = append(v.items, items)
	}
	if addl, ok := s["additionalProperties"].(map[string]any); ok {
		v.addl = append(v.addl, addl)
	}
}

// branch is one alternative of a oneOf/anyOf, named by its $ref.
type branch struct {
	name   string
	schema map[string]any
}

// branches returns the alternatives of a union schema that have
// properties, flattening nested oneOfs and dropping {"type": "null"}.
func (c *coverage) branches(s map[string]any, name string) []branch {
	if s == nil {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		r, n := c.resolve(ref)
		return c.branches(r, n)
	}
	var out []branch
	for _, k := range []string{"oneOf", "anyOf"} {
		subs, _ := s[k].([]any)
		for _, sub := range subs {
			if m, ok := sub.(map[string]any); ok {
				out = append(out, c.branches(m, name)...)
			}
		}
	}
	if _, ok := s["properties"]; ok {
		out = append(out, branch{name, s})
	}
	return out
}

// flag reports whether every one of a property's schemas (and what they
// reference through allOf) sets a boolean keyword such as readOnly.
func (c *coverage) flag(schemas []map[string]any, keyword string) bool {
	for _, s := range schemas {
		if b, _ := s[keyword].(bool); !b {
			return false
		}
	}
	return len(schemas) > 0
}

// jsonField is a Go field as encoding/json names it.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields returns a struct's JSON fields, embedded structs' promoted
// (a field of the struct itself wins over a promoted one of the same name).
func jsonFields(t reflect.Type) []jsonField {
	var own, promoted []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				promoted = append(promoted, jsonFields(et)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		own = append(own, jsonField{name, f.Type})
	}
	for _, p := range promoted {
		if !slices.ContainsFunc(own, func(f jsonField) bool { return f.name == p.name }) {
			own = append(own, p)
		}
	}
	return own
}

// isGeneric reports whether t is an instance of one of this package's
// generic types, such as Opt or Page.
func isGeneric(t reflect.Type, name string) bool {
	return t.PkgPath() == thisPkg && strings.HasPrefix(t.Name(), name+"[")
}

// unwrap follows pointers and Opt[T] to the type the value has in JSON.
func unwrap(t reflect.Type) reflect.Type {
	for {
		switch {
		case t.Kind() == reflect.Pointer:
			t = t.Elem()
		case isGeneric(t, "Opt"):
			t = t.Field(0).Type // Opt's value
		default:
			return t
		}
	}
}

// whole reports whether a Go type holds its JSON value whole, so that the
// schema's nested properties have nothing to map onto.
func whole(t reflect.Type) bool {
	switch {
	case t == rawMessageType, t.Implements(marshalerType), reflect.PointerTo(t).Implements(marshalerType):
		return true
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		return true
	case t.Kind() == reflect.Map && unwrap(t.Elem()).Kind() == reflect.Interface && t.Elem().NumMethod() == 0:
		return true
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map, reflect.Interface:
		return false
	}
	return true
}

func joinLoc(loc, name string) string {
	if loc == "" {
		return name
	}
	return loc + "." + name
}

// walk checks that every property of schema s is a field of Go type t.
// key names the operation's side ("POST /path/ request"), loc the place in
// its body ("runs[].scenario"). A nil t means that the body is not one of
// the SDK's types: each property must then be exempted.
func (c *coverage) walk(key, loc string, s map[string]any, t reflect.Type, dir direction, depth int) {
	if depth > 32 {
		c.problem("%s: %s: the schema nests deeper than 32 levels", key, loc)
		return
	}
	v := c.view(s)
	if t != nil {
		t = unwrap(t)
		guard := strings.Join(v.refs, ",") + "|" + t.String()
		if len(v.refs) > 0 {
			if c.active[guard] {
				return // a recursive schema, already being walked against this type
			}
			c.active[guard] = true
			defer delete(c.active, guard)
		}
		if members, ok := c.unions[t]; ok {
			c.union(key, loc, s, t, members, dir, depth)
			return
		}
		if whole(t) {
			return
		}
	}
	switch {
	case t == nil:
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		for _, items := range v.items {
			c.walk(key, loc+"[]", items, t.Elem(), dir, depth+1)
		}
		if len(v.items) == 0 { // an object keyed by id, read as a list
			for _, addl := range v.addl {
				c.walk(key, loc+"{}", addl, t.Elem(), dir, depth+1)
			}
		}
		return
	case t.Kind() == reflect.Map:
		for _, addl := range v.addl {
			c.walk(key, loc+"{}", addl, t.Elem(), dir, depth+1)
		}
		return
	case isGeneric(t, "Page") && len(v.props) == 0 && len(v.items) > 0:
		// A list the API sends as a bare array, which Page reads as one page.
		results, _ := t.FieldByName("Results")
		for _, items := range v.items {
			c.walk(key, loc+"[]", items, results.Type.Elem(), dir, depth+1)
		}
		return
	case t.Kind() != reflect.Struct:
		return
	}
	var fields []jsonField
	if t != nil {
		fields = jsonFields(t)
	}
	names := make([]string, 0, len(v.props))
	for name := range v.props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ps := v.props[name]
		if (dir == toAPI && c.flag(ps, "readOnly")) || (dir == fromAPI && c.flag(ps, "writeOnly")) {
			c.skipped[key+": "+joinLoc(loc, name)] = true
			continue
		}
		at := joinLoc(loc, name)
		i := slices.IndexFunc(fields, func(f jsonField) bool { return f.name == name })
		if i >= 0 {
			c.fields[key+": "+at] = true
			for _, p := range ps {
				c.walk(key, at, p, fields[i].typ, dir, depth+1)
			}
			continue
		}
		k := key + ": " + at
		if _, ok := c.omitted[k]; ok {
			c.used[k] = true
			c.exempted[k] = true
			continue
		}
		c.missing[k] = "the SDK sends or reads no type there"
		if t != nil {
			c.missing[k] = "not a field of " + t.String()
		}
	}
	if t != nil && len(v.props) > 0 {
		for _, f := range fields {
			if _, ok := v.props[f.name]; !ok {
				c.extra(fmt.Sprintf("%s field %s", t, f.name), key+": "+joinLoc(loc, f.name))
			}
		}
	}
}

// union checks a field of a sealed interface: each branch of the schema's
// oneOf against the member struct of the same name (case aside).
func (c *coverage) union(key, loc string, s map[string]any, t reflect.Type, members []reflect.Type, dir direction, depth int) {
	matched := map[reflect.Type]bool{}
	for _, b := range c.branches(s, "") {
		i := slices.IndexFunc(members, func(m reflect.Type) bool { return strings.EqualFold(m.Name(), b.name) })
		at := fmt.Sprintf("%s(%s)", loc, b.name)
		if i < 0 {
			k := key + ": " + at
			if _, ok := c.omitted[k]; ok {
				c.used[k] = true
				c.exempted[k] = true
				continue
			}
			c.missing[k] = fmt.Sprintf("no %s implementation is named %s", t, b.name)
			continue
		}
		matched[members[i]] = true
		c.walk(key, at, b.schema, members[i], dir, depth+1)
	}
	for _, m := range members {
		if !matched[m] {
			c.extra(fmt.Sprintf("%s implementation %s (no oneOf branch is named so)", t, m), key+": "+loc)
		}
	}
}

// bodySchema returns the request body's schema for a content type.
func bodySchema(op map[string]any, content string) map[string]any {
	if content == "" {
		content = "application/json"
	}
	s, _ := dig(op, "requestBody", "content", content, "schema").(map[string]any)
	return s
}

// answerSchema returns the status and schema of the answer: the given
// status, or the lowest 2xx with a JSON body.
func answerSchema(op map[string]any, status string) (string, map[string]any) {
	responses, _ := op["responses"].(map[string]any)
	codes := make([]string, 0, len(responses))
	for code := range responses {
		if strings.HasPrefix(code, "2") && (status == "" || code == status) {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range codes {
		if s, ok := dig(responses[code], "content", "application/json", "schema").(map[string]any); ok {
			return code, s
		}
	}
	return "", nil
}

// hasProperties reports whether a schema describes anything to map: a
// property, here or in its items, branches or referenced schemas.
func (c *coverage) hasProperties(s map[string]any) bool {
	v := c.view(s)
	if len(v.props) > 0 {
		return true
	}
	for _, sub := range append(v.items, v.addl...) {
		if c.hasProperties(sub) {
			return true
		}
	}
	return false
}

// urlKeys returns the query parameters a struct's url tags name.
func urlKeys(t reflect.Type) []string {
	var keys []string
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			keys = append(keys, urlKeys(f.Type)...)
		case f.IsExported():
			if name == "" {
				name = f.Name
			}
			keys = append(keys, name)
		}
	}
	return keys
}

// queryParams returns the names of an operation's query parameters (its
// own and its path's).
func (c *coverage) queryParams(pathItem, op map[string]any) []string {
	var names []string
	for _, holder := range []map[string]any{pathItem, op} {
		params, _ := holder["parameters"].([]any)
		for _, p := range params {
			pm, _ := p.(map[string]any)
			if ref, ok := pm["$ref"].(string); ok {
				name, _ := strings.CutPrefix(ref, "#/components/parameters/")
				pm, _ = dig(c.root, "components", "parameters", name).(map[string]any)
			}
			if pm["in"] == "query" {
				names = append(names, pm["name"].(string))
			}
		}
	}
	return names
}

// check walks every row of the table, then the query parameters of each
// operation (the union of what its rows send).
func (c *coverage) check(table []coverageOp) {
	sent := map[string][]string{}
	queryTypes := map[string][]string{} // the query types of an operation's rows, for the messages
	var order []string
	for _, row := range table {
		method, path, _ := strings.Cut(row.op, " ")
		pathItem, _ := dig(c.root, "paths", path).(map[string]any)
		op, _ := pathItem[strings.ToLower(method)].(map[string]any)
		if op == nil {
			c.problem("%s (%s): the description has no such operation", row.op, strings.Join(row.methods, ", "))
			continue
		}
		if _, ok := sent[row.op]; !ok {
			order = append(order, row.op)
			sent[row.op] = []string{}
		}
		sent[row.op] = append(sent[row.op], urlKeys(row.query)...)
		if row.query != nil {
			queryTypes[row.op] = append(queryTypes[row.op], row.query.String())
		}
		if len(row.queryKeys) > 0 {
			queryTypes[row.op] = append(queryTypes[row.op], "url.Values "+strings.Join(row.queryKeys, ","))
		}
		sent[row.op] = append(sent[row.op], row.queryKeys...)

		c.side(row.op+" request", row, bodySchema(op, row.content), row.body, row.bodyNote, toAPI)
		status, answer := answerSchema(op, row.status)
		key := row.op + " response"
		if row.status != "" {
			key += " " + row.status
			if status == "" {
				c.problem("%s: the description has no %s answer with a JSON body", row.op, row.status)
			}
		}
		c.side(key, row, answer, row.resp, row.respNote, fromAPI)
	}
	for _, opName := range order {
		method, path, _ := strings.Cut(opName, " ")
		pathItem, _ := dig(c.root, "paths", path).(map[string]any)
		op, _ := pathItem[strings.ToLower(method)].(map[string]any)
		params := c.queryParams(pathItem, op)
		for _, name := range params {
			if slices.Contains(sent[opName], name) {
				c.params[opName+" query: "+name] = true
				continue
			}
			k := opName + " query: " + name
			if _, ok := c.omitted[k]; ok {
				c.used[k] = true
				c.exempted[k] = true
				continue
			}
			c.missing[k] = "not a query parameter the SDK sends (" + strings.Join(queryTypes[opName], ", ") + ")"
		}
		for _, name := range sent[opName] {
			if !slices.Contains(params, name) {
				c.extra("query parameter "+name, opName+" query")
			}
		}
	}
}

// side checks one body of a row: its schema against the Go type.
func (c *coverage) side(key string, row coverageOp, s map[string]any, t reflect.Type, note string, dir direction) {
	switch {
	case note != "" && t != nil:
		c.problem("%s: the row has both a Go type and a note saying the body is left out", key)
	case note != "" && (s == nil || !c.hasProperties(s)):
		c.problem("%s: the note %q is stale: the description has no properties there", key, note)
	case note != "":
		c.noted[key] = true
	case s == nil && t != nil && dir == toAPI:
		c.problem("%s: %s sends a %s body, which the description does not have", key, strings.Join(row.methods, ", "), t)
	case s != nil:
		c.walk(key, "", s, t, dir, 0)
	}
}

// stale returns the exemptions that matched no missing property.
func (c *coverage) stale() []string {
	var out []string
	for k := range c.omitted {
		if !c.used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// unionMembers are the sealed interfaces' implementations, from the SDK's
// own registries of them.
func unionMembers() map[reflect.Type][]reflect.Type {
	m := map[reflect.Type][]reflect.Type{}
	add := func(iface reflect.Type, typ reflect.Type) {
		if !slices.Contains(m[iface], typ) {
			m[iface] = append(m[iface], typ)
		}
	}
	for _, v := range providerConfigs {
		add(reflect.TypeFor[ProviderConfig](), v.typ)
	}
	for _, v := range chatConfigs {
		add(reflect.TypeFor[ChatConfig](), v.typ)
	}
	return m
}

// TestSchemaCoverage checks every property of every operation the SDK
// calls against the SDK's types; see the top of this file.
func TestSchemaCoverage(t *testing.T) {
	root := loadSpecFile(t, openAPIFile)
	c := newCoverage(root, coverageOmitted(), unionMembers())
	c.check(coverageTable)

	if len(c.problems) > 0 {
		t.Errorf("rows of coverageTable that do not fit the description:\n\t%s", strings.Join(c.problems, "\n\t"))
	}
	if len(c.missing) > 0 {
		lines := make([]string, 0, len(c.missing))
		for k, why := range c.missing {
			lines = append(lines, fmt.Sprintf("%q: %s", k, why))
		}
		sort.Strings(lines)
		t.Errorf("%d properties of the description are not a field of the SDK's type there: add the field, "+
			"or list the key in coverageOmitted (schema_coverage_table_test.go) with the reason it is left out:\n\t%s",
			len(lines), strings.Join(lines, "\n\t"))
	}
	if stale := c.stale(); len(stale) > 0 {
		t.Errorf("exemptions in coverageOmitted that match no missing property any more: remove them:\n\t%s", strings.Join(stale, "\n\t"))
	}

	ops := map[string]bool{}
	for _, row := range coverageTable {
		ops[row.op] = true
	}
	t.Logf("%d operations, %d table rows: %d properties are fields, %d exempted, %d readOnly/writeOnly not looked for, %d bodies left out with a note; %d query parameters sent",
		len(ops), len(coverageTable), len(c.fields), len(c.exempted), len(c.skipped), len(c.noted), len(c.params))
	if documented := documentedOperations(); documented != nil {
		var undocumented []string
		for op := range ops {
			if !documented[op] {
				undocumented = append(undocumented, op)
			}
		}
		sort.Strings(undocumented)
		t.Logf("%d operations the SDK calls are in the description but not in the API reference's pages (a v1 twin may be): %s",
			len(undocumented), strings.Join(undocumented, ", "))
	}
	extras := make([]string, 0, len(c.extras))
	for what, places := range c.extras {
		list := make([]string, 0, len(places))
		for p := range places {
			list = append(list, p)
		}
		sort.Strings(list)
		extras = append(extras, fmt.Sprintf("%s: not in the description at %d places, such as %s", what, len(list), list[0]))
	}
	sort.Strings(extras)
	for _, e := range extras {
		t.Logf("in Go, not in the description (the API may have dropped it, or never described it): %s", e)
	}
}

// documentedOperations returns the operations of the API reference
// (documented-operations.txt beside the description, "openapi: METHOD
// /path/" lines), as "METHOD /path/"; nil when the file is not there.
func documentedOperations() map[string]bool {
	b, err := os.ReadFile(specPath("documented-operations.txt"))
	if err != nil {
		return nil
	}
	ops := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "openapi: "); ok {
			method, path, _ := strings.Cut(rest, " ")
			ops[strings.ToUpper(method)+" "+path] = true
		}
	}
	return ops
}

// TestSchemaCoverageOmissionsAreSound: each exemption has a reason, names
// its place as the test prints it, and is listed once.
func TestSchemaCoverageOmissionsAreSound(t *testing.T) {
	seen := map[string]bool{}
	shape := regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) /\S+/ (request|response( [2-5][0-9][0-9])?|query): \S+$`)
	for _, o := range coverageOmissions {
		assert.NotEmpty(t, strings.TrimSpace(o.reason), "an omission without a reason: %v", o.keys)
		assert.NotEmpty(t, o.keys, "the reason %q applies to nothing", o.reason)
		for _, k := range o.keys {
			assert.Regexp(t, shape, k)
			assert.False(t, seen[k], "%q is listed twice", k)
			seen[k] = true
		}
	}
}

// TestSchemaCoverageTableIsComplete: every exported method of every service
// of the Client is in the table, so that a new method cannot skip the check.
func TestSchemaCoverageTableIsComplete(t *testing.T) {
	listed := map[string]bool{}
	for _, row := range coverageTable {
		require.NotEmpty(t, row.methods, "%s: a row names the methods that call it", row.op)
		for _, m := range row.methods {
			listed[m] = true
		}
	}
	var missing []string
	known := map[string]bool{}
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		for j := range f.Type.NumMethod() {
			name := f.Name + "." + f.Type.Method(j).Name
			known[name] = true
			if !listed[name] {
				missing = append(missing, name)
			}
		}
	}
	assert.Empty(t, missing, "SDK methods that no row of coverageTable names")
	for m := range listed {
		assert.True(t, known[m], "coverageTable names %s, which is not a method of a Client service", m)
	}
}

// TestSchemaCoverageCatches runs the walker on a made-up description: it
// must report a property that is not a field (at the top, nested in an
// object, in an array's items, in an allOf, in a union branch), skip what
// the description marks readOnly or writeOnly, honour an exemption, and
// report an exemption that matches nothing.
func TestSchemaCoverageCatches(t *testing.T) {
	root := map[string]any{
		"paths": map[string]any{
			"/things/": map[string]any{
				"post": map[string]any{
					"parameters": []any{
						map[string]any{"in": "query", "name": "page"},
						map[string]any{"in": "query", "name": "color"},
					},
					"requestBody": jsonContent(map[string]any{"$ref": "#/components/schemas/ThingWrite"}),
					"responses": map[string]any{
						"201": jsonContent(map[string]any{"$ref": "#/components/schemas/Thing"}),
					},
				},
			},
		},
		"components": map[string]any{"schemas": map[string]any{
			"ThingWrite": props(map[string]any{
				"name":   map[string]any{"type": "string"},
				"id":     map[string]any{"type": "integer", "readOnly": true},
				"secret": map[string]any{"type": "string", "writeOnly": true},
				"size":   map[string]any{"type": "integer"},
			}),
			"Thing": map[string]any{"allOf": []any{
				props(map[string]any{
					"id":     map[string]any{"type": "integer"},
					"secret": map[string]any{"type": "string", "writeOnly": true},
					"owner": props(map[string]any{
						"name":  map[string]any{"type": "string"},
						"email": map[string]any{"type": "string"},
					}),
					"parts": map[string]any{"type": "array", "items": props(map[string]any{
						"id":     map[string]any{"type": "integer"},
						"weight": map[string]any{"type": "number"},
					})},
					"config": map[string]any{"oneOf": []any{
						map[string]any{"$ref": "#/components/schemas/VapiConfig"},
						map[string]any{"type": "null"},
					}},
				}),
				props(map[string]any{"created_at": map[string]any{"type": "string"}}),
			}},
			"VapiConfig": props(map[string]any{
				"public_key": map[string]any{"type": "string"},
				"region":     map[string]any{"type": "string"},
			}),
		}},
	}
	type part struct {
		ID int64 `json:"id"`
	}
	type owner struct {
		Name string `json:"name"`
	}
	type base struct {
		ID int64 `json:"id"`
	}
	type thing struct {
		apiObject
		base
		Owner  *owner         `json:"owner"`
		Parts  []*part        `json:"parts"`
		Config ProviderConfig `json:"config"`
		Extra  string         `json:"extra"`
	}
	type thingWrite struct {
		Name Opt[string] `json:"name,omitzero"`
	}
	type params struct {
		Page int `url:"page,omitempty"`
	}
	omitted := map[string]string{
		"POST /things/ response 201: parts[].weight": "a reason",
		"POST /things/ response 201: gone":           "matches nothing: stale",
	}
	c := newCoverage(root, omitted, unionMembers())
	c.check([]coverageOp{{methods: []string{"Things.Create"}, op: "POST /things/", status: "201",
		body: reflect.TypeFor[*thingWrite](), query: reflect.TypeFor[params](), resp: reflect.TypeFor[thing]()}})

	var keys []string
	for k := range c.missing {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{
		"POST /things/ request: secret",
		"POST /things/ request: size",
		"POST /things/ response 201: owner.email",
		"POST /things/ response 201: created_at",
		"POST /things/ response 201: config(VapiConfig).region",
		"POST /things/ query: color",
	}, keys, "every property that is not a field is reported, and only those: %v", c.missing)
	assert.Equal(t, []string{"POST /things/ response 201: gone"}, c.stale())
	assert.Len(t, c.skipped, 2, "the request's readOnly id and the answer's writeOnly secret are not looked for")
	assert.Equal(t, "not a field of cekura.owner", c.missing["POST /things/ response 201: owner.email"])
	assert.Len(t, c.exempted, 1)
	assert.Contains(t, c.extras["cekura.thing field extra"], "POST /things/ response 201: extra")
	assert.Empty(t, c.problems)

	// A row whose operation is not in the description is a problem.
	c = newCoverage(root, nil, nil)
	c.check([]coverageOp{{methods: []string{"Things.Get"}, op: "GET /things/"}})
	assert.Len(t, c.problems, 1)
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
}

func props(p map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": p}
}

// No omission may be a placeholder: each says why the property is left
// out.
func TestSchemaCoverageOmissionsGiveReasons(t *testing.T) {
	for _, o := range coverageOmissions {
		if strings.HasPrefix(o.reason, "TODO") || len(strings.Fields(o.reason)) < 3 {
			t.Errorf("omission %q of %d keys gives no reason", o.reason, len(o.keys))
		}
	}
}
