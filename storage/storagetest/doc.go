// Package storagetest is the conformance suite every implementation of
// omskit's store interfaces must pass, the way gocloud.dev's drivertest works:
// a store package (or a host with its own store) calls Run from a test with a
// factory that opens fresh, empty stores, and the suite checks the contract
// of every interface method plus the concurrency guarantees omskit promises.
//
// It covers the interfaces of customer/store.go (Finder, Writer,
// ShipToFinder, ShipToWriter, BillToFinder, BillToWriter: "order-api.md"
// Part B), the order package's Store and RepDirectory ("order-api.md"
// A.1, A.2, A.11), orce/engage's Store (the order feed outbox,
// "engage-orders.md"), customer/sync's Store ("customer-sync.md") and
// broker.RecordStore ("order-broker.md" §0, §3.3), broker.LeaseStore (the
// work queue of the BROKER run: 8 workers over the waiting records, each
// processed exactly once, a killed worker's records taken over when its
// leases expire) and order.OrderNumbers. Guarantees a store may not offer
// (for example that CreateSoldTo creates a new customer only once across
// concurrent callers) are feature flags in Features; a test whose feature
// is off is skipped with the flag's name, so the gap stays visible.
//
// The concurrency guarantees it proves: 1,000 concurrent intakes for one new
// customer create exactly one; the same order number committed concurrently
// 100 times gives one order and 99 replays; a context cancelled between a
// message's writes leaves nothing half-written; leased broker records are
// processed exactly once by concurrent workers.
//
// Imports: the standard library, testify, uuid, decimal and the domain
// packages whose interfaces it checks. It never imports a store package.
package storagetest
