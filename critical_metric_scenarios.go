package cekura

import (
	"context"
	"iter"
	"net/http"
)

const criticalMetricScenariosPath = "/test_framework/v1/critical-metric-scenarios/"

// CriticalMetricScenariosService triages the scenarios a metric flagged as
// critical: list them, and set how much each matters. Get it from
// Client.CriticalMetricScenarios. Cekura documents them on v1 only.
type CriticalMetricScenariosService struct{ c *core }

// CriticalPriority is how much a flagged scenario matters.
type CriticalPriority string

// The priorities of a critical metric scenario.
const (
	CriticalPriorityCritical    CriticalPriority = "critical"
	CriticalPriorityNonCritical CriticalPriority = "non-critical"
	// CriticalPriorityNotABug marks the flag as wrong.
	CriticalPriorityNotABug CriticalPriority = "not_a_bug"
)

// Valid reports whether p is one of the API's priorities.
func (p CriticalPriority) Valid() bool {
	return p == CriticalPriorityCritical || p == CriticalPriorityNonCritical || p == CriticalPriorityNotABug
}

// CriticalMetricScenario is a scenario a metric flagged as critical.
type CriticalMetricScenario struct {
	apiObject
	ID int64 `json:"id"`
	// Scenario is the scenario's name.
	Scenario string           `json:"scenario,omitzero"`
	Priority CriticalPriority `json:"priority,omitzero"`
}

// UnmarshalJSON decodes a critical metric scenario tolerantly.
func (c *CriticalMetricScenario) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// ListCriticalMetricScenariosParams filters List. Zero values are not
// sent. AgentID, CategoryID and MetricID scope the list for a dashboard
// login; an API key is already scoped to its tenant, and may leave them
// out.
type ListCriticalMetricScenariosParams struct {
	Page       int   `url:"page,omitempty"`
	PageSize   int   `url:"page_size,omitempty"`
	AgentID    int64 `url:"agent_id,omitempty"`
	CategoryID int64 `url:"category_id,omitempty"`
	MetricID   int64 `url:"metric_id,omitempty"`
}

func (o *ListCriticalMetricScenariosParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	for _, f := range []struct {
		name string
		id   int64
	}{{"agent_id", o.AgentID}, {"category_id", o.CategoryID}, {"metric_id", o.MetricID}} {
		if f.id < 0 {
			v.add(f.name, "must be a positive id, got %d", f.id)
		}
	}
}

// List returns one page of critical metric scenarios: GET
// /test_framework/v1/critical-metric-scenarios/.
func (s *CriticalMetricScenariosService) List(ctx context.Context, params *ListCriticalMetricScenariosParams, opts ...Option) (*Page[CriticalMetricScenario], error) {
	return list[CriticalMetricScenario](ctx, s.c, endpoint{method: http.MethodGet, path: criticalMetricScenariosPath, query: params}, opts)
}

// All walks every page of critical metric scenarios lazily; see
// [AgentsService.All].
func (s *CriticalMetricScenariosService) All(ctx context.Context, params *ListCriticalMetricScenariosParams, opts ...Option) iter.Seq2[*CriticalMetricScenario, error] {
	return all[CriticalMetricScenario](ctx, s.c, endpoint{method: http.MethodGet, path: criticalMetricScenariosPath, query: params}, opts)
}

// UpdateCriticalMetricScenarioRequest is the body of Update (PATCH).
//
// Cekura's CLI documentation shows an is_resolved field here; the API's
// description has priority only, and the SDK follows the description.
type UpdateCriticalMetricScenarioRequest struct {
	Priority Opt[CriticalPriority] `json:"priority,omitzero"`
}

func (r *UpdateCriticalMetricScenarioRequest) validate(v *validator) {
	if p, ok := r.Priority.Get(); ok && !p.Valid() {
		v.add("priority", "%q is not one of critical, non-critical, not_a_bug", p)
	}
}

// Update changes what req sets: PATCH
// /test_framework/v1/critical-metric-scenarios/{id}/.
func (s *CriticalMetricScenariosService) Update(ctx context.Context, id int64, req *UpdateCriticalMetricScenarioRequest, opts ...Option) (*CriticalMetricScenario, error) {
	if err := checkID("critical metric scenario", id); err != nil {
		return nil, err
	}
	return send[CriticalMetricScenario](ctx, s.c, endpoint{method: http.MethodPatch, path: pathID(criticalMetricScenariosPath, id), body: req, update: true}, opts)
}
