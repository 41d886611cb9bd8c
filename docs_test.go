package omskit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExportedNamesHaveDocComments keeps the promise of the README: every
// exported name of every non-main package has a doc comment, and every
// package has a doc.go with its package comment.
func TestExportedNamesHaveDocComments(t *testing.T) {
	fset := token.NewFileSet()
	dirs := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		dirs[filepath.Dir(path)] = true
		if strings.HasPrefix(filepath.Base(path), "mock_") {
			return nil // generated
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && exportedReceiver(d) {
					t.Errorf("%s: func %s has no doc comment", fset.Position(d.Pos()), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
							t.Errorf("%s: type %s has no doc comment", fset.Position(s.Pos()), s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							// A documented const/var block documents its members.
							if n.IsExported() && d.Doc == nil && s.Doc == nil && s.Comment == nil {
								t.Errorf("%s: %s has no doc comment", fset.Position(n.Pos()), n.Name)
							}
						}
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	for dir := range dirs {
		f, err := parser.ParseFile(fset, filepath.Join(dir, "doc.go"), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Errorf("%s: no doc.go: %v", dir, err)
			continue
		}
		if f.Doc == nil {
			t.Errorf("%s/doc.go has no package comment", dir)
		}
	}
}

// exportedReceiver reports whether a method's receiver type is exported (a
// method of an unexported type is not part of the API).
func exportedReceiver(d *ast.FuncDecl) bool {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return true
	}
	typ := d.Recv.List[0].Type
	for {
		switch x := typ.(type) {
		case *ast.StarExpr:
			typ = x.X
		case *ast.IndexExpr:
			typ = x.X
		case *ast.IndexListExpr:
			typ = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return true
		}
	}
}

// TestExamplesHaveCheckedOutput: every Example function ends with an
// "// Output:" comment, so `go test` runs it and checks what it prints.
func TestExamplesHaveCheckedOutput(t *testing.T) {
	fset := token.NewFileSet()
	found := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			found++
			checked := false
			for _, cg := range f.Comments {
				if cg.Pos() > fn.Body.Lbrace && cg.End() <= fn.Body.Rbrace {
					text := cg.Text()
					if strings.HasPrefix(text, "Output:") || strings.HasPrefix(text, "Unordered output:") {
						checked = true
					}
				}
			}
			if !checked {
				t.Errorf("%s: %s has no // Output: comment, so it is compiled but never run", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Positive(t, found)
}

// TestReadmeSaysTheGoMinimum (issue 17 item 18): the README names the Go
// release go.mod's go line requires, not a shorter one.
func TestReadmeSaysTheGoMinimum(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	require.NotNil(t, m, "go.mod has a go line")
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "You need Go "+string(m[1])+" or later")
}

// TestCIListsSkippedTests (issue 17 item 19): .ci/run runs the README's test
// command through scripts/testlog, which ends the output with the list of
// every skipped test, and the README says so.
func TestCIListsSkippedTests(t *testing.T) {
	ci, err := os.ReadFile(".ci/run")
	require.NoError(t, err)
	const cmd = "go test ./... -race -count=1 -timeout=30m -json | go run ./scripts/testlog"
	require.Contains(t, string(ci), "\n"+cmd+"\n")
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "`go test ./... -race -count=1 -timeout=30m -json`")
	require.Contains(t, string(readme), "list of every skipped test")
}
