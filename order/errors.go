package order

import (
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/redact"
)

// Sentinel errors callers branch on. A *FieldError wraps one of them, so
// errors.Is works on a single field error and on a *ValidationError holding
// it.
var (
	// ErrDuplicateOrder: an order_number that was already taken in with a
	// different payload (ORD-010). Nothing is written.
	ErrDuplicateOrder = errors.New("order: duplicate order number")
	// ErrNotFound: the order named by rdc_order_nbr does not exist (ORD-057).
	ErrNotFound = errors.New("order: not found")
	// ErrRejected: the message is rejected as a whole and nothing is written.
	ErrRejected = errors.New("order: message rejected")
	// ErrInvalidValue: an attribute has a value outside its domain (wrong
	// code, length, range or format).
	ErrInvalidValue = errors.New("invalid value")
	// ErrMissingValue: a required attribute is blank.
	ErrMissingValue = errors.New("missing value")
	// ErrUnsupported: the message asks for a feature the order interface
	// does not support (ORD-085 to ORD-087).
	ErrUnsupported = errors.New("feature not supported by the order interface")
	// ErrBatchNumberUsed: a first batch order names a batch number already
	// used (ORD-012).
	ErrBatchNumberUsed = errors.New("batch number already used")
	// ErrItemNotFound: no item resolution step found the item (ORD-080).
	ErrItemNotFound = errors.New("item not found")
	// ErrInvalidRep: the sales rep cannot be resolved (ORD-082).
	ErrInvalidRep = errors.New("invalid sales rep")
)

// Level is where on the order an error sits.
type Level string

// Error levels: message-level errors reject the message; the others put the
// order in error.
const (
	LevelMessage Level = "message"
	LevelHeader  Level = "header"
	LevelDetail  Level = "detail"
	LevelPayment Level = "payment"
)

// Reason texts the order edit puts on an order in error. Texts quoted in the
// source are marked with their rule; the others are this library's own
// (inferred) wording.
const (
	ReasonItemNotValidForWhs   = "Item not valid for whs"   // ORD-027
	ReasonBaseItemDoesNotExist = "Base item does not exist" // ORD-080
	ReasonInvalidCoupon        = "Invalid coupon"           // ORD-068
	ReasonInvalidRep           = "Invalid salesrep"         // ORD-082 (text inferred)
	ReasonMissingRep           = "Salesrep required"        // ORD-063 (text inferred)
	ReasonOverLimit            = "Message exceeds 65,000 characters"
	// ReasonTooManyDecimals: an amount has more decimal places than its
	// currency allows (MinorUnits).
	ReasonTooManyDecimals = "More decimal places than the currency allows"
	ReasonInvalidValue    = "Invalid value"
	ReasonMissingValue    = "Missing value"
	ReasonPaymentTotal    = "Payments do not equal order total"
	ReasonCurrency        = "Payment currency differs from order"
	ReasonNoShipTo        = "No ship-to"
	ReasonNoLines         = "No order lines"
	ReasonDuplicateLine   = "Duplicate line number"
	ReasonUnsupported     = "Feature not supported"
	ReasonSetComponent    = "Set component sent with its master"
)

// HoldMaxMerchandise is the hold reason for an order over the maximum
// merchandise total (ORD-065).
const HoldMaxMerchandise = "EH"

// FieldError is one invalid field: where it is, the attribute, the value as
// received (card numbers masked: a cc_number value to its last four digits,
// any other run of 13 or more digits too, see redact.Text), the spec rule
// and the reason text.
type FieldError struct {
	Level     Level
	Path      string // e.g. "ShipTo[1]/Item[2]"
	Attribute string // e.g. "quantity"
	Value     string
	Rule      string // spec rule id, e.g. "ORD-080"
	Reason    string // reason text put on the order
	Err       error  // sentinel, e.g. ErrInvalidValue
}

// Error names the element, attribute, value, reason and rule. The value is
// shown by redact.Value (masked, cut to a short prefix when long) and the
// whole text is masked.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Level))
	if e.Path != "" {
		b.WriteString(" ")
		b.WriteString(e.Path)
	}
	if e.Attribute != "" {
		b.WriteString("@")
		b.WriteString(e.Attribute)
	}
	fmt.Fprintf(&b, " %q: %s", redact.Value(e.Value), e.Reason)
	if e.Rule != "" {
		b.WriteString(" (")
		b.WriteString(e.Rule)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return redact.Text(b.String())
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every field error found (not the first only).
type ValidationError struct {
	OrderNumber string
	Errors      []*FieldError
}

// Error lists the field errors; the order number is shown by redact.Value
// (masked, long values cut), as every value is.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		parts[i] = fe.Error()
	}
	return redact.Text(fmt.Sprintf("order %s: %d error(s): %s", redact.Value(e.OrderNumber), len(e.Errors), strings.Join(parts, "; ")))
}

// Unwrap exposes every field error to errors.Is and errors.As.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

// errorList collects field errors.
type errorList []*FieldError

// add records one error; its value is masked (redact.Text) before it is
// kept, so no card number reaches the stored order or the response.
func (l *errorList) add(level Level, path, attr, value, rule, reason string, err error) {
	*l = append(*l, &FieldError{Level: level, Path: path, Attribute: attr, Value: redact.Text(value), Rule: rule, Reason: reason, Err: err})
}
