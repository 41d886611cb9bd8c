package storagetest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

func runOrders(t *testing.T, newStores Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st Stores)
	}{
		{"NothingFound", testOrderNothingFound},
		{"CommitAndRead", testCommitAndRead},
		{"Replay_ORD010", testReplay},
		{"DifferentPayload_ORD010", testDifferentPayload},
		{"DuplicateOrderIDWritesNothing", testDuplicateOrderID},
		{"PaymentOnlyUpdate", testPaymentOnlyUpdate},
		{"Batch_ORD012_ORD013", testBatch},
		{"Reps_ORD082", testReps},
		{"ResultErrorsSurviveReplay", testResultErrors},
		{"ConcurrentSameOrderNumberOneOrder", testConcurrentSameOrder},
		{"ConcurrentBatchOrdersNoLostUpdate", testConcurrentBatch},
		{"CancelledCommitsAllOrNothing", testCancelledCommits},
		{"OrderNumbers", testOrderNumbers},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStores(t)
			if st.Orders == nil {
				t.Skip("the factory gives no order store")
			}
			tc.fn(t, st)
		})
	}
}

var day = time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)

// anOrder is an order with money, dates, lines and a payment, built of
// values that survive any faithful encoding.
func anOrder(number string) order.Order {
	return order.Order{
		ID:           uuid.New(),
		CompanyCode:  "6",
		OrderNumber:  number,
		OrderDate:    day,
		OrderChannel: "I",
		Currency:     "USD",
		ResponseType: order.ResponseDetailed,
		SoldTo:       order.SoldTo{FirstName: "ADA", LastName: "LOVELACE", Address1: "9 PINE RD", Zip: "01810"},
		ShipTos: []order.ShipTo{{
			Type: "1", ShipVia: "1", Freight: decimal.RequireFromString("4.5"),
			Lines: []order.Line{
				{Seq: 1, ItemID: "AB100", SKU: "RED", Quantity: 2, Price: decimal.RequireFromString("19.99"), Tax: decimal.RequireFromString("1.6")},
				{Seq: 2, ItemID: "AB200", Quantity: -1, Price: decimal.RequireFromString("5"), ReturnReason: "1"},
			},
		}},
		Payments: []order.Payment{{Seq: 1, PayType: "4", Amount: decimal.RequireFromString("40.58"), Token: "tok-1111"}},
		Status:   order.StatusOpen,
		Holds:    []string{"EH"},
		Rep:      &order.Rep{Number: 21, Name: "CAROL"},
		Totals: order.Totals{Merchandise: decimal.RequireFromString("34.98"), Freight: decimal.RequireFromString("4.5"),
			Tax: decimal.RequireFromString("1.6"), Order: decimal.RequireFromString("41.08"), Units: 1},
	}
}

// assertSameValue compares two values as values: through their JSON form, so
// that representations that mean the same (decimal.Decimal{} and a zero
// decoded from "0", 4.5 and 4.50) are equal, while any different field,
// amount or time is not.
func assertSameValue(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	norm := func(v any) any {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var out any
		require.NoError(t, json.Unmarshal(b, &out))
		return out
	}
	assert.Equal(t, norm(want), norm(got), msgAndArgs...)
}

func hashOf(s string) [32]byte { return sha256.Sum256([]byte(s)) }

func aWrite(number, payload string) order.Write {
	o := anOrder(number)
	return order.Write{
		Key:         "order:" + number,
		PayloadHash: hashOf(payload),
		Order:       o,
		Result: order.Result{
			Order:    o,
			Steps:    []order.Step{{Name: "commit", Outcome: "ok", Detail: number}},
			Warnings: []string{"w1"},
		},
	}
}

func commit(t *testing.T, st Stores, w order.Write) order.Committed {
	t.Helper()
	c, err := st.Orders.Commit(context.Background(), w)
	require.NoError(t, err)
	return c
}

func testOrderNothingFound(t *testing.T, st Stores) {
	ctx := context.Background()
	id := uuid.New()
	_, err := st.Orders.Order(ctx, id)
	require.ErrorIs(t, err, order.ErrNotFound)
	assert.Contains(t, err.Error(), id.String(), "the error names the order id")
	_, ok, err := st.Orders.LookupIntake(ctx, "order:nope")
	require.NoError(t, err)
	assert.False(t, ok)
	_, ok, err = st.Orders.Batch(ctx, "B-nope")
	require.NoError(t, err)
	assert.False(t, ok)
}

func testCommitAndRead(t *testing.T, st Stores) {
	ctx := context.Background()
	w := aWrite("1001", "payload 1001")
	w.NewReps = []order.Rep{{Number: 21, Name: "CAROL"}}
	c := commit(t, st, w)
	assert.False(t, c.Replayed)
	assert.Equal(t, w.PayloadHash, c.PayloadHash)
	assertSameValue(t, w.Result, c.Result)
	assert.Nil(t, c.Batch, "a non-batched order has no batch")

	got, err := st.Orders.Order(ctx, w.Order.ID)
	require.NoError(t, err)
	assertSameValue(t, w.Order, got, "the order comes back field for field")
	assert.True(t, got.Totals.Order.Equal(decimal.RequireFromString("41.08")))

	in, ok, err := st.Orders.LookupIntake(ctx, w.Key)
	require.NoError(t, err)
	require.True(t, ok)
	assert.False(t, in.Replayed)
	assert.Equal(t, c.PayloadHash, in.PayloadHash)
	assertSameValue(t, c, in)

	r, ok, err := st.Orders.RepByNumber(ctx, 21)
	require.NoError(t, err)
	require.True(t, ok, "new reps are written with the order")
	assert.Equal(t, order.Rep{Number: 21, Name: "CAROL"}, r)
}

func testReplay(t *testing.T, st Stores) {
	ctx := context.Background()
	w := aWrite("1002", "payload 1002")
	first := commit(t, st, w)

	again := aWrite("1002", "payload 1002") // a retry: the intake minted a new id
	again.NewReps = []order.Rep{{Number: 77, Name: "NEVER"}}
	c := commit(t, st, again)
	assert.True(t, c.Replayed, "ORD-010: the same order number and payload replays")
	assertSameValue(t, first.Result, c.Result, "the original result is returned")
	_, err := st.Orders.Order(ctx, again.Order.ID)
	assert.ErrorIs(t, err, order.ErrNotFound, "a replay writes no order")
	_, ok, err := st.Orders.RepByNumber(ctx, 77)
	require.NoError(t, err)
	assert.False(t, ok, "a replay writes no rep")
}

func testDifferentPayload(t *testing.T, st Stores) {
	ctx := context.Background()
	commit(t, st, aWrite("1003", "payload A"))
	w := aWrite("1003", "payload B")
	_, err := st.Orders.Commit(ctx, w)
	require.ErrorIs(t, err, order.ErrDuplicateOrder, "ORD-010: a duplicate order number is rejected with a typed error")
	assert.Contains(t, err.Error(), "order:1003")
	_, err = st.Orders.Order(ctx, w.Order.ID)
	assert.ErrorIs(t, err, order.ErrNotFound, "nothing is written")
	in, ok, err := st.Orders.LookupIntake(ctx, "order:1003")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, hashOf("payload A"), in.PayloadHash, "the first intake stays")
}

func testDuplicateOrderID(t *testing.T, st Stores) {
	ctx := context.Background()
	w := aWrite("1004", "p")
	commit(t, st, w)
	w2 := aWrite("1005", "p")
	w2.Order.ID = w.Order.ID
	_, err := st.Orders.Commit(ctx, w2)
	require.ErrorIs(t, err, order.ErrDuplicateOrder)
	_, ok, err := st.Orders.LookupIntake(ctx, w2.Key)
	require.NoError(t, err)
	assert.False(t, ok, "nothing is written")
	got, err := st.Orders.Order(ctx, w.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, "1004", got.OrderNumber)
}

func testPaymentOnlyUpdate(t *testing.T, st Stores) {
	ctx := context.Background()
	w := aWrite("1006", "order")
	w.Order.Status = order.StatusPending
	commit(t, st, w)

	pay := order.Write{Key: "payment:" + w.Order.ID.String(), PayloadHash: hashOf("payment"), Order: w.Order.Clone(), Update: true}
	pay.Order.Status = order.StatusOpen
	pay.Order.Payments = append(pay.Order.Payments, order.Payment{Seq: 2, PayType: "1", Amount: decimal.RequireFromString("0.5")})
	commit(t, st, pay)
	got, err := st.Orders.Order(ctx, w.Order.ID)
	require.NoError(t, err)
	assertSameValue(t, pay.Order, got, "Update replaces the order")

	ghost := order.Write{Key: "payment:ghost", PayloadHash: hashOf("x"), Order: anOrder("1007"), Update: true}
	_, err = st.Orders.Commit(ctx, ghost)
	require.ErrorIs(t, err, order.ErrNotFound, "an update of an unknown order fails")
	_, ok, err := st.Orders.LookupIntake(ctx, ghost.Key)
	require.NoError(t, err)
	assert.False(t, ok, "and writes nothing")
}

func batchWrite(number, batch string, flag order.BatchFlag, units int) order.Write {
	w := aWrite(number, "payload "+number)
	info := order.BatchInfo{Number: batch, Flag: flag}
	if flag == order.BatchBegin {
		info.Date, info.OrderCount, info.QtyCount, info.CountsSet = day, 2, 5, true
		info.PrepaidTotal = decimal.RequireFromString("12.5")
	}
	if flag == order.BatchEnd {
		info.Approve, info.ApproveSet = true, true
	}
	w.Order.Batch = &info
	w.Batch = &order.BatchDelta{Info: info, Units: units}
	return w
}

func testBatch(t *testing.T, st Stores) {
	ctx := context.Background()
	c := commit(t, st, batchWrite("2001", "B1", order.BatchBegin, 2))
	require.NotNil(t, c.Batch)
	assert.Equal(t, 1, c.Batch.Orders)
	b, ok, err := st.Orders.Batch(ctx, "B1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, day, b.Date, "ORD-013: the batch date is stored on the batch")
	assert.True(t, b.PrepaidTotal.Equal(decimal.RequireFromString("12.5")))

	dup := batchWrite("2002", "B1", order.BatchBegin, 1)
	_, err = st.Orders.Commit(ctx, dup)
	require.ErrorIs(t, err, order.ErrBatchNumberUsed, "ORD-012: a batch number already used is rejected")
	_, ok, err = st.Orders.LookupIntake(ctx, dup.Key)
	require.NoError(t, err)
	assert.False(t, ok, "nothing is written")
	_, err = st.Orders.Order(ctx, dup.Order.ID)
	assert.ErrorIs(t, err, order.ErrNotFound)

	c = commit(t, st, batchWrite("2003", "B1", order.BatchEnd, 3))
	want := order.Batch{Number: "B1", Date: day, ExpectedOrders: 2, ExpectedUnits: 5, PrepaidTotal: decimal.RequireFromString("12.5"),
		Orders: 2, Units: 5, Closed: true, Approved: true}
	assertSameValue(t, &want, c.Batch, "Commit returns the batch after the order")
	b, _, err = st.Orders.Batch(ctx, "B1")
	require.NoError(t, err)
	assertSameValue(t, want, b)
	in, _, err := st.Orders.LookupIntake(ctx, "order:2003")
	require.NoError(t, err)
	assertSameValue(t, &want, in.Batch, "the intake record keeps the batch for replays")
}

func testReps(t *testing.T, st Stores) {
	ctx := context.Background()
	n, err := st.Orders.NextRepNumber(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "no reps: the first number is 1")

	// The reps of the ORD-082 examples: 10 "ANN", 20 "BOB"; next free number 21.
	require.NoError(t, st.Orders.AddRep(ctx, order.Rep{Number: 10, Name: "ANN"}))
	require.NoError(t, st.Orders.AddRep(ctx, order.Rep{Number: 20, Name: "BOB"}))
	n, err = st.Orders.NextRepNumber(ctx)
	require.NoError(t, err)
	assert.Equal(t, 21, n, "ORD-082 E3: the next available rep number is 21")
	r, ok, err := st.Orders.RepByName(ctx, "BOB")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, order.Rep{Number: 20, Name: "BOB"}, r, "ORD-082 E2: the name BOB finds rep 20")
	_, ok, err = st.Orders.RepByName(ctx, "CAROL")
	require.NoError(t, err)
	assert.False(t, ok, "ORD-082 E3: CAROL matches no rep")
	_, ok, err = st.Orders.RepByNumber(ctx, 30)
	require.NoError(t, err)
	assert.False(t, ok, "ORD-082 E4: number 30 matches no rep")

	require.NoError(t, st.Orders.AddRep(ctx, order.Rep{Number: 30, Name: "BOB"}))
	r, _, err = st.Orders.RepByName(ctx, "BOB")
	require.NoError(t, err)
	assert.Equal(t, 20, r.Number, "several reps with the name: the lowest number")
	n, err = st.Orders.NextRepNumber(ctx)
	require.NoError(t, err)
	assert.Equal(t, 31, n, "one more than the highest rep number")
}

// testResultErrors: the field errors of a stored result still match their
// sentinels with errors.Is when replayed.
func testResultErrors(t *testing.T, st Stores) {
	ctx := context.Background()
	w := aWrite("3001", "p")
	w.Result.Errors = []*order.FieldError{
		{Level: order.LevelDetail, Path: "ShipTo[1]/Item[1]", Attribute: "item_id", Value: "ZZ", Rule: "ORD-080",
			Reason: order.ReasonBaseItemDoesNotExist, Err: order.ErrItemNotFound},
		{Level: order.LevelHeader, Attribute: "sales_rep_number", Value: "30", Rule: "ORD-082",
			Reason: order.ReasonInvalidRep, Err: fmt.Errorf("rep 30: %w", order.ErrInvalidRep)},
	}
	commit(t, st, w)
	in, ok, err := st.Orders.LookupIntake(ctx, w.Key)
	require.NoError(t, err)
	require.True(t, ok)
	require.Len(t, in.Result.Errors, 2)
	for i, fe := range in.Result.Errors {
		want := w.Result.Errors[i]
		assert.Equal(t, want.Error(), fe.Error())
		assert.Equal(t, want.Reason, fe.Reason)
		assert.ErrorIs(t, fe, []error{order.ErrItemNotFound, order.ErrInvalidRep}[i])
	}
	assert.NotErrorIs(t, in.Result.Errors[0], order.ErrInvalidRep)
}

// testConcurrentSameOrder: the same order number committed by 100 intakes at
// once gives one order and 99 idempotent replays.
func testConcurrentSameOrder(t *testing.T, st Stores) {
	ctx := context.Background()
	const n = 100
	writes := make([]order.Write, n)
	for i := range writes {
		writes[i] = aWrite("4001", "the same payload")
	}
	out := make([]order.Committed, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i], errs[i] = st.Orders.Commit(ctx, writes[i])
		}()
	}
	close(start)
	wg.Wait()
	fresh, replays, stored := 0, 0, 0
	for i := range n {
		require.NoError(t, errs[i], "commit %d", i)
		if out[i].Replayed {
			replays++
		} else {
			fresh++
		}
		if _, err := st.Orders.Order(ctx, writes[i].Order.ID); err == nil {
			stored++
		} else {
			require.ErrorIs(t, err, order.ErrNotFound)
		}
	}
	assert.Equal(t, 1, fresh, "one commit writes")
	assert.Equal(t, n-1, replays, "the others replay")
	assert.Equal(t, 1, stored, "one order is stored")
}

// testConcurrentBatch: 30 orders of one batch committed at once are all
// counted.
func testConcurrentBatch(t *testing.T, st Stores) {
	ctx := context.Background()
	commit(t, st, batchWrite("5000", "B5", order.BatchBegin, 1))
	const n = 30
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.Orders.Commit(ctx, batchWrite(fmt.Sprintf("50%02d", i+1), "B5", order.BatchNone, 2))
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
	}
	b, ok, err := st.Orders.Batch(ctx, "B5")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, n+1, b.Orders)
	assert.Equal(t, 2*n+1, b.Units)
}

// testCancelledCommitsAllOrNothing: contexts cancelled at random moments
// during commits leave every message either wholly written (intake record,
// order, rep, batch count) or not at all.
func testCancelledCommits(t *testing.T, st Stores) {
	ctx := context.Background()
	commit(t, st, batchWrite("6000", "B6", order.BatchBegin, 0))
	const n = 24
	writes := make([]order.Write, n)
	var wg sync.WaitGroup
	for i := range n {
		w := batchWrite(fmt.Sprintf("60%02d", i+1), "B6", order.BatchNone, 1)
		w.NewReps = []order.Rep{{Number: 1000 + i, Name: fmt.Sprintf("REP %d", i)}}
		writes[i] = w
		cctx, cancel := context.WithCancel(ctx)
		delay := time.Duration(rand.IntN(100)) * time.Millisecond
		wg.Add(2)
		go func() {
			defer wg.Done()
			time.Sleep(delay)
			cancel()
		}()
		go func() {
			defer wg.Done()
			_, err := st.Orders.Commit(cctx, w)
			if err != nil && !errors.Is(err, context.Canceled) {
				assert.NoError(t, err, "commit %d fails only by its cancellation", i)
			}
		}()
	}
	wg.Wait()
	written := 0
	for i, w := range writes {
		_, intake, err := st.Orders.LookupIntake(ctx, w.Key)
		require.NoError(t, err)
		_, oerr := st.Orders.Order(ctx, w.Order.ID)
		_, rep, err := st.Orders.RepByNumber(ctx, 1000+i)
		require.NoError(t, err)
		if intake {
			written++
			assert.NoError(t, oerr, "message %d: intake recorded, so the order is there", i)
			assert.True(t, rep, "message %d: intake recorded, so the rep is there", i)
		} else {
			assert.ErrorIs(t, oerr, order.ErrNotFound, "message %d: no intake, so no order", i)
			assert.False(t, rep, "message %d: no intake, so no rep", i)
		}
	}
	b, _, err := st.Orders.Batch(ctx, "B6")
	require.NoError(t, err)
	assert.Equal(t, written+1, b.Orders, "the batch counts exactly the messages written")
	t.Logf("%d of %d commits written before their cancellation", written, n)
}

// testOrderNumbers: a store that implements order.OrderNumbers hands out
// distinct numbers under concurrency, finds a committed order by its number,
// and answers ErrNotFound for a number nobody committed.
func testOrderNumbers(t *testing.T, st Stores) {
	nums, ok := st.Orders.(order.OrderNumbers)
	if !ok {
		t.Skip("the order store does not implement order.OrderNumbers")
	}
	ctx := context.Background()
	const n = 40
	got := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = nums.NextOrderNumber(ctx)
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for i := range n {
		require.NoError(t, errs[i])
		require.Positive(t, got[i])
		require.LessOrEqual(t, got[i], order.MaxOrderNumber)
		assert.False(t, seen[got[i]], "number %d handed out twice", got[i])
		seen[got[i]] = true
	}

	w := aWrite("NUM-1", "payload")
	w.Order.Number = got[0]
	w.Result.Order.Number = got[0]
	commit(t, st, w)
	id, err := nums.OrderIDByNumber(ctx, got[0])
	require.NoError(t, err)
	assert.Equal(t, w.Order.ID, id)

	_, err = nums.OrderIDByNumber(ctx, got[1])
	require.ErrorIs(t, err, order.ErrNotFound, "a reserved number whose order never committed is a gap")
}
