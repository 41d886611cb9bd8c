package intakesetup

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/scv"
	"github.com/omskit/omskit/storage/sqlstore"
	"github.com/omskit/omskit/xmlmsg"
)

// DemoSettings is the SCV snapshot used without -settings: order-edit
// errors wait in batch 41 (G41), retail-channel orders in error in batch 78
// (I78), the order edit runs interactively so CWORDEROUT totals are final
// (I56), and returns without a disposition get RS (C18).
const DemoSettings = `{"G41": 41, "I78": 78, "I56": "Y", "C18": "RS"}`

// Config is what the intake flags set.
type Config struct {
	DBPath       string // SQLite file (ignored with DSN)
	DSN          string // PostgreSQL DSN; replaces DBPath
	Version      xmlmsg.CWOVersion
	SettingsPath string // SCV JSON file; blank: DemoSettings
	CatalogPath  string // catalog JSON file; blank: DemoCatalog
	MaxBytes     int64  // largest message in bytes
	Level        slog.Level
}

// Flags holds the intake flags registered on a flag set; Config reads them
// after parsing.
type Flags struct {
	dbPath, dsn, version, settings, catalog, level *string
	maxBytes                                       *int64
}

// Register adds the intake flags to fs: -db (default defaultDB), -dsn,
// -version, -settings, -catalog, -max-bytes and -log-level.
func Register(fs *flag.FlagSet, defaultDB string) *Flags {
	return &Flags{
		dbPath:   fs.String("db", defaultDB, "SQLite database file, created if missing (ignored with -dsn)"),
		dsn:      fs.String("dsn", "", "PostgreSQL DSN, e.g. postgres://user@127.0.0.1:5432/db?sslmode=disable; replaces -db"),
		version:  fs.String("version", "oms5", "CWORDERIN version: oms5 (OMS 5.0 and later, explicit decimals) or cwdirect18 (CWDirect 18.0, implied decimals)"),
		settings: fs.String("settings", "", "SCV settings JSON file (code → value); default: the demo settings "+DemoSettings),
		catalog:  fs.String("catalog", "", "item and pay type catalog JSON file; default: the demo catalog (SKU00001-SKU00300, pay types 4, CK, CA)"),
		maxBytes: fs.Int64("max-bytes", orderapi.DefaultMaxBytes(xmlmsg.CWOOptions{}),
			"largest message in bytes; larger ones are refused unread (default: 4 bytes per character of the order API's 65,000-character limit)"),
		level: fs.String("log-level", "info", "log level on stderr: debug, info, warn or error"),
	}
}

// Config checks the parsed flags and returns them.
func (f *Flags) Config() (Config, error) {
	c := Config{DBPath: *f.dbPath, DSN: *f.dsn, SettingsPath: *f.settings, CatalogPath: *f.catalog, MaxBytes: *f.maxBytes}
	var err error
	if c.Version, err = ParseVersion(*f.version); err != nil {
		return Config{}, err
	}
	if err := c.Level.UnmarshalText([]byte(*f.level)); err != nil {
		return Config{}, fmt.Errorf("flag -log-level %q: %w", *f.level, err)
	}
	switch {
	case c.MaxBytes <= 0:
		return Config{}, fmt.Errorf("flag -max-bytes %d: must be positive", c.MaxBytes)
	case c.DSN == "" && c.DBPath == "":
		return Config{}, errors.New("flag -db is empty and no -dsn given: name a SQLite file or a PostgreSQL DSN")
	}
	return c, nil
}

// ParseVersion reads the -version flag: oms5 (also "OMS 5.0") or cwdirect18
// (also "CWDirect 18.0").
func ParseVersion(s string) (xmlmsg.CWOVersion, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "oms5", strings.ToLower(string(xmlmsg.CWOVersionOMS5)):
		return xmlmsg.CWOVersionOMS5, nil
	case "cwdirect18", strings.ToLower(string(xmlmsg.CWOVersionCWDirect18)):
		return xmlmsg.CWOVersionCWDirect18, nil
	}
	return "", fmt.Errorf("flag -version %q: want oms5 (OMS 5.0 and later, explicit decimals) or cwdirect18 (CWDirect 18.0, implied decimals)", s)
}

// Env is the opened store and the intake wired on it.
type Env struct {
	DB        *sqlstore.DB
	StoreName string // "SQLite <file>" or "PostgreSQL"
	Processor *orderapi.Processor
}

// Close closes the database.
func (e *Env) Close() { _ = e.DB.Close() }

// Open opens the store (SQLite at cfg.DBPath, or PostgreSQL at cfg.DSN),
// loads the settings and the catalog and wires the order intake.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Env, error) {
	set, err := LoadSettings(ctx, cfg.SettingsPath)
	if err != nil {
		return nil, err
	}
	cat := DemoCatalog()
	if cfg.CatalogPath != "" {
		if cat, err = ReadCatalogFile(ctx, cfg.CatalogPath); err != nil {
			return nil, err
		}
	}
	var (
		db   *sqlstore.DB
		name string
	)
	if cfg.DSN != "" {
		db, err = sqlstore.OpenPostgres(ctx, cfg.DSN)
		name = "PostgreSQL"
	} else {
		db, err = sqlstore.OpenSQLite(ctx, cfg.DBPath)
		name = "SQLite " + cfg.DBPath
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
	items := cat.Build()
	p := &orderapi.Processor{
		Deps: order.Deps{
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
		},
		Options: xmlmsg.CWOOptions{Version: cfg.Version, MaxBytes: cfg.MaxBytes},
	}
	log.Info("order intake ready", "store", name, "version", string(cfg.Version),
		"items", len(cat.Items), "pay_types", len(cat.PayTypes), "max_bytes", cfg.MaxBytes)
	return &Env{DB: db, StoreName: name, Processor: p}, nil
}

// LoadSettings reads the SCV JSON file at path, or DemoSettings when path
// is blank; a cancelled ctx stops it before the read.
func LoadSettings(ctx context.Context, path string) (scv.Set, error) {
	if err := ctx.Err(); err != nil {
		return scv.Set{}, fmt.Errorf("settings: %w", err)
	}
	if path == "" {
		set, err := scv.LoadJSON(strings.NewReader(DemoSettings))
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
