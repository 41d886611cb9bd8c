// Package brokerengage feeds the fulfilments Order Broker's flows bill to a
// customer-engagement platform: each billed line (broker.BilledLine, one
// Order Broker record, billed once) becomes one sale receipt in an
// orce/engage Feed, referring to the engagement order of the same OMS
// order (engage-orders.md ENG-003, ENG-004; issue 19, item 4).
//
// Wire it by wrapping the broker's record store in a broker.BillingStore
// whose Sink is a [Receipts], and by giving the order intake an
// engage.FeedingStore over the same Feed: then an order taken in (or
// received from Order Broker, F3) arrives as one engagement order, and
// every fulfilment the broker bills (F1 to F4) and every return taken in as
// one immutable receipt, exactly once across replays, through the one
// outbox. broker.BillingStore.CatchUp tells the billed lines again after a
// stop; the receipt ids, minted from the record, make that harmless.
//
// # Imports
//
// brokerengage is an adapter between two domain packages: it imports
// broker, orce/engage, order, google/uuid and the standard library, and
// nothing that does I/O itself.
package brokerengage
