// Command engagefeed shows the order and receipt feed to a
// customer-engagement platform (package orce/engage) end to end, against
// the platform simulator started inside the program. Nothing has to be
// installed:
//
//	go run ./examples/engagefeed
//	go run ./examples/engagefeed -log-level=debug   # also log every HTTP call
//	go run ./examples/engagefeed -h                 # all flags
//
// It implements no rules of its own: it wires the rules of the requirement
// catalog engage-orders.md (§1 to §7, ENG-002 to ENG-026), the order
// intake and the BROKER run the way a host would, and prints what happened
// at each step:
//
//  1. An order is created: recorded in the feed's outbox, sent, its job
//     confirmed and its version tag kept (ENG-002, ENG-010, ENG-011).
//  2. The order is updated with a line added and one removed, as a full
//     update (ENG-002).
//  3. A shipment becomes a sale receipt; the replayed shipment is refused
//     as a second registration before anything is sent (ENG-003, ENG-004).
//  4. An action: refused while the status change it depends on is not
//     processed yet, then triggered with the processed change's version tag
//     (ENG-012, ENG-013).
//  5. Injected faults: the platform commits a status change (with an
//     embedded e-mail action) and a receipt but the answers are lost; the
//     feed retries with the same request id and receipt id, and nothing
//     happens twice: one status change, one e-mail, one receipt (ENG-003,
//     ENG-015).
//  6. A return becomes a return receipt and the order turns mixed
//     (ENG-004, ENG-018).
//  7. A stale version tag: another writer changes the order between our
//     read and our write; the conditional write is refused and
//     engage.UpdateOrder re-reads and retries.
//  8. GDPR: the contact's data is extracted, then erased; receipts are kept
//     and a late change for the erased contact is never sent (ENG-025,
//     ENG-026, engage-orders.md Z-09).
//  9. From the OMS, with nothing handed to the feed: an order taken in
//     through order.Intake on an engage.FeedingStore, its backordered line
//     brokered by the BROKER run (broker.Runner over the Order Broker
//     simulator) whose records are written through a broker.BillingStore
//     with a brokerengage.Receipts sink, fulfilled at the store, and a
//     return of it taken in: on the platform one order and two receipts,
//     each once though the messages are replayed and the billed line told
//     again (ENG-003, ENG-004, ENG-007; issue 19).
//
// # Wiring
//
// The simulator (orce/engage/engagetest) is served over HTTP on a loopback
// listener (127.0.0.1, a free port) and the feed talks to it through the real
// HTTP client, orce/engage/engagehttp. To feed a real platform, build the
// client with engagehttp.New(realURL, httpClient, apiKey) and keep the rest;
// replace engage.MemoryStore with a durable engage.Store so the outbox
// survives restarts. The fault injection and the request counters printed
// here are the simulator's and have no counterpart on a real platform.
//
// The program exits with status 1 when any step fails or does not turn out
// as described above.
//
// # Imports
//
// As an example it may import anything in the module (the domain packages
// orce/engage, order and broker, the engagehttp and brokerhttp adapters,
// brokerengage, the engagetest and brokertest simulators and the memory
// stores), the standard library, google/uuid and shopspring/decimal;
// log/slog carries the operational logs (stderr), the narrative goes to
// stdout.
package main
