package cekura

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// CallLogFilter is a filter over call logs: the language dashboards and
// widgets scope their data with (the description's filters objects, which
// Cekura's reference calls CallLogQueryFilter; a widget's EffectiveFilters
// is one the call logs' filters_v2 takes too). A filter is one of two
// shapes:
//
//   - a condition: Field, Op and Value, such as
//     {"field": "agent.id", "op": "eq", "value": 123};
//   - a group: Operator and Conditions, each a condition or another group,
//     such as {"operator": "and", "conditions": [{"field": "timestamp",
//     "op": "gte", "value": "now-7d"}, {"field": "timestamp", "op": "lte",
//     "value": "now"}]}.
//
// The fields the API documents are id, success, duration, customer_number,
// call_ended_reason, dropoff_point, topic, timestamp, is_reviewed, agent.id,
// agent.agent_name, metadata.<key> and metric_evaluations.value; Field is a
// plain string, so that one the API adds later can be sent. A timestamp
// takes an ISO 8601 time or a relative one, such as "now", "now-7d" or
// "today-7d". Widget data needs a gt or gte condition on timestamp (on the
// dashboard, the widget or the call's override), over at most 30 days. An
// empty filter, {}, filters nothing.
type CallLogFilter struct {
	// Field is the call log field a condition tests.
	Field string `json:"field,omitzero"`
	// Op is how a condition compares Field with Value.
	Op FilterOp `json:"op,omitzero"`
	// Value is what Field is compared with: a number, a string, a boolean,
	// a list for FilterOpIn, true or false for FilterOpIsNull (any value
	// encoding/json encodes). Decoded, it is what encoding/json reads into
	// an any: float64, string, bool, []any, map[string]any.
	Value any `json:"value,omitzero"`
	// Operator is how a group combines its Conditions.
	Operator FilterOperator `json:"operator,omitzero"`
	// Conditions are a group's conditions and nested groups.
	Conditions []*CallLogFilter `json:"conditions,omitzero"`
}

// UnmarshalJSON decodes a filter tolerantly.
func (f *CallLogFilter) UnmarshalJSON(b []byte) error { return unmarshal(b, f) }

// EncodeValues adds the filter to a query string as one JSON value
// (go-querystring's Encoder), the way the API reads a filters query
// parameter; a nil filter adds nothing.
func (f *CallLogFilter) EncodeValues(key string, v *url.Values) error {
	if f == nil {
		return nil
	}
	b, err := marshal(f)
	if err != nil {
		return fmt.Errorf("cekura: query parameter %s: %w", key, err)
	}
	v.Set(key, string(b))
	return nil
}

// FilterOp is how a condition of a CallLogFilter compares its field with its
// value.
type FilterOp string

// The comparison operators of the API.
const (
	FilterOpEq         FilterOp = "eq"  // equal
	FilterOpNeq        FilterOp = "neq" // not equal
	FilterOpGt         FilterOp = "gt"  // greater than (later than, for a timestamp)
	FilterOpGte        FilterOp = "gte" // greater than or equal
	FilterOpLt         FilterOp = "lt"  // less than (earlier than)
	FilterOpLte        FilterOp = "lte" // less than or equal
	FilterOpContains   FilterOp = "contains"
	FilterOpStartsWith FilterOp = "startswith"
	FilterOpEndsWith   FilterOp = "endswith"
	FilterOpIn         FilterOp = "in"     // the value is a list, and the field one of its items
	FilterOpIsNull     FilterOp = "isnull" // the value is true (the field is missing) or false
	FilterOpRegex      FilterOp = "regex"  // the value is a regular expression the field matches
)

var filterOps = []FilterOp{FilterOpEq, FilterOpNeq, FilterOpGt, FilterOpGte, FilterOpLt, FilterOpLte,
	FilterOpContains, FilterOpStartsWith, FilterOpEndsWith, FilterOpIn, FilterOpIsNull, FilterOpRegex}

// Valid reports whether o is one of the API's comparison operators (or
// empty: a group has none).
func (o FilterOp) Valid() bool { return o == "" || slices.Contains(filterOps, o) }

// FilterOperator is how a group of a CallLogFilter combines its conditions.
type FilterOperator string

// The logical operators of the API.
const (
	FilterOperatorAnd FilterOperator = "and" // every condition holds
	FilterOperatorOr  FilterOperator = "or"  // at least one condition holds
	// FilterOperatorSameRow: every condition holds for one and the same
	// related row (one metric evaluation of the call, for
	// metric_evaluations.value), as the API defines it.
	FilterOperatorSameRow FilterOperator = "same_row"
)

// Valid reports whether o is one of the API's logical operators (or empty: a
// condition has none).
func (o FilterOperator) Valid() bool {
	return o == "" || o == FilterOperatorAnd || o == FilterOperatorOr || o == FilterOperatorSameRow
}

// maxFilterDepth bounds how deep groups nest in a filter the SDK sends.
const maxFilterDepth = 32

// check reports the problems of a filter under field (such as "filters").
func (f *CallLogFilter) check(v *validator, field string) { f.checkAt(v, field, 0) }

func (f *CallLogFilter) checkAt(v *validator, field string, depth int) {
	if depth > maxFilterDepth {
		v.add(field, "nests groups deeper than %d levels", maxFilterDepth)
		return
	}
	condition := f.Field != "" || f.Op != "" || f.Value != nil
	group := f.Operator != "" || len(f.Conditions) > 0
	switch {
	case condition && group:
		v.add(field, "is both a condition (field, op, value) and a group (operator, conditions); put the condition in the group's conditions")
		return
	case !condition && !group:
		if depth > 0 { // at the top, {} filters nothing
			v.add(field, "is empty: set field, op and value (a condition), or operator and conditions (a group)")
		}
		return
	case condition:
		f.checkCondition(v, field)
		return
	}
	switch {
	case f.Operator == "":
		v.add(field+".operator", "is required in a group: and, or or same_row")
	case !f.Operator.Valid():
		v.add(field+".operator", "%q is not one of and, or, same_row", f.Operator)
	}
	if len(f.Conditions) == 0 {
		v.add(field+".conditions", "is empty; a group needs at least one condition")
	}
	for i, c := range f.Conditions {
		at := field + ".conditions[" + strconv.Itoa(i) + "]"
		if c == nil {
			v.add(at, "is nil")
			continue
		}
		c.checkAt(v, at, depth+1)
	}
}

func (f *CallLogFilter) checkCondition(v *validator, field string) {
	if strings.TrimSpace(f.Field) == "" {
		v.add(field+".field", "is required in a condition: the call log field to test, such as timestamp or agent.id")
	}
	switch {
	case f.Op == "":
		v.add(field+".op", "is required in a condition, such as eq or gte")
		return
	case !f.Op.Valid():
		v.add(field+".op", "%q is not one of %s", f.Op, joinValues(filterOps))
		return
	}
	if f.Value == nil {
		v.add(field+".value", "is required in a condition (to match a missing field, use op isnull with true)")
		return
	}
	kind := reflect.ValueOf(f.Value).Kind()
	switch f.Op {
	case FilterOpIn:
		if kind != reflect.Slice && kind != reflect.Array {
			v.add(field+".value", "must be a list with op in, got a %T", f.Value)
		}
	case FilterOpIsNull:
		if kind != reflect.Bool {
			v.add(field+".value", "must be true or false with op isnull, got a %T", f.Value)
		}
	case FilterOpContains, FilterOpStartsWith, FilterOpEndsWith, FilterOpRegex:
		if kind != reflect.String {
			v.add(field+".value", "must be a string with op %s, got a %T", f.Op, f.Value)
		}
	}
}
