package cekura_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlertsAgainstTheFake runs every alerts operation against cekuratest:
// an alert fires when a call of its project fails the metric it watches,
// the reviews and counts say so, and summaries finish on the fake's clock.
func TestAlertsAgainstTheFake(t *testing.T) {
	fake := cekuratest.New(t, cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376}))
	client := fake.Client()
	ctx := context.Background()
	failing := fake.AddAlert(cekuratest.Alert{Name: "Calls failing", ProjectID: 1376})
	quiet := fake.AddAlert(cekuratest.Alert{Name: "Elsewhere", ProjectID: 99})

	// Two calls with nothing to evaluate fail "Call Success"; one with a
	// transcript passes.
	transcript, err := cekura.NewTranscript(cekura.Turn{Role: cekura.RoleCaller, Content: "Hi", StartTime: 0, EndTime: 1})
	require.NoError(t, err)
	for i, tr := range [][]byte{nil, nil, transcript} {
		sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "c" + string(rune('1'+i)), AgentID: 1, Transcript: tr})
		require.NoError(t, err)
		_, err = client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
		require.NoError(t, err)
	}

	counts, err := client.Alerts.CountFires(ctx, &cekura.CountAlertFiresParams{ProjectID: 1376})
	require.NoError(t, err)
	assert.Equal(t, map[int64]int{failing: 2}, counts.Fires)
	counts, err = client.Alerts.CountFires(ctx, &cekura.CountAlertFiresParams{ProjectID: 99, Hours: 1})
	require.NoError(t, err)
	assert.Equal(t, map[int64]int{quiet: 0}, counts.Fires)

	review, err := client.Alerts.Review(ctx, &cekura.ReviewAlertsParams{ProjectID: 1376, Hours: 72})
	require.NoError(t, err)
	var r struct {
		TotalFires  int                `json:"total_fires"`
		AlertsFired int                `json:"alerts_fired"`
		BucketHours int                `json:"bucket_hours"`
		TopAlert    struct{ ID int64 } `json:"top_alert"`
		Timeline    []struct{ Fires int }
	}
	require.NoError(t, json.Unmarshal(review.RawJSON(), &r))
	assert.Equal(t, 2, r.TotalFires)
	assert.Equal(t, 1, r.AlertsFired)
	assert.Equal(t, failing, r.TopAlert.ID)
	assert.Equal(t, 3, r.BucketHours, "3-hour buckets for 3 days")
	assert.Len(t, r.Timeline, 24)

	detail, err := client.Alerts.GetReview(ctx, failing, &cekura.AlertReviewParams{PageSize: 1})
	require.NoError(t, err)
	var d struct {
		Name         string
		TriggerCount int `json:"trigger_count"`
		Fires        struct {
			Count   int
			Next    *string
			Results []struct {
				CallLogID int64 `json:"call_log_id"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(detail.RawJSON(), &d))
	assert.Equal(t, "Calls failing", d.Name)
	assert.Equal(t, 2, d.TriggerCount)
	assert.Equal(t, 2, d.Fires.Count)
	require.Len(t, d.Fires.Results, 1)
	assert.NotNil(t, d.Fires.Next)
	_, err = client.Alerts.GetReview(ctx, 404, nil)
	assert.ErrorIs(t, err, cekura.ErrNotFound)

	// The summary: written on the fake's clock; asked again, the same one.
	sum, err := client.Alerts.Summarize(ctx, failing, &cekura.SummarizeAlertRequest{Hours: 24})
	require.NoError(t, err)
	again, err := client.Alerts.Summarize(ctx, failing, &cekura.SummarizeAlertRequest{Hours: 24})
	require.NoError(t, err)
	assert.Equal(t, sum.ProgressID, again.ProgressID, "kept for an hour")
	sum, err = client.Alerts.WaitForSummary(ctx, sum.ProgressID, &cekura.WaitParams[cekura.AlertSummary]{PollInterval: 2 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, cekura.AlertSummaryStatusCompleted, sum.Status)
	require.NoError(t, sum.Err())
	var text struct{ Summary string }
	require.NoError(t, json.Unmarshal(sum.RawJSON(), &text))
	assert.Contains(t, text.Summary, "Calls failing fired 2 times")

	// An alert that never fired has nothing to summarize: the summary ends
	// in error, which is returned, not an error.
	sum, err = client.Alerts.Summarize(ctx, quiet, nil)
	require.NoError(t, err)
	sum, err = client.Alerts.WaitForSummary(ctx, sum.ProgressID, nil)
	require.NoError(t, err)
	var sumFailed *cekura.AlertSummaryFailedError
	require.ErrorAs(t, sum.Err(), &sumFailed)

	// Refused before sending, and by the fake when sent anyway.
	sent := len(fake.Requests())
	_, err = client.Alerts.CountFires(ctx, nil)
	var invalid *cekura.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Len(t, fake.Requests(), sent, "nothing was sent")
	_, err = client.Alerts.CountFires(ctx, nil, cekura.WithoutClientValidation())
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "project_id")
	_, err = client.Alerts.GetSummary(ctx, "no-such-summary")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
}
