package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// A full run of a package takes an hour or more on a small machine; after
// new assertions are written against its survivors, -retest tests only the
// survivors of the stored run again, each applied the way gremlins applies
// it, and updates the stored result: a survivor a test now kills moves to
// the killed count. The row in MUTATION.md keeps the date and commit of the
// full run and says when its survivors were re-tested.

// Retest records one re-test of a package's stored survivors.
type Retest struct {
	Date   time.Time `json:"date"`
	Commit string    `json:"commit"`
	Tested int       `json:"tested"` // survivors tested again
	Killed int       `json:"killed"` // of those, now killed
}

// retestUnit tests the stored survivors (LIVED) of unit again in a copy of
// the module and returns the result updated.
func retestUnit(unit string, coefficient int) (Result, error) {
	results, err := loadResults()
	if err != nil {
		return Result{}, err
	}
	res, ok := results[unit]
	if !ok {
		return Result{}, fmt.Errorf("%s has no stored run to re-test; run it first", unit)
	}
	tmp, err := os.MkdirTemp("", "omskit-mutation-retest-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	if err := copyModule(".", tmp); err != nil {
		return Result{}, err
	}
	start := time.Now()
	if out, err := goTest(context.Background(), tmp, unit); err != nil {
		return Result{}, fmt.Errorf("the tests of %s fail without any mutant: %w\n%s", unit, err, out)
	}
	timeout := time.Duration(coefficient) * time.Since(start)
	rt := Retest{Date: time.Now().UTC(), Commit: commit()}
	var kept []Mutant
	for _, m := range res.Mutants {
		if m.Status != Lived {
			kept = append(kept, m)
			continue
		}
		c, line, err := placeMutant(filepath.Join(tmp, m.File), m)
		if err != nil {
			return Result{}, fmt.Errorf("%w; run the whole package again", err)
		}
		status, err := testMutant(tmp, unit, m.File, c, timeout)
		if err != nil {
			return Result{}, err
		}
		rt.Tested++
		fmt.Fprintf(os.Stderr, "%12s %s at %s:%d:%d (survivor %d)\n", status, m.Mutator, m.File, line, m.Column, rt.Tested)
		switch status {
		case Killed:
			rt.Killed++
			res.Lived--
			res.Killed++
			continue
		case TimedOut:
			res.Lived--
			res.TimedOut++
		}
		m.Status, m.Line = status, line
		kept = append(kept, m)
	}
	res.Mutants = kept
	sortMutants(res.Mutants)
	res.Retests = append(res.Retests, rt)
	return res, nil
}

// placeMutant finds m in file as it is now: on its stored line if that
// line still reads the same, else on the one line of its function that
// does, at the same column. It returns the replacement to apply and the
// line.
func placeMutant(file string, m Mutant) (caseCondition, int, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return caseCondition{}, 0, err
	}
	lines := strings.Split(string(src), "\n")
	line := 0
	if m.Line <= len(lines) && strings.TrimSpace(lines[m.Line-1]) == m.Snippet {
		line = m.Line
	} else {
		var found []int
		for i, l := range lines {
			if strings.TrimSpace(l) != m.Snippet {
				continue
			}
			if fn, _, err := locate(file, i+1); err == nil && fn == m.Func {
				found = append(found, i+1)
			}
		}
		if len(found) != 1 {
			return caseCondition{}, 0, fmt.Errorf("%s:%d %s: the line %q is in %s %d times now", m.File, m.Line, m.Mutator, m.Snippet, m.Func, len(found))
		}
		line = found[0]
	}
	// A line that moved keeps its column unless its indentation changed;
	// then no operator is found there and the package must run again.
	col := m.Column
	offset := 0
	for _, l := range lines[:line-1] {
		offset += len(l) + 1
	}
	offset += col - 1
	table := replacements[m.Mutator]
	if m.Mutator == "INCREMENT_DECREMENT" {
		table = map[string]string{"++": "--", "--": "++"}
	}
	ops := make([]string, 0, len(table))
	for op := range table {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) })
	for _, op := range ops {
		if strings.HasPrefix(string(src[offset:]), op) {
			return caseCondition{offset: offset, from: op, to: table[op]}, line, nil
		}
	}
	return caseCondition{}, 0, fmt.Errorf("%s:%d:%d: no operator %s mutates at that place", m.File, line, col, m.Mutator)
}
