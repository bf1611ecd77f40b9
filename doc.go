// Package cekura is a Go client for the Cekura API, which tests and monitors
// AI voice agents. It registers and manages agents — their name, language,
// phone and SIP channel, and the voice platform they run on (Vapi, Retell,
// ElevenLabs, LiveKit …) with that platform's credentials — and runs their
// test scenarios and reads the verdict.
//
// A complete program:
//
//	package main
//
//	import (
//		"context"
//		"errors"
//		"fmt"
//		"log"
//
//		"github.com/cekura-go/cekura"
//	)
//
//	func main() {
//		client, err := cekura.NewClientFromEnv() // CEKURA_API_KEY
//		if err != nil {
//			log.Fatal(err)
//		}
//		agent, err := client.Agents.Create(context.Background(), &cekura.CreateAgentRequest{
//			Name:        "Support Bot",
//			Description: "Handles inbound support calls",
//			Language:    cekura.LanguageEnglish,
//			Telephony:   &cekura.Telephony{PhoneNumber: "+14155551234", Inbound: true},
//			Provider: &cekura.Provider{
//				Type:        cekura.ProviderTypeVapi,
//				AgentID:     "asst_abc123",
//				Credentials: &cekura.ProviderCredentials{APIKey: "vapi_sk_…"},
//			},
//		})
//		var invalid *cekura.ValidationError
//		switch {
//		case errors.As(err, &invalid): // nothing was sent
//			log.Fatalf("fix the request: %v", invalid.Problems)
//		case errors.Is(err, cekura.ErrUnauthorized):
//			log.Fatal("check CEKURA_API_KEY")
//		case err != nil:
//			log.Fatal(err)
//		}
//		fmt.Println("created agent", agent.ID)
//	}
//
// # Testing an agent
//
// [Client.Scenarios] holds an agent's test scenarios, [Client.Tests] starts
// them (a [Result] whose ID identifies the run), [ResultsService.Wait]
// polls the result until it ends and returns a [Verdict], passed when every
// run succeeded, with each failing run's reason:
//
//	started, err := client.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: id, Tags: []string{"smoke"}})
//	if err != nil {
//		return err
//	}
//	verdict, err := client.Results.Wait(ctx, started.ID, nil)
//	if err != nil {
//		return err
//	}
//	return verdict.Err() // nil when passed
//
// [Client.TestProfiles] holds the test data scenarios and runs name by id
// (what the simulated caller knows, what the agent is told), and
// [Client.Schedules] runs scenarios on a crontab timetable, checking the
// expression and the IANA time zone before sending.
// [Client.Personalities] manages the simulated callers (a global one is
// changed through a Fork), [Client.TestSets] keeps finished runs and
// production calls as labeled test sets, [Client.PhoneNumbers] lists the
// inbound numbers and [Client.Tools] reads a project's mock tools catalogue.
//
// # Every resource of the API
//
// Each documented endpoint of the API has a method on a service of
// [Client], in the same shapes: List (a [Page]) and All (an iterator), Get,
// Create, Update (PATCH: only what is set), Delete, actions named by verb
// with a …Request, and background jobs as a method that starts them, a
// Get… of their progress and a WaitFor… on one poller ([WaitParams]).
//
//   - Testing: [Client.Agents], [Client.Scenarios] (folders, and scenarios
//     written by Cekura's AI), [Client.Tests] (every run trigger, and test
//     suites from files), [Client.Results], [Client.Runs] (the API chat,
//     metric votes, traces), [Client.Metrics] and their jobs,
//     [Client.PredefinedMetrics], [Client.CriticalMetricScenarios],
//     [Client.MetricReviews], [Client.TestProfiles], [Client.Schedules],
//     [Client.Personalities], [Client.TestSets], [Client.PhoneNumbers],
//     [Client.Tools].
//   - Production: [Client.Calls] (and scenarios made from them),
//     [Client.Alerts], [Client.Dashboards], [Client.Widgets],
//     [Client.FailureInsights], [Client.ResearchInsights],
//     [Client.AgentImprovements], [Client.ScenarioImprovements].
//   - Workspace: [Client.Projects], [Client.Organizations],
//     [Client.APIKeys], [Client.AuditLogs], [Client.Billing].
//
// # Optional, null and value
//
// Request fields that are unset are not sent. Fields that must tell "leave
// it out", "send null" and "send this value" apart use [Opt]: its zero value
// is left out, [Some] sends a value (even false or ""), [Null] sends JSON
// null. [UpdateAgentRequest] (PATCH) uses Opt for every field, so that only
// what is set is sent. Null on a field the API does not accept null in is a
// validation problem, found before anything is sent.
//
// # Options per call
//
// Every method takes trailing [Option] values, the same type [NewClient]
// takes; given to a method, an option changes that call only:
//
//	agent, err := client.Agents.Get(ctx, id,
//		cekura.WithMaxRetries(0),
//		cekura.WithHeader("X-Correlation-Id", jobID),
//		cekura.WithResponseInto(&resp))
//
// [Client.Do] reaches an endpoint that has no method yet, with the client's
// key, retries, limits and errors.
//
// # Responses
//
// Decoding is tolerant: a field this SDK does not know is skipped and stays
// reachable through RawJSON; a known field whose type changed is left at its
// zero value instead of failing the whole response; only a body that is not
// JSON, or not an object where one is expected, is an error. Response types
// round-trip through encoding/json with the API's keys. Lists return a
// [Page]; every list method has an All twin that walks every page lazily.
//
// # How types are declared
//
// Every request and response type is declared once, as a Go struct whose
// `json` tags give the API's keys (and whose `cekura` tags say what JSON tags
// cannot: `cekura:"nullable"` on an Opt the API accepts null in,
// `cekura:"required"` on a string that must not be blank). One codec serves
// them all: a plan compiled by reflection the first time a type is used and
// cached, which then encodes (byte for byte what encoding/json writes),
// decodes tolerantly, checks requests (null where it is refused, required
// fields, an update that sets nothing) and lets the fake server render its
// answers with the same types. A cached plan rather than generated code: a
// new resource is its struct declarations and nothing else, with no
// generation step to forget or to keep in sync, and the plan, which reads
// and writes fields through their offsets, still encodes and decodes faster
// than encoding/json does (the README has the figures). CONTRIBUTING.md
// walks through adding a resource.
//
// # Errors
//
// A request the SDK finds invalid returns a [*ValidationError] listing every
// problem, and nothing is sent (errors.Is(err, ErrInvalidRequest)). An
// answer that is not 2xx returns an [*APIError] with the status, the API's
// detail and field errors; errors.Is matches [ErrUnauthorized],
// [ErrForbidden], [ErrNotFound], [ErrRateLimited] and [ErrServer].
//
// # Retries
//
// Failed calls are retried up to twice ([WithMaxRetries]) with exponential
// backoff and jitter, honouring Retry-After. GET, PUT and DELETE are retried
// on transport errors and on 408, 429, 500, 502, 503 and 504. POST and PATCH
// are not idempotent (a retried create can make a second agent), so they are
// retried only on 429 and on errors that prove the request never reached the
// API. The wait ends as soon as the context is done.
//
// # Secrets
//
// The API key is sent only to the base URL's host, never on a redirect to
// another host, and is never printed. Credentials in requests are of type
// [Secret], which prints as [Redacted] under fmt and slog.
//
// # Testing
//
// The cekuratest package is an in-memory fake of the API for tests of code
// that uses this SDK; [WithHTTPClient] accepts any transport, such as
// httpmock's.
package cekura
