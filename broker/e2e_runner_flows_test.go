package broker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// Issue 13 finding 6: broker.Runner drives every outbound message of every
// flow. Each test leaves a record where only the host's own event put it
// (pick slip printed, shipment confirmed, store pickup accepted, order
// held) and shows that a BROKER run alone sends what the flow asks for,
// over HTTP to the Order Broker simulator: no host loop, no copy of the
// pickup store onto the record.

// F2: the pick slip of a ship-for-pickup order creates its record in I
// (F2.01); the run submits it (SHIPFORPICKUP), applies the answer (F2.05),
// tells the host to print the pick slip, sends picked, and puts the
// customer's store on the record from the order (BRK-134).
func TestRunnerSubmitsShipForPickup_F205(t *testing.T) {
	e := newF2E2E(t, 1)
	ctrl := gomock.NewController(t)
	printer := broker.NewMockPickSlipPrinter(ctrl)
	printer.EXPECT().PrintPickSlip(gomock.Any(), e2eKey, []int{1}, true).Times(1) // F2.05, BRK-130: the pick slip prints
	e.runner.PickSlips = printer
	e.runner.Flows = nil // the F2 table is found by the record's flow name
	e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	require.Equal(t, broker.StatusInProcess, e.rec(1).Status)
	require.Empty(t, e.rec(1).PickupLocation, "the host did not copy the pickup store")

	rep := e.run()
	require.NoError(t, rep.Err())
	r := e.rec(1)
	assert.Equal(t, broker.StatusPicking, r.Status, "F2.05: OB acknowledged the ship-for-pickup order: F")
	require.NotEmpty(t, r.RequestID)
	assert.Equal(t, "317", r.PickupLocation, "BRK-134: the pickup location is the store the customer chose")
	subs := e.sim.Submits()
	require.Len(t, subs, 1)
	assert.Equal(t, broker.TransactionTypeShipForPickup, subs[0].TransactionType, "BRK-122: SHIPFORPICKUP")
	so, ok := e.sim.Order(r.RequestID)
	require.True(t, ok)
	assert.Equal(t, broker.OBPicked, so.Status(), "F2.05, BRK-130: the picked update went out with the same run")
	assert.True(t, r.Outbox.Empty(), "the outbox is empty once OB answered")

	// Nothing is sent twice: the next run neither resubmits nor re-sends picked.
	updates := len(e.sim.Updates())
	e.later()
	require.NoError(t, e.run().Err())
	assert.Len(t, e.sim.Submits(), 1, "F2.05: a J record is not submitted again")
	assert.Len(t, e.sim.Updates(), updates, "F2.05: picked is sent once")
}

// F2.06, F2.07, F2.08: the host confirms the shipment; the run sends
// intransit with the ship via and tracking number. Unanswered, the record
// goes to H; the next run resends intransit with the same agent and
// tracking number (BRK-152, BRK-226) and the record is T again.
func TestRunnerSendsIntransitAndResendsWithTracking_F206_F208(t *testing.T) {
	e := newF2E2E(t, 1)
	e.applyF2(1, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	require.NoError(t, e.run().Err())
	id := e.rec(1).RequestID

	_, err := e.runner.Apply(context.Background(), e.ids[1], broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS,
		ShippingAgent: "UPS", TrackingNumber: "1Z9"})
	require.NoError(t, err)
	require.Equal(t, broker.StatusInTransit, e.rec(1).Status)
	e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError)
	rep := e.run()
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, broker.StatusResendIntransit, e.rec(1).Status, "F2.07: the unanswered intransit update leaves the record in H")
	so, _ := e.sim.Order(id)
	assert.Equal(t, broker.OBPicked, so.Status())

	require.NoError(t, e.run().Err())
	assert.Equal(t, broker.StatusInTransit, e.rec(1).Status, "F2.08: the resend was answered: T")
	so, _ = e.sim.Order(id)
	assert.Equal(t, broker.OBIntransit, so.Status(), "BRK-152: BROKER_ORD resent intransit")
	ups := e.sim.Updates()
	last := ups[len(ups)-1]
	agent, track := last.ShippingAgent, last.TrackingNumber
	if len(last.Items) > 0 {
		agent, track = last.Items[0].ShippingAgent, last.Items[0].TrackingNumber
	}
	assert.Equal(t, "UPS", agent, "BRK-226: the resend carries the ship via of the shipment")
	assert.Equal(t, "1Z9", track, "BRK-226: the resend carries the tracking number")
	assert.True(t, e.rec(1).Outbox.Empty())
}

// F4: a store pickup order accepted while OB could not be reached waits in
// R; the run submits it (PICKUP, each line at the store the customer
// chose), one SubmitOrder for the order, and OB's answer acknowledges every
// line (F4.03, BRK-271). Without an answer the records stay in R (F4.02).
func TestRunnerSubmitsStorePickup_F403(t *testing.T) {
	e := newF4E2E(t, 1, 2)
	o := e2eOrder(1, 2)
	o.PickupStore, o.PickupSystem = "7", "STC"
	e.store.PutOrder(o)
	e.runner.Flows = nil
	for _, r := range f4NewRecords(1, 2) {
		r.Status = broker.StatusReady
		require.NoError(t, e.store.Put(context.Background(), r))
		e.ids[r.LineSeq] = r.ID
	}

	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultServerError)
	rep := e.run()
	assert.Len(t, rep.Errors, 2)
	assert.Equal(t, broker.StatusReady, e.rec(1).Status, "F4.02, BRK-271: no answer: the record waits in R")
	assert.Equal(t, broker.StatusReady, e.rec(2).Status, "F4.02, BRK-271: no answer: the record waits in R")

	e.later() // past the resend delay
	require.NoError(t, e.run().Err())
	for _, seq := range []int{1, 2} {
		r := e.rec(seq)
		assert.Equal(t, broker.StatusAcknowledged, r.Status, "F4.03: the next BROKER_ORD submission was answered OK: K")
		assert.True(t, r.PickupOrder)
		assert.Equal(t, "7", r.PickupLocation, "the store the customer chose")
	}
	subs := e.sim.Submits()
	require.Len(t, subs, 2)
	assert.Equal(t, broker.TransactionTypePickup, subs[1].TransactionType, "BRK-269: transaction_type_id PICKUP")
	require.Len(t, subs[1].Lines, 2, "one SubmitOrder for the whole store pickup order")
	for _, l := range subs[1].Lines {
		assert.Equal(t, broker.Location{Location: "7", System: "STC"}, l.Location, "BRK-260: each line at the store the customer chose")
	}
	assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 1), "one order at OB")
}

// F3: the received delivery order's pick slip prints (F3.10) and it ships
// (F3.12): the run sends picked, then fulfilled with the ship via and
// tracking number (BRK-220, BRK-225, BRK-226); the host only tells the
// events.
func TestRunnerSendsReceivedOrderUpdates_F310_F312(t *testing.T) {
	e := newF3E2E(t, f3Settings())
	e.sim.EnqueueFulfillment(f3Fulfillment("6101"))
	e.poll()
	recs := e.host.store.Records()
	require.Len(t, recs, 1)
	require.True(t, recs[0].Outbox.Empty(), "BRK-213: the poll sent the accepted answer itself")
	id := recs[0].ID
	run := &broker.Runner{Transport: e.poller.Transport, Store: e.host.store, Orders: e.host.store,
		Engine: broker.Engine{Settings: f3Settings(), Now: e.poller.Now}}
	updatesBefore := len(e.sim.Updates())

	_, err := run.Apply(context.Background(), id, broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	require.NoError(t, err)
	rep, err := run.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	so, _ := e.sim.Order("6101")
	assert.Equal(t, broker.OBPicked, so.Status(), "F3.10, BRK-220: printing the pick slip sends picked")
	assert.Len(t, e.sim.Updates(), updatesBefore+1)

	_, err = run.Apply(context.Background(), id, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS,
		ShippingAgent: "UPS", TrackingNumber: "1Z7"})
	require.NoError(t, err)
	rep, err = run.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	so, _ = e.sim.Order("6101")
	assert.Equal(t, broker.OBFulfilled, so.Status(), "F3.12, BRK-225: the delivery shipped: fulfilled")
	assert.Equal(t, "UPS", so.Lines[0].ShippingAgent, "BRK-226: the ship via goes with the update")
	assert.Equal(t, "1Z7", so.Lines[0].TrackingNumber, "BRK-226: the tracking number goes with the update")
	r, err := e.host.store.Record(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, broker.StatusCompleted, r.Status)
	assert.True(t, r.Outbox.Empty())
}

// F3.20, BRK-233: a received order canceled in order maintenance is
// rejected back to OB only when OB does not already show it canceled.
func TestRunnerRejectUnlessCanceled_F320(t *testing.T) {
	for _, canceledInOB := range []bool{false, true} {
		t.Run(map[bool]string{false: "open in OB", true: "canceled in OB"}[canceledInOB], func(t *testing.T) {
			e := newF3E2E(t, f3Settings())
			e.sim.EnqueueFulfillment(f3Fulfillment("6201"))
			e.poll()
			id := e.host.store.Records()[0].ID
			run := &broker.Runner{Transport: e.poller.Transport, Store: e.host.store, Orders: e.host.store,
				Engine: broker.Engine{Settings: f3Settings(), Now: e.poller.Now}}
			if canceledInOB {
				require.NoError(t, e.sim.Advance("6201", broker.OBCanceled))
			}
			updatesBefore := len(e.sim.Updates())
			_, err := run.Apply(context.Background(), id, broker.Event{Kind: broker.EventRequestCanceled, Source: broker.SourceOMS,
				CancelReasonCode: "CR", CancelReasonText: "CUSTOMER REQUEST"})
			require.NoError(t, err)
			rep, err := run.Run(context.Background())
			require.NoError(t, err)
			require.NoError(t, rep.Err())
			so, _ := e.sim.Order("6201")
			if canceledInOB {
				assert.Len(t, e.sim.Updates(), updatesBefore, "BRK-233: OB already shows canceled: no status update")
				assert.Equal(t, broker.OBCanceled, so.Status())
			} else {
				require.Len(t, e.sim.Updates(), updatesBefore+1)
				assert.Equal(t, broker.OBRejected, so.Status(), "BRK-233: the rejected update reached OB")
				last := e.sim.Updates()[updatesBefore]
				reason := last.OrderReasonCode
				if len(last.Items) > 0 {
					reason = last.Items[0].ReasonCode
				}
				assert.Equal(t, "CR", reason, "BRK-239: the entered reason goes with the rejection")
			}
			r, err := e.host.store.Record(context.Background(), id)
			require.NoError(t, err)
			assert.True(t, r.Outbox.Empty(), "sent or not needed: nothing waits")
		})
	}
}

// F1.24, BRK-098, BRK-415: the order is held after its submission; the run
// sends the Under Review order update over HTTP, and Order Broker (the
// simulator, through brokerhttp's own validation) takes it.
func TestRunnerSendsUnderReviewOverHTTP_F124(t *testing.T) {
	s := e2eSettings()
	s.SendHeldOrders = true // M18
	e := newE2E(t, s, brokertest.Config{}, 4)
	require.NoError(t, e.run().Err())
	require.Equal(t, broker.StatusAcknowledged, e.rec(4).Status)
	_, err := e.runner.Apply(context.Background(), e.ids[4], broker.Event{Kind: broker.EventHoldChanged, Source: broker.SourceOMS, Held: true})
	require.NoError(t, err)
	require.NoError(t, e.run().Err(), "the order update passes the transport's validation")
	ups := e.sim.Updates()
	require.Len(t, ups, 1)
	require.NotNil(t, ups[0].UnderReview)
	assert.True(t, *ups[0].UnderReview, "F1.24: held: Under Review Y sent by the BROKER run")
	assert.Equal(t, e.rec(4).RequestID, ups[0].RequestID)
	assert.Equal(t, broker.StatusAcknowledged, e.rec(4).Status, "F1.24: the record status is unchanged")
	assert.True(t, e.rec(4).Outbox.Empty())
}
