package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestListPackageFixture pins the listing of a package with every kind of
// declaration: constants (typed, iota, computed, from another package),
// variables, struct fields (promoted, shadowed, embedded), methods (value,
// pointer, promoted, of generic types), generic functions and types,
// interfaces (plain, sealed, constraints), aliases and function types.
func TestListPackageFixture(t *testing.T) {
	got, err := ListPackage("testdata/fixture", "fixture")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`pkg fixture, const Answer = 42`,
		`pkg fixture, const Converted Kind = "c"`,
		`pkg fixture, const Enabled = true`,
		`pkg fixture, const FromOther = io.SeekEnd`,
		`pkg fixture, const KindA Kind = "a"`,
		`pkg fixture, const KindB Kind = "b"`,
		`pkg fixture, const LevelHigh Level = 2`,
		`pkg fixture, const LevelLow Level = 1`,
		`pkg fixture, const LevelTop Level = 4`,
		`pkg fixture, const Mask = 15`,
		`pkg fixture, const Name = "fixture"`,
		`pkg fixture, const Ratio = 1.5`,
		`pkg fixture, const Timeout time.Duration = 30000000000`,
		`pkg fixture, func Map[$0 any, $1 any]([]$0, func($0) $1) []$1`,
		`pkg fixture, func New(string, ...func(*Config)) (*Config, error)`,
		`pkg fixture, func Use(any, any)`,
		`pkg fixture, method (*Config) Ptr(int, int) (int, error)`,
		`pkg fixture, method (*Pair[$0, $1]) Set($0, $1)`,
		`pkg fixture, method (Config) Close() error`,
		`pkg fixture, method (Config) Exported()`,
		`pkg fixture, method (Config) Value() int`,
		`pkg fixture, method (Pair[$0, $1]) Get() ($0, $1)`,
		`pkg fixture, type Alias = Pair[string, int]`,
		`pkg fixture, type Config struct`,
		`pkg fixture, type Config struct, A string`,
		`pkg fixture, type Config struct, Anon struct { X int }`,
		`pkg fixture, type Config struct, Array [15]byte`,
		`pkg fixture, type Config struct, B string`,
		`pkg fixture, type Config struct, Ch <-chan int`,
		`pkg fixture, type Config struct, Deeper bool`,
		`pkg fixture, type Config struct, Func func(context.Context, int) error`,
		`pkg fixture, type Config struct, Map map[string][]*Config`,
		`pkg fixture, type Config struct, Promoted int`,
		`pkg fixture, type Config struct, Send chan<- string`,
		`pkg fixture, type Config struct, Shadowed string`,
		`pkg fixture, type Config struct, Size int`,
		`pkg fixture, type Config struct, Tagged bool`,
		`pkg fixture, type Config struct, embedded *Level`,
		`pkg fixture, type Config struct, embedded io.Reader`,
		`pkg fixture, type Empty interface`,
		`pkg fixture, type Handler func(context.Context, ...string) error`,
		`pkg fixture, type Kind string`,
		`pkg fixture, type Level int`,
		`pkg fixture, type Number interface { ~int | ~int64 | float64 }`,
		`pkg fixture, type Number interface, ~int | ~int64 | float64`,
		`pkg fixture, type Pair[$0 comparable, $1 Number] struct`,
		`pkg fixture, type Pair[$0 comparable, $1 Number] struct, Key $0`,
		`pkg fixture, type Pair[$0 comparable, $1 Number] struct, Value $1`,
		`pkg fixture, type Reader interface { Read, Reset, io.Closer }`,
		`pkg fixture, type Reader interface, Read([]byte) (int, error)`,
		`pkg fixture, type Reader interface, Reset()`,
		`pkg fixture, type Reader interface, embedded io.Closer`,
		`pkg fixture, type Sealed interface`,
		`pkg fixture, type Sealed interface, Kind() Kind`,
		`pkg fixture, type Sealed interface, unexported methods`,
		`pkg fixture, var Count int`,
		`pkg fixture, var Default Config`,
		`pkg fixture, var DefaultPtr *Config`,
		`pkg fixture, var ErrBroken error`,
		`pkg fixture, var Made = make([]int, 0)`,
		`pkg fixture, var Names []string`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("listing differs:\nonly in the listing:\n%s\nonly expected:\n%s",
			strings.Join(minus(got, want), "\n"), strings.Join(minus(want, got), "\n"))
	}
}

// TestNamesOfParametersAreNotListed checks that renaming a parameter, a
// result or a type parameter, or regrouping parameters, leaves the listing
// as it was, while changing a parameter's type does not.
func TestNamesOfParametersAreNotListed(t *testing.T) {
	list := func(src string) []string {
		t.Helper()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "p.go"), "package p\n\n"+src)
		lines, err := ListPackage(dir, "p")
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}
	a := list("type G[T any] struct{ V T }\n\nfunc (g *G[T]) F(a, b int, s ...string) (n int, err error) { return }\n")
	b := list("type G[X any] struct{ V X }\n\nfunc (x *G[Y]) F(c int, d int, rest ...string) (int, error) { return 0, nil }\n")
	if !slices.Equal(a, b) {
		t.Errorf("renaming changed the listing:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	c := list("type G[T any] struct{ V T }\n\nfunc (g *G[T]) F(a, b int64, s ...string) (n int, err error) { return }\n")
	if slices.Equal(a, c) {
		t.Errorf("a parameter's new type did not change the listing:\n%s", strings.Join(c, "\n"))
	}
}

// TestInterfaceGrowth: a method added to an interface others can implement
// changes a line (its header), which the check treats as incompatible; a
// method added to a sealed interface only adds lines.
func TestInterfaceGrowth(t *testing.T) {
	list := func(src string) []string {
		t.Helper()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "p.go"), "package p\n\n"+src)
		lines, err := ListPackage(dir, "p")
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}
	open, grown := list("type I interface{ A() }\n"), list("type I interface{ A(); B() }\n")
	if removed := minus(open, grown); !slices.Equal(removed, []string{"pkg p, type I interface { A }"}) {
		t.Errorf("growing an open interface removed %q", removed)
	}
	sealed, grownSealed := list("type S interface{ A(); s() }\n"), list("type S interface{ A(); B(); s() }\n")
	if removed := minus(sealed, grownSealed); len(removed) > 0 {
		t.Errorf("growing a sealed interface removed %q", removed)
	}
	if added := minus(grownSealed, sealed); !slices.Equal(added, []string{"pkg p, type S interface, B()"}) {
		t.Errorf("growing a sealed interface added %q", added)
	}
}

// TestGenerateListsImportablePackagesOnly checks the package discovery:
// the root and sub packages are listed; internal/, cmd/, examples/,
// testdata/, main packages, test files and nested modules are not.
func TestGenerateListsImportablePackagesOnly(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/acme/fix\n\ngo 1.25\n")
	writeFile(t, filepath.Join(root, "a.go"), "package fix\n\nfunc Root() {}\n")
	writeFile(t, filepath.Join(root, "a_test.go"), "package fix\n\nfunc InTest() {}\n")
	writeFile(t, filepath.Join(root, "sub", "s.go"), "package sub\n\nfunc Sub() {}\n")
	writeFile(t, filepath.Join(root, "sub", "deeper", "d.go"), "package deeper\n\nfunc Deeper() {}\n")
	writeFile(t, filepath.Join(root, "onlytests", "o_test.go"), "package onlytests\n\nfunc T() {}\n")
	writeFile(t, filepath.Join(root, "tool", "main.go"), "package main\n\nfunc Main() {}\n")
	for _, dir := range []string{"internal/x", "sub/internal", "cmd/x", "examples/x", "testdata/x"} {
		writeFile(t, filepath.Join(root, filepath.FromSlash(dir), "x.go"), "package x\n\nfunc Hidden() {}\n")
	}
	writeFile(t, filepath.Join(root, "nested", "go.mod"), "module example.com/nested\n")
	writeFile(t, filepath.Join(root, "nested", "n.go"), "package nested\n\nfunc Nested() {}\n")
	got, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pkg fix, func Root()",
		"pkg fix/sub, func Sub()",
		"pkg fix/sub/deeper, func Deeper()",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCommittedListingIsCurrent fails until api/cekura.txt is regenerated
// after a change of the exported API: go run ./internal/apilist -w.
func TestCommittedListingIsCurrent(t *testing.T) {
	if err := CheckCurrent(filepath.Join("..", "..")); err != nil {
		t.Fatal(err)
	}
}

// The fixture module of the history tests: a type with two methods.
const (
	fixtureTwoMethods = "package fix\n\n// T is a type.\ntype T struct{}\n\n// Keep stays.\nfunc (*T) Keep() {}\n\n// Remove goes.\nfunc (*T) Remove(n int) error { return nil }\n"
	fixtureOneMethod  = "package fix\n\n// T is a type.\ntype T struct{}\n\n// Keep stays.\nfunc (*T) Keep() {}\n"
	fixtureAdded      = fixtureTwoMethods + "\n// Added is new.\nfunc (*T) Added() {}\n"
	removedLine       = "pkg fix, method (*T) Remove(int) error"
	needsChangelog    = "an incompatible change of the exported API needs a CHANGELOG.md entry in the same commit"
)

// newRepo makes a git repository holding the fixture module with two
// methods, its listing and a changelog, in one commit.
func newRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("the history check needs git:", err)
	}
	// The repository's commits must not depend on the user's git setup.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "Test")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "test@example.com")
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/fix\n\ngo 1.25\n")
	writeFile(t, filepath.Join(root, "fix.go"), fixtureTwoMethods)
	writeFile(t, filepath.Join(root, "CHANGELOG.md"), "# Changelog\n\n## [1.0.0]\n")
	mustWrite(t, root)
	gitT(t, root, "init", "-q", "-b", "main")
	commit(t, root, "v1")
	return root
}

// change replaces fix.go with src, regenerates the listing when regenerate
// is set, appends to the changelog when changelog is set, and commits.
func change(t *testing.T, root, src string, regenerate, changelog bool) {
	t.Helper()
	writeFile(t, filepath.Join(root, "fix.go"), src)
	if regenerate {
		mustWrite(t, root)
	}
	if changelog {
		appendFile(t, filepath.Join(root, "CHANGELOG.md"), "\n### Removed\n\n- T.Remove\n")
	}
	commit(t, root, "change")
}

// TestRemovedMethodWithoutChangelogFails is the guard's reason to exist: a
// commit that removes a method and regenerates the listing, but leaves
// CHANGELOG.md alone, fails, naming the method.
func TestRemovedMethodWithoutChangelogFails(t *testing.T) {
	root := newRepo(t)
	var log bytes.Buffer
	if err := CheckHistory(root, "", &log); err != nil {
		t.Fatalf("the first listing is the baseline: %v", err)
	}
	if !strings.Contains(log.String(), "baseline") && !strings.Contains(log.String(), "no parent") {
		t.Errorf("no notice that the first commit was skipped: %q", log.String())
	}

	change(t, root, fixtureOneMethod, true, false)
	if err := CheckCurrent(root); err != nil {
		t.Fatalf("the listing was regenerated: %v", err)
	}
	err := CheckHistory(root, "", &log)
	if err == nil {
		t.Fatal("a removed method without a changelog entry passed")
	}
	for _, want := range []string{needsChangelog, "- " + removedLine} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "Keep") {
		t.Errorf("the error names a method that is still there:\n%v", err)
	}

	// The command fails the same way, with exit status 1.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-C", root, "-check"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), removedLine) {
		t.Errorf("apilist -check: status %d, stderr:\n%s", code, stderr.String())
	}
}

// TestRemovedMethodWithChangelogPasses: the same removal passes when the
// commit also changes CHANGELOG.md.
func TestRemovedMethodWithChangelogPasses(t *testing.T) {
	root := newRepo(t)
	change(t, root, fixtureOneMethod, true, true)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-C", root, "-check"}, &stdout, &stderr); code != 0 {
		t.Fatalf("apilist -check: status %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "changes CHANGELOG.md") {
		t.Errorf("no notice of the accepted incompatible change:\n%s", stdout.String())
	}
}

// TestAdditionNeedsNoChangelog: a commit that only adds to the API passes
// with the listing regenerated and the changelog untouched.
func TestAdditionNeedsNoChangelog(t *testing.T) {
	root := newRepo(t)
	change(t, root, fixtureAdded, true, false)
	if err := CheckCurrent(root); err != nil {
		t.Fatal(err)
	}
	if err := CheckHistory(root, "", &bytes.Buffer{}); err != nil {
		t.Fatalf("an addition needed a changelog entry: %v", err)
	}
}

// TestStaleListingFails: changing the code without regenerating the listing
// fails with the command to run and the differences.
func TestStaleListingFails(t *testing.T) {
	root := newRepo(t)
	change(t, root, fixtureOneMethod, false, false)
	err := CheckCurrent(root)
	if err == nil {
		t.Fatal("a stale listing passed")
	}
	for _, want := range []string{"run\n\tgo run ./internal/apilist -w", "- " + removedLine} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	writeFile(t, filepath.Join(root, "fix.go"), fixtureAdded)
	if err := CheckCurrent(root); err == nil || !strings.Contains(err.Error(), "+ pkg fix, method (*T) Added()") {
		t.Errorf("an addition not in the listing: %v", err)
	}
}

// TestEveryCommitSinceTheTagIsChecked: with a v* tag, a removal without a
// changelog entry fails even when a later commit (HEAD) changes only the
// changelog — HEAD alone would pass.
func TestEveryCommitSinceTheTagIsChecked(t *testing.T) {
	root := newRepo(t)
	gitT(t, root, "tag", "v1.0.0")
	change(t, root, fixtureOneMethod, true, false)
	appendFile(t, filepath.Join(root, "CHANGELOG.md"), "\n- late entry\n")
	commit(t, root, "changelog afterwards")
	err := CheckHistory(root, "", &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), removedLine) || !strings.Contains(err.Error(), "commit ") {
		t.Errorf("the removal before HEAD was not caught: %v", err)
	}
	if err := CheckHistory(root, "HEAD~1", &bytes.Buffer{}); err != nil {
		t.Errorf("-since HEAD~1 checks only HEAD, which touches no listing: %v", err)
	}
}

// TestShallowCloneIsSkipped: without the parent commit there is nothing to
// compare with; the check says so and passes.
func TestShallowCloneIsSkipped(t *testing.T) {
	root := newRepo(t)
	change(t, root, fixtureOneMethod, true, false)
	clone := filepath.Join(t.TempDir(), "clone")
	gitT(t, root, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(root), clone)
	var log bytes.Buffer
	if err := CheckHistory(clone, "", &log); err != nil {
		t.Fatalf("a shallow clone failed: %v", err)
	}
	if !strings.Contains(log.String(), "shallow clone") {
		t.Errorf("no notice of the skipped check: %q", log.String())
	}
	// The full history fails, as above.
	if err := CheckHistory(root, "", &bytes.Buffer{}); err == nil {
		t.Error("the full history passed")
	}
}

// TestNoGitIsSkipped: outside a git repository the history check passes
// with a notice.
func TestNoGitIsSkipped(t *testing.T) {
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	root := t.TempDir()
	var log bytes.Buffer
	if err := CheckHistory(root, "", &log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "skipping") {
		t.Errorf("no notice: %q", log.String())
	}
}

// writeFile writes s to p, making its directory.
func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// appendFile appends s to the file p.
func appendFile(t *testing.T, p, s string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, string(b)+s)
}

// mustWrite regenerates the listing of the module at root.
func mustWrite(t *testing.T, root string) {
	t.Helper()
	if err := Write(root); err != nil {
		t.Fatal(err)
	}
}

// commit commits everything in root with the message msg.
func commit(t *testing.T, root, msg string) {
	t.Helper()
	gitT(t, root, "add", "-A")
	gitT(t, root, "commit", "-q", "-m", msg)
}

// gitT runs git in root and fails the test if it fails.
func gitT(t *testing.T, root string, args ...string) {
	t.Helper()
	if _, err := git(root, args...); err != nil {
		t.Fatal(err)
	}
}
