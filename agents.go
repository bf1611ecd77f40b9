package cekura

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/go-querystring/query"
)

// agentsPath is the agents collection, trailing slash included as the API
// documents it.
const agentsPath = "/test_framework/v2/aiagents/"

// AgentsService is the AI voice agents resource:
// /test_framework/v2/aiagents/. Get it from Client.Agents.
type AgentsService struct {
	c *core
}

// String names the service; it prints nothing of the client's settings.
func (s *AgentsService) String() string { return "cekura.AgentsService" }

// Format prints String under every verb.
func (s *AgentsService) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// ListAgentsOptions selects a page of agents. Zero values are not sent.
type ListAgentsOptions struct {
	// Page is the 1-based page number (default 1).
	Page int `url:"page,omitempty"`
	// PageSize is the number of agents per page (the API's default when 0).
	PageSize int `url:"page_size,omitempty"`
	// ProjectID keeps only the agents of one project.
	ProjectID int64 `url:"project_id,omitempty"`
}

// DeleteAgentOptions are the options of Delete.
type DeleteAgentOptions struct {
	// DeleteRelated: a pointer to true also deletes the agent's related
	// objects, to false keeps them; nil leaves the API's default.
	DeleteRelated *bool `url:"delete_related,omitempty"`
}

// Create registers a new agent: POST /test_framework/v2/aiagents/ (201).
//
// The request is validated first; a *ValidationError (errors.Is
// ErrInvalidRequest) lists every problem and nothing is sent. Create is
// retried only on 429 and on errors that prove the request never reached
// the API: a 5xx or a timeout may come after the agent was created, so it is
// returned rather than risking a second agent.
func (s *AgentsService) Create(ctx context.Context, req *CreateAgentRequest) (*Agent, error) {
	if err := checkArgs(ctx, req == nil); err != nil {
		return nil, err
	}
	if s.c.validate {
		if err := validateCreate(req); err != nil {
			return nil, err
		}
	}
	return s.send(ctx, http.MethodPost, s.c.agentsURL, agentsPath, req.appendJSON, false)
}

// Get returns one agent: GET /test_framework/v2/aiagents/{id}/. An unknown
// id is an *APIError matching ErrNotFound.
func (s *AgentsService) Get(ctx context.Context, id int64) (*Agent, error) {
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	u, p := s.agentURL(id)
	body, err := s.c.do(ctx, &call{method: http.MethodGet, url: u, path: p, idempotent: true})
	if err != nil {
		return nil, err
	}
	return decodeAgentResponse(http.MethodGet, p, body)
}

// List returns one page of agents: GET /test_framework/v2/aiagents/ with
// page, page_size and project_id. opts may be nil. See All to walk every page.
func (s *AgentsService) List(ctx context.Context, opts *ListAgentsOptions) (*AgentPage, error) {
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	u := s.c.agentsURL
	if opts != nil {
		if err := validateListOptions(opts); err != nil {
			return nil, err
		}
		q, err := encodeQuery(opts)
		if err != nil {
			return nil, err
		}
		if q != "" {
			u += "?" + q
		}
	}
	return s.listURL(ctx, u, agentsPath)
}

func (s *AgentsService) listURL(ctx context.Context, u, path string) (*AgentPage, error) {
	body, err := s.c.do(ctx, &call{method: http.MethodGet, url: u, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	page, err := decodePage(body)
	if err != nil {
		return nil, fmt.Errorf("cekura: GET %s: %w", path, err)
	}
	return page, nil
}

// All returns every agent, fetching pages lazily as the loop needs them by
// following the API's next links:
//
//	for agent, err := range client.Agents.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(agent.ID, agent.Name)
//	}
//
// It stops when the loop breaks (no further page is fetched), when ctx is
// done, or at the first error, which it yields once. A next link to a host
// other than the client's base URL is an error: the API key is not sent
// there.
func (s *AgentsService) All(ctx context.Context, opts *ListAgentsOptions) iter.Seq2[*Agent, error] {
	return func(yield func(*Agent, error) bool) {
		page, err := s.List(ctx, opts)
		seen := map[string]bool{}
		for {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, a := range page.Results {
				if !yield(a, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			var next *url.URL
			next, err = s.c.nextPageURL(page.Next)
			if err == nil && seen[next.String()] {
				err = fmt.Errorf("cekura: GET %s: the API's next link %q repeats a page already read", agentsPath, next.Redacted())
			}
			if err == nil {
				seen[next.String()] = true
				page, err = s.listURL(ctx, next.String(), next.Path)
			}
		}
	}
}

// nextPageURL resolves a pagination link and refuses one that leaves the
// base URL's scheme and host.
func (c *core) nextPageURL(link string) (*url.URL, error) {
	u, err := c.base.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("cekura: GET %s: the API's next link does not parse: %w", agentsPath, err)
	}
	if !c.sameOrigin(u) {
		return nil, fmt.Errorf("cekura: GET %s: refusing to follow the next link to %s://%s: it is not the API's host %s://%s, and the API key must not go there",
			agentsPath, u.Scheme, u.Host, c.base.Scheme, c.base.Host)
	}
	return u, nil
}

// Replace replaces an agent as a whole: PUT /test_framework/v2/aiagents/{id}/.
// Fields left out take their defaults; use Update to change some fields only.
// It is validated as Create, and retried as an idempotent call.
func (s *AgentsService) Replace(ctx context.Context, id int64, req *CreateAgentRequest) (*Agent, error) {
	if err := checkArgs(ctx, req == nil); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	if s.c.validate {
		if err := validateCreate(req); err != nil {
			return nil, err
		}
	}
	u, p := s.agentURL(id)
	return s.send(ctx, http.MethodPut, u, p, req.appendJSON, true)
}

// Update changes the fields of an agent that req sets, and no other:
// PATCH /test_framework/v2/aiagents/{id}/. Nullable fields set to Null()
// are sent as JSON null, which clears them. An update that sets nothing is
// a validation error. Like Create, it is retried only on 429 and on errors
// that prove the request never reached the API.
func (s *AgentsService) Update(ctx context.Context, id int64, req *UpdateAgentRequest) (*Agent, error) {
	if err := checkArgs(ctx, req == nil); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	if s.c.validate {
		if err := validateUpdate(req); err != nil {
			return nil, err
		}
	}
	u, p := s.agentURL(id)
	return s.send(ctx, http.MethodPatch, u, p, req.appendJSON, false)
}

// Delete deletes an agent: DELETE /test_framework/v2/aiagents/{id}/ (204).
// opts may be nil.
func (s *AgentsService) Delete(ctx context.Context, id int64, opts *DeleteAgentOptions) error {
	if err := checkArgs(ctx, false); err != nil {
		return err
	}
	if err := checkID(id); err != nil {
		return err
	}
	u, p := s.agentURL(id)
	if opts != nil {
		q, err := encodeQuery(opts)
		if err != nil {
			return err
		}
		if q != "" {
			u += "?" + q
		}
	}
	_, err := s.c.do(ctx, &call{method: http.MethodDelete, url: u, path: p, idempotent: true})
	return err
}

// send encodes a request body, sends it and decodes the agent answered.
func (s *AgentsService) send(ctx context.Context, method, u, path string, encode func([]byte) ([]byte, error), idempotent bool) (*Agent, error) {
	body, err := encodeBody(encode)
	if err != nil {
		return nil, fmt.Errorf("cekura: %s %s: encoding the request: %w", method, path, err)
	}
	resp, err := s.c.do(ctx, &call{method: method, url: u, path: path, body: body, idempotent: idempotent})
	if err != nil {
		return nil, err
	}
	return decodeAgentResponse(method, path, resp)
}

func decodeAgentResponse(method, path string, body []byte) (*Agent, error) {
	a, err := decodeAgent(body)
	if err != nil {
		return nil, fmt.Errorf("cekura: %s %s: %w", method, path, err)
	}
	return a, nil
}

// agentURL returns the absolute URL and the API path of one agent.
func (s *AgentsService) agentURL(id int64) (string, string) {
	p := agentsPath + strconv.FormatInt(id, 10) + "/"
	return s.c.baseURL + p, p
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

func checkID(id int64) error {
	if id <= 0 {
		return &ValidationError{Problems: []FieldProblem{{Field: "id", Message: fmt.Sprintf("must be a positive agent id, got %d", id)}}}
	}
	return nil
}

func validateListOptions(o *ListAgentsOptions) error {
	var v validator
	if o.Page < 0 {
		v.add("page", "must be 1 or more (or 0 for the first page), got %d", o.Page)
	}
	if o.PageSize < 0 {
		v.add("page_size", "must be 1 or more (or 0 for the API's default), got %d", o.PageSize)
	}
	if o.ProjectID < 0 {
		v.add("project_id", "must be a positive project id (or 0 for all), got %d", o.ProjectID)
	}
	return v.err()
}

func encodeQuery(opts any) (string, error) {
	q, err := query.Values(opts)
	if err != nil {
		return "", fmt.Errorf("cekura: encoding query options: %w", err)
	}
	return q.Encode(), nil
}
