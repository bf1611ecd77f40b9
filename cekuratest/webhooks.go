package cekuratest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
)

// The webhooks the fake sends: result.pre_trigger before a result's runs
// are dispatched, result.completed when a result ends on the fake's clock,
// call_log.completed when a call's evaluation ends on it; their retries;
// and SendWebhook.

// The delivery policy (see the package doc). Cekura documents retries only
// for the pre-run hook ("30s timeout, retried up to 3 times"); the fake
// keeps its shape and shortens the times, so that a test of a failing
// receiver takes milliseconds.
const (
	// completedAttempts is how many times the fake tries result.completed
	// and call_log.completed: 1 + 4 retries.
	completedAttempts = 5
	// preTriggerAttempts is how many times it tries result.pre_trigger:
	// 1 + the 3 retries Cekura documents.
	preTriggerAttempts = 4
	// deliveryTimeout bounds one attempt (real time; Cekura's is 30 s):
	// a receiver that does not answer in it counts as unanswered.
	deliveryTimeout = 2 * time.Second
	// retryBase is the wait before the first retry; it doubles with each
	// retry, up to retryCap (real time). A Retry-After in the answer is
	// honoured up to retryCap too.
	retryBase = 10 * time.Millisecond
	retryCap  = 100 * time.Millisecond
)

// Delivery is one attempt at a webhook the fake sent: one it made itself
// (result.pre_trigger, result.completed and call_log.completed, to the
// agent's webhook_url) or one a test sent with SendWebhook.
type Delivery struct {
	// URL is where it was posted.
	URL string
	// EventType is the event's type.
	EventType webhook.EventType
	// IdempotencyKey is the X-CEKURA-IDEMPOTENCY-KEY header, the same on
	// every attempt at one event: "result_pre_trigger:<result id>" (as
	// Cekura documents), "result_completed:<result id>" and
	// "call_log_completed:<call id>:<evaluation>", where evaluation counts
	// the call's evaluations from 1 (a re-evaluation is a new event).
	// SendWebhook sends none.
	IdempotencyKey string
	// Attempt counts the attempts at the event from 1.
	Attempt int
	// Status is the receiver's answer; 0 when it could not be reached.
	Status int
	// Err is why the receiver could not be reached (refused, reset, no
	// answer within the attempt's timeout); nil when it answered.
	Err error
}

// event is a webhook to send: every attempt carries the same body and key.
type event struct {
	to       string
	secret   cekura.Secret
	typ      webhook.EventType
	key      string
	body     []byte
	attempts int
}

// newEvent builds an event for the agent's webhook, else its project's;
// false when neither has a webhook_url (or the project's settings do not
// ask for the event), the agent is gone, or the data does not encode. s.mu
// is held.
func (s *Server) newEvent(agentID int64, t webhook.EventType, key string, data any, attempts int) (event, bool) {
	a, ok := s.agents.get(agentID)
	if !ok {
		return event{}, false
	}
	to, secret := a.webhookURL, cekura.Secret(a.webhookSecret)
	if to == "" { // the agent's webhook_url overrides its project's (workspace.go)
		if to, secret, ok = s.projectHook(a, t, data); !ok {
			return event{}, false
		}
	}
	body, err := eventBody(t, data)
	if err != nil {
		return event{}, false
	}
	return event{to: to, secret: secret, typ: t, key: key, body: body, attempts: attempts}, true
}

// deliver sends ev in the background, retrying as the policy says;
// Deliveries and Close wait for it. s.mu is held.
func (s *Server) deliver(ev event) {
	s.inflight++
	go func() {
		s.send(ev)
		s.mu.Lock()
		s.inflight--
		if s.inflight == 0 {
			s.idle.Broadcast()
		}
		s.mu.Unlock()
	}()
}

// send makes the attempts at ev until one is answered 2xx or none is left
// (or the fake is closing), recording each, and returns the last.
func (s *Server) send(ev event) Delivery {
	for n := 1; ; n++ {
		d, retryAfter := s.post(ev, n)
		s.mu.Lock()
		s.sent = append(s.sent, d)
		s.mu.Unlock()
		if (d.Err == nil && d.Status >= 200 && d.Status < 300) || n >= ev.attempts {
			return d
		}
		wait := min(retryCap, max(retryBase<<(n-1), retryAfter))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			return d
		}
	}
}

func eventBody(t webhook.EventType, data any) ([]byte, error) {
	return json.Marshal(map[string]any{"event_type": t, "data": data})
}

// post makes one attempt and says how it went, with the answer's
// Retry-After.
func (s *Server) post(ev event, attempt int) (Delivery, time.Duration) {
	d := Delivery{URL: ev.to, EventType: ev.typ, IdempotencyKey: ev.key, Attempt: attempt}
	ctx, cancel := context.WithTimeout(context.Background(), deliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.to, bytes.NewReader(ev.body))
	if err != nil {
		d.Err = fmt.Errorf("cekuratest: webhook to %q: %w", ev.to, err)
		return d, 0
	}
	req.Header.Set("Content-Type", "application/json")
	if ev.secret != "" {
		req.Header.Set(webhook.SecretHeader, ev.secret.Reveal())
	}
	if ev.key != "" {
		req.Header.Set(webhook.IdempotencyKeyHeader, ev.key)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		d.Err = fmt.Errorf("cekuratest: webhook to %q: %w", ev.to, err)
		return d, 0
	}
	d.Status = resp.StatusCode
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	var retryAfter time.Duration
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		retryAfter = time.Duration(secs) * time.Second
	}
	return d, retryAfter
}

// announce delivers the events that the fake's clock has reached: the
// results that ended and the calls whose evaluation ended, each once per
// outcome. It runs whenever the clock may have moved: on Advance, on the
// waits of Client's clients, on every request and on Deliveries. s.mu is
// held.
func (s *Server) announce() {
	if len(s.unannouncedResults) == 0 && len(s.unannouncedCalls) == 0 {
		return // and leave a test's own clock alone
	}
	now := s.now()
	if !s.nextAnnounce.IsZero() && now.Before(s.nextAnnounce) {
		return
	}
	var next time.Time // the earliest end of what stays unannounced
	later := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	defer func() { s.nextAnnounce = next }()
	for _, id := range sortedKeys(s.unannouncedResults) {
		res, ok := s.results.get(id)
		if !ok {
			delete(s.unannouncedResults, id)
			continue
		}
		if _, ended := res.phase(now); !ended {
			if !res.gated && !res.outcome.Never {
				later(res.started.Add(res.outcome.Duration))
			} else if res.gated {
				later(now) // look again once the hook has answered
			}
			continue
		}
		delete(s.unannouncedResults, id)
		out := s.renderResult(res, now)
		if ev, ok := s.newEvent(res.agent, webhook.EventTypeResultCompleted, "result_completed:"+strconv.FormatInt(id, 10), resultDetail(out), completedAttempts); ok {
			s.deliver(ev)
		}
	}
	for _, id := range sortedKeys(s.unannouncedCalls) {
		c, ok := s.calls.get(id)
		if !ok {
			delete(s.unannouncedCalls, id)
			continue
		}
		if due := c.evalStart.Add(evaluationTime); now.Before(due) {
			later(due)
			continue
		}
		out := c.render(now)
		delete(s.unannouncedCalls, id)
		data := map[string]json.RawMessage{}
		b, _ := json.Marshal(out)
		_ = json.Unmarshal(b, &data)
		data["agent_id"] = json.RawMessage(strconv.FormatInt(c.agent, 10))
		key := fmt.Sprintf("call_log_completed:%d:%d", id, c.evaluations)
		if ev, ok := s.newEvent(c.agent, webhook.EventTypeCallLogCompleted, key, data, completedAttempts); ok {
			s.deliver(ev)
		}
	}
}

func sortedKeys[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// dueAt notes that something unannounced can end at t. s.mu is held.
func (s *Server) dueAt(t time.Time) {
	if !s.nextAnnounce.IsZero() && t.Before(s.nextAnnounce) {
		s.nextAnnounce = t
	}
}

// resultDetail is a result as the API's detail view and result.completed
// send it: runs as an object keyed by run id, each run's scenario as
// {"id", "name"}.
func resultDetail(out *cekura.Result) map[string]json.RawMessage {
	body, _ := json.Marshal(out)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(body, &m)
	byID := make(map[string]json.RawMessage, len(out.Runs))
	for _, rn := range out.Runs {
		b, _ := json.Marshal(rn)
		var rm map[string]json.RawMessage
		_ = json.Unmarshal(b, &rm)
		rm["scenario"], _ = json.Marshal(map[string]any{"id": rn.ScenarioID, "name": rn.ScenarioName})
		delete(rm, "scenario_name")
		byID[strconv.FormatInt(rn.ID, 10)], _ = json.Marshal(rm)
	}
	m["runs"], _ = json.Marshal(byID)
	return m
}

// preTriggerData is result.pre_trigger's data for res. s.mu is held.
func (s *Server) preTriggerData(res *result) map[string]any {
	runs := make(map[string]any, len(res.runs))
	for _, id := range res.runs {
		rn, _ := s.runs.get(id)
		runs[strconv.FormatInt(id, 10)] = map[string]any{
			"id":           id,
			"scenario":     map[string]any{"id": rn.scenario, "name": rn.scenarioName},
			"test_profile": nil,
			"personality":  nil,
			"phone_number": nil,
		}
	}
	return map[string]any{"result_id": res.id, "label": res.name, "agent_id": res.agent,
		"timestamp": s.now(), "runs": runs}
}

// Deliveries waits for the webhooks in flight (their retries included) and
// returns every attempt the fake made, in the order they ended, those of
// SendWebhook included.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.announce()
	for s.inflight > 0 {
		s.idle.Wait()
	}
	return slices.Clone(s.sent)
}

// SendWebhook posts one event to url now, once, as Cekura would (data as
// the event's data, the secret in X-CEKURA-SECRET, none when it is empty,
// and no idempotency key), and returns the receiver's status, which need
// not be 2xx: a test of a webhook handler with a real delivery, wrong
// secrets and replays included. t may be any type, one
// webhook.EventType.Valid rejects included. A receiver that cannot be
// reached, or data that does not encode, is an error. The delivery is also
// recorded for Deliveries.
func (s *Server) SendWebhook(url string, secret cekura.Secret, t webhook.EventType, data any) (int, error) {
	body, err := eventBody(t, data)
	if err != nil {
		return 0, fmt.Errorf("cekuratest: SendWebhook: encoding the data: %w", err)
	}
	d := s.send(event{to: url, secret: secret, typ: t, body: body, attempts: 1})
	return d.Status, d.Err
}
