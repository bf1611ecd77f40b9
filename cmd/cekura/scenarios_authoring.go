package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The scenarios group's housekeeping and AI commands: folders, delete-many,
// json-schema, and the jobs that write scenarios (generate-instructions,
// improve-instructions, from-transcript, ask-agent) with their progress
// commands (instructions-job, transcript-job, agent-job) and --wait.

// addScenarioAuthoring adds this file's commands to the scenarios group.
func (a *app) addScenarioAuthoring(cmd *cobra.Command) {
	cmd.AddCommand(a.foldersCommand(), a.deleteManyCommand(), a.jsonSchemaCommand(),
		a.generateInstructionsCommand(), a.improveInstructionsCommand(), a.instructionsJobCommand(),
		a.fromTranscriptCommand(), a.transcriptJobCommand(), a.updateWithTranscriptCommand(),
		a.askAgentCommand(), a.agentJobCommand())
}

var folderColumns = []column[cekura.ScenarioFolder]{
	{"PATH", func(x *cekura.ScenarioFolder) string { return x.Path }},
	{"NAME", func(x *cekura.ScenarioFolder) string { return x.Name }},
	{"UPDATED", func(x *cekura.ScenarioFolder) string {
		if x.UpdatedAt.IsZero() {
			return ""
		}
		return x.UpdatedAt.UTC().Format("2006-01-02 15:04")
	}},
}

func (a *app) foldersCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "folders", Short: "Manage a project's scenario folders", Args: cobra.ArbitraryArgs, RunE: groupRun,
		Long: `A folder is named by its path, the names from the top level down joined by
dots (Sales.Inbound), which is what a scenario's folder_path holds. Folders
belong to a project: every command takes --project.`,
		Example: "  cekura scenarios folders list --project 7\n  cekura scenarios folders create --project 7 --name Inbound --parent Sales"}
	var project int64
	cmd.PersistentFlags().Int64Var(&project, "project", 0, "the project the folders belong to (required)")

	var page, size int
	var parent, search string
	list := &cobra.Command{Use: "list", Short: "List a project's folders", Args: cobra.NoArgs,
		Example: "  cekura scenarios folders list --project 7\n  cekura scenarios folders list --project 7 --parent Sales -o json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				p, err := c.Scenarios.ListFolders(ctx, &cekura.ListScenarioFoldersParams{ProjectID: project, ParentPath: parent, Search: search, Page: page, PageSize: size})
				if err != nil {
					return err
				}
				return printItems(a, folderColumns, p.Results, true)
			})
		}}
	list.Flags().StringVar(&parent, "parent", "", "only the direct subfolders of this folder")
	list.Flags().StringVar(&search, "search", "", "only the folders whose name contains this (any case)")
	list.Flags().IntVar(&page, "page", 0, "page number (default 1)")
	list.Flags().IntVar(&size, "page-size", 0, "items per page (default: the API's)")

	var name, createParent string
	create := &cobra.Command{Use: "create", Short: "Create a folder", Args: cobra.NoArgs,
		Example: "  cekura scenarios folders create --project 7 --name Sales\n  cekura scenarios folders create --project 7 --name Inbound --parent Sales",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				f, err := c.Scenarios.CreateFolder(ctx, &cekura.CreateScenarioFolderRequest{ProjectID: project, Name: name, ParentPath: createParent})
				if err != nil {
					return err
				}
				return printItems(a, folderColumns, []*cekura.ScenarioFolder{f}, false)
			})
		}}
	create.Flags().StringVar(&name, "name", "", "the folder's name (required; no dots)")
	create.Flags().StringVar(&createParent, "parent", "", "the folder to create it in (default: the top level)")

	var newName string
	rename := &cobra.Command{Use: "rename PATH", Short: "Rename a folder (its scenarios follow)", Args: cobra.ExactArgs(1),
		Example: "  cekura scenarios folders rename Sales.Inbound --project 7 --name Incoming",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				f, err := c.Scenarios.RenameFolder(ctx, &cekura.RenameScenarioFolderRequest{ProjectID: project, Path: args[0], Name: newName})
				if err != nil {
					return err
				}
				return printItems(a, folderColumns, []*cekura.ScenarioFolder{f}, false)
			})
		}}
	rename.Flags().StringVar(&newName, "name", "", "the folder's new name (required)")

	var into string
	move := &cobra.Command{Use: "move PATH", Short: "Move a folder into another, or to the top level", Args: cobra.ExactArgs(1),
		Example: "  cekura scenarios folders move Sales.Inbound --project 7 --into Support\n  cekura scenarios folders move Support.Inbound --project 7   # to the top level",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				f, err := c.Scenarios.MoveFolder(ctx, &cekura.MoveScenarioFolderRequest{ProjectID: project, Path: args[0], NewParentPath: into})
				if err != nil {
					return err
				}
				return printItems(a, folderColumns, []*cekura.ScenarioFolder{f}, false)
			})
		}}
	move.Flags().StringVar(&into, "into", "", "the folder to move it into (default: the top level)")

	var yes bool
	del := &cobra.Command{Use: "delete PATH", Short: "Delete a folder", Args: cobra.ExactArgs(1),
		Long:    "Delete a folder. On a terminal it asks first; --yes (-y) deletes without\nasking, and is needed when standard input is not a terminal.",
		Example: "  cekura scenarios folders delete Sales.Inbound --project 7\n  cekura scenarios folders delete Sales.Inbound --project 7 --yes   # in a script: no question",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				req := &cekura.DeleteScenarioFolderRequest{ProjectID: project, Path: args[0]}
				if project <= 0 {
					return errors.New("cekura: --project is required: the project the folder belongs to")
				}
				ok, err := a.confirm(ctx, yes, fmt.Sprintf("delete folder %s of project %d", args[0], project))
				if err != nil || !ok {
					return err
				}
				if err := c.Scenarios.DeleteFolder(ctx, req); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "deleted folder %s\n", args[0])
				return nil
			})
		}}
	del.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
	cmd.AddCommand(list, create, rename, move, del)
	return cmd
}

// parseIDs reads a comma-separated flag of ids.
func parseIDs(flag string, values []string) ([]int64, error) {
	var ids []int64
	for _, s := range values {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("cekura: --%s: %q is not an id", flag, s)
		}
		ids = append(ids, n)
	}
	return ids, nil
}

func (a *app) deleteManyCommand() *cobra.Command {
	var ids []string
	var agent, project int64
	var yes bool
	cmd := &cobra.Command{Use: "delete-many", Short: "Delete many scenarios at once", Args: cobra.NoArgs,
		Long: `delete-many deletes the scenarios of --ids, which cannot be undone. --agent or
--project scopes the API's permission check. On a terminal it asks first;
--yes (-y) deletes without asking, and is needed when standard input is not
a terminal.`,
		Example: "  cekura scenarios delete-many --ids 11,12,13 --agent 2142\n  cekura scenarios delete-many --ids 11,12 --project 7 --yes",
		RunE: func(cmd *cobra.Command, _ []string) error {
			list, err := parseIDs("ids", ids)
			if err != nil {
				return err
			}
			req := &cekura.BulkDeleteScenariosRequest{ScenarioIDs: list, AgentID: agent, ProjectID: project}
			switch {
			case len(list) == 0:
				return errors.New("cekura: --ids is required: the ids of the scenarios to delete")
			case (agent == 0) == (project == 0):
				return errors.New("cekura: give --agent or --project (one): the scope of the API's permission check")
			}
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				ok, err := a.confirm(ctx, yes, fmt.Sprintf("delete %d scenarios (%s)", len(list), strings.Join(ids, ",")))
				if err != nil || !ok {
					return err
				}
				if err := c.Scenarios.BulkDelete(ctx, req); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "deleted %d scenarios\n", len(list))
				return nil
			})
		}}
	f := cmd.Flags()
	f.StringSliceVar(&ids, "ids", nil, "the scenario ids, comma-separated (required)")
	f.Int64Var(&agent, "agent", 0, "the agent they belong to (or --project)")
	f.Int64Var(&project, "project", 0, "the project they belong to (or --agent)")
	f.BoolVarP(&yes, "yes", "y", false, "delete without asking (needed when standard input is not a terminal)")
	return cmd
}

func (a *app) jsonSchemaCommand() *cobra.Command {
	var version string
	cmd := &cobra.Command{Use: "json-schema", Short: "Print the JSON Schema of test suite files", Args: cobra.NoArgs,
		Long: `json-schema prints the JSON Schema of the test suite file (cekura test FILE),
for an editor or a validator: JSON, or YAML with -o yaml.`,
		Example: "  cekura scenarios json-schema > cekura-suite.schema.json\n  cekura scenarios json-schema --version 1 -o yaml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				doc, err := c.Scenarios.GetSuiteSchema(ctx, &cekura.SuiteSchemaParams{Version: version})
				if err != nil {
					return err
				}
				format := a.format
				if format == "table" {
					format = "json"
				}
				return printDoc(a.out, format, doc)
			})
		}}
	cmd.Flags().StringVar(&version, "version", "", "the suite format's version (default: the current one)")
	return cmd
}

// doneErr is what the scenario job commands print and wait for.
type doneErr interface {
	Done() bool
	Err() error
}

// waitAndPrint waits for a job when asked (a line on standard error at
// each change of status), prints it, and returns its Err: a job that
// failed exits 2.
func waitAndPrint[T any, J interface {
	*T
	doneErr
}](a *app, wait bool, j J, progressID string, status func(J) cekura.JobStatus, waitFor func(*cekura.WaitParams[T]) (J, error), print func(J) error) error {
	if wait && !j.Done() {
		last := status(j)
		var err error
		j, err = waitFor(&cekura.WaitParams[T]{Progress: func(v *T) {
			if s := status(J(v)); s != last {
				fmt.Fprintf(a.errOut, "%s: %s\n", progressID, s)
				last = s
			}
		}})
		if err != nil {
			if j != nil {
				_ = print(j)
			}
			return err
		}
	}
	if err := print(j); err != nil {
		return err
	}
	return j.Err()
}

var instructionsColumns = []column[cekura.InstructionsJob]{
	{"PROGRESS ID", func(x *cekura.InstructionsJob) string { return x.ProgressID }},
	{"STATUS", func(x *cekura.InstructionsJob) string { return string(x.Status) }},
	{"ERROR", func(x *cekura.InstructionsJob) string { return x.Error }},
}

// printInstructions prints an instructions job: the table and the
// instructions whole below it, or one JSON or YAML document.
func (a *app) printInstructions(j *cekura.InstructionsJob) error {
	if err := printItems(a, instructionsColumns, []*cekura.InstructionsJob{j}, false); err != nil || a.format != "table" {
		return err
	}
	if j.Instructions != "" {
		fmt.Fprintf(a.out, "\n%s\n", j.Instructions)
	}
	return nil
}

func (a *app) followInstructions(ctx context.Context, c *cekura.Client, wait bool, j *cekura.InstructionsJob) error {
	return waitAndPrint(a, wait, j, j.ProgressID, func(j *cekura.InstructionsJob) cekura.JobStatus { return j.Status },
		func(p *cekura.WaitParams[cekura.InstructionsJob]) (*cekura.InstructionsJob, error) {
			return c.Scenarios.WaitForInstructionsJob(ctx, j.ProgressID, p)
		}, a.printInstructions)
}

func (a *app) generateInstructionsCommand() *cobra.Command {
	var file string
	var wait bool
	cmd := &cobra.Command{Use: "generate-instructions", Short: "Have Cekura write a scenario's instructions", Args: cobra.NoArgs,
		Long: `generate-instructions starts writing the instructions of a scenario (what the
simulated caller says and does) from a draft of it: its name, expected
outcome, first message, personality. --wait waits for them and prints them;
without it, follow the job with cekura scenarios instructions-job ID.`,
		Example: "  cekura scenarios generate-instructions --agent 2142 --name Refund --expected-outcome \"the refund is confirmed\" --wait\n  cekura scenarios generate-instructions -f draft.yaml --wait -o json"}
	f := cmd.Flags()
	agent := f.Int64("agent", 0, "the agent the scenario tests")
	personality := f.Int64("personality", 1, "the caller's personality id")
	name := f.String("name", "", "the scenario's name")
	expected := f.String("expected-outcome", "", "what a passing call achieves")
	first := f.String("first-message", "", "the caller's first message")
	f.StringVarP(&file, "from-file", "f", "", "a JSON or YAML file with the request (- for standard input)")
	f.BoolVar(&wait, "wait", false, "wait for the instructions (exit 2 when the job fails)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		req, err := fromFileOr(file, func() (*cekura.GenerateInstructionsRequest, error) {
			return &cekura.GenerateInstructionsRequest{AgentID: *agent, PersonalityID: *personality, Name: *name,
				ExpectedOutcomePrompt: *expected, FirstMessage: *first}, nil
		})
		if err != nil {
			return err
		}
		return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
			j, err := c.Scenarios.GenerateInstructions(ctx, req)
			if err != nil {
				return err
			}
			return a.followInstructions(ctx, c, wait, j)
		})
	}
	return cmd
}

func (a *app) improveInstructionsCommand() *cobra.Command {
	var agent int64
	var request, current string
	var wait bool
	cmd := &cobra.Command{Use: "improve-instructions", Short: "Have Cekura rewrite instructions as asked", Args: cobra.NoArgs,
		Example: "  cekura scenarios improve-instructions --agent 2142 --current \"Ask for a refund.\" --request \"make the caller impatient\" --wait",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				j, err := c.Scenarios.ImproveInstructions(ctx, &cekura.ImproveInstructionsRequest{AgentID: agent, ExtraInstructions: request, CurrentInstructions: current})
				if err != nil {
					return err
				}
				return a.followInstructions(ctx, c, wait, j)
			})
		}}
	f := cmd.Flags()
	f.Int64Var(&agent, "agent", 0, "the agent the scenario tests (required)")
	f.StringVar(&request, "request", "", "what to change (required)")
	f.StringVar(&current, "current", "", "the instructions to improve")
	f.BoolVar(&wait, "wait", false, "wait for the instructions (exit 2 when the job fails)")
	return cmd
}

// progressCommand is a job's progress command: PROGRESS_ID, --wait.
func (a *app) progressCommand(use, short, example string, follow func(ctx context.Context, c *cekura.Client, id string, wait bool) error) *cobra.Command {
	var wait bool
	cmd := &cobra.Command{Use: use + " PROGRESS_ID", Short: short, Args: cobra.ExactArgs(1), Example: example,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error { return follow(ctx, c, args[0], wait) })
		}}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the job to end (exit 2 when it fails)")
	return cmd
}

func (a *app) instructionsJobCommand() *cobra.Command {
	return a.progressCommand("instructions-job", "Show the progress of instructions being written",
		"  cekura scenarios instructions-job 3f2a… --wait",
		func(ctx context.Context, c *cekura.Client, id string, wait bool) error {
			j, err := c.Scenarios.GetInstructionsJob(ctx, id)
			if err != nil {
				return err
			}
			return a.followInstructions(ctx, c, wait, j)
		})
}

var transcriptColumns = []column[cekura.TranscriptJob]{
	{"PROGRESS ID", func(x *cekura.TranscriptJob) string { return x.ProgressID }},
	{"STATUS", func(x *cekura.TranscriptJob) string { return string(x.Status) }},
	{"SCENARIO", func(x *cekura.TranscriptJob) string {
		if x.ScenarioID == 0 {
			return ""
		}
		return id(x.ScenarioID)
	}},
	{"ERROR", func(x *cekura.TranscriptJob) string { return x.Error }},
}

func (a *app) followTranscript(ctx context.Context, c *cekura.Client, wait bool, j *cekura.TranscriptJob) error {
	return waitAndPrint(a, wait, j, j.ProgressID, func(j *cekura.TranscriptJob) cekura.JobStatus { return j.Status },
		func(p *cekura.WaitParams[cekura.TranscriptJob]) (*cekura.TranscriptJob, error) {
			return c.Scenarios.WaitForTranscriptJob(ctx, j.ProgressID, p)
		},
		func(j *cekura.TranscriptJob) error {
			return printItems(a, transcriptColumns, []*cekura.TranscriptJob{j}, false)
		})
}

// readTranscript reads a transcript file: a JSON or YAML list of messages
// ({role, content, start_time}).
func readTranscript(file string) ([]cekura.TranscriptMessage, error) {
	if file == "" {
		return nil, errors.New("cekura: --transcript is required: a JSON or YAML file of the call's messages (- for standard input)")
	}
	msgs, err := fromFileOr(file, func() (*[]cekura.TranscriptMessage, error) { return nil, nil })
	if err != nil {
		return nil, err
	}
	return *msgs, nil
}

func (a *app) fromTranscriptCommand() *cobra.Command {
	var req cekura.CreateFromTranscriptRequest
	var file string
	var wait bool
	cmd := &cobra.Command{Use: "from-transcript", Short: "Make a scenario from a call's transcript", Args: cobra.NoArgs,
		Long: `from-transcript makes a scenario from a call's transcript: Cekura reads the
caller's behaviour, the expected outcome and the flow of the call. The file
is a JSON or YAML list of messages, each with a role ("Main Agent",
"Testing Agent", "Function Call", "Function Call Result"), its content, and
optionally start_time in seconds.`,
		Example: "  cekura scenarios from-transcript --agent 2142 --transcript call.json --name Reschedule --wait\n  cekura scenarios from-transcript --assistant asst_123 --transcript - --folder Sales < call.yaml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			msgs, err := readTranscript(file)
			if err != nil {
				return err
			}
			req.Transcript = msgs
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				j, err := c.Scenarios.CreateFromTranscript(ctx, &req)
				if err != nil {
					return err
				}
				return a.followTranscript(ctx, c, wait, j)
			})
		}}
	f := cmd.Flags()
	f.StringVar(&file, "transcript", "", "the call's transcript, a JSON or YAML file (- for standard input; required)")
	f.Int64Var(&req.AgentID, "agent", 0, "the agent (or --assistant)")
	f.StringVar(&req.AssistantID, "assistant", "", "the provider's id of the agent (or --agent)")
	f.Int64Var(&req.PersonalityID, "personality", 0, "the caller's personality id")
	f.StringVar(&req.Name, "name", "", "the new scenario's name")
	f.StringVar(&req.ExpectedOutcomePrompt, "expected-outcome", "", "what a passing call achieves")
	f.StringVar(&req.FolderPath, "folder", "", "an existing folder to put it in (Sales.Inbound)")
	f.BoolVar(&wait, "wait", false, "wait for the scenario (exit 2 when the job fails)")
	return cmd
}

func (a *app) transcriptJobCommand() *cobra.Command {
	return a.progressCommand("transcript-job", "Show the progress of a scenario made from a transcript",
		"  cekura scenarios transcript-job 3f2a… --wait -o json",
		func(ctx context.Context, c *cekura.Client, id string, wait bool) error {
			j, err := c.Scenarios.GetTranscriptJob(ctx, id)
			if err != nil {
				return err
			}
			return a.followTranscript(ctx, c, wait, j)
		})
}

func (a *app) updateWithTranscriptCommand() *cobra.Command {
	var file string
	cmd := &cobra.Command{Use: "update-with-transcript ID", Short: "Make a scenario's simulation follow a call's transcript", Args: cobra.ExactArgs(1),
		Example: "  cekura scenarios update-with-transcript 11 --transcript call.json",
		RunE: func(cmd *cobra.Command, args []string) error {
			msgs, err := readTranscript(file)
			if err != nil {
				return err
			}
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				sc, err := c.Scenarios.UpdateWithTranscript(ctx, n, &cekura.UpdateScenarioWithTranscriptRequest{Transcript: msgs})
				if err != nil {
					return err
				}
				return printItems(a, scenarioColumns, []*cekura.Scenario{sc}, false)
			})
		}}
	cmd.Flags().StringVar(&file, "transcript", "", "the call's transcript, a JSON or YAML file (- for standard input; required)")
	return cmd
}

var scenarioColumns = []column[cekura.Scenario]{
	{"ID", func(x *cekura.Scenario) string { return id(x.ID) }},
	{"NAME", func(x *cekura.Scenario) string { return x.Name }},
	{"AGENT", func(x *cekura.Scenario) string { return id(x.AgentID) }},
	{"FOLDER", func(x *cekura.Scenario) string { return x.FolderPath }},
}

var agentJobColumns = []column[cekura.ScenarioAgentJob]{
	{"PROGRESS ID", func(x *cekura.ScenarioAgentJob) string { return x.ProgressID }},
	{"SESSION", func(x *cekura.ScenarioAgentJob) string {
		if x.SessionID == 0 {
			return ""
		}
		return id(x.SessionID)
	}},
	{"MODE", func(x *cekura.ScenarioAgentJob) string { return string(x.Mode) }},
	{"STATUS", func(x *cekura.ScenarioAgentJob) string { return string(x.Status) }},
	{"ERROR", func(x *cekura.ScenarioAgentJob) string { return x.Error }},
}

// printAgentJob prints a scenario agent's job: the table and its result
// (indented JSON) below it, or one JSON or YAML document; and, when the
// agent waits for an answer, how to give it.
func (a *app) printAgentJob(j *cekura.ScenarioAgentJob) error {
	if err := printItems(a, agentJobColumns, []*cekura.ScenarioAgentJob{j}, false); err != nil {
		return err
	}
	if a.format == "table" && len(j.Result) > 0 && string(j.Result) != "null" {
		fmt.Fprintln(a.out)
		if err := printDoc(a.out, "json", j.Result); err != nil {
			return err
		}
	}
	switch {
	case j.Status == cekura.JobStatusNeedsAgentClarification:
		fmt.Fprintf(a.errOut, "the scenario agent asks which agent scenarios %v are for: ask again with --session %d --agent-for SCENARIO=AGENT\n", j.ScenariosNeedingAgent(), j.SessionID)
	case j.Status == cekura.JobStatusNeedsClarification:
		fmt.Fprintf(a.errOut, "the scenario agent asks a question (see its result): answer with --session %d --message \"…\"\n", j.SessionID)
	case j.Status == cekura.JobStatusCompleted && len(j.UpdatedScenarios()) > 0:
		fmt.Fprintf(a.errOut, "%d changes suggested: apply them with cekura scenarios ask-agent --apply-from %s\n", len(j.UpdatedScenarios()), j.ProgressID)
	}
	return nil
}

func (a *app) followAgentJob(ctx context.Context, c *cekura.Client, wait bool, j *cekura.ScenarioAgentJob) error {
	return waitAndPrint(a, wait, j, j.ProgressID, func(j *cekura.ScenarioAgentJob) cekura.JobStatus { return j.Status },
		func(p *cekura.WaitParams[cekura.ScenarioAgentJob]) (*cekura.ScenarioAgentJob, error) {
			return c.Scenarios.WaitForScenarioAgentJob(ctx, j.ProgressID, p)
		}, a.printAgentJob)
}

func (a *app) askAgentCommand() *cobra.Command {
	var req cekura.ScenarioAgentRequest
	var scenarios []string
	var applyFrom string
	var wait bool
	cmd := &cobra.Command{Use: "ask-agent", Short: "Create or change scenarios with Cekura's scenario agent", Args: cobra.NoArgs,
		Long: `ask-agent gives Cekura's scenario agent a request in plain language: to change
the scenarios of --scenarios (or --all of an agent's), or, without them, to
write --num new ones. The agent suggests changes; --apply-from PROGRESS_ID
applies the suggestions of an earlier answer. It changes scenarios only,
never the agent under test. --wait waits for the answer.`,
		Example: `  cekura scenarios ask-agent --scenarios 11,12 --message "make the instructions more detailed" --wait
  cekura scenarios ask-agent --apply-from 3f2a… --wait
  cekura scenarios ask-agent --agent 2142 --num 3 --message "callers who want a refund" --wait`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ids, err := parseIDs("scenarios", scenarios)
			if err != nil {
				return err
			}
			req.ScenarioIDs = ids
			return a.withClient(cmd, func(ctx context.Context, c *cekura.Client) error {
				if applyFrom != "" {
					earlier, err := c.Scenarios.GetScenarioAgentJob(ctx, applyFrom)
					if err != nil {
						return err
					}
					if req.UpdatedScenarios = earlier.UpdatedScenarios(); len(req.UpdatedScenarios) == 0 {
						return fmt.Errorf("cekura: --apply-from %s: that answer suggests no changes (status %s)", applyFrom, earlier.Status)
					}
					req.ApplyChanges = true
					if req.SessionID == 0 {
						req.SessionID = earlier.SessionID
					}
				}
				j, err := c.Scenarios.AskScenarioAgent(ctx, &req)
				if err != nil {
					return err
				}
				return a.followAgentJob(ctx, c, wait, j)
			})
		}}
	f := cmd.Flags()
	f.StringVar(&req.UserMessage, "message", "", "what to create or change, in plain language")
	f.StringSliceVar(&scenarios, "scenarios", nil, "the scenario ids to change, comma-separated")
	f.BoolVar(&req.AllScenarios, "all", false, "change all of the agent's scenarios (with --agent)")
	f.Int64Var(&req.AgentID, "agent", 0, "the agent (inferred from the scenarios when not given)")
	f.Int64Var(&req.SessionID, "session", 0, "continue this session (from an earlier answer)")
	f.IntVar(&req.NumScenarios, "num", 0, "how many new scenarios to write (default 1)")
	f.StringVar(&applyFrom, "apply-from", "", "apply the changes an earlier answer (its progress id) suggested")
	f.BoolVar(&wait, "wait", false, "wait for the answer (exit 2 when the job fails)")
	selections(f, &req)
	return cmd
}

// selections adds --agent-for SCENARIO=AGENT, the answer to the agent's
// question of which agent a scenario is for.
func selections(f *pflag.FlagSet, req *cekura.ScenarioAgentRequest) {
	f.Var(&selectionFlag{req: req}, "agent-for", "answer which agent a scenario is for: SCENARIO=AGENT (repeatable)")
}

// selectionFlag is --agent-for: SCENARIO=AGENT pairs into AgentSelections.
type selectionFlag struct{ req *cekura.ScenarioAgentRequest }

func (s *selectionFlag) String() string { return "" }

func (s *selectionFlag) Type() string { return "SCENARIO=AGENT" }

func (s *selectionFlag) Set(v string) error {
	sc, ag, ok := strings.Cut(v, "=")
	n, err := strconv.ParseInt(strings.TrimSpace(ag), 10, 64)
	if !ok || err != nil {
		return fmt.Errorf("want SCENARIO=AGENT, such as 11=2142")
	}
	if s.req.AgentSelections == nil {
		s.req.AgentSelections = map[string]int64{}
	}
	key := strings.TrimSpace(sc)
	s.req.AgentSelections[key] = n
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		s.req.ScenariosNeedingAgent = append(s.req.ScenariosNeedingAgent, id)
	}
	return nil
}

func (a *app) agentJobCommand() *cobra.Command {
	return a.progressCommand("agent-job", "Show the progress of a scenario agent's request",
		"  cekura scenarios agent-job 3f2a… --wait",
		func(ctx context.Context, c *cekura.Client, id string, wait bool) error {
			j, err := c.Scenarios.GetScenarioAgentJob(ctx, id)
			if err != nil {
				return err
			}
			return a.followAgentJob(ctx, c, wait, j)
		})
}
