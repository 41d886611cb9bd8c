package xmlmsg

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cwoDecodeSample(t *testing.T, name string, v CWOVersion) *CWOrderIn {
	t.Helper()
	m, err := DecodeCWOrderIn(cwoSample(t, name), cwoOpts(v))
	require.NoError(t, err, name)
	return m
}

func TestCWOrderInSimpleOrderWithPayment(t *testing.T) {
	m := cwoDecodeSample(t, "simple_order_with_payment.xml", CWOVersionOMS5)
	assert.Equal(t, "IDC", m.Source)
	assert.Equal(t, "RDC", m.Target)
	assert.Equal(t, "CWORDERIN", m.Type)
	assert.Equal(t, "CWIAS400", m.RespQmgr)
	assert.Equal(t, "CWDIRECT.ORDER.OUT.Q", m.RespQ)
	assert.False(t, m.OverLimit)
	assert.Empty(t, m.DateFallbacks)

	h := m.Header
	assert.Equal(t, 555, h.CompanyCode)
	assert.Equal(t, "WEB-100231", h.OrderNumber)
	assert.Equal(t, cwoDate(2026, 11, 24), h.OrderDate)
	assert.Equal(t, "I", h.OrderChannel)
	assert.Equal(t, "W", h.OrderType)
	assert.Equal(t, CWOResponseDetail, h.ResponseType)
	assert.Equal(t, CWONo, h.PaymentOnly)
	assert.Equal(t, CWOYes, h.PayIncl)
	assert.Equal(t, 0, h.CustomerNumber)
	assert.Equal(t, "MARIA", h.SoldToFname)
	assert.Equal(t, "APT 4B", h.SoldToApartment)
	assert.Equal(t, "04101", h.SoldToZip)
	assert.Equal(t, "2075550142", h.SoldToDayPhone)
	assert.True(t, h.SoldToAddressUpdate.IsYes())
	assert.False(t, h.IsPaymentOnly())
	assert.False(t, h.IsBatched())

	require.Len(t, h.Payments, 1)
	p := h.Payments[0]
	assert.Equal(t, 1, p.PaymentSeqNumber)
	assert.Equal(t, "4", p.PaymentType)
	assert.Equal(t, "4111111111111111", p.CCNumber.Digits())
	assert.Equal(t, 9, p.CCExpMonth)
	assert.Equal(t, 28, p.CCExpYear)
	assert.Equal(t, "A1B2C3", p.AuthNumber)
	assert.Equal(t, cwoDate(2026, 11, 24), p.AuthDate)
	assert.True(t, p.AuthAmount.Valid)
	assert.True(t, p.AuthAmount.Decimal.Equal(decimal.RequireFromString("78.73")))
	assert.Equal(t, CWONo, p.AlreadyTokenized)

	require.Len(t, h.ShipTos, 1)
	s := h.ShipTos[0]
	assert.Equal(t, CWOShipToOrder, s.ShipToType)
	assert.Equal(t, CWONo, s.CalcFrt)
	assert.True(t, s.Freight.Decimal.Equal(decimal.RequireFromString("5")))
	assert.Equal(t, "UPS", s.ShippingMethod)
	require.Len(t, s.Items, 2)
	assert.Equal(t, "SKU00001", s.Items[0].ItemID)
	assert.Equal(t, 2, s.Items[0].Quantity)
	assert.True(t, s.Items[0].ActualPrice.Decimal.Equal(decimal.RequireFromString("24.95")))
	assert.True(t, s.Items[0].TaxAmount.Decimal.Equal(decimal.RequireFromString("2.74")))
	assert.Equal(t, CWOYes, s.Items[0].TaxOverride)
	assert.False(t, s.Items[0].IsReturn())
	assert.Equal(t, "", s.Items[0].LineSourceCode) // sent blank: blank
}

// message-formats.md §1.2: CWDirect 18.0 implied decimals give the same
// amounts as the OMS 5.0 sample with explicit decimals.
func TestCWOrderInImpliedDecimals(t *testing.T) {
	d18 := cwoDecodeSample(t, "simple_order_cwdirect18.xml", CWOVersionCWDirect18)
	oms := cwoDecodeSample(t, "simple_order_with_payment.xml", CWOVersionOMS5)
	assert.True(t, d18.Header.Payments[0].AuthAmount.Decimal.Equal(oms.Header.Payments[0].AuthAmount.Decimal))
	assert.True(t, d18.Header.ShipTos[0].Freight.Decimal.Equal(decimal.RequireFromString("5.00")))
	for i, it := range d18.Header.ShipTos[0].Items {
		want := oms.Header.ShipTos[0].Items[i]
		assert.True(t, it.ActualPrice.Decimal.Equal(want.ActualPrice.Decimal), "line %d", i+1)
		assert.True(t, it.TaxAmount.Decimal.Equal(want.TaxAmount.Decimal), "line %d", i+1)
	}
	// The explicit sample read under implied decimals is refused, not misread.
	_, err := DecodeCWOrderIn(cwoSample(t, "simple_order_with_payment.xml"), cwoOpts(CWOVersionCWDirect18))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/ShipTos/ShipTo[1]/Items/Item[1]/@actual_price", RuleDecimal))
	assert.True(t, ve.Has("Header/Payments/Payment[1]/@auth_amount", RuleDecimal))
}

// message-formats.md §1.4: email lowercase, message text as sent, every other
// alphanumeric value uppercase.
func TestCWOrderInCaseRules(t *testing.T) {
	data := cwoWith(`sold_to_email="Maria.L@Example.COM" order_email="ORDERS@Shop.example" ind_email_address="Ind@X.org" ` +
		`sold_to_fname="Maria" sold_to_city="Portland" source_code="web15"`)
	data = []byte(strings.Replace(string(data), `item_id="A1"`, `item_id="a1-blue" line_hyperlink="https://Shop.example/P?id=A1"`, 1))
	m, err := DecodeCWOrderIn(data, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	h := m.Header
	assert.Equal(t, "maria.l@example.com", h.SoldToEmail)
	assert.Equal(t, "orders@shop.example", h.OrderEmail)
	assert.Equal(t, "ind@x.org", h.IndEmailAddress)
	assert.Equal(t, "MARIA", h.SoldToFname)
	assert.Equal(t, "PORTLAND", h.SoldToCity)
	assert.Equal(t, "WEB15", h.SourceCode)
	assert.Equal(t, "WEB-1", h.OrderNumber)
	assert.Equal(t, "A1-BLUE", h.ShipTos[0].Items[0].ItemID)
	assert.Equal(t, "https://Shop.example/P?id=A1", h.ShipTos[0].Items[0].LineHyperlink, "text kept as sent")

	opts := cwoOpts(CWOVersionOMS5)
	opts.KeepCase = true
	kept, err := DecodeCWOrderIn(data, opts)
	require.NoError(t, err)
	assert.Equal(t, "Maria.L@Example.COM", kept.Header.SoldToEmail)
	assert.Equal(t, "Maria", kept.Header.SoldToFname)

	// Normalize applies the same rules to a message built in code.
	kept.Normalize()
	assert.Equal(t, m.Header, kept.Header)
}

// message-formats.md §1.3: an invalid date is not an error; the default is
// used and the fallback recorded.
func TestCWOrderInInvalidDateFallsBack(t *testing.T) {
	m := cwoDecodeSample(t, "invalid_date_fallback.xml", CWOVersionOMS5)
	today := cwoDate(2026, 11, 25) // from the injected clock
	assert.Equal(t, today, m.Header.OrderDate, `order_date="123456" → the current date`)
	assert.True(t, m.Header.Payments[0].AuthDate.IsZero(), "auth_date 02302026 ignored: treated as not sent")
	assert.Equal(t, []CWODateFallback{
		{Path: "Header/@order_date", Value: "123456", Used: today},
		{Path: "Header/Payments/Payment[1]/@auth_date", Value: "02302026"},
	}, m.DateFallbacks)

	for _, bad := range []string{"1324026", "13012026", "00012026", "02292026", "04312026", "0101000A", "01010000"} {
		m, err := DecodeCWOrderIn(cwoWith(`order_date="`+bad+`"`), cwoOpts(CWOVersionOMS5))
		require.NoError(t, err, bad)
		assert.Equal(t, today, m.Header.OrderDate, bad)
		require.Len(t, m.DateFallbacks, 1, bad)
	}
	m, err := DecodeCWOrderIn(cwoWith(`order_date="02292028"`), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, cwoDate(2028, 2, 29), m.Header.OrderDate, "leap day exists")
	assert.Empty(t, m.DateFallbacks)
}

// message-formats.md §1.5: over 65,000 characters the order is not rejected;
// it has no detail lines and is flagged.
func TestCWOrderInOverCharacterLimit(t *testing.T) {
	data := cwoSample(t, "over_65000_chars.xml")
	require.Greater(t, len([]rune(string(data))), CWOMaxChars)
	m := cwoDecodeSample(t, "over_65000_chars.xml", CWOVersionOMS5)
	assert.True(t, m.OverLimit)
	assert.Equal(t, len([]rune(string(data))), m.Chars)
	assert.Equal(t, "WEB-300300", m.Header.OrderNumber, "the header is decoded")
	require.Len(t, m.Header.ShipTos, 1)
	assert.Empty(t, m.Header.ShipTos[0].Items, "no detail lines")
	assert.Len(t, m.Header.Payments, 1)

	// Characters, not bytes: a multi-byte name does not count twice.
	opts := cwoOpts(CWOVersionOMS5)
	under := cwoWith(`sold_to_lname="Ångström"`)
	opts.MaxChars = len([]rune(string(under)))
	m, err := DecodeCWOrderIn(under, opts)
	require.NoError(t, err)
	assert.False(t, m.OverLimit)
	assert.Len(t, m.Header.ShipTos[0].Items, 1)
	opts.MaxChars--
	m, err = DecodeCWOrderIn(under, opts)
	require.NoError(t, err)
	assert.True(t, m.OverLimit)

	// A negative MaxChars switches the check off; the byte limit still applies.
	opts.MaxChars = -1
	m, err = DecodeCWOrderIn(data, opts)
	require.NoError(t, err)
	assert.False(t, m.OverLimit)
	assert.Len(t, m.Header.ShipTos[0].Items, 300)
	opts.MaxBytes = 1000
	_, err = DecodeCWOrderIn(data, opts)
	assert.ErrorIs(t, err, ErrTooLarge)
}

func TestCWOrderInLineCounts(t *testing.T) {
	for _, n := range []int{1, 10, 100} {
		m := cwoDecodeSample(t, fmt.Sprintf("lines_%d.xml", n), CWOVersionOMS5)
		require.Len(t, m.Header.ShipTos, 1)
		assert.Len(t, m.Header.ShipTos[0].Items, n)
		assert.Equal(t, fmt.Sprintf("SKU%05d", n), m.Header.ShipTos[0].Items[n-1].ItemID)
	}
}

// The first message when payment follows (seed 001, "Sending a Separate
// Payment Message") decodes without a Payments element.
func TestCWOrderInInitialOrderWithoutPayment(t *testing.T) {
	m := cwoDecodeSample(t, "initial_order_no_payment.xml", CWOVersionOMS5)
	assert.Empty(t, m.Header.Payments)
	assert.Equal(t, CWONo, m.Header.PaymentOnly)
	assert.Equal(t, CWONo, m.Header.PayIncl)
	assert.Equal(t, CWOResponseAck, m.Header.ResponseType)
}

func TestCWOrderInPaymentOnly(t *testing.T) {
	m := cwoDecodeSample(t, "payment_only.xml", CWOVersionOMS5)
	h := m.Header
	assert.True(t, h.IsPaymentOnly())
	assert.Equal(t, 6431, h.RdcOrderNbr)
	assert.Equal(t, CWOYes, h.PayIncl)
	assert.Equal(t, CWOResponseNone, h.ResponseType)
	assert.Empty(t, h.OrderNumber, "a payment-only message needs no order_number")
	require.Len(t, h.Payments, 1)
	assert.True(t, h.Payments[0].AuthAmount.Decimal.Equal(decimal.RequireFromString("26.32")))

	// ORD-057: rdc_order_nbr identifies the order and is required; the
	// message carries the Payments element.
	_, err := DecodeCWOrderIn([]byte(`<Message type="CWORDERIN"><Header payment_only="Y" pay_incl="Y"/></Message>`), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@rdc_order_nbr", RuleRequired))
	assert.True(t, ve.Has("Header/Payments/Payment", RuleRequired))
}

// ORD-010: every order carries an order_number.
func TestCWOrderInOrderNumberRequired(t *testing.T) {
	_, err := DecodeCWOrderIn([]byte(`<Message type="CWORDERIN"><Header company_code="1"/></Message>`), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@order_number", RuleRequired))
}

// ORD-026: a negative quantity is a return.
func TestCWOrderInReturnLine(t *testing.T) {
	m := cwoDecodeSample(t, "return_negative_quantity.xml", CWOVersionOMS5)
	it := m.Header.ShipTos[0].Items[0]
	assert.Equal(t, -1, it.Quantity)
	assert.True(t, it.IsReturn())
	assert.Equal(t, "10", it.LineWarehouse)
	assert.Equal(t, "RET01", it.Location)
	assert.Equal(t, "2", it.ReturnReason)
	assert.Equal(t, "RS", it.ReturnDisposition)

	_, err := DecodeCWOrderIn([]byte(strings.Replace(string(cwoWith("")), `quantity="1"`, `quantity="1-"`, 1)), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/ShipTos/ShipTo[1]/Items/Item[1]/@quantity", RuleNumeric))
}

func TestCWOrderInShipToTypes(t *testing.T) {
	cases := []struct {
		file      string
		typ       CWOShipToType
		custShip  int
		permanent int
	}{
		{"ship_to_type_1_order_address.xml", CWOShipToOrder, 0, 0},
		{"ship_to_type_2_recipient.xml", CWOShipToRecipient, 40221, 0},
		{"ship_to_type_3_permanent.xml", CWOShipToPermanent, 40100, 2},
	}
	for _, tc := range cases {
		m := cwoDecodeSample(t, tc.file, CWOVersionOMS5)
		s := m.Header.ShipTos[0]
		assert.Equal(t, tc.typ, s.ShipToType, tc.file)
		assert.Equal(t, tc.custShip, s.CustomerShipToNumber, tc.file)
		assert.Equal(t, tc.permanent, s.PermanentShipToNumber, tc.file)
		assert.Empty(t, s.AlternateShipToID, tc.file)
	}
	m := cwoDecodeSample(t, "ship_to_type_1_order_address.xml", CWOVersionOMS5)
	assert.Equal(t, "MS", m.Header.ShipTos[0].ShipToPrefix)
	assert.Equal(t, "BANGOR", m.Header.ShipTos[0].ShipToCity)

	_, err := DecodeCWOrderIn([]byte(strings.Replace(string(cwoWith("")), `ship_to_type="1"`, `ship_to_type="4"`, 1)), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/ShipTos/ShipTo[1]/@ship_to_type", RuleAllowedValues))
}

func TestCWOrderInBatch(t *testing.T) {
	first := cwoDecodeSample(t, "batch_first.xml", CWOVersionOMS5).Header
	assert.True(t, first.IsBatched())
	assert.Equal(t, 7012, first.BatchNumber)
	assert.Equal(t, cwoDate(2026, 11, 24), first.BatchDate)
	assert.Equal(t, "B", first.BatchBegEndFlag)
	assert.Equal(t, 3, first.BatchOrderCount)
	assert.Equal(t, 5, first.BatchQtyCount)
	assert.True(t, first.BatchPrepaidTotal.Decimal.Equal(decimal.RequireFromString("120.50")))
	assert.Equal(t, CWOResponseNone, first.ResponseType)
	assert.Equal(t, "P", first.OrderChannel)

	middle := cwoDecodeSample(t, "batch_middle.xml", CWOVersionOMS5).Header
	assert.Equal(t, 7012, middle.BatchNumber)
	assert.Equal(t, "", middle.BatchBegEndFlag)

	last := cwoDecodeSample(t, "batch_last.xml", CWOVersionOMS5).Header
	assert.Equal(t, "E", last.BatchBegEndFlag)
	assert.Equal(t, CWOYes, last.ApproveBatch)
}

// ORD-020: required attributes by position in the batch.
func TestCWOrderInBatchRequiredByPosition(t *testing.T) {
	cases := []struct {
		name  string
		attrs string
		want  []string
	}{
		// ORD-020: the first order needs batch_number, batch_date, counts.
		{"first order without its data", `batch_beg_end_flag="B"`,
			[]string{"batch_number", "batch_date", "batch_order_count", "batch_qty_count"}},
		// ORD-020: the last order needs batch_number and approve_batch.
		{"last order without its data", `batch_beg_end_flag="E"`, []string{"batch_number", "approve_batch"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCWOrderIn(cwoWith(tc.attrs), cwoOpts(CWOVersionOMS5))
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Errors, len(tc.want))
			for _, a := range tc.want {
				assert.True(t, ve.Has("Header/@"+a, RuleRequired), a)
			}
		})
	}
	// ORD-014: the flag is B or E.
	_, err := DecodeCWOrderIn(cwoWith(`batch_number="1" batch_beg_end_flag="M"`), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@batch_beg_end_flag", RuleAllowedValues))
}

// ORD-055: response_type is D, E, A or N; any other value is a validation
// error.
func TestCWOrderInResponseTypes(t *testing.T) {
	for _, rt := range []CWOResponseType{CWOResponseDetail, CWOResponseDetailErrors, CWOResponseAck, CWOResponseNone} {
		m, err := DecodeCWOrderIn(cwoWith(`response_type="`+string(rt)+`"`), cwoOpts(CWOVersionOMS5))
		require.NoError(t, err)
		assert.Equal(t, rt, m.Header.ResponseType)
	}
	_, err := DecodeCWOrderIn(cwoWith(`response_type="S"`), cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@response_type", RuleAllowedValues))
}

// cworderin-attributes.md §0: attributes and elements not listed are
// ignored, not fatal.
func TestCWOrderInIgnoresUnknown(t *testing.T) {
	m := cwoDecodeSample(t, "tolerant_unknown_attributes.xml", CWOVersionOMS5)
	assert.Equal(t, "WEB-100239", m.Header.OrderNumber)
	assert.Len(t, m.Header.ShipTos[0].Items, 1)
}

// Validation collects every error, not only the first.
func TestCWOrderInCollectsAllErrors(t *testing.T) {
	data := []byte(`<Message type="CWORDERIN"><Header order_number="1234567890123456789012345678901" company_code="AB"
		customer_number="1234567890" pay_incl="maybe"><ShipTos><ShipTo ship_to_type="9" freight="x">
		<Items><Item quantity="two" actual_price="1.2.3"/><Item tax_override="Q"/></Items></ShipTo></ShipTos></Header></Message>`)
	_, err := DecodeCWOrderIn(data, cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	want := map[string]Rule{
		"Header/@order_number":                                 RuleMaxLength,
		"Header/@company_code":                                 RuleNumeric,
		"Header/@customer_number":                              RuleMaxLength,
		"Header/@pay_incl":                                     RuleAllowedValues,
		"Header/ShipTos/ShipTo[1]/@ship_to_type":               RuleAllowedValues,
		"Header/ShipTos/ShipTo[1]/@freight":                    RuleDecimal,
		"Header/ShipTos/ShipTo[1]/Items/Item[1]/@quantity":     RuleNumeric,
		"Header/ShipTos/ShipTo[1]/Items/Item[1]/@actual_price": RuleDecimal,
		"Header/ShipTos/ShipTo[1]/Items/Item[2]/@tax_override": RuleAllowedValues,
	}
	assert.Len(t, ve.Errors, len(want))
	for path, rule := range want {
		assert.True(t, ve.Has(path, rule), "%s %s", path, rule)
	}
}

// Every sample decodes, encodes, and decodes again to the same message; the
// second encode is byte-identical to the first.
func TestCWOrderInRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cworderin", "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			v := CWOVersionOMS5
			if strings.Contains(name, "cwdirect18") {
				v = CWOVersionCWDirect18
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			opts := cwoOpts(v)
			opts.MaxChars = -1
			m, err := DecodeCWOrderIn(data, opts)
			require.NoError(t, err)
			out, err := EncodeCWOrderIn(m, opts)
			require.NoError(t, err)
			back, err := DecodeCWOrderIn(out, opts)
			require.NoError(t, err)
			cwoAssertSameOrder(t, m, back)
			again, err := EncodeCWOrderIn(back, opts)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(again))
		})
	}
}

// cwoAssertSameOrder compares two decoded orders, amounts by value.
func cwoAssertSameOrder(t *testing.T, want, got *CWOrderIn) {
	t.Helper()
	a, b := cwoComparable(want), cwoComparable(got)
	assert.Equal(t, a, b)
}

// cwoComparable renders a message with amounts as fixed strings and without
// the decode bookkeeping (fallbacks, character count).
func cwoComparable(m *CWOrderIn) string {
	c := *m
	c.DateFallbacks, c.Chars, c.OverLimit = nil, 0, false
	amt := func(d decimal.NullDecimal) string {
		if !d.Valid {
			return "-"
		}
		return d.Decimal.StringFixed(6)
	}
	var b strings.Builder
	h := c.Header
	fmt.Fprintf(&b, "%s|%s|%s|%s|%s|%s\n", c.Source, c.Target, c.Type, c.RespQmgr, c.RespQ, amt(h.BatchPrepaidTotal))
	h.BatchPrepaidTotal = decimal.NullDecimal{}
	for _, p := range h.Payments {
		fmt.Fprintf(&b, "P %s %s\n", p.CCNumber.Digits(), amt(p.AuthAmount))
		p.AuthAmount = decimal.NullDecimal{}
		fmt.Fprintf(&b, "%#v\n", p)
	}
	for _, s := range h.ShipTos {
		fmt.Fprintf(&b, "S %s\n", amt(s.Freight))
		for _, it := range s.Items {
			fmt.Fprintf(&b, "I %s %s\n", amt(it.ActualPrice), amt(it.TaxAmount))
			it.ActualPrice, it.TaxAmount = decimal.NullDecimal{}, decimal.NullDecimal{}
			fmt.Fprintf(&b, "%#v\n", it)
		}
		s.Items, s.Freight = nil, decimal.NullDecimal{}
		fmt.Fprintf(&b, "%#v\n", s)
	}
	h.Payments, h.ShipTos = nil, nil
	fmt.Fprintf(&b, "%#v\n", h)
	return b.String()
}

// message-formats.md §1.4 applied to a message built in code.
func TestCWOrderInNormalize(t *testing.T) {
	m := &CWOrderIn{Source: "idc", Header: CWOHeader{OrderNumber: "web-1", SoldToEmail: "A@B.Example",
		Payments: []CWOPayment{{PaymentType: "vi", AuthNumber: "ab12", CCNumber: "4111x"}},
		ShipTos: []CWOShipTo{{ShipToCity: "Bangor", Items: []CWOItem{
			{ItemID: "sku-a", ReturnReason: "damaged", LineHyperlink: "https://Example.com/A"}}}},
	}}
	m.Normalize()
	assert.Equal(t, "idc", m.Source, "envelope kept")
	assert.Equal(t, "WEB-1", m.Header.OrderNumber)
	assert.Equal(t, "a@b.example", m.Header.SoldToEmail)
	assert.Equal(t, "VI", m.Header.Payments[0].PaymentType)
	assert.Equal(t, "AB12", m.Header.Payments[0].AuthNumber)
	assert.Equal(t, CWOCardNumber("4111x"), m.Header.Payments[0].CCNumber, "card data kept")
	assert.Equal(t, "BANGOR", m.Header.ShipTos[0].ShipToCity)
	assert.Equal(t, "SKU-A", m.Header.ShipTos[0].Items[0].ItemID)
	assert.Equal(t, "DAMAGED", m.Header.ShipTos[0].Items[0].ReturnReason)
	assert.Equal(t, "https://Example.com/A", m.Header.ShipTos[0].Items[0].LineHyperlink, "text kept")
}

func TestCWOrderInEncode(t *testing.T) {
	m := &CWOrderIn{Header: CWOHeader{
		CompanyCode: 5, OrderNumber: "WEB-9", OrderDate: cwoDate(2026, 1, 2), ResponseType: CWOResponseAck,
		SoldToLname: `O'Brien & "Sons" <Ltd>`,
		Payments:    []CWOPayment{{PaymentSeqNumber: 1, CCNumber: "4111111111111111", AuthAmount: cwoDec("12.5")}},
		ShipTos: []CWOShipTo{{ShipToType: CWOShipToOrder, Items: []CWOItem{
			{ItemID: "A", Quantity: -2, ActualPrice: cwoDec("10")}}}},
	}}
	oms, err := EncodeCWOrderIn(m, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	s := string(oms)
	assert.Contains(t, s, `<Message source="IDC" target="RDC" type="CWORDERIN">`)
	assert.Contains(t, s, `order_date="01022026"`)
	assert.Contains(t, s, `sold_to_lname="O&apos;Brien &amp; &quot;Sons&quot; &lt;Ltd&gt;"`, "§1.5 entity forms")
	assert.Contains(t, s, `auth_amount="12.50"`)
	assert.Contains(t, s, `quantity="-2" actual_price="10.00"`)
	assert.NotContains(t, s, `customer_number=`, "§1.6 blank attributes omitted")

	d18, err := EncodeCWOrderIn(m, cwoOpts(CWOVersionCWDirect18))
	require.NoError(t, err)
	assert.Contains(t, string(d18), `auth_amount="1250"`)
	assert.Contains(t, string(d18), `actual_price="1000"`)

	// Encode refuses what the decoder would refuse, listing the field.
	m.Header.OrderNumber = strings.Repeat("X", 31)
	_, err = EncodeCWOrderIn(m, cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Header/@order_number", RuleMaxLength))
	m.Header.OrderNumber = "WEB-9"
	m.Header.Payments[0].AuthAmount = cwoDec("1.005")
	_, err = EncodeCWOrderIn(m, cwoOpts(CWOVersionCWDirect18))
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "auth_amount")

	// Whitespace inside a value survives the round trip as character
	// references.
	m.Header.Payments[0].AuthAmount = cwoDec("1")
	m.Header.SoldToAddress1 = "LINE 1\tA\nB\rC"
	out, err := EncodeCWOrderIn(m, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Contains(t, string(out), `sold_to_address1="LINE 1&#x9;A&#xA;B&#xD;C"`)
	back, err := DecodeCWOrderIn(out, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, "LINE 1\tA\nB\rC", back.Header.SoldToAddress1)

	_, err = EncodeCWOrderIn(m, CWOOptions{})
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
	_, err = EncodeCWOrderIn(nil, cwoOpts(CWOVersionOMS5))
	assert.ErrorIs(t, err, ErrInvalid)
}
