package cekura

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Production calls sent to Cekura for monitoring: the observe endpoint and
// the call logs (v2; the v1 GETs are deprecated).
const (
	observePath = "/observability/v1/observe/"
	callsPath   = "/observability/v2/call-logs/"
)

// CallsService sends production calls to Cekura and reads their
// evaluation. Get it from Client.Calls.
type CallsService struct{ c *core }

// TranscriptType is the format of a call's transcript.
type TranscriptType string

// The transcript formats the API reads (its description's enum).
const (
	TranscriptTypeCekura     TranscriptType = "cekura" // the default: see NewTranscript
	TranscriptTypeVapi       TranscriptType = "vapi"
	TranscriptTypeRetell     TranscriptType = "retell"
	TranscriptTypeElevenLabs TranscriptType = "elevenlabs"
	TranscriptTypePipecat    TranscriptType = "pipecat"
	TranscriptTypeLiveKit    TranscriptType = "livekit"
	TranscriptTypeDeepgram   TranscriptType = "deepgram"
	// TranscriptTypeNoneMono: no transcript; Cekura transcribes the mono
	// recording.
	TranscriptTypeNoneMono TranscriptType = "none-mono"
	TranscriptTypeVocera   TranscriptType = "vocera"
)

var transcriptTypes = []TranscriptType{TranscriptTypeCekura, TranscriptTypeVapi, TranscriptTypeRetell, TranscriptTypeElevenLabs,
	TranscriptTypePipecat, TranscriptTypeLiveKit, TranscriptTypeDeepgram, TranscriptTypeNoneMono, TranscriptTypeVocera}

// Role is who speaks a turn of a transcript.
type Role string

// The roles of a Cekura-format transcript: the API accepts these two only.
const (
	RoleCaller Role = "Testing Agent" // the person calling your agent
	RoleAgent  Role = "Main Agent"    // your agent
)

// Valid reports whether r is one of the two roles of a Cekura-format
// transcript.
func (r Role) Valid() bool { return r == RoleCaller || r == RoleAgent }

// Turn is one turn of a Cekura-format transcript; times are seconds from
// the call's start.
type Turn struct {
	Role      Role    `json:"role"`
	Content   string  `json:"content"`
	StartTime float64 `json:"start_time"`
	EndTime   float64 `json:"end_time"`
	// Timestamp is when the turn starts, in seconds, where a call log's
	// transcript_object sends it: the description's schema for it has
	// timestamp (its own example, and the API, start_time and end_time).
	// Leave it zero in a transcript you send.
	Timestamp float64 `json:"timestamp,omitzero"`
}

// NewTranscript builds a Cekura-format transcript from turns, checking
// what the API requires: the two roles only, times not negative and in
// order, an end not before its start.
func NewTranscript(turns ...Turn) (json.RawMessage, error) {
	var v validator
	last := 0.0
	for i, t := range turns {
		field := "transcript[" + strconv.Itoa(i) + "]"
		if !t.Role.Valid() {
			v.add(field+".role", "%q: the Cekura format takes %q (the caller) or %q (your agent)", t.Role, RoleCaller, RoleAgent)
		}
		if math.IsNaN(t.StartTime) || math.IsNaN(t.EndTime) || math.IsInf(t.StartTime, 0) || math.IsInf(t.EndTime, 0) {
			v.add(field, "times must be finite numbers of seconds")
			continue
		}
		if t.StartTime < 0 || t.EndTime < t.StartTime {
			v.add(field, "times %g to %g: want 0 <= start <= end (seconds)", t.StartTime, t.EndTime)
		}
		if t.StartTime < last {
			v.add(field, "starts at %g, before the turn before it (%g)", t.StartTime, last)
		}
		last = t.StartTime
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if turns == nil {
		turns = []Turn{}
	}
	return json.Marshal(turns)
}

// SendCallRequest is a production call for Cekura to evaluate (observe).
// CallID is required, and one of Agent and AssistantID.
type SendCallRequest struct {
	// CallID is your call's unique id (at most 100 characters).
	CallID string `json:"call_id" cekura:"required"`
	// AgentID is the Cekura agent id; AssistantID the provider's id of it.
	AgentID     int64  `json:"agent,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// TranscriptType is the format of Transcript (default TranscriptTypeCekura).
	TranscriptType TranscriptType `json:"transcript_type,omitzero"`
	// Transcript is the call's transcript in that format: see
	// NewTranscript, or pass a provider's own JSON as it is.
	Transcript json.RawMessage `json:"transcript_json,omitzero"`
	// VoiceRecordingURL is where Cekura fetches the recording, which
	// enables audio metrics. Or upload it: Recording.
	VoiceRecordingURL string `json:"voice_recording_url,omitzero"`
	// Recording, when not nil, is uploaded as the call's recording
	// (multipart), streamed as it is sent, never held whole in memory; the
	// call is then never retried. RecordingName names the file ("call.wav").
	Recording     io.Reader `json:"-"`
	RecordingName string    `json:"-"`
	// CallEndedReason, such as "customer-ended-call".
	CallEndedReason string `json:"call_ended_reason,omitzero"`
	// CustomerNumber, E.164 for phone calls.
	CustomerNumber string `json:"customer_number,omitzero"`
	// Metadata and DynamicVariables are free-form objects.
	Metadata         map[string]any `json:"metadata,omitzero"`
	DynamicVariables map[string]any `json:"dynamic_variables,omitzero"`
	// Timestamp is when the call happened.
	Timestamp time.Time `json:"timestamp,omitzero"`
	Feedback  string    `json:"feedback,omitzero"`
	// RedactFields lists the PII to remove (person_name, phone_number …).
	RedactFields []string `json:"redact_fields,omitzero"`
	// MetricIDs picks the metrics to evaluate (default: the agent's). It is
	// sent as the API takes it: one comma-separated string ("118,119").
	MetricIDs []int64 `json:"metric_ids,omitzero" cekura:"comma"`
	// TraceID is an OpenTelemetry trace id (32 hex characters).
	TraceID string `json:"trace_id,omitzero"`
	// MainAgentChannelIndex is the channel (0 or 1) of a stereo recording
	// the main agent speaks on, the other being the caller's: set, it skips
	// Cekura's detection of the channels.
	MainAgentChannelIndex Opt[int] `json:"main_agent_channel_index,omitzero"`
}

func (r *SendCallRequest) validate(v *validator) {
	if n := utf8.RuneCountInString(r.CallID); n > 100 {
		v.add("call_id", "is %d characters; at most 100", n)
	}
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent", "set exactly one of agent and assistant_id")
	}
	if r.TranscriptType != "" && !containsTranscriptType(r.TranscriptType) {
		v.add("transcript_type", "%q is not one the API reads: %s", r.TranscriptType, joinTranscriptTypes())
	}
	if r.Transcript != nil && !json.Valid(r.Transcript) {
		v.add("transcript_json", "is not valid JSON")
	}
	if (r.TranscriptType == "" || r.TranscriptType == TranscriptTypeCekura) && r.Transcript != nil {
		cekuraTranscript(v, r.Transcript)
	}
	if r.VoiceRecordingURL != "" {
		v.httpURL("voice_recording_url", r.VoiceRecordingURL)
	}
	if r.Recording != nil && r.VoiceRecordingURL != "" {
		v.add("voice_recording_url", "give the recording as a URL or as Recording, not both")
	}
	if r.Recording != nil && (r.RecordingName == "" || strings.ContainsAny(r.RecordingName, "/\\\r\n\"")) {
		v.add("recording_name", "is required with Recording: a plain file name such as call.wav")
	}
	if r.TranscriptType == TranscriptTypeNoneMono && r.Recording == nil && r.VoiceRecordingURL == "" {
		v.add("transcript_type", "none-mono needs a recording to transcribe")
	}
	if r.TraceID != "" && len(r.TraceID) != 32 {
		v.add("trace_id", "must be 32 hex characters")
	}
	ids(v, "metric_ids", r.MetricIDs)
	if ch, ok := r.MainAgentChannelIndex.Get(); ok && ch != 0 && ch != 1 {
		v.add("main_agent_channel_index", "is %d; a stereo recording's channel is 0 or 1", ch)
	}
}

func containsTranscriptType(t TranscriptType) bool {
	for _, x := range transcriptTypes {
		if x == t {
			return true
		}
	}
	return false
}

func joinTranscriptTypes() string {
	s := make([]string, len(transcriptTypes))
	for i, t := range transcriptTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// CallStatus is a call's evaluation status.
type CallStatus string

// The statuses of a call. The API answers "evaluating" (not in its
// description's enum) until the metrics are in.
const (
	CallStatusEvaluating      CallStatus = "evaluating"
	CallStatusSuccess         CallStatus = "success"
	CallStatusFailure         CallStatus = "failure"
	CallStatusReviewedSuccess CallStatus = "reviewed_success"
	CallStatusReviewedFailure CallStatus = "reviewed_failure"
)

// Call is a production call as Cekura holds it (a call log).
type Call struct {
	apiObject
	// ID is Cekura's id of the call log (not your CallID).
	ID        int64  `json:"id"`
	CallID    string `json:"call_id"`
	TraceID   string `json:"trace_id,omitzero"`
	AgentID   int64  `json:"agent,omitzero"`
	AgentName string `json:"agent_name,omitzero"`
	ProjectID int64  `json:"project,omitzero"`
	// Status is the evaluation's: see Evaluated.
	Status CallStatus `json:"status,omitzero"`
	// Success is the call's verdict: nil until evaluated.
	Success    *bool  `json:"success"`
	IsReviewed bool   `json:"is_reviewed,omitzero"`
	Feedback   string `json:"feedback,omitzero"`
	// Duration is "MM:SS".
	Duration           string          `json:"duration,omitzero"`
	CallEndedReason    string          `json:"call_ended_reason,omitzero"`
	CustomerNumber     string          `json:"customer_number,omitzero"`
	ErrorMessage       string          `json:"error_message,omitzero"`
	Transcript         string          `json:"transcript,omitzero"`
	TranscriptObject   []Turn          `json:"transcript_object,omitzero"`
	Metrics            []MetricScore   `json:"metrics,omitzero"`
	Evaluation         *Evaluation     `json:"evaluation,omitzero"`
	VoiceRecordingURL  string          `json:"voice_recording_url,omitzero"`
	Metadata           json.RawMessage `json:"metadata,omitzero"`
	DynamicVariables   json.RawMessage `json:"dynamic_variables,omitzero"`
	Timestamp          time.Time       `json:"timestamp,omitzero"`
	CreatedAt          time.Time       `json:"created_at,omitzero"`
	UpdatedAt          time.Time       `json:"updated_at,omitzero"`
	Rubric             json.RawMessage `json:"rubric,omitzero"`
	CriticalCategories json.RawMessage `json:"critical_categories,omitzero"`
	// Topic is what the call was about ("product_inquiry"), and
	// DropoffPoint where in the conversation the caller disengaged, as
	// Cekura's evaluation found them.
	Topic        string `json:"topic,omitzero"`
	DropoffPoint string `json:"dropoff_point,omitzero"`
	// UserGeneratedTranscript is a transcript written or corrected by
	// hand in Cekura's dashboard, as the API sends it (a list of {role,
	// content, timestamp}); empty or JSON null when there is none.
	UserGeneratedTranscript json.RawMessage `json:"user_generated_transcript,omitzero"`
	// TestingChannelIndex is the channel of the recording that holds the
	// caller (the testing agent) in a stereo recording; nil when unknown.
	TestingChannelIndex *int `json:"testing_channel_index,omitzero"`
}

// UnmarshalJSON decodes a call tolerantly.
func (c *Call) UnmarshalJSON(b []byte) error { return unmarshal(b, c) }

// Evaluated reports whether the call's metrics are in. A call whose status
// is evaluating is not, whatever Success holds.
func (c *Call) Evaluated() bool {
	if c == nil {
		return false
	}
	switch c.Status {
	case CallStatusSuccess, CallStatusFailure, CallStatusReviewedSuccess, CallStatusReviewedFailure:
		return true
	case CallStatusEvaluating:
		return false
	}
	return c.Success != nil
}

// Err returns an *EvaluationFailedError when the call is evaluated and did
// not succeed (its status is failure or reviewed_failure, or Success is
// false), and nil otherwise: while it is being evaluated too.
func (c *Call) Err() error {
	if c == nil || !c.Evaluated() {
		return nil
	}
	switch {
	case c.Status == CallStatusFailure || c.Status == CallStatusReviewedFailure,
		c.Status == "" && c.Success != nil && !*c.Success:
		return &EvaluationFailedError{CallID: c.ID, Status: c.Status}
	}
	return nil
}

// EvaluationFailedError is Call.Err's error: the call was evaluated and did
// not succeed.
type EvaluationFailedError struct {
	CallID int64
	// Status is the call's status (failure or reviewed_failure; empty when
	// the API sent only success: false).
	Status CallStatus
}

// Error says which call failed its evaluation.
func (e *EvaluationFailedError) Error() string {
	if e.Status == "" {
		return fmt.Sprintf("cekura: call %d failed its evaluation", e.CallID)
	}
	return fmt.Sprintf("cekura: call %d failed its evaluation (%s)", e.CallID, e.Status)
}

// Send sends a production call to Cekura: POST /observability/v1/observe/
// (201). Its metrics are evaluated in the background: see
// WaitForEvaluation. A call with a Recording is uploaded as
// multipart/form-data, the recording streamed from its reader, and never
// retried once it may have been sent (see MaybeApplied).
func (s *CallsService) Send(ctx context.Context, req *SendCallRequest, opts ...Option) (*Call, error) {
	if req == nil || req.Recording == nil {
		return send[Call](ctx, s.c, endpoint{method: http.MethodPost, path: observePath, body: req}, opts)
	}
	if err := checkArgs(ctx, false); err != nil {
		return nil, err
	}
	cc, err := s.c.with(opts)
	if err != nil {
		return nil, err
	}
	if cc.validate {
		if err := validateRequest(req, false); err != nil {
			return nil, err
		}
	}
	fields, err := formFields(req)
	if err != nil {
		return nil, err
	}
	body, err := s.c.exec(ctx, endpoint{method: http.MethodPost, path: observePath,
		upload: &upload{fields: fields, fileField: "voice_recording", fileName: path.Base(req.RecordingName), file: req.Recording}},
		append(opts, WithoutClientValidation()))
	if err != nil {
		return nil, err
	}
	c := new(Call)
	if err := decodeInto(body, c); err != nil {
		return nil, fmt.Errorf("cekura: POST %s: decoding the answer: %w", observePath, err)
	}
	return c, nil
}

// formFields turns a request into form fields: strings as they are, other
// values as JSON (as the API reads a JSON field in a form).
func formFields(req any) (map[string]string, error) {
	body, err := marshal(req)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, err
	}
	fields := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			fields[k] = s
		} else {
			fields[k] = string(v)
		}
	}
	return fields, nil
}

// Get returns a call with its evaluation: GET /observability/v2/call-logs/{id}/.
func (s *CallsService) Get(ctx context.Context, id int64, opts ...Option) (*Call, error) {
	if err := checkID("call", id); err != nil {
		return nil, err
	}
	return send[Call](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(callsPath, id)}, opts)
}

// ListCallsParams filters List. The API lists the last 30 days when From
// and To are zero, and refuses a range over 33 days.
type ListCallsParams struct {
	Page        int    `url:"page,omitempty"`
	PageSize    int    `url:"page_size,omitempty"`
	AgentID     int64  `url:"agent_id,omitempty"`
	ProjectID   int64  `url:"project_id,omitempty"`
	AssistantID string `url:"assistant_id,omitempty"`
	// From and To bound the calls' timestamps.
	From time.Time `url:"timestamp_from,omitempty"`
	To   time.Time `url:"timestamp_to,omitempty"`
	// CallIDs are Cekura's ids of call logs.
	CallIDs []int64 `url:"call_ids,omitempty,comma"`
	// Filters is the API's filters_v2 JSON, such as
	// {"field":"success","op":"eq","value":false}.
	Filters string `url:"filters_v2,omitempty"`
}

func (o *ListCallsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	switch {
	case !o.From.IsZero() && !o.To.IsZero() && o.To.Before(o.From):
		v.add("timestamp_to", "is before timestamp_from")
	case !o.From.IsZero() && !o.To.IsZero() && o.To.Sub(o.From) > 33*24*time.Hour:
		v.add("timestamp_to", "the range is %s; the API refuses ranges over 33 days", o.To.Sub(o.From).Round(time.Hour))
	}
	if o.Filters != "" && !json.Valid([]byte(o.Filters)) {
		v.add("filters_v2", "is not valid JSON")
	}
}

// List returns one page of calls: GET /observability/v2/call-logs/.
func (s *CallsService) List(ctx context.Context, params *ListCallsParams, opts ...Option) (*Page[Call], error) {
	return list[Call](ctx, s.c, endpoint{method: http.MethodGet, path: callsPath, query: params}, opts)
}

// All walks every page of calls lazily; see [AgentsService.All].
func (s *CallsService) All(ctx context.Context, params *ListCallsParams, opts ...Option) iter.Seq2[*Call, error] {
	return all[Call](ctx, s.c, endpoint{method: http.MethodGet, path: callsPath, query: params}, opts)
}

// DeleteCallParams are the query parameters of Delete.
type DeleteCallParams struct {
	// RetainEvaluations keeps the call's metric evaluations.
	RetainEvaluations Opt[bool] `url:"retain_evaluations"`
}

// Delete deletes a call, its transcript and recording:
// DELETE /observability/v2/call-logs/{id}/. params may be nil.
func (s *CallsService) Delete(ctx context.Context, id int64, params *DeleteCallParams, opts ...Option) error {
	if err := checkID("call", id); err != nil {
		return err
	}
	return sendNoContent(ctx, s.c, endpoint{method: http.MethodDelete, path: pathID(callsPath, id), query: params}, opts)
}

// RerunEvaluationRequest re-runs every metric of the agent on some calls
// (or all). Give AgentID or AssistantID.
type RerunEvaluationRequest struct {
	AgentID     int64  `json:"agent_id,omitzero"`
	AssistantID string `json:"assistant_id,omitzero"`
	// Calls picks the calls: SelectCalls(ids...) or AllCalls().
	Calls CallSelection `json:"call_logs"`
}

// CallSelection picks calls by Cekura's ids, or all of them: make one with
// SelectCalls or AllCalls (its fields are unexported, so that it is never
// both).
type CallSelection struct {
	ids []int64
	all bool
}

// IDs returns the ids picked (none when All).
func (c CallSelection) IDs() []int64 { return c.ids }

// All reports whether every call is picked.
func (c CallSelection) All() bool { return c.all }

// MarshalJSON encodes the selection as the API takes it: "all", or the
// list of ids.
func (c CallSelection) MarshalJSON() ([]byte, error) {
	if c.all {
		return []byte(`"all"`), nil
	}
	return json.Marshal(c.ids)
}

// SelectCalls picks calls of a RerunEvaluationRequest by Cekura's ids.
func SelectCalls(ids ...int64) CallSelection { return CallSelection{ids: ids} }

// AllCalls picks every call of the agent.
func AllCalls() CallSelection { return CallSelection{all: true} }

func (r *RerunEvaluationRequest) validate(v *validator) {
	if (r.AgentID == 0) == (r.AssistantID == "") {
		v.add("agent_id", "set exactly one of agent_id and assistant_id")
	}
	if !r.Calls.all && len(r.Calls.ids) == 0 {
		v.add("call_logs", "pick calls with SelectCalls(ids...) or AllCalls()")
	}
	ids(v, "call_logs", r.Calls.ids)
}

// RerunEvaluation re-runs the agent's metrics on calls: POST
// /observability/v2/call-logs/rerun_evaluation/. It returns the calls as
// they are now; the evaluation runs in the background.
func (s *CallsService) RerunEvaluation(ctx context.Context, req *RerunEvaluationRequest, opts ...Option) ([]*Call, error) {
	p, err := listPost[Call](ctx, s.c, callsPath+"rerun_evaluation/", req, opts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

// EvaluateMetricsRequest evaluates chosen metrics on chosen calls. Give
// AgentID or ProjectID.
type EvaluateMetricsRequest struct {
	AgentID   int64   `json:"agent_id,omitzero"`
	ProjectID int64   `json:"project_id,omitzero"`
	CallIDs   []int64 `json:"call_logs"`
	MetricIDs []int64 `json:"metrics"`
}

func (r *EvaluateMetricsRequest) validate(v *validator) {
	if (r.AgentID == 0) == (r.ProjectID == 0) {
		v.add("agent_id", "set exactly one of agent_id and project_id")
	}
	if len(r.CallIDs) == 0 {
		v.add("call_logs", "is required: Cekura's ids of the calls")
	}
	if len(r.MetricIDs) == 0 {
		v.add("metrics", "is required: the ids of the metrics")
	}
	ids(v, "call_logs", r.CallIDs)
	ids(v, "metrics", r.MetricIDs)
}

// EvaluateMetrics evaluates metrics on calls: POST
// /observability/v2/call-logs/evaluate_metrics/ (the API checks your
// credits first). It returns the calls as they are now.
func (s *CallsService) EvaluateMetrics(ctx context.Context, req *EvaluateMetricsRequest, opts ...Option) ([]*Call, error) {
	p, err := listPost[Call](ctx, s.c, callsPath+"evaluate_metrics/", req, opts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}

// listPost runs a POST whose answer is a list.
func listPost[T any](ctx context.Context, c *core, p string, body any, opts []Option) (*Page[T], error) {
	raw, err := c.exec(ctx, endpoint{method: http.MethodPost, path: p, body: body}, opts)
	if err != nil {
		return nil, err
	}
	return decodePage[T](p, raw)
}

// WaitForEvaluation polls a call until its metrics are in (see
// [WaitParams]) and returns it. A call whose evaluation failed is not an
// error: check Call.Err.
func (s *CallsService) WaitForEvaluation(ctx context.Context, id int64, params *WaitParams[Call], opts ...Option) (*Call, error) {
	if err := checkID("call", id); err != nil {
		return nil, err
	}
	return poll(ctx, s.c, params, "the evaluation of call "+strconv.FormatInt(id, 10),
		func(ctx context.Context) (*Call, error) { return s.Get(ctx, id, opts...) }, (*Call).Evaluated)
}
