package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDashboardOutputsAreStable: the demo dashboard's data as tables and
// its dashboard as JSON, on a fake with a fixed clock.
func TestDashboardOutputsAreStable(t *testing.T) {
	fake, env := fixedFake(t)
	seedDashboards(fake)
	code, out, errOut := cli(t, env, "dashboards", "widgets", "bulk-data", "1", "2", "3")
	require.Equal(t, exitOK, code, errOut)
	golden(t, "dashboards-bulk-data-table", out)
	code, out, errOut = cli(t, env, "dashboards", "get", "1", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	golden(t, "dashboards-get-json", out)
	code, out, errOut = cli(t, env, "dashboards", "widgets", "preview", "--chart", "line", "--field", "duration", "--since", "now-1d")
	require.Equal(t, exitOK, code, errOut)
	golden(t, "dashboards-preview-line-table", out)
}

// TestDashboardsCommandsWithTheFake runs each command of the group with
// --fake, which starts with the demo dashboard.
func TestDashboardsCommandsWithTheFake(t *testing.T) {
	code, out, errOut := cli(t, nil, "dashboards", "list", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Support overview (fake)")
	assert.Contains(t, out, "WIDGETS")

	// Create with a filter from both flags; the request as sent.
	code, out, errOut = cli(t, nil, "dashboards", "create", "--fake", "--name", "EU calls", "--project", "7", "--since", "now-7d",
		"--filters", `{"field": "metadata.region", "op": "eq", "value": "eu"}`, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var d cekura.Dashboard
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, int64(2), d.ID, "after the demo dashboard")
	assert.Equal(t, &cekura.CallLogFilter{Operator: cekura.FilterOperatorAnd, Conditions: []*cekura.CallLogFilter{
		{Field: "timestamp", Op: cekura.FilterOpGte, Value: "now-7d"},
		{Field: "metadata.region", Op: cekura.FilterOpEq, Value: "eu"},
	}}, d.Filters)

	code, out, errOut = cli(t, nil, "dashboards", "update", "1", "--fake", "--name", "Support (EU)", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "name: Support (EU)")
	code, out, errOut = cli(t, nil, "dashboards", "duplicate", "1", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Copy of Support overview (fake)")
	code, _, errOut = cli(t, nil, "dashboards", "delete", "1", "--fake", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "deleted dashboard 1\n", errOut)

	// Bulk widget edits from a YAML file.
	file := filepath.Join(t.TempDir(), "widgets.yaml")
	require.NoError(t, os.WriteFile(file, []byte("create:\n  - name: Durations\n    chart_type: line\n    field: duration\nupdate:\n  - id: 1\n    name: Endings\ndelete: [3]\n"), 0o644))
	code, out, errOut = cli(t, nil, "dashboards", "bulk-widgets", "1", "--fake", "-f", file)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Durations")
	assert.Contains(t, out, "Endings")
	assert.Equal(t, "created 1, updated 1, deleted 1 widgets of dashboard 1\n", errOut)
	code, out, errOut = cli(t, nil, "dashboards", "bulk-widgets", "1", "--fake", "-f", file, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var res cekura.BulkWidgetsResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, []int64{3}, res.DeletedIDs)

	// The widgets and their data.
	code, out, errOut = cli(t, nil, "dashboards", "widgets", "list", "--fake", "--dashboard", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "avg per day")
	code, out, errOut = cli(t, nil, "dashboards", "widgets", "create", "--fake", "--dashboard", "1", "--name", "p95", "--chart", "bar",
		"--field", "duration", "--aggregation", "p95", "--period", "week")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "p95 per week")
	code, out, errOut = cli(t, nil, "dashboards", "widgets", "update", "2", "--fake", "--aggregation", "max", "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"aggregation_function": "max"`)
	code, out, errOut = cli(t, nil, "dashboards", "widgets", "data", "1", "--fake")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "customer_ended_call  2      66.7")
	code, out, errOut = cli(t, nil, "dashboards", "widgets", "data", "3", "--fake", "--filters", `{"field": "duration", "op": "gte", "value": 40}`, "-o", "json")
	require.Equal(t, exitOK, code, errOut)
	var data cekura.WidgetData
	require.NoError(t, json.Unmarshal([]byte(out), &data))
	assert.Equal(t, 2, data.Stat().TotalCalls, "the override keeps the calls of 40 s and more")
	code, _, errOut = cli(t, nil, "dashboards", "widgets", "bulk-data", "1", "2", "3", "--fake", "--page-size", "2")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "2 of 3 widgets shown; the next ones: --page 2\n", errOut)
	code, _, errOut = cli(t, nil, "dashboards", "widgets", "delete", "1", "--fake", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "deleted widget 1\n", errOut)
}

// TestDashboardsCommandErrors: refusals before sending, the API's
// refusals and usage errors exit 2 with one line.
func TestDashboardsCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dashboards", "widgets", "create", "--fake", "--dashboard", "1", "--chart", "bar", "--field", "duration"},
			"aggregation_function: is required for a bar chart"},
		{[]string{"dashboards", "widgets", "preview", "--fake", "--chart", "stat"}, "A gt or gte filter on timestamp is required"},
		{[]string{"dashboards", "widgets", "data", "99", "--fake"}, "404 Not Found"},
		{[]string{"dashboards", "widgets", "data", "1", "--fake", "--filters", "{"}, "--filters is not JSON"},
		{[]string{"dashboards", "widgets", "data", "1", "--fake", "--since", "last week"}, "value: Enter a valid date/time"},
		{[]string{"dashboards", "widgets", "bulk-data", "1", "x", "--fake"}, `"x" is not an id`},
		{[]string{"dashboards", "bulk-widgets", "1", "--fake"}, "--from-file (-f) is required"},
		{[]string{"dashboards", "create", "--fake", "--filters", `{"field": "id", "op": "like", "value": 1}`}, `filters.op: "like" is not one of`},
		{[]string{"dashboards", "duplicate", "0", "--fake"}, `"0" is not an id`},
		{[]string{"dashboards", "frobnicate"}, `unknown command "frobnicate"`},
	} {
		code, _, errOut := cli(t, nil, tc.args...)
		assert.Equal(t, exitError, code, "%v", tc.args)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
}
