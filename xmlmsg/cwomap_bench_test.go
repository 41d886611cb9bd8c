package xmlmsg

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/omskit/omskit/internal/threadcpu"
	"github.com/omskit/omskit/order"
)

// BenchmarkCWOIntake measures CWORDERIN bytes → validated order persisted in
// the memory store through the real path (DecodeCWOrderIn, CWOrderInInput,
// order.Intake with the customer rules on the memory customer store, the
// memory order store and catalog, numeric order numbers, response built)
// against a baseline measured in the same run: a plain encoding/xml
// Unmarshal of the same bytes into the bare wire struct. Both run in
// alternating blocks of 4 so they see the same machine; the time is the CPU
// time of the benchmark's thread (CLOCK_THREAD_CPUTIME_ID, the thread
// locked), so that other work on a shared machine, which preempts the
// thread, does not count. It reports x-baseline (full / baseline; goal for
// 1 line: at most 0.7, the whole intake faster than encoding/xml merely
// reading the message) and orders/s of the full path (per CPU second of
// the thread).
//
//	go test -run '^$' -bench CWOIntake -benchtime 2000x ./xmlmsg/
func BenchmarkCWOIntake(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		data := cwoSample(b, fmt.Sprintf("lines_%d.xml", n))
		// A pool of messages that differ only in order_number (same
		// length), so every intake is a new order, not a replay.
		const pool = 256
		msgs := make([][]byte, pool)
		at := bytes.Index(data, []byte(`order_number="`))
		end := at + len(`order_number="`) + bytes.IndexByte(data[at+len(`order_number="`):], '"')
		if at < 0 || end <= at {
			b.Fatal("order_number not found in the sample")
		}
		for i := range msgs {
			msgs[i] = append(fmt.Appendf(append([]byte(nil), data[:at]...), `order_number="bench-%06d`, i), data[end:]...)
		}
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ctx := context.Background()
			opts := cwoOpts(CWOVersionOMS5)
			var env *cwoIntakeEnv
			var fullNs, baseNs time.Duration
			count := 0
			const block = 4
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if count%pool == 0 {
					env = newCWOIntakeEnv(b, cwoIntakeSettings())
				}
				t0 := threadcpu.Now()
				for k := range block {
					var raw cwoInRawMessage
					if err := xml.Unmarshal(msgs[(count+k)%pool], &raw); err != nil {
						b.Fatal(err)
					}
				}
				t1 := threadcpu.Now()
				for k := range block {
					m, err := DecodeCWOrderIn(msgs[(count+k)%pool], opts)
					if err != nil {
						b.Fatal(err)
					}
					res, err := order.Intake(ctx, env.deps, CWOrderInInput(m, msgs[(count+k)%pool]))
					if err != nil || res.Order.Status != order.StatusOpen || res.Replayed {
						b.Fatalf("intake: %v %v %v", err, res.Order.Status, res.Errors)
					}
				}
				t2 := threadcpu.Now()
				baseNs += t1 - t0
				fullNs += t2 - t1
				count += block
			}
			if baseNs > 0 && fullNs > 0 {
				b.ReportMetric(float64(fullNs)/float64(baseNs), "x-baseline")
				b.ReportMetric(float64(count)/fullNs.Seconds(), "orders/s")
			}
		})
	}
}
