package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/google/go-querystring/query"
)

// The resource kit's plumbing: one send path, one page type and one
// iterator for every resource. A service method is a few lines over these.

// Page is one page of a list. The API pages most lists with page and
// page_size and answers {count, next, previous, results}; a few lists answer
// a bare JSON array, which decodes as one page holding every result.
type Page[T any] struct {
	// Count is the number of results across all pages.
	Count int `json:"count"`
	// Next and Previous are the absolute URLs of the neighbouring pages, or
	// "" at either end.
	Next     string `json:"next"`
	Previous string `json:"previous"`
	// Results are this page's items; never nil after a successful List.
	Results []*T `json:"results"`
}

// UnmarshalJSON decodes a page tolerantly, as the SDK decodes answers: an
// object, or a bare array as one page.
func (p *Page[T]) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// pageWire is Page's JSON object: the same fields, decoded by its plan.
type pageWire[T any] struct {
	Count    int    `json:"count"`
	Next     string `json:"next"`
	Previous string `json:"previous"`
	Results  []*T   `json:"results"`
}

// decodeKit reads a page object, or a bare array as one page of every
// result.
func (p *Page[T]) decodeKit(r *jreader) bool {
	if r.peek() == '[' {
		var results []*T
		ok := planFor(reflect.TypeFor[[]*T]()).dec(r, unsafe.Pointer(&results))
		*p = Page[T]{Count: len(results), Results: results}
		return ok
	}
	return planFor(reflect.TypeFor[pageWire[T]]()).dec(r, unsafe.Pointer((*pageWire[T])(p)))
}

// Format prints the page with every secret redacted, under any verb.
func (p Page[T]) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p) }

// LogValue logs the page with every secret redacted.
func (p Page[T]) LogValue() slog.Value { return redactedLogValue(p) }

// endpoint is one API operation, as a service method describes it.
type endpoint struct {
	method string
	// path is the API path relative to the base URL, as the API documents
	// it (trailing slash included), without a query.
	path string
	// query is a struct for go-querystring (url:"…" tags), url.Values or nil.
	query any
	// body is a pointer to the request type, or nil for no body.
	body any
	// update marks a PATCH: a body that sets nothing is a validation error.
	update bool
	// upload, instead of body, streams a multipart/form-data body (a file
	// read from an io.Reader); such a call is never repeated.
	upload *upload
}

// pathID returns collection + id + "/", the API's path of one item.
func pathID(collection string, id int64) string {
	return collection + strconv.FormatInt(id, 10) + "/"
}

// send runs an endpoint and decodes its answer into a new T.
func send[T any](ctx context.Context, c *core, e endpoint, opts []Option) (*T, error) {
	body, err := c.exec(ctx, e, opts)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := decodeInto(body, v); err != nil {
		return nil, fmt.Errorf("cekura: %s %s: decoding the answer: %w", e.method, e.path, err)
	}
	return v, nil
}

// sendNoContent runs an endpoint whose answer has no body worth reading.
func sendNoContent(ctx context.Context, c *core, e endpoint, opts []Option) error {
	_, err := c.exec(ctx, e, opts)
	return err
}

// exec checks, encodes and sends an endpoint's request with the call's
// options, and returns the body of a 2xx answer.
func (c *core) exec(ctx context.Context, e endpoint, opts []Option) ([]byte, error) {
	if err := checkArgs(ctx, isNilPointer(e.body)); err != nil {
		return nil, err
	}
	cc, err := c.with(opts)
	if err != nil {
		return nil, err
	}
	if cc.validate {
		if e.body != nil {
			if err := validateRequest(e.body, e.update); err != nil {
				return nil, err
			}
		}
		if e.query != nil {
			if err := validateRequest(e.query, false); err != nil {
				return nil, err
			}
		}
	}
	u, err := cc.endpointURL(e)
	if err != nil {
		return nil, err
	}
	var body []byte
	if e.body != nil {
		if body, err = marshal(e.body); err != nil {
			return nil, fmt.Errorf("cekura: %s %s: encoding the request: %w", e.method, e.path, err)
		}
	}
	out, err := cc.do(ctx, &call{method: e.method, url: u, path: e.path, body: body, stream: e.upload, idempotent: idempotent(e.method)})
	if err != nil && e.body != nil {
		scrubRequestSecrets(err, e.body)
	}
	return out, err
}

// idempotent reports whether repeating a request of this method cannot do
// more than doing it once.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

func isNilPointer(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func encodeQuery(opts any) (string, error) {
	if v, ok := opts.(url.Values); ok {
		return v.Encode(), nil
	}
	if isNilPointer(opts) {
		return "", nil
	}
	q, err := query.Values(opts)
	if err != nil {
		return "", fmt.Errorf("cekura: encoding query options: %w", err)
	}
	return q.Encode(), nil
}

// required returns params, or a new zero P when params is nil: the query
// of a list whose API requires a parameter, so that a nil params is checked
// (and refused, by P's validate) as one that names nothing, instead of
// being sent without it.
func required[P any](params *P) *P {
	if params == nil {
		return new(P)
	}
	return params
}

// list runs a list endpoint and decodes one page.
func list[T any](ctx context.Context, c *core, e endpoint, opts []Option) (*Page[T], error) {
	if isNilPointer(e.query) {
		e.query = nil
	}
	body, err := c.exec(ctx, e, opts)
	if err != nil {
		return nil, err
	}
	return decodePage[T](e.path, body)
}

// decodePage decodes a page, or a bare array as one page.
func decodePage[T any](path string, body []byte) (*Page[T], error) {
	p := &Page[T]{}
	err := decodeInto(body, p)
	if err == nil && !isJSONObject(body) && (len(bytes.TrimSpace(body)) == 0 || bytes.TrimSpace(body)[0] != '[') {
		err = fmt.Errorf("expected a JSON object or array, got %s", describeJSON(body))
	}
	if err == nil {
		for _, r := range p.Results {
			if r == nil {
				err = fmt.Errorf("a result that is not a JSON object")
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cekura: GET %s: decoding the page: %w", path, err)
	}
	if p.Results == nil {
		p.Results = []*T{}
	}
	return p, nil
}

// all walks every page of a list endpoint lazily, following the API's next
// links; see [AgentsService.All].
func all[T any](ctx context.Context, c *core, e endpoint, opts []Option) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		page, err := list[T](ctx, c, e, opts)
		cc := c
		if err == nil && len(opts) > 0 {
			cc, err = c.with(opts) // the call's base URL is the origin next links must keep
		}
		// The pages read, by URL; the first one counts, so that a next link
		// back to it is refused before an item repeats.
		seen := map[string]bool{}
		if err == nil {
			if first, ferr := cc.endpointURL(e); ferr == nil {
				if u, perr := url.Parse(first); perr == nil {
					seen[pageKey(u)] = true
				}
			}
		}
		for {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, item := range page.Results {
				if !yield(item, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			var next *url.URL
			next, err = cc.nextPageURL(e.path, page.Next)
			if err == nil && seen[pageKey(next)] {
				err = fmt.Errorf("cekura: GET %s: the API's next link %q repeats a page already read", e.path, next.Redacted())
			}
			if err != nil {
				continue
			}
			seen[pageKey(next)] = true
			var body []byte
			body, err = cc.getURL(ctx, next, nil)
			if err == nil {
				page, err = decodePage[T](next.Path, body)
			}
		}
	}
}

// endpointURL is the URL an endpoint's request goes to: the base URL, the
// path and the encoded query.
func (c *core) endpointURL(e endpoint) (string, error) {
	u := c.baseURL + e.path
	if e.query != nil {
		q, err := encodeQuery(e.query)
		if err != nil {
			return "", err
		}
		if q != "" {
			u += "?" + q
		}
	}
	return u, nil
}

// pageKey names the page a URL asks for: its origin, path and sorted query,
// an absent page parameter read as page 1 (as the API reads it).
func pageKey(u *url.URL) string {
	q := u.Query()
	if q.Get("page") == "" {
		q.Set("page", "1")
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath() + "?" + q.Encode()
}

// allOf is all for a sub-resource's list: it refuses a non-positive parent
// id as the first (and only) item, before sending anything.
func allOf[T any](ctx context.Context, c *core, kind string, id int64, e endpoint, opts []Option) iter.Seq2[*T, error] {
	if err := checkID(kind, id); err != nil {
		return func(yield func(*T, error) bool) { yield(nil, err) }
	}
	return all[T](ctx, c, e, opts)
}

// getURL GETs an absolute URL on the API's origin (a next link).
func (c *core) getURL(ctx context.Context, u *url.URL, opts []Option) ([]byte, error) {
	cc, err := c.with(opts)
	if err != nil {
		return nil, err
	}
	return cc.do(ctx, &call{method: http.MethodGet, url: u.String(), path: u.Path, idempotent: true})
}

// nextPageURL resolves a pagination link and refuses one that leaves the
// base URL's origin.
func (c *core) nextPageURL(path, link string) (*url.URL, error) {
	u, err := c.base.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("cekura: GET %s: the API's next link does not parse: %w", path, err)
	}
	if !c.sameOrigin(u) {
		return nil, fmt.Errorf("cekura: GET %s: refusing to follow the next link to %s://%s: it is not the API's host %s://%s, and the API key must not go there",
			path, u.Scheme, u.Host, c.base.Scheme, c.base.Host)
	}
	return u, nil
}

// Do sends a request to an endpoint that has no method yet, with the
// client's API key, retries, limits and errors. path is relative to the base
// URL ("/test_framework/v1/scenarios/", a query may follow). in is the body:
// nil for none, a []byte or json.RawMessage sent as given (it must be valid
// JSON), or any value, encoded as encoding/json would (this package's
// request types are checked first, as their methods check them). out
// receives the answer: nil discards it, a *[]byte or *json.RawMessage gets
// the raw body, anything else is decoded as tolerantly as the SDK's own
// types. POST and PATCH are retried only when the request cannot have
// reached the API, as for every method of the SDK.
func (c *Client) Do(ctx context.Context, method, path string, in, out any, opts ...Option) error {
	if err := checkArgs(ctx, false); err != nil {
		return err
	}
	var v validator
	method = strings.ToUpper(strings.TrimSpace(method))
	if method == "" || strings.ContainsAny(method, " \t\r\n/") {
		v.add("method", "must be an HTTP method such as GET or POST")
	}
	rel, err := url.Parse(path)
	switch {
	case err != nil:
		v.add("path", "does not parse as a URL path")
	case rel.Scheme != "" || rel.Host != "" || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//"):
		v.add("path", "must be a path relative to the base URL that starts with a single /, such as /test_framework/v1/scenarios/")
	}
	if out != nil && reflect.TypeOf(out).Kind() != reflect.Pointer {
		v.add("out", "must be nil or a pointer, got a %T", out)
	} else if isNilPointer(out) {
		v.add("out", "is a nil pointer; pass nil to discard the answer, or a pointer to decode it into")
	}
	if err := v.err(); err != nil {
		return err
	}
	cc, err := c.core.with(opts)
	if err != nil {
		return err
	}
	var body []byte
	switch b := in.(type) {
	case nil:
	case []byte:
		body = b
	case json.RawMessage:
		body = b
	default:
		if isNilPointer(in) {
			return checkArgs(ctx, true)
		}
		if reflect.TypeOf(in).Kind() != reflect.Pointer {
			p := reflect.New(reflect.TypeOf(in))
			p.Elem().Set(reflect.ValueOf(in))
			in = p.Interface()
		}
		if cc.validate {
			if err := validateRequest(in, method == http.MethodPatch); err != nil {
				return err
			}
		}
		if body, err = marshal(in); err != nil {
			return fmt.Errorf("cekura: %s %s: encoding the request: %w", method, rel.Path, err)
		}
	}
	if body != nil && !json.Valid(body) {
		return &ValidationError{Problems: []FieldProblem{{Field: "in", Message: "is not valid JSON"}}}
	}
	resp, err := cc.do(ctx, &call{method: method, url: cc.baseURL + path, path: rel.Path, body: body, idempotent: idempotent(method)})
	if err != nil {
		if in != nil {
			scrubRequestSecrets(err, in)
		}
		return err
	}
	switch o := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*o = resp
		return nil
	case *json.RawMessage:
		*o = resp
		return nil
	}
	if len(resp) == 0 {
		return nil
	}
	if err := decodeInto(resp, out); err != nil {
		return fmt.Errorf("cekura: %s %s: decoding the answer: %w", method, rel.Path, err)
	}
	return nil
}

// checkArgs refuses a nil context or request before anything else.
func checkArgs(ctx context.Context, nilRequest bool) error {
	var v validator
	if ctx == nil {
		v.add("ctx", "is nil; pass a context.Context such as context.Background()")
	}
	if nilRequest {
		v.add("request", "is nil")
	}
	return v.err()
}

// checkID refuses an id that cannot name anything.
func checkID(kind string, id int64) error {
	if id <= 0 {
		return &ValidationError{Problems: []FieldProblem{{Field: "id", Message: fmt.Sprintf("must be a positive %s id, got %d", kind, id)}}}
	}
	return nil
}

// pageOptions checks the page and page_size every paginated list takes.
func (v *validator) pageOptions(page, pageSize int) {
	if page < 0 {
		v.add("page", "must be 1 or more (or 0 for the first page), got %d", page)
	}
	if pageSize < 0 {
		v.add("page_size", "must be 1 or more (or 0 for the API's default), got %d", pageSize)
	}
}
