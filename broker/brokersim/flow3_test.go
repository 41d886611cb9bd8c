package brokersim_test

import (
	"context"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/orce"
	"github.com/omskit/omskit/storage/memory"
)

// Flow F3 in the simulation: Order Broker assigns retail pickup and
// delivery orders to OMS; the Runner's Fulfillments poll creates them
// through the host (simF3Host) and answers OB; the host prints their pick
// slips, ships them, cancels them or finds a line sold out; the store of a
// retail pickup order receives it and hands it over.

// simOMSLocation is the OMS location OB assigns fulfillments to (K51: L06
// is unselected, so the Fulfillments request comes from K51).
var simOMSLocation = broker.Location{Location: simSettings().DefaultLocation, System: simSettings().System}

// f3Meta is what OB and the host know of an F3 order beyond OB's lines.
type f3Meta struct {
	retailPickup bool
	// held: the host's order edit puts the order on hold.
	held bool
	// origLines are the originating system's line numbers
	// (requesting_system_line_no), by OB line number.
	origLines map[int]int
	// created counts the orders the host committed for the request.
	created int
	so      *simOrder
}

// simF3Host is the host's order system for received orders: its order
// edit, its one commit of order, records and link, its catalog, customers
// and order links.
type simF3Host struct {
	w     *world
	links memory.OrderLinks
}

func (w *world) f3Host() *simF3Host {
	f := w.f23()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.host == nil {
		f.host = &simF3Host{w: w}
		f.f3 = map[string]*f3Meta{}
	}
	return f.host
}

func (w *world) f3Meta(requestID string) *f3Meta {
	f := w.f23()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.f3[requestID]
}

// poller is the Runner's Fulfillments poll over the host.
func (h *simF3Host) poller() *broker.FulfillmentPoller {
	return &broker.FulfillmentPoller{Deps: broker.FulfillmentDeps{Catalog: h, Customers: h, Links: &h.links, Now: h.w.now, NewID: h.w.newID},
		Host: h, Settings: h.w.settings, Company: 6, Now: h.w.now}
}

// FulfillmentItem: every item is in stock.
func (h *simF3Host) FulfillmentItem(_ context.Context, _, _ int, itemID string) (broker.StockedItem, error) {
	return broker.StockedItem{Code: itemID, Available: 100}, nil
}

// ResolveFulfillmentCustomer: every sold-to is customer 12345.
func (h *simF3Host) ResolveFulfillmentCustomer(context.Context, string, orce.ResponseCustomer) (orce.FulfillmentResult, error) {
	return orce.FulfillmentResult{SoldTo: customer.SoldTo{Number: 12345}}, nil
}

// EditReceivedOrder: the order goes on hold when OB drew it so.
func (h *simF3Host) EditReceivedOrder(_ context.Context, o broker.ReceivedOrder) (bool, []string, error) {
	m := h.w.f3Meta(o.RequestID)
	return m != nil && m.held, nil, nil
}

// CommitReceivedOrder numbers the order and writes its records and link
// in one step.
func (h *simF3Host) CommitReceivedOrder(ctx context.Context, o broker.ReceivedOrder, recs []broker.Result, link func(broker.OrderKey) broker.OrderLink) (broker.OrderKey, error) {
	w := h.w
	m := w.f3Meta(o.RequestID)
	if m == nil {
		w.violate("invOneOrderPerFulfillment", "order created for request %s, which OB never assigned to OMS", o.RequestID)
		return broker.OrderKey{}, fmt.Errorf("request %s: not assigned to OMS", o.RequestID)
	}
	key := broker.OrderKey{Company: 6, Order: w.nextOrder, ShipTo: 1}
	w.nextOrder++
	out := make([]broker.Record, len(recs))
	for i, r := range recs {
		out[i] = r.Record
		out[i].Key = key
	}
	if err := w.log.put(ctx, out...); err != nil {
		return broker.OrderKey{}, err
	}
	h.links.Add(link(key))
	m.created++
	if m.created > 1 {
		w.violate("invOneOrderPerFulfillment", "request %s: %d orders created (BRK-168: a fulfillment seen again is a duplicate)", o.RequestID, m.created)
	}
	so := &simOrder{key: key, texts: map[string]int{}, held: m.held,
		f23: &f23Order{flow: &broker.ReceivedFromBroker, shipped: map[int]simShipment{}, printed: map[int]int{}, requestID: o.RequestID}}
	m.so = so
	for _, r := range out {
		sr := &simRecord{id: r.ID, flow: &broker.ReceivedFromBroker, seq: r.LineSeq}
		so.recs = append(so.recs, sr)
		w.mu.Lock()
		w.orderOf[sr.id] = so
		w.mu.Unlock()
		w.byLine[lineKey(broker.OrderID(key), r.LineSeq)] = sr
	}
	w.simOrds = append(w.simOrds, so)
	w.logf("received order %s for request %s: %d line(s), held %v", key, o.RequestID, len(out), m.held)
	return key, nil
}

// assignF3 is OB assigning a retail pickup or delivery order of 1 to 3
// lines to OMS; half of them carry originating line numbers that are not
// OB's line numbers.
func (m *obModel) assignF3() {
	rnd := m.w.rnd
	meta := &f3Meta{retailPickup: rnd.IntN(2) == 0, held: rnd.IntN(4) == 0, origLines: map[int]int{}}
	m.w.f3Host()
	m.mu.Lock()
	defer m.mu.Unlock()
	tt := broker.TransactionTypeDelivery
	if meta.retailPickup {
		tt = broker.TransactionTypeRetailPickup
	}
	o := &obOrder{requestID: strconv.Itoa(m.next), orderID: fmt.Sprintf("S-%d", m.next), transactionType: tt}
	m.next++
	shift := rnd.IntN(2) * 3
	for i := range 1 + rnd.IntN(3) {
		l := &obLine{seq: i + 1, lineNo: i + 1, item: simItems[rnd.IntN(len(simItems))], qty: 1 + rnd.IntN(2), status: broker.OBNewOrder,
			loc: simOMSLocation, at: m.w.now()}
		meta.origLines[l.seq] = l.seq + shift
		o.lines = append(o.lines, l)
	}
	m.orders[o.requestID] = o
	m.ids = append(m.ids, o.requestID)
	f := m.w.f23()
	f.mu.Lock()
	f.f3[o.requestID] = meta
	f.mu.Unlock()
	m.w.logf("OB: assigned request %s (%s, %d line(s)) to OMS, held %v", o.requestID, tt, len(o.lines), meta.held)
}

// requestingLine is the requesting_system_line_no OB reports for line l.
func (m *obModel) requestingLine(o *obOrder, l *obLine) int {
	if meta := m.w.f3Meta(o.requestID); meta != nil {
		return meta.origLines[l.seq]
	}
	return l.seq
}

// fulfillments answers a Fulfillments request: the orders assigned to OMS
// that OMS has not answered yet (OB sends an order again until it gets its
// answer).
func (m *obModel) fulfillments(req broker.FulfillmentsRequest) broker.FulfillmentsResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	resp := broker.FulfillmentsResponse{Header: m.header(req.Header)}
	for _, id := range m.ids {
		o := m.orders[id]
		meta := m.w.f3Meta(id)
		if meta == nil || !m.waitsForOMS(o) {
			continue
		}
		addr := simAddress()
		det := &broker.FulfillmentDetailOrder{SourceCode: "WEB", ShipVia: "UPS", Total: decimal.Zero, Currency: "USD",
			SoldTo: broker.SoldTo{CustomerNo: "13827", Address: addr},
			Store:  broker.FulfillmentStoreLocation{Location: simOMSLocation.Location, System: simOMSLocation.System, RequestLocation: "317", RequestSystem: "POS"}}
		freight := decimal.Zero
		det.FreightAmount = &freight
		for _, l := range o.lines {
			det.Items = append(det.Items, broker.FulfillmentItem{LineNo: l.lineNo, RequestingLine: meta.origLines[l.seq], ItemID: l.item, Qty: l.qty,
				UnitPrice: decimal.RequireFromString("9.95"), ShipTo: addr})
			det.Total = det.Total.Add(decimal.RequireFromString("9.95").Mul(decimal.NewFromInt(int64(l.qty))))
		}
		resp.Orders = append(resp.Orders, broker.FulfillmentOrder{RequestID: id, OrderID: o.orderID, TransactionTypeID: o.transactionType, Detail: det})
	}
	return resp
}

// waitsForOMS: every line of o is new_order at the OMS location.
func (m *obModel) waitsForOMS(o *obOrder) bool {
	for _, l := range o.lines {
		if l.status != broker.OBNewOrder || l.loc != simOMSLocation {
			return false
		}
	}
	return true
}

// afterUpdateF3 is OB taking OMS's update of a received order: a line OMS
// rejects goes to another location (OB reassigns it); a retail
// pickup order in transit gets its store's plan.
func (m *obModel) afterUpdateF3(o *obOrder, l *obLine) {
	if m.w.f3Meta(o.requestID) == nil {
		return
	}
	switch {
	case l.status == broker.OBRejected && len(l.plan) == 0:
		other := m.locs[m.w.rnd.IntN(len(m.locs))]
		l.plan = []obMove{{status: broker.OBNewOrder, loc: &other}}
	case o.transactionType == broker.TransactionTypeRetailPickup && l.status == broker.OBIntransit && !l.storePlanned:
		l.storePlanned = true
		l.plan = m.storePlan()
	}
}

// originatorCancel is the originating system canceling a received order
// in OB.
func (m *obModel) originatorCancel(requestID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o := m.orders[requestID]
	for _, l := range o.lines {
		l.status, l.at, l.plan = broker.OBCanceled, m.w.now(), nil
	}
	m.w.logf("OB: request %s canceled by the originating system", requestID)
}

// statusOf is OB's answer to the pick slip generation's status inquiry.
func (m *obModel) statusOf(requestID string) broker.OrderStatusReport {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.report(m.orders[requestID])
}

// actF3 plays what OMS does with a received order between runs: its hold
// released, pick slip generation, shipment, a user's cancel, a line sold
// out; and, in OB, the originating system canceling it before its pick
// slip.
func (w *world) actF3(so *simOrder) {
	inProcess := w.liveRecords(so, broker.StatusInProcess)
	picking := w.liveRecords(so, broker.StatusPicking)
	switch k := w.rnd.IntN(10); {
	case so.held:
		if !so.f23.l02Held && w.rnd.IntN(3) == 0 {
			so.held = false // the user releases the order's hold
			w.logf("received order %s released", so.key)
		}
	case k < 4 && len(inProcess) > 0:
		// Pick slip generation asks OB first.
		ev := broker.PickGenEvent(w.ob.statusOf(so.f23.requestID), nil)
		ev.Source = broker.SourceOMS
		for _, sr := range inProcess {
			if _, err := w.applyOMS(sr, ev); err != nil {
				w.t.Errorf("pick slip generation %s line %d (%s): %v", so.key, sr.seq, ev.Kind, err)
				return
			}
		}
		if ev.Kind == broker.EventPickGenCanceled {
			so.held, so.f23.l02Held = true, true
		}
		w.logf("pick slip generation for %s: %s", so.key, ev.Kind)
	case k < 7 && len(picking) > 0 && len(inProcess) == 0:
		sh := simShipment{agent: "UPS", tracking: fmt.Sprintf("1Z%d%d", so.key.Order, w.step)}
		for _, sr := range picking {
			if _, err := w.applyOMS(sr, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: sh.agent, TrackingNumber: sh.tracking}); err != nil {
				w.t.Errorf("ship received %s line %d: %v", so.key, sr.seq, err)
				return
			}
			so.f23.shipped[sr.seq] = sh
		}
		w.logf("received order %s shipped via %s %s", so.key, sh.agent, sh.tracking)
	case k < 8 && len(inProcess) > 0 && len(picking) == 0:
		if l, _, ok := w.ob.lineOfRequest(so.f23.requestID, inProcess[0].seq); ok && l.status != broker.OBCanceled {
			w.ob.originatorCancel(so.f23.requestID)
		}
	case k < 9 && len(inProcess)+len(picking) > 0:
		open := append(inProcess, picking...)
		cancel := open
		if w.settings.SplitOrder {
			cancel = open[:1]
		} else if len(open) != len(so.recs) {
			return // without L56 the rejection is the whole OB order's: the user cancels it whole
		}
		for _, sr := range cancel {
			ev := broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, LineCanceled: true, CancelReasonCode: "CR", CancelReasonText: "Customer request"}
			if w.settings.SplitOrder && w.rnd.IntN(2) == 0 {
				ev = broker.Event{Kind: broker.EventLineSoldOut, Source: broker.SourceOMS}
			}
			if _, err := w.applyOMS(sr, ev); err != nil {
				w.t.Errorf("%s received %s line %d: %v", ev.Kind, so.key, sr.seq, err)
				return
			}
			sr.canceledByOMS = true
			w.logf("received order %s line %d: %s", so.key, sr.seq, ev.Kind)
		}
	}
}

// lineOfRequest returns a copy of line seq of OB request id.
func (m *obModel) lineOfRequest(id string, seq int) (obLine, *obOrder, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.orders[id]
	if !ok {
		return obLine{}, nil, false
	}
	l := o.line(seq)
	if l == nil {
		return obLine{}, nil, false
	}
	return *l, o, true
}

// invConvergedF3: a received order's record is where OB holds its line
// (§4.3): accepted or polled I (the poll's answer reached OB, BRK-213),
// picked F (F3.10), intransit T, intransit polled V, received S,
// partially fulfilled L, fulfilled X (F3.11-F3.18), the record's request
// ID OB's; a line OMS canceled (F3.20) or found sold out (F3.19) is
// no longer open at OMS in OB; a line the originator canceled stays in I
// on hold (F3.08); OB holds the shipment's agent and tracking number
// (BRK-226, also after a resend from G or H); nothing waits in the outbox.
func (w *world) invConvergedF3(so *simOrder, sr *simRecord, cur broker.Record) {
	l, _, ok := w.ob.lineOfRequest(so.f23.requestID, sr.seq)
	if !ok {
		w.violate("invConverged", "received record %s is %c, OB holds no line %d on request %s", w.label(sr), cur.Status, sr.seq, so.f23.requestID)
		return
	}
	if cur.RequestID != so.f23.requestID {
		w.invConvergedRequest(sr, cur, so.f23.requestID)
		return
	}
	atOMS := l.loc == simOMSLocation
	var ok2 bool
	switch cur.Status {
	case broker.StatusCanceled, broker.StatusRejected:
		ok2 = !atOMS || l.status == broker.OBRejected || l.status == broker.OBCanceled
	case broker.StatusInProcess, broker.StatusPolled:
		ok2 = atOMS && (l.status == broker.OBAccepted || l.status == broker.OBPolled || l.status == broker.OBCanceled)
	case broker.StatusPicking:
		ok2 = l.status == broker.OBPicked
	case broker.StatusInTransit:
		ok2 = l.status == broker.OBIntransit
	case broker.StatusInTransitPolled:
		ok2 = l.status == broker.OBIntransitPolled
	case broker.StatusReceivedByStore:
		ok2 = l.status == broker.OBReceived
	case broker.StatusPartialFulfill:
		ok2 = l.status == broker.OBPartiallyFulfilled
	case broker.StatusCompleted:
		ok2 = l.status == broker.OBFulfilled
	}
	if !ok2 {
		w.violate("invConverged", "received record %s is %c, OB holds request %s line %d at %s/%s", w.label(sr), cur.Status, so.f23.requestID, sr.seq, l.status, l.loc.Location)
		return
	}
	if sh, shipped := so.f23.shipped[sr.seq]; shipped && (l.agent != sh.agent || l.tracking != sh.tracking) {
		w.violate("invConvergedShipment", "received record %s shipped via %s %s, OB holds %q %q (BRK-226, BRK-227)", w.label(sr), sh.agent, sh.tracking, l.agent, l.tracking)
	}
	if !cur.Outbox.Empty() {
		w.violate("invConverged", "received record %s (%c): %+v still waits in its outbox", w.label(sr), cur.Status, cur.Outbox)
	}
}

// invEveryFulfillmentAnswered: once the world is quiet, no order OB
// assigned to OMS still waits for OMS's answer (BRK-213), and each
// request made exactly one order.
func (w *world) invEveryFulfillmentAnswered() {
	f := w.f23()
	f.mu.Lock()
	ids := make([]string, 0, len(f.f3))
	for id := range f.f3 {
		ids = append(ids, id)
	}
	f.mu.Unlock()
	for _, id := range ids {
		w.ob.mu.Lock()
		waits := w.ob.waitsForOMS(w.ob.orders[id])
		w.ob.mu.Unlock()
		if waits {
			w.violate("invConverged", "request %s assigned to OMS was never answered (BRK-213)", id)
		}
		if m := w.f3Meta(id); m.created != 1 {
			w.violate("invOneOrderPerFulfillment", "request %s: %d orders created", id, m.created)
		}
	}
}
