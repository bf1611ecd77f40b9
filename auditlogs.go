package cekura

import (
	"context"
	"iter"
	"net/http"
	"time"
)

const auditLogsPath = "/user/v1/audit-logs/"

// maxAuditRange is the longest time range the API lists audit logs for.
const maxAuditRange = 30 * 24 * time.Hour

// AuditLogsService reads an organization's audit logs: who changed what,
// and when. Get it from Client.AuditLogs.
type AuditLogsService struct{ c *core }

// AuditActionType is the higher-level kind of an audited action.
type AuditActionType string

// The action types of the API.
const (
	AuditActionTypeObject            AuditActionType = "object"
	AuditActionTypeRunScenarios      AuditActionType = "run_scenarios"
	AuditActionTypeRunScenariosText  AuditActionType = "run_scenarios_text"
	AuditActionTypeGenerateScenarios AuditActionType = "generate_scenarios"
	AuditActionTypeObservability     AuditActionType = "observability"
)

// Valid reports whether t is one of the API's action types (or empty).
func (t AuditActionType) Valid() bool {
	switch t {
	case "", AuditActionTypeObject, AuditActionTypeRunScenarios, AuditActionTypeRunScenariosText, AuditActionTypeGenerateScenarios, AuditActionTypeObservability:
		return true
	}
	return false
}

// AuditOperationType is what an audited action did to its object.
type AuditOperationType string

// The operation types of the API.
const (
	AuditOperationTypeCreate AuditOperationType = "create"
	AuditOperationTypeUpdate AuditOperationType = "update"
	AuditOperationTypeDelete AuditOperationType = "delete"
)

// Valid reports whether t is one of the API's operation types (or empty).
func (t AuditOperationType) Valid() bool {
	return t == "" || t == AuditOperationTypeCreate || t == AuditOperationTypeUpdate || t == AuditOperationTypeDelete
}

// AuditLog is one audited action. Who did it is a user (UserID,
// UserEmail) or an API key (APIKeyName); the ids are 0 and the names ""
// where the API sends null.
type AuditLog struct {
	apiObject
	ID               int64              `json:"id"`
	OrganizationID   int64              `json:"organization,omitzero"`
	OrganizationName string             `json:"organization_name,omitzero"`
	ProjectID        int64              `json:"project,omitzero"`
	ProjectName      string             `json:"project_name,omitzero"`
	UserID           int64              `json:"user,omitzero"`
	UserEmail        string             `json:"user_email,omitzero"`
	APIKeyName       string             `json:"api_key_name,omitzero"`
	ActionType       AuditActionType    `json:"action_type,omitzero"`
	OperationType    AuditOperationType `json:"operation_type,omitzero"`
	// ObjectType is the kind of object acted on, such as aiagent, metric,
	// scenario or api_key; ObjectID is its id.
	ObjectType string    `json:"object_type,omitzero"`
	ObjectID   int64     `json:"object_id,omitzero"`
	Timestamp  time.Time `json:"timestamp"`
}

// UnmarshalJSON decodes an audit log tolerantly.
func (a *AuditLog) UnmarshalJSON(b []byte) error { return unmarshal(b, a) }

// ListAuditLogsParams selects audit logs. OrganizationID is required; zero
// values are not sent.
type ListAuditLogsParams struct {
	Page     int `url:"page,omitempty"`
	PageSize int `url:"page_size,omitempty"`
	// OrganizationID is the organization whose logs are listed; required.
	OrganizationID int64 `url:"organization_id,omitempty"`
	// Since and Until bound the logs' times (the API's start_time and
	// end_time); the API defaults to the last week and refuses ranges over
	// 30 days. Without Until the range ends at the API's now, which the SDK
	// does not judge by the local clock: the API does.
	Since time.Time `url:"start_time,omitempty"`
	Until time.Time `url:"end_time,omitempty"`
	// ProjectID keeps one project's logs.
	ProjectID int64 `url:"project_id,omitempty"`
	// UserEmail keeps the actions of one user.
	UserEmail string `url:"user_email,omitempty"`
	// ObjectType keeps one kind of object (aiagent, metric, scenario,
	// api_key …); ObjectID one object of that kind, and needs ObjectType.
	ObjectType    string             `url:"object_type,omitempty"`
	ObjectID      int64              `url:"object_id,omitempty"`
	ActionType    AuditActionType    `url:"action_type,omitempty"`
	OperationType AuditOperationType `url:"operation_type,omitempty"`
}

func (p *ListAuditLogsParams) validate(v *validator) {
	v.pageOptions(p.Page, p.PageSize)
	if p.OrganizationID <= 0 {
		v.add("organization_id", "is required: the positive id of the organization whose logs to list, got %d", p.OrganizationID)
	}
	switch {
	case !p.Since.IsZero() && !p.Until.IsZero() && p.Until.Before(p.Since):
		v.add("end_time", "is before start_time")
	case !p.Since.IsZero() && !p.Until.IsZero() && p.Until.Sub(p.Since) > maxAuditRange:
		v.add("end_time", "the range is %s; the API refuses ranges over 30 days", p.Until.Sub(p.Since).Round(time.Hour))
	}
	if p.ProjectID < 0 {
		v.add("project_id", "must be a positive project id (or 0 for all), got %d", p.ProjectID)
	}
	if p.ObjectID < 0 {
		v.add("object_id", "must be a positive id (or 0 for all), got %d", p.ObjectID)
	}
	if p.ObjectID != 0 && p.ObjectType == "" {
		v.add("object_id", "goes with object_type: name the kind of object too, such as aiagent")
	}
	if !p.ActionType.Valid() {
		v.add("action_type", "%q is not one of object, run_scenarios, run_scenarios_text, generate_scenarios, observability", p.ActionType)
	}
	if !p.OperationType.Valid() {
		v.add("operation_type", "%q is not one of create, update, delete", p.OperationType)
	}
}

// List returns one page of an organization's audit logs: GET
// /user/v1/audit-logs/. params is required (its OrganizationID); nil is a
// validation error.
func (s *AuditLogsService) List(ctx context.Context, params *ListAuditLogsParams, opts ...Option) (*Page[AuditLog], error) {
	return list[AuditLog](ctx, s.c, auditLogsEndpoint(params), opts)
}

// All walks every page of audit logs lazily; see [AgentsService.All].
func (s *AuditLogsService) All(ctx context.Context, params *ListAuditLogsParams, opts ...Option) iter.Seq2[*AuditLog, error] {
	return all[AuditLog](ctx, s.c, auditLogsEndpoint(params), opts)
}

// auditLogsEndpoint is the list's endpoint; nil params become empty ones,
// so that the missing organization_id is reported.
func auditLogsEndpoint(params *ListAuditLogsParams) endpoint {
	if params == nil {
		params = &ListAuditLogsParams{}
	}
	return endpoint{method: http.MethodGet, path: auditLogsPath, query: params}
}
