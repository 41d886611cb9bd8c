package order_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/doccount"
	"github.com/omskit/omskit/internal/pcitest"
	"github.com/omskit/omskit/order"
)

// outcome kinds of the hostile table.
const (
	rejected = "rejected" // error returned, nothing written
	inError  = "in error" // written in error status with the reason
	accepted = "accepted" // written, passed the edit
)

// TestIntake_HostileInput: each hostile message and its expected outcome.
// Rejected messages write nothing; orders in error are written complete in
// error status with every reason; error texts never carry a full card number.
func TestIntake_HostileInput(t *testing.T) {
	line := func(o *order.Order) *order.Line { return &o.ShipTos[0].Lines[0] }
	pay := func(o *order.Order) *order.Payment { return &o.Payments[0] }
	cases := []struct {
		name    string
		mutate  func(o *order.Order)
		outcome string
		want    error  // sentinel for rejected, or on the field error for in error
		reason  string // text in the error (rejected) or a reason on the order (in error)
	}{
		// Rejected: the message as a whole.
		{"blank order_number (ORD-010)", func(o *order.Order) { o.OrderNumber = "" }, rejected, order.ErrMissingValue, "order_number"},
		{"order_number of 31 characters", func(o *order.Order) { o.OrderNumber = strings.Repeat("9", 31) }, rejected, order.ErrInvalidValue, "order_number"},
		{"response_type X (ORD-055)", func(o *order.Order) { o.ResponseType = "X" }, rejected, order.ErrInvalidValue, "response_type"},
		{"response_type lower-case d (ORD-055)", func(o *order.Order) { o.ResponseType = "d" }, rejected, order.ErrInvalidValue, "response_type"},
		{"response_type of two letters", func(o *order.Order) { o.ResponseType = "DE" }, rejected, order.ErrInvalidValue, "response_type"},
		{"company_code letters", func(o *order.Order) { o.CompanyCode = "ABC" }, rejected, order.ErrInvalidValue, "company_code"},
		{"company_code 4 digits", func(o *order.Order) { o.CompanyCode = "0001" }, rejected, order.ErrInvalidValue, "company_code"},
		{"customer_number with a letter", func(o *order.Order) { o.SoldTo.CustomerNumber = "12A" }, rejected, order.ErrInvalidValue, "customer_number"},
		{"customer_number 10 digits", func(o *order.Order) { o.SoldTo.CustomerNumber = "1234567890" }, rejected, order.ErrInvalidValue, "customer_number"},
		{"customer_number negative", func(o *order.Order) { o.SoldTo.CustomerNumber = "-5" }, rejected, order.ErrInvalidValue, "customer_number"},
		{"bill_to_number 8 digits", func(o *order.Order) { o.BillToNumber = "12345678" }, rejected, order.ErrInvalidValue, "bill_to_number"},
		{"alternate_sold_to_id 16 characters", func(o *order.Order) { o.SoldTo.AlternateID = strings.Repeat("A", 16) }, rejected, order.ErrInvalidValue, "alternate_sold_to_id"},
		{"order_channel 3 characters", func(o *order.Order) { o.OrderChannel = "WEB" }, rejected, order.ErrInvalidValue, "order_channel"},
		{"individual originator (ORD-085)", func(o *order.Order) { o.Originator = "BOB" }, rejected, order.ErrUnsupported, "ORD-085"},
		{"order maintenance via rdc_order_nbr (ORD-086)", func(o *order.Order) { o.RDCOrderNbr = "123" }, rejected, order.ErrUnsupported, "ORD-086"},
		{"variable set line (ORD-087)", func(o *order.Order) { line(o).VariableSet = true }, rejected, order.ErrUnsupported, "ORD-087"},
		{"telemarketing special (ORD-087)", func(o *order.Order) { line(o).TelemarketingSpecial = true }, rejected, order.ErrUnsupported, "ORD-087"},
		{"item comment (ORD-087)", func(o *order.Order) { line(o).ItemComment = "hi" }, rejected, order.ErrUnsupported, "ORD-087"},
		{"card number with letters, masked", func(o *order.Order) { pay(o).CardNumber = "4111AAAA11114242" }, rejected, order.ErrInvalidValue, "****aaaa****4242"},
		{"card expiry month 13", func(o *order.Order) { pay(o).ExpMonth = 13 }, rejected, order.ErrInvalidValue, "cc_exp_month"},
		{"card expiry month -1", func(o *order.Order) { pay(o).ExpMonth = -1 }, rejected, order.ErrInvalidValue, "cc_exp_month"},
		{"negative payment amount", func(o *order.Order) { pay(o).Amount = d("-5") }, rejected, order.ErrInvalidValue, "amount"},
		{"duplicate payment_seq_number", func(o *order.Order) {
			o.Payments = append(o.Payments, order.Payment{Seq: 1, PayType: "CK"})
		}, rejected, order.ErrInvalidValue, "payment_seq_number"},
		{"pay_incl N with payments (ORD-058)", func(o *order.Order) { o.PayIncluded = false }, rejected, order.ErrInvalidValue, "pay_incl"},
		{"payment-only without rdc_order_nbr (ORD-057)", func(o *order.Order) { o.PaymentOnly = true; o.ShipTos = nil }, rejected, order.ErrMissingValue, "rdc_order_nbr"},
		{"payment-only without payments (ORD-057)", func(o *order.Order) {
			o.PaymentOnly, o.RDCOrderNbr, o.Payments, o.ShipTos = true, "1", nil, nil
		}, rejected, order.ErrMissingValue, "payments"},
		{"payment-only with ship-tos (ORD-086)", func(o *order.Order) { o.PaymentOnly, o.RDCOrderNbr = true, "1" }, rejected, order.ErrUnsupported, "ORD-086"},
		{"payment-only naming no order (ORD-057)", func(o *order.Order) {
			o.PaymentOnly, o.RDCOrderNbr, o.ShipTos = true, "00000000-0000-0000-0000-000000000999", nil
		}, rejected, order.ErrNotFound, "rdc_order_nbr"},
		{"payment follows but response N (ORD-056)", func(o *order.Order) {
			o.Payments, o.PayIncluded, o.ResponseType = nil, false, order.ResponseNone
		}, rejected, order.ErrInvalidValue, "ORD-056"},
		{"batch_number not numeric (ORD-012)", func(o *order.Order) {
			o.Batch = &order.BatchInfo{Number: "B-1", Date: testNow, Flag: order.BatchBegin, CountsSet: true}
		}, rejected, order.ErrInvalidValue, "batch_number"},
		{"batch_beg_end_flag X (ORD-014)", func(o *order.Order) {
			o.Batch = &order.BatchInfo{Number: "1", Flag: "X"}
		}, rejected, order.ErrInvalidValue, "batch_beg_end_flag"},
		{"first batch order without batch_date (ORD-020)", func(o *order.Order) {
			o.Batch = &order.BatchInfo{Number: "1", Flag: order.BatchBegin, CountsSet: true}
		}, rejected, order.ErrMissingValue, "batch_date"},
		{"last batch order without approve_batch (ORD-020)", func(o *order.Order) {
			o.Batch = &order.BatchInfo{Number: "1", Flag: order.BatchEnd}
		}, rejected, order.ErrMissingValue, "approve_batch"},
		{"batched order without batch_number (ORD-020)", func(o *order.Order) { o.Batch = &order.BatchInfo{} }, rejected, order.ErrMissingValue, "batch_number"},
		{"middle order of a batch never begun (ORD-020)", func(o *order.Order) { o.Batch = &order.BatchInfo{Number: "4242"} }, rejected, order.ErrInvalidValue, "batch_number"},
		// Issue 17: limits and values seen from outside.
		{"over 65,000 characters (decoder flag), nothing written", func(o *order.Order) { o.OverLimit = true }, rejected, order.ErrInvalidValue, order.ReasonOverLimit},
		{"65,001 characters long, nothing written", func(o *order.Order) { o.MessageLength = order.MaxMessageLength + 1 }, rejected, order.ErrInvalidValue, `"65001 characters"`},
		{"order_number of 65,001 characters, short error", func(o *order.Order) { o.OrderNumber = strings.Repeat("7", 65001) }, rejected, order.ErrInvalidValue, "…(65001 characters)"},
		{"card number as order_number of 31 characters, masked", func(o *order.Order) { o.OrderNumber = "4111 1111 1111 1111 and more text" }, rejected, order.ErrInvalidValue, "**** **** **** 1111"},
		{"negative batch counts (ORD-020)", func(o *order.Order) {
			o.Batch = &order.BatchInfo{Number: "1", Date: testNow, Flag: order.BatchBegin, CountsSet: true, OrderCount: -1}
		}, rejected, order.ErrInvalidValue, "batch_order_count"},

		// In error: written, status E, with the documented reason.
		{"unknown item (ORD-080)", func(o *order.Order) { line(o).ItemID = "GHOST" }, inError, order.ErrItemNotFound, order.ReasonBaseItemDoesNotExist},
		{"every item attribute blank (ORD-080)", func(o *order.Order) { line(o).ItemID, line(o).SKU = "", "" }, inError, order.ErrItemNotFound, order.ReasonBaseItemDoesNotExist},
		{"known item, wrong SKU (ORD-080)", func(o *order.Order) { line(o).SKU = "RED" }, inError, order.ErrItemNotFound, order.ReasonBaseItemDoesNotExist},
		{"negative price on a sale line", func(o *order.Order) { line(o).Price = d("-10") }, inError, order.ErrInvalidValue, "negative price"},
		{"negative price on a return line", func(o *order.Order) { line(o).Price, line(o).Quantity = d("-10"), -1 }, inError, order.ErrInvalidValue, "negative price"},
		{"zero quantity", func(o *order.Order) { line(o).Quantity = 0 }, inError, order.ErrInvalidValue, "quantity must not be zero"},
		{"duplicate line numbers", func(o *order.Order) { o.ShipTos[0].Lines[1].Seq = 1 }, inError, order.ErrInvalidValue, order.ReasonDuplicateLine},
		{"no ship-to", func(o *order.Order) { o.ShipTos = nil }, inError, order.ErrMissingValue, order.ReasonNoShipTo},
		{"ship-to without lines", func(o *order.Order) { o.ShipTos[0].Lines = nil }, inError, order.ErrMissingValue, order.ReasonNoLines},
		{"ship_to_type 7", func(o *order.Order) { o.ShipTos[0].Type = "7" }, inError, order.ErrInvalidValue, "must be 1, 2 or 3"},
		{"negative freight", func(o *order.Order) { o.ShipTos[0].Freight = d("-1") }, inError, order.ErrInvalidValue, "freight"},
		{"negative tax on a sale line", func(o *order.Order) { line(o).Tax = d("-0.50") }, inError, order.ErrInvalidValue, "negative tax"},
		{"payments do not add up", func(o *order.Order) {
			o.Payments = []order.Payment{{Seq: 1, PayType: "4", CardNumber: card, Amount: d("10")}, {Seq: 2, PayType: "CK", Amount: d("1")}}
		}, inError, order.ErrInvalidValue, order.ReasonPaymentTotal},
		{"payments exceed the total beside a balance payment", func(o *order.Order) {
			o.Payments = []order.Payment{{Seq: 1, PayType: "4", CardNumber: card}, {Seq: 2, PayType: "CK", Amount: d("40")}}
		}, inError, order.ErrInvalidValue, order.ReasonPaymentTotal},
		{"mixed currencies", func(o *order.Order) { pay(o).Currency = "EUR" }, inError, order.ErrInvalidValue, order.ReasonCurrency},
		{"unknown pay type", func(o *order.Order) { pay(o).PayType = "99" }, inError, order.ErrInvalidValue, "unknown pay type"},
		{"credit card without a number", func(o *order.Order) { pay(o).CardNumber = "" }, inError, order.ErrMissingValue, order.ReasonMissingValue},
		{"sales rep number unknown (ORD-082)", func(o *order.Order) { o.SalesRepNumber = "31" }, inError, order.ErrInvalidRep, order.ReasonInvalidRep},
		{"sales rep number not numeric (ORD-082)", func(o *order.Order) { o.SalesRepNumber = "ABC" }, inError, order.ErrInvalidRep, order.ReasonInvalidRep},
		{"return into a warehouse without the item (ORD-027)", func(o *order.Order) {
			line(o).Quantity, line(o).Warehouse = -1, "77"
			o.Payments, o.PayIncluded = []order.Payment{{Seq: 1, PayType: "CK"}}, true
		}, inError, order.ErrInvalidValue, order.ReasonItemNotValidForWhs},
		{"unknown coupon (ORD-068)", func(o *order.Order) { o.Coupons = []order.Coupon{{Number: "FAKE"}} }, inError, order.ErrInvalidValue, order.ReasonInvalidCoupon},
		{"price with six decimals (24.999999)", func(o *order.Order) { line(o).Price = d("24.999999") }, inError, order.ErrInvalidValue, order.ReasonTooManyDecimals},
		{"tax with three decimals", func(o *order.Order) { line(o).Tax = d("0.605") }, inError, order.ErrInvalidValue, order.ReasonTooManyDecimals},
		{"freight with three decimals", func(o *order.Order) { o.ShipTos[0].Freight = d("5.005") }, inError, order.ErrInvalidValue, order.ReasonTooManyDecimals},
		{"payment amount with three decimals", func(o *order.Order) {
			o.Payments = []order.Payment{{Seq: 1, PayType: "4", CardNumber: card}, {Seq: 2, PayType: "CK", Amount: d("5.001")}}
		}, inError, order.ErrInvalidValue, order.ReasonTooManyDecimals},
		{"variable set item from the catalog (ORD-087)", func(o *order.Order) { line(o).ItemID, line(o).SKU = "VSET", "" }, inError, order.ErrUnsupported, order.ReasonUnsupported},

		// Accepted edge cases.
		{"order_number of exactly 30 characters", func(o *order.Order) { o.OrderNumber = strings.Repeat("7", 30) }, accepted, nil, ""},
		{"payments adding up exactly", func(o *order.Order) {
			o.Payments = []order.Payment{{Seq: 1, PayType: "4", CardNumber: card, Amount: d("20")}, {Seq: 2, PayType: "CK", Amount: d("5.00")}}
		}, accepted, nil, ""},
		{"payment currency equal to the order's", func(o *order.Order) { pay(o).Currency = "USD" }, accepted, nil, ""},
		{"no-charge line at zero price", func(o *order.Order) { line(o).Price, line(o).NoCharge = d("0"), true }, accepted, nil, ""},
		{"return line with negative quantity and tax", func(o *order.Order) { line(o).Quantity, line(o).Tax = -1, d("-0.60") }, accepted, nil, ""},
		{"price with trailing zeros (24.9500)", func(o *order.Order) { line(o).Price = d("24.9500") }, accepted, nil, ""},
		{"message of exactly 65,000 characters", func(o *order.Order) { o.MessageLength = order.MaxMessageLength }, accepted, nil, ""},
		{"known item found by alias with blank item_id", func(o *order.Order) { line(o).ItemID, line(o).SKU, line(o).AliasItem = "", "", "AL-SHIRT" }, accepted, nil, ""},
	}
	require.GreaterOrEqual(t, len(cases), 50)
	require.Equal(t, doccount.Count(t, "doc.go", `domain-level hostile-input catalog[^.]*? holds (\d+) messages`), len(cases),
		"the package documentation states the size of this catalog")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			o := webOrder("HOSTILE-1", 2)
			c.mutate(&o)
			res, err := e.intake(t, o)
			switch c.outcome {
			case rejected:
				require.Error(t, err)
				assert.ErrorIs(t, err, c.want)
				assert.Contains(t, strings.ToLower(err.Error()), strings.ToLower(c.reason))
				assert.NotContains(t, err.Error(), card)
				assert.Empty(t, pcitest.Cards(err.Error()), "no card number in the error")
				assert.Less(t, len(err.Error()), 1000, "the error echoes a short prefix of any value")
				assert.Equal(t, 0, e.store.Commits(), "nothing written")
				assert.Empty(t, e.sel.reqs, "no customer selected or created")
			case inError:
				require.NoError(t, err)
				assert.Equal(t, order.StatusError, res.Order.Status)
				found := false
				for _, fe := range res.Errors {
					if strings.Contains(fe.Reason, c.reason) || strings.Contains(fe.Error(), c.reason) {
						found = true
						assert.ErrorIs(t, fe, c.want)
					}
				}
				assert.True(t, found, "reason %q in %v", c.reason, reasons(res))
				assert.Equal(t, 1, e.store.Commits(), "written in error status")
				for _, fe := range res.Errors {
					assert.NotContains(t, fe.Error(), card)
				}
			case accepted:
				require.NoError(t, err)
				assert.Empty(t, res.Errors)
				assert.Contains(t, []order.Status{order.StatusOpen, order.StatusHeld}, res.Order.Status)
			}
		})
	}
}
