package xmlmsg

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

func cwoMapDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func cwoMapSample(t *testing.T, name string, v CWOVersion) (*CWOrderIn, []byte) {
	t.Helper()
	data := cwoSample(t, name)
	m, err := DecodeCWOrderIn(data, cwoOpts(v))
	require.NoError(t, err)
	return m, data
}

func TestCWOrderInInput_SimpleOrder(t *testing.T) {
	m, data := cwoMapSample(t, "simple_order_with_payment.xml", CWOVersionOMS5)
	in := CWOrderInInput(m, data)
	o := in.Order
	assert.Equal(t, data, in.Payload, "the bytes are the idempotency payload")
	assert.Equal(t, "555", o.CompanyCode)
	assert.Equal(t, "WEB-100231", o.OrderNumber)
	assert.Equal(t, cwoDate(2026, 11, 24), o.OrderDate)
	assert.Equal(t, "I", o.OrderChannel)
	assert.Equal(t, "W", o.OrderType)
	assert.Equal(t, "WEB15", o.SourceCode)
	assert.Equal(t, order.ResponseDetailed, o.ResponseType)
	assert.False(t, o.PaymentOnly)
	assert.True(t, o.PayIncluded)
	assert.Nil(t, o.Batch)
	assert.Equal(t, order.SoldTo{FirstName: "MARIA", LastName: "LINDQVIST", Address1: "12 HARBOUR STREET", Apartment: "APT 4B",
		City: "PORTLAND", State: "ME", Zip: "04101", Country: "USA", Email: "maria.lindqvist@example.com",
		DayPhone: "2075550142", AddressUpdate: true, EmailUpdate: true}, o.SoldTo)
	require.Len(t, o.ShipTos, 1)
	st := o.ShipTos[0]
	assert.Equal(t, "1", st.Type)
	assert.Equal(t, "UPS", st.ShipVia)
	assert.False(t, st.CalcFreight, "calc_frt N")
	assert.True(t, st.Freight.Equal(cwoMapDec("5.00")))
	assert.Equal(t, "04101", st.Zip)
	require.Len(t, st.Lines, 2)
	assert.Equal(t, 1, st.Lines[0].Seq)
	assert.Equal(t, 2, st.Lines[1].Seq)
	assert.Equal(t, "SKU00001", st.Lines[0].ItemID)
	assert.Equal(t, 2, st.Lines[0].Quantity)
	assert.True(t, st.Lines[0].Price.Equal(cwoMapDec("24.95")))
	assert.True(t, st.Lines[0].Tax.Equal(cwoMapDec("2.74")))
	require.Len(t, o.Payments, 1)
	p := o.Payments[0]
	assert.Equal(t, 1, p.Seq)
	assert.Equal(t, "4", p.PayType)
	assert.Equal(t, "4111111111111111", p.CardNumber)
	assert.Equal(t, 9, p.ExpMonth)
	assert.Equal(t, 28, p.ExpYear)
	assert.Equal(t, "A1B2C3", p.AuthNumber)
	assert.Equal(t, cwoDate(2026, 11, 24), p.AuthDate)
	assert.True(t, p.AuthAmount.Valid && p.AuthAmount.Decimal.Equal(cwoMapDec("78.73")))
	assert.Equal(t, "Y", p.AVSResponse)
	assert.Equal(t, "M", p.CIDResponse)
	assert.True(t, p.Amount.IsZero(), "no amount attribute: the payment pays the balance")
	assert.Equal(t, m.Chars, o.MessageLength)
	assert.False(t, o.OverLimit)
}

func TestCWOrderInInput_ImpliedDecimals(t *testing.T) {
	m, _ := cwoMapSample(t, "simple_order_cwdirect18.xml", CWOVersionCWDirect18)
	o := CWOrderInInput(m, nil).Order
	assert.True(t, o.ShipTos[0].Lines[0].Price.Equal(cwoMapDec("24.95")), "2495 is 24.95 (message-formats.md §1.2)")
	assert.True(t, o.ShipTos[0].Freight.Equal(cwoMapDec("5.00")))
}

func TestCWOrderInInput_DateFallbacks(t *testing.T) {
	m, _ := cwoMapSample(t, "invalid_date_fallback.xml", CWOVersionOMS5)
	o := CWOrderInInput(m, nil).Order
	assert.Equal(t, cwoDate(2026, 11, 25), o.OrderDate, "invalid order_date: today from the clock (§1.3)")
	assert.True(t, o.Payments[0].AuthDate.IsZero(), "invalid auth_date: as if not sent (§1.3)")
	assert.Len(t, m.DateFallbacks, 2)
}

func TestCWOrderInInput_OverLimit(t *testing.T) {
	m, _ := cwoMapSample(t, "over_65000_chars.xml", CWOVersionOMS5)
	o := CWOrderInInput(m, nil).Order
	assert.True(t, o.OverLimit)
	assert.Greater(t, o.MessageLength, order.MaxMessageLength)
	assert.Equal(t, 0, o.LineCount())
}

func TestCWOrderInInput_Batch(t *testing.T) {
	m, _ := cwoMapSample(t, "batch_first.xml", CWOVersionOMS5)
	b := CWOrderInInput(m, nil).Order.Batch
	require.NotNil(t, b)
	assert.Equal(t, "7012", b.Number)
	assert.Equal(t, order.BatchBegin, b.Flag)
	assert.Equal(t, cwoDate(2026, 11, 24), b.Date)
	assert.True(t, b.CountsSet)
	assert.Equal(t, 3, b.OrderCount)
	assert.Equal(t, 5, b.QtyCount)
	assert.True(t, b.PrepaidTotal.Equal(cwoMapDec("120.50")))

	m, _ = cwoMapSample(t, "batch_last.xml", CWOVersionOMS5)
	b = CWOrderInInput(m, nil).Order.Batch
	require.NotNil(t, b)
	assert.Equal(t, order.BatchEnd, b.Flag)
	assert.True(t, b.Approve)
	assert.True(t, b.ApproveSet)
	assert.False(t, b.CountsSet)

	m, _ = cwoMapSample(t, "batch_middle.xml", CWOVersionOMS5)
	b = CWOrderInInput(m, nil).Order.Batch
	require.NotNil(t, b)
	assert.Equal(t, order.BatchNone, b.Flag)
	assert.False(t, b.ApproveSet)
}

func TestCWOrderInInput_PaymentOnly(t *testing.T) {
	m, _ := cwoMapSample(t, "payment_only.xml", CWOVersionOMS5)
	o := CWOrderInInput(m, nil).Order
	assert.True(t, o.PaymentOnly)
	assert.True(t, o.PayIncluded)
	assert.Equal(t, "6431", o.RDCOrderNbr)
	assert.Equal(t, order.ResponseNone, o.ResponseType)
	assert.Empty(t, o.ShipTos)
}

func TestCWOrderInInput_PayInclBlankWithPayments(t *testing.T) {
	data := strings.Replace(string(cwoSample(t, "simple_order_with_payment.xml")), ` pay_incl="Y"`, ``, 1)
	m, err := DecodeCWOrderIn([]byte(data), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.True(t, CWOrderInInput(m, nil).Order.PayIncluded, "ORD-058: payments in the message, pay_incl not given")
	assert.Equal(t, order.Input{Payload: []byte("x")}, CWOrderInInput(nil, []byte("x")))
}

func cwoResponse(t order.ResponseType) *order.Response {
	return &order.Response{Type: t, CompanyCode: "555", OrderID: "6431", ReferenceOrderNumber: "WEB-1",
		CustomerNumber: "40112", BillToNumber: "77", OrderDate: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
		OrderChannel: "I", Status: order.StatusError, TotalsFinal: true,
		Totals: &order.Totals{Merchandise: cwoMapDec("20.00"), Freight: cwoMapDec("5.00"), Tax: cwoMapDec("1.50"), Order: cwoMapDec("26.50")},
		ShipTos: []order.ResponseShipTo{{ShipVia: "UPS", Lines: []order.ResponseLine{
			{Seq: 1, Item: "SHIRT", SKU: "BLU", Quantity: 2, Price: decimal.NewNullDecimal(cwoMapDec("10.00")), Future: true},
			{Seq: 2, Item: "PREBILL", Quantity: 1, Status: "In stock and reserved"}, // ORD-090: no price
		}}},
		Errors: []order.ResponseError{
			{Level: order.LevelDetail, Path: "ShipTo[1]/Item[3]", Attribute: "item_id", Value: "NOSUCH", Reason: "Base item does not exist", Rule: "ORD-080"},
			{Level: order.LevelPayment, Path: "Payment[1]", Attribute: "cc_number", Value: "4111111111111111", Reason: "card refused", Rule: "X"},
			{Level: order.LevelHeader, Path: "Header", Attribute: "sales_rep_number", Value: "9", Reason: "Invalid salesrep", Rule: "ORD-082"},
			{Level: order.LevelMessage, Path: "Message", Reason: "too long"},
		},
	}
}

func TestCWOrderOutFromResponse_Kinds(t *testing.T) {
	// ORD-055: A carries the header only.
	out, err := CWOrderOutFromResponse(cwoResponse(order.ResponseAcknowledgement), CWOVersionOMS5)
	require.NoError(t, err)
	assert.Equal(t, CWOResponseAck, out.Kind)
	assert.Equal(t, CWOOutHeader{CompanyCode: 555, OrderID: 6431, ReferenceOrderNumber: "WEB-1", CustomerNumber: 40112,
		BillToNumber: 77, OrderDate: cwoDate(2026, 11, 24), OrderChannel: "I"}, out.Header)

	// ORD-055: D adds totals and lines, not the errors.
	out, err = CWOrderOutFromResponse(cwoResponse(order.ResponseDetailed), CWOVersionOMS5)
	require.NoError(t, err)
	assert.Equal(t, CWOResponseDetail, out.Kind)
	assert.Empty(t, out.Header.Errors)
	assert.Equal(t, "E", cwoOtherValue(out.Header.Other, "order_status"))
	assert.Equal(t, "Y", cwoOtherValue(out.Header.Other, "totals_final")) // ORD-007
	assert.Equal(t, "26.50", cwoOtherValue(out.Header.Other, "order_total"))
	require.Len(t, out.Header.ShipTos, 1)
	d := out.Header.ShipTos[0].Details
	require.Len(t, d, 2)
	assert.Equal(t, "10.00", cwoOtherValue(d[0].Other, "actual_price"))
	assert.Equal(t, "BLU", cwoOtherValue(d[0].Other, "sku"))
	assert.Equal(t, "Y", cwoOtherValue(d[0].Other, "future_order"))
	assert.Equal(t, "", cwoOtherValue(d[1].Other, "actual_price"), "ORD-090: the pre-billed amount line shows no amount")
	assert.Equal(t, "In stock and reserved", cwoOtherValue(d[1].Other, "line_status"))

	// ORD-055: E lists the errors; card numbers masked.
	out, err = CWOrderOutFromResponse(cwoResponse(order.ResponseDetailedWithErrors), CWOVersionOMS5)
	require.NoError(t, err)
	require.Len(t, out.Header.Errors, 4)
	assert.Equal(t, CWOOutError{Type: "DTLS", Text: `Base item does not exist (ShipTo[1]/Item[3]@item_id "NOSUCH", ORD-080)`}, out.Header.Errors[0])
	assert.Equal(t, "PAY", out.Header.Errors[1].Type)
	assert.Contains(t, out.Header.Errors[1].Text, "************1111")
	assert.NotContains(t, out.Header.Errors[1].Text, "4111111111111111")
	assert.Equal(t, "HDR", out.Header.Errors[2].Type)
	assert.Equal(t, CWOOutError{Type: "MSG", Text: "too long (Message)"}, out.Header.Errors[3])
	reply, err := EncodeCWOrderOut(out, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.NotContains(t, string(reply.Body), "4111111111111111")

	// ORD-008: N, or no response at all, sends nothing.
	for _, r := range []*order.Response{nil, {Type: order.ResponseNone}} {
		out, err = CWOrderOutFromResponse(r, CWOVersionOMS5)
		require.NoError(t, err)
		reply, err := EncodeCWOrderOut(out, cwoOpts(CWOVersionOMS5))
		require.NoError(t, err)
		assert.False(t, reply.Sent())
	}
}

func TestCWOrderOutFromResponse_PreliminaryAndImplied(t *testing.T) {
	r := cwoResponse(order.ResponseDetailed)
	r.TotalsFinal = false
	out, err := CWOrderOutFromResponse(r, CWOVersionCWDirect18)
	require.NoError(t, err)
	assert.Equal(t, "N", cwoOtherValue(out.Header.Other, "totals_final")) // ORD-007: preliminary
	assert.Equal(t, "2650", cwoOtherValue(out.Header.Other, "order_total"), "implied decimals (§1.2)")

	r.Totals.Order = cwoMapDec("26.505")
	_, err = CWOrderOutFromResponse(r, CWOVersionCWDirect18)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "WEB-1")
}

func TestCWOrderOutFromResponse_BadValues(t *testing.T) {
	r := cwoResponse(order.ResponseAcknowledgement)
	r.OrderID = uuid.MustParse("00000000-0000-0000-0000-000000000001").String() // no OrderNumbers: not numeric
	r.CustomerNumber = "1234567890"
	_, err := CWOrderOutFromResponse(r, CWOVersionOMS5)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Errors, 2)
	assert.Equal(t, "Header/@order_id", ve.Errors[0].Path)
	assert.Equal(t, r.OrderID, ve.Errors[0].Value)
	assert.Equal(t, "Header/@customer_number", ve.Errors[1].Path)

	r.OrderID = "123456789" // 9 digits: order_id has 8 positions
	r.CustomerNumber = "1"
	_, err = CWOrderOutFromResponse(r, CWOVersionOMS5)
	assert.ErrorIs(t, err, ErrInvalid)

	_, err = CWOrderOutFromResponse(r, "")
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
}

func TestProcessCWOrderIn_NeedsOrderNumbers(t *testing.T) {
	e := newCWOIntakeEnv(t, cwoIntakeSettings())
	e.deps.OrderNumbers = nil
	_, err := e.process(cwoSample(t, "simple_order_with_payment.xml"), CWOVersionOMS5)
	assert.ErrorIs(t, err, order.ErrMissingValue)
	assert.Contains(t, err.Error(), "OrderNumbers")
	assert.Equal(t, 0, e.orders.Commits())

	e = newCWOIntakeEnv(t, cwoIntakeSettings())
	x, err := e.process(cwoSample(t, "simple_order_with_payment.xml"), "")
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
	assert.Nil(t, x.Invalid, "a set-up error is not the message's fault")
}
