package cekura

import (
	"context"
	"iter"
	"net/http"
	"time"
)

const (
	billingInfoPath    = "/test_framework/billing/info/"
	paymentHistoryPath = "/test_framework/billing/payment-history/"
)

// BillingService reads an organization's credits, subscription and
// payments. Get it from Client.Billing. The API answers 403 to a
// project-scoped API key: use an organization-level one.
type BillingService struct{ c *core }

// SubscriptionState is where a subscription is in its life.
type SubscriptionState string

// The subscription states of the API.
const (
	SubscriptionStateActive   SubscriptionState = "active"
	SubscriptionStateTrial    SubscriptionState = "trial"
	SubscriptionStateExpired  SubscriptionState = "expired"
	SubscriptionStateInactive SubscriptionState = "inactive"
)

// Valid reports whether s is one of the API's subscription states.
func (s SubscriptionState) Valid() bool {
	switch s {
	case SubscriptionStateActive, SubscriptionStateTrial, SubscriptionStateExpired, SubscriptionStateInactive:
		return true
	}
	return false
}

// BillingInfo is an organization's credits and subscription. Credits are
// decimal strings, such as "7436.08", as the API sends them.
type BillingInfo struct {
	apiObject
	OrganizationID int64 `json:"organization"`
	// CreditsRemaining are the credits left to spend on runs and calls.
	CreditsRemaining string `json:"credits_remaining"`
	// CreditsUsed are the credits used in the current billing cycle; they
	// may lag usage by up to 30 minutes.
	CreditsUsed string `json:"credits_used"`
	// InitialBalance are the credits the current pack granted.
	InitialBalance string `json:"initial_balance"`
	// BalanceExpiry is when the balance expires; zero when it does not.
	BalanceExpiry time.Time `json:"balance_expiry"`
	// SubscriptionStatus is the subscription and its plan's caps.
	SubscriptionStatus *SubscriptionStatus `json:"subscription_status,omitzero"`
	CreatedAt          time.Time           `json:"created_at"`
	UpdatedAt          time.Time           `json:"updated_at"`
}

// UnmarshalJSON decodes billing information tolerantly.
func (b *BillingInfo) UnmarshalJSON(data []byte) error { return unmarshal(data, b) }

// SubscriptionStatus is an organization's subscription. Without an active
// one, the API sends its fields null or false: they read as zero values.
type SubscriptionStatus struct {
	apiObject
	Status   SubscriptionState `json:"status"`
	IsActive bool              `json:"is_active"`
	IsTrial  bool              `json:"is_trial"`
	PackName string            `json:"pack_name"`
	// ExpireAt is when the current billing period ends.
	ExpireAt      time.Time `json:"expire_at"`
	LastPaymentAt time.Time `json:"last_payment_at"`
	// DaysUntilExpiry is negative once ExpireAt has passed; nil without a
	// subscription.
	DaysUntilExpiry *int      `json:"days_until_expiry"`
	CreatedAt       time.Time `json:"created_at"`
	// Pack is the plan's caps; nil without a subscription.
	Pack *SubscriptionPack `json:"pack"`
}

// UnmarshalJSON decodes a subscription tolerantly.
func (s *SubscriptionStatus) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// SubscriptionPack is the plan of a subscription: its ceilings (the
// organization's own limits may be lower). A limit of -1 is unlimited.
type SubscriptionPack struct {
	apiObject
	Name                       string `json:"name"`
	MaxConcurrentRunsLimit     int    `json:"max_concurrent_runs_limit"`
	MaxConcurrentChatRunsLimit int    `json:"max_concurrent_chat_runs_limit"`
	MaxAgentsLimit             int    `json:"max_agents_limit"`
	MaxMembersLimit            int    `json:"max_members_limit"`
	MaxProjectsLimit           int    `json:"max_projects_limit"`
	// BillingType is how the pack is billed, such as subscription or
	// self_serve (the description names these as examples, not a closed
	// set).
	BillingType string `json:"billing_type"`
	// SubscriptionOverage is the price of a credit bought beyond the pack,
	// a decimal string; "-1" disables overage.
	SubscriptionOverage string `json:"subscription_overage"`
}

// UnmarshalJSON decodes a pack tolerantly.
func (p *SubscriptionPack) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// PaymentType is what a payment was for.
type PaymentType string

// The payment types of the API.
const (
	PaymentTypeAutoPay                PaymentType = "auto_pay"
	PaymentTypeOneTime                PaymentType = "one_time_payment"
	PaymentTypeSelfServeCredits       PaymentType = "self_serve_credits"
	PaymentTypeSelfServeMemberSeat    PaymentType = "self_serve_member_seat"
	PaymentTypeSubscription           PaymentType = "subscription"
	PaymentTypeSubscriptionMemberSeat PaymentType = "subscription_member_seat"
)

// Valid reports whether t is one of the API's payment types (or empty).
func (t PaymentType) Valid() bool {
	switch t {
	case "", PaymentTypeAutoPay, PaymentTypeOneTime, PaymentTypeSelfServeCredits, PaymentTypeSelfServeMemberSeat,
		PaymentTypeSubscription, PaymentTypeSubscriptionMemberSeat:
		return true
	}
	return false
}

// Payment is one payment of an organization.
type Payment struct {
	apiObject
	ID int64 `json:"id"`
	// Amount is a decimal string, such as "500.00", in Currency (USD, INR
	// …).
	Amount      string      `json:"amount"`
	Currency    string      `json:"currency"`
	PaymentType PaymentType `json:"payment_type"`
	Description string      `json:"description"`
	// StripePaymentIntentID is Stripe's PaymentIntent id — or, for a
	// subscription's renewal, its invoice id (the description says so).
	StripePaymentIntentID string    `json:"stripe_payment_intent_id"`
	CreatedAt             time.Time `json:"created_at"`
}

// UnmarshalJSON decodes a payment tolerantly.
func (p *Payment) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// BillingInfoParams are the query parameters of GetInfo.
type BillingInfoParams struct {
	// OrganizationID picks the organization; leave it 0 with an
	// organization-scoped API key, which implies it.
	OrganizationID int64 `url:"organization_id,omitempty"`
}

func (p *BillingInfoParams) validate(v *validator) {
	if p.OrganizationID < 0 {
		v.add("organization_id", "must be a positive organization id (or 0 to let the API key imply it), got %d", p.OrganizationID)
	}
}

// ListPaymentsParams are the query parameters of ListPayments.
type ListPaymentsParams struct {
	// OrganizationID is the organization whose payments to list; required.
	OrganizationID int64 `url:"organization_id,omitempty"`
}

func (p *ListPaymentsParams) validate(v *validator) {
	if p.OrganizationID <= 0 {
		v.add("organization_id", "is required: the positive id of the organization whose payments to list, got %d", p.OrganizationID)
	}
}

// GetInfo returns the organization's credits, balance expiry and
// subscription: GET /test_framework/billing/info/. params may be nil.
func (s *BillingService) GetInfo(ctx context.Context, params *BillingInfoParams, opts ...Option) (*BillingInfo, error) {
	e := endpoint{method: http.MethodGet, path: billingInfoPath}
	if params != nil {
		e.query = params
	}
	return send[BillingInfo](ctx, s.c, e, opts)
}

// ListPayments returns an organization's payments (auto-pay, one-time,
// subscription): GET /test_framework/billing/payment-history/. The API
// sends them all at once, as a plain list, which reads as a single page.
// params is required (its OrganizationID); nil is a validation error.
func (s *BillingService) ListPayments(ctx context.Context, params *ListPaymentsParams, opts ...Option) (*Page[Payment], error) {
	return list[Payment](ctx, s.c, paymentsEndpoint(params), opts)
}

// AllPayments walks an organization's payments lazily; see
// [AgentsService.All].
func (s *BillingService) AllPayments(ctx context.Context, params *ListPaymentsParams, opts ...Option) iter.Seq2[*Payment, error] {
	return all[Payment](ctx, s.c, paymentsEndpoint(params), opts)
}

// paymentsEndpoint is the payment history's endpoint; nil params become
// empty ones, so that the missing organization_id is reported.
func paymentsEndpoint(params *ListPaymentsParams) endpoint {
	if params == nil {
		params = &ListPaymentsParams{}
	}
	return endpoint{method: http.MethodGet, path: paymentHistoryPath, query: params}
}
