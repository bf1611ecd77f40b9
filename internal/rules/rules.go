// Package rules holds the format rules of the Cekura API that both the
// SDK's client-side validation and the cekuratest fake apply, so that the
// two cannot drift apart.
package rules

import (
	"net/url"
	"strings"
)

// E164 reports whether s is an E.164 phone number: "+" followed by 2 to 15
// digits, the first not 0.
func E164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SIPURI reports whether s is a sip: or sips: URI with something after the
// scheme and no white space.
func SIPURI(s string) bool {
	lower := strings.ToLower(s)
	rest, ok := strings.CutPrefix(lower, "sip:")
	if !ok {
		rest, ok = strings.CutPrefix(lower, "sips:")
	}
	return ok && strings.TrimSpace(rest) != "" && !strings.ContainsAny(rest, " \t\r\n")
}

// HTTPURL reports whether s is an absolute http:// or https:// URL with a host.
func HTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
