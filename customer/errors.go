package customer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/redact"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrNotFound is returned by finders when a record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalidField marks a request attribute with a wrong type, length or
	// value; the error is a *FieldError.
	ErrInvalidField = errors.New("invalid field")
	// ErrInsufficientIdentity means nothing matched and the request does not
	// carry enough name and address to create a customer.
	ErrInsufficientIdentity = errors.New("not enough name and address to create a customer")
	// ErrGhostLoop means a chain of merged (ghost) customers loops back on
	// itself (CUS-017); the error is a *GhostLoopError.
	ErrGhostLoop = errors.New("ghost chain loops")
	// ErrMatchRulesMismatch means a store was asked for a match key built
	// under other F70 rules than the ones it indexes.
	ErrMatchRulesMismatch = errors.New("match key built under other match rules")
	// ErrSoldToExists is returned by Writer.CreateSoldTo when a sold-to with
	// the same name-and-address match key was created through CreateSoldTo
	// and still has that key: two intakes raced to create the same new
	// customer and the other won. The existing customer is returned next to
	// the error, and nothing is written.
	ErrSoldToExists = errors.New("sold-to already created under this match key")
)

// FieldError says which attribute was wrong, the value received and the rule
// it broke. It unwraps to ErrInvalidField, or to Err when set.
type FieldError struct {
	Field string // attribute name as in the message, e.g. "customer_number"
	Value string // the value received
	Rule  string // what was expected, e.g. "numeric, at most 9 digits"
	Err   error  // a more specific sentinel; nil means ErrInvalidField
}

// Error names the field, the value and the rule. The value is shown by
// redact.Value (card numbers masked, long values cut to a short prefix).
func (e *FieldError) Error() string {
	return redact.Text(fmt.Sprintf("%s %q: %s", e.Field, redact.Value(e.Value), e.Rule))
}

// Unwrap returns the sentinel the error belongs to.
func (e *FieldError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return ErrInvalidField
}

// ValidationError collects every field error of one request. errors.As finds
// it, and errors.Is finds the sentinels of its field errors.
type ValidationError struct {
	Errors []*FieldError // every bad field, in the order found
}

// Error lists the field errors.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		parts[i] = fe.Error()
	}
	return "invalid customer data: " + strings.Join(parts, "; ")
}

// Unwrap returns the field errors.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

func validation(errs []*FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: errs}
}

// GhostLoopError reports a ghost chain that comes back to a customer already
// visited, e.g. "customer 123: ghost chain loops back to 123 (123 -> 456 -> 123)".
type GhostLoopError struct {
	Chain []Number // the customers visited, ending with the repeated one
}

// Error names the first customer and the chain.
func (e *GhostLoopError) Error() string {
	parts := make([]string, len(e.Chain))
	for i, n := range e.Chain {
		parts[i] = n.String()
	}
	return fmt.Sprintf("customer %s: ghost chain loops back to %s (%s)",
		e.Chain[0], e.Chain[len(e.Chain)-1], strings.Join(parts, " -> "))
}

// Unwrap returns ErrGhostLoop.
func (e *GhostLoopError) Unwrap() error { return ErrGhostLoop }
