package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// keepTrail keeps the trail effects (broker.InTrail) of a write, by
// record; cur, when not nil, is the record written. The caller holds s.mu.
func (s *BrokerStore) keepTrail(cur *stored, effects []broker.SideEffect) {
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
		p := cur
		if p == nil || p.ID != id {
			p = s.recs[id]
		}
		var trail []broker.SideEffect
		if p != nil {
			trail = p.trail
		} else {
			trail = s.trails[id] // not stored: kept for when it is
		}
		trail = slices.Grow(trail, n)
		for _, e := range effects[i:j] {
			if inTrail(e) {
				trail = append(trail, e)
			}
		}
		if p != nil {
			p.trail = trail
		} else {
			s.trails[id] = trail
		}
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
		recs = append(recs, r.Record)
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
	r, ok := s.recs[id]
	if !ok {
		return nil, fmt.Errorf("memory: trail of broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	return slices.Clone(r.trail), nil
}
