package storagetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
)

func runBroker(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Brokers)
	}{
		{"ListByStatus", testBrokerList},
		{"Update", testBrokerUpdate},
		{"UpdateFailsWritesNothing", testBrokerUpdateFails},
		{"ConcurrentUpdatesNoLostUpdate", testBrokerConcurrentUpdates},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStores(t)
			if st.Broker == nil {
				t.Skip("the factory gives no broker record store")
			}
			tc.fn(t, st.Broker)
		})
	}
}

func brokerRecord(order, line int, status broker.Status) broker.Record {
	return broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: order, ShipTo: 1},
		LineSeq: line, LineNo: line, Status: status}
}

func testBrokerList(t *testing.T, s Brokers) {
	ctx := context.Background()
	r1 := brokerRecord(9000, 2, broker.StatusReady)
	r2 := brokerRecord(8953, 1, broker.StatusWaiting)
	r3 := brokerRecord(8953, 2, broker.StatusReady)
	r4 := brokerRecord(8000, 1, broker.StatusCompleted)
	require.NoError(t, s.Put(ctx, r1, r2, r3, r4))

	got, err := s.ListByStatus(ctx, broker.StatusReady, broker.StatusWaiting)
	require.NoError(t, err)
	assert.Equal(t, []broker.Record{r2, r3, r1}, got, "the records of the statuses, by order key and line")
	got, err = s.ListByStatus(ctx, broker.StatusPendingCancel)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = s.ListByStatus(ctx)
	require.NoError(t, err)
	assert.Empty(t, got, "no status, no records")
}

func testBrokerUpdate(t *testing.T, s Brokers) {
	ctx := context.Background()
	r := brokerRecord(8953, 1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	err := s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		assert.Equal(t, r, cur, "fn sees the stored record")
		cur.Status, cur.RequestID = broker.StatusAcknowledged, "REQ-1"
		cur.ID = uuid.New() // the record keeps the id it was loaded with
		return cur, []broker.SideEffect{broker.History{Record: r.ID, Type: broker.HistoryReceiveOrderResponse, Detail: "new_order"}}, nil
	})
	require.NoError(t, err)
	got, err := s.Record(ctx, r.ID)
	require.NoError(t, err)
	want := r
	want.Status, want.RequestID = broker.StatusAcknowledged, "REQ-1"
	assert.Equal(t, want, got)
	ready, err := s.ListByStatus(ctx, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, ready, "the status index follows the update")
	acked, err := s.ListByStatus(ctx, broker.StatusAcknowledged)
	require.NoError(t, err)
	assert.Equal(t, []broker.Record{want}, acked)

	err = s.Update(ctx, uuid.New(), func(cur broker.Record) (broker.Record, []broker.SideEffect, error) { return cur, nil, nil })
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
	_, err = s.Record(ctx, uuid.New())
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
}

func testBrokerUpdateFails(t *testing.T, s Brokers) {
	ctx := context.Background()
	r := brokerRecord(8953, 1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	boom := errors.New("forbidden move")
	err := s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		cur.Status = broker.StatusError
		return cur, nil, boom
	})
	require.ErrorIs(t, err, boom)
	got, err := s.Record(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got, "nothing is written")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err = s.Update(cctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		cur.Status = broker.StatusError
		return cur, nil, nil
	})
	require.ErrorIs(t, err, context.Canceled)
	got, err = s.Record(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusReady, got.Status, "a cancelled update writes nothing")
}

// testBrokerConcurrentUpdates: 40 concurrent updates of one record, each
// counting itself, are all kept.
func testBrokerConcurrentUpdates(t *testing.T, s Brokers) {
	ctx := context.Background()
	r := brokerRecord(8953, 1, broker.StatusReady)
	r.LineNo = 0
	require.NoError(t, s.Put(ctx, r))
	const n = 40
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
				cur.LineNo++
				return cur, nil, nil
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := s.Record(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, n, got.LineNo, "no update is lost")
}
