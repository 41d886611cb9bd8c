// Package brokertest is an in-process Order Broker simulator for tests: an
// http.Handler that speaks the Order Broker XML messages, and a helper that
// serves it on an httptest.Server and returns a ready broker.Transport (a
// brokerhttp.Client). Host teams use it to test their BROKER wiring end to
// end without an Order Broker; omskit's own end-to-end tests drive every F1
// path through it.
//
// What it simulates (order-broker.md §1.3, §2.5, §2.7, §2.12, §2.35, §4.5):
//   - SubmitOrder: every accepted request gets the next request id (1001,
//     1002, ...) and each line a fulfilling location from Config.Locations,
//     round robin; the answer is response code 0 "Order Acknowledged" with
//     one fulfillment_detail per line (BRK-386 to BRK-389). With
//     Config.DuplicateCheck, a second request for a line OB already has is
//     answered with error 2040 "Duplicate Order/line" (BRK-063) and creates
//     nothing.
//   - StatusRequest / StatusListRequest: the current OB status of the order
//     and of each line, its fulfilling location, shipping agent and
//     tracking number; unknown request ids are left out of a list answer
//     (BRK-307).
//   - The OB-side life cycle is driven by the test: Advance(requestID,
//     status) moves every line (polled, accepted, picked, fulfilled,
//     rejected, intransit, ...), AdvanceLine one line with a new location
//     or shipment data. Advance to "unfulfillable" assigns the line to
//     Config.UnfulfillableLocation with status new_order, as the chapter
//     prints it (ambiguity A2).
//   - StatusUpdate: a cancel (order or item level) sets the lines to
//     canceled and answers OK; a cancel of an order already canceled is
//     answered with xaction_response FAILED (BRK-114); other statuses are
//     recorded and answered OK.
//   - Fulfillments: empty unless the test enqueued orders
//     (EnqueueFulfillment); each poll drains the queue. An enqueued order
//     with its body (FulfillmentOrder.Detail) is sent whole and is held from
//     then on under its request ID, so the status updates OMS answers it
//     with (accepted, polled, rejected) and later ones change its status;
//     enqueuing the same request ID again resends it (OB resending a
//     fulfillment it got no answer for) without a second order.
//   - Faults, injected per message kind and consumed in order by the next
//     requests of that kind (Inject): FaultTimeout (the request is dropped
//     and the handler waits until the client gives up, bounded by
//     Config.MaxDelay), FaultServerError (HTTP 503), FaultGarbage (a 200
//     answer that is not XML), FaultDuplicate (error 2040 on a SubmitOrder
//     without creating anything), and FaultLate (the request takes effect,
//     then the answer waits until the client gave up, so the effect is only
//     visible on the next inquiry), FaultRejected (an error response with
//     Config.RejectCode, by default the BRK-009 sold-to error).
//
// Choices a reviewer should know: a duplicate-order answer (2040) carries
// the request id of the order OB already has (Config.DuplicateOmitsRequestID
// turns that off), so a resent record moves to K with its request id; the
// chapter does not say whether OB sends it. Request ids are numeric strings,
// as the samples.
//
// Imports: the standard library, broker, broker/brokerhttp and xmlmsg.
package brokertest
