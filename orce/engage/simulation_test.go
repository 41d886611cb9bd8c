package engage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerengage"
	"github.com/omskit/omskit/internal/simhttp"
	"github.com/omskit/omskit/internal/simrun"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// TestSimulation runs the engagement feed over HTTP against the platform
// simulator for many seeds, fed by what omskit writes: random orders taken
// in (some in error), replayed intake messages, order lines brokered and
// billed in every flow (F1, F2, F4 on intake orders, F3 orders received
// from Order Broker), returns taken in against an earlier order or on their
// own, status changes, actions triggered, outside updates of the orders by
// another system (stale version tags), lost answers and failures on every
// call, jobs the platform processes later, a feed store that fails the
// receipts sink, catch-ups and restarts, in random order. After every step:
//
//   - invReceiptsNeverChange: a receipt on the platform keeps the content it
//     was registered with (ENG-003);
//   - invNoDuplicates: no receipt registered twice, no receipt but for a
//     billed line or a return taken in, no engagement order but for an
//     order written (a return fed against an earlier order is not one);
//   - invActionsOnSeenTags: TriggerAction never tries more than twice, and
//     an action it triggered carries a tag the feed had read.
//
// When the faults stop and the feed has flushed everything:
//
//   - invEveryOrderFed: every accepted order is on the platform;
//   - invPlatformHoldsNewest: each holds the newest state omskit gave it,
//     its lines as the OMS holds them plus the returns fed against it, and
//     the feed's last status change unless another system changed the
//     order (no change lost, none reverted by a later full update);
//   - invEveryFulfilmentReceipted: every billed line and every return has
//     exactly one receipt, referring to its order (ENG-004);
//   - invNothingPending: nothing left in the outbox.
//
// A failing seed prints the command that replays it alone.
func TestSimulation(t *testing.T) {
	simrun.Run(t, "./orce/engage", func(t *testing.T, seed uint64, trace *[]string) {
		newFeedWorld(t, seed, trace).run()
	})
}

type simOrder struct {
	number   string // order_number of the message
	res      order.Result
	returnOf engage.OrderID // a return fed against this order
	fedAs    engage.OrderID // the engagement order it is fed as ("" when not accepted)
	f3       bool           // received from Order Broker, not taken in by a message
	status   string         // the last status change the feed recorded for fedAs
	outside  bool           // another system changed fedAs on the platform
}

type simRecord struct {
	id     uuid.UUID
	flow   *broker.Flow
	order  engage.OrderID
	billed bool
}

type feedWorld struct {
	t       *testing.T
	rnd     *rand.Rand
	ctx     context.Context
	sim     *engagetest.Server
	client  *engagehttp.Client
	fstore  *engage.MemoryStore
	feed    *engage.Feed
	orders  *memory.OrderStore
	deps    order.Deps
	feeding *engage.FeedingStore
	records *memory.BrokerStore
	billing *broker.BillingStore
	sinkOK  bool
	opts    engage.OrderOptions
	intakes []*simOrder
	recs    []*simRecord
	f3      []broker.ReceivedOrder
	seen    map[engage.ReceiptID]string // receipt content as first seen
	trace   *[]string
	step    int
	msgSeq  int
}

var simItems = []string{"SHIRT", "HAT", "SOCK", "SHOE"}

var simSettings = broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
	UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0", LocalCurrency: "SEK",
	Flows: broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", StorePickupOrderType: "SP",
		RejectedStorePickupCancelReason: "G1", ErrorBatch: "77"}}

func newFeedWorld(t *testing.T, seed uint64, trace *[]string) *feedWorld {
	w := &feedWorld{t: t, trace: trace, rnd: rand.New(rand.NewPCG(seed, 0xfeed)), ctx: context.Background(), fstore: engage.NewMemoryStore(),
		orders: memory.NewOrderStore(), records: memory.NewBrokerStore(), seen: map[engage.ReceiptID]string{}, sinkOK: true}
	w.sim = engagetest.New(engagetest.WithProcessingPolls(w.rnd.IntN(3)), engagetest.WithHang(time.Millisecond),
		engagetest.WithClock(func() time.Time { return orderDate }))
	w.sim.AddContact("240")
	w.client = engagehttp.New("http://platform", &http.Client{Transport: simhttp.Transport{Handler: w.sim}, Timeout: time.Second}, "")
	w.orders.SetLastOrderNumber(5000)
	w.opts = engage.OrderOptions{Currency: "SEK", ReturnOf: func(o order.Order) (engage.OrderID, bool) {
		for _, x := range w.intakes {
			if x.number == o.OrderNumber && x.returnOf != "" {
				return x.returnOf, true
			}
		}
		return "", false
	}}
	catalog := memory.NewOrderCatalog()
	for _, it := range simItems {
		catalog.AddItem(order.Item{Number: it, Description: it})
	}
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	catalog.AddPayType(order.PayType{Code: "27", Kind: order.PayOther})
	w.deps = order.Deps{Items: catalog, PayTypes: catalog, OrderNumbers: w.orders, Clock: func() time.Time { return orderDate }, NewID: w.newID}
	w.restart()
	return w
}

// newID mints ids from the seed, so a seed replays the same ids.
func (w *feedWorld) newID() uuid.UUID { return simrun.UUID(w.rnd) }

func (w *feedWorld) logf(format string, args ...any) {
	*w.trace = append(*w.trace, fmt.Sprintf("%3d ", w.step)+fmt.Sprintf(format, args...))
}

// restart builds the feed, the feeding order store and the billing sink
// again over the same stores: the host process started again.
func (w *feedWorld) restart() {
	w.feed = engage.NewFeed(w.client, w.fstore, engage.Config{Now: func() time.Time { return orderDate }})
	w.feeding = &engage.FeedingStore{Store: w.orders, Feed: w.feed, Options: w.opts,
		OnError: func(_ context.Context, o order.Order, err error) {
			w.t.Errorf("feeding order %s: %v", o.OrderNumber, err)
		}}
	w.deps.Store = w.feeding
	w.billing = &broker.BillingStore{Store: w.records, Sink: sinkSwitch{w},
		OnError: func(_ context.Context, lines []broker.BilledLine, err error) {
			w.logf("sink refused %d line(s): %v", len(lines), err)
		}}
}

// sinkSwitch is the receipts sink, failing while the world's feed store is
// "down" for it.
type sinkSwitch struct{ w *feedWorld }

func (s sinkSwitch) Billed(ctx context.Context, lines []broker.BilledLine) error {
	if !s.w.sinkOK {
		return errors.New("feed store unavailable")
	}
	return (&brokerengage.Receipts{Feed: s.w.feed, Orders: s.w.orders, Options: s.w.opts}).Billed(ctx, lines)
}

func (w *feedWorld) run() {
	steps := 20 + w.rnd.IntN(30)
	for w.step = 1; w.step <= steps; w.step++ {
		w.randomStep()
		w.checkAlways()
		if w.t.Failed() {
			return
		}
	}
	w.quiesce()
	w.checkAlways()
	w.invEveryOrderFed()
	w.invPlatformHoldsNewest()
	w.invEveryFulfilmentReceipted()
	w.invNothingPending()
}

var feedOps = []engagetest.Op{engagetest.OpPutOrder, engagetest.OpGetOrder, engagetest.OpStatus, engagetest.OpAction,
	engagetest.OpJob, engagetest.OpReceipt}

func (w *feedWorld) maybeFault() {
	if w.rnd.IntN(3) != 0 {
		return
	}
	op := feedOps[w.rnd.IntN(len(feedOps))]
	f := engagetest.Fault{Kind: []engagetest.FaultKind{engagetest.FaultTimeout, engagetest.Fault5xx, engagetest.FaultGarbage}[w.rnd.IntN(3)],
		AfterCommit: w.rnd.IntN(2) == 0}
	w.logf("fault on %s %+v", op, f)
	w.sim.InjectFault(op, f)
}

func (w *feedWorld) randomStep() {
	switch r := w.rnd.IntN(100); {
	case r < 16:
		w.newOrder()
	case r < 21:
		w.replayIntake()
	case r < 24:
		w.receiveF3()
	case r < 40:
		w.brokerStep()
	case r < 46:
		w.returnTakenIn()
	case r < 52:
		w.statusChange()
	case r < 58:
		w.outsideUpdate()
	case r < 66:
		w.trigger()
	case r < 82:
		w.maybeFault()
		rep, err := w.feed.Flush(w.ctx)
		w.logf("flush: sent %d done %d retry %d failed %v err %v", len(rep.Sent), len(rep.Done), len(rep.Retry), rep.Failed, err)
	case r < 92:
		w.maybeFault()
		rep, err := w.feed.Confirm(w.ctx)
		w.logf("confirm: done %d waiting %d failed %v err %v", len(rep.Done), len(rep.Waiting), rep.Failed, err)
	case r < 95:
		w.sinkOK = !w.sinkOK
		w.logf("receipts sink up: %v", w.sinkOK)
	case r < 98:
		n, err := w.billing.CatchUp(w.ctx)
		w.logf("catch up: %d err %v", n, err)
	default:
		w.logf("restart")
		w.restart()
	}
}

func (w *feedWorld) message(number string, lines []order.Line) order.Order {
	return order.Order{OrderNumber: number, OrderDate: orderDate, Currency: "SEK", ResponseType: order.ResponseAcknowledgement,
		PayIncluded: true, SoldTo: order.SoldTo{CustomerNumber: "240", LastName: "JONES"},
		ShipTos: []order.ShipTo{{Type: "1", Lines: lines}}, Payments: []order.Payment{{Seq: 1, PayType: "CK"}}}
}

func (w *feedWorld) take(x *simOrder, lines []order.Line) {
	res, err := order.Intake(w.ctx, w.deps, order.Input{Order: w.message(x.number, lines)})
	if err != nil {
		w.t.Fatalf("intake %s: %v", x.number, err)
	}
	x.res = res
	if engage.Accepted(res.Order) {
		x.fedAs = engage.IntakeOrderID(res.Order)
		if x.returnOf != "" {
			x.fedAs = ""
		}
	}
	w.logf("intake %s: order %d status %s replayed %v", x.number, res.Order.Number, res.Order.Status, res.Replayed)
}

func (w *feedWorld) newOrder() {
	w.msgSeq++
	x := &simOrder{number: fmt.Sprintf("WEB-%d", w.msgSeq)}
	var lines []order.Line
	for i := 1; i <= 1+w.rnd.IntN(3); i++ {
		item := simItems[w.rnd.IntN(len(simItems))]
		if w.rnd.IntN(12) == 0 {
			item = "NOSUCH" // in error: not fed
		}
		lines = append(lines, order.Line{Seq: i, ItemID: item, Quantity: 1 + w.rnd.IntN(3), Price: decimal.NewFromInt(int64(5 + w.rnd.IntN(50)))})
	}
	w.intakes = append(w.intakes, x)
	w.take(x, lines)
}

func (w *feedWorld) replayIntake() {
	if len(w.intakes) == 0 {
		return
	}
	x := w.intakes[w.rnd.IntN(len(w.intakes))]
	if x.f3 {
		return
	}
	var lines []order.Line
	for _, st := range x.res.Input.ShipTos {
		lines = append(lines, st.Lines...)
	}
	if len(lines) == 0 { // the intake keeps Input only for some orders: resend what it took in
		for _, st := range x.res.Order.ShipTos {
			for _, l := range st.Lines {
				lines = append(lines, order.Line{Seq: l.Seq, ItemID: l.ItemID, Quantity: l.Quantity, Price: l.Price})
			}
		}
	}
	w.take(x, lines)
}

// brokerStep puts a line of an accepted order under a flow, or moves a
// record on: billing or not.
func (w *feedWorld) brokerStep() {
	if len(w.recs) > 0 && w.rnd.IntN(2) == 0 {
		rec := w.recs[w.rnd.IntN(len(w.recs))]
		var ev broker.EventKind
		switch rec.flow {
		case &broker.BrokeredBackorder, &broker.StorePickup:
			ev = []broker.EventKind{broker.EventFulfilled, broker.EventAccepted}[w.rnd.IntN(2)]
		case &broker.ShipForPickup, &broker.ReceivedFromBroker:
			ev = broker.EventShipmentConfirmed
		}
		err := w.billing.Update(w.ctx, rec.id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
			res, err := broker.Engine{Settings: simSettings, Now: func() time.Time { return orderDate }}.Apply(rec.flow, cur, broker.Event{Kind: ev, At: orderDate})
			return res.Record, res.Effects, err
		})
		got, _ := w.records.Record(w.ctx, rec.id)
		rec.billed = broker.Billed(got)
		w.logf("record %s %s: %s -> %c billed %v err %v", rec.flow.Name, rec.order, ev, got.Status, rec.billed, err)
		return
	}
	var cands []*simOrder
	for _, x := range w.intakes {
		if x.fedAs != "" && !x.f3 {
			cands = append(cands, x)
		}
	}
	if len(cands) == 0 {
		return
	}
	x := cands[w.rnd.IntN(len(cands))]
	var lines []order.Line
	for _, l := range x.res.Order.ShipTos[0].Lines {
		if l.Quantity > 0 { // goods to deliver, not returned
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	l := lines[w.rnd.IntN(len(lines))]
	for _, r := range w.recs {
		if r.order == x.fedAs && w.lineOf(r) == l.Seq {
			return // brokered already
		}
	}
	flow, st := []*broker.Flow{&broker.BrokeredBackorder, &broker.StorePickup, &broker.ShipForPickup}[w.rnd.IntN(3)], broker.StatusAccepted
	if flow == &broker.ShipForPickup {
		st = broker.StatusPicking
	}
	w.putRecord(flow, x.res.Order.Number, l.Seq, st, x.fedAs)
}

func (w *feedWorld) lineOf(r *simRecord) int {
	got, _ := w.records.Record(w.ctx, r.id)
	return got.LineSeq
}

func (w *feedWorld) putRecord(flow *broker.Flow, number, seq int, st broker.Status, fed engage.OrderID) {
	r := broker.Record{ID: w.newID(), Flow: flow.Name, Key: broker.OrderKey{Company: 6, Order: number, ShipTo: 1}, LineSeq: seq, LineNo: seq,
		Status: st, RequestID: "R" + strconv.Itoa(w.step)}
	if err := w.records.Put(w.ctx, r); err != nil {
		w.t.Fatal(err)
	}
	w.recs = append(w.recs, &simRecord{id: r.ID, flow: flow, order: fed})
	w.logf("record %s for order %s line %d", flow.Name, fed, seq)
}

type f3Writer struct{ store *memory.BrokerStore }

func (f f3Writer) WriteReceived(ctx context.Context, recs []broker.Result, _ broker.OrderLink) error {
	for _, r := range recs {
		if _, err := f.store.Record(ctx, r.Record.ID); err == nil {
			continue
		}
		if err := f.store.Put(ctx, r.Record); err != nil {
			return err
		}
	}
	return nil
}

// receiveF3 takes in an order from Order Broker (or the same one again).
func (w *feedWorld) receiveF3() {
	var ro broker.ReceivedOrder
	replay := len(w.f3) > 0 && w.rnd.IntN(3) == 0
	if replay {
		ro = w.f3[w.rnd.IntN(len(w.f3))]
	} else {
		n := len(w.f3) + 1
		ro = broker.ReceivedOrder{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprint("f3-", n))), Company: 6, RequestID: fmt.Sprint(900 + n),
			OrderType: "D", Channel: "C", OrderDate: orderDate, CustomerNo: "240", SoldTo: broker.Address{Name: broker.Name{Last: "JONES"}},
			ShipTo: broker.Address{Name: broker.Name{Last: "JONES"}, Address1: "1 Main St", City: "Boston", Country: "US"}, ShipVia: "30",
			Lines:   []broker.ReceivedLine{{Seq: 1, ItemID: broker.ItemID("SHOE", ""), Qty: 1 + w.rnd.IntN(2), UnitPrice: decimal.NewFromInt(60)}},
			Payment: broker.ReceivedPayment{PayType: "27"}}
		w.f3 = append(w.f3, ro)
	}
	ri := &broker.ReceivedIntake{Deps: w.deps, Writer: f3Writer{w.records}}
	if _, _, err := ri.EditReceivedOrder(w.ctx, ro); err != nil {
		w.t.Fatalf("F3 %s: edit: %v", ro.RequestID, err)
	}
	recID := uuid.NewSHA1(uuid.NameSpaceOID, []byte("rec-"+ro.RequestID))
	key, err := ri.CommitReceivedOrder(w.ctx, ro, []broker.Result{{Record: broker.Record{ID: recID, Flow: "F3", LineSeq: 1, LineNo: 1,
		Status: broker.StatusPicking, RequestID: ro.RequestID}}}, func(k broker.OrderKey) broker.OrderLink { return broker.OrderLink{Fulfilling: k} })
	if err != nil {
		w.t.Fatalf("F3 %s: commit: %v", ro.RequestID, err)
	}
	if !replay {
		w.recs = append(w.recs, &simRecord{id: recID, flow: &broker.ReceivedFromBroker, order: engage.OrderID(strconv.Itoa(key.Order))})
		w.intakes = append(w.intakes, &simOrder{number: broker.ReceivedOrderNumber(ro.RequestID), fedAs: engage.OrderID(strconv.Itoa(key.Order)), f3: true})
	}
	w.logf("F3 %s received as order %d (replay %v)", ro.RequestID, key.Order, replay)
}

// returnTakenIn takes in a return order of goods of an earlier order:
// against that order, or on its own.
func (w *feedWorld) returnTakenIn() {
	var cands []*simOrder
	for _, x := range w.intakes {
		if x.fedAs != "" && x.res.Order.ID != uuid.Nil && len(x.res.Order.ShipTos) > 0 {
			cands = append(cands, x)
		}
	}
	if len(cands) == 0 {
		return
	}
	orig := cands[w.rnd.IntN(len(cands))]
	l := orig.res.Order.ShipTos[0].Lines[0]
	w.msgSeq++
	x := &simOrder{number: fmt.Sprintf("RET-%d", w.msgSeq)}
	if w.rnd.IntN(3) > 0 {
		x.returnOf = orig.fedAs
	}
	w.intakes = append(w.intakes, x)
	w.take(x, []order.Line{{Seq: 1, ItemID: l.ItemID, Quantity: -1, Price: l.Price}})
}

func (w *feedWorld) fedOrder() engage.OrderID {
	var ids []engage.OrderID
	for _, x := range w.intakes {
		if x.fedAs != "" {
			ids = append(ids, x.fedAs)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[w.rnd.IntN(len(ids))]
}

func (w *feedWorld) statusChange() {
	if id := w.fedOrder(); id != "" {
		st := []string{"shipped", "picked", "delivered"}[w.rnd.IntN(3)]
		_, err := w.feed.SubmitStatus(w.ctx, id, engage.StatusChange{Status: st}, "s"+strconv.Itoa(w.step))
		w.logf("status %s of %s: err %v", st, id, err)
		if x := w.fed(id); err == nil && x != nil {
			x.status = st
		}
	}
}

// outsideUpdate: another system changes an order on the platform.
func (w *feedWorld) outsideUpdate() {
	id := w.fedOrder()
	if id == "" {
		return
	}
	var err error
	if w.rnd.IntN(2) == 0 {
		_, err = w.client.UpdateDelivery(w.ctx, id, engage.DeliveryChange{Delivery: engage.Delivery{Tracking: "T" + strconv.Itoa(w.step)}})
	} else {
		_, err = w.client.UpdateStatus(w.ctx, id, engage.StatusChange{Status: "canceled"})
	}
	w.logf("outside update of %s: err %v", id, err)
	if x := w.fed(id); x != nil {
		x.outside = true // even on an error: the answer may be lost after the change
	}
}

// fed returns the order fed as id.
func (w *feedWorld) fed(id engage.OrderID) *simOrder {
	for _, x := range w.intakes {
		if x.fedAs == id {
			return x
		}
	}
	return nil
}

func (w *feedWorld) trigger() {
	id := w.fedOrder()
	if id == "" {
		return
	}
	if w.rnd.IntN(2) == 0 { // the host follows the change up once processed
		_, _ = w.feed.Flush(w.ctx)
		_, _ = w.feed.Confirm(w.ctx)
		_, _ = w.feed.Confirm(w.ctx)
		if w.rnd.IntN(2) == 0 {
			w.outsideUpdate()
		}
	}
	w.maybeFault()
	before, comms := w.sim.Requests(engagetest.OpAction), len(w.sim.Communications())
	err := w.feed.TriggerAction(w.ctx, id, "send-confirmation")
	tries := w.sim.Requests(engagetest.OpAction) - before
	w.logf("trigger on %s: tries %d err %v", id, tries, err)
	if tries > 2 {
		w.t.Errorf("invActionsOnSeenTags: TriggerAction on %s tried %d times", id, tries)
	}
	if c := w.sim.Communications(); err == nil && len(c) > comms {
		tag, _, _ := w.feed.Tag(w.ctx, id)
		if last := c[len(c)-1]; last.Tag != tag {
			w.t.Errorf("invActionsOnSeenTags: action on %s with tag %s, the feed had read %s", id, last.Tag, tag)
		}
	}
	if err != nil && !errors.Is(err, engage.ErrNotProcessed) && !errors.Is(err, engage.ErrActionNoLongerApplies) &&
		!errors.Is(err, engage.ErrStaleVersion) && !errors.Is(err, engage.ErrNotFound) && !engage.Retryable(err) {
		w.t.Errorf("trigger on %s: unexpected error %v", id, err)
	}
}

func (w *feedWorld) quiesce() {
	w.logf("-- quiesce")
	w.sinkOK = true
	if _, err := w.billing.CatchUp(w.ctx); err != nil {
		w.t.Errorf("catch up: %v", err)
	}
	for round := 0; round < 20; round++ {
		rep, ferr := w.feed.Flush(w.ctx)
		crep, cerr := w.feed.Confirm(w.ctx)
		w.logf("round %d: flush sent %d retry %d err %v, confirm waiting %d err %v", round, len(rep.Sent), len(rep.Retry), ferr, len(crep.Waiting), cerr)
		left, _ := w.fstore.List(w.ctx, engage.Filter{States: []engage.EntryState{engage.StatePending, engage.StateSent}})
		if ferr == nil && cerr == nil && len(left) == 0 {
			return
		}
	}
}

func (w *feedWorld) checkAlways() {
	w.invReceiptsNeverChange()
	w.invNoDuplicates()
}

// invReceiptsNeverChange: a receipt keeps the content it was registered
// with (ENG-003).
func (w *feedWorld) invReceiptsNeverChange() {
	for _, r := range w.sim.Receipts() {
		b, _ := json.Marshal(r)
		if first, ok := w.seen[r.ID]; ok && first != string(b) {
			w.t.Errorf("invReceiptsNeverChange: receipt %s was %s, is %s", r.ID, first, b)
		}
		w.seen[r.ID] = string(b)
	}
}

// expectedReceipts are the receipt ids omskit should register: one per
// billed line, one per return taken in.
func (w *feedWorld) expectedReceipts() map[engage.ReceiptID]engage.OrderID {
	want := map[engage.ReceiptID]engage.OrderID{}
	for _, r := range w.recs {
		if r.billed {
			want[engage.MintReceiptID(string(r.order), engage.ReceiptSale, "broker-"+r.id.String())] = r.order
		}
	}
	for _, x := range w.intakes {
		if x.number[:4] == "RET-" && engage.Accepted(x.res.Order) {
			target := engage.IntakeOrderID(x.res.Order)
			if x.returnOf != "" {
				target = x.returnOf
			}
			want[engage.MintReceiptID(string(target), engage.ReceiptReturn, engage.IntakeChangeKey(x.res.Order))] = target
		}
	}
	return want
}

// invNoDuplicates: no receipt twice or unexpected, no engagement order but
// for an order written.
func (w *feedWorld) invNoDuplicates() {
	want := w.expectedReceipts()
	seen := map[engage.ReceiptID]bool{}
	for _, r := range w.sim.Receipts() {
		if seen[r.ID] {
			w.t.Errorf("invNoDuplicates: receipt %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if order, ok := want[r.ID]; !ok || order != r.Order {
			w.t.Errorf("invNoDuplicates: receipt %s for order %s is not one omskit should register", r.ID, r.Order)
		}
	}
	fed := map[engage.OrderID]bool{}
	for _, x := range w.intakes {
		if x.fedAs != "" {
			fed[x.fedAs] = true
		}
	}
	for _, x := range w.intakes {
		if x.returnOf != "" && engage.Accepted(x.res.Order) {
			if _, ok := w.sim.StoredOrder(engage.IntakeOrderID(x.res.Order)); ok {
				w.t.Errorf("invNoDuplicates: return %s fed on its own as well as against %s", x.number, x.returnOf)
			}
		}
	}
	for _, x := range w.intakes {
		if x.fedAs == "" && x.returnOf == "" && x.res.Order.Number > 0 {
			if _, ok := w.sim.StoredOrder(engage.IntakeOrderID(x.res.Order)); ok {
				w.t.Errorf("invNoDuplicates: order %s (status %s) fed though not accepted", x.number, x.res.Order.Status)
			}
		}
	}
}

// invEveryOrderFed: every accepted order is on the platform (ENG-007).
func (w *feedWorld) invEveryOrderFed() {
	for _, x := range w.intakes {
		if x.fedAs == "" {
			continue
		}
		if _, ok := w.sim.StoredOrder(x.fedAs); !ok {
			w.t.Errorf("invEveryOrderFed: order %s (%s) is not on the platform", x.fedAs, x.number)
		}
	}
}

// invPlatformHoldsNewest: every engagement order holds the newest state
// omskit gave it — the order's lines as the OMS holds them plus one
// return line per return fed against it (ENG-002, ENG-004-E1), and the
// last status change the feed recorded unless another system changed the
// order (ENG-010): no change lost, none reverted by a later write.
func (w *feedWorld) invPlatformHoldsNewest() {
	for _, x := range w.intakes {
		if x.fedAs == "" {
			continue
		}
		so, ok := w.sim.StoredOrder(x.fedAs)
		if !ok {
			continue // invEveryOrderFed
		}
		want := map[string]int{}
		num, _ := strconv.Atoi(string(x.fedAs))
		id, err := w.orders.OrderIDByNumber(w.ctx, num)
		if err != nil {
			w.t.Errorf("invPlatformHoldsNewest: order %s: %v", x.fedAs, err)
			continue
		}
		o, err := w.orders.Order(w.ctx, id)
		if err != nil {
			w.t.Errorf("invPlatformHoldsNewest: order %s: %v", x.fedAs, err)
			continue
		}
		for _, st := range o.ShipTos {
			for _, l := range st.Lines {
				want[l.ItemID] += l.Quantity
			}
		}
		for _, r := range w.intakes {
			if r.returnOf == x.fedAs && engage.Accepted(r.res.Order) {
				want[r.res.Order.ShipTos[0].Lines[0].ItemID]--
			}
		}
		got := map[string]int{}
		for _, l := range so.Order.Lines {
			got[l.Article] += l.Quantity
		}
		if !maps.Equal(got, want) {
			w.t.Errorf("invPlatformHoldsNewest: order %s has lines %v on the platform, omskit has %v", x.fedAs, got, want)
		}
		if x.status != "" && !x.outside && so.Order.Status != x.status {
			w.t.Errorf("invPlatformHoldsNewest: order %s has status %q on the platform, the feed's last change was %q",
				x.fedAs, so.Order.Status, x.status)
		}
	}
}

// invEveryFulfilmentReceipted: every billed line and every return has its
// receipt (ENG-003, ENG-004).
func (w *feedWorld) invEveryFulfilmentReceipted() {
	have := map[engage.ReceiptID]bool{}
	for _, r := range w.sim.Receipts() {
		have[r.ID] = true
	}
	var missing []string
	for id, o := range w.expectedReceipts() {
		if !have[id] {
			missing = append(missing, fmt.Sprintf("%s of order %s", id, o))
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		w.t.Errorf("invEveryFulfilmentReceipted: missing receipts %v", missing)
	}
}

// invNothingPending: nothing left pending or unconfirmed in the outbox;
// nothing refused but the status changes another system's cancellation
// may have made moot.
func (w *feedWorld) invNothingPending() {
	left, err := w.fstore.List(w.ctx, engage.Filter{States: []engage.EntryState{engage.StatePending, engage.StateSent}})
	if err != nil || len(left) > 0 {
		w.t.Errorf("invNothingPending: %d entries left, err %v", len(left), err)
	}
	failed, _ := w.fstore.List(w.ctx, engage.Filter{States: []engage.EntryState{engage.StateFailed}})
	for _, e := range failed {
		w.t.Errorf("invNothingPending: entry %s failed: %s", e.Key, e.LastError)
	}
}
