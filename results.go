package cekura

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	resultsPath = "/test_framework/v2/results/" // v1 GETs are deprecated
	runsPath    = "/test_framework/v2/runs/"
)

// RunStatus is the status of a test result or of one of its runs.
// Decoding accepts any value; Valid reports whether it is one the API
// documents.
type RunStatus string

// The statuses of results and runs (the API's 10-value enum).
const (
	RunStatusPending    RunStatus = "pending"
	RunStatusInQueue    RunStatus = "in_queue"
	RunStatusScalingUp  RunStatus = "scaling_up"
	RunStatusRunning    RunStatus = "running"
	RunStatusInProgress RunStatus = "in_progress"
	RunStatusEvaluating RunStatus = "evaluating"
	RunStatusCompleted  RunStatus = "completed"
	RunStatusFailed     RunStatus = "failed"
	RunStatusTimeout    RunStatus = "timeout"
	RunStatusCancelled  RunStatus = "cancelled"
)

// Valid reports whether s is one of the documented statuses.
func (s RunStatus) Valid() bool {
	switch s {
	case RunStatusPending, RunStatusInQueue, RunStatusScalingUp, RunStatusRunning, RunStatusInProgress,
		RunStatusEvaluating, RunStatusCompleted, RunStatusFailed, RunStatusTimeout, RunStatusCancelled:
		return true
	}
	return false
}

// Terminal reports whether s is final: completed, failed, timeout or
// cancelled (the API's own set of terminal statuses). "failed" on a result
// means the infrastructure failed; runs that fail their evaluation end
// "completed" with Success false.
func (s RunStatus) Terminal() bool {
	switch s {
	case RunStatusCompleted, RunStatusFailed, RunStatusTimeout, RunStatusCancelled:
		return true
	}
	return false
}

// Result is one start of an agent's tests: the runs it made and how they
// went. Tests.Start returns it (with its first statuses) and Results.Get
// the current state.
type Result struct {
	apiObject
	// ID is the result's id: what Results.Get and Results.Wait take.
	ID        int64     `json:"id"`
	Name      string    `json:"name,omitzero"`
	AgentID   int64     `json:"agent,omitzero"`
	AgentName string    `json:"agent_name,omitzero"`
	Status    RunStatus `json:"status"`
	RunAsText bool      `json:"run_as_text,omitzero"`
	IsCronjob bool      `json:"is_cronjob,omitzero" cekura:"flex"`
	// SuccessRate is the share of runs that succeeded.
	SuccessRate   float64 `json:"success_rate,omitzero"`
	TotalRuns     int     `json:"total_runs_count,omitzero" cekura:"flex"`
	CompletedRuns int     `json:"completed_runs_count,omitzero" cekura:"flex"`
	SuccessRuns   int     `json:"success_runs_count,omitzero" cekura:"flex"`
	FailedRuns    int     `json:"failed_runs_count,omitzero" cekura:"flex"`
	// TotalDuration is the runs' total length, "MM:SS".
	TotalDuration string `json:"total_duration,omitzero"`
	// Runs are the result's runs, by id. The API sends them as an object
	// keyed by run id (a result's detail) or as a list (elsewhere): both
	// decode here; null entries are dropped.
	Runs      []*Run    `json:"runs,omitzero" cekura:"keyed"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`

	// AgentInbound reports whether the result's agent receives the calls
	// (true) or places them (false); the results list sends it.
	AgentInbound bool `json:"agent_inbound,omitzero"`
	// AgentVersion is the agent version (history record) the result ran
	// against, as the API sends it: JSON null when there is none. The
	// description gives it no shape of its own.
	AgentVersion json.RawMessage `json:"agent_version,omitzero"`
	// RunType is how the result's runs were executed, as the API words it
	// (the description lists no values).
	RunType string `json:"run_type,omitzero"`
	// RunSettings is what the start of the tests asked for that can
	// change a run (personality_ids, frequency, concurrency_limit, the
	// connection's overrides …), as the API sends it: a JSON object.
	RunSettings json.RawMessage `json:"run_settings,omitzero"`
	// Scenarios are the scenarios the result ran, each with its ID and
	// Name only. The description types the field loosely (a string in the
	// detail, an object in the list) and shows a list of {id, name}: ids,
	// such objects and a list inside a JSON string all decode.
	Scenarios []*Scenario `json:"scenarios,omitzero" cekura:"ids"`
	// MetExpectedOutcomeCount is how many runs fully met their expected
	// outcome (a score of 100), of the TotalExpectedOutcomeCount runs that
	// had one.
	MetExpectedOutcomeCount   int `json:"met_expected_outcome_count,omitzero" cekura:"flex"`
	TotalExpectedOutcomeCount int `json:"total_expected_outcome_count,omitzero" cekura:"flex"`

	// The rest is sent by Results.Get (a result's detail) only.

	// ConnectedRunIDs are the runs that connected (they have a
	// transcript), NotConnectedRunIDs those that never did.
	ConnectedRunIDs    []int64 `json:"connected_runs,omitzero"`
	NotConnectedRunIDs []int64 `json:"not_connected_runs,omitzero"`
	// SuccessfulRunIDs are the runs that completed successfully.
	SuccessfulRunIDs []int64 `json:"successful_calls,omitzero"`
	// FailedInfrastructureRunIDs are the runs that failed the
	// infrastructure-issues metric, FailedWorkflowRunIDs those that failed
	// the expected-outcome metric: nil when the API sent null (the metric
	// is not found), empty when the metric exists and no run failed it.
	FailedInfrastructureRunIDs []int64 `json:"failed_infrastructure_runs,omitzero"`
	FailedWorkflowRunIDs       []int64 `json:"failed_workflow_runs,omitzero"`
	// CriticalCategories are the metrics that are the result's critical
	// categories, with the ID, Name, EvalType, SimulationEnabled and
	// ObservabilityEnabled the API sends of each.
	CriticalCategories []*Metric `json:"critical_categories,omitzero"`
	// OverallEvaluation summarizes the runs' metrics, as the API sends it:
	// a JSON object of success_rate, metric_summary (by metric id),
	// worst_performing_metrics, numeric_metrics, enum_metrics and
	// extra_metrics; JSON null when there is none.
	OverallEvaluation json.RawMessage `json:"overall_evaluation,omitzero"`
	// Metrics, RunsByTags, LatencyData and PerformanceMetrics are the
	// result's aggregates as the API sends them (JSON); the description
	// gives them no shape. PerformanceMetrics has one entry per rule of
	// the project's rubric: the metric, its value over the result's runs,
	// and whether that value meets the rule.
	Metrics            json.RawMessage `json:"metrics,omitzero"`
	RunsByTags         json.RawMessage `json:"runs_by_tags,omitzero"`
	LatencyData        json.RawMessage `json:"latency_data,omitzero"`
	PerformanceMetrics json.RawMessage `json:"performance_metrics,omitzero"`
	// FailedReasons groups the failed runs by what went wrong; nil when
	// there is none.
	FailedReasons *ResultFailedReasons `json:"failed_reasons,omitzero"`
	// AISummary is the AI-written account of the result's failures; nil
	// until it is written. AISummaryStatus says whether it is coming.
	AISummary       *ResultAISummary `json:"ai_summary,omitzero"`
	AISummaryStatus AISummaryStatus  `json:"ai_summary_status,omitzero"`
	// NextSteps are the AI's suggested fixes, the most useful first.
	NextSteps []ResultNextStep `json:"next_steps,omitzero"`
	// PathCoverage says which of the agent's critical paths the runs
	// exercised; nil when there is none.
	PathCoverage *ResultPathCoverage `json:"path_coverage,omitzero"`
}

// UnmarshalJSON decodes a result tolerantly.
func (r *Result) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// AISummaryStatus is the state of a result's AI summary.
type AISummaryStatus string

// The states of a result's AI summary.
const (
	// AISummaryStatusCompleted: the summary is written (Result.AISummary).
	AISummaryStatusCompleted AISummaryStatus = "completed"
	// AISummaryStatusPending: runs failed, and the summary is being
	// written.
	AISummaryStatusPending AISummaryStatus = "pending"
	// AISummaryStatusSkippedNoFailures: no run failed; there is nothing
	// to summarize.
	AISummaryStatusSkippedNoFailures AISummaryStatus = "skipped_no_failures"
)

// ResultAISummary is the AI-written account of a result's failures.
type ResultAISummary struct {
	// WhatHappened, WhyItHappened and HowToFix are the summary's parts:
	// how the runs went, why they failed, and what would fix them.
	WhatHappened  string `json:"what_happened,omitzero"`
	WhyItHappened string `json:"why_it_happened,omitzero"`
	HowToFix      string `json:"how_to_fix,omitzero"`
	// GeneratedFromRunsCount is how many runs the summary was written
	// from, and GeneratedAt when.
	GeneratedFromRunsCount int       `json:"generated_from_runs_count,omitzero" cekura:"flex"`
	GeneratedAt            time.Time `json:"generated_at,omitzero"`
}

// ResultFailedReasons is a result's failed runs, grouped by what went
// wrong.
type ResultFailedReasons struct {
	// Issues are the reasons, the most common first.
	Issues          []ResultIssue `json:"issues,omitzero"`
	TotalFailedRuns int           `json:"total_failed_runs,omitzero" cekura:"flex"`
}

// ResultIssue is one reason runs of a result failed.
type ResultIssue struct {
	// Rank is the issue's place, 1 for the most common.
	Rank        int    `json:"rank,omitzero" cekura:"flex"`
	Description string `json:"description,omitzero"`
	// RunIDs are the runs it affected; AffectedCount is how many.
	RunIDs        []int64 `json:"run_ids,omitzero"`
	AffectedCount int     `json:"affected_count,omitzero" cekura:"flex"`
}

// ResultNextStep is a fix the AI suggests for a result's failures.
type ResultNextStep struct {
	// Title names the fix; Description says what it takes and what it
	// unblocks.
	Title       string `json:"title,omitzero"`
	Description string `json:"description,omitzero"`
}

// ResultPathCoverage is which of the agent's critical paths a result's
// runs exercised.
type ResultPathCoverage struct {
	// CoveragePct is the share of the paths covered, in percent (66.7),
	// of TotalPaths.
	CoveragePct float64 `json:"coverage_pct,omitzero"`
	TotalPaths  int     `json:"total_paths,omitzero" cekura:"flex"`
	// CoveredPaths and UncoveredPaths are the paths' names.
	CoveredPaths   []string  `json:"covered_paths,omitzero"`
	UncoveredPaths []string  `json:"uncovered_paths,omitzero"`
	GeneratedAt    time.Time `json:"generated_at,omitzero"`
}

// Run is one conversation of a test: a scenario played against the agent.
type Run struct {
	apiObject
	ID     int64     `json:"id"`
	Status RunStatus `json:"status,omitzero"`
	// Success is the API's verdict on the run: it connected and passed its
	// evaluation. See ErrorMessage and Evaluation when it did not.
	Success bool `json:"success"`
	// ScenarioID and ScenarioName are the run's scenario. The API sends it
	// as an id beside scenario_name, or (in webhooks and a result's detail)
	// as an object, "scenario": {"id", "name"}: both decode here.
	ScenarioID      int64  `json:"scenario,omitzero"`
	ScenarioName    string `json:"scenario_name,omitzero"`
	PersonalityID   int64  `json:"personality,omitzero"`
	PersonalityName string `json:"personality_name,omitzero"`
	AgentID         int64  `json:"agent,omitzero"`
	ResultID        int64  `json:"result_id,omitzero"`
	// ErrorMessage says why a run failed to connect or to finish.
	ErrorMessage string `json:"error_message,omitzero"`
	// EvaluationStatus is the state of the run's evaluation as the API
	// words it; the description lists no set of values, so it is a string.
	EvaluationStatus      string           `json:"evaluation_status,omitzero"`
	Evaluation            *Evaluation      `json:"evaluation,omitzero"`
	ExpectedOutcomePrompt string           `json:"expected_outcome_prompt,omitzero"`
	ExpectedOutcome       *ExpectedOutcome `json:"expected_outcome,omitzero"`
	// Transcript is the conversation as text, one "[MM:SS] Role: …" line a turn.
	Transcript        string    `json:"transcript,omitzero"`
	TranscriptObject  []RunTurn `json:"transcript_object,omitzero"`
	Duration          string    `json:"duration,omitzero"`
	VoiceRecordingURL string    `json:"voice_recording_url,omitzero"`
	ProviderCallID    string    `json:"provider_call_id,omitzero"`
	OutboundNumber    string    `json:"outbound_number,omitzero"`
	InboundNumber     string    `json:"inbound_number,omitzero"`
	Timestamp         time.Time `json:"timestamp,omitzero"`
	ExecutedAt        time.Time `json:"executed_at,omitzero"`

	// TraceID is the run's OpenTelemetry trace id (32 hex characters),
	// set when OTel tracing is enabled; Runs.GetTrace reads the trace.
	TraceID string `json:"trace_id,omitzero"`
	// ScenarioType is how the run's scenario is written (instruction,
	// conditional_actions …); empty when the scenario was deleted.
	ScenarioType ScenarioType `json:"scenario_type,omitzero"`
	// ScenarioInstructions are the instructions the run's caller followed.
	ScenarioInstructions string `json:"scenario_instructions,omitzero"`
	// AgentName is the name of the run's agent.
	AgentName string `json:"agent_name,omitzero"`
	// AgentVersion is the agent version (history record) the run's result
	// ran against, as the API sends it: JSON null when there is none. The
	// description gives it no shape of its own.
	AgentVersion json.RawMessage `json:"agent_version,omitzero"`
	// ResultName is the name of the result the run belongs to.
	ResultName string `json:"result_name,omitzero"`
	// RunAsText reports whether the run was a text conversation, not a call.
	RunAsText bool `json:"run_as_text,omitzero"`
	// RunType is how the run was executed, as the API words it (the
	// description lists no values).
	RunType string `json:"run_type,omitzero"`
	// Metrics are the run's metric scores as the runs list sends them, in
	// the binary wire format it names (eval_type binary, with passed); the
	// list sends no Evaluation. The description types the field loosely
	// (a string): a value that is not a list of scores is left out here
	// and stays in RawJSON.
	Metrics []MetricScore `json:"metrics,omitzero"`
	// Rubric is the run's rubric evaluation, as the API sends it: a list
	// of {metric_id, metric_name, value, explanation, passed, conditions,
	// expected_conditions}; JSON null when there is none.
	Rubric json.RawMessage `json:"rubric,omitzero"`
	// CriticalCategories are the critical evaluation categories the run was
	// judged on, with how far it deviated in each.
	CriticalCategories []RunCriticalCategory `json:"critical_categories,omitzero"`
	// IsReviewed reports whether someone reviewed the run's call; Feedback
	// is what they wrote.
	IsReviewed bool   `json:"is_reviewed,omitzero"`
	Feedback   string `json:"feedback,omitzero"`
	// TestProfileData is the test profile the run used (its id, name and
	// information); nil when it used none. The runs list sends only its
	// name, TestProfileName.
	TestProfileData *TestProfile `json:"test_profile_data,omitzero"`
	// TestProfileName is the name of the test profile the run used.
	TestProfileName string `json:"test_profile_name,omitzero"`
	// GeneratedMockToolEntries are the mock tool calls the run's evaluator
	// expects, as the API sends them: a list of {tool_id, tool_name,
	// new_entry: {input, output}}.
	GeneratedMockToolEntries json.RawMessage `json:"generated_mock_tool_entries,omitzero"`
	// MockedToolNames are the tools Cekura mocked for the run's result:
	// the transcript's function calls of these names were answered by
	// Cekura's mocks. Empty when no tool was mocked.
	MockedToolNames []string `json:"mocked_tool_names,omitzero"`
	// Metadata is the call's metadata from the agent's provider, as the
	// API sends it (a JSON object, such as {"ended_reason": …}).
	Metadata json.RawMessage `json:"metadata,omitzero"`
	// ProviderCallDetails is the call as the agent's provider reports it,
	// as the API sends it.
	ProviderCallDetails json.RawMessage `json:"provider_call_details,omitzero"`
	// EmailID is the email address of the run's conversation, for runs
	// over email; empty otherwise.
	EmailID string `json:"email_id,omitzero"`
	// AgentNumber is the phone number of the agent under test, for voice
	// runs where it receives the call; empty otherwise.
	AgentNumber string `json:"agent_number,omitzero"`
	// TestingChannelIndex is the channel of the recording that holds the
	// testing agent (the caller); nil when unknown.
	TestingChannelIndex *int `json:"testing_channel_index,omitzero"`
	// Number is, for an outbound run (an agent that places the call), the
	// number your agent must dial, from the phone number configured on the
	// Cekura agent, before OutboundDialWindowClosesAt; empty for inbound
	// runs. The run triggers (Tests.Start …) answer it with each run.
	Number string `json:"number,omitzero"`
	// OutboundDialWindowOpensAt is when an outbound run's dial window
	// opened: when the run began waiting for your agent's call. Zero until
	// the run is dispatched.
	OutboundDialWindowOpensAt time.Time `json:"outbound_dial_window_opens_at,omitzero"`
	// OutboundDialWindowSeconds is the length of the dial window, in
	// seconds (read from a number or from a string holding one).
	OutboundDialWindowSeconds int `json:"outbound_dial_window_seconds,omitzero" cekura:"flex"`
	// OutboundDialWindowClosesAt is the deadline by which your agent must
	// dial Number (OutboundDialWindowOpensAt plus the window): a dial
	// after it is dropped, and the run ends with status timeout. Zero
	// until the window opens.
	OutboundDialWindowClosesAt time.Time `json:"outbound_dial_window_closes_at,omitzero"`
}

// UnmarshalJSON decodes a run tolerantly.
func (r *Run) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// scenarioRef is a run's scenario sent as an object.
type scenarioRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// afterDecode reads the run's scenario when the API sent it as an object
// ({"id", "name"}), which does not decode into ScenarioID.
func (r *Run) afterDecode(*jreader) {
	if r.ScenarioID != 0 || !bytes.Contains(r.raw, []byte(`"scenario"`)) {
		return
	}
	var wire struct {
		Scenario json.RawMessage `json:"scenario"`
	}
	if decodeInto(r.raw, &wire) != nil || len(wire.Scenario) == 0 || wire.Scenario[0] != '{' {
		return
	}
	var ref scenarioRef
	if decodeInto(wire.Scenario, &ref) != nil {
		return
	}
	r.ScenarioID = ref.ID
	if r.ScenarioName == "" {
		r.ScenarioName = ref.Name
	}
}

// Evaluation is how a run's metrics scored.
type Evaluation struct {
	Metrics []MetricScore `json:"metrics"`
}

// MetricScore is one metric's evaluation of a run.
type MetricScore struct {
	ID   int64  `json:"id,omitzero"`
	Name string `json:"name,omitzero"`
	// Type is the score's kind as the API labels it: an evaluation type
	// in current answers, older labels such as binary_workflow_adherence
	// in others. It is an open set, so a plain string; see EvalType.
	Type string `json:"type,omitzero"`
	// EvalType is EvalTypeBinary for pass/fail metrics in the current
	// format, with Passed set.
	EvalType EvalType `json:"eval_type,omitzero"`
	Passed   *bool    `json:"passed,omitzero"`
	Score    *float64 `json:"score,omitzero"`
	// Value is an enum metric's value, and Enum the enum the API names
	// for it ("present if type is enum", the description says).
	Value       string   `json:"value,omitzero"`
	Enum        string   `json:"enum,omitzero"`
	Explanation []string `json:"explanation,omitzero" cekura:"oneOrMany"`
	// Extra is what the evaluation adds, as the API sends it: a JSON
	// object, such as the categories a critical-deviation metric found
	// ({"categories": [{"category_id", "category", "deviation",
	// "priority"}]}).
	Extra json.RawMessage `json:"extra,omitzero"`
}

// Failed reports whether a pass/fail metric failed: Passed false, or, in
// the older format, a binary type whose score is 0.
func (m *MetricScore) Failed() bool {
	if m == nil {
		return false
	}
	if m.Passed != nil {
		return !*m.Passed
	}
	binary := m.EvalType == EvalTypeBinary || strings.HasPrefix(m.Type, "binary")
	return binary && m.Score != nil && *m.Score == 0
}

// ExpectedOutcome is how well a run met its scenario's expected outcome.
type ExpectedOutcome struct {
	// Score is 0 to 100.
	Score       float64  `json:"score"`
	Explanation []string `json:"explanation,omitzero" cekura:"oneOrMany"`
}

// RunTurn is one turn of a run's conversation.
type RunTurn struct {
	Role    Role   `json:"role"`
	Content string `json:"content"`
	// Timestamp is the turn's start, in seconds from the call's start.
	Timestamp float64 `json:"timestamp,omitzero"`
	// NormalizedContent is Content as Cekura's evaluation compares it (its
	// comparison key for the whole turn).
	NormalizedContent string `json:"normalized_content,omitzero"`
	// ComparisonSpans are the spans of Content holding numbers in any
	// language, each with its comparison key, as the API sends them (a
	// JSON list).
	ComparisonSpans json.RawMessage `json:"comparison_spans,omitzero"`
}

// RunCriticalCategory is a critical evaluation category a run was judged
// on, and how it fared.
type RunCriticalCategory struct {
	// CategoryID and Category are the category's id and name.
	CategoryID int64  `json:"category_id"`
	Category   string `json:"category"`
	// Deviation is how far the run deviated in the category.
	Deviation float64 `json:"deviation"`
	// WronglyMarked reports whether a reviewer marked the finding wrong,
	// and Feedback is what they wrote.
	WronglyMarked bool   `json:"wrongly_marked"`
	Feedback      string `json:"feedback"`
	// Priority is how much the finding matters: critical, non-critical,
	// or not_a_bug.
	Priority CriticalPriority `json:"priority"`
}

// Verdict is the outcome of a test result by the API's own rule: passed
// when the result completed and every run succeeded.
type Verdict struct {
	// Result is the result as last read.
	Result *Result
	// Passed is true when Result.Status is completed and every run
	// succeeded (and there was at least one).
	Passed bool
	// Failures are the runs that did not succeed, with the reason of each.
	Failures []RunFailure
	// Total is the number of runs: the runs read, or the result's
	// total_runs_count when that is larger (a run the server counted but
	// sent null or unreadable) or the runs were not sent.
	Total int
	// Succeeded is the number of those runs that succeeded.
	Succeeded int
	// Unfinished is the number of runs read that had not finished (a
	// verdict of a wait that ended early); they are among Failures.
	Unfinished int
}

// RunFailure is a run that did not succeed, and why. RunID 0 stands for
// runs the result counted but did not send, or sent unreadable.
type RunFailure struct {
	RunID    int64     `json:"run_id"`
	Scenario string    `json:"scenario"`
	Status   RunStatus `json:"status"`
	// Reason is the API's error message, else the metrics that failed and
	// their explanations, else the expected outcome's explanation.
	Reason string `json:"reason"`
}

// NewVerdict judges a result: see [Verdict]. It reads two sources and
// fails the verdict when either says that something failed or did not
// finish: the result's counts, by Cekura's own CI gate (status completed and
// success_runs_count == total_runs_count > 0, as its GitHub Action checks),
// and the runs the API sent, each of which must have succeeded. A run sent as
// null, a string or anything else unreadable is a failure, never skipped.
func NewVerdict(r *Result) *Verdict {
	v := &Verdict{Result: r}
	if r == nil {
		return v
	}
	ok := 0
	for _, run := range r.Runs {
		if run == nil {
			continue
		}
		if run.Success {
			ok++
			continue
		}
		if run.Status != "" && !run.Status.Terminal() {
			v.Unfinished++
		}
		v.Failures = append(v.Failures, RunFailure{RunID: run.ID, Scenario: run.ScenarioName, Status: run.Status, Reason: failureReason(run)})
	}
	sent := len(r.Runs)
	for _, id := range unreadableRuns(r.RawJSON()) {
		sent++
		reason := "the API sent this run as null or unreadable"
		if id == 0 {
			reason = "the API sent a run as null or unreadable"
		}
		v.Failures = append(v.Failures, RunFailure{RunID: id, Reason: reason})
	}
	total := sent
	withoutRuns := total == 0
	if withoutRuns { // a result read without its runs: the counts say it
		total, ok = max(r.TotalRuns, 0), max(r.SuccessRuns, 0)
	}
	if r.TotalRuns > total { // a run the server counted but did not send is not a pass
		total = r.TotalRuns
	}
	ok = min(ok, total)
	// Runs counted but not among Failures or successes: one entry says so.
	if missing := total - ok - len(v.Failures); missing > 0 {
		reason := fmt.Sprintf("%d runs the API counted were not sent", missing)
		if missing == 1 {
			reason = "a run the API counted was not sent"
		}
		if withoutRuns {
			reason = "the result came without its runs, so which failed is not known"
		}
		v.Failures = append(v.Failures, RunFailure{Reason: reason})
	}
	// A result the runs would pass must pass Cekura's CI gate too, when the
	// API sent its counts: success_runs_count == total_runs_count > 0, no
	// failed runs, every run completed.
	countsSent := r.TotalRuns > 0 || r.SuccessRuns > 0 || r.FailedRuns > 0 || r.CompletedRuns > 0
	if r.Status == RunStatusCompleted && countsSent && len(v.Failures) == 0 && total > 0 {
		switch {
		case r.TotalRuns <= 0 || r.SuccessRuns != r.TotalRuns || r.FailedRuns > 0:
			v.Failures = append(v.Failures, RunFailure{Reason: fmt.Sprintf(
				"the API counts %d of %d runs as succeeded and %d as failed, though every run it sent succeeded",
				max(r.SuccessRuns, 0), max(r.TotalRuns, 0), max(r.FailedRuns, 0))})
			ok = min(ok, max(r.SuccessRuns, 0))
		case r.CompletedRuns > 0 && r.CompletedRuns < r.TotalRuns:
			v.Failures = append(v.Failures, RunFailure{Reason: fmt.Sprintf(
				"the API counts %d of %d runs as completed", r.CompletedRuns, r.TotalRuns)})
			ok = min(ok, r.CompletedRuns)
		}
	}
	v.Total, v.Succeeded = total, ok
	v.Passed = r.Status == RunStatusCompleted && total > 0 && ok == total && len(v.Failures) == 0
	return v
}

// unreadableRuns returns the entries of a result's runs (in its JSON as the
// API sent it) that are not objects, so decoded as no run: a run's id from
// its key when the runs are keyed by id, 0 otherwise. A result made by hand
// (no JSON) has none.
func unreadableRuns(raw []byte) []int64 {
	if len(raw) == 0 || !bytes.Contains(raw, []byte(`"runs"`)) {
		return nil
	}
	var wire struct {
		Runs json.RawMessage `json:"runs"`
	}
	if json.Unmarshal(raw, &wire) != nil {
		return nil
	}
	isObject := func(b json.RawMessage) bool { return len(b) > 0 && b[0] == '{' }
	var bad []int64
	switch runs := bytes.TrimSpace(wire.Runs); {
	case len(runs) > 0 && runs[0] == '{':
		var byID map[string]json.RawMessage
		if json.Unmarshal(runs, &byID) != nil {
			return nil
		}
		for k, entry := range byID {
			if !isObject(bytes.TrimSpace(entry)) {
				id, _ := strconv.ParseInt(k, 10, 64)
				bad = append(bad, id)
			}
		}
		slices.Sort(bad)
	case len(runs) > 0 && runs[0] == '[':
		var list []json.RawMessage
		if json.Unmarshal(runs, &list) != nil {
			return nil
		}
		for _, entry := range list {
			if !isObject(bytes.TrimSpace(entry)) {
				bad = append(bad, 0)
			}
		}
	}
	return bad
}

func failureReason(run *Run) string {
	if run.ErrorMessage != "" {
		return run.ErrorMessage
	}
	var parts []string
	if run.Evaluation != nil {
		for _, m := range run.Evaluation.Metrics {
			if m.Failed() {
				p := "metric " + strconv.Quote(m.Name) + " failed"
				if len(m.Explanation) > 0 {
					p += ": " + strings.Join(m.Explanation, " ")
				}
				parts = append(parts, p)
			}
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	if eo := run.ExpectedOutcome; eo != nil && eo.Score < 100 {
		return fmt.Sprintf("expected outcome scored %g/100: %s", eo.Score, strings.Join(eo.Explanation, " "))
	}
	if run.Status != "" && !run.Status.Terminal() {
		return "the run had not finished: it was " + string(run.Status)
	}
	if run.Status != "" && run.Status != RunStatusCompleted {
		return "the run ended " + string(run.Status)
	}
	return "the run did not pass its evaluation"
}

// Err returns nil when the verdict passed, else a *TestsFailedError.
func (v *Verdict) Err() error {
	if v == nil {
		return nil
	}
	if v.Passed {
		return nil
	}
	return &TestsFailedError{Verdict: v}
}

// String summarises the verdict on one line.
func (v *Verdict) String() string {
	if v == nil || v.Result == nil {
		return "no result"
	}
	if v.Passed {
		return fmt.Sprintf("result %d passed: %d of %d runs succeeded", v.Result.ID, v.Succeeded, v.Total)
	}
	if v.Total == 0 {
		return fmt.Sprintf("result %d %s with no runs", v.Result.ID, v.Result.Status)
	}
	var b strings.Builder
	failed := v.Total - v.Succeeded - v.Unfinished
	switch ended := endedAs(v.Result.Status); {
	case ended != "":
		// The result's own status is why it failed, whatever its runs did.
		fmt.Fprintf(&b, "result %d %s; %d of %d runs had succeeded", v.Result.ID, ended, v.Succeeded, v.Total)
	case v.Unfinished == 0:
		fmt.Fprintf(&b, "result %d %s: %d of %d runs failed", v.Result.ID, v.Result.Status, failed, v.Total)
	case failed == 0:
		fmt.Fprintf(&b, "result %d %s: %d of %d runs not finished", v.Result.ID, v.Result.Status, v.Unfinished, v.Total)
	default:
		fmt.Fprintf(&b, "result %d %s: %d of %d runs failed, %d not finished", v.Result.ID, v.Result.Status, failed, v.Total, v.Unfinished)
	}
	for _, f := range v.Failures {
		if f.RunID == 0 {
			fmt.Fprintf(&b, "; %s", f.Reason)
			continue
		}
		if f.Scenario == "" {
			fmt.Fprintf(&b, "; run %d: %s", f.RunID, f.Reason)
			continue
		}
		fmt.Fprintf(&b, "; run %d (%s): %s", f.RunID, f.Scenario, f.Reason)
	}
	return b.String()
}

// endedAs words a result's terminal status other than completed ("was
// cancelled"), and is empty for any other status.
func endedAs(s RunStatus) string {
	switch s {
	case RunStatusCancelled:
		return "was cancelled"
	case RunStatusFailed:
		return "failed"
	case RunStatusTimeout:
		return "timed out"
	}
	return ""
}

// Format prints String under every verb.
func (v Verdict) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// LogValue logs the verdict's summary.
func (v Verdict) LogValue() slog.Value { return slog.StringValue(v.String()) }

// TestsFailedError is the error of a verdict that did not pass.
type TestsFailedError struct{ Verdict *Verdict }

// Error summarises the verdict: which runs failed and why.
func (e *TestsFailedError) Error() string {
	if e == nil || e.Verdict == nil {
		return "cekura: tests failed"
	}
	return "cekura: tests failed: " + e.Verdict.String()
}

// ResultsService reads test results: /test_framework/v2/results/. Get it
// from Client.Results.
type ResultsService struct{ c *core }

// ListResultsParams filters List. Zero values are not sent.
type ListResultsParams struct {
	Page      int    `url:"page,omitempty"`
	PageSize  int    `url:"page_size,omitempty"`
	AgentID   int64  `url:"agent_id,omitempty"`
	ProjectID int64  `url:"project_id,omitempty"`
	Search    string `url:"search,omitempty"`
	// ScenarioIDs keeps results that ran these scenarios.
	ScenarioIDs []int64 `url:"scenarios,omitempty,comma"`
}

func (o *ListResultsParams) validate(v *validator) { v.pageOptions(o.Page, o.PageSize) }

// Get returns a result with its runs: GET /test_framework/v2/results/{id}/.
func (s *ResultsService) Get(ctx context.Context, id int64, opts ...Option) (*Result, error) {
	if err := checkID("result", id); err != nil {
		return nil, err
	}
	return send[Result](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(resultsPath, id)}, opts)
}

// List returns one page of results: GET /test_framework/v2/results/.
func (s *ResultsService) List(ctx context.Context, params *ListResultsParams, opts ...Option) (*Page[Result], error) {
	return list[Result](ctx, s.c, endpoint{method: http.MethodGet, path: resultsPath, query: params}, opts)
}

// All walks every page of results lazily; see [AgentsService.All].
func (s *ResultsService) All(ctx context.Context, params *ListResultsParams, opts ...Option) iter.Seq2[*Result, error] {
	return all[Result](ctx, s.c, endpoint{method: http.MethodGet, path: resultsPath, query: params}, opts)
}

// Wait polls a result until its status is terminal and returns the
// verdict. It waits with backoff and jitter (see [WaitParams]), honours
// Retry-After, survives transient errors of its GETs, calls p.Progress
// (when set) after each poll, and ends with ctx: a run that never ends ends
// with the context's error. A verdict that did not pass is not an error:
// check Verdict.Passed, or use Verdict.Err.
//
// When the wait ends with an error (ctx ended, a poll failed for good) and
// the result was read at least once, Wait returns the verdict of the last
// read along with the error: not passed, with the runs not yet finished
// among its Failures, so a report can still say how far the run got.
func (s *ResultsService) Wait(ctx context.Context, id int64, params *WaitParams[Result], opts ...Option) (*Verdict, error) {
	if err := checkID("result", id); err != nil {
		return nil, err
	}
	r, err := poll(ctx, s.c, params, "result "+strconv.FormatInt(id, 10),
		func(ctx context.Context) (*Result, error) { return s.Get(ctx, id, opts...) },
		func(r *Result) bool { return r.Status.Terminal() })
	if err != nil {
		if r == nil {
			return nil, err
		}
		v := NewVerdict(r)
		v.Passed = false // not judged: the wait did not end
		return v, err
	}
	return NewVerdict(r), nil
}

// RunsService reads test runs: /test_framework/v2/runs/. Get it from
// Client.Runs.
type RunsService struct{ c *core }

// ListRunsParams filters List. Zero values are not sent.
type ListRunsParams struct {
	Page       int       `url:"page,omitempty"`
	PageSize   int       `url:"page_size,omitempty"`
	ResultID   int64     `url:"result_id,omitempty"`
	AgentID    int64     `url:"agent_id,omitempty"`
	ProjectID  int64     `url:"project_id,omitempty"`
	ScenarioID int64     `url:"scenario__id,omitempty"`
	Status     RunStatus `url:"status,omitempty"`
	// Success keeps the runs that passed (Some(true)) or did not.
	Success Opt[bool] `url:"success"`

	// AssistantID keeps the runs of the agent with this assistant id (the
	// agent's id at its provider), as AgentID does by Cekura's id.
	AssistantID string `url:"assistant_id,omitempty"`
	// IDs keeps these runs (id__in).
	IDs []int64 `url:"id__in,omitempty,comma"`
	// IDContains keeps the runs whose id contains these digits
	// (id__contains): 12 keeps runs 12, 120 and 312.
	IDContains int64 `url:"id__contains,omitempty"`
	// AgentIDs keeps the runs of these agents (result__agent_id__in).
	AgentIDs []int64 `url:"result__agent_id__in,omitempty,comma"`
	// ScenarioIDs keeps the runs of these scenarios (scenario__id__in).
	ScenarioIDs []int64 `url:"scenario__id__in,omitempty,comma"`
	// PersonalityID keeps the runs of one personality (personality__id),
	// PersonalityIDs those of any of several (personality__id__in).
	PersonalityID  int64   `url:"personality__id,omitempty"`
	PersonalityIDs []int64 `url:"personality__id__in,omitempty,comma"`
	// Statuses keeps the runs in any of these statuses (status__in).
	Statuses []RunStatus `url:"status__in,omitempty,comma"`
	// RunAsText keeps the runs of text results (Some(true)) or of voice
	// ones (Some(false)) (result__run_as_text).
	RunAsText Opt[bool] `url:"result__run_as_text"`
	// Tags keeps the runs of scenarios with these tags.
	Tags []string `url:"tags,omitempty,comma"`
	// Search keeps the runs the API's search matches with this text.
	Search string `url:"search,omitempty"`
	// From and To bound the runs' timestamps (timestamp__gte and
	// timestamp__lte, both included). Times are sent in RFC 3339, to the
	// second.
	From time.Time `url:"timestamp__gte,omitempty"`
	To   time.Time `url:"timestamp__lte,omitempty"`
	// CreatedFrom and CreatedTo bound when the runs were created
	// (created_at_from, created_at_to).
	CreatedFrom time.Time `url:"created_at_from,omitempty"`
	CreatedTo   time.Time `url:"created_at_to,omitempty"`
	// MinDurationMinutes and MaxDurationMinutes bound the runs' lengths
	// (duration__gte and duration__lte, both included), in minutes: 1.5
	// is a minute and a half. The description gives these filters no unit;
	// minutes are the unit Cekura keeps a conversation's duration in
	// (a call log's duration is written in minutes, see
	// UpdateCallRequest.DurationMinutes).
	MinDurationMinutes Opt[float64] `url:"duration__gte"`
	MaxDurationMinutes Opt[float64] `url:"duration__lte"`
	// ProviderCallID keeps the run of the call with this id at the agent's
	// provider (Run.ProviderCallID); ProviderCallIDContains the runs whose
	// provider call id contains this text, in any case
	// (provider_call_id__icontains).
	ProviderCallID         string `url:"provider_call_id,omitempty"`
	ProviderCallIDContains string `url:"provider_call_id__icontains,omitempty"`
	// CallEndedReason keeps the runs whose call ended for this reason (the
	// provider's words, such as customer-ended-call); CallEndedReasons
	// those whose call ended for any of these (call_ended_reason__in);
	// CallEndedReasonContains those whose reason contains this text, in
	// any case (call_ended_reason__icontains).
	CallEndedReason         string   `url:"call_ended_reason,omitempty"`
	CallEndedReasons        []string `url:"call_ended_reason__in,omitempty,comma"`
	CallEndedReasonContains string   `url:"call_ended_reason__icontains,omitempty"`
}

func (o *ListRunsParams) validate(v *validator) {
	v.pageOptions(o.Page, o.PageSize)
	if o.Status != "" && !o.Status.Valid() {
		v.add("status", "%q is not a run status", o.Status)
	}
	for _, s := range o.Statuses {
		if !s.Valid() {
			v.add("status__in", "%q is not a run status", s)
			break
		}
	}
	ids(v, "id__in", o.IDs)
	ids(v, "result__agent_id__in", o.AgentIDs)
	ids(v, "scenario__id__in", o.ScenarioIDs)
	ids(v, "personality__id__in", o.PersonalityIDs)
	positive(v, "personality__id", o.PersonalityID)
	if o.IDContains < 0 {
		v.add("id__contains", "must be digits of a run id, got %d", o.IDContains)
	}
	if !o.From.IsZero() && !o.To.IsZero() && o.To.Before(o.From) {
		v.add("timestamp__lte", "is before timestamp__gte")
	}
	if !o.CreatedFrom.IsZero() && !o.CreatedTo.IsZero() && o.CreatedTo.Before(o.CreatedFrom) {
		v.add("created_at_to", "is before created_at_from")
	}
	lo, hasLo := o.MinDurationMinutes.Get()
	hi, hasHi := o.MaxDurationMinutes.Get()
	for _, d := range []struct {
		field   string
		minutes float64
		set     bool
	}{{"duration__gte", lo, hasLo}, {"duration__lte", hi, hasHi}} {
		if d.set && (d.minutes < 0 || math.IsNaN(d.minutes) || math.IsInf(d.minutes, 0)) {
			v.add(d.field, "must be a number of minutes, 0 or more, got %g", d.minutes)
		}
	}
	if hasLo && hasHi && hi < lo {
		v.add("duration__lte", "is below duration__gte (%g < %g)", hi, lo)
	}
}

// Get returns one run with its transcript and evaluation:
// GET /test_framework/v2/runs/{id}/.
func (s *RunsService) Get(ctx context.Context, id int64, opts ...Option) (*Run, error) {
	if err := checkID("run", id); err != nil {
		return nil, err
	}
	return send[Run](ctx, s.c, endpoint{method: http.MethodGet, path: pathID(runsPath, id)}, opts)
}

// List returns one page of runs: GET /test_framework/v2/runs/.
func (s *RunsService) List(ctx context.Context, params *ListRunsParams, opts ...Option) (*Page[Run], error) {
	return list[Run](ctx, s.c, endpoint{method: http.MethodGet, path: runsPath, query: params}, opts)
}

// All walks every page of runs lazily; see [AgentsService.All].
func (s *RunsService) All(ctx context.Context, params *ListRunsParams, opts ...Option) iter.Seq2[*Run, error] {
	return all[Run](ctx, s.c, endpoint{method: http.MethodGet, path: runsPath, query: params}, opts)
}

// GetMany returns several runs at once: GET /test_framework/v2/runs/bulk/?run_ids=1,2,3.
func (s *RunsService) GetMany(ctx context.Context, runIDs []int64, opts ...Option) ([]*Run, error) {
	if len(runIDs) == 0 {
		return nil, &ValidationError{Problems: []FieldProblem{{Field: "run_ids", Message: "is empty; give at least one run id"}}}
	}
	parts := make([]string, len(runIDs))
	for i, id := range runIDs {
		if err := checkID("run", id); err != nil {
			return nil, err
		}
		parts[i] = strconv.FormatInt(id, 10)
	}
	p, err := list[Run](ctx, s.c, endpoint{method: http.MethodGet, path: runsPath + "bulk/",
		query: url.Values{"run_ids": {strings.Join(parts, ",")}}}, opts)
	if err != nil {
		return nil, err
	}
	return p.Results, nil
}
