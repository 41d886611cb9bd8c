package xmlmsg

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// BRK-368: item code padded so that the SKU starts at position 13.
func TestOBItemIDBRK368(t *testing.T) {
	cases := []struct {
		name, raw, item, sku string
	}{
		{"spaces, SKU at position 13", "PEN         BLUE          ", "PEN", "BLUE"},
		{"NBSP from the chapter's copy", "PEN \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0BLUE \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0", "PEN", "BLUE"},
		{"no SKU, padded", "PENCIL                    ", "PENCIL", ""},
		{"no SKU, short padding", "PENCIL \u00a0\u00a0", "PENCIL", ""},
		{"unpadded", "KABNOSKU", "KABNOSKU", ""},
		{"12-character item with SKU", "ABCDEFGHIJKLRED", "ABCDEFGHIJKL", "RED"},
		{"empty", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := ParseOBItemID(c.raw)
			assert.Equal(t, OBItemID{Raw: c.raw, Item: c.item, SKU: c.sku}, id)
			assert.Equal(t, c.raw, id.wire(), "raw kept for re-encoding")
		})
	}
}

func TestOBPadItemIDBRK368(t *testing.T) {
	raw, err := PadOBItemID("PEN", "BLUE")
	require.NoError(t, err)
	assert.Equal(t, "PEN         BLUE          ", raw) // the sample's value, byte for byte
	assert.Equal(t, 12, strings.Index(raw, "BLUE"))

	raw, err = PadOBItemID("PENCIL", "")
	require.NoError(t, err)
	assert.Equal(t, "PENCIL", raw)

	_, err = PadOBItemID("ABCDEFGHIJKLM", "X")
	assert.ErrorContains(t, err, `"ABCDEFGHIJKLM"`)
	_, err = PadOBItemID("A", "ABCDEFGHIJKLMNO")
	assert.ErrorContains(t, err, `"ABCDEFGHIJKLMNO"`)

	// A changed Item or SKU is padded afresh instead of reusing Raw.
	id := ParseOBItemID("PEN         BLUE          ")
	id.SKU = "RED"
	assert.Equal(t, "PEN         RED           ", id.wire())
	id2, err := NewOBItemID("PEN", "RED")
	require.NoError(t, err)
	assert.Equal(t, id.wire(), id2.Raw)
}

func TestOBDateTimeShapes(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		form OBDateForm
	}{
		{"2015-02-24", time.Date(2015, 2, 24, 0, 0, 0, 0, time.UTC), OBDateOnly},
		{"2015-02-24T10:45:09", time.Date(2015, 2, 24, 10, 45, 9, 0, time.UTC), OBDateTimeSeconds},
		{"2015-02-24T10:45:10.511", time.Date(2015, 2, 24, 10, 45, 10, 511_000_000, time.UTC), OBDateTimeMillis},
		{"2015-02-24T14:11:58.000", time.Date(2015, 2, 24, 14, 11, 58, 0, time.UTC), OBDateTimeMillis},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := ParseOBDateTime(c.in)
			require.NoError(t, err)
			assert.Equal(t, c.want, d.Time)
			assert.Equal(t, c.form, d.Form)
			assert.Equal(t, c.in, d.String(), "written back in the same shape")
		})
	}
	for _, bad := range []string{"2015-02-30", "24/02/2015", "2015-02-24T10:45", "2015-02-24T10:45:10.5", "2015-02-24T10:45:10Z", "2015-02-24 10:45:09"} {
		_, err := ParseOBDateTime(bad)
		assert.Error(t, err, bad)
	}
	d, err := ParseOBDateTime("")
	require.NoError(t, err)
	assert.True(t, d.IsZero())
	assert.Empty(t, d.String())
	assert.Equal(t, "2020-01-02T03:04:05", OBDateTime{Time: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)}.String())
}

// BRK-007: amounts up to 15 decimals, float artefacts kept exactly.
func TestOBAmountsBRK007(t *testing.T) {
	for _, s := range []string{"24.489999771118164", "2.0999999046325684", "0.33750", "1.0123", "-1.23", "0.000", "1.0", "100", "0.123456789012345"} {
		d, ok := obParseAmount(s)
		require.True(t, ok, s)
		assert.Equal(t, s, obFormatAmount(d), "written back as sent")
		assert.True(t, decimal.RequireFromString(s).Equal(d), s)
	}
	for _, s := range []string{"abc", "1e3", "1.", ".", "-", "1.2.3", "1,00", "0x10", "NaN"} {
		_, ok := obParseAmount(s)
		assert.False(t, ok, s)
	}
	d, ok := obParseAmount("")
	require.True(t, ok)
	assert.True(t, d.IsZero())
	z, _ := obParseAmount("0")
	assert.Equal(t, d, z, "empty and 0 are one value")
}

func TestOBVersionRule(t *testing.T) {
	cases := []struct {
		v         OBVersion
		supported bool
	}{
		{"5.0", true}, {"16.0", true}, {"18.0", true}, {"19.3", true}, {"19.0", true},
		{"4.9", false}, {"20.0", false}, {"", false}, {"5", false}, {"v5.0", false}, {"5.0.1", false}, {"-5.0", false}, {"99999.0", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.supported, c.v.Supported(), string(c.v))
	}
	assert.True(t, OBVersion("16.0").AtLeast(16, 0))
	assert.False(t, OBVersion("5.0").AtLeast(16, 0))
	assert.True(t, OBVersion("19.0").AtLeast(19, 0))
	assert.False(t, OBVersion("18.0").AtLeast(19, 0))
	assert.False(t, OBVersion("x").AtLeast(1, 0))
}

func TestOBStatusWords(t *testing.T) {
	for _, s := range []OBStatus{OBStatusNewOrder, OBStatusPolled, OBStatusFulfilled, OBStatusCanceled, OBStatusIntransit} {
		assert.True(t, s.Known(), s)
	}
	assert.False(t, OBStatus("Polled").Known())
	assert.True(t, OBTransactionShipForPickup.IsShipForPickup())
	assert.True(t, OBTransactionShipToStore.IsShipForPickup()) // A18
	assert.False(t, OBTransactionPickup.IsShipForPickup())
}

func obNewSubmit(t *testing.T) *SubmitOrder {
	t.Helper()
	item, err := NewOBItemID("PEN", "BLUE")
	require.NoError(t, err)
	return &SubmitOrder{
		Header: OBHeader{MessageType: "SubmitOrder", XactionType: "INSERT", XactionResponse: "1",
			DateTime: OBDateTime{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Form: OBDateTimeSeconds},
			Version:  "16.0", Source: "0060000895300100000", Destination: "LOCATE"},
		Transactions: []OBSubmitTransaction{{
			TransactionTypeID: OBTransactionDelivery, TransactionNo: "00008953-001", OrderID: "8953-001",
			EmployeeID: "CWS", Subtotal: decimal.RequireFromString("6.75"), Total: decimal.RequireFromString("6.75"),
			TransactionStatus: OBStatusNewOrder, TransactionChannel: "1", Gift: "N", Currency: "USD",
			SoldTo:        OBCustomer{CustomerNo: "000000042", Name: OBName{First: "ADA", Last: "LOVELACE"}},
			StoreLocation: OBLocation{LocationCd: "1", SystemCd: "6"},
			Details: []OBOrderLine{{LineItemNo: 1, ItemID: item, Qty: 3, UnitPrice: decimal.RequireFromString("2.25"),
				LineItemStatus: OBStatusNewOrder, GiftWrap: "N", ShipAlone: "N"}},
		}},
	}
}

// A message built by a host (zero Envelope) encodes with prefix ns2, the
// retail namespace and a qualified inner element, and decodes back equal.
func TestOBEncodeFromScratch(t *testing.T) {
	m := obNewSubmit(t)
	out, err := m.Encode()
	require.NoError(t, err)
	s := string(out)
	assert.True(t, strings.HasPrefix(s, `<ns2:SubmitOrder xmlns:ns2="http://retail.com/Locate">`+"\n<ns2:order_request_message>\n<message_header message_type=\"SubmitOrder\""), s)
	assert.Contains(t, s, "<item_id>PEN         BLUE          </item_id>")
	assert.Contains(t, s, "<unit_price>2.25</unit_price>")
	back, err := DecodeSubmitOrderBytes(out, OBOptions{})
	require.NoError(t, err)
	m.Envelope = OBEnvelope{Namespace: OBNamespaceRetail, Prefix: "ns2", InnerForm: OBInnerQualified}
	assert.Equal(t, m, back)

	// A response is unqualified by default, and a default-namespace envelope
	// is written as xmlns="…".
	r := &StatusUpdateResponse{Header: OBHeader{XactionType: "INFO", XactionResponse: "OK", Version: "5.0",
		DateTime: OBDateTime{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Form: OBDateOnly}},
		Response: OBResponse{RequestID: "1", ResponseCode: "0"}}
	out, err = r.Encode()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(out), "<ns2:StatusUpdateResponse xmlns:ns2=\"http://retail.com/Locate\">\n<generic_response_message>\n<message_header xaction_response=\"OK\" xaction_type=\"INFO\">"), string(out))
	r.Envelope = OBEnvelope{Namespace: OBNamespaceMicros}
	out, err = r.Encode()
	require.NoError(t, err)
	back2, err := DecodeStatusUpdateResponseBytes(out, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, OBNamespaceMicros, back2.Envelope.Namespace)
	assert.Empty(t, back2.Envelope.Prefix)
	assert.Equal(t, r.Response, back2.Response)

	// A root without namespace is written back without one.
	plain := []byte(`<StatusUpdateResponse><generic_response_message><message_header xaction_response="OK" xaction_type="INFO">` +
		`<datetime>2015-03-03</datetime><version>5.0</version></message_header>` +
		`<message_body><response request_id="1" response_code="0"/></message_body></generic_response_message></StatusUpdateResponse>`)
	back3 := obRoundTrip(t, plain, DecodeStatusUpdateResponseBytes, (*StatusUpdateResponse).Encode)
	assert.True(t, back3.Envelope.NoNamespace)
	out, err = back3.Encode()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(out), "<StatusUpdateResponse>\n<generic_response_message>"), string(out))
}

// Encode validates first: a host cannot send an invalid message.
func TestOBEncodeValidates(t *testing.T) {
	m := obNewSubmit(t)
	m.Transactions[0].StoreLocation.LocationCd = "12345678901" // BRK-011
	_, err := m.Encode()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("transaction_header[1]/store_location/@location_cd", RuleMaxLength))

	m = obNewSubmit(t)
	m.Header.Version = "3.0"
	_, err = m.Encode()
	assert.ErrorIs(t, err, ErrUnsupportedVersion)

	m = obNewSubmit(t)
	m.Transactions[0].Details = nil
	_, err = m.Encode()
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("transaction_header[1]/transaction_details/transaction_detail", RuleRequired))

	m = obNewSubmit(t)
	m.Transactions[0].Details[0].ItemID = OBItemID{Item: "ABCDEFGHIJKLM"}
	_, err = m.Encode()
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("transaction_header[1]/transaction_detail[1]/item_id", RuleMaxLength))
}

// ExampleDecodeSubmitOrder decodes a ship-for-pickup submit: the padded
// item_id splits into item and SKU, amounts keep the value as sent.
func ExampleDecodeSubmitOrder() {
	msg := `<ns2:SubmitOrder xmlns:ns2="http://retail.com/Locate">
<ns2:order_request_message>
<message_header message_type="SubmitOrder" xaction_response="1" xaction_type="INSERT">
<datetime>2015-02-24T10:45:09</datetime><version>16.0</version>
<source>0060001234500100000</source><destination>LOCATE</destination>
</message_header>
<message_body><transactions>
<transaction_header transaction_type_id="SHIPFORPICKUP" transaction_no="00012345-001" request_id="" order_id="12345-001">
<transaction_tax>2.0999999046325684</transaction_tax>
<sold_to_customer customer_no="000000006"><name><first>FIRST</first><last>LAST</last></name></sold_to_customer>
<store_location location_cd="1" system_cd="6"/>
<shipforpickup_location system_cd="STC" location_cd="7"/>
<transaction_details><transaction_detail line_item_no="2">
<item_id>PEN         BLUE          </item_id><qty>3</qty><unit_price>2.25</unit_price>
</transaction_detail></transaction_details>
</transaction_header>
</transactions></message_body>
</ns2:order_request_message>
</ns2:SubmitOrder>`
	m, err := DecodeSubmitOrder(context.Background(), strings.NewReader(msg), OBOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	tx := m.Transactions[0]
	line := tx.Details[0]
	fmt.Println(m.Header.Version, m.Header.Version.AtLeast(16, 0), tx.TransactionTypeID.IsShipForPickup())
	fmt.Printf("item %q sku %q qty %d price %s\n", line.ItemID.Item, line.ItemID.SKU, line.Qty, line.UnitPrice)
	fmt.Println("tax", tx.Tax, "pickup at", tx.ShipForPickupLocation.LocationCd)

	_, err = DecodeSubmitOrder(context.Background(), strings.NewReader(strings.Replace(msg, "<qty>3</qty>", "<qty>three</qty>", 1)), OBOptions{})
	fmt.Println(err)
	// Output:
	// 16.0 true true
	// item "PEN" sku "BLUE" qty 3 price 2.25
	// tax 2.0999999046325684 pickup at 7
	// xmlmsg: invalid SubmitOrder: 1 field error(s); transaction_header[1]/transaction_detail[1]/qty: value "three" breaks numeric (digits only, at most 9)
}

// ExamplePadOBItemID pads an item and SKU so that the SKU starts at
// position 13.
func ExamplePadOBItemID() {
	raw, _ := PadOBItemID("PEN", "BLUE")
	fmt.Printf("%q\n", raw)
	fmt.Println(ParseOBItemID("PEN\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0BLUE").SKU)
	// Output:
	// "PEN         BLUE          "
	// BLUE
}

// The envelope is learnt from the root and the first inner start tag as
// written: prefix, namespace, extra declarations (values unescaped), whether
// the inner element is qualified.
func TestOBEnvelopeFromTokens(t *testing.T) {
	fill := func(d *xdec, b *obWireFulfillmentsBody) { d.decObWireFulfillmentsBody(b) }
	cases := []struct {
		in   string
		want OBEnvelope
	}{
		{`<?xml version="1.0"?><!-- c --><ns2:Fulfillments xmlns:ns2="u" xmlns:ns3='v' ><ns2:b/></ns2:Fulfillments>`,
			OBEnvelope{Namespace: "u", Prefix: "ns2", InnerForm: OBInnerQualified, Extra: []OBNamespaceDecl{{Prefix: "ns3", URI: "v"}}}},
		{"<Fulfillments\txmlns=\"u\"\n><b/></Fulfillments>", OBEnvelope{Namespace: "u", InnerForm: OBInnerUnqualified}},
		{`<Fulfillments xmlns:x="a&amp;b"><x:b/></Fulfillments>`,
			OBEnvelope{NoNamespace: true, InnerForm: OBInnerQualified, Extra: []OBNamespaceDecl{{Prefix: "x", URI: "a&b"}}}},
		{`<ns0:Fulfillments xmlns:ns0="u"><!-- x --><b></b><ns0:c/></ns0:Fulfillments>`,
			OBEnvelope{Namespace: "u", Prefix: "ns0", InnerForm: OBInnerUnqualified}},
		{`<Fulfillments/>`, OBEnvelope{NoNamespace: true}},
	}
	for _, c := range cases {
		p, err := obParse(obFulfillmentsKind, []byte(c.in), fill)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, p.env, c.in)
	}
}
