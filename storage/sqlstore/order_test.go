package sqlstore

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/order"
)

// TestCommitCancelledBetweenWrites cancels the context after each write of a
// message in turn (intake record, order, reps, batch): every time the
// commit fails with context.Canceled and nothing of the message is stored.
func TestCommitCancelledBetweenWrites(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			open, _ := o.open(t)
			db, err := open(ctx)
			require.NoError(t, err)
			defer db.Close()
			s := db.OrderStore()
			_, err = s.Commit(ctx, order.Write{Key: "order:B", PayloadHash: sha256.Sum256([]byte("B")), Order: order.Order{ID: uuid.New(), OrderNumber: "B"},
				Batch: &order.BatchDelta{Info: order.BatchInfo{Number: "77", Flag: order.BatchBegin}, Units: 1}})
			require.NoError(t, err)

			for _, step := range []string{"intake", "order", "reps", "batch"} {
				t.Run(step, func(t *testing.T) {
					cctx, cancel := context.WithCancel(ctx)
					defer cancel()
					s.hook = func(_ context.Context, at string) {
						if at == step {
							cancel()
						}
					}
					defer func() { s.hook = nil }()
					w := order.Write{
						Key: "order:" + step, PayloadHash: sha256.Sum256([]byte(step)),
						Order:   order.Order{ID: uuid.New(), OrderNumber: step},
						NewReps: []order.Rep{{Number: 500, Name: "NEW REP"}},
						Batch:   &order.BatchDelta{Info: order.BatchInfo{Number: "77"}, Units: 3},
					}
					_, err := s.Commit(cctx, w)
					require.ErrorIs(t, err, context.Canceled)

					_, ok, err := s.LookupIntake(ctx, w.Key)
					require.NoError(t, err)
					assert.False(t, ok, "no intake record")
					_, err = s.Order(ctx, w.Order.ID)
					assert.ErrorIs(t, err, order.ErrNotFound, "no order")
					_, ok, err = s.RepByNumber(ctx, 500)
					require.NoError(t, err)
					assert.False(t, ok, "no rep")
					b, _, err := s.Batch(ctx, "77")
					require.NoError(t, err)
					assert.Equal(t, 1, b.Orders, "the batch does not count the message")
				})
			}
		})
	}
}

func TestRaiseOrderNumber(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, ":memory:")
	require.NoError(t, err)
	defer db.Close()
	s := db.OrderStore()
	require.NoError(t, s.RaiseOrderNumber(ctx, 6430))
	n, err := s.NextOrderNumber(ctx)
	require.NoError(t, err)
	assert.Equal(t, 6431, n)
	require.NoError(t, s.RaiseOrderNumber(ctx, 10), "never lowers the sequence")
	n, err = s.NextOrderNumber(ctx)
	require.NoError(t, err)
	assert.Equal(t, 6432, n)
	require.ErrorIs(t, s.RaiseOrderNumber(ctx, order.MaxOrderNumber+1), order.ErrInvalidValue)
}
