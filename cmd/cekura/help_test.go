package main

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpTextsUseTheRightArticle(t *testing.T) {
	code, out, _ := cli(t, nil, "agents", "create", "--help")
	require.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "Create an agent from flags or --from-file\n"), out)
	code, out, _ = cli(t, nil, "agents", "delete", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Delete an agent. On a terminal it asks first")
	assert.Contains(t, out, "-y, --yes")
	assert.Contains(t, out, "cekura agents delete 2142 --yes")

	// No "a agent", "a update" anywhere in the short or long help.
	wrong := regexp.MustCompile(`\ba [aeiouAEIOU]\w`)
	a := &app{out: io.Discard, errOut: io.Discard}
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		n++
		assert.NotRegexp(t, wrong, c.Short, c.CommandPath())
		assert.NotRegexp(t, wrong, c.Long, c.CommandPath())
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.rootCommand())
	assert.Greater(t, n, 30, "the walk saw every command")
	assert.Equal(t, "a scenario", withArticle("scenario"))
	assert.Equal(t, "an update", withArticle("update"))
}
