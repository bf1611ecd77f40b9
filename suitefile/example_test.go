package suitefile_test

import (
	"errors"
	"fmt"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/suitefile"
)

// A suite written in YAML, read with every problem at once, each with its
// location as the API keys it and its line in the file.
func ExampleParse() {
	data := []byte(`version: "1"
scenarios:
  - name: Refund happy path
    instructions: Ask for a refund of order ORD-4471.
  - name: Refund after 30 days
    metrics: [refund_policy]
`)
	_, err := suitefile.Parse(data)
	var ve *cekura.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Message)
		}
	}
	// Output:
	// scenarios[1].instructions: is required (what the simulated caller does) unless type is conditional_actions (line 5)
}
