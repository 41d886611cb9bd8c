package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/omskit/omskit/broker"
)

// Broker record writes on PostgreSQL without a transaction of several
// statements: the records are read with their row version (xmin), the
// changes computed, and then one statement writes every record and every
// side effect of the call, on condition that no record changed since it was
// read (and, for Complete, that owner still holds each lease). One read and
// one write: two round trips and one commit for an Update, and the same for
// a whole page of leased records in Complete, whatever the number of records
// and side effects. When a record changed meanwhile the statement writes
// nothing, and Update and Complete run again in the locking transaction
// (calling fn again, as after a serialization failure): concurrent writers
// of one record queue there, and Complete names the record whose lease was
// lost. SQLite, whose round trips
// cost nothing, keeps its transactions.

// recordWrite is one record's change, encoded, with the row version it was
// computed from.
type recordWrite struct {
	id, version, flow, status, requestID, body string
	next                                       int64
}

// effectRows are side effects encoded as the columns of omskit_broker_effect.
type effectRows struct {
	ids, records, kinds, bodies []string
}

// add encodes the side effects of one record change.
func (e *effectRows) add(effects []broker.SideEffect) error {
	for _, ef := range effects {
		if ef == nil {
			continue
		}
		kind := fmt.Sprintf("%T", ef)
		body, err := encodeBody(kind, ef)
		if err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("sqlstore: side effect id: %w", err)
		}
		e.ids = append(e.ids, id.String())
		e.records = append(e.records, ef.RecordID().String())
		e.kinds = append(e.kinds, kind)
		e.bodies = append(e.bodies, body)
	}
	return nil
}

// change runs fn on r (read at version, due at next) and encodes the
// result and its side effects.
func change(r broker.Record, version string, next int64, fn func(broker.Record) (broker.Record, []broker.SideEffect, error), effects *effectRows) (recordWrite, error) {
	id := r.ID
	nr, eff, err := fn(r)
	if err != nil {
		return recordWrite{}, err
	}
	nr.ID = id // the record keeps the id it was loaded with
	body, err := encodeBody("broker record "+nr.Label(), nr)
	if err != nil {
		return recordWrite{}, err
	}
	if err := effects.add(eff); err != nil {
		return recordWrite{}, err
	}
	return recordWrite{id: id.String(), version: version, flow: nr.Flow, status: string(rune(nr.Status)),
		requestID: strings.TrimSpace(nr.RequestID), body: body, next: next}, nil
}

// errRecordsChanged: a record of a batched write changed after it was read
// (or, in Complete, its lease is no longer owner's); nothing was written.
var errRecordsChanged = errors.New("sqlstore: broker records changed since read")

// writeRecords writes recs and effects in one statement, all or nothing:
// each record only if its row version is still the one read and, when owner
// is set, owner still holds its lease (which the write then releases).
// Otherwise nothing is written and the error is errRecordsChanged.
func (s *BrokerStore) writeRecords(ctx context.Context, owner string, recs []recordWrite, effects effectRows) error {
	n := len(recs)
	ids, versions, flows, statuses, requests, bodies := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	nexts := make([]int64, n)
	for i, r := range recs {
		ids[i], versions[i], flows[i], statuses[i], requests[i], bodies[i], nexts[i] = r.id, r.version, r.flow, r.status, r.requestID, r.body, r.next
	}
	now := s.now()
	lease := ""
	args := []any{ids, versions, flows, statuses, requests, nexts, bodies, micros(now),
		effects.ids, effects.records, effects.kinds, effects.bodies, int64(n)}
	if owner != "" {
		lease = `, lease_owner = '', lease_until = 0`
		args = append(args, owner)
	}
	q := `WITH v AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])
  AS v(id, version, flow, status, request_id, next_at, body)),
u AS (UPDATE omskit_broker_record AS r SET flow = v.flow, status = v.status, request_id = v.request_id, next_at = v.next_at,
  body = v.body, updated_at = $8` + lease + `
  FROM v WHERE r.id = v.id AND r.xmin = v.version::xid`
	if owner != "" {
		q += ` AND r.lease_owner = $14 AND r.lease_until > $8`
	}
	q += ` RETURNING r.id),
e AS (INSERT INTO omskit_broker_effect (id, record_id, kind, body, created_at)
  SELECT e.id, e.record_id, e.kind, e.body, $8 FROM unnest($9::text[], $10::text[], $11::text[], $12::text[]) AS e(id, record_id, kind, body)
  WHERE (SELECT count(*) FROM u) = $13)
SELECT 1 / CASE WHEN count(*) = $13 THEN 1 ELSE 0 END FROM u`
	var one int
	err := s.db.sql.QueryRowContext(ctx, q, args...).Scan(&one)
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "22012" { // a record changed: the division by zero undid the statement
		return errRecordsChanged
	}
	if err != nil {
		return closedErr(fmt.Errorf("sqlstore: write %d broker records from %s: %w", n, recs[0].id, err))
	}
	return nil
}

// updateStatement is Update on PostgreSQL: read, fn, one conditional
// write. ok is false when the record changed in between; the caller then
// updates in a locking transaction, where concurrent writers of one record
// queue instead of retrying each other out.
func (s *BrokerStore) updateStatement(ctx context.Context, id uuid.UUID, fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) (ok bool, err error) {
	var body, version string
	var next int64
	err = s.db.queryRow(ctx, "SELECT body, next_at, xmin::text FROM omskit_broker_record WHERE id = $1", id.String()).Scan(&body, &next, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("broker record %s: %w", id, broker.ErrUnknownRequest)
	}
	if err != nil {
		return false, closedErr(fmt.Errorf("sqlstore: read broker record %s: %w", id, err))
	}
	var r broker.Record
	if err := decodeBody("broker record "+id.String(), body, &r); err != nil {
		return false, err
	}
	var effects effectRows
	w, err := change(r, version, next, fn, &effects)
	if err != nil {
		return false, err
	}
	err = s.writeRecords(ctx, "", []recordWrite{w}, effects)
	if errors.Is(err, errRecordsChanged) {
		return false, nil
	}
	return err == nil, err
}

// completeStatement is Complete on PostgreSQL: one read of owner's records,
// the changes, one conditional write. ok is false when a record changed or
// its lease lapsed in between; the caller then completes in a locking
// transaction, which tells which.
func (s *BrokerStore) completeStatement(ctx context.Context, owner string, done []Done) (ok bool, err error) {
	ids := make([]string, len(done))
	for i, d := range done {
		ids[i] = d.ID.String()
	}
	rows, err := s.db.query(ctx, "SELECT id, body, xmin::text FROM omskit_broker_record WHERE lease_owner = $1 AND lease_until > $2 AND id = ANY($3::text[])",
		owner, micros(s.now()), ids)
	if err != nil {
		return false, closedErr(fmt.Errorf("sqlstore: read leased broker records of %s: %w", owner, err))
	}
	type held struct {
		r       broker.Record
		version string
	}
	byID := make(map[uuid.UUID]held, len(done))
	for rows.Next() {
		var id, body, version string
		if err := rows.Scan(&id, &body, &version); err != nil {
			rows.Close()
			return false, fmt.Errorf("sqlstore: read broker record: %w", err)
		}
		var r broker.Record
		if err := decodeBody("broker record "+id, body, &r); err != nil {
			rows.Close()
			return false, err
		}
		byID[r.ID] = held{r, version}
	}
	if err := rows.Close(); err != nil {
		return false, closedErr(err)
	}
	if err := rows.Err(); err != nil {
		return false, closedErr(fmt.Errorf("sqlstore: read leased broker records of %s: %w", owner, err))
	}
	recs := make([]recordWrite, 0, len(done))
	var effects effectRows
	for _, d := range done {
		h, ok := byID[d.ID]
		if !ok {
			return false, fmt.Errorf("broker record %s: %s does not hold it: %w", d.ID, owner, ErrLeaseLost)
		}
		w, err := change(h.r, h.version, micros(d.Next), keepOr(d.Fn), &effects)
		if err != nil {
			return false, err
		}
		recs = append(recs, w)
	}
	err = s.writeRecords(ctx, owner, recs, effects)
	if errors.Is(err, errRecordsChanged) {
		return false, nil
	}
	return err == nil, err
}

// keepOr is fn, or for nil the change that keeps the record as it is.
func keepOr(fn func(broker.Record) (broker.Record, []broker.SideEffect, error)) func(broker.Record) (broker.Record, []broker.SideEffect, error) {
	if fn != nil {
		return fn
	}
	return func(r broker.Record) (broker.Record, []broker.SideEffect, error) { return r, nil, nil }
}
