package xmlmsg

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/customer"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

// cwoIntakeEnv is the order intake behind the CWORDERIN tests: memory order
// store (with numeric order numbers from 6431 on, so the authored
// payment_only.xml names the first order), memory catalog, the customer
// rules on a memory customer store, a fixed clock and counted uuids.
type cwoIntakeEnv struct {
	orders    *memory.OrderStore
	cat       *memory.OrderCatalog
	customers *memory.CustomerStore
	deps      order.Deps
}

func cwoIntakeSettings() order.Settings {
	return order.Settings{ErrorBatch: "41", RetailChannelBatch: "78", PerformEditInteractively: true,
		DefaultDisposition: "RS"}
}

func newCWOIntakeEnv(t testing.TB, s order.Settings) *cwoIntakeEnv {
	t.Helper()
	e := &cwoIntakeEnv{orders: memory.NewOrderStore(), cat: memory.NewOrderCatalog(),
		customers: memory.NewCustomerStore(customer.DefaultMatchRules)}
	for i := 1; i <= 300; i++ {
		e.cat.AddItem(order.Item{Number: fmt.Sprintf("SKU%05d", i), Warehouses: []string{"10", "90"}})
	}
	e.cat.AddPayType(order.PayType{Code: "4", Kind: order.PayCreditCard, CardType: "C", Service: "SVC"})
	e.cat.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	e.cat.AddPayType(order.PayType{Code: "CA", Kind: order.PayCash})
	e.cat.AddVendorResponse("SVC", "Y", "") // AVS match: known, no hold
	e.cat.AddVendorResponse("SVC", "M", "") // CID match
	e.orders.SetLastOrderNumber(6430)
	var mu sync.Mutex
	n := 0
	e.deps = order.Deps{Settings: s, Store: e.orders, Items: e.cat, Reps: e.orders, PayTypes: e.cat,
		VendorResponses: e.cat, Coupons: e.cat, ShipVias: e.cat,
		SoldTo:       order.CustomerSelector{Store: e.customers},
		OrderNumbers: e.orders,
		Clock:        cwoClock,
		NewID: func() uuid.UUID {
			mu.Lock()
			defer mu.Unlock()
			n++
			return uuid.MustParse(fmt.Sprintf("00000000-0000-0000-0000-%012d", n))
		},
	}
	return e
}

func (e *cwoIntakeEnv) process(data []byte, v CWOVersion) (CWOExchange, error) {
	return ProcessCWOrderIn(context.Background(), e.deps, data, cwoOpts(v))
}

// cwoTestdata reads testdata/<dir>/<name>.
func cwoTestdata(t testing.TB, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, name))
	require.NoError(t, err)
	return data
}

// cwoTranscript describes one exchange for a golden file: the outcome and
// the CWORDEROUT bytes.
func cwoTranscript(b *strings.Builder, name string, x CWOExchange, err error) {
	fmt.Fprintf(b, "== %s\n", name)
	if err != nil {
		fmt.Fprintf(b, "error: %v\n", err)
	}
	r := x.Result
	o := r.Order
	if len(r.Steps) > 0 {
		fmt.Fprintf(b, "stopped at: %s\n", r.StoppedAt())
	}
	if o.OrderNumber != "" {
		fmt.Fprintf(b, "order %s number %d: status %s, route %s %s, replayed %v\n", o.OrderNumber, o.Number, o.Status,
			o.Route.Kind, o.Route.Batch, r.Replayed)
		fmt.Fprintf(b, "customer %s (step %s, created %v)\n", o.CustomerNbr, r.SoldTo.Step, r.SoldTo.Created)
		fmt.Fprintf(b, "totals: merchandise %s freight %s tax %s order %s\n", o.Totals.Merchandise.StringFixed(2),
			o.Totals.Freight.StringFixed(2), o.Totals.Tax.StringFixed(2), o.Totals.Order.StringFixed(2))
		for _, p := range o.Payments {
			fmt.Fprintf(b, "payment %d: %s %s suppress deposit %v refund %v\n", p.Seq, p.PayType, order.MaskCard(p.CardNumber),
				p.SuppressDeposit, p.SuppressRefund)
		}
	}
	for _, fe := range r.Errors {
		fmt.Fprintf(b, "order error: %s\n", fe.Error())
	}
	for _, rel := range r.Released {
		fmt.Fprintf(b, "released %s: status %s, route %s %s\n", rel.Order.OrderNumber, rel.Order.Status, rel.Order.Route.Kind, rel.Order.Route.Batch)
	}
	switch {
	case x.Invalid != nil:
		b.WriteString("-- reply --\n")
		b.Write(x.Invalid)
	case x.Reply.Sent():
		b.WriteString("-- CWORDEROUT --\n")
		b.Write(x.Reply.Body)
	default:
		b.WriteString("-- no response --\n")
	}
}

// cwoIntakeGolden compares got with testdata/intake/<name>, rewriting it with
// -update.
func cwoIntakeGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "intake", name)
	if cwoUpdating() {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create %s", path)
	require.Equal(t, string(want), string(got))
}
