package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Record bodies are JSON documents in TEXT columns (portable; money inside
// them is decimal.Decimal, which encodes as a decimal string). Lookups never
// read inside a body: each has its own key column.

func encodeBody(what string, v any) (string, error) {
	b, err := encodeJSON(what, v)
	return string(b), err
}

// encodeJSON is encodeBody's JSON as bytes, for a statement that sends it
// to a PostgreSQL TEXT parameter as it is (pgx encodes a []byte argument of
// a text parameter as its text): no copy into a string. (SQLite would store
// []byte as a BLOB: its statements take encodeBody's strings.)
func encodeJSON(what string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: encode %s: %w", what, err)
	}
	return b, nil
}

func decodeBody(what, body string, v any) error {
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return fmt.Errorf("sqlstore: decode %s: %w", what, err)
	}
	return nil
}

// micros stores a time as BIGINT unix microseconds, UTC.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// closedErr wraps a "database is closed" failure of database/sql in
// ErrClosed, so that callers can test for it with errors.Is.
func closedErr(err error) error {
	if err != nil && errors.Is(err, sql.ErrConnDone) || err != nil && strings.Contains(err.Error(), "database is closed") {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

// query runs a read outside any transaction (one statement sees one
// consistent snapshot), rebinding $N placeholders.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := db.sql.QueryContext(ctx, db.dialect.rebind(q), args...)
	return rows, closedErr(err)
}

// exec runs a statement outside any transaction (committed on its own),
// rebinding $N placeholders.
func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.sql.ExecContext(ctx, db.dialect.rebind(q), args...)
}

// queryRow is query for one row.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.sql.QueryRowContext(ctx, db.dialect.rebind(q), args...)
}

// nextValue advances the named sequence in tx and returns the new value.
// The UPDATE locks the sequence row until tx ends, so numbers are never
// handed out twice; a rolled-back transaction gives its number back.
func nextValue(ctx context.Context, tx *Tx, name string) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, "UPDATE omskit_sequence SET value = value + 1 WHERE name = $1 RETURNING value", name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: next %s number: %w", name, err)
	}
	return v, nil
}

// raiseSequence makes sure the named sequence is at least v, so that numbers
// loaded from elsewhere are never handed out again.
func raiseSequence(ctx context.Context, tx *Tx, name string, v int64) error {
	_, err := tx.Exec(ctx, "UPDATE omskit_sequence SET value = CASE WHEN value < $2 THEN $2 ELSE value END WHERE name = $1", name, v)
	if err != nil {
		return fmt.Errorf("sqlstore: raise %s number to %d: %w", name, v, err)
	}
	return nil
}
