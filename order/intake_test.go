package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

func stepNames(r order.Result) []order.StepName {
	var out []order.StepName
	for _, s := range r.Steps {
		out = append(out, s.Name)
	}
	return out
}

func reasons(r order.Result) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Reason)
	}
	return out
}

// ORD-003: the stages run in order and each outcome is recorded.
func TestIntake_ORD003_StagesRecorded(t *testing.T) {
	e := newEnv(t)
	res, err := e.intake(t, webOrder("W1", 2))
	require.NoError(t, err)
	assert.Equal(t, []order.StepName{order.StepMessage, order.StepIdempotency, order.StepSize, order.StepBatch,
		order.StepCustomer, order.StepHeader, order.StepDetail, order.StepPayment, order.StepTotals, order.StepRoute,
		order.StepAuthorize, order.StepCommit, order.StepResponse}, stepNames(res))
	assert.Equal(t, order.StepResponse, res.StoppedAt())
	assert.Equal(t, order.StatusOpen, res.Order.Status)
	assert.True(t, res.Passed())
	stored, err := e.store.Order(context.Background(), res.Order.ID)
	require.NoError(t, err, "ORD-003 step 2: the order is created")
	assert.Equal(t, "W1", stored.OrderNumber)
	assert.True(t, stored.Totals.Order.Equal(d("25.00")))
}

// ORD-001: one intake for retail POS, call center and web orders.
func TestIntake_ORD001_OneIntakeForEverySource(t *testing.T) {
	e := newEnv(t)
	pos := webOrder("POS1", 1)
	pos.OrderChannel, pos.ResponseType = "P", order.ResponseNone
	cc := webOrder("CC1", 1)
	cc.OrderChannel, cc.ResponseType = "C", order.ResponseNone
	web := webOrder("WEB1", 1)
	for _, o := range []order.Order{pos, cc, web} {
		res, err := e.intake(t, o)
		require.NoError(t, err, o.OrderNumber)
		assert.Equal(t, order.StatusOpen, res.Order.Status, o.OrderNumber)
		assert.Equal(t, order.RouteAsync, res.Order.Route.Kind, o.OrderNumber)
	}
	assert.Equal(t, 3, e.store.Commits())
}

// ORD-002: the options a message can choose, each honoured.
func TestIntake_ORD002_Options(t *testing.T) {
	e := newEnv(t)
	// (a) response kind
	a := webOrder("OPT-A", 1)
	a.ResponseType = order.ResponseAcknowledgement
	res, err := e.intake(t, a)
	require.NoError(t, err)
	assert.Equal(t, order.ResponseAcknowledgement, res.Response.Type)
	// (b) payment separately
	b := webOrder("OPT-B", 1)
	b.Payments, b.PayIncluded, b.ResponseType = nil, false, order.ResponseDetailed
	res, err = e.intake(t, b)
	require.NoError(t, err)
	assert.Equal(t, order.StatusPending, res.Order.Status)
	// (c) batched
	c := webOrder("OPT-C", 1)
	c.ResponseType = order.ResponseNone
	c.Batch = &order.BatchInfo{Number: "500", Date: testNow, Flag: order.BatchBegin, OrderCount: 1, QtyCount: 1, CountsSet: true}
	res, err = e.intake(t, c)
	require.NoError(t, err)
	assert.Equal(t, order.RouteBatch, res.Order.Route.Kind)
	// (d) suppression
	dd := webOrder("OPT-D", 1)
	dd.Payments[0].SuppressDepositFlag, dd.Payments[0].SuppressRefundFlag = true, true
	res, err = e.intake(t, dd)
	require.NoError(t, err)
	assert.True(t, res.Order.Payments[0].SuppressDeposit)
	assert.True(t, res.Order.Payments[0].SuppressRefund)
	// (e) return
	r := webOrder("OPT-E", 1)
	r.ShipTos[0].Lines[0].Quantity = -1
	res, err = e.intake(t, r)
	require.NoError(t, err)
	assert.True(t, res.Order.ShipTos[0].Lines[0].IsReturn())
	// (f) customer updates go to the selector
	f := webOrder("OPT-F", 1)
	f.SoldTo.AddressUpdate = true
	_, err = e.intake(t, f)
	require.NoError(t, err)
	last := e.sel.reqs[len(e.sel.reqs)-1]
	assert.True(t, last.SoldTo.AddressUpdate)
}

// ORD-004, ORD-003 step 3: a batched order is not edited.
func TestIntake_ORD004_BatchedOrderNotEdited(t *testing.T) {
	e := newEnv(t)
	o := webOrder("B1", 1)
	o.ResponseType = order.ResponseNone
	o.ShipTos[0].Lines[0].ItemID = "NO-SUCH-ITEM"
	o.Batch = &order.BatchInfo{Number: "900", Date: testNow, Flag: order.BatchBegin, OrderCount: 2, QtyCount: 2, CountsSet: true}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Empty(t, res.Errors, "not edited, so the unknown item is not an error yet")
	assert.False(t, res.EditRan)
	assert.Equal(t, order.StatusPending, res.Order.Status)
	assert.Equal(t, order.Route{Kind: order.RouteBatch, Batch: "900"}, res.Order.Route)
	for _, s := range res.Steps {
		if s.Name == order.StepHeader || s.Name == order.StepDetail || s.Name == order.StepPayment {
			assert.Equal(t, order.OutcomeSkipped, s.Outcome, s.Name)
		}
	}
	require.NotNil(t, res.Batch)
	assert.False(t, res.Batch.Approved)
	assert.Empty(t, e.auth.calls)
}

// ORD-005, ORD-071: routing after the edit.
func TestIntake_ORD005_Routing(t *testing.T) {
	e := newEnv(t)
	bad := func(num, channel string) order.Order {
		o := webOrder(num, 1)
		o.OrderChannel = channel
		o.ShipTos[0].Lines[0].ItemID = "NOPE"
		return o
	}
	res, err := e.intake(t, bad("R1", "P"))
	require.NoError(t, err)
	assert.Equal(t, order.StatusError, res.Order.Status)
	assert.Equal(t, order.Route{Kind: order.RouteRetailBatch, Batch: "78"}, res.Order.Route) // ORD-071
	res, err = e.intake(t, bad("R2", "I"))
	require.NoError(t, err)
	assert.Equal(t, order.Route{Kind: order.RouteErrorBatch, Batch: "41"}, res.Order.Route)
	nopay := webOrder("R3", 1)
	nopay.Payments, nopay.PayIncluded, nopay.OrderChannel = nil, false, "P"
	res, err = e.intake(t, nopay)
	require.NoError(t, err)
	assert.Equal(t, order.Route{Kind: order.RouteErrorBatch, Batch: "41"}, res.Order.Route, "C-07: channel P without payment goes to G41")
	assert.Equal(t, order.StatusPending, res.Order.Status)
	ok := webOrder("R4", 1)
	res, err = e.intake(t, ok)
	require.NoError(t, err)
	assert.Equal(t, order.RouteAsync, res.Order.Route.Kind)
}

// ORD-006: open, or held when a credit/fraud check holds it.
func TestIntake_ORD006_OpenOrHeld(t *testing.T) {
	e := newEnv(t)
	res, err := e.intake(t, webOrder("H0", 1))
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, res.Order.Status)
	e.holds.reasons = []string{"CR"}
	res, err = e.intake(t, webOrder("H1", 1))
	require.NoError(t, err)
	assert.Equal(t, order.StatusHeld, res.Order.Status)
	assert.Equal(t, []string{"CR"}, res.Order.Holds)
}

// ORD-007, ORD-070, ORD-059: I56 decides final totals and the listed errors.
func TestIntake_ORD007_EditTiming(t *testing.T) {
	e := newEnv(t)
	o := webOrder("T1", 1)
	o.ShipTos[0].Lines[0].ItemID = "NOPE"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	require.NotNil(t, res.Response)
	assert.True(t, res.Response.TotalsFinal)
	require.Len(t, res.Response.Errors, 1) // ORD-059: E with I56 = Y lists the edit errors
	assert.Equal(t, order.ReasonBaseItemDoesNotExist, res.Response.Errors[0].Reason)

	e.deps.Settings.PerformEditInteractively = false
	o.OrderNumber = "T2"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.False(t, res.Response.TotalsFinal, "ORD-070: preliminary totals with I56 = N")
	assert.Empty(t, res.Response.Errors)
}

// ORD-008, ORD-055: response types.
func TestIntake_ORD055_ResponseTypes(t *testing.T) {
	e := newEnv(t)
	bad := func(num string, rt order.ResponseType) order.Order {
		o := webOrder(num, 1)
		o.ResponseType = rt
		o.ShipTos[0].Lines = append(o.ShipTos[0].Lines, order.Line{Seq: 2, ItemID: "NOPE", Quantity: 1, Price: d("1")})
		return o
	}
	res, err := e.intake(t, bad("RT-D", order.ResponseDetailed))
	require.NoError(t, err)
	require.NotNil(t, res.Response)
	assert.Equal(t, order.ResponseDetailed, res.Response.Type)
	assert.NotNil(t, res.Response.Totals)
	assert.Len(t, res.Response.ShipTos[0].Lines, 2)
	assert.Empty(t, res.Response.Errors, "D does not list errors")

	res, err = e.intake(t, bad("RT-E", order.ResponseDetailedWithErrors))
	require.NoError(t, err)
	assert.Len(t, res.Response.Errors, 1, "E lists errors")

	res, err = e.intake(t, bad("RT-A", order.ResponseAcknowledgement))
	require.NoError(t, err)
	assert.Equal(t, order.ResponseAcknowledgement, res.Response.Type)
	assert.Nil(t, res.Response.Totals, "the acknowledgement carries the header only")
	assert.Equal(t, "RT-A", res.Response.ReferenceOrderNumber)
	assert.Equal(t, res.Order.ID.String(), res.Response.OrderID)
	assert.Equal(t, "1001", res.Response.CustomerNumber)

	res, err = e.intake(t, bad("RT-N", order.ResponseNone))
	require.NoError(t, err)
	assert.Nil(t, res.Response, "ORD-008: no response for N")

	_, err = e.intake(t, bad("RT-X", "X"))
	require.ErrorIs(t, err, order.ErrRejected)
	assert.ErrorIs(t, err, order.ErrInvalidValue)
	assert.Contains(t, err.Error(), "response_type")
}

// ORD-010 and idempotent intake: same payload replays, different payload is
// a typed error; nothing is written either way.
func TestIntake_ORD010_Idempotent(t *testing.T) {
	e := newEnv(t)
	first, err := e.intake(t, webOrder("DUP", 1))
	require.NoError(t, err)
	require.Equal(t, 1, e.store.Commits())
	again, err := e.intake(t, webOrder("DUP", 1))
	require.NoError(t, err)
	assert.True(t, again.Replayed)
	assert.Equal(t, first.Order.ID, again.Order.ID)
	assert.Equal(t, first.Response, again.Response)
	assert.Equal(t, 1, e.store.Commits(), "nothing written")
	assert.Equal(t, order.OutcomeReplayed, again.Steps[len(again.Steps)-1].Outcome)

	changed := webOrder("DUP", 2)
	_, err = e.intake(t, changed)
	require.ErrorIs(t, err, order.ErrDuplicateOrder)
	assert.Equal(t, 1, e.store.Commits())
	assert.Len(t, e.store.Orders(), 1)

	// With a payload, the payload is what is compared.
	_, err = order.Intake(context.Background(), e.deps, order.Input{Order: webOrder("P1", 1), Payload: []byte("<a/>")})
	require.NoError(t, err)
	r, err := order.Intake(context.Background(), e.deps, order.Input{Order: webOrder("P1", 1), Payload: []byte("<a/>")})
	require.NoError(t, err)
	assert.True(t, r.Replayed)
	_, err = order.Intake(context.Background(), e.deps, order.Input{Order: webOrder("P1", 1), Payload: []byte("<b/>")})
	assert.ErrorIs(t, err, order.ErrDuplicateOrder)
}

// ORD-011: settings are a snapshot per message; a new snapshot applies to the
// next message only.
func TestIntake_ORD011_SettingsSnapshot(t *testing.T) {
	e := newEnv(t)
	deps := e.deps
	first, err := order.Intake(context.Background(), deps, order.Input{Order: webOrder("S1", 1)})
	require.NoError(t, err)
	deps.Settings.DefaultOrderType = "X"
	second, err := order.Intake(context.Background(), deps, order.Input{Order: webOrder("S2", 1)})
	require.NoError(t, err)
	assert.Equal(t, "W", first.Order.OrderType)
	assert.Equal(t, "X", second.Order.OrderType)
	stored, err := e.store.Order(context.Background(), first.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, "W", stored.OrderType)
}

func batchOrder(num string, units int, info order.BatchInfo) order.Order {
	o := webOrder(num, 1)
	o.ResponseType = order.ResponseNone
	o.ShipTos[0].Lines[0].Quantity = units
	o.Batch = &info
	return o
}

// A.2 batches through the intake: ORD-012 to ORD-020, examples E1 and E2.
func TestIntake_Batches(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	first := order.BatchInfo{Number: "100", Date: day, Flag: order.BatchBegin, OrderCount: 3, QtyCount: 5, CountsSet: true, PrepaidTotal: d("12.50")}
	mid := order.BatchInfo{Number: "100"}
	last := order.BatchInfo{Number: "100", Flag: order.BatchEnd, Approve: true, ApproveSet: true}

	t.Run("ORD-020-E1 in balance and approved (ORD-015, ORD-016, ORD-017)", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.intake(t, batchOrder("O1", 2, first))
		require.NoError(t, err)
		_, err = e.intake(t, batchOrder("O2", 1, mid))
		require.NoError(t, err)
		res, err := e.intake(t, batchOrder("O3", 2, last))
		require.NoError(t, err)
		require.NotNil(t, res.Batch)
		assert.Equal(t, 3, res.Batch.Orders)
		assert.Equal(t, 5, res.Batch.Units)
		assert.True(t, res.Batch.Approved)
		b, ok, err := e.store.Batch(ctx, "100")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, day, b.Date)                     // ORD-013
		assert.True(t, b.PrepaidTotal.Equal(d("12.50"))) // ORD-018
		assert.True(t, b.Closed)
	})
	t.Run("ORD-015 approval releases the batch's orders to open, held or error", func(t *testing.T) {
		e := newEnv(t)
		e.holds.reasons = nil
		_, err := e.intake(t, batchOrder("O1", 2, first))
		require.NoError(t, err)
		o2 := batchOrder("O2", 1, mid)
		o2.ShipTos[0].Lines[0].ItemID = "NOPE"
		_, err = e.intake(t, o2)
		require.NoError(t, err)
		o3 := batchOrder("O3", 2, last)
		o3.SalesRepName = "ZED"
		res, err := e.intake(t, o3)
		require.NoError(t, err)
		require.Len(t, res.Released, 3)
		assert.Equal(t, order.StepRelease, res.StoppedAt())
		status := map[string]order.Status{}
		for _, o := range e.store.Orders() {
			status[o.OrderNumber] = o.Status
		}
		assert.Equal(t, map[string]order.Status{"O1": order.StatusOpen, "O2": order.StatusError, "O3": order.StatusOpen}, status)
		assert.Equal(t, []string{order.ReasonBaseItemDoesNotExist}, reasons(res.Released[1]))
		assert.Equal(t, order.Route{Kind: order.RouteBatch, Batch: "100"}, res.Released[1].Order.Route, "stays in its batch for correction")
		assert.Equal(t, "ZED", res.Released[2].Order.Rep.Name)

		commits := e.store.Commits()
		again, err := order.ReleaseBatch(ctx, e.deps, "100")
		require.NoError(t, err)
		require.Len(t, again, 3)
		assert.True(t, again[0].Replayed)
		assert.Equal(t, commits, e.store.Commits(), "releasing again writes nothing")
	})
	t.Run("ORD-015 an unapproved batch is not released", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.intake(t, batchOrder("O1", 2, first))
		require.NoError(t, err)
		_, err = order.ReleaseBatch(ctx, e.deps, "100")
		require.ErrorIs(t, err, order.ErrBatchNotApproved)
		_, err = order.ReleaseBatch(ctx, e.deps, "404")
		require.ErrorIs(t, err, order.ErrNotFound)
		deps := e.deps
		deps.Store = struct{ order.Store }{e.store}
		_, err = order.ReleaseBatch(ctx, deps, "100")
		require.ErrorIs(t, err, order.ErrUnsupported)
	})
	t.Run("ORD-020-E2 out of balance on units", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.intake(t, batchOrder("O1", 2, first))
		require.NoError(t, err)
		_, err = e.intake(t, batchOrder("O2", 1, mid))
		require.NoError(t, err)
		res, err := e.intake(t, batchOrder("O3", 3, last))
		require.NoError(t, err)
		assert.False(t, res.Batch.Balance().UnitsInBalance) // ORD-017
		assert.True(t, res.Batch.Balance().OrdersInBalance) // ORD-016
		assert.False(t, res.Batch.Approved)
	})
	t.Run("ORD-012 a used batch number is rejected and nothing is written", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.intake(t, batchOrder("O1", 1, first))
		require.NoError(t, err)
		_, err = e.intake(t, batchOrder("O9", 1, first))
		require.ErrorIs(t, err, order.ErrBatchNumberUsed)
		require.ErrorIs(t, err, order.ErrRejected)
		assert.Equal(t, 1, e.store.Commits())
	})
	t.Run("ORD-014 an unknown batch_beg_end_flag is rejected", func(t *testing.T) {
		e := newEnv(t)
		bad := first
		bad.Flag = "Q"
		_, err := e.intake(t, batchOrder("O1", 1, bad))
		require.ErrorIs(t, err, order.ErrInvalidValue)
		assert.Contains(t, err.Error(), "batch_beg_end_flag")
	})
	t.Run("ORD-020 required attributes by position", func(t *testing.T) {
		e := newEnv(t)
		noCounts := first
		noCounts.CountsSet, noCounts.Date = false, time.Time{}
		_, err := e.intake(t, batchOrder("O1", 1, noCounts))
		require.ErrorIs(t, err, order.ErrMissingValue)
		var ve *order.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Len(t, ve.Errors, 2, "batch_date and the counts, both reported")
		noApprove := last
		noApprove.ApproveSet = false
		_, err = e.intake(t, batchOrder("O2", 1, noApprove))
		require.ErrorIs(t, err, order.ErrMissingValue)
		_, err = e.intake(t, batchOrder("O3", 1, order.BatchInfo{Number: "777"}))
		require.ErrorIs(t, err, order.ErrRejected, "a middle order for a batch never begun")
		assert.Equal(t, 0, e.store.Commits())
	})
	t.Run("ORD-019 a batched order asking for a response is warned, not rejected", func(t *testing.T) {
		e := newEnv(t)
		o := batchOrder("O1", 1, first)
		o.ResponseType = order.ResponseDetailed
		res, err := e.intake(t, o)
		require.NoError(t, err)
		require.Len(t, res.Warnings, 1)
		assert.Contains(t, res.Warnings[0], "ORD-019")
	})
}

func returnOrder(num string) order.Order {
	o := webOrder(num, 1)
	l := &o.ShipTos[0].Lines[0]
	l.Quantity, l.Warehouse, l.Location, l.ReturnReason, l.ReturnDisposition = -1, "1", "B9", "DAM", ""
	o.Payments = nil
	o.PayIncluded = false
	return o
}

// A.4 returns: ORD-026 to ORD-030, ORD-032, ORD-033.
func TestIntake_Returns(t *testing.T) {
	e := newEnv(t)
	res, err := e.intake(t, returnOrder("RET1"))
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	l := res.Order.ShipTos[0].Lines[0]
	assert.True(t, l.IsReturn())                                 // ORD-026
	assert.True(t, res.Order.Totals.Merchandise.Equal(d("-10"))) // ORD-026: a credit
	assert.True(t, l.NewLocation)                                // ORD-028: B9 is new for SHIRT
	assert.Equal(t, "DAM", l.ReturnReason)                       // ORD-029
	assert.Equal(t, "RD", l.Disposition)                         // ORD-030: C18
	assert.Empty(t, res.CustomerReturns, "ORD-032: J58 off")
	stored, err := e.store.Order(context.Background(), res.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, "DAM", stored.ShipTos[0].Lines[0].ReturnReason) // ORD-029: kept on the line

	o := returnOrder("RET2")
	o.ShipTos[0].Lines[0].Location = "A1"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.False(t, res.Order.ShipTos[0].Lines[0].NewLocation) // ORD-028: known location

	o = returnOrder("RET3")
	o.ShipTos[0].Lines[0].Warehouse = "9"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, []string{order.ReasonItemNotValidForWhs}, reasons(res)) // ORD-027
	assert.Equal(t, order.StatusError, res.Order.Status)

	e.deps.Settings.SendRAMessage, e.deps.Settings.UsePkMS = true, true
	e.deps.Settings.PkMSReturnProgram, e.deps.Settings.PkMSTransport, e.deps.Settings.RAMessageFormat = "IFR0086", "MQ", "GENERIC"
	o = returnOrder("RET4")
	o.ShipTos[0].Lines[0].ReturnDisposition = "ZZ"
	o.ShipTos[0].Lines[0].ReturnReason = "BAD-REASON"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	require.Len(t, res.CustomerReturns, 1) // ORD-032
	cr := res.CustomerReturns[0]
	assert.Equal(t, "ZZ", cr.Disposition, "ORD-033: carried as received")
	assert.Equal(t, "BAD-REASON", cr.Reason)
	assert.Equal(t, 1, cr.Quantity)
	assert.Equal(t, "SHIRT", cr.Item)
}

// ORD-021, ORD-022 and ORD-034 through the intake.
func TestIntake_PaymentEdit(t *testing.T) {
	e := newEnv(t)
	o := webOrder("PAY1", 1)
	o.Payments = []order.Payment{
		{Seq: 1, PayType: "4", CardNumber: card, Amount: d("10.00"), SuppressDepositFlag: true, SuppressRefundFlag: true},
		{Seq: 2, PayType: "CK", Amount: d("5.00"), SuppressDepositFlag: true, SuppressRefundFlag: true},
		{Seq: 3, PayType: "4", CardNumber: "5500000000000004", AlreadyTokenized: true, Amount: d("5.00")},
		{Seq: 4, PayType: "7", CardNumber: "6011000000000004", Amount: d("5.00")},
	}
	o.ShipTos[0].Lines[0].Price = d("20.00")
	res, err := e.intake(t, o)
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	p := res.Order.Payments
	assert.True(t, p[0].SuppressDeposit)  // ORD-021
	assert.False(t, p[1].SuppressDeposit) // ORD-022-E1: check
	assert.True(t, p[1].SuppressRefund)   // ORD-021
	// ORD-034: only the first card is tokenized.
	require.Len(t, e.tok.calls, 1)
	assert.Equal(t, card, e.tok.calls[0].CardNumber)
	assert.Equal(t, "SVC", e.tok.calls[0].Service)
	assert.Equal(t, "TOK-1111", p[0].Token)
	assert.Empty(t, p[2].Token)
	assert.Empty(t, p[3].Token)
}

// A.6 through the intake: ORD-035, ORD-038, ORD-042; ORD-040, ORD-041.
func TestIntake_WebAuthorizationHistory(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	o := webOrder("AH1", 1)
	o.Payments[0].AuthNumber, o.Payments[0].AuthAmount, o.Payments[0].AuthDate, o.Payments[0].AVSResponse = "123456", nd("15.00"), testNow, "X"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	stored, err := e.store.Order(ctx, res.Order.ID) // ORD-042
	require.NoError(t, err)
	require.Len(t, stored.Payments[0].AuthHistory, 1)
	rec := stored.Payments[0].AuthHistory[0]
	assert.Equal(t, order.AuthApproved, rec.Status) // ORD-035
	assert.Equal(t, "X", rec.AVSResponse)
	assert.Empty(t, e.auth.calls, "authorized on the web: no online authorization")
	assert.Equal(t, order.StatusOpen, res.Order.Status)

	o = webOrder("AH2", 1)
	o.Payments[0].AVSResponse = "X"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	require.Len(t, res.Order.Payments[0].AuthHistory, 1)
	assert.Equal(t, order.AuthDeclined, res.Order.Payments[0].AuthHistory[0].Status) // ORD-038

	// ORD-040: a response linked to a hold reason holds the order; an AVS
	// response missing from the file holds it too.
	o = webOrder("AH3", 1)
	o.Payments[0].AuthNumber, o.Payments[0].VendorResponse = "1", "HOLDME"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, order.StatusHeld, res.Order.Status)
	assert.Equal(t, []string{"AV"}, res.Order.Holds)
	o = webOrder("AH4", 1)
	o.Payments[0].AuthNumber, o.Payments[0].AVSResponse = "1", "UNKNOWN"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, order.StatusHeld, res.Order.Status)
	assert.Equal(t, []string{"AVS"}, res.Order.Holds)

	// ORD-041: an order failing validation goes in error; the hold check
	// waits for the batch edit.
	o = webOrder("AH5", 1)
	o.Payments[0].AuthNumber, o.Payments[0].VendorResponse = "1", "HOLDME"
	o.ShipTos[0].Lines[0].ItemID = "NOPE"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, order.StatusError, res.Order.Status)
	assert.Empty(t, res.Order.Holds)
}

// A.7 through the intake: ORD-045, ORD-046, ORD-047, ORD-048.
func TestIntake_OnlineAuthorization(t *testing.T) {
	e := newEnv(t)
	res, err := e.intake(t, webOrder("OA0", 1))
	require.NoError(t, err)
	assert.Empty(t, e.auth.calls, "ORD-045: not eligible without the host rule")
	assert.Equal(t, order.AuthRowNotEligible, res.Order.Payments[0].OnlineAuth.Row)

	e.deps.OnlineAuthEligible = func(o *order.Order) bool { return o.OrderChannel == "I" }
	res, err = e.intake(t, webOrder("OA1", 1))
	require.NoError(t, err)
	require.Len(t, e.auth.calls, 1) // ORD-045: sent at intake
	assert.Equal(t, "15.00", e.auth.calls[0].Amount.Value)
	assert.Equal(t, "TOK-1111", e.auth.calls[0].Card)
	h := res.Order.Payments[0].AuthHistory
	require.Len(t, h, 1)
	assert.Equal(t, order.AuthApproved, h[0].Status) // ORD-046: R approved
	assert.Equal(t, "OK1", h[0].AuthNumber)
	assert.Equal(t, order.StatusOpen, res.Order.Status)

	// ORD-046: a vendor response with a hold reason holds the order.
	e.auth.resp = order.AuthResponse{Kind: order.AuthResponseReceived, ResponseCode: "DECL"}
	res, err = e.intake(t, webOrder("OA2", 1))
	require.NoError(t, err)
	assert.Equal(t, order.StatusHeld, res.Order.Status)
	assert.Equal(t, []string{"CD"}, res.Order.Holds)
	assert.Equal(t, order.AuthDeclined, res.Order.Payments[0].AuthHistory[0].Status)

	// ORD-046: a time-out leaves no history record.
	e.auth.resp = order.AuthResponse{Kind: order.AuthResponseTimedOut}
	res, err = e.intake(t, webOrder("OA3", 1))
	require.NoError(t, err)
	assert.Empty(t, res.Order.Payments[0].AuthHistory)
	assert.Equal(t, order.AuthResponseTimedOut, res.Order.Payments[0].OnlineAuth.Response.Kind)

	// ORD-047: I96 sends $1.00.
	e.auth.resp = order.AuthResponse{Kind: order.AuthResponseReceived, Approved: true, AuthCode: "V"}
	e.deps.Settings.VerifyOnly = true
	_, err = e.intake(t, webOrder("OA4", 1))
	require.NoError(t, err)
	assert.Equal(t, "1.00", e.auth.calls[len(e.auth.calls)-1].Amount.Value)

	// ORD-048: under K36 with K37: assigned, not sent.
	before := len(e.auth.calls)
	e.deps.Settings.AutoAuthThreshold, e.deps.Settings.AutoAuthNumber = nd("50"), "AUTO50"
	res, err = e.intake(t, webOrder("OA5", 1))
	require.NoError(t, err)
	assert.Len(t, e.auth.calls, before)
	assert.Equal(t, "AUTO50", res.Order.Payments[0].AuthHistory[0].AuthNumber)

	// A failing authorizer fails the intake and writes nothing.
	e.deps.Settings.AutoAuthThreshold = nd("0")
	e.auth.err = errors.New("service down")
	commits := e.store.Commits()
	res, err = e.intake(t, webOrder("OA6", 1))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), card)
	assert.Contains(t, err.Error(), "1111")
	assert.Equal(t, order.StepAuthorize, res.StoppedAt())
	assert.Equal(t, commits, e.store.Commits())
}

// A.8: the separate payment message, ORD-054 and ORD-056 to ORD-058.
func TestIntake_SeparatePayment(t *testing.T) {
	e := newEnv(t)
	first := webOrder("SP1", 1)
	first.Payments, first.PayIncluded, first.ResponseType = nil, false, order.ResponseDetailed // ORD-056
	res, err := e.intake(t, first)
	require.NoError(t, err)
	require.NotNil(t, res.Response)
	assert.Equal(t, order.StatusPending, res.Order.Status) // ORD-054: acknowledged before payment
	assert.True(t, res.Response.Totals.Order.Equal(d("15")))
	orderID := res.Response.OrderID

	pay := order.Order{PaymentOnly: true, PayIncluded: true, RDCOrderNbr: orderID, ResponseType: order.ResponseAcknowledgement,
		Payments: []order.Payment{{Seq: 1, PayType: "4", CardNumber: card}}} // ORD-057
	res2, err := e.intake(t, pay)
	require.NoError(t, err)
	assert.Equal(t, res.Order.ID, res2.Order.ID)
	assert.Equal(t, order.StatusOpen, res2.Order.Status)
	assert.Equal(t, order.ResponseAcknowledgement, res2.Response.Type)
	stored, err := e.store.Order(context.Background(), res.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, stored.Status)
	assert.Len(t, stored.Payments, 1)
	assert.Len(t, e.store.Orders(), 1, "the payment-only message updates, not creates")
	// The same payment message again is a replay.
	again, err := e.intake(t, pay)
	require.NoError(t, err)
	assert.True(t, again.Replayed)

	// ORD-086: a payment-only message for an order that came with its
	// payment would be maintenance.
	paidOrder, err := e.intake(t, webOrder("SP0", 1))
	require.NoError(t, err)
	maint := pay
	maint.RDCOrderNbr = paidOrder.Response.OrderID
	_, err = e.intake(t, maint)
	require.ErrorIs(t, err, order.ErrUnsupported)
	assert.Contains(t, err.Error(), "ORD-086")

	// ORD-057: rdc_order_nbr missing, or naming no order, rejects.
	noRef := pay
	noRef.RDCOrderNbr = ""
	_, err = e.intake(t, noRef)
	require.ErrorIs(t, err, order.ErrMissingValue)
	unknown := pay
	unknown.RDCOrderNbr = "00000000-0000-0000-0000-000000009999"
	_, err = e.intake(t, unknown)
	require.ErrorIs(t, err, order.ErrNotFound)
	require.ErrorIs(t, err, order.ErrRejected)
	notUUID := pay
	notUUID.RDCOrderNbr = "12345678"
	_, err = e.intake(t, notUUID)
	require.ErrorIs(t, err, order.ErrNotFound)
	noIncl := pay
	noIncl.PayIncluded, noIncl.RDCOrderNbr = false, orderID+"x"
	_, err = e.intake(t, noIncl)
	require.ErrorIs(t, err, order.ErrInvalidValue)

	// ORD-056: the first message cannot ask for no response.
	n := webOrder("SP2", 1)
	n.Payments, n.PayIncluded, n.ResponseType = nil, false, order.ResponseNone
	_, err = e.intake(t, n)
	require.ErrorIs(t, err, order.ErrRejected)
	// ORD-058: order and payment together have pay_incl Y.
	both := webOrder("SP3", 1)
	both.PayIncluded = false
	_, err = e.intake(t, both)
	require.ErrorIs(t, err, order.ErrInvalidValue)
	assert.Contains(t, err.Error(), "pay_incl")
}

// A.9 header settings: ORD-061, ORD-064, ORD-065, ORD-066, ORD-067, ORD-069,
// ORD-073, ORD-083.
func TestIntake_HeaderSettings(t *testing.T) {
	e := newEnv(t)
	o := webOrder("HS1", 1)
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "W", res.Order.OrderType)    // ORD-061
	assert.Equal(t, "SRC", res.Order.SourceCode) // ORD-064
	o = webOrder("HS2", 1)
	o.OrderType, o.SourceCode = "R", "SPRING"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "R", res.Order.OrderType)
	assert.Equal(t, "SPRING", res.Order.SourceCode)

	// ORD-065: over U200 goes on EH hold; A92 holds nothing.
	e.deps.Settings.MaximumOrderAmount = nd("1.00")
	res, err = e.intake(t, webOrder("HS3", 1))
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, res.Order.Status, "A92 does not hold")
	e.deps.Settings.MaxMerchandise = nd("15.00")
	res, err = e.intake(t, webOrder("HS4", 1))
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, res.Order.Status, "10.00 is not over 15.00")
	res, err = e.intake(t, webOrder("HS5", 2))
	require.NoError(t, err)
	assert.Equal(t, order.StatusHeld, res.Order.Status)
	assert.Equal(t, []string{order.HoldMaxMerchandise}, res.Order.Holds)

	// ORD-069, ORD-066, ORD-067: the customer settings reach the selector,
	// and the bill-to it returns (a new one here) is used on the order.
	e.deps.Settings.PhoneInterfaceValues = []string{"last", "zip:5"}
	e.deps.Settings.UpdateSoldToWithBillTo = false
	e.sel.res = order.SoldToResult{CustomerNumber: "2002", BillToNumber: "77", Created: true, SalesRep: 20, Step: "5: new"}
	o = webOrder("HS6", 1)
	o.BillToNumber = ""
	res, err = e.intake(t, o)
	require.NoError(t, err)
	req := e.sel.reqs[len(e.sel.reqs)-1]
	assert.Equal(t, []string{"last", "zip:5"}, req.Settings.PhoneInterfaceValues) // ORD-069
	assert.False(t, req.Settings.UpdateSoldToWithBillTo)
	assert.Equal(t, "77", res.Order.BillTo, "ORD-067: the new bill-to is used whatever H87 says")
	assert.Equal(t, "2002", res.Order.CustomerNbr)
	assert.Nil(t, res.Order.Rep, "ORD-083: the sold-to's own rep 20 is not used")

	// ORD-066: with U201 = N a named existing bill-to is still assigned.
	e2 := newEnv(t)
	e2.deps.SoldTo = nil
	e2.deps.Settings.BillToSetting = false
	o = webOrder("HS7", 1)
	o.BillToNumber = "55"
	res, err = e2.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "55", res.Order.BillTo)

	// ORD-073-E1: preferred ship via of SCF 017.
	e.deps.Settings.UsePreferredShipViaBySCF = true
	o = webOrder("HS8", 1)
	o.ShipTos[0].Zip = "01760-1234"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "5", res.Order.ShipTos[0].ShipVia)
	e.deps.Settings.UsePreferredShipViaBySCF = false
	res, err = e.intake(t, func() order.Order { o := o; o.OrderNumber = "HS9"; return o }())
	require.NoError(t, err)
	assert.Equal(t, "1", res.Order.ShipTos[0].ShipVia, "off: the message's ship via stays")
}

// A.11 through the intake: ORD-062, ORD-063, ORD-082 E3/E4.
func TestIntake_SalesRep(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	o := webOrder("REP1", 1)
	o.SalesRepName = "CAROL"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	require.NotNil(t, res.Order.Rep)
	assert.Equal(t, order.Rep{Number: 21, Name: "CAROL"}, *res.Order.Rep) // ORD-082-E3
	r, ok, err := e.store.RepByNumber(ctx, 21)
	require.NoError(t, err)
	assert.True(t, ok, "the new rep is written with the order")
	assert.Equal(t, "CAROL", r.Name)

	o = webOrder("REP2", 1)
	o.SalesRepNumber = "30"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, []string{order.ReasonInvalidRep}, reasons(res)) // ORD-082-E4
	assert.ErrorIs(t, res.Errors[0], order.ErrInvalidRep)
	assert.Equal(t, order.StatusError, res.Order.Status)

	e.deps.Settings.RequireSalesRep = true
	res, err = e.intake(t, webOrder("REP3", 1))
	require.NoError(t, err)
	assert.Equal(t, []string{order.ReasonMissingRep}, reasons(res)) // ORD-063
	e.deps.Settings.DefaultSalesRep = "10"
	res, err = e.intake(t, webOrder("REP4", 1))
	require.NoError(t, err)
	assert.Empty(t, res.Errors)
	assert.Equal(t, 10, res.Order.Rep.Number) // ORD-062

	// Without a rep directory only H24 applies; the message's rep is ignored
	// with a warning.
	e.deps.Reps = nil
	o = webOrder("REP5", 1)
	o.SalesRepName = "DAN"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, order.Rep{Number: 10}, *res.Order.Rep, "H24 number; no directory to read its name from")
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], "DAN")
}

// ORD-084 through the intake, with the sold-to's existing email.
func TestIntake_ORD084_Email(t *testing.T) {
	e := newEnv(t)
	o := webOrder("EM1", 1)
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "ann@example.com", res.Order.ResolvedEmail)
	assert.Equal(t, order.EmailFromSoldTo, res.EmailSource)
	e.sel.res = order.SoldToResult{CustomerNumber: "1", ExistingIndividualEmail: "e@x"}
	e.deps.Settings.DefaultIndividualEmail = true
	o = webOrder("EM2", 1)
	o.SoldTo.Email = ""
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "e@x", res.Order.ResolvedEmail) // ORD-084-E5 (ORD-072)
}

// ORD-068: unknown coupons.
func TestIntake_ORD068_Coupons(t *testing.T) {
	e := newEnv(t)
	o := webOrder("CP1", 1)
	o.Coupons = []order.Coupon{{Number: "SAVE10", Amount: d("1")}, {Number: "BOGUS", Amount: d("2")}}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, []string{order.ReasonInvalidCoupon}, reasons(res))
	var coupons int
	for _, p := range res.Order.Payments {
		if p.Kind == order.PayCoupon {
			coupons++
		}
	}
	assert.Equal(t, 1, coupons, "a coupon payment method for the unknown coupon")
	e.deps.Settings.AcceptUnknownCoupons = true
	o.OrderNumber = "CP2"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Empty(t, res.Errors)
	assert.Len(t, res.Order.Payments, 2)
}

// ORD-074, ORD-077, ORD-078: promotions.
func TestIntake_Promotions(t *testing.T) {
	e := newEnv(t)
	e.promos.give = []order.Promotion{{Type: "free freight"}}
	o := webOrder("PR1", 1)
	o.SingleUsePromoCode = "ONCE-123"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, []string{""}, e.promos.codes, "ORD-077: code not passed when U212 is off")
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], "ORD-077")
	assert.Empty(t, res.Response.Promotions, "ORD-074: U209 off")
	assert.Len(t, res.Promotions, 1)

	e.deps.Settings.AllowSingleUsePromoCodes, e.deps.Settings.IncludePromotionInResponse = true, true
	o.OrderNumber = "PR2"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, "ONCE-123", e.promos.codes[1])                                      // ORD-077
	assert.Equal(t, []order.Promotion{{Type: "free freight"}}, res.Response.Promotions) // ORD-074

	e.deps.Settings.SuppressPromotions = true
	o.OrderNumber = "PR3"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, 2, e.promos.calls, "ORD-078: no promotion applied")
	assert.Empty(t, res.Promotions)
}

// ORD-079, ORD-080, ORD-076 through the intake.
func TestIntake_ItemResolution(t *testing.T) {
	e := newEnv(t)
	o := webOrder("IT1", 1)
	o.ShipTos[0].Lines = []order.Line{
		{Seq: 1, AliasItem: "AL-SHIRT", SKUXref: "XR-9", Quantity: 1, Price: d("1")}, // ORD-080-E1
		{Seq: 2, AliasItem: "BAD", SKUXref: "XR-9", Quantity: 1, Price: d("1")},      // ORD-080-E2
		{Seq: 3, ShortSKU: "12345", Quantity: 1, Price: d("1")},
		{Seq: 4, RetailRef: "R77", Quantity: 1, Price: d("1")},
		{Seq: 5, UPCType: "UA", UPC: "0001", Quantity: 1, Price: d("1")},
		{Seq: 6, Quantity: 1, Price: d("1")}, // ORD-080-E3
	}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	ls := res.Order.ShipTos[0].Lines
	assert.Equal(t, "SHIRT", ls[0].Item.Number)
	assert.Equal(t, string(order.KeyAlias), ls[0].ResolvedBy)
	assert.Equal(t, "PANTS", ls[1].Item.Number)
	assert.Equal(t, string(order.KeySKUXref), ls[1].ResolvedBy)
	assert.Equal(t, string(order.KeyShortSKU), ls[2].ResolvedBy)
	assert.Equal(t, string(order.KeyRetailRef), ls[3].ResolvedBy)
	assert.Equal(t, string(order.KeyUPC), ls[4].ResolvedBy)
	assert.Nil(t, ls[5].Item)
	assert.Equal(t, []string{order.ReasonBaseItemDoesNotExist}, reasons(res))

	// ORD-076: J68 decides whether every offer is searched for the alias.
	o = webOrder("IT2", 1)
	o.ShipTos[0].Lines[0] = order.Line{Seq: 1, AliasItem: "OFFER-ALIAS", Quantity: 1, Price: d("1")}
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Equal(t, []string{order.ReasonBaseItemDoesNotExist}, reasons(res))
	e.deps.Settings.SearchOffersForAlias = true
	o.OrderNumber = "IT3"
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.Empty(t, res.Errors)
	assert.Equal(t, "PANTS", res.Order.ShipTos[0].Lines[0].Item.Number)
}

// A.13: ORD-085 to ORD-090.
func TestIntake_UnsupportedAndSpecialItems(t *testing.T) {
	e := newEnv(t)
	o := webOrder("U1", 1)
	o.Originator = "JOE"
	_, err := e.intake(t, o)
	require.ErrorIs(t, err, order.ErrUnsupported) // ORD-085
	assert.Contains(t, err.Error(), "ORD-085")

	o = webOrder("U2", 1)
	o.RDCOrderNbr = "00000000-0000-0000-0000-000000000001"
	_, err = e.intake(t, o)
	require.ErrorIs(t, err, order.ErrUnsupported) // ORD-086
	assert.Contains(t, err.Error(), "order maintenance")

	for _, f := range []func(*order.Line){
		func(l *order.Line) { l.VariableSet = true },
		func(l *order.Line) { l.TelemarketingSpecial = true },
		func(l *order.Line) { l.ItemComment = "gift wrap please" },
	} {
		o = webOrder("U3", 1)
		f(&o.ShipTos[0].Lines[0])
		_, err = e.intake(t, o)
		require.ErrorIs(t, err, order.ErrUnsupported) // ORD-087
		require.ErrorIs(t, err, order.ErrRejected)
	}
	assert.Equal(t, 0, e.store.Commits())
	o = webOrder("U4", 1)
	o.ShipTos[0].Lines[0].ItemID, o.ShipTos[0].Lines[0].SKU = "VSET", ""
	res, err := e.intake(t, o)
	require.NoError(t, err)
	require.Len(t, res.Errors, 1)
	assert.ErrorIs(t, res.Errors[0], order.ErrUnsupported) // ORD-087: a variable set item

	// ORD-088: the master is exploded; a component sent too is flagged.
	o = webOrder("U5", 1)
	o.ShipTos[0].Lines = []order.Line{{Seq: 1, ItemID: "SET1", Quantity: 2, Price: d("30")}, {Seq: 2, ItemID: "SETA", Quantity: 1, Price: d("0")}}
	res, err = e.intake(t, o)
	require.NoError(t, err)
	ls := res.Order.ShipTos[0].Lines
	require.Len(t, ls, 4)
	assert.Equal(t, "SETA", ls[2].Item.Number)
	assert.Equal(t, "SETB", ls[3].Item.Number)
	assert.True(t, ls[3].Component)
	assert.Equal(t, 2, ls[3].Quantity)
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], "ORD-088")
	assert.True(t, res.Order.Totals.Merchandise.Equal(d("60")), "components add no merchandise")

	// ORD-089: zone reservation with a pop-up becomes a future order line.
	o = webOrder("U6", 1)
	o.ShipTos[0].Lines[0].ItemID, o.ShipTos[0].Lines[0].SKU = "ZONE", ""
	res, err = e.intake(t, o)
	require.NoError(t, err)
	assert.True(t, res.Order.ShipTos[0].Lines[0].Future)

	// ORD-090: the J72 item is added, in stock and reserved, no amount shown.
	o = webOrder("U7", 1)
	o.ResponseType = order.ResponseDetailed
	o.ShipTos[0].Lines[0].ItemID, o.ShipTos[0].Lines[0].SKU = "PRE", ""
	res, err = e.intake(t, o)
	require.NoError(t, err)
	require.Len(t, res.Response.ShipTos[0].Lines, 2)
	pre := res.Response.ShipTos[0].Lines[1]
	assert.Equal(t, "PREBILL", pre.Item)
	assert.Equal(t, "In stock and reserved", pre.Status)
	assert.False(t, pre.Price.Valid)
	assert.True(t, res.Response.ShipTos[0].Lines[0].Price.Valid)
}

// The 65,000-character rule (message-formats.md §1.5), issue 17 item 4: a
// message over the limit is refused whole — nothing written, and the sold-to
// selector (which creates customers) is never asked; the error names the
// limit and the length. A message of exactly 65,000 characters is taken in.
func TestIntake_OverLimit(t *testing.T) {
	for i, o := range []order.Order{webOrder("BIG1", 3), webOrder("BIG2", 3)} {
		e := newEnv(t)
		want := "more than 65000 characters"
		if i == 0 {
			o.OverLimit = true
		} else {
			o.MessageLength = order.MaxMessageLength + 1
			want = "65001 characters"
		}
		_, err := e.intake(t, o)
		require.ErrorIs(t, err, order.ErrRejected, "message-formats.md §1.5: over the limit, refused whole")
		assert.ErrorIs(t, err, order.ErrInvalidValue)
		assert.Contains(t, err.Error(), order.ReasonOverLimit, "the limit")
		assert.Contains(t, err.Error(), `"`+want+`"`, "the length")
		assert.Equal(t, 0, e.store.Commits(), "nothing written")
		assert.Empty(t, e.sel.reqs, "no customer selected or created")
	}
	e := newEnv(t)
	ok := webOrder("BIG3", 1)
	ok.MessageLength = order.MaxMessageLength
	res, err := e.intake(t, ok)
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, res.Order.Status)
}

// TestIntake_TooManyDecimals (issue 17 item 5): an amount with more decimal
// places than its currency allows is a field error naming the attribute —
// the order is in error — never a silent total (24.999999 gave an order
// total of 78.829998). Trailing zeros do not count; JPY allows none, KWD
// three.
func TestIntake_TooManyDecimals(t *testing.T) {
	cases := []struct {
		name     string
		currency string
		mutate   func(o *order.Order)
		attr     string // the attribute the error names; "" when accepted
	}{
		{"price 24.999999", "", func(o *order.Order) { o.ShipTos[0].Lines[0].Price = d("24.999999") }, "actual_price"},
		{"price 24.995 in USD", "USD", func(o *order.Order) { o.ShipTos[0].Lines[0].Price = d("24.995") }, "actual_price"},
		{"tax 1.001", "", func(o *order.Order) { o.ShipTos[0].Lines[0].Tax = d("1.001") }, "tax_amount"},
		{"freight 5.005", "", func(o *order.Order) { o.ShipTos[0].Freight = d("5.005") }, "freight"},
		{"payment 10.001", "", func(o *order.Order) { o.Payments[0].Amount = d("10.001") }, "amount"},
		{"price 100.5 in JPY", "JPY", func(o *order.Order) { o.ShipTos[0].Lines[0].Price = d("100.5") }, "actual_price"},
		{"price 24.9500 (trailing zeros)", "", func(o *order.Order) { o.ShipTos[0].Lines[0].Price = d("24.9500") }, ""},
		{"price 2.495 in KWD", "KWD", func(o *order.Order) { o.ShipTos[0].Lines[0].Price = d("2.495") }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			o := webOrder("DEC-1", 1)
			o.Currency = c.currency
			o.Payments[0].Amount = decimal.Zero
			c.mutate(&o)
			res, err := e.intake(t, o)
			require.NoError(t, err)
			if c.attr == "" {
				assert.Empty(t, res.Errors)
				return
			}
			assert.Equal(t, order.StatusError, res.Order.Status, "message-formats.md §1.2: a field error holds the order")
			var found *order.FieldError
			for _, fe := range res.Errors {
				if fe.Attribute == c.attr && strings.Contains(fe.Reason, order.ReasonTooManyDecimals) {
					found = fe
				}
			}
			require.NotNil(t, found, "message-formats.md §1.2: a field error names %s: %v", c.attr, reasons(res))
			assert.ErrorIs(t, found, order.ErrInvalidValue)
			assert.Contains(t, found.Reason, "at most")
		})
	}
	assert.Equal(t, 0, order.MinorUnits("jpy"))
	assert.Equal(t, 3, order.MinorUnits("KWD"))
	assert.Equal(t, order.DefaultMinorUnits, order.MinorUnits("EUR"))
}

// Errors are collected across header, detail and payment, not first-only.
func TestIntake_ErrorsCollected(t *testing.T) {
	e := newEnv(t)
	o := webOrder("EC1", 2)
	o.SalesRepNumber = "99"                                               // header
	o.ShipTos[0].Lines[0].ItemID = "NOPE"                                 // detail
	o.ShipTos[0].Lines[1].Price = d("-1")                                 // detail
	o.Payments = append(o.Payments, order.Payment{Seq: 2, PayType: "ZZ"}) // payment
	res, err := e.intake(t, o)
	require.NoError(t, err)
	levels := map[order.Level]int{}
	for _, fe := range res.Errors {
		levels[fe.Level]++
	}
	assert.Equal(t, map[order.Level]int{order.LevelHeader: 1, order.LevelDetail: 2, order.LevelPayment: 1}, levels)
	assert.Equal(t, order.StatusError, res.Order.Status)
	var fe *order.FieldError
	require.ErrorAs(t, res.Errors[0], &fe)
	assert.Contains(t, fe.Error(), "sales_rep_number")
	assert.Contains(t, fe.Error(), `"99"`)
	assert.Contains(t, fe.Error(), "ORD-082")
}

// Dependencies that fail stop the intake with nothing written.
func TestIntake_DependencyFailures(t *testing.T) {
	e := newEnv(t)
	e.sel.err = errors.New("customer db down")
	res, err := e.intake(t, webOrder("DF1", 1))
	require.Error(t, err)
	assert.Equal(t, order.StepCustomer, res.StoppedAt())
	assert.Equal(t, 0, e.store.Commits())

	_, err = order.Intake(context.Background(), order.Deps{}, order.Input{Order: webOrder("DF2", 1)})
	require.ErrorIs(t, err, order.ErrMissingValue)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = order.Intake(ctx, newEnv(t).deps, order.Input{Order: webOrder("DF3", 1)})
	require.ErrorIs(t, err, context.Canceled)
}
