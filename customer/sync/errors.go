package sync

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrInvalid marks an entity that fails validation.
	ErrInvalid = errors.New("sync: invalid entity")
	// ErrNotFound marks an entity or job that does not exist.
	ErrNotFound = errors.New("sync: not found")
	// ErrNoIdentifier marks an entity with neither an external code nor its
	// fallback identifier (NRC-011).
	ErrNoIdentifier = errors.New("sync: no identifier")
	// ErrCodeConflict marks the same entity carrying different codes where
	// the scope allows only one (NRC-013).
	ErrCodeConflict = errors.New("sync: code conflict")
	// ErrMissingContact marks a company whose contact by reference does not
	// exist in the platform (NRC-006).
	ErrMissingContact = errors.New("sync: contact does not exist")
	// ErrScopeNotSet marks settings without a uniqueness scope (NRC-013).
	ErrScopeNotSet = errors.New("sync: uniqueness scope not set")
	// ErrImportFailed marks an import job that failed in whole or in part
	// (NRC-017).
	ErrImportFailed = errors.New("sync: import failed")
	// ErrJobTimeout marks a wait for a job that ran past its timeout.
	ErrJobTimeout = errors.New("sync: timed out waiting for job")
	// ErrUnavailable marks a platform or ERP that timed out or answered 5xx;
	// the call may be retried.
	ErrUnavailable = errors.New("sync: system unavailable")
	// ErrBadResponse marks an answer that could not be read; the outcome is
	// unknown and the call may be retried.
	ErrBadResponse = errors.New("sync: unreadable response")
)

// Retryable reports whether err leaves the outcome open, so the same call
// may be made again later (timeouts, 5xx, garbage).
func Retryable(err error) bool {
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrBadResponse)
}

// FieldError is one validation problem: where, which value, which rule.
type FieldError struct {
	Path  string `json:"path"`
	Value string `json:"value"`
	Rule  string `json:"rule"`
}

// ValidationError lists every problem of one entity; it matches ErrInvalid.
type ValidationError struct {
	Record string // e.g. "person ann@x" or "company ACME"
	Fields []FieldError
}

// Error names the record and every field problem.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = fmt.Sprintf("%s=%q: %s", f.Path, f.Value, f.Rule)
	}
	return e.Record + ": invalid: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// MissingContactError names a company and a contact code that does not exist
// in the platform (NRC-006); it matches ErrMissingContact.
type MissingContactError struct {
	Company string
	Contact string
}

// Error reads "company ACME: contact C200 does not exist".
func (e *MissingContactError) Error() string {
	return fmt.Sprintf("company %s: contact %s does not exist", e.Company, e.Contact)
}

// Is makes errors.Is(err, ErrMissingContact) true.
func (e *MissingContactError) Is(target error) bool { return target == ErrMissingContact }

// CodeConflictError names an entity seen with two codes where the scope
// allows one (NRC-013); it matches ErrCodeConflict.
type CodeConflictError struct {
	Entity string // the fallback identifier, e.g. "person p@x"
	Codes  []string
	Scope  Scope
}

// Error names the entity, the codes and the scope.
func (e *CodeConflictError) Error() string {
	return fmt.Sprintf("%s: codes %s conflict under %s", e.Entity, strings.Join(e.Codes, ", "), e.Scope)
}

// Is makes errors.Is(err, ErrCodeConflict) true.
func (e *CodeConflictError) Is(target error) bool { return target == ErrCodeConflict }

// ImportError reports the items of an import job that failed (NRC-017); it
// matches ErrImportFailed.
type ImportError struct {
	Job    JobID
	Failed []ItemError
}

// Error names the job and each failed item.
func (e *ImportError) Error() string {
	parts := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		parts[i] = f.Item + ": " + f.Message
	}
	return fmt.Sprintf("import job %s: %d item(s) failed: %s", e.Job, len(e.Failed), strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrImportFailed) true.
func (e *ImportError) Is(target error) bool { return target == ErrImportFailed }
