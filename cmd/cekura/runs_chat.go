package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
)

// A run's API chat, metric votes and trace: `cekura runs chat`,
// `chat-turn`, `end-chat`, `vote` and `trace`.

var chatTurnColumns = []column[cekura.ChatTurn]{
	{"RUN", func(x *cekura.ChatTurn) string { return id(x.RunID) }},
	{"TURN", func(x *cekura.ChatTurn) string { return id(x.TurnID) }},
	{"STATUS", func(x *cekura.ChatTurn) string { return string(x.Status) }},
	{"ENDED", func(x *cekura.ChatTurn) string {
		if x.Ended && x.EndedReason != "" {
			return "true (" + x.EndedReason + ")"
		}
		return strconv.FormatBool(x.Ended)
	}},
	{"MESSAGE", func(x *cekura.ChatTurn) string { return x.Message }},
}

// fakeDemoNote is the help's word on --fake for these commands.
const fakeDemoNote = `

With --fake, run 1 is a demo run of the fake's agent: an API chat whose
conversation has opened (chat, chat-turn, end-chat), or a finished voice
run (vote, trace).`

// runsChatCommands are the runs group's chat, vote and trace commands.
func (a *app) runsChatCommands() []*cobra.Command {
	return []*cobra.Command{a.chatCommand(), a.chatTurnCommand(), a.endChatCommand(), a.runVoteCommand(), a.runTraceCommand()}
}

// fakeRun gives the fake, with --fake, the demo run 1 of fakeDemoNote.
func (a *app) fakeRun(ctx context.Context, c *cekura.Client, chat bool) error {
	if !a.fake || a.fakeSrv == nil {
		return nil
	}
	var err error
	if chat {
		_, err = c.Tests.StartAPIChat(ctx, &cekura.StartAPIChatRequest{AgentID: 1, ScenarioIDs: []int64{1}})
		a.fakeSrv.Advance(time.Minute) // the conversation opens
	} else {
		_, err = c.Tests.Start(ctx, &cekura.StartTestsRequest{AgentID: 1, ScenarioIDs: []int64{1}})
		a.fakeSrv.Advance(time.Hour) // the run ends, evaluated
	}
	return err
}

// withRun is withID for these commands: the fake's demo run first.
func (a *app) withRun(cmd *cobra.Command, args []string, chat bool, f func(context.Context, *cekura.Client, int64) error) error {
	return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
		if err := a.fakeRun(ctx, c, chat); err != nil {
			return err
		}
		return f(ctx, c, n)
	})
}

// printTurn prints a turn, and returns its error when it got no reply.
func (a *app) printTurn(turn *cekura.ChatTurn) error {
	if err := printItems(a, chatTurnColumns, []*cekura.ChatTurn{turn}, false); err != nil {
		return err
	}
	return turn.Err()
}

func (a *app) chatCommand() *cobra.Command {
	var (
		message  string
		metadata map[string]string
		wait     bool
	)
	cmd := &cobra.Command{
		Use:   "chat RUN_ID",
		Short: "Send your agent's message to an API chat run",
		Long: `chat sends your agent's latest message to a run started with
cekura run --transport api_chat, and prints the turn. The simulated user's
reply is written in the background: --wait waits for it and prints it (or
read it later with cekura runs chat-turn). When ENDED is true the
conversation is over and the run is scored. A run still starting (wait for
its turn 0 first), or already ended, is refused (409). The message is sent
once, never retried.` + fakeDemoNote,
		Example: `  cekura runs chat 901 --message "Hello, ACME support. How can I help?" --wait
  cekura runs chat 901 -m "Your order ships today." --metadata order_id=1042 --format json
  cekura runs chat 1 -m "Hello" --wait --fake`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if message == "" && len(metadata) == 0 {
				return fmt.Errorf("cekura: give --message (your agent's message) or --metadata")
			}
			return a.withRun(cmd, args, true, func(ctx context.Context, c *cekura.Client, n int64) error {
				req := &cekura.SendChatTurnRequest{Content: message}
				if len(metadata) > 0 {
					req.Metadata = map[string]any{}
					for k, v := range metadata {
						req.Metadata[k] = v
					}
				}
				turn, err := c.Runs.SendChatTurn(ctx, n, req)
				if err == nil && wait && !turn.Done() {
					turn, err = c.Runs.WaitForChatTurn(ctx, n, turn.TurnID, nil)
				}
				if err != nil {
					return err
				}
				return a.printTurn(turn)
			})
		},
	}
	cmd.Flags().StringVarP(&message, "message", "m", "", "your agent's message")
	cmd.Flags().StringToStringVar(&metadata, "metadata", nil, "key=value pairs merged into the run's metadata")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the simulated user's reply")
	return cmd
}

func (a *app) chatTurnCommand() *cobra.Command {
	var wait bool
	cmd := &cobra.Command{
		Use:   "chat-turn RUN_ID TURN_ID",
		Short: "Show a turn of an API chat run and the reply to it",
		Long: `chat-turn shows a turn of an API chat run: its status (generating, then
ready, or dropped when a newer turn was sent before its reply, or error) and
the simulated user's reply. Turn 0 is the conversation's opening: the
scenario's first message, or none when your agent speaks first; it is ready
once the run has started. --wait waits until the turn is settled. A dropped
or failed turn exits 2.` + fakeDemoNote,
		Example: `  cekura runs chat-turn 901 0 --wait
  cekura runs chat-turn 901 3 --format yaml
  cekura runs chat-turn 1 0 --fake`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			turnID, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil || turnID < 0 {
				return fmt.Errorf("cekura: %q is not a turn id (0 or a positive number)", args[1])
			}
			return a.withRun(cmd, args, true, func(ctx context.Context, c *cekura.Client, n int64) error {
				var turn *cekura.ChatTurn
				if wait {
					turn, err = c.Runs.WaitForChatTurn(ctx, n, turnID, nil)
				} else {
					turn, err = c.Runs.GetChatTurn(ctx, n, turnID)
				}
				if err != nil {
					return err
				}
				return a.printTurn(turn)
			})
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the turn is settled")
	return cmd
}

func (a *app) endChatCommand() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "end-chat RUN_ID",
		Short: "End an API chat run's conversation, to have it scored",
		Long: `end-chat ends the conversation of an API chat run (your agent hung up,
or the test is over): the run is then scored. It prints the run's status.` + fakeDemoNote,
		Example: `  cekura runs end-chat 901
  cekura runs end-chat 901 --reason main_agent_ended_call --format json
  cekura runs end-chat 1 --fake`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withRun(cmd, args, true, func(ctx context.Context, c *cekura.Client, n int64) error {
				end, err := c.Runs.EndChat(ctx, n, &cekura.EndChatRequest{Reason: reason})
				if err != nil {
					return err
				}
				return printItems(a, []column[cekura.ChatEnd]{
					{"RUN", func(x *cekura.ChatEnd) string { return id(x.RunID) }},
					{"RESULT", func(x *cekura.ChatEnd) string { return id(x.ResultID) }},
					{"STATUS", func(x *cekura.ChatEnd) string { return string(x.Status) }},
				}, []*cekura.ChatEnd{end}, false)
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why it ended, such as main_agent_ended_call")
	return cmd
}

func (a *app) runVoteCommand() *cobra.Command {
	var (
		metric                     int64
		thumbs, expected, feedback string
	)
	cmd := &cobra.Command{
		Use:   "vote RUN_ID",
		Short: "Review how a metric scored a run: thumbs up or down",
		Long: `vote records a review of how one metric scored a run, as calls vote does for a
call: --thumbs up agrees with the metric's result, down disagrees, none votes
neither way; --expected is the value it should have given (read as JSON when
it is JSON: true, 3, "text"; else as text), --feedback why. The run is then
marked reviewed.` + fakeDemoNote,
		Example: `  cekura runs vote 901 --metric 118 --thumbs down --expected false --feedback "It never confirmed the refund."
  cekura runs vote 901 --metric 118 --thumbs up
  cekura runs vote 1 --metric 1 --thumbs down --fake`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req := &cekura.VoteMetricRequest{MetricID: metric, Feedback: feedback}
			if err := setThumbs(req, thumbs); err != nil {
				return err
			}
			if cmd.Flags().Changed("expected") {
				req.ExpectedValue = expected
				var v any
				if json.Unmarshal([]byte(expected), &v) == nil {
					req.ExpectedValue = v
				}
			}
			return a.withRun(cmd, args, false, func(ctx context.Context, c *cekura.Client, n int64) error {
				if err := c.Runs.VoteMetric(ctx, n, req); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "voted on metric %d of run %d\n", metric, n)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.Int64Var(&metric, "metric", 0, "the metric voted on (required)")
	f.StringVar(&thumbs, "thumbs", "", "up, down or none (required)")
	f.StringVar(&expected, "expected", "", "the value the metric should have given")
	f.StringVar(&feedback, "feedback", "", "why, in words")
	return cmd
}

func (a *app) runTraceCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "trace RUN_ID",
		Short: "Show a run's OpenTelemetry trace",
		Long: `trace shows the OpenTelemetry trace of a run (STT, LLM, TTS and tool
spans, as your agent exported them): its id and spans as a table, or the
trace as the API sends it (--format json or yaml). A run without a trace
exits 2 (not found).` + fakeDemoNote,
		Example: `  cekura runs trace 901
  cekura runs trace 901 --format json > trace.json
  cekura runs trace 1 --fake`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withRun(cmd, args, false, func(ctx context.Context, c *cekura.Client, n int64) error {
				tr, err := c.Runs.GetTrace(ctx, n)
				if err != nil {
					return err
				}
				return printItems(a, []column[cekura.Trace]{
					{"TRACE ID", func(x *cekura.Trace) string { return x.TraceID }},
					{"SPANS", func(x *cekura.Trace) string { return spanNames(x.Spans) }},
				}, []*cekura.Trace{tr}, false)
			})
		},
	}
}

// spanNames lists a trace's span names when its spans are a list of
// objects with names, else says how much JSON there is.
func spanNames(spans json.RawMessage) string {
	var list []struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(spans, &list) != nil {
		return fmt.Sprintf("(%d bytes of JSON)", len(spans))
	}
	names := make([]string, 0, len(list))
	for _, s := range list {
		names = append(names, s.Name)
	}
	return fmt.Sprintf("%d: %s", len(list), strings.Join(names, ", "))
}
