package broker

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// memStore is an in-memory RecordStore for tests and the benchmark.
type memStore struct {
	mu      sync.Mutex
	recs    map[uuid.UUID]Record
	effects []SideEffect
	failOn  map[uuid.UUID]error // Update fails for these ids
}

func newMemStore(recs ...Record) *memStore {
	m := &memStore{recs: map[uuid.UUID]Record{}, failOn: map[uuid.UUID]error{}}
	for _, r := range recs {
		m.recs[r.ID] = r
	}
	return m
}

func (m *memStore) ListByStatus(_ context.Context, statuses ...Status) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record
	for _, r := range m.recs {
		for _, s := range statuses {
			if r.Status == s {
				out = append(out, r)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LineSeq < out[j].LineSeq })
	return out, nil
}

func (m *memStore) Update(_ context.Context, id uuid.UUID, fn func(Record) (Record, []SideEffect, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.failOn[id]; err != nil {
		return err
	}
	cur, ok := m.recs[id]
	if !ok {
		return fmt.Errorf("record %s: %w", id, ErrUnknownRequest)
	}
	next, effs, err := fn(cur)
	if err != nil {
		return err
	}
	m.recs[id] = next
	m.effects = append(m.effects, effs...)
	return nil
}

func (m *memStore) get(id uuid.UUID) Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.recs[id]
}

func (m *memStore) texts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, e := range m.effects {
		if t, ok := e.(TransactionMessage); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

// orderSource serves fixed orders.
type orderSource map[OrderKey]Order

func (o orderSource) Order(_ context.Context, k OrderKey) (Order, error) {
	ord, ok := o[k]
	if !ok {
		return Order{}, fmt.Errorf("%s: %w", k, ErrUnknownRequest)
	}
	return ord, nil
}

// fakeTransport answers with functions and counts calls.
type fakeTransport struct {
	mu        sync.Mutex
	submits   []SubmitOrder
	inquiries []StatusRequest
	lists     []StatusListRequest
	updates   []StatusUpdate
	submit    func(SubmitOrder) (SubmitOrderResponse, error)
	status    func(StatusRequest) (StatusResponse, error)
	list      func(StatusListRequest) (StatusListResponse, error)
	update    func(StatusUpdate) (StatusUpdateResponse, error)
}

func (f *fakeTransport) SubmitOrder(_ context.Context, r SubmitOrder) (SubmitOrderResponse, error) {
	f.mu.Lock()
	f.submits = append(f.submits, r)
	f.mu.Unlock()
	if f.submit == nil {
		return SubmitOrderResponse{}, fmt.Errorf("no submit handler: %w", ErrUnavailable)
	}
	return f.submit(r)
}

func (f *fakeTransport) StatusRequest(_ context.Context, r StatusRequest) (StatusResponse, error) {
	f.mu.Lock()
	f.inquiries = append(f.inquiries, r)
	f.mu.Unlock()
	if f.status == nil {
		return StatusResponse{}, fmt.Errorf("no status handler: %w", ErrUnavailable)
	}
	return f.status(r)
}

func (f *fakeTransport) StatusListRequest(_ context.Context, r StatusListRequest) (StatusListResponse, error) {
	f.mu.Lock()
	f.lists = append(f.lists, r)
	f.mu.Unlock()
	if f.list == nil {
		return StatusListResponse{}, fmt.Errorf("no list handler: %w", ErrUnavailable)
	}
	return f.list(r)
}

func (f *fakeTransport) StatusUpdate(_ context.Context, r StatusUpdate) (StatusUpdateResponse, error) {
	f.mu.Lock()
	f.updates = append(f.updates, r)
	f.mu.Unlock()
	if f.update == nil {
		return StatusUpdateResponse{}, fmt.Errorf("no update handler: %w", ErrUnavailable)
	}
	return f.update(r)
}

func (f *fakeTransport) Fulfillments(context.Context, FulfillmentsRequest) (FulfillmentsResponse, error) {
	return FulfillmentsResponse{}, nil
}

var (
	t0       = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	key8953  = OrderKey{Company: 6, Order: 8953, ShipTo: 1}
	baseSets = Settings{
		SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0",
		OriginatingLocation: "M32LOC", LocalCurrency: "USD", DeliveryOrderTypeFromOMS: "D", RetailPickupOrderTypeFromOMS: "P",
	}
)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// rec builds a record of order 8953-001.
func rec(seq int, st Status) Record {
	return Record{ID: uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "rec-%d", seq)), Flow: "F1", Key: key8953, LineSeq: seq, LineNo: seq, Status: st}
}

// recReq is rec with a request ID.
func recReq(seq int, st Status, req string) Record {
	r := rec(seq, st)
	r.RequestID = req
	return r
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// eligibleOrder is an open, paid order whose one line meets every F1 rule.
func eligibleOrder() Order {
	return Order{
		Key: key8953, Type: "W", Status: OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: Customer{Number: 12345, Address: Address{Name: Name{First: "FIRST", Last: "LAST"},
			Address1: "12345 EXAMPLE STREET", City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US",
			Email: "first.last@example.com", DayPhone: "5085550100", EveningPhone: "5085550200"}},
		ShipTo: Address{Name: Name{First: "FIRST", Last: "LAST"}, Address1: "12345 EXAMPLE STREET", City: "WORCESTER",
			Province: "MA", Postal: "01602", Country: "US"},
		ShipVia: "1", ShipViaDescription: "UPS GROUND", SourceCode: "SOURCE",
		Lines: []OrderLine{{Seq: 4, Number: 4, Status: LineOpen, Ordered: 1, Backordered: 1, UnitPrice: dec("1.0"),
			Item: Item{Code: "PENCIL", OROBEligible: true}, Taxes: []Tax{{Description: "Tax", Amount: dec("0.06")}}}},
	}
}
