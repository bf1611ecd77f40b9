// Package demo gives the examples a client: the real API when
// CEKURA_API_KEY is set, and otherwise the in-process fake, so that every
// example runs on a fresh machine with no account and no network.
package demo

import (
	"errors"
	"fmt"
	"os"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

// Client returns a client and a function to call when done.
func Client() (*cekura.Client, func(), error) {
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
