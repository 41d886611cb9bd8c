package brokersim_test

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
)

// Flows F2 (ship-for-pickup, submitted at pick slip generation) and F3
// (retail pickup and delivery orders OB assigns to OMS) in the
// simulation: the host's side (pick slip generation, shipment
// confirmation, cancels and voids, the order edit of a received order)
// and Order Broker's (the pickup store receiving and handing over a
// ship-for-pickup order; the orders it assigns to OMS).

// simWarehouse is the OMS warehouse that ships ship-for-pickup orders to
// the store (originating and fulfilling location at submission).
var simWarehouse = broker.Location{Location: simSettings().OriginatingLocation, System: simSettings().System}

// simSFPStore is the store the customers of ship-for-pickup orders chose.
var simSFPStore = broker.Location{Location: "318", System: "STC"}

// f23Order is what the simulation knows of an F2 or F3 order.
type f23Order struct {
	flow *broker.Flow
	// l10Held: OB refused a SubmitOrder of the order: it is held
	// with L10 and no pick slip is generated for it any more.
	l10Held bool
	// shipped is the shipment the host confirmed, per line: the agent and
	// tracking number OB must end up with.
	shipped map[int]simShipment
	// printed counts the pick slips printed per line.
	printed map[int]int
	// requestID is the OB request of a received order (F3); l02Held: the
	// originator canceled it and pick slip generation held it.
	requestID string
	l02Held   bool
}

type simShipment struct{ agent, tracking string }

// f23World is the F2/F3 state of the world.
type f23World struct {
	mu sync.Mutex
	// byKey finds the F2/F3 order of a key.
	byKey map[broker.OrderKey]*simOrder
	// host is the order system of received orders (F3), f3 what OB and
	// the host know of each request assigned to OMS.
	host *simF3Host
	f3   map[string]*f3Meta
}

func (w *world) f23() *f23World {
	if w.flows23 == nil {
		w.flows23 = &f23World{byKey: map[broker.OrderKey]*simOrder{}}
	}
	return w.flows23
}

// startF23 gives a (re)started worker's Runner the host's pick slip
// printer (F2).
func (w *world) startF23(wk *worker) {
	wk.runner.PickSlips = simPrinter{w: w}
	wk.runner.Fulfillments = w.f3Host().poller()
}

// simPrinter is the host's pick slip generation as the Runner tells it the
// outcome of a ship-for-pickup submission.
type simPrinter struct{ w *world }

func (p simPrinter) PrintPickSlip(_ context.Context, key broker.OrderKey, seqs []int, print bool) error {
	f := p.w.f23()
	f.mu.Lock()
	so := f.byKey[key]
	f.mu.Unlock()
	if so == nil || so.f23 == nil {
		p.w.violate("invPickSlipOncePerLine", "pick slip decision for %s, not a ship-for-pickup order of the simulation", key)
		return nil
	}
	p.w.logf("pick slip of %s lines %v: print %v", key, seqs, print)
	if !print {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, seq := range seqs {
		so.f23.printed[seq]++
		if n := so.f23.printed[seq]; n > 1 {
			p.w.violate("invPickSlipOncePerLine", "%s line %d: pick slip printed %d times for one submission (F2.05, BRK-125)", key, seq, n)
		}
	}
	return nil
}

// committedF23 watches the committed effects of F2/F3 records: the L10
// hold of a refused ship-for-pickup order.
func (w *world) committedF23(so *simOrder, c committed) {
	if so.f23 == nil {
		return
	}
	for _, e := range c.effects {
		if h, ok := e.(broker.OrderHold); ok && !h.Release && h.Reason == w.settings.Flows.ShipForPickupErrorHold {
			so.f23.l10Held = true
		}
	}
}

// newF2Order takes in a ship-for-pickup order (F2: M34 is not ALWAYS, so
// it goes to OB when its pick slip is generated) of 1 to 4 lines.
func (w *world) newF2Order() {
	key := broker.OrderKey{Company: 6, Order: w.nextOrder, ShipTo: 1}
	w.nextOrder++
	o := broker.Order{Key: key, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: simAddress()}, ShipTo: simAddress(), ShipVia: "1", ShipViaDescription: "UPS GROUND",
		SourceCode: "SOURCE", ShipForPickup: true, PickupStore: simSFPStore.Location, PickupSystem: simSFPStore.System}
	w.orders.PutOrder(o)
	so := &simOrder{key: key, texts: map[string]int{}, f23: &f23Order{flow: &broker.ShipForPickup, shipped: map[int]simShipment{}, printed: map[int]int{}}}
	w.simOrds = append(w.simOrds, so)
	f := w.f23()
	f.mu.Lock()
	f.byKey[key] = so
	f.mu.Unlock()
	if w.rnd.IntN(15) == 0 {
		w.ob.mu.Lock()
		w.ob.rejectOn[broker.OrderID(key)] = true // OB answers its SubmitOrder with an error
		w.ob.mu.Unlock()
	}
	lines := 1 + w.rnd.IntN(4)
	w.logf("ship-for-pickup order %s with %d line(s)", key, lines)
	for range lines {
		w.addF2Line(so)
	}
}

// addF2Line adds a line to a ship-for-pickup order; its pick slip is
// generated at the next pick slip generation (a line added later
// gets its own record and OB order).
func (w *world) addF2Line(so *simOrder) {
	o, err := w.orders.Order(w.ctx, so.key)
	if err != nil {
		w.t.Fatalf("order %s: %v", so.key, err)
	}
	seq := len(o.Lines) + 1
	qty := 1 + w.rnd.IntN(3)
	o.Lines = append(o.Lines, broker.OrderLine{Seq: seq, Number: seq, Status: broker.LineOpen, Ordered: qty,
		UnitPrice: decimal.RequireFromString("9.99"), Item: broker.Item{Code: simItems[w.rnd.IntN(len(simItems))], OROBEligible: true}})
	w.orders.PutOrder(o)
	if w.step > 0 {
		w.logf("line %d added to %s", seq, so.key)
	}
}

// generatePickSlips is pick slip generation for the ship-for-pickup
// orders: every line without a live record gets one in I, the
// Runner submits it. A line whose record was dropped because OB did not
// answer is picked up again; an order OB refused is held
// with L10 and gets none.
func (w *world) generatePickSlips() {
	for _, so := range w.simOrds {
		if so.f23 == nil || so.f23.flow != &broker.ShipForPickup || so.f23.l10Held {
			continue
		}
		// One pick slip of the order at a time: a SubmitOrder answered 2040
		// acknowledges every line it carries, so a pick slip printed again
		// after a lost answer must carry only lines OB may hold
		// (a group mixing lines OB holds and new ones is the 2040 gap the
		// package doc names).
		if len(w.liveRecords(so, broker.StatusInProcess)) > 0 {
			continue
		}
		o, err := w.orders.Order(w.ctx, so.key)
		if err != nil {
			w.t.Fatalf("order %s: %v", so.key, err)
		}
		var dropped, fresh []int
		for _, l := range o.Lines {
			if l.Status == broker.LineCanceled {
				continue
			}
			sr, ok := w.byLine[lineKey(broker.OrderID(so.key), l.Seq)]
			if !ok {
				fresh = append(fresh, l.Seq)
				continue
			}
			cur := w.current(sr)
			if cur.Dropped || cur.Status == broker.StatusCanceled && !sr.canceledByOMS {
				dropped = append(dropped, l.Seq) // not answered, or voided: printed again
			}
		}
		if len(dropped) == 0 {
			dropped = fresh
		}
		for _, seq := range dropped {
			w.newF2Record(so, seq)
		}
	}
}

func (w *world) newF2Record(so *simOrder, seq int) {
	rec := broker.Record{ID: w.newID(), Flow: broker.ShipForPickup.Name, Key: so.key, LineSeq: seq, LineNo: seq}
	res, err := broker.Engine{Settings: w.settings, Now: w.now}.Apply(&broker.ShipForPickup, rec, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	if err != nil {
		w.t.Fatalf("for %s: %v", rec.Label(), err)
	}
	if err := w.log.put(w.ctx, res.Record); err != nil {
		w.t.Fatalf("put %s: %v", rec.Label(), err)
	}
	sr := &simRecord{id: rec.ID, flow: &broker.ShipForPickup, seq: seq}
	so.recs = append(so.recs, sr)
	w.mu.Lock()
	w.orderOf[sr.id] = so
	w.mu.Unlock()
	w.byLine[lineKey(broker.OrderID(so.key), seq)] = sr
	so.f23.printed[seq] = 0 // a new pick slip for the line (a reprint after a void)
	w.logf("pick slip generation: %s line %d in I", so.key, seq)
}

// actF23 plays what OMS does with an F2 or F3 order between runs.
func (w *world) actF23(so *simOrder) {
	if so.f23.flow == &broker.ShipForPickup {
		w.actF2(so)
		return
	}
	w.actF3(so)
}

// liveF2 returns the order's records in status st that are the current
// records of their lines.
func (w *world) liveRecords(so *simOrder, st broker.Status) []*simRecord {
	var out []*simRecord
	for _, sr := range so.recs {
		if w.byLine[lineKey(broker.OrderID(so.key), sr.seq)] != sr {
			continue
		}
		if cur := w.current(sr); cur.Status == st && !cur.Dropped {
			out = append(out, sr)
		}
	}
	return out
}

// actF2: the pick slip ships to the store, the user cancels a line in
// order maintenance, the pick slip is voided (a cancel update with L89,
// else nothing), or a line is added.
func (w *world) actF2(so *simOrder) {
	picking := w.liveRecords(so, broker.StatusPicking)
	if len(w.liveRecords(so, broker.StatusInProcess)) > 0 {
		// A line of the pick slip may still be taking OB's answer: the
		// pick slip is neither shipped nor canceled before it printed.
		picking = nil
	}
	k := w.rnd.IntN(10)
	switch {
	case k < 5 && len(picking) > 0:
		// The pick slip ships whole: every line of its OB order (without
		// L56 the intransit update is the whole order's).
		reqID := w.current(picking[w.rnd.IntN(len(picking))]).RequestID
		sh := simShipment{agent: "FEDEX", tracking: fmt.Sprintf("7489%d%s%d", so.key.Order, reqID, w.step)}
		for _, sr := range picking {
			if w.current(sr).RequestID != reqID {
				continue
			}
			if _, err := w.applyOMS(sr, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: sh.agent, TrackingNumber: sh.tracking}); err != nil {
				w.t.Errorf("ship %s line %d: %v", so.key, sr.seq, err)
				return
			}
			so.f23.shipped[sr.seq] = sh
			w.logf("shipment confirmed: %s line %d via %s %s", so.key, sr.seq, sh.agent, sh.tracking)
		}
	case k < 7 && len(picking) > 0:
		sr := picking[w.rnd.IntN(len(picking))]
		cancel := []*simRecord{sr}
		if !w.settings.SplitOrder {
			// without L56 one cancel cancels the whole OB order:
			// the user cancels every line of the pick slip, and only while
			// none of them has shipped.
			reqID := w.current(sr).RequestID
			for _, r := range so.recs {
				if c := w.current(r); c.RequestID == reqID && c.Status != broker.StatusPicking {
					return
				}
			}
			cancel = slices.DeleteFunc(slices.Clone(picking), func(r *simRecord) bool { return w.current(r).RequestID != reqID })
		}
		for _, sr := range cancel {
			if _, err := w.applyOMS(sr, broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, LineCanceled: true,
				CancelReasonCode: "CR", CancelReasonText: "Customer request"}); err != nil {
				w.t.Errorf("cancel %s line %d: %v", so.key, sr.seq, err)
				return
			}
			sr.canceledByOMS = true
			w.cancelOrderLine(so, sr.seq)
			w.logf("user canceled ship-for-pickup %s line %d", so.key, sr.seq)
		}
	case k < 8 && len(picking) > 0:
		sr := picking[w.rnd.IntN(len(picking))]
		ev := broker.PickSlipVoidEvent("W", true, "", w.settings)
		ev.Source = broker.SourceOMS
		if ev.Kind == broker.EventPickVoidedSeparate {
			// The void cancels the OB order of the pick slip: with L89 it holds
			// this line only.
			if _, err := w.applyOMS(sr, ev); err != nil {
				w.t.Errorf("void %s line %d: %v", so.key, sr.seq, err)
				return
			}
		} else if _, err := w.applyOMS(sr, ev); err != nil {
			w.t.Errorf("void %s line %d: %v", so.key, sr.seq, err)
			return
		}
		w.logf("pick slip of %s line %d voided (%s)", so.key, sr.seq, ev.Kind)
	case k < 9:
		w.addF2Line(so)
	}
}

// cancelOrderLine marks the order line canceled (the pick slip generation
// skips it).
func (w *world) cancelOrderLine(so *simOrder, seq int) {
	o, err := w.orders.Order(w.ctx, so.key)
	if err != nil {
		w.t.Fatalf("order %s: %v", so.key, err)
	}
	for i := range o.Lines {
		if o.Lines[i].Seq == seq {
			o.Lines[i].Status = broker.LineCanceled
		}
	}
	w.orders.PutOrder(o)
}

// storePlan draws what the pickup store does once a ship-for-pickup line
// is in transit: the pickup location polls it, receives it, the
// customer picks up part of it, all of it, or nothing yet.
func (m *obModel) storePlan() []obMove {
	rnd := m.w.rnd
	var p []obMove
	if rnd.IntN(3) == 0 {
		p = append(p, obMove{status: broker.OBIntransitPolled})
	}
	store := simSFPStore
	if rnd.IntN(3) > 0 {
		p = append(p, obMove{status: broker.OBReceived, loc: &store})
	}
	if rnd.IntN(4) == 0 {
		p = append(p, obMove{status: broker.OBPartiallyFulfilled, loc: &store})
	}
	if rnd.IntN(5) > 0 {
		p = append(p, obMove{status: broker.OBFulfilled, loc: &store})
	}
	return p
}

// afterUpdate is OB taking a status update on its lines: the shipment
// data, and the store's plan once a ship-for-pickup line is in transit.
func (m *obModel) afterUpdate(o *obOrder, l *obLine, it broker.ItemUpdate, req broker.StatusUpdate) {
	agent, track := it.ShippingAgent, it.TrackingNumber
	if agent == "" && track == "" {
		agent, track = req.ShippingAgent, req.TrackingNumber
	}
	if agent != "" || track != "" {
		l.agent, l.tracking = agent, track
	}
	if o.transactionType == broker.TransactionTypeShipForPickup && l.status == broker.OBIntransit && len(l.plan) == 0 && !l.storePlanned {
		l.storePlanned = true
		l.plan = m.storePlan()
	}
	m.afterUpdateF3(o, l)
}

// staleIntransit: OB ignores an intransit update for a line its store
// already reported further on (a resend of an update OB took, whose
// answer a dead run never stored); the chapter does not say how OB answers
// it, the model answers OK and changes nothing.
func staleIntransit(l *obLine, st broker.OBStatus) bool {
	if st != broker.OBIntransit {
		return false
	}
	switch l.status {
	case broker.OBIntransitPolled, broker.OBReceived, broker.OBPartiallyFulfilled, broker.OBFulfilled:
		return true
	}
	return false
}

// invConvergedF23 is invConverged for an F2 or F3 record.
func (w *world) invConvergedF23(so *simOrder, sr *simRecord, cur broker.Record) {
	if cur.Dropped || w.byLine[lineKey(broker.OrderID(so.key), sr.seq)] != sr {
		return // deleted by its flow, or replaced by a later pick slip of the line
	}
	if so.f23.flow == &broker.ReceivedFromBroker {
		w.invConvergedF3(so, sr, cur)
		return
	}
	w.invConvergedF2(so, sr, cur)
}

// invConvergedF2: a ship-for-pickup record is where OB holds its line
// (§4.2): picked F (F2.05), intransit T (F2.06, F2.08), intransit polled
// V (F2.09), received S (F2.10), partially fulfilled L (F2.11), fulfilled
// X (F2.12), canceled Z (F2.14); the shipment's agent and tracking number
// as the host confirmed it (BRK-226, also after a resend from H, BRK-152);
// the pickup store as fulfilling location once the store has it (BRK-134).
func (w *world) invConvergedF2(so *simOrder, sr *simRecord, cur broker.Record) {
	orderID := broker.OrderID(so.key)
	if w.mixedRequest(so, cur.RequestID) {
		w.violate("invConvergedRequestF2", "ship-for-pickup record %s (%c) has request %q, which OB holds without some of the lines acknowledged with it",
			w.label(sr), cur.Status, cur.RequestID)
		return
	}
	l, reqID, ok := w.ob.lineOf(orderID, sr.seq)
	if !ok && cur.RequestID == "" {
		w.violate("invConverged", "ship-for-pickup record %s is %c, OB holds nothing for it", w.label(sr), cur.Status)
		return
	}
	if cur.RequestID != reqID {
		w.invConvergedRequest(sr, cur, reqID)
		return
	}
	var want broker.Status
	switch l.status {
	case broker.OBPicked:
		want = broker.StatusPicking
	case broker.OBIntransit:
		want = broker.StatusInTransit
	case broker.OBIntransitPolled:
		want = broker.StatusInTransitPolled
	case broker.OBReceived:
		want = broker.StatusReceivedByStore
	case broker.OBPartiallyFulfilled:
		want = broker.StatusPartialFulfill
	case broker.OBFulfilled:
		want = broker.StatusCompleted
	case broker.OBCanceled:
		want = broker.StatusCanceled
	case broker.OBNewOrder:
		w.violate("invConverged", "ship-for-pickup record %s is %c, OB still holds request %s at new_order: picked never reached OB (F2.05, BRK-130)", w.label(sr), cur.Status, reqID)
		return
	default:
		w.t.Fatalf("OB ship-for-pickup line %s/%d ends in %s: the model never puts it there", orderID, sr.seq, l.status)
	}
	if cur.Status != want {
		w.violate("invConverged", "ship-for-pickup record %s is %c, OB holds request %s line at %s: want %c", w.label(sr), cur.Status, reqID, l.status, want)
		return
	}
	if sh, ok := so.f23.shipped[sr.seq]; ok && (l.agent != sh.agent || l.tracking != sh.tracking) {
		w.violate("invConvergedShipment", "ship-for-pickup record %s shipped via %s %s, OB holds %q %q (BRK-226, BRK-152)", w.label(sr), sh.agent, sh.tracking, l.agent, l.tracking)
	}
	if (want == broker.StatusReceivedByStore || want == broker.StatusCompleted) && cur.FulfillingLocation != simSFPStore.Location {
		w.violate("invConvergedLocation", "ship-for-pickup record %s (%c) at location %q, the store %s has it (BRK-134)", w.label(sr), cur.Status, cur.FulfillingLocation, simSFPStore.Location)
	}
	if !cur.Outbox.Empty() {
		w.violate("invConverged", "ship-for-pickup record %s (%c): %+v still waits in its outbox", w.label(sr), cur.Status, cur.Outbox)
	}
}

// mixedRequest reports whether a live record of the order carries request
// id although OB does not hold its line under it: a SubmitOrder answered
// 2040 acknowledged lines OB does not hold.
func (w *world) mixedRequest(so *simOrder, id string) bool {
	if id == "" {
		return false
	}
	for _, sr := range so.recs {
		if w.byLine[lineKey(broker.OrderID(so.key), sr.seq)] != sr {
			continue
		}
		cur := w.current(sr)
		if cur.Dropped || cur.RequestID != id {
			continue
		}
		if _, reqID, ok := w.ob.lineOf(broker.OrderID(so.key), sr.seq); !ok || reqID != id {
			return true
		}
	}
	return false
}

// billedFlow reports whether the broker bills the fulfilled lines of flow
// f: brokered backorders and store pickups; F2 and F3 lines are billed by
// OMS's own shipment, not by an Order Broker status.
func billedFlow(f *broker.Flow) bool {
	return f != &broker.ShipForPickup && f != &broker.ReceivedFromBroker
}
