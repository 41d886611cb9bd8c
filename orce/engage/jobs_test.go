package engage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// fakeClock is a clock whose sleep advances it.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.t = c.t.Add(d)
	return nil
}

func waitOpts(c *fakeClock) WaitOptions {
	return WaitOptions{Now: c.Now, Sleep: c.Sleep, Interval: time.Second, Timeout: 10 * time.Second}
}

// ENG-013-E1: UpdateStatus gives J1; J1 is in progress, then processed with
// v7; the action with v7 is accepted; without a tag nothing is sent.
func TestENG_013_E1(t *testing.T) {
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	actions := NewMockOrderActions(ctrl)
	ctx := context.Background()
	clk := &fakeClock{t: time.Unix(0, 0)}

	admin.EXPECT().UpdateStatus(ctx, OrderID("O-1"), StatusChange{Status: "shipped"}).Return(JobID("J1"), nil)
	gomock.InOrder(
		admin.EXPECT().JobStatus(ctx, JobID("J1")).Return(Job{ID: "J1", Order: "O-1", State: JobInProgress}, nil),
		admin.EXPECT().JobStatus(ctx, JobID("J1")).Return(Job{ID: "J1", Order: "O-1", State: JobProcessed, Tag: "v7"}, nil),
	)
	// ENG-013: the action carries the tag of the finished job, and only once it finished.
	actions.EXPECT().TriggerAction(ctx, OrderID("O-1"), ActionName("send-shipping-confirmation"), VersionTag("v7")).Return(nil).Times(1)

	job, err := admin.UpdateStatus(ctx, "O-1", StatusChange{Status: "shipped"})
	require.NoError(t, err)
	tag, err := FollowUp(ctx, admin, actions, job, "send-shipping-confirmation", waitOpts(clk))
	require.NoError(t, err)
	assert.Equal(t, VersionTag("v7"), tag)

	// ENG-012: no tag, nothing sent (the mock fails on any further TriggerAction).
	err = Trigger(ctx, actions, "O-1", "send-shipping-confirmation", "")
	require.ErrorIs(t, err, ErrVersionTagRequired)
	assert.Contains(t, err.Error(), "version token required")
	assert.Contains(t, err.Error(), "order O-1")
}

// ENG-010: the wait helper polls on the injected clock until the caller's timeout.
func TestWaitJobTimesOut_ENG_010(t *testing.T) {
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	clk := &fakeClock{t: time.Unix(0, 0)}
	admin.EXPECT().JobStatus(gomock.Any(), JobID("J9")).Return(Job{ID: "J9", State: JobInProgress}, nil).Times(11)

	_, err := WaitJob(context.Background(), admin, "J9", waitOpts(clk))
	require.ErrorIs(t, err, ErrJobTimeout)
	assert.Equal(t, time.Unix(10, 0), clk.Now())
}

// ENG-010: transient look-up errors are polled through; a failed job is an error.
func TestWaitJobRetriesAndReportsFailure_ENG_010(t *testing.T) {
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	clk := &fakeClock{t: time.Unix(0, 0)}
	gomock.InOrder(
		admin.EXPECT().JobStatus(gomock.Any(), JobID("J2")).Return(Job{}, ErrUnavailable),
		admin.EXPECT().JobStatus(gomock.Any(), JobID("J2")).Return(Job{ID: "J2", Order: "O-5", State: JobFailed,
			Errors: []FieldError{{Path: "links[0].order", Value: "O-0", Rule: "unknown order"}}}, nil),
	)
	_, err := WaitJob(context.Background(), admin, "J2", waitOpts(clk))
	require.ErrorIs(t, err, ErrJobFailed)
	assert.Contains(t, err.Error(), "O-5")
}

// ENG-013: a job that is not processed yet gives no usable tag.
func TestTagFromJob_ENG_013(t *testing.T) {
	_, err := TagFromJob(Job{ID: "J1", Order: "O-1", State: JobInProgress, Tag: "v3"})
	require.ErrorIs(t, err, ErrNotProcessed)
	tag, err := TagFromJob(Job{ID: "J1", Order: "O-1", State: JobProcessed, Tag: "v3"})
	require.NoError(t, err)
	assert.Equal(t, VersionTag("v3"), tag)
}

// The optimistic-concurrency helper re-reads and retries after a stale tag.
func TestUpdateOrderRetriesStaleTag(t *testing.T) {
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	o := validOrder()
	gomock.InOrder(
		admin.EXPECT().Order(gomock.Any(), OrderID("O-1")).Return(StoredOrder{Order: o, Tag: "v1"}, nil),
		admin.EXPECT().PutOrder(gomock.Any(), gomock.Any(), VersionTag("v1")).Return(JobID(""), ErrStaleVersion),
		admin.EXPECT().Order(gomock.Any(), OrderID("O-1")).Return(StoredOrder{Order: o, Tag: "v2"}, nil),
		admin.EXPECT().PutOrder(gomock.Any(), gomock.Any(), VersionTag("v2")).DoAndReturn(
			func(_ context.Context, got Order, _ VersionTag) (JobID, error) {
				assert.Equal(t, "picked", got.Status)
				return "J5", nil
			}),
	)
	job, err := UpdateOrder(context.Background(), admin, "O-1", 3, func(o *Order) error { o.Status = "picked"; return nil })
	require.NoError(t, err)
	assert.Equal(t, JobID("J5"), job)
}

func TestUpdateOrderGivesUp(t *testing.T) {
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	admin.EXPECT().Order(gomock.Any(), OrderID("O-1")).Return(StoredOrder{Order: validOrder(), Tag: "v1"}, nil).Times(2)
	admin.EXPECT().PutOrder(gomock.Any(), gomock.Any(), VersionTag("v1")).Return(JobID(""), ErrStaleVersion).Times(2)
	_, err := UpdateOrder(context.Background(), admin, "O-1", 2, func(*Order) error { return nil })
	require.ErrorIs(t, err, ErrStaleVersion)

	// a mutation that breaks the format is refused before anything is sent (ENG-022)
	admin.EXPECT().Order(gomock.Any(), OrderID("O-1")).Return(StoredOrder{Order: validOrder(), Tag: "v1"}, nil)
	_, err = UpdateOrder(context.Background(), admin, "O-1", 2, func(o *Order) error { o.Currency = ""; return nil })
	require.ErrorIs(t, err, ErrInvalid)
	boom := errors.New("boom")
	admin.EXPECT().Order(gomock.Any(), OrderID("O-1")).Return(StoredOrder{Order: validOrder(), Tag: "v1"}, nil)
	_, err = UpdateOrder(context.Background(), admin, "O-1", 2, func(*Order) error { return boom })
	require.ErrorIs(t, err, boom)
}

// ENG-001, ENG-005: orders go to the order administration, receipts to the
// receipt registration; neither stands in for the other.
func TestFeedSendsOrdersAndReceiptsToTheirOwnEndpoints_ENG_001_ENG_005(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	o := validOrder()
	r := Receipt{ID: "R-1", Order: "O-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: o.Lines}
	p.EXPECT().PutOrder(ctx, o, VersionTag("")).Return(JobID("J1"), nil).Times(1)
	p.EXPECT().RegisterReceipt(ctx, r).Return(nil).Times(1)

	_, err := f.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = f.RegisterReceipt(ctx, r)
	require.NoError(t, err)
	rep, err := f.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"order/O-1/rev-1"}, rep.Sent)
	assert.Equal(t, []string{"receipt/R-1"}, rep.Done)
}

// ENG-003: a second registration is refused before it is sent.
func TestFeedRefusesSecondReceipt_ENG_003(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	r := Receipt{ID: "R-1", Order: "O-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: validOrder().Lines}
	p.EXPECT().RegisterReceipt(ctx, r).Return(nil).Times(1)

	_, err := f.RegisterReceipt(ctx, r)
	require.NoError(t, err)
	_, err = f.Flush(ctx)
	require.NoError(t, err)

	_, err = f.RegisterReceipt(ctx, r)
	var dup *DuplicateReceiptError
	require.ErrorAs(t, err, &dup)
	assert.False(t, dup.Changed)
	assert.ErrorIs(t, err, ErrDuplicateReceipt)

	changed := r
	changed.Lines = []Line{{Article: "B", Quantity: 5, UnitPrice: d("1")}}
	_, err = f.RegisterReceipt(ctx, changed)
	require.ErrorAs(t, err, &dup)
	assert.True(t, dup.Changed)
	assert.Contains(t, err.Error(), "receipt R-1")

	rep, err := f.Flush(ctx) // nothing new to send: the mock allows one RegisterReceipt only
	require.NoError(t, err)
	assert.Empty(t, rep.Done)
}

// ENG-012: the feed refuses an action while a change is still open, and
// sends none without a tag.
func TestFeedTriggerActionNeedsProcessedChange_ENG_012_ENG_013(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	_, err := f.SubmitOrder(ctx, validOrder(), "rev-1")
	require.NoError(t, err)
	err = f.TriggerAction(ctx, "O-1", "send-confirmation") // ENG-013: the change is still pending
	require.ErrorIs(t, err, ErrNotProcessed)

	p.EXPECT().Order(ctx, OrderID("O-2")).Return(StoredOrder{Order: validOrder()}, nil) // read gives no tag
	err = f.TriggerAction(ctx, "O-2", "send-confirmation")                              // ENG-012
	require.ErrorIs(t, err, ErrVersionTagRequired)
}

// ENG-011: the stored tag is the latest change's, even when an earlier job
// finishes after a later one.
func TestConfirmKeepsNewestTag_ENG_011(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	o := validOrder()
	p.EXPECT().PutOrder(ctx, gomock.Any(), VersionTag("")).Return(JobID("J1"), nil)
	p.EXPECT().PutOrder(ctx, gomock.Any(), VersionTag("")).Return(JobID("J2"), nil)
	_, err := f.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	o.Status = "picked"
	_, err = f.SubmitOrder(ctx, o, "rev-2")
	require.NoError(t, err)
	_, err = f.Flush(ctx)
	require.NoError(t, err)

	p.EXPECT().JobStatus(ctx, JobID("J1")).Return(Job{ID: "J1", Order: "O-1", State: JobInProgress}, nil)
	p.EXPECT().JobStatus(ctx, JobID("J2")).Return(Job{ID: "J2", Order: "O-1", State: JobProcessed, Tag: "v2"}, nil)
	_, err = f.Confirm(ctx)
	require.NoError(t, err)
	p.EXPECT().JobStatus(ctx, JobID("J1")).Return(Job{ID: "J1", Order: "O-1", State: JobProcessed, Tag: "v1"}, nil)
	rep, err := f.Confirm(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"order/O-1/rev-1"}, rep.Done)
	tag, ok, err := f.Tag(ctx, "O-1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, VersionTag("v2"), tag)
}
