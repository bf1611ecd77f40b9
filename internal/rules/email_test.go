package rules

import "testing"

func TestEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"support@acme.example": true, "a.b+c@mail.acme.co": true, "bot@localhost": true,
		"": false, "support": false, "support@acme": false, "Support <s@acme.example>": false,
		"s@acme.example ": false, "<s@acme.example>": false, "a@b@c.example": false,
	} {
		if got := Email(s); got != want {
			t.Errorf("Email(%q) = %v, want %v", s, got, want)
		}
	}
}
