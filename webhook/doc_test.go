package webhook_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageDocExampleCompiles builds the program shown in the package
// comment, so that it stays complete and compiling.
func TestPackageDocExampleCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	src, err := os.ReadFile("webhook.go")
	if err != nil {
		t.Fatal(err)
	}
	comment, _, ok := strings.Cut(string(src), "\npackage webhook")
	if !ok {
		t.Fatal("no package clause in webhook.go")
	}
	var prog strings.Builder
	for line := range strings.Lines(comment) {
		if code, ok := strings.CutPrefix(line, "//\t"); ok {
			prog.WriteString(code)
		} else if strings.TrimSpace(line) == "//" && prog.Len() > 0 {
			prog.WriteString("\n")
		}
	}
	if !strings.HasPrefix(prog.String(), "package main\n") || !strings.Contains(prog.String(), "webhook.EventTypeResultCompleted") {
		t.Fatalf("the package comment's example is not the program this test expects:\n%s", prog.String())
	}
	// A directory starting with "_" inside the module, which ./... skips.
	dir, err := os.MkdirTemp(".", "_docexample")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(goTool, "vet", "./"+filepath.ToSlash(dir)).CombinedOutput()
	if err != nil {
		t.Fatalf("the package comment's example does not build: %v\n%s\n%s", err, out, prog.String())
	}
}
