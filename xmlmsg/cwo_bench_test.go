package xmlmsg

import (
	"encoding/xml"
	"fmt"
	"testing"
	"time"
)

// The benchmarks measure DecodeCWOrderIn / DecodeCWOrderOut (UTF-8 check,
// root check, unmarshal, conversion to typed values, validation, case
// normalisation) against a baseline measured in the same run: a plain
// encoding/xml Unmarshal of the same bytes into a bare struct with one
// string field per attribute (the wire mirror cwoInRawMessage /
// cwoOutRawMessage). Each family has three sub-benchmarks: decode, baseline,
// and ratio, which alternates the two in small blocks so both see the same
// machine load, and reports decode time / baseline time as "x-baseline"
// (goal: at most 0.3; allocations at most 1/8 of the baseline's).

// cwoBenchFamily runs the decode, baseline and ratio sub-benchmarks.
func cwoBenchFamily(b *testing.B, name string, size int, decode, baseline func() error) {
	run := func(fn func() error) func(b *testing.B) {
		return func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if err := fn(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run(name+"decode", run(decode))
	b.Run(name+"baseline", run(baseline))
	b.Run(name+"ratio", func(b *testing.B) {
		var td, tb time.Duration
		const block = 4
		for b.Loop() {
			start := time.Now()
			for range block {
				if err := decode(); err != nil {
					b.Fatal(err)
				}
			}
			mid := time.Now()
			for range block {
				if err := baseline(); err != nil {
					b.Fatal(err)
				}
			}
			td += mid.Sub(start)
			tb += time.Since(mid)
		}
		if tb > 0 {
			b.ReportMetric(float64(td)/float64(tb), "x-baseline")
		}
	})
}

func BenchmarkCWOrderIn(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		data := cwoSample(b, fmt.Sprintf("lines_%d.xml", n))
		opts := cwoOpts(CWOVersionOMS5)
		cwoBenchFamily(b, fmt.Sprintf("lines=%d/", n), len(data),
			func() error { _, err := DecodeCWOrderIn(data, opts); return err },
			func() error { var raw cwoInRawMessage; return xml.Unmarshal(data, &raw) })
	}
}

func BenchmarkCWOrderOut(b *testing.B) {
	reply, err := EncodeCWOrderOut(cwoSampleOut(CWOResponseDetailErrors), cwoOpts(CWOVersionOMS5))
	if err != nil {
		b.Fatal(err)
	}
	data := reply.Body
	opts := cwoOpts(CWOVersionOMS5)
	cwoBenchFamily(b, "detail_errors/", len(data),
		func() error { _, err := DecodeCWOrderOut(data, opts); return err },
		func() error { var raw cwoOutRawMessage; return xml.Unmarshal(data, &raw) })
}
