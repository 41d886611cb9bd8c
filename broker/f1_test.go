package broker

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func applyF1(t *testing.T, s Settings, r Record, ev Event) Result {
	t.Helper()
	res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(&BrokeredBackorder, r, ev)
	require.NoError(t, err)
	return res
}

func effectsOf[T SideEffect](effs []SideEffect) []T {
	var out []T
	for _, e := range effs {
		if v, ok := e.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func textsOf(effs []SideEffect) []string {
	var out []string
	for _, m := range effectsOf[TransactionMessage](effs) {
		out = append(out, m.Text)
	}
	return out
}

func historyTypes(effs []SideEffect) []HistoryType {
	var out []HistoryType
	for _, h := range effectsOf[History](effs) {
		out = append(out, h.Type)
	}
	return out
}

func TestF1Table(t *testing.T) {
	require.NoError(t, BrokeredBackorder.Validate())
	for i := 1; i <= 25; i++ {
		assert.NotEmpty(t, BrokeredBackorder.RowsByID(fmt.Sprintf("F1.%02d", i)), "row F1.%02d", i)
	}
	s := baseSets

	t.Run("F1.01", func(t *testing.T) {
		// BRK-047: an eligible line gets a record in R.
		// BRK-019: the assignment (Printed = ordered, D flag) holds the line back from normal fulfillment.
		// BRK-048: Drop ship D, Printed = ordered, OBR, left out of the backorder quantity.
		r := rec(4, 0)
		res := applyF1(t, s, r, Event{Kind: EventLineEligible})
		assert.Equal(t, StatusReady, res.Record.Status)
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].AssignToBroker)
		assert.False(t, ups[0].SetBypassReservation)
		assert.False(t, ups[0].LowerItemWarehouseBackorder)

		// BRK-049: sent for fulfillment assignment: Bypass reservation with reason "Reservation bypassed".
		r.FulfillmentAssignment = true
		res = applyF1(t, s, r, Event{Kind: EventLineEligible})
		ups = effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].SetBypassReservation)
		assert.Equal(t, "Reservation bypassed", ups[0].BackorderReason)

		// BRK-018: order creation and the BROKER periodic function both assign lines (F1.01).
		// BRK-053: the BROKER periodic function also lowers the Item Warehouse backorder quantity.
		res = applyF1(t, s, rec(4, 0), PeriodicFunctionEvent())
		assert.Equal(t, StatusReady, res.Record.Status)
		assert.True(t, effectsOf[LineUpdate](res.Effects)[0].LowerItemWarehouseBackorder)
	})

	t.Run("F1.02", func(t *testing.T) {
		// BRK-051: R -> W and History "A - Send Order Request" for the line.
		res := applyF1(t, s, rec(4, StatusReady), Event{Kind: EventSubmitSent})
		assert.Equal(t, StatusWaiting, res.Record.Status)
		assert.Equal(t, []HistoryType{HistorySendOrderRequest}, historyTypes(res.Effects))
		assert.Equal(t, "A - Send Order Request", HistorySendOrderRequest.String())
		assert.Equal(t, t0, res.Record.SubmittedAt)
	})

	t.Run("F1.03", func(t *testing.T) {
		// BRK-052: canceled while R -> C, no fulfilling location. BRK-310: C reverses the authorization.
		r := rec(4, StatusReady)
		r.FulfillingLocation = "317"
		res := applyF1(t, s, r, Event{Kind: EventRequestCanceled})
		assert.Equal(t, StatusClosed, res.Record.Status)
		assert.Empty(t, res.Record.FulfillingLocation)
		rev := effectsOf[AuthorizationReversal](res.Effects)
		require.Len(t, rev, 1)
		assert.Equal(t, StatusClosed, rev[0].Status)
	})

	t.Run("F1.04", func(t *testing.T) {
		// BRK-057: W -> K with fulfilling location, WSCR description, request ID,
		// History B and "Ln#: <n> Acknowledged by Broker" (K, not A: ambiguity A1).
		res := applyF1(t, s, rec(4, StatusWaiting), Event{Kind: EventAckOneLocation, Source: SourceSubmitResponse,
			RequestID: "12345", FulfillingLocation: "317", FulfillingSystem: "SYSTEM01", FulfillingLocationName: "STORE 317"})
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.Equal(t, "317", res.Record.FulfillingLocation)
		assert.Equal(t, "STORE 317", res.Record.FulfillingLocationName)
		assert.Equal(t, "12345", res.Record.RequestID)
		assert.Equal(t, []HistoryType{HistoryReceiveOrderResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Acknowledged by Broker"}, textsOf(res.Effects))
	})

	t.Run("F1.05", func(t *testing.T) {
		// BRK-058: several locations: stay W, ask for a status inquiry, then do the F1.04 updates.
		res := applyF1(t, s, rec(4, StatusWaiting), Event{Kind: EventAckSeveralLocations, Source: SourceSubmitResponse, RequestID: "777"})
		assert.Equal(t, StatusWaiting, res.Record.Status)
		assert.Equal(t, "777", res.Record.RequestID)
		assert.Equal(t, []StatusInquiry{{Record: res.Record.ID, RequestID: "777"}}, effectsOf[StatusInquiry](res.Effects))
		again := applyF1(t, s, res.Record, Event{Kind: EventAckSeveralLocations, Source: SourceSubmitResponse, RequestID: "777"})
		assert.True(t, again.NoOp, "a retried response is a no-op")

		done := applyF1(t, s, res.Record, Event{Kind: EventNewOrder, Source: SourceStatusInquiry, FulfillingLocation: "200"})
		assert.Equal(t, StatusAcknowledged, done.Record.Status)
		assert.Equal(t, "200", done.Record.FulfillingLocation)
		assert.Equal(t, []string{"Ln#: 4 Acknowledged by Broker"}, textsOf(done.Effects))
		assert.Equal(t, []HistoryType{HistoryReceiveOrderResponse}, historyTypes(done.Effects))
	})

	t.Run("F1.06", func(t *testing.T) {
		// BRK-059: unfulfillable in the submit response: clear D and Printed, reset bypass
		// with "Not enough avail in whse" (fulfillment assignment), U, the message, no History D
		// (the news came in a submit response), back to backorder/soldout processing.
		r := rec(4, StatusWaiting)
		r.FulfillmentAssignment = true
		res := applyF1(t, s, r, Event{Kind: EventUnfulfillable, Source: SourceSubmitResponse, FulfillingLocation: "999"})
		assert.Equal(t, StatusUnfulfillable, res.Record.Status)
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].ClearDropShip && ups[0].ClearPrinted && ups[0].ResetBypassReservation && ups[0].ReturnToBackorder)
		assert.Equal(t, "Not enough avail in whse", ups[0].BackorderReason)
		assert.Equal(t, []string{"Ln#: 4 Unfulfillable by Broker"}, textsOf(res.Effects))
		assert.Empty(t, historyTypes(res.Effects))
		// BRK-310: U reverses the authorization. BRK-324/A26: the K56 location is kept.
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1)
		assert.Equal(t, "999", res.Record.FulfillingLocation)

		// BRK-059 item 2 applies only with M31 or a ship-for-pickup order.
		res = applyF1(t, s, rec(4, StatusWaiting), Event{Kind: EventUnfulfillable, Source: SourceSubmitResponse})
		assert.False(t, effectsOf[LineUpdate](res.Effects)[0].ResetBypassReservation)
	})

	t.Run("F1.07", func(t *testing.T) {
		// BRK-062: error response -> E, line back to standard backorder processing with notices.
		// BRK-064: the error goes to Order Broker History.
		res := applyF1(t, s, rec(4, StatusWaiting), Event{Kind: EventSubmitError, Source: SourceSubmitResponse, ErrorCode: "1001", ErrorText: "Invalid Sold To address, missing req"})
		assert.Equal(t, StatusError, res.Record.Status)
		hist := effectsOf[History](res.Effects)
		require.Len(t, hist, 1)
		assert.Equal(t, HistoryError, hist[0].Type)
		assert.Equal(t, "1001 Invalid Sold To address, missing req", hist[0].Detail)
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].ReturnToBackorder && ups[0].SoldoutCheck && ups[0].BackorderNotices)
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1) // BRK-310
	})

	t.Run("F1.08", func(t *testing.T) {
		// BRK-063: Duplicate Order/line (2040) -> K; the line carries on.
		res := applyF1(t, s, rec(4, StatusWaiting), Event{Kind: EventDuplicateOrder, Source: SourceSubmitResponse, ErrorCode: "2040"})
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.Empty(t, effectsOf[AuthorizationReversal](res.Effects))
	})

	t.Run("F1.09", func(t *testing.T) {
		// BRK-073: polled -> P, History D, "Ln#: <n> Polled by Broker".
		res := applyF1(t, s, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventPolled, Source: SourceStatusInquiry, OBStatus: "polled"})
		assert.Equal(t, StatusPolled, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Polled by Broker"}, textsOf(res.Effects))
	})

	t.Run("F1.10", func(t *testing.T) {
		// BRK-074: accepted -> A, History D, message once; nothing more while A.
		res := applyF1(t, s, recReq(4, StatusPolled, "1"), Event{Kind: EventAccepted, Source: SourceStatusInquiry})
		assert.Equal(t, StatusAccepted, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Accepted by Broker"}, textsOf(res.Effects))
		again := applyF1(t, s, res.Record, Event{Kind: EventAccepted, Source: SourceStatusInquiry})
		assert.True(t, again.NoOp)
		assert.Empty(t, again.Effects)
		// BRK-075: picked is shown as A, with no history.
		res = applyF1(t, s, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventPicked, Source: SourceStatusInquiry})
		assert.Equal(t, StatusAccepted, res.Record.Status)
		assert.Empty(t, historyTypes(res.Effects))
		assert.Empty(t, textsOf(res.Effects))
	})

	t.Run("F1.11", func(t *testing.T) {
		res := applyF1(t, s, recReq(4, StatusAcknowledged, "1"), Event{Kind: EventPosted, Source: SourceStatusInquiry})
		assert.Equal(t, StatusPosted, res.Record.Status)
	})

	t.Run("F1.12", func(t *testing.T) {
		// BRK-072: new_order after a rejection -> K, History D, acknowledged message.
		// BRK-070: the new fulfilling location replaces the old one.
		r := recReq(4, StatusAccepted, "1")
		r.FulfillingLocation = "317"
		res := applyF1(t, s, r, Event{Kind: EventNewOrder, Source: SourceStatusInquiry, FulfillingLocation: "200", FulfillingSystem: "SYSTEM01"})
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.Equal(t, "200", res.Record.FulfillingLocation)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Acknowledged by Broker"}, textsOf(res.Effects))
	})

	t.Run("F1.13", func(t *testing.T) {
		// BRK-059 + BRK-060: unfulfillable later, after rejections, learned from a status inquiry:
		// History D as well. BRK-061: the line is checked for sell-out.
		res := applyF1(t, s, recReq(5, StatusPolled, "1"), Event{Kind: EventUnfulfillable, Source: SourceStatusInquiry, FulfillingLocation: "999"})
		assert.Equal(t, StatusUnfulfillable, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 5 Unfulfillable by Broker"}, textsOf(res.Effects))
		assert.True(t, effectsOf[LineUpdate](res.Effects)[0].SoldoutCheck)
	})

	t.Run("F1.14", func(t *testing.T) {
		// BRK-071: rejected is transient: nothing changes.
		r := recReq(4, StatusAccepted, "1")
		res := applyF1(t, s, r, Event{Kind: EventRejected, Source: SourceStatusInquiry})
		assert.True(t, res.NoOp)
		assert.Equal(t, r, res.Record)
		assert.Empty(t, res.Effects)
	})

	t.Run("F1.15", func(t *testing.T) {
		// BRK-076: intransit -> T, History D, VIA and TRK lines; without tracking "Store Shipped Order".
		r := recReq(4, StatusAccepted, "1")
		r.ShipForPickup = true
		res := applyF1(t, s, r, Event{Kind: EventIntransit, Source: SourceStatusInquiry, ShippingAgent: "UPS", TrackingNumber: "ABCDEFG1234567890"})
		assert.Equal(t, StatusInTransit, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"----VIA: UPS", "----TRK#: ABCDEFG1234567890"}, textsOf(res.Effects))
		assert.Empty(t, effectsOf[BillingRequest](res.Effects), "no M73, no invoice")
		res = applyF1(t, s, r, Event{Kind: EventIntransit, Source: SourceStatusInquiry})
		assert.Equal(t, []string{"Ln#: 4 Store Shipped Order"}, textsOf(res.Effects))
		// BRK-095: with M73 an invoice is created at intransit.
		m73 := s
		m73.InvoiceShipForPickupAtIntransit = true
		res = applyF1(t, m73, r, Event{Kind: EventIntransit, Source: SourceStatusInquiry})
		bills := effectsOf[BillingRequest](res.Effects)
		require.Len(t, bills, 1)
		assert.True(t, bills[0].Intransit)
		assert.True(t, res.Record.Invoiced)
	})

	t.Run("F1.16", func(t *testing.T) {
		// BRK-077: intransit polled -> V, History D, "Intransit Polled by Broker".
		r := recReq(4, StatusInTransit, "1")
		r.ShipForPickup = true
		res := applyF1(t, s, r, Event{Kind: EventIntransitPolled, Source: SourceStatusInquiry})
		assert.Equal(t, StatusInTransitPolled, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Intransit Polled by Broker"}, textsOf(res.Effects))
		// BRK-095: M73 invoice if not yet created.
		m73 := s
		m73.InvoiceShipForPickupAtIntransit = true
		assert.Len(t, effectsOf[BillingRequest](applyF1(t, m73, r, Event{Kind: EventIntransitPolled, Source: SourceStatusInquiry}).Effects), 1)
		r.Invoiced = true
		assert.Empty(t, effectsOf[BillingRequest](applyF1(t, m73, r, Event{Kind: EventIntransitPolled, Source: SourceStatusInquiry}).Effects))
	})

	t.Run("F1.17", func(t *testing.T) {
		// BRK-078: received -> S, History D, "Store Received".
		res := applyF1(t, s, recReq(4, StatusInTransitPolled, "1"), Event{Kind: EventReceived, Source: SourceStatusInquiry})
		assert.Equal(t, StatusReceivedByStore, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryReceiveStatusResponse}, historyTypes(res.Effects))
		assert.Equal(t, []string{"Ln#: 4 Store Received"}, textsOf(res.Effects))
	})

	t.Run("F1.18", func(t *testing.T) {
		res := applyF1(t, s, recReq(4, StatusReceivedByStore, "1"), Event{Kind: EventPartiallyFulfilled, Source: SourceStatusInquiry})
		assert.Equal(t, StatusPartialFulfill, res.Record.Status)
	})

	t.Run("F1.19", func(t *testing.T) {
		// BRK-079: fulfilled -> X, clear D and Printed, bill, "Store Shipped Order" plus VIA/TRK.
		// BRK-083: Order Shipment Details with the agent and tracking number.
		// BRK-080: with E39, NONINVISSU for a non-inventory item.
		e39 := s
		e39.NonInventoryItemHistory = true
		res := applyF1(t, e39, recReq(2, StatusAccepted, "1"), Event{Kind: EventFulfilled, Source: SourceStatusInquiry,
			ShippingAgent: "UPS", TrackingNumber: "ABCDEFG1234567890", NonInventory: true, Response: "r1"})
		assert.Equal(t, StatusCompleted, res.Record.Status)
		assert.Empty(t, historyTypes(res.Effects), "§3.1/§3.7: no History for fulfilled in a status inquiry response")
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].ClearDropShip && ups[0].ClearPrinted)
		// BRK-088: the original backorder reason and the OBR line status stay on the line.
		assert.Empty(t, ups[0].BackorderReason)
		assert.False(t, ups[0].ResetBypassReservation || ups[0].ReturnToBackorder)
		assert.Equal(t, []string{"Ln#: 2 Store Shipped Order", "----VIA: UPS", "----TRK#: ABCDEFG1234567890"}, textsOf(res.Effects))
		bills := effectsOf[BillingRequest](res.Effects)
		require.Len(t, bills, 1)
		assert.Equal(t, StatusAccepted, bills[0].PreviousStatus)
		assert.Equal(t, []ShipmentDetails{{Record: res.Record.ID, Key: key8953, LineSeq: 2, ShippingAgent: "UPS", TrackingNumber: "ABCDEFG1234567890"}}, effectsOf[ShipmentDetails](res.Effects))
		assert.Equal(t, []ItemTransaction{{Record: res.Record.ID, Key: key8953, LineSeq: 2, Type: "NONINVISSU"}}, effectsOf[ItemTransaction](res.Effects))
		assert.Empty(t, effectsOf[ItemTransaction](applyF1(t, s, recReq(2, StatusAccepted, "1"), Event{Kind: EventFulfilled, NonInventory: true}).Effects))
		// Every open status of F1.19 reaches X, including the daily ones.
		for _, from := range []Status{StatusAcknowledged, StatusPosted, StatusPolled, StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill} {
			assert.Equal(t, StatusCompleted, applyF1(t, s, recReq(2, from, "1"), Event{Kind: EventFulfilled}).Record.Status, "from %v", from)
		}
	})

	t.Run("F1.20", func(t *testing.T) {
		// BRK-110: cancel -> Y and a cancel request for BROKER_ORD. BRK-310: Y reverses.
		res := applyF1(t, s, recReq(4, StatusAccepted, "55"), Event{Kind: EventRequestCanceled, CancelReasonCode: "02", CancelReasonText: "CUSTOMER REQUEST", LineCanceled: true})
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.True(t, res.Record.LineCanceled)
		assert.Equal(t, "02", res.Record.CancelReasonCode)
		assert.Equal(t, []CancelRequest{{Record: res.Record.ID, Key: key8953, LineSeq: 4, RequestID: "55", ReasonCode: "02", ReasonText: "CUSTOMER REQUEST"}}, effectsOf[CancelRequest](res.Effects))
		rev := effectsOf[AuthorizationReversal](res.Effects)
		require.Len(t, rev, 1)
		assert.Equal(t, StatusPendingCancel, rev[0].Status)
	})

	t.Run("F1.21", func(t *testing.T) {
		// BRK-110: OB confirms -> Z. BRK-112: the line (not canceled) returns to backorder processing.
		r := recReq(4, StatusPendingCancel, "55")
		r.FulfillingLocation = "317"
		res := applyF1(t, s, r, Event{Kind: EventCancelConfirmed, Source: SourceUpdateResponse})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		assert.Empty(t, res.Record.FulfillingLocation) // BRK-311
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].ReturnToBackorder && ups[0].BackorderNotices)
		// BRK-310: the reversal happened at Y; Z after Y reverses nothing more (once per line).
		assert.Empty(t, effectsOf[AuthorizationReversal](res.Effects))
		r.LineCanceled = true
		res = applyF1(t, s, r, Event{Kind: EventCancelConfirmed, Source: SourceUpdateResponse})
		assert.False(t, effectsOf[LineUpdate](res.Effects)[0].ReturnToBackorder)
	})

	t.Run("F1.22", func(t *testing.T) {
		// BRK-114: FAILED = already in the requested status: default Z with an error history.
		r := recReq(4, StatusPendingCancel, "55")
		res := applyF1(t, s, r, Event{Kind: EventCancelFailed, Source: SourceUpdateResponse})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryError}, historyTypes(res.Effects))
		keep := s
		keep.CancelFailedKeepsPending = true
		res = applyF1(t, keep, r, Event{Kind: EventCancelFailed, Source: SourceUpdateResponse})
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryError}, historyTypes(res.Effects))
	})

	t.Run("F1.23", func(t *testing.T) {
		// BRK-081: canceled by another system -> E, an error history record, Printed cleared.
		res := applyF1(t, s, recReq(4, StatusPolled, "1"), Event{Kind: EventCanceledElsewhere, Source: SourceStatusList, OBStatus: "canceled"})
		assert.Equal(t, StatusError, res.Record.Status)
		assert.Equal(t, []HistoryType{HistoryError}, historyTypes(res.Effects))
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].ClearPrinted)
		assert.False(t, ups[0].ClearDropShip)
		// F1.05: a W record OB acknowledged at several locations takes the first status
		// response as K would, so canceled by another system moves it to E too (found by
		// broker/brokersim: it stayed W for ever).
		res = applyF1(t, s, recReq(4, StatusWaiting, "1"), Event{Kind: EventCanceledElsewhere, Source: SourceStatusInquiry, OBStatus: "canceled"})
		assert.Equal(t, StatusError, res.Record.Status) // F1.23 via F1.05
	})

	t.Run("F1.24", func(t *testing.T) {
		// BRK-098: with M18, held -> open asks for the Under Review N order
		// update (it waits in the outbox; the BROKER run sends it and writes
		// "Request ID: <id> Under Review: N", TestE2E_BRK098_UnderReviewHeldThenReleased);
		// no status change.
		m18 := s
		m18.SendHeldOrders = true
		r := recReq(4, StatusAccepted, "78390")
		r.UnderReview = true
		res := applyF1(t, m18, r, Event{Kind: EventHoldChanged, Held: false})
		assert.Equal(t, StatusAccepted, res.Record.Status, "BRK-098: the record status does not change")
		assert.False(t, res.Record.UnderReview, "BRK-098")
		assert.Equal(t, []UnderReviewUpdate{{Record: r.ID, Key: key8953, LineSeq: 4, RequestID: "78390", UnderReview: false}}, effectsOf[UnderReviewUpdate](res.Effects), "BRK-098")
		assert.Equal(t, PendingUnderReview{Send: true, UnderReview: false}, res.Record.Outbox.UnderReview, "BRK-098: the update waits for the run")
		assert.True(t, applyF1(t, m18, res.Record, Event{Kind: EventHoldChanged, Held: false}).NoOp, "BRK-098: same hold state twice")
		res = applyF1(t, m18, res.Record, Event{Kind: EventHoldChanged, Held: true})
		assert.Equal(t, PendingUnderReview{Send: true, UnderReview: true}, res.Record.Outbox.UnderReview, "BRK-098: open -> held: Y")
		// Sent without an answer yet (W, no request ID): the update waits for one.
		w := rec(4, StatusWaiting)
		w.UnderReview = true
		res = applyF1(t, m18, w, Event{Kind: EventHoldChanged, Held: false})
		assert.Equal(t, PendingUnderReview{Send: true, UnderReview: false}, res.Record.Outbox.UnderReview, "BRK-098: the SubmitOrder already went Under Review")
		// Before the first submission nothing is sent: the SubmitOrder carries it.
		res = applyF1(t, m18, rec(4, StatusReady), Event{Kind: EventHoldChanged, Held: true})
		assert.Empty(t, res.Effects, "BRK-098")
		assert.True(t, res.Record.UnderReview, "BRK-098")
		assert.True(t, res.Record.Outbox.Empty(), "BRK-098")
		// Without M18 nothing happens.
		assert.True(t, applyF1(t, s, r, Event{Kind: EventHoldChanged, Held: false}).NoOp)
	})

	t.Run("F1.25", func(t *testing.T) {
		// BRK-065: OB assigns an OMS warehouse; BRK-066: M33 delivery, M35 ship-for-pickup;
		// BRK-067: "ORIG#: <order>-<ship-to>" and the same request ID.
		r := recReq(4, StatusAcknowledged, "4711")
		res := applyF1(t, s, r, Event{Kind: EventOMSWarehouseAssigned, Source: SourceStatusInquiry, FulfillingLocation: "WH1", FulfillingSystem: "6"})
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.Equal(t, []FulfillingOrderExpected{{Record: r.ID, RequestID: "4711", OrderType: "D", ECommerceOrderNumber: "ORIG#: 8953-001"}}, effectsOf[FulfillingOrderExpected](res.Effects))
		assert.True(t, applyF1(t, s, res.Record, Event{Kind: EventOMSWarehouseAssigned, FulfillingLocation: "WH1", FulfillingSystem: "6"}).NoOp)
		r.ShipForPickup = true
		res = applyF1(t, s, r, Event{Kind: EventOMSWarehouseAssigned, FulfillingLocation: "WH1", FulfillingSystem: "6"})
		assert.Equal(t, "P", effectsOf[FulfillingOrderExpected](res.Effects)[0].OrderType)
	})
}
