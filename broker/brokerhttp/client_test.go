package brokerhttp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/xmlmsg"
)

var (
	now  = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	key  = broker.OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	sets = broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", MessageVersion: "18.0", LocalCurrency: "USD"}
)

func submitOrder(t *testing.T) broker.SubmitOrder {
	t.Helper()
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "1 MAIN ST", City: "WORCESTER",
		Province: "MA", Postal: "01602", Country: "US"}
	o := broker.Order{Key: key, Status: broker.OrderOpen, SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr,
		Lines: []broker.OrderLine{{Seq: 4, Number: 4, Ordered: 1, Backordered: 1, Item: broker.Item{Code: "PENCIL", OROBEligible: true}}}}
	so, err := broker.BuildSubmitOrder(o, []int{4}, sets, now)
	require.NoError(t, err)
	return so
}

func statusRequest() broker.StatusRequest {
	return broker.NewStatusRequest(broker.Record{Key: key, LineSeq: 4, RequestID: "1001"}, sets, "", now)
}

// fixed answers every request with status and body, and counts requests.
type fixed struct {
	status int
	body   string
	calls  atomic.Int32
	paths  chan string
}

func (f *fixed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	if f.paths != nil {
		f.paths <- r.URL.Path
	}
	_, _ = io.Copy(io.Discard, r.Body)
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.body))
}

func client(srv *httptest.Server) *brokerhttp.Client {
	c := brokerhttp.New(srv.URL)
	c.HTTP = srv.Client()
	c.Timeout = 300 * time.Millisecond
	c.Retry = brokerhttp.Retry{Attempts: 3, Backoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}
	return c
}

func submitResponse(t *testing.T, code, desc, requestID string) string {
	t.Helper()
	data, err := xmlmsg.SubmitOrderResponseFromBroker(broker.SubmitOrderResponse{
		Header:    broker.MessageHeader{XactionResponse: "OK", XactionType: "INFO", DateTime: now, Version: "18.0"},
		RequestID: requestID, OrderID: "8953-001", ResponseCode: code, ResponseDescription: desc}).Encode()
	require.NoError(t, err)
	return string(data)
}

// An HTTP 5xx is unavailable; a SubmitOrder is sent once, never retried,
// while a status request is retried up to Retry.Attempts.
func TestServerErrorIsUnavailableAndOnlyReadsRetry(t *testing.T) {
	h := &fixed{status: http.StatusServiceUnavailable, body: "down"}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := client(srv)

	_, err := c.SubmitOrder(context.Background(), submitOrder(t))
	require.ErrorIs(t, err, broker.ErrUnavailable)
	var he *brokerhttp.Error
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusServiceUnavailable, he.Status)
	assert.Equal(t, brokerhttp.MessageSubmitOrder, he.Message)
	assert.EqualValues(t, 1, h.calls.Load(), "SubmitOrder is never retried")

	h.calls.Store(0)
	_, err = c.StatusRequest(context.Background(), statusRequest())
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.EqualValues(t, 3, h.calls.Load())
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 3, he.Attempts)
	assert.Contains(t, err.Error(), "3 attempts")

	h.calls.Store(0)
	_, err = c.StatusUpdate(context.Background(), broker.StatusUpdate{Header: broker.MessageHeader{DateTime: now, Version: "18.0", Destination: "LOCATE"},
		RequestID: "1001", OrderStatus: broker.OBCanceled, StoreLocation: broker.Location{Location: "1", System: "6"}})
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.EqualValues(t, 1, h.calls.Load(), "StatusUpdate is never retried")
}

// A read that fails once and then succeeds returns the answer.
func TestReadRetriedThenAnswered(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c := client(srv)
	resp, err := c.SubmitOrder(context.Background(), submitOrder(t))
	require.NoError(t, err)
	sim.Inject(brokerhttp.MessageStatusRequest, brokertest.FaultServerError, brokertest.FaultTimeout)
	req := statusRequest()
	req.RequestID = resp.RequestID
	got, err := c.StatusRequest(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, resp.RequestID, got.Order.RequestID)
	assert.Equal(t, 3, sim.Received(brokerhttp.MessageStatusRequest))
}

// A timeout is unavailable and wraps context.DeadlineExceeded; a caller's
// cancel is unavailable and wraps context.Canceled, without retries.
func TestTimeoutAndCancel(t *testing.T) {
	sim := brokertest.New(brokertest.Config{MaxDelay: 2 * time.Second})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c := client(srv)
	c.Retry.Attempts = 1
	sim.Inject(brokerhttp.MessageSubmitOrder, brokertest.FaultTimeout)
	start := time.Now()
	_, err := c.SubmitOrder(context.Background(), submitOrder(t))
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.Retry.Attempts = 3
	_, err = c.StatusRequest(ctx, statusRequest())
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.ErrorIs(t, err, context.Canceled)
}

// Answers that cannot be read are malformed, wrap the xmlmsg cause, and are
// not retried.
func TestMalformedAnswers(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		cause error
	}{
		{"garbage", "this is not XML <<<", xmlmsg.ErrMalformed},
		{"wrong root", "<ns2:SubmitOrderResponse xmlns:ns2=\"http://retail.com/Locate\"/>", xmlmsg.ErrWrongRoot},
		{"too large", "<x>" + strings.Repeat("a", 2048) + "</x>", xmlmsg.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := &fixed{status: http.StatusOK, body: c.body}
			srv := httptest.NewServer(h)
			defer srv.Close()
			cl := client(srv)
			cl.MaxResponseBytes = 1024
			_, err := cl.StatusRequest(context.Background(), statusRequest())
			require.ErrorIs(t, err, broker.ErrMalformed)
			assert.ErrorIs(t, err, c.cause)
			assert.False(t, errors.Is(err, broker.ErrUnavailable))
			assert.EqualValues(t, 1, h.calls.Load())
		})
	}
}

// A response_code other than 0 is rejected with code and description; 2040
// is the duplicate order (BRK-063) and keeps the request id OB sent.
func TestRejectedAnswers(t *testing.T) {
	h := &fixed{status: http.StatusOK, body: submitResponse(t, broker.DuplicateOrderCode, "Duplicate Order/line", "1001")}
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := client(srv).SubmitOrder(context.Background(), submitOrder(t))
	require.ErrorIs(t, err, broker.ErrRejected)
	assert.True(t, broker.IsDuplicateOrder(err))
	var rej *broker.RejectedError
	require.ErrorAs(t, err, &rej)
	assert.Equal(t, "Duplicate Order/line", rej.Description)
	assert.Equal(t, "1001", resp.RequestID)
	assert.Contains(t, err.Error(), "order 8953-001")
}

// A cancel answered FAILED (code 0) is a response, not an error (BRK-114);
// a non-zero code is rejected.
func TestStatusUpdateAnswers(t *testing.T) {
	sim := brokertest.New(brokertest.Config{})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c := client(srv)
	resp, err := c.SubmitOrder(context.Background(), submitOrder(t))
	require.NoError(t, err)
	cancel, err := broker.NewCancelUpdate([]broker.CancelRequest{{Key: key, LineSeq: 4, RequestID: resp.RequestID, ReasonCode: "1"}}, sets, "", now)
	require.NoError(t, err)
	ok, err := c.StatusUpdate(context.Background(), cancel)
	require.NoError(t, err)
	assert.False(t, ok.Failed())
	again, err := c.StatusUpdate(context.Background(), cancel)
	require.NoError(t, err)
	assert.True(t, again.Failed())

	cancel.RequestID = "999999"
	_, err = c.StatusUpdate(context.Background(), cancel)
	require.ErrorIs(t, err, broker.ErrRejected)
	var rej *broker.RejectedError
	require.ErrorAs(t, err, &rej)
	assert.Equal(t, brokertest.CodeUnknownRequest, rej.Code)
}

// A request that cannot be encoded is refused before anything is sent.
func TestInvalidRequestIsNotSent(t *testing.T) {
	h := &fixed{status: http.StatusOK}
	srv := httptest.NewServer(h)
	defer srv.Close()
	req := statusRequest()
	req.StoreLocation.Location = "ELEVENCHARS" // BRK-011: at most 10
	_, err := client(srv).StatusRequest(context.Background(), req)
	require.ErrorIs(t, err, broker.ErrInvalidInput)
	assert.Contains(t, err.Error(), "ELEVENCHARS")
	assert.Zero(t, h.calls.Load())

	_, err = brokerhttp.New("not a url").StatusRequest(context.Background(), statusRequest())
	require.ErrorIs(t, err, broker.ErrInvalidInput)
}

// Each message goes to BaseURL unless Endpoints names its own (BRK-008:
// the fulfillments endpoint is set apart); extra headers are sent.
func TestEndpointsAndHeaders(t *testing.T) {
	paths := make(chan string, 4)
	var gotHeader, gotType atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths <- r.URL.Path
		gotHeader.Store(r.Header.Get("X-Api-Key"))
		gotType.Store(r.Header.Get("Content-Type"))
		brokertest.New(brokertest.Config{}).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := client(srv)
	c.BaseURL = srv.URL + "/Locate/ws"
	c.Endpoints = map[brokerhttp.Message]string{brokerhttp.MessageFulfillments: "/Locate/fulfillments"}
	c.Header = http.Header{"X-Api-Key": {"secret"}}

	_, err := c.StatusListRequest(context.Background(), broker.NewStatusListRequests([]string{"1001"}, sets, now)[0])
	require.NoError(t, err)
	assert.Equal(t, "/Locate/ws", <-paths)
	resp, err := c.Fulfillments(context.Background(), broker.NewFulfillmentsRequests(sets, nil, now)[0])
	require.NoError(t, err)
	assert.Empty(t, resp.Orders)
	assert.Equal(t, "/Locate/fulfillments", <-paths)
	assert.Equal(t, "secret", gotHeader.Load())
	assert.Equal(t, brokerhttp.DefaultContentType, gotType.Load())
}

func TestRetryDelayDoublesUpToTheCap(t *testing.T) {
	var slept []time.Duration
	h := &fixed{status: http.StatusBadGateway}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := client(srv)
	c.Retry = brokerhttp.Retry{Attempts: 4, Backoff: 100 * time.Millisecond, MaxBackoff: 250 * time.Millisecond}
	c.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	_, err := c.Fulfillments(context.Background(), broker.NewFulfillmentsRequests(sets, nil, now)[0])
	require.ErrorIs(t, err, broker.ErrUnavailable)
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 250 * time.Millisecond}, slept)
}
