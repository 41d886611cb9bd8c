package broker_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

func ExampleCheckLine() {
	s := broker.Settings{SendBackorders: true} // K08 selected
	o := broker.Order{
		Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, Status: broker.OrderHeld, Gift: true,
		PaidInFull: true, Authorized: true,
		Lines: []broker.OrderLine{{Seq: 2, Number: 2, Status: broker.LineOpen, Ordered: 1, Backordered: 1, GiftWrap: true,
			Item: broker.Item{Code: "PENCIL", OROBEligible: true}}},
	}
	e := broker.CheckLine(o, o.Lines[0], s, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	fmt.Println("eligible:", e.Eligible)
	for _, r := range e.Reasons {
		fmt.Println(r)
	}
	// Output:
	// eligible: false
	// BRK-029: company 6 order 8953-001 line 2: line is gift wrapped
	// BRK-039: company 6 order 8953-001 line 2: order is a gift order and K14 is not selected
	// BRK-034: company 6 order 8953-001 line 2: order is held and M18 is not selected
}

func ExampleEngine_Apply() {
	eng := broker.Engine{Settings: broker.Settings{UnfulfillableLocation: "999"}}
	rec := broker.Record{ID: uuid.Nil, Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, LineSeq: 2, LineNo: 2,
		Status: broker.StatusWaiting}
	res, _ := eng.Apply(&broker.BrokeredBackorder, rec, broker.Event{Kind: broker.EventAckOneLocation,
		Source: broker.SourceSubmitResponse, RequestID: "12345", FulfillingLocation: "317"})
	fmt.Println(res.Row, res.Record.Status, res.Record.FulfillingLocation)
	for _, e := range res.Effects {
		switch v := e.(type) {
		case broker.History:
			fmt.Println("history:", v.Type)
		case broker.TransactionMessage:
			fmt.Println("message:", v.Text)
		}
	}
	// A forbidden move is a typed error and changes nothing.
	_, err := eng.Apply(&broker.BrokeredBackorder, res.Record, broker.Event{Kind: broker.EventSubmitSent})
	fmt.Println(err)
	// Output:
	// F1.04 K (Acknowledged) 317
	// history: B - Receive Order Response
	// message: Ln#: 2 Acknowledged by Broker
	// broker: flow F1: company 6 order 8953-001 line 2 in status K (Acknowledged): event "submit order sent": the flow does not allow this move (backwards or undescribed)
}

func ExampleGroupBilling() {
	k := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	heads := broker.GroupBilling([]broker.BillingRequest{
		{Key: k, LineNo: 1, PreviousStatus: broker.StatusAccepted, Response: "r1"},
		{Key: k, LineNo: 2, PreviousStatus: broker.StatusAccepted, Response: "r1"},
		{Key: k, LineNo: 3, PreviousStatus: broker.StatusAcknowledged, Response: "r1"},
	})
	for _, h := range heads {
		fmt.Printf("invoice from %v: %d line(s)\n", h.PreviousStatus, len(h.Lines))
	}
	// Output:
	// invoice from A (Accepted): 2 line(s)
	// invoice from K (Acknowledged): 1 line(s)
}

// A ship-for-pickup pick slip (F2): the host creates the record (F2.01)
// and tells the shipment (Runner.Apply); the BROKER run does the rest — the
// SubmitOrder, the answer, the picked and intransit updates — through its
// Transport, here a stand-in Order Broker that acknowledges everything.
func ExampleRunner_Apply() {
	ctx := context.Background()
	store := memory.NewBrokerStore()
	key := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "1 MAIN ST", City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US"}
	store.PutOrder(broker.Order{Key: key, Status: broker.OrderOpen, PaidInFull: true, Authorized: true, ShipForPickup: true, PickupStore: "317",
		SoldTo: broker.Customer{Number: 1, Address: addr}, ShipTo: addr,
		Lines: []broker.OrderLine{{Seq: 1, Number: 1, Status: broker.LineOpen, Ordered: 1, UnitPrice: decimal.NewFromInt(5),
			Item: broker.Item{Code: "PENCIL", OROBEligible: true}}}})
	eng := broker.Engine{Settings: broker.Settings{Account: "LOCATE", System: "6", MessageVersion: "18.0",
		Flows: broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R"}}} // K91, K92: intransit is sent
	res, _ := eng.Apply(&broker.ShipForPickup, broker.Record{ID: uuid.New(), Flow: broker.ShipForPickup.Name, Key: key, LineSeq: 1, LineNo: 1},
		broker.Event{Kind: broker.EventPickSlipPrinted, Source: broker.SourceOMS})
	_ = store.Put(ctx, res.Record)

	ob := &acknowledgingOB{}
	runner := &broker.Runner{Transport: ob, Store: store, Orders: store, Engine: eng}
	rep, err := runner.Run(ctx)
	if err != nil || rep.Err() != nil {
		fmt.Println(err, rep.Err())
		return
	}
	rec, _ := store.Record(ctx, res.Record.ID)
	fmt.Println(rec.Status, rec.RequestID, rec.PickupLocation)

	if _, err := runner.Apply(ctx, rec.ID, broker.Event{Kind: broker.EventShipmentConfirmed, Source: broker.SourceOMS, ShippingAgent: "UPS"}); err != nil {
		fmt.Println(err)
		return
	}
	_, _ = runner.Run(ctx)
	rec, _ = store.Record(ctx, res.Record.ID)
	fmt.Println(rec.Status)
	fmt.Println(ob.sent)
	// Output:
	// F (Picking) 5001 317
	// T (In Transit)
	// [SubmitOrder SHIPFORPICKUP StatusUpdate picked StatusUpdate intransit]
}

// acknowledgingOB stands in for Order Broker: every SubmitOrder gets
// request ID 5001, every update is accepted.
type acknowledgingOB struct{ sent []string }

func (o *acknowledgingOB) SubmitOrder(_ context.Context, req broker.SubmitOrder) (broker.SubmitOrderResponse, error) {
	o.sent = append(o.sent, "SubmitOrder "+req.TransactionType)
	return broker.SubmitOrderResponse{RequestID: "5001", ResponseCode: "0"}, nil
}

func (o *acknowledgingOB) StatusRequest(context.Context, broker.StatusRequest) (broker.StatusResponse, error) {
	return broker.StatusResponse{}, nil
}

func (o *acknowledgingOB) StatusListRequest(context.Context, broker.StatusListRequest) (broker.StatusListResponse, error) {
	return broker.StatusListResponse{}, nil
}

func (o *acknowledgingOB) StatusUpdate(_ context.Context, req broker.StatusUpdate) (broker.StatusUpdateResponse, error) {
	if req.UnderReview != nil {
		o.sent = append(o.sent, fmt.Sprintf("StatusUpdate under review %v", *req.UnderReview))
		return broker.StatusUpdateResponse{ResponseCode: "0"}, nil
	}
	o.sent = append(o.sent, "StatusUpdate "+string(req.OrderStatus))
	return broker.StatusUpdateResponse{ResponseCode: "0"}, nil
}

func (o *acknowledgingOB) Fulfillments(context.Context, broker.FulfillmentsRequest) (broker.FulfillmentsResponse, error) {
	return broker.FulfillmentsResponse{}, nil
}

func ExampleRunner_ReauthFailed() {
	ctx := context.Background()
	store := memory.NewBrokerStore()
	key := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	// A brokered backorder OB already fulfilled and closed.
	id := uuid.New()
	_ = store.Put(ctx, broker.Record{ID: id, Flow: broker.BrokeredBackorder.Name, Key: key, LineSeq: 1, LineNo: 1,
		Status: broker.StatusCompleted, RequestID: "5001"})

	ob := &acknowledgingOB{}
	runner := &broker.Runner{Transport: ob, Store: store, Orders: store,
		Engine: broker.Engine{Settings: broker.Settings{Account: "LOCATE", System: "6", MessageVersion: "18.0"}}}
	// REAUTH declined the originating order: the host holds it (AR) and
	// tells the Runner, which sends OB the Under Review order update.
	plan, err := runner.ReauthFailed(ctx, broker.ReauthFailure{Record: id, Originating: key, LineSeq: 1, RequestID: "5001"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("hold", plan.OriginatingHold)
	if _, err := runner.Run(ctx); err != nil {
		fmt.Println(err)
		return
	}
	rec, _ := store.Record(ctx, id)
	fmt.Println(rec.Status, rec.UnderReview, ob.sent)
	// Output:
	// hold AR
	// X (Completed) true [StatusUpdate under review true]
}
