package xmltok

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drain reads every token of src and returns the first error.
func drain(src string, opts Options) error {
	t := NewString(src, opts)
	for {
		k, err := t.Next()
		if err != nil {
			return err
		}
		if k == EOF {
			return nil
		}
	}
}

func nested(n int) string {
	return strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
}

func withAttrs(n int) string {
	var b strings.Builder
	b.WriteString("<r")
	for i := range n {
		fmt.Fprintf(&b, ` a%d="%d"`, i, i)
	}
	b.WriteString("/>")
	return b.String()
}

// TestSafetyContract is the safety list of the package documentation: one
// case per rule (and per setting of a configurable limit), each with the
// error it must give — its sentinel, its position and its text.
func TestSafetyContract(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		src      string
		opts     Options
		rule     error
		line     int
		col      int
		contains string
	}{
		{name: "DOCTYPE refused, no entity expansion of any kind",
			src:  "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<r>&lol2;</r>",
			rule: ErrDOCTYPE, line: 2, col: 1, contains: "DOCTYPE"},
		{name: "only the five predefined entities",
			src:  `<r a="&lt;&gt;&amp;&apos;&quot;">&bomb;</r>`,
			rule: ErrEntity, line: 1, col: 34, contains: "&bomb;"},
		{name: "character reference to U+0000",
			src:  "<r>&#0;</r>",
			rule: ErrCharRef, line: 1, col: 4, contains: "&#0;"},
		{name: "character reference to a C0 control",
			src:  `<r a="&#x1B;"/>`,
			rule: ErrCharRef, line: 1, col: 7, contains: "&#x1B;"},
		{name: "character reference to a surrogate",
			src:  "<r>&#xD800;</r>",
			rule: ErrCharRef, line: 1, col: 4, contains: "&#xD800;"},
		{name: "character reference to U+FFFE",
			src:  "<r>&#65534;</r>",
			rule: ErrCharRef, line: 1, col: 4, contains: "&#65534;"},
		{name: "character reference to U+FFFF",
			src:  "<r>&#xFFFF;</r>",
			rule: ErrCharRef, line: 1, col: 4, contains: "&#xFFFF;"},
		{name: "character reference above U+10FFFF",
			src:  "<r>&#x110000;</r>",
			rule: ErrCharRef, line: 1, col: 4, contains: "&#x110000;"},
		{name: "depth: 64 by default",
			src:  nested(DefaultMaxDepth + 1),
			rule: ErrDepth, line: 1, col: 3*DefaultMaxDepth + 1, contains: "deeper than 64"},
		{name: "depth: configured",
			src: nested(4), opts: Options{MaxDepth: 3},
			rule: ErrDepth, line: 1, col: 10, contains: "deeper than 3"},
		{name: "attributes per element: 64 by default",
			src:  withAttrs(DefaultMaxAttrs + 1),
			rule: ErrAttrCount, contains: "more than 64 attributes"},
		{name: "attributes per element: configured",
			src: withAttrs(3), opts: Options{MaxAttrs: 2},
			rule: ErrAttrCount, line: 1, col: 18, contains: "more than 2 attributes"},
		{name: "duplicate attribute by qualified name",
			src:  `<r a="1" b="2" a="3"/>`,
			rule: ErrDuplicateAttr, line: 1, col: 1, contains: "attribute a twice"},
		{name: "duplicate attribute by namespace and local name",
			src:  `<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>`,
			rule: ErrDuplicateAttr, line: 1, col: 1, contains: "attribute q:a twice"},
		{name: "end tag must match",
			src:  "<Message>\n  <Header>\n</Message>",
			rule: ErrEndTag, line: 3, col: 1, contains: "element <Header> closed by </Message>"},
		{name: "end tag must match the prefix too",
			src:  `<p:r xmlns:p="urn:x" xmlns:q="urn:x"></q:r>`,
			rule: ErrEndTag, line: 1, col: 38, contains: "element <p:r> closed by </q:r>"},
		{name: "exactly one root: a second root element",
			src:  "<a/>\n<b/>",
			rule: ErrRoot, line: 2, col: 1, contains: "second root"},
		{name: "exactly one root: no root at all",
			src:  "<!-- only a comment -->\n",
			rule: ErrRoot, line: 2, col: 1, contains: "no root element"},
		{name: "only white space, comments and PIs outside the root",
			src:  "<?pi x?><!-- c -->\n <r/> trailing",
			rule: ErrRoot, line: 2, col: 7, contains: "text after the root element"},
		{name: "control character in text",
			src:  "<r>a\x01b</r>",
			rule: ErrControlChar, line: 1, col: 5, contains: "U+0001"},
		{name: "control character in an attribute value",
			src:  "<r\n a=\"x\x1by\"/>",
			rule: ErrControlChar, line: 2, col: 6, contains: "U+001B"},
		{name: "declared encoding other than UTF-8",
			src:  `<?xml version="1.0" encoding="ISO-8859-1"?><r/>`,
			rule: ErrEncoding, line: 1, col: 30, contains: `"ISO-8859-1" is not UTF-8`},
		{name: "input that is not UTF-8",
			src:  "<r>\n caf\xe9</r>",
			rule: ErrNotUTF8, line: 2, col: 5, contains: "invalid UTF-8 byte 0xe9"},
		{name: "element prefix must be bound",
			src:  `<ns2:SubmitOrder xmlns:ns3="urn:x"/>`,
			rule: ErrNamespace, line: 1, col: 1, contains: "prefix ns2 is not bound"},
		{name: "attribute prefix must be bound",
			src:  `<r p:a="1"/>`,
			rule: ErrNamespace, line: 1, col: 1, contains: "prefix p is not bound"},
		{name: "a prefix is never bound to an empty URI",
			src:  `<r xmlns:p=""/>`,
			rule: ErrNamespace, line: 1, col: 1, contains: "empty namespace URI"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := drain(c.src, c.opts)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.rule)
			var e *Error
			require.ErrorAs(t, err, &e)
			if c.line != 0 {
				assert.Equal(t, c.line, e.Line, "line")
				assert.Equal(t, c.col, e.Column, "column")
			}
			assert.Contains(t, e.Msg, c.contains)
			// Errors keep the "line L, column C" form.
			assert.Equal(t, fmt.Sprintf("xmltok: line %d, column %d: %s", e.Line, e.Column, e.Msg), err.Error())
			for _, other := range []error{ErrSyntax, ErrNotUTF8, ErrDOCTYPE, ErrEntity, ErrCharRef, ErrDepth, ErrAttrCount,
				ErrDuplicateAttr, ErrEndTag, ErrRoot, ErrControlChar, ErrEncoding, ErrNamespace} {
				if other != c.rule {
					assert.False(t, errors.Is(err, other), "also %v", other)
				}
			}
		})
	}
}

// The limits are inclusive: exactly MaxDepth levels and MaxAttrs attributes
// pass.
func TestLimitsInclusive(t *testing.T) {
	t.Parallel()
	require.NoError(t, drain(nested(DefaultMaxDepth), Options{}))
	require.NoError(t, drain(withAttrs(DefaultMaxAttrs), Options{}))
	require.NoError(t, drain(nested(3), Options{MaxDepth: 3}))
	require.NoError(t, drain(withAttrs(2), Options{MaxAttrs: 2}))
	// Past 16 attributes duplicates are found through a map.
	require.NoError(t, drain(withAttrs(40), Options{}))
	dup := strings.Replace(withAttrs(40), `a39="39"`, `a7="39"`, 1)
	assert.ErrorIs(t, drain(dup, Options{}), ErrDuplicateAttr)
	dupNS := strings.Replace(withAttrs(40), `a39="39"`, `xmlns:p="urn:x" xmlns:q="urn:x" p:z="1" q:z="2"`, 1)
	assert.ErrorIs(t, drain(dupNS, Options{MaxAttrs: 100}), ErrDuplicateAttr)
}

// More shapes each rule must refuse, beyond the one case per rule above.
func TestSafetyVariants(t *testing.T) {
	t.Parallel()
	cases := []struct {
		src  string
		rule error
	}{
		{"<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>", ErrDOCTYPE},
		{"<r><!DOCTYPE r></r>", ErrDOCTYPE},
		{"<r>&xxe;</r>", ErrEntity},
		{`<r a="&foo;"/>`, ErrEntity},
		{"<r>&4111111111111111;</r>", ErrSyntax},
		{"<r>&#4111111111111111;</r>", ErrCharRef},
		{"<r>&#xDFFF;</r>", ErrCharRef},
		{"<r>&;</r>", ErrSyntax},
		{"<r>& amp;</r>", ErrSyntax},
		{"<r>&amp</r>", ErrSyntax},
		{"<r>&#;</r>", ErrSyntax},
		{"<r>&#x;</r>", ErrSyntax},
		{"<r>&#X41;</r>", ErrSyntax},
		{"<r>\x00</r>", ErrControlChar},
		{"<r>\uffff</r>", ErrControlChar},
		{"<r a='\ufffe'/>", ErrControlChar},
		{"<r><!-- \x07 --></r>", ErrControlChar},
		{"<r><?pi \x07?></r>", ErrControlChar},
		{"<r><![CDATA[\x07]]></r>", ErrControlChar},
		{"</r>", ErrEndTag},
		{"<r></r></r>", ErrEndTag},
		{"x<r/>", ErrRoot},
		{"<![CDATA[x]]><r/>", ErrRoot},
		{"", ErrRoot},
		{"  \n", ErrRoot},
		{`<?xml version="1.0" encoding="UTF-16"?><r/>`, ErrEncoding},
		{`<?xml version='1.0' encoding = 'latin1' ?><r/>`, ErrEncoding},
		{`<xmlns:r/>`, ErrNamespace},
		{`<r xmlns:xmlns="urn:x"/>`, ErrNamespace},
		{`<r xmlns:xml="urn:x"/>`, ErrNamespace},
		{`<r xmlns:p="http://www.w3.org/XML/1998/namespace"/>`, ErrNamespace},
		{`<r xmlns="http://www.w3.org/2000/xmlns/"/>`, ErrNamespace},
		{`<a:b:c xmlns:a="urn:x"/>`, ErrNamespace},
		{`<r xmlns:p="urn:x"><p:a/></r><p:b/>`, ErrRoot},
		{`<r><p:a xmlns:p="urn:x"/><p:b/></r>`, ErrNamespace},
		{"<r", ErrSyntax},
		{"<r a='1'", ErrSyntax},
		{"<r a='1", ErrSyntax},
		{"<r a=1/>", ErrSyntax},
		{"<r a/>", ErrSyntax},
		{`<r a="1"b="2"/>`, ErrSyntax},
		{`<r a="<"/>`, ErrSyntax},
		{"<r>]]></r>", ErrSyntax},
		{"<r><!-- a -- b --></r>", ErrSyntax},
		{"<r><!-- a ---></r>", ErrSyntax},
		{"<r><!ENTITY x 'y'></r>", ErrSyntax},
		{"<r>\n<?xml version=\"1.0\"?></r>", ErrSyntax},
		{" <?xml version=\"1.0\"?><r/>", ErrSyntax},
		{"<?XML version=\"1.0\"?><r/>", ErrSyntax},
		{"<?xml encoding=\"UTF-8\"?><r/>", ErrSyntax},
		{"<?xml version=\"1.1\"?><r/>", ErrSyntax},
		{"<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><r/>", ErrSyntax},
		{"<é/>", ErrSyntax},
		{"<1a/>", ErrSyntax},
		{"<r></ r>", ErrSyntax},
		{"<r></r x>", ErrSyntax},
	}
	for _, c := range cases {
		err := drain(c.src, Options{})
		assert.ErrorIs(t, err, c.rule, "%q: %v", c.src, err)
	}
}
