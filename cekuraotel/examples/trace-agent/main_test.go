package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRunsOnTheFakesWithoutAKey(t *testing.T) {
	t.Setenv("CEKURA_API_KEY", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("%v\n%s", err, &out)
	}
	s := out.String()
	for _, want := range []string{
		"using the in-process fake API",
		"The OTLP receiver holds 11 spans of that trace:", // 3 turns × (stt, llm, tts) + a tool call + the conversation
		"tool_call    function.input={\"order_id\":\"1042\"} function.name=lookup_order",
		"conversation call.id=trace-agent-",
		"The call log's trace_id names that trace.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the output does not show %q:\n%s", want, s)
		}
	}
}

func TestAKeyNeedsAnAgentID(t *testing.T) {
	t.Setenv("CEKURA_API_KEY", "ck_test_example")
	t.Setenv("CEKURA_AGENT_ID", "")
	err := run(context.Background(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "CEKURA_AGENT_ID") {
		t.Fatalf("run = %v, want an error naming CEKURA_AGENT_ID", err)
	}
}
