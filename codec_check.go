package cekura

import (
	"reflect"
	"strconv"
	"strings"
	"unsafe"
)

// The request checks every type gets from its declaration: an Opt set to
// Null() where the API does not accept null, and a blank string in a field
// tagged `cekura:"required"`. Paths are dotted JSON keys, built only when
// there is a problem to report.

type checker struct {
	v    *validator
	path []string
}

func (c *checker) add(key, msg string) {
	c.v.add(strings.Join(append(c.path, key), "."), msg)
}

// checkDeclared walks the request v points to.
func checkDeclared(val *validator, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	c := checker{v: val, path: make([]string, 0, 8)}
	c.walk(planFor(rv.Type().Elem()), rv.UnsafePointer())
}

func (c *checker) walk(p *plan, q unsafe.Pointer) {
	switch p.kind {
	case kindPointer:
		if ptr := *(*unsafe.Pointer)(q); ptr != nil {
			c.walk(p.elem, ptr)
		}
	case kindOpt:
		if *(*optState)(unsafe.Add(q, p.optOffs[1])) == optValue {
			c.walk(p.elem, unsafe.Add(q, p.optOffs[0]))
		}
	case kindInterface:
		if dp, data := p.variant.lookup(q); dp != nil {
			c.walk(dp, data)
		}
	case kindSlice:
		if p.elem.kind != kindStruct && p.elem.kind != kindPointer {
			return
		}
		s := *(*[]byte)(q)
		data, n := unsafe.Pointer(unsafe.SliceData(s)), len(s)
		size := p.typ.Elem().Size()
		for i := 0; i < n; i++ {
			last := len(c.path) - 1
			if last < 0 {
				break
			}
			saved := c.path[last]
			c.path[last] = saved + "[" + strconv.Itoa(i) + "]"
			c.walk(p.elem, unsafe.Add(data, uintptr(i)*size))
			c.path[last] = saved
		}
	case kindStruct:
		for i := range p.fields {
			f := &p.fields[i]
			fp := unsafe.Add(q, f.off)
			if f.plan.kind == kindOpt && !f.nullable && *(*optState)(unsafe.Add(fp, f.plan.optOffs[1])) == optNull {
				c.add(f.key, "is Null(), but the API does not accept null here; leave it unset, or set a value with Some")
				continue
			}
			if f.required && f.plan.typ.Kind() == reflect.String && strings.TrimSpace(*(*string)(fp)) == "" {
				c.add(f.key, "is required")
				continue
			}
			switch f.plan.kind {
			case kindStruct, kindPointer, kindOpt, kindInterface, kindSlice:
				c.path = append(c.path, f.key)
				c.walk(f.plan, fp)
				c.path = c.path[:len(c.path)-1]
			}
		}
	}
}

// setsNothing reports whether a request body would carry no field: every
// field is left out, or is an object that itself sets nothing. It is what
// makes an update that changes nothing a validation error.
func setsNothing(v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return v == nil
	}
	if rv.Type().Elem().PkgPath() != thisPkg {
		return false // a caller's own type (in Do): only its author knows
	}
	return structSetsNothing(planFor(rv.Type().Elem()), rv.UnsafePointer())
}

func structSetsNothing(p *plan, q unsafe.Pointer) bool {
	if p.kind != kindStruct {
		return false
	}
	for i := range p.fields {
		f := &p.fields[i]
		fp := unsafe.Add(q, f.off)
		if (f.omitZero && f.plan.zero(fp)) || (f.omitEmpt && f.plan.empty(fp)) {
			continue
		}
		switch f.plan.kind {
		case kindPointer:
			if ptr := *(*unsafe.Pointer)(fp); ptr != nil && f.plan.elem.kind == kindStruct && structSetsNothing(f.plan.elem, ptr) {
				continue
			}
		case kindStruct:
			if structSetsNothing(f.plan, fp) {
				continue
			}
		}
		return false
	}
	return true
}
