package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/omskit/omskit/storage/sqlstore"
)

// simulatorLockKey is the PostgreSQL advisory lock a simulating worker
// holds on its database ("omskit-brokerworker-simulate" folded to 63 bits).
const simulatorLockKey = 0x6f6d736b69745f73

// errSimulating: another process simulates Order Broker on the database.
var errSimulating = errors.New("another brokerworker -simulate is running on this database: " +
	"the simulated Order Broker and its orders live in that process, so a second one would submit records its simulator " +
	"does not know and leave them unfinished; stop the other one, or run several workers in one process with -workers")

// lockSimulator makes sure this is the only simulating process on db
// (issue 17 item 9). The simulator's state is per process, so two of them
// on one database corrupt each other: on PostgreSQL the process holds an
// advisory lock for its whole life (released by the database if the
// process dies); a second simulating process is refused with
// errSimulating. A SQLite store is a file of its own in a temporary
// directory per process: nothing to share, nothing to lock. The returned
// function releases the lock.
func lockSimulator(ctx context.Context, db *sqlstore.DB) (func(), error) {
	if db.Dialect() != sqlstore.Postgres {
		return func() {}, nil
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("simulator lock: %w", err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", int64(simulatorLockKey)).Scan(&ok); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("simulator lock: %w", err)
	}
	if !ok {
		_ = conn.Close()
		return nil, errSimulating
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(simulatorLockKey))
		_ = conn.Close()
	}, nil
}
