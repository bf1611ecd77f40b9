package cekura

import "reflect"

// The schema-coverage rows of the personalities, the test sets, the phone
// numbers and the tools catalogue (see schema_coverage_table_test.go).
func init() {
	coverageTable = append(coverageTable,
		coverageOp{methods: []string{"Personalities.List", "Personalities.All"}, op: "GET /test_framework/v1/personalities/",
			query: reflect.TypeFor[ListPersonalitiesParams](), resp: reflect.TypeFor[Page[Personality]]()},
		coverageOp{methods: []string{"Personalities.Get"}, op: "GET /test_framework/v1/personalities/{id}/",
			resp: reflect.TypeFor[Personality]()},
		coverageOp{methods: []string{"Personalities.Create"}, op: "POST /test_framework/v1/personalities/",
			body: reflect.TypeFor[CreatePersonalityRequest](), resp: reflect.TypeFor[Personality]()},
		coverageOp{methods: []string{"Personalities.Update"}, op: "PATCH /test_framework/v1/personalities/{id}/",
			body: reflect.TypeFor[UpdatePersonalityRequest](), resp: reflect.TypeFor[Personality]()},
		coverageOp{methods: []string{"Personalities.Fork"}, op: "POST /test_framework/v1/personalities/{id}/fork/",
			body: reflect.TypeFor[ForkPersonalityRequest](), resp: reflect.TypeFor[Personality]()},
		coverageOp{methods: []string{"TestSets.CreateFromRun"}, op: "POST /test_framework/test-sets/create_from_run/",
			body: reflect.TypeFor[CreateTestSetFromRunRequest](), resp: reflect.TypeFor[TestSet]()},
		coverageOp{methods: []string{"TestSets.CreateFromCall"}, op: "POST /test_framework/test-sets/create_from_call_log/",
			body: reflect.TypeFor[CreateTestSetFromCallRequest](), resp: reflect.TypeFor[TestSet]()},
		coverageOp{methods: []string{"PhoneNumbers.ListInbound", "PhoneNumbers.AllInbound"}, op: "GET /test_framework/v1/phone-numbers/inbound/",
			resp: reflect.TypeFor[Page[PhoneNumber]]()},
		coverageOp{methods: []string{"Tools.List", "Tools.All"}, op: "GET /test_framework/v1/tools/",
			query: reflect.TypeFor[ListToolsParams](), resp: reflect.TypeFor[Page[Tool]]()},
		coverageOp{methods: []string{"Tools.Get"}, op: "GET /test_framework/v1/tools/{id}/",
			resp: reflect.TypeFor[Tool]()},
	)
	coverageOmissions = append(coverageOmissions,
		omission{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)",
			[]string{"GET /test_framework/v1/phone-numbers/inbound/ query: organization_id"}},
	)
}
