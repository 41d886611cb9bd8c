package skipnote

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// noted holds the groups already noted by this test binary.
var noted sync.Map

// Skip notes group (see Note) and skips t with note as its message.
func Skip(t testing.TB, group, note string) {
	t.Helper()
	Note(group, note)
	t.Skip(note)
}

// Note writes one line for group — "skip", the package's directory in the
// module and note, tab-separated — the first time this test binary notes
// group, where `go test ./...` shows it (see the package documentation).
// Later calls for the same group write nothing.
func Note(group, note string) {
	if _, done := noted.LoadOrStore(group, true); done {
		return
	}
	line := "skip\t" + packageDir() + "\t" + note + "\n"
	w, closeFn := sink()
	defer closeFn()
	_, _ = io.WriteString(w, line)
}

// packageDir is the working directory (the go command runs a test binary in
// its package's directory) relative to the module root, or the working
// directory itself when no go.mod is above it.
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "?"
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil {
				return wd
			}
			return filepath.ToSlash(rel)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return wd
		}
		dir = up
	}
}

// sink is where a note goes: the go command's standard error when it is a
// terminal or a pipe (Linux), else the test binary's own standard error.
func sink() (io.Writer, func()) {
	if f := goCommandStderr(); f != nil {
		return f, func() { _ = f.Close() }
	}
	return os.Stderr, func() {}
}

// goCommandStderr opens the parent process's standard error for appending
// when the parent is the go command and the stream is a character device or
// a pipe; nil otherwise.
func goCommandStderr() *os.File {
	if runtime.GOOS != "linux" {
		return nil
	}
	proc := "/proc/" + strconv.Itoa(os.Getppid())
	exe, err := os.Readlink(proc + "/exe")
	if err != nil || filepath.Base(exe) != "go" {
		return nil
	}
	f, err := os.OpenFile(proc+"/fd/2", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&(os.ModeCharDevice|os.ModeNamedPipe) == 0 {
		_ = f.Close()
		return nil
	}
	return f
}
