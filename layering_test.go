package omskit_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/omskit/omskit"

// domainRank orders the domain packages: each may import only those of lower
// rank (and its own subpackages' siblings of the same root).
var domainRank = map[string]int{"scv": 0, "customer": 1, "order": 2, "orce": 3, "broker": 4}

// forbidden lists imports no domain package may use (adapters and drivers).
var forbidden = []string{
	module + "/storage", module + "/xmlmsg", module + "/examples",
	"net/http", "database/sql",
	"github.com/jackc/pgx", "modernc.org/sqlite", "github.com/ncruces/go-sqlite3",
	"github.com/rabbitmq/amqp091-go",
	"go.opentelemetry.io", "html/template",
}

// adapterSuffixes mark subpackages of a domain package that exist to talk to
// the outside (an HTTP or AMQP transport, the wire-message processing the
// transports share, a simulator, the operator console, the OpenTelemetry
// observers): they may use net/http, xmlmsg and OpenTelemetry.
var adapterSuffixes = []string{"http", "test", "amqp", "api", "web", "otel"}

func isAdapter(dir string) bool {
	base := filepath.Base(dir)
	for _, s := range adapterSuffixes {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	return false
}

// TestDomainImportRules enforces the layering in the root package doc: domain
// packages import no storage, xmlmsg, net/http or database code, and only
// domain packages below them.
func TestDomainImportRules(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for root, rank := range domainRank {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			dir := filepath.Dir(path)
			if isAdapter(dir) {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range forbidden {
					if p == bad || strings.HasPrefix(p, bad+"/") {
						t.Errorf("%s imports %s: domain packages must not", path, p)
					}
				}
				if rest, ok := strings.CutPrefix(p, module+"/"); ok {
					top := strings.SplitN(rest, "/", 2)[0]
					if r, isDomain := domainRank[top]; isDomain && r > rank {
						t.Errorf("%s imports %s: %s sits above %s", path, p, top, root)
					}
				}
			}
			return nil
		})
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
	}
	require.Positive(t, checked, "no domain source files found")
}

// TestRedactIsALeaf: redact, the one masking mechanism every package uses
// (the domain packages included), imports the standard library only.
func TestRedactIsALeaf(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("redact", "*.go"))
	require.NoError(t, err)
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		require.NoError(t, err)
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				t.Errorf("%s imports %s: redact may import the standard library only", path, p)
			}
		}
	}
	require.Positive(t, checked)
}

// TestObserversAreAdapters: the domain packages observe through interfaces
// of their own (the test above keeps OpenTelemetry out of them); the
// adapters that implement those interfaces are where OpenTelemetry is.
func TestObserversAreAdapters(t *testing.T) {
	fset := token.NewFileSet()
	for _, dir := range []string{"broker/brokerotel", "order/orderotel"} {
		require.True(t, isAdapter(dir), dir)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		otel := false
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				otel = otel || strings.HasPrefix(p, "go.opentelemetry.io/otel")
				assert.False(t, strings.HasPrefix(p, "go.opentelemetry.io/otel/sdk") || strings.HasPrefix(p, "go.opentelemetry.io/otel/exporters"),
					"%s imports %s: adapters use the API; the host chooses SDK and exporters", dir, p)
			}
		}
		assert.True(t, otel, "%s implements its observer with OpenTelemetry", dir)
	}
}
