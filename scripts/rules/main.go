// Command rules writes RULES.md, the traceability matrix of omskit's rule IDs.
//
// Every rule the library implements carries a stable ID (CUS-…, ORD-…, ORC-…,
// ENG-…, NRC-…, BRK-…). scripts/rules/rules.tsv is the one data file that
// says what each ID means: a one-line statement, its seed reference, an
// optional mapping to the code that implements it (for rules whose code
// carries no ID comment), and, for an ID no test cites, the reason. The
// command scans the repository's Go files for the IDs, finds the tests that
// cite each one (file:function) and the code that names it, and renders the
// matrix:
//
//	go run ./scripts/rules            # rewrite RULES.md
//	go run ./scripts/rules -check     # fail when RULES.md is stale or the data is incomplete
//
// The test of this package runs the same check, so `go test ./...` fails when a
// test cites an ID the data file does not know, when an uncited ID has no
// reason, or when RULES.md was not regenerated.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

const (
	dataPath   = "scripts/rules/rules.tsv"
	outputPath = "RULES.md"
	// selfDir is skipped by the scan: the generator's own files are not
	// citations.
	selfDir = "scripts/rules"
)

// notCode are files that mention IDs without implementing them: the SCV
// catalog lists, per setting, the catalog sections that name it.
var notCode = []string{"scv/catalog_data.go"}

// suiteDirs hold test code outside _test.go files: the storage conformance
// suite asserts rules for every store implementation.
var suiteDirs = []string{"storage/storagetest"}

var (
	// idInText finds an ID in source text: comments, strings, identifiers.
	idInText = regexp.MustCompile(`\b(CUS|ORD|ORC|ENG|NRC|BRK)-([0-9]{3})\b`)
	// idInName finds an ID written without its dash in a Go identifier, as
	// in TestSelectSoldTo_CUS001_….
	idInName = regexp.MustCompile(`(CUS|ORD|ORC|ENG|NRC|BRK)[-_]?([0-9]{3})(?:[^0-9]|$)`)
	// idShape is the shape of a data-file ID.
	idShape = regexp.MustCompile(`^(CUS|ORD|ORC|ENG|NRC|BRK)-[0-9]{3}$`)
)

func main() {
	root := flag.String("root", ".", "repository root")
	check := flag.Bool("check", false, "do not write; fail when "+outputPath+" is stale or the data is incomplete")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "rules:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	d, err := loadData(filepath.Join(root, dataPath))
	if err != nil {
		return err
	}
	c, err := scan(root)
	if err != nil {
		return err
	}
	if problems := validate(root, d, c); len(problems) > 0 {
		return errors.Join(problems...)
	}
	out := render(d, c)
	path := filepath.Join(root, outputPath)
	if check {
		have, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(have, out) {
			return fmt.Errorf("%s is stale: run `go run ./scripts/rules` and commit the result", outputPath)
		}
		return nil
	}
	return os.WriteFile(path, out, 0o644)
}

// rule is one row of the data file.
type rule struct {
	ID        string
	Seed      string   // seed reference, e.g. "001:217" or "002:23, 645"
	Statement string   // one line, in our own words
	Code      []string // "package/dir:Decl" entries for code that carries no ID comment
	Uncited   string   // why no test cites it (not implementable / not a library concern)
	line      int
}

// named is a seed document or a rule group: a key and a title.
type named struct{ Key, Title string }

// data is the parsed data file.
type data struct {
	Seeds  []named
	Groups []named // rule-ID prefix and section title, in output order
	Rules  []*rule
	byID   map[string]*rule
}

// loadData reads the tab-separated data file. Lines starting with '#' are
// comments; "seed" and "group" rows name the seed documents and the sections;
// every other row is a rule: ID, seed, statement, code, uncited.
func loadData(path string) (*data, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &data{byID: map[string]*rule{}}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		where := fmt.Sprintf("%s:%d", path, n)
		switch cols[0] {
		case "seed", "group":
			if len(cols) != 3 || cols[1] == "" || cols[2] == "" {
				return nil, fmt.Errorf("%s: want %s<TAB>key<TAB>title", where, cols[0])
			}
			if cols[0] == "seed" {
				d.Seeds = append(d.Seeds, named{cols[1], cols[2]})
			} else {
				d.Groups = append(d.Groups, named{cols[1], cols[2]})
			}
			continue
		}
		if len(cols) != 5 {
			return nil, fmt.Errorf("%s: want 5 tab-separated columns (id, seed, statement, code, uncited), got %d", where, len(cols))
		}
		r := &rule{ID: cols[0], Seed: cols[1], Statement: cols[2], Uncited: cols[4], line: n}
		if !idShape.MatchString(r.ID) {
			return nil, fmt.Errorf("%s: %q is not a rule ID", where, r.ID)
		}
		if r.Seed == "" || r.Statement == "" {
			return nil, fmt.Errorf("%s: %s needs a seed reference and a statement", where, r.ID)
		}
		if strings.Contains(r.Statement, "|") {
			return nil, fmt.Errorf("%s: %s: the statement may not contain '|'", where, r.ID)
		}
		for _, c := range strings.Split(cols[3], ",") {
			if c = strings.TrimSpace(c); c != "" {
				r.Code = append(r.Code, c)
			}
		}
		if d.byID[r.ID] != nil {
			return nil, fmt.Errorf("%s: %s is listed twice", where, r.ID)
		}
		d.byID[r.ID] = r
		d.Rules = append(d.Rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// site is a top-level declaration that names an ID: "customer/select_test.go"
// and "TestSelectSoldTo_…".
type site struct{ File, Decl string }

// citations are where the scan found each ID.
type citations struct {
	Tests map[string][]site
	Code  map[string][]site
	// decls lists every top-level declaration per file, for checking the
	// data file's code mappings.
	decls map[string]map[string]bool
}

// scan parses every Go file under root (skipping hidden directories, testdata
// and the generator itself) and records, per ID, the declarations that name
// it. Comments between two declarations belong to the one that follows.
func scan(root string) (*citations, error) {
	c := &citations{Tests: map[string][]site{}, Code: map[string][]site{}, decls: map[string]map[string]bool{}}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if rel != "." && (strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata" || rel == selfDir) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if slices.Contains(notCode, rel) {
			return nil
		}
		return c.scanFile(rel, src)
	})
	if err != nil {
		return nil, err
	}
	for _, m := range []map[string][]site{c.Tests, c.Code} {
		for id, sites := range m {
			sortSites(sites)
			m[id] = slices.Compact(sites)
		}
	}
	return c, nil
}

func (c *citations) scanFile(rel string, src []byte) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
	if err != nil {
		return err
	}
	isTest := strings.HasSuffix(rel, "_test.go")
	for _, dir := range suiteDirs {
		if strings.HasPrefix(rel, dir+"/") {
			isTest = true
		}
	}
	into := c.Code
	if isTest {
		into = c.Tests
	}
	c.decls[rel] = map[string]bool{}
	offset := func(p token.Pos) int { return fset.Position(p).Offset }
	type span struct {
		name       string
		start, end int
	}
	// A declaration's span runs from its doc comment to its end, trailing
	// line comment included. A grouped declaration (const ( … )) is split per
	// spec, so an ID comment lands on the constant or type it documents.
	var spans []span
	for _, decl := range f.Decls {
		g, isGen := decl.(*ast.GenDecl)
		if isGen && g.Tok == token.IMPORT {
			continue
		}
		start := decl.Pos()
		if isGen && g.Doc != nil {
			start = g.Doc.Pos()
		} else if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
			start = fd.Doc.Pos()
		}
		if isGen && g.Lparen.IsValid() && len(g.Specs) > 1 {
			for i, spec := range g.Specs {
				end := specEnd(spec)
				if i == len(g.Specs)-1 {
					end = g.End()
				}
				spans = append(spans, span{specName(spec), offset(start), offset(end)})
				start = end
			}
			continue
		}
		end := decl.End()
		if isGen && len(g.Specs) == 1 {
			end = max(end, specEnd(g.Specs[0]))
		}
		spans = append(spans, span{declName(decl), offset(start), offset(end)})
	}
	add := func(id, decl string) {
		into[id] = append(into[id], site{rel, decl})
	}
	for _, s := range spans {
		c.decls[rel][s.name] = true
		for _, m := range idInText.FindAllString(string(src[s.start:s.end]), -1) {
			add(m, s.name)
		}
		for _, m := range idInName.FindAllStringSubmatch(s.name, -1) {
			add(m[1]+"-"+m[2], s.name)
		}
	}
	// Comments outside every declaration (the package doc, a note between
	// two functions) belong to the file as a whole.
	for _, cg := range f.Comments {
		from, to := offset(cg.Pos()), offset(cg.End())
		inside := slices.ContainsFunc(spans, func(s span) bool { return from >= s.start && to <= s.end })
		if !inside {
			for _, m := range idInText.FindAllString(string(src[from:to]), -1) {
				add(m, "package")
			}
		}
	}
	return nil
}

// declName names a top-level declaration: Func, Type.Method, or the first
// name a var/const/type declaration declares.
func declName(decl ast.Decl) string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return recvName(d.Recv.List[0].Type) + "." + d.Name.Name
		}
		return d.Name.Name
	case *ast.GenDecl:
		if len(d.Specs) > 0 {
			return specName(d.Specs[0])
		}
	}
	return "package"
}

// specEnd is where a spec ends, its trailing line comment included.
func specEnd(spec ast.Spec) token.Pos {
	end := spec.End()
	switch s := spec.(type) {
	case *ast.TypeSpec:
		if s.Comment != nil {
			end = max(end, s.Comment.End())
		}
	case *ast.ValueSpec:
		if s.Comment != nil {
			end = max(end, s.Comment.End())
		}
	}
	return end
}

// specName names a type or value spec by its (first) name.
func specName(spec ast.Spec) string {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		return s.Name.Name
	case *ast.ValueSpec:
		if len(s.Names) > 0 && s.Names[0].Name != "_" {
			return s.Names[0].Name
		}
	}
	return "package"
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// validate lists what makes the data file and the code disagree: an ID the
// code cites that the data file lacks, an uncited ID without a reason, a
// reason left on an ID a test now cites, and a code mapping that names no
// declaration.
func validate(root string, d *data, c *citations) []error {
	var problems []error
	seeds := map[string]bool{}
	for _, s := range d.Seeds {
		seeds[s.Key] = true
	}
	groups := map[string]bool{}
	for _, g := range d.Groups {
		groups[g.Key] = true
	}
	for _, m := range []map[string][]site{c.Tests, c.Code} {
		for _, id := range sortedKeys(m) {
			if d.byID[id] == nil {
				s := m[id][0]
				problems = append(problems, fmt.Errorf("%s (%s) cites %s, which %s does not list: add its statement there", s.File, s.Decl, id, dataPath))
			}
		}
	}
	for _, r := range d.Rules {
		where := fmt.Sprintf("%s:%d: %s", dataPath, r.line, r.ID)
		if !groups[r.ID[:3]] {
			problems = append(problems, fmt.Errorf("%s: no group row for prefix %s", where, r.ID[:3]))
		}
		if key, _, _ := strings.Cut(r.Seed, ":"); !seeds[strings.Fields(key)[0]] {
			problems = append(problems, fmt.Errorf("%s: seed reference %q names no seed row", where, r.Seed))
		}
		cited := len(c.Tests[r.ID]) > 0
		switch {
		case !cited && r.Uncited == "":
			problems = append(problems, fmt.Errorf("%s: no test cites it and the data file gives no reason", where))
		case cited && r.Uncited != "":
			problems = append(problems, fmt.Errorf("%s: tests now cite it; remove the uncited reason", where))
		}
		for _, code := range r.Code {
			if _, ok := c.resolve(code); !ok {
				problems = append(problems, fmt.Errorf("%s: code mapping %q names no top-level declaration of that package (want package/dir:Name)", where, code))
			}
		}
	}
	_ = root
	return problems
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// render writes RULES.md.
func render(d *data, c *citations) []byte {
	var b bytes.Buffer
	cited := 0
	for _, r := range d.Rules {
		if len(c.Tests[r.ID]) > 0 {
			cited++
		}
	}
	fmt.Fprintf(&b, "# Rules\n\n")
	fmt.Fprintf(&b, "<!-- Generated by `go run ./scripts/rules` from %s and the code; do not edit. -->\n\n", dataPath)
	fmt.Fprintf(&b, "Every rule omskit implements has a stable ID. This is the traceability matrix: for each ID, what the rule says\n")
	fmt.Fprintf(&b, "(in our words), where it comes from in the source documents, the tests that assert it and the code that\n")
	fmt.Fprintf(&b, "implements it. %d rules, %d of them cited by tests; the %d others are listed at the end with the reason.\n\n", len(d.Rules), cited, len(d.Rules)-cited)
	fmt.Fprintf(&b, "To change a statement or add a rule, edit `%s` and run `go run ./scripts/rules`; `go test ./scripts/rules`\n", dataPath)
	fmt.Fprintf(&b, "fails when this file is stale or a test cites an ID the data file does not list.\n\n")
	fmt.Fprintf(&b, "Seed references read `document:line`, lines counted from 1 in the source document:\n\n")
	for _, s := range d.Seeds {
		fmt.Fprintf(&b, "- `%s`: %s\n", s.Key, s.Title)
	}
	b.WriteString("\n")
	for _, g := range d.Groups {
		fmt.Fprintf(&b, "- [%s: %s](#%s)\n", g.Key, g.Title, anchor(g.Key+" "+g.Title))
	}
	fmt.Fprintf(&b, "- [Uncited rules](#uncited-rules)\n\n")
	for _, g := range d.Groups {
		fmt.Fprintf(&b, "## %s %s\n\n", g.Key, g.Title)
		b.WriteString("| ID | Rule | Seed | Tests | Code |\n|---|---|---|---|---|\n")
		for _, r := range d.Rules {
			if r.ID[:3] != g.Key {
				continue
			}
			code := sitesCell(withMapped(c, c.Code[r.ID], r.Code))
			tests := sitesCell(c.Tests[r.ID])
			if tests == "" {
				tests = "— (see [Uncited rules](#uncited-rules))"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, r.Statement, r.Seed, tests, code)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Uncited rules\n\nNo test cites these IDs; each says why.\n\n| ID | Rule | Why no test |\n|---|---|---|\n")
	for _, r := range d.Rules {
		if len(c.Tests[r.ID]) == 0 {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", r.ID, r.Statement, r.Uncited)
		}
	}
	return b.Bytes()
}

// sitesCell renders declarations grouped by file:
// "`a_test.go`: TestX, TestY; `b_test.go`: TestZ".
func sitesCell(sites []site) string {
	var parts []string
	for i := 0; i < len(sites); {
		j := i
		var decls []string
		for ; j < len(sites) && sites[j].File == sites[i].File; j++ {
			decls = append(decls, sites[j].Decl)
		}
		parts = append(parts, fmt.Sprintf("`%s`: %s", sites[i].File, strings.Join(decls, ", ")))
		i = j
	}
	return strings.Join(parts, "; ")
}

// resolve finds the non-test file of package directory dir that declares
// Decl, for a "dir:Decl" mapping: naming the package rather than the file
// keeps the mapping valid when code moves between the package's files.
func (c *citations) resolve(mapping string) (site, bool) {
	dir, decl, ok := strings.Cut(mapping, ":")
	if !ok {
		return site{}, false
	}
	for _, file := range sortedKeys(c.decls) {
		if filepath.ToSlash(filepath.Dir(file)) == dir && !strings.HasSuffix(file, "_test.go") && c.decls[file][decl] {
			return site{file, decl}, true
		}
	}
	return site{}, false
}

// withMapped adds the data file's "dir:Decl" mappings to the scanned sites.
func withMapped(c *citations, sites []site, mapped []string) []site {
	all := slices.Clone(sites)
	for _, m := range mapped {
		if s, ok := c.resolve(m); ok {
			all = append(all, s)
		}
	}
	sortSites(all)
	return slices.Compact(all)
}

func sortSites(sites []site) {
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].File != sites[j].File {
			return sites[i].File < sites[j].File
		}
		return sites[i].Decl < sites[j].Decl
	})
}

// anchor is GitHub's heading anchor for a heading text.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}
