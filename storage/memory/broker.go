package memory

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// BrokerStore keeps Order Broker records, the side effects their changes
// produced, and the orders the BROKER run builds SubmitOrders from. It
// implements broker.RecordStore and broker.OrderSource and is safe for
// concurrent use.
//
// Update is atomic: the record is read, handed to the caller's function and
// written back with its side effects under one lock, so two runs never both
// claim a record (the Runner relies on this to never send a record twice).
// The function must not call the store again (it would deadlock); the
// broker engine never does. Records are indexed by status, so
// ListByStatus costs the size of the answer, not of the store.
//
// Side effects are kept in the order they were written. A host reads them
// with Effects (all, or one record's) and takes them out with TakeEffects
// once it has acted on them (billed, sent the e-mail, wrote the history).
type BrokerStore struct {
	mu sync.Mutex
	// recs holds each record once, with its trail (broker.InTrail) for
	// the screens, which TakeEffects does not take; byStatus indexes the
	// same pointers. A pointer never leaves the store: callers get copies.
	recs     map[uuid.UUID]*stored
	byStatus map[broker.Status]map[*stored]struct{}
	effects  []broker.SideEffect
	// trails keeps the trail effects written for ids not stored (yet).
	trails map[uuid.UUID][]broker.SideEffect
	orders map[broker.OrderKey]broker.Order
	// failUpdate, when set, makes Update of an id fail (tests of hosts).
	failUpdate map[uuid.UUID]error
}

var (
	_ broker.RecordStore = (*BrokerStore)(nil)
	_ broker.OrderSource = (*BrokerStore)(nil)
)

// NewBrokerStore returns an empty store.
func NewBrokerStore() *BrokerStore {
	return &BrokerStore{
		recs:       map[uuid.UUID]*stored{},
		byStatus:   map[broker.Status]map[*stored]struct{}{},
		trails:     map[uuid.UUID][]broker.SideEffect{},
		orders:     map[broker.OrderKey]broker.Order{},
		failUpdate: map[uuid.UUID]error{},
	}
}

// stored is a record as the store keeps it, with its trail.
type stored struct {
	broker.Record
	trail []broker.SideEffect
}

func (s *BrokerStore) index(r *stored) {
	m, ok := s.byStatus[r.Status]
	if !ok {
		m = map[*stored]struct{}{}
		s.byStatus[r.Status] = m
	}
	m[r] = struct{}{}
}

func (s *BrokerStore) unindex(r *stored) {
	delete(s.byStatus[r.Status], r)
}

// set replaces the record p holds with r, moving it between the status
// indexes when its status changes. The caller holds s.mu.
func (s *BrokerStore) set(p *stored, r broker.Record) {
	if p.Status != r.Status {
		s.unindex(p)
		p.Record = r
		s.index(p)
		return
	}
	p.Record = r
}

// write stores r as the record of its id, in place when the id is known.
// The caller holds s.mu.
func (s *BrokerStore) write(r broker.Record) {
	if p, ok := s.recs[r.ID]; ok {
		s.set(p, r)
		return
	}
	p := &stored{Record: r, trail: s.trails[r.ID]}
	delete(s.trails, r.ID)
	s.recs[r.ID] = p
	s.index(p)
}

// Put stores records, new or replacing those with the same id. A record
// without an id is refused with an error naming it.
func (s *BrokerStore) Put(ctx context.Context, recs ...broker.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, r := range recs {
		if r.ID == uuid.Nil {
			return fmt.Errorf("memory: put broker record %s: id is zero", r.Label())
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range recs {
		s.write(r)
	}
	return nil
}

// Record returns record id, or an error wrapping broker.ErrUnknownRequest.
func (s *BrokerStore) Record(ctx context.Context, id uuid.UUID) (broker.Record, error) {
	if err := ctx.Err(); err != nil {
		return broker.Record{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return broker.Record{}, fmt.Errorf("memory: broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	return r.Record, nil
}

// Records returns every record, by order key and line sequence.
func (s *BrokerStore) Records() []broker.Record {
	s.mu.Lock()
	out := make([]broker.Record, 0, len(s.recs))
	for _, r := range s.recs {
		out = append(out, r.Record)
	}
	s.mu.Unlock()
	broker.SortRecords(out)
	return out
}

// ListByStatus returns the records in any of the statuses, by order key
// and line sequence.
func (s *BrokerStore) ListByStatus(ctx context.Context, statuses ...broker.Status) ([]broker.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	statuses = slices.Compact(slices.Sorted(slices.Values(statuses)))
	n := 0
	for _, st := range statuses {
		n += len(s.byStatus[st])
	}
	out := make([]broker.Record, 0, n)
	for _, st := range statuses {
		for r := range s.byStatus[st] {
			out = append(out, r.Record)
		}
	}
	s.mu.Unlock()
	broker.SortRecords(out)
	return out, nil
}

// ListOutbox returns the records whose Outbox is not empty (what a run
// still has to send to Order Broker), by order key and line sequence. It
// makes the store a broker.OutboxLister.
func (s *BrokerStore) ListOutbox(ctx context.Context) ([]broker.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	var out []broker.Record
	for _, r := range s.recs {
		if !r.Outbox.Empty() {
			out = append(out, r.Record)
		}
	}
	s.mu.Unlock()
	broker.SortRecords(out)
	return out, nil
}

var _ broker.OutboxLister = (*BrokerStore)(nil)

// Update loads record id, calls fn with it and, when fn returns no error,
// stores the returned record and appends its side effects, all under one
// lock. When fn fails nothing is written and its error is returned as is. A
// missing id returns an error wrapping broker.ErrUnknownRequest. The
// returned record keeps the id it was loaded with.
func (s *BrokerStore) Update(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.failUpdate[id]; err != nil {
		return err
	}
	p, ok := s.recs[id]
	if !ok {
		return fmt.Errorf("memory: update broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	next, effects, err := fn(p.Record)
	if err != nil {
		return err
	}
	next.ID = id
	s.set(p, next)
	s.effects = append(s.effects, effects...)
	s.keepTrail(p, effects)
	return nil
}

// FailUpdates makes every later Update of id return err (nil clears it), so
// that a host can test how its run isolates one failing record.
func (s *BrokerStore) FailUpdates(id uuid.UUID, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.failUpdate, id)
		return
	}
	s.failUpdate[id] = err
}

// Effects returns the side effects written so far, oldest first; with ids,
// only those of these records.
func (s *BrokerStore) Effects(ids ...uuid.UUID) []broker.SideEffect {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(ids) == 0 {
		return slices.Clone(s.effects)
	}
	var out []broker.SideEffect
	for _, e := range s.effects {
		if slices.Contains(ids, e.RecordID()) {
			out = append(out, e)
		}
	}
	return out
}

// TakeEffects returns the side effects written so far and forgets them: the
// host's outbox, read once it has acted on them.
func (s *BrokerStore) TakeEffects() []broker.SideEffect {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.effects
	s.effects = nil
	return out
}

// PutOrder stores (or replaces) the order a SubmitOrder is built from. The
// order's line and message slices are copied; the slices inside a line are
// shared, so the caller must not change them afterwards.
func (s *BrokerStore) PutOrder(o broker.Order) {
	o.Lines = slices.Clone(o.Lines)
	o.Messages = slices.Clone(o.Messages)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.Key] = o
}

// Order returns the order of key (broker.OrderSource), or an error wrapping
// broker.ErrUnknownRequest that names the key.
func (s *BrokerStore) Order(ctx context.Context, key broker.OrderKey) (broker.Order, error) {
	if err := ctx.Err(); err != nil {
		return broker.Order{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[key]
	if !ok {
		return broker.Order{}, fmt.Errorf("memory: %s: no such order: %w", key, broker.ErrUnknownRequest)
	}
	return o, nil
}
