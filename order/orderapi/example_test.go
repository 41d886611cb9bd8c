package orderapi_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/xmlmsg"
)

// One CWORDERIN in, its answer and what happened out: the same bytes again
// are a replay with the same answer; a message that is not XML gets the
// "Invalid XML Message:" reply.
func ExampleProcessor_Process() {
	p := &orderapi.Processor{Deps: intaketest.New().Deps, Options: xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}}
	ctx := context.Background()
	msg := []byte(`<Message source="IDC" target="RDC" type="CWORDERIN" resp_q="ORDERS.OUT">
  <Header order_number="web-1" order_date="11242026" response_type="A" company_code="555" order_channel="I"
          sold_to_fname="Ann" sold_to_lname="Smith" sold_to_address1="1 Main St" sold_to_zip="02110">
    <Payments><Payment payment_seq_number="1" payment_type="CK"/></Payments>
    <ShipTos><ShipTo ship_to_type="1"><Items><Item item_id="SKU00001" quantity="1" actual_price="10.00"/></Items></ShipTo></ShipTos>
  </Header>
</Message>`)
	for range 2 {
		o := p.Process(ctx, msg)
		fmt.Println(o.Kind, o.OrderNumber, "order_id", o.OrderID, "replayed", o.Replayed, "answer to", o.RespQ)
	}
	o := p.Process(ctx, []byte(`<Message type="CWORDERIN">`))
	fmt.Println(o.Kind, strings.SplitN(string(o.Answer), "\n", 2)[0])
	// Output:
	// taken WEB-1 order_id 1 replayed false answer to ORDERS.OUT
	// taken WEB-1 order_id 1 replayed true answer to ORDERS.OUT
	// refused Invalid XML Message:
}
