package orderamqp_test

import (
	"fmt"

	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderamqp"
)

// A worker for two order channels: the web storefront with four inbound
// sessions, and a remote order entry service with one. The defaults fill
// in the prefetch and the dead-letter queues; Run (not called here, it
// needs a broker) declares them and consumes.
func ExampleNew() {
	w, err := orderamqp.New(orderamqp.Config{
		URL:       "amqp://guest:guest@127.0.0.1:5672/",
		Processor: intaketest.New().Processor(),
		Channels: []orderamqp.Channel{
			{Name: "web", Queue: "ORDER_IN.WEB", Sessions: 4, ReplyQueue: "CWDIRECT.ORDER.OUT.Q"},
			{Name: "remote", Queue: "ORDER_IN.REMOTE", ReplyQueue: "CWDIRECT.ORDER.OUT.Q"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range w.Channels() {
		fmt.Printf("%s: %s, %d session(s) × prefetch %d, dead letters to %s, answers by default to %s\n",
			c.Name, c.Queue, c.Sessions, c.Prefetch, c.DeadLetterQueue, c.ReplyQueue)
	}
	_, err = orderamqp.New(orderamqp.Config{URL: "amqp://127.0.0.1/", Processor: intaketest.New().Processor(),
		Channels: []orderamqp.Channel{{Queue: "ORDER_IN.WEB", ReplyQueue: "ORDER_IN.WEB"}}})
	fmt.Println(err)
	// Output:
	// web: ORDER_IN.WEB, 4 session(s) × prefetch 4, dead letters to ORDER_IN.WEB.dead, answers by default to CWDIRECT.ORDER.OUT.Q
	// remote: ORDER_IN.REMOTE, 1 session(s) × prefetch 4, dead letters to ORDER_IN.REMOTE.dead, answers by default to CWDIRECT.ORDER.OUT.Q
	// orderamqp: configuration: channel ORDER_IN.WEB: ReplyQueue "ORDER_IN.WEB" is the process queue of channel ORDER_IN.WEB: answers would be taken in as orders
}
