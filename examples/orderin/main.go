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

	"github.com/omskit/omskit/examples/internal/intakesetup"
	"github.com/omskit/omskit/order/orderhttp"
	"github.com/omskit/omskit/redact"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "orderin:", err)
		os.Exit(1)
	}
}

// pathCWOrderIn is where CWORDERIN messages are posted.
const pathCWOrderIn = "/cworderin"

// config is what the flags set.
type config struct {
	intakesetup.Config
	addr            string
	maxInFlight     int
	shutdownTimeout time.Duration
}

// parseFlags reads the command line. Usage and flag errors go to out.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("orderin", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: orderin [flags]")
		fmt.Fprintln(out, "Serves the CWORDERIN order API over HTTP: POST a CWORDERIN to /cworderin, get the CWORDEROUT back.")
		fs.PrintDefaults()
	}
	intake := intakesetup.Register(fs, "orderin.db")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (host:port; port 0 picks a free one)")
	inFlight := fs.Int("max-in-flight", orderhttp.DefaultMaxInFlight, "messages read and processed at once; more get 503 with Retry-After")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long requests in flight may finish after SIGINT/SIGTERM")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q: this program takes flags only", fs.Arg(0))
	}
	ic, err := intake.Config()
	if err != nil {
		return config{}, err
	}
	c := config{Config: ic, addr: *addr, maxInFlight: *inFlight, shutdownTimeout: *shutdown}
	switch {
	case c.maxInFlight <= 0:
		return config{}, fmt.Errorf("flag -max-in-flight %d: must be positive", c.maxInFlight)
	case c.shutdownTimeout <= 0:
		return config{}, fmt.Errorf("flag -shutdown-timeout %s: must be positive", c.shutdownTimeout)
	}
	return c, nil
}

// run is the whole program: main only adds the signals and the exit status.
// It listens on -addr, prints the URL to stdout, serves until ctx is done and
// then shuts down gracefully. Logs go to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	// Every log line is masked: no card number, wherever it stood in a
	// message, reaches the log (redact.Handler).
	log := slog.New(redact.NewHandler(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.Level})))
	svc, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.Close()

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	fmt.Fprintf(stdout, "orderin: listening on http://%s%s (%s, %s)\n", ln.Addr(), pathCWOrderIn, svc.StoreName, cfg.Version)
	return serve(ctx, ln, svc.routes(), cfg.shutdownTimeout, log)
}

// serve serves h on ln until ctx is done, then stops accepting connections
// and lets requests in flight finish for up to timeout (http.Server.Shutdown)
// before closing what is left.
func serve(ctx context.Context, ln net.Listener, h http.Handler, timeout time.Duration, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", timeout)
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		<-errc
		return fmt.Errorf("shutdown: requests still running after %s: %w", timeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	}
	log.Info("stopped")
	return nil
}

// service is the opened store and the intake handler wired on it.
type service struct {
	*intakesetup.Env
	intake *orderhttp.Handler
}

// open opens the store and wires the HTTP intake on it.
func open(ctx context.Context, cfg config, log *slog.Logger) (*service, error) {
	env, err := intakesetup.Open(ctx, cfg.Config, log)
	if err != nil {
		return nil, err
	}
	h := orderhttp.New(env.Processor, orderhttp.Options{MaxInFlight: cfg.maxInFlight, Log: log})
	return &service{Env: env, intake: h}, nil
}

// routes is the service's HTTP API: POST /cworderin and GET /healthz.
func (s *service) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(pathCWOrderIn, s.intake)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DB.SQL().PingContext(r.Context()); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	return mux
}
