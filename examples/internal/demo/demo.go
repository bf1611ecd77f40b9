// Package demo gives the examples a client: the real API when
// CEKURA_API_KEY is set, and otherwise the in-process fake, so that every
// example runs on a fresh machine with no account and no network.
package demo

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

var keep = flag.Bool("keep", false, "keep what the example creates (by default it is deleted before the example ends, so that trying it leaves nothing billed behind)")

// Client returns a client and a function to call when done. It parses the
// command line (-keep).
func Client() (*cekura.Client, func(), error) {
	if !flag.Parsed() {
		flag.Parse()
	}
	if os.Getenv("CEKURA_API_KEY") != "" {
		c, err := cekura.NewClientFromEnv()
		if err != nil {
			return nil, nil, err
		}
		fmt.Println("Using the Cekura API at", c.BaseURL())
		return c, func() {}, nil
	}
	fake := cekuratest.NewServer()
	fmt.Println("CEKURA_API_KEY is not set: using the in-process fake Cekura API (cekuratest) at", fake.URL())
	return fake.Client(), fake.Close, nil
}

// Cleanup deletes what an example created, unless -keep was given, and
// says which it did: with a real key, an example must not leave objects
// behind that cost money or clutter the account.
func Cleanup(what string, del func(ctx context.Context) error) {
	if *keep {
		fmt.Printf("Kept %s (-keep).\n", what)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := del(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "could not delete %s (delete it yourself): %v\n", what, err)
		return
	}
	fmt.Printf("Deleted %s (-keep keeps it).\n", what)
}

// Explain prints what an error means and what to do about it.
func Explain(err error) {
	fmt.Fprintln(os.Stderr, "error:", err)
	var ve *cekura.ValidationError
	var apiErr *cekura.APIError
	switch {
	case errors.As(err, &ve):
		for _, p := range ve.Problems {
			fmt.Fprintf(os.Stderr, "  fix %s: %s\n", p.Field, p.Message)
		}
	case errors.As(err, &apiErr):
		for field, msgs := range apiErr.FieldErrors {
			fmt.Fprintf(os.Stderr, "  the API says %s: %v\n", field, msgs)
		}
	}
}
