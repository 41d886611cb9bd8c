package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanReauthFailure(t *testing.T) {
	ful := OrderKey{Company: 6, Order: 9100, ShipTo: 1}
	f := ReauthFailure{Originating: key8953, LineSeq: 2, RequestID: "78390", Fulfilling: &ful, GenericPickOut: true,
		Picks: []PendingPickSlip{{Number: 4411, ReauthEligible: true}, {Number: 4412, DropShip: true, ReauthEligible: true}, {Number: 4413}}}

	t.Run("BRK-247 fulfilling order held and its picks voided", func(t *testing.T) {
		p := PlanReauthFailure(f)
		assert.Equal(t, "AR", p.OriginatingHold)
		assert.Equal(t, "AU", p.FulfillingHold)
		assert.Equal(t, []int{4411}, p.VoidPicks)
		assert.Equal(t, []int{4411}, p.PickOut)
		assert.Equal(t, []string{"Pick 4411 voided due to expired auth", "SYS-HLD - BROKER ORDER UNDER REVIEW"}, p.Messages)
	})

	t.Run("BRK-248 drop ship picks and POs untouched", func(t *testing.T) {
		p := PlanReauthFailure(f)
		assert.Equal(t, []int{4412}, p.Untouched)
		assert.NotContains(t, p.VoidPicks, 4412)
	})

	t.Run("BRK-244 expired payment: Under Review update and the fulfilling order held", func(t *testing.T) {
		p := PlanReauthFailure(f)
		assert.Equal(t, UnderReviewUpdate{Key: key8953, LineSeq: 2, RequestID: "78390", UnderReview: true}, p.UnderReview)
		assert.Equal(t, "AU", p.FulfillingHold)
	})

	t.Run("BRK-249 already shipped: the update still goes, nothing else", func(t *testing.T) {
		shipped := f
		shipped.FulfillingShipped = true
		p := PlanReauthFailure(shipped)
		assert.True(t, p.UnderReview.UnderReview)
		assert.Equal(t, "78390", p.UnderReview.RequestID)
		assert.Empty(t, p.FulfillingHold)
		assert.Empty(t, p.VoidPicks)
		assert.Empty(t, p.Messages)
	})

	t.Run("no fulfilling order", func(t *testing.T) {
		none := f
		none.Fulfilling = nil
		p := PlanReauthFailure(none)
		assert.Equal(t, "AR", p.OriginatingHold)
		assert.Empty(t, p.FulfillingHold)
	})
}

func TestCheckHoldRelease(t *testing.T) {
	// BRK-251: AU cannot be released on any screen.
	err := CheckHoldRelease("AU", true)
	require.ErrorIs(t, err, ErrHoldNotReleasable)
	assert.Contains(t, err.Error(), "hold AU")
	// BRK-250: AR only with a valid authorization for the balance.
	assert.ErrorIs(t, CheckHoldRelease("AR", false), ErrHoldNotReleasable)
	assert.NoError(t, CheckHoldRelease("AR", true))
	assert.NoError(t, CheckHoldRelease("CR", false))
}
