package cekuratest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTestProfilesInTheFake: the fake's test profiles, through the SDK and
// over raw HTTP: the API's rules and messages, the list's filters and
// scenarios, and what a delete leaves.
func TestTestProfilesInTheFake(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	a1, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "One", Description: "d", ProjectID: 7})
	require.NoError(t, err)
	a2, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Two", Description: "d"})
	require.NoError(t, err)

	p1, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Gold member", AgentID: a1.ID,
		Information: cekura.TestProfileInformation{AgentVariables: map[string]any{"user_id": "U-42"}}})
	require.NoError(t, err)
	assert.Equal(t, "One", p1.AgentName)
	assert.False(t, p1.CreatedAt.IsZero())
	p2, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Project-wide", ProjectID: 7})
	require.NoError(t, err)
	p3, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Other agent", AgentID: a2.ID})
	require.NoError(t, err)
	sc, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "Refund", PersonalityID: 1, AgentID: a1.ID, Instructions: "ask",
		TestProfileID: p1.ID})
	require.NoError(t, err)
	assert.Equal(t, p1.ID, sc.TestProfileID)

	for query, want := range map[string][]int64{
		"agent_id=1":              {p1.ID},
		"agent_id=2":              {p3.ID},
		"project_id=7":            {p1.ID, p2.ID}, // its own, and its agents'
		"project_id=8":            nil,
		"agent_id=1&project_id=7": {p1.ID},
	} {
		var got []struct{ ID int64 }
		sendJSON(t, fake, http.MethodGet, testProfilesPath+"?"+query, nil, http.StatusOK, &got)
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		assert.Equal(t, want, ids, query)
	}
	assert.Equal(t, -1, count(t, fake, testProfilesPath), "agent_id or project_id is required")
	assert.Equal(t, -1, count(t, fake, testProfilesPath+"?agent_id=one"))

	page, err := client.TestProfiles.List(ctx, &cekura.ListTestProfilesParams{AgentID: a1.ID})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	require.Len(t, page.Results[0].Scenarios, 1, "the list view names the scenarios that use the profile")
	assert.Equal(t, "Refund", page.Results[0].Scenarios[0].Name)
	got, err := client.TestProfiles.Get(ctx, p1.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Scenarios, "the detail view does not")
	assert.Equal(t, map[string]any{"user_id": "U-42"}, got.Information.AgentVariables)

	up, err := client.TestProfiles.Update(ctx, p1.ID, &cekura.UpdateTestProfileRequest{Name: cekura.Some("Platinum member"), ProjectID: cekura.Some[int64](7),
		Information: cekura.Some(cekura.TestProfileInformation{CallerVariables: map[string]any{"user_name": "Jane"}})})
	require.NoError(t, err)
	assert.Equal(t, "Platinum member", up.Name)
	assert.Equal(t, int64(7), up.ProjectID)
	assert.Nil(t, up.Information.AgentVariables, "information is replaced whole")
	assert.Equal(t, "Jane", up.Information.CallerVariables["user_name"])
	assert.True(t, up.UpdatedAt.After(up.CreatedAt) || up.UpdatedAt.Equal(up.CreatedAt))
	_, err = client.TestProfiles.Update(ctx, p2.ID, &cekura.UpdateTestProfileRequest{ProjectID: cekura.Null[int64]()})
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr, "a profile must keep an agent or a project")
	assert.Equal(t, []string{"Either agent or project must be provided."}, apiErr.FieldErrors["non_field_errors"])

	// The API's rules, over raw HTTP.
	for _, tc := range []struct {
		method, path, body string
		want               map[string][]string
	}{
		{"POST", testProfilesPath, `{}`, map[string][]string{"name": {msgRequired}}},
		{"POST", testProfilesPath, `{"name": " ", "agent": 99, "information": [1]}`, map[string][]string{
			"name": {msgBlank}, "agent": {`Invalid pk "99" - object does not exist.`}, "information": {`Expected a dictionary of items but got type "list".`}}},
		{"POST", testProfilesPath, `{"name": "n"}`, map[string][]string{"non_field_errors": {"Either agent or project must be provided."}}},
		{"POST", testProfilesPath, `{"name": "n", "project": "x", "information": null}`, map[string][]string{"project": {msgInteger}, "information": {msgNull}}},
		{"PUT", testProfilesPath + "2/", `{"project": 7}`, map[string][]string{"name": {msgRequired}}},
	} {
		var errs map[string][]string
		sendJSON(t, fake, tc.method, tc.path, json.RawMessage(tc.body), http.StatusBadRequest, &errs)
		assert.Equal(t, tc.want, errs, "%s %s", tc.body, tc.path)
	}
	var replaced cekura.TestProfile
	sendJSON(t, fake, http.MethodPut, testProfilesPath+"2/", map[string]any{"name": "Replaced", "agent": a2.ID}, http.StatusOK, &replaced)
	assert.Equal(t, "Replaced", replaced.Name)
	assert.Zero(t, replaced.ProjectID, "PUT replaces every field")
	assert.Equal(t, p2.CreatedAt, replaced.CreatedAt)
	var flat cekura.TestProfile
	sendJSON(t, fake, http.MethodPatch, testProfilesPath+"3/", map[string]any{"information": map[string]any{"tier": "gold"}}, http.StatusOK, &flat)
	assert.JSONEq(t, `{"tier": "gold"}`, jsonFieldOf(t, flat.RawJSON(), "information"), "the older flat shape is kept as written")
	assert.Equal(t, "gold", flat.Information.AgentVariables["tier"], "and the SDK reads it for both agents")
	assert.Equal(t, "gold", flat.Information.CallerVariables["tier"])

	_, err = client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{Name: "x", PersonalityID: 1, AgentID: a1.ID, Instructions: "ask", TestProfileID: 99})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{`Invalid pk "99" - object does not exist.`}, apiErr.FieldErrors["test_profile"])

	require.NoError(t, client.TestProfiles.Delete(ctx, p1.ID))
	_, err = client.TestProfiles.Get(ctx, p1.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	assert.ErrorIs(t, client.TestProfiles.Delete(ctx, p1.ID), cekura.ErrNotFound)
	after, err := client.Scenarios.Get(ctx, sc.ID)
	require.NoError(t, err)
	assert.Zero(t, after.TestProfileID, "the scenario keeps running without the profile")

	all := fake.TestProfiles()
	require.Len(t, all, 2)
	assert.Equal(t, "Replaced", all[0].Name)
	assert.Equal(t, map[string]any{"tier": "gold"}, all[1].Information.CallerVariables)
}

// jsonFieldOf returns one field of a JSON object, as JSON.
func jsonFieldOf(t *testing.T, obj json.RawMessage, name string) string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(obj, &m))
	return string(m[name])
}
