// Package webhook receives the webhooks Cekura sends: result.completed when
// a test result ends, call_log.completed when a production call has been
// evaluated, and result.pre_trigger before a run dials.
//
// A receiver is an http.Handler on your server:
//
//	package main
//
//	import (
//		"context"
//		"log"
//		"net/http"
//		"os"
//
//		"github.com/cekura-go/cekura"
//		"github.com/cekura-go/cekura/webhook"
//	)
//
//	func main() {
//		mux := http.NewServeMux()
//		mux.Handle("/cekura", &webhook.Handler{
//			// The webhook secret set on the agent or project.
//			Secret: cekura.Secret(os.Getenv("CEKURA_WEBHOOK_SECRET")),
//			OnEvent: func(ctx context.Context, e *webhook.Event) error {
//				switch e.Type {
//				case webhook.EventTypeResultCompleted:
//					r, err := e.Result()
//					if err != nil {
//						return err
//					}
//					log.Printf("result %d: %v", r.ID, cekura.NewVerdict(r))
//				case webhook.EventTypeCallLogCompleted:
//					call, err := e.Call()
//					if err != nil {
//						return err
//					}
//					log.Printf("call %s evaluated", call.CallID)
//				}
//				return nil // other types are acknowledged and ignored
//			},
//		})
//		log.Fatal(http.ListenAndServe(":8080", mux))
//	}
//
// Cekura authenticates a delivery with a shared secret in the
// X-CEKURA-SECRET header (the webhook secret of the project or agent), not
// with a signature: the Handler compares it in constant time, refuses bodies
// over a limit, and de-duplicates deliveries by their idempotency key (else
// a hash of the body), so that a retried or replayed delivery reaches your
// code once, while a later event about the same object, a new outcome,
// reaches it too. An error from OnEvent answers 500, and Cekura delivers
// again; a copy that arrives while the first is being handled is answered
// 409 with Retry-After, so that it is not lost if the first copy fails.
//
// To test a receiver, the cekuratest fake delivers result.completed and
// call_log.completed to an agent's webhook_url as the API does, and
// cekuratest.Server.SendWebhook delivers any event on demand.
package webhook

import (
	"container/list"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/cekura-go/cekura"
)

// EventType is the kind of a delivery, its event_type. Decoding accepts any
// value, so that a type Cekura adds later reaches OnEvent; Valid reports
// whether it is one this package knows.
type EventType string

// The event types Cekura sends.
const (
	// EventTypeResultCompleted is sent when a test result ends; its data
	// is the result (Event.Result).
	EventTypeResultCompleted EventType = "result.completed"
	// EventTypeCallLogCompleted is sent when a production call has been
	// evaluated; its data is the call (Event.Call).
	EventTypeCallLogCompleted EventType = "call_log.completed"
	// EventTypeResultPreTrigger is sent before a run dials; its data lists
	// the runs about to dial (Event.PreTrigger).
	EventTypeResultPreTrigger EventType = "result.pre_trigger"
)

// Valid reports whether t is one of the event types above.
func (t EventType) Valid() bool {
	switch t {
	case EventTypeResultCompleted, EventTypeCallLogCompleted, EventTypeResultPreTrigger:
		return true
	}
	return false
}

// Headers of a delivery.
const (
	SecretHeader         = "X-Cekura-Secret"
	IdempotencyKeyHeader = "X-Cekura-Idempotency-Key"
)

// DefaultMaxBodyBytes bounds a delivery's body: a result with its runs'
// transcripts is large, but not this large.
const DefaultMaxBodyBytes = 10 << 20

// Event is one delivery: its type and its data, decoded on demand.
type Event struct {
	// Type is the event type, such as EventTypeResultCompleted. It may be
	// a type this package does not know (see EventType.Valid).
	Type EventType `json:"event_type"`
	// Data is the event's payload as sent.
	Data json.RawMessage `json:"data"`
	// Key identifies the delivery for de-duplication: the
	// X-CEKURA-IDEMPOTENCY-KEY header, else "sha256:" and the hex SHA-256
	// of the body. Never the event's type and object id: a later event
	// about the same object (a rerun, a re-evaluation) is a new outcome.
	Key string `json:"-"`
}

// Result decodes a result.completed event's result.
func (e *Event) Result() (*cekura.Result, error) {
	if e.Type != EventTypeResultCompleted {
		return nil, fmt.Errorf("webhook: a %s event holds no result", e.Type)
	}
	r := new(cekura.Result)
	return r, json.Unmarshal(e.Data, r)
}

// Call decodes a call_log.completed event's call: the production call
// with its evaluation.
func (e *Event) Call() (*cekura.Call, error) {
	if e.Type != EventTypeCallLogCompleted {
		return nil, fmt.Errorf("webhook: a %s event holds no call", e.Type)
	}
	c := new(cekura.Call)
	return c, json.Unmarshal(e.Data, c)
}

// PreTrigger is a result.pre_trigger event's data: the runs about to dial.
type PreTrigger struct {
	// ResultID is the result the runs belong to (Results.Get, Results.Wait).
	ResultID int64 `json:"result_id"`
	// Label is the result's name.
	Label string `json:"label"`
	// AgentID is the agent under test.
	AgentID int64 `json:"agent_id"`
	// Runs are the runs about to dial, in the order of their ids (sent as
	// an object keyed by run id), each with its scenario: decoded as a
	// Result's runs are.
	Runs []*cekura.Run `json:"runs"`
}

// PreTrigger decodes a result.pre_trigger event's data.
func (e *Event) PreTrigger() (*PreTrigger, error) {
	if e.Type != EventTypeResultPreTrigger {
		return nil, fmt.Errorf("webhook: a %s event holds no pre-trigger", e.Type)
	}
	var wire struct {
		ResultID int64           `json:"result_id"`
		Label    string          `json:"label"`
		AgentID  int64           `json:"agent_id"`
		Runs     json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(e.Data, &wire); err != nil {
		return nil, err
	}
	p := &PreTrigger{ResultID: wire.ResultID, Label: wire.Label, AgentID: wire.AgentID}
	if len(wire.Runs) > 0 {
		// The runs, keyed by id, decode as a result's runs do.
		var r cekura.Result
		if err := json.Unmarshal([]byte(`{"runs":`+string(wire.Runs)+`}`), &r); err != nil {
			return nil, err
		}
		p.Runs = r.Runs
	}
	return p, nil
}

// Handler is an http.Handler for Cekura's deliveries. It answers:
// 401 for a missing or wrong secret (compared in constant time), 405 for a
// method other than POST, 413 for a body over MaxBodyBytes, 400 for a body
// that is not an event, 200 for a delivery it has already handled (a retry
// or a replay: OnEvent is not called again), 500 when OnEvent fails (the
// delivery is not remembered, so a retry is handled), and 200 otherwise.
type Handler struct {
	// Secret is the webhook secret configured on Cekura; required.
	Secret cekura.Secret
	// OnEvent handles an event; required. An error answers 500.
	OnEvent func(ctx context.Context, e *Event) error
	// MaxBodyBytes bounds a body (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Remember is how many delivery keys are kept for de-duplication
	// (default 10,000), the oldest forgotten first.
	Remember int

	mu   sync.Mutex
	seen map[string]*list.Element
	lru  list.List
	busy map[string]bool
}

var errNoSecret = errors.New("webhook: Handler.Secret is empty; refusing every delivery")

// ServeHTTP handles one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if h.Secret == "" || h.OnEvent == nil {
		http.Error(w, errNoSecret.Error(), http.StatusInternalServerError)
		return
	}
	got := r.Header.Get(SecretHeader)
	if subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret.Reveal())) != 1 {
		http.Error(w, "wrong or missing "+SecretHeader, http.StatusUnauthorized)
		return
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		http.Error(w, "could not read the body", http.StatusBadRequest)
		return
	}
	if int64(len(body)) > limit {
		http.Error(w, "body over "+strconv.FormatInt(limit, 10)+" bytes", http.StatusRequestEntityTooLarge)
		return
	}
	e := new(Event)
	if err := json.Unmarshal(body, e); err != nil || e.Type == "" {
		http.Error(w, "not a Cekura event", http.StatusBadRequest)
		return
	}
	e.Key = deliveryKey(r, body)
	switch h.claim(e.Key) {
	case handled:
		w.WriteHeader(http.StatusOK) // handled before: a retry or a replay
		return
	case inFlight:
		// The first copy is still being handled and may yet fail: this one
		// is not acknowledged, so that the sender tries again later.
		w.Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
		http.Error(w, "this delivery is being handled; try again later", http.StatusConflict)
		return
	}
	if err := h.OnEvent(r.Context(), e); err != nil {
		h.release(e.Key, false)
		http.Error(w, "handler failed", http.StatusInternalServerError)
		return
	}
	h.release(e.Key, true)
	w.WriteHeader(http.StatusOK)
}

// busyRetryAfter is the Retry-After, in seconds, of the answer to a
// duplicate that arrives while the first copy is being handled.
const busyRetryAfter = 5

// deliveryKey names a delivery: the sender's idempotency key, else a hash
// of the body. Never the event's type and object id: a later event about
// the same object (after a rerun or a re-evaluation) is a new outcome.
func deliveryKey(r *http.Request, body []byte) string {
	if k := r.Header.Get(IdempotencyKeyHeader); k != "" {
		return k
	}
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// claimState is what claim found of a delivery key.
type claimState uint8

const (
	claimed  claimState = iota // new: the caller handles it
	handled                    // handled before
	inFlight                   // being handled now
)

// claim marks key as being handled when it is new.
func (h *Handler) claim(key string) claimState {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen, h.busy = map[string]*list.Element{}, map[string]bool{}
	}
	if _, done := h.seen[key]; done {
		return handled
	}
	if h.busy[key] {
		return inFlight
	}
	h.busy[key] = true
	return claimed
}

// release ends handling key, remembering it when it was handled.
func (h *Handler) release(key string, handled bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.busy, key)
	if !handled {
		return
	}
	h.seen[key] = h.lru.PushBack(key)
	max := h.Remember
	if max <= 0 {
		max = 10000
	}
	for h.lru.Len() > max {
		oldest := h.lru.Front()
		h.lru.Remove(oldest)
		delete(h.seen, oldest.Value.(string))
	}
}
