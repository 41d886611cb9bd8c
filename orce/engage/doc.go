// Package engage feeds a customer-engagement platform (the source's example is
// Voyado Engage, Orders v3 API) with orders and receipts, triggers follow-up
// actions on processed orders, and carries out the GDPR operations on a
// contact's order data.
//
// It implements the requirement catalog engage-orders.md, §1 to §7
// (ENG-001 to ENG-026), from seed 004 (Voyado Engage Orders v3 API).
//
// # Shape
//
//   - [Order] changes over its life and is sent as a full update; [Receipt] is
//     registered once and never changes (ENG-002, ENG-003).
//   - The platform is reached through small interfaces declared here:
//     [OrderAdmin] (create, read, update, delete, job status), [OrderActions]
//     (the action endpoint, kept apart from administration, ENG-008),
//     [ReceiptRegistrar], [ContactPrivacy] and [IntegrationLog]. Package
//     engagehttp implements them over HTTP+JSON; package engagetest is an
//     in-process simulator of the platform that enforces version tags and
//     receipt immutability and injects faults.
//   - [Feed] is the host-side outbox: every change is recorded under an
//     idempotency key in a [Store] before it is sent, so each change reaches the
//     platform exactly once even when a send times out and is retried. A
//     [MemoryStore] is included.
//   - [Feed.TriggerAction] triggers an action with the version tag of the
//     order's last processed change. When another system changed the order
//     since, the platform refuses that tag; the feed then reads the order
//     (its data and current tag), decides on that data whether the action
//     still applies ([Config.ActionApplies], by default
//     [DefaultActionApplies]: the status it was meant for is unchanged), and
//     triggers once with the current tag or returns an [*ActionError] saying
//     why not. It never loops and never triggers on data it has not read.
//   - [FromOrder], [ReceiptFromShipment] and [ReceiptFromReturn] map small
//     source structs to the feed's records. [SourceFromOrder] fills the
//     order's from an order.Order, and [SubmitIntake] feeds an accepted
//     intake result (open or held; orders in error are not fed) under a key
//     derived from the order, so a replayed intake sends nothing twice.
//
// # What omskit writes is fed
//
// [FeedingStore] is an order.Store that feeds every order written through
// it ([Feed.FeedOrder]): give it to the order intake (and to
// broker.ReceivedIntake for the orders received from Order Broker), and
// every order omskit writes becomes one engagement order and every return
// it takes in one return receipt ([OrderOptions.ReturnOf] feeds a return
// against the order it returns goods of, ENG-004-E1). Package
// broker/brokerengage turns every line the broker's flows bill (F1 to F4,
// told by a broker.BillingStore) into one sale receipt with
// [ShipmentFromOrder]. Receipt ids are minted from the order and the event
// (the return's order id, the Order Broker record), so everything arrives
// once across replays, through the one outbox.
//
// # Simulation
//
// TestSimulation (in this package's tests) runs the feed over HTTP against
// the engagetest simulator for 300 seeds (OMSKIT_SIM_SEEDS sets another
// number): orders taken in (some in error) and replayed, lines billed in
// every flow, F3 orders, returns against an earlier order or on their own,
// status changes, actions, other systems updating the orders (stale version
// tags), lost answers and faults on every call, jobs processed later, a
// receipts sink that fails and catches up, restarts. After every step it
// checks that receipts never change once written, that nothing is
// registered twice or without cause, and that TriggerAction never tries
// more than twice nor triggers with a tag it has not read; at the end, that
// every accepted order and every billed line and return arrived, that
// each order on the platform holds the newest state omskit gave it (its
// lines and returns, the feed's last status change), with nothing left in
// the outbox. A failing seed prints the command that
// replays it.
//
// # Imports
//
// engage is a domain package under orce: it imports the standard library,
// shopspring/decimal, google/uuid and the order package below it (the
// broker, above it, is fed through broker/brokerengage). It never
// imports net/http, storage or xmlmsg; platform paths live in engagehttp.
package engage
