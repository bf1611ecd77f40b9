package cekura_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// Runnable examples of the call logs' review, votes, traces and scenarios
// from calls, and of the alerts, against the cekuratest fake.

func ExampleCallsService_CreateScenarios() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// A production call, as your service sends it.
	transcript, _ := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleAgent, Content: "ACME support, how can I help?", StartTime: 0, EndTime: 2},
		cekura.Turn{Role: cekura.RoleCaller, Content: "My kettle leaks. I want a refund.", StartTime: 2.5, EndTime: 5},
	)
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call-0001", AgentID: 1, Transcript: transcript})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Turn it into a test scenario, in the background…
	started, err := client.Calls.CreateScenarios(ctx, &cekura.CreateScenariosFromCallsRequest{
		AgentID: 1,
		Calls:   cekura.SelectCalls(call.ID), // or cekura.AllCalls()
	})
	if err != nil {
		fmt.Println(err) // cekura.MaybeApplied(err) says whether it may have started
		return
	}
	// …and wait for it.
	done, err := client.Calls.WaitForScenarioCreation(ctx, started.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := done.Err(); err != nil { // some calls made no scenario (no transcript …)
		fmt.Println(err)
	}
	for _, sc := range done.Scenarios {
		fmt.Println(sc.ID, sc.Name, "for agent", sc.AgentID)
	}
	// Output:
	// 1 From call call-0001 for agent 1
}

func ExampleCallsService_Update() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call-0001", AgentID: 1, Metadata: map[string]any{"order_id": "1042"}})
	if err != nil {
		fmt.Println(err)
		return
	}

	// A reviewer's verdict, and data your service learned after the call.
	call, err = client.Calls.Update(ctx, call.ID, &cekura.UpdateCallRequest{
		Status:          cekura.Some(cekura.CallStatusReviewedSuccess),
		Feedback:        cekura.Some("resolved on the second try"),
		DurationMinutes: cekura.Some(2.5),
		Metadata:        map[string]any{"csat": 5}, // merged: order_id stays
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(call.Status, call.Duration, call.Feedback)
	fmt.Println(string(call.Metadata))
	// Output:
	// reviewed_success 02:30 resolved on the second try
	// {"csat":5,"order_id":"1042"}
}

func ExampleCallsService_VoteMetric() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	sent, _ := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call-0001", AgentID: 1})
	call, err := client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := call.Metrics[0]
	fmt.Println(m.Name, "passed:", *m.Passed)

	// The reviewer disagrees with the metric: thumbs down.
	err = client.Calls.VoteMetric(ctx, call.ID, &cekura.VoteMetricRequest{
		MetricID:      m.ID,
		ThumbsUp:      cekura.Some(false),
		ExpectedValue: true,
		Feedback:      "the recording was fine; the upload failed",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	call, _ = client.Calls.Get(ctx, call.ID)
	fmt.Println("reviewed:", call.IsReviewed)
	// Output:
	// Call Success passed: false
	// reviewed: true
}

func ExampleCallsService_GetTrace() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	call, _ := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call-0001", AgentID: 1,
		TraceID: "4bf92f3577b34da6a3ce929d0e0e4736"}) // as cekuraotel sends it

	trace, err := client.Calls.GetTrace(ctx, call.ID)
	if err != nil {
		fmt.Println(err) // ErrNotFound: no trace
		return
	}
	var spans []struct{ Name string }
	_ = json.Unmarshal(trace.Spans, &spans) // raw OpenTelemetry data
	fmt.Println(trace.TraceID, spans[0].Name)
	// Output: 4bf92f3577b34da6a3ce929d0e0e4736 conversation
}

func ExampleAlertsService_Summarize() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376}))
	defer fake.Close()
	alertID := fake.AddAlert(cekuratest.Alert{Name: "Calls failing", ProjectID: 1376}) // made in Cekura's dashboard
	client := fake.Client()
	ctx := context.Background()
	sent, _ := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "call-0001", AgentID: 1}) // it fails: the alert fires
	_, _ = client.Calls.WaitForEvaluation(ctx, sent.ID, nil)

	counts, err := client.Alerts.CountFires(ctx, &cekura.CountAlertFiresParams{ProjectID: 1376})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("fires in 24 hours:", counts.Fires[alertID])

	sum, err := client.Alerts.Summarize(ctx, alertID, &cekura.SummarizeAlertRequest{Hours: 24})
	if err != nil {
		fmt.Println(err)
		return
	}
	sum, err = client.Alerts.WaitForSummary(ctx, sum.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sum.Err(); err != nil {
		fmt.Println(err)
		return
	}
	// The summary's text comes under a key the API's description does not
	// name (the fake's is "summary"): read it from the raw answer.
	var text struct{ Summary string }
	_ = json.Unmarshal(sum.RawJSON(), &text)
	fmt.Println(sum.Status)
	fmt.Println(text.Summary)
	// Output:
	// fires in 24 hours: 1
	// completed
	// Calls failing fired 1 time in the last 24 hours, each on a call that failed the metric it watches.
}
