// Package synchttp implements the customer/sync platform roles Importer,
// Querier and EventSource over HTTP+JSON with net/http (customer-sync.md
// NRC-002, NRC-017, NRC-021). Seed 003 names the operations (ImportCustomers,
// ImportCompanies and Job/Get on the write API, customer and company
// look-ups on the query API, the changed-notification events on the bus)
// but not their wire format, so the paths below are this adapter's own; the
// synctest simulator serves the same ones.
//
// Errors map onto the sync sentinels: 404 gives sync.ErrNotFound, 400 a
// *sync.ValidationError, 5xx and timeouts sync.ErrUnavailable and an
// unreadable 2xx body sync.ErrBadResponse.
package synchttp
