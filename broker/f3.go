package broker

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

var (
	isRetailPickup = Guard{Name: "retail pickup order", Test: func(r Record, _ Event, _ Settings) bool { return r.PickupOrder }}
	isDelivery     = Guard{Name: "delivery order", Test: func(r Record, _ Event, _ Settings) bool { return !r.PickupOrder }}
	// ambiguity A11: a held received order starts in I (seed L1305, the
	// default) or, with FlowSettings.HeldReceivedAsPolled, in P (L5159).
	heldAsInProcess = Guard{Name: "held order starts in I", Test: func(_ Record, _ Event, s Settings) bool { return !s.Flows.HeldReceivedAsPolled }}
	heldAsPolled    = Guard{Name: "held order starts in P", Test: func(_ Record, _ Event, s Settings) bool { return s.Flows.HeldReceivedAsPolled }}

	// f3ErrorBatch assigns an order created in error to batch K90 and sends
	// polled only when L04 is selected (BRK-213, BRK-214).
	f3ErrorBatch = EffectFunc(func(c *Change) {
		c.Emit(ErrorBatchAssignment{Record: c.Record.ID, Key: c.Record.Key, Batch: c.Settings.Flows.ErrorBatch})
		if c.Settings.Flows.RePolling {
			SendUpdate(OBPolled).Apply(c)
		}
	})
	// f3RejectNoReason is the batch-rejected update: no cancel reason (BRK-238, BRK-239).
	f3RejectNoReason = EffectFunc(func(c *Change) {
		c.Event.CancelReasonCode, c.Event.CancelReasonText = "", ""
		SendUpdate(OBRejected).Apply(c)
	})
	// f3SoldOut rejects the order, or only the line when orders are split (L56), BRK-232.
	f3SoldOut = EffectFunc(func(c *Change) {
		c.Emit(OutboundUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID,
			Status: OBRejected, WholeOrder: !c.Settings.SplitOrder})
	})
	// f3Cancel: status inquiry, then rejected with the entered reason unless
	// OB already shows canceled (BRK-233, BRK-239).
	f3Cancel = EffectFunc(func(c *Change) {
		c.Record.CancelReasonCode, c.Record.CancelReasonText = c.Event.CancelReasonCode, c.Event.CancelReasonText
		c.Emit(OutboundUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID,
			Status: OBRejected, ReasonCode: c.Event.CancelReasonCode, ReasonText: c.Event.CancelReasonText, UnlessCanceled: true})
	})
	// f3VoidCancel cancels the order and rejects it in OB with the void's reason (BRK-236, BRK-239).
	f3VoidCancel = EffectFunc(func(c *Change) {
		c.Record.CancelReasonCode, c.Record.CancelReasonText = c.Event.CancelReasonCode, c.Event.CancelReasonText
		c.Emit(OrderCancel{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, WholeOrder: true, Reason: c.Event.CancelReasonCode})
		SendUpdate(OBRejected).Apply(c)
	})
	// f3CancelHold holds the order with L02; with L02 blank it stays on AU (BRK-224, BRK-235).
	f3CancelHold = HoldOrder(func(c *Change) string {
		if c.Settings.Flows.CancelHold != "" {
			return c.Settings.Flows.CancelHold
		}
		return HoldUnderReview
	})
	// f3UnderReview adds or removes the AU hold when the reported Under
	// Review value changes (BRK-224, BRK-251).
	f3UnderReview = EffectFunc(func(c *Change) {
		if c.Before.UnderReview == c.Event.Held {
			return
		}
		c.Record.UnderReview = c.Event.Held
		c.Emit(OrderHold{Record: c.Record.ID, Key: c.Record.Key, Reason: HoldUnderReview, Release: !c.Event.Held})
	})
	f3Open = []Status{StatusNew, StatusInProcess, StatusPolled, StatusPicking, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill}
)

// ReceivedFromBroker is the F3 flow: retail pickup and delivery orders OB
// assigned to an OMS location, including the fulfilling orders of F1
// (order-broker.md §4.3, §2.18-§2.28). Record.PickupOrder marks a retail
// pickup order, else it is a delivery order. F3.02 creates the record in I
// (seed text L1305), or in P with FlowSettings.HeldReceivedAsPolled (the
// summary table, ambiguity A11); every later row accepts either. F3.04 and F3.07 keep no record: F3.04 leaves
// the status unset, F3.07 emits [DeleteRecord].
var ReceivedFromBroker = Flow{
	Name: "F3",
	// Order starts at F: shipment needs a printed pick slip; only the
	// store-reported statuses after shipment may skip (§4 intro).
	Order: []Status{StatusPicking, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill, StatusCompleted},
	Final: []Status{StatusCompleted, StatusCanceled, StatusRejected},
	Rows: []Row{
		{ID: "F3.01", FromNone: true, On: EventReceivedOpen, To: StatusInProcess,
			Effects: []Effect{UpdateFulfillingLocation(), SendUpdate(OBAccepted), WriteMessage(TextReadyForFulfillment)},
			Rules:   []string{"BRK-207", "BRK-213", "BRK-215", "BRK-216"}},
		{ID: "F3.02", FromNone: true, On: EventReceivedHeld, To: StatusInProcess, When: heldAsInProcess,
			Effects: []Effect{UpdateFulfillingLocation(), SendUpdate(OBPolled), WriteMessage(TextReadyForFulfillment)},
			Rules:   []string{"BRK-213", "BRK-215", "BRK-216"}},
		{ID: "F3.02", FromNone: true, On: EventReceivedHeld, To: StatusPolled, When: heldAsPolled,
			Effects: []Effect{UpdateFulfillingLocation(), SendUpdate(OBPolled), WriteMessage(TextReadyForFulfillment)},
			Rules:   []string{"BRK-213", "BRK-216"}},
		{ID: "F3.03", FromNone: true, On: EventReceivedInError, To: StatusNew,
			Effects: []Effect{UpdateFulfillingLocation(), f3ErrorBatch}, Rules: []string{"BRK-213", "BRK-214", "BRK-215"}},
		{ID: "F3.04", FromNone: true, On: EventReceivedRejected, Stay: true,
			Effects: []Effect{UpdateFulfillingLocation(), SendUpdate(OBRejected), WriteMessage(TextRejectedForFulfillment)},
			Rules:   []string{"BRK-161", "BRK-162", "BRK-213"}},
		{ID: "F3.05", From: []Status{StatusNew}, On: EventErrorCorrectedCancel, Stay: true,
			Effects: []Effect{f3CancelHold, WriteText(TextHeldCanceledInOrderB)}, Rules: []string{"BRK-217"}},
		{ID: "F3.06", From: []Status{StatusNew}, On: EventErrorCorrected, To: StatusInProcess, Rules: []string{"BRK-217"}},
		{ID: "F3.07", From: []Status{StatusNew}, On: EventBatchRejected, Stay: true,
			Effects: []Effect{f3RejectNoReason, WriteMessage(TextRejectedForFulfillment), DropRecord(true)},
			Rules:   []string{"BRK-238", "BRK-239"}},
		{ID: "F3.08", From: []Status{StatusInProcess, StatusPolled}, On: EventPickGenCanceled, Stay: true,
			Effects: []Effect{PrintPickSlip(false), HoldOrder(func(c *Change) string { return c.Settings.Flows.CancelHold })},
			Rules:   []string{"BRK-219"}},
		{ID: "F3.09", From: []Status{StatusInProcess, StatusPolled}, On: EventPickGenUnderReview, Stay: true,
			Effects: []Effect{PrintPickSlip(false), HoldOrder(func(*Change) string { return HoldUnderReview })},
			Rules:   []string{"BRK-219"}},
		{ID: "F3.10", From: []Status{StatusInProcess, StatusPolled}, On: EventPickSlipPrinted, To: StatusPicking,
			Effects: []Effect{SendUpdate(OBPicked), WriteMessage(TextSelectedForFulfillment)}, Rules: []string{"BRK-220", "BRK-221"}},
		{ID: "F3.11", From: []Status{StatusPicking}, On: EventShipmentConfirmed, To: StatusInTransit, When: isRetailPickup,
			Effects: []Effect{SendUpdate(OBIntransit), WriteMessage(TextInTransit), DeactivatePayment(false)},
			Rules:   []string{"BRK-225", "BRK-226", "BRK-229"}},
		{ID: "F3.12", From: []Status{StatusPicking}, On: EventShipmentConfirmed, To: StatusCompleted, When: isDelivery,
			Effects: []Effect{SendUpdate(OBFulfilled), WriteMessage(TextFulfilled), DeactivatePayment(false)},
			Rules:   []string{"BRK-225", "BRK-226", "BRK-229"}},
		{ID: "F3.13", From: []Status{StatusCompleted}, On: EventUpdateUnanswered, To: StatusResendFulfilled, When: isDelivery,
			Rules: []string{"BRK-227", "BRK-317"}},
		{ID: "F3.14", From: []Status{StatusResendFulfilled}, On: EventUpdateConfirmed, To: StatusCompleted, Rules: []string{"BRK-227"}},
		{ID: "F3.15", From: []Status{StatusInTransit}, On: EventIntransitPolled, To: StatusInTransitPolled, Effects: []Effect{intransitSettled}, Rules: []string{"BRK-228"}},
		{ID: "F3.16", From: []Status{StatusInTransit, StatusInTransitPolled}, On: EventReceived, To: StatusReceivedByStore,
			Effects: []Effect{intransitSettled, WriteMessage(TextStoreReceived)}, Rules: []string{"BRK-230"}},
		{ID: "F3.17", From: []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore}, On: EventPartiallyFulfilled, To: StatusPartialFulfill,
			Effects: []Effect{intransitSettled, WriteMessage(TextCustomerPartialPickUp)}, Rules: []string{"BRK-230"}},
		{ID: "F3.18", From: []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill}, On: EventFulfilled, To: StatusCompleted,
			Effects: []Effect{intransitSettled, WriteMessage(TextCustomerPickedUp)}, Rules: []string{"BRK-230"}},
		{ID: "F3.19", From: []Status{StatusInProcess, StatusPolled, StatusPicking}, On: EventLineSoldOut, To: StatusRejected,
			Effects: []Effect{f3SoldOut, WriteMessage(TextRejectedForFulfillment), ReverseAuthorization()},
			Rules:   []string{"BRK-232", "BRK-310"}},
		{ID: "F3.20", From: []Status{StatusInProcess, StatusPolled, StatusPicking}, On: EventRequestCanceled, To: StatusCanceled,
			Effects: []Effect{f3Cancel, WriteMessage(TextCancelAcknowledged), ReverseAuthorization()},
			Rules:   []string{"BRK-233", "BRK-239", "BRK-310"}},
		{ID: "F3.21", From: []Status{StatusPicking}, On: EventPickVoidedWithReason, To: StatusPendingCancel,
			Effects: []Effect{f3VoidCancel, ReverseAuthorization()}, Rules: []string{"BRK-236", "BRK-239"}},
		{ID: "F3.21", From: []Status{StatusPendingCancel}, On: EventCancelConfirmed, To: StatusCanceled,
			Effects: []Effect{ReverseAuthorization()}, Rules: []string{"BRK-236"}},
		{ID: "F3.22", From: f3Open, On: EventOriginatorCanceled, Stay: true,
			Effects: []Effect{f3CancelHold, WriteText(TextHeldCanceledInOROB)}, Rules: []string{"BRK-224", "BRK-235"}},
		{ID: "F3.23", From: f3Open, On: EventUnderReviewReported, Stay: true,
			Effects: []Effect{f3UnderReview}, Rules: []string{"BRK-224", "BRK-251"}},
		{ID: "F3.24", From: []Status{StatusPicking}, On: EventPickVoidedNoUpdate, Stay: true, Rules: []string{"BRK-237"}},
		// A status list saying canceled (ItemEvent's EventCanceledElsewhere) is F3.22.
		{ID: "F3.22", From: f3Open, On: EventCanceledElsewhere, Stay: true,
			Effects: []Effect{f3CancelHold, WriteText(TextHeldCanceledInOROB)}, Rules: []string{"BRK-224", "BRK-235"}},
		// F3.x1 is not a row of the catalog's §4.3 (hence "x"): the daily
		// inquiry of a shipped retail pickup order (BRK-230, seed 002 L1347)
		// finds OB still at the intransit OMS sent: nothing changes.
		{ID: "F3.x1", From: []Status{StatusInTransit}, On: EventIntransit, Stay: true, Rules: []string{"BRK-230"}},
		// The same inquiry may find OB still at a word OMS sent earlier
		// (accepted or polled at creation, picked at the pick slip, or
		// new_order when that answer was lost): the intransit update waits
		// for the end of the same run. Nothing changes.
		{ID: "F3.x1", From: []Status{StatusInTransit}, On: EventPicked, Stay: true, Rules: []string{"BRK-230"}},
		{ID: "F3.x1", From: []Status{StatusInTransit}, On: EventAccepted, Stay: true, Rules: []string{"BRK-230"}},
		{ID: "F3.x1", From: []Status{StatusInTransit}, On: EventPolled, Stay: true, Rules: []string{"BRK-230"}},
		{ID: "F3.x1", From: []Status{StatusInTransit}, On: EventNewOrder, Stay: true, Rules: []string{"BRK-230"}},
	},
}

// ReceivedOrderEvent is the F3.01-F3.04 event for a fulfillment decision. A
// duplicate creates nothing: its event has no kind, which every flow refuses.
func ReceivedOrderEvent(d FulfillmentDecision) Event {
	ev := Event{Source: SourceOMS, RequestID: d.RequestID, FulfillingLocation: d.FulfillingLocation.Location, FulfillingSystem: d.FulfillingLocation.System}
	switch d.Outcome {
	case OutcomeAccepted:
		ev.Kind = EventReceivedOpen
	case OutcomeHeld:
		ev.Kind = EventReceivedHeld
	case OutcomeInError:
		ev.Kind = EventReceivedInError
	case OutcomeRejected:
		ev.Kind = EventReceivedRejected
	}
	return ev
}

// PickGenEvent turns pick slip generation's status inquiry for a received
// order into the F3 event: OB says canceled (F3.08) or under review (F3.09):
// no pick slip; otherwise, even when the inquiry failed (inquiryErr not
// nil), the pick slip prints (F3.10), BRK-219, BRK-220.
func PickGenEvent(rep OrderStatusReport, inquiryErr error) Event {
	if inquiryErr == nil {
		if st, err := ParseOBStatus(rep.OrderStatus); err == nil && st == OBCanceled {
			return Event{Kind: EventPickGenCanceled, OBStatus: rep.OrderStatus}
		}
		if rep.UnderReview != nil && *rep.UnderReview {
			return Event{Kind: EventPickGenUnderReview}
		}
	}
	return Event{Kind: EventPickSlipPrinted}
}

// PickGenInquiry is how pick slip generation asks OB about received orders
// (BRK-222, BRK-223).
type PickGenInquiry struct {
	// List: a status list request (M05 = CANCELED or ALL); else one
	// StatusRequest per order (M05 = NO or blank).
	List         bool
	ResponseType string   // "SUMMARY" for the list request
	Statuses     []string // ["canceled"] for M05 = CANCELED; none for ALL
	// StreamlinedAllocation: L63 may be used (only with the list request).
	StreamlinedAllocation bool
}

// PickGenInquiryFor reads M05 and L63 (BRK-222, BRK-223).
func PickGenInquiryFor(s Settings) PickGenInquiry {
	switch strings.ToUpper(strings.TrimSpace(s.Flows.StatusInquiryList)) {
	case "CANCELED":
		return PickGenInquiry{List: true, ResponseType: "SUMMARY", Statuses: []string{string(OBCanceled)}, StreamlinedAllocation: s.Flows.StreamlinedAllocation}
	case "ALL":
		return PickGenInquiry{List: true, ResponseType: "SUMMARY", StreamlinedAllocation: s.Flows.StreamlinedAllocation}
	}
	return PickGenInquiry{}
}

// ReceivedPickVoidEvent classifies the void of a received order's pick slip:
// through the Generic Pick In API with the CWPickIn backorder cancel reason,
// or else L86, the order is canceled and OB told (F3.21, BRK-236, BRK-239);
// with neither, or through WVRP/WSVP, nothing is sent (F3.24, BRK-236,
// BRK-237).
func ReceivedPickVoidEvent(pickInAPI bool, pickInReason string, s Settings) Event {
	reason := strings.TrimSpace(pickInReason)
	if reason == "" {
		reason = s.Flows.PickInCancelReason
	}
	if pickInAPI && reason != "" {
		return Event{Kind: EventPickVoidedWithReason, CancelReasonCode: reason, LineCanceled: true}
	}
	return Event{Kind: EventPickVoidedNoUpdate}
}

// ErrReceivedOrderLimit is wrapped when an action is not allowed on a retail
// pickup or delivery order received from OB (§2.27-§2.28).
var ErrReceivedOrderLimit = errors.New("not allowed on an order received from Order Broker")

// CheckReceivedCancel refuses to cancel part of a line's quantity (BRK-234).
func CheckReceivedCancel(lineNo, cancelQty, openQty int) error {
	if cancelQty != openQty {
		return fmt.Errorf("broker: line %d: cancel quantity %d of %d: a partial quantity cannot be canceled: %w", lineNo, cancelQty, openQty, ErrReceivedOrderLimit)
	}
	return nil
}

// ReturnKind names a return-side action against a received order.
type ReturnKind string

// Return-side actions (BRK-240, BRK-241).
const (
	ReturnAuthorization   ReturnKind = "return authorization"
	ReturnProcess         ReturnKind = "return"
	ReturnExchange        ReturnKind = "exchange"
	ReturnNegativeQty     ReturnKind = "negative quantity item"
	ReturnNegativeCharge  ReturnKind = "negative additional charge"
	ReturnShippedDiscount ReturnKind = "discount on a shipped line"
)

// ReturnResult says whether a return-side action is allowed on a received
// order, and what goes with it.
type ReturnResult struct {
	// NeedsNewPayment: the K98 payment method was deactivated at shipment,
	// so a new one must be added first (BRK-240).
	NeedsNewPayment bool
	// SendsStatusUpdate is always false: returns send nothing to OB (BRK-242).
	SendsStatusUpdate bool
}

// CheckReceivedReturn applies L88 and the fixed limits: with L88 no return or
// return authorization; never an exchange, a negative quantity, a negative
// additional charge or a discount on a shipped line (BRK-240, BRK-241).
func CheckReceivedReturn(k ReturnKind, s Settings) (ReturnResult, error) {
	switch k {
	case ReturnExchange, ReturnNegativeQty, ReturnNegativeCharge, ReturnShippedDiscount:
		return ReturnResult{}, fmt.Errorf("broker: %s: never allowed on a retail pickup or delivery order: %w", k, ErrReceivedOrderLimit)
	case ReturnAuthorization, ReturnProcess:
		if s.Flows.SuppressReturns {
			return ReturnResult{}, fmt.Errorf("broker: %s: suppressed by L88: %w", k, ErrReceivedOrderLimit)
		}
		return ReturnResult{NeedsNewPayment: true}, nil
	}
	return ReturnResult{}, fmt.Errorf("broker: return kind %q: %w", k, ErrInvalidInput)
}

// MaintenanceChange names a maintenance action on a received order.
type MaintenanceChange string

// Maintenance actions (BRK-243).
const (
	MaintainHeader     MaintenanceChange = "header"
	MaintainAddLine    MaintenanceChange = "add line"
	MaintainChangeLine MaintenanceChange = "change line"
)

// CheckReceivedMaintenance needs secured feature B20, and even with it lines
// cannot be added or changed (BRK-243).
func CheckReceivedMaintenance(c MaintenanceChange, b20 bool) error {
	if !b20 {
		return fmt.Errorf("broker: maintain %s: secured feature B20 (Maintain Brokered Fulfillment Orders) not granted: %w", c, ErrReceivedOrderLimit)
	}
	if c == MaintainAddLine || c == MaintainChangeLine {
		return fmt.Errorf("broker: maintain %s: lines of a retail pickup or delivery order cannot be added or changed: %w", c, ErrReceivedOrderLimit)
	}
	return nil
}

// Warehouse is an OMS warehouse as the Fulfillments polling reads it.
type Warehouse struct {
	Number       int
	OROBLocation string // blank when the warehouse has none
}

// FulfillmentsRequests returns the Fulfillments requests BROKER sends on a
// run at now: none unless K91 and K92 are both set (BRK-157); with L06
// unselected, one from K51; with L06 selected, one per warehouse with an
// OROB location (none at all when no warehouse has one), BRK-158, BRK-159,
// ambiguity A9. Each is complete as [NewFulfillmentsRequests] builds it
// (BRK-416).
func FulfillmentsRequests(s Settings, warehouses []Warehouse, now time.Time) []FulfillmentsRequest {
	if !s.Flows.PollsFulfillments() {
		return nil
	}
	var locs []string
	for _, w := range warehouses {
		if loc := strings.TrimSpace(w.OROBLocation); loc != "" {
			locs = append(locs, loc)
		}
	}
	return NewFulfillmentsRequests(s, locs, now)
}

// MaxFulfillmentsOrders is the most request IDs a FulfillmentsResponse
// carries (BRK-160).
const MaxFulfillmentsOrders = 1000

// CheckFulfillmentsResponse refuses a response with more than 1000 orders
// (BRK-160) or with an order without a request ID; the error wraps
// [ErrMalformed] and names the value.
func CheckFulfillmentsResponse(r FulfillmentsResponse) error {
	if len(r.Orders) > MaxFulfillmentsOrders {
		return fmt.Errorf("broker: fulfillments response: %d orders, at most %d: %w", len(r.Orders), MaxFulfillmentsOrders, ErrMalformed)
	}
	for i, o := range r.Orders {
		if strings.TrimSpace(o.RequestID) == "" {
			return fmt.Errorf("broker: fulfillments response order %d (order_id %q): request_id missing: %w", i+1, o.OrderID, ErrMalformed)
		}
	}
	return nil
}

// CheckReceivedBatchChange says whether a received order may be changed: in
// error or suspended (record N) it can be changed in batch order entry but
// no line can be added; once held or open the maintenance limits of
// [CheckReceivedMaintenance] apply (BRK-218, BRK-243).
func CheckReceivedBatchChange(st Status, c MaintenanceChange, b20 bool) error {
	if st == StatusNew {
		if c == MaintainAddLine {
			return fmt.Errorf("broker: order in error: batch order entry cannot add a line: %w", ErrReceivedOrderLimit)
		}
		return nil
	}
	return CheckReceivedMaintenance(c, b20)
}
