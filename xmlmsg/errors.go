package xmlmsg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/redact"
)

// Sentinel errors: every error a decoder returns wraps exactly one of these,
// so a host can branch with errors.Is without parsing text.
var (
	// ErrMalformed: the input is not well-formed XML. The error is a
	// *SyntaxError carrying the line and column.
	ErrMalformed = errors.New("xmlmsg: not well-formed XML")
	// ErrWrongRoot: the document is XML but its root element is not the
	// message the decoder was asked for.
	ErrWrongRoot = errors.New("xmlmsg: wrong root element")
	// ErrUnsupportedVersion: the message names a version this package does not
	// decode.
	ErrUnsupportedVersion = errors.New("xmlmsg: unsupported message version")
	// ErrTooLarge: the input is larger than the decoder's byte limit. It is
	// detected before the rest of the body is read.
	ErrTooLarge = errors.New("xmlmsg: message too large")
	// ErrNotUTF8: the input holds bytes that are not valid UTF-8.
	ErrNotUTF8 = errors.New("xmlmsg: input is not valid UTF-8")
	// ErrInvalid: the message is well-formed but one or more fields break a
	// rule. The error is a *ValidationError listing every FieldError.
	ErrInvalid = errors.New("xmlmsg: invalid message")
)

// Rule names the rule a field broke. The values are stable strings a host may
// log or match on.
type Rule string

// The rules the decoders check.
const (
	RuleRequired      Rule = "required"       // the field must be present and not blank
	RuleMaxLength     Rule = "max-length"     // more characters than the field's positions
	RuleNumeric       Rule = "numeric"        // a numeric field holds something other than digits
	RuleDecimal       Rule = "decimal"        // an amount field is not a decimal number
	RuleAllowedValues Rule = "allowed-values" // the value is not one of the listed codes
	RuleDate          Rule = "date"           // a date that does not exist or has the wrong shape
	RuleFixedValue    Rule = "fixed-value"    // an envelope attribute must hold one exact value
	RuleMaxCount      Rule = "max-count"      // an element repeats more often than allowed
	RuleDuplicate     Rule = "duplicate"      // a key repeats where it must be unique
)

// FieldError is one broken rule on one field. Path names the element and
// attribute ("Header/@order_number", "transaction_header/@request_id"); Value
// is the value as received, with card numbers masked to their last four
// digits. Error shows the value through redact.Value: masked, and cut to a
// short prefix when long.
type FieldError struct {
	Path   string
	Value  string
	Rule   Rule
	Detail string // human explanation, e.g. "at most 30 characters"
}

// Error implements error: `Header/@order_number: value "…" breaks max-length (at most 30 characters)`.
// The whole text is masked (redact.Text).
func (e FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	b.WriteString(": value ")
	b.WriteString(fmt.Sprintf("%q", redact.Value(e.Value)))
	b.WriteString(" breaks ")
	b.WriteString(string(e.Rule))
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return redact.Text(b.String())
}

// ValidationError lists every field error found in one message (not only the
// first). errors.Is(err, ErrInvalid) holds for it.
type ValidationError struct {
	Message string // the message kind, e.g. "CWORDERIN" or "SubmitOrder"
	Errors  []FieldError
}

// Error implements error.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "xmlmsg: invalid %s: %d field error(s)", e.Message, len(e.Errors))
	for i, fe := range e.Errors {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-5)
			break
		}
		b.WriteString("; ")
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Is reports ErrInvalid as the kind of every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Has reports whether some field error has the given path and rule.
func (e *ValidationError) Has(path string, rule Rule) bool {
	for _, fe := range e.Errors {
		if fe.Path == path && fe.Rule == rule {
			return true
		}
	}
	return false
}

// SyntaxError reports input that is not well-formed XML (or not UTF-8), with
// the 1-based line and column where the parser stopped. It wraps ErrMalformed
// or ErrNotUTF8.
type SyntaxError struct {
	Message string // the message kind the decoder expected
	Line    int
	Column  int
	Msg     string // the parser's explanation
	Kind    error  // ErrMalformed or ErrNotUTF8
}

// Error implements error: "xmlmsg: SubmitOrder: line 64, column 3: …".
// The parser quotes input in some explanations; the text is masked
// (redact.Text).
func (e *SyntaxError) Error() string {
	return redact.Text(fmt.Sprintf("%v: %s: line %d, column %d: %s", e.Kind, e.Message, e.Line, e.Column, e.Msg))
}

// Unwrap returns the sentinel kind.
func (e *SyntaxError) Unwrap() error { return e.Kind }

// RootError reports a document whose root element is not the one expected.
// It wraps ErrWrongRoot.
type RootError struct {
	Want []string // acceptable local names
	Got  string   // the local name found
}

// Error implements error.
func (e *RootError) Error() string {
	return redact.Text(fmt.Sprintf("%v: got <%s>, want <%s>", ErrWrongRoot, redact.Value(e.Got), strings.Join(e.Want, "> or <")))
}

// Unwrap returns ErrWrongRoot.
func (e *RootError) Unwrap() error { return ErrWrongRoot }

// VersionError reports a version the decoder does not support. It wraps
// ErrUnsupportedVersion.
type VersionError struct {
	Message   string
	Version   string
	Supported []string
}

// Error implements error.
func (e *VersionError) Error() string {
	return redact.Text(fmt.Sprintf("%v: %s version %q (supported: %s)", ErrUnsupportedVersion, e.Message, redact.Value(e.Version), strings.Join(e.Supported, ", ")))
}

// Unwrap returns ErrUnsupportedVersion.
func (e *VersionError) Unwrap() error { return ErrUnsupportedVersion }

// SizeError reports input over the byte limit. It wraps ErrTooLarge.
type SizeError struct {
	Limit int64
}

// Error implements error.
func (e *SizeError) Error() string {
	return fmt.Sprintf("%v: more than %d bytes", ErrTooLarge, e.Limit)
}

// Unwrap returns ErrTooLarge.
func (e *SizeError) Unwrap() error { return ErrTooLarge }

// MaskCard masks every digit of a card number except the last four with '*'
// (message-formats.md §1.5); non-digits are kept so the shape stays
// readable.
//
// Deprecated: use redact.Card, the module's one masking mechanism, which
// this calls.
func MaskCard(s string) string { return redact.Card(s) }
