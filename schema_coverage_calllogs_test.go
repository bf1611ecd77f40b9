package cekura

import "reflect"

// The schema-coverage rows of the rest of the call logs (update, vote,
// trace, scenarios from calls) and of the alerts' review (see
// schema_coverage_table_test.go).
func init() {
	// Every alerts action has the alerts' default serializer, AlertDetail,
	// as its schema in the description; their own texts say otherwise.
	const alertDetail = "the description's schema here is AlertDetail (an alert: the alerts viewset's default serializer), which the operation's own text contradicts: "
	coverageTable = append(coverageTable,
		coverageOp{methods: []string{"Calls.Update"}, op: "PATCH /observability/v2/call-logs/{id}/",
			body: reflect.TypeFor[UpdateCallRequest](), resp: reflect.TypeFor[Call]()},
		coverageOp{methods: []string{"Calls.VoteMetric"}, op: "POST /observability/v2/call-logs/{id}/mark_metric_vote/",
			body:     reflect.TypeFor[VoteMetricRequest](),
			respNote: "a confirmation message only ({detail}); VoteMetric returns only its error, and the vote's effect reads back with Get"},
		coverageOp{methods: []string{"Calls.GetTrace"}, op: "GET /observability/v1/call-logs/{id}/trace/",
			resp: reflect.TypeFor[Trace]()},
		coverageOp{methods: []string{"Calls.CreateScenarios"}, op: "POST /observability/v2/call-logs/create_scenarios/",
			body: reflect.TypeFor[CreateScenariosFromCallsRequest](), resp: reflect.TypeFor[ScenarioCreation]()},
		coverageOp{methods: []string{"Calls.GetScenarioCreation", "Calls.WaitForScenarioCreation"}, op: "GET /observability/v2/call-logs/create_scenarios_progress/",
			queryKeys: []string{"progress_id"}, resp: reflect.TypeFor[ScenarioCreation]()},
		coverageOp{methods: []string{"Alerts.Review"}, op: "GET /observability/v1/alerts/review/",
			query:    reflect.TypeFor[ReviewAlertsParams](),
			respNote: alertDetail + "a report of every alert's fires (totals, a timeline, each alert's fires) whose keys it does not name; AlertReview keeps it whole (RawJSON)"},
		coverageOp{methods: []string{"Alerts.GetReview"}, op: "GET /observability/v1/alerts/{id}/review_detail/",
			query:    reflect.TypeFor[AlertReviewParams](),
			respNote: alertDetail + "a report of one alert (its configuration, a timeline, a page of fires) whose keys it does not name; AlertReviewDetail keeps it whole (RawJSON)"},
		coverageOp{methods: []string{"Alerts.Summarize"}, op: "POST /observability/v1/alerts/{id}/summarize/",
			bodyNote: alertDetail + "summarizing reads the alert by its id and takes the window (hours), which SummarizeAlertRequest sends",
			respNote: alertDetail + "it \"returns a progress_id\", which AlertSummary reads"},
		coverageOp{methods: []string{"Alerts.GetSummary", "Alerts.WaitForSummary"}, op: "GET /observability/v1/alerts/summarize_progress/",
			queryKeys: []string{"progress_id"},
			respNote:  alertDetail + "the progress of a summary, polled \"until status is 'completed' or 'error'\"; AlertSummary reads progress_id and status, and keeps the rest (the summary's text, under a key it does not name) in RawJSON"},
		coverageOp{methods: []string{"Alerts.CountFires"}, op: "GET /observability/v1/alerts/trigger_summary/",
			query:    reflect.TypeFor[CountAlertFiresParams](),
			respNote: alertDetail + "it \"Returns: { \"<alert_id>\": <fire_count>, ... }\", which AlertFireCounts.Fires reads"},
	)
	coverageOmissions = append(coverageOmissions,
		omission{"the agent's id again, as a string (\"Agent ID. Example: 2142\", as the description shows Cekura's agent ids), beside agent, which Call.AgentID reads; readable in RawJSON", []string{
			"GET /observability/v2/call-logs/{id}/ response: agent_id",
			"PATCH /observability/v2/call-logs/{id}/ response: agent_id",
			"POST /observability/v2/call-logs/rerun_evaluation/ response: [].agent_id",
		}},
		omission{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)", []string{
			"GET /observability/v2/call-logs/create_scenarios_progress/ query: agent_id",
			"GET /observability/v2/call-logs/create_scenarios_progress/ query: project_id",
		}},
		// The scenarios written are the Scenario schema, as GetGeneration's
		// are: the same reasons as at the scenarios' own operations.
		omission{"removed from the API, the description says (read back for legacy rows only); dynamic variables live on the agent", []string{
			"GET /observability/v2/call-logs/create_scenarios_progress/ response: scenarios_list[].dynamic_variable_values",
		}},
		omission{"deprecated in the description: phone_number (and outbound_phone_number_data) replace it", []string{
			"GET /observability/v2/call-logs/create_scenarios_progress/ response: scenarios_list[].inbound_phone_number",
			"GET /observability/v2/call-logs/create_scenarios_progress/ response: scenarios_list[].inbound_phone_number_data",
		}},
	)
}
