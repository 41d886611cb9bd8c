package brokersim_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/internal/simrun"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/sqlstore"
)

// simSeeds is how many seeds each store runs unless OMSKIT_SIM_SEEDS says
// otherwise.
const simSeeds = 500

// TestSimulationMemory runs the seeds on the memory store.
func TestSimulationMemory(t *testing.T) {
	simulate(t, fullSize, func(t *testing.T, w func() time.Time) simStore {
		s := memory.NewBrokerStore()
		s.SetLeaseClock(w)
		return memStore{s}
	})
}

// TestSimulationSQLite runs the seeds on SQLite (storage/sqlstore), each
// on an in-memory database of its own (emptied and reused by a later seed:
// migrating a database per seed would cost a fifth of the run).
func TestSimulationSQLite(t *testing.T) {
	pool := &sqlitePool{}
	t.Cleanup(pool.close)
	simulate(t, smallSize, func(t *testing.T, now func() time.Time) simStore {
		db := pool.get(t)
		return sqlStore{db.BrokerStore(now)}
	})
}

// sqlitePool keeps migrated in-memory SQLite databases for the seeds.
type sqlitePool struct {
	mu   sync.Mutex
	free []*sqlstore.DB
	all  []*sqlstore.DB
}

// get returns an empty database, given back when t ends.
func (p *sqlitePool) get(t *testing.T) *sqlstore.DB {
	p.mu.Lock()
	var db *sqlstore.DB
	if n := len(p.free); n > 0 {
		db, p.free = p.free[n-1], p.free[:n-1]
	}
	p.mu.Unlock()
	if db == nil {
		var err error
		if db, err = sqlstore.OpenSQLite(context.Background(), ":memory:"); err != nil {
			t.Fatalf("open SQLite: %v", err)
		}
		p.mu.Lock()
		p.all = append(p.all, db)
		p.mu.Unlock()
	}
	var left int
	if err := db.SQL().QueryRowContext(context.Background(), "SELECT (SELECT count(*) FROM omskit_broker_record) + (SELECT count(*) FROM omskit_broker_effect)").Scan(&left); err != nil || left != 0 {
		t.Fatalf("SQLite for the seed is not empty: %d rows left, %v", left, err)
	}
	t.Cleanup(func() {
		if _, err := db.SQL().ExecContext(context.Background(), "DELETE FROM omskit_broker_effect; DELETE FROM omskit_broker_record"); err != nil {
			t.Errorf("empty SQLite: %v", err)
			return
		}
		p.mu.Lock()
		p.free = append(p.free, db)
		p.mu.Unlock()
	})
	return db
}

func (p *sqlitePool) close() {
	for _, db := range p.all {
		_ = db.Close()
	}
}

func simulate(t *testing.T, size worldSize, open func(t *testing.T, now func() time.Time) simStore) {
	start := time.Now()
	pending := newPendingLog()
	n := simrun.SeedsOr(t, simSeeds)
	t.Cleanup(func() {
		t.Logf("%d seeds in %s", n, time.Since(start).Round(time.Millisecond))
		for _, line := range pending.report() {
			t.Log(line)
		}
	})
	simrun.RunSeeds(t, "./broker/brokersim", n, func(t *testing.T, seed uint64, trace *[]string) {
		var w *world
		clock := func() time.Time { return w.now() }
		w = newWorld(t, seed, trace, open(t, clock), size, pending)
		w.run()
	})
}

// memStore and sqlStore give the two stores the simulation's put and record.
type memStore struct{ *memory.BrokerStore }

func (s memStore) put(ctx context.Context, recs ...broker.Record) error { return s.Put(ctx, recs...) }
func (s memStore) record(ctx context.Context, id uuid.UUID) (broker.Record, error) {
	return s.Record(ctx, id)
}

type sqlStore struct{ *sqlstore.BrokerStore }

func (s sqlStore) put(ctx context.Context, recs ...broker.Record) error {
	return s.Put(ctx, time.Time{}, recs...)
}
func (s sqlStore) record(ctx context.Context, id uuid.UUID) (broker.Record, error) {
	return s.Record(ctx, id)
}
