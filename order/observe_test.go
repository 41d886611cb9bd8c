package order_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

type intakeRecorder struct {
	mu      sync.Mutex
	started []string
	reports []order.IntakeReport
}

type intakeMark struct{}

func (r *intakeRecorder) IntakeStarted(ctx context.Context, num string) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started = append(r.started, num)
	return context.WithValue(ctx, intakeMark{}, num)
}

func (r *intakeRecorder) IntakeFinished(ctx context.Context, rep order.IntakeReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ctx.Value(intakeMark{}) == rep.OrderNumber {
		r.reports = append(r.reports, rep)
	}
}

// failingLookups makes the idempotency lookup fail: a dependency failure.
type failingLookups struct{ order.Store }

func (failingLookups) LookupIntake(context.Context, string) (order.Committed, bool, error) {
	return order.Committed{}, false, errors.New("database is down")
}

// TestIntakeObserver: every intake is reported once, with its outcome, in
// the context the observer returned, and without payment data.
func TestIntakeObserver(t *testing.T) {
	e := newEnv(t)
	obs := &intakeRecorder{}
	e.deps.Observer = obs
	bad := webOrder("OBS-ERR", 1)
	bad.ShipTos[0].Lines[0].ItemID = "NOSUCH"
	badMsg := webOrder("OBS-REJ", 1)
	badMsg.ResponseType = "X"
	cases := []struct {
		o    order.Order
		want order.IntakeOutcome
	}{
		{webOrder("OBS-OK", 1), order.IntakeAccepted},
		{webOrder("OBS-OK", 1), order.IntakeReplayed},
		{webOrder("OBS-OK", 2), order.IntakeRejected},
		{bad, order.IntakeInError},
		{badMsg, order.IntakeRejected},
	}
	for _, c := range cases {
		_, _ = e.intake(t, c.o)
	}
	failing := e.deps
	failing.Store = failingLookups{e.store}
	_, err := order.Intake(context.Background(), failing, order.Input{Order: webOrder("OBS-DOWN", 1)})
	require.Error(t, err)

	require.Len(t, obs.reports, len(cases)+1)
	for i, c := range cases {
		assert.Equal(t, c.want, obs.reports[i].Outcome, "intake %d (%s)", i, c.o.OrderNumber)
		assert.Equal(t, c.o.OrderNumber, obs.reports[i].OrderNumber)
	}
	down := obs.reports[len(cases)]
	assert.Equal(t, order.IntakeFailed, down.Outcome)
	assert.Equal(t, order.StepIdempotency, down.StoppedAt)
	assert.Equal(t, 1, obs.reports[3].Errors, "the edit error is counted")
	assert.Equal(t, []string{"OBS-OK", "OBS-OK", "OBS-OK", "OBS-ERR", "OBS-REJ", "OBS-DOWN"}, obs.started)
	for _, r := range obs.reports {
		assert.NotContains(t, r.OrderNumber+" "+string(r.StoppedAt)+" "+errString(r.Err), card)
		assert.Positive(t, r.Duration)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestIntakeOutcomeOf(t *testing.T) {
	assert.Equal(t, order.IntakeFailed, order.IntakeOutcomeOf(order.Result{}, errors.New("boom")))
	assert.Equal(t, order.IntakeRejected, order.IntakeOutcomeOf(order.Result{}, order.ErrRejected))
	assert.Equal(t, order.IntakeRejected, order.IntakeOutcomeOf(order.Result{}, order.ErrDuplicateOrder))
	assert.Equal(t, order.IntakeReplayed, order.IntakeOutcomeOf(order.Result{Replayed: true, EditRan: true}, nil))
	assert.Equal(t, order.IntakeBatched, order.IntakeOutcomeOf(order.Result{}, nil))
	assert.Equal(t, order.IntakeAccepted, order.IntakeOutcomeOf(order.Result{EditRan: true}, nil))
	assert.Equal(t, order.IntakeInError, order.IntakeOutcomeOf(order.Result{EditRan: true, Errors: []*order.FieldError{{}}}, nil))
}
