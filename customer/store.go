package customer

//go:generate go tool mockgen -source=store.go -destination=mock_store_test.go -package=customer

import (
	"context"
	"slices"
)

// Finder is what sold-to selection (B.1) reads. Each method is a lookup a
// store answers from an index. Methods that return several customers return
// them in any order; the rules apply their own tie-breaks.
type Finder interface {
	// SoldTo returns the customer with that number, or an error wrapping
	// ErrNotFound.
	SoldTo(ctx context.Context, n Number) (SoldTo, error)
	// SoldTosByAltCustNo returns the numbers of the customers whose Alt
	// cust # equals alt (compared trimmed and upper case).
	SoldTosByAltCustNo(ctx context.Context, alt string) ([]Number, error)
	// SoldTosByCrossRef returns the numbers of the customers that have an
	// alternate customer # cross-reference equal to alt.
	SoldTosByCrossRef(ctx context.Context, alt string) ([]Number, error)
	// SoldTosByPhone returns the customers whose phone of that kind equals
	// phone; phone and the stored numbers are compared as NormalizePhone
	// gives them.
	SoldTosByPhone(ctx context.Context, kind PhoneKind, phone string) ([]SoldTo, error)
	// SoldTosByMatchKey returns the customers whose name-and-address key
	// equals key. A store indexing under other rules than key.Rules() returns
	// an error wrapping ErrMatchRulesMismatch.
	SoldTosByMatchKey(ctx context.Context, key MatchKey) ([]SoldTo, error)
	// Prospect returns the Prospect Finder record, or an error wrapping
	// ErrNotFound.
	Prospect(ctx context.Context, id string) (Prospect, error)
}

// Writer persists sold-to changes. Each call is one transaction: it either
// writes everything or nothing.
type Writer interface {
	// CreateSoldTo stores a new customer under the next customer number
	// (CUS-013, inferred) and returns the stored record.
	//
	// Create-once: a store that can (the SQL stores and the memory store do)
	// creates at most one customer per match key through CreateSoldTo. When a
	// customer created by CreateSoldTo still has s's match key, it creates
	// nothing and returns that customer with an error wrapping
	// ErrSoldToExists; Resolve then selects again and finds it. This is what
	// makes many concurrent intakes for the same new customer create exactly
	// one. A store without the guarantee simply always creates.
	CreateSoldTo(ctx context.Context, s SoldTo) (SoldTo, error)
	// UpdateSoldTo loads customer n, passes a copy to fn and stores what fn
	// returns, atomically. If fn returns an error nothing is written and the
	// error is returned. An unknown n gives an error wrapping ErrNotFound.
	UpdateSoldTo(ctx context.Context, n Number, fn func(*SoldTo) (*SoldTo, error)) (SoldTo, error)
}

// Store is a Finder and a Writer, as [Resolve] needs.
type Store interface {
	Finder
	Writer
}

// ShipToFinder is what ship-to selection (B.3) reads.
type ShipToFinder interface {
	SoldTo(ctx context.Context, n Number) (SoldTo, error)
	SoldTosByMatchKey(ctx context.Context, key MatchKey) ([]SoldTo, error)
	// PermanentShipTos returns the permanent ship-tos of customer n.
	PermanentShipTos(ctx context.Context, n Number) ([]PermanentShipTo, error)
}

// ShipToWriter creates the records ship-to selection decides to create.
type ShipToWriter interface {
	CreateSoldTo(ctx context.Context, s SoldTo) (SoldTo, error)
	// CreatePermanentShipTo stores p under the next sequence number of
	// p.Customer and returns the stored record.
	CreatePermanentShipTo(ctx context.Context, p PermanentShipTo) (PermanentShipTo, error)
}

// BillToFinder is what bill-to selection (B.4) reads.
type BillToFinder interface {
	// BillTo returns the bill-to, or an error wrapping ErrNotFound.
	BillTo(ctx context.Context, n BillToNumber) (BillTo, error)
	// BillTosByMatchKey returns the bill-tos whose name-and-address key
	// equals key.
	BillTosByMatchKey(ctx context.Context, key MatchKey) ([]BillTo, error)
}

// BillToWriter creates a bill-to and, in the same transaction, assigns it to
// a sold-to when the rules say so (CUS-036 step 5, CUS-039).
type BillToWriter interface {
	// CreateBillTo stores b under the next bill-to number. When assignTo is
	// not zero, that sold-to's Bill to number is set to the new number in
	// the same transaction.
	CreateBillTo(ctx context.Context, b BillTo, assignTo Number) (BillTo, error)
}

// NumberFinder is what a [Finder] may offer besides, for sold-to selection
// without allocation: the numbers of the customers under a match key, the
// key passed in its fixed-size buffer and the numbers returned in place,
// and, when the key names one customer, that customer's record from the
// same look-up. [SelectSoldTo] uses it when the Finder has it (steps 5 and
// 6) and reads only the chosen record: the one returned, or, of several,
// the highest through SoldTo. The in-memory store has it; the SQL stores do
// not, since for them one query returning the records costs less than a
// query for the numbers and a second for the chosen record.
type NumberFinder interface {
	// SoldToNumbersByMatchKey returns the numbers of the customers whose
	// name-and-address key is key, in any order, and, when there is exactly
	// one, its record (the zero SoldTo otherwise); as SoldTosByMatchKey, a
	// store indexing under other rules returns an error wrapping
	// ErrMatchRulesMismatch.
	SoldToNumbersByMatchKey(ctx context.Context, key KeyBuf) (Numbers, SoldTo, error)
}

// numbersInline is how many numbers a Numbers holds without allocating.
const numbersInline = 8

// Numbers is a list of customer numbers held in place: up to 8 without
// allocation, more in a slice. The zero Numbers is empty.
type Numbers struct {
	n      int
	inline [numbersInline]Number
	more   []Number // all of them, once there are more than inline holds
}

// Add appends n.
func (ns *Numbers) Add(n Number) {
	switch {
	case ns.more != nil:
		ns.more = append(ns.more, n)
	case ns.n < numbersInline:
		ns.inline[ns.n] = n
	default:
		ns.more = append(append(make([]Number, 0, 2*numbersInline), ns.inline[:]...), n)
	}
	ns.n++
}

// Len returns how many numbers ns holds.
func (ns *Numbers) Len() int { return ns.n }

// At returns number i (0 ≤ i < Len).
func (ns *Numbers) At(i int) Number {
	if ns.more != nil {
		return ns.more[i]
	}
	return ns.inline[i]
}

// Slice returns the numbers in a new slice, ascending.
func (ns *Numbers) Slice() []Number {
	out := make([]Number, ns.n)
	for i := range out {
		out[i] = ns.At(i)
	}
	slices.Sort(out)
	return out
}
