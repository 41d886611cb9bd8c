package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/internal/pgtest"
	"github.com/omskit/omskit/storage/sqlstore"
	"github.com/omskit/omskit/storage/storagetest"
)

// brokerNow loads records due at once, the suite's Put.
type brokerNow struct{ *sqlstore.BrokerStore }

func (b brokerNow) Put(ctx context.Context, recs ...broker.Record) error {
	return b.BrokerStore.Put(ctx, time.Now(), recs...)
}

// stores opens the sqlstore implementations of every interface on db.
func stores(t *testing.T, db *sqlstore.DB) storagetest.Stores {
	t.Helper()
	cs, err := db.CustomerStore(context.Background(), customer.DefaultMatchRules)
	require.NoError(t, err)
	return storagetest.Stores{
		Customers: cs,
		Orders:    db.OrderStore(),
		Engage:    db.EngageStore(),
		Sync:      db.SyncStore(),
		Broker:    brokerNow{db.BrokerStore(nil)},
		Features:  storagetest.Features{CreateOncePerMatchKey: true},
	}
}

func TestConformanceSQLite(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storagetest.Stores {
		db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "omskit.db"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return stores(t, db)
	})
}

// TestConformancePostgres runs the suite on one PostgreSQL schema, emptied
// before each test.
func TestConformancePostgres(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenPostgres(ctx, pgtest.DSN(t)) // skips with a how-to when PostgreSQL is not configured
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	storagetest.Run(t, func(t *testing.T) storagetest.Stores {
		require.NoError(t, sqlstore.ResetForTest(ctx, db))
		st := stores(t, db)
		// The scale: 8 workers over 10,000 waiting records, with
		// FOR UPDATE SKIP LOCKED leases.
		st.Features.LeaseRecords = 10_000
		return st
	})
}
