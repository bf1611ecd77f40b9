package cekura

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"time"
)

// Redacted is what a [Secret] prints as under fmt, slog and String.
const Redacted = "[REDACTED]"

// Secret is a credential: a provider API key, a webhook or SIP secret, a
// client secret. It is an ordinary string for JSON (the API receives the real
// value) but prints as [Redacted] under every fmt verb, String, GoString and
// slog, so a request printed or logged by mistake does not leak it. Use
// [Secret.Reveal] where the real value is really wanted.
type Secret string

// Reveal returns the secret's real value.
func (s Secret) Reveal() string { return string(s) }

// String returns [Redacted].
func (s Secret) String() string { return Redacted }

// GoString returns the Go syntax of [Redacted], for %#v.
func (s Secret) GoString() string { return strconv.Quote(Redacted) }

// Format prints [Redacted] whatever the verb (%s, %v, %q, %x, %d …).
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		_, _ = io.WriteString(f, strconv.Quote(Redacted))
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, s.GoString())
			return
		}
		_, _ = io.WriteString(f, Redacted)
	default:
		_, _ = io.WriteString(f, Redacted)
	}
}

// LogValue makes slog print [Redacted].
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

var (
	secretType = reflect.TypeFor[Secret]()
	timeType   = reflect.TypeFor[time.Time]()
)

// logValuer is implemented by Opt and Nullable, which the walker cannot see
// into through reflection alone.
type logValuer interface{ logValue() slog.Value }

// redactedLogValue turns any SDK value into a slog.Value that shows its
// structure with every Secret replaced by [Redacted]. The JSON handler would
// otherwise marshal a struct with encoding/json, which carries the real
// secret values. It never calls LogValue, so types may use it in their own.
func redactedLogValue(v any) slog.Value {
	return redactValue(reflect.ValueOf(v), 0)
}

func redactValue(v reflect.Value, depth int) slog.Value {
	if !v.IsValid() {
		return slog.AnyValue(nil)
	}
	if depth > 16 {
		return slog.StringValue("…")
	}
	switch v.Type() {
	case secretType:
		return slog.StringValue(Redacted)
	case timeType:
		return slog.TimeValue(v.Interface().(time.Time))
	}
	if v.CanInterface() {
		if lv, ok := v.Interface().(logValuer); ok {
			return lv.logValue()
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return slog.AnyValue(nil)
		}
		return redactValue(v.Elem(), depth+1)
	case reflect.Struct:
		t := v.Type()
		attrs := make([]slog.Attr, 0, t.NumField())
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			if fv.IsZero() {
				continue
			}
			attrs = append(attrs, slog.Attr{Key: f.Name, Value: redactValue(fv, depth+1)})
		}
		return slog.GroupValue(attrs...)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			// json.RawMessage and []byte: free-form data, not printed.
			return slog.StringValue(fmt.Sprintf("<%d bytes>", v.Len()))
		}
		if v.Kind() == reflect.Slice && v.IsNil() {
			return slog.AnyValue(nil)
		}
		attrs := make([]slog.Attr, v.Len())
		for i := range attrs {
			attrs[i] = slog.Attr{Key: strconv.Itoa(i), Value: redactValue(v.Index(i), depth+1)}
		}
		return slog.GroupValue(attrs...)
	case reflect.Map:
		attrs := make([]slog.Attr, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			attrs = append(attrs, slog.Attr{Key: fmt.Sprint(iter.Key().Interface()), Value: redactValue(iter.Value(), depth+1)})
		}
		return slog.GroupValue(attrs...)
	case reflect.String:
		return slog.StringValue(v.String())
	case reflect.Bool:
		return slog.BoolValue(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return slog.Int64Value(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return slog.Uint64Value(v.Uint())
	case reflect.Float32, reflect.Float64:
		return slog.Float64Value(v.Float())
	}
	return slog.StringValue("<" + v.Type().String() + ">")
}
