package broker

import (
	"context"
	"fmt"

	"github.com/google/uuid"
)

// UserCancel is a user's cancel of one record's Order Broker request at the
// Work with Order Broker screen or in order maintenance (BRK-110, BRK-320).
type UserCancel struct {
	// ReasonCode and ReasonText go in the cancel StatusUpdate (BRK-408).
	ReasonCode, ReasonText string
	// LineCanceled: the order line is canceled too, not only its OB
	// request (F1.20). The Work with Order Broker screen cancels the
	// request only.
	LineCanceled bool
}

// Cancel cancels the Order Broker request of record id, as a user does
// (BRK-110, BRK-320): it applies the record's flow to a
// [EventRequestCanceled] inside one store update, so that a record still in
// R is closed (F1.03) and one OB holds goes to Y, Pending Cancel (F1.20),
// whose cancel StatusUpdate the next run sends. A status the flow does not
// allow it from (W, sent without an answer; a final status) is refused
// with a *[TransitionError] wrapping [ErrInvalidTransition], and nothing is
// written. With an Observer the move is reported.
func (r *Runner) Cancel(ctx context.Context, id uuid.UUID, c UserCancel) (Result, error) {
	st := &runState{rep: &Report{}}
	ev := Event{Kind: EventRequestCanceled, Source: SourceOMS, At: r.now(), LineCanceled: c.LineCanceled,
		CancelReasonCode: c.ReasonCode, CancelReasonText: c.ReasonText}
	res, err := r.apply(ctx, st, Record{ID: id}, ev)
	if err != nil {
		return Result{}, fmt.Errorf("broker: cancel record %s: %w", id, err)
	}
	return res, nil
}

// Resend sends again, now, what record rec waits on, as the next run would
// (BRK-317, BRK-063, F1.05): for a W record without a request ID its
// SubmitOrder (OB's duplicate check answers 2040 if the first one arrived,
// BRK-063); for a W record with one (acknowledged at several locations) its
// status inquiry; for a G or H record its fulfilled or intransit status
// update. rec is the record as last read; a record that moved on since is
// left alone. Any other status is refused with an error wrapping
// [ErrInvalidTransition]. The report says what was sent and changed; the
// error joins its record errors. With an Observer every message is
// reported, marked as a resend.
func (r *Runner) Resend(ctx context.Context, rec Record) (*Report, error) {
	rr := r.observing()
	st := &runState{rep: &Report{}, inquired: map[string]bool{}}
	switch {
	case rec.Status == StatusWaiting && rec.RequestID == "":
		rr.submitGroup(ctx, st, []Record{rec}, true)
	case rec.Status == StatusWaiting:
		rr.inquireRequest(asResend(ctx), st, rec.RequestID, []Record{rec})
	case rec.Status == StatusResendFulfilled || rec.Status == StatusResendIntransit:
		rr.resendUpdate(ctx, st, rec)
	default:
		return st.rep, fmt.Errorf("broker: resend %s: status %s: only W, G and H records are resent: %w", rec.Label(), rec.Status, ErrInvalidTransition)
	}
	st.rep.Billing = GroupBilling(st.billing)
	return st.rep, st.rep.Err()
}

// observing returns the runner that sends through the Observer, when one
// is set.
func (r *Runner) observing() *Runner {
	if r.Observer == nil {
		return r
	}
	if _, ok := r.Transport.(observed); ok {
		return r
	}
	rr := *r
	rr.Transport = observed{Transport: r.Transport, obs: r.Observer}
	return &rr
}
