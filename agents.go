package cekura

import (
	"context"
	"iter"
	"net/http"
)

// agentsPath is the agents collection, trailing slash included as the API
// documents it.
const agentsPath = "/test_framework/v2/aiagents/"

// AgentsService is the AI voice agents resource:
// /test_framework/v2/aiagents/. Get it from Client.Agents.
type AgentsService struct {
	c *core
}

// ListAgentsParams selects a page of agents. Zero values are not sent.
type ListAgentsParams struct {
	// Page is the 1-based page number (default 1).
	Page int `url:"page,omitempty"`
	// PageSize is the number of agents per page (the API's default when 0).
	PageSize int `url:"page_size,omitempty"`
	// ProjectID keeps only the agents of one project.
	ProjectID int64 `url:"project_id,omitempty"`
	// Search keeps the agents whose name matches; a number also matches
	// the agent with that id.
	Search string `url:"q,omitempty"`
}

func (o *ListAgentsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	if o.ProjectID < 0 {
		v.add("project_id", "must be a positive project id (or 0 for all), got %d", o.ProjectID)
	}
}

// DeleteAgentParams are the query parameters of Delete.
type DeleteAgentParams struct {
	// DeleteRelated: Some(true) also deletes the agent's related objects,
	// Some(false) keeps them; unset leaves the API's default.
	DeleteRelated Opt[bool] `url:"delete_related"`
}

// Create registers a new agent: POST /test_framework/v2/aiagents/ (201).
//
// The request is validated first; a *ValidationError (errors.Is
// ErrInvalidRequest) lists every problem and nothing is sent. Create is
// retried only on 429 and on errors that prove the request never reached
// the API: a 5xx or a timeout may come after the agent was created, so it is
// returned rather than risking a second agent.
func (s *AgentsService) Create(ctx context.Context, req *CreateAgentRequest, opts ...Option) (*Agent, error) {
	return send[Agent](ctx, s.c, endpoint{method: http.MethodPost, path: agentsPath, body: req}, opts)
}

// Get returns one agent: GET /test_framework/v2/aiagents/{id}/. An unknown
// id is an *APIError matching ErrNotFound.
func (s *AgentsService) Get(ctx context.Context, id int64, opts ...Option) (*Agent, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return send[Agent](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(agentsPath, id)}, opts)
}

// List returns one page of agents: GET /test_framework/v2/aiagents/ with
// page, page_size and project_id. params may be nil. See All to walk every page.
func (s *AgentsService) List(ctx context.Context, params *ListAgentsParams, opts ...Option) (*Page[Agent], error) {
	return list[Agent](ctx, s.c, endpoint{method: http.MethodGet, path: agentsPath, query: params}, opts)
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
func (s *AgentsService) All(ctx context.Context, params *ListAgentsParams, opts ...Option) iter.Seq2[*Agent, error] {
	return all[Agent](ctx, s.c, endpoint{method: http.MethodGet, path: agentsPath, query: params}, opts)
}

// Replace replaces an agent as a whole: PUT /test_framework/v2/aiagents/{id}/.
// Fields left out take their defaults; use Update to change some fields only.
// It is validated as Create, and retried as an idempotent call.
func (s *AgentsService) Replace(ctx context.Context, id int64, req *CreateAgentRequest, opts ...Option) (*Agent, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return send[Agent](ctx, s.c, endpoint{method: http.MethodPut, path: pathID(agentsPath, id), body: req}, opts)
}

// Update changes the fields of an agent that req sets, and no other:
// PATCH /test_framework/v2/aiagents/{id}/. Fields set to Null() are sent as
// JSON null, which clears them. An update that sets nothing is a validation
// error. Like Create, it is retried only on 429 and on errors that prove the
// request never reached the API.
func (s *AgentsService) Update(ctx context.Context, id int64, req *UpdateAgentRequest, opts ...Option) (*Agent, error) {
	if err := checkID("agent", id); err != nil {
		return nil, err
	}
	return send[Agent](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(agentsPath, id), body: req, update: true}, opts)
}

// Delete deletes an agent: DELETE /test_framework/v2/aiagents/{id}/ (204).
// params may be nil.
func (s *AgentsService) Delete(ctx context.Context, id int64, params *DeleteAgentParams, opts ...Option) error {
	if err := checkID("agent", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(agentsPath, id), query: params}, opts)
}
