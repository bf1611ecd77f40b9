package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCrontabLen is the API's limit on a crontab expression, in characters
// (the schedule's crontab_expression: maxLength 255).
const MaxCrontabLen = 255

// cronField is one of the five fields of a crontab expression.
type cronField struct {
	name     string
	min, max int
	// names are the field's three-letter names (months, days), upper case.
	names map[string]int
	// what names a value of the field in a message ("a minute", "a month").
	what string
	// last: the field takes L, the month's last day.
	last bool
}

var cronFields = [5]cronField{
	{name: "minute", min: 0, max: 59, what: "a number from 0 to 59"},
	{name: "hour", min: 0, max: 23, what: "a number from 0 to 23"},
	{name: "day of month", min: 1, max: 31, what: "a number from 1 to 31, or L (the month's last day)", last: true},
	{name: "month", min: 1, max: 12, what: "a month: 1 to 12, or JAN to DEC", names: map[string]int{
		"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}},
	{name: "day of week", min: 0, max: 7, what: "a day of the week: 0 to 7 (0 and 7 are Sunday), or SUN to SAT", names: map[string]int{
		"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}},
}

// Crontab returns what is wrong with a crontab expression as the API's
// schedules take one ("standard cron syntax (minute hour day month
// day-of-week)"), one message per problem, in order; none when it is valid.
//
// An expression is five fields separated by white space (leading and
// trailing white space is trimmed, as the API trims it): minute 0–59, hour
// 0–23, day of month 1–31, month 1–12, day of week 0–7 (0 and 7 are
// Sunday). A field is a comma-separated list of items; an item is *, a
// value or a range a-b, each optionally followed by a step /n (a/n runs
// from a to the field's end); months and days of the week may be written
// by their three-letter English names (JAN–DEC, SUN–SAT, in any case), in
// ranges too; the day of month also takes L, the month's last day, which
// Cekura's guide documents. Anything else (a sixth field for seconds,
// macros such as @daily, Quartz's ? W #, a range that runs backwards, a
// step of 0) is a problem.
//
// A message names the field it is about ("hour: 24 is out of range: 0 to
// 23") and quotes at most 32 characters of the expression.
func Crontab(expr string) []string {
	var problems []string
	if n := utf8.RuneCountInString(expr); n > MaxCrontabLen {
		problems = append(problems, fmt.Sprintf("is %d characters long; at most %d are allowed", n, MaxCrontabLen))
	}
	fields := strings.Fields(expr)
	switch {
	case len(fields) == 0:
		return append(problems, `is empty; it takes 5 fields: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`)
	case len(fields) == 1 && strings.HasPrefix(fields[0], "@"):
		return append(problems, fmt.Sprintf(`%s is a shorthand the API does not document; write its 5 fields: minute hour day-of-month month day-of-week, such as "0 0 * * *" for every day at midnight`, quote(fields[0])))
	case len(fields) != 5:
		return append(problems, fmt.Sprintf(`has %d fields; it takes 5: minute hour day-of-month month day-of-week, such as "0 9 * * 1-5"`, len(fields)))
	}
	for i, f := range fields {
		problems = cronFields[i].check(problems, f)
	}
	return problems
}

// check appends the problems of one field's text.
func (cf *cronField) check(problems []string, text string) []string {
	for _, item := range strings.Split(text, ",") {
		if msg := cf.item(item); msg != "" {
			problems = append(problems, cf.name+": "+msg)
		}
	}
	return problems
}

// item returns the problem of one list item, or "".
func (cf *cronField) item(item string) string {
	if item == "" {
		return "has an empty item in its list (a comma too many)"
	}
	base, step, stepped := strings.Cut(item, "/")
	if stepped {
		n, ok := number(step)
		switch {
		case !ok:
			return fmt.Sprintf("the step in %s is not a whole number; it takes 1 to %d", quote(item), cf.max)
		case n < 1 || n > cf.max:
			return fmt.Sprintf("the step in %s is %s; it takes 1 to %d", quote(item), step, cf.max)
		}
	}
	if strings.EqualFold(base, "L") {
		switch {
		case !cf.last:
			return "L (the month's last day) is for the day of month only"
		case stepped:
			return "L (the month's last day) takes no step"
		}
		return ""
	}
	if base == "*" {
		return ""
	}
	lo, hi, ranged := strings.Cut(base, "-")
	a, msg := cf.value(lo)
	if msg != "" {
		return msg
	}
	if !ranged {
		return ""
	}
	b, msg := cf.value(hi)
	if msg != "" {
		return msg
	}
	if a > b {
		top := cf.max
		if cf.names != nil && top == 7 {
			top = 6 // the day of week: 7 is Sunday again
		}
		return fmt.Sprintf("the range %s runs backwards; write the smaller value first, or two ranges (%d-%d,%d-%d)", quote(base), a, top, cf.min, b)
	}
	return ""
}

// value reads a number or a name of the field.
func (cf *cronField) value(s string) (int, string) {
	if n, ok := cf.names[strings.ToUpper(s)]; ok && len(s) == 3 {
		return n, ""
	}
	n, ok := number(s)
	switch {
	case strings.EqualFold(s, "L") && cf.last:
		return 0, "L (the month's last day) stands alone, not in a range"
	case !ok:
		return 0, fmt.Sprintf("%s is not %s", quote(s), cf.what)
	case n < cf.min || n > cf.max:
		return 0, fmt.Sprintf("%s is out of range: %d to %d", s, cf.min, cf.max)
	}
	return n, ""
}

// number reads a whole number of ASCII digits, leading zeros and all; one
// too large to be a value of any field reads as 1000.
func number(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	s = strings.TrimLeft(s, "0") // 0009 is 9, as the API's parser reads it
	if len(s) > 3 {
		return 1000, true
	}
	n, _ := strconv.Atoi(s) // "" (all zeros) is 0
	return n, true
}

// quote quotes s for a message, cut to 32 characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 32 {
		r := []rune(s)
		s = string(r[:31]) + "…"
	}
	return strconv.Quote(s)
}
