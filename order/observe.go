package order

import (
	"context"
	"errors"
	"time"

	"github.com/omskit/omskit/redact"
)

//go:generate go tool mockgen -source=observe.go -destination=mock_observe_test.go -package=order

// IntakeObserver is told about each [Intake], so that a host can measure and
// trace its intakes without this package knowing how: order/orderotel
// implements it with OpenTelemetry. It is never told payment data.
type IntakeObserver interface {
	// IntakeStarted is called when an intake begins. The intake works in
	// the context it returns (and hands that context to every dependency),
	// so an observer may put a span in it.
	IntakeStarted(ctx context.Context, orderNumber string) context.Context
	// IntakeFinished is called when the intake returns.
	IntakeFinished(ctx context.Context, r IntakeReport)
}

// IntakeOutcome sorts how an intake ended, for metrics.
type IntakeOutcome string

// Intake outcomes.
const (
	// IntakeAccepted: the order passed the edit and was written (open or held).
	IntakeAccepted IntakeOutcome = "accepted"
	// IntakeInError: the order failed the edit and was written in error
	// status, with its errors.
	IntakeInError IntakeOutcome = "in error"
	// IntakeBatched: a batched order was written to wait in its batch (ORD-004).
	IntakeBatched IntakeOutcome = "batched"
	// IntakeReplayed: the same message was taken in before; nothing was written.
	IntakeReplayed IntakeOutcome = "replayed"
	// IntakeRejected: the message was refused as a whole (a message-level
	// error, or the order number taken in before with another payload);
	// nothing was written.
	IntakeRejected IntakeOutcome = "rejected"
	// IntakeFailed: a dependency failed; nothing was written.
	IntakeFailed IntakeOutcome = "failed"
)

// IntakeOutcomeOf sorts what Intake returned.
func IntakeOutcomeOf(res Result, err error) IntakeOutcome {
	switch {
	case errors.Is(err, ErrRejected), errors.Is(err, ErrDuplicateOrder):
		return IntakeRejected
	case err != nil:
		return IntakeFailed
	case res.Replayed:
		return IntakeReplayed
	case !res.EditRan:
		return IntakeBatched
	case res.Passed():
		return IntakeAccepted
	}
	return IntakeInError
}

// IntakeReport is how one intake ended: identifiers and counts, never the
// order's content or payment data.
type IntakeReport struct {
	// OrderNumber is the message's order_number (rdc_order_nbr for a
	// payment-only message); Number the OMS order number assigned, 0 when none.
	OrderNumber string
	Number      int
	Outcome     IntakeOutcome
	// StoppedAt is the step the intake stopped at (Result.StoppedAt).
	StoppedAt StepName
	// Errors is the number of order-edit errors.
	Errors int
	// Started is when the intake began, Duration how long it took (wall clock).
	Started  time.Time
	Duration time.Duration
	// Err is what Intake returned.
	Err error
}

func observeIntake(ctx context.Context, deps Deps, in Input) (Result, error) {
	num := in.Order.OrderNumber
	if in.Order.PaymentOnly {
		num = in.Order.RDCOrderNbr
	}
	start := time.Now()
	ctx = deps.Observer.IntakeStarted(ctx, num)
	res, err := intake(ctx, deps, in)
	deps.Observer.IntakeFinished(ctx, IntakeReport{OrderNumber: num, Number: res.Order.Number, Outcome: IntakeOutcomeOf(res, err),
		StoppedAt: res.StoppedAt(), Errors: len(res.Errors), Started: start, Duration: time.Since(start), Err: redact.Error(err)})
	return res, err
}
