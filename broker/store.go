package broker

import (
	"context"

	"github.com/google/uuid"
)

//go:generate go tool mockgen -source=store.go -destination=mock_store_test.go -package=broker

// RecordStore keeps Order Broker records. Storage packages implement it.
type RecordStore interface {
	// ListByStatus returns the records in any of the statuses.
	ListByStatus(ctx context.Context, statuses ...Status) ([]Record, error)
	// Update loads record id, calls fn with it and, when fn returns no error,
	// persists the returned record and side effects atomically. When fn
	// fails nothing is written. A missing id returns an error wrapping
	// [ErrUnknownRequest].
	Update(ctx context.Context, id uuid.UUID, fn func(Record) (Record, []SideEffect, error)) error
}

// OrderSource supplies the order data a SubmitOrder is built from.
type OrderSource interface {
	Order(ctx context.Context, key OrderKey) (Order, error)
}
