package xmlmsg

import (
	"context"
	"encoding/xml"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/storage/memory"
)

// xmlListTransport answers each status list request with prepared XML
// bytes, decoded and mapped as brokerhttp does (DecodeStatusListRequestResponseBytes,
// then Broker), without the network.
type xmlListTransport struct {
	broker.Transport // other messages are not used by the benchmark
	byFirstID        map[string][]byte
}

func (x *xmlListTransport) StatusListRequest(_ context.Context, req broker.StatusListRequest) (broker.StatusListResponse, error) {
	data, ok := x.byFirstID[req.RequestIDs[0]]
	if !ok {
		return broker.StatusListResponse{}, fmt.Errorf("no prepared answer for %s: %w", req.RequestIDs[0], broker.ErrUnknownRequest)
	}
	m, err := DecodeStatusListRequestResponseBytes(data, OBOptions{})
	if err != nil {
		return broker.StatusListResponse{}, fmt.Errorf("%w: %w", broker.ErrMalformed, err)
	}
	return m.Broker(), nil
}

// benchStatusList builds n polled records and the status list responses
// (chunks of 1000 request ids, BRK-305) that move them on: a quarter each to
// accepted, fulfilled, intransit and new_order.
func benchStatusList(b *testing.B, n int) ([]broker.Record, map[string][]byte, [][]byte) {
	words := []string{"accepted", "fulfilled", "intransit", "new_order"}
	recs := make([]broker.Record, n)
	answers := map[string][]byte{}
	var chunks [][]byte
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 1000 {
		resp := broker.StatusListResponse{Header: broker.MessageHeader{XactionResponse: "OK", XactionType: "INFO", DateTime: at, Version: "18.0"}}
		for i := start; i < min(start+1000, n); i++ {
			id := fmt.Sprint(100000 + i)
			recs[i] = broker.Record{ID: uuid.New(), Flow: "F1", Key: broker.OrderKey{Company: 6, Order: 1 + i, ShipTo: 1},
				LineSeq: 1, LineNo: 1, Status: broker.StatusPolled, RequestID: id, FulfillingLocation: "317"}
			resp.Orders = append(resp.Orders, broker.OrderStatusReport{RequestID: id, OrderID: fmt.Sprintf("%d-001", 1+i),
				OrderStatus: words[i%4], Items: []broker.ItemStatus{{LineNo: 1, RequestingLine: 1, ItemID: "PENCIL", Status: words[i%4],
					Fulfilling: broker.Location{Location: "317", System: "SYSTEM01"}, ShippingAgent: "UPS", TrackingNumber: "1Z999", StatusDate: at}}})
		}
		data, err := StatusListRequestResponseFromBroker(resp).Encode()
		if err != nil {
			b.Fatal(err)
		}
		answers[resp.Orders[0].RequestID] = data
		chunks = append(chunks, data)
	}
	return recs, answers, chunks
}

// BenchmarkStatusListBrokerRun10k processes status list responses carrying
// 10,000 records from XML bytes through a BROKER run: the transport decodes
// each response (DecodeStatusListRequestResponseBytes) and maps it to the
// domain, the F1 state machine moves every record, and the memory store
// keeps them. The baseline, measured in the same run, is encoding/xml's
// Unmarshal of the same bytes into the bare all-string wire struct.
// Sub-benchmarks: baseline, run (the ratio of their ns/op is the figure),
// and interleaved, which alternates the two in one loop and reports
// x-baseline (goal ≤ 0.5) and records/s through the run.
func BenchmarkStatusListBrokerRun10k(b *testing.B) {
	const n = 10000
	recs, answers, chunks := benchStatusList(b, n)
	var size int
	for _, c := range chunks {
		size += len(c)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	settings := broker.Settings{SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: 30, MessageVersion: "18.0"}
	ctx := context.Background()
	baseline := func(b *testing.B) {
		for _, c := range chunks {
			var w obWireEnvelope[obWireStatusResponseBody]
			if err := xml.Unmarshal(c, &w); err != nil {
				b.Fatal(err)
			}
		}
	}
	newRun := func(b *testing.B) *broker.Runner {
		store := memory.NewBrokerStore()
		if err := store.Put(ctx, recs...); err != nil {
			b.Fatal(err)
		}
		return &broker.Runner{Transport: &xmlListTransport{byFirstID: answers}, Store: store, Orders: store,
			Engine: broker.Engine{Settings: settings, Now: func() time.Time { return now }}}
	}
	run := func(b *testing.B, r *broker.Runner) {
		rep, err := r.Run(ctx)
		if err != nil || len(rep.Errors) > 0 || rep.Transitions != n {
			b.Fatalf("transitions %d of %d, err %v, record errors %v", rep.Transitions, n, err, rep.Err())
		}
	}
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			baseline(b)
		}
	})
	b.Run("run", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			r := newRun(b)
			b.StartTimer()
			run(b, r)
		}
	})
	b.Run("interleaved", func(b *testing.B) {
		var base, pipe time.Duration
		for b.Loop() {
			r := newRun(b)
			t0 := time.Now()
			baseline(b)
			t1 := time.Now()
			run(b, r)
			pipe += time.Since(t1)
			base += t1.Sub(t0)
		}
		if base > 0 && pipe > 0 {
			b.ReportMetric(float64(pipe)/float64(base), "x-baseline")
			b.ReportMetric(float64(n*b.N)/pipe.Seconds(), "records/s")
		}
	})
}
