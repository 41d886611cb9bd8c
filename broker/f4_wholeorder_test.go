package broker

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// Store pickup orders are one Order Broker order (BRK-270): the tests here
// hold the Runner to that when a run sees only some of the order's
// records (a leased batch), when only some of them are canceled, and when
// a SubmitOrder is sent again.

func f4Order() Order {
	o := twoLineOrder()
	o.Type, o.PickupStore, o.PickupSystem = "SP", "7", "STC"
	return o
}

func f4Runner(tr Transport, st RecordStore, s Settings) *Runner {
	return &Runner{Transport: tr, Store: st, Orders: orderSource{key8953: f4Order()}, Engine: Engine{Settings: s, Now: fixedClock(t0)}}
}

func f4Ready(seq int) Record {
	r := flowRec("F4", seq, StatusReady)
	r.PickupOrder = true
	return r
}

func submittedSeqs(so SubmitOrder) []int {
	var out []int
	for _, l := range so.Lines {
		out = append(out, l.LineItemNo)
	}
	return out
}

// TestLeasedBatchSubmitsWholeStorePickupOrder: a leased batch that holds
// one line of a store pickup order sends the order whole: the other line,
// in R in another batch (or another worker's), goes in the same
// SubmitOrder and gets the same request ID.
func TestLeasedBatchSubmitsWholeStorePickupOrder(t *testing.T) {
	r1, r2 := f4Ready(1), f4Ready(2)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("7")}
	ls := NewMockLeaseStore(gomock.NewController(t))
	gomock.InOrder(
		expectLease(ls, "w1", 1, DefaultLeaseFor).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", LeaseDone{ID: r1.ID, Next: t0.Add(DefaultRevisit)}).Return(nil),
	)
	r := f4Runner(tr, st, f4Settings())
	r.Leasing = &Leasing{Store: ls, Owner: "w1", Batch: 1, MaxBatches: 1}
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	assert.Equal(t, []int{1, 2}, submittedSeqs(tr.submits[0]), "BRK-270: the whole order is one OB order")
	assert.Equal(t, StatusAcknowledged, st.get(r2.ID).Status, "F4.03")
	assert.Equal(t, st.get(r1.ID).RequestID, st.get(r2.ID).RequestID, "BRK-270: a single request ID")
}

// TestLeasedBatchSubmitsWholeOrderWithL56: with L56 every eligible line of
// the order goes in one SubmitOrder, whichever batch leased it.
func TestLeasedBatchSubmitsWholeOrderWithL56(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("317")}
	ls := NewMockLeaseStore(gomock.NewController(t))
	gomock.InOrder(
		expectLease(ls, "w1", 1, DefaultLeaseFor).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", LeaseDone{ID: r1.ID, Next: t0.Add(DefaultRevisit)}).Return(nil),
	)
	s := baseSets
	s.SplitOrder = true
	r := newRunner(tr, st, s)
	r.Leasing = &Leasing{Store: ls, Owner: "w1", Batch: 1, MaxBatches: 1}
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	assert.Equal(t, []int{1, 2}, submittedSeqs(tr.submits[0]), "BRK-023: all eligible lines of the order in one SubmitOrder")
	assert.Equal(t, st.get(r1.ID).RequestID, st.get(r2.ID).RequestID, "BRK-023: a single OB order")
}

// TestStorePickupCancelIsWholeOrder: a store pickup order can only be
// canceled whole (BRK-295). When the host moved only one of its records
// to Y, the run cancels every open line with it, sends one cancel, and
// each line is acknowledged (F4.13, F4.14); the order-level messages are
// written once.
func TestStorePickupCancelIsWholeOrder(t *testing.T) {
	y, a := f4Rec(StatusPendingCancel), f4Rec(StatusAccepted)
	a.ID, a.LineSeq, a.LineNo = flowRec("F4", 2, 0).ID, 2, 2
	y.CancelReasonCode, y.CancelReasonText = "CR", "Customer request"
	st := newMemStore(y, a)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil },
		list: func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil }}
	r := f4Runner(tr, st, f4Settings())
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.updates, 1, "BRK-296: one cancel for the order")
	assert.Equal(t, StatusCanceled, st.get(a.ID).Status, "F4.13, F4.14: the other line is canceled with the order (BRK-295)")
	assert.Equal(t, "CR", st.get(a.ID).CancelReasonCode, "F4.13: with the reason entered")
	texts := st.texts()
	assert.Contains(t, texts, "Ln#: 2 Cancel Acknowledged by Broker", "F4.14: one message per line")
	n := 0
	for _, tx := range texts {
		if tx == TextOrderMaintained {
			n++
		}
	}
	assert.Equal(t, 1, n, "F4.14: 'Order was maintained' once for the order")
}

// TestStorePickupDuplicateAnswerOnlyForHeldLines: a store pickup line
// whose SubmitOrder reached OB (the answer was lost) goes out again with a
// line OB never received; OB's 2040 names the request of the line it
// holds (BRK-063), which only that line takes: the run asks OB which lines
// the request holds, and the other line is submitted on its own.
func TestStorePickupDuplicateAnswerOnlyForHeldLines(t *testing.T) {
	sent, fresh := f4Ready(1), f4Ready(2)
	sent.SubmittedAt = t0.Add(-2 * DefaultResendWaitingAfter)
	st := newMemStore(sent, fresh)
	tr := &fakeTransport{
		submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
			if slices.Contains(submittedSeqs(so), 1) { // OB holds line 1 as request 5001
				return SubmitOrderResponse{ResponseCode: DuplicateOrderCode, ResponseDescription: "Duplicate Order/line", RequestID: "5001"}, nil
			}
			return SubmitOrderResponse{ResponseCode: "0", RequestID: "5002",
				Fulfillments: []FulfillmentDetail{{Location: Location{"7", "STC"}, Qty: 1, RequestingLine: 2}}}, nil
		},
		status: func(q StatusRequest) (StatusResponse, error) {
			return StatusResponse{Order: OrderStatusReport{RequestID: q.RequestID, Items: []ItemStatus{{LineNo: 1, RequestingLine: 1, Status: "new_order"}}}}, nil
		},
		list: func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil },
	}
	r := f4Runner(tr, st, f4Settings())
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "5001", st.get(sent.ID).RequestID, "BRK-063: the line OB holds is acknowledged (F4.03)")
	assert.Equal(t, StatusAcknowledged, st.get(sent.ID).Status, "F4.03")
	assert.Empty(t, st.get(fresh.ID).RequestID, "BRK-063: a 2040 names the request of the lines OB holds, not of a line it never got")
	_, err = r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "5002", st.get(fresh.ID).RequestID, "F4.03: the line OB never got is submitted")
	assert.Equal(t, StatusAcknowledged, st.get(fresh.ID).Status, "F4.03")
}

// TestStorePickupClaimedLineHoldsOrderBack: a run died between claiming
// the lines of a store pickup order (one claimed, never sent): the order
// waits until the claimed line is due again and goes out whole, one OB
// order (BRK-270), not one per part.
func TestStorePickupClaimedLineHoldsOrderBack(t *testing.T) {
	claimed, fresh := f4Ready(1), f4Ready(2)
	claimed.SubmittedAt = t0.Add(-time.Minute)
	st := newMemStore(claimed, fresh)
	tr := &fakeTransport{submit: ackAll("7"), list: func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil }}
	r := f4Runner(tr, st, f4Settings())
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, tr.submits, "BRK-270: no part of the order goes out alone")
	r.Engine.Now = fixedClock(t0.Add(DefaultResendWaitingAfter))
	_, err = r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	assert.Equal(t, []int{1, 2}, submittedSeqs(tr.submits[0]), "BRK-270: the whole order is one OB order")
}

// TestStorePickupRejectedOrderCanceledOnce: a run died after the store's
// rejection of line 1 canceled the order (F4.10) and before it moved the
// other line. When the next run reads the rejection of line 2, the order
// is not canceled again: the whole-order cancel and its messages were
// written (BRK-280), only the line's own effects are.
func TestStorePickupRejectedOrderCanceledOnce(t *testing.T) {
	u, a := f4Rec(StatusUnfulfillable), f4Rec(StatusAccepted)
	a.ID, a.LineSeq, a.LineNo = flowRec("F4", 2, 0).ID, 2, 2
	st := newMemStore(u, a)
	tr := &fakeTransport{list: func(q StatusListRequest) (StatusListResponse, error) {
		return StatusListResponse{Orders: []OrderStatusReport{{RequestID: "9001", Items: []ItemStatus{
			{LineNo: 1, RequestingLine: 1, Status: "unfulfillable", Fulfilling: Location{"7", "STC"}},
			{LineNo: 2, RequestingLine: 2, Status: "unfulfillable", Fulfilling: Location{"7", "STC"}}}}}}, nil
	}}
	r := f4Runner(tr, st, f4Settings())
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	assert.Equal(t, StatusUnfulfillable, st.get(a.ID).Status, "F4.10")
	assert.Contains(t, st.texts(), "Ln#: 2 Rejected by Store", "F4.10: the line's own message")
	assert.NotContains(t, st.texts(), TextOrderMaintained, "F4.10: the order was canceled whole once already (BRK-280)")
	assert.Empty(t, effectsOf[OrderCancel](st.effects), "F4.10: the order was canceled whole once already (BRK-280)")
}

// TestStorePickupRefusedOrderCanceledOnce: OB refused the store pickup
// order and the run died after line 1 took the refusal (F4.04: the order
// canceled with G11) and before line 2 did. Sent again, the refusal moves
// line 2 without canceling the order a second time (BRK-284).
func TestStorePickupRefusedOrderCanceledOnce(t *testing.T) {
	e, claimed := f4Ready(1), f4Ready(2)
	e.Status = StatusError
	claimed.SubmittedAt = t0.Add(-2 * DefaultResendWaitingAfter)
	st := newMemStore(e, claimed)
	tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{ResponseCode: "1000", ResponseDescription: "INVALID FULFILLING LOCATION CODE"}, nil
	}}
	r := f4Runner(tr, st, f4Settings())
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, StatusError, st.get(claimed.ID).Status, "F4.04")
	assert.NotContains(t, st.texts(), TextOrderMaintained, "F4.04: the order was canceled whole once already (BRK-284)")
	assert.Empty(t, effectsOf[OrderCancel](st.effects), "F4.04: the order was canceled whole once already (BRK-284)")
}

// TestStorePickupReleasedBeforeTheAnswer: a held store pickup order is
// sent Under Review (BRK-272) and the answer is lost; the order is
// released while its record waits in R for the resend. The resend
// carries Under Review N, but OB already holds the order Under Review Y
// and answers 2040: the run still sends the order update clearing it
// (F4.15), once the record knows its request ID.
func TestStorePickupReleasedBeforeTheAnswer(t *testing.T) {
	rec := f4Ready(1)
	st := newMemStore(rec)
	held := f4Order()
	held.Status = OrderHeld
	orders := orderSource{key8953: held}
	calls := 0
	tr := &fakeTransport{
		submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
			calls++
			if calls == 1 {
				return SubmitOrderResponse{}, fmt.Errorf("answer lost: %w", ErrUnavailable)
			}
			return SubmitOrderResponse{ResponseCode: DuplicateOrderCode, ResponseDescription: "Duplicate Order/line", RequestID: "5001"}, nil
		},
		update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil },
		list:   func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil },
	}
	r := f4Runner(tr, st, f4Settings())
	r.Orders = orders
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	require.True(t, tr.submits[0].UnderReview)
	assert.True(t, st.get(rec.ID).UnderReview, "BRK-272: the record keeps that it was sent Under Review")

	orders[key8953] = f4Order() // released
	_, err = r.Apply(context.Background(), rec.ID, Event{Kind: EventOrderReleased, Source: SourceOMS})
	assert.NoError(t, err, "F4.15: released while its SubmitOrder waits for an answer")
	r.Engine.Now = fixedClock(t0.Add(DefaultResendWaitingAfter))
	_, err = r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 2)
	assert.Equal(t, StatusAcknowledged, st.get(rec.ID).Status, "F4.03")
	var cleared []StatusUpdate
	for _, u := range tr.updates {
		if u.UnderReview != nil {
			cleared = append(cleared, u)
		}
	}
	if assert.Len(t, cleared, 1, "F4.15: the order update clearing Under Review") {
		assert.False(t, *cleared[0].UnderReview, "F4.15")
		assert.Equal(t, "5001", cleared[0].RequestID, "F4.15")
	}
	assert.False(t, st.get(rec.ID).UnderReview, "F4.15: the record says what OB holds")
}
