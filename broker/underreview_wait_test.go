package broker

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunnerUnderReviewHoldWhileWaiting_F124: with M18 a brokered
// backorder is sent open (Under Review N) and the order is put on hold
// while its record waits in W for the answer (the answer was lost). The
// order update waits for the request ID; the resend carries Y, OB answers
// 2040 holding the first SubmitOrder (N), and the same run sends the order
// update Y for the request OB names, with its message (BRK-098, BRK-415).
func TestRunnerUnderReviewHoldWhileWaiting_F124(t *testing.T) {
	s := baseSets
	s.SendHeldOrders = true // M18
	w := rec(1, StatusWaiting)
	w.SubmittedAt = t0.Add(-2 * DefaultResendWaitingAfter)
	st := newMemStore(w)
	held := twoLineOrder()
	held.Status = OrderHeld
	tr := &fakeTransport{
		submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{ResponseCode: DuplicateOrderCode, ResponseDescription: "Duplicate Order/line", RequestID: "78390"}, nil
		},
		update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil },
		list:   func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil },
		status: func(q StatusRequest) (StatusResponse, error) {
			return StatusResponse{Order: OrderStatusReport{RequestID: q.RequestID}}, nil
		},
	}
	r := newRunner(tr, st, s)
	r.Orders = orderSource{key8953: held}
	_, err := r.Apply(context.Background(), w.ID, Event{Kind: EventHoldChanged, Source: SourceOMS, Held: true})
	require.NoError(t, err)
	assert.Equal(t, PendingUnderReview{Send: true, UnderReview: true}, st.get(w.ID).Outbox.UnderReview, "F1.24: held after the SubmitOrder went out: Y waits for the request ID")
	_, err = r.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	assert.Equal(t, "78390", st.get(w.ID).RequestID, "F1.08")
	var sent []StatusUpdate
	for _, u := range tr.updates {
		if u.UnderReview != nil {
			sent = append(sent, u)
		}
	}
	if assert.Len(t, sent, 1, "F1.24: the order update once OB named the request") {
		assert.True(t, *sent[0].UnderReview, "BRK-098: open -> held: Under Review Y")
		assert.Equal(t, "78390", sent[0].RequestID, "BRK-415")
	}
	assert.Contains(t, st.texts(), "Request ID: 78390 Under Review: Y", "BRK-098")
	assert.True(t, st.get(w.ID).UnderReview, "BRK-098")
	assert.True(t, st.get(w.ID).Outbox.Empty(), "F1.24: sent")
}
