package orderamqp

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/amqptest"
	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/internal/syncbuf"
)

// running is one Run of a worker in a test.
type running struct {
	w     *Worker
	logs  *syncbuf.Buffer
	mu    sync.Mutex
	conns []*amqp.Connection
	stop  func() error // cancels Run's context and returns Run's error
}

// lastConn is the connection the worker dialed last.
func (r *running) lastConn() *amqp.Connection {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns[len(r.conns)-1]
}

// start runs a worker on b with cfg (URL, Log and Dial filled in), waits
// until its topology is declared, and stops it when the test ends.
func start(t testing.TB, b *amqptest.Broker, cfg Config, hook func(*Worker)) *running {
	t.Helper()
	r := &running{logs: &syncbuf.Buffer{}}
	cfg.URL = b.URL
	cfg.Log = slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = 10*time.Millisecond, 200*time.Millisecond
	}
	cfg.Dial = func(url string) (*amqp.Connection, error) {
		c, err := amqp.Dial(url)
		if err == nil {
			r.mu.Lock()
			r.conns = append(r.conns, c)
			r.mu.Unlock()
		}
		return c, err
	}
	w, err := New(cfg)
	require.NoError(t, err)
	if hook != nil {
		hook(w)
	}
	r.w = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	var runErr error
	r.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(30 * time.Second):
				runErr = fmt.Errorf("Run did not return after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = r.stop() })
	select {
	case <-w.Ready():
	case err := <-done:
		t.Fatalf("Run returned before it was ready: %v\n%s", err, r.logs)
	case <-time.After(10 * time.Second):
		t.Fatalf("worker not ready; logs:\n%s", r.logs)
	}
	return r
}

// answers collects the deliveries of a queue by correlation id.
type answers struct {
	mu   sync.Mutex
	byID map[string][]amqp.Delivery
	n    int
}

func collect(t testing.TB, b *amqptest.Broker, queue string) *answers {
	t.Helper()
	a := &answers{byID: map[string][]amqp.Delivery{}}
	ds := b.Consume(t, queue)
	go func() {
		for d := range ds {
			a.mu.Lock()
			a.byID[d.CorrelationId] = append(a.byID[d.CorrelationId], d)
			a.n++
			a.mu.Unlock()
		}
	}()
	return a
}

// wait waits until n answers arrived in all.
func (a *answers) wait(t testing.TB, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if a.count() >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%d answers after %s, want %d", a.count(), within, n)
}

func (a *answers) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

// of returns the answers with correlation id id.
func (a *answers) of(id string) []amqp.Delivery {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]amqp.Delivery(nil), a.byID[id]...)
}

// send publishes body to queue with correlation id id.
func send(t testing.TB, b *amqptest.Broker, ch *amqp.Channel, queue, id string, body []byte) {
	t.Helper()
	b.Publish(t, ch, queue, amqp.Publishing{CorrelationId: id, DeliveryMode: amqp.Persistent, Body: body})
}

// newEnv is an intake on memory stores.
func newEnv() *intaketest.Env { return intaketest.New() }
