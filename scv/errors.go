package scv

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors. Every FieldError wraps exactly one of them, so callers can
// branch with errors.Is on the error returned by Load, LoadJSON or Set.With.
var (
	// ErrUnknownCode: the code is not in the catalog (secured features such
	// as B19 included: they are not SCVs).
	ErrUnknownCode = errors.New("unknown system control value code")
	// ErrInvalidValue: the value does not fit the value's kind (a flag that
	// is not Y/N, a number with letters, …).
	ErrInvalidValue = errors.New("invalid system control value")
	// ErrDuplicateCode: the same code appears twice in one input, e.g. a
	// JSON object with the key "M31" twice, or "M31" and "m31".
	ErrDuplicateCode = errors.New("duplicate system control value code")
)

// FieldError is one rejected code/value pair.
type FieldError struct {
	// Code is the code as given in the input (normalized to upper case when
	// it names a known code).
	Code Code
	// Value is the value as given (for JSON, the JSON text of non-strings).
	Value string
	// Rule says what is wrong, e.g. `is not a flag (Y/N)`.
	Rule string
	// Err is the sentinel: ErrUnknownCode, ErrInvalidValue or
	// ErrDuplicateCode.
	Err error
}

// Error returns a message naming the code and the value, e.g.
// `scv M31: value "maybe" is not a flag (Y/N)`.
func (e *FieldError) Error() string {
	if errors.Is(e.Err, ErrUnknownCode) || errors.Is(e.Err, ErrDuplicateCode) {
		return "scv " + quoteCode(e.Code) + ": " + e.Rule
	}
	return "scv " + quoteCode(e.Code) + ": value " + quoteValue(e.Value) + " " + e.Rule
}

// Unwrap returns the sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError lists every rejected code/value pair of one input, sorted
// by code. Find it with errors.As; errors.Is finds each field's sentinel.
type ValidationError struct {
	// Fields holds every problem found, not only the first.
	Fields []FieldError
}

// Error joins the field messages.
func (e *ValidationError) Error() string {
	if len(e.Fields) == 1 {
		return e.Fields[0].Error()
	}
	var b strings.Builder
	b.WriteString("scv: ")
	b.WriteString(strconv.Itoa(len(e.Fields)))
	b.WriteString(" invalid system control values: ")
	for i := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Fields[i].Error())
	}
	return b.String()
}

// Unwrap returns each field error, so errors.Is(err, ErrUnknownCode) and
// errors.As(err, &fieldErr) see all of them.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Fields))
	for i := range e.Fields {
		out[i] = &e.Fields[i]
	}
	return out
}

// maxShown bounds how much of a value or code an error message repeats.
const maxShown = 64

func quoteValue(v string) string {
	if len(v) > maxShown {
		cut := maxShown
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut] + "…"
	}
	return strconv.Quote(v)
}

// quoteCode prints a well-formed code bare (M31) and anything else quoted.
func quoteCode(c Code) string {
	s := string(c)
	if s != "" && len(s) <= 8 && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) < 0 {
		return s
	}
	return quoteValue(s)
}
