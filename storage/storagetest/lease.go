package storagetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
)

// The broker.LeaseStore contract: the work queue several BROKER runs share
// (broker.Leasing). The tests use real time: leases meant to expire last a
// few hundred milliseconds.

// leaseStore returns the lease store of st: Stores.Leases, else the broker
// store when it implements broker.LeaseStore, else nil.
func leaseStore(st Stores) broker.LeaseStore {
	if st.Leases != nil {
		return st.Leases
	}
	if l, ok := st.Broker.(broker.LeaseStore); ok {
		return l
	}
	return nil
}

func runBrokerLeases(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Brokers, l broker.LeaseStore, f Features)
	}{
		{"Contract", testLeaseContract},
		{"CompleteAllOrNothing", testLeaseCompleteAllOrNothing},
		{"ExpiredLeaseIsTakenOver", testLeaseExpiry},
		{"WorkersProcessEachRecordOnce", testLeaseWorkers},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStores(t)
			if st.Broker == nil {
				t.Skip("the factory gives no broker record store")
			}
			l := leaseStore(st)
			if l == nil {
				t.Skip("the broker store does not implement broker.LeaseStore and Stores.Leases is nil")
			}
			tc.fn(t, st.Broker, l, st.Features)
		})
	}
}

func leasedIDs(recs []broker.Record) []uuid.UUID {
	ids := make([]uuid.UUID, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

func toWaiting(r broker.Record) (broker.Record, []broker.SideEffect, error) {
	r.Status = broker.StatusWaiting
	return r, nil, nil
}

func testLeaseContract(t *testing.T, s Brokers, l broker.LeaseStore, _ Features) {
	ctx := context.Background()
	recs := []broker.Record{
		brokerRecord(8953, 1, broker.StatusReady), brokerRecord(8953, 2, broker.StatusReady), brokerRecord(8954, 1, broker.StatusReady),
		brokerRecord(8955, 1, broker.StatusWaiting), brokerRecord(8956, 1, broker.StatusCompleted),
	}
	require.NoError(t, s.Put(ctx, recs...))

	_, err := l.Lease(ctx, "", 1, time.Minute, broker.StatusReady)
	require.Error(t, err, "a lease needs an owner")
	none, err := l.Lease(ctx, "A", 0, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, none, "n = 0 leases nothing")

	a, err := l.Lease(ctx, "A", 2, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, a, 2)
	b, err := l.Lease(ctx, "B", 10, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, b, 1, "only the unleased record of the status is left")
	assert.NotContains(t, leasedIDs(a), b[0].ID, "concurrent owners get disjoint records")
	c, err := l.Lease(ctx, "C", 10, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, c, "every R record is held")

	// B can neither complete nor extend A's record.
	require.ErrorIs(t, l.Complete(ctx, "B", broker.LeaseDone{ID: a[0].ID, Fn: toWaiting}), broker.ErrLeaseLost)
	require.ErrorIs(t, l.Extend(ctx, "B", time.Minute, a[0].ID), broker.ErrLeaseLost)
	got, err := s.Record(ctx, a[0].ID)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusReady, got.Status, "a refused completion writes nothing")

	// A completes one: the change is written, the lease given back, and
	// the record is not due before Next.
	require.NoError(t, l.Complete(ctx, "A", broker.LeaseDone{ID: a[0].ID, Next: time.Now().Add(time.Hour), Fn: toWaiting}))
	got, err = s.Record(ctx, a[0].ID)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusWaiting, got.Status)
	waiting, err := s.ListByStatus(ctx, broker.StatusWaiting)
	require.NoError(t, err)
	assert.Len(t, waiting, 2, "the status index follows the completion")
	require.ErrorIs(t, l.Complete(ctx, "A", broker.LeaseDone{ID: a[0].ID}), broker.ErrLeaseLost, "a completed record is no longer held")
	w, err := l.Lease(ctx, "C", 10, time.Minute, broker.StatusWaiting)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{recs[3].ID}, leasedIDs(w), "a record due later is not leased")

	// A extends and releases its other record; C takes it at once.
	require.NoError(t, l.Extend(ctx, "A", time.Hour, a[1].ID))
	require.NoError(t, l.Release(ctx, "A", a[1].ID))
	require.NoError(t, l.Release(ctx, "A", b[0].ID), "releasing a record A does not hold is skipped")
	c, err = l.Lease(ctx, "C", 10, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{a[1].ID}, leasedIDs(c), "a released record can be leased at once; B still holds its own")
	require.NoError(t, l.Complete(ctx, "B", broker.LeaseDone{ID: b[0].ID, Next: time.Now()}), "B's lease survived A's release")
}

func testLeaseCompleteAllOrNothing(t *testing.T, s Brokers, l broker.LeaseStore, _ Features) {
	ctx := context.Background()
	r1, r2 := brokerRecord(8953, 1, broker.StatusReady), brokerRecord(8953, 2, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r1, r2))
	a, err := l.Lease(ctx, "A", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, a, 1)
	other := r2.ID
	if a[0].ID == r2.ID {
		other = r1.ID
	}
	err = l.Complete(ctx, "A", broker.LeaseDone{ID: a[0].ID, Fn: toWaiting}, broker.LeaseDone{ID: other, Fn: toWaiting})
	require.ErrorIs(t, err, broker.ErrLeaseLost)
	assert.Contains(t, err.Error(), other.String(), "the error names the record not held")
	for _, id := range []uuid.UUID{r1.ID, r2.ID} {
		got, err := s.Record(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, broker.StatusReady, got.Status, "nothing is written")
	}
	again, err := l.Lease(ctx, "B", 10, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{other}, leasedIDs(again), "A still holds its record after the refused completion")
	err = l.Extend(ctx, "A", time.Minute, a[0].ID, other)
	require.ErrorIs(t, err, broker.ErrLeaseLost, "extend is all or nothing too")
}

func testLeaseExpiry(t *testing.T, s Brokers, l broker.LeaseStore, _ Features) {
	ctx := context.Background()
	r := brokerRecord(8953, 1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r))
	dead, err := l.Lease(ctx, "dead", 1, 200*time.Millisecond, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	none, err := l.Lease(ctx, "B", 1, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, none, "held until the lease ends")

	var taken []broker.Record
	require.Eventually(t, func() bool {
		taken, err = l.Lease(ctx, "B", 1, time.Minute, broker.StatusReady)
		return err == nil && len(taken) == 1
	}, 5*time.Second, 20*time.Millisecond, "an expired lease is taken over")
	assert.Equal(t, r.ID, taken[0].ID)
	require.ErrorIs(t, l.Complete(ctx, "dead", broker.LeaseDone{ID: r.ID, Fn: toWaiting}), broker.ErrLeaseLost, "the dead owner cannot complete")
	require.ErrorIs(t, l.Extend(ctx, "dead", time.Minute, r.ID), broker.ErrLeaseLost, "nor extend")
	require.NoError(t, l.Complete(ctx, "B", broker.LeaseDone{ID: r.ID, Next: time.Now().Add(time.Hour), Fn: toWaiting}))
}

// Sizes of the exactly-once test.
const (
	// LeaseWorkers is how many workers share the waiting records.
	LeaseWorkers = 8
	// DefaultLeaseRecords is how many waiting records they share when
	// Features.LeaseRecords is 0.
	DefaultLeaseRecords = 2000
)

// testLeaseWorkers: 8 workers share Features.LeaseRecords waiting records
// (10,000 on PostgreSQL); a ninth, killed, leased a batch, handled half of
// it and died. Every record is handled exactly once, the dead worker's
// other half after its lease expired, and no lease is left.
func testLeaseWorkers(t *testing.T, s Brokers, l broker.LeaseStore, f Features) {
	ctx := context.Background()
	const batch = 100
	n := f.LeaseRecords
	if n <= 0 {
		n = DefaultLeaseRecords
	}
	recs := make([]broker.Record, n)
	idx := make(map[uuid.UUID]int, n)
	for i := range recs {
		recs[i] = brokerRecord(10000+i/4, i%4+1, broker.StatusReady)
		idx[recs[i].ID] = i
	}
	require.NoError(t, s.Put(ctx, recs...))

	handled := make([]atomic.Int32, n)
	var done atomic.Int32
	handle := func(owner string, rs []broker.Record) error {
		ds := make([]broker.LeaseDone, len(rs))
		for i, r := range rs {
			handled[idx[r.ID]].Add(1)
			ds[i] = broker.LeaseDone{ID: r.ID, Next: time.Now().Add(time.Hour), Fn: toWaiting}
		}
		if err := l.Complete(ctx, owner, ds...); err != nil {
			return fmt.Errorf("worker %s: %w", owner, err)
		}
		done.Add(int32(len(rs)))
		return nil
	}

	killed, err := l.Lease(ctx, "killed", batch, 500*time.Millisecond, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, killed, batch)
	require.NoError(t, handle("killed", killed[:batch/2]))

	var wg sync.WaitGroup
	errs := make([]error, LeaseWorkers)
	for w := range LeaseWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("worker-%d", w)
			deadline := time.Now().Add(60 * time.Second)
			for done.Load() < int32(n) && time.Now().Before(deadline) {
				rs, err := l.Lease(ctx, owner, batch, 30*time.Second, broker.StatusReady)
				if err != nil {
					errs[w] = err
					return
				}
				if len(rs) == 0 {
					time.Sleep(20 * time.Millisecond) // what is left is the dead worker's
					continue
				}
				if err := handle(owner, rs); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}

	twice, never := 0, 0
	for i := range handled {
		switch c := handled[i].Load(); {
		case c == 0:
			never++
		case c > 1:
			twice++
		}
	}
	assert.Zero(t, never, "every record is handled, the dead worker's too")
	assert.Zero(t, twice, "no record is handled twice")
	left, err := s.ListByStatus(ctx, broker.StatusReady)
	require.NoError(t, err)
	assert.Empty(t, left)
	waiting, err := s.ListByStatus(ctx, broker.StatusWaiting)
	require.NoError(t, err)
	assert.Len(t, waiting, n, "every completion was written")
	again, err := l.Lease(ctx, "late", n, time.Minute, broker.StatusReady, broker.StatusWaiting)
	require.NoError(t, err)
	assert.Empty(t, again, "every record is due later; none is left leased and due")
}
