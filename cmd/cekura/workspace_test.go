package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProjectsCommands(t *testing.T) {
	fake, env := fixedFake(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte("whsec_cli\n"), 0o600))

	code, out, errOut := cli(t, env, "projects", "create", "--name", "Support", "--webhook-url", "https://hooks.example/c",
		"--webhook-secret-file", secret, "--enable", "notify_pre_run_webhook", "--disable", "notify_call_log_webhook_success,notify_result_webhook_error")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "ID  NAME     ORGANIZATION       WEBHOOK                  SECRET\n2   Support  Fake Organization  https://hooks.example/c  yes\n", out)
	assert.NotContains(t, out+errOut, "whsec_cli")
	sec, ok := fake.StoredProjectSecrets(2)
	require.True(t, ok)
	assert.Equal(t, "whsec_cli", sec.WebhookSecret.Reveal(), "read from the file, without its newline")
	p := fake.Projects()[1]
	assert.True(t, p.NotifyPreRunWebhook)
	assert.False(t, p.NotifyCallLogWebhookSuccess)
	assert.False(t, p.NotifyResultWebhookError)
	assert.True(t, p.NotifyResultWebhookFailed, "untouched")

	code, out, _ = cli(t, env, "projects", "get", "2", "-o", "json")
	require.Equal(t, exitOK, code)
	var got cekura.Project
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "Support", got.Name)
	assert.True(t, got.WebhookSecretConfigured)

	code, out, _ = cli(t, env, "projects", "list", "-o", "yaml")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "name: Default Project")
	assert.Contains(t, out, "name: Support")

	// Update: only what is given; --webhook-url "" removes the webhook.
	code, _, errOut = cli(t, env, "projects", "update", "2", "--webhook-url", "", "--enable", "notify_call_log_webhook_success")
	require.Equal(t, exitOK, code, errOut)
	p = fake.Projects()[1]
	assert.Empty(t, p.WebhookURL)
	assert.True(t, p.NotifyCallLogWebhookSuccess)
	assert.True(t, p.NotifyPreRunWebhook, "untouched")
	last := fake.Requests()[len(fake.Requests())-1]
	assert.JSONEq(t, `{"webhook_url": "", "notify_call_log_webhook_success": true}`, string(last.Body))

	// Personalities and the webhook test.
	code, out, errOut = cli(t, env, "projects", "enable-personalities", "2", "--personalities", "1,4")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Calme             fr        yes")
	code, _, errOut = cli(t, env, "projects", "disable-personalities", "2", "--all")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "Disabled 4 personalities.")
	code, _, errOut = cli(t, env, "projects", "test-webhook", "2")
	assert.Equal(t, exitError, code, "no webhook any more: the API's 400")
	assert.Contains(t, errOut, "No webhook URL")

	// Refused before sending, exit 2, one line each.
	sent := len(fake.Requests())
	for _, args := range [][]string{
		{"projects", "create", "--name", "x", "--enable", "notify_everyone"},
		{"projects", "create", "--name", "x", "--webhook-url", "ftp://x"},
		{"projects", "create", "--name", "x", "--webhook-secret-file", filepath.Join(t.TempDir(), "missing")},
		{"projects", "update", "2"},
		{"projects", "enable-personalities", "2"},
		{"projects", "get", "zero"},
	} {
		code, _, errOut := cli(t, env, args...)
		assert.Equal(t, exitError, code, "%v", args)
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(errOut), "\n")+1, "one line: %q", errOut)
	}
	assert.Equal(t, sent, len(fake.Requests()), "nothing was sent")
	code, _, errOut = cli(t, env, "projects", "create", "--name", "x", "--enable", "notify_everyone")
	require.Equal(t, exitError, code)
	assert.Contains(t, errOut, "notify_pre_run_webhook", "the known names are listed")

	// Deleting asks for --yes without a terminal.
	code, _, errOut = cli(t, env, "projects", "delete", "2", "--yes")
	require.Equal(t, exitOK, code, errOut)
	assert.Len(t, fake.Projects(), 1)
}

func TestAPIKeysArePrintedOnceAndOnlyOnRequest(t *testing.T) {
	fake, env := fixedFake(t)
	code, out, errOut := cli(t, env, "api-keys", "create", "--name", "ci", "--project", "1")
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "--show-key")
	for _, r := range fake.Requests() {
		assert.NotEqual(t, "/user/api/v1/user-api-key/", r.Path, "nothing was created without --show-key")
	}

	code, out, errOut = cli(t, env, "api-keys", "create", "--name", "ci", "--project", "1", "--show-key")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `^ID  NAME  PROJECT          KEY\n1   ci    Default Project  sk_fake_[0-9a-f]{40}\n$`, out)
	assert.NotContains(t, errOut, "sk_fake_", "the key goes to standard output only")
	assert.Contains(t, errOut, "never shows it again")

	code, out, _ = cli(t, env, "api-keys", "create", "--name", "ci2", "--project", "1", "--show-key", "-o", "json")
	require.Equal(t, exitOK, code)
	var key map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &key))
	assert.Regexp(t, `^sk_fake_`, key["key"])
	assert.Equal(t, 1, strings.Count(out, "sk_fake_"), "printed once")

	code, _, errOut = cli(t, env, "api-keys", "create", "--name", "org", "--show-key")
	assert.Equal(t, exitError, code, "a project-level key needs its project")
	assert.Contains(t, errOut, "project-level")
}

func TestAuditLogsOrganizationsAndBillingCommands(t *testing.T) {
	fake, env := fixedFake(t)
	_, err := fake.Client().Projects.Create(t.Context(), &cekura.CreateProjectRequest{Name: "Audited"})
	require.NoError(t, err)

	code, out, errOut := cli(t, env, "audit-logs", "list", "--organization", "1", "--since", "2026-10-30T00:00:00Z")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "ID  TIME                  BY              OPERATION  OBJECT     PROJECT\n"+
		"1   2026-11-01T09:00:00Z  key cekuratest  create     project 2  Audited\n", out)
	code, out, _ = cli(t, env, "audit-logs", "list", "--organization", "1", "--object-type", "metric", "-o", "json")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "[]\n", out)
	for _, args := range [][]string{
		{"audit-logs", "list"},
		{"audit-logs", "list", "--organization", "1", "--since", "last tuesday"},
		{"audit-logs", "list", "--organization", "1", "--operation-type", "read"},
		{"billing", "payments"},
	} {
		code, _, errOut := cli(t, env, args...)
		assert.Equal(t, exitError, code, "%v", args)
		assert.NotEmpty(t, errOut)
	}

	code, out, errOut = cli(t, env, "organizations", "list")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "ID  NAME               TEAM    PROJECTS  MEMBERS\n1   Fake Organization  10-100  2         1\n", out)

	code, out, errOut = cli(t, env, "billing", "info")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "ORGANIZATION  CREDITS LEFT  USED THIS CYCLE  EXPIRES     SUBSCRIPTION  PACK\n"+
		"1             1000.00       0.00             2026-12-01  active        Fake Pack\n", out)
	code, _, errOut = cli(t, env, "billing", "info", "--organization", "5")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "404")
	code, out, errOut = cli(t, env, "billing", "payments", "--organization", "1", "-o", "yaml")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "payment_type: subscription")
	assert.Contains(t, out, "amount: \"500.00\"")

	// --fake works for each group.
	for _, args := range [][]string{{"projects", "list"}, {"organizations", "list"}, {"billing", "info"},
		{"audit-logs", "list", "--organization", "1"}, {"billing", "payments", "--organization", "1"}} {
		code, _, errOut := cli(t, nil, append(args, "--fake")...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
	}
}
