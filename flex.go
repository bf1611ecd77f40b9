package cekura

import (
	"strconv"
	"strings"
)

// The API's description types some numbers and booleans as strings (a
// result's run counts, is_cronjob) while the API sends numbers and booleans.
// These types read both, so that neither shape fails or loses the value.

// FlexInt is an integer the API may send as a number (10) or a string
// ("10"). It encodes as a number.
type FlexInt int64

// decodeKit reads a number or a string holding one; anything else leaves 0.
func (n *FlexInt) decodeKit(r *jreader) bool {
	switch r.peek() {
	case '"':
		s, ok := r.str()
		if !ok {
			return false
		}
		v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return false
		}
		*n = FlexInt(v)
		return true
	case 'n':
		r.null()
		return true
	}
	v, ok := r.int64()
	if ok {
		*n = FlexInt(v)
	}
	return ok
}

// FlexBool is a boolean the API may send as true or as "true". It encodes as
// a boolean.
type FlexBool bool

// decodeKit reads a boolean or a string holding one; anything else leaves
// false.
func (b *FlexBool) decodeKit(r *jreader) bool {
	if r.peek() == '"' {
		s, ok := r.str()
		if !ok {
			return false
		}
		v, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return false
		}
		*b = FlexBool(v)
		return true
	}
	if r.null() {
		return true
	}
	v, ok := r.boolean()
	if ok {
		*b = FlexBool(v)
	}
	return ok
}
