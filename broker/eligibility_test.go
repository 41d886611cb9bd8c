package broker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intp(i int) *int { return &i }

func TestEligibleLine(t *testing.T) {
	e := CheckLine(eligibleOrder(), eligibleOrder().Lines[0], baseSets, t0)
	assert.True(t, e.Eligible)
	assert.Empty(t, e.Reasons)
	assert.False(t, e.FulfillmentAssignment)
}

func TestEligibilityReasons(t *testing.T) {
	cases := []struct {
		name  string
		rule  string
		code  ReasonCode
		s     func(*Settings)
		order func(*Order, *OrderLine)
	}{
		{"K08 unselected", "BRK-014", ReasonNotSendingBackorders, func(s *Settings) { s.SendBackorders = false }, nil},                                                                                                                                      // BRK-014
		{"active PO item", "BRK-020", ReasonActivePOItem, nil, func(_ *Order, l *OrderLine) { l.Item.ActivePO = true }},                                                                                                                                     // BRK-020
		{"item not OROB eligible", "BRK-026", ReasonItemNotEligible, nil, func(_ *Order, l *OrderLine) { l.Item.OROBEligible = false }},                                                                                                                     // BRK-026
		{"not fully backordered", "BRK-027", ReasonNotFullyBackordered, nil, func(_ *Order, l *OrderLine) { l.Ordered = 3 }},                                                                                                                                // BRK-027
		{"line not open", "BRK-028", ReasonLineNotOpen, nil, func(_ *Order, l *OrderLine) { l.Status = LineSoldOut }},                                                                                                                                       // BRK-028
		{"gift wrap", "BRK-029", ReasonGiftWrap, nil, func(_ *Order, l *OrderLine) { l.GiftWrap = true }},                                                                                                                                                   // BRK-029 (a)
		{"special handling", "BRK-029", ReasonSpecialHandling, nil, func(_ *Order, l *OrderLine) { l.SpecialHandling = []SpecialHandling{{}} }},                                                                                                             // BRK-029 (b)
		{"future arrival date", "BRK-029", ReasonFutureArrival, nil, func(_ *Order, l *OrderLine) { l.FutureArrival = true }},                                                                                                                               // BRK-029 (c)
		{"future order", "BRK-045", ReasonFutureOrder, nil, func(o *Order, _ *OrderLine) { o.FutureOrder = true }},                                                                                                                                          // BRK-045
		{"customer bypasses reservation", "BRK-029", ReasonCustomerBypass, nil, func(o *Order, _ *OrderLine) { o.SoldTo.BypassReservation = true }},                                                                                                         // BRK-029 (d), BRK-312
		{"drop ship item", "BRK-031", ReasonDropShip, nil, func(_ *Order, l *OrderLine) { l.Item.DropShip = true }},                                                                                                                                         // BRK-031
		{"order received from OB", "BRK-031", ReasonReceivedFromOB, nil, func(o *Order, _ *OrderLine) { o.ReceivedFromOB = true }},                                                                                                                          // BRK-031
		{"set component", "BRK-031", ReasonSetItem, nil, func(_ *Order, l *OrderLine) { l.Item.SetComponent = true }},                                                                                                                                       // BRK-031
		{"main set item", "BRK-031", ReasonSetItem, nil, func(_ *Order, l *OrderLine) { l.Item.SetMain = true }},                                                                                                                                            // BRK-031
		{"membership", "BRK-031", ReasonMembership, nil, func(_ *Order, l *OrderLine) { l.Item.Membership = true }},                                                                                                                                         // BRK-031
		{"stored value card", "BRK-031", ReasonStoredValueCard, nil, func(_ *Order, l *OrderLine) { l.Item.StoredValueCard = true }},                                                                                                                        // BRK-031
		{"non-inventory", "BRK-031", ReasonNonInventory, nil, func(_ *Order, l *OrderLine) { l.Item.NonInventory = true }},                                                                                                                                  // BRK-031
		{"ship-for-pickup, M34 NEVER", "BRK-032", ReasonShipForPickupNotFA, func(s *Settings) { s.ShipForPickupAssignment = ShipForPickupNever }, func(o *Order, _ *OrderLine) { o.ShipForPickup = true }},                                                  // BRK-032, BRK-313
		{"ship-for-pickup, M34 blank", "BRK-032", ReasonShipForPickupNotFA, nil, func(o *Order, _ *OrderLine) { o.ShipForPickup = true }},                                                                                                                   // BRK-032
		{"held order, M18 unselected", "BRK-034", ReasonOrderNotOpen, nil, func(o *Order, _ *OrderLine) { o.Status = OrderHeld }},                                                                                                                           // BRK-034, BRK-099
		{"suspended order", "BRK-034", ReasonOrderNotOpen, func(s *Settings) { s.SendHeldOrders = true }, func(o *Order, _ *OrderLine) { o.Status = OrderSuspended }},                                                                                       // BRK-034
		{"not paid", "BRK-035", ReasonNotPaid, nil, func(o *Order, _ *OrderLine) { o.PaidInFull = false }},                                                                                                                                                  // BRK-035
		{"not authorized", "BRK-035", ReasonNotPaid, nil, func(o *Order, _ *OrderLine) { o.Authorized = false }},                                                                                                                                            // BRK-035
		{"PO due within K11", "BRK-036", ReasonPODueWithinThreshold, func(s *Settings) { s.DueDateThreshold = intp(10) }, func(_ *Order, l *OrderLine) { l.NextPODue = t0.AddDate(0, 0, 10) }},                                                              // BRK-036, BRK-105
		{"ship complete, K12 unselected", "BRK-037", ReasonShipComplete, nil, func(o *Order, _ *OrderLine) { o.ShipComplete = true }},                                                                                                                       // BRK-037
		{"coordinate grouped, K13 unselected", "BRK-038", ReasonCoordinateGrouped, nil, func(_ *Order, l *OrderLine) { l.CoordinateGroup = 2 }},                                                                                                             // BRK-038
		{"gift order, K14 unselected", "BRK-039", ReasonGiftOrder, nil, func(o *Order, _ *OrderLine) { o.Gift = true }},                                                                                                                                     // BRK-039
		{"non-allocatable warehouse stock, J25+J27", "BRK-043", ReasonNonAllocatableStock, func(s *Settings) { s.ReserveFromNonAllocatable, s.DisregardSoldoutNonAllocatable = true, true }, func(_ *Order, l *OrderLine) { l.NonAllocatableStock = true }}, // BRK-043
		{"partially reserved", "BRK-044", ReasonPartiallyReserved, nil, func(_ *Order, l *OrderLine) { l.Ordered, l.Reserved, l.Backordered = 3, 1, 2 }},                                                                                                    // BRK-044
		{"earlier request unfulfillable", "BRK-102", ReasonPreviousRequestFailed, nil, func(_ *Order, l *OrderLine) { l.PreviousOutcome = StatusUnfulfillable }},                                                                                            // BRK-102
		{"earlier request in error", "BRK-102", ReasonPreviousRequestFailed, nil, func(_ *Order, l *OrderLine) { l.PreviousOutcome = StatusError }},                                                                                                         // BRK-102
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.name, func(t *testing.T) {
			s := baseSets
			if c.s != nil {
				c.s(&s)
			}
			o := eligibleOrder()
			if c.order != nil {
				c.order(&o, &o.Lines[0])
			}
			e := CheckLine(o, o.Lines[0], s, t0)
			assert.False(t, e.Eligible)
			require.True(t, e.Has(c.code), "reasons: %v", e.Reasons)
			for _, r := range e.Reasons {
				if r.Code == c.code {
					assert.Equal(t, c.rule, r.Rule)
					assert.Contains(t, r.Message, "order 8953-001 line 4")
					assert.Contains(t, r.String(), c.rule)
				}
			}
		})
	}
}

func TestEligibilityListsEveryReason(t *testing.T) {
	// Not the first reason: all of them, each with its rule.
	o := eligibleOrder()
	l := &o.Lines[0]
	l.Item.OROBEligible, l.GiftWrap, l.Item.DropShip = false, true, true
	o.Status, o.Gift = OrderHeld, true
	e := CheckLine(o, *l, baseSets, t0)
	var rules []string
	for _, r := range e.Reasons {
		rules = append(rules, r.Rule)
	}
	assert.Equal(t, []string{"BRK-026", "BRK-029", "BRK-039", "BRK-031", "BRK-034"}, rules)
	all := CheckOrder(o, baseSets, t0)
	require.Len(t, all, 1)
	assert.Equal(t, e, all[0])
}

func TestFulfillmentAssignmentLiftsRules(t *testing.T) {
	// BRK-029: with FA, gift wrap, special handling, future arrival/orders and bypass do not block.
	// BRK-040: with FA, K11, K12, K13 and K14 are ignored. BRK-044: partial reservation does not arise.
	fa := baseSets
	fa.FulfillmentAssignment = true // M31
	fa.DueDateThreshold = intp(30)
	o := eligibleOrder()
	l := &o.Lines[0]
	l.GiftWrap, l.FutureArrival, l.CoordinateGroup, l.NextPODue = true, true, 3, t0.AddDate(0, 0, 1)
	l.SpecialHandling = []SpecialHandling{{Custom: false}}
	o.FutureOrder, o.ShipComplete, o.Gift, o.SoldTo.BypassReservation = true, true, true, true
	e := CheckLine(o, *l, fa, t0)
	assert.True(t, e.Eligible, "%v", e.Reasons)
	assert.True(t, e.FulfillmentAssignment)
	// Same order without FA: each of those is a reason.
	e = CheckLine(o, *l, baseSets, t0)
	for _, code := range []ReasonCode{ReasonGiftWrap, ReasonSpecialHandling, ReasonFutureArrival, ReasonFutureOrder, ReasonCustomerBypass, ReasonShipComplete, ReasonCoordinateGrouped, ReasonGiftOrder} {
		assert.True(t, e.Has(code), code)
	}
	// BRK-031: FA never lifts the hard exclusions.
	l.Item.Membership = true
	assert.True(t, CheckLine(o, *l, fa, t0).Has(ReasonMembership))
}

func TestShipForPickupAlways(t *testing.T) {
	// BRK-017, BRK-032: M34 = ALWAYS makes ship-for-pickup lines eligible and FA.
	// BRK-039: eligible ship-for-pickup gift orders are sent whatever K14 says.
	s := baseSets
	s.ShipForPickupAssignment = ShipForPickupAlways
	o := eligibleOrder()
	o.ShipForPickup, o.Gift = true, true
	e := CheckLine(o, o.Lines[0], s, t0)
	assert.True(t, e.Eligible, "%v", e.Reasons)
	assert.True(t, e.FulfillmentAssignment)
	// A delivery order under M34 = ALWAYS is not sent for fulfillment assignment.
	o.ShipForPickup = false
	e = CheckLine(o, o.Lines[0], s, t0)
	assert.False(t, e.FulfillmentAssignment)
	assert.True(t, e.Has(ReasonGiftOrder))
}

func TestInStockLineNotSentWithoutM31_BRK015(t *testing.T) {
	// BRK-015: M31 unselected: only backordered lines go to OB; a reserved (in stock) line does not.
	o := eligibleOrder()
	l := o.Lines[0]
	l.Backordered, l.Reserved = 0, 1
	e := CheckLine(o, l, baseSets, t0)
	assert.False(t, e.Eligible)
	assert.True(t, e.Has(ReasonNotFullyBackordered))
	assert.False(t, e.FulfillmentAssignment)
}

func TestFADefinition(t *testing.T) {
	// §2.3 FA: M31 selected, or M34 = ALWAYS and a ship-for-pickup order (ambiguity A4, A5).
	assert.False(t, Settings{}.FA(true))
	assert.True(t, Settings{FulfillmentAssignment: true}.FA(false))                 // BRK-016
	assert.True(t, Settings{ShipForPickupAssignment: ShipForPickupAlways}.FA(true)) // BRK-017
	assert.False(t, Settings{ShipForPickupAssignment: ShipForPickupAlways}.FA(false))
	assert.False(t, Settings{ShipForPickupAssignment: ShipForPickupNever}.FA(true))
}

func TestHeldOrderWithM18_BRK034(t *testing.T) {
	// BRK-034: with M18 a held order is eligible and goes with under_review = Y.
	s := baseSets
	s.SendHeldOrders = true
	o := eligibleOrder()
	o.Status = OrderHeld
	e := CheckLine(o, o.Lines[0], s, t0)
	assert.True(t, e.Eligible)
	assert.True(t, e.UnderReview)
}

func TestPaymentAtPOS_BRK035(t *testing.T) {
	// BRK-035: with L60 a ship-for-pickup order needs only the verification authorization.
	s := baseSets
	s.ShipForPickupAssignment, s.PaymentAtPOSForShipForPickup = ShipForPickupAlways, true
	o := eligibleOrder()
	o.ShipForPickup, o.PaidInFull, o.Authorized = true, false, true
	assert.True(t, CheckLine(o, o.Lines[0], s, t0).Eligible)
	o.Authorized = false
	assert.True(t, CheckLine(o, o.Lines[0], s, t0).Has(ReasonNotPaid))
	// Without L60 the same order is not eligible.
	s.PaymentAtPOSForShipForPickup = false
	o.Authorized = true
	assert.True(t, CheckLine(o, o.Lines[0], s, t0).Has(ReasonNotPaid))
}

func TestReauthorizeBeforeSubmit_BRK021(t *testing.T) {
	// BRK-021: an expired authorization is renewed before submission.
	o := eligibleOrder()
	o.AuthorizationExpired = true
	e := CheckLine(o, o.Lines[0], baseSets, t0)
	assert.True(t, e.Eligible)
	assert.True(t, e.Reauthorize)
}

func TestSoldoutControlAndQuantities(t *testing.T) {
	s := baseSets
	s.DueDateThreshold = intp(10)
	o := eligibleOrder()
	l := o.Lines[0]
	for _, c := range []struct {
		name string
		ctl  SoldoutControl
		po   int // days until the PO is due; 0 = none
		want bool
	}{
		{"BRK-041 BRK-103 BRK-104 sell out immediately is still brokered", SoldoutImmediately, 0, true},
		{"BRK-105 include on-order, no PO within K11", SoldoutIncludeOnOrder, 11, true},
		{"BRK-105 include on-order, PO within K11", SoldoutIncludeOnOrder, 5, false},
		{"BRK-106 exclude on-order, PO within K11 does not matter", SoldoutExcludeOnOrder, 5, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := l
			l.Item.SoldoutControl = c.ctl
			if c.po > 0 {
				l.NextPODue = t0.AddDate(0, 0, c.po)
			}
			assert.Equal(t, c.want, CheckLine(o, l, s, t0).Eligible)
		})
	}
	t.Run("BRK-105 include on-order, K11 blank: POs do not matter", func(t *testing.T) {
		l := l
		l.Item.SoldoutControl, l.NextPODue = SoldoutIncludeOnOrder, t0.AddDate(0, 0, 1)
		assert.True(t, CheckLine(o, l, baseSets, t0).Eligible)
	})
	t.Run("BRK-042 quantity above the reserve quantity limit", func(t *testing.T) {
		l := l
		l.Ordered, l.Backordered, l.Item.ReserveQtyLimit = 50, 50, 10
		assert.True(t, CheckLine(o, l, s, t0).Eligible)
	})
	t.Run("BRK-033 projected returns are ignored", func(t *testing.T) {
		l := l
		l.Item.ProjectedReturns = 100
		assert.True(t, CheckLine(o, l, s, t0).Eligible)
	})
	t.Run("BRK-044 BRK-100 remaining backorder after the reserved part shipped", func(t *testing.T) {
		l := l
		l.Ordered, l.Shipped, l.Reserved, l.Backordered = 3, 1, 0, 2
		assert.True(t, CheckLine(o, l, s, t0).Eligible)
	})
}

func TestFallback(t *testing.T) {
	o := eligibleOrder()
	l := o.Lines[0]
	l.GiftWrap = true
	e := CheckLine(o, l, baseSets, t0)
	// BRK-107: known at creation: standard processing, as if not OROB eligible.
	assert.Equal(t, FallbackStandard, FallbackFor(e, l, false))
	// BRK-108: added later: sell out immediately sells out; include/exclude on-order do not.
	l.Item.SoldoutControl = SoldoutImmediately
	assert.Equal(t, FallbackSellOut, FallbackFor(e, l, true))
	l.Item.SoldoutControl = SoldoutIncludeOnOrder
	assert.Equal(t, FallbackStayBackordered, FallbackFor(e, l, true))
	l.Item.SoldoutControl = SoldoutExcludeOnOrder
	assert.Equal(t, FallbackStayBackordered, FallbackFor(e, l, true))
	// BRK-109: future order items with soldout control sell out.
	o.FutureOrder = true
	l = o.Lines[0]
	l.Item.SoldoutControl = SoldoutIncludeOnOrder
	assert.Equal(t, FallbackSellOut, FallbackFor(CheckLine(o, l, baseSets, t0), l, false))
	l.Item.SoldoutControl = SoldoutNone
	assert.Equal(t, FallbackStandard, FallbackFor(CheckLine(o, l, baseSets, t0), l, false))
	ok := eligibleOrder()
	assert.Equal(t, FallbackBroker, FallbackFor(CheckLine(ok, ok.Lines[0], baseSets, t0), ok.Lines[0], false))
}
