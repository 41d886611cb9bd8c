package memory_test

import (
	"context"
	"sort"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
	"github.com/omskit/omskit/storage/memory"
)

func TestOrderStore_NextOrderNumberIsAtomic(t *testing.T) {
	st := memory.NewOrderStore()
	st.SetLastOrderNumber(100)
	const n = 50
	got := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := st.NextOrderNumber(context.Background())
			assert.NoError(t, err)
			got[i] = v
		}()
	}
	wg.Wait()
	sort.Ints(got)
	for i, v := range got {
		assert.Equal(t, 101+i, v, "distinct and gap-free")
	}
}

func TestOrderStore_NextOrderNumberStopsAtEightDigits(t *testing.T) {
	st := memory.NewOrderStore()
	st.SetLastOrderNumber(order.MaxOrderNumber - 1)
	v, err := st.NextOrderNumber(context.Background())
	require.NoError(t, err)
	assert.Equal(t, order.MaxOrderNumber, v)
	_, err = st.NextOrderNumber(context.Background())
	assert.ErrorIs(t, err, order.ErrInvalidValue)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = st.NextOrderNumber(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestOrderStore_OrderIDByNumber(t *testing.T) {
	ctx := context.Background()
	st := memory.NewOrderStore()
	_, err := st.OrderIDByNumber(ctx, 7)
	assert.ErrorIs(t, err, order.ErrNotFound)

	id := uuid.New()
	_, err = st.Commit(ctx, order.Write{Key: "order:A", Order: order.Order{ID: id, Number: 7, OrderNumber: "A"}})
	require.NoError(t, err)
	got, err := st.OrderIDByNumber(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, id, got)

	// A second order under the same number is refused and writes nothing.
	_, err = st.Commit(ctx, order.Write{Key: "order:B", Order: order.Order{ID: uuid.New(), Number: 7, OrderNumber: "B"}})
	assert.ErrorIs(t, err, order.ErrDuplicateOrder)
	assert.Equal(t, 1, st.Commits())
	_, found, err := st.LookupIntake(ctx, "order:B")
	require.NoError(t, err)
	assert.False(t, found)
}
