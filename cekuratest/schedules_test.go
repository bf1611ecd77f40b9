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

// TestSchedulesInTheFake: the fake's schedules, through the SDK and over
// raw HTTP: defaults, the choice of scenarios, the API's rules and
// messages, the list's filters, and a deleted scenario.
func TestSchedulesInTheFake(t *testing.T) {
	fake, client, agent, scs := loop(t)
	ctx := context.Background()
	other, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Other", Description: "d", ProjectID: 7})
	require.NoError(t, err)

	daily, err := client.Schedules.Create(ctx, &cekura.CreateScheduleRequest{Name: "Daily", ScenarioIDs: []int64{scs[0].ID, scs[1].ID},
		CrontabExpression: "0 9 * * 1-5", Timezone: "America/New_York", ConcurrencyLimit: 2})
	require.NoError(t, err)
	assert.Equal(t, agent.ID, daily.AgentID, "the scenarios' agent")
	assert.Equal(t, []int64{scs[0].ID, scs[1].ID}, daily.ScenarioIDs)
	require.Len(t, daily.Scenarios, 2)
	assert.Equal(t, "Order status", daily.Scenarios[1].Name)
	assert.Equal(t, 1, daily.Frequency, "defaults")
	assert.Equal(t, cekura.ExecutionModeVoice, daily.ExecutionMode)
	assert.Equal(t, cekura.NotifyOnFailure, daily.NotifyOn)
	assert.True(t, daily.IsActive)
	assert.Equal(t, cekura.CreatedViaAPI, daily.CreatedVia)
	assert.NotContains(t, string(daily.RawJSON()), "concurrency_limit", "write-only")

	weekly, err := client.Schedules.Create(ctx, &cekura.CreateScheduleRequest{AgentID: other.ID, Tags: []string{"regression"},
		CrontabExpression: "0 0 * * SUN", ExecutionMode: cekura.ExecutionModeText, Frequency: 3, NotifyOn: cekura.NotifyOnBoth})
	require.NoError(t, err)
	assert.Equal(t, "UTC", weekly.Timezone, "the fake's project time zone")
	assert.Equal(t, []string{"regression"}, weekly.Tags)
	assert.Empty(t, weekly.ScenarioIDs)

	paused, err := client.Schedules.Update(ctx, daily.ID, &cekura.UpdateScheduleRequest{IsActive: cekura.Some(false), CrontabExpression: cekura.Some("30 8 * * MON-FRI"),
		ScenarioIDs: cekura.Some([]int64{}), Tags: cekura.Some([]string{"smoke"}), ConcurrencyLimit: cekura.Null[int]()})
	require.NoError(t, err)
	assert.False(t, paused.IsActive)
	assert.Equal(t, "30 8 * * MON-FRI", paused.CrontabExpression)
	assert.Equal(t, []string{"smoke"}, paused.Tags)
	assert.Equal(t, "America/New_York", paused.Timezone, "left alone")
	assert.Equal(t, daily.CreatedAt, paused.CreatedAt)

	for query, want := range map[string]int{"": 2, "agent_id=1": 1, "agent_id=2": 1, "project_id=7": 1, "project_id=8": 0,
		"agent_id=x": -1, "organization_id=3": -1} {
		assert.Equal(t, want, count(t, fake, cronJobsPath+"?"+query), query)
	}
	page, err := client.Schedules.List(ctx, &cekura.ListSchedulesParams{ProjectID: 7})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Equal(t, weekly.ID, page.Results[0].ID)

	// The API's rules, over raw HTTP (the SDK would refuse these bodies).
	for _, tc := range []struct {
		method, path, body string
		want               map[string][]string
	}{
		{"POST", cronJobsPath, `{"scenarios": [1]}`, map[string][]string{"crontab_expression": {msgRequired}}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 24 * * 1-8", "timezone": "Mars/Olympus", "scenarios": [1, 99], "frequency": 0,
			"concurrency_limit": 0, "execution_mode": "fax", "notify_on": "always", "is_active": "maybe", "agent": 42}`, map[string][]string{
			"crontab_expression": {"Enter a valid crontab expression: hour: 24 is out of range: 0 to 23.", "Enter a valid crontab expression: day of week: 8 is out of range: 0 to 7."},
			"timezone":           {`"Mars/Olympus" is not a valid choice.`},
			"scenarios":          {`Invalid pk "99" - object does not exist.`},
			"frequency":          {"Ensure this value is greater than or equal to 1."},
			"concurrency_limit":  {"Ensure this value is greater than or equal to 1."},
			"execution_mode":     {`"fax" is not a valid choice.`},
			"notify_on":          {`"always" is not a valid choice.`},
			"is_active":          {msgBoolean},
			"agent":              {`Invalid pk "42" - object does not exist.`},
		}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 9 * * *", "scenarios": [1], "tags": ["x"], "frequency": 101}`,
			map[string][]string{"frequency": {"Ensure this value is less than or equal to 100."}}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 9 * * *", "scenarios": [1], "tags": ["x"]}`,
			map[string][]string{"non_field_errors": {"Provide either scenarios or tags, not both."}}},
		{"POST", cronJobsPath, `{"crontab_expression": " "}`, map[string][]string{"crontab_expression": {msgBlank}}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 9 * * *"}`, map[string][]string{"non_field_errors": {"Provide scenarios or tags."}}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 9 * * *", "tags": ["x"]}`, map[string][]string{"agent": {"This field is required when using tags."}}},
		{"POST", cronJobsPath, `{"crontab_expression": "0 9 * * *", "tags": "x", "scenarios": {}, "personalities": 3, "agent": null}`, map[string][]string{
			"tags": {`Expected a list of items but got type "str".`}, "scenarios": {`Expected a list of items but got type "dict".`},
			"personalities": {`Expected a list of items but got type "float".`}, "agent": {msgNull}}},
		{"PATCH", cronJobsPath + "1/", `{"scenarios": [1]}`, map[string][]string{"non_field_errors": {"Provide either scenarios or tags, not both."}}},
	} {
		var errs map[string][]string
		sendJSON(t, fake, tc.method, tc.path, json.RawMessage(tc.body), http.StatusBadRequest, &errs)
		assert.Equal(t, tc.want, errs, "%s %s", tc.method, tc.body)
	}
	var text cekura.Schedule
	sendJSON(t, fake, http.MethodPut, cronJobsPath+"1/", json.RawMessage(`{"crontab_expression": " 0 7 * * * ", "scenarios": [1], "run_as_text": true}`), http.StatusOK, &text)
	assert.Equal(t, cekura.ExecutionModeText, text.ExecutionMode, "the deprecated run_as_text still works")
	assert.Equal(t, "0 7 * * *", text.CrontabExpression, "trimmed")
	assert.Equal(t, "UTC", text.Timezone, "PUT replaces every field")
	assert.True(t, text.IsActive)

	require.NoError(t, client.Scenarios.Delete(ctx, scs[0].ID))
	got, err := client.Schedules.Get(ctx, daily.ID)
	require.NoError(t, err)
	assert.Empty(t, got.ScenarioIDs, "a deleted scenario leaves its schedules")
	require.NoError(t, client.Schedules.Delete(ctx, daily.ID))
	_, err = client.Schedules.Get(ctx, daily.ID)
	assert.ErrorIs(t, err, cekura.ErrNotFound)
	_, err = client.Schedules.Update(ctx, daily.ID, &cekura.UpdateScheduleRequest{IsActive: cekura.Some(true)})
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	all := fake.Schedules()
	require.Len(t, all, 1)
	assert.Equal(t, weekly.ID, all[0].ID)
	assert.Equal(t, cekura.NotifyOnBoth, all[0].NotifyOn)
}
