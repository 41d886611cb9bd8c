package brokersim_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// Faults: the transport a worker's Runner uses (faults at every call), the
// store a worker writes through (killed at its Nth write), and the log of
// what the store committed (the side effects the invariants read).

type faultKind int

const (
	faultNone faultKind = iota
	faultTimeout
	fault5xx
	faultGarbage
	faultLost // OB acted, the answer was lost
	faultLate // OB acted and answered; a copy of the request reaches OB again later
)

func (f faultKind) String() string {
	return [...]string{"none", "timeout", "5xx", "garbage", "lost answer", "late duplicate"}[f]
}

// errKilled is what a killed worker's store and transport answer from the
// moment it died: nothing it does afterwards reaches the store or OB.
var errKilled = errors.New("brokersim: worker killed")

// faultTransport puts the world's faults between a worker and OB.
type faultTransport struct {
	w     *world
	wk    *worker
	inner broker.Transport
}

var _ broker.Transport = (*faultTransport)(nil)

// before draws the fault for one call; done says whether the call must not
// reach OB and what it returns instead.
func (f *faultTransport) before(msg string) (faultKind, error) {
	if f.wk.killed {
		return faultNone, fmt.Errorf("%s: %w", msg, errKilled)
	}
	k := f.w.drawFault()
	if k == faultNone {
		return k, nil
	}
	f.wk.faulted = true
	f.w.logf("%s: fault %s on %s", f.wk.owner(), k, msg)
	switch k {
	case faultTimeout:
		return k, fmt.Errorf("%s: timeout: %w", msg, broker.ErrUnavailable)
	case fault5xx:
		return k, fmt.Errorf("%s: HTTP 503: %w", msg, broker.ErrUnavailable)
	case faultGarbage:
		return k, fmt.Errorf("%s: answer is not XML: %w", msg, broker.ErrMalformed)
	}
	return k, nil
}

// after applies a fault that lets the call reach OB.
func after[T any](f *faultTransport, k faultKind, msg string, resp T, err error, again func()) (T, error) {
	switch k {
	case faultLost:
		var zero T
		return zero, fmt.Errorf("%s: answer lost: %w", msg, broker.ErrUnavailable)
	case faultLate:
		f.w.late = append(f.w.late, again)
	}
	return resp, err
}

func (f *faultTransport) SubmitOrder(ctx context.Context, req broker.SubmitOrder) (broker.SubmitOrderResponse, error) {
	k, err := f.before("SubmitOrder")
	if err != nil {
		return broker.SubmitOrderResponse{}, err
	}
	resp, err := f.inner.SubmitOrder(ctx, req)
	return after(f, k, "SubmitOrder", resp, err, func() { _, _ = f.inner.SubmitOrder(context.Background(), req) })
}

func (f *faultTransport) StatusRequest(ctx context.Context, req broker.StatusRequest) (broker.StatusResponse, error) {
	k, err := f.before("StatusRequest")
	if err != nil {
		return broker.StatusResponse{}, err
	}
	resp, err := f.inner.StatusRequest(ctx, req)
	return after(f, k, "StatusRequest", resp, err, func() { _, _ = f.inner.StatusRequest(context.Background(), req) })
}

func (f *faultTransport) StatusListRequest(ctx context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	k, err := f.before("StatusListRequest")
	if err != nil {
		return broker.StatusListResponse{}, err
	}
	resp, err := f.inner.StatusListRequest(ctx, req)
	return after(f, k, "StatusListRequest", resp, err, func() { _, _ = f.inner.StatusListRequest(context.Background(), req) })
}

func (f *faultTransport) StatusUpdate(ctx context.Context, req broker.StatusUpdate) (broker.StatusUpdateResponse, error) {
	k, err := f.before("StatusUpdate")
	if err != nil {
		return broker.StatusUpdateResponse{}, err
	}
	resp, err := f.inner.StatusUpdate(ctx, req)
	return after(f, k, "StatusUpdate", resp, err, func() { _, _ = f.inner.StatusUpdate(context.Background(), req) })
}

func (f *faultTransport) Fulfillments(ctx context.Context, req broker.FulfillmentsRequest) (broker.FulfillmentsResponse, error) {
	k, err := f.before("Fulfillments")
	if err != nil {
		return broker.FulfillmentsResponse{}, err
	}
	resp, err := f.inner.Fulfillments(ctx, req)
	return after(f, k, "Fulfillments", resp, err, func() { _, _ = f.inner.Fulfillments(context.Background(), req) })
}

// simStore is what the simulation needs of a store: the BROKER run's record
// store and work queue, and putting and reading records.
type simStore interface {
	broker.RecordStore
	broker.LeaseStore
	put(ctx context.Context, recs ...broker.Record) error
	record(ctx context.Context, id uuid.UUID) (broker.Record, error)
}

// crashStore is a worker's view of the shared store. Armed, it kills the
// worker at its Nth write (Update, Lease, Complete, Extend, Release):
// before the write reaches the store, or after it was committed. From then
// on every call fails.
type crashStore struct {
	inner simStore
	wk    *worker
}

var (
	_ broker.RecordStore = (*crashStore)(nil)
	_ broker.LeaseStore  = (*crashStore)(nil)
)

func (c *crashStore) write(what string, do func() error) error {
	wk := c.wk
	if wk.killed {
		return fmt.Errorf("%s: %w", what, errKilled)
	}
	if wk.killAt > 0 {
		wk.writes++
		if wk.writes == wk.killAt {
			wk.killed = true
			if wk.killAfter {
				err := do()
				wk.w.logf("%s: killed after write %d (%s, err %v)", wk.owner(), wk.writes, what, err)
			} else {
				wk.w.logf("%s: killed before write %d (%s)", wk.owner(), wk.writes, what)
			}
			return fmt.Errorf("%s: %w", what, errKilled)
		}
	}
	return do()
}

func (c *crashStore) ListByStatus(ctx context.Context, statuses ...broker.Status) ([]broker.Record, error) {
	if c.wk.killed {
		return nil, errKilled
	}
	return c.inner.ListByStatus(ctx, statuses...)
}

func (c *crashStore) Update(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	return c.write("update", func() error { return c.inner.Update(ctx, id, fn) })
}

func (c *crashStore) Lease(ctx context.Context, owner string, n int, d time.Duration, statuses ...broker.Status) ([]broker.Record, error) {
	var out []broker.Record
	err := c.write("lease", func() error {
		var err error
		out, err = c.inner.Lease(ctx, owner, n, d, statuses...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *crashStore) Complete(ctx context.Context, owner string, done ...broker.LeaseDone) error {
	return c.write("complete", func() error { return c.inner.Complete(ctx, owner, done...) })
}

func (c *crashStore) Extend(ctx context.Context, owner string, d time.Duration, ids ...uuid.UUID) error {
	return c.write("extend", func() error { return c.inner.Extend(ctx, owner, d, ids...) })
}

func (c *crashStore) Release(ctx context.Context, owner string, ids ...uuid.UUID) error {
	return c.write("release", func() error { return c.inner.Release(ctx, owner, ids...) })
}

// committed is one change the store committed: the record written and its
// side effects.
type committed struct {
	rec     broker.Record
	effects []broker.SideEffect
}

// effectLog wraps the real store and hands every committed change, in
// commit order, to the invariants checked on each write.
type effectLog struct {
	simStore
	// onCommit sees each committed change.
	onCommit func(c committed)
}

func newEffectLog(s simStore) *effectLog { return &effectLog{simStore: s} }

// capture wraps fn so that its last result is kept (a store may call fn
// again on a retry).
func capture(fn func(broker.Record) (broker.Record, []broker.SideEffect, error), out *committed, ok *bool) func(broker.Record) (broker.Record, []broker.SideEffect, error) {
	return func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		next, effects, err := fn(cur)
		*ok = err == nil
		if err == nil {
			*out = committed{rec: next, effects: effects}
		}
		return next, effects, err
	}
}

func (l *effectLog) keep(id uuid.UUID, c committed) {
	c.rec.ID = id
	if l.onCommit != nil {
		l.onCommit(c)
	}
}

func (l *effectLog) Update(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	var c committed
	var ok bool
	err := l.simStore.Update(ctx, id, capture(fn, &c, &ok))
	if err == nil && ok {
		l.keep(id, c)
	}
	return err
}

func (l *effectLog) Complete(ctx context.Context, owner string, done ...broker.LeaseDone) error {
	cs := make([]committed, len(done))
	oks := make([]bool, len(done))
	wrapped := make([]broker.LeaseDone, len(done))
	for i, d := range done {
		wrapped[i] = d
		if d.Fn != nil {
			wrapped[i].Fn = capture(d.Fn, &cs[i], &oks[i])
		}
	}
	if err := l.simStore.Complete(ctx, owner, wrapped...); err != nil {
		return err
	}
	for i, d := range done {
		if oks[i] {
			l.keep(d.ID, cs[i])
		}
	}
	return nil
}
