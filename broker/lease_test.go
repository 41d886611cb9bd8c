package broker

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// Unit tests of the leased BROKER run (Runner.Leasing) against a mocked
// LeaseStore: which records it takes, what it completes, what it gives
// back. The end-to-end tests with several workers are in
// lease_e2e_test.go.

func leasedStatusArgs() []any {
	out := make([]any, len(LeasedStatuses))
	for i, s := range LeasedStatuses {
		out[i] = s
	}
	return out
}

// expectLease expects a Lease by owner of n records for d over LeasedStatuses.
func expectLease(ls *MockLeaseStore, owner string, n int, d time.Duration) *gomock.Call {
	return ls.EXPECT().Lease(gomock.Any(), owner, n, d, leasedStatusArgs()...)
}

func leasedRunner(t *testing.T, tr Transport, st RecordStore, ls LeaseStore) *Runner {
	t.Helper()
	r := newRunner(tr, st, baseSets)
	r.Leasing = &Leasing{Store: ls, Owner: "w1"}
	return r
}

// TestLeasedRunHandlesOnlyItsLeases: the run submits the record it leased,
// completes it due again after Revisit, and does not touch the record the
// store did not lease to it (another worker holds it).
func TestLeasedRunHandlesOnlyItsLeases(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("317")}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", LeaseDone{ID: r1.ID, Next: t0.Add(DefaultRevisit)}).Return(nil),
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return(nil, nil),
	)
	rep, err := leasedRunner(t, tr, st, ls).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	assert.Equal(t, 1, rep.Submitted)
	require.Len(t, tr.submits, 1)
	require.Len(t, tr.submits[0].Lines, 1)
	assert.Equal(t, 1, tr.submits[0].Lines[0].LineItemNo, "only the leased line is sent")
	assert.Equal(t, StatusAcknowledged, st.get(r1.ID).Status, "F1.04: acknowledged at one location")
	assert.Equal(t, r2, st.get(r2.ID), "the record another worker holds is not touched")
}

// TestLeasedRunBatchesAndMaxBatches: records are leased Batch at a time,
// with the configured lease duration and revisit delay, and MaxBatches
// ends the run.
func TestLeasedRunBatchesAndMaxBatches(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("317")}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", 1, time.Minute).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", LeaseDone{ID: r1.ID, Next: t0.Add(time.Hour)}).Return(nil),
	)
	r := leasedRunner(t, tr, st, ls)
	r.Leasing.Batch, r.Leasing.For, r.Leasing.Revisit, r.Leasing.MaxBatches = 1, time.Minute, time.Hour, 1
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Submitted)
	assert.Equal(t, StatusReady, st.get(r2.ID).Status, "the second record waits for the next run")
}

// TestLeasedRunErrors: a blank owner, a store without a lease store and a
// failing Lease are reported, and nothing is sent.
func TestLeasedRunErrors(t *testing.T) {
	tr := &fakeTransport{submit: ackAll("317")}
	st := newMemStore(rec(1, StatusReady))
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)

	r := leasedRunner(t, tr, st, ls)
	r.Leasing.Owner = ""
	_, err := r.Run(context.Background())
	require.ErrorIs(t, err, ErrNoOwner)

	r = leasedRunner(t, tr, st, nil)
	_, err = r.Run(context.Background())
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), `"w1"`)

	boom := errors.New("database is down")
	expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return(nil, boom)
	_, err = leasedRunner(t, tr, st, ls).Run(context.Background())
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `owner "w1": lease records`)
	assert.Empty(t, tr.submits)
}

// TestLeasedRunLostLease: when the batch's completion fails because a lease
// expired, the others are completed one by one and the lost one is a
// record error wrapping ErrLeaseLost; the run goes on.
func TestLeasedRunLostLease(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("317")}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	d1, d2 := LeaseDone{ID: r1.ID, Next: t0.Add(DefaultRevisit)}, LeaseDone{ID: r2.ID, Next: t0.Add(DefaultRevisit)}
	lost := errors.Join(errors.New("record 2 held by w2"), ErrLeaseLost)
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return([]Record{r1, r2}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", d1, d2).Return(lost),
		ls.EXPECT().Complete(gomock.Any(), "w1", d1).Return(nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", d2).Return(lost),
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return(nil, nil),
	)
	rep, err := leasedRunner(t, tr, st, ls).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Submitted)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, r2.ID, rep.Errors[0].Record)
	assert.Equal(t, "complete lease", rep.Errors[0].Op)
	require.ErrorIs(t, rep.Err(), ErrLeaseLost)
}

// TestLeasedRunCancelledGivesLeasesBack: when the context ends mid-batch
// the run stops, completes nothing and releases the batch's leases so
// other workers take the records at once.
func TestLeasedRunCancelledGivesLeasesBack(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ack := ackAll("317")
	tr := &fakeTransport{submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
		cancel() // the worker is told to stop while the first SubmitOrder is out
		return ack(so)
	}}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return([]Record{r1, r2}, nil),
		ls.EXPECT().Release(gomock.Any(), "w1", r1.ID, r2.ID).DoAndReturn(func(ctx context.Context, _ string, _ ...uuid.UUID) error {
			return ctx.Err() // the release has a context of its own
		}),
	)
	rep, err := leasedRunner(t, tr, st, ls).Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, rep.Submitted, "the second group is not started")
	assert.Equal(t, StatusReady, st.get(r2.ID).Status)
}

// TestLeasedRunStopsOnRecordsSeen: a store whose clock is ahead of the
// runner's hands back records the run already handled; the run gives them
// back and ends instead of handling them again.
func TestLeasedRunStopsOnRecordsSeen(t *testing.T) {
	r1 := rec(1, StatusReady)
	st := newMemStore(r1)
	tr := &fakeTransport{submit: ackAll("317")}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any()).Return(nil),
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).DoAndReturn(
			func(context.Context, string, int, time.Duration, ...Status) ([]Record, error) {
				return []Record{st.get(r1.ID)}, nil
			}),
		ls.EXPECT().Release(gomock.Any(), "w1", r1.ID).Return(nil),
	)
	rep, err := leasedRunner(t, tr, st, ls).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Submitted)
	assert.Len(t, tr.submits, 1)
}

// TestLeasedRunReportAddsBatches: the run's report sums its batches'.
func TestLeasedRunReportAddsBatches(t *testing.T) {
	r1, r2 := rec(1, StatusReady), rec(2, StatusReady)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: ackAll("317")}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", 1, DefaultLeaseFor).Return([]Record{r1}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any()).Return(nil),
		expectLease(ls, "w1", 1, DefaultLeaseFor).Return([]Record{r2}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any()).Return(nil),
		expectLease(ls, "w1", 1, DefaultLeaseFor).Return(nil, nil),
	)
	r := leasedRunner(t, tr, st, ls)
	r.Leasing.Batch = 1
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Submitted)
	assert.Equal(t, 4, rep.Transitions, "R -> W and W -> K for each record")
	for _, r := range []Record{r1, r2} {
		assert.Equal(t, StatusAcknowledged, st.get(r.ID).Status)
	}
}

// TestLeasedRunResendsGH_BRK317: G and H records are among the statuses a
// leased run takes; the run resends their fulfilled / intransit update and
// applies the answer (BRK-317).
func TestLeasedRunResendsGH_BRK317(t *testing.T) {
	toy := &Flow{Name: "F3", Order: []Status{StatusResendIntransit, StatusInTransit, StatusResendFulfilled, StatusCompleted},
		Final: []Status{StatusCompleted}, Rows: []Row{
			{ID: "T.1", From: []Status{StatusResendFulfilled}, On: EventUpdateConfirmed, To: StatusCompleted},
			{ID: "T.2", From: []Status{StatusResendIntransit}, On: EventUpdateConfirmed, To: StatusInTransit},
		}}
	g, h := recReq(1, StatusResendFulfilled, "g"), recReq(2, StatusResendIntransit, "h")
	g.Flow, h.Flow = "F3", "F3"
	st := newMemStore(g, h)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil },
		list: func(StatusListRequest) (StatusListResponse, error) { return StatusListResponse{}, nil }}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return([]Record{g, h}, nil),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any(), gomock.Any()).Return(nil),
		expectLease(ls, "w1", DefaultLeaseBatch, DefaultLeaseFor).Return(nil, nil),
	)
	rn := leasedRunner(t, tr, st, ls)
	rn.Flows = map[string]*Flow{"F3": toy}
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.updates, 2)
	assert.Equal(t, OBFulfilled, tr.updates[0].OrderStatus)
	assert.Equal(t, OBIntransit, tr.updates[1].OrderStatus)
	assert.Equal(t, StatusCompleted, st.get(g.ID).Status)
	assert.Equal(t, StatusInTransit, st.get(h.ID).Status)
}

// TestLeasedRunExtendsSlowBatch: while a batch waits on a slow Order
// Broker, its leases are extended so that no other worker takes them.
func TestLeasedRunExtendsSlowBatch(t *testing.T) {
	r1 := rec(1, StatusReady)
	st := newMemStore(r1)
	ack := ackAll("317")
	tr := &fakeTransport{submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
		time.Sleep(200 * time.Millisecond) // several heartbeats of a 60 ms lease
		return ack(so)
	}}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	const d = 60 * time.Millisecond
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, d).Return([]Record{r1}, nil),
		ls.EXPECT().Extend(gomock.Any(), "w1", d, r1.ID).Return(nil).MinTimes(2),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any()).Return(nil),
		expectLease(ls, "w1", DefaultLeaseBatch, d).Return(nil, nil),
	)
	r := leasedRunner(t, tr, st, ls)
	r.Leasing.For = d
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Submitted)
}

// TestLeasedRunHeartbeatStopsOnLostLease: a failed extension stops the
// heartbeat (no further Extend calls); the completion reports the loss.
func TestLeasedRunHeartbeatStopsOnLostLease(t *testing.T) {
	r1 := rec(1, StatusReady)
	st := newMemStore(r1)
	ack := ackAll("317")
	tr := &fakeTransport{submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
		time.Sleep(200 * time.Millisecond)
		return ack(so)
	}}
	ctrl := gomock.NewController(t)
	ls := NewMockLeaseStore(ctrl)
	const d = 60 * time.Millisecond
	gomock.InOrder(
		expectLease(ls, "w1", DefaultLeaseBatch, d).Return([]Record{r1}, nil),
		ls.EXPECT().Extend(gomock.Any(), "w1", d, r1.ID).Return(ErrLeaseLost).Times(1),
		ls.EXPECT().Complete(gomock.Any(), "w1", gomock.Any()).Return(ErrLeaseLost).Times(2),
		expectLease(ls, "w1", DefaultLeaseBatch, d).Return(nil, nil),
	)
	r := leasedRunner(t, tr, st, ls)
	r.Leasing.For = d
	rep, err := r.Run(context.Background())
	require.NoError(t, err)
	require.ErrorIs(t, rep.Err(), ErrLeaseLost)
}
