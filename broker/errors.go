package broker

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on. Every error the package returns wraps one
// of these (or a context error) and names the thing and the value.
var (
	// ErrInvalidTransition: the flow forbids the event in the record's status.
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrUnknownStatus: a status letter or OB status word the tables do not know.
	ErrUnknownStatus = errors.New("unknown status")
	// ErrUnknownRequest: a response names a request ID (or line) that matches no record.
	ErrUnknownRequest = errors.New("unknown request")
	// ErrContradiction: a response contradicts the record it is applied to.
	ErrContradiction = errors.New("response contradicts record")
	// ErrUnavailable: OB did not answer (timeout, connection down, 5xx). The
	// message may or may not have arrived.
	ErrUnavailable = errors.New("order broker unavailable")
	// ErrRejected: OB answered with an error response. Use errors.As with
	// *[RejectedError] for the code and text.
	ErrRejected = errors.New("order broker rejected the request")
	// ErrMalformed: OB answered with something that could not be read.
	ErrMalformed = errors.New("malformed order broker response")
	// ErrInvalidInput: an input struct is missing something a rule needs.
	ErrInvalidInput = errors.New("invalid input")
)

// DuplicateOrderCode is the OB error code for "Duplicate Order/line" (BRK-063).
const DuplicateOrderCode = "2040"

// TransitionError says which flow, record status and event were refused. It
// wraps [ErrInvalidTransition] (or [ErrUnknownStatus] for an unknown status).
type TransitionError struct {
	Flow   string
	Record string // record identity, e.g. "order 8953-001 line 2"
	From   Status
	Event  EventKind
	Reason string
	kind   error
}

// Error implements error.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("broker: flow %s: %s in status %s: event %q: %s", e.Flow, e.Record, e.From, e.Event, e.Reason)
}

// Unwrap returns the sentinel the error is classified by.
func (e *TransitionError) Unwrap() error {
	if e.kind == nil {
		return ErrInvalidTransition
	}
	return e.kind
}

// RejectedError is an error response from OB (a non-zero response code, or
// FAILED). It wraps [ErrRejected].
type RejectedError struct {
	Code        string // e.g. "2040"
	Description string // e.g. "Duplicate Order/line"
}

// Error implements error.
func (e *RejectedError) Error() string {
	return fmt.Sprintf("broker: order broker rejected the request: code %q: %s", e.Code, e.Description)
}

// Unwrap returns [ErrRejected].
func (e *RejectedError) Unwrap() error { return ErrRejected }

// IsDuplicateOrder reports whether err is OB error 2040 "Duplicate Order/line".
func IsDuplicateOrder(err error) bool {
	var r *RejectedError
	return errors.As(err, &r) && r.Code == DuplicateOrderCode
}
