package brokerengage_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerengage"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

var t0 = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// world is an OMS whose every order is fed (engage.FeedingStore) and whose
// broker records tell every billed line to the feed (broker.BillingStore
// with a brokerengage.Receipts sink), against the platform simulator.
type world struct {
	t       *testing.T
	orders  *memory.OrderStore
	deps    order.Deps
	feed    *engage.Feed
	fstore  *engage.MemoryStore
	sim     *engagetest.Server
	records *memory.BrokerStore
	billing *broker.BillingStore
	returns map[string]engage.OrderID // return order_number -> the order it returns goods of
}

func newWorld(t *testing.T) *world {
	w := &world{t: t, orders: memory.NewOrderStore(), fstore: engage.NewMemoryStore(), records: memory.NewBrokerStore(),
		sim: engagetest.New(engagetest.WithProcessingPolls(0)), returns: map[string]engage.OrderID{}}
	w.orders.SetLastOrderNumber(5000)
	srv := httptest.NewServer(w.sim)
	t.Cleanup(srv.Close)
	w.feed = engage.NewFeed(engagehttp.New(srv.URL, &http.Client{Timeout: time.Second}, ""), w.fstore, engage.Config{})
	opts := engage.OrderOptions{Currency: "USD", ReturnOf: func(o order.Order) (engage.OrderID, bool) {
		id, ok := w.returns[o.OrderNumber]
		return id, ok
	}}
	var feedErr error
	feeding := &engage.FeedingStore{Store: w.orders, Feed: w.feed, Options: opts,
		OnError: func(_ context.Context, _ order.Order, err error) { feedErr = err }}
	t.Cleanup(func() { assert.NoError(t, feedErr) })
	catalog := memory.NewOrderCatalog()
	for _, it := range []string{"SHIRT", "HAT", "PENCIL"} {
		catalog.AddItem(order.Item{Number: it, Description: it})
	}
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	catalog.AddPayType(order.PayType{Code: "27", Kind: order.PayOther})
	w.deps = order.Deps{Store: feeding, Items: catalog, PayTypes: catalog, OrderNumbers: w.orders, Clock: func() time.Time { return t0 }}
	w.billing = &broker.BillingStore{Store: w.records, Sink: &brokerengage.Receipts{Feed: w.feed, Orders: w.orders, Options: opts},
		OnError: func(_ context.Context, _ []broker.BilledLine, err error) { feedErr = err }}
	return w
}

func (w *world) intake(number string, lines ...order.Line) order.Result {
	w.t.Helper()
	res, err := order.Intake(context.Background(), w.deps, order.Input{Order: order.Order{OrderNumber: number, OrderDate: t0, Currency: "USD",
		ResponseType: order.ResponseAcknowledgement, PayIncluded: true, SoldTo: order.SoldTo{CustomerNumber: "240", LastName: "JONES"},
		ShipTos: []order.ShipTo{{Type: "1", Lines: lines}}, Payments: []order.Payment{{Seq: 1, PayType: "CK"}}}})
	require.NoError(w.t, err)
	require.Equal(w.t, order.StatusOpen, res.Order.Status, "precondition: accepted")
	return res
}

// record puts a broker record for a line of an order.
func (w *world) record(flow string, number, seq int, st broker.Status) uuid.UUID {
	w.t.Helper()
	r := broker.Record{ID: uuid.New(), Flow: flow, Key: broker.OrderKey{Company: 6, Order: number, ShipTo: 1}, LineSeq: seq, LineNo: seq,
		Status: st, RequestID: "R" + flow}
	require.NoError(w.t, w.records.Put(context.Background(), r))
	return r.ID
}

// apply applies an event to a record through the billing store, as the
// BROKER run and the host's OMS events do.
func (w *world) apply(f *broker.Flow, s broker.Settings, id uuid.UUID, ev broker.Event) {
	w.t.Helper()
	ev.At = t0.Add(time.Hour)
	err := w.billing.Update(context.Background(), id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		res, err := broker.Engine{Settings: s, Now: func() time.Time { return t0 }}.Apply(f, cur, ev)
		return res.Record, res.Effects, err
	})
	require.NoError(w.t, err)
}

func (w *world) sendAll() {
	w.t.Helper()
	ctx := context.Background()
	_, err := w.feed.Flush(ctx)
	require.NoError(w.t, err)
	_, err = w.feed.Confirm(ctx)
	require.NoError(w.t, err)
}

// receivedWriter writes the F3 records missing from the broker store.
type receivedWriter struct{ store *memory.BrokerStore }

func (r receivedWriter) WriteReceived(ctx context.Context, recs []broker.Result, _ broker.OrderLink) error {
	for _, res := range recs {
		if _, err := r.store.Record(ctx, res.Record.ID); err == nil {
			continue
		}
		if err := r.store.Put(ctx, res.Record); err != nil {
			return err
		}
	}
	return nil
}

var settings = broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
	UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0", LocalCurrency: "USD",
	Flows: broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", StorePickupOrderType: "SP",
		RejectedStorePickupCancelReason: "G1", ErrorBatch: "77"}}

// Every order omskit writes (intake and F3) becomes one engagement order;
// every fulfilment the broker bills (F1 to F4) and every return taken in
// one receipt, exactly once across replays, through the one outbox (issue
// 19, item 4; ENG-003, ENG-004, ENG-007).
func TestEveryOrderAndFulfilmentFed(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	web := w.intake("WEB-1", order.Line{Seq: 1, ItemID: "SHIRT", Quantity: 2, Price: dec("10.00")},
		order.Line{Seq: 2, ItemID: "HAT", Quantity: 1, Price: dec("5.00")})
	w.intake("WEB-2", order.Line{Seq: 1, ItemID: "PENCIL", Quantity: 3, Price: dec("1.00")})
	require.EqualValues(t, 5001, web.Order.Number)

	// F1: line 1 brokered and fulfilled; F4: line 2 picked up at a store
	f1 := w.record("F1", 5001, 1, broker.StatusAccepted)
	w.apply(&broker.BrokeredBackorder, settings, f1, broker.Event{Kind: broker.EventFulfilled})
	f4 := w.record("F4", 5001, 2, broker.StatusAccepted)
	w.apply(&broker.StorePickup, settings, f4, broker.Event{Kind: broker.EventFulfilled})
	// F2: WEB-2 shipped to the pickup store
	f2 := w.record("F2", 5002, 1, broker.StatusPicking)
	w.apply(&broker.ShipForPickup, settings, f2, broker.Event{Kind: broker.EventShipmentConfirmed})

	// F3: an order received from Order Broker goes through the order edit
	// (its order is fed as it is written), is picked and shipped
	ri := &broker.ReceivedIntake{Deps: w.deps, Writer: receivedWriter{w.records}}
	ro := broker.ReceivedOrder{ID: uuid.MustParse("00000000-0000-0000-0000-0000000000f3"), Company: 6, RequestID: "900", OrderType: "D",
		Channel: "C", OrderDate: t0, CustomerNo: "240", SoldTo: broker.Address{Name: broker.Name{Last: "JONES"}},
		ShipTo: broker.Address{Name: broker.Name{Last: "JONES"}, Address1: "1 Main St", City: "Boston", Country: "US"}, ShipVia: "30",
		Lines:   []broker.ReceivedLine{{Seq: 1, ItemID: broker.ItemID("PENCIL", ""), Qty: 2, UnitPrice: dec("9.95")}},
		Payment: broker.ReceivedPayment{PayType: "27"}}
	f3 := uuid.New()
	receive := func() broker.OrderKey {
		_, _, err := ri.EditReceivedOrder(ctx, ro)
		require.NoError(t, err)
		key, err := ri.CommitReceivedOrder(ctx, ro, []broker.Result{{Record: broker.Record{ID: f3, Flow: "F3", LineSeq: 1, LineNo: 1,
			Status: broker.StatusInProcess, RequestID: "900"}}}, func(k broker.OrderKey) broker.OrderLink { return broker.OrderLink{Fulfilling: k} })
		require.NoError(t, err)
		return key
	}
	key := receive()
	assert.Equal(t, 5003, key.Order)
	w.apply(&broker.ReceivedFromBroker, settings, f3, broker.Event{Kind: broker.EventPickSlipPrinted})
	w.apply(&broker.ReceivedFromBroker, settings, f3, broker.Event{Kind: broker.EventShipmentConfirmed})

	// a return taken in against WEB-1: one return receipt, WEB-1 updated in place
	w.returns["RET-1"] = "5001"
	ret := w.intake("RET-1", order.Line{Seq: 1, ItemID: "SHIRT", Quantity: -1, Price: dec("10.00")})

	// replays: the intake messages, the F3 order, every billed line
	w.intake("WEB-1", order.Line{Seq: 1, ItemID: "SHIRT", Quantity: 2, Price: dec("10.00")},
		order.Line{Seq: 2, ItemID: "HAT", Quantity: 1, Price: dec("5.00")})
	w.intake("RET-1", order.Line{Seq: 1, ItemID: "SHIRT", Quantity: -1, Price: dec("10.00")})
	assert.Equal(t, key, receive())
	n, err := w.billing.CatchUp(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	w.sendAll()
	w.sendAll() // nothing left

	// ENG-007: one engagement order per order written; the return order is fed against WEB-1
	for _, id := range []engage.OrderID{"5001", "5002", "5003"} {
		_, ok := w.sim.StoredOrder(id)
		assert.True(t, ok, "order %s", id)
	}
	_, ok := w.sim.StoredOrder(engage.IntakeOrderID(ret.Order))
	assert.False(t, ok, "the return is fed against the order it returns goods of")
	assert.Equal(t, 4, w.sim.Requests(engagetest.OpPutOrder), "three orders and WEB-1's update with its return line")
	so, _ := w.sim.StoredOrder("5001")
	assert.Equal(t, engage.KindMixed, so.Order.Kind()) // ENG-004-E1: updated in place with the return line

	// ENG-003, ENG-004: one receipt per billed fulfilment and per return, each registered once, referring to its order
	rcs := w.sim.Receipts()
	require.Len(t, rcs, 5)
	got := map[engage.ReceiptID]engage.Receipt{}
	for _, r := range rcs {
		got[r.ID] = r
	}
	require.Len(t, got, 5, "no receipt registered twice")
	want := []struct {
		order   engage.OrderID
		kind    engage.ReceiptKind
		event   string
		article string
		qty     int
	}{
		{"5001", engage.ReceiptSale, "broker-" + f1.String(), "SHIRT", 2},  // F1.19
		{"5001", engage.ReceiptSale, "broker-" + f4.String(), "HAT", 1},    // F4.09
		{"5002", engage.ReceiptSale, "broker-" + f2.String(), "PENCIL", 3}, // F2.06
		{"5003", engage.ReceiptSale, "broker-" + f3.String(), "PENCIL", 2}, // F3.12
		{"5001", engage.ReceiptReturn, engage.IntakeChangeKey(ret.Order), "SHIRT", -1},
	}
	for _, x := range want {
		r, ok := got[engage.MintReceiptID(string(x.order), x.kind, x.event)]
		require.True(t, ok, "receipt of %s %s", x.order, x.event)
		assert.Equal(t, x.order, r.Order)
		assert.Equal(t, engage.ContactID("240"), r.Contact)
		require.Len(t, r.Lines, 1)
		assert.Equal(t, x.article, r.Lines[0].Article)
		assert.Equal(t, x.qty, r.Lines[0].Quantity)
	}
}

// A line billed while the feed's store was down is told again by CatchUp
// and registered then, once.
func TestBilledLineToldAgainAfterFailure(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.intake("WEB-1", order.Line{Seq: 1, ItemID: "SHIRT", Quantity: 2, Price: dec("10.00")})
	var failed []broker.BilledLine
	w.billing.Sink = &brokerengage.Receipts{Feed: w.feed, Orders: failingOrders{}, Options: engage.OrderOptions{Currency: "USD"}}
	w.billing.OnError = func(_ context.Context, l []broker.BilledLine, _ error) { failed = append(failed, l...) }
	f1 := w.record("F1", 5001, 1, broker.StatusAccepted)
	w.apply(&broker.BrokeredBackorder, settings, f1, broker.Event{Kind: broker.EventFulfilled})
	require.Len(t, failed, 1)
	w.billing.Sink = &brokerengage.Receipts{Feed: w.feed, Orders: w.orders, Options: engage.OrderOptions{Currency: "USD"}}
	for range 2 {
		_, err := w.billing.CatchUp(ctx)
		require.NoError(t, err)
	}
	w.sendAll()
	assert.Len(t, w.sim.Receipts(), 1) // ENG-003: registered once
}

type failingOrders struct{}

func (failingOrders) OrderIDByNumber(context.Context, int) (uuid.UUID, error) {
	return uuid.Nil, order.ErrNotFound
}

func (failingOrders) Order(context.Context, uuid.UUID) (order.Order, error) {
	return order.Order{}, order.ErrNotFound
}
