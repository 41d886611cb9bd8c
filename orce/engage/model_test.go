package engage

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestOrderKind(t *testing.T) {
	shirt := Line{Article: "shirt", Quantity: 2, UnitPrice: d("10")}
	shoe := Line{Article: "shoe", Quantity: -1, UnitPrice: d("50")}
	cases := []struct {
		name  string
		lines []Line
		want  OrderKind
	}{
		{"ENG-018-E1 +2 shirt -1 shoe is mixed", []Line{shirt, shoe}, KindMixed}, // ENG-018
		{"ENG-018-E1 -1 shoe only is return", []Line{shoe}, KindReturn},          // ENG-018
		{"ENG-018 purchase lines only is purchase", []Line{shirt}, KindPurchase}, // ENG-018
		{"no lines", nil, KindEmpty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Order{Lines: c.lines}.Kind())
		})
	}
}

// ENG-018: the two kinds of line are kept apart on every order.
func TestPurchaseAndReturnLinesKeptApart_ENG_018(t *testing.T) {
	o := Order{Lines: []Line{
		{LineNo: 1, Article: "shirt", Quantity: 2, UnitPrice: d("10")},
		{LineNo: 2, Article: "shoe", Quantity: -1, UnitPrice: d("50")},
		{LineNo: 3, Article: "sock", Quantity: 1, UnitPrice: d("3")},
	}}
	assert.Equal(t, []int{1, 3}, lineNos(o.PurchaseLines()))
	assert.Equal(t, []int{2}, lineNos(o.ReturnLines()))
}

func lineNos(ls []Line) []int {
	var out []int
	for _, l := range ls {
		out = append(out, l.LineNo)
	}
	return out
}

// ENG-019: summed amounts over lines, discounts, fees, taxes and payments.
func TestTotals_ENG_019(t *testing.T) {
	o := Order{
		Lines:     []Line{{Article: "shirt", Quantity: 2, UnitPrice: d("10.50")}, {Article: "shoe", Quantity: -1, UnitPrice: d("5.25")}},
		Discounts: []Charge{{Code: "D", Amount: d("1.00")}},
		Fees:      []Charge{{Code: "SHIP", Amount: d("4.95")}},
		Taxes:     []Charge{{Code: "VAT", Amount: d("3.10")}},
		Payments:  []Payment{{Method: "card", Amount: d("19.70")}},
	}
	tot := o.Totals()
	assert.True(t, tot.Purchases.Equal(d("21.00")), tot.Purchases.String())
	assert.True(t, tot.Returns.Equal(d("-5.25")), tot.Returns.String())
	assert.True(t, tot.Discounts.Equal(d("1.00")))
	assert.True(t, tot.Fees.Equal(d("4.95")))
	assert.True(t, tot.Taxes.Equal(d("3.10")))
	assert.True(t, tot.Paid.Equal(d("19.70")))
	assert.True(t, tot.Total.Equal(d("19.70")), tot.Total.String())
}

func validOrder() Order {
	return Order{ID: "O-1", Contact: "C-1", Status: "placed", Currency: "SEK", Placed: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Lines: []Line{{LineNo: 1, Article: "A1", Quantity: 1, UnitPrice: d("9.90")}}}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Order)
		want   []FieldError
	}{
		{"valid", func(*Order) {}, nil},
		// ENG-022: every format error comes back as a field error with path, value and rule.
		{"ENG-022 missing id, contact and status", func(o *Order) { o.ID, o.Contact, o.Status = "", "", "" }, []FieldError{
			{Path: "contact", Rule: "required"}, {Path: "id", Rule: "required"}, {Path: "status", Rule: "required"}}},
		// ENG-022
		{"ENG-022 bad currency", func(o *Order) { o.Currency = "kr" }, []FieldError{{Path: "currency", Value: "kr", Rule: "ISO 4217 code of 3 letters"}}},
		// ENG-024: complete article references on order lines.
		{"ENG-024 line without article reference", func(o *Order) { o.Lines[0].Article = "" }, []FieldError{{Path: "lines[0].article", Rule: "required"}}},
		// ENG-022
		{"ENG-022 zero quantity and negative price", func(o *Order) { o.Lines[0].Quantity = 0; o.Lines[0].UnitPrice = d("-1") }, []FieldError{
			{Path: "lines[0].quantity", Value: "0", Rule: "must not be zero"}, {Path: "lines[0].unitPrice", Value: "-1", Rule: "must not be negative"}}},
		// ENG-022: the currency is three letters A to Z, both ends included.
		{"ENG-022 currency with A and Z", func(o *Order) { o.Currency = "ZAR" }, nil},
		{"ENG-022 currency below A", func(o *Order) { o.Currency = "@AR" }, []FieldError{{Path: "currency", Value: "@AR", Rule: "ISO 4217 code of 3 letters"}}},
		{"ENG-022 currency above Z", func(o *Order) { o.Currency = "Z[R" }, []FieldError{{Path: "currency", Value: "Z[R", Rule: "ISO 4217 code of 3 letters"}}},
		// ENG-022: the field errors come back sorted by path, whatever order they were found in.
		{"ENG-022 field errors sorted by path", func(o *Order) { o.ID, o.Status, o.Currency = "", "", "kr" }, []FieldError{
			{Path: "currency", Value: "kr", Rule: "ISO 4217 code of 3 letters"}, {Path: "id", Rule: "required"}, {Path: "status", Rule: "required"}}},
		// ENG-022
		{"ENG-022 negative discount", func(o *Order) { o.Discounts = []Charge{{Code: "X", Amount: d("-2")}} }, []FieldError{
			{Path: "discounts[0].amount", Value: "-2", Rule: "must not be negative"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := validOrder()
			c.mutate(&o)
			err := Validate(o)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalid)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, c.want, ve.Fields)
			assert.Contains(t, err.Error(), "order "+string(o.ID))
		})
	}
}

func TestValidateReceipt(t *testing.T) {
	base := Receipt{ID: "R-1", Contact: "C-1", Kind: ReceiptSale, Currency: "SEK", Lines: []Line{{Article: "A", Quantity: 1, UnitPrice: d("1")}}}
	require.NoError(t, ValidateReceipt(base))

	ret := base
	ret.Kind = ReceiptReturn
	err := ValidateReceipt(ret) // ENG-022: a return receipt has negative lines
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldError{{Path: "lines[0].quantity", Value: "1", Rule: "return lines are negative"}}, ve.Fields)

	// ENG-022: a zero line is one error (must not be zero) on a sale and on a
	// return receipt alike, not also a wrong sign.
	for _, kind := range []ReceiptKind{ReceiptSale, ReceiptReturn} {
		zero := base
		zero.Kind = kind
		zero.Lines = []Line{{Article: "A", Quantity: 0, UnitPrice: d("1")}}
		require.ErrorAs(t, ValidateReceipt(zero), &ve)
		assert.Equal(t, []FieldError{{Path: "lines[0].quantity", Value: "0", Rule: "must not be zero"}}, ve.Fields, "ENG-022 %s", kind)
	}
	assert.True(t, Line{Quantity: -1}.IsReturn(), "ENG-022: a return line is negative")
	assert.False(t, Line{Quantity: 0}.IsReturn(), "ENG-022: a zero line is not a return")

	empty := base
	empty.Lines = nil
	require.ErrorAs(t, ValidateReceipt(empty), &ve)
	assert.Equal(t, []FieldError{{Path: "lines", Rule: "at least one line"}}, ve.Fields)
}

// ENG-004: receipts minted from shipments and returns refer to their order,
// and the same shipment always mints the same id.
func TestReceiptsFromShipmentAndReturn_ENG_004(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s1, err := ReceiptFromShipment(SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S1", Currency: "SEK", Shipped: at,
		Lines: []SourceShipLine{{Seq: 1, Item: "A", Quantity: 2, Price: d("10")}}})
	require.NoError(t, err)
	again, err := ReceiptFromShipment(SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S1", Currency: "SEK", Shipped: at,
		Lines: []SourceShipLine{{Seq: 1, Item: "A", Quantity: 2, Price: d("10")}}})
	require.NoError(t, err)
	assert.Equal(t, s1.ID, again.ID)
	assert.Equal(t, OrderID("O-1"), s1.Order)
	assert.Equal(t, ReceiptSale, s1.Kind)

	r1, err := ReceiptFromReturn(SourceReturn{Order: "O-1", Contact: "C-1", Return: "RA1", Currency: "SEK", Returned: at,
		Lines: []SourceShipLine{{Seq: 1, Item: "A", Quantity: 1, Price: d("10")}}})
	require.NoError(t, err)
	assert.NotEqual(t, s1.ID, r1.ID)
	assert.Equal(t, ReceiptReturn, r1.Kind)
	assert.Equal(t, -1, r1.Lines[0].Quantity)
	assert.True(t, r1.Total().Equal(d("-10")))

	_, err = ReceiptFromShipment(SourceShipment{Order: "O-1", Contact: "C-1", Currency: "SEK"})
	assert.ErrorIs(t, err, ErrInvalid)
}
