package cekura

import "reflect"

// The workspace services' types in the codec's exactness check
// (codec_exact_test.go).
func init() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[ProjectsService](), reflect.TypeFor[Project](), reflect.TypeFor[CreateProjectRequest](),
		reflect.TypeFor[UpdateProjectRequest](), reflect.TypeFor[ListProjectsParams](), reflect.TypeFor[NoCallsAlertConfig](),
		reflect.TypeFor[NoCallsTimePeriod](), reflect.TypeFor[RubricConfig](), reflect.TypeFor[RubricRule](),
		reflect.TypeFor[RubricConditions](), reflect.TypeFor[RubricCondition](),
		reflect.TypeFor[OrganizationsService](), reflect.TypeFor[Organization](), reflect.TypeFor[OrganizationSummary](),
		reflect.TypeFor[ProjectSummary](), reflect.TypeFor[Membership](), reflect.TypeFor[User](),
		reflect.TypeFor[ListOrganizationsParams](),
		reflect.TypeFor[APIKeysService](), reflect.TypeFor[APIKey](), reflect.TypeFor[CreateAPIKeyRequest](),
		reflect.TypeFor[AuditLogsService](), reflect.TypeFor[AuditLog](), reflect.TypeFor[ListAuditLogsParams](),
		reflect.TypeFor[BillingService](), reflect.TypeFor[BillingInfo](), reflect.TypeFor[SubscriptionStatus](),
		reflect.TypeFor[SubscriptionPack](), reflect.TypeFor[Payment](), reflect.TypeFor[BillingInfoParams](),
		reflect.TypeFor[ListPaymentsParams](),
	} {
		exactTypes[t.Name()] = []reflect.Type{t}
	}
	exactTypes["Page"] = append(exactTypes["Page"], reflect.TypeFor[Page[Project]](), reflect.TypeFor[Page[AuditLog]]())
	exactTypes["Opt"] = append(exactTypes["Opt"], reflect.TypeFor[Opt[RubricConfig]](), reflect.TypeFor[Opt[Secret]]())
}
