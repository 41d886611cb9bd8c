package orderhttp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/order/orderhttp"
	"github.com/omskit/omskit/xmlmsg"
)

// The order API over HTTP: POST a CWORDERIN, get its CWORDEROUT; the same
// message again gets the same answer, marked as a replay.
func ExampleHandler() {
	p := &orderapi.Processor{Deps: intaketest.New().Deps, Options: xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}}
	h := orderhttp.New(p, orderhttp.Options{MaxInFlight: 8})
	msg := string(intaketest.Order("web-1", ""))
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/cworderin", strings.NewReader(msg)))
		fmt.Println(rec.Code, "replayed:", rec.Header().Get(orderhttp.HeaderReplayed))
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
