package broker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
)

//go:generate go tool mockgen -source=lease.go -destination=mock_lease_test.go -package=broker

// ErrLeaseLost: a worker completed or extended a record it no longer holds
// (its lease expired and another worker may have taken the record, or it
// never held it). Lease stores wrap it.
var ErrLeaseLost = errors.New("broker record lease lost")

// LeaseDone is the outcome of one leased record, handed to
// [LeaseStore.Complete]: the change to write (Fn, as in
// [RecordStore.Update]; nil leaves the record as it is) and when the record
// is next due for leasing.
type LeaseDone struct {
	ID   uuid.UUID
	Next time.Time
	Fn   func(Record) (Record, []SideEffect, error)
}

// LeaseStore is a [RecordStore] that is also a work queue, so that several
// BROKER runs (in one process or many) share the records without sending
// one twice. Storage packages implement it (storage/sqlstore with FOR
// UPDATE SKIP LOCKED on PostgreSQL, storage/memory under a lock).
type LeaseStore interface {
	// Lease takes up to n records in any of the statuses that are due and
	// that nobody holds, and leases them to owner for d. Concurrent callers
	// get disjoint records. A record whose lease expired is due again.
	Lease(ctx context.Context, owner string, n int, d time.Duration, statuses ...Status) ([]Record, error)
	// Complete writes the outcome of owner's leased records and gives the
	// leases back, all or nothing; when owner no longer holds one of them
	// nothing is written and the error wraps [ErrLeaseLost].
	Complete(ctx context.Context, owner string, done ...LeaseDone) error
	// Extend moves the end of owner's leases on ids to now+d, or fails with
	// [ErrLeaseLost] and extends nothing.
	Extend(ctx context.Context, owner string, d time.Duration, ids ...uuid.UUID) error
	// Release gives owner's leases on ids back unchanged, so that others can
	// take the records at once. Records owner does not hold are skipped.
	Release(ctx context.Context, owner string, ids ...uuid.UUID) error
}

// Lease defaults.
const (
	// DefaultLeaseBatch is how many records a leased run takes at a time.
	DefaultLeaseBatch = 100
	// DefaultLeaseFor is how long a leased run holds its records: longer
	// than one batch takes, short enough that a dead worker's records come
	// back soon.
	DefaultLeaseFor = 5 * time.Minute
	// DefaultRevisit is how long a record a leased run handled waits before
	// it is due again.
	DefaultRevisit = time.Minute
)

// LeasedStatuses are the statuses a leased BROKER run takes: R to submit
// (F1, F4), I to submit (F2 ship-for-pickup records without a request ID), Y
// to cancel, G and H to resend (BRK-317), W to inquire on or resend, and the
// statuses of the status inquiry (BRK-301).
var LeasedStatuses = append([]Status{StatusReady, StatusInProcess, StatusPendingCancel, StatusResendFulfilled, StatusResendIntransit, StatusWaiting},
	InquiryOrder...)

// Leasing makes a [Runner] work through leases: each run takes batches of
// due records from Store, handles each batch as a run of its own (the same
// steps, over the batch's records only, one bad record never stopping the
// batch), extending the batch's leases every For/3 while it runs, and
// completes the batch's leases. Several Runners with different
// Owners may run at once over one store: a record another worker holds is
// not touched, and a dead worker's records come back when its leases
// expire.
//
// A record is moved R -> W (F1.02) in the store before its SubmitOrder
// goes out, so a worker that dies after the move and before the answer
// leaves it in W without a request ID; after [Runner.ResendWaitingAfter]
// (by default [DefaultResendWaitingAfter]) a run resends it, and OB's
// duplicate check (BRK-063) answers 2040 if the first one arrived (F1.08).
//
// The lines of one order that go to Order Broker together are an exception
// to "not touched": a batch holding one of them takes the others from the
// whole store, whoever leases them, so that they go in one SubmitOrder
// (L56, BRK-023; a store pickup order, BRK-270; a ship-for-pickup pick
// slip, BRK-125), a store pickup order is canceled whole (BRK-295) and
// canceled whole with a line the store rejected (BRK-280). Each of those
// records is claimed or moved in one store update that re-reads it, so none
// is sent or moved twice; the worker that leased it finds it moved on. Two
// workers claiming one order's lines at the same instant may still split
// it (each claim is atomic, the order's are not). The run reads the order's
// records with the store's FindRecords when [Runner.Store] has it
// (storage/memory, storage/sqlstore), else with ListByStatus.
type Leasing struct {
	// Store is the work queue; it must hold the same records as
	// [Runner.Store] (usually it is the same value).
	Store LeaseStore
	// Owner names this worker in the leases; required and unique per
	// worker (e.g. host name and process id).
	Owner string
	// Batch is how many records are leased at a time; 0 means
	// DefaultLeaseBatch.
	Batch int
	// For is the lease duration; 0 means DefaultLeaseFor.
	For time.Duration
	// Revisit is how long a handled record waits before it is due again; 0
	// means DefaultRevisit.
	Revisit time.Duration
	// MaxBatches bounds the batches of one run; 0 means until no due record
	// is left.
	MaxBatches int
}

// ErrNoOwner: a leased run has no [Leasing.Owner].
var ErrNoOwner = errors.New("broker run: leasing owner is blank")

func (l *Leasing) batch() int {
	if l.Batch > 0 {
		return l.Batch
	}
	return DefaultLeaseBatch
}

func (l *Leasing) leaseFor() time.Duration {
	if l.For > 0 {
		return l.For
	}
	return DefaultLeaseFor
}

func (l *Leasing) revisit() time.Duration {
	if l.Revisit > 0 {
		return l.Revisit
	}
	return DefaultRevisit
}

// runLeased is [Runner.Run] when r.Leasing is set.
func (r *Runner) runLeased(ctx context.Context) (*Report, error) {
	l := r.Leasing
	total := &Report{}
	if l.Owner == "" {
		return total, ErrNoOwner
	}
	if l.Store == nil {
		return total, fmt.Errorf("broker run: owner %q: leasing has no store: %w", l.Owner, ErrInvalidInput)
	}
	seen := map[uuid.UUID]bool{}
	for b := 0; l.MaxBatches <= 0 || b < l.MaxBatches; b++ {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		leased, err := l.Store.Lease(ctx, l.Owner, l.batch(), l.leaseFor(), LeasedStatuses...)
		if err != nil {
			return total, fmt.Errorf("broker run: owner %q: lease records: %w", l.Owner, err)
		}
		if len(leased) == 0 {
			return total, r.leasedOutbox(ctx, total)
		}
		// A record handled earlier in this run is due again only when the
		// store's clock is ahead of the runner's: give it back, and stop
		// when nothing new is left.
		var fresh []Record
		var again []uuid.UUID
		for _, rec := range leased {
			if seen[rec.ID] {
				again = append(again, rec.ID)
				continue
			}
			seen[rec.ID] = true
			fresh = append(fresh, rec)
		}
		if len(again) > 0 {
			if err := l.Store.Release(ctx, l.Owner, again...); err != nil {
				return total, fmt.Errorf("broker run: owner %q: release %d records: %w", l.Owner, len(again), err)
			}
		}
		if len(fresh) == 0 {
			return total, r.leasedOutbox(ctx, total)
		}
		if err := r.runBatch(ctx, total, fresh); err != nil {
			return total, err
		}
	}
	return total, r.leasedOutbox(ctx, total)
}

// runBatch runs the BROKER steps over one leased batch and completes it.
// When the context ends mid-batch the leases are given back (with a
// context of their own) so that other workers take the records at once.
func (r *Runner) runBatch(ctx context.Context, total *Report, recs []Record) error {
	l := r.Leasing
	view := &leasedRecords{store: r.Store, recs: make(map[uuid.UUID]Record, len(recs))}
	ids := make([]uuid.UUID, len(recs))
	for i, rec := range recs {
		view.recs[rec.ID] = rec
		ids[i] = rec.ID
	}
	batch := *r
	batch.Store, batch.Leasing, batch.inBatch, batch.Fulfillments = view, nil, true, nil
	stopHeartbeat := r.heartbeat(ctx, ids)
	rep, runErr := batch.run(ctx)
	stopHeartbeat()
	total.add(rep)
	if runErr != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := l.Store.Release(rctx, l.Owner, ids...); err != nil {
			return errors.Join(runErr, fmt.Errorf("broker run: owner %q: release %d records: %w", l.Owner, len(ids), err))
		}
		return runErr
	}
	next := r.now().Add(l.revisit())
	done := make([]LeaseDone, len(ids))
	for i, id := range ids {
		done[i] = LeaseDone{ID: id, Next: next}
	}
	err := l.Store.Complete(ctx, l.Owner, done...)
	if err == nil || !errors.Is(err, ErrLeaseLost) {
		if err != nil {
			return fmt.Errorf("broker run: owner %q: complete %d records: %w", l.Owner, len(ids), err)
		}
		return nil
	}
	// Some lease expired (the batch took longer than Leasing.For): complete
	// the others one by one and report the lost ones. Their changes are
	// written already; only the due time is not.
	for _, d := range done {
		if err := l.Store.Complete(ctx, l.Owner, d); err != nil {
			rec := view.get(d.ID)
			total.Errors = append(total.Errors, &RecordError{Record: d.ID, Label: rec.Label(), Op: "complete lease", Err: err})
		}
	}
	return nil
}

// heartbeat extends the batch's leases every third of Leasing.For while
// the batch runs, so that a slow batch (a slow Order Broker) keeps its
// records. It stops at the first failure (a lease was lost: the completion
// reports it). The returned function stops it and waits for it.
func (r *Runner) heartbeat(ctx context.Context, ids []uuid.UUID) func() {
	l := r.Leasing
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(l.leaseFor() / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := l.Store.Extend(ctx, l.Owner, l.leaseFor(), ids...); err != nil {
					return
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// add adds a batch's report to a run's.
func (r *Report) add(b *Report) {
	if b == nil {
		return
	}
	r.Submitted += b.Submitted
	r.Canceled += b.Canceled
	r.Updated += b.Updated
	r.Inquired += b.Inquired
	r.Transitions += b.Transitions
	r.NoOps += b.NoOps
	r.Groups = append(r.Groups, b.Groups...)
	r.Billing = append(r.Billing, b.Billing...)
	r.Errors = append(r.Errors, b.Errors...)
}

// leasedRecords is the [RecordStore] a leased batch runs over: listings
// return the batch's records only (as they are now), updates go to the
// store.
type leasedRecords struct {
	store RecordStore
	mu    sync.Mutex
	recs  map[uuid.UUID]Record
}

func (v *leasedRecords) get(id uuid.UUID) Record {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.recs[id]
}

// ListByStatus returns the batch's records in any of the statuses.
func (v *leasedRecords) ListByStatus(ctx context.Context, statuses ...Status) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []Record
	for _, rec := range v.recs {
		for _, s := range statuses {
			if rec.Status == s {
				out = append(out, rec)
				break
			}
		}
	}
	sortRecords(out)
	return out, nil
}

// Update updates the record in the store and remembers what was written.
func (v *leasedRecords) Update(ctx context.Context, id uuid.UUID, fn func(Record) (Record, []SideEffect, error)) error {
	var written Record
	err := v.store.Update(ctx, id, func(cur Record) (Record, []SideEffect, error) {
		next, effects, err := fn(cur)
		if err == nil {
			written = next
		}
		return next, effects, err
	})
	if err != nil {
		return err
	}
	written.ID = id
	v.mu.Lock()
	v.recs[id] = written
	v.mu.Unlock()
	return nil
}
