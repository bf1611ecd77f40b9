package rules

import (
	"net/mail"
	"strings"
)

// Email reports whether s is one bare email address (name@example.com),
// without a display name or angle brackets, whose domain has a dot or is
// localhost (as Django's EmailValidator, which the API uses, requires).
func Email(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") || strings.EqualFold(domain, "localhost")
}
