package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// widget is a resource the SDK does not have, declared the way every type
// is: the kit must encode, decode and check it from its tags alone.
type widget struct {
	apiObject
	ID       int64             `json:"id"`
	Name     string            `json:"name" cekura:"required"`
	Score    float64           `json:"score,omitzero"`
	Tags     []string          `json:"tags,omitempty"`
	Labels   map[string]string `json:"labels,omitzero"`
	Parent   *widget           `json:"parent,omitzero"`
	Note     Opt[string]       `json:"note,omitzero" cekura:"nullable"`
	Owner    Opt[int64]        `json:"owner,omitzero"`
	Token    Secret            `json:"token,omitzero"`
	Extra    json.RawMessage   `json:"extra,omitzero"`
	When     time.Time         `json:"when,omitzero"`
	Children []widget          `json:"children,omitzero"`
}

func TestTheKitEncodesAnyDeclaredTypeAsEncodingJSONDoes(t *testing.T) {
	t.Parallel()
	for name, w := range map[string]*widget{
		"zero":   {},
		"full":   {ID: 7, Name: "w <&>", Score: 1.5e-7, Tags: []string{"a", "\u2028"}, Labels: map[string]string{"z": "1", "a": "2"}, Parent: &widget{ID: 1, Name: "p"}, Note: Some(""), Owner: Some(int64(0)), Token: "tok", Extra: json.RawMessage(` {"k": [1, 2]} `), When: time.Date(2026, 8, 20, 1, 2, 3, 4, time.UTC), Children: []widget{{Name: "c"}}},
		"nulls":  {Note: Null[string](), Owner: Null[int64](), Tags: []string{}, Children: []widget{}},
		"floats": {Score: 1e21},
	} {
		got, err := marshal(w)
		require.NoError(t, err, name)
		want, err := json.Marshal(w)
		require.NoError(t, err, name)
		assert.Equal(t, string(want), string(got), name)
	}
}

func TestTheKitDecodesAnyDeclaredTypeTolerantly(t *testing.T) {
	t.Parallel()
	body := []byte(`{"id": 7, "NAME": "w", "score": "high", "tags": ["a", 5, "b"], "labels": {"x": "1"},
		"parent": {"id": 1, "name": "p"}, "note": null, "owner": 3, "extra": {"k": 1}, "when": "2026-08-20T01:02:03Z",
		"children": [{"name": "c"}], "unknown": {"deep": [1]}}`)
	var w widget
	require.NoError(t, decodeInto(body, &w))
	assert.Equal(t, int64(7), w.ID)
	assert.Equal(t, "w", w.Name, "keys match without regard to case, as in encoding/json")
	assert.Zero(t, w.Score, "a value of another type leaves the field at its zero value")
	assert.Equal(t, []string{"a", "", "b"}, w.Tags, "an element of another type keeps its place, as in encoding/json")
	assert.Equal(t, map[string]string{"x": "1"}, w.Labels)
	require.NotNil(t, w.Parent)
	assert.Equal(t, "p", w.Parent.Name)
	assert.Equal(t, `{"id": 1, "name": "p"}`, string(w.Parent.RawJSON()), "every object keeps its own JSON")
	assert.True(t, w.Note.IsNull())
	assert.Equal(t, int64(3), w.Owner.Or(0))
	assert.JSONEq(t, `{"k": 1}`, string(w.Extra))
	assert.Equal(t, time.Date(2026, 8, 20, 1, 2, 3, 0, time.UTC), w.When)
	require.Len(t, w.Children, 1)
	assert.Equal(t, string(body), string(w.RawJSON()), "unknown keys stay reachable")

	// Only malformed JSON is an error, wherever it is.
	require.Error(t, decodeInto([]byte(`{"unknown": [1,}`), &widget{}))
	require.Error(t, decodeInto([]byte(`[]`), &widget{}))
	require.NoError(t, decodeInto([]byte(`null`), &widget{}), "null leaves the value alone")
}

func TestTheKitChecksRequestsFromTheirDeclaration(t *testing.T) {
	t.Parallel()
	var v validator
	checkDeclared(&v, &widget{Name: " ", Owner: Null[int64](), Note: Null[string](), Parent: &widget{Name: "ok", Owner: Null[int64]()}, Children: []widget{{Name: "ok"}, {}}})
	err := v.err()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	msg := err.Error()
	assert.Contains(t, msg, "name: is required")
	assert.Contains(t, msg, "owner: is Null(), but the API does not accept null here")
	assert.Contains(t, msg, "parent.owner: is Null()")
	assert.Contains(t, msg, "children[1].name: is required")
	assert.NotContains(t, msg, "note", "note is declared nullable")
	assert.NotContains(t, msg, "children[0]")

	assert.True(t, setsNothing(&UpdateAgentRequest{}))
	assert.True(t, setsNothing(&UpdateAgentRequest{Telephony: &TelephonyUpdate{}, Provider: &ProviderUpdate{}}), "empty blocks set nothing either")
	assert.False(t, setsNothing(&UpdateAgentRequest{Telephony: &TelephonyUpdate{Inbound: Some(false)}}))
	assert.False(t, setsNothing(&UpdateAgentRequest{AgentSpeaksFirst: Null[bool]()}), "null is a change")
}

func TestNullWhereTheAPIRefusesItIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	_, err := c.Agents.Update(context.Background(), 1, &UpdateAgentRequest{Name: Null[string](), Telephony: &TelephonyUpdate{Inbound: Null[bool]()}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldProblem{
		{Field: "name", Message: "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
		{Field: "telephony.inbound", Message: "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
	}, ve.Problems)
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestOptStates(t *testing.T) {
	t.Parallel()
	type body struct {
		A Opt[bool] `json:"a,omitzero"`
		B Opt[bool] `json:"b,omitzero"`
		C Opt[bool] `json:"c,omitzero"`
	}
	got, err := marshal(&body{B: Null[bool](), C: Some(false)})
	require.NoError(t, err)
	assert.Equal(t, `{"b":null,"c":false}`, string(got), "unset is left out, null is null, false is false")
	var back body
	require.NoError(t, json.Unmarshal(got, &back))
	assert.False(t, back.A.IsSet())
	assert.True(t, back.B.IsNull())
	v, ok := back.C.Get()
	assert.True(t, ok)
	assert.False(t, v)
	assert.Equal(t, "x", Null[string]().Or("x"))
	var o Opt[int64]
	require.NoError(t, json.Unmarshal([]byte(`"seven"`), &o))
	assert.False(t, o.IsSet(), "a value of another type leaves an Opt unset")
}

func TestAgentRoundTripsThroughEncodingJSON(t *testing.T) {
	t.Parallel()
	a, err := decodeAgent([]byte(agentJSON))
	require.NoError(t, err)
	yes := true
	a.AgentSpeaksFirst = &yes
	b, err := json.Marshal(a)
	require.NoError(t, err)
	var keys map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &keys))
	for k := range keys {
		assert.Equal(t, strings.ToLower(k), k, "API keys, not Go field names: %s", k)
	}
	for _, k := range []string{"agent_speaks_first", "webhook_url", "created_at", "updated_at", "knowledge_base_files"} {
		assert.Contains(t, keys, k)
	}
	var back Agent
	require.NoError(t, json.Unmarshal(b, &back))
	back.apiObject, a.apiObject = apiObject{}, apiObject{}
	assert.Equal(t, *a, back, "reads back equal")

	before := back
	require.NoError(t, json.Unmarshal([]byte(`null`), &back), "null into an agent is a no-op")
	assert.Equal(t, before, back)
	type wrapper struct {
		Agent *Agent `json:"agent"`
	}
	var w wrapper
	require.NoError(t, json.Unmarshal([]byte(`{"agent": `+agentJSON+`}`), &w), "an Agent inside the caller's own types")
	assert.Equal(t, int64(2142), w.Agent.ID)
}

func TestBareArrayListsDecodeAsOnePage(t *testing.T) {
	t.Parallel()
	p, err := decodePage[Agent](agentsPath, []byte(`[{"id": 1}, {"id": 2, "name": "b"}]`))
	require.NoError(t, err)
	assert.Equal(t, 2, p.Count)
	assert.Empty(t, p.Next)
	require.Len(t, p.Results, 2)
	assert.Equal(t, "b", p.Results[1].Name)
	_, err = decodePage[Agent](agentsPath, []byte(`[{"id": 1}, 3]`))
	assert.ErrorContains(t, err, "not a JSON object")

	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/bare/", httpmock.NewStringResponder(200, `[{"id": 1}, {"id": 2}, {"id": 3}]`))
	var ids []int64
	for a, err := range all[Agent](context.Background(), c.core, endpoint{method: http.MethodGet, path: "/bare/"}, nil) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids)
}

func TestPerCallOptionsChangeThatCallOnly(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t, WithHeader("X-Tenant", "acme"))
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/1/", capture(503, `{"detail": "down"}`, &got, &mu))

	_, err := c.Agents.Get(context.Background(), 1, WithMaxRetries(0), WithHeader("X-Request-Tag", "one"))
	require.ErrorIs(t, err, ErrServer)
	require.Len(t, got, 1, "WithMaxRetries(0) for this call: one attempt")
	assert.Equal(t, "one", got[0].Header.Get("X-Request-Tag"))
	assert.Equal(t, "acme", got[0].Header.Get("X-Tenant"), "the client's header stays")
	assert.Equal(t, testKey, got[0].Header.Get(apiKeyHeader))

	_, err = c.Agents.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrServer)
	require.Len(t, got, 1+3, "the next call has the client's two retries again")
	assert.Empty(t, got[1].Header.Get("X-Request-Tag"), "the per-call header was for that call only")
}

func TestWithHeaderRefusesTheKeyAndHopByHopHeaders(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"X-CEKURA-API-KEY", "x-cekura-api-key", "Connection", "transfer-encoding", "Host", "Content-Length", "Bad Name", ""} {
		_, err := NewClient(testKey, WithHeader(h, "v"))
		assert.ErrorIs(t, err, ErrInvalidConfig, "%q", h)
	}
	_, err := NewClient(testKey, WithHeader("X-Ok", "a\r\nInjected: 1"))
	assert.ErrorIs(t, err, ErrInvalidConfig, "a header value must be one line")

	c, mt, _ := newMockClient(t)
	_, err = c.Agents.Get(context.Background(), 1, WithHeader("X-Cekura-Api-Key", "other"))
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.NotContains(t, err.Error(), "other", "the refused value is not echoed")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent")
}

func TestWithResponseInto(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+"/test_framework/v2/aiagents/2142/", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, agentJSON)
		r.Header.Set("X-Request-Id", "req-9")
		return r, nil
	})
	var resp *http.Response
	a, err := c.Agents.Get(context.Background(), 2142, WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, int64(2142), a.ID)
	require.NotNil(t, resp)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "req-9", resp.Header.Get("X-Request-Id"))
	_, err = NewClient(testKey, WithResponseInto(nil))
	assert.ErrorIs(t, err, ErrInvalidConfig)
}

func TestDoReachesEndpointsWithoutMethods(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+"/test_framework/v1/scenarios/", capture(201, `{"id": 5, "name": "s", "new_field": true}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+"/test_framework/v1/scenarios/?agent=3", capture(200, `{"count": 0, "results": []}`, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+"/test_framework/v1/scenarios/5/", capture(204, ``, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+"/test_framework/v1/scenarios/5/", capture(503, `{"detail": "later"}`, &got, &mu))

	type scenario struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	var out scenario
	require.NoError(t, c.Do(context.Background(), "POST", "/test_framework/v1/scenarios/", map[string]any{"name": "s", "agent": 3}, &out))
	assert.Equal(t, scenario{ID: 5, Name: "s"}, out)
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"name": "s", "agent": 3}`, string(got[0].Body))
	assert.Equal(t, testKey, got[0].Header.Get(apiKeyHeader))

	var raw json.RawMessage
	require.NoError(t, c.Do(context.Background(), "get", "/test_framework/v1/scenarios/?agent=3", nil, &raw))
	assert.JSONEq(t, `{"count": 0, "results": []}`, string(raw))
	var page Page[Agent]
	require.NoError(t, c.Do(context.Background(), "GET", "/test_framework/v1/scenarios/?agent=3", nil, &page))
	assert.Equal(t, 0, page.Count)
	require.NoError(t, c.Do(context.Background(), "DELETE", "/test_framework/v1/scenarios/5/", nil, nil))

	err := c.Do(context.Background(), "PATCH", "/test_framework/v1/scenarios/5/", []byte(`{"name": "t"}`), nil)
	require.ErrorIs(t, err, ErrServer)
	assert.Len(t, got, 5, "a PATCH is not retried after a 503: it may have been applied")

	for _, bad := range []struct {
		path string
		in   any
		out  any
	}{
		{"https://evil.example/x", nil, nil},
		{"//evil.example/x", nil, nil},
		{"relative/", nil, nil},
		{"/ok/", []byte(`{`), nil},
		{"/ok/", nil, scenario{}},
		{"/ok/", nil, (*scenario)(nil)},
		{"/ok/", &CreateAgentRequest{Name: "no description"}, nil},
	} {
		err := c.Do(context.Background(), "POST", bad.path, bad.in, bad.out)
		assert.ErrorIs(t, err, ErrInvalidRequest, "%+v", bad)
	}
	assert.Len(t, got, 5, "nothing more was sent")
}

// TestEverySecretHolderRedacts holds every request and response type of the
// package that can reach a Secret to the rule that it prints and logs
// through the redacting walker.
func TestEverySecretHolderRedacts(t *testing.T) {
	t.Parallel()
	for _, v := range []any{
		CreateAgentRequest{WebhookSecret: "s3cr3t-w", Provider: &Provider{Credentials: &ProviderCredentials{APIKey: "s3cr3t-k"}}},
		UpdateAgentRequest{WebhookSecret: Some(Secret("s3cr3t-w"))},
		Agent{Telephony: &Telephony{SIPAuth: &SIPAuth{Password: "s3cr3t-p"}}},
		Page[Agent]{Results: []*Agent{{Telephony: &Telephony{SIPAuth: &SIPAuth{Password: "s3cr3t-p"}}}}},
		TelephonyUpdate{SIPAuth: Some(SIPAuth{Password: "s3cr3t-p"})},
	} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "s3cr3t", "%T under %s: %s", v, verb, out)
		}
	}
	holders, missing := secretHolders(t)
	assert.Subset(t, holders, []string{"Agent", "AgentProvider", "CreateAgentRequest", "LiveKitConfig", "Page", "SIPAuth", "Telephony", "UpdateAgentRequest"})
	assert.NotContains(t, holders, "KnowledgeBaseFile", "it cannot hold a secret")
	assert.Empty(t, missing, "types that can hold a Secret but print it through fmt's defaults")
}

func TestConfigVariantsAreNotPointerShaped(t *testing.T) {
	t.Parallel()
	for typ, vt := range providerConfigs {
		assert.False(t, pointerShaped(vt.typ), typ)
	}
	for typ, vt := range chatConfigs {
		assert.False(t, pointerShaped(vt.typ), typ)
	}
}
