package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

var brokerKey = broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}

func brokerRec(seq int, st broker.Status) broker.Record {
	return broker.Record{ID: uuid.New(), Flow: "F1", Key: brokerKey, LineSeq: seq, LineNo: seq, Status: st}
}

func TestBrokerStoreListByStatusFollowsUpdates(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	r1, r2, r3 := brokerRec(2, broker.StatusReady), brokerRec(1, broker.StatusReady), brokerRec(3, broker.StatusAcknowledged)
	require.NoError(t, s.Put(ctx, r1, r2, r3))

	ready, err := s.ListByStatus(ctx, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, ready, 2)
	assert.Equal(t, []int{1, 2}, []int{ready[0].LineSeq, ready[1].LineSeq}) // by order and line

	require.NoError(t, s.Update(ctx, r1.ID, func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
		r.Status = broker.StatusWaiting
		return r, []broker.SideEffect{broker.History{Record: r.ID, Type: broker.HistorySendOrderRequest}}, nil
	}))
	ready, _ = s.ListByStatus(ctx, broker.StatusReady)
	assert.Len(t, ready, 1)
	both, _ := s.ListByStatus(ctx, broker.StatusWaiting, broker.StatusAcknowledged, broker.StatusWaiting)
	assert.Len(t, both, 2)
	assert.Len(t, s.Records(), 3)

	// Put replaces and re-indexes.
	r3.Status = broker.StatusCompleted
	require.NoError(t, s.Put(ctx, r3))
	k, _ := s.ListByStatus(ctx, broker.StatusAcknowledged)
	assert.Empty(t, k)
}

func TestBrokerStoreUpdateIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	r := brokerRec(1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	boom := errors.New("boom")
	err := s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		cur.Status = broker.StatusWaiting
		return cur, []broker.SideEffect{broker.History{Record: cur.ID}}, boom
	})
	require.ErrorIs(t, err, boom)
	got, err := s.Record(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusReady, got.Status)
	assert.Empty(t, s.Effects())

	missing := uuid.New()
	err = s.Update(ctx, missing, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) { return cur, nil, nil })
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
	assert.Contains(t, err.Error(), missing.String())
	_, err = s.Record(ctx, missing)
	require.ErrorIs(t, err, broker.ErrUnknownRequest)

	s.FailUpdates(r.ID, boom)
	require.ErrorIs(t, s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) { return cur, nil, nil }), boom)
	s.FailUpdates(r.ID, nil)
	require.NoError(t, s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) { return cur, nil, nil }))

	require.Error(t, s.Put(ctx, broker.Record{}))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.ListByStatus(cancelled, broker.StatusReady)
	require.ErrorIs(t, err, context.Canceled)
}

// Concurrent claims: only one of many updates that move R to W wins, so a
// record is never claimed (and sent) twice.
func TestBrokerStoreConcurrentClaims(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	r := brokerRec(1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Update(ctx, r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
				if cur.Status != broker.StatusReady {
					return cur, nil, nil
				}
				mu.Lock()
				wins++
				mu.Unlock()
				cur.Status = broker.StatusWaiting
				return cur, []broker.SideEffect{broker.History{Record: cur.ID, Type: broker.HistorySendOrderRequest}}, nil
			})
			_, _ = s.ListByStatus(ctx, broker.StatusWaiting)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, wins)
	assert.Len(t, s.Effects(r.ID), 1)
	assert.Len(t, s.TakeEffects(), 1)
	assert.Empty(t, s.Effects())
}

func TestBrokerStoreOrders(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	_, err := s.Order(ctx, brokerKey)
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
	assert.Contains(t, err.Error(), "8953-001")
	o := broker.Order{Key: brokerKey, Lines: []broker.OrderLine{{Seq: 1}}}
	s.PutOrder(o)
	o.Lines[0].Seq = 99 // the store kept its own copy of the lines
	got, err := s.Order(ctx, brokerKey)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Lines[0].Seq)
}

func ExampleBrokerStore() {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	id := uuid.New()
	_ = s.Put(ctx, broker.Record{ID: id, Flow: "F1", Key: brokerKey, LineSeq: 4, LineNo: 4, Status: broker.StatusReady})

	// The engine decides; the store persists the record and its side effects atomically.
	engine := broker.Engine{}
	_ = s.Update(ctx, id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		res, err := engine.Apply(&broker.BrokeredBackorder, cur, broker.Event{Kind: broker.EventSubmitSent})
		return res.Record, res.Effects, err
	})
	waiting, _ := s.ListByStatus(ctx, broker.StatusWaiting)
	fmt.Println(len(waiting), waiting[0].Status)
	for _, e := range s.TakeEffects() {
		fmt.Println(e.(broker.History).Type)
	}
	// Output:
	// 1 W (Waiting)
	// A - Send Order Request
}
