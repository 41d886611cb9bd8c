package orderamqp

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/omskit/omskit/internal/amqptest"
	"github.com/omskit/omskit/internal/intaketest"
	"github.com/omskit/omskit/order/orderhttp"
)

// BenchmarkIntake measures orders/s through the same intake (memory
// store) through a RabbitMQ process queue with 1, 2 and 4 inbound sessions
// and, as the baseline in the same run, over HTTP with as many clients.
// Each order is a distinct one-line CWORDERIN answered with its CWORDEROUT.
//
// The HTTP baseline runs as many clients as the queue has sessions, so the
// report (scripts/benchreport) reads queue's ns/op over the baseline's: the
// cost of the queue (publish, consume, a confirmed answer, the ack) per
// order against a request and its response.
func BenchmarkIntake(b *testing.B) {
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("sessions=%d/baseline-http", n), func(b *testing.B) { benchHTTP(b, n) })
		b.Run(fmt.Sprintf("sessions=%d/queue", n), func(b *testing.B) { benchQueue(b, n) })
	}
}

var benchRun atomic.Int64

// benchOrders returns b.N distinct orders.
func benchOrders(b *testing.B) [][]byte {
	run := benchRun.Add(1)
	msgs := make([][]byte, b.N)
	for i := range msgs {
		msgs[i] = intaketest.Order(fmt.Sprintf("b%d-%d", run, i), "")
	}
	return msgs
}

func benchHTTP(b *testing.B, clients int) {
	srv := httptest.NewServer(orderhttp.New(intaketest.New().Processor(), orderhttp.Options{}))
	defer srv.Close()
	msgs := benchOrders(b)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	began := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(msgs) {
					return
				}
				resp, err := http.Post(srv.URL, "application/xml", bytes.NewReader(msgs[i]))
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = bytes.NewBuffer(nil).ReadFrom(resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "orders/s")
}

func benchQueue(b *testing.B, sessions int) {
	br := amqptest.New(b)
	in, replies := br.Queue("bench.in"), br.Queue("answers")
	br.Queue("bench.in" + DeadLetterSuffix)
	start(b, br, Config{Processor: intaketest.New().Processor(),
		Channels: []Channel{{Queue: in, Sessions: sessions, ReplyQueue: replies}}}, nil)
	got := collect(b, br, replies)
	pub := br.Publisher(b)
	msgs := make([]amqptest.Message, 0, b.N)
	for i, m := range benchOrders(b) {
		msgs = append(msgs, amqptest.Message{Queue: in, Publishing: amqp.Publishing{CorrelationId: fmt.Sprint(i), Body: m}})
	}
	b.ResetTimer()
	began := time.Now()
	br.PublishAll(b, pub, msgs)
	got.wait(b, b.N, 5*time.Minute)
	b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "orders/s")
}
