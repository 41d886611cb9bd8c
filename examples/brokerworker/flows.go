package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/sqlstore"
)

// Demo orders of the flows other than F1, one each, seeded with -simulate:
// every message to Order Broker is the BROKER run's; the demo plays only
// what the rest of OMS and the stores do (a pick slip printed, a shipment
// confirmed, a store polling and accepting).
var (
	shipForPickupKey = broker.OrderKey{Company: 6, Order: 7501, ShipTo: 1} // F2
	storePickupKey   = broker.OrderKey{Company: 6, Order: 7701, ShipTo: 1} // F4
)

const (
	receivedRequestID = "9001" // the F3 order OB assigns to OMS
	firstReceivedNo   = 7801   // F3 orders are numbered from here
)

// pickupDemo is the demo's host around the BROKER run for F2, F3 and F4:
// the records it created, the F3 orders it received (order-broker.md
// §2.18-§2.24: it is the run's broker.ReceivedOrderHost, and the catalog,
// customers and order links the Fulfillments poll reads).
type pickupDemo struct {
	store *sqlstore.BrokerStore
	sim   *brokertest.Simulator

	mu       sync.Mutex
	records  []uuid.UUID // F2 and F4 records, then F3 records as they arrive
	received int         // F3 orders created
	links    memory.OrderLinks
}

// seed creates the F2 records as pick slip generation does (F2.01: in I,
// waiting for the run's SubmitOrder), the F4 records as store pickup
// acceptance does while Order Broker is not asked yet (R: BROKER_ORD
// submits them, F4.03), and queues the F3 order at the simulated Order
// Broker for the run's Fulfillments poll.
func (p *pickupDemo) seed(ctx context.Context, eng broker.Engine) error {
	var recs []broker.Record
	for seq := 1; seq <= 2; seq++ {
		res, err := eng.Apply(&broker.ShipForPickup, broker.Record{ID: uuid.New(), Flow: broker.ShipForPickup.Name, Key: shipForPickupKey, LineSeq: seq, LineNo: seq},
			broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
		if err != nil {
			return fmt.Errorf("ship-for-pickup pick slip: %w", err)
		}
		recs = append(recs, res.Record)
	}
	for seq := 1; seq <= 2; seq++ {
		recs = append(recs, broker.Record{ID: uuid.New(), Flow: broker.StorePickup.Name, Key: storePickupKey, LineSeq: seq, LineNo: seq,
			Status: broker.StatusReady, PickupOrder: true})
	}
	if err := p.store.Put(ctx, time.Now(), recs...); err != nil {
		return fmt.Errorf("seed F2 and F4 records: %w", err)
	}
	p.mu.Lock()
	for _, r := range recs {
		p.records = append(p.records, r.ID)
	}
	p.mu.Unlock()
	p.sim.EnqueueFulfillment(receivedOrder())
	return nil
}

// receivedOrder is the delivery order Order Broker assigns to OMS (F3).
func receivedOrder() broker.FulfillmentOrder {
	addr := broker.Address{Name: broker.Name{First: "ANN", Last: "LEE"}, Address1: "1 MAIN ST", City: "BOSTON", Province: "MA", Postal: "02110", Country: "US"}
	freight := decimal.RequireFromString("5.00")
	return broker.FulfillmentOrder{RequestID: receivedRequestID, OrderID: "S-9001", TransactionTypeID: broker.TransactionTypeDelivery,
		Detail: &broker.FulfillmentDetailOrder{
			SourceCode: "WEB", ShipVia: "UPS", FreightAmount: &freight, Total: decimal.RequireFromString("25.90"), Currency: "USD",
			SoldTo: broker.SoldTo{CustomerNo: "13827", Address: addr},
			Store:  broker.FulfillmentStoreLocation{Location: "1", System: "6", RequestLocation: "317", RequestSystem: "POS"},
			Items: []broker.FulfillmentItem{{LineNo: 1, RequestingLine: 1, ItemID: "ITEM1", Qty: 2, UnitPrice: decimal.RequireFromString("9.95"),
				Taxes: []broker.LineTax{{Amount: decimal.RequireFromString("1.00")}}, ShipTo: addr}},
		}}
}

// poller is the run's F3 Fulfillments poll over the demo host.
func (p *pickupDemo) poller(s broker.Settings) *broker.FulfillmentPoller {
	return &broker.FulfillmentPoller{Deps: broker.FulfillmentDeps{Catalog: p, Customers: p, Links: &p.links}, Host: p, Settings: s, Company: 6}
}

// FulfillmentItem: every item is in stock in the demo warehouse.
func (p *pickupDemo) FulfillmentItem(_ context.Context, _, _ int, itemID string) (broker.StockedItem, error) {
	return broker.StockedItem{Code: itemID, Available: 100}, nil
}

// ResolveFulfillmentCustomer: every sold-to is demo customer 12345.
func (p *pickupDemo) ResolveFulfillmentCustomer(context.Context, string, orce.ResponseCustomer) (orce.FulfillmentResult, error) {
	return orce.FulfillmentResult{SoldTo: customer.SoldTo{Number: 12345}}, nil
}

// EditReceivedOrder: the demo's order edit finds nothing wrong.
func (p *pickupDemo) EditReceivedOrder(context.Context, broker.ReceivedOrder) (bool, []string, error) {
	return false, nil, nil
}

// CommitReceivedOrder numbers the received order and writes its records.
func (p *pickupDemo) CommitReceivedOrder(ctx context.Context, _ broker.ReceivedOrder, recs []broker.Result, link func(broker.OrderKey) broker.OrderLink) (broker.OrderKey, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := broker.OrderKey{Company: 6, Order: firstReceivedNo + p.received, ShipTo: 1}
	out := make([]broker.Record, len(recs))
	for i, r := range recs {
		out[i] = r.Record
		out[i].Key = key
	}
	if err := p.store.Put(ctx, time.Now(), out...); err != nil {
		return broker.OrderKey{}, err
	}
	p.received++
	p.links.Add(link(key))
	for _, r := range out {
		p.records = append(p.records, r.ID)
	}
	return key, nil
}

func (p *pickupDemo) ids() []uuid.UUID {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]uuid.UUID(nil), p.records...)
}

// pickupDone: the record went as far as the demo takes it. F2 stops at T:
// the store's received and fulfilled come with the next day's inquiry
// (BRK-155).
func pickupDone(r broker.Record) bool {
	if r.Flow == broker.ShipForPickup.Name && r.Status == broker.StatusInTransit {
		return r.Outbox.Empty() // intransit went out
	}
	return finished[r.Status]
}

// done reports whether every F2, F3 and F4 demo record is done.
func (p *pickupDemo) done(ctx context.Context) (bool, error) {
	if p == nil {
		return true, nil
	}
	p.mu.Lock()
	received := p.received
	p.mu.Unlock()
	if received == 0 {
		return false, nil
	}
	for _, id := range p.ids() {
		r, err := p.store.Record(ctx, id)
		if err != nil {
			return false, err
		}
		if !pickupDone(r) {
			return false, nil
		}
	}
	return true, nil
}

// advance plays the rest of OMS and the stores for one step of each
// record, through the run's Runner.Apply (the host's events) and the
// simulator (the stores); every message to Order Broker is left to the
// next run.
func (p *pickupDemo) advance(ctx context.Context, runner *broker.Runner, log *slog.Logger) {
	if p == nil {
		return
	}
	for _, id := range p.ids() {
		r, err := p.store.Record(ctx, id)
		if err != nil || !r.Outbox.Empty() {
			continue // the run has not sent what the last step asked for yet
		}
		switch {
		case r.Flow == broker.ShipForPickup.Name && r.Status == broker.StatusPicking, // F2.06: the pick slip shipped to the store
			r.Flow == broker.ReceivedFromBroker.Name && r.Status == broker.StatusPicking: // F3.12: the delivery shipped
			_, err = runner.Apply(ctx, id, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS,
				ShippingAgent: "UPS", TrackingNumber: fmt.Sprintf("1Z%d%d", r.Key.Order, r.LineSeq)})
		case r.Flow == broker.ReceivedFromBroker.Name && r.Status == broker.StatusInProcess: // F3.10: the pick slip printed
			_, err = runner.Apply(ctx, id, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
		case r.Flow == broker.StorePickup.Name && r.Status == broker.StatusAcknowledged && r.RequestID != "":
			err = p.sim.Advance(r.RequestID, broker.OBPolled) // the store polled
		case r.Flow == broker.StorePickup.Name && r.Status == broker.StatusPolled:
			err = p.sim.Advance(r.RequestID, broker.OBAccepted)
		case r.Flow == broker.StorePickup.Name && r.Status == broker.StatusAccepted:
			err = p.sim.Advance(r.RequestID, broker.OBFulfilled) // the customer picked it up
		}
		if err != nil {
			log.Error("demo step", "record", r.Label(), "err", err)
		}
	}
}

// pickupOrder is the demo order of an F2 or F4 key: a ship-for-pickup
// order for store 317, or a store pickup order at store 7.
func pickupOrder(o broker.Order) broker.Order {
	switch o.Key {
	case shipForPickupKey:
		o.ShipForPickup, o.PickupStore, o.PickupSystem = true, "317", "STC"
	case storePickupKey:
		o.PickupStore, o.PickupSystem = "7", "STC"
	}
	return o
}
