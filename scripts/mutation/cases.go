package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// gremlins v0.6.0 reports every mutant in the condition of a switch case as
// NOT COVERED and never tests it (go-gremlins/gremlins#298): Go's coverage
// profile gives case conditions no block of their own. Much of omskit's rule
// code is tagless switches, so those mutants are tested here instead: a case
// condition counts as covered when a statement of its case body is, and is
// then mutated and the package's tests run, as gremlins would have.

// replacements gives, per mutator, the token a mutant turns each operator
// into (gremlins' mutators of the same names).
var replacements = map[string]map[string]string{
	"CONDITIONALS_BOUNDARY": {"<": "<=", "<=": "<", ">": ">=", ">=": ">"},
	"CONDITIONALS_NEGATION": {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"},
	"ARITHMETIC_BASE":       {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"},
	"INVERT_NEGATIVES":      {"-": "+"},
}

// caseCondition is a not-covered mutant found inside a case condition whose
// body the tests reach.
type caseCondition struct {
	index  int // in the mutants given to retestCaseConditions
	offset int // byte offset of the operator in its file
	from   string
	to     string
}

// retestCaseConditions tests, in a copy of the module, each NOT COVERED
// mutant of unit that sits in a covered case's condition, and returns the
// mutants with their status updated (KILLED, LIVED or TIMED OUT). Mutants it
// cannot place stay NOT COVERED.
func retestCaseConditions(unit string, coefficient int, mutants []Mutant) ([]Mutant, error) {
	tmp, err := os.MkdirTemp("", "omskit-mutation-cases-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := copyModule(".", tmp); err != nil {
		return nil, err
	}
	profile := filepath.Join(tmp, "cover.out")
	start := time.Now()
	if out, err := goTest(context.Background(), tmp, unit, "-coverprofile="+profile); err != nil {
		return nil, fmt.Errorf("coverage run of %s: %w\n%s", unit, err, out)
	}
	timeout := time.Duration(coefficient) * time.Since(start)
	covered, err := coveredLines(profile)
	if err != nil {
		return nil, err
	}
	var todo []caseCondition
	for i, m := range mutants {
		if m.Status != NotCovered {
			continue
		}
		c, ok, err := placeCaseCondition(filepath.Join(tmp, m.File), m, covered[m.File])
		if err != nil {
			return nil, err
		}
		if ok {
			c.index = i
			todo = append(todo, c)
		}
	}
	out := slicesClone(mutants)
	for n, c := range todo {
		m := &out[c.index]
		status, err := testMutant(tmp, unit, m.File, c, timeout)
		if err != nil {
			return nil, err
		}
		m.Status = status
		fmt.Fprintf(os.Stderr, "%12s %s at %s:%d:%d (case condition %d/%d)\n", status, m.Mutator, m.File, m.Line, m.Column, n+1, len(todo))
	}
	return out, nil
}

func slicesClone(ms []Mutant) []Mutant { return append([]Mutant(nil), ms...) }

// placeCaseCondition finds m's operator in a case condition of file whose
// case body has a covered line.
func placeCaseCondition(file string, m Mutant, covered map[int]bool) (caseCondition, bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return caseCondition{}, false, err
	}
	var found caseCondition
	var ok bool
	ast.Inspect(f, func(n ast.Node) bool {
		cc, isCase := n.(*ast.CaseClause)
		if !isCase || ok {
			return !ok
		}
		bodyCovered := false
		for _, s := range cc.Body {
			for l := fset.Position(s.Pos()).Line; l <= fset.Position(s.End()).Line; l++ {
				bodyCovered = bodyCovered || covered[l]
			}
		}
		if !bodyCovered {
			return true
		}
		for _, e := range cc.List {
			ast.Inspect(e, func(x ast.Node) bool {
				var pos token.Pos
				var op token.Token
				switch x := x.(type) {
				case *ast.BinaryExpr:
					pos, op = x.OpPos, x.Op
				case *ast.UnaryExpr:
					pos, op = x.OpPos, x.Op
				default:
					return true
				}
				p := fset.Position(pos)
				if p.Line != m.Line || p.Column != m.Column {
					return true
				}
				if to, has := replacements[m.Mutator][op.String()]; has {
					found, ok = caseCondition{offset: p.Offset, from: op.String(), to: to}, true
				}
				return false
			})
		}
		return true
	})
	return found, ok, nil
}

// testMutant applies c to file in the module copy at root, runs unit's
// tests and restores the file.
func testMutant(root, unit, file string, c caseCondition, timeout time.Duration) (string, error) {
	path := filepath.Join(root, file)
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if string(orig[c.offset:c.offset+len(c.from)]) != c.from {
		return "", fmt.Errorf("%s: no %q at offset %d", file, c.from, c.offset)
	}
	mutated := append(append(append([]byte(nil), orig[:c.offset]...), c.to...), orig[c.offset+len(c.from):]...)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", err
	}
	defer func() { _ = os.WriteFile(path, orig, 0o644) }()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, err = goTest(ctx, root, unit)
	switch {
	case ctx.Err() != nil:
		return TimedOut, nil
	case err == nil:
		return Lived, nil
	default:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return Killed, nil
		}
		return "", err
	}
}

func goTest(ctx context.Context, root, unit string, extra ...string) ([]byte, error) {
	args := append([]string{"test", "-count=1"}, extra...)
	cmd := exec.CommandContext(ctx, "go", append(args, "./"+unit)...)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

// coveredLines reads a coverage profile into the lines, per file from the
// module root, that a block with a non-zero count spans.
func coveredLines(profile string) (map[string]map[int]bool, error) {
	f, err := os.Open(profile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]map[int]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// github.com/omskit/omskit/orce/resolve.go:58.17,60.3 2 1
		line := sc.Text()
		name, rest, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "mode:") {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 3 || fields[2] == "0" {
			continue
		}
		from, to, _ := strings.Cut(fields[0], ",")
		l1, _ := strconv.Atoi(strings.SplitN(from, ".", 2)[0])
		l2, _ := strconv.Atoi(strings.SplitN(to, ".", 2)[0])
		file := strings.TrimPrefix(name, modulePath+"/")
		if out[file] == nil {
			out[file] = map[int]bool{}
		}
		for l := l1; l <= l2; l++ {
			out[file][l] = true
		}
	}
	return out, sc.Err()
}

const modulePath = "github.com/omskit/omskit"

// copyModule copies the module's files (not .git) from src to dst.
func copyModule(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}
