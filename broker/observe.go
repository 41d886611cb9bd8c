package broker

import (
	"context"
	"errors"
	"time"
)

//go:generate go tool mockgen -source=observe.go -destination=mock_observe_test.go -package=broker

// Observer is told what the BROKER run does, so that a host can measure and
// trace it without this package knowing how: broker/brokerotel implements
// it with OpenTelemetry. A nil Runner.Observer observes nothing. The
// methods are called on the goroutine doing the work and should return
// quickly.
type Observer interface {
	// RunStarted is called when [Runner.Run] begins. The run works in the
	// context it returns (and hands that context to the transport), so an
	// observer may put a span in it.
	RunStarted(ctx context.Context, run RunInfo) context.Context
	// RunFinished is called when Run returns, with what Run returns.
	RunFinished(ctx context.Context, run RunInfo, rep *Report, err error)
	// RecordMoved is called once the store has written a change a flow row
	// made to a record (not for repeats, which change nothing).
	RecordMoved(ctx context.Context, m Move)
	// MessageSent is called after each message to Order Broker, answered
	// or not.
	MessageSent(ctx context.Context, c Call)
}

// RunInfo identifies one BROKER run.
type RunInfo struct {
	// Owner is the worker's name when the run is leased (Leasing.Owner).
	Owner string
	// Started is when the run began; Finished when it returned (zero in
	// RunStarted). Both are read from the wall clock: they measure the run.
	Started, Finished time.Time
}

// Move is one change a flow row made to a record, as written.
type Move struct {
	Flow, Row string
	From, To  Status
	Event     EventKind
	Source    Source
	// Record is the record as written.
	Record Record
	// Skipped: the row was applied as a forward move from a status it does
	// not list (order-broker.md §4 intro).
	Skipped bool
}

// Message names of [Call.Message]: the Transport method that sent it.
const (
	MessageSubmitOrder       = "SubmitOrder"
	MessageStatusRequest     = "StatusRequest"
	MessageStatusListRequest = "StatusListRequest"
	MessageStatusUpdate      = "StatusUpdate"
	MessageFulfillments      = "Fulfillments"
)

// Call is one message sent to Order Broker and how it went. It carries the
// identifiers of the message, never its content.
type Call struct {
	// Message is the Transport method: one of the Message constants.
	Message string
	// OrderID is the OB order id the message names ("8953-001"), if one.
	OrderID string
	// RequestIDs are the request IDs the message (or, for a SubmitOrder,
	// its answer) names.
	RequestIDs []string
	// Resend marks a message sent again: a SubmitOrder that got no answer
	// (W), or a fulfilled or intransit update (G, H, BRK-317).
	Resend bool
	// Started is when the message went out (wall clock); Duration how long
	// the answer took.
	Started  time.Time
	Duration time.Duration
	// Err is the transport's error; nil when OB answered.
	Err error
	// Refused marks an answer that refuses the request: a response code
	// other than 0, or FAILED (BRK-114).
	Refused bool
}

// Call outcomes, see [Call.Outcome].
const (
	OutcomeOK          = "ok"
	OutcomeRefused     = "refused"
	OutcomeUnavailable = "unavailable"
	OutcomeMalformed   = "malformed"
	OutcomeCanceled    = "canceled"
	OutcomeError       = "error"
)

// Outcome sorts the call for metrics: "ok"; "refused" (an OB error
// response, or an answer refusing the request); "malformed" (an unreadable
// answer); "canceled" (the caller's context was canceled); "unavailable"
// (no answer, or none in time); or "error".
func (c Call) Outcome() string {
	switch {
	case c.Err == nil && c.Refused:
		return OutcomeRefused
	case c.Err == nil:
		return OutcomeOK
	case errors.Is(c.Err, ErrRejected):
		return OutcomeRefused
	case errors.Is(c.Err, ErrMalformed):
		return OutcomeMalformed
	case errors.Is(c.Err, context.Canceled):
		return OutcomeCanceled
	case errors.Is(c.Err, ErrUnavailable), errors.Is(c.Err, context.DeadlineExceeded):
		return OutcomeUnavailable
	}
	return OutcomeError
}

// observed is the Transport a Runner with an Observer sends through: it
// reports every call.
type observed struct {
	Transport
	obs Observer
}

type resendKey struct{}

// asResend marks the messages sent with ctx as resends.
func asResend(ctx context.Context) context.Context { return context.WithValue(ctx, resendKey{}, true) }

func (o observed) report(ctx context.Context, c Call, start time.Time, err error) {
	c.Started, c.Duration, c.Err = start, time.Since(start), err
	c.Resend, _ = ctx.Value(resendKey{}).(bool)
	o.obs.MessageSent(ctx, c)
}

func (o observed) SubmitOrder(ctx context.Context, req SubmitOrder) (SubmitOrderResponse, error) {
	start := time.Now()
	resp, err := o.Transport.SubmitOrder(ctx, req)
	c := Call{Message: MessageSubmitOrder, OrderID: req.OrderID, Refused: err == nil && !resp.OK()}
	if id := firstNonEmpty(resp.RequestID, req.RequestID); id != "" {
		c.RequestIDs = []string{id}
	}
	o.report(ctx, c, start, err)
	return resp, err
}

func (o observed) StatusRequest(ctx context.Context, req StatusRequest) (StatusResponse, error) {
	start := time.Now()
	resp, err := o.Transport.StatusRequest(ctx, req)
	o.report(ctx, Call{Message: MessageStatusRequest, OrderID: req.OrderID, RequestIDs: []string{req.RequestID}}, start, err)
	return resp, err
}

func (o observed) StatusListRequest(ctx context.Context, req StatusListRequest) (StatusListResponse, error) {
	start := time.Now()
	resp, err := o.Transport.StatusListRequest(ctx, req)
	o.report(ctx, Call{Message: MessageStatusListRequest, RequestIDs: req.RequestIDs}, start, err)
	return resp, err
}

func (o observed) StatusUpdate(ctx context.Context, req StatusUpdate) (StatusUpdateResponse, error) {
	start := time.Now()
	resp, err := o.Transport.StatusUpdate(ctx, req)
	c := Call{Message: MessageStatusUpdate, OrderID: req.OrderID, RequestIDs: []string{req.RequestID}, Refused: err == nil && resp.Failed()}
	o.report(ctx, c, start, err)
	return resp, err
}

func (o observed) Fulfillments(ctx context.Context, req FulfillmentsRequest) (FulfillmentsResponse, error) {
	start := time.Now()
	resp, err := o.Transport.Fulfillments(ctx, req)
	o.report(ctx, Call{Message: MessageFulfillments}, start, err)
	return resp, err
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// Run performs one BROKER run (see the type's doc). It returns the report,
// and an error only when the context ends (the report then covers what was
// done) or a store listing fails. With an Observer set, the run is
// reported to it: start and end, every message and every record moved.
func (r *Runner) Run(ctx context.Context) (*Report, error) {
	if r.Observer == nil {
		return r.run(ctx)
	}
	info := RunInfo{Started: time.Now()}
	if r.Leasing != nil {
		info.Owner = r.Leasing.Owner
	}
	ctx = r.Observer.RunStarted(ctx, info)
	rep, err := r.observing().run(ctx)
	info.Finished = time.Now()
	r.Observer.RunFinished(ctx, info, rep, err)
	return rep, err
}

// moved tells the observer about a written change.
func (r *Runner) moved(ctx context.Context, from Status, ev Event, res Result) {
	if r.Observer == nil || res.NoOp {
		return
	}
	r.Observer.RecordMoved(ctx, Move{Flow: res.Record.Flow, Row: res.Row, From: from, To: res.Record.Status, Event: ev.Kind, Source: ev.Source,
		Record: res.Record, Skipped: res.Skipped})
}
