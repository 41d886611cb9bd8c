package orderamqp

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/amqptest"
	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/internal/syncbuf"
)

// Publisher confirms: an answer the broker does not confirm (its queue is
// full and rejects publishes, so the broker nacks) leaves the message
// unacknowledged; it goes back to the queue after a backoff, is replayed
// and answered, identically and once, when the answer queue has room.
// Without the confirm the message would be acknowledged and its answer
// lost.
func TestAnswerNotConfirmed(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, full := b.Queue("web.in"), b.Queue("full")
	b.Queue("web.in" + DeadLetterSuffix)
	ch := b.Channel(t)
	_, err := ch.QueueDeclare(full, true, false, false, false,
		amqp.Table{"x-max-length": int32(1), "x-overflow": "reject-publish"})
	require.NoError(t, err)
	r := start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Queue: in}}}, nil)
	pub := b.Publisher(t)
	for i := range 3 {
		send(t, b, pub, in, fmt.Sprintf("c%d", i), intaketest.Order(fmt.Sprintf("c-%d", i), full))
	}
	require.Eventually(t, func() bool {
		return strings.Count(r.logs.String(), "answer not sent") >= 4
	}, 10*time.Second, 5*time.Millisecond, "the answers beyond the first are nacked by the broker")
	assert.Equal(t, 1, b.Count(t, full), "only the first answer is queued")
	assert.Len(t, env.Orders.Orders(), 3, "ORD-010: the orders are committed before their answers")
	assert.Contains(t, r.logs.String(), "retry_in=", "the message goes back after a backoff")

	got := collect(t, b, full) // room in the answer queue
	got.wait(t, 3, 10*time.Second)
	time.Sleep(100 * time.Millisecond) // nothing more arrives
	assert.Equal(t, 3, got.count(), "one answer per message: a nacked answer is never delivered")
	for i := range 3 {
		id := fmt.Sprintf("c%d", i)
		ans := got.of(id)
		require.Len(t, ans, 1, id)
		assert.Equal(t, "taken", ans[0].Headers[HeaderOutcome], id)
		assert.Equal(t, i > 0, ans[0].Headers[HeaderReplayed], "ORD-010: %s answered on redelivery by a replay", id)
	}
	assert.Equal(t, 3, env.Orders.Commits(), "ORD-010: nothing written twice")
	require.Eventually(t, func() bool { return b.Count(t, in) == 0 }, 5*time.Second, 5*time.Millisecond,
		"every message acknowledged in the end")
}

// Shutdown that runs past Config.ShutdownTimeout: Run returns
// ErrShutdownTimeout, the message in flight is not acknowledged and goes
// back to its queue with the ones prefetched; the next worker replays it
// and answers every message once, nothing written twice.
func TestShutdownTimeout(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	h := holdFirstCommit(t, b, env, "s")
	in, inCommit, release, got := h.in, h.inCommit, h.release, h.got
	cfg := Config{Processor: env.Processor(), ShutdownTimeout: 100 * time.Millisecond,
		Channels: []Channel{{Queue: in, Prefetch: 3, ReplyQueue: h.replies}}}
	r := start(t, b, cfg, nil)
	<-inCommit
	stopped := make(chan error, 1)
	go func() { stopped <- r.stop() }()
	require.Eventually(t, func() bool { return r.lastConn().IsClosed() }, 5*time.Second, 5*time.Millisecond,
		"the connection is closed at the timeout, with the message still in flight")
	close(release)
	require.ErrorIs(t, <-stopped, ErrShutdownTimeout)
	require.Eventually(t, func() bool { return b.Count(t, in) == 3 }, 5*time.Second, 5*time.Millisecond,
		"the message in flight and the prefetched ones are back in the queue")
	assert.Zero(t, got.count(), "nothing answered after the timeout")

	start(t, b, cfg, nil)
	got.wait(t, 3, 10*time.Second)
	time.Sleep(100 * time.Millisecond)
	assert.Equal(t, 3, got.count())
	require.Len(t, got.of("s0"), 1)
	assert.Equal(t, true, got.of("s0")[0].Headers[HeaderReplayed], "ORD-010: committed before the timeout, replayed after it")
	assert.Equal(t, 3, env.Orders.Commits(), "ORD-010: nothing written twice")
}

// A session whose consumer the broker cancels (its process queue deleted
// under it) reopens its channel with backoff, declares the queue again and
// goes on consuming on the same connection.
func TestSessionReopens(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, replies := b.Queue("web.in"), b.Queue("answers")
	b.Queue("web.in" + DeadLetterSuffix)
	r := start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Queue: in, ReplyQueue: replies}}}, nil)
	got := collect(t, b, replies)
	pub := b.Publisher(t)
	send(t, b, pub, in, "before", intaketest.Order("web-1", ""))
	got.wait(t, 1, 10*time.Second)

	_, err := b.Channel(t).QueueDelete(in, false, false, false)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(r.logs.String(), "session stopped; reopening") },
		5*time.Second, 5*time.Millisecond)
	require.Eventually(t, func() bool { return strings.Count(r.logs.String(), "session stopped") == 1 && queueExists(t, b, in) },
		5*time.Second, 5*time.Millisecond, "the session declared its queue again")
	send(t, b, pub, in, "after", intaketest.Order("web-2", ""))
	got.wait(t, 2, 10*time.Second)
	assert.Len(t, got.of("after"), 1, "consuming again")
	r.mu.Lock()
	assert.Len(t, r.conns, 1, "on the same connection")
	r.mu.Unlock()
}

// queueExists reports whether queue is declared on b.
func queueExists(t testing.TB, b *amqptest.Broker, queue string) bool {
	ch := b.Channel(t)
	_, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	return err == nil
}

// Reconnection backs off: the wait between dials doubles from MinBackoff
// up to MaxBackoff, and starts again from MinBackoff once a connection
// was made.
func TestReconnectBackoff(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	logs := &syncbuf.Buffer{}
	var dials atomic.Int32
	w, err := New(Config{URL: b.URL, Processor: newEnv().Processor(), Channels: []Channel{{Queue: b.Queue("x.in")}},
		MinBackoff: time.Millisecond, MaxBackoff: 8 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(logs, nil)),
		Dial: func(string) (*amqp.Connection, error) {
			dials.Add(1)
			return nil, fmt.Errorf("connection refused")
		}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	require.Eventually(t, func() bool { return dials.Load() >= 7 }, 5*time.Second, time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	var waits []string
	for _, line := range strings.Split(logs.String(), "\n") {
		if _, after, ok := strings.Cut(line, " wait="); ok {
			waits = append(waits, after)
		}
	}
	require.GreaterOrEqual(t, len(waits), 6)
	assert.Equal(t, []string{"1ms", "2ms", "4ms", "8ms", "8ms", "8ms"}, waits[:6])
}
