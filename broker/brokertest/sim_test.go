package brokertest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
)

var (
	now  = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	key  = broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	sets = broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", MessageVersion: "18.0", LocalCurrency: "USD", SplitOrder: true}
)

func submit(t *testing.T, seqs ...int) broker.SubmitOrder {
	t.Helper()
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Postal: "01602", Country: "US"}
	o := broker.Order{Key: key, SoldTo: broker.Customer{Number: 1, Address: addr}, ShipTo: addr}
	for _, s := range seqs {
		o.Lines = append(o.Lines, broker.OrderLine{Seq: s, Number: s, Ordered: 1, Backordered: 1, Item: broker.Item{Code: "PENCIL"}})
	}
	so, err := broker.BuildSubmitOrder(o, seqs, sets, now)
	require.NoError(t, err)
	return so
}

// SubmitOrder: request ids in sequence, locations round robin per line,
// one fulfillment_detail per line (BRK-386 to BRK-389).
func TestSubmitAssignsRequestIDsAndLocations(t *testing.T) {
	sim := brokertest.New(brokertest.Config{Locations: []broker.Location{{Location: "A1", System: "S"}, {Location: "B2", System: "S"}}})
	_, c := brokertest.NewServer(t, sim)
	resp, err := c.SubmitOrder(context.Background(), submit(t, 1, 2))
	require.NoError(t, err)
	assert.Equal(t, "1001", resp.RequestID)
	assert.Equal(t, "0", resp.ResponseCode)
	assert.Equal(t, brokertest.TextAcknowledged, resp.ResponseDescription)
	require.Len(t, resp.Fulfillments, 2)
	assert.Equal(t, "A1", resp.Fulfillments[0].Location.Location)
	assert.Equal(t, 1, resp.Fulfillments[0].RequestingLine)
	assert.Equal(t, "B2", resp.Fulfillments[1].Location.Location)
	assert.Equal(t, "0060000895300100000", resp.Header.Destination) // BRK-385: source comes back as destination

	o, ok := sim.Order("1001")
	require.True(t, ok)
	assert.Equal(t, broker.OBNewOrder, o.Status())
	assert.Equal(t, []string{"1001"}, sim.RequestIDs())
}

// Duplicate checking (BRK-063): a second request for a line answers 2040
// with the request id and creates nothing; the options change that.
func TestDuplicateCheck(t *testing.T) {
	t.Run("on", func(t *testing.T) {
		sim := brokertest.New(brokertest.Config{})
		_, c := brokertest.NewServer(t, sim)
		_, err := c.SubmitOrder(context.Background(), submit(t, 1))
		require.NoError(t, err)
		resp, err := c.SubmitOrder(context.Background(), submit(t, 1))
		require.True(t, broker.IsDuplicateOrder(err))
		assert.Equal(t, "1001", resp.RequestID)
		assert.Equal(t, 1, sim.CreatedCount("8953-001", 1))
		assert.Equal(t, 2, sim.SubmitCount("8953-001", 1))
	})
	t.Run("without request id", func(t *testing.T) {
		sim := brokertest.New(brokertest.Config{DuplicateOmitsRequestID: true})
		_, c := brokertest.NewServer(t, sim)
		_, err := c.SubmitOrder(context.Background(), submit(t, 1))
		require.NoError(t, err)
		resp, err := c.SubmitOrder(context.Background(), submit(t, 1))
		require.True(t, broker.IsDuplicateOrder(err))
		assert.Empty(t, resp.RequestID)
	})
	t.Run("off", func(t *testing.T) {
		sim := brokertest.New(brokertest.Config{DisableDuplicateCheck: true})
		_, c := brokertest.NewServer(t, sim)
		for range 2 {
			_, err := c.SubmitOrder(context.Background(), submit(t, 1))
			require.NoError(t, err)
		}
		assert.Equal(t, 2, sim.CreatedCount("8953-001", 1))
	})
}

// Status answers follow Advance, AdvanceLine and Ship; a status list leaves
// unknown request ids out (BRK-307).
func TestStatusAnswers(t *testing.T) {
	sim := brokertest.New(brokertest.Config{Now: func() time.Time { return now }})
	_, c := brokertest.NewServer(t, sim)
	resp, err := c.SubmitOrder(context.Background(), submit(t, 1, 2))
	require.NoError(t, err)
	id := resp.RequestID
	require.NoError(t, sim.Advance(id, broker.OBAccepted))
	require.NoError(t, sim.AdvanceLine(id, 2, brokertest.LineChange{Status: broker.OBFulfilled, ShippingAgent: "UPS", TrackingNumber: "1Z"}))

	list, err := c.StatusListRequest(context.Background(), broker.NewStatusListRequests([]string{"424242", id}, sets, now)[0])
	require.NoError(t, err)
	require.Len(t, list.Orders, 1)
	got := list.Orders[0]
	assert.Equal(t, id, got.RequestID)
	assert.Equal(t, "accepted", got.Items[0].Status)
	assert.Equal(t, "fulfilled", got.Items[1].Status)
	assert.Equal(t, "UPS", got.Items[1].ShippingAgent)
	assert.Equal(t, "1Z", got.Items[1].TrackingNumber)
	assert.Equal(t, now, got.Items[1].StatusDate)

	require.NoError(t, sim.Advance(id, broker.OBUnfulfillable)) // A2: new_order at the unfulfillable location
	one, err := c.StatusRequest(context.Background(), broker.NewStatusRequest(broker.Record{Key: key, RequestID: id}, sets, "", now))
	require.NoError(t, err)
	assert.Equal(t, "new_order", one.Order.Items[0].Status)
	assert.Equal(t, "999", one.Order.Items[0].Fulfilling.Location)

	none, err := c.StatusRequest(context.Background(), broker.NewStatusRequest(broker.Record{Key: key, RequestID: "5"}, sets, "", now))
	require.NoError(t, err)
	assert.Empty(t, none.Order.RequestID)

	assert.ErrorIs(t, sim.Advance("5", broker.OBPolled), brokertest.ErrUnknownRequest)
	assert.ErrorIs(t, sim.AdvanceLine(id, 9, brokertest.LineChange{}), brokertest.ErrUnknownRequest)
	assert.ErrorIs(t, sim.Advance(id, "shipped-by-owl"), broker.ErrUnknownStatus)
	assert.ErrorIs(t, sim.Ship("5", "", ""), brokertest.ErrUnknownRequest)
}

// An item-level cancel (BRK-409) cancels only the named line; a second one
// is answered FAILED (BRK-114).
func TestItemLevelCancel(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	_, c := brokertest.NewServer(t, sim)
	resp, err := c.SubmitOrder(context.Background(), submit(t, 1, 2))
	require.NoError(t, err)
	upd, err := broker.NewCancelUpdate([]broker.CancelRequest{{Key: key, LineSeq: 2, RequestID: resp.RequestID, ReasonCode: "8"}}, sets, "", now)
	require.NoError(t, err)
	ok, err := c.StatusUpdate(context.Background(), upd)
	require.NoError(t, err)
	assert.False(t, ok.Failed())
	o, _ := sim.Order(resp.RequestID)
	assert.Equal(t, broker.OBNewOrder, o.Lines[0].Status)
	assert.Equal(t, broker.OBCanceled, o.Lines[1].Status)
	again, err := c.StatusUpdate(context.Background(), upd)
	require.NoError(t, err)
	assert.True(t, again.Failed())
	require.Len(t, sim.Updates(), 2)
	assert.Equal(t, "8", sim.Updates()[0].Items[0].ReasonCode)
}

// Fulfillments polls are empty until the test enqueues orders; a poll drains them.
func TestFulfillmentsQueue(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	_, c := brokertest.NewServer(t, sim)
	poll := broker.NewFulfillmentsRequests(sets, nil, now)[0]
	resp, err := c.Fulfillments(context.Background(), poll)
	require.NoError(t, err)
	assert.Empty(t, resp.Orders)
	sim.EnqueueFulfillment(broker.FulfillmentOrder{RequestID: "77", OrderID: "9999-001", TransactionTypeID: "DELIVERY"})
	resp, err = c.Fulfillments(context.Background(), poll)
	require.NoError(t, err)
	require.Len(t, resp.Orders, 1)
	assert.Equal(t, "77", resp.Orders[0].RequestID)
	resp, err = c.Fulfillments(context.Background(), poll)
	require.NoError(t, err)
	assert.Empty(t, resp.Orders)
}

// FaultLate: the order exists although the client got no answer; it shows
// on the next inquiry. FaultTimeout: nothing is created.
func TestLateAndTimeoutFaults(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	_, c := brokertest.NewServer(t, sim)
	sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultTimeout, brokertest.FaultLate)
	_, err := c.SubmitOrder(context.Background(), submit(t, 1))
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.Zero(t, sim.CreatedCount("8953-001", 1))
	_, err = c.SubmitOrder(context.Background(), submit(t, 1))
	require.ErrorIs(t, err, broker.ErrUnavailable)
	id, ok := sim.RequestID("8953-001", 1)
	require.True(t, ok)
	st, err := c.StatusRequest(context.Background(), broker.NewStatusRequest(broker.Record{Key: key, RequestID: id}, sets, "", now))
	require.NoError(t, err)
	assert.Equal(t, "new_order", st.Order.OrderStatus)
	assert.Len(t, sim.Submits(), 2)
	assert.Zero(t, sim.PendingFaults(brokerhttp.MessageSubmitOrder))
}

// A held request is released after MaxDelay even when the client waits longer.
func TestHoldIsBounded(t *testing.T) {
	sim := brokertest.New(brokertest.Config{MaxDelay: 50 * time.Millisecond})
	_, c := brokertest.NewServer(t, sim)
	c.Timeout = 5 * time.Second
	c.Retry.Attempts = 1
	sim.Inject(brokerhttp.MessageStatusListRequest, brokertest.FaultTimeout)
	start := time.Now()
	_, err := c.StatusListRequest(context.Background(), broker.NewStatusListRequests([]string{"1"}, sets, now)[0])
	require.ErrorIs(t, err, broker.ErrUnavailable)
	var he *brokerhttp.Error
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusGatewayTimeout, he.Status)
	assert.Less(t, time.Since(start), 2*time.Second)
}

// Requests the simulator cannot read are refused with HTTP 4xx.
func TestBadRequests(t *testing.T) {
	srv, _ := brokertest.NewServer(t, brokertest.New(brokertest.Config{}))
	resp, err := srv.Client().Get(srv.URL)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	for _, body := range []string{"not xml", "<Other/>", "<SubmitOrder/>"} {
		resp, err := srv.Client().Post(srv.URL, "text/xml", strings.NewReader(body))
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
	}
	assert.Equal(t, "duplicate 2040", brokertest.FaultDuplicate.String())
}

// An enqueued order with its body goes out whole and is held by the
// simulator, so the status update answering it changes its status; the
// same request ID enqueued again is sent again without a second order.
func TestFulfillmentsFullOrderAndUpdates(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	_, c := brokertest.NewServer(t, sim)
	addr := broker.Address{Name: broker.Name{First: "Ann", Last: "Lee"}, Address1: "1 Main St", City: "Boston", Postal: "02110", Country: "US"}
	fo := broker.FulfillmentOrder{RequestID: "78", OrderID: "S-78", TransactionTypeID: "RETAILPICKUP", Detail: &broker.FulfillmentDetailOrder{
		SourceCode: "WEB", SoldTo: broker.SoldTo{CustomerNo: "1", Address: addr},
		Store: broker.FulfillmentStoreLocation{Location: "1", System: "6", RequestLocation: "317", RequestSystem: "POS"},
		Items: []broker.FulfillmentItem{{LineNo: 1, ItemID: "PENCIL", Qty: 2, ShipTo: addr}, {LineNo: 2, ItemID: "PEN", Qty: 1, ShipTo: addr}},
	}}
	sim.EnqueueFulfillment(fo)
	poll := broker.NewFulfillmentsRequests(sets, nil, now)[0]
	resp, err := c.Fulfillments(context.Background(), poll)
	require.NoError(t, err)
	require.Len(t, resp.Orders, 1)
	got := resp.Orders[0]
	require.NotNil(t, got.Detail)
	assert.Equal(t, "WEB", got.Detail.SourceCode)
	assert.Equal(t, fo.Detail.Store, got.Detail.Store)
	require.Len(t, got.Detail.Items, 2)
	assert.Equal(t, "PEN", got.Detail.Items[1].ItemID)
	assert.Equal(t, addr.City, got.Detail.Items[0].ShipTo.City)

	o, ok := sim.Order("78")
	require.True(t, ok)
	require.Len(t, o.Lines, 2)
	assert.Equal(t, broker.OBNewOrder, o.Status())
	assert.Equal(t, broker.Location{Location: "1", System: "6"}, o.Lines[0].Location)

	upd := broker.StatusUpdate{Header: broker.MessageHeader{MessageType: "StatusUpdate", DateTime: now, Version: "18.0", Source: "6", Destination: "LOCATE"},
		RequestID: "78", OrderID: "S-78", StoreLocation: broker.Location{Location: "1", System: "6"}, OrderStatus: broker.OBAccepted}
	_, err = c.StatusUpdate(context.Background(), upd)
	require.NoError(t, err)
	o, _ = sim.Order("78")
	assert.Equal(t, broker.OBAccepted, o.Status())

	sim.EnqueueFulfillment(fo)
	resp, err = c.Fulfillments(context.Background(), poll)
	require.NoError(t, err)
	require.Len(t, resp.Orders, 1)
	o, _ = sim.Order("78")
	assert.Equal(t, broker.OBAccepted, o.Status(), "resending keeps the order OB holds")
}
