package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura/internal/rules"
)

func FuzzDecodeAgent(f *testing.F) {
	f.Add([]byte(agentJSON))
	f.Add([]byte(`{"knowledge_base_files": "[{\"id\": 1}]", "provider": {"type": "livekit", "credentials": {"config": {"url": 1}}}}`))
	f.Add([]byte(`{"telephony": "x", "provider": [], "created_at": 5, "id": "7"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"provider": {"chat_agent_details": {"type": 3, "config": []}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var a Agent
		err := decodeInto(body, &a)
		if err == nil && !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if err == nil && isJSONObject(body) && string(a.RawJSON()) != string(bytes.TrimSpace(body)) {
			t.Fatalf("RawJSON is not the body's object")
		}
		if err == nil && isJSONObject(body) {
			// Printing and logging a decoded agent never panics either.
			_ = a.LogValue()
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			if _, isObj := v.(map[string]any); isObj && err != nil {
				t.Fatalf("a valid JSON object failed to decode: %v", err)
			}
		}
	})
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"count": 2, "next": "https://api.cekura.ai/x/?page=2", "previous": null, "results": [` + agentJSON + `, {"id": 2}]}`))
	f.Add([]byte(`{"count": "2", "next": 5, "results": {}}`))
	f.Add([]byte(`{"results": [1, "x", null]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage[Agent](agentsPath, body)
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		for _, a := range p.Results {
			if a == nil || !isJSONObject(a.RawJSON()) {
				t.Fatalf("a result that is not an agent object was accepted")
			}
		}
	})
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"detail": "Not found."}`))
	f.Add([]byte(`{"provider": {"credentials": {"api_key": ["Required."]}}, "x": [{"a": ["b"]}, {}]}`))
	f.Add([]byte(`["a", 1, null, {"k": "v"}]`))
	f.Add([]byte(`<html>502</html>`))
	f.Add([]byte(`{"detail": {"nested": true}, "n": 1.5e300}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		detail, fields := parseErrorBody(body)
		if !json.Valid(body) && (detail != "" || fields != nil) {
			t.Fatalf("invented an error from invalid JSON")
		}
		for k, msgs := range fields {
			if len(msgs) == 0 {
				t.Fatalf("field %q has no messages", k)
			}
		}
		resp := &http.Response{StatusCode: 400, Header: http.Header{"Retry-After": {string(body)}}}
		e := newAPIError("POST", "/p/", resp, body, time.Now())
		if !strings.HasPrefix(e.Error(), "cekura: POST /p/: 400 Bad Request") {
			t.Fatalf("message: %s", e.Error())
		}
		if len(e.Body) > maxErrorBody {
			t.Fatalf("body not bounded")
		}
		if e.RetryAfter < 0 || e.RetryAfter > maxRetryAfter {
			t.Fatalf("Retry-After %v out of bounds", e.RetryAfter)
		}
	})
}

func FuzzKnowledgeBaseFiles(f *testing.F) {
	for _, s := range []string{`"[1, 2, 3]"`, `[1, 2]`, `[{"id": 1}]`, `""`, `null`, `"[\"4\"]"`, `[1.5, -2, "x", {"id": "y"}]`,
		`[{"ID": 3, "id": "x"}, 1e2, true, [], "-0"]`, `"[{\"id\": 9}"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Agent
		body := append(append([]byte(`{"knowledge_base_files": `), b...), '}')
		err := decodeInto(body, &a)
		if !json.Valid(b) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", b)
			}
			return
		}
		if err != nil {
			t.Fatalf("refused valid JSON %q: %v", b, err)
		}
		want := refKnowledgeIDs(b)
		if got := fileIDs(a.KnowledgeBaseFiles); !slices.Equal(got, want) {
			t.Fatalf("%q: ids %v, want %v", b, got, want)
		}
	})
}

// refKnowledgeIDs is the rule for knowledge_base_files, written with
// encoding/json: a string holding a JSON array is read as that array; in an
// array, an integer or a string holding one is a file id, an object is a
// file (its id decoded as encoding/json decodes an int64, else 0), anything
// else is skipped; any other value is no files.
func refKnowledgeIDs(b []byte) []int64 {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	if s, ok := v.(string); ok {
		if !json.Valid([]byte(s)) || !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "[") {
			return nil
		}
		return refKnowledgeIDs([]byte(s))
	}
	var items []json.RawMessage
	if json.Unmarshal(b, &items) != nil {
		return nil
	}
	ids := []int64{}
	for _, item := range items {
		var x any
		d := json.NewDecoder(bytes.NewReader(item))
		d.UseNumber()
		_ = d.Decode(&x)
		switch x := x.(type) {
		case json.Number:
			if id, err := strconv.ParseInt(string(x), 10, 64); err == nil {
				ids = append(ids, id)
			}
		case string:
			if id, err := strconv.ParseInt(x, 10, 64); err == nil {
				ids = append(ids, id)
			}
		case map[string]any:
			var file struct {
				ID int64 `json:"id"`
			}
			_ = json.Unmarshal(item, &file)
			ids = append(ids, file.ID)
		}
	}
	return ids
}

// FuzzValidateCreate builds requests from arbitrary strings: validation never
// panics, always reports a missing name or description, and whatever it
// accepts encodes to valid JSON that keeps the fields.
func FuzzValidateCreate(f *testing.F) {
	f.Add("Support Bot", "desc", "en", "+14155551234", "sip:a@b", "https://h.example/x", "sec", "vapi", "retell", []byte(`{"a":1}`))
	f.Add("", " ", "xx", "123", "http://x", "/rel", "", "livekit", "bland", []byte(`{`))
	f.Add(strings.Repeat("n", 300), "d", "multi", "+0", "sips:", "ftp://x", "s", "unknown", "", []byte(nil))
	f.Fuzz(func(t *testing.T, name, desc, lang, phone, sip, webhook, secret, provider, chat string, metrics []byte) {
		r := &CreateAgentRequest{
			Name: name, Description: desc, Language: Language(lang),
			Telephony:         &Telephony{PhoneNumber: phone, SIPURI: Some(sip), OutboundNumbers: []string{phone}},
			Provider:          &Provider{Type: ProviderType(provider), Credentials: &ProviderCredentials{APIKey: Secret(secret), Config: decodeProviderConfig(ProviderType(provider), metrics)}, ChatAgentDetails: &ChatAgentDetails{Type: ChatType(chat), Config: decodeChatConfig(ChatType(chat), metrics)}},
			PredefinedMetrics: metrics,
			WebhookURL:        webhook,
			WebhookSecret:     Secret(secret),
		}
		err := validateRequest(r, false)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("not an invalid-request error: %v", err)
			}
			if secret != "" && len(secret) > 3 && strings.Contains(err.Error(), secret) && !strings.Contains(name+desc+lang+phone+sip+webhook+provider+chat, secret) {
				t.Fatalf("the error echoes the secret: %v", err)
			}
		}
		if strings.TrimSpace(name) == "" || strings.TrimSpace(desc) == "" || utf8.RuneCountInString(name) > maxNameLen {
			if err == nil {
				t.Fatal("accepted a request without a valid name or description")
			}
		}
		if err != nil {
			return
		}
		b, merr := marshal(r)
		if merr != nil {
			t.Fatalf("a valid request did not encode: %v", merr)
		}
		if ref, _ := json.Marshal(r); string(ref) != string(b) {
			t.Fatalf("the SDK's encoder wrote\n%s\nencoding/json writes\n%s", b, ref)
		}
		var back map[string]any
		if json.Unmarshal(b, &back) != nil {
			t.Fatalf("invalid JSON: %s", b)
		}
		if back["name"] != strings.ToValidUTF8(name, "\uFFFD") {
			t.Fatalf("name changed: %q -> %v", name, back["name"])
		}
	})
}

func FuzzUpdateValidation(f *testing.F) {
	f.Add("n", "d", int64(1), "en", "+1234", "sip:x", true, "https://x.example")
	f.Add("", "", int64(-1), "", "", "", false, "")
	f.Fuzz(func(t *testing.T, name, desc string, project int64, lang, phone, sip string, null bool, webhook string) {
		r := &UpdateAgentRequest{Name: Some(name), Description: Some(desc), ProjectID: Some(project), Language: Some(Language(lang)),
			Telephony: &TelephonyUpdate{PhoneNumber: Some(phone), SIPURI: Some(sip)}, WebhookURL: Some(webhook)}
		if null {
			r.Telephony.SIPURI = Null[string]()
			r.AgentSpeaksFirst = Null[bool]()
		}
		err := validateRequest(r, true)
		if project <= 0 && err == nil {
			t.Fatal("accepted a project id <= 0")
		}
		if err == nil {
			if _, merr := json.Marshal(r); merr != nil {
				t.Fatal(merr)
			}
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"3", "0.5", "-1", "Sat, 28 Nov 2026 12:00:10 GMT", "1e308", "NaN", "+Inf"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d := parseRetryAfter(s, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("%q -> %v", s, d)
		}
	})
}

// FuzzKitDecoderAgreesWithEncodingJSON decodes arbitrary bodies into a type
// declared only by its tags (widget): the kit never panics, refuses what is
// not JSON, and wherever encoding/json decodes the body without error, both
// end with the same values.
func FuzzKitDecoderAgreesWithEncodingJSON(f *testing.F) {
	f.Add([]byte(`{"id": 7, "name": "w", "score": 1.5, "tags": ["a"], "labels": {"k": "v"}, "parent": {"id": 1}, "note": null, "owner": 2, "extra": [1], "when": "2026-08-20T01:02:03Z", "children": [{"name": "c"}]}`))
	f.Add([]byte(`{"ID": "7", "Tags": [1, "x"], "labels": [], "parent": "p", "children": {}}`))
	f.Add([]byte(`{"score": 1e400, "owner": 1.5, "note": 3}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var got widget
		err := decodeInto(bytes.Clone(body), &got)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		var want widget
		if json.Unmarshal(body, &want) != nil {
			return // a type mismatch: encoding/json stops, the kit goes on
		}
		if err != nil {
			t.Fatalf("refused %q, which encoding/json decodes: %v", body, err)
		}
		a, errA := json.Marshal(&got)
		b, errB := json.Marshal(&want)
		if (errA == nil) != (errB == nil) || string(a) != string(b) {
			t.Fatalf("%q:\nkit           %s (%v)\nencoding/json %s (%v)", body, a, errA, b, errB)
		}
	})
}

// FuzzDecodeResult decodes arbitrary result bodies: never a panic, invalid
// JSON refused, runs in id order, and the verdict never passes a result
// that did not complete.
func FuzzDecodeResult(f *testing.F) {
	f.Add([]byte(resultDetailJSON))
	f.Add([]byte(`{"status": "completed", "runs": [{"id": 2, "success": true}, {"id": 1}], "total_runs_count": "x"}`))
	f.Add([]byte(`{"runs": {"a": {"id": "b"}, "3": 4}, "is_cronjob": "yes"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r Result
		err := decodeInto(bytes.Clone(body), &r)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		for i := 1; i < len(r.Runs); i++ {
			if r.Runs[i] == nil || (isJSONObject(body) && bytes.Contains(body, []byte(`"runs": {`)) && r.Runs[i-1].ID > r.Runs[i].ID) {
				t.Fatalf("runs out of order or nil: %q", body)
			}
		}
		if v := NewVerdict(&r); v.Passed && r.Status != RunStatusCompleted {
			t.Fatalf("passed a %q result", r.Status)
		}
	})
}

// FuzzValidateStartAndScenario builds test starts and scenarios from
// arbitrary values: validation never panics, reports ErrInvalidRequest, and
// whatever it accepts the SDK encodes as encoding/json does.
func FuzzValidateStartAndScenario(f *testing.F) {
	f.Add(int64(5), int64(1), "smoke", "", "text", "wss://a", "+14155551234", 2, "Name", "instr")
	f.Add(int64(0), int64(-1), "", "Sales", "voice", "http://x?token=1", "123", -1, "", "")
	f.Fuzz(func(t *testing.T, agent, scenario int64, tag, folder, transport, ws, number string, frequency int, name, instructions string) {
		start := &StartTestsRequest{Transport: Transport(transport), AgentID: agent, ScenarioIDs: []int64{scenario}, FolderPath: folder,
			WebsocketURL: ws, OutboundPhoneNumber: number, Frequency: frequency}
		if tag != "" {
			start.Tags = []string{tag}
		}
		sc := &CreateScenarioRequest{Name: name, PersonalityID: scenario, AgentID: agent, Instructions: instructions, Tags: []string{tag}}
		for _, req := range []any{start, sc} {
			err := validateRequest(req, false)
			if err != nil {
				if !errors.Is(err, ErrInvalidRequest) {
					t.Fatalf("not an invalid-request error: %v", err)
				}
				if i := strings.IndexByte(ws, '?'); i >= 0 && len(ws)-i > 4 && strings.Contains(err.Error(), ws[i:]) {
					t.Fatalf("echoed a URL's query: %v", err)
				}
				continue
			}
			got, err := marshal(req)
			want, werr := json.Marshal(req)
			if err != nil || werr != nil || string(got) != string(want) {
				t.Fatalf("encoder %s (%v) vs encoding/json %s (%v)", got, err, want, werr)
			}
		}
	})
}

// FuzzAgentSubResourceValidation feeds arbitrary names and ids to the
// sub-resources' checks: never a panic, always ErrInvalidRequest when
// refused, and a refused call sends nothing.
func FuzzAgentSubResourceValidation(f *testing.F) {
	f.Add("get_order", "faq.md", int64(1), []byte(`[{"input": {}, "output": {}}]`), true)
	f.Add("bad name!", "../x.md", int64(-1), []byte(`[`), false)
	f.Fuzz(func(t *testing.T, toolName, fileName string, id int64, mockData []byte, all bool) {
		var sent bool
		c, err := NewClient(testKey, WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			sent = true
			return nil, errors.New("offline")
		})}))
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{
			checkMockTool(&MockToolWrite{Name: toolName, MockData: mockData}, true),
			func() error {
				_, err := (&PersonalitiesRequest{PersonalityIDs: []int64{id}, All: all}).body()
				return err
			}(),
		} {
			if err != nil && !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("refused without ErrInvalidRequest: %v", err)
			}
		}
		_, err = c.Agents.UploadKnowledgeBaseFile(context.Background(), 7, &UploadKnowledgeBaseFileRequest{FileName: fileName, Content: strings.NewReader("x")})
		if errors.Is(err, ErrInvalidRequest) && sent {
			t.Fatalf("refused %q after sending it", fileName)
		}
		if !errors.Is(err, ErrInvalidRequest) && strings.ContainsAny(fileName, "/\\\r\n\"") {
			t.Fatalf("accepted file name %q", fileName)
		}
		if err := checkMockTool(&MockToolWrite{Name: toolName, MockData: mockData}, true); err == nil {
			if toolName == "" || len(toolName) >= 64 || strings.ContainsAny(toolName, " !/\"") || (mockData != nil && !json.Valid(mockData)) {
				t.Fatalf("accepted tool %q with %q", toolName, mockData)
			}
		}
	})
}

// FuzzDecodeCall decodes arbitrary call-log bodies: never a panic, invalid
// JSON refused, and Evaluated agrees with the status it read.
func FuzzDecodeCall(f *testing.F) {
	f.Add([]byte(`{"id": 5, "call_id": "c", "status": "success", "success": true, "evaluation": {"metrics": [{"type": "binary", "score": 0}]}}`))
	f.Add([]byte(`{"status": "evaluating", "success": null, "transcript_object": "x", "agent_id": "12"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var c Call
		err := decodeInto(bytes.Clone(body), &c)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		if c.Status == CallStatusSuccess && !c.Evaluated() {
			t.Fatalf("a %q call is evaluated", c.Status)
		}
		if c.Evaluation != nil {
			for _, m := range c.Evaluation.Metrics {
				_ = m.Failed()
			}
		}
	})
}

// FuzzValidateSendCall: building a call and its Cekura transcript from
// arbitrary values never panics, refuses with ErrInvalidRequest, and what it
// accepts encodes as encoding/json would.
func FuzzValidateSendCall(f *testing.F) {
	f.Add("call_1", int64(1), "", "Testing Agent", "hello", 0.0, 1.0, "cekura", "https://rec.example/a.wav")
	f.Add("", int64(0), "asst", "user", "", -1.0, -2.0, "bland", "ftp://x")
	f.Fuzz(func(t *testing.T, callID string, agent int64, assistant, role, content string, start, end float64, typ, recURL string) {
		transcript, terr := NewTranscript(Turn{Role: Role(role), Content: content, StartTime: start, EndTime: end})
		if terr != nil && !errors.Is(terr, ErrInvalidRequest) {
			t.Fatalf("transcript refused without ErrInvalidRequest: %v", terr)
		}
		req := &SendCallRequest{CallID: callID, AgentID: agent, AssistantID: assistant, TranscriptType: TranscriptType(typ),
			Transcript: transcript, VoiceRecordingURL: recURL}
		if err := validateRequest(req, false); err != nil {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("refused without ErrInvalidRequest: %v", err)
			}
			return
		}
		got, err := marshal(req)
		want, werr := json.Marshal(req)
		if err != nil || werr != nil || string(got) != string(want) {
			t.Fatalf("encoder %s (%v) vs encoding/json %s (%v)", got, err, want, werr)
		}
	})
}

// checkRefusalOrEncoding is what every validator fuzz target asserts of a
// request: refused with ErrInvalidRequest, each problem keyed by one of
// keys; or accepted, and encoded as encoding/json would.
func checkRefusalOrEncoding(t *testing.T, req any, update bool, keys ...string) bool {
	t.Helper()
	if err := validateRequest(req, update); err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalidRequest) {
			t.Fatalf("refused without a *ValidationError: %v", err)
		}
		for _, p := range ve.Problems {
			if !slices.Contains(keys, p.Field) {
				t.Fatalf("a problem keyed %q, not one of the request's fields %v: %v", p.Field, keys, p)
			}
		}
		return false
	}
	got, err := marshal(req)
	want, werr := json.Marshal(req)
	if err != nil || werr != nil || string(got) != string(want) {
		t.Fatalf("encoder %s (%v) vs encoding/json %s (%v)", got, err, want, werr)
	}
	return true
}

// FuzzValidateSchedule builds schedules from arbitrary values: validation
// never panics, refuses with every problem keyed by a field of the request,
// accepts only a five-field expression the shared rules accept and a
// frequency the API takes, and what it accepts encodes as encoding/json.
func FuzzValidateSchedule(f *testing.F) {
	f.Add("0 9 * * 1-5", "America/New_York", int64(1), int64(2), "", 1, 0, "voice", "failure", true)
	f.Add("*/0 24 L/2 FOO 8", "Local", int64(-1), int64(0), "smoke", 101, -1, "fax", "always", false)
	f.Add("@daily", "../etc/passwd", int64(0), int64(5), " ", 0, 3, "", "", true)
	f.Fuzz(func(t *testing.T, expr, tz string, agent, scenario int64, tag string, frequency, concurrency int, mode, notify string, active bool) {
		create := &CreateScheduleRequest{CrontabExpression: expr, Timezone: tz, AgentID: agent, ScenarioIDs: []int64{scenario},
			Frequency: frequency, ConcurrencyLimit: concurrency, ExecutionMode: ExecutionMode(mode), NotifyOn: NotifyOn(notify)}
		if tag != "" {
			create.Tags = []string{tag}
		}
		keys := []string{"crontab_expression", "timezone", "agent", "scenarios", "tags", "personalities", "execution_mode", "frequency", "concurrency_limit", "notify_on", "request"}
		if checkRefusalOrEncoding(t, create, false, keys...) {
			if len(rules.Crontab(expr)) > 0 || len(strings.Fields(expr)) != 5 || frequency < 0 || frequency > 100 {
				t.Fatalf("accepted %+v", create)
			}
		}
		update := &UpdateScheduleRequest{CrontabExpression: Some(expr), Timezone: Some(tz), AgentID: Some(agent), Frequency: Some(frequency),
			ConcurrencyLimit: Some(concurrency), ExecutionMode: Some(ExecutionMode(mode)), NotifyOn: Some(NotifyOn(notify)), IsActive: Some(active)}
		if tag == "" {
			update.ConcurrencyLimit = Null[int]()
		}
		keys = append(keys, "is_active")
		if checkRefusalOrEncoding(t, update, true, keys...) {
			if len(rules.Crontab(expr)) > 0 || frequency < 1 || frequency > 100 || rules.Timezone(tz, time.LoadLocation) != "" {
				t.Fatalf("accepted %+v", update)
			}
		}
	})
}

// FuzzValidateTestProfile builds test profiles from arbitrary values:
// validation never panics, refuses with every problem keyed by a field of
// the request, accepts only a name of 1 to 255 characters, an owner and no
// header Cekura reserves, and what it accepts encodes as encoding/json.
func FuzzValidateTestProfile(f *testing.F) {
	f.Add("Gold member", int64(1), int64(0), "user_id", "U-42", false, false)
	f.Add(" ", int64(-1), int64(-2), "x-run-id", "", true, true)
	f.Add(strings.Repeat("é", 256), int64(0), int64(0), "X-Scenario-Id", "1", false, true)
	f.Fuzz(func(t *testing.T, name string, agent, project int64, key, value string, nullAgent, nullProject bool) {
		info := TestProfileInformation{AgentVariables: map[string]any{key: value}, CallerVariables: map[string]any{key: value}}
		reserved := slices.ContainsFunc(reservedHeaders, func(h string) bool { return strings.EqualFold(h, key) })
		create := &CreateTestProfileRequest{Name: name, AgentID: agent, ProjectID: project, Information: info}
		keys := []string{"name", "agent", "project", "information.main_agent_variables", "request"}
		if checkRefusalOrEncoding(t, create, false, keys...) {
			if n := utf8.RuneCountInString(name); strings.TrimSpace(name) == "" || n > 255 || agent < 0 || project < 0 || agent+project == 0 || reserved {
				t.Fatalf("accepted %+v", create)
			}
		}
		update := &UpdateTestProfileRequest{Name: Some(name), AgentID: Some(agent), ProjectID: Some(project), Information: Some(info)}
		if nullAgent {
			update.AgentID = Null[int64]()
		}
		if nullProject {
			update.ProjectID = Null[int64]()
		}
		if checkRefusalOrEncoding(t, update, true, keys...) && (nullAgent && nullProject || reserved || strings.TrimSpace(name) == "") {
			t.Fatalf("accepted %+v", update)
		}
	})
}

// FuzzDecodeTestProfile decodes arbitrary test profile bodies: never a
// panic, invalid JSON refused, every object decoded; information in the
// sectioned shape reads as encoding/json reads it, and any other object as
// the same variables in both sections.
func FuzzDecodeTestProfile(f *testing.F) {
	f.Add([]byte(profileJSON))
	f.Add([]byte(`{"id": 1, "information": {"user_id": "U-1"}, "scenarios": "[1, 2]"}`))
	f.Add([]byte(`{"information": {"main_agent_variables": 3, "testing_agent_variables": {"a": [1]}}, "scenarios": [{"id": "x"}, 4]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p TestProfile
		err := decodeInto(bytes.Clone(body), &p)
		if !json.Valid(body) {
			if err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
			return
		}
		var wire struct {
			Information map[string]json.RawMessage `json:"information"`
		}
		if !isJSONObject(body) || json.Unmarshal(body, &wire) != nil {
			return
		}
		if err != nil {
			t.Fatalf("refused a JSON object: %v", err)
		}
		_, agentKey := wire.Information[agentVariablesKey]
		_, callerKey := wire.Information[callerVariablesKey]
		if len(wire.Information) > 0 && !agentKey && !callerKey {
			if !reflect.DeepEqual(p.Information.AgentVariables, p.Information.CallerVariables) || len(p.Information.AgentVariables) != len(wire.Information) {
				t.Fatalf("a flat information read as %+v", p.Information)
			}
			return
		}
		var sections struct {
			Information struct {
				A map[string]any `json:"main_agent_variables"`
				C map[string]any `json:"testing_agent_variables"`
			} `json:"information"`
		}
		if json.Unmarshal(body, &sections) == nil && (!reflect.DeepEqual(sections.Information.A, p.Information.AgentVariables) ||
			!reflect.DeepEqual(sections.Information.C, p.Information.CallerVariables)) {
			t.Fatalf("%q: read %+v, encoding/json %+v", body, p.Information, sections.Information)
		}
	})
}
