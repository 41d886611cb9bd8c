package broker

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowRec is rec() for another flow.
func flowRec(flow string, seq int, st Status) Record {
	r := rec(seq, st)
	r.Flow = flow
	return r
}

func applyFlow(t *testing.T, f *Flow, s Settings, r Record, ev Event) Result {
	t.Helper()
	res, err := Engine{Settings: s, Now: fixedClock(t0)}.Apply(f, r, ev)
	require.NoError(t, err)
	return res
}

func updatesOf(effs []SideEffect) []OBStatus {
	var out []OBStatus
	for _, u := range effectsOf[OutboundUpdate](effs) {
		out = append(out, u.Status)
	}
	return out
}

func f2Settings() Settings {
	s := baseSets
	s.Flows = FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", ShipForPickupErrorHold: "SF",
		SpecialOrderType: "SO", SpecialPayType: "99", PickInCancelReason: "PI", AutoSoldoutCancelReason: "C2"}
	return s
}

func TestF2Table(t *testing.T) {
	require.NoError(t, ShipForPickup.Validate())
	for i := 1; i <= 17; i++ {
		if i == 2 {
			continue // F2.02 creates no record: PlanShipForPickupPick
		}
		assert.NotEmpty(t, ShipForPickup.RowsByID(fmt.Sprintf("F2.%02d", i)), "row F2.%02d", i)
	}
	s := f2Settings()
	picking := func() Record {
		r := flowRec("F2", 2, StatusPicking)
		r.RequestID, r.PickupLocation, r.FulfillingLocation, r.ShipForPickup = "5001", "STORE7", "WH10", true
		return r
	}

	t.Run("F2.01", func(t *testing.T) {
		// BRK-122: the SubmitOrder at pick slip generation creates the record in I.
		// BRK-134: originating and fulfilling location are both the shipping warehouse; pickup is the store.
		r := flowRec("F2", 2, 0)
		r.WarehouseLocation, r.PickupLocation = "WH10", "STORE7"
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventPickSlipPrinted})
		assert.Equal(t, StatusInProcess, res.Record.Status)
		assert.Equal(t, "F2", res.Record.Flow)
		assert.Equal(t, "WH10", res.Record.FulfillingLocation)
		assert.Equal(t, "WH10", res.Record.OriginatingLocation)
		assert.Equal(t, "STORE7", res.Record.PickupLocation)
		subs := effectsOf[SubmitRequest](res.Effects)
		require.Len(t, subs, 1)
		assert.Equal(t, "SHIPFORPICKUP", subs[0].TransactionType)
		assert.Equal(t, []string{"Ln#: 2 Selected for Fulfillment"}, textsOf(res.Effects))
		// BRK-142: a line printed later on its own pick slip gets a new record and a new OB order.
		later := applyFlow(t, &ShipForPickup, s, flowRec("F2", 3, 0), Event{Kind: EventPickSlipPrinted})
		assert.Equal(t, StatusInProcess, later.Record.Status)
		assert.Len(t, effectsOf[SubmitRequest](later.Effects), 1)
	})

	t.Run("F2.02", func(t *testing.T) {
		// BRK-124: no OROB-eligible item: nothing submitted, no record, the pick slip still prints.
		p := PlanShipForPickupPick([]PickLine{{Seq: 1, LineNo: 1}, {Seq: 2, LineNo: 2}})
		assert.False(t, p.Submit)
		assert.Empty(t, p.Lines)
		// BRK-123: only OROB-eligible lines go into the SubmitOrder.
		p = PlanShipForPickupPick([]PickLine{{Seq: 1, LineNo: 1, OROBEligible: true}, {Seq: 2, LineNo: 2}})
		assert.True(t, p.Submit)
		assert.Equal(t, []PickLine{{Seq: 1, LineNo: 1, OROBEligible: true}}, p.Lines)
	})

	t.Run("F2.03", func(t *testing.T) {
		// BRK-127: no answer: no pick slip, "Submit Order Failed - OROB Unavailable", no record kept.
		res := applyFlow(t, &ShipForPickup, s, flowRec("F2", 2, StatusInProcess), Event{Kind: EventSubmitUnavailable})
		assert.Equal(t, []PickSlip{{Record: res.Record.ID, Key: key8953, Print: false}}, effectsOf[PickSlip](res.Effects))
		assert.Equal(t, []string{"Submit Order Failed - OROB Unavailable"}, textsOf(res.Effects))
		assert.Equal(t, []DeleteRecord{{Record: res.Record.ID, History: true}}, effectsOf[DeleteRecord](res.Effects))
	})

	t.Run("F2.04", func(t *testing.T) {
		// BRK-128: error: hold with L10, delete the record, "Submit Order Rejected/Order Held" + Rsn: lines.
		// BRK-132: the drop ship requesting location error is handled the same way.
		res := applyFlow(t, &ShipForPickup, s, flowRec("F2", 2, StatusInProcess), Event{Kind: EventSubmitError,
			ErrorText: "INVALID OR MISSING REQUESTING LOCATION"})
		assert.Equal(t, []OrderHold{{Record: res.Record.ID, Key: key8953, Reason: "SF"}}, effectsOf[OrderHold](res.Effects))
		assert.Equal(t, []string{"Submit Order Rejected/Order Held", "Rsn:INVALID OR MISSING REQUESTING LOCATI", "ON"}, textsOf(res.Effects))
		assert.Len(t, effectsOf[DeleteRecord](res.Effects), 1)
		assert.False(t, effectsOf[PickSlip](res.Effects)[0].Print)
	})

	t.Run("F2.05", func(t *testing.T) {
		// BRK-130: OB accepts: status update picked, record F until shipment.
		res := applyFlow(t, &ShipForPickup, s, flowRec("F2", 2, StatusInProcess), Event{Kind: EventSubmitAcknowledged, RequestID: "5001"})
		assert.Equal(t, StatusPicking, res.Record.Status)
		assert.Equal(t, "5001", res.Record.RequestID)
		assert.Equal(t, []OBStatus{OBPicked}, updatesOf(res.Effects))
		assert.True(t, effectsOf[PickSlip](res.Effects)[0].Print)
	})

	t.Run("F2.06", func(t *testing.T) {
		// BRK-151: shipment confirmed: status changes and the intransit update goes out.
		res := applyFlow(t, &ShipForPickup, s, picking(), Event{Kind: EventShipmentConfirmed})
		assert.Equal(t, StatusInTransit, res.Record.Status)
		assert.Equal(t, []OBStatus{OBIntransit}, updatesOf(res.Effects))
		assert.Equal(t, []string{"Ln#: 2 In Transit shipment"}, textsOf(res.Effects))
		// BRK-153: without K91 and K92 no intransit update is generated.
		noPoll := s
		noPoll.Flows.RetailPickupOrderType = ""
		res = applyFlow(t, &ShipForPickup, noPoll, picking(), Event{Kind: EventShipmentConfirmed})
		assert.Empty(t, updatesOf(res.Effects))
		// BRK-150: once shipped, the order cannot be canceled in OB.
		_, err := Engine{Settings: s}.Apply(&ShipForPickup, res.Record, Event{Kind: EventRequestCanceled})
		assert.ErrorIs(t, err, ErrInvalidTransition)
	})

	t.Run("F2.07", func(t *testing.T) {
		// BRK-152: the intransit update got no response: H, resent by BROKER_ORD.
		// BRK-317: a record stuck in H means the intransit update got no response.
		r := picking()
		r.Status = StatusInTransit
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventUpdateUnanswered})
		assert.Equal(t, StatusResendIntransit, res.Record.Status)
	})

	t.Run("F2.08", func(t *testing.T) {
		// BRK-152: the resend answered: back to T.
		r := picking()
		r.Status = StatusResendIntransit
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventUpdateConfirmed})
		assert.Equal(t, StatusInTransit, res.Record.Status)
	})

	t.Run("F2.09", func(t *testing.T) {
		r := picking()
		r.Status = StatusInTransit
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventIntransitPolled})
		assert.Equal(t, StatusInTransitPolled, res.Record.Status)
	})

	t.Run("F2.10", func(t *testing.T) {
		// BRK-154: received; BRK-134: the fulfilling location becomes the pickup store.
		r := picking()
		r.Status = StatusInTransitPolled
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventReceived, Source: SourceStatusList})
		assert.Equal(t, StatusReceivedByStore, res.Record.Status)
		assert.Equal(t, "STORE7", res.Record.FulfillingLocation)
		assert.Equal(t, []string{"Ln#: 2 Store Received"}, textsOf(res.Effects))
	})

	t.Run("F2.11", func(t *testing.T) {
		// BRK-154: partially fulfilled -> L.
		r := picking()
		r.Status = StatusReceivedByStore
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventPartiallyFulfilled})
		assert.Equal(t, StatusPartialFulfill, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 2 Customer Partial Pick Up"}, textsOf(res.Effects))
	})

	t.Run("F2.12", func(t *testing.T) {
		// BRK-154: fulfilled -> X; BRK-134: fulfilling location -> store (also straight from T).
		r := picking()
		r.Status = StatusInTransit
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventFulfilled})
		assert.Equal(t, StatusCompleted, res.Record.Status)
		assert.Equal(t, "STORE7", res.Record.FulfillingLocation)
		assert.Equal(t, []string{"Ln#: 2 Shipped by Broker order"}, textsOf(res.Effects))
	})

	t.Run("F2.13", func(t *testing.T) {
		// BRK-137: special order voided through Pick In with L86: line canceled with the reason, cancel update with it.
		ev := PickSlipVoidEvent("SO", true, "", s)
		require.Equal(t, EventPickVoidedWithReason, ev.Kind)
		res := applyFlow(t, &ShipForPickup, s, picking(), ev)
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.Equal(t, []OrderCancel{{Record: res.Record.ID, Key: key8953, LineSeq: 2, Reason: "PI"}}, effectsOf[OrderCancel](res.Effects))
		cr := effectsOf[CancelRequest](res.Effects)
		require.Len(t, cr, 1)
		assert.Equal(t, "PI", cr[0].ReasonCode)
		assert.Len(t, effectsOf[AuthorizationReversal](res.Effects), 1) // BRK-310: Y reverses
		// the CWPickIn backorder cancel reason wins over L86.
		assert.Equal(t, "BO", PickSlipVoidEvent("SO", true, "BO", s).CancelReasonCode)
	})

	t.Run("F2.14", func(t *testing.T) {
		r := picking()
		r.Status = StatusPendingCancel
		res := applyFlow(t, &ShipForPickup, s, r, Event{Kind: EventCancelConfirmed})
		assert.Equal(t, StatusCanceled, res.Record.Status)
		assert.Equal(t, []string{"Ln#: 2 Cancel Acknowledged by Broker"}, textsOf(res.Effects))
		// BRK-310: Y already reversed the line's authorization; Z after Y reverses nothing more.
		assert.Empty(t, effectsOf[AuthorizationReversal](res.Effects))
	})

	t.Run("F2.15", func(t *testing.T) {
		// BRK-143: regular order, L89: cancel update with no reason, the line is not canceled.
		l89 := s
		l89.Flows.SeparatePicks = true
		ev := PickSlipVoidEvent("REG", false, "", l89)
		require.Equal(t, EventPickVoidedSeparate, ev.Kind)
		res := applyFlow(t, &ShipForPickup, l89, picking(), ev)
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		cr := effectsOf[CancelRequest](res.Effects)
		require.Len(t, cr, 1)
		assert.Empty(t, cr[0].ReasonCode)
		assert.False(t, res.Record.LineCanceled)
		assert.Empty(t, effectsOf[OrderCancel](res.Effects))
		// canceling the order after the void sends nothing more (BRK-143, BRK-145).
		done := applyFlow(t, &ShipForPickup, l89, res.Record, Event{Kind: EventRequestCanceled})
		assert.True(t, done.NoOp)
		assert.Empty(t, done.Effects)
	})

	t.Run("F2.16", func(t *testing.T) {
		// BRK-145: canceling sends the cancel update with the reason entered.
		res := applyFlow(t, &ShipForPickup, s, picking(), Event{Kind: EventRequestCanceled, LineCanceled: true, CancelReasonCode: "CR"})
		assert.Equal(t, StatusPendingCancel, res.Record.Status)
		assert.Equal(t, "CR", effectsOf[CancelRequest](res.Effects)[0].ReasonCode)
		// BRK-146: a drop ship PO canceled in PO maintenance carries C20.
		res = applyFlow(t, &ShipForPickup, s, picking(), DropShipPOCancelEvent(s))
		assert.Equal(t, "C2", effectsOf[CancelRequest](res.Effects)[0].ReasonCode)
		// BRK-147: the drop ship integration cancel sends the reason entered, from I too.
		res = applyFlow(t, &ShipForPickup, s, flowRec("F2", 2, StatusInProcess), Event{Kind: EventRequestCanceled, CancelReasonCode: "DS"})
		assert.Equal(t, "DS", effectsOf[CancelRequest](res.Effects)[0].ReasonCode)
		// BRK-148: orders not split: canceling a single item cancels the entire OB order (an order-level update).
		one := effectsOf[CancelRequest](applyFlow(t, &ShipForPickup, s, picking(), Event{Kind: EventRequestCanceled}).Effects)
		require.Len(t, one, 1)
		upd, err := NewCancelUpdate(one, s, "WH10", t0)
		require.NoError(t, err)
		assert.Equal(t, "5001", upd.RequestID)
		assert.Equal(t, OBCanceled, upd.OrderStatus)
		assert.Empty(t, upd.Items)
		// BRK-149: before pick slip generation there is no record: nothing is sent.
		none, err := Engine{Settings: s}.Apply(&ShipForPickup, flowRec("F2", 2, 0), Event{Kind: EventRequestCanceled})
		assert.ErrorIs(t, err, ErrInvalidTransition)
		assert.Empty(t, none.Effects)
	})

	t.Run("F2.17", func(t *testing.T) {
		// BRK-144: any other void or reprint sends no status update.
		ev := PickSlipVoidEvent("REG", false, "", s)
		require.Equal(t, EventPickVoidedNoUpdate, ev.Kind)
		res := applyFlow(t, &ShipForPickup, s, picking(), ev)
		assert.True(t, res.NoOp)
		assert.Empty(t, res.Effects)
		assert.Equal(t, EventPickVoidedNoUpdate, PickSlipVoidEvent("SO", false, "", s).Kind, "special order voided outside Pick In")
	})

	t.Run("store cannot reject", func(t *testing.T) {
		// BRK-131: the store cannot reject a ship-for-pickup order: F2 has no rejected transition.
		_, err := Engine{Settings: s}.Apply(&ShipForPickup, picking(), Event{Kind: EventRejected})
		assert.ErrorIs(t, err, ErrInvalidTransition)
	})
}

func TestShipForPickupPicks(t *testing.T) {
	lines := []PickLine{{Seq: 1, OROBEligible: true}, {Seq: 2, OROBEligible: true}}
	// BRK-125: one pick slip, one SubmitOrder, one OB order (L89 unselected: the lines share it).
	assert.Len(t, SplitShipForPickupPicks(lines, Settings{}), 1)
	// BRK-126: L89: a pick slip per line, so each line is its own OB order.
	s := Settings{Flows: FlowSettings{SeparatePicks: true}}
	assert.Equal(t, [][]PickLine{{lines[0]}, {lines[1]}}, SplitShipForPickupPicks(lines, s))
	assert.Nil(t, SplitShipForPickupPicks(nil, s))
}

func TestShipForPickupFlowChoice(t *testing.T) {
	// BRK-121: M34 ALWAYS + K08 -> F1; otherwise F2.
	// BRK-118: M34 NEVER fills from an OMS warehouse (F2). BRK-313: M34 NEVER orders appear only at pick slip generation.
	assert.Equal(t, "F1", ShipForPickupFlow(Settings{ShipForPickupAssignment: ShipForPickupAlways, SendBackorders: true}))
	assert.Equal(t, "F2", ShipForPickupFlow(Settings{ShipForPickupAssignment: ShipForPickupAlways}))
	assert.Equal(t, "F2", ShipForPickupFlow(Settings{ShipForPickupAssignment: ShipForPickupNever, SendBackorders: true}))
	assert.Equal(t, "F2", ShipForPickupFlow(Settings{SendBackorders: true}))
}

func TestShipForPickupSpecialOrders(t *testing.T) {
	s := f2Settings()
	total := decimal.RequireFromString("24.489999771118164")
	// BRK-135: L15 order: order_id is the e-commerce order number; otherwise the OMS order.
	assert.Equal(t, "WEB-77", ShipForPickupOrderID("SO", " WEB-77 ", 8953, s))
	assert.Equal(t, "8953", ShipForPickupOrderID("REG", "WEB-77", 8953, s))
	// BRK-136: L15 with L16 pay type: balance due = total; L15 with another pay type: none.
	bd, ok := ShipForPickupBalanceDue("SO", "99", total, s)
	assert.True(t, ok)
	assert.True(t, total.Equal(bd))
	_, ok = ShipForPickupBalanceDue("SO", "1", total, s)
	assert.False(t, ok)
	// BRK-139 item 5: L60: balance due is the total.
	l60 := s
	l60.PaymentAtPOSForShipForPickup = true
	bd, ok = ShipForPickupBalanceDue("REG", "1", total, l60)
	assert.True(t, ok && bd.Equal(total))
	_, ok = ShipForPickupBalanceDue("REG", "1", total, s)
	assert.False(t, ok)
}

func TestPaymentAtPOS(t *testing.T) {
	s := f2Settings()
	s.PaymentAtPOSForShipForPickup = true
	good := PaymentMethod{PayType: "4", CreditCard: true, CardTypeCredit: true, SuppressDeposit: true, SuppressRefund: true}
	// BRK-139 items 1-2: only Credit card types, suppress deposit and refund Y.
	require.NoError(t, CheckPaymentAtPOS("REG", []PaymentMethod{good}, s))
	bad := []PaymentMethod{{PayType: "SVC", CreditCard: true}, {PayType: "CHK"}}
	err := CheckPaymentAtPOS("REG", bad, s)
	require.ErrorIs(t, err, ErrPaymentAtPOS)
	assert.Contains(t, err.Error(), `pay type "SVC"`)
	assert.Contains(t, err.Error(), "suppress deposit and suppress refund must be Y")
	// BRK-140: not for an L15 order; and not without L60.
	assert.NoError(t, CheckPaymentAtPOS("SO", bad, s))
	assert.NoError(t, CheckPaymentAtPOS("REG", bad, f2Settings()))
	// BRK-139 items 3-4: $1.00 online, no authorization at pick slip generation.
	amt, atPick := ShipForPickupAuthorization("REG", dec("80.00"), s)
	assert.True(t, amt.Equal(dec("1")))
	assert.False(t, atPick)
	amt, atPick = ShipForPickupAuthorization("SO", dec("80.00"), s)
	assert.True(t, amt.Equal(dec("80")) && atPick)
	// BRK-141: returns blocked with L60 (BRK-140: not for L15).
	assert.False(t, ShipForPickupReturnsAllowed("REG", s))
	assert.True(t, ShipForPickupReturnsAllowed("SO", s))
	assert.True(t, ShipForPickupReturnsAllowed("REG", f2Settings()))
}

func TestShipForPickupOrderRules(t *testing.T) {
	// BRK-115: one ship-to. BRK-120: ship alone quantity over 1 is refused.
	require.NoError(t, CheckShipForPickupOrder(1, []ShipForPickupLine{{LineNo: 1, ShipAlone: true, Qty: 1}, {LineNo: 2, Qty: 5}}))
	err := CheckShipForPickupOrder(2, []ShipForPickupLine{{LineNo: 3, ItemCode: "TV55", ShipAlone: true, Qty: 2}})
	require.ErrorIs(t, err, ErrShipForPickup)
	assert.Contains(t, err.Error(), "2 ship-tos")
	assert.Contains(t, err.Error(), "line 3 item TV55: ship alone quantity 2")
	// BRK-119: once accepted, the pickup store cannot change.
	assert.ErrorIs(t, CheckPickupStoreChange(true, "7", "8"), ErrShipForPickup)
	assert.NoError(t, CheckPickupStoreChange(false, "7", "8"))
	assert.NoError(t, CheckPickupStoreChange(true, "7", "7"))
}

func TestShipForPickupStores(t *testing.T) {
	stores := []StoreXref{{Store: "7", ShipForPickup: true, Description: "DOWNTOWN",
		Address: Address{Address1: "1 MAIN ST", City: "BOSTON", Province: "MA", Postal: "02110", Country: "US"}}, {Store: "8"}}
	// BRK-116: only WSCR stores flagged Ship for Pickup are offered.
	offered := ShipForPickupStores(stores)
	require.Len(t, offered, 1)
	assert.Equal(t, "7", offered[0].Store)
	// BRK-117: blank ship-to fields default from WSCR: names from the message, company and address from WSCR.
	got := ShipForPickupShipTo(Address{Name: Name{First: "ANN", Last: "LEE"}}, offered[0])
	assert.Equal(t, "ANN", got.First)
	assert.Equal(t, "LEE", got.Last)
	assert.Equal(t, "DOWNTOWN", got.Company)
	assert.Equal(t, "1 MAIN ST", got.Address1)
	assert.Equal(t, "02110", got.Postal)
	// a full address in the message is kept.
	assert.Equal(t, "9 ELM", ShipForPickupShipTo(Address{Address1: "9 ELM"}, offered[0]).Address1)
}

func TestShipForPickupPickFields(t *testing.T) {
	// BRK-133: the pick and PO download messages carry request ID, originating order and delivery type.
	r := recReq(1, StatusPicking, "5001")
	assert.Equal(t, PickMessageFields{RequestID: "5001", OrderID: "8953", DeliveryType: "S"}, ShipForPickupPickFields(r))
}

func TestReasonLines(t *testing.T) {
	// §6.1 (BRK-284 sample): Rsn: and 36 characters a line.
	got := ReasonLines("INVALID FULFILLING LOCATION CODE. LOCATION (10) DOES NOT EXIST FOR SYSTEM (SYSTEM01)")
	assert.Equal(t, []string{"Rsn:INVALID FULFILLING LOCATION CODE. LO", "CATION (10) DOES NOT EXIST FOR SYSTE", "M (SYSTEM01)"}, got)
	assert.Nil(t, ReasonLines(""))
}
