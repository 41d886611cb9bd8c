package broker

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// Whole orders: a flow's row applies to one record (one order line), but
// some of its effects concern the whole order: the order cancel, the
// messages that name no line ("Order was maintained", "Web cancel request
// processed.", "Submit Order Succeeded", the "Rsn:" lines, ...), the order's
// holds and payment methods. When several records of one order move in one
// run (or one submission), those effects happen once per order, as the
// chapter writes them (BRK-280, BRK-281, BRK-284, BRK-296).

// orderEffectKey returns the identity of an effect that concerns the whole
// order, and false for an effect of the record's line.
func orderEffectKey(e SideEffect) (string, bool) {
	switch v := e.(type) {
	case TransactionMessage:
		if v.WholeOrder {
			return fmt.Sprintf("message %v %s", v.Key, v.Text), true
		}
	case OrderCancel:
		if v.WholeOrder {
			return fmt.Sprintf("cancel %v", v.Key), true
		}
	case OrderHold:
		return fmt.Sprintf("hold %v %q %t", v.Key, v.Reason, v.Release), true
	case PaymentDeactivation:
		return fmt.Sprintf("payment %v", v.Key), true
	case ErrorBatchAssignment:
		return fmt.Sprintf("batch %v", v.Key), true
	}
	return "", false
}

// orderEffects remembers the whole-order effects already written.
type orderEffects map[string]bool

// filter returns effects without the whole-order effects already written,
// and the keys of those it keeps; mark them once the effects are written.
func (o orderEffects) filter(effects []SideEffect) ([]SideEffect, []string) {
	var out []SideEffect
	var keys []string
	seen := map[string]bool{}
	for _, e := range effects {
		k, ok := orderEffectKey(e)
		if ok && (o[k] || seen[k]) {
			continue
		}
		if ok {
			seen[k] = true
			keys = append(keys, k)
		}
		out = append(out, e)
	}
	return out, keys
}

func (o orderEffects) mark(keys []string) {
	for _, k := range keys {
		o[k] = true
	}
}

// OncePerOrder drops from results the whole-order effects an earlier
// result already has, so that a host applying one event to every record of
// an order (a submission answer, a cancel) writes them once (BRK-280,
// BRK-284, BRK-296). The Runner does this itself.
func OncePerOrder(results []Result) []Result {
	seen := orderEffects{}
	out := make([]Result, len(results))
	for i, res := range results {
		kept, keys := seen.filter(res.Effects)
		seen.mark(keys)
		res.Effects = kept
		out[i] = res
	}
	return out
}

// The records of one order that go to Order Broker together: every
// eligible line of an order in one SubmitOrder with L56 (BRK-023), a
// store pickup order as one OB order (BRK-270) canceled whole (BRK-295)
// and canceled whole when the store rejects a line (BRK-280). A leased
// batch sees only the records it leased; for these it takes the other
// records of the order from the whole store, whoever leases them: each
// record is claimed or moved in one store update that re-reads it, so none
// is sent or moved twice.

// wholeStore is the store the run's records live in: under a leased batch,
// the store behind the batch's view.
func (r *Runner) wholeStore() RecordStore {
	if v, ok := r.Store.(*leasedRecords); ok {
		return v.store
	}
	return r.Store
}

// recordFinder is a store that answers a [RecordQuery] (storage/memory and
// storage/sqlstore do): the run reads the records of one order through it,
// rather than every record in the statuses.
type recordFinder interface {
	FindRecords(ctx context.Context, q RecordQuery) (RecordPage, error)
}

// orderRecords returns the records in any of the statuses, from the whole
// store, of the orders in keys, for which keep holds.
func (r *Runner) orderRecords(ctx context.Context, keys map[OrderKey]bool, keep func(Record) bool, statuses ...Status) ([]Record, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	store := r.wholeStore()
	var all []Record
	if f, ok := store.(recordFinder); ok {
		for key := range keys {
			page, err := f.FindRecords(ctx, RecordQuery{Statuses: statuses, Company: key.Company, Order: key.Order})
			if err != nil {
				return nil, fmt.Errorf("broker run: find the records of %s: %w", key, err)
			}
			all = append(all, page.Records...)
		}
	} else {
		var err error
		if all, err = store.ListByStatus(ctx, statuses...); err != nil {
			return nil, fmt.Errorf("broker run: list the records of %d order(s): %w", len(keys), err)
		}
	}
	var out []Record
	for _, rec := range all {
		if keys[rec.Key] && keep(rec) {
			out = append(out, rec)
		}
	}
	sortRecords(out)
	return out, nil
}

// withOrderSiblings adds to recs (a leased batch's records in statuses)
// the other records of their orders in those statuses for which keep
// holds, so that an order's lines go out together. Outside a leased batch
// recs already holds them all.
func (r *Runner) withOrderSiblings(ctx context.Context, recs []Record, keep func(Record) bool, statuses ...Status) ([]Record, error) {
	if _, ok := r.Store.(*leasedRecords); !ok {
		return recs, nil
	}
	keys := map[OrderKey]bool{}
	have := map[uuid.UUID]bool{}
	for _, rec := range recs {
		have[rec.ID] = true
		if keep(rec) {
			keys[rec.Key] = true
		}
	}
	more, err := r.orderRecords(ctx, keys, keep, statuses...)
	if err != nil {
		return recs, err
	}
	for _, rec := range more {
		if !have[rec.ID] {
			recs = append(recs, rec)
		}
	}
	sortRecords(recs)
	return recs, nil
}

// cancelWholePickupOrders: a store pickup order can only be canceled whole
// (BRK-295). For each order with a store pickup record in Y, every other
// open record of the order is canceled with it (F4.13, with the reason
// entered) and joins the cancel the run sends (BRK-296). It returns
// pending with those records added.
func (r *Runner) cancelWholePickupOrders(ctx context.Context, st *runState, pending []Record) []Record {
	first := map[OrderKey]Record{}
	keys := map[OrderKey]bool{}
	have := map[uuid.UUID]bool{}
	for _, rec := range pending {
		have[rec.ID] = true
		if rec.Flow != StorePickup.Name {
			continue
		}
		if _, ok := first[rec.Key]; !ok {
			first[rec.Key] = rec
		}
		keys[rec.Key] = true
	}
	isPickup := func(rec Record) bool { return rec.Flow == StorePickup.Name && !have[rec.ID] }
	open, err := r.orderRecords(ctx, keys, isPickup, f4Open...)
	if err != nil {
		for _, y := range first {
			st.fail(y, "cancel the whole store pickup order", err)
		}
		return pending
	}
	for _, rec := range open {
		y := first[rec.Key]
		res, err := r.apply(ctx, st, rec, Event{Kind: EventRequestCanceled, Source: SourceOMS, At: r.now(), LineCanceled: y.LineCanceled,
			CancelReasonCode: y.CancelReasonCode, CancelReasonText: y.CancelReasonText})
		switch {
		case errors.Is(err, ErrInvalidTransition): // it moved on meanwhile
		case err != nil:
			st.fail(rec, "cancel with the whole store pickup order", err)
		case res.Record.Status == StatusPendingCancel:
			pending = append(pending, res.Record)
		}
	}
	sortRecords(pending)
	return pending
}

// pickupOrderRejectedBefore: before a store pickup record takes the
// store's rejection (F4.10), the run checks whether another record of the
// order is already unfulfillable: the order was canceled whole then (a run
// that died between the rejected line and the others), and the
// whole-order effects of the rejection are not written again (BRK-280).
func (r *Runner) pickupOrderRejectedBefore(ctx context.Context, st *runState, rec Record, ev Event) error {
	if rec.Flow != StorePickup.Name || ev.Kind != EventUnfulfillable {
		return nil
	}
	return r.pickupOrderCanceledBefore(ctx, st, rec, ev, StatusUnfulfillable)
}

// pickupOrderCanceledBefore marks the whole-order effects of ev on rec as
// written in this run when another store pickup record of rec's order is
// in status already: it took the same event in an earlier run, which
// wrote them (F4.04 in E, F4.10 in U), and the run died before it moved
// rec (BRK-280, BRK-284).
func (r *Runner) pickupOrderCanceledBefore(ctx context.Context, st *runState, rec Record, ev Event, status Status) error {
	done, err := r.orderRecords(ctx, map[OrderKey]bool{rec.Key: true}, func(o Record) bool { return o.Flow == StorePickup.Name && o.ID != rec.ID },
		status)
	if err != nil || len(done) == 0 {
		return err
	}
	res, err := r.Engine.Apply(&StorePickup, rec, ev)
	if err != nil {
		return nil // the apply proper reports it
	}
	_, keys := orderEffects{}.filter(res.Effects)
	st.orderEffects().mark(keys)
	return nil
}
