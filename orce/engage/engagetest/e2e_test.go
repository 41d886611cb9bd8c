package engagetest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagehttp"
	"github.com/omskit/omskit/orce/engage/engagetest"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	sim    *engagetest.Server
	client *engagehttp.Client
	store  *engage.MemoryStore
	feed   *engage.Feed
	mu     sync.Mutex
	logs   []engage.LogEntry
	counts []engage.DiscardedAction
}

func (e *env) logged() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, l := range e.logs {
		out = append(out, l.Message)
	}
	return out
}

func setup(t *testing.T, opts ...engagetest.Option) *env {
	t.Helper()
	e := &env{sim: engagetest.New(append([]engagetest.Option{engagetest.WithHang(5 * time.Second), engagetest.WithClock(func() time.Time { return t0 })}, opts...)...)}
	srv := httptest.NewServer(e.sim)
	t.Cleanup(srv.Close)
	e.client = engagehttp.New(srv.URL, &http.Client{Timeout: time.Second}, "key")
	e.store = engage.NewMemoryStore()
	e.feed = engage.NewFeed(e.client, e.store, engage.Config{
		Now: func() time.Time { return t0 },
		Log: func(_ context.Context, l engage.LogEntry) { e.mu.Lock(); e.logs = append(e.logs, l); e.mu.Unlock() },
		CounterAction: func(_ context.Context, _ engage.OrderID, da engage.DiscardedAction) error {
			e.mu.Lock()
			e.counts = append(e.counts, da)
			e.mu.Unlock()
			return nil
		},
	})
	return e
}

func sourceOrder(rev int) engage.SourceOrder {
	return engage.SourceOrder{Number: "O-1", Contact: "C-1", Status: "placed", Currency: "SEK", Placed: t0, Updated: t0, Revision: rev,
		Lines: []engage.SourceLine{
			{Seq: 1, Item: "shirt", Ordered: 2, Price: d("199")},
			{Seq: 2, Item: "shoe", Ordered: 1, Price: d("899")},
			{Seq: 3, Item: "sock", Ordered: 3, Price: d("49")},
		},
		Payments: []engage.Payment{{Method: "card", Amount: d("1444")}}}
}

func flushAndConfirm(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	_, err := e.feed.Flush(ctx)
	require.NoError(t, err)
	for i := 0; i < 3; i++ { // the simulator answers "inProgress" once per job
		rep, err := e.feed.Confirm(ctx)
		require.NoError(t, err)
		if len(rep.Waiting) == 0 {
			return
		}
	}
	t.Fatal("jobs did not finish")
}

// ENG-004-E1: order O-1 has 3 lines, ships in two deliveries, one item is
// returned: three receipts refer to O-1 and O-1 is updated in place.
func TestENG_004_E1(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)

	ship1, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S1", Currency: "SEK", Shipped: t0,
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "shirt", Quantity: 2, Price: d("199")}, {Seq: 2, Item: "shoe", Quantity: 1, Price: d("899")}}})
	require.NoError(t, err)
	ship2, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S2", Currency: "SEK", Shipped: t0,
		Lines: []engage.SourceShipLine{{Seq: 3, Item: "sock", Quantity: 3, Price: d("49")}}})
	require.NoError(t, err)
	ret, err := engage.ReceiptFromReturn(engage.SourceReturn{Order: "O-1", Contact: "C-1", Return: "RA1", Currency: "SEK", Returned: t0,
		Lines: []engage.SourceShipLine{{Seq: 2, Item: "shoe", Quantity: 1, Price: d("899")}}})
	require.NoError(t, err)
	for _, r := range []engage.Receipt{ship1, ship2, ret} {
		_, err := e.feed.RegisterReceipt(ctx, r)
		require.NoError(t, err)
	}
	src := sourceOrder(2)
	src.Status = "returned"
	src.Lines[1].Returned = 1
	o2, err := engage.FromOrder(src)
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o2, src.ChangeKey())
	require.NoError(t, err)
	flushAndConfirm(t, e)

	// ENG-004: three transactions (two sales, one return) that refer to O-1.
	got := e.sim.Receipts()
	require.Len(t, got, 3)
	for _, r := range got {
		assert.Equal(t, engage.OrderID("O-1"), r.Order)
	}
	assert.Equal(t, []engage.ReceiptKind{engage.ReceiptSale, engage.ReceiptSale, engage.ReceiptReturn}, []engage.ReceiptKind{got[0].Kind, got[1].Kind, got[2].Kind})
	// ENG-002: O-1 itself is updated in place with its status and its return line.
	so, ok := e.sim.StoredOrder("O-1")
	require.True(t, ok)
	assert.Equal(t, "returned", so.Order.Status)
	assert.Equal(t, engage.KindMixed, so.Order.Kind())
	require.Len(t, so.Order.ReturnLines(), 1)
	assert.Equal(t, "shoe", so.Order.ReturnLines()[0].Article)
	assert.Equal(t, 2, e.sim.Requests(engagetest.OpPutOrder))
	assert.Equal(t, 3, e.sim.Requests(engagetest.OpReceipt))
}

// ENG-002: full updates with lines added, updated and removed; a second send
// of the same order is an update, not a duplicate.
func TestFullUpdateChangesLines_ENG_002(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	flushAndConfirm(t, e)
	first, _ := e.sim.StoredOrder("O-1")

	o.Lines = []engage.Line{
		{LineNo: 1, Article: "shirt", Quantity: 5, UnitPrice: d("199")}, // updated
		{LineNo: 4, Article: "cap", Quantity: 1, UnitPrice: d("99")},    // added; lines 2 and 3 removed
	}
	_, err = e.feed.SubmitOrder(ctx, o, "rev-2")
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-3") // the same content again, under a new change: sent again
	require.NoError(t, err)
	flushAndConfirm(t, e)

	so, _ := e.sim.StoredOrder("O-1")
	assert.Equal(t, o.Lines, so.Order.Lines)
	assert.Equal(t, 3, e.sim.Requests(engagetest.OpPutOrder))
	assert.NotEqual(t, first.Tag, so.Tag)
	tag, ok, err := e.feed.Tag(ctx, "O-1") // ENG-011: the feed keeps the latest tag it saw
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, so.Tag, tag)

	// the same change key again is one change: nothing more is sent
	_, err = e.feed.SubmitOrder(ctx, o, "rev-3")
	require.NoError(t, err)
	flushAndConfirm(t, e)
	assert.Equal(t, 3, e.sim.Requests(engagetest.OpPutOrder))
}

// ENG-003: receipts never change: the API offers no update or delete, and
// the platform refuses a second registration even when the feed is bypassed.
func TestReceiptsNeverChange_ENG_003(t *testing.T) {
	assert.Equal(t, 1, reflect.TypeFor[engage.ReceiptRegistrar]().NumMethod())
	e := setup(t)
	ctx := context.Background()
	r, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-9", Contact: "C-1", Shipment: "S1", Currency: "EUR", Shipped: t0,
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "A", Quantity: 1, Price: d("10")}}})
	require.NoError(t, err)
	require.NoError(t, e.client.RegisterReceipt(ctx, r))
	r.Lines[0].Quantity = 4
	err = e.client.RegisterReceipt(ctx, r)
	var dup *engage.DuplicateReceiptError
	require.ErrorAs(t, err, &dup)
	assert.True(t, dup.Changed)
	assert.Equal(t, r.ID, dup.Receipt)
	assert.Equal(t, 1, e.sim.Receipts()[0].Lines[0].Quantity)
}

// ENG-005, ENG-006: orders and receipts use their own endpoints side by side;
// only receipts move loyalty.
func TestOrdersAndReceiptsSideBySide_ENG_005_ENG_006(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.client.PutOrder(ctx, o, "")
	require.NoError(t, err)
	assert.Empty(t, e.sim.Receipts())             // ENG-005: an order registers no transaction
	assert.True(t, e.sim.Loyalty("C-1").IsZero()) // ENG-006: an order does not touch loyalty
	r := engage.Receipt{ID: "R-7", Order: "O-7", Contact: "C-1", Kind: engage.ReceiptSale, Currency: "SEK", Time: t0,
		Lines: []engage.Line{{Article: "A", Quantity: 1, UnitPrice: d("120.50")}}}
	require.NoError(t, e.client.RegisterReceipt(ctx, r))
	_, err = e.client.Order(ctx, "O-7")
	assert.ErrorIs(t, err, engage.ErrNotFound)           // ENG-005: a transaction stands in for no order
	assert.True(t, e.sim.Loyalty("C-1").Equal(d("120"))) // ENG-006: a transaction reaches loyalty
}

// ENG-007, ENG-019, ENG-020: every order is stored with all its content and
// a contact's orders can be fetched.
func TestEveryOrderStoredAndFetchedByContact_ENG_007_ENG_019_ENG_020(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	full := engage.Order{ID: "O-1", Contact: "C-1", Status: "placed", Store: "web", Currency: "SEK", Placed: t0, Updated: t0,
		Lines:     []engage.Line{{LineNo: 1, Article: "A", Quantity: 2, UnitPrice: d("10")}, {LineNo: 2, Article: "B", Quantity: -1, UnitPrice: d("5")}},
		Payments:  []engage.Payment{{Method: "card", Amount: d("15")}},
		Discounts: []engage.Charge{{Code: "SPRING", Amount: d("2")}},
		Fees:      []engage.Charge{{Code: "SHIP", Amount: d("2")}},
		Taxes:     []engage.Charge{{Code: "VAT", Amount: d("3")}},
		Links:     []engage.Link{{Order: "O-0", Relation: "exchange-of"}},
		Delivery:  &engage.Delivery{Method: "post", Address: "Main St 1"}}
	for _, id := range []engage.OrderID{"O-1", "O-2", "O-3"} {
		o := full
		o.ID = id
		if id == "O-3" {
			o.Contact = "C-2"
		}
		_, err := e.client.PutOrder(ctx, o, "")
		require.NoError(t, err)
	}
	got, err := e.client.Order(ctx, "O-1") // ENG-007, ENG-019
	require.NoError(t, err)
	assert.Equal(t, full.Lines, got.Order.Lines)
	assert.Equal(t, full.Payments, got.Order.Payments)
	assert.Equal(t, full.Discounts, got.Order.Discounts)
	assert.Equal(t, full.Fees, got.Order.Fees)
	assert.Equal(t, full.Taxes, got.Order.Taxes)
	assert.Equal(t, full.Links, got.Order.Links)
	assert.True(t, got.Order.Placed.Equal(t0))
	assert.True(t, got.Order.Totals().Total.Equal(d("15")))
	mine, err := e.client.ContactOrders(ctx, "C-1") // ENG-020
	require.NoError(t, err)
	require.Len(t, mine, 2)
	assert.Equal(t, engage.OrderID("O-1"), mine[0].Order.ID)
	assert.Equal(t, engage.OrderID("O-2"), mine[1].Order.ID)
}

// ENG-008, ENG-009, ENG-016: administration calls send no communication;
// the action endpoint and embedded actions both do.
func TestAdministrationSendsNoCommunication_ENG_008_ENG_009_ENG_016(t *testing.T) {
	e := setup(t)
	e.sim.AddContact("C-1")
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.client.PutOrder(ctx, o, "")
	require.NoError(t, err)
	_, err = e.client.UpdateStatus(ctx, "O-1", engage.StatusChange{Status: "picked"})
	require.NoError(t, err)
	_, err = e.client.UpdateDelivery(ctx, "O-1", engage.DeliveryChange{Delivery: engage.Delivery{Method: "pickup"}})
	require.NoError(t, err)
	_, err = e.client.Order(ctx, "O-1")
	require.NoError(t, err)
	assert.Empty(t, e.sim.Communications()) // ENG-009

	so, _ := e.sim.StoredOrder("O-1")
	require.NoError(t, engage.Trigger(ctx, e.client, "O-1", "send-order-update", so.Tag)) // ENG-008: the action side
	_, err = e.client.UpdateStatus(ctx, "O-1", engage.StatusChange{Status: "shipped", Actions: []engage.ActionName{"send-shipping-confirmation"}})
	require.NoError(t, err)
	comms := e.sim.Communications() // ENG-016: both paths are available
	require.Len(t, comms, 2)
	assert.Equal(t, "action", comms[0].Via)
	assert.Equal(t, "embedded", comms[1].Via)
}

// ENG-013-E1 over HTTP against the simulator (ENG-010, ENG-011, ENG-012).
func TestENG_013_E1_OverHTTP(t *testing.T) {
	e := setup(t, engagetest.WithFirstVersion(6))
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.client.PutOrder(ctx, o, "") // v6
	require.NoError(t, err)
	j1, err := e.client.UpdateStatus(ctx, "O-1", engage.StatusChange{Status: "shipped"})
	require.NoError(t, err)
	require.NotEmpty(t, j1) // ENG-010: a status change returns a job id
	job, err := e.client.JobStatus(ctx, j1)
	require.NoError(t, err)
	assert.Equal(t, engage.JobInProgress, job.State)
	assert.Empty(t, job.Tag)
	job, err = e.client.JobStatus(ctx, j1)
	require.NoError(t, err)
	assert.Equal(t, engage.JobProcessed, job.State)
	assert.Equal(t, engage.VersionTag("v7"), job.Tag) // ENG-011
	require.NoError(t, engage.Trigger(ctx, e.client, "O-1", "send-shipping-confirmation", job.Tag))
	err = engage.Trigger(ctx, e.client, "O-1", "send-shipping-confirmation", "")
	require.ErrorIs(t, err, engage.ErrVersionTagRequired) // ENG-012
	assert.Equal(t, 1, e.sim.Requests(engagetest.OpAction))
	// ENG-012: the platform itself refuses a missing or out-of-date tag
	require.ErrorIs(t, e.client.TriggerAction(ctx, "O-1", "x", ""), engage.ErrVersionTagRequired)
	require.ErrorIs(t, e.client.TriggerAction(ctx, "O-1", "x", "v6"), engage.ErrStaleVersion)
}

// ENG-010, ENG-011, ENG-013, ENG-014: FollowUp polls the job with an
// injected clock and then triggers the action with the job's tag; the feed
// stores the tag and triggers with it once the change is processed.
func TestFollowUpAndFeedTags_ENG_010_ENG_011_ENG_014(t *testing.T) {
	e := setup(t, engagetest.WithProcessingPolls(3))
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	j, err := e.client.PutOrder(ctx, o, "")
	require.NoError(t, err)
	require.NotEmpty(t, j) // ENG-010: every administration write returns a job id
	now := t0
	slept := 0
	tag, err := engage.FollowUp(ctx, e.client, e.client, j, "send-order-confirmation", engage.WaitOptions{
		Now: func() time.Time { return now }, Sleep: func(context.Context, time.Duration) error { now = now.Add(time.Second); slept++; return nil },
		Interval: time.Second, Timeout: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, 3, slept)
	so, _ := e.sim.StoredOrder("O-1")
	assert.Equal(t, so.Tag, tag)
	require.Len(t, e.sim.Communications(), 1)

	// the feed: action refused until the change is confirmed, then sent with the stored tag
	_, err = e.feed.SubmitStatus(ctx, "O-1", engage.StatusChange{Status: "packed"}, "")
	require.NoError(t, err)
	_, err = e.feed.Flush(ctx)
	require.NoError(t, err)
	require.ErrorIs(t, e.feed.TriggerAction(ctx, "O-1", "send-packed"), engage.ErrNotProcessed) // ENG-013
	for i := 0; i < 4; i++ {
		_, err = e.feed.Confirm(ctx)
		require.NoError(t, err)
	}
	tag, ok, err := e.feed.Tag(ctx, "O-1") // ENG-011
	require.NoError(t, err)
	require.True(t, ok)
	so, _ = e.sim.StoredOrder("O-1")
	assert.Equal(t, so.Tag, tag)
	require.NoError(t, e.feed.TriggerAction(ctx, "O-1", "send-packed"))
	assert.Equal(t, tag, e.sim.Communications()[1].Tag)
}

// ENG-015: an embedded action rides with the change and runs after it, with
// the processed change's tag.
func TestEmbeddedActionRunsAfterChange_ENG_015(t *testing.T) {
	e := setup(t)
	e.sim.AddContact("C-1")
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = e.feed.SubmitDelivery(ctx, "O-1", engage.DeliveryChange{Delivery: engage.Delivery{Method: "pickup", Address: "Store 12"},
		Actions: []engage.ActionName{"send-pickup-details", "send-sms"}}, "d1")
	require.NoError(t, err)
	flushAndConfirm(t, e)
	so, _ := e.sim.StoredOrder("O-1")
	require.NotNil(t, so.Order.Delivery)
	assert.Equal(t, "Store 12", so.Order.Delivery.Address)
	comms := e.sim.Communications()
	require.Len(t, comms, 2)
	assert.Equal(t, engagetest.Communication{Order: "O-1", Action: "send-pickup-details", Tag: so.Tag, Via: "embedded"}, comms[0])
	assert.Empty(t, e.logged())
}

// ENG-017-E1: the status change applies, the embedded email is discarded,
// the host log gets the entry and the counter-action hook is called.
func TestENG_017_E1(t *testing.T) {
	e := setup(t) // contact C-2 is unknown to the platform
	ctx := context.Background()
	src := sourceOrder(1)
	src.Number, src.Contact = "O-2", "C-2"
	o, err := engage.FromOrder(src)
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = e.feed.SubmitStatus(ctx, "O-2", engage.StatusChange{Status: "ready-for-pickup", Actions: []engage.ActionName{"send-pickup-email"}}, "")
	require.NoError(t, err)
	flushAndConfirm(t, e)

	so, _ := e.sim.StoredOrder("O-2")
	assert.Equal(t, "ready-for-pickup", so.Order.Status) // the status change still applies
	assert.Empty(t, e.sim.Communications())              // the email action was discarded
	assert.Equal(t, []string{"order O-2: embedded action send-pickup-email discarded: contact not found"}, e.logged())
	assert.Equal(t, []engage.DiscardedAction{{Action: "send-pickup-email", Reason: "contact not found"}}, e.counts)
}

// ENG-021: an order can be deleted; reading it afterwards finds nothing.
func TestDeleteOrder_ENG_021(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = e.feed.SubmitDelete(ctx, "O-1")
	require.NoError(t, err)
	flushAndConfirm(t, e)
	_, ok := e.sim.StoredOrder("O-1")
	assert.False(t, ok)
	_, err = e.client.Order(ctx, "O-1")
	assert.ErrorIs(t, err, engage.ErrNotFound)
	assert.ErrorIs(t, e.client.DeleteOrder(ctx, "O-1"), engage.ErrNotFound)
}

// ENG-022: format errors are found locally before sending, and the
// platform's synchronous format errors come back as field errors too.
func TestFormatErrors_ENG_022(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	bad := engage.Order{ID: "O-5", Contact: "C-1", Status: "placed", Currency: "sek", Lines: []engage.Line{{Article: "", Quantity: 1}}}
	_, err := e.feed.SubmitOrder(ctx, bad, "")
	var ve *engage.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []engage.FieldError{{Path: "currency", Value: "sek", Rule: "ISO 4217 code of 3 letters"}, {Path: "lines[0].article", Rule: "required"}}, ve.Fields)
	_, err = e.feed.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, e.sim.Requests(engagetest.OpPutOrder)) // nothing was sent

	_, err = e.client.PutOrder(ctx, bad, "") // bypassing the local check: the platform answers 400
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "order O-5", ve.Record)
	assert.Contains(t, ve.Fields, engage.FieldError{Path: "lines[0].article", Rule: "required"})
}

// ENG-023: processing errors go to the platform's integration log under
// "Orders"; the feed reads the failed job and logs it next to the job.
func TestProcessingErrorsInIntegrationLog_ENG_023(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	e.sim.FailProcessing("O-1", engage.FieldError{Path: "contact", Value: "C-1", Rule: "contact not found"})
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = e.feed.Flush(ctx)
	require.NoError(t, err)
	_, err = e.feed.Confirm(ctx)
	require.NoError(t, err) // still in progress
	rep, err := e.feed.Confirm(ctx)
	require.ErrorIs(t, err, engage.ErrJobFailed)
	assert.Equal(t, []string{"order/O-1/rev-1"}, rep.Failed)
	entry, err := e.store.Get(ctx, "order/O-1/rev-1")
	require.NoError(t, err)
	assert.Equal(t, engage.StateFailed, entry.State)
	assert.Equal(t, []string{`order O-1: job J1 failed: contact="C-1": contact not found`}, e.logged())

	platform, err := e.client.LogEntries(ctx, t0.Add(-time.Hour))
	require.NoError(t, err)
	require.Len(t, platform, 1)
	assert.Equal(t, "Orders", platform[0].Type)
	assert.Equal(t, engage.JobID("J1"), platform[0].Job)
	_, ok := e.sim.StoredOrder("O-1")
	assert.False(t, ok) // a failed change is not applied

	paired, err := e.feed.IntegrationErrors(ctx, t0.Add(-time.Hour)) // shown next to the change that caused it
	require.NoError(t, err)
	require.Len(t, paired, 1)
	assert.Equal(t, "order/O-1/rev-1", paired[0].EntryKey)
	assert.Equal(t, `contact="C-1": contact not found`, paired[0].Message)
}

// ENG-025, ENG-026: extract returns every order with its content; erase
// removes the contact's orders on the platform and locally, keeps receipts,
// and a pending change for the erased contact is never sent.
func TestGDPRExtractAndErase_ENG_025_ENG_026(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	r, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S1", Currency: "SEK", Shipped: t0,
		Lines: []engage.SourceShipLine{{Seq: 1, Item: "shirt", Quantity: 2, Price: d("199")}}})
	require.NoError(t, err)
	_, err = e.feed.RegisterReceipt(ctx, r)
	require.NoError(t, err)
	flushAndConfirm(t, e)

	x, err := e.feed.Extract(ctx, "C-1") // ENG-025
	require.NoError(t, err)
	require.Len(t, x.Orders, 1)
	assert.Equal(t, o.Lines, x.Orders[0].Order.Lines)
	assert.Equal(t, o.Payments, x.Orders[0].Order.Payments)
	require.Len(t, x.Receipts, 1)

	o.Status = "shipped"
	_, err = e.feed.SubmitOrder(ctx, o, "rev-2") // pending when the erase comes
	require.NoError(t, err)
	e.sim.InjectFault(engagetest.OpErase, engagetest.Fault{Kind: engagetest.Fault5xx})
	rep, err := e.feed.EraseContact(ctx, "C-1")
	require.ErrorIs(t, err, engage.ErrUnavailable) // the local part is done; the platform part is retried
	assert.ElementsMatch(t, []string{"order/O-1/rev-1", "order/O-1/rev-2"}, rep.Erased)
	assert.Equal(t, []string{"receipt/" + string(r.ID)}, rep.Kept)
	_, err = e.feed.EraseContact(ctx, "C-1")
	require.NoError(t, err)

	mine, err := e.client.ContactOrders(ctx, "C-1") // ENG-026: nothing left
	require.NoError(t, err)
	assert.Empty(t, mine)
	_, err = e.feed.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, e.sim.Requests(engagetest.OpPutOrder)) // the pending rev-2 was never sent
	_, err = e.feed.SubmitOrder(ctx, o, "rev-2")              // replayed later: the tombstone keeps it out
	require.NoError(t, err)
	_, err = e.feed.Flush(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, e.sim.Requests(engagetest.OpPutOrder))
	entry, err := e.store.Get(ctx, "order/O-1/rev-1")
	require.NoError(t, err)
	assert.Nil(t, entry.Body)
	assert.Empty(t, entry.Contact)
	_, ok, err := e.feed.Tag(ctx, "O-1")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Len(t, e.sim.Receipts(), 1) // receipts are kept (engage-orders.md Z-09)
}

// Optimistic concurrency over HTTP: a stale If-Match is refused, and the
// host helper re-reads and retries.
func TestStaleUpdateAndRetryHelper(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.client.PutOrder(ctx, o, "")
	require.NoError(t, err)
	old, _ := e.sim.StoredOrder("O-1")
	_, err = e.client.PutOrder(ctx, o, old.Tag)
	require.NoError(t, err)
	_, err = e.client.PutOrder(ctx, o, old.Tag)
	require.ErrorIs(t, err, engage.ErrStaleVersion)
	assert.Contains(t, err.Error(), "order O-1")

	calls := 0
	_, err = engage.UpdateOrder(ctx, e.client, "O-1", 3, func(x *engage.Order) error {
		calls++
		if calls == 1 { // another writer sneaks in between read and write
			other := *x
			other.Status = "picked-elsewhere"
			_, err := e.client.PutOrder(ctx, other, "")
			require.NoError(t, err)
		}
		x.Lines = append(x.Lines, engage.Line{LineNo: 9, Article: "gift-wrap", Quantity: 1, UnitPrice: d("25")})
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, calls)
	so, _ := e.sim.StoredOrder("O-1")
	assert.Equal(t, "picked-elsewhere", so.Order.Status)
	assert.Equal(t, "gift-wrap", so.Order.Lines[len(so.Order.Lines)-1].Article)
}

// Injected faults: nothing sent twice, nothing lost, a retry completes.
func TestFaultsAreRetriedExactlyOnce(t *testing.T) {
	type step struct {
		op    engagetest.Op
		fault engagetest.Fault
	}
	cases := []struct {
		name string
		step step
	}{
		{"order put times out", step{engagetest.OpPutOrder, engagetest.Fault{Kind: engagetest.FaultTimeout}}},
		{"order put 503", step{engagetest.OpPutOrder, engagetest.Fault{Kind: engagetest.Fault5xx}}},
		{"order put garbage", step{engagetest.OpPutOrder, engagetest.Fault{Kind: engagetest.FaultGarbage}}},
		{"receipt timeout after commit", step{engagetest.OpReceipt, engagetest.Fault{Kind: engagetest.FaultTimeout, AfterCommit: true}}},
		{"receipt 503", step{engagetest.OpReceipt, engagetest.Fault{Kind: engagetest.Fault5xx}}},
		// a 200 whose body is not the platform's: not registered, sent again
		{"receipt garbage", step{engagetest.OpReceipt, engagetest.Fault{Kind: engagetest.FaultGarbage}}},
		{"status with embedded action, answer lost after commit", step{engagetest.OpStatus, engagetest.Fault{Kind: engagetest.Fault5xx, AfterCommit: true}}},
		{"status garbage after commit", step{engagetest.OpStatus, engagetest.Fault{Kind: engagetest.FaultGarbage, AfterCommit: true}}},
		{"job status garbage", step{engagetest.OpJob, engagetest.Fault{Kind: engagetest.FaultGarbage}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := setup(t)
			e.sim.AddContact("C-1")
			ctx := context.Background()
			o, err := engage.FromOrder(sourceOrder(1))
			require.NoError(t, err)
			r, err := engage.ReceiptFromShipment(engage.SourceShipment{Order: "O-1", Contact: "C-1", Shipment: "S1", Currency: "SEK", Shipped: t0,
				Lines: []engage.SourceShipLine{{Seq: 1, Item: "shirt", Quantity: 2, Price: d("199")}}})
			require.NoError(t, err)
			_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
			require.NoError(t, err)
			_, err = e.feed.SubmitStatus(ctx, "O-1", engage.StatusChange{Status: "shipped", Actions: []engage.ActionName{"send-shipping-confirmation"}}, "")
			require.NoError(t, err)
			_, err = e.feed.RegisterReceipt(ctx, r)
			require.NoError(t, err)
			e.sim.InjectFault(c.step.op, c.step.fault)

			var errs int
			for i := 0; i < 4; i++ { // retry until everything is through
				_, ferr := e.feed.Flush(ctx)
				_, cerr := e.feed.Confirm(ctx)
				for _, err := range []error{ferr, cerr} {
					if err != nil {
						errs++
						assert.True(t, engage.Retryable(err), "%v", err)
					}
				}
			}
			assert.Equal(t, 1, errs, "exactly one fault surfaced")
			left, err := e.store.List(ctx, engage.Filter{States: []engage.EntryState{engage.StatePending, engage.StateSent, engage.StateFailed}})
			require.NoError(t, err)
			assert.Empty(t, left, "nothing lost")
			assert.Len(t, e.sim.Receipts(), 1, "receipt registered once")
			assert.Len(t, e.sim.Communications(), 1, "email sent once")
			so, ok := e.sim.StoredOrder("O-1")
			require.True(t, ok)
			assert.Equal(t, "shipped", so.Order.Status)
		})
	}
}
