package broker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
)

// This file tells a host of every order line a flow bills, as the store
// writes it, so that other systems can be told of the fulfilment (the
// engagement feed registers a receipt per billed line, issue 19 item 4).
// Billing is what the seed gives per flow: F1 and F4 bill a line when it is
// fulfilled (BRK-079, BRK-279), F1 ship-for-pickup with M73 already at
// intransit (BRK-095), both marked Record.Invoiced; F2 and F3 are shipped
// by the OMS, and the billing async job bills them at shipment
// confirmation (F2.06, F3.11, F3.12; BRK-151, BRK-225, BRK-229).

// BilledLine is one order line a flow billed: one Order Broker record,
// billed once in its life.
type BilledLine struct {
	// Record is the Order Broker record's id: the fulfilment's identity.
	Record  uuid.UUID
	Flow    string
	Key     OrderKey
	LineSeq int
	LineNo  int
	// RequestID is OB's request ID; FulfillingLocation the location that
	// shipped (or handed over) the line.
	RequestID          string
	FulfillingLocation string
	// Status is the record's status when it was billed; At when.
	Status Status
	At     time.Time
}

// shippedByOMS are the statuses of an F2 or F3 record once the OMS
// confirmed its shipment: in transit to the pickup store, and on from
// there, or completed (a delivery).
var shippedByOMS = []Status{StatusInTransit, StatusInTransitPolled, StatusReceivedByStore, StatusPartialFulfill,
	StatusCompleted, StatusResendFulfilled, StatusResendIntransit}

// BilledStatuses are the statuses a billed record can be in: where
// BillingStore.CatchUp looks.
var BilledStatuses = append(slices.Clone(shippedByOMS), StatusPendingCancel, StatusCanceled)

// Billed reports whether the record's line has been billed: Invoiced (F1,
// F4), or an F2 or F3 record whose shipment the OMS confirmed.
func Billed(rec Record) bool {
	if rec.Invoiced {
		return true
	}
	switch rec.Flow {
	case ShipForPickup.Name, ReceivedFromBroker.Name:
		return slices.Contains(shippedByOMS, rec.Status)
	}
	return false
}

// BilledLineOf describes a billed record's line.
func BilledLineOf(rec Record) BilledLine {
	return BilledLine{Record: rec.ID, Flow: rec.Flow, Key: rec.Key, LineSeq: rec.LineSeq, LineNo: rec.LineNo,
		RequestID: rec.RequestID, FulfillingLocation: rec.FulfillingLocation, Status: rec.Status, At: rec.UpdatedAt}
}

// BillingSink is told of the lines the flows bill. It must be idempotent
// per BilledLine.Record: a line may be told again (see
// BillingStore.CatchUp).
type BillingSink interface {
	Billed(ctx context.Context, lines []BilledLine) error
}

// BillingStore is a RecordStore that tells Sink of every line a change it
// writes bills (a record not billed before, billed after). Give it to the
// Runner (and, over a LeaseStore, to Leasing) and to whatever applies the
// OMS events (shipment confirmations) in place of the store it wraps.
//
// The sink is told after the change is written. When the process stops in
// between, or the sink fails (OnError hears of it), the line is told again
// by CatchUp, which a host runs at start and on a schedule: the sink's
// idempotency makes the pair exactly-once.
type BillingStore struct {
	Store RecordStore
	Sink  BillingSink
	// OnError receives the sink's errors, with the lines it was told; nil
	// drops them (CatchUp tells them again).
	OnError func(ctx context.Context, lines []BilledLine, err error)
}

var (
	_ RecordStore = (*BillingStore)(nil)
	_ LeaseStore  = (*BillingStore)(nil)
)

// ErrNotLeaseStore: BillingStore's leasing methods were called on a store
// that does not lease.
var ErrNotLeaseStore = errors.New("broker: the wrapped store does not lease records")

// ListByStatus implements RecordStore.
func (s *BillingStore) ListByStatus(ctx context.Context, statuses ...Status) ([]Record, error) {
	return s.Store.ListByStatus(ctx, statuses...)
}

// Update implements RecordStore: the change is written by Store, then a
// line it billed is told to Sink.
func (s *BillingStore) Update(ctx context.Context, id uuid.UUID, fn func(Record) (Record, []SideEffect, error)) error {
	var billed []BilledLine
	err := s.Store.Update(ctx, id, watchBilling(fn, &billed))
	if err == nil {
		s.tell(ctx, billed)
	}
	return err
}

// watchBilling wraps a change so that a line it bills is added to billed
// (reset on every call: a store may call fn again).
func watchBilling(fn func(Record) (Record, []SideEffect, error), billed *[]BilledLine) func(Record) (Record, []SideEffect, error) {
	if fn == nil {
		return nil
	}
	start := len(*billed)
	return func(cur Record) (Record, []SideEffect, error) {
		*billed = (*billed)[:start]
		next, effects, err := fn(cur)
		if err == nil && !Billed(cur) && Billed(next) {
			*billed = append(*billed, BilledLineOf(next))
		}
		return next, effects, err
	}
}

func (s *BillingStore) tell(ctx context.Context, lines []BilledLine) {
	if len(lines) == 0 || s.Sink == nil {
		return
	}
	if err := s.Sink.Billed(ctx, lines); err != nil && s.OnError != nil {
		s.OnError(ctx, lines, err)
	}
}

// Lease implements LeaseStore over a Store that leases.
func (s *BillingStore) Lease(ctx context.Context, owner string, n int, d time.Duration, statuses ...Status) ([]Record, error) {
	ls, ok := s.Store.(LeaseStore)
	if !ok {
		return nil, ErrNotLeaseStore
	}
	return ls.Lease(ctx, owner, n, d, statuses...)
}

// Complete implements LeaseStore: the outcomes are written by Store, then
// the lines they billed are told to Sink.
func (s *BillingStore) Complete(ctx context.Context, owner string, done ...LeaseDone) error {
	ls, ok := s.Store.(LeaseStore)
	if !ok {
		return ErrNotLeaseStore
	}
	// One slot per outcome, so a store calling a change again replaces
	// what it found the first time.
	found := make([][]BilledLine, len(done))
	wrapped := make([]LeaseDone, len(done))
	for i, d := range done {
		wrapped[i] = d
		wrapped[i].Fn = watchBilling(d.Fn, &found[i])
	}
	if err := ls.Complete(ctx, owner, wrapped...); err != nil {
		return err
	}
	var billed []BilledLine
	for _, f := range found {
		billed = append(billed, f...)
	}
	s.tell(ctx, billed)
	return nil
}

// Extend implements LeaseStore.
func (s *BillingStore) Extend(ctx context.Context, owner string, d time.Duration, ids ...uuid.UUID) error {
	ls, ok := s.Store.(LeaseStore)
	if !ok {
		return ErrNotLeaseStore
	}
	return ls.Extend(ctx, owner, d, ids...)
}

// Release implements LeaseStore.
func (s *BillingStore) Release(ctx context.Context, owner string, ids ...uuid.UUID) error {
	ls, ok := s.Store.(LeaseStore)
	if !ok {
		return ErrNotLeaseStore
	}
	return ls.Release(ctx, owner, ids...)
}

// CatchUp tells Sink of every billed line in the store, whether told
// before or not: after a stop between a write and the sink, or a sink
// failure. It returns how many lines it told.
func (s *BillingStore) CatchUp(ctx context.Context) (int, error) {
	recs, err := s.Store.ListByStatus(ctx, BilledStatuses...)
	if err != nil {
		return 0, fmt.Errorf("broker: billed lines: %w", err)
	}
	var lines []BilledLine
	for _, r := range recs {
		if Billed(r) {
			lines = append(lines, BilledLineOf(r))
		}
	}
	if len(lines) == 0 || s.Sink == nil {
		return 0, nil
	}
	if err := s.Sink.Billed(ctx, lines); err != nil {
		return 0, fmt.Errorf("broker: tell %d billed line(s): %w", len(lines), err)
	}
	return len(lines), nil
}
