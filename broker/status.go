package broker

import (
	"fmt"
	"strings"
)

// Status is the one-letter status of an Order Broker record on the OMS side
// (order-broker.md §3.3). It is kept apart from the OB status word carried in
// messages ([OBStatus]); the two are mapped only through the flow tables.
type Status byte

// Order Broker record statuses, order-broker.md §3.3.
const (
	StatusAccepted        Status = 'A' // A: the fulfilling location accepted (or picked) the order.
	StatusClosed          Status = 'C' // C: canceled while still Ready, before it was sent.
	StatusError           Status = 'E' // E: OB returned an error, or another system canceled the line.
	StatusPicking         Status = 'F' // F: the pick slip has been printed.
	StatusResendFulfilled Status = 'G' // G: the fulfilled status update got no response.
	StatusResendIntransit Status = 'H' // H: the intransit status update got no response.
	StatusInProcess       Status = 'I' // I: received from OB and created without error.
	StatusRejected        Status = 'J' // J: sold out after it was created in OMS.
	StatusAcknowledged    Status = 'K' // K: OB created the order and assigned a request ID.
	StatusPartialFulfill  Status = 'L' // L: the customer picked up part of the order.
	StatusNew             Status = 'N' // N: received from OB but in error.
	StatusPosted          Status = 'O' // O: submitted for enterprise fulfillment.
	StatusPolled          Status = 'P' // P: the fulfilling location polled OB.
	StatusReady           Status = 'R' // R: ready to send; not yet sent.
	StatusReceivedByStore Status = 'S' // S: the pickup store received the goods.
	StatusInTransit       Status = 'T' // T: shipped to the pickup store.
	StatusUnfulfillable   Status = 'U' // U: OB found no location able to fill it.
	StatusInTransitPolled Status = 'V' // V: the pickup location polled the intransit order.
	StatusWaiting         Status = 'W' // W: sent; no response yet.
	StatusCompleted       Status = 'X' // X: fulfilled.
	StatusPendingCancel   Status = 'Y' // Y: cancel requested; OB has not confirmed.
	StatusCanceled        Status = 'Z' // Z: OB confirmed the cancel.
	statusNone            Status = 0
)

// StatusSummary is one row of the Order Broker Status Summary Table
// (order-broker.md §3.3): the code shown on the Work with Order Broker screens.
type StatusSummary struct {
	Status      Status
	Name        string // e.g. "Acknowledged"
	OBStatus    string // OB status as the table prints it, e.g. "New_Order"; "N/A" or "unknown" where so printed
	OrderTypes  string // the order types the status is used for
	Description string
}

var statusSummaries = []StatusSummary{
	{StatusAccepted, "Accepted", "Accepted or Picked", "brokered backorder (delivery or ship-for-pickup), store pickup", "The fulfilling location has accepted the order, or accepted it and is preparing it for shipment or pickup."},
	{StatusClosed, "Closed", "N/A", "brokered backorder (delivery or ship-for-pickup)", "The request was canceled while still R (Ready), before it was sent to OB."},
	{StatusError, "Error", "N/A", "any", "OB returned an error response. A record may also be in E when another system sent OB a status update canceling the line."},
	{StatusPicking, "Picking", "New_Order or Picked", "retail pickup, delivery, ship-for-pickup (pick gen / drop ship)", "The pick slip has been printed."},
	{StatusResendFulfilled, "Resend Fulfilled", "N/A", "delivery", "The status update setting the OB status to fulfilled got no response. BROKER_ORD resends it on its next run."},
	{StatusResendIntransit, "Resend Intransit", "N/A", "ship-for-pickup", "The status update setting the OB status to intransit got no response. BROKER_ORD resends it on its next run."},
	{StatusInProcess, "In Process", "Accepted", "retail pickup, delivery", "The order was received from OB and created without error."},
	{StatusRejected, "Rejected", "unknown", "retail pickup, delivery", "The order was sold out after it was created in OMS."},
	{StatusAcknowledged, "Acknowledged", "New_Order", "brokered backorder (delivery or ship-for-pickup), store pickup", "OB received the request, assigned a request ID, chose a fulfilling location, and created the order."},
	{StatusPartialFulfill, "Partial Fulfill", "Partially Fulfilled", "retail pickup, ship-for-pickup, store pickup", "The customer has picked up some of the items, but not the whole order."},
	{StatusNew, "New", "Polled", "retail pickup, delivery", "The order was received from OB but is in error."},
	{StatusPosted, "Posted", "Posted", "brokered backorder, store pickup, ship-for-pickup", "OB submitted the order or line for enterprise fulfillment."},
	{StatusPolled, "Polled", "Polled", "any", "Brokered backorder or store pickup: the fulfilling location polled OB. Retail pickup or delivery: OMS created the order in held status."},
	{StatusReady, "Ready", "N/A", "brokered backorder (delivery or ship-for-pickup), store pickup", "Ready to send, but BROKER_ORD has not yet sent it (store pickup: OB did not answer)."},
	{StatusReceivedByStore, "Received by Store", "Received", "brokered backorder (ship-for-pickup), retail pickup, ship-for-pickup", "The store has received the order, but the customer has not yet picked it up."},
	{StatusInTransit, "In Transit", "Intransit", "brokered backorder (ship-for-pickup), retail pickup, ship-for-pickup", "The fulfilling location has shipped the goods to the pickup store."},
	{StatusUnfulfillable, "Unfulfillable", "N/A (brokered backorder) or Rejected (store pickup)", "brokered backorder (delivery or ship-for-pickup), store pickup", "OB found no location able to fill the order; the line returned to standard backorder or soldout processing."},
	{StatusInTransitPolled, "In Transit Polled", "Intransit Polled", "brokered backorder (ship-for-pickup), retail pickup, ship-for-pickup (pick gen / drop ship)", "The pickup location received the line in the intransit response, or sent a status update to intransit polled."},
	{StatusWaiting, "Waiting", "unknown", "brokered backorder (delivery or ship-for-pickup)", "The request was sent, but no response has come back yet."},
	{StatusCompleted, "Completed", "Fulfilled", "all", "The fulfilling location shipped to the customer, or the customer picked up the whole order."},
	{StatusPendingCancel, "Pending Cancel", "unknown", "brokered backorder (delivery or ship-for-pickup), store pickup, retail pickup, delivery, special ship-for-pickup", "The line or its OB request was canceled, and OB has not yet confirmed."},
	{StatusCanceled, "Canceled", "Canceled", "brokered backorder (delivery or ship-for-pickup), store pickup, special ship-for-pickup, retail pickup", "OMS asked OB to cancel, and OB confirmed."},
}

var statusIndex = func() map[Status]int {
	m := make(map[Status]int, len(statusSummaries))
	for i, s := range statusSummaries {
		m[s.Status] = i
	}
	return m
}()

// Summaries returns every row of the status summary table (§3.3), in letter order.
func Summaries() []StatusSummary {
	out := make([]StatusSummary, len(statusSummaries))
	copy(out, statusSummaries)
	return out
}

// Summary returns the §3.3 summary row for s, and false for a letter the
// table does not define.
func (s Status) Summary() (StatusSummary, bool) {
	i, ok := statusIndex[s]
	if !ok {
		return StatusSummary{}, false
	}
	return statusSummaries[i], true
}

// Valid reports whether s is one of the letters of §3.3.
func (s Status) Valid() bool { _, ok := statusIndex[s]; return ok }

// String returns the letter and the name, e.g. "K (Acknowledged)".
func (s Status) String() string {
	if sum, ok := s.Summary(); ok {
		return fmt.Sprintf("%c (%s)", byte(s), sum.Name)
	}
	if s == statusNone {
		return "none"
	}
	return fmt.Sprintf("%q (unknown)", string(rune(s)))
}

// ParseStatus parses a one-letter record status. An unknown letter returns an
// error wrapping [ErrUnknownStatus] that names the value.
func ParseStatus(v string) (Status, error) {
	t := strings.TrimSpace(v)
	if len(t) == 1 {
		s := Status(t[0])
		if s.Valid() {
			return s, nil
		}
	}
	return 0, fmt.Errorf("broker: record status %q: %w", v, ErrUnknownStatus)
}

// ReversesAuthorization reports whether a record reaching s triggers a credit
// card authorization reversal (order-broker.md §3.4, BRK-310). J reverses only
// for a pickup order, so the caller says whether the order is one.
func (s Status) ReversesAuthorization(pickupOrder bool) bool {
	switch s {
	case StatusClosed, StatusError, StatusUnfulfillable, StatusPendingCancel, StatusCanceled:
		return true
	case StatusRejected:
		return pickupOrder
	}
	return false
}

// ShowsFulfillingLocation reports whether the Work with Order Broker screens
// show a fulfilling location for a record in s (BRK-311). Following ambiguity
// A26 and BRK-324, U shows the K56 location, so only E, C and Z hide it.
func (s Status) ShowsFulfillingLocation() bool {
	switch s {
	case StatusError, StatusClosed, StatusCanceled:
		return false
	}
	return true
}

// OBStatus is a status word carried in Order Broker messages (order_status,
// item_status), e.g. "new_order". Unknown words are kept as they came.
type OBStatus string

// OB status words (order-broker.md §0; only new_order, polled, fulfilled,
// canceled and intransit appear in samples, the other spellings are inferred).
const (
	OBNewOrder           OBStatus = "new_order"
	OBPolled             OBStatus = "polled"
	OBAccepted           OBStatus = "accepted"
	OBPicked             OBStatus = "picked"
	OBRejected           OBStatus = "rejected"
	OBPosted             OBStatus = "posted"
	OBIntransit          OBStatus = "intransit"
	OBIntransitPolled    OBStatus = "intransit polled"
	OBReceived           OBStatus = "received"
	OBPartiallyFulfilled OBStatus = "partially fulfilled"
	OBFulfilled          OBStatus = "fulfilled"
	OBCanceled           OBStatus = "canceled"
	OBUnfulfillable      OBStatus = "unfulfillable"
	OBVerified           OBStatus = "verified"
	OBProcessed          OBStatus = "processed"
)

var obStatusAliases = map[string]OBStatus{
	"new_order": OBNewOrder, "neworder": OBNewOrder, "new order": OBNewOrder,
	"polled": OBPolled, "accepted": OBAccepted, "picked": OBPicked, "rejected": OBRejected,
	"posted": OBPosted, "intransit": OBIntransit, "in transit": OBIntransit,
	"intransit polled": OBIntransitPolled, "intransit_polled": OBIntransitPolled, "in transit polled": OBIntransitPolled, "intransitpolled": OBIntransitPolled,
	"received":            OBReceived,
	"partially fulfilled": OBPartiallyFulfilled, "partially_fulfilled": OBPartiallyFulfilled, "partial fulfill": OBPartiallyFulfilled, "partial_fulfill": OBPartiallyFulfilled, "partiallyfulfilled": OBPartiallyFulfilled,
	"fulfilled": OBFulfilled, "canceled": OBCanceled, "cancelled": OBCanceled,
	"unfulfillable": OBUnfulfillable, "verified": OBVerified, "processed": OBProcessed,
}

// ParseOBStatus normalises an OB status word (case, padding, spaces versus
// underscores). A word it does not know returns an error wrapping
// [ErrUnknownStatus]; the caller keeps the raw value (§8).
func ParseOBStatus(v string) (OBStatus, error) {
	if s, ok := obStatusAliases[v]; ok { // fast path: already canonical
		return s, nil
	}
	k := strings.ToLower(strings.Join(strings.Fields(v), " "))
	if s, ok := obStatusAliases[k]; ok {
		return s, nil
	}
	return OBStatus(v), fmt.Errorf("broker: OB status %q: %w", v, ErrUnknownStatus)
}
