package rules

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCrontabAcceptsWhatTheAPIDocuments(t *testing.T) {
	for _, expr := range []string{
		"0 9 * * 1-5", "0 0 * * 0", "0 10 * * 1-5", "* * * * *", // the description's and the guide's examples
		"0 0 1 * *", "0 */6 * * *", "*/30 * * * *", "*/5 0-23 1-31 1-12 0-6", "30 14 15 6 *",
		"0 0 L * *",                // the guide: L, the month's last day
		"0 9 * jan-mar MON-fri",    // names, any case, in ranges too
		"0 9 * * 7", "0 9 * * 5-7", // 7 is Sunday
		"0,15,30,45 8-18/2 1,15 */3 SUN", // lists, stepped ranges
		"5/15 * * * *",                   // a/n: from a to the field's end
		"  0 9 * * 1-5\t",                // trimmed, as the API trims
		"00 09 01 01 00",                 // leading zeros
		"0 0 l * *",
	} {
		if p := Crontab(expr); len(p) != 0 {
			t.Errorf("Crontab(%q) = %q, want no problem", expr, p)
		}
	}
}

func TestCrontabReportsEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{"", []string{`is empty; it takes 5 fields: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`}},
		{"0 9 * *", []string{`has 4 fields; it takes 5: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`}},
		{"0 0 9 * * 1-5", []string{`has 6 fields; it takes 5: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`}},
		{"@daily", []string{`"@daily" is a shorthand the API does not document; write its 5 fields: minute hour day-of-month month day-of-week, such as "0 0 * * *" for every day at midnight`}},
		{"60 24 0 13 8", []string{
			"minute: 60 is out of range: 0 to 59",
			"hour: 24 is out of range: 0 to 23",
			"day of month: 0 is out of range: 1 to 31",
			"month: 13 is out of range: 1 to 12",
			"day of week: 8 is out of range: 0 to 7",
		}},
		{"x 9 ? FOO FUN", []string{
			`minute: "x" is not a number from 0 to 59`,
			`day of month: "?" is not a number from 1 to 31, or L (the month's last day)`,
			`month: "FOO" is not a month: 1 to 12, or JAN to DEC`,
			`day of week: "FUN" is not a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT`,
		}},
		{"*/0 17-9 1,,2 */13 FRI-MON", []string{
			`minute: the step in "*/0" is 0; it takes 1 to 59`,
			`hour: the range "17-9" runs backwards; write the smaller value first, or two ranges (17-23,0-9)`,
			"day of month: has an empty item in its list (a comma too many)",
			`month: the step in "*/13" is 13; it takes 1 to 12`,
			`day of week: the range "FRI-MON" runs backwards; write the smaller value first, or two ranges (5-6,0-1)`,
		}},
		{"L 0 L/2 L 5L", []string{
			"minute: L (the month's last day) is for the day of month only",
			"day of month: L (the month's last day) takes no step",
			"month: L (the month's last day) is for the day of month only",
			`day of week: "5L" is not a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT`,
		}},
		{"0 0 L-5 * 1#2", []string{
			"day of month: L (the month's last day) stands alone, not in a range",
			`day of week: "1#2" is not a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT`,
		}},
		{"*/x -5 1-2-3 JANUARY 99999", []string{
			`minute: the step in "*/x" is not a whole number; it takes 1 to 59`,
			`hour: "" is not a number from 0 to 23`,
			`day of month: "2-3" is not a number from 1 to 31, or L (the month's last day)`,
			`month: "JANUARY" is not a month: 1 to 12, or JAN to DEC`,
			"day of week: 99999 is out of range: 0 to 7",
		}},
		{"0 9 * * " + strings.Repeat("1,", 130) + "1", []string{"is 269 characters long; at most 255 are allowed"}},
		{"0 9 * * " + strings.Repeat("x", 40), []string{`day of week: "` + strings.Repeat("x", 31) + `…" is not a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT`}},
		{"0 9 * ſun *", []string{`month: "ſun" is not a month: 1 to 12, or JAN to DEC`}},
	} {
		got := Crontab(tc.expr)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("Crontab(%q):\n got %q\nwant %q", tc.expr, got, tc.want)
		}
	}
}

func TestTimezone(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/Paris", "UTC", "Asia/Calcutta", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "US/Pacific"} {
		if msg := Timezone(name, time.LoadLocation); msg != "" {
			t.Errorf("Timezone(%q) = %q", name, msg)
		}
	}
	for name, want := range map[string]string{
		"Local":            `"Local" is this machine's zone, which means nothing to the API; name the zone, such as Europe/Paris`,
		"America/New_Yrok": `"America/New_Yrok" is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC`,
		"Mars/Olympus":     `"Mars/Olympus" is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC`,
		"":                 `"" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`,
		"../etc/passwd":    `"../etc/passwd" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`,
		"/usr/share":       `"/usr/share" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`,
		"Europe//Paris":    `"Europe//Paris" is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`,
		"UTC+2":            `"UTC+2" is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC`,
		"Europe/Paris ":    `"Europe/Paris " is not an IANA time zone name, such as America/New_York, Europe/Paris or UTC`,
	} {
		if got := Timezone(name, time.LoadLocation); got != want {
			t.Errorf("Timezone(%q) = %q, want %q", name, got, want)
		}
	}
	// Without a time zone database, a well-shaped name is left to the API;
	// a malformed one is still refused.
	none := func(name string) (*time.Location, error) { return nil, errors.New("unknown time zone " + name) }
	if msg := Timezone("Mars/Olympus", none); msg != "" {
		t.Errorf("without a database: %q", msg)
	}
	if msg := Timezone("Local", none); msg == "" {
		t.Error(`"Local" passed without a database`)
	}
	if msg := Timezone("not a zone", none); msg == "" {
		t.Error("a malformed name passed without a database")
	}
}

// referenceItem is a second reading of the crontab grammar, by regular
// expression, for FuzzCrontab to compare Crontab with.
var referenceItem = regexp.MustCompile(`^(?:(\*)|([0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?|([Ll]))(?:/([0-9]+))?$`)

// referenceValid reports whether expr is valid by the reference reading.
func referenceValid(expr string) bool {
	if len([]rune(expr)) > MaxCrontabLen {
		return false
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return false
	}
	names := []map[string]int{nil, nil, nil,
		{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12},
		{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}}
	bounds := [][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}
	for i, f := range fields {
		for _, item := range strings.Split(f, ",") {
			m := referenceItem.FindStringSubmatch(item)
			if m == nil {
				return false
			}
			val := func(s string) (int, bool) {
				if n, ok := names[i][strings.ToUpper(s)]; ok {
					return n, true
				}
				n, err := strconv.Atoi(s)
				return n, err == nil && n >= bounds[i][0] && n <= bounds[i][1]
			}
			if m[5] != "" {
				if n, err := strconv.Atoi(m[5]); err != nil || n < 1 || n > bounds[i][1] {
					return false
				}
			}
			switch {
			case m[4] != "": // L
				if i != 2 || m[5] != "" {
					return false
				}
			case m[2] != "":
				a, ok := val(m[2])
				if !ok {
					return false
				}
				if m[3] != "" {
					b, ok := val(m[3])
					if !ok || a > b {
						return false
					}
				}
			}
		}
	}
	return true
}

// FuzzCrontab: Crontab never panics, agrees with the reference reading on
// what is valid, names a field in every per-field problem, and quotes at
// most 32 characters of the expression.
func FuzzCrontab(f *testing.F) {
	for _, s := range []string{"0 9 * * 1-5", "*/15 0 1,15 * MON-FRI", "0 0 L * *", "60 24 0 13 8", "@daily", "0 0 9 * * 1-5",
		"5/15 * * * *", "0 9 * JAN-mar sun", "1-2-3 */0 L/2 ? 5L", "0 0 ,1 * *", "0 0 1 * 7", "0 0 1 * 0009"} {
		f.Add(s)
	}
	prefixes := []string{"minute: ", "hour: ", "day of month: ", "month: ", "day of week: ", "is ", "has ", `"`}
	f.Fuzz(func(t *testing.T, expr string) {
		problems := Crontab(expr)
		if got, want := len(problems) == 0, referenceValid(expr); got != want {
			t.Fatalf("Crontab(%q) = %q; the reference says valid = %v", expr, problems, want)
		}
		for _, p := range problems {
			ok := false
			for _, pre := range prefixes {
				ok = ok || strings.HasPrefix(p, pre)
			}
			if !ok {
				t.Fatalf("Crontab(%q): a problem that names no field: %q", expr, p)
			}
			if len(expr) > 40 && strings.Contains(p, expr) {
				t.Fatalf("Crontab(%q): echoed the whole expression: %q", expr, p)
			}
		}
	})
}
