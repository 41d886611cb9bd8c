package customer

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// fakeStore is a plain, scan-based store for the rule tests. It counts writes
// so tests can assert that nothing was written.
type fakeStore struct {
	rules      MatchRules
	soldTos    map[Number]SoldTo
	billTos    map[BillToNumber]BillTo
	permanent  map[Number][]PermanentShipTo
	prospects  map[string]Prospect
	nextNumber Number
	nextBillTo BillToNumber
	writes     int
}

func newFake(cs ...SoldTo) *fakeStore {
	f := &fakeStore{rules: DefaultMatchRules, soldTos: map[Number]SoldTo{}, billTos: map[BillToNumber]BillTo{},
		permanent: map[Number][]PermanentShipTo{}, prospects: map[string]Prospect{}, nextNumber: 1000, nextBillTo: 900}
	for _, c := range cs {
		f.soldTos[c.Number] = c
	}
	return f
}

func (f *fakeStore) SoldTo(_ context.Context, n Number) (SoldTo, error) {
	c, ok := f.soldTos[n]
	if !ok {
		return SoldTo{}, fmt.Errorf("customer %s: %w", n, ErrNotFound)
	}
	return c.Clone(), nil
}

func (f *fakeStore) filter(keep func(SoldTo) bool) []SoldTo {
	var out []SoldTo
	for _, c := range f.soldTos {
		if keep(c) {
			out = append(out, c.Clone())
		}
	}
	return out
}

func (f *fakeStore) SoldTosByAltCustNo(_ context.Context, alt string) ([]Number, error) {
	return numbers(f.filter(func(c SoldTo) bool { return strings.EqualFold(c.AltCustNo, alt) })), nil
}

func (f *fakeStore) SoldTosByCrossRef(_ context.Context, alt string) ([]Number, error) {
	return numbers(f.filter(func(c SoldTo) bool {
		return slices.ContainsFunc(c.CrossRefs, func(x string) bool { return strings.EqualFold(x, alt) })
	})), nil
}

func (f *fakeStore) SoldTosByPhone(_ context.Context, kind PhoneKind, phone string) ([]SoldTo, error) {
	return f.filter(func(c SoldTo) bool {
		p := c.Phones.Day
		if kind == PhoneEvening {
			p = c.Phones.Evening
		}
		return p != "" && NormalizePhone(p) == NormalizePhone(phone)
	}), nil
}

func (f *fakeStore) SoldTosByMatchKey(_ context.Context, key MatchKey) ([]SoldTo, error) {
	if key.Rules() != f.rules.ID {
		return nil, ErrMatchRulesMismatch
	}
	return f.filter(func(c SoldTo) bool { return f.rules.KeyOf(c) == key }), nil
}

func (f *fakeStore) Prospect(_ context.Context, id string) (Prospect, error) {
	p, ok := f.prospects[id]
	if !ok {
		return Prospect{}, fmt.Errorf("prospect %s: %w", id, ErrNotFound)
	}
	return p, nil
}

func (f *fakeStore) CreateSoldTo(_ context.Context, c SoldTo) (SoldTo, error) {
	f.writes++
	f.nextNumber++
	c.Number = f.nextNumber
	f.soldTos[c.Number] = c.Clone()
	return c, nil
}

func (f *fakeStore) UpdateSoldTo(_ context.Context, n Number, fn func(*SoldTo) (*SoldTo, error)) (SoldTo, error) {
	c, ok := f.soldTos[n]
	if !ok {
		return SoldTo{}, fmt.Errorf("customer %s: %w", n, ErrNotFound)
	}
	cp := c.Clone()
	upd, err := fn(&cp)
	if err != nil {
		return SoldTo{}, err
	}
	f.writes++
	f.soldTos[n] = upd.Clone()
	return *upd, nil
}

func (f *fakeStore) PermanentShipTos(_ context.Context, n Number) ([]PermanentShipTo, error) {
	return slices.Clone(f.permanent[n]), nil
}

func (f *fakeStore) CreatePermanentShipTo(_ context.Context, p PermanentShipTo) (PermanentShipTo, error) {
	f.writes++
	seq := 0
	for _, x := range f.permanent[p.Customer] {
		seq = max(seq, x.Seq)
	}
	p.Seq = seq + 1
	f.permanent[p.Customer] = append(f.permanent[p.Customer], p)
	return p, nil
}

func (f *fakeStore) BillTo(_ context.Context, n BillToNumber) (BillTo, error) {
	b, ok := f.billTos[n]
	if !ok {
		return BillTo{}, fmt.Errorf("bill-to %s: %w", n, ErrNotFound)
	}
	return b, nil
}

func (f *fakeStore) BillTosByMatchKey(_ context.Context, key MatchKey) ([]BillTo, error) {
	var out []BillTo
	for _, b := range f.billTos {
		if f.rules.Key(b.Name, b.Address) == key {
			out = append(out, b)
		}
	}
	return out, nil
}

func (f *fakeStore) CreateBillTo(_ context.Context, b BillTo, assignTo Number) (BillTo, error) {
	f.writes++
	f.nextBillTo++
	b.Number = f.nextBillTo
	f.billTos[b.Number] = b
	if assignTo != 0 {
		c := f.soldTos[assignTo]
		c.BillTo = b.Number
		f.soldTos[assignTo] = c
	}
	return b, nil
}

// numbers returns the numbers of cs, ascending.
func numbers(cs []SoldTo) []Number {
	out := make([]Number, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	slices.Sort(out)
	return out
}

// numberFake is the fake store with the NumberFinder look-up as well.
type numberFake struct{ *fakeStore }

func (f numberFake) SoldToNumbersByMatchKey(ctx context.Context, key KeyBuf) (Numbers, SoldTo, error) {
	var ns Numbers
	cs, err := f.SoldTosByMatchKey(ctx, key.Key())
	for _, c := range cs {
		ns.Add(c.Number)
	}
	if len(cs) == 1 {
		return ns, cs[0], err
	}
	return ns, SoldTo{}, err
}
