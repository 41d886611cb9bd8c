package broker_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
)

// A received order (F3) as the order intake sees it: the padded item ID is
// split into item and SKU, freight is calculated when OB sent none, and
// the K98 pay type pays the balance.
func ExampleReceivedIntakeOrder() {
	o := broker.ReceivedIntakeOrder(broker.ReceivedOrder{
		Company: 6, RequestID: "5001", OrderType: "D", Channel: "C", CustomerNo: "13827",
		ShipTo:  broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston", Postal: "02110", Country: "US"},
		Lines:   []broker.ReceivedLine{{Seq: 1, ItemID: broker.ItemID("SHIRT", "RED M"), Qty: 2, UnitPrice: decimal.RequireFromString("9.95")}},
		Payment: broker.ReceivedPayment{PayType: "27", CardNumber: "ORDER BROKER"},
	})
	l := o.ShipTos[0].Lines[0]
	fmt.Println(o.OrderNumber, o.CompanyCode, o.OrderType, o.SoldTo.CustomerNumber)
	fmt.Printf("%s / %s x%d at %s\n", l.ItemID, l.SKU, l.Quantity, l.Price)
	fmt.Println("calculate freight:", o.ShipTos[0].CalcFreight)
	fmt.Printf("pay type %s, amount %s (the balance)\n", o.Payments[0].PayType, o.Payments[0].Amount)
	// Output:
	// OB5001 6 D 13827
	// SHIRT / RED M x2 at 9.95
	// calculate freight: true
	// pay type 27, amount 0 (the balance)
}
