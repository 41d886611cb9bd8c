package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	custsync "github.com/omskit/omskit/customer/sync"
)

// SyncStore keeps the progress of the ERP/commerce customer sync. It
// implements customer/sync.Store; keys compare byte by byte, as Go strings
// do.
type SyncStore struct{ db *DB }

var _ custsync.Store = (*SyncStore)(nil)

// SyncStore returns the customer sync state store of db.
func (db *DB) SyncStore() *SyncStore { return &SyncStore{db: db} }

// Get returns the record under key and whether it exists.
func (s *SyncStore) Get(ctx context.Context, key string) (custsync.State, bool, error) {
	var body string
	err := s.db.queryRow(ctx, "SELECT body FROM omskit_sync_state WHERE key = $1", key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return custsync.State{}, false, nil
	}
	if err != nil {
		return custsync.State{}, false, closedErr(fmt.Errorf("sqlstore: read sync state %q: %w", key, err))
	}
	var st custsync.State
	if err := decodeBody("sync state "+key, body, &st); err != nil {
		return custsync.State{}, false, err
	}
	return st, true, nil
}

// Put replaces the record under st.Key.
func (s *SyncStore) Put(ctx context.Context, st custsync.State) error {
	if st.Key == "" {
		return errors.New("sqlstore: put sync state: key is blank")
	}
	body, err := encodeBody("sync state "+st.Key, st)
	if err != nil {
		return err
	}
	return closedErr(s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO omskit_sync_state (key, body) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET body = excluded.body", st.Key, body)
		if err != nil {
			return fmt.Errorf("sqlstore: put sync state %q: %w", st.Key, err)
		}
		return nil
	}))
}

// prefixEnd returns the smallest string greater than every string starting
// with prefix (its last character incremented), or "" when there is none.
func prefixEnd(prefix string) string {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		if r == utf8.RuneError && size <= 1 {
			continue
		}
		for next := r + 1; next <= utf8.MaxRune; next++ {
			if utf8.ValidRune(next) {
				return prefix + string(next)
			}
		}
	}
	return ""
}

// List returns the records whose key starts with prefix, by key (a range
// scan of the primary key).
func (s *SyncStore) List(ctx context.Context, prefix string) ([]custsync.State, error) {
	q := "SELECT key, body FROM omskit_sync_state WHERE key >= $1"
	args := []any{prefix}
	if end := prefixEnd(prefix); end != "" {
		q += " AND key < $2"
		args = append(args, end)
	}
	rows, err := s.db.query(ctx, q+" ORDER BY key", args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list sync state %q: %w", prefix, err)
	}
	defer rows.Close()
	var out []custsync.State
	for rows.Next() {
		var key, body string
		if err := rows.Scan(&key, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: read sync state: %w", err)
		}
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		var st custsync.State
		if err := decodeBody("sync state "+key, body, &st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, closedErr(rows.Err())
}
