package broker

//go:generate go tool mockgen -source=fulfillment_poll.go -destination=mock_fulfillment_poll_test.go -package=broker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ReceivedOrderHost is the host side of F3: its order edit and its one
// transaction that writes the order, its Order Broker records (with their
// side effects) and the order link. A host implements it over its order
// system (package order's Intake, a storage package).
type ReceivedOrderHost interface {
	// EditReceivedOrder runs the order edit on the order to create and says
	// whether it goes on hold and which errors it has (BRK-215, BRK-316).
	// An error that is (errors.As) a [Rejection] refuses the order: the
	// poller answers OB `rejected` and creates nothing.
	EditReceivedOrder(ctx context.Context, o ReceivedOrder) (held bool, errs []string, err error)
	// CommitReceivedOrder writes the order, the records and the link in one
	// transaction and returns the order's key; on error nothing is written.
	// The records (and their side effects) carry only the company in their
	// Key: the host sets the new order's number and ship-to on them. link
	// renders the link once the key is known.
	CommitReceivedOrder(ctx context.Context, o ReceivedOrder, recs []Result, link func(OrderKey) OrderLink) (OrderKey, error)
}

// FulfillmentPoller is BROKER's Fulfillments poll (F3, §2.18-§2.24): it
// asks OB for the orders assigned to OMS, decides each one, has the host
// create the accepted ones, and answers OB.
type FulfillmentPoller struct {
	Transport Transport
	Deps      FulfillmentDeps
	Host      ReceivedOrderHost
	Settings  Settings
	// Company is the company polled; Warehouses its warehouses (L06).
	Company    int
	Warehouses []Warehouse
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// PollReport says what one poll did, order by order.
type PollReport struct {
	Requests  int                   // Fulfillments requests sent
	Decisions []FulfillmentDecision // one per order received
	Created   map[string]OrderKey   // request ID → the order created
	// Errors are per request or per order; a failed order is answered
	// nothing, so OB sends it again at the next poll.
	Errors []error
}

// Poll runs one poll. A Fulfillments request OB does not answer changes
// nothing; an order whose lookups or commit fail is not answered (OB sends
// it again); a status update OB does not answer leaves the order and its
// records created, and the next poll, seeing the request ID again, creates
// no second order and repeats the answer. The returned error joins
// everything in PollReport.Errors.
func (p FulfillmentPoller) Poll(ctx context.Context) (PollReport, error) {
	rep := PollReport{Created: map[string]OrderKey{}}
	if p.Transport == nil || p.Host == nil {
		return rep, fmt.Errorf("broker: fulfillments poll: Transport and Host are required: %w", ErrInvalidInput)
	}
	for _, req := range FulfillmentsRequests(p.Settings, p.Warehouses, p.now()) {
		if err := ctx.Err(); err != nil {
			rep.Errors = append(rep.Errors, err)
			break
		}
		rep.Requests++
		resp, err := p.Transport.Fulfillments(ctx, req)
		if err == nil {
			err = CheckFulfillmentsResponse(resp)
		}
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Errorf("broker: fulfillments from %s: %w", req.StoreLocation.Location, err))
			continue
		}
		src := FulfillmentSource{Company: p.Company, Warehouse: p.warehouseOf(req.StoreLocation.Location)}
		for _, fo := range resp.Orders {
			d, key, err := p.one(ctx, src, fo)
			if err != nil {
				rep.Errors = append(rep.Errors, err)
				continue
			}
			rep.Decisions = append(rep.Decisions, d)
			if key != (OrderKey{}) {
				rep.Created[d.RequestID] = key
			}
			if err := p.answer(ctx, req, d, fo); err != nil {
				rep.Errors = append(rep.Errors, err)
			}
		}
	}
	return rep, errors.Join(rep.Errors...)
}

func (p FulfillmentPoller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p FulfillmentPoller) warehouseOf(loc string) int {
	if !p.Settings.SendInventoryByWarehouse {
		return 0
	}
	for _, w := range p.Warehouses {
		if w.OROBLocation == loc {
			return w.Number
		}
	}
	return 0
}

// one decides and, when accepted, creates one order.
func (p FulfillmentPoller) one(ctx context.Context, src FulfillmentSource, fo FulfillmentOrder) (FulfillmentDecision, OrderKey, error) {
	d, err := ReceiveFulfillment(ctx, p.Deps, p.Settings, src, fo)
	if err != nil {
		return d, OrderKey{}, err
	}
	if d.Outcome == OutcomeRejected || d.Outcome == OutcomeDuplicate {
		return d, OrderKey{}, nil
	}
	held, errs, err := p.Host.EditReceivedOrder(ctx, *d.Order)
	var rj Rejection
	if errors.As(err, &rj) { // the host's order edit refused the order: rejected, nothing created (BRK-213)
		d.Outcome, d.Rejections, d.Order, d.Customer = OutcomeRejected, []Rejection{rj}, nil, nil
		return d, OrderKey{}, nil
	}
	if err != nil {
		return d, OrderKey{}, fmt.Errorf("broker: fulfillment request %s: order edit: %w", d.RequestID, err)
	}
	d = d.Settle(held, errs)
	eng := Engine{Settings: p.Settings, Now: p.Now}
	ev := ReceivedOrderEvent(d)
	recs := make([]Result, 0, len(d.Order.Lines))
	for _, l := range d.Order.Lines {
		r := Record{ID: uuid.NewSHA1(d.Order.ID, fmt.Appendf(nil, "line-%d", l.Seq)), Key: OrderKey{Company: src.Company}, LineSeq: l.Seq, LineNo: l.Seq,
			PickupOrder: d.Order.RetailPickup, OriginatingLocation: d.Order.Originate.Location}
		if d.Order.Pickup != nil {
			r.PickupLocation = d.Order.Pickup.Location
		}
		res, err := eng.Apply(&ReceivedFromBroker, r, ev)
		if err != nil {
			return d, OrderKey{}, fmt.Errorf("broker: fulfillment request %s line %d: %w", d.RequestID, l.Seq, err)
		}
		// The poll sends the decision's answer itself, once per order
		// (BRK-213, answer): it must not wait in every line's outbox too.
		res.Record.Outbox.Update = PendingUpdate{}
		recs = append(recs, res)
	}
	key, err := p.Host.CommitReceivedOrder(ctx, *d.Order, recs, func(k OrderKey) OrderLink { return d.Link(k, p.Settings) })
	if err != nil {
		return d, OrderKey{}, fmt.Errorf("broker: fulfillment request %s: create order: %w", d.RequestID, err)
	}
	return d, key, nil
}

// answer sends the status update of the decision (BRK-213).
func (p FulfillmentPoller) answer(ctx context.Context, req FulfillmentsRequest, d FulfillmentDecision, fo FulfillmentOrder) error {
	st, ok := d.Update(p.Settings)
	if !ok {
		return nil
	}
	u := StatusUpdate{Header: MessageHeader{MessageType: "StatusUpdate", XactionResponse: "?", XactionType: "INSERT",
		DateTime: p.now(), Version: p.Settings.MessageVersion, Source: p.Settings.System, Destination: p.Settings.Account},
		RequestID: d.RequestID, OrderID: fo.OrderID, StoreLocation: req.StoreLocation, OrderStatus: st}
	if _, err := p.Transport.StatusUpdate(ctx, u); err != nil {
		return fmt.Errorf("broker: fulfillment request %s: status update %s: %w", d.RequestID, st, err)
	}
	return nil
}
