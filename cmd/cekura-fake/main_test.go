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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, pw, "127.0.0.1:0", "sk_cli", 5); _ = pw.Close() }()

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
	assert.Equal(t, []string{"cekura-fake: stopped"}, rest)
}

func TestRefusesAnAddressItCannotListenOn(t *testing.T) {
	err := run(context.Background(), io.Discard, "256.0.0.1:1", "", 5)
	require.Error(t, err)
}
