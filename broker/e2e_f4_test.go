package broker_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// End-to-end tests of flow F4 (store pickup, order-broker.md §2.30-§2.34,
// table §4.4): the host leaves the accepted order's records in R; the
// BROKER run sends the store pickup SubmitOrder (BROKER_ORD, F4.03) and the
// status inquiries over HTTP (brokerhttp) to the Order Broker simulator;
// the records live in the memory store. Each test names the F4 rows and
// BRK IDs it asserts.

func f4E2ESettings() broker.Settings {
	s := e2eSettings()
	s.Flows = broker.FlowSettings{RejectedStorePickupCancelReason: "G1", StorePickupOrderType: "SP"}
	return s
}

// newF4E2E is newE2E without records, with the F4 table for the run.
func newF4E2E(t *testing.T, seqs ...int) *e2e {
	t.Helper()
	e := newE2E(t, f4E2ESettings(), brokertest.Config{Locations: []broker.Location{{Location: "7", System: "STC"}}})
	o := e2eOrder(seqs...)
	o.PickupStore, o.PickupSystem = "7", "STC"
	e.store.PutOrder(o)
	return e
}

// acceptF4 leaves the records of an accepted store pickup order in R for
// the BROKER run (BRK-271) and returns the run's report: the run submits
// them (F4.03, F4.04) as BROKER_ORD does.
func (e *e2e) acceptF4(recs []broker.Record) *broker.Report {
	e.t.Helper()
	for _, r := range recs {
		r.Status = broker.StatusReady
		require.NoError(e.t, e.store.Put(context.Background(), r))
		e.ids[r.LineSeq] = r.ID
	}
	return e.run()
}

// applyIn applies a user event through the engine with flow f in a store
// update, as a host's order maintenance would.
func (e *e2e) applyIn(f *broker.Flow, seq int, ev broker.Event) {
	e.t.Helper()
	err := e.store.Update(context.Background(), e.ids[seq], func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		res, err := e.runner.Engine.Apply(f, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		return res.Record, res.Effects, nil
	})
	require.NoError(e.t, err)
}

func f4NewRecords(seqs ...int) []broker.Record {
	out := make([]broker.Record, len(seqs))
	for i, seq := range seqs {
		out[i] = broker.Record{ID: uuid.New(), Flow: "F4", Key: e2eKey, LineSeq: seq, LineNo: seq}
	}
	return out
}

// Submitted, the store pickup order walks polled, verified and processed
// (no change), accepted and fulfilled, inquired on by the BROKER run.
func TestE2EF4StorePickupWalk(t *testing.T) {
	e := newF4E2E(t, 1)
	require.NoError(t, e.acceptF4(f4NewRecords(1)).Err())
	// F4.03, BRK-269, BRK-271: submitted by the run and acknowledged (K), with the request ID and the store.
	rec := e.rec(1)
	assert.Equal(t, broker.StatusAcknowledged, rec.Status)
	assert.True(t, rec.PickupOrder)
	assert.Equal(t, "7", rec.FulfillingLocation)
	assert.Contains(t, e.texts(1), "Submit Order Succeeded")
	id := rec.RequestID
	require.NotEmpty(t, id)
	sub := e.sim.Submits()
	require.Len(t, sub, 1)
	assert.Equal(t, broker.TransactionTypePickup, sub[0].TransactionType)

	// F4.05, BRK-278: polled.
	require.NoError(t, e.sim.Advance(id, broker.OBPolled))
	e.later()
	e.run()
	assert.Equal(t, broker.StatusPolled, e.rec(1).Status)

	// F4.12, BRK-282: verified, then processed, change nothing on the record.
	for _, st := range []broker.OBStatus{broker.OBVerified, broker.OBProcessed} {
		before := e.rec(1)
		require.NoError(t, e.sim.Advance(id, st))
		e.later()
		rep := e.run()
		assert.Empty(t, rep.Errors, "%v", rep.Err())
		after := e.rec(1)
		assert.Equal(t, broker.StatusPolled, after.Status, st)
		assert.Equal(t, before.LastOBStatus, after.LastOBStatus, st)
	}

	// F4.06, BRK-278: accepted, "Accepted by Broker".
	require.NoError(t, e.sim.Advance(id, broker.OBAccepted))
	e.later()
	e.run()
	assert.Equal(t, broker.StatusAccepted, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Accepted by Broker")

	// F4.09, BRK-279: fulfilled: billed, "Shipped by Broker".
	require.NoError(t, e.sim.Advance(id, broker.OBFulfilled))
	e.later()
	rep := e.run()
	assert.Equal(t, broker.StatusCompleted, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Shipped by Broker")
	require.NotEmpty(t, rep.Billing)
}

// OB unreachable at submission: the record waits in R (F4.02); the next
// submission is acknowledged (F4.03, BRK-271).
func TestE2EF4SubmitUnavailableThenAcknowledged(t *testing.T) {
	e := newF4E2E(t, 1)
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultServerError)
	rep := e.acceptF4(f4NewRecords(1))
	require.Len(t, rep.Errors, 1)
	assert.ErrorIs(t, rep.Errors[0], broker.ErrUnavailable)
	assert.Equal(t, broker.StatusReady, e.rec(1).Status, "F4.02, BRK-271: no answer: the record waits in R")
	assert.Zero(t, e.sim.CreatedCount(e2eOrderID, 1))

	e.later() // past the resend delay
	require.NoError(t, e.run().Err())
	assert.Equal(t, broker.StatusAcknowledged, e.rec(1).Status, "F4.03: the next run's submission is acknowledged")
	assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 1))
}

// OB refuses the submission: error, the order canceled with G11 (F4.04,
// BRK-284).
func TestE2EF4SubmitRejected(t *testing.T) {
	e := newF4E2E(t, 1)
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultRejected)
	e.acceptF4(f4NewRecords(1))
	assert.Equal(t, broker.StatusError, e.rec(1).Status, "F4.04: OB refused: E")
	cancels := effectsOf[broker.OrderCancel](e, 1)
	require.Len(t, cancels, 1)
	assert.True(t, cancels[0].WholeOrder, "F4.04, BRK-284: the whole order is canceled")
	assert.Equal(t, "G1", cancels[0].Reason, "F4.04, BRK-284: with G11")
}

// The customer cancels the accepted pickup order: Y, the BROKER run sends
// the cancel at once and OB's answer moves the record to Z (F4.13, F4.14,
// BRK-296).
func TestE2EF4CancelThroughRunner(t *testing.T) {
	e := newF4E2E(t, 1)
	e.acceptF4(f4NewRecords(1))
	id := e.rec(1).RequestID
	require.NoError(t, e.sim.Advance(id, broker.OBAccepted))
	e.later()
	e.run()
	require.Equal(t, broker.StatusAccepted, e.rec(1).Status)

	e.applyIn(&broker.StorePickup, 1, broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, CancelReasonCode: "CR", CancelReasonText: "CUSTOMER REQUEST"})
	assert.Equal(t, broker.StatusPendingCancel, e.rec(1).Status)
	rep := e.run()
	assert.Equal(t, 1, rep.Canceled)
	assert.Equal(t, broker.StatusCanceled, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Cancel Acknowledged by Broker")
	so, ok := e.sim.Order(id)
	require.True(t, ok)
	assert.Equal(t, broker.OBCanceled, so.Status())
}

// Every injected fault at the run's store pickup submission, over HTTP: no
// answer (timeout, 5xx, garbage, an answer that comes after the client
// gave up) leaves the records in R (F4.02, BRK-271); past the resend delay
// the run submits them again and they are acknowledged (F4.03). When OB
// did create the order behind a late answer, its duplicate check answers
// the resubmission with 2040, which acknowledges too: one order at OB.
func TestE2EF4EachSubmitFault(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		fault   brokertest.Fault
		created int // orders OB holds after the faulty submission
	}{
		{"timeout", brokertest.FaultTimeout, 0},
		{"5xx", brokertest.FaultServerError, 0},
		{"garbage XML", brokertest.FaultGarbage, 0},
		{"late response", brokertest.FaultLate, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newF4E2E(t, 1)
			e.sim.Inject(brokerhttp.MessageSubmitOrder, c.fault)
			rep := e.acceptF4(f4NewRecords(1))
			require.Len(t, rep.Errors, 1, "the failure is reported")
			assert.Equal(t, broker.StatusReady, e.rec(1).Status, "F4.02, BRK-271: no answer: the record waits in R")
			assert.Equal(t, c.created, e.sim.CreatedCount(e2eOrderID, 1))

			e.later() // past the resend delay
			require.NoError(t, e.run().Err())
			assert.Equal(t, broker.StatusAcknowledged, e.rec(1).Status, "F4.03 (or 2040 for the late one, BRK-063): K")
			assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 1), "one order at OB")
		})
	}
}

// A store pickup order through leased runs of one record a batch, with the
// run reading the order's other records through the memory store's
// FindRecords: one SubmitOrder for the order (BRK-270), then a cancel of
// one record cancels the order whole with one StatusUpdate (BRK-295,
// F4.13, F4.14).
func TestE2EF4LeasedBatchesKeepTheOrderWhole(t *testing.T) {
	e := newF4E2E(t, 1, 2, 3)
	e.store.SetLeaseClock(e.clock.Now)
	e.runner.Leasing = &broker.Leasing{Store: e.store, Owner: "w1", Batch: 1}
	require.NoError(t, e.acceptF4(f4NewRecords(1, 2, 3)).Err())
	subs := e.sim.Submits()
	require.Len(t, subs, 1, "BRK-270: one SubmitOrder for the order")
	assert.Len(t, subs[0].Lines, 3, "BRK-270: every line of the order in it")
	for _, seq := range []int{1, 2, 3} {
		assert.Equal(t, broker.StatusAcknowledged, e.rec(seq).Status, "F4.03")
		assert.Equal(t, e.rec(1).RequestID, e.rec(seq).RequestID, "BRK-270: a single request ID")
	}

	e.applyIn(&broker.StorePickup, 2, broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS, CancelReasonCode: "CR"})
	e.later()
	require.NoError(t, e.run().Err())
	for _, seq := range []int{1, 2, 3} {
		assert.Equal(t, broker.StatusCanceled, e.rec(seq).Status, "F4.13, F4.14: the order is canceled whole (BRK-295)")
	}
	cancels := 0
	for _, u := range e.sim.Updates() {
		if u.OrderStatus == broker.OBCanceled || len(u.Items) > 0 {
			cancels++
		}
	}
	assert.Equal(t, 1, cancels, "BRK-296: one cancel for the order")
}
