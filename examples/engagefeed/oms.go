package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerengage"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// omsClock is the BROKER run's clock: it inquires about a line only every
// K10 minutes, so the step moves time on between runs.
type omsClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *omsClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *omsClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fromTheOMS feeds what omskit itself writes and bills, with nothing handed
// to the feed by the host: the order intake writes through an
// engage.FeedingStore, and the BROKER run writes its records through a
// broker.BillingStore whose sink is a brokerengage.Receipts. An order is
// taken in, its backordered line is brokered to a store through the Order
// Broker simulator and fulfilled there, and a return of it is taken in:
// on the platform that is one order and two receipts (ENG-003, ENG-004,
// ENG-007).
func (s *scenario) fromTheOMS(ctx context.Context) error {
	s.heading("From the OMS: an order taken in, brokered, fulfilled and returned, fed with nothing handed over (ENG-003, ENG-004, ENG-007)")
	clk := &omsClock{t: placed}
	orders := memory.NewOrderStore()
	orders.SetLastOrderNumber(7000)
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "MUG", Description: "Enamel mug"})
	catalog.AddItem(order.Item{Number: "TOTE", Description: "Canvas tote"})
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	returns := map[string]engage.OrderID{}
	opts := engage.OrderOptions{Currency: "SEK", ReturnOf: func(o order.Order) (engage.OrderID, bool) {
		id, ok := returns[o.OrderNumber] // the host knows which order a return is of
		return id, ok
	}}
	var feedErr error
	deps := order.Deps{Store: &engage.FeedingStore{Store: orders, Feed: s.feed, Options: opts,
		OnError: func(_ context.Context, _ order.Order, err error) { feedErr = err }},
		Items: catalog, PayTypes: catalog, OrderNumbers: orders, Clock: clk.now}
	take := func(number string, lines ...order.Line) (order.Order, error) {
		res, err := order.Intake(ctx, deps, order.Input{Order: order.Order{OrderNumber: number, Currency: "SEK",
			ResponseType: order.ResponseNone, PayIncluded: true, SoldTo: order.SoldTo{CustomerNumber: "240", LastName: "LIND"},
			ShipTos: []order.ShipTo{{Type: "1", Lines: lines}}, Payments: []order.Payment{{Seq: 1, PayType: "CK"}}}})
		if err == nil && feedErr != nil {
			err = fmt.Errorf("feed order %s: %w", number, feedErr)
		}
		return res.Order, err
	}

	sale, err := take("WEB-77", order.Line{Seq: 1, ItemID: "TOTE", Quantity: 2, Price: sek("129")},
		order.Line{Seq: 2, ItemID: "MUG", Quantity: 1, Price: sek("89")})
	if err != nil {
		return err
	}
	id := engage.IntakeOrderID(sale)
	s.say("order WEB-77 taken in as order %s (%s): fed as it was written", id, sale.Status)

	// The BROKER run, over HTTP against the Order Broker simulator, writes
	// its records through the billing store.
	obsim := brokertest.New(brokertest.Config{Now: clk.now, Locations: []broker.Location{{Location: "317", System: "STC"}}})
	base, stop, err := serve(ctx, obsim, s.log)
	if err != nil {
		return err
	}
	defer stop()
	records := memory.NewBrokerStore()
	key := broker.OrderKey{Company: 555, Order: sale.Number, ShipTo: 1}
	addr := broker.Address{Name: broker.Name{First: "MARIA", Last: "LIND"}, Address1: "12 Harbour St", City: "Portland", Province: "ME", Postal: "04101", Country: "US"}
	records.PutOrder(broker.Order{Key: key, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 240, Address: addr}, ShipTo: addr, ShipVia: "1", ShipViaDescription: "UPS",
		Lines: []broker.OrderLine{{Seq: 1, Number: 1, Status: broker.LineOpen, Ordered: 2, Backordered: 2, UnitPrice: sek("129"),
			Item: broker.Item{Code: "TOTE", OROBEligible: true}}}})
	recID := uuid.NewSHA1(uuid.NameSpaceOID, []byte("WEB-77 line 1"))
	if err := records.Put(ctx, broker.Record{ID: recID, Flow: "F1", Key: key, LineSeq: 1, LineNo: 1, Status: broker.StatusReady}); err != nil {
		return err
	}
	billing := &broker.BillingStore{Store: records, Sink: &brokerengage.Receipts{Feed: s.feed, Orders: orders, Options: opts},
		OnError: func(_ context.Context, _ []broker.BilledLine, err error) { feedErr = err }}
	runner := &broker.Runner{Transport: brokerhttp.New(base), Store: billing, Orders: records,
		Engine: broker.Engine{Now: clk.now, Settings: broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6",
			DefaultLocation: "1234567890", UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0", LocalCurrency: "SEK"}}}
	var walk []string
	run := func() error {
		rep, err := runner.Run(ctx)
		if err == nil && len(rep.Errors) > 0 {
			err = rep.Errors[0]
		}
		if err == nil && feedErr != nil {
			err = feedErr
		}
		rec, rerr := records.Record(ctx, recID)
		if err == nil {
			err = rerr
		}
		walk = append(walk, string(rune(rec.Status)))
		return err
	}
	if err := run(); err != nil {
		return err
	}
	rec, err := records.Record(ctx, recID)
	if err != nil {
		return err
	}
	for _, st := range []broker.OBStatus{broker.OBPolled, broker.OBAccepted, broker.OBFulfilled} {
		if err := obsim.Advance(rec.RequestID, st); err != nil {
			return err
		}
		clk.add(31 * time.Minute) // past K10: due for a status inquiry
		if err := run(); err != nil {
			return err
		}
	}
	s.say("line 1 brokered to store 317 (request %s) and fulfilled there: record %s, billed once", rec.RequestID, strings.Join(walk, " -> "))

	returns["RET-77"] = id
	ret, err := take("RET-77", order.Line{Seq: 1, ItemID: "TOTE", Quantity: -1, Price: sek("129")})
	if err != nil {
		return err
	}
	s.say("return RET-77 taken in as order %s, of order %s", engage.IntakeOrderID(ret), id)

	// Replays change nothing: the same messages, and the billed lines told again.
	if _, err := take("WEB-77", order.Line{Seq: 1, ItemID: "TOTE", Quantity: 2, Price: sek("129")},
		order.Line{Seq: 2, ItemID: "MUG", Quantity: 1, Price: sek("89")}); err != nil {
		return err
	}
	if _, err := take("RET-77", order.Line{Seq: 1, ItemID: "TOTE", Quantity: -1, Price: sek("129")}); err != nil {
		return err
	}
	if _, err := billing.CatchUp(ctx); err != nil {
		return err
	}
	if _, err := s.settle(ctx); err != nil {
		return err
	}

	so, err := s.client.Order(ctx, id)
	if err != nil {
		return err
	}
	_, alone := s.sim.StoredOrder(engage.IntakeOrderID(ret))
	var mine []string
	for _, r := range s.sim.Receipts() {
		if r.Order == id {
			mine = append(mine, fmt.Sprintf("%s %s", r.Kind, lines(engage.Order{Lines: r.Lines})))
		}
	}
	s.say("platform: one order, %s (%s, lines %s), and %d receipts of it: %s", id, so.Order.Kind(), lines(so.Order), len(mine), strings.Join(mine, "; "))
	if alone || len(mine) != 2 {
		return fmt.Errorf("order %s: want one order and two receipts, got the return order on its own %v and %d receipt(s)", id, alone, len(mine))
	}
	return nil
}
