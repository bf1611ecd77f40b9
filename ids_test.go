package cekura

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryMethodRefusesANonPositiveIDBeforeSending calls every method that
// takes an id with 0 and -3: each returns a *ValidationError naming the
// kind of id, and nothing reaches the transport.
func TestEveryMethodRefusesANonPositiveIDBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt, _ := newMockClient(t)
	ctx := context.Background()
	tool := &MockToolWrite{Name: "lookup"}
	for _, bad := range []int64{0, -3} {
		for _, tc := range []struct {
			name, kind string
			call       func(id int64) error
		}{
			{"Agents.Get", "agent", func(id int64) error { _, err := c.Agents.Get(ctx, id); return err }},
			{"Agents.Duplicate", "agent", func(id int64) error { _, err := c.Agents.Duplicate(ctx, id, nil); return err }},
			{"Agents.ListKnowledgeBaseFiles", "agent", func(id int64) error { _, err := c.Agents.ListKnowledgeBaseFiles(ctx, id, nil); return err }},
			{"Agents.UploadKnowledgeBaseFile", "agent", func(id int64) error {
				_, err := c.Agents.UploadKnowledgeBaseFile(ctx, id, &UploadKnowledgeBaseFileRequest{FileName: "a.txt", Content: strings.NewReader("x")})
				return err
			}},
			{"Agents.DeleteAllKnowledgeBaseFiles", "agent", func(id int64) error { return c.Agents.DeleteAllKnowledgeBaseFiles(ctx, id) }},
			{"Agents.DeleteKnowledgeBaseFile(agent)", "agent", func(id int64) error { return c.Agents.DeleteKnowledgeBaseFile(ctx, id, 1) }},
			{"Agents.DeleteKnowledgeBaseFile(file)", "file", func(id int64) error { return c.Agents.DeleteKnowledgeBaseFile(ctx, 1, id) }},
			{"Agents.ListMockTools", "agent", func(id int64) error { _, err := c.Agents.ListMockTools(ctx, id); return err }},
			{"Agents.GetMockTool", "agent", func(id int64) error { _, err := c.Agents.GetMockTool(ctx, id, 1); return err }},
			{"Agents.CreateMockTool", "agent", func(id int64) error { _, err := c.Agents.CreateMockTool(ctx, id, tool); return err }},
			{"Agents.UpdateMockTool", "agent", func(id int64) error { _, err := c.Agents.UpdateMockTool(ctx, id, 1, tool); return err }},
			{"Agents.DeleteMockTool", "agent", func(id int64) error { return c.Agents.DeleteMockTool(ctx, id, 1) }},
			{"Agents.ListPersonalities", "agent", func(id int64) error { _, err := c.Agents.ListPersonalities(ctx, id, nil); return err }},
			{"Agents.EnablePersonalities", "agent", func(id int64) error {
				_, err := c.Agents.EnablePersonalities(ctx, id, &PersonalitiesRequest{All: true})
				return err
			}},
			{"Agents.ListVersions", "agent", func(id int64) error { _, err := c.Agents.ListVersions(ctx, id, nil); return err }},
			{"Agents.RenameVersion(agent)", "agent", func(id int64) error {
				_, err := c.Agents.RenameVersion(ctx, id, 1, &RenameVersionRequest{Name: "v"})
				return err
			}},
			{"Agents.RenameVersion(history)", "history", func(id int64) error {
				_, err := c.Agents.RenameVersion(ctx, 1, id, &RenameVersionRequest{Name: "v"})
				return err
			}},
			{"Agents.RestoreVersion(agent)", "agent", func(id int64) error { _, err := c.Agents.RestoreVersion(ctx, id, 1); return err }},
			{"Agents.RestoreVersion(history)", "history", func(id int64) error { _, err := c.Agents.RestoreVersion(ctx, 1, id); return err }},
			{"Agents.ImportFromProvider", "agent", func(id int64) error { _, err := c.Agents.ImportFromProvider(ctx, id); return err }},
			{"Agents.GetImport", "agent", func(id int64) error { _, err := c.Agents.GetImport(ctx, id, "p-1"); return err }},
			{"Scenarios.Get", "scenario", func(id int64) error { _, err := c.Scenarios.Get(ctx, id); return err }},
			{"Scenarios.Update", "scenario", func(id int64) error {
				_, err := c.Scenarios.Update(ctx, id, &UpdateScenarioRequest{Name: Some("n")})
				return err
			}},
			{"Scenarios.Delete", "scenario", func(id int64) error { return c.Scenarios.Delete(ctx, id) }},
			{"Results.Get", "result", func(id int64) error { _, err := c.Results.Get(ctx, id); return err }},
			{"Runs.Get", "run", func(id int64) error { _, err := c.Runs.Get(ctx, id); return err }},
			{"Runs.GetMany", "run", func(id int64) error { _, err := c.Runs.GetMany(ctx, []int64{5, id}); return err }},
			{"Calls.Get", "call", func(id int64) error { _, err := c.Calls.Get(ctx, id); return err }},
			{"Calls.Delete", "call", func(id int64) error { return c.Calls.Delete(ctx, id, nil) }},
			{"Metrics.Get", "metric", func(id int64) error { _, err := c.Metrics.Get(ctx, id); return err }},
			{"Metrics.Update", "metric", func(id int64) error {
				_, err := c.Metrics.Update(ctx, id, &UpdateMetricRequest{Name: Some("n")})
				return err
			}},
			{"Metrics.Delete", "metric", func(id int64) error { return c.Metrics.Delete(ctx, id) }},
			{"TestProfiles.Get", "test profile", func(id int64) error { _, err := c.TestProfiles.Get(ctx, id); return err }},
			{"TestProfiles.Update", "test profile", func(id int64) error {
				_, err := c.TestProfiles.Update(ctx, id, &UpdateTestProfileRequest{Name: Some("n")})
				return err
			}},
			{"TestProfiles.Delete", "test profile", func(id int64) error { return c.TestProfiles.Delete(ctx, id) }},
			{"Schedules.Get", "schedule", func(id int64) error { _, err := c.Schedules.Get(ctx, id); return err }},
			{"Schedules.Update", "schedule", func(id int64) error {
				_, err := c.Schedules.Update(ctx, id, &UpdateScheduleRequest{IsActive: Some(false)})
				return err
			}},
			{"Schedules.Delete", "schedule", func(id int64) error { return c.Schedules.Delete(ctx, id) }},
		} {
			err := tc.call(bad)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%s(%d): %v", tc.name, bad, err)
			assert.ErrorIs(t, err, ErrInvalidRequest, tc.name)
			require.Len(t, ve.Problems, 1, tc.name)
			assert.Contains(t, ve.Problems[0].Message, "must be a positive "+tc.kind+" id", tc.name)
			assert.Contains(t, ve.Problems[0].Message, "got "+strconv.FormatInt(bad, 10), tc.name)
			assert.False(t, MaybeApplied(err), tc.name)
		}
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent")
}
