// Command apilist lists the exported API of this module, one line per
// exported identifier, and guards it: CI fails when the committed listing
// (api/cekura.txt) is not the listing of the code, or when a commit removes
// or changes a line of it without changing CHANGELOG.md.
//
// Usage, from the module root:
//
//	go run ./internal/apilist           # print the listing
//	go run ./internal/apilist -w        # write api/cekura.txt
//	go run ./internal/apilist -check    # what .ci/run runs
//
// The listing covers every package users import: each directory with
// non-test Go files of a package other than main, outside internal/,
// examples/, cmd/ and testdata/. Its lines look like Go's own api/go1.*.txt:
//
//	pkg cekura, func NewClient(string, ...Option) (*Client, error)
//	pkg cekura, method (*AgentsService) Get(context.Context, int64, ...Option) (*Agent, error)
//	pkg cekura, type Agent struct, Name string
//	pkg cekura, const StatusCompleted RunStatus = "completed"
//	pkg cekura, method (Opt[$0]) Get() ($0, bool)
//
// Parameter names are left out, and type parameters are numbered ($0, $1),
// because renaming either is compatible. The listing is syntactic (go/ast,
// no type checking): it shows types as written, so replacing a type by an
// alias of it, or interface{} by a named empty interface, reads as a change;
// such a false alarm costs a changelog line, never a missed break of a
// declaration. interface{} is written any.
//
// The check (-check) has two parts. First, the listing of the code must
// equal api/cekura.txt; if not, it prints what to run and the differences.
// Second, every commit checked must not remove or change a line of
// api/cekura.txt (compared with its first parent) unless it also changes
// CHANGELOG.md. The commits checked are those that touch api/cekura.txt
// after -since (default: the newest v* tag reachable from HEAD); without
// such a tag, HEAD alone. A commit without a parent in the clone (the first
// commit, or a shallow clone) is skipped with a notice. Additions need the
// listing regenerated but no changelog entry.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// main runs the command with the process's arguments and exits with its status.
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and outputs; it returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("apilist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("w", false, "write the listing to "+ListingFile)
	check := fs.Bool("check", false, "fail if "+ListingFile+" is not the listing of the code, or a commit removes or changes lines of it without changing "+ChangelogFile)
	since := fs.String("since", "", "with -check: check the commits after this revision that touch "+ListingFile+" (default: the newest v* tag reachable from HEAD, else HEAD alone)")
	dir := fs.String("C", "", "the module root (default: the directory with go.mod at or above the current one)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *write && *check {
		fmt.Fprintln(stderr, "usage: apilist [-C dir] [-w | -check [-since rev]]")
		return 2
	}
	root := *dir
	if root == "" {
		var err error
		if root, err = findRoot(); err != nil {
			fmt.Fprintln(stderr, "apilist:", err)
			return 1
		}
	}
	switch {
	case *write:
		if err := Write(root); err != nil {
			fmt.Fprintln(stderr, "apilist:", err)
			return 1
		}
	case *check:
		failed := false
		if err := CheckCurrent(root); err != nil {
			fmt.Fprintln(stderr, "apilist:", err)
			failed = true
		}
		if err := CheckHistory(root, *since, stdout); err != nil {
			fmt.Fprintln(stderr, "apilist:", err)
			failed = true
		}
		if failed {
			return 1
		}
		fmt.Fprintf(stdout, "apilist: %s is current; no incompatible change without a %s entry\n", ListingFile, ChangelogFile)
	default:
		lines, err := Generate(root)
		if err != nil {
			fmt.Fprintln(stderr, "apilist:", err)
			return 1
		}
		for _, l := range lines {
			fmt.Fprintln(stdout, l)
		}
	}
	return 0
}

// findRoot returns the nearest directory at or above the current one that
// holds go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the current directory")
		}
		dir = parent
	}
}
