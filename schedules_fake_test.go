package cekura_test

import (
	"context"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSchedulesAgainstTheFake runs every operation of Schedules against
// cekuratest: what is written reads back the same, pausing and switching
// from ids to tags work, and what the SDK refuses before sending the fake
// refuses under the same keys.
func TestSchedulesAgainstTheFake(t *testing.T) {
	fake := newSupportBotFake() // agent 1, scenarios 1 and 2 tagged smoke
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	created, err := client.Schedules.Create(ctx, &cekura.CreateScheduleRequest{Name: "Weekday smoke", AgentID: 1, ScenarioIDs: []int64{1, 2},
		CrontabExpression: "0 9 * * MON-FRI", Timezone: "Europe/Paris", PersonalityIDs: []int64{1}, Frequency: 2,
		ExecutionMode: cekura.ExecutionModeText, NotifyOn: cekura.NotifyOnBoth})
	require.NoError(t, err)
	assert.Equal(t, "0 9 * * MON-FRI", created.CrontabExpression)
	assert.Equal(t, "Europe/Paris", created.Timezone)
	assert.Equal(t, []int64{1, 2}, created.ScenarioIDs)
	assert.Equal(t, []int64{1}, created.PersonalityIDs)
	assert.Equal(t, 2, created.Frequency)
	assert.Equal(t, cekura.ExecutionModeText, created.ExecutionMode)
	assert.Equal(t, cekura.NotifyOnBoth, created.NotifyOn)
	assert.True(t, created.IsActive)
	nightly, err := client.Schedules.Create(ctx, &cekura.CreateScheduleRequest{AgentID: 1, Tags: []string{"smoke"}, CrontabExpression: "30 2 * * *"})
	require.NoError(t, err)

	got, err := client.Schedules.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.Name, got.Name)
	page, err := client.Schedules.List(ctx, &cekura.ListSchedulesParams{AgentID: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count)
	var ids []int64
	for s, err := range client.Schedules.All(ctx, nil) {
		require.NoError(t, err)
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []int64{created.ID, nightly.ID}, ids)

	paused, err := client.Schedules.Update(ctx, created.ID, &cekura.UpdateScheduleRequest{IsActive: cekura.Some(false)})
	require.NoError(t, err)
	assert.False(t, paused.IsActive)
	assert.Equal(t, "0 9 * * MON-FRI", paused.CrontabExpression, "left alone")
	switched, err := client.Schedules.Update(ctx, created.ID, &cekura.UpdateScheduleRequest{ScenarioIDs: cekura.Some([]int64{}),
		Tags: cekura.Some([]string{"smoke"}), IsActive: cekura.Some(true), Timezone: cekura.Some("Asia/Calcutta")})
	require.NoError(t, err)
	assert.Empty(t, switched.ScenarioIDs)
	assert.Equal(t, []string{"smoke"}, switched.Tags)
	assert.Equal(t, "Asia/Calcutta", switched.Timezone, "an IANA name beyond the description's list of 85")

	require.NoError(t, client.Schedules.Delete(ctx, nightly.ID))
	_, err = client.Schedules.Get(ctx, nightly.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	require.Len(t, fake.Schedules(), 1)

	// Refused before sending, and by the fake when sent anyway: the same
	// fields.
	bad := &cekura.CreateScheduleRequest{CrontabExpression: "0 25 * * *", Timezone: "Europe/Pariss", ScenarioIDs: []int64{1}, Frequency: 500}
	sent := len(fake.Requests())
	_, err = client.Schedules.Create(ctx, bad)
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	var keys []string
	for _, p := range invalid.Problems {
		keys = append(keys, p.Field)
	}
	_, err = client.Schedules.Create(ctx, bad, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, k := range keys {
		assert.Contains(t, apiErr.FieldErrors, k)
	}
	assert.Len(t, apiErr.FieldErrors, len(keys))
}
