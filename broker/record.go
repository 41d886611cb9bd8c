package broker

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// OrderKey identifies an order ship-to in OMS: company, order number and
// ship-to number.
type OrderKey struct {
	Company int
	Order   int
	ShipTo  int
}

// String renders the key as "company 6 order 8953-001".
func (k OrderKey) String() string {
	return fmt.Sprintf("company %d order %d-%03d", k.Company, k.Order, k.ShipTo)
}

// Record is an Order Broker record: one per order line sent to (or received
// from) OB (order-broker.md §0).
type Record struct {
	ID      uuid.UUID
	Flow    string // flow name, e.g. "F1"
	Key     OrderKey
	LineSeq int // order line sequence number (requesting_system_line_no)
	LineNo  int // order line number shown to users (Ln#)
	Status  Status
	// RequestID is OB's request ID; empty until OB assigns one.
	RequestID string
	// FulfillingLocation and FulfillingSystem are the location OB assigned.
	FulfillingLocation string
	FulfillingSystem   string
	// FulfillingLocationName is the WSCR description of the fulfilling location.
	FulfillingLocationName string
	// WarehouseLocation is the OROB location of the line's warehouse, used as
	// the requesting location when L06 is selected (BRK-393, BRK-408).
	WarehouseLocation string
	// ShipForPickup marks a ship-for-pickup order sent for fulfillment assignment.
	ShipForPickup bool
	// FulfillmentAssignment is FA of §2.3 at the time the line was assigned.
	FulfillmentAssignment bool
	// PickupOrder marks an order picked up by the customer (J reverses the authorization, §3.4).
	PickupOrder bool
	// LineCanceled marks a canceled order line (not only its OB request), BRK-112.
	LineCanceled bool
	// CancelReasonCode and CancelReasonText are the reason of a pending
	// cancel (Y), sent in the cancel StatusUpdate (BRK-408).
	CancelReasonCode string
	CancelReasonText string
	// UnderReview is the Under Review value last sent to OB (BRK-098).
	UnderReview bool
	// ShippingAgent and TrackingNumber are the shipment's, as OB reported
	// them (BRK-083) or as OMS sent them in its intransit or fulfilled status
	// update (BRK-412), kept so that a resend carries them (BRK-317).
	ShippingAgent  string
	TrackingNumber string
	// Invoiced marks a line already billed (M73 billing at intransit, BRK-095).
	Invoiced bool
	// LastInquiry is when the record was last put in a status (list) request.
	LastInquiry time.Time
	// SubmittedAt is when the SubmitOrder went out.
	SubmittedAt time.Time
	// UpdatedAt is when the record last changed.
	UpdatedAt time.Time
	// LastOBStatus is the last OB status word seen, kept even when unknown (§8).
	LastOBStatus string
	// PickupLocation is the store where the customer picks up (ship-for-pickup,
	// retail pickup, store pickup), BRK-134, BRK-326.
	PickupLocation string
	// OriginatingLocation is the placed location (BRK-326).
	OriginatingLocation string
	// Outbox is what the record still has to tell Order Broker: the status
	// update (F2, F3) or Under Review order update (F1.24, F4.15) its last
	// transitions asked for. [Engine.Apply] fills it from the transition's
	// [OutboundUpdate] and [UnderReviewUpdate] effects, so it is stored with
	// the record in the same write; the [Runner] sends it on its schedule
	// and empties it.
	Outbox Outbox
	// Dropped: the flow asked for the record to be deleted ([DeleteRecord]:
	// F2.03, F2.04, F3.07). A store that keeps it keeps it marked; the
	// Runner never submits it again (its Outbox is still sent: F3.07's
	// rejected update).
	Dropped bool
}

// Label names the record in errors and history: "company 6 order 8953-001 line 2".
func (r Record) Label() string {
	return fmt.Sprintf("%s line %d", r.Key, r.LineNo)
}

// EventKind names an event a flow reacts to: a user or system action, or an
// OB status arriving in a response.
type EventKind string

// Events of the brokered backorder flow (order-broker.md §4.1). Status events
// are named after the OB status word they carry.
const (
	EventLineEligible         EventKind = "line eligible"                  // F1.01
	EventSubmitSent           EventKind = "submit order sent"              // F1.02
	EventRequestCanceled      EventKind = "request canceled"               // F1.03, F1.20
	EventAckOneLocation       EventKind = "acknowledged one location"      // F1.04
	EventAckSeveralLocations  EventKind = "acknowledged several locations" // F1.05
	EventSubmitError          EventKind = "submit error"                   // F1.07
	EventDuplicateOrder       EventKind = "duplicate order 2040"           // F1.08
	EventNewOrder             EventKind = "new_order"                      // F1.12
	EventPolled               EventKind = "polled"                         // F1.09
	EventAccepted             EventKind = "accepted"                       // F1.10
	EventPicked               EventKind = "picked"                         // F1.10
	EventPosted               EventKind = "posted"                         // F1.11
	EventUnfulfillable        EventKind = "unfulfillable"                  // F1.06, F1.13
	EventRejected             EventKind = "rejected"                       // F1.14
	EventIntransit            EventKind = "intransit"                      // F1.15
	EventIntransitPolled      EventKind = "intransit polled"               // F1.16
	EventReceived             EventKind = "received"                       // F1.17
	EventPartiallyFulfilled   EventKind = "partially fulfilled"            // F1.18
	EventFulfilled            EventKind = "fulfilled"                      // F1.19
	EventCancelConfirmed      EventKind = "cancel confirmed"               // F1.21
	EventCancelFailed         EventKind = "cancel failed"                  // F1.22
	EventCanceledElsewhere    EventKind = "canceled"                       // F1.23
	EventHoldChanged          EventKind = "hold changed"                   // F1.24
	EventOMSWarehouseAssigned EventKind = "OMS warehouse assigned"         // F1.25
)

// Source says which message an event came from; some effects differ by it
// (BRK-059 item 4, BRK-082).
type Source int

// Event sources.
const (
	SourceOMS            Source = iota // a user or OMS process
	SourceSubmitResponse               // SubmitOrderResponse
	SourceStatusInquiry                // StatusRequestResponse
	SourceStatusList                   // StatusListRequestResponse
	SourceUpdateResponse               // StatusUpdateResponse (cancel or other update)
)

// String names the source.
func (s Source) String() string {
	switch s {
	case SourceOMS:
		return "OMS"
	case SourceSubmitResponse:
		return "submit order response"
	case SourceStatusInquiry:
		return "status response"
	case SourceStatusList:
		return "status list response"
	case SourceUpdateResponse:
		return "status update response"
	}
	return fmt.Sprintf("source(%d)", int(s))
}

// Event is one thing that happened to a record, with the data its effects
// need.
type Event struct {
	Kind   EventKind
	Source Source
	// At is when the event is processed (the engine's clock fills it when zero).
	At time.Time
	// RequestID, FulfillingLocation, FulfillingSystem and FulfillingLocationName
	// come from the response that carried the event.
	RequestID              string
	FulfillingLocation     string
	FulfillingSystem       string
	FulfillingLocationName string
	// ShippingAgent and TrackingNumber come with fulfilled or intransit lines.
	ShippingAgent  string
	TrackingNumber string
	// ShipmentDate is the actual ship date OB passed (version 19.0+, BRK-006).
	ShipmentDate time.Time
	// OBStatus is the raw status word that produced the event.
	OBStatus string
	// ErrorCode and ErrorText describe an OB error response.
	ErrorCode string
	ErrorText string
	// Held is the order's new hold state for [EventHoldChanged]; for
	// [EventSubmitSent] and a store pickup's [EventSubmitAcknowledged],
	// whether the SubmitOrder went Under Review (BRK-098, BRK-272).
	Held bool
	// LineCanceled says a user cancel also cancels the order line (F1.20).
	LineCanceled bool
	// CancelReasonCode and CancelReasonText go in the cancel StatusUpdate (BRK-408).
	CancelReasonCode string
	CancelReasonText string
	// Response identifies the response message that carried the event; lines
	// reported fulfilled in different responses bill separately (BRK-093).
	Response string
	// PeriodicFunction marks an [EventLineEligible] raised by the BROKER
	// periodic function (PFR0083), which lowers the Item Warehouse backorder
	// quantity (BRK-053).
	PeriodicFunction bool
	// NonInventory marks a non-inventory item (E39 NONINVISSU, BRK-080).
	NonInventory bool
}
