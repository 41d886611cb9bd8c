package order_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

var testNow = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

const card = "4111111111111111"

// env is a memory-backed intake with fakes for the outside services.
type env struct {
	store  *memory.OrderStore
	cat    *memory.OrderCatalog
	tok    *fakeTokenizer
	auth   *fakeAuthorizer
	holds  *fakeHolds
	sel    *fakeSelector
	promos *fakePromotions
	deps   order.Deps
}

func baseSettings() order.Settings {
	return order.Settings{
		ErrorBatch: "41", RetailChannelBatch: "78", PerformEditInteractively: true,
		DefaultOrderType: "W", DefaultSourceCode: "SRC", DefaultDisposition: "RD", PreBilledAmountItem: "PREBILL",
	}
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{store: memory.NewOrderStore(), cat: memory.NewOrderCatalog(), tok: &fakeTokenizer{},
		auth:  &fakeAuthorizer{resp: order.AuthResponse{Kind: order.AuthResponseReceived, Approved: true, AuthCode: "OK1", ResponseCode: "100"}},
		holds: &fakeHolds{}, sel: &fakeSelector{}, promos: &fakePromotions{}}
	for _, it := range []order.Item{
		{Number: "SHIRT", SKU: "BLU", Warehouses: []string{"1"}, Locations: []string{"A1"}},
		{Number: "PANTS", Warehouses: []string{"1"}},
		{Number: "SET1", SetMaster: true, Components: []string{"SETA", "SETB"}, Warehouses: []string{"1"}},
		{Number: "SETA"},
		{Number: "ZONE", ZoneReservationPrompt: true},
		{Number: "PRE", PreBillable: true},
		{Number: "VSET", VariableSet: true},
	} {
		e.cat.AddItem(it)
	}
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeyAlias, Value: "AL-SHIRT"}, order.Item{Number: "SHIRT", SKU: "BLU", Warehouses: []string{"1"}})
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeyAlias, Value: "OFFER-ALIAS", AllOffers: true}, order.Item{Number: "PANTS"})
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeySKUXref, Value: "XR-9"}, order.Item{Number: "PANTS"})
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeyShortSKU, Value: "12345"}, order.Item{Number: "PANTS"})
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeyUPC, Value: "0001", Extra: "UA"}, order.Item{Number: "PANTS"})
	e.cat.AddItemKey(order.ItemKey{Kind: order.KeyRetailRef, Value: "R77"}, order.Item{Number: "PANTS"})
	e.cat.AddPayType(order.PayType{Code: "4", Kind: order.PayCreditCard, CardType: "C", Service: "SVC", UseTokenization: true})
	e.cat.AddPayType(order.PayType{Code: "7", Kind: order.PayCreditCard, CardType: "C", Service: "SVC"})
	e.cat.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	e.cat.AddPayType(order.PayType{Code: "CA", Kind: order.PayCash})
	e.cat.AddPayType(order.PayType{Code: "BML", Kind: order.PayBillMeLater, Service: "SVC"})
	e.cat.AddVendorResponse("SVC", "X", "")
	e.cat.AddVendorResponse("SVC", "100", "")
	e.cat.AddVendorResponse("SVC", "HOLDME", "AV")
	e.cat.AddVendorResponse("SVC", "DECL", "CD")
	e.cat.AddCoupon("SAVE10")
	e.cat.SetPreferredShipVia("017", "5")
	e.store.AddRep(order.Rep{Number: 10, Name: "ANN"})
	e.store.AddRep(order.Rep{Number: 20, Name: "BOB"})
	var mu sync.Mutex
	n := 0
	e.deps = order.Deps{
		Settings: baseSettings(), Store: e.store, Items: e.cat, Reps: e.store, PayTypes: e.cat,
		Tokenizer: e.tok, Authorizer: e.auth, VendorResponses: e.cat, Holds: e.holds, Coupons: e.cat,
		ShipVias: e.cat, Promotions: e.promos, SoldTo: e.sel,
		Clock: func() time.Time { return testNow },
		NewID: func() uuid.UUID {
			mu.Lock()
			defer mu.Unlock()
			n++
			return uuid.MustParse(fmt.Sprintf("00000000-0000-0000-0000-%012d", n))
		},
	}
	return e
}

func (e *env) intake(t testing.TB, o order.Order) (order.Result, error) {
	t.Helper()
	return order.Intake(context.Background(), e.deps, order.Input{Order: o})
}

// webOrder is an e-commerce order with n shirt lines at 10.00, freight 5.00
// and a credit card paying the balance.
func webOrder(num string, n int) order.Order {
	o := order.Order{
		CompanyCode: "001", OrderNumber: num, OrderChannel: "I", Currency: "USD",
		ResponseType: order.ResponseDetailedWithErrors, PayIncluded: true,
		SoldTo:   order.SoldTo{FirstName: "ANN", LastName: "SMITH", Address1: "1 MAIN ST", City: "BOSTON", State: "MA", Zip: "02110", Email: "Ann@Example.com"},
		ShipTos:  []order.ShipTo{{Type: "1", Freight: d("5.00"), ShipVia: "1", Zip: "02110"}},
		Payments: []order.Payment{{Seq: 1, PayType: "4", CardNumber: card, ExpMonth: 12, ExpYear: 30}},
	}
	for i := 1; i <= n; i++ {
		o.ShipTos[0].Lines = append(o.ShipTos[0].Lines, order.Line{Seq: i, ItemID: "SHIRT", SKU: "BLU", Quantity: 1, Price: d("10.00")})
	}
	return o
}

type fakeTokenizer struct {
	mu    sync.Mutex
	calls []order.TokenRequest
}

func (f *fakeTokenizer) Tokenize(_ context.Context, req order.TokenRequest) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, req)
	return "TOK-" + req.CardNumber[len(req.CardNumber)-4:], nil
}

type fakeAuthorizer struct {
	mu    sync.Mutex
	resp  order.AuthResponse
	err   error
	calls []order.AuthRequest
}

func (f *fakeAuthorizer) Authorize(_ context.Context, req order.AuthRequest) (order.AuthResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, req)
	return f.resp, f.err
}

type fakeHolds struct{ reasons []string }

func (f *fakeHolds) CheckHolds(context.Context, *order.Order) ([]string, error) {
	return f.reasons, nil
}

type fakeSelector struct {
	mu   sync.Mutex
	res  order.SoldToResult
	err  error
	reqs []order.SoldToRequest
}

func (f *fakeSelector) SelectSoldTo(_ context.Context, req order.SoldToRequest) (order.SoldToResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	r := f.res
	if r.CustomerNumber == "" {
		r.CustomerNumber, r.Step = "1001", "new sold-to"
	}
	return r, f.err
}

type fakePromotions struct {
	codes []string
	calls int
	give  []order.Promotion
}

func (f *fakePromotions) ApplyPromotions(_ context.Context, _ *order.Order, code string) ([]order.Promotion, error) {
	f.calls++
	f.codes = append(f.codes, code)
	return f.give, nil
}
