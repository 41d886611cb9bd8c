package order_test

import (
	"context"
	"fmt"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// The customer rules behind the intake: the selector names the step that
// chose the customer, so a host can log why.
func ExampleCustomerSelector() {
	customers := memory.NewCustomerStore(customer.DefaultMatchRules)
	_ = customers.PutSoldTo(customer.SoldTo{Number: 500, AltCustNo: "WEB-1",
		Name: customer.Name{Last: "SMITH"}, Address: customer.Address{Line1: "1 MAIN ST"}})
	sel := order.CustomerSelector{Store: customers, SelectOnly: true}

	res, err := sel.SelectSoldTo(context.Background(), order.SoldToRequest{
		SoldTo: order.SoldTo{AlternateID: "WEB-1", LastName: "SMITH", Address1: "1 MAIN ST"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.CustomerNumber, res.Step, res.Created)

	res, _ = sel.SelectSoldTo(context.Background(), order.SoldToRequest{
		SoldTo: order.SoldTo{LastName: "JONES", Address1: "2 ELM ST"}})
	fmt.Printf("%q %s %v\n", res.CustomerNumber, res.Step, res.Created)
	// Output:
	// 500 2a false
	// "" 7 true
}
