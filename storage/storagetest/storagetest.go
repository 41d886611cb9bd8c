package storagetest

//go:generate go tool mockgen -source=storagetest.go -destination=mock_storagetest_test.go -package=storagetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
	"github.com/omskit/omskit/customer"
	custsync "github.com/omskit/omskit/customer/sync"
	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
)

// Customers is the customer store under test: every customer interface, the
// lookup by ORCE customer id, and two loaders the suite uses to set up data
// that orders never create (customers with given numbers, Prospect Finder
// records). The store must index match keys under
// customer.DefaultMatchRules.
type Customers interface {
	customer.Store
	customer.ShipToFinder
	customer.ShipToWriter
	customer.BillToFinder
	customer.BillToWriter
	// SoldToByORCEID returns the customer holding an ORCE customer id, or an
	// error wrapping customer.ErrNotFound.
	SoldToByORCEID(ctx context.Context, id string) (customer.SoldTo, error)
	// PutSoldTo stores c under its own number, replacing any record with
	// that number; later created customers get higher numbers.
	PutSoldTo(ctx context.Context, c customer.SoldTo) error
	// PutProspect stores a Prospect Finder record.
	PutProspect(ctx context.Context, p customer.Prospect) error
}

// Orders is the order store under test: order.Store, order.RepDirectory and
// a loader for existing sales reps.
type Orders interface {
	order.Store
	order.RepDirectory
	// AddRep stores a sales rep, replacing any rep with its number.
	AddRep(ctx context.Context, r order.Rep) error
}

// Brokers is the Order Broker record store under test: broker.RecordStore
// plus a loader and a lookup by id.
type Brokers interface {
	broker.RecordStore
	// Put stores records, new or replacing those with the same id, due now.
	Put(ctx context.Context, recs ...broker.Record) error
	// Record returns record id, or an error wrapping
	// broker.ErrUnknownRequest.
	Record(ctx context.Context, id uuid.UUID) (broker.Record, error)
}

// Features are the guarantees beyond the interface contracts a store may
// make. The suite tests each one that is on and skips, naming the flag, each
// one that is off.
type Features struct {
	// CreateOncePerMatchKey: CreateSoldTo of a customer whose match key a
	// previous CreateSoldTo created returns that customer instead of
	// creating another, also when the calls race (1,000 concurrent intakes
	// for the same new customer create one).
	CreateOncePerMatchKey bool
	// LeaseRecords is how many waiting records 8 workers share in the
	// exactly-once lease test (0 means DefaultLeaseRecords). A store built
	// for many concurrent workers (PostgreSQL) should set 10,000.
	LeaseRecords int
}

// Stores is what a Factory opens: fresh, empty stores sharing one database.
type Stores struct {
	Customers Customers
	// Orders is the order store; nil skips the order tests.
	Orders Orders
	// Engage is the Customer Engagement feed store; nil skips its tests.
	Engage engage.Store
	// Sync is the customer sync state store; nil skips its tests.
	Sync custsync.Store
	// Broker is the Order Broker record store; nil skips its tests.
	Broker Brokers
	// Leases is the work queue over Broker's records (broker.LeaseStore);
	// nil means Broker itself when it implements broker.LeaseStore, and
	// skips the lease tests otherwise.
	Leases broker.LeaseStore
	// Finder is the read side of the operator screens over Broker's
	// records; nil means Broker itself when it implements BrokerFinder,
	// and skips the finder tests otherwise.
	Finder   BrokerFinder
	Features Features
}

// Factory opens fresh, empty stores for one test; it registers their
// cleanup with t.Cleanup and skips t (t.Skip) when its database is not
// available. It may hand out the same database each time, emptied: the
// suite runs its tests one after the other (each test runs its own
// concurrency inside).
type Factory func(t *testing.T) Stores

// Run runs the whole suite against the stores newStores opens, one test at
// a time.
func Run(t *testing.T, newStores Factory) {
	t.Run("Customers", func(t *testing.T) { runCustomers(t, newStores) })
	t.Run("Orders", func(t *testing.T) { runOrders(t, newStores) })
	t.Run("Engage", func(t *testing.T) { runEngage(t, newStores) })
	t.Run("Sync", func(t *testing.T) { runSync(t, newStores) })
	t.Run("Broker", func(t *testing.T) { runBroker(t, newStores) })
	t.Run("BrokerLeases", func(t *testing.T) { runBrokerLeases(t, newStores) })
	t.Run("BrokerFinder", func(t *testing.T) { runBrokerFinder(t, newStores) })
}
