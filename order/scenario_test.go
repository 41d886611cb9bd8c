package order_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/scv"
)

// ORD-091: retail point of sale. Sent in batch, no acknowledgements, payment
// in the message, item found by a related value, prices as sent, deposits
// and refunds suppressed, prepaid amount equal to the order total.
func TestScenario_ORD091_RetailPointOfSale(t *testing.T) {
	e := newEnv(t)
	pos := func(num string, b order.BatchInfo) order.Order {
		o := webOrder(num, 1)
		o.OrderChannel, o.ResponseType = order.ChannelRetail, order.ResponseNone
		o.ShipTos[0].Freight = d("0")
		o.ShipTos[0].Lines[0] = order.Line{Seq: 1, RetailRef: "R77", Quantity: 1, Price: d("12.34"), Warehouse: "STORE1"}
		o.Payments = []order.Payment{{Seq: 1, PayType: "4", CardNumber: card, Amount: d("12.34"), SuppressDepositFlag: true, SuppressRefundFlag: true}}
		if b.Number != "" {
			o.Batch = &b
		}
		return o
	}
	r1, err := e.intake(t, pos("POS-1", order.BatchInfo{Number: "300", Date: testNow, Flag: order.BatchBegin, OrderCount: 2, QtyCount: 2, CountsSet: true}))
	require.NoError(t, err)
	r2, err := e.intake(t, pos("POS-2", order.BatchInfo{Number: "300", Flag: order.BatchEnd, Approve: true, ApproveSet: true}))
	require.NoError(t, err)
	assert.Nil(t, r1.Response, "no acknowledgement")
	assert.Nil(t, r2.Response)
	assert.True(t, r2.Batch.Approved)

	// The same order outside a batch shows the edit outcome.
	res, err := e.intake(t, pos("POS-3", order.BatchInfo{}))
	require.NoError(t, err)
	require.Empty(t, res.Errors, "prepaid amount equals the order total")
	l := res.Order.ShipTos[0].Lines[0]
	assert.Equal(t, "PANTS", l.Item.Number, "item looked up by the retail reference")
	assert.True(t, l.Price.Equal(d("12.34")), "not repriced")
	assert.True(t, res.Order.Payments[0].SuppressDeposit)
	assert.True(t, res.Order.Payments[0].SuppressRefund)
	p := res.Order.Payments[0]
	assert.Equal(t, order.RefundCancelPending, p.NewRefund(d("1")).Status, "no refund is ever generated")
	assert.Equal(t, order.StatusOpen, res.Order.Status)
}

// ORD-092: remote order entry (call center): regular ship via, no
// suppression, the actual check amount, no acknowledgement.
func TestScenario_ORD092_CallCenter(t *testing.T) {
	e := newEnv(t)
	o := webOrder("CC-1", 2)
	o.OrderChannel, o.ResponseType = "C", order.ResponseNone
	o.ShipTos[0].ShipVia = "UPS"
	o.Payments = []order.Payment{{Seq: 1, PayType: "CK", Amount: d("25.00")}}
	res, err := e.intake(t, o)
	require.NoError(t, err)
	assert.Nil(t, res.Response)
	assert.Empty(t, res.Errors)
	assert.Equal(t, "UPS", res.Order.ShipTos[0].ShipVia)
	assert.False(t, res.Order.Payments[0].SuppressDeposit)
	assert.False(t, res.Order.Payments[0].SuppressRefund)
	assert.Equal(t, order.RefundOpen, res.Order.Payments[0].NewRefund(d("1")).Status)
	assert.Equal(t, order.StatusOpen, res.Order.Status)

	short := webOrder("CC-2", 2)
	short.ResponseType = order.ResponseNone
	short.Payments = []order.Payment{{Seq: 1, PayType: "CK", Amount: d("20.00")}}
	res, err = e.intake(t, short)
	require.NoError(t, err)
	assert.Contains(t, reasons(res), order.ReasonPaymentTotal+" 25.00")
}

// ORD-093: e-commerce: interactive, item and SKU codes, response E with
// I56 = Y (ORD-059), payment in a separate message.
func TestScenario_ORD093_ECommerce(t *testing.T) {
	e := newEnv(t)
	o := webOrder("WEB-1", 3)
	o.Payments, o.PayIncluded = nil, false
	res, err := e.intake(t, o)
	require.NoError(t, err)
	require.NotNil(t, res.Response)
	assert.Equal(t, order.ResponseDetailedWithErrors, res.Response.Type)
	assert.True(t, res.Response.TotalsFinal)
	assert.Empty(t, res.Response.Errors)
	assert.Equal(t, "SHIRT", res.Order.ShipTos[0].Lines[0].Item.Number)
	assert.Equal(t, string(order.KeyItemSKU), res.Order.ShipTos[0].Lines[0].ResolvedBy)
	paid, err := e.intake(t, order.Order{PaymentOnly: true, PayIncluded: true, RDCOrderNbr: res.Response.OrderID,
		ResponseType: order.ResponseDetailedWithErrors, Payments: []order.Payment{{Seq: 1, PayType: "4", CardNumber: card}}})
	require.NoError(t, err)
	assert.Equal(t, order.StatusOpen, paid.Order.Status)
	assert.True(t, paid.Response.Totals.Order.Equal(d("35")))
	assert.Equal(t, "************1111", paid.Response.Payments[0].CardMasked)
}

// ORD-060, ORD-011: the settings come from one SCV snapshot; settings whose
// code the source lost are named settings under pseudo-codes.
func TestSettingsFrom_ORD060(t *testing.T) {
	set, err := scv.Load(map[string]string{
		"U196": "W", "U199": "WEB", "U200": "500.00", "A92": "10.00", "U203": "Y",
		"H24": "10", "E87": "Y", "I56": "Y", "G41": "41", "I78": "78", "J17": "Y", "J68": "Y", "C18": "RD",
		"K36": "25.00", "K37": "AUTO25", "I08": "UNDER1", "G99": "N", "L74": "100.00", "I96": "Y",
		"J58": "Y", "F31": "Y", "F38": "IFR0086", "G80": "MQ", "H45": "GENERIC_2",
	})
	require.NoError(t, err)
	s := order.SettingsFrom(set)
	assert.Equal(t, "W", s.DefaultOrderType)
	assert.Equal(t, "WEB", s.DefaultSourceCode)
	assert.True(t, s.MaxMerchandise.Valid)
	assert.True(t, s.MaxMerchandise.Decimal.Equal(d("500")))
	assert.True(t, s.AcceptUnknownCoupons)
	assert.Equal(t, "10", s.DefaultSalesRep)
	assert.True(t, s.RequireSalesRep)
	assert.True(t, s.PerformEditInteractively)
	assert.Equal(t, "41", s.ErrorBatch)
	assert.Equal(t, "78", s.RetailChannelBatch)
	assert.True(t, s.AutoAuthThreshold.Decimal.Equal(d("25")))
	assert.Equal(t, "AUTO25", s.AutoAuthNumber)
	assert.Equal(t, "UNDER1", s.UnderOneDollarAuthNumber)
	assert.False(t, s.AuthorizeFullAmount)
	assert.True(t, s.ReserveThreshold.Decimal.Equal(d("100")))
	assert.True(t, s.VerifyOnly)
	assert.True(t, s.SearchOffersForAlias)
	assert.Equal(t, "RD", s.DefaultDisposition)
	assert.True(t, s.DefaultIndividualEmail)
	assert.True(t, order.CustomerReturnSettings{SendRAMessage: s.SendRAMessage, UsePkMS: s.UsePkMS,
		ReturnProgram: s.PkMSReturnProgram, Transport: s.PkMSTransport, MessageFormat: s.RAMessageFormat}.SendsCustomerReturn())
	empty := order.SettingsFrom(scv.Set{})
	assert.False(t, empty.AutoAuthThreshold.Valid, "blank K36 stays blank (ORD-049)")
	assert.False(t, empty.ReserveThreshold.Valid)

	// The snapshot drives an intake.
	e := newEnv(t)
	e.deps.Settings = s
	e.deps.Settings.DefaultSalesRep = ""
	e.deps.Settings.RequireSalesRep = false
	res, err := order.Intake(context.Background(), e.deps, order.Input{Order: webOrder("SET-1", 1)})
	require.NoError(t, err)
	assert.Equal(t, "WEB", res.Order.SourceCode)
}
