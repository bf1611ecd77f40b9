package cekura

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Cases found by a review of the resource kit, each failing before its fix.

func TestDoDecodesAnyAsEncodingJSONDoes(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/x/", httpmock.NewStringResponder(200, `{"id": 7, "name": "n", "tags": ["a"], "nested": {"k": null}}`))
	var got map[string]any
	require.NoError(t, c.Do(context.Background(), "GET", "/x/", nil, &got))
	var want map[string]any
	require.NoError(t, json.Unmarshal([]byte(`{"id": 7, "name": "n", "tags": ["a"], "nested": {"k": null}}`), &want))
	assert.Equal(t, want, got, "float64, string, []any, map: not RawConfig")

	var o struct {
		V Opt[any] `json:"v"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"v": [1, "x"]}`), &o))
	v, ok := o.V.Get()
	assert.True(t, ok)
	assert.Equal(t, []any{float64(1), "x"}, v)
}

func TestDoSendsBodiesAsEncodingJSONDoes(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+"/x/", capture(200, `{}`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+"/x/1/", capture(200, `{}`, &got, &mu))
	body := map[string]any{"blob": []byte("hi"), "n": json.Number("12"), "ip": net.ParseIP("1.2.3.4"), "opt": Some([]byte("x"))}
	require.NoError(t, c.Do(context.Background(), "POST", "/x/", body, nil))
	want, err := json.Marshal(body)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.JSONEq(t, string(want), string(got[0].Body))
	assert.Contains(t, string(got[0].Body), `"aGk="`)

	type patch struct {
		Name string `json:"name"`
	}
	require.NoError(t, c.Do(context.Background(), "PATCH", "/x/1/", map[string]any{"name": "x"}, nil), "a map is not an SDK update")
	require.NoError(t, c.Do(context.Background(), "PATCH", "/x/1/", patch{Name: "x"}, nil), "nor is a caller's struct value")
	assert.Len(t, got, 3)
	err = c.Do(context.Background(), "POST", "/x/", CreateAgentRequest{}, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest, "an SDK request type is validated by value too")
	assert.Len(t, got, 3)
}

func TestAnEmptyDecodedStringIsLeftOut(t *testing.T) {
	t.Parallel()
	a, err := decodeAgent([]byte(`{"id": 7, "name": "n", "description": "d", "webhook_url": "", "language": ""}`))
	require.NoError(t, err)
	req := &CreateAgentRequest{Name: "n v2", Description: "d", WebhookURL: a.WebhookURL, Language: a.Language}
	got, err := marshal(req)
	require.NoError(t, err)
	want, err := json.Marshal(req)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.Equal(t, `{"name":"n v2","description":"d"}`, string(got))
	assert.NoError(t, validateRequest(req, false))
}

func TestWithHeaderRefusesWhatNetHTTPWouldRefuse(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	for _, h := range [][2]string{{"X-Trace", "a\x01b"}, {"X-Tr(ace", "x"}, {"X-Trace", "a\x7fb"}} {
		_, err := c.Agents.Get(context.Background(), 1, WithHeader(h[0], h[1]))
		assert.ErrorIs(t, err, ErrInvalidConfig, "%q", h)
		assert.False(t, MaybeApplied(err))
	}
	assert.Zero(t, mt.GetTotalCallCount())
	_, err := NewClient(testKey, WithHeader("X-Trace", "a\tb c"))
	assert.NoError(t, err, "tabs and spaces are fine")
}

func TestPagesDecodeBareArraysEverywhere(t *testing.T) {
	t.Parallel()
	var p Page[struct {
		ID int64 `json:"id"`
	}]
	require.NoError(t, json.Unmarshal([]byte(`[{"id": 1}, {"id": 2}]`), &p))
	assert.Equal(t, 2, p.Count)
	require.Len(t, p.Results, 2)
	assert.Equal(t, int64(2), p.Results[1].ID)

	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/bare/", httpmock.NewStringResponder(200, `[{"id": 5}]`))
	var q Page[Agent]
	require.NoError(t, c.Do(context.Background(), "GET", "/bare/", nil, &q))
	require.Len(t, q.Results, 1)
	assert.Equal(t, int64(5), q.Results[0].ID)
}

func TestWithResponseIntoNeverHandsBackTheKey(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+agentsPath+"1/", httpmock.NewStringResponder(200, agentJSON))
	var resp *http.Response
	_, err := c.Agents.Get(context.Background(), 1, WithResponseInto(&resp))
	require.NoError(t, err)
	require.NotNil(t, resp.Request)
	assert.Equal(t, Redacted, resp.Request.Header.Get(apiKeyHeader))
	_, err = NewClient(testKey, WithResponseInto(&resp))
	assert.ErrorIs(t, err, ErrInvalidConfig, "a per-call option: a shared client would race on *dst")
}

func TestAllFollowsNextLinksOfTheCallsBaseURL(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			_, _ = w.Write([]byte(`{"count": 2, "results": [{"id": 2}]}`))
			return
		}
		_, _ = w.Write([]byte(`{"count": 2, "next": "` + srv.URL + agentsPath + `?page=2", "results": [{"id": 1}]}`))
	}))
	defer srv.Close()
	c, err := NewClient(testKey) // https://api.cekura.ai
	require.NoError(t, err)
	var ids []int64
	for a, err := range c.Agents.All(context.Background(), nil, WithBaseURL(srv.URL)) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids)
}
