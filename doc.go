// Package cekura is a Go client for the Cekura API, which tests and monitors
// AI voice agents. It registers and manages agents: their name, language,
// phone and SIP channel, and the voice platform they run on (Vapi, Retell,
// ElevenLabs, LiveKit …) with that platform's credentials.
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
//				Type:        cekura.ProviderVapi,
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
// # Optional, null and value
//
// Request fields that are unset are not sent. Nullable fields use
// [Nullable]: the zero value is left out, [Null] sends JSON null and [Value]
// sends a value, even false. [UpdateAgentRequest] (PATCH) uses [Opt] for the
// other fields, so that only what is set is sent.
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
