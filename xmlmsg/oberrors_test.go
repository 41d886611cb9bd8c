package xmlmsg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// obExplodingReader serves data and then n filler bytes; it fails the test
// when read past limit+1 bytes, proving the size check happens before the
// whole body is read.
type obExplodingReader struct {
	t     *testing.T
	data  []byte
	limit int
	read  int
}

func (r *obExplodingReader) Read(p []byte) (int, error) {
	if r.read > r.limit {
		r.t.Fatalf("read past limit+1 (%d bytes read, limit %d)", r.read, r.limit)
		return 0, errors.New("read past limit")
	}
	n := 0
	for n < len(p) {
		if r.read < len(r.data) {
			p[n] = r.data[r.read]
		} else {
			p[n] = ' '
		}
		n++
		r.read++
	}
	return n, nil
}

func obReplace(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	require.Equal(t, 1, bytes.Count(data, []byte(old)), "sample must hold %q exactly once", old)
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

// The error catalog: one case per kind of bad input, each asserting the
// sentinel (errors.Is), the type (errors.As) and the field, value and rule.
func TestOBErrorCatalog(t *testing.T) {
	brokered := obSample(t, "submit_order_request_brokered_backorder_delivery.xml")

	t.Run("not XML", func(t *testing.T) {
		_, err := DecodeSubmitOrderBytes([]byte("this is not <xml"), OBOptions{})
		assert.ErrorIs(t, err, ErrMalformed)
		var se *SyntaxError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, 1, se.Line)
		assert.Equal(t, "SubmitOrder", se.Message)
	})
	t.Run("empty", func(t *testing.T) {
		_, err := DecodeSubmitOrderBytes(nil, OBOptions{})
		var se *SyntaxError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, ErrMalformed)
	})
	t.Run("wrong root", func(t *testing.T) {
		_, err := DecodeSubmitOrderBytes(obSample(t, "status_request.xml"), OBOptions{})
		assert.ErrorIs(t, err, ErrWrongRoot)
		var re *RootError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "StatusRequest", re.Got)
		assert.Equal(t, []string{"SubmitOrder"}, re.Want)
	})
	t.Run("unsupported version: garbage", func(t *testing.T) {
		data := obReplace(t, brokered, "<version>18.0</version>", "<version>v18</version>")
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		assert.ErrorIs(t, err, ErrUnsupportedVersion)
		var ve *VersionError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "v18", ve.Version)
		assert.Equal(t, "SubmitOrder", ve.Message)
	})
	t.Run("unsupported version: above 19.x", func(t *testing.T) {
		data := obReplace(t, brokered, "<version>18.0</version>", "<version>20.0</version>")
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		var ve *VersionError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "20.0", ve.Version)
	})
	t.Run("unsupported version: missing", func(t *testing.T) {
		data := obReplace(t, brokered, "<version>18.0</version>", "")
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		var ve *VersionError
		require.ErrorAs(t, err, &ve)
		assert.Empty(t, ve.Version)
	})
	t.Run("over the size limit, stream stopped at limit+1", func(t *testing.T) {
		r := &obExplodingReader{t: t, data: brokered, limit: 1000}
		_, err := DecodeSubmitOrder(context.Background(), r, OBOptions{MaxBytes: 1000})
		assert.ErrorIs(t, err, ErrTooLarge)
		var se *SizeError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, int64(1000), se.Limit)
		assert.Equal(t, 1001, r.read, "read stops at limit+1 bytes")
	})
	t.Run("over the size limit, bytes", func(t *testing.T) {
		_, err := DecodeSubmitOrderBytes(brokered, OBOptions{MaxBytes: int64(len(brokered) - 1)})
		var se *SizeError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, ErrTooLarge)
	})
	t.Run("not UTF-8", func(t *testing.T) {
		data := obReplace(t, brokered, "<ship_via_description>UPS GROUND", "<ship_via_description>UPS \xffGROUND")
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		assert.ErrorIs(t, err, ErrNotUTF8)
		var se *SyntaxError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, 22, se.Line)
		assert.Equal(t, 27, se.Column)
	})
	t.Run("numeric field holding letters", func(t *testing.T) {
		data := obReplace(t, brokered, "<qty>1</qty>", "<qty>ONE</qty>")
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		assert.ErrorIs(t, err, ErrInvalid)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		require.Len(t, ve.Errors, 1)
		assert.Equal(t, FieldError{Path: "transaction_header[1]/transaction_detail[1]/qty", Value: "ONE", Rule: RuleNumeric, Detail: "digits only, at most 9"}, ve.Errors[0])
		assert.Contains(t, err.Error(), `"ONE"`)
	})
	t.Run("field one character too long: location_cd (BRK-011)", func(t *testing.T) {
		data := obReplace(t, brokered, `location_cd="1234567890"`, `location_cd="12345678901"`)
		_, err := DecodeSubmitOrderBytes(data, OBOptions{})
		assert.ErrorIs(t, err, ErrInvalid)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		require.Len(t, ve.Errors, 1)
		fe := ve.Errors[0]
		assert.Equal(t, "transaction_header[1]/store_location/@location_cd", fe.Path)
		assert.Equal(t, "12345678901", fe.Value)
		assert.Equal(t, RuleMaxLength, fe.Rule)
	})
	t.Run("field one character too long: source (A6)", func(t *testing.T) {
		data := obReplace(t, obSample(t, "status_request.xml"), "<source>0060001234500100000</source>", "<source>00600012345001000000</source>")
		_, err := DecodeStatusRequestBytes(data, OBOptions{})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, []FieldError{{Path: "message_header/source", Value: "00600012345001000000", Rule: RuleMaxLength, Detail: "at most 19 characters, got 20"}}, ve.Errors)
	})
	t.Run("missing inner message element", func(t *testing.T) {
		_, err := DecodeFulfillmentsBytes([]byte(`<ns2:Fulfillments xmlns:ns2="http://retail.com/Locate"/>`), OBOptions{})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.True(t, ve.Has("fulfillment_request_message", RuleRequired))
	})
	t.Run("nil reader", func(t *testing.T) {
		_, err := DecodeStatusUpdate(context.Background(), nil, OBOptions{})
		assert.ErrorIs(t, err, ErrMalformed)
	})
}

// Field rules, one case per rule, on the messages that carry the fields.
func TestOBFieldRules(t *testing.T) {
	brokered := obSample(t, "submit_order_request_brokered_backorder_delivery.xml")
	cases := []struct {
		name string
		data []byte
		path string
		val  string
		rule Rule
	}{
		{"amount with letters", obReplace(t, brokered, "<unit_price>1.0</unit_price>", "<unit_price>1.0USD</unit_price>"),
			"transaction_header[1]/transaction_detail[1]/unit_price", "1.0USD", RuleDecimal},
		{"amount in exponent form", obReplace(t, brokered, "<transaction_total>1.06</transaction_total>", "<transaction_total>1e3</transaction_total>"),
			"transaction_header[1]/transaction_total", "1e3", RuleDecimal},
		{"date that does not exist", obReplace(t, brokered, "<transaction_date>2019-05-09T01:30:01</transaction_date>", "<transaction_date>2019-02-30T01:30:01</transaction_date>"),
			"transaction_header[1]/transaction_date", "2019-02-30T01:30:01", RuleDate},
		{"datetime in a fourth shape", obReplace(t, brokered, "<datetime>2015-07-15T01:30:01</datetime>", "<datetime>07/15/2015</datetime>"),
			"message_header/datetime", "07/15/2015", RuleDate},
		{"unknown status word", obReplace(t, brokered, "<line_item_status>new_order</line_item_status>", "<line_item_status>shipped</line_item_status>"),
			"transaction_header[1]/transaction_detail[1]/line_item_status", "shipped", RuleAllowedValues},
		{"unknown transaction type (BRK-332)", obReplace(t, brokered, `transaction_type_id="DELIVERY"`, `transaction_type_id="COURIER"`),
			"transaction_header[1]/@transaction_type_id", "COURIER", RuleAllowedValues},
		{"gift flag not Y/N", obReplace(t, brokered, "<gift>N</gift>", "<gift>X</gift>"),
			"transaction_header[1]/gift", "X", RuleAllowedValues},
		{"sold-to without first and last name or company (BRK-009)", obReplace(t, brokered, "<last>LAST</last>\n<suffix />\n</name>\n<address>\n<attention />\n<address1>12345 EXAMPLE STREET</address1>\n<address2 />\n<address3 />\n<address4 />\n<apt />\n<city>WORCESTER</city>\n<province>MA</province>\n<postal>01602</postal>\n<email>first.last@example.com</email>\n<phone1>508 555 0100</phone1>\n<phone2>508 555 0200</phone2>\n<country>US</country>\n</address>\n</sold_to_customer>", "<last></last>\n<suffix />\n</name>\n</sold_to_customer>"),
			"transaction_header[1]/sold_to_customer/name", "FIRST", RuleRequired},
		{"sold-to customer number missing", obReplace(t, brokered, `customer_no="12345"`, `customer_no=""`),
			"transaction_header[1]/sold_to_customer/@customer_no", "", RuleRequired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeSubmitOrderBytes(c.data, OBOptions{})
			assert.ErrorIs(t, err, ErrInvalid)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Errors, 1, "%v", err)
			assert.Equal(t, c.path, ve.Errors[0].Path)
			assert.Equal(t, c.val, ve.Errors[0].Value)
			assert.Equal(t, c.rule, ve.Errors[0].Rule)
		})
	}
}

func TestOBUnknownStatusAllowedByOption(t *testing.T) {
	data := obReplace(t, obSample(t, "status_response.xml"), `order_status="polled"`, `order_status="backordered"`)
	_, err := DecodeStatusRequestResponseBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("orders/order[1]/@order_status", RuleAllowedValues))
	m, err := DecodeStatusRequestResponseBytes(data, OBOptions{AllowUnknownStatus: true})
	require.NoError(t, err)
	assert.Equal(t, OBStatus("backordered"), m.Orders[0].OrderStatus)
	assert.False(t, m.Orders[0].OrderStatus.Known())
}

// Every error is reported, not only the first.
func TestOBValidationListsEveryError(t *testing.T) {
	data := obSample(t, "submit_order_request_ship_for_pickup.xml")
	data = obReplace(t, data, "<qty>3</qty>", "<qty>x</qty>")
	data = obReplace(t, data, "<qty>2</qty>", "<qty>y</qty>")
	data = obReplace(t, data, "<unit_price>2.25</unit_price>", "<unit_price>z</unit_price>")
	_, err := DecodeSubmitOrderBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Errors, 3)
	assert.True(t, ve.Has("transaction_header[1]/transaction_detail[1]/qty", RuleNumeric))
	assert.True(t, ve.Has("transaction_header[1]/transaction_detail[2]/qty", RuleNumeric))
	assert.True(t, ve.Has("transaction_header[1]/transaction_detail[1]/unit_price", RuleDecimal))
}

func obStatusListWithIDs(t *testing.T, n int) []byte {
	t.Helper()
	var ids strings.Builder
	for i := range n {
		fmt.Fprintf(&ids, "<request_ids request_id=\"%d\"/>\n", 100000+i)
	}
	data := obSample(t, "status_list_request.xml")
	start := bytes.Index(data, []byte("<request_ids>\n")) + len("<request_ids>\n")
	end := bytes.Index(data, []byte("</request_ids>"))
	require.Greater(t, end, start)
	return append(append(append([]byte{}, data[:start]...), ids.String()...), data[end:]...)
}

// BRK-305, BRK-406: at most 1000 request ids in one status list request.
func TestOBStatusListRequestMaxIDs(t *testing.T) {
	m, err := DecodeStatusListRequestBytes(obStatusListWithIDs(t, OBMaxListIDs), OBOptions{}) // BRK-305
	require.NoError(t, err)
	assert.Len(t, m.Lookup.RequestIDs, 1000)

	_, err = DecodeStatusListRequestBytes(obStatusListWithIDs(t, OBMaxListIDs+1), OBOptions{}) // BRK-406
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldError{{Path: "lookup_data/request_ids/request_ids", Value: "1001", Rule: RuleMaxCount, Detail: "at most 1000"}}, ve.Errors)

	// The encoder refuses to build an oversized request as well.
	m.Lookup.RequestIDs = append(m.Lookup.RequestIDs, "999999")
	_, err = m.Encode()
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestOBStatusListRequestIDRules(t *testing.T) {
	data := obReplace(t, obSample(t, "status_list_request.xml"), `request_id="22222"`, `request_id="11111"`)
	data = obReplace(t, data, `request_id="33333"`, `request_id="3333A"`)
	_, err := DecodeStatusListRequestBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("lookup_data/request_ids/request_ids[2]/@request_id", RuleDuplicate))
	assert.True(t, ve.Has("lookup_data/request_ids/request_ids[3]/@request_id", RuleNumeric))
	assert.Len(t, ve.Errors, 2)
}

// BRK-003: the status list request needs version 5.0 or higher.
func TestOBStatusListRequestVersion5(t *testing.T) {
	data := obReplace(t, obSample(t, "status_list_request.xml"), "<version>5.0</version>", "<version>4.9</version>")
	_, err := DecodeStatusListRequestBytes(data, OBOptions{})
	var ve *VersionError
	require.ErrorAs(t, err, &ve) // BRK-003
	assert.Equal(t, "4.9", ve.Version)
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
}

// message-formats.md §7.7: a fulfillments response carries at most 1000 orders.
func TestOBFulfillmentsResponseMaxOrders(t *testing.T) {
	build := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`<ns2:FulfillmentsResponse xmlns:ns2="http://retail.com/Locate"><fulfillment_response_message>` +
			`<message_header xaction_response="OK" xaction_type="INFO"><datetime>2015-02-25</datetime><version>5.0</version>` +
			`<source>LOCATE</source><destination>6</destination></message_header><message_body><orders>`)
		for i := range n {
			fmt.Fprintf(&b, `<order request_id="%d"><sold_to_customer><name><company_name>C</company_name></name></sold_to_customer>`+
				`<items><item_detail line_item_no="1"><item_id>A</item_id></item_detail></items></order>`, i+1)
		}
		b.WriteString(`</orders></message_body></fulfillment_response_message></ns2:FulfillmentsResponse>`)
		return []byte(b.String())
	}
	m, err := DecodeFulfillmentsResponseBytes(build(OBMaxListIDs), OBOptions{})
	require.NoError(t, err)
	assert.Len(t, m.Orders, 1000)

	_, err = DecodeFulfillmentsResponseBytes(build(OBMaxListIDs+1), OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldError{{Path: "orders/order", Value: "1001", Rule: RuleMaxCount, Detail: "at most 1000"}}, ve.Errors)

	m.Orders = append(m.Orders, m.Orders[0])
	assert.ErrorIs(t, m.Validate(), ErrInvalid)
}

func TestOBStatusUpdateNeedsAStatus(t *testing.T) {
	data := obReplace(t, obSample(t, "status_update_request_retail_pickup_delivery.xml"), `order_status="canceled"`, `order_status=""`)
	_, err := DecodeStatusUpdateBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []FieldError{{Path: "order/@order_status", Rule: RuleRequired, Detail: "an order_status, an item_status on some item, or under_review"}}, ve.Errors)

	// BRK-415: the Under Review order update carries under_review and no status.
	upd := obReplace(t, data, `order_status=""`, `order_status="" under_review="N"`)
	m, err := DecodeStatusUpdateBytes(upd, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, "N", m.Order.UnderReview)
	b := m.Broker()
	require.NotNil(t, b.UnderReview)
	assert.False(t, *b.UnderReview)
	_, err = DecodeStatusUpdateBytes(obReplace(t, data, `order_status=""`, `order_status="" under_review="X"`), OBOptions{})
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("order/@under_review", RuleAllowedValues))
}

func TestOBStatusUpdateNeedsRequestID(t *testing.T) {
	data := obReplace(t, obSample(t, "status_update_cancel_request.xml"), `request_id="12345"`, `request_id=""`)
	_, err := DecodeStatusUpdateBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("order/@request_id", RuleRequired)) // BRK-408
}

func TestOBResponseCodeRequired(t *testing.T) {
	data := obReplace(t, obSample(t, "submit_order_response.xml"), `response_code="0"`, `response_code="OK"`)
	_, err := DecodeSubmitOrderResponseBytes(data, OBOptions{})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "OK", ve.Errors[0].Value)
	assert.Equal(t, RuleNumeric, ve.Errors[0].Rule)
}

func TestOBTenderAccountMasked(t *testing.T) {
	v := &obValidator{}
	v.add(obAt("orders/order", 0).at("transaction_tenders/transaction_tender", 0).f("tender_account"), "4111111111111111", RuleMaxLength, "")
	assert.Equal(t, "orders/order[1]/transaction_tenders/transaction_tender[1]/tender_account", v.errs[0].Path)
	assert.Equal(t, "************1111", v.errs[0].Value)
	assert.NotContains(t, v.errs[0].Error(), "4111111111111111")
}

func TestOBEncodeRefusesBadEnvelope(t *testing.T) {
	m, err := DecodeFulfillmentsBytes(obSample(t, "fulfillments_request.xml"), OBOptions{})
	require.NoError(t, err)
	m.Envelope.Prefix = "a b"
	_, err = m.Encode()
	assert.ErrorContains(t, err, `"a b"`)
	m.Envelope.Prefix = "ns2"
	m.Envelope.InnerName = "other_message"
	_, err = m.Encode()
	assert.ErrorContains(t, err, `"other_message"`)
	m.Envelope.InnerName = ""
	m.Envelope.Extra = []OBNamespaceDecl{{Prefix: "ns2", URI: "x"}}
	_, err = m.Encode()
	assert.Error(t, err)
}

func TestOBNilMessage(t *testing.T) {
	var m *SubmitOrder
	assert.ErrorIs(t, m.Validate(), ErrInvalid)
	_, err := m.Encode()
	assert.ErrorIs(t, err, ErrInvalid)
}

// Every io.Reader decoder reads its sample; a done context stops the read.
func TestOBReaderDecoders(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		file   string
		decode func(context.Context, io.Reader) error
	}{
		{"submit_order_request_store_pickup.xml", func(c context.Context, r io.Reader) error { _, err := DecodeSubmitOrder(c, r, OBOptions{}); return err }},
		{"submit_order_response.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeSubmitOrderResponse(c, r, OBOptions{})
			return err
		}},
		{"status_request.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeStatusRequest(c, r, OBOptions{})
			return err
		}},
		{"status_response.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeStatusRequestResponse(c, r, OBOptions{})
			return err
		}},
		{"status_list_request.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeStatusListRequest(c, r, OBOptions{})
			return err
		}},
		{"status_update_cancel_request.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeStatusUpdate(c, r, OBOptions{})
			return err
		}},
		{"order_update_response.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeStatusUpdateResponse(c, r, OBOptions{})
			return err
		}},
		{"fulfillments_request.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeFulfillments(c, r, OBOptions{})
			return err
		}},
		{"fulfillments_response.xml", func(c context.Context, r io.Reader) error {
			_, err := DecodeFulfillmentsResponse(c, r, OBOptions{})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := obSample(t, c.file)
			require.NoError(t, c.decode(ctx, bytes.NewReader(data)))
			// A plain stream (no Len) is read through the limit too.
			require.NoError(t, c.decode(ctx, io.MultiReader(bytes.NewReader(data))))
			done, cancel := context.WithCancel(ctx)
			cancel()
			assert.ErrorIs(t, c.decode(done, bytes.NewReader(data)), context.Canceled)
		})
	}
	fixed := obReplaceLine(t, obSample(t, "status_list_response_broken.xml"), 2, "<status_list_request_message>")
	_, err := DecodeStatusListRequestResponse(ctx, bytes.NewReader(fixed), OBOptions{})
	require.NoError(t, err)
}

// obCancelingReader cancels its context after the first chunk.
type obCancelingReader struct {
	data   []byte
	cancel context.CancelFunc
}

func (r *obCancelingReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[:min(len(r.data), 64)])
	r.data = r.data[n:]
	r.cancel()
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func TestOBContextCancelledMidStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &obCancelingReader{data: obSample(t, "fulfillments_response.xml"), cancel: cancel}
	_, err := DecodeFulfillmentsResponse(ctx, r, OBOptions{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotEmpty(t, r.data, "the rest of the body is not read")
}
