package brokerengage

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
)

// Orders finds the OMS order of an Order Broker record by its order
// number (broker.OrderKey.Order is the OMS order number, order.Order's
// Number). The order stores of storage/memory and storage/sqlstore
// implement it.
type Orders interface {
	OrderIDByNumber(ctx context.Context, number int) (uuid.UUID, error)
	Order(ctx context.Context, id uuid.UUID) (order.Order, error)
}

// Receipts is a broker.BillingSink that registers one sale receipt per
// billed line in Feed. The receipt carries the order line (the line whose
// Seq is the record's LineSeq) with its ordered quantity and price, the
// contact and currency of the order as engage.SourceFromOrder gives them
// (Options as given to the engage.FeedingStore), and the time the line was
// billed; its id is minted from the order and the record, so a line told
// again registers nothing new (ENG-003).
type Receipts struct {
	Feed    *engage.Feed
	Orders  Orders
	Options engage.OrderOptions
}

var _ broker.BillingSink = (*Receipts)(nil)

// ShipmentID is the shipment id of a billed line: "broker-" and the
// record's id.
func ShipmentID(l broker.BilledLine) string { return "broker-" + l.Record.String() }

// Billed implements broker.BillingSink. Every line is tried; the error
// joins the failures, each naming its line.
func (r *Receipts) Billed(ctx context.Context, lines []broker.BilledLine) error {
	var errs []error
	for _, l := range lines {
		if err := r.bill(ctx, l); err != nil {
			errs = append(errs, fmt.Errorf("billed %s line %d (record %s): %w", l.Key, l.LineNo, l.Record, err))
		}
	}
	return errors.Join(errs...)
}

func (r *Receipts) bill(ctx context.Context, l broker.BilledLine) error {
	id, err := r.Orders.OrderIDByNumber(ctx, l.Key.Order)
	if err != nil {
		return fmt.Errorf("find order %d: %w", l.Key.Order, err)
	}
	o, err := r.Orders.Order(ctx, id)
	if err != nil {
		return fmt.Errorf("read order %d: %w", l.Key.Order, err)
	}
	src, err := engage.ShipmentFromOrder(o, r.Options, ShipmentID(l), l.At, l.LineSeq)
	if err != nil {
		return err
	}
	rc, err := engage.ReceiptFromShipment(src)
	if err != nil {
		return err
	}
	_, err = r.Feed.RegisterReceipt(ctx, rc)
	var dup *engage.DuplicateReceiptError
	if errors.As(err, &dup) && !dup.Changed {
		return nil // told before: registered once
	}
	return err
}
