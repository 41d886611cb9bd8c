package xmlmsg_test

import (
	"context"
	"fmt"
	"time"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/xmlmsg"
)

// A CWORDERIN message in, the order written, the CWORDEROUT it asked for out.
func ExampleProcessCWOrderIn() {
	orders := memory.NewOrderStore()
	orders.SetLastOrderNumber(6430)
	items := memory.NewOrderCatalog()
	items.AddItem(order.Item{Number: "SKU00001"})
	items.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	deps := order.Deps{
		Settings: order.Settings{ErrorBatch: "41", PerformEditInteractively: true},
		Store:    orders, Items: items, PayTypes: items, OrderNumbers: orders,
		SoldTo: order.CustomerSelector{Store: memory.NewCustomerStore(customer.DefaultMatchRules)},
		Clock:  func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) },
	}
	msg := []byte(`<Message source="IDC" target="RDC" type="CWORDERIN">
  <Header order_number="web-1" order_date="11242026" response_type="A" company_code="555" order_channel="I"
          sold_to_fname="Ann" sold_to_lname="Smith" sold_to_address1="1 Main St" sold_to_zip="02110">
    <Payments><Payment payment_seq_number="1" payment_type="CK"/></Payments>
    <ShipTos><ShipTo ship_to_type="1"><Items><Item item_id="SKU00001" quantity="1" actual_price="10.00"/></Items></ShipTo></ShipTos>
  </Header>
</Message>`)
	opts := xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}
	x, err := xmlmsg.ProcessCWOrderIn(context.Background(), deps, msg, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status", x.Result.Order.Status, "customer step", x.Result.SoldTo.Step)
	fmt.Print(string(x.Reply.Body))

	// The same bytes again: the original response, nothing written.
	again, _ := xmlmsg.ProcessCWOrderIn(context.Background(), deps, msg, opts)
	fmt.Println("replayed", again.Result.Replayed, "same reply", string(again.Reply.Body) == string(x.Reply.Body))
	// Output:
	// status O customer step 7
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Message source="RDC" target="IDC" type="CWORDEROUT">
	//   <Header company_code="555" order_id="6431" reference_order_number="WEB-1" customer_number="1" order_date="11242026" order_channel="I"/>
	// </Message>
	// replayed true same reply true
}
