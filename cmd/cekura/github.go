package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/suitefile"
	"github.com/spf13/pflag"
)

// githubActions reports to a GitHub Actions job, as its workflow commands
// and files say: error annotations (workflow commands, on standard error,
// which the runner reads as it reads standard output), a Markdown summary
// appended to the file GITHUB_STEP_SUMMARY names, and the step's outputs
// appended to GITHUB_OUTPUT's. Elsewhere (GITHUB_ACTIONS is not "true")
// there is none, and nothing changes.
type githubActions struct {
	w                    io.Writer // where workflow commands go
	summaryPath, outPath string
	workspace            string // GITHUB_WORKSPACE: annotations name files relative to it
}

func (a *app) githubActions() *githubActions {
	if a.envValue("GITHUB_ACTIONS") != "true" {
		return nil
	}
	return &githubActions{w: a.errOut, summaryPath: a.envValue("GITHUB_STEP_SUMMARY"),
		outPath: a.envValue("GITHUB_OUTPUT"), workspace: a.envValue("GITHUB_WORKSPACE")}
}

// started writes the step's outputs result_id and result_url (a link that
// works without a key until ttl has passed; none for a ttl of 0) as soon as
// the result exists, so that later steps have them even when this one is
// cancelled, and returns the link (empty, with a warning, when the API
// would not give one).
func (g *githubActions) started(ctx context.Context, client *cekura.Client, r *cekura.Result, ttl time.Duration) string {
	link := ""
	if ttl > 0 {
		l, err := client.Results.CreateShareLink(ctx, r.ID, &cekura.ShareLinkRequest{ExpireAt: time.Now().Add(ttl).UTC().Truncate(time.Second)})
		switch {
		case err != nil:
			g.command("warning", "", 0, "cekura", "no link to result "+id(r.ID)+": "+oneLine(err))
		case l.URL == "":
			g.command("warning", "", 0, "cekura", "no link to result "+id(r.ID)+": the API's answer had none")
		default:
			link = l.URL
		}
	}
	if err := g.output("result_id", id(r.ID)); err != nil {
		g.command("warning", "", 0, "cekura", err.Error())
	}
	if link != "" {
		if err := g.output("result_url", link); err != nil {
			g.command("warning", "", 0, "cekura", err.Error())
		}
	}
	return link
}

// verdict annotates each failed run (on its case's line in the suite file,
// for cekura test) and appends the verdict's summary. why, when not empty,
// is why there is no verdict.
func (g *githubActions) verdict(v *cekura.Verdict, label func(*cekura.Run) string, cases *suiteCases, link, why string) error {
	runs := map[int64]*cekura.Run{}
	for _, r := range v.Result.Runs {
		if r != nil {
			runs[r.ID] = r
		}
	}
	var slots map[int64]slot
	if cases != nil {
		slots = cases.assign(v.Result.Runs)
	}
	for _, f := range v.Failures {
		title := "cekura: result " + id(v.Result.ID)
		file, line := "", 0
		if r := runs[f.RunID]; r != nil {
			title = "cekura: " + label(r) + " failed"
			if s, ok := slots[r.ID]; ok {
				file, line = g.relative(cases.file), cases.lines.Line(s.c.location)
			}
		}
		msg := f.Reason
		if f.RunID != 0 {
			msg = fmt.Sprintf("run %d (%s): %s", f.RunID, f.Status, f.Reason)
		}
		g.command("error", file, line, title, msg)
	}
	if why != "" {
		g.command("error", "", 0, "cekura: result "+id(v.Result.ID)+" has no verdict", why)
	}
	return g.summary(verdictMarkdown(v, label, link, why))
}

// problems annotates a suite's problems on their lines.
func (g *githubActions) problems(file string, lines suitefile.LineMap, ps []cekura.FieldProblem) {
	for _, p := range ps {
		g.command("error", g.relative(file), lines.Line(p.Field), "cekura: "+p.Field, p.Message)
	}
}

// relative names file as annotations need it: relative to the workspace
// (the repository's root); empty when it is not in it.
func (g *githubActions) relative(file string) string {
	if file == "" || file == "-" {
		return ""
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	base := g.workspace
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return ""
		}
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// command writes a workflow command: ::error file=…,line=…,title=…::message.
// The title and message are made one line first (no control characters:
// an escape sequence or a line break from a file or the API).
func (g *githubActions) command(kind, file string, line int, title, msg string) {
	title, msg = textLine(title), textLine(msg)
	var props []string
	if file != "" {
		props = append(props, "file="+escapeProperty(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	p := ""
	if len(props) > 0 {
		p = " " + strings.Join(props, ",")
	}
	fmt.Fprintf(g.w, "::%s%s::%s\n", kind, p, escapeData(msg))
}

// escapeData and escapeProperty escape a workflow command's message and
// properties as GitHub's toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// output appends name=value to the step's outputs.
func (g *githubActions) output(name, value string) error {
	if g.outPath == "" {
		return nil
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("cekura: the output %s has a line break; not written", name)
	}
	return appendFile(g.outPath, name+"="+value+"\n")
}

// summary appends Markdown to the job's summary.
func (g *githubActions) summary(md string) error {
	if g.summaryPath == "" {
		return nil
	}
	return appendFile(g.summaryPath, md)
}

func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("cekura: GitHub Actions: %w", err)
	}
	_, err = f.WriteString(s)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cekura: GitHub Actions: %w", err)
	}
	return nil
}

// verdictMarkdown is the job summary of a verdict: a heading that says
// passed or failed, the result (linked when there is a link), and a table
// of the runs with the reason of each failure.
func verdictMarkdown(v *cekura.Verdict, label func(*cekura.Run) string, link, why string) string {
	var b strings.Builder
	name := v.Result.Name
	if name == "" {
		name = "result " + id(v.Result.ID)
	}
	if v.Passed {
		fmt.Fprintf(&b, "### ✅ Cekura: %s passed\n\n", mdText(name))
	} else {
		fmt.Fprintf(&b, "### ❌ Cekura: %s failed\n\n", mdText(name))
	}
	ref := "Result " + id(v.Result.ID)
	if link != "" {
		ref = "[" + ref + "](" + link + ")"
	}
	fmt.Fprintf(&b, "%s · agent %d · %s · %d of %d runs succeeded\n\n", ref, v.Result.AgentID, v.Result.Status, v.Succeeded, v.Total)
	if why != "" {
		fmt.Fprintf(&b, "> %s\n\n", mdText(why))
	}
	failed := map[int64]cekura.RunFailure{}
	var unsent []string
	for _, f := range v.Failures {
		if f.RunID == 0 {
			unsent = append(unsent, f.Reason)
			continue
		}
		failed[f.RunID] = f
	}
	b.WriteString("| Case | Run | Status | Reason |\n|---|---|---|---|\n")
	for _, r := range v.Result.Runs {
		if r == nil {
			continue
		}
		mark, reason := "✅", ""
		if f, ok := failed[r.ID]; ok {
			mark, reason = "❌", f.Reason
		}
		fmt.Fprintf(&b, "| %s | %d | %s %s | %s |\n", mdCell(label(r)), r.ID, mark, mdCell(string(r.Status)), mdCell(reason))
	}
	for _, u := range unsent {
		fmt.Fprintf(&b, "| (not sent) | | ❌ | %s |\n", mdCell(u))
	}
	b.WriteString("\n")
	return b.String()
}

// mdText and mdCell keep text from breaking the Markdown around it.
func mdText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// shareLinkFlag adds --share-link-ttl, shared by run and test.
func (a *app) shareLinkFlag(f *pflag.FlagSet) {
	f.DurationVar(&a.shareTTL, "share-link-ttl", 30*24*time.Hour,
		"in GitHub Actions: how long the result's link (result_url, the job summary) works; anyone who has it sees the result (0: no link)")
}
