package cekura_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTestProfilesAgainstTheFake runs every operation of TestProfiles
// against cekuratest: what is written reads back the same, and a request
// the SDK refuses is refused by the fake's rules too, under the same keys.
func TestTestProfilesAgainstTheFake(t *testing.T) {
	fake := cekuratest.New(t, cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376}))
	client := fake.Client()
	ctx := context.Background()
	info := cekura.TestProfileInformation{
		AgentVariables:  map[string]any{"user_id": "U-42", "X-Account-Tier": "gold", "visits": 3.0},
		CallerVariables: map[string]any{"user_name": "Jane Doe", "address": map[string]any{"city": "Lyon"}},
	}

	created, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Gold member", AgentID: 1, Information: info})
	require.NoError(t, err)
	assert.Equal(t, info, created.Information, "read back as written")
	assert.Equal(t, "Support Bot", created.AgentName)
	other, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{Name: "Walk-in", ProjectID: 1376})
	require.NoError(t, err)

	got, err := client.TestProfiles.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.Information, got.Information)
	assert.Equal(t, "Gold member", got.Name)

	page, err := client.TestProfiles.List(ctx, &cekura.ListTestProfilesParams{ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count, "the project's own, and its agent's")
	var names []string
	for p, err := range client.TestProfiles.All(ctx, &cekura.ListTestProfilesParams{AgentID: 1}) {
		require.NoError(t, err)
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"Gold member"}, names)

	updated, err := client.TestProfiles.Update(ctx, created.ID, &cekura.UpdateTestProfileRequest{Name: cekura.Some("Platinum member"),
		Information: cekura.Some(cekura.TestProfileInformation{AgentVariables: map[string]any{"user_id": "U-43"}})})
	require.NoError(t, err)
	assert.Equal(t, "Platinum member", updated.Name)
	assert.Equal(t, map[string]any{"user_id": "U-43"}, updated.Information.AgentVariables)
	assert.Nil(t, updated.Information.CallerVariables, "replaced whole")

	require.NoError(t, client.TestProfiles.Delete(ctx, other.ID))
	_, err = client.TestProfiles.Get(ctx, other.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	require.Len(t, fake.TestProfiles(), 1)

	// Refused before sending, and by the fake when sent anyway: the same
	// fields.
	sent := len(fake.Requests())
	bad := &cekura.CreateTestProfileRequest{Name: " "}
	_, err = client.TestProfiles.Create(ctx, bad)
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	_, err = client.TestProfiles.List(ctx, nil)
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	_, err = client.TestProfiles.Create(ctx, bad, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Contains(t, apiErr.FieldErrors, "name")
	_, err = client.TestProfiles.List(ctx, nil, cekura.WithoutClientValidation())
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode, "the API requires agent_id or project_id too")
}
