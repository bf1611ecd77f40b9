package cekuratest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
)

// Test profiles: reusable test data of an agent or a project, which
// scenarios name (test_profile).

const testProfilesPath = "/test_framework/v1/test-profiles/"

// testProfile is a stored test profile.
type testProfile struct {
	id, agent, project int64
	name               string
	// information is the object as it was written: the sectioned shape, or
	// the older flat one, which the API returns as it stored it.
	information          json.RawMessage
	createdAt, updatedAt time.Time
}

// profileAnswer is a test profile as the fake sends it: the SDK's type,
// with information as it was stored (the SDK's type would send a flat one
// back sectioned).
type profileAnswer struct {
	*cekura.TestProfile
	Information json.RawMessage `json:"information"`
}

// render is the profile as the API returns it; withScenarios adds the
// scenarios that use it, as the list view does.
func (s *Server) renderProfile(p *testProfile, withScenarios bool) profileAnswer {
	out := &cekura.TestProfile{ID: p.id, Name: p.name, AgentID: p.agent, ProjectID: p.project, CreatedAt: p.createdAt, UpdatedAt: p.updatedAt}
	if a, ok := s.agents.get(p.agent); ok {
		out.AgentName = a.name
	}
	if withScenarios {
		out.Scenarios = []*cekura.Scenario{}
		for _, id := range s.scenarios.ids(func(sc *scenario) bool { return sc.testProfile == p.id }) {
			sc, _ := s.scenarios.get(id)
			out.Scenarios = append(out.Scenarios, &cekura.Scenario{ID: sc.id, Name: sc.name})
		}
	}
	return profileAnswer{TestProfile: out, Information: bytes.Clone(p.information)}
}

// apply applies a test profile body with the API's rules.
func (p *testProfile) apply(s *Server, fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	if raw, ok := fields["name"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("name", msg)
		case strings.TrimSpace(v) == "":
			errs.add("name", msgBlank)
		case utf8.RuneCountInString(v) > 255:
			errs.add("name", "Ensure this field has no more than 255 characters.")
		default:
			p.name = v
		}
	} else if !partial {
		errs.add("name", msgRequired)
	}
	if raw, ok := fields["agent"]; ok {
		reference(errs, "agent", raw, s.isAgent, &p.agent)
	}
	if raw, ok := fields["project"]; ok {
		reference(errs, "project", raw, nil, &p.project)
	}
	if raw, ok := fields["information"]; ok {
		var obj map[string]json.RawMessage
		switch {
		case isNull(raw):
			errs.add("information", msgNull)
		case json.Unmarshal(raw, &obj) != nil || obj == nil:
			errs.add("information", "Expected a dictionary of items but got type \""+rawKind(raw)+"\".")
		default:
			p.information = bytes.Clone(raw)
		}
	}
	if len(errs) == 0 && p.agent == 0 && p.project == 0 {
		errs.add("non_field_errors", "Either agent or project must be provided.")
	}
	return errs
}

func (s *Server) testProfileRoute() route {
	render := func(p *testProfile) any { return s.renderProfile(p, false) }
	return writes(s, route{
		collection: testProfilesPath,
		list:       listArray(s, s.testProfiles, s.testProfileFilter, func(p *testProfile) any { return s.renderProfile(p, true) }),
		get:        getItem(s, s.testProfiles, render),
	}, resource[testProfile]{
		st:      s.testProfiles,
		created: http.StatusOK, // as the description answers it
		fresh: func(old *testProfile) *testProfile {
			p := &testProfile{information: json.RawMessage(`{}`)}
			if old != nil {
				p.createdAt = old.createdAt
			}
			return p
		},
		clone: func(old *testProfile) *testProfile { p := *old; return &p },
		apply: func(p *testProfile, fields map[string]json.RawMessage, partial bool) errTree {
			return p.apply(s, fields, partial)
		},
		stored: func(p *testProfile, id int64, now time.Time) {
			p.id, p.updatedAt = id, now
			if p.createdAt.IsZero() {
				p.createdAt = now
			}
		},
		render: render,
		deleted: func(id int64) { // the scenarios that used it keep running without it
			for _, sid := range s.scenarios.ids(func(sc *scenario) bool { return sc.testProfile == id }) {
				sc, _ := s.scenarios.get(sid)
				sc.testProfile = 0
			}
		},
	})
}

// testProfileFilter keeps the profiles of the query's agent_id or
// project_id, one of which the API requires.
func (s *Server) testProfileFilter(q url.Values) (func(*testProfile) bool, errTree) {
	f := newFilter[testProfile](q)
	agent, byAgent := f.int64("agent_id")
	project, byProject := f.int64("project_id")
	if byAgent {
		f.keep(func(p *testProfile) bool { return p.agent == agent })
	}
	if byProject {
		f.keep(func(p *testProfile) bool {
			return p.project == project || (p.project == 0 && s.inProject(p.agent, project))
		})
	}
	if !byAgent && !byProject && len(f.bad) == 0 {
		f.bad.add("non_field_errors", "Either agent_id or project_id must be provided.")
	}
	return f.done()
}

// TestProfiles returns every stored test profile as the API would return
// it, by id.
func (s *Server) TestProfiles() []*cekura.TestProfile {
	return answers[testProfile, cekura.TestProfile](s, s.testProfiles, func(p *testProfile) any { return s.renderProfile(p, false) })
}
