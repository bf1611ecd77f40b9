package cekura

import "reflect"

// The schema-coverage rows of the insights and improvement sessions (see
// schema_coverage_table_test.go).
func init() {
	const fm, dr = "/observability/v1/metric-failure-mode-insights/", "/observability/v1/deep-research-insights/"
	const ai, si = "/observability/v1/agent-improvement-sessions/", "/test_framework/v1/scenario-improvement-sessions/"
	coverageTable = append(coverageTable,
		// Metric failure-mode insights.
		coverageOp{methods: []string{"FailureInsights.GetAvailableDates"}, op: "GET " + fm + "available_dates/",
			query: reflect.TypeFor[AvailableDatesParams](),
			respNote: "the description declares the insight row (MetricFailureModeInsight), the generator's default for an action " +
				"with no schema of its own, while its text says the distinct dates: read into InsightDates"},
		coverageOp{methods: []string{"FailureInsights.ListCategories", "FailureInsights.AllCategories"}, op: "GET " + fm + "categories/",
			query: reflect.TypeFor[ListFailureCategoriesParams](),
			respNote: "the description declares the insight row (the generator's default), while its text says the failure " +
				"categories with a call count and example call ids: read as a list of FailureCategory"},
		coverageOp{methods: []string{"FailureInsights.GetCategoryCalls"}, op: "GET " + fm + "categories/{category_slug}/calls/",
			query: reflect.TypeFor[CategoryCallsParams](), resp: reflect.TypeFor[CategoryCalls]()},
		coverageOp{methods: []string{"FailureInsights.ListFailureRates", "FailureInsights.AllFailureRates"}, op: "GET " + fm + "failure-rates/",
			query: reflect.TypeFor[FailureRatesParams](),
			respNote: "the description declares the insight row (the generator's default), while its text says each metric's " +
				"failure percentage: read as a list of MetricFailureRate"},
		coverageOp{methods: []string{"FailureInsights.BulkGenerate"}, op: "POST " + fm + "bulk_generate/",
			body: reflect.TypeFor[BulkGenerateInsightsRequest](),
			respNote: "the description declares the request's own schema as the answer, while its text says the new insight " +
				"rows to poll: read as a list of FailureInsight, whose schema the Get row checks"},
		coverageOp{methods: []string{"FailureInsights.Get", "FailureInsights.WaitForInsight"}, op: "GET " + fm + "{id}/",
			resp: reflect.TypeFor[FailureInsight]()},
		coverageOp{methods: []string{"FailureInsights.FixCategoryMetric"}, op: "POST " + fm + "categories/{category_slug}/fix-metric/",
			body: reflect.TypeFor[FixCategoryMetricRequest](), query: reflect.TypeFor[FixCategoryMetricRequest](),
			resp: reflect.TypeFor[FixMetricResult]()},
		coverageOp{methods: []string{"FailureInsights.DeleteCategory"}, op: "DELETE " + fm + "categories/{category_slug}/delete/",
			query: reflect.TypeFor[CategoryScope]()},

		// Deep research insights.
		coverageOp{methods: []string{"ResearchInsights.List", "ResearchInsights.All"}, op: "GET " + dr,
			query: reflect.TypeFor[ListResearchInsightsParams](), resp: reflect.TypeFor[Page[ResearchInsight]]()},
		coverageOp{methods: []string{"ResearchInsights.Get", "ResearchInsights.WaitForInsight"}, op: "GET " + dr + "{id}/",
			resp: reflect.TypeFor[ResearchInsight]()},
		coverageOp{methods: []string{"ResearchInsights.Delete"}, op: "DELETE " + dr + "{id}/"},
		coverageOp{methods: []string{"ResearchInsights.GetPricing"}, op: "GET " + dr + "pricing/",
			query: reflect.TypeFor[ResearchPricingParams](),
			respNote: "the description declares the insight row (DeepResearchInsight, the generator's default), while its text " +
				"says the flat credit cost of an audit: read into InsightPricing"},
		coverageOp{methods: []string{"ResearchInsights.Generate"}, op: "POST " + dr + "generate/",
			body: reflect.TypeFor[GenerateResearchRequest](),
			respNote: "the description declares the request's own schema as the answer, while its text (and Cekura's guide) " +
				"says the new row in pending: read into ResearchInsight, whose schema the Get row checks"},
		coverageOp{methods: []string{"ResearchInsights.DismissMode"}, op: "POST " + dr + "dismiss_mode/",
			body: reflect.TypeFor[DismissResearchModeRequest](), resp: reflect.TypeFor[ResearchModeDismissal]()},

		// Agent-improvement sessions.
		coverageOp{methods: []string{"AgentImprovements.List", "AgentImprovements.All"}, op: "GET " + ai,
			query: reflect.TypeFor[ListAgentImprovementsParams](), resp: reflect.TypeFor[Page[AgentImprovementSession]]()},
		coverageOp{methods: []string{"AgentImprovements.Create"}, op: "POST " + ai,
			body: reflect.TypeFor[CreateAgentImprovementRequest](), resp: reflect.TypeFor[AgentImprovementSession]()},
		coverageOp{methods: []string{"AgentImprovements.Get", "AgentImprovements.WaitForSession"}, op: "GET " + ai + "{id}/",
			resp: reflect.TypeFor[AgentImprovementSession]()},

		// Scenario-improvement sessions.
		coverageOp{methods: []string{"ScenarioImprovements.List", "ScenarioImprovements.All"}, op: "GET " + si,
			query: reflect.TypeFor[ListScenarioImprovementsParams](), resp: reflect.TypeFor[Page[ScenarioImprovementSession]]()},
		coverageOp{methods: []string{"ScenarioImprovements.Create"}, op: "POST " + si,
			body: reflect.TypeFor[CreateScenarioImprovementRequest](), resp: reflect.TypeFor[ScenarioImprovementSession]()},
		coverageOp{methods: []string{"ScenarioImprovements.Get"}, op: "GET " + si + "{id}/",
			resp: reflect.TypeFor[ScenarioImprovementSession]()},
		coverageOp{methods: []string{"ScenarioImprovements.Update"}, op: "PATCH " + si + "{id}/",
			body: reflect.TypeFor[UpdateScenarioImprovementRequest](), resp: reflect.TypeFor[ScenarioImprovementSession]()},
	)
	coverageOmissions = append(coverageOmissions,
		omission{"who started the session is the API's record, from the caller's credentials; UpdateScenarioImprovementRequest " +
			"does not rewrite it (the answer's CreatedByID reads it)",
			[]string{"PATCH " + si + "{id}/ request: created_by"}},
	)
}
