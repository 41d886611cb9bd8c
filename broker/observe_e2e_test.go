package broker_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu       sync.Mutex
	started  int
	finished []*broker.Report
	moves    []broker.Move
	calls    []broker.Call
	ctxSeen  []bool // whether each call saw the context RunStarted returned
}

type runMark struct{}

func (r *recorder) RunStarted(ctx context.Context, _ broker.RunInfo) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started++
	return context.WithValue(ctx, runMark{}, true)
}

func (r *recorder) RunFinished(_ context.Context, info broker.RunInfo, rep *broker.Report, _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !info.Finished.Before(info.Started) {
		r.finished = append(r.finished, rep)
	}
}

func (r *recorder) RecordMoved(_ context.Context, m broker.Move) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.moves = append(r.moves, m)
}

func (r *recorder) MessageSent(ctx context.Context, c broker.Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
	r.ctxSeen = append(r.ctxSeen, ctx.Value(runMark{}) == true)
}

func (r *recorder) take() ([]broker.Move, []broker.Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, c := r.moves, r.calls
	r.moves, r.calls = nil, nil
	return m, c
}

func rows(moves []broker.Move) []string {
	var out []string
	for _, m := range moves {
		out = append(out, m.Row+" "+string(rune(m.From))+">"+string(rune(m.To)))
	}
	return out
}

func outcomes(calls []broker.Call) []string {
	var out []string
	for _, c := range calls {
		s := c.Message + " " + c.Outcome()
		if c.Resend {
			s += " resend"
		}
		out = append(out, s)
	}
	return out
}

// TestRunnerObserver: one Observer sees every run, every message with its
// outcome and every record moved, with its flow row, through faults and a
// resend.
func TestRunnerObserver(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 1, 2)
	obs := &recorder{}
	e.runner.Observer = obs
	e.runner.ResendWaitingAfter = 10 * time.Minute
	e.sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultServerError)

	e.run()
	moves, calls := obs.take()
	assert.Equal(t, []string{"F1.02 R>W", "F1.02 R>W", "F1.04 W>K"}, rows(moves), "line 1 got no answer and stays W")
	assert.Equal(t, []string{"SubmitOrder unavailable", "SubmitOrder ok"}, outcomes(calls))
	assert.Equal(t, []string{e2eOrderID}, []string{calls[0].OrderID})
	assert.Equal(t, []string{e.requestID(2)}, calls[1].RequestIDs, "a SubmitOrder call names the request id of its answer")
	assert.Equal(t, e.ids[2], moves[2].Record.ID)

	e.later()
	require.NoError(t, e.sim.Advance(e.requestID(2), broker.OBPolled))
	e.sim.Inject(brokerhttp.MessageStatusListRequest, brokertest.FaultGarbage)
	e.run()
	moves, calls = obs.take()
	assert.Equal(t, []string{"F1.04 W>K"}, rows(moves), "the resent line 1 is acknowledged; line 2's inquiry got garbage")
	assert.Equal(t, []string{"SubmitOrder ok resend", "StatusListRequest malformed"}, outcomes(calls))

	e.later()
	e.run()
	moves, calls = obs.take()
	assert.Equal(t, []string{"F1.09 K>P"}, rows(moves))
	assert.Equal(t, []string{"StatusListRequest ok"}, outcomes(calls))
	assert.ElementsMatch(t, []string{e.requestID(1), e.requestID(2)}, calls[0].RequestIDs)

	assert.Equal(t, 3, obs.started)
	require.Len(t, obs.finished, 3, "each run finished after it started")
	assert.Equal(t, 1, obs.finished[2].Transitions)
	for i, seen := range obs.ctxSeen {
		assert.True(t, seen, "call %d ran in the context RunStarted returned", i)
	}
}

// TestRunnerObserverLeased: a leased run is one run for the observer, however
// many batches it takes.
func TestRunnerObserverLeased(t *testing.T) {
	e := newE2E(t, e2eSettings(), brokertest.Config{}, 1, 2, 3)
	obs := &recorder{}
	e.runner.Observer = obs
	e.runner.Leasing = &broker.Leasing{Store: e.store, Owner: "w1", Batch: 1}
	e.run()
	moves, calls := obs.take()
	assert.Equal(t, 1, obs.started)
	assert.Len(t, obs.finished, 1)
	assert.Len(t, calls, 3)
	assert.Len(t, moves, 6, "R>W and W>K of each line")
}

func TestCallOutcome(t *testing.T) {
	cases := []struct {
		c    broker.Call
		want string
	}{
		{broker.Call{}, broker.OutcomeOK},
		{broker.Call{Refused: true}, broker.OutcomeRefused},
		{broker.Call{Err: &broker.RejectedError{Code: "1000"}}, broker.OutcomeRefused},
		{broker.Call{Err: broker.ErrMalformed}, broker.OutcomeMalformed},
		{broker.Call{Err: broker.ErrUnavailable}, broker.OutcomeUnavailable},
		{broker.Call{Err: context.DeadlineExceeded}, broker.OutcomeUnavailable},
		{broker.Call{Err: context.Canceled}, broker.OutcomeCanceled},
		{broker.Call{Err: assert.AnError}, broker.OutcomeError},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.c.Outcome(), "%v", c.c.Err)
	}
}
