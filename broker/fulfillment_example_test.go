package broker_test

import (
	"context"
	"fmt"

	"github.com/omskit/omskit/broker"
	"github.com/shopspring/decimal"
)

// A FulfillmentsResponse order OB assigned back to OMS for a brokered
// backorder of order 9999-001 (OMS-originated: request_system_cd = K50).
func ExampleReceiveFulfillment() {
	s := broker.Settings{System: "6", DeliveryOrderTypeFromOMS: "M33"}
	s.Flows = broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", PaymentType: "27", SourceCode: "OB"}
	ship := broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston", Postal: "02110", Country: "US"}
	fo := broker.FulfillmentOrder{RequestID: "123456", OrderID: "9999-001", TransactionTypeID: "DELIVERY",
		Detail: &broker.FulfillmentDetailOrder{
			SoldTo: broker.SoldTo{Address: ship},
			Store:  broker.FulfillmentStoreLocation{Location: "10", System: "6", RequestLocation: "10", RequestSystem: "6"},
			Items:  []broker.FulfillmentItem{{ItemID: "SKU1", Qty: 2, UnitPrice: decimal.RequireFromString("24.489999771118164"), ShipTo: ship}},
		}}
	d, err := broker.ReceiveFulfillment(context.Background(), broker.FulfillmentDeps{}, s, broker.FulfillmentSource{Company: 6, Warehouse: 1}, fo)
	if err != nil {
		fmt.Println(err)
		return
	}
	update, _ := d.Update(s)
	fmt.Println(d.Outcome, "->", update)
	fmt.Println(d.Order.OrderType, d.Order.ECommerceOrderNumber, d.Order.SourceCode)
	fmt.Println(d.Order.Payment.PayType, d.Order.Payment.Amount.StringFixed(2))
	for _, m := range d.Order.Messages {
		fmt.Println(m.Text)
	}
	// The F3 table creates the record.
	res, _ := broker.Engine{Settings: s}.Apply(&broker.ReceivedFromBroker, broker.Record{Key: broker.OrderKey{Company: 6, Order: 12000, ShipTo: 1}, LineNo: 1}, broker.ReceivedOrderEvent(d))
	fmt.Println(res.Row, res.Record.Status, res.Record.RequestID)
	// Output:
	// accepted -> accepted
	// M33 ORIG#: 9999-001 OB
	// 27 48.98
	// Originating Store: 10
	// OROB Request ID: 123456
	// F3.01 I (In Process) 123456
}

// Ship-for-pickup at pick slip generation (F2): the record is created at
// submission and moves with OB's answer and the shipment.
func ExampleShipForPickup() {
	s := broker.Settings{}
	s.Flows = broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R"}
	eng := broker.Engine{Settings: s}
	rec := broker.Record{Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, LineNo: 1, WarehouseLocation: "10", PickupLocation: "317"}
	for _, ev := range []broker.Event{
		{Kind: broker.EventPickSlipPrinted},
		{Kind: broker.EventSubmitAcknowledged, RequestID: "5001"},
		{Kind: broker.EventShipmentConfirmed},
		{Kind: broker.EventReceived},
	} {
		res, err := eng.Apply(&broker.ShipForPickup, rec, ev)
		if err != nil {
			fmt.Println(err)
			return
		}
		rec = res.Record
		fmt.Printf("%s %s shown %s at %s\n", res.Row, rec.Status, broker.DisplayStatus(rec, s), rec.FulfillingLocation)
	}
	// Output:
	// F2.01 I (In Process) shown I (In Process) at 10
	// F2.05 F (Picking) shown F (Picking) at 10
	// F2.06 T (In Transit) shown X (Completed) at 10
	// F2.10 S (Received by Store) shown X (Completed) at 317
}
