package broker

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubmitPickupOrderF4(t *testing.T) {
	s := f4Settings()
	eng := Engine{Settings: s, Now: fixedClock(t0)}
	recs := []Record{flowRec("F4", 1, 0), flowRec("F4", 2, 0)}
	msg := SubmitOrder{TransactionType: TransactionTypePickup, OrderID: "8953-001"}
	ok := func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{RequestID: "9001", ResponseCode: "0", Fulfillments: []FulfillmentDetail{{Location: Location{Location: "7", System: "STC"}}}}, nil
	}

	t.Run("F4.01 answered", func(t *testing.T) {
		tr := &fakeTransport{submit: ok}
		res, ev, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, recs, msg)
		require.NoError(t, err)
		assert.Equal(t, EventSubmitAcknowledged, ev.Kind)
		require.Len(t, res, 2)
		for _, r := range res {
			assert.Equal(t, "F4.01", r.Row)
			assert.Equal(t, StatusAcknowledged, r.Record.Status)
			assert.Equal(t, "9001", r.Record.RequestID)
			assert.Equal(t, "7", r.Record.FulfillingLocation)
		}
		assert.Equal(t, "PICKUP", tr.submits[0].TransactionType)
	})

	t.Run("F4.02 then F4.03", func(t *testing.T) {
		tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{}, fmt.Errorf("connection refused: %w", ErrUnavailable)
		}}
		res, _, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, recs, msg)
		require.NoError(t, err)
		assert.Equal(t, StatusReady, res[0].Record.Status)
		ready := []Record{res[0].Record, res[1].Record}
		// still unreachable at the next start: R stays R, nothing written again.
		again, _, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, ready, msg)
		require.NoError(t, err)
		assert.True(t, again[0].NoOp)
		tr.submit = ok
		res, _, err = SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, ready, msg)
		require.NoError(t, err)
		assert.Equal(t, "F4.03", res[0].Row)
		assert.Equal(t, StatusAcknowledged, res[1].Record.Status)
	})

	t.Run("F4.04 error response", func(t *testing.T) {
		tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{}, &RejectedError{Code: "1001", Description: "INVALID FULFILLING LOCATION CODE."}
		}}
		res, _, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, recs, msg)
		require.NoError(t, err)
		assert.Equal(t, StatusError, res[0].Record.Status)
		assert.Contains(t, textsOf(res[0].Effects), "Rsn:INVALID FULFILLING LOCATION CODE.")
	})

	// F4.02: the transport's own deadline passed — no answer, not the
	// caller's cancellation; the record stays in R for the next submission.
	t.Run("transport timeout is no answer", func(t *testing.T) {
		tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{}, fmt.Errorf("order broker unavailable: %w", context.DeadlineExceeded)
		}}
		res, ev, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, recs, msg)
		require.NoError(t, err)
		assert.Equal(t, EventSubmitUnavailable, ev.Kind)
		assert.Equal(t, StatusReady, res[0].Record.Status)
	})

	t.Run("duplicate 2040 after a lost answer", func(t *testing.T) {
		tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{}, &RejectedError{Code: "2040", Description: "Duplicate Order/line"}
		}}
		res, _, err := SubmitPickupOrder(context.Background(), tr, eng, &StorePickup, []Record{flowRec("F4", 1, StatusReady)}, msg)
		require.NoError(t, err)
		assert.Equal(t, StatusAcknowledged, res[0].Record.Status)
	})

	t.Run("canceled context decides nothing", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
			cancel()
			return SubmitOrderResponse{}, context.Canceled
		}}
		_, _, err := SubmitPickupOrder(ctx, tr, eng, &StorePickup, recs, msg)
		assert.ErrorIs(t, err, context.Canceled)
		_, _, err = SubmitPickupOrder(context.Background(), nil, eng, &StorePickup, recs, msg)
		assert.ErrorIs(t, err, ErrInvalidInput)
	})
}

func TestSubmitPickupOrderF2(t *testing.T) {
	s := f2Settings()
	eng := Engine{Settings: s, Now: fixedClock(t0)}
	created := applyFlow(t, &ShipForPickup, s, flowRec("F2", 1, 0), Event{Kind: EventPickSlipPrinted}).Record
	msg := SubmitOrder{TransactionType: TransactionTypeShipForPickup, OrderID: "8953-001"}
	cases := []struct {
		row    string
		submit func(SubmitOrder) (SubmitOrderResponse, error)
		check  func(t *testing.T, r Result)
	}{
		{"F2.03", func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{}, fmt.Errorf("read: %w", ErrMalformed)
		},
			func(t *testing.T, r Result) {
				assert.Len(t, effectsOf[DeleteRecord](r.Effects), 1)
				assert.False(t, effectsOf[PickSlip](r.Effects)[0].Print)
			}},
		{"F2.04", func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{ResponseCode: "3", ResponseDescription: "ITEM NOT FOUND"}, nil
		}, func(t *testing.T, r Result) {
			assert.Equal(t, []string{"Submit Order Rejected/Order Held", "Rsn:ITEM NOT FOUND"}, textsOf(r.Effects))
		}},
		{"F2.05", func(SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{RequestID: "5001", ResponseCode: "0"}, nil
		},
			func(t *testing.T, r Result) {
				assert.Equal(t, StatusPicking, r.Record.Status)
				assert.Equal(t, []OBStatus{OBPicked}, updatesOf(r.Effects))
			}},
	}
	for _, c := range cases {
		t.Run(c.row, func(t *testing.T) {
			res, _, err := SubmitPickupOrder(context.Background(), &fakeTransport{submit: c.submit}, eng, &ShipForPickup, []Record{created}, msg)
			require.NoError(t, err)
			require.Len(t, res, 1)
			assert.Equal(t, c.row, res[0].Row)
			c.check(t, res[0])
		})
	}
}
