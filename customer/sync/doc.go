// Package sync keeps customers (people) and companies (organisations) in step
// between a commerce platform and an ERP, after the Norce Commerce "Customer
// and Company Integrations" page (seed 003).
//
// It implements the requirement catalog customer-sync.md, §1 to §8
// (NRC-001 to NRC-024): the person and company model with accounts (at most
// one per application), memberships, price lists and contacts by reference
// that must exist first; identity resolution by external code, then email or
// organisation number, never the platform's internal id; the
// application-unique or client-unique scope; creating customers in the ERP
// during the order process and writing the ERP code back; asynchronous
// import jobs; change events from the platform to the ERP; scheduled
// reconciliation; and allowance for anonymized entities.
//
// # Shape
//
// The platform is reached through three small interfaces declared here, one
// per platform API role (NRC-002): [Importer] (the write/integration API),
// [Querier] (the query API) and [EventSource] (the event bus). The ERP is an
// [ERP], and [Mapper] maps the two-entity model onto the ERP's own (NRC-004).
// [Syncer] drives them and records its progress in a [Store] (a
// [MemoryStore] is included) under idempotency keys, so each change reaches
// the other side once even when a call times out and is retried.
// Changes made on the OMS side enter through [FromCustomer] (a small
// [SourceCustomer] struct the customer package can fill) and [Syncer.Record],
// an outbox keyed by customer and revision; [Syncer.Flush] imports them and
// [Syncer.Settle] confirms them, so each change is sent exactly once and a
// failed one is sent again.
// Package synchttp implements Importer, Querier and EventSource over
// HTTP+JSON; package synctest holds a platform simulator (an http.Handler)
// and an in-memory ERP, both with fault injection.
//
// # Imports
//
// sync is a domain package under customer: it imports the standard library,
// google/uuid and the customer package ([SourceFromResolution] and
// [Syncer.RecordResolution] turn a customer.Resolution that created or
// changed a sold-to into one change, keyed by its content); never net/http,
// storage or xmlmsg. No system
// control value governs it (seed 003 names none), so it reads no scv
// snapshot: its Settings are the integration's own configuration.
package sync
