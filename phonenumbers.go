package cekura

import (
	"context"
	"iter"
	"net/http"
)

// phoneNumbersPath is the phone numbers collection. Cekura documents it
// on v1 only.
const phoneNumbersPath = "/test_framework/v1/phone-numbers/"

// PhoneNumbersService reads the organization's phone numbers. Get it from
// Client.PhoneNumbers.
type PhoneNumbersService struct{ c *core }

// PhoneNumber is a phone number as the API returns it.
type PhoneNumber struct {
	apiObject
	ID int64 `json:"id"`
	// Number is the number in E.164 format, such as +14155551234.
	Number string `json:"number"`
	// PhoneNumberID is the number's identifier as the API names it (a
	// string, such as its telephony provider's id).
	PhoneNumberID string `json:"phone_number_id,omitzero"`
}

// UnmarshalJSON decodes a phone number tolerantly.
func (p *PhoneNumber) UnmarshalJSON(b []byte) error { return unmarshal(b, p) }

// ListInbound returns the organization's inbound phone numbers: GET
// /test_framework/v1/phone-numbers/inbound/. The API sends them all at
// once, as a plain list, which reads as a single page (Next is empty).
func (s *PhoneNumbersService) ListInbound(ctx context.Context, opts ...Option) (*Page[PhoneNumber], error) {
	return list[PhoneNumber](ctx, s.c, endpoint{method: http.MethodGet, path: phoneNumbersPath + "inbound/"}, opts)
}

// AllInbound walks the organization's inbound phone numbers lazily; see
// [AgentsService.All].
func (s *PhoneNumbersService) AllInbound(ctx context.Context, opts ...Option) iter.Seq2[*PhoneNumber, error] {
	return all[PhoneNumber](ctx, s.c, endpoint{method: http.MethodGet, path: phoneNumbersPath + "inbound/"}, opts)
}
