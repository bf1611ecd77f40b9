// Command send-call sends a production call to Cekura for monitoring and
// waits for its evaluation.
//
//	go run ./examples/send-call
//
// Without CEKURA_API_KEY it uses the in-process fake, whose clock moves
// with the client's waits. With a key it uses the real API: set
// CEKURA_AGENT_ID to one of your agents (the evaluation takes 30-60 s).
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/examples/internal/demo"
)

func main() {
	client, done, err := demo.Client()
	if err != nil {
		demo.Explain(err)
		os.Exit(1)
	}
	code := run(client)
	done()
	os.Exit(code)
}

func run(client *cekura.Client) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	agentID, _ := strconv.ParseInt(os.Getenv("CEKURA_AGENT_ID"), 10, 64)
	if agentID == 0 {
		a, err := client.Agents.Create(ctx, &cekura.CreateAgentRequest{Name: "Support Bot (send-call example)", Description: "Answers order questions"})
		if err != nil {
			demo.Explain(err)
			return 1
		}
		agentID = a.ID
	}
	transcript, err := cekura.NewTranscript(
		cekura.Turn{Role: cekura.RoleCaller, Content: "Hi, where is my order 1042?", StartTime: 0, EndTime: 2.4},
		cekura.Turn{Role: cekura.RoleAgent, Content: "It shipped this morning and arrives Thursday.", StartTime: 2.9, EndTime: 5.8},
		cekura.Turn{Role: cekura.RoleCaller, Content: "Great, thanks!", StartTime: 6.2, EndTime: 7.0},
	)
	if err != nil {
		demo.Explain(err)
		return 1
	}
	call, err := client.Calls.Send(ctx, &cekura.SendCallRequest{
		CallID:          fmt.Sprintf("example-%d", time.Now().UnixNano()),
		AgentID:         agentID,
		Transcript:      transcript,
		CallEndedReason: "customer-ended-call",
		CustomerNumber:  "+14155550123",
		Metadata:        map[string]any{"order_id": "1042"},
		Timestamp:       time.Now().UTC(),
	})
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("Sent call %s as call log %d: %s\n", call.CallID, call.ID, call.Status)
	call, err = client.Calls.WaitForEvaluation(ctx, call.ID, nil)
	if err != nil {
		demo.Explain(err)
		return 1
	}
	fmt.Printf("Evaluated: %s\n", call.Status)
	if call.Evaluation != nil {
		for _, m := range call.Evaluation.Metrics {
			fmt.Printf("  %s: failed=%v %s\n", m.Name, m.Failed(), strings.Join(m.Explanation, " "))
		}
	}
	return 0
}
