package broker_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokertest"
)

// Whole orders end to end: several lines under one request ID, each line
// in its own status, through a real HTTP transport and the simulator.

// inquiryLog wraps a Transport and records the request IDs of every status
// (list) request sent.
type inquiryLog struct {
	broker.Transport
	mu  sync.Mutex
	ids []string
}

func (l *inquiryLog) StatusRequest(ctx context.Context, req broker.StatusRequest) (broker.StatusResponse, error) {
	l.mu.Lock()
	l.ids = append(l.ids, req.RequestID)
	l.mu.Unlock()
	return l.Transport.StatusRequest(ctx, req)
}

func (l *inquiryLog) StatusListRequest(ctx context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	l.mu.Lock()
	l.ids = append(l.ids, req.RequestIDs...)
	l.mu.Unlock()
	return l.Transport.StatusListRequest(ctx, req)
}

// take returns the request IDs inquired on since the last call.
func (l *inquiryLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.ids
	l.ids = nil
	return out
}

// BRK-069 (the K10 interval is per order), with the seed's billing example
// (order-broker.md §2.8, BRK-090): three lines under one request ID (L56),
// two accepted and one still acknowledged, all then fulfilled. While the
// order is open every run inquires on the request once and reports no
// error; fulfilled, the lines bill as two invoices, one per previous status.
func TestE2E_BRK069_MixedStatusesOneInquiryPerRequest(t *testing.T) {
	s := e2eSettings()
	s.SplitOrder = true
	e := newE2E(t, s, brokertest.Config{}, 1, 2, 3)
	log := &inquiryLog{Transport: e.client}
	e.runner.Transport = log

	rep := e.run()
	require.Empty(t, rep.Errors)
	id := e.requestID(1)
	for _, seq := range []int{1, 2, 3} {
		require.Equal(t, broker.StatusAcknowledged, e.rec(seq).Status, "line %d", seq)
		require.Equal(t, id, e.rec(seq).RequestID, "line %d", seq)
	}
	log.take()

	// Lines 1 and 2 accepted, line 3 still new_order: the records are in A and K.
	for _, seq := range []int{1, 2} {
		require.NoError(t, e.sim.AdvanceLine(id, seq, brokertest.LineChange{Status: broker.OBAccepted}))
	}
	e.later()
	rep = e.run()
	assert.Empty(t, rep.Errors, "BRK-069: a healthy order of mixed statuses reports no run error")
	assert.Equal(t, []string{id}, log.take(), "BRK-069: one inquiry per request ID per run")
	assert.Equal(t, broker.StatusAccepted, e.rec(1).Status)
	assert.Equal(t, broker.StatusAccepted, e.rec(2).Status)
	assert.Equal(t, broker.StatusAcknowledged, e.rec(3).Status)

	// The next run finds the order in two status groups (K and A): still one
	// inquiry and no error.
	e.later()
	rep = e.run()
	assert.Empty(t, rep.Errors, "BRK-069: lines of one request in K and A report no run error")
	assert.Equal(t, []string{id}, log.take(), "BRK-069: records of one request in K and A are inquired on together, once")

	// Before K10 has passed since that inquiry nothing is asked (BRK-069).
	rep = e.run()
	assert.Empty(t, rep.Errors)
	assert.Empty(t, log.take(), "BRK-069: the interval runs per order")

	// All fulfilled: two invoices, one per previous status (BRK-090).
	require.NoError(t, e.sim.Ship(id, "", ""))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, []string{id}, log.take(), "BRK-069: one inquiry per request ID per run")
	for _, seq := range []int{1, 2, 3} {
		assert.Equal(t, broker.StatusCompleted, e.rec(seq).Status, "line %d", seq)
	}
	require.Len(t, rep.Billing, 2, "BRK-090: two lines accepted and one acknowledged give two invoices")
	prev := map[broker.Status]int{}
	for _, h := range rep.Billing {
		prev[h.PreviousStatus] = len(h.Lines)
	}
	assert.Equal(t, map[broker.Status]int{broker.StatusAccepted: 2, broker.StatusAcknowledged: 1}, prev, "BRK-090")
}

// BRK-070: a status response that repeats the record's status but names a
// new fulfilling location (or, in transit, a new tracking number) applies
// the data effects: the location, the shipment details. Nothing else is
// written: no history, no message, no billing.
func TestE2E_BRK070_NewLocationSameStatus(t *testing.T) {
	e := newShipForPickupE2E(t, e2eSettings())
	require.Empty(t, e.run().Errors)
	id := e.requestID(4)

	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{Status: broker.OBAccepted}))
	e.later()
	require.Empty(t, e.run().Errors)
	require.Equal(t, broker.StatusAccepted, e.rec(4).Status)
	require.Equal(t, "317", e.rec(4).FulfillingLocation)
	effects := len(e.store.Effects(e.ids[4]))

	// Still accepted, now at location 420.
	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{Location: &broker.Location{Location: "420", System: "SYSTEM01"}}))
	e.later()
	rep := e.run()
	require.Empty(t, rep.Errors)
	got := e.rec(4)
	assert.Equal(t, broker.StatusAccepted, got.Status)
	assert.Equal(t, "420", got.FulfillingLocation, "BRK-070: the new fulfilling location is taken from the status response")
	assert.Equal(t, "SYSTEM01", got.FulfillingSystem, "BRK-070")
	assert.Len(t, e.store.Effects(e.ids[4]), effects, "BRK-070: a repeated status writes no history or message")

	// The same answer again changes nothing.
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Zero(t, rep.Transitions, "BRK-070: the same status and data again is a no-op")

	// In transit with a tracking number, then the same status with a new one:
	// the shipment details change (BRK-083), nothing else is written.
	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{Status: broker.OBIntransit, ShippingAgent: "UPS", TrackingNumber: "TRK1"}))
	e.later()
	require.Empty(t, e.run().Errors)
	require.Equal(t, broker.StatusInTransit, e.rec(4).Status)
	texts := len(e.texts(4))
	history := len(e.history(4))
	require.NoError(t, e.sim.AdvanceLine(id, 4, brokertest.LineChange{TrackingNumber: "TRK2"}))
	e.clock.Add(24 * time.Hour)
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, broker.StatusInTransit, e.rec(4).Status)
	ship := effectsOf[broker.ShipmentDetails](e, 4)
	require.Len(t, ship, 2, "BRK-070: a new tracking number on a repeated status is saved")
	assert.Equal(t, "TRK2", ship[1].TrackingNumber, "BRK-070")
	assert.Equal(t, "UPS", ship[1].ShippingAgent, "BRK-070")
	assert.Len(t, e.texts(4), texts, "BRK-070: no message on a repeated status")
	assert.Len(t, e.history(4), history, "BRK-070: no history on a repeated status")
	assert.Empty(t, rep.Billing, "BRK-070: no billing on a repeated status")
}

// BRK-317 with BRK-412: the fulfilled (G, F3.13) or intransit (H, F2.07)
// status update OB did not answer is resent by the BROKER run with the
// shipping agent and tracking number of the shipment, as first sent.
func TestE2E_BRK317_ResendKeepsShippingAgentAndTracking(t *testing.T) {
	cases := []struct {
		flow   *broker.Flow
		ship   string // row of the shipment
		resend broker.Status
		word   broker.OBStatus
	}{
		{&broker.ShipForPickup, "F2.06", broker.StatusResendIntransit, broker.OBIntransit},
		{&broker.ReceivedFromBroker, "F3.12", broker.StatusResendFulfilled, broker.OBFulfilled},
	}
	for _, c := range cases {
		t.Run(c.flow.Name, func(t *testing.T) {
			s := f2E2ESettings()
			s.Flows.DeliveryOrderType, s.Flows.RetailPickupOrderType = "D", "R"
			e := newE2E(t, s, brokertest.Config{}, 4)
			e.runner.Flows = broker.Flows()
			require.Empty(t, e.run().Errors)
			id := e.requestID(4)
			r := e.rec(4)
			r.Flow, r.Status = c.flow.Name, broker.StatusPicking
			require.NoError(t, e.store.Put(context.Background(), r))

			apply := func(ev broker.Event) broker.Result {
				t.Helper()
				var res broker.Result
				require.NoError(t, e.store.Update(context.Background(), r.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
					var err error
					if res, err = e.runner.Engine.Apply(c.flow, cur, ev); err != nil {
						return cur, nil, err
					}
					return res.Record, res.Effects, nil
				}))
				return res
			}
			res := apply(broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: "UPS", TrackingNumber: "1Z9"})
			require.Equal(t, c.ship, res.Row)
			apply(broker.Event{Kind: broker.EventUpdateUnanswered, Source: broker.SourceOMS, OBStatus: string(c.word)})
			require.Equal(t, c.resend, e.rec(4).Status)

			require.Empty(t, e.run().Errors)
			ups := e.sim.Updates()
			require.NotEmpty(t, ups)
			last := ups[len(ups)-1]
			assert.Equal(t, id, last.RequestID)
			assert.Equal(t, c.word, last.OrderStatus, "BRK-317: the resend carries the status first sent")
			assert.Equal(t, "UPS", last.ShippingAgent, "BRK-317, BRK-412: the resend keeps the shipping agent")
			assert.Equal(t, "1Z9", last.TrackingNumber, "BRK-317, BRK-412: the resend keeps the tracking number")
		})
	}
}

// BRK-098 (F1.24) and BRK-415: with M18 a held order is sent Under Review
// (BRK-034) and the record keeps that; the first release asks for the
// order update, which the BROKER run sends, once per request ID, with the
// message "Request ID: <id> Under Review: N"; holding the order again sends
// Y. Neither the OB status nor the record status changes.
func TestE2E_BRK098_UnderReviewHeldThenReleased(t *testing.T) {
	s := e2eSettings()
	s.SendHeldOrders, s.SplitOrder = true, true
	e := newE2E(t, s, brokertest.Config{}, 1, 2)
	held := e2eOrder(1, 2)
	held.Status = broker.OrderHeld
	e.store.PutOrder(held)

	require.Empty(t, e.run().Errors)
	id := e.requestID(1)
	subs := e.sim.Submits()
	require.Len(t, subs, 1)
	require.True(t, subs[0].UnderReview, "BRK-034: a held order goes with under_review Y")
	so, _ := e.sim.Order(id)
	require.True(t, so.UnderReview)
	for _, seq := range []int{1, 2} {
		assert.True(t, e.rec(seq).UnderReview, "BRK-098: line %d records that it was sent Under Review", seq)
	}

	// Released: each record's F1.24 asks for the order update; no status moves.
	e.store.PutOrder(e2eOrder(1, 2))
	for _, seq := range []int{1, 2} {
		res, err := e.runner.Apply(context.Background(), e.ids[seq], broker.Event{Kind: broker.EventHoldChanged, Held: false})
		require.NoError(t, err)
		assert.Equal(t, "F1.24", res.Row, "BRK-098: the release of a held order sent Under Review is a hold change")
		assert.Equal(t, broker.StatusAcknowledged, res.Record.Status, "BRK-098: the record status does not change")
		assert.False(t, res.Record.UnderReview)
		assert.Len(t, effectsOfResult[broker.UnderReviewUpdate](res), 1, "BRK-098: the release asks for the order update")
	}
	updates := len(e.sim.Updates())
	rep := e.run()
	require.Empty(t, rep.Errors)
	ups := e.sim.Updates()[updates:]
	require.Len(t, ups, 1, "BRK-098: the BROKER run sends one order update per request ID")
	assert.Equal(t, id, ups[0].RequestID)
	require.NotNil(t, ups[0].UnderReview, "BRK-415: the order update carries Under Review")
	assert.False(t, *ups[0].UnderReview, "BRK-098: released: Under Review N")
	assert.Empty(t, ups[0].OrderStatus, "BRK-098: the OB status does not change")
	so, _ = e.sim.Order(id)
	assert.False(t, so.UnderReview)
	assert.Equal(t, broker.OBNewOrder, so.Status(), "BRK-098: the OB status does not change")
	assert.Equal(t, []string{"Request ID: " + id + " Under Review: N"}, e.underReviewTexts(), "BRK-098: the message, once for the request")

	// Nothing more to send.
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Len(t, e.sim.Updates(), updates+1, "BRK-098: the update is sent once")

	// Held again: Under Review Y.
	for _, seq := range []int{1, 2} {
		_, err := e.runner.Apply(context.Background(), e.ids[seq], broker.Event{Kind: broker.EventHoldChanged, Held: true})
		require.NoError(t, err)
	}
	require.Empty(t, e.run().Errors)
	ups = e.sim.Updates()[updates+1:]
	require.Len(t, ups, 1)
	require.NotNil(t, ups[0].UnderReview)
	assert.True(t, *ups[0].UnderReview, "BRK-098: held again: Under Review Y")
	assert.Equal(t, []string{"Request ID: " + id + " Under Review: N", "Request ID: " + id + " Under Review: Y"}, e.underReviewTexts(), "BRK-098")
}

func effectsOfResult[T broker.SideEffect](res broker.Result) []T {
	var out []T
	for _, ef := range res.Effects {
		if v, ok := ef.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// underReviewTexts are the Under Review messages written on the order, in
// the order written.
func (e *e2e) underReviewTexts() []string {
	var out []string
	for _, ef := range e.store.Effects() {
		if m, ok := ef.(broker.TransactionMessage); ok && strings.Contains(m.Text, "Under Review:") {
			out = append(out, m.Text)
		}
	}
	return out
}

// BRK-272 (F4.15): a held store pickup order is sent Under Review when M16
// is unselected and its records keep that; released, the BROKER run sends
// the order update clearing it, once for the order, and OB's order is no
// longer under review.
func TestE2E_BRK272_StorePickupHeldThenReleased(t *testing.T) {
	e := newF4E2E(t, 1, 2)
	o := e2eOrder(1, 2)
	o.PickupStore, o.PickupSystem, o.Status = "7", "STC", broker.OrderHeld
	e.store.PutOrder(o)
	for _, r := range f4NewRecords(1, 2) {
		r.Status = broker.StatusReady
		require.NoError(t, e.store.Put(context.Background(), r))
		e.ids[r.LineSeq] = r.ID
	}
	require.NoError(t, e.run().Err())
	subs := e.sim.Submits()
	require.Len(t, subs, 1)
	assert.True(t, subs[0].UnderReview, "BRK-272: held, M16 unselected: sent Under Review")
	id := e.rec(1).RequestID
	so, _ := e.sim.Order(id)
	require.True(t, so.UnderReview)
	for _, seq := range []int{1, 2} {
		require.Equal(t, broker.StatusAcknowledged, e.rec(seq).Status)
		assert.True(t, e.rec(seq).UnderReview, "BRK-272: line %d records that it was sent Under Review", seq)
	}

	for _, seq := range []int{1, 2} {
		res, err := e.runner.Apply(context.Background(), e.ids[seq], broker.Event{Kind: broker.EventOrderReleased})
		require.NoError(t, err)
		assert.Equal(t, "F4.15", res.Row, "BRK-272")
	}
	updates := len(e.sim.Updates())
	require.NoError(t, e.run().Err())
	ups := e.sim.Updates()[updates:]
	require.Len(t, ups, 1, "BRK-272: one order update for the order")
	require.NotNil(t, ups[0].UnderReview)
	assert.False(t, *ups[0].UnderReview, "BRK-272: the update clears Under Review")
	so, _ = e.sim.Order(id)
	assert.False(t, so.UnderReview, "BRK-272")
}

// newF4Order puts a store pickup order of the lines in R and lets the run
// submit it: every line acknowledged (F4.03) under one request ID.
func newF4Order(t *testing.T, seqs ...int) (*e2e, string) {
	t.Helper()
	e := newF4E2E(t, seqs...)
	o := e2eOrder(seqs...)
	o.PickupStore, o.PickupSystem = "7", "STC"
	e.store.PutOrder(o)
	for _, r := range f4NewRecords(seqs...) {
		r.Status = broker.StatusReady
		require.NoError(t, e.store.Put(context.Background(), r))
		e.ids[r.LineSeq] = r.ID
	}
	require.NoError(t, e.run().Err())
	id := e.rec(seqs[0]).RequestID
	for _, seq := range seqs {
		require.Equal(t, broker.StatusAcknowledged, e.rec(seq).Status)
		require.Equal(t, id, e.rec(seq).RequestID)
	}
	return e, id
}

// orderTexts are the Order Transaction History messages written on the
// order, in the order written.
func (e *e2e) orderTexts() []string {
	var out []string
	for _, ef := range e.store.Effects() {
		if m, ok := ef.(broker.TransactionMessage); ok {
			out = append(out, m.Text)
		}
	}
	return out
}

func countOf[T any](xs []T, keep func(T) bool) int {
	n := 0
	for _, x := range xs {
		if keep(x) {
			n++
		}
	}
	return n
}

// BRK-280 (F4.10), BRK-283, BRK-323: the store rejects a store pickup
// order of two lines. OMS cancels the whole order with G11 once, writes
// "Order was maintained" and "Web cancel request processed." once for the
// order and "Ln#: n Rejected by Store" once per line, and releases the
// holds once.
func TestE2E_BRK280_StoreRejectsWholeOrderOnce(t *testing.T) {
	e, id := newF4Order(t, 1, 2)
	require.NoError(t, e.sim.Advance(id, broker.OBUnfulfillable))
	e.later()
	require.NoError(t, e.run().Err())

	for _, seq := range []int{1, 2} {
		assert.Equal(t, broker.StatusUnfulfillable, e.rec(seq).Status, "BRK-280: line %d rejected", seq)
	}
	texts := e.orderTexts()
	is := func(want string) func(string) bool { return func(s string) bool { return s == want } }
	assert.Equal(t, 1, countOf(texts, is("Order was maintained")), "BRK-280: once per order: %q", texts)
	assert.Equal(t, 1, countOf(texts, is("Web cancel request processed.")), "BRK-280: once per order: %q", texts)
	assert.Equal(t, 1, countOf(texts, is("Submit Order Succeeded")), "BRK-270: the submission of the order, once: %q", texts)
	assert.Equal(t, 1, countOf(texts, is("Ln#: 1 Rejected by Store")), "BRK-280: one per line")
	assert.Equal(t, 1, countOf(texts, is("Ln#: 2 Rejected by Store")), "BRK-280: one per line")
	cancels := countOf(e.store.Effects(), func(ef broker.SideEffect) bool {
		c, ok := ef.(broker.OrderCancel)
		return ok && c.WholeOrder && c.Reason == "G1"
	})
	assert.Equal(t, 1, cancels, "BRK-280: the whole order is canceled with G11 once")
	releases := countOf(e.store.Effects(), func(ef broker.SideEffect) bool {
		h, ok := ef.(broker.OrderHold)
		return ok && h.Release && h.Reason == ""
	})
	assert.Equal(t, 1, releases, "BRK-283: the holds are released once")
}

// BRK-280, BRK-323: the store rejects one line of two. The seed cancels the
// whole order: the other line is canceled with it ("Ln#: 2 Rejected by
// Store", written for each line on the order), its fulfilling location is
// blanked (only the rejected item keeps it), and it is not inquired on
// again; the whole-order effects happen once.
func TestE2E_BRK280_OneLineRejectedCancelsTheOrder(t *testing.T) {
	e, id := newF4Order(t, 1, 2)
	require.NoError(t, e.sim.AdvanceLine(id, 2, brokertest.LineChange{Status: broker.OBAccepted}))
	e.later()
	require.NoError(t, e.run().Err())
	require.Equal(t, broker.StatusAccepted, e.rec(2).Status)
	require.NotEmpty(t, e.rec(2).FulfillingLocation)

	require.NoError(t, e.sim.AdvanceLine(id, 1, brokertest.LineChange{Status: broker.OBUnfulfillable}))
	e.later()
	require.NoError(t, e.run().Err())
	rejected, other := e.rec(1), e.rec(2)
	assert.Equal(t, broker.StatusUnfulfillable, rejected.Status, "BRK-280")
	assert.NotEmpty(t, rejected.FulfillingLocation, "BRK-323: the rejected item keeps its fulfilling location")
	assert.Contains(t, []broker.Status{broker.StatusUnfulfillable, broker.StatusCanceled}, other.Status, "BRK-280: the whole order is canceled, the other line with it")
	assert.Empty(t, other.FulfillingLocation, "BRK-323: the fulfilling location is blank for every item but the rejected one")
	texts := e.orderTexts()
	is := func(want string) func(string) bool { return func(s string) bool { return s == want } }
	assert.Equal(t, 1, countOf(texts, is("Order was maintained")), "BRK-280: once per order: %q", texts)
	assert.Equal(t, 1, countOf(texts, is("Web cancel request processed.")), "BRK-280: once per order: %q", texts)
	assert.Equal(t, 1, countOf(texts, is("Ln#: 1 Rejected by Store")), "BRK-280: written for each line on the order")
	assert.Equal(t, 1, countOf(texts, is("Ln#: 2 Rejected by Store")), "BRK-280: written for each line on the order")

	// Nothing of the order is inquired on again.
	log := &inquiryLog{Transport: e.client}
	e.runner.Transport = log
	e.later()
	require.NoError(t, e.run().Err())
	e.clock.Add(24 * time.Hour)
	require.NoError(t, e.run().Err())
	assert.Empty(t, log.take(), "BRK-280: the canceled order is not inquired on")
}

// BRK-142 (F2.01): a line of a ship-for-pickup order printed after the
// order's first pick slip gets a record and an OB order of its own; the
// existing record and OB order are left alone.
func TestE2E_BRK142_LaterLineGetsItsOwnOrder(t *testing.T) {
	e := newF2E2E(t, 1, 2)
	e.runner.Flows = broker.Flows()
	e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	require.NoError(t, e.run().Err())
	first := e.rec(1)
	require.Equal(t, broker.StatusPicking, first.Status)
	require.NotEmpty(t, first.RequestID)

	// Line 2 can ship later: its pick slip is printed on its own.
	res := e.applyF2(2, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	require.Equal(t, "F2.01", res.Row)
	assert.NotEqual(t, first.ID, res.Record.ID, "BRK-142: a new Order Broker record")
	require.NoError(t, e.run().Err())

	second := e.rec(2)
	assert.Equal(t, broker.StatusPicking, second.Status)
	assert.NotEmpty(t, second.RequestID)
	assert.NotEqual(t, first.RequestID, second.RequestID, "BRK-142: a new OB order for the new line")
	subs := e.sim.Submits()
	require.Len(t, subs, 2)
	require.Len(t, subs[1].Lines, 1, "BRK-142: the new SubmitOrder carries the new line only")
	assert.Equal(t, 2, subs[1].Lines[0].LineItemNo, "BRK-142")
	got := e.rec(1)
	assert.Equal(t, first.Status, got.Status, "BRK-142: the existing record is left alone")
	assert.Equal(t, first.RequestID, got.RequestID, "BRK-142: the existing record is left alone")
	so, ok := e.sim.Order(first.RequestID)
	require.True(t, ok)
	require.Len(t, so.Lines, 1, "BRK-142: the existing OB order is left alone")
	assert.Equal(t, 1, so.Lines[0].Seq, "BRK-142")
}
