package cekura

import "reflect"

// The schema-coverage rows of the test profiles and schedules (see
// schema_coverage_table_test.go).
func init() {
	coverageTable = append(coverageTable,
		coverageOp{methods: []string{"TestProfiles.Create"}, op: "POST /test_framework/v1/test-profiles/",
			body: reflect.TypeFor[CreateTestProfileRequest](), resp: reflect.TypeFor[TestProfile]()},
		coverageOp{methods: []string{"TestProfiles.List", "TestProfiles.All"}, op: "GET /test_framework/v1/test-profiles/",
			query: reflect.TypeFor[ListTestProfilesParams](), resp: reflect.TypeFor[Page[TestProfile]]()},
		coverageOp{methods: []string{"TestProfiles.Get"}, op: "GET /test_framework/v1/test-profiles/{id}/",
			resp: reflect.TypeFor[TestProfile]()},
		coverageOp{methods: []string{"TestProfiles.Update"}, op: "PATCH /test_framework/v1/test-profiles/{id}/",
			body: reflect.TypeFor[UpdateTestProfileRequest](), resp: reflect.TypeFor[TestProfile]()},
		coverageOp{methods: []string{"TestProfiles.Delete"}, op: "DELETE /test_framework/v1/test-profiles/{id}/"},
		coverageOp{methods: []string{"Schedules.Create"}, op: "POST /schedules/v1/cron-jobs/",
			body: reflect.TypeFor[CreateScheduleRequest](), resp: reflect.TypeFor[Schedule]()},
		coverageOp{methods: []string{"Schedules.List", "Schedules.All"}, op: "GET /schedules/v1/cron-jobs/",
			query: reflect.TypeFor[ListSchedulesParams](), resp: reflect.TypeFor[Page[Schedule]]()},
		coverageOp{methods: []string{"Schedules.Get"}, op: "GET /schedules/v1/cron-jobs/{id}/",
			resp: reflect.TypeFor[Schedule]()},
		coverageOp{methods: []string{"Schedules.Update"}, op: "PATCH /schedules/v1/cron-jobs/{id}/",
			body: reflect.TypeFor[UpdateScheduleRequest](), resp: reflect.TypeFor[Schedule]()},
		coverageOp{methods: []string{"Schedules.Delete"}, op: "DELETE /schedules/v1/cron-jobs/{id}/"},
	)
	var deprecated []string
	for _, place := range []string{"GET /schedules/v1/cron-jobs/ response: []", "GET /schedules/v1/cron-jobs/{id}/ response: ",
		"PATCH /schedules/v1/cron-jobs/{id}/ request: ", "PATCH /schedules/v1/cron-jobs/{id}/ response: ",
		"POST /schedules/v1/cron-jobs/ request: ", "POST /schedules/v1/cron-jobs/ response: "} {
		if place[len(place)-1] == ']' {
			place += "."
		}
		deprecated = append(deprecated, place+"personality", place+"run_as_text")
	}
	coverageOmissions = append(coverageOmissions,
		omission{"deprecated in the description (personality: use personalities; run_as_text: use execution_mode); readable in RawJSON", deprecated},
		omission{"a tenant scope for session or OAuth callers; an API key is already scoped to its organization (the description says to omit it)",
			[]string{"GET /schedules/v1/cron-jobs/ query: organization_id"}},
	)
}
