// Command testlog prints a `go test -json` stream the way plain `go test`
// prints it — the ok/FAIL/? line of each package, the whole output of each
// failing test and package, build errors — and then the list of every
// skipped test with its reason. .ci/run pipes the test run through it:
//
//	go test ./... -race -count=1 -json | go run ./scripts/testlog
//
// The list ends the output: "== skipped tests: none" or "== skipped tests
// (N)" followed by one line per test, "package Test/Sub: reason". Under CI,
// with PostgreSQL and RabbitMQ answering, it is empty. testlog exits 1 when
// the stream is not JSON; the test run's own status is the caller's (bash's
// PIPESTATUS).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "testlog:", err)
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output events
}

// skipped is one skipped test.
type skipped struct{ pkg, test, reason string }

// run renders the stream r to w.
func run(r io.Reader, w io.Writer) error {
	out := bufio.NewWriter(w)
	defer out.Flush()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	type key struct{ pkg, test string }
	buf := map[key][]string{}
	var order []key // keys in the order of their first output
	var skips []skipped
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			// Not an event: the go command's own text (a build error
			// before the stream starts); pass it on.
			fmt.Fprintln(out, string(line))
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "build-output":
			fmt.Fprint(out, e.Output)
		case "output":
			if e.Test == "" && isSummary(e.Output) {
				fmt.Fprint(out, e.Output)
				continue
			}
			if _, seen := buf[k]; !seen {
				order = append(order, k)
			}
			buf[k] = append(buf[k], e.Output)
		case "fail":
			if e.Test == "" {
				// A failing package shows the output of its tests that
				// never ended too (a timeout's panic names them), then
				// its own.
				for _, o := range order {
					if b, ok := buf[o]; ok && o.pkg == e.Package && o.test != "" {
						for _, line := range b {
							fmt.Fprint(out, line)
						}
						delete(buf, o)
					}
				}
			}
			for _, o := range buf[k] {
				fmt.Fprint(out, o)
			}
			delete(buf, k)
		case "skip":
			if e.Test != "" {
				skips = append(skips, skipped{pkg: e.Package, test: e.Test, reason: skipReason(buf[k])})
			}
			delete(buf, k)
		case "pass":
			delete(buf, k)
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.Slice(skips, func(i, j int) bool {
		if skips[i].pkg != skips[j].pkg {
			return skips[i].pkg < skips[j].pkg
		}
		return skips[i].test < skips[j].test
	})
	if len(skips) == 0 {
		fmt.Fprintln(out, "== skipped tests: none")
		return nil
	}
	fmt.Fprintf(out, "== skipped tests (%d)\n", len(skips))
	for _, s := range skips {
		fmt.Fprintf(out, "%s %s: %s\n", s.pkg, s.test, s.reason)
	}
	return nil
}

// isSummary reports whether a package-level output line is one plain
// `go test` prints for a passing package too.
func isSummary(o string) bool {
	for _, p := range []string{"ok  \t", "FAIL\t", "?   \t"} {
		if strings.HasPrefix(o, p) {
			return true
		}
	}
	return false
}

// skipReason is the message a skipped test gave: its output without the
// === and --- framing lines and internal/skipnote's "skip\t" group line,
// the file:line prefix cut, on one line.
func skipReason(lines []string) string {
	var parts []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") || strings.HasPrefix(l, "skip\t") {
			continue // framing, and internal/skipnote's group line
		}
		if i := strings.Index(t, ".go:"); i > 0 && !strings.Contains(t[:i], " ") {
			if j := strings.Index(t[i:], ": "); j > 0 {
				t = t[i+j+2:]
			}
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " ")
}
