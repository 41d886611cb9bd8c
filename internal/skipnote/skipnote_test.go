package skipnote_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/skipnote"
)

// helperEnv switches on the helper tests when TestNoteShowsInGoTestOutput
// runs this package again.
const helperEnv = "OMSKIT_SKIPNOTE_HELPER"

// TestHelperSkips is run by TestNoteShowsInGoTestOutput only: two tests of
// one group skip, one of another.
func TestHelperSkips(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		return // not a test by itself
	}
	for _, c := range []struct{ group, note string }{
		{"demo", "demo tests skipped: DEMO_URL is not set"},
		{"demo", "demo tests skipped: DEMO_URL is not set"},
		{"other", "other tests skipped: no ../other"},
	} {
		t.Run(c.group, func(t *testing.T) { skipnote.Skip(t, c.group, c.note) })
	}
}

// TestNoteShowsInGoTestOutput (issue 17 item 19): `go test` without -v on a
// package whose tests skip prints one line per skipped group, naming the
// package — the go command alone would print only "ok".
func TestNoteShowsInGoTestOutput(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the note reaches the go command's output on Linux only; elsewhere .ci/run lists the skipped tests")
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "test", "-count=1", "-run=^TestHelperSkips$", ".")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	s := string(out)
	assert.Equal(t, 1, strings.Count(s, "skip\tinternal/skipnote\tdemo tests skipped: DEMO_URL is not set\n"), "one line for the group:\n%s", s)
	assert.Equal(t, 1, strings.Count(s, "skip\tinternal/skipnote\tother tests skipped: no ../other\n"), "one line for the other group:\n%s", s)
	assert.Contains(t, s, "ok  \tgithub.com/omskit/omskit/internal/skipnote", "a passing package, no -v")
}
