package cekura

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unsafe"
)

// A struct's JSON fields, found as encoding/json finds them (its typeFields):
// the struct's own exported fields and those of its embedded structs
// (exported or not, through pointers or not), promoted into the object by Go's
// rules for embedded fields modified by JSON tags: for each name the
// shallowest field wins; at equal depth a tagged field wins; otherwise all of
// them are dropped. An embedded struct with a JSON tag name is a named
// field; an embedded non-struct is a field named after its type, ignored when
// unexported. The codec refuses, rather than imitates, a struct that embeds
// a type with its own JSON or text methods (Go promotes them, and
// encoding/json then encodes or decodes the whole struct by them).

// foundField is a field typeFields found: its JSON name and where it is.
type foundField struct {
	name   string
	tagged bool
	index  []int
	opts   string // the json tag's options
}

var (
	marshalerType       = reflect.TypeFor[json.Marshaler]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
	isZeroerType        = reflect.TypeFor[interface{ IsZero() bool }]()
)

// jsonMethods names the JSON or text method t or *t has, or "".
func jsonMethods(t reflect.Type) string {
	for _, m := range []reflect.Type{marshalerType, unmarshalerType, textMarshalerType, textUnmarshalerType} {
		if t.Implements(m) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(m)) {
			return m.Method(0).Name
		}
	}
	return ""
}

// refusal is the error of a type the codec does not encode or decode as
// encoding/json would.
func refusal(t reflect.Type, fieldName, why string) error {
	if fieldName == "" {
		return fmt.Errorf("cekura: the codec refuses type %s: %s", t, why)
	}
	return fmt.Errorf("cekura: the codec refuses type %s, field %s: %s", t, fieldName, why)
}

// typeFields returns t's JSON fields in encoding/json's order (by index
// sequence) and the offsets of the embedded apiObjects reached without a
// pointer.
func typeFields(t reflect.Type) ([]foundField, []uintptr, error) {
	type queued struct {
		typ   reflect.Type
		index []int
	}
	var current []queued
	next := []queued{{typ: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var fields []foundField
	var rawOffs []uintptr
	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, f := range current {
			if visited[f.typ] {
				continue
			}
			visited[f.typ] = true
			for i := 0; i < f.typ.NumField(); i++ {
				sf := f.typ.Field(i)
				index := append(slices.Clip(f.index), i)
				if sf.Anonymous {
					if sf.Type == apiObjectType {
						if off, ind, _ := locate(t, index); ind == nil {
							rawOffs = append(rawOffs, off)
						}
						continue
					}
					if m := jsonMethods(sf.Type); m != "" {
						return nil, nil, refusal(t, sf.Name, "it embeds "+sf.Type.String()+", which has "+m+" (Go promotes it, and encoding/json then uses it for the whole struct)")
					}
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					fields = append(fields, foundField{name: name, tagged: tagged, index: index, opts: opts})
					if count[f.typ] > 1 {
						// Several instances of the type at this depth: a
						// duplicate, so that the name is dropped below.
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, queued{typ: ft, index: index})
				}
			}
		}
	}
	slices.SortFunc(fields, func(a, b foundField) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for advance, i := 0, 0; i < len(fields); i += advance {
		fi := fields[i]
		for advance = 1; i+advance < len(fields) && fields[i+advance].name == fi.name; advance++ {
		}
		if advance > 1 && len(fi.index) == len(fields[i+1].index) && fi.tagged == fields[i+1].tagged {
			continue // no dominant field: all dropped, as Go makes them ambiguous
		}
		out = append(out, fi)
	}
	slices.SortFunc(out, func(a, b foundField) int { return slices.Compare(a.index, b.index) })
	return out, rawOffs, nil
}

// locate returns where the field at index is: the embedded pointers on the
// way and its offset from the last of them (or from the struct).
func locate(t reflect.Type, index []int) (uintptr, []embedPtr, reflect.StructField) {
	var off uintptr
	var ind []embedPtr
	ct := t
	for k, i := range index {
		sf := ct.Field(i)
		off += sf.Offset
		if k == len(index)-1 {
			return off, ind, sf
		}
		ct = sf.Type
		if ct.Kind() == reflect.Pointer {
			ct = ct.Elem()
			ind = append(ind, embedPtr{off: off, elem: ct, settable: sf.IsExported()})
			off = 0
		}
	}
	panic("unreachable")
}

// isValidTag is encoding/json's rule for a tag name; an invalid one is
// ignored (the Go name is used).
func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// keyJSON returns a field's key as encoding/json writes it: quoted, with <,
// >, &, U+2028 and U+2029 escaped, and the colon.
func keyJSON(name string) string {
	b := []byte{'"'}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		case c == 0xE2 && i+2 < len(name) && name[i+1] == 0x80 && name[i+2]&^1 == 0xA8:
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[name[i+2]&0xF])
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"', ':'))
}

func compileStruct(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	p.kind = kindStruct
	found, rawOffs, err := typeFields(t)
	if err != nil {
		refuse(p, err)
		return
	}
	p.rawOffs = rawOffs
	for _, ff := range found {
		off, ind, sf := locate(t, ff.index)
		f := field{name: sf.Name, key: ff.name, keyJSON: keyJSON(ff.name), off: off, ind: ind}
		quoted := false
		for o := range strings.SplitSeq(ff.opts, ",") {
			switch o {
			case "omitzero":
				f.omitZero = true
			case "omitempty":
				f.omitEmpt = true
			case "string":
				quoted = true
			}
		}
		f.plan = compile(sf.Type, building)
		codecWord := ""
		for o := range strings.SplitSeq(sf.Tag.Get("cekura"), ",") {
			switch o {
			case "":
			case "nullable":
				f.nullable = true
			case "required":
				f.required = true
			case "flex", "oneOrMany", "comma", "keyed", "ids":
				if codecWord != "" {
					refuse(p, refusal(t, sf.Name, "cekura:\""+codecWord+"\" and cekura:\""+o+"\" together"))
					return
				}
				codecWord = o
			default:
				refuse(p, refusal(t, sf.Name, "unknown word "+o+" in its cekura tag"))
				return
			}
		}
		if codecWord != "" {
			if quoted {
				refuse(p, refusal(t, sf.Name, "the ,string option with cekura:\""+codecWord+"\""))
				return
			}
			if f.plan, err = tagPlan(codecWord, f.plan, building); err != nil {
				refuse(p, refusal(t, sf.Name, err.Error()))
				return
			}
		}
		if quoted {
			if f.plan, err = quotedPlan(f.plan); err != nil {
				refuse(p, refusal(t, sf.Name, err.Error()))
				return
			}
		}
		p.fields = append(p.fields, f)
		p.keys = append(p.keys, f.key)
	}
	if reflect.PointerTo(t).Implements(afterType) {
		p.after = ifaceTypeWord[afterDecoder](reflect.New(t))
	}
	p.enc = p.encStruct
	p.dec = p.decStruct
	p.empty = func(unsafe.Pointer) bool { return false } // omitempty never omits a struct
}

// refuse makes p the plan of a type the codec refuses: encoding and
// decoding it, or anything holding it, is err.
func refuse(p *plan, err error) {
	p.err = err
	p.fields, p.keys = nil, nil
	p.enc = func(dst []byte, _ unsafe.Pointer) ([]byte, error) { return dst, err }
	p.dec = func(r *jreader, _ unsafe.Pointer) bool {
		if r.err == nil {
			r.err = err
		}
		r.i = len(r.b)
		return false
	}
	p.zero = func(unsafe.Pointer) bool { return false }
	p.empty = p.zero
}

// children returns the plans p uses.
func (p *plan) children() []*plan {
	var out []*plan
	if p.elem != nil {
		out = append(out, p.elem)
	}
	for i := range p.fields {
		out = append(out, p.fields[i].plan)
	}
	return out
}

// setDeep finds the first refusal among the plans p uses (p.deep).
func setDeep(p *plan) {
	seen := map[*plan]bool{}
	var walk func(q *plan) error
	walk = func(q *plan) error {
		if seen[q] {
			return nil
		}
		seen[q] = true
		if q.err != nil {
			return q.err
		}
		for _, c := range q.children() {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	p.deep = walk(p)
}

// exactZero sets p.zero to what encoding/json's omitzero tests: the type's
// IsZero method (on the value, the pointer, or the interface's value), else
// reflect.Value.IsZero.
func exactZero(p *plan) {
	t := p.typ
	switch {
	case p.err != nil, p.kind == kindOpt, t == timeType:
		// Opt's and time's fast tests are their IsZero methods.
	case t.Kind() == reflect.Interface && t.Implements(isZeroerType):
		p.zero = func(q unsafe.Pointer) bool {
			v := reflect.NewAt(t, q).Elem()
			return v.IsNil() || (v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) ||
				v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		p.zero = func(q unsafe.Pointer) bool {
			v := reflect.NewAt(t, q).Elem()
			return v.IsNil() || v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Implements(isZeroerType):
		p.zero = func(q unsafe.Pointer) bool {
			return reflect.NewAt(t, q).Elem().Interface().(interface{ IsZero() bool }).IsZero()
		}
	case reflect.PointerTo(t).Implements(isZeroerType):
		p.zero = func(q unsafe.Pointer) bool {
			return reflect.NewAt(t, q).Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Kind() == reflect.Float64:
		p.zero = func(q unsafe.Pointer) bool { return *(*float64)(q) == 0 } // -0 too
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Array, t.Kind() == reflect.Float32,
		t.Kind() == reflect.Complex64, t.Kind() == reflect.Complex128:
		p.zero = func(q unsafe.Pointer) bool { return reflect.NewAt(t, q).Elem().IsZero() }
	}
}
