package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/omskit/omskit/orce/engage"
)

// EngageStore keeps the Customer Engagement order feed's outbox and the
// latest version tag per order. It implements engage.Store: Add is atomic
// per key (a primary key), which is what makes each change exactly-once
// across service instances.
type EngageStore struct{ db *DB }

var _ engage.Store = (*EngageStore)(nil)

// EngageStore returns the engagement feed store of db.
func (db *DB) EngageStore() *EngageStore { return &EngageStore{db: db} }

// errEntryTaken rolls back an Add that lost the race for its key.
var errEntryTaken = errors.New("sqlstore: engage entry added concurrently")

// Add stores e under e.Key unless the key exists; it returns the stored
// entry and whether it was added. The store assigns Seq.
func (s *EngageStore) Add(ctx context.Context, e engage.Entry) (engage.Entry, bool, error) {
	if e.Key == "" {
		return engage.Entry{}, false, errors.New("sqlstore: add engage entry: key is blank")
	}
	var out engage.Entry
	var added bool
	err := s.db.InTx(ctx, func(tx *Tx) error {
		prev, err := s.read(ctx, tx, e.Key, false)
		if err == nil {
			out, added = prev, false
			return nil
		}
		if !errors.Is(err, engage.ErrNotFound) {
			return err
		}
		seq, err := nextValue(ctx, tx, "engage_entry")
		if err != nil {
			return err
		}
		e.Seq = seq
		body, err := encodeBody("engage entry "+e.Key, e)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `INSERT INTO omskit_engage_entry (key, seq, kind, order_id, contact_id, state, body)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
			e.Key, seq, string(e.Kind), string(e.Order), string(e.Contact), string(e.State), body)
		if err != nil {
			return fmt.Errorf("sqlstore: add engage entry %q: %w", e.Key, err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errEntryTaken
		}
		out, added = e, true
		return nil
	})
	if errors.Is(err, errEntryTaken) {
		prev, gerr := s.Get(ctx, e.Key)
		return prev, false, gerr
	}
	if err != nil {
		return engage.Entry{}, false, closedErr(err)
	}
	return out, added, nil
}

func (s *EngageStore) read(ctx context.Context, tx *Tx, key string, lock bool) (engage.Entry, error) {
	q := "SELECT body FROM omskit_engage_entry WHERE key = $1"
	if lock {
		q += s.db.dialect.forUpdate()
	}
	var body string
	err := tx.QueryRow(ctx, q, key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return engage.Entry{}, fmt.Errorf("entry %s: %w", key, engage.ErrNotFound)
	}
	if err != nil {
		return engage.Entry{}, fmt.Errorf("sqlstore: read engage entry %q: %w", key, err)
	}
	var e engage.Entry
	err = decodeBody("engage entry "+key, body, &e)
	return e, err
}

// Get returns the entry under key, or an error matching engage.ErrNotFound.
func (s *EngageStore) Get(ctx context.Context, key string) (engage.Entry, error) {
	var body string
	err := s.db.queryRow(ctx, "SELECT body FROM omskit_engage_entry WHERE key = $1", key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return engage.Entry{}, fmt.Errorf("entry %s: %w", key, engage.ErrNotFound)
	}
	if err != nil {
		return engage.Entry{}, closedErr(fmt.Errorf("sqlstore: read engage entry %q: %w", key, err))
	}
	var e engage.Entry
	err = decodeBody("engage entry "+key, body, &e)
	return e, err
}

// List returns the entries matching f, in Seq order.
func (s *EngageStore) List(ctx context.Context, f engage.Filter) ([]engage.Entry, error) {
	var where []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN ("+placeholders(len(args)+1, len(vals))+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	states := make([]string, len(f.States))
	for i, v := range f.States {
		states[i] = string(v)
	}
	kinds := make([]string, len(f.Kinds))
	for i, v := range f.Kinds {
		kinds[i] = string(v)
	}
	in("state", states)
	in("kind", kinds)
	if f.Order != "" {
		in("order_id", []string{string(f.Order)})
	}
	if f.Contact != "" {
		in("contact_id", []string{string(f.Contact)})
	}
	q := "SELECT key, body FROM omskit_engage_entry"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.query(ctx, q+" ORDER BY seq", args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list engage entries: %w", err)
	}
	defer rows.Close()
	var out []engage.Entry
	for rows.Next() {
		var key, body string
		if err := rows.Scan(&key, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read engage entry: %w", err)
		}
		var e engage.Entry
		if err := decodeBody("engage entry "+key, body, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, closedErr(rows.Err())
}

// Update applies fn to the entry under key (locked) and stores the result
// in one transaction; an error from fn leaves the entry unchanged. fn may
// not change Key or Seq (they are kept). A missing key gives an error
// matching engage.ErrNotFound.
func (s *EngageStore) Update(ctx context.Context, key string, fn func(*engage.Entry) error) error {
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		e, err := s.read(ctx, tx, key, true)
		if err != nil {
			return err
		}
		c := e
		if err := fn(&c); err != nil {
			return err
		}
		c.Key, c.Seq = e.Key, e.Seq
		body, err := encodeBody("engage entry "+key, c)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE omskit_engage_entry SET kind = $2, order_id = $3, contact_id = $4, state = $5, body = $6 WHERE key = $1",
			key, string(c.Kind), string(c.Order), string(c.Contact), string(c.State), body)
		if err != nil {
			return fmt.Errorf("sqlstore: update engage entry %q: %w", key, err)
		}
		return nil
	}))
}

// SetTag records the latest version tag seen for an order (ENG-011); an
// empty tag forgets it.
func (s *EngageStore) SetTag(ctx context.Context, id engage.OrderID, tag engage.VersionTag) error {
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		var err error
		if tag == "" {
			_, err = tx.Exec(ctx, "DELETE FROM omskit_engage_tag WHERE order_id = $1", string(id))
		} else {
			_, err = tx.Exec(ctx, "INSERT INTO omskit_engage_tag (order_id, tag) VALUES ($1, $2) ON CONFLICT (order_id) DO UPDATE SET tag = excluded.tag",
				string(id), string(tag))
		}
		if err != nil {
			return fmt.Errorf("sqlstore: set version tag of order %s: %w", id, err)
		}
		return nil
	}))
}

// Tag returns the latest version tag recorded for an order.
func (s *EngageStore) Tag(ctx context.Context, id engage.OrderID) (engage.VersionTag, bool, error) {
	var tag string
	err := s.db.queryRow(ctx, "SELECT tag FROM omskit_engage_tag WHERE order_id = $1", string(id)).Scan(&tag)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, closedErr(fmt.Errorf("sqlstore: read version tag of order %s: %w", id, err))
	}
	return engage.VersionTag(tag), true, nil
}
