package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/storage/memory"
)

// demoBrokerOrder is the order number of the broker demo's order.
const demoBrokerOrder = 9001

// clock is the quickstart's settable clock: the BROKER run inquires about a
// line only every K10 minutes, so the walk moves time on between runs.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// runBroker brokers one backordered line: it starts the in-process Order
// Broker simulator on a loopback HTTP server, submits the line through the
// BROKER run (broker.Runner over the HTTP transport), lets the simulated
// store poll, accept and fulfil it, and prints the record's walk through
// its statuses.
func runBroker(ctx context.Context, w io.Writer) error {
	clk := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	sim := brokertest.New(brokertest.Config{Now: clk.now,
		Locations: []broker.Location{{Location: "317", System: "STC"}}})
	srv := httptest.NewServer(sim)
	defer srv.Close()

	settings := broker.Settings{
		SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0",
		LocalCurrency: "USD",
	}
	// The order as the host's OMS holds it: one line backordered. It is a
	// demo order of its own, held in memory, numbered far from the orders
	// the intake above took in (1, 2, 3) so that it cannot be read as one
	// of them.
	key := broker.OrderKey{Company: 555, Order: demoBrokerOrder, ShipTo: 1}
	addr := broker.Address{Name: broker.Name{First: "MARIA", Last: "LINDQVIST"}, Address1: "12 HARBOUR STREET",
		City: "PORTLAND", Province: "ME", Postal: "04101", Country: "US"}
	store := memory.NewBrokerStore()
	store.PutOrder(broker.Order{Key: key, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 1, Address: addr}, ShipTo: addr, ShipVia: "1", ShipViaDescription: "UPS",
		Lines: []broker.OrderLine{{Seq: 2, Number: 2, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("19.99"), Item: broker.Item{Code: "SKU00002", OROBEligible: true}}}})
	id := uuid.New()
	if err := store.Put(ctx, broker.Record{ID: id, Flow: "F1", Key: key, LineSeq: 2, LineNo: 2, Status: broker.StatusReady}); err != nil {
		return err
	}
	runner := &broker.Runner{Transport: brokerhttp.New(srv.URL), Store: store, Orders: store,
		Engine: broker.Engine{Settings: settings, Now: clk.now}}

	fmt.Fprintf(w, "\nBrokering a separate demo order (held in memory, not one of the orders taken in above):\n")
	fmt.Fprintf(w, "backordered line 2 of %s (order %d, ship-to %d), against the Order Broker simulator.\n", key, key.Order, key.ShipTo)
	fmt.Fprintln(w, "Record statuses: R ready to send, K acknowledged by Order Broker, P polled, A accepted by the store, X completed.")
	show := func(step string) error {
		rec, err := store.Record(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-32s %s, request %q, fulfilling location %q\n", step, rec.Status, rec.RequestID, rec.FulfillingLocation)
		return nil
	}
	if err := show("waiting to be sent:"); err != nil {
		return err
	}
	run := func() error {
		rep, err := runner.Run(ctx)
		if err != nil {
			return err
		}
		if len(rep.Errors) > 0 {
			return fmt.Errorf("BROKER run: %v", rep.Errors[0])
		}
		return nil
	}
	if err := run(); err != nil {
		return err
	}
	if err := show("after the BROKER run:"); err != nil {
		return err
	}
	rec, err := store.Record(ctx, id)
	if err != nil {
		return err
	}
	for _, st := range []broker.OBStatus{broker.OBPolled, broker.OBAccepted, broker.OBFulfilled} {
		if err := sim.Advance(rec.RequestID, st); err != nil {
			return err
		}
		clk.add(31 * time.Minute) // past K10: due for a status inquiry
		if err := run(); err != nil {
			return err
		}
		if err := show("the store reports " + string(st) + ":"); err != nil {
			return err
		}
	}
	for _, ef := range store.Effects(id) {
		if m, ok := ef.(broker.TransactionMessage); ok {
			fmt.Fprintf(w, "  order history: %s\n", m.Text)
		}
	}
	if n := sim.SubmitCount(broker.OrderID(key), 2); n != 1 {
		return fmt.Errorf("the line was submitted %d times", n)
	}
	return nil
}
