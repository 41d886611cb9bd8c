package brokertest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/storage/memory"
)

// A host test drives its BROKER run against the simulator: the Ready
// record is submitted and acknowledged, then the test moves the order on
// in Order Broker and the next run sees it.
func Example() {
	sim := brokertest.New(brokertest.Config{})
	// In a test: _, transport := brokertest.NewServer(t, sim)
	srv := httptest.NewServer(sim)
	defer srv.Close()
	transport := brokerhttp.New(srv.URL)

	clock := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	store := memory.NewBrokerStore()
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Postal: "01602", Country: "US"}
	key := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	store.PutOrder(broker.Order{Key: key, SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr,
		Lines: []broker.OrderLine{{Seq: 4, Number: 4, Ordered: 1, Backordered: 1, Item: broker.Item{Code: "PENCIL"}}}})
	id := uuid.New()
	_ = store.Put(context.Background(), broker.Record{ID: id, Flow: "F1", Key: key, LineSeq: 4, LineNo: 4, Status: broker.StatusReady})

	run := &broker.Runner{Transport: transport, Store: store, Orders: store, Engine: broker.Engine{
		Settings: broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
			UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0", LocalCurrency: "USD"},
		Now: func() time.Time { return clock }}}

	_, _ = run.Run(context.Background())
	rec, _ := store.Record(context.Background(), id)
	fmt.Println(rec.Status, rec.RequestID, rec.FulfillingLocation)

	_ = sim.Advance(rec.RequestID, broker.OBAccepted)
	clock = clock.Add(31 * time.Minute) // K10 minutes later
	_, _ = run.Run(context.Background())
	rec, _ = store.Record(context.Background(), id)
	fmt.Println(rec.Status, sim.SubmitCount("8953-001", 4))
	// Output:
	// K (Acknowledged) 1001 317
	// A (Accepted) 1
}
