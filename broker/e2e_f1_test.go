package broker_test

import (
	"context"
	"slices"
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
	"github.com/omskit/omskit/storage/memory"
)

// End-to-end tests of the F1 flow: the broker.Runner over a real HTTP
// transport (brokerhttp.Client) against the Order Broker simulator
// (brokertest) on an httptest.Server, with the memory store. Each test
// names the F1 rows and BRK IDs it asserts.

// e2eClock is a settable clock shared by the engine and the simulator.
type e2eClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *e2eClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *e2eClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var e2eKey = broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}

const e2eOrderID = "8953-001" // broker.OrderID(e2eKey)

func e2eSettings() broker.Settings {
	return broker.Settings{
		SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0",
		OriginatingLocation: "M32LOC", LocalCurrency: "USD",
	}
}

// e2eOrder is an open, paid order with one backordered line per seq.
func e2eOrder(seqs ...int) broker.Order {
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "12345 EXAMPLE STREET",
		City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US"}
	o := broker.Order{Key: e2eKey, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr, ShipVia: "1", ShipViaDescription: "UPS GROUND",
		SourceCode: "SOURCE"}
	for _, seq := range seqs {
		o.Lines = append(o.Lines, broker.OrderLine{Seq: seq, Number: seq, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("1.00"), Item: broker.Item{Code: "PENCIL", OROBEligible: true}})
	}
	return o
}

type e2e struct {
	t      *testing.T
	clock  *e2eClock
	sim    *brokertest.Simulator
	client *brokerhttp.Client
	store  *memory.BrokerStore
	runner *broker.Runner
	ids    map[int]uuid.UUID
}

// newE2E puts one Ready record per line seq of order 8953-001 in a memory
// store and wires a Runner to a simulator over HTTP.
func newE2E(t *testing.T, s broker.Settings, cfg brokertest.Config, seqs ...int) *e2e {
	t.Helper()
	clock := &e2eClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	cfg.Now = clock.Now
	sim := brokertest.New(cfg)
	_, client := brokertest.NewServer(t, sim)
	store := memory.NewBrokerStore()
	store.PutOrder(e2eOrder(seqs...))
	e := &e2e{t: t, clock: clock, sim: sim, client: client, store: store, ids: map[int]uuid.UUID{}}
	for _, seq := range seqs {
		id := uuid.New()
		e.ids[seq] = id
		require.NoError(t, store.Put(context.Background(), broker.Record{ID: id, Flow: "F1", Key: e2eKey, LineSeq: seq, LineNo: seq, Status: broker.StatusReady}))
	}
	e.runner = &broker.Runner{Transport: client, Store: store, Orders: store, Engine: broker.Engine{Settings: s, Now: clock.Now}}
	return e
}

// newShipForPickupE2E is newE2E with line 4 of a ship-for-pickup order
// (store 7) sent for fulfillment assignment (M34 = ALWAYS), History D from
// status lists as from inquiries.
func newShipForPickupE2E(t *testing.T, s broker.Settings) *e2e {
	t.Helper()
	s.ShipForPickupAssignment = broker.ShipForPickupAlways
	s.StatusListHistory = broker.StatusListHistoryAsInquiry
	e := newE2E(t, s, brokertest.Config{}, 4)
	o := e2eOrder(4)
	o.ShipForPickup, o.PickupStore, o.PickupSystem = true, "7", "STC"
	e.store.PutOrder(o)
	r := e.rec(4)
	r.ShipForPickup, r.FulfillmentAssignment = true, true
	require.NoError(t, e.store.Put(context.Background(), r))
	return e
}

func (e *e2e) run() *broker.Report {
	e.t.Helper()
	rep, err := e.runner.Run(context.Background())
	require.NoError(e.t, err)
	return rep
}

// later moves the clock past K10 so that K, O, P, A records are due (BRK-069).
func (e *e2e) later() { e.clock.Add(31 * time.Minute) }

func (e *e2e) rec(seq int) broker.Record {
	e.t.Helper()
	r, err := e.store.Record(context.Background(), e.ids[seq])
	require.NoError(e.t, err)
	return r
}

func (e *e2e) requestID(seq int) string {
	e.t.Helper()
	id, ok := e.sim.RequestID(e2eOrderID, seq)
	require.True(e.t, ok, "the simulator holds no order for line %d", seq)
	return id
}

func (e *e2e) texts(seq int) []string {
	var out []string
	for _, ef := range e.store.Effects(e.ids[seq]) {
		if m, ok := ef.(broker.TransactionMessage); ok {
			out = append(out, m.Text)
		}
	}
	return out
}

func (e *e2e) history(seq int) []broker.HistoryType {
	var out []broker.HistoryType
	for _, ef := range e.store.Effects(e.ids[seq]) {
		if h, ok := ef.(broker.History); ok {
			out = append(out, h.Type)
		}
	}
	return out
}

func effectsOf[T broker.SideEffect](e *e2e, seq int) []T {
	var out []T
	for _, ef := range e.store.Effects(e.ids[seq]) {
		if v, ok := ef.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// applyUser applies a user event (cancel, hold) through the engine in a
// store update, as a host's order maintenance would.
func (e *e2e) applyUser(seq int, ev broker.Event) {
	e.t.Helper()
	err := e.store.Update(context.Background(), e.ids[seq], func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		res, err := e.runner.Engine.Apply(&broker.BrokeredBackorder, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		return res.Record, res.Effects, nil
	})
	require.NoError(e.t, err)
}

// assertSubmittedOnce: the simulator saw exactly one SubmitOrder carrying each line.
func (e *e2e) assertSubmittedOnce(seqs ...int) {
	e.t.Helper()
	for _, seq := range seqs {
		assert.Equal(e.t, 1, e.sim.SubmitCount(e2eOrderID, seq), "SubmitOrders carrying line %d", seq)
	}
}

// F1.02, F1.04, F1.09, F1.10, F1.19 end to end: submit, acknowledged at one
// location, polled, accepted, fulfilled with billing.
func TestE2E_F1_SubmitAcknowledgedPolledAcceptedFulfilled(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)

	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, 1, rep.Submitted)
	r := e.rec(4)
	// F1.02 (BRK-051): sent, History A; F1.04 (BRK-057): K with request id,
	// fulfilling location, History B and the Acknowledged message.
	assert.Equal(t, broker.StatusAcknowledged, r.Status)
	assert.Equal(t, e.requestID(4), r.RequestID)
	assert.Equal(t, "317", r.FulfillingLocation)
	assert.Equal(t, []broker.HistoryType{broker.HistorySendOrderRequest, broker.HistoryReceiveOrderResponse}, e.history(4))
	assert.Equal(t, []string{"Ln#: 4 Acknowledged by Broker"}, e.texts(4))
	e.assertSubmittedOnce(4)

	// BRK-069: before K10 minutes have passed, no status list request goes out.
	e.run()
	assert.Zero(t, e.sim.Received(brokerhttp.MessageStatusListRequest))

	// F1.09: polled, from a status list response.
	require.NoError(t, e.sim.Advance(r.RequestID, broker.OBPolled))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageStatusListRequest))
	assert.Equal(t, broker.StatusPolled, e.rec(4).Status)
	assert.Equal(t, "Ln#: 4 Polled by Broker", e.texts(4)[1])
	// BRK-082: a status list response that moves to polled writes no History.
	assert.Len(t, e.history(4), 2)

	// F1.10 (BRK-074): accepted, History D from the status list (BRK-082).
	require.NoError(t, e.sim.Advance(r.RequestID, broker.OBAccepted))
	e.later()
	e.run()
	assert.Equal(t, broker.StatusAccepted, e.rec(4).Status)
	assert.Equal(t, "Ln#: 4 Accepted by Broker", e.texts(4)[2])
	assert.Equal(t, broker.HistoryReceiveStatusResponse, e.history(4)[2])

	// F1.19 (BRK-079, BRK-083, BRK-090): fulfilled with agent and tracking;
	// billed from A.
	require.NoError(t, e.sim.Ship(r.RequestID, "UPS", "1Z999"))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	done := e.rec(4)
	assert.Equal(t, broker.StatusCompleted, done.Status)
	assert.True(t, done.Invoiced)
	assert.Equal(t, []string{"Ln#: 4 Store Shipped Order", "----VIA: UPS", "----TRK#: 1Z999"}, e.texts(4)[3:])
	ups := effectsOf[broker.LineUpdate](e, 4)
	require.NotEmpty(t, ups)
	assert.True(t, ups[len(ups)-1].ClearDropShip)
	assert.True(t, ups[len(ups)-1].ClearPrinted)
	require.Len(t, rep.Billing, 1)
	assert.Equal(t, broker.StatusAccepted, rep.Billing[0].PreviousStatus)
	require.Len(t, rep.Billing[0].Lines, 1)
	assert.Equal(t, 4, rep.Billing[0].Lines[0].LineSeq)
	ship := effectsOf[broker.ShipmentDetails](e, 4)
	require.Len(t, ship, 1)
	assert.Equal(t, "1Z999", ship[0].TrackingNumber)

	// BRK-304: a completed record is never inquired on again.
	before := e.sim.Received(brokerhttp.MessageStatusListRequest)
	e.later()
	e.run()
	assert.Equal(t, before, e.sim.Received(brokerhttp.MessageStatusListRequest))
	e.assertSubmittedOnce(4)
}

// F1.05 end to end (BRK-023, BRK-058): with L56 the order's lines go in one
// SubmitOrder; OB assigns two locations, so the records stay W, OMS sends a
// status inquiry, and the new_order answer moves each line to K at its own
// location. Fulfilled together from the same status they bill as one
// invoice (BRK-090).
func TestE2E_F1_SeveralLocations(t *testing.T) {
	s := e2eSettings()
	s.SplitOrder = true
	e := newE2E(t, s, brokertest.Config{Locations: []broker.Location{{Location: "317", System: "SYSTEM01"}, {Location: "420", System: "SYSTEM01"}}}, 1, 2)

	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageSubmitOrder)) // one SubmitOrder for both lines
	// Both records' F1.05 ask for an inquiry: the Runner sends one per
	// request ID (BRK-069) and each record reads its own line of the answer.
	assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageStatusRequest), "BRK-069: one inquiry per request ID")
	id := e.requestID(1)
	assert.Equal(t, id, e.requestID(2))
	for seq, loc := range map[int]string{1: "317", 2: "420"} {
		r := e.rec(seq)
		assert.Equal(t, broker.StatusAcknowledged, r.Status, "line %d", seq)
		assert.Equal(t, loc, r.FulfillingLocation, "line %d", seq)
		assert.Equal(t, id, r.RequestID)
	}
	e.assertSubmittedOnce(1, 2)

	require.NoError(t, e.sim.Advance(id, broker.OBAccepted))
	e.later()
	e.run()
	require.NoError(t, e.sim.Ship(id, "", ""))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusCompleted, e.rec(1).Status)
	assert.Equal(t, broker.StatusCompleted, e.rec(2).Status)
	require.Len(t, rep.Billing, 1) // same previous status, same response: one invoice
	assert.Len(t, rep.Billing[0].Lines, 2)
}

// F1.06 (BRK-059, BRK-310): OB assigns the line to the K56 location on the
// submit response: U, line back to backorder, authorization reversed.
func TestE2E_F1_UnfulfillableOnSubmit(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{Locations: []broker.Location{{Location: "999", System: "SYSTEM01"}}}, 4)
	rep := e.run()
	require.Empty(t, rep.Errors)
	r := e.rec(4)
	assert.Equal(t, broker.StatusUnfulfillable, r.Status)
	assert.Equal(t, "999", r.FulfillingLocation) // BRK-324
	assert.Equal(t, []string{"Ln#: 4 Unfulfillable by Broker"}, e.texts(4))
	ups := effectsOf[broker.LineUpdate](e, 4)
	require.Len(t, ups, 1)
	assert.True(t, ups[0].ReturnToBackorder)
	assert.True(t, ups[0].ClearDropShip)
	assert.Len(t, effectsOf[broker.AuthorizationReversal](e, 4), 1)
	e.assertSubmittedOnce(4)
}

// F1.13 (BRK-060): a line acknowledged and polled becomes unfulfillable on a
// later status list response.
func TestE2E_F1_UnfulfillableLater(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.run()
	id := e.requestID(4)
	require.NoError(t, e.sim.Advance(id, broker.OBPolled))
	e.later()
	e.run()
	require.Equal(t, broker.StatusPolled, e.rec(4).Status)
	require.NoError(t, e.sim.Advance(id, broker.OBUnfulfillable))
	e.later()
	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusUnfulfillable, e.rec(4).Status)
	assert.Contains(t, e.texts(4), "Ln#: 4 Unfulfillable by Broker")
	assert.Len(t, effectsOf[broker.AuthorizationReversal](e, 4), 1)
}

// F1.14 (BRK-071): rejected is transient, nothing changes; F1.12 (BRK-070):
// OB reassigns (new_order at another location) and the record returns to K
// with the new fulfilling location.
func TestE2E_F1_RejectedThenReassigned(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.run()
	id := e.requestID(4)
	require.NoError(t, e.sim.Advance(id, broker.OBPolled))
	e.later()
	e.run()
	require.Equal(t, broker.StatusPolled, e.rec(4).Status)
	textsBefore := len(e.texts(4))

	require.NoError(t, e.sim.Advance(id, broker.OBRejected))
	e.later()
	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusPolled, e.rec(4).Status) // F1.14
	assert.Len(t, e.texts(4), textsBefore)

	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{Status: broker.OBNewOrder, Location: &broker.Location{Location: "420", System: "SYSTEM01"}}))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	r := e.rec(4)
	assert.Equal(t, broker.StatusAcknowledged, r.Status) // F1.12
	assert.Equal(t, "420", r.FulfillingLocation)         // BRK-070
	assert.Equal(t, "Ln#: 4 Acknowledged by Broker", e.texts(4)[len(e.texts(4))-1])
}

// F1.07 (BRK-062, BRK-064, BRK-310): an error response to the SubmitOrder
// puts the record in E with an error History naming the code and text.
func TestE2E_F1_SubmitErrorResponse(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultRejected)
	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusError, e.rec(4).Status)
	hs := effectsOf[broker.History](e, 4)
	require.Len(t, hs, 2)
	assert.Equal(t, broker.HistoryError, hs[1].Type)
	assert.Equal(t, brokertest.DefaultRejectCode+" "+brokertest.DefaultRejectText, hs[1].Detail)
	ups := effectsOf[broker.LineUpdate](e, 4)
	require.Len(t, ups, 1)
	assert.True(t, ups[0].ReturnToBackorder)
	assert.Len(t, effectsOf[broker.AuthorizationReversal](e, 4), 1)
	assert.Zero(t, e.sim.CreatedCount(e2eOrderID, 4))
	e.assertSubmittedOnce(4)
}

func cancelEvent() broker.Event {
	return broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, CancelReasonCode: "1", CancelReasonText: "CUSTOMER REQUEST"}
}

// F1.20, F1.21 (BRK-110, BRK-112): the user cancels the OB request; the run
// sends the cancel StatusUpdate, OB confirms and the record goes to Z, the
// line back to backorder processing, the fulfilling location blank.
func TestE2E_F1_CancelConfirmed(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.run()
	id := e.requestID(4)
	e.applyUser(4, cancelEvent())
	require.Equal(t, broker.StatusPendingCancel, e.rec(4).Status) // F1.20

	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, 1, rep.Canceled)
	ups := e.sim.Updates()
	require.Len(t, ups, 1)
	assert.Equal(t, id, ups[0].RequestID)
	assert.Equal(t, broker.OBCanceled, ups[0].OrderStatus) // BRK-410
	assert.Equal(t, "1", ups[0].OrderReasonCode)
	o, _ := e.sim.Order(id)
	assert.Equal(t, broker.OBCanceled, o.Status())

	r := e.rec(4)
	assert.Equal(t, broker.StatusCanceled, r.Status) // F1.21
	assert.Empty(t, r.FulfillingLocation)            // BRK-311
	ups2 := effectsOf[broker.LineUpdate](e, 4)
	require.NotEmpty(t, ups2)
	assert.True(t, ups2[len(ups2)-1].ReturnToBackorder) // BRK-112: the line itself was not canceled
}

// F1.22 (BRK-114): OB already has the order canceled and answers FAILED.
// By default the record goes to Z; with CancelFailedKeepsPending it stays Y.
func TestE2E_F1_CancelFailed(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "FAILED moves to Z", true: "FAILED keeps Y"}[keep], func(t *testing.T) {
			s := e2eSettings()
			s.CancelFailedKeepsPending = keep
			e := newE2E(t, s, brokertest.Config{}, 4)
			e.run()
			require.NoError(t, e.sim.Advance(e.requestID(4), broker.OBCanceled)) // canceled in OB first
			e.applyUser(4, cancelEvent())
			rep := e.run()
			require.Empty(t, rep.Errors)
			want := broker.StatusCanceled
			if keep {
				want = broker.StatusPendingCancel
			}
			assert.Equal(t, want, e.rec(4).Status)
			hs := effectsOf[broker.History](e, 4)
			assert.Equal(t, broker.HistoryError, hs[len(hs)-1].Type)
		})
	}
}

// Transport faults on the SubmitOrder (BRK-051, §3.3 W): a timeout, a 5xx
// and a garbage answer leave the record in W, waiting, with the failure
// reported and classified. Once it has waited the default resend delay
// (issue 13 finding 5) the run resends it once: OB either never got the
// first one (the resend creates the order, F1.04) or answers the duplicate
// with 2040 (F1.08); either way the record is K and OB holds one order for
// the line. A 2040 answer to the first send (BRK-063, F1.08) moves the
// record to K at once.
func TestE2E_F1_SubmitFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		fault brokertest.Fault
		kind  error
		want  broker.Status
	}{
		{"timeout", brokertest.FaultTimeout, broker.ErrUnavailable, broker.StatusWaiting},
		{"5xx", brokertest.FaultServerError, broker.ErrUnavailable, broker.StatusWaiting},
		{"garbage XML", brokertest.FaultGarbage, broker.ErrMalformed, broker.StatusWaiting},
		{"late response", brokertest.FaultLate, broker.ErrUnavailable, broker.StatusWaiting},
		{"duplicate 2040 (F1.08)", brokertest.FaultDuplicate, nil, broker.StatusAcknowledged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
			e.sim.Inject(brokerhttp.MessageSubmitOrder, c.fault)
			rep := e.run()
			if c.kind != nil {
				require.Len(t, rep.Errors, 1)
				assert.ErrorIs(t, rep.Errors[0], c.kind)
				assert.Equal(t, e.ids[4], rep.Errors[0].Record)
			} else {
				assert.Empty(t, rep.Errors)
			}
			r := e.rec(4)
			assert.Equal(t, c.want, r.Status)
			assert.Equal(t, broker.HistorySendOrderRequest, e.history(4)[0]) // F1.02 happened before the send
			// Before the delay the next run leaves it as it is.
			e.run()
			assert.Equal(t, c.want, e.rec(4).Status)
			assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageSubmitOrder))
			// Past the delay it is resent once (a K record never is).
			e.later()
			e.run()
			e.later()
			e.run()
			assert.Equal(t, broker.StatusAcknowledged, e.rec(4).Status, "F1.04 or F1.08: the resent W record is K")
			if c.want == broker.StatusWaiting {
				assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 4), "OB holds one order for the line")
				assert.Equal(t, 2, e.sim.Received(brokerhttp.MessageSubmitOrder), "one resend")
			} else {
				assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageSubmitOrder), "a K record is never resent")
			}
		})
	}
}

// A late answer (FaultLate): OB created the order, the answer was lost and
// the record waits in W. With ResendWaitingAfter the run resends; OB's
// duplicate check answers 2040 with the request id (F1.08, BRK-063), so the
// record moves to K and OB still holds one order for the line. The real
// effect (polled) is then visible on the next inquiry (F1.09).
func TestE2E_F1_LateSubmitResentAsDuplicate(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.runner.ResendWaitingAfter = 10 * time.Minute
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultLate)
	rep := e.run()
	require.Len(t, rep.Errors, 1)
	assert.ErrorIs(t, rep.Errors[0], broker.ErrUnavailable)
	assert.Equal(t, broker.StatusWaiting, e.rec(4).Status)
	id := e.requestID(4) // the simulator did create it
	assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 4))

	e.run() // not yet due for a resend
	assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageSubmitOrder))

	e.clock.Add(11 * time.Minute)
	rep = e.run()
	require.Empty(t, rep.Errors)
	r := e.rec(4)
	assert.Equal(t, broker.StatusAcknowledged, r.Status) // F1.08
	assert.Equal(t, id, r.RequestID)
	assert.Equal(t, 2, e.sim.SubmitCount(e2eOrderID, 4))  // the one resend
	assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 4)) // and still one OB order

	require.NoError(t, e.sim.Advance(id, broker.OBPolled))
	e.later()
	e.run()
	assert.Equal(t, broker.StatusPolled, e.rec(4).Status)
}

// BRK-308: a status list request that gets no usable answer leaves every
// record in its status, no record goes to error. The idempotent read is
// retried once by the client, so one 5xx alone is absorbed.
func TestE2E_F1_StatusListFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		faults []brokertest.Fault
		kind   error
		want   broker.Status
	}{
		{"timeout twice", []brokertest.Fault{brokertest.FaultTimeout, brokertest.FaultTimeout}, broker.ErrUnavailable, broker.StatusAcknowledged},
		{"5xx twice", []brokertest.Fault{brokertest.FaultServerError, brokertest.FaultServerError}, broker.ErrUnavailable, broker.StatusAcknowledged},
		{"garbage XML", []brokertest.Fault{brokertest.FaultGarbage}, broker.ErrMalformed, broker.StatusAcknowledged},
		{"5xx once, retried", []brokertest.Fault{brokertest.FaultServerError}, nil, broker.StatusPolled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
			e.run()
			require.NoError(t, e.sim.Advance(e.requestID(4), broker.OBPolled))
			e.sim.Inject(brokerhttp.MessageStatusListRequest, c.faults...)
			e.later()
			rep := e.run()
			if c.kind != nil {
				require.Len(t, rep.Errors, 1)
				assert.ErrorIs(t, rep.Errors[0], c.kind)
			} else {
				assert.Empty(t, rep.Errors)
			}
			assert.Equal(t, c.want, e.rec(4).Status)
			assert.Zero(t, e.sim.PendingFaults(brokerhttp.MessageStatusListRequest))
			// The next run asks again and sees polled.
			e.later()
			e.run()
			assert.Equal(t, broker.StatusPolled, e.rec(4).Status)
			e.assertSubmittedOnce(4)
		})
	}
}

// BRK-110: a cancel StatusUpdate that gets no answer (timeout, 5xx) leaves
// the record in Y; the next run sends it again and OB's OK moves it to Z.
// The client never retries the update itself.
func TestE2E_F1_CancelFaultsResentNextRun(t *testing.T) {
	t.Parallel()
	for _, f := range []brokertest.Fault{brokertest.FaultTimeout, brokertest.FaultServerError} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
			e.run()
			e.applyUser(4, cancelEvent())
			e.sim.Inject(brokerhttp.MessageStatusUpdate, f)
			rep := e.run()
			require.Len(t, rep.Errors, 1)
			assert.ErrorIs(t, rep.Errors[0], broker.ErrUnavailable)
			assert.Equal(t, broker.StatusPendingCancel, e.rec(4).Status)
			assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageStatusUpdate))

			rep = e.run()
			require.Empty(t, rep.Errors)
			assert.Equal(t, broker.StatusCanceled, e.rec(4).Status)
			assert.Equal(t, 2, e.sim.Received(brokerhttp.MessageStatusUpdate))
		})
	}
}

// BRK-317: a record in G (fulfilled update got no response) or H
// (intransit update got no response) is resent by every run while OB does
// not answer, and keeps its status.
func TestE2E_ResendUpdatesStayWithoutAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		flow   string
		status broker.Status
		word   broker.OBStatus
	}{
		{"F3", broker.StatusResendFulfilled, broker.OBFulfilled},
		{"F2", broker.StatusResendIntransit, broker.OBIntransit},
	}
	for _, c := range cases {
		t.Run(c.status.String(), func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
			e.run()
			id := e.requestID(4)
			r := e.rec(4)
			r.Flow, r.Status = c.flow, c.status
			require.NoError(t, e.store.Put(context.Background(), r))
			e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError, brokertest.FaultTimeout)
			for run := 1; run <= 2; run++ {
				rep := e.run()
				require.Len(t, rep.Errors, 1)
				assert.ErrorIs(t, rep.Errors[0], broker.ErrUnavailable)
				assert.Equal(t, c.status, e.rec(4).Status)
				assert.Equal(t, run, e.sim.Received(brokerhttp.MessageStatusUpdate))
			}
			ups := e.sim.Updates()
			require.Len(t, ups, 2)
			assert.Equal(t, id, ups[0].RequestID)
			assert.Equal(t, c.word, ups[0].OrderStatus)
		})
	}
}

// One bad record never stops the batch: a record whose store update fails
// is reported while the other line still reaches K.
func TestE2E_F1_OneBadRecordDoesNotStopTheRun(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 1, 2)
	e.store.FailUpdates(e.ids[1], broker.ErrInvalidInput)
	rep := e.run()
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, e.ids[1], rep.Errors[0].Record)
	assert.Equal(t, broker.StatusReady, e.rec(1).Status)
	assert.Equal(t, broker.StatusAcknowledged, e.rec(2).Status)
	assert.Zero(t, e.sim.SubmitCount(e2eOrderID, 1)) // never claimed, never sent
	e.assertSubmittedOnce(2)
	assert.True(t, slices.Contains(e.sim.RequestIDs(), e.rec(2).RequestID))
}

// Ship-for-pickup sent for fulfillment assignment (M34 = ALWAYS), end to
// end: the SubmitOrder carries SHIPFORPICKUP, M32 as the requesting location
// and the pickup store (BRK-332, BRK-361, BRK-363, BRK-364); then, with
// History D written for status list responses as for inquiries (the A12
// setting), F1.15 intransit with History D and VIA/TRK (BRK-076) and, with
// M73, the invoice at intransit (BRK-095); F1.16 intransit polled (BRK-077)
// and F1.17 received (BRK-078) with History D and their messages, F1.18
// partially fulfilled, on the daily inquiries (BRK-303); F1.19 fulfilled
// without a second invoice.
func TestE2E_F1_ShipForPickupThroughIntransit(t *testing.T) {
	s := e2eSettings()
	s.ShipForPickupAssignment = broker.ShipForPickupAlways
	s.InvoiceShipForPickupAtIntransit = true
	s.RetailPickupOrderTypeFromOMS = "P"
	e := newShipForPickupE2E(t, s)

	rep := e.run()
	require.Empty(t, rep.Errors)
	subs := e.sim.Submits()
	require.Len(t, subs, 1)
	assert.Equal(t, broker.TypeShipForPickup, subs[0].TransactionType)
	assert.Equal(t, broker.Location{Location: "M32LOC", System: "6"}, subs[0].StoreLocation)
	require.NotNil(t, subs[0].ShipForPickupLocation)
	assert.Equal(t, broker.Location{Location: "7", System: "STC"}, *subs[0].ShipForPickupLocation)
	id := e.requestID(4)

	historyD := func() int {
		n := 0
		for _, h := range e.history(4) {
			if h == broker.HistoryReceiveStatusResponse {
				n++
			}
		}
		return n
	}
	step := func(ch brokertest.LineChange, d time.Duration, want broker.Status) *broker.Report {
		t.Helper()
		require.NoError(t, e.sim.AdvanceLine(id, 4, ch))
		e.clock.Add(d)
		rep := e.run()
		require.Empty(t, rep.Errors)
		require.Equal(t, want, e.rec(4).Status)
		return rep
	}
	step(brokertest.LineChange{Status: broker.OBAccepted}, 31*time.Minute, broker.StatusAccepted)
	d := historyD()
	rep = step(brokertest.LineChange{Status: broker.OBIntransit, ShippingAgent: "UPS", TrackingNumber: "TRK1"}, 31*time.Minute, broker.StatusInTransit)
	assert.Equal(t, d+1, historyD())
	texts := e.texts(4)
	assert.Equal(t, []string{"----VIA: UPS", "----TRK#: TRK1"}, texts[len(texts)-2:])
	require.Len(t, rep.Billing, 1)
	assert.True(t, rep.Billing[0].Intransit) // BRK-095

	step(brokertest.LineChange{Status: broker.OBIntransitPolled}, 24*time.Hour, broker.StatusInTransitPolled)
	assert.Contains(t, e.texts(4), "Ln#: 4 Intransit Polled by Broker")
	assert.Equal(t, d+2, historyD())
	step(brokertest.LineChange{Status: broker.OBReceived}, 24*time.Hour, broker.StatusReceivedByStore)
	assert.Contains(t, e.texts(4), "Ln#: 4 Store Received")
	assert.Equal(t, d+3, historyD())
	step(brokertest.LineChange{Status: broker.OBPartiallyFulfilled}, 24*time.Hour, broker.StatusPartialFulfill)
	rep = step(brokertest.LineChange{Status: broker.OBFulfilled}, 24*time.Hour, broker.StatusCompleted)
	assert.Empty(t, rep.Billing) // invoiced at intransit already
	assert.Len(t, effectsOf[broker.BillingRequest](e, 4), 1)
	e.assertSubmittedOnce(4)
}

// BRK-303: a record in T is inquired on once a day, not every K10 minutes.
func TestE2E_F1_DailyStatusesOncePerDay(t *testing.T) {
	s := e2eSettings()
	e := newE2E(t, s, brokertest.Config{}, 4)
	e.run()
	id := e.requestID(4)
	require.NoError(t, e.sim.Advance(id, broker.OBIntransit))
	e.later()
	e.run()
	require.Equal(t, broker.StatusInTransit, e.rec(4).Status)
	lists := e.sim.Received(brokerhttp.MessageStatusListRequest)
	require.NoError(t, e.sim.Advance(id, broker.OBReceived))
	e.later() // 31 minutes: not a new day
	e.run()
	assert.Equal(t, lists, e.sim.Received(brokerhttp.MessageStatusListRequest))
	assert.Equal(t, broker.StatusInTransit, e.rec(4).Status)
	e.clock.Add(24 * time.Hour)
	e.run()
	assert.Equal(t, broker.StatusReceivedByStore, e.rec(4).Status)
}

// F1.23 (BRK-081): a status list says canceled (another system canceled the
// line in OB): E, an error History, the Printed quantity cleared.
func TestE2E_F1_CanceledElsewhere(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.run()
	require.NoError(t, e.sim.Advance(e.requestID(4), broker.OBCanceled))
	e.later()
	rep := e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusError, e.rec(4).Status)
	hs := effectsOf[broker.History](e, 4)
	assert.Equal(t, broker.HistoryError, hs[len(hs)-1].Type)
	ups := effectsOf[broker.LineUpdate](e, 4)
	require.NotEmpty(t, ups)
	assert.True(t, ups[len(ups)-1].ClearPrinted)
	assert.Len(t, effectsOf[broker.AuthorizationReversal](e, 4), 1) // BRK-310: E reverses
}

// F1.25 (BRK-066, BRK-067): OB assigns an OMS warehouse (system K50): the
// record keeps its status, takes the warehouse as fulfilling location and
// notes the fulfilling order the F3 poll will bring, ORIG#: 8953-001.
func TestE2E_F1_OMSWarehouseAssigned(t *testing.T) {
	s := e2eSettings()
	s.FulfillmentAssignment = true
	s.DeliveryOrderTypeFromOMS = "D"
	e := newE2E(t, s, brokertest.Config{}, 4)
	e.run()
	id := e.requestID(4)
	require.Equal(t, broker.StatusAcknowledged, e.rec(4).Status)
	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{Status: broker.OBNewOrder, Location: &broker.Location{Location: "10", System: "6"}}))
	e.later()
	rep := e.run()
	require.Empty(t, rep.Errors)
	r := e.rec(4)
	assert.Equal(t, broker.StatusAcknowledged, r.Status)
	assert.Equal(t, "10", r.FulfillingLocation)
	exp := effectsOf[broker.FulfillingOrderExpected](e, 4)
	require.Len(t, exp, 1)
	assert.Equal(t, "ORIG#: 8953-001", exp[0].ECommerceOrderNumber)
	assert.Equal(t, id, exp[0].RequestID)
	assert.Equal(t, "D", exp[0].OrderType) // BRK-066: M33
}

// BRK-056: once a line is with Order Broker, a change to the customer's name
// or address is not sent: later runs only inquire, nothing is resubmitted or
// updated, and Order Broker keeps the name and address of the first request.
func TestE2E_F1_CustomerChangeIsNotSent(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	rep := e.run()
	require.Empty(t, rep.Errors)
	require.Equal(t, broker.StatusAcknowledged, e.rec(4).Status)
	require.Len(t, e.sim.Submits(), 1)
	first := e.sim.Submits()[0].SoldTo

	moved := e2eOrder(4)
	moved.SoldTo.Address.Name.Last = "MARRIED-NAME"
	moved.SoldTo.Address.Address1 = "1 NEW ROAD"
	moved.ShipTo = moved.SoldTo.Address
	e.store.PutOrder(moved)

	for range 3 {
		e.later()
		rep = e.run()
		require.Empty(t, rep.Errors)
	}
	e.assertSubmittedOnce(4)
	assert.Len(t, e.sim.Submits(), 1, "no second SubmitOrder")
	assert.Empty(t, e.sim.Updates(), "no StatusUpdate carries the change")
	assert.Equal(t, first, e.sim.Submits()[0].SoldTo)
	assert.Equal(t, "12345 EXAMPLE STREET", first.Address.Address1)
	assert.Positive(t, e.sim.Received(brokerhttp.MessageStatusListRequest), "the runs did inquire")
}
