package engagetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
)

// A feed against the simulator: the order and its receipt are sent once;
// registering the receipt again is refused before anything is sent.
func Example() {
	sim := engagetest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	ctx := context.Background()
	feed := engage.NewFeed(engagehttp.New(srv.URL, nil, ""), engage.NewMemoryStore(), engage.Config{})

	o, _ := engage.FromOrder(engage.SourceOrder{Number: "O-1", Contact: "C-1", Status: "placed", Currency: "EUR",
		Lines: []engage.SourceLine{{Seq: 1, Item: "mug", Ordered: 1, Price: decimal.NewFromInt(12)}}})
	r, _ := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "1", Currency: "EUR",
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "mug", Quantity: 1, Price: decimal.NewFromInt(12)}}})
	_, _ = feed.SubmitOrder(ctx, o, "rev-1")
	_, _ = feed.RegisterReceipt(ctx, r)
	rep, err := feed.Flush(ctx)
	fmt.Println(rep.Sent, len(rep.Done), err)

	_, err = feed.RegisterReceipt(ctx, r)
	fmt.Println(errors.Is(err, engage.ErrDuplicateReceipt), sim.Requests(engagetest.OpReceipt))
	// Output:
	// [order/O-1/rev-1] 1 <nil>
	// true 1
}
