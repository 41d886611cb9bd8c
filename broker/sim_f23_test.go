package broker

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// Failures the brokersim simulation found in flows F2 and F3 (issue 13),
// each shown on the engine alone.

// A ship-for-pickup order is at the OMS warehouse in OB (BRK-134): its
// originating and fulfilling location are both the warehouse, whose system
// is K50. When the daily inquiry of a shipped order still finds it at
// new_order there (the picked update never reached OB and the intransit
// update waits for the same run's outbox), that is an earlier word of
// OB's, not OB assigning an OMS warehouse to a brokered backorder (F1.25,
// an F1 row): the record stays in T, and the run reports no error.
func TestF2ShippedStillNewOrderAtWarehouse(t *testing.T) {
	s := f2Settings()
	r := flowRec(ShipForPickup.Name, 1, StatusInTransit)
	r.RequestID, r.LastOBStatus = "5001", "intransit"
	it := ItemStatus{LineNo: 1, RequestingLine: 1, Status: "new_order", Fulfilling: Location{Location: "WH1", System: s.System}}
	ev, err := ItemEvent(r, it, "new_order", s, SourceStatusList, "list")
	require.NoError(t, err)
	// F2.x1 (an added row, not in order-broker.md §4.2; seed 002 L911:
	// "Once you confirm shipment of the ship-for-pickup order to the store
	// location, Order Management System includes the order in a status list
	// inquiry request message once a day to Order Broker to check on
	// whether the order has been received or picked up."): an earlier word
	// changes nothing.
	res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(&ShipForPickup, r, ev)
	require.NoError(t, err, "F2.x1: new_order at the OMS warehouse on a shipped ship-for-pickup order is an earlier word")
	assert.Equal(t, StatusInTransit, res.Record.Status, "F2.x1: the record stays in T")
	assert.Equal(t, EventNewOrder, ev.Kind, "F1.25 is a brokered backorder's row: a ship-for-pickup order is at the OMS warehouse from the start (BRK-134)")
}

// A ship-for-pickup cancel whose answer was lost after OB canceled the
// order is sent again and answered FAILED: already in the requested status
// (BRK-114). The record goes to Z as on OK, instead of refusing the answer
// on every run and staying in Y.
func TestF2CancelAnsweredFailed(t *testing.T) {
	s := f2Settings()
	r := flowRec(ShipForPickup.Name, 1, StatusPendingCancel)
	r.RequestID = "5001"
	// F2.x2 (an added row, not in order-broker.md §4.2; seed 002 L4465:
	// "The only reason why a cancel request for an identified order might
	// fail is if the order is already in the requested status in the Order
	// Broker database; in this case, the result indicated in the message is
	// FAILED rather than OK.").
	res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(&ShipForPickup, r, Event{Kind: EventCancelFailed, Source: SourceUpdateResponse})
	require.NoError(t, err, "F2.x2: a FAILED cancel answer belongs to the flow")
	assert.Equal(t, "F2.x2", res.Row)
	assert.Equal(t, StatusCanceled, res.Record.Status, "F2.x2: OB already holds the order canceled: Z")
	assert.Equal(t, []string{"Ln#: 1 Cancel Acknowledged by Broker"}, textsOf(res.Effects), "F2.x2: as F2.14")

	s.CancelFailedKeepsPending = true
	res, err = Engine{Settings: s, Now: fixedClock(t0)}.Apply(&ShipForPickup, r, Event{Kind: EventCancelFailed, Source: SourceUpdateResponse})
	require.NoError(t, err, "F2.x2")
	assert.Equal(t, StatusPendingCancel, res.Record.Status, "F2.x2: with CancelFailedKeepsPending the record stays in Y, as F1.22")
}

// failNthUpdate fails the nth Update of one record (1-based).
type failNthUpdate struct {
	*memStore
	id    uuid.UUID
	n     int
	calls int
}

func (f *failNthUpdate) Update(ctx context.Context, id uuid.UUID, fn func(Record) (Record, []SideEffect, error)) error {
	if id == f.id {
		f.calls++
		if f.calls == f.n {
			return fmt.Errorf("update record %s: %w", id, ErrUnavailable)
		}
	}
	return f.memStore.Update(ctx, id, fn)
}

// The pick slip of a ship-for-pickup submission prints the lines whose
// record took OB's answer (F2.05, BRK-130). A line whose answer could not
// be stored stays in I and is sent again later (OB's duplicate check
// acknowledges it): its pick slip prints then, and not twice.
func TestF2PickSlipPrintsOnlyAnsweredLines(t *testing.T) {
	s := f2Settings()
	o := eligibleOrder()
	o.ShipForPickup, o.PickupStore, o.PickupSystem = true, "318", "STC"
	l2 := o.Lines[0]
	o.Lines[0].Seq, o.Lines[0].Number, l2.Seq, l2.Number = 1, 1, 2, 2
	o.Lines = append(o.Lines, l2)
	r1, r2 := flowRec(ShipForPickup.Name, 1, StatusInProcess), flowRec(ShipForPickup.Name, 2, StatusInProcess)
	store := &failNthUpdate{memStore: newMemStore(r1, r2), id: r2.ID, n: 2} // the claim works, storing the answer does not
	tr := &fakeTransport{submit: func(m SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{RequestID: "5001", ResponseCode: "0", OrderID: m.OrderID}, nil
	}, update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }}
	printer := NewMockPickSlipPrinter(gomock.NewController(t))
	printer.EXPECT().PrintPickSlip(gomock.Any(), o.Key, []int{1}, true).Times(1) // F2.05: only line 1 took the answer
	run := &Runner{Transport: tr, Store: store, Orders: orderSource{o.Key: o}, Engine: Engine{Settings: s, Now: fixedClock(t0)}, PickSlips: printer}
	rep, err := run.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, rep.Errors, 1, "storing line 2's answer failed")
	assert.Equal(t, StatusPicking, store.get(r1.ID).Status, "F2.05")
	assert.Equal(t, StatusInProcess, store.get(r2.ID).Status, "line 2 waits in I for its resend")
}

// A received order's (F3) lines are OB's lines of the fulfilling order:
// requesting_system_line_no is the line number in the originating system
// (BRK-195), not the OMS line. A status response is matched by OB's
// line_no, which is the record's line, as the status updates OMS sends
// are (BRK-409).
func TestF3StatusResponseMatchesOBLineNo(t *testing.T) {
	r1, r2 := recReq(1, StatusInTransit, "6101"), recReq(2, StatusInTransit, "6101")
	r1.Flow, r2.Flow = ReceivedFromBroker.Name, ReceivedFromBroker.Name
	rep := OrderStatusReport{RequestID: "6101", OrderStatus: "received", Items: []ItemStatus{
		{LineNo: 1, RequestingLine: 4, Status: "received"}, {LineNo: 2, RequestingLine: 7, Status: "intransit"}}}
	got, err := MatchItems(rep, []Record{r1, r2})
	require.NoError(t, err, "BRK-195: requesting_system_line_no is the originator's line, not the received order's")
	assert.Equal(t, "received", got[1].Status, "BRK-195: line_no 1 is the record of line 1")
	assert.Equal(t, "intransit", got[2].Status, "BRK-195: line_no 2 is the record of line 2")

	one, err := MatchItems(OrderStatusReport{RequestID: "6101", Items: []ItemStatus{{LineNo: 1, RequestingLine: 4, Status: "received"}}}, []Record{r1})
	require.NoError(t, err, "BRK-195")
	assert.Equal(t, "received", one[1].Status, "BRK-195: a one-line order too")
}

// The daily inquiry of a shipped retail pickup order (T) can find OB still
// at a word OMS sent before intransit (accepted or polled at creation,
// picked at the pick slip; new_order when even that answer was lost): the
// intransit update waits in the outbox for the end of the same run. That
// is an earlier word, as the echo of intransit is (F3.x1): nothing
// changes and the run reports no error.
func TestF3ShippedEarlierWords(t *testing.T) {
	s := f3Settings()
	r := flowRec(ReceivedFromBroker.Name, 1, StatusInTransit)
	r.RequestID, r.PickupOrder, r.LastOBStatus = "6101", true, "picked"
	for _, word := range []string{"picked", "accepted", "polled", "new_order"} {
		it := ItemStatus{LineNo: 1, Status: word, Fulfilling: Location{Location: "WH1", System: s.System}}
		ev, err := ItemEvent(r, it, word, s, SourceStatusList, "list")
		require.NoError(t, err)
		// F3.x1 (an added row, not in order-broker.md §4.3; seed 002 L1347:
		// "BROKER puts shipped retail pickup orders in the status list
		// request once a day"): an earlier word changes nothing.
		res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(&ReceivedFromBroker, r, ev)
		require.NoError(t, err, "F3.x1: %s on a shipped retail pickup order is an earlier word", word)
		assert.Equal(t, StatusInTransit, res.Record.Status, "F3.x1: %s: the record stays in T", word)
		assert.Empty(t, updatesOf(res.Effects), "F3.x1: %s: nothing is sent", word)
	}
}

// A shipped order's intransit update can still wait in the outbox when the
// daily inquiry already finds the store received it (a run died after OB
// took the update and before the outbox was emptied). The store's word
// proves OB has it in transit: the stale intransit is not sent again over
// the store's status.
func TestStoreStatusSettlesWaitingIntransit(t *testing.T) {
	for _, c := range []struct {
		row  string
		flow *Flow
		s    Settings
		ev   EventKind
		to   Status
	}{
		{"F2.10", &ShipForPickup, f2Settings(), EventReceived, StatusReceivedByStore},
		{"F2.11", &ShipForPickup, f2Settings(), EventPartiallyFulfilled, StatusPartialFulfill},
		{"F2.12", &ShipForPickup, f2Settings(), EventFulfilled, StatusCompleted},
		{"F3.16", &ReceivedFromBroker, f3Settings(), EventReceived, StatusReceivedByStore},
		{"F3.17", &ReceivedFromBroker, f3Settings(), EventPartiallyFulfilled, StatusPartialFulfill},
		{"F3.18", &ReceivedFromBroker, f3Settings(), EventFulfilled, StatusCompleted},
	} {
		r := flowRec(c.flow.Name, 1, StatusInTransit)
		r.RequestID, r.PickupOrder = "5001", true
		r.Outbox.Update = PendingUpdate{Status: OBIntransit, ShippingAgent: "UPS", TrackingNumber: "1Z9"}
		res := applyFlow(t, c.flow, c.s, r, Event{Kind: c.ev, OBStatus: "x"})
		assert.Equal(t, c.to, res.Record.Status, c.row)
		assert.True(t, res.Record.Outbox.Empty(), "%s: the store's word settles the waiting intransit", c.row)
	}
}
