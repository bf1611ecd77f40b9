package cekura

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// profileJSON is a test profile as the API's description shows one.
const profileJSON = `{"id": 123, "project": 456, "agent": null, "name": "Jane, gold member",
  "information": {"main_agent_variables": {"user_id": "U-42", "account_id": "ACC-4521"},
                  "testing_agent_variables": {"user_name": "John Doe", "user_email": "john.doe@example.com"}},
  "created_by": 9, "last_updated_by": 10, "created_at": "2026-08-20T10:00:00Z", "updated_at": "2026-08-21T11:30:00Z"}`

// TestTestProfilesOverHTTP drives every operation through httpmock: the
// method, path, query and body sent, and the answer decoded.
func TestTestProfilesOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+testProfilesPath, capture(200, profileJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+testProfilesPath+"123/", capture(200, profileJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+testProfilesPath+"?agent_id=7", capture(200,
		`[`+profileJSON+`, {"id": 124, "agent": 7, "agent_name": "Support Bot", "name": "p2", "information": {}, "scenarios": [{"id": 5, "name": "Refund"}, 6]}]`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+testProfilesPath+"123/", capture(200, profileJSON, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+testProfilesPath+"123/", capture(204, ``, &got, &mu))

	p, err := c.TestProfiles.Create(ctx, &CreateTestProfileRequest{Name: "Jane, gold member", ProjectID: 456, Information: TestProfileInformation{
		AgentVariables:  map[string]any{"user_id": "U-42", "X-Account-Tier": "gold"},
		CallerVariables: map[string]any{"user_name": "John Doe"},
	}})
	require.NoError(t, err)
	assert.Equal(t, int64(123), p.ID)
	assert.Equal(t, int64(456), p.ProjectID)
	assert.Zero(t, p.AgentID, "null")
	assert.Equal(t, map[string]any{"user_id": "U-42", "account_id": "ACC-4521"}, p.Information.AgentVariables)
	assert.Equal(t, "john.doe@example.com", p.Information.CallerVariables["user_email"])
	assert.Equal(t, int64(9), p.CreatedByID)
	assert.Equal(t, int64(10), p.LastUpdatedByID)
	assert.Equal(t, time.Date(2026, 8, 21, 11, 30, 0, 0, time.UTC), p.UpdatedAt)

	p, err = c.TestProfiles.Get(ctx, 123)
	require.NoError(t, err)
	assert.Equal(t, "Jane, gold member", p.Name)
	assert.JSONEq(t, profileJSON, string(p.RawJSON()))

	page, err := c.TestProfiles.List(ctx, &ListTestProfilesParams{AgentID: 7})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count, "a bare array reads as one page")
	assert.Empty(t, page.Next)
	require.Len(t, page.Results, 2)
	assert.Equal(t, "Support Bot", page.Results[1].AgentName)
	require.Len(t, page.Results[1].Scenarios, 2)
	assert.Equal(t, "Refund", page.Results[1].Scenarios[0].Name)
	assert.Equal(t, int64(6), page.Results[1].Scenarios[1].ID, "an id reads as a scenario with only its ID")
	var walked []int64
	for p, err := range c.TestProfiles.All(ctx, &ListTestProfilesParams{AgentID: 7}) {
		require.NoError(t, err)
		walked = append(walked, p.ID)
	}
	assert.Equal(t, []int64{123, 124}, walked)

	_, err = c.TestProfiles.Update(ctx, 123, &UpdateTestProfileRequest{Name: Some("Jane"), AgentID: Some[int64](7), ProjectID: Null[int64](),
		Information: Some(TestProfileInformation{CallerVariables: map[string]any{"user_name": "Jane"}})})
	require.NoError(t, err)
	require.NoError(t, c.TestProfiles.Delete(ctx, 123))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 6)
	assert.JSONEq(t, `{"name": "Jane, gold member", "project": 456, "information": {
		"main_agent_variables": {"user_id": "U-42", "X-Account-Tier": "gold"}, "testing_agent_variables": {"user_name": "John Doe"}}}`, string(got[0].Body))
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"))
	assert.Equal(t, "GET", got[1].Method)
	assert.Equal(t, testBase+testProfilesPath+"?agent_id=7", got[2].URL)
	assert.JSONEq(t, `{"name": "Jane", "agent": 7, "project": null, "information": {"testing_agent_variables": {"user_name": "Jane"}}}`, string(got[4].Body),
		"Null() detaches the project; information is replaced whole")
	assert.Equal(t, "DELETE", got[5].Method)
	assert.Empty(t, got[5].Body)
}

func TestTestProfileInformationDecodesEveryShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, json     string
		agent, caller  map[string]any
		roundTripsAsIs bool
	}{
		{"sectioned", `{"main_agent_variables": {"a": 1}, "testing_agent_variables": {"b": "x"}}`,
			map[string]any{"a": float64(1)}, map[string]any{"b": "x"}, true},
		{"one section", `{"testing_agent_variables": {"b": "x"}}`, nil, map[string]any{"b": "x"}, true},
		{"the older flat shape: both agents get it", `{"user_id": "U-1", "tier": "gold"}`,
			map[string]any{"user_id": "U-1", "tier": "gold"}, map[string]any{"user_id": "U-1", "tier": "gold"}, false},
		{"a section that is not an object", `{"main_agent_variables": "oops", "testing_agent_variables": {"b": 2}}`,
			nil, map[string]any{"b": float64(2)}, false},
		{"empty", `{}`, nil, nil, true},
		{"null", `null`, nil, nil, false},
		{"not an object", `[1, 2]`, nil, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p TestProfile
			require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "information": `+tc.json+`}`), &p), "tolerant")
			assert.Equal(t, tc.agent, p.Information.AgentVariables)
			assert.Equal(t, tc.caller, p.Information.CallerVariables)
			var in TestProfileInformation
			require.NoError(t, json.Unmarshal([]byte(tc.json), &in), "json.Unmarshal reads it as the SDK does")
			assert.Equal(t, p.Information, in)
			if tc.roundTripsAsIs {
				b, err := json.Marshal(in)
				require.NoError(t, err)
				assert.JSONEq(t, tc.json, string(b))
			}
		})
	}
	// A flat profile is sent back sectioned, with the same variables for
	// both agents: what the API delivered from the flat shape.
	var p TestProfile
	require.NoError(t, json.Unmarshal([]byte(`{"information": {"k": "v"}}`), &p))
	p.Information.CallerVariables["only_caller"] = true
	assert.NotContains(t, p.Information.AgentVariables, "only_caller", "the two sections are separate maps")
	b, err := marshal(&UpdateTestProfileRequest{Information: Some(p.Information)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"information": {"main_agent_variables": {"k": "v"}, "testing_agent_variables": {"k": "v", "only_caller": true}}}`, string(b))
}

func TestTestProfileScenariosDecodeInEveryShape(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`[1, 2]`, `"[1, 2]"`, `[{"id": 1, "name": "a"}, {"id": 2}]`, `["1", {"id": 2, "name": "b"}, null, true]`} {
		var p TestProfile
		require.NoError(t, json.Unmarshal([]byte(`{"id": 9, "scenarios": `+body+`}`), &p))
		var ids []int64
		for _, sc := range p.Scenarios {
			ids = append(ids, sc.ID)
		}
		assert.Equal(t, []int64{1, 2}, ids, body)
	}
}

// TestTestProfileRequestsAreCheckedBeforeSending: every problem of a
// request at once, keyed by its JSON field, and nothing sent.
func TestTestProfileRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a create that names nothing", func() error {
			_, err := c.TestProfiles.Create(ctx, &CreateTestProfileRequest{Name: " "})
			return err
		}, []FieldProblem{
			{"name", "is required"},
			{"agent", "set agent or project (or both): what the profile belongs to"},
		}},
		{"a long name, negative ids, reserved headers", func() error {
			_, err := c.TestProfiles.Create(ctx, &CreateTestProfileRequest{Name: strings.Repeat("é", 256), AgentID: -1, ProjectID: -2,
				Information: TestProfileInformation{AgentVariables: map[string]any{"x-run-id": "1"}, CallerVariables: map[string]any{"X-Run-Id": "fine here"}}})
			return err
		}, []FieldProblem{
			{"name", "is 256 characters long; at most 255 are allowed"},
			{"agent", "must be a positive id, got -1"},
			{"project", "must be a positive id, got -2"},
			{"information.main_agent_variables", `has "x-run-id", which Cekura sets on every run (as X-Run-Id); use another key`},
		}},
		{"an update that sets nothing", func() error {
			_, err := c.TestProfiles.Update(ctx, 5, &UpdateTestProfileRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update that detaches both, blanks the name, sets a reserved header", func() error {
			_, err := c.TestProfiles.Update(ctx, 5, &UpdateTestProfileRequest{Name: Some(""), AgentID: Null[int64](), ProjectID: Null[int64](),
				Information: Some(TestProfileInformation{AgentVariables: map[string]any{"X-Result-ID": 1}})})
			return err
		}, []FieldProblem{
			{"name", "must not be blank"},
			{"agent", "agent and project are both Null(); the profile must keep one of them"},
			{"information.main_agent_variables", `has "X-Result-ID", which Cekura sets on every run (as X-Result-Id); use another key`},
		}},
		{"an update to ids that cannot be, and a Null() name", func() error {
			_, err := c.TestProfiles.Update(ctx, 5, &UpdateTestProfileRequest{Name: Null[string](), AgentID: Some[int64](0), ProjectID: Some[int64](-4)})
			return err
		}, []FieldProblem{
			{"name", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"agent", "must be a positive id, got 0"},
			{"project", "must be a positive id, got -4"},
		}},
		{"a list that names neither an agent nor a project", func() error {
			_, err := c.TestProfiles.List(ctx, nil)
			return err
		}, []FieldProblem{{"agent_id", "set agent_id or project_id: the API lists the test profiles of an agent or of a project"}}},
		{"All with a negative project", func() error {
			for _, err := range c.TestProfiles.All(ctx, &ListTestProfilesParams{ProjectID: -1}) {
				return err
			}
			return nil
		}, []FieldProblem{{"project_id", "must be a positive id, got -1"}}},
		{"a nil request", func() error {
			_, err := c.TestProfiles.Create(ctx, nil)
			return err
		}, []FieldProblem{{"request", "is nil"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
			assert.False(t, MaybeApplied(err))
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")

	// WithoutClientValidation sends what was built: the API judges it.
	mt.RegisterResponder("GET", testBase+testProfilesPath, httpmock.NewStringResponder(400, `{"non_field_errors": ["Either agent_id or project_id must be provided."]}`))
	_, err := c.TestProfiles.List(ctx, nil, WithoutClientValidation())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
}
