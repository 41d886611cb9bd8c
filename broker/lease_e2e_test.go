package broker_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/storage/memory"
)

// Several leased BROKER runs over one memory store and the Order Broker
// simulator over HTTP.

// leaseFleet is one store of Ready records of orders 9000.. (lines 1-3 each)
// and a simulator.
type leaseFleet struct {
	store  *memory.BrokerStore
	sim    *brokertest.Simulator
	client *brokerhttp.Client
	keys   map[uuid.UUID]broker.OrderKey
	recs   []broker.Record
	skew   atomic.Int64 // how far the store's lease clock is ahead, in ns
}

func newLeaseFleet(t *testing.T, orders int) *leaseFleet {
	t.Helper()
	f := &leaseFleet{store: memory.NewBrokerStore(), sim: brokertest.New(brokertest.Config{}), keys: map[uuid.UUID]broker.OrderKey{}}
	_, f.client = brokertest.NewServer(t, f.sim)
	// No fault is injected here: a slow answer on a loaded machine (the race
	// detector, other packages' tests) must not become a timeout.
	f.client.Timeout = 10 * time.Second
	f.store.SetLeaseClock(func() time.Time { return time.Now().Add(time.Duration(f.skew.Load())) })
	for i := range orders {
		o := e2eOrder(1, 2, 3)
		o.Key.Order = 9000 + i
		f.store.PutOrder(o)
		for seq := 1; seq <= 3; seq++ {
			r := broker.Record{ID: uuid.New(), Flow: "F1", Key: o.Key, LineSeq: seq, LineNo: seq, Status: broker.StatusReady}
			f.recs = append(f.recs, r)
			f.keys[r.ID] = o.Key
		}
	}
	require.NoError(t, f.store.Put(context.Background(), f.recs...))
	return f
}

func (f *leaseFleet) runner(owner string, batch int) *broker.Runner {
	return &broker.Runner{Transport: f.client, Store: f.store, Orders: f.store, Engine: broker.Engine{Settings: e2eSettings()},
		Leasing: &broker.Leasing{Store: f.store, Owner: owner, Batch: batch, Revisit: 10 * time.Minute}}
}

// runAll runs n workers at once, each Run rounds times, and returns their
// reports' errors.
func (f *leaseFleet) runAll(t *testing.T, n, rounds int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := f.runner(fmt.Sprintf("worker-%d", w), 7)
			for range rounds {
				rep, err := r.Run(context.Background())
				if err == nil {
					err = rep.Err()
				}
				if err != nil {
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
}

// TestLeasedRunners_EachLineSubmittedOnce: 4 workers share 90 Ready
// records while a dead worker holds 10 of them. The workers never touch the
// dead worker's records until its leases expire, then take them; OB
// receives every line in exactly one SubmitOrder, and every record ends
// acknowledged with its request ID (F1.04).
func TestLeasedRunners_EachLineSubmittedOnce(t *testing.T) {
	f := newLeaseFleet(t, 30)
	ctx := context.Background()
	dead, err := f.store.Lease(ctx, "dead", 10, time.Minute, broker.StatusReady)
	require.NoError(t, err)
	require.Len(t, dead, 10)

	f.runAll(t, 4, 2)
	for _, r := range dead {
		got, err := f.store.Record(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, broker.StatusReady, got.Status, "a record another worker holds is not touched")
		assert.Zero(t, f.sim.SubmitCount(broker.OrderID(r.Key), r.LineSeq))
	}

	f.skew.Store(int64(2 * time.Minute)) // the dead worker's leases have expired
	f.runAll(t, 4, 2)
	for _, r := range f.recs {
		got, err := f.store.Record(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, broker.StatusAcknowledged, got.Status, "%s", r.Label())
		assert.NotEmpty(t, got.RequestID)
		assert.Equal(t, 1, f.sim.SubmitCount(broker.OrderID(r.Key), r.LineSeq), "SubmitOrders carrying %s", r.Label())
	}
	again, err := f.store.Lease(ctx, "late", len(f.recs), time.Minute, broker.LeasedStatuses...)
	require.NoError(t, err)
	assert.Len(t, again, 0, "no lease is left over and nothing is due before the revisit")
}

// ExampleLeasing runs two BROKER workers, one after the other, over one
// store of two Ready records: the first takes one record (Batch 1,
// MaxBatches 1), the second the other.
func ExampleLeasing() {
	ctx := context.Background()
	srv := httptest.NewServer(brokertest.New(brokertest.Config{}))
	defer srv.Close()
	store := memory.NewBrokerStore()
	store.PutOrder(e2eOrder(1, 2))
	r1 := broker.Record{ID: uuid.New(), Flow: "F1", Key: e2eKey, LineSeq: 1, LineNo: 1, Status: broker.StatusReady}
	r2 := broker.Record{ID: uuid.New(), Flow: "F1", Key: e2eKey, LineSeq: 2, LineNo: 2, Status: broker.StatusReady}
	if err := store.Put(ctx, r1, r2); err != nil {
		fmt.Println(err)
		return
	}
	for _, owner := range []string{"worker-a", "worker-b"} {
		runner := &broker.Runner{Transport: brokerhttp.New(srv.URL), Store: store, Orders: store,
			Engine:  broker.Engine{Settings: e2eSettings()},
			Leasing: &broker.Leasing{Store: store, Owner: owner, Batch: 1, MaxBatches: 1}}
		rep, err := runner.Run(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s submitted %d\n", owner, rep.Submitted)
	}
	for _, r := range store.Records() {
		fmt.Printf("line %d: %c\n", r.LineSeq, r.Status)
	}
	// Output:
	// worker-a submitted 1
	// worker-b submitted 1
	// line 1: K
	// line 2: K
}
