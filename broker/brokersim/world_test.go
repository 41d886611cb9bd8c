package brokersim_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/internal/simrun"
	"github.com/omskit/omskit/storage/memory"
)

// simResendDelay is how long a record waits in W without an answer before
// the Runner resends its SubmitOrder (OB's duplicate check answers
// 2040 when the first one arrived).
const simResendDelay = 20 * time.Minute

// simInterval is K10, the status inquiry interval, in minutes.
const simInterval = 10

func simSettings() broker.Settings {
	return broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: simInterval, MessageVersion: "18.0",
		OriginatingLocation: "M32LOC", LocalCurrency: "USD", POSName: "STC",
		Flows: broker.FlowSettings{StorePickupOrderType: "SP", RejectedStorePickupCancelReason: "G1",
			DeliveryOrderType: "DL", RetailPickupOrderType: "RP", ShipForPickupErrorHold: "SH",
			PaymentType: "98", PaymentTypeDescription: "ORDER BROKER", CancelHold: "OC"}}
}

// simOrder is one order of the seed: its key and the records of its lines.
type simOrder struct {
	key  broker.OrderKey
	held bool
	// pickup: a store pickup order (F4), its lines picked up at store 7.
	pickup bool
	recs   []*simRecord
	// wholeCancels and texts count the whole-order effects written.
	wholeCancels int
	texts        map[string]int
	// f23: an F2 or F3 order (flows23_test.go), nil for F1 and F4.
	f23 *f23Order
	// reauthFailed: REAUTH declined the order (reauth_test.go); it stays
	// on AR hold from then on.
	reauthFailed bool
}

type simRecord struct {
	id   uuid.UUID
	flow *broker.Flow
	seq  int
	// canceledByOMS: the sim canceled it (in R or open); lineCanceled with the line.
	canceledByOMS bool
	// reauthRequest: the request ID the record had when REAUTH declined
	// its order; OB must end with that request Under Review.
	reauthRequest string
}

// worker is one BROKER process sharing the store. A killed worker is
// started again (a new process, a new lease owner) at its next turn.
type worker struct {
	w         *world
	name      string
	gen       int
	killAt    int // the write that kills it; 0 = never
	killAfter bool
	writes    int
	killed    bool
	faulted   bool // a fault hit one of its calls this run
	billing   *broker.BillingStore
	runner    *broker.Runner
}

func (wk *worker) owner() string { return fmt.Sprintf("%s#%d", wk.name, wk.gen) }

// world is one seed's simulation.
type world struct {
	t        *testing.T
	ctx      context.Context
	rnd      *rand.Rand
	trace    *[]string
	step     int
	mu       sync.Mutex
	clock    time.Time
	settings broker.Settings
	ob       *obModel
	orders   *memory.BrokerStore // the order source: orders only
	log      *effectLog          // the shared store, logged
	sink     *billingSink
	workers  []*worker
	simOrds  []*simOrder
	byLine   map[string]*simRecord // "orderID/seq"
	late     []func()              // late duplicates of requests OB already got
	// faultPct is the chance of a fault per transport call, killPct of a
	// kill per worker run; both drop to 0 when the world quiesces.
	faultPct, killPct int
	// checkResubmit is called by OB for each line of a SubmitOrder it gets.
	checkResubmit func(orderID string, seq int, heldAs string)
	replaying     bool
	nextOrder     int
	pending       *pendingLog
	seed          uint64
	size          worldSize
	seen          map[uuid.UUID]*recordSeen
	orderOf       map[uuid.UUID]*simOrder
	flows23       *f23World
}

// worldSize bounds one seed's world: at most orders orders, minSteps to
// minSteps+moreSteps steps before it quiesces, 2 to 2+moreWorkers
// workers, and their lease batch sizes.
type worldSize struct {
	orders, minSteps, moreSteps, moreWorkers int
	batches                                  []int // the lease batch sizes drawn from
}

// fullSize is the world on the memory store; smallSize on SQLite, whose
// writes cost many times more (a seed there proves the store under the
// same histories, with fewer of them at once).
var (
	fullSize  = worldSize{orders: 5, minSteps: 8, moreSteps: 9, moreWorkers: 1, batches: []int{1, 2, 5, 50}}
	smallSize = worldSize{orders: 1, minSteps: 3, moreSteps: 4, batches: []int{5, 50}}
)

func newWorld(t *testing.T, seed uint64, trace *[]string, store simStore, size worldSize, pending *pendingLog) *world {
	w := &world{t: t, ctx: context.Background(), rnd: rand.New(rand.NewPCG(seed, 0xb20c)), trace: trace,
		clock: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), orders: memory.NewBrokerStore(), byLine: map[string]*simRecord{},
		nextOrder: 7000, pending: pending, seed: seed, size: size,
		seen: map[uuid.UUID]*recordSeen{}, orderOf: map[uuid.UUID]*simOrder{}}
	w.settings = simSettings()
	w.settings.SplitOrder = w.rnd.IntN(2) == 0          // L56: several lines under one request id
	w.settings.SendHeldOrders = w.rnd.IntN(2) == 0      // Under Review
	w.settings.Flows.SeparatePicks = w.rnd.IntN(2) == 0 // L89: a pick slip per ship-for-pickup line
	w.faultPct = []int{0, 5, 15, 30}[w.rnd.IntN(4)]
	w.killPct = []int{0, 10, 30}[w.rnd.IntN(3)]
	w.ob = newOBModel(w)
	w.log = newEffectLog(store)
	w.log.onCommit = w.committed
	w.sink = &billingSink{told: map[uuid.UUID]int{}}
	w.checkResubmit = w.invNoLineSubmittedTwice
	n := 2 + w.rnd.IntN(w.size.moreWorkers+1)
	for i := range n {
		wk := &worker{w: w, name: fmt.Sprintf("worker-%d", i+1)}
		w.start(wk)
		w.workers = append(w.workers, wk)
	}
	w.logf("settings: L56 %v, send held %v, L89 %v, faults %d%%, kills %d%%, %d workers", w.settings.SplitOrder, w.settings.SendHeldOrders,
		w.settings.Flows.SeparatePicks, w.faultPct, w.killPct, n)
	return w
}

func (w *world) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.clock
}

func (w *world) advanceClock(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.clock = w.clock.Add(d)
}

func (w *world) logf(format string, args ...any) {
	*w.trace = append(*w.trace, fmt.Sprintf("%3d ", w.step)+fmt.Sprintf(format, args...))
}

// newID mints ids from the seed, so that a seed replays the same ids (and
// the stores order records the same way).
func (w *world) newID() uuid.UUID { return simrun.UUID(w.rnd) }

// refused reports a message the library built that its own XML encoder or
// decoder refuses (brokerhttp would refuse to send it).
func (w *world) refused(msg string, err error) error {
	w.violate("invMessagesPassOwnTransport", "%s refused by xmlmsg: %v", msg, err)
	return fmt.Errorf("%s: %v: %w", msg, err, broker.ErrInvalidInput)
}

// start (re)starts a worker: a new process with a new lease owner.
func (w *world) start(wk *worker) {
	wk.gen++
	wk.killed, wk.killAt, wk.writes, wk.faulted = false, 0, 0, false
	crash := &crashStore{inner: w.log, wk: wk}
	wk.billing = &broker.BillingStore{Store: crash, Sink: w.sink}
	wk.runner = &broker.Runner{
		Transport:          &faultTransport{w: w, wk: wk, inner: obTransport{m: w.ob}},
		Store:              wk.billing,
		Orders:             w.orders,
		Engine:             broker.Engine{Settings: w.settings, Now: w.now},
		ResendWaitingAfter: simResendDelay,
		NewResponseID:      w.newID,
		Leasing: &broker.Leasing{Store: wk.billing, Owner: wk.owner(), Batch: w.size.batches[w.rnd.IntN(len(w.size.batches))], For: 5 * time.Minute,
			Revisit: time.Minute},
	}
	w.startF23(wk)
}

func (w *world) drawFault() faultKind {
	if w.replaying || w.faultPct == 0 || w.rnd.IntN(100) >= w.faultPct {
		return faultNone
	}
	return faultKind(1 + w.rnd.IntN(5))
}

// billingSink is the host's billing sink: idempotent per record, it counts
// how often each line was told.
type billingSink struct {
	mu   sync.Mutex
	told map[uuid.UUID]int
}

func (s *billingSink) Billed(_ context.Context, lines []broker.BilledLine) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range lines {
		s.told[l.Record]++
	}
	return nil
}

func (s *billingSink) wasTold(id uuid.UUID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.told[id] > 0
}

// run plays the seed: orders arrive, users and OB act, workers run with
// faults and kills; then the world quiesces and the final invariants are
// checked.
func (w *world) run() {
	steps := w.size.minSteps + w.rnd.IntN(w.size.moreSteps+1)
	for w.step = 1; w.step <= steps; w.step++ {
		w.deliverLate()
		w.userActs()
		w.ob.advance(40)
		w.runWorkers()
		if w.t.Failed() {
			return
		}
		w.advanceClock(time.Duration(simInterval+1+w.rnd.IntN(30)) * time.Minute)
	}
	w.quiesce()
	w.checkFinal()
}

// quiesce stops faults and kills, lets OB finish every plan and runs the
// workers until every record is where OB holds it.
func (w *world) quiesce() {
	w.logf("quiesce")
	w.faultPct, w.killPct = 0, 0
	w.deliverLate()
	w.ob.settle()
	days := 0
	for quiet := 0; quiet < 1; {
		w.ob.settle() // plans a status update started (the pickup store after intransit)
		w.step++
		w.advanceClock(time.Duration(simInterval+1) * time.Minute)
		quiet++
		for _, wk := range w.workers {
			if w.runWorker(wk, true) {
				quiet = 0
			}
		}
		if w.step > 200 {
			w.t.Fatalf("the workers never went quiet")
		}
		if quiet == 1 && w.inDailyStatus() && days < 3 {
			// L, S, T, V are inquired once a day: wait for the next one.
			days++
			quiet = 0
			w.advanceClock(24 * time.Hour)
		}
	}
	// The host's catch-up after the workers stopped (BillingStore.CatchUp).
	if _, err := w.workers[0].billing.CatchUp(w.ctx); err != nil {
		w.t.Errorf("billing catch-up: %v", err)
	}
}

// inDailyStatus reports whether a record waits in a status inquired once a day.
func (w *world) inDailyStatus() bool {
	for _, so := range w.simOrds {
		for _, sr := range so.recs {
			if broker.FrequencyOf(w.current(sr).Status) == broker.InquiryDaily {
				return true
			}
		}
	}
	return false
}

func (w *world) deliverLate() {
	late := w.late
	w.late = nil
	w.replaying = true
	defer func() { w.replaying = false }()
	for _, f := range late {
		w.logf("late duplicate delivered")
		f()
	}
}

func (w *world) runWorkers() {
	order := w.rnd.Perm(len(w.workers))
	for _, i := range order {
		if w.rnd.IntN(4) == 0 {
			continue // not its turn
		}
		w.runWorker(w.workers[i], false)
	}
}

// runWorker runs one worker once; a killed worker is started again. It
// reports whether the run did anything.
func (w *world) runWorker(wk *worker, all bool) bool {
	wk.faulted = false
	if !all && w.killPct > 0 && w.rnd.IntN(100) < w.killPct {
		wk.killAt, wk.killAfter = 1+w.rnd.IntN(12), w.rnd.IntN(2) == 0
	}
	if all {
		wk.runner.Leasing.MaxBatches = 0
	} else {
		wk.runner.Leasing.MaxBatches = 1 + w.rnd.IntN(3)
	}
	rep, err := wk.runner.Run(w.ctx)
	if err == nil {
		err = rep.Err()
	}
	w.logf("%s ran: submitted %d canceled %d inquired %d moved %d, err %v", wk.owner(), rep.Submitted, rep.Canceled, rep.Inquired, rep.Transitions, err)
	switch {
	case wk.killed:
		w.start(wk)
	case !wk.faulted && err != nil:
		w.invNoRunErrorForHealthyOrder(err)
	}
	wk.killAt = 0
	return rep.Submitted+rep.Canceled+rep.Transitions > 0
}

// userActs plays what happens in OMS between runs: orders and lines
// arrive, users cancel lines or requests, orders go on hold and are
// released.
func (w *world) userActs() {
	if len(w.simOrds) == 0 || (len(w.simOrds) < w.size.orders && w.rnd.IntN(3) == 0) {
		w.newOrder()
	}
	w.generatePickSlips()
	if len(w.simOrds) == 0 {
		return
	}
	o := w.simOrds[w.rnd.IntN(len(w.simOrds))]
	if o.f23 != nil {
		w.actF23(o)
		return
	}
	switch k := w.rnd.IntN(10); {
	case k < 2 && len(o.recs) < 6 && !o.pickup:
		w.addLine(o)
	case k < 4:
		w.cancelLine(o)
	case k < 5 && (w.settings.SendHeldOrders || o.pickup) && !o.reauthFailed:
		w.setHeld(o, !o.held)
	case k == 5 && w.settings.SendHeldOrders && !o.pickup && !o.reauthFailed:
		w.reauthFail(o)
	}
}

func simAddress() broker.Address {
	return broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "12345 EXAMPLE STREET",
		City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US"}
}

var simItems = []string{"PENCIL", "SHIRT", "HAT", "SOCK", "SHOE"}

// simPickupStore is the store the customers of store pickup orders chose.
var simPickupStore = broker.Location{Location: "7", System: "STC"}

func (w *world) newOrder() {
	switch w.rnd.IntN(4) {
	case 0:
		w.newF2Order()
		return
	case 1:
		w.ob.assignF3() // the order appears with the Fulfillments poll
		return
	}
	key := broker.OrderKey{Company: 6, Order: w.nextOrder, ShipTo: 1}
	w.nextOrder++
	o := broker.Order{Key: key, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: simAddress()}, ShipTo: simAddress(), ShipVia: "1", ShipViaDescription: "UPS GROUND",
		SourceCode: "SOURCE"}
	so := &simOrder{key: key, texts: map[string]int{}, pickup: w.rnd.IntN(4) == 0}
	if so.pickup {
		o.Type, o.PickupStore, o.PickupSystem = "SP", simPickupStore.Location, simPickupStore.System
		if w.rnd.IntN(3) == 0 {
			// Credit checking at acceptance held it: it is sent Under Review.
			o.Status, so.held = broker.OrderHeld, true
		}
	}
	w.orders.PutOrder(o)
	w.simOrds = append(w.simOrds, so)
	if w.rnd.IntN(15) == 0 {
		w.ob.mu.Lock()
		w.ob.rejectOn[broker.OrderID(key)] = true // OB answers its SubmitOrder with an error
		w.ob.mu.Unlock()
	}
	lines := 1 + w.rnd.IntN(6)
	w.logf("order %s with %d line(s), store pickup %v, held %v", key, lines, so.pickup, so.held)
	for range lines {
		w.addLine(so)
	}
}

// addLine adds a backordered line to the order and its Ready record.
func (w *world) addLine(so *simOrder) {
	o, err := w.orders.Order(w.ctx, so.key)
	if err != nil {
		w.t.Fatalf("order %s: %v", so.key, err)
	}
	seq := len(o.Lines) + 1
	o.Lines = append(o.Lines, broker.OrderLine{Seq: seq, Number: seq, Status: broker.LineOpen, Ordered: 1 + w.rnd.IntN(3), Backordered: 1,
		UnitPrice: decimal.RequireFromString("9.99"), Item: broker.Item{Code: simItems[w.rnd.IntN(len(simItems))], OROBEligible: true}})
	o.Lines[len(o.Lines)-1].Backordered = o.Lines[len(o.Lines)-1].Ordered
	w.orders.PutOrder(o)
	rec := broker.Record{ID: w.newID(), Flow: broker.BrokeredBackorder.Name, Key: so.key, LineSeq: seq, LineNo: seq}
	flow := &broker.BrokeredBackorder
	var res broker.Result
	if so.pickup {
		// F4: the order taken in waits in R for the Runner's store pickup SubmitOrder.
		flow = &broker.StorePickup
		rec.Flow, rec.Status, rec.PickupOrder = flow.Name, broker.StatusReady, true
		res.Record = rec
	} else {
		var err error
		res, err = broker.Engine{Settings: w.settings, Now: w.now}.Apply(flow, rec, broker.Event{Kind: broker.EventLineEligible, Source: broker.SourceOMS})
		if err != nil {
			w.t.Fatalf("F1.01 for %s: %v", rec.Label(), err)
		}
	}
	if so.held && w.settings.SendHeldOrders && !so.pickup {
		// The line joins a held order: the record knows the order is Under Review.
		res.Record.UnderReview = true
	}
	if err := w.log.put(w.ctx, res.Record); err != nil {
		w.t.Fatalf("put %s: %v", rec.Label(), err)
	}
	sr := &simRecord{id: rec.ID, flow: flow, seq: seq}
	so.recs = append(so.recs, sr)
	w.mu.Lock()
	w.orderOf[sr.id] = so
	w.mu.Unlock()
	w.byLine[lineKey(broker.OrderID(so.key), seq)] = sr
	if len(so.recs) > 1 && w.step > 0 {
		w.logf("line %d added to %s", seq, so.key)
	}
}

// applyOMS applies an OMS event to a record in one store write, as the
// host's order maintenance does.
func (w *world) applyOMS(sr *simRecord, ev broker.Event) (broker.Result, error) {
	var res broker.Result
	err := w.log.Update(w.ctx, sr.id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		var err error
		res, err = broker.Engine{Settings: w.settings, Now: w.now}.Apply(sr.flow, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		if res.NoOp {
			return cur, nil, nil
		}
		return res.Record, res.Effects, nil
	})
	return res, err
}

func (w *world) current(sr *simRecord) broker.Record {
	r, err := w.log.record(w.ctx, sr.id)
	if err != nil {
		w.t.Fatalf("record %s: %v", sr.id, err)
	}
	return r
}

// cancelLine cancels one line (or only its OB request) of the order: in R
// it closes; open at OB it asks for the cancel. The user
// cancels only what OB has not shipped, canceled or found unfulfillable;
// OB then handles the cancel before anything else on the line.
func (w *world) cancelLine(so *simOrder) {
	sr := so.recs[w.rnd.IntN(len(so.recs))]
	cur := w.current(sr)
	switch cur.Status {
	case broker.StatusReady:
		if so.pickup {
			return // F4 has no cancel before the SubmitOrder (the order is canceled in OMS)
		}
	case broker.StatusAcknowledged, broker.StatusPosted, broker.StatusPolled, broker.StatusAccepted, broker.StatusPartialFulfill:
		if cur.Status == broker.StatusPartialFulfill && !so.pickup || cur.Status == broker.StatusPosted && so.pickup {
			return
		}
		if so.pickup {
			if !w.pickupCancelable(so) {
				return
			}
			break
		}
		l, _, ok := w.ob.lineOf(broker.OrderID(so.key), sr.seq)
		if !ok || l.status == broker.OBFulfilled || l.status == broker.OBCanceled || l.status == broker.OBRejected || l.loc == w.ob.unfulf {
			return
		}
		w.ob.freeze(broker.OrderID(so.key), sr.seq)
	default:
		return
	}
	lineToo := w.rnd.IntN(2) == 0 || so.pickup
	recs := []*simRecord{sr}
	if so.pickup && w.rnd.IntN(2) == 0 {
		recs = so.recs // the host cancels every record of the order
	}
	for _, r := range recs {
		if r != sr && w.current(r).Status == broker.StatusPendingCancel {
			continue
		}
		if _, err := w.applyOMS(r, broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, LineCanceled: lineToo,
			CancelReasonCode: "CR", CancelReasonText: "Customer request"}); err != nil {
			w.t.Errorf("cancel %s line %d: %v", so.key, r.seq, err)
			return
		}
		r.canceledByOMS = true
		w.logf("user canceled %s line %d (was %c, line too %v)", so.key, r.seq, cur.Status, lineToo)
	}
}

// pickupCancelable reports whether the user may cancel the store pickup
// order: it can only be canceled whole, so no line of it may be
// picked up, canceled or rejected at the store; OB then handles the cancel
// before anything else on the order (its lines are frozen). The user
// cancels it through one of its records (the Runner cancels the others
// with it) or through each of them.
func (w *world) pickupCancelable(so *simOrder) bool {
	orderID := broker.OrderID(so.key)
	for _, r := range so.recs {
		cur := w.current(r)
		if !slices.Contains([]broker.Status{broker.StatusAcknowledged, broker.StatusPolled, broker.StatusAccepted, broker.StatusPendingCancel}, cur.Status) {
			return false
		}
		l, _, ok := w.ob.lineOf(orderID, r.seq)
		if !ok || l.status != broker.OBNewOrder && l.status != broker.OBPolled && l.status != broker.OBAccepted && l.status != broker.OBPicked {
			return false
		}
	}
	for _, r := range so.recs {
		w.ob.freeze(orderID, r.seq)
	}
	return true
}

// setHeld puts the order on hold or releases it: the order's status, and
// the Under Review change on each of its open records.
func (w *world) setHeld(so *simOrder, held bool) {
	o, err := w.orders.Order(w.ctx, so.key)
	if err != nil {
		w.t.Fatalf("order %s: %v", so.key, err)
	}
	so.held = held
	o.Status = broker.OrderOpen
	if held {
		o.Status = broker.OrderHeld
	}
	w.orders.PutOrder(o)
	w.logf("order %s held %v", so.key, held)
	ev := broker.Event{Kind: broker.EventHoldChanged, Source: broker.SourceOMS, Held: held}
	if so.pickup {
		if held {
			return // a store pickup order is sent Under Review while held; only the release is sent after
		}
		ev = broker.Event{Kind: broker.EventOrderReleased, Source: broker.SourceOMS}
	}
	for _, sr := range so.recs {
		_, err := w.applyOMS(sr, ev)
		if err != nil && !errors.Is(err, broker.ErrInvalidTransition) {
			w.t.Errorf("hold %s line %d: %v", so.key, sr.seq, err)
		}
	}
}
