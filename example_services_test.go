package cekura_test

// Runnable examples of each service's main calls, against the cekuratest
// fake: no network, no key, and a fake clock, so that every wait is
// instant. With the real API, make the client with cekura.NewClient(apiKey)
// or cekura.NewClientFromEnv() instead of fake.Client().

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// newSupportBotFake starts a fake holding one agent (id 1) and two of its
// scenarios tagged smoke (ids 1 and 2).
func newSupportBotFake() *cekuratest.Server {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "Handles inbound support calls",
	}))
	client := fake.Client()
	for _, name := range []string{"Refund request", "Order status"} {
		_, err := client.Scenarios.Create(context.Background(), &cekura.CreateScenarioRequest{
			Name: name, PersonalityID: 1, AgentID: 1,
			Instructions: "You are a customer. " + name + ".",
			Tags:         []string{"smoke"},
		})
		if err != nil {
			panic(err)
		}
	}
	return fake
}

func ExampleTestsService_Start() {
	// The fake API, with an agent and two smoke scenarios (with a real key:
	// client, err := cekura.NewClientFromEnv()).
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "Handles inbound support calls",
	}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	for _, name := range []string{"Refund request", "Order status"} {
		if _, err := client.Scenarios.Create(ctx, &cekura.CreateScenarioRequest{
			Name: name, PersonalityID: 1, AgentID: 1,
			Instructions: "You are a customer. " + name + ".", Tags: []string{"smoke"},
		}); err != nil {
			fmt.Println(err)
			return
		}
	}

	// Run the agent's smoke scenarios…
	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err) // cekura.MaybeApplied(err) says whether they may have started anyway
		return
	}
	// …and wait for them to end.
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		fmt.Println(err) // the wait ended first: the context, or polls that kept failing
		return
	}
	fmt.Println(verdict.Passed)
	fmt.Println(verdict)
	// Output:
	// true
	// result 1 passed: 2 of 2 runs succeeded
}

func ExampleResultsService_Wait() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1, 2}})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := started.Status
	fmt.Println(last)
	verdict, err := client.Results.Wait(ctx, started.ID, &cekura.WaitParams[cekura.Result]{
		PollInterval:    2 * time.Second, // poll often: the fake's runs take 30 s
		MaxPollInterval: 2 * time.Second,
		Progress: func(r *cekura.Result) { // called with every state read
			if r.Status != last {
				last = r.Status
				fmt.Println(last)
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(verdict.Succeeded, "of", verdict.Total, "runs succeeded")
	// Output:
	// pending
	// running
	// evaluating
	// completed
	// 2 of 2 runs succeeded
}

func ExampleVerdict_Err() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	fake.Script(cekuratest.Outcome{Fail: map[int64]string{2: "never gave the order's status"}})

	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, Tags: []string{"smoke"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	verdict, err := client.Results.Wait(ctx, started.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A terminal state is not an error of the wait: Err turns a failed
	// verdict into one, for a CI job to return.
	err = verdict.Err()
	var failed *cekura.TestsFailedError
	if errors.As(err, &failed) {
		for _, f := range failed.Verdict.Failures {
			fmt.Printf("%s: %s\n", f.Scenario, f.Reason)
		}
	}
	fmt.Println(err)
	// Output:
	// Order status: metric "Expected Outcome" failed: never gave the order's status
	// cekura: tests failed: result 1 completed: 1 of 2 runs failed; run 2 (Order status): metric "Expected Outcome" failed: never gave the order's status
}

func ExampleCallsService_Send() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleAgent, Content: "ACME support, how can I help?", StartTime: 0, EndTime: 2.5},
		cekura.Turn{Role: cekura.RoleCaller, Content: "Where is my order?", StartTime: 3, EndTime: 4.5},
	)
	if err != nil {
		fmt.Println(err) // a turn out of order, an unknown role …
		return
	}
	sent, err := client.Calls.Send(ctx, &cekura.SendCallRequest{
		CallID:     "call-2026-06-01-0001", // your id of the call
		AgentID:    1,
		Transcript: transcript,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sent.ID, sent.Status, sent.Evaluated())

	call, err := client.Calls.WaitForEvaluation(ctx, sent.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := call.Err(); err != nil { // the call was evaluated and failed
		fmt.Println(err)
		return
	}
	fmt.Println(call.Status, *call.Success)
	for _, m := range call.Metrics {
		fmt.Println(m.Name, *m.Passed)
	}
	// Output:
	// 1 evaluating false
	// success true
	// Call Success true
}

func ExampleNewTranscript() {
	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleAgent, Content: "Hello!", StartTime: 0, EndTime: 1},
		cekura.Turn{Role: cekura.RoleCaller, Content: "Hi.", StartTime: 1.5, EndTime: 2},
	)
	fmt.Println(string(transcript), err)

	_, err = cekura.NewTranscript(cekura.Turn{Role: cekura.RoleAgent, Content: "Bye", StartTime: 5, EndTime: 4})
	fmt.Println(errors.Is(err, cekura.ErrInvalidRequest))
	// Output:
	// [{"role":"Main Agent","content":"Hello!","start_time":0,"end_time":1},{"role":"Testing Agent","content":"Hi.","start_time":1.5,"end_time":2}] <nil>
	// true
}

func ExampleScenariosService_Create() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()

	sc, err := client.Scenarios.Create(context.Background(), &cekura.CreateScenarioRequest{
		Name:                  "Refund request",
		PersonalityID:         1,
		AgentID:               1,
		Instructions:          "You bought a kettle that leaks. Ask for a refund.",
		ExpectedOutcomePrompt: "The agent starts a refund.",
		Tags:                  []string{"smoke", "billing"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.ID, sc.Name, sc.AgentID, sc.ScenarioType, sc.Tags)
	// Output: 1 Refund request 1 instruction [smoke billing]
}

func ExampleScenariosService_Generate() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	gen, err := client.Scenarios.Generate(ctx, &cekura.GenerateScenariosRequest{
		AgentID:      1,
		NumScenarios: 3,
		Tags:         []string{"generated"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	gen, err = client.Scenarios.WaitForGeneration(ctx, gen.ProgressID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := gen.Err(); err != nil { // some scenarios could not be written
		fmt.Println(err)
	}
	fmt.Println(gen.Completed, "of", gen.Total, "written")
	for _, sc := range gen.Scenarios {
		fmt.Println(sc.ID, sc.Name, sc.Tags)
	}
	// Output:
	// 3 of 3 written
	// 1 Generated scenario 1 [generated]
	// 2 Generated scenario 2 [generated]
	// 3 Generated scenario 3 [generated]
}

func ExampleMetricsService_Create() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{Name: "Support Bot", Description: "d"}))
	defer fake.Close()
	client := fake.Client()

	m, err := client.Metrics.Create(context.Background(), &cekura.CreateMetricRequest{
		Name:        "Refund Policy",
		Description: "Did the agent follow the refund policy? Pass when it offered a refund only within 30 days of purchase.",
		AgentIDs:    []int64{1},
		Type:        cekura.MetricTypeLLMJudge,
		EvalType:    cekura.EvalTypeBinary,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ID, m.Slug, m.Type, m.EvalType, m.AgentIDs)
	// Output: 1 refund_policy llm_judge binary [1]
}

func ExampleMetricsService_GetBySlug() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	if _, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Customer Satisfaction", EvalType: cekura.EvalTypeNumeric}); err != nil {
		fmt.Println(err)
		return
	}

	m, err := client.Metrics.GetBySlug(ctx, "customer_satisfaction")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ID, m.Name, m.EvalType)

	_, err = client.Metrics.GetBySlug(ctx, "42") // a number is an id: use Get
	fmt.Println(errors.Is(err, cekura.ErrInvalidRequest))
	// Output:
	// 1 Customer Satisfaction numeric
	// true
}

func ExampleTestProfilesService_Create() {
	fake := newSupportBotFake() // agent 1 and its scenarios 1 and 2
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Who the simulated caller is, and what the agent under test is told
	// (X- keys also go to the agent as SIP or connection headers).
	profile, err := client.TestProfiles.Create(ctx, &cekura.CreateTestProfileRequest{
		Name:    "Gold member with an open order",
		AgentID: 1,
		Information: cekura.TestProfileInformation{
			AgentVariables:  map[string]any{"customer_id": "C-1042", "X-Account-Tier": "gold"},
			CallerVariables: map[string]any{"name": "Jane Doe", "order_id": "ORD-77"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A scenario names the profile by id.
	if _, err := client.Scenarios.Update(ctx, 2, &cekura.UpdateScenarioRequest{TestProfileID: cekura.Some(profile.ID)}); err != nil {
		fmt.Println(err)
		return
	}
	profiles, err := client.TestProfiles.List(ctx, &cekura.ListTestProfilesParams{AgentID: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range profiles.Results {
		fmt.Println(p.ID, p.Name, p.Information.CallerVariables["order_id"], "used by scenario", p.Scenarios[0].ID)
	}
	// Output: 1 Gold member with an open order ORD-77 used by scenario 2
}

func ExampleSchedulesService_Create() {
	fake := newSupportBotFake() // agent 1 and its scenarios 1 and 2, tagged smoke
	defer fake.Close()
	client := fake.Client()

	// The smoke scenarios, every weekday at 9:00 in New York.
	schedule, err := client.Schedules.Create(context.Background(), &cekura.CreateScheduleRequest{
		Name:              "Weekday smoke tests",
		AgentID:           1,
		Tags:              []string{"smoke"},
		CrontabExpression: "0 9 * * MON-FRI",
		Timezone:          "America/New_York",
		NotifyOn:          cekura.NotifyOnFailure,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(schedule.ID, schedule.CrontabExpression, schedule.Timezone, schedule.ExecutionMode, schedule.IsActive)
	// Output: 1 0 9 * * MON-FRI America/New_York voice true
}

func ExampleSchedulesService_Create_validation() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()

	// The expression and the time zone are checked before anything is sent.
	_, err := client.Schedules.Create(context.Background(), &cekura.CreateScheduleRequest{
		ScenarioIDs:       []int64{1, 2},
		CrontabExpression: "0 24 * * 1-8",
		Timezone:          "America/New_Yrok",
	})
	var invalid *cekura.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Message)
		}
	}
	fmt.Println(len(fake.Requests()) == 2, "(only the two scenarios were created)")
	// Output:
	// crontab_expression: hour: 24 is out of range: 0 to 23
	// crontab_expression: day of week: 8 is out of range: 0 to 7
	// timezone: "America/New_Yrok" is not a time zone of the IANA database, such as America/New_York, Europe/Paris or UTC
	// true (only the two scenarios were created)
}

func ExampleSchedulesService_Update() {
	fake := newSupportBotFake()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	schedule, err := client.Schedules.Create(ctx, &cekura.CreateScheduleRequest{ScenarioIDs: []int64{1}, CrontabExpression: "*/30 * * * *"})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Pause it (Some(true) resumes it); nothing else changes.
	paused, err := client.Schedules.Update(ctx, schedule.ID, &cekura.UpdateScheduleRequest{IsActive: cekura.Some(false)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(paused.IsActive, paused.CrontabExpression)
	fmt.Println(string(fake.Requests()[3].Body))
	// Output:
	// false */30 * * * *
	// {"is_active":false}
}

func ExampleSome() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "d", AgentSpeaksFirst: cekura.Some(true),
	}))
	defer fake.Close()
	client := fake.Client()

	// PATCH sends only the fields that are set: Some sends its value, even
	// false or "", which a plain bool or string could not tell from unset.
	agent, err := client.Agents.Update(context.Background(), 1, &cekura.UpdateAgentRequest{
		AgentSpeaksFirst: cekura.Some(false),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agent.Name, *agent.AgentSpeaksFirst)
	fmt.Println(string(fake.Requests()[0].Body))
	// Output:
	// Support Bot false
	// {"agent_speaks_first":false}
}

func ExampleNull() {
	fake := cekuratest.NewServer(cekuratest.WithAgents(&cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "d", AgentSpeaksFirst: cekura.Some(true),
	}))
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// Null sends JSON null, to clear a field that accepts it…
	agent, err := client.Agents.Update(ctx, 1, &cekura.UpdateAgentRequest{AgentSpeaksFirst: cekura.Null[bool]()})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(agent.AgentSpeaksFirst == nil, string(fake.Requests()[0].Body))

	// …and is refused, before anything is sent, on a field that does not.
	_, err = client.Agents.Update(ctx, 1, &cekura.UpdateAgentRequest{Name: cekura.Null[string]()})
	fmt.Println(err)
	fmt.Println(len(fake.Requests()))
	// Output:
	// true {"agent_speaks_first":null}
	// cekura: invalid request: name: is Null(), but the API does not accept null here; leave it unset, or set a value with Some
	// 1
}

func ExampleAPIError() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	// Valid for the SDK, refused by the API: there is no agent 99.
	_, err := client.Scenarios.Create(context.Background(), &cekura.CreateScenarioRequest{
		Name: "Refund request", PersonalityID: 1, AgentID: 99, Instructions: "Ask for a refund.",
	})
	var apiErr *cekura.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Method, apiErr.Path)
		fmt.Println(apiErr.FieldErrors["agent"])
	}
	fmt.Println(errors.Is(err, cekura.ErrNotFound), cekura.MaybeApplied(err))
	// Output:
	// 400 POST /test_framework/v1/scenarios/
	// [Invalid pk "99" - object does not exist.]
	// false false
}

func ExampleValidationError() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	_, err := client.Scenarios.Create(context.Background(), &cekura.CreateScenarioRequest{
		Name:      "Refund request",
		AgentID:   1,
		ProjectID: 7,
		MetricIDs: []int64{-1},
	})
	var invalid *cekura.ValidationError
	if errors.As(err, &invalid) { // every problem, not just the first
		for _, p := range invalid.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Message)
		}
	}
	fmt.Println(errors.Is(err, cekura.ErrInvalidRequest), len(fake.Requests()), "requests sent")
	// Output:
	// personality: is required: a personality id (see the personalities list)
	// agent: set exactly one of agent, project and assistant_id (got 2)
	// instructions: is required (or conditional_actions with scenario_type conditional_actions)
	// metrics: holds -1; ids are positive
	// true 0 requests sent
}

func ExampleSecret_logging() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { return dropVolatile(a) },
	}))
	creds := &cekura.ProviderCredentials{APIKey: "vapi_sk_live_123", Config: cekura.VapiConfig{PublicKey: "pk_123"}}
	logger.Info("provider", "credentials", creds)

	b, _ := json.Marshal(creds) // the API still receives the key itself
	fmt.Println(string(b))
	// Output:
	// level=INFO msg=provider credentials.APIKey=[REDACTED] credentials.Config.PublicKey=pk_123
	// {"api_key":"vapi_sk_live_123","config":{"public_key":"pk_123"}}
}
