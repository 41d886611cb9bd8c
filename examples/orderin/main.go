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
	"strings"
	"syscall"
	"time"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/scv"
	"github.com/omskit/omskit/storage/sqlstore"
	"github.com/omskit/omskit/xmlmsg"
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

// demoSettings is the SCV snapshot used without -settings: order-edit errors
// wait in batch 41 (G41), retail-channel orders in error in batch 78 (I78),
// the order edit runs interactively so CWORDEROUT totals are final (I56), and
// returns without a disposition get RS (C18).
const demoSettings = `{"G41": 41, "I78": 78, "I56": "Y", "C18": "RS"}`

// config is what the flags set.
type config struct {
	addr            string
	dbPath          string
	dsn             string
	version         xmlmsg.CWOVersion
	settingsPath    string
	catalogPath     string
	maxBytes        int64
	shutdownTimeout time.Duration
	level           slog.Level
}

// parseVersion reads the -version flag: oms5 (also "OMS 5.0") or cwdirect18
// (also "CWDirect 18.0").
func parseVersion(s string) (xmlmsg.CWOVersion, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "oms5", strings.ToLower(string(xmlmsg.CWOVersionOMS5)):
		return xmlmsg.CWOVersionOMS5, nil
	case "cwdirect18", strings.ToLower(string(xmlmsg.CWOVersionCWDirect18)):
		return xmlmsg.CWOVersionCWDirect18, nil
	}
	return "", fmt.Errorf("flag -version %q: want oms5 (OMS 5.0 and later, explicit decimals) or cwdirect18 (CWDirect 18.0, implied decimals)", s)
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
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (host:port; port 0 picks a free one)")
	dbPath := fs.String("db", "orderin.db", "SQLite database file, created if missing (ignored with -dsn)")
	dsn := fs.String("dsn", "", "PostgreSQL DSN, e.g. postgres://user@127.0.0.1:5432/db?sslmode=disable; replaces -db")
	version := fs.String("version", "oms5", "CWORDERIN version: oms5 (OMS 5.0 and later, explicit decimals) or cwdirect18 (CWDirect 18.0, implied decimals)")
	settings := fs.String("settings", "", "SCV settings JSON file (code → value); default: the demo settings "+demoSettings)
	catalog := fs.String("catalog", "", "item and pay type catalog JSON file; default: the demo catalog (SKU00001-SKU00300, pay types 4, CK, CA)")
	maxBytes := fs.Int64("max-bytes", 1<<20, "largest request body in bytes; larger bodies get 413")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long requests in flight may finish after SIGINT/SIGTERM")
	level := fs.String("log-level", "info", "log level on stderr: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q: this program takes flags only", fs.Arg(0))
	}
	c := config{addr: *addr, dbPath: *dbPath, dsn: *dsn, settingsPath: *settings, catalogPath: *catalog,
		maxBytes: *maxBytes, shutdownTimeout: *shutdown}
	var err error
	if c.version, err = parseVersion(*version); err != nil {
		return config{}, err
	}
	if err := c.level.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("flag -log-level %q: %w", *level, err)
	}
	switch {
	case c.maxBytes <= 0:
		return config{}, fmt.Errorf("flag -max-bytes %d: must be positive", c.maxBytes)
	case c.shutdownTimeout <= 0:
		return config{}, fmt.Errorf("flag -shutdown-timeout %s: must be positive", c.shutdownTimeout)
	case c.dsn == "" && c.dbPath == "":
		return config{}, errors.New("flag -db is empty and no -dsn given: name a SQLite file or a PostgreSQL DSN")
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
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.level}))
	svc, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	fmt.Fprintf(stdout, "orderin: listening on http://%s%s (%s, %s)\n", ln.Addr(), pathCWOrderIn, svc.storeName, cfg.version)
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

// service is the opened database and the intake wired on it.
type service struct {
	db        *sqlstore.DB
	storeName string
	intake    *intakeHandler
}

// open opens the store (SQLite at -db, or PostgreSQL at -dsn), loads the
// settings and the catalog and wires the order intake.
func open(ctx context.Context, cfg config, log *slog.Logger) (*service, error) {
	set, err := loadSettings(ctx, cfg.settingsPath)
	if err != nil {
		return nil, err
	}
	cat := demoCatalog()
	if cfg.catalogPath != "" {
		if cat, err = readCatalogFile(ctx, cfg.catalogPath); err != nil {
			return nil, err
		}
	}
	var (
		db   *sqlstore.DB
		name string
	)
	if cfg.dsn != "" {
		db, err = sqlstore.OpenPostgres(ctx, cfg.dsn)
		name = "PostgreSQL"
	} else {
		db, err = sqlstore.OpenSQLite(ctx, cfg.dbPath)
		name = "SQLite " + cfg.dbPath
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	csettings := customer.SettingsFrom(set)
	customers, err := db.CustomerStore(ctx, csettings.MatchRules())
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open customer store: %w", err)
	}
	orders := db.OrderStore()
	items := cat.build()
	deps := order.Deps{
		Settings:        order.SettingsFrom(set),
		Store:           orders,
		Reps:            orders,
		OrderNumbers:    orders,
		Items:           items,
		PayTypes:        items,
		VendorResponses: items,
		Coupons:         items,
		ShipVias:        items,
		SoldTo:          order.CustomerSelector{Store: customers, Settings: csettings},
	}
	h := &intakeHandler{
		deps:     deps,
		opts:     xmlmsg.CWOOptions{Version: cfg.version, MaxBytes: cfg.maxBytes},
		maxBytes: cfg.maxBytes,
		log:      log,
	}
	log.Info("order intake ready", "store", name, "version", string(cfg.version),
		"items", len(cat.Items), "pay_types", len(cat.PayTypes), "max_bytes", cfg.maxBytes)
	return &service{db: db, storeName: name, intake: h}, nil
}

// close closes the database.
func (s *service) close() { _ = s.db.Close() }

// routes is the service's HTTP API: POST /cworderin and GET /healthz.
func (s *service) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(pathCWOrderIn, s.intake)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.db.SQL().PingContext(r.Context()); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	return mux
}

// loadSettings reads the SCV JSON file at path, or the demo settings when
// path is blank; a cancelled ctx stops it before the read.
func loadSettings(ctx context.Context, path string) (scv.Set, error) {
	if err := ctx.Err(); err != nil {
		return scv.Set{}, fmt.Errorf("settings: %w", err)
	}
	if path == "" {
		set, err := scv.LoadJSON(strings.NewReader(demoSettings))
		if err != nil {
			return scv.Set{}, fmt.Errorf("demo settings: %w", err)
		}
		return set, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return scv.Set{}, fmt.Errorf("settings file: %w", err)
	}
	defer f.Close()
	set, err := scv.LoadJSON(f)
	if err != nil {
		return scv.Set{}, fmt.Errorf("settings file %s: %w", path, err)
	}
	return set, nil
}
