package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerotel"
	"github.com/omskit/omskit/broker/brokerweb"
	"github.com/omskit/omskit/storage/sqlstore"
)

// consoleConfig is what the -console flag sets.
type consoleConfig struct {
	addr string
}

// on reports whether the console is served.
func (c consoleConfig) on() bool { return c.addr != "" }

func addConsoleFlags(fs *flag.FlagSet, c *consoleConfig) {
	fs.StringVar(&c.addr, "console", "", "serve the Order Broker console (broker/brokerweb) and the Prometheus /metrics on this address, e.g. :8080; "+
		"with -simulate the worker then keeps running after the demo records are done")
}

// localOnly is the demo's authorization hook: the console answers the
// machine it runs on (loopback clients), look and act. A host plugs in its
// own users here.
func localOnly(r *http.Request, _ brokerweb.Access) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// startConsole serves the console over store, acting through actions,
// and /metrics, fed by an OpenTelemetry observer it sets on every runner.
// It returns once the address is bound; the server stops when ctx ends.
func startConsole(ctx context.Context, cfg consoleConfig, store *sqlstore.BrokerStore, runners []*broker.Runner, log *slog.Logger) error {
	if !cfg.on() {
		return nil
	}
	reg := prometheus.NewRegistry()
	exp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return fmt.Errorf("prometheus exporter: %w", err)
	}
	meters := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	obs, err := brokerotel.New(brokerotel.Options{MeterProvider: meters, Records: store})
	if err != nil {
		return fmt.Errorf("broker observer: %w", err)
	}
	for _, r := range runners {
		r.Observer = obs
	}
	console, err := brokerweb.New(brokerweb.Options{Store: store, Actions: runners[0], Authorize: localOnly,
		Orders: demoOrders{}, Settings: runners[0].Engine.Settings, Title: "omskit brokerworker"})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", console)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("-console %s: %w", cfg.addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("console server", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		_ = meters.Shutdown(shut)
	}()
	log.Info("console serving", "url", "http://"+ln.Addr().String()+"/", "metrics", "http://"+ln.Addr().String()+"/metrics")
	return nil
}
