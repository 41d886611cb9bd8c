package engage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
	"github.com/omskit/omskit/storage/sqlstore"
)

// A return taken in is one immutable return receipt referring to its order
// (ENG-003, ENG-004), next to the order (ENG-005); feeding it again records
// nothing new.
func TestReturnTakenInIsOneReceipt_ENG_003_ENG_004(t *testing.T) {
	ctx := context.Background()
	store := engage.NewMemoryStore()
	feed := engage.NewFeed(nil, store, engage.Config{})
	o := acceptedOrder() // a purchase line, a return line, a no-charge line

	fed, err := feed.FeedOrder(ctx, o, engage.OrderOptions{})
	require.NoError(t, err)
	require.NotNil(t, fed.Order)
	assert.Equal(t, "order/4711/intake-"+o.ID.String(), fed.Order.Key) // ENG-005: the order is fed too
	require.NotNil(t, fed.Receipt)
	r := fed.Receipt.Receipt
	assert.Equal(t, engage.MintReceiptID("4711", engage.ReceiptReturn, engage.IntakeChangeKey(o)), r.ID)
	assert.Equal(t, engage.OrderID("4711"), r.Order) // ENG-004: it refers to its order
	assert.Equal(t, engage.ReceiptReturn, r.Kind)
	assert.Equal(t, []engage.Line{{LineNo: 2, Article: "SHOE", Description: "Shoe", Quantity: -1, UnitPrice: dec("899.00")}}, r.Lines)

	again, err := feed.FeedOrder(ctx, o, engage.OrderOptions{}) // ENG-003: once
	require.NoError(t, err)
	assert.Equal(t, fed.Receipt.Seq, again.Receipt.Seq)
	all, err := store.List(ctx, engage.Filter{})
	require.NoError(t, err)
	assert.Len(t, all, 2)

	o.ShipTos[0].Lines[1].Quantity = -2 // the same return with other content: receipts never change (ENG-003)
	_, err = feed.FeedOrder(ctx, o, engage.OrderOptions{})
	require.ErrorIs(t, err, engage.ErrDuplicateReceipt)
}

// A return order of the order it returns goods of (OrderOptions.ReturnOf)
// is fed against that order: the order is updated in place with the return
// line and the receipt refers to it (ENG-004-E1); without a sent order it
// is fed on its own.
func TestReturnAgainstEarlierOrder_ENG_004(t *testing.T) {
	ctx := context.Background()
	store := engage.NewMemoryStore()
	feed := engage.NewFeed(nil, store, engage.Config{})
	sale := acceptedOrder()
	sale.ShipTos[0].Lines = sale.ShipTos[0].Lines[:1]
	_, err := feed.FeedOrder(ctx, sale, engage.OrderOptions{})
	require.NoError(t, err)

	ret := acceptedOrder()
	ret.ID, ret.Number, ret.OrderNumber = uuid.MustParse("5d6e6a52-3c2e-4d55-8f0e-6b8c2f1d0a55"), 4800, "RET-1"
	ret.OrderDate = orderDate.Add(48 * time.Hour)
	ret.ShipTos[0].Lines = []order.Line{{Seq: 1, ItemID: "SHIRT", Quantity: -1, Price: dec("199.00"), Item: &order.Item{Number: "SHIRT", SKU: "RED M"}}}
	opts := engage.OrderOptions{ReturnOf: func(o order.Order) (engage.OrderID, bool) { return "4711", o.OrderNumber == "RET-1" }}
	fed, err := feed.FeedOrder(ctx, ret, opts)
	require.NoError(t, err)
	assert.Equal(t, "order/4711/return-"+ret.ID.String(), fed.Order.Key)
	body := fed.Order.Body
	assert.Equal(t, engage.KindMixed, body.Kind()) // ENG-004-E1: updated in place with its return line
	assert.Equal(t, engage.OrderID("4711"), fed.Receipt.Order)
	assert.True(t, body.Updated.Equal(ret.OrderDate))
	es, err := store.List(ctx, engage.Filter{Order: "4800"})
	require.NoError(t, err)
	assert.Empty(t, es, "the return order is not fed on its own")

	other := ret
	other.ID, other.Number = uuid.MustParse("6e7f6a52-3c2e-4d55-8f0e-6b8c2f1d0a66"), 4801
	fed, err = feed.FeedOrder(ctx, other, engage.OrderOptions{ReturnOf: func(order.Order) (engage.OrderID, bool) { return "9999", true }})
	require.NoError(t, err)
	assert.Equal(t, "order/4801/intake-"+other.ID.String(), fed.Order.Key, "9999 was never sent: fed on its own")
	assert.Equal(t, engage.OrderID("4801"), fed.Receipt.Order)
}

// ENG-004-E1: the order is updated in place "with its status and its
// return line". A return fed against an order whose status (or delivery)
// the feed changed after it sent the order carries that newest status: the
// full update must not revert the change the feed recorded before it. A
// change the platform refused for good is not carried.
func TestReturnAgainstOrderKeepsNewestStatus_ENG_004(t *testing.T) {
	ctx := context.Background()
	store := engage.NewMemoryStore()
	feed := engage.NewFeed(nil, store, engage.Config{})
	sale := acceptedOrder()
	sale.ShipTos[0].Lines = sale.ShipTos[0].Lines[:1]
	first, err := feed.FeedOrder(ctx, sale, engage.OrderOptions{})
	require.NoError(t, err)
	require.NotEqual(t, "shipped", first.Order.Body.Status, "precondition")
	_, err = feed.SubmitStatus(ctx, "4711", engage.StatusChange{Status: "shipped"}, "s1")
	require.NoError(t, err)
	_, err = feed.SubmitDelivery(ctx, "4711", engage.DeliveryChange{Delivery: engage.Delivery{Tracking: "1Z9"}}, "d1")
	require.NoError(t, err)
	refused, err := feed.SubmitStatus(ctx, "4711", engage.StatusChange{Status: "lost"}, "s2")
	require.NoError(t, err)
	require.NoError(t, store.Update(ctx, refused.Key, func(e *engage.Entry) error { e.State = engage.StateFailed; return nil }))

	ret := acceptedOrder()
	ret.ID, ret.Number, ret.OrderNumber = uuid.MustParse("5d6e6a52-3c2e-4d55-8f0e-6b8c2f1d0a55"), 4800, "RET-1"
	ret.ShipTos[0].Lines = []order.Line{{Seq: 1, ItemID: "SHIRT", Quantity: -1, Price: dec("199.00"), Item: &order.Item{Number: "SHIRT", SKU: "RED M"}}}
	fed, err := feed.FeedOrder(ctx, ret, engage.OrderOptions{ReturnOf: func(order.Order) (engage.OrderID, bool) { return "4711", true }})
	require.NoError(t, err)
	body := fed.Order.Body
	assert.Equal(t, "shipped", body.Status, "ENG-004-E1: updated in place with its status, the newest the feed recorded")
	require.NotNil(t, body.Delivery, "ENG-004-E1: the delivery change recorded before is kept")
	assert.Equal(t, "1Z9", body.Delivery.Tracking)
	assert.Equal(t, engage.KindMixed, body.Kind())

	// a second return builds on the first update, status and all
	ret2 := ret
	ret2.ID, ret2.Number, ret2.OrderNumber = uuid.MustParse("7e8f6a52-3c2e-4d55-8f0e-6b8c2f1d0a77"), 4801, "RET-2"
	_, err = feed.SubmitStatus(ctx, "4711", engage.StatusChange{Status: "returned"}, "s3")
	require.NoError(t, err)
	fed, err = feed.FeedOrder(ctx, ret2, engage.OrderOptions{ReturnOf: func(order.Order) (engage.OrderID, bool) { return "4711", true }})
	require.NoError(t, err)
	assert.Equal(t, "returned", fed.Order.Body.Status, "ENG-004-E1")
	assert.Len(t, fed.Order.Body.ReturnLines(), 2)
}

// ShipmentFromOrder: the lines shipped together, as the order holds them;
// a line the order does not have is refused.
func TestShipmentFromOrder_ENG_004(t *testing.T) {
	o := acceptedOrder()
	s, err := engage.ShipmentFromOrder(o, engage.OrderOptions{}, "S1", orderDate, 1, 3)
	require.NoError(t, err)
	assert.Equal(t, engage.SourceShipment{Order: "4711", Contact: "240", Shipment: "S1", Store: "W", Currency: "SEK", Shipped: orderDate,
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "SHIRT/RED M", Description: "Shirt", Quantity: 2, Price: dec("199.00")},
			{Seq: 3, Item: "SOCK", Quantity: 1, Price: decimal.Zero}}}, s)
	_, err = engage.ShipmentFromOrder(o, engage.OrderOptions{}, "S2", orderDate, 2) // a return line ships nothing
	var ve *engage.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "lines", ve.Fields[0].Path)
}

// Every order written through a FeedingStore is fed, with no call of
// SubmitIntake: the intake, and its replay, record one engagement order
// (ENG-007).
func TestFeedingStoreFeedsEveryOrderWritten_ENG_007(t *testing.T) {
	e := newIntakeEnv(t)
	ctx := context.Background()
	e.deps.Store = &engage.FeedingStore{Store: e.deps.Store, Feed: e.feed}
	res, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-9", "HAT")})
	require.NoError(t, err)
	_, err = order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-9", "HAT")}) // replayed
	require.NoError(t, err)
	bad, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-10", "NOSUCH")})
	require.NoError(t, err)
	require.Equal(t, order.StatusError, bad.Order.Status)
	all, err := e.store.List(ctx, engage.Filter{})
	require.NoError(t, err)
	require.Len(t, all, 1, "one order fed; the one in error is not")
	assert.Equal(t, "order/5001/intake-"+res.Order.ID.String(), all[0].Key)
	e.flush(t)
	_, ok := e.sim.StoredOrder("5001")
	assert.True(t, ok)
}

// Over the SQL order store the FeedingStore passes on the store's own
// commit (the sold-to in the order's transaction) and feeds the order once
// across a replay (ENG-007).
func TestFeedingStoreOverSQLite_ENG_007(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "oms.db"))
	require.NoError(t, err)
	defer db.Close()
	orders := db.OrderStore()
	catalog := memory.NewOrderCatalog()
	catalog.AddItem(order.Item{Number: "SHIRT"})
	catalog.AddItem(order.Item{Number: "HAT"})
	catalog.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	outbox := engage.NewMemoryStore()
	fs := &engage.FeedingStore{Store: orders, Feed: engage.NewFeed(nil, outbox, engage.Config{})}
	assert.True(t, fs.CommitsSoldTo(), "the SQL store's own commit is passed on")
	deps := order.Deps{Store: fs, Items: catalog, PayTypes: catalog, OrderNumbers: orders}
	res, err := order.Intake(ctx, deps, order.Input{Order: webOrder("WEB-1", "HAT")})
	require.NoError(t, err)
	again, err := order.Intake(ctx, deps, order.Input{Order: webOrder("WEB-1", "HAT")})
	require.NoError(t, err)
	require.True(t, again.Replayed)
	all, err := outbox.List(ctx, engage.Filter{})
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, "order/"+string(engage.IntakeOrderID(res.Order))+"/intake-"+res.Order.ID.String(), all[0].Key)
}

// Only a return order is fed against the order it returns goods of
// (ENG-004-E1): an order with no return lines, even one with no lines at
// all, is fed on its own and never asked about.
func TestOnlyAReturnIsFedAgainstAnEarlierOrder_ENG_004(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	feed := engage.NewFeed(nil, engage.NewMemoryStore(), engage.Config{})
	sale := acceptedOrder()
	_, err := feed.FeedOrder(ctx, sale, engage.OrderOptions{})
	require.NoError(t, err)

	empty := acceptedOrder()
	empty.ID, empty.Number, empty.OrderNumber = uuid.MustParse("8f9a6a52-3c2e-4d55-8f0e-6b8c2f1d0a88"), 4802, "EMPTY-1"
	empty.ShipTos[0].Lines = nil
	asked := false
	fed, err := feed.FeedOrder(ctx, empty, engage.OrderOptions{ReturnOf: func(order.Order) (engage.OrderID, bool) { asked = true; return "4711", true }})
	require.NoError(t, err)
	require.NotNil(t, fed.Order)
	assert.Equal(t, "order/4802/intake-"+empty.ID.String(), fed.Order.Key, "ENG-004-E1: not a return: fed on its own")
	assert.False(t, asked, "ENG-004-E1")
	assert.Nil(t, fed.Receipt)
}

// A replayed intake whose order was committed but never fed (a stop
// between the commit and the feeding) is fed when the replay finds it, so
// every order is on the platform (ENG-007); the feed's errors go to
// OnError, and only its errors.
func TestFeedingStoreFeedsAReplayedIntake_ENG_007(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t)
	ctx := context.Background()
	res, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-7", "HAT")}) // committed, not fed
	require.NoError(t, err)
	var onError []error
	fs := &engage.FeedingStore{Store: e.deps.Store, Feed: e.feed,
		OnError: func(_ context.Context, _ order.Order, err error) { onError = append(onError, err) }}
	e.deps.Store = fs
	again, err := order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-7", "HAT")})
	require.NoError(t, err)
	require.True(t, again.Replayed)
	all, err := e.store.List(ctx, engage.Filter{})
	require.NoError(t, err)
	require.Len(t, all, 1, "ENG-007: the replay feeds the order the stop left out")
	assert.Equal(t, "order/5001/intake-"+res.Order.ID.String(), all[0].Key, "ENG-007")
	assert.Empty(t, onError, "ENG-007: the feed went well: OnError hears nothing")

	fs.Feed = engage.NewFeed(nil, failingOutbox{engage.NewMemoryStore()}, engage.Config{})
	_, err = order.Intake(ctx, e.deps, order.Input{Order: webOrder("WEB-8", "HAT")})
	require.NoError(t, err, "the feed's errors never fail the order store")
	require.Len(t, onError, 1, "ENG-007: an order that could not be fed is reported")
	assert.ErrorIs(t, onError[0], errOutboxDown, "ENG-007")
}

var errOutboxDown = errors.New("outbox down")

// failingOutbox is an outbox that cannot record anything.
type failingOutbox struct{ engage.Store }

func (failingOutbox) Add(context.Context, engage.Entry) (engage.Entry, bool, error) {
	return engage.Entry{}, false, errOutboxDown
}
