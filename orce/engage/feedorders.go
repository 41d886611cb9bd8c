package engage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/order"
)

// This file feeds what omskit itself writes (issue 19, item 4): every
// order it writes becomes one engagement order, and every return it takes
// in one return receipt, through the Feed's outbox and exactly once across
// replays. FeedingStore does it as the orders are written, whatever writes
// them: order.Intake, order.ReleaseBatch, the payment-only message, and the
// orders received from Order Broker (F3, broker.ReceivedIntake). The
// receipts of the fulfilments the broker bills come through
// broker/brokerengage, from ShipmentFromOrder.

// OrderFeed says what FeedOrder recorded for one order.
type OrderFeed struct {
	// Order is the entry of the engagement order: the order itself, or,
	// for a return fed against an earlier order (OrderOptions.ReturnOf),
	// that order's update. Nil when the order was skipped.
	Order *Entry
	// Receipt is the entry of the return receipt, when the order returns
	// goods.
	Receipt *Entry
	// Skipped is a *NotAcceptedError when the order is not fed (in error or
	// pending).
	Skipped error
}

// FeedOrder feeds one order the OMS wrote. An order the intake accepted
// (open or held) becomes one engagement order under its IntakeChangeKey, so
// feeding it again records nothing new. Its return lines (ORD-026), if
// any, become one return receipt that refers to it, minted from the order
// (ReceiptFromReturn), so it too is registered once; a receipt never
// changes, and one recorded before with other content is refused with a
// *DuplicateReceiptError. A return order whose earlier order
// OrderOptions.ReturnOf names, and which the feed has sent, is fed against
// that order instead: the earlier order is updated in place with the
// return lines, on top of the newest status and delivery the feed recorded
// for it, and the receipt refers to it (ENG-004-E1). An order in
// error or pending is skipped.
func (f *Feed) FeedOrder(ctx context.Context, o order.Order, opts OrderOptions) (OrderFeed, error) {
	var out OrderFeed
	src, err := SourceFromOrder(o, opts)
	var na *NotAcceptedError
	if errors.As(err, &na) {
		out.Skipped = err
		return out, nil
	}
	if err != nil {
		return out, err
	}
	var returned []SourceShipLine
	purchases := false
	for _, l := range src.Lines {
		if l.Returned > 0 {
			returned = append(returned, SourceShipLine{Seq: l.Seq, Item: l.Item, Description: l.Description, Quantity: l.Returned, Price: l.Price})
		}
		purchases = purchases || l.Ordered > 0
	}
	target := OrderID(src.Number)
	var entry Entry
	merged := false
	if opts.ReturnOf != nil && len(returned) > 0 && !purchases {
		if orig, ok := opts.ReturnOf(o); ok && orig != "" && orig != target {
			entry, merged, err = f.returnAgainst(ctx, orig, o, returned)
			if err != nil {
				return out, err
			}
			if merged {
				target = orig
			}
		}
	}
	if !merged {
		eo, err := FromOrder(src)
		if err != nil {
			return out, fmt.Errorf("order %s: map: %w", src.Number, err)
		}
		if entry, err = f.SubmitOrder(ctx, eo, IntakeChangeKey(o)); err != nil {
			return out, fmt.Errorf("order %s: submit: %w", src.Number, err)
		}
	}
	out.Order = &entry
	if len(returned) == 0 {
		return out, nil
	}
	r, err := ReceiptFromReturn(SourceReturn{Order: string(target), Contact: src.Contact, Return: IntakeChangeKey(o),
		Store: src.Store, Currency: src.Currency, Returned: o.OrderDate, Lines: returned})
	if err != nil {
		return out, fmt.Errorf("order %s: return receipt: %w", src.Number, err)
	}
	re, err := f.registerOnce(ctx, r)
	if err != nil {
		return out, fmt.Errorf("order %s: %w", src.Number, err)
	}
	out.Receipt = &re
	return out, nil
}

// registerOnce records a receipt unless the same receipt was recorded
// before (then it returns that entry); other content under its id is
// refused.
func (f *Feed) registerOnce(ctx context.Context, r Receipt) (Entry, error) {
	e, err := f.RegisterReceipt(ctx, r)
	var dup *DuplicateReceiptError
	if errors.As(err, &dup) && !dup.Changed {
		return e, nil
	}
	return e, err
}

// returnAgainst adds the return lines of return order o to the earlier
// order orig as the feed last recorded it, and records that update. ok is
// false when the feed never sent orig.
func (f *Feed) returnAgainst(ctx context.Context, orig OrderID, o order.Order, returned []SourceShipLine) (Entry, bool, error) {
	last, err := f.newest(ctx, orig)
	if err != nil {
		return Entry{}, false, fmt.Errorf("order %s: return against %s: %w", IntakeOrderID(o), orig, err)
	}
	if last == nil {
		return Entry{}, false, nil
	}
	up := *last
	for _, l := range returned {
		up.Lines = append(up.Lines, Line{LineNo: l.Seq, Article: l.Item, Description: l.Description, Quantity: -l.Quantity, UnitPrice: l.Price})
	}
	if !o.OrderDate.IsZero() {
		up.Updated = o.OrderDate
	}
	e, err := f.SubmitOrder(ctx, up, "return-"+o.ID.String())
	if err != nil {
		return Entry{}, false, fmt.Errorf("order %s: return against %s: %w", IntakeOrderID(o), orig, err)
	}
	return e, true, nil
}

// newest returns order id as the feed last recorded it: its last full
// body with the status and delivery changes recorded after that body laid
// over it, so a full update built on it reverts none of them (ENG-004-E1:
// the order "is updated in place, with its status and its return line").
// Changes the platform refused for good, and erased entries, are left out.
// Nil when the feed recorded no body of id.
func (f *Feed) newest(ctx context.Context, id OrderID) (*Order, error) {
	es, err := f.s.List(ctx, Filter{Order: id, Kinds: []EntryKind{EntryOrder, EntryStatus, EntryDelivery},
		States: []EntryState{StatePending, StateSent, StateDone}})
	if err != nil {
		return nil, err
	}
	o, body := replay(id, es)
	if !body {
		return nil, nil
	}
	return &o, nil
}

// ShipmentFromOrder maps lines of an OMS order that were shipped (or
// handed over) together to a SourceShipment for ReceiptFromShipment: the
// order and contact as SourceFromOrder gives them (so the receipt refers to
// the engagement order of the same order, ENG-004), the lines whose seqs
// are given with their ordered quantity and price, shipped at at, under the
// shipment id (the fulfilment's identity: the same shipment always mints
// the same receipt). A seq the order does not have is a *ValidationError.
func ShipmentFromOrder(o order.Order, opts OrderOptions, shipment string, at time.Time, seqs ...int) (SourceShipment, error) {
	src, err := SourceFromOrder(o, opts)
	if err != nil {
		return SourceShipment{}, err
	}
	s := SourceShipment{Order: src.Number, Contact: src.Contact, Shipment: shipment, Store: src.Store, Currency: src.Currency, Shipped: at}
	for _, seq := range seqs {
		i := slices.IndexFunc(src.Lines, func(l SourceLine) bool { return l.Seq == seq && l.Ordered > 0 })
		if i < 0 {
			return SourceShipment{}, &ValidationError{Record: "shipment " + shipment + " of order " + src.Number,
				Fields: []FieldError{{Path: "lines", Value: fmt.Sprint(seq), Rule: "a purchase line of the order"}}}
		}
		l := src.Lines[i]
		s.Lines = append(s.Lines, SourceShipLine{Seq: l.Seq, Item: l.Item, Description: l.Description, Quantity: l.Ordered, Price: l.Price})
	}
	return s, nil
}

// FeedingStore is an order.Store that feeds every order written through
// it to Feed (FeedOrder): give it to order.Deps (and to
// broker.ReceivedIntake's Deps) in place of the store it wraps, and every
// order omskit writes becomes one engagement order, every return one
// return receipt. A replayed message finds its order through LookupIntake
// (or ClaimIntake), which feeds it again: that records nothing new, and
// records what a stop between the order's commit and its feeding left
// out. Errors of the feed never fail the order store's calls: OnError
// hears of them.
//
// It passes on what Store does besides order.Store: batch orders, the
// sold-to written with the order (order.SoldToCommitter) and the claim
// before outside calls (order.IntakeClaimer). An order.CommitNumbering
// that recognises only its own store takes the order number before the
// commit instead of in it.
type FeedingStore struct {
	order.Store
	Feed    *Feed
	Options OrderOptions
	// OnError receives the order that could not be fed and why; nil drops
	// it (a replay of its message, or Feed.FeedOrder, feeds it later).
	OnError func(ctx context.Context, o order.Order, err error)
}

var (
	_ order.Store           = (*FeedingStore)(nil)
	_ order.BatchOrders     = (*FeedingStore)(nil)
	_ order.SoldToCommitter = (*FeedingStore)(nil)
	_ order.IntakeClaimer   = (*FeedingStore)(nil)
)

// Commit implements order.Store: Store writes, then the order is fed.
func (s *FeedingStore) Commit(ctx context.Context, w order.Write) (order.Committed, error) {
	c, err := s.Store.Commit(ctx, w)
	if err != nil {
		return c, err
	}
	o := w.Order
	if c.Replayed {
		o = c.Result.Order
	}
	s.feed(ctx, o)
	return c, nil
}

// LookupIntake implements order.Store; a committed intake found is fed
// (again).
func (s *FeedingStore) LookupIntake(ctx context.Context, key string) (order.Committed, bool, error) {
	c, ok, err := s.Store.LookupIntake(ctx, key)
	if err == nil && ok && c.Result.Order.ID != uuid.Nil {
		s.feed(ctx, c.Result.Order)
	}
	return c, ok, err
}

// BatchOrders implements order.BatchOrders when Store does.
func (s *FeedingStore) BatchOrders(ctx context.Context, number string) ([]order.Order, error) {
	bo, ok := s.Store.(order.BatchOrders)
	if !ok {
		return nil, fmt.Errorf("batch %s: the store cannot list batch orders: %w", number, order.ErrUnsupported)
	}
	return bo.BatchOrders(ctx, number)
}

// CommitsSoldTo implements order.SoldToCommitter: as Store does (Commit
// passes the write on whole).
func (s *FeedingStore) CommitsSoldTo() bool {
	c, ok := s.Store.(order.SoldToCommitter)
	return ok && c.CommitsSoldTo()
}

// ClaimIntake implements order.IntakeClaimer when Store does; over a
// store that does not claim it claims nothing. A committed intake found is
// fed (again), as by LookupIntake.
func (s *FeedingStore) ClaimIntake(ctx context.Context, key string, hash [32]byte) (string, order.Committed, bool, error) {
	cl, ok := s.Store.(order.IntakeClaimer)
	if !ok {
		return "", order.Committed{}, false, nil
	}
	claim, prev, found, err := cl.ClaimIntake(ctx, key, hash)
	if err == nil && found && prev.Result.Order.ID != uuid.Nil {
		s.feed(ctx, prev.Result.Order)
	}
	return claim, prev, found, err
}

// ReleaseIntake implements order.IntakeClaimer when Store does.
func (s *FeedingStore) ReleaseIntake(ctx context.Context, key, claim string) error {
	if cl, ok := s.Store.(order.IntakeClaimer); ok {
		return cl.ReleaseIntake(ctx, key, claim)
	}
	return nil
}

func (s *FeedingStore) feed(ctx context.Context, o order.Order) {
	if _, err := s.Feed.FeedOrder(ctx, o, s.Options); err != nil && s.OnError != nil {
		s.OnError(ctx, o, err)
	}
}
