package orderapi_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/xmlmsg"
)

// One CWORDERIN in, its answer and what happened out: the same bytes again
// are a replay with the same answer; a message that is not XML gets the
// "Invalid XML Message:" reply.
func ExampleProcessor_Process() {
	p := &orderapi.Processor{Deps: intaketest.New().Deps, Options: xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}}
	ctx := context.Background()
	msg := intaketest.Order("web-1", "ORDERS.OUT") // a one-line order with a check payment
	for range 2 {
		o := p.Process(ctx, msg)
		fmt.Println(o.Kind, o.OrderNumber, "order_id", o.OrderID, "replayed", o.Replayed, "answer to", o.RespQ)
	}
	o := p.Process(ctx, []byte(`<Message type="CWORDERIN">`))
	fmt.Println(o.Kind, strings.SplitN(string(o.Answer), "\n", 2)[0])
	// Output:
	// taken WEB-1 order_id 1 replayed false answer to ORDERS.OUT
	// taken WEB-1 order_id 1 replayed true answer to ORDERS.OUT
	// refused Invalid XML Message:
}
