package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/omskit/omskit/internal/skipnote"
)

// EnvVar names the environment variable holding the PostgreSQL DSN.
const EnvVar = "OMSKIT_TEST_POSTGRES_DSN"

// HowTo is the message a test skips with when EnvVar is unset.
const HowTo = EnvVar + " is not set: PostgreSQL tests skipped; run them with " +
	EnvVar + "=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go test ./... (or bash .ci/run)"

// DSN returns a DSN for a new, empty schema that is dropped at the end of t.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		skipnote.Skip(t, "postgres", HowTo)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("pgtest: open %s: %v", EnvVar, err)
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "omskit_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: PostgreSQL at %s does not answer or refuses CREATE SCHEMA: %v", EnvVar, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("pgtest: reopen for cleanup: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", EnvVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Commits wait for the WAL flush unless told otherwise; on the slow disks
	// of CI machines that is ~100 ms a commit. Tests check visibility and
	// atomicity, which synchronous_commit does not change, not survival of a
	// server crash, so they skip the wait.
	if !q.Has("synchronous_commit") {
		q.Set("synchronous_commit", "off")
	}
	u.RawQuery = q.Encode()
	return u.String()
}
