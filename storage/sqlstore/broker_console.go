package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/omskit/omskit/broker"
)

// The operator screens' reads (broker/brokerweb). Status, flow and order
// filter on key columns; the location and age filters read two fields of
// the record body (JSON) of the rows the other filters leave, which is the
// one place a lookup reads inside a body: an operator's query, not a hot
// path.

// bodyField is the SQL expression reading a top-level string field of a
// record body.
func (d Dialect) bodyField(field string) string {
	if d == Postgres {
		return "(body::json ->> '" + field + "')"
	}
	return "json_extract(body, '$." + field + "')"
}

// bodyTimeBefore is the SQL condition "the body's time field is before the
// RFC 3339 timestamp in parameter n".
func (d Dialect) bodyTimeBefore(field string, n int) string {
	p := "$" + strconv.Itoa(n)
	if d == Postgres {
		return d.bodyField(field) + "::timestamptz < " + p + "::timestamptz"
	}
	return "julianday(" + d.bodyField(field) + ") < julianday(" + p + ")"
}

// where renders every filter of q but Statuses; the arguments follow args.
func (s *BrokerStore) where(q broker.RecordQuery, args []any) (string, []any) {
	conds := []string{"1 = 1"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	d := s.db.dialect
	if q.Flow != "" {
		add("flow = $?", q.Flow)
	}
	if q.Company != 0 {
		add("company = $?", q.Company)
	}
	if q.Order != 0 {
		add("order_no = $?", q.Order)
	}
	if q.Location != "" {
		add("(TRIM("+d.bodyField("FulfillingLocation")+") = $? OR TRIM("+d.bodyField("PickupLocation")+") = $?)", q.Location)
	}
	if !q.ChangedBefore.IsZero() {
		args = append(args, q.ChangedBefore.UTC().Format(time.RFC3339Nano))
		conds = append(conds, d.bodyTimeBefore("UpdatedAt", len(args)))
	}
	return strings.Join(conds, " AND "), args
}

// FindRecords answers q (see broker.RecordQuery): the counts per status in
// one grouped query, the page in another.
func (s *BrokerStore) FindRecords(ctx context.Context, q broker.RecordQuery) (broker.RecordPage, error) {
	where, args := s.where(q, nil)
	page := broker.RecordPage{Counts: map[broker.Status]int{}}
	rows, err := s.db.query(ctx, "SELECT status, COUNT(*) FROM omskit_broker_record WHERE "+where+" GROUP BY status", args...)
	if err != nil {
		return page, fmt.Errorf("sqlstore: count broker records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return page, fmt.Errorf("sqlstore: count broker records: %w", err)
		}
		if len(st) == 1 {
			page.Counts[broker.Status(st[0])] += n
		}
	}
	if err := rows.Err(); err != nil {
		return page, closedErr(fmt.Errorf("sqlstore: count broker records: %w", err))
	}
	for st, n := range page.Counts {
		if len(q.Statuses) == 0 || slices.Contains(q.Statuses, st) {
			page.Total += n
		}
	}
	if len(q.Statuses) > 0 {
		where += " AND status IN (" + placeholders(len(args)+1, len(q.Statuses)) + ")"
		args = append(args, statusArgs(q.Statuses)...)
	}
	sel := "SELECT " + brokerColumns + " FROM omskit_broker_record WHERE " + where + " ORDER BY company, order_no, ship_to, line_seq, id"
	if q.Limit > 0 {
		args = append(args, q.Limit)
		sel += " LIMIT $" + strconv.Itoa(len(args))
	} else if q.Offset > 0 && s.db.dialect == SQLite {
		sel += " LIMIT -1" // SQLite takes OFFSET only after a LIMIT
	}
	if q.Offset > 0 {
		args = append(args, q.Offset)
		sel += " OFFSET $" + strconv.Itoa(len(args))
	}
	list, err := s.db.query(ctx, sel, args...)
	if err != nil {
		return page, fmt.Errorf("sqlstore: find broker records: %w", err)
	}
	if page.Records, err = scanRecords(list); err != nil {
		return page, err
	}
	return page, nil
}

// trailKinds are the stored kinds of the trail effects (broker.InTrail).
var trailKinds = []string{
	fmt.Sprintf("%T", broker.History{}),
	fmt.Sprintf("%T", broker.TransactionMessage{}),
	fmt.Sprintf("%T", broker.ShipmentDetails{}),
}

// RecordTrail returns the trail of record id (its history records, order
// messages and shipment details, broker.InTrail) in the order they were
// written. A missing id returns an error wrapping broker.ErrUnknownRequest.
func (s *BrokerStore) RecordTrail(ctx context.Context, id uuid.UUID) ([]broker.SideEffect, error) {
	if _, err := s.Record(ctx, id); err != nil {
		return nil, err
	}
	args := []any{id.String()}
	for _, k := range trailKinds {
		args = append(args, k)
	}
	rows, err := s.db.query(ctx, "SELECT kind, body FROM omskit_broker_effect WHERE record_id = $1 AND kind IN ("+
		placeholders(2, len(trailKinds))+") ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: trail of broker record %s: %w", id, err)
	}
	defer rows.Close()
	var out []broker.SideEffect
	for rows.Next() {
		var kind, body string
		if err := rows.Scan(&kind, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: trail of broker record %s: %w", id, err)
		}
		e, err := decodeTrail(kind, body)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, closedErr(rows.Err())
}

func decodeTrail(kind, body string) (broker.SideEffect, error) {
	switch kind {
	case trailKinds[0]:
		var h broker.History
		err := decodeBody(kind, body, &h)
		return h, err
	case trailKinds[1]:
		var m broker.TransactionMessage
		err := decodeBody(kind, body, &m)
		return m, err
	default:
		var d broker.ShipmentDetails
		err := decodeBody(kind, body, &d)
		return d, err
	}
}
