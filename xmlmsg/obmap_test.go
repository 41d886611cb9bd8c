package xmlmsg

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
)

func obmapSample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "orderbroker", name))
	require.NoError(t, err)
	return data
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// canonDecimals rewrites every decimal.Decimal reachable from v (a pointer)
// to one representation per value, so that 1.0 and 1, or 0 and 0.000,
// compare equal with assert.Equal.
func canonDecimals(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			canonDecimals(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == decimalType {
			if !v.CanSet() {
				return
			}
			d := v.Interface().(decimal.Decimal)
			if d.IsZero() {
				v.Set(reflect.ValueOf(decimal.Decimal{}))
			} else {
				v.Set(reflect.ValueOf(decimal.RequireFromString(d.String())))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				canonDecimals(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			canonDecimals(v.Index(i))
		}
	}
}

// sampleOrder is an order equivalent to the brokered backorder sample
// (submit_order_request_brokered_backorder_delivery.xml): order 123-001 of
// company 6, one backordered PENCIL on line sequence 4.
func sampleOrder() broker.Order {
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "12345 EXAMPLE STREET",
		City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US", Email: "first.last@example.com",
		DayPhone: "508 555 0100", EveningPhone: "508 555 0200"}
	return broker.Order{
		Key: broker.OrderKey{Company: 6, Order: 123, ShipTo: 1}, Type: "W", Status: broker.OrderOpen,
		PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr,
		ShipVia: "1", ShipViaDescription: "UPS GROUND", SourceCode: "SOURCE", Currency: "US",
		Lines: []broker.OrderLine{{Seq: 4, Number: 4, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("1.0"), Item: broker.Item{Code: "PENCIL", OROBEligible: true},
			Taxes: []broker.Tax{{Description: "Tax", Amount: decimal.RequireFromString("0.06")}}}},
	}
}

func sampleSettings() broker.Settings {
	return broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", MessageVersion: "18.0", LocalCurrency: "USD"}
}

// The domain SubmitOrder built by broker.BuildSubmitOrder from an order
// equivalent to the brokered backorder sample, mapped and encoded, decodes
// to the sample field by field. The documented differences (obmap.go) are
// patched first: the namespace (A22), the header datetime (the sample's
// header and transaction dates differ; one clock writes both here), the
// 19-digit source (A6), the 9-digit customer_no (A34) and the raw padding
// of item_id; amounts compare by value (1.0 = 1, 0.0 = 0).
//
// Fields asserted by the equality: BRK-327 (message_type, xaction_response,
// xaction_type), BRK-329 (version), BRK-331 (destination), BRK-332
// (DELIVERY), BRK-333 (transaction_no), BRK-334 (order_id), BRK-335 (empty
// request_id), BRK-336 (no PO), BRK-337 (transaction_date), BRK-338 (CWS),
// BRK-339 (subtotal), BRK-340 (tax), BRK-341 (total), BRK-343 (new_order),
// BRK-344 (channel 1), BRK-345 (ship via), BRK-346 (gift N), BRK-347
// (source code), BRK-349 (balance_due 0), BRK-350 (currency), BRK-353
// (ship_complete N), BRK-357 (under_review empty), BRK-359 (name), BRK-360
// (address, phones), BRK-361 and BRK-362 (store_location K51, K50), BRK-365
// (line_item_no = sequence 4), BRK-366 and BRK-367 (empty location),
// BRK-368 (item_id), BRK-369 (qty), BRK-370 (unit price), BRK-371 (ship_to),
// BRK-372 (taxes), BRK-373 (line_item_status), BRK-375 (no UPC/EAN),
// BRK-378 (gift wrap N), BRK-379 (ship alone N).
func TestSubmitOrderFromBrokerGoldenBrokeredBackorder(t *testing.T) {
	now := time.Date(2019, 5, 9, 1, 30, 1, 0, time.UTC)
	so, err := broker.BuildSubmitOrder(sampleOrder(), []int{4}, sampleSettings(), now)
	require.NoError(t, err)

	encoded, err := SubmitOrderFromBroker(so).Encode()
	require.NoError(t, err)
	got, err := DecodeSubmitOrderBytes(encoded, OBOptions{})
	require.NoError(t, err)
	want, err := DecodeSubmitOrderBytes(obmapSample(t, "submit_order_request_brokered_backorder_delivery.xml"), OBOptions{})
	require.NoError(t, err)

	// Documented differences, asserted before they are patched.
	assert.Equal(t, "0060000012300100000", got.Header.Source)           // A6: 3+8+3+5
	assert.Equal(t, "006000001234500000", want.Header.Source)           // the sample's 18 digits
	assert.Equal(t, "000012345", got.Transactions[0].SoldTo.CustomerNo) // BRK-358: zero-padded
	assert.Equal(t, "12345", want.Transactions[0].SoldTo.CustomerNo)    // A34
	assert.Equal(t, "http://microsretail.com/Locate", want.Envelope.Namespace)
	require.Len(t, got.Transactions[0].Details, 1)
	assert.Equal(t, "PENCIL", got.Transactions[0].Details[0].ItemID.Item)
	assert.Equal(t, "PENCIL", want.Transactions[0].Details[0].ItemID.Item)
	// BRK-342, BRK-374: special instructions, shipping agent and tracking
	// number are not described for a submit; OMS sends them empty, as the
	// sample does.
	for _, tx := range []OBSubmitTransaction{got.Transactions[0], want.Transactions[0]} {
		assert.Empty(t, tx.SpecialInstructions)
		assert.Empty(t, tx.Details[0].SpecialInstructions)
		assert.Empty(t, tx.Details[0].ShippingAgent)
		assert.Empty(t, tx.Details[0].TrackingNumber)
	}

	got.Envelope, want.Envelope = OBEnvelope{}, OBEnvelope{}
	got.Header.DateTime = want.Header.DateTime
	got.Header.Source = want.Header.Source
	got.Transactions[0].SoldTo.CustomerNo = want.Transactions[0].SoldTo.CustomerNo
	got.Transactions[0].Details[0].ItemID.Raw = ""
	want.Transactions[0].Details[0].ItemID.Raw = ""
	canonDecimals(reflect.ValueOf(got))
	canonDecimals(reflect.ValueOf(want))
	assert.Equal(t, want, got)
}

// A domain SubmitOrder with every optional part (order and gift messages,
// shipforpickup_location, line freight, customization charge, ship weight,
// line messages, customizations) survives the mapping, the encoding and the
// way back; gift message lines are joined by an encoded carriage return
// (BRK-356).
func TestSubmitOrderRoundTripThroughDomain(t *testing.T) {
	freight := decimal.RequireFromString("7.50")
	lineFreight := decimal.RequireFromString("1.25")
	so := broker.SubmitOrder{
		Header: broker.MessageHeader{MessageType: "SubmitOrder", XactionResponse: "1", XactionType: "INSERT",
			DateTime: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Version: "18.0", Source: "0060000895300100000", Destination: "LOCATE"},
		TransactionType: broker.TypeShipForPickup, TransactionNo: "00008953-001", OrderID: "8953-001",
		TransactionDate: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), EmployeeID: "CWS",
		Subtotal: decimal.RequireFromString("20.00"), Tax: decimal.RequireFromString("1.20"), Total: decimal.RequireFromString("28.70"),
		Status: broker.OBNewOrder, Channel: "1", ShipVia: "1", ShipViaDescription: "UPS", Gift: true, SourceCode: "SRC",
		FreightAmount: &freight, BalanceDue: decimal.Zero, Currency: "USD", ShipComplete: true, UnderReview: true,
		OrderMessages: []string{"FIRST MESSAGE", "SECOND MESSAGE"}, GiftMessages: []string{"HAPPY", "BIRTHDAY"},
		SoldTo:                broker.SoldTo{CustomerNo: "000012345", Address: broker.Address{Name: broker.Name{Company: "ACME"}, Apartment: "4B", Country: "US"}},
		StoreLocation:         broker.Location{Location: "M32LOC", System: "6"},
		ShipForPickupLocation: &broker.Location{Location: "7", System: "STC"},
		Lines: []broker.SubmitLine{{LineItemNo: 2, ItemID: broker.ItemID("PEN", "BLUE"), Qty: 2, UnitPrice: decimal.RequireFromString("10.00"),
			ShipTo: broker.Address{Name: broker.Name{First: "A", Last: "B"}, Attention: "DOCK 4", Postal: "01602"}, Status: broker.OBNewOrder,
			Taxes:           []broker.LineTax{{Description: "GST", LineItemNo: 2, Amount: decimal.RequireFromString("0.60")}, {Description: "PST", LineItemNo: 2, Amount: decimal.RequireFromString("0.60")}},
			ExtendedFreight: &lineFreight, CustomizationCharge: decimal.RequireFromString("3.00"), GiftWrap: true, ShipAlone: true,
			ShipWeight: decimal.RequireFromString("1.5"), Messages: []string{"LINE NOTE"},
			Customizations: []broker.Customization{{Code: "MONOGRAM", Message: "ABC"}}}},
	}
	data, err := SubmitOrderFromBroker(so).Encode()
	require.NoError(t, err)
	assert.Contains(t, string(data), "HAPPY&#xD;BIRTHDAY") // BRK-356: encoded carriage return
	m, err := DecodeSubmitOrderBytes(data, OBOptions{})
	require.NoError(t, err)
	back, err := m.Broker()
	require.NoError(t, err)
	canonDecimals(reflect.ValueOf(&so))
	canonDecimals(reflect.ValueOf(&back))
	assert.Equal(t, so, back)
}

func TestSubmitOrderBrokerRefusesSeveralTransactions(t *testing.T) {
	_, err := (&SubmitOrder{Transactions: make([]OBSubmitTransaction, 2)}).Broker()
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `"2"`)
	_, err = (*SubmitOrder)(nil).Broker()
	require.ErrorIs(t, err, ErrInvalid)
}

// The SubmitOrderResponse sample maps to the domain response.
func TestSubmitOrderResponseSampleToBroker(t *testing.T) {
	m, err := DecodeSubmitOrderResponseBytes(obmapSample(t, "submit_order_response.xml"), OBOptions{})
	require.NoError(t, err)
	got := m.Broker()
	assert.Equal(t, "OK", got.Header.XactionResponse) // BRK-384
	assert.Equal(t, "INFO", got.Header.XactionType)   // BRK-384
	key, err := broker.ParseSource(got.Header.Destination)
	require.NoError(t, err)
	assert.Equal(t, broker.OrderKey{Company: 6, Order: 12345, ShipTo: 1}, key) // BRK-385
	assert.True(t, got.OK())                                                   // BRK-386
	assert.Equal(t, "Order Acknowledged", got.ResponseDescription)             // BRK-386
	assert.Equal(t, "12345", got.RequestID)                                    // BRK-387
	assert.Equal(t, "12345-001", got.OrderID)
	// BRK-388, BRK-389: one detail per line, matched by requesting_system_line_no.
	assert.Equal(t, []broker.FulfillmentDetail{
		{Location: broker.Location{Location: "317", System: "SYSTEM01"}, Qty: 3, ItemID: "PEN         BLUE", RequestingLine: 2, LineNo: 1},
		{Location: broker.Location{Location: "317", System: "SYSTEM01"}, Qty: 2, ItemID: "PENCIL", RequestingLine: 1, LineNo: 2},
	}, got.Fulfillments)

	// and back: the simulator's direction.
	data, err := SubmitOrderResponseFromBroker(got).Encode()
	require.NoError(t, err)
	again, err := DecodeSubmitOrderResponseBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, got.Fulfillments, again.Broker().Fulfillments)
	assert.Equal(t, got.RequestID, again.Broker().RequestID)
}

// The status response sample maps to the domain response (BRK-395 to BRK-401).
func TestStatusRequestResponseSampleToBroker(t *testing.T) {
	m, err := DecodeStatusRequestResponseBytes(obmapSample(t, "status_response.xml"), OBOptions{})
	require.NoError(t, err)
	got, err := m.Broker()
	require.NoError(t, err)
	no := false
	assert.Equal(t, "12345", got.Order.RequestID)
	assert.Equal(t, "12345-001", got.Order.OrderID)
	assert.Equal(t, "polled", got.Order.OrderStatus) // BRK-397
	assert.Equal(t, &no, got.Order.UnderReview)      // BRK-401
	require.Len(t, got.Order.Items, 1)
	it := got.Order.Items[0]
	assert.Equal(t, "polled", it.Status)                                             // BRK-397
	assert.Equal(t, broker.Location{Location: "5678", System: "STC"}, it.Fulfilling) // BRK-398
	assert.Equal(t, 1, it.RequestingLine)
	assert.Equal(t, 1, it.LineNo)
	assert.Equal(t, "KABNOSKU", it.ItemID)
	assert.Equal(t, time.Date(2015, 2, 24, 14, 11, 58, 877e6, time.UTC), it.StatusDate) // BRK-400

	// BRK-396: the status response carries the same customer, address and
	// item data as the SubmitOrder: sold-to, ship-to per item, item
	// description and price.
	require.NotNil(t, m.Orders[0].SoldTo)
	assert.Equal(t, "FIRST", m.Orders[0].SoldTo.Name.First)
	assert.Equal(t, "257 EXAMPLE STREET", m.Orders[0].SoldTo.Address.Address1)
	wire := m.Orders[0].Items[0]
	require.NotNil(t, wire.ShipTo)
	assert.Equal(t, "257 EXAMPLE STREET", wire.ShipTo.Address.Address1)
	assert.Equal(t, "TEST FOR ORDER BROKER", wire.ItemDescription)
	assert.True(t, wire.UnitPrice.Equal(decimal.RequireFromString("10")))

	// The item maps to the F1 polled event.
	rec := broker.Record{Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 12345, ShipTo: 1}, LineSeq: 1, LineNo: 1,
		Status: broker.StatusAcknowledged, RequestID: "12345"}
	ev, err := broker.ItemEvent(rec, it, got.Order.OrderStatus, sampleSettings(), broker.SourceStatusInquiry, "r1")
	require.NoError(t, err)
	assert.Equal(t, broker.EventPolled, ev.Kind)
	assert.Equal(t, "5678", ev.FulfillingLocation)
}

func TestStatusRequestResponseBrokerRefusesTwoOrders(t *testing.T) {
	_, err := (&StatusRequestResponse{Orders: make([]OBStatusOrder, 2)}).Broker()
	require.ErrorIs(t, err, ErrInvalid)
	empty, err := (&StatusRequestResponse{}).Broker()
	require.NoError(t, err)
	assert.Empty(t, empty.Order.RequestID)
}

// The status list response sample (repaired as its README says, A21) maps
// to the domain response: BRK-397 statuses, BRK-398 locations, BRK-399
// agent and tracking, BRK-400 shipment_date, BRK-407 order_type and
// fulfillment_id.
func TestStatusListRequestResponseSampleToBroker(t *testing.T) {
	lines := bytes.Split(obmapSample(t, "status_list_response_broken.xml"), []byte("\n"))
	lines[1] = []byte("<status_list_request_message>")
	m, err := DecodeStatusListRequestResponseBytes(bytes.Join(lines, []byte("\n")), OBOptions{})
	require.NoError(t, err)
	got := m.Broker()
	require.Len(t, got.Orders, 2)
	assert.Equal(t, "12345", got.Orders[0].RequestID)
	assert.Equal(t, "polled", got.Orders[0].OrderStatus)
	assert.Equal(t, "1", got.Orders[0].OrderType)
	assert.Equal(t, broker.Location{Location: "21", System: "STC"}, got.Orders[0].Items[0].Fulfilling)
	assert.Equal(t, 11, got.Orders[0].Items[0].RequestingLine)
	f := got.Orders[1].Items[0]
	assert.Equal(t, "fulfilled", f.Status)
	assert.Equal(t, "2", f.ShippingAgent)
	assert.Equal(t, "TRACKING_NBR", f.TrackingNumber)
	assert.Equal(t, time.Date(2020, 8, 30, 0, 0, 0, 0, time.UTC), f.ShipmentDate)
	assert.Equal(t, "12345", f.FulfillmentID)
	assert.Equal(t, "2", got.Orders[1].OrderType)

	// and back.
	data, err := StatusListRequestResponseFromBroker(got).Encode()
	require.NoError(t, err)
	again, err := DecodeStatusListRequestResponseBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, got.Orders, again.Broker().Orders)
}

// The status update responses map to the domain: code 0, not FAILED
// (BRK-114, BRK-415); a FAILED answer reads as Failed (ambiguity A31).
func TestStatusUpdateResponseSamplesToBroker(t *testing.T) {
	for _, name := range []string{"status_update_cancel_response.xml", "order_update_response.xml"} {
		t.Run(name, func(t *testing.T) {
			m, err := DecodeStatusUpdateResponseBytes(obmapSample(t, name), OBOptions{})
			require.NoError(t, err)
			got := m.Broker()
			assert.Equal(t, "0", got.ResponseCode)
			assert.Equal(t, "Status updated successfully.", got.ResponseDescription)
			assert.False(t, got.Failed())
		})
	}
	failed := StatusUpdateResponseFromBroker(broker.StatusUpdateResponse{
		Header:       broker.MessageHeader{XactionResponse: "FAILED", DateTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Version: "18.0"},
		ResponseCode: "0"})
	data, err := failed.Encode()
	require.NoError(t, err)
	m, err := DecodeStatusUpdateResponseBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.True(t, m.Broker().Failed()) // BRK-114
}

// The fulfillments response sample maps to the identifying fields and the
// whole order body F3 builds the order from (order-broker.md §2.42).
func TestFulfillmentsResponseSampleToBroker(t *testing.T) {
	m, err := DecodeFulfillmentsResponseBytes(obmapSample(t, "fulfillments_response.xml"), OBOptions{})
	require.NoError(t, err)
	got := m.Broker()
	require.Len(t, got.Orders, 1)
	o := got.Orders[0]
	assert.Equal(t, "12345", o.RequestID)
	assert.Equal(t, "12345", o.OrderID)
	assert.Equal(t, "DELIVERY", o.TransactionTypeID)
	require.NotNil(t, o.Detail)
	d := *o.Detail
	canonDecimals(reflect.ValueOf(&d))
	yes := true
	freight := decimal.RequireFromString("9.0123")
	want := broker.FulfillmentDetailOrder{
		TransactionNo:            "originating trans ID",
		SourceCode:               "SOURCE",
		SpecialInstructions:      "special_instructions",
		TransactionChannel:       "1",
		ShipVia:                  "01",
		ShipComplete:             &yes,
		Gift:                     true,
		FreightAmount:            &freight,
		Tax:                      decimal.RequireFromString("1.0123"),
		Total:                    decimal.RequireFromString("1.0123"),
		BalanceDue:               decimal.RequireFromString("99.0112"),
		Currency:                 "US",
		OrderMessage:             "This is an order message at the\ntransaction_header level",
		AdditionalFreightCharges: decimal.RequireFromString("1.1235"),
		AdditionalCharges:        decimal.RequireFromString("2.1235"),
		SoldTo: broker.SoldTo{CustomerNo: "0000006", Address: broker.Address{
			Name:     broker.Name{Company: "Example Industries", Prefix: "Mr.", First: "FIRST", Middle: "Q", Last: "Example", Suffix: "Jr."},
			Address1: "4444 Example Street", Address2: "address 2", Address3: "address 3", Address4: "address 4",
			Apartment: "apt 123", City: "Worcester", Province: "MA", Postal: "01602", Country: "US",
			Email: "flast@example.com", DayPhone: "5085550135", EveningPhone: "5085550136"}},
		Store: broker.FulfillmentStoreLocation{Location: "1", System: "6", RequestLocation: "317", RequestSystem: "cws13doc"},
		Items: []broker.FulfillmentItem{{
			LineNo: 1, RequestingLine: 11, ItemID: "PENCIL", Qty: 2, UnitPrice: decimal.RequireFromString("9.95"),
			GiftWrap: true, Messages: []string{"This is an", "order_line_", "message"},
			CustomizationCharge: decimal.RequireFromString("2.1235"),
			Taxes:               []broker.LineTax{{Description: "GST", LineItemNo: 1, Amount: decimal.RequireFromString("1.0123")}},
			ShipTo: broker.Address{
				Name:      broker.Name{Company: "Example Industries", Prefix: "Ms.", First: "First", Middle: "Q", Last: "LastName", Suffix: "Jr."},
				Attention: "attention", Address1: "1234 Example Street", Address2: "address2", Address3: "address3", Address4: "address4",
				Apartment: "11", City: "Worcester", Province: "MA", Postal: "01602", Country: "US"},
			SpecialInstructions: "special instructions",
			ExtendedFreight:     decimal.RequireFromString("1.1235"),
			ShipWeight:          decimal.RequireFromString("3.126"),
			UPC:                 "1234567890", EAN: "2345678901",
		}},
		Tenders: []broker.FulfillmentTender{{Type: "test", Amount: decimal.RequireFromString("1.0123")}},
	}
	canonDecimals(reflect.ValueOf(&want))
	// The three customizations: code and message as sent (whitespace kept).
	require.Len(t, d.Items, 1)
	require.Len(t, d.Items[0].Customizations, 3)
	assert.Contains(t, d.Items[0].Customizations[0].Code, "COLOR FLD")
	assert.Contains(t, d.Items[0].Customizations[0].Message, "blue")
	assert.Contains(t, d.Items[0].Customizations[2].Message, "LastName")
	d.Items[0].Customizations = nil
	assert.Equal(t, want, d)
}

// A full domain order (what the simulator sends) survives mapping,
// encoding, decoding and mapping back; an absent ship_complete stays nil.
func TestFulfillmentsResponseDetailRoundTrip(t *testing.T) {
	freight := decimal.RequireFromString("4.5")
	no := false
	det := &broker.FulfillmentDetailOrder{
		TransactionNo: "T-9", RefTransactionNo: "PO-7", SourceCode: "WEB", SpecialInstructions: "leave at door",
		TransactionChannel: "C", ShipVia: "3", ShipComplete: &no, Gift: true, FreightAmount: &freight,
		Tax: decimal.RequireFromString("1.25"), Total: decimal.RequireFromString("45.75"),
		BalanceDue: decimal.RequireFromString("0"), Currency: "USD", OrderMessage: "call first",
		SoldTo: broker.SoldTo{CustomerNo: "42", Address: broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"},
			Address1: "1 Main St", City: "Boston", Province: "MA", Postal: "02101", Country: "US", Email: "ann@example.com"}},
		Store: broker.FulfillmentStoreLocation{Location: "10", System: "6", RequestLocation: "317", RequestSystem: "STORE"},
		Items: []broker.FulfillmentItem{
			{LineNo: 1, RequestingLine: 3, ItemID: broker.ItemID("SHIRT", "RED M"), Qty: 2, UnitPrice: decimal.RequireFromString("20"),
				Messages: []string{"one", "two"}, Customizations: []broker.Customization{{Code: "MONO", Message: "AL"}},
				CustomizationCharge: decimal.RequireFromString("1"),
				Taxes:               []broker.LineTax{{Description: "ST", LineItemNo: 1, Amount: decimal.RequireFromString("1.25")}},
				ShipTo: broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston",
					Province: "MA", Postal: "02101", Country: "US"}},
		},
		Tenders: []broker.FulfillmentTender{{Type: "VISA", Amount: decimal.RequireFromString("45.75")}},
	}
	fr := broker.FulfillmentsResponse{Header: broker.MessageHeader{DateTime: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Version: "18.0"},
		Orders: []broker.FulfillmentOrder{{RequestID: "556", OrderID: "S-1", TransactionTypeID: "RETAILPICKUP", Detail: det}}}
	data, err := FulfillmentsResponseFromBroker(fr).Encode()
	require.NoError(t, err)
	m, err := DecodeFulfillmentsResponseBytes(data, OBOptions{})
	require.NoError(t, err)
	got := m.Broker().Orders
	require.Len(t, got, 1)
	require.NotNil(t, got[0].Detail)
	back := *got[0].Detail
	canonDecimals(reflect.ValueOf(&back))
	want := *det
	canonDecimals(reflect.ValueOf(&want))
	assert.Equal(t, want, back)

	det.ShipComplete, det.FreightAmount = nil, nil
	m2 := FulfillmentsResponseFromBroker(fr)
	assert.Empty(t, m2.Orders[0].ShipComplete)
	assert.Nil(t, m2.Broker().Orders[0].Detail.ShipComplete)
	assert.Nil(t, m2.Broker().Orders[0].Detail.FreightAmount)
}

// The request samples map to the domain requests and the domain builders'
// messages map back to what they hold.
func TestRequestSamplesToBroker(t *testing.T) {
	t.Run("status_request: BRK-390 to BRK-394", func(t *testing.T) {
		m, err := DecodeStatusRequestBytes(obmapSample(t, "status_request.xml"), OBOptions{})
		require.NoError(t, err)
		got := m.Broker()
		assert.Equal(t, "StatusRequest", got.Header.MessageType)
		assert.Equal(t, m.Lookup.RequestID, got.RequestID)
		assert.NotEmpty(t, got.RequestID)
		assert.Equal(t, m.Lookup.StoreLocation.LocationCd, got.StoreLocation.Location)
	})
	t.Run("status_list_request: BRK-403, BRK-404, BRK-406", func(t *testing.T) {
		m, err := DecodeStatusListRequestBytes(obmapSample(t, "status_list_request.xml"), OBOptions{})
		require.NoError(t, err)
		got := m.Broker()
		assert.Equal(t, "SUMMARY", got.ResponseType)
		assert.Equal(t, "EQ", got.StatusCondition)
		assert.Equal(t, []string{"canceled"}, got.Statuses)
		assert.Len(t, got.RequestIDs, 4)
	})
	t.Run("status_update_cancel_request: BRK-409 item-level cancel", func(t *testing.T) {
		m, err := DecodeStatusUpdateBytes(obmapSample(t, "status_update_cancel_request.xml"), OBOptions{})
		require.NoError(t, err)
		got := m.Broker()
		assert.Equal(t, "12345", got.RequestID)
		assert.Equal(t, []broker.ItemUpdate{
			{LineNo: 1, Status: broker.OBCanceled, ReasonCode: "1", ReasonNote: "CUSTOMER REQUEST"},
			{LineNo: 2, Status: broker.OBCanceled, ReasonCode: "8", ReasonNote: "FOUND BETTER DEAL ELSEWHERE"},
		}, got.Items)
	})
	t.Run("fulfillments_request: BRK-416", func(t *testing.T) {
		m, err := DecodeFulfillmentsBytes(obmapSample(t, "fulfillments_request.xml"), OBOptions{})
		require.NoError(t, err)
		got := m.Broker()
		assert.Equal(t, broker.Location{Location: "1", System: "6"}, got.StoreLocation)
		assert.Equal(t, "6", got.System)
	})
}

// Requests built by the broker package survive mapping, encoding, decoding
// and mapping back.
func TestBrokerRequestsRoundTrip(t *testing.T) {
	s := sampleSettings()
	s.SplitOrder = true
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	key := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	rec := broker.Record{Key: key, LineSeq: 2, LineNo: 2, RequestID: "78390"}

	sr := broker.NewStatusRequest(rec, s, "", now)
	data, err := StatusRequestFromBroker(sr).Encode()
	require.NoError(t, err)
	m1, err := DecodeStatusRequestBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, sr, m1.Broker())

	lists := broker.NewStatusListRequests([]string{"1001", "1002"}, s, now)
	require.Len(t, lists, 1)
	data, err = StatusListRequestFromBroker(lists[0]).Encode()
	require.NoError(t, err)
	m2, err := DecodeStatusListRequestBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, lists[0], m2.Broker())

	cancel, err := broker.NewCancelUpdate([]broker.CancelRequest{{Key: key, LineSeq: 2, RequestID: "78390", ReasonCode: "1", ReasonText: "CUSTOMER REQUEST"}}, s, "", now)
	require.NoError(t, err)
	data, err = StatusUpdateFromBroker(cancel).Encode()
	require.NoError(t, err)
	m3, err := DecodeStatusUpdateBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, cancel, m3.Broker())

	s.SplitOrder = false
	ship := broker.NewStatusUpdate(broker.StatusChange{Key: key, RequestID: "78390", LineSeqs: []int{2}, Status: broker.OBIntransit,
		ShippingAgent: "12", TrackingNumber: "1Z999"}, s, now)
	data, err = StatusUpdateFromBroker(ship).Encode()
	require.NoError(t, err)
	m4, err := DecodeStatusUpdateBytes(data, OBOptions{})
	require.NoError(t, err)
	assert.Equal(t, ship, m4.Broker()) // order-level agent and tracking come back

	polls := broker.NewFulfillmentsRequests(s, nil, now)
	require.Len(t, polls, 1)
	data, err = FulfillmentsFromBroker(polls[0]).Encode()
	require.NoError(t, err)
	m5, err := DecodeFulfillmentsBytes(data, OBOptions{})
	require.NoError(t, err)
	got := m5.Broker()
	assert.Equal(t, polls[0].StoreLocation, got.StoreLocation)
	assert.Equal(t, polls[0].System, got.System)

	fr := broker.FulfillmentsResponse{Header: broker.MessageHeader{DateTime: now, Version: "18.0"},
		Orders: []broker.FulfillmentOrder{{RequestID: "555", OrderID: "77-001", TransactionTypeID: "DELIVERY"}}}
	data, err = FulfillmentsResponseFromBroker(fr).Encode()
	require.NoError(t, err)
	m6, err := DecodeFulfillmentsResponseBytes(data, OBOptions{})
	require.NoError(t, err)
	got6 := m6.Broker().Orders
	require.Len(t, got6, 1)
	assert.Equal(t, fr.Orders[0].RequestID, got6[0].RequestID)
	assert.Equal(t, fr.Orders[0].OrderID, got6[0].OrderID)
	assert.Equal(t, fr.Orders[0].TransactionTypeID, got6[0].TransactionTypeID)
}

// Nil messages map to zero values instead of panicking.
func TestBrokerMappingsOfNilMessages(t *testing.T) {
	assert.Equal(t, broker.SubmitOrderResponse{}, (*SubmitOrderResponse)(nil).Broker())
	assert.Equal(t, broker.StatusRequest{}, (*StatusRequest)(nil).Broker())
	assert.Equal(t, broker.StatusListRequest{}, (*StatusListRequest)(nil).Broker())
	sr, err := (*StatusRequestResponse)(nil).Broker()
	require.NoError(t, err)
	assert.Equal(t, broker.StatusResponse{}, sr)
	assert.Equal(t, broker.StatusListResponse{}, (*StatusListRequestResponse)(nil).Broker())
	assert.Equal(t, broker.StatusUpdate{}, (*StatusUpdate)(nil).Broker())
	assert.Equal(t, broker.StatusUpdateResponse{}, (*StatusUpdateResponse)(nil).Broker())
	assert.Equal(t, broker.FulfillmentsRequest{}, (*Fulfillments)(nil).Broker())
	assert.Equal(t, broker.FulfillmentsResponse{}, (*FulfillmentsResponse)(nil).Broker())
}
