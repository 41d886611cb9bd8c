// Package simhttp is the fault injection the JSON platform simulators share
// (customer/sync/synctest, orce/engage/engagetest): a queue of faults per
// operation, a request count per operation, and the HTTP handler wrapper
// that applies the next fault before or after the operation runs.
//
// Imports: the standard library only. It is internal: the simulators
// re-export its Fault types under their own names.
package simhttp
