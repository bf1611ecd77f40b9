package cekuratest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgentsOfTheCurrentRevision(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	a, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{
		Name: "Support Bot", Description: "d", EmailID: "bot@acme.example", WebhookURL: "https://h.example/x", WebhookSecret: "s3cr3t",
		Telephony:          &cekura.Telephony{WebsocketURL: cekura.Some("wss://voice.acme.example"), WebsocketAuth: &cekura.SIPAuth{Username: "u", Password: "p"}},
		Provider:           &cekura.Provider{Type: cekura.ProviderTypeCustom, RedactFields: cekura.Some([]string{"phone_number"})},
		MockTools:          []cekura.MockToolWrite{{Name: "get_order", MockData: json.RawMessage(`[{"input": {"id": "A1"}, "output": {"status": "shipped"}}]`)}},
		DynamicVariables:   []cekura.DynamicVariableWrite{{Name: "customer_name", Description: "who calls"}},
		KnowledgeBaseFiles: []cekura.KnowledgeBaseFileWrite{{FileName: "faq.md", ContentBase64: "IyBGQVE="}},
	})
	require.NoError(t, err)
	assert.Equal(t, "bot@acme.example", a.EmailID)
	assert.True(t, bool(a.WebhookSecretConfigured))
	require.Len(t, a.MockTools, 1)
	assert.Equal(t, cekura.ServedViaTypeDirect, a.MockTools[0].ServedVia.Type)
	assert.Contains(t, a.MockTools[0].ServedVia.URL, "/tool/get_order/")
	assert.Equal(t, []*cekura.DynamicVariable{{ID: a.DynamicVariables[0].ID, Name: "customer_name", Description: "who calls"}}, a.DynamicVariables)
	require.Len(t, a.KnowledgeBaseFiles, 1)
	assert.Equal(t, "faq.md", a.KnowledgeBaseFiles[0].FileName)
	assert.Equal(t, int64(5), a.KnowledgeBaseFiles[0].FileSize)
	assert.Equal(t, "wss://voice.acme.example", a.Telephony.WebsocketURL.Or(""))
	assert.Equal(t, "u", a.Telephony.WebsocketAuth.Username)
	assert.Equal(t, []string{"phone_number"}, a.Provider.RedactFields)

	// Dropped provider types are refused before sending.
	_, err = client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "x", Description: "d", Provider: &cekura.Provider{Type: "chirp"}}) // dropped in 2026-08
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "telephony.websocket_url")
}

func TestAgentSubResources(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	a, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot", Description: "d", Provider: &cekura.Provider{Type: cekura.ProviderTypeVapi}})
	require.NoError(t, err)

	// Knowledge base: a streamed upload, the list, one file deleted, then all.
	uploaded, err := client.Agents.UploadKnowledgeBaseFile(ctx, a.ID, &cekura.UploadKnowledgeBaseFileRequest{
		FileName: "prices.csv", Content: strings.NewReader(strings.Repeat("sku,price\n", 5000))})
	require.NoError(t, err)
	require.Len(t, uploaded, 1)
	assert.Equal(t, int64(50000), uploaded[0].FileSize, "the whole stream arrived")
	_, err = client.Agents.UploadKnowledgeBaseFile(ctx, a.ID, &cekura.UploadKnowledgeBaseFileRequest{FileName: "notes.md", Content: strings.NewReader("# notes")})
	require.NoError(t, err)
	files, err := client.Agents.ListKnowledgeBaseFiles(ctx, a.ID, nil)
	require.NoError(t, err)
	require.Equal(t, 2, files.Count)
	require.NoError(t, client.Agents.DeleteKnowledgeBaseFile(ctx, a.ID, files.Results[0].ID))
	files, err = client.Agents.ListKnowledgeBaseFiles(ctx, a.ID, nil)
	require.NoError(t, err)
	require.Equal(t, 1, files.Count)
	assert.Equal(t, "notes.md", files.Results[0].FileName)
	require.ErrorIs(t, client.Agents.DeleteKnowledgeBaseFile(ctx, a.ID, 9999), cekura.ErrNotFound)
	require.NoError(t, client.Agents.DeleteAllKnowledgeBaseFiles(ctx, a.ID))
	files, err = client.Agents.ListKnowledgeBaseFiles(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.Zero(t, files.Count, "every file deleted")
	_, err = client.Agents.UploadKnowledgeBaseFile(ctx, a.ID, &cekura.UploadKnowledgeBaseFileRequest{FileName: "virus.exe", Content: strings.NewReader("x")})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)

	// Mock tools: create, get, update, list, delete.
	tool, err := client.Agents.CreateMockTool(ctx, a.ID, &cekura.MockToolWrite{Name: "get_order", Description: "Look up an order"})
	require.NoError(t, err)
	require.NotZero(t, tool.ID)
	second, err := client.Agents.CreateMockTool(ctx, a.ID, &cekura.MockToolWrite{Name: "refund", ServedVia: &cekura.MockToolServedVia{Type: "mcp", MockIndex: 1}})
	require.NoError(t, err)
	assert.Equal(t, cekura.ServedViaTypeMCP, second.ServedVia.Type)
	_, err = client.Agents.CreateMockTool(ctx, a.ID, &cekura.MockToolWrite{Name: "refund"})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest, "names are unique")
	updated, err := client.Agents.UpdateMockTool(ctx, a.ID, tool.ID, &cekura.MockToolWrite{Description: "Find an order", MockData: json.RawMessage(`[]`)})
	require.NoError(t, err)
	assert.Equal(t, "Find an order", updated.Description)
	assert.Equal(t, "get_order", updated.Name, "the name is kept")
	got, err := client.Agents.GetMockTool(ctx, a.ID, second.ID)
	require.NoError(t, err)
	assert.Equal(t, "refund", got.Name)
	require.NoError(t, client.Agents.DeleteMockTool(ctx, a.ID, tool.ID))
	tools, err := client.Agents.ListMockTools(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, tools, 1)
	assert.Equal(t, second.ID, tools[0].ID, "the other tool kept its id")
	_, err = client.Agents.GetMockTool(ctx, a.ID, tool.ID)
	require.ErrorIs(t, err, cekura.ErrNotFound)

	// Personalities.
	enabled, err := client.Agents.EnablePersonalities(ctx, a.ID, &cekura.PersonalitiesRequest{PersonalityIDs: []int64{1, 2}})
	require.NoError(t, err)
	require.NotEmpty(t, enabled.Personalities)
	assert.True(t, enabled.Personalities[0].Enabled)
	disabled, err := client.Agents.DisablePersonalities(ctx, a.ID, &cekura.PersonalitiesRequest{PersonalityIDs: []int64{1}})
	require.NoError(t, err)
	assert.NotEmpty(t, disabled.Message)
	ps, err := client.Agents.ListPersonalities(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.False(t, ps.Results[0].Enabled)
	assert.True(t, ps.Results[1].Enabled)
	_, err = client.Agents.EnablePersonalities(ctx, a.ID, &cekura.PersonalitiesRequest{All: true, Language: cekura.LanguageFrench})
	require.NoError(t, err)
	again, err := client.Agents.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 4}, again.EnabledPersonalityIDs)
	_, err = client.Agents.EnablePersonalities(ctx, a.ID, &cekura.PersonalitiesRequest{PersonalityIDs: []int64{1}, All: true})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)

	// Versions: rename one, restore it.
	_, err = client.Agents.Update(ctx, a.ID, &cekura.UpdateAgentRequest{Name: cekura.Some("Support Bot v2")})
	require.NoError(t, err)
	history, err := client.Agents.ListVersions(ctx, a.ID, nil)
	require.NoError(t, err)
	require.GreaterOrEqual(t, history.Count, 2)
	first := history.Results[history.Count-1]
	assert.Equal(t, "Support Bot", first.AgentName)
	named, err := client.Agents.RenameVersion(ctx, a.ID, first.HistoryID, &cekura.RenameVersionRequest{Name: "launch"})
	require.NoError(t, err)
	assert.Equal(t, "launch", named.VersionName)
	restored, err := client.Agents.RestoreVersion(ctx, a.ID, first.HistoryID)
	require.NoError(t, err)
	assert.Equal(t, "Support Bot", restored.Name)
	assert.Empty(t, restored.MockTools, "the first version had no tools: restoring it is the whole agent, not its name")
	assert.Equal(t, []int64{2, 4}, restored.EnabledPersonalityIDs, "nor enabled personalities")
	latest := history.Results[0] // before the restore
	restored, err = client.Agents.RestoreVersion(ctx, a.ID, latest.HistoryID)
	require.NoError(t, err)
	assert.Equal(t, "Support Bot v2", restored.Name)
	require.Len(t, restored.MockTools, 1, "the tools are back")
	assert.Equal(t, second.ID, restored.MockTools[0].ID)
	assert.Equal(t, a.CreatedAt, restored.CreatedAt, "the agent is the same one")
	after, err := client.Agents.ListVersions(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, history.Count+2, after.Count, "each restore is a new version")

	// Duplicate.
	cp, err := client.Agents.Duplicate(ctx, a.ID, &cekura.DuplicateAgentRequest{CopyScenarios: true})
	require.NoError(t, err)
	assert.NotEqual(t, a.ID, cp.ID)
	assert.Len(t, cp.MockTools, 1, "its tools came along")

	// Import from the provider, on the fake's clock.
	imp, err := client.Agents.ImportFromProvider(ctx, a.ID)
	require.NoError(t, err)
	started, err := client.Agents.GetImport(ctx, a.ID, imp.ProgressID)
	require.NoError(t, err)
	assert.Equal(t, cekura.ImportStatusInProgress, started.Status, "no time has passed on the fake's clock")
	assert.Equal(t, imp.ProgressID, started.ProgressID)
	_, err = client.Agents.GetImport(ctx, a.ID, "no-such-import")
	var apiErr *cekura.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode, "the API answers 400 for an unknown progress id")
	var stages []cekura.ImportStatus
	done, err := client.Agents.WaitForImport(ctx, imp.AgentID, imp.ProgressID, &cekura.WaitParams[cekura.ProviderImport]{PollInterval: 2 * time.Second, Progress: func(p *cekura.ProviderImport) { stages = append(stages, p.Status) }})
	require.NoError(t, err)
	assert.Equal(t, cekura.ImportStatusCompleted, done.Status)
	assert.Equal(t, cekura.ImportStatusInProgress, stages[0])
}

func TestCreateFromProvider(t *testing.T) {
	fake := New(t)
	client := fake.Client()
	ctx := context.Background()
	imp, err := client.Agents.CreateFromProvider(ctx, &cekura.CreateAgentRequest{Description: "imported",
		Provider: &cekura.Provider{Type: cekura.ProviderTypeRetell, AgentID: "agent_123", Credentials: &cekura.ProviderCredentials{APIKey: "key_s3cr3t"}}})
	require.NoError(t, err)
	require.NotZero(t, imp.AgentID)
	done, err := client.Agents.WaitForImport(ctx, imp.AgentID, imp.ProgressID, nil)
	require.NoError(t, err)
	assert.Equal(t, cekura.ImportStatusCompleted, done.Status)
	a, err := client.Agents.Get(ctx, imp.AgentID)
	require.NoError(t, err)
	assert.Equal(t, cekura.ProviderTypeRetell, a.Provider.Type)
	rq := fake.Requests()[0]
	assert.Contains(t, string(rq.Body), `"configure_from_provider":true`)

	_, err = client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "n", Description: "d",
		Provider: &cekura.Provider{Type: cekura.ProviderTypeRetell, ConfigureFromProvider: true}})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest, "Create points to CreateFromProvider")
	_, err = client.Agents.CreateFromProvider(ctx, &cekura.CreateAgentRequest{Description: "d", Provider: &cekura.Provider{Type: cekura.ProviderTypeLiveKit}})
	require.ErrorIs(t, err, cekura.ErrInvalidRequest)
}
