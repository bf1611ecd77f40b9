package cekura

import "reflect"

// The schema-coverage rows of the dashboards and their widgets (see
// schema_coverage_table_test.go).
func init() {
	coverageTable = append(coverageTable,
		coverageOp{methods: []string{"Dashboards.Create"}, op: "POST /dashboards/dashboards/",
			body: reflect.TypeFor[CreateDashboardRequest](), resp: reflect.TypeFor[Dashboard]()},
		coverageOp{methods: []string{"Dashboards.List", "Dashboards.All"}, op: "GET /dashboards/dashboards/",
			query: reflect.TypeFor[ListDashboardsParams](), resp: reflect.TypeFor[Page[Dashboard]]()},
		coverageOp{methods: []string{"Dashboards.Get"}, op: "GET /dashboards/dashboards/{id}/",
			resp: reflect.TypeFor[Dashboard]()},
		coverageOp{methods: []string{"Dashboards.Update"}, op: "PATCH /dashboards/dashboards/{id}/",
			body: reflect.TypeFor[UpdateDashboardRequest](), resp: reflect.TypeFor[Dashboard]()},
		coverageOp{methods: []string{"Dashboards.Delete"}, op: "DELETE /dashboards/dashboards/{id}/"},
		coverageOp{methods: []string{"Dashboards.Duplicate"}, op: "POST /dashboards/dashboards/{id}/duplicate/",
			body: reflect.TypeFor[DuplicateDashboardRequest](), resp: reflect.TypeFor[Dashboard]()},
		coverageOp{methods: []string{"Dashboards.BulkEditWidgets"}, op: "POST /dashboards/dashboards/{id}/bulk_widgets/",
			body: reflect.TypeFor[BulkWidgetsRequest](), resp: reflect.TypeFor[BulkWidgetsResult]()},
		coverageOp{methods: []string{"Widgets.Create"}, op: "POST /dashboards/widgets/",
			body: reflect.TypeFor[CreateWidgetRequest](), resp: reflect.TypeFor[Widget]()},
		coverageOp{methods: []string{"Widgets.List", "Widgets.All"}, op: "GET /dashboards/widgets/",
			query: reflect.TypeFor[ListWidgetsParams](), resp: reflect.TypeFor[Page[Widget]]()},
		coverageOp{methods: []string{"Widgets.Get"}, op: "GET /dashboards/widgets/{id}/",
			resp: reflect.TypeFor[Widget]()},
		coverageOp{methods: []string{"Widgets.Update"}, op: "PATCH /dashboards/widgets/{id}/",
			body: reflect.TypeFor[UpdateWidgetRequest](), resp: reflect.TypeFor[Widget]()},
		coverageOp{methods: []string{"Widgets.Delete"}, op: "DELETE /dashboards/widgets/{id}/"},
		coverageOp{methods: []string{"Widgets.GetData"}, op: "GET /dashboards/widgets/{id}/data/",
			query: reflect.TypeFor[WidgetDataParams](), resp: reflect.TypeFor[WidgetData]()},
		coverageOp{methods: []string{"Widgets.PreviewData"}, op: "POST /dashboards/widgets/preview_data/",
			body: reflect.TypeFor[CreateWidgetRequest](), resp: reflect.TypeFor[WidgetData]()},
		coverageOp{methods: []string{"Widgets.GetBulkData"}, op: "POST /dashboards/widgets/bulk_data/",
			body: reflect.TypeFor[BulkWidgetDataRequest](), query: reflect.TypeFor[PageParams](), resp: reflect.TypeFor[Page[WidgetData]]()},
	)
}
