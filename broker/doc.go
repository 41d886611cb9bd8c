// Package broker holds the Order Broker rules of omskit for brokered
// backorders (flow F1) and the machinery every broker flow shares.
//
// It implements the requirements catalog order-broker.md: §2.1-§2.12
// (eligibility, submission, responses, status inquiry, billing on
// fulfilment, Under Review updates, the BROKER periodic function, soldout
// control codes, cancel requests), §2.35-§2.36 (status inquiry scheduling,
// error handling), §2.38-§2.41 (message field mappings, as domain structs),
// §3 (status tables), §4.1 with the §4 introduction (the F1 state machine),
// the ambiguity resolutions of §5 and the texts of §6.
//
// The pieces:
//
//   - [CheckLine] / [CheckOrder]: whether a line may be brokered, with every
//     reason it may not ([Eligibility.Reasons], each naming its BRK ID).
//   - [Flow], [Row], [Engine]: state machines as data. [BrokeredBackorder] is
//     the F1 table; other flows are new Flow values applied by the same
//     engine. A forward move along the flow's status order is applied, a
//     forbidden one returns a *[TransitionError] wrapping
//     [ErrInvalidTransition], a repeated event is a no-op.
//   - Side effects as values ([SideEffect]): [History], [TransactionMessage],
//     [AuthorizationReversal], [LineUpdate], [BillingRequest] (grouped by
//     [GroupBilling]), [CancelRequest], [UnderReviewUpdate], [StatusInquiry].
//   - [BuildSubmitOrder] and the other message builders: domain forms of the
//     OB messages; package xmlmsg maps them to XML.
//   - [Runner]: the BROKER run over a [Transport] and a [RecordStore]. With
//     [Leasing] set, each run works through leased batches of a
//     [LeaseStore], so several workers may share one database (BRK-317
//     resends included) and a killed worker's records are taken over when
//     its leases expire. The Runner sends every outbound message of every
//     flow on its schedule: the F1 and F4 SubmitOrders (a W record left
//     without an answer is resent after [Runner.ResendWaitingAfter],
//     F1.08), the F2 pick slip's SubmitOrder (a [PickSlipPrinter] is told
//     whether it prints), the F2/F3 status updates and the Under Review
//     order updates that wait in a record's [Outbox] (filled by the engine
//     from the transition's effects), the cancels and the F3 Fulfillments
//     poll. A host only tells its events: [Runner.Apply], [Runner.Cancel].
//
// Flows F2-F4 (order-broker.md §2.13-§2.34, §2.37, §4.2-§4.5; seed 002 is
// the truth where the catalog differs):
//
//   - [ShipForPickup] (F2, §2.13-§2.17, §4.2): ship-for-pickup orders sent at
//     pick slip / drop ship PO generation, with [PlanShipForPickupPick],
//     [PickSlipVoidEvent], the L15/L16/L60 rules ([ShipForPickupBalanceDue],
//     [CheckPaymentAtPOS]).
//   - [ReceivedFromBroker] (F3, §2.18-§2.28, §4.3): orders OB assigns to OMS.
//     [FulfillmentPoller] polls with Fulfillments; [ReceiveFulfillment]
//     decides each order (accept, held, in error, rejected with every
//     [Rejection], or duplicate) and builds the [ReceivedOrder] (customer
//     through package orce, [OrceCustomers]); [OrderLinks] ties fulfilling
//     and originating orders both ways.
//   - [StorePickup] (F4, §2.30-§2.34, §4.4): store search ([SearchStores]),
//     acceptance ([CheckStorePickupAcceptance], [AcceptStorePickup]), the
//     order API checks, cancellation and status processing.
//   - [PlanReauthFailure], [Runner.ReauthFailed] (the Under Review order
//     update sent by the run) and [CheckHoldRelease] (§2.29), and the Work with
//     Order Broker location rules of §2.37 ([DisplayStatus],
//     [ShownFulfillingLocation], [SubmitLocations], [FulfillmentLocations]).
//
// Imports: the standard library, shopspring/decimal and google/uuid, and
// the domain packages below it: scv (for [SettingsFrom]), customer and orce
// (the F3 customer mapping) and order ([ReceivedIntake]: an order received
// from OB passes the same order edit as any other). It never imports
// storage, xmlmsg, net/http or database/sql; HTTP lives in broker/brokerhttp
// and the simulator in broker/brokertest.
package broker
