package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Sentinel errors of the store.
var (
	// ErrClosed: the store was used after Close.
	ErrClosed = errors.New("sqlstore: store is closed")
	// ErrSchemaTooNew: the database holds migrations this build does not
	// know; an older binary refuses to run against a newer schema.
	ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this build")
	// ErrDuplicateKey: a write broke a unique or primary key (two writers
	// created the same thing); nothing of the transaction was written. The
	// stores turn the cases callers branch on into domain errors
	// (order.ErrDuplicateOrder, order.ErrBatchNumberUsed, …).
	ErrDuplicateKey = errors.New("sqlstore: duplicate key")
	// ErrRetriesExhausted: a transaction kept failing with serialization
	// failures (or a busy SQLite file) after the bounded number of attempts.
	ErrRetriesExhausted = errors.New("sqlstore: transaction retries exhausted")
)

// errRetryTx asks InTx to run a transaction again: a read found no row that
// a concurrent transaction then inserted first.
var errRetryTx = errors.New("sqlstore: concurrent insert, transaction must run again")

// DB is an open omskit database: a *sql.DB, its dialect, and the schema
// applied. It is safe for concurrent use by many goroutines; open one per
// process and share it.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	// MaxAttempts bounds how often a transaction that failed with a
	// serialization failure or a busy database is run again (default 5).
	maxAttempts int
}

// Option configures Open.
type Option func(*DB)

// WithMaxAttempts sets how many times a transaction is attempted before
// ErrRetriesExhausted (at least 1).
func WithMaxAttempts(n int) Option {
	return func(db *DB) {
		if n >= 1 {
			db.maxAttempts = n
		}
	}
}

// OpenSQLite opens (creating if needed) the SQLite database at path — a file
// path, or ":memory:" for a private in-memory database — and applies the
// embedded migrations. Write transactions begin IMMEDIATE and wait up to 10 s
// for the file lock, so several processes may share one file.
func OpenSQLite(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlstore: sqlite path is empty (use a file path or %q)", ":memory:")
	}
	memory := path == ":memory:"
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if !memory {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open sqlite %q: %w", path, err)
	}
	// SQLite has one writer; a single connection serializes writers inside the
	// process without SQLITE_BUSY churn, and is required for ":memory:",
	// where every connection would otherwise see its own empty database.
	sqldb.SetMaxOpenConns(1)
	sqldb.SetConnMaxLifetime(0)
	return open(ctx, sqldb, SQLite, opts)
}

// OpenPostgres opens a PostgreSQL database through pgx's database/sql driver
// and applies the embedded migrations. dsn is a pgx connection string, e.g.
// "postgres://user@host:5432/db?sslmode=disable"; a search_path parameter
// selects the schema.
//
// Why database/sql and not pgxpool: one set of queries serves SQLite and
// PostgreSQL, hosts can hand us a *sql.DB they already manage, and pgx's
// stdlib driver keeps pgx's protocol handling and error codes.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("sqlstore: postgres DSN is empty")
	}
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open postgres: %w", err)
	}
	sqldb.SetMaxOpenConns(32)
	sqldb.SetMaxIdleConns(32)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	return open(ctx, sqldb, Postgres, opts)
}

func open(ctx context.Context, sqldb *sql.DB, d Dialect, opts []Option) (*DB, error) {
	db := &DB{sql: sqldb, dialect: d, maxAttempts: 5}
	for _, o := range opts {
		o(db)
	}
	if err := ping(ctx, sqldb, d); err != nil {
		_ = sqldb.Close()
		return nil, fmt.Errorf("sqlstore: connect %s: %w", d, err)
	}
	if err := db.migrate(ctx, migrationsFS); err != nil {
		_ = sqldb.Close()
		return nil, err
	}
	return db, nil
}

// ping connects, retrying for up to 10 s while the database reports itself
// busy: a SQLite connection switching the file to WAL mode while another
// process migrates it gets SQLITE_BUSY at once, without waiting.
func ping(ctx context.Context, sqldb *sql.DB, d Dialect) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := sqldb.PingContext(ctx)
		if err == nil || !d.isRetryable(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Dialect reports which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL returns the underlying *sql.DB, for hosts that share the pool.
func (db *DB) SQL() *sql.DB { return db.sql }

// Close closes the pool. Using the DB afterwards returns ErrClosed.
func (db *DB) Close() error { return db.sql.Close() }

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is one transaction; its methods rebind the placeholders of the dialect.
type Tx struct {
	tx *sql.Tx
	d  Dialect
}

// Exec runs a statement written with $N placeholders.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), args...)
}

// Query runs a query written with $N placeholders.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), args...)
}

// QueryRow runs a one-row query written with $N placeholders.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// InTx runs fn in one transaction and commits it; any error from fn (or a
// cancelled context) rolls everything back, so a message's writes land all
// together or not at all. A serialization failure or a busy database runs fn
// again, up to the DB's attempt bound, after which the error wraps
// ErrRetriesExhausted. fn must therefore be safe to run more than once.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	var last error
	for attempt := 0; attempt < db.maxAttempts; attempt++ {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return err
			}
		}
		err := db.runTx(ctx, fn)
		if err == nil {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			// A cancelled context can surface as the driver's own error
			// (a broken connection); name the cancellation too.
			if !errors.Is(err, cerr) {
				err = fmt.Errorf("%w (%w)", err, cerr)
			}
			return err
		}
		if !db.dialect.isRetryable(err) && !errors.Is(err, errRetryTx) {
			if db.dialect.isUniqueViolation(err) && !errors.Is(err, ErrDuplicateKey) {
				err = fmt.Errorf("%w: %w", ErrDuplicateKey, err)
			}
			return err
		}
		last = err
	}
	return fmt.Errorf("%w after %d attempts: %w", ErrRetriesExhausted, db.maxAttempts, last)
}

// backoff waits before the given attempt (1, 2, …) of a transaction that
// failed with a retryable error, or until ctx ends.
func backoff(ctx context.Context, attempt int) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		return nil
	}
}

func (db *DB) runTx(ctx context.Context, fn func(*Tx) error) (err error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		if strings.Contains(err.Error(), "database is closed") {
			return fmt.Errorf("%w: %w", ErrClosed, err)
		}
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: tx, d: db.dialect}); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}
