package main

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cekura-go/cekura/cekuraotel"
)

// callerAudio stands in for the caller's audio, turn by turn.
var callerAudio = []string{
	"Hi, where is my order 1042?",
	"Can it come before Friday?",
	"Great, thanks!",
}

// listen is the stand-in speech-to-text: it "recognises" the audio.
func listen(ctx context.Context, audio string) string {
	_, span := cekuraotel.STT(ctx, "deepgram")
	defer span.End()
	time.Sleep(15 * time.Millisecond) // the recogniser at work
	span.SetTranscript(audio)
	span.SetConfidence(0.94)
	return audio
}

// think is the stand-in model: a canned answer, with a tool call when the
// caller asks about an order.
func think(ctx context.Context, heard string) string {
	ctx, span := cekuraotel.LLM(ctx, "openai", "gpt-4o")
	defer span.End()
	time.Sleep(30 * time.Millisecond)
	var reply string
	switch {
	case strings.Contains(heard, "order"):
		status := lookupOrder(ctx, "1042")
		reply = "Order 1042 " + status + " and arrives Thursday."
	case strings.Contains(heard, "Friday"):
		reply = "Yes, Thursday is before Friday."
	default:
		reply = "You're welcome, goodbye!"
	}
	span.SetUsage(40+4*len(strings.Fields(heard)), 3*len(strings.Fields(reply)))
	return reply
}

// lookupOrder is the agent's tool.
func lookupOrder(ctx context.Context, orderID string) string {
	_, span := cekuraotel.ToolCall(ctx, "lookup_order")
	defer span.End()
	in, _ := json.Marshal(map[string]string{"order_id": orderID})
	span.SetInput(string(in))
	time.Sleep(5 * time.Millisecond)
	out, _ := json.Marshal(map[string]string{"order_id": orderID, "status": "shipped"})
	span.SetOutput(string(out))
	return "shipped this morning"
}

// speak is the stand-in text-to-speech.
func speak(ctx context.Context, text string) {
	_, span := cekuraotel.TTS(ctx, "elevenlabs")
	defer span.End()
	time.Sleep(20 * time.Millisecond)
	span.SetCharacters(utf8.RuneCountInString(text))
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
