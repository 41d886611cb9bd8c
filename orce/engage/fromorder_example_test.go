package engage_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
	"github.com/omskit/omskit/order"
)

// An order the intake accepted is fed once: feeding the same (replayed)
// result again records nothing, and an order in error is not fed.
func ExampleSubmitIntake() {
	sim := engagetest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	ctx := context.Background()
	feed := engage.NewFeed(engagehttp.New(srv.URL, nil, ""), engage.NewMemoryStore(), engage.Config{})

	o := order.Order{ID: uuid.MustParse("7d0e8f4a-1b2c-4d3e-8f90-a1b2c3d4e5f6"), Number: 1001, Currency: "EUR",
		Status: order.StatusOpen, CustomerNbr: "240",
		ShipTos: []order.ShipTo{{Lines: []order.Line{{Seq: 1, ItemID: "MUG", Quantity: 1, Price: decimal.NewFromInt(12)}}}},
		Totals:  order.Totals{Merchandise: decimal.NewFromInt(12), Order: decimal.NewFromInt(12)}}
	res := order.Result{Order: o}
	sub, _ := engage.SubmitIntake(ctx, feed, res, engage.OrderOptions{})
	fmt.Println(sub.Submitted[0].Key)
	_, _ = engage.SubmitIntake(ctx, feed, order.Result{Order: o, Replayed: true}, engage.OrderOptions{})
	rep, err := feed.Flush(ctx)
	fmt.Println(len(rep.Sent), err, sim.Requests(engagetest.OpPutOrder))

	o.Status = order.StatusError
	sub, _ = engage.SubmitIntake(ctx, feed, order.Result{Order: o}, engage.OrderOptions{})
	fmt.Println(len(sub.Submitted), errors.Is(sub.Skipped[0], engage.ErrNotAccepted))
	// Output:
	// order/1001/intake-7d0e8f4a-1b2c-4d3e-8f90-a1b2c3d4e5f6
	// 1 <nil> 1
	// 0 true
}
