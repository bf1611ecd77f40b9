package cekura

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Benchmarks of the decoding of runs and results, the answers a test
// loop reads most (Results.Wait polls a result's detail; a report lists
// runs). Each decodes two bodies: "known", with only the properties the
// SDK typed before the runs' gaps were closed, and "full", with every
// property the API's description gives a run and a result. Run with:
//
//	go test -run '^$' -bench 'Result|Run' -benchmem .

// benchTurns is a transcript of n turns, with or without the comparison
// keys the API adds to each.
func benchTurns(n int, full bool) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		role := "Testing Agent"
		if i%2 == 1 {
			role = "Main Agent"
		}
		fmt.Fprintf(&b, `{"role":%q,"content":"Sure, your appointment on the 14th at 3 PM is confirmed, turn %d.","timestamp":%d.5`, role, i, 2*i)
		if full {
			b.WriteString(`,"normalized_content":"sure your appointment on the 14th at 3 pm is confirmed","comparison_spans":[{"text":"14th","key":"14"},{"text":"3 PM","key":"15:00"}]`)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

// benchRunJSON is one run as the API answers it (runs/{id}/, a result's
// detail): with full, every property of the description's Run.
func benchRunJSON(id int, full bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"id":%d,"provider_call_id":"call_abc%d","scenario":%d,"scenario_name":"Reschedule an appointment","personality":12,"personality_name":"Impatient caller",`+
		`"agent":2142,"result_id":5001,"expected_outcome_prompt":"The appointment is moved to the 14th.",`+
		`"evaluation":{"metrics":[{"id":1,"name":"Expected Outcome","type":"binary_workflow_adherence","eval_type":"binary","passed":true,"explanation":["The agent moved the appointment."]},`+
		`{"id":2,"name":"Latency","type":"numeric","eval_type":"numeric","score":812.5,"explanation":"p50 of the agent's answers"}]},`+
		`"transcript":"[00:01] Testing Agent: Hello.\n[00:02] Main Agent: Hello, how can I help you today?","transcript_object":%s,`+
		`"duration":"02:41","voice_recording_url":"https://files.cekura.ai/runs/%d.wav","status":"completed","evaluation_status":"success","success":true,`+
		`"timestamp":"2026-08-20T10:47:30.123456Z","executed_at":"2026-08-20T10:50:11Z","outbound_number":"+14155550000","inbound_number":"+14155551234","error_message":""`,
		id, id, 100+id%7, benchTurns(24, full), id)
	if full {
		b.WriteString(`,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","scenario_type":"instruction","agent_name":"Support Bot","agent_version":null,` +
			`"result_name":"Nightly regression","rubric":[{"metric_id":100,"metric_name":"Call Quality","value":5,"explanation":["The response was accurate"],"passed":true}],` +
			`"email_id":null,"metadata":{"ended_reason":"customer-ended-call","ringing_duration":1.2},"is_reviewed":false,"feedback":"",` +
			`"critical_categories":[{"category_id":7,"category":"Wrong date","deviation":0.4,"wrongly_marked":false,"feedback":"","priority":"critical"}],` +
			`"scenario_instructions":"Ask to move your appointment to the 14th.","run_as_text":false,` +
			`"test_profile_data":{"id":31,"name":"Jane","information":{"main_agent_variables":{"user_name":"Jane Doe"},"testing_agent_variables":{"pin":"1234"}}},` +
			`"generated_mock_tool_entries":[],"mocked_tool_names":["book_appointment"],"provider_call_details":{"cost":0.12},` +
			`"agent_number":null,"testing_channel_index":0,"run_type":"simulation",` +
			`"outbound_dial_window_opens_at":"2026-08-20T10:47:30Z","outbound_dial_window_seconds":300,"outbound_dial_window_closes_at":"2026-08-20T10:52:30Z"`)
	}
	b.WriteByte('}')
	return b.String()
}

// benchResultJSON is a result's detail with n runs, keyed by id as the
// API sends them.
func benchResultJSON(n int, full bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":5001,"name":"Nightly regression","agent":2142,"agent_name":"Support Bot","status":"completed","success_rate":0.9,"run_as_text":false,"is_cronjob":"false",` +
		`"total_duration":"22:30","total_runs_count":"10","completed_runs_count":"10","success_runs_count":"9","failed_runs_count":"1","runs":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%d":%s`, 9000+i, benchRunJSON(9000+i, full))
	}
	b.WriteString(`},"created_at":"2026-08-20T10:47:00Z","updated_at":"2026-08-20T10:55:00Z"`)
	if full {
		b.WriteString(`,"agent_version":null,"met_expected_outcome_count":"9","total_expected_outcome_count":"10",` +
			`"overall_evaluation":{"success_rate":0.9,"metric_summary":{}},"connected_runs":[9000,9001],"not_connected_runs":[],` +
			`"failed_infrastructure_runs":[],"failed_workflow_runs":[9001],"successful_calls":[9000],"scenarios":[{"id":100,"name":"Reschedule"}],` +
			`"critical_categories":[{"id":2950,"name":"Pronunciation Analysis","eval_type":"continuous_qualitative","simulation_enabled":true,"observability_enabled":true}],` +
			`"metrics":[],"runs_by_tags":{},"latency_data":{},` +
			`"failed_reasons":{"issues":[{"rank":1,"run_ids":[9001],"description":"The agent did not confirm the date.","affected_count":1}],"total_failed_runs":1},` +
			`"ai_summary":{"what_happened":"1 of 10 runs failed.","why_it_happened":"A date was misheard.","how_to_fix":"Confirm dates.","generated_from_runs_count":10,"generated_at":"2026-08-20T11:00:00Z"},` +
			`"ai_summary_status":"completed","next_steps":[{"title":"Confirm dates","description":"1 prompt edit."}],` +
			`"path_coverage":{"coverage_pct":66.7,"total_paths":3,"covered_paths":["Book","Reschedule"],"uncovered_paths":["Cancel"],"generated_at":"2026-08-20T11:00:00Z"},` +
			`"performance_metrics":[],"run_type":"simulation","run_settings":{"frequency":1}`)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// benchRunsPageJSON is a page of n runs (runs/).
func benchRunsPageJSON(n int, full bool) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"count":%d,"next":"https://api.cekura.ai/test_framework/v2/runs/?page=2","previous":null,"results":[`, 3*n)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(benchRunJSON(9000+i, full))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkResultDetail decodes a result's detail with 10 runs, as
// Results.Get and every poll of Results.Wait do.
func BenchmarkResultDetail(b *testing.B) {
	for _, full := range []bool{false, true} {
		body := benchResultJSON(10, full)
		b.Run("body="+benchBody(full), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				var r Result
				if err := decodeInto(body, &r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRunsPage decodes a page of 100 runs, as Runs.List does.
func BenchmarkRunsPage(b *testing.B) {
	for _, full := range []bool{false, true} {
		body := benchRunsPageJSON(100, full)
		b.Run("body="+benchBody(full), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := decodePage[Run](runsPath, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchBody(full bool) string {
	if full {
		return "full"
	}
	return "known"
}
