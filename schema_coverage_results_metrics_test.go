package cekura

import "reflect"

// The schema coverage rows of the results' actions, the metrics' jobs,
// predefined metrics, critical metric scenarios and metric reviews (see
// schema_coverage_test.go).
func init() {
	const (
		results = "/test_framework/v2/results/"
		metrics = "/test_framework/v2/metrics/"
		reviews = "/test_framework/metric-reviews/"
	)
	progress := []string{"progress_id"}
	coverageTable = append(coverageTable,
		// Results (v2).
		coverageOp{methods: []string{"Results.Rerun"}, op: "POST " + results + "{id}/rerun/",
			resp: reflect.TypeFor[Result]()},
		coverageOp{methods: []string{"Results.EvaluateMetrics"}, op: "POST " + results + "{id}/evaluate_metrics/",
			body: reflect.TypeFor[EvaluateResultMetricsRequest](), resp: reflect.TypeFor[Result]()},
		coverageOp{methods: []string{"Results.BulkEvaluateMetrics"}, op: "POST " + results + "bulk_evaluate_metrics/",
			body: reflect.TypeFor[BulkEvaluateResultMetricsRequest]()},
		coverageOp{methods: []string{"Results.DeleteRuns"}, op: "POST " + results + "{id}/delete_runs/",
			body: reflect.TypeFor[DeleteRunsRequest]()},
		coverageOp{methods: []string{"Results.BulkDelete"}, op: "POST " + results + "bulk_delete/",
			body: reflect.TypeFor[BulkDeleteResultsRequest]()},
		coverageOp{methods: []string{"Results.AskAboutFailures"}, op: "POST " + results + "{id}/ask_about_failures/",
			body: reflect.TypeFor[AskAboutFailuresRequest]()},

		// Metrics (v2): bulk create, reorder, and the jobs.
		coverageOp{methods: []string{"Metrics.BulkCreate"}, op: "POST " + metrics + "bulk_create/",
			body: reflect.TypeFor[[]*CreateMetricRequest](), resp: reflect.TypeFor[Page[Metric]]()},
		coverageOp{methods: []string{"Metrics.Reorder"}, op: "PATCH " + metrics + "reorder/",
			body: reflect.TypeFor[ReorderMetricsRequest](), resp: reflect.TypeFor[MetricOrder]()},
		coverageOp{methods: []string{"Metrics.Preview"}, op: "POST " + metrics + "preview/",
			body: reflect.TypeFor[PreviewMetricRequest](), resp: reflect.TypeFor[MetricPreview]()},
		coverageOp{methods: []string{"Metrics.GetPreview", "Metrics.WaitForPreview"}, op: "GET " + metrics + "preview-progress/",
			queryKeys: progress, resp: reflect.TypeFor[MetricPreview]()},
		coverageOp{methods: []string{"Metrics.GenerateMetrics"}, op: "POST " + metrics + "generate_metrics/",
			body: reflect.TypeFor[GenerateMetricsRequest](), resp: reflect.TypeFor[MetricGeneration]()},
		coverageOp{methods: []string{"Metrics.GetMetricGeneration", "Metrics.WaitForMetricGeneration"}, op: "GET " + metrics + "generate_metrics_progress/",
			queryKeys: progress, resp: reflect.TypeFor[MetricGeneration]()},
		coverageOp{methods: []string{"Metrics.SimplifyPrompt"}, op: "POST " + metrics + "simplify_prompt/",
			body: reflect.TypeFor[SimplifyPromptRequest](), resp: reflect.TypeFor[PromptSimplification]()},
		coverageOp{methods: []string{"Metrics.GetPromptSimplification", "Metrics.WaitForPromptSimplification"}, op: "GET " + metrics + "simplify_prompt_progress/",
			queryKeys: progress, resp: reflect.TypeFor[PromptSimplification]()},
		coverageOp{methods: []string{"Metrics.GenerateCleanDescription"}, op: "POST " + metrics + "generate_clean_description/",
			body: reflect.TypeFor[MetricTextRequest](), resp: reflect.TypeFor[Metric]()},
		coverageOp{methods: []string{"Metrics.StartCleanDescription"}, op: "POST " + metrics + "generate_clean_description_bg/",
			body: reflect.TypeFor[CleanDescriptionRequest](), resp: reflect.TypeFor[CleanDescription]()},
		coverageOp{methods: []string{"Metrics.GetCleanDescription", "Metrics.WaitForCleanDescription"}, op: "GET " + metrics + "generate_clean_description_progress/",
			queryKeys: progress, resp: reflect.TypeFor[CleanDescription]()},
		coverageOp{methods: []string{"Metrics.GenerateEvaluationTrigger"}, op: "POST " + metrics + "generate_evaluation_trigger/",
			body: reflect.TypeFor[MetricTextRequest](), resp: reflect.TypeFor[Metric]()},
		coverageOp{methods: []string{"Metrics.RunReviews"}, op: "POST " + metrics + "{id}/run_reviews/",
			body: reflect.TypeFor[RunReviewsRequest](), resp: reflect.TypeFor[ReviewRun]()},
		coverageOp{methods: []string{"Metrics.GetReviewRun", "Metrics.WaitForReviewRun"}, op: "GET " + metrics + "run_reviews_progress/",
			queryKeys: progress, resp: reflect.TypeFor[ReviewRun]()},

		// Predefined metrics and critical metric scenarios (v1, the only
		// version).
		coverageOp{methods: []string{"PredefinedMetrics.List", "PredefinedMetrics.All"}, op: "GET /test_framework/v1/predefined-metrics/",
			query: reflect.TypeFor[ListPredefinedMetricsParams](), resp: reflect.TypeFor[Page[PredefinedMetric]]()},
		coverageOp{methods: []string{"CriticalMetricScenarios.List", "CriticalMetricScenarios.All"}, op: "GET /test_framework/v1/critical-metric-scenarios/",
			query: reflect.TypeFor[ListCriticalMetricScenariosParams](), resp: reflect.TypeFor[Page[CriticalMetricScenario]]()},
		coverageOp{methods: []string{"CriticalMetricScenarios.Update"}, op: "PATCH /test_framework/v1/critical-metric-scenarios/{id}/",
			body: reflect.TypeFor[UpdateCriticalMetricScenarioRequest](), resp: reflect.TypeFor[CriticalMetricScenario]()},

		// Metric reviews (Labs).
		coverageOp{methods: []string{"MetricReviews.ProcessFeedbacks"}, op: "POST " + reviews + "process_feedbacks/",
			body: reflect.TypeFor[ProcessFeedbacksRequest](), resp: reflect.TypeFor[FeedbackProcessing]()},
		coverageOp{methods: []string{"MetricReviews.GetFeedbackProcessing", "MetricReviews.WaitForFeedbackProcessing"}, op: "GET " + reviews + "process_feedbacks_progress/",
			queryKeys: progress, resp: reflect.TypeFor[FeedbackProcessing]()},
		coverageOp{methods: []string{"MetricReviews.AnswerFeedbackQuestions"}, op: "POST " + reviews + "process_feedbacks_answer/",
			body: reflect.TypeFor[AnswerFeedbackQuestionsRequest]()},
		coverageOp{methods: []string{"MetricReviews.Update"}, op: "PATCH " + reviews + "{id}/",
			body: reflect.TypeFor[UpdateMetricReviewRequest](), resp: reflect.TypeFor[MetricReview]()},
	)
	coverageOmissions = append(coverageOmissions,
		// cekura.MetricTextRequest.
		omission{"a stored setting of the metric (alerts, Slack, sampling, where it runs, its slug and codes), not an input of the text the writers produce; they save nothing: Metrics.Create and Update set the metric", []string{
			"POST /test_framework/v2/metrics/generate_clean_description/ request: add_to_new_agents",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: alert_enabled",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: alert_filters",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: alert_type",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: function_name",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: observability_enabled",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: priority_assignment_prompt",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: sampling_enabled",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: scenarios",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: significant_change_alert_direction",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: significant_change_alert_status",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: simulation_enabled",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: slack_channel_id",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: slack_workspace",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: slug",
			"POST /test_framework/v2/metrics/generate_clean_description/ request: vocera_defined_metric_code",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: add_to_new_agents",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: alert_enabled",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: alert_filters",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: alert_type",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: function_name",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: observability_enabled",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: priority_assignment_prompt",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: sampling_enabled",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: scenarios",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: significant_change_alert_direction",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: significant_change_alert_status",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: simulation_enabled",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: slack_channel_id",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: slack_workspace",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: slug",
			"POST /test_framework/v2/metrics/generate_evaluation_trigger/ request: vocera_defined_metric_code",
		}},
		// Query parameters of the progress endpoints.
		omission{"tenant scope for the permission check of a dashboard login: an API key is already scoped to its tenant, and the progress id names the job", []string{
			"GET /test_framework/metric-reviews/process_feedbacks_progress/ query: agent_id",
			"GET /test_framework/metric-reviews/process_feedbacks_progress/ query: project_id",
			"GET /test_framework/v2/metrics/generate_clean_description_progress/ query: agent_id",
			"GET /test_framework/v2/metrics/generate_clean_description_progress/ query: assistant_id",
			"GET /test_framework/v2/metrics/generate_clean_description_progress/ query: project_id",
			"GET /test_framework/v2/metrics/generate_metrics_progress/ query: agent_id",
			"GET /test_framework/v2/metrics/generate_metrics_progress/ query: assistant_id",
			"GET /test_framework/v2/metrics/generate_metrics_progress/ query: project_id",
			"GET /test_framework/v2/metrics/preview-progress/ query: agent_id",
			"GET /test_framework/v2/metrics/preview-progress/ query: assistant_id",
			"GET /test_framework/v2/metrics/preview-progress/ query: project_id",
			"GET /test_framework/v2/metrics/run_reviews_progress/ query: agent_id",
			"GET /test_framework/v2/metrics/run_reviews_progress/ query: assistant_id",
			"GET /test_framework/v2/metrics/run_reviews_progress/ query: project_id",
			"GET /test_framework/v2/metrics/simplify_prompt_progress/ query: agent_id",
			"GET /test_framework/v2/metrics/simplify_prompt_progress/ query: assistant_id",
			"GET /test_framework/v2/metrics/simplify_prompt_progress/ query: project_id",
		}},
		// cekura.UpdateMetricReviewRequest.
		omission{"the review's id is the path's: UpdateMetricReviewRequest does not repeat it in the body", []string{
			"PATCH /test_framework/metric-reviews/{id}/ request: id",
		}},
		// cekura.AnswerFeedbackQuestionsRequest.
		omission{"the description gives this body the metric review serializer's schema, which its own text contradicts (\"Answers are keyed by question id\"): AnswerFeedbackQuestionsRequest sends progress_id and answers instead (see its doc comment)", []string{
			"POST /test_framework/metric-reviews/process_feedbacks_answer/ request: expected_value",
			"POST /test_framework/metric-reviews/process_feedbacks_answer/ request: feedback",
			"POST /test_framework/metric-reviews/process_feedbacks_answer/ request: id",
		}},
	)
}
