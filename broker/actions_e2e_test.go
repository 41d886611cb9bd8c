package broker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// Runner.Cancel is the user's cancel of an OB request (BRK-110, BRK-320):
// R closes (F1.03), K goes to Y (F1.20) and the next run sends the cancel;
// W and final statuses are refused and nothing is written.
func TestRunnerCancel(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 1, 2, 3)
	ctx := context.Background()
	reason := broker.UserCancel{ReasonCode: "1", ReasonText: "CUSTOMER REQUEST"}

	res, err := e.runner.Cancel(ctx, e.ids[1], reason)
	require.NoError(t, err)
	assert.Equal(t, "F1.03", res.Row)
	assert.Equal(t, broker.StatusClosed, e.rec(1).Status) // F1.03: still R, never sent

	e.run()
	require.Equal(t, broker.StatusAcknowledged, e.rec(2).Status)
	w := e.rec(3)
	w.Status, w.RequestID = broker.StatusWaiting, "" // sent, no answer yet
	require.NoError(t, e.store.Put(ctx, w))

	res, err = e.runner.Cancel(ctx, e.ids[2], reason)
	require.NoError(t, err)
	assert.Equal(t, "F1.20", res.Row)
	r := e.rec(2)
	assert.Equal(t, broker.StatusPendingCancel, r.Status) // BRK-320: Y, Pending Cancel
	assert.Equal(t, "CUSTOMER REQUEST", r.CancelReasonText)
	assert.False(t, r.LineCanceled, "the screen cancels the request only")

	before := e.rec(3)
	_, err = e.runner.Cancel(ctx, e.ids[3], reason)
	var te *broker.TransitionError
	require.ErrorAs(t, err, &te) // F1.20: W has no request ID to cancel yet
	assert.ErrorIs(t, err, broker.ErrInvalidTransition)
	assert.Equal(t, before, e.rec(3), "a refused cancel writes nothing")

	rep := e.run()
	assert.Equal(t, 1, rep.Canceled)
	assert.Equal(t, broker.StatusCanceled, e.rec(2).Status) // BRK-110: OB confirmed

	_, err = e.runner.Cancel(ctx, e.ids[2], reason)
	assert.ErrorIs(t, err, broker.ErrInvalidTransition, "Z is final")
}

// Runner.Resend sends now what a W, G or H record waits on: the
// SubmitOrder of a W record without a request ID (OB answers 2040 when the
// first arrived, BRK-063), the update of a G or H record (BRK-317); other
// statuses are refused.
func TestRunnerResend(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 4)
	e.runner.Flows = map[string]*broker.Flow{"F1": &broker.BrokeredBackorder, "F2": &broker.ShipForPickup, "F3": &broker.ReceivedFromBroker}
	rec := &recorder{}
	e.runner.Observer = rec
	ctx := context.Background()
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultLate) // OB created it; the answer was lost
	e.run()
	require.Equal(t, broker.StatusWaiting, e.rec(4).Status)
	rec.take()

	rep, err := e.runner.Resend(ctx, e.rec(4))
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Submitted)
	assert.Equal(t, broker.StatusAcknowledged, e.rec(4).Status) // BRK-063: 2040 moves it to K
	assert.Equal(t, 1, e.sim.CreatedCount(e2eOrderID, 4), "OB holds the line once")
	_, calls := rec.take()
	assert.Equal(t, []string{"SubmitOrder refused resend"}, outcomes(calls))

	_, err = e.runner.Resend(ctx, e.rec(4))
	assert.ErrorIs(t, err, broker.ErrInvalidTransition, "K waits on nothing to resend")

	r := e.rec(4)
	r.Flow, r.Status = "F3", broker.StatusResendFulfilled
	require.NoError(t, e.store.Put(ctx, r))
	rep, err = e.runner.Resend(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Transitions)
	assert.Equal(t, broker.StatusCompleted, e.rec(4).Status) // BRK-317: G resent, OB answered (F3.14)
	ups := e.sim.Updates()
	require.Len(t, ups, 1)
	assert.Equal(t, broker.OBFulfilled, ups[0].OrderStatus)
	_, calls = rec.take()
	assert.Equal(t, []string{"StatusUpdate ok resend"}, outcomes(calls))

	r = e.rec(4)
	r.Flow, r.Status = "F2", broker.StatusResendIntransit
	require.NoError(t, e.store.Put(ctx, r))
	e.sim.Inject(brokerhttp.MessageStatusUpdate, brokertest.FaultServerError)
	_, err = e.runner.Resend(ctx, r)
	assert.ErrorIs(t, err, broker.ErrUnavailable)
	assert.Equal(t, broker.StatusResendIntransit, e.rec(4).Status) // BRK-317: no answer, stays H
}
