package cekura

import (
	"bytes"
	"errors"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// jreader is a small, strict JSON reader for the response types. It accepts
// exactly what encoding/json accepts (anything else is an error, wherever it
// is in the body), and, like encoding/json, leaves a field whose value has
// an unexpected type at its zero value rather than failing. It reads strings
// without copying: a string without escapes is a substring of one string
// conversion of the whole body.
type jreader struct {
	b   []byte
	s   string // string(b): fields are substrings of it
	i   int
	err error
	// mismatch records that a known key held a value of another type (which
	// was skipped): the configs fall back to RawConfig on it.
	mismatch bool
}

var errSyntax = errors.New("invalid JSON")

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

func newReader(b []byte) *jreader {
	return &jreader{b: b, s: string(b)}
}

// readers recycles readers: decoding is on the hot path of every call.
var readers = sync.Pool{New: func() any { return new(jreader) }}

// getReader returns a pooled reader of b; putReader gives it back.
func getReader(b []byte) *jreader {
	r := readers.Get().(*jreader)
	*r = jreader{b: b, s: string(b)}
	return r
}

func putReader(r *jreader) {
	*r = jreader{}
	readers.Put(r)
}

// sub returns a pooled reader of b, a part of r's body, sharing r's string
// (no copy) when b lies within r.b.
func (r *jreader) sub(b []byte) *jreader {
	nr := readers.Get().(*jreader)
	*nr = jreader{b: b}
	if off := cap(r.b) - cap(b); len(b) > 0 && off >= 0 && off+len(b) <= len(r.b) && &r.b[off] == &b[0] {
		nr.s = r.s[off : off+len(b)]
	} else {
		nr.s = string(b)
	}
	return nr
}

func (r *jreader) fail() {
	if r.err == nil {
		r.err = errSyntax
	}
	r.i = len(r.b)
}

func (r *jreader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value, or 0 at the end.
func (r *jreader) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

// end checks that nothing but white space follows the value.
func (r *jreader) end() {
	r.ws()
	if r.i != len(r.b) {
		r.fail()
	}
}

// field reads the next key of an object and its colon, or consumes the
// closing brace and returns false. n counts the fields read so far.
func (r *jreader) field(n *int) ([]byte, bool) {
	c := r.peek()
	if c == '}' && *n == 0 {
		r.i++
		return nil, false
	}
	if *n > 0 {
		switch c {
		case '}':
			r.i++
			return nil, false
		case ',':
			r.i++
			r.ws()
		default:
			r.fail()
			return nil, false
		}
	}
	*n++
	if r.peek() != '"' {
		r.fail()
		return nil, false
	}
	k, ok := r.stringBytes()
	if !ok || r.peek() != ':' {
		r.fail()
		return nil, false
	}
	r.i++
	return k, true
}

// array reports whether the next value is an array and consumes its '['.
func (r *jreader) array() bool {
	if r.peek() != '[' {
		return false
	}
	r.i++
	return true
}

// item reports whether the array has another element (consuming the comma)
// or consumes the closing bracket and returns false.
func (r *jreader) item(n *int) bool {
	c := r.peek()
	if c == ']' {
		r.i++
		return false
	}
	if *n > 0 {
		if c != ',' {
			r.fail()
			return false
		}
		r.i++
	}
	*n++
	return r.err == nil
}

// str reads a string value; any other value is skipped and ok is false.
func (r *jreader) str() (string, bool) {
	if r.peek() != '"' {
		r.skip(0)
		return "", false
	}
	start, high := r.i+1, false
	for j := start; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			if high && !utf8.Valid(r.b[start:j]) {
				break // invalid UTF-8 becomes U+FFFD: the slow path
			}
			r.i = j + 1
			return r.s[start:j], true
		case c == '\\' || c < 0x20:
			// escapes and control bytes: the slow path
		case c >= utf8.RuneSelf:
			high = true
			continue
		default:
			continue
		}
		b, ok := r.stringBytes()
		return string(b), ok
	}
	r.fail()
	return "", false
}

// stringBytes reads a string at r.i, unescaping it as encoding/json does
// (invalid UTF-8 and lone surrogates become U+FFFD). The result may alias
// the body when nothing needed unescaping.
func (r *jreader) stringBytes() ([]byte, bool) {
	start := r.i + 1
	j := start
	for ; j < len(r.b); j++ {
		c := r.b[j]
		if c == '"' {
			r.i = j + 1
			return r.b[start:j], true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	out := make([]byte, 0, j-start+16)
	out = append(out, r.b[start:j]...)
	for j < len(r.b) {
		c := r.b[j]
		switch {
		case c == '"':
			r.i = j + 1
			return out, true
		case c < 0x20:
			r.fail()
			return nil, false
		case c == '\\':
			if j+1 >= len(r.b) {
				r.fail()
				return nil, false
			}
			switch e := r.b[j+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
				j += 2
			case 'b':
				out = append(out, '\b')
				j += 2
			case 'f':
				out = append(out, '\f')
				j += 2
			case 'n':
				out = append(out, '\n')
				j += 2
			case 'r':
				out = append(out, '\r')
				j += 2
			case 't':
				out = append(out, '\t')
				j += 2
			case 'u':
				c1, ok := hex4(r.b, j+2)
				if !ok {
					r.fail()
					return nil, false
				}
				j += 6
				if utf16.IsSurrogate(c1) {
					if c2, ok := hex4(r.b, j+2); ok && j+1 < len(r.b) && r.b[j] == '\\' && r.b[j+1] == 'u' {
						if dec := utf16.DecodeRune(c1, c2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							j += 6
							continue
						}
					}
					c1 = utf8.RuneError
				}
				out = utf8.AppendRune(out, c1)
			default:
				r.fail()
				return nil, false
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			j++
		default:
			rr, size := utf8.DecodeRune(r.b[j:])
			if rr == utf8.RuneError && size == 1 {
				out = append(out, "\uFFFD"...)
			} else {
				out = append(out, r.b[j:j+size]...)
			}
			j += size
		}
	}
	r.fail()
	return nil, false
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var v rune
	for _, c := range b[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

// null consumes a null and reports whether there was one.
func (r *jreader) null() bool {
	if r.peek() == 'n' {
		r.literal("null")
		return true
	}
	return false
}

func (r *jreader) literal(lit string) {
	if r.i+len(lit) > len(r.b) || string(r.b[r.i:r.i+len(lit)]) != lit {
		r.fail()
		return
	}
	r.i += len(lit)
}

// boolean reads true or false; any other value is skipped.
func (r *jreader) boolean() (bool, bool) {
	switch r.peek() {
	case 't':
		r.literal("true")
		return true, true
	case 'f':
		r.literal("false")
		return false, true
	}
	r.skip(0)
	return false, false
}

// int64 reads an integer; a fraction, an exponent, an overflow or a value
// of another type is skipped and ok is false, as encoding/json would.
func (r *jreader) int64() (int64, bool) {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		r.skip(0)
		return 0, false
	}
	start := r.i
	r.number()
	n, err := strconv.ParseInt(r.s[start:r.i], 10, 64)
	return n, err == nil
}

// number consumes a number, checking its grammar.
func (r *jreader) number() {
	b, i := r.b, r.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		r.fail()
		return
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			r.fail()
			return
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			r.fail()
			return
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	r.i = i
}

// skip consumes any value, checking it.
func (r *jreader) skip(depth int) {
	if depth > maxDepth {
		r.fail()
		return
	}
	switch c := r.peek(); {
	case c == '{':
		r.i++
		n := 0
		for {
			if _, ok := r.field(&n); !ok {
				return
			}
			r.skip(depth + 1)
		}
	case c == '[':
		r.i++
		n := 0
		for r.item(&n) {
			r.skip(depth + 1)
		}
	case c == '"':
		if _, ok := r.stringBytes(); !ok {
			r.fail()
		}
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		r.number()
	default:
		r.fail()
	}
}

// raw skips a value and returns its bytes.
func (r *jreader) raw() []byte {
	r.ws()
	start := r.i
	r.skip(0)
	return r.b[start:r.i]
}

// equalFold is bytes.EqualFold(k, []byte(name)) for an ASCII name, without
// converting it; non-ASCII keys (such as K, the Kelvin sign) take the slow path.
func equalFold(k []byte, name string) bool {
	if len(k) != len(name) {
		return hasNonASCII(k) && bytes.EqualFold(k, []byte(name))
	}
	for i := 0; i < len(k); i++ {
		a, b := k[i], name[i]
		if a == b {
			continue
		}
		if a >= utf8.RuneSelf {
			return bytes.EqualFold(k, []byte(name))
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
