package orderamqp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/omskit/omskit/order/orderapi"
)

// Headers set on every answer and dead-lettered message.
const (
	// HeaderOutcome is the orderapi.Kind of the message ("taken",
	// "refused", "duplicate", "too-large").
	HeaderOutcome = "omskit-outcome"
	// HeaderReplayed is true on the answer to a message taken in before.
	HeaderReplayed = "omskit-replayed"
	// HeaderOrderNumber is the sender's order number, when known.
	HeaderOrderNumber = "omskit-order-number"
	// HeaderReason is why a dead-lettered message was refused (cards masked).
	HeaderReason = "omskit-reason"
	// HeaderQueue is the process queue a dead-lettered message came from.
	HeaderQueue = "omskit-queue"
)

// ErrShutdownTimeout is returned by Run when messages were still in flight
// Config.ShutdownTimeout after its context was done; they were not
// acknowledged and go back to their queue.
var ErrShutdownTimeout = errors.New("orderamqp: messages still in flight at the shutdown timeout")

// Worker runs the ORDER_IN process queues: it consumes each channel's
// process queue with the channel's sessions, takes every message in through
// the Processor and answers it. Create it with New and start it with Run.
type Worker struct {
	cfg       Config
	own       map[string]bool // process and dead-letter queues: answers never go there
	ready     chan struct{}
	readyOnce sync.Once
	beforeAck func(amqp.Delivery) // test hook: runs after the answer, before the ack
}

// New checks cfg and returns a Worker; the error wraps ErrConfig.
func New(cfg Config) (*Worker, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	w := &Worker{cfg: c, own: map[string]bool{}, ready: make(chan struct{})}
	for _, ch := range c.Channels {
		w.own[ch.Queue], w.own[ch.DeadLetterQueue] = true, true
	}
	return w, nil
}

// Channels returns the channels with every default filled in.
func (w *Worker) Channels() []Channel { return append([]Channel(nil), w.cfg.Channels...) }

// Ready is closed once the topology has been declared on the first
// connection: from then on, messages published to the process queues are
// kept until a session takes them.
func (w *Worker) Ready() <-chan struct{} { return w.ready }

// Run connects, declares the topology and consumes until ctx is done; then
// it stops taking messages, lets the ones in flight finish (for up to
// Config.ShutdownTimeout: ErrShutdownTimeout after that), closes the
// connection and returns nil. Messages prefetched but not started go back
// to their queue. When the connection or a session's channel drops, it
// reconnects with backoff; the messages it held unacknowledged are
// redelivered and replayed (the intake is idempotent). Only refused
// credentials or virtual host end it with an error before ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	hard, cancelHard := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHard()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(w.cfg.ShutdownTimeout, cancelHard) })
	defer stop()
	log := w.cfg.Log
	for attempt := 0; ; {
		if ctx.Err() != nil {
			return nil
		}
		conn, err := w.cfg.Dial(w.cfg.URL)
		if err != nil {
			if errors.Is(err, amqp.ErrCredentials) || errors.Is(err, amqp.ErrVhost) {
				return fmt.Errorf("orderamqp: connect: %w", err)
			}
			wait := w.cfg.backoff(attempt)
			attempt++
			log.Warn("cannot connect to the broker; retrying", "err", err, "wait", wait)
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		attempt = 0
		err = w.serve(ctx, hard, conn)
		if errors.Is(err, ErrShutdownTimeout) {
			return err
		}
		if ctx.Err() != nil {
			log.Info("stopped")
			return nil
		}
		log.Warn("connection lost; reconnecting", "err", err, "wait", w.cfg.MinBackoff)
		if !sleep(ctx, w.cfg.MinBackoff) {
			return nil
		}
	}
}

// serve runs every session on conn until conn closes or ctx is done and
// the sessions have finished.
func (w *Worker) serve(ctx, hard context.Context, conn *amqp.Connection) error {
	defer conn.Close()
	closed := conn.NotifyClose(make(chan *amqp.Error, 1))
	if err := w.declareAll(conn); err != nil {
		return fmt.Errorf("declare topology: %w", err)
	}
	w.readyOnce.Do(func() { close(w.ready) })
	var wg sync.WaitGroup
	for _, c := range w.cfg.Channels {
		for n := range c.Sessions {
			s := &session{w: w, c: c, n: n + 1}
			wg.Go(func() { s.run(ctx, hard, conn) })
		}
	}
	w.cfg.Log.Info("consuming", "channels", len(w.cfg.Channels))
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-hard.Done():
		_ = conn.Close() // unacknowledged messages go back to their queues
		<-done
		return ErrShutdownTimeout
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("connection closed: %v", <-closed)
}

// declareAll declares every channel's queues on a channel of its own.
func (w *Worker) declareAll(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	defer ch.Close()
	for _, c := range w.cfg.Channels {
		if err := declare(ch, c, w.cfg.QueueArgs); err != nil {
			return err
		}
	}
	return nil
}

// declare declares c's process queue (durable, with args), its dead-letter
// queue and its reply queue (durable). Declaring an existing queue with the
// same arguments changes nothing, so every (re)connection declares again.
func declare(ch *amqp.Channel, c Channel, args amqp.Table) error {
	if _, err := ch.QueueDeclare(c.Queue, true, false, false, false, args); err != nil {
		return fmt.Errorf("process queue %s: %w", c.Queue, err)
	}
	if _, err := ch.QueueDeclare(c.DeadLetterQueue, true, false, false, false, nil); err != nil {
		return fmt.Errorf("dead-letter queue %s: %w", c.DeadLetterQueue, err)
	}
	if c.ReplyQueue != "" {
		if _, err := ch.QueueDeclare(c.ReplyQueue, true, false, false, false, nil); err != nil {
			return fmt.Errorf("reply queue %s: %w", c.ReplyQueue, err)
		}
	}
	return nil
}

// sleep waits d or until ctx is done; false when ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// session is one inbound session: a consumer on its own AMQP channel,
// taking one message at a time.
type session struct {
	w *Worker
	c Channel
	n int
	// unsent counts the messages in a row whose answer or dead letter the
	// broker did not confirm: each goes back to the queue after a backoff
	// this long, so a queue that refuses answers is not hammered.
	unsent int
}

func (s *session) log() *slog.Logger {
	return s.w.cfg.Log.With("channel", s.c.Name, "queue", s.c.Queue, "session", s.n)
}

// run consumes until conn closes or ctx is done, reopening its channel with
// backoff when the channel alone drops.
func (s *session) run(ctx, hard context.Context, conn *amqp.Connection) {
	for attempt := 0; ; attempt++ {
		worked, err := s.consume(ctx, hard, conn)
		if ctx.Err() != nil || conn.IsClosed() {
			return
		}
		if worked {
			attempt = 0
		}
		wait := s.w.cfg.backoff(attempt)
		s.log().Warn("session stopped; reopening", "err", err, "wait", wait)
		if !sleep(ctx, wait) {
			return
		}
	}
}

// consume opens a channel, declares the session's queues, and handles
// deliveries until the channel closes or ctx is done. worked reports
// whether it handled at least one message.
func (s *session) consume(ctx, hard context.Context, conn *amqp.Connection) (worked bool, err error) {
	ch, err := conn.Channel()
	if err != nil {
		return false, fmt.Errorf("open channel: %w", err)
	}
	defer ch.Close() // prefetched messages not yet handled go back to the queue
	if err := declare(ch, s.c, s.w.cfg.QueueArgs); err != nil {
		return false, err
	}
	if err := ch.Qos(s.c.Prefetch, 0, false); err != nil {
		return false, fmt.Errorf("qos: %w", err)
	}
	if err := ch.Confirm(false); err != nil {
		return false, fmt.Errorf("confirm mode: %w", err)
	}
	returns := ch.NotifyReturn(make(chan amqp.Return, 4))
	tag := fmt.Sprintf("omskit-%s-%d-%s", s.c.Name, s.n, uuid.NewString())
	deliveries, err := ch.Consume(s.c.Queue, tag, false, false, false, false, nil)
	if err != nil {
		return false, fmt.Errorf("consume %s: %w", s.c.Queue, err)
	}
	for {
		if ctx.Err() != nil { // stopping: take no further message, even one already delivered
			_ = ch.Cancel(tag, false)
			return worked, nil
		}
		select {
		case <-ctx.Done():
			continue
		case d, ok := <-deliveries:
			if !ok {
				return worked, errors.New("deliveries ended: the channel closed or the consumer was cancelled")
			}
			worked = true
			s.handle(ctx, hard, ch, returns, d)
		}
	}
}

// handle takes one delivery through: process (retrying while the store
// fails), answer, dead-letter a refusal, and only then acknowledge.
func (s *session) handle(ctx, hard context.Context, ch *amqp.Channel, returns <-chan amqp.Return, d amqp.Delivery) {
	log := s.log()
	attrs := []slog.Attr{slog.String("channel", s.c.Name), slog.String("queue", s.c.Queue), slog.Int("session", s.n),
		slog.Bool("redelivered", d.Redelivered)}
	o, ok := s.process(ctx, hard, ch, d, attrs)
	if !ok {
		_ = d.Nack(false, true) // stopping while the store fails: back to the queue, not lost
		return
	}
	to := ""
	if o.Answer != nil {
		var err error
		if to, err = s.answer(hard, ch, returns, d, o); err != nil {
			s.requeue(ctx, d, "answer not sent; the message stays unacknowledged and will be replayed", err)
			return
		}
		if to == "" {
			log.Error("answer dropped: no queue to send it to (no resp_q or reply_to that exists, no ReplyQueue)",
				"order_number", orderapi.MaskCards(o.OrderNumber))
		}
	}
	if o.Kind != orderapi.Taken {
		if err := s.deadLetter(hard, ch, returns, d, o); err != nil {
			s.requeue(ctx, d, "message not dead-lettered; it stays unacknowledged and will be replayed", err)
			return
		}
		attrs = append(attrs, slog.String("dead_letter_queue", s.c.DeadLetterQueue))
	}
	s.unsent = 0
	if s.w.beforeAck != nil {
		s.w.beforeAck(d)
	}
	if err := d.Ack(false); err != nil {
		log.Warn("ack failed; the message will be redelivered and replayed", "err", err)
	}
	o.Log(hard, s.w.cfg.Log, append(attrs, slog.String("answered_to", to))...)
}

// requeue logs why d's answer or dead letter was not confirmed, waits the
// backoff of the messages unsent in a row (less when ctx is done) and
// returns d to its queue, where it is redelivered and replayed.
func (s *session) requeue(ctx context.Context, d amqp.Delivery, msg string, err error) {
	wait := s.w.cfg.backoff(s.unsent)
	s.unsent++
	s.log().Error(msg, "err", err, "retry_in", wait)
	sleep(ctx, wait)
	_ = d.Nack(false, true)
}

// process runs the message through the processor until it is not Failed
// (a store or set-up failure), waiting with backoff between attempts. It
// gives up (false) when ctx is done or the channel closed meanwhile: the
// message is then redelivered later.
func (s *session) process(ctx, hard context.Context, ch *amqp.Channel, d amqp.Delivery, attrs []slog.Attr) (orderapi.Outcome, bool) {
	for attempt := 0; ; attempt++ {
		o := s.w.cfg.Processor.Process(hard, d.Body)
		if o.Kind != orderapi.Failed {
			return o, true
		}
		wait := s.w.cfg.backoff(attempt)
		o.Log(hard, s.w.cfg.Log, append(attrs, slog.Int("attempt", attempt+1), slog.Duration("retry_in", wait))...)
		if !sleep(ctx, wait) || ch.IsClosed() {
			return o, false
		}
	}
}

// destinations lists where the answer to d may go, in order: the resp_q the
// message names, the delivery's reply_to, the channel's ReplyQueue; blank
// names and the worker's own process and dead-letter queues are left out
// (an answer taken in as an order would loop).
func (s *session) destinations(o orderapi.Outcome, d amqp.Delivery) []string {
	var out []string
	for _, q := range []string{o.RespQ, d.ReplyTo, s.c.ReplyQueue} {
		if q != "" && !s.w.own[q] && !contains(out, q) {
			out = append(out, q)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// answer publishes o's answer to the first destination that routes it and
// returns that queue ("" when none does). The publish is confirmed by the
// broker before the message is acknowledged, so an answer is never lost
// between the commit and the ack.
func (s *session) answer(ctx context.Context, ch *amqp.Channel, returns <-chan amqp.Return, d amqp.Delivery, o orderapi.Outcome) (string, error) {
	corr := d.CorrelationId
	if corr == "" {
		corr = d.MessageId
	}
	h := amqp.Table{HeaderOutcome: string(o.Kind), HeaderReplayed: o.Replayed}
	if o.OrderNumber != "" {
		h[HeaderOrderNumber] = orderapi.MaskCards(o.OrderNumber)
	}
	msg := amqp.Publishing{Headers: h, ContentType: o.ContentType(), DeliveryMode: amqp.Persistent,
		CorrelationId: corr, MessageId: uuid.NewString(), Timestamp: time.Now(), Body: o.Answer}
	if o.Kind == orderapi.Taken {
		msg.Type = "CWORDEROUT"
	}
	for _, q := range s.destinations(o, d) {
		routed, err := publish(ctx, ch, returns, q, msg)
		if err != nil {
			return "", fmt.Errorf("answer to %s: %w", q, err)
		}
		if routed {
			return q, nil
		}
		s.log().Warn("answer queue does not exist; trying the next", "answer_queue", q)
	}
	return "", nil
}

// deadLetter publishes d, as received, to the channel's dead-letter queue
// with why it was refused.
func (s *session) deadLetter(ctx context.Context, ch *amqp.Channel, returns <-chan amqp.Return, d amqp.Delivery, o orderapi.Outcome) error {
	h := maps.Clone(d.Headers)
	if h == nil {
		h = amqp.Table{}
	}
	reason := orderapi.MaskCards(fmt.Sprint(o.Err))
	if len(reason) > 1000 {
		reason = reason[:1000] + "…"
	}
	h[HeaderOutcome], h[HeaderReason], h[HeaderQueue] = string(o.Kind), reason, s.c.Queue
	msg := amqp.Publishing{Headers: h, ContentType: d.ContentType, ContentEncoding: d.ContentEncoding,
		DeliveryMode: amqp.Persistent, CorrelationId: d.CorrelationId, ReplyTo: d.ReplyTo, MessageId: d.MessageId,
		Timestamp: d.Timestamp, Type: d.Type, AppId: d.AppId, Body: d.Body}
	routed, err := publish(ctx, ch, returns, s.c.DeadLetterQueue, msg)
	if err == nil && !routed {
		err = fmt.Errorf("dead-letter queue %s does not exist", s.c.DeadLetterQueue)
	}
	return err
}

// publish sends msg to queue through the default exchange as mandatory and
// waits for the broker's confirm. routed is false when the broker returned
// it (no queue of that name). Returns come before the confirm of the same
// message, and a session has one publish in flight, so a return read after
// the confirm is this message's.
func publish(ctx context.Context, ch *amqp.Channel, returns <-chan amqp.Return, queue string, msg amqp.Publishing) (routed bool, err error) {
	dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", queue, true, false, msg)
	if err != nil {
		return false, err
	}
	acked, err := dc.WaitContext(ctx)
	if err != nil {
		return false, err
	}
	if !acked {
		return false, errors.New("the broker did not confirm the publish (nack or channel closed)")
	}
	select {
	case r := <-returns:
		return false, checkReturn(r, queue)
	default:
		return true, nil
	}
}

// checkReturn accepts the return of a message to queue with NO_ROUTE (312).
func checkReturn(r amqp.Return, queue string) error {
	if r.ReplyCode == amqp.NoRoute && r.RoutingKey == queue {
		return nil
	}
	return fmt.Errorf("publish to %s returned: %d %s (routing key %s)", queue, r.ReplyCode, r.ReplyText, strconv.Quote(r.RoutingKey))
}
