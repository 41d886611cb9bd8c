package brokersim_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/xmlmsg"
)

// The Order Broker model: the orders OB holds, each line with its status,
// fulfilling location and shipment data, and the plan of moves OB makes on
// the line from then on. It is a broker.Transport: every message the
// library builds goes through the library's own XML encoder first, which
// validates it as brokerhttp does before sending (brokerhttp's own tests
// and brokertest cover the decoders; the simulation spends its time on
// histories).

// obMove is one move OB makes on a line: a new status, and a new
// fulfilling location when loc is set (a reassignment).
type obMove struct {
	status broker.OBStatus
	loc    *broker.Location
}

type obLine struct {
	seq, lineNo     int
	item            string
	qty             int
	status          broker.OBStatus
	loc             broker.Location
	agent, tracking string
	at              time.Time
	plan            []obMove
	// canceledByOMS: OMS asked for the cancel (Z expected), not another system (E).
	canceledByOMS bool
	// storePlanned: the pickup store's plan of a ship-for-pickup line was drawn.
	storePlanned bool
}

type obOrder struct {
	requestID, orderID string
	transactionType    string
	underReview        bool
	lines              []*obLine
}

func (o *obOrder) line(seq int) *obLine {
	for _, l := range o.lines {
		if l.seq == seq {
			return l
		}
	}
	return nil
}

// obModel is Order Broker. Its methods are called by the world (between
// runs) and, through the transport, by the Runners.
type obModel struct {
	mu       sync.Mutex
	w        *world
	next     int
	orders   map[string]*obOrder
	ids      []string          // request ids, oldest first
	byLine   map[string]string // "orderID/seq" -> request id (OB's duplicate check)
	locs     []broker.Location
	unfulf   broker.Location
	submits  map[string]int  // "orderID/seq" -> SubmitOrders delivered carrying it
	rejectOn map[string]bool // order ids whose next SubmitOrder OB answers with an error
}

func newOBModel(w *world) *obModel {
	return &obModel{w: w, next: 5001, orders: map[string]*obOrder{}, byLine: map[string]string{}, submits: map[string]int{},
		rejectOn: map[string]bool{},
		locs:     []broker.Location{{Location: "317", System: "STC"}, {Location: "318", System: "STC"}, {Location: "420", System: "STC"}},
		unfulf:   broker.Location{Location: simSettings().UnfulfillableLocation, System: "STC"}}
}

func lineKey(orderID string, seq int) string { return orderID + "/" + strconv.Itoa(seq) }

// plan draws the moves OB will make on a new line: a legal Order Broker
// history, with statuses skipped and repeated, reassignment after a
// rejection or to another location at new_order, posting, unfulfillable,
// a cancel by another system, or nothing at all.
func (m *obModel) plan(first broker.Location) []obMove {
	rnd := m.w.rnd
	other := func() *broker.Location {
		for {
			l := m.locs[rnd.IntN(len(m.locs))]
			if l != first {
				return &l
			}
		}
	}
	var p []obMove
	maybe := func(pct int, mv obMove) {
		if rnd.IntN(100) < pct {
			p = append(p, mv)
		}
	}
	switch k := rnd.IntN(20); {
	case k < 2: // OB never moves it
		return nil
	case k < 4: // reassigned at new_order: same status, new location
		p = append(p, obMove{status: broker.OBNewOrder, loc: other()})
	case k < 6: // rejected by the first location, then reassigned
		maybe(50, obMove{status: broker.OBPolled})
		p = append(p, obMove{status: broker.OBRejected}, obMove{status: broker.OBNewOrder, loc: other()})
	case k < 8: // no location can fill it (ambiguity A2: new_order at the K56 location)
		maybe(50, obMove{status: broker.OBPolled})
		p = append(p, obMove{status: broker.OBNewOrder, loc: &m.unfulf})
		return p
	case k < 9: // canceled in OB by another system
		maybe(50, obMove{status: broker.OBAccepted})
		p = append(p, obMove{status: broker.OBCanceled})
		return p
	case k < 10: // submitted for enterprise fulfillment
		p = append(p, obMove{status: broker.OBPosted})
	}
	maybe(60, obMove{status: broker.OBPolled})
	maybe(30, obMove{status: broker.OBPolled}) // a repeat
	if rnd.IntN(2) == 0 {
		p = append(p, obMove{status: broker.OBAccepted})
	} else {
		p = append(p, obMove{status: broker.OBPicked})
	}
	if rnd.IntN(5) > 0 {
		p = append(p, obMove{status: broker.OBFulfilled})
	}
	return p
}

// pickupPlan draws what the store does with a store pickup line (F4): it
// polls, accepts or picks, the customer picks up part and then all of it,
// or the store cancels the line; with rejectAt >= 0 the store rejects the
// whole order (every line) after rejectAt moves.
func (m *obModel) pickupPlan(rejectAt int) []obMove {
	rnd := m.w.rnd
	var p []obMove
	if rnd.IntN(2) == 0 {
		p = append(p, obMove{status: broker.OBPolled})
	}
	p = append(p, obMove{status: []broker.OBStatus{broker.OBAccepted, broker.OBPicked}[rnd.IntN(2)]})
	if rejectAt >= 0 {
		return append(p[:min(rejectAt, len(p))], obMove{status: broker.OBUnfulfillable})
	}
	switch rnd.IntN(6) {
	case 0:
		return nil // never moves
	case 1:
		return append(p, obMove{status: broker.OBCanceled}) // canceled at the store
	case 2:
		p = append(p, obMove{status: broker.OBPartiallyFulfilled})
	}
	return append(p, obMove{status: broker.OBFulfilled})
}

// advance makes OB move: each line with a plan takes its next move with
// probability pct.
func (m *obModel) advance(pct int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range m.ids {
		o := m.orders[id]
		for _, l := range o.lines {
			if len(l.plan) == 0 || m.w.rnd.IntN(100) >= pct {
				continue
			}
			mv := l.plan[0]
			l.plan = l.plan[1:]
			m.move(o, l, mv)
		}
	}
}

func (m *obModel) move(o *obOrder, l *obLine, mv obMove) {
	l.status, l.at = mv.status, m.w.now()
	if mv.loc != nil {
		l.loc = *mv.loc
	}
	if mv.status == broker.OBFulfilled && l.agent == "" {
		l.agent, l.tracking = "UPS", fmt.Sprintf("1Z%s%d", o.requestID, l.seq)
	}
	m.w.logf("OB: request %s line %d -> %s at %s", o.requestID, l.seq, l.status, l.loc.Location)
}

// freeze stops OB moving the line (OMS asked for its cancel: OB handles the
// cancel before anything else the line would do).
func (m *obModel) freeze(orderID string, seq int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.byLine[lineKey(orderID, seq)]; ok {
		if l := m.orders[id].line(seq); l != nil {
			l.plan = nil
		}
	}
}

// settle plays every plan to its end.
func (m *obModel) settle() {
	for m.pending() {
		m.advance(100)
	}
}

func (m *obModel) pending() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.orders {
		for _, l := range o.lines {
			if len(l.plan) > 0 {
				return true
			}
		}
	}
	return false
}

// lineOf returns a copy of the line OB holds for line seq of orderID.
func (m *obModel) lineOf(orderID string, seq int) (obLine, string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.byLine[lineKey(orderID, seq)]
	if !ok {
		return obLine{}, "", false
	}
	l := m.orders[id].line(seq)
	return *l, id, true
}

func (m *obModel) underReview(requestID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.orders[requestID]
	return ok && o.underReview
}

func (m *obModel) header(h broker.MessageHeader) broker.MessageHeader {
	return broker.MessageHeader{XactionResponse: "OK", XactionType: "INFO", DateTime: m.w.now(), Version: h.Version, Source: "LOCATE", Destination: h.Source}
}

// The transport side. Each method takes the request as OB decodes it.

func (m *obModel) submit(req broker.SubmitOrder) broker.SubmitOrderResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	resp := broker.SubmitOrderResponse{Header: m.header(req.Header), OrderID: req.OrderID}
	for _, l := range req.Lines {
		m.submits[lineKey(req.OrderID, l.LineItemNo)]++
		if m.w.checkResubmit != nil {
			m.w.checkResubmit(req.OrderID, l.LineItemNo, m.byLine[lineKey(req.OrderID, l.LineItemNo)])
		}
	}
	for _, l := range req.Lines {
		// A line OB canceled is not a duplicate: a reprinted pick slip is a
		// new OB order (BRK-143).
		if id, ok := m.byLine[lineKey(req.OrderID, l.LineItemNo)]; ok && m.orders[id].line(l.LineItemNo).status != broker.OBCanceled {
			resp.RequestID, resp.ResponseCode, resp.ResponseDescription = id, broker.DuplicateOrderCode, "Duplicate Order/line"
			return resp
		}
	}
	if m.rejectOn[req.OrderID] {
		resp.ResponseCode, resp.ResponseDescription = "1000", "Invalid Sold To address, missing req"
		return resp
	}
	o := &obOrder{requestID: strconv.Itoa(m.next), orderID: req.OrderID, transactionType: req.TransactionType, underReview: req.UnderReview}
	m.next++
	now := m.w.now()
	pickup := req.TransactionType == broker.TransactionTypePickup
	sfp := req.TransactionType == broker.TransactionTypeShipForPickup
	rejectAt := -1
	if pickup && m.w.rnd.IntN(5) == 0 {
		rejectAt = m.w.rnd.IntN(3) // the store rejects the whole order after this many moves
	}
	for i, sl := range req.Lines {
		loc := m.locs[m.w.rnd.IntN(len(m.locs))]
		if pickup {
			loc = sl.Location // the store the customer chose
		} else if sfp {
			loc = req.StoreLocation // the OMS warehouse ships it to the store (BRK-134)
		} else if m.w.rnd.IntN(12) == 0 {
			loc = m.unfulf // unfulfillable at once
		}
		l := &obLine{seq: sl.LineItemNo, lineNo: i + 1, item: sl.ItemID, qty: sl.Qty, status: broker.OBNewOrder, loc: loc, at: now}
		switch {
		case pickup:
			l.plan = m.pickupPlan(rejectAt)
		case sfp:
			// OB waits for OMS's picked and intransit (F2.05, F2.06); the
			// store's plan starts with intransit (afterUpdate).
		case loc != m.unfulf:
			l.plan = m.plan(loc)
		}
		o.lines = append(o.lines, l)
		m.byLine[lineKey(req.OrderID, sl.LineItemNo)] = o.requestID
		resp.Fulfillments = append(resp.Fulfillments, broker.FulfillmentDetail{Location: loc, Qty: sl.Qty, ItemID: sl.ItemID,
			RequestingLine: sl.LineItemNo, LineNo: i + 1})
	}
	m.orders[o.requestID] = o
	m.ids = append(m.ids, o.requestID)
	resp.RequestID, resp.ResponseCode, resp.ResponseDescription = o.requestID, "0", "Order Acknowledged"
	m.w.logf("OB: created request %s for %s lines %v", o.requestID, req.OrderID, seqsOf(req))
	return resp
}

func seqsOf(req broker.SubmitOrder) []int {
	out := make([]int, len(req.Lines))
	for i, l := range req.Lines {
		out[i] = l.LineItemNo
	}
	return out
}

func (m *obModel) report(o *obOrder) broker.OrderStatusReport {
	r := broker.OrderStatusReport{RequestID: o.requestID, OrderID: o.orderID, OrderStatus: string(o.lines[0].status)}
	for _, l := range o.lines {
		r.Items = append(r.Items, broker.ItemStatus{LineNo: l.lineNo, RequestingLine: m.requestingLine(o, l), ItemID: l.item, Status: string(l.status),
			Fulfilling: l.loc, ShippingAgent: l.agent, TrackingNumber: l.tracking, StatusDate: l.at})
	}
	return r
}

func (m *obModel) status(req broker.StatusRequest) broker.StatusResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	resp := broker.StatusResponse{Header: m.header(req.Header)}
	if o, ok := m.orders[req.RequestID]; ok {
		resp.Order = m.report(o)
	}
	return resp
}

func (m *obModel) statusList(req broker.StatusListRequest) broker.StatusListResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	resp := broker.StatusListResponse{Header: m.header(req.Header)}
	for _, id := range req.RequestIDs {
		if o, ok := m.orders[id]; ok { // unknown ids are left out
			resp.Orders = append(resp.Orders, m.report(o))
		}
	}
	return resp
}

func (m *obModel) update(req broker.StatusUpdate) broker.StatusUpdateResponse {
	m.mu.Lock()
	defer m.mu.Unlock()
	resp := broker.StatusUpdateResponse{Header: m.header(req.Header), ResponseCode: "0", ResponseDescription: "Status updated successfully."}
	o, ok := m.orders[req.RequestID]
	if !ok {
		resp.ResponseCode, resp.ResponseDescription = "1", "Request ID not found: "+req.RequestID
		return resp
	}
	if req.UnderReview != nil {
		o.underReview = *req.UnderReview
		m.w.logf("OB: request %s under review %v", o.requestID, o.underReview)
	}
	type target struct {
		l  *obLine
		st broker.OBStatus
	}
	var targets []target
	if req.OrderStatus != "" {
		for _, l := range o.lines {
			targets = append(targets, target{l, req.OrderStatus})
		}
	}
	for _, it := range req.Items {
		l := o.line(it.LineNo)
		if l == nil {
			resp.ResponseCode, resp.ResponseDescription = "1", fmt.Sprintf("Line %d not found on request %s", it.LineNo, req.RequestID)
			return resp
		}
		targets = append(targets, target{l, it.Status})
	}
	if len(targets) == 0 {
		return resp
	}
	if !slices.ContainsFunc(targets, func(t target) bool { return t.l.status != t.st }) {
		resp.Header.XactionResponse = "FAILED" // already in the requested status
		return resp
	}
	for _, t := range targets {
		if staleIntransit(t.l, t.st) {
			continue
		}
		if t.st == broker.OBCanceled {
			if t.l.status == broker.OBCanceled {
				continue
			}
			t.l.canceledByOMS = true
			t.l.plan = nil
		}
		t.l.status, t.l.at = t.st, m.w.now()
		m.w.logf("OB: request %s line %d -> %s (status update)", o.requestID, t.l.seq, t.st)
	}
	for _, t := range targets {
		it := broker.ItemUpdate{}
		if i := slices.IndexFunc(req.Items, func(it broker.ItemUpdate) bool { return it.LineNo == t.l.seq }); i >= 0 {
			it = req.Items[i]
		}
		m.afterUpdate(o, t.l, it, req)
	}
	return resp
}

// obTransport is what a worker's Runner talks to: the model behind the
// XML round trip.
type obTransport struct{ m *obModel }

var _ broker.Transport = obTransport{}

// SubmitOrder validates the request as brokerhttp does (the encoder) and
// answers as OB does, with brokerhttp's error for a response code other
// than 0.
func (t obTransport) SubmitOrder(_ context.Context, req broker.SubmitOrder) (broker.SubmitOrderResponse, error) {
	if _, err := xmlmsg.SubmitOrderFromBroker(req).Encode(); err != nil {
		return broker.SubmitOrderResponse{}, t.m.w.refused("SubmitOrder", err)
	}
	resp := t.m.submit(req)
	if !resp.OK() {
		return resp, fmt.Errorf("SubmitOrder %s: %w", req.OrderID, &broker.RejectedError{Code: resp.ResponseCode, Description: resp.ResponseDescription})
	}
	return resp, nil
}

func (t obTransport) StatusRequest(_ context.Context, req broker.StatusRequest) (broker.StatusResponse, error) {
	if _, err := xmlmsg.StatusRequestFromBroker(req).Encode(); err != nil {
		return broker.StatusResponse{}, t.m.w.refused("StatusRequest", err)
	}
	return t.m.status(req), nil
}

func (t obTransport) StatusListRequest(_ context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	if _, err := xmlmsg.StatusListRequestFromBroker(req).Encode(); err != nil {
		return broker.StatusListResponse{}, t.m.w.refused("StatusListRequest", err)
	}
	return t.m.statusList(req), nil
}

func (t obTransport) StatusUpdate(_ context.Context, req broker.StatusUpdate) (broker.StatusUpdateResponse, error) {
	if _, err := xmlmsg.StatusUpdateFromBroker(req).Encode(); err != nil {
		return broker.StatusUpdateResponse{}, t.m.w.refused("StatusUpdate", err)
	}
	resp := t.m.update(req)
	if resp.ResponseCode != "0" {
		return resp, fmt.Errorf("StatusUpdate request %s: %w", req.RequestID, &broker.RejectedError{Code: resp.ResponseCode, Description: resp.ResponseDescription})
	}
	return resp, nil
}

func (t obTransport) Fulfillments(_ context.Context, req broker.FulfillmentsRequest) (broker.FulfillmentsResponse, error) {
	if _, err := xmlmsg.FulfillmentsFromBroker(req).Encode(); err != nil {
		return broker.FulfillmentsResponse{}, t.m.w.refused("FulfillmentsRequest", err)
	}
	return t.m.fulfillments(req), nil
}
