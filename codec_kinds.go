package cekura

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// The plan's encoders and decoders, one pair per kind of value.

func (p *plan) encStruct(dst []byte, q unsafe.Pointer) ([]byte, error) {
	var err error
	dst = append(dst, '{')
	for i := range p.fields {
		f := &p.fields[i]
		fp := unsafe.Add(q, f.off)
		if f.ind != nil {
			if fp = f.at(q); fp == nil {
				continue // behind a nil embedded pointer: left out, as encoding/json does
			}
		}
		if (f.omitZero && f.plan.zero(fp)) || (f.omitEmpt && f.plan.empty(fp)) {
			continue
		}
		dst = key(dst, f.keyJSON)
		if dst, err = f.plan.enc(dst, fp); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// decStruct reads an object into the struct at q: known keys (matched as
// encoding/json matches them: exactly, else without regard to case) into
// their fields, unknown keys skipped. null leaves the struct alone; any
// other value is skipped and reported as not fitting.
func (p *plan) decStruct(r *jreader, q unsafe.Pointer) bool {
	if r.peek() != '{' {
		if r.null() {
			return true
		}
		r.skip(0)
		r.mismatch = true
		return false
	}
	start := r.i
	r.i++
	n := 0
	next := 0 // the API mostly sends keys in the declared order: try that first
	for {
		k, ok := r.field(&n)
		if !ok {
			break
		}
		i := -1
		if next < len(p.keys) && string(k) == p.keys[next] {
			i = next
		} else {
			i = matchIndex(k, p.keys)
		}
		if i >= 0 {
			next = i + 1
			f := &p.fields[i]
			fp := unsafe.Add(q, f.off)
			if f.ind != nil {
				if fp = f.alloc(q); fp == nil {
					r.skip(0) // behind a nil unexported embedded pointer
					r.mismatch = true
					continue
				}
			}
			if !f.plan.dec(r, fp) {
				r.mismatch = true
			}
		} else {
			r.skip(0)
		}
	}
	if r.err != nil {
		return false
	}
	for _, off := range p.rawOffs {
		(*apiObject)(unsafe.Add(q, off)).raw = r.b[start:r.i]
	}
	if p.after != nil {
		var a afterDecoder
		*(*ifaceWords)(unsafe.Pointer(&a)) = ifaceWords{p.after, q}
		a.afterDecode(r)
	}
	return true
}

// matchIndex returns the index of the known key k equals exactly or, failing
// that, without regard to case; -1 when none.
func matchIndex(k []byte, known []string) int {
	for i, name := range known {
		if string(k) == name {
			return i
		}
	}
	for i, name := range known {
		if equalFold(k, name) {
			return i
		}
	}
	return -1
}

func encString(dst []byte, q unsafe.Pointer) ([]byte, error) {
	return appendString(dst, *(*string)(q)), nil
}

func decString(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	v, ok := r.str()
	if ok {
		*(*string)(q) = v
	}
	return ok
}

func encBool(dst []byte, q unsafe.Pointer) ([]byte, error) {
	return appendBool(dst, *(*bool)(q)), nil
}

func decBool(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	v, ok := r.boolean()
	if ok {
		*(*bool)(q) = v
	}
	return ok
}

func encInt64(dst []byte, q unsafe.Pointer) ([]byte, error) {
	return strconv.AppendInt(dst, *(*int64)(q), 10), nil
}

func decInt64(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	v, ok := r.int64()
	if ok {
		*(*int64)(q) = v
	}
	return ok
}

func encInt32(dst []byte, q unsafe.Pointer) ([]byte, error) {
	return strconv.AppendInt(dst, int64(*(*int32)(q)), 10), nil
}

func decInt32(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	v, ok := r.int64()
	if ok && v >= math.MinInt32 && v <= math.MaxInt32 {
		*(*int32)(q) = int32(v)
		return true
	}
	return false
}

// encFloat64 writes a float as encoding/json does.
func encFloat64(dst []byte, q unsafe.Pointer) ([]byte, error) {
	f := *(*float64)(q)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, unsupportedValue(reflect.TypeFor[float64](), strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

func decFloat64(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip(0)
		return false
	}
	start := r.i
	r.number()
	v, err := strconv.ParseFloat(r.s[start:r.i], 64)
	if err != nil {
		return false
	}
	*(*float64)(q) = v
	return true
}

// encTime writes a time as time.Time.MarshalJSON does.
func encTime(dst []byte, q unsafe.Pointer) ([]byte, error) {
	t := *(*time.Time)(q)
	if y := t.Year(); y < 0 || y >= 10000 {
		return dst, unsupportedValue(timeType, "year outside of range [0,9999]")
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), nil
}

// decTime reads an RFC 3339 timestamp; null leaves it alone, anything else
// leaves the zero time.
func decTime(r *jreader, q unsafe.Pointer) bool {
	if r.null() {
		return true
	}
	s, ok := r.str()
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return false
	}
	*(*time.Time)(q) = t
	return true
}

func encRawMessage(dst []byte, q unsafe.Pointer) ([]byte, error) {
	raw := *(*json.RawMessage)(q)
	if raw == nil {
		return append(dst, "null"...), nil
	}
	return appendRaw(dst, raw)
}

// decRawMessage keeps the value's bytes (a slice of the body, which is never
// modified afterwards).
func decRawMessage(r *jreader, q unsafe.Pointer) bool {
	raw := r.raw()
	if r.err != nil {
		return false
	}
	*(*json.RawMessage)(q) = raw
	return true
}

func compilePointer(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	p.kind = kindPointer
	p.elem = compile(t.Elem(), building)
	elemType := t.Elem()
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		ptr := *(*unsafe.Pointer)(q)
		if ptr == nil {
			return append(dst, "null"...), nil
		}
		return p.elem.enc(dst, ptr)
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		if r.null() {
			*(*unsafe.Pointer)(q) = nil
			return true
		}
		ptr := *(*unsafe.Pointer)(q)
		if ptr != nil {
			return p.elem.dec(r, ptr)
		}
		if p.elem.kind == kindStruct && r.peek() != '{' {
			r.skip(0) // leave nil rather than allocate for a value that does not fit
			return false
		}
		ptr = reflect.New(elemType).UnsafePointer()
		if !p.elem.dec(r, ptr) {
			return false
		}
		*(*unsafe.Pointer)(q) = ptr
		return true
	}
	p.zero = func(q unsafe.Pointer) bool { return *(*unsafe.Pointer)(q) == nil }
}

func compileSlice(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	p.kind = kindSlice
	p.elem = compile(t.Elem(), building)
	size := t.Elem().Size()
	hdr := func(q unsafe.Pointer) (unsafe.Pointer, int) {
		s := (*[]byte)(q) // only its data pointer and length are read
		return unsafe.Pointer(unsafe.SliceData(*s)), len(*s)
	}
	p.zero = func(q unsafe.Pointer) bool { data, _ := hdr(q); return data == nil }
	p.empty = func(q unsafe.Pointer) bool { _, n := hdr(q); return n == 0 }
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		data, n := hdr(q)
		if data == nil {
			return append(dst, "null"...), nil
		}
		var err error
		dst = append(dst, '[')
		for i := 0; i < n; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = p.elem.enc(dst, unsafe.Add(data, uintptr(i)*size)); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	switch {
	case t.Elem().Kind() == reflect.String && p.elem.kind == kindOther:
		p.dec = decStrings // []string and slices of named string types
		return
	case (t.Elem().Kind() == reflect.Int64 || (t.Elem().Kind() == reflect.Int && strconv.IntSize == 64)) && p.elem.kind == kindOther:
		p.dec = decInt64s
		return
	}
	// Pointers to structs in a slice (a page's results) are allocated in
	// chunks: one allocation for up to 256 of them.
	chunked := p.elem.kind == kindPointer && t.Elem().Elem().Kind() == reflect.Struct
	var chunkType reflect.Type
	var chunkSize uintptr
	if chunked {
		chunkType, chunkSize = reflect.SliceOf(t.Elem().Elem()), t.Elem().Elem().Size()
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		if r.null() {
			*(*sliceHeader)(q) = sliceHeader{}
			return true
		}
		if r.peek() != '[' {
			r.skip(0)
			return false
		}
		r.i++
		var sv reflect.Value // the slice being filled, len == cap
		var data unsafe.Pointer
		n, capacity := 0, 0
		var chunk unsafe.Pointer
		used, chunkLen := 0, 0
		m := 0
		for r.item(&m) {
			if n == capacity {
				capacity = max(2*capacity, 4)
				grown := reflect.MakeSlice(t, capacity, capacity)
				if n > 0 {
					// A typed copy: the elements may hold pointers, and
					// the garbage collector must see them moved (a byte
					// copy skips its write barriers).
					reflect.Copy(grown, sv)
				}
				sv, data = grown, grown.UnsafePointer()
			}
			ep := unsafe.Add(data, uintptr(n)*size)
			if chunked && r.peek() == '{' {
				if used == chunkLen {
					chunkLen = min(max(2*chunkLen, 16), 256)
					chunk = reflect.MakeSlice(chunkType, chunkLen, chunkLen).UnsafePointer()
					used = 0
				}
				*(*unsafe.Pointer)(ep) = unsafe.Add(chunk, uintptr(used)*chunkSize)
				used++
			}
			if !p.elem.dec(r, ep) {
				r.mismatch = true
			}
			n++
		}
		if r.err != nil {
			return false
		}
		if data == nil {
			data = reflect.MakeSlice(t, 0, 0).UnsafePointer()
		}
		*(*sliceHeader)(q) = sliceHeader{data: data, len: n, cap: capacity}
		return true
	}
}

// sliceHeader is the layout of every slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// decStrings reads an array of strings; an element of another type is
// skipped, leaving "" (its place is kept, as encoding/json keeps it).
var decStrings = decList[string](decString)

// decInt64s reads an array of integers, as decStrings.
var decInt64s = decList[int64](decInt64)

// decList returns a decoder of a []T whose elements dec reads, without
// reflection: the fast path of the API's lists of ids and strings.
func decList[T any](dec func(r *jreader, q unsafe.Pointer) bool) func(r *jreader, q unsafe.Pointer) bool {
	return func(r *jreader, q unsafe.Pointer) bool {
		if r.null() {
			*(*[]T)(q) = nil
			return true
		}
		if !r.array() {
			r.skip(0)
			return false
		}
		out := make([]T, 0, 4)
		m := 0
		for r.item(&m) {
			var v T
			if !dec(r, unsafe.Pointer(&v)) {
				r.mismatch = true
			}
			out = append(out, v)
		}
		*(*[]T)(q) = out
		return r.err == nil
	}
}

func compileMap(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	p.kind = kindMap
	p.elem = compile(t.Elem(), building)
	if t.Key().Kind() != reflect.String {
		compileKindFallback(p)
		return
	}
	p.zero = func(q unsafe.Pointer) bool { return *(*unsafe.Pointer)(q) == nil }
	p.empty = func(q unsafe.Pointer) bool { return reflect.NewAt(t, q).Elem().Len() == 0 }
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		mv := reflect.NewAt(t, q).Elem()
		if mv.IsNil() {
			return append(dst, "null"...), nil
		}
		keys := mv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			if a.String() < b.String() {
				return -1
			}
			if a.String() > b.String() {
				return 1
			}
			return 0
		})
		ev := reflect.New(t.Elem()).Elem()
		var err error
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(appendString(dst, k.String()), ':')
			ev.Set(mv.MapIndex(k))
			if dst, err = p.elem.enc(dst, ev.Addr().UnsafePointer()); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		if r.null() {
			reflect.NewAt(t, q).Elem().SetZero()
			return true
		}
		if r.peek() != '{' {
			r.skip(0)
			return false
		}
		r.i++
		mv := reflect.NewAt(t, q).Elem()
		if mv.IsNil() {
			mv.Set(reflect.MakeMap(t))
		}
		n := 0
		for {
			k, ok := r.field(&n)
			if !ok {
				break
			}
			ev := reflect.New(t.Elem())
			if !p.elem.dec(r, ev.UnsafePointer()) {
				r.mismatch = true
				continue
			}
			mv.SetMapIndex(reflect.ValueOf(string(k)).Convert(t.Key()), ev.Elem())
		}
		return r.err == nil
	}
}

// compileKindFallback hands a type the kit has no plan for to encoding/json.
func compileKindFallback(p *plan) {
	t := p.typ
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		b, err := json.Marshal(reflect.NewAt(t, q).Elem().Interface())
		return append(dst, b...), err
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		raw := r.raw()
		return r.err == nil && json.Unmarshal(raw, reflect.NewAt(t, q).Interface()) == nil
	}
	p.zero = func(q unsafe.Pointer) bool { return reflect.NewAt(t, q).Elem().IsZero() }
}

// compileInterface handles the sealed config interfaces: a value is encoded
// by its dynamic type's plan; a decoded value is kept as a RawConfig until
// the enclosing struct's afterDecode picks the typed config.
func compileInterface(p *plan) {
	t := p.typ
	p.kind = kindInterface
	p.variant = &variantCache{iface: t}
	p.zero = func(q unsafe.Pointer) bool { return (*ifaceWords)(q).typ == nil }
	p.enc = func(dst []byte, q unsafe.Pointer) ([]byte, error) {
		dp, data := p.variant.lookup(q)
		if dp == nil {
			return append(dst, "null"...), nil
		}
		return dp.enc(dst, data)
	}
	var rawWord unsafe.Pointer
	if t.NumMethod() > 0 && rawConfigType.Implements(t) { // the config interfaces, not any
		v := reflect.New(t)
		v.Elem().Set(reflect.ValueOf(RawConfig{}))
		rawWord = (*ifaceWords)(v.UnsafePointer()).typ
	}
	p.dec = func(r *jreader, q unsafe.Pointer) bool {
		w := (*ifaceWords)(q)
		if r.null() {
			*w = ifaceWords{}
			return true
		}
		raw := r.raw()
		if r.err != nil {
			return false
		}
		if rawWord != nil {
			*w = ifaceWords{rawWord, unsafe.Pointer(&RawConfig{JSON: raw})}
			return true
		}
		// Another interface (any): what encoding/json would put there.
		iv := reflect.NewAt(t, q).Elem()
		var v any
		if json.Unmarshal(raw, &v) != nil || (v != nil && !reflect.TypeOf(v).Implements(t)) {
			r.mismatch = true
			return false
		}
		if v == nil {
			iv.SetZero()
		} else {
			iv.Set(reflect.ValueOf(v))
		}
		return true
	}
}

// variantCache maps the type words of an interface's values to the plans
// of their dynamic types.
type variantCache struct {
	iface reflect.Type
	m     sync.Map // type word → *dynamic
}

type dynamic struct {
	plan *plan
	// how the data word holds the value: a pointer to it (most types), the
	// pointer value itself (pointer types: the plan is the element's), or
	// the value itself (other pointer-shaped types, copied out).
	ptr, inWord bool
	typ         reflect.Type
}

// lookup returns the plan of the dynamic value of the interface at q and a
// pointer to that value; a nil plan for a nil interface or nil pointer.
func (c *variantCache) lookup(q unsafe.Pointer) (*plan, unsafe.Pointer) {
	w := (*ifaceWords)(q)
	if w.typ == nil {
		return nil, nil
	}
	var d *dynamic
	if v, ok := c.m.Load(w.typ); ok {
		d = v.(*dynamic)
	} else {
		dt := reflect.NewAt(c.iface, q).Elem().Elem().Type()
		d = &dynamic{typ: dt}
		switch {
		case dt.Kind() == reflect.Pointer:
			d.ptr, d.plan = true, planFor(dt.Elem())
		case pointerShaped(dt):
			d.inWord, d.plan = true, planFor(dt)
		default:
			d.plan = planFor(dt)
		}
		c.m.Store(w.typ, d)
	}
	switch {
	case d.ptr:
		if w.data == nil {
			return nil, nil
		}
	case d.inWord:
		cp := reflect.New(d.typ)
		cp.Elem().Set(reflect.NewAt(c.iface, q).Elem().Elem())
		return d.plan, cp.UnsafePointer()
	}
	return d.plan, w.data
}

var rawConfigType = reflect.TypeFor[RawConfig]()

// pointerShaped reports whether an interface stores a value of type t in its
// data word itself rather than pointing to it.
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && pointerShaped(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && pointerShaped(t.Elem())
	}
	return false
}

// appendJSON appends a RawConfig's JSON as given ({} when empty), compacted
// as encoding/json writes a MarshalJSON result.
func (c RawConfig) appendJSON(dst []byte) ([]byte, error) {
	if len(c.JSON) == 0 {
		return append(dst, "{}"...), nil
	}
	return appendRaw(dst, c.JSON)
}
