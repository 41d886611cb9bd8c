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
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/broker/brokerhttp"
	"github.com/omskit/omskit/broker/brokertest"
	"github.com/omskit/omskit/storage/sqlstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "brokerworker:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	dsn, brokerURL, owner  string
	simulate               bool
	interval, lease, stop  time.Duration
	resendWaiting          time.Duration
	batch, orders, workers int
	level                  slog.Level
	console                consoleConfig
}

func defaultOwner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "worker"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// parseFlags reads the command line. Usage goes to out.
func parseFlags(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("brokerworker", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: brokerworker [flags]")
		fmt.Fprintln(out, "Runs the Order Broker BROKER run on a schedule through leases; several workers may share one database.")
		fs.PrintDefaults()
	}
	var c config
	fs.StringVar(&c.dsn, "dsn", "", "PostgreSQL DSN of the broker store; empty means a SQLite file in a temporary directory")
	fs.StringVar(&c.brokerURL, "broker", "", "Order Broker URL (required unless -simulate)")
	fs.BoolVar(&c.simulate, "simulate", false, "start the Order Broker simulator on 127.0.0.1:0, use it and seed demo records")
	fs.DurationVar(&c.interval, "interval", 5*time.Second, "time between BROKER runs")
	fs.StringVar(&c.owner, "owner", defaultOwner(), "this worker's name in the leases; unique per worker")
	fs.IntVar(&c.batch, "batch", broker.DefaultLeaseBatch, "records leased at a time")
	fs.DurationVar(&c.lease, "lease", broker.DefaultLeaseFor, "lease duration: how soon a dead worker's records come back")
	fs.IntVar(&c.workers, "workers", 1, "workers in this process (owners OWNER-1..N), sharing the queue as separate processes would")
	fs.DurationVar(&c.resendWaiting, "resend-waiting", broker.DefaultResendWaitingAfter,
		"how long a record sent without a stored answer (status W, no request ID) waits before its SubmitOrder is resent; OB answers a duplicate with 2040 and the record goes on (F1.08); negative never resends")
	fs.IntVar(&c.orders, "orders", 3, "demo orders (two lines each) seeded with -simulate")
	fs.DurationVar(&c.stop, "for", 0, "stop after this long; 0 runs until SIGINT/SIGTERM (or, with -simulate, until the demo records are done)")
	level := fs.String("log-level", "info", "log level on stderr: debug, info, warn or error")
	addConsoleFlags(fs, &c.console)
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := c.level.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("-log-level %q: %w", *level, err)
	}
	switch {
	case c.interval <= 0:
		return config{}, fmt.Errorf("-interval %s: must be positive", c.interval)
	case c.workers <= 0:
		return config{}, fmt.Errorf("-workers %d: must be positive", c.workers)
	case c.batch <= 0:
		return config{}, fmt.Errorf("-batch %d: must be positive", c.batch)
	case c.lease <= 0:
		return config{}, fmt.Errorf("-lease %s: must be positive", c.lease)
	case c.owner == "":
		return config{}, errors.New("-owner is blank")
	case c.brokerURL == "" && !c.simulate:
		return config{}, errors.New("-broker URL or -simulate is required")
	}
	return c, nil
}

// openStore opens the broker store: PostgreSQL at dsn, or a SQLite file
// in a temporary directory removed by the returned cleanup.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (*sqlstore.DB, func(), error) {
	if dsn != "" {
		db, err := sqlstore.OpenPostgres(ctx, dsn)
		if err != nil {
			return nil, nil, err
		}
		log.Info("broker store on PostgreSQL")
		return db, func() { _ = db.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "brokerworker-")
	if err != nil {
		return nil, nil, fmt.Errorf("temporary directory for SQLite: %w", err)
	}
	path := filepath.Join(dir, "omskit.db")
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, err
	}
	log.Info("broker store on SQLite", "path", path)
	return db, func() { _ = db.Close(); _ = os.RemoveAll(dir) }, nil
}

// simulate starts the simulator on 127.0.0.1:0 and returns its URL.
func simulate(log *slog.Logger) (*brokertest.Simulator, string, func(), error) {
	sim := brokertest.New(brokertest.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, fmt.Errorf("listen for the simulator: %w", err)
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	log.Info("Order Broker simulator started", "url", url)
	return sim, url, func() { _ = srv.Close() }, nil
}

// run is the whole program: it returns when ctx ends (a signal), -for has
// passed, or (with -simulate) every demo record is done.
func run(ctx context.Context, args []string, out, logOut io.Writer) error {
	cfg, err := parseFlags(args, out)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the usage is printed; that is success
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: cfg.level})).With("owner", cfg.owner)
	if cfg.stop > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.stop)
		defer cancel()
	}
	db, closeDB, err := openStore(ctx, cfg.dsn, log)
	if err != nil {
		return err
	}
	defer closeDB()
	store := db.BrokerStore(nil)

	url := cfg.brokerURL
	var sim *brokertest.Simulator
	var demo []broker.Record
	var pickups *pickupDemo
	if cfg.simulate {
		unlock, err := lockSimulator(ctx, db)
		if err != nil {
			return err
		}
		defer unlock()
		var stopSim func()
		if sim, url, stopSim, err = simulate(log); err != nil {
			return err
		}
		defer stopSim()
		demo = demoRecords(cfg.orders)
		if err := store.Put(ctx, time.Now(), demo...); err != nil {
			return fmt.Errorf("seed demo records: %w", err)
		}
		pickups = &pickupDemo{store: store, sim: sim}
		if err := pickups.seed(ctx, broker.Engine{Settings: demoSettings()}); err != nil {
			return err
		}
		log.Info("demo records seeded", "records", len(demo), "F2, F3 and F4 orders", 3)
	}

	watch := &watchedStore{BrokerStore: store, log: log, trails: map[uuid.UUID][]broker.Status{}}
	runners := make([]*broker.Runner, cfg.workers)
	for i := range runners {
		owner := cfg.owner
		if cfg.workers > 1 {
			owner = fmt.Sprintf("%s-%d", cfg.owner, i+1)
		}
		runners[i] = &broker.Runner{
			Transport: brokerhttp.New(url), Store: watch, Orders: demoOrders{}, Engine: broker.Engine{Settings: demoSettings()},
			ResendWaitingAfter: cfg.resendWaiting,
			// Records a run handled are due again half an interval later, so
			// every run sees them.
			Leasing: &broker.Leasing{Store: store, Owner: owner, Batch: cfg.batch, For: cfg.lease, Revisit: max(cfg.interval/2, time.Millisecond)},
		}
	}
	if pickups != nil {
		runners[0].Fulfillments = pickups.poller(demoSettings()) // F3: one worker polls
	}
	if err := startConsole(ctx, cfg.console, store, runners, log); err != nil {
		return err
	}
	ticker := time.NewTicker(cfg.interval)
	defer ticker.Stop()
	for {
		var wg sync.WaitGroup
		for _, runner := range runners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runOnce(ctx, runner, log.With("worker", runner.Leasing.Owner))
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			break
		}
		if sim != nil {
			advance(ctx, sim, store, demo, log)
			pickups.advance(ctx, runners[0], log)
			if done, err := allDone(ctx, store, demo, pickups); err != nil && ctx.Err() == nil {
				log.Error("read demo records", "err", err)
			} else if done && !cfg.console.on() {
				log.Info("every demo record is done")
				break
			}
		}
		select {
		case <-ctx.Done():
		case <-ticker.C:
			continue
		}
		break
	}
	if ctx.Err() != nil {
		log.Info("stopping", "cause", context.Cause(ctx))
	}
	if sim != nil {
		return report(out, store, sim, watch, demo, pickups)
	}
	return nil
}

// runOnce performs one BROKER run and logs what it did.
func runOnce(ctx context.Context, runner *broker.Runner, log *slog.Logger) {
	rep, err := runner.Run(ctx)
	switch {
	case ctx.Err() != nil:
		log.Info("run interrupted: the leases of the batch in hand are given back")
	case err != nil:
		log.Error("BROKER run failed", "err", err)
	default:
		log.Info("BROKER run", "submitted", rep.Submitted, "canceled", rep.Canceled, "inquired", rep.Inquired,
			"transitions", rep.Transitions, "errors", len(rep.Errors))
		for _, e := range rep.Errors {
			log.Warn("record failed", "record", e.Label, "op", e.Op, "err", e.Err)
		}
	}
}

// advance plays the stores behind the simulated Order Broker: each demo
// order this worker has seen in a status moves one status further
// (acknowledged -> polled -> accepted -> shipped), so that every status is
// seen by a run before the next one.
func advance(ctx context.Context, sim *brokertest.Simulator, store *sqlstore.BrokerStore, demo []broker.Record, log *slog.Logger) {
	for _, r := range demo {
		cur, err := store.Record(ctx, r.ID)
		if err != nil || cur.RequestID == "" {
			continue
		}
		switch cur.Status {
		case broker.StatusAcknowledged:
			err = sim.Advance(cur.RequestID, broker.OBPolled)
		case broker.StatusPolled:
			err = sim.Advance(cur.RequestID, broker.OBAccepted)
		case broker.StatusAccepted:
			err = sim.Ship(cur.RequestID, "UPS", "1Z"+cur.RequestID)
		}
		if err != nil {
			log.Error("simulator", "record", cur.Label(), "err", err)
		}
	}
}

// finished are the statuses a demo record ends in.
var finished = map[broker.Status]bool{
	broker.StatusCompleted: true, broker.StatusClosed: true, broker.StatusError: true,
	broker.StatusUnfulfillable: true, broker.StatusCanceled: true,
}

func allDone(ctx context.Context, store *sqlstore.BrokerStore, demo []broker.Record, pickups *pickupDemo) (bool, error) {
	for _, r := range demo {
		cur, err := store.Record(ctx, r.ID)
		if err != nil {
			return false, err
		}
		if !finished[cur.Status] {
			return false, nil
		}
	}
	return pickups.done(ctx)
}

// report prints each demo record's walk through the statuses and how many
// SubmitOrders carried it.
func report(out io.Writer, store *sqlstore.BrokerStore, sim *brokertest.Simulator, watch *watchedStore, demo []broker.Record, pickups *pickupDemo) error {
	ids := make([]uuid.UUID, 0, len(demo))
	for _, r := range demo {
		ids = append(ids, r.ID)
	}
	ids = append(ids, pickups.ids()...)
	for _, id := range ids {
		cur, err := store.Record(context.Background(), id)
		if err != nil {
			return fmt.Errorf("read demo record %s: %w", id, err)
		}
		var walk []string
		for _, s := range watch.trail(id) {
			walk = append(walk, string(rune(s)))
		}
		if len(walk) == 0 {
			walk = []string{string(rune(cur.Status))} // never changed by this worker
		}
		fmt.Fprintf(out, "%s %s: %s; submitted %d time(s)\n", cur.Flow, cur.Label(), strings.Join(walk, " -> "), sim.SubmitCount(broker.OrderID(cur.Key), cur.LineSeq))
	}
	return nil
}

// watchedStore is the record store the runner writes through: it logs
// every status change and keeps each record's walk.
type watchedStore struct {
	*sqlstore.BrokerStore
	log    *slog.Logger
	mu     sync.Mutex
	trails map[uuid.UUID][]broker.Status
}

// Update updates the record in the store and notes a status change.
func (w *watchedStore) Update(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	var from, to broker.Record
	err := w.BrokerStore.Update(ctx, id, func(cur broker.Record) (broker.Record, []broker.SideEffect, error) {
		next, effects, err := fn(cur)
		from, to = cur, next
		return next, effects, err
	})
	if err != nil || from.Status == to.Status {
		return err
	}
	w.log.Info("status change", "record", from.Label(), "from", from.Status.String(), "to", to.Status.String())
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.trails[id]) == 0 {
		w.trails[id] = []broker.Status{from.Status}
	}
	w.trails[id] = append(w.trails[id], to.Status)
	return nil
}

func (w *watchedStore) trail(id uuid.UUID) []broker.Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]broker.Status(nil), w.trails[id]...)
}

// demoKey is the key of demo order i.
func demoKey(i int) broker.OrderKey { return broker.OrderKey{Company: 6, Order: 7001 + i, ShipTo: 1} }

// demoRecords are the Ready records of n demo orders, lines 1 and 2.
func demoRecords(n int) []broker.Record {
	var out []broker.Record
	for i := range n {
		for seq := 1; seq <= 2; seq++ {
			out = append(out, broker.Record{ID: uuid.New(), Flow: broker.BrokeredBackorder.Name, Key: demoKey(i), LineSeq: seq, LineNo: seq, Status: broker.StatusReady})
		}
	}
	return out
}

// demoOrders stands for the host's order system: every order number is
// an open, paid order with two backordered lines.
type demoOrders struct{}

// Order returns the demo order of key.
func (demoOrders) Order(_ context.Context, key broker.OrderKey) (broker.Order, error) {
	addr := broker.Address{Name: broker.Name{First: "FIRST", Last: "LAST"}, Address1: "12345 EXAMPLE STREET",
		City: "WORCESTER", Province: "MA", Postal: "01602", Country: "US"}
	o := broker.Order{Key: key, Type: "W", Status: broker.OrderOpen, PaidInFull: true, Authorized: true,
		SoldTo: broker.Customer{Number: 12345, Address: addr}, ShipTo: addr, ShipVia: "1", ShipViaDescription: "UPS GROUND",
		SourceCode: "SOURCE"}
	for seq := 1; seq <= 2; seq++ {
		o.Lines = append(o.Lines, broker.OrderLine{Seq: seq, Number: seq, Status: broker.LineOpen, Ordered: 1, Backordered: 1,
			UnitPrice: decimal.RequireFromString("4.95"), Item: broker.Item{Code: fmt.Sprintf("ITEM%d", seq), OROBEligible: true}})
	}
	return pickupOrder(o), nil
}

// demoSettings are the Order Broker system control values of the demo.
// K10 (StatusUpdateInterval) is 0 so that every run inquires.
func demoSettings() broker.Settings {
	return broker.Settings{
		SendBackorders: true, Account: "LOCATE", System: "6", DefaultLocation: "1234567890",
		UnfulfillableLocation: "999", StatusUpdateInterval: 0, MessageVersion: "18.0",
		OriginatingLocation: "M32LOC", LocalCurrency: "USD",
		// K91 and K92 set: F3 is polled and F2 sends intransit (BRK-153,
		// BRK-157); the F3 order defaults; G11 for store pickup.
		Flows: broker.FlowSettings{DeliveryOrderType: "D", RetailPickupOrderType: "R", SourceCode: "K93SRC", ShipVia: "30",
			DefaultShipVia: "1", PriceOverrideReason: "PO", PaymentType: "27", PaymentTypeDescription: "ORDER BROKER", ErrorBatch: "77",
			RejectedStorePickupCancelReason: "G1", StorePickupOrderType: "SP"},
	}
}
