package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
)

// CustomerStore keeps sold-tos, bill-tos, permanent ship-tos and prospects in
// memory. Every lookup the customer rules make is answered from an index
// (number, Alt cust #, cross-reference, evening and day phone, the F70 match
// key, ORCE id), kept up to date on every write. It is safe for concurrent
// use; each write method is one transaction.
type CustomerStore struct {
	mu    sync.RWMutex
	rules customer.MatchRules

	// soldTos holds each record once; a write changes it in place, so the
	// match-key index can point at it (a selection reads the record it
	// finds without a second look-up). Reads copy it out under the lock.
	soldTos    map[customer.Number]*customer.SoldTo
	nextNumber customer.Number
	byAlt      map[string]postings[customer.Number]
	byXref     map[string]postings[customer.Number]
	byEvening  map[string]postings[customer.Number]
	byDay      map[string]postings[customer.Number]
	byKey      map[customer.MatchKey]postings[*customer.SoldTo]
	byORCE     map[string]customer.Number
	// created remembers, per match key, the customer CreateSoldTo made for
	// it (the create-once guarantee of customer.Writer).
	created map[customer.MatchKey]customer.Number

	billTos    map[customer.BillToNumber]customer.BillTo
	nextBillTo customer.BillToNumber
	billByKey  map[customer.MatchKey]postings[customer.BillToNumber]

	permanent map[customer.Number][]customer.PermanentShipTo
	prospects map[string]customer.Prospect
}

// NewCustomerStore returns an empty store indexing name and address under
// rules (use the same rules as customer.Settings.MatchRules()). Zero rules
// mean customer.DefaultMatchRules.
func NewCustomerStore(rules customer.MatchRules) *CustomerStore {
	if len(rules.Fields) == 0 {
		rules = customer.DefaultMatchRules
	}
	return &CustomerStore{
		rules:     rules,
		soldTos:   map[customer.Number]*customer.SoldTo{},
		byAlt:     map[string]postings[customer.Number]{},
		byXref:    map[string]postings[customer.Number]{},
		byEvening: map[string]postings[customer.Number]{},
		byDay:     map[string]postings[customer.Number]{},
		byKey:     map[customer.MatchKey]postings[*customer.SoldTo]{},
		byORCE:    map[string]customer.Number{},
		created:   map[customer.MatchKey]customer.Number{},
		billTos:   map[customer.BillToNumber]customer.BillTo{},
		billByKey: map[customer.MatchKey]postings[customer.BillToNumber]{},
		permanent: map[customer.Number][]customer.PermanentShipTo{},
		prospects: map[string]customer.Prospect{},
	}
}

func altKey(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// postings are the records under one index key, in the order they were
// added. Most keys name one record: it is held in place, so adding it
// allocates nothing and reading it follows no pointer; several are in a
// slice. Record numbers are positive, so a zero one is none.
type postings[V comparable] struct {
	one  V   // the only record, when more is nil
	more []V // all of them, when there are several
}

// list returns the records, in buf when there is one. The slice is the
// index's own: read it under the lock, copy it out.
func (p *postings[V]) list(buf *[1]V) []V {
	var zero V
	switch {
	case p.more != nil:
		return p.more
	case p.one != zero:
		buf[0] = p.one
		return buf[:]
	}
	return nil
}

// clone returns the records in a new slice; nil when there are none.
func (p postings[V]) clone() []V {
	var buf [1]V
	return slices.Clone(p.list(&buf))
}

func addIdx[K comparable, V comparable](m map[K]postings[V], k K, v V) {
	p := m[k]
	var zero V
	switch {
	case p.more != nil:
		p.more = append(p.more, v)
	case p.one == zero:
		p.one = v
	default:
		p = postings[V]{more: []V{p.one, v}}
	}
	m[k] = p
}

func delIdx[K comparable, V comparable](m map[K]postings[V], k K, v V) {
	p, ok := m[k]
	if !ok {
		return
	}
	if p.more == nil {
		if p.one == v {
			delete(m, k)
		}
		return
	}
	if i := slices.Index(p.more, v); i >= 0 {
		p.more = slices.Delete(p.more, i, i+1)
	}
	switch len(p.more) {
	case 0:
		delete(m, k)
	case 1:
		m[k] = postings[V]{one: p.more[0]}
	default:
		m[k] = p
	}
}

// index adds (add = true) or removes the index entries of c, whose match
// key is key; rec is where c is stored (c itself, or its record before an
// update).
func (s *CustomerStore) index(c, rec *customer.SoldTo, key customer.MatchKey, add bool) {
	op := delIdx[string, customer.Number]
	opKey := delIdx[customer.MatchKey, *customer.SoldTo]
	if add {
		op, opKey = addIdx[string, customer.Number], addIdx[customer.MatchKey, *customer.SoldTo]
	}
	if k := altKey(c.AltCustNo); k != "" {
		op(s.byAlt, k, c.Number)
	}
	if len(c.CrossRefs) > 0 {
		for _, x := range slices.Compact(slices.Sorted(slices.Values(mapStrings(c.CrossRefs, altKey)))) {
			if x != "" {
				op(s.byXref, x, c.Number)
			}
		}
	}
	if p := customer.NormalizePhone(c.Phones.Evening); p != "" {
		op(s.byEvening, p, c.Number)
	}
	if p := customer.NormalizePhone(c.Phones.Day); p != "" {
		op(s.byDay, p, c.Number)
	}
	if key != "" {
		opKey(s.byKey, key, rec)
	}
	if id := strings.TrimSpace(c.ORCEID); id != "" {
		if add {
			s.byORCE[id] = c.Number
		} else if s.byORCE[id] == c.Number {
			delete(s.byORCE, id)
		}
	}
}

// sameIndexed reports whether a and b have the same index entries: the
// fields every index reads are equal (the match key reads only the name and
// address), so an update that changes none of them leaves the indexes as
// they are.
func sameIndexed(a, b *customer.SoldTo) bool {
	return a.AltCustNo == b.AltCustNo && slices.Equal(a.CrossRefs, b.CrossRefs) &&
		a.Phones.Evening == b.Phones.Evening && a.Phones.Day == b.Phones.Day &&
		a.Name == b.Name && a.Address == b.Address && a.ORCEID == b.ORCEID
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// PutSoldTo stores c under its own number, replacing any record with that
// number. It is for loading existing data and tests; orders create customers
// through CreateSoldTo. A number of zero is an error.
func (s *CustomerStore) PutSoldTo(c customer.SoldTo) error {
	if c.Number <= 0 {
		return fmt.Errorf("put sold-to: customer number %d: must be positive", c.Number)
	}
	c = c.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.soldTos[c.Number]
	if ok {
		s.index(rec, rec, s.rules.KeyOf(*rec), false)
		*rec = c
	} else {
		rec = &c
		s.soldTos[c.Number] = rec
	}
	s.index(rec, rec, s.rules.KeyOf(*rec), true)
	s.nextNumber = max(s.nextNumber, c.Number)
	return nil
}

// PutBillTo stores b under its own number, replacing any record with it.
func (s *CustomerStore) PutBillTo(b customer.BillTo) error {
	if b.Number <= 0 {
		return fmt.Errorf("put bill-to: bill-to number %d: must be positive", b.Number)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.billTos[b.Number]; ok {
		if k := s.rules.Key(old.Name, old.Address); k != "" {
			delIdx(s.billByKey, k, old.Number)
		}
	}
	s.putBillTo(b)
	return nil
}

func (s *CustomerStore) putBillTo(b customer.BillTo) {
	s.billTos[b.Number] = b
	if k := s.rules.Key(b.Name, b.Address); k != "" {
		addIdx(s.billByKey, k, b.Number)
	}
	s.nextBillTo = max(s.nextBillTo, b.Number)
}

// PutPermanentShipTo stores p under its customer and sequence number,
// replacing any record with them.
func (s *CustomerStore) PutPermanentShipTo(p customer.PermanentShipTo) error {
	if p.Customer <= 0 || p.Seq <= 0 {
		return fmt.Errorf("put permanent ship-to %s: customer and sequence must be positive", p.ID())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.permanent[p.Customer]
	if i := slices.IndexFunc(l, func(x customer.PermanentShipTo) bool { return x.Seq == p.Seq }); i >= 0 {
		l[i] = p
	} else {
		s.permanent[p.Customer] = append(l, p)
	}
	return nil
}

// PutProspect stores a Prospect Finder record.
func (s *CustomerStore) PutProspect(p customer.Prospect) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prospects[strings.TrimSpace(p.ID)] = p
}

func notFound(what string, v any) error {
	return fmt.Errorf("%s %v: %w", what, v, customer.ErrNotFound)
}

// SoldTo returns customer n.
func (s *CustomerStore) SoldTo(ctx context.Context, n customer.Number) (customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.SoldTo{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.soldTos[n]
	if !ok {
		return customer.SoldTo{}, notFound("customer", n)
	}
	return c.Clone(), nil
}

func (s *CustomerStore) numbers(ctx context.Context, idx map[string]postings[customer.Number], k string) ([]customer.Number, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return idx[k].clone(), nil
}

// SoldTosByAltCustNo returns the customers whose Alt cust # is alt.
func (s *CustomerStore) SoldTosByAltCustNo(ctx context.Context, alt string) ([]customer.Number, error) {
	return s.numbers(ctx, s.byAlt, altKey(alt))
}

// SoldTosByCrossRef returns the customers with an alternate customer #
// cross-reference alt.
func (s *CustomerStore) SoldTosByCrossRef(ctx context.Context, alt string) ([]customer.Number, error) {
	return s.numbers(ctx, s.byXref, altKey(alt))
}

func (s *CustomerStore) records(p postings[customer.Number]) []customer.SoldTo {
	var buf [1]customer.Number
	ns := p.list(&buf)
	out := make([]customer.SoldTo, 0, len(ns))
	for _, n := range ns {
		out = append(out, s.soldTos[n].Clone())
	}
	return out
}

// SoldTosByPhone returns the customers whose phone of that kind is phone.
func (s *CustomerStore) SoldTosByPhone(ctx context.Context, kind customer.PhoneKind, phone string) ([]customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var idx map[string]postings[customer.Number]
	switch kind {
	case customer.PhoneEvening:
		idx = s.byEvening
	case customer.PhoneDay:
		idx = s.byDay
	default:
		return nil, fmt.Errorf("phone search: %v: not indexed", kind)
	}
	p := customer.NormalizePhone(phone)
	if p == "" {
		return nil, nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.records(idx[p]), nil
}

func (s *CustomerStore) checkKey(key customer.MatchKey) error {
	if key.Rules() != s.rules.ID {
		return fmt.Errorf("match key under rules %q, store indexes %q: %w", key.Rules(), s.rules.ID, customer.ErrMatchRulesMismatch)
	}
	return nil
}

// SoldTosByMatchKey returns the customers whose F70 match key is key.
func (s *CustomerStore) SoldTosByMatchKey(ctx context.Context, key customer.MatchKey) ([]customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, nil
	}
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.byKey[key]
	var buf [1]*customer.SoldTo
	recs := p.list(&buf)
	out := make([]customer.SoldTo, 0, len(recs))
	for _, c := range recs {
		out = append(out, c.Clone())
	}
	return out, nil
}

// SoldToNumbersByMatchKey returns the numbers of the customers whose F70
// match key is key (customer.NumberFinder), without allocating.
func (s *CustomerStore) SoldToNumbersByMatchKey(ctx context.Context, key customer.KeyBuf) (customer.Numbers, customer.SoldTo, error) {
	var ns customer.Numbers
	if err := ctx.Err(); err != nil {
		return ns, customer.SoldTo{}, err
	}
	k := key.Bytes()
	if len(k) == 0 {
		return ns, customer.SoldTo{}, nil
	}
	if string(key.Rules()) != s.rules.ID {
		return ns, customer.SoldTo{}, s.checkKey(key.Key())
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.byKey[customer.MatchKey(k)]
	if p.more == nil {
		if p.one == nil {
			return ns, customer.SoldTo{}, nil
		}
		ns.Add(p.one.Number)
		return ns, p.one.Clone(), nil
	}
	for _, c := range p.more {
		ns.Add(c.Number)
	}
	return ns, customer.SoldTo{}, nil
}

// SoldToByORCEID returns the customer holding ORCE customer id id.
func (s *CustomerStore) SoldToByORCEID(ctx context.Context, id string) (customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.SoldTo{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.byORCE[strings.TrimSpace(id)]
	if !ok {
		return customer.SoldTo{}, notFound("ORCE customer id", id)
	}
	return s.soldTos[n].Clone(), nil
}

// Prospect returns the Prospect Finder record id.
func (s *CustomerStore) Prospect(ctx context.Context, id string) (customer.Prospect, error) {
	if err := ctx.Err(); err != nil {
		return customer.Prospect{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.prospects[strings.TrimSpace(id)]
	if !ok {
		return customer.Prospect{}, notFound("prospect", id)
	}
	return p, nil
}

// CreateSoldTo stores c under the next customer number and returns it.
func (s *CustomerStore) CreateSoldTo(ctx context.Context, c customer.SoldTo) (customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.SoldTo{}, err
	}
	c = c.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	key := s.rules.KeyOf(c)
	if n, ok := s.created[key]; ok && key != "" {
		if cur, ok := s.soldTos[n]; ok && s.rules.KeyOf(*cur) == key {
			return cur.Clone(), fmt.Errorf("create customer %s %s: customer %s: %w", c.Name.Last, c.Address.Line1, n, customer.ErrSoldToExists)
		}
	}
	s.nextNumber++
	c.Number = s.nextNumber
	rec := &c
	s.soldTos[c.Number] = rec
	s.index(rec, rec, key, true)
	if key != "" {
		s.created[key] = c.Number
	}
	return c.Clone(), nil
}

// UpdateSoldTo runs fn on a copy of customer n and stores the result, all
// under the store's write lock. If fn fails, nothing is written. fn may not
// change the customer number.
func (s *CustomerStore) UpdateSoldTo(ctx context.Context, n customer.Number, fn func(*customer.SoldTo) (*customer.SoldTo, error)) (customer.SoldTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.SoldTo{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.soldTos[n]
	if !ok {
		return customer.SoldTo{}, notFound("customer", n)
	}
	old := *rec
	cp := old.Clone()
	upd, err := fn(&cp)
	if err != nil {
		return customer.SoldTo{}, err
	}
	if upd == nil {
		return old.Clone(), nil
	}
	if upd.Number != n {
		return customer.SoldTo{}, fmt.Errorf("update customer %s: number changed to %s", n, upd.Number)
	}
	// The store keeps a copy of its own; fn's record, made from the copy
	// the store gave it, goes back to the caller.
	nw := upd.Clone()
	if !sameIndexed(&old, &nw) {
		s.index(&old, rec, s.rules.KeyOf(old), false)
		*rec = nw
		s.index(rec, rec, s.rules.KeyOf(nw), true)
	} else {
		*rec = nw
	}
	return *upd, nil
}

// PermanentShipTos returns the permanent ship-tos of customer n.
func (s *CustomerStore) PermanentShipTos(ctx context.Context, n customer.Number) ([]customer.PermanentShipTo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.permanent[n]), nil
}

// CreatePermanentShipTo stores p under the next sequence number of its
// customer, which must exist.
func (s *CustomerStore) CreatePermanentShipTo(ctx context.Context, p customer.PermanentShipTo) (customer.PermanentShipTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.PermanentShipTo{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.soldTos[p.Customer]; !ok {
		return customer.PermanentShipTo{}, notFound("customer", p.Customer)
	}
	seq := 0
	for _, x := range s.permanent[p.Customer] {
		seq = max(seq, x.Seq)
	}
	p.Seq = seq + 1
	s.permanent[p.Customer] = append(s.permanent[p.Customer], p)
	return p, nil
}

// BillTo returns bill-to n.
func (s *CustomerStore) BillTo(ctx context.Context, n customer.BillToNumber) (customer.BillTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.BillTo{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.billTos[n]
	if !ok {
		return customer.BillTo{}, notFound("bill-to", n)
	}
	return b, nil
}

// BillTosByMatchKey returns the bill-tos whose F70 match key is key.
func (s *CustomerStore) BillTosByMatchKey(ctx context.Context, key customer.MatchKey) ([]customer.BillTo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, nil
	}
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.billByKey[key]
	var buf [1]customer.BillToNumber
	ns := p.list(&buf)
	out := make([]customer.BillTo, 0, len(ns))
	for _, n := range ns {
		out = append(out, s.billTos[n])
	}
	return out, nil
}

// CreateBillTo stores b under the next bill-to number and, when assignTo is
// not zero, sets that customer's Bill to number, in one transaction: if the
// customer does not exist nothing is written.
func (s *CustomerStore) CreateBillTo(ctx context.Context, b customer.BillTo, assignTo customer.Number) (customer.BillTo, error) {
	if err := ctx.Err(); err != nil {
		return customer.BillTo{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var c *customer.SoldTo
	if assignTo != 0 {
		var ok bool
		if c, ok = s.soldTos[assignTo]; !ok {
			return customer.BillTo{}, notFound("customer", assignTo)
		}
	}
	b.Number = s.nextBillTo + 1
	s.putBillTo(b)
	if assignTo != 0 {
		c.BillTo = b.Number // BillTo is not indexed
	}
	return b, nil
}

// Compile-time checks that the store satisfies the customer interfaces.
var (
	_ customer.NumberFinder  = (*CustomerStore)(nil)
	_ customer.Store         = (*CustomerStore)(nil)
	_ customer.ShipToFinder  = (*CustomerStore)(nil)
	_ customer.ShipToWriter  = (*CustomerStore)(nil)
	_ customer.BillToFinder  = (*CustomerStore)(nil)
	_ customer.BillToWriter  = (*CustomerStore)(nil)
	_ orce.FulfillmentFinder = (*CustomerStore)(nil)
	_ orce.FulfillmentStore  = (*CustomerStore)(nil)
)
