package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "engagefeed:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	polls    int
	timeout  time.Duration
	interval time.Duration
	maxTime  time.Duration
	level    slog.Level
}

// parseFlags reads the command line. Usage goes to out.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("engagefeed", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: engagefeed [flags]")
		fmt.Fprintln(out, "Runs the order and receipt feed scenario against an in-process engagement platform simulator.")
		fs.PrintDefaults()
	}
	polls := fs.Int("polls", 1, "how many status reads of a job answer \"inProgress\" before it is processed (simulator)")
	timeout := fs.Duration("timeout", 5*time.Second, "timeout of each HTTP request to the platform")
	interval := fs.Duration("interval", 10*time.Millisecond, "interval between job status polls")
	maxTime := fs.Duration("max-time", 30*time.Second, "give up when the whole scenario takes longer")
	level := fs.String("log-level", "info", "log level on stderr: debug (every HTTP call), info, warn or error")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q: this program takes flags only", fs.Arg(0))
	}
	c := config{polls: *polls, timeout: *timeout, interval: *interval, maxTime: *maxTime}
	if err := c.level.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("flag -log-level %q: %w", *level, err)
	}
	switch {
	case c.polls < 0:
		return config{}, fmt.Errorf("flag -polls %d: must not be negative", c.polls)
	case c.timeout <= 0:
		return config{}, fmt.Errorf("flag -timeout %s: must be positive", c.timeout)
	case c.interval <= 0:
		return config{}, fmt.Errorf("flag -interval %s: must be positive", c.interval)
	case c.maxTime <= 0:
		return config{}, fmt.Errorf("flag -max-time %s: must be positive", c.maxTime)
	}
	return c, nil
}

// run is the whole program: main only adds signals and the exit status. The
// narrative goes to stdout, logs to stderr.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.level}))
	ctx, cancel := context.WithTimeout(ctx, cfg.maxTime)
	defer cancel()

	sim := engagetest.New(engagetest.WithProcessingPolls(cfg.polls), engagetest.WithHang(cfg.timeout))
	base, stop, err := serve(ctx, sim, log)
	if err != nil {
		return err
	}
	defer stop()
	log.Info("engagement platform simulator listening", "url", base)

	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	client := engagehttp.New(base, &http.Client{Timeout: cfg.timeout, Transport: logTransport{next: tr, log: log}}, "example-api-key")

	sc := &scenario{out: stdout, log: log, cfg: cfg, sim: sim, client: client, store: engage.NewMemoryStore()}
	sc.feed = engage.NewFeed(client, sc.store, engage.Config{
		// The host's integration log: discarded embedded actions (ENG-017)
		// and failed jobs (ENG-023) arrive here.
		Log: func(_ context.Context, e engage.LogEntry) {
			log.Warn("integration log", "type", e.Type, "order", e.Order, "job", e.Job, "message", e.Message)
			sc.logged = append(sc.logged, e)
		},
		// The counter-action for an embedded action the platform dropped
		// (ENG-017): a real host would e.g. send the e-mail itself.
		CounterAction: func(_ context.Context, order engage.OrderID, d engage.DiscardedAction) error {
			sc.say("counter-action: order %s: %s was discarded (%s)", order, d.Action, d.Reason)
			return nil
		},
	})
	sim.AddContact(contact)
	fmt.Fprintf(stdout, "engagement feed: platform simulator at %s, contact %s known to it\n", base, contact)
	if err := sc.run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nall %d steps done: order writes %d, receipt registrations %d (receipts kept %d), actions %d, communications %d\n",
		sc.step, sim.Requests(engagetest.OpPutOrder), sim.Requests(engagetest.OpReceipt), len(sim.Receipts()),
		sim.Requests(engagetest.OpAction), len(sim.Communications()))
	return nil
}

// serve serves h on a loopback listener on a free port and returns its base
// URL and a function that shuts it down.
func serve(ctx context.Context, h http.Handler, log *slog.Logger) (string, func(), error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on 127.0.0.1:0: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("simulator stopped", "err", err)
		}
	}()
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("simulator shutdown", "err", err)
			_ = srv.Close()
		}
		<-done
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// logTransport logs every HTTP call at debug level.
type logTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t logTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		t.log.Debug("http", "method", r.Method, "path", r.URL.RequestURI(), "err", err)
		return nil, err
	}
	t.log.Debug("http", "method", r.Method, "path", r.URL.RequestURI(), "status", resp.StatusCode, "took", time.Since(start))
	return resp, nil
}
