package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/term"
)

// column is one column of a table: its header and how to print a value.
type column[T any] struct {
	header string
	value  func(*T) string
}

// print writes items as the --format asks: a table (one row per item), or
// one JSON or YAML document (a list when many is true, else the item).
func printItems[T any](a *app, cols []column[T], items []*T, many bool) error {
	switch a.format {
	case "json", "yaml":
		var doc any = items
		if !many && len(items) == 1 {
			doc = items[0]
		}
		if many && items == nil {
			doc = []*T{}
		}
		return printDoc(a.out, a.format, doc)
	}
	tw := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.header
	}
	fmt.Fprintln(tw, strings.Join(heads, "\t"))
	for _, it := range items {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = cleanCell(c.value(it))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// printDoc writes one JSON (indented, stable key order) or YAML document.
func printDoc(w io.Writer, format string, doc any) error {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if format == "json" {
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return err
	}
	y, err := yaml.Marshal(numbersAsYAML(generic))
	if err != nil {
		return err
	}
	_, err = w.Write(y)
	return err
}

// numbersAsYAML turns json.Numbers into ints or floats, which YAML writes
// as numbers.
func numbersAsYAML(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersAsYAML(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersAsYAML(e)
		}
	}
	return v
}

// cleanCell keeps a table cell on one line and short.
func cleanCell(s string) string {
	s = textLine(s)
	if r := []rune(s); len(r) > 48 {
		s = string(r[:47]) + "…"
	}
	if s == "" {
		return "-"
	}
	return s
}

// isTerminal reports whether w is a terminal (progress bars go there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stdinIsTerminal reports whether standard input is a terminal, someone
// to ask before a delete.
func (a *app) stdinIsTerminal() bool { return a.inIsTerm != nil && a.inIsTerm() }

// readAnswer reads one line from standard input, trimmed and lower-cased.
// The context ends the wait: Ctrl-C at the question stops the command
// (main catches the signal into the context).
func (a *app) readAnswer(ctx context.Context) (string, error) {
	if a.in == nil {
		return "", nil
	}
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(a.in).ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		if !strings.HasSuffix(line, "\n") { // end of input: end the question's line
			fmt.Fprintln(a.errOut)
		}
		return strings.ToLower(strings.TrimSpace(line)), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// textLine makes text from the API or a file safe to print on one line of
// a terminal or a CI log: control characters (a line break, an escape
// sequence) become spaces, and runs of spaces one. A line the command
// prints then starts with the command's own words, never with text that a
// CI runner would read as a command of its own ("::add-mask::…").
func textLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
