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
	// F3.25: OB still at intransit: nothing changes.
	assert.True(t, applyFlow(t, &ReceivedFromBroker, s, r, Event{Kind: EventIntransit, OBStatus: "intransit"}).NoOp)
	// F3.22: a status list saying canceled holds the order with L02.
	ev, err := ItemEvent(r, ItemStatus{Status: "canceled"}, "", s, SourceStatusList, "r1")
	require.NoError(t, err)
	res := applyFlow(t, &ReceivedFromBroker, s, r, ev)
	assert.Equal(t, StatusInTransit, res.Record.Status)
	assert.Equal(t, []string{"Order held - line[s] canceled in OROB"}, textsOf(res.Effects))
}
