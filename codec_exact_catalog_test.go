package cekura

import (
	"encoding/json"
	"reflect"
)

// The catalogue's exported structs, checked by
// TestTheCodecIsEncodingJSONForEveryExportedType as the others are (see
// exactTypes).
func init() {
	for name, types := range map[string][]reflect.Type{
		"PersonalitiesService": {reflect.TypeFor[PersonalitiesService]()}, "CreatePersonalityRequest": {reflect.TypeFor[CreatePersonalityRequest]()},
		"UpdatePersonalityRequest": {reflect.TypeFor[UpdatePersonalityRequest]()}, "ForkPersonalityRequest": {reflect.TypeFor[ForkPersonalityRequest]()},
		"ListPersonalitiesParams": {reflect.TypeFor[ListPersonalitiesParams]()}, "GenerationConfig": {reflect.TypeFor[GenerationConfig]()},
		"MessagePlan": {reflect.TypeFor[MessagePlan]()}, "StopSpeakingPlan": {reflect.TypeFor[StopSpeakingPlan]()},
		"BackgroundSoundVolume": {reflect.TypeFor[BackgroundSoundVolume]()},
		"TestSetsService":       {reflect.TypeFor[TestSetsService]()}, "TestSet": {reflect.TypeFor[TestSet]()},
		"TestSetMetricReview": {reflect.TypeFor[TestSetMetricReview]()}, "TestSetMetric": {reflect.TypeFor[TestSetMetric]()},
		"CreateTestSetFromRunRequest": {reflect.TypeFor[CreateTestSetFromRunRequest]()}, "CreateTestSetFromCallRequest": {reflect.TypeFor[CreateTestSetFromCallRequest]()},
		"PhoneNumbersService": {reflect.TypeFor[PhoneNumbersService]()}, "PhoneNumber": {reflect.TypeFor[PhoneNumber]()},
		"ToolsService": {reflect.TypeFor[ToolsService]()}, "Tool": {reflect.TypeFor[Tool]()}, "ToolMapping": {reflect.TypeFor[ToolMapping]()},
		"MCPServer": {reflect.TypeFor[MCPServer]()}, "ListToolsParams": {reflect.TypeFor[ListToolsParams]()},
	} {
		exactTypes[name] = types
	}
	exactTypes["Page"] = append(exactTypes["Page"], reflect.TypeFor[Page[Personality]](), reflect.TypeFor[Page[Tool]]())
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[StopSpeakingPlan]](), reflect.TypeFor[Opt[json.RawMessage]](), reflect.TypeFor[Opt[float64]]())
}
