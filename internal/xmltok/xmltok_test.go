package xmltok

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ourTokens lists the tokens of src as strings: "S {uri}local a={uri}local=value …",
// "E {uri}local" and "T text", adjacent text merged.
func ourTokens(src []byte) ([]string, error) {
	t := New(src, Options{})
	var out []string
	text := false
	for {
		k, err := t.Next()
		if err != nil {
			return out, err
		}
		switch k {
		case EOF:
			return out, nil
		case StartElement:
			n := t.Name()
			s := "S {" + n.Space + "}" + n.Local
			for _, a := range t.Attrs() {
				space := a.Name.Space
				if space == XMLNSNamespace {
					space = "xmlns"
				}
				s += " {" + space + "}" + a.Name.Local + "=" + a.Value()
			}
			out = append(out, s)
			text = false
		case EndElement:
			n := t.Name()
			out = append(out, "E {"+n.Space+"}"+n.Local)
			text = false
		case Text:
			if text {
				out[len(out)-1] += t.Text()
			} else {
				out = append(out, "T "+t.Text())
			}
			text = true
		}
	}
}

// goTokens lists the tokens of src as encoding/xml reads them for Unmarshal:
// strict, no CharsetReader, from the first start element to the end of the
// root element, nothing read after it.
func goTokens(src []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var out []string
	depth := 0
	text := false
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF && depth == 0 && len(out) == 0 {
				return out, errors.New("no root")
			}
			return out, err
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			s := "S {" + tt.Name.Space + "}" + tt.Name.Local
			for _, a := range tt.Attr {
				space := a.Name.Space
				if space == "" && a.Name.Local == "xmlns" {
					space = "xmlns"
				}
				s += " {" + space + "}" + a.Name.Local + "=" + a.Value
			}
			out = append(out, s)
			depth++
			text = false
		case xml.EndElement:
			out = append(out, "E {"+tt.Name.Space+"}"+tt.Name.Local)
			depth--
			text = false
			if depth == 0 {
				return out, nil
			}
		case xml.CharData:
			if depth == 0 {
				continue
			}
			if text {
				out[len(out)-1] += string(tt)
			} else {
				out = append(out, "T "+string(tt))
			}
			text = true
		case xml.Comment:
			// encoding/xml splits text at comments as xmltok does
		}
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	src := "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<!-- c --><?pi data?>\n" +
		`<ns2:Root xmlns:ns2="urn:a" xmlns="urn:d" a="1&amp;2" b='x "y"' c="&#x41;&#66;&lt;&gt;&apos;&quot;">` +
		"<child p:at=\"v\" xmlns:p=\"urn:p\">text &amp; more\r\nline<![CDATA[<raw> &amp;\r]]><!-- split -->tail</child>" +
		"<ns2:empty/><xml:lang-free xml:lang=\"en\"/>\t</ns2:Root>\n<!-- after -->\n"
	got, err := ourTokens([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, []string{
		`S {urn:a}Root {xmlns}ns2=urn:a {xmlns}xmlns=urn:d {}a=1&2 {}b=x "y" {}c=AB<>'"`,
		`S {urn:d}child {urn:p}at=v {xmlns}p=urn:p`,
		"T text & more\nline<raw> &amp;\ntail",
		"E {urn:d}child",
		"S {urn:a}empty",
		"E {urn:a}empty",
		"S {" + XMLNamespace + "}lang-free {" + XMLNamespace + "}lang=en",
		"E {" + XMLNamespace + "}lang-free",
		"T \t",
		"E {urn:a}Root",
	}, got)
	want, err := goTokens([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, want, got, "encoding/xml reads the same")
}

// Strings handed out are slices of the one copy: no allocation per name or
// plain value.
func TestNoAllocationPerToken(t *testing.T) {
	src := []byte(`<r a="1" b="2"><c d="x">text</c><c d="y">more</c></r>`)
	allocs := testing.AllocsPerRun(100, func() {
		tk := New(src, Options{})
		for {
			k, err := tk.Next()
			if err != nil || k == EOF {
				break
			}
			for i := range tk.Attrs() {
				_ = tk.Attrs()[i].Value()
			}
			if k == Text {
				_ = tk.Text()
			}
		}
	})
	assert.LessOrEqual(t, allocs, 2.0, "the copy of the input and the tokenizer")
}

func TestSkipAndDepth(t *testing.T) {
	t.Parallel()
	tk := NewString(`<r><skip a="1"><x>y</x><z/></skip><keep/></r>`, Options{})
	k, err := tk.Next()
	require.NoError(t, err)
	require.Equal(t, StartElement, k)
	assert.Equal(t, 1, tk.Depth())
	_, _ = tk.Next()
	require.Equal(t, "skip", tk.Local())
	require.NoError(t, tk.Skip())
	assert.Equal(t, 1, tk.Depth())
	k, _ = tk.Next()
	require.Equal(t, StartElement, k)
	assert.Equal(t, "keep", tk.Local())
	// A broken document stays broken: Skip and Next return the first error.
	tk = NewString(`<r><a></b></r>`, Options{})
	_, _ = tk.Next()
	_, _ = tk.Next()
	err = tk.Skip()
	assert.ErrorIs(t, err, ErrEndTag)
	_, err2 := tk.Next()
	assert.Equal(t, err, err2)
	assert.Equal(t, err, tk.Err())
}

func TestUnexpectedEOFPosition(t *testing.T) {
	t.Parallel()
	src := `<Message type="CWORDERIN"><Payment cc_number="4111111111111111">`
	err := drain(src, Options{})
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, ErrSyntax)
	assert.Equal(t, "xmltok: line 1, column 65: unexpected EOF", err.Error())
	for _, src := range []string{"<", "<r", "<r>", "<r a", "<r a=", `<r a="`, "<r>&am", "<r><!--", "<r><![CDATA[", "<r><?p", "<r></r", "<!-", "<?xml version"} {
		assert.ErrorIs(t, drain(src, Options{}), ErrSyntax, "%q", src)
	}
}

// testdataSeeds adds every XML fixture of the repository's message tests.
func testdataSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "xmlmsg", "testdata", "*", "*.xml"))
	if len(files) == 0 {
		f.Fatal("no fixtures found")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzTokens holds xmltok to encoding/xml: whatever xmltok accepts,
// encoding/xml accepts with the same tokens; what encoding/xml refuses,
// xmltok refuses.
func FuzzTokens(f *testing.F) {
	testdataSeeds(f)
	for _, s := range []string{
		`<a xmlns:p="u" p:x="1" y='2'>t&amp;<![CDATA[c]]><!--k--><?p i?>&#x41;</a>`,
		"<?xml version=\"1.0\"?>\n<a>\r\n</a>",
		`<a><b/><c></c></a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ours, err := ourTokens(data)
		theirs, gerr := goTokens(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is not an *Error: %v", err)
			}
			if gerr == nil && !e.Stricter() {
				t.Fatalf("xmltok refuses what encoding/xml accepts, and the rule is not one of the listed stricter ones: %v\n%q", err, data)
			}
			return
		}
		if gerr != nil {
			t.Fatalf("xmltok accepts what encoding/xml refuses (%v):\n%q", gerr, data)
		}
		if fmt.Sprint(ours) != fmt.Sprint(theirs) {
			t.Fatalf("tokens differ for %q:\nxmltok:       %q\nencoding/xml: %q", data, ours, theirs)
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "xmlmsg", "testdata", "orderbroker", "submit_order_request_store_pickup.xml"))
	data, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	b.Run("xmltok", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			tk := New(data, Options{})
			for {
				k, err := tk.Next()
				if err != nil {
					b.Fatal(err)
				}
				if k == EOF {
					break
				}
			}
		}
	})
	b.Run("encoding-xml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err != nil {
					if err == io.EOF {
						break
					}
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkHostile reads hostile shapes at two sizes: ns/op per byte stays
// flat (linear time) whatever the shape.
func BenchmarkHostile(b *testing.B) {
	shapes := map[string]func(n int) string{
		"deep":       func(n int) string { return strings.Repeat(nested(DefaultMaxDepth), n/400) },
		"attributes": func(n int) string { return "<r>" + strings.Repeat(withAttrs(DefaultMaxAttrs), n/1000) + "</r>" },
		"namespaces": func(n int) string {
			var d strings.Builder
			for i := range DefaultMaxDepth - 1 {
				d.WriteString("<e")
				for j := range DefaultMaxAttrs {
					fmt.Fprintf(&d, ` xmlns:p%d_%d="u"`, i, j)
				}
				d.WriteString(">")
			}
			return "<r>" + d.String() + strings.Repeat("<p0_0:a/>", n/9) + strings.Repeat("</e>", DefaultMaxDepth-1) + "</r>"
		},
		"references": func(n int) string { return "<r>" + strings.Repeat("&amp;&#x41;", n/11) + "</r>" },
		"comments":   func(n int) string { return "<r>" + strings.Repeat("<!-- - - -->", n/12) + "</r>" },
		"entity-name": func(n int) string {
			return "<r>&" + strings.Repeat("a", n) + "</r>"
		},
	}
	for name, shape := range shapes {
		for _, n := range []int{1 << 16, 1 << 18} {
			src := shape(n)
			b.Run(fmt.Sprintf("%s/bytes=%d", name, len(src)), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					_ = drain(src, Options{})
				}
			})
		}
	}
}

func TestValidPrefix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int
	}{{"", 0}, {"abc", 3}, {"a\xffb", 1}, {"ab\xc3", 2}, {"\u00e9t\u00e9", 5}} {
		assert.Equal(t, tc.want, ValidPrefix(tc.in), "%q as a string", tc.in)
		assert.Equal(t, tc.want, ValidPrefix([]byte(tc.in)), "%q as bytes", tc.in)
	}
}
