// Package synctest holds simulators for the customer/sync package
// (customer-sync.md): Platform, an in-process commerce platform served as an
// http.Handler on the synchttp paths (write API with asynchronous import
// jobs, query API, event bus), and ERP, an in-memory ERP that implements
// sync.ERP. Both inject faults: timeouts, 5xx and garbage, before or after
// the change is committed, and import jobs that fail halfway.
//
// Platform keeps persons and companies with their internal ids, matches
// imports by code and then by email or organisation number under the
// configured scope, updates only what differs (NRC-018), refuses contacts by
// reference that do not exist (NRC-006), a second account for the same
// application (NRC-005) and internal ids set by the integration (NRC-008),
// emits changed-notification events for front-end edits (NRC-021) and
// scrambles persons for GDPR (NRC-024).
package synctest
