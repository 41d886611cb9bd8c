package memory_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

// The lease contract itself is tested by storage/storagetest on this store
// (TestMemory/BrokerLeases); these tests cover what is memory's own: the
// injectable lease clock, the blank owner and the all-or-nothing Fn.

func leaseRec(seq int) broker.Record {
	return broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, LineSeq: seq, LineNo: seq, Status: broker.StatusReady}
}

func TestBrokerLeaseClock(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	s.SetLeaseClock(func() time.Time { return now })
	r := leaseRec(1)
	require.NoError(t, s.Put(ctx, r))
	a, err := s.Lease(ctx, "A", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, a, 1)

	now = now.Add(59 * time.Second)
	b, err := s.Lease(ctx, "B", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, b, "A's lease runs until 9:01")
	now = now.Add(time.Second)
	b, err = s.Lease(ctx, "B", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, b, 1, "at 9:01 the lease has ended")

	require.NoError(t, s.Complete(ctx, "B", broker.LeaseDone{ID: r.ID, Next: now.Add(time.Hour)}))
	now = now.Add(time.Hour - time.Nanosecond)
	c, err := s.Lease(ctx, "C", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, c, "not due before Next")
	now = now.Add(time.Nanosecond)
	c, err = s.Lease(ctx, "C", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Len(t, c, 1, "due at Next")
}

func TestBrokerLeaseBlankOwnerAndFailingFn(t *testing.T) {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	r1, r2 := leaseRec(1), leaseRec(2)
	require.NoError(t, s.Put(ctx, r1, r2))
	_, err := s.Lease(ctx, "", 1, time.Minute, broker.StatusReady)
	require.ErrorIs(t, err, memory.ErrBlankOwner)
	require.ErrorIs(t, s.Complete(ctx, "", broker.LeaseDone{ID: r1.ID}), memory.ErrBlankOwner)
	require.ErrorIs(t, s.Extend(ctx, "", time.Minute, r1.ID), memory.ErrBlankOwner)
	require.ErrorIs(t, s.Release(ctx, "", r1.ID), memory.ErrBlankOwner)

	got, err := s.Lease(ctx, "A", 2, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, got, 2)
	boom := errors.New("forbidden move")
	err = s.Complete(ctx, "A",
		broker.LeaseDone{ID: r1.ID, Fn: func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
			r.Status = broker.StatusWaiting
			return r, []broker.SideEffect{broker.History{Record: r.ID, Type: broker.HistoryError}}, nil
		}},
		broker.LeaseDone{ID: r2.ID, Fn: func(r broker.Record) (broker.Record, []broker.SideEffect, error) { return r, nil, boom }})
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "order 8953-001 line 2")
	rec, err := s.Record(ctx, r1.ID)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusReady, rec.Status, "the other record's change is not written either")
	assert.Empty(t, s.Effects(), "nor its side effects")
	require.NoError(t, s.Extend(ctx, "A", time.Minute, r1.ID, r2.ID), "A still holds both")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.Lease(cctx, "A", 1, time.Minute, broker.StatusReady)
	require.ErrorIs(t, err, context.Canceled)
}

// TestBrokerLeaseStateIsCollected: the lease state of a store nobody uses
// any more does not keep it alive.
func TestBrokerLeaseStateIsCollected(t *testing.T) {
	collected := make(chan struct{})
	func() {
		s := memory.NewBrokerStore()
		_, err := s.Lease(context.Background(), "A", 1, time.Minute, broker.StatusReady)
		require.NoError(t, err)
		runtime.AddCleanup(s, func(ch chan struct{}) { close(ch) }, collected)
	}()
	require.Eventually(t, func() bool {
		runtime.GC()
		select {
		case <-collected:
			return true
		default:
			return false
		}
	}, 5*time.Second, 10*time.Millisecond)
}

// ExampleBrokerStore_Lease: two workers share the Ready records; each gets
// its own, and the one that completes gives its record back due later.
func ExampleBrokerStore_Lease() {
	ctx := context.Background()
	s := memory.NewBrokerStore()
	_ = s.Put(ctx, leaseRec(1), leaseRec(2), leaseRec(3))
	a, _ := s.Lease(ctx, "worker-a", 2, time.Minute, broker.StatusReady)
	b, _ := s.Lease(ctx, "worker-b", 2, time.Minute, broker.StatusReady)
	fmt.Println("worker-a holds", len(a), "worker-b holds", len(b))
	err := s.Complete(ctx, "worker-b", broker.LeaseDone{ID: a[0].ID})
	fmt.Println(errors.Is(err, broker.ErrLeaseLost))
	// Output:
	// worker-a holds 2 worker-b holds 1
	// true
}
