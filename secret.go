package cekura

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
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

// optionalValue is an Opt, whose value the secret walk looks into.
type optionalValue interface{ optValue() (any, bool) }

// secretsIn lists the Secret values a request holds, at any depth (fields,
// pointers, slices, maps, Opt), for scrubbing an error answer. Secrets
// shorter than 4 bytes are left out: replacing them would mangle the
// message more than it hides.
func secretsIn(v any) []string {
	var out []string
	collectSecrets(reflect.ValueOf(v), 0, &out)
	return out
}

func collectSecrets(v reflect.Value, depth int, out *[]string) {
	if !v.IsValid() || depth > 16 {
		return
	}
	if v.Type() == secretType {
		if s := v.String(); len(s) >= 4 {
			*out = append(*out, s)
		}
		return
	}
	if v.CanInterface() {
		if o, ok := v.Interface().(optionalValue); ok {
			if x, set := o.optValue(); set {
				collectSecrets(reflect.ValueOf(x), depth+1, out)
			}
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectSecrets(v.Elem(), depth+1, out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				collectSecrets(v.Field(i), depth+1, out)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw JSON: not walked
		}
		for i := 0; i < v.Len(); i++ {
			collectSecrets(v.Index(i), depth+1, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			collectSecrets(iter.Value(), depth+1, out)
		}
	}
}

// scrubRequestSecrets replaces the request's secrets (a webhook secret, a
// provider's key, a SIP password …) in an API error's body, detail and
// field errors with Redacted: an API that echoes what it refused does not
// put a secret in an error string. It runs only on the error path.
func scrubRequestSecrets(err error, req any) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return
	}
	secrets := secretsIn(req)
	if len(secrets) == 0 {
		return
	}
	scrub := func(s string) string {
		for _, sec := range secrets {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
		return s
	}
	for _, sec := range secrets {
		apiErr.Body = bytes.ReplaceAll(apiErr.Body, []byte(sec), []byte(Redacted))
	}
	apiErr.Detail = scrub(apiErr.Detail)
	for k, msgs := range apiErr.FieldErrors {
		for i, m := range msgs {
			msgs[i] = scrub(m)
		}
		apiErr.FieldErrors[k] = msgs
	}
}
