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
//
// # The write-back window
//
// Between an order-time creation in the ERP and the platform applying the
// import that writes the ERP code back, the entity has no code on the
// platform, so change events of it would be skipped (NRC-020). The Syncer
// records every creation as waiting; events of the entity in the window are
// acknowledged as waiting ([EventReport.Waiting]), and once the code is on
// the platform [Syncer.SendWaiting] (run by [Syncer.Settle]) fetches the
// entity (NRC-021) and sends its newest state to the ERP when it differs
// from what the ERP holds: several changes make one send, nothing is lost
// whether the write-back is late, fails, is lost by the platform (Settle
// treats a job the platform no longer knows as failed, so Resume sends it
// again) or is repaired by Reconcile, and the wait survives restarts.
//
// # Simulation
//
// TestSimulation (in this package's tests) runs the whole sync over HTTP
// against the synctest simulators for 300 seeds (OMSKIT_SIM_SEEDS sets
// another number): random customers and companies created at order time,
// My Pages changes, anonymizations and unrelated events, import jobs the
// platform applies later, fails part-way or loses, lost answers and faults
// on every call of the platform and the ERP, replayed orders and restarts.
// After every step it checks that the ERP created each customer once, that
// codes on the platform are the ERP's and that nothing anonymized reached
// the ERP; at the end, that the ERP and the platform converged to the
// newest state (every code written back, no change lost) with nothing left
// waiting. A failing seed prints the command that replays it.
//
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
