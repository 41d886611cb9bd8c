package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReceivedBatchChange(t *testing.T) {
	// BRK-218: in error (N): changes allowed in batch order entry, but no line added.
	assert.NoError(t, CheckReceivedBatchChange(StatusNew, MaintainChangeLine, false))
	assert.ErrorIs(t, CheckReceivedBatchChange(StatusNew, MaintainAddLine, true), ErrReceivedOrderLimit)
	// BRK-218: once held or open, the BRK-243 limits apply.
	assert.ErrorIs(t, CheckReceivedBatchChange(StatusInProcess, MaintainChangeLine, true), ErrReceivedOrderLimit)
	assert.ErrorIs(t, CheckReceivedBatchChange(StatusInProcess, MaintainHeader, false), ErrReceivedOrderLimit)
}

func TestF3StatusListEchoes(t *testing.T) {
	s := f3Settings()
	r := f3Rec(StatusInTransit, true)
	r.LastOBStatus = "intransit"
	// F3.x1, an added row (not in order-broker.md §4.3). The seed (002
	// L1347): "The BROKER process includes shipped retail pickup orders in
	// order status inquiry list requests just once a day. The Order Broker
	// record might be put in any of the following statuses: Received [...]
	// Completed [...] Partially fulfilled". OB still at the intransit OMS
	// sent is none of them: nothing changes.
	res := applyFlow(t, &ReceivedFromBroker, s, r, Event{Kind: EventIntransit, OBStatus: "intransit"})
	assert.True(t, res.NoOp, "F3.x1: an echo of intransit changes nothing")
	assert.Equal(t, r, res.Record, "F3.x1")
	// F3.22: a status list saying canceled holds the order with L02.
	ev, err := ItemEvent(r, ItemStatus{Status: "canceled"}, "", s, SourceStatusList, "r1")
	require.NoError(t, err)
	res = applyFlow(t, &ReceivedFromBroker, s, r, ev)
	assert.Equal(t, StatusInTransit, res.Record.Status)
	assert.Equal(t, []string{"Order held - line[s] canceled in OROB"}, textsOf(res.Effects))
}
