package broker_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/scv"
	"github.com/omskit/omskit/storage/memory"
)

// End-to-end tests of flow F3 (retail pickup and delivery orders received
// from the broker, order-broker.md §2.18-§2.24, table §4.3): the
// broker.FulfillmentPoller polls the Order Broker simulator over HTTP
// (brokerhttp), each received order passes the order edit through
// broker.ReceivedIntake (package order's Intake on the memory order store),
// and the answer goes back to the simulator as a status update. Each test
// names the F3 rows and BRK IDs it asserts.

// f3Catalog is the broker-side item lookup (stock for the K89/K11 rules).
type f3Catalog map[string]broker.StockedItem

func (c f3Catalog) FulfillmentItem(_ context.Context, _, _ int, itemID string) (broker.StockedItem, error) {
	it, ok := c[itemID]
	if !ok {
		return broker.StockedItem{}, fmt.Errorf("item %q: %w", itemID, broker.ErrUnknownItem)
	}
	return it, nil
}

// f3Customers resolves every sold-to to customer 13827 (the orce rules
// have their own tests); it counts the calls.
type f3Customers struct {
	mu    sync.Mutex
	calls int
}

func (c *f3Customers) ResolveFulfillmentCustomer(context.Context, string, orce.ResponseCustomer) (orce.FulfillmentResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	return orce.FulfillmentResult{SoldTo: customer.SoldTo{Number: 13827}}, nil
}

// f3Host is the host's broker-side storage: the records (memory
// BrokerStore) and the order links, written together.
type f3Host struct {
	mu    sync.Mutex
	store *memory.BrokerStore
	memory.OrderLinks
	effects []broker.SideEffect
	fail    error
}

func (h *f3Host) WriteReceived(ctx context.Context, recs []broker.Result, link broker.OrderLink) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail != nil {
		return h.fail
	}
	for _, r := range recs {
		if err := h.store.Put(ctx, r.Record); err != nil {
			return err
		}
		h.effects = append(h.effects, r.Effects...)
	}
	h.Add(link)
	return nil
}

type f3Holds struct{ reasons []string }

func (h f3Holds) CheckHolds(context.Context, *order.Order) ([]string, error) { return h.reasons, nil }

type f3E2E struct {
	t      *testing.T
	sim    *brokertest.Simulator
	orders *memory.OrderStore
	items  *memory.OrderCatalog
	host   *f3Host
	cust   *f3Customers
	poller *broker.FulfillmentPoller
	intake *broker.ReceivedIntake
}

func f3Settings() broker.Settings {
	s := e2eSettings()
	s.Flows = broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", SourceCode: "K93SRC", ShipVia: "30",
		DefaultShipVia: "1", PriceOverrideReason: "PO", PaymentType: "27", PaymentTypeDescription: "ORDER BROKER", ErrorBatch: "77"}
	return s
}

func newF3E2E(t *testing.T, s broker.Settings) *f3E2E {
	t.Helper()
	clock := &e2eClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sim := brokertest.New(brokertest.Config{Now: clock.Now})
	_, client := brokertest.NewServer(t, sim)
	orders := memory.NewOrderStore()
	orders.SetLastOrderNumber(7000)
	items := memory.NewOrderCatalog()
	items.AddItem(order.Item{Number: "PENCIL", Warehouses: []string{"1"}})
	items.AddItem(order.Item{Number: "PEN", Warehouses: []string{"1"}})
	items.AddPayType(order.PayType{Code: "27", Kind: order.PayOther})
	host := &f3Host{store: memory.NewBrokerStore()}
	cust := &f3Customers{}
	intake := &broker.ReceivedIntake{Deps: order.Deps{Store: orders, Items: items, PayTypes: items, OrderNumbers: orders, Clock: clock.Now},
		Writer: host}
	p := &broker.FulfillmentPoller{Transport: client, Host: intake, Settings: s, Company: 6, Now: clock.Now,
		Deps: broker.FulfillmentDeps{Catalog: f3Catalog{
			"PENCIL": {Code: "PENCIL", Available: 10}, "PEN": {Code: "PEN", Available: 10},
			"NOTINOMS": {Code: "NOTINOMS", Available: 10}, "SOLDOUT": {Code: "SOLDOUT", SoldOut: true, HasSoldoutControl: true},
			"NONE": {Code: "NONE"},
		}, Customers: cust, Links: host, Now: clock.Now}}
	return &f3E2E{t: t, sim: sim, orders: orders, items: items, host: host, cust: cust, poller: p, intake: intake}
}

// f3Fulfillment is a delivery order OB assigns to OMS location 1: one line
// of 2 PENCIL at 9.95 with 1.00 tax, freight 5.00, total 25.90.
func f3Fulfillment(requestID string) broker.FulfillmentOrder {
	addr := broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston",
		Province: "MA", Postal: "02110", Country: "US"}
	freight := decimal.RequireFromString("5.00")
	return broker.FulfillmentOrder{RequestID: requestID, OrderID: "S-" + requestID, TransactionTypeID: "DELIVERY",
		Detail: &broker.FulfillmentDetailOrder{
			SourceCode: "WEB", ShipVia: "UPS", FreightAmount: &freight, Total: decimal.RequireFromString("25.90"), Currency: "USD",
			SoldTo: broker.SoldTo{CustomerNo: "13827", Address: addr},
			Store:  broker.FulfillmentStoreLocation{Location: "1", System: "6", RequestLocation: "317", RequestSystem: "POS"},
			Items: []broker.FulfillmentItem{{LineNo: 1, RequestingLine: 1, ItemID: "PENCIL", Qty: 2, UnitPrice: decimal.RequireFromString("9.95"),
				Taxes: []broker.LineTax{{Amount: decimal.RequireFromString("1.00")}}, ShipTo: addr}},
		}}
}

func (e *f3E2E) poll() broker.PollReport {
	e.t.Helper()
	rep, err := e.poller.Poll(context.Background())
	require.NoError(e.t, err)
	return rep
}

// updates returns the statuses OMS sent OB for requestID, in order.
func (e *f3E2E) updates(requestID string) []broker.OBStatus {
	var out []broker.OBStatus
	for _, u := range e.sim.Updates() {
		if u.RequestID == requestID {
			out = append(out, u.OrderStatus)
		}
	}
	return out
}

func (e *f3E2E) texts() []string {
	e.host.mu.Lock()
	defer e.host.mu.Unlock()
	var out []string
	for _, ef := range e.host.effects {
		if m, ok := ef.(broker.TransactionMessage); ok {
			out = append(out, m.Text)
		}
	}
	return out
}

// An order polled from OB is created through the order edit, open, with an
// In Process record; OB is answered accepted and the orders are linked
// both ways.
func TestE2EF3ReceivedOrderAccepted(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("5001"))
	rep := e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeAccepted, rep.Decisions[0].Outcome, "%v", rep.Decisions[0].Err())
	key, ok := rep.Created["5001"]
	require.True(t, ok)
	assert.Equal(t, broker.OrderKey{Company: 6, Order: 7001, ShipTo: 1}, key)

	// The order passed order.Intake: written once, open, numbered.
	orders := e.orders.Orders()
	require.Len(t, orders, 1)
	o := orders[0]
	assert.Equal(t, order.StatusOpen, o.Status)
	assert.Equal(t, 7001, o.Number)
	assert.Equal(t, "OB5001", o.OrderNumber)
	assert.Equal(t, "D", o.OrderType)    // BRK-165: a DELIVERY order not from OMS takes K91
	assert.Equal(t, "C", o.OrderChannel) // BRK-167
	assert.Equal(t, "13827", o.CustomerNbr)
	require.Len(t, o.ShipTos, 1)
	require.Len(t, o.ShipTos[0].Lines, 1)
	assert.Equal(t, "PENCIL", o.ShipTos[0].Lines[0].ItemID)
	assert.Equal(t, 2, o.ShipTos[0].Lines[0].Quantity)

	// F3.01, BRK-215: an In Process record per line, keyed with the new order.
	recs := e.host.store.Records()
	require.Len(t, recs, 1)
	assert.Equal(t, broker.StatusInProcess, recs[0].Status)
	assert.Equal(t, key, recs[0].Key)
	assert.Equal(t, "5001", recs[0].RequestID)
	// BRK-216
	assert.Contains(t, e.texts(), "Ln#: 1 Ready for Fulfillment")
	// BRK-213: accepted, and the simulator's order follows.
	assert.Equal(t, []broker.OBStatus{broker.OBAccepted}, e.updates("5001"))
	so, ok := e.sim.Order("5001")
	require.True(t, ok)
	assert.Equal(t, broker.OBAccepted, so.Status())

	// The link, both ways.
	l, err := e.host.LinkByRequestID(context.Background(), "5001")
	require.NoError(t, err)
	assert.Equal(t, key, l.Fulfilling)
	assert.Equal(t, "S-5001", l.OriginatingOrderID)
	l2, err := e.host.LinkByFulfilling(context.Background(), key)
	require.NoError(t, err)
	assert.Equal(t, "5001", l2.RequestID)
}

// OB sends the same fulfillment again: no second order, no second record,
// and the first answer is repeated.
func TestE2EF3DuplicateFulfillmentCreatesNoSecondOrder(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("5002"))
	e.poll()
	e.sim.EnqueueFulfillment(f3Fulfillment("5002"))
	rep := e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeDuplicate, rep.Decisions[0].Outcome)
	assert.Empty(t, rep.Created)
	assert.Len(t, e.orders.Orders(), 1)
	assert.Len(t, e.host.store.Records(), 1)
	assert.Equal(t, []broker.OBStatus{broker.OBAccepted, broker.OBAccepted}, e.updates("5002"))
}

// Bad input is rejected back to OB with the reason: status update
// rejected, no order, no record, no link.
func TestE2EF3RejectedBackToBroker(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*broker.FulfillmentOrder)
		reason broker.RejectReason
		field  string
	}{
		{"unknown item", func(fo *broker.FulfillmentOrder) { fo.Detail.Items[0].ItemID = "GHOST" }, broker.RejectUnknownItem, "item_id"},
		// BRK-162: the only item is sold out.
		{"BRK-162 only item sold out", func(fo *broker.FulfillmentOrder) { fo.Detail.Items[0].ItemID = "SOLDOUT" }, broker.RejectSoldOut, "item_id"},
		// BRK-161: K89 unselected, no stock and no PO within K11.
		{"BRK-161 cannot fill", func(fo *broker.FulfillmentOrder) { fo.Detail.Items[0].ItemID = "NONE" }, broker.RejectCannotFill, "qty"},
		// no sold-to name
		{"missing customer", func(fo *broker.FulfillmentOrder) {
			fo.Detail.SoldTo.Address.First, fo.Detail.SoldTo.Address.Last = "", ""
		}, broker.RejectMissingCustomer, "sold_to_customer"},
		// the first item's ship-to has no street
		{"bad address", func(fo *broker.FulfillmentOrder) { fo.Detail.Items[0].ShipTo.Address1 = "" }, broker.RejectBadAddress, "ship_to/address1"},
		// the total does not cover the lines, tax and freight
		{"short payment", func(fo *broker.FulfillmentOrder) { fo.Detail.Total = decimal.RequireFromString("10.00") }, broker.RejectPaymentShort, "transaction_total"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newF3E2E(t, f3Settings())
			id := fmt.Sprint(5100 + i)
			fo := f3Fulfillment(id)
			tc.edit(&fo)
			e.sim.EnqueueFulfillment(fo)
			rep := e.poll()
			require.Len(t, rep.Decisions, 1)
			d := rep.Decisions[0]
			assert.Equal(t, broker.OutcomeRejected, d.Outcome)
			require.NotEmpty(t, d.Rejections)
			assert.Equal(t, tc.reason, d.Rejections[0].Reason)
			assert.Equal(t, tc.field, d.Rejections[0].Field)
			assert.ErrorIs(t, d.Err(), broker.ErrFulfillmentRejected)
			assert.Equal(t, []broker.OBStatus{broker.OBRejected}, e.updates(id)) // BRK-213
			assert.Empty(t, e.orders.Orders())
			assert.Zero(t, e.orders.Commits())
			assert.Empty(t, e.host.store.Records())
			_, err := e.host.LinkByRequestID(context.Background(), id)
			assert.ErrorIs(t, err, broker.ErrLinkNotFound)
			assert.Zero(t, e.cust.calls, "rejected before the customer is resolved")
		})
	}
}

// An order the order edit puts in error is still created, in error, with
// a New record in the error batch; OB hears polled only with L04.
func TestE2EF3OrderEditErrorCreatesOrderInError(t *testing.T) {
	for _, rePolling := range []bool{false, true} {
		t.Run(fmt.Sprintf("L04=%v", rePolling), func(t *testing.T) {
			s := f3Settings()
			s.Flows.RePolling = rePolling
			e := newF3E2E(t, s)
			fo := f3Fulfillment("5201")
			fo.Detail.Items[0].ItemID = "NOTINOMS" // the broker catalog has it, the order catalog does not
			e.sim.EnqueueFulfillment(fo)
			rep := e.poll()
			require.Len(t, rep.Decisions, 1)
			d := rep.Decisions[0]
			assert.Equal(t, broker.OutcomeInError, d.Outcome)
			require.NotEmpty(t, d.Errors)
			assert.Contains(t, strings.Join(d.Errors, "\n"), "NOTINOMS")
			orders := e.orders.Orders()
			require.Len(t, orders, 1)
			assert.Equal(t, order.StatusError, orders[0].Status)
			// F3.03, BRK-215: record New; BRK-214: error batch K90.
			recs := e.host.store.Records()
			require.Len(t, recs, 1)
			assert.Equal(t, broker.StatusNew, recs[0].Status)
			var batch []string
			for _, ef := range e.host.effects {
				if b, ok := ef.(broker.ErrorBatchAssignment); ok {
					batch = append(batch, b.Batch)
					assert.Equal(t, rep.Created["5201"], b.Key)
				}
			}
			assert.Equal(t, []string{"77"}, batch)
			// BRK-213: polled with L04, nothing without.
			if rePolling {
				assert.Equal(t, []broker.OBStatus{broker.OBPolled}, e.updates("5201"))
			} else {
				assert.Empty(t, e.updates("5201"))
			}
		})
	}
}

// An order the order edit puts on hold: created held, answered polled.
func TestE2EF3HeldOrderAnsweredPolled(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.intake.Deps.Holds = f3Holds{reasons: []string{"FR"}}
	e.sim.EnqueueFulfillment(f3Fulfillment("5301"))
	rep := e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeHeld, rep.Decisions[0].Outcome)
	orders := e.orders.Orders()
	require.Len(t, orders, 1)
	assert.Equal(t, order.StatusHeld, orders[0].Status)
	// F3.02 (ambiguity A11: I or P), BRK-216, BRK-213 polled.
	recs := e.host.store.Records()
	require.Len(t, recs, 1)
	assert.Contains(t, []broker.Status{broker.StatusInProcess, broker.StatusPolled}, recs[0].Status)
	assert.Contains(t, e.texts(), "Ln#: 1 Ready for Fulfillment")
	assert.Equal(t, []broker.OBStatus{broker.OBPolled}, e.updates("5301"))
}

// Faults while polling: OB does not answer the Fulfillments request, so
// nothing is created; the next poll gets the order and creates it once.
func TestE2EF3FulfillmentsFaultCreatesNothing(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("5401"))
	// two attempts (the client retries the idempotent read once)
	e.sim.Inject(brokerhttp.MessageFulfillments, brokertest.FaultServerError, brokertest.FaultServerError)
	rep, err := e.poller.Poll(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, broker.ErrUnavailable)
	assert.Empty(t, rep.Decisions)
	assert.Empty(t, e.orders.Orders())
	assert.Empty(t, e.host.store.Records())

	rep = e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeAccepted, rep.Decisions[0].Outcome)
	assert.Len(t, e.orders.Orders(), 1)
	assert.Equal(t, []broker.OBStatus{broker.OBAccepted}, e.updates("5401"))
}

// A fault on the answer: the order and its records stay created; OB,
// without an answer, sends the fulfillment again and gets the answer
// then, with no second order.
func TestE2EF3StatusUpdateFaultLeavesOrderAndRepeatsAnswer(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("5501"))
	e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError)
	rep, err := e.poller.Poll(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, broker.ErrUnavailable)
	require.Len(t, rep.Decisions, 1)
	assert.Len(t, e.orders.Orders(), 1)
	recs := e.host.store.Records()
	require.Len(t, recs, 1)
	assert.Equal(t, broker.StatusInProcess, recs[0].Status) // F3.01
	so, _ := e.sim.Order("5501")
	assert.Equal(t, broker.OBNewOrder, so.Status(), "OB never got the answer")

	e.sim.EnqueueFulfillment(f3Fulfillment("5501"))
	rep = e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeDuplicate, rep.Decisions[0].Outcome)
	assert.Len(t, e.orders.Orders(), 1)
	assert.Len(t, e.host.store.Records(), 1)
	so, _ = e.sim.Order("5501")
	assert.Equal(t, broker.OBAccepted, so.Status())
}

// The host fails to write the records and link after the order commit:
// the order is not answered; OB resends; the intake replays the committed
// order (no second one) and the records and link are written then.
func TestE2EF3WriterFailureRecoversWithoutSecondOrder(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.host.fail = errors.New("disk full")
	e.sim.EnqueueFulfillment(f3Fulfillment("5601"))
	rep, err := e.poller.Poll(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
	assert.Empty(t, rep.Created)
	assert.Empty(t, e.updates("5601"), "no answer: OB sends it again")
	assert.Empty(t, e.host.store.Records())

	e.host.mu.Lock()
	e.host.fail = nil
	e.host.mu.Unlock()
	e.sim.EnqueueFulfillment(f3Fulfillment("5601"))
	rep = e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeAccepted, rep.Decisions[0].Outcome)
	assert.Len(t, e.orders.Orders(), 1)
	assert.Len(t, e.host.store.Records(), 1)
	assert.Equal(t, broker.OrderKey{Company: 6, Order: 7001, ShipTo: 1}, rep.Created["5601"])
	assert.Equal(t, []broker.OBStatus{broker.OBAccepted}, e.updates("5601"))
}

// The order edit refuses the message outright (here a company code the
// intake cannot take): rejected back to OB, nothing written.
func TestE2EF3OrderEditRefusalRejectedBackToBroker(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.poller.Company = 1234 // company_code is numeric, at most 3 digits
	e.sim.EnqueueFulfillment(f3Fulfillment("5701"))
	rep := e.poll()
	require.Len(t, rep.Decisions, 1)
	d := rep.Decisions[0]
	assert.Equal(t, broker.OutcomeRejected, d.Outcome)
	require.Len(t, d.Rejections, 1)
	assert.Equal(t, broker.RejectOrderEdit, d.Rejections[0].Reason)
	assert.Contains(t, d.Rejections[0].Text, "company_code")
	assert.Equal(t, []broker.OBStatus{broker.OBRejected}, e.updates("5701")) // BRK-213
	assert.Empty(t, e.orders.Orders())
	assert.Zero(t, e.orders.Commits())
	assert.Empty(t, e.host.store.Records())
}

// callLog records which messages a Transport sent, in order.
type callLog struct {
	broker.Transport
	mu    sync.Mutex
	calls []string
}

func (c *callLog) note(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, s)
}

func (c *callLog) StatusListRequest(ctx context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	c.note("StatusListRequest " + strings.Join(req.RequestIDs, ","))
	return c.Transport.StatusListRequest(ctx, req)
}

func (c *callLog) Fulfillments(ctx context.Context, req broker.FulfillmentsRequest) (broker.FulfillmentsResponse, error) {
	c.note("Fulfillments")
	return c.Transport.Fulfillments(ctx, req)
}

// BRK-301: in a company, the BROKER run inquires on K, O, P, A, then sends
// the Fulfillments requests, then inquires on the daily statuses; the
// received order is created in that run.
func TestE2EF3RunnerPollsBetweenStatusGroupsBRK301(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	log := &callLog{Transport: e.poller.Transport}
	e.poller.Transport = nil // the Runner's transport is used
	store := memory.NewBrokerStore()
	k := broker.Record{ID: uuid.New(), Flow: "F1", Key: e2eKey, LineSeq: 1, LineNo: 1, Status: broker.StatusAcknowledged, RequestID: "901"}
	l := broker.Record{ID: uuid.New(), Flow: "F1", Key: e2eKey, LineSeq: 2, LineNo: 2, Status: broker.StatusPartialFulfill, RequestID: "902"}
	require.NoError(t, store.Put(context.Background(), k, l))
	e.sim.EnqueueFulfillment(f3Fulfillment("5801"))
	r := &broker.Runner{Transport: log, Store: store, Orders: store, Engine: broker.Engine{Settings: f3Settings(), Now: e.poller.Now},
		Fulfillments: e.poller}
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"StatusListRequest 901", "Fulfillments", "StatusListRequest 902"}, log.calls)
	require.NotNil(t, rep.Fulfillments)
	assert.Equal(t, 1, rep.Fulfillments.Requests)
	assert.Contains(t, rep.Fulfillments.Created, "5801")
	assert.Len(t, e.orders.Orders(), 1)
	assert.Equal(t, []broker.OBStatus{broker.OBAccepted}, e.updates("5801"))
}

// With nothing to inquire on, the run still polls; a poll fault is a run
// error, not a stop.
func TestE2EF3RunnerPollsWithoutRecords(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	store := memory.NewBrokerStore()
	r := &broker.Runner{Transport: e.poller.Transport, Store: store, Orders: store, Engine: broker.Engine{Settings: f3Settings(), Now: e.poller.Now},
		Fulfillments: e.poller}
	e.sim.Inject(brokerhttp.MessageFulfillments, brokertest.FaultServerError, brokertest.FaultServerError)
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	require.NotNil(t, rep.Fulfillments)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, "poll Fulfillments", rep.Errors[0].Op)
	assert.ErrorIs(t, rep.Err(), broker.ErrUnavailable)

	e.sim.EnqueueFulfillment(f3Fulfillment("5802"))
	rep, err = r.Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	assert.Contains(t, rep.Fulfillments.Created, "5802")
}

// SettingsFrom reads the F3 SCVs (K91, K92, K90, K93, K94, A77, K95, K98,
// L04) into FlowSettings, and a poll configured from them works end to end.
func TestE2EF3SettingsFromSCV(t *testing.T) {
	set, err := scv.Load(map[string]string{
		"K49": "LOCATE", "K50": "6", "K51": "1234567890",
		"K91": "D", "K92": "R", "K90": "77", "K93": "K93SRC", "K94": "30", "A77": "1", "K95": "PO", "K98": "27", "L04": "Y",
	})
	require.NoError(t, err)
	s := broker.SettingsFrom(set)
	s.MessageVersion = "18.0"
	assert.Equal(t, broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", ErrorBatch: "77", SourceCode: "K93SRC",
		ShipVia: "30", DefaultShipVia: "1", PriceOverrideReason: "PO", PaymentType: "27", RePolling: true}, s.Flows)
	assert.True(t, s.Flows.PollsFulfillments(), "BRK-157: K91 and K92 set")

	e := newF3E2E(t, s)
	fo := f3Fulfillment("5901")
	fo.Detail.Items[0].ItemID = "NOTINOMS"
	e.sim.EnqueueFulfillment(fo)
	rep := e.poll()
	require.Len(t, rep.Decisions, 1)
	assert.Equal(t, broker.OutcomeInError, rep.Decisions[0].Outcome)
	assert.Equal(t, []broker.OBStatus{broker.OBPolled}, e.updates("5901")) // BRK-213 with L04 from the SCV
}

// apply applies ev to the received record in a store update, as the host's
// pick slip generation or shipment confirmation does.
func (e *f3E2E) apply(id uuid.UUID, eng broker.Engine, ev broker.Event) broker.Result {
	e.t.Helper()
	var res broker.Result
	err := e.host.store.Update(context.Background(), id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		var err error
		res, err = eng.Apply(&broker.ReceivedFromBroker, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		return res.Record, res.Effects, nil
	})
	require.NoError(e.t, err)
	return res
}

// After creation, the received delivery order's statuses go back to OB:
// picked at pick slip, fulfilled at shipment; a lost fulfilled update is
// resent by the BROKER run.
func TestE2EF3StatusUpdatesBackToBroker(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("6001"))
	rep := e.poll()
	key := rep.Created["6001"]
	recs := e.host.store.Records()
	require.Len(t, recs, 1)
	id := recs[0].ID
	eng := broker.Engine{Settings: f3Settings(), Now: e.poller.Now}

	run := &broker.Runner{Transport: e.poller.Transport, Store: e.host.store, Orders: e.host.store, Engine: eng}

	// F3.10, BRK-219, BRK-220: pick slip generation asks OB first; not canceled: J, picked sent by the run.
	st, err := e.poller.Transport.StatusRequest(context.Background(), broker.NewStatusRequest(recs[0], eng.Settings, "", eng.Now()))
	require.NoError(t, err)
	ev := broker.PickGenEvent(st.Order, nil)
	require.Equal(t, broker.EventPickSlipPrinted, ev.Kind)
	res := e.apply(id, eng, ev)
	assert.Equal(t, "F3.10", res.Row)
	_, err = run.Run(context.Background())
	require.NoError(t, err)
	so, _ := e.sim.Order("6001")
	assert.Equal(t, broker.OBPicked, so.Status(), "F3.10: picked sent")

	// F3.12, BRK-225: the delivery ships: X, fulfilled sent by the run - lost: F3.13, BRK-227: G.
	e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError)
	res = e.apply(id, eng, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: "UPS", TrackingNumber: "1Z9"})
	assert.Equal(t, "F3.12", res.Row)
	_, err = run.Run(context.Background())
	require.NoError(t, err)
	r, err := e.host.store.Record(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusResendFulfilled, r.Status, "F3.13: the fulfilled update got no answer: G")
	assert.Equal(t, key, r.Key)

	// F3.14, BRK-227: the BROKER run resends fulfilled, with the agent and tracking number (BRK-412); answered: X.
	_, err = run.Run(context.Background())
	require.NoError(t, err)
	r, err = e.host.store.Record(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusCompleted, r.Status, "F3.14: the resend was answered: X")
	so, _ = e.sim.Order("6001")
	assert.Equal(t, broker.OBFulfilled, so.Status())
	assert.Equal(t, "1Z9", so.Lines[0].TrackingNumber, "BRK-412: the resend carries the tracking number")
}

// Every injected fault while polling (F3, §2.18): whatever OB's answer to
// the Fulfillments request does — no answer, 5xx, garbage, or an answer
// that comes after the client gave up — no order is created from it. OB
// sends an unanswered fulfillment again, and the order is then created
// exactly once.
func TestE2EF3EachPollingFault(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		fault   brokertest.Fault
		kind    error
		applied bool // OB handed the order out although the client never read it
		reads   int  // requests the client makes: it retries an unavailable read once, never a malformed one
	}{
		{"timeout", brokertest.FaultTimeout, broker.ErrUnavailable, false, 2},
		{"5xx", brokertest.FaultServerError, broker.ErrUnavailable, false, 2},
		{"garbage XML", brokertest.FaultGarbage, broker.ErrMalformed, false, 1},
		{"late response", brokertest.FaultLate, broker.ErrUnavailable, true, 2},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newF3E2E(t, f3Settings())
			id := strconv.Itoa(5800 + i)
			e.sim.EnqueueFulfillment(f3Fulfillment(id))
			for range c.reads {
				e.sim.Inject(brokerhttp.MessageFulfillments, c.fault)
			}
			_, err := e.poller.Poll(context.Background())
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			assert.Empty(t, e.orders.Orders(), "nothing is created from an unread answer")
			assert.Empty(t, e.host.store.Records())
			assert.Empty(t, e.updates(id))
			assert.Equal(t, c.reads, e.sim.Received(brokerhttp.MessageFulfillments))
			assert.Zero(t, e.sim.PendingFaults(brokerhttp.MessageFulfillments))

			rep := e.poll()
			if c.applied {
				assert.Empty(t, rep.Decisions, "OB handed it out already")
				e.sim.EnqueueFulfillment(f3Fulfillment(id)) // unanswered: OB sends it again
				rep = e.poll()
			}
			require.Len(t, rep.Decisions, 1)
			assert.Equal(t, broker.OutcomeAccepted, rep.Decisions[0].Outcome)
			assert.Len(t, e.orders.Orders(), 1, "created exactly once")
			assert.Len(t, e.host.store.Records(), 1)
			assert.Equal(t, []broker.OBStatus{broker.OBAccepted}, e.updates(id))
		})
	}
}

// Every injected fault on OMS's answer to a received order (the
// StatusUpdate "accepted"): the order and its record stay created; OB, which
// did not get the answer, sends the fulfillment again and gets the answer
// then, with no second order (a duplicate fulfillment). A late answer that
// OB did apply needs no resend.
func TestE2EF3EachAnswerFault(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		fault   brokertest.Fault
		kind    error
		applied bool
	}{
		{"timeout", brokertest.FaultTimeout, broker.ErrUnavailable, false},
		{"5xx", brokertest.FaultServerError, broker.ErrUnavailable, false},
		{"garbage XML", brokertest.FaultGarbage, broker.ErrMalformed, false},
		{"rejected", brokertest.FaultRejected, broker.ErrRejected, false},
		{"late response", brokertest.FaultLate, broker.ErrUnavailable, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newF3E2E(t, f3Settings())
			id := strconv.Itoa(5900 + i)
			e.sim.EnqueueFulfillment(f3Fulfillment(id))
			e.sim.Inject(brokerhttp.MessageStatusUpdate, c.fault)
			_, err := e.poller.Poll(context.Background())
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			assert.Len(t, e.orders.Orders(), 1)
			recs := e.host.store.Records()
			require.Len(t, recs, 1)
			assert.Equal(t, broker.StatusInProcess, recs[0].Status) // F3.01

			so, _ := e.sim.Order(id)
			if c.applied {
				assert.Equal(t, broker.OBAccepted, so.Status(), "OB applied the late answer")
				return
			}
			assert.Equal(t, broker.OBNewOrder, so.Status(), "OB never got the answer")
			e.sim.EnqueueFulfillment(f3Fulfillment(id))
			rep := e.poll()
			require.Len(t, rep.Decisions, 1)
			assert.Equal(t, broker.OutcomeDuplicate, rep.Decisions[0].Outcome)
			assert.Len(t, e.orders.Orders(), 1, "no second order")
			assert.Len(t, e.host.store.Records(), 1)
			so, _ = e.sim.Order(id)
			assert.Equal(t, broker.OBAccepted, so.Status())
		})
	}
}
