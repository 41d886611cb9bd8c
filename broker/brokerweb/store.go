package brokerweb

import (
	"context"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

//go:generate go tool mockgen -source=store.go -destination=mock_store_test.go -package=brokerweb

// Store is what the screens read. storage/memory's and storage/sqlstore's
// broker stores implement it.
type Store interface {
	// FindRecords answers q as broker.RecordQuery documents it.
	FindRecords(ctx context.Context, q broker.RecordQuery) (broker.RecordPage, error)
	// Record returns record id, or an error wrapping broker.ErrUnknownRequest.
	Record(ctx context.Context, id uuid.UUID) (broker.Record, error)
	// RecordTrail returns the record's history records, order messages and
	// shipment details (broker.InTrail) in the order they were written.
	RecordTrail(ctx context.Context, id uuid.UUID) ([]broker.SideEffect, error)
}

// Actions are what an operator may do to a record. *broker.Runner
// implements it: the console cancels and resends the way the host's own
// code does.
type Actions interface {
	// Cancel cancels the OB request of record id (BRK-110, BRK-320).
	Cancel(ctx context.Context, id uuid.UUID, c broker.UserCancel) (broker.Result, error)
	// Resend sends again what a W, G or H record waits on (BRK-063, BRK-317).
	Resend(ctx context.Context, rec broker.Record) (*broker.Report, error)
}
