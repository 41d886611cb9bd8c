package orderamqp

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/amqptest"
	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/xmlmsg"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	p := intaketest.New().Processor()
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no processor", Config{URL: "amqp://h/", Channels: []Channel{{Queue: "q"}}}, "Processor is required"},
		{"bad url", Config{URL: "http://h/", Processor: p, Channels: []Channel{{Queue: "q"}}}, "URL: "},
		{"no channels", Config{URL: "amqp://h/", Processor: p}, "no Channels"},
		{"blank queue", Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Name: "web"}}}, "Channels[0].Queue is blank"},
		{"negative", Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Queue: "q", Sessions: -1}}}, "must not be negative"},
		{"queue twice", Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Queue: "q"}, {Queue: "q"}}}, `queue "q" is both`},
		{"dead letter is a process queue", Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Queue: "q", DeadLetterQueue: "r"}, {Queue: "r"}}}, `queue "r" is both`},
		{"answers into a process queue", Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Queue: "q", ReplyQueue: "q"}}}, "answers would be taken in as orders"},
	} {
		_, err := New(tc.cfg)
		require.ErrorIs(t, err, ErrConfig, tc.name)
		assert.ErrorContains(t, err, tc.want, tc.name)
	}
	w, err := New(Config{URL: "amqp://h/", Processor: p, Channels: []Channel{{Queue: "web.in"}}})
	require.NoError(t, err)
	assert.Equal(t, []Channel{{Name: "web.in", Queue: "web.in", Sessions: 1, Prefetch: 4, DeadLetterQueue: "web.in.dead"}}, w.Channels())
	c := w.cfg
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 6400 * time.Millisecond, 10 * time.Second, 10 * time.Second},
		[]time.Duration{c.backoff(0), c.backoff(1), c.backoff(6), c.backoff(7), c.backoff(60)})
}

// Where answers go: the queue resp_q names, else the delivery's reply_to,
// else the channel's ReplyQueue; never a process or dead-letter queue;
// with the correlation id; nothing for response_type N.
func TestAnswerRouting(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, replies, named, replyTo := b.Queue("web.in"), b.Queue("answers"), b.Queue("named"), b.Queue("reply-to")
	b.Queue("web.in" + DeadLetterSuffix)
	b.Declare(t, named)
	b.Declare(t, replyTo)
	start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Name: "web", Queue: in, ReplyQueue: replies}}}, nil)
	viaReplies, viaNamed, viaReplyTo := collect(t, b, replies), collect(t, b, named), collect(t, b, replyTo)
	pub := b.Publisher(t)

	send(t, b, pub, in, "1", intaketest.Order("web-1", named))
	b.Publish(t, pub, in, amqp.Publishing{CorrelationId: "2", ReplyTo: replyTo, Body: intaketest.Order("web-2", b.Prefix+"no-such-queue")})
	b.Publish(t, pub, in, amqp.Publishing{MessageId: "3", Body: intaketest.Order("web-3", b.Prefix+"no-such-queue")})
	send(t, b, pub, in, "4", intaketest.Order("web-4", in))
	none := bytes.Replace(intaketest.Sample(t, "batch_first.xml"), []byte("CWDIRECT.ORDER.OUT.Q"), []byte(named), 1)
	send(t, b, pub, in, "5", none)
	send(t, b, pub, in, "6", intaketest.Order("web-6", ""))

	viaReplies.wait(t, 3, 10*time.Second)
	viaNamed.wait(t, 1, 10*time.Second)
	viaReplyTo.wait(t, 1, 10*time.Second)
	require.Len(t, viaNamed.of("1"), 1, "the queue resp_q names")
	require.Len(t, viaReplyTo.of("2"), 1, "resp_q names no queue: the reply_to")
	require.Len(t, viaReplies.of("3"), 1, "neither: the ReplyQueue; the correlation id is the message id when none is set")
	require.Len(t, viaReplies.of("4"), 1, "resp_q naming the process queue itself: the ReplyQueue, no loop")
	require.Len(t, viaReplies.of("6"), 1)
	assert.Empty(t, viaNamed.of("5"), "ORD-019: response_type N publishes nothing")
	assert.Empty(t, viaReplies.of("5"), "ORD-019: response_type N publishes nothing")

	a := viaNamed.of("1")[0]
	assert.Equal(t, "application/xml; charset=utf-8", a.ContentType)
	assert.Equal(t, "CWORDEROUT", a.Type)
	assert.Equal(t, amqp.Persistent, a.DeliveryMode)
	assert.Equal(t, "taken", a.Headers[HeaderOutcome])
	assert.Equal(t, false, a.Headers[HeaderReplayed])
	assert.Equal(t, "WEB-1", a.Headers[HeaderOrderNumber])
	out, err := xmlmsg.DecodeCWOrderOut(a.Body, xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5})
	require.NoError(t, err, "every answer passes the library's own decoder")
	assert.Equal(t, "WEB-1", out.Header.ReferenceOrderNumber)
	assert.Len(t, env.Orders.Orders(), 6)
	assert.Zero(t, b.Count(t, in))
}

// HTTP and the queue share one process function: every bundled sample gets
// byte for byte the same answer either way (ORD-001: one intake for every
// order source).
func TestHTTPAndQueueAnswerAlike(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	httpEnv, queueEnv := newEnv(), newEnv()
	in, replies := b.Queue("web.in"), b.Queue("answers")
	b.Queue("web.in" + DeadLetterSuffix)
	start(t, b, Config{Processor: queueEnv.Processor(), Channels: []Channel{{Queue: in, ReplyQueue: replies}}}, nil)
	got := collect(t, b, replies)
	pub := b.Publisher(t)
	h := httpHandler(httpEnv.Processor())

	names := intaketest.Samples(t)
	require.NotEmpty(t, names)
	want := 0
	for _, name := range names {
		msg := bytes.ReplaceAll(intaketest.Sample(t, name), []byte("CWDIRECT.ORDER.OUT.Q"), []byte(replies))
		status, body := h(msg)
		send(t, b, pub, in, name, msg)
		if status == 204 {
			continue // response_type N: nothing on either side (checked below)
		}
		want++
		got.wait(t, want, 10*time.Second)
		ans := got.of(name)
		require.Len(t, ans, 1, name)
		assert.Equal(t, string(body), string(ans[0].Body), "ORD-001: %s answered alike over HTTP and the queue", name)
	}
	send(t, b, pub, in, "last", intaketest.Order("web-last", ""))
	got.wait(t, want+1, 10*time.Second)
	assert.Equal(t, want+1, got.count(), "no answer for the response_type N samples")
	assert.Equal(t, len(httpEnv.Orders.Orders()), len(queueEnv.Orders.Orders())-1)
}

// The load of issue 18: 1,000 orders over 3 channels × 4 sessions, 10% of
// them sent twice (the resend through another channel): exactly 1,000
// orders stored (ORD-010), one answer per delivered message, and every
// resend answered like the first.
func TestLoadThousandOrders(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	replies := b.Queue("answers")
	var channels []Channel
	for _, name := range []string{"web", "pos", "phone"} {
		channels = append(channels, Channel{Name: name, Queue: b.Queue(name + ".in"), Sessions: 4, ReplyQueue: replies})
		b.Queue(name + ".in" + DeadLetterSuffix)
	}
	start(t, b, Config{Processor: env.Processor(), Channels: channels}, nil)
	got := collect(t, b, replies)
	pub := b.Publisher(t)

	const orders = 1000
	began := time.Now()
	var batch []amqptest.Message
	for i := range orders {
		msg := intaketest.Order(fmt.Sprintf("load-%04d", i), "")
		batch = append(batch, amqptest.Message{Queue: channels[i%3].Queue, Publishing: amqp.Publishing{CorrelationId: fmt.Sprintf("%d/1", i), Body: msg}})
		if i%10 == 0 {
			batch = append(batch, amqptest.Message{Queue: channels[(i+1)%3].Queue, Publishing: amqp.Publishing{CorrelationId: fmt.Sprintf("%d/2", i), Body: msg}})
		}
	}
	b.PublishAll(t, pub, batch)
	sent := len(batch)
	got.wait(t, sent, 120*time.Second)
	t.Logf("%d messages (%d orders) answered in %s", sent, orders, time.Since(began).Round(time.Millisecond))

	assert.Len(t, env.Orders.Orders(), orders, "ORD-010: exactly 1,000 orders stored")
	assert.Equal(t, orders, env.Orders.Commits(), "ORD-010: nothing written twice")
	replayed := 0
	for i := range orders {
		first := got.of(fmt.Sprintf("%d/1", i))
		require.Len(t, first, 1, "one answer per delivered message")
		if i%10 != 0 {
			continue
		}
		second := got.of(fmt.Sprintf("%d/2", i))
		require.Len(t, second, 1, "one answer per delivered message")
		assert.Equal(t, first[0].Body, second[0].Body, "ORD-010: a resend is answered like the first")
		if first[0].Headers[HeaderReplayed] == true || second[0].Headers[HeaderReplayed] == true {
			replayed++
		}
	}
	assert.Equal(t, orders/10, replayed, "one of each pair is the replay")
	assert.Equal(t, sent, got.count())
}

// A connection closed while the worker holds unacknowledged messages: every
// message is processed exactly once overall; one committed but not yet
// answered, and one answered but not yet acknowledged, are answered again
// on redelivery, identically, with nothing written twice.
func TestConnectionClosedHoldingUnacked(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, replies := b.Queue("web.in"), b.Queue("answers")
	b.Queue("web.in" + DeadLetterSuffix)
	b.Declare(t, in)
	pub := b.Publisher(t)
	const n = 20
	for i := range n {
		send(t, b, pub, in, fmt.Sprintf("T-%02d", i), intaketest.Order(fmt.Sprintf("t-%02d", i), ""))
	}
	var r *running
	var afterCommit, beforeAck atomic.Bool
	env.Store.AfterCommit(func(w order.Write, _ order.Committed) {
		if w.Order.OrderNumber == "T-05" && afterCommit.CompareAndSwap(false, true) {
			_ = r.lastConn().Close() // committed, not answered, not acknowledged
		}
	})
	r = start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Queue: in, Prefetch: 10, ReplyQueue: replies}}},
		func(w *Worker) {
			w.beforeAck = func(d amqp.Delivery) {
				if d.CorrelationId == "T-12" && beforeAck.CompareAndSwap(false, true) {
					_ = r.lastConn().Close() // answered, not acknowledged
				}
			}
		})
	got := collect(t, b, replies)
	got.wait(t, n+1, 30*time.Second)
	time.Sleep(100 * time.Millisecond) // nothing more arrives

	require.True(t, afterCommit.Load())
	require.True(t, beforeAck.Load())
	r.mu.Lock()
	assert.GreaterOrEqual(t, len(r.conns), 3, "the worker reconnected after each close")
	r.mu.Unlock()
	assert.Len(t, env.Orders.Orders(), n, "ORD-010: every message taken in once")
	assert.Equal(t, n, env.Orders.Commits(), "ORD-010: nothing written twice")
	for i := range n {
		id := fmt.Sprintf("T-%02d", i)
		ans := got.of(id)
		require.NotEmpty(t, ans, id)
		for _, a := range ans {
			assert.Equal(t, ans[0].Body, a.Body, "%s: answered identically", id)
		}
	}
	five := got.of("T-05")
	require.Len(t, five, 1, "committed, then the connection closed before the answer: answered once, on redelivery")
	assert.Equal(t, true, five[0].Headers[HeaderReplayed], "ORD-010: the redelivery replays")
	twelve := got.of("T-12")
	require.Len(t, twelve, 2, "answered, then the connection closed before the ack: answered again on redelivery")
	assert.Equal(t, false, twelve[0].Headers[HeaderReplayed])
	assert.Equal(t, true, twelve[1].Headers[HeaderReplayed])
	assert.Equal(t, n+1, got.count())
	assert.Zero(t, b.Count(t, in), "every message acknowledged in the end")
	assert.Contains(t, r.logs.String(), "connection lost; reconnecting")
}

// Poison messages — malformed XML, over the byte limit, not UTF-8 — and a
// duplicate order number are answered and dead-lettered once each, never
// redelivered in a loop, and the queue keeps flowing.
func TestPoisonMessages(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, dead, replies := b.Queue("web.in"), b.Queue("web.in"+DeadLetterSuffix), b.Queue("answers")
	r := start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Queue: in, ReplyQueue: replies}}}, nil)
	got := collect(t, b, replies)
	pub := b.Publisher(t)

	card := "4111111111111111"
	good := intaketest.Order("web-1", "")
	poison := map[string][]byte{
		"malformed": []byte(`<Message type="CWORDERIN"><Header order_number="x" cc_number="` + card + `">`),
		"oversize":  append(bytes.Repeat([]byte(" "), 300_000), good...),
		"not-utf8":  append([]byte("<Message type=\"CWORDERIN\">\xff\xfe"), good...),
		"duplicate": bytes.Replace(good, []byte(`quantity="1"`), []byte(`quantity="2"`), 1),
	}
	send(t, b, pub, in, "good", good)
	for _, id := range []string{"malformed", "oversize", "not-utf8", "duplicate"} {
		b.Publish(t, pub, in, amqp.Publishing{CorrelationId: id, MessageId: id, Body: poison[id]})
	}
	send(t, b, pub, in, "after", intaketest.Order("web-2", ""))
	got.wait(t, 6, 10*time.Second)
	time.Sleep(200 * time.Millisecond) // a loop would answer again

	assert.Equal(t, 6, got.count(), "each message answered once: no redelivery loop")
	for id, kind := range map[string]orderapi.Kind{"malformed": orderapi.Refused, "oversize": orderapi.TooLarge,
		"not-utf8": orderapi.Refused, "duplicate": orderapi.Duplicate} {
		ans := got.of(id)
		require.Len(t, ans, 1, id)
		assert.Equal(t, string(kind), ans[0].Headers[HeaderOutcome], id)
		assert.Equal(t, "text/plain; charset=utf-8", ans[0].ContentType, id)
		assert.NotContains(t, string(ans[0].Body), card, id)
		if id != "duplicate" {
			assert.True(t, strings.HasPrefix(string(ans[0].Body), "Invalid XML Message:\n"), "§1.5: %s: %q", id, ans[0].Body)
		}
	}
	assert.Less(t, len(got.of("oversize")[0].Body), 200, "an oversize message is not echoed")
	require.Len(t, got.of("after"), 1, "the queue keeps flowing")
	assert.Equal(t, "taken", got.of("after")[0].Headers[HeaderOutcome])

	assert.Zero(t, b.Count(t, in))
	require.Equal(t, 4, b.Count(t, dead), "every refused message dead-lettered once")
	letters := map[string]amqp.Delivery{}
	ch := b.Channel(t)
	for range 4 {
		d, ok, err := ch.Get(dead, true)
		require.NoError(t, err)
		require.True(t, ok)
		letters[d.MessageId] = d
	}
	for id, body := range poison {
		d, ok := letters[id]
		require.True(t, ok, id)
		assert.Equal(t, body, d.Body, "%s: dead-lettered as received", id)
		assert.Equal(t, in, d.Headers[HeaderQueue])
		assert.NotEmpty(t, d.Headers[HeaderReason])
		assert.NotContains(t, d.Headers[HeaderReason], card)
	}
	assert.Len(t, env.Orders.Orders(), 2, "issue 17.7: nothing stored for the refused messages")
	assert.NotContains(t, r.logs.String(), card)
}

// The store unavailable for a while: messages are not acknowledged and not
// lost — not while the worker retries, not when it stops meanwhile — and
// processing resumes when the store is back.
func TestStoreUnavailable(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, replies := b.Queue("web.in"), b.Queue("answers")
	b.Queue("web.in" + DeadLetterSuffix)
	cfg := Config{Processor: env.Processor(), Channels: []Channel{{Queue: in, Sessions: 2, Prefetch: 1, ReplyQueue: replies}}}
	b.Declare(t, replies)
	got := collect(t, b, replies)
	pub := b.Publisher(t)

	env.Store.SetDown(true)
	r := start(t, b, cfg, nil)
	for i := range 5 {
		send(t, b, pub, in, fmt.Sprintf("a%d", i), intaketest.Order(fmt.Sprintf("a-%d", i), ""))
	}
	require.Eventually(t, func() bool { return strings.Count(r.logs.String(), `msg="intake failed"`) >= 6 },
		10*time.Second, 10*time.Millisecond, "the worker retries")
	assert.Zero(t, got.count(), "nothing answered while the store is down")
	assert.Equal(t, 3, b.Count(t, in), "two held unacknowledged by the two sessions, the rest waiting")
	env.Store.SetDown(false)
	got.wait(t, 5, 10*time.Second)
	assert.Len(t, env.Orders.Orders(), 5, "processing resumed")

	// Down again, and the worker stops meanwhile: the messages stay queued.
	env.Store.SetDown(true)
	for i := range 5 {
		send(t, b, pub, in, fmt.Sprintf("b%d", i), intaketest.Order(fmt.Sprintf("b-%d", i), ""))
	}
	require.Eventually(t, func() bool { return strings.Count(r.logs.String(), `msg="intake failed"`) >= 12 },
		10*time.Second, 10*time.Millisecond)
	require.NoError(t, r.stop())
	assert.Equal(t, 5, b.Count(t, in), "not acknowledged, not lost")
	env.Store.SetDown(false)
	start(t, b, cfg, nil)
	got.wait(t, 10, 10*time.Second)
	assert.Len(t, env.Orders.Orders(), 10)
	assert.Equal(t, 10, got.count())
}

// Shutdown finishes the message in flight (answered and acknowledged);
// messages prefetched but not started go back to the queue.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	h := holdFirstCommit(t, b, env, "g")
	r := start(t, b, Config{Processor: env.Processor(), Channels: []Channel{{Queue: h.in, Prefetch: 3, ReplyQueue: h.replies}}}, nil)
	inCommit, release, got, in := h.inCommit, h.release, h.got, h.in
	<-inCommit
	stopped := make(chan error, 1)
	go func() { stopped <- r.stop() }()
	select {
	case err := <-stopped:
		t.Fatalf("Run returned with a message in flight: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	require.NoError(t, <-stopped)
	got.wait(t, 1, 5*time.Second)
	assert.Len(t, got.of("g0"), 1, "the message in flight was answered")
	assert.Len(t, env.Orders.Orders(), 1)
	assert.Equal(t, 2, b.Count(t, in), "the prefetched messages went back to the queue; the one in flight was acknowledged")
	assert.Contains(t, r.logs.String(), "msg=stopped")
}

// held is a process queue with three orders, <prefix>0 to <prefix>2, whose
// first commit blocks until release is closed; inCommit is closed when it
// blocks. got collects the answers on the queue replies.
type held struct {
	in, replies       string
	inCommit, release chan struct{}
	got               *answers
}

func holdFirstCommit(t *testing.T, b *amqptest.Broker, env *intaketest.Env, prefix string) held {
	t.Helper()
	h := held{in: b.Queue("web.in"), replies: b.Queue("answers"), inCommit: make(chan struct{}), release: make(chan struct{})}
	b.Queue("web.in" + DeadLetterSuffix)
	b.Declare(t, h.in)
	b.Declare(t, h.replies)
	pub := b.Publisher(t)
	for i := range 3 {
		send(t, b, pub, h.in, fmt.Sprintf("%s%d", prefix, i), intaketest.Order(fmt.Sprintf("%s-%d", prefix, i), ""))
	}
	var once sync.Once
	env.Store.AfterCommit(func(order.Write, order.Committed) {
		once.Do(func() { close(h.inCommit); <-h.release })
	})
	h.got = collect(t, b, h.replies)
	return h
}

// Declaring the topology is idempotent: a second worker on the same
// configuration (a restart, or a second process) declares the same queues
// and shares the work.
func TestTopologyIdempotent(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	env := newEnv()
	in, replies := b.Queue("web.in"), b.Queue("answers")
	b.Queue("web.in" + DeadLetterSuffix)
	cfg := Config{Processor: env.Processor(), Channels: []Channel{{Queue: in, ReplyQueue: replies}}}
	start(t, b, cfg, nil)
	start(t, b, cfg, nil)
	got := collect(t, b, replies)
	pub := b.Publisher(t)
	for i := range 10 {
		send(t, b, pub, in, fmt.Sprint(i), intaketest.Order(fmt.Sprintf("i-%d", i), ""))
	}
	got.wait(t, 10, 10*time.Second)
	assert.Len(t, env.Orders.Orders(), 10)
	assert.Zero(t, b.Count(t, in+DeadLetterSuffix))

	_, err := New(Config{URL: b.URL, Processor: env.Processor(), Channels: []Channel{{Queue: in}},
		QueueArgs: amqp.Table{"x-max-length": int32(5)}})
	require.NoError(t, err)
}

// A worker started before the broker answers keeps trying; refused
// credentials end Run with an error.
func TestConnectErrors(t *testing.T) {
	t.Parallel()
	b := amqptest.New(t)
	p := newEnv().Processor()
	dials := atomic.Int32{}
	w, err := New(Config{URL: b.URL, Processor: p, Channels: []Channel{{Queue: b.Queue("x.in")}},
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		Dial: func(string) (*amqp.Connection, error) { dials.Add(1); return nil, fmt.Errorf("connection refused") }})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	require.Eventually(t, func() bool { return dials.Load() >= 3 }, 5*time.Second, time.Millisecond, "reconnects with backoff")
	cancel()
	require.NoError(t, <-done)

	bad := strings.Replace(b.URL, "guest:guest", "guest:wrong", 1)
	require.NotEqual(t, b.URL, bad, "the test URL carries guest:guest")
	w, err = New(Config{URL: bad, Processor: p, Channels: []Channel{{Queue: b.Queue("x.in")}}})
	require.NoError(t, err)
	err = w.Run(context.Background())
	require.ErrorIs(t, err, amqp.ErrCredentials)
}
