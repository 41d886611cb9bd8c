package memory_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

// The outbox is the host's to drain; the trail stays for the screens.
func TestBrokerStoreTrailOutlivesTakeEffects(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	r := brokerRec(1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	sent := broker.History{Record: r.ID, Type: broker.HistorySendOrderRequest}
	require.NoError(t, s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		cur.Status = broker.StatusWaiting
		return cur, []broker.SideEffect{sent, broker.LineUpdate{Record: r.ID, AssignToBroker: true}}, nil
	}))
	assert.Len(t, s.TakeEffects(), 2)
	trail, err := s.RecordTrail(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, []broker.SideEffect{sent}, trail)
}

// A write's trail effects go to the trail of the record each names, in the
// order written, when the write mixes records and effects not in the trail.
func TestBrokerStoreTrailOfAMixedWrite(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	a, b := brokerRec(1, broker.StatusReady), brokerRec(2, broker.StatusReady)
	require.NoError(t, s.Put(ctx, a, b))
	h := func(r broker.Record, detail string) broker.History {
		return broker.History{Record: r.ID, Type: broker.HistorySendOrderRequest, Detail: detail}
	}
	require.NoError(t, s.Update(ctx, a.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		return cur, []broker.SideEffect{h(a, "a1"), broker.LineUpdate{Record: a.ID}, h(a, "a2"), h(b, "b1"), nil, h(a, "a3")}, nil
	}))
	require.NoError(t, s.Update(ctx, b.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		return cur, []broker.SideEffect{h(b, "b2"), h(a, "a4")}, nil
	}))
	trail, err := s.RecordTrail(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, []broker.SideEffect{h(a, "a1"), h(a, "a2"), h(a, "a3"), h(a, "a4")}, trail)
	trail, err = s.RecordTrail(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, []broker.SideEffect{h(b, "b1"), h(b, "b2")}, trail)
}

// A trail effect written for a record the store does not have yet is in
// that record's trail once it is put.
func TestBrokerStoreTrailOfARecordPutLater(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	a, later := brokerRec(1, broker.StatusReady), brokerRec(2, broker.StatusReady)
	require.NoError(t, s.Put(ctx, a))
	early := broker.History{Record: later.ID, Type: broker.HistorySendOrderRequest, Detail: "before the put"}
	require.NoError(t, s.Update(ctx, a.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		return cur, []broker.SideEffect{early}, nil
	}))
	_, err := s.RecordTrail(ctx, later.ID)
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
	require.NoError(t, s.Put(ctx, later))
	trail, err := s.RecordTrail(ctx, later.ID)
	require.NoError(t, err)
	assert.Equal(t, []broker.SideEffect{early}, trail)
	trail, err = s.RecordTrail(ctx, a.ID)
	require.NoError(t, err)
	assert.Empty(t, trail)
}
