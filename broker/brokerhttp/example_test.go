package brokerhttp_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

// A Client sends the domain messages as XML over HTTP; here to the
// simulator. A lost answer is classified as broker.ErrUnavailable, and the
// SubmitOrder is not sent again by the client.
func ExampleClient() {
	sim := brokertest.New(brokertest.Config{})
	srv := httptest.NewServer(sim)
	defer srv.Close()

	c := brokerhttp.New(srv.URL)
	c.Timeout = 200 * time.Millisecond

	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	s := broker.Settings{Account: "LOCATE", System: "6", DefaultLocation: "1234567890", MessageVersion: "18.0", LocalCurrency: "USD"}
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Postal: "01602", Country: "US"}
	order := broker.Order{Key: broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}, SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr,
		Lines: []broker.OrderLine{{Seq: 4, Number: 4, Ordered: 1, Backordered: 1, Item: broker.Item{Code: "PENCIL"}}}}
	msg, err := broker.BuildSubmitOrder(order, []int{4}, s, now)
	if err != nil {
		fmt.Println(err)
		return
	}

	resp, err := c.SubmitOrder(context.Background(), msg)
	fmt.Println(resp.RequestID, resp.ResponseDescription, resp.Fulfillments[0].Location.Location, err)

	sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultServerError)
	_, err = c.SubmitOrder(context.Background(), msg)
	fmt.Println(errors.Is(err, broker.ErrUnavailable), sim.Received(brokerhttp.MessageSubmitOrder))
	// Output:
	// 1001 Order Acknowledged 317 <nil>
	// true 2
}
