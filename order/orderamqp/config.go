package orderamqp

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/omskit/omskit/order/orderapi"
)

// Defaults of the zero values in Config and Channel.
const (
	DefaultSessions        = 1
	DefaultPrefetch        = 4
	DefaultMinBackoff      = 100 * time.Millisecond
	DefaultMaxBackoff      = 10 * time.Second
	DefaultShutdownTimeout = 30 * time.Second
	// DeadLetterSuffix is appended to a process queue's name to name its
	// dead-letter queue when Channel.DeadLetterQueue is blank.
	DeadLetterSuffix = ".dead"
)

// ErrConfig marks a Config that cannot run.
var ErrConfig = errors.New("orderamqp: configuration")

// Channel is one order channel (a web site, a remote order entry service,
// a point of sale) and its process queue: the seed's "create a process
// queue for each order channel … Each process queue monitors a separate
// MQ Series queue", with "multiple inbound sessions to avoid delays".
type Channel struct {
	// Name names the order channel in logs (e.g. "web"); blank: Queue.
	Name string
	// Queue is the process queue the channel's messages arrive on.
	// Required; declared durable with Config.QueueArgs.
	Queue string
	// Sessions is the number of inbound sessions: consumers, each on its
	// own AMQP channel, taking one message at a time. 0 means
	// DefaultSessions.
	Sessions int
	// Prefetch bounds the unacknowledged messages each session holds (AMQP
	// basic.qos). 0 means DefaultPrefetch.
	Prefetch int
	// DeadLetterQueue receives every message refused for good (not
	// decodable, over the byte limit, refused by the intake, a duplicate
	// order number), after its answer was sent. Blank: Queue +
	// DeadLetterSuffix. Declared durable.
	DeadLetterQueue string
	// ReplyQueue is where an answer goes when the message names no resp_q
	// that routes and the delivery has no reply_to that routes. Declared
	// durable when set; blank: such an answer is logged and dropped.
	ReplyQueue string
}

// Config configures a Worker.
type Config struct {
	// URL is the AMQP URL, e.g. amqp://guest:guest@127.0.0.1:5672/.
	URL string
	// Channels are the order channels and their process queues; at least
	// one, each queue at most once.
	Channels []Channel
	// Processor takes each message in; required. Its byte limit is the
	// largest message decoded (larger ones are refused unread).
	Processor *orderapi.Processor
	// QueueArgs are the arguments each process queue is declared with (for
	// example amqp.Table{"x-queue-type": "quorum"}); nil for a classic queue.
	QueueArgs amqp.Table
	// MinBackoff and MaxBackoff bound the wait between reconnections and
	// between attempts at a message the store failed: it doubles from
	// MinBackoff up to MaxBackoff. 0 means DefaultMinBackoff and
	// DefaultMaxBackoff.
	MinBackoff, MaxBackoff time.Duration
	// ShutdownTimeout is how long messages in flight may finish once Run's
	// context is done. 0 means DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Log receives one line per message (orderapi.Outcome.Log, with the
	// channel, the queue and where the answer went) and the connection's
	// ups and downs; nil discards them.
	Log *slog.Logger
	// Dial opens the connection; nil means amqp.DialConfig with a 10 s
	// heartbeat. Tests use it to hold the connection.
	Dial func(url string) (*amqp.Connection, error)
}

// withDefaults returns c with every default filled in, or an error wrapping
// ErrConfig.
func (c Config) withDefaults() (Config, error) {
	var errs []error
	if c.Processor == nil {
		errs = append(errs, errors.New("Processor is required"))
	}
	if _, err := amqp.ParseURI(c.URL); err != nil {
		errs = append(errs, fmt.Errorf("URL: %w", err))
	}
	if len(c.Channels) == 0 {
		errs = append(errs, errors.New("no Channels: name at least one process queue"))
	}
	c.Channels = append([]Channel(nil), c.Channels...)
	queues := map[string]string{}
	taken := func(q, what string) {
		if prev, ok := queues[q]; ok {
			errs = append(errs, fmt.Errorf("queue %q is both %s and %s", q, prev, what))
		}
		queues[q] = what
	}
	for i := range c.Channels {
		ch := &c.Channels[i]
		if ch.Queue == "" {
			errs = append(errs, fmt.Errorf("Channels[%d].Queue is blank", i))
			continue
		}
		if ch.Name == "" {
			ch.Name = ch.Queue
		}
		if ch.Sessions < 0 || ch.Prefetch < 0 {
			errs = append(errs, fmt.Errorf("channel %s: Sessions %d and Prefetch %d must not be negative", ch.Name, ch.Sessions, ch.Prefetch))
		}
		if ch.Sessions == 0 {
			ch.Sessions = DefaultSessions
		}
		if ch.Prefetch == 0 {
			ch.Prefetch = DefaultPrefetch
		}
		if ch.DeadLetterQueue == "" {
			ch.DeadLetterQueue = ch.Queue + DeadLetterSuffix
		}
		taken(ch.Queue, "the process queue of channel "+ch.Name)
		taken(ch.DeadLetterQueue, "the dead-letter queue of channel "+ch.Name)
	}
	for _, ch := range c.Channels {
		if what, ok := queues[ch.ReplyQueue]; ok && ch.ReplyQueue != "" {
			errs = append(errs, fmt.Errorf("channel %s: ReplyQueue %q is %s: answers would be taken in as orders", ch.Name, ch.ReplyQueue, what))
		}
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = DefaultMinBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	c.MaxBackoff = max(c.MaxBackoff, c.MinBackoff)
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Dial == nil {
		c.Dial = func(url string) (*amqp.Connection, error) {
			return amqp.DialConfig(url, amqp.Config{Heartbeat: 10 * time.Second, Properties: amqp.Table{"connection_name": "omskit orderamqp"}})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return c, nil
}

// backoff is the wait before attempt n (0-based) of something that failed:
// min doubled n times, at most max.
func (c Config) backoff(n int) time.Duration {
	d := c.MinBackoff
	for range n {
		if d >= c.MaxBackoff/2 {
			return c.MaxBackoff
		}
		d *= 2
	}
	return d
}
