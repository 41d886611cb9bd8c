package xmltok

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Default limits (Options).
const (
	DefaultMaxDepth = 64
	DefaultMaxAttrs = 64
)

// The namespace URIs XML Namespaces 1.0 reserves.
const (
	XMLNamespace   = "http://www.w3.org/XML/1998/namespace"
	XMLNSNamespace = "http://www.w3.org/2000/xmlns/"
)

// Options sets the limits of a Tokenizer. The zero value means the defaults.
type Options struct {
	// MaxDepth is the deepest element nesting accepted, the root counting
	// as 1; <= 0 means DefaultMaxDepth.
	MaxDepth int
	// MaxAttrs is the most attributes (namespace declarations included) one
	// element may carry; <= 0 means DefaultMaxAttrs.
	MaxAttrs int
}

// Kind is the kind of a token.
type Kind uint8

// The token kinds. Comments, processing instructions and the XML
// declaration are checked and skipped; they are not returned.
const (
	// EOF: the document ended after its root element.
	EOF Kind = iota
	// StartElement: Name and Attrs describe it. A self-closing element is a
	// StartElement followed by an EndElement.
	StartElement
	// EndElement: Name describes the element that closed.
	EndElement
	// Text: character data or a CDATA section inside the root element; Text
	// returns it. Adjacent runs may come as several tokens.
	Text
)

// Name is an element or attribute name: its prefix and local part as
// written, and the namespace URI the prefix is bound to (for an element
// without prefix, the default namespace; for an attribute without prefix,
// none). Attributes that declare namespaces (xmlns, xmlns:p) have the
// XMLNSNamespace URI.
type Name struct {
	Prefix string
	Local  string
	Space  string
}

// Attr is one attribute of a start element.
type Attr struct {
	Name Name
	raw  string
	esc  bool // raw holds a reference or a carriage return
}

// Value returns the attribute's value with references replaced and line
// ends normalised (CR LF and CR become LF), as encoding/xml reads it. It
// allocates only when the value holds a reference or a carriage return.
func (a *Attr) Value() string {
	if !a.esc {
		return a.raw
	}
	return unescape(a.raw, false)
}

// Raw returns the value as written between the quotes.
func (a *Attr) Raw() string { return a.raw }

type frame struct {
	qname string // as written, for the end tag
	name  Name
	nsLen int // len(Tokenizer.ns) before this element's declarations
}

type binding struct {
	prefix, uri string
	prev        int // index of the binding this one hides, -1 if none
}

// Tokenizer reads one XML document held in memory. Every string it hands
// out (names, attribute values and text without references) is a slice of
// one immutable copy of the input. It is not safe for concurrent use.
type Tokenizer struct {
	src      string
	pos      int
	maxDepth int
	maxAttrs int
	err      error

	kind    Kind
	name    Name
	attrs   []Attr
	text    string
	textEsc bool
	cdata   bool

	stack      []frame
	ns         []binding
	nsTop      map[string]int   // prefix → index in ns of its binding; built once ns grows past nsLinear
	seen       map[attrKey]bool // attributes of an element with many, for checkDuplicates; reused
	pendingEnd bool
	rootDone   bool

	attrBuf  [24]Attr
	stackBuf [16]frame
	nsBuf    [4]binding
}

// attrKey is an attribute's prefix and local name, or "\x00" and its
// namespace URI and local name, for checkDuplicates.
type attrKey struct{ a, b string }

// nsLinear is how many bindings are searched linearly before a map is kept.
const nsLinear = 8

// New returns a Tokenizer over a private copy of data.
func New(data []byte, opts Options) *Tokenizer {
	return NewString(string(data), opts)
}

// NewString returns a Tokenizer over src (strings are immutable, so no copy
// is made).
func NewString(src string, opts Options) *Tokenizer {
	t := tokenizers.Get().(*Tokenizer) // zero: new, or cleared by Release
	t.src, t.maxDepth, t.maxAttrs = src, opts.MaxDepth, opts.MaxAttrs
	if t.maxDepth <= 0 {
		t.maxDepth = DefaultMaxDepth
	}
	if t.maxAttrs <= 0 {
		t.maxAttrs = DefaultMaxAttrs
	}
	t.attrs = t.attrBuf[:0]
	t.stack = t.stackBuf[:0]
	t.ns = t.nsBuf[:0]
	if !utf8.ValidString(src) {
		i := ValidPrefix(src)
		t.fail(i, ErrNotUTF8, fmt.Sprintf("invalid UTF-8 byte 0x%02x", src[i]))
		return t
	}
	if strings.HasPrefix(src, "\ufeff") {
		t.pos = len("\ufeff") // the byte order mark
	}
	return t
}

// ValidPrefix returns the length of the longest prefix of s that is valid
// UTF-8: the offset of the first byte that is not, or len(s).
func ValidPrefix[S string | []byte](s S) int {
	i := 0
	for i < len(s) {
		var r rune
		var size int
		switch v := any(s[i:]).(type) {
		case string:
			r, size = utf8.DecodeRuneInString(v)
		case []byte:
			r, size = utf8.DecodeRune(v)
		}
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return i
}

// tokenizers keeps released tokenizers: a Tokenizer carries its first
// attributes, open elements and bindings in arrays of its own (about 3 KB),
// which for a small message costs as much as reading it.
var tokenizers = sync.Pool{New: func() any { return new(Tokenizer) }}

// Release hands t back for reuse by a later New or NewString, cleared first
// so that it keeps nothing of the document. The strings t handed out stay
// valid (they belong to the document, not to t); t must not be used again.
// Not calling Release is fine: t is then collected as usual.
func (t *Tokenizer) Release() {
	seen := t.seen
	clear(seen) // its size is bounded by MaxAttrs
	*t = Tokenizer{seen: seen}
	tokenizers.Put(t)
}

// Name returns the name of the current StartElement or EndElement.
func (t *Tokenizer) Name() Name { return t.name }

// Local returns the local name of the current StartElement or EndElement.
func (t *Tokenizer) Local() string { return t.name.Local }

// Attrs returns the attributes of the current StartElement, in document
// order. The slice is reused by the next call to Next.
func (t *Tokenizer) Attrs() []Attr { return t.attrs }

// Text returns the current Text token with references replaced and line ends
// normalised. It allocates only when the text holds a reference or a
// carriage return.
func (t *Tokenizer) Text() string {
	if !t.textEsc {
		return t.text
	}
	return unescape(t.text, t.cdata)
}

// Depth returns the number of open elements: 1 after the root's
// StartElement, 0 after its EndElement.
func (t *Tokenizer) Depth() int { return len(t.stack) }

// Err returns the error that stopped the Tokenizer, if any.
func (t *Tokenizer) Err() error { return t.err }

// Position returns the 1-based line and column (in characters) of byte
// offset off.
func (t *Tokenizer) Position(off int) (line, col int) {
	if off > len(t.src) {
		off = len(t.src)
	}
	s := t.src[:off]
	line = 1 + strings.Count(s, "\n")
	col = 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s, '\n')+1:])
	return line, col
}

// fail stops the tokenizer with an error. Rules encoding/xml does not check
// at all, and anything after the root element (which encoding/xml's
// Unmarshal never reads), are marked stricter.
func (t *Tokenizer) fail(off int, rule error, msg string) (Kind, error) {
	switch rule {
	case ErrDOCTYPE, ErrDepth, ErrAttrCount, ErrDuplicateAttr, ErrNamespace, ErrEncoding, ErrNotUTF8:
		return t.failStrict(off, rule, msg)
	}
	return t.stop(off, rule, msg, t.rootDone)
}

// failStrict stops the tokenizer with an error for a rule encoding/xml does
// not check in this place.
func (t *Tokenizer) failStrict(off int, rule error, msg string) (Kind, error) {
	return t.stop(off, rule, msg, true)
}

func (t *Tokenizer) stop(off int, rule error, msg string, stricter bool) (Kind, error) {
	line, col := t.Position(off)
	t.err = &Error{Rule: rule, Offset: off, Line: line, Column: col, Msg: msg, stricter: stricter}
	t.kind = EOF
	return EOF, t.err
}

func (t *Tokenizer) eof() (Kind, error) {
	return t.fail(len(t.src), ErrSyntax, "unexpected EOF")
}

// Next reads the next token. After an error every call returns the same
// error; after the root element ends and only white space, comments and
// processing instructions follow, it returns EOF.
func (t *Tokenizer) Next() (Kind, error) {
	if t.err != nil {
		return EOF, t.err
	}
	if t.pendingEnd {
		t.pendingEnd = false
		t.pop()
		t.kind = EndElement
		return EndElement, nil
	}
	s := t.src
	for {
		if t.pos >= len(s) {
			if len(t.stack) > 0 {
				return t.eof()
			}
			if !t.rootDone {
				return t.fail(len(s), ErrRoot, "document is empty or has no root element")
			}
			t.kind = EOF
			return EOF, nil
		}
		if s[t.pos] != '<' {
			if len(t.stack) > 0 {
				return t.scanText()
			}
			i := t.pos
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && s[i] != '<' {
				if t.rootDone {
					return t.fail(i, ErrRoot, "text after the root element")
				}
				return t.failStrict(i, ErrRoot, "text before the root element")
			}
			t.pos = i
			continue
		}
		if t.pos+1 >= len(s) {
			return t.eof()
		}
		switch s[t.pos+1] {
		case '/':
			return t.scanEnd()
		case '?':
			if _, err := t.scanPI(); err != nil {
				return EOF, err
			}
		case '!':
			rest := s[t.pos:]
			switch {
			case strings.HasPrefix(rest, "<!--"):
				if _, err := t.scanComment(); err != nil {
					return EOF, err
				}
			case strings.HasPrefix(rest, "<![CDATA["):
				if len(t.stack) == 0 {
					return t.failStrict(t.pos, ErrRoot, "CDATA section outside the root element")
				}
				return t.scanCDATA()
			case strings.HasPrefix(rest, "<!DOCTYPE"):
				return t.fail(t.pos, ErrDOCTYPE, "a DOCTYPE declaration is not allowed")
			case strings.HasPrefix("<!--", rest), strings.HasPrefix("<![CDATA[", rest), strings.HasPrefix("<!DOCTYPE", rest):
				return t.eof()
			default:
				return t.failStrict(t.pos, ErrSyntax, "markup <! other than a comment or a CDATA section")
			}
		default:
			return t.scanStart()
		}
	}
}

// Skip reads past the end of the current element (after a StartElement):
// its content is checked like any other, but not returned.
func (t *Tokenizer) Skip() error {
	depth := 1
	for {
		k, err := t.Next()
		if err != nil {
			return err
		}
		switch k {
		case StartElement:
			depth++
		case EndElement:
			depth--
			if depth == 0 {
				return nil
			}
		}
	}
}

// ---- character classes ----

const (
	clName      = 1 << iota // ASCII name character
	clNameStart             // ASCII name start character
	clText                  // needs attention in character data
	clAttr                  // needs attention in an attribute value
	clOther                 // needs attention in a comment, PI or CDATA section
)

var class [256]uint8

func init() {
	for c := 0; c < 256; c++ {
		var k uint8
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			k |= clName | clNameStart
		case c >= '0' && c <= '9', c == '-', c == '.':
			k |= clName
		}
		if c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == 0xEF {
			k |= clText | clAttr | clOther
		}
		switch c {
		case '<', '&', ']':
			k |= clText
		}
		switch c {
		case '<', '&', '"', '\'':
			k |= clAttr
		}
		class[c] = k
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// badChar reports the character at s[i] that class flagged when it is not an
// XML Char (a C0 control other than tab, LF and CR, or U+FFFE / U+FFFF);
// n is its length, 0 when the character is allowed.
func badChar(s string, i int) (msg string, bad bool) {
	c := s[i]
	if c == 0xEF {
		if i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
			return fmt.Sprintf("illegal character %U", 0xFF00|rune(s[i+2])), true
		}
		return "", false
	}
	if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
		return fmt.Sprintf("illegal character %U", rune(c)), true
	}
	return "", false
}

// checkChars checks s[from:to] (a comment, PI or CDATA section) for
// characters outside XML's Char production and reports whether it holds a
// carriage return.
func (t *Tokenizer) checkChars(from, to int, stricter bool) (cr bool, err error) {
	s := t.src
	for i := from; i < to; i++ {
		if class[s[i]]&clOther == 0 {
			continue
		}
		if s[i] == '\r' {
			cr = true
			continue
		}
		if msg, bad := badChar(s, i); bad {
			_, err := t.stop(i, ErrControlChar, msg, stricter || t.rootDone)
			return false, err
		}
	}
	return cr, nil
}

// ---- names ----

// scanQName reads a name at i: an ASCII NCName, optionally prefixed with
// another one and a colon. It returns the end offset and the colon's offset
// (-1 when there is none); end == i when no name starts at i.
func (t *Tokenizer) scanQName(i int) (end, colon int, err error) {
	s := t.src
	colon = -1
	if i >= len(s) {
		_, err = t.eof()
		return i, colon, err
	}
	if class[s[i]]&clNameStart == 0 {
		if s[i] == ':' {
			_, err = t.fail(i, ErrNamespace, "a name with an empty prefix before ':'")
			return i, colon, err
		}
		if s[i] >= utf8.RuneSelf {
			_, err = t.failStrict(i, ErrSyntax, "names are limited to ASCII letters, digits, '_', '-', '.' and one ':'")
			return i, colon, err
		}
		return i, colon, nil
	}
	j := i + 1
	for {
		for j < len(s) && class[s[j]]&clName != 0 {
			j++
		}
		if j >= len(s) {
			_, err = t.eof()
			return j, colon, err
		}
		if s[j] == ':' {
			if colon >= 0 {
				_, err = t.fail(i, ErrNamespace, "a name with more than one ':'")
				return j, colon, err
			}
			colon = j
			j++
			if j >= len(s) {
				_, err = t.eof()
				return j, colon, err
			}
			if class[s[j]]&clNameStart == 0 {
				_, err = t.fail(i, ErrNamespace, "a name with an empty local part after ':'")
				return j, colon, err
			}
			continue
		}
		if s[j] >= utf8.RuneSelf {
			_, err = t.failStrict(i, ErrSyntax, "names are limited to ASCII letters, digits, '_', '-', '.' and one ':'")
			return j, colon, err
		}
		return j, colon, nil
	}
}

func splitName(s string, start, end, colon int) Name {
	if colon < 0 {
		return Name{Local: s[start:end]}
	}
	return Name{Prefix: s[start:colon], Local: s[colon+1 : end]}
}

// ---- references ----

// checkRef checks the reference starting with '&' at s[i] and returns its
// length.
func (t *Tokenizer) checkRef(i int) (int, error) {
	s := t.src
	j := i + 1
	if j >= len(s) {
		_, err := t.eof()
		return 0, err
	}
	if s[j] == '#' {
		j++
		base := uint32(10)
		if j < len(s) && s[j] == 'x' {
			base = 16
			j++
		}
		start := j
		var v uint32
		over := false
		for j < len(s) {
			d := digitVal(s[j], base)
			if d < 0 {
				break
			}
			if !over {
				v = v*base + uint32(d)
				over = v > utf8.MaxRune
			}
			j++
		}
		if j >= len(s) {
			_, err := t.eof()
			return 0, err
		}
		if j == start || s[j] != ';' {
			_, err := t.fail(i, ErrSyntax, "invalid character reference "+refSnippet(s, i))
			return 0, err
		}
		if over || !isChar(rune(v)) {
			msg := "character reference " + s[i:j+1] + " is not an allowed character"
			if v >= 0xD800 && v <= 0xDFFF {
				_, err := t.failStrict(i, ErrCharRef, msg) // encoding/xml reads it as U+FFFD
				return 0, err
			}
			_, err := t.fail(i, ErrCharRef, msg)
			return 0, err
		}
		return j + 1 - i, nil
	}
	for j < len(s) && class[s[j]]&clName != 0 {
		j++
	}
	if j >= len(s) {
		_, err := t.eof()
		return 0, err
	}
	if j == i+1 || s[j] != ';' || class[s[i+1]]&clNameStart == 0 {
		_, err := t.fail(i, ErrSyntax, "invalid character entity "+refSnippet(s, i))
		return 0, err
	}
	switch s[i+1 : j] {
	case "lt", "gt", "amp", "apos", "quot":
		return j + 1 - i, nil
	}
	_, err := t.fail(i, ErrEntity, "undefined entity "+s[i:j+1]+" (only &lt; &gt; &amp; &apos; &quot;)")
	return 0, err
}

// refSnippet quotes a broken reference for an error: '&' and the name-like
// characters after it, with the ';' when one follows, at most 64 bytes.
func refSnippet(s string, i int) string {
	j := i + 1
	for j < len(s) && j-i < 64 && (class[s[j]]&clName != 0 || s[j] == '#' || s[j] == ':') {
		j++
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return s[i:j]
}

func digitVal(c byte, base uint32) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// isChar reports XML's Char production.
func isChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}

// unescape replaces the (already checked) references of raw and normalises
// line ends; cdata leaves '&' alone.
func unescape(raw string, cdata bool) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		switch c := raw[i]; {
		case c == '\r':
			b.WriteByte('\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case c == '&' && !cdata:
			end := i + strings.IndexByte(raw[i:], ';')
			ref := raw[i+1 : end]
			i = end + 1
			if ref[0] == '#' {
				base := 10
				if ref[1] == 'x' {
					base, ref = 16, ref[2:]
				} else {
					ref = ref[1:]
				}
				v, _ := strconv.ParseUint(ref, base, 32)
				b.WriteRune(rune(v))
				continue
			}
			switch ref {
			case "lt":
				b.WriteByte('<')
			case "gt":
				b.WriteByte('>')
			case "amp":
				b.WriteByte('&')
			case "apos":
				b.WriteByte('\'')
			case "quot":
				b.WriteByte('"')
			}
		default:
			j := i + 1
			for j < len(raw) && raw[j] != '\r' && (cdata || raw[j] != '&') {
				j++
			}
			b.WriteString(raw[i:j])
			i = j
		}
	}
	return b.String()
}

// ---- character data ----

func (t *Tokenizer) scanText() (Kind, error) {
	s := t.src
	i := t.pos
	esc := false
	for i < len(s) {
		if class[s[i]]&clText == 0 {
			i++
			continue
		}
		c := s[i]
		if c == '<' {
			break
		}
		switch c {
		case '&':
			n, err := t.checkRef(i)
			if err != nil {
				return EOF, err
			}
			esc = true
			i += n
		case '\r':
			esc = true
			i++
		case ']':
			if strings.HasPrefix(s[i:], "]]>") {
				return t.fail(i, ErrSyntax, "unescaped ]]> not in CDATA section")
			}
			i++
		default:
			if msg, bad := badChar(s, i); bad {
				return t.fail(i, ErrControlChar, msg)
			}
			i++
		}
	}
	t.text, t.textEsc, t.cdata = s[t.pos:i], esc, false
	t.pos = i
	t.kind = Text
	return Text, nil
}

func (t *Tokenizer) scanCDATA() (Kind, error) {
	s := t.src
	from := t.pos + len("<![CDATA[")
	k := strings.Index(s[from:], "]]>")
	if k < 0 {
		return t.eof()
	}
	cr, err := t.checkChars(from, from+k, false)
	if err != nil {
		return EOF, err
	}
	t.text, t.textEsc, t.cdata = s[from:from+k], cr, true
	t.pos = from + k + len("]]>")
	t.kind = Text
	return Text, nil
}

func (t *Tokenizer) scanComment() (Kind, error) {
	s := t.src
	from := t.pos + len("<!--")
	k := strings.Index(s[from:], "--")
	if k < 0 {
		return t.eof()
	}
	end := from + k
	if end+2 >= len(s) {
		return t.eof()
	}
	if s[end+2] != '>' {
		return t.fail(end, ErrSyntax, `invalid sequence "--" not allowed in comments`)
	}
	if _, err := t.checkChars(from, end, true); err != nil {
		return EOF, err
	}
	t.pos = end + 3
	return EOF, nil
}

// scanPI checks a processing instruction or the XML declaration.
func (t *Tokenizer) scanPI() (Kind, error) {
	s := t.src
	start := t.pos
	nameEnd, colon, err := t.scanQName(start + 2)
	if err != nil {
		return EOF, err
	}
	if nameEnd == start+2 {
		return t.fail(start, ErrSyntax, "expected target name after <?")
	}
	if colon >= 0 {
		return t.fail(start, ErrNamespace, "a processing instruction target with ':'")
	}
	target := s[start+2 : nameEnd]
	i := nameEnd
	if i+1 < len(s) && s[i] == '?' && s[i+1] == '>' {
		// no content
	} else {
		if i >= len(s) {
			return t.eof()
		}
		if !isSpace(s[i]) {
			return t.failStrict(i, ErrSyntax, "expected white space after the processing instruction target "+target)
		}
	}
	k := strings.Index(s[i:], "?>")
	if k < 0 {
		return t.eof()
	}
	end := i + k
	if _, err := t.checkChars(i, end, true); err != nil {
		return EOF, err
	}
	if strings.EqualFold(target, "xml") {
		atStart := start == 0 || start == len("\ufeff") && strings.HasPrefix(s, "\ufeff")
		if target != "xml" || !atStart {
			return t.failStrict(start, ErrSyntax, "the XML declaration may only open the document (and the target "+target+" is reserved)")
		}
		if _, err := t.xmlDecl(i, end); err != nil {
			return EOF, err
		}
	}
	t.pos = end + 2
	return EOF, nil
}

// xmlDecl checks the XML declaration's pseudo-attributes in s[i:end]:
// version "1.0", then optionally encoding (UTF-8 only) and standalone.
func (t *Tokenizer) xmlDecl(i, end int) (Kind, error) {
	s := t.src
	names := [...]string{"version", "encoding", "standalone"}
	next := 0
	for {
		j := i
		for j < end && isSpace(s[j]) {
			j++
		}
		if j == end {
			break
		}
		if j == i {
			return t.failStrict(j, ErrSyntax, "malformed XML declaration")
		}
		k := j
		for k < end && class[s[k]]&clName != 0 {
			k++
		}
		name := s[j:k]
		found := -1
		for n := next; n < len(names); n++ {
			if names[n] == name {
				found = n
				break
			}
		}
		if found < 0 || found == 0 && next != 0 || found > 0 && next == 0 {
			return t.failStrict(j, ErrSyntax, "malformed XML declaration")
		}
		next = found + 1
		for k < end && isSpace(s[k]) {
			k++
		}
		if k >= end || s[k] != '=' {
			return t.failStrict(k, ErrSyntax, "malformed XML declaration")
		}
		k++
		for k < end && isSpace(s[k]) {
			k++
		}
		if k >= end || s[k] != '"' && s[k] != '\'' {
			return t.failStrict(k, ErrSyntax, "malformed XML declaration")
		}
		q := strings.IndexByte(s[k+1:end], s[k])
		if q < 0 {
			return t.failStrict(k, ErrSyntax, "malformed XML declaration")
		}
		val := s[k+1 : k+1+q]
		switch name {
		case "version":
			if val != "1.0" {
				return t.failStrict(k, ErrSyntax, "unsupported XML version "+strconv.Quote(val)+"; only 1.0")
			}
		case "encoding":
			if !isEncName(val) {
				return t.failStrict(k, ErrSyntax, "malformed encoding name "+strconv.Quote(val))
			}
			if !strings.EqualFold(val, "utf-8") {
				return t.fail(k, ErrEncoding, "declared encoding "+strconv.Quote(val)+" is not UTF-8")
			}
		case "standalone":
			if val != "yes" && val != "no" {
				return t.failStrict(k, ErrSyntax, "standalone must be yes or no")
			}
		}
		i = k + 1 + q + 1
	}
	if next == 0 {
		return t.failStrict(i, ErrSyntax, "the XML declaration has no version")
	}
	return EOF, nil
}

func isEncName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if class[s[i]]&clName == 0 {
			return false
		}
	}
	return true
}

// ---- tags ----

func (t *Tokenizer) scanStart() (Kind, error) {
	s := t.src
	start := t.pos
	if len(t.stack) == 0 && t.rootDone {
		return t.fail(start, ErrRoot, "a second root element")
	}
	nameEnd, colon, err := t.scanQName(start + 1)
	if err != nil {
		return EOF, err
	}
	if nameEnd == start+1 {
		return t.fail(start, ErrSyntax, "expected element name after <")
	}
	qname := s[start+1 : nameEnd]
	name := splitName(s, start+1, nameEnd, colon)
	if len(t.stack) >= t.maxDepth {
		return t.fail(start, ErrDepth, fmt.Sprintf("element <%s> nested deeper than %d", qname, t.maxDepth))
	}
	t.attrs = t.attrs[:0]
	i := nameEnd
	empty := false
	for {
		ws := i
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t.eof()
		}
		c := s[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 >= len(s) {
				return t.eof()
			}
			if s[i+1] != '>' {
				return t.fail(i, ErrSyntax, "expected /> in element")
			}
			i += 2
			empty = true
			break
		}
		aStart := i
		aEnd, aColon, err := t.scanQName(i)
		if err != nil {
			return EOF, err
		}
		if aEnd == i {
			return t.fail(i, ErrSyntax, "expected attribute name in element <"+qname+">")
		}
		if ws == i {
			return t.failStrict(i, ErrSyntax, "expected white space before attribute "+s[aStart:aEnd])
		}
		if len(t.attrs) >= t.maxAttrs {
			return t.fail(aStart, ErrAttrCount, fmt.Sprintf("element <%s> has more than %d attributes", qname, t.maxAttrs))
		}
		i = aEnd
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t.eof()
		}
		if s[i] != '=' {
			return t.fail(i, ErrSyntax, "attribute name without = in element <"+qname+">")
		}
		i++
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t.eof()
		}
		q := s[i]
		if q != '"' && q != '\'' {
			return t.fail(i, ErrSyntax, "unquoted or missing attribute value in element <"+qname+">")
		}
		i++
		vStart := i
		esc := false
	value:
		for {
			for i < len(s) && class[s[i]]&clAttr == 0 {
				i++
			}
			if i >= len(s) {
				return t.eof()
			}
			switch c := s[i]; c {
			case q:
				break value
			case '"', '\'':
				i++
			case '<':
				return t.fail(i, ErrSyntax, "unescaped < inside attribute value")
			case '&':
				n, err := t.checkRef(i)
				if err != nil {
					return EOF, err
				}
				esc = true
				i += n
			case '\r':
				esc = true
				i++
			default:
				if msg, bad := badChar(s, i); bad {
					return t.fail(i, ErrControlChar, msg)
				}
				i++
			}
		}
		t.attrs = append(t.attrs, Attr{Name: splitName(s, aStart, aEnd, aColon), raw: s[vStart:i], esc: esc})
		i++ // closing quote
	}

	// Namespace declarations, then names resolved, then duplicates.
	nsLen := len(t.ns)
	for k := range t.attrs {
		a := &t.attrs[k]
		switch {
		case a.Name.Prefix == "xmlns":
			if err := t.declare(start, a.Name.Local, a.Value()); err != nil {
				return EOF, err
			}
			a.Name.Space = XMLNSNamespace
		case a.Name.Prefix == "" && a.Name.Local == "xmlns":
			if err := t.declare(start, "", a.Value()); err != nil {
				return EOF, err
			}
			a.Name.Space = XMLNSNamespace
		}
	}
	switch name.Prefix {
	case "xmlns":
		return t.fail(start, ErrNamespace, "element <"+qname+">: the prefix xmlns is reserved for declarations")
	default:
		uri, ok := t.lookup(name.Prefix)
		if !ok {
			return t.fail(start, ErrNamespace, "element <"+qname+">: prefix "+name.Prefix+" is not bound")
		}
		name.Space = uri
	}
	for k := range t.attrs {
		a := &t.attrs[k]
		if a.Name.Prefix == "" || a.Name.Prefix == "xmlns" {
			continue
		}
		uri, ok := t.lookup(a.Name.Prefix)
		if !ok {
			return t.fail(start, ErrNamespace, "attribute "+a.Name.Prefix+":"+a.Name.Local+" of <"+qname+">: prefix "+a.Name.Prefix+" is not bound")
		}
		a.Name.Space = uri
	}
	if err := t.checkDuplicates(start, qname); err != nil {
		return EOF, err
	}

	t.stack = append(t.stack, frame{qname: qname, name: name, nsLen: nsLen})
	t.name = name
	t.pos = i
	t.kind = StartElement
	t.pendingEnd = empty
	return StartElement, nil
}

// checkDuplicates refuses two attributes with the same qualified name, or
// with the same namespace URI and local name.
func (t *Tokenizer) checkDuplicates(start int, qname string) error {
	as := t.attrs
	same := func(a, b *Attr) bool {
		if a.Name.Local != b.Name.Local {
			return false
		}
		return a.Name.Prefix == b.Name.Prefix || a.Name.Prefix != "" && b.Name.Prefix != "" && a.Name.Space == b.Name.Space
	}
	if len(as) <= 16 {
		for i := 1; i < len(as); i++ {
			for j := 0; j < i; j++ {
				if same(&as[i], &as[j]) {
					return t.duplicate(start, qname, &as[i])
				}
			}
		}
		return nil
	}
	if t.seen == nil {
		t.seen = make(map[attrKey]bool, len(as))
	} else {
		clear(t.seen) // its size is bounded by MaxAttrs: linear still
	}
	seen := t.seen
	type key = attrKey
	for i := range as {
		a := &as[i]
		q := key{a.Name.Prefix, a.Name.Local}
		e := key{"\x00" + a.Name.Space, a.Name.Local}
		if seen[q] || a.Name.Prefix != "" && seen[e] {
			return t.duplicate(start, qname, a)
		}
		seen[q] = true
		if a.Name.Prefix != "" {
			seen[e] = true
		}
	}
	return nil
}

func (t *Tokenizer) duplicate(start int, qname string, a *Attr) error {
	n := a.Name.Local
	if a.Name.Prefix != "" {
		n = a.Name.Prefix + ":" + n
	}
	_, err := t.fail(start, ErrDuplicateAttr, "element <"+qname+"> carries attribute "+n+" twice")
	return err
}

// declare binds prefix ("" for the default namespace) to uri for the element
// being read.
func (t *Tokenizer) declare(start int, prefix, uri string) error {
	bad := ""
	switch {
	case prefix == "xmlns":
		bad = "the prefix xmlns may not be declared"
	case prefix == "xml" && uri != XMLNamespace:
		bad = "the prefix xml may only be bound to " + XMLNamespace
	case prefix != "xml" && uri == XMLNamespace:
		bad = "only the prefix xml may be bound to " + XMLNamespace
	case uri == XMLNSNamespace:
		bad = XMLNSNamespace + " may not be bound"
	case prefix != "" && uri == "":
		bad = "prefix " + prefix + " declared with an empty namespace URI"
	}
	if bad != "" {
		_, err := t.fail(start, ErrNamespace, bad)
		return err
	}
	prev := -1
	if t.nsTop != nil {
		if p, ok := t.nsTop[prefix]; ok {
			prev = p
		}
	} else {
		for k := len(t.ns) - 1; k >= 0; k-- {
			if t.ns[k].prefix == prefix {
				prev = k
				break
			}
		}
	}
	t.ns = append(t.ns, binding{prefix: prefix, uri: uri, prev: prev})
	if t.nsTop != nil {
		t.nsTop[prefix] = len(t.ns) - 1
	} else if len(t.ns) > nsLinear {
		t.nsTop = make(map[string]int, 2*len(t.ns))
		for k, b := range t.ns {
			t.nsTop[b.prefix] = k
		}
	}
	return nil
}

// lookup returns the URI bound to prefix ("" is the default namespace,
// unbound means no namespace).
func (t *Tokenizer) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return XMLNamespace, true
	}
	if t.nsTop != nil {
		if k, ok := t.nsTop[prefix]; ok {
			return t.ns[k].uri, true
		}
	} else {
		for k := len(t.ns) - 1; k >= 0; k-- {
			if t.ns[k].prefix == prefix {
				return t.ns[k].uri, true
			}
		}
	}
	return "", prefix == ""
}

func (t *Tokenizer) scanEnd() (Kind, error) {
	s := t.src
	start := t.pos
	nameEnd, _, err := t.scanQName(start + 2)
	if err != nil {
		return EOF, err
	}
	if nameEnd == start+2 {
		return t.fail(start, ErrSyntax, "expected element name after </")
	}
	qname := s[start+2 : nameEnd]
	i := nameEnd
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return t.eof()
	}
	if s[i] != '>' {
		return t.fail(i, ErrSyntax, "invalid characters between </"+qname+" and >")
	}
	if len(t.stack) == 0 {
		return t.fail(start, ErrEndTag, "unexpected end element </"+qname+">")
	}
	if top := t.stack[len(t.stack)-1].qname; top != qname {
		return t.fail(start, ErrEndTag, "element <"+top+"> closed by </"+qname+">")
	}
	t.pos = i + 1
	t.pop()
	t.kind = EndElement
	return EndElement, nil
}

// pop closes the innermost element: its name becomes the current one and its
// namespace declarations go out of scope.
func (t *Tokenizer) pop() {
	f := &t.stack[len(t.stack)-1]
	t.name = f.name
	for k := len(t.ns) - 1; k >= f.nsLen; k-- {
		if t.nsTop != nil {
			b := t.ns[k]
			if b.prev >= 0 {
				t.nsTop[b.prefix] = b.prev
			} else {
				delete(t.nsTop, b.prefix)
			}
		}
	}
	t.ns = t.ns[:f.nsLen]
	t.stack = t.stack[:len(t.stack)-1]
	if len(t.stack) == 0 {
		t.rootDone = true
	}
}
