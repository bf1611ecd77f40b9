package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/suitefile"
)

// follow is what `cekura run` and `cekura test` do once a result has
// started: wait for the verdict with progress, report it (the output,
// --junit, GitHub Actions), and end the result's calls when the wait ends
// early, unless --keep-running.
type follow struct {
	started     *cekura.Result
	wait        bool
	report      *junitFile // nil without --junit
	keepRunning bool
	// cases names the runs by the suite's keys (cekura test); nil names
	// them by scenario and run id (cekura run).
	cases *suiteCases
}

// endCallsTimeout bounds ending the calls of a result whose wait ended
// early: the command is on its way out. A cancelled GitHub Actions job gets
// SIGINT, then SIGTERM 7.5 s later (which, as a second signal, kills the
// command), then SIGKILL; a second Ctrl-C kills it at once.
const endCallsTimeout = 5 * time.Second

func (a *app) follow(ctx context.Context, client *cekura.Client, f *follow) error {
	fmt.Fprintf(a.errOut, "started result %d: %d runs\n", f.started.ID, len(f.started.Runs))
	gh := a.githubActions()
	link := ""
	if gh != nil {
		link = gh.started(ctx, client, f.started, a.shareTTL)
	}
	if !f.wait {
		return printItems(a, resultColumns, []*cekura.Result{f.started}, false)
	}
	bar := newProgress(a.errOut, a.isTerm(a.errOut))
	verdict, err := client.Results.Wait(ctx, f.started.ID, &cekura.WaitParams[cekura.Result]{Progress: bar.update})
	bar.done()
	if err != nil {
		// The wait ended before the verdict (--timeout, a signal, an API
		// that stopped answering): the job is giving up, so the calls
		// still in progress are ended, and every report says so. The
		// reports show the runs that finished and the ones that had not,
		// from the last result read, or the one the start returned.
		note := a.endCalls(ctx, client, f)
		fmt.Fprintln(a.errOut, "cekura: "+note)
		if verdict == nil {
			verdict = cekura.NewVerdict(f.started)
			verdict.Passed = false
		}
		err = a.gaveUp(err, f.started.ID)
		why := noVerdict(err, verdict, note)
		var errs []error
		if f.report != nil {
			errs = append(errs, f.report.write(verdict, f.started.CreatedAt, f.labels(verdict), why))
		}
		if gh != nil {
			errs = append(errs, gh.verdict(verdict, f.labels(verdict), f.cases, link, why))
		}
		return errors.Join(append([]error{err}, errs...)...)
	}
	if err := printVerdict(a, verdict); err != nil {
		return err
	}
	if f.report != nil {
		if err := f.report.write(verdict, f.started.CreatedAt, f.labels(verdict), ""); err != nil {
			return err
		}
	}
	if gh != nil {
		if err := gh.verdict(verdict, f.labels(verdict), f.cases, link, ""); err != nil {
			return err
		}
	}
	if !verdict.Passed {
		return errTestsFailed
	}
	return nil
}

// endCalls ends the calls of a result whose wait ended early, unless
// --keep-running, and says what it did. It runs on a context of its own:
// the command's is done.
func (a *app) endCalls(ctx context.Context, client *cekura.Client, f *follow) string {
	id := f.started.ID
	if f.keepRunning {
		return fmt.Sprintf("left result %d's calls running (--keep-running); end them with `cekura results end-calls %d`", id, id)
	}
	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), endCallsTimeout)
	defer cancel()
	if err := client.Results.EndCalls(ectx, id); err != nil {
		return fmt.Sprintf("could not end result %d's calls (%s): end them with `cekura results end-calls %d`", id, oneLine(err), id)
	}
	return fmt.Sprintf("ended result %d's calls still in progress, so that nothing keeps calling after the job (--keep-running leaves them)", id)
}

// gaveUp says why the wait for a result ended, in the command's words:
// --timeout, a signal, or the wait's own error.
func (a *app) gaveUp(err error, resultID int64) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("cekura: no verdict for result %d: --timeout %s passed (%w)", resultID, a.timeout, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("cekura: no verdict for result %d: interrupted (Ctrl-C or SIGTERM) (%w)", resultID, err)
	}
	return err
}

// noVerdict says why a report has no verdict: the wait's error, the
// result's status, and what became of the calls.
func noVerdict(err error, v *cekura.Verdict, note string) string {
	why := "no verdict: " + err.Error() + " (the result was " + string(v.Result.Status) + ")"
	if note != "" {
		why += "; " + note
	}
	return why
}

// labels names the runs of v: by the suite's keys, or by scenario and
// run id.
func (f *follow) labels(v *cekura.Verdict) func(*cekura.Run) string {
	if f.cases != nil {
		return f.cases.labeler(v.Result.Runs)
	}
	return func(r *cekura.Run) string { return fmt.Sprintf("%s (run %d)", r.ScenarioName, r.ID) }
}

// suiteCases names the runs of a suite's result by the cases' stable keys,
// so that CI history lines up across commits: the API names a run's
// scenario after the case, and runs the cases in the file's order, each
// as many times as its frequency.
type suiteCases struct {
	// file is the suite's path as given (empty for standard input); lines
	// maps its locations to lines, for annotations.
	file  string
	lines suitefile.LineMap
	// suite labels the JUnit suite; classname is the test cases' class.
	classname string
	cases     []suiteCase
}

// suiteCase is one case of the file: its key (or name), the scenario
// name its runs carry, how many runs it makes and where it is.
type suiteCase struct {
	key, name string
	runs      int
	location  string // scenarios[i]
}

func newSuiteCases(file string, lines suitefile.LineMap, classname string, s *cekura.Suite) *suiteCases {
	sc := &suiteCases{file: file, lines: lines, classname: classname}
	freq := 1
	if s.Defaults != nil && s.Defaults.Frequency > 0 {
		freq = s.Defaults.Frequency
	}
	for i, c := range s.Scenarios {
		n := freq
		if c.Frequency > 0 {
			n = c.Frequency
		}
		key := c.Key
		if key == "" {
			key = c.Name
		}
		sc.cases = append(sc.cases, suiteCase{key: key, name: c.Name, runs: n, location: "scenarios[" + strconv.Itoa(i) + "]"})
	}
	return sc
}

// slot is a run's place in the suite: its case, and which of the case's
// runs it is.
type slot struct {
	c   *suiteCase
	nth int // 1-based
}

// assign places runs in the suite, in id order: a run's scenario name is
// its case's name, and of cases that share a name, the earlier one's runs
// come first.
func (sc *suiteCases) assign(runs []*cekura.Run) map[int64]slot {
	sorted := slices.DeleteFunc(slices.Clone(runs), func(r *cekura.Run) bool { return r == nil })
	slices.SortFunc(sorted, func(x, y *cekura.Run) int { return cmpInt64(x.ID, y.ID) })
	used := make([]int, len(sc.cases))
	out := make(map[int64]slot, len(sorted))
	for _, r := range sorted {
		for i := range sc.cases {
			c := &sc.cases[i]
			if c.name == r.ScenarioName && used[i] < c.runs {
				used[i]++
				out[r.ID] = slot{c: c, nth: used[i]}
				break
			}
		}
	}
	return out
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// labeler names the runs by their cases' keys ("refund-too-late", or
// "refund-too-late (2 of 3)" for a case that runs more than once); a run
// that matches no case keeps its scenario name and run id.
func (sc *suiteCases) labeler(runs []*cekura.Run) func(*cekura.Run) string {
	slots := sc.assign(runs)
	return func(r *cekura.Run) string {
		s, ok := slots[r.ID]
		switch {
		case !ok:
			return fmt.Sprintf("%s (run %d)", r.ScenarioName, r.ID)
		case s.c.runs > 1:
			return fmt.Sprintf("%s (%d of %d)", s.c.key, s.nth, s.c.runs)
		}
		return s.c.key
	}
}
