package sqlstore

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names one of the SQL databases sqlstore speaks. Everything that
// differs between them in queries lives in this file; the queries elsewhere
// are written once, in PostgreSQL placeholder style ($1, $2, …), and
// rebound here. (Schema differences live in per-dialect migration files:
// migrations/NNNN_name.sqlite.sql and .postgres.sql.)
type Dialect string

// The supported dialects.
const (
	// SQLite through modernc.org/sqlite: pure Go, no cgo; the embedded default.
	SQLite Dialect = "sqlite"
	// Postgres through github.com/jackc/pgx/v5's database/sql driver (stdlib).
	Postgres Dialect = "postgres"
)

// rebind turns $N placeholders into the dialect's own: PostgreSQL keeps them,
// SQLite gets ?N (numbered parameters, so a placeholder may repeat).
func (d Dialect) rebind(query string) string {
	if d != SQLite || !strings.Contains(query, "$") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query))
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9' {
			b.WriteByte('?')
			continue
		}
		if c == '\'' { // copy string literals untouched
			j := strings.IndexByte(query[i+1:], '\'')
			if j >= 0 {
				b.WriteString(query[i : i+j+2])
				i += j + 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skipLocked is the row-locking clause for work leasing: FOR UPDATE SKIP
// LOCKED on PostgreSQL; empty on SQLite, whose single writer makes every
// write transaction exclusive already (transactions begin IMMEDIATE).
func (d Dialect) skipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// forUpdate is the row-lock clause of a read that precedes an update in the
// same transaction (read-modify-write): FOR UPDATE on PostgreSQL, so two
// writers of one row queue instead of losing an update; empty on SQLite,
// where write transactions are exclusive.
func (d Dialect) forUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// isUniqueViolation reports a unique or primary key violation.
func (d Dialect) isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isCreateRace reports the error a CREATE … IF NOT EXISTS can give when
// another session creates the same object at the same moment: a unique
// violation in the catalog, "relation already exists" (42P07) or
// "type already exists" (42710, the row type of the table) on
// PostgreSQL. Running the statement again finds the object there.
func (d Dialect) isCreateRace(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && (pg.Code == "42P07" || pg.Code == "42710") {
		return true
	}
	return d.isUniqueViolation(err)
}

// isRetryable reports a failure that a bounded retry of the whole transaction
// may cure: serialization failures and deadlocks on PostgreSQL (and on the
// distributed databases that speak its wire protocol), a busy database on
// SQLite.
func (d Dialect) isRetryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// placeholders returns "$from, $from+1, …" n times, for IN lists.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}
