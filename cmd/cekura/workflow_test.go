package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The README's GitHub Actions workflow is examples/github-actions/cekura.yml,
// word for word, and its cekura commands work: each runs here as the
// workflow writes it, in a job's environment, against the fake (--fake).
func TestTheREADMEsWorkflowRuns(t *testing.T) {
	b, err := os.ReadFile("../../examples/github-actions/cekura.yml")
	require.NoError(t, err)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(readme), "```yaml\n"+string(b)+"```\n"), "the README shows examples/github-actions/cekura.yml as it is")

	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				If   string `yaml:"if"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(b, &wf))
	env, summary, outputs := jobEnv(t)
	report := filepath.Join(t.TempDir(), "cekura-report.xml")
	var ran []string
	for _, step := range wf.Jobs["cekura"].Steps {
		if !strings.HasPrefix(step.Run, "cekura ") {
			continue
		}
		line := strings.NewReplacer(`"$CEKURA_AGENT_ID"`, "1", "cekura/smoke.yaml", smokeYAML, "cekura-report.xml", report).Replace(step.Run)
		args := strings.Fields(strings.TrimPrefix(line, "cekura "))
		code, _, errOut := cli(t, env, append(args, "--fake")...) // the fake's clock moves with the wait
		assert.Equal(t, exitOK, code, "%s: %s", step.Name, errOut)
		ran = append(ran, step.If+" "+args[len(args)-1])
	}
	assert.Equal(t, []string{" --dry-run", "github.ref == 'refs/heads/main' 20m"}, ran, "a dry run on every push, the run on main")
	assert.Equal(t, 3, len(readJUnit(t, report).Suites[0].Cases))
	assert.Contains(t, readFile(t, summary), "### Cekura dry run")
	assert.Contains(t, readFile(t, summary), "### ✅ Cekura: Support smoke passed")
	assert.Contains(t, readFile(t, outputs), "result_id=1\n")
}
