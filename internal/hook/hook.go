// Package hook lets this module's own packages reach what package cekura
// does not export. Package cekura fills the variables in its init, before
// any importer of it runs; cekuratest uses them to put its clients on its
// clock. They are not for other callers (internal/ keeps them out of reach).
package hook

import (
	"context"
	"time"
)

// RetryWaiter returns a cekura.Option (as any, since this package cannot
// import cekura) that replaces how a client waits: between attempts, between
// the polls of every waiter, and when judging whether a wait fits before
// the context's deadline (the waiter, not the wall clock, then decides).
// wait is given the duration and returns ctx's error if ctx ends first.
var RetryWaiter func(wait func(ctx context.Context, d time.Duration) error) any
