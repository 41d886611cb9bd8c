package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLocateNamesTheEnclosingDeclaration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	src := "package x\n\ntype T struct{}\n\nfunc (t *T) Less(a, b int) bool {\n\treturn a < b\n}\n\nvar table = map[int]int{1: 1 + 1}\n"
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	fn, snippet, err := locate(file, 6)
	require.NoError(t, err)
	assert.Equal(t, "T.Less", fn)
	assert.Equal(t, "return a < b", snippet)
	fn, _, err = locate(file, 9)
	require.NoError(t, err)
	assert.Equal(t, "table", fn)
	_, _, err = locate(file, 99)
	assert.Error(t, err)
}

func TestLoadDispositions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "d.txt")
	require.NoError(t, os.WriteFile(path, []byte("# comment\n\nscv/a.go\tF\tARITHMETIC_BASE\tx := a + b\tequivalent: capacity hint only\n"), 0o644))
	ds, err := loadDispositions(path)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, Disposition{File: "scv/a.go", Func: "F", Mutator: "ARITHMETIC_BASE", Snippet: "x := a + b",
		Kind: KindEquivalent, Reason: "capacity hint only", line: 3}, ds[0])

	for _, bad := range []string{"scv/a.go\tF\tX\tline", "scv/a.go\tF\tX\tline\tmaybe: no such kind", "scv/a.go\tF\tX\tline\topen:"} {
		require.NoError(t, os.WriteFile(path, []byte(bad+"\n"), 0o644))
		_, err := loadDispositions(path)
		assert.Error(t, err, bad)
	}
	ds, err = loadDispositions(filepath.Join(dir, "missing.txt"))
	assert.NoError(t, err, "no file: no dispositions")
	assert.Empty(t, ds)
}

func TestRenderMergesDispositions(t *testing.T) {
	t.Parallel()
	res := Result{Unit: "scv", Date: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC), Commit: "abc1234", CPUs: 2,
		WallSeconds: 65, Killed: 90, Lived: 2, TimedOut: 1, NotCovered: 8,
		Mutants: []Mutant{
			{File: "scv/a.go", Line: 10, Column: 5, Mutator: "CONDITIONALS_BOUNDARY", Status: Lived, Func: "F", Snippet: "if a < b {"},
			{File: "scv/a.go", Line: 20, Column: 7, Mutator: "ARITHMETIC_BASE", Status: Lived, Func: "G", Snippet: "n := a | b"},
			{File: "scv/b.go", Line: 3, Column: 1, Mutator: "INCREMENT_DECREMENT", Status: NotCovered, Func: "H", Snippet: "i++"},
		}}
	ds := []Disposition{
		{File: "scv/a.go", Func: "F", Mutator: "CONDITIONALS_BOUNDARY", Snippet: "if a < b {", Kind: KindEquivalent, Reason: "a never equals b", line: 1},
		{File: "scv/a.go", Func: "Gone", Mutator: "ARITHMETIC_BASE", Snippet: "x", Kind: KindOpen, Reason: "old", line: 2},
		{File: "order/x.go", Func: "F", Mutator: "ARITHMETIC_BASE", Snippet: "x", Kind: KindOpen, Reason: "not run yet", line: 3},
	}
	out := string(render(map[string]Result{"scv": res}, ds))
	assert.Contains(t, out, "| `scv` | 2026-12-01 10:30 | abc1234 | 2 | 93 | 90 | 2 | 1 | 8 | 0 | 97.8% | 92.0% | 1m5s |")
	assert.Contains(t, out, "| `order` | not run yet |")
	assert.Contains(t, out, "| scv/a.go:10:5 CONDITIONALS_BOUNDARY | F | `if a < b {` | equivalent: a never equals b |")
	assert.Contains(t, out, "| scv/a.go:20:7 ARITHMETIC_BASE | G | `n := a \\| b` | **NO DISPOSITION** |")
	assert.Contains(t, out, "| scv/b.go:3:1 INCREMENT_DECREMENT | NOT COVERED | H | `i++` |  |")
	assert.Contains(t, out, "## Stale dispositions")
	assert.Contains(t, out, "scripts/mutation-dispositions.txt:2: scv/a.go ARITHMETIC_BASE")
	assert.NotContains(t, out, "mutation-dispositions.txt:3:", "a package that has not run has no stale entries")
}

func TestResultFigures(t *testing.T) {
	t.Parallel()
	r := Result{Killed: 9, Lived: 1, TimedOut: 2, NotViable: 1, NotCovered: 10}
	assert.Equal(t, 13, r.Runnable())
	assert.InDelta(t, 90.0, r.Efficacy(), 1e-9)
	assert.InDelta(t, 50.0, r.Coverage(), 1e-9)
	assert.Zero(t, Result{}.Efficacy(), "no mutant: zero, not NaN")
}

func TestSubPackagesAreExcluded(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, f := range []string{"u/a.go", "u/sub/b.go", "u/sub/deeper/c.go", "u/testdata/d.go", "u/docs/readme.md"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), nil, 0o644))
	}
	subs, err := subPackages(filepath.Join(root, "u"))
	require.NoError(t, err)
	assert.Equal(t, []string{"sub"}, subs)
	assert.Equal(t, `customer\.x/sync`, regexpQuote("customer.x/sync"))
}

func TestUnitOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "customer/sync", unitOf("customer/sync/flush.go"))
	assert.Equal(t, "customer", unitOf("customer/select.go"))
	assert.Equal(t, "", unitOf("customer/sync/synchttp/client.go"))
}

func TestPlaceCaseCondition(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\nfunc F(n int) string {\n\tswitch {\n\tcase n > 10:\n\t\treturn \"big\"\n\tcase n != 0:\n\t\treturn \"small\"\n\t}\n\treturn \"none\"\n}\n"
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	covered := map[int]bool{6: true} // only the first case body ran

	c, ok, err := placeCaseCondition(file, Mutant{Line: 5, Column: 9, Mutator: "CONDITIONALS_BOUNDARY"}, covered)
	require.NoError(t, err)
	require.True(t, ok, "a case condition whose body is covered is placed")
	assert.Equal(t, ">", c.from)
	assert.Equal(t, ">=", c.to)
	assert.Equal(t, ">", src[c.offset:c.offset+1])

	_, ok, err = placeCaseCondition(file, Mutant{Line: 7, Column: 9, Mutator: "CONDITIONALS_NEGATION"}, covered)
	require.NoError(t, err)
	assert.False(t, ok, "a case whose body no test reaches stays not covered")

	_, ok, err = placeCaseCondition(file, Mutant{Line: 5, Column: 9, Mutator: "INCREMENT_DECREMENT"}, covered)
	require.NoError(t, err)
	assert.False(t, ok, "a mutator this program does not apply stays not covered")
}

func TestRecount(t *testing.T) {
	t.Parallel()
	before := []Mutant{{Line: 1, Status: Lived}, {Line: 2, Status: NotCovered}, {Line: 3, Status: NotCovered}, {Line: 4, Status: NotCovered}}
	after := slicesClone(before)
	after[1].Status, after[2].Status = Killed, Lived
	r := Result{Killed: 5, Lived: 1, NotCovered: 3, Mutants: before}
	r.recount(before, after)
	assert.Equal(t, 6, r.Killed)
	assert.Equal(t, 2, r.Lived)
	assert.Equal(t, 1, r.NotCovered)
	assert.Equal(t, 2, r.CaseConditions)
	assert.Equal(t, []int{1, 3, 4}, []int{r.Mutants[0].Line, r.Mutants[1].Line, r.Mutants[2].Line}, "killed mutants leave the list")
}

func TestCoveredLines(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "cover.out")
	require.NoError(t, os.WriteFile(p, []byte("mode: set\n"+modulePath+"/orce/a.go:3.10,5.2 2 1\n"+modulePath+"/orce/a.go:7.1,8.2 1 0\n"), 0o644))
	got, err := coveredLines(p)
	require.NoError(t, err)
	assert.Equal(t, map[string]map[int]bool{"orce/a.go": {3: true, 4: true, 5: true}}, got)
}

func TestPlaceMutant(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\n// moved down a line\nfunc F(n int) bool {\n\tfor i := 0; i < n; i++ {\n\t}\n\treturn n <= 10\n}\n"
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))

	c, line, err := placeMutant(file, Mutant{Line: 7, Column: 11, Mutator: "CONDITIONALS_BOUNDARY", Func: "F", Snippet: "return n <= 10"})
	require.NoError(t, err)
	assert.Equal(t, 7, line)
	assert.Equal(t, caseCondition{offset: strings.Index(src, "<= 10"), from: "<=", to: "<"}, c, "the longest operator at the column")

	c, line, err = placeMutant(file, Mutant{Line: 6, Column: 11, Mutator: "CONDITIONALS_NEGATION", Func: "F", Snippet: "return n <= 10"})
	require.NoError(t, err)
	assert.Equal(t, 7, line, "a line that moved is found by its text in its function")
	assert.Equal(t, ">", c.to)

	c, _, err = placeMutant(file, Mutant{Line: 4, Column: 22, Mutator: "INCREMENT_DECREMENT", Func: "F", Snippet: "for i := 0; i < n; i++ {"})
	require.NoError(t, err)
	assert.Equal(t, "++", c.from)
	assert.Equal(t, "--", c.to)

	_, _, err = placeMutant(file, Mutant{Line: 7, Column: 11, Mutator: "CONDITIONALS_BOUNDARY", Func: "G", Snippet: "return n <= 10"}.moved())
	assert.Error(t, err, "not in its function any more")
	_, _, err = placeMutant(file, Mutant{Line: 7, Column: 3, Mutator: "CONDITIONALS_BOUNDARY", Func: "F", Snippet: "return n <= 10"})
	assert.Error(t, err, "no operator at the column")
}

// moved puts m on a line that no longer holds its text.
func (m Mutant) moved() Mutant { m.Line = 1; return m }

func TestRenderNotesRetests(t *testing.T) {
	t.Parallel()
	res := Result{Unit: "orce", Date: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC), Commit: "abc1234", Killed: 10, Lived: 1,
		Retests: []Retest{{Date: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), Commit: "def5678", Tested: 3, Killed: 2}}}
	out := string(render(map[string]Result{"orce": res}, nil))
	assert.Contains(t, out, "- `orce`: its survivors re-tested on 2026-12-02 09:00 at def5678 (`scripts/mutation.sh -retest orce`): 2 of 3 now killed.")
}
