package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/sqlstore"
)

// An embedded SQLite database holding customers: selection creates the new
// customer once; the second order for the same person finds it by name and
// address.
func Example() {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	customers, err := db.CustomerStore(ctx, customer.DefaultMatchRules)
	if err != nil {
		fmt.Println(err)
		return
	}
	req := customer.Request{
		Name:    customer.Name{First: "Ada", Last: "Lovelace"},
		Address: customer.Address{Line1: "9 Pine Rd", Zip: "01810"},
	}
	for range 2 {
		res, err := customer.Resolve(ctx, customers, req, customer.Settings{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("customer %s, step %s, created %t\n", res.SoldTo.Number, string(res.Selection.Step), res.Created)
	}
	// Output:
	// customer 1, step 7, created true
	// customer 1, step 6a, created false
}

// The same order committed twice: the second commit writes nothing and
// replays the first result (ORD-010).
func ExampleOrderStore_Commit() {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	orders := db.OrderStore()
	w := order.Write{
		Key:         "order:1001",
		PayloadHash: sha256.Sum256([]byte("<CWORDERIN …/>")),
		Order:       order.Order{ID: uuid.New(), OrderNumber: "1001", Status: order.StatusOpen},
	}
	for range 2 {
		c, err := orders.Commit(ctx, w)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("replayed:", c.Replayed)
	}
	w.PayloadHash = sha256.Sum256([]byte("another payload"))
	_, err = orders.Commit(ctx, w)
	fmt.Println(err)
	// Output:
	// replayed: false
	// replayed: true
	// order:1001: committed before with a different payload: order: duplicate order number
}

// Two workers of the BROKER run lease disjoint records; a completed record
// is not leased again until it is due.
func ExampleBrokerStore_Lease() {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	q := db.BrokerStore(func() time.Time { return now })
	for line := 1; line <= 3; line++ {
		r := broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, LineSeq: line, LineNo: line, Status: broker.StatusReady}
		if err := q.Put(ctx, now, r); err != nil {
			fmt.Println(err)
			return
		}
	}
	a, _ := q.Lease(ctx, "worker-a", 2, time.Minute, broker.StatusReady)
	b, _ := q.Lease(ctx, "worker-b", 2, time.Minute, broker.StatusReady)
	fmt.Println("worker-a leased", len(a), "worker-b leased", len(b))
	err = q.Complete(ctx, "worker-b", sqlstore.Done{ID: b[0].ID, Next: now.Add(time.Hour),
		Fn: func(r broker.Record) (broker.Record, []broker.SideEffect, error) {
			r.Status = broker.StatusWaiting
			return r, nil, nil
		}})
	fmt.Println("completed:", err == nil)
	c, _ := q.Lease(ctx, "worker-c", 10, time.Minute, broker.StatusReady, broker.StatusWaiting)
	fmt.Println("worker-c leased", len(c))
	// Output:
	// worker-a leased 2 worker-b leased 1
	// completed: true
	// worker-c leased 0
}
