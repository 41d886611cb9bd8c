package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stream is a `go test -json` run of four packages: one passing with a
// skipped test, one failing, one timing out, one without tests.
const stream = `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestPG"}
{"Action":"output","Package":"m/a","Test":"TestPG","Output":"=== RUN   TestPG\n"}
{"Action":"output","Package":"m/a","Test":"TestPG","Output":"skip\ta\tOMSKIT_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped\n"}
{"Action":"output","Package":"m/a","Test":"TestPG","Output":"    pgtest.go:28: OMSKIT_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped\n"}
{"Action":"output","Package":"m/a","Test":"TestPG","Output":"--- SKIP: TestPG (0.00s)\n"}
{"Action":"skip","Package":"m/a","Test":"TestPG"}
{"Action":"run","Package":"m/a","Test":"TestOK"}
{"Action":"output","Package":"m/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"output","Package":"m/a","Test":"TestOK","Output":"    a_test.go:9: chatty log line\n"}
{"Action":"pass","Package":"m/a","Test":"TestOK"}
{"Action":"output","Package":"m/a","Output":"PASS\n"}
{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.01s\n"}
{"Action":"pass","Package":"m/a"}
{"Action":"run","Package":"m/b","Test":"TestBad"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"=== RUN   TestBad\n"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"    b_test.go:5: want 1, got 2\n"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"m/b","Test":"TestBad"}
{"Action":"output","Package":"m/b","Output":"FAIL\n"}
{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.01s\n"}
{"Action":"fail","Package":"m/b"}
{"Action":"run","Package":"m/d","Test":"TestSlow"}
{"Action":"output","Package":"m/d","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"m/d","Test":"TestSlow","Output":"panic: test timed out after 10m0s\n"}
{"Action":"output","Package":"m/d","Output":"FAIL\tm/d\t600.1s\n"}
{"Action":"fail","Package":"m/d"}
{"Action":"output","Package":"m/c","Output":"?   \tm/c\t[no test files]\n"}
{"Action":"skip","Package":"m/c"}
`

// TestRender (issue 17 item 19): the plain go test lines, the failing
// test's output, no passing test's chatter, and the skipped test with its
// reason in the closing list.
func TestRender(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(stream), &out))
	s := out.String()
	assert.Contains(t, s, "ok  \tm/a\t0.01s\n")
	assert.Contains(t, s, "    b_test.go:5: want 1, got 2\n--- FAIL: TestBad (0.00s)\n")
	assert.Contains(t, s, "FAIL\tm/b\t0.01s\n")
	assert.Contains(t, s, "?   \tm/c\t[no test files]\n")
	assert.Contains(t, s, "panic: test timed out after 10m0s\n", "the output of a test that never ended, in a failing package")
	assert.NotContains(t, s, "chatty log line")
	assert.True(t, strings.HasSuffix(s, "== skipped tests (1)\nm/a TestPG: OMSKIT_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped\n"), s)
}

func TestRenderNoSkips(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(`{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.01s\n"}`+"\n"), &out))
	assert.Equal(t, "ok  \tm/a\t0.01s\n== skipped tests: none\n", out.String())
}
