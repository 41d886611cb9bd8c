package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// BrokerStore keeps Order Broker records and the side effects of their
// changes, and is the work queue of the BROKER run. It implements
// broker.RecordStore; its Lease, Complete, Extend and Release methods let
// many workers (in one process or many) share the run's records:
//
//   - Lease takes up to n due records of the given statuses that nobody
//     holds, for a while; on PostgreSQL with FOR UPDATE SKIP LOCKED, so
//     concurrent workers never take the same record and never wait for each
//     other.
//   - Complete writes a leased record's change and side effects and gives
//     the lease back, in one transaction; it fails with ErrLeaseLost when
//     the lease expired and another worker may have taken the record.
//   - A worker that dies loses nothing: its leases expire and the records
//     are due again for the others.
//
// Leases are at-least-once for what a worker does outside the database: a
// worker killed after sending a record but before Complete has it sent
// again by the next worker. Order Broker's duplicate check (error 2040,
// BRK-063) is what makes such a resend harmless.
type BrokerStore struct {
	db  *DB
	now func() time.Time
}

var (
	_ broker.RecordStore = (*BrokerStore)(nil)
	_ broker.LeaseStore  = (*BrokerStore)(nil)
)

// ErrLeaseLost: a worker completed or extended a record it no longer
// holds (its lease expired, or it never held it). It is
// broker.ErrLeaseLost, so callers of the broker.LeaseStore contract can
// test for either.
var ErrLeaseLost = broker.ErrLeaseLost

// BrokerStore returns the broker store of db. now is its clock (nil means
// time.Now); leases and due times are compared with it.
func (db *DB) BrokerStore(now func() time.Time) *BrokerStore {
	if now == nil {
		now = time.Now
	}
	return &BrokerStore{db: db, now: now}
}

const brokerColumns = "id, body"

func scanRecords(rows *sql.Rows) ([]broker.Record, error) {
	defer rows.Close()
	var out []broker.Record
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read broker record: %w", err)
		}
		var r broker.Record
		if err := decodeBody("broker record "+id, body, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, closedErr(fmt.Errorf("sqlstore: read broker records: %w", err))
	}
	return out, nil
}

// Put stores records (new or replacing those with their ids), due at next,
// in one transaction; many records go in multi-row INSERTs.
func (s *BrokerStore) Put(ctx context.Context, next time.Time, recs ...broker.Record) error {
	const perStatement = 200
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		now := micros(s.now())
		for start := 0; start < len(recs); start += perStatement {
			chunk := recs[start:min(start+perStatement, len(recs))]
			var q strings.Builder
			q.WriteString(`INSERT INTO omskit_broker_record (id, flow, company, order_no, ship_to, line_seq, status, request_id, next_at, lease_owner, lease_until, body, updated_at) VALUES `)
			args := make([]any, 0, len(chunk)*11)
			for i, r := range chunk {
				if r.ID == uuid.Nil {
					return fmt.Errorf("sqlstore: put broker record %s: id is zero", r.Label())
				}
				body, err := encodeBody("broker record "+r.Label(), r)
				if err != nil {
					return err
				}
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(" + placeholders(len(args)+1, 9) + ", '', 0, " + placeholders(len(args)+10, 2) + ")")
				args = append(args, r.ID.String(), r.Flow, r.Key.Company, r.Key.Order, r.Key.ShipTo, r.LineSeq,
					string(rune(r.Status)), strings.TrimSpace(r.RequestID), micros(next), body, now)
			}
			q.WriteString(` ON CONFLICT (id) DO UPDATE SET flow = excluded.flow, company = excluded.company, order_no = excluded.order_no,
ship_to = excluded.ship_to, line_seq = excluded.line_seq, status = excluded.status, request_id = excluded.request_id,
next_at = excluded.next_at, body = excluded.body, updated_at = excluded.updated_at`)
			if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
				return fmt.Errorf("sqlstore: put %d broker records from %s: %w", len(chunk), chunk[0].Label(), err)
			}
		}
		return nil
	}))
}

// Record returns record id, or an error wrapping broker.ErrUnknownRequest.
func (s *BrokerStore) Record(ctx context.Context, id uuid.UUID) (broker.Record, error) {
	rows, err := s.db.query(ctx, "SELECT "+brokerColumns+" FROM omskit_broker_record WHERE id = $1", id.String())
	if err != nil {
		return broker.Record{}, fmt.Errorf("sqlstore: read broker record %s: %w", id, err)
	}
	recs, err := scanRecords(rows)
	if err != nil {
		return broker.Record{}, err
	}
	if len(recs) == 0 {
		return broker.Record{}, fmt.Errorf("broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	return recs[0], nil
}

// ListByStatus returns the records in any of the statuses, by order and
// line.
func (s *BrokerStore) ListByStatus(ctx context.Context, statuses ...broker.Status) ([]broker.Record, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := statusArgs(statuses)
	rows, err := s.db.query(ctx, "SELECT "+brokerColumns+" FROM omskit_broker_record WHERE status IN ("+placeholders(1, len(args))+
		") ORDER BY company, order_no, ship_to, line_seq, id", args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list broker records: %w", err)
	}
	return scanRecords(rows)
}

func statusArgs(statuses []broker.Status) []any {
	args := make([]any, len(statuses))
	for i, st := range statuses {
		args[i] = string(rune(st))
	}
	return args
}

// Update loads record id (locking it), calls fn and, when fn returns no
// error, stores the returned record and its side effects in one
// transaction. When fn fails nothing is written. A missing id returns an
// error wrapping broker.ErrUnknownRequest. The record keeps its id, due time
// and lease. fn may run again when the database asks for a retry, or, on
// PostgreSQL, when the record changed between the read and the write: there
// one read and one statement write the record and all its side effects (two
// round trips, one commit; see broker_batch.go), and a record changed in
// between is updated again in a locking transaction.
func (s *BrokerStore) Update(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	if s.db.dialect == Postgres {
		if ok, err := s.updateStatement(ctx, id, fn); ok || err != nil {
			return err
		}
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		r, next, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.apply(ctx, tx, r, next, false, fn)
	}))
}

func (s *BrokerStore) lock(ctx context.Context, tx *Tx, id uuid.UUID) (broker.Record, int64, error) {
	var body string
	var next int64
	err := tx.QueryRow(ctx, "SELECT body, next_at FROM omskit_broker_record WHERE id = $1"+s.db.dialect.forUpdate(), id.String()).Scan(&body, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return broker.Record{}, 0, fmt.Errorf("broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	if err != nil {
		return broker.Record{}, 0, fmt.Errorf("sqlstore: read broker record %s: %w", id, err)
	}
	var r broker.Record
	err = decodeBody("broker record "+id.String(), body, &r)
	return r, next, err
}

// apply runs fn on r and writes the result, due at next, and the side
// effects; release also gives the record's lease back.
func (s *BrokerStore) apply(ctx context.Context, tx *Tx, r broker.Record, next int64, release bool, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) error {
	id := r.ID
	nr, effects, err := fn(r)
	if err != nil {
		return err
	}
	nr.ID = id // the record keeps the id it was loaded with
	body, err := encodeBody("broker record "+nr.Label(), nr)
	if err != nil {
		return err
	}
	q := `UPDATE omskit_broker_record SET flow = $2, status = $3, request_id = $4, next_at = $5, body = $6, updated_at = $7`
	if release {
		q += `, lease_owner = '', lease_until = 0`
	}
	_, err = tx.Exec(ctx, q+` WHERE id = $1`,
		id.String(), nr.Flow, string(rune(nr.Status)), strings.TrimSpace(nr.RequestID), next, body, micros(s.now()))
	if err != nil {
		return fmt.Errorf("sqlstore: write broker record %s: %w", nr.Label(), err)
	}
	return s.writeEffects(ctx, tx, effects)
}

func (s *BrokerStore) writeEffects(ctx context.Context, tx *Tx, effects []broker.SideEffect) error {
	var rows effectRows
	if err := rows.add(effects); err != nil {
		return err
	}
	for i, id := range rows.ids {
		if _, err := tx.Exec(ctx, "INSERT INTO omskit_broker_effect (id, record_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5)",
			id, rows.records[i], rows.kinds[i], rows.bodies[i], micros(s.now())); err != nil {
			return fmt.Errorf("sqlstore: write %s of broker record %s: %w", rows.kinds[i], rows.records[i], err)
		}
	}
	return nil
}

// StoredEffect is a side effect as the store keeps it: its Go type name
// (e.g. "broker.History") and its JSON.
type StoredEffect struct {
	Record uuid.UUID
	Kind   string
	JSON   string
	At     time.Time
}

// SideEffects returns the side effects written for record id, oldest first.
func (s *BrokerStore) SideEffects(ctx context.Context, id uuid.UUID) ([]StoredEffect, error) {
	rows, err := s.db.query(ctx, "SELECT kind, body, created_at FROM omskit_broker_effect WHERE record_id = $1 ORDER BY id", id.String())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: side effects of broker record %s: %w", id, err)
	}
	defer rows.Close()
	var out []StoredEffect
	for rows.Next() {
		e := StoredEffect{Record: id}
		var at int64
		if err := rows.Scan(&e.Kind, &e.JSON, &at); err != nil {
			return nil, fmt.Errorf("sqlstore: read side effect: %w", err)
		}
		e.At = time.UnixMicro(at).UTC()
		out = append(out, e)
	}
	return out, closedErr(rows.Err())
}

// Lease takes up to n records in any of the statuses that are due (next
// time not after now) and not leased by anyone, and leases them to owner
// until now+d. Concurrent callers get disjoint records. The records come
// back oldest due first.
func (s *BrokerStore) Lease(ctx context.Context, owner string, n int, d time.Duration, statuses ...broker.Status) ([]broker.Record, error) {
	if owner == "" {
		return nil, errors.New("sqlstore: lease broker records: owner is blank")
	}
	if n <= 0 || len(statuses) == 0 {
		return nil, nil
	}
	now := s.now()
	args := []any{owner, micros(now.Add(d)), micros(now), n}
	args = append(args, statusArgs(statuses)...)
	q := `UPDATE omskit_broker_record SET lease_owner = $1, lease_until = $2
WHERE id IN (SELECT id FROM omskit_broker_record
  WHERE status IN (` + placeholders(5, len(statuses)) + `) AND next_at <= $3 AND lease_until <= $3
  ORDER BY next_at LIMIT $4` + s.db.dialect.skipLocked() + `)
RETURNING ` + brokerColumns
	if s.db.dialect == Postgres { // one statement, committed on its own: one round trip
		rows, err := s.db.query(ctx, q, args...)
		if err != nil {
			return nil, closedErr(fmt.Errorf("sqlstore: lease broker records for %s: %w", owner, err))
		}
		return scanRecords(rows)
	}
	var out []broker.Record
	err := s.db.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("sqlstore: lease broker records for %s: %w", owner, err)
		}
		out, err = scanRecords(rows)
		return err
	})
	if err != nil {
		return nil, closedErr(err)
	}
	return out, nil
}

// Done is the outcome of one leased record: the change to write (Fn, as in
// Update; nil leaves the record as it is) and when the record is next due.
// It is broker.LeaseDone, so BrokerStore satisfies broker.LeaseStore.
type Done = broker.LeaseDone

// Complete writes the outcome of leased records and releases their leases,
// all in one transaction. If owner no longer holds any of them (the lease
// expired, or was never owner's), nothing is written and the error wraps
// ErrLeaseLost and names the record. On PostgreSQL a page of records is
// read in one statement and written, with every side effect, in one more
// (two round trips, one commit, whatever its size); a record changed in
// between sends the page through the locking transaction instead.
func (s *BrokerStore) Complete(ctx context.Context, owner string, done ...Done) error {
	if len(done) == 0 {
		return nil
	}
	if s.db.dialect == Postgres {
		if ok, err := s.completeStatement(ctx, owner, done); ok || err != nil {
			return err
		}
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		// Lock every record owner still holds, in one statement.
		args := []any{owner, micros(s.now())}
		for _, d := range done {
			args = append(args, d.ID.String())
		}
		rows, err := tx.Query(ctx, "SELECT "+brokerColumns+" FROM omskit_broker_record WHERE lease_owner = $1 AND lease_until > $2 AND id IN ("+
			placeholders(3, len(done))+")"+s.db.dialect.forUpdate(), args...)
		if err != nil {
			return fmt.Errorf("sqlstore: read leased broker records of %s: %w", owner, err)
		}
		held, err := scanRecords(rows)
		if err != nil {
			return err
		}
		byID := make(map[uuid.UUID]broker.Record, len(held))
		for _, r := range held {
			byID[r.ID] = r
		}
		for _, d := range done {
			r, ok := byID[d.ID]
			if !ok {
				return fmt.Errorf("broker record %s: %s does not hold it: %w", d.ID, owner, ErrLeaseLost)
			}
			if err := s.apply(ctx, tx, r, micros(d.Next), true, keepOr(d.Fn)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Extend moves the end of owner's leases on ids to now+d. It fails with
// ErrLeaseLost, and extends nothing, when owner no longer holds one of them.
func (s *BrokerStore) Extend(ctx context.Context, owner string, d time.Duration, ids ...uuid.UUID) error {
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		now := s.now()
		for _, id := range ids {
			res, err := tx.Exec(ctx, "UPDATE omskit_broker_record SET lease_until = $4 WHERE id = $1 AND lease_owner = $2 AND lease_until > $3",
				id.String(), owner, micros(now), micros(now.Add(d)))
			if err != nil {
				return fmt.Errorf("sqlstore: extend lease of broker record %s: %w", id, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return fmt.Errorf("broker record %s: %s does not hold it: %w", id, owner, ErrLeaseLost)
			}
		}
		return nil
	}))
}

// Release gives owner's leases on ids back without changing the records, so
// other workers can take them at once. Records owner does not hold are
// skipped.
func (s *BrokerStore) Release(ctx context.Context, owner string, ids ...uuid.UUID) error {
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "UPDATE omskit_broker_record SET lease_owner = '', lease_until = 0 WHERE id = $1 AND lease_owner = $2",
				id.String(), owner); err != nil {
				return fmt.Errorf("sqlstore: release broker record %s: %w", id, err)
			}
		}
		return nil
	}))
}
