package broker

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// sinkLog is a BillingSink that keeps what it was told.
type sinkLog struct {
	lines []BilledLine
	err   error
}

func (s *sinkLog) Billed(_ context.Context, lines []BilledLine) error {
	s.lines = append(s.lines, lines...)
	return s.err
}

func (s *sinkLog) records() []uuid.UUID {
	var out []uuid.UUID
	for _, l := range s.lines {
		out = append(out, l.Record)
	}
	return out
}

// applyIn applies ev to record id through store, as the Runner and the
// host's OMS events do.
func applyIn(t *testing.T, store RecordStore, f *Flow, s Settings, id uuid.UUID, ev Event) {
	t.Helper()
	err := store.Update(context.Background(), id, func(cur Record) (Record, []SideEffect, error) {
		res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(f, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		return res.Record, res.Effects, nil
	})
	require.NoError(t, err)
}

// Every flow's billing is told once, when the store writes it: F1 and F4
// at fulfilled, F1 ship-for-pickup with M73 at intransit, F2 and F3 at
// shipment confirmation; other moves and repeats are not.
func TestBillingStoreTellsEachBilledLineOnce(t *testing.T) {
	f1 := recReq(1, StatusAccepted, "1")
	f1.Flow = BrokeredBackorder.Name
	sfp := recReq(2, StatusAcknowledged, "2")
	sfp.Flow, sfp.ShipForPickup = BrokeredBackorder.Name, true
	f2 := flowRec(ShipForPickup.Name, 3, StatusPicking)
	f3d := f3Rec(StatusPicking, false)
	f3d.ID, f3d.LineSeq = uuid.New(), 4
	f3p := f3Rec(StatusPicking, true)
	f3p.ID, f3p.LineSeq = uuid.New(), 5
	f4 := f4Rec(StatusAccepted)
	f4.ID, f4.LineSeq = uuid.New(), 6
	mem := newMemStore(f1, sfp, f2, f3d, f3p, f4)
	sink := &sinkLog{}
	store := &BillingStore{Store: mem, Sink: sink}
	m73 := baseSets
	m73.InvoiceShipForPickupAtIntransit = true

	applyIn(t, store, &BrokeredBackorder, baseSets, f1.ID, Event{Kind: EventAccepted}) // no billing
	assert.Empty(t, sink.lines)
	applyIn(t, store, &BrokeredBackorder, baseSets, f1.ID, Event{Kind: EventFulfilled})
	require.Equal(t, []uuid.UUID{f1.ID}, sink.records()) // F1.19: billed at fulfilled
	assert.Equal(t, BilledLine{Record: f1.ID, Flow: "F1", Key: f1.Key, LineSeq: 1, LineNo: 1, RequestID: "1", Status: StatusCompleted, At: t0}, sink.lines[0])
	applyIn(t, store, &BrokeredBackorder, baseSets, f1.ID, Event{Kind: EventFulfilled}) // a repeat: no-op
	assert.Len(t, sink.lines, 1)

	applyIn(t, store, &BrokeredBackorder, m73, sfp.ID, Event{Kind: EventIntransit}) // with M73: billed at intransit
	applyIn(t, store, &BrokeredBackorder, m73, sfp.ID, Event{Kind: EventFulfilled}) // billed already
	applyIn(t, store, &ShipForPickup, f2Settings(), f2.ID, Event{Kind: EventShipmentConfirmed})
	applyIn(t, store, &ReceivedFromBroker, f3Settings(), f3d.ID, Event{Kind: EventShipmentConfirmed}) // delivery
	applyIn(t, store, &ReceivedFromBroker, f3Settings(), f3p.ID, Event{Kind: EventShipmentConfirmed}) // retail pickup
	applyIn(t, store, &ReceivedFromBroker, f3Settings(), f3p.ID, Event{Kind: EventReceived})          // billed already
	applyIn(t, store, &StorePickup, f4Settings(), f4.ID, Event{Kind: EventFulfilled})
	// F1.19, F1.15 with M73 (BRK-095), F2.06, F3.12, F3.11, F4.09: each line told once, when billed
	assert.Equal(t, []uuid.UUID{f1.ID, sfp.ID, f2.ID, f3d.ID, f3p.ID, f4.ID}, sink.records())
	assert.Equal(t, []Status{StatusCompleted, StatusInTransit, StatusInTransit, StatusCompleted, StatusInTransit, StatusCompleted},
		[]Status{sink.lines[0].Status, sink.lines[1].Status, sink.lines[2].Status, sink.lines[3].Status, sink.lines[4].Status, sink.lines[5].Status})

	// CatchUp tells every billed line again; the sink's idempotency absorbs it.
	sink.lines = nil
	n, err := store.CatchUp(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	assert.ElementsMatch(t, []uuid.UUID{f1.ID, sfp.ID, f2.ID, f3d.ID, f3p.ID, f4.ID}, sink.records())
}

// A failing sink does not undo the written change: OnError hears of it,
// and CatchUp tells the line again.
func TestBillingStoreSinkFails(t *testing.T) {
	f1 := recReq(1, StatusAccepted, "1")
	f1.Flow = BrokeredBackorder.Name
	sink := &sinkLog{err: errors.New("feed store down")}
	var heard []BilledLine
	store := &BillingStore{Store: newMemStore(f1), Sink: sink,
		OnError: func(_ context.Context, lines []BilledLine, err error) { heard = append(heard, lines...) }}
	applyIn(t, store, &BrokeredBackorder, baseSets, f1.ID, Event{Kind: EventFulfilled})
	assert.Len(t, heard, 1)
	got, err := store.ListByStatus(context.Background(), StatusCompleted)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.True(t, got[0].Invoiced)
	sink.err = nil
	n, err := store.CatchUp(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

// Leased runs complete their outcomes through the wrapped LeaseStore; the
// lines billed by them are told after the completion was written.
func TestBillingStoreComplete(t *testing.T) {
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	sink := &sinkLog{}
	store := &BillingStore{Store: struct {
		RecordStore
		LeaseStore
	}{newMemStore(), ls}, Sink: sink}
	ctx := context.Background()
	f1 := recReq(1, StatusAccepted, "1")
	f1.Flow = BrokeredBackorder.Name
	fulfil := func(cur Record) (Record, []SideEffect, error) {
		res, err := Engine{Settings: baseSets, Now: fixedClock(t0)}.Apply(&BrokeredBackorder, cur, Event{Kind: EventFulfilled})
		return res.Record, res.Effects, err
	}
	ls.EXPECT().Complete(ctx, "w1", gomock.Any()).DoAndReturn(func(_ context.Context, _ string, done ...LeaseDone) error {
		for _, d := range done {
			if d.Fn != nil {
				_, _, _ = d.Fn(f1) // a store may call a change twice (a retried transaction)
				_, _, _ = d.Fn(f1)
			}
		}
		return nil
	})
	require.NoError(t, store.Complete(ctx, "w1", LeaseDone{ID: f1.ID, Fn: fulfil}, LeaseDone{ID: uuid.New()}))
	assert.Equal(t, []uuid.UUID{f1.ID}, sink.records())

	ls.EXPECT().Complete(ctx, "w1", gomock.Any()).Return(ErrLeaseLost)
	require.ErrorIs(t, store.Complete(ctx, "w1", LeaseDone{ID: f1.ID, Fn: fulfil}), ErrLeaseLost)
	assert.Len(t, sink.lines, 1, "nothing written, nothing told")

	plain := &BillingStore{Store: newMemStore()}
	_, err := plain.Lease(ctx, "w1", 1, 0)
	require.ErrorIs(t, err, ErrNotLeaseStore)
}
