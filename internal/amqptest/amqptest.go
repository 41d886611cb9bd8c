package amqptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/omskit/omskit/internal/skipnote"
)

// EnvVar names the environment variable holding the AMQP URL.
const EnvVar = "OMSKIT_TEST_AMQP_URL"

// HowTo is the message a test skips with when EnvVar is unset.
const HowTo = EnvVar + " is not set: RabbitMQ tests skipped; run them with " +
	EnvVar + "=amqp://guest:guest@127.0.0.1:5672/ go test ./... (or bash .ci/run)"

// Broker is one test's view of the RabbitMQ at EnvVar.
type Broker struct {
	URL    string
	Prefix string // unique to the test: "omskit-test-<hex>."
	conn   *amqp.Connection
	mu     sync.Mutex
	queues []string
}

// New connects to the RabbitMQ at EnvVar (skipping t when it is unset) and
// deletes every queue named through Queue when t ends.
func New(t testing.TB) *Broker {
	t.Helper()
	url := os.Getenv(EnvVar)
	if url == "" {
		skipnote.Skip(t, "amqp", HowTo)
	}
	conn, err := amqp.Dial(url)
	if err != nil {
		t.Fatalf("amqptest: RabbitMQ at %s does not answer: %v", EnvVar, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	br := &Broker{URL: url, Prefix: "omskit-test-" + hex.EncodeToString(b[:]) + ".", conn: conn}
	t.Cleanup(func() {
		defer conn.Close()
		ch, err := conn.Channel()
		if err != nil {
			t.Errorf("amqptest: cleanup channel: %v", err)
			return
		}
		defer ch.Close()
		br.mu.Lock()
		defer br.mu.Unlock()
		for _, q := range br.queues {
			if _, err := ch.QueueDelete(q, false, false, false); err != nil {
				t.Errorf("amqptest: delete queue %s: %v", q, err)
				return
			}
		}
	})
	return br
}

// Queue returns the test's name for queue name (Prefix + name) and deletes
// that queue when the test ends.
func (b *Broker) Queue(name string) string {
	q := b.Prefix + name
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, have := range b.queues {
		if have == q {
			return q
		}
	}
	b.queues = append(b.queues, q)
	return q
}

// Channel opens a channel on the test's own connection, closed when the
// test ends.
func (b *Broker) Channel(t testing.TB) *amqp.Channel {
	t.Helper()
	ch, err := b.conn.Channel()
	if err != nil {
		t.Fatalf("amqptest: channel: %v", err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	return ch
}

// Declare declares queue durable, as the worker declares its queues.
func (b *Broker) Declare(t testing.TB, queue string) {
	t.Helper()
	ch := b.Channel(t)
	if _, err := ch.QueueDeclare(queue, true, false, false, false, nil); err != nil {
		t.Fatalf("amqptest: declare %s: %v", queue, err)
	}
}

// Publish sends body to queue through the default exchange and waits for
// the broker's confirm; msg gives the other properties.
func (b *Broker) Publish(t testing.TB, ch *amqp.Channel, queue string, msg amqp.Publishing) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", queue, false, false, msg)
	if err != nil {
		t.Fatalf("amqptest: publish to %s: %v", queue, err)
	}
	if ok, err := dc.WaitContext(ctx); !ok || err != nil {
		t.Fatalf("amqptest: publish to %s not confirmed: %v", queue, err)
	}
}

// Message is one message for PublishAll.
type Message struct {
	Queue string
	amqp.Publishing
}

// PublishAll sends msgs in order without waiting for each confirm, then
// waits for all of them.
func (b *Broker) PublishAll(t testing.TB, ch *amqp.Channel, msgs []Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dcs := make([]*amqp.DeferredConfirmation, 0, len(msgs))
	for _, m := range msgs {
		dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", m.Queue, false, false, m.Publishing)
		if err != nil {
			t.Fatalf("amqptest: publish to %s: %v", m.Queue, err)
		}
		dcs = append(dcs, dc)
	}
	for i, dc := range dcs {
		if ok, err := dc.WaitContext(ctx); !ok || err != nil {
			t.Fatalf("amqptest: publish to %s not confirmed: %v", msgs[i].Queue, err)
		}
	}
}

// Publisher opens a channel in confirm mode for Publish.
func (b *Broker) Publisher(t testing.TB) *amqp.Channel {
	t.Helper()
	ch := b.Channel(t)
	if err := ch.Confirm(false); err != nil {
		t.Fatalf("amqptest: confirm mode: %v", err)
	}
	return ch
}

// Consume returns the deliveries of queue, acknowledged as they arrive.
func (b *Broker) Consume(t testing.TB, queue string) <-chan amqp.Delivery {
	t.Helper()
	ch := b.Channel(t)
	ds, err := ch.Consume(queue, "", true, false, false, false, nil)
	if err != nil {
		t.Fatalf("amqptest: consume %s: %v", queue, err)
	}
	return ds
}

// Count returns the number of messages ready in queue.
func (b *Broker) Count(t testing.TB, queue string) int {
	t.Helper()
	ch := b.Channel(t)
	defer ch.Close()
	q, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		t.Fatalf("amqptest: inspect %s: %v", queue, err)
	}
	return q.Messages
}
