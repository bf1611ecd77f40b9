package cekuratest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// raw sends a request to the fake with net/http and decodes the JSON answer.
func raw(t *testing.T, s *Server, method, path, body string, key ...string) (int, http.Header, any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	require.NoError(t, err)
	k := s.APIKey()
	if len(key) > 0 {
		k = key[0]
	}
	if k != "" {
		req.Header.Set("X-CEKURA-API-KEY", k)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var v any
	if len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, &v), "the fake always answers JSON: %s", b)
	}
	return resp.StatusCode, resp.Header, v
}

const validBody = `{"name": "Support Bot", "description": "Handles calls", "project": 7}`

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s := NewServer(WithAPIKey("sk_right"))
	defer s.Close()
	status, _, body := raw(t, s, "GET", agentsPath, "", "")
	assert.Equal(t, 401, status)
	assert.Equal(t, map[string]any{"detail": "Authentication credentials were not provided."}, body)
	status, _, body = raw(t, s, "POST", agentsPath, validBody, "sk_wrong")
	assert.Equal(t, 401, status)
	assert.Equal(t, map[string]any{"detail": "Invalid API key."}, body)
	assert.Empty(t, s.Agents(), "nothing was created")
	status, _, _ = raw(t, s, "GET", agentsPath, "")
	assert.Equal(t, 200, status)

	_, err := s.Client(cekura.WithMaxRetries(0)).Agents.Get(context.Background(), 1)
	assert.ErrorIs(t, err, cekura.ErrNotFound, "the wired client authenticates")
	c, err := cekura.NewClient("sk_wrong", cekura.WithBaseURL(s.URL()))
	require.NoError(t, err)
	_, err = c.Agents.Get(context.Background(), 1)
	assert.ErrorIs(t, err, cekura.ErrUnauthorized)
}

func TestCreateAppliesTheAPIsRules(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	cases := []struct {
		name string
		body string
		want map[string]any
	}{
		{"missing required fields", `{}`, map[string]any{"name": []any{"This field is required."}, "description": []any{"This field is required."}}},
		{"blank and null", `{"name": "  ", "description": null}`, map[string]any{"name": []any{"This field may not be blank."}, "description": []any{"This field may not be null."}}},
		{"a name too long", `{"name": "` + strings.Repeat("a", 256) + `", "description": "d"}`, map[string]any{"name": []any{"Ensure this field has no more than 255 characters."}}},
		{"wrong types", `{"name": ["x"], "description": "d", "project": "abc", "agent_speaks_first": "maybe"}`, map[string]any{
			"name": []any{"Not a valid string."}, "project": []any{"Incorrect type. Expected pk value, received str."}, "agent_speaks_first": []any{"Must be a valid boolean."}}},
		{"a project that does not exist", `{"name": "n", "description": "d", "project": 0}`, map[string]any{"project": []any{`Invalid pk "0" - object does not exist.`}}},
		{"an unknown language", `{"name": "n", "description": "d", "language": "xx"}`, map[string]any{"language": []any{`"xx" is not a valid choice.`}}},
		{"a bad webhook url", `{"name": "n", "description": "d", "webhook_url": "not a url"}`, map[string]any{"webhook_url": []any{"Enter a valid URL."}}},
		{"telephony that is not an object", `{"name": "n", "description": "d", "telephony": "x"}`, map[string]any{"telephony": map[string]any{"non_field_errors": []any{"Invalid data. Expected a dictionary, but got str."}}}},
		{"nested telephony errors", `{"name": "n", "description": "d", "telephony": {"phone_number": "555", "inbound": 3, "sip_uri": "http://x", "outbound_numbers": ["+14155550000", "bad"]}}`,
			map[string]any{"telephony": map[string]any{
				"phone_number":     []any{"Enter a valid phone number in E.164 format, e.g. +14155551234."},
				"inbound":          []any{"Must be a valid boolean."},
				"sip_uri":          []any{"Enter a valid SIP URI, e.g. sip:user@domain.com."},
				"outbound_numbers": map[string]any{"1": []any{"Enter a valid phone number in E.164 format, e.g. +14155551234."}},
			}}},
		{"sip_auth without a username", `{"name": "n", "description": "d", "telephony": {"sip_auth": {"password": "p"}}}`,
			map[string]any{"telephony": map[string]any{"sip_auth": map[string]any{"username": []any{"This field is required."}}}}},
		{"an unknown provider type", `{"name": "n", "description": "d", "provider": {"type": "skype"}}`, map[string]any{"provider": map[string]any{"type": []any{`"skype" is not a valid choice.`}}}},
		{"a LiveKit config without its secret and url", `{"name": "n", "description": "d", "provider": {"type": "livekit", "credentials": {"api_key": "k", "config": {}}}}`,
			map[string]any{"provider": map[string]any{"credentials": map[string]any{"config": map[string]any{"api_secret": []any{"This field is required."}, "url": []any{"This field is required."}}}}}},
		{"a chat config without agent_id", `{"name": "n", "description": "d", "provider": {"chat_agent_details": {"type": "retell", "config": {}}}}`,
			map[string]any{"provider": map[string]any{"chat_agent_details": map[string]any{"config": map[string]any{"agent_id": []any{"This field is required."}}}}}},
		{"an unknown chat type", `{"name": "n", "description": "d", "provider": {"chat_agent_details": {"type": "telegram"}}}`,
			map[string]any{"provider": map[string]any{"chat_agent_details": map[string]any{"type": []any{`"telegram" is not a valid choice.`}}}}},
		{"a list body", `[1]`, map[string]any{"non_field_errors": []any{"Invalid data. Expected a dictionary, but got list."}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := raw(t, s, "POST", agentsPath, tc.body)
			assert.Equal(t, 400, status)
			assert.Equal(t, tc.want, body)
		})
	}
	status, _, body := raw(t, s, "POST", agentsPath, `{"name": "n", `)
	assert.Equal(t, 400, status)
	assert.Contains(t, body.(map[string]any)["detail"], "JSON parse error")
	assert.Empty(t, s.Agents(), "no rejected request created anything")
}

func TestCreateStoresWriteOnlyFieldsAndSetsReadOnlyOnes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 5, 9, 30, 0, 0, time.UTC)
	s := NewServer(WithClock(func() time.Time { return now }))
	defer s.Close()
	status, _, body := raw(t, s, "POST", agentsPath, `{
		"id": 999, "created_at": "2000-01-01T00:00:00Z", "mock_tools_provider": "vapi", "enabled_personalities": [6], "unknown_field": true,
		"name": "Support Bot", "description": "Handles calls", "project": 7,
		"telephony": {"phone_number": "+14155551234", "inbound": true, "sip_uri": "sip:a@b.example", "sip_auth": {"username": "u", "password": "sip-secret"}},
		"provider": {"type": "vapi", "agent_id": "asst_1", "credentials": {"api_key": "vapi-secret", "config": {"public_key": "pk"}}, "auto_dial_outbound": false},
		"predefined_metrics": {"m": 1}, "webhook_url": "https://hooks.example/x", "webhook_secret": "wh-secret"}`)
	require.Equal(t, 201, status)
	got := body.(map[string]any)
	assert.Equal(t, float64(1), got["id"], "the server assigns ids")
	assert.Equal(t, "2026-06-05T09:30:00Z", got["created_at"])
	assert.Equal(t, "2026-06-05T09:30:00Z", got["updated_at"])
	assert.Equal(t, []any{}, got["knowledge_base_files"], "an array, as the API's 2026-08 revision answers")
	assert.Equal(t, []any{}, got["enabled_personalities"])
	assert.Equal(t, "en", got["language"], "language defaults to en")
	assert.NotContains(t, got, "unknown_field")
	assert.NotContains(t, got, "webhook_secret")
	assert.NotContains(t, got, "predefined_metrics")
	assert.Equal(t, map[string]any{"username": "u"}, got["telephony"].(map[string]any)["sip_auth"])
	prov := got["provider"].(map[string]any)
	assert.Equal(t, map[string]any{"config": nil}, prov["credentials"], "no api_key, no config")
	assert.Equal(t, false, prov["auto_dial_outbound"])
	assert.Nil(t, prov["auto_import_calls"])
	b, _ := json.Marshal(body)
	for _, secret := range []string{"sip-secret", "vapi-secret", "wh-secret"} {
		assert.NotContains(t, string(b), secret)
	}
	sec, ok := s.StoredSecrets(1)
	require.True(t, ok)
	assert.Equal(t, "vapi-secret", sec.ProviderAPIKey.Reveal())
	assert.Equal(t, "wh-secret", sec.WebhookSecret.Reveal())
	assert.Equal(t, "sip-secret", sec.SIPPassword.Reveal())
	assert.JSONEq(t, `{"public_key": "pk"}`, string(sec.ProviderConfig))
	assert.Empty(t, sec.WebsocketPassword)
	assert.Nil(t, sec.ChatConfig)
	_, ok = s.StoredSecrets(2)
	assert.False(t, ok, "an unknown agent")
}

// TestStoredSecretsHoldWhatTheSDKSent is what StoredSecrets is for: every
// write-only secret an SDK request carries reaches the fake, which answers
// none of them.
func TestStoredSecretsHoldWhatTheSDKSent(t *testing.T) {
	t.Parallel()
	fake := New(t)
	ctx := context.Background()
	client := fake.Client()
	a, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "d", WebhookURL: "https://hooks.example/x", WebhookSecret: "wh-secret",
		Telephony: &cekura.Telephony{
			SIPURI: cekura.Some("sip:bot@pbx.example"), SIPAuth: &cekura.SIPAuth{Username: "u", Password: "sip-secret"},
			WebsocketURL: cekura.Some("wss://voice.example/ws"), WebsocketAuth: &cekura.SIPAuth{Username: "w", Password: "ws-secret"},
		},
		Provider: &cekura.Provider{
			Type: cekura.ProviderTypeLiveKit, AgentID: "lk",
			Credentials:      &cekura.ProviderCredentials{APIKey: "lk-key", Config: cekura.LiveKitConfig{APISecret: "lk-secret", URL: "wss://acme.livekit.cloud"}},
			ChatAgentDetails: &cekura.ChatAgentDetails{Type: cekura.ChatTypeAgentforce, Config: cekura.AgentforceChatConfig{ClientSecret: "af-secret", ClientID: "c", Domain: "https://x.my.salesforce.com", AgentID: "0Xx1"}},
		},
	})
	require.NoError(t, err)
	sec, ok := fake.StoredSecrets(a.ID)
	require.True(t, ok)
	assert.Equal(t, cekura.Secret("lk-key"), sec.ProviderAPIKey)
	assert.Equal(t, cekura.Secret("wh-secret"), sec.WebhookSecret)
	assert.Equal(t, cekura.Secret("sip-secret"), sec.SIPPassword)
	assert.Equal(t, cekura.Secret("ws-secret"), sec.WebsocketPassword)
	var lk cekura.LiveKitConfig
	require.NoError(t, json.Unmarshal(sec.ProviderConfig, &lk))
	assert.Equal(t, cekura.Secret("lk-secret"), lk.APISecret)
	var af cekura.AgentforceChatConfig
	require.NoError(t, json.Unmarshal(sec.ChatConfig, &af))
	assert.Equal(t, cekura.Secret("af-secret"), af.ClientSecret)

	got, err := client.Agents.Get(ctx, a.ID)
	require.NoError(t, err)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	for _, secret := range []string{"lk-key", "wh-secret", "sip-secret", "ws-secret", "lk-secret", "af-secret"} {
		assert.NotContains(t, string(b), secret, "the API never returns it")
	}
}

func TestGetReplaceUpdateDelete(t *testing.T) {
	t.Parallel()
	times := []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := times[0]
		if len(times) > 1 {
			times = times[1:]
		}
		return t
	}
	s := NewServer(WithClock(clock))
	defer s.Close()
	status, _, _ := raw(t, s, "POST", agentsPath, `{"name": "A", "description": "d", "language": "fr", "telephony": {"phone_number": "+14155551234", "inbound": true}, "agent_speaks_first": true}`)
	require.Equal(t, 201, status)

	status, _, body := raw(t, s, "GET", agentsPath+"1/", "")
	require.Equal(t, 200, status)
	assert.Equal(t, "A", body.(map[string]any)["name"])
	status, _, body = raw(t, s, "GET", agentsPath+"2/", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, map[string]any{"detail": "Not found."}, body)

	// PATCH changes only what it names, merges nested blocks, and null clears.
	status, _, body = raw(t, s, "PATCH", agentsPath+"1/", `{"name": "B", "telephony": {"sip_uri": "sip:x@y.example"}, "agent_speaks_first": null}`)
	require.Equal(t, 200, status)
	got := body.(map[string]any)
	assert.Equal(t, "B", got["name"])
	assert.Equal(t, "fr", got["language"])
	tel := got["telephony"].(map[string]any)
	assert.Equal(t, "+14155551234", tel["phone_number"])
	assert.Equal(t, true, tel["inbound"])
	assert.Equal(t, "sip:x@y.example", tel["sip_uri"])
	assert.Nil(t, got["agent_speaks_first"])
	assert.Equal(t, "2026-01-01T00:00:00Z", got["created_at"])
	assert.Equal(t, "2026-01-02T00:00:00Z", got["updated_at"])

	// A rejected PATCH changes nothing.
	status, _, _ = raw(t, s, "PATCH", agentsPath+"1/", `{"name": "C", "language": "xx"}`)
	assert.Equal(t, 400, status)
	_, _, body = raw(t, s, "GET", agentsPath+"1/", "")
	assert.Equal(t, "B", body.(map[string]any)["name"])

	// PUT replaces: what it leaves out returns to its default.
	status, _, body = raw(t, s, "PUT", agentsPath+"1/", `{"name": "D", "description": "d2"}`)
	require.Equal(t, 200, status)
	got = body.(map[string]any)
	assert.Equal(t, "en", got["language"])
	assert.Empty(t, got["telephony"].(map[string]any)["phone_number"], "no phone number any more")
	assert.Equal(t, "2026-01-01T00:00:00Z", got["created_at"])
	status, _, body = raw(t, s, "PUT", agentsPath+"1/", `{"name": "E"}`)
	assert.Equal(t, 400, status)
	assert.Equal(t, map[string]any{"description": []any{"This field is required."}}, body)

	status, _, _ = raw(t, s, "DELETE", agentsPath+"1/?delete_related=maybe", "")
	assert.Equal(t, 400, status)
	status, _, body = raw(t, s, "DELETE", agentsPath+"1/?delete_related=false", "")
	assert.Equal(t, 204, status)
	assert.Nil(t, body)
	status, _, _ = raw(t, s, "DELETE", agentsPath+"1/", "")
	assert.Equal(t, 404, status)

	status, hdr, _ := raw(t, s, "POST", agentsPath+"1/", `{}`)
	assert.Equal(t, 405, status)
	assert.Equal(t, "GET, PUT, PATCH, DELETE", hdr.Get("Allow"))
	status, _, _ = raw(t, s, "GET", "/test_framework/v2/aiagents/1", "")
	assert.Equal(t, 404, status, "paths keep their trailing slash")
}

func TestListPaginatesAndFilters(t *testing.T) {
	t.Parallel()
	var seeds []*cekura.CreateAgentRequest
	for i := range 7 {
		seeds = append(seeds, &cekura.CreateAgentRequest{Name: "agent", Description: "d", ProjectID: int64(1 + i%2)})
	}
	s := NewServer(WithAgents(seeds...), WithPageSize(3))
	defer s.Close()

	status, _, body := raw(t, s, "GET", agentsPath, "")
	require.Equal(t, 200, status)
	page := body.(map[string]any)
	assert.Equal(t, float64(7), page["count"])
	assert.Len(t, page["results"], 3)
	assert.Equal(t, s.URL()+agentsPath+"?page=2", page["next"])
	assert.Nil(t, page["previous"])

	_, _, body = raw(t, s, "GET", agentsPath+"?page=3", "")
	page = body.(map[string]any)
	assert.Len(t, page["results"], 1)
	assert.Nil(t, page["next"])
	assert.Equal(t, s.URL()+agentsPath+"?page=2", page["previous"])
	_, _, body = raw(t, s, "GET", agentsPath+"?page=2", "")
	assert.Equal(t, s.URL()+agentsPath, body.(map[string]any)["previous"], "DRF drops page=1 from links")

	_, _, body = raw(t, s, "GET", agentsPath+"?project_id=2&page_size=2", "")
	page = body.(map[string]any)
	assert.Equal(t, float64(3), page["count"])
	assert.Equal(t, s.URL()+agentsPath+"?page=2&page_size=2&project_id=2", page["next"])
	for _, r := range page["results"].([]any) {
		assert.Equal(t, float64(2), r.(map[string]any)["project"])
	}

	status, _, body = raw(t, s, "GET", agentsPath+"?page=9", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, map[string]any{"detail": "Invalid page."}, body)
	status, _, _ = raw(t, s, "GET", agentsPath+"?project_id=x", "")
	assert.Equal(t, 400, status)

	// Through the SDK: All follows the absolute next links.
	var ids []int64
	for a, err := range s.Client().Agents.All(context.Background(), &cekura.ListAgentsParams{PageSize: 2}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7}, ids)
}

func TestEmptyListHasOnePage(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	page, err := s.Client().Agents.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, 0, page.Count)
	assert.Empty(t, page.Results)
	assert.Empty(t, page.Next)
}

func TestRequestsAreRecordedWithTheKeyRedacted(t *testing.T) {
	t.Parallel()
	s := NewServer(WithAPIKey("sk_recorded"))
	defer s.Close()
	c := s.Client()
	_, err := c.Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "n", Description: "d"})
	require.NoError(t, err)
	require.NoError(t, c.Agents.Delete(context.Background(), 1, &cekura.DeleteAgentParams{DeleteRelated: cekura.Some(false)}))
	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, agentsPath, reqs[0].Path)
	assert.JSONEq(t, `{"name": "n", "description": "d"}`, string(reqs[0].Body))
	assert.Equal(t, cekura.Redacted, reqs[0].Header.Get("X-CEKURA-API-KEY"))
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "cekura-go/")
	assert.Equal(t, "DELETE", reqs[1].Method)
	assert.Equal(t, "false", reqs[1].Query.Get("delete_related"))
	for _, r := range reqs {
		for _, vs := range r.Header {
			for _, v := range vs {
				assert.NotContains(t, v, "sk_recorded")
			}
		}
	}
	reqs[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), s.Requests()[0].Body[0], "Requests returns copies")
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	t.Run("FailNext answers the next n requests with the status", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.Fail(Fault{Status: 503, RetryAfter: 1500 * time.Millisecond, Times: 2})
		status, hdr, body := raw(t, s, "GET", agentsPath, "")
		assert.Equal(t, 503, status)
		assert.Equal(t, "2", hdr.Get("Retry-After"))
		assert.Equal(t, map[string]any{"detail": "Injected failure: Service Unavailable."}, body)
		status, _, _ = raw(t, s, "GET", agentsPath, "", "wrong key too")
		assert.Equal(t, 503, status, "before authentication")
		status, _, _ = raw(t, s, "GET", agentsPath, "")
		assert.Equal(t, 200, status)
	})
	t.Run("the SDK retries a GET through injected 503s", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.FailNext(2, 503)
		c := s.Client(cekura.WithRetryBackoff(time.Millisecond, time.Millisecond))
		_, err := c.Agents.List(context.Background(), nil)
		require.NoError(t, err)
		assert.Len(t, s.Requests(), 3)
	})
	t.Run("a POST that fails after the write is not retried: no duplicate", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.Fail(Fault{Status: 504, AfterWrite: true})
		c := s.Client(cekura.WithRetryBackoff(time.Millisecond, time.Millisecond))
		_, err := c.Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "n", Description: "d"})
		require.ErrorIs(t, err, cekura.ErrServer)
		assert.Len(t, s.Agents(), 1, "the agent exists although the caller saw an error")
		assert.Len(t, s.Requests(), 1, "and the SDK did not send it again")
	})
	t.Run("a 429 on POST is retried, and creates one agent", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.FailNext(1, 429)
		c := s.Client(cekura.WithRetryBackoff(time.Millisecond, time.Millisecond))
		_, err := c.Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "n", Description: "d"})
		require.NoError(t, err)
		assert.Len(t, s.Agents(), 1)
	})
	t.Run("latency lets a caller's timeout fire", func(t *testing.T) {
		s := NewServer(WithLatency(time.Minute))
		defer s.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := s.Client(cekura.WithMaxRetries(0)).Agents.Get(ctx, 1)
		require.Error(t, err)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	})
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	c := s.Client()
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := c.Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "n", Description: "d"})
			if !assert.NoError(t, err) {
				return
			}
			_, err = c.Agents.Update(context.Background(), a.ID, &cekura.UpdateAgentRequest{Name: cekura.Some("m")})
			assert.NoError(t, err)
			if i%2 == 0 {
				assert.NoError(t, c.Agents.Delete(context.Background(), a.ID, nil))
			}
			_, _ = c.Agents.List(context.Background(), nil)
			_ = s.Requests()
		}()
	}
	wg.Wait()
	assert.Len(t, s.Agents(), 16)
	ids := map[int64]bool{}
	for _, a := range s.Agents() {
		assert.False(t, ids[a.ID])
		ids[a.ID] = true
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s := NewServer(WithLatency(time.Hour))
	c := s.Client(cekura.WithMaxRetries(0))
	done := make(chan error, 1)
	go func() { _, err := c.Agents.Get(context.Background(), 1); done <- err }()
	for len(s.Requests()) == 0 {
		runtime.Gosched()
	}
	s.Close()
	require.Error(t, <-done, "a request waiting on latency ends at Close")
	s.Close() // idempotent
	for i := 0; i < 200 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond) // goroutines of closed connections take a moment to return
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before)
}

func TestSeededAgentsAndRoundTrip(t *testing.T) {
	t.Parallel()
	s := NewServer(WithAgents(&cekura.CreateAgentRequest{Name: "seed", Description: "d", Language: cekura.LanguageGerman}))
	defer s.Close()
	a, err := s.Client().Agents.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "seed", a.Name)
	assert.Equal(t, cekura.LanguageGerman, a.Language)
	assert.True(t, bytes.HasPrefix(a.RawJSON(), []byte(`{"id":1,`)))
}

func TestFaultsAimedAtAMethodAndPath(t *testing.T) {
	fake := New(t, WithAgents(&cekura.CreateAgentRequest{Name: "A", Description: "d"}))
	client := fake.Client(cekura.WithMaxRetries(0))
	ctx := context.Background()
	fake.Fail(Fault{Method: "POST", Path: agentsPath, Status: 503, Times: 2})
	fake.Fail(Fault{Method: "GET", Path: agentsPath + "*", Status: 429, RetryAfter: 3 * time.Second})

	// A GET of the collection is not a POST: only the second fault applies.
	_, err := client.Agents.Get(ctx, 1)
	require.ErrorIs(t, err, cekura.ErrRateLimited, "the GET fault matches the item by its prefix")
	a, err := client.Agents.Get(ctx, 1)
	require.NoError(t, err, "used up")
	assert.Equal(t, "A", a.Name)

	for range 2 {
		_, err = client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "B", Description: "d"})
		require.ErrorIs(t, err, cekura.ErrServer)
	}
	_, err = client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "B", Description: "d"})
	require.NoError(t, err, "Times: 2 answers two requests")
	assert.Len(t, fake.Agents(), 2, "the faults answered before anything was done")

	fake.Fail(Fault{Method: "DELETE", Path: agentsPath + "2/", Status: 504, AfterWrite: true})
	err = client.Agents.Delete(ctx, 1, nil)
	require.NoError(t, err, "another path: not this fault")
	err = client.Agents.Delete(ctx, 2, nil)
	require.ErrorIs(t, err, cekura.ErrServer)
	assert.True(t, cekura.MaybeApplied(err))
	assert.Empty(t, fake.Agents(), "the delete happened behind the 504")
}

func TestClientRetryWaitsTakeNoRealTime(t *testing.T) {
	fake := New(t)
	fake.Fail(Fault{Status: 429, RetryAfter: 30 * time.Second, Times: 2})
	a, err := fake.Client().Agents.Create(context.Background(), &cekura.CreateAgentRequest{Name: "A", Description: "d"})
	require.NoError(t, err, "two 429s, then created: Retry-After was honoured without sleeping a minute")
	assert.Equal(t, int64(1), a.ID)
	assert.Equal(t, []time.Duration{30 * time.Second, 30 * time.Second}, fake.RetryWaits())
}

func TestNewClosesTheServerWhenTheTestEnds(t *testing.T) {
	var fake *Server
	t.Run("inner", func(t *testing.T) {
		fake = New(t)
		_, err := fake.Client().Agents.List(context.Background(), nil)
		require.NoError(t, err)
	})
	_, err := fake.Client(cekura.WithMaxRetries(0)).Agents.List(context.Background(), nil)
	require.Error(t, err, "closed by the inner test's cleanup")
}

// TestPageSizesAreTheAPIs checks the values WithPageSize documents: 10 a
// page by default (also for WithPageSize(0)), page_size capped at 100.
func TestPageSizesAreTheAPIs(t *testing.T) {
	t.Parallel()
	seeds := make([]*cekura.CreateAgentRequest, 120)
	for i := range seeds {
		seeds[i] = &cekura.CreateAgentRequest{Name: "a", Description: "d"}
	}
	for _, s := range []*Server{New(t, WithAgents(seeds...)), New(t, WithAgents(seeds...), WithPageSize(0))} {
		_, _, body := raw(t, s, "GET", agentsPath, "")
		assert.Len(t, body.(map[string]any)["results"], 10)
		_, _, body = raw(t, s, "GET", agentsPath+"?page_size=500", "")
		assert.Len(t, body.(map[string]any)["results"], 100)
		assert.Equal(t, float64(120), body.(map[string]any)["count"])
	}
}

func TestAServerPrintsWithoutItsKey(t *testing.T) {
	fake := New(t, WithAPIKey("sk_fake_s3cr3t_key"))
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("m", "fake", fake)
	for _, out := range []string{fmt.Sprintf("%v", fake), fmt.Sprintf("%+v", fake), fmt.Sprintf("%#v", fake),
		fmt.Sprintf("%+v", struct{ F *Server }{fake}), logs.String()} {
		assert.NotContains(t, out, "s3cr3t", out)
		assert.Contains(t, out, fake.URL())
	}
}
