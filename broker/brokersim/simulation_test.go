package brokersim_test

import (
	"context"
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
	simulate(t, func(t *testing.T, w func() time.Time) simStore {
		s := memory.NewBrokerStore()
		s.SetLeaseClock(w)
		return memStore{s}
	})
}

// TestSimulationSQLite runs the seeds on SQLite (storage/sqlstore), one
// in-memory database per seed.
func TestSimulationSQLite(t *testing.T) {
	simulate(t, func(t *testing.T, now func() time.Time) simStore {
		db, err := sqlstore.OpenSQLite(context.Background(), ":memory:")
		if err != nil {
			t.Fatalf("open SQLite: %v", err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return sqlStore{db.BrokerStore(now)}
	})
}

func simulate(t *testing.T, open func(t *testing.T, now func() time.Time) simStore) {
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
		w = newWorld(t, seed, trace, open(t, clock), pending)
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
