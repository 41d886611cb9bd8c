package brokerweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/broker/brokerweb"
	"github.com/omskit/omskit/storage/memory"
)

// The world of the console tests: a memory store filled by BROKER runs
// against the Order Broker simulator (brokertest), one order per story.
const (
	orderPolled     = 8001 // K -> P
	orderAccepted   = 8002 // K -> A
	orderShipped    = 8003 // K -> X, with tracking
	orderWaiting    = 8004 // W: the SubmitOrder got no answer
	orderAck        = 8005 // K, two lines, one not brokered (item not OROB eligible)
	orderCanceled   = 8006 // K -> Y -> Z
	orderHostile    = 8007 // K, with hostile text and a card number in its trail
	orderUnfulfill  = 8008 // U
	company         = 6
	card            = "4111 1111 1111 1111"
	hostileLocation = `<script>document.documentElement.dataset.pwned = "yes"</script>`
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func key(order int) broker.OrderKey {
	return broker.OrderKey{Company: company, Order: order, ShipTo: 1}
}

// order is an open, paid order with one backordered line per seq; a
// negative seq is a line whose item is not OROB eligible.
func order(k broker.OrderKey, seqs ...int) broker.Order {
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "1 MAIN ST", City: "WORCESTER", Province: "MA",
		Postal: "01602", Country: "US"}
	o := broker.Order{Key: k, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr, ShipVia: "1", SourceCode: "SOURCE"}
	for _, seq := range seqs {
		it := broker.Item{Code: fmt.Sprintf("ITEM%d", seq), OROBEligible: true}
		if seq < 0 {
			seq = -seq
			it = broker.Item{Code: "GIFTCARD", OROBEligible: false}
		}
		o.Lines = append(o.Lines, broker.OrderLine{Seq: seq, Number: seq, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("4.95"), Item: it})
	}
	return o
}

type world struct {
	t      *testing.T
	clock  *clock
	sim    *brokertest.Simulator
	store  *memory.BrokerStore
	runner *broker.Runner
	ids    map[int]uuid.UUID // record of line 1 of each order
}

func settings() broker.Settings {
	return broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890", UnfulfillableLocation: "999",
		StatusUpdateInterval: 30, MessageVersion: "18.0", OriginatingLocation: "M32LOC", LocalCurrency: "USD"}
}

// newWorld runs the BROKER run over the simulator until each order is in
// its story's status.
func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	sim := brokertest.New(brokertest.Config{Now: c.Now, Locations: []broker.Location{{Location: "STORE10", System: "6"}, {Location: "STORE20", System: "6"}, {Location: "STORE30", System: "6"}}})
	_, client := brokertest.NewServer(t, sim)
	// No test here injects a timeout, and the 300 ms default was reached
	// under the race detector on a loaded machine: a SubmitOrder timed out
	// and left a record the tests expect acknowledged in W.
	client.Timeout = 10 * time.Second
	w := &world{t: t, clock: c, sim: sim, store: memory.NewBrokerStore(), ids: map[int]uuid.UUID{}}
	// W stays W until someone looks: the console resends it.
	w.runner = &broker.Runner{Transport: client, Store: w.store, Orders: w.store, Engine: broker.Engine{Settings: settings(), Now: c.Now},
		ResendWaitingAfter: -1}
	for _, o := range []int{orderPolled, orderAccepted, orderShipped, orderWaiting, orderAck, orderCanceled, orderHostile, orderUnfulfill} {
		seqs := []int{1}
		if o == orderAck {
			seqs = []int{1, -2}
		}
		w.store.PutOrder(order(key(o), seqs...))
		w.ids[o] = uuid.New()
		require.NoError(t, w.store.Put(ctx, broker.Record{ID: w.ids[o], Flow: "F1", Key: key(o), LineSeq: 1, LineNo: 1, Status: broker.StatusReady,
			WarehouseLocation: "WH1"}))
	}
	// Orders are submitted one per SubmitOrder, in order number order;
	// the fourth gets no answer.
	sim.Inject(brokerhttp.MessageSubmitOrder, 0, 0, 0, brokertest.FaultServerError)
	w.run()
	require.NoError(t, sim.Advance(w.requestID(orderPolled), broker.OBPolled))
	require.NoError(t, sim.Advance(w.requestID(orderAccepted), broker.OBAccepted))
	require.NoError(t, sim.Ship(w.requestID(orderShipped), "UPS", "1Z999AA10123456784"))
	require.NoError(t, sim.Advance(w.requestID(orderUnfulfill), "unfulfillable"))
	_, err := w.runner.Cancel(ctx, w.ids[orderCanceled], broker.UserCancel{ReasonCode: "1", ReasonText: "CUSTOMER REQUEST"})
	require.NoError(t, err)
	c.Add(31 * time.Minute) // K10 passed: the K records are due
	w.run()
	// A hostile fulfilling location name, and a card number someone typed
	// into a note, both in the trail.
	require.NoError(t, w.store.Update(ctx, w.ids[orderHostile], func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		cur.FulfillingLocationName = hostileLocation
		return cur, []broker.SideEffect{
			broker.History{Record: cur.ID, Type: broker.HistoryError, Detail: "<b>bad</b> card " + card, At: c.Now()},
			broker.TransactionMessage{Record: cur.ID, Key: cur.Key, Text: `<img src=x onerror="alert(1)">`, At: c.Now()},
		}, nil
	}))
	c.Add(2 * time.Hour) // everything not final has waited past DefaultWait but the records changed below
	return w
}

func (w *world) run() {
	w.t.Helper()
	rep, err := w.runner.Run(context.Background())
	require.NoError(w.t, err)
	for _, e := range rep.Errors {
		require.ErrorIs(w.t, e, broker.ErrUnavailable, "only the injected fault fails")
	}
}

func (w *world) requestID(o int) string {
	w.t.Helper()
	id, ok := w.sim.RequestID(broker.OrderID(key(o)), 1)
	require.True(w.t, ok, "the simulator holds no order %d", o)
	return id
}

func (w *world) rec(o int) broker.Record {
	w.t.Helper()
	r, err := w.store.Record(context.Background(), w.ids[o])
	require.NoError(w.t, err)
	return r
}

// Users of the tests: the host's authorization hook reads a "user" cookie.
const (
	viewer   = "viewer"   // may look
	operator = "operator" // may look and act
)

func authorize(r *http.Request, a brokerweb.Access) bool {
	ck, err := r.Cookie("user")
	if err != nil {
		return false
	}
	switch ck.Value {
	case operator:
		return true
	case viewer:
		return a == brokerweb.Look
	}
	return false
}

// serve mounts the console under /console/ with a /login?as=USER that
// sets the user cookie, on an httptest.Server.
func (w *world) serve(opt brokerweb.Options) *httptest.Server {
	w.t.Helper()
	if opt.Store == nil {
		opt.Store = w.store
	}
	if opt.Now == nil {
		opt.Now = w.clock.Now
	}
	h, err := brokerweb.New(opt)
	require.NoError(w.t, err)
	mux := http.NewServeMux()
	mux.Handle("/console/", http.StripPrefix("/console", h))
	mux.HandleFunc("/login", func(rw http.ResponseWriter, r *http.Request) {
		http.SetCookie(rw, &http.Cookie{Name: "user", Value: r.URL.Query().Get("as"), Path: "/"})
		http.Redirect(rw, r, "/console/", http.StatusSeeOther)
	})
	srv := httptest.NewServer(mux)
	w.t.Cleanup(srv.Close)
	return srv
}

// options are the console's options over the world: every action, the
// orders for eligibility, waits of an hour.
func (w *world) options() brokerweb.Options {
	return brokerweb.Options{Actions: w.runner, Authorize: authorize, Orders: w.store, Settings: settings()}
}
