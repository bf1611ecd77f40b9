package cekura

import "reflect"

// The schema coverage of the workspace services: projects, organizations,
// API keys, audit logs and billing (see schema_coverage_test.go).
func init() {
	coverageTable = append(coverageTable,
		coverageOp{methods: []string{"Projects.List", "Projects.All"}, op: "GET /user/v1/projects/",
			query: reflect.TypeFor[ListProjectsParams](), resp: reflect.TypeFor[Page[Project]]()},
		coverageOp{methods: []string{"Projects.Create"}, op: "POST /user/v1/projects/",
			body: reflect.TypeFor[CreateProjectRequest](), resp: reflect.TypeFor[Project]()},
		coverageOp{methods: []string{"Projects.Get"}, op: "GET /user/v1/projects/{id}/",
			resp: reflect.TypeFor[Project]()},
		coverageOp{methods: []string{"Projects.Update"}, op: "PATCH /user/v1/projects/{id}/",
			body: reflect.TypeFor[UpdateProjectRequest](), resp: reflect.TypeFor[Project]()},
		coverageOp{methods: []string{"Projects.Delete"}, op: "DELETE /user/v1/projects/{id}/"},
		coverageOp{methods: []string{"Projects.EnablePersonalities"}, op: "POST /user/v1/projects/{id}/enable_personalities/",
			body: reflect.TypeFor[personalitiesBody](), resp: reflect.TypeFor[PersonalitiesChange]()},
		coverageOp{methods: []string{"Projects.DisablePersonalities"}, op: "POST /user/v1/projects/{id}/disable_personalities/",
			body: reflect.TypeFor[personalitiesBody](), resp: reflect.TypeFor[PersonalitiesChange]()},
		coverageOp{methods: []string{"Projects.TestWebhook"}, op: "POST /user/v1/projects/{id}/test-webhook/",
			bodyNote: "TestWebhook sends {}: the action tests the project's stored webhook (\"sends mock webhook data to the " +
				"project's webhook URL\"); the description gives it the Project schema, the view's default serializer",
			respNote: "TestWebhook returns only an error: the description's answer is the Project schema (the view's default " +
				"serializer), which says nothing of the delivery; the delivery shows at the receiver"},

		coverageOp{methods: []string{"Organizations.List", "Organizations.All"}, op: "GET /user/v2/organizations/",
			query: reflect.TypeFor[ListOrganizationsParams](), resp: reflect.TypeFor[Page[Organization]]()},

		coverageOp{methods: []string{"APIKeys.Create"}, op: "POST /user/api/v1/user-api-key/",
			body: reflect.TypeFor[CreateAPIKeyRequest](), resp: reflect.TypeFor[APIKey]()},

		coverageOp{methods: []string{"AuditLogs.List", "AuditLogs.All"}, op: "GET /user/v1/audit-logs/",
			query: reflect.TypeFor[ListAuditLogsParams](), resp: reflect.TypeFor[Page[AuditLog]]()},

		coverageOp{methods: []string{"Billing.GetInfo"}, op: "GET /test_framework/billing/info/",
			query: reflect.TypeFor[BillingInfoParams](), resp: reflect.TypeFor[BillingInfo]()},
		coverageOp{methods: []string{"Billing.ListPayments", "Billing.AllPayments"}, op: "GET /test_framework/billing/payment-history/",
			query: reflect.TypeFor[ListPaymentsParams](), resp: reflect.TypeFor[Page[Payment]]()},
	)
	coverageOmissions = append(coverageOmissions,
		omission{"the API's soft-delete flag, which Project.IsDeleted reads: Projects.Delete is the way to delete a project " +
			"(with what is in it); what the API does with a project's agents and results when the flag is set by hand is not described", []string{
			"POST /user/v1/projects/ request: is_deleted",
			"PATCH /user/v1/projects/{id}/ request: is_deleted",
		}},
		omission{"the organization a project is created under (\"ID of the organization to create the project under\"): " +
			"CreateProjectRequest.OrganizationID; the PATCH schema repeats it because one serializer makes both", []string{
			"PATCH /user/v1/projects/{id}/ request: organization_id",
		}},
	)
}
