// Command mutation runs mutation testing over omskit's rule packages with
// gremlins and writes MUTATION.md. scripts/mutation.sh is the entry point:
//
//	bash scripts/mutation.sh                  # every rule package, one at a time
//	bash scripts/mutation.sh scv order        # only these (the others keep their last result)
//	bash scripts/mutation.sh -report          # rewrite MUTATION.md from the stored results
//	bash scripts/mutation.sh -retest orce     # test only orce's stored survivors again
//
// A mutant is a small change to the code (a < made <=, a + made -, a
// condition negated). gremlins applies one at a time and runs the package's
// tests: a test failure kills the mutant, a pass lets it live. A lived mutant
// is a change to the rules that no test notices; each one is either killed by
// a new assertion or given a disposition in scripts/mutation-dispositions.txt.
//
// Each package's result is kept in scripts/mutation/results/<package>.json
// (counts, wall time, date, CPU count, and every mutant that was not killed,
// with its function and source line), so a run of one package leaves the
// others' figures in MUTATION.md as they were.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// mutationSimSeeds is the number of seeds each seeded simulation runs per
// mutant unless OMSKIT_SIM_SEEDS says otherwise.
const mutationSimSeeds = 30

const (
	gremlins         = "github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0"
	resultsDir       = "scripts/mutation/results"
	dispositionsPath = "scripts/mutation-dispositions.txt"
	outputPath       = "MUTATION.md"
)

// Units are the rule packages, each run on its own: a unit's mutants are in
// its own directory only (its sub-packages are units of their own, or
// adapters and simulators that are not rule code).
var Units = []string{"scv", "customer", "customer/sync", "order", "orce", "orce/engage", "broker", "xmlmsg"}

// Statuses as gremlins reports them.
const (
	Killed     = "KILLED"
	Lived      = "LIVED"
	TimedOut   = "TIMED OUT"
	NotCovered = "NOT COVERED"
	NotViable  = "NOT VIABLE"
)

func main() {
	reportOnly := flag.Bool("report", false, "only rewrite "+outputPath+" from the stored results")
	retest := flag.Bool("retest", false, "test only the stored survivors of the packages named again, and update their results")
	workers := flag.Int("workers", envInt("MUTATION_WORKERS", 1), "mutants tested at once (MUTATION_WORKERS)")
	coefficient := flag.Int("timeout-coefficient", envInt("MUTATION_TIMEOUT_COEFFICIENT", 10),
		"a mutant times out after this many times the package's coverage run (MUTATION_TIMEOUT_COEFFICIENT)")
	flag.Parse()
	// A mutant runs its package's tests, seeded simulations included; 30
	// seeds walk every kind of event and fault of each simulation while
	// keeping a mutant's run short. Set OMSKIT_SIM_SEEDS to run more.
	if os.Getenv("OMSKIT_SIM_SEEDS") == "" {
		_ = os.Setenv("OMSKIT_SIM_SEEDS", strconv.Itoa(mutationSimSeeds))
	}
	units := flag.Args()
	if *retest && len(units) == 0 {
		fail(errors.New("-retest needs the packages whose survivors to test again"))
	}
	if len(units) == 0 && !*reportOnly {
		units = Units
	}
	for _, u := range units {
		if !slices.Contains(Units, u) {
			fail(fmt.Errorf("unknown package %q; the rule packages are %s", u, strings.Join(Units, ", ")))
		}
	}
	for _, u := range units {
		if *retest {
			fmt.Fprintf(os.Stderr, "== re-testing the survivors of %s (timeout coefficient %d)\n", u, *coefficient)
			res, err := retestUnit(u, *coefficient)
			if err != nil {
				fail(err)
			}
			if err := saveResult(res); err != nil {
				fail(err)
			}
			rt := res.Retests[len(res.Retests)-1]
			fmt.Fprintf(os.Stderr, "   %s: %d of %d survivors now killed\n", u, rt.Killed, rt.Tested)
			continue
		}
		fmt.Fprintf(os.Stderr, "== mutation testing %s (workers %d, timeout coefficient %d)\n", u, *workers, *coefficient)
		res, err := runUnit(u, *workers, *coefficient)
		if err != nil {
			fail(err)
		}
		if err := saveResult(res); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "   %s: killed %d, lived %d, timed out %d, not covered %d in %s\n",
			u, res.Killed, res.Lived, res.TimedOut, res.NotCovered, time.Duration(res.WallSeconds*float64(time.Second)).Round(time.Second))
	}
	if err := writeReport(); err != nil {
		fail(err)
	}
	fmt.Fprintln(os.Stderr, "wrote", outputPath)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutation:", err)
	os.Exit(1)
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// Result is one package's run, as stored in the results directory.
type Result struct {
	Unit               string    `json:"unit"`
	Date               time.Time `json:"date"`
	Commit             string    `json:"commit"`
	CPUs               int       `json:"cpus"`
	Workers            int       `json:"workers"`
	TimeoutCoefficient int       `json:"timeout_coefficient"`
	WallSeconds        float64   `json:"wall_seconds"`
	Killed             int       `json:"killed"`
	Lived              int       `json:"lived"`
	TimedOut           int       `json:"timed_out"`
	NotCovered         int       `json:"not_covered"`
	NotViable          int       `json:"not_viable"`
	// CaseConditions counts the mutants in switch case conditions that
	// gremlins left NOT COVERED and this program tested (see cases.go).
	CaseConditions int `json:"case_conditions"`
	// Mutants lists every mutant that was not killed.
	Mutants []Mutant `json:"mutants"`
	// Retests are the re-tests of the survivors since the run (-retest).
	Retests []Retest `json:"retests,omitempty"`
}

// Runnable is the number of mutants whose code the tests reach.
func (r Result) Runnable() int { return r.Killed + r.Lived + r.TimedOut + r.NotViable }

// Efficacy is gremlins' test efficacy: killed over killed and lived.
func (r Result) Efficacy() float64 { return percent(r.Killed, r.Killed+r.Lived) }

// Coverage is gremlins' mutant coverage: tested mutants over tested and not
// covered.
func (r Result) Coverage() float64 {
	return percent(r.Killed+r.Lived, r.Killed+r.Lived+r.NotCovered)
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// Mutant is one mutant that was not killed.
type Mutant struct {
	File    string `json:"file"` // from the repository root
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Mutator string `json:"mutator"`
	Status  string `json:"status"`
	Func    string `json:"func"`    // enclosing top-level declaration
	Snippet string `json:"snippet"` // the source line, trimmed
}

// gremlinsOutput is the part of gremlins' JSON report we read.
type gremlinsOutput struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// runUnit runs gremlins on one package directory, its sub-packages' files
// excluded, and annotates every mutant that was not killed.
func runUnit(unit string, workers, coefficient int) (Result, error) {
	tmp, err := os.MkdirTemp("", "omskit-mutation-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "gremlins.json")
	args := []string{"run", gremlins, "unleash",
		"--workers", strconv.Itoa(workers),
		"--timeout-coefficient", strconv.Itoa(coefficient),
		"--output", out}
	subs, err := subPackages(unit)
	if err != nil {
		return Result{}, err
	}
	for _, s := range subs {
		args = append(args, "--exclude-files", "^"+regexpQuote(s)+"/")
	}
	args = append(args, "./"+unit)
	cmd := exec.Command("go", args...)
	// A cached test run makes the coverage run look instant, and gremlins
	// derives every mutant's timeout from it: every mutant would time out.
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -count=1"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("gremlins on %s: %w", unit, err)
	}
	wall := time.Since(start)
	raw, err := os.ReadFile(out)
	if err != nil {
		return Result{}, fmt.Errorf("gremlins on %s wrote no report: %w", unit, err)
	}
	var g gremlinsOutput
	if err := json.Unmarshal(raw, &g); err != nil {
		return Result{}, fmt.Errorf("gremlins report for %s: %w", unit, err)
	}
	res := Result{Unit: unit, Date: time.Now().UTC(), Commit: commit(), CPUs: runtime.NumCPU(),
		Workers: workers, TimeoutCoefficient: coefficient, WallSeconds: wall.Seconds()}
	for _, f := range g.Files {
		file := filepath.ToSlash(filepath.Join(unit, f.Name))
		for _, m := range f.Mutations {
			switch m.Status {
			case Killed:
				res.Killed++
				continue
			case Lived:
				res.Lived++
			case TimedOut:
				res.TimedOut++
			case NotCovered:
				res.NotCovered++
			case NotViable:
				res.NotViable++
			}
			fn, snippet, err := locate(file, m.Line)
			if err != nil {
				return Result{}, err
			}
			res.Mutants = append(res.Mutants, Mutant{File: file, Line: m.Line, Column: m.Column,
				Mutator: m.Type, Status: m.Status, Func: fn, Snippet: snippet})
		}
	}
	if res.NotCovered > 0 {
		retested, err := retestCaseConditions(unit, coefficient, res.Mutants)
		if err != nil {
			return Result{}, err
		}
		res.recount(res.Mutants, retested)
		res.WallSeconds = time.Since(start).Seconds()
	}
	sortMutants(res.Mutants)
	return res, nil
}

// recount takes the statuses of the case-condition mutants tested after
// gremlins: a mutant that left NOT COVERED moves to its new count, and a
// killed one leaves the list.
func (r *Result) recount(before, after []Mutant) {
	r.Mutants = nil
	for i, m := range after {
		if m.Status != before[i].Status {
			r.NotCovered--
			switch m.Status {
			case Killed:
				r.Killed++
			case Lived:
				r.Lived++
			case TimedOut:
				r.TimedOut++
			}
			r.CaseConditions++
		}
		if m.Status != Killed {
			r.Mutants = append(r.Mutants, m)
		}
	}
}

// subPackages lists the directories under unit that hold Go files.
func subPackages(unit string) ([]string, error) {
	var subs []string
	err := filepath.WalkDir(unit, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() || path == unit {
			return nil
		}
		if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) > 0 {
			rel, _ := filepath.Rel(unit, path)
			subs = append(subs, filepath.ToSlash(rel))
			return filepath.SkipDir
		}
		return nil
	})
	return subs, err
}

func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		c += " (with local changes)"
	}
	return c
}

// locate returns the top-level declaration enclosing line of file and the
// line's trimmed text.
func locate(file string, line int) (fn, snippet string, err error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return "", "", fmt.Errorf("%s has no line %d", file, line)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return "", "", err
	}
	fn = "package"
	for _, d := range f.Decls {
		if fset.Position(d.Pos()).Line <= line && line <= fset.Position(d.End()).Line {
			fn = declName(d)
		}
	}
	return fn, strings.TrimSpace(lines[line-1]), nil
}

func declName(decl ast.Decl) string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			t := d.Recv.List[0].Type
			for {
				switch x := t.(type) {
				case *ast.StarExpr:
					t = x.X
					continue
				case *ast.IndexExpr:
					t = x.X
					continue
				case *ast.IndexListExpr:
					t = x.X
					continue
				case *ast.Ident:
					return x.Name + "." + d.Name.Name
				}
				return d.Name.Name
			}
		}
		return d.Name.Name
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				return s.Names[0].Name
			case *ast.TypeSpec:
				return s.Name.Name
			}
		}
	}
	return "package"
}

func sortMutants(ms []Mutant) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Mutator < b.Mutator
	})
}

func resultPath(unit string) string {
	return filepath.Join(resultsDir, strings.ReplaceAll(unit, "/", "_")+".json")
}

func saveResult(r Result) error {
	if err := os.MkdirAll(resultsDir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(resultPath(r.Unit), append(b, '\n'), 0o644)
}

// loadResults reads the stored result of every unit that has one.
func loadResults() (map[string]Result, error) {
	out := map[string]Result{}
	for _, u := range Units {
		b, err := os.ReadFile(resultPath(u))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var r Result
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", resultPath(u), err)
		}
		out[u] = r
	}
	return out, nil
}

// Disposition says why a mutant that lives is acceptable, or that it is
// still open. It matches mutants by file, function, mutator and source line,
// not by line number, so it survives edits elsewhere in the file.
type Disposition struct {
	File, Func, Mutator, Snippet string
	Kind, Reason                 string
	line                         int
}

// Kinds of disposition.
const (
	// KindEquivalent: the mutation cannot change behaviour.
	KindEquivalent = "equivalent"
	// KindNotRule: the code is not a rule (a message text, a debug
	// string); the mutant may live.
	KindNotRule = "not-rule"
	// KindOpen: a known gap, to be killed; the reason says what is missing.
	KindOpen = "open"
)

func (d Disposition) matches(m Mutant) bool {
	return d.File == m.File && d.Func == m.Func && d.Mutator == m.Mutator && d.Snippet == m.Snippet
}

// loadDispositions reads the dispositions file: tab-separated
// file, function, mutator, source line, "kind: reason"; '#' starts a comment.
func loadDispositions(path string) ([]Disposition, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ds []Disposition
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 5 {
			return nil, fmt.Errorf("%s:%d: want 5 tab-separated columns (file, function, mutator, source line, kind: reason), got %d", path, n, len(cols))
		}
		kind, reason, ok := strings.Cut(cols[4], ":")
		kind, reason = strings.TrimSpace(kind), strings.TrimSpace(reason)
		if !ok || reason == "" || !slices.Contains([]string{KindEquivalent, KindNotRule, KindOpen}, kind) {
			return nil, fmt.Errorf("%s:%d: the disposition must read \"equivalent: why\", \"not-rule: why\" or \"open: what is missing\"", path, n)
		}
		ds = append(ds, Disposition{File: cols[0], Func: cols[1], Mutator: cols[2], Snippet: cols[3], Kind: kind, Reason: reason, line: n})
	}
	return ds, sc.Err()
}

func writeReport() error {
	results, err := loadResults()
	if err != nil {
		return err
	}
	ds, err := loadDispositions(dispositionsPath)
	if err != nil {
		return err
	}
	return os.WriteFile(outputPath, render(results, ds), 0o644)
}

// render writes MUTATION.md from the stored results and the dispositions.
func render(results map[string]Result, ds []Disposition) []byte {
	var b bytes.Buffer
	b.WriteString("# Mutation testing\n\n")
	b.WriteString("<!-- Generated by scripts/mutation.sh; do not edit. Dispositions live in " + dispositionsPath + ". -->\n\n")
	b.WriteString("A mutant is one small change to the rule code (`<` made `<=`, `+` made `-`, a condition negated, …). For each\n")
	b.WriteString("mutant, [gremlins](https://github.com/go-gremlins/gremlins) v0.6.0 runs the package's tests: a failing test\n")
	b.WriteString("*kills* it; if every test passes the mutant *lived*, meaning the tests would not notice that rule being broken.\n\n")
	b.WriteString("- **Efficacy** = killed / (killed + lived): how much of the covered rule code the tests really check.\n")
	b.WriteString("- **Mutant coverage** = (killed + lived) / (killed + lived + not covered): how much of the code the tests reach.\n")
	b.WriteString("- **Timed out**: the mutated tests ran longer than the timeout coefficient times the package's coverage run\n")
	b.WriteString("  (typically a loop bound mutated into an endless loop); neither killed nor lived.\n")
	b.WriteString("- **Not viable**: the mutant does not compile.\n")
	b.WriteString("- **Case conditions**: gremlins v0.6.0 reports every mutant in a `switch` case condition as not covered and never\n")
	b.WriteString("  tests it (go-gremlins/gremlins#298: Go's coverage profile gives case conditions no block). `scripts/mutation`\n")
	b.WriteString("  tests those itself when a statement of the case body is covered, the same way, and counts them with the rest.\n")
	b.WriteString("- Seeded simulations (`TestSimulation…`) run 30 seeds per mutant (`OMSKIT_SIM_SEEDS` overrides), not CI's hundreds.\n\n")
	b.WriteString("Every survivor (lived mutant) is listed with its disposition from `" + dispositionsPath + "`:\n")
	b.WriteString("`equivalent` (the change cannot alter behaviour), `not-rule` (not rule code), or `open` (a gap still to close).\n")
	b.WriteString("**NO DISPOSITION** marks a survivor nobody has looked at yet.\n\n")
	b.WriteString("Each package runs on its own (`bash scripts/mutation.sh <package>`); its sub-packages are separate rows or, for\n")
	b.WriteString("transports and simulators (`…http`, `…test`), not rule code. The row says when and where it last ran.\n\n")

	b.WriteString("| Package | Run (UTC) | Commit | CPUs | Runnable | Killed | Lived | Timed out | Not covered | Not viable | Efficacy | Mutant coverage | Wall time |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, u := range Units {
		r, ok := results[u]
		if !ok {
			fmt.Fprintf(&b, "| `%s` | not run yet | | | | | | | | | | | |\n", u)
			continue
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %d | %d | %d | %d | %d | %d | %.1f%% | %.1f%% | %s |\n",
			u, r.Date.Format("2006-01-02 15:04"), r.Commit, r.CPUs, r.Runnable(), r.Killed, r.Lived, r.TimedOut,
			r.NotCovered, r.NotViable, r.Efficacy(), r.Coverage(), time.Duration(r.WallSeconds*float64(time.Second)).Round(time.Second))
	}
	b.WriteString("\n")
	var notes []string
	for _, u := range Units {
		for _, rt := range results[u].Retests {
			notes = append(notes, fmt.Sprintf("- `%s`: its survivors re-tested on %s at %s (`scripts/mutation.sh -retest %s`): %d of %d now killed.",
				u, rt.Date.Format("2006-01-02 15:04"), rt.Commit, u, rt.Killed, rt.Tested))
		}
	}
	if len(notes) > 0 {
		b.WriteString("The figures above include these re-tests of a run's survivors after new assertions (every survivor of the\n")
		b.WriteString("run applied again the same way and the package's tests run; a killed one moves to Killed):\n\n")
		b.WriteString(strings.Join(notes, "\n") + "\n\n")
	}

	used := make([]bool, len(ds))
	disposition := func(m Mutant) string {
		for i, d := range ds {
			if d.matches(m) {
				used[i] = true
				return d.Kind + ": " + d.Reason
			}
		}
		return "**NO DISPOSITION**"
	}
	b.WriteString("## Survivors\n\n")
	for _, u := range Units {
		r, ok := results[u]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "### %s\n\n", u)
		lived := filter(r.Mutants, Lived)
		if len(lived) == 0 {
			b.WriteString("None.\n\n")
			continue
		}
		b.WriteString("| Mutant | Function | Code | Disposition |\n|---|---|---|---|\n")
		for _, m := range lived {
			fmt.Fprintf(&b, "| %s:%d:%d %s | %s | `%s` | %s |\n", m.File, m.Line, m.Column, m.Mutator, m.Func, cell(m.Snippet), disposition(m))
		}
		b.WriteString("\n")
	}

	b.WriteString("## Not covered, timed out and not viable\n\nMutants in code no test of the package reaches, and mutants that timed out or did not compile.\n\n")
	for _, u := range Units {
		r, ok := results[u]
		if !ok {
			continue
		}
		var rest []Mutant
		for _, m := range r.Mutants {
			if m.Status != Lived {
				rest = append(rest, m)
			}
		}
		if len(rest) == 0 {
			continue
		}
		fmt.Fprintf(&b, "<details><summary>%s: %d</summary>\n\n| Mutant | Status | Function | Code | Disposition |\n|---|---|---|---|---|\n", u, len(rest))
		for _, m := range rest {
			d := disposition(m)
			if d == "**NO DISPOSITION**" {
				d = ""
			}
			fmt.Fprintf(&b, "| %s:%d:%d %s | %s | %s | `%s` | %s |\n", m.File, m.Line, m.Column, m.Mutator, m.Status, m.Func, cell(m.Snippet), d)
		}
		b.WriteString("\n</details>\n\n")
	}

	var stale []string
	for i, d := range ds {
		if !used[i] {
			if _, ran := results[unitOf(d.File)]; ran {
				stale = append(stale, fmt.Sprintf("- %s:%d: %s %s `%s`", dispositionsPath, d.line, d.File, d.Mutator, cell(d.Snippet)))
			}
		}
	}
	if len(stale) > 0 {
		b.WriteString("## Stale dispositions\n\nThese match no current mutant (the code changed or the mutant is now killed); delete them.\n\n")
		b.WriteString(strings.Join(stale, "\n") + "\n")
	}
	return b.Bytes()
}

func filter(ms []Mutant, status string) []Mutant {
	var out []Mutant
	for _, m := range ms {
		if m.Status == status {
			out = append(out, m)
		}
	}
	return out
}

// unitOf is the unit a repository file belongs to: the longest unit
// directory that contains it.
func unitOf(file string) string {
	best := ""
	for _, u := range Units {
		if filepath.Dir(file) == u && len(u) > len(best) {
			best = u
		}
	}
	return best
}

func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "`", "'").Replace(s)
}
