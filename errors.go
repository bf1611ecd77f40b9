package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors for errors.Is. ErrInvalidRequest matches a
// [*ValidationError] (nothing was sent); the others match an [*APIError] by
// its status code.
var (
	// ErrInvalidRequest: the SDK rejected the call before sending anything.
	ErrInvalidRequest = errors.New("cekura: invalid request")
	// ErrUnauthorized: 401, the API key is missing or wrong.
	ErrUnauthorized = errors.New("cekura: unauthorized")
	// ErrForbidden: 403, the key may not do this.
	ErrForbidden = errors.New("cekura: forbidden")
	// ErrNotFound: 404, no such agent (or not visible to this key).
	ErrNotFound = errors.New("cekura: not found")
	// ErrRateLimited: 429, too many requests; see APIError.RetryAfter.
	ErrRateLimited = errors.New("cekura: rate limited")
	// ErrServer: any 5xx answer.
	ErrServer = errors.New("cekura: server error")
)

// FieldProblem is one thing wrong with a request, found before sending it.
type FieldProblem struct {
	// Field is the dotted JSON path of the field, such as
	// "provider.credentials.config.api_secret" or "telephony.outbound_numbers[1]".
	Field string
	// Message says what is wrong and what is allowed.
	Message string
}

// ValidationError lists every problem the SDK found in a request before
// sending it. It matches errors.Is(err, ErrInvalidRequest).
type ValidationError struct {
	Problems []FieldProblem
}

// Error lists the problems on one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("cekura: invalid request: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(p.Message)
	}
	return b.String()
}

// Is reports whether target is ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

// maxErrorBody bounds APIError.Body.
const maxErrorBody = 64 << 10

// APIError is a non-2xx answer from the API. errors.Is matches it against
// ErrUnauthorized (401), ErrForbidden (403), ErrNotFound (404),
// ErrRateLimited (429) and ErrServer (5xx).
type APIError struct {
	// StatusCode is the HTTP status, such as 400.
	StatusCode int
	// Method and Path name the request, such as "POST" and
	// "/test_framework/v2/aiagents/". Path carries no query string.
	Method string
	Path   string
	// Detail is the API's {"detail": "..."} message, when it sent one.
	Detail string
	// FieldErrors holds DRF-style field errors of a 400, with nested objects
	// flattened to dotted paths: "provider.credentials.api_key",
	// "telephony.outbound_numbers[0]". Errors not tied to a field are under
	// "non_field_errors". An {"errors": {…}} envelope is read as the field
	// errors it holds, keyed as the API keys them ("scenarios[3].metrics[1]").
	FieldErrors map[string][]string
	// RequestID is the request id from the response headers, when present.
	RequestID string
	// RetryAfter is the wait the API asked for (Retry-After), capped at 60 s.
	RetryAfter time.Duration
	// Body is the raw body, at most 64 KiB of it.
	Body []byte

	// maybeApplied: this attempt or an earlier one of the call may have
	// taken effect (see MaybeApplied).
	maybeApplied bool
}

// Error says what was asked, what the API answered and why, on one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cekura: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if len(e.FieldErrors) > 0 {
		keys := make([]string, 0, len(e.FieldErrors))
		for k := range e.FieldErrors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i == 0 && e.Detail == "" {
				b.WriteString(": ")
			} else {
				b.WriteString("; ")
			}
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(strings.Join(e.FieldErrors[k], " "))
		}
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Is matches the sentinel errors by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// requestIDHeaders are the response headers that may carry a request id.
var requestIDHeaders = []string{"X-Request-Id", "X-Request-ID", "Request-Id", "X-Amzn-Requestid", "Cf-Ray"}

// newAPIError builds the error for a non-2xx answer from any body shape.
func newAPIError(method, path string, resp *http.Response, body []byte, now time.Time) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Method: method, Path: path}
	for _, h := range requestIDHeaders {
		if v := resp.Header.Get(h); v != "" {
			e.RequestID = v
			break
		}
	}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	e.Body = bytes.Clone(body)
	e.Detail, e.FieldErrors = parseErrorBody(body)
	return e
}

// parseErrorBody reads the API's error shapes: {"detail": "..."}, DRF field
// errors (nested to any depth), a JSON list of messages, or a JSON string.
// Any other body (plain text, HTML from a proxy) yields nothing; the caller
// still has the status and the raw body.
func parseErrorBody(body []byte) (detail string, fields map[string][]string) {
	if !json.Valid(body) {
		return "", nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", nil
	}
	switch t := v.(type) {
	case map[string]any:
		if d, ok := t["detail"]; ok {
			detail = joinMessages(d)
			delete(t, "detail")
		}
		if env, ok := t["errors"].(map[string]any); ok {
			// {"errors": {"scenarios[0].instructions": [...]}}: the
			// location-keyed envelope (run_scenarios_json); the keys
			// beside it (dry_run, valid) are not errors.
			t = env
		}
		if len(t) > 0 {
			fields = make(map[string][]string, len(t))
			flattenFieldErrors(fields, "", t, 0)
			if len(fields) == 0 {
				fields = nil
			}
		}
	case []any:
		if !objectsOnly(t) {
			detail = joinMessages(t)
			break
		}
		// A list serializer's errors (a bulk create): one object per
		// item, keyed "[i].field" as the SDK's validation keys them.
		fields = map[string][]string{}
		flattenFieldErrors(fields, "", t, 0)
		if len(fields) == 0 {
			fields = nil
		}
	case string:
		detail = joinMessages(t)
	}
	return detail, fields
}

// objectsOnly reports whether a list holds objects (at least one), and
// nulls at most.
func objectsOnly(list []any) bool {
	n := 0
	for _, item := range list {
		switch item.(type) {
		case map[string]any:
			n++
		case nil:
		default:
			return false
		}
	}
	return n > 0
}

// flattenFieldErrors walks DRF error bodies: a list of strings is a field's
// messages, an object nests fields, and a list of objects (errors of a list
// of nested objects) is indexed as path[i].
func flattenFieldErrors(out map[string][]string, prefix string, v any, depth int) {
	if depth > 32 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		for k, sub := range t {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flattenFieldErrors(out, p, sub, depth+1)
		}
	case []any:
		allScalars := true
		for _, item := range t {
			switch item.(type) {
			case map[string]any, []any:
				allScalars = false
			}
		}
		if allScalars {
			if msgs := messages(t); len(msgs) > 0 {
				out[prefix] = append(out[prefix], msgs...)
			}
			return
		}
		for i, item := range t {
			flattenFieldErrors(out, prefix+"["+strconv.Itoa(i)+"]", item, depth+1)
		}
	case nil:
	default:
		out[prefix] = append(out[prefix], scalarString(t))
	}
}

func messages(list []any) []string {
	out := make([]string, 0, len(list))
	for _, item := range list {
		if item == nil {
			continue
		}
		if s := scalarString(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinMessages(v any) string {
	switch t := v.(type) {
	case []any:
		return strings.Join(messages(t), " ")
	case map[string]any:
		b, _ := json.Marshal(t)
		return string(b)
	case nil:
		return ""
	}
	return scalarString(v)
}

func scalarString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
