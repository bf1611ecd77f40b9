package cekura_test

// Runnable examples of the run triggers of the other transports, of API
// chat, metric votes and traces, against the cekuratest fake (see
// example_services_test.go).

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cekura-go/cekura"
)

func ExampleTestsService_StartLiveKitV2() {
	fake := newSupportBotFake() // agent 1, scenarios 1 and 2
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Rooms are created with the LiveKit credentials saved on the agent
	// (or its project); only what changes for this run is sent.
	started, err := client.Tests.StartLiveKitV2(ctx, &cekura.StartLiveKitV2Request{
		AgentID:     1,
		Scenarios:   []cekura.SessionScenario{{ScenarioID: 1}, {ScenarioID: 2}},
		Frequency:   2,
		LiveKitData: &cekura.LiveKitRunData{AgentName: "support-bot"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(verdict)
	// Output: result 1 passed: 4 of 4 runs succeeded
}

func ExampleTestsService_StartAPIChat() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Cekura plays the caller; this program relays the agent under test.
	started, err := client.Tests.StartAPIChat(ctx, &cekura.StartAPIChatRequest{AgentID: 1, ScenarioIDs: []int64{1}, TimeoutSeconds: 900})
	if err != nil {
		fmt.Println(err)
		return
	}
	runID := started.Runs[0].ID
	// Turn 0 is the opening: empty when the agent speaks first. It is
	// ready once the conversation has started.
	if _, err := client.Runs.WaitForChatTurn(ctx, runID, 0, nil); err != nil {
		fmt.Println(err)
		return
	}
	agentSays := "Hello, ACME support. How can I help?"
	for {
		sent, err := client.Runs.SendChatTurn(ctx, runID, &cekura.SendChatTurnRequest{Content: agentSays})
		if err != nil {
			fmt.Println(err)
			return
		}
		reply, err := client.Runs.WaitForChatTurn(ctx, runID, sent.TurnID, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("caller:", reply.Message)
		if reply.Ended {
			break
		}
		agentSays = "Let me check that for you." // your agent's answer to reply.Message
	}
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(verdict)
	// Output:
	// caller: Hi, I'm calling about my order.
	// caller: It's order 1042, placed last week.
	// caller: Could you tell me when it ships?
	// caller: Thanks, that's all I needed. Goodbye!
	// result 1 passed: 1 of 1 runs succeeded
}

func ExampleRunsService_SendChatTurn() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	started, err := client.Tests.StartAPIChat(ctx, &cekura.StartAPIChatRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A turn sent while the run is starting is refused with a 409.
	_, err = client.Runs.SendChatTurn(ctx, started.Runs[0].ID, &cekura.SendChatTurnRequest{Content: "Hello?"})
	var apiErr *cekura.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict {
		fmt.Println("still starting: wait for turn 0 first")
	}
	// Ending a conversation has it scored.
	end, err := client.Runs.EndChat(ctx, started.Runs[1].ID, &cekura.EndChatRequest{Reason: "main_agent_ended_call"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(started.Runs), "conversations; run", end.RunID, "ended")
	// Output:
	// still starting: wait for turn 0 first
	// 2 conversations; run 2 ended
}

func ExampleRunsService_VoteMetric() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	run := verdict.Result.Runs[0]
	metric := run.Evaluation.Metrics[0]
	// The metric passed the run, wrongly: a thumbs down, with the value it
	// should have given and why.
	err = client.Runs.VoteMetric(ctx, run.ID, &cekura.VoteMetricRequest{
		MetricID: metric.ID, ThumbsUp: cekura.Some(false), ExpectedValue: false,
		Feedback: "The agent never confirmed the refund amount.",
	})
	fmt.Println("vote on", metric.Name+":", err)
	// Output: vote on Expected Outcome: <nil>
}

func ExampleRunsService_GetTrace() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Results.Wait(ctx, started.ID, nil); err != nil {
		fmt.Println(err)
		return
	}
	trace, err := client.Runs.GetTrace(ctx, started.Runs[0].ID)
	if errors.Is(err, cekura.ErrNotFound) {
		fmt.Println("the run has no trace")
		return
	} else if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(trace.TraceID), "hex digits;", len(trace.Spans) > 0)
	// Output: 32 hex digits; true
}
