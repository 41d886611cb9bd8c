package broker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
)

//go:generate go tool mockgen -source=runner_flows.go -destination=mock_runner_flows_test.go -package=broker

// PickSlipPrinter is the host's pick slip and drop ship PO generation, as
// the [Runner] tells it the outcome of a ship-for-pickup submission (F2,
// BRK-122..BRK-130): print the pick slip or PO of the lines (OB
// acknowledged the order, F2.05) or do not (no answer, F2.03, BRK-127: the
// next generation picks the order up again; an error, F2.04, BRK-128: the
// order is held). The pick slip is the host's; the decision to print it is
// the answer's.
type PickSlipPrinter interface {
	PrintPickSlip(ctx context.Context, key OrderKey, lineSeqs []int, print bool) error
}

// submitPickups sends the SubmitOrders of the flows whose submission is
// not F1's (order-broker.md §1.2: pick slip generation for F2, BROKER_ORD
// for F4):
//   - F2 records in I without a request ID, one SubmitOrder
//     (SHIPFORPICKUP) per pick slip: per order, or per line with L89
//     (BRK-125, BRK-126); the answer applies F2.03, F2.04 or F2.05 and
//     [Runner.PickSlips] is told whether the pick slip prints;
//   - F4 records in R, one SubmitOrder (PICKUP) per order, each line at
//     the store the customer chose (the order's PickupStore); the answer
//     applies F4.03 or F4.04, and without one the records wait in R
//     (F4.02, BRK-271).
//
// A record is claimed in the store (its SubmittedAt moved on) before the
// message goes out, so two runs never send it at once; a record whose
// answer was lost (no answer, or a run that died) is sent again once it has
// waited [Runner.ResendWaitingAfter], and OB's duplicate check answers 2040,
// which acknowledges it (BRK-063). The pickup store is copied from the
// order onto the record at submission (BRK-134, BRK-326): the host never
// writes it.
func (r *Runner) submitPickups(ctx context.Context, st *runState) error {
	recs, err := r.Store.ListByStatus(ctx, StatusInProcess, StatusReady)
	if err != nil {
		return fmt.Errorf("broker run: list I and R records: %w", err)
	}
	sortRecords(recs)
	// The lines of a pick slip or of a store pickup order go out together
	// (BRK-125, BRK-270), whichever batch leased them.
	together := func(rec Record) bool {
		return rec.Flow == StorePickup.Name && rec.Status == StatusReady ||
			rec.Flow == ShipForPickup.Name && rec.Status == StatusInProcess && !r.Engine.Settings.Flows.SeparatePicks
	}
	if recs, err = r.withOrderSiblings(ctx, recs, together, StatusInProcess, StatusReady); err != nil {
		return err
	}
	now := r.now()
	var f2, f4 []Record
	for _, rec := range recs {
		if rec.RequestID != "" || rec.Dropped {
			continue
		}
		switch {
		case rec.Flow == ShipForPickup.Name && rec.Status == StatusInProcess:
			f2 = append(f2, rec)
		case rec.Flow == StorePickup.Name && rec.Status == StatusReady:
			f4 = append(f4, rec)
		}
	}
	for _, g := range r.dueGroups(pickGroups(f2, r.Engine.Settings.Flows.SeparatePicks), now) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.submitPickup(ctx, st, &ShipForPickup, g)
	}
	for _, g := range r.dueGroups(pickGroups(f4, false), now) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.submitPickup(ctx, st, &StorePickup, g)
	}
	return nil
}

// submitDue: never sent, or sent without a stored answer long enough ago.
func (r *Runner) submitDue(rec Record, now time.Time) bool {
	if rec.SubmittedAt.IsZero() {
		return true
	}
	after := r.resendWaitingAfter()
	return after > 0 && !now.Before(rec.SubmittedAt.Add(after))
}

// dueGroups keeps the groups whose every record is due (submitDue): a
// record claimed for a SubmitOrder that never went out (the run died
// between two claims) holds its order back until it is due too, and the
// order goes out whole (BRK-125, BRK-270).
func (r *Runner) dueGroups(groups [][]Record, now time.Time) [][]Record {
	return slices.DeleteFunc(groups, func(g []Record) bool {
		return slices.ContainsFunc(g, func(rec Record) bool { return !r.submitDue(rec, now) })
	})
}

// pickGroups groups records by order ship-to, or one per record: the
// grouping of [SubmissionGroups] with L56 selected, or not.
func pickGroups(recs []Record, perLine bool) [][]Record {
	return SubmissionGroups(recs, Settings{SplitOrder: !perLine})
}

// pickupSubmitOrder builds the SubmitOrder of an F2 or F4 submission.
func pickupSubmitOrder(o Order, seqs []int, f *Flow, s Settings, now time.Time) (SubmitOrder, error) {
	msg, err := BuildSubmitOrder(o, seqs, s, now)
	if err != nil {
		return msg, err
	}
	if f.Name == ShipForPickup.Name {
		msg.TransactionType = TransactionTypeShipForPickup
		return msg, nil
	}
	msg.TransactionType = TransactionTypePickup
	msg.UnderReview = pickupUnderReview(o, s)
	sys := o.PickupSystem
	if sys == "" {
		sys = s.POSName
	}
	for i := range msg.Lines {
		msg.Lines[i].Location = Location{Location: o.PickupStore, System: sys} // the store the customer chose (BRK-260, BRK-291)
	}
	return msg, nil
}

// pickupUnderReview is the Under Review a store pickup order's SubmitOrder
// carries (BRK-272): a held order goes Under Review unless the customer
// pays at the store (M16); M18 is the brokered backorders'.
func pickupUnderReview(o Order, s Settings) bool {
	return o.Status == OrderHeld && !s.Flows.PaymentAtPOSForStorePickup
}

func (r *Runner) submitPickup(ctx context.Context, st *runState, f *Flow, group []Record) {
	key := group[0].Key
	order, err := r.Orders.Order(ctx, key)
	if err != nil {
		st.failAll(group, "load order", err)
		return
	}
	now := r.now()
	sent := claimEach(st, group, func(rec Record) (*Record, error) { return r.claimPickup(ctx, rec, order, now) })
	if len(sent) == 0 {
		return
	}
	seqs := lineSeqs(sent)
	msg, err := pickupSubmitOrder(order, seqs, f, r.Engine.Settings, now)
	if err != nil {
		st.failAll(sent, "build SubmitOrder", err)
		return
	}
	st.rep.Submitted += len(sent)
	resp, sendErr := r.Transport.SubmitOrder(ctx, msg)
	if ctx.Err() != nil {
		return // the run is ending: nothing is decided, the records are sent again later
	}
	ev, _ := SubmitOutcomeEvent(resp, sendErr)
	ev.At, ev.Held = r.now(), msg.UnderReview // BRK-272: the record keeps what was sent
	if ev.Kind == EventSubmitUnavailable {
		for _, rec := range sent {
			st.fail(rec, "send SubmitOrder", sendErr)
		}
	}
	if ev.RequestID != "" && len(sent) > 1 && (IsDuplicateOrder(sendErr) || sendErr == nil && resp.ResponseCode == DuplicateOrderCode) {
		// BRK-063: the 2040 names the request of the lines OB holds; only
		// those take it.
		if sent = r.heldByOB(ctx, st, ev.RequestID, sent); len(sent) == 0 {
			return
		}
		seqs = seqs[:0]
		for _, rec := range sent {
			seqs = append(seqs, rec.LineSeq)
		}
	}
	if f.Name == StorePickup.Name && ev.Kind == EventSubmitError && slices.ContainsFunc(group, func(rec Record) bool { return !rec.SubmittedAt.IsZero() }) {
		// Sent again: an earlier answer may have canceled the order already.
		if err := r.pickupOrderCanceledBefore(ctx, st, sent[0], ev, StatusError); err != nil {
			st.failAll(sent, "apply SubmitOrderResponse", err)
			return
		}
	}
	// The pick slip decision covers the lines whose record took the answer
	// (F2.05, BRK-130): a line whose answer was not stored is sent again
	// and decided then.
	print, told := false, false
	var decided []int
	for _, rec := range sent {
		if ev.Kind == EventSubmitUnavailable && rec.Status == StatusReady {
			continue // F4.02, BRK-271: the record waits in R for the next run
		}
		res, err := r.apply(ctx, st, rec, ev)
		if err != nil {
			st.fail(rec, "apply SubmitOrderResponse", err)
			continue
		}
		for _, e := range res.Effects {
			if p, ok := e.(PickSlip); ok {
				print, told = p.Print, true
				decided = append(decided, rec.LineSeq)
			}
		}
	}
	if told && r.PickSlips != nil {
		if err := r.PickSlips.PrintPickSlip(ctx, key, decided, print); err != nil {
			st.fail(sent[0], "tell the pick slip outcome", err)
		}
	}
}

// heldByOB reads which of the lines of a SubmitOrder OB answered 2040
// holds under requestID (BRK-063: the order or a line of it already
// exists), with a status inquiry on the request, and returns their
// records. The others were never received: they are released to be
// submitted on their own at the next run. Without an answer nothing is
// decided: the records wait to be sent again (F4.02, F2.03).
func (r *Runner) heldByOB(ctx context.Context, st *runState, requestID string, sent []Record) []Record {
	resp, ok := r.inquire(ctx, st, requestID, sent, "inquire on the request of a 2040 answer")
	if !ok {
		return nil
	}
	items, _ := matchItems(resp.Order, sent)
	var held []Record
	for _, rec := range sent {
		if _, ok := items[rec.LineSeq]; ok {
			held = append(held, rec)
			continue
		}
		claimedAt := rec.SubmittedAt
		err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
			if cur.RequestID == "" && cur.SubmittedAt.Equal(claimedAt) {
				cur.SubmittedAt = time.Time{} // never received: due at once
			}
			return cur, nil, nil
		})
		if err != nil {
			st.fail(rec, "release a line OB never received", err)
		}
	}
	return held
}

// claimPickup takes an F2 or F4 record for sending (see submitPickups). It
// returns nil when the record is no longer the caller's to send.
func (r *Runner) claimPickup(ctx context.Context, rec Record, o Order, now time.Time) (*Record, error) {
	var out *Record
	err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
		if cur.Status != rec.Status || cur.RequestID != "" || cur.Dropped || !cur.SubmittedAt.Equal(rec.SubmittedAt) {
			return cur, nil, nil
		}
		cur.SubmittedAt = now
		if cur.PickupLocation == "" {
			cur.PickupLocation = o.PickupStore // BRK-134: the pickup location is the store the customer chose
		}
		if cur.Flow == StorePickup.Name {
			cur.PickupOrder = true
			// BRK-272: the record keeps what the SubmitOrder carries, so a
			// release before the answer is stored still clears it (F4.15).
			cur.UnderReview = pickupUnderReview(o, r.Engine.Settings)
		}
		out = &cur
		return cur, nil, nil
	})
	return out, err
}

// outboxClaimFor is how long a claimed outbox is left to the run that
// claimed it.
func (r *Runner) outboxClaimFor() time.Duration {
	if r.Leasing != nil {
		return r.Leasing.leaseFor()
	}
	return DefaultLeaseFor
}

var allStatuses = func() []Status {
	out := make([]Status, len(statusSummaries))
	for i, s := range statusSummaries {
		out[i] = s.Status
	}
	return out
}()

// outboxRecords lists the records with something in their Outbox.
func (r *Runner) outboxRecords(ctx context.Context) ([]Record, error) {
	var recs []Record
	var err error
	if l, ok := r.Store.(OutboxLister); ok {
		recs, err = l.ListOutbox(ctx)
	} else {
		recs, err = r.Store.ListByStatus(ctx, allStatuses...)
	}
	if err != nil {
		return nil, fmt.Errorf("broker run: list records with an outbox: %w", err)
	}
	out := recs[:0]
	for _, rec := range recs {
		if !rec.Outbox.Empty() {
			out = append(out, rec)
		}
	}
	sortRecords(out)
	return out, nil
}

// leasedOutbox polls for F3 fulfillments (Runner.Fulfillments) and sends
// the outboxes at the end of a leased run, over the whole store, and adds
// what it did to total.
func (r *Runner) leasedOutbox(ctx context.Context, total *Report) error {
	st := &runState{rep: &Report{}, inquired: map[string]bool{}}
	if r.Fulfillments != nil && ctx.Err() == nil {
		r.pollFulfillments(ctx, st) // F3: once a run, not once a batch
		total.Fulfillments = st.rep.Fulfillments
	}
	err := r.sendOutbox(ctx, st)
	total.add(st.rep)
	return err
}

// sendOutbox sends what waits in the records' outboxes (order-broker.md
// §1.2: the BROKER process sends the status updates of retail pickup,
// delivery and ship-for-pickup orders and the Under Review order updates):
//   - the status updates (F2.05 picked, F2.06 intransit, F3.10 picked,
//     F3.11 intransit, F3.12 fulfilled, F3.19 and F3.20 rejected, ...), one
//     StatusUpdate per request and status for all its records waiting with
//     it (BRK-411..BRK-414); an update that must not reach a canceled order
//     (BRK-233) is preceded by a status inquiry and dropped when OB shows
//     canceled. An intransit or fulfilled update without an answer moves
//     its record to H or G (F2.07, F3.13, BRK-317), whose resend carries
//     the same agent and tracking number; any other unanswered update waits
//     for the next run;
//   - the Under Review order updates (F1.24, F4.15, BRK-098, BRK-415), one
//     per request ID.
//
// Each record's outbox is claimed before anything is sent, so two runs
// never send it at once; an outbox is emptied only when OB answered.
func (r *Runner) sendOutbox(ctx context.Context, st *runState) error {
	recs, err := r.outboxRecords(ctx)
	if err != nil {
		return err
	}
	now := r.now()
	var claimed []Record
	for _, rec := range recs {
		if !rec.Outbox.ClaimedAt.IsZero() && now.Before(rec.Outbox.ClaimedAt.Add(r.outboxClaimFor())) {
			continue // another run is sending it
		}
		if rec.RequestID == "" {
			continue // nothing to address it to yet
		}
		c, err := r.claimOutbox(ctx, rec, now)
		if err != nil {
			st.fail(rec, "claim outbox", err)
			continue
		}
		if c != nil {
			claimed = append(claimed, *c)
		}
	}
	type updateKey struct {
		request string
		update  PendingUpdate
	}
	var updates []updateKey
	byUpdate := map[updateKey][]Record{}
	var reviews []string
	byReview := map[string][]Record{}
	for _, rec := range claimed {
		if u := rec.Outbox.Update; u.Status != "" && rec.Status != StatusResendFulfilled && rec.Status != StatusResendIntransit {
			k := updateKey{rec.RequestID, u}
			if _, ok := byUpdate[k]; !ok {
				updates = append(updates, k)
			}
			byUpdate[k] = append(byUpdate[k], rec)
		}
		if rec.Outbox.UnderReview.Send {
			if _, ok := byReview[rec.RequestID]; !ok {
				reviews = append(reviews, rec.RequestID)
			}
			byReview[rec.RequestID] = append(byReview[rec.RequestID], rec)
		}
	}
	for _, k := range updates {
		if ctx.Err() != nil {
			break
		}
		r.sendPendingUpdate(ctx, st, k.update, byUpdate[k])
	}
	for _, id := range reviews {
		if ctx.Err() != nil {
			break
		}
		r.sendPendingReview(ctx, st, byReview[id])
	}
	// Give every claim back (the sends above emptied what OB answered).
	rctx := context.WithoutCancel(ctx)
	for _, rec := range claimed {
		r.settleOutbox(rctx, st, rec, nil, nil)
	}
	return ctx.Err()
}

// claimOutbox marks rec's outbox as being sent at now, when it is still
// what the caller read; nil when it changed since.
func (r *Runner) claimOutbox(ctx context.Context, rec Record, now time.Time) (*Record, error) {
	var out *Record
	err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
		if cur.Outbox != rec.Outbox {
			return cur, nil, nil
		}
		cur.Outbox.ClaimedAt = now
		out = &cur
		return cur, nil, nil
	})
	return out, err
}

// settleOutbox empties what was sent (when it is still what waits) and
// gives back rec's claim.
func (r *Runner) settleOutbox(ctx context.Context, st *runState, rec Record, update *PendingUpdate, review *PendingUnderReview) {
	r.settleOutboxWith(ctx, st, rec, update, review)
}

// settleOutboxWith is settleOutbox writing effects with the record.
func (r *Runner) settleOutboxWith(ctx context.Context, st *runState, rec Record, update *PendingUpdate, review *PendingUnderReview, effects ...SideEffect) {
	err := r.Store.Update(ctx, rec.ID, func(cur Record) (Record, []SideEffect, error) {
		if update != nil && cur.Outbox.Update == *update {
			cur.Outbox.Update = PendingUpdate{}
		}
		if review != nil && cur.Outbox.UnderReview == *review {
			cur.Outbox.UnderReview = PendingUnderReview{}
		}
		if update == nil && review == nil && cur.Outbox.ClaimedAt.Equal(rec.Outbox.ClaimedAt) {
			cur.Outbox.ClaimedAt = time.Time{}
		}
		return cur, effects, nil
	})
	if err != nil {
		st.fail(rec, "settle outbox", err)
	}
}

// answered reports whether OB answered a status update (an error response
// is an answer).
func answered(err error) bool {
	var rej *RejectedError
	return err == nil || errors.As(err, &rej)
}

func (r *Runner) sendPendingUpdate(ctx context.Context, st *runState, u PendingUpdate, recs []Record) {
	first := recs[0]
	op := string(u.Status) + " StatusUpdate"
	if u.UnlessCanceled {
		// BRK-233: ask OB first; nothing is sent when it already shows canceled.
		resp, err := r.Transport.StatusRequest(ctx, NewStatusRequest(first, r.Engine.Settings, first.WarehouseLocation, r.now()))
		if err != nil {
			st.failAll(recs, "send StatusRequest before "+op, err)
			return
		}
		if ob, err := ParseOBStatus(resp.Order.OrderStatus); err == nil && ob == OBCanceled {
			for _, rec := range recs {
				r.settleOutbox(ctx, st, rec, &u, nil)
			}
			return
		}
	}
	seqs := lineSeqs(recs)
	upd := NewStatusUpdate(StatusChange{Key: first.Key, RequestID: first.RequestID, LineSeqs: seqs, Status: u.Status,
		ShippingAgent: u.ShippingAgent, TrackingNumber: u.TrackingNumber, ReasonCode: u.ReasonCode, ReasonNote: u.ReasonText,
		WarehouseLocation: first.WarehouseLocation}, r.Engine.Settings, r.now())
	if u.WholeOrder {
		upd.Items, upd.OrderStatus, upd.OrderReasonCode, upd.OrderReasonNote = nil, u.Status, u.ReasonCode, u.ReasonText
	}
	st.rep.Updated += len(recs)
	resp, err := r.Transport.StatusUpdate(ctx, upd)
	if !answered(err) {
		for _, rec := range recs {
			st.fail(rec, "send "+op, err)
			// F2.07, F3.13 (BRK-317): an intransit or fulfilled update
			// without an answer is resent from H or G; the outbox keeps
			// its agent and tracking number for the resend.
			_, aerr := r.apply(ctx, st, rec, Event{Kind: EventUpdateUnanswered, Source: SourceOMS, OBStatus: string(u.Status), At: r.now()})
			if aerr != nil && !errors.Is(aerr, ErrInvalidTransition) {
				st.fail(rec, "apply unanswered "+op, aerr)
			}
		}
		return
	}
	var rej *RejectedError
	if errors.As(err, &rej) {
		st.fail(first, "send "+op, err) // OB answered with an error: reported, not sent again
	} else if resp.ResponseCode != "" && resp.ResponseCode != "0" && !resp.Failed() {
		st.fail(first, "send "+op, fmt.Errorf("broker: request %s: %s: response %s %s: %w", first.RequestID, op, resp.ResponseCode, resp.ResponseDescription, ErrRejected))
	}
	for _, rec := range recs {
		r.settleOutbox(ctx, st, rec, &u, nil)
	}
}

func (r *Runner) sendPendingReview(ctx context.Context, st *runState, recs []Record) {
	last := recs[len(recs)-1]
	ur := last.Outbox.UnderReview
	upd := NewUnderReviewUpdate(UnderReviewUpdate{Record: last.ID, Key: last.Key, LineSeq: last.LineSeq, RequestID: last.RequestID, UnderReview: ur.UnderReview},
		r.Engine.Settings, EmployeeID, last.WarehouseLocation, r.now())
	st.rep.Updated += len(recs)
	_, err := r.Transport.StatusUpdate(ctx, upd)
	if !answered(err) {
		for _, rec := range recs {
			st.fail(rec, "send Under Review order update", err) // waits for the next run
		}
		return
	}
	var msg []SideEffect
	if err != nil {
		st.fail(last, "send Under Review order update", err)
	} else {
		// BRK-098: "Request ID: <id> Under Review: <Y|N>", once for the request.
		yn := "N"
		if ur.UnderReview {
			yn = "Y"
		}
		msg = append(msg, TransactionMessage{Record: last.ID, Key: last.Key, Text: fmt.Sprintf(TextUnderReview, last.RequestID, yn), At: r.now()})
	}
	for i, rec := range recs {
		rv := rec.Outbox.UnderReview
		if i == len(recs)-1 {
			r.settleOutboxWith(ctx, st, rec, nil, &rv, msg...)
			continue
		}
		r.settleOutbox(ctx, st, rec, nil, &rv)
	}
}

// Apply applies a host's event to record id (pick slip printed, shipment
// confirmed, a line sold out, an order held or released, ...) under the
// record's flow, in one store update, as [Runner.Cancel] does for a user's
// cancel. What the transition asks to send to Order Broker waits in the
// record's [Outbox] and goes out with the next run. A move the flow does not
// allow returns a *[TransitionError] wrapping [ErrInvalidTransition] and
// writes nothing.
func (r *Runner) Apply(ctx context.Context, id uuid.UUID, ev Event) (Result, error) {
	st := &runState{rep: &Report{}}
	if ev.At.IsZero() {
		ev.At = r.now()
	}
	res, err := r.apply(ctx, st, Record{ID: id}, ev)
	if err != nil {
		return Result{}, fmt.Errorf("broker: apply %s to record %s: %w", ev.Kind, id, err)
	}
	return res, nil
}
