package broker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Rules whose tests passed with the rule broken (issue 13 item 3): each is
// asserted here on every branch, under its own ID.

// F3.09 (BRK-219): OB says the received order is under review at pick slip
// generation: no pick slip, AU hold, and the record stays where it is, from
// I and from P (ambiguity A11).
func TestF309_UnderReviewKeepsTheRecordStatus(t *testing.T) {
	s := f3Settings()
	yes := true
	ev := PickGenEvent(OrderStatusReport{OrderStatus: "accepted", UnderReview: &yes}, nil)
	require.Equal(t, EventPickGenUnderReview, ev.Kind)
	for _, from := range []Status{StatusInProcess, StatusPolled} {
		r := f3Rec(from, true)
		res := applyFlow(t, &ReceivedFromBroker, s, r, ev)
		assert.Equal(t, "F3.09", res.Row)
		assert.Equal(t, from, res.Record.Status, "F3.09: the record status stays %s", from)
		assert.Equal(t, []PickSlip{{Record: r.ID, Key: r.Key, Print: false}}, effectsOf[PickSlip](res.Effects), "F3.09: no pick slip")
		assert.Equal(t, []OrderHold{{Record: r.ID, Key: r.Key, Reason: HoldUnderReview}}, effectsOf[OrderHold](res.Effects), "F3.09: AU hold")
	}
}

// F4.13 (BRK-283): a store pickup order canceled in OMS has every hold
// removed: the hold is released, not placed, from K, P, A and L.
func TestF413_CancelReleasesHolds(t *testing.T) {
	s := f4Settings()
	for _, from := range []Status{StatusAcknowledged, StatusPolled, StatusAccepted, StatusPartialFulfill} {
		r := f4Rec(from)
		res := applyFlow(t, &StorePickup, s, r, Event{Kind: EventRequestCanceled, LineCanceled: true, CancelReasonCode: "CR"})
		assert.Equal(t, StatusPendingCancel, res.Record.Status, "F4.13 from %s", from)
		assert.Equal(t, []OrderHold{{Record: r.ID, Key: r.Key, Release: true}}, effectsOf[OrderHold](res.Effects),
			"F4.13, BRK-283: every hold on the order released (from %s)", from)
	}
}

// BRK-055: freight goes in the SubmitOrder only with L56; a non-zero freight
// is not sent without it.
func TestBRK055_FreightOnlyWithSplitOrder(t *testing.T) {
	o := eligibleOrder()
	o.Freight, o.AdditionalCharges = dec("5.00"), dec("1.50")
	so, err := BuildSubmitOrder(o, []int{4}, baseSets, t0)
	require.NoError(t, err)
	assert.Nil(t, so.FreightAmount, "BRK-055: no freight without L56, though the order has 5.00")
	assert.True(t, so.Total.Equal(so.Subtotal.Add(so.Tax)), "BRK-055: the total carries no freight without L56")
	s := baseSets
	s.SplitOrder = true
	so, err = BuildSubmitOrder(o, []int{4}, s, t0)
	require.NoError(t, err)
	require.NotNil(t, so.FreightAmount, "BRK-055: freight with L56")
	assert.True(t, so.FreightAmount.Equal(dec("6.50")), "BRK-055: the order's freight and charges")
}

// BRK-408: the cancel StatusUpdate's store_location is K51 when L06 is
// unselected, else the warehouse's OROB location (K51 when the warehouse
// has none); the system is K50.
func TestBRK408_CancelLocation(t *testing.T) {
	reqs := []CancelRequest{{Key: key8953, LineSeq: 1, RequestID: "55", ReasonCode: "02", ReasonText: "FIRST"}}
	u, err := NewCancelUpdate(reqs, baseSets, "WH1", t0)
	require.NoError(t, err)
	assert.Equal(t, Location{Location: "1234567890", System: "6"}, u.StoreLocation, "BRK-408: L06 unselected: K51")
	l06 := baseSets
	l06.SendInventoryByWarehouse = true
	u, err = NewCancelUpdate(reqs, l06, "WH1", t0)
	require.NoError(t, err)
	assert.Equal(t, Location{Location: "WH1", System: "6"}, u.StoreLocation, "BRK-408: L06 selected: the warehouse's OROB location")
	u, err = NewCancelUpdate(reqs, l06, "", t0)
	require.NoError(t, err)
	assert.Equal(t, Location{Location: "1234567890", System: "6"}, u.StoreLocation, "BRK-408: L06 selected, no warehouse location: K51")
	assert.Equal(t, OBCanceled, u.OrderStatus, "BRK-408: requested status canceled")
	assert.Equal(t, "02", u.OrderReasonCode, "BRK-408: the cancel reason code")
	assert.Equal(t, "FIRST", u.OrderReasonNote, "BRK-408: the cancel reason description")
}

// BRK-404: the status list request of pick slip generation: M05 = CANCELED
// asks for canceled orders only (status_condition EQ, statuses canceled),
// M05 = ALL for every status (no statuses element), M05 = NO or blank for
// no list request at all.
func TestBRK404_PickGenStatusesByM05(t *testing.T) {
	for _, c := range []struct {
		m05  string
		want PickGenInquiry
	}{
		{"CANCELED", PickGenInquiry{List: true, ResponseType: "SUMMARY", Statuses: []string{"canceled"}}},
		{" canceled ", PickGenInquiry{List: true, ResponseType: "SUMMARY", Statuses: []string{"canceled"}}},
		{"ALL", PickGenInquiry{List: true, ResponseType: "SUMMARY"}},
		{"NO", PickGenInquiry{}},
		{"", PickGenInquiry{}},
	} {
		s := baseSets
		s.Flows.StatusInquiryList = c.m05
		assert.Equal(t, c.want, PickGenInquiryFor(s), "BRK-404: M05 = %q", c.m05)
	}
}

// BRK-016: with M31 every eligible line is sent for fulfillment assignment
// with reservation skipped: its Bypass reservation flag set and the
// backorder reason "Reservation bypassed" (BRK-049), every line of the
// order; without M31 reservation is not bypassed.
func TestBRK016_FulfillmentAssignmentSkipsReservation(t *testing.T) {
	fa := baseSets
	fa.FulfillmentAssignment = true
	for _, seq := range []int{4, 5} {
		r := Record{ID: rec(seq, 0).ID, Flow: "F1", Key: key8953, LineSeq: seq, LineNo: seq, FulfillmentAssignment: fa.FA(false)}
		res := applyF1(t, fa, r, Event{Kind: EventLineEligible})
		ups := effectsOf[LineUpdate](res.Effects)
		require.Len(t, ups, 1)
		assert.True(t, ups[0].SetBypassReservation, "BRK-016: line %d skips reservation", seq)
		assert.Equal(t, BackorderReasonBypassed, ups[0].BackorderReason, "BRK-016: line %d is backordered: reservation bypassed", seq)
		assert.True(t, ups[0].AssignToBroker, "BRK-016: line %d goes to OB for its location", seq)
	}
	r := Record{ID: rec(4, 0).ID, Flow: "F1", Key: key8953, LineSeq: 4, LineNo: 4, FulfillmentAssignment: baseSets.FA(false)}
	ups := effectsOf[LineUpdate](applyF1(t, baseSets, r, Event{Kind: EventLineEligible}).Effects)
	require.Len(t, ups, 1)
	assert.False(t, ups[0].SetBypassReservation, "BRK-016: without M31 reservation is not skipped")
	assert.Empty(t, ups[0].BackorderReason, "BRK-016")
}

// BRK-277 (the K, P, A half): a store pickup record in K, P or A is inquired
// on every K10 minutes, not before.
func TestBRK277_StorePickupInquiredEveryK10(t *testing.T) {
	s := f4Settings()
	k10 := time.Duration(s.StatusUpdateInterval) * time.Minute
	require.Positive(t, k10)
	for _, st := range []Status{StatusAcknowledged, StatusPolled, StatusAccepted} {
		r := f4Rec(st)
		r.LastInquiry, r.UpdatedAt = t0, t0
		assert.False(t, DueForInquiry(r, s, t0.Add(k10-time.Minute)), "BRK-277: %s waits K10", st)
		assert.True(t, DueForInquiry(r, s, t0.Add(k10)), "BRK-277: %s is inquired on after K10", st)
		assert.Equal(t, InquiryEveryInterval, FrequencyOf(st), "BRK-277: %s by K10", st)
	}
}
