package broker

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func f3Settings() Settings {
	s := baseSets
	s.Flows = FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", ErrorBatch: "77", CancelHold: "OC", PickInCancelReason: "PI"}
	return s
}

func f3Rec(st Status, pickup bool) Record {
	r := flowRec("F3", 1, st)
	r.RequestID, r.PickupOrder = "123456", pickup
	return r
}

func TestF3Table(t *testing.T) {
	require.NoError(t, ReceivedFromBroker.Validate())
	for i := 1; i <= 24; i++ {
		assert.NotEmpty(t, ReceivedFromBroker.RowsByID(fmt.Sprintf("F3.%02d", i)), "row F3.%02d", i)
	}
	s := f3Settings()
	created := func(kind EventKind) Result {
		return applyFlow(t, &ReceivedFromBroker, s, flowRec("F3", 1, 0), Event{Kind: kind, RequestID: "123456", FulfillingLocation: "10"})
	}

	t.Run("F3.01", func(t *testing.T) {
		// BRK-213: created open: update accepted. BRK-215: the record starts in I.
		// BRK-216: "Ln#: n Ready for Fulfillment". BRK-207: the request ID is saved on the record.
		res := created(EventReceivedOpen)
		assert.Equal(t, StatusInProcess, res.Record.Status)
		assert.Equal(t, "123456", res.Record.RequestID)
		assert.Equal(t, "10", res.Record.FulfillingLocation)
		assert.Equal(t, []OBStatus{OBAccepted}, updatesOf(res.Effects))
		assert.Equal(t, []string{"Ln#: 1 Ready for Fulfillment"}, textsOf(res.Effects))
	})

	t.Run("F3.02", func(t *testing.T) {
		// BRK-213: created on hold: update polled. BRK-215: still I (ambiguity A11: P accepted later). BRK-216.
		res := created(EventReceivedHeld)
		assert.Equal(t, StatusInProcess, res.Record.Status)
		assert.Equal(t, []OBStatus{OBPolled}, updatesOf(res.Effects))
		assert.Equal(t, []string{"Ln#: 1 Ready for Fulfillment"}, textsOf(res.Effects))
		// ambiguity A11, the summary table's reading: P.
		p := s
		p.Flows.HeldReceivedAsPolled = true
		res = applyFlow(t, &ReceivedFromBroker, p, flowRec("F3", 1, 0), Event{Kind: EventReceivedHeld})
		assert.Equal(t, StatusPolled, res.Record.Status)
		assert.Equal(t, []OBStatus{OBPolled}, updatesOf(res.Effects))
	})

	t.Run("F3.03", func(t *testing.T) {
		// BRK-215: in error -> N. BRK-214: batch K90. BRK-213: polled only with L04.
		res := created(EventReceivedInError)
		assert.Equal(t, StatusNew, res.Record.Status)
		assert.Equal(t, "77", effectsOf[ErrorBatchAssignment](res.Effects)[0].Batch)
		assert.Empty(t, updatesOf(res.Effects))
		l04 := s
		l04.Flows.RePolling = true
		res = applyFlow(t, &ReceivedFromBroker, l04, flowRec("F3", 1, 0), Event{Kind: EventReceivedInError})
		assert.Equal(t, []OBStatus{OBPolled}, updatesOf(res.Effects))
	})

	t.Run("F3.04", func(t *testing.T) {
		// BRK-213: cannot be created: update rejected, "Rejected for Fulfillment"; no record kept.
		res := created(EventReceivedRejected)
		assert.Equal(t, Status(0), res.Record.Status)
		assert.Equal(t, []OBStatus{OBRejected}, updatesOf(res.Effects))
		assert.Equal(t, []string{"Ln#: 1 Rejected for Fulfillment"}, textsOf(res.Effects))
	})

	t.Run("F3.05", func(t *testing.T) {
		// BRK-217: corrected, but canceled by the originator: held, "Order held - line[s] canceled in Order B".
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusNew, false), Event{Kind: EventErrorCorrectedCancel})
		assert.Equal(t, StatusNew, res.Record.Status)
		assert.Equal(t, "OC", effectsOf[OrderHold](res.Effects)[0].Reason)
		assert.Equal(t, []string{"Order held - line[s] canceled in Order B"}, textsOf(res.Effects))
	})

	t.Run("F3.06", func(t *testing.T) {
		// BRK-217: corrected and not canceled: the order becomes open (I).
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusNew, false), Event{Kind: EventErrorCorrected})
		assert.Equal(t, StatusInProcess, res.Record.Status)
	})

	t.Run("F3.07", func(t *testing.T) {
		// BRK-238: batch rejected: rejected update, records and history deleted. BRK-239: no reason.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusNew, false), Event{Kind: EventBatchRejected, CancelReasonCode: "XX"})
		ups := effectsOf[OutboundUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.Equal(t, OBRejected, ups[0].Status)
		assert.Empty(t, ups[0].ReasonCode)
		assert.Equal(t, []DeleteRecord{{Record: res.Record.ID, History: true}}, effectsOf[DeleteRecord](res.Effects))
	})

	t.Run("F3.08", func(t *testing.T) {
		// BRK-219: OB says canceled: no pick slip, hold L02.
		ev := PickGenEvent(OrderStatusReport{OrderStatus: "canceled"}, nil)
		require.Equal(t, EventPickGenCanceled, ev.Kind)
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInProcess, true), ev)
		assert.Equal(t, StatusInProcess, res.Record.Status)
		assert.False(t, effectsOf[PickSlip](res.Effects)[0].Print)
		assert.Equal(t, "OC", effectsOf[OrderHold](res.Effects)[0].Reason)
	})

	t.Run("F3.09", func(t *testing.T) {
		// BRK-219: OB says under review: no pick slip, AU hold (also from P, ambiguity A11).
		yes := true
		ev := PickGenEvent(OrderStatusReport{OrderStatus: "accepted", UnderReview: &yes}, nil)
		require.Equal(t, EventPickGenUnderReview, ev.Kind)
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPolled, true), ev)
		assert.False(t, effectsOf[PickSlip](res.Effects)[0].Print)
		assert.Equal(t, "AU", effectsOf[OrderHold](res.Effects)[0].Reason)
	})

	t.Run("F3.10", func(t *testing.T) {
		// BRK-220: printed: F, picked update, "Selected for Fulfillment", even when the inquiry failed.
		ev := PickGenEvent(OrderStatusReport{}, errors.New("timeout"))
		require.Equal(t, EventPickSlipPrinted, ev.Kind)
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInProcess, true), ev)
		assert.Equal(t, StatusPicking, res.Record.Status)
		assert.Equal(t, []OBStatus{OBPicked}, updatesOf(res.Effects))
		assert.Equal(t, []string{"Ln#: 1 Selected for Fulfillment"}, textsOf(res.Effects))
		// BRK-221: the location is not checked: a record whose fulfilling location moved still prints.
		moved := f3Rec(StatusInProcess, true)
		moved.FulfillingLocation = "STORE99"
		assert.Equal(t, StatusPicking, applyFlow(t, &ReceivedFromBroker, s, moved, ev).Record.Status)
	})

	t.Run("F3.11", func(t *testing.T) {
		// BRK-225: retail pickup shipped -> T, "Ln#: n In Transit". BRK-226: ship via and tracking go with the update.
		// BRK-229: the payment method is deactivated.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPicking, true), Event{Kind: EventShipmentConfirmed, ShippingAgent: "UPS GROUND", TrackingNumber: "1Z9"})
		assert.Equal(t, StatusInTransit, res.Record.Status)
		ups := effectsOf[OutboundUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.Equal(t, OutboundUpdate{Record: res.Record.ID, Key: key8953, LineSeq: 1, RequestID: "123456", Status: OBIntransit, ShippingAgent: "UPS GROUND", TrackingNumber: "1Z9"}, ups[0])
		assert.Equal(t, []string{"Ln#: 1 In Transit"}, textsOf(res.Effects))
		assert.Len(t, effectsOf[PaymentDeactivation](res.Effects), 1)
	})

	t.Run("F3.12", func(t *testing.T) {
		// BRK-225: delivery shipped -> X, "Ln#: n Fulfilled"; BRK-226: fulfilled update with tracking; BRK-229.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPicking, false), Event{Kind: EventShipmentConfirmed, TrackingNumber: "1Z9"})
		assert.Equal(t, StatusCompleted, res.Record.Status)
		assert.Equal(t, []OBStatus{OBFulfilled}, updatesOf(res.Effects))
		assert.Equal(t, "1Z9", effectsOf[OutboundUpdate](res.Effects)[0].TrackingNumber)
		assert.Equal(t, []string{"Ln#: 1 Fulfilled"}, textsOf(res.Effects))
		assert.Len(t, effectsOf[PaymentDeactivation](res.Effects), 1)
	})

	t.Run("F3.13", func(t *testing.T) {
		// BRK-227: fulfilled update unanswered -> G. BRK-317: stuck in G means no response.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusCompleted, false), Event{Kind: EventUpdateUnanswered})
		assert.Equal(t, StatusResendFulfilled, res.Record.Status)
	})

	t.Run("F3.14", func(t *testing.T) {
		// BRK-227: BROKER_ORD's resend answered -> X.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusResendFulfilled, false), Event{Kind: EventUpdateConfirmed})
		assert.Equal(t, StatusCompleted, res.Record.Status)
	})

	t.Run("F3.15", func(t *testing.T) {
		// intransit polled -> V, displayed as X (BRK-321).
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInTransit, true), Event{Kind: EventIntransitPolled})
		assert.Equal(t, StatusInTransitPolled, res.Record.Status)
		assert.Equal(t, StatusCompleted, DisplayStatus(res.Record, s))
	})

	t.Run("F3.16", func(t *testing.T) {
		// BRK-230: received -> S, "Store Received".
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInTransit, true), Event{Kind: EventReceived})
		assert.Equal(t, StatusReceivedByStore, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 1 Store Received"}, textsOf(res.Effects))
	})

	t.Run("F3.17", func(t *testing.T) {
		// BRK-230: partial pickup -> L.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusReceivedByStore, true), Event{Kind: EventPartiallyFulfilled})
		assert.Equal(t, StatusPartialFulfill, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 1 Customer Partial Pick Up"}, textsOf(res.Effects))
	})

	t.Run("F3.18", func(t *testing.T) {
		// BRK-230: picked up in full -> X, one message per status change.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPartialFulfill, true), Event{Kind: EventFulfilled})
		assert.Equal(t, StatusCompleted, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 1 Customer Picked Up"}, textsOf(res.Effects))
		again := applyFlow(t, &ReceivedFromBroker, s, res.Record, Event{Kind: EventFulfilled})
		assert.True(t, again.NoOp)
	})

	t.Run("F3.19", func(t *testing.T) {
		// BRK-232: sold out: rejected update for the order (L56 off), J, "Rejected for Fulfillment".
		// BRK-310: J reverses the authorization for a pickup order only.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPicking, true), Event{Kind: EventLineSoldOut})
		assert.Equal(t, StatusRejected, res.Record.Status)
		ups := effectsOf[OutboundUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].WholeOrder)
		assert.Equal(t, []string{"Ln#: 1 Rejected for Fulfillment"}, textsOf(res.Effects))
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1)
		split := s
		split.SplitOrder = true
		res = applyFlow(t, &ReceivedFromBroker, split, f3Rec(StatusInProcess, false), Event{Kind: EventLineSoldOut})
		assert.False(t, effectsOf[OutboundUpdate](res.Effects)[0].WholeOrder, "L56: the line only")
		assert.Empty(t, effectsOf[AuthorizationReversal](res.Effects), "delivery order: no reversal at J")
	})

	t.Run("F3.20", func(t *testing.T) {
		// BRK-233: canceled in OMS -> Z, status inquiry then rejected unless OB shows canceled, "Cancel Acknowledged".
		// BRK-239: the update carries the reason entered.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInProcess, false), Event{Kind: EventRequestCanceled, CancelReasonCode: "CR", CancelReasonText: "CUSTOMER"})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		ups := effectsOf[OutboundUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.Equal(t, OBRejected, ups[0].Status)
		assert.True(t, ups[0].UnlessCanceled)
		assert.Equal(t, "CR", ups[0].ReasonCode)
		assert.Equal(t, []string{"Ln#: 1 Cancel Acknowledged by Broker"}, textsOf(res.Effects))
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1) // BRK-310: Z
	})

	t.Run("F3.21", func(t *testing.T) {
		// BRK-236: Pick In void with L86: order canceled, rejected with the reason, Y then Z. BRK-239: CWPickIn reason else L86.
		ev := ReceivedPickVoidEvent(true, "", s)
		require.Equal(t, EventPickVoidedWithReason, ev.Kind)
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPicking, true), ev)
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.True(t, effectsOf[OrderCancel](res.Effects)[0].WholeOrder)
		assert.Equal(t, "PI", effectsOf[OutboundUpdate](res.Effects)[0].ReasonCode)
		done := applyFlow(t, &ReceivedFromBroker, s, res.Record, Event{Kind: EventCancelConfirmed})
		assert.Equal(t, StatusCanceled, done.Record.Status)
		assert.Equal(t, "BO", ReceivedPickVoidEvent(true, "BO", s).CancelReasonCode)
		// BRK-236: L86 blank and no reason: nothing is sent (cancel in maintenance instead).
		assert.Equal(t, EventPickVoidedNoUpdate, ReceivedPickVoidEvent(true, "", Settings{}).Kind)
	})

	t.Run("F3.22", func(t *testing.T) {
		// BRK-235: canceled by the originator: whole order held with L02, "Order held - line[s] canceled in OROB".
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInTransit, true), Event{Kind: EventOriginatorCanceled})
		assert.Equal(t, StatusInTransit, res.Record.Status)
		assert.Equal(t, "OC", effectsOf[OrderHold](res.Effects)[0].Reason)
		assert.Equal(t, []string{"Order held - line[s] canceled in OROB"}, textsOf(res.Effects))
		// BRK-224: L02 blank: the order stays on AU.
		res = applyFlow(t, &ReceivedFromBroker, baseSets, f3Rec(StatusInProcess, true), Event{Kind: EventOriginatorCanceled})
		assert.Equal(t, "AU", effectsOf[OrderHold](res.Effects)[0].Reason)
	})

	t.Run("F3.23", func(t *testing.T) {
		// BRK-224: Under Review on: AU added; off: AU removed; no change: nothing.
		// BRK-251: the AU hold is removed only by a BROKER response.
		on := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusInProcess, true), Event{Kind: EventUnderReviewReported, Held: true})
		assert.Equal(t, []OrderHold{{Record: on.Record.ID, Key: key8953, Reason: "AU"}}, effectsOf[OrderHold](on.Effects))
		assert.True(t, on.Record.UnderReview)
		same := applyFlow(t, &ReceivedFromBroker, s, on.Record, Event{Kind: EventUnderReviewReported, Held: true})
		assert.True(t, same.NoOp)
		off := applyFlow(t, &ReceivedFromBroker, s, on.Record, Event{Kind: EventUnderReviewReported, Held: false})
		assert.Equal(t, []OrderHold{{Record: on.Record.ID, Key: key8953, Reason: "AU", Release: true}}, effectsOf[OrderHold](off.Effects))
	})

	t.Run("F3.24", func(t *testing.T) {
		// BRK-237: WVRP/WSVP void or reprint: no status update.
		res := applyFlow(t, &ReceivedFromBroker, s, f3Rec(StatusPicking, false), ReceivedPickVoidEvent(false, "BO", s))
		assert.True(t, res.NoOp)
		assert.Empty(t, res.Effects)
	})

	t.Run("forbidden", func(t *testing.T) {
		// §4 intro: an undescribed move changes nothing and wraps ErrInvalidTransition.
		r := f3Rec(StatusNew, false)
		res, err := Engine{Settings: s}.Apply(&ReceivedFromBroker, r, Event{Kind: EventPickSlipPrinted})
		var te *TransitionError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "F3", te.Flow)
		assert.Equal(t, r, res.Record)
		// a local action cannot skip the pick slip: shipment confirmed while I is refused.
		_, err = Engine{Settings: s}.Apply(&ReceivedFromBroker, f3Rec(StatusInProcess, true), Event{Kind: EventShipmentConfirmed})
		assert.ErrorIs(t, err, ErrInvalidTransition)
		// a later store status may skip earlier ones (§4 intro): T -> X on fulfilled is F3.18 directly.
		res, err = Engine{Settings: s}.Apply(&ReceivedFromBroker, f3Rec(StatusInTransit, true), Event{Kind: EventFulfilled})
		require.NoError(t, err)
		assert.Equal(t, StatusCompleted, res.Record.Status)
	})
}

func TestPickGenInquiry(t *testing.T) {
	// BRK-222: M05 NO/blank: one StatusRequest per order; CANCELED: list, SUMMARY, canceled; ALL: list without statuses.
	// BRK-223: streamlined allocation only with the list request.
	s := Settings{Flows: FlowSettings{StreamlinedAllocation: true}}
	assert.Equal(t, PickGenInquiry{}, PickGenInquiryFor(s))
	s.Flows.StatusInquiryList = "CANCELED"
	assert.Equal(t, PickGenInquiry{List: true, ResponseType: "SUMMARY", Statuses: []string{"canceled"}, StreamlinedAllocation: true}, PickGenInquiryFor(s))
	s.Flows.StatusInquiryList = "ALL"
	assert.Equal(t, PickGenInquiry{List: true, ResponseType: "SUMMARY", StreamlinedAllocation: true}, PickGenInquiryFor(s))
}

func TestReceivedOrderLimits(t *testing.T) {
	// BRK-234: no partial-quantity cancel.
	assert.ErrorIs(t, CheckReceivedCancel(2, 1, 3), ErrReceivedOrderLimit)
	assert.NoError(t, CheckReceivedCancel(2, 3, 3))
	// BRK-240: L88: no returns; unselected: allowed, with a new payment method first.
	_, err := CheckReceivedReturn(ReturnProcess, Settings{Flows: FlowSettings{SuppressReturns: true}})
	assert.ErrorIs(t, err, ErrReceivedOrderLimit)
	r, err := CheckReceivedReturn(ReturnAuthorization, Settings{})
	require.NoError(t, err)
	assert.True(t, r.NeedsNewPayment)
	// BRK-242: a return sends no status update to OB.
	assert.False(t, r.SendsStatusUpdate)
	// BRK-241: never an exchange, negative quantity, negative charge or discount on a shipped line.
	for _, k := range []ReturnKind{ReturnExchange, ReturnNegativeQty, ReturnNegativeCharge, ReturnShippedDiscount} {
		_, err := CheckReceivedReturn(k, Settings{})
		assert.ErrorIs(t, err, ErrReceivedOrderLimit, k)
	}
	_, err = CheckReceivedReturn("bogus", Settings{})
	assert.ErrorIs(t, err, ErrInvalidInput)
	// BRK-243: B20 needed; even with it lines cannot be added or changed.
	assert.ErrorIs(t, CheckReceivedMaintenance(MaintainHeader, false), ErrReceivedOrderLimit)
	assert.NoError(t, CheckReceivedMaintenance(MaintainHeader, true))
	assert.ErrorIs(t, CheckReceivedMaintenance(MaintainAddLine, true), ErrReceivedOrderLimit)
	assert.ErrorIs(t, CheckReceivedMaintenance(MaintainChangeLine, true), ErrReceivedOrderLimit)
}

func TestFulfillmentsPolling(t *testing.T) {
	whs := []Warehouse{{Number: 1, OROBLocation: "10"}, {Number: 2}, {Number: 3, OROBLocation: " 30 "}}
	s := f3Settings()
	// BRK-157: no polling unless K91 and K92 are both set.
	only := s
	only.Flows.RetailPickupOrderType = ""
	assert.Empty(t, FulfillmentsRequests(only, whs, t0))
	// BRK-158: L06 off: one request from K51.
	reqs := FulfillmentsRequests(s, whs, t0)
	require.Len(t, reqs, 1)
	assert.Equal(t, Location{Location: "1234567890", System: "6"}, reqs[0].StoreLocation)
	// BRK-158: L06 on: one per warehouse with an OROB location (ambiguity A9).
	s.SendInventoryByWarehouse = true
	reqs = FulfillmentsRequests(s, whs, t0)
	require.Len(t, reqs, 2)
	assert.Equal(t, "10", reqs[0].StoreLocation.Location)
	assert.Equal(t, "30", reqs[1].StoreLocation.Location)
	// BRK-159: L06 on and no warehouse has an OROB location: no request.
	assert.Empty(t, FulfillmentsRequests(s, []Warehouse{{Number: 2}}, t0))
	// BRK-153: K91 and K92 both set also gate the ship-for-pickup intransit update.
	assert.True(t, s.Flows.PollsFulfillments())
	assert.False(t, only.Flows.PollsFulfillments())
}

func TestCheckFulfillmentsResponse(t *testing.T) {
	// BRK-160: at most 1000 request IDs.
	r := FulfillmentsResponse{Orders: make([]FulfillmentOrder, 1001)}
	for i := range r.Orders {
		r.Orders[i].RequestID = fmt.Sprint(i)
	}
	err := CheckFulfillmentsResponse(r)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "1001 orders")
	r.Orders = r.Orders[:1000]
	assert.NoError(t, CheckFulfillmentsResponse(r))
	r.Orders[5].RequestID = " "
	assert.ErrorIs(t, CheckFulfillmentsResponse(r), ErrMalformed)
}
