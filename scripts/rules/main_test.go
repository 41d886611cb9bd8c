package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/skipnote"
)

const repoRoot = "../.."

// TestRulesMarkdownIsFresh is the CI check: the data file covers every ID the
// code cites, every uncited ID has its reason, every code mapping names a
// declaration, and RULES.md is what the generator writes today.
func TestRulesMarkdownIsFresh(t *testing.T) {
	t.Parallel()
	require.NoError(t, run(repoRoot, true), "RULES.md must be regenerated (go run ./scripts/rules) and the data file kept complete")
}

// TestDataFileListsEveryCatalogID compares the data file with the requirement
// catalogs when they are at hand (../shared/spec beside the repository): the
// data file must carry every catalog ID and no other.
func TestDataFileListsEveryCatalogID(t *testing.T) {
	t.Parallel()
	spec := filepath.Join(repoRoot, "..", "shared", "spec")
	files, _ := filepath.Glob(filepath.Join(spec, "*.md"))
	if len(files) == 0 {
		skipnote.Skip(t, "shared", "the requirement catalogs (../shared/spec) are not beside the repository: the catalog comparison skipped")
	}
	defined := regexp.MustCompile(`(?m)^(?:- |\| )?\*\*((?:CUS|ORD|ORC|ENG|NRC|BRK)-[0-9]{3})\b`)
	want := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range defined.FindAllStringSubmatch(string(b), -1) {
			want[m[1]] = true
		}
	}
	d, err := loadData(filepath.Join(repoRoot, dataPath))
	require.NoError(t, err)
	have := map[string]bool{}
	for _, r := range d.Rules {
		have[r.ID] = true
	}
	assert.Equal(t, sortedKeys(want), sortedKeys(have))
}

// fixture writes a small repository: a data file and Go files.
func fixture(t *testing.T, data string, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{dataPath: data}
	for k, v := range files {
		all[k] = v
	}
	for name, body := range all {
		path := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	}
	return root
}

const fixtureHead = "# test data\nseed\t001\tThe order API\ngroup\tCUS\tCustomers\ngroup\tORD\tOrders\n"

const fixtureCode = `// Package p is a fixture. It names ORD-002 in its doc.
package p

// Kinds (ORD-003 on the group doc).
const (
	KindA = 1 // ORD-004
	// KindB documents ORD-005.
	KindB = 2
)

// Choose picks (CUS-001).
func Choose() int { return KindA }

// A note between two declarations mentions CUS-002.

func other() {}
`

const fixtureTest = `package p

import "testing"

func TestChoose_CUS001_First(t *testing.T) {
	if Choose() != KindA { // CUS-002
		t.Fatal()
	}
}

var table = []string{"ORD-002 case"}
`

func TestScanAttributesIDsToDeclarations(t *testing.T) {
	t.Parallel()
	root := fixture(t, fixtureHead, map[string]string{"p/p.go": fixtureCode, "p/p_test.go": fixtureTest})
	c, err := scan(root)
	require.NoError(t, err)
	assert.Equal(t, []site{{"p/p_test.go", "TestChoose_CUS001_First"}}, c.Tests["CUS-001"], "the ID written without its dash in a test name")
	assert.Equal(t, []site{{"p/p_test.go", "TestChoose_CUS001_First"}}, c.Tests["CUS-002"])
	assert.Equal(t, []site{{"p/p_test.go", "table"}}, c.Tests["ORD-002"])
	assert.Equal(t, []site{{"p/p.go", "Choose"}}, c.Code["CUS-001"], "a doc comment belongs to its function")
	assert.Equal(t, []site{{"p/p.go", "package"}}, c.Code["CUS-002"], "a floating note belongs to the file")
	assert.Equal(t, []site{{"p/p.go", "package"}}, c.Code["ORD-002"], "the package doc")
	assert.Equal(t, []site{{"p/p.go", "KindA"}}, c.Code["ORD-003"], "a group's doc goes to its first spec")
	assert.Equal(t, []site{{"p/p.go", "KindA"}}, c.Code["ORD-004"], "a trailing line comment stays on its spec")
	assert.Equal(t, []site{{"p/p.go", "KindB"}}, c.Code["ORD-005"])
}

func rows(lines ...string) string { return fixtureHead + strings.Join(lines, "\n") + "\n" }

func TestValidateFindsEveryGap(t *testing.T) {
	t.Parallel()
	files := map[string]string{"p/p.go": fixtureCode, "p/p_test.go": fixtureTest}
	complete := rows(
		"CUS-001\t001:1\tFirst.\t\t",
		"CUS-002\t001:2\tSecond.\t\t",
		"ORD-002\t001:3\tThird.\t\t",
		"ORD-003\t001:4\tFourth.\tp:Choose\tNot a library concern: a screen.",
		"ORD-004\t001:5\tFifth.\t\tNot implementable: advice.",
		"ORD-005\t001:6\tSixth.\t\tNot implementable: advice.",
	)
	check := func(data string) []string {
		root := fixture(t, data, files)
		d, err := loadData(filepath.Join(root, dataPath))
		require.NoError(t, err)
		c, err := scan(root)
		require.NoError(t, err)
		var msgs []string
		for _, p := range validate(root, d, c) {
			msgs = append(msgs, p.Error())
		}
		sort.Strings(msgs)
		return msgs
	}
	assert.Empty(t, check(complete))

	missing := strings.Replace(complete, "CUS-002\t001:2\tSecond.\t\t\n", "", 1)
	assert.Equal(t, []string{"p/p.go (package) cites CUS-002, which scripts/rules/rules.tsv does not list: add its statement there",
		"p/p_test.go (TestChoose_CUS001_First) cites CUS-002, which scripts/rules/rules.tsv does not list: add its statement there"},
		check(missing))

	noReason := strings.Replace(complete, "Fifth.\t\tNot implementable: advice.", "Fifth.\t\t", 1)
	assert.Equal(t, []string{"scripts/rules/rules.tsv:9: ORD-004: no test cites it and the data file gives no reason"}, check(noReason))

	staleReason := strings.Replace(complete, "Third.\t\t", "Third.\t\tNot implementable.", 1)
	assert.Equal(t, []string{"scripts/rules/rules.tsv:7: ORD-002: tests now cite it; remove the uncited reason"}, check(staleReason))

	badMapping := strings.Replace(complete, "p:Choose", "p:Gone", 1)
	assert.Equal(t, []string{`scripts/rules/rules.tsv:8: ORD-003: code mapping "p:Gone" names no top-level declaration of that package (want package/dir:Name)`}, check(badMapping))

	badSeed := strings.Replace(complete, "001:4", "009:4", 1)
	assert.Equal(t, []string{`scripts/rules/rules.tsv:8: ORD-003: seed reference "009:4" names no seed row`}, check(badSeed))
}

func TestLoadDataRejectsMalformedRows(t *testing.T) {
	t.Parallel()
	for name, row := range map[string]string{
		"columns":   "CUS-001\t001:1\tFirst.",
		"id":        "CUS-1\t001:1\tFirst.\t\t",
		"statement": "CUS-001\t001:1\t\t\t",
		"pipe":      "CUS-001\t001:1\tA | B\t\t",
	} {
		root := fixture(t, rows(row), nil)
		_, err := loadData(filepath.Join(root, dataPath))
		assert.Error(t, err, name)
	}
	root := fixture(t, rows("CUS-001\t001:1\tFirst.\t\t", "CUS-001\t001:1\tAgain.\t\t"), nil)
	_, err := loadData(filepath.Join(root, dataPath))
	assert.ErrorContains(t, err, "listed twice")
}

func TestRenderMarksStaleOutput(t *testing.T) {
	t.Parallel()
	root := fixture(t, rows(
		"CUS-001\t001:1\tFirst.\t\t",
		"CUS-002\t001:2\tSecond.\t\t",
		"ORD-002\t001:3\tThird.\t\t",
		"ORD-003\t001:4\tFourth.\tp:Choose\tNot a library concern: a screen.",
		"ORD-004\t001:5\tFifth.\t\tNot implementable: advice.",
		"ORD-005\t001:6\tSixth.\t\tNot implementable: advice.",
	), map[string]string{"p/p.go": fixtureCode, "p/p_test.go": fixtureTest})
	require.NoError(t, run(root, false))
	out, err := os.ReadFile(filepath.Join(root, outputPath))
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "| CUS-001 | First. | 001:1 | `p/p_test.go`: TestChoose_CUS001_First | `p/p.go`: Choose |")
	assert.Contains(t, s, "| ORD-003 | Fourth. | 001:4 | — (see [Uncited rules](#uncited-rules)) | `p/p.go`: Choose, KindA |")
	assert.Contains(t, s, "| ORD-004 | Fifth. | Not implementable: advice. |")
	assert.Contains(t, s, "6 rules, 3 of them cited by tests")
	require.NoError(t, run(root, true), "fresh output passes the check")

	require.NoError(t, os.WriteFile(filepath.Join(root, outputPath), append(out, '\n'), 0o644))
	assert.ErrorContains(t, run(root, true), "RULES.md is stale")
}
