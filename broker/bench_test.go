package broker

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchFixture is 10k accepted records and a status list response moving them on.
func benchFixture(n int) ([]Record, []OrderStatusReport, map[string][]Record) {
	words := []string{"fulfilled", "intransit", "accepted", "new_order"}
	recs := make([]Record, n)
	reps := make([]OrderStatusReport, n)
	byReq := make(map[string][]Record, n)
	for i := range recs {
		id := fmt.Sprint(100000 + i)
		r := Record{ID: uuid.New(), Flow: "F1", Key: OrderKey{Company: 6, Order: 1 + i/4, ShipTo: 1}, LineSeq: 1 + i%4, LineNo: 1 + i%4,
			Status: StatusPolled, RequestID: id}
		recs[i] = r
		byReq[id] = []Record{r}
		reps[i] = OrderStatusReport{RequestID: id, Items: []ItemStatus{{RequestingLine: r.LineSeq, Status: words[i%len(words)],
			Fulfilling: Location{"317", "SYSTEM01"}, ShippingAgent: "UPS", TrackingNumber: "1Z999"}}}
	}
	return recs, reps, byReq
}

// BenchmarkStatusList10k processes a status list response of 10,000 records
// through the F1 state machine into the in-memory store. The baseline, timed
// in the same run, writes the same 10,000 status letters to the same store
// without the engine. Reported: records/s through the engine, and the
// engine/baseline time ratio.
func BenchmarkStatusList10k(b *testing.B) {
	const n = 10000
	recs, reps, byReq := benchFixture(n)
	letters := map[string]Status{"fulfilled": StatusCompleted, "intransit": StatusInTransit, "accepted": StatusAccepted, "new_order": StatusAcknowledged}
	rn := &Runner{Engine: Engine{Settings: baseSets, Now: fixedClock(t0)}}
	ctx := context.Background()
	var base, eng time.Duration
	b.ReportAllocs()
	for b.Loop() {
		st := newMemStore(recs...)
		start := time.Now()
		for _, rep := range reps {
			to := letters[rep.Items[0].Status]
			_ = st.Update(ctx, byReq[rep.RequestID][0].ID, func(r Record) (Record, []SideEffect, error) {
				r.Status = to
				return r, nil, nil
			})
		}
		base += time.Since(start)

		st = newMemStore(recs...)
		rn.Store = st
		state := &runState{rep: &Report{}}
		start = time.Now()
		rn.applyReports(ctx, state, reps, byReq, SourceStatusList, "bench")
		eng += time.Since(start)
		if len(state.rep.Errors) > 0 || state.rep.Transitions != n {
			b.Fatalf("transitions %d, errors %v", state.rep.Transitions, state.rep.Err())
		}
	}
	b.ReportMetric(float64(n*b.N)/eng.Seconds(), "records/s")
	b.ReportMetric(float64(eng)/float64(base), "x-baseline")
}
