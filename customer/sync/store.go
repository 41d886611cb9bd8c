package sync

//go:generate go tool mockgen -source=store.go -destination=mock_store_test.go -package=sync

import (
	"context"
	"slices"
	"strings"
	gosync "sync"
	"time"
)

// Item is one entity inside a tracked import job.
type Item struct {
	// Idents are the identifiers the entity was sent with (code and
	// fallback); a job reports a failed item by one of them.
	Idents []string `json:"idents"`
	// Fingerprint is the content hash recorded for delta imports once the
	// item succeeded; empty for write-backs.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// State is one record of the sync's progress, under a key:
// "ensure/..." for order-time creations, "outbox/..." for recorded changes,
// "fp/..." for the last imported content of an entity, "job/..." for a
// tracked import job and "event/..." for a handled event.
type State struct {
	Key         string          `json:"key"`
	Status      string          `json:"status"`
	Code        string          `json:"code,omitempty"`
	Job         JobID           `json:"job,omitempty"`
	Fingerprint string          `json:"fingerprint,omitempty"`
	Items       map[string]Item `json:"items,omitempty"`
	// WritePerson and WriteCompany are the entity to import: for an
	// order-time creation the bare minimum plus the ERP code (NRC-016), for
	// an outbox change the changed entity; kept so a failure can be resent.
	WritePerson  *Person   `json:"writePerson,omitempty"`
	WriteCompany *Company  `json:"writeCompany,omitempty"`
	Err          string    `json:"err,omitempty"`
	Updated      time.Time `json:"updated"`
	// Recorded is when an outbox change was recorded; Flush sends, of
	// several pending changes to one customer, the one recorded last.
	Recorded time.Time `json:"recorded,omitempty"`
	// PlatformID is the platform's internal id of an order-time creation's
	// entity, when known: used only to look it up again (NRC-008).
	PlatformID string `json:"platformId,omitempty"`
	// Waiting marks an order-time creation whose entity may have changed in
	// the platform since the ERP created it: once its code is on the
	// platform, SendWaiting fetches it and sends what differs (NRC-021).
	Waiting bool `json:"waiting,omitempty"`
	// Sent is the fingerprint of the ERP records the ERP holds for an
	// order-time creation (as created, then as last sent), and Sends counts
	// the sends, so a resend after a lost answer carries the same key.
	Sent  string `json:"sent,omitempty"`
	Sends int    `json:"sends,omitempty"`
}

// Store keeps the sync's progress. Put replaces the record under s.Key.
type Store interface {
	Get(ctx context.Context, key string) (State, bool, error)
	Put(ctx context.Context, s State) error
	// List returns the records whose key starts with prefix, by key.
	List(ctx context.Context, prefix string) ([]State, error)
}

// MemoryStore is an in-memory Store, safe for concurrent use.
type MemoryStore struct {
	mu gosync.Mutex
	m  map[string]State
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]State{}} }

// Get implements Store.
func (s *MemoryStore) Get(ctx context.Context, key string) (State, bool, error) {
	if err := ctx.Err(); err != nil {
		return State{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.m[key]
	return st, ok, nil
}

// Put implements Store.
func (s *MemoryStore) Put(ctx context.Context, st State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[st.Key] = st
	return nil
}

// List implements Store.
func (s *MemoryStore) List(ctx context.Context, prefix string) ([]State, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []State
	for k, st := range s.m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b State) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}
