package engage

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// A status or delivery change is one change per content when the host
// names none, and one per name when it does: two different changes are
// both kept, the same named change is recorded once.
func TestSubmitStatusAndDeliveryChangeKeys_ENG_002(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := NewFeed(nil, NewMemoryStore(), Config{})

	picked, err := f.SubmitStatus(ctx, "O-1", StatusChange{Status: "picked"}, "")
	require.NoError(t, err)
	shipped, err := f.SubmitStatus(ctx, "O-1", StatusChange{Status: "shipped"}, "")
	require.NoError(t, err)
	assert.NotEqual(t, picked.Key, shipped.Key, "ENG-002: two status changes of one order are two changes")
	named, err := f.SubmitStatus(ctx, "O-1", StatusChange{Status: "packed"}, "s1")
	require.NoError(t, err)
	assert.Equal(t, "status/O-1/s1", named.Key, "ENG-002: the host's name for the change is its key")

	d1, err := f.SubmitDelivery(ctx, "O-1", DeliveryChange{Delivery: Delivery{Tracking: "1Z1"}}, "")
	require.NoError(t, err)
	d2, err := f.SubmitDelivery(ctx, "O-1", DeliveryChange{Delivery: Delivery{Tracking: "1Z2"}}, "")
	require.NoError(t, err)
	assert.NotEqual(t, d1.Key, d2.Key, "ENG-002: two delivery changes of one order are two changes")
	d3, err := f.SubmitDelivery(ctx, "O-1", DeliveryChange{Delivery: Delivery{Tracking: "1Z3"}}, "d1")
	require.NoError(t, err)
	assert.Equal(t, "delivery/O-1/d1", d3.Key, "ENG-002: the host's name for the change is its key")

	all, err := f.s.List(ctx, Filter{})
	require.NoError(t, err)
	assert.Len(t, all, 6)
}

// A status change belongs to the contact of its order, so that erasing the
// contact finds it (ENG-026); a change of an order the feed never recorded
// has no contact.
func TestStatusChangeCarriesTheOrdersContact_ENG_026(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := NewFeed(nil, NewMemoryStore(), Config{})
	_, err := f.SubmitOrder(ctx, validOrder(), "rev-1")
	require.NoError(t, err)
	e, err := f.SubmitStatus(ctx, "O-1", StatusChange{Status: "shipped"}, "s1")
	require.NoError(t, err)
	assert.Equal(t, ContactID("C-1"), e.Contact, "ENG-026")
	e, err = f.SubmitDelivery(ctx, "O-9", DeliveryChange{Delivery: Delivery{Tracking: "1Z9"}}, "d1")
	require.NoError(t, err)
	assert.Equal(t, ContactID(""), e.Contact, "ENG-026: an order the feed never recorded has no contact")
}

// ENG-026: erasing a contact erases every order entry of the contact's
// orders (their changes included) and forgets their version tags, keeps
// their receipts (ENG-003), leaves other contacts' orders alone, then
// erases the contact on the platform.
func TestEraseContact_ENG_026(t *testing.T) {
	t.Parallel()
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	s := NewMemoryStore()
	f := NewFeed(p, s, Config{})
	_, err := f.SubmitOrder(ctx, validOrder(), "rev-1")
	require.NoError(t, err)
	_, err = f.SubmitStatus(ctx, "O-1", StatusChange{Status: "shipped"}, "s1")
	require.NoError(t, err)
	require.NoError(t, s.SetTag(ctx, "O-1", "v1"))
	other := validOrder()
	other.ID, other.Contact = "O-2", "C-2"
	_, err = f.SubmitOrder(ctx, other, "rev-1")
	require.NoError(t, err)
	_, err = f.RegisterReceipt(ctx, Receipt{ID: "R-1", Order: "O-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: validOrder().Lines})
	require.NoError(t, err)

	_, err = f.EraseContact(ctx, "")
	require.ErrorIs(t, err, ErrInvalid, "ENG-026: the contact to erase is required")

	p.EXPECT().EraseContact(ctx, ContactID("C-1")).Return(nil)
	rep, err := f.EraseContact(ctx, "C-1")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"order/O-1/rev-1", "status/O-1/s1"}, rep.Erased, "ENG-026")
	assert.Equal(t, []string{"receipt/R-1"}, rep.Kept, "ENG-003: receipts never change")
	mine, err := s.List(ctx, Filter{Contact: "C-1"})
	require.NoError(t, err)
	require.Len(t, mine, 1, "ENG-026: only the receipt still names the contact")
	assert.Equal(t, EntryReceipt, mine[0].Kind)
	_, ok, err := f.Tag(ctx, "O-1")
	require.NoError(t, err)
	assert.False(t, ok, "ENG-026: the erased order's version tag is forgotten")
	kept, err := s.List(ctx, Filter{Contact: "C-2"})
	require.NoError(t, err)
	require.Len(t, kept, 1, "ENG-026: another contact's order is not erased")
	assert.Equal(t, StatePending, kept[0].State)
	assert.NotNil(t, kept[0].Body)
}

// After a retryable failure, later changes to the same order wait behind
// it, so the platform never gets a status change before the order it
// changes, nor a later write overtaken by an earlier one (ENG-002, ENG-010);
// a receipt does not wait (ENG-005: receipts go their own way).
func TestFlushHoldsBackLaterChangesOfAFailedOrder_ENG_002(t *testing.T) {
	t.Parallel()
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	r := Receipt{ID: "R-1", Order: "O-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: validOrder().Lines}
	_, err := f.SubmitOrder(ctx, validOrder(), "rev-1")
	require.NoError(t, err)
	_, err = f.SubmitStatus(ctx, "O-1", StatusChange{Status: "shipped"}, "s1")
	require.NoError(t, err)
	_, err = f.RegisterReceipt(ctx, r)
	require.NoError(t, err)
	p.EXPECT().PutOrder(ctx, validOrder(), VersionTag("")).Return(JobID(""), ErrUnavailable)
	p.EXPECT().RegisterReceipt(ctx, r).Return(nil) // ENG-005
	// No UpdateStatus expected: the mock fails the test if the status change is sent.

	rep, err := f.Flush(ctx)
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Equal(t, []string{"order/O-1/rev-1", "status/O-1/s1"}, rep.Retry, "ENG-002: the status change waits for its order")
	assert.Equal(t, []string{"receipt/R-1"}, rep.Done, "ENG-005: the receipt does not wait")
}

// ENG-003: a receipt the platform already holds on its first send was
// registered by someone else: it is refused, not taken for our own earlier
// attempt whose answer was lost.
func TestFlushFirstSendOfARegisteredReceiptFails_ENG_003(t *testing.T) {
	t.Parallel()
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), Config{})
	r := Receipt{ID: "R-1", Order: "O-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: validOrder().Lines}
	_, err := f.RegisterReceipt(ctx, r)
	require.NoError(t, err)
	p.EXPECT().RegisterReceipt(ctx, r).Return(&DuplicateReceiptError{Receipt: "R-1"})

	rep, err := f.Flush(ctx)
	require.ErrorIs(t, err, ErrDuplicateReceipt)
	assert.Equal(t, []string{"receipt/R-1"}, rep.Failed, "ENG-003")
	assert.Empty(t, rep.Done, "ENG-003")
}

// ENG-010: with zero options the wait helper polls every second and gives
// up after a minute.
func TestWaitJobDefaults_ENG_010(t *testing.T) {
	t.Parallel()
	ctrl := gomock.NewController(t)
	admin := NewMockOrderAdmin(ctrl)
	clk := &fakeClock{t: time.Unix(0, 0)}
	var slept []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return clk.Sleep(ctx, d) }
	gomock.InOrder(
		admin.EXPECT().JobStatus(gomock.Any(), JobID("J1")).Return(Job{ID: "J1", State: JobInProgress}, nil),
		admin.EXPECT().JobStatus(gomock.Any(), JobID("J1")).Return(Job{ID: "J1", State: JobProcessed, Tag: "v1"}, nil),
	)
	job, err := WaitJob(context.Background(), admin, "J1", WaitOptions{Now: clk.Now, Sleep: sleep})
	require.NoError(t, err, "ENG-010: a zero timeout is the one-minute default, not no time at all")
	assert.Equal(t, VersionTag("v1"), job.Tag)
	assert.Equal(t, []time.Duration{time.Second}, slept, "ENG-010: a zero interval is the one-second default")

	admin.EXPECT().JobStatus(gomock.Any(), JobID("J2")).Return(Job{ID: "J2", State: JobInProgress}, nil).AnyTimes()
	start := clk.Now()
	slept = nil
	_, err = WaitJob(context.Background(), admin, "J2", WaitOptions{Now: clk.Now, Sleep: sleep, Interval: 5 * time.Second})
	require.ErrorIs(t, err, ErrJobTimeout)
	assert.Equal(t, time.Minute, clk.Now().Sub(start), "ENG-010: the default timeout is a minute")
	assert.Len(t, slept, 12, "ENG-010: the caller's interval is kept")
}
