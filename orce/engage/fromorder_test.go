package engage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var orderDate = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// acceptedOrder is an order as the intake leaves it: resolved items, a
// return line, a no-charge line, totals and an active payment of "the
// balance".
func acceptedOrder() order.Order {
	id := uuid.MustParse("9a1c6a52-3c2e-4d55-8f0e-6b8c2f1d0a11")
	return order.Order{
		ID: id, Number: 4711, OrderNumber: "WEB-1", OrderDate: orderDate, OrderChannel: "W", Currency: "sek",
		Status: order.StatusOpen, CustomerNbr: "240",
		ShipTos: []order.ShipTo{{Address1: "5 ELM ST", City: "MALMO", Zip: "21120", Country: "SE", ShipVia: "PN",
			Freight: dec("49"), Lines: []order.Line{
				{Seq: 1, ItemID: "shirt", Quantity: 2, Price: dec("199.00"), Item: &order.Item{Number: "SHIRT", SKU: "RED M", Description: "Shirt"}},
				{Seq: 2, ItemID: "SHOE", Quantity: -1, Price: dec("899.00"), Item: &order.Item{Number: "SHOE", Description: "Shoe"}},
				{Seq: 3, ItemID: "SOCK", Quantity: 1, Price: dec("49.00"), NoCharge: true, Item: &order.Item{Number: "SOCK"}},
			}}},
		Payments: []order.Payment{
			{Seq: 1, PayType: "VI", CardNumber: "4111111111111111", Active: true},
			{Seq: 2, PayType: "GC", Amount: dec("10.00"), Active: true},
			{Seq: 3, PayType: "XX", Amount: dec("5.00"), Active: false},
		},
		Totals: order.Totals{Merchandise: dec("-501.00"), Freight: dec("49"), Tax: dec("12.50"), Order: dec("-439.50")},
	}
}

func TestSourceFromOrder(t *testing.T) {
	o := acceptedOrder()
	o.Totals = order.Totals{Merchandise: dec("398.00"), Freight: dec("49"), Tax: dec("12.50"), Order: dec("459.50")}
	o.ShipTos[0].Lines = o.ShipTos[0].Lines[:1] // the shirt only
	src, err := engage.SourceFromOrder(o, engage.OrderOptions{})
	require.NoError(t, err)
	assert.Equal(t, "4711", src.Number, "the numeric OMS order number is the platform id")
	assert.Equal(t, "240", src.Contact, "the sold-to customer number is the contact")
	assert.Equal(t, engage.OrderStatusOpen, src.Status)
	assert.Equal(t, "W", src.Store)
	assert.Equal(t, "SEK", src.Currency)
	assert.Equal(t, orderDate, src.Placed)
	require.Len(t, src.Lines, 1)
	assert.Equal(t, engage.SourceLine{Seq: 1, Item: "SHIRT/RED M", Description: "Shirt", Ordered: 2, Price: dec("199.00")}, src.Lines[0])
	// the zero ("balance") payment gets the total less the gift card; the
	// inactive payment is left out; no card number anywhere
	assert.Equal(t, []engage.Payment{{Method: "VI", Amount: dec("449.50")}, {Method: "GC", Amount: dec("10.00")}}, src.Payments)
	assert.NotContains(t, src.Payments[0].Method, "4111")
	assert.Equal(t, []engage.Charge{{Code: "freight", Amount: dec("49")}}, src.Fees)
	assert.Equal(t, []engage.Charge{{Code: "tax", Amount: dec("12.50")}}, src.Taxes)
	require.NotNil(t, src.Delivery)
	assert.Equal(t, engage.Delivery{Method: "PN", Address: "5 ELM ST, 21120 MALMO, SE"}, *src.Delivery)

	// no numeric order number: the intake's id
	o.Number = 0
	src, err = engage.SourceFromOrder(o, engage.OrderOptions{})
	require.NoError(t, err)
	assert.Equal(t, o.ID.String(), src.Number)

	// an order with no ship-to (a payment-only message's order) has no lines and no delivery
	o.ShipTos = nil
	src, err = engage.SourceFromOrder(o, engage.OrderOptions{})
	require.NoError(t, err)
	assert.Empty(t, src.Lines)
	assert.Nil(t, src.Delivery)
}

// ENG-018, ENG-019, ENG-024: an accepted order with a purchase line, a
// return line and a no-charge line becomes a mixed engagement order whose
// purchase and return lines are kept apart, carry the article reference,
// and sum to the OMS merchandise total; payments, fees and taxes are held.
func TestSourceFromOrderMixed_ENG_018_ENG_019_ENG_024(t *testing.T) {
	o := acceptedOrder()
	src, err := engage.SourceFromOrder(o, engage.OrderOptions{})
	require.NoError(t, err)
	eo, err := engage.FromOrder(src)
	require.NoError(t, err)
	assert.Equal(t, engage.KindMixed, eo.Kind()) // ENG-018
	require.Len(t, eo.PurchaseLines(), 2)
	require.Len(t, eo.ReturnLines(), 1)
	assert.Equal(t, "SHOE", eo.ReturnLines()[0].Article) // ENG-024
	assert.Equal(t, -1, eo.ReturnLines()[0].Quantity)    // ENG-018
	assert.Equal(t, []string{"SHIRT/RED M", "SOCK"}, []string{eo.PurchaseLines()[0].Article, eo.PurchaseLines()[1].Article})
	tot := eo.Totals()
	assert.True(t, tot.Purchases.Add(tot.Returns).Equal(o.Totals.Merchandise), "lines sum to the merchandise: %s", tot.Purchases.Add(tot.Returns)) // ENG-019
	assert.True(t, tot.Fees.Equal(dec("49")))                                                                                                      // ENG-019
	assert.True(t, tot.Taxes.Equal(dec("12.50")))                                                                                                  // ENG-019
	assert.Len(t, eo.Payments, 2)                                                                                                                  // ENG-019
}

func TestSourceFromOrderStatuses(t *testing.T) {
	for _, tc := range []struct {
		status order.Status
		want   string
		err    bool
	}{
		{order.StatusOpen, engage.OrderStatusOpen, false},
		{order.StatusHeld, engage.OrderStatusHeld, false},
		{order.StatusError, "", true},
		{order.StatusPending, "", true},
		{"", "", true},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			o := acceptedOrder()
			o.Status = tc.status
			src, err := engage.SourceFromOrder(o, engage.OrderOptions{})
			if !tc.err {
				require.NoError(t, err)
				assert.Equal(t, tc.want, src.Status)
				return
			}
			require.ErrorIs(t, err, engage.ErrNotAccepted)
			var na *engage.NotAcceptedError
			require.ErrorAs(t, err, &na)
			assert.Equal(t, engage.OrderID("4711"), na.Order)
			assert.Equal(t, tc.status, na.Status)
			assert.Contains(t, err.Error(), "order 4711")
		})
	}
}

func TestSourceFromOrderOptions(t *testing.T) {
	o := acceptedOrder()
	o.Currency = ""
	src, err := engage.SourceFromOrder(o, engage.OrderOptions{Store: "S01", Currency: "EUR",
		Contact: func(o order.Order) (string, error) { return "orce-" + o.CustomerNbr, nil }})
	require.NoError(t, err)
	assert.Equal(t, "orce-240", src.Contact)
	assert.Equal(t, "S01", src.Store)
	assert.Equal(t, "EUR", src.Currency)

	boom := errors.New("directory down")
	_, err = engage.SourceFromOrder(o, engage.OrderOptions{Contact: func(order.Order) (string, error) { return "", boom }})
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `customer "240"`)
}

// ENG-022: an accepted order without a currency (and no default) is
// refused by the local format check with the field named; nothing is
// recorded.
func TestSubmitIntakeInvalid_ENG_022(t *testing.T) {
	o := acceptedOrder()
	o.Currency = ""
	store := engage.NewMemoryStore()
	feed := engage.NewFeed(nil, store, engage.Config{})
	rep, err := engage.SubmitIntake(context.Background(), feed, order.Result{Order: o}, engage.OrderOptions{})
	require.ErrorIs(t, err, engage.ErrInvalid)
	var ve *engage.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "currency", ve.Fields[0].Path)
	assert.Contains(t, err.Error(), "order 4711")
	assert.Empty(t, rep.Submitted)
	all, err := store.List(context.Background(), engage.Filter{})
	require.NoError(t, err)
	assert.Empty(t, all)
}

// A released batch feeds each of its accepted orders once; the releasing
// order is fed as released, not as it waited in the batch (pending); the
// order in error is skipped.
func TestSubmitIntakeReleasedBatch(t *testing.T) {
	ctx := context.Background()
	feed := engage.NewFeed(nil, engage.NewMemoryStore(), engage.Config{})
	last := acceptedOrder()
	other := acceptedOrder()
	other.ID, other.Number, other.Status = uuid.MustParse("2b3c6a52-3c2e-4d55-8f0e-6b8c2f1d0a22"), 4712, order.StatusHeld
	bad := acceptedOrder()
	bad.ID, bad.Number, bad.Status = uuid.MustParse("3c4d6a52-3c2e-4d55-8f0e-6b8c2f1d0a33"), 4713, order.StatusError
	pending := last
	pending.Status = order.StatusPending
	res := order.Result{Order: pending, Released: []order.Result{{Order: other}, {Order: bad}, {Order: last}}}

	rep, err := engage.SubmitIntake(ctx, feed, res, engage.OrderOptions{})
	require.NoError(t, err)
	var keys []string
	for _, e := range rep.Submitted {
		keys = append(keys, e.Key)
	}
	assert.Equal(t, []string{"order/4712/intake-" + other.ID.String(), "order/4711/intake-" + last.ID.String()}, keys)
	assert.Equal(t, engage.OrderStatusOpen, rep.Submitted[1].Body.Status)
	require.Len(t, rep.Skipped, 1)
	assert.ErrorIs(t, rep.Skipped[0], engage.ErrNotAccepted)
	assert.Contains(t, rep.Skipped[0].Error(), `order 4713: status "E"`)

	// the same result again: the same entries, nothing new recorded
	again, err := engage.SubmitIntake(ctx, feed, res, engage.OrderOptions{})
	require.NoError(t, err)
	assert.Equal(t, rep.Submitted, again.Submitted)
}

type intakeEnv struct {
	deps   order.Deps
	sim    *engagetest.Server
	feed   *engage.Feed
	store  *engage.MemoryStore
	client *engagehttp.Client
}

func newIntakeEnv(t *testing.T) *intakeEnv {
	t.Helper()
	orders := memory.NewOrderStore()
	orders.SetLastOrderNumber(5000)
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "SHIRT", Description: "Shirt"})
	catalog.AddItem(order.Item{Number: "HAT", Description: "Hat"})
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	e := &intakeEnv{
		deps: order.Deps{Store: orders, Items: catalog, PayTypes: catalog, OrderNumbers: orders,
			Settings: order.Settings{ErrorBatch: "41"}},
		sim:   engagetest.New(engagetest.WithHang(5 * time.Second)),
		store: engage.NewMemoryStore(),
	}
	srv := httptest.NewServer(e.sim)
	t.Cleanup(srv.Close)
	e.client = engagehttp.New(srv.URL, &http.Client{Timeout: 300 * time.Millisecond}, "key")
	e.feed = engage.NewFeed(e.client, e.store, engage.Config{})
	return e
}

func webOrder(number, item string) order.Order {
	return order.Order{
		OrderNumber: number, OrderDate: orderDate, Currency: "SEK", ResponseType: order.ResponseAcknowledgement, PayIncluded: true,
		SoldTo: order.SoldTo{CustomerNumber: "240", LastName: "JONES"},
		ShipTos: []order.ShipTo{{Type: "1", Lines: []order.Line{
			{Seq: 1, ItemID: "SHIRT", Quantity: 2, Price: dec("10.00")},
			{Seq: 2, ItemID: item, Quantity: 1, Price: dec("5.00")},
		}}},
		Payments: []order.Payment{{Seq: 1, PayType: "CK"}},
	}
}

func (e *intakeEnv) flush(t *testing.T) engage.Report {
	t.Helper()
	ctx := context.Background()
	rep, err := e.feed.Flush(ctx)
	require.NoError(t, err)
	for range 3 { // the simulator answers "inProgress" once per job
		c, err := e.feed.Confirm(ctx)
		require.NoError(t, err)
		if len(c.Waiting) == 0 {
			break
		}
	}
	return rep
}

// End to end (ENG-007, ENG-020): an order accepted by order.Intake is fed
// through SubmitIntake and the outbox to the simulated platform over HTTP,
// which stores exactly one order for the contact; replaying the same intake
// (the order package's idempotent replay) and feeding its result again
// sends nothing more.
func TestIntakeToPlatformOnce_ENG_007_ENG_020(t *testing.T) {
	e := newIntakeEnv(t)
	ctx := context.Background()
	res, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-1", "HAT")})
	require.NoError(t, err)
	require.Equal(t, order.StatusOpen, res.Order.Status, "precondition: the intake accepted the order")
	require.EqualValues(t, 5001, res.Order.Number)

	sub, err := engage.SubmitIntake(ctx, e.feed, res, engage.OrderOptions{})
	require.NoError(t, err)
	require.Len(t, sub.Submitted, 1)
	assert.Equal(t, "order/5001/intake-"+res.Order.ID.String(), sub.Submitted[0].Key)
	rep := e.flush(t)
	assert.Equal(t, []string{sub.Submitted[0].Key}, rep.Sent)

	stored, ok := e.sim.StoredOrder("5001") // ENG-007
	require.True(t, ok)
	assert.Equal(t, engage.ContactID("240"), stored.Order.Contact)
	assert.Equal(t, engage.OrderStatusOpen, stored.Order.Status)
	assert.Equal(t, []string{"SHIRT", "HAT"}, []string{stored.Order.Lines[0].Article, stored.Order.Lines[1].Article})
	assert.True(t, stored.Order.Totals().Total.Equal(dec("25.00")))
	tag, ok, err := e.feed.Tag(ctx, "5001")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, stored.Tag, tag)

	// the intake is retried: the order package replays it
	again, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-1", "HAT")})
	require.NoError(t, err)
	require.True(t, again.Replayed)
	sub2, err := engage.SubmitIntake(ctx, e.feed, again, engage.OrderOptions{})
	require.NoError(t, err)
	require.Len(t, sub2.Submitted, 1)
	assert.Equal(t, sub.Submitted[0].Key, sub2.Submitted[0].Key, "the replay maps to the same change")
	rep = e.flush(t)
	assert.Empty(t, rep.Sent)
	assert.Equal(t, 1, e.sim.Requests(engagetest.OpPutOrder))

	orders, err := e.client.ContactOrders(ctx, "240") // ENG-020
	require.NoError(t, err)
	assert.Len(t, orders, 1)
}

// A timeout from the platform after it stored the order: the change stays
// pending, a replayed intake adds nothing, and the next Flush completes the
// work; the platform holds one order.
func TestIntakeToPlatformSurvivesTimeout(t *testing.T) {
	e := newIntakeEnv(t)
	ctx := context.Background()
	res, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-2", "HAT")})
	require.NoError(t, err)
	_, err = engage.SubmitIntake(ctx, e.feed, res, engage.OrderOptions{})
	require.NoError(t, err)

	e.sim.InjectFault(engagetest.OpPutOrder, engagetest.Fault{Kind: engagetest.FaultTimeout, AfterCommit: true})
	rep, err := e.feed.Flush(ctx)
	require.Error(t, err)
	assert.True(t, engage.Retryable(err))
	assert.Len(t, rep.Retry, 1)

	again, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-2", "HAT")})
	require.NoError(t, err)
	_, err = engage.SubmitIntake(ctx, e.feed, again, engage.OrderOptions{})
	require.NoError(t, err)
	all, err := e.store.List(ctx, engage.Filter{})
	require.NoError(t, err)
	assert.Len(t, all, 1, "the replay recorded nothing new")

	rep = e.flush(t)
	assert.Len(t, rep.Sent, 1)
	orders, err := e.client.ContactOrders(ctx, "240")
	require.NoError(t, err)
	assert.Len(t, orders, 1)
	assert.Equal(t, 2, e.sim.Requests(engagetest.OpPutOrder), "sent again once after the timeout")
}

// An order in error (unknown item) is not fed: SubmitIntake skips it with
// ErrNotAccepted and the platform sees nothing.
func TestIntakeInErrorNotFed(t *testing.T) {
	e := newIntakeEnv(t)
	ctx := context.Background()
	res, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-3", "CAP")})
	require.NoError(t, err)
	require.Equal(t, order.StatusError, res.Order.Status)

	sub, err := engage.SubmitIntake(ctx, e.feed, res, engage.OrderOptions{})
	require.NoError(t, err)
	assert.Empty(t, sub.Submitted)
	require.Len(t, sub.Skipped, 1)
	assert.ErrorIs(t, sub.Skipped[0], engage.ErrNotAccepted)
	rep := e.flush(t)
	assert.Empty(t, rep.Sent)
	assert.Equal(t, 0, e.sim.Requests(engagetest.OpPutOrder))
}
