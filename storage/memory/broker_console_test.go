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
