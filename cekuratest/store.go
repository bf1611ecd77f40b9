package cekuratest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fake's resource kit: a generic store, a router for the API's
// collection/item paths, and DRF pagination. A resource in the fake is its
// stored type, its rules (how a request body changes a stored item, with
// DRF's error messages), a render function to the SDK's response type, and
// a route.

// store holds the items of one resource by id. Call its methods with the
// server's mutex held.
type store[T any] struct {
	items  map[int64]*T
	nextID int64
}

func newStore[T any]() *store[T] {
	return &store[T]{items: map[int64]*T{}, nextID: 1}
}

// insert stores v under a new id and returns the id.
func (s *store[T]) insert(v *T) int64 {
	id := s.nextID
	s.nextID++
	s.items[id] = v
	return id
}

func (s *store[T]) get(id int64) (*T, bool) {
	v, ok := s.items[id]
	return v, ok
}

func (s *store[T]) put(id int64, v *T) { s.items[id] = v }

// remove deletes an item and reports whether it was there.
func (s *store[T]) remove(id int64) bool {
	_, ok := s.items[id]
	delete(s.items, id)
	return ok
}

// ids returns the ids of the items keep accepts (all, when keep is nil), in
// ascending order: the API lists by id.
func (s *store[T]) ids(keep func(*T) bool) []int64 {
	ids := make([]int64, 0, len(s.items))
	for id, v := range s.items {
		if keep == nil || keep(v) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// getItem is the GET handler of one item of st: 404 for an unknown id, else
// the item rendered as the API answers it.
func getItem[T any](s *Server, st *store[T], render func(*T) any) func(http.ResponseWriter, *http.Request, int64) {
	return func(w http.ResponseWriter, _ *http.Request, id int64) {
		s.mu.Lock()
		defer s.mu.Unlock()
		v, ok := st.get(id)
		if !ok {
			notFound(w)
			return
		}
		writeJSON(w, http.StatusOK, render(v))
	}
}

// listItems is the GET handler of st's collection: DRF pages of the items
// that the filter built from the query accepts (keep may return a nil
// filter for all, or the 400 for a bad query), rendered by render.
func listItems[T any](s *Server, st *store[T], keep func(q url.Values) (func(*T) bool, errTree), render func(*T) any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var filter func(*T) bool
		if keep != nil {
			var bad errTree
			if filter, bad = keep(q); len(bad) > 0 {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
		}
		pr, ok := s.parsePage(w, q)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		writePage(w, r, pr, st.ids(filter), func(id int64) any { v, _ := st.get(id); return render(v) })
	}
}

// listArray is the GET handler of a collection the API does not page: a
// bare JSON array of the items the query's filter keeps (keep may return a
// nil filter for all, or the 400 for a bad query), rendered by render.
func listArray[T any](s *Server, st *store[T], keep func(q url.Values) (func(*T) bool, errTree), render func(*T) any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		var filter func(*T) bool
		if keep != nil {
			var bad errTree
			if filter, bad = keep(r.URL.Query()); len(bad) > 0 {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		out := []any{}
		for _, id := range st.ids(filter) {
			v, _ := st.get(id)
			out = append(out, render(v))
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// resource is what the generic write handlers (writes) need of a stored
// type. Its functions are called with the server's mutex held.
type resource[T any] struct {
	st *store[T]
	// created is the status of a create: 201, or 200 where the API
	// answers so.
	created int
	// fresh is a new item with the API's defaults, for a create (old is
	// nil) or a full replacement (PUT) of old, whose creation time it keeps.
	fresh func(old *T) *T
	// clone copies an item for a partial update, which is applied to the
	// copy: a rejected update changes nothing.
	clone func(*T) *T
	// apply applies a body with the API's rules; partial (PATCH) leaves
	// absent fields alone, otherwise required fields must be present.
	apply func(v *T, fields map[string]json.RawMessage, partial bool) errTree
	// stored records the item's id and the time of the write (its creation
	// time too, on a create).
	stored func(v *T, id int64, now time.Time)
	render func(*T) any
	// deleted, when set, clears what referred to a deleted item.
	deleted func(id int64)
}

// writes returns rt with create, replace (PUT), update (PATCH) and delete
// handlers for res: DRF's 400 for a body that is not an object or breaks a
// rule, 404 for an unknown id, and injected after-write failures.
func writes[T any](s *Server, rt route, res resource[T]) route {
	rt.create = func(w http.ResponseWriter, r *http.Request, body []byte) {
		fields, bad := parseObject(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		v := res.fresh(nil)
		if errs := res.apply(v, fields, false); len(errs) > 0 {
			writeJSON(w, http.StatusBadRequest, errs)
			return
		}
		res.stored(v, res.st.insert(v), s.now())
		s.finishWrite(w, r, res.created, res.render(v))
	}
	change := func(partial bool) func(http.ResponseWriter, *http.Request, int64, []byte) {
		return func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			fields, bad := parseObject(body)
			s.mu.Lock()
			defer s.mu.Unlock()
			old, ok := res.st.get(id)
			switch {
			case !ok:
				notFound(w)
				return
			case bad != nil:
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			var v *T
			if partial {
				v = res.clone(old)
			} else {
				v = res.fresh(old)
			}
			if errs := res.apply(v, fields, partial); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			res.stored(v, id, s.now())
			res.st.put(id, v)
			s.finishWrite(w, r, http.StatusOK, res.render(v))
		}
	}
	rt.replace, rt.update = change(false), change(true)
	rt.delete = func(w http.ResponseWriter, r *http.Request, id int64) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !res.st.remove(id) {
			notFound(w)
			return
		}
		if res.deleted != nil {
			res.deleted(id)
		}
		s.finishWrite(w, r, http.StatusNoContent, nil)
	}
	return rt
}

// answers renders every item of st, by id, as the API answers it, and
// decodes each as the SDK decodes an answer (RawJSON included): the
// inspection helpers' results (Server.TestProfiles …).
func answers[T, R any](s *Server, st *store[T], render func(*T) any) []*R {
	s.mu.Lock()
	bodies := make([][]byte, 0, len(st.items))
	for _, id := range st.ids(nil) {
		v, _ := st.get(id)
		if b, err := json.Marshal(render(v)); err == nil {
			bodies = append(bodies, b)
		}
	}
	s.mu.Unlock()
	out := make([]*R, 0, len(bodies))
	for _, b := range bodies {
		v := new(R)
		if json.Unmarshal(b, v) == nil {
			out = append(out, v)
		}
	}
	return out
}

// notFound writes DRF's 404.
func notFound(w http.ResponseWriter) { writeJSON(w, http.StatusNotFound, detail("Not found.")) }

// route is one resource's paths: the collection (trailing slash included)
// and its items (collection + id + "/"). A nil handler answers 405 with the
// methods the route has in Allow.
type route struct {
	collection string
	list       func(w http.ResponseWriter, r *http.Request)
	create     func(w http.ResponseWriter, r *http.Request, body []byte)
	get        func(w http.ResponseWriter, r *http.Request, id int64)
	replace    func(w http.ResponseWriter, r *http.Request, id int64, body []byte)
	update     func(w http.ResponseWriter, r *http.Request, id int64, body []byte)
	delete     func(w http.ResponseWriter, r *http.Request, id int64)
	// actions are the collection's named endpoints: collection + name + "/"
	// (adv_update/, bulk/ …); each checks its own method.
	actions map[string]func(w http.ResponseWriter, r *http.Request, body []byte)
	// itemActions are an item's named endpoints: collection + id + "/" +
	// name + "/" (duplicate/, history/edit/ …).
	itemActions map[string]func(w http.ResponseWriter, r *http.Request, id int64, body []byte)
	// lookup, when set, resolves an item's other key (a metric's slug) to
	// its id, for the item's paths and its actions' paths.
	lookup func(key string) (int64, bool)
	// match, when set, serves the route instead of all of the above: it
	// answers the requests whose paths are its own and reports whether it
	// did, so that a route can take a few paths under another route's
	// collection (it comes before that route in s.routes).
	match func(w http.ResponseWriter, r *http.Request, body []byte) bool
}

// serve answers a request on the route's paths, reporting false when the
// path is not the route's.
func (rt *route) serve(w http.ResponseWriter, r *http.Request, body []byte) bool {
	if rt.match != nil {
		return rt.match(w, r, body)
	}
	path := r.URL.Path
	if path == rt.collection {
		switch {
		case r.Method == http.MethodGet && rt.list != nil:
			rt.list(w, r)
		case r.Method == http.MethodPost && rt.create != nil:
			rt.create(w, r, body)
		default:
			methodNotAllowed(w, r.Method, allow(rt.list != nil, http.MethodGet, rt.create != nil, http.MethodPost))
		}
		return true
	}
	rest, ok := strings.CutPrefix(path, rt.collection)
	if !ok {
		return false
	}
	idText, ok := strings.CutSuffix(rest, "/")
	if action, found := rt.actions[idText]; found && ok {
		action(w, r, body)
		return true
	}
	if head, tail, sub := strings.Cut(idText, "/"); sub && ok {
		id, err := strconv.ParseInt(head, 10, 64)
		if err != nil && rt.lookup != nil { // an item named by its other key (a category's slug)
			if found, ok := rt.lookup(head); ok {
				id, err = found, nil
			}
		}
		if action, found := rt.itemActions[tail]; found && err == nil {
			action(w, r, id, body)
			return true
		}
		writeJSON(w, http.StatusNotFound, detail("Not found."))
		return true
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil && rt.lookup != nil && ok && !strings.Contains(idText, "/") {
		var found bool
		if id, found = rt.lookup(idText); found {
			err = nil
		}
	}
	if !ok || err != nil || strings.Contains(idText, "/") {
		writeJSON(w, http.StatusNotFound, detail("Not found."))
		return true
	}
	switch {
	case r.Method == http.MethodGet && rt.get != nil:
		rt.get(w, r, id)
	case r.Method == http.MethodPut && rt.replace != nil:
		rt.replace(w, r, id, body)
	case r.Method == http.MethodPatch && rt.update != nil:
		rt.update(w, r, id, body)
	case r.Method == http.MethodDelete && rt.delete != nil:
		rt.delete(w, r, id)
	default:
		methodNotAllowed(w, r.Method, allow(rt.get != nil, http.MethodGet, rt.replace != nil, http.MethodPut,
			rt.update != nil, http.MethodPatch, rt.delete != nil, http.MethodDelete))
	}
	return true
}

// allow lists the methods whose flag is true: allow(true, "GET", false, "POST").
func allow(pairs ...any) string {
	var names []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i].(bool) {
			names = append(names, pairs[i+1].(string))
		}
	}
	return strings.Join(names, ", ")
}

// pageRequest is a list request's page and page_size, DRF style: page is
// 1-based ("last" for the last page), page_size is capped at maxPageSize.
type pageRequest struct {
	page, size int
	last       bool
}

// parsePage reads page and page_size; ok is false (and the 404 DRF sends
// is written) for a page that is not a positive number.
func (s *Server) parsePage(w http.ResponseWriter, q url.Values) (pageRequest, bool) {
	p := pageRequest{page: 1, size: s.pageSize}
	if v := q.Get("page_size"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			p.size = min(n, maxPageSize)
		}
	}
	switch v := q.Get("page"); {
	case v == "last":
		p.last = true
	case v != "":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeJSON(w, http.StatusNotFound, detail("Invalid page."))
			return p, false
		}
		p.page = n
	}
	return p, true
}

// page is a DRF page: {count, next, previous, results}.
type page struct {
	Count    int     `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  []any   `json:"results"`
}

// writePage writes the page of ids that pr selects, each item rendered by
// render (called with the server's mutex held by the caller), with absolute
// next and previous links built from the request's host. An out-of-range
// page is DRF's 404 "Invalid page.".
func writePage(w http.ResponseWriter, r *http.Request, pr pageRequest, ids []int64, render func(id int64) any) {
	pages := max(1, (len(ids)+pr.size-1)/pr.size)
	if pr.last {
		pr.page = pages
	}
	if pr.page > pages {
		writeJSON(w, http.StatusNotFound, detail("Invalid page."))
		return
	}
	lo, hi := (pr.page-1)*pr.size, min(pr.page*pr.size, len(ids))
	out := page{Count: len(ids), Results: make([]any, 0, hi-lo)}
	for _, id := range ids[lo:hi] {
		out.Results = append(out.Results, render(id))
	}
	q := r.URL.Query()
	link := func(p int) *string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		lq := cloneValues(q)
		if p == 1 {
			lq.Del("page")
		} else {
			lq.Set("page", strconv.Itoa(p))
		}
		u.RawQuery = lq.Encode()
		str := u.String()
		return &str
	}
	if pr.page < pages {
		out.Next = link(pr.page + 1)
	}
	if pr.page > 1 {
		out.Previous = link(pr.page - 1)
	}
	writeJSON(w, http.StatusOK, out)
}

// finishWrite answers a write that took effect: with an injected
// after-write failure when one matches, else with status and out (no body
// for 204). Call with the server's mutex held.
func (s *Server) finishWrite(w http.ResponseWriter, r *http.Request, status int, out any) {
	if f, fail := s.takeFaultLocked(r, true); fail {
		writeFault(w, f)
		return
	}
	if status == http.StatusNoContent || out == nil { // nil: "No response body"
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, out)
}
