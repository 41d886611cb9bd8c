package broker

import (
	"github.com/google/uuid"
)

// Events of flows F2, F3 and F4 (order-broker.md §4.2-§4.4) that F1 does not
// have. OB status events (polled, accepted, intransit polled, received,
// partially fulfilled, fulfilled, canceled, ...) are shared with F1.
const (
	EventPickSlipPrinted      EventKind = "pick slip printed"                  // F2.01, F3.10
	EventSubmitAcknowledged   EventKind = "submit order acknowledged"          // F2.05, F4.01, F4.03
	EventSubmitUnavailable    EventKind = "submit order unanswered"            // F2.03, F4.02
	EventShipmentConfirmed    EventKind = "shipment confirmed"                 // F2.06, F3.11, F3.12
	EventUpdateUnanswered     EventKind = "status update unanswered"           // F2.07, F3.13
	EventResendAnswered       EventKind = "status update resend answered"      // F2.08, F3.14
	EventPickVoidedWithReason EventKind = "pick slip voided with reason"       // F2.13, F3.21
	EventPickVoidedSeparate   EventKind = "pick slip voided, separate picks"   // F2.15
	EventPickVoidedNoUpdate   EventKind = "pick slip voided or reprinted"      // F2.17, F3.24
	EventReceivedOpen         EventKind = "fulfillment created open"           // F3.01
	EventReceivedHeld         EventKind = "fulfillment created held"           // F3.02
	EventReceivedInError      EventKind = "fulfillment created in error"       // F3.03
	EventReceivedRejected     EventKind = "fulfillment rejected"               // F3.04
	EventErrorCorrected       EventKind = "error corrected"                    // F3.06
	EventErrorCorrectedCancel EventKind = "error corrected, canceled upstream" // F3.05
	EventBatchRejected        EventKind = "batch rejected"                     // F3.07
	EventPickGenCanceled      EventKind = "pick slip generation: canceled"     // F3.08
	EventPickGenUnderReview   EventKind = "pick slip generation: under review" // F3.09
	EventLineSoldOut          EventKind = "line sold out"                      // F3.19
	EventOriginatorCanceled   EventKind = "canceled by originating system"     // F3.22
	EventUnderReviewReported  EventKind = "under review reported"              // F3.23
	EventVerified             EventKind = "verified"                           // F4.12
	EventProcessed            EventKind = "processed"                          // F4.12
	EventOrderReleased        EventKind = "order released from hold"           // F4.15
	EventOrderRejected        EventKind = "order rejected by the store"        // F4.10: another line was rejected
)

// Texts of §6.1 written by flows F2, F3 and F4. Formats with %d take the
// order line number.
const (
	TextSelectedForFulfillment = "Ln#: %d Selected for Fulfillment"
	TextInTransitShipment      = "Ln#: %d In Transit shipment"
	TextShippedByBrokerOrder   = "Ln#: %d Shipped by Broker order"
	TextReadyForFulfillment    = "Ln#: %d Ready for Fulfillment"
	TextFulfilled              = "Ln#: %d Fulfilled"
	TextInTransit              = "Ln#: %d In Transit"
	TextCustomerPickedUp       = "Ln#: %d Customer Picked Up"
	TextRejectedForFulfillment = "Ln#: %d Rejected for Fulfillment"
	TextShippedByBroker        = "Ln#: %d Shipped by Broker"
	TextRejectedByStore        = "Ln#: %d Rejected by Store"
	TextCanceledByStore        = "Ln#: %d Canceled by Store"

	TextSubmitFailedUnavailable = "Submit Order Failed - OROB Unavailable"
	TextSubmitRejectedHeld      = "Submit Order Rejected/Order Held"
	TextSubmitRejectedCanceled  = "Submit Order Rejected/Order Canceled"
	TextSubmitRejectedNotCancel = "Submit Order Rejected/Order Not Canceled"
	TextSubmitSucceeded         = "Submit Order Succeeded"
	TextOrderMaintained         = "Order was maintained"
	TextWebCancelProcessed      = "Web cancel request processed."
	TextHeldCanceledInOROB      = "Order held - line[s] canceled in OROB"
	TextHeldCanceledInOrderB    = "Order held - line[s] canceled in Order B"
)

// HoldUnderReview is the AU hold reason (BROKER ORDER UNDER REVIEW) and
// HoldDeclinedAuthorization the AR hold reason (§7.2).
const (
	HoldUnderReview           = "AU"
	HoldDeclinedAuthorization = "AR"
)

// OutboundUpdate asks for a StatusUpdate to OB for the record's request
// (F2 picked/intransit/cancel, F3 accepted/polled/picked/intransit/fulfilled/
// rejected, F4 cancel). The transport layer builds the message from it.
type OutboundUpdate struct {
	Record    uuid.UUID
	Key       OrderKey
	LineSeq   int
	RequestID string
	Status    OBStatus
	// ReasonCode and ReasonText are the cancel reason, if any (BRK-239).
	ReasonCode string
	ReasonText string
	// ShippingAgent and TrackingNumber go with intransit and fulfilled (BRK-226).
	ShippingAgent  string
	TrackingNumber string
	// UnlessCanceled: ask OB for the status first and send nothing when OB
	// already shows canceled (BRK-233).
	UnlessCanceled bool
	// WholeOrder: the update is for the whole OB order rather than the line
	// (a sold-out line when L56 is unselected, BRK-232).
	WholeOrder bool
}

// RecordID implements SideEffect.
func (u OutboundUpdate) RecordID() uuid.UUID { return u.Record }

// SubmitRequest asks for a SubmitOrder for the record (F2.01).
type SubmitRequest struct {
	Record          uuid.UUID
	Key             OrderKey
	LineSeq         int
	TransactionType string // SHIPFORPICKUP, PICKUP
}

// RecordID implements SideEffect.
func (s SubmitRequest) RecordID() uuid.UUID { return s.Record }

// TransactionTypeShipForPickup, TransactionTypePickup and
// TransactionTypeDelivery are SubmitOrder transaction_type_id values; a
// FulfillmentsResponse may also carry TransactionTypeRetailPickup (BRK-166).
const (
	TransactionTypeShipForPickup = "SHIPFORPICKUP"
	TransactionTypePickup        = "PICKUP"
	TransactionTypeDelivery      = "DELIVERY"
	TransactionTypeRetailPickup  = "RETAILPICKUP"
)

// DeleteRecord asks the store to delete the Order Broker record (and, with
// History, its Order Broker History), F2.03, F2.04, F3.07.
type DeleteRecord struct {
	Record  uuid.UUID
	History bool
}

// RecordID implements SideEffect.
func (d DeleteRecord) RecordID() uuid.UUID { return d.Record }

// PickSlip says whether the pick slip or drop ship PO of the record is
// printed (F2.03, F2.05, F3.08, F3.09).
type PickSlip struct {
	Record uuid.UUID
	Key    OrderKey
	Print  bool
}

// RecordID implements SideEffect.
func (p PickSlip) RecordID() uuid.UUID { return p.Record }

// OrderHold puts the order on hold with Reason, or, with Release, removes
// that hold (Reason set) or every hold (Reason empty).
type OrderHold struct {
	Record  uuid.UUID
	Key     OrderKey
	Reason  string
	Release bool
}

// RecordID implements SideEffect.
func (h OrderHold) RecordID() uuid.UUID { return h.Record }

// OrderCancel cancels the OMS order (WholeOrder) or the record's line with a
// cancel reason (F4.10, F4.11, F2.13, F3.21).
type OrderCancel struct {
	Record     uuid.UUID
	Key        OrderKey
	LineSeq    int
	WholeOrder bool
	Reason     string
}

// RecordID implements SideEffect.
func (c OrderCancel) RecordID() uuid.UUID { return c.Record }

// PaymentDeactivation deactivates the order's payment methods at shipment
// or fulfillment (BRK-229, BRK-279). SuppressDeposit is the value to set,
// when the flow sets one (F4: M16).
type PaymentDeactivation struct {
	Record          uuid.UUID
	Key             OrderKey
	SuppressDeposit *bool
}

// RecordID implements SideEffect.
func (p PaymentDeactivation) RecordID() uuid.UUID { return p.Record }

// ErrorBatchAssignment puts an order created in error in batch K90 (BRK-214).
type ErrorBatchAssignment struct {
	Record uuid.UUID
	Key    OrderKey
	Batch  string
}

// RecordID implements SideEffect.
func (b ErrorBatchAssignment) RecordID() uuid.UUID { return b.Record }

// SendUpdate emits an [OutboundUpdate] with OB status st for the record; the
// event's cancel reason, shipping agent and tracking number go with it. The
// agent and tracking number of an intransit or fulfilled update are kept on
// the record, so that its resend carries them (BRK-317, BRK-412).
func SendUpdate(st OBStatus) Effect {
	return EffectFunc(func(c *Change) {
		if (st == OBIntransit || st == OBFulfilled) && (c.Event.ShippingAgent != "" || c.Event.TrackingNumber != "") {
			c.Record.ShippingAgent, c.Record.TrackingNumber = c.Event.ShippingAgent, c.Event.TrackingNumber
		}
		c.Emit(OutboundUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID, Status: st,
			ReasonCode: c.Event.CancelReasonCode, ReasonText: c.Event.CancelReasonText,
			ShippingAgent: c.Event.ShippingAgent, TrackingNumber: c.Event.TrackingNumber})
	})
}

// WriteText writes an Order Transaction History message with a fixed text,
// about the whole order: once per order (see [TransactionMessage]).
func WriteText(text string) Effect {
	return EffectFunc(func(c *Change) {
		c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: text, At: c.Event.At, WholeOrder: true})
	})
}

// WriteReasonLines writes the OB error text as "Rsn:" lines of 36
// characters (§6 introduction), after the event's error text.
func WriteReasonLines() Effect {
	return EffectFunc(func(c *Change) {
		for _, l := range ReasonLines(c.Event.ErrorText) {
			c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: l, At: c.Event.At, WholeOrder: true})
		}
	})
}

// ReasonLines wraps an OB reason text as the chapter prints it: "Rsn:"
// followed by 36 characters per line (§6, e.g. "Rsn:INVALID FULFILLING
// LOCATION CODE. LO" / "CATION (10) DOES NOT EXIST FOR SYSTE").
func ReasonLines(text string) []string {
	r := []rune(text)
	if len(r) == 0 {
		return nil
	}
	const width = 36
	var out []string
	for i := 0; i < len(r); i += width {
		end := min(i+width, len(r))
		prefix := ""
		if i == 0 {
			prefix = "Rsn:"
		}
		out = append(out, prefix+string(r[i:end]))
	}
	return out
}

// HoldOrder emits an [OrderHold] with reason (no effect when reason is blank).
func HoldOrder(reason func(c *Change) string) Effect {
	return EffectFunc(func(c *Change) {
		if r := reason(c); r != "" {
			c.Emit(OrderHold{Record: c.Record.ID, Key: c.Record.Key, Reason: r})
		}
	})
}

// ReleaseHolds removes every hold on the order (BRK-283).
func ReleaseHolds() Effect {
	return EffectFunc(func(c *Change) {
		c.Emit(OrderHold{Record: c.Record.ID, Key: c.Record.Key, Release: true})
	})
}

// DropRecord emits a [DeleteRecord].
func DropRecord(history bool) Effect {
	return EffectFunc(func(c *Change) { c.Emit(DeleteRecord{Record: c.Record.ID, History: history}) })
}

// PrintPickSlip emits a [PickSlip] decision.
func PrintPickSlip(print bool) Effect {
	return EffectFunc(func(c *Change) { c.Emit(PickSlip{Record: c.Record.ID, Key: c.Record.Key, Print: print}) })
}

// DeactivatePayment emits a [PaymentDeactivation]; with m16 it also sets
// Suppress deposit to M16 (BRK-279).
func DeactivatePayment(m16 bool) Effect {
	return EffectFunc(func(c *Change) {
		d := PaymentDeactivation{Record: c.Record.ID, Key: c.Record.Key}
		if m16 {
			v := c.Settings.Flows.PaymentAtPOSForStorePickup
			d.SuppressDeposit = &v
		}
		c.Emit(d)
	})
}

// MoveFulfillingToPickup makes the pickup store the fulfilling location
// (BRK-134, ambiguity A7).
func MoveFulfillingToPickup() Effect {
	return EffectFunc(func(c *Change) {
		if c.Record.PickupLocation != "" {
			c.Record.FulfillingLocation = c.Record.PickupLocation
		}
	})
}

// Flows returns every flow table by name (F1-F4), for [Runner.Flows] and
// hosts that dispatch on Record.Flow.
func Flows() map[string]*Flow {
	return map[string]*Flow{
		BrokeredBackorder.Name:  &BrokeredBackorder,
		ShipForPickup.Name:      &ShipForPickup,
		ReceivedFromBroker.Name: &ReceivedFromBroker,
		StorePickup.Name:        &StorePickup,
	}
}
