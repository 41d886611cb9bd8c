package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pgtest"
)

// runWorker runs the worker with -simulate for at most 30 s and returns
// what it printed.
func runWorker(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	args = append([]string{"-simulate", "-interval=20ms", "-for=30s", "-log-level=error", "-owner=test-worker"}, args...)
	start := time.Now()
	require.NoError(t, run(t.Context(), args, &out, io.Discard), out.String())
	assert.Less(t, time.Since(start), 30*time.Second, "the worker stops when the demo records are done, not at -for")
	return out.String()
}

// assertWalked: each line of the demo orders 7001.. went
// R -> W -> K -> P -> A -> X (F1.02, F1.04, F1.09, F1.10, F1.19) and was
// submitted once; then the other flows, every message sent by the BROKER
// run (issue 13 finding 6), the demo playing only the host's events and
// the stores.
func assertWalked(t *testing.T, out string, orders int) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2*orders+5, out)
	for i, l := range lines[:2*orders] {
		assert.Contains(t, l, fmt.Sprintf("F1 company 6 order %d-001 line %d: ", 7001+i/2, 1+i%2), l)
		assert.Contains(t, l, ": R -> W -> K -> P -> A -> X; submitted 1 time(s)", l)
	}
	assertPickupFlows(t, lines[2*orders:])
}

// assertPickupFlows: the F2, F4 and F3 demo orders, in that order.
func assertPickupFlows(t *testing.T, lines []string) {
	t.Helper()
	want := []string{
		// F2.01 (pick slip) -> F2.05 (the run submits SHIPFORPICKUP, OB acknowledges, picked sent) -> F2.06 (shipped, intransit sent)
		"F2 company 6 order 7501-001 line 1: I -> F -> T; submitted 1 time(s)",
		"F2 company 6 order 7501-001 line 2: I -> F -> T; submitted 1 time(s)",
		// R (accepted, not yet sent) -> F4.03 (the run submits PICKUP) -> F4.05 -> F4.06 -> F4.09
		"F4 company 6 order 7701-001 line 1: R -> K -> P -> A -> X; submitted 1 time(s)",
		"F4 company 6 order 7701-001 line 2: R -> K -> P -> A -> X; submitted 1 time(s)",
		// F3.01 (the run's Fulfillments poll creates it, accepted) -> F3.10 (picked sent) -> F3.12 (fulfilled sent)
		"F3 company 6 order 7801-001 line 1: I -> F -> X; submitted 0 time(s)",
	}
	assert.Equal(t, want, lines, "F2.05, F2.06, F3.10, F3.12, F4.03, F4.09: every flow walked through the Runner")
}

func TestWorkerSQLite(t *testing.T) {
	assertWalked(t, runWorker(t), 3)
}

func TestWorkerPostgres(t *testing.T) {
	dsn := pgtest.DSN(t) // skips with the how-to when OMSKIT_TEST_POSTGRES_DSN is unset
	assertWalked(t, runWorker(t, "-dsn="+dsn), 3)
}

// Several workers share the queue: each line is still submitted once and
// walks every status.
func TestSeveralWorkersSQLite(t *testing.T) {
	assertWalked(t, runWorker(t, "-workers=4", "-orders=8", "-batch=3"), 8)
}

func TestSeveralWorkersPostgres(t *testing.T) {
	dsn := pgtest.DSN(t) // skips with the how-to when OMSKIT_TEST_POSTGRES_DSN is unset
	assertWalked(t, runWorker(t, "-dsn="+dsn, "-workers=4", "-orders=8", "-batch=3"), 8)
}

// syncBuffer is a bytes.Buffer safe for the worker's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWorkerStopsOnSignal: a SIGTERM (here: the context a signal would
// end) stops the worker between runs; it still prints where the records
// are, and nothing was submitted twice.
func TestWorkerStopsOnSignal(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out bytes.Buffer
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-simulate", "-interval=1h", "-log-level=info"}, &out, &logs)
	}()
	// The first run happens at once; the next would be in an hour.
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "msg=\"BROKER run\"") }, 20*time.Second, 10*time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not stop")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 11, out.String())
	for _, l := range lines[:6] {
		assert.Contains(t, l, ": R -> W -> K; submitted 1 time(s)", "one run: submitted and acknowledged (F1.02, F1.04)")
	}
	assert.Contains(t, logs.String(), "stopping", "the worker says it stops")
}

// TestHelpExitsZero: -h (and -help) print the usage and succeed (issue 17
// item 10); main exits 0 when run returns nil.
func TestHelpExitsZero(t *testing.T) {
	for _, arg := range []string{"-h", "-help"} {
		var out bytes.Buffer
		require.NoError(t, run(t.Context(), []string{arg}, &out, io.Discard), arg)
		assert.Contains(t, out.String(), "usage: brokerworker", arg)
		assert.Contains(t, out.String(), "-resend-waiting", "the resend delay of issue 13 finding 5 is a flag")
	}
}

func TestFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "-broker URL or -simulate is required"},
		{[]string{"-simulate", "-interval=0s"}, "-interval 0s: must be positive"},
		{[]string{"-simulate", "-batch=0"}, "-batch 0: must be positive"},
		{[]string{"-simulate", "-workers=0"}, "-workers 0: must be positive"},
		{[]string{"-simulate", "-owner="}, "-owner is blank"},
		{[]string{"-simulate", "extra"}, `unexpected arguments ["extra"]`},
		{[]string{"-simulate", "-log-level=loud"}, `-log-level "loud"`},
	} {
		err := run(t.Context(), c.args, io.Discard, io.Discard)
		require.Error(t, err, "%v", c.args)
		assert.Contains(t, err.Error(), c.want)
	}
}

// TestSecondSimulatorRefusedPostgres: two -simulate processes on one
// database corrupted each other (issue 17 item 9: the simulator's state is
// per process). A second simulating worker on the same database is refused
// with a clear message while the first runs, and may start once it stopped.
func TestSecondSimulatorRefusedPostgres(t *testing.T) {
	dsn := pgtest.DSN(t) // skips with the how-to when OMSKIT_TEST_POSTGRES_DSN is unset
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-simulate", "-dsn=" + dsn, "-interval=1h", "-log-level=info", "-owner=first"}, io.Discard, &logs)
	}()
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "msg=\"BROKER run\"") }, 20*time.Second, 10*time.Millisecond)

	err := run(t.Context(), []string{"-simulate", "-dsn=" + dsn, "-interval=20ms", "-for=5s", "-log-level=error", "-owner=second"}, io.Discard, io.Discard)
	require.ErrorIs(t, err, errSimulating)
	assert.Contains(t, err.Error(), "another brokerworker -simulate is running on this database")

	cancel()
	require.NoError(t, <-done)
	assertWalked(t, runWorker(t, "-dsn="+dsn), 3) // the first one stopped: the lock is free again
}
