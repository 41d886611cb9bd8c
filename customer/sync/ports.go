package sync

//go:generate go tool mockgen -source=ports.go -destination=mock_ports_test.go -package=sync

import (
	"context"
	"time"
)

// JobID identifies an asynchronous import job (NRC-017).
type JobID string

// Mode is an import mode (NRC-019).
type Mode string

// Import modes.
const (
	Delta Mode = "delta" // only what changed since the last import (the default)
	Full  Mode = "full"  // everything
)

// JobState is an import job's state (NRC-017). The source does not list the
// platform's values (customer-sync.md Z-08); adapters map theirs onto these.
type JobState string

// Job states.
const (
	JobQueued    JobState = "queued"
	JobRunning   JobState = "running"
	JobSucceeded JobState = "succeeded"
	JobFailed    JobState = "failed" // some or all items failed; see Job.Failed
)

// Done reports whether the job will not change any more.
func (s JobState) Done() bool { return s == JobSucceeded || s == JobFailed }

// ItemError is one item of an import job that failed. Item is the item's
// identifier as sent (code, email or organisation number).
type ItemError struct {
	Item    string `json:"item"`
	Message string `json:"message"`
}

// Job is the status of an import job (NRC-017).
type Job struct {
	ID        JobID       `json:"id"`
	State     JobState    `json:"state"`
	Total     int         `json:"total"`
	Processed int         `json:"processed"`
	Changed   int         `json:"changed"` // items that differed and were updated (NRC-018)
	Failed    []ItemError `json:"failed,omitempty"`
}

// Importer is the platform's write/integration API role (NRC-002; Norce
// Commerce Connect): asynchronous imports that return a job id (NRC-017).
type Importer interface {
	ImportCustomers(ctx context.Context, persons []Person, mode Mode) (JobID, error)
	ImportCompanies(ctx context.Context, companies []Company, mode Mode) (JobID, error)
	Job(ctx context.Context, id JobID) (Job, error)
}

// Querier is the platform's query API role (NRC-002; Norce Commerce Query).
// A look-up that finds nothing returns an error matching ErrNotFound.
type Querier interface {
	Person(ctx context.Context, id Identity) (Person, error)
	Company(ctx context.Context, id Identity) (Company, error)
}

// Event is a notification from the platform's event bus (NRC-021). Only the
// type and the entity reference are used; the entity is always looked up.
type Event struct {
	ID       string    `json:"id"`
	Type     string    `json:"type"`
	EntityID string    `json:"entityId"` // the platform's internal id
	Occurred time.Time `json:"occurred"`
	// Payload is whatever the bus carried; the library never forwards it.
	Payload map[string]string `json:"payload,omitempty"`
}

// EventSource is the platform's event bus role (NRC-002; Norce Commerce
// Event). Poll returns events not acknowledged yet, oldest first; an event
// is delivered again until acknowledged.
type EventSource interface {
	Poll(ctx context.Context, max int) ([]Event, error)
	Ack(ctx context.Context, ids []string) error
}

// ERPRecord is a customer record in the ERP's own terms. Kind is the ERP's
// record kind (e.g. "person", "organisation"); Parent links a contact to
// its organisation's code. Fields hold whatever else a Mapper carries.
type ERPRecord struct {
	Kind           string            `json:"kind"`
	Code           string            `json:"code,omitempty"`
	Name           string            `json:"name,omitempty"`
	Email          string            `json:"email,omitempty"`
	OrganizationNo string            `json:"organizationNo,omitempty"`
	Phone          string            `json:"phone,omitempty"`
	Parent         string            `json:"parent,omitempty"`
	Fields         map[string]string `json:"fields,omitempty"`
}

// ERP is the host's ERP client. Create and Update are idempotent per key:
// called again with the same key, Create returns the code it created the
// first time and Update changes nothing more.
type ERP interface {
	Create(ctx context.Context, key string, recs []ERPRecord) (code string, err error)
	Update(ctx context.Context, key string, recs []ERPRecord) error
	Customers(ctx context.Context) ([]ERPRecord, error)
}

// Mapper maps the platform's two-entity model onto the ERP's model (NRC-004).
// An entity may map to any number of ERP records.
type Mapper interface {
	PersonToERP(p Person) ([]ERPRecord, error)
	CompanyToERP(c Company) ([]ERPRecord, error)
}
