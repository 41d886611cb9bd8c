package xmlmsg

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cwoGolden compares got with testdata/cworderout/name, rewriting the file
// with -update.
func cwoGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "cworderout", name)
	if cwoUpdating() {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test -run TestCWOrderOut ./xmlmsg/ -update")
	assert.Equal(t, string(want), string(got))
}

// cwoSampleOut is the response to simple_order_with_payment.xml, with every
// part an E response can carry.
func cwoSampleOut(kind CWOResponseType) *CWOrderOut {
	return &CWOrderOut{Kind: kind, Header: CWOOutHeader{
		CompanyCode: 555, OrderID: 6431, ReferenceOrderNumber: "WEB-100231", CustomerNumber: 40112,
		OrderDate: cwoDate(2026, 11, 24), OrderChannel: "I",
		Errors: []CWOOutError{{Type: "HDR", Text: "Invalid Store Code"}, {Type: "DTLS", Text: "Ineligible for Store Pick"}},
		ShipTos: []CWOOutShipTo{{DeliveryType: "Store Pickup", Details: []CWOOutDetail{
			{ItemDescription: `Oxford shirt & tie "blue" <M>`, PickupType: "SP", PickupSystemLocation: "6",
				PickupLocation: "12", BrokerStatus: "Acknowledged", LineLocateEligible: CWOYes,
				Other: []xml.Attr{{Name: xml.Name{Local: "item_id"}, Value: "SKU00001"}}},
			{ItemDescription: "Wool scarf", LineLocateEligible: CWONo},
		}}},
	}}
}

// message-formats.md §1.7 / order-api.md ORD-055: A gives the
// acknowledgement, D the detailed response without the errors, E the
// detailed response listing them (N: TestCWOrderOutNoneWritesNothing).
func TestCWOrderOutGolden(t *testing.T) {
	cases := []struct {
		kind CWOResponseType
		v    CWOVersion
		file string
	}{
		{CWOResponseAck, CWOVersionOMS5, "ack.xml"},
		{CWOResponseDetail, CWOVersionOMS5, "detail.xml"},
		{CWOResponseDetailErrors, CWOVersionOMS5, "detail_errors.xml"},
		{CWOResponseDetail, CWOVersionCWDirect18, "detail_cwdirect18.xml"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			o := cwoSampleOut(tc.kind)
			if tc.v == CWOVersionCWDirect18 {
				o.Header.OfferID = "F15"
			}
			reply, err := EncodeCWOrderOut(o, cwoOpts(tc.v))
			require.NoError(t, err)
			require.True(t, reply.Sent())
			assert.Equal(t, tc.kind, reply.Kind)
			cwoGolden(t, tc.file, reply.Body)

			back, err := DecodeCWOrderOut(reply.Body, cwoOpts(tc.v))
			require.NoError(t, err)
			assert.Equal(t, tc.kind, back.Kind)
			assert.Equal(t, "RDC", back.Source)
			assert.Equal(t, "IDC", back.Target)
			assert.Equal(t, "CWORDEROUT", back.Type)
			want := o.Header
			switch tc.kind {
			case CWOResponseAck:
				want.Errors, want.ShipTos = nil, nil
			case CWOResponseDetail:
				want.Errors = nil
			}
			assert.Equal(t, want, back.Header)
		})
	}
}

func TestReadCWOrderOut(t *testing.T) {
	reply, err := EncodeCWOrderOut(cwoSampleOut(CWOResponseDetailErrors), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	o, err := ReadCWOrderOut(context.Background(), bytes.NewReader(reply.Body), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, CWOResponseDetailErrors, o.Kind)
	assert.Equal(t, 6431, o.Header.OrderID)
	assert.Len(t, o.Header.Errors, 2)
	_, err = ReadCWOrderOut(context.Background(), bytes.NewReader(reply.Body), CWOOptions{})
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
}

// ORD-055: response type N sends no response.
func TestCWOrderOutNoneWritesNothing(t *testing.T) {
	reply, err := EncodeCWOrderOut(cwoSampleOut(CWOResponseNone), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.False(t, reply.Sent())
	assert.Nil(t, reply.Body)
	assert.Equal(t, CWOResponseNone, reply.Kind)
}

// message-formats.md §1.6: blank attributes are not written, and a missing
// attribute decodes as blank.
func TestCWOrderOutOmitsBlankAttributes(t *testing.T) {
	reply, err := EncodeCWOrderOut(&CWOrderOut{Kind: CWOResponseAck, Header: CWOOutHeader{OrderID: 7}}, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"+
		"<Message source=\"RDC\" target=\"IDC\" type=\"CWORDEROUT\">\n  <Header order_id=\"7\"/>\n</Message>\n", string(reply.Body))
	o, err := DecodeCWOrderOut(reply.Body, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, CWOOutHeader{OrderID: 7}, o.Header)
}

func TestCWOrderOutEncodeRefusesBadValues(t *testing.T) {
	o := cwoSampleOut(CWOResponseDetail)
	o.Header.OrderID = 123456789 // 9 digits, 8 positions
	o.Header.ReferenceOrderNumber = strings.Repeat("W", 31)
	o.Header.OfferID = "F15" // CWDirect 18.0 only
	o.Header.Other = []xml.Attr{{Name: xml.Name{Local: "order_id"}, Value: "1"}, {Name: xml.Name{Local: "bad name"}, Value: "1"}}
	_, err := EncodeCWOrderOut(o, cwoOpts(CWOVersionOMS5))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.True(t, ve.Has("Header/@order_id", RuleMaxLength))
	assert.True(t, ve.Has("Header/@reference_order_number", RuleMaxLength))
	assert.True(t, ve.Has("Header/@offer_id", RuleAllowedValues))
	assert.True(t, ve.Has("Header/@order_id", RuleDuplicate))
	assert.True(t, ve.Has("Header/@bad name", RuleAllowedValues))

	_, err = EncodeCWOrderOut(&CWOrderOut{Kind: "X"}, cwoOpts(CWOVersionOMS5))
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("Kind", RuleAllowedValues))
	_, err = EncodeCWOrderOut(&CWOrderOut{Kind: CWOResponseAck}, CWOOptions{})
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
	_, err = EncodeCWOrderOut(nil, cwoOpts(CWOVersionOMS5))
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestCWOrderOutDecodeErrors(t *testing.T) {
	cases := []struct {
		name     string
		data     string
		sentinel error
		path     string
		value    string
		rule     Rule
	}{
		{"not XML", "{}", ErrMalformed, "", "", ""},
		{"wrong root", `<CWORDEROUT/>`, ErrWrongRoot, "", "", ""},
		{"not UTF-8", "<Message type=\"CWORDEROUT\"><Header reference_order_number=\"\xff\"/></Message>", ErrNotUTF8, "", "", ""},
		{"numeric with letters", `<Message type="CWORDEROUT"><Header order_id="64A1"/></Message>`, ErrInvalid,
			"Header/@order_id", "64A1", RuleNumeric},
		{"one digit too long", `<Message type="CWORDEROUT"><Header customer_number="1234567890"/></Message>`, ErrInvalid,
			"Header/@customer_number", "1234567890", RuleMaxLength},
		{"bad date is an error outbound", `<Message type="CWORDEROUT"><Header order_date="13012026"/></Message>`, ErrInvalid,
			"Header/@order_date", "13012026", RuleDate},
		{"wrong type", `<Message type="CWORDERIN"><Header/></Message>`, ErrInvalid, "Message/@type", "CWORDERIN", RuleFixedValue},
		{"bad flag", `<Message type="CWORDEROUT"><Header><ShipTos><ShipTo><Details><Detail line_locate_eligible="X"/></Details></ShipTo></ShipTos></Header></Message>`,
			ErrInvalid, "Header/ShipTos/ShipTo[1]/Details/Detail[1]/@line_locate_eligible", "X", RuleAllowedValues},
		{"no header", `<Message type="CWORDEROUT"/>`, ErrInvalid, "Message/Header", "", RuleRequired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, err := DecodeCWOrderOut([]byte(tc.data), cwoOpts(CWOVersionOMS5))
			assert.Nil(t, o)
			require.ErrorIs(t, err, tc.sentinel)
			if tc.rule == "" {
				return
			}
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.True(t, ve.Has(tc.path, tc.rule), "%v", ve.Errors)
			for _, fe := range ve.Errors {
				if fe.Path == tc.path {
					assert.Equal(t, tc.value, fe.Value)
				}
			}
		})
	}
	_, err := DecodeCWOrderOut([]byte(`<Message/>`), CWOOptions{})
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
	_, err = DecodeCWOrderOut([]byte(`<Message type="CWORDEROUT"><Header/></Message>`), CWOOptions{Version: CWOVersionOMS5, MaxBytes: 10})
	assert.ErrorIs(t, err, ErrTooLarge)
}

// The decoder keeps attributes it does not know for pass-through and ignores
// unknown elements.
func TestCWOrderOutPassThrough(t *testing.T) {
	data := `<Message source="RDC" target="IDC" type="CWORDEROUT" xmlns:x="urn:x"><Header order_id="1" order_total="12.50" x:y="z" blank="">
	<Promotion promo="P1"/><ShipTos><ShipTo ship_to_nbr="1"><Details><Detail item_id="A" pickup_type="SP"/></Details></ShipTo></ShipTos></Header></Message>`
	o, err := DecodeCWOrderOut([]byte(data), cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Equal(t, CWOResponseDetail, o.Kind)
	assert.Equal(t, []xml.Attr{{Name: xml.Name{Local: "order_total"}, Value: "12.50"}}, o.Header.Other)
	assert.Equal(t, []xml.Attr{{Name: xml.Name{Local: "ship_to_nbr"}, Value: "1"}}, o.Header.ShipTos[0].Other)
	assert.Equal(t, "SP", o.Header.ShipTos[0].Details[0].PickupType)
	assert.Equal(t, []xml.Attr{{Name: xml.Name{Local: "item_id"}, Value: "A"}}, o.Header.ShipTos[0].Details[0].Other)

	reply, err := EncodeCWOrderOut(o, cwoOpts(CWOVersionOMS5))
	require.NoError(t, err)
	assert.Contains(t, string(reply.Body), `<Header order_id="1" order_total="12.50">`)
	assert.Contains(t, string(reply.Body), `<Detail pickup_type="SP" item_id="A"/>`)
}

// message-formats.md §1.5: the "Invalid XML Message:" reply echoes the
// submitted message with every card number masked to its last four digits.
func TestCWOInvalidXMLMessage(t *testing.T) {
	submitted := []byte(`<Message type="CWORDERIN"><Header order_number="1" company_code="AB"><Payments>` +
		`<Payment cc_number="4111111111111111" cc_exp_month="x"/>` +
		`<Payment cc_number = '5500 0000 0000 0004'/>` +
		`<Payment cc_number="&#52;111111111111111"/>` +
		`<Payment xcc_number="123456789"/>` +
		`</Payments></Header></Message>`)
	_, err := DecodeCWOrderIn(submitted, CWOOptions{Version: CWOVersionOMS5,
		MaxLengths: map[string]int{"Payment@cc_number": 15}})
	require.ErrorIs(t, err, ErrInvalid)
	reply := CWOInvalidXMLMessage(submitted, err)
	s := string(reply)
	assert.True(t, strings.HasPrefix(s, "Invalid XML Message:\n"))
	assert.NotContains(t, s, "4111111111111111")
	assert.NotContains(t, s, "111111111111111")
	assert.NotContains(t, s, "5500 0000 0000")
	assert.Contains(t, s, `cc_number="************1111"`)
	assert.Contains(t, s, `cc_number = '**** **** **** 0004'`)
	assert.Contains(t, s, `xcc_number="123456789"`, "only cc_number attributes are masked")
	assert.Contains(t, s, `Header/@company_code: value "AB" breaks numeric`)
	assert.Contains(t, s, "Header/Payments/Payment[1]/@cc_number")
	cwoGolden(t, "invalid_xml_message.txt", reply)

	// Broken XML is masked as well, up to the end of an unterminated value.
	broken := CWOInvalidXMLMessage([]byte(`<Message><Header><Payment cc_number="4111111111111111`), ErrMalformed)
	assert.NotContains(t, string(broken), "4111111111111111")
	assert.Contains(t, string(broken), "************1111")
	assert.Contains(t, string(broken), ErrMalformed.Error())

	for in, want := range map[string]string{
		`<Payment a="1"cc_number="4111111111111111"/>`: `<Payment a="1"cc_number="************1111"/>`,
		`<Payment CC_Number="4111111111111111"/>`:      `<Payment CC_Number="************1111"/>`,
		`<Payment cc_number=4111111111111111 x="1"/>`:  `<Payment cc_number=************1111 x="1"/>`,
		`<Payment cc_number=4111111111111111/>`:        `<Payment cc_number=************1111/>`,
		`<Payment cc_number>4111</Payment>`:            `<Payment cc_number>4111</Payment>`,
	} {
		got := string(CWOInvalidXMLMessage([]byte(in), nil))
		assert.Equal(t, "Invalid XML Message:\n"+want+"\nErrors:\n", got, in)
	}
}
