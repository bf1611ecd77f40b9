package cekuratest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/webhook"
)

// The workspace side of the API: projects and their settings (webhooks
// included), the one organization the fake's API key belongs to, API keys,
// audit logs and billing.
//
// A project's webhook is delivered to for the agents of the project that
// have no webhook_url of their own (Cekura's rule: an agent's webhook_url
// overrides its project's), as the project's notify_* settings ask. The
// description states no defaults for those settings; the fake's new
// projects send result.completed and call_log.completed whatever their
// outcome (every notify_result_webhook_*, notify_cronjob_webhook_* and
// notify_call_log_webhook_* on) and no result.pre_trigger
// (notify_pre_run_webhook off): the pre-run hook holds runs back, so it is
// the project's choice. An agent's own webhook gets every event, as before.

const (
	projectsPath       = "/user/v1/projects/"
	organizationsPath  = "/user/v2/organizations/"
	apiKeysPath        = "/user/api/v1/user-api-key/"
	auditLogsPath      = "/user/v1/audit-logs/"
	billingInfoPath    = "/test_framework/billing/info/"
	paymentHistoryPath = "/test_framework/billing/payment-history/"

	// fakeOrgID is the organization of the fake's API key, and fakeOrgName
	// its name.
	fakeOrgID   = 1
	fakeOrgName = "Fake Organization"
	// fakeKeyName is the name audit logs give the fake's own API key.
	fakeKeyName = "cekuratest"
	// maxAuditRange is the API's longest audit-log range.
	maxAuditRange = 30 * 24 * time.Hour
)

// workspace is the fake's projects, API keys and audit logs.
type workspace struct {
	created  time.Time
	projects *store[project]
	apiKeys  *store[apiKey]
	audit    *store[auditEntry]
}

// project is a stored project: its answer (without the write-only
// settings) and its secrets.
type project struct {
	p             cekura.Project
	secrets       map[string]string // webhook_secret and the provider keys, by JSON key
	personalities []int64
}

type apiKey struct {
	id        int64
	name      string
	project   int64
	createdAt time.Time
}

type auditEntry struct {
	log cekura.AuditLog
}

// ws returns the workspace, made on first use with the organization's
// first project, "Default Project" (id 1): as in a real organization,
// which always has one, and whose last project cannot be deleted. s.mu is
// held.
func (s *Server) ws() *workspace {
	if s.workspace == nil {
		now := s.now()
		w := &workspace{created: now, projects: newStore[project](), apiKeys: newStore[apiKey](), audit: newStore[auditEntry]()}
		p := newProject(now)
		p.p.Name = "Default Project"
		p.p.ID = w.projects.insert(p)
		s.workspace = w
	}
	return s.workspace
}

// The settings of a project by their JSON type, as the API validates them.
var (
	projectBools = []string{
		"evaluate_relevant_metrics_enabled", "end_call_enabled", "generate_scenario_auto_assign_numbers_enabled",
		"enable_client_side_testing", "use_provider_transcript", "should_show_powered_by", "notify_results_completion",
		"notify_daily_report", "notify_daily_report_no_calls", "daily_report_ai_summary_enabled", "notify_cron_failure",
		"notify_cron_success", "notify_no_calls", "notify_daily_report_webhook", "notify_pre_run_webhook",
		"notify_result_webhook_failed", "notify_result_webhook_success", "notify_result_webhook_error",
		"notify_cronjob_webhook_failed", "notify_cronjob_webhook_success", "notify_cronjob_webhook_error",
		"notify_call_log_webhook_failed", "notify_call_log_webhook_success", "notify_frequent_calls_for_number",
		"forward_vapi_webhook", "forward_retell_webhook", "is_send_emails_enabled", "is_deleted",
	}
	projectInts = []string{"outbound_timeout", "max_call_duration", "min_call_duration", "max_messages_chat_runs_limit",
		"frequent_calls_threshold", "frequent_calls_time_period", "frequent_calls_cooldown"}
	// projectSecrets are write-only: never in an answer, each with its
	// …_configured flag.
	projectSecrets = []string{"webhook_secret", "vapi_api_key", "retell_api_key", "syntflow_api_key", "elevenlabs_api_key",
		"livekit_api_key", "pipecat_api_key"}
	// configuredFlags are the read-only flags the description types as
	// strings: the fake sends "true" or "false", as for agents.
	configuredFlags = []string{"webhook_secret_configured", "vapi_api_key_configured", "vapi_public_key_configured",
		"retell_api_key_configured", "syntflow_api_key_configured", "elevenlabs_api_key_configured",
		"livekit_api_key_configured", "pipecat_api_key_configured"}
)

// newProject is a project with the fake's defaults (see the file's
// comment).
func newProject(now time.Time) *project {
	return &project{secrets: map[string]string{}, p: cekura.Project{
		OutboundTimeout: 300, MaxCallDuration: 300, SampleRate: 1, MaxMessagesChatRunsLimit: 100,
		NotifyResultWebhookSuccess: true, NotifyResultWebhookFailed: true, NotifyResultWebhookError: true,
		NotifyCronjobWebhookSuccess: true, NotifyCronjobWebhookFailed: true, NotifyCronjobWebhookError: true,
		NotifyCallLogWebhookSuccess: true, NotifyCallLogWebhookFailed: true,
		IsSendEmailsEnabled: true, Timezone: "UTC", RubricConfig: &cekura.RubricConfig{},
		CreatedAt: now, UpdatedAt: now,
	}}
}

// apply validates a project body and sets it on p, as the API's
// serializer does: partial (PATCH) leaves absent fields alone, a create
// needs name. Unknown and read-only fields are ignored. s.mu is held.
func (s *Server) applyProject(p *project, fields map[string]json.RawMessage, partial bool) errTree {
	errs := errTree{}
	set := map[string]json.RawMessage{}
	if raw, ok := fields["name"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("name", msg)
		case strings.TrimSpace(v) == "":
			errs.add("name", msgBlank)
		case utf8.RuneCountInString(v) > 255:
			errs.add("name", "Ensure this field has no more than 255 characters.")
		default:
			set["name"], _ = json.Marshal(v) // a number DRF takes as a string is stored as one
		}
	} else if !partial {
		errs.add("name", msgRequired)
	}
	for _, k := range projectBools {
		if raw, ok := fields[k]; ok {
			if b, msg := boolean(raw, false); msg != "" {
				errs.add(k, msg)
			} else {
				set[k], _ = json.Marshal(*b)
			}
		}
	}
	for _, k := range projectInts {
		if raw, ok := fields[k]; ok {
			n, msg := integer(raw)
			switch {
			case msg != "":
				errs.add(k, msg)
			case n < math.MinInt32 || n > math.MaxInt32:
				errs.add(k, "Ensure this value is less than or equal to 2147483647.")
			default:
				set[k] = json.RawMessage(strconv.FormatInt(n, 10))
			}
		}
	}
	if raw, ok := fields["sample_rate"]; ok {
		var f float64
		if json.Unmarshal(raw, &f) != nil || math.IsNaN(f) {
			errs.add("sample_rate", "A valid number is required.")
		} else {
			set["sample_rate"] = raw
		}
	}
	if raw, ok := fields["timezone"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("timezone", msg)
		} else {
			set["timezone"], _ = json.Marshal(v)
		}
	}
	if raw, ok := fields["webhook_url"]; ok {
		switch v, msg := str(raw); {
		case msg != "":
			errs.add("webhook_url", msg)
		case v != "" && !validURL(v):
			errs.add("webhook_url", msgURL)
		default:
			set["webhook_url"], _ = json.Marshal(v)
		}
	}
	if raw, ok := fields["daily_report_dashboard_ids"]; ok {
		var ids []int64
		if json.Unmarshal(raw, &ids) != nil || ids == nil {
			errs.add("daily_report_dashboard_ids", "Expected a list of items but got type \""+rawKind(raw)+"\".")
		} else {
			set["daily_report_dashboard_ids"] = raw
		}
	}
	if raw, ok := fields["no_calls_notify_time_period"]; ok {
		if _, bad := object(raw); bad != nil {
			errs.add("no_calls_notify_time_period", "Expected a dictionary of items but got type \""+rawKind(raw)+"\".")
		} else {
			set["no_calls_notify_time_period"] = raw
		}
	}
	if raw, ok := fields["rubric_config"]; ok {
		if msg := s.checkRubric(p.p.ID, raw); msg != "" {
			errs.add("rubric_config", msg)
		} else {
			set["rubric_config"] = raw
		}
	}
	secrets := map[string]string{}
	for _, k := range projectSecrets {
		if raw, ok := fields[k]; ok {
			if v, msg := str(raw); msg != "" {
				errs.add(k, msg)
			} else {
				secrets[k] = v
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// Set what passed on the project's answer, through its JSON.
	cur, _ := json.Marshal(&p.p)
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(cur, &obj)
	maps.Copy(obj, set)
	merged, _ := json.Marshal(obj)
	next := cekura.Project{}
	_ = json.Unmarshal(merged, &next)
	next.ID, next.CreatedAt, next.UpdatedAt = p.p.ID, p.p.CreatedAt, p.p.UpdatedAt
	p.p = next
	maps.Copy(p.secrets, secrets)
	return errs // empty
}

// validURL reports whether s is an absolute http(s) URL, as Django's
// URLValidator requires.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkRubric checks a rubric_config as the API does: an object; "and"
// logic when it has rules; each rule's metric one of the project's (its
// own, or one of its agents'). It returns the API's message, or "". s.mu
// is held.
func (s *Server) checkRubric(projectID int64, raw json.RawMessage) string {
	var rc struct {
		EvaluationLogic *string `json:"evaluation_logic"`
		Rules           []struct {
			MetricID   int64 `json:"metric_id"`
			Conditions *struct {
				Operator   string            `json:"operator"`
				Conditions []json.RawMessage `json:"conditions"`
			} `json:"conditions"`
		} `json:"rules"`
	}
	if _, bad := object(raw); bad != nil {
		return "Expected a dictionary of items but got type \"" + rawKind(raw) + "\"."
	}
	if json.Unmarshal(raw, &rc) != nil {
		return "Invalid rubric config."
	}
	if len(rc.Rules) > 0 && (rc.EvaluationLogic == nil || *rc.EvaluationLogic != "and") {
		return "evaluation_logic must be \"and\"."
	}
	for _, rule := range rc.Rules {
		if rule.Conditions == nil || rule.Conditions.Operator != "and" || len(rule.Conditions.Conditions) == 0 {
			return "Each rule needs conditions with operator \"and\"."
		}
		m, ok := s.metrics.get(rule.MetricID)
		if !ok || !s.metricInProject(&m.m, projectID) {
			return fmt.Sprintf("Unknown metric id %d for this project.", rule.MetricID)
		}
	}
	return ""
}

// metricInProject reports whether a metric belongs to the project, itself
// or through one of its agents. s.mu is held.
func (s *Server) metricInProject(m *cekura.Metric, projectID int64) bool {
	if projectID == 0 || m.ProjectID == projectID {
		return projectID != 0
	}
	for _, id := range m.AgentIDs {
		if a, ok := s.agents.get(id); ok && a.project != nil && *a.project == projectID {
			return true
		}
	}
	return false
}

// projectAnswer is a project as the fake sends it: the SDK's type, with
// the …_configured flags as the strings the description types them as.
type projectAnswer struct{ *cekura.Project }

// MarshalJSON writes the project with its flags as strings.
func (p projectAnswer) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(p.Project)
	if err != nil {
		return nil, err
	}
	return flagsAsStrings(b, configuredFlags), nil
}

// flagsAsStrings rewrites the top-level boolean keys of an object as the
// strings "true" and "false".
func flagsAsStrings(b []byte, keys []string) []byte {
	for _, k := range keys {
		for _, v := range []string{"true", "false"} {
			b = bytes.Replace(b, []byte(`"`+k+`":`+v), []byte(`"`+k+`":"`+v+`"`), 1)
		}
	}
	return b
}

// answer renders the project as the API returns it. s.mu is held.
func (s *Server) projectAnswer(p *project) projectAnswer {
	out := p.p
	out.Members = []*cekura.Membership{}
	out.Organization = s.orgSummary()
	out.WebhookSecretConfigured = p.secrets["webhook_secret"] != ""
	out.VapiAPIKeyConfigured = p.secrets["vapi_api_key"] != ""
	out.RetellAPIKeyConfigured = p.secrets["retell_api_key"] != ""
	out.SynthflowAPIKeyConfigured = p.secrets["syntflow_api_key"] != ""
	out.ElevenLabsAPIKeyConfigured = p.secrets["elevenlabs_api_key"] != ""
	out.LiveKitAPIKeyConfigured = p.secrets["livekit_api_key"] != ""
	out.PipecatAPIKeyConfigured = p.secrets["pipecat_api_key"] != ""
	if out.DailyReportDashboardIDs == nil {
		out.DailyReportDashboardIDs = []int64{}
	}
	return projectAnswer{&out}
}

// owner is the fake organization's one member.
func (s *Server) owner() *cekura.Membership {
	at := s.ws().created
	return &cekura.Membership{ID: 1, User: &cekura.User{ID: 1, Name: "Fake Owner", Email: "owner@fake.cekura.test"},
		Role: cekura.MemberRoleAdmin, IsEmailNotifyEnabled: true, CreatedAt: at, UpdatedAt: at}
}

func (s *Server) orgSummary() *cekura.OrganizationSummary {
	at := s.ws().created
	return &cekura.OrganizationSummary{ID: fakeOrgID, Name: fakeOrgName, Members: []*cekura.Membership{s.owner()}, CreatedAt: at, UpdatedAt: at}
}

// audit records an action of the fake's API key. s.mu is held.
func (s *Server) audit(op cekura.AuditOperationType, objectType string, objectID, projectID int64, projectName string) {
	w := s.ws()
	w.audit.insert(&auditEntry{log: cekura.AuditLog{OrganizationID: fakeOrgID, OrganizationName: fakeOrgName,
		ProjectID: projectID, ProjectName: projectName, APIKeyName: fakeKeyName, ActionType: cekura.AuditActionTypeObject,
		OperationType: op, ObjectType: objectType, ObjectID: objectID, Timestamp: s.now()}})
}

// workspaceRoutes are the routes of the workspace side.
func (s *Server) workspaceRoutes() []route {
	return []route{s.projectRoute(), {collection: organizationsPath, list: s.listOrganizations},
		{collection: apiKeysPath, create: s.createAPIKey}, {collection: auditLogsPath, list: s.listAuditLogs},
		{collection: billingInfoPath, list: s.billingInfo}, {collection: paymentHistoryPath, list: s.paymentHistory}}
}

func (s *Server) projectRoute() route {
	// with runs h on the project under the lock, or answers 404.
	with := func(h func(w http.ResponseWriter, r *http.Request, p *project, body []byte)) func(http.ResponseWriter, *http.Request, int64, []byte) {
		return func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			if r.Method != http.MethodPost {
				methodNotAllowed(w, r.Method, http.MethodPost)
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			p, ok := s.ws().projects.get(id)
			if !ok {
				notFound(w)
				return
			}
			h(w, r, p, body)
		}
	}
	return route{
		collection: projectsPath,
		list: func(w http.ResponseWriter, r *http.Request) { // a bare array: the API does not page projects
			q := r.URL.Query()
			var org, only int64
			for _, k := range []string{"organization_id", "project_id"} {
				if v := q.Get(k); v != "" {
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						writeJSON(w, http.StatusBadRequest, errTree{k: []string{"Enter a number."}})
						return
					}
					if k == "organization_id" {
						org = n
					} else {
						only = n
					}
				}
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			out := []any{}
			if org == 0 || org == fakeOrgID {
				ws := s.ws()
				for _, id := range ws.projects.ids(func(p *project) bool { return only == 0 || p.p.ID == only }) {
					p, _ := ws.projects.get(id)
					out = append(out, s.projectAnswer(p))
				}
			}
			writeJSON(w, http.StatusOK, out)
		},
		create: func(w http.ResponseWriter, r *http.Request, body []byte) {
			fields, bad := parseObject(body)
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			p := newProject(s.now())
			p.p.ID = s.ws().projects.nextID // the id it will have: a rubric names the project's metrics
			errs := s.applyProject(p, fields, false)
			if raw, ok := fields["organization_id"]; ok {
				if n, msg := integer(raw); msg != "" {
					errs.add("organization_id", msg)
				} else if n != fakeOrgID {
					errs.add("organization_id", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", n))
				}
			}
			if len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			p.p.ID = s.ws().projects.insert(p)
			s.audit(cekura.AuditOperationTypeCreate, "project", p.p.ID, p.p.ID, p.p.Name)
			s.finishWrite(w, r, http.StatusCreated, s.projectAnswer(p))
		},
		get: func(w http.ResponseWriter, _ *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			p, ok := s.ws().projects.get(id)
			if !ok {
				notFound(w)
				return
			}
			writeJSON(w, http.StatusOK, s.projectAnswer(p))
		},
		update: func(w http.ResponseWriter, r *http.Request, id int64, body []byte) {
			fields, bad := parseObject(body)
			s.mu.Lock()
			defer s.mu.Unlock()
			old, ok := s.ws().projects.get(id)
			if !ok {
				notFound(w)
				return
			}
			if bad != nil {
				writeJSON(w, http.StatusBadRequest, bad)
				return
			}
			// Validate on a copy: a rejected update changes nothing.
			p := &project{p: old.p, secrets: maps.Clone(old.secrets), personalities: slices.Clone(old.personalities)}
			if errs := s.applyProject(p, fields, true); len(errs) > 0 {
				writeJSON(w, http.StatusBadRequest, errs)
				return
			}
			p.p.UpdatedAt = s.now()
			s.ws().projects.put(id, p)
			s.audit(cekura.AuditOperationTypeUpdate, "project", id, id, p.p.Name)
			s.finishWrite(w, r, http.StatusOK, s.projectAnswer(p))
		},
		delete: func(w http.ResponseWriter, r *http.Request, id int64) {
			s.mu.Lock()
			defer s.mu.Unlock()
			ws := s.ws()
			p, ok := ws.projects.get(id)
			if !ok {
				notFound(w)
				return
			}
			if len(ws.projects.items) == 1 {
				writeJSON(w, http.StatusBadRequest, detail("The last remaining project in an organization cannot be deleted."))
				return
			}
			ws.projects.remove(id)
			s.deleteProjectContents(id)
			s.audit(cekura.AuditOperationTypeDelete, "project", id, id, p.p.Name)
			s.finishWrite(w, r, http.StatusOK, nil) // "No response body"
		},
		itemActions: map[string]func(http.ResponseWriter, *http.Request, int64, []byte){
			"enable_personalities": with(func(w http.ResponseWriter, _ *http.Request, p *project, body []byte) {
				if ids, ok := choosePersonalities(w, body); ok {
					for _, id := range ids {
						if !slices.Contains(p.personalities, id) {
							p.personalities = append(p.personalities, id)
						}
					}
					slices.Sort(p.personalities)
					results := []any{}
					for _, c := range personalities {
						c.Enabled = slices.Contains(p.personalities, c.ID)
						results = append(results, c)
					}
					writeJSON(w, http.StatusOK, map[string]any{"count": len(results), "next": nil, "previous": nil, "results": results})
				}
			}),
			"disable_personalities": with(func(w http.ResponseWriter, _ *http.Request, p *project, body []byte) {
				if ids, ok := choosePersonalities(w, body); ok {
					p.personalities = slices.DeleteFunc(p.personalities, func(id int64) bool { return slices.Contains(ids, id) })
					writeJSON(w, http.StatusOK, map[string]string{"message": fmt.Sprintf("Disabled %d personalities.", len(ids))})
				}
			}),
			"test-webhook": with(s.testWebhook),
		},
	}
}

// deleteProjectContents deletes what is scoped to a deleted project: its
// agents with their scenarios, calls, results and runs, and its metrics
// and scenarios. s.mu is held.
func (s *Server) deleteProjectContents(id int64) {
	for _, aid := range s.agents.ids(func(a *agent) bool { return a.project != nil && *a.project == id }) {
		s.agents.remove(aid)
		for _, sid := range s.scenarios.ids(func(sc *scenario) bool { return sc.agent == aid }) {
			s.scenarios.remove(sid)
		}
		for _, cid := range s.calls.ids(func(c *call) bool { return c.agent == aid }) {
			s.calls.remove(cid)
		}
		for _, rid := range s.results.ids(func(res *result) bool { return res.agent == aid }) {
			res, _ := s.results.get(rid)
			for _, run := range res.runs {
				s.runs.remove(run)
			}
			s.results.remove(rid)
		}
	}
	for _, sid := range s.scenarios.ids(func(sc *scenario) bool { return sc.project == id }) {
		s.scenarios.remove(sid)
	}
	for _, mid := range s.metrics.ids(func(m *metric) bool { return m.m.ProjectID == id }) {
		s.metrics.remove(mid)
	}
}

// choosePersonalities reads an enable or disable body: ids of the fake's
// catalogue, or "all" (of a language, when one is given); false when it
// wrote the 400.
func choosePersonalities(w http.ResponseWriter, body []byte) ([]int64, bool) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return nil, false
	}
	raw, ok := fields["personalities"]
	if !ok {
		writeJSON(w, http.StatusBadRequest, errTree{"personalities": []string{msgRequired}})
		return nil, false
	}
	var lang string
	_ = json.Unmarshal(fields["language"], &lang)
	var ids []int64
	if string(bytes.TrimSpace(raw)) == `"all"` {
		for _, p := range personalities {
			if lang == "" || string(p.Language) == lang {
				ids = append(ids, p.ID)
			}
		}
		return ids, true
	}
	if json.Unmarshal(raw, &ids) != nil {
		writeJSON(w, http.StatusBadRequest, errTree{"personalities": []string{"Expected a list of ids or \"all\"."}})
		return nil, false
	}
	for _, id := range ids {
		if !slices.ContainsFunc(personalities, func(p cekura.Personality) bool { return p.ID == id }) {
			writeJSON(w, http.StatusBadRequest, []string{"Invalid personalities provided."})
			return nil, false
		}
	}
	return ids, true
}

// testWebhook sends mock data to the project's webhook now, once: a
// result.completed of a made-up result (id 0, no runs), with the project's
// secret. It answers with the project, as the description says, whatever
// the receiver answered (Deliveries shows it); a project without a
// webhook_url is a 400. s.mu is held; it is released while the delivery is
// made.
func (s *Server) testWebhook(w http.ResponseWriter, _ *http.Request, p *project, _ []byte) {
	if p.p.WebhookURL == "" {
		writeJSON(w, http.StatusBadRequest, detail("No webhook URL is configured for this project."))
		return
	}
	now := s.now()
	mock := &cekura.Result{Name: "Webhook test", Status: cekura.RunStatusCompleted, CreatedAt: now, UpdatedAt: now}
	body, err := eventBody(webhook.EventTypeResultCompleted, resultDetail(mock))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, detail("Internal server error."))
		return
	}
	ev := event{to: p.p.WebhookURL, secret: cekura.Secret(p.secrets["webhook_secret"]), typ: webhook.EventTypeResultCompleted, body: body, attempts: 1}
	s.inflight++ // Close waits for the delivery
	s.mu.Unlock()
	s.send(ev)
	s.mu.Lock()
	s.inflight--
	if s.inflight == 0 {
		s.idle.Broadcast()
	}
	writeJSON(w, http.StatusOK, s.projectAnswer(p))
}

// projectHook returns where an event about agent a goes when the agent has
// no webhook_url: its project's webhook, when the project is one of the
// fake's, has a webhook_url, and its notify_* settings ask for the event.
// s.mu is held.
func (s *Server) projectHook(a *agent, t webhook.EventType, data any) (string, cekura.Secret, bool) {
	if a.project == nil || s.workspace == nil {
		return "", "", false
	}
	p, ok := s.workspace.projects.get(*a.project)
	if !ok || p.p.WebhookURL == "" || !p.wants(t, data) {
		return "", "", false
	}
	return p.p.WebhookURL, cekura.Secret(p.secrets["webhook_secret"]), true
}

// wants reports whether the project's settings ask for the event.
func (p *project) wants(t webhook.EventType, data any) bool {
	b, err := json.Marshal(data)
	if err != nil {
		return false
	}
	switch t {
	case webhook.EventTypeResultPreTrigger:
		return p.p.NotifyPreRunWebhook
	case webhook.EventTypeResultCompleted:
		var res cekura.Result
		if json.Unmarshal(b, &res) != nil {
			return false
		}
		hasError, hasFailed := false, res.Status != cekura.RunStatusCompleted || res.FailedRuns > 0
		for _, rn := range res.Runs {
			hasError = hasError || rn.ErrorMessage != ""
			hasFailed = hasFailed || !rn.Success
		}
		success, failed, errored := p.p.NotifyResultWebhookSuccess, p.p.NotifyResultWebhookFailed, p.p.NotifyResultWebhookError
		if res.IsCronjob {
			success, failed, errored = p.p.NotifyCronjobWebhookSuccess, p.p.NotifyCronjobWebhookFailed, p.p.NotifyCronjobWebhookError
		}
		return (hasError && errored) || (hasFailed && !hasError && failed) || (!hasFailed && !hasError && success)
	case webhook.EventTypeCallLogCompleted:
		var c struct {
			Success *bool `json:"success"`
		}
		_ = json.Unmarshal(b, &c)
		if c.Success != nil && *c.Success {
			return p.p.NotifyCallLogWebhookSuccess
		}
		return p.p.NotifyCallLogWebhookFailed
	}
	return false
}

// ProjectSecrets are the write-only settings the fake stores for a
// project: what the SDK sent and the API never returns. A value never
// sent, or cleared, is empty. Fields may be added.
type ProjectSecrets struct {
	// WebhookSecret is webhook_secret, which Cekura sends in
	// X-CEKURA-SECRET with the project's webhooks.
	WebhookSecret cekura.Secret
	// The provider API keys, by the API's names (syntflow_api_key for
	// SynthflowAPIKey).
	VapiAPIKey, RetellAPIKey, SynthflowAPIKey, ElevenLabsAPIKey, LiveKitAPIKey, PipecatAPIKey cekura.Secret
}

// StoredProjectSecrets returns the write-only settings stored for the
// project id; false for an unknown id.
func (s *Server) StoredProjectSecrets(id int64) (ProjectSecrets, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.ws().projects.get(id)
	if !ok {
		return ProjectSecrets{}, false
	}
	sec := func(k string) cekura.Secret { return cekura.Secret(p.secrets[k]) }
	return ProjectSecrets{WebhookSecret: sec("webhook_secret"), VapiAPIKey: sec("vapi_api_key"), RetellAPIKey: sec("retell_api_key"),
		SynthflowAPIKey: sec("syntflow_api_key"), ElevenLabsAPIKey: sec("elevenlabs_api_key"), LiveKitAPIKey: sec("livekit_api_key"),
		PipecatAPIKey: sec("pipecat_api_key")}, true
}

// Projects returns every stored project as the API would return it, by
// id (the organization's "Default Project", id 1, first).
//
// An agent without a webhook_url of its own gets its events at its
// project's webhook, with the project's secret, as the project's notify_*
// settings ask. The description states no defaults for them: a new project
// on the fake is notified of every result and call outcome, and not of
// result.pre_trigger (notify_pre_run_webhook off), which holds runs back.
func (s *Server) Projects() []*cekura.Project {
	s.mu.Lock()
	ws := s.ws()
	ids := ws.projects.ids(nil)
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		p, _ := ws.projects.get(id)
		bodies[i], _ = json.Marshal(s.projectAnswer(p))
	}
	s.mu.Unlock()
	out := make([]*cekura.Project, 0, len(bodies))
	for _, b := range bodies {
		p := new(cekura.Project)
		if json.Unmarshal(b, p) == nil {
			out = append(out, p)
		}
	}
	return out
}

// organizationAnswer is the fake's organization as the API returns it,
// with its flags as strings (as for projects). s.mu is held.
func (s *Server) organizationAnswer() json.RawMessage {
	ws := s.ws()
	at := ws.created
	o := &cekura.Organization{ID: fakeOrgID, Name: fakeOrgName, TeamSize: cekura.TeamSize10To100, Timezone: "UTC",
		OutboundTimeout: 300, MaxAgentsLimit: 20, MaxMembersLimit: 10, MaxConcurrentRunsLimit: 10, MaxConcurrentChatRunsLimit: 10,
		MaxCallDuration: 600, EvaluateRelevantMetricsEnabled: true, EndCallEnabled: true, NotifyResultWebhook: true,
		NotifyCronjobWebhook: true, NotifyCallLogWebhook: true, IsSendEmailsEnabled: true, LowCreditsThreshold: "100.00",
		CronjobLowBalanceMuteDays: cekura.MuteDaysOff, AutoRefillThreshold: "50.00", AutoRefillAmount: "500.00",
		AutoRefillMaxCap: "1000.00", OnboardingFlow: cekura.OnboardingFlowSimulation, UserOnboarding: "completed",
		Members: []*cekura.Membership{s.owner()}, Projects: []*cekura.ProjectSummary{}, CreatedAt: at, UpdatedAt: at}
	for _, id := range ws.projects.ids(nil) {
		p, _ := ws.projects.get(id)
		o.Projects = append(o.Projects, &cekura.ProjectSummary{ID: p.p.ID, Name: p.p.Name, Members: []*cekura.Membership{},
			CreatedAt: p.p.CreatedAt, UpdatedAt: p.p.UpdatedAt})
	}
	b, _ := json.Marshal(o)
	return flagsAsStrings(b, []string{"vapi_api_key_configured", "vapi_public_key_configured", "retell_api_key_configured", "syntflow_api_key_configured"})
}

// listOrganizations pages the organization of the fake's key, filtered by
// search (in its name, ignoring case).
func (s *Server) listOrganizations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pr, ok := s.parsePage(w, q)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := []int64{}
	if search := strings.ToLower(strings.TrimSpace(q.Get("search"))); search == "" || strings.Contains(strings.ToLower(fakeOrgName), search) {
		ids = append(ids, fakeOrgID)
	}
	writePage(w, r, pr, ids, func(int64) any { return s.organizationAnswer() })
}

// createAPIKey makes a project-level key: with API key authentication (the
// fake's only kind) the API creates no other. The key is in this answer
// only; the fake keeps its name and project, not the key.
func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request, body []byte) {
	fields, bad := parseObject(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := errTree{}
	k := &apiKey{createdAt: s.now()}
	if raw, ok := fields["name"]; ok {
		if v, msg := str(raw); msg != "" {
			errs.add("name", msg)
		} else {
			k.name = v
		}
	}
	var p *project
	switch raw, ok := fields["project"]; {
	case !ok || isNull(raw):
		errs.add("project", "Only project-level API keys can be created when using API key authentication.")
	default:
		n, msg := integer(raw)
		if msg != "" {
			errs.add("project", "Incorrect type. Expected pk value, received "+rawKind(raw)+".")
			break
		}
		if p, ok = s.ws().projects.get(n); !ok {
			errs.add("project", fmt.Sprintf("Invalid pk \"%d\" - object does not exist.", n))
			break
		}
		k.project = n
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	k.id = s.ws().apiKeys.insert(k)
	secret := make([]byte, 20)
	_, _ = rand.Read(secret)
	s.audit(cekura.AuditOperationTypeCreate, "api_key", k.id, p.p.ID, p.p.Name)
	s.finishWrite(w, r, http.StatusCreated, map[string]any{"id": k.id, "name": k.name, "organization_name": fakeOrgName,
		"project": k.project, "project_name": p.p.Name, "key": "sk_fake_" + hex.EncodeToString(secret), "created_at": k.createdAt})
}

// listAuditLogs pages the organization's audit logs, newest first, with
// the API's filters and its 30-day window (the last week by default).
func (s *Server) listAuditLogs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := errTree{}
	org := q.Get("organization_id")
	if org == "" {
		errs.add("organization_id", msgRequired)
	}
	s.mu.Lock()
	now := s.now()
	s.mu.Unlock()
	start, end := now.Add(-7*24*time.Hour), now
	for _, k := range []string{"start_time", "end_time"} {
		if v := q.Get(k); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				errs.add(k, "Enter a valid date/time.")
				continue
			}
			if k == "start_time" {
				start = t
			} else {
				end = t
			}
		}
	}
	if len(errs) == 0 && end.Sub(start) > maxAuditRange {
		errs.add("end_time", "Max duration between start_time and end_time is 30 days.")
	}
	if q.Get("object_id") != "" && q.Get("object_type") == "" {
		errs.add("object_id", "object_id must be used together with object_type.")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, errs)
		return
	}
	if org != strconv.Itoa(fakeOrgID) {
		writeJSON(w, http.StatusForbidden, detail("You do not have permission to perform this action."))
		return
	}
	pr, ok := s.parsePage(w, q)
	if !ok {
		return
	}
	match := func(key, got string) bool { v := q.Get(key); return v == "" || v == got }
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.ws()
	ids := ws.audit.ids(func(e *auditEntry) bool {
		l := &e.log
		return !l.Timestamp.Before(start) && !l.Timestamp.After(end) &&
			match("project_id", strconv.FormatInt(l.ProjectID, 10)) && match("user_email", l.UserEmail) &&
			match("object_type", l.ObjectType) && match("object_id", strconv.FormatInt(l.ObjectID, 10)) &&
			match("action_type", string(l.ActionType)) && match("operation_type", string(l.OperationType))
	})
	slices.Reverse(ids)
	writePage(w, r, pr, ids, func(id int64) any {
		e, _ := ws.audit.get(id)
		out := e.log
		out.ID = id
		return auditAnswer{&out}
	})
}

// auditAnswer is an audit log as the API sends it: who did it null when
// it was an API key, as the description allows.
type auditAnswer struct{ *cekura.AuditLog }

// MarshalJSON writes the log with user and user_email null.
func (a auditAnswer) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(a.AuditLog)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(b, &obj)
	for _, k := range []string{"user", "user_email"} {
		if _, ok := obj[k]; !ok {
			obj[k] = json.RawMessage("null")
		}
	}
	return json.Marshal(obj)
}

// billingInfo answers the fake organization's credits and an active
// subscription; another organization_id is the API's 404.
func (s *Server) billingInfo(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("organization_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errTree{"organization_id": []string{msgInteger}})
			return
		}
		if n != fakeOrgID {
			writeJSON(w, http.StatusNotFound, detail("Billing information not found"))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now, created := s.now(), s.ws().created
	expire := created.AddDate(0, 1, 0)
	days := int(math.Floor(expire.Sub(now).Hours() / 24))
	writeJSON(w, http.StatusOK, &cekura.BillingInfo{OrganizationID: fakeOrgID, CreditsRemaining: "1000.00", CreditsUsed: "0.00",
		InitialBalance: "1000.00", BalanceExpiry: expire, CreatedAt: created, UpdatedAt: created,
		SubscriptionStatus: &cekura.SubscriptionStatus{Status: cekura.SubscriptionStateActive, IsActive: true, PackName: "Fake Pack",
			ExpireAt: expire, LastPaymentAt: created, DaysUntilExpiry: &days, CreatedAt: created,
			Pack: &cekura.SubscriptionPack{Name: "Fake Pack", MaxConcurrentRunsLimit: 10, MaxConcurrentChatRunsLimit: 10,
				MaxAgentsLimit: 20, MaxMembersLimit: 10, MaxProjectsLimit: -1, BillingType: "subscription", SubscriptionOverage: "0.08"}}})
}

// paymentHistory answers the fake organization's two payments.
func (s *Server) paymentHistory(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query().Get("organization_id")
	if v == "" {
		writeJSON(w, http.StatusBadRequest, detail("organization_id is required"))
		return
	}
	if n, err := strconv.ParseInt(v, 10, 64); err != nil || n != fakeOrgID {
		writeJSON(w, http.StatusNotFound, detail("Organization not found"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.ws().created
	writeJSON(w, http.StatusOK, []*cekura.Payment{
		{ID: 1, Amount: "500.00", Currency: "USD", PaymentType: cekura.PaymentTypeSubscription, Description: "Fake Pack, monthly",
			StripePaymentIntentID: "in_fake_1", CreatedAt: at},
		{ID: 2, Amount: "100.00", Currency: "USD", PaymentType: cekura.PaymentTypeSelfServeCredits, Description: "Credits",
			StripePaymentIntentID: "pi_fake_2", CreatedAt: at},
	})
}
