package cekura

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzValidateScenarioAuthoring feeds arbitrary folder paths and names,
// transcript messages and scenario agent requests to their checks: never a
// panic, a refusal is always ErrInvalidRequest, a path accepted has no
// empty name, and what is accepted encodes as encoding/json would.
func FuzzValidateScenarioAuthoring(f *testing.F) {
	f.Add("Sales.Inbound", "Inbound", "Testing Agent", "hello", 0.5, 1.0, []byte(`{"day": "mon"}`), "make it longer", int64(3), "all")
	f.Add("Sales..", "a.b", "user", "", -1.0, -2.0, []byte(`{`), "", int64(-1), "x")
	f.Fuzz(func(t *testing.T, path, name, role, content string, start, end float64, args []byte, message string, id int64, pick string) {
		reqs := []any{
			&CreateScenarioFolderRequest{ProjectID: id, Name: name, ParentPath: path},
			&MoveScenarioFolderRequest{ProjectID: id, Path: name, NewParentPath: path},
			&CreateFromTranscriptRequest{AgentID: id, Transcript: []TranscriptMessage{{Role: MessageRole(role), Content: content,
				StartTime: Some(start), EndTime: Some(end), Data: &FunctionCallData{Arguments: args}}}},
			(&ScenarioAgentRequest{UserMessage: message, ScenarioIDs: []int64{id}, AllScenarios: pick == "all",
				AgentSelections: map[string]int64{pick: id}, UpdatedScenarios: []json.RawMessage{args}}).body(),
		}
		for _, req := range reqs {
			err := validateRequest(req, false)
			if err != nil {
				if !errors.Is(err, ErrInvalidRequest) {
					t.Fatalf("refused without ErrInvalidRequest: %v", err)
				}
				continue
			}
			got, err := marshal(req)
			want, werr := json.Marshal(req)
			if err != nil || werr != nil || !bytes.Equal(got, want) {
				t.Fatalf("encoder %s (%v) vs encoding/json %s (%v)", got, err, want, werr)
			}
		}
		if validateRequest(&DeleteScenarioFolderRequest{ProjectID: 1, Path: path}, false) == nil {
			for part := range strings.SplitSeq(path, ".") {
				if strings.TrimSpace(part) == "" {
					t.Fatalf("accepted the path %q", path)
				}
			}
		}
	})
}

// FuzzDecodeScenarioJobs decodes arbitrary bodies as the three scenario
// jobs: never a panic, invalid JSON refused, and a job that says it failed
// has an Err.
func FuzzDecodeScenarioJobs(f *testing.F) {
	f.Add([]byte(`{"progress_id": "p", "status": "failed", "error": "x", "instructions": "i"}`))
	f.Add([]byte(`{"progress_id": "p", "session_id": null, "mode": "improve", "status": "needs_agent_clarification", "result": {"updated_scenarios": [{}], "scenarios_needing_agent": [1]}}`))
	f.Add([]byte(`{"agent_id": "7", "status": "completed", "scenario_id": 5, "scenario": {"id": 5, "name": "n"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var ij InstructionsJob
		var tj TranscriptJob
		var aj ScenarioAgentJob
		for _, v := range []any{&ij, &tj, &aj} {
			err := decodeInto(bytes.Clone(body), v)
			if !json.Valid(body) && err == nil {
				t.Fatalf("accepted invalid JSON %q", body)
			}
		}
		_ = ij.Done()
		_ = tj.Done()
		_ = aj.NeedsAnswer()
		_ = aj.UpdatedScenarios()
		_ = aj.ScenariosNeedingAgent()
		for _, j := range []struct {
			status JobStatus
			err    error
		}{{ij.Status, ij.Err()}, {tj.Status, tj.Err()}, {aj.Status, aj.Err()}} {
			if (j.status == JobStatusFailed) != (j.err != nil && j.status != JobStatusCancelled) {
				t.Fatalf("status %q, Err %v", j.status, j.err)
			}
		}
	})
}
