package cekura_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

func ExamplePersonalitiesService_List() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	// The personalities a project can use, in one language: its own and
	// the globally available ones (ProjectID 0).
	page, err := client.Personalities.List(context.Background(), &cekura.ListPersonalitiesParams{Language: cekura.LanguageEnglish, ProjectID: 1376})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range page.Results {
		fmt.Println(p.ID, p.Name, p.ProjectID)
	}
	// Output:
	// 1 Normal Male 0
	// 2 Impatient Female 0
	// 3 Confused Elder 0
}

func ExamplePersonalitiesService_Create() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	// A caller on a Cartesia voice who waits a little before speaking and
	// yields as soon as the agent talks over it.
	p, err := client.Personalities.Create(context.Background(), &cekura.CreatePersonalityRequest{
		Name:              "Hesitant caller",
		ProjectID:         1376,
		Prompt:            "You are unsure what you need and think aloud.",
		Language:          cekura.LanguageEnglish,
		BackgroundNoise:   "cafe",
		VoiceModel:        "sonic-3.5",
		Provider:          cekura.VoiceProviderCartesia,
		GenerationConfig:  &cekura.GenerationConfig{Emotion: "calm"},
		StartSpeakingPlan: cekura.Some(1.2),
		StopSpeakingPlan:  &cekura.StopSpeakingPlan{NumWords: 1, BackoffSeconds: 0.5},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID, p.Name, p.GenerationConfig.Emotion, *p.StartSpeakingPlan, p.StopSpeakingPlan.NumWords)
	// Output: 5 Hesitant caller calm 1.2 1
}

func ExamplePersonalitiesService_Fork() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// A globally available personality is shared: changing it is refused.
	_, err := client.Personalities.Update(ctx, 2, &cekura.UpdatePersonalityRequest{Speed: cekura.Some("fast")})
	fmt.Println(errors.Is(err, cekura.ErrForbidden))

	// Fork it into the project, then change the copy.
	fork, err := client.Personalities.Fork(ctx, 2, &cekura.ForkPersonalityRequest{ProjectID: 1376})
	if err != nil {
		fmt.Println(err)
		return
	}
	fork, err = client.Personalities.Update(ctx, fork.ID, &cekura.UpdatePersonalityRequest{
		Speed:                 cekura.Some("fast"),
		BackgroundSoundVolume: cekura.Some(cekura.BackgroundSoundVolume{Base: 0.3, Reduced: 0.1}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fork.Name, "forked from", fork.ForkedFromID, "in project", fork.ProjectID, "speed", fork.Speed)
	// Output:
	// true
	// Impatient Female forked from 2 in project 1376 speed fast
}

func ExampleTestSetsService_CreateFromCall() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	metric, _ := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Confirms the refund", Type: cekura.MetricTypeBasic,
		EvalType: cekura.EvalTypeBinary, AgentIDs: []int64{1}, Prompt: "Did the agent confirm the refund?"})
	transcript, _ := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleCaller, Content: "I want my money back.", StartTime: 0, EndTime: 3},
		cekura.Turn{Role: cekura.RoleAgent, Content: "Your refund is on its way.", StartTime: 3, EndTime: 6},
	)
	call, _ := client.Calls.Send(ctx, &cekura.SendCallRequest{CallID: "prod-8812", AgentID: 1, Transcript: transcript})

	// The production call, labeled: the metric should have passed (5).
	set, err := client.TestSets.CreateFromCall(ctx, &cekura.CreateTestSetFromCallRequest{
		CallID:  call.ID,
		Name:    "Refund confirmed",
		Metrics: []cekura.TestSetMetric{{MetricID: metric.ID, ExpectedValue: 5, Feedback: "the agent did confirm it"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var turns []cekura.Turn
	_ = json.Unmarshal(set.TranscriptObject, &turns)
	r := set.MetricReviews[0]
	fmt.Println(set.Name, set.SourceModel, set.Duration, len(turns), "turns;", r.MetricName, "expected", r.ExpectedValue)
	// Output: Refund confirmed CallLog 00:06 2 turns; Confirms the refund expected 5
}

func ExampleTestSetsService_CreateFromRun() {
	fake := newSupportBotFake() // agent 1 and its scenarios 1 and 2
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	metric, _ := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Greets the caller", Type: cekura.MetricTypeBasic,
		EvalType: cekura.EvalTypeBinary, AgentIDs: []int64{1}, Prompt: "Did the agent greet the caller?"})
	started, _ := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}})
	_, _ = client.Results.Wait(ctx, started.ID, &cekura.WaitParams[cekura.Result]{PollInterval: time.Second})

	// A finished run, kept with the metric to review on it.
	set, err := client.TestSets.CreateFromRun(ctx, &cekura.CreateTestSetFromRunRequest{
		RunID:   started.Runs[0].ID,
		Metrics: []cekura.TestSetMetric{{MetricID: metric.ID}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.SourceModel, set.SourceID == started.Runs[0].ID, set.MetricReviews[0].MetricName)
	// Output: Run true Greets the caller
}

func ExamplePhoneNumbersService_ListInbound() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	for n, err := range client.PhoneNumbers.AllInbound(context.Background()) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(n.ID, n.Number)
	}
	// Output:
	// 1 +14155550100
	// 2 +14155550101
}

func ExampleToolsService_List() {
	// Two agents of a project with a mock tool of the same name share it.
	tool := cekura.MockToolWrite{Name: "get_order", Description: "Looks an order up",
		MockData: json.RawMessage(`[{"input": {"order_id": "A1"}, "output": {"status": "shipped"}}]`)}
	fake := cekuratest.NewServer(cekuratest.WithAgents(
		&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", ProjectID: 1376, MockTools: []cekura.MockToolWrite{tool}},
		&cekura.CreateAgentRequest{Name: "Sales Bot", Description: "d", ProjectID: 1376, MockTools: []cekura.MockToolWrite{tool}},
	))
	defer fake.Close()
	client := fake.Client()

	page, err := client.Tools.List(context.Background(), &cekura.ListToolsParams{ProjectID: 1376, Search: "order"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range page.Results {
		fmt.Println(t.ID, t.Name, "shared by", t.SubscriberCount, "agents:", t.Information[0].Output)
	}
	// Output: 1 get_order shared by 2 agents: map[status:shipped]
}
