package cekura

import (
	"encoding/json"
	"reflect"
)

// The types of the results' actions, the metrics' jobs, predefined
// metrics, critical metric scenarios and metric reviews, for the codec's
// exactness test (codec_exact_test.go).
func init() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[JobFailedError](),
		reflect.TypeFor[EvaluateResultMetricsRequest](), reflect.TypeFor[BulkEvaluateResultMetricsRequest](),
		reflect.TypeFor[DeleteRunsRequest](), reflect.TypeFor[BulkDeleteResultsRequest](), reflect.TypeFor[AskAboutFailuresRequest](),
		reflect.TypeFor[BulkCreateMetricsRequest](), reflect.TypeFor[ReorderMetricsRequest](), reflect.TypeFor[MetricOrder](),
		reflect.TypeFor[MetricPreviewData](), reflect.TypeFor[PreviewMetricRequest](), reflect.TypeFor[MetricPreview](),
		reflect.TypeFor[GenerateMetricsRequest](), reflect.TypeFor[MetricGeneration](),
		reflect.TypeFor[SimplifyPromptRequest](), reflect.TypeFor[PromptSimplification](),
		reflect.TypeFor[MetricTextRequest](), reflect.TypeFor[CleanDescriptionRequest](), reflect.TypeFor[CleanDescription](),
		reflect.TypeFor[RunReviewsRequest](), reflect.TypeFor[ReviewRun](),
		reflect.TypeFor[PredefinedMetricsService](), reflect.TypeFor[PredefinedMetric](), reflect.TypeFor[ListPredefinedMetricsParams](),
		reflect.TypeFor[CriticalMetricScenariosService](), reflect.TypeFor[CriticalMetricScenario](),
		reflect.TypeFor[ListCriticalMetricScenariosParams](), reflect.TypeFor[UpdateCriticalMetricScenarioRequest](),
		reflect.TypeFor[MetricReviewsService](), reflect.TypeFor[MetricReview](), reflect.TypeFor[UpdateMetricReviewRequest](),
		reflect.TypeFor[ProcessFeedbacksRequest](), reflect.TypeFor[ReviewResult](), reflect.TypeFor[OptimizationScore](),
		reflect.TypeFor[FeedbackProcessing](), reflect.TypeFor[AnswerFeedbackQuestionsRequest](),
	} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	exactTypes["Page"] = append(exactTypes["Page"], reflect.TypeFor[Page[PredefinedMetric]](), reflect.TypeFor[Page[CriticalMetricScenario]]())
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[CriticalPriority]](), reflect.TypeFor[Opt[json.RawMessage]]())
	notReadBack["BulkCreateMetricsRequest"] = "a request-only type: its MarshalJSON writes the metrics as a JSON array, which no decoder reads"
}
