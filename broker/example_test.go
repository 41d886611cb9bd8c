package broker_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/omskit/omskit/broker"
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
