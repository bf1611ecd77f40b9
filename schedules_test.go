package cekura

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scheduleJSON is a schedule as the API returns one (CronJob).
const scheduleJSON = `{"id": 31, "agent": 1, "name": "Daily Agent Test", "crontab_expression": "0 9 * * 1-5", "timezone": "America/New_York",
  "scenario_ids": [1, 2, 3], "scenarios_data": [{"id": 1, "agent": 1, "name": "Refund", "personality": 4, "personality_name": "Calm"}],
  "personality": null, "personalities": [4], "tags": [], "frequency": 2, "run_as_text": false, "execution_mode": "voice",
  "notify_on": "failure", "is_active": true, "created_by": 9, "created_via": "api",
  "created_at": "2026-08-20T10:00:00Z", "updated_at": "2026-08-20T10:00:00Z"}`

// TestSchedulesOverHTTP drives every operation through httpmock: the
// method, path, query and body sent, and the answer decoded.
func TestSchedulesOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	mt.RegisterResponder("POST", testBase+schedulesPath, capture(201, scheduleJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+schedulesPath+"31/", capture(200, scheduleJSON, &got, &mu))
	mt.RegisterResponder("GET", testBase+schedulesPath, capture(200, `[`+scheduleJSON+`, {"id": 32, "crontab_expression": "0 0 * * 0", "is_active": false, "created_via": null}]`, &got, &mu))
	mt.RegisterResponder("GET", testBase+schedulesPath+"?agent_id=1&project_id=7", capture(200, `[`+scheduleJSON+`]`, &got, &mu))
	mt.RegisterResponder("PATCH", testBase+schedulesPath+"31/", capture(200, scheduleJSON, &got, &mu))
	mt.RegisterResponder("DELETE", testBase+schedulesPath+"31/", capture(204, ``, &got, &mu))

	s, err := c.Schedules.Create(ctx, &CreateScheduleRequest{Name: "Daily Agent Test", AgentID: 1, ScenarioIDs: []int64{1, 2, 3},
		CrontabExpression: "0 9 * * 1-5", Timezone: "America/New_York", PersonalityIDs: []int64{4}, Frequency: 2,
		ExecutionMode: ExecutionModeVoice, NotifyOn: NotifyOnFailure})
	require.NoError(t, err)
	assert.Equal(t, int64(31), s.ID)
	assert.Equal(t, "0 9 * * 1-5", s.CrontabExpression)
	assert.Equal(t, []int64{1, 2, 3}, s.ScenarioIDs)
	require.Len(t, s.Scenarios, 1)
	assert.Equal(t, "Calm", s.Scenarios[0].PersonalityName)
	assert.Equal(t, int64(4), s.Scenarios[0].PersonalityID)
	assert.Equal(t, ExecutionModeVoice, s.ExecutionMode)
	assert.Equal(t, NotifyOnFailure, s.NotifyOn)
	assert.True(t, s.IsActive)
	assert.Equal(t, CreatedViaAPI, s.CreatedVia)
	assert.Equal(t, int64(9), s.CreatedByID)
	assert.Equal(t, time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC), s.CreatedAt)

	s, err = c.Schedules.Get(ctx, 31)
	require.NoError(t, err)
	assert.Equal(t, "America/New_York", s.Timezone)
	assert.JSONEq(t, scheduleJSON, string(s.RawJSON()), "the deprecated personality and run_as_text stay reachable")

	page, err := c.Schedules.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, page.Count, "a bare array reads as one page")
	assert.False(t, page.Results[1].IsActive)
	assert.Empty(t, page.Results[1].CreatedVia, "null")
	var walked []int64
	for s, err := range c.Schedules.All(ctx, &ListSchedulesParams{AgentID: 1, ProjectID: 7}) {
		require.NoError(t, err)
		walked = append(walked, s.ID)
	}
	assert.Equal(t, []int64{31}, walked)

	_, err = c.Schedules.Update(ctx, 31, &UpdateScheduleRequest{IsActive: Some(false), CrontabExpression: Some("30 8 * * MON-FRI"),
		ConcurrencyLimit: Null[int](), Tags: Some([]string{"smoke"}), ScenarioIDs: Some([]int64{})})
	require.NoError(t, err)
	require.NoError(t, c.Schedules.Delete(ctx, 31))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 6)
	assert.JSONEq(t, `{"crontab_expression": "0 9 * * 1-5", "timezone": "America/New_York", "name": "Daily Agent Test", "agent": 1,
		"scenarios": [1, 2, 3], "personalities": [4], "execution_mode": "voice", "frequency": 2, "notify_on": "failure"}`, string(got[0].Body))
	assert.Equal(t, testBase+schedulesPath+"31/", got[1].URL)
	assert.Equal(t, testBase+schedulesPath, got[2].URL, "nil params send no query")
	assert.Equal(t, testBase+schedulesPath+"?agent_id=1&project_id=7", got[3].URL)
	assert.JSONEq(t, `{"crontab_expression": "30 8 * * MON-FRI", "scenarios": [], "tags": ["smoke"], "concurrency_limit": null, "is_active": false}`,
		string(got[4].Body), "pausing, and switching from ids to tags")
	assert.Equal(t, "DELETE", got[5].Method)
}

// TestScheduleRequestsAreCheckedBeforeSending: every problem of a request
// at once, keyed by its JSON field, and nothing sent.
func TestScheduleRequestsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a create without an expression or scenarios", func() error {
			_, err := c.Schedules.Create(ctx, &CreateScheduleRequest{Name: "n"})
			return err
		}, []FieldProblem{
			{"crontab_expression", "is required"},
			{"scenarios", "set scenarios (ids) or tags: the scenarios the schedule runs"},
		}},
		{"tags without an agent", func() error {
			_, err := c.Schedules.Create(ctx, &CreateScheduleRequest{CrontabExpression: "0 0 * * 0", Tags: []string{"regression", " "}})
			return err
		}, []FieldProblem{
			{"agent", "is required with tags: the agent whose scenarios they pick"},
			{"tags", "holds a blank tag"},
		}},
		{"every field wrong", func() error {
			_, err := c.Schedules.Create(ctx, &CreateScheduleRequest{CrontabExpression: "60 9-5 * FOO", Timezone: "Mars/Olympus",
				AgentID: -1, ScenarioIDs: []int64{1, 0}, Tags: []string{"smoke"}, PersonalityIDs: []int64{-2},
				ExecutionMode: "carrier_pigeon", Frequency: 101, ConcurrencyLimit: -1, NotifyOn: "sometimes"})
			return err
		}, []FieldProblem{
			{"crontab_expression", `has 4 fields; it takes 5: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`},
			{"timezone", `"Mars/Olympus" is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC`},
			{"scenarios", "set scenarios or tags, not both"},
			{"agent", "must be a positive id, got -1"},
			{"scenarios", "holds 0; ids are positive"},
			{"personalities", "holds -2; ids are positive"},
			{"execution_mode", `"carrier_pigeon" is not one of voice, text, sip, vapi_webrtc, retell_webrtc, elevenlabs, ello, livekit_v2, pipecat_v2, agora`},
			{"notify_on", `"sometimes" is not one of never, success, failure, both`},
			{"frequency", "is 101; the API runs each scenario 1 to 100 times"},
			{"concurrency_limit", "is -1; 1 or more (or 0 for no cap)"},
		}},
		{"each field of the expression", func() error {
			_, err := c.Schedules.Create(ctx, &CreateScheduleRequest{CrontabExpression: "*/0 17-9 0 JANUARY 8", ScenarioIDs: []int64{1}, Timezone: "Local"})
			return err
		}, []FieldProblem{
			{"crontab_expression", `minute: the step in "*/0" is 0; it takes 1 to 59`},
			{"crontab_expression", `hour: the range "17-9" runs backwards; write the smaller value first, or two ranges (17-23,0-9)`},
			{"crontab_expression", "day of month: 0 is out of range: 1 to 31"},
			{"crontab_expression", `month: "JANUARY" is not a month: 1 to 12, or JAN to DEC`},
			{"crontab_expression", "day of week: 8 is out of range: 0 to 7"},
			{"timezone", `"Local" is this machine's zone, which means nothing to the API; name the zone, such as Europe/Paris`},
		}},
		{"a macro and a zone that is no name", func() error {
			_, err := c.Schedules.Create(ctx, &CreateScheduleRequest{CrontabExpression: "@hourly", ScenarioIDs: []int64{1}, Timezone: "GMT +2"})
			return err
		}, []FieldProblem{
			{"crontab_expression", `"@hourly" is a shorthand the API does not document; write its 5 fields: minute hour day-of-month month day-of-week, such as "0 0 * * *" for every day at midnight`},
			{"timezone", `"GMT +2" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`},
		}},
		{"an update that sets nothing", func() error {
			_, err := c.Schedules.Update(ctx, 31, &UpdateScheduleRequest{})
			return err
		}, []FieldProblem{{"request", "sets no field; set at least one field to update"}}},
		{"an update with every field wrong", func() error {
			_, err := c.Schedules.Update(ctx, 31, &UpdateScheduleRequest{CrontabExpression: Some(" "), Timezone: Some(""), AgentID: Some[int64](0),
				ScenarioIDs: Some([]int64{4}), Tags: Some([]string{"smoke"}), PersonalityIDs: Some([]int64{0}), ExecutionMode: Some[ExecutionMode]("fax"),
				Frequency: Some(0), ConcurrencyLimit: Some(0), NotifyOn: Some[NotifyOn]("always"), IsActive: Null[bool]()})
			return err
		}, []FieldProblem{
			{"is_active", "is Null(), but the API does not accept null here; leave it unset, or set a value with Some"},
			{"crontab_expression", "must not be blank"},
			{"timezone", `"" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`},
			{"agent", "must be a positive id, got 0"},
			{"scenarios", "set scenarios or tags, not both"},
			{"personalities", "holds 0; ids are positive"},
			{"execution_mode", `"fax" is not one of voice, text, sip, vapi_webrtc, retell_webrtc, elevenlabs, ello, livekit_v2, pipecat_v2, agora`},
			{"notify_on", `"always" is not one of never, success, failure, both`},
			{"frequency", "is 0; the API runs each scenario 1 to 100 times"},
			{"concurrency_limit", "is 0; 1 or more (Null() removes the cap)"},
		}},
		{"an update to a bad expression", func() error {
			_, err := c.Schedules.Update(ctx, 31, &UpdateScheduleRequest{CrontabExpression: Some("0 9 * * MON-FUN")})
			return err
		}, []FieldProblem{{"crontab_expression", `day of week: "FUN" is not a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT`}}},
		{"a list with a negative agent", func() error {
			_, err := c.Schedules.List(ctx, &ListSchedulesParams{AgentID: -3})
			return err
		}, []FieldProblem{{"agent_id", "must be a positive id, got -3"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

// TestScheduleExpressionsTheAPIDocumentsPass: the description's and the
// guide's examples, and the forms of standard cron, are sent as written.
func TestScheduleExpressionsTheAPIDocumentsPass(t *testing.T) {
	t.Parallel()
	for _, expr := range []string{"0 9 * * 1-5", "0 0 * * 0", "0 8 * * 1-5", "0 0 1 * *", "0 */6 * * *", "*/30 * * * *",
		"0 0 L * *", "15,45 8-18/2 * jan-jun MON,WED,FRI", "0 9 * * 7"} {
		for _, tz := range []string{"", "UTC", "America/Los_Angeles", "Asia/Calcutta", "US/Eastern"} {
			req := &CreateScheduleRequest{CrontabExpression: expr, Timezone: tz, ScenarioIDs: []int64{1}}
			assert.NoError(t, validateRequest(req, false), "%q in %q", expr, tz)
			b, err := marshal(req)
			require.NoError(t, err)
			var sent map[string]any
			require.NoError(t, json.Unmarshal(b, &sent))
			assert.Equal(t, expr, sent["crontab_expression"], "sent as written")
			assert.Equal(t, tz != "", strings.Contains(string(b), `"timezone"`), "an unset time zone is left out")
		}
	}
}
