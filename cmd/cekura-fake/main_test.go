package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServesUntilStopped(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
		t.Run(addr, func(t *testing.T) { servesUntilStopped(t, addr) })
	}
}

// servesUntilStopped: on every interface too, the printed base URL is one
// the SDK accepts and that reaches the fake.
func servesUntilStopped(t *testing.T, addr string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, pw, addr, "sk_cli", 5); _ = pw.Close() }()

	lines := bufio.NewScanner(pr)
	vars := map[string]string{}
	for len(vars) < 2 && lines.Scan() {
		if k, v, ok := strings.Cut(lines.Text(), "="); ok {
			vars[k] = v
		}
	}
	assert.Equal(t, "sk_cli", vars["CEKURA_API_KEY"])
	require.True(t, strings.HasPrefix(vars["CEKURA_BASE_URL"], "http://127.0.0.1:"))

	c, err := cekura.NewClient(vars["CEKURA_API_KEY"], cekura.WithBaseURL(vars["CEKURA_BASE_URL"]))
	require.NoError(t, err)
	a, err := c.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "cli", Description: "d"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.ID)

	cancel()
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	require.NoError(t, <-done)
	if addr == "0.0.0.0:0" {
		require.Len(t, rest, 2)
		assert.Contains(t, rest[0], "cekura.WithInsecureHTTP()", "how to reach it from another container")
		rest = rest[1:]
	}
	assert.Equal(t, []string{"cekura-fake: stopped"}, rest)
}

func TestRefusesAnAddressItCannotListenOn(t *testing.T) {
	err := run(context.Background(), io.Discard, "256.0.0.1:1", "", 5)
	require.Error(t, err)
}
