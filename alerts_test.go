package cekura

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlertsOverHTTP drives every alerts operation through httpmock: the
// method, path, query and body sent, and the answer decoded.
func TestAlertsOverHTTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	review := `{"total_fires": 3, "timeline": [{"start": "2026-08-20T00:00:00Z", "fires": 3}], "alerts": [{"id": 5, "fires": 3}]}`
	mt.RegisterResponder("GET", testBase+alertsPath+"review/?hours=72&project_id=1376", capture(200, review, &got, &mu))
	mt.RegisterResponder("GET", testBase+alertsPath+"review/", capture(200, `{}`, &got, &mu))
	mt.RegisterResponder("GET", testBase+alertsPath+"5/review_detail/?hours=24&page=2&page_size=10", capture(200, `{"id": 5, "name": "Refunds failing"}`, &got, &mu))
	mt.RegisterResponder("POST", testBase+alertsPath+"5/summarize/", capture(200, `{"progress_id": "9a"}`, &got, &mu))
	progress := []string{`{"status": "in_progress"}`, `{"progress_id": "9a", "status": "completed", "summary": "3 fires, all refunds"}`}
	mt.RegisterResponder("GET", testBase+alertsPath+"summarize_progress/?progress_id=9a", func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		body := progress[0]
		if len(progress) > 1 {
			progress = progress[1:]
		}
		mu.Unlock()
		return capture(200, body, &got, &mu)(r)
	})
	mt.RegisterResponder("GET", testBase+alertsPath+"trigger_summary/?hours=6&project_id=1376", capture(200, `{"5": 3, "6": 0}`, &got, &mu))

	r, err := c.Alerts.Review(ctx, &ReviewAlertsParams{ProjectID: 1376, Hours: 72})
	require.NoError(t, err)
	assert.JSONEq(t, review, string(r.RawJSON()), "kept whole")
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, review, string(b), "and written back whole")
	_, err = c.Alerts.Review(ctx, nil)
	require.NoError(t, err)

	d, err := c.Alerts.GetReview(ctx, 5, &AlertReviewParams{Hours: 24, Page: 2, PageSize: 10})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": 5, "name": "Refunds failing"}`, string(d.RawJSON()))

	sum, err := c.Alerts.Summarize(ctx, 5, &SummarizeAlertRequest{Hours: 12})
	require.NoError(t, err)
	assert.Equal(t, "9a", sum.ProgressID)
	assert.False(t, sum.Done())
	_, err = c.Alerts.Summarize(ctx, 5, nil)
	require.NoError(t, err)
	var statuses []AlertSummaryStatus
	sum, err = c.Alerts.WaitForSummary(ctx, sum.ProgressID, &WaitParams[AlertSummary]{Progress: func(s *AlertSummary) { statuses = append(statuses, s.Status) }})
	require.NoError(t, err)
	assert.Equal(t, []AlertSummaryStatus{"in_progress", AlertSummaryStatusCompleted}, statuses)
	assert.True(t, sum.Done())
	require.NoError(t, sum.Err())
	var text struct{ Summary string }
	require.NoError(t, json.Unmarshal(sum.RawJSON(), &text))
	assert.Equal(t, "3 fires, all refunds", text.Summary)

	counts, err := c.Alerts.CountFires(ctx, &CountAlertFiresParams{ProjectID: 1376, Hours: 6})
	require.NoError(t, err)
	assert.Equal(t, map[int64]int{5: 3, 6: 0}, counts.Fires)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 8)
	assert.JSONEq(t, `{"hours": 12}`, string(got[3].Body))
	assert.Equal(t, "application/json", got[3].Header.Get("Content-Type"))
	assert.JSONEq(t, `{}`, string(got[4].Body), "the description requires a body: an empty object")
	assert.Equal(t, testBase+alertsPath+"summarize_progress/?progress_id=9a", got[6].URL)
	assert.Len(t, sl.get(), 1, "one wait between the two polls")
}

func TestAlertFireCountsDecodeTolerantly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, json string
		want       map[int64]int
	}{
		{"counts by id", `{"12": 3, "13": 0}`, map[int64]int{12: 3, 13: 0}},
		{"a key that is no id, a count that is no whole number", `{"x": 1, "13": 2.5, "14": "7", "15": 1}`, map[int64]int{15: 1}},
		{"empty", `{}`, nil},
		{"null", `null`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c AlertFireCounts
			require.NoError(t, json.Unmarshal([]byte(tc.json), &c))
			assert.Equal(t, tc.want, c.Fires)
			if tc.json != "null" {
				assert.JSONEq(t, tc.json, string(c.RawJSON()))
			}
		})
	}
	b, err := json.Marshal(AlertFireCounts{Fires: map[int64]int{7: 2, 12: 1}})
	require.NoError(t, err)
	assert.Equal(t, `{"12":1,"7":2}`, string(b), "written as the API sends it")
	b, err = json.Marshal(AlertFireCounts{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
	var none AlertReview
	b, err = json.Marshal(none)
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
}

func TestAlertSummaryErr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status     AlertSummaryStatus
		done, fail bool
	}{{"", false, false}, {"in_progress", false, false}, {"completed", true, false}, {"error", true, true}} {
		s := &AlertSummary{ProgressID: "9a", Status: tc.status}
		assert.Equal(t, tc.done, s.Done(), tc.status)
		var failed *AlertSummaryFailedError
		assert.Equal(t, tc.fail, s.Err() != nil && assert.ErrorAs(t, s.Err(), &failed), tc.status)
	}
	assert.EqualError(t, (&AlertSummary{ProgressID: "9a", Status: AlertSummaryStatusError}).Err(), "cekura: alert summary 9a ended in error")
	assert.NoError(t, (*AlertSummary)(nil).Err())
}

// TestAlertsValidation: each request is refused before sending, with every
// problem at once.
func TestAlertsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	for _, tc := range []struct {
		name string
		call func() error
		want []FieldProblem
	}{
		{"a review of a negative project and window", func() error {
			_, err := c.Alerts.Review(ctx, &ReviewAlertsParams{ProjectID: -1, Hours: -2})
			return err
		}, []FieldProblem{{"project_id", "must be a positive id, got -1"}, {"hours", "is -2; the API reviews 1 to 168 hours (0 for its default, 24)"}}},
		{"a review wider than the API's cap", func() error {
			_, err := c.Alerts.Review(ctx, &ReviewAlertsParams{Hours: 169})
			return err
		}, []FieldProblem{{"hours", "is 169; the API reviews 1 to 168 hours (0 for its default, 24)"}}},
		{"the review of no alert", func() error {
			_, err := c.Alerts.GetReview(ctx, 0, nil)
			return err
		}, []FieldProblem{{"id", "must be a positive alert id, got 0"}}},
		{"a review page the API does not serve", func() error {
			_, err := c.Alerts.GetReview(ctx, 5, &AlertReviewParams{Hours: 500, Page: -1, PageSize: 201})
			return err
		}, []FieldProblem{
			{"hours", "is 500; the API reviews 1 to 168 hours (0 for its default, 24)"},
			{"page", "must be 1 or more (or 0 for the first page), got -1"},
			{"page_size", "is 201; the API pages fires by at most 200"},
		}},
		{"a summary of no alert", func() error {
			_, err := c.Alerts.Summarize(ctx, -5, nil)
			return err
		}, []FieldProblem{{"id", "must be a positive alert id, got -5"}}},
		{"a summary of a window too wide", func() error {
			_, err := c.Alerts.Summarize(ctx, 5, &SummarizeAlertRequest{Hours: 1000})
			return err
		}, []FieldProblem{{"hours", "is 1000; the API reviews 1 to 168 hours (0 for its default, 24)"}}},
		{"the state of no summary", func() error {
			_, err := c.Alerts.GetSummary(ctx, "")
			return err
		}, []FieldProblem{{"progress_id", "is required: the id Summarize returned"}}},
		{"a wait for no summary", func() error {
			_, err := c.Alerts.WaitForSummary(ctx, "", nil)
			return err
		}, []FieldProblem{{"progress_id", "is required: the id Summarize returned"}}},
		{"counts without a project", func() error {
			_, err := c.Alerts.CountFires(ctx, nil)
			return err
		}, []FieldProblem{{"project_id", "is required: the project whose alerts to count, got 0"}}},
		{"counts over a negative window", func() error {
			_, err := c.Alerts.CountFires(ctx, &CountAlertFiresParams{ProjectID: 1, Hours: -1})
			return err
		}, []FieldProblem{{"hours", "is -1; give a window of 1 hour or more (0 for the API's default, 24)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Equal(t, tc.want, ve.Problems)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}
