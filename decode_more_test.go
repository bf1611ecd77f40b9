package cekura

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONUnmarshalIsTolerantForEveryResponseType: json.Unmarshal of a
// response type decodes as the SDK decodes answers: a field whose type
// changed is left at its zero value, an unknown field is kept in RawJSON.
func TestJSONUnmarshalIsTolerantForEveryResponseType(t *testing.T) {
	t.Parallel()
	const body = `{"id": 3, "name": {"changed": true}, "brand_new": [1, 2]}`
	type rawer interface{ RawJSON() json.RawMessage }
	for _, v := range []any{new(Scenario), new(Run), new(Call), new(Personality), new(AgentVersion), new(Metric), new(Result)} {
		require.NoError(t, json.Unmarshal([]byte(body), v), "%T", v)
		var back map[string]any
		require.NoError(t, json.Unmarshal([]byte(mustJSON(t, v)), &back))
		assert.EqualValues(t, 3, back["id"], "%T: the id decoded", v)
		if name, ok := back["name"]; ok {
			assert.Empty(t, name, "%T: a name that is not a string is left empty", v)
		}
		if r, ok := v.(rawer); ok {
			assert.JSONEq(t, body, string(r.RawJSON()), "%T keeps what the API sent", v)
		}
		assert.Error(t, json.Unmarshal([]byte(`[1]`), v), "%T: an array is not an object", v)
	}

	var creds ProviderCredentials
	require.NoError(t, json.Unmarshal([]byte(`{"api_key": "k", "config": {"public_key": "pk"}}`), &creds))
	assert.Equal(t, "k", creds.APIKey.Reveal())
	raw, ok := creds.Config.(RawConfig)
	require.True(t, ok, "without the provider's type, the config stays raw: %T", creds.Config)
	var vapi VapiConfig
	require.NoError(t, raw.Decode(&vapi), "and decodes into the struct the caller picks")
	assert.Equal(t, "pk", vapi.PublicKey)
	assert.Equal(t, ProviderType(""), raw.ProviderType())
}

func TestResultsAndRunsAllWalkEveryPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, mt, _ := newMockClient(t)
	mt.RegisterResponder("GET", testBase+resultsPath+"?agent_id=7",
		httpmock.NewStringResponder(200, `{"count": 2, "next": "`+testBase+resultsPath+`?agent_id=7&page=2", "results": [{"id": 1, "status": "completed"}]}`))
	mt.RegisterResponder("GET", testBase+resultsPath+"?agent_id=7&page=2",
		httpmock.NewStringResponder(200, `{"count": 2, "next": null, "results": [{"id": 2, "status": "running"}]}`))
	mt.RegisterResponder("GET", testBase+runsPath+"?result_id=1&success=false",
		httpmock.NewStringResponder(200, `{"count": 1, "next": null, "results": [{"id": 9, "status": "failed", "success": false}]}`))

	var statuses []RunStatus
	for r, err := range c.Results.All(ctx, &ListResultsParams{AgentID: 7}) {
		require.NoError(t, err)
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []RunStatus{RunStatusCompleted, RunStatusRunning}, statuses)

	var runs []int64
	for r, err := range c.Runs.All(ctx, &ListRunsParams{ResultID: 1, Success: Some(false)}) {
		require.NoError(t, err)
		runs = append(runs, r.ID)
	}
	assert.Equal(t, []int64{9}, runs, "Some(false) is sent as success=false")

	n := 0
	for _, err := range c.Results.All(ctx, &ListResultsParams{Page: -2}) {
		n++
		assert.ErrorIs(t, err, ErrInvalidRequest)
	}
	assert.Equal(t, 1, n, "bad params: one error, then the walk ends")
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

// TestEveryProviderConfigIsAcceptedWithItsType: a config with its required
// fields, under the provider type it is for, passes validation and is sent
// under provider.credentials.config.
func TestEveryProviderConfigIsAcceptedWithItsType(t *testing.T) {
	t.Parallel()
	for _, cfg := range []ProviderConfig{
		VapiConfig{PublicKey: "pk"}, RetellConfig{}, ElevenLabsConfig{}, BlandConfig{}, SynthflowConfig{},
		SelfHostedConfig{}, AmazonConnectConfig{}, KoreAIConfig{ClientID: "c", BotID: "b"},
		GenesysConfig{ClientID: "c", Region: "us-east-1"}, LiveKitConfig{APISecret: "s", URL: "wss://x"},
	} {
		req := &CreateAgentRequest{Name: "n", Description: "d", Provider: &Provider{Type: cfg.ProviderType(), AgentID: "a",
			Credentials: &ProviderCredentials{APIKey: "k", Config: cfg}}}
		require.NoError(t, validateRequest(req, false), "%T", cfg)
		b, err := marshal(req)
		require.NoError(t, err)
		var sent struct {
			Provider struct {
				Type        ProviderType `json:"type"`
				Credentials struct {
					Config json.RawMessage `json:"config"`
				} `json:"credentials"`
			} `json:"provider"`
		}
		require.NoError(t, json.Unmarshal(b, &sent))
		assert.Equal(t, cfg.ProviderType(), sent.Provider.Type)
		assert.JSONEq(t, mustJSON(t, cfg), string(sent.Provider.Credentials.Config), "%T", cfg)
	}
	for _, cfg := range []ChatConfig{RetellChatConfig{}, BlandChatConfig{}, AgentforceChatConfig{}, AmazonConnectChatConfig{}, SierraChatConfig{}} {
		req := &CreateAgentRequest{Name: "n", Description: "d", Provider: &Provider{Type: ProviderTypeVapi, AgentID: "a",
			ChatAgentDetails: &ChatAgentDetails{Type: cfg.ChatType(), Config: cfg}}}
		err := validateRequest(req, false)
		var ve *ValidationError
		if err != nil {
			require.ErrorAs(t, err, &ve)
			for _, p := range ve.Problems {
				assert.NotEqual(t, chatConfigField, p.Field, "%T fits its chat type: %v", cfg, p)
			}
		}
	}
}
