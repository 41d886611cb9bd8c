package broker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"
)

// twoLineOrder is order 8953-001 with eligible lines 1 and 2.
func twoLineOrder() Order {
	o := eligibleOrder()
	l := o.Lines[0]
	l1, l2 := l, l
	l1.Seq, l1.Number = 1, 1
	l2.Seq, l2.Number, l2.Item.Code = 2, 2, "PEN"
	o.Lines = []OrderLine{l1, l2}
	return o
}

func newRunner(tr Transport, st RecordStore, s Settings) *Runner {
	return &Runner{Transport: tr, Store: st, Orders: orderSource{key8953: twoLineOrder()}, Engine: Engine{Settings: s, Now: fixedClock(t0)}}
}

// ackAll answers every SubmitOrder with one location for each line.
func ackAll(loc string) func(SubmitOrder) (SubmitOrderResponse, error) {
	var mu sync.Mutex
	n := 0
	return func(so SubmitOrder) (SubmitOrderResponse, error) {
		mu.Lock()
		n++
		id := fmt.Sprint(1000 + n)
		mu.Unlock()
		resp := SubmitOrderResponse{ResponseCode: "0", ResponseDescription: "Order Acknowledged", RequestID: id}
		for _, l := range so.Lines {
			resp.Fulfillments = append(resp.Fulfillments, FulfillmentDetail{Location: Location{loc, "SYSTEM01"}, Qty: l.Qty, RequestingLine: l.LineItemNo})
		}
		return resp, nil
	}
}

func TestRunnerSubmitsReady_BRK051(t *testing.T) {
	// BRK-051 / BRK-022: each R line goes in its own SubmitOrder (L56 unselected), R -> W with History A,
	// then the response moves it to K (F1.04).
	st := newMemStore(rec(1, StatusReady), rec(2, StatusReady))
	tr := &fakeTransport{submit: ackAll("317")}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	assert.Equal(t, 2, rep.Submitted)
	require.Len(t, tr.submits, 2)
	assert.Len(t, tr.submits[0].Lines, 1)
	for _, seq := range []int{1, 2} {
		r := st.get(rec(seq, 0).ID)
		assert.Equal(t, StatusAcknowledged, r.Status)
		assert.Equal(t, "317", r.FulfillingLocation)
		assert.NotEmpty(t, r.RequestID)
	}
	assert.NotEqual(t, st.get(rec(1, 0).ID).RequestID, st.get(rec(2, 0).ID).RequestID, "separate orders, separate request IDs")
	assert.ElementsMatch(t, []string{"Ln#: 1 Acknowledged by Broker", "Ln#: 2 Acknowledged by Broker"}, st.texts())
	var types []HistoryType
	for _, e := range st.effects {
		if h, ok := e.(History); ok {
			types = append(types, h.Type)
		}
	}
	assert.Equal(t, []HistoryType{'A', 'B', 'A', 'B'}, types)
}

func TestRunnerSplitOrder_BRK023(t *testing.T) {
	// BRK-023: with L56 every eligible line of the order goes in one SubmitOrder, one request ID.
	s := baseSets
	s.SplitOrder = true
	st := newMemStore(rec(1, StatusReady), rec(2, StatusReady))
	tr := &fakeTransport{submit: ackAll("317")}
	_, err := newRunner(tr, st, s).Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.submits, 1)
	assert.Len(t, tr.submits[0].Lines, 2)
	assert.Equal(t, st.get(rec(1, 0).ID).RequestID, st.get(rec(2, 0).ID).RequestID)
}

func TestRunnerTransportFaultsOnSubmit(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"timeout", fmt.Errorf("post: deadline exceeded: %w", ErrUnavailable)},
		{"garbage answer", fmt.Errorf("decode: %w", ErrMalformed)},
	} {
		t.Run(c.name, func(t *testing.T) {
			// No answer: the record stays W (sent, no response) and is never submitted twice.
			st := newMemStore(rec(1, StatusReady))
			tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) { return SubmitOrderResponse{}, c.err }}
			rn := newRunner(tr, st, baseSets)
			rep, err := rn.Run(context.Background())
			require.NoError(t, err)
			require.Len(t, rep.Errors, 1)
			assert.ErrorIs(t, rep.Err(), c.err)
			assert.Equal(t, StatusWaiting, st.get(rec(1, 0).ID).Status)
			_, err = rn.Run(context.Background())
			require.NoError(t, err)
			assert.Len(t, tr.submits, 1, "W is not resubmitted")
		})
	}
}

func TestRunnerWaitingNotResubmitted(t *testing.T) {
	// A generated mock asserts the call that must not happen: no SubmitOrder for a W record.
	ctrl := gomock.NewController(t)
	tr := NewMockTransport(ctrl)
	tr.EXPECT().SubmitOrder(gomock.Any(), gomock.Any()).Times(0)
	st := newMemStore(rec(1, StatusWaiting))
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	assert.Equal(t, StatusWaiting, st.get(rec(1, 0).ID).Status)
}

func TestRunnerResendWaitingDuplicate_BRK063(t *testing.T) {
	// Opt-in resend of W: OB's duplicate check answers 2040 and the record goes to K (BRK-063, F1.08).
	r := rec(1, StatusWaiting)
	r.SubmittedAt = t0.Add(-time.Hour)
	st := newMemStore(r, rec(2, StatusWaiting)) // line 2 was just sent (no SubmittedAt): not resent
	tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{}, &RejectedError{Code: "2040", Description: "Duplicate Order/line"}
	}}
	rn := newRunner(tr, st, baseSets)
	rn.ResendWaitingAfter = 30 * time.Minute
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.submits, 1)
	assert.Equal(t, StatusAcknowledged, st.get(r.ID).Status)
	assert.Equal(t, StatusWaiting, st.get(rec(2, 0).ID).Status)
}

func TestRunnerErrorResponse_BRK062(t *testing.T) {
	// BRK-062: an OB error response moves the record to E.
	st := newMemStore(rec(1, StatusReady))
	tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{}, &RejectedError{Code: "100", Description: "Invalid Sold To address, missing req"}
	}}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	assert.Equal(t, StatusError, st.get(rec(1, 0).ID).Status)
}

func TestRunnerNeverDoubleSubmits(t *testing.T) {
	// Two runs at once over one store: each record is submitted exactly once.
	var recs []Record
	for i := 1; i <= 20; i++ {
		recs = append(recs, rec(i, StatusReady))
	}
	st := newMemStore(recs...)
	o := eligibleOrder()
	o.Lines = nil
	for i := 1; i <= 20; i++ {
		l := eligibleOrder().Lines[0]
		l.Seq, l.Number = i, i
		o.Lines = append(o.Lines, l)
	}
	tr := &fakeTransport{submit: ackAll("317")}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rn := newRunner(tr, st, baseSets)
			rn.Orders = orderSource{key8953: o}
			_, _ = rn.Run(context.Background())
		}()
	}
	wg.Wait()
	seen := map[int]int{}
	for _, so := range tr.submits {
		for _, l := range so.Lines {
			seen[l.LineItemNo]++
		}
	}
	require.Len(t, seen, 20)
	for seq, n := range seen {
		assert.Equal(t, 1, n, "line %d", seq)
	}
}

func TestRunnerIsolatesRecordErrors(t *testing.T) {
	// One bad record never stops the batch.
	st := newMemStore(rec(1, StatusReady), rec(2, StatusReady))
	st.failOn[rec(1, 0).ID] = errors.New("disk full")
	tr := &fakeTransport{submit: ackAll("317")}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, rec(1, 0).ID, rep.Errors[0].Record)
	assert.Contains(t, rep.Errors[0].Error(), "line 1")
	assert.Equal(t, StatusReady, st.get(rec(1, 0).ID).Status, "not claimed, not sent")
	assert.Equal(t, StatusAcknowledged, st.get(rec(2, 0).ID).Status)
	require.Len(t, tr.submits, 1)
}

func TestRunnerBadOrderStaysReady(t *testing.T) {
	// BRK-009: an order OB would reject is not sent; the record stays R and the reason is reported.
	st := newMemStore(rec(1, StatusReady))
	o := twoLineOrder()
	o.SoldTo.Address.Name = Name{}
	rn := newRunner(&fakeTransport{submit: ackAll("317")}, st, baseSets)
	rn.Orders = orderSource{key8953: o}
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	assert.ErrorIs(t, rep.Err(), ErrInvalidInput)
	assert.Equal(t, StatusReady, st.get(rec(1, 0).ID).Status)
}

func TestRunnerSeveralLocations_BRK058(t *testing.T) {
	// F1.05: several locations -> a status inquiry at once; its answer moves the record to K.
	st := newMemStore(rec(1, StatusReady))
	tr := &fakeTransport{
		submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
			return SubmitOrderResponse{ResponseCode: "0", RequestID: "777", Fulfillments: []FulfillmentDetail{
				{Location: Location{"100", "S"}, Qty: 1, RequestingLine: 1}, {Location: Location{"200", "S"}, Qty: 1, RequestingLine: 1}}}, nil
		},
		status: func(q StatusRequest) (StatusResponse, error) {
			return StatusResponse{Order: OrderStatusReport{RequestID: q.RequestID, Items: []ItemStatus{{RequestingLine: 1, Status: "new_order", Fulfilling: Location{"100", "S"}}}}}, nil
		},
	}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.inquiries, 1)
	assert.Equal(t, "777", tr.inquiries[0].RequestID)
	r := st.get(rec(1, 0).ID)
	assert.Equal(t, StatusAcknowledged, r.Status)
	assert.Equal(t, "100", r.FulfillingLocation)
}

func TestRunnerSeveralLocationsInquiryLost(t *testing.T) {
	// The inquiry after several locations gets no answer: the record stays W with its request ID,
	// and the next run asks again (no resubmission).
	w := recReq(1, StatusWaiting, "777")
	st := newMemStore(w)
	tr := &fakeTransport{}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	assert.ErrorIs(t, rep.Err(), ErrUnavailable)
	assert.Equal(t, StatusWaiting, st.get(w.ID).Status)
	assert.Len(t, tr.inquiries, 1)
	// A submit answered with several locations whose inquiry is lost is asked once per run.
	st2 := newMemStore(rec(1, StatusReady))
	tr2 := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{ResponseCode: "0", RequestID: "778"}, nil
	}}
	_, err = newRunner(tr2, st2, baseSets).Run(context.Background())
	require.NoError(t, err)
	assert.Len(t, tr2.inquiries, 1)
	assert.Equal(t, StatusWaiting, st2.get(rec(1, 0).ID).Status)
	assert.Equal(t, "778", st2.get(rec(1, 0).ID).RequestID)
	assert.Empty(t, tr.submits)
}

// listFrom answers status list requests from a map of request ID to item status.
func listFrom(status map[string]string) func(StatusListRequest) (StatusListResponse, error) {
	return func(q StatusListRequest) (StatusListResponse, error) {
		var resp StatusListResponse
		for _, id := range q.RequestIDs {
			if s, ok := status[id]; ok {
				resp.Orders = append(resp.Orders, OrderStatusReport{RequestID: id, OrderStatus: s})
			}
		}
		return resp, nil
	}
}

func TestRunnerStatusListOrder_BRK301(t *testing.T) {
	// BRK-301: per company, K, O, P, A, then L, S, T, V; chunks per company and status (BRK-305).
	co2 := OrderKey{Company: 7, Order: 1, ShipTo: 1}
	mk := func(k OrderKey, seq int, s Status, req string) Record {
		r := recReq(seq, s, req)
		r.Key = k
		r.ID = uuid.New()
		return r
	}
	st := newMemStore(mk(key8953, 1, StatusInTransit, "t1"), mk(key8953, 2, StatusAccepted, "a1"), mk(key8953, 3, StatusAcknowledged, "k1"),
		mk(co2, 1, StatusPolled, "p2"), mk(key8953, 4, StatusCompleted, "x1"), mk(key8953, 5, StatusError, "e1"))
	tr := &fakeTransport{list: listFrom(nil)}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	var asked [][]string
	for _, q := range tr.lists {
		asked = append(asked, q.RequestIDs)
	}
	// BRK-304: X and E never appear.
	assert.Equal(t, [][]string{{"k1"}, {"a1"}, {"t1"}, {"p2"}}, asked)
	assert.Equal(t, []GroupRun{{6, 'K'}, {6, 'A'}, {6, 'T'}, {7, 'P'}}, rep.Groups)
}

func TestRunnerStatusListApplies(t *testing.T) {
	// Status list responses drive F1; lines fulfilled from the same status in one response share an invoice (BRK-090).
	a1, a2, k3, p4 := recReq(1, StatusAccepted, "r1"), recReq(2, StatusAccepted, "r2"), recReq(3, StatusAcknowledged, "r3"), recReq(4, StatusPolled, "r4")
	fresh := recReq(5, StatusAccepted, "r5")
	fresh.LastInquiry = t0.Add(-10 * time.Minute) // BRK-069: K10 = 30 not yet passed
	gone := recReq(6, StatusAccepted, "r6")
	st := newMemStore(a1, a2, k3, p4, fresh, gone)
	tr := &fakeTransport{list: listFrom(map[string]string{"r1": "fulfilled", "r2": "fulfilled", "r3": "fulfilled", "r4": "accepted", "r5": "fulfilled"})}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	for _, r := range []Record{a1, a2, k3} {
		assert.Equal(t, StatusCompleted, st.get(r.ID).Status)
	}
	assert.Equal(t, StatusAccepted, st.get(p4.ID).Status)
	assert.Equal(t, StatusAccepted, st.get(fresh.ID).Status, "not due yet")
	// BRK-307: OB leaves unknown IDs out without an error; the record keeps its status.
	assert.Equal(t, StatusAccepted, st.get(gone.ID).Status)
	assert.Equal(t, t0, st.get(gone.ID).LastInquiry)
	require.Len(t, rep.Billing, 2)
	assert.Equal(t, StatusAcknowledged, rep.Billing[0].PreviousStatus)
	assert.Equal(t, StatusAccepted, rep.Billing[1].PreviousStatus)
	assert.Len(t, rep.Billing[1].Lines, 2)
}

func TestRunnerStatusListFaults(t *testing.T) {
	t.Run("BRK-308 no answer: statuses kept, nothing to error", func(t *testing.T) {
		a := recReq(1, StatusAccepted, "r1")
		st := newMemStore(a)
		rep, err := newRunner(&fakeTransport{}, st, baseSets).Run(context.Background())
		require.NoError(t, err)
		assert.ErrorIs(t, rep.Err(), ErrUnavailable)
		got := st.get(a.ID)
		assert.Equal(t, StatusAccepted, got.Status)
		assert.True(t, got.LastInquiry.IsZero(), "asked again next run")
	})
	t.Run("unknown status word, unknown request ID, out-of-order status", func(t *testing.T) {
		a, b, c := recReq(1, StatusAccepted, "r1"), recReq(2, StatusAccepted, "r2"), recReq(3, StatusAccepted, "r3")
		st := newMemStore(a, b, c)
		tr := &fakeTransport{list: func(StatusListRequest) (StatusListResponse, error) {
			return StatusListResponse{Orders: []OrderStatusReport{
				{RequestID: "r1", OrderStatus: "teleported"},
				{RequestID: "zz", OrderStatus: "fulfilled"},
				{RequestID: "r2", OrderStatus: "polled"},
				{RequestID: "r3", OrderStatus: "fulfilled"},
			}}, nil
		}}
		rep, err := newRunner(tr, st, baseSets).Run(context.Background())
		require.NoError(t, err)
		err = rep.Err()
		assert.ErrorIs(t, err, ErrUnknownStatus)
		assert.ErrorIs(t, err, ErrUnknownRequest)
		assert.ErrorIs(t, err, ErrInvalidTransition)
		assert.Len(t, rep.Errors, 3)
		assert.Equal(t, StatusAccepted, st.get(a.ID).Status)
		assert.Equal(t, StatusAccepted, st.get(b.ID).Status)
		assert.Equal(t, StatusCompleted, st.get(c.ID).Status, "the good record still moves")
	})
}

func TestRunnerEndingBetweenGroups_BRK302(t *testing.T) {
	// BRK-302: the job checks for Ending between status groups.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := newMemStore(recReq(1, StatusAcknowledged, "k1"), recReq(2, StatusAccepted, "a1"))
	tr := &fakeTransport{list: func(q StatusListRequest) (StatusListResponse, error) {
		cancel() // ending requested while the K group is processed
		return listFrom(map[string]string{"k1": "polled"})(q)
	}}
	rep, err := newRunner(tr, st, baseSets).Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, tr.lists, 1, "the A group is not started")
	assert.Equal(t, []GroupRun{{6, 'K'}}, rep.Groups)
	assert.Equal(t, StatusPolled, st.get(rec(1, 0).ID).Status, "the group in hand completed")
}

func TestRunnerCancels_BRK110(t *testing.T) {
	y1, y2, y3 := recReq(1, StatusPendingCancel, "c1"), recReq(2, StatusPendingCancel, "c2"), recReq(3, StatusPendingCancel, "c3")
	y1.CancelReasonCode, y1.CancelReasonText = "02", "CUSTOMER REQUEST"
	st := newMemStore(y1, y2, y3)
	tr := &fakeTransport{update: func(u StatusUpdate) (StatusUpdateResponse, error) {
		switch u.RequestID {
		case "c1":
			return StatusUpdateResponse{Header: MessageHeader{XactionResponse: "OK"}, ResponseCode: "0"}, nil
		case "c2":
			return StatusUpdateResponse{Header: MessageHeader{XactionResponse: "FAILED"}}, nil
		}
		return StatusUpdateResponse{}, fmt.Errorf("timeout: %w", ErrUnavailable)
	}}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	assert.Len(t, tr.updates, 3)
	assert.Equal(t, OBCanceled, tr.updates[0].OrderStatus)
	assert.Equal(t, "02", tr.updates[0].OrderReasonCode) // BRK-408: the reason recorded at F1.20
	assert.Equal(t, "CUSTOMER REQUEST", tr.updates[0].OrderReasonNote)
	assert.Equal(t, StatusCanceled, st.get(y1.ID).Status)      // F1.21
	assert.Equal(t, StatusCanceled, st.get(y2.ID).Status)      // F1.22 default (BRK-114)
	assert.Equal(t, StatusPendingCancel, st.get(y3.ID).Status) // no answer: stays Y, resent next run
	assert.ErrorIs(t, rep.Err(), ErrUnavailable)
}

func TestRunnerContextCanceledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := newMemStore(rec(1, StatusReady))
	tr := &fakeTransport{submit: ackAll("317")}
	_, err := newRunner(tr, st, baseSets).Run(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, tr.submits)
	assert.Equal(t, StatusReady, st.get(rec(1, 0).ID).Status)
}

func TestRunnerStoreListFailure(t *testing.T) {
	ctrl := gomock.NewController(t)
	st := NewMockRecordStore(ctrl)
	boom := errors.New("connection reset")
	st.EXPECT().ListByStatus(gomock.Any(), StatusReady).Return(nil, boom)
	_, err := newRunner(&fakeTransport{}, st, baseSets).Run(context.Background())
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "list R records")
}

func TestRunnerContradictingResponse(t *testing.T) {
	// A status response for another request ID than the one asked about: typed error, record unchanged.
	w := recReq(1, StatusWaiting, "777")
	st := newMemStore(w)
	tr := &fakeTransport{status: func(StatusRequest) (StatusResponse, error) {
		return StatusResponse{Order: OrderStatusReport{RequestID: "999", OrderStatus: "accepted"}}, nil
	}}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	assert.ErrorIs(t, rep.Err(), ErrContradiction)
	assert.Contains(t, rep.Err().Error(), `"999"`)
	assert.Equal(t, w, st.get(w.ID))
}

func TestRunnerLateResponse(t *testing.T) {
	// A late status list answer saying "accepted" for a record already completed: refused, unchanged.
	x := recReq(1, StatusCompleted, "r1")
	st := newMemStore(x)
	rn := newRunner(&fakeTransport{}, st, baseSets)
	state := &runState{rep: &Report{}, inquired: map[string]bool{}}
	rn.applyReports(context.Background(), state, []OrderStatusReport{{RequestID: "r1", OrderStatus: "accepted"}}, map[string][]Record{"r1": {x}}, SourceStatusList, "late")
	assert.ErrorIs(t, state.rep.Err(), ErrInvalidTransition)
	assert.Equal(t, x, st.get(x.ID))
	assert.Empty(t, st.effects)
}

func TestRunnerResendWaitingOncePerPeriod(t *testing.T) {
	// A resend that again gets no answer restarts the wait: the next run does not resend at once.
	r := rec(1, StatusWaiting)
	r.SubmittedAt = t0.Add(-time.Hour)
	st := newMemStore(r)
	tr := &fakeTransport{}
	rn := newRunner(tr, st, baseSets)
	rn.ResendWaitingAfter = 30 * time.Minute
	_, err := rn.Run(context.Background())
	require.NoError(t, err)
	_, err = rn.Run(context.Background())
	require.NoError(t, err)
	assert.Len(t, tr.submits, 1)
	assert.Equal(t, t0, st.get(r.ID).SubmittedAt)
	assert.Equal(t, StatusWaiting, st.get(r.ID).Status)
}

func TestRunnerResendsWaitingByDefault_F108(t *testing.T) {
	// Issue 13 finding 5: a worker died between sending the SubmitOrder and
	// storing the answer, so the record sits in W without a request ID while
	// OB holds the order. With no setting at all the run resends it once the
	// default delay has passed, and OB's duplicate check (2040) moves it to K.
	r := rec(1, StatusWaiting)
	r.SubmittedAt = t0.Add(-time.Hour)
	st := newMemStore(r)
	tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
		return SubmitOrderResponse{}, &RejectedError{Code: DuplicateOrderCode, Description: "Duplicate Order/line"}
	}}
	rep, err := newRunner(tr, st, baseSets).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.submits, 1, "recovery is the default: the W record is resent")
	assert.Equal(t, StatusAcknowledged, st.get(r.ID).Status, "F1.08: error 2040 Duplicate Order/line moves W to K")
}

func TestRunnerResendWaitingDelay_F108(t *testing.T) {
	// The delay is configurable and a negative one turns the resend off; a
	// record that has not waited the delay yet is not resent (F1.08 applies
	// only to the resend of a record whose answer is missing).
	for _, c := range []struct {
		name   string
		after  time.Duration
		waited time.Duration
		resent bool
	}{
		{"default delay not reached", 0, DefaultResendWaitingAfter - time.Second, false},
		{"default delay reached", 0, DefaultResendWaitingAfter, true},
		{"own delay reached", 2 * time.Minute, 2 * time.Minute, true},
		{"own delay not reached", time.Hour, 30 * time.Minute, false},
		{"turned off", -1, 24 * time.Hour, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rec(1, StatusWaiting)
			r.SubmittedAt = t0.Add(-c.waited)
			st := newMemStore(r)
			tr := &fakeTransport{submit: func(SubmitOrder) (SubmitOrderResponse, error) {
				return SubmitOrderResponse{}, &RejectedError{Code: DuplicateOrderCode, Description: "Duplicate Order/line"}
			}}
			rn := newRunner(tr, st, baseSets)
			rn.ResendWaitingAfter = c.after
			_, err := rn.Run(context.Background())
			require.NoError(t, err)
			if c.resent {
				assert.Len(t, tr.submits, 1)
				assert.Equal(t, StatusAcknowledged, st.get(r.ID).Status, "F1.08: 2040 moves the resent W record to K")
			} else {
				assert.Empty(t, tr.submits)
				assert.Equal(t, StatusWaiting, st.get(r.ID).Status, "F1.08 not reached: W waits")
			}
		})
	}
}

func TestRunnerSendsUnderReviewUpdate_F124(t *testing.T) {
	// BRK-098, F1.24: the held order's Under Review order update is sent by
	// the BROKER run, once per request ID, with the value the last hold
	// change gave; the record's status does not change.
	s := baseSets
	s.SendHeldOrders = true // M18
	a, b := recReq(1, StatusAcknowledged, "r1"), recReq(2, StatusAcknowledged, "r1")
	st := newMemStore(a, b)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }}
	rn := newRunner(tr, st, s)
	for _, r := range []Record{a, b} {
		_, err := rn.Apply(context.Background(), r.ID, Event{Kind: EventHoldChanged, Source: SourceOMS, Held: true})
		require.NoError(t, err)
	}
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.updates, 1, "F1.24: one order update per request ID")
	require.NotNil(t, tr.updates[0].UnderReview)
	assert.True(t, *tr.updates[0].UnderReview, "BRK-098: held: Under Review Y")
	assert.Equal(t, "r1", tr.updates[0].RequestID)
	assert.Equal(t, StatusAcknowledged, st.get(a.ID).Status, "F1.24: the record status is unchanged")
	assert.True(t, st.get(a.ID).Outbox.Empty())

	_, err = rn.Run(context.Background())
	require.NoError(t, err)
	assert.Len(t, tr.updates, 1, "F1.24: sent once")
}

func TestRunnerUnderReviewWaitsWithoutAnswer_F124(t *testing.T) {
	// BRK-098, F1.24: without an answer the order update waits for the next run.
	s := baseSets
	s.SendHeldOrders = true
	a := recReq(1, StatusAccepted, "r1")
	st := newMemStore(a)
	tr := &fakeTransport{}
	rn := newRunner(tr, st, s)
	_, err := rn.Apply(context.Background(), a.ID, Event{Kind: EventHoldChanged, Source: SourceOMS, Held: true})
	require.NoError(t, err)
	rep, err := rn.Run(context.Background())
	require.NoError(t, err)
	require.Error(t, rep.Err())
	assert.Len(t, tr.updates, 1)
	assert.True(t, st.get(a.ID).Outbox.UnderReview.Send, "F1.24: not answered: the update still waits")
	tr.update = func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }
	_, err = rn.Run(context.Background())
	require.NoError(t, err)
	assert.Len(t, tr.updates, 2, "F1.24: the next run sends it again")
	assert.True(t, st.get(a.ID).Outbox.Empty())
}

func TestRunnerClearsUnderReviewOnRelease_F415(t *testing.T) {
	// F4.15, BRK-272: a store pickup order sent Under Review and released
	// from hold: the run sends the order update clearing Under Review.
	r := recReq(1, StatusAcknowledged, "r7")
	r.Flow, r.UnderReview = StorePickup.Name, true
	st := newMemStore(r)
	tr := &fakeTransport{update: func(StatusUpdate) (StatusUpdateResponse, error) { return StatusUpdateResponse{ResponseCode: "0"}, nil }}
	rn := newRunner(tr, st, baseSets)
	_, err := rn.Apply(context.Background(), r.ID, Event{Kind: EventOrderReleased, Source: SourceOMS})
	require.NoError(t, err)
	_, err = rn.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.updates, 1)
	require.NotNil(t, tr.updates[0].UnderReview)
	assert.False(t, *tr.updates[0].UnderReview, "F4.15: the update clears Under Review")
	assert.False(t, st.get(r.ID).UnderReview)
}

func TestRunnerResendsWaitingLinesOneByOne_F108(t *testing.T) {
	// F1.08, BRK-063: OB's 2040 answer names the request of the line it already holds.
	// With L56 two W lines of one order were resent in one SubmitOrder: OB held line 1
	// (request 5002) but never got line 2, and its 2040 gave 5002 to both (found by
	// broker/brokersim, invConvergedRequest). Each W line is resent alone, so the
	// answer it gets is its own.
	s := baseSets
	s.SplitOrder = true
	r1, r2 := rec(1, StatusWaiting), rec(2, StatusWaiting)
	r1.SubmittedAt, r2.SubmittedAt = t0.Add(-time.Hour), t0.Add(-time.Hour)
	st := newMemStore(r1, r2)
	tr := &fakeTransport{submit: func(so SubmitOrder) (SubmitOrderResponse, error) {
		for _, l := range so.Lines {
			if l.LineItemNo == 1 {
				return SubmitOrderResponse{RequestID: "5002", ResponseCode: DuplicateOrderCode}, &RejectedError{Code: DuplicateOrderCode, Description: "Duplicate Order/line"}
			}
		}
		resp := SubmitOrderResponse{RequestID: "5003", ResponseCode: "0"}
		for _, l := range so.Lines {
			resp.Fulfillments = append(resp.Fulfillments, FulfillmentDetail{Location: Location{Location: "317", System: "STC"}, RequestingLine: l.LineItemNo, Qty: l.Qty})
		}
		return resp, nil
	}}
	rep, err := newRunner(tr, st, s).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, rep.Err())
	require.Len(t, tr.submits, 2, "one SubmitOrder per W line resent")
	for _, so := range tr.submits {
		assert.Len(t, so.Lines, 1) // F1.08
	}
	assert.Equal(t, StatusAcknowledged, st.get(r1.ID).Status)
	assert.Equal(t, "5002", st.get(r1.ID).RequestID) // F1.08: the 2040 names line 1's request
	assert.Equal(t, StatusAcknowledged, st.get(r2.ID).Status)
	assert.Equal(t, "5003", st.get(r2.ID).RequestID, "line 2 gets the request OB created for it, not line 1's") // F1.08
}
