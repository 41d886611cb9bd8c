package broker

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestF4CancelThroughRunner(t *testing.T) {
	// BRK-297: BROKER_ORD sends the Y records' cancel at once, without waiting for K10;
	// BRK-296: the answer moves the store pickup records to Z with "Order was maintained".
	s := f4Settings()
	s.StatusUpdateInterval = 600
	y1, y2 := f4Rec(StatusPendingCancel), f4Rec(StatusPendingCancel)
	y2.ID, y2.LineSeq, y2.LineNo = flowRec("F4", 2, 0).ID, 2, 2
	y1.CancelReasonCode = "CR"
	store := newMemStore(y1, y2)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }}
	r := &Runner{Transport: tr, Store: store, Engine: Engine{Settings: s, Now: fixedClock(t0)}, Flows: map[string]*Flow{"F4": &StorePickup}}
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Canceled)
	require.Len(t, tr.updates, 1, "one cancel per request ID")
	assert.Equal(t, StatusCanceled, store.get(y1.ID).Status)
	assert.Equal(t, StatusCanceled, store.get(y2.ID).Status)
	assert.Contains(t, store.texts(), "Order was maintained")
	assert.Contains(t, store.texts(), "Ln#: 2 Cancel Acknowledged by Broker")
}

func TestF2ResendIntransitThroughRunner(t *testing.T) {
	// BRK-152: BROKER_ORD resends the intransit update of an H record; answered, it is T again (F2.08).
	s := f2Settings()
	h := flowRec("F2", 1, StatusResendIntransit)
	h.RequestID = "5001"
	store := newMemStore(h)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }}
	r := &Runner{Transport: tr, Store: store, Engine: Engine{Settings: s, Now: fixedClock(t0)}, Flows: map[string]*Flow{"F2": &ShipForPickup}}
	_, err := r.Run(context.Background())
	require.NoError(t, err)
	require.NotEmpty(t, tr.updates)
	assert.Equal(t, StatusInTransit, store.get(h.ID).Status)
	// BRK-155: once shipped, the order is inquired on once a day.
	assert.Equal(t, InquiryDaily, FrequencyOf(StatusInTransit))
	assert.Equal(t, InquiryDaily, FrequencyOf(StatusReceivedByStore))
}
