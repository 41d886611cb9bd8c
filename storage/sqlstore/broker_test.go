package sqlstore

import (
	"context"
	"encoding/json"
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

func brokerRecords(n int) []broker.Record {
	recs := make([]broker.Record, n)
	for i := range recs {
		recs[i] = broker.Record{
			ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 8000 + i/4, ShipTo: 1},
			LineSeq: i%4 + 1, LineNo: i%4 + 1, Status: broker.StatusReady,
		}
	}
	return recs
}

func openBroker(t *testing.T, o opener) *BrokerStore {
	t.Helper()
	open, _ := o.open(t)
	db, err := open(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db.BrokerStore(nil)
}

func TestBrokerStoreRecordStore(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			s := openBroker(t, o)
			recs := brokerRecords(3)
			recs[2].Status = broker.StatusWaiting
			require.NoError(t, s.Put(ctx, time.Now(), recs...))

			got, err := s.ListByStatus(ctx, broker.StatusReady)
			require.NoError(t, err)
			assert.Equal(t, recs[:2], got)
			got, err = s.ListByStatus(ctx, broker.StatusReady, broker.StatusWaiting)
			require.NoError(t, err)
			assert.Len(t, got, 3)

			at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
			err = s.Update(ctx, recs[0].ID, func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
				r.Status, r.RequestID = broker.StatusAcknowledged, "REQ-1"
				return r, []broker.SideEffect{broker.History{Record: r.ID, Type: broker.HistoryReceiveOrderResponse, Detail: "new_order", At: at}}, nil
			})
			require.NoError(t, err)
			r, err := s.Record(ctx, recs[0].ID)
			require.NoError(t, err)
			assert.Equal(t, broker.StatusAcknowledged, r.Status)
			assert.Equal(t, "REQ-1", r.RequestID)
			effs, err := s.SideEffects(ctx, recs[0].ID)
			require.NoError(t, err)
			require.Len(t, effs, 1)
			assert.Equal(t, "broker.History", effs[0].Kind)
			var h broker.History
			require.NoError(t, json.Unmarshal([]byte(effs[0].JSON), &h))
			assert.Equal(t, broker.History{Record: recs[0].ID, Type: broker.HistoryReceiveOrderResponse, Detail: "new_order", At: at}, h)

			// fn failing writes nothing.
			boom := fmt.Errorf("no")
			err = s.Update(ctx, recs[1].ID, func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
				r.Status = broker.StatusError
				return r, []broker.SideEffect{broker.History{Record: r.ID, Type: broker.HistoryError}}, boom
			})
			require.ErrorIs(t, err, boom)
			r, err = s.Record(ctx, recs[1].ID)
			require.NoError(t, err)
			assert.Equal(t, broker.StatusReady, r.Status)
			effs, err = s.SideEffects(ctx, recs[1].ID)
			require.NoError(t, err)
			assert.Empty(t, effs)

			err = s.Update(ctx, uuid.New(), func(r broker.Record) (broker.Record, []broker.SideEffect, error) { return r, nil, nil })
			require.ErrorIs(t, err, broker.ErrUnknownRequest)
		})
	}
}

func TestBrokerLeaseContract(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
			s := openBroker(t, o)
			s.now = func() time.Time { return now }
			recs := brokerRecords(5)
			recs[4].Status = broker.StatusWaiting
			require.NoError(t, s.Put(ctx, now, recs[:3]...))
			require.NoError(t, s.Put(ctx, now.Add(time.Hour), recs[3])) // not due yet
			require.NoError(t, s.Put(ctx, now, recs[4]))                // other status

			a, err := s.Lease(ctx, "A", 2, time.Minute, broker.StatusReady)
			require.NoError(t, err)
			require.Len(t, a, 2)
			b, err := s.Lease(ctx, "B", 10, time.Minute, broker.StatusReady)
			require.NoError(t, err)
			require.Len(t, b, 1, "only the due, unleased record of the status is left")
			assert.NotContains(t, []uuid.UUID{a[0].ID, a[1].ID}, b[0].ID)

			// B cannot complete or extend A's records.
			require.ErrorIs(t, s.Complete(ctx, "B", Done{ID: a[0].ID}), ErrLeaseLost)
			require.ErrorIs(t, s.Extend(ctx, "B", time.Minute, a[0].ID), ErrLeaseLost)

			// A completes one: it moves on and is due again at Next.
			require.NoError(t, s.Complete(ctx, "A", Done{ID: a[0].ID, Next: now.Add(2 * time.Minute), Fn: func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
				r.Status = broker.StatusWaiting
				return r, nil, nil
			}}))
			r, err := s.Record(ctx, a[0].ID)
			require.NoError(t, err)
			assert.Equal(t, broker.StatusWaiting, r.Status)
			require.ErrorIs(t, s.Complete(ctx, "A", Done{ID: a[0].ID}), ErrLeaseLost, "a completed record is no longer leased")

			// A extends the other past the first lease's end.
			require.NoError(t, s.Extend(ctx, "A", 10*time.Minute, a[1].ID))
			now = now.Add(5 * time.Minute) // B's lease (1 min) has expired; A's extended one has not
			c, err := s.Lease(ctx, "C", 10, time.Minute, broker.StatusReady, broker.StatusWaiting)
			require.NoError(t, err)
			ids := []uuid.UUID{}
			for _, r := range c {
				ids = append(ids, r.ID)
			}
			assert.ElementsMatch(t, []uuid.UUID{b[0].ID, a[0].ID, recs[4].ID}, ids, "expired leases and due records come back; extended ones do not")
			require.ErrorIs(t, s.Complete(ctx, "B", Done{ID: b[0].ID}), ErrLeaseLost, "an expired lease cannot complete")

			require.NoError(t, s.Release(ctx, "C", ids...))
			d, err := s.Lease(ctx, "D", 10, time.Minute, broker.StatusReady, broker.StatusWaiting)
			require.NoError(t, err)
			assert.Len(t, d, 3, "released records can be leased at once")
		})
	}
}

// TestBrokerLeasingExactlyOnce: 8 workers share 10,000 waiting records.
// Every record is sent exactly once; a worker killed in the middle of its
// batch loses nothing: its lease expires and the others take the rest.
func TestBrokerLeasingExactlyOnce(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			s := openBroker(t, o)
			const workers, batch = 8, 50
			n := 10000
			if o.name == "sqlite" {
				n = 2000 // one writer: the guarantee is trivial there; keep the run short
			}
			recs := brokerRecords(n)
			idx := make(map[uuid.UUID]int, n)
			for i, r := range recs {
				idx[r.ID] = i
			}
			require.NoError(t, s.Put(ctx, time.Now().Add(-time.Second), recs...))

			sent := make([]atomic.Int32, n)
			var done atomic.Int32
			send := func(owner string, rs []broker.Record) {
				ds := make([]Done, len(rs))
				for i, r := range rs {
					sent[idx[r.ID]].Add(1)
					ds[i] = Done{ID: r.ID, Next: time.Now().Add(time.Hour), Fn: func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
						r.Status = broker.StatusWaiting
						return r, nil, nil
					}}
				}
				require.NoError(t, s.Complete(ctx, owner, ds...), "worker %s", owner)
				done.Add(int32(len(rs)))
			}

			// The worker that dies: it leases a batch, sends half, and stops.
			killed, err := s.Lease(ctx, "killed", batch, 300*time.Millisecond, broker.StatusReady)
			require.NoError(t, err)
			require.Len(t, killed, batch)
			send("killed", killed[:batch/2])

			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					owner := fmt.Sprintf("worker-%d", w)
					deadline := time.Now().Add(60 * time.Second)
					for done.Load() < int32(n) && time.Now().Before(deadline) {
						rs, err := s.Lease(ctx, owner, batch, 30*time.Second, broker.StatusReady)
						if !assert.NoError(t, err) {
							return
						}
						if len(rs) == 0 {
							time.Sleep(20 * time.Millisecond) // what is left is leased by the dead worker
							continue
						}
						send(owner, rs)
					}
				}()
			}
			wg.Wait()

			twice, never := 0, 0
			for i := range sent {
				switch c := sent[i].Load(); {
				case c == 0:
					never++
				case c > 1:
					twice++
				}
			}
			assert.Zero(t, never, "every record is sent")
			assert.Zero(t, twice, "no record is sent twice")
			left, err := s.ListByStatus(ctx, broker.StatusReady)
			require.NoError(t, err)
			assert.Empty(t, left)
			var leased int
			require.NoError(t, s.db.queryRow(ctx, "SELECT COUNT(*) FROM omskit_broker_record WHERE lease_owner <> ''").Scan(&leased))
			assert.Zero(t, leased, "every lease is given back")
		})
	}
}
