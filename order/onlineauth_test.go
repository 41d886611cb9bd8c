package order_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

// pricedWebOrder is a one-line web order whose card pays exactly price (no
// freight), so the amount to authorize is price.
func pricedWebOrder(num, price string) order.Order {
	o := webOrder(num, 1)
	o.ShipTos[0].Freight = decimal.Zero
	o.ShipTos[0].Lines[0].Price = d(price)
	return o
}

// ORD-049: the I08 number is given only to amounts under $1.00, on both sides
// of the bound, and never to a $60 card.
func TestDecideOnlineAuth_ORD049_UnderOneDollarBound(t *testing.T) {
	t.Parallel()
	in := func(amount string) order.OnlineAuthInput {
		return order.OnlineAuthInput{Eligible: true, AllShippable: true, UnderOneAuth: "I08NUM", Amount: d(amount)}
	}
	got := order.DecideOnlineAuth(in("0.99"))
	assert.Equal(t, order.AuthRowI08, got.Row, "ORD-049: $0.99 is under $1.00")
	assert.Equal(t, "I08NUM", got.AuthNumber, "ORD-049: $0.99 gets the I08 number")

	for _, amount := range []string{"1.00", "60.00"} {
		got := order.DecideOnlineAuth(in(amount))
		assert.Equal(t, order.AuthActionSend, got.Action, "ORD-049: $%s is not under $1.00: sent", amount)
		assert.Empty(t, got.AuthNumber, "ORD-049: $%s never gets the I08 number", amount)
		assert.True(t, got.Amount.Equal(d(amount)), "ORD-049: $%s is sent as is", amount)
	}
}

// ORD-049 through the intake: with I08 set and K36/K37 blank, a $0.99 card is
// given the I08 number without a call; $1.00 and a $60 card go to the service
// bureau and carry its authorization number.
func TestIntake_ORD049_I08OnlyUnderOneDollar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.deps.OnlineAuthEligible = func(*order.Order) bool { return true }
	e.deps.Settings.UnderOneDollarAuthNumber = "I08NUM"

	res, err := e.intake(t, pricedWebOrder("I08-1", "0.99"))
	require.NoError(t, err)
	assert.Empty(t, e.auth.calls, "ORD-049: under $1.00 nothing is sent")
	require.Len(t, res.Order.Payments[0].AuthHistory, 1)
	assert.Equal(t, "I08NUM", res.Order.Payments[0].AuthHistory[0].AuthNumber, "ORD-049: the I08 number is assigned")

	for i, amount := range []string{"1.00", "60.00"} {
		res, err := e.intake(t, pricedWebOrder("I08-"+amount, amount))
		require.NoError(t, err)
		require.Len(t, e.auth.calls, i+1, "ORD-049: $%s is sent to the service bureau", amount)
		assert.Equal(t, amount, e.auth.calls[i].Amount.Value)
		h := res.Order.Payments[0].AuthHistory
		require.Len(t, h, 1)
		assert.Equal(t, "OK1", h[0].AuthNumber, "ORD-049: $%s carries the service bureau's number, not I08's", amount)
	}
}

// ORD-046: the three response kinds. R records what came back (authorization
// code, vendor response, AVS, CID, date), approved or declined; T and U record
// nothing, whatever else the answer carries.
func TestIntake_ORD046_ResponseKinds(t *testing.T) {
	t.Parallel()
	answered := time.Date(2026, 5, 4, 9, 59, 30, 0, time.UTC)
	cases := []struct {
		name   string
		resp   order.AuthResponse
		record bool
		status order.AuthStatus
	}{
		{"R approved", order.AuthResponse{Kind: order.AuthResponseReceived, Approved: true, AuthCode: "AP1",
			ResponseCode: "100", AVSResponse: "Y", CIDResponse: "M", Date: answered}, true, order.AuthApproved},
		{"R declined", order.AuthResponse{Kind: order.AuthResponseReceived, AuthCode: "DC1",
			ResponseCode: "X", AVSResponse: "N", CIDResponse: "N", Date: answered}, true, order.AuthDeclined},
		{"U undefined, even looking approved", order.AuthResponse{Kind: order.AuthResponseUndefined, Approved: true, AuthCode: "U1",
			ResponseCode: "100", AVSResponse: "Y", CIDResponse: "M", Date: answered}, false, ""},
		{"T timed out", order.AuthResponse{Kind: order.AuthResponseTimedOut, Approved: true, AuthCode: "T1"}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.deps.OnlineAuthEligible = func(*order.Order) bool { return true }
			e.auth.resp = c.resp
			res, err := e.intake(t, webOrder("R46", 1))
			require.NoError(t, err)
			p := res.Order.Payments[0]
			require.NotNil(t, p.OnlineAuth.Response)
			assert.Equal(t, c.resp.Kind, p.OnlineAuth.Response.Kind, "ORD-046: the kind is kept")
			if !c.record {
				assert.Empty(t, p.AuthHistory, "ORD-046: %s records no authorization", c.resp.Kind)
				return
			}
			require.Len(t, p.AuthHistory, 1, "ORD-046: an R answer is recorded")
			h := p.AuthHistory[0]
			assert.Equal(t, c.status, h.Status, "ORD-046: approved or declined")
			assert.Equal(t, c.resp.AuthCode, h.AuthNumber, "ORD-046: authorization code")
			assert.Equal(t, c.resp.ResponseCode, h.VendorResponse, "ORD-046: response code")
			assert.Equal(t, c.resp.AVSResponse, h.AVSResponse, "ORD-046: AVS response")
			assert.Equal(t, c.resp.CIDResponse, h.CIDResponse, "ORD-046: CID response")
			assert.Equal(t, answered, h.Date, "ORD-046: the response's date")
			assert.True(t, h.Amount.Valid && h.Amount.Decimal.Equal(d("15.00")), "ORD-046: the amount sent")
		})
	}
}

// ORD-044: the transaction id of a web authorization reaches the deposit: the
// invoice payment written when a shipment is billed carries it.
func TestIntake_ORD044_TransactionIDReachesTheDeposit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	o := webOrder("TX-1", 1)
	o.Payments[0].AuthNumber, o.Payments[0].AuthAmount, o.Payments[0].AuthDate = "A1", nd("15.00"), testNow
	o.Payments[0].TransactionID = "TX9"
	res, err := e.intake(t, o)
	require.NoError(t, err)
	stored, err := e.store.Order(t.Context(), res.Order.ID)
	require.NoError(t, err)
	p := stored.Payments[0]
	assert.Equal(t, "TX9", p.BillShipment(d("15.00")).DepositReference, "ORD-044: the deposit carries the transaction id")

	o = webOrder("TX-2", 1)
	o.Payments[0].AuthNumber, o.Payments[0].AuthAmount, o.Payments[0].AuthDate = "A2", nd("15.00"), testNow
	res, err = e.intake(t, o)
	require.NoError(t, err)
	p = res.Order.Payments[0]
	assert.Empty(t, p.BillShipment(d("15.00")).DepositReference, "ORD-044: no transaction id, no reference")
}

// ORD-044: the deposit links to the latest approved authorization; a declined
// record's transaction id is never a deposit's.
func TestBillShipment_ORD044_DepositReference(t *testing.T) {
	t.Parallel()
	approved := func(tx string) order.AuthRecord {
		return order.AuthRecord{Status: order.AuthApproved, TransactionID: tx}
	}
	declined := func(tx string) order.AuthRecord {
		return order.AuthRecord{Status: order.AuthDeclined, TransactionID: tx}
	}
	cases := []struct {
		name    string
		history []order.AuthRecord
		want    string
	}{
		{"one approved", []order.AuthRecord{approved("TX1")}, "TX1"},
		{"the latest approved", []order.AuthRecord{approved("TX1"), approved("TX2")}, "TX2"},
		{"a later decline does not replace it", []order.AuthRecord{approved("TX1"), declined("TX2")}, "TX1"},
		{"declined only", []order.AuthRecord{declined("TX2")}, ""},
		{"no history", nil, ""},
	}
	for _, c := range cases {
		p := order.Payment{Seq: 1, AuthHistory: c.history}
		assert.Equal(t, c.want, p.BillShipment(d("1")).DepositReference, "ORD-044: %s", c.name)
	}
}
