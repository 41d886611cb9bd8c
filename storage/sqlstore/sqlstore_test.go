package sqlstore

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/internal/pgtest"
)

// opener opens a fresh database of one dialect; the same tests run on both.
type opener struct {
	name string
	open func(t *testing.T) (func(ctx context.Context) (*DB, error), string)
}

func openers() []opener {
	return []opener{
		{"sqlite", func(t *testing.T) (func(ctx context.Context) (*DB, error), string) {
			path := filepath.Join(t.TempDir(), "omskit.db")
			return func(ctx context.Context) (*DB, error) { return OpenSQLite(ctx, path) }, path
		}},
		{"postgres", func(t *testing.T) (func(ctx context.Context) (*DB, error), string) {
			dsn := pgtest.DSN(t)
			return func(ctx context.Context) (*DB, error) { return OpenPostgres(ctx, dsn) }, dsn
		}},
	}
}

// TestLargeBodiesCompressedWithLZ4: on a PostgreSQL that has lz4, the
// intake result and the order body, the large values an intake writes, are
// compressed with it (migration 0008; issue 16: pglz cost the intake's
// statement about a tenth of its server CPU).
func TestLargeBodiesCompressedWithLZ4(t *testing.T) {
	ctx := context.Background()
	db, err := OpenPostgres(ctx, pgtest.DSN(t))
	require.NoError(t, err)
	defer db.Close()
	if _, err := db.SQL().ExecContext(ctx, "CREATE TEMP TABLE lz4_probe (v TEXT COMPRESSION lz4)"); err != nil {
		t.Skipf("this PostgreSQL has no lz4 compression (%v): the columns keep the default", err)
	}
	for _, col := range [][2]string{{"omskit_intake", "result"}, {"omskit_order", "body"}} {
		var method string
		require.NoError(t, db.SQL().QueryRowContext(ctx,
			"SELECT attcompression::text FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2", col[0], col[1]).Scan(&method))
		assert.Equal(t, "l", method, "%s.%s compressed with lz4", col[0], col[1])
	}
}

func TestRebind(t *testing.T) {
	q := "SELECT a FROM t WHERE b = $1 AND c = '$2' AND d = $2 AND e = $1"
	assert.Equal(t, q, Postgres.rebind(q))
	assert.Equal(t, "SELECT a FROM t WHERE b = ?1 AND c = '$2' AND d = ?2 AND e = ?1", SQLite.rebind(q))
	assert.Equal(t, "$3, $4, $5", placeholders(3, 3))
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			open, _ := o.open(t)
			// Two processes starting at once: several opens race on an empty
			// database; each version is applied exactly once.
			const n = 4
			var wg sync.WaitGroup
			errs := make([]error, n)
			dbs := make([]*DB, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					dbs[i], errs[i] = open(ctx)
				}()
			}
			wg.Wait()
			for i := range n {
				require.NoError(t, errs[i])
				defer dbs[i].Close()
			}
			v, err := dbs[0].SchemaVersion(ctx)
			require.NoError(t, err)
			ms, err := loadMigrations(migrationsFS, dbs[0].Dialect())
			require.NoError(t, err)
			assert.Equal(t, ms[len(ms)-1].version, v)
			var rows int
			require.NoError(t, dbs[0].SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+migrationTable).Scan(&rows))
			assert.Equal(t, len(ms), rows)
			var meta int
			require.NoError(t, dbs[0].SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM omskit_meta").Scan(&meta))
			assert.Equal(t, 1, meta, "the data of a migration is inserted once")
		})
	}
}

func TestSchemaTooNewIsRefused(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			open, _ := o.open(t)
			db, err := open(ctx)
			require.NoError(t, err)
			_, err = db.SQL().ExecContext(ctx, db.dialect.rebind("INSERT INTO "+migrationTable+" (version, name, applied_at) VALUES ($1, 'future', 'x')"), 9999)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			_, err = open(ctx)
			require.ErrorIs(t, err, ErrSchemaTooNew)
			assert.Contains(t, err.Error(), "9999")
		})
	}
}

func TestInTxAllOrNothing(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			open, _ := o.open(t)
			db, err := open(ctx)
			require.NoError(t, err)
			defer db.Close()
			boom := errors.New("boom")
			err = db.InTx(ctx, func(tx *Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO omskit_meta (key, value) VALUES ($1, $2)", "a", "1")
				require.NoError(t, err)
				return boom
			})
			require.ErrorIs(t, err, boom)

			// A context cancelled between writes leaves nothing half-written.
			cctx, cancel := context.WithCancel(ctx)
			err = db.InTx(cctx, func(tx *Tx) error {
				if _, err := tx.Exec(cctx, "INSERT INTO omskit_meta (key, value) VALUES ($1, $2)", "b", "1"); err != nil {
					return err
				}
				cancel()
				_, err := tx.Exec(cctx, "INSERT INTO omskit_meta (key, value) VALUES ($1, $2)", "c", "1")
				return err
			})
			require.ErrorIs(t, err, context.Canceled)

			var n int
			require.NoError(t, db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM omskit_meta WHERE key IN ('a','b','c')").Scan(&n))
			assert.Zero(t, n)

			// A unique violation is recognised in both dialects.
			err = db.InTx(ctx, func(tx *Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO omskit_meta (key, value) VALUES ($1, $2)", "created_by", "again")
				return err
			})
			require.Error(t, err)
			assert.True(t, db.dialect.isUniqueViolation(err), "%v", err)
			assert.ErrorIs(t, err, ErrDuplicateKey, "a unique violation is a typed error")
		})
	}
}

func TestInTxRetriesAreBounded(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:", WithMaxAttempts(3))
	require.NoError(t, err)
	defer db.Close()
	calls := 0
	err = db.InTx(ctx, func(tx *Tx) error {
		calls++
		return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
	})
	require.ErrorIs(t, err, ErrRetriesExhausted)
	assert.Equal(t, 3, calls)

	calls = 0
	err = db.InTx(ctx, func(tx *Tx) error {
		calls++
		if calls < 2 {
			return &pgconn.PgError{Code: "40001"}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, calls)
}

func TestClosedDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	err = db.InTx(ctx, func(tx *Tx) error { return nil })
	require.ErrorIs(t, err, ErrClosed)
}

// TestOptionalMigrationFailsWithoutHarm: a migration marked optional that
// fails (a speed-up the database does not offer) leaves nothing of itself,
// is recorded, and the migrations after it run; an unmarked one that fails
// fails the open.
func TestOptionalMigrationFailsWithoutHarm(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			open, _ := o.open(t)
			db, err := open(ctx)
			require.NoError(t, err)
			defer db.Close()
			fsys := fstest.MapFS{}
			entries, err := fs.Glob(migrationsFS, "migrations/*.sql")
			require.NoError(t, err)
			for _, p := range entries {
				body, err := fs.ReadFile(migrationsFS, p)
				require.NoError(t, err)
				fsys[p] = &fstest.MapFile{Data: body}
			}
			fsys["migrations/0100_speedup.sql"] = &fstest.MapFile{Data: []byte(optionalMarker + "\nCREATE TABLE t_half (a INTEGER);\nNOT SQL AT ALL;\n")}
			fsys["migrations/0101_next.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE t_next (a INTEGER);\n")}
			require.NoError(t, db.migrate(ctx, fsys), "a failed optional migration does not fail the open")
			v, err := db.SchemaVersion(ctx)
			require.NoError(t, err)
			assert.Equal(t, 101, v)
			_, err = db.SQL().ExecContext(ctx, "INSERT INTO t_next (a) VALUES (1)")
			assert.NoError(t, err, "the migration after the optional one ran")
			_, err = db.SQL().ExecContext(ctx, "INSERT INTO t_half (a) VALUES (1)")
			assert.Error(t, err, "nothing of the failed optional migration is left")

			fsys["migrations/0102_broken.sql"] = &fstest.MapFile{Data: []byte("NOT SQL AT ALL;\n")}
			assert.Error(t, db.migrate(ctx, fsys), "a failed migration not marked optional fails the open")
		})
	}
}

func TestLoadMigrationsPicksDialect(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0001_a.sql":          {Data: []byte("shared1")},
		"migrations/0002_b.sql":          {Data: []byte("shared2")},
		"migrations/0002_b.postgres.sql": {Data: []byte("pg2")},
		"migrations/0003_c.sqlite.sql":   {Data: []byte("lite3")},
		"migrations/0003_c.postgres.sql": {Data: []byte("pg3")},
	}
	pg, err := loadMigrations(fsys, Postgres)
	require.NoError(t, err)
	require.Len(t, pg, 3)
	assert.Equal(t, []string{"shared1", "pg2", "pg3"}, []string{pg[0].sql, pg[1].sql, pg[2].sql})
	lite, err := loadMigrations(fsys, SQLite)
	require.NoError(t, err)
	assert.Equal(t, []string{"shared1", "shared2", "lite3"}, []string{lite[0].sql, lite[1].sql, lite[2].sql})

	_, err = loadMigrations(fstest.MapFS{"migrations/x.sql": {}}, SQLite)
	assert.Error(t, err)
	_, err = loadMigrations(fstest.MapFS{"migrations/0001_a.sql": {}, "migrations/0001_b.sql": {}}, SQLite)
	assert.Error(t, err)
}

func TestOpenRejectsEmptyArguments(t *testing.T) {
	_, err := OpenSQLite(context.Background(), "")
	assert.Error(t, err)
	_, err = OpenPostgres(context.Background(), "")
	assert.Error(t, err)
}
