package brokerengage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerengage"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// An order taken in through a FeedingStore is fed as it is written; its
// brokered line, fulfilled through a BillingStore, becomes one receipt of
// it in the same outbox.
func Example() {
	ctx := context.Background()
	outbox := engage.NewMemoryStore()
	feed := engage.NewFeed(nil, outbox, engage.Config{}) // Flush would send to the platform
	opts := engage.OrderOptions{Currency: "SEK"}
	orders := memory.NewOrderStore()
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "TOTE"})
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	deps := order.Deps{Store: &engage.FeedingStore{Store: orders, Feed: feed, Options: opts}, Items: catalog, PayTypes: catalog, OrderNumbers: orders}
	res, _ := order.Intake(ctx, deps, order.Input{Order: order.Order{OrderNumber: "WEB-1", PayIncluded: true,
		SoldTo:   order.SoldTo{CustomerNumber: "240", LastName: "LIND"},
		ShipTos:  []order.ShipTo{{Type: "1", Lines: []order.Line{{Seq: 1, ItemID: "TOTE", Quantity: 2, Price: decimal.NewFromInt(129)}}}},
		Payments: []order.Payment{{Seq: 1, PayType: "CK"}}}})

	records := memory.NewBrokerStore()
	billing := &broker.BillingStore{Store: records, Sink: &brokerengage.Receipts{Feed: feed, Orders: orders, Options: opts}}
	rec := broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 1, Order: res.Order.Number, ShipTo: 1},
		LineSeq: 1, LineNo: 1, Status: broker.StatusAccepted, RequestID: "77"}
	_ = records.Put(ctx, rec)
	_ = billing.Update(ctx, rec.ID, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		r, err := broker.Engine{}.Apply(&broker.BrokeredBackorder, cur, broker.Event{Kind: broker.EventFulfilled, At: time.Now()})
		return r.Record, r.Effects, err
	})

	entries, _ := outbox.List(ctx, engage.Filter{States: []engage.EntryState{engage.StatePending}})
	for _, e := range entries {
		fmt.Println(e.Kind, e.Order)
	}
	// Output:
	// order 1
	// receipt 1
}
