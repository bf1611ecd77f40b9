package cekura

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
)

// Nullable is an optional request field that can also be sent as an explicit
// JSON null. It has three states:
//
//   - the zero value (unset): the field is left out of the JSON body;
//   - [Null]: the field is sent as null (for example agent_speaks_first: null,
//     which means "auto-detect");
//   - [Value]: the field is sent with that value, even when the value is the
//     zero value of T (Value(false) sends false).
//
// Struct fields of this type carry the `omitzero` JSON option, which relies on
// the IsZero method.
type Nullable[T any] struct {
	value T
	set   bool
	null  bool
}

// Value returns a Nullable that sends v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{value: v, set: true} }

// Null returns a Nullable that sends an explicit JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{set: true, null: true} }

// IsZero reports whether n is unset, so that `omitzero` leaves it out.
func (n Nullable[T]) IsZero() bool { return !n.set }

// IsSet reports whether n is either null or a value.
func (n Nullable[T]) IsSet() bool { return n.set }

// IsNull reports whether n is an explicit null.
func (n Nullable[T]) IsNull() bool { return n.set && n.null }

// Get returns the value and true when n holds a value, or the zero value and
// false when it is unset or null.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.set && !n.null }

// MarshalJSON encodes null or the value. An unset Nullable also encodes as
// null; struct fields leave it out with `omitzero`.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.set || n.null {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null into [Null] and anything else into [Value].
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if isJSONNull(b) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}

// Format prints "<unset>", "null" or the value under the same verb, so a
// Nullable holding a [Secret] or a struct with one stays redacted.
func (n Nullable[T]) Format(f fmt.State, verb rune) {
	switch {
	case !n.set:
		_, _ = f.Write([]byte("<unset>"))
	case n.null:
		_, _ = f.Write([]byte("null"))
	default:
		fmt.Fprintf(f, fmt.FormatString(f, verb), n.value)
	}
}

// LogValue logs the value through the SDK's redacting walker.
func (n Nullable[T]) LogValue() slog.Value { return n.logValue() }

func (n Nullable[T]) logValue() slog.Value {
	switch {
	case !n.set:
		return slog.StringValue("<unset>")
	case n.null:
		return slog.StringValue("null")
	}
	return redactedLogValue(n.value)
}

// Opt is an optional request field that cannot be null: unset (the zero
// value) leaves it out of the JSON body, [Some] sends the value, even a zero
// value. It is used by [UpdateAgentRequest], where only the fields that are
// set are sent.
type Opt[T any] struct {
	value T
	set   bool
}

// Some returns an Opt that sends v.
func Some[T any](v T) Opt[T] { return Opt[T]{value: v, set: true} }

// IsZero reports whether o is unset, so that `omitzero` leaves it out.
func (o Opt[T]) IsZero() bool { return !o.set }

// IsSet reports whether o holds a value.
func (o Opt[T]) IsSet() bool { return o.set }

// Get returns the value and whether it is set.
func (o Opt[T]) Get() (T, bool) { return o.value, o.set }

// MarshalJSON encodes the value (null when unset; struct fields leave an
// unset Opt out with `omitzero`).
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if !o.set {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON decodes a value; null leaves o unset.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	if isJSONNull(b) {
		*o = Opt[T]{}
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// Format prints "<unset>" or the value under the same verb, so an Opt
// holding a [Secret] stays redacted.
func (o Opt[T]) Format(f fmt.State, verb rune) {
	if !o.set {
		_, _ = f.Write([]byte("<unset>"))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), o.value)
}

// LogValue logs the value through the SDK's redacting walker.
func (o Opt[T]) LogValue() slog.Value { return o.logValue() }

func (o Opt[T]) logValue() slog.Value {
	if !o.set {
		return slog.StringValue("<unset>")
	}
	return redactedLogValue(o.value)
}

func isJSONNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }
