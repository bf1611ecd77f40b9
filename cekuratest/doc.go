// Package cekuratest is an in-memory fake of the Cekura API for tests of
// code that uses the cekura SDK. A test talks to it through a real
// *cekura.Client, over HTTP on 127.0.0.1:
//
//	func TestOnboarding(t *testing.T) {
//		fake := cekuratest.New(t) // closed when the test ends
//		client := fake.Client()   // a *cekura.Client wired to the fake
//
//		// The code under test, given client.
//		agent, err := client.Agents.Create(t.Context(), &cekura.CreateAgentRequest{
//			Name:          "Support Bot",
//			Description:   "Answers billing questions",
//			WebhookURL:    "https://hooks.example/cekura",
//			WebhookSecret: "whsec_test",
//		})
//		if err != nil {
//			t.Fatal(err)
//		}
//
//		if n := len(fake.Agents()); n != 1 {
//			t.Fatalf("want 1 agent, got %d", n)
//		}
//		// The API never returns a webhook secret; the fake shows what it got.
//		if secrets, _ := fake.StoredSecrets(agent.ID); secrets.WebhookSecret != "whsec_test" {
//			t.Error("the webhook secret did not reach the API")
//		}
//	}
//
// It serves, with the API's authentication, validation rules, DRF-style
// error bodies, pagination and write-only fields (StoredSecrets shows what
// was written):
//
//   - agents and their sub-resources (knowledge base files, mock tools,
//     dynamic variables, personalities, versions, imports from the
//     provider);
//   - scenarios, their folders (ScenarioFolders), their generation and the
//     AI jobs that write them (instructions, a scenario from a transcript,
//     the scenario agent);
//   - test runs and their results, with the results' actions (rerun,
//     evaluate again, delete runs, ask about failures: at most 5
//     questions a minute of the fake's clock, then 429), every run trigger,
//     suites (tests as code), the API chat, metric votes and traces;
//   - production calls with their evaluation, updates, metric votes, traces
//     and the scenarios made from them; alerts (AddAlert: their reviews,
//     summaries and fire counts);
//   - metrics with their alert and Slack settings (the API's defaults on
//     create; no scores), attached to the scenarios they name ("all": their
//     agents'), found by agent, agents and filters, and their background
//     jobs (previews, generations, review runs …; FailJobs makes them
//     fail), predefined metrics, critical metric scenarios (the failed
//     runs of ended results) and metric reviews (three per metric, ids
//     metric id × 100 + 1 to + 3);
//   - test profiles; schedules (cron jobs: stored and checked, the crontab
//     expression and the IANA time zone included, but never run);
//     personalities (four globally available ones to start with, which
//     only a fork can change); test sets made from finished runs and calls;
//     the inbound phone numbers; the tools catalogue (the agents' mock
//     tools, one per name in a project);
//   - projects with their settings, the organization, API keys, audit logs
//     and billing;
//   - metric failure-mode and deep research insights, audited from the
//     calls it holds (a call with nothing to evaluate fails), and agent-
//     and scenario-improvement sessions;
//   - dashboards and their widgets, a widget's data plotted from the fake's
//     own production calls (what each chart holds: README, "Dashboards and
//     widgets").
//
// Runs, evaluations, generations, imports, AI jobs, scenarios from calls,
// alert summaries, audits and sessions progress on a fake clock, which Advance moves and
// which the waits of the clients of Client move too: a test that starts
// tests and waits for the verdict takes no real time.
// Script decides how the runs end.
//
// Every run trigger is served: Tests.Start's transports and those with a
// method of their own (LiveKit, Pipecat, Vapi and Retell over WebRTC,
// websockets, email, API chat). An API chat's conversations open once the
// result is no longer pending; each turn sent gets the simulated user's
// reply 2 s later on the fake's clock, the fourth reply says goodbye and
// ends the conversation, and end-chat or the timeout end it sooner; once
// every conversation of the result has ended, it is scored. Completed runs
// take metric votes (on their metric 1, "Expected Outcome") and have a
// trace (Run.TraceID). A voice run of an outbound agent (telephony.inbound
// false) carries the number your agent must dial (Run.Number, one of the
// inbound phone numbers) and a five-minute dial window, open from when the
// runs start; the fake does not wait for the dial. A run of a scenario
// with a test profile carries it (Run.TestProfileData). Runs.List's
// filters filter the fake's runs (the fake's calls have no provider call id
// or ended reason: a filter on those keeps nothing).
//
//	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: agent.ID, ScenarioIDs: []int64{sc.ID}})
//	…
//	verdict, err := client.Results.Wait(ctx, started.ID, nil)
//	…
//	if !verdict.Passed {
//		t.Errorf("tests failed: %v", verdict)
//	}
//
// When a result ends or a call's evaluation ends on the fake's clock (not
// when something reads it), the fake delivers result.completed or
// call_log.completed to the agent's webhook_url (or, for an agent without
// one, its project's, as the project's notify_* settings ask: see
// Server.Projects) with its webhook secret in
// X-CEKURA-SECRET and an X-CEKURA-IDEMPOTENCY-KEY, in the documented shapes;
// before a result's runs are dispatched it sends result.pre_trigger and
// waits for the answer, as Cekura's run waits for its pre-run hook (the
// runs start once the hook's attempts are over, whatever it answered).
// Deliveries lists every attempt, and SendWebhook delivers any event on
// demand, for tests of a webhook.Handler.
//
// The delivery policy: Cekura documents retries only for the pre-run hook
// (30 s timeout, retried up to 3 times), so the fake tries
// result.pre_trigger 4 times and the other events 5 times, retrying a
// non-2xx answer or none (refused, reset, no answer within 2 s) after 10 ms,
// doubling up to 100 ms (a Retry-After is honoured up to that cap). These
// waits are real time, tiny, and not the fake's clock: a test that waits
// for Deliveries does not move the clock, and a delivery must end for
// Deliveries and Close to return.
//
// Fail and FailNext inject failures (a 429 with Retry-After, a 503, a write
// that took effect before its 502), WithChaos fails a random share of the
// requests for soak tests, WithLatency slows every answer, and
// Requests returns every request received, the API key redacted.
package cekuratest
