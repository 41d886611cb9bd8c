package xmltok

import (
	"errors"
	"fmt"
)

// The rules of the safety contract. Every error Next returns is an *Error
// whose Rule is one of these, so a caller can tell them apart with
// errors.Is.
var (
	// ErrSyntax: the input breaks XML's well-formedness rules in a way no
	// other rule names (a missing '>', an unterminated comment, unexpected
	// end of input, …).
	ErrSyntax = errors.New("xmltok: not well-formed")
	// ErrNotUTF8: the input holds a byte sequence that is not UTF-8.
	ErrNotUTF8 = errors.New("xmltok: not UTF-8")
	// ErrDOCTYPE: the document carries a document type declaration. It is
	// refused outright, so no entity of any kind is ever defined or expanded.
	ErrDOCTYPE = errors.New("xmltok: DOCTYPE not allowed")
	// ErrEntity: a reference to an entity other than the five predefined ones
	// (lt, gt, amp, apos, quot).
	ErrEntity = errors.New("xmltok: undefined entity")
	// ErrCharRef: a character reference to U+0000, a C0 control other than
	// tab, line feed and carriage return, a surrogate, U+FFFE, U+FFFF or a
	// value above U+10FFFF.
	ErrCharRef = errors.New("xmltok: character reference out of range")
	// ErrDepth: elements nested deeper than Options.MaxDepth.
	ErrDepth = errors.New("xmltok: elements nested too deep")
	// ErrAttrCount: an element with more than Options.MaxAttrs attributes.
	ErrAttrCount = errors.New("xmltok: too many attributes")
	// ErrDuplicateAttr: an element carries the same attribute twice (the same
	// qualified name, or the same namespace URI and local name).
	ErrDuplicateAttr = errors.New("xmltok: duplicate attribute")
	// ErrEndTag: an end tag that does not match the open element, or one with
	// no element open.
	ErrEndTag = errors.New("xmltok: mismatched end tag")
	// ErrRoot: not exactly one root element, or something other than white
	// space, comments and processing instructions outside it.
	ErrRoot = errors.New("xmltok: not exactly one root element")
	// ErrControlChar: a character outside XML's Char production — a C0
	// control other than tab, line feed and carriage return, U+FFFE or
	// U+FFFF — anywhere in the document.
	ErrControlChar = errors.New("xmltok: control character")
	// ErrEncoding: the XML declaration names an encoding other than UTF-8.
	ErrEncoding = errors.New("xmltok: encoding is not UTF-8")
	// ErrNamespace: a prefix that is not bound, or a namespace declaration
	// that XML Namespaces 1.0 forbids (an empty URI for a prefix, the xmlns
	// prefix, the xml prefix or the reserved URIs bound otherwise).
	ErrNamespace = errors.New("xmltok: namespace error")
)

// Error is what Next returns for input that breaks a rule: the rule, the
// byte offset where the offending construct starts (the end of the input for
// an unexpected end), its 1-based line and column (the column counts
// characters, not bytes) and an explanation.
type Error struct {
	Rule   error
	Offset int
	Line   int
	Column int
	Msg    string

	stricter bool
}

// Stricter reports whether the rule broken is one encoding/xml does not
// enforce there (Strict set, as Unmarshal reads a document: up to the end of
// the root element): one of the cases the package documentation lists.
func (e *Error) Stricter() bool { return e.stricter }

// Error implements error: "xmltok: line L, column C: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("xmltok: line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Unwrap returns the rule, so errors.Is(err, ErrDOCTYPE) and the like work.
func (e *Error) Unwrap() error { return e.Rule }
