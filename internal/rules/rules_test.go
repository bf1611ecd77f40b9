package rules

import "testing"

func TestRules(t *testing.T) {
	for s, want := range map[string]bool{"+14155551234": true, "+12": true, "+1": false, "+0123": false, "14155551234": false,
		"+1415555123456789": false, "+141555512345678": true, "+1 415": false, "": false} {
		if E164(s) != want {
			t.Errorf("E164(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"sip:a@b": true, "SIPS:a@b": true, "sip:": false, "sip: ": false, "tel:+1": false, "sip:a b": false} {
		if SIPURI(s) != want {
			t.Errorf("SIPURI(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"https://h.example/x": true, "http://h": true, "ftp://h": false, "/x": false, "https://": false, "::": false} {
		if HTTPURL(s) != want {
			t.Errorf("HTTPURL(%q) = %v", s, !want)
		}
	}
}
