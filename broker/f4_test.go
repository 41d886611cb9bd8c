package broker

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func f4Settings() Settings {
	s := baseSets
	s.Flows = FlowSettings{RejectedStorePickupCancelReason: "G1", StorePickupOrderType: "SP", MerchandiseLocator: true}
	s.POSName = "POS09"
	return s
}

func f4Rec(st Status) Record {
	r := flowRec("F4", 1, st)
	r.RequestID, r.PickupOrder, r.FulfillingLocation, r.PickupLocation = "9001", true, "7", "7"
	return r
}

func TestF4Table(t *testing.T) {
	require.NoError(t, StorePickup.Validate())
	for i := 1; i <= 15; i++ {
		assert.NotEmpty(t, StorePickup.RowsByID(fmt.Sprintf("F4.%02d", i)), "row F4.%02d", i)
	}
	s := f4Settings()
	ack := Event{Kind: EventSubmitAcknowledged, Source: SourceSubmitResponse, RequestID: "9001", FulfillingLocation: "7", FulfillingSystem: "STC"}

	t.Run("F4.01", func(t *testing.T) {
		// BRK-269: answered OK -> K, "Submit Order Succeeded", "Ln#: n Acknowledged by Broker".
		res := applyFlow(t, &StorePickup, s, flowRec("F4", 1, 0), ack)
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.True(t, res.Record.PickupOrder)
		assert.Equal(t, []string{"Submit Order Succeeded", "Ln#: 1 Acknowledged by Broker"}, textsOf(res.Effects))
		// BRK-270: every line has its own record, all with the one request ID.
		two := applyFlow(t, &StorePickup, s, flowRec("F4", 2, 0), ack)
		assert.NotEqual(t, res.Record.ID, two.Record.ID)
		assert.Equal(t, res.Record.RequestID, two.Record.RequestID)
	})

	t.Run("F4.02", func(t *testing.T) {
		// BRK-271: OB unreachable: R, "Submit Order Failed - OROB Unavailable" (ambiguity A27).
		res := applyFlow(t, &StorePickup, s, flowRec("F4", 1, 0), Event{Kind: EventSubmitUnavailable})
		assert.Equal(t, StatusReady, res.Record.Status)
		assert.Equal(t, []string{"Submit Order Failed - OROB Unavailable"}, textsOf(res.Effects))
	})

	t.Run("F4.03", func(t *testing.T) {
		// BRK-271: tried again at the next BROKER_ORD start: R -> K.
		res := applyFlow(t, &StorePickup, s, flowRec("F4", 1, StatusReady), ack)
		assert.Equal(t, StatusAcknowledged, res.Record.Status)
		assert.Equal(t, []string{"Submit Order Succeeded", "Ln#: 1 Acknowledged by Broker"}, textsOf(res.Effects))
	})

	t.Run("F4.04", func(t *testing.T) {
		// BRK-284: submit error: canceled with G11, Rsn: lines, maintained, web cancel. BRK-283: holds removed.
		// BRK-310: E reverses the authorization.
		ev := Event{Kind: EventSubmitError, ErrorText: "INVALID FULFILLING LOCATION CODE. LOCATION (10) DOES NOT EXIST FOR SYSTEM (SYSTEM01)"}
		for _, from := range []Status{0, StatusReady} {
			res := applyFlow(t, &StorePickup, s, flowRec("F4", 1, from), ev)
			assert.Equal(t, StatusError, res.Record.Status)
			assert.Equal(t, []string{"Submit Order Rejected/Order Canceled", "Rsn:INVALID FULFILLING LOCATION CODE. LO",
				"CATION (10) DOES NOT EXIST FOR SYSTE", "M (SYSTEM01)", "Order was maintained", "Web cancel request processed."}, textsOf(res.Effects))
			assert.Equal(t, []OrderCancel{{Record: res.Record.ID, Key: key8953, LineSeq: 1, WholeOrder: true, Reason: "G1"}}, effectsOf[OrderCancel](res.Effects))
			assert.Equal(t, []OrderHold{{Record: res.Record.ID, Key: key8953, Release: true}}, effectsOf[OrderHold](res.Effects))
			assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1)
		}
	})

	t.Run("F4.05", func(t *testing.T) {
		// BRK-278: Polled -> P, nothing written.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusAcknowledged), Event{Kind: EventPolled})
		assert.Equal(t, StatusPolled, res.Record.Status)
		assert.Empty(t, textsOf(res.Effects))
	})

	t.Run("F4.06", func(t *testing.T) {
		// BRK-278: Accepted -> A with "Accepted by Broker"; Picked -> A. BRK-319: picked shows as A.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusPolled), Event{Kind: EventAccepted})
		assert.Equal(t, StatusAccepted, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 1 Accepted by Broker"}, textsOf(res.Effects))
		res = applyFlow(t, &StorePickup, s, f4Rec(StatusAcknowledged), Event{Kind: EventPicked})
		assert.Equal(t, StatusAccepted, res.Record.Status)
		assert.Empty(t, textsOf(res.Effects))
	})

	t.Run("F4.07", func(t *testing.T) {
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusAccepted), Event{Kind: EventPosted})
		assert.Equal(t, StatusPosted, res.Record.Status)
	})

	t.Run("F4.08", func(t *testing.T) {
		// BRK-278: Partial Fulfill -> L with "Customer Partial Pick Up". BRK-277: L is then inquired daily.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusAccepted), Event{Kind: EventPartiallyFulfilled})
		assert.Equal(t, StatusPartialFulfill, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 1 Customer Partial Pick Up"}, textsOf(res.Effects))
		assert.Equal(t, InquiryDaily, FrequencyOf(res.Record.Status))
	})

	t.Run("F4.09", func(t *testing.T) {
		// BRK-279: Fulfilled -> X: billing, drop ship flag cleared, payment deactivated with Suppress deposit = M16,
		// "Ln#: n Shipped by Broker". BRK-283: holds cleared.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusPartialFulfill), Event{Kind: EventFulfilled})
		assert.Equal(t, StatusCompleted, res.Record.Status)
		assert.Len(t, effectsOf[BillingRequest](res.Effects), 1)
		assert.True(t, effectsOf[LineUpdate](res.Effects)[0].ClearDropShip)
		pd := effectsOf[PaymentDeactivation](res.Effects)
		require.Len(t, pd, 1)
		require.NotNil(t, pd[0].SuppressDeposit)
		assert.False(t, *pd[0].SuppressDeposit)
		assert.Equal(t, []OrderHold{{Record: res.Record.ID, Key: key8953, Release: true}}, effectsOf[OrderHold](res.Effects))
		assert.Equal(t, []string{"Ln#: 1 Shipped by Broker"}, textsOf(res.Effects))
		m16 := s
		m16.Flows.PaymentAtPOSForStorePickup = true
		res = applyFlow(t, &StorePickup, m16, f4Rec(StatusAcknowledged), Event{Kind: EventFulfilled})
		assert.True(t, *effectsOf[PaymentDeactivation](res.Effects)[0].SuppressDeposit)
	})

	t.Run("F4.10", func(t *testing.T) {
		// BRK-280: the store rejected: U (ambiguity A16), canceled with G11, one "Rejected by Store" per line.
		// BRK-283: holds removed. BRK-310: U reverses. BRK-323: the rejected line keeps its fulfilling location.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusAccepted), Event{Kind: EventUnfulfillable})
		assert.Equal(t, StatusUnfulfillable, res.Record.Status)
		assert.Equal(t, []string{"Order was maintained", "Web cancel request processed.", "Ln#: 1 Rejected by Store"}, textsOf(res.Effects))
		assert.Equal(t, "G1", effectsOf[OrderCancel](res.Effects)[0].Reason)
		assert.True(t, effectsOf[OrderCancel](res.Effects)[0].WholeOrder)
		assert.Len(t, effectsOf[OrderHold](res.Effects), 1)
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1)
		assert.Equal(t, "7", res.Record.FulfillingLocation)
		// BRK-280: G11 blank: not canceled, "Submit Order Rejected/Order Not Canceled".
		noG11 := s
		noG11.Flows.RejectedStorePickupCancelReason = ""
		res = applyFlow(t, &StorePickup, noG11, f4Rec(StatusPolled), Event{Kind: EventUnfulfillable})
		assert.Equal(t, []string{"Submit Order Rejected/Order Not Canceled"}, textsOf(res.Effects))
		assert.Empty(t, effectsOf[OrderCancel](res.Effects))
	})

	t.Run("F4.11", func(t *testing.T) {
		// BRK-281: canceled at the store: Z, item canceled with G11, "Canceled by Store". BRK-283: holds removed.
		// BRK-323: canceled through OB by another location: the fulfilling location is kept.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusPartialFulfill), Event{Kind: EventCanceledElsewhere})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		assert.Equal(t, []string{"Order was maintained", "Web cancel request processed.", "Ln#: 1 Canceled by Store"}, textsOf(res.Effects))
		assert.Equal(t, []OrderCancel{{Record: res.Record.ID, Key: key8953, LineSeq: 1, Reason: "G1"}}, effectsOf[OrderCancel](res.Effects))
		assert.Len(t, effectsOf[OrderHold](res.Effects), 1)
		assert.Equal(t, "7", ShownFulfillingLocation(res.Record))
	})

	t.Run("F4.12", func(t *testing.T) {
		// BRK-282: Verified and Processed change nothing.
		for _, w := range []string{"verified", "Processed"} {
			ev, err := StorePickupItemEvent(f4Rec(StatusAccepted), ItemStatus{Status: w}, "", s, SourceStatusList, "r1")
			require.NoError(t, err)
			res := applyFlow(t, &StorePickup, s, f4Rec(StatusAccepted), ev)
			assert.True(t, res.NoOp, w)
			assert.Empty(t, res.Effects)
		}
		ev, err := StorePickupItemEvent(f4Rec(StatusAcknowledged), ItemStatus{Status: "polled"}, "", s, SourceStatusList, "r1")
		require.NoError(t, err)
		assert.Equal(t, EventPolled, ev.Kind)
	})

	t.Run("F4.13", func(t *testing.T) {
		// BRK-296: canceled in OMS -> Y; BRK-320: canceling the OB request sets Y; BRK-283: holds removed;
		// BRK-310: Y reverses; BRK-323: a store pickup order canceled in OMS shows no fulfilling location.
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusAccepted), Event{Kind: EventRequestCanceled, LineCanceled: true, CancelReasonCode: "CR"})
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.Equal(t, "CR", effectsOf[CancelRequest](res.Effects)[0].ReasonCode)
		assert.Len(t, effectsOf[OrderHold](res.Effects), 1)
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1)
		assert.Empty(t, res.Record.FulfillingLocation)
		assert.Empty(t, ShownFulfillingLocation(res.Record))
	})

	t.Run("F4.14", func(t *testing.T) {
		// BRK-296: the cancel answered -> Z, "Order was maintained", "Cancel Acknowledged by Broker".
		res := applyFlow(t, &StorePickup, s, f4Rec(StatusPendingCancel), Event{Kind: EventCancelConfirmed})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		assert.Equal(t, []string{"Order was maintained", "Ln#: 1 Cancel Acknowledged by Broker"}, textsOf(res.Effects))
	})

	t.Run("F4.15", func(t *testing.T) {
		// BRK-272: released from hold after being sent Under Review: the order update clears it, once.
		r := f4Rec(StatusAcknowledged)
		r.UnderReview = true
		res := applyFlow(t, &StorePickup, s, r, Event{Kind: EventOrderReleased})
		assert.Equal(t, []UnderReviewUpdate{{Record: r.ID, Key: key8953, LineSeq: 1, RequestID: "9001", UnderReview: false}}, effectsOf[UnderReviewUpdate](res.Effects))
		assert.False(t, res.Record.UnderReview)
		again := applyFlow(t, &StorePickup, s, res.Record, Event{Kind: EventOrderReleased})
		assert.True(t, again.NoOp)
	})
}

func TestStorePickupSelection(t *testing.T) {
	s := f4Settings()
	// BRK-252: offered only with I38, L33, in order entry, on the first and only ship-to.
	require.NoError(t, StorePickupOffered(s, true, 1))
	err := StorePickupOffered(Settings{}, false, 2)
	require.ErrorIs(t, err, ErrStorePickup)
	for _, want := range []string{"I38", "L33", "only in order entry", "first and only ship-to"} {
		assert.Contains(t, err.Error(), want)
	}
	ok := Order{Lines: []OrderLine{{Item: Item{Code: "A1", OROBEligible: true}, Status: LineOpen}}}
	require.NoError(t, CheckStorePickupSelection(ok, 1))
	// BRK-253: not OROB eligible, special handling / gift wrap, held item.
	bad := Order{Lines: []OrderLine{
		{Item: Item{Code: "N1"}},
		{Item: Item{Code: "G1", OROBEligible: true}, GiftWrap: true},
		{Item: Item{Code: "H1", OROBEligible: true}, Status: LineHeld},
		{Item: Item{Code: "S1", OROBEligible: true}, Status: LineSoldOut},
	}}
	err = CheckStorePickupSelection(bad, 1)
	for _, want := range []string{"Item N1 is not eligible for store pickup", `"G1": special handling or gift wrap`, `"H1": the item is held`, `"S1": the item is sold out`} {
		assert.Contains(t, err.Error(), want)
	}
	// BRK-254: not for ship-for-pickup, not with more than one ship-to; any sold-out item blocks (A15 strict).
	sfp := ok
	sfp.ShipForPickup = true
	err = CheckStorePickupSelection(sfp, 2)
	var spe *StorePickupError
	require.ErrorAs(t, err, &spe)
	assert.Equal(t, "BRK-254", spe.Rule)
	assert.Contains(t, err.Error(), "more than one ship-to")
}

func TestAssignPickupStore(t *testing.T) {
	s := f4Settings()
	// BRK-260: SP, store code, WSCR System Code or else L09, delivery type P.
	assert.Equal(t, PickupAssignment{PickupType: "SP", PickupLocation: "7", LocationSystem: "STC", DeliveryType: "P"}, AssignPickupStore(StoreXref{Store: "7", System: "STC"}, s))
	assert.Equal(t, "POS09", AssignPickupStore(StoreXref{Store: "7"}, s).LocationSystem)
	// BRK-267: the ship-to comes from WSCR, keeping the entered name and apartment.
	// BRK-290: the order API does the same, keeping only name and apartment from CWOrderIn.
	store := StoreXref{Store: "7", Description: "DOWNTOWN", Address: Address{Address1: "1 MAIN ST", City: "BOSTON", Postal: "02110"}}
	got := StorePickupShipTo(Address{Name: Name{First: "ANN", Last: "LEE"}, Apartment: "4B", Address1: "99 HOME RD", City: "SALEM"}, store)
	assert.Equal(t, "1 MAIN ST", got.Address1)
	assert.Equal(t, "BOSTON", got.City)
	assert.Equal(t, "ANN", got.First)
	assert.Equal(t, "4B", got.Apartment)
	assert.Equal(t, "DOWNTOWN", got.Company)
}

func TestStorePickupAcceptance(t *testing.T) {
	good := StorePickupAcceptance{Payments: []AcceptancePayment{{PayType: "4", CreditCard: true}}, LinesFlagged: true, Email: "a@b.c", OptIn: "O2"}
	require.NoError(t, CheckStorePickupAcceptance(good))
	// BRK-263: credit cards only; every line flagged; no special handling or gift wrap charges.
	bad := StorePickupAcceptance{Payments: []AcceptancePayment{{PayType: "4", CreditCard: true}, {PayType: "CK"}}, Charges: true, Email: "a@b.c", OptIn: "O1"}
	err := CheckStorePickupAcceptance(bad)
	assert.Contains(t, err.Error(), "Credit card pay method only is required for Store Pickup")
	assert.Contains(t, err.Error(), `"4,CK"`)
	assert.Contains(t, err.Error(), "Item(s) on order not identified as Store Pickup - select Store Pickup again.")
	assert.Contains(t, err.Error(), "special handling or gift wrap charges")
	// BRK-264: email and O1/O2 needed; the order API says "Email Missing/Ineligible".
	noMail := good
	noMail.OptIn = "O3"
	assert.Contains(t, CheckStorePickupAcceptance(noMail).Error(), "Invalid email setup for Store Pickup order")
	noMail.API = true
	assert.Contains(t, CheckStorePickupAcceptance(noMail).Error(), "Email Missing/Ineligible")
}

func TestAcceptStorePickup(t *testing.T) {
	s := f4Settings()
	total := dec("55.10")
	// BRK-265: D flag, Printed = ordered, zero reserved/backordered, freight zero without L32, order type L33.
	// BRK-300: line status SPU. BRK-273: no free gifts or inserts.
	a := AcceptStorePickup(total, false, false, s)
	assert.Equal(t, "D", a.DropShipFlag)
	assert.True(t, a.PrintedEqualsOrdered && a.ZeroReservedAndBackordered && a.ZeroFreight)
	assert.Equal(t, "SP", a.OrderType)
	assert.Equal(t, "SPU", a.LineStatus)
	assert.False(t, a.AddFreeGiftsAndPromoInserts)
	assert.False(t, AcceptStorePickup(total, false, true, s).ZeroFreight)
	// BRK-268: M16 unselected: full authorization, Suppress deposit N, balance due 0.
	assert.True(t, a.AuthorizationAmount.Equal(total))
	assert.False(t, a.SuppressDeposit)
	assert.True(t, a.BalanceDue.IsZero())
	// BRK-272: held, M16 unselected: sent Under Review.
	assert.True(t, AcceptStorePickup(total, true, false, s).UnderReview)
	m16 := s
	m16.Flows.PaymentAtPOSForStorePickup = true
	b := AcceptStorePickup(total, true, false, m16)
	// BRK-268: M16: $1.00, Suppress deposit Y, balance due = total. BRK-272: M16: no Under Review.
	assert.True(t, b.AuthorizationAmount.Equal(dec("1")))
	assert.True(t, b.SuppressDeposit)
	assert.True(t, b.BalanceDue.Equal(total))
	assert.False(t, b.UnderReview)
}

func TestStorePickupEmail(t *testing.T) {
	// BRK-285: "Store Pickup conf to <email>" cut at 30 positions; no email or bad opt-in: "Could not send ...".
	txt, ok := StorePickupEmailMessage("flast@example.com", "O1", true)
	assert.True(t, ok)
	assert.Equal(t, "Store Pickup conf to flast@exa", txt)
	assert.Len(t, txt, 30)
	txt, ok = StorePickupEmailMessage("", "O1", true)
	assert.False(t, ok)
	assert.Equal(t, "Could not send Store Pickup Email", txt)
	// BRK-286: the L33 order type must have Email notification, and opt-in O1/O2.
	_, ok = StorePickupEmailMessage("a@b.c", "O3", true)
	assert.False(t, ok)
	_, ok = StorePickupEmailMessage("a@b.c", "O2", false)
	assert.False(t, ok)
}

func TestStorePickupMaintenanceAndReturns(t *testing.T) {
	// BRK-295: without B19 refused; with B19 only cancel.
	_, err := StorePickupMaintenance(false)
	require.ErrorIs(t, err, ErrStorePickup)
	assert.Contains(t, err.Error(), "Not authorized to maintain brokered order.")
	msg, err := StorePickupMaintenance(true)
	require.NoError(t, err)
	assert.Equal(t, "This is a Store Pickup order and can only be canceled!", msg)
	// BRK-298: no returns. BRK-299: MASO skips store pickup lines.
	assert.ErrorIs(t, StorePickupReturnAllowed(), ErrStorePickup)
	assert.True(t, AutoSoldoutSkips(f4Rec(StatusAcknowledged)))
	assert.False(t, AutoSoldoutSkips(f3Rec(StatusInProcess, true)))
	assert.False(t, AutoSoldoutSkips(rec(1, StatusAcknowledged)))
}

func TestStorePickupAPI(t *testing.T) {
	s := f4Settings()
	good := StorePickupAPIOrder{DeliveryType: "P", StoreCode: "7", StoreKnown: true, Email: "a@b.c", OptIn: "O1", Lines: []StorePickupAPILine{{ItemCode: "A", Eligible: true}}}
	// BRK-287: delivery_type P with a store_code makes a store pickup order.
	r := CheckStorePickupAPI(good, s)
	assert.True(t, r.StorePickup)
	assert.Empty(t, r.Errors)
	assert.True(t, r.SendToOB)
	// BRK-288: I38 off or L33 blank: an ordinary order.
	assert.False(t, CheckStorePickupAPI(good, Settings{}).StorePickup)
	// BRK-292: the header and detail errors. BRK-293: any error: not sent to OB.
	bad := StorePickupAPIOrder{DeliveryType: "X", Lines: []StorePickupAPILine{{ItemCode: "A"}}}
	r = CheckStorePickupAPI(bad, s)
	assert.Equal(t, []string{"Invalid Delivery Type", "Invalid Store Code", "Email Missing/Ineligible", "Store Fulfillment Loc Msg"}, r.Errors)
	assert.False(t, r.SendToOB)
	lines := good
	lines.Lines = []StorePickupAPILine{{ItemCode: "S", Subscription: true}, {ItemCode: "M", Membership: true}, {ItemCode: "I"}}
	assert.Equal(t, []string{"Store Fulfillment Subscription", "Store Fulfillment Membership", "Ineligible for Store Pick"}, CheckStorePickupAPI(lines, s).Errors)
}
