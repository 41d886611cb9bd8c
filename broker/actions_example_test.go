package broker_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

// A user cancels OB requests, as at the Work with Order Broker screen
// (BRK-320): an acknowledged record goes to Y, whose cancel the next run
// sends; a record sent without an answer yet (W) cannot be canceled.
func ExampleRunner_Cancel() {
	ctx := context.Background()
	store := memory.NewBrokerStore()
	key := broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	acked := broker.Record{ID: uuid.New(), Flow: "F1", Key: key, LineSeq: 1, LineNo: 1, Status: broker.StatusAcknowledged, RequestID: "1001"}
	waiting := broker.Record{ID: uuid.New(), Flow: "F1", Key: key, LineSeq: 2, LineNo: 2, Status: broker.StatusWaiting}
	_ = store.Put(ctx, acked, waiting)
	runner := &broker.Runner{Store: store}

	res, err := runner.Cancel(ctx, acked.ID, broker.UserCancel{ReasonCode: "1", ReasonText: "CUSTOMER REQUEST"})
	fmt.Println(res.Row, res.Record.Status, err)
	_, err = runner.Cancel(ctx, waiting.ID, broker.UserCancel{})
	fmt.Println(errors.Is(err, broker.ErrInvalidTransition))
	// Output:
	// F1.20 Y (Pending Cancel) <nil>
	// true
}
