package engage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/order"
)

// This file wires the order package to the feed (issue 9, item 3): an order
// the intake accepted becomes a SourceOrder, then an engagement Order, and
// is recorded in the Feed's outbox under a change key derived from the
// order, so a replayed intake records nothing new.

// ErrNotAccepted marks an order the intake has not accepted: one in error
// (waiting in the G41 or I78 batch for correction) or pending (a batched
// order or one waiting for its payment). Such orders are not fed until a
// later intake or release accepts them.
var ErrNotAccepted = errors.New("engage: order not accepted by the intake")

// NotAcceptedError names an order that is not fed and why. It matches
// ErrNotAccepted with errors.Is.
type NotAcceptedError struct {
	// Order is the order's id as the feed would have sent it.
	Order OrderID
	// Status is the order's intake status (blank when the intake wrote
	// nothing).
	Status order.Status
}

// Error names the order and its status.
func (e *NotAcceptedError) Error() string {
	return fmt.Sprintf("order %s: status %q: not accepted (only open and held orders are fed)", e.Order, e.Status)
}

// Is makes errors.Is(err, ErrNotAccepted) true.
func (e *NotAcceptedError) Is(target error) bool { return target == ErrNotAccepted }

// Statuses an accepted OMS order is sent with.
const (
	// OrderStatusOpen is sent for an order that passed the edit and every
	// hold check (order.StatusOpen).
	OrderStatusOpen = "open"
	// OrderStatusHeld is sent for an order that passed the edit but is on
	// hold (order.StatusHeld). It is an order the customer placed and the
	// OMS keeps, so the platform's order view shows it; the release is a
	// later status change.
	OrderStatusHeld = "held"
)

// OrderOptions say how an OMS order becomes a SourceOrder. The zero value
// is usable.
type OrderOptions struct {
	// Contact returns the contact id of an order. The source does not say
	// how an order identifies its contact (engage-orders.md Z-11); nil uses
	// the sold-to customer number the intake chose or created
	// (order.Order.CustomerNbr). A host whose platform keys contacts on
	// another id (an ORCE id, an email) supplies its own.
	Contact func(o order.Order) (string, error)
	// Store is the store code sent with every order; empty sends the
	// order's channel (order.Order.OrderChannel).
	Store string
	// Currency is used for an order that names none; the platform needs an
	// ISO 4217 code on every order (ENG-022).
	Currency string
	// ReturnOf names the earlier order a return order (an order of return
	// lines only, ORD-026) returns goods of, when the host knows it (the
	// order API does not carry it). The return is then fed against that
	// order (ENG-004-E1): its return lines are added to the earlier order,
	// updated in place, and the return receipt refers to it; the return
	// order is not fed on its own. nil, or ok false, feeds a return order
	// as an order of its own with its return receipt.
	ReturnOf func(o order.Order) (OrderID, bool)
}

// IntakeOrderID is the id an OMS order has on the platform: its numeric
// OMS order number when one was assigned, otherwise the id the intake
// minted. Both are fixed when the intake commits, so a replay gives the
// same id.
func IntakeOrderID(o order.Order) OrderID {
	if o.Number > 0 {
		return OrderID(fmt.Sprint(o.Number))
	}
	if o.ID == uuid.Nil {
		return ""
	}
	return OrderID(o.ID.String())
}

// IntakeChangeKey is the change key under which an order's intake is fed:
// "intake-" and the id the intake minted. The intake replays a message it
// has taken in with the same order and id, so a replayed intake maps to the
// same key and the Feed records it once.
func IntakeChangeKey(o order.Order) string { return "intake-" + o.ID.String() }

// Accepted reports whether the intake accepted the order: it passed the
// edit and is open or held. Orders in error or pending are not fed.
func Accepted(o order.Order) bool {
	return o.Status == order.StatusOpen || o.Status == order.StatusHeld
}

// SourceFromOrder maps an order the intake accepted to a SourceOrder:
//
//   - the id is IntakeOrderID; the contact comes from opts.Contact, by
//     default the sold-to customer number;
//   - every order line of every ship-to becomes a SourceLine with the
//     resolved item (and SKU) as article reference (ENG-024); a negative
//     quantity (a return line, ORD-026) becomes returned units, so FromOrder
//     keeps purchase and return lines apart (ENG-018); a no-charge line is
//     priced zero, so the lines sum to the order's merchandise total;
//   - active payments become payments by pay type (a card number is never
//     sent); a payment of zero (meaning "the balance") gets the balance of
//     the order total not covered by the others;
//   - freight becomes a fee "freight" and tax a tax "tax"; the platform's
//     totals take taxes as included in prices, so its Total is the OMS order
//     total less tax;
//   - the first ship-to's ship via and address become the delivery;
//   - order date is both placed and updated time, so the mapping is the
//     same every time it runs.
//
// An order in error or pending returns a *NotAcceptedError and nothing
// else.
func SourceFromOrder(o order.Order, opts OrderOptions) (SourceOrder, error) {
	id := IntakeOrderID(o)
	if !Accepted(o) {
		return SourceOrder{}, &NotAcceptedError{Order: id, Status: o.Status}
	}
	contact, err := contactOf(o, opts)
	if err != nil {
		return SourceOrder{}, err
	}
	status := OrderStatusOpen
	if o.Status == order.StatusHeld {
		status = OrderStatusHeld
	}
	s := SourceOrder{Number: string(id), Contact: strings.TrimSpace(contact), Status: status,
		Store: opts.Store, Currency: strings.ToUpper(strings.TrimSpace(o.Currency)), Placed: o.OrderDate, Updated: o.OrderDate}
	if s.Store == "" {
		s.Store = o.OrderChannel
	}
	if s.Currency == "" {
		s.Currency = opts.Currency
	}
	for _, st := range o.ShipTos {
		for _, l := range st.Lines {
			s.Lines = append(s.Lines, sourceLine(l))
		}
	}
	s.Payments = payments(o)
	if o.Totals.Freight.IsPositive() {
		s.Fees = []Charge{{Code: "freight", Amount: o.Totals.Freight}}
	}
	if o.Totals.Tax.IsPositive() {
		s.Taxes = []Charge{{Code: "tax", Amount: o.Totals.Tax}}
	}
	if len(o.ShipTos) > 0 {
		st := o.ShipTos[0]
		d := Delivery{Method: st.ShipVia, Address: address(st)}
		if d != (Delivery{}) {
			s.Delivery = &d
		}
	}
	return s, nil
}

// contactOf is the contact id of an order (OrderOptions.Contact).
func contactOf(o order.Order, opts OrderOptions) (string, error) {
	if opts.Contact == nil {
		return o.CustomerNbr, nil
	}
	c, err := opts.Contact(o)
	if err != nil {
		return "", fmt.Errorf("order %s: contact of customer %q: %w", IntakeOrderID(o), o.CustomerNbr, err)
	}
	return c, nil
}

func sourceLine(l order.Line) SourceLine {
	sl := SourceLine{Seq: l.Seq, Item: article(l), Price: l.Price}
	if l.Item != nil {
		sl.Description = l.Item.Description
	}
	if l.NoCharge {
		sl.Price = decimal.Zero
	}
	if l.Quantity < 0 {
		sl.Returned = -l.Quantity
	} else {
		sl.Ordered = l.Quantity
	}
	return sl
}

// article is the line's article reference: the resolved item and SKU
// ("ITEM/SKU"), or the item and SKU as sent when the line was not resolved.
func article(l order.Line) string {
	item, sku := l.ItemID, l.SKU
	if l.Item != nil {
		item, sku = l.Item.Number, l.Item.SKU
	}
	item, sku = strings.TrimSpace(item), strings.TrimSpace(sku)
	if sku == "" {
		return item
	}
	return item + "/" + sku
}

func payments(o order.Order) []Payment {
	var out []Payment
	given := decimal.Zero
	for _, p := range o.Payments {
		if p.Active {
			given = given.Add(p.Amount)
		}
	}
	balance := o.Totals.Order.Sub(given)
	for _, p := range o.Payments {
		if !p.Active {
			continue
		}
		amt := p.Amount
		if amt.IsZero() && balance.IsPositive() {
			amt, balance = balance, decimal.Zero
		}
		out = append(out, Payment{Method: p.PayType, Amount: amt})
	}
	return out
}

func address(st order.ShipTo) string {
	var parts []string
	for _, p := range []string{st.Address1, strings.TrimSpace(st.Zip + " " + st.City), st.State, st.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// IntakeFeed says what SubmitIntake did.
type IntakeFeed struct {
	// Submitted are the outbox entries of the accepted orders. An order
	// recorded before (a replayed intake) gives back its first entry and
	// records nothing new.
	Submitted []Entry
	// Receipts are the entries of the return receipts of the orders that
	// return goods (see FeedOrder).
	Receipts []Entry
	// Skipped are the orders that were not fed, each a *NotAcceptedError.
	Skipped []error
}

// SubmitIntake feeds an intake result to f: every order of a batch the
// result released (ORD-015) and the order itself, each through FeedOrder
// (under its IntakeChangeKey, so a replayed intake submits nothing twice,
// and with its return receipt when it returns goods). An order released
// here is fed as released, not as it waited in the batch. Orders in error
// or pending are skipped and listed. Nothing is sent here: Flush sends. The
// returned error joins the failures of the orders that could not be
// recorded (each names its order); the others are recorded anyway. A host
// whose order store is a FeedingStore has its orders fed already and need
// not call it.
//
// Recording happens after the intake committed. If the process stops in
// between, feeding the replayed result of the same message records the
// order; a released batch's orders are recorded by feeding the results of
// order.ReleaseBatch, which replays a release done before.
func SubmitIntake(ctx context.Context, f *Feed, res order.Result, opts OrderOptions) (IntakeFeed, error) {
	var out IntakeFeed
	var errs []error
	seen := map[uuid.UUID]bool{}
	// Released first: it holds the releasing order as released, while res
	// holds it as it waited in the batch.
	for _, r := range append(append([]order.Result(nil), res.Released...), res) {
		o := r.Order
		if o.ID != uuid.Nil && seen[o.ID] {
			continue
		}
		fed, err := f.FeedOrder(ctx, o, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if fed.Skipped != nil {
			out.Skipped = append(out.Skipped, fed.Skipped)
			continue
		}
		seen[o.ID] = true
		out.Submitted = append(out.Submitted, *fed.Order)
		if fed.Receipt != nil {
			out.Receipts = append(out.Receipts, *fed.Receipt)
		}
	}
	return out, errors.Join(errs...)
}
