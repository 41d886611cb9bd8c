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

	"github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/customer/sync/synchttp"
	"github.com/omskit/omskit/customer/sync/synctest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "customersync:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	scope    sync.Scope
	polls    int
	timeout  time.Duration
	interval time.Duration
	maxTime  time.Duration
	level    slog.Level
}

// parseFlags reads the command line. Usage goes to out.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("customersync", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: customersync [flags]")
		fmt.Fprintln(out, "Runs the customer sync scenario against in-process platform and ERP simulators.")
		fs.PrintDefaults()
	}
	scope := fs.String("scope", string(sync.ScopeClientUnique), "the platform's uniqueness scope: client-unique or application-unique (customer-sync.md NRC-013)")
	polls := fs.Int("polls", 1, "how many status reads of an import job answer \"running\" before it is done (simulator)")
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
	c := config{scope: sync.Scope(*scope), polls: *polls, timeout: *timeout, interval: *interval, maxTime: *maxTime}
	if err := c.level.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("flag -log-level %q: %w", *level, err)
	}
	if err := c.scope.Valid(); err != nil {
		return config{}, fmt.Errorf("flag -scope: %w", err)
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

	plat := synctest.NewPlatform(synctest.WithScope(cfg.scope), synctest.WithPolls(cfg.polls), synctest.WithHang(cfg.timeout))
	base, stop, err := serve(ctx, plat, log)
	if err != nil {
		return err
	}
	defer stop()
	log.Info("platform simulator listening", "url", base)

	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	client := synchttp.New(base, &http.Client{Timeout: cfg.timeout, Transport: logTransport{next: tr, log: log}})

	erp := synctest.NewERP()
	erp.Seed(erpCustomers...)

	set := sync.DefaultSettings(cfg.scope)
	set.Wait = sync.WaitOptions{Interval: cfg.interval, Timeout: cfg.maxTime}
	syncer, err := sync.New(sync.Deps{Importer: client, Querier: client, Events: client, ERP: erp,
		Store: sync.NewMemoryStore(), AnonymizedPerson: synctest.IsAnonymized}, set)
	if err != nil {
		return fmt.Errorf("build syncer: %w", err)
	}
	sc := &scenario{out: stdout, log: log, cfg: cfg, plat: plat, erp: erp, client: client, syncer: syncer}
	fmt.Fprintf(stdout, "customer sync: platform simulator at %s (scope %s), in-memory ERP with %d customers\n",
		base, cfg.scope, len(erpCustomers))
	if err := sc.run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nall %d steps done: ERP creates %d, platform imports %d person and %d company, ERP updates %d\n",
		sc.step, erp.Calls(synctest.ERPCreate), plat.Requests(synctest.OpImportCustomers),
		plat.Requests(synctest.OpImportCompanies), erp.Calls(synctest.ERPUpdate))
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
