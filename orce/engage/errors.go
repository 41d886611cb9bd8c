package engage

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrInvalid marks a record that fails local format validation (ENG-022).
	ErrInvalid = errors.New("engage: invalid record")
	// ErrNotFound marks an order, job or entry that does not exist.
	ErrNotFound = errors.New("engage: not found")
	// ErrDuplicateReceipt marks a second registration of a receipt (ENG-003).
	ErrDuplicateReceipt = errors.New("engage: receipt already registered")
	// ErrStaleVersion marks an update or action whose version tag is not the
	// order's current one (optimistic concurrency).
	ErrStaleVersion = errors.New("engage: stale version tag")
	// ErrVersionTagRequired marks an action triggered without a version tag
	// (ENG-012).
	ErrVersionTagRequired = errors.New("engage: version token required")
	// ErrNotProcessed marks an action whose change has not been processed yet
	// (ENG-013).
	ErrNotProcessed = errors.New("engage: change not processed yet")
	// ErrJobTimeout marks a wait for a job that ran past its timeout (ENG-010).
	ErrJobTimeout = errors.New("engage: timed out waiting for job")
	// ErrJobFailed marks a job the platform could not process (ENG-023).
	ErrJobFailed = errors.New("engage: job failed")
	// ErrUnavailable marks a platform that timed out or answered 5xx; the
	// call may be retried.
	ErrUnavailable = errors.New("engage: platform unavailable")
	// ErrBadResponse marks an answer from the platform that could not be
	// read; the outcome is unknown and the call may be retried.
	ErrBadResponse = errors.New("engage: unreadable platform response")
)

// Retryable reports whether err leaves the outcome open so that sending the
// same change again later is the right move (timeouts, 5xx, garbage).
func Retryable(err error) bool {
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrBadResponse)
}

// FieldError is one format problem: where, which value, which rule (ENG-022).
type FieldError struct {
	Path  string `json:"path"`
	Value string `json:"value"`
	Rule  string `json:"rule"`
}

// String renders the field error as "path=value: rule".
func (f FieldError) String() string {
	return fmt.Sprintf("%s=%q: %s", f.Path, f.Value, f.Rule)
}

// ValidationError lists every format problem of one record. It matches
// ErrInvalid with errors.Is and is found with errors.As (ENG-022).
type ValidationError struct {
	// Record names the record, e.g. "order O-1" or "receipt R-1".
	Record string
	// Fields are the problems found, in field order.
	Fields []FieldError
}

// Error lists the record and every field problem.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.String()
	}
	return fmt.Sprintf("%s: invalid: %s", e.Record, strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// DuplicateReceiptError reports a second registration of a receipt; it
// matches ErrDuplicateReceipt (ENG-003).
type DuplicateReceiptError struct {
	// Receipt is the id registered twice.
	Receipt ReceiptID
	// Changed is true when the second registration carried different
	// content: receipts can never change.
	Changed bool
}

// Error names the receipt and whether its content differed.
func (e *DuplicateReceiptError) Error() string {
	if e.Changed {
		return fmt.Sprintf("receipt %s: already registered; receipts never change, the new content is refused", e.Receipt)
	}
	return fmt.Sprintf("receipt %s: already registered", e.Receipt)
}

// Is makes errors.Is(err, ErrDuplicateReceipt) true.
func (e *DuplicateReceiptError) Is(target error) bool { return target == ErrDuplicateReceipt }
