package cekura

import "reflect"

// The schema coverage rows of the run triggers group: the triggers with
// their own request types, a run's API chat, its metric votes and its
// trace (see schema_coverage_test.go).
func init() {
	trigger := func(method, name string, body reflect.Type) coverageOp {
		return coverageOp{methods: []string{"Tests." + method}, op: "POST " + scenariosPath + name + "/",
			body: body, resp: reflect.TypeFor[Result]()}
	}
	coverageTable = append(coverageTable,
		trigger("StartLiveKitV2", "run_scenarios_livekit_v2", reflect.TypeFor[StartLiveKitV2Request]()),
		trigger("StartPipecat", "run_scenarios_pipecat", reflect.TypeFor[StartPipecatRequest]()),
		trigger("StartPipecatV2", "run_scenarios_pipecat_v2", reflect.TypeFor[StartPipecatV2Request]()),
		trigger("StartVapiWebRTC", "run_scenarios_vapi_webrtc", reflect.TypeFor[StartVapiWebRTCRequest]()),
		trigger("StartRetellWebRTC", "run_scenarios_retell_webrtc", reflect.TypeFor[StartRetellWebRTCRequest]()),
		trigger("StartWithWebsockets", "run_scenarios_with_websockets", reflect.TypeFor[StartWithWebsocketsRequest]()),
		trigger("StartEmail", "run_scenarios_email", reflect.TypeFor[StartEmailRequest]()),
		trigger("StartAPIChat", "run_scenarios_api_chat", reflect.TypeFor[StartAPIChatRequest]()),
		coverageOp{methods: []string{"Runs.SendChatTurn"}, op: "POST /test_framework/v2/runs/{id}/chat/", status: "202",
			body: reflect.TypeFor[SendChatTurnRequest](), resp: reflect.TypeFor[ChatTurn]()},
		coverageOp{methods: []string{"Runs.GetChatTurn", "Runs.WaitForChatTurn"}, op: "GET /test_framework/v2/runs/{id}/chat/{turn_id}/",
			resp: reflect.TypeFor[ChatTurn]()},
		coverageOp{methods: []string{"Runs.EndChat"}, op: "POST /test_framework/v2/runs/{id}/end-chat/",
			body: reflect.TypeFor[EndChatRequest](), resp: reflect.TypeFor[ChatEnd]()},
		coverageOp{methods: []string{"Runs.VoteMetric"}, op: "POST /test_framework/v2/runs/{id}/mark_metric_vote/",
			body: reflect.TypeFor[VoteMetricRequest](), resp: reflect.TypeFor[metricVoteAnswer]()},
		coverageOp{methods: []string{"Runs.GetTrace"}, op: "GET /test_framework/v1/runs/{id}/trace/",
			resp: reflect.TypeFor[Trace]()},
	)

	var aliases []string
	for _, name := range []string{"run_scenarios_livekit_v2", "run_scenarios_pipecat_v2"} {
		aliases = append(aliases, "POST "+scenariosPath+name+"/ request: personality_id", "POST "+scenariosPath+name+"/ request: test_profile_id")
	}
	coverageOmissions = append(coverageOmissions,
		omission{"a one-id alias the API merges into personality_ids and test_profile_ids, which the request's PersonalityIDs and TestProfileIDs send", aliases},
	)
}
