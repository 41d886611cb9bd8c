package broker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// pollTransport is fakeTransport with a Fulfillments handler.
type pollTransport struct {
	*fakeTransport
	fulfill func(FulfillmentsRequest) (FulfillmentsResponse, error)
	polls   []FulfillmentsRequest
}

func (p *pollTransport) Fulfillments(_ context.Context, r FulfillmentsRequest) (FulfillmentsResponse, error) {
	p.polls = append(p.polls, r)
	return p.fulfill(r)
}

// hostFake creates orders in memory and saves links in linksFake.
type hostFake struct {
	mu      sync.Mutex
	links   *linksFake
	next    int
	orders  map[OrderKey]ReceivedOrder
	records []Record
	held    bool
	errs    []string
	fail    error
}

func (h *hostFake) EditReceivedOrder(context.Context, ReceivedOrder) (bool, []string, error) {
	return h.held, h.errs, nil
}

func (h *hostFake) CommitReceivedOrder(_ context.Context, o ReceivedOrder, recs []Result, link func(OrderKey) OrderLink) (OrderKey, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail != nil {
		return OrderKey{}, h.fail
	}
	h.next++
	k := OrderKey{Company: o.Company, Order: 7000 + h.next, ShipTo: 1}
	h.orders[k] = o
	for _, r := range recs {
		rec := r.Record
		rec.Key = k
		h.records = append(h.records, rec)
	}
	h.links.save(link(k))
	return k, nil
}

func pollSetup(resp FulfillmentsResponse) (*FulfillmentPoller, *pollTransport, *hostFake) {
	links := &linksFake{}
	h := &hostFake{links: links, orders: map[OrderKey]ReceivedOrder{}}
	tr := &pollTransport{fakeTransport: &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }},
		fulfill: func(FulfillmentsRequest) (FulfillmentsResponse, error) { return resp, nil }}
	p := &FulfillmentPoller{Transport: tr, Host: h, Settings: fSettings(), Company: 6, Now: fixedClock(t0),
		Deps: FulfillmentDeps{Catalog: catalog, Customers: &customersFake{}, Links: links, Now: fixedClock(t0)}}
	return p, tr, h
}

func TestFulfillmentPollAccepts(t *testing.T) {
	good := fOrder()
	bad := fOrder()
	bad.RequestID = "222"
	bad.Detail.Items = []FulfillmentItem{{ItemID: "NOPE", Qty: 1, ShipTo: fShipTo()}}
	p, tr, h := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{good, bad}})
	rep, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Requests)
	require.Len(t, rep.Decisions, 2)
	// F3.01: the good order is created with one record per line in I, and answered accepted.
	k, ok := rep.Created["123456"]
	require.True(t, ok)
	require.Len(t, h.records, 2)
	for _, r := range h.records {
		assert.Equal(t, StatusInProcess, r.Status)
		assert.Equal(t, "123456", r.RequestID)
		assert.Equal(t, k, r.Key)
		assert.True(t, r.PickupOrder)
		assert.Equal(t, "317", r.PickupLocation)
	}
	// F3.04: the unknown item is rejected, nothing created; BRK-213 both answers.
	require.Len(t, tr.updates, 2)
	assert.Equal(t, OBAccepted, tr.updates[0].OrderStatus)
	assert.Equal(t, "123456", tr.updates[0].RequestID)
	assert.Equal(t, OBRejected, tr.updates[1].OrderStatus)
	assert.Len(t, h.orders, 1)
}

func TestFulfillmentPollHeldAndInError(t *testing.T) {
	p, tr, h := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
	h.held = true
	_, err := p.Poll(context.Background())
	require.NoError(t, err)
	// F3.02: created held: polled.
	assert.Equal(t, OBPolled, tr.updates[0].OrderStatus)
	p2, tr2, h2 := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
	h2.errs = []string{"price override over E55"}
	_, err = p2.Poll(context.Background())
	require.NoError(t, err)
	// F3.03: created in error: N, no update with L04 unselected.
	assert.Equal(t, StatusNew, h2.records[0].Status)
	assert.Empty(t, tr2.updates)
}

func TestFulfillmentPollFaults(t *testing.T) {
	t.Run("Fulfillments unanswered", func(t *testing.T) {
		p, tr, h := pollSetup(FulfillmentsResponse{})
		tr.fulfill = func(FulfillmentsRequest) (FulfillmentsResponse, error) {
			return FulfillmentsResponse{}, fmt.Errorf("timeout: %w", ErrUnavailable)
		}
		rep, err := p.Poll(context.Background())
		require.ErrorIs(t, err, ErrUnavailable)
		assert.Empty(t, rep.Decisions)
		assert.Empty(t, h.orders)
		assert.Empty(t, tr.updates)
	})

	t.Run("status update unanswered, then the same fulfillment again", func(t *testing.T) {
		p, tr, h := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
		tr.update = func(StatusUpdate) (StatusUpdateResponse, error) {
			return StatusUpdateResponse{}, fmt.Errorf("down: %w", ErrUnavailable)
		}
		_, err := p.Poll(context.Background())
		require.ErrorIs(t, err, ErrUnavailable)
		require.Len(t, h.orders, 1, "the order and its records stay created")
		assert.Len(t, h.records, 2)
		// OB sends it again: no second order, the accepted answer repeated.
		tr.update = func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }
		rep, err := p.Poll(context.Background())
		require.NoError(t, err)
		assert.Equal(t, OutcomeDuplicate, rep.Decisions[0].Outcome)
		assert.Len(t, h.orders, 1)
		assert.Len(t, h.records, 2)
		require.Len(t, tr.updates, 2)
		assert.Equal(t, OBAccepted, tr.updates[1].OrderStatus)
	})

	t.Run("commit fails: nothing answered, retried next poll", func(t *testing.T) {
		p, tr, h := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
		h.fail = errors.New("disk full")
		_, err := p.Poll(context.Background())
		require.ErrorContains(t, err, "disk full")
		assert.Empty(t, tr.updates)
		h.fail = nil
		rep, err := p.Poll(context.Background())
		require.NoError(t, err)
		assert.Equal(t, OutcomeAccepted, rep.Decisions[0].Outcome)
		assert.Len(t, h.orders, 1)
	})

	t.Run("malformed response", func(t *testing.T) {
		p, tr, _ := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{{OrderID: "x"}}})
		_, err := p.Poll(context.Background())
		require.ErrorIs(t, err, ErrMalformed)
		assert.Empty(t, tr.updates)
	})

	t.Run("canceled context", func(t *testing.T) {
		p, tr, _ := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := p.Poll(ctx)
		require.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, tr.polls)
	})
}

func TestFulfillmentPollNeedsDeps(t *testing.T) {
	_, err := FulfillmentPoller{Settings: fSettings()}.Poll(context.Background())
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestFulfillmentPollByWarehouse(t *testing.T) {
	// BRK-189: with L06 the order's warehouse is the one whose OROB location polled.
	p, _, h := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
	p.Settings.SendInventoryByWarehouse = true
	p.Warehouses = []Warehouse{{Number: 3, OROBLocation: "30"}}
	_, err := p.Poll(context.Background())
	require.NoError(t, err)
	for _, o := range h.orders {
		assert.Equal(t, 3, o.Warehouse)
	}
}

func TestFulfillmentPollHostMock(t *testing.T) {
	// The order edit's failure leaves nothing written and nothing answered.
	ctrl := gomock.NewController(t)
	host := NewMockReceivedOrderHost(ctrl)
	host.EXPECT().EditReceivedOrder(gomock.Any(), gomock.Any()).Return(false, nil, errors.New("edit crashed"))
	p, tr, _ := pollSetup(FulfillmentsResponse{Orders: []FulfillmentOrder{fOrder()}})
	p.Host = host
	_, err := p.Poll(context.Background())
	require.ErrorContains(t, err, "edit crashed")
	assert.Empty(t, tr.updates)
}
