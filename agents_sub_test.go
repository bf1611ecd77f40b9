package cekura

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each sub-resource method against httpmock: the path, the body sent and
// the answer decoded.
func TestAgentSubResourceRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const base = testBase + agentsPath + "7/"
	page := `{"count": 1, "next": null, "previous": null, "results": [%s]}`
	for _, tc := range []struct {
		name, method, url, answer string
		status                    int
		call                      func(c *Client) (any, error)
		body                      string // JSON expected, "" for none
		check                     func(t *testing.T, got any)
	}{
		{"Duplicate", "POST", base + "duplicate/", agentJSON, 201,
			func(c *Client) (any, error) {
				return c.Agents.Duplicate(ctx, 7, &DuplicateAgentRequest{CopyScenarios: true})
			},
			`{"copy_scenarios": true}`, func(t *testing.T, got any) { assert.Equal(t, int64(2142), got.(*Agent).ID) }},
		{"KnowledgeBase", "GET", base + "knowledge_base/?page_size=5", strings.Replace(page, "%s", `{"id": 3, "file_name": "faq.md", "file_size": 9}`, 1), 200,
			func(c *Client) (any, error) { return c.Agents.ListKnowledgeBaseFiles(ctx, 7, &PageParams{PageSize: 5}) },
			"", func(t *testing.T, got any) {
				assert.Equal(t, "faq.md", got.(*Page[KnowledgeBaseFile]).Results[0].FileName)
			}},
		{"DeleteKnowledgeBase", "DELETE", base + "delete_knowledge_base/", `{"deleted_count": 4}`, 200,
			func(c *Client) (any, error) { return nil, c.Agents.DeleteAllKnowledgeBaseFiles(ctx, 7) },
			"", func(t *testing.T, got any) { assert.Nil(t, got) }},
		{"Personalities", "GET", base + "personalities/", strings.Replace(page, "%s", `{"id": 1, "name": "Normal Male", "enabled": true}`, 1), 200,
			func(c *Client) (any, error) { return c.Agents.ListPersonalities(ctx, 7, nil) },
			"", func(t *testing.T, got any) { assert.True(t, got.(*Page[Personality]).Results[0].Enabled) }},
		{"EnablePersonalities", "POST", base + "enable_personalities/", strings.Replace(page, "%s", `{"id": 1, "name": "Normal Male", "enabled": true}`, 1), 200,
			func(c *Client) (any, error) {
				return c.Agents.EnablePersonalities(ctx, 7, &PersonalitiesRequest{All: true, Language: LanguageEnglish})
			},
			`{"personalities": "all", "language": "en"}`, func(t *testing.T, got any) {
				require.Len(t, got.(*PersonalitiesChange).Personalities, 1)
				assert.Equal(t, "Normal Male", got.(*PersonalitiesChange).Personalities[0].Name)
			}},
		{"DisablePersonalities", "POST", base + "disable_personalities/", `{"message": "Disabled."}`, 200,
			func(c *Client) (any, error) {
				return c.Agents.DisablePersonalities(ctx, 7, &PersonalitiesRequest{PersonalityIDs: []int64{1, 2}})
			},
			`{"personalities": [1, 2]}`, func(t *testing.T, got any) { assert.Equal(t, "Disabled.", got.(*PersonalitiesChange).Message) }},
		{"History", "GET", base + "history/", strings.Replace(page, "%s", `{"history_id": 70, "history_type": "~", "id": 7, "agent_name": "A", "history_date": "2026-08-01T00:00:00Z"}`, 1), 200,
			func(c *Client) (any, error) { return c.Agents.ListVersions(ctx, 7, nil) },
			"", func(t *testing.T, got any) {
				assert.Equal(t, int64(70), got.(*Page[AgentVersion]).Results[0].HistoryID)
			}},
		{"NameVersion", "PATCH", base + "history/edit/", `{"history_id": 70, "version_name": "launch", "id": 7}`, 200,
			func(c *Client) (any, error) {
				return c.Agents.RenameVersion(ctx, 7, 70, &RenameVersionRequest{Name: "launch"})
			},
			`{"history_id": 70, "version_name": "launch"}`, func(t *testing.T, got any) { assert.Equal(t, "launch", got.(*AgentVersion).VersionName) }},
		{"Restore", "POST", base + "restore/", agentJSON, 200,
			func(c *Client) (any, error) { return c.Agents.RestoreVersion(ctx, 7, 70) },
			`{"history_id": 70}`, func(t *testing.T, got any) { assert.Equal(t, "Support Bot", got.(*Agent).Name) }},
		{"ImportFromProvider", "POST", base + "auto-fetch/", `{"progress_id": "p-1"}`, 202,
			func(c *Client) (any, error) { return c.Agents.ImportFromProvider(ctx, 7) },
			"", func(t *testing.T, got any) {
				assert.Equal(t, &ProviderImport{AgentID: 7, ProgressID: "p-1"}, stripRaw(got.(*ProviderImport)))
			}},
		{"ImportProgress", "GET", base + "auto-fetch-progress/?progress_id=p-1", `{"agent_id": 7, "status": "failed", "current_stage": "tools", "stages": [], "error": "bad key"}`, 200,
			func(c *Client) (any, error) { return c.Agents.GetImport(ctx, 7, "p-1") },
			"", func(t *testing.T, got any) {
				p := got.(*ProviderImport)
				assert.True(t, p.Done())
				assert.Equal(t, "bad key", p.Error)
			}},
		{"CreateFromProvider", "POST", testBase + agentsPath, `{"id": 9, "progress_id": "p-2"}`, 202,
			func(c *Client) (any, error) {
				return c.Agents.CreateFromProvider(ctx, &CreateAgentRequest{Description: "d",
					Provider: &Provider{Type: ProviderTypeVapi, AgentID: "asst_1", Credentials: &ProviderCredentials{APIKey: "k"}}})
			},
			`{"description": "d", "provider": {"type": "vapi", "agent_id": "asst_1", "credentials": {"api_key": "k"}, "configure_from_provider": true}}`,
			func(t *testing.T, got any) { assert.Equal(t, int64(9), got.(*ProviderImport).AgentID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newMockClient(t)
			var got []captured
			var mu sync.Mutex
			mt.RegisterResponder(tc.method, tc.url, capture(tc.status, tc.answer, &got, &mu))
			out, err := tc.call(c)
			require.NoError(t, err)
			require.Len(t, got, 1)
			if tc.body != "" {
				assert.JSONEq(t, tc.body, string(got[0].Body))
			} else {
				assert.Empty(t, got[0].Body)
			}
			tc.check(t, out)
		})
	}
}

func stripRaw(p *ProviderImport) *ProviderImport {
	cp := *p
	cp.apiObject = apiObject{}
	return &cp
}

func TestUploadKnowledgeBaseStreamsMultipartAndIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var parts []string
	var calls int
	mt.RegisterResponder("POST", testBase+agentsPath+"7/upload_knowledge_base/", func(r *http.Request) (*http.Response, error) {
		calls++
		parts = formParts(t, r)
		return httpmock.NewStringResponse(503, `{"detail": "busy"}`), nil
	})
	_, err := c.Agents.UploadKnowledgeBaseFile(context.Background(), 7, &UploadKnowledgeBaseFileRequest{FileName: "faq.md", Content: strings.NewReader("# FAQ")})
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, calls, "a streamed upload is sent once")
	assert.Equal(t, []string{"files|faq.md|# FAQ"}, parts)
	assert.True(t, MaybeApplied(err))

	for _, bad := range []struct {
		name string
		r    io.Reader
	}{{"a.exe", strings.NewReader("x")}, {"../etc/x.md", strings.NewReader("x")}, {"ok.md", nil}} {
		_, err := c.Agents.UploadKnowledgeBaseFile(context.Background(), 7, &UploadKnowledgeBaseFileRequest{FileName: bad.name, Content: bad.r})
		assert.ErrorIs(t, err, ErrInvalidRequest, bad.name)
	}
	assert.Equal(t, 1, calls)
}

func TestMockToolsAreWrittenThroughTheAgent(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	agent := `{"id": 7, "mock_tools": [{"id": 1, "name": "get_order", "description": "d", "mock_data": [{"input": {}, "output": {}}], "served_via": {"type": "mcp", "url": "u", "mock_index": 2}}]}`
	mt.RegisterResponder("GET", testBase+agentsPath+"7/", httpmock.NewStringResponder(200, agent))
	mt.RegisterResponder("PATCH", testBase+agentsPath+"7/", capture(200, `{"id": 7, "mock_tools": [{"id": 1, "name": "get_order"}, {"id": 2, "name": "refund"}]}`, &got, &mu))
	tool, err := c.Agents.CreateMockTool(context.Background(), 7, &MockToolWrite{Name: "refund"})
	require.NoError(t, err)
	assert.Equal(t, int64(2), tool.ID)
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"mock_tools": [{"id": 1, "name": "get_order", "description": "d", "mock_data": [{"input": {}, "output": {}}], "served_via": {"type": "mcp", "mock_index": 2}}, {"name": "refund"}]}`,
		string(got[0].Body), "the existing tool is sent whole, so nothing of it is lost")

	_, err = c.Agents.CreateMockTool(context.Background(), 7, &MockToolWrite{Name: "bad name!"})
	assert.ErrorIs(t, err, ErrInvalidRequest)
	_, err = c.Agents.UpdateMockTool(context.Background(), 7, 99, &MockToolWrite{Description: "x"})
	assert.ErrorIs(t, err, ErrNotFound)
	assert.ErrorIs(t, c.Agents.DeleteMockTool(context.Background(), 7, 99), ErrNotFound)
	assert.Len(t, got, 1, "nothing written for an unknown tool")
}

func TestReadsAndWaitsBuiltOnTheAgentAgainstHTTPMock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, sl := newMockClient(t)
	var got []captured
	var mu sync.Mutex
	agent := `{"id": 7, "mock_tools": [{"id": 1, "name": "get_order"}, {"id": 2, "name": "refund"}],
		"knowledge_base_files": [{"id": 10, "file_name": "a.md"}, {"id": 11, "file_name": "b.md"}]}`
	mt.RegisterResponder("GET", testBase+agentsPath+"7/", httpmock.NewStringResponder(200, agent))
	mt.RegisterResponder("PATCH", testBase+agentsPath+"7/", capture(200, `{"id": 7}`, &got, &mu))

	tools, err := c.Agents.ListMockTools(ctx, 7)
	require.NoError(t, err)
	require.Len(t, tools, 2)
	tool, err := c.Agents.GetMockTool(ctx, 7, 2)
	require.NoError(t, err)
	assert.Equal(t, "refund", tool.Name)
	_, err = c.Agents.GetMockTool(ctx, 7, 3)
	require.ErrorIs(t, err, ErrNotFound)

	require.NoError(t, c.Agents.DeleteKnowledgeBaseFile(ctx, 7, 10))
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"knowledge_base_files": [{"id": 11}]}`, string(got[0].Body), "the other file is kept, by id")
	require.ErrorIs(t, c.Agents.DeleteKnowledgeBaseFile(ctx, 7, 99), ErrNotFound)
	assert.Len(t, got, 1, "nothing written for an unknown file")

	// An import polled to its end, and one that fails.
	var n int
	mt.RegisterResponder("GET", testBase+agentsPath+"7/auto-fetch-progress/?progress_id=p-1", func(*http.Request) (*http.Response, error) {
		n++
		status := `"in_progress"`
		if n == 3 {
			status = `"completed"`
		}
		return httpmock.NewStringResponse(200, `{"agent_id": 7, "status": `+status+`, "current_stage": "tools"}`), nil
	})
	var seen []ImportStatus
	done, err := c.Agents.WaitForImport(ctx, 7, "p-1", &WaitParams[ProviderImport]{Progress: func(p *ProviderImport) { seen = append(seen, p.Status) }})
	require.NoError(t, err)
	assert.Equal(t, ImportStatusCompleted, done.Status)
	require.NoError(t, done.Err())
	assert.Equal(t, []ImportStatus{"in_progress", "in_progress", "completed"}, seen)
	assert.Len(t, sl.get(), 2, "two waits between three polls")
	mt.RegisterResponder("GET", testBase+agentsPath+"7/auto-fetch-progress/?progress_id=p-2",
		httpmock.NewStringResponder(200, `{"agent_id": 7, "status": "failed", "error": "the provider refused the key"}`))
	failed, err := c.Agents.WaitForImport(ctx, 7, "p-2", nil)
	require.NoError(t, err, "a failed import is a terminal state, not an error of the wait")
	assert.Equal(t, ImportStatusFailed, failed.Status)
	var impErr *ImportFailedError
	require.ErrorAs(t, failed.Err(), &impErr)
	assert.Equal(t, int64(7), impErr.AgentID)
	assert.Equal(t, "the provider refused the key", impErr.Reason)
	assert.Contains(t, failed.Err().Error(), "the provider refused the key")
	_, err = c.Agents.WaitForImport(ctx, 7, "", nil)
	require.ErrorIs(t, err, ErrInvalidRequest)
}

// Every answer type decodes tolerantly through encoding/json too, and keeps
// its raw JSON.
func TestJobAnswersDecodeTolerantly(t *testing.T) {
	var g Generation
	require.NoError(t, json.Unmarshal([]byte(`{"progress_id": "p", "total_scenarios": "3", "completed_scenarios": 1}`), &g))
	assert.Equal(t, "p", g.ProgressID)
	assert.Contains(t, string(g.RawJSON()), "total_scenarios")
	var imp ProviderImport
	require.NoError(t, json.Unmarshal([]byte(`{"progress_id": 7, "status": "completed"}`), &imp))
	assert.NotEmpty(t, imp.RawJSON())
	var pc PersonalitiesChange
	require.NoError(t, json.Unmarshal([]byte(`{"message": ["x"], "results": []}`), &pc))
	assert.NotEmpty(t, pc.RawJSON())
}
