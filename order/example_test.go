package order_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// A web order with an unknown item: the order is written in error status in
// the G41 batch, and the E response (with I56 = Y, ORD-059) lists the error.
// Sending the same message again replays the result.
func ExampleIntake() {
	store := memory.NewOrderStore()
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "SHIRT"})
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	deps := order.Deps{Store: store, Items: catalog, PayTypes: catalog,
		Settings: order.Settings{ErrorBatch: "41", PerformEditInteractively: true}}

	msg := order.Order{
		OrderNumber: "WEB-1001", ResponseType: order.ResponseDetailedWithErrors, PayIncluded: true,
		ShipTos: []order.ShipTo{{Type: "1", Lines: []order.Line{
			{Seq: 1, ItemID: "SHIRT", Quantity: 2, Price: decimal.RequireFromString("10.00")},
			{Seq: 2, ItemID: "HAT", Quantity: 1, Price: decimal.RequireFromString("5.00")},
		}}},
		Payments: []order.Payment{{Seq: 1, PayType: "CK"}},
	}
	res, err := order.Intake(context.Background(), deps, order.Input{Order: msg})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", res.Order.Status, "route:", res.Order.Route.Kind, res.Order.Route.Batch)
	fmt.Println("total:", res.Order.Totals.Order.StringFixed(2), "final:", res.Response.TotalsFinal)
	for _, e := range res.Response.Errors {
		fmt.Println("error:", e.Path, e.Reason, e.Rule)
	}
	again, _ := order.Intake(context.Background(), deps, order.Input{Order: msg})
	fmt.Println("replayed:", again.Replayed, "same order:", again.Order.ID == res.Order.ID)
	msg.ShipTos[0].Lines[1].ItemID = "CAP"
	_, err = order.Intake(context.Background(), deps, order.Input{Order: msg})
	fmt.Println("changed payload is a duplicate:", errors.Is(err, order.ErrDuplicateOrder))
	// Output:
	// status: E route: error batch 41
	// total: 25.00 final: true
	// error: ShipTo[1]/Item[2] Base item does not exist ORD-080
	// replayed: true same order: true
	// changed payload is a duplicate: true
}

// The online authorization decision reports the ORD-053 row it took.
func ExampleDecideOnlineAuth() {
	d := order.DecideOnlineAuth(order.OnlineAuthInput{
		Eligible:      true,
		Amount:        decimal.RequireFromString("10.00"),
		AutoThreshold: decimal.NewNullDecimal(decimal.RequireFromString("25.00")),
		AutoNumber:    "AUTO25",
	})
	fmt.Println(d.Row, d.Action, d.AuthNumber)
	// Output: 2 assign AUTO25
}

// The sales rep decision table (ORD-082): a name that matches no rep creates
// a new rep with the next number.
func ExampleResolveRep() {
	reps := memory.NewOrderStore()
	reps.AddRep(order.Rep{Number: 10, Name: "ANN"})
	reps.AddRep(order.Rep{Number: 20, Name: "BOB"})
	r, _ := order.ResolveRep(context.Background(), reps, "", "CAROL", "", false)
	fmt.Println(r.Rep.Number, r.Rep.Name, r.Create, "-", r.Outcome)
	// Output: 21 CAROL true - new rep created from sales_rep_name
}

// The order email hierarchy (ORD-084).
func ExampleOrderEmail() {
	email, src := order.OrderEmail(order.EmailInput{IndividualEmail: "I@X.COM", SoldToEmail: "s@x.com"})
	fmt.Println(email, "from", src)
	// Output: s@x.com from sold-to
}
