package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReport(t *testing.T) {
	in := `goos: linux
cpu: Test CPU
pkg: github.com/omskit/omskit/broker
BenchmarkStatusList10k-2   	      10	 100 ns/op	 61000 records/s	 2.2 x-baseline
pkg: github.com/omskit/omskit/xmlmsg
BenchmarkSubmitOrder/interleaved-2 	 500	 2000 ns/op	 0.99 decode/baseline
BenchmarkSubmitOrder/baseline-2 	 500	 10000 ns/op	 100 B/op	 1600 allocs/op
BenchmarkSubmitOrder/decode-2 	 500	 1500 ns/op	 50 B/op	 64 allocs/op
pkg: github.com/omskit/omskit/storage/sqlstore
BenchmarkSel/x/baseline-select-2   100   1000 ns/op   1000000 customers   0.3 p99-ms
BenchmarkSel/x/selection-2         100   1500 ns/op   1000000 customers   0.4 p99-ms
BenchmarkIntakeThroughput/sync=on/workers=1/baseline-commit-2   500   2500000 ns/op   180.5 db-cpu-µs/commit   105.1 go-cpu-µs/commit   400.0 commits/s   2.85 x-separate-ceiling
BenchmarkIntakeThroughput/sync=on/workers=1/intake-2   200   4909129 ns/op   471.4 db-cpu-µs/order   426.9 go-cpu-µs/order   203.8 orders/s   2.321 x-separate
PASS
`
	var out strings.Builder
	require.NoError(t, report(strings.NewReader(in), &out, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)))
	s := out.String()
	assert.Contains(t, s, "| `broker` | `StatusList10k` | 2.2 (x-baseline) |  | 61000 records/s | 100 |")
	assert.Contains(t, s, "| `xmlmsg` | `SubmitOrder/interleaved` | 0.99 (decode/baseline) | ≤ 0.2×, allocs ≤ 1/8 |  | 2000 |")
	// A sibling of a baseline: its time and allocations over the baseline's.
	assert.Contains(t, s, "| `xmlmsg` | `SubmitOrder/decode` | 0.15 (ns/op over the baseline's), 0.04 (allocs over the baseline's) | ≤ 0.2×, allocs ≤ 1/8 |  | 1500 |")
	assert.Contains(t, s, "2026-11-25 (linux, Test CPU)")
	assert.Contains(t, s, "| `storage/sqlstore` | `Sel/x/selection` | 1.5 (ns/op over the baseline's) |  | 1000000 customers, 0.4 p99-ms | 1500 |")

	// CPU per order is a throughput figure; the goal names its ratio.
	assert.Contains(t, s, "| `storage/sqlstore` | `IntakeThroughput/sync=on/workers=1/intake` | 2.321 (x-separate) | x-separate ≥ 2.5× | 471.4 db-cpu-µs/order, 426.9 go-cpu-µs/order, 203.8 orders/s | 4909129 |")

	// The bare-commit floor: CPU per commit and its ceiling ratio.
	assert.Contains(t, s, "| `storage/sqlstore` | `IntakeThroughput/sync=on/workers=1/baseline-commit` | 2.85 (x-separate-ceiling) |  | 180.5 db-cpu-µs/commit, 105.1 go-cpu-µs/commit, 400.0 commits/s | 2500000 |")

	require.Error(t, report(strings.NewReader("PASS\n"), &out, time.Now()))
}
