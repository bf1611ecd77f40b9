package cekura

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
)

// Opt is an optional request field with three states:
//
//   - the zero value (unset): the field is left out of the JSON body;
//   - [Some](v): the field is sent with v, even when v is T's zero value
//     (Some(false) sends false, Some("") sends "");
//   - [Null]: the field is sent as JSON null, which clears it (for example
//     agent_speaks_first: null means "auto-detect"). Only fields whose
//     documentation says null is allowed accept it; elsewhere it is a
//     validation problem, found before anything is sent.
//
// Struct fields of this type carry the `omitzero` JSON option, so that
// encoding/json leaves an unset Opt out too.
type Opt[T any] struct {
	value T
	state optState
}

type optState uint8

const (
	optUnset optState = iota
	optValue
	optNull
)

// Some returns an Opt that sends v.
func Some[T any](v T) Opt[T] { return Opt[T]{value: v, state: optValue} }

// Null returns an Opt that sends an explicit JSON null.
func Null[T any]() Opt[T] { return Opt[T]{state: optNull} }

// IsZero reports whether o is unset, so that `omitzero` leaves it out.
func (o Opt[T]) IsZero() bool { return o.state == optUnset }

// IsSet reports whether o is either null or a value.
func (o Opt[T]) IsSet() bool { return o.state != optUnset }

// IsNull reports whether o is an explicit null.
func (o Opt[T]) IsNull() bool { return o.state == optNull }

// Get returns the value and true when o holds a value, or T's zero value and
// false when it is unset or null.
func (o Opt[T]) Get() (T, bool) { return o.value, o.state == optValue }

// Or returns the value when o holds one, else def.
func (o Opt[T]) Or(def T) T {
	if o.state == optValue {
		return o.value
	}
	return def
}

// MarshalJSON encodes null or the value. An unset Opt also encodes as null;
// struct fields leave it out with `omitzero`.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != optValue {
		return []byte("null"), nil
	}
	return marshal(&o.value)
}

// UnmarshalJSON decodes null into [Null] and anything else into [Some], as
// tolerantly as the SDK decodes responses: a value of another type leaves o
// unset.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	return unmarshal(b, o)
}

// EncodeValues adds the value to a query string (go-querystring's Encoder):
// an unset Opt adds nothing.
func (o Opt[T]) EncodeValues(key string, v *url.Values) error {
	switch o.state {
	case optValue:
		v.Add(key, fmt.Sprint(o.value))
	case optNull:
		return fmt.Errorf("cekura: query parameter %s: null cannot be sent in a query string", key)
	}
	return nil
}

// Format prints "<unset>", "null" or the value under the same verb, so an
// Opt holding a [Secret] or a struct with one stays redacted.
func (o Opt[T]) Format(f fmt.State, verb rune) {
	switch o.state {
	case optUnset:
		_, _ = f.Write([]byte("<unset>"))
	case optNull:
		_, _ = f.Write([]byte("null"))
	default:
		fmt.Fprintf(f, fmt.FormatString(f, verb), o.value)
	}
}

// LogValue logs the value through the SDK's redacting walker.
func (o Opt[T]) LogValue() slog.Value { return o.logValue() }

func (o Opt[T]) logValue() slog.Value {
	switch o.state {
	case optUnset:
		return slog.StringValue("<unset>")
	case optNull:
		return slog.StringValue("null")
	}
	return redactedLogValue(o.value)
}

var _ json.Marshaler = Opt[int]{}

// optValue returns the value of a set Opt, for the walk that finds a
// request's secrets.
func (o Opt[T]) optValue() (any, bool) { return o.value, o.state == optValue }
