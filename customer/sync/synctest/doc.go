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
// scrambles persons for GDPR (NRC-024); an import never writes personal
// data back onto a scrambled person.
//
// # Import jobs and the asynchronous window
//
// An import returns a job id at once; when its content shows through the
// query API is up to the test (NRC-017):
//
//   - by default a job is applied when it is submitted, and its status
//     reads "running" for WithPolls reads before it reports the outcome;
//   - WithJobDelay(d) (with WithClock) keeps each job "queued" until d has
//     passed on the platform's clock;
//   - WithManualJobs keeps every job queued until the test calls
//     ProcessJobs(n) or ProcessAllJobs: the window between the job id and
//     its effect stays open for as long as the test needs;
//   - FailImportAfter(n) makes the next job apply n items and fail the rest,
//     reported in its status; LoseImports(n) makes the platform accept the
//     next n imports and lose them (never applied, Job/Get answers 404).
//
// A host team tests its own code in the window like this: create the
// platform with WithManualJobs, let the code under test take an order
// (EnsurePerson submits the write-back), change the person with
// ChangePerson as My Pages would, run the event handling, and only then
// ProcessAllJobs and Settle; the ERP must end with the newest data. See
// the package example.
package synctest
