package memory_test

import (
	"context"
	"fmt"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/storage/memory"
)

// A CustomerStore is what the customer rules read and write; the same F70
// rules must be used for the store's index and the selection settings.
func ExampleCustomerStore() {
	settings := customer.Settings{PhoneSearch: true, Match: customer.DefaultMatchRules}
	store := memory.NewCustomerStore(settings.MatchRules())
	_ = store.PutSoldTo(customer.SoldTo{Number: 240, Name: customer.Name{First: "MARY", Last: "JONES"},
		Address: customer.Address{Line1: "5 ELM ST", Zip: "01720"}})

	req := customer.Request{Name: customer.Name{First: "Mary", Last: "Jones"},
		Address: customer.Address{Line1: "5 Elm St.", Zip: "01720"}, Class: "vip"}
	res, err := customer.Resolve(context.Background(), store, req, settings)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.SoldTo.Number, res.Selection.Step, res.SoldTo.Class)

	res, err = customer.Resolve(context.Background(), store, customer.Request{
		Name: customer.Name{Last: "Lee"}, Address: customer.Address{Line1: "9 Pine Rd"}}, settings)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.SoldTo.Number, res.Selection.Step, res.Created)
	// Output:
	// 240 6a one customer matches name and address VIP
	// 241 7 created true
}
