package cekura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the v1 surface's shared rules: one waiter shape and outcome
// rule, request structs for writes, typed enums.

// TestPollWaitsAtLeastRetryAfter: a 429's Retry-After is a floor, jitter is
// added on top of it, never taken off.
func TestPollWaitsAtLeastRetryAfter(t *testing.T) {
	t.Parallel()
	for range 2000 {
		d := pollWait(5*time.Second, 20*time.Second)
		require.GreaterOrEqual(t, d, 20*time.Second)
		require.LessOrEqual(t, d, 24*time.Second, "at most 20 % on top")
	}
	// Without Retry-After (or a shorter one), the interval ±20 %.
	for range 2000 {
		d := pollWait(10*time.Second, time.Second)
		require.GreaterOrEqual(t, d, 8*time.Second)
		require.LessOrEqual(t, d, 12*time.Second)
	}
}

func TestWaitHonoursRetryAfterThroughThePoller(t *testing.T) {
	t.Parallel()
	c, mt, sl := newMockClient(t, WithMaxRetries(0))
	var mu sync.Mutex
	n := 0
	mt.RegisterResponder("GET", testBase+callsPath+"5/", func(*http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n == 1 {
			resp := httpmock.NewStringResponse(429, `{"detail": "slow down"}`)
			resp.Header.Set("Retry-After", "20")
			return resp, nil
		}
		return httpmock.NewStringResponse(200, `{"id": 5, "status": "success", "success": true}`), nil
	})
	var seen []CallStatus
	call, err := c.Calls.WaitForEvaluation(context.Background(), 5, &WaitParams[Call]{
		PollInterval: time.Second,
		Progress:     func(c *Call) { seen = append(seen, c.Status) },
	})
	require.NoError(t, err)
	assert.Equal(t, CallStatusSuccess, call.Status)
	assert.Equal(t, []CallStatus{CallStatusSuccess}, seen, "Progress sees every state read")
	waits := sl.get()
	require.Len(t, waits, 1)
	assert.GreaterOrEqual(t, waits[0], 20*time.Second, "re-polled only after the Retry-After the API asked for")
}

func TestCallOutcome(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	for _, tc := range []struct {
		call      Call
		evaluated bool
		failed    bool
	}{
		{Call{Status: CallStatusEvaluating, Success: &no}, false, false},
		{Call{Status: CallStatusEvaluating, Success: &yes}, false, false},
		{Call{Status: CallStatusSuccess, Success: &yes}, true, false},
		{Call{Status: CallStatusReviewedSuccess}, true, false},
		{Call{Status: CallStatusFailure, Success: &no}, true, true},
		{Call{Status: CallStatusReviewedFailure}, true, true},
		{Call{Success: &no}, true, true},
		{Call{Success: &yes}, true, false},
		{Call{}, false, false},
	} {
		assert.Equal(t, tc.evaluated, tc.call.Evaluated(), "%+v", tc.call)
		err := tc.call.Err()
		if !tc.failed {
			assert.NoError(t, err, "%+v", tc.call)
			continue
		}
		var ef *EvaluationFailedError
		require.ErrorAs(t, err, &ef)
		assert.Equal(t, tc.call.Status, ef.Status)
		assert.Contains(t, err.Error(), "failed its evaluation")
	}
	assert.NoError(t, (*Call)(nil).Err())
}

func TestGenerationOutcome(t *testing.T) {
	t.Parallel()
	assert.NoError(t, (&Generation{Total: 3, Completed: 1}).Err(), "not done: no verdict yet")
	assert.NoError(t, (&Generation{Total: 3, Completed: 3}).Err())
	err := (&Generation{ProgressID: "g-1", Total: 3, Completed: 2, Failed: 1}).Err()
	var gf *GenerationFailedError
	require.ErrorAs(t, err, &gf)
	assert.Equal(t, GenerationFailedError{ProgressID: "g-1", Failed: 1, Total: 3}, *gf)
	assert.Equal(t, "cekura: scenario generation g-1: 1 of 3 scenarios failed", err.Error())
	assert.NoError(t, (*Generation)(nil).Err())
}

func TestImportOutcome(t *testing.T) {
	t.Parallel()
	assert.NoError(t, (&ProviderImport{Status: ImportStatusInProgress}).Err())
	assert.NoError(t, (&ProviderImport{Status: ImportStatusCompleted}).Err())
	err := (&ProviderImport{AgentID: 7, Status: ImportStatusFailed, CurrentStage: "tools", Error: "bad key"}).Err()
	assert.EqualError(t, err, "cekura: the import of agent 7 from its provider failed at tools: bad key")
	assert.EqualError(t, (&ProviderImport{AgentID: 7, Status: ImportStatusFailed}).Err(), "cekura: the import of agent 7 from its provider failed")
}

func TestWaitersRefuseBadHandlesBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	_, err := c.Agents.WaitForImport(ctx, 0, "p", nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Agents.WaitForImport(ctx, 7, "", nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	//lint:ignore SA1012 the test is that a nil context is refused, not a panic
	_, err = c.Agents.WaitForImport(nil, 7, "p", nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Calls.WaitForEvaluation(ctx, -1, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Scenarios.WaitForGeneration(ctx, "", nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestWriteRequestsRefuseNilAndBadInput(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	_, err := c.Agents.EnablePersonalities(ctx, 7, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Agents.DisablePersonalities(ctx, 7, &PersonalitiesRequest{})
	assert.ErrorContains(t, err, "give personality ids, or all")
	_, err = c.Agents.EnablePersonalities(ctx, 7, &PersonalitiesRequest{PersonalityIDs: []int64{1}, Language: LanguageFrench})
	assert.ErrorContains(t, err, "language: goes with all personalities only")
	_, err = c.Agents.EnablePersonalities(ctx, 7, &PersonalitiesRequest{PersonalityIDs: []int64{-2}})
	assert.ErrorContains(t, err, "ids are positive")
	_, err = c.Agents.UploadKnowledgeBaseFile(ctx, 7, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Agents.RenameVersion(ctx, 7, 70, nil)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Metrics.GetBySlug(ctx, " ")
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Metrics.GetBySlug(ctx, "118")
	assert.ErrorContains(t, err, "use Get")
	_, err = c.Metrics.Get(ctx, 0)
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}

func TestMetricsGetBySlugAndListAsAPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	mt.RegisterResponder("GET", testBase+metricsPath+"118/", httpmock.NewStringResponder(200, `{"id": 118, "slug": "greeting", "type": "custom_prompt"}`))
	mt.RegisterResponder("GET", testBase+metricsPath+"greeting/", httpmock.NewStringResponder(200, `{"id": 118, "slug": "greeting", "type": "basic"}`))
	mt.RegisterResponder("GET", testBase+metricsPath, httpmock.NewStringResponder(200, `[{"id": 1}, {"id": 2}]`))
	m, err := c.Metrics.Get(ctx, 118)
	require.NoError(t, err)
	assert.Equal(t, MetricTypeCustomPrompt, m.Type)
	m, err = c.Metrics.GetBySlug(ctx, "greeting")
	require.NoError(t, err)
	assert.Equal(t, int64(118), m.ID)
	assert.Equal(t, MetricTypeBasic, m.Type)
	p, err := c.Metrics.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, p.Count, "a bare list reads as one page")
	assert.Empty(t, p.Next)
	var ids []int64
	for m, err := range c.Metrics.All(ctx, nil) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids)
}

func TestMetricCreateAcceptsEveryTypeTheAPIDoes(t *testing.T) {
	t.Parallel()
	for _, typ := range []MetricType{MetricTypeBasic, MetricTypeCustomPrompt, MetricTypeLLMJudge, MetricTypeCustomCode, ""} {
		v := &validator{}
		(&CreateMetricRequest{Name: "m", Type: typ, CustomCode: "x"}).validate(v)
		assert.NoError(t, v.err(), typ)
	}
	v := &validator{}
	(&CreateMetricRequest{Name: "m", Type: "python", EvalType: "stars", EvaluationTrigger: "sometimes"}).validate(v)
	err := v.err()
	assert.ErrorContains(t, err, `type: "python" is not one of basic, custom_prompt, llm_judge, custom_code`)
	assert.ErrorContains(t, err, `eval_type: "stars"`)
	assert.ErrorContains(t, err, `evaluation_trigger: "sometimes"`)
}

func TestGenerateScenariosKinds(t *testing.T) {
	t.Parallel()
	check := func(r GenerateScenariosRequest) error {
		r.AgentID, r.NumScenarios = 1, 1
		v := &validator{}
		r.validate(v)
		return v.err()
	}
	assert.NoError(t, check(GenerateScenariosRequest{}))
	assert.NoError(t, check(GenerateScenariosRequest{Kind: GenerationKindRedTeamingText, AttackType: AttackTypeDataLeak, SimulationType: ScenarioTypeConditionalActions}))
	assert.ErrorContains(t, check(GenerateScenariosRequest{Kind: GenerationKindRedTeamingVoice}), "attack_type: is required for red_teaming_voice")
	assert.ErrorContains(t, check(GenerateScenariosRequest{AttackType: AttackTypeOffTask}), "attack_type: goes with a red teaming kind only")
	assert.ErrorContains(t, check(GenerateScenariosRequest{Kind: "fuzzing"}), `scenario_type: "fuzzing" is not one of`)
	assert.ErrorContains(t, check(GenerateScenariosRequest{Kind: GenerationKindRedTeamingText, AttackType: "jailbreak"}), `attack_type: "jailbreak" is not one of system_prompt_leak`)
	assert.ErrorContains(t, check(GenerateScenariosRequest{SimulationType: ScenarioTypeRealWorldFixed}), "simulation_type")
	b, err := marshal(&GenerateScenariosRequest{AgentID: 1, NumScenarios: 2, Kind: GenerationKindRedTeamingVoice, AttackType: AttackTypeHarmfulContent})
	require.NoError(t, err)
	assert.JSONEq(t, `{"agent_id": 1, "num_scenarios": 2, "scenario_type": "red_teaming_voice", "attack_type": "harmful_content"}`, string(b))
}

func TestEnumsValid(t *testing.T) {
	t.Parallel()
	assert.True(t, RoleCaller.Valid())
	assert.True(t, RoleAgent.Valid())
	assert.False(t, Role("user").Valid())
	assert.True(t, NumberMode("").Valid())
	assert.True(t, NumberModeDifferentNumbers.Valid())
	assert.False(t, NumberMode("random").Valid())
	assert.True(t, EvalTypeEnum.Valid())
	assert.False(t, EvalType("stars").Valid())
	assert.True(t, EvaluationTriggerCustom.Valid())
	assert.False(t, EvaluationTrigger("never").Valid())
	assert.True(t, AttackTypeBiasedOutput.Valid())
	assert.False(t, AttackType("x").Valid())
	assert.True(t, CallStatusReviewedFailure.Valid())
	assert.False(t, CallStatus("done").Valid())
	assert.True(t, TranscriptTypeDeepgram.Valid())
	assert.False(t, TranscriptType("srt").Valid())
	assert.True(t, TransportSIP.Valid())
	assert.False(t, Transport("carrier pigeon").Valid())
	assert.True(t, ImportStatusFailed.Valid())
	assert.False(t, ImportStatus("").Valid())
	assert.True(t, ServedViaTypeMCP.Valid())
	assert.False(t, ServedViaType("grpc").Valid())
	assert.True(t, TagFilterNot.Valid())
	assert.False(t, TagFilter("xor").Valid())
	assert.True(t, GenerationKindRedTeamingVoice.Valid())
	assert.False(t, GenerationKind("fuzz").Valid())
	for _, m := range []ExecutionMode{"", ExecutionModeVoice, ExecutionModeText, ExecutionModeSIP, ExecutionModeVapiWebRTC, ExecutionModeRetellWebRTC,
		ExecutionModeElevenLabs, ExecutionModeEllo, ExecutionModeLiveKit, ExecutionModePipecat, ExecutionModeAgora} {
		assert.True(t, m.Valid(), m)
	}
	assert.False(t, ExecutionMode("livekit").Valid(), "the API's value is livekit_v2")
	for _, n := range []NotifyOn{"", NotifyOnNever, NotifyOnSuccess, NotifyOnFailure, NotifyOnBoth} {
		assert.True(t, n.Valid(), n)
	}
	assert.False(t, NotifyOn("always").Valid())
	for _, c := range []CreatedVia{"", CreatedViaUser, CreatedViaAPI, CreatedViaMCP, CreatedViaCLI, CreatedViaSDK} {
		assert.True(t, c.Valid(), c)
	}
	assert.False(t, CreatedVia("zapier").Valid())
	// A typed enum decodes any string the API sends, known or not.
	var m Metric
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "type": "future_type", "eval_type": "enum"}`), &m))
	assert.Equal(t, MetricType("future_type"), m.Type)
	assert.False(t, m.Type.Valid())
	assert.Equal(t, EvalTypeEnum, m.EvalType)
}

func TestBulkUpdateReturnsOnlyItsError(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("POST", testBase+scenariosPath+"adv_update/", httpmock.NewStringResponder(200, `{"id": 1, "name": "one of them"}`))
	require.NoError(t, c.Scenarios.BulkUpdate(context.Background(), &BulkUpdateScenariosRequest{ScenarioIDs: []int64{1, 2}, AgentID: 3}))
	mt.RegisterResponder("POST", testBase+scenariosPath+"adv_update/", httpmock.NewStringResponder(400, `{"scenarios": ["Invalid pk \"9\""]}`))
	err := c.Scenarios.BulkUpdate(context.Background(), &BulkUpdateScenariosRequest{ScenarioIDs: []int64{9}, AgentID: 3})
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, 400, apiErr.StatusCode)
}

func TestANilOptionIsIgnored(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testKey, nil, WithBaseURL(testBase))
	require.NoError(t, err)
	assert.Equal(t, testBase, c.BaseURL())
	var nilOpt Option
	c2, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+agentsPath+"1/", httpmock.NewStringResponder(200, `{"id": 1}`))
	a, err := c2.Agents.Get(context.Background(), 1, nilOpt)
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.ID)
}

// Verdict cases of the issue "a verdict that cannot pass a failing build".
func TestVerdictCannotPassAFailingBuild(t *testing.T) {
	t.Parallel()
	decode := func(body string) *Verdict {
		t.Helper()
		var r Result
		require.NoError(t, json.Unmarshal([]byte(body), &r))
		return NewVerdict(&r)
	}
	// The counts say 1 of 2 succeeded while both runs say success: fail.
	v := decode(`{"id": 9, "status": "completed", "total_runs_count": 2, "success_runs_count": 1, "runs": {"5": {"success": true}, "6": {"success": true}}}`)
	assert.False(t, v.Passed)
	assert.Equal(t, 1, v.Succeeded)
	assert.Equal(t, 2, v.Total)
	// A run sent as null, a string or a number fails, with or without counts.
	for _, bad := range []string{`null`, `"oops"`, `42`, `[]`} {
		v = decode(`{"id": 9, "status": "completed", "runs": {"5": {"id": 5, "success": true}, "6": ` + bad + `}}`)
		assert.False(t, v.Passed, bad)
		require.Len(t, v.Failures, 1, bad)
		assert.Equal(t, RunFailure{RunID: 6, Reason: "the API sent this run as null or unreadable"}, v.Failures[0], bad)
		assert.Equal(t, 2, v.Total, bad)
	}
	v = decode(`{"id": 9, "status": "completed", "runs": [{"id": 5, "success": true}, null]}`)
	assert.False(t, v.Passed, "in a list too")
	// Every run completed by the counts, or the result is not a pass.
	v = decode(`{"id": 9, "status": "completed", "total_runs_count": 2, "success_runs_count": 2, "completed_runs_count": 1, "runs": [{"id": 5, "success": true}, {"id": 6, "success": true}]}`)
	assert.False(t, v.Passed)
	assert.Contains(t, v.String(), "the API counts 1 of 2 runs as completed")
	// Both sources agreeing is a pass.
	v = decode(`{"id": 9, "status": "completed", "total_runs_count": 2, "success_runs_count": 2, "completed_runs_count": 2, "runs": [{"id": 5, "success": true}, {"id": 6, "success": true}]}`)
	assert.True(t, v.Passed, v.String())
}

func TestRunScenarioDecodesInBothShapes(t *testing.T) {
	t.Parallel()
	var r Result
	require.NoError(t, json.Unmarshal([]byte(`{"id": 9, "status": "completed", "runs": {
		"5": {"id": 5, "success": false, "scenario": {"id": 11, "name": "Refund"}, "error_message": "hung up"},
		"6": {"id": 6, "success": false, "scenario": 12, "scenario_name": "Order status", "error_message": "no answer"}}}`), &r))
	require.Len(t, r.Runs, 2)
	assert.Equal(t, int64(11), r.Runs[0].ScenarioID)
	assert.Equal(t, "Refund", r.Runs[0].ScenarioName)
	assert.Equal(t, int64(12), r.Runs[1].ScenarioID)
	assert.Equal(t, "Order status", r.Runs[1].ScenarioName)
	v := NewVerdict(&r)
	assert.Equal(t, "result 9 completed: 2 of 2 runs failed; run 5 (Refund): hung up; run 6 (Order status): no answer", v.String())
	var run Run
	require.NoError(t, json.Unmarshal([]byte(`{"id": 7, "scenario": null}`), &run))
	assert.Zero(t, run.ScenarioID, "a deleted scenario")
}

func TestAResultThatEndedOtherwiseSaysSo(t *testing.T) {
	t.Parallel()
	for status, words := range map[RunStatus]string{RunStatusCancelled: "was cancelled", RunStatusFailed: "failed", RunStatusTimeout: "timed out"} {
		v := NewVerdict(&Result{ID: 9, Status: status, Runs: []*Run{{ID: 1, Success: true, Status: RunStatusCompleted}, {ID: 2, Success: true, Status: RunStatusCompleted}}})
		assert.False(t, v.Passed)
		assert.Equal(t, "result 9 "+words+"; 2 of 2 runs had succeeded", v.String())
	}
}

// TestAllRefusesANextLinkBackToTheFirstPage: page 1 → page 2 → page 1 is an
// error before any agent is yielded twice.
func TestAllRefusesANextLinkBackToTheFirstPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+agentsPath+"?project_id=3", httpmock.NewStringResponder(200,
		`{"count": 2, "next": "`+testBase+agentsPath+`?page=2&project_id=3", "results": [{"id": 1}]}`))
	mt.RegisterResponder("GET", testBase+agentsPath+"?page=2&project_id=3", httpmock.NewStringResponder(200,
		`{"count": 2, "next": "`+testBase+agentsPath+`?project_id=3&page=1", "results": [{"id": 2}]}`))
	var ids []int64
	var last error
	for a, err := range c.Agents.All(context.Background(), &ListAgentsParams{ProjectID: 3}) {
		if err != nil {
			last = err
			break
		}
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids, "no agent twice")
	require.Error(t, last)
	assert.Contains(t, last.Error(), "repeats a page already read")
	assert.Equal(t, 2, mt.GetTotalCallCount(), "the first page is not fetched again")
}

// TestLengthsAreCountedInCharacters: the API counts characters, not bytes.
func TestLengthsAreCountedInCharacters(t *testing.T) {
	t.Parallel()
	v := &validator{}
	(&SendCallRequest{CallID: strings.Repeat("é", 60), AgentID: 1, VoiceRecordingURL: "https://r.example/a.wav"}).validate(v)
	assert.NoError(t, v.err(), "60 characters, 120 bytes")
	v = &validator{}
	(&SendCallRequest{CallID: strings.Repeat("é", 101), AgentID: 1, VoiceRecordingURL: "https://r.example/a.wav"}).validate(v)
	assert.ErrorContains(t, v.err(), "call_id: is 101 characters; at most 100")
	v = &validator{}
	(&GenerateScenariosRequest{AgentID: 1, NumScenarios: 1, FirstMessage: strings.Repeat("日", 900)}).validate(v)
	assert.NoError(t, v.err(), "900 characters, 2700 bytes")
	v = &validator{}
	(&GenerateScenariosRequest{AgentID: 1, NumScenarios: 1, FirstMessage: strings.Repeat("日", 1001)}).validate(v)
	assert.ErrorContains(t, v.err(), "first_message: is 1001 characters long")
}

// TestKnowledgeBaseFileListsOfEveryLength: a short list shares one
// allocation with its pointers; longer ones grow past it intact.
func TestKnowledgeBaseFileListsOfEveryLength(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 4, 5, 17, 40} {
		ids := make([]string, n)
		for i := range ids {
			if i%2 == 0 {
				ids[i] = strconv.Itoa(i + 1)
			} else {
				ids[i] = `{"id": ` + strconv.Itoa(i+1) + `, "file_name": "f` + strconv.Itoa(i+1) + `.md"}`
			}
		}
		var a Agent
		require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "knowledge_base_files": [`+strings.Join(ids, ",")+`]}`), &a))
		runtime.GC()
		require.NotNil(t, a.KnowledgeBaseFiles, "[] is an empty list, not nil")
		require.Len(t, a.KnowledgeBaseFiles, n)
		for i, f := range a.KnowledgeBaseFiles {
			assert.Equal(t, int64(i+1), f.ID)
			if i%2 == 1 {
				assert.Equal(t, "f"+strconv.Itoa(i+1)+".md", f.FileName)
			}
		}
	}
}

func TestSubResourceListsHaveAllTwins(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	base := testBase + agentsPath + "7/"
	for _, sub := range []string{"knowledge_base/", "personalities/", "history/"} {
		mt.RegisterResponder("GET", base+sub, httpmock.NewStringResponder(200,
			`{"count": 2, "next": "`+base+sub+`?page=2", "results": [{"id": 1, "history_id": 1}]}`))
		mt.RegisterResponder("GET", base+sub+"?page=2", httpmock.NewStringResponder(200,
			`{"count": 2, "next": null, "results": [{"id": 2, "history_id": 2}]}`))
	}
	var files, people, versions []int64
	for f, err := range c.Agents.AllKnowledgeBaseFiles(ctx, 7, nil) {
		require.NoError(t, err)
		files = append(files, f.ID)
	}
	assert.Equal(t, []int64{1, 2}, files)
	for p, err := range c.Agents.AllPersonalities(ctx, 7, nil) {
		require.NoError(t, err)
		people = append(people, p.ID)
	}
	for v, err := range c.Agents.AllVersions(ctx, 7, nil) {
		require.NoError(t, err)
		versions = append(versions, v.HistoryID)
	}
	assert.Equal(t, []int64{1, 2}, people)
	assert.Equal(t, []int64{1, 2}, versions)
	calls := mt.GetTotalCallCount()
	for _, err := range c.Agents.AllVersions(ctx, 0, nil) {
		assert.ErrorIs(t, err, ErrInvalidRequest)
	}
	assert.Equal(t, calls, mt.GetTotalCallCount(), "a bad id is refused before sending")
}

func TestARawConfigMustMatchItsType(t *testing.T) {
	t.Parallel()
	v := &validator{}
	(&CreateAgentRequest{Name: "a", Description: "d", Provider: &Provider{Type: ProviderTypeVapi,
		Credentials: &ProviderCredentials{Config: RawConfig{Type: "foo", JSON: json.RawMessage(`{}`)}}}}).validate(v)
	assert.ErrorContains(t, v.err(), `provider.credentials.config: is a RawConfig of type "foo", but provider.type is "vapi"`)
	v = &validator{}
	(&CreateAgentRequest{Name: "a", Description: "d", Provider: &Provider{Type: ProviderTypeVapi,
		Credentials: &ProviderCredentials{Config: RawConfig{Type: "vapi", JSON: json.RawMessage(`{"new_key": 1}`)}}}}).validate(v)
	assert.NoError(t, v.err(), "a matching type, or none, is sent as it is")
	v = &validator{}
	(&CreateAgentRequest{Name: "a", Description: "d", Provider: &Provider{Type: ProviderTypeRetell,
		ChatAgentDetails: &ChatAgentDetails{Type: ChatTypeRetell, Config: RawConfig{Type: "bland"}}}}).validate(v)
	assert.ErrorContains(t, v.err(), `is a RawConfig of type "bland", but the type is "retell"`)
}

// TestAnErrorNeverCarriesTheAPIKey: a server that echoes the key in its
// error body does not put it in the APIError, its message or fmt output.
func TestAnErrorNeverCarriesTheAPIKey(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t, WithMaxRetries(0))
	mt.RegisterResponder("GET", testBase+agentsPath+"1/", func(r *http.Request) (*http.Response, error) {
		key := r.Header.Get("X-CEKURA-API-KEY")
		return httpmock.NewStringResponse(400, `{"detail": "bad key `+key+`", "api_key": ["`+key+` is revoked"]}`), nil
	})
	_, err := c.Agents.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", apiErr), fmt.Sprintf("%#v", apiErr), string(apiErr.Body), apiErr.Detail, strings.Join(apiErr.FieldErrors["api_key"], "")} {
		assert.NotContains(t, s, testKey)
	}
	assert.Equal(t, "bad key [REDACTED]", apiErr.Detail)
}
