package sqlstore

import (
	"context"
	"crypto/sha256"
	"strconv"
	"strings"
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

// TestStoredResultLeavesOutAnEmptyInput: the stored result carries the order
// as received (Input) only when there is one (ORD-057: kept while the
// payment is to follow); read back, a result stored with or without it is
// the result committed. The field errors' causes survive either way.
func TestStoredResultLeavesOutAnEmptyInput(t *testing.T) {
	id := uuid.New()
	fe := &order.FieldError{Path: "ShipTo[1]/Item[1]", Attribute: "quantity", Value: "0", Err: order.ErrInvalidValue}
	for _, tc := range []struct {
		name  string
		input order.Order
	}{
		{"no input", order.Order{}},
		{"payment to follow", order.Order{ID: id, OrderNumber: "PF1", CompanyCode: "6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := order.Result{Order: order.Order{ID: id, OrderNumber: "PF1"}, Input: tc.input, Warnings: []string{"w"}, Errors: []*order.FieldError{fe}}
			raw, err := encodeResult(r, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.input.ID != uuid.Nil, strings.Contains(string(raw), `"Input":`), "Input stored only when there is one")
			got, err := decodeResult("k", string(raw))
			require.NoError(t, err)
			if tc.input.ID == uuid.Nil {
				assert.Zero(t, got.Input, "no order as received")
			} else {
				// ORD-057: the payment-only message builds on the order as received.
				assert.Equal(t, []string{tc.input.ID.String(), tc.input.OrderNumber, tc.input.CompanyCode},
					[]string{got.Input.ID.String(), got.Input.OrderNumber, got.Input.CompanyCode})
			}
			assert.Equal(t, r.Order.ID, got.Order.ID)
			require.Len(t, got.Errors, 1)
			assert.ErrorIs(t, got.Errors[0].Err, order.ErrInvalidValue)
		})
	}
}

// TestResultEncodesTheOrderOnce: a write whose result carries its order (as
// every intake's does) has the order encoded once, and the stored result is
// the same bytes as the result encoded on its own: with the body put in
// directly, or by the one-statement commit in place of its token. A result
// carrying another order keeps that order.
func TestResultEncodesTheOrderOnce(t *testing.T) {
	o := order.Order{ID: uuid.New(), OrderNumber: "E1", CompanyCode: "6", CustomerNbr: "12",
		ShipTos: []order.ShipTo{{Type: "1", Lines: []order.Line{{Seq: 1, ItemID: "A<B>&C", Quantity: 2}}}}}
	w := order.Write{Key: "order:E1", Order: o, Result: order.Result{Order: o, Warnings: []string{"w"}}}
	alone, err := encodeResult(w.Result, nil)
	require.NoError(t, err)

	body, res, _, err := encodeWriteJSON(&w, "")
	require.NoError(t, err)
	assert.Equal(t, string(alone), string(res), "the order body's JSON put in the result")

	token := orderJSONToken()
	body2, res2, _, err := encodeWriteJSON(&w, token)
	require.NoError(t, err)
	assert.Equal(t, string(body), string(body2))
	assert.NotContains(t, string(res2), `"E1"`, "the order travels once, in the body")
	assert.Equal(t, string(alone), strings.Replace(string(res2), strconv.Quote(token), string(body2), 1), "the statement's replace gives the result")

	other := w
	other.Result.Order.OrderNumber = "E2"
	_, res3, _, err := encodeWriteJSON(&other, token)
	require.NoError(t, err)
	assert.Contains(t, string(res3), `"OrderNumber":"E2"`, "a result with another order keeps it")
	assert.NotContains(t, string(res3), token)
}
