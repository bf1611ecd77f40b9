package cekura

import "reflect"

// coverageTable is every operation the SDK calls, with the types its
// request and answer travel in (see schema_coverage_test.go). Every exported
// method of a Client service is named in a row: the methods that call no
// operation of their own (a Wait, an All, the mock tools) in the rows of the
// operations they call.
var coverageTable = []coverageOp{
	// Agents (v2).
	{methods: []string{"Agents.Create"}, op: "POST /test_framework/v2/aiagents/",
		body: reflect.TypeFor[CreateAgentRequest](), resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.CreateFromProvider"}, op: "POST /test_framework/v2/aiagents/", status: "202",
		body: reflect.TypeFor[fromProvider]()},
	{methods: []string{"Agents.List", "Agents.All"}, op: "GET /test_framework/v2/aiagents/",
		query: reflect.TypeFor[ListAgentsParams](), resp: reflect.TypeFor[Page[Agent]]()},
	{methods: []string{"Agents.Get", "Agents.ListMockTools", "Agents.GetMockTool", "Agents.CreateMockTool", "Agents.UpdateMockTool",
		"Agents.DeleteMockTool", "Agents.DeleteKnowledgeBaseFile"}, op: "GET /test_framework/v2/aiagents/{id}/",
		resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.Replace"}, op: "PUT /test_framework/v2/aiagents/{id}/",
		body: reflect.TypeFor[CreateAgentRequest](), resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.Update", "Agents.CreateMockTool", "Agents.UpdateMockTool", "Agents.DeleteMockTool",
		"Agents.DeleteKnowledgeBaseFile"}, op: "PATCH /test_framework/v2/aiagents/{id}/",
		body: reflect.TypeFor[UpdateAgentRequest](), resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.Delete"}, op: "DELETE /test_framework/v2/aiagents/{id}/",
		query: reflect.TypeFor[DeleteAgentParams]()},
	{methods: []string{"Agents.Duplicate"}, op: "POST /test_framework/v2/aiagents/{id}/duplicate/",
		body: reflect.TypeFor[DuplicateAgentRequest](), resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.ListKnowledgeBaseFiles", "Agents.AllKnowledgeBaseFiles"}, op: "GET /test_framework/v2/aiagents/{id}/knowledge_base/",
		query: reflect.TypeFor[PageParams](), resp: reflect.TypeFor[Page[KnowledgeBaseFile]]()},
	{methods: []string{"Agents.UploadKnowledgeBaseFile"}, op: "POST /test_framework/v2/aiagents/{id}/upload_knowledge_base/",
		content: "multipart/form-data", resp: reflect.TypeFor[Page[KnowledgeBaseFile]]()},
	{methods: []string{"Agents.DeleteAllKnowledgeBaseFiles"}, op: "DELETE /test_framework/v2/aiagents/{id}/delete_knowledge_base/"},
	{methods: []string{"Agents.ListPersonalities", "Agents.AllPersonalities"}, op: "GET /test_framework/v2/aiagents/{id}/personalities/",
		query: reflect.TypeFor[PageParams](), resp: reflect.TypeFor[Page[Personality]]()},
	{methods: []string{"Agents.EnablePersonalities"}, op: "POST /test_framework/v2/aiagents/{id}/enable_personalities/",
		body: reflect.TypeFor[personalitiesBody](), resp: reflect.TypeFor[PersonalitiesChange]()},
	{methods: []string{"Agents.DisablePersonalities"}, op: "POST /test_framework/v2/aiagents/{id}/disable_personalities/",
		body: reflect.TypeFor[personalitiesBody](), resp: reflect.TypeFor[PersonalitiesChange]()},
	{methods: []string{"Agents.ListVersions", "Agents.AllVersions"}, op: "GET /test_framework/v2/aiagents/{id}/history/",
		query: reflect.TypeFor[PageParams](), resp: reflect.TypeFor[Page[AgentVersion]]()},
	{methods: []string{"Agents.RenameVersion"}, op: "PATCH /test_framework/v2/aiagents/{id}/history/edit/",
		resp: reflect.TypeFor[AgentVersion]()},
	{methods: []string{"Agents.RestoreVersion"}, op: "POST /test_framework/v2/aiagents/{id}/restore/",
		resp: reflect.TypeFor[Agent]()},
	{methods: []string{"Agents.ImportFromProvider"}, op: "POST /test_framework/v2/aiagents/{id}/auto-fetch/",
		resp: reflect.TypeFor[ProviderImport]()},
	{methods: []string{"Agents.GetImport", "Agents.WaitForImport"}, op: "GET /test_framework/v2/aiagents/{id}/auto-fetch-progress/",
		queryKeys: []string{"progress_id"}, resp: reflect.TypeFor[ProviderImport]()},

	// Calls (observability).
	{methods: []string{"Calls.Send"}, op: "POST /observability/v1/observe/",
		body: reflect.TypeFor[SendCallRequest](), resp: reflect.TypeFor[Call]()},
	{methods: []string{"Calls.List", "Calls.All"}, op: "GET /observability/v2/call-logs/",
		query: reflect.TypeFor[ListCallsParams](), resp: reflect.TypeFor[Page[Call]]()},
	{methods: []string{"Calls.Get", "Calls.WaitForEvaluation"}, op: "GET /observability/v2/call-logs/{id}/",
		resp: reflect.TypeFor[Call]()},
	{methods: []string{"Calls.Delete"}, op: "DELETE /observability/v2/call-logs/{id}/",
		query: reflect.TypeFor[DeleteCallParams]()},
	{methods: []string{"Calls.RerunEvaluation"}, op: "POST /observability/v2/call-logs/rerun_evaluation/",
		body: reflect.TypeFor[RerunEvaluationRequest](), resp: reflect.TypeFor[Page[Call]]()},
	{methods: []string{"Calls.EvaluateMetrics"}, op: "POST /observability/v2/call-logs/evaluate_metrics/",
		body: reflect.TypeFor[EvaluateMetricsRequest](), resp: reflect.TypeFor[Page[Call]]()},

	// Metrics (v2).
	{methods: []string{"Metrics.List", "Metrics.All"}, op: "GET /test_framework/v2/metrics/",
		query: reflect.TypeFor[ListMetricsParams](), resp: reflect.TypeFor[Page[Metric]]()},
	{methods: []string{"Metrics.Create"}, op: "POST /test_framework/v2/metrics/",
		body: reflect.TypeFor[CreateMetricRequest](), resp: reflect.TypeFor[Metric]()},
	{methods: []string{"Metrics.Get", "Metrics.GetBySlug"}, op: "GET /test_framework/v2/metrics/{id}/",
		resp: reflect.TypeFor[Metric]()},
	{methods: []string{"Metrics.Update"}, op: "PATCH /test_framework/v2/metrics/{id}/",
		body: reflect.TypeFor[UpdateMetricRequest](), resp: reflect.TypeFor[Metric]()},
	{methods: []string{"Metrics.Delete"}, op: "DELETE /test_framework/v2/metrics/{id}/"},

	// Results and runs (v2).
	{methods: []string{"Results.List", "Results.All"}, op: "GET /test_framework/v2/results/",
		query: reflect.TypeFor[ListResultsParams](), resp: reflect.TypeFor[Page[Result]]()},
	{methods: []string{"Results.Get", "Results.Wait"}, op: "GET /test_framework/v2/results/{id}/",
		resp: reflect.TypeFor[Result]()},
	{methods: []string{"Results.EndCalls"}, op: "POST /test_framework/v2/results/{id}/end_calls/"},
	{methods: []string{"Results.CreateShareLink"}, op: "POST /test_framework/v2/results/{id}/create_shareable_link_token/",
		body: reflect.TypeFor[ShareLinkRequest](), resp: reflect.TypeFor[ShareLink]()},
	{methods: []string{"Runs.List", "Runs.All"}, op: "GET /test_framework/v2/runs/",
		query: reflect.TypeFor[ListRunsParams](), resp: reflect.TypeFor[Page[Run]]()},
	{methods: []string{"Runs.Get"}, op: "GET /test_framework/v2/runs/{id}/",
		resp: reflect.TypeFor[Run]()},
	{methods: []string{"Runs.GetMany"}, op: "GET /test_framework/v2/runs/bulk/",
		queryKeys: []string{"run_ids"}, resp: reflect.TypeFor[Page[Run]]()},
	{methods: []string{"Runs.EndCall"}, op: "POST /test_framework/v2/runs/{id}/end_call/"},

	// Scenarios (v1, the documented version).
	{methods: []string{"Scenarios.Create"}, op: "POST /test_framework/v1/scenarios/",
		body: reflect.TypeFor[CreateScenarioRequest](), resp: reflect.TypeFor[Scenario]()},
	{methods: []string{"Scenarios.List", "Scenarios.All"}, op: "GET /test_framework/v1/scenarios/",
		query: reflect.TypeFor[ListScenariosParams](), resp: reflect.TypeFor[Page[Scenario]]()},
	{methods: []string{"Scenarios.Get"}, op: "GET /test_framework/v1/scenarios/{id}/",
		resp: reflect.TypeFor[Scenario]()},
	{methods: []string{"Scenarios.Update"}, op: "PATCH /test_framework/v1/scenarios/{id}/",
		body: reflect.TypeFor[UpdateScenarioRequest](), resp: reflect.TypeFor[Scenario]()},
	{methods: []string{"Scenarios.Delete"}, op: "DELETE /test_framework/v1/scenarios/{id}/"},
	{methods: []string{"Scenarios.BulkUpdate"}, op: "POST /test_framework/v1/scenarios/adv_update/",
		body: reflect.TypeFor[BulkUpdateScenariosRequest](),
		respNote: "BulkUpdate returns only an error: the API answers with the summary of one scenario, " +
			"which says nothing of the others (see its doc comment)"},
	{methods: []string{"Scenarios.Generate"}, op: "POST /test_framework/v1/scenarios/generate-bg/",
		body: reflect.TypeFor[GenerateScenariosRequest](), resp: reflect.TypeFor[Generation]()},
	{methods: []string{"Scenarios.GetGeneration", "Scenarios.WaitForGeneration"}, op: "GET /test_framework/v1/scenarios/generate-progress/",
		queryKeys: []string{"progress_id"}, resp: reflect.TypeFor[Generation]()},

	// Test runs: the five triggers of Tests.Start, and suites.
	{methods: []string{"Tests.Start"}, op: "POST /test_framework/v1/scenarios/run_scenarios/",
		body: reflect.TypeFor[StartTestsRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.Start"}, op: "POST /test_framework/v1/scenarios/run_scenarios_text/",
		body: reflect.TypeFor[StartTestsRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.Start"}, op: "POST /test_framework/v1/scenarios/run_scenarios_chirp/",
		body: reflect.TypeFor[StartTestsRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.Start"}, op: "POST /test_framework/v1/scenarios/run_scenarios_elevenlabs/",
		body: reflect.TypeFor[StartTestsRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.Start"}, op: "POST /test_framework/v1/scenarios/run_scenarios_sip/",
		body: reflect.TypeFor[StartTestsRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.RunSuite"}, op: "POST /test_framework/v2/scenarios/run_scenarios_json/",
		body: reflect.TypeFor[RunSuiteRequest](), resp: reflect.TypeFor[Result]()},
	{methods: []string{"Tests.PlanSuite"}, op: "POST /test_framework/v2/scenarios/run_scenarios_json/",
		body: reflect.TypeFor[RunSuiteRequest](), queryKeys: []string{"dry_run"},
		respNote: "with dry_run=true the API answers {dry_run, valid, plan} (read into SuitePlan), which the description " +
			"does not describe: its 200 schema is the started result, checked in the RunSuite row"},
}

// omission is a reason, and the properties it applies to.
type omission struct {
	reason string
	keys   []string
}

// coverageOmissions are the properties of the description that are not a
// field of the SDK's type where the table says they would be, each with
// the reason, grouped by the Go type that lacks them. A key is
// "<operation> <request|response[ status]|query>: <place>", exactly as the
// test's failure prints it.
var coverageOmissions = []omission{
	// Bodies the SDK sends or reads without a named type, or does not read.
	{"not returned: after a retried DELETE the count would be the retry's (0), so DeleteAllKnowledgeBaseFiles returns only an error (see its doc comment)", []string{
		"DELETE /test_framework/v2/aiagents/{id}/delete_knowledge_base/ response: deleted_count",
	}},
	{"read by CreateFromProvider (into an anonymous struct in agents_sub.go) as ProviderImport.AgentID", []string{
		"POST /test_framework/v2/aiagents/ response 202: id",
	}},
	{"read by CreateFromProvider (into an anonymous struct in agents_sub.go) as ProviderImport.ProgressID", []string{
		"POST /test_framework/v2/aiagents/ response 202: progress_id",
	}},
	{"sent from RenameVersion's historyID argument (the body is an anonymous struct in agents_sub.go)", []string{
		"PATCH /test_framework/v2/aiagents/{id}/history/edit/ request: history_id",
	}},
	{"sent from RenameVersionRequest.Name (the body is an anonymous struct in agents_sub.go)", []string{
		"PATCH /test_framework/v2/aiagents/{id}/history/edit/ request: version_name",
	}},
	{"sent from RestoreVersion's historyID argument (the body is an anonymous struct in agents_sub.go)", []string{
		"POST /test_framework/v2/aiagents/{id}/restore/ request: history_id",
	}},
	{"the file: UploadKnowledgeBaseFile streams it as this multipart part from UploadKnowledgeBaseFileRequest.Content, named by FileName", []string{
		"POST /test_framework/v2/aiagents/{id}/upload_knowledge_base/ request: files",
	}},
	// cekura.BulkUpdateScenariosRequest.
	{"the scenarios' inbound_phone_number, deprecated in the scenario schemas (\"Use phone_number field instead\"; the API keeps the two the same): BulkUpdateScenariosRequest.PhoneNumberID sends phone_number", []string{
		"POST /test_framework/v1/scenarios/adv_update/ request: inbound_phone_number",
	}},
	// cekura.CreateScenarioRequest.
	{"deprecated in the description: phone_number (and outbound_phone_number_data) replace it", []string{
		"POST /test_framework/v1/scenarios/ request: inbound_phone_number",
	}},
	// cekura.DynamicVariableWrite.
	{"ignored on write: the API matches dynamic variables by name, the description says; DynamicVariableWrite sends name and description", []string{
		"PATCH /test_framework/v2/aiagents/{id}/ request: dynamic_variables[].id",
		"POST /test_framework/v2/aiagents/ request: dynamic_variables[].id",
		"PUT /test_framework/v2/aiagents/{id}/ request: dynamic_variables[].id",
	}},
	// cekura.GenerateScenariosRequest.
	{"the context files: Generate uploads them as these multipart parts, streamed from GenerateScenariosRequest.GenerationFiles (json:\"-\")", []string{
		"POST /test_framework/v1/scenarios/generate-bg/ request: generation_files",
	}},
	// cekura.KnowledgeBaseFileWrite.
	{"an alias of file_name, the description says, which KnowledgeBaseFileWrite.FileName sends", []string{
		"PATCH /test_framework/v2/aiagents/{id}/ request: knowledge_base_files[].name",
		"POST /test_framework/v2/aiagents/ request: knowledge_base_files[].name",
		"PUT /test_framework/v2/aiagents/{id}/ request: knowledge_base_files[].name",
	}},
	// cekura.PersonalitiesChange.
	{"links to the other pages of this POST's answer, which only the same POST again would fetch (a GET of them is not an operation): " +
		"PersonalitiesChange.Count says whether there are more, and Agents.AllPersonalities reads them all", []string{
		"POST /test_framework/v2/aiagents/{id}/enable_personalities/ response: next",
		"POST /test_framework/v2/aiagents/{id}/enable_personalities/ response: previous",
	}},
	// cekura.ProviderUpdate.
	{"on create only, the description says; a re-import is Agents.ImportFromProvider (POST auto-fetch/)", []string{
		"PATCH /test_framework/v2/aiagents/{id}/ request: provider.configure_from_provider",
	}},
	// cekura.RunSuiteRequest.
	{"the upload form of spec: the SDK always sends the suite as the spec object (RunSuiteRequest.Suite)", []string{
		"POST /test_framework/v2/scenarios/run_scenarios_json/ request: file",
	}},
	// cekura.Scenario.
	{"removed from the API, the description says (read back for legacy rows only); dynamic variables live on the agent", []string{
		"GET /test_framework/v1/scenarios/ response: results[].dynamic_variable_values",
		"GET /test_framework/v1/scenarios/{id}/ response: dynamic_variable_values",
		"PATCH /test_framework/v1/scenarios/{id}/ response: dynamic_variable_values",
		"POST /test_framework/v1/scenarios/ response: dynamic_variable_values",
	}},
	{"deprecated in the description: phone_number (and outbound_phone_number_data) replace it", []string{
		"GET /test_framework/v1/scenarios/ response: results[].inbound_phone_number",
		"GET /test_framework/v1/scenarios/ response: results[].inbound_phone_number_data",
		"GET /test_framework/v1/scenarios/generate-progress/ response: scenarios_list[].inbound_phone_number",
		"GET /test_framework/v1/scenarios/generate-progress/ response: scenarios_list[].inbound_phone_number_data",
		"GET /test_framework/v1/scenarios/{id}/ response: inbound_phone_number",
		"GET /test_framework/v1/scenarios/{id}/ response: inbound_phone_number_data",
		"PATCH /test_framework/v1/scenarios/{id}/ response: inbound_phone_number",
		"PATCH /test_framework/v1/scenarios/{id}/ response: inbound_phone_number_data",
		"POST /test_framework/v1/scenarios/ response: inbound_phone_number",
		"POST /test_framework/v1/scenarios/ response: inbound_phone_number_data",
	}},
	// cekura.SendCallRequest.
	{"the recording file: Calls.Send uploads it as this multipart part, streamed from SendCallRequest.Recording (json:\"-\")", []string{
		"POST /observability/v1/observe/ request: voice_recording",
	}},
	// cekura.StartTestsRequest.
	{"a one-id alias the API merges into personality_ids, which StartTestsRequest.PersonalityIDs sends", []string{
		"POST /test_framework/v1/scenarios/run_scenarios/ request: personality_id",
		"POST /test_framework/v1/scenarios/run_scenarios_chirp/ request: personality_id",
		"POST /test_framework/v1/scenarios/run_scenarios_elevenlabs/ request: personality_id",
		"POST /test_framework/v1/scenarios/run_scenarios_sip/ request: personality_id",
	}},
	{"a one-id alias the API merges into test_profile_ids, which StartTestsRequest.TestProfileIDs sends", []string{
		"POST /test_framework/v1/scenarios/run_scenarios/ request: test_profile_id",
		"POST /test_framework/v1/scenarios/run_scenarios_chirp/ request: test_profile_id",
		"POST /test_framework/v1/scenarios/run_scenarios_elevenlabs/ request: test_profile_id",
		"POST /test_framework/v1/scenarios/run_scenarios_sip/ request: test_profile_id",
	}},
	// cekura.UpdateScenarioRequest.
	{"deprecated in the description: phone_number (and outbound_phone_number_data) replace it", []string{
		"PATCH /test_framework/v1/scenarios/{id}/ request: inbound_phone_number",
	}},
	// Query parameters that cekura.ListAgentsParams does not send.
	{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)", []string{
		"GET /test_framework/v2/aiagents/ query: organization_id",
	}},
	// Query parameters that cekura.ListResultsParams does not send.
	{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)", []string{
		"GET /test_framework/v2/results/ query: assistant_id",
	}},
	// Query parameters that cekura.ListRunsParams does not send.
	{"the one-run form of id__in, which ListRunsParams.IDs sends (Runs.Get reads one run)", []string{
		"GET /test_framework/v2/runs/ query: id",
	}},
	{"the same filter as result_id, which ListRunsParams.ResultID sends", []string{
		"GET /test_framework/v2/runs/ query: result__id",
	}},
	{"the same filter as agent_id (a run's agent is its result's), which ListRunsParams.AgentID sends; AgentIDs sends result__agent_id__in", []string{
		"GET /test_framework/v2/runs/ query: result__agent_id",
	}},
	{"a comma-separated list of ids, as results/ documents its own scenarios filter: the same as scenario__id__in (personality__id__in), " +
		"which ListRunsParams.ScenarioIDs (PersonalityIDs) sends, comma-separated too", []string{
		"GET /test_framework/v2/runs/ query: personalities",
		"GET /test_framework/v2/runs/ query: scenarios",
	}},
	{"the provider's call id, the description says (\"the call_id field on the response is the provider's call identifier\"): " +
		"the same as provider_call_id (and __icontains), which ListRunsParams.ProviderCallID and ProviderCallIDContains send", []string{
		"GET /test_framework/v2/runs/ query: call_id",
		"GET /test_framework/v2/runs/ query: call_id__icontains",
	}},
	{"a range as one string, in a format the description does not give; its bounds are typed: created_at_from and created_at_to " +
		"(CreatedFrom, CreatedTo), duration__gte and duration__lte (MinDurationMinutes, MaxDurationMinutes)", []string{
		"GET /test_framework/v2/runs/ query: created_at_range",
		"GET /test_framework/v2/runs/ query: duration_range",
	}},
	{"undocumented: the description gives only a type (metrics a string, success_rate a number), no meaning, format or example, " +
		"and a run has no success rate of its own; a typed field would be a guess at what the API filters", []string{
		"GET /test_framework/v2/runs/ query: metrics",
		"GET /test_framework/v2/runs/ query: success_rate",
	}},
	// Query parameters of operations the SDK sends none to (UploadKnowledgeBaseFile, EnablePersonalities).
	{"pages the answer of a write: another page would mean sending the upload again (it is not idempotent); the agent's files are paged by ListKnowledgeBaseFiles and AllKnowledgeBaseFiles", []string{
		"POST /test_framework/v2/aiagents/{id}/upload_knowledge_base/ query: page",
		"POST /test_framework/v2/aiagents/{id}/upload_knowledge_base/ query: page_size",
	}},
	{"pages the answer of a write: another page would mean enabling again; the project's personalities are paged by ListPersonalities and AllPersonalities", []string{
		"POST /test_framework/v2/aiagents/{id}/enable_personalities/ query: page",
		"POST /test_framework/v2/aiagents/{id}/enable_personalities/ query: page_size",
	}},
	// Query parameters that Runs.GetMany (run_ids only) does not send.
	{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)", []string{
		"GET /test_framework/v2/runs/bulk/ query: agent_id",
		"GET /test_framework/v2/runs/bulk/ query: project_id",
		"GET /test_framework/v2/runs/bulk/ query: result_id",
	}},
}

// coverageOmitted is coverageOmissions by key. It is made when asked, so
// that a resource's own test file can add its rows and omissions to
// coverageTable and coverageOmissions from an init function
// (schema_coverage_<resource>_test.go).
func coverageOmitted() map[string]string {
	m := map[string]string{}
	for _, o := range coverageOmissions {
		for _, k := range o.keys {
			m[k] = o.reason
		}
	}
	return m
}
