package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/omskit/omskit/order/orderamqp"
)

// senderConfig is what the sender's flags set.
type senderConfig struct {
	url, queue, posQueue, answers, dir string
	idle, timeout                      time.Duration
}

func parseSenderFlags(args []string, out io.Writer) (senderConfig, error) {
	fs := flag.NewFlagSet("orderqueue send", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: orderqueue send [flags]")
		fmt.Fprintln(out, "Publishes every CWORDERIN sample in -samples to -queue, asking for the answers on -answers, and prints them.")
		fs.PrintDefaults()
	}
	var c senderConfig
	fs.StringVar(&c.url, "amqp", defaultURL, "AMQP URL of the RabbitMQ")
	fs.StringVar(&c.queue, "queue", "ORDER_IN.WEB", "process queue to publish to")
	fs.StringVar(&c.posQueue, "pos-queue", "ORDER_IN.POS", "process queue for the retail point-of-sale samples (order_channel P: the batch, which must stay in order)")
	fs.StringVar(&c.answers, "answers", defaultReplyQueue, "queue to read the answers from: set as each message's resp_q and the AMQP reply_to")
	fs.StringVar(&c.dir, "samples", filepath.Join("xmlmsg", "testdata", "cworderin"), "folder of CWORDERIN samples (*.xml)")
	fs.DurationVar(&c.timeout, "timeout", time.Minute, "how long to wait for the answers of the samples that ask for one")
	fs.DurationVar(&c.idle, "idle", 2*time.Second, "then stop when no further answer arrived for this long (response_type N asks for none, but a refusal is answered)")
	if err := fs.Parse(args); err != nil {
		return senderConfig{}, err
	}
	if fs.NArg() > 0 {
		return senderConfig{}, fmt.Errorf("unexpected argument %q: send takes flags only", fs.Arg(0))
	}
	if c.idle <= 0 || c.timeout <= 0 {
		return senderConfig{}, fmt.Errorf("flags -idle %s and -timeout %s: must be positive", c.idle, c.timeout)
	}
	return c, nil
}

// sample is one message to send.
type sample struct {
	name string
	body []byte
}

// readSamples reads dir/*.xml, sorted by name (the batch in its order), with their resp_q set to
// answers.
func readSamples(dir, answers string) ([]sample, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no *.xml samples in %s (run from the repository root, or set -samples)", dir)
	}
	// The batch samples are one batch: first, middle, last (ORD-020).
	order := strings.NewReplacer("batch_first", "batch_1", "batch_middle", "batch_2", "batch_last", "batch_3")
	slices.SortFunc(paths, func(a, b string) int { return strings.Compare(order.Replace(a), order.Replace(b)) })
	var out []sample
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		b = bytes.ReplaceAll(b, []byte(`resp_q="`+defaultReplyQueue+`"`), []byte(`resp_q="`+answers+`"`))
		out = append(out, sample{name: filepath.Base(p), body: b})
	}
	return out, nil
}

// runSender publishes the samples, one persistent message each with its
// file name as correlation id, and prints the answers in sample order.
func runSender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseSenderFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	samples, err := readSamples(cfg.dir, cfg.answers)
	if err != nil {
		return err
	}
	conn, err := amqp.Dial(cfg.url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	for _, q := range []string{cfg.queue, cfg.posQueue} {
		if err := checkQueue(conn, q); err != nil {
			return err
		}
	}
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(cfg.answers, true, false, false, false, nil); err != nil {
		return fmt.Errorf("declare %s: %w", cfg.answers, err)
	}
	if err := ch.Confirm(false); err != nil {
		return err
	}
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	answers, err := ch.Consume(cfg.answers, "", true, false, false, false, nil)
	if err != nil {
		return fmt.Errorf("consume %s: %w", cfg.answers, err)
	}
	for _, s := range samples {
		queue := cfg.queue
		if bytes.Contains(s.body, []byte(`order_channel="P"`)) {
			queue = cfg.posQueue
		}
		dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", queue, true, false, amqp.Publishing{
			ContentType: "application/xml", DeliveryMode: amqp.Persistent, CorrelationId: run + "/" + s.name,
			ReplyTo: cfg.answers, Body: s.body})
		if err != nil {
			return fmt.Errorf("publish %s: %w", s.name, err)
		}
		if ok, err := dc.WaitContext(ctx); !ok || err != nil {
			return fmt.Errorf("publish %s to %s: not confirmed (%v)", s.name, queue, err)
		}
	}
	fmt.Fprintf(stdout, "sent %d samples to %s and %s; answers on %s\n", len(samples), cfg.queue, cfg.posQueue, cfg.answers)
	got := map[string]amqp.Delivery{}
	expected := 0 // samples that ask for an answer
	for _, s := range samples {
		if !bytes.Contains(s.body, []byte(`response_type="N"`)) {
			expected++
		}
	}
	if err := collect(ctx, answers, run, got, expected, cfg.timeout, cfg.idle); err != nil {
		return err
	}
	for _, s := range samples {
		d, ok := got[s.name]
		if !ok {
			fmt.Fprintf(stdout, "\n== %s: no answer (response_type N asks for none)\n", s.name)
			continue
		}
		fmt.Fprintf(stdout, "\n== %s: %v\n%s", s.name, d.Headers[orderamqp.HeaderOutcome], d.Body)
		if len(d.Body) > 0 && d.Body[len(d.Body)-1] != '\n' {
			fmt.Fprintln(stdout)
		}
	}
	return nil
}

// checkQueue fails unless queue exists: the sender does not declare the
// worker's process queues, and a message published to no queue is lost.
func checkQueue(conn *amqp.Connection, queue string) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	defer ch.Close()
	if _, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil); err != nil {
		return fmt.Errorf("process queue %s: %w (start the worker first: go run ./examples/orderqueue)", queue, err)
	}
	return nil
}

// collect reads answers of this run (correlation ids run + "/" + name) into
// got until want of them arrived or timeout passed, then until no further
// one arrives for idle.
func collect(ctx context.Context, answers <-chan amqp.Delivery, run string, got map[string]amqp.Delivery, want int, timeout, idle time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	quiet := time.NewTimer(idle)
	defer quiet.Stop()
	for {
		wait := quiet.C
		if len(got) < want {
			wait = nil // still waiting for answers that were asked for
		}
		select {
		case <-ctx.Done():
			return nil
		case <-deadline.C:
			return nil
		case <-wait:
			return nil
		case d, ok := <-answers:
			if !ok {
				return errors.New("the answer queue's consumer closed")
			}
			if name, ok := strings.CutPrefix(d.CorrelationId, run+"/"); ok {
				got[name] = d
			}
			quiet.Reset(idle)
		}
	}
}
