package examples_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryExampleHelp (issue 17 item 10): every example program, built as
// `go run` builds it, prints its usage for -h and exits 0 without doing
// anything else.
func TestEveryExampleHelp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example program")
	}
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "internal" && e.Name() != "testdata" {
			names = append(names, e.Name())
		}
	}
	require.Contains(t, names, "quickstart")
	bin := t.TempDir()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	args := []string{"build", "-o", bin + string(filepath.Separator)}
	for _, n := range names {
		args = append(args, "./"+n)
	}
	build := exec.Command(gobin, args...)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go %v:\n%s", args, out)
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(filepath.Join(bin, n), "-h")
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				t.Fatalf("%s -h exits %d, want 0; stderr:\n%s", n, exit.ExitCode(), stderr.String())
			}
			require.NoError(t, err)
			assert.Contains(t, stdout.String()+stderr.String(), "usage: "+n, "%s -h prints its usage", n)
			assert.Contains(t, stdout.String()+stderr.String(), "-", "%s -h lists its flags", n)
		})
	}
}
