package cekura

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// The resource kit's codec. Every request and response type is declared once,
// as a Go struct with `json` tags (and `cekura` tags for what JSON tags cannot
// say); a plan, compiled once per type by reflection and cached, then drives:
//
//   - encoding: byte for byte what encoding/json writes for the same value;
//   - tolerant decoding: unknown keys are skipped (the object's bytes stay in
//     RawJSON), a known key whose value has another type leaves the field at
//     its zero value, only malformed JSON is an error;
//   - the generic request checks: a null in an [Opt] field the API does not
//     allow null in, required strings, an update that sets nothing;
//   - the fake server's rendering (it marshals the same response types).
//
// Why a cached reflection plan and not generated code: a new resource is its
// struct declarations and nothing else, there is no generation step a
// contributor can forget, and the plan's per-field work is a call through a
// function value on an offset, which keeps the encoder and decoder well
// ahead of encoding/json (see the benchmarks in the README). The plan reads
// and writes fields through unsafe.Pointer offsets computed from reflect's
// StructField.Offset; it never converts between unrelated types.
//
// Which fields a struct has, and their JSON keys, are encoding/json's
// (typeFields in codec_fields.go): embedded structs' fields are promoted by
// its rules, a key two fields claim goes to the dominant one or to neither,
// invalid tag names are ignored, the `,string` option quotes strings,
// numbers and booleans. What the codec cannot do exactly as encoding/json
// does, it refuses when the type's plan is compiled: marshal and unmarshal
// of anything holding the type return an error naming the type and field
// (never a silent difference). It refuses a struct embedding a type with
// JSON or text methods (Go promotes them and encoding/json follows them),
// `,string` on a type with such methods or on json.Number, a type of this
// package with text methods or a MarshalJSON on its pointer only, and an
// unknown or misplaced word in a `cekura` tag.
//
// The `cekura` tag takes comma-separated words:
//
//	nullable  an Opt field the API accepts null in (Null() is sent)
//	required  a string field that must not be blank in a request
//
// and at most one of these field codecs, which decode more shapes than
// encoding/json would (the API's answers are not always what its
// description says) and encode as encoding/json does, except comma:
//
//	flex       an int, int64, float64 or bool: also read from a string
//	           holding the number or boolean ("10", "0.5", " true ", as
//	           strconv parses them; not "NaN" or "Inf")
//	oneOrMany  a []string: a lone string is read as a list of one
//	comma      a []int64: written as one comma-separated string
//	           ("118,119"), the way the API takes a list of ids in a form
//	           field; read from such a string ("" is an empty list) or from
//	           an array
//	keyed      a []*T, T a struct with an int64 ID: also read from an
//	           object keyed by id, each value an element (its ID taken from
//	           the key when it has none), sorted by ID; from either shape, a
//	           null or non-object entry is dropped
//	ids        a []*T, T a struct with an int64 ID: an element may be an id
//	           (a number, or a string holding one), read as a T with only
//	           that ID; other non-object elements are dropped; the list may
//	           come inside a JSON string ("[1, 2]"); any other value reads as
//	           no elements

// plan is the compiled codec of one Go type.
type plan struct {
	typ  reflect.Type
	kind planKind
	// enc appends the JSON of the value at p.
	enc func(dst []byte, p unsafe.Pointer) ([]byte, error)
	// dec reads the next JSON value into the value at p, tolerantly. It
	// reports false when the value had a type that does not fit (the target
	// is then left alone), so wrappers such as Opt know whether it was set.
	dec func(r *jreader, p unsafe.Pointer) bool
	// zero reports whether the value at p is its type's zero value (for
	// `omitzero`); empty whether it is empty for `omitempty`.
	zero  func(p unsafe.Pointer) bool
	empty func(p unsafe.Pointer) bool
	// The parts of a struct, an Opt, a pointer, a slice or a map.
	fields  []field
	keys    []string // fields' JSON keys, for matching
	elem    *plan
	rawOffs []uintptr      // offsets of the embedded apiObjects (RawJSON)
	after   unsafe.Pointer // when *T implements afterDecoder: its type word
	variant *variantCache  // an interface's dynamic types
	optOffs [2]uintptr
	// err is why the codec refuses the type (see refuse); deep is err or
	// the first refusal among the plans this one uses, which marshal and
	// unmarshal return before doing anything.
	err, deep error
}

type planKind uint8

const (
	kindOther planKind = iota
	kindStruct
	kindOpt
	kindPointer
	kindSlice
	kindMap
	kindInterface
)

// field is one JSON field of a struct: one of its own, or one promoted from
// an embedded struct (see typeFields).
type field struct {
	name     string // Go name
	key      string // JSON key
	keyJSON  string // the key as written: "key": (escaped as encoding/json escapes it)
	off      uintptr
	ind      []embedPtr // embedded pointers on the way to the field, outermost first
	plan     *plan
	omitZero bool
	omitEmpt bool
	nullable bool // cekura:"nullable"
	required bool // cekura:"required"
}

// embedPtr is a pointer to an embedded struct on the way to a promoted field:
// its offset in the struct it is part of (or in the struct the previous
// pointer points to).
type embedPtr struct {
	off      uintptr
	elem     reflect.Type
	settable bool // an exported field: decoding may allocate it
}

// at returns the address of the field in the struct at q, or nil when an
// embedded pointer on the way is nil.
func (f *field) at(q unsafe.Pointer) unsafe.Pointer {
	for _, e := range f.ind {
		q = *(*unsafe.Pointer)(unsafe.Add(q, e.off))
		if q == nil {
			return nil
		}
	}
	return unsafe.Add(q, f.off)
}

// alloc returns the address of the field in the struct at q for decoding
// into it, allocating the embedded pointers on the way as encoding/json
// does; nil when one is nil and unexported (encoding/json cannot set it
// either).
func (f *field) alloc(q unsafe.Pointer) unsafe.Pointer {
	for _, e := range f.ind {
		pp := (*unsafe.Pointer)(unsafe.Add(q, e.off))
		if *pp == nil {
			if !e.settable {
				return nil
			}
			*pp = reflect.New(e.elem).UnsafePointer()
		}
		q = *pp
	}
	return unsafe.Add(q, f.off)
}

// ifaceWords is the layout of every interface value: a type word (the
// dynamic type, or its method table) and a data word (a pointer to the
// value, or the value itself when it is a pointer).
type ifaceWords struct{ typ, data unsafe.Pointer }

// ifaceTypeWord returns the type word of I holding ptr's type, a pointer
// type: an I made of that word and any pointer of the type calls the
// type's methods on that pointer, without reflection on the hot path.
func ifaceTypeWord[I any](ptr reflect.Value) unsafe.Pointer {
	v := ptr.Interface().(I)
	return (*ifaceWords)(unsafe.Pointer(&v)).typ
}

// afterDecoder is implemented by types that finish their decoding once every
// field is read: a provider picks its config's struct by its type.
// r is the reader of the body, for decoding parts of it without copying.
type afterDecoder interface{ afterDecode(r *jreader) }

// kitDecoder is implemented by this package's types whose JSON has more than
// one shape (knowledge_base_files); it replaces the plan's decoder.
type kitDecoder interface{ decodeKit(r *jreader) bool }

// apiObject is embedded in every response type: it keeps the object's JSON
// as the API sent it.
type apiObject struct{ raw json.RawMessage }

// RawJSON returns the object's JSON as the API sent it, so fields this SDK
// does not know yet stay reachable. The caller must not modify it.
func (o *apiObject) RawJSON() json.RawMessage {
	if o == nil {
		return nil
	}
	return o.raw
}

var (
	plans          sync.Map // reflect.Type → *plan
	plansMu        sync.Mutex
	apiObjectType  = reflect.TypeFor[apiObject]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	afterType      = reflect.TypeFor[afterDecoder]()
	kitDecoderType = reflect.TypeFor[kitDecoder]()
	thisPkg        = reflect.TypeFor[apiObject]().PkgPath()
)

// planFor returns the compiled plan of t, compiling it on first use.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	building := map[reflect.Type]*plan{}
	p := compile(t, building)
	for _, bp := range building {
		setDeep(bp)
	}
	for bt, bp := range building {
		plans.LoadOrStore(bt, bp)
	}
	return p
}

func compile(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p // recursive type: filled in below by the outer call
	}
	p := &plan{typ: t}
	building[t] = p
	ours := t.PkgPath() == thisPkg
	switch {
	case t == timeType:
		p.enc, p.dec, p.zero = encTime, decTime, func(q unsafe.Pointer) bool { return (*time.Time)(q).IsZero() }
	case t == rawMessageType:
		p.enc, p.dec = encRawMessage, decRawMessage
		p.zero = func(q unsafe.Pointer) bool { return *(*json.RawMessage)(q) == nil }
		p.empty = func(q unsafe.Pointer) bool { return len(*(*json.RawMessage)(q)) == 0 }
	case ours && t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Opt["):
		compileOpt(p, building)
	case t == rawConfigType:
		p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) { return (*RawConfig)(q).appendJSON(dst) }
		p.dec = func(r *jreader, q unsafe.Pointer) bool {
			raw := r.raw()
			(*RawConfig)(q).JSON = raw
			return r.err == nil
		}
		p.zero = func(q unsafe.Pointer) bool { c := (*RawConfig)(q); return c.Type == "" && c.JSON == nil }
	case ours && reflect.PointerTo(t).Implements(kitDecoderType):
		compileKind(p, building)
		typeWord := ifaceTypeWord[kitDecoder](reflect.New(t))
		p.dec = func(r *jreader, q unsafe.Pointer) bool {
			var d kitDecoder
			*(*ifaceWords)(unsafe.Pointer(&d)) = ifaceWords{typeWord, q}
			return d.decodeKit(r)
		}
	case ours && jsonMethods(t) != "":
		compileOurMarshaler(p, building)
	case ours && t.Kind() == reflect.Struct:
		compileStruct(p, building)
	case !ours && t.PkgPath() != "" && t.Kind() != reflect.Interface:
		// Another package's named type (json.Number, net.IP, a caller's own
		// struct in Do): its MarshalJSON, MarshalText or encoding/json's
		// rules for it, exactly as encoding/json applies them.
		compileForeign(p)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		compileKindFallback(p) // []byte: base64, as encoding/json writes it
	default:
		compileKind(p, building)
	}
	if p.zero == nil {
		p.zero = zeroBytes(t.Size())
	}
	exactZero(p)
	if p.empty == nil {
		p.empty = p.zero
	}
	return p
}

// compileOurMarshaler compiles a type of this package with its own JSON
// methods: a value MarshalJSON encodes it (as encoding/json calls it),
// decoding follows its fields (its UnmarshalJSON, if any, calls the codec);
// the codec refuses a MarshalJSON on the pointer only, and text methods,
// which encoding/json applies in ways the codec does not follow.
func compileOurMarshaler(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	if t.Kind() == reflect.Struct {
		if compileStruct(p, building); p.err != nil {
			return // refused for what it embeds
		}
	} else {
		compileKind(p, building)
	}
	switch pt := reflect.PointerTo(t); {
	case !t.Implements(marshalerType) && pt.Implements(marshalerType):
		refuse(p, refusal(t, "", "MarshalJSON on the pointer only"))
		return
	case pt.Implements(textMarshalerType) || pt.Implements(textUnmarshalerType):
		refuse(p, refusal(t, "", "it has text methods"))
		return
	}
	if p.err != nil || !t.Implements(marshalerType) {
		return
	}
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		b, err := reflect.NewAt(t, q).Elem().Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return dst, fmt.Errorf("json: error calling MarshalJSON for type %s: %w", t, err)
		}
		return appendRaw(dst, b)
	}
}

// zeroBytes reports whether a value's memory is all zero: its zero value,
// for the types that reach it (no floats' -0, no NaN).
func zeroBytes(size uintptr) func(p unsafe.Pointer) bool {
	return func(p unsafe.Pointer) bool {
		b := unsafe.Slice((*byte)(p), size)
		for _, c := range b {
			if c != 0 {
				return false
			}
		}
		return true
	}
}

func compileOpt(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	p.kind = kindOpt
	p.elem = compile(t.Field(0).Type, building)
	p.optOffs = [2]uintptr{t.Field(0).Offset, t.Field(1).Offset}
	state := func(q unsafe.Pointer) *optState { return (*optState)(unsafe.Add(q, p.optOffs[1])) }
	p.zero = func(q unsafe.Pointer) bool { return *state(q) == optUnset }
	p.empty = func(unsafe.Pointer) bool { return false }
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		if *state(q) != optValue {
			return append(dst, "null"...), nil
		}
		return p.elem.enc(dst, unsafe.Add(q, p.optOffs[0]))
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		if r.null() {
			*state(q) = optNull
			return true
		}
		if p.elem.dec(r, unsafe.Add(q, p.optOffs[0])) {
			*state(q) = optValue
			return true
		}
		return false
	}
}

func compileForeign(p *plan) {
	t := p.typ
	p.zero = func(q unsafe.Pointer) bool {
		v := reflect.NewAt(t, q).Elem()
		if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
			return z.IsZero()
		}
		return v.IsZero()
	}
	p.empty = func(q unsafe.Pointer) bool {
		v := reflect.NewAt(t, q).Elem()
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.String, reflect.Array:
			return v.Len() == 0
		case reflect.Struct:
			return false
		}
		return v.IsZero()
	}
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		b, err := json.Marshal(reflect.NewAt(t, q).Elem().Interface())
		if err != nil {
			return dst, err
		}
		return appendRaw(dst, b)
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		raw := r.raw()
		if r.err != nil {
			return false
		}
		if err := json.Unmarshal(raw, reflect.NewAt(t, q).Interface()); err != nil {
			r.mismatch = true
			return false
		}
		return true
	}
}

func compileKind(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	switch t.Kind() {
	case reflect.String:
		p.enc, p.dec = encString, decString
		// A zero-length string is zero whatever its data pointer (decoded
		// strings are substrings of the body).
		p.zero = func(q unsafe.Pointer) bool { return len(*(*string)(q)) == 0 }
	case reflect.Bool:
		p.enc, p.dec = encBool, decBool
	case reflect.Int64:
		p.enc, p.dec = encInt64, decInt64
	case reflect.Int:
		p.enc, p.dec = encInt64, decInt64
		if strconv.IntSize == 32 {
			p.enc, p.dec = encInt32, decInt32
		}
	case reflect.Int32:
		p.enc, p.dec = encInt32, decInt32
	case reflect.Float64:
		p.enc, p.dec = encFloat64, decFloat64
		p.empty = func(q unsafe.Pointer) bool { return *(*float64)(q) == 0 } // -0 too, as omitempty
	case reflect.Pointer:
		compilePointer(p, building)
	case reflect.Slice:
		compileSlice(p, building)
	case reflect.Map:
		compileMap(p, building)
	case reflect.Interface:
		compileInterface(p)
	default:
		// A kind no API type uses: encoding/json does the work.
		compileKindFallback(p)
	}
}

// Errors the encoder returns, worded as encoding/json words them.
func unsupportedValue(t reflect.Type, what string) error {
	return fmt.Errorf("json: unsupported value: %s (%s)", what, t)
}

// encodeBufs recycles the scratch buffers requests are encoded into.
var encodeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// marshal encodes the value v points to by its plan, into a new slice of
// exactly its size. v must be a non-nil pointer.
func marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	p := planFor(rv.Type().Elem())
	if p.deep != nil {
		return nil, p.deep
	}
	bp := encodeBufs.Get().(*[]byte)
	out, err := p.enc((*bp)[:0], rv.UnsafePointer())
	var body []byte
	if err == nil {
		body = make([]byte, len(out))
		copy(body, out)
	}
	if cap(out) <= 64<<10 {
		*bp = out[:0]
		encodeBufs.Put(bp)
	}
	return body, err
}

// unmarshal decodes b into the value v points to, tolerantly, keeping a copy
// of b (the caller may reuse it) as the raw JSON of response objects.
func unmarshal(b []byte, v any) error {
	return decodeInto(bytes.Clone(b), v)
}

// decodeInto decodes b into the value v points to. Objects keep slices of b
// as their raw JSON: b must not be modified afterwards. Only malformed JSON,
// or a value that is not an object where a struct is wanted, is an error.
func decodeInto(b []byte, v any) error {
	rv := reflect.ValueOf(v)
	p := planFor(rv.Type().Elem())
	if p.deep != nil {
		return p.deep
	}
	r := getReader(b)
	defer putReader(r)
	if p.kind == kindStruct {
		if c := r.peek(); c != '{' && c != 'n' {
			return fmt.Errorf("expected a JSON object, got %s", describeJSON(b))
		}
	}
	p.dec(r, rv.UnsafePointer())
	r.end()
	return r.err
}

// variant is one struct of a sealed interface (a typed config): its type
// and a template interface value holding it, whose first word (the
// interface's type word) is reused for decoded values.
type variant struct {
	typ  reflect.Type
	plan *plan
	tmpl ifaceWords
}

// newVariant returns the variant of v's dynamic type, as interface I.
func newVariant[I any](v I) variant {
	return variant{typ: reflect.TypeOf(v), plan: planFor(reflect.TypeOf(v)), tmpl: *(*ifaceWords)(unsafe.Pointer(&v))}
}

// decodeVariant decodes a JSON object (a part of r's body) into a new value
// of the variant's type and returns it as an I, reporting false when it is
// not an object, is malformed, or has a known key whose value has another
// type. The value is allocated once and the interface made to point at it,
// as Go itself boxes a struct in an interface (the variant's type is never
// pointer-shaped: see pointerShaped); this saves a copy per config.
func decodeVariant[I any](r *jreader, vt variant, raw []byte) (I, bool) {
	var out I
	sub := r.sub(raw)
	defer putReader(sub)
	if sub.peek() != '{' {
		return out, false
	}
	ptr := reflect.New(vt.typ).UnsafePointer()
	vt.plan.dec(sub, ptr)
	sub.end()
	if sub.err != nil || sub.mismatch {
		return out, false
	}
	if pointerShaped(vt.typ) { // never for the configs; kept correct all the same
		return reflect.NewAt(vt.typ, ptr).Elem().Interface().(I), true
	}
	*(*ifaceWords)(unsafe.Pointer(&out)) = ifaceWords{vt.tmpl.typ, ptr}
	return out, true
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
