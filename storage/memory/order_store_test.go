package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

func orderDeps() (order.Deps, *memory.OrderStore) {
	st := memory.NewOrderStore()
	cat := memory.NewOrderCatalog()
	cat.AddItem(order.Item{Number: "SHIRT"})
	cat.AddPayType(order.PayType{Code: "CK", Kind: order.PayCheck})
	st.AddRep(order.Rep{Number: 1, Name: "ANN"})
	return order.Deps{Store: st, Items: cat, Reps: st, PayTypes: cat,
		Settings: order.Settings{ErrorBatch: "41", PerformEditInteractively: true}}, st
}

func sample(num string, qty int) order.Order {
	return order.Order{OrderNumber: num, OrderChannel: "I", PayIncluded: true, ResponseType: order.ResponseDetailed,
		SalesRepName: "NEWREP",
		ShipTos:      []order.ShipTo{{Type: "1", Lines: []order.Line{{Seq: 1, ItemID: "SHIRT", Quantity: qty, Price: decimal.RequireFromString("9.99")}}}},
		Payments:     []order.Payment{{Seq: 1, PayType: "CK"}}}
}

// ORD-010: idempotent intake under concurrency: many goroutines take the same
// order in; exactly one writes, every other gets the original result back.
func TestOrderStore_ConcurrentIntakeSameOrder_ORD010(t *testing.T) {
	deps, st := orderDeps()
	const n = 64
	results := make([]order.Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = order.Intake(context.Background(), deps, order.Input{Order: sample("SAME-1", 1)})
		}()
	}
	wg.Wait()
	original := 0
	var id uuid.UUID
	for i := range n {
		require.NoError(t, errs[i])
		if !results[i].Replayed {
			original++
			id = results[i].Order.ID
		}
	}
	assert.Equal(t, 1, original, "exactly one intake wrote")
	for i := range n {
		assert.Equal(t, id, results[i].Order.ID, "every caller sees the original order")
		assert.Equal(t, id.String(), results[i].Response.OrderID)
	}
	assert.Equal(t, 1, st.Commits())
	assert.Len(t, st.Orders(), 1)
	r, ok, err := st.RepByName(context.Background(), "NEWREP")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 2, r.Number, "the new rep was written once")
}

// Different payloads under one order number, concurrently: one wins, the rest
// get ErrDuplicateOrder or (same payload as the winner) the replay.
func TestOrderStore_ConcurrentIntakeDifferentPayloads(t *testing.T) {
	deps, st := orderDeps()
	const n = 32
	errs := make([]error, n)
	res := make([]order.Result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i], errs[i] = order.Intake(context.Background(), deps, order.Input{Order: sample("SAME-2", 1+i%4)})
		}()
	}
	wg.Wait()
	wrote, dup, replay := 0, 0, 0
	for i := range n {
		switch {
		case errors.Is(errs[i], order.ErrDuplicateOrder):
			dup++
		case errs[i] == nil && res[i].Replayed:
			replay++
		case errs[i] == nil:
			wrote++
		default:
			t.Fatalf("unexpected error: %v", errs[i])
		}
	}
	assert.Equal(t, 1, wrote)
	assert.Equal(t, n-1, dup+replay)
	assert.Equal(t, 3*n/4, dup, "the three other payloads are duplicates")
	assert.Equal(t, 1, st.Commits())
}

// Many different orders concurrently all land.
func TestOrderStore_ConcurrentDistinctOrders(t *testing.T) {
	deps, st := orderDeps()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := order.Intake(context.Background(), deps, order.Input{Order: sample(fmt.Sprintf("D-%d", i), 1)})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 50, st.Commits())
	assert.Len(t, st.Orders(), 50)
}

func TestOrderStore_CommitRules(t *testing.T) {
	ctx := context.Background()
	st := memory.NewOrderStore()
	id := uuid.New()
	w := order.Write{Key: "order:A", PayloadHash: [32]byte{1}, Order: order.Order{ID: id, OrderNumber: "A"},
		Batch: &order.BatchDelta{Info: order.BatchInfo{Number: "5", Flag: order.BatchBegin, OrderCount: 1, QtyCount: 1}, Units: 1}}
	c, err := st.Commit(ctx, w)
	require.NoError(t, err)
	require.NotNil(t, c.Batch)
	assert.Equal(t, 1, c.Batch.Orders)
	// Replay and conflict.
	c, err = st.Commit(ctx, w)
	require.NoError(t, err)
	assert.True(t, c.Replayed)
	w2 := w
	w2.PayloadHash = [32]byte{2}
	_, err = st.Commit(ctx, w2)
	require.ErrorIs(t, err, order.ErrDuplicateOrder)
	// ORD-012: a second B for batch 5 is refused and writes nothing.
	w3 := order.Write{Key: "order:B", Order: order.Order{ID: uuid.New()}, Batch: w.Batch}
	_, err = st.Commit(ctx, w3)
	require.ErrorIs(t, err, order.ErrBatchNumberUsed)
	_, err = st.Order(ctx, w3.Order.ID)
	require.ErrorIs(t, err, order.ErrNotFound)
	_, found, err := st.LookupIntake(ctx, "order:B")
	require.NoError(t, err)
	assert.False(t, found)
	// Update of an unknown order.
	_, err = st.Commit(ctx, order.Write{Key: "payment:x", Order: order.Order{ID: uuid.New()}, Update: true})
	require.ErrorIs(t, err, order.ErrNotFound)
	// A cancelled context writes nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = st.Commit(cctx, order.Write{Key: "order:C", Order: order.Order{ID: uuid.New()}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, st.Commits())
}

func TestOrderCatalog_AliasNeedsAllOffers(t *testing.T) {
	ctx := context.Background()
	c := memory.NewOrderCatalog()
	c.AddItemKey(order.ItemKey{Kind: order.KeyAlias, Value: "A", AllOffers: true}, order.Item{Number: "X"})
	_, ok, err := c.FindItem(ctx, order.ItemKey{Kind: order.KeyAlias, Value: "A"})
	require.NoError(t, err)
	assert.False(t, ok)
	it, ok, err := c.FindItem(ctx, order.ItemKey{Kind: order.KeyAlias, Value: "A", AllOffers: true})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "X", it.Number)
}
