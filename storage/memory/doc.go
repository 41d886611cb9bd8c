// Package memory implements the storage interfaces the omskit domain
// packages declare, in memory, with indexes rather than scans. It is meant
// for tests, examples and small hosts; nothing survives the process. Every
// store is safe for concurrent use, and every write of one call is atomic.
//
//   - CustomerStore: the customer package's Finder, Writer, ShipToFinder,
//     ShipToWriter, BillToFinder and BillToWriter (create-once per match
//     key), and the orce package's lookup by ORCE customer id.
//   - OrderStore and OrderCatalog: order.Store (idempotent commits, batches),
//     order.RepDirectory, and the item, pay type, vendor response, coupon
//     and ship via look-ups of the order edit.
//   - BrokerStore: broker.RecordStore, broker.OrderSource and
//     broker.LeaseStore, with the side effects of each update kept for the
//     host (Effects, TakeEffects).
//   - OrderLinks: broker.OrderLinks, the links between the orders Order
//     Broker assigned to OMS and the orders that originated them.
//
// The same behavioural suite (storage/storagetest) runs on these stores and
// on the SQL ones.
//
// Imports: the standard library and the domain packages whose interfaces it
// implements.
package memory
