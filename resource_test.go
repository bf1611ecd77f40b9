package cekura

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGet(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/2142/", capture(200, agentJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/404/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))

	a, err := c.Agents.Get(context.Background(), 2142)
	require.NoError(t, err)
	assert.Equal(t, int64(2142), a.ID)
	require.Len(t, got, 1)
	assert.Nil(t, got[0].Body)
	assert.Empty(t, got[0].Header.Get("Content-Type"), "no body, no Content-Type")
	assert.Equal(t, testKey, got[0].Header.Get("X-CEKURA-API-KEY"))

	_, err = c.Agents.Get(context.Background(), 404)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Not found.", apiErr.Detail)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "a 404 is not retried")
}

func TestIDsMustBePositive(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	for _, id := range []int64{0, -1} {
		_, err := c.Agents.Get(ctx, id)
		assert.ErrorIs(t, err, ErrInvalidRequest)
		assert.Contains(t, err.Error(), "id: must be a positive agent id, got "+strconv.FormatInt(id, 10))
		_, err = c.Agents.Replace(ctx, id, fullCreateRequest())
		assert.ErrorIs(t, err, ErrInvalidRequest)
		_, err = c.Agents.Update(ctx, id, &UpdateAgentRequest{Name: Some("x")})
		assert.ErrorIs(t, err, ErrInvalidRequest)
		assert.ErrorIs(t, c.Agents.Delete(ctx, id, nil), ErrInvalidRequest)
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

func pageJSON(count int, next, previous string, ids ...int) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"id": %d, "name": "agent %d", "description": "d", "knowledge_base_files": "[]", "enabled_personalities": []}`, id, id)
	}
	link := func(s string) string {
		if s == "" {
			return "null"
		}
		return strconv.Quote(s)
	}
	return fmt.Sprintf(`{"count": %d, "next": %s, "previous": %s, "results": [%s]}`, count, link(next), link(previous), strings.Join(items, ","))
}

func TestListEncodesItsOptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		opts  *ListAgentsParams
		query string
	}{
		{"nil options send no query", nil, ""},
		{"zero options send no query", &ListAgentsParams{}, ""},
		{"every option", &ListAgentsParams{Page: 3, PageSize: 50, ProjectID: 1376}, "page=3&page_size=50&project_id=1376"},
		{"only the project", &ListAgentsParams{ProjectID: 9}, "project_id=9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			var got []captured
			var mu sync.Mutex
			mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/",
				capture(200, pageJSON(120, testBase+"/test_framework/v2/aiagents/?page=4", testBase+"/test_framework/v2/aiagents/?page=2", 1, 2), &got, &mu))
			page, err := c.Agents.List(context.Background(), tc.opts)
			require.NoError(t, err)
			require.Len(t, got, 1)
			want := testBase + "/test_framework/v2/aiagents/"
			if tc.query != "" {
				want += "?" + tc.query
			}
			assert.Equal(t, want, got[0].URL)
			assert.Equal(t, 120, page.Count)
			assert.Equal(t, testBase+"/test_framework/v2/aiagents/?page=4", page.Next)
			assert.Equal(t, testBase+"/test_framework/v2/aiagents/?page=2", page.Previous)
			require.Len(t, page.Results, 2)
			assert.Equal(t, "agent 2", page.Results[1].Name)
			assert.JSONEq(t, `{"id": 2, "name": "agent 2", "description": "d", "knowledge_base_files": "[]", "enabled_personalities": []}`, string(page.Results[1].RawJSON()))
		})
	}
	t.Run("negative options are refused", func(t *testing.T) {
		c, mt, _ := newMockClient(t)
		_, err := c.Agents.List(context.Background(), &ListAgentsParams{Page: -1, PageSize: -2, ProjectID: -3})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Len(t, ve.Problems, 3)
		assert.Zero(t, mt.GetTotalCallCount())
	})
}

// pager serves pages of agents at ?page=N with absolute next links.
func pager(mt *httpmock.MockTransport, base string, pages [][]int) *int {
	calls := new(int)
	var mu sync.Mutex
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	mt.RegisterResponder("GET", base+"/test_framework/v2/aiagents/", func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		*calls++
		mu.Unlock()
		n := 1
		if p := r.URL.Query().Get("page"); p != "" {
			n, _ = strconv.Atoi(p)
		}
		next, prev := "", ""
		if n < len(pages) {
			next = fmt.Sprintf("%s/test_framework/v2/aiagents/?page=%d&project_id=5", base, n+1)
		}
		if n > 1 {
			prev = fmt.Sprintf("%s/test_framework/v2/aiagents/?page=%d&project_id=5", base, n-1)
		}
		var ids []int
		if n >= 1 && n <= len(pages) {
			ids = pages[n-1]
		}
		return httpmock.NewStringResponse(200, pageJSON(total, next, prev, ids...)), nil
	})
	return calls
}

func TestAllWalksEveryPage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		pages [][]int
		want  []int64
	}{
		{"no agents", [][]int{{}}, nil},
		{"one page", [][]int{{1, 2}}, []int64{1, 2}},
		{"three pages", [][]int{{1, 2}, {3, 4}, {5}}, []int64{1, 2, 3, 4, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			calls := pager(mt, testBase, tc.pages)
			var ids []int64
			for a, err := range c.Agents.All(context.Background(), &ListAgentsParams{ProjectID: 5}) {
				require.NoError(t, err)
				ids = append(ids, a.ID)
			}
			assert.Equal(t, tc.want, ids)
			assert.Equal(t, len(tc.pages), *calls)
		})
	}
}

func TestAllStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	calls := pager(mt, testBase, [][]int{{1, 2}, {3, 4}, {5}})
	var ids []int64
	for a, err := range c.Agents.All(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
		if a.ID == 2 {
			break
		}
	}
	assert.Equal(t, []int64{1, 2}, ids)
	assert.Equal(t, 1, *calls, "no further page is fetched")
}

func TestAllRefusesANextLinkOnAnotherHost(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/",
		httpmock.NewStringResponder(200, pageJSON(3, "https://evil.example/test_framework/v2/aiagents/?page=2", "", 1)))
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, pageJSON(3, "", "", 2, 3)))
	var ids []int64
	var errs []error
	for a, err := range c.Agents.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1}, ids)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "refusing to follow the next link to https://evil.example")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "nothing was sent to the other host")

	// The same host on plain http is another origin too.
	c2, mt2, _ := newMockClient(t)
	mt2.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/",
		httpmock.NewStringResponder(200, pageJSON(3, "http://api.test.cekura.example/prefix/test_framework/v2/aiagents/?page=2", "", 1)))
	for _, err := range c2.Agents.All(context.Background(), nil) {
		if err != nil {
			assert.Contains(t, err.Error(), "refusing")
		}
	}
	assert.Equal(t, 1, mt2.GetTotalCallCount())
}

func TestAllYieldsAnErrorOnPageTwoOnce(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(403, `{"detail": "Forbidden project."}`), nil
		}
		return httpmock.NewStringResponse(200, pageJSON(4, testBase+"/test_framework/v2/aiagents/?page=2", "", 1, 2)), nil
	})
	var ids []int64
	var errs []error
	for a, err := range c.Agents.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrForbidden)
}

func TestAllStopsWhenTheContextIsDone(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	calls := pager(mt, testBase, [][]int{{1}, {2}, {3}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	n := 0
	for _, err := range c.Agents.All(ctx, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		cancel()
	}
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, 1, *calls)
}

func TestAllStopsOnAPaginationLoop(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/",
		httpmock.NewStringResponder(200, pageJSON(9, testBase+"/test_framework/v2/aiagents/?page=2", "", 1)))
	var errs []error
	for _, err := range c.Agents.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "repeats a page")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestReplaceSendsAFullBody(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("PUT", testBase+"/test_framework/v2/aiagents/2142/", capture(200, agentJSON, &got, &mu))
	a, err := c.Agents.Replace(context.Background(), 2142, fullCreateRequest())
	require.NoError(t, err)
	assert.Equal(t, int64(2142), a.ID)
	want, _ := os.ReadFile("testdata/create_full.golden.json")
	require.Len(t, got, 1)
	assert.JSONEq(t, string(want), string(got[0].Body))
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"))

	_, err = c.Agents.Replace(context.Background(), 2142, &CreateAgentRequest{Name: "x"})
	assert.ErrorIs(t, err, ErrInvalidRequest, "validated as Create")
	_, err = c.Agents.Replace(context.Background(), 2142, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestUpdateSendsOnlyWhatIsSet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		req    *UpdateAgentRequest
		golden string
	}{
		{"values", &UpdateAgentRequest{
			Name:      Some("Support Bot v2"),
			ProjectID: Some(int64(77)),
			Language:  Some(LanguageFrench),
			Telephony: &TelephonyUpdate{
				Inbound:         Some(false),
				SIPURI:          Some("sips:desk@acme.example"),
				SIPAuth:         Some(SIPAuth{Username: "desk", Password: "new-pass"}),
				OutboundNumbers: Some([]string{}),
			},
			Provider: &ProviderUpdate{
				Type:             Some(ProviderTypeLiveKit),
				AgentID:          Some("lk-agent"),
				Credentials:      Some(ProviderCredentials{APIKey: "lk-key", Config: LiveKitConfig{APISecret: "lk-secret", URL: "wss://acme.livekit.cloud"}}),
				AutoDialOutbound: Some(false),
				AutoImportCalls:  Some(true),
			},
			AgentSpeaksFirst:  Some(true),
			PredefinedMetrics: []byte(`[1, 2]`),
			WebhookURL:        Some("https://hooks.acme.example/v2"),
			WebhookSecret:     Some(Secret("whsec_new")),
		}, "testdata/update_values.golden.json"},
		{"nulls", &UpdateAgentRequest{
			Telephony: &TelephonyUpdate{SIPURI: Null[string](), SIPAuth: Null[SIPAuth]()},
			Provider: &ProviderUpdate{
				AgentID: Null[string](), Credentials: Null[ProviderCredentials](), ChatAgentDetails: Null[ChatAgentDetails](),
				AutoDialOutbound: Null[bool](), AutoImportCalls: Null[bool](), AutoSyncPrompt: Null[bool](), SendPostConversationMetadata: Null[bool](),
			},
			AgentSpeaksFirst: Null[bool](),
		}, "testdata/update_nulls.golden.json"},
		{"unset fields", &UpdateAgentRequest{Description: Some("Only the description changes")}, "testdata/update_unset.golden.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			var got []captured
			var mu sync.Mutex
			mt.RegisterResponder("PATCH", testBase+"/test_framework/v2/aiagents/2142/", capture(200, agentJSON, &got, &mu))
			a, err := c.Agents.Update(context.Background(), 2142, tc.req)
			require.NoError(t, err)
			assert.Equal(t, int64(2142), a.ID)
			want, err := os.ReadFile(tc.golden)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.JSONEq(t, string(want), string(got[0].Body))
		})
	}
}

func TestUpdateValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		req   *UpdateAgentRequest
		field string
	}{
		{"an update that sets nothing", &UpdateAgentRequest{}, "request"},
		{"empty blocks only", &UpdateAgentRequest{Telephony: &TelephonyUpdate{}, Provider: &ProviderUpdate{}}, "request"},
		{"an empty name", &UpdateAgentRequest{Name: Some("")}, "name"},
		{"a blank description", &UpdateAgentRequest{Description: Some(" ")}, "description"},
		{"project 0", &UpdateAgentRequest{ProjectID: Some(int64(0))}, "project"},
		{"an unknown language", &UpdateAgentRequest{Language: Some(Language("xx"))}, "language"},
		{"a bad phone number", &UpdateAgentRequest{Telephony: &TelephonyUpdate{PhoneNumber: Some("555")}}, "telephony.phone_number"},
		{"a bad outbound number", &UpdateAgentRequest{Telephony: &TelephonyUpdate{OutboundNumbers: Some([]string{"x"})}}, "telephony.outbound_numbers[0]"},
		{"a bad sip uri", &UpdateAgentRequest{Telephony: &TelephonyUpdate{SIPURI: Some("tel:+1")}}, "telephony.sip_uri"},
		{"sip auth without a username", &UpdateAgentRequest{Telephony: &TelephonyUpdate{SIPAuth: Some(SIPAuth{})}}, "telephony.sip_auth.username"},
		{"an unknown provider type", &UpdateAgentRequest{Provider: &ProviderUpdate{Type: Some(ProviderType("x"))}}, "provider.type"},
		{"a config of another provider", &UpdateAgentRequest{Provider: &ProviderUpdate{Type: Some(ProviderTypeVapi), Credentials: Some(ProviderCredentials{Config: BlandConfig{}})}}, "provider.credentials.config"},
		{"a LiveKit config without its secret", &UpdateAgentRequest{Provider: &ProviderUpdate{Credentials: Some(ProviderCredentials{Config: LiveKitConfig{URL: "wss://x"}})}}, "provider.credentials.config.api_secret"},
		{"a chat config of another type", &UpdateAgentRequest{Provider: &ProviderUpdate{ChatAgentDetails: Some(ChatAgentDetails{Type: ChatTypeRetell, Config: BlandChatConfig{AgentID: "x"}})}}, "provider.chat_agent_details.config"},
		{"a relative webhook url", &UpdateAgentRequest{WebhookURL: Some("/x")}, "webhook_url"},
		{"a secret while removing the webhook", &UpdateAgentRequest{WebhookURL: Some(""), WebhookSecret: Some(Secret("s"))}, "webhook_secret"},
		{"invalid predefined metrics", &UpdateAgentRequest{PredefinedMetrics: []byte(`{`)}, "predefined_metrics"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			_, err := c.Agents.Update(context.Background(), 1, tc.req)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Problems, 1, "%v", ve.Problems)
			assert.Equal(t, tc.field, ve.Problems[0].Field)
			assert.Zero(t, mt.GetTotalCallCount())
		})
	}
	t.Run("accepts removing the webhook and clearing with nulls", func(t *testing.T) {
		t.Parallel()
		c, mt, _ := newMockClient(t)
		mt.RegisterResponder("PATCH", testBase+"/test_framework/v2/aiagents/1/", httpmock.NewStringResponder(200, agentJSON))
		for _, r := range []*UpdateAgentRequest{
			{WebhookURL: Some("")},
			{Telephony: &TelephonyUpdate{PhoneNumber: Some("")}},
			{Provider: &ProviderUpdate{Credentials: Some(ProviderCredentials{Config: VapiConfig{}})}},
			{AgentSpeaksFirst: Null[bool]()},
		} {
			_, err := c.Agents.Update(context.Background(), 1, r)
			assert.NoError(t, err)
		}
		assert.Equal(t, 4, mt.GetTotalCallCount())
	})
}

func TestDeleteEncodesDeleteRelated(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		opts  *DeleteAgentParams
		query string
	}{
		{"nil options", nil, ""},
		{"unset", &DeleteAgentParams{}, ""},
		{"Some(true)", &DeleteAgentParams{DeleteRelated: Some(true)}, "delete_related=true"},
		{"Some(false)", &DeleteAgentParams{DeleteRelated: Some(false)}, "delete_related=false"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			var got []captured
			var mu sync.Mutex
			mt.RegisterResponder("DELETE", testBase+"/test_framework/v2/aiagents/2142/", capture(204, "", &got, &mu))
			require.NoError(t, c.Agents.Delete(context.Background(), 2142, tc.opts))
			require.Len(t, got, 1)
			want := testBase + "/test_framework/v2/aiagents/2142/"
			if tc.query != "" {
				want += "?" + tc.query
			}
			assert.Equal(t, want, got[0].URL)
			assert.Nil(t, got[0].Body)
		})
	}
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("DELETE", testBase+"/test_framework/v2/aiagents/9/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))
	assert.ErrorIs(t, c.Agents.Delete(context.Background(), 9, nil), ErrNotFound)
}

func TestResponseBodiesAreBounded(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t, WithMaxRetries(0))
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, "")
		r.Body = endless{}
		r.ContentLength = -1
		return r, nil
	})
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/1/", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, "{}")
		r.ContentLength = 1 << 40
		return r, nil
	})
	_, err := c.Agents.List(context.Background(), nil)
	require.ErrorIs(t, err, errBodyTooLarge)
	assert.Contains(t, err.Error(), "over 10485760 bytes")
	_, err = c.Agents.Get(context.Background(), 1)
	require.ErrorIs(t, err, errBodyTooLarge)
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}
func (endless) Close() error { return nil }
