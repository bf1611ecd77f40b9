package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const resultEvent = `{"event_type": "result.completed", "data": {"id": 77, "name": "nightly", "agent": 5, "status": "completed",
  "runs": {"901": {"id": 901, "success": true, "scenario": {"id": 11, "name": "Refund"}}, "902": {"id": 902, "success": false, "error_message": "no answer"}}}}`

func deliver(t *testing.T, h http.Handler, secret, body string, headers ...string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/cekura", strings.NewReader(body))
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code
}

func TestHandlerChecksDedupesAndLimits(t *testing.T) {
	var got []*Event
	var mu sync.Mutex
	h := &Handler{Secret: "whsec_right", MaxBodyBytes: 4096, OnEvent: func(_ context.Context, e *Event) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
		return nil
	}}
	assert.Equal(t, http.StatusUnauthorized, deliver(t, h, "whsec_wrong", resultEvent), "a wrong secret")
	assert.Equal(t, http.StatusUnauthorized, deliver(t, h, "", resultEvent), "no secret")
	assert.Equal(t, http.StatusUnauthorized, deliver(t, h, "whsec_righ", resultEvent), "a prefix of the secret")
	assert.Equal(t, http.StatusRequestEntityTooLarge, deliver(t, h, "whsec_right", `{"event_type": "x", "data": "`+strings.Repeat("a", 5000)+`"}`))
	assert.Equal(t, http.StatusBadRequest, deliver(t, h, "whsec_right", `not json`))
	assert.Empty(t, got, "nothing reached the handler")

	assert.Equal(t, http.StatusOK, deliver(t, h, "whsec_right", resultEvent))
	assert.Equal(t, http.StatusOK, deliver(t, h, "whsec_right", resultEvent), "a replay is acknowledged")
	require.Len(t, got, 1, "and handled once")
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, got[0].Key, "no idempotency key: the body's hash")
	r, err := got[0].Result()
	require.NoError(t, err)
	assert.Equal(t, int64(77), r.ID)
	v := cekura.NewVerdict(r)
	assert.False(t, v.Passed)
	assert.Equal(t, "no answer", v.Failures[0].Reason)
	_, err = got[0].Call()
	assert.Error(t, err, "not a call log event")

	pre := `{"event_type": "result.pre_trigger", "data": {"result_id": 78, "label": "x", "agent_id": 5, "runs": {"1": {}}}}`
	assert.Equal(t, http.StatusOK, deliver(t, h, "whsec_right", pre, IdempotencyKeyHeader, "result_pre_trigger:78"))
	assert.Equal(t, http.StatusOK, deliver(t, h, "whsec_right", pre, IdempotencyKeyHeader, "result_pre_trigger:78"))
	require.Len(t, got, 2)
	assert.Equal(t, "result_pre_trigger:78", got[1].Key)
	p, err := got[1].PreTrigger()
	require.NoError(t, err)
	assert.Equal(t, int64(78), p.ResultID)

	req := httptest.NewRequest(http.MethodGet, "/cekura", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
}

func TestEventTypeValid(t *testing.T) {
	for _, typ := range []EventType{EventTypeResultCompleted, EventTypeCallLogCompleted, EventTypeResultPreTrigger} {
		assert.True(t, typ.Valid(), typ)
	}
	for _, typ := range []EventType{"", "result.started", "Result.Completed"} {
		assert.False(t, typ.Valid(), typ)
	}
}

func TestAnUnknownEventTypeReachesOnEvent(t *testing.T) {
	var got *Event
	h := &Handler{Secret: "s", OnEvent: func(_ context.Context, e *Event) error { got = e; return nil }}
	require.Equal(t, http.StatusOK, deliver(t, h, "s", `{"event_type": "result.started", "data": {"id": 9}}`))
	require.NotNil(t, got)
	assert.Equal(t, EventType("result.started"), got.Type)
	assert.False(t, got.Type.Valid())
	_, err := got.Result()
	assert.ErrorContains(t, err, "a result.started event holds no result")
}

func TestCallDecodesACallLogEvent(t *testing.T) {
	e := &Event{Type: EventTypeCallLogCompleted, Data: []byte(`{"id": 31, "agent": 5}`)}
	c, err := e.Call()
	require.NoError(t, err)
	assert.Equal(t, int64(31), c.ID)
	_, err = e.PreTrigger()
	assert.Error(t, err, "not a pre-trigger event")
}

func TestAFailedHandlerIsRetriedAndAConcurrentDuplicateIsNot(t *testing.T) {
	var calls atomic.Int32
	fail := true
	h := &Handler{Secret: "s", OnEvent: func(context.Context, *Event) error {
		calls.Add(1)
		if fail {
			return errors.New("database down")
		}
		return nil
	}}
	assert.Equal(t, http.StatusInternalServerError, deliver(t, h, "s", resultEvent))
	fail = false
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", resultEvent), "Cekura's retry is handled")
	assert.Equal(t, int32(2), calls.Load())

	// Many copies of one delivery at once: handled once; the copies that
	// arrive while it is handled are not acknowledged.
	var once atomic.Int32
	h2 := &Handler{Secret: "s", OnEvent: func(context.Context, *Event) error { once.Add(1); return nil }}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := deliver(t, h2, "s", resultEvent)
			assert.Contains(t, []int{http.StatusOK, http.StatusConflict}, code)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), once.Load())

	// The memory of deliveries is bounded.
	h3 := &Handler{Secret: "s", Remember: 2, OnEvent: func(context.Context, *Event) error { return nil }}
	for _, id := range []string{"1", "2", "3"} {
		deliver(t, h3, "s", `{"event_type": "result.completed", "data": {"id": `+id+`}}`)
	}
	assert.Equal(t, 2, h3.lru.Len())
	sum := sha256.Sum256([]byte(`{"event_type": "result.completed", "data": {"id": 1}}`))
	assert.NotContains(t, h3.seen, "sha256:"+hex.EncodeToString(sum[:]), "the oldest is forgotten")

	empty := &Handler{OnEvent: func(context.Context, *Event) error { return nil }}
	assert.Equal(t, http.StatusInternalServerError, deliver(t, empty, "", resultEvent), "no configured secret accepts nothing")
}

// TestALaterOutcomeOfTheSameObjectIsANewEvent: after a rerun or a
// re-evaluation Cekura sends call_log.completed again for the same call;
// it must reach OnEvent, with or without an idempotency key.
func TestALaterOutcomeOfTheSameObjectIsANewEvent(t *testing.T) {
	var got []string
	h := &Handler{Secret: "s", OnEvent: func(_ context.Context, e *Event) error {
		c, err := e.Call()
		require.NoError(t, err)
		got = append(got, string(c.Status))
		return nil
	}}
	first := `{"event_type": "call_log.completed", "data": {"id": 31, "status": "failure"}}`
	rerun := `{"event_type": "call_log.completed", "data": {"id": 31, "status": "success"}}`
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", first))
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", rerun))
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", rerun), "the same delivery again")
	assert.Equal(t, []string{"failure", "success"}, got)
	// With keys: a new key is a new delivery, whatever the body.
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", first, IdempotencyKeyHeader, "k-3"))
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", first, IdempotencyKeyHeader, "k-3"))
	assert.Equal(t, []string{"failure", "success", "failure"}, got)
}

// TestADuplicateWhileTheFirstIsHandledIsNotAcknowledged: if the first copy
// then fails, the sender must still retry, so the duplicate gets 409 with
// Retry-After, and the retry after the failure reaches OnEvent.
func TestADuplicateWhileTheFirstIsHandledIsNotAcknowledged(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	h := &Handler{Secret: "s", OnEvent: func(context.Context, *Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
			return errors.New("database down")
		}
		return nil
	}}
	done := make(chan int)
	go func() { done <- deliver(t, h, "s", resultEvent, IdempotencyKeyHeader, "k-1") }()
	<-entered
	req := httptest.NewRequest(http.MethodPost, "/cekura", strings.NewReader(resultEvent))
	req.Header.Set(SecretHeader, "s")
	req.Header.Set(IdempotencyKeyHeader, "k-1")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, http.StatusConflict, w.Code, "not acknowledged while the first copy is handled")
	assert.Equal(t, "5", w.Header().Get("Retry-After"))
	close(release)
	assert.Equal(t, http.StatusInternalServerError, <-done, "the first copy failed")
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", resultEvent, IdempotencyKeyHeader, "k-1"), "the retry")
	assert.Equal(t, int32(2), calls.Load(), "the retry reached OnEvent")
	assert.Equal(t, http.StatusOK, deliver(t, h, "s", resultEvent, IdempotencyKeyHeader, "k-1"))
	assert.Equal(t, int32(2), calls.Load(), "and is remembered once handled")
}

// TestConcurrentDeliveriesAreEachHandledOnce: many keys, each sent by
// several goroutines at once, with a bounded memory.
func TestConcurrentDeliveriesAreEachHandledOnce(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	h := &Handler{Secret: "s", Remember: 1000, OnEvent: func(_ context.Context, e *Event) error {
		mu.Lock()
		seen[e.Key]++
		mu.Unlock()
		return nil
	}}
	var wg sync.WaitGroup
	for i := range 200 {
		key := "k-" + strconv.Itoa(i)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					if deliver(t, h, "s", resultEvent, IdempotencyKeyHeader, key) == http.StatusOK {
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	assert.Len(t, seen, 200)
	for k, n := range seen {
		assert.Equal(t, 1, n, k)
	}
	assert.LessOrEqual(t, h.lru.Len(), 1000)
}

// FuzzHandler sends arbitrary deliveries: never a panic, and OnEvent runs
// only with the right secret, a body within the limit and a typed event.
func FuzzHandler(f *testing.F) {
	f.Add("whsec", resultEvent, "")
	f.Add("wrong", `{"event_type": "", "data": 5}`, "k")
	f.Add("whsec", `{"event_type": "call_log.completed", "data": {"id": "x"}}`, "")
	f.Fuzz(func(t *testing.T, secret, body, key string) {
		called := false
		h := &Handler{Secret: "whsec", MaxBodyBytes: 2048, OnEvent: func(_ context.Context, e *Event) error {
			called = true
			if e.Type == "" {
				t.Fatal("an event without a type")
			}
			_, _ = e.Result()
			_, _ = e.Call()
			_, _ = e.PreTrigger()
			return nil
		}}
		code := deliver(t, h, secret, body, IdempotencyKeyHeader, strings.TrimSpace(strings.ToValidUTF8(key, "")))
		if called && (secret != "whsec" || len(body) > 2048) {
			t.Fatalf("handled a delivery with secret %q and %d bytes", secret, len(body))
		}
		if code == http.StatusOK && secret != "whsec" {
			t.Fatalf("200 for a wrong secret")
		}
	})
}
