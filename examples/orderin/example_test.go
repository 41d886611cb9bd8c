package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/omskit/omskit/examples/internal/intakesetup"
	"github.com/omskit/omskit/xmlmsg"
)

// A CWORDERIN posted to /cworderin is answered with the CWORDEROUT it asks
// for; the same message posted again gets the same answer, marked as a
// replay, and writes nothing.
func Example_postCWOrderIn() {
	ctx := context.Background()
	svc, err := open(ctx, config{Config: intakesetup.Config{DBPath: ":memory:", Version: xmlmsg.CWOVersionOMS5, MaxBytes: 1 << 20}},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer svc.Close()
	h := svc.routes()
	msg := `<Message source="IDC" target="RDC" type="CWORDERIN">
  <Header order_number="web-1" order_date="11242026" response_type="A" company_code="555" order_channel="I"
          sold_to_fname="Ann" sold_to_lname="Smith" sold_to_address1="1 Main St" sold_to_zip="02110">
    <Payments><Payment payment_seq_number="1" payment_type="CK"/></Payments>
    <ShipTos><ShipTo ship_to_type="1"><Items><Item item_id="SKU00001" quantity="1" actual_price="10.00"/></Items></ShipTo></ShipTos>
  </Header>
</Message>`
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/cworderin", strings.NewReader(msg)))
		fmt.Println(rec.Code, "replayed:", rec.Header().Get("X-Omskit-Replayed"))
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 200 replayed: false
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Message source="RDC" target="IDC" type="CWORDEROUT">
	//   <Header company_code="555" order_id="1" reference_order_number="WEB-1" customer_number="1" order_date="11242026" order_channel="I"/>
	// </Message>
	// 200 replayed: true
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Message source="RDC" target="IDC" type="CWORDEROUT">
	//   <Header company_code="555" order_id="1" reference_order_number="WEB-1" customer_number="1" order_date="11242026" order_channel="I"/>
	// </Message>
}

// A message that is not XML is answered 400 with the order API's
// "Invalid XML Message:" reply: the message echoed, card numbers masked to
// their last four digits, and the errors (message-formats.md §1.5).
func Example_invalidMessage() {
	ctx := context.Background()
	svc, err := open(ctx, config{Config: intakesetup.Config{DBPath: ":memory:", Version: xmlmsg.CWOVersionOMS5, MaxBytes: 1 << 20}},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer svc.Close()
	rec := httptest.NewRecorder()
	body := `<Message type="CWORDERIN"><Payment cc_number="4111111111111111">`
	svc.routes().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/cworderin", strings.NewReader(body)))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 400 text/plain; charset=utf-8
	// Invalid XML Message:
	// <Message type="CWORDERIN"><Payment cc_number="************1111">
	// Errors:
	// xmlmsg: not well-formed XML: CWORDERIN: line 1, column 65: unexpected EOF
}
