package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const apiKeysPath = "/user/api/v1/user-api-key/"

// APIKeysService creates API keys. Get it from Client.APIKeys.
type APIKeysService struct{ c *core }

// CreateAPIKeyRequest is the body of Create.
type CreateAPIKeyRequest struct {
	// Name names the key, so that it can be told apart in the dashboard
	// and in audit logs.
	Name string `json:"name,omitzero"`
	// ProjectID is the project the key is scoped to. It is required: the
	// SDK authenticates with an API key, and with API key authentication
	// the API creates only project-level keys.
	ProjectID int64 `json:"project,omitzero"`
}

func (r *CreateAPIKeyRequest) validate(v *validator) {
	if r.ProjectID <= 0 {
		v.add("project", "must be a positive project id, got %d: with API key authentication (the SDK's), the API creates only project-level keys", r.ProjectID)
	}
}

// APIKey is an API key as the API returns it when it is created. Key, the
// key itself, is in that answer only: keep it then, as the API never shows
// it again. It is a Secret, so that printing or logging an APIKey does not
// show it; Key.Reveal() returns it. RawJSON has it replaced by [Redacted]
// too.
type APIKey struct {
	apiObject
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	OrganizationName string `json:"organization_name,omitzero"`
	// ProjectID is the project the key is scoped to; 0 for an
	// organization-level key.
	ProjectID   int64     `json:"project,omitzero"`
	ProjectName string    `json:"project_name,omitzero"`
	Key         Secret    `json:"key,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
}

// UnmarshalJSON decodes an API key tolerantly.
func (k *APIKey) UnmarshalJSON(b []byte) error { return unmarshal(b, k) }

// afterDecode keeps the key out of RawJSON: the decoded object's JSON gets
// a copy with "key" (in any case) replaced by [Redacted].
func (k *APIKey) afterDecode(*jreader) {
	if k.Key == "" {
		return
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(k.raw, &obj) != nil {
		k.raw = nil // cannot tell where the key is: keep nothing
		return
	}
	for name := range obj {
		if strings.EqualFold(name, "key") { // the codec matches names as encoding/json does, ignoring case
			obj[name] = json.RawMessage(strconv.Quote(Redacted))
		}
	}
	k.raw, _ = json.Marshal(obj)
}

// Create makes a new API key: POST /user/api/v1/user-api-key/ (201). The
// answer's Key is the only time the API shows it. Create is never repeated
// once the request may have reached the API (a 5xx, a timeout): a retry
// could make a second key, whose Key would be lost.
func (s *APIKeysService) Create(ctx context.Context, req *CreateAPIKeyRequest, opts ...Option) (*APIKey, error) {
	return send[APIKey](ctx, s.c, endpoint{method: http.MethodPost, path: apiKeysPath, body: req}, opts)
}

// Format prints the APIKey with its key redacted, under any verb.
func (k APIKey) Format(f fmt.State, verb rune) { formatRedacted(f, verb, k) }

// LogValue logs the APIKey with its key redacted.
func (k APIKey) LogValue() slog.Value { return redactedLogValue(k) }
