package memory

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"
	"weak"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// The lease side of BrokerStore: it implements broker.LeaseStore, the work
// queue several BROKER runs share. The lease state (holder, lease end, next
// due time per record) is kept beside the records and guarded by the same
// lock, so leasing, completing and updating are atomic with each other. A
// record never leased or completed is due at once; Put does not change a
// record's due time or lease.

var _ broker.LeaseStore = (*BrokerStore)(nil)

// ErrBlankOwner: Lease, Complete, Extend or Release was called without an
// owner.
var ErrBlankOwner = errors.New("memory: broker lease owner is blank")

type brokerLease struct {
	owner string
	until time.Time
}

// leaseState is one store's lease bookkeeping, guarded by the store's mu.
type leaseState struct {
	now    func() time.Time
	leases map[uuid.UUID]brokerLease
	due    map[uuid.UUID]time.Time
}

// leaseStates holds the lease state of each store, keyed weakly so that a
// store no longer used is collected with its state.
var leaseStates sync.Map // weak.Pointer[BrokerStore] -> *leaseState

// leaseState returns the lease state of s, creating it on first use.
func (s *BrokerStore) leaseState() *leaseState {
	key := weak.Make(s)
	if v, ok := leaseStates.Load(key); ok {
		return v.(*leaseState)
	}
	v, loaded := leaseStates.LoadOrStore(key, &leaseState{now: time.Now, leases: map[uuid.UUID]brokerLease{}, due: map[uuid.UUID]time.Time{}})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[BrokerStore]) { leaseStates.Delete(k) }, key)
	}
	return v.(*leaseState)
}

// SetLeaseClock sets the clock leases and due times are compared with (nil
// means time.Now), so that tests can let leases expire without waiting.
func (s *BrokerStore) SetLeaseClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.leaseState().now = now
}

// Lease takes up to n records in any of the statuses that are due (next
// due time not after now) and not leased by anyone (or whose lease
// expired), and leases them to owner until now+d. Concurrent callers get
// disjoint records. The records come back earliest due first, then by
// order key and line.
func (s *BrokerStore) Lease(ctx context.Context, owner string, n int, d time.Duration, statuses ...broker.Status) ([]broker.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if owner == "" {
		return nil, fmt.Errorf("lease %d broker records: %w", n, ErrBlankOwner)
	}
	if n <= 0 || len(statuses) == 0 {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.leaseState()
	now := ls.now()
	type candidate struct {
		due time.Time
		rec *broker.Record
	}
	var free []candidate
	for _, st := range slices.Compact(slices.Sorted(slices.Values(statuses))) {
		for r := range s.byStatus[st] {
			due := ls.due[r.ID]
			if due.After(now) || ls.leases[r.ID].until.After(now) {
				continue
			}
			free = append(free, candidate{due: due, rec: &r.Record})
		}
	}
	slices.SortFunc(free, func(x, y candidate) int {
		a, b := x.rec, y.rec
		return cmp.Or(x.due.Compare(y.due), cmp.Compare(a.Key.Company, b.Key.Company), cmp.Compare(a.Key.Order, b.Key.Order),
			cmp.Compare(a.Key.ShipTo, b.Key.ShipTo), cmp.Compare(a.LineSeq, b.LineSeq), bytes.Compare(a.ID[:], b.ID[:]))
	})
	free = free[:min(n, len(free))]
	out := make([]broker.Record, len(free))
	until := ls.now().Add(d) // the lease runs from when it is granted
	for i, c := range free {
		out[i] = *c.rec
		ls.leases[c.rec.ID] = brokerLease{owner: owner, until: until}
	}
	return out, nil
}

// holds reports an error wrapping broker.ErrLeaseLost for the first id
// owner does not hold at now. s.mu must be held.
func (s *BrokerStore) holds(ls *leaseState, owner string, now time.Time, ids []uuid.UUID) error {
	for _, id := range ids {
		l, ok := ls.leases[id]
		if !ok || l.owner != owner || !l.until.After(now) {
			return fmt.Errorf("memory: broker record %s: %q does not hold it: %w", id, owner, broker.ErrLeaseLost)
		}
	}
	return nil
}

// Complete writes the outcome of owner's leased records (each Fn as in
// Update; nil leaves the record as it is), sets their next due times and
// gives their leases back, all under one lock and all or nothing: when
// owner no longer holds one of them, or one Fn fails, nothing is written
// and the error names the record (wrapping broker.ErrLeaseLost, or the
// Fn's error).
func (s *BrokerStore) Complete(ctx context.Context, owner string, done ...broker.LeaseDone) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if owner == "" {
		return fmt.Errorf("complete %d broker records: %w", len(done), ErrBlankOwner)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.leaseState()
	ids := make([]uuid.UUID, len(done))
	for i, d := range done {
		ids[i] = d.ID
	}
	if err := s.holds(ls, owner, ls.now(), ids); err != nil {
		return err
	}
	type write struct {
		rec     broker.Record
		effects []broker.SideEffect
	}
	writes := make([]write, len(done))
	for i, d := range done {
		cur, ok := s.recs[d.ID]
		if !ok {
			return fmt.Errorf("memory: complete broker record %s: %w", d.ID, broker.ErrUnknownRequest)
		}
		writes[i].rec = cur.Record
		if d.Fn == nil {
			continue
		}
		next, effects, err := d.Fn(cur.Record)
		if err != nil {
			return fmt.Errorf("memory: complete broker record %s: %w", cur.Label(), err)
		}
		next.ID = d.ID
		writes[i] = write{rec: next, effects: effects}
	}
	for i, d := range done {
		w := writes[i]
		s.write(w.rec)
		s.effects = append(s.effects, w.effects...)
		s.keepTrail(nil, w.effects)
		ls.due[d.ID] = d.Next
		delete(ls.leases, d.ID)
	}
	return nil
}

// Extend moves the end of owner's leases on ids to now+d. It fails with an
// error wrapping broker.ErrLeaseLost, and extends nothing, when owner no
// longer holds one of them.
func (s *BrokerStore) Extend(ctx context.Context, owner string, d time.Duration, ids ...uuid.UUID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if owner == "" {
		return fmt.Errorf("extend %d broker leases: %w", len(ids), ErrBlankOwner)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.leaseState()
	now := ls.now()
	if err := s.holds(ls, owner, now, ids); err != nil {
		return err
	}
	for _, id := range ids {
		ls.leases[id] = brokerLease{owner: owner, until: now.Add(d)}
	}
	return nil
}

// Release gives owner's leases on ids back without changing the records
// or their due times, so other workers can take them at once. Records
// owner does not hold are skipped.
func (s *BrokerStore) Release(ctx context.Context, owner string, ids ...uuid.UUID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if owner == "" {
		return fmt.Errorf("release %d broker leases: %w", len(ids), ErrBlankOwner)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.leaseState()
	for _, id := range ids {
		if ls.leases[id].owner == owner {
			delete(ls.leases, id)
		}
	}
	return nil
}
