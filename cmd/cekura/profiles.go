package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Test profiles and schedules (the API's cron jobs).

// optionalID is an id for a table, or nothing for 0 (none).
func optionalID(n int64) string {
	if n == 0 {
		return ""
	}
	return id(n)
}

// variables reads KEY=VALUE flags into a map; a VALUE that is JSON (3,
// true, {"a": 1}) is that value, anything else a string. nil when none is
// given.
func variables(flag string, pairs []string) (map[string]any, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("cekura: --%s %q: want KEY=VALUE, such as customer_id=C-1042", flag, p)
		}
		var x any
		if json.Unmarshal([]byte(v), &x) != nil {
			x = v
		}
		out[k] = x
	}
	return out, nil
}

func (a *app) testProfilesCommand() *cobra.Command {
	r := &resource[cekura.TestProfile, cekura.CreateTestProfileRequest, cekura.UpdateTestProfileRequest]{
		name: "test-profiles", singular: "test profile",
		columns: []column[cekura.TestProfile]{
			{"ID", func(x *cekura.TestProfile) string { return id(x.ID) }},
			{"NAME", func(x *cekura.TestProfile) string { return x.Name }},
			{"AGENT", func(x *cekura.TestProfile) string { return optionalID(x.AgentID) }},
			{"PROJECT", func(x *cekura.TestProfile) string { return optionalID(x.ProjectID) }},
			{"VARIABLES", func(x *cekura.TestProfile) string {
				return fmt.Sprintf("%d for the agent, %d for the caller", len(x.Information.AgentVariables), len(x.Information.CallerVariables))
			}},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.TestProfile], error) {
			return c.TestProfiles.List(ctx, &cekura.ListTestProfilesParams{AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.TestProfile, error) {
			return c.TestProfiles.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateTestProfileRequest) (*cekura.TestProfile, error) {
			return c.TestProfiles.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateTestProfileRequest) (*cekura.TestProfile, error) {
			return c.TestProfiles.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.TestProfiles.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateTestProfileRequest, error) {
			name := fs.String("name", "", "the profile's name")
			agent := fs.Int64("agent", 0, "the agent it belongs to (or --project)")
			project := fs.Int64("project", 0, "the project it belongs to (or --agent)")
			agentVars := fs.StringArray("agent-var", nil, "a variable the agent under test receives: KEY=VALUE (repeat it)")
			callerVars := fs.StringArray("caller-var", nil, "a variable the simulated caller knows: KEY=VALUE (repeat it)")
			return func() (*cekura.CreateTestProfileRequest, error) {
				in, err := information(*agentVars, *callerVars)
				if err != nil {
					return nil, err
				}
				return &cekura.CreateTestProfileRequest{Name: *name, AgentID: *agent, ProjectID: *project, Information: in}, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateTestProfileRequest, error) {
			name := fs.String("name", "", "a new name")
			agentVars := fs.StringArray("agent-var", nil, "the agent's variables, KEY=VALUE (repeat it); with --caller-var, replaces both sections")
			callerVars := fs.StringArray("caller-var", nil, "the caller's variables, KEY=VALUE (repeat it); with --agent-var, replaces both sections")
			return func() (*cekura.UpdateTestProfileRequest, error) {
				req := &cekura.UpdateTestProfileRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				if len(*agentVars)+len(*callerVars) > 0 {
					in, err := information(*agentVars, *callerVars)
					if err != nil {
						return nil, err
					}
					req.Information = cekura.Some(in)
				}
				return req, nil
			}
		},
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root": "  cekura test-profiles list --agent 2142",
			"list": "  cekura test-profiles list --agent 2142\n  cekura test-profiles list --project 1376 --format json",
			"get":  "  cekura test-profiles get 12 -o yaml",
			"create": "  cekura test-profiles create --agent 2142 --name \"Gold member\" \\\n" +
				"    --agent-var customer_id=C-1042 --agent-var X-Account-Tier=gold --caller-var name=\"Jane Doe\"\n  cekura test-profiles create -f profile.yaml",
			"update": "  cekura test-profiles update 12 --name \"Platinum member\"\n  cekura test-profiles update 12 --agent-var customer_id=C-2048 --caller-var name=\"John Doe\"",
			"delete": "  cekura test-profiles delete 12",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Manage test profiles: the test data scenarios and runs name by id"
	return cmd
}

// information builds a profile's two sections from the flags.
func information(agentVars, callerVars []string) (cekura.TestProfileInformation, error) {
	agent, err := variables("agent-var", agentVars)
	if err != nil {
		return cekura.TestProfileInformation{}, err
	}
	caller, err := variables("caller-var", callerVars)
	return cekura.TestProfileInformation{AgentVariables: agent, CallerVariables: caller}, err
}

func (a *app) cronCommand() *cobra.Command {
	r := &resource[cekura.Schedule, cekura.CreateScheduleRequest, cekura.UpdateScheduleRequest]{
		name: "cron", singular: "schedule",
		columns: []column[cekura.Schedule]{
			{"ID", func(x *cekura.Schedule) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Schedule) string { return x.Name }},
			{"AGENT", func(x *cekura.Schedule) string { return optionalID(x.AgentID) }},
			{"WHEN", func(x *cekura.Schedule) string { return strings.TrimSpace(x.CrontabExpression + " " + x.Timezone) }},
			{"RUNS", func(x *cekura.Schedule) string {
				if len(x.Tags) > 0 {
					return "tags " + strings.Join(x.Tags, ",")
				}
				ids := make([]string, len(x.ScenarioIDs))
				for i, n := range x.ScenarioIDs {
					ids[i] = id(n)
				}
				return "scenarios " + strings.Join(ids, ",")
			}},
			{"ACTIVE", func(x *cekura.Schedule) string { return strconv.FormatBool(x.IsActive) }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.Schedule], error) {
			return c.Schedules.List(ctx, &cekura.ListSchedulesParams{AgentID: f.get("agent"), ProjectID: f.get("project")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Schedule, error) {
			return c.Schedules.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateScheduleRequest) (*cekura.Schedule, error) {
			return c.Schedules.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateScheduleRequest) (*cekura.Schedule, error) {
			return c.Schedules.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Schedules.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateScheduleRequest, error) {
			name := fs.String("name", "", "the schedule's name")
			agent := fs.Int64("agent", 0, "the agent to test (required with --tags)")
			scenarios := fs.Int64Slice("scenarios", nil, "the scenarios to run, by id (or --tags)")
			tags := fs.StringSlice("tags", nil, "run the agent's scenarios with these tags (or --scenarios)")
			crontab := fs.String("crontab", "", `when it runs: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`)
			tz := fs.String("timezone", "", "an IANA time zone, such as America/New_York (default: the project's)")
			mode := fs.String("mode", "", "how the scenarios run: voice (default), text, sip, …")
			frequency := fs.Int("frequency", 0, "runs of each scenario, 1 to 100 (default 1)")
			notify := fs.String("notify-on", "", "never, success, failure or both")
			return func() (*cekura.CreateScheduleRequest, error) {
				return &cekura.CreateScheduleRequest{Name: *name, AgentID: *agent, ScenarioIDs: *scenarios, Tags: *tags, CrontabExpression: *crontab,
					Timezone: *tz, ExecutionMode: cekura.ExecutionMode(*mode), Frequency: *frequency, NotifyOn: cekura.NotifyOn(*notify)}, nil
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateScheduleRequest, error) {
			name := fs.String("name", "", "a new name")
			crontab := fs.String("crontab", "", "a new crontab expression")
			tz := fs.String("timezone", "", "a new IANA time zone")
			return func() (*cekura.UpdateScheduleRequest, error) {
				req := &cekura.UpdateScheduleRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				if *crontab != "" {
					req.CrontabExpression = cekura.Some(*crontab)
				}
				if *tz != "" {
					req.Timezone = cekura.Some(*tz)
				}
				return req, nil
			}
		},
		filterNames: []string{"agent", "project"},
		examples: map[string]string{
			"root": "  cekura cron list --agent 2142\n  cekura cron pause 7",
			"list": "  cekura cron list\n  cekura cron list --agent 2142 --format json",
			"get":  "  cekura cron get 7",
			"create": "  cekura cron create --agent 2142 --tags smoke --crontab \"0 9 * * MON-FRI\" --timezone America/New_York\n" +
				"  cekura cron create --scenarios 11,12 --crontab \"*/30 * * * *\" --notify-on failure",
			"update": "  cekura cron update 7 --crontab \"0 8 * * 1-5\"\n  cekura cron update 7 -f schedule.yaml",
			"delete": "  cekura cron delete 7",
		},
	}
	cmd := r.command(a)
	cmd.Short = "Manage schedules: scenarios run on a crontab timetable"
	cmd.Long = `cron manages schedules (the API's cron jobs): an agent's scenarios run on a
crontab timetable, each run billed as a started test and reported as a
result. The expression and the time zone are checked before sending.`
	for _, s := range []struct {
		use, short, done string
		active           bool
	}{
		{"pause ID", "Pause a schedule: no run until it is resumed", "paused schedule %d", false},
		{"resume ID", "Resume a paused schedule", "resumed schedule %d", true},
	} {
		cmd.AddCommand(a.idAction(s.use, s.short, "", "  cekura cron "+strings.Fields(s.use)[0]+" 7", s.done,
			func(ctx context.Context, c *cekura.Client, n int64) error {
				_, err := c.Schedules.Update(ctx, n, &cekura.UpdateScheduleRequest{IsActive: cekura.Some(s.active)})
				return err
			}))
	}
	return cmd
}
