package cekura

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValidateCallLogsAndAlerts builds the call-log and alert requests from
// arbitrary values: validation never panics, refuses with every problem
// keyed by a field of the request, accepts only what the API takes, and
// what it accepts encodes as encoding/json.
func FuzzValidateCallLogsAndAlerts(f *testing.F) {
	f.Add("reviewed_success", "c-1", "customer-ended-call", "cekura", `[{"role": "Main Agent", "content": "hi", "start_time": 0, "end_time": 1}]`, 1.5, int64(35), true, int64(1), "", 24)
	f.Add("evaluating", " ", strings.Repeat("x", 101), "none-mono", `[{"role": "user"}]`, -1.0, int64(0), false, int64(-1), "Sales", 169)
	f.Add("", "", "", "", `{`, math.NaN(), int64(-5), false, int64(0), "x", -1)
	f.Fuzz(func(t *testing.T, status, callID, reason, typ, transcript string, minutes float64, metric int64, up bool, agent int64, folder string, hours int) {
		update := &UpdateCallRequest{Status: Some(CallStatus(status)), CallID: Some(callID), CallEndedReason: Some(reason),
			DurationMinutes: Some(minutes), Transcript: json.RawMessage(transcript)}
		if typ != "" {
			update.TranscriptType = Some(TranscriptType(typ))
		}
		keys := []string{"request", "status", "call_id", "call_ended_reason", "duration", "transcript_type", "transcript_json"}
		if checkRefusalOrEncoding(t, update, true, keys...) {
			n := utf8.RuneCountInString(callID)
			if strings.TrimSpace(callID) == "" || n > 100 || utf8.RuneCountInString(reason) > 100 || !(minutes >= 0) || math.IsInf(minutes, 0) ||
				!json.Valid([]byte(transcript)) || (status != "success" && status != "failure" && status != "reviewed_success" && status != "reviewed_failure") {
				t.Fatalf("accepted %+v", update)
			}
		}
		vote := &VoteMetricRequest{MetricID: metric, ThumbsUp: Some(up), ExpectedValue: transcript, Feedback: reason}
		if !up {
			vote.ThumbsUp = Null[bool]()
		}
		if checkRefusalOrEncoding(t, vote, false, "metric_id", "thumbs_up", "expected_value", "request") && metric <= 0 {
			t.Fatalf("accepted %+v", vote)
		}
		create := &CreateScenariosFromCallsRequest{AgentID: agent, Calls: SelectCalls(metric), FolderPath: folder}
		if up {
			create.Calls = AllCalls()
		}
		if checkRefusalOrEncoding(t, create, false, "agent_id", "call_logs", "copy_to_agent", "project_id", "request") &&
			(agent <= 0 || folder != "" || (!up && metric <= 0)) {
			t.Fatalf("accepted %+v", create)
		}
		review := &AlertReviewParams{Hours: hours, PageSize: hours}
		if err := validateRequest(review, false); (err == nil) != (hours >= 0 && hours <= 168) {
			t.Fatalf("hours %d: %v", hours, err)
		}
		summarize := &SummarizeAlertRequest{Hours: hours}
		if checkRefusalOrEncoding(t, summarize, false, "hours", "request") && (hours < 0 || hours > 168) {
			t.Fatalf("accepted %+v", summarize)
		}
	})
}

// FuzzDecodeCallLogsAndAlerts decodes arbitrary bodies as the answers of the
// call logs' and alerts' operations: never a panic, invalid JSON refused,
// every object decoded; the fire counts read as encoding/json reads the
// object (integer keys and whole counts), a review is kept byte for byte,
// and Done agrees with the counts and the status read.
func FuzzDecodeCallLogsAndAlerts(f *testing.F) {
	f.Add([]byte(`{"12": 3, "x": 1, "13": 2.5}`))
	f.Add([]byte(`{"agent_id": 2142, "completed_scenarios": 4, "failed_scenarios": 1, "total_scenarios": 5, "scenarios_list": [{"id": 1}],
		"errors": [{"call_log_id": 3, "error": {"detail": "Transcript is missing"}}]}`))
	f.Add([]byte(`{"progress_id": "9a", "status": "error", "trace_id": 7, "spans": {"resourceSpans": []}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var counts AlertFireCounts
		var creation ScenarioCreation
		var summary AlertSummary
		var trace Trace
		var review AlertReview
		errs := []error{decodeInto(bytes.Clone(body), &counts), decodeInto(bytes.Clone(body), &creation),
			decodeInto(bytes.Clone(body), &summary), decodeInto(bytes.Clone(body), &trace), decodeInto(bytes.Clone(body), &review)}
		if !json.Valid(body) {
			for _, err := range errs {
				if err == nil {
					t.Fatalf("accepted invalid JSON %q", body)
				}
			}
			return
		}
		if !isJSONObject(body) {
			return
		}
		for _, err := range errs {
			if err != nil {
				t.Fatalf("refused a JSON object %q: %v", body, err)
			}
		}
		if want, ok := fireCounts(body); ok {
			if len(want) != len(counts.Fires) {
				t.Fatalf("%q: counts %v, want %v", body, counts.Fires, want)
			}
			for id, n := range want {
				if counts.Fires[id] != n {
					t.Fatalf("%q: counts %v, want %v", body, counts.Fires, want)
				}
			}
		}
		if got, _ := json.Marshal(review); !jsonEqual(got, body) {
			t.Fatalf("the review %q was written back as %q", body, got)
		}
		if creation.Done() != (creation.Total > 0 && creation.Completed+creation.Failed >= creation.Total) {
			t.Fatalf("Done %v for %+v", creation.Done(), creation)
		}
		if (creation.Err() != nil) != (creation.Done() && creation.Failed > 0) {
			t.Fatalf("Err %v for %+v", creation.Err(), creation)
		}
		for _, e := range creation.Errors {
			_ = e.Message()
		}
		if summary.Done() != (summary.Status == AlertSummaryStatusCompleted || summary.Status == AlertSummaryStatusError) {
			t.Fatalf("Done %v for %q", summary.Done(), summary.Status)
		}
	})
}

// fireCounts reads an object's entries in order with encoding/json, as the
// fire counts are meant to be read: an integer key with a value that
// decodes into an int sets the count (a key in canonical decimal) (a later such entry replaces it), any
// other entry is skipped.
func fireCounts(body []byte) (map[int64]int, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	out := map[int64]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return nil, false
		}
		var n int
		id, err := strconv.ParseInt(tok.(string), 10, 64)
		if err == nil && strconv.FormatInt(id, 10) == tok.(string) && json.Unmarshal(v, &n) == nil && !bytes.Equal(v, []byte("null")) {
			out[id] = n
		}
	}
	return out, true
}

// jsonEqual reports whether two JSON documents hold the same value.
func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
}
