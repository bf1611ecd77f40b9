package rules

import (
	"fmt"
	"strings"
	"time"
)

// Timezone returns what is wrong with an IANA time zone name (such as
// America/New_York, Europe/Paris or UTC), or "" when there is nothing wrong
// with it or nothing can be told. load is time.LoadLocation, or a stand-in
// in tests. It refuses "Local" (the machine's own zone, whose name means
// nothing to the API) and what is not shaped as a zone name; a well-shaped
// name that load does not know is refused only when load knows
// America/New_York, that is, when the machine has a time zone database: a
// program built without one (a scratch container, Windows without Go
// installed, and no time/tzdata import) cannot tell, and leaves the name to
// the API.
func Timezone(name string, load func(string) (*time.Location, error)) string {
	if name == "Local" {
		return `"Local" is this machine's zone, which means nothing to the API; name the zone, such as Europe/Paris`
	}
	if !zoneShaped(name) {
		return fmt.Sprintf("%s is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC", quote(name))
	}
	if _, err := load(name); err == nil {
		return ""
	}
	if _, err := load("America/New_York"); err != nil {
		return "" // no time zone database here: the API judges the name
	}
	return fmt.Sprintf("%s is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC", quote(name))
}

// zoneShaped reports whether name has the shape of an IANA zone name:
// parts of ASCII letters, digits, _ + and - separated by single slashes,
// the first starting with a letter; at most 255 bytes.
func zoneShaped(name string) bool {
	if name == "" || len(name) > 255 {
		return false
	}
	first := name[0]
	if !('A' <= first && first <= 'Z' || 'a' <= first && first <= 'z') {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			switch c := part[i]; {
			case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '+', c == '-':
			default:
				return false
			}
		}
	}
	return true
}
