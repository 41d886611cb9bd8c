package storagetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerweb"
)

// BrokerFinder is the read side of the operator screens: records by a
// broker.RecordQuery, one record, and a record's trail — the Store
// broker/brokerweb reads.
type BrokerFinder = brokerweb.Store

func finder(st Stores) BrokerFinder {
	if st.Finder != nil {
		return st.Finder
	}
	if f, ok := st.Broker.(BrokerFinder); ok {
		return f
	}
	return nil
}

func runBrokerFinder(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Brokers, f BrokerFinder)
	}{
		{"EachFilter", testFinderFilters},
		{"PagesAndCounts", testFinderPages},
		{"Trail", testFinderTrail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStores(t)
			if st.Broker == nil {
				t.Skip("the factory gives no broker record store")
			}
			f := finder(st)
			if f == nil {
				t.Skip("the broker store does not implement storagetest.BrokerFinder and Stores.Finder is nil")
			}
			tc.fn(t, st.Broker, f)
		})
	}
}

// finderRecords are eight records across companies, orders, flows,
// statuses, locations and ages; base is the time of the newest change.
func finderRecords(base time.Time) []broker.Record {
	rec := func(co, order, seq int, flow string, st broker.Status, loc, pickup string, age time.Duration) broker.Record {
		r := broker.Record{ID: uuid.New(), Flow: flow, Key: broker.OrderKey{Company: co, Order: order, ShipTo: 1}, LineSeq: seq, LineNo: seq,
			Status: st, FulfillingLocation: loc, PickupLocation: pickup}
		if age >= 0 {
			r.UpdatedAt = base.Add(-age)
		}
		return r
	}
	return []broker.Record{
		rec(6, 8953, 1, "F1", broker.StatusWaiting, "", "", 3*time.Hour),
		rec(6, 8953, 2, "F1", broker.StatusAcknowledged, "STORE10", "", 2*time.Hour),
		rec(6, 8953, 3, "F1", broker.StatusAcknowledged, " STORE20 ", "", 0),
		rec(6, 9000, 1, "F2", broker.StatusPicking, "WH1", "STORE10", time.Hour),
		rec(6, 9001, 1, "F4", broker.StatusAccepted, "STORE30", "STORE30", 30*time.Minute),
		rec(7, 8953, 1, "F1", broker.StatusWaiting, "", "", 5*time.Hour),
		rec(7, 9100, 1, "F3", broker.StatusInProcess, "WH1", "", 10*time.Minute),
		rec(6, 9200, 1, "F1", broker.StatusReady, "", "", -1), // never changed by a flow
	}
}

func ids(recs []broker.Record) []uuid.UUID {
	out := make([]uuid.UUID, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func testFinderFilters(t *testing.T, s Brokers, f BrokerFinder) {
	ctx := context.Background()
	base := time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)
	recs := finderRecords(base)
	require.NoError(t, s.Put(ctx, recs...))
	find := func(q broker.RecordQuery) []uuid.UUID {
		t.Helper()
		page, err := f.FindRecords(ctx, q)
		require.NoError(t, err)
		return ids(page.Records)
	}
	cases := []struct {
		name string
		q    broker.RecordQuery
		want []broker.Record
	}{
		{"no filter: every record by company, order, ship-to and line", broker.RecordQuery{},
			[]broker.Record{recs[0], recs[1], recs[2], recs[3], recs[4], recs[7], recs[5], recs[6]}},
		{"statuses", broker.RecordQuery{Statuses: []broker.Status{broker.StatusWaiting, broker.StatusReady}},
			[]broker.Record{recs[0], recs[7], recs[5]}},
		{"flow", broker.RecordQuery{Flow: "F1"}, []broker.Record{recs[0], recs[1], recs[2], recs[7], recs[5]}},
		{"company", broker.RecordQuery{Company: 7}, []broker.Record{recs[5], recs[6]}},
		{"order number in every company", broker.RecordQuery{Order: 8953}, []broker.Record{recs[0], recs[1], recs[2], recs[5]}},
		{"one company's order", broker.RecordQuery{Company: 6, Order: 8953}, []broker.Record{recs[0], recs[1], recs[2]}},
		{"fulfilling or pickup location", broker.RecordQuery{Location: "STORE10"}, []broker.Record{recs[1], recs[3]}},
		{"location with blanks stored around it", broker.RecordQuery{Location: "STORE20"}, []broker.Record{recs[2]}},
		{"changed before: older records and those never changed", broker.RecordQuery{ChangedBefore: base.Add(-90 * time.Minute)},
			[]broker.Record{recs[0], recs[1], recs[7], recs[5]}},
		{"changed before, in another zone", broker.RecordQuery{ChangedBefore: base.Add(-90 * time.Minute).In(time.FixedZone("EST", -5*3600))},
			[]broker.Record{recs[0], recs[1], recs[7], recs[5]}},
		{"every filter at once", broker.RecordQuery{Statuses: []broker.Status{broker.StatusWaiting}, Flow: "F1", Company: 7, Order: 8953,
			ChangedBefore: base.Add(-4 * time.Hour)}, []broker.Record{recs[5]}},
		{"nothing matches", broker.RecordQuery{Flow: "F9"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := ids(c.want)
			assert.Equal(t, want, find(c.q))
			assert.Equal(t, want, ids(broker.PageRecords(recs, c.q).Records), "broker.RecordQuery.Matches agrees")
		})
	}
	page, err := f.FindRecords(ctx, broker.RecordQuery{Statuses: []broker.Status{broker.StatusAcknowledged}})
	require.NoError(t, err)
	require.Len(t, page.Records, 2)
	assert.Equal(t, recs[1], page.Records[0], "the whole record comes back")
}

func testFinderPages(t *testing.T, s Brokers, f BrokerFinder) {
	ctx := context.Background()
	base := time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)
	recs := finderRecords(base)
	require.NoError(t, s.Put(ctx, recs...))

	page, err := f.FindRecords(ctx, broker.RecordQuery{Company: 6, Limit: 2, Offset: 1})
	require.NoError(t, err)
	assert.Equal(t, ids([]broker.Record{recs[1], recs[2]}), ids(page.Records), "the second and third of company 6")
	assert.Equal(t, 6, page.Total, "total of every page")
	assert.Equal(t, map[broker.Status]int{broker.StatusWaiting: 1, broker.StatusAcknowledged: 2, broker.StatusPicking: 1,
		broker.StatusAccepted: 1, broker.StatusReady: 1}, page.Counts)

	page, err = f.FindRecords(ctx, broker.RecordQuery{Company: 6, Statuses: []broker.Status{broker.StatusAcknowledged, broker.StatusReady}, Offset: 1})
	require.NoError(t, err)
	assert.Equal(t, ids([]broker.Record{recs[2], recs[7]}), ids(page.Records), "an offset without a limit runs to the end")
	assert.Equal(t, 3, page.Total, "the total counts the statuses asked for")
	assert.Equal(t, 1, page.Counts[broker.StatusWaiting], "the counts ignore the status filter")

	page, err = f.FindRecords(ctx, broker.RecordQuery{Offset: 50, Limit: 10})
	require.NoError(t, err)
	assert.Empty(t, page.Records, "past the end: an empty page")
	assert.Equal(t, len(recs), page.Total)
}

func testFinderTrail(t *testing.T, s Brokers, f BrokerFinder) {
	ctx := context.Background()
	r := brokerRecord(8953, 1, broker.StatusReady)
	other := brokerRecord(8953, 2, broker.StatusReady)
	require.NoError(t, s.Put(ctx, r, other))
	at := time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)
	step := func(id uuid.UUID, to broker.Status, effects ...broker.SideEffect) {
		require.NoError(t, s.Update(ctx, id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
			cur.Status = to
			return cur, effects, nil
		}))
	}
	sent := broker.History{Record: r.ID, Type: broker.HistorySendOrderRequest, At: at}
	ack := broker.History{Record: r.ID, Type: broker.HistoryReceiveOrderResponse, Detail: "new_order", At: at.Add(time.Second)}
	msg := broker.TransactionMessage{Record: r.ID, Key: r.Key, Text: "Ln#: 1 Acknowledged by Broker", At: at.Add(time.Second)}
	ship := broker.ShipmentDetails{Record: r.ID, Key: r.Key, LineSeq: 1, ShippingAgent: "UPS", TrackingNumber: "1Z999", ShipmentDate: at.Add(time.Hour)}
	step(r.ID, broker.StatusWaiting, sent)
	step(other.ID, broker.StatusWaiting, broker.History{Record: other.ID, Type: broker.HistorySendOrderRequest, At: at})
	step(r.ID, broker.StatusAcknowledged, ack, broker.LineUpdate{Record: r.ID, Key: r.Key, LineSeq: 1, AssignToBroker: true}, msg)
	step(r.ID, broker.StatusCompleted, ship, broker.BillingRequest{Record: r.ID, Key: r.Key, LineSeq: 1})

	trail, err := f.RecordTrail(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, []broker.SideEffect{sent, ack, msg, ship}, trail,
		"history, messages and shipment details of this record, in the order written; other kinds are not in the trail")
	trail, err = f.RecordTrail(ctx, brokerRecord(1, 1, broker.StatusReady).ID)
	require.ErrorIs(t, err, broker.ErrUnknownRequest)
	assert.Empty(t, trail)

	fresh := brokerRecord(9000, 1, broker.StatusReady)
	require.NoError(t, s.Put(ctx, fresh))
	trail, err = f.RecordTrail(ctx, fresh.ID)
	require.NoError(t, err)
	assert.Empty(t, trail, "a record nothing happened to has an empty trail")
}
