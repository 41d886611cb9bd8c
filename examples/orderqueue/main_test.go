package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/amqptest"
	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/internal/syncbuf"
	"github.com/omskit/omskit/storage/sqlstore"
)

// startWorker runs the worker with args and waits for its first line.
func startWorker(t *testing.T, args ...string) (logs *syncbuf.Buffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs = &syncbuf.Buffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, logs)
		_ = pw.CloseWithError(fmt.Errorf("run returned: %v", err))
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, "worker did not start; logs:\n%s", logs)
	require.Contains(t, line, "orderqueue: consuming web=")
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(30 * time.Second):
				runErr = fmt.Errorf("run did not return after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return logs, stop
}

// exchange runs the worker on the store flags given and the sender against
// it, and checks the answers the sender prints; it returns the number of
// orders the samples create.
func exchange(t *testing.T, store ...string) {
	t.Helper()
	b := amqptest.New(t)
	in, pos, answers := b.Queue("web.in"), b.Queue("pos.in"), b.Queue("answers")
	b.Queue("web.in.dead")
	b.Queue("pos.in.dead")
	logs, stop := startWorker(t, append(store, "-amqp="+b.URL, "-channels=web="+in+":2,pos="+pos+":1", "-reply-queue="+answers)...)

	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"send", "-amqp=" + b.URL, "-queue=" + in, "-pos-queue=" + pos, "-answers=" + answers,
		"-samples=" + filepath.Join("..", "..", "xmlmsg", "testdata", "cworderin"), "-idle=3s"}, &out, &out))
	s := out.String()
	assert.Contains(t, s, "sent 18 samples to "+in+" and "+pos)
	assert.Contains(t, s, "== simple_order_with_payment.xml: taken\n<?xml")
	assert.Contains(t, s, `reference_order_number="WEB-100231"`)
	assert.Contains(t, s, "== batch_first.xml: no answer", "ORD-019: response_type N")
	assert.Contains(t, s, "== batch_middle.xml: no answer", "ORD-020: the batch goes in its order")
	assert.Contains(t, s, "== batch_last.xml: no answer")
	assert.Contains(t, s, "== payment_only.xml: refused\nInvalid XML Message:\n", "ORD-057: names no order in a new database")
	assert.Contains(t, s, "== orce_customer_id.xml: refused\nInvalid XML Message:\n", "customer 200 is not on file and the sample carries no name to create it")
	assert.Contains(t, s, "== over_65000_chars.xml: refused\nInvalid XML Message:\n", "message-formats.md §1.5: over 65,000 characters, refused whole (issue 17 item 4)")
	assert.NotContains(t, s, "4111111111111111")
	assert.Equal(t, 18, strings.Count(s, "\n== "))
	require.NoError(t, stop())
	assert.Contains(t, logs.String(), `msg="order taken in" channel=web queue=`+in)
	assert.Contains(t, logs.String(), "msg=stopped")
	assert.NotContains(t, logs.String(), "4111111111111111")
	assert.Zero(t, b.Count(t, in))
	assert.Zero(t, b.Count(t, pos))
	assert.Equal(t, 3, b.Count(t, in+".dead"), "the refused payment-only, unknown-customer and over-limit messages are dead-lettered")
}

func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

func TestWorkerAndSenderSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	exchange(t, "-db="+path)
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 15, count(t, db.SQL(), "omskit_order"), "every sample but the three refused ones is an order, once")
}

func TestWorkerAndSenderPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	exchange(t, "-dsn="+dsn)
	db, err := sqlstore.OpenPostgres(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, 15, count(t, db.SQL(), "omskit_order"))
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no channels", []string{"-channels= , "}, "flag -channels is empty"},
		{"bad channel", []string{"-channels=web"}, `flag -channels "web": want name=queue[:sessions]`},
		{"bad sessions", []string{"-channels=web=Q:x"}, `sessions "x" must be a positive number`},
		{"sessions", []string{"-sessions=0"}, "flag -sessions 0: must be positive"},
		{"prefetch", []string{"-prefetch=0"}, "flag -prefetch 0: must be positive"},
		{"timeout", []string{"-shutdown-timeout=0s"}, "flag -shutdown-timeout 0s: must be positive"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"version", []string{"-version=17"}, `flag -version "17"`},
		{"url", []string{"-db=:memory:", "-amqp=http://x/"}, "orderamqp: configuration: URL"},
		{"reply into a process queue", []string{"-db=:memory:", "-channels=web=Q", "-reply-queue=Q"}, "answers would be taken in as orders"},
		{"send argument", []string{"send", "extra"}, `unexpected argument "extra"`},
		{"send idle", []string{"send", "-idle=0s"}, "flags -idle 0s and -timeout 1m0s: must be positive"},
		{"send samples", []string{"send", "-samples=" + t.TempDir()}, "no *.xml samples"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tc.args, &out, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	chs, err := parseChannels("web=A:3, remote=B", 2, 5, "R")
	require.NoError(t, err)
	assert.Equal(t, "A", chs[0].Queue)
	assert.Equal(t, 3, chs[0].Sessions)
	assert.Equal(t, 2, chs[1].Sessions)
	assert.Equal(t, 5, chs[1].Prefetch)
	assert.Equal(t, "R", chs[1].ReplyQueue)
	for _, args := range [][]string{{"-h"}, {"send", "-h"}} {
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), args, &out, &out), "-h prints usage and exits 0")
		assert.Contains(t, out.String(), "usage: orderqueue")
	}
}

// The sender refuses to publish to a process queue that does not exist
// (the message would be lost).
func TestSenderNeedsTheQueue(t *testing.T) {
	b := amqptest.New(t)
	var out bytes.Buffer
	err := run(context.Background(), []string{"send", "-amqp=" + b.URL, "-queue=" + b.Queue("missing"),
		"-samples=" + filepath.Join("..", "..", "xmlmsg", "testdata", "cworderin")}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "start the worker first")
}
