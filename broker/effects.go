package broker

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// SideEffect is a value a transition produces for the host to persist or send
// with the record, in the same transaction: history, billing, line updates,
// outbound messages. The concrete types are listed in this file.
type SideEffect interface {
	// RecordID is the Order Broker record the effect belongs to.
	RecordID() uuid.UUID
}

// HistoryType is the type of an Order Broker History record (order-broker.md §3.7).
type HistoryType byte

// Order Broker History record types. HistoryError is the uncoded error record
// (§3.7 "(not coded)").
const (
	HistorySendOrderRequest      HistoryType = 'A'
	HistoryReceiveOrderResponse  HistoryType = 'B'
	HistoryReceiveStatusResponse HistoryType = 'D'
	HistoryError                 HistoryType = 0
)

// String returns the code and text as the chapter prints them, e.g.
// "A - Send Order Request"; the error record is "error".
func (h HistoryType) String() string {
	switch h {
	case HistorySendOrderRequest:
		return "A - Send Order Request"
	case HistoryReceiveOrderResponse:
		return "B - Receive Order Response"
	case HistoryReceiveStatusResponse:
		return "D - Receive Status Response"
	case HistoryError:
		return "error"
	}
	return fmt.Sprintf("history type %q", string(rune(h)))
}

// History is an Order Broker History record (§3.7, §6.3).
type History struct {
	Record uuid.UUID
	Type   HistoryType
	// Detail is free text: the OB status word, or the error code and text.
	Detail string
	At     time.Time
}

// RecordID implements SideEffect.
func (h History) RecordID() uuid.UUID { return h.Record }

// TransactionMessage is an Order Transaction History message on the order
// (§6.1). Text is byte-exact as the chapter prints it.
type TransactionMessage struct {
	Record uuid.UUID
	Key    OrderKey
	Text   string
	At     time.Time
	// WholeOrder marks a message about the order, naming no line ("Order
	// was maintained", "Submit Order Succeeded", the "Rsn:" lines): written
	// once for the order however many of its records move together.
	WholeOrder bool
}

// RecordID implements SideEffect.
func (m TransactionMessage) RecordID() uuid.UUID { return m.Record }

// Texts of §6.1 Order Transaction History messages written by the F1 flow.
// Formats take the order line number.
const (
	TextAcknowledged          = "Ln#: %d Acknowledged by Broker"
	TextPolled                = "Ln#: %d Polled by Broker"
	TextAccepted              = "Ln#: %d Accepted by Broker"
	TextUnfulfillable         = "Ln#: %d Unfulfillable by Broker"
	TextStoreShipped          = "Ln#: %d Store Shipped Order"
	TextIntransitPolled       = "Ln#: %d Intransit Polled by Broker"
	TextStoreReceived         = "Ln#: %d Store Received"
	TextCustomerPartialPickUp = "Ln#: %d Customer Partial Pick Up"
	TextCancelAcknowledged    = "Ln#: %d Cancel Acknowledged by Broker"
	TextVia                   = "----VIA: %s"
	TextTracking              = "----TRK#: %s"
	TextUnderReview           = "Request ID: %s Under Review: %s"
)

// AuthorizationReversal asks the host to reverse the credit card
// authorization of the line (§3.4, BRK-310).
type AuthorizationReversal struct {
	Record  uuid.UUID
	Key     OrderKey
	LineSeq int
	Status  Status // the status that triggered it
}

// RecordID implements SideEffect.
func (a AuthorizationReversal) RecordID() uuid.UUID { return a.Record }

// Backorder reasons written on the order line (§6.4).
const (
	BackorderReasonBypassed  = "Reservation bypassed"
	BackorderReasonNotEnough = "Not enough avail in whse"
	LineStatusBrokered       = "OBR"
	DropShipFlagBrokered     = "D"
)

// LineUpdate is a change to the order line the record belongs to.
type LineUpdate struct {
	Record  uuid.UUID
	Key     OrderKey
	LineSeq int
	// AssignToBroker: Drop ship flag D, Printed quantity = ordered quantity,
	// line status OBR, brokered quantity left out of the Item Warehouse
	// backorder quantity (BRK-048).
	AssignToBroker bool
	// LowerItemWarehouseBackorder: the BROKER periodic function lowers the
	// Item Warehouse backorder quantity raised at line creation (BRK-053).
	LowerItemWarehouseBackorder bool
	// SetBypassReservation / ResetBypassReservation toggle the Bypass
	// reservation flag; BackorderReason is the reason to write (BRK-049, BRK-059).
	SetBypassReservation   bool
	ResetBypassReservation bool
	BackorderReason        string
	// ClearDropShip clears the Drop ship flag; ClearPrinted the Printed quantity.
	ClearDropShip bool
	ClearPrinted  bool
	// ReturnToBackorder returns the line to standard backorder processing,
	// updating the Item Warehouse backorder quantity and PO layering (BRK-059).
	ReturnToBackorder bool
	// SoldoutCheck: sell the line out (S) if its soldout control value and
	// availability allow it now; it then shows on the next MASO register
	// (BRK-061, BRK-062).
	SoldoutCheck bool
	// BackorderNotices: the line is eligible for backorder notices again (BRK-089, BRK-112).
	BackorderNotices bool
}

// RecordID implements SideEffect.
func (u LineUpdate) RecordID() uuid.UUID { return u.Record }

// BillingRequest submits a fulfilled line to billing. [GroupBilling] turns a
// batch of them into billing header records (§2.8).
type BillingRequest struct {
	Record    uuid.UUID
	Key       OrderKey
	LineSeq   int
	LineNo    int
	RequestID string
	// PreviousStatus is the status the line moved to fulfilled from (BRK-090).
	PreviousStatus Status
	// Response identifies the status (list) response that reported it (BRK-093).
	Response string
	// Intransit marks an M73 invoice created at intransit/intransit polled/received (BRK-095).
	Intransit bool
}

// RecordID implements SideEffect.
func (b BillingRequest) RecordID() uuid.UUID { return b.Record }

// ShipmentDetails is the Order Shipment Details data of a shipped line
// (BRK-083): the agent as ship via, the tracking number and the ship date.
type ShipmentDetails struct {
	Record         uuid.UUID
	Key            OrderKey
	LineSeq        int
	ShippingAgent  string
	TrackingNumber string
	ShipmentDate   time.Time
}

// RecordID implements SideEffect.
func (s ShipmentDetails) RecordID() uuid.UUID { return s.Record }

// ItemTransaction is an item transaction history record; F1 writes
// NONINVISSU for a shipped non-inventory item when E39 is selected (BRK-080).
type ItemTransaction struct {
	Record  uuid.UUID
	Key     OrderKey
	LineSeq int
	Type    string
}

// RecordID implements SideEffect.
func (i ItemTransaction) RecordID() uuid.UUID { return i.Record }

// NonInventoryIssue is the item transaction type of BRK-080.
const NonInventoryIssue = "NONINVISSU"

// StatusInquiry asks for a StatusRequest for the record's request ID (F1.05, BRK-058).
type StatusInquiry struct {
	Record    uuid.UUID
	RequestID string
}

// RecordID implements SideEffect.
func (s StatusInquiry) RecordID() uuid.UUID { return s.Record }

// CancelRequest asks BROKER_ORD to send a cancel StatusUpdate (F1.20, BRK-110).
type CancelRequest struct {
	Record     uuid.UUID
	Key        OrderKey
	LineSeq    int
	RequestID  string
	ReasonCode string
	ReasonText string
}

// RecordID implements SideEffect.
func (c CancelRequest) RecordID() uuid.UUID { return c.Record }

// UnderReviewUpdate asks BROKER to send an order update with the Under Review
// value (F1.24, BRK-098).
type UnderReviewUpdate struct {
	Record      uuid.UUID
	Key         OrderKey
	LineSeq     int
	RequestID   string
	UnderReview bool
}

// RecordID implements SideEffect.
func (u UnderReviewUpdate) RecordID() uuid.UUID { return u.Record }

// FulfillingOrderExpected notes that OB assigned an OMS warehouse, so the F3
// poll will bring a fulfilling order (F1.25, BRK-065..BRK-067).
type FulfillingOrderExpected struct {
	Record    uuid.UUID
	RequestID string
	// OrderType is M33 for a delivery order, M35 for a ship-for-pickup order (BRK-066).
	OrderType string
	// ECommerceOrderNumber is "ORIG#: <order>-<ship-to, 3 digits>" (BRK-067).
	ECommerceOrderNumber string
}

// RecordID implements SideEffect.
func (f FulfillingOrderExpected) RecordID() uuid.UUID { return f.Record }

// OriginatingOrderNumber renders BRK-067's e-commerce order number for the
// fulfilling order, e.g. "ORIG#: 9999-001".
func OriginatingOrderNumber(k OrderKey) string {
	return fmt.Sprintf("ORIG#: %d-%03d", k.Order, k.ShipTo)
}
