package cekura

import "reflect"

// The types of a metric's settings, for the codec's exactness test
// (codec_exact_test.go).
func init() {
	for _, t := range []reflect.Type{reflect.TypeFor[ScenarioSelection](), reflect.TypeFor[MetricOptimisationProposal]()} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	notReadBack["ScenarioSelection"] = `a request-only type: its MarshalJSON writes "all" or the ids, which no decoder reads`
	notReadBack["UpdateMetricRequest"] = "holds a ScenarioSelection"
}
