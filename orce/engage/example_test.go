package engage_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/orce/engage"
)

// FromOrder maps an accepted order to an engagement order; returned units
// become a return line of their own, so the order turns "mixed".
func ExampleFromOrder() {
	o, err := engage.FromOrder(engage.SourceOrder{
		Number: "O-1", Contact: "C-1", Status: "returned", Currency: "SEK",
		Placed: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC),
		Lines: []engage.SourceLine{
			{Seq: 1, Item: "shirt", Ordered: 2, Price: decimal.RequireFromString("199.00")},
			{Seq: 2, Item: "shoe", Ordered: 1, Returned: 1, Price: decimal.RequireFromString("899.00")},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := o.Totals()
	fmt.Println(o.Kind(), len(o.PurchaseLines()), len(o.ReturnLines()), t.Purchases, t.Returns, t.Total)

	_, err = engage.FromOrder(engage.SourceOrder{Number: "O-2", Contact: "C-1", Status: "placed", Currency: "SEK",
		Lines: []engage.SourceLine{{Seq: 1, Ordered: 1, Price: decimal.NewFromInt(5)}}})
	var ve *engage.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Fields[0])
	// Output:
	// mixed 2 1 1297 -899 398
	// true lines[0].article="": required
}
