package broker_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// End-to-end tests of flow F2 (ship-for-pickup, order-broker.md
// §2.13-§2.17, table §4.2): the host only creates the record at pick slip
// (F2.01) and tells its events (Runner.Apply); the BROKER run submits the
// pick slip, sends the status updates (picked, intransit), resends and
// inquires, over HTTP (brokerhttp) to the Order Broker simulator; the
// records live in the memory store. Each test names the F2 rows and BRK IDs
// it asserts.

func f2E2ESettings() broker.Settings {
	s := e2eSettings()
	// K91 and K92 set: the intransit update is sent.
	s.Flows = broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", ShipForPickupErrorHold: "SF",
		SpecialOrderType: "SO", PickInCancelReason: "PI"}
	return s
}

func newF2E2E(t *testing.T, seqs ...int) *e2e {
	t.Helper()
	e := newE2E(t, f2E2ESettings(), brokertest.Config{Locations: []broker.Location{{Location: "317", System: "STC"}}})
	o := e2eOrder(seqs...)
	o.ShipForPickup, o.PickupStore = true, "317"
	e.store.PutOrder(o)
	e.runner.Flows = map[string]*broker.Flow{"F2": &broker.ShipForPickup}
	return e
}

// applyF2 applies ev to the record of seq (or creates it, F2.01) in a
// store update and returns the result.
func (e *e2e) applyF2(seq int, ev broker.Event) broker.Result {
	e.t.Helper()
	id, ok := e.ids[seq]
	if !ok {
		res, err := e.runner.Engine.Apply(&broker.ShipForPickup, broker.Record{ID: uuid.New(), Flow: "F2", Key: e2eKey, LineSeq: seq, LineNo: seq}, ev)
		require.NoError(e.t, err)
		require.NoError(e.t, e.store.Put(context.Background(), res.Record))
		e.ids[seq] = res.Record.ID
		return res
	}
	var res broker.Result
	err := e.store.Update(context.Background(), id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		var err error
		res, err = e.runner.Engine.Apply(&broker.ShipForPickup, cur, ev)
		if err != nil {
			return cur, nil, err
		}
		return res.Record, res.Effects, nil
	})
	require.NoError(e.t, err)
	return res
}

func hasText(res broker.Result, text string) bool {
	for _, ef := range res.Effects {
		if m, ok := ef.(broker.TransactionMessage); ok && m.Text == text {
			return true
		}
	}
	return false
}

// A ship-for-pickup line from pick slip to pickup: submitted at pick slip,
// picked, shipped (intransit update lost, then resent by the BROKER run),
// received by the store and picked up.
func TestE2EF2ShipForPickupWalk(t *testing.T) {
	e := newF2E2E(t, 1)

	// F2.01, BRK-122: the pick slip creates the record in I and asks for the submission.
	res := e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	assert.Equal(t, "F2.01", res.Row)
	assert.Equal(t, broker.StatusInProcess, e.rec(1).Status)
	assert.True(t, hasText(res, "Ln#: 1 Selected for Fulfillment"))
	var submitReq []broker.SubmitRequest
	for _, ef := range res.Effects {
		if s, ok := ef.(broker.SubmitRequest); ok {
			submitReq = append(submitReq, s)
		}
	}
	require.Len(t, submitReq, 1)
	assert.Equal(t, broker.TransactionTypeShipForPickup, submitReq[0].TransactionType)

	// F2.05, BRK-130: the run submits it; acknowledged: J, picked sent to OB, the pick slip prints.
	e.run()
	assert.Equal(t, broker.StatusPicking, e.rec(1).Status)
	var printed []bool
	for _, ef := range e.store.Effects(e.ids[1]) {
		if p, ok := ef.(broker.PickSlip); ok {
			printed = append(printed, p.Print)
		}
	}
	assert.Equal(t, []bool{true}, printed, "F2.05: the pick slip prints")
	id := e.rec(1).RequestID
	require.NotEmpty(t, id)
	so, ok := e.sim.Order(id)
	require.True(t, ok)
	assert.Equal(t, broker.OBPicked, so.Status(), "F2.05: picked sent by the run")
	assert.Equal(t, broker.TransactionTypeShipForPickup, e.sim.Submits()[0].TransactionType)

	// F2.06, BRK-151: shipment confirmed: T, intransit sent by the run (K91,
	// K92 set) - but OB does not answer: F2.07, BRK-317: H.
	res, err := e.runner.Apply(context.Background(), e.ids[1], broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: "UPS", TrackingNumber: "1Z9"})
	require.NoError(t, err)
	assert.Equal(t, "F2.06", res.Row)
	assert.True(t, hasText(res, "Ln#: 1 In Transit shipment"))
	assert.Equal(t, broker.OBIntransit, e.rec(1).Outbox.Update.Status, "F2.06: intransit waits for the run")
	e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError)
	e.run()
	assert.Equal(t, broker.StatusResendIntransit, e.rec(1).Status, "F2.07: unanswered intransit: H")
	so, _ = e.sim.Order(id)
	assert.Equal(t, broker.OBPicked, so.Status(), "the intransit update did not arrive")

	// F2.08, BRK-152: the BROKER run resends intransit; answered, the record is T again.
	e.run()
	assert.Equal(t, broker.StatusInTransit, e.rec(1).Status)
	so, _ = e.sim.Order(id)
	assert.Equal(t, broker.OBIntransit, so.Status())

	// F2.10, BRK-154: the daily inquiry finds the store received it: S.
	require.NoError(t, e.sim.Advance(id, broker.OBReceived))
	e.clock.Add(24 * time.Hour)
	e.run()
	assert.Equal(t, broker.StatusReceivedByStore, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Store Received")

	// F2.12, BRK-154: picked up: C.
	require.NoError(t, e.sim.Advance(id, broker.OBFulfilled))
	e.clock.Add(24 * time.Hour)
	e.run()
	assert.Equal(t, broker.StatusCompleted, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Shipped by Broker order")
}

// OB unreachable at pick slip: F2.03, BRK-127: the pick slip is not
// printed, "Submit Order Failed - OROB Unavailable" is written and the
// record dropped; nothing exists in OB. The same for every injected fault
// that leaves OMS without an answer: no answer, 5xx, garbage.
func TestE2EF2SubmitUnavailable(t *testing.T) {
	t.Parallel()
	for _, fault := range []brokertest.Fault{brokertest.FaultTimeout, brokertest.FaultServerError, brokertest.FaultGarbage} {
		t.Run(fault.String(), func(t *testing.T) {
			t.Parallel()
			e := newF2E2E(t, 1)
			e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
			e.sim.Inject(brokerhttp.MessageSubmitOrder, fault)
			rep := e.run()
			require.Len(t, rep.Errors, 1, "the failure is reported")
			var drops int
			var picks []broker.PickSlip
			var texts []string
			for _, ef := range e.store.Effects(e.ids[1]) {
				switch v := ef.(type) {
				case broker.DeleteRecord:
					drops++
				case broker.PickSlip:
					picks = append(picks, v)
				case broker.TransactionMessage:
					texts = append(texts, v.Text)
				}
			}
			assert.Equal(t, 1, drops, "F2.03: the record is dropped")
			assert.True(t, e.rec(1).Dropped, "F2.03: the record is dropped")
			require.Len(t, picks, 1)
			assert.False(t, picks[0].Print, "F2.03, BRK-127: the pick slip is not printed")
			assert.Contains(t, texts, "Submit Order Failed - OROB Unavailable")
			e.later()
			e.run()
			assert.Equal(t, 1, e.sim.Received(brokerhttp.MessageSubmitOrder), "F2.03: a dropped record is not submitted again; the next pick slip generation makes a new one")
			assert.Zero(t, e.sim.CreatedCount(e2eOrderID, 1))
		})
	}
}

// A special order's pick slip voided through the pick-in API with a
// reason: F2.13, BRK-137: Y; the BROKER run sends the cancel and OB's
// answer moves the record to Z (F2.14).
func TestE2EF2PickVoidCancelsThroughRunner(t *testing.T) {
	e := newF2E2E(t, 1)
	e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	e.run() // submitted, acknowledged, picked sent (F2.05)
	id := e.rec(1).RequestID

	ev := broker.PickSlipVoidEvent("SO", true, "", e.runner.Engine.Settings) // reason from L86
	require.Equal(t, broker.EventPickVoidedWithReason, ev.Kind)
	res := e.applyF2(1, ev)
	assert.Equal(t, "F2.13", res.Row)
	assert.Equal(t, broker.StatusPendingCancel, e.rec(1).Status)

	rep := e.run()
	assert.Equal(t, 1, rep.Canceled)
	assert.Equal(t, broker.StatusCanceled, e.rec(1).Status)
	assert.Contains(t, e.texts(1), "Ln#: 1 Cancel Acknowledged by Broker")
	so, _ := e.sim.Order(id)
	assert.Equal(t, broker.OBCanceled, so.Status())
	updates := e.sim.Updates()
	require.NotEmpty(t, updates)
	last := updates[len(updates)-1]
	assert.Equal(t, broker.OBCanceled, last.OrderStatus)
	reason := last.OrderReasonCode
	if len(last.Items) > 0 {
		reason = last.Items[0].ReasonCode
	}
	assert.Equal(t, "PI", reason, "the L86 reason goes with the cancel")
}
