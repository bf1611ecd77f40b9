package cekura

import (
	"encoding/json"
	"reflect"
)

// The dashboards' and widgets' types in the codec's exactness test
// (codec_exact_test.go).
func init() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[CallLogFilter](), reflect.TypeFor[DashboardsService](), reflect.TypeFor[WidgetsService](),
		reflect.TypeFor[Dashboard](), reflect.TypeFor[CreateDashboardRequest](), reflect.TypeFor[UpdateDashboardRequest](),
		reflect.TypeFor[ListDashboardsParams](), reflect.TypeFor[DuplicateDashboardRequest](), reflect.TypeFor[BulkWidgetsRequest](),
		reflect.TypeFor[BulkWidgetUpdate](), reflect.TypeFor[BulkWidgetsResult](), reflect.TypeFor[WidgetGroupBy](),
		reflect.TypeFor[Widget](), reflect.TypeFor[CreateWidgetRequest](), reflect.TypeFor[UpdateWidgetRequest](),
		reflect.TypeFor[ListWidgetsParams](), reflect.TypeFor[WidgetDataParams](), reflect.TypeFor[BulkWidgetDataRequest](),
		reflect.TypeFor[WidgetData](), reflect.TypeFor[WidgetPoint](), reflect.TypeFor[WidgetStat](), reflect.TypeFor[WidgetDataMetadata](),
	} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	exactTypes["Page"] = append(exactTypes["Page"], reflect.TypeFor[Page[Dashboard]](), reflect.TypeFor[Page[WidgetData]]())
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[CallLogFilter]](), reflect.TypeFor[Opt[json.RawMessage]]())
}
