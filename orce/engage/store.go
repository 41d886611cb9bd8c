package engage

//go:generate go tool mockgen -source=store.go -destination=mock_store_test.go -package=engage

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// EntryKind says what an outbox entry sends.
type EntryKind string

// Entry kinds.
const (
	EntryOrder    EntryKind = "order"    // full create or update (ENG-002)
	EntryStatus   EntryKind = "status"   // status change (ENG-010, ENG-015)
	EntryDelivery EntryKind = "delivery" // delivery change (ENG-010, ENG-015)
	EntryDelete   EntryKind = "delete"   // order deletion (ENG-021)
	EntryReceipt  EntryKind = "receipt"  // receipt registration (ENG-003)
)

// EntryState is where an outbox entry stands.
type EntryState string

// Entry states.
const (
	StatePending EntryState = "pending" // recorded, not yet accepted by the platform
	StateSent    EntryState = "sent"    // accepted; its job is not confirmed yet
	StateDone    EntryState = "done"    // processed (orders) or registered (receipts)
	StateFailed  EntryState = "failed"  // refused for good; see LastError
	StateErased  EntryState = "erased"  // payload erased for GDPR; key kept (ENG-026)
)

// Entry is one change in the outbox, stored under its idempotency key.
type Entry struct {
	Key       string          `json:"key"`
	Seq       int64           `json:"seq"`
	Kind      EntryKind       `json:"kind"`
	Order     OrderID         `json:"order,omitempty"`
	Contact   ContactID       `json:"contact,omitempty"`
	Body      *Order          `json:"body,omitempty"`
	Status    *StatusChange   `json:"status,omitempty"`
	Delivery  *DeliveryChange `json:"delivery,omitempty"`
	Receipt   *Receipt        `json:"receipt,omitempty"`
	State     EntryState      `json:"state"`
	Attempts  int             `json:"attempts"`
	Job       JobID           `json:"job,omitempty"`
	Tag       VersionTag      `json:"tag,omitempty"`
	LastError string          `json:"lastError,omitempty"`
	Created   time.Time       `json:"created"`
	Updated   time.Time       `json:"updated"`
}

// Filter selects entries in List. Zero fields match everything.
type Filter struct {
	States  []EntryState
	Kinds   []EntryKind
	Order   OrderID
	Contact ContactID
}

func (f Filter) match(e Entry) bool {
	return (len(f.States) == 0 || slices.Contains(f.States, e.State)) &&
		(len(f.Kinds) == 0 || slices.Contains(f.Kinds, e.Kind)) &&
		(f.Order == "" || f.Order == e.Order) &&
		(f.Contact == "" || f.Contact == e.Contact)
}

// Store keeps the feed's outbox and the latest version tag per order. Add
// must be atomic per key: it is what makes each change exactly-once.
type Store interface {
	// Add stores e under e.Key unless the key exists; it returns the stored
	// entry and whether it was added. The store assigns Seq.
	Add(ctx context.Context, e Entry) (Entry, bool, error)
	// Get returns the entry under key, or an error matching ErrNotFound.
	Get(ctx context.Context, key string) (Entry, error)
	// List returns the matching entries in Seq order.
	List(ctx context.Context, f Filter) ([]Entry, error)
	// Update applies fn to the entry under key and stores the result
	// atomically; an error from fn leaves the entry unchanged.
	Update(ctx context.Context, key string, fn func(*Entry) error) error
	// SetTag records the latest version tag seen for an order (ENG-011);
	// an empty tag forgets it.
	SetTag(ctx context.Context, id OrderID, tag VersionTag) error
	// Tag returns the latest version tag recorded for an order.
	Tag(ctx context.Context, id OrderID) (VersionTag, bool, error)
}

// MemoryStore is an in-memory Store, safe for concurrent use.
type MemoryStore struct {
	mu      sync.Mutex
	seq     int64
	entries map[string]*Entry
	tags    map[OrderID]VersionTag
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{entries: map[string]*Entry{}, tags: map[OrderID]VersionTag{}}
}

// Add implements Store.
func (m *MemoryStore) Add(ctx context.Context, e Entry) (Entry, bool, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.entries[e.Key]; ok {
		return *old, false, nil
	}
	m.seq++
	e.Seq = m.seq
	m.entries[e.Key] = &e
	return e, true, nil
}

// Get implements Store.
func (m *MemoryStore) Get(ctx context.Context, key string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return Entry{}, fmt.Errorf("entry %s: %w", key, ErrNotFound)
	}
	return *e, nil
}

// List implements Store.
func (m *MemoryStore) List(ctx context.Context, f Filter) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Entry
	for _, e := range m.entries {
		if f.match(*e) {
			out = append(out, *e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int { return int(a.Seq - b.Seq) })
	return out, nil
}

// Update implements Store.
func (m *MemoryStore) Update(ctx context.Context, key string, fn func(*Entry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return fmt.Errorf("entry %s: %w", key, ErrNotFound)
	}
	c := *e
	if err := fn(&c); err != nil {
		return err
	}
	c.Key, c.Seq = e.Key, e.Seq
	m.entries[key] = &c
	return nil
}

// SetTag implements Store.
func (m *MemoryStore) SetTag(ctx context.Context, id OrderID, tag VersionTag) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if tag == "" {
		delete(m.tags, id)
	} else {
		m.tags[id] = tag
	}
	return nil
}

// Tag implements Store.
func (m *MemoryStore) Tag(ctx context.Context, id OrderID) (VersionTag, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tags[id]
	return t, ok, nil
}
