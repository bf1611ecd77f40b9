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
// It serves agents and their sub-resources (knowledge base files, mock
// tools, dynamic variables, personalities, versions, imports from the
// provider), scenarios and their generation, test runs and their results,
// production calls with their evaluation, metrics, test profiles and
// schedules (cron jobs: stored and checked, the crontab expression and the
// IANA time zone included, but never run), with the API's authentication,
// validation rules, DRF-style error bodies, pagination and write-only
// fields (StoredSecrets shows what was written). It also serves metric
// failure-mode and deep research insights, audited from the calls it holds
// (a call with nothing to evaluate fails), and agent- and
// scenario-improvement sessions; audits and sessions move on the fake clock
// below.
//
// Runs, evaluations, generations and imports progress on a fake clock, which
// Advance moves and which the waits of the clients of Client move too: a
// test that starts tests and waits for the verdict takes no real time.
// Script decides how the runs end.
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
// call_log.completed to the agent's webhook_url with its webhook secret in
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
