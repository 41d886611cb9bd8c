package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/syncbuf"
)

var consoleURL = regexp.MustCompile(`msg="console serving" .*url=(http://\S+/) `)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// -console serves the Order Broker console over the worker's store and the
// Prometheus /metrics of its runs; with -simulate the worker keeps
// serving after the demo records are done.
func TestConsoleAndMetrics(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-simulate", "-interval=20ms", "-for=60s", "-owner=test-worker", "-console=127.0.0.1:0"}, io.Discard, &logs)
	}()
	var url string
	require.Eventually(t, func() bool {
		m := consoleURL.FindStringSubmatch(logs.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, 20*time.Second, 10*time.Millisecond, "the console's address is logged")

	// The demo records walk to X; the console shows them, and the metrics
	// count the BROKER runs' transitions.
	var status int
	var body string
	require.Eventually(t, func() bool {
		status, body = get(t, url+"?status=X")
		return strings.Contains(body, "records 1–9 of 9")
	}, 30*time.Second, 50*time.Millisecond, "every demo record that ends in X reaches it: six F1 lines, two F4 lines, one F3 line")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "Work with Order Broker")
	for _, o := range []string{"7001-001", "7002-001", "7003-001"} {
		assert.Contains(t, body, o)
	}
	status, body = get(t, url+"metrics")
	require.Equal(t, http.StatusOK, status)
	assert.Regexp(t, `omskit_broker_transitions_total\{[^}]*omskit_broker_row="F1\.19"[^}]*\} 6`, body, "six lines fulfilled")
	assert.Regexp(t, `omskit_broker_records\{[^}]*omskit_broker_status="X"[^}]*\} 9`, body, "F1, F3 and F4 lines in X")

	select {
	case err := <-done:
		t.Fatalf("the worker stopped with the console on: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	require.NoError(t, <-done)
}
