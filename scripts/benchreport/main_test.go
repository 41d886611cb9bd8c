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
PASS
`
	var out strings.Builder
	require.NoError(t, report(strings.NewReader(in), &out, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)))
	s := out.String()
	assert.Contains(t, s, "| `broker` | `StatusList10k` | 2.2 (x-baseline) | 61000 records/s | 100 |")
	assert.Contains(t, s, "| `xmlmsg` | `SubmitOrder/interleaved` | 0.99 (decode/baseline) |  | 2000 |")
	assert.Contains(t, s, "2026-11-25 (linux, Test CPU)")

	require.Error(t, report(strings.NewReader("PASS\n"), &out, time.Now()))
}
