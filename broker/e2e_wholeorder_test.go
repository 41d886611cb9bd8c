package broker_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokertest"
)

// Whole orders end to end: several lines under one request ID, each line
// in its own status, through a real HTTP transport and the simulator.

// inquiryLog wraps a Transport and records the request IDs of every status
// (list) request sent.
type inquiryLog struct {
	broker.Transport
	mu  sync.Mutex
	ids []string
}

func (l *inquiryLog) StatusRequest(ctx context.Context, req broker.StatusRequest) (broker.StatusResponse, error) {
	l.mu.Lock()
	l.ids = append(l.ids, req.RequestID)
	l.mu.Unlock()
	return l.Transport.StatusRequest(ctx, req)
}

func (l *inquiryLog) StatusListRequest(ctx context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	l.mu.Lock()
	l.ids = append(l.ids, req.RequestIDs...)
	l.mu.Unlock()
	return l.Transport.StatusListRequest(ctx, req)
}

// take returns the request IDs inquired on since the last call.
func (l *inquiryLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.ids
	l.ids = nil
	return out
}

// BRK-069 (the K10 interval is per order), with the seed's billing example
// (order-broker.md §2.8, BRK-090): three lines under one request ID (L56),
// two accepted and one still acknowledged, all then fulfilled. While the
// order is open every run inquires on the request once and reports no
// error; fulfilled, the lines bill as two invoices, one per previous status.
func TestE2E_BRK069_MixedStatusesOneInquiryPerRequest(t *testing.T) {
	s := e2eSettings()
	s.SplitOrder = true
	e := newE2E(t, s, brokertest.Config{}, 1, 2, 3)
	log := &inquiryLog{Transport: e.client}
	e.runner.Transport = log

	rep := e.run()
	require.Empty(t, rep.Errors)
	id := e.requestID(1)
	for _, seq := range []int{1, 2, 3} {
		require.Equal(t, broker.StatusAcknowledged, e.rec(seq).Status, "line %d", seq)
		require.Equal(t, id, e.rec(seq).RequestID, "line %d", seq)
	}
	log.take()

	// Lines 1 and 2 accepted, line 3 still new_order: the records are in A and K.
	for _, seq := range []int{1, 2} {
		require.NoError(t, e.sim.AdvanceLine(id, seq, brokertest.LineChange{Status: broker.OBAccepted}))
	}
	e.later()
	rep = e.run()
	assert.Empty(t, rep.Errors, "BRK-069: a healthy order of mixed statuses reports no run error")
	assert.Equal(t, []string{id}, log.take(), "BRK-069: one inquiry per request ID per run")
	assert.Equal(t, broker.StatusAccepted, e.rec(1).Status)
	assert.Equal(t, broker.StatusAccepted, e.rec(2).Status)
	assert.Equal(t, broker.StatusAcknowledged, e.rec(3).Status)

	// The next run finds the order in two status groups (K and A): still one
	// inquiry and no error.
	e.later()
	rep = e.run()
	assert.Empty(t, rep.Errors, "BRK-069: lines of one request in K and A report no run error")
	assert.Equal(t, []string{id}, log.take(), "BRK-069: records of one request in K and A are inquired on together, once")

	// Before K10 has passed since that inquiry nothing is asked (BRK-069).
	rep = e.run()
	assert.Empty(t, rep.Errors)
	assert.Empty(t, log.take(), "BRK-069: the interval runs per order")

	// All fulfilled: two invoices, one per previous status (BRK-090).
	require.NoError(t, e.sim.Ship(id, "", ""))
	e.later()
	rep = e.run()
	require.Empty(t, rep.Errors)
	assert.Equal(t, []string{id}, log.take(), "BRK-069: one inquiry per request ID per run")
	for _, seq := range []int{1, 2, 3} {
		assert.Equal(t, broker.StatusCompleted, e.rec(seq).Status, "line %d", seq)
	}
	require.Len(t, rep.Billing, 2, "BRK-090: two lines accepted and one acknowledged give two invoices")
	prev := map[broker.Status]int{}
	for _, h := range rep.Billing {
		prev[h.PreviousStatus] = len(h.Lines)
	}
	assert.Equal(t, map[broker.Status]int{broker.StatusAccepted: 2, broker.StatusAcknowledged: 1}, prev, "BRK-090")
}
