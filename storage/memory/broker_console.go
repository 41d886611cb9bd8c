package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// keepTrail keeps the trail effects (broker.InTrail) of a write, by
// record. The caller holds s.mu.
func (s *BrokerStore) keepTrail(effects []broker.SideEffect) {
	inTrail := func(e broker.SideEffect) bool { return e != nil && broker.InTrail(e) }
	for i := 0; i < len(effects); {
		if !inTrail(effects[i]) {
			i++
			continue
		}
		// The trail effects of one record that follow each other (a write's
		// usually are all of its record's) go to its trail in one append.
		id, n, j := effects[i].RecordID(), 1, i+1
		for ; j < len(effects); j++ {
			if !inTrail(effects[j]) {
				continue
			}
			if effects[j].RecordID() != id {
				break
			}
			n++
		}
		trail := slices.Grow(s.trails[id], n)
		for _, e := range effects[i:j] {
			if inTrail(e) {
				trail = append(trail, e)
			}
		}
		s.trails[id] = trail
		i = j
	}
}

// FindRecords answers q (see broker.RecordQuery) over every record.
func (s *BrokerStore) FindRecords(ctx context.Context, q broker.RecordQuery) (broker.RecordPage, error) {
	if err := ctx.Err(); err != nil {
		return broker.RecordPage{}, err
	}
	s.mu.Lock()
	recs := make([]broker.Record, 0, len(s.recs))
	for _, r := range s.recs {
		recs = append(recs, *r)
	}
	s.mu.Unlock()
	return broker.PageRecords(recs, q), nil
}

// RecordTrail returns the trail of record id (its history records, order
// messages and shipment details, broker.InTrail) in the order they were
// written. TakeEffects does not take them. A missing id returns an error
// wrapping broker.ErrUnknownRequest.
func (s *BrokerStore) RecordTrail(ctx context.Context, id uuid.UUID) ([]broker.SideEffect, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.recs[id]; !ok {
		return nil, fmt.Errorf("memory: trail of broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	return slices.Clone(s.trails[id]), nil
}
