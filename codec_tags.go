package cekura

import (
	"cmp"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// The field codecs the `cekura` tag selects (see the words in codec.go's
// header comment), and the `,string` JSON option. Each is a plan derived
// from the field type's own: the same type, kind and zero test, another
// decoder (and, for comma and ,string, another encoder).

// derive returns a plan that behaves as base until its enc or dec is
// replaced. base is called through, not copied: it may still be compiling
// (a recursive type).
func derive(base *plan) *plan {
	return &plan{
		typ: base.typ, kind: base.kind, elem: base.elem, err: base.err,
		enc:   func(dst []byte, q unsafe.Pointer) ([]byte, error) { return base.enc(dst, q) },
		dec:   func(r *jreader, q unsafe.Pointer) bool { return base.dec(r, q) },
		zero:  func(q unsafe.Pointer) bool { return base.zero(q) },
		empty: func(q unsafe.Pointer) bool { return base.empty(q) },
	}
}

func isInt64Kind(k reflect.Kind) bool {
	return k == reflect.Int64 || (k == reflect.Int && strconv.IntSize == 64)
}

// tagPlan returns the plan of a field tagged with a codec word, or why the
// word does not fit the field's type.
func tagPlan(word string, base *plan, building map[reflect.Type]*plan) (*plan, error) {
	t := base.typ
	d := derive(base)
	switch word {
	case "flex":
		switch {
		case isInt64Kind(t.Kind()):
			d.dec = decFlexInt64
		case t.Kind() == reflect.Int:
			d.dec = decFlexInt32
		case t.Kind() == reflect.Bool:
			d.dec = decFlexBool
		case t.Kind() == reflect.Float64:
			d.dec = decFlexFloat64
		default:
			return nil, errors.New(`cekura:"flex" needs an int, int64, float64 or bool field, not ` + t.String())
		}
	case "oneOrMany":
		if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.String || t.Elem().PkgPath() != "" && t.Elem().PkgPath() != thisPkg {
			return nil, errors.New(`cekura:"oneOrMany" needs a []string field, not ` + t.String())
		}
		d.dec = decOneOrMany
	case "comma":
		if t.Kind() != reflect.Slice || !isInt64Kind(t.Elem().Kind()) || t.Elem().PkgPath() != "" && t.Elem().PkgPath() != thisPkg {
			return nil, errors.New(`cekura:"comma" needs a []int64 field, not ` + t.String())
		}
		d.enc, d.dec = encComma, decComma
	case "keyed", "ids":
		if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Pointer || t.Elem().Elem().Kind() != reflect.Struct {
			return nil, errors.New(`cekura:"` + word + `" needs a []*T field (T a struct), not ` + t.String())
		}
		et := t.Elem().Elem()
		id, ok := et.FieldByName("ID")
		if !ok || len(id.Index) != 1 || id.Type.Kind() != reflect.Int64 {
			return nil, errors.New(`cekura:"` + word + `" needs an int64 field ID in ` + et.String())
		}
		l := idLists{base: base, elem: compile(et, building), typ: et, chunkType: reflect.SliceOf(et), idOff: id.Offset}
		l.blockType = reflect.StructOf([]reflect.StructField{
			{Name: "P", Type: reflect.ArrayOf(idBlock, reflect.PointerTo(et))},
			{Name: "E", Type: reflect.ArrayOf(idBlock, et)},
		})
		l.elemOff = l.blockType.Field(1).Offset
		if word == "keyed" {
			d.dec = l.decKeyed
		} else {
			d.dec = l.decIDs
		}
	}
	return d, nil
}

// decFlexInt64 reads an integer, or a string holding one ("10").
func decFlexInt64(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decInt64(r, q)
	}
	v, ok := flexInt(r)
	if ok {
		*(*int64)(q) = v
	}
	return ok
}

// decFlexInt32 is decFlexInt64 for a 32-bit int.
func decFlexInt32(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decInt32(r, q)
	}
	v, ok := flexInt(r)
	if ok && int64(int32(v)) == v {
		*(*int32)(q) = int32(v)
		return true
	}
	return false
}

func flexInt(r *jreader) (int64, bool) {
	s, ok := r.str()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v, err == nil
}

// decFlexFloat64 reads a number, or a string holding a finite one ("0.5",
// as strconv.ParseFloat reads it).
func decFlexFloat64(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decFloat64(r, q)
	}
	s, ok := r.str()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return false
	}
	*(*float64)(q) = v
	return true
}

// decFlexBool reads a boolean, or a string holding one ("true", as
// strconv.ParseBool reads it).
func decFlexBool(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decBool(r, q)
	}
	s, ok := r.str()
	if !ok {
		return false
	}
	v, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return false
	}
	*(*bool)(q) = v
	return true
}

// decOneOrMany reads a list of strings, or one string as a list of one.
func decOneOrMany(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decStrings(r, q)
	}
	s, ok := r.str()
	if ok {
		*(*[]string)(q) = []string{s}
	}
	return ok
}

// encComma writes a list of integers as one string: "118,119".
func encComma(dst []byte, q unsafe.Pointer) ([]byte, error) {
	dst = append(dst, '"')
	for i, id := range *(*[]int64)(q) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, id, 10)
	}
	return append(dst, '"'), nil
}

// decComma reads a list of integers from a comma-separated string (spaces
// around the numbers allowed; "" is no numbers) or from an array.
func decComma(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '"' {
		return decInt64s(r, q)
	}
	s, ok := r.str()
	if !ok {
		return false
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	if strings.TrimSpace(s) != "" {
		for part := range strings.SplitSeq(s, ",") {
			v, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return false
			}
			out = append(out, v)
		}
	}
	*(*[]int64)(q) = out
	return true
}

// idLists decodes the lists of `keyed` and `ids` fields: a []*T, T a struct
// with an int64 ID at idOff. The slice is handled through its layout, as a
// []unsafe.Pointer.
type idLists struct {
	base      *plan // the plain []*T
	elem      *plan // T's
	typ       reflect.Type
	chunkType reflect.Type // []T
	idOff     uintptr
	// blockType is struct{ P [idBlock]*T; E [idBlock]T }: a short list's
	// pointers and elements in one allocation (E at elemOff).
	blockType reflect.Type
	elemOff   uintptr
}

// idBlock is how many elements of an `ids` list share one allocation with
// their pointers; longer lists grow as usual.
const idBlock = 4

func (l *idLists) id(p unsafe.Pointer) *int64 { return (*int64)(unsafe.Add(p, l.idOff)) }

// decKeyed reads a list, or an object keyed by id whose values are the
// elements (an element's ID is taken from its key when it has none; the
// elements are sorted by ID). null and non-object entries are dropped.
func (l *idLists) decKeyed(r *jreader, q unsafe.Pointer) bool {
	out := (*[]unsafe.Pointer)(q)
	switch r.peek() {
	case '[':
		var list []unsafe.Pointer
		ok := l.base.dec(r, unsafe.Pointer(&list))
		*out = slices.DeleteFunc(list, func(p unsafe.Pointer) bool { return p == nil })
		return ok
	case '{':
		r.i++
		var list []unsafe.Pointer
		n := 0
		for {
			k, more := r.field(&n)
			if !more {
				break
			}
			if r.peek() != '{' {
				r.skip(0)
				continue
			}
			p := reflect.New(l.typ).UnsafePointer()
			if !l.elem.dec(r, p) {
				continue
			}
			if *l.id(p) == 0 {
				*l.id(p), _ = strconv.ParseInt(string(k), 10, 64)
			}
			list = append(list, p)
		}
		slices.SortFunc(list, func(a, b unsafe.Pointer) int { return cmp.Compare(*l.id(a), *l.id(b)) })
		*out = list
		return r.err == nil
	case 'n':
		r.null()
		*out = nil
		return true
	}
	r.skip(0)
	return false
}

// decIDs reads a list whose elements are objects or ids (a number, or a
// string holding one, read as an element with only its ID), other elements
// skipped; or such a list inside a JSON string ("[1, 2]"); or null. Any other
// value reads as no elements.
func (l *idLists) decIDs(r *jreader, q unsafe.Pointer) bool {
	out := (*[]unsafe.Pointer)(q)
	switch r.peek() {
	case '"':
		b, ok := r.stringBytes()
		*out = nil
		if !ok {
			return false
		}
		inner := r.sub(b)
		defer putReader(inner)
		if inner.peek() != '[' {
			return false
		}
		list := l.idList(inner)
		if inner.end(); inner.err != nil {
			return false
		}
		*out = list
		return true
	case '[':
		*out = l.idList(r)
		return r.err == nil
	case 'n':
		r.null()
		*out = nil
		return true
	}
	r.skip(0)
	*out = nil
	return false
}

func (l *idLists) idList(r *jreader) []unsafe.Pointer {
	r.array()
	list := make([]unsafe.Pointer, 0) // an empty list allocates nothing
	// The first idBlock elements share one allocation with their pointers;
	// more are allocated in chunks (one allocation for up to 16), as the
	// slice decoder allocates a page's results.
	var chunk unsafe.Pointer
	used, chunkLen := 0, 0
	size := l.typ.Size()
	next := func() unsafe.Pointer {
		if cap(list) == 0 {
			blk := reflect.New(l.blockType).UnsafePointer()
			list = unsafe.Slice((*unsafe.Pointer)(blk), idBlock)[:0]
			chunk, chunkLen = unsafe.Add(blk, l.elemOff), idBlock
		}
		if used == chunkLen {
			chunkLen = min(max(2*chunkLen, 4), 16)
			chunk = reflect.MakeSlice(l.chunkType, chunkLen, chunkLen).UnsafePointer()
			used = 0
		}
		used++
		return unsafe.Add(chunk, uintptr(used-1)*size)
	}
	withID := func(id int64) {
		p := next()
		*l.id(p) = id
		list = append(list, p)
	}
	n := 0
	for r.item(&n) {
		switch r.peek() {
		case '{':
			p := next()
			l.elem.dec(r, p)
			list = append(list, p)
		case '"':
			if s, ok := r.str(); ok {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					withID(id)
				}
			}
		default:
			if id, ok := r.int64(); ok {
				withID(id)
			}
		}
	}
	return list
}

// quotedPlan returns the plan of a field with the ,string option, which
// encoding/json applies to strings, numbers and booleans (and unnamed
// pointers to them): the value is written inside a JSON string ("12",
// "true", "\"text\"") and read from one; null reads as null.
func quotedPlan(base *plan) (*plan, error) {
	t := base.typ
	scalar := base
	if t.Name() == "" && t.Kind() == reflect.Pointer {
		t, scalar = t.Elem(), base.elem
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
	default:
		return base, nil // encoding/json ignores the option
	}
	if m := jsonMethods(t); m != "" || t == numberType {
		return nil, errors.New("the ,string option on " + t.String() + ", whose JSON encoding/json makes by its own rules")
	}
	isString := t.Kind() == reflect.String
	d := derive(base)
	d.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		if scalar != base {
			if q = *(*unsafe.Pointer)(q); q == nil {
				return append(dst, "null"...), nil
			}
		}
		if isString {
			inner, err := scalar.enc(nil, q)
			if err != nil {
				return dst, err
			}
			return appendString(dst, string(inner)), nil
		}
		dst = append(dst, '"')
		dst, err := scalar.enc(dst, q)
		return append(dst, '"'), err
	}
	d.dec = func(r *jreader, q unsafe.Pointer) bool {
		switch r.peek() {
		case 'n':
			return base.dec(r, q)
		case '"':
		default:
			r.skip(0)
			return false
		}
		b, ok := r.stringBytes()
		if !ok || len(b) == 0 {
			return false
		}
		// Exactly one value, without white space around it.
		check := r.sub(b)
		check.skip(0)
		whole := check.err == nil && check.i == len(b) && b[0] > ' '
		putReader(check)
		if !whole {
			return false
		}
		inner := r.sub(b)
		defer putReader(inner)
		ok = base.dec(inner, q)
		return ok && inner.err == nil
	}
	return d, nil
}
