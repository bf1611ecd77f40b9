package cekura

import (
	"context"
	"iter"
	"net/http"
)

// toolsPath is the mock tools catalogue of a project. Cekura documents it
// on v1 only.
const toolsPath = "/test_framework/v1/tools/"

// ToolsService reads a project's catalogue of mock tools: each tool once,
// with its input/output pairs and the agents that use it (an agent's own
// list is Agents.ListMockTools). Get it from Client.Tools.
type ToolsService struct{ c *core }

// Tool is a mock tool of the catalogue as the API returns it.
type Tool struct {
	apiObject
	ID int64 `json:"id"`
	// Name is the tool's name (letters, digits, _, - and inner spaces,
	// under 64 characters); Description what it does.
	Name        string `json:"name"`
	Description string `json:"description,omitzero"`
	// Information is how the mock answers: a list of input/output pairs.
	Information []ToolMapping `json:"information,omitzero"`
	// FreetextParams are parameters ignored when a call is matched to an
	// input, because they are free text (such as notes or reason).
	FreetextParams []string `json:"freetext_params,omitzero" cekura:"oneOrMany"`
	// MockURL is the tool's own webhook URL; empty when an MCP server
	// serves it.
	MockURL string `json:"mock_url,omitzero"`
	// ServedVia is how the tool is reached at run time, and MCPServer the
	// MCP server it was fetched from (nil for a standalone tool). The
	// description types both as strings; its text, and the agents' tools,
	// show the objects decoded here.
	ServedVia MockToolServedVia `json:"served_via,omitzero"`
	MCPServer *MCPServer        `json:"mcp_server,omitzero"`
	// SubscriberCount is how many agents of the project share the tool
	// (typed a string in the description: a number and a string holding
	// one both decode), and IsShared is true when more than one does: a
	// change affects them all.
	SubscriberCount int  `json:"subscriber_count,omitzero" cekura:"flex"`
	IsShared        bool `json:"is_shared,omitzero"`
	// Subscribers are the agents that use the tool, each as the API
	// describes it (an object with the agent's fields, such as id and
	// name).
	Subscribers []map[string]any `json:"subscribers,omitzero"`
}

// UnmarshalJSON decodes a tool tolerantly.
func (t *Tool) UnmarshalJSON(b []byte) error { return unmarshal(b, t) }

// ToolMapping is one input/output pair of a mock tool: a call of the tool
// with Input is answered with Output.
type ToolMapping struct {
	Input  map[string]any `json:"input"`
	Output any            `json:"output"`
}

// MCPServer is the MCP server a mock tool was fetched from.
type MCPServer struct {
	Name string `json:"name,omitzero"`
	Key  string `json:"key,omitzero"`
}

// ListToolsParams filters List. Zero values are not sent.
type ListToolsParams struct {
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
	// Search keeps the tools whose name matches, with or without the c_
	// prefix.
	Search string `url:"search,omitempty"`
	// ProjectID lists the project's whole catalogue; AgentID only the
	// tools that agent could adopt (its own are left out).
	ProjectID int64 `url:"project_id,omitempty"`
	AgentID   int64 `url:"agent_id,omitempty"`
}

func (o *ListToolsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	positive(v, "project_id", o.ProjectID)
	positive(v, "agent_id", o.AgentID)
}

// List returns one page of the catalogue, the most shared tools first: GET
// /test_framework/v1/tools/.
func (s *ToolsService) List(ctx context.Context, params *ListToolsParams, opts ...Option) (*Page[Tool], error) {
	return list[Tool](ctx, s.c, endpoint{method: http.MethodGet, path: toolsPath, query: params}, opts)
}

// All walks every page of the catalogue lazily; see [AgentsService.All].
func (s *ToolsService) All(ctx context.Context, params *ListToolsParams, opts ...Option) iter.Seq2[*Tool, error] {
	return all[Tool](ctx, s.c, endpoint{method: http.MethodGet, path: toolsPath, query: params}, opts)
}

// Get returns one tool of the catalogue, with the agents that use it: GET
// /test_framework/v1/tools/{id}/.
func (s *ToolsService) Get(ctx context.Context, id int64, opts ...Option) (*Tool, error) {
	if err := checkID("tool", id); err != nil {
		return nil, err
	}
	return send[Tool](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(toolsPath, id)}, opts)
}
