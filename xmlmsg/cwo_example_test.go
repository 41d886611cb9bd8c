package xmlmsg_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/omskit/omskit/xmlmsg"
)

func ExampleDecodeCWOrderIn() {
	msg := []byte(`<Message source="IDC" target="RDC" type="CWORDERIN">
  <Header company_code="555" order_number="web-100231" order_date="123456" response_type="A"
          sold_to_lname="Lindqvist" sold_to_email="Maria@Example.COM">
    <ShipTos><ShipTo ship_to_type="1"><Items>
      <Item item_id="sku1" quantity="2" actual_price="2495"/>
    </Items></ShipTo></ShipTos>
  </Header>
</Message>`)
	opts := xmlmsg.CWOOptions{
		Version: xmlmsg.CWOVersionCWDirect18, // implied decimals: 2495 is 24.95
		Now:     func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) },
	}
	m, err := xmlmsg.DecodeCWOrderIn(msg, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := m.Header
	it := h.ShipTos[0].Items[0]
	fmt.Println(h.OrderNumber, h.SoldToLname, h.SoldToEmail)
	fmt.Println(it.ItemID, it.Quantity, it.ActualPrice.Decimal.StringFixed(2))
	fmt.Println(h.OrderDate.Format("2006-01-02"), m.DateFallbacks[0].Path, m.DateFallbacks[0].Value)
	// Output:
	// WEB-100231 LINDQVIST maria@example.com
	// SKU1 2 24.95
	// 2026-11-25 Header/@order_date 123456
}

func ExampleDecodeCWOrderIn_invalid() {
	msg := []byte(`<Message type="CWORDERIN"><Header order_number="1" company_code="5A5"><Payments>` +
		`<Payment cc_number="4111111111111111" cc_exp_month="Sept"/></Payments></Header></Message>`)
	_, err := xmlmsg.DecodeCWOrderIn(msg, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	var ve *xmlmsg.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Println(fe.Path, fe.Value, fe.Rule)
		}
	}
	fmt.Println(errors.Is(err, xmlmsg.ErrInvalid))
	fmt.Print(string(xmlmsg.CWOInvalidXMLMessage(msg, err)))
	// Output:
	// Header/@company_code 5A5 numeric
	// Header/Payments/Payment[1]/@cc_exp_month Sept numeric
	// true
	// Invalid XML Message:
	// <Message type="CWORDERIN"><Header order_number="1" company_code="5A5"><Payments><Payment cc_number="************1111" cc_exp_month="Sept"/></Payments></Header></Message>
	// Errors:
	// Header/@company_code: value "5A5" breaks numeric (digits only)
	// Header/Payments/Payment[1]/@cc_exp_month: value "Sept" breaks numeric (digits only)
}

func ExampleEncodeCWOrderOut() {
	out := &xmlmsg.CWOrderOut{
		Kind: xmlmsg.CWOResponseAck,
		Header: xmlmsg.CWOOutHeader{
			CompanyCode: 555, OrderID: 6431, ReferenceOrderNumber: "WEB-100231", CustomerNumber: 40112,
			OrderDate: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
		},
	}
	reply, err := xmlmsg.EncodeCWOrderOut(out, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(reply.Body))

	out.Kind = xmlmsg.CWOResponseNone
	reply, _ = xmlmsg.EncodeCWOrderOut(out, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	fmt.Println(reply.Sent())
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Message source="RDC" target="IDC" type="CWORDEROUT">
	//   <Header company_code="555" order_id="6431" reference_order_number="WEB-100231" customer_number="40112" order_date="11242026"/>
	// </Message>
	// false
}
