package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrationsFS holds the schema, one file per version: NNNN_name.sql for SQL
// both dialects accept, or NNNN_name.sqlite.sql plus NNNN_name.postgres.sql
// where they differ. A file whose first line is optionalMarker is a
// speed-up that a database may not offer (a PostgreSQL built without lz4,
// a PostgreSQL-wire distributed database): it is tried under a savepoint,
// and when it fails the schema works as before it and the version is
// recorded all the same.
//
//go:embed migrations/*.sql
var migrationsFS embed.FS

// migrationTable records applied versions. Its primary key is also the lock:
// the process that inserts a version's row applies that version in the same
// transaction; a concurrent process's insert waits for it and then fails with
// a unique violation, which means "already applied". No advisory locks, so the
// scheme works on PostgreSQL-wire distributed databases too.
const migrationTable = "omskit_schema_migrations"

// optionalMarker is the first line of an optional migration.
const optionalMarker = "-- omskit:optional"

type migration struct {
	version  int
	name     string
	sql      string
	optional bool // see optionalMarker
}

// loadMigrations reads the migrations for dialect d from fsys, sorted by
// version.
func loadMigrations(fsys fs.FS, d Dialect) ([]migration, error) {
	entries, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	shared, own := map[int]migration{}, map[int]migration{}
	for _, p := range entries {
		base := path.Base(p)
		stem := strings.TrimSuffix(base, ".sql")
		target := shared
		for _, dd := range []Dialect{SQLite, Postgres} {
			if s, ok := strings.CutSuffix(stem, "."+string(dd)); ok {
				stem, target = s, own
				if dd != d {
					target = nil
				}
			}
		}
		if target == nil {
			continue // the other dialect's file
		}
		num, name, ok := strings.Cut(stem, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqlstore: migration file %q: want NNNN_name.sql", base)
		}
		if _, dup := target[v]; dup {
			return nil, fmt.Errorf("sqlstore: two migrations with version %d", v)
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		first, _, _ := strings.Cut(string(body), "\n")
		target[v] = migration{version: v, name: name, sql: string(body), optional: strings.TrimSpace(first) == optionalMarker}
	}
	byVersion := shared
	for v, m := range own { // a dialect's own file wins over the shared one
		byVersion[v] = m
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies every migration of fsys not yet recorded, each in its own
// transaction with its version row, and refuses a database that records a
// version newer than any it knows (ErrSchemaTooNew).
func (db *DB) migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := loadMigrations(fsys, db.dialect)
	if err != nil {
		return err
	}
	create := "CREATE TABLE IF NOT EXISTS " + migrationTable +
		" (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
	for attempt := 0; ; attempt++ {
		_, err = db.sql.ExecContext(ctx, create)
		// Two PostgreSQL sessions creating the same table at once can collide
		// on the catalog's unique index; the loser retries and finds it there.
		if err == nil || !db.dialect.isCreateRace(err) || attempt == 3 {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create %s: %w", migrationTable, err)
	}
	var newest int
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+migrationTable).Scan(&newest); err != nil {
		return fmt.Errorf("sqlstore: read schema version: %w", err)
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	if newest > known {
		return fmt.Errorf("%w: database is at version %d, this build knows up to %d", ErrSchemaTooNew, newest, known)
	}
	for _, m := range ms {
		if m.version <= newest {
			continue
		}
		err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO "+migrationTable+" (version, name, applied_at) VALUES ($1, $2, $3)",
				m.version, m.name, time.Now().UTC().Format(time.RFC3339Nano))
			if err != nil {
				return err
			}
			if m.optional {
				return db.applyOptional(ctx, tx, m)
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("sqlstore: migration %04d_%s: %w", m.version, m.name, err)
			}
			return nil
		})
		if err != nil && !db.dialect.isUniqueViolation(err) {
			return err
		}
	}
	return nil
}

// applyOptional runs the optional migration m in tx under a savepoint: a
// failure rolls back to the savepoint and leaves the schema as it was. A
// failure worth a retry (serialization, deadlock, busy) is returned, so
// that InTx runs the migration again rather than record it skipped.
func (db *DB) applyOptional(ctx context.Context, tx *Tx, m migration) error {
	if _, err := tx.Exec(ctx, "SAVEPOINT omskit_optional"); err != nil {
		return fmt.Errorf("sqlstore: migration %04d_%s: savepoint: %w", m.version, m.name, err)
	}
	_, err := tx.Exec(ctx, m.sql)
	if err != nil && db.dialect.isRetryable(err) {
		return err
	}
	if err != nil {
		if _, rerr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT omskit_optional"); rerr != nil {
			return fmt.Errorf("sqlstore: optional migration %04d_%s failed (%v) and could not be rolled back: %w", m.version, m.name, err, rerr)
		}
	}
	if _, err := tx.Exec(ctx, "RELEASE SAVEPOINT omskit_optional"); err != nil {
		return fmt.Errorf("sqlstore: migration %04d_%s: release savepoint: %w", m.version, m.name, err)
	}
	return nil
}

// SchemaVersion returns the newest migration version applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+migrationTable).Scan(&v)
	return v, err
}
