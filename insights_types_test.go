package cekura

import "reflect"

// The insight and improvement types, in the package-wide checks: the
// codec's exactness (codec_exact_test.go) and redaction
// (redact_all_test.go).
func init() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[FailureInsightsService](), reflect.TypeFor[FailureInsight](), reflect.TypeFor[InsightFailedError](),
		reflect.TypeFor[FailureMode](), reflect.TypeFor[InsightDates](), reflect.TypeFor[FailureCategory](),
		reflect.TypeFor[MetricFailureRate](), reflect.TypeFor[CategoryCalls](), reflect.TypeFor[AvailableDatesParams](),
		reflect.TypeFor[ListFailureCategoriesParams](), reflect.TypeFor[FailureRatesParams](), reflect.TypeFor[CategoryScope](),
		reflect.TypeFor[CategoryCallsParams](), reflect.TypeFor[BulkGenerateInsightsRequest](), reflect.TypeFor[FixCategoryMetricRequest](),
		reflect.TypeFor[FixMetricResult](),
		reflect.TypeFor[ResearchInsightsService](), reflect.TypeFor[ResearchInsight](), reflect.TypeFor[ListResearchInsightsParams](),
		reflect.TypeFor[ResearchPricingParams](), reflect.TypeFor[InsightPricing](), reflect.TypeFor[GenerateResearchRequest](),
		reflect.TypeFor[DismissResearchModeRequest](), reflect.TypeFor[ResearchModeDismissal](),
		reflect.TypeFor[AgentImprovementsService](), reflect.TypeFor[AgentImprovementSession](), reflect.TypeFor[ImprovementFailedError](),
		reflect.TypeFor[CreateAgentImprovementRequest](), reflect.TypeFor[ListAgentImprovementsParams](),
		reflect.TypeFor[ScenarioImprovementsService](), reflect.TypeFor[ConversationItem](), reflect.TypeFor[ScenarioImprovementSession](),
		reflect.TypeFor[CreateScenarioImprovementRequest](), reflect.TypeFor[UpdateScenarioImprovementRequest](),
		reflect.TypeFor[ListScenarioImprovementsParams](),
	} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[any]](), reflect.TypeFor[Opt[[]ConversationItem]]())
	exactTypes["Page"] = append(exactTypes["Page"], reflect.TypeFor[Page[FailureCategory]](), reflect.TypeFor[Page[ResearchInsight]]())
	exactTypes["WaitParams"] = append(exactTypes["WaitParams"], reflect.TypeFor[WaitParams[FailureInsight]]())
	redactedTypes = append(redactedTypes, CreateAgentImprovementRequest{})
}
