package broker

import (
	"fmt"
	"strings"
)

// Effect templates shared by the flow tables. Each is a value an [Row] lists;
// the engine renders it against the record and event.

// WriteHistory writes an Order Broker History record of type t.
func WriteHistory(t HistoryType) Effect {
	return EffectFunc(func(c *Change) {
		c.Emit(History{Record: c.Record.ID, Type: t, Detail: c.Event.OBStatus, At: c.Event.At})
	})
}

// WriteStatusHistory writes History D when the news came in a status
// response: always for a status inquiry response; for a status list response
// only when the record moved to Accepted or Fulfilled, unless
// Settings.StatusListHistory says otherwise (BRK-082, ambiguity A12). A
// submit response writes none (BRK-059 item 4).
func WriteStatusHistory() Effect {
	return EffectFunc(func(c *Change) {
		switch c.Event.Source {
		case SourceStatusInquiry:
		case SourceStatusList:
			if c.Settings.StatusListHistory == StatusListHistoryAcceptedFulfilled &&
				c.Record.Status != StatusAccepted && c.Record.Status != StatusCompleted {
				return
			}
		default:
			return
		}
		c.Emit(History{Record: c.Record.ID, Type: HistoryReceiveStatusResponse, Detail: c.Event.OBStatus, At: c.Event.At})
	})
}

// WriteStatusListHistory writes History D only when the news came in a
// status list response that moved the record to Accepted or Fulfilled
// (BRK-082). The F1 table prints no History for fulfilled in a status
// inquiry response (§3.1, §3.7), so F1.19 uses this one.
func WriteStatusListHistory() Effect {
	return EffectFunc(func(c *Change) {
		if c.Event.Source != SourceStatusList || c.Settings.StatusListHistory != StatusListHistoryAcceptedFulfilled {
			return
		}
		if c.Record.Status == StatusAccepted || c.Record.Status == StatusCompleted {
			c.Emit(History{Record: c.Record.ID, Type: HistoryReceiveStatusResponse, Detail: c.Event.OBStatus, At: c.Event.At})
		}
	})
}

// WriteErrorHistory writes the uncoded error history record with the OB
// error code and text, or the given detail.
func WriteErrorHistory(detail string) Effect {
	return EffectFunc(func(c *Change) {
		d := detail
		if c.Event.ErrorCode != "" || c.Event.ErrorText != "" {
			d = strings.TrimSpace(c.Event.ErrorCode + " " + c.Event.ErrorText)
		}
		c.Emit(History{Record: c.Record.ID, Type: HistoryError, Detail: d, At: c.Event.At})
	})
}

// WriteMessage writes an Order Transaction History message; format takes the
// order line number (one of the Text* constants).
func WriteMessage(format string) Effect {
	return EffectFunc(func(c *Change) {
		c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: fmt.Sprintf(format, c.Record.LineNo), At: c.Event.At})
	})
}

// WriteTracking writes "----VIA: <agent>" and "----TRK#: <number>" for the
// values OB passed. When neither came and fallback is not empty, it writes
// the fallback message instead (F1.15).
func WriteTracking(fallback string) Effect {
	return EffectFunc(func(c *Change) {
		ev := c.Event
		if ev.ShippingAgent != "" {
			c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: fmt.Sprintf(TextVia, ev.ShippingAgent), At: ev.At})
		}
		if ev.TrackingNumber != "" {
			c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: fmt.Sprintf(TextTracking, ev.TrackingNumber), At: ev.At})
		}
		if ev.ShippingAgent == "" && ev.TrackingNumber == "" && fallback != "" {
			c.Emit(TransactionMessage{Record: c.Record.ID, Key: c.Record.Key, Text: fmt.Sprintf(fallback, c.Record.LineNo), At: ev.At})
		}
	})
}

// SaveShipmentDetails keeps the agent and tracking number OB passed on the
// record and emits the Order Shipment Details (BRK-083) when they are new.
// It is a [DataEffect]: a repeated status with a new tracking number saves
// it (BRK-070).
func SaveShipmentDetails() Effect {
	return DataEffect(EffectFunc(func(c *Change) {
		ev := c.Event
		if ev.ShippingAgent == "" && ev.TrackingNumber == "" {
			return
		}
		if ev.ShippingAgent == c.Before.ShippingAgent && ev.TrackingNumber == c.Before.TrackingNumber {
			return
		}
		c.Record.ShippingAgent, c.Record.TrackingNumber = ev.ShippingAgent, ev.TrackingNumber
		c.Emit(ShipmentDetails{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, ShippingAgent: ev.ShippingAgent, TrackingNumber: ev.TrackingNumber, ShipmentDate: ev.ShipmentDate})
	}))
}

// UpdateFulfillingLocation copies the fulfilling location (and its WSCR
// description) and the request ID from the event when given (BRK-057,
// BRK-070). It is a [DataEffect]: a repeated status with a new location
// updates it.
func UpdateFulfillingLocation() Effect {
	return DataEffect(EffectFunc(func(c *Change) {
		ev := c.Event
		switch {
		case ev.FulfillingLocation == "":
		case ev.FulfillingLocation != c.Record.FulfillingLocation:
			c.Record.FulfillingLocation = ev.FulfillingLocation
			c.Record.FulfillingSystem = ev.FulfillingSystem
			c.Record.FulfillingLocationName = ev.FulfillingLocationName
		case ev.FulfillingSystem != "":
			// The same location: its description stays as first stored (BRK-322).
			c.Record.FulfillingSystem = ev.FulfillingSystem
		}
		if ev.RequestID != "" {
			c.Record.RequestID = ev.RequestID
		}
	}))
}

// ClearFulfillingLocation blanks the fulfilling location (BRK-052, BRK-311).
func ClearFulfillingLocation() Effect {
	return EffectFunc(func(c *Change) {
		c.Record.FulfillingLocation, c.Record.FulfillingSystem, c.Record.FulfillingLocationName = "", "", ""
	})
}

// ReverseAuthorization emits an authorization reversal when the status
// reached is one of §3.4 (BRK-310) and the status left is not: a line's
// authorization is reversed once, so Z after Y (the cancel confirmed)
// reverses nothing more.
func ReverseAuthorization() Effect {
	return EffectFunc(func(c *Change) {
		if c.Before.Status.ReversesAuthorization(c.Before.PickupOrder) {
			return
		}
		if c.Record.Status.ReversesAuthorization(c.Record.PickupOrder) {
			c.Emit(AuthorizationReversal{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, Status: c.Record.Status})
		}
	})
}

// UpdateLine emits a line update built by f from the change.
func UpdateLine(f func(c *Change, u *LineUpdate)) Effect {
	return EffectFunc(func(c *Change) {
		u := LineUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq}
		f(c, &u)
		c.Emit(u)
	})
}

// returnUnfulfillable is BRK-059 items 1, 2 and 5 plus BRK-061.
func returnUnfulfillable(c *Change, u *LineUpdate) {
	u.ClearDropShip, u.ClearPrinted = true, true
	if c.Record.FulfillmentAssignment || c.Record.ShipForPickup {
		u.ResetBypassReservation = true
		u.BackorderReason = BackorderReasonNotEnough
	}
	u.ReturnToBackorder, u.SoldoutCheck, u.BackorderNotices = true, true, true
}

// SubmitToBilling emits a billing request recording the status the line left
// (BRK-090).
func SubmitToBilling() Effect {
	return EffectFunc(func(c *Change) {
		if c.Before.Invoiced {
			return
		}
		c.Record.Invoiced = true
		c.Emit(BillingRequest{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, LineNo: c.Record.LineNo, RequestID: c.Record.RequestID, PreviousStatus: c.Before.Status, Response: c.Event.Response})
	})
}

// InvoiceAtIntransit bills a ship-for-pickup line at intransit, intransit
// polled or received when M73 is selected and no invoice exists yet (BRK-095).
func InvoiceAtIntransit() Effect {
	return EffectFunc(func(c *Change) {
		if !c.Settings.InvoiceShipForPickupAtIntransit || !c.Record.ShipForPickup || c.Before.Invoiced {
			return
		}
		c.Record.Invoiced = true
		c.Emit(BillingRequest{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, LineNo: c.Record.LineNo, RequestID: c.Record.RequestID, PreviousStatus: c.Before.Status, Intransit: true})
	})
}

// IssueNonInventory writes NONINVISSU for a shipped non-inventory item when
// E39 is selected (BRK-080).
func IssueNonInventory() Effect {
	return EffectFunc(func(c *Change) {
		if c.Settings.NonInventoryItemHistory && c.Event.NonInventory {
			c.Emit(ItemTransaction{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, Type: NonInventoryIssue})
		}
	})
}

// InquireStatus stores the request ID and asks for a status inquiry, once per
// request ID (F1.05, BRK-058).
func InquireStatus() Effect {
	return EffectFunc(func(c *Change) {
		if c.Event.RequestID == "" || c.Event.RequestID == c.Before.RequestID {
			return
		}
		c.Record.RequestID = c.Event.RequestID
		c.Emit(StatusInquiry{Record: c.Record.ID, RequestID: c.Event.RequestID})
	})
}

// RequestCancel asks BROKER_ORD for the cancel StatusUpdate (BRK-110).
func RequestCancel() Effect {
	return EffectFunc(func(c *Change) {
		c.Record.LineCanceled = c.Event.LineCanceled
		c.Record.CancelReasonCode, c.Record.CancelReasonText = c.Event.CancelReasonCode, c.Event.CancelReasonText
		c.Emit(CancelRequest{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID, ReasonCode: c.Event.CancelReasonCode, ReasonText: c.Event.CancelReasonText})
	})
}

// SendUnderReview asks for the Under Review order update when the order's
// hold state changed after the first submission (BRK-098): the record keeps
// the new value and the [UnderReviewUpdate] waits in its [Outbox]; the
// BROKER run sends it, once per request ID, and writes "Request ID: <id>
// Under Review: <Y|N>". Before the first submission (R) it only records the
// value: the SubmitOrder carries it.
func SendUnderReview() Effect {
	return EffectFunc(func(c *Change) {
		if !c.Settings.SendHeldOrders || c.Before.UnderReview == c.Event.Held {
			return
		}
		c.Record.UnderReview = c.Event.Held
		if c.Record.Status == StatusReady {
			return
		}
		c.Emit(UnderReviewUpdate{Record: c.Record.ID, Key: c.Record.Key, LineSeq: c.Record.LineSeq, RequestID: c.Record.RequestID, UnderReview: c.Event.Held})
	})
}

// recordSentUnderReview keeps on the record whether its SubmitOrder went
// Under Review (the event's Held), so that the release sends N (BRK-098,
// BRK-272).
var recordSentUnderReview = EffectFunc(func(c *Change) { c.Record.UnderReview = c.Event.Held })

// ExpectFulfillingOrder notes the F3 fulfilling order OB will send when it
// assigns an OMS warehouse (F1.25, BRK-065..BRK-067).
func ExpectFulfillingOrder() Effect {
	return EffectFunc(func(c *Change) {
		if c.Before.FulfillingLocation == c.Record.FulfillingLocation {
			return // a repeat of the same assignment
		}
		ot := c.Settings.DeliveryOrderTypeFromOMS
		if c.Record.ShipForPickup {
			ot = c.Settings.RetailPickupOrderTypeFromOMS
		}
		c.Emit(FulfillingOrderExpected{Record: c.Record.ID, RequestID: c.Record.RequestID, OrderType: ot, ECommerceOrderNumber: OriginatingOrderNumber(c.Record.Key)})
	})
}

var (
	cancelFailedToZ    = Guard{Name: "FAILED treated as canceled", Test: func(_ Record, _ Event, s Settings) bool { return !s.CancelFailedKeepsPending }}
	cancelFailedStay   = Guard{Name: "FAILED keeps Pending Cancel", Test: func(_ Record, _ Event, s Settings) bool { return s.CancelFailedKeepsPending }}
	assignedWithBypass = UpdateLine(func(c *Change, u *LineUpdate) {
		u.AssignToBroker = true
		u.LowerItemWarehouseBackorder = c.Event.PeriodicFunction
		if c.Record.FulfillmentAssignment {
			u.SetBypassReservation = true
			u.BackorderReason = BackorderReasonBypassed
		}
	})
	acknowledgedEffects = []Effect{UpdateFulfillingLocation(), WriteHistory(HistoryReceiveOrderResponse), WriteMessage(TextAcknowledged)}
)

// PeriodicFunctionEvent is the F1.01 event raised by the BROKER periodic
// function (PFR0083) for an existing backorder.
func PeriodicFunctionEvent() Event {
	return Event{Kind: EventLineEligible, Source: SourceOMS, PeriodicFunction: true}
}

var (
	f1Open      = []Status{StatusWaiting, StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill}
	f1Assigned  = []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill}
	f1Unshipped = []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted}
)

// BrokeredBackorder is the F1 flow: brokered backorders, delivery and
// ship-for-pickup sent for fulfillment assignment (order-broker.md §4.1).
var BrokeredBackorder = Flow{
	Name: "F1",
	Order: []Status{StatusWaiting, StatusAcknowledged, StatusPosted, StatusPolled, StatusAccepted,
		StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill, StatusCompleted},
	Final: []Status{StatusCompleted, StatusClosed, StatusError, StatusUnfulfillable, StatusCanceled},
	Rows: []Row{
		{ID: "F1.01", FromNone: true, On: EventLineEligible, To: StatusReady, Effects: []Effect{assignedWithBypass},
			Rules: []string{"BRK-047", "BRK-048", "BRK-049", "BRK-053"}},
		{ID: "F1.02", From: []Status{StatusReady}, On: EventSubmitSent, To: StatusWaiting,
			Effects: []Effect{EffectFunc(func(c *Change) { c.Record.SubmittedAt = c.Event.At }), recordSentUnderReview, WriteHistory(HistorySendOrderRequest)},
			Rules:   []string{"BRK-051", "BRK-098"}},
		{ID: "F1.03", From: []Status{StatusReady}, On: EventRequestCanceled, To: StatusClosed,
			Effects: []Effect{ClearFulfillingLocation(), ReverseAuthorization()}, Rules: []string{"BRK-052", "BRK-310"}},
		{ID: "F1.04", From: []Status{StatusWaiting}, On: EventAckOneLocation, To: StatusAcknowledged,
			Effects: acknowledgedEffects, Rules: []string{"BRK-057"}},
		{ID: "F1.05", From: []Status{StatusWaiting}, On: EventAckSeveralLocations, Stay: true,
			Effects: []Effect{InquireStatus()}, Rules: []string{"BRK-058"}},
		{ID: "F1.05", From: []Status{StatusWaiting}, On: EventNewOrder, To: StatusAcknowledged,
			Effects: acknowledgedEffects, Rules: []string{"BRK-058"}},
		{ID: "F1.06", From: []Status{StatusWaiting}, On: EventUnfulfillable, To: StatusUnfulfillable,
			Effects: []Effect{UpdateFulfillingLocation(), UpdateLine(returnUnfulfillable), WriteMessage(TextUnfulfillable), WriteStatusHistory(), ReverseAuthorization()},
			Rules:   []string{"BRK-059", "BRK-012"}},
		{ID: "F1.07", From: []Status{StatusWaiting}, On: EventSubmitError, To: StatusError,
			Effects: []Effect{WriteErrorHistory("error response"), UpdateLine(returnUnfulfillable), ReverseAuthorization()},
			Rules:   []string{"BRK-062", "BRK-064"}},
		{ID: "F1.08", From: []Status{StatusWaiting}, On: EventDuplicateOrder, To: StatusAcknowledged,
			Effects: []Effect{UpdateFulfillingLocation()}, Rules: []string{"BRK-063"}},
		{ID: "F1.09", From: []Status{StatusAcknowledged, StatusPosted}, On: EventPolled, To: StatusPolled,
			Effects: []Effect{UpdateFulfillingLocation(), WriteStatusHistory(), WriteMessage(TextPolled)}, Rules: []string{"BRK-073"}},
		{ID: "F1.10", From: []Status{StatusAcknowledged, StatusPosted, StatusPolled}, On: EventAccepted, To: StatusAccepted,
			Effects: []Effect{UpdateFulfillingLocation(), WriteStatusHistory(), WriteMessage(TextAccepted)}, Rules: []string{"BRK-074"}},
		{ID: "F1.10", From: []Status{StatusAcknowledged, StatusPosted, StatusPolled}, On: EventPicked, To: StatusAccepted,
			Effects: []Effect{UpdateFulfillingLocation()}, Rules: []string{"BRK-075"}},
		{ID: "F1.11", From: []Status{StatusAcknowledged, StatusPolled, StatusAccepted}, On: EventPosted, To: StatusPosted,
			Effects: []Effect{UpdateFulfillingLocation()}},
		{ID: "F1.12", From: []Status{StatusPosted, StatusPolled, StatusAccepted}, On: EventNewOrder, To: StatusAcknowledged,
			Effects: []Effect{UpdateFulfillingLocation(), WriteStatusHistory(), WriteMessage(TextAcknowledged)}, Rules: []string{"BRK-072", "BRK-070"}},
		{ID: "F1.13", From: f1Unshipped, On: EventUnfulfillable, To: StatusUnfulfillable,
			Effects: []Effect{UpdateFulfillingLocation(), UpdateLine(returnUnfulfillable), WriteMessage(TextUnfulfillable), WriteStatusHistory(), ReverseAuthorization()},
			Rules:   []string{"BRK-059", "BRK-060", "BRK-061"}},
		{ID: "F1.14", From: f1Open, On: EventRejected, Stay: true, Rules: []string{"BRK-071"}},
		{ID: "F1.15", From: f1Unshipped, On: EventIntransit, To: StatusInTransit,
			Effects: []Effect{UpdateFulfillingLocation(), WriteStatusHistory(), WriteTracking(TextStoreShipped), SaveShipmentDetails(), InvoiceAtIntransit()},
			Rules:   []string{"BRK-076", "BRK-095"}},
		{ID: "F1.16", From: []Status{StatusInTransit}, On: EventIntransitPolled, To: StatusInTransitPolled,
			Effects: []Effect{WriteStatusHistory(), WriteMessage(TextIntransitPolled), InvoiceAtIntransit()}, Rules: []string{"BRK-077", "BRK-095"}},
		{ID: "F1.17", From: []Status{StatusInTransit, StatusInTransitPolled}, On: EventReceived, To: StatusReceivedByStore,
			Effects: []Effect{WriteStatusHistory(), WriteMessage(TextStoreReceived), InvoiceAtIntransit()}, Rules: []string{"BRK-078", "BRK-095"}},
		{ID: "F1.18", From: []Status{StatusReceivedByStore}, On: EventPartiallyFulfilled, To: StatusPartialFulfill},
		{ID: "F1.19", From: f1Assigned, On: EventFulfilled, To: StatusCompleted,
			Effects: []Effect{UpdateFulfillingLocation(), WriteStatusListHistory(),
				UpdateLine(func(_ *Change, u *LineUpdate) { u.ClearDropShip, u.ClearPrinted = true, true }),
				SubmitToBilling(), WriteMessage(TextStoreShipped), WriteTracking(""), SaveShipmentDetails(), IssueNonInventory()},
			Rules: []string{"BRK-079", "BRK-080", "BRK-083", "BRK-090"}},
		{ID: "F1.20", From: f1Assigned, On: EventRequestCanceled, To: StatusPendingCancel,
			Effects: []Effect{RequestCancel(), ReverseAuthorization()}, Rules: []string{"BRK-110", "BRK-310"}},
		{ID: "F1.21", From: []Status{StatusPendingCancel}, On: EventCancelConfirmed, To: StatusCanceled,
			Effects: []Effect{ClearFulfillingLocation(), ReverseAuthorization(), UpdateLine(func(c *Change, u *LineUpdate) {
				if !c.Record.LineCanceled {
					u.ReturnToBackorder, u.BackorderNotices = true, true
				}
			})}, Rules: []string{"BRK-110", "BRK-112", "BRK-310"}},
		{ID: "F1.22", From: []Status{StatusPendingCancel}, On: EventCancelFailed, To: StatusCanceled, When: cancelFailedToZ,
			Effects: []Effect{WriteErrorHistory("cancel FAILED"), ClearFulfillingLocation(), ReverseAuthorization(), UpdateLine(func(c *Change, u *LineUpdate) {
				if !c.Record.LineCanceled {
					u.ReturnToBackorder, u.BackorderNotices = true, true
				}
			})}, Rules: []string{"BRK-114"}},
		{ID: "F1.22", From: []Status{StatusPendingCancel}, On: EventCancelFailed, Stay: true, When: cancelFailedStay,
			Effects: []Effect{WriteErrorHistory("cancel FAILED")}, Rules: []string{"BRK-114"}},
		// F1.23 from W too: a record OB acknowledged at several locations takes
		// its first status response as K would (F1.05).
		{ID: "F1.23", From: append([]Status{StatusWaiting}, f1Assigned...), On: EventCanceledElsewhere, To: StatusError,
			Effects: []Effect{WriteErrorHistory("canceled in Order Broker"), UpdateLine(func(_ *Change, u *LineUpdate) { u.ClearPrinted = true }), ReverseAuthorization()},
			Rules:   []string{"BRK-081"}},
		{ID: "F1.24", From: append([]Status{StatusReady}, f1Open...), On: EventHoldChanged, Stay: true,
			Effects: []Effect{SendUnderReview()}, Rules: []string{"BRK-098"}},
		{ID: "F1.25", From: f1Unshipped, On: EventOMSWarehouseAssigned, Stay: true,
			Effects: []Effect{UpdateFulfillingLocation(), ExpectFulfillingOrder()}, Rules: []string{"BRK-065", "BRK-066", "BRK-067"}},
	},
}
