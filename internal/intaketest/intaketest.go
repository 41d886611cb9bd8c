package intaketest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/order/orderapi"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/xmlmsg"
)

// Env is one intake on fresh memory stores.
type Env struct {
	Orders    *memory.OrderStore
	Customers *memory.CustomerStore
	Catalog   *memory.OrderCatalog
	// Store is what Deps.Store uses: Orders behind a switch that takes the
	// store down.
	Store *Store
	Deps  order.Deps
}

// ErrStoreDown is the error of every Store call while the store is down.
var ErrStoreDown = errors.New("intaketest: store unavailable")

// Store is an order.Store that can be taken down: while Down is set every
// call fails with ErrStoreDown and writes nothing. AfterCommit, when set,
// runs after each successful commit (before the intake returns).
type Store struct {
	order.Store
	down        atomic.Bool
	mu          sync.Mutex
	afterCommit func(order.Write, order.Committed)
}

// SetDown takes the store down (true) or brings it back (false).
func (s *Store) SetDown(down bool) { s.down.Store(down) }

// AfterCommit sets the function run after each successful commit.
func (s *Store) AfterCommit(f func(order.Write, order.Committed)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.afterCommit = f
}

// LookupIntake implements order.Store.
func (s *Store) LookupIntake(ctx context.Context, key string) (order.Committed, bool, error) {
	if s.down.Load() {
		return order.Committed{}, false, ErrStoreDown
	}
	return s.Store.LookupIntake(ctx, key)
}

// Order implements order.Store.
func (s *Store) Order(ctx context.Context, id uuid.UUID) (order.Order, error) {
	if s.down.Load() {
		return order.Order{}, ErrStoreDown
	}
	return s.Store.Order(ctx, id)
}

// Batch implements order.Store.
func (s *Store) Batch(ctx context.Context, number string) (order.Batch, bool, error) {
	if s.down.Load() {
		return order.Batch{}, false, ErrStoreDown
	}
	return s.Store.Batch(ctx, number)
}

// Commit implements order.Store.
func (s *Store) Commit(ctx context.Context, w order.Write) (order.Committed, error) {
	if s.down.Load() {
		return order.Committed{}, ErrStoreDown
	}
	c, err := s.Store.Commit(ctx, w)
	s.mu.Lock()
	f := s.afterCommit
	s.mu.Unlock()
	if err == nil && f != nil {
		f(w, c)
	}
	return c, err
}

// New returns an intake on empty memory stores with the demo catalog: items
// SKU00001 to SKU00300 in warehouses 10 and 90, pay types 4 (credit card,
// service SVC, vendor responses Y and M), CK and CA; and the settings G41 =
// 41, I78 = 78, I56 = Y, C18 = RS.
func New() *Env {
	e := &Env{Orders: memory.NewOrderStore(), Catalog: memory.NewOrderCatalog(),
		Customers: memory.NewCustomerStore(customer.DefaultMatchRules)}
	e.Store = &Store{Store: e.Orders}
	for i := 1; i <= 300; i++ {
		e.Catalog.AddItem(order.Item{Number: fmt.Sprintf("SKU%05d", i), Warehouses: []string{"10", "90"}})
	}
	e.Catalog.AddPayType(order.PayType{Code: "4", Kind: order.PayCreditCard, CardType: "C", Service: "SVC"})
	e.Catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	e.Catalog.AddPayType(order.PayType{Code: "CA", Kind: order.PayCash})
	e.Catalog.AddVendorResponse("SVC", "Y", "")
	e.Catalog.AddVendorResponse("SVC", "M", "")
	e.Deps = order.Deps{
		Settings: order.Settings{ErrorBatch: "41", RetailChannelBatch: "78", PerformEditInteractively: true, DefaultDisposition: "RS"},
		Store:    e.Store, Reps: e.Orders, OrderNumbers: e.Orders,
		Items: e.Catalog, PayTypes: e.Catalog, VendorResponses: e.Catalog, Coupons: e.Catalog, ShipVias: e.Catalog,
		SoldTo: order.CustomerSelector{Store: e.Customers},
	}
	return e
}

// Processor is a processor on e's intake for OMS 5.0 messages.
func (e *Env) Processor() *orderapi.Processor {
	return &orderapi.Processor{Deps: e.Deps, Options: xmlmsg.CWOOptions{Version: xmlmsg.CWOVersionOMS5}}
}

// samplesDir is xmlmsg/testdata/cworderin in this module.
func samplesDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "xmlmsg", "testdata", "cworderin")
}

// Sample reads the bundled CWORDERIN sample name (e.g.
// "simple_order_with_payment.xml").
func Sample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir(), name))
	if err != nil {
		t.Fatalf("intaketest: sample %s: %v", name, err)
	}
	return data
}

// Samples lists the bundled CWORDERIN samples by name, sorted.
func Samples(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(samplesDir())
	if err != nil {
		t.Fatalf("intaketest: samples: %v", err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xml") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// Order is a one-line CWORDERIN with order_number number, for tests that
// need many distinct orders; respQ names the answer queue (blank: none).
func Order(number, respQ string) []byte {
	q := ""
	if respQ != "" {
		q = ` resp_q="` + respQ + `"`
	}
	return []byte(`<Message source="IDC" target="RDC" type="CWORDERIN"` + q + `>
  <Header order_number="` + number + `" order_date="11242026" response_type="A" company_code="555" order_channel="I"
          sold_to_fname="Ann" sold_to_lname="Smith" sold_to_address1="1 Main St" sold_to_zip="02110">
    <Payments><Payment payment_seq_number="1" payment_type="CK"/></Payments>
    <ShipTos><ShipTo ship_to_type="1"><Items><Item item_id="SKU00001" quantity="1" actual_price="10.00"/></Items></ShipTo></ShipTos>
  </Header>
</Message>`)
}
