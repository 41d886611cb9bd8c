package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
)

// The order the scenario follows and its contact.
const (
	orderNo = "O-1001"
	contact = "C-1"
)

var placed = time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)

func sek(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// scenario walks the steps; sim is the simulator's back door, used only to
// inject faults and to count what reached the platform.
type scenario struct {
	out    io.Writer
	log    *slog.Logger
	cfg    config
	sim    *engagetest.Server
	client *engagehttp.Client
	store  *engage.MemoryStore
	feed   *engage.Feed
	logged []engage.LogEntry
	step   int
}

// unexpected reports a step that did not fail the way it should have; a
// real failure is wrapped so callers can inspect it.
func unexpected(what string, err error) error {
	if err == nil {
		return fmt.Errorf("%s: got no error", what)
	}
	return fmt.Errorf("%s: got: %w", what, err)
}

func (s *scenario) heading(title string) {
	s.step++
	fmt.Fprintf(s.out, "\n%d. %s\n", s.step, title)
}

func (s *scenario) say(format string, args ...any) {
	fmt.Fprintf(s.out, "   "+format+"\n", args...)
}

func (s *scenario) run(ctx context.Context) error {
	for _, st := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"order created", s.createOrder},
		{"order updated", s.updateOrder},
		{"shipment receipt", s.shipmentReceipt},
		{"action", s.action},
		{"injected faults", s.faults},
		{"return receipt", s.returnReceipt},
		{"stale version tag", s.staleTag},
		{"GDPR", s.gdpr},
		{"from the OMS", s.fromTheOMS},
	} {
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("step %d (%s): %w", s.step, st.name, err)
		}
		s.log.Debug("step done", "step", s.step, "name", st.name)
	}
	if len(s.logged) > 0 {
		return fmt.Errorf("integration log has %d unexpected entries, first: %s", len(s.logged), s.logged[0].Message)
	}
	return nil
}

// source is the order as the OMS holds it at a revision.
func source(rev int) engage.SourceOrder {
	o := engage.SourceOrder{Number: orderNo, Contact: contact, Status: "placed", Store: "web-se", Currency: "SEK",
		Placed: placed, Updated: placed.Add(time.Duration(rev) * time.Hour), Revision: rev,
		Lines: []engage.SourceLine{
			{Seq: 1, Item: "shirt", Description: "Oxford shirt", Ordered: 2, Price: sek("199")},
			{Seq: 2, Item: "shoe", Description: "Derby shoe", Ordered: 1, Price: sek("899")},
			{Seq: 3, Item: "sock", Description: "Wool socks", Ordered: 3, Price: sek("49")},
		}}
	if rev >= 2 { // the customer swaps the socks for a cap
		o.Lines = append(o.Lines[:2:2], engage.SourceLine{Seq: 4, Item: "cap", Description: "Cap", Ordered: 1, Price: sek("149")})
	}
	if rev >= 3 { // the shoes come back
		o.Status = "returned"
		o.Lines[1].Returned = 1
	}
	total := decimal.Zero
	for _, l := range o.Lines {
		total = total.Add(l.Price.Mul(decimal.NewFromInt(int64(l.Ordered))))
	}
	o.Payments = []engage.Payment{{Method: "card", Amount: total}}
	return o
}

// settle flushes the outbox once and confirms until no job is running.
func (s *scenario) settle(ctx context.Context) (engage.Report, error) {
	rep, err := s.feed.Flush(ctx)
	if err != nil {
		return rep, fmt.Errorf("flush: %w", err)
	}
	for {
		c, err := s.feed.Confirm(ctx)
		rep.Done = append(rep.Done, c.Done...)
		rep.Discarded = append(rep.Discarded, c.Discarded...)
		if err != nil {
			return rep, fmt.Errorf("confirm: %w", err)
		}
		if len(c.Waiting) == 0 {
			return rep, nil
		}
		s.log.Debug("jobs still in progress", "entries", c.Waiting)
		if err := sleep(ctx, s.cfg.interval); err != nil {
			return rep, fmt.Errorf("confirm: %d job(s) in progress: %w", len(c.Waiting), err)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func lines(o engage.Order) string {
	var b strings.Builder
	for i, l := range o.Lines {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s×%d", l.Article, l.Quantity)
	}
	return b.String()
}

// submit maps a revision, records it in the outbox and sends it.
func (s *scenario) submit(ctx context.Context, rev int) (engage.Entry, engage.StoredOrder, error) {
	src := source(rev)
	o, err := engage.FromOrder(src)
	if err != nil {
		return engage.Entry{}, engage.StoredOrder{}, err
	}
	e, err := s.feed.SubmitOrder(ctx, o, src.ChangeKey())
	if err != nil {
		return engage.Entry{}, engage.StoredOrder{}, err
	}
	if _, err := s.settle(ctx); err != nil {
		return engage.Entry{}, engage.StoredOrder{}, err
	}
	if e, err = s.store.Get(ctx, e.Key); err != nil {
		return engage.Entry{}, engage.StoredOrder{}, err
	}
	if e.State != engage.StateDone {
		return e, engage.StoredOrder{}, fmt.Errorf("entry %s is %s, want done", e.Key, e.State)
	}
	so, err := s.client.Order(ctx, o.ID)
	return e, so, err
}

func (s *scenario) createOrder(ctx context.Context) error {
	s.heading("An order is created (ENG-002, ENG-010, ENG-011)")
	e, so, err := s.submit(ctx, 1)
	if err != nil {
		return err
	}
	tag, _, err := s.feed.Tag(ctx, orderNo)
	if err != nil {
		return err
	}
	t := so.Order.Totals()
	s.say("outbox entry %s: sent, job %s processed, version tag kept: %s", e.Key, e.Job, tag)
	s.say("platform order %s: %s, %s, lines %s, total %s %s", so.Order.ID, so.Order.Status, so.Order.Kind(), lines(so.Order), t.Total.StringFixed(2), so.Order.Currency)
	if tag != so.Tag {
		return fmt.Errorf("order %s: feed keeps tag %s, platform has %s", orderNo, tag, so.Tag)
	}
	return nil
}

func (s *scenario) updateOrder(ctx context.Context) error {
	s.heading("The order is updated: socks removed, a cap added, sent as a full update (ENG-002)")
	e, so, err := s.submit(ctx, 2)
	if err != nil {
		return err
	}
	s.say("outbox entry %s: job %s processed, tag %s", e.Key, e.Job, so.Tag)
	s.say("platform order %s: lines %s, total %s %s", so.Order.ID, lines(so.Order), so.Order.Totals().Total.StringFixed(2), so.Order.Currency)
	if got := lines(so.Order); got != "shirt×2 shoe×1 cap×1" {
		return fmt.Errorf("order %s: lines %s after the update", orderNo, got)
	}
	return nil
}

func (s *scenario) register(ctx context.Context, r engage.Receipt) error {
	if _, err := s.feed.RegisterReceipt(ctx, r); err != nil {
		return err
	}
	rep, err := s.settle(ctx)
	if err != nil {
		return err
	}
	s.say("%s receipt %s for order %s: registered (%v), total %s SEK", r.Kind, r.ID, r.Order, rep.Done, r.Total().StringFixed(2))
	return nil
}

func (s *scenario) shipmentReceipt(ctx context.Context) error {
	s.heading("A shipment becomes a sale receipt; a replay is refused (ENG-003, ENG-004)")
	ship := engage.SourceShipment{Order: orderNo, Contact: contact, Shipment: "S1", Store: "web-se", Currency: "SEK", Shipped: placed.Add(24 * time.Hour),
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "shirt", Quantity: 2, Price: sek("199")}, {Seq: 2, Item: "shoe", Quantity: 1, Price: sek("899")}}}
	r, err := engage.ReceiptFromShipment(ship)
	if err != nil {
		return err
	}
	if err := s.register(ctx, r); err != nil {
		return err
	}
	s.say("loyalty balance of %s: %s (receipts move it, orders never do)", contact, s.sim.Loyalty(contact))

	again, err := engage.ReceiptFromShipment(ship) // the shipment event arrives twice
	if err != nil {
		return err
	}
	_, err = s.feed.RegisterReceipt(ctx, again)
	var dup *engage.DuplicateReceiptError
	if !errors.As(err, &dup) {
		return unexpected("second registration of receipt "+string(again.ID)+": want a duplicate error", err)
	}
	if _, err := s.feed.Flush(ctx); err != nil {
		return err
	}
	s.say("replayed shipment: same receipt id, refused before sending: %v", dup)
	s.say("receipt registrations that reached the platform: %d", s.sim.Requests(engagetest.OpReceipt))
	if n := s.sim.Requests(engagetest.OpReceipt); n != 1 {
		return fmt.Errorf("receipt %s: %d registrations reached the platform, want 1", r.ID, n)
	}
	return nil
}

func (s *scenario) action(ctx context.Context) error {
	s.heading("An action needs a processed change and its version tag (ENG-012, ENG-013)")
	const act = engage.ActionName("send-shipping-confirmation")
	if _, err := s.feed.SubmitStatus(ctx, orderNo, engage.StatusChange{Status: "shipped"}, "shipped"); err != nil {
		return err
	}
	rep, err := s.feed.Flush(ctx)
	if err != nil {
		return err
	}
	s.say("status change sent: %v", rep.Sent)
	err = s.feed.TriggerAction(ctx, orderNo, act)
	if !errors.Is(err, engage.ErrNotProcessed) {
		return unexpected("action before the change is processed: want ErrNotProcessed", err)
	}
	s.say("action too early, nothing sent: %v", err)
	err = engage.Trigger(ctx, s.client, orderNo, act, "")
	if !errors.Is(err, engage.ErrVersionTagRequired) {
		return unexpected("action without a tag: want ErrVersionTagRequired", err)
	}
	s.say("action without a tag, nothing sent: %v", err)
	if _, err := s.settle(ctx); err != nil {
		return err
	}
	tag, _, err := s.feed.Tag(ctx, orderNo)
	if err != nil {
		return err
	}
	if err := s.feed.TriggerAction(ctx, orderNo, act); err != nil {
		return err
	}
	comms := s.sim.Communications()
	if len(comms) == 0 {
		return fmt.Errorf("action %s: the platform sent nothing", act)
	}
	last := comms[len(comms)-1]
	s.say("status change processed with tag %s; action %s accepted, sent by the platform with tag %s", tag, last.Action, last.Tag)
	if n := s.sim.Requests(engagetest.OpAction); n != 1 || last.Tag != tag {
		return fmt.Errorf("action: %d calls reached the platform (want 1), tag %s (want %s)", n, last.Tag, tag)
	}
	return nil
}

func (s *scenario) faults(ctx context.Context) error {
	s.heading("Injected faults: answers lost after the platform committed; the retry applies nothing twice (ENG-003, ENG-015)")
	const email = engage.ActionName("send-delivery-email")
	if _, err := s.feed.SubmitStatus(ctx, orderNo, engage.StatusChange{Status: "delivered", Actions: []engage.ActionName{email}}, "delivered"); err != nil {
		return err
	}
	r, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: orderNo, Contact: contact, Shipment: "S2", Store: "web-se", Currency: "SEK",
		Shipped: placed.Add(48 * time.Hour), Lines: []engage.SourceShipLine{{Seq: 4, Item: "cap", Quantity: 1, Price: sek("149")}}})
	if err != nil {
		return err
	}
	if _, err := s.feed.RegisterReceipt(ctx, r); err != nil {
		return err
	}
	s.sim.InjectFault(engagetest.OpStatus, engagetest.Fault{Kind: engagetest.FaultGarbage, AfterCommit: true})
	s.sim.InjectFault(engagetest.OpReceipt, engagetest.Fault{Kind: engagetest.Fault5xx, AfterCommit: true})
	statusBefore, receiptBefore := s.sim.Requests(engagetest.OpStatus), s.sim.Requests(engagetest.OpReceipt)
	s.say("outbox: status %q with embedded action %s, and the receipt of the second parcel", "delivered", email)
	s.say("the platform will commit both, then answer the status change with a garbage page and the receipt with 503")

	for attempt := 1; ; attempt++ {
		rep, err := s.feed.Flush(ctx)
		s.say("flush %d: sent %v, done %d, left to retry %d", attempt, rep.Sent, len(rep.Done), len(rep.Retry))
		if err != nil {
			if !engage.Retryable(err) {
				return err
			}
			s.log.Info("retryable failure, will retry", "err", err)
		}
		if len(rep.Retry) == 0 {
			break
		}
		if attempt == 5 {
			return fmt.Errorf("still %d entries to retry after %d flushes: %w", len(rep.Retry), attempt, err)
		}
		if err := sleep(ctx, s.cfg.interval); err != nil {
			return err
		}
	}
	if _, err := s.settle(ctx); err != nil {
		return err
	}
	emails := 0
	for _, c := range s.sim.Communications() {
		if c.Action == email {
			emails++
		}
	}
	so, err := s.client.Order(ctx, orderNo)
	if err != nil {
		return err
	}
	statusSent, receiptSent := s.sim.Requests(engagetest.OpStatus)-statusBefore, s.sim.Requests(engagetest.OpReceipt)-receiptBefore
	s.say("the status change reached the platform %d times and the receipt %d times (same request id, same receipt id)", statusSent, receiptSent)
	s.say("platform: order %s, receipts registered %d, %s sent %d time(s)", so.Order.Status, len(s.sim.Receipts()), email, emails)
	if statusSent != 2 || receiptSent != 2 || emails != 1 || len(s.sim.Receipts()) != 2 || so.Order.Status != "delivered" {
		return fmt.Errorf("after the faults: %d status sends, %d receipt sends, %d e-mails, %d receipts, status %s",
			statusSent, receiptSent, emails, len(s.sim.Receipts()), so.Order.Status)
	}
	return nil
}

func (s *scenario) returnReceipt(ctx context.Context) error {
	s.heading("A return becomes a return receipt; the order turns mixed (ENG-004, ENG-018)")
	r, err := engage.ReceiptFromReturn(engage.SourceReturn{Order: orderNo, Contact: contact, Return: "RA-1", Store: "web-se", Currency: "SEK",
		Returned: placed.Add(96 * time.Hour), Lines: []engage.SourceShipLine{{Seq: 2, Item: "shoe", Quantity: 1, Price: sek("899")}}})
	if err != nil {
		return err
	}
	if err := s.register(ctx, r); err != nil {
		return err
	}
	e, so, err := s.submit(ctx, 3)
	if err != nil {
		return err
	}
	t := so.Order.Totals()
	s.say("outbox entry %s: order %s is %s: lines %s; purchases %s, returns %s, total %s SEK",
		e.Key, so.Order.ID, so.Order.Kind(), lines(so.Order), t.Purchases.StringFixed(2), t.Returns.StringFixed(2), t.Total.StringFixed(2))
	s.say("loyalty balance of %s: %s", contact, s.sim.Loyalty(contact))
	if so.Order.Kind() != engage.KindMixed {
		return fmt.Errorf("order %s is %s after the return, want mixed", orderNo, so.Order.Kind())
	}
	return nil
}

// tracingAdmin prints every read and conditional write UpdateOrder makes.
type tracingAdmin struct {
	engage.OrderAdmin
	s *scenario
}

// Order implements engage.OrderAdmin and prints the tag read.
func (t tracingAdmin) Order(ctx context.Context, id engage.OrderID) (engage.StoredOrder, error) {
	so, err := t.OrderAdmin.Order(ctx, id)
	if err == nil {
		t.s.say("read order %s at tag %s", id, so.Tag)
	}
	return so, err
}

// PutOrder implements engage.OrderAdmin and prints the outcome.
func (t tracingAdmin) PutOrder(ctx context.Context, o engage.Order, ifMatch engage.VersionTag) (engage.JobID, error) {
	job, err := t.OrderAdmin.PutOrder(ctx, o, ifMatch)
	if err != nil {
		t.s.say("write with If-Match %s: refused: %v", ifMatch, err)
	} else {
		t.s.say("write with If-Match %s: accepted, job %s", ifMatch, job)
	}
	return job, err
}

func (s *scenario) staleTag(ctx context.Context) error {
	s.heading("A stale version tag: re-read and retry (ENG-011)")
	edits := 0
	job, err := engage.UpdateOrder(ctx, tracingAdmin{OrderAdmin: s.client, s: s}, orderNo, 3, func(o *engage.Order) error {
		edits++
		if edits == 1 { // customer service writes while we edit
			other := *o
			other.Delivery = &engage.Delivery{Method: "pickup", Address: "Store 12, Drottninggatan 1"}
			if _, err := s.client.PutOrder(ctx, other, ""); err != nil {
				return err
			}
			s.say("meanwhile customer service changes the delivery to a pick-up")
		}
		o.Lines = append(o.Lines, engage.Line{LineNo: 9, Article: "gift-wrap", Description: "Gift wrap", Quantity: 1, UnitPrice: sek("25")})
		return nil
	})
	if err != nil {
		return err
	}
	j, err := engage.WaitJob(ctx, s.client, job, engage.WaitOptions{Interval: s.cfg.interval, Timeout: s.cfg.maxTime})
	if err != nil {
		return err
	}
	so, err := s.client.Order(ctx, orderNo)
	if err != nil {
		return err
	}
	if edits != 2 || so.Order.Delivery == nil || so.Order.Delivery.Method != "pickup" {
		return fmt.Errorf("update: %d edits, delivery %v", edits, so.Order.Delivery)
	}
	s.say("edits applied %d time(s); job %s %s with tag %s: lines %s, delivery %s kept", edits, j.ID, j.State, j.Tag, lines(so.Order), so.Order.Delivery.Method)
	return nil
}

func (s *scenario) gdpr(ctx context.Context) error {
	s.heading("GDPR: extract, then erase the contact's order data (ENG-025, ENG-026)")
	x, err := s.feed.Extract(ctx, contact)
	if err != nil {
		return err
	}
	for _, so := range x.Orders {
		s.say("extract: order %s (%s, lines %s)", so.Order.ID, so.Order.Status, lines(so.Order))
	}
	s.say("extract: %d receipt(s)", len(x.Receipts))

	rep, err := s.feed.EraseContact(ctx, contact)
	if err != nil {
		return err
	}
	s.say("erased locally: %d outbox entries (keys kept as tombstones); kept: %d receipt entries", len(rep.Erased), len(rep.Kept))
	left, err := s.client.ContactOrders(ctx, contact)
	if err != nil {
		return err
	}
	s.say("platform orders of %s after the erase: %d; receipts kept on the platform: %d (engage-orders.md Z-09)", contact, len(left), len(s.sim.Receipts()))
	if len(left) != 0 {
		return fmt.Errorf("contact %s: %d orders left after the erase", contact, len(left))
	}

	before := s.sim.Requests(engagetest.OpPutOrder)
	late, err := engage.FromOrder(source(2)) // a late replay of an old change
	if err != nil {
		return err
	}
	if _, err := s.feed.SubmitOrder(ctx, late, source(2).ChangeKey()); err != nil {
		return err
	}
	if _, err := s.feed.Flush(ctx); err != nil {
		return err
	}
	sent := s.sim.Requests(engagetest.OpPutOrder) - before
	s.say("a late replay of rev-2 is recorded but not sent: order writes sent %d", sent)
	if sent != 0 {
		return fmt.Errorf("contact %s: erased order re-sent %d time(s)", contact, sent)
	}
	return nil
}
