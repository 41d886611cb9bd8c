package engage

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// processedFeed is a feed whose order O-1 was sent and processed with tag
// v2 and status "shipped".
func processedFeed(t *testing.T, p *MockPlatform, cfg Config) *Feed {
	t.Helper()
	ctx := context.Background()
	f := NewFeed(p, NewMemoryStore(), cfg)
	o := validOrder()
	o.Status = "shipped"
	p.EXPECT().PutOrder(ctx, gomock.Any(), VersionTag("")).Return(JobID("J1"), nil)
	p.EXPECT().JobStatus(ctx, JobID("J1")).Return(Job{ID: "J1", Order: "O-1", State: JobProcessed, Tag: "v2"}, nil)
	_, err := f.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = f.Flush(ctx)
	require.NoError(t, err)
	_, err = f.Confirm(ctx)
	require.NoError(t, err)
	return f
}

var errStale = fmt.Errorf("order O-1: %w: version tag is not current", ErrStaleVersion)

// ENG-011, ENG-012, ENG-013: another system changed the order, so the tag
// the feed last saw is refused; the feed reads the current tag with the
// data, and triggers once with it when the action still applies.
func TestTriggerActionAfterOutsideChange_ENG_011_ENG_013(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := processedFeed(t, p, Config{})
	cur := validOrder()
	cur.Status, cur.Delivery = "shipped", &Delivery{Tracking: "1Z9"} // the carrier's tracking, from elsewhere
	gomock.InOrder(
		p.EXPECT().TriggerAction(ctx, OrderID("O-1"), ActionName("send-shipping-confirmation"), VersionTag("v2")).Return(errStale),
		p.EXPECT().Order(ctx, OrderID("O-1")).Return(StoredOrder{Order: cur, Tag: "v3"}, nil),
		// ENG-012: the current tag, read together with the data decided on
		p.EXPECT().TriggerAction(ctx, OrderID("O-1"), ActionName("send-shipping-confirmation"), VersionTag("v3")).Return(nil),
	)
	require.NoError(t, f.TriggerAction(ctx, "O-1", "send-shipping-confirmation"))
	tag, _, err := f.Tag(ctx, "O-1")
	require.NoError(t, err)
	assert.Equal(t, VersionTag("v3"), tag) // ENG-011: the latest tag seen is kept
}

// ENG-013: the action no longer applies to the current data: a typed error
// says why and nothing is sent.
func TestTriggerActionNoLongerApplies_ENG_013(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := processedFeed(t, p, Config{})
	cur := validOrder()
	cur.Status = "canceled"
	p.EXPECT().TriggerAction(ctx, OrderID("O-1"), gomock.Any(), VersionTag("v2")).Return(errStale)
	p.EXPECT().Order(ctx, OrderID("O-1")).Return(StoredOrder{Order: cur, Tag: "v3"}, nil)
	err := f.TriggerAction(ctx, "O-1", "send-shipping-confirmation") // no TriggerAction with v3 expected
	require.ErrorIs(t, err, ErrActionNoLongerApplies)
	var ae *ActionError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, ActionError{Order: "O-1", Action: "send-shipping-confirmation", Tag: "v2", Current: "v3",
		Reason: `the order's status is now "canceled", the action was for "shipped"`}, *ae)
	assert.False(t, errors.Is(err, ErrStaleVersion))
}

// The order changes again between the read and the second trigger: the
// feed does not loop; it returns the refusal.
func TestTriggerActionDoesNotLoop(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	f := processedFeed(t, p, Config{})
	cur := validOrder()
	cur.Status = "shipped"
	p.EXPECT().TriggerAction(ctx, OrderID("O-1"), gomock.Any(), VersionTag("v2")).Return(errStale)
	p.EXPECT().Order(ctx, OrderID("O-1")).Return(StoredOrder{Order: cur, Tag: "v3"}, nil).Times(1)
	p.EXPECT().TriggerAction(ctx, OrderID("O-1"), gomock.Any(), VersionTag("v3")).Return(errStale).Times(1)
	err := f.TriggerAction(ctx, "O-1", "send-shipping-confirmation")
	require.ErrorIs(t, err, ErrStaleVersion)
	require.NotErrorIs(t, err, ErrActionNoLongerApplies)
	var ae *ActionError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, VersionTag("v3"), ae.Current)

	// the order is gone: the read's error, and nothing sent
	p.EXPECT().TriggerAction(ctx, OrderID("O-1"), gomock.Any(), VersionTag("v3")).Return(errStale)
	p.EXPECT().Order(ctx, OrderID("O-1")).Return(StoredOrder{}, fmt.Errorf("order O-1: %w", ErrNotFound))
	err = f.TriggerAction(ctx, "O-1", "send-shipping-confirmation")
	require.ErrorIs(t, err, ErrNotFound)
}

// A host rule decides instead of the default one, on the data the feed
// had processed and the current data.
func TestTriggerActionHostRule(t *testing.T) {
	ctrl := gomock.NewController(t)
	p := NewMockPlatform(ctrl)
	ctx := context.Background()
	var gotExpected, gotCurrent Order
	f := processedFeed(t, p, Config{ActionApplies: func(_ ActionName, expected, current Order) (bool, string) {
		gotExpected, gotCurrent = expected, current
		return len(current.Lines) == len(expected.Lines), "lines changed"
	}})
	cur := validOrder()
	cur.Status = "shipped"
	cur.Lines = append(cur.Lines, Line{LineNo: 9, Article: "extra", Quantity: 1})
	p.EXPECT().TriggerAction(ctx, OrderID("O-1"), gomock.Any(), VersionTag("v2")).Return(errStale)
	p.EXPECT().Order(ctx, OrderID("O-1")).Return(StoredOrder{Order: cur, Tag: "v3"}, nil)
	err := f.TriggerAction(ctx, "O-1", "send-shipping-confirmation")
	require.ErrorIs(t, err, ErrActionNoLongerApplies)
	assert.Contains(t, err.Error(), "lines changed")
	assert.Equal(t, "shipped", gotExpected.Status)
	assert.Len(t, gotCurrent.Lines, len(gotExpected.Lines)+1)
}

func TestActionErrorText(t *testing.T) {
	e := &ActionError{Order: "O-1", Action: "ship", Tag: "v2", Current: "v3", Reason: "the order was canceled"}
	assert.Equal(t, "order O-1: action ship: version tag v2 is stale, current v3: the order was canceled", e.Error())
	e.Current = ""
	assert.Equal(t, "order O-1: action ship: version tag v2 is stale: the order was canceled", e.Error(), "no current tag read: none shown")
}
