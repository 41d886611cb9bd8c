package broker

//go:generate go tool mockgen -source=received_intake.go -destination=mock_received_intake_test.go -package=broker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/omskit/omskit/order"
)

// ReceivedWriter writes what an F3 order brings besides the order itself:
// its Order Broker records with their side effects, and the order link
// (BRK-067, BRK-168). A storage package implements it in one transaction;
// on error it writes nothing.
type ReceivedWriter interface {
	WriteReceived(ctx context.Context, recs []Result, link OrderLink) error
}

// ReceivedIntake is a [ReceivedOrderHost] over package order: an order
// received from OB (F3, order-broker.md §2.19-§2.24) passes the same order
// edit as any other order, order.Intake.
//
//   - EditReceivedOrder maps the [ReceivedOrder] to an order.Order
//     ([ReceivedIntakeOrder]) and runs order.Intake against a staging
//     store: the edit runs in full (item, sold-to, pay type, holds), its
//     errors and hold are reported (BRK-214, BRK-215), and nothing is
//     written. A message the intake refuses outright (an error wrapping
//     order.ErrRejected) comes back as a [Rejection] of reason
//     [RejectOrderEdit], which [FulfillmentPoller] answers with status
//     `rejected` (BRK-213) without creating anything.
//   - CommitReceivedOrder commits the staged order to Deps.Store, then has
//     Writer write the records and the link. The key is the order's
//     number (Deps.OrderNumbers is required) with ship-to 1.
//
// Idempotency: the intake key is the order_number "OB<request ID>" and the
// payload is the request ID, so the same fulfillment taken in again (OB
// resends one whose answer it did not get) replays the committed order and
// writes no second one; CommitReceivedOrder then only writes what was
// missing (records and link). When Writer fails after the order commit,
// the order exists without link; the next poll replays it and writes the
// records and the link then.
//
// The order payment is the K98 pay type for the balance (amount zero, so
// the edit does not compare it with totals it computes itself; whether the
// response's total covers the order is checked before, by
// [CheckFulfillment], BRK-205). Order and line messages, customizations
// and the originating/fulfilling locations are not part of order.Order:
// they stay on the [ReceivedOrder] for the host.
type ReceivedIntake struct {
	// Deps are the order intake's dependencies; Store, Items and
	// OrderNumbers are required.
	Deps   order.Deps
	Writer ReceivedWriter

	mu     sync.Mutex
	staged map[uuid.UUID]stagedOrder
}

type stagedOrder struct {
	write    order.Write
	replayed bool
	order    order.Order
}

// RejectOrderEdit: the order edit refused the message (order.ErrRejected).
const RejectOrderEdit RejectReason = "order edit refused"

// ReceivedOrderNumber is the intake order_number of a received order:
// "OB" and the request ID, cut to the 30 characters order_number holds.
func ReceivedOrderNumber(requestID string) string {
	n := "OB" + strings.TrimSpace(requestID)
	if len(n) > 30 {
		n = n[:30]
	}
	return n
}

// ReceivedIntakeOrder maps a received order to the order the intake edits:
// the header (company, order_number, date, channel, type, source code,
// currency is not carried), the sold-to resolved by the orce rules (its
// customer number, name and address), one ship-to with the received
// ship-to, ship via, freight (calculated when the response had none,
// BRK-185) and ship-complete flag, one line per received line (item and
// SKU split from the padded item ID, quantity, price, tax) and the K98
// payment for the balance with deposit and refund suppressed (BRK-205).
// The K98 payment's "card number" is the pay type description (BRK-205),
// not a card number the intake would accept (digits only): it is left off
// and stays on ReceivedOrder.Payment.
func ReceivedIntakeOrder(o ReceivedOrder) order.Order {
	st := order.ShipTo{
		FirstName: o.ShipTo.First, LastName: o.ShipTo.Last, Company: o.ShipTo.Company,
		Address1: o.ShipTo.Address1, City: o.ShipTo.City, State: o.ShipTo.Province, Zip: o.ShipTo.Postal,
		Country: strings.TrimSpace(o.ShipTo.Country), ShipVia: o.ShipVia, ShipComplete: o.ShipComplete,
		CalcFreight: o.Freight == nil,
	}
	if o.Freight != nil {
		st.Freight = *o.Freight
	}
	for _, l := range o.Lines {
		item, sku := splitItemID(l.ItemID)
		st.Lines = append(st.Lines, order.Line{Seq: l.Seq, ItemID: item, SKU: sku, Quantity: l.Qty,
			Price: l.UnitPrice, Tax: l.TaxOverride})
	}
	a := o.SoldTo
	return order.Order{
		ID:           o.ID,
		CompanyCode:  strconv.Itoa(o.Company),
		OrderNumber:  ReceivedOrderNumber(o.RequestID),
		OrderDate:    o.OrderDate,
		OrderChannel: o.Channel,
		OrderType:    o.OrderType,
		SourceCode:   o.SourceCode,
		ResponseType: order.ResponseNone,
		PayIncluded:  true,
		SoldTo: order.SoldTo{CustomerNumber: strings.TrimSpace(o.CustomerNo), FirstName: a.First, LastName: a.Last,
			Company: a.Company, Address1: a.Address1, Apartment: a.Apartment, City: a.City, State: a.Province,
			Zip: a.Postal, Country: strings.TrimSpace(a.Country), Email: a.Email, DayPhone: a.DayPhone, EvePhone: a.EveningPhone},
		ShipTos: []order.ShipTo{st},
		Payments: []order.Payment{{Seq: 1, PayType: o.Payment.PayType,
			SuppressDepositFlag: o.Payment.SuppressDeposit, SuppressRefundFlag: o.Payment.SuppressRefund}},
	}
}

// splitItemID undoes [ItemID]: the item in the first 12 characters, the
// SKU after them.
func splitItemID(id string) (item, sku string) {
	r := []rune(id)
	if len(r) <= 12 {
		return strings.TrimSpace(id), ""
	}
	return strings.TrimSpace(string(r[:12])), strings.TrimSpace(string(r[12:]))
}

// EditReceivedOrder implements [ReceivedOrderHost]: it runs order.Intake
// on the order without writing it (see [ReceivedIntake]).
func (h *ReceivedIntake) EditReceivedOrder(ctx context.Context, o ReceivedOrder) (bool, []string, error) {
	if h.Deps.Store == nil || h.Deps.Items == nil || h.Deps.OrderNumbers == nil {
		return false, nil, fmt.Errorf("broker: received order %s: order Store, Items and OrderNumbers are required: %w", o.RequestID, ErrInvalidInput)
	}
	stage := &stagingStore{Store: h.Deps.Store}
	deps := h.Deps
	deps.Store = stage
	if o.ID != uuid.Nil {
		id := o.ID
		deps.NewID = func() uuid.UUID { return id }
	}
	res, err := order.Intake(ctx, deps, order.Input{Order: ReceivedIntakeOrder(o), Payload: []byte("broker-fulfillment:" + strings.TrimSpace(o.RequestID))})
	if err != nil {
		if errors.Is(err, order.ErrRejected) {
			return false, nil, Rejection{Reason: RejectOrderEdit, Field: "order", Value: ReceivedOrderNumber(o.RequestID), Text: err.Error()}
		}
		return false, nil, fmt.Errorf("broker: received order %s: order edit: %w", o.RequestID, err)
	}
	st := stagedOrder{order: res.Order, replayed: res.Replayed}
	if stage.write != nil {
		st.write = *stage.write
	} else if !res.Replayed {
		return false, nil, fmt.Errorf("broker: received order %s: the order edit wrote nothing: %w", o.RequestID, ErrInvalidInput)
	}
	h.mu.Lock()
	if h.staged == nil {
		h.staged = map[uuid.UUID]stagedOrder{}
	}
	h.staged[o.ID] = st
	h.mu.Unlock()
	errs := make([]string, 0, len(res.Errors))
	for _, fe := range res.Errors {
		errs = append(errs, fe.Error())
	}
	return res.Order.Status == order.StatusHeld, errs, nil
}

// CommitReceivedOrder implements [ReceivedOrderHost]: it commits the order
// staged by EditReceivedOrder (unless it was committed before), then writes
// the records, keyed with the new order, and the link.
func (h *ReceivedIntake) CommitReceivedOrder(ctx context.Context, o ReceivedOrder, recs []Result, link func(OrderKey) OrderLink) (OrderKey, error) {
	h.mu.Lock()
	st, ok := h.staged[o.ID]
	delete(h.staged, o.ID)
	h.mu.Unlock()
	if !ok {
		return OrderKey{}, fmt.Errorf("broker: received order %s: not edited before commit: %w", o.RequestID, ErrInvalidInput)
	}
	if h.Writer == nil {
		return OrderKey{}, fmt.Errorf("broker: received order %s: Writer is required: %w", o.RequestID, ErrInvalidInput)
	}
	committed := st.order
	if !st.replayed {
		c, err := h.Deps.Store.Commit(ctx, st.write)
		if err != nil {
			return OrderKey{}, fmt.Errorf("broker: received order %s: commit order %s: %w", o.RequestID, st.write.Order.OrderNumber, err)
		}
		if c.Replayed {
			committed = c.Result.Order
		}
	}
	if committed.Number <= 0 {
		return OrderKey{}, fmt.Errorf("broker: received order %s: order %s has no order number: %w", o.RequestID, committed.OrderNumber, ErrInvalidInput)
	}
	key := OrderKey{Company: o.Company, Order: committed.Number, ShipTo: 1}
	out := make([]Result, len(recs))
	for i, r := range recs {
		r.Record.Key = key
		r.Effects = make([]SideEffect, len(r.Effects))
		for j, e := range recs[i].Effects {
			r.Effects[j] = rekeyEffect(e, key)
		}
		out[i] = r
	}
	if err := h.Writer.WriteReceived(ctx, out, link(key)); err != nil {
		return OrderKey{}, fmt.Errorf("broker: received order %s: write records and link of %s: %w", o.RequestID, key, err)
	}
	return key, nil
}

// stagingStore runs the intake without writing: reads go to the real store,
// the commit is kept for CommitReceivedOrder.
type stagingStore struct {
	order.Store
	write *order.Write
}

func (s *stagingStore) Commit(_ context.Context, w order.Write) (order.Committed, error) {
	s.write = &w
	return order.Committed{Result: w.Result, PayloadHash: w.PayloadHash}, nil
}

// rekeyEffect sets key on an effect whose key has only the company (the
// poller builds the records before the order has a number).
func rekeyEffect(e SideEffect, key OrderKey) SideEffect {
	set := func(k *OrderKey) {
		if k.Order == 0 {
			*k = key
		}
	}
	switch v := e.(type) {
	case TransactionMessage:
		set(&v.Key)
		return v
	case AuthorizationReversal:
		set(&v.Key)
		return v
	case LineUpdate:
		set(&v.Key)
		return v
	case BillingRequest:
		set(&v.Key)
		return v
	case ShipmentDetails:
		set(&v.Key)
		return v
	case ItemTransaction:
		set(&v.Key)
		return v
	case CancelRequest:
		set(&v.Key)
		return v
	case UnderReviewUpdate:
		set(&v.Key)
		return v
	case OutboundUpdate:
		set(&v.Key)
		return v
	case SubmitRequest:
		set(&v.Key)
		return v
	case PickSlip:
		set(&v.Key)
		return v
	case OrderHold:
		set(&v.Key)
		return v
	case OrderCancel:
		set(&v.Key)
		return v
	case PaymentDeactivation:
		set(&v.Key)
		return v
	case ErrorBatchAssignment:
		set(&v.Key)
		return v
	}
	return e
}
