package cekuratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	// The fake checks a schedule's time zone with time.LoadLocation, and
	// must answer the same on every machine: a CI container without a time
	// zone database would otherwise refuse America/New_York. The SDK's
	// package does not import it (a program decides whether it carries the
	// ~450 KB database); a test binary and cekura-fake can afford it.
	_ "time/tzdata"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/internal/rules"
)

// Schedules: the API's cron jobs, which run an agent's scenarios on a
// timetable. The fake stores and checks them; it does not run them.

const cronJobsPath = "/schedules/v1/cron-jobs/"

// The API's choices for a schedule.
var (
	executionModes = []string{"voice", "text", "sip", "vapi_webrtc", "retell_webrtc", "elevenlabs", "ello", "livekit_v2", "pipecat_v2", "agora"}
	notifyChoices  = []string{"never", "success", "failure", "both"}
)

// The defaults of a new schedule where the API does not document its own:
// the fake's project is in UTC, and notifies failures (a schedule is there
// to "alert you if things fail", as Cekura's guide puts it).
const (
	defaultTimezone = "UTC"
	defaultNotifyOn = "failure"
)

// cronJob is a stored schedule.
type cronJob struct {
	id, agent               int64
	name, crontab, timezone string
	scenarios               []int64
	tags                    []string
	personalities           []int64
	frequency               int64
	concurrency             *int64 // write-only: stored, never returned
	mode, notifyOn          string
	active                  bool
	createdAt, updatedAt    time.Time
}

func (j *cronJob) clone() *cronJob {
	c := *j
	c.scenarios, c.tags, c.personalities = slices.Clone(j.scenarios), slices.Clone(j.tags), slices.Clone(j.personalities)
	return &c
}

// render is the schedule as the API returns it: the scenarios that still
// exist (a deleted scenario leaves its schedules), by id and inline.
func (s *Server) renderCronJob(j *cronJob) *cekura.Schedule {
	out := &cekura.Schedule{ID: j.id, Name: j.name, AgentID: j.agent, CrontabExpression: j.crontab, Timezone: j.timezone,
		ScenarioIDs: []int64{}, Scenarios: []*cekura.Scenario{}, Tags: slices.Clone(j.tags), PersonalityIDs: slices.Clone(j.personalities),
		Frequency: int(j.frequency), ExecutionMode: cekura.ExecutionMode(j.mode), NotifyOn: cekura.NotifyOn(j.notifyOn),
		IsActive: j.active, CreatedVia: cekura.CreatedViaAPI, CreatedAt: j.createdAt, UpdatedAt: j.updatedAt}
	for _, id := range j.scenarios {
		if sc, ok := s.scenarios.get(id); ok {
			out.ScenarioIDs = append(out.ScenarioIDs, id)
			out.Scenarios = append(out.Scenarios, &cekura.Scenario{ID: sc.id, AgentID: sc.agent, Name: sc.name, PersonalityID: sc.personality})
		}
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if out.PersonalityIDs == nil {
		out.PersonalityIDs = []int64{}
	}
	return out
}

// apply applies a schedule body with the API's rules.
func (j *cronJob) apply(s *Server, fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	if raw, ok := fields["crontab_expression"]; ok {
		v, msg := str(raw)
		v = strings.TrimSpace(v) // DRF trims a CharField
		switch {
		case msg != "":
			errs.add("crontab_expression", msg)
		case v == "":
			errs.add("crontab_expression", msgBlank)
		default:
			for _, p := range rules.Crontab(v) {
				errs.add("crontab_expression", "Enter a valid crontab expression: "+p+".")
			}
			j.crontab = v
		}
	} else if !partial {
		errs.add("crontab_expression", msgRequired)
	}
	if raw, ok := fields["timezone"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("timezone", msg)
		} else if rules.Timezone(v, time.LoadLocation) != "" {
			errs.add("timezone", fmt.Sprintf("%q is not a valid choice.", v))
		} else {
			j.timezone = v
		}
	}
	if raw, ok := fields["name"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("name", msg)
		} else if utf8.RuneCountInString(v) > 255 {
			errs.add("name", "Ensure this field has no more than 255 characters.")
		} else {
			j.name = v
		}
	}
	if raw, ok := fields["agent"]; ok {
		if isNull(raw) {
			errs.add("agent", msgNull)
		} else {
			reference(errs, "agent", raw, s.isAgent, &j.agent)
		}
	}
	if raw, ok := fields["scenarios"]; ok {
		var ids []int64
		if json.Unmarshal(raw, &ids) != nil {
			errs.add("scenarios", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		} else {
			for _, id := range ids {
				if _, exists := s.scenarios.get(id); !exists {
					errs.add("scenarios", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", id))
				}
			}
			j.scenarios = ids
		}
	}
	if raw, ok := fields["tags"]; ok {
		if json.Unmarshal(raw, &j.tags) != nil {
			errs.add("tags", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	if raw, ok := fields["personalities"]; ok {
		if json.Unmarshal(raw, &j.personalities) != nil {
			errs.add("personalities", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		}
	}
	if raw, ok := fields["frequency"]; ok {
		switch v, msg := integer(raw); {
		case msg != "":
			errs.add("frequency", msg)
		case v < 1:
			errs.add("frequency", "Ensure this value is greater than or equal to 1.")
		case v > 100:
			errs.add("frequency", "Ensure this value is less than or equal to 100.")
		default:
			j.frequency = v
		}
	}
	if raw, ok := fields["concurrency_limit"]; ok {
		if isNull(raw) {
			j.concurrency = nil
		} else if v, msg := integer(raw); msg != "" {
			errs.add("concurrency_limit", msg)
		} else if v < 1 {
			errs.add("concurrency_limit", "Ensure this value is greater than or equal to 1.")
		} else {
			j.concurrency = &v
		}
	}
	if raw, ok := fields["execution_mode"]; ok {
		if v, msg := choice(raw, executionModes); msg != "" {
			errs.add("execution_mode", msg)
		} else {
			j.mode = v
		}
	} else if raw, ok := fields["run_as_text"]; ok && isTrue(raw) {
		j.mode = "text" // the deprecated flag, "kept for backward compatibility"
	}
	if raw, ok := fields["notify_on"]; ok {
		if v, msg := choice(raw, notifyChoices); msg != "" {
			errs.add("notify_on", msg)
		} else {
			j.notifyOn = v
		}
	}
	if raw, ok := fields["is_active"]; ok {
		if v, msg := boolean(raw, false); msg != "" {
			errs.add("is_active", msg)
		} else {
			j.active = *v
		}
	}
	if len(errs) > 0 {
		return errs
	}
	switch {
	case len(j.scenarios) > 0 && len(j.tags) > 0:
		errs.add("non_field_errors", "Provide either scenarios or tags, not both.")
	case len(j.scenarios) == 0 && len(j.tags) == 0:
		errs.add("non_field_errors", "Provide scenarios or tags.")
	case len(j.tags) > 0 && j.agent == 0:
		errs.add("agent", "This field is required when using tags.")
	case j.agent == 0:
		sc, _ := s.scenarios.get(j.scenarios[0])
		j.agent = sc.agent // the scenarios' agent
	}
	return errs
}

func (s *Server) cronJobRoute() route {
	render := func(j *cronJob) any { return s.renderCronJob(j) }
	return writes(s, route{
		collection: cronJobsPath,
		list:       listArray(s, s.cronJobs, s.cronJobFilter, render), // the API does not page schedules
		get:        getItem(s, s.cronJobs, render),
	}, resource[cronJob]{
		st:      s.cronJobs,
		created: http.StatusCreated,
		fresh: func(old *cronJob) *cronJob {
			j := &cronJob{timezone: defaultTimezone, frequency: 1, mode: "voice", notifyOn: defaultNotifyOn, active: true}
			if old != nil {
				j.createdAt = old.createdAt
			}
			return j
		},
		clone: (*cronJob).clone,
		apply: func(j *cronJob, fields map[string]json.RawMessage, partial bool) errTree {
			return j.apply(s, fields, partial)
		},
		stored: func(j *cronJob, id int64, now time.Time) {
			j.id, j.updatedAt = id, now
			if j.createdAt.IsZero() {
				j.createdAt = now
			}
		},
		render: render,
	})
}

// cronJobFilter keeps the schedules of the query's agent_id and
// project_id. organization_id is refused: the fake has one tenant, and an
// API key is already scoped to it (the description says to leave it out).
func (s *Server) cronJobFilter(q url.Values) (func(*cronJob) bool, errTree) {
	f := newFilter[cronJob](q)
	if id, ok := f.int64("agent_id"); ok {
		f.keep(func(j *cronJob) bool { return j.agent == id })
	}
	if id, ok := f.int64("project_id"); ok {
		f.keep(func(j *cronJob) bool { return s.inProject(j.agent, id) })
	}
	if q.Get("organization_id") != "" {
		f.bad.add("organization_id", "cekuratest does not model organizations: leave organization_id out, as an API key scoped to the tenant does.")
	}
	return f.done()
}

// Schedules returns every stored schedule as the API would return it, by
// id.
func (s *Server) Schedules() []*cekura.Schedule {
	return answers[cronJob, cekura.Schedule](s, s.cronJobs, func(j *cronJob) any { return s.renderCronJob(j) })
}
