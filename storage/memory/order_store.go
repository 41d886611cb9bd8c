package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/omskit/omskit/order"
)

// OrderStore keeps orders, batches, sales reps and intake records in memory.
// It implements order.Store and order.RepDirectory and is safe for
// concurrent use: Commit runs under one lock, so the idempotency check and
// the writes of a message are one transaction.
type OrderStore struct {
	mu sync.RWMutex
	// orders and intakes point into the commitRecords of the commits.
	orders  map[uuid.UUID]*order.Order
	intakes map[string]*order.Committed
	batches map[string]order.Batch
	reps    map[int]order.Rep
	commits int
	lastRep int
	// byNumber indexes committed orders by their numeric order number;
	// lastNumber is the last number NextOrderNumber handed out.
	byNumber   map[int]uuid.UUID
	lastNumber int
}

// NewOrderStore returns an empty store.
func NewOrderStore() *OrderStore {
	return &OrderStore{
		orders:  map[uuid.UUID]*order.Order{},
		intakes: map[string]*order.Committed{},
		batches: map[string]order.Batch{},
		reps:    map[int]order.Rep{},

		byNumber: map[int]uuid.UUID{},
	}
}

var _ order.Store = (*OrderStore)(nil)
var _ order.RepDirectory = (*OrderStore)(nil)
var _ order.BatchOrders = (*OrderStore)(nil)
var _ order.OrderNumbers = (*OrderStore)(nil)

// NextOrderNumber hands out 1, 2, 3, … under the store's lock, so concurrent
// intakes never share a number; a number whose commit fails is not reused.
// Past order.MaxOrderNumber it fails.
func (s *OrderStore) NextOrderNumber(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastNumber >= order.MaxOrderNumber {
		return 0, fmt.Errorf("order number %d: the 8-digit order numbers are used up: %w", s.lastNumber+1, order.ErrInvalidValue)
	}
	s.lastNumber++
	return s.lastNumber, nil
}

// SetLastOrderNumber makes the next order number n+1 (set-up, e.g. to
// continue a host's numbering).
func (s *OrderStore) SetLastOrderNumber(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastNumber = n
}

// OrderIDByNumber returns the id of the committed order with number.
func (s *OrderStore) OrderIDByNumber(ctx context.Context, number int) (uuid.UUID, error) {
	if err := ctx.Err(); err != nil {
		return uuid.Nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byNumber[number]
	if !ok {
		return uuid.Nil, fmt.Errorf("order number %d: %w", number, order.ErrNotFound)
	}
	return id, nil
}

// LookupIntake returns the committed intake for key.
func (s *OrderStore) LookupIntake(ctx context.Context, key string) (order.Committed, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.Committed{}, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.intakes[key]
	if !ok {
		return order.Committed{}, false, nil
	}
	return cloneCommitted(*c), true, nil
}

// cloneCommitted copies the orders and slices of c so that callers never
// share memory with the store.
func cloneCommitted(c order.Committed) order.Committed {
	c.Result.Order = c.Result.Order.Clone()
	c.Result.Input = c.Result.Input.Clone()
	c.Result.Steps = append([]order.Step(nil), c.Result.Steps...)
	c.Result.Errors = append([]*order.FieldError(nil), c.Result.Errors...)
	c.Result.Warnings = append([]string(nil), c.Result.Warnings...)
	if c.Batch != nil {
		b := *c.Batch
		c.Batch = &b
	}
	return c
}

// Order returns a copy of the order with id.
func (s *OrderStore) Order(ctx context.Context, id uuid.UUID) (order.Order, error) {
	if err := ctx.Err(); err != nil {
		return order.Order{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.orders[id]
	if !ok {
		return order.Order{}, fmt.Errorf("order %s: %w", id, order.ErrNotFound)
	}
	return o.Clone(), nil
}

// Orders returns copies of every stored order, in no particular order.
func (s *OrderStore) Orders() []order.Order {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]order.Order, 0, len(s.orders))
	for _, o := range s.orders {
		out = append(out, o.Clone())
	}
	return out
}

// Commits is the number of commits that wrote something.
func (s *OrderStore) Commits() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.commits
}

// Batch returns the batch with number.
func (s *OrderStore) Batch(ctx context.Context, number string) (order.Batch, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.Batch{}, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.batches[number]
	return b, ok, nil
}

// Commit writes w in one step; see order.Store for the contract.
func (s *OrderStore) Commit(ctx context.Context, w order.Write) (order.Committed, error) {
	if err := ctx.Err(); err != nil {
		return order.Committed{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.intakes[w.Key]; ok {
		if prev.PayloadHash != w.PayloadHash {
			return order.Committed{}, fmt.Errorf("%s: committed before with a different payload: %w", w.Key, order.ErrDuplicateOrder)
		}
		out := cloneCommitted(*prev)
		out.Replayed = true
		return out, nil
	}
	if id, used := s.byNumber[w.Order.Number]; w.Order.Number != 0 && used && id != w.Order.ID {
		return order.Committed{}, fmt.Errorf("order number %d already used by order %s: %w", w.Order.Number, id, order.ErrDuplicateOrder)
	}
	if _, exists := s.orders[w.Order.ID]; exists != w.Update {
		if w.Update {
			return order.Committed{}, fmt.Errorf("order %s: %w", w.Order.ID, order.ErrNotFound)
		}
		return order.Committed{}, fmt.Errorf("order id %s already stored: %w", w.Order.ID, order.ErrDuplicateOrder)
	}
	var batch *order.Batch
	if w.Batch != nil {
		b, ok := s.batches[w.Batch.Info.Number]
		if w.Batch.Info.Flag == order.BatchBegin && ok {
			return order.Committed{}, fmt.Errorf("batch %s: %w", w.Batch.Info.Number, order.ErrBatchNumberUsed)
		}
		b = b.Apply(*w.Batch)
		batch = &b
	}
	// Everything checked: write.
	if batch != nil {
		s.batches[batch.Number] = *batch
		bc := *batch
		batch = &bc
	}
	for _, r := range w.NewReps {
		if _, ok := s.reps[r.Number]; !ok {
			s.reps[r.Number] = r
		}
		if r.Number > s.lastRep {
			s.lastRep = r.Number
		}
	}
	// The order and the intake record in one allocation.
	rec := &commitRecord{order: w.Order.Clone()}
	s.orders[w.Order.ID] = &rec.order
	if w.Order.Number != 0 {
		s.byNumber[w.Order.Number] = w.Order.ID
	}
	res := w.Result
	res.Order = rec.order // shared inside the store only; every read clones
	res.Input = w.Result.Input.Clone()
	if n := len(w.Result.Steps); n <= len(rec.steps) {
		res.Steps = rec.steps[:n:n]
		copy(res.Steps, w.Result.Steps)
	} else {
		res.Steps = append([]order.Step(nil), w.Result.Steps...)
	}
	res.Errors = append([]*order.FieldError(nil), w.Result.Errors...)
	res.Warnings = append([]string(nil), w.Result.Warnings...)
	rec.intake = order.Committed{Result: res, PayloadHash: w.PayloadHash, Batch: batch}
	s.intakes[w.Key] = &rec.intake
	s.commits++
	// The caller keeps its own w.Result; only the batch is copied out.
	out := order.Committed{Result: w.Result, PayloadHash: w.PayloadHash}
	if batch != nil {
		b := *batch
		out.Batch = &b
	}
	return out, nil
}

// commitRecord is what one Commit stores: the order and the intake record.
type commitRecord struct {
	order  order.Order
	intake order.Committed
	steps  [16]order.Step // intake.Result.Steps, when they fit (an intake has 14 at most)
}

// AddRep stores a sales rep (set-up).
func (s *OrderStore) AddRep(r order.Rep) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reps[r.Number] = r
	if r.Number > s.lastRep {
		s.lastRep = r.Number
	}
}

// RepByNumber finds a rep by number.
func (s *OrderStore) RepByNumber(ctx context.Context, number int) (order.Rep, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.Rep{}, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.reps[number]
	return r, ok, nil
}

// RepByName finds a rep by exact name; with several, the lowest number.
func (s *OrderStore) RepByName(ctx context.Context, name string) (order.Rep, bool, error) {
	if err := ctx.Err(); err != nil {
		return order.Rep{}, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var best order.Rep
	found := false
	for _, r := range s.reps {
		if r.Name == name && (!found || r.Number < best.Number) {
			best, found = r, true
		}
	}
	return best, found, nil
}

// NextRepNumber reserves the next rep number, one more than the highest
// rep stored or number reserved, under the store's lock: concurrent intakes
// never get the same number (ORD-082 E3).
func (s *OrderStore) NextRepNumber(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastRep++
	return s.lastRep, nil
}

// BatchOrders returns copies of the orders of batch number.
func (s *OrderStore) BatchOrders(ctx context.Context, number string) ([]order.Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []order.Order
	for _, o := range s.orders {
		if o.Batch != nil && o.Batch.Number == number {
			out = append(out, o.Clone())
		}
	}
	return out, nil
}
