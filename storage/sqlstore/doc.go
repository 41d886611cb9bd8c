// Package sqlstore implements omskit's store interfaces on database/sql, for
// SQLite (embedded, pure Go through modernc.org/sqlite; a file path or
// ":memory:") and PostgreSQL (through github.com/jackc/pgx/v5's database/sql
// driver).
//
// # Stores
//
// Open a database with OpenSQLite or OpenPostgres, then take its stores:
//
//   - DB.CustomerStore: customer.Finder, Writer, ShipToFinder/Writer and
//     BillToFinder/Writer (order-api.md Part B, CUS-001 to CUS-040): an index
//     for every lookup of sold-to selection (customer number, Alt cust #,
//     cross-reference, evening and day phone, the F70 name-and-address match
//     key, ORCE id). CreateSoldTo creates a customer once per match key, also
//     when many service instances take orders for the same new customer at
//     once (a primary key on the key a customer was created under).
//   - DB.OrderStore: order.Store and order.RepDirectory (order-api.md A.1,
//     A.2, A.11: ORD-010, ORD-012 to ORD-017, ORD-082): one transaction per
//     message; the idempotency key is a primary key, so the same order
//     number committed concurrently is written once and replayed to the
//     others.
//   - DB.BrokerStore: broker.RecordStore (order-broker.md §0, §3.3, §3.7)
//     plus the work queue of the BROKER run: Lease (FOR UPDATE SKIP LOCKED
//     on PostgreSQL, with an expiry), Complete, Extend and Release.
//   - DB.EngageStore: orce/engage.Store, the Customer Engagement order feed
//     outbox and version tags (engage-orders.md; ENG-011); Add is atomic per
//     key.
//   - DB.SyncStore: customer/sync.Store, the ERP/commerce customer sync
//     state (customer-sync.md), keys compared byte by byte.
//
// Record bodies are JSON documents in TEXT columns; each lookup has its own
// normalised key column and index, so no query reads inside a body. Money is
// decimal.Decimal inside the JSON (a decimal string), never a float; times
// in columns are BIGINT unix microseconds, UTC.
//
// # Dialects
//
// One set of queries serves both databases: they are written once with $N
// placeholders, and everything that differs between the dialects (placeholder
// style, row locks, which error codes mean "unique violation" or "retry") is
// in dialect.go. A migration may have one file per dialect where the DDL
// differs: 0005, whose sync key is COLLATE "C" on PostgreSQL so that keys
// sort and range-scan byte by byte as on SQLite and in Go, and 0008, which
// on PostgreSQL compresses the intake result and order body with lz4.
//
// # Schema and migrations
//
// The schema is embedded (migrations/NNNN_name.sql) and applied on open, one
// transaction per version. The version table's primary key is the migration
// lock, so two processes starting at once apply each version exactly once,
// without advisory locks. A database whose schema is newer than the build is
// refused with ErrSchemaTooNew. A migration marked optional (a speed-up a
// database may not offer, such as lz4 compression) is tried under a
// savepoint and, when it fails, recorded without changing anything. This
// small runner is kept rather than a migration library because its lock
// works on PostgreSQL-wire distributed databases and SQLite alike and it
// adds no dependency.
//
// # Transactions and errors
//
// Every write of a message runs in one transaction (DB.InTx); serialization
// failures, deadlocks and a busy SQLite file are retried a bounded number of
// times (ErrRetriesExhausted after). A cancelled context rolls the whole
// transaction back and the error matches context.Canceled. A closed
// database gives ErrClosed. Domain conditions come back as the domain's
// sentinels (customer.ErrNotFound, order.ErrDuplicateOrder,
// order.ErrBatchNumberUsed, broker.ErrUnknownRequest, …).
//
// # When one PostgreSQL is no longer enough
//
// The SQL stays within what PostgreSQL-wire distributed databases (such as
// CockroachDB or YugabyteDB) accept: no advisory locks, no PostgreSQL-only
// types (TEXT, BIGINT, INTEGER, SMALLINT only), ON CONFLICT upserts,
// SERIALIZABLE-safe retries, SKIP LOCKED leasing. A host that outgrows one
// server can (1) add read replicas for inquiries, (2) point the DSN at such a
// distributed database, or (3) partition by company: open one DB per
// partition and route each message by its company. The customer and bill-to
// numbers come from a one-row sequence table per kind, which serialises
// creates within one database; a partitioned host gives each partition its
// own number range.
//
// Imports: the standard library, database/sql drivers (modernc.org/sqlite,
// github.com/jackc/pgx/v5), uuid, decimal, and the domain packages whose
// interfaces it implements (customer, order, broker, orce/engage,
// customer/sync). No domain package imports it.
package sqlstore
