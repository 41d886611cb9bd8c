package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/omskit/omskit/examples/internal/intakesetup"
	"github.com/omskit/omskit/order/orderamqp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "orderqueue:", err)
		os.Exit(1)
	}
}

// defaultURL is the local RabbitMQ.
const defaultURL = "amqp://guest:guest@127.0.0.1:5672/"

// defaultReplyQueue is the response queue the bundled samples name (resp_q).
const defaultReplyQueue = "CWDIRECT.ORDER.OUT.Q"

// run is the whole program: "send" as the first argument runs the sender,
// anything else the worker.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "send" {
		return runSender(ctx, args[1:], stdout, stderr)
	}
	return runWorker(ctx, args, stdout, stderr)
}

// workerConfig is what the worker's flags set.
type workerConfig struct {
	intakesetup.Config
	url             string
	channels        []orderamqp.Channel
	shutdownTimeout time.Duration
}

// parseChannels reads -channels: name=queue[:sessions], comma-separated;
// sessions defaults to the -sessions flag.
func parseChannels(s string, sessions, prefetch int, replyQueue string) ([]orderamqp.Channel, error) {
	var out []orderamqp.Channel
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, queue, ok := strings.Cut(part, "=")
		if !ok || name == "" || queue == "" {
			return nil, fmt.Errorf("flag -channels %q: want name=queue[:sessions], e.g. web=ORDER_IN.WEB:4", part)
		}
		n := sessions
		if q, count, ok := strings.Cut(queue, ":"); ok {
			v, err := strconv.Atoi(count)
			if err != nil || v <= 0 {
				return nil, fmt.Errorf("flag -channels %q: sessions %q must be a positive number", part, count)
			}
			queue, n = q, v
		}
		out = append(out, orderamqp.Channel{Name: name, Queue: queue, Sessions: n, Prefetch: prefetch, ReplyQueue: replyQueue})
	}
	if len(out) == 0 {
		return nil, errors.New("flag -channels is empty: name at least one order channel and its queue")
	}
	return out, nil
}

func parseWorkerFlags(args []string, out io.Writer) (workerConfig, error) {
	fs := flag.NewFlagSet("orderqueue", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: orderqueue [flags]        run the ORDER_IN process queues")
		fmt.Fprintln(out, "       orderqueue send [flags]   publish the bundled CWORDERIN samples and print the answers")
		fmt.Fprintln(out, "Takes CWORDERIN messages in from a RabbitMQ queue per order channel and answers each with its CWORDEROUT.")
		fs.PrintDefaults()
	}
	intake := intakesetup.Register(fs, "orderqueue.db")
	url := fs.String("amqp", defaultURL, "AMQP URL of the RabbitMQ to consume from")
	channels := fs.String("channels", "web=ORDER_IN.WEB,pos=ORDER_IN.POS:1",
		"order channels and their process queues: name=queue[:sessions], comma-separated (a channel whose batches must stay in order takes one session)")
	sessions := fs.Int("sessions", 4, "inbound sessions (concurrent consumers) per channel, unless a channel names its own")
	prefetch := fs.Int("prefetch", orderamqp.DefaultPrefetch, "unacknowledged messages each session holds")
	reply := fs.String("reply-queue", defaultReplyQueue, "where an answer goes when the message names no resp_q (or none that exists) and has no reply_to")
	shutdown := fs.Duration("shutdown-timeout", orderamqp.DefaultShutdownTimeout, "how long messages in flight may finish after SIGINT/SIGTERM")
	if err := fs.Parse(args); err != nil {
		return workerConfig{}, err
	}
	if fs.NArg() > 0 {
		return workerConfig{}, fmt.Errorf("unexpected argument %q: this program takes flags only (or send [flags])", fs.Arg(0))
	}
	ic, err := intake.Config()
	if err != nil {
		return workerConfig{}, err
	}
	switch {
	case *sessions <= 0:
		return workerConfig{}, fmt.Errorf("flag -sessions %d: must be positive", *sessions)
	case *prefetch <= 0:
		return workerConfig{}, fmt.Errorf("flag -prefetch %d: must be positive", *prefetch)
	case *shutdown <= 0:
		return workerConfig{}, fmt.Errorf("flag -shutdown-timeout %s: must be positive", *shutdown)
	}
	chs, err := parseChannels(*channels, *sessions, *prefetch, *reply)
	if err != nil {
		return workerConfig{}, err
	}
	return workerConfig{Config: ic, url: *url, channels: chs, shutdownTimeout: *shutdown}, nil
}

// runWorker opens the store, starts the process queues, prints one line
// once they are declared and consumes until ctx is done.
func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseWorkerFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.Level}))
	env, err := intakesetup.Open(ctx, cfg.Config, log)
	if err != nil {
		return err
	}
	defer env.Close()
	w, err := orderamqp.New(orderamqp.Config{URL: cfg.url, Channels: cfg.channels, Processor: env.Processor,
		ShutdownTimeout: cfg.shutdownTimeout, Log: log})
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	select {
	case err := <-done:
		return err
	case <-w.Ready():
	}
	var queues []string
	for _, c := range w.Channels() {
		queues = append(queues, fmt.Sprintf("%s=%s (%d session(s))", c.Name, c.Queue, c.Sessions))
	}
	fmt.Fprintf(stdout, "orderqueue: consuming %s; answers by default to %s (%s, %s)\n",
		strings.Join(queues, ", "), cfg.channels[0].ReplyQueue, env.StoreName, cfg.Version)
	return <-done
}
