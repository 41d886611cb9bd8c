// Package sqlstore implements omskit's store interfaces on database/sql, for
// SQLite (embedded, pure Go through modernc.org/sqlite; a file path or
// ":memory:") and PostgreSQL (through github.com/jackc/pgx/v5's database/sql
// driver).
//
// One set of queries serves both databases: they are written once with $N
// placeholders, and everything that differs between the dialects (placeholder
// style, row locks for work leasing, which error codes mean "unique
// violation" or "retry") is in dialect.go.
//
// The schema is embedded and applied on open, one transaction per version.
// The version table's primary key is the migration lock, so two processes
// starting at once apply each version exactly once, without advisory locks.
// A database whose schema is newer than the build is refused with
// ErrSchemaTooNew.
//
// Every write of a message runs in one transaction (DB.InTx); serialization
// failures are retried a bounded number of times.
//
// # When one PostgreSQL is no longer enough
//
// The SQL stays within what PostgreSQL-wire distributed databases (such as
// CockroachDB or YugabyteDB) accept: no advisory locks, no PostgreSQL-only
// types where a standard one serves, SERIALIZABLE-safe retries. A host that
// outgrows one server can (1) add read replicas for inquiries, (2) point the
// DSN at such a distributed database, or (3) partition by company: every
// table is keyed so that a company's data can live in its own database, and
// the host opens one DB per partition.
package sqlstore
