package cekuratest

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcome is what a user's code can observe of a scenario.
type outcome struct {
	Names     []string
	Languages []string
	Status    int
	Detail    string
	Fields    []string
	Sentinel  string
}

func observe(o *outcome, agents []*cekura.Agent, err error) {
	for _, a := range agents {
		o.Names = append(o.Names, a.Name)
		o.Languages = append(o.Languages, string(a.Language))
	}
	var apiErr *cekura.APIError
	if errors.As(err, &apiErr) {
		o.Status, o.Detail = apiErr.StatusCode, apiErr.Detail
		for k := range apiErr.FieldErrors {
			o.Fields = append(o.Fields, k)
		}
		sort.Strings(o.Fields)
	}
	for name, s := range map[string]error{"not found": cekura.ErrNotFound, "unauthorized": cekura.ErrUnauthorized, "server": cekura.ErrServer, "invalid": cekura.ErrInvalidRequest} {
		if errors.Is(err, s) {
			o.Sentinel = name
		}
	}
}

// diffCase is a user's sequence of calls, and the answers the real API
// gives to it, written down from its documentation for httpmock.
type diffCase struct {
	name string
	// run makes the calls with c (or with a client using a wrong key).
	run  func(ctx context.Context, c, wrongKey *cekura.Client) outcome
	mock func(mt *httpmock.MockTransport, base string)
}

const diffAgent = `{"id": 1, "name": "Support Bot", "description": "d", "language": "en", "telephony": {"phone_number": "", "inbound": false, "sip_uri": null, "outbound_numbers": []},
	"provider": {"type": "", "agent_id": null, "credentials": null, "chat_agent_details": null, "auto_dial_outbound": null, "auto_import_calls": null, "auto_sync_prompt": null, "send_post_conversation_metadata": null},
	"agent_speaks_first": null, "knowledge_base_files": "[]", "enabled_personalities": [], "created_at": "2026-06-05T00:00:00Z", "updated_at": "2026-06-05T00:00:00Z"}`

func diffCases() []diffCase {
	coll := "/test_framework/v2/aiagents/"
	return []diffCase{
		{
			name: "create an agent and read it back",
			run: func(ctx context.Context, c, _ *cekura.Client) (o outcome) {
				a, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"})
				if err != nil {
					observe(&o, nil, err)
					return
				}
				b, err := c.Agents.Get(ctx, a.ID)
				observe(&o, []*cekura.Agent{a, b}, err)
				return
			},
			mock: func(mt *httpmock.MockTransport, base string) {
				mt.RegisterResponder("POST", base+coll, httpmock.NewStringResponder(201, diffAgent))
				mt.RegisterResponder("GET", base+coll+"1/", httpmock.NewStringResponder(200, diffAgent))
			},
		},
		{
			name: "the API rejects what the SDK was told not to check",
			run: func(ctx context.Context, c, _ *cekura.Client) (o outcome) {
				_, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Language: "xx"})
				observe(&o, nil, err)
				return
			},
			mock: func(mt *httpmock.MockTransport, base string) {
				mt.RegisterResponder("POST", base+coll, httpmock.NewStringResponder(400,
					`{"name": ["This field may not be blank."], "description": ["This field may not be blank."], "language": ["\"xx\" is not a valid choice."]}`))
			},
		},
		{
			name: "an unknown agent",
			run: func(ctx context.Context, c, _ *cekura.Client) (o outcome) {
				_, err := c.Agents.Get(ctx, 404)
				observe(&o, nil, err)
				return
			},
			mock: func(mt *httpmock.MockTransport, base string) {
				mt.RegisterResponder("GET", base+coll+"404/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))
			},
		},
		{
			name: "a wrong API key",
			run: func(ctx context.Context, _, wrong *cekura.Client) (o outcome) {
				_, err := wrong.Agents.List(ctx, nil)
				observe(&o, nil, err)
				return
			},
			mock: func(mt *httpmock.MockTransport, base string) {
				mt.RegisterResponder("GET", base+coll, httpmock.NewStringResponder(401, `{"detail": "Invalid API key."}`))
			},
		},
		{
			name: "rename, list every page, delete",
			run: func(ctx context.Context, c, _ *cekura.Client) (o outcome) {
				for _, n := range []string{"Support Bot", "B", "C"} {
					if _, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: n, Description: "d"}); err != nil {
						observe(&o, nil, err)
						return
					}
				}
				if _, err := c.Agents.Update(ctx, 2, &cekura.UpdateAgentRequest{Name: cekura.Some("Bee"), Language: cekura.Some(cekura.LanguageFrench)}); err != nil {
					observe(&o, nil, err)
					return
				}
				if err := c.Agents.Delete(ctx, 3, nil); err != nil {
					observe(&o, nil, err)
					return
				}
				var all []*cekura.Agent
				for a, err := range c.Agents.All(ctx, &cekura.ListAgentsParams{PageSize: 1}) {
					if err != nil {
						observe(&o, all, err)
						return
					}
					all = append(all, a)
				}
				_, err := c.Agents.Get(ctx, 3)
				observe(&o, all, err)
				return
			},
			mock: func(mt *httpmock.MockTransport, base string) {
				mt.RegisterResponder("POST", base+coll, httpmock.NewStringResponder(201, diffAgent))
				mt.RegisterResponder("PATCH", base+coll+"2/", httpmock.NewStringResponder(200, `{"id": 2, "name": "Bee", "description": "d", "language": "fr"}`))
				mt.RegisterResponder("DELETE", base+coll+"3/", httpmock.NewStringResponder(204, ""))
				mt.RegisterResponderWithQuery("GET", base+coll, "page_size=1", httpmock.NewStringResponder(200,
					`{"count": 2, "next": "`+base+coll+`?page=2&page_size=1", "previous": null, "results": [`+diffAgent+`]}`))
				mt.RegisterResponderWithQuery("GET", base+coll, "page=2&page_size=1", httpmock.NewStringResponder(200,
					`{"count": 2, "next": null, "previous": "`+base+coll+`?page_size=1", "results": [{"id": 2, "name": "Bee", "description": "d", "language": "fr"}]}`))
				mt.RegisterResponder("GET", base+coll+"3/", httpmock.NewStringResponder(404, `{"detail": "Not found."}`))
			},
		},
	}
}

// TestFakeAndMockAgree runs each scenario against the fake and against
// httpmock responders that answer as the API documents: a user sees the
// same outcome either way.
func TestFakeAndMockAgree(t *testing.T) {
	t.Parallel()
	for _, sc := range diffCases() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			fake := NewServer()
			defer fake.Close()
			wrong, err := cekura.NewClient("sk_wrong", cekura.WithBaseURL(fake.URL()))
			require.NoError(t, err)
			fromFake := sc.run(ctx, fake.Client(cekura.WithoutClientValidation()), wrong)

			const base = "https://api.cekura.ai"
			mt := httpmock.NewMockTransport()
			sc.mock(mt, base)
			mock, err := cekura.NewClient("sk_test", cekura.WithBaseURL(base), cekura.WithHTTPClient(&http.Client{Transport: mt}), cekura.WithoutClientValidation())
			require.NoError(t, err)
			fromMock := sc.run(ctx, mock, mock)

			assert.Equal(t, fromMock, fromFake)
			assert.NotEqual(t, outcome{}, fromFake, "the scenario observed something")
		})
	}
}
